//! "What it would take": the value of a lever at which the chance of reaching the target
//! crosses an even chance (50%), and the words that say it.
//!
//! The search starts from a response curve's points (the lever at evenly spaced values,
//! every point on the same draws): it takes the pair of neighbouring points on either
//! side of 50% nearest the lever's current value and halves that interval
//! [`BISECTION_STEPS`] times, evaluating the chance at each midpoint on the same draws
//! again (common random numbers, so the chance is a fixed step function of the lever and
//! the halving converges on its step). The answer is the end of the last interval on the
//! side that reaches 50%, so the chance there is at least 50% on these draws, and a
//! value within `spacing / 2^BISECTION_STEPS` of it on the other side is below 50%.
//!
//! The search is a small state machine ([`Search`]): it names the next value to
//! evaluate and takes the chance there, so a caller can run it in one go or one
//! evaluation at a time between other work.

use crate::format::fmt_musd_short;

/// The chance the search looks for.
pub const EVEN: f64 = 0.5;

/// Halvings of the interval between two curve points: 15 points and 6 halvings place
/// the crossing within 1/896 of the lever's range.
pub const BISECTION_STEPS: u32 = 6;

/// Where a lever's chance of reaching the target crosses 50%.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum EvenChance {
    /// At this value or more the chance is at least 50% (the lever helps).
    AtLeast(f64),
    /// At this value or less the chance is at least 50% (the lever hurts).
    AtMost(f64),
    /// No value in the lever's range gives 50%.
    Never,
    /// Every value in the lever's range gives at least 50%.
    Always,
}

/// A search for the crossing in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Search {
    state: State,
}

#[derive(Clone, Debug, PartialEq)]
enum State {
    Done(EvenChance),
    /// `below` gives less than 50%, `above` at least 50%; either may be the larger.
    Halving {
        below: f64,
        above: f64,
        steps_left: u32,
    },
}

/// The crossing once the interval is as narrow as it will get.
fn answer(below: f64, above: f64) -> EvenChance {
    if above > below {
        EvenChance::AtLeast(above)
    } else {
        EvenChance::AtMost(above)
    }
}

impl Search {
    /// Starts from a curve's points (`values` lowest first, `p_reach` the chance at
    /// each), choosing the crossing nearest the lever's `current` value.
    pub fn new(values: &[f64], p_reach: &[f64], current: f64) -> Search {
        let points: Vec<(f64, f64)> = values
            .iter()
            .copied()
            .zip(p_reach.iter().copied())
            .filter(|(x, p)| x.is_finite() && p.is_finite())
            .collect();
        let reaches = |p: f64| p >= EVEN;
        let state = if points.is_empty() || points.iter().all(|(_, p)| !reaches(*p)) {
            State::Done(EvenChance::Never)
        } else if points.iter().all(|(_, p)| reaches(*p)) {
            State::Done(EvenChance::Always)
        } else {
            let distance = |a: f64, b: f64| {
                if current < a {
                    a - current
                } else if current > b {
                    current - b
                } else {
                    0.0
                }
            };
            let bracket = points
                .windows(2)
                .filter_map(|w| match w {
                    [(x0, p0), (x1, p1)] if reaches(*p0) != reaches(*p1) => {
                        Some(if reaches(*p1) { (*x0, *x1) } else { (*x1, *x0) })
                    }
                    _ => None,
                })
                .min_by(|a, b| {
                    let da = distance(a.0.min(a.1), a.0.max(a.1));
                    let db = distance(b.0.min(b.1), b.0.max(b.1));
                    da.total_cmp(&db)
                });
            match bracket {
                Some((below, above)) => State::Halving {
                    below,
                    above,
                    steps_left: BISECTION_STEPS,
                },
                None => State::Done(EvenChance::Never),
            }
        };
        Search { state }
    }

    /// The value at which the chance is needed next, while the search goes on.
    pub fn pending(&self) -> Option<f64> {
        match self.state {
            State::Halving {
                below,
                above,
                steps_left,
            } if steps_left > 0 => Some((below + above) / 2.0),
            _ => None,
        }
    }

    /// Takes the chance `p` at the value [`Search::pending`] named.
    pub fn record(&mut self, p: f64) {
        if let State::Halving {
            below,
            above,
            steps_left,
        } = self.state
        {
            let mid = (below + above) / 2.0;
            self.state = if steps_left == 0 {
                State::Done(answer(below, above))
            } else if !p.is_finite() {
                // A value the model cannot evaluate: stop at the interval so far.
                State::Done(answer(below, above))
            } else if p >= EVEN {
                State::Halving {
                    below,
                    above: mid,
                    steps_left: steps_left - 1,
                }
            } else {
                State::Halving {
                    below: mid,
                    above,
                    steps_left: steps_left - 1,
                }
            };
        }
    }

    /// The crossing, once nothing is pending.
    pub fn result(&self) -> Option<EvenChance> {
        match self.state {
            State::Done(found) => Some(found),
            State::Halving {
                below,
                above,
                steps_left: 0,
            } => Some(answer(below, above)),
            State::Halving { .. } => None,
        }
    }

    /// Runs the search to its end with `chance_at` giving the chance at a value.
    pub fn run(mut self, mut chance_at: impl FnMut(f64) -> f64) -> EvenChance {
        while let Some(x) = self.pending() {
            self.record(chance_at(x));
        }
        self.result().unwrap_or(EvenChance::Never)
    }
}

/// "What it would take", in one sentence, for the lever named by `phrase` (its label as a
/// phrase inside a sentence: "Acme monthly spend", "the chance Acme leaves within a
/// year"), the target `target_annual_musd`, the lever's `range` and `current` value, and
/// `text` writing a value of the lever as a reader reads it ("$20M", "25%"):
/// "An even chance of a $1B year needs Acme monthly spend at $14.3M or more (now $20M)."
pub fn even_chance_sentence(
    phrase: &str,
    found: EvenChance,
    target_annual_musd: f64,
    (lo, hi): (f64, f64),
    current: f64,
    text: impl Fn(f64) -> String,
) -> String {
    let goal = format!(
        "an even chance of a {} year",
        fmt_musd_short(target_annual_musd)
    );
    match found {
        EvenChance::AtLeast(v) => format!(
            "An even chance of a {} year needs {phrase} at {} or more (now {}).",
            fmt_musd_short(target_annual_musd),
            text(v),
            text(current)
        ),
        EvenChance::AtMost(v) => format!(
            "An even chance of a {} year needs {phrase} at {} or less (now {}).",
            fmt_musd_short(target_annual_musd),
            text(v),
            text(current)
        ),
        EvenChance::Never => format!(
            "No value of {phrase} from {} to {} gives {goal}.",
            text(lo),
            text(hi)
        ),
        EvenChance::Always => format!(
            "Every value of {phrase} from {} to {} gives {goal}.",
            text(lo),
            text(hi)
        ),
    }
}

/// The same, short, for beside the lever's own curve: "Even chance: $14.3M or more".
pub fn even_chance_short(found: EvenChance, text: impl Fn(f64) -> String) -> String {
    match found {
        EvenChance::AtLeast(v) => format!("Even chance: {} or more", text(v)),
        EvenChance::AtMost(v) => format!("Even chance: {} or less", text(v)),
        EvenChance::Never => "Even chance: no value in range".to_string(),
        EvenChance::Always => "Even chance: any value in range".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{fmt_musd, fmt_pct};

    /// 15 points from 0 to 140 (10 apart).
    fn grid() -> Vec<f64> {
        (0..15).map(|k| f64::from(k) * 10.0).collect()
    }

    #[test]
    fn a_rising_chance_crosses_where_it_reaches_half_by_hand() {
        // The chance is x / 100: 50% at exactly 50, a grid point; halving [40, 50]
        // six times keeps 50 as the end that reaches it.
        let chance = |x: f64| x / 100.0;
        let xs = grid();
        let ps: Vec<f64> = xs.iter().map(|x| chance(*x).min(1.0)).collect();
        assert_eq!(
            Search::new(&xs, &ps, 20.0).run(chance),
            EvenChance::AtLeast(50.0)
        );
        // 50% at 43 (off the grid): within 10 / 64 above it, and the value just below
        // the answer is under 50%.
        let chance = |x: f64| (x - 43.0) / 100.0 + 0.5;
        let ps: Vec<f64> = xs.iter().map(|x| chance(*x)).collect();
        let EvenChance::AtLeast(v) = Search::new(&xs, &ps, 20.0).run(chance) else {
            panic!()
        };
        assert!((43.0..=43.0 + 10.0 / 64.0).contains(&v), "{v}");
        assert!(chance(v) >= 0.5 && chance(v - 10.0 / 64.0) < 0.5);
    }

    #[test]
    fn a_falling_chance_crosses_at_most_and_the_nearest_crossing_wins() {
        let falling = |x: f64| 1.0 - x / 100.0;
        let xs = grid();
        let ps: Vec<f64> = xs.iter().map(|x| falling(*x).max(0.0)).collect();
        assert_eq!(
            Search::new(&xs, &ps, 80.0).run(falling),
            EvenChance::AtMost(50.0)
        );
        // Above 50% on [30, 100] only: two crossings; the one nearer the current value.
        let hump = |x: f64| {
            if (30.0..=100.0).contains(&x) {
                0.6
            } else {
                0.4
            }
        };
        let ps: Vec<f64> = xs.iter().map(|x| hump(*x)).collect();
        assert_eq!(
            Search::new(&xs, &ps, 10.0).run(hump),
            EvenChance::AtLeast(30.0)
        );
        assert_eq!(
            Search::new(&xs, &ps, 130.0).run(hump),
            EvenChance::AtMost(100.0)
        );
    }

    #[test]
    fn no_crossing_says_so() {
        let xs = grid();
        let low = vec![0.3; 15];
        let high = vec![0.7; 15];
        assert_eq!(Search::new(&xs, &low, 0.0).run(|_| 0.3), EvenChance::Never);
        assert_eq!(
            Search::new(&xs, &high, 0.0).run(|_| 0.7),
            EvenChance::Always
        );
        assert_eq!(Search::new(&[], &[], 0.0).result(), Some(EvenChance::Never));
    }

    #[test]
    fn the_sentences_read_for_each_case() {
        let money = |v: f64| fmt_musd(v);
        let pct = |v: f64| fmt_pct(v);
        assert_eq!(
            even_chance_sentence(
                "TikTok monthly spend",
                EvenChance::AtLeast(14.3),
                1000.0,
                (0.0, 100.0),
                20.0,
                money
            ),
            "An even chance of a $1B year needs TikTok monthly spend at $14.3M or more (now $20M)."
        );
        assert_eq!(
            even_chance_sentence(
                "the chance TikTok leaves within a year",
                EvenChance::AtMost(0.48),
                1000.0,
                (0.0, 1.0),
                0.25,
                pct
            ),
            "An even chance of a $1B year needs the chance TikTok leaves within a year at 48% or less (now 25%)."
        );
        assert_eq!(
            even_chance_sentence(
                "the other clients' growth",
                EvenChance::Never,
                1000.0,
                (0.0, 1.0),
                0.25,
                pct
            ),
            "No value of the other clients' growth from 0% to 100% gives an even chance of a $1B year."
        );
        assert_eq!(
            even_chance_short(EvenChance::AtLeast(14.3), money),
            "Even chance: $14.3M or more"
        );
        assert_eq!(
            even_chance_short(EvenChance::Always, pct),
            "Even chance: any value in range"
        );
    }
}
