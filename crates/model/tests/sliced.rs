//! The Monte Carlo, the departure's odds and the response curves computed in slices (as
//! the page does when no worker can run) give bit-identical results to computing them in
//! one go, however they are sliced.

#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use revenue_model::levers::{response_curves, CurveSteps};
use revenue_model::monte_carlo::{
    result_fingerprint, simulate_with, Condition, Detail, Simulation, SimulationSteps,
};
mod support;
use revenue_model::stress::{departure_odds, DepartureSteps};
use revenue_model::{validate, Steps, ValidScenario};
use support::{article, article_base_case, presets};

/// Every number of a simulation, as bits.
fn bits(sim: &Simulation) -> (u64, Vec<u16>, Vec<u64>) {
    (
        result_fingerprint(&sim.result),
        sim.reach_month.clone(),
        sim.horizon_revenue_musd
            .iter()
            .map(|v| v.to_bits())
            .collect(),
    )
}

fn scenarios() -> Vec<ValidScenario> {
    let mut list: Vec<ValidScenario> = presets()
        .into_iter()
        .map(|p| validate(p).unwrap())
        .collect();
    // A horizon that is not a whole number of years, more runs than the default's slices.
    let mut s = article_base_case();
    s.horizon_months = 29;
    s.simulation.runs = 1_500;
    list.push(validate(s).unwrap());
    list
}

#[test]
fn a_sliced_monte_carlo_is_bit_identical_to_one_run() {
    for v in scenarios() {
        let runs = v.get().simulation.runs.min(2_000);
        for (detail, condition) in [
            (Detail::Full, Condition::None),
            (Detail::OddsOnly, Condition::None),
            (Detail::OddsOnly, Condition::Stays(0)),
            (
                Detail::OddsOnly,
                Condition::LeavesAt {
                    client: 0,
                    month: 8,
                },
            ),
        ] {
            let whole = simulate_with(&v, runs, condition, detail);
            // One month per slice, a few months per slice, and everything in one slice.
            for work in [0, u64::from(runs) * 7, u64::MAX] {
                let mut steps = SimulationSteps::new(&v, runs, condition, detail);
                let mut slices = 0;
                while steps.step(work) {
                    slices += 1;
                }
                if work == 0 {
                    assert_eq!(slices + 1, v.get().horizon_months, "one month per slice");
                }
                let sliced = steps.finish();
                assert_eq!(
                    bits(&sliced),
                    bits(&whole),
                    "{detail:?} {condition:?}, work {work}"
                );
                assert_eq!(sliced.result, whole.result);
            }
        }
    }
}

#[test]
fn finishing_early_computes_the_remaining_months() {
    let v = validate(article_base_case()).unwrap();
    let whole = simulate_with(&v, 1_000, Condition::None, Detail::Full);
    let mut steps = SimulationSteps::new(&v, 1_000, Condition::None, Detail::Full);
    steps.step(0);
    steps.step(0);
    assert_eq!(steps.months_left(), v.get().horizon_months - 2);
    assert_eq!(bits(&steps.finish()), bits(&whole));
}

#[test]
fn sliced_departure_odds_equal_the_odds_in_one_go() {
    for v in scenarios() {
        let whole = departure_odds(&v, 0, 8, 1_000);
        let mut steps = DepartureSteps::new(&v, 0, 8, 1_000);
        if let Some(steps) = steps.as_mut() {
            while steps.step(0) {}
        }
        assert_eq!(steps.map(DepartureSteps::finish), whole);
    }
}

#[test]
fn curves_computed_point_by_point_equal_the_curves_in_one_go() {
    let v = validate(article_base_case()).unwrap();
    let story = article();
    let whole = response_curves(&v, story.levers(), 200);
    let mut steps = CurveSteps::new(&v, story.levers(), 200);
    let mut points = 0;
    while steps.step(0) {
        points += 1;
    }
    // One step per point of each curve, and per halving in the search for its 50% crossing.
    let halvings = whole
        .iter()
        .filter(|c| {
            matches!(
                c.even_chance,
                revenue_model::even_chance::EvenChance::AtLeast(_)
                    | revenue_model::even_chance::EvenChance::AtMost(_)
            )
        })
        .count()
        * revenue_model::even_chance::BISECTION_STEPS as usize;
    assert_eq!(
        points + 1,
        whole.len() * revenue_model::levers::CURVE_POINTS + halvings
    );
    assert_eq!(steps.finish(), whole);
}

#[test]
fn curves_computed_lever_by_lever_equal_the_curves_in_one_go() {
    let story = article();
    let levers = story.levers();
    for v in scenarios() {
        let whole = response_curves(&v, levers, 200);
        let apart: Vec<_> = (0..levers.len() + 1)
            .flat_map(|index| CurveSteps::one(&v, levers, index, 200).finish())
            .collect();
        assert_eq!(apart, whole);
    }
}

#[test]
fn a_tornado_computed_piece_by_piece_in_any_order_equals_the_tornado_in_one_go() {
    use revenue_model::sensitivity::{sensitivity, Sensitivity, SensitivitySteps};
    for (n, v) in scenarios().into_iter().enumerate() {
        // Probabilities for one scenario (slow), revenue only for the others.
        let runs = (n == 0).then_some(revenue_model::sensitivity::MIN_PROBABILITY_RUNS);
        let whole = sensitivity(&v, runs);
        let pieces = SensitivitySteps::pieces(&v);
        // Computed last piece first, as workers finishing in any order would.
        let mut parts: Vec<_> = (0..pieces)
            .rev()
            .map(|k| (k, SensitivitySteps::piece(&v, runs, k).finish_part()))
            .collect();
        assert!(parts.iter().all(|(k, p)| p.base.is_some() == (*k == 0)));
        parts.sort_by_key(|(k, _)| *k);
        let tornado = Sensitivity::from_parts(parts.into_iter().map(|(_, p)| p));
        assert_eq!(tornado, whole);
    }
}

/// Steps `steps` through the shared trait with `work` per slice to the end; the slices taken.
fn drive<S: Steps>(mut steps: S, work: u64) -> (usize, S::Output) {
    let mut slices = 1;
    while steps.step(work) {
        slices += 1;
    }
    (slices, steps.finish())
}

#[test]
fn every_step_type_gives_its_one_go_result_whatever_the_work_per_slice() {
    let v = validate(article_base_case()).unwrap();
    let story = article();
    let curves = response_curves(&v, story.levers(), 200);
    let tornado = revenue_model::sensitivity(&v, Some(300));
    let departure = departure_odds(&v, 0, 8, 500);
    let mut previous = usize::MAX;
    for work in [0, 2_000_000, u64::MAX] {
        let (slices, got) = drive(CurveSteps::new(&v, story.levers(), 200), work);
        assert_eq!(got, curves, "curves, work {work}");
        assert!(slices <= previous, "more work per slice, fewer slices");
        previous = slices;
        assert_eq!(
            drive(
                revenue_model::sensitivity::SensitivitySteps::new(&v, Some(300)),
                work
            )
            .1,
            tornado
        );
        assert_eq!(
            drive(DepartureSteps::new(&v, 0, 8, 500).unwrap(), work).1,
            departure.clone().unwrap()
        );
    }
    assert_eq!(previous, 1, "unbounded work is one slice");
}
