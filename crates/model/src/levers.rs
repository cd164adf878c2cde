//! The story's key levers and their response curves: how the chance of reaching the
//! target changes across each lever's whole range, everything else held as it is.
//!
//! Each curve evaluates the lever at [`CURVE_POINTS`] evenly spaced values from its
//! lowest to its highest, each a Monte Carlo of the same runs on the same streams
//! (common random numbers: every point reads exactly the same draws, so the curve's
//! shape is the lever's effect, not noise). The chance is the one of
//! [`crate::monte_carlo`]: some 12 consecutive months within the horizon bring the
//! target.

use crate::monte_carlo::{simulate_with, Condition, Detail};
use crate::presets::{new_clients, NEW_CLIENTS_ID, OTHERS_ID};
use crate::scenario::{ClientField, Scenario};
use crate::steps::Steps;
use crate::validate::{validate, ValidScenario};

/// Points per curve.
pub const CURVE_POINTS: usize = 15;
/// Runs per point.
pub const CURVE_RUNS: u32 = 1_000;

/// A key lever of the story.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Lever {
    /// The headline client's monthly spend.
    HeadlineSpend,
    /// The headline client's chance of leaving within a year.
    HeadlineLeave,
    /// The share of its spend the headline client keeps after leaving.
    HeadlineKept,
    /// The other clients' annual growth.
    OthersGrowth,
    /// The new corporate clients' monthly spend (0 = none arrive).
    NewClients,
}

impl Lever {
    /// Every lever, in the order the widget shows them.
    pub const ALL: [Lever; 5] = [
        Lever::HeadlineSpend,
        Lever::HeadlineLeave,
        Lever::HeadlineKept,
        Lever::OthersGrowth,
        Lever::NewClients,
    ];

    /// The client field the lever moves, when it moves one of a client.
    pub fn field(self) -> ClientField {
        match self {
            Lever::HeadlineSpend | Lever::NewClients => ClientField::MonthlySpend,
            Lever::HeadlineLeave => ClientField::AnnualLeaveProbability,
            Lever::HeadlineKept => ClientField::KeptShare,
            Lever::OthersGrowth => ClientField::AnnualGrowth,
        }
    }

    /// The lever's range in model units (its slider's range).
    pub fn range(self) -> (f64, f64) {
        match self {
            Lever::NewClients => (0.0, 100.0),
            other => {
                let spec = other.field().spec();
                (spec.slider.0 / spec.scale, spec.slider.1 / spec.scale)
            }
        }
    }

    /// The index of the client the lever moves in `scenario`, if it is there (the new
    /// clients' group may be missing: its value is then 0).
    pub fn client(self, scenario: &Scenario) -> Option<usize> {
        match self {
            Lever::HeadlineSpend | Lever::HeadlineLeave | Lever::HeadlineKept => {
                scenario.headline_client()
            }
            Lever::OthersGrowth => scenario.index_of(OTHERS_ID),
            Lever::NewClients => scenario.index_of(NEW_CLIENTS_ID),
        }
    }

    /// Whether the lever applies to `scenario` (its client exists, or it can add it).
    pub fn applies(self, scenario: &Scenario) -> bool {
        self == Lever::NewClients || self.client(scenario).is_some()
    }

    /// The lever's value in `scenario`, model units.
    pub fn value(self, scenario: &Scenario) -> f64 {
        self.client(scenario)
            .and_then(|i| scenario.clients.get(i))
            .map_or(0.0, |c| self.field().value(c))
    }

    /// `scenario` with the lever at `value` (the new clients' group is added when
    /// missing and the scenario has room).
    pub fn apply(self, scenario: &Scenario, value: f64) -> Scenario {
        let mut s = scenario.clone();
        match self.client(&s) {
            Some(i) => {
                if let Some(c) = s.clients.get_mut(i) {
                    self.field().set(c, value);
                }
            }
            None if self == Lever::NewClients && s.clients.len() < crate::validate::MAX_CLIENTS => {
                s.clients.push(new_clients(value));
            }
            None => {}
        }
        s
    }
}

/// One lever's response curve.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Curve {
    /// The lever.
    pub lever: Lever,
    /// The lever's values, model units, lowest first.
    pub values: Vec<f64>,
    /// The chance of reaching the target at each value.
    pub p_reach: Vec<f64>,
    /// The lever's current value.
    pub current: f64,
    /// Runs per point.
    pub runs: u32,
}

/// The lever's values on its curve, lowest first.
fn curve_values(lever: Lever) -> Vec<f64> {
    let (lo, hi) = lever.range();
    let steps = (CURVE_POINTS - 1) as f64;
    (0..CURVE_POINTS)
        .map(|k| lo + (hi - lo) * k as f64 / steps)
        .collect()
}

/// The chance of reaching the target with `lever` at `value` (NaN when that scenario
/// is not valid).
fn curve_point(s: &Scenario, lever: Lever, value: f64, runs: u32) -> f64 {
    validate(lever.apply(s, value)).map_or(f64::NAN, |valid| {
        simulate_with(&valid, runs, Condition::None, Detail::OddsOnly)
            .result
            .p_reach_target
    })
}

fn curve_from(
    s: &Scenario,
    lever: Lever,
    values: Vec<f64>,
    p_reach: Vec<f64>,
    runs: u32,
) -> Option<Curve> {
    if p_reach.iter().any(|p| !p.is_finite()) {
        return None;
    }
    Some(Curve {
        lever,
        values,
        p_reach,
        current: lever.value(s),
        runs: runs.clamp(1, 100_000),
    })
}

/// The response curve of `lever` in `scenario`: [`CURVE_POINTS`] points across its
/// range, `runs` runs each, on the same streams. `None` when the lever does not apply.
pub fn response_curve(scenario: &ValidScenario, lever: Lever, runs: u32) -> Option<Curve> {
    let s = scenario.get();
    if !lever.applies(s) {
        return None;
    }
    let values = curve_values(lever);
    let p_reach = values
        .iter()
        .map(|v| curve_point(s, lever, *v, runs))
        .collect::<Vec<f64>>();
    curve_from(s, lever, values, p_reach, runs)
}

/// Every lever's curve computed one point at a time, for a thread that must yield
/// between pieces of work; the result equals [`response_curves`].
pub struct CurveSteps {
    scenario: Scenario,
    runs: u32,
    /// The lever being computed (index into [`Lever::ALL`]).
    lever: usize,
    values: Vec<f64>,
    p_reach: Vec<f64>,
    done: Vec<Curve>,
}

impl CurveSteps {
    /// Prepares every lever's curve of `scenario` with `runs` runs per point.
    pub fn new(scenario: &ValidScenario, runs: u32) -> Self {
        let mut steps = Self {
            scenario: scenario.get().clone(),
            runs,
            lever: 0,
            values: Vec::new(),
            p_reach: Vec::new(),
            done: Vec::new(),
        };
        steps.settle();
        steps
    }

    /// Moves on to the next lever that applies once the current one is done (or does
    /// not apply).
    fn settle(&mut self) {
        while let Some(lever) = Lever::ALL.get(self.lever).copied() {
            if !lever.applies(&self.scenario) {
                self.lever += 1;
                continue;
            }
            if self.values.is_empty() {
                self.values = curve_values(lever);
            }
            if self.p_reach.len() < self.values.len() {
                return;
            }
            let values = std::mem::take(&mut self.values);
            let p_reach = std::mem::take(&mut self.p_reach);
            if let Some(curve) = curve_from(&self.scenario, lever, values, p_reach, self.runs) {
                self.done.push(curve);
            }
            self.lever += 1;
        }
    }

    /// Computes one point; returns whether any remain.
    fn point(&mut self) -> bool {
        if let (Some(lever), Some(value)) = (
            Lever::ALL.get(self.lever).copied(),
            self.values.get(self.p_reach.len()).copied(),
        ) {
            let p = curve_point(&self.scenario, lever, value, self.runs);
            self.p_reach.push(p);
        }
        self.settle();
        self.lever < Lever::ALL.len()
    }
}

/// A piece is one point of one curve.
impl Steps for CurveSteps {
    type Output = Vec<Curve>;

    fn step(&mut self, work: u64) -> bool {
        let per_point = crate::steps::simulation_work(&self.scenario, self.runs);
        crate::steps::repeat(work, per_point, || self.point())
    }

    fn finish(mut self) -> Vec<Curve> {
        while self.point() {}
        self.done
    }
}

/// Every lever's curve that applies to `scenario`.
pub fn response_curves(scenario: &ValidScenario, runs: u32) -> Vec<Curve> {
    CurveSteps::new(scenario, runs).finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monte_carlo::simulate_runs;
    use crate::presets::article_base_case;

    #[test]
    fn curves_span_the_range_and_pass_through_the_current_value() {
        let v = validate(article_base_case()).unwrap();
        let curves = response_curves(&v, 300);
        assert_eq!(curves.len(), 5);
        for c in &curves {
            assert_eq!(c.values.len(), CURVE_POINTS);
            assert_eq!(c.p_reach.len(), CURVE_POINTS);
            assert!(c.p_reach.iter().all(|p| (0.0..=1.0).contains(p)));
        }
        // The leave chance at 0% and 100%: on the same draws, leaving more never helps.
        let leave = curves
            .iter()
            .find(|c| c.lever == Lever::HeadlineLeave)
            .unwrap();
        assert!(
            leave.p_reach.windows(2).all(|w| w[1] <= w[0] + 1e-12),
            "{:?}",
            leave.p_reach
        );
        assert!(leave.p_reach[0] > leave.p_reach[CURVE_POINTS - 1]);
        // Spend: more of it never lowers the chance on the same draws.
        let spend = curves
            .iter()
            .find(|c| c.lever == Lever::HeadlineSpend)
            .unwrap();
        assert!(
            spend.p_reach.windows(2).all(|w| w[1] + 1e-12 >= w[0]),
            "{:?}",
            spend.p_reach
        );
        // The point at 25% (the base case's value is on the grid only by chance, so
        // check the base case's own chance at its value instead).
        let base = simulate_runs(&v, 300).p_reach_target;
        let at = crate::monte_carlo::simulate_with(
            &validate(Lever::HeadlineLeave.apply(v.get(), 0.25)).unwrap(),
            300,
            Condition::None,
            Detail::OddsOnly,
        )
        .result
        .p_reach_target;
        assert_eq!(at, base);
    }

    #[test]
    fn the_new_clients_lever_adds_the_group_only_when_moved() {
        let s = article_base_case();
        assert_eq!(Lever::NewClients.value(&s), 0.0);
        let with = Lever::NewClients.apply(&s, 12.0);
        assert_eq!(with.clients.len(), 3);
        assert_eq!(Lever::NewClients.value(&with), 12.0);
        assert_eq!(Lever::NewClients.apply(&with, 5.0).clients.len(), 3);
    }
}
