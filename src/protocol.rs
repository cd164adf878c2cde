//! The messages between the widget and its simulation workers: what the page asks
//! ([`Request`]) and what a worker answers ([`Reply`]). Each type's serde derive (and
//! those of the model's types it carries) is its one description; [`wire`] writes any
//! such value as numbers and texts and reads it back, so an `f64` crosses unchanged and
//! a worker's results equal the page's bit for bit. `crate::platform::worker` turns a
//! [`Wire`] into a plain object `{ numbers: Float64Array, texts: Array<string> }` (the
//! numbers' buffer transferred rather than copied) and serves requests.

pub mod wire;

pub use wire::{decode, encode, fingerprint, Wire};

use revenue_model::levers::{Curve, Lever};
use revenue_model::monte_carlo::MonteCarlo;
use revenue_model::sensitivity::SensitivityPart;
use revenue_model::stress::DepartureOdds;
use revenue_model::Scenario;
use serde::{Deserialize, Serialize};

/// Runs the Monte Carlo for the sensitivity tornado's probabilities uses per move (on
/// the same streams for every move, so differences are the inputs', not noise).
pub const SENSITIVITY_RUNS: u32 = revenue_model::sensitivity::MIN_PROBABILITY_RUNS;

/// Runs of each case of the departure test's odds (both on the same draws).
pub const DEPARTURE_RUNS: u32 = 1_000;

/// What the widget asks of a worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Increases with every request; a reply carries it back.
    pub id: u32,
    /// What to compute.
    pub job: Job,
    /// The (valid) scenario.
    pub scenario: Scenario,
    /// The story's key levers (a [`Job::Curve`] names one of them by its index).
    pub levers: Vec<Lever>,
}

/// One piece of work: what one worker (or the page) computes at a time. The full
/// results are put together from pieces: each lever's curve and each move of the tornado
/// is a piece of its own, so a pool of workers shares them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Job {
    /// The departure test's odds: client `client` (index) stays, or leaves in `month`.
    Departure {
        /// The client's index.
        client: u32,
        /// The month it leaves.
        month: u32,
    },
    /// The full Monte Carlo with the scenario's runs.
    Simulate,
    /// One lever's response curve.
    Curve {
        /// The lever's index (in the request's `levers`, the story's).
        lever: u32,
    },
    /// One piece of the sensitivity tornado with probabilities (see
    /// `SensitivitySteps::piece`: 0 is the scenario as it is, then one per move).
    Sensitivity {
        /// The piece's index.
        piece: u32,
    },
}

/// A job's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// The departure test's odds (`None` for a client that cannot leave).
    Departure(Option<DepartureOdds>),
    /// The full Monte Carlo (boxed: it is much larger than the other answers).
    Simulated(Box<MonteCarlo>),
    /// A lever's curve (`None` when the lever does not apply).
    Curve(Option<Curve>),
    /// A piece of the tornado.
    Sensitivity(SensitivityPart),
}

/// What a worker answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The worker has loaded and takes requests.
    Ready,
    /// A request's result.
    Done {
        /// The request's id.
        id: u32,
        /// The result.
        answer: Answer,
    },
    /// The request could not be served.
    Failed {
        /// The request's id.
        id: u32,
        /// Why.
        message: String,
    },
    /// The worker cannot serve anything: its script or WebAssembly did not load or
    /// compile, or it stopped with an error. Its start script sends this (as a plain
    /// text saying why), never the WebAssembly.
    Unavailable {
        /// What went wrong, for the console.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::platform::worker::serve;
    use revenue_model::monte_carlo::result_fingerprint;

    fn article() -> revenue_model::Story {
        revenue_model::Story::parse(include_str!("../stories/article.json")).unwrap()
    }

    fn round_trip(reply: &Reply) -> Reply {
        decode(&encode(reply).unwrap()).unwrap()
    }

    #[test]
    fn every_request_reads_back_as_written() {
        let story = article();
        for preset in 0..story.file().presets.len() {
            let mut scenario = story.preset_scenario(preset).unwrap();
            // A seed above 2^53 and a company revenue: both cross exactly.
            scenario.simulation.seed = u64::MAX - 12_345;
            scenario.company_annual_revenue_musd = Some(245_122.5);
            for job in [
                Job::Simulate,
                Job::Sensitivity { piece: 3 },
                Job::Curve { lever: 2 },
                Job::Departure {
                    client: 1,
                    month: 8,
                },
            ] {
                let request = Request {
                    id: 7,
                    job,
                    scenario: scenario.clone(),
                    levers: story.levers().to_vec(),
                };
                assert_eq!(decode::<Request>(&encode(&request).unwrap()), Ok(request));
            }
        }
    }

    #[test]
    fn every_reply_reads_back_bit_for_bit() {
        let story = article();
        let mut scenario = story.base_case().get().clone();
        scenario.simulation.runs = 500;
        let id = 3;
        for job in [
            Job::Simulate,
            Job::Sensitivity { piece: 0 },
            Job::Sensitivity { piece: 1 },
            Job::Curve { lever: 0 },
            Job::Departure {
                client: 0,
                month: 8,
            },
            Job::Departure {
                client: 9,
                month: 8,
            },
        ] {
            let reply = serve(&Request {
                id,
                job,
                scenario: scenario.clone(),
                levers: story.levers().to_vec(),
            });
            let back = round_trip(&reply);
            assert_eq!(back, reply, "{job:?}");
            if let (
                Reply::Done {
                    answer: Answer::Simulated(a),
                    ..
                },
                Reply::Done {
                    answer: Answer::Simulated(b),
                    ..
                },
            ) = (&reply, &back)
            {
                assert_eq!(result_fingerprint(a), result_fingerprint(b));
            }
        }
        for reply in [
            Reply::Ready,
            Reply::Failed {
                id,
                message: "no".to_string(),
            },
            Reply::Unavailable {
                message: "gone".to_string(),
            },
        ] {
            assert_eq!(round_trip(&reply), reply);
        }
    }

    #[test]
    fn a_short_or_long_message_reads_as_nothing() {
        let request = Request {
            id: 1,
            job: Job::Simulate,
            scenario: article().base_case().get().clone(),
            levers: article().levers().to_vec(),
        };
        let wire = encode(&request).unwrap();
        for cut in 0..wire.numbers.len() {
            let mut short = wire.clone();
            short.numbers.truncate(cut);
            assert!(decode::<Request>(&short).is_err());
        }
        for cut in 0..wire.texts.len() {
            let mut short = wire.clone();
            short.texts.truncate(cut);
            assert!(decode::<Request>(&short).is_err());
        }
        let mut long = wire.clone();
        long.numbers.push(0.0);
        assert!(decode::<Request>(&long).is_err());
        let mut bad = wire;
        bad.numbers[0] = 0.5;
        assert!(decode::<Request>(&bad).is_err());
    }
}
