//! The messages between the widget and its simulation worker, as JSON strings.

use revenue_model::levers::{response_curves, Curve, CURVE_RUNS};
use revenue_model::monte_carlo::MonteCarlo;
use revenue_model::sensitivity::Sensitivity;
use revenue_model::Scenario;
use serde::{Deserialize, Serialize};

/// Runs the Monte Carlo for the sensitivity tornado's probabilities uses per move (on
/// the same streams for every move, so differences are the inputs', not noise).
pub const SENSITIVITY_RUNS: u32 = revenue_model::sensitivity::MIN_PROBABILITY_RUNS;

/// What the widget asks of the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Increases with every request; a reply carries it back.
    pub id: u32,
    /// What to compute.
    pub job: Job,
    /// The (valid) scenario.
    pub scenario: Scenario,
}

/// A computation the worker does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Job {
    /// The full Monte Carlo with the scenario's runs.
    Simulate,
    /// The sensitivity tornado with probabilities.
    Sensitivity,
    /// The key levers' response curves.
    Curves,
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The worker has loaded and takes requests.
    Ready,
    /// A Monte Carlo result.
    Simulated {
        /// The request's id.
        id: u32,
        /// The result (boxed: it is much larger than the other replies).
        result: Box<MonteCarlo>,
    },
    /// A sensitivity result.
    Sensitivity {
        /// The request's id.
        id: u32,
        /// The result.
        result: Sensitivity,
    },
    /// The worker cannot serve anything: its script or WebAssembly did not load or
    /// compile, or it stopped with an error. Its start script sends this (as
    /// `{"Unavailable":{"message":"..."}}`), never the WebAssembly.
    Unavailable {
        /// What went wrong, for the console.
        message: String,
    },
    /// The key levers' response curves.
    Curves {
        /// The request's id.
        id: u32,
        /// One curve per lever that applies.
        result: Vec<Curve>,
    },
    /// The request could not be served.
    Failed {
        /// The request's id.
        id: u32,
        /// Why.
        message: String,
    },
}

/// Serves one request (the worker's whole job, also used when no worker can start).
pub fn serve(request: &Request) -> Reply {
    let valid = match revenue_model::validate(request.scenario.clone()) {
        Ok(v) => v,
        Err(e) => {
            return Reply::Failed {
                id: request.id,
                message: e.to_string(),
            }
        }
    };
    match request.job {
        Job::Simulate => Reply::Simulated {
            id: request.id,
            result: Box::new(revenue_model::simulate(&valid)),
        },
        Job::Sensitivity => Reply::Sensitivity {
            id: request.id,
            result: revenue_model::sensitivity(&valid, Some(SENSITIVITY_RUNS)),
        },
        Job::Curves => Reply::Curves {
            id: request.id,
            result: response_curves(&valid, CURVE_RUNS),
        },
    }
}

/// Serves a request given as JSON and answers JSON.
pub fn serve_json(text: &str) -> String {
    let reply = match serde_json::from_str::<Request>(text) {
        Ok(request) => serve(&request),
        Err(e) => Reply::Failed {
            id: 0,
            message: format!("unreadable request: {e}"),
        },
    };
    serde_json::to_string(&reply).unwrap_or_default()
}
