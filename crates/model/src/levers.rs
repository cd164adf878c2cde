//! The story's key levers and their response curves: how the chance of reaching the
//! target changes across each lever's whole range, everything else held as it is.
//!
//! Each curve evaluates the lever at [`CURVE_POINTS`] evenly spaced values from its
//! lowest to its highest, each a Monte Carlo of the same runs on the same streams
//! (common random numbers: every point reads exactly the same draws, so the curve's
//! shape is the lever's effect, not noise). The chance is the one of
//! [`crate::monte_carlo`]: some 12 consecutive months within the horizon bring the
//! target. Each curve also says where the chance crosses 50%, found by halving the
//! interval between two of its points on the same draws ([`crate::even_chance`]).

use crate::even_chance::{EvenChance, Search};
use crate::monte_carlo::{simulate_with, Condition, Detail};
use crate::scenario::{Client, ClientField, Scenario, ScenarioField};
use crate::steps::Steps;
use crate::validate::{validate, ValidScenario};
use serde::{Deserialize, Serialize};

/// Points per curve.
pub const CURVE_POINTS: usize = 15;
/// Runs per point.
pub const CURVE_RUNS: u32 = 1_000;

/// The input a key lever moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LeverTarget {
    /// An input of the headline client, whichever client that is.
    Headline(ClientField),
    /// An input of the client with this id.
    Client(u32, ClientField),
    /// A scenario-level input.
    Scenario(ScenarioField),
}

/// A key lever of a story: which input it moves and across what range. What it is
/// called is the story's ([`crate::story_file::LeverSpec`]); this is what computing
/// with it needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lever {
    /// The input it moves.
    pub target: LeverTarget,
    /// Its range, model units, lowest first.
    pub range: (f64, f64),
    /// The client it adds, at the lever's value, when its client is not in the scenario
    /// (a client the story's base case leaves out); `None` when it adds nothing.
    pub adds: Option<Client>,
}

impl LeverTarget {
    /// The input's row of the table of inputs.
    pub fn spec(self) -> Option<crate::fields::FieldSpec> {
        match self {
            LeverTarget::Headline(f) | LeverTarget::Client(_, f) => Some(f.spec()),
            LeverTarget::Scenario(f) => f.spec(),
        }
    }
}

impl Lever {
    /// The client field it moves, when it moves one of a client.
    pub fn client_field(&self) -> Option<ClientField> {
        match self.target {
            LeverTarget::Headline(f) | LeverTarget::Client(_, f) => Some(f),
            LeverTarget::Scenario(_) => None,
        }
    }

    /// The lever's range in model units.
    pub fn range(&self) -> (f64, f64) {
        self.range
    }

    /// The index of the client the lever moves in `scenario`, if it is there.
    pub fn client(&self, scenario: &Scenario) -> Option<usize> {
        match self.target {
            LeverTarget::Headline(_) => scenario.headline_client(),
            LeverTarget::Client(id, _) => scenario.index_of(id),
            LeverTarget::Scenario(_) => None,
        }
    }

    /// Whether the lever applies to `scenario` (its client exists, or it can add it).
    pub fn applies(&self, scenario: &Scenario) -> bool {
        matches!(self.target, LeverTarget::Scenario(_))
            || self.adds.is_some()
            || self.client(scenario).is_some()
    }

    /// The lever's value in `scenario`, model units (0 while the client it adds is missing).
    pub fn value(&self, scenario: &Scenario) -> f64 {
        match self.target {
            LeverTarget::Scenario(f) => f.value(scenario),
            LeverTarget::Headline(f) | LeverTarget::Client(_, f) => self
                .client(scenario)
                .and_then(|i| scenario.clients.get(i))
                .map_or(0.0, |c| f.value(c)),
        }
    }

    /// `scenario` with the lever at `value` (the client it adds is added when missing
    /// and the scenario has room).
    pub fn apply(&self, scenario: &Scenario, value: f64) -> Scenario {
        let mut s = scenario.clone();
        match (self.target, self.client(&s)) {
            (LeverTarget::Scenario(f), _) => f.set(&mut s, value),
            (LeverTarget::Headline(f) | LeverTarget::Client(_, f), Some(i)) => {
                if let Some(c) = s.clients.get_mut(i) {
                    f.set(c, value);
                }
            }
            (LeverTarget::Headline(f) | LeverTarget::Client(_, f), None) => {
                if let Some(adds) = &self.adds {
                    if s.clients.len() < crate::validate::MAX_CLIENTS {
                        let mut c = adds.clone();
                        f.set(&mut c, value);
                        s.clients.push(c);
                    }
                }
            }
        }
        s
    }
}

/// One lever's response curve.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Curve {
    /// The lever's index in the story's levers.
    pub lever: usize,
    /// The input the lever moves.
    pub target: LeverTarget,
    /// The lever's values, model units, lowest first.
    pub values: Vec<f64>,
    /// The chance of reaching the target at each value.
    pub p_reach: Vec<f64>,
    /// The lever's current value.
    pub current: f64,
    /// Runs per point.
    pub runs: u32,
    /// Where the chance crosses 50%, on the same draws.
    pub even_chance: EvenChance,
}

/// The lever's values on its curve, lowest first.
fn curve_values(lever: &Lever) -> Vec<f64> {
    let (lo, hi) = lever.range();
    let steps = (CURVE_POINTS - 1) as f64;
    (0..CURVE_POINTS)
        .map(|k| lo + (hi - lo) * k as f64 / steps)
        .collect()
}

/// The chance of reaching the target with `lever` at `value` (NaN when that scenario
/// is not valid).
fn curve_point(s: &Scenario, lever: &Lever, value: f64, runs: u32) -> f64 {
    validate(lever.apply(s, value)).map_or(f64::NAN, |valid| {
        simulate_with(&valid, runs, Condition::None, Detail::OddsOnly)
            .result
            .p_reach_target
    })
}

fn curve_from(
    s: &Scenario,
    (index, lever): (usize, &Lever),
    values: Vec<f64>,
    p_reach: Vec<f64>,
    runs: u32,
    even_chance: EvenChance,
) -> Option<Curve> {
    if p_reach.iter().any(|p| !p.is_finite()) {
        return None;
    }
    Some(Curve {
        lever: index,
        target: lever.target,
        values,
        p_reach,
        current: lever.value(s),
        runs: runs.clamp(1, 100_000),
        even_chance,
    })
}

/// The response curve of `lever` (the story's lever number `index`) in `scenario`:
/// [`CURVE_POINTS`] points across its range, `runs` runs each, on the same streams.
/// `None` when the lever does not apply.
pub fn response_curve(
    scenario: &ValidScenario,
    (index, lever): (usize, &Lever),
    runs: u32,
) -> Option<Curve> {
    let s = scenario.get();
    if !lever.applies(s) {
        return None;
    }
    let values = curve_values(lever);
    let p_reach = values
        .iter()
        .map(|v| curve_point(s, lever, *v, runs))
        .collect::<Vec<f64>>();
    let even =
        Search::new(&values, &p_reach, lever.value(s)).run(|v| curve_point(s, lever, v, runs));
    curve_from(s, (index, lever), values, p_reach, runs, even)
}

/// Every lever's curve (or one lever's) computed one point at a time, for a thread that
/// must yield between pieces of work; the result equals [`response_curves`] (or
/// [`response_curve`]).
pub struct CurveSteps {
    scenario: Scenario,
    levers: Vec<Lever>,
    runs: u32,
    /// The lever being computed (index into `levers`).
    lever: usize,
    /// The lever after the last one to compute (index into `levers`).
    end: usize,
    values: Vec<f64>,
    p_reach: Vec<f64>,
    /// The search for the 50% crossing, once the lever's points are in.
    search: Option<Search>,
    done: Vec<Curve>,
}

impl CurveSteps {
    /// Prepares the curve of every lever in `levers` for `scenario`, `runs` runs per point.
    pub fn new(scenario: &ValidScenario, levers: &[Lever], runs: u32) -> Self {
        Self::range(scenario, levers, 0..levers.len(), runs)
    }

    /// Prepares the curve of the lever `levers[index]` only (none when there is no such
    /// lever or it does not apply): a piece of [`CurveSteps::new`]'s work that can be
    /// computed apart and gives the same bits.
    pub fn one(scenario: &ValidScenario, levers: &[Lever], index: usize, runs: u32) -> Self {
        Self::range(scenario, levers, index..index.saturating_add(1), runs)
    }

    fn range(
        scenario: &ValidScenario,
        levers: &[Lever],
        range: std::ops::Range<usize>,
        runs: u32,
    ) -> Self {
        let mut steps = Self {
            scenario: scenario.get().clone(),
            levers: levers.to_vec(),
            runs,
            lever: range.start,
            end: range.end.min(levers.len()),
            values: Vec::new(),
            p_reach: Vec::new(),
            search: None,
            done: Vec::new(),
        };
        steps.settle();
        steps
    }

    /// Moves on to the next lever that applies once the current one is done (or does
    /// not apply).
    fn settle(&mut self) {
        while let Some(lever) = self
            .levers
            .get(self.lever)
            .filter(|_| self.lever < self.end)
        {
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
            let search = self.search.get_or_insert_with(|| {
                Search::new(&self.values, &self.p_reach, lever.value(&self.scenario))
            });
            if search.pending().is_some() {
                return;
            }
            let even = search.result().unwrap_or(EvenChance::Never);
            self.search = None;
            let values = std::mem::take(&mut self.values);
            let p_reach = std::mem::take(&mut self.p_reach);
            if let Some(curve) = curve_from(
                &self.scenario,
                (self.lever, lever),
                values,
                p_reach,
                self.runs,
                even,
            ) {
                self.done.push(curve);
            }
            self.lever += 1;
        }
    }

    /// Computes one point (of a curve, or of a search for its 50% crossing); returns
    /// whether any remain.
    fn point(&mut self) -> bool {
        let lever = self
            .levers
            .get(self.lever)
            .filter(|_| self.lever < self.end);
        let pending = self.search.as_ref().and_then(Search::pending);
        match (lever, pending, self.values.get(self.p_reach.len()).copied()) {
            (Some(lever), Some(value), _) => {
                let p = curve_point(&self.scenario, lever, value, self.runs);
                if let Some(search) = self.search.as_mut() {
                    search.record(p);
                }
            }
            (Some(lever), None, Some(value)) => {
                let p = curve_point(&self.scenario, lever, value, self.runs);
                self.p_reach.push(p);
            }
            _ => {}
        }
        self.settle();
        self.lever < self.end
    }
}

/// A piece is one point of a curve (or of the search for its 50% crossing).
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

/// The curve of every lever in `levers` that applies to `scenario`.
pub fn response_curves(scenario: &ValidScenario, levers: &[Lever], runs: u32) -> Vec<Curve> {
    CurveSteps::new(scenario, levers, runs).finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monte_carlo::simulate_runs;
    use crate::test_story::article;

    #[test]
    fn curves_span_the_range_and_pass_through_the_current_value() {
        let story = article();
        let v = story.base_case().clone();
        let curves = response_curves(&v, story.levers(), 300);
        assert_eq!(curves.len(), 5);
        for c in &curves {
            assert_eq!(c.values.len(), CURVE_POINTS);
            assert_eq!(c.p_reach.len(), CURVE_POINTS);
            assert!(c.p_reach.iter().all(|p| (0.0..=1.0).contains(p)));
        }
        // The leave chance at 0% and 100%: on the same draws, leaving more never helps.
        let leave = &curves[1];
        assert_eq!(
            story.levers()[1].target,
            LeverTarget::Headline(ClientField::AnnualLeaveProbability)
        );
        assert!(
            leave.p_reach.windows(2).all(|w| w[1] <= w[0] + 1e-12),
            "{:?}",
            leave.p_reach
        );
        assert!(leave.p_reach[0] > leave.p_reach[CURVE_POINTS - 1]);
        // Spend: more of it never lowers the chance on the same draws.
        let spend = &curves[0];
        assert!(
            spend.p_reach.windows(2).all(|w| w[1] + 1e-12 >= w[0]),
            "{:?}",
            spend.p_reach
        );
        // The base case's own chance at its value equals the lever applied at it.
        let base = simulate_runs(&v, 300).p_reach_target;
        let at = crate::monte_carlo::simulate_with(
            &validate(story.levers()[1].apply(v.get(), 0.25)).unwrap(),
            300,
            Condition::None,
            Detail::OddsOnly,
        )
        .result
        .p_reach_target;
        assert_eq!(at, base);
    }

    #[test]
    fn each_crossing_is_where_the_chance_reaches_half_on_the_same_draws() {
        // By brute force: on the same draws the chance at the answer is at least 50%, and
        // one search resolution away on the other side it is below.
        let story = article();
        let v = story.base_case().clone();
        let s = v.get();
        let runs = 300;
        let curves = response_curves(&v, story.levers(), runs);
        let mut crossings = 0;
        for c in &curves {
            let lever = &story.levers()[c.lever];
            let (lo, hi) = lever.range();
            let resolution = (hi - lo) / (CURVE_POINTS - 1) as f64 / 64.0;
            let at = |x: f64| curve_point(s, lever, x, runs);
            match c.even_chance {
                EvenChance::AtLeast(x) => {
                    crossings += 1;
                    assert!(at(x) >= 0.5, "{:?} at {x}", c.target);
                    assert!(at(x - resolution * 1.0001) < 0.5, "{:?} at {x}", c.target);
                }
                EvenChance::AtMost(x) => {
                    crossings += 1;
                    assert!(at(x) >= 0.5, "{:?} at {x}", c.target);
                    assert!(at(x + resolution * 1.0001) < 0.5, "{:?} at {x}", c.target);
                }
                EvenChance::Never => assert!(c.p_reach.iter().all(|p| *p < 0.5)),
                EvenChance::Always => assert!(c.p_reach.iter().all(|p| *p >= 0.5)),
            }
        }
        assert!(crossings >= 2, "{curves:?}");
        // The sliced computation finds the same crossings, lever by lever too.
        let mut steps = CurveSteps::new(&v, story.levers(), runs);
        while steps.step(0) {}
        assert_eq!(steps.finish(), curves);
        let one_by_one: Vec<Curve> = (0..story.levers().len())
            .flat_map(|i| CurveSteps::one(&v, story.levers(), i, runs).finish())
            .collect();
        assert_eq!(one_by_one, curves);
    }

    #[test]
    fn a_lever_on_a_client_outside_the_base_case_adds_it_only_when_moved() {
        let story = article();
        let s = story.base_case().get().clone();
        let new_clients = &story.levers()[4];
        assert_eq!(new_clients.value(&s), 0.0);
        let with = new_clients.apply(&s, 12.0);
        assert_eq!(with.clients.len(), 3);
        assert_eq!(new_clients.value(&with), 12.0);
        assert_eq!(new_clients.apply(&with, 5.0).clients.len(), 3);
    }

    #[test]
    fn a_scenario_lever_moves_the_scenario_input() {
        let s = article().base_case().get().clone();
        let lever = Lever {
            target: LeverTarget::Scenario(ScenarioField::GrowthCorrelation),
            range: (0.0, 1.0),
            adds: None,
        };
        assert_eq!(lever.value(&s), 0.3);
        assert_eq!(lever.apply(&s, 0.7).growth_correlation, 0.7);
    }
}
