//! Sensitivity: a tornado table of forward 12-month revenue (and, optionally, the
//! probability of reaching the target) when each input moves between a low and a high
//! value, the others held at their values, sorted by swing.
//!
//! Moves per client: monthly spend ×0.75 and ×1.25; annual growth ∓10 points;
//! annual probability of leaving ∓20 points (within 0–100%); share kept after leaving
//! ∓25 points (for a client that can leave); growth volatility ×0.5 and ×1.5 (it moves
//! only the probability). The swing is |high − low| of the forward 12-month revenue,
//! ties broken by the swing of the probability.
//!
//! Probabilities run every move on the same streams (common random numbers: a move of
//! one client leaves every other client's draws bit-identical), so differences come
//! from the inputs and not from noise. Each row carries the standard error of its
//! high − low difference, computed from the paired runs: the standard deviation of the
//! per-run differences of the two outcomes (the population form, divided by *n*),
//! divided by √*n*.

use crate::format::{fmt_musd, fmt_pct};
use crate::monte_carlo::{paired_odds, simulate_with, Condition, Detail, Simulation};
use crate::projection::client_expected_path;
use crate::scenario::ClientField;
use crate::steps::Steps;
use crate::validate::{validate, ValidScenario};

/// One bar of the tornado.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SensitivityRow {
    /// The client moved.
    pub client: usize,
    /// The input moved.
    pub field: ClientField,
    /// "Acme (Holdings): monthly spend".
    pub label: String,
    /// The low and high values as a reader reads them ("$15M", "$25M").
    pub low_label: String,
    /// See `low_label`.
    pub high_label: String,
    /// Forward 12-month revenue with the low value, $M.
    pub low_forward_12m_musd: f64,
    /// Forward 12-month revenue with the high value, $M.
    pub high_forward_12m_musd: f64,
    /// P(reach target) with the low value, when computed.
    pub low_p_reach: Option<f64>,
    /// P(reach target) with the high value, when computed.
    pub high_p_reach: Option<f64>,
    /// Standard error of high − low of the probability (paired runs), when computed.
    pub p_difference_std_error: Option<f64>,
}

impl SensitivityRow {
    /// |high − low| of the forward 12-month revenue, $M.
    pub fn swing_musd(&self) -> f64 {
        (self.high_forward_12m_musd - self.low_forward_12m_musd).abs()
    }

    /// |high − low| of the probability (0 when not computed).
    pub fn swing_p(&self) -> f64 {
        match (self.low_p_reach, self.high_p_reach) {
            (Some(l), Some(h)) => (h - l).abs(),
            _ => 0.0,
        }
    }
}

/// The tornado table.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sensitivity {
    /// Forward 12-month revenue of the scenario as it is, $M.
    pub base_forward_12m_musd: f64,
    /// P(reach target) of the scenario as it is, when computed.
    pub base_p_reach: Option<f64>,
    /// The bars, largest swing first.
    pub rows: Vec<SensitivityRow>,
}

fn moves(field: ClientField, value: f64) -> Option<(f64, f64)> {
    match field {
        ClientField::MonthlySpend => Some((value * 0.75, value * 1.25)),
        ClientField::AnnualGrowth => Some(((value - 0.10).max(-0.99), (value + 0.10).min(10.0))),
        ClientField::AnnualLeaveProbability => {
            Some(((value - 0.20).max(0.0), (value + 0.20).min(1.0)))
        }
        ClientField::GrowthVolatility => Some((value * 0.5, (value * 1.5).min(3.0))),
        ClientField::KeptShare => Some(((value - 0.25).max(0.0), (value + 0.25).min(1.0))),
        _ => None,
    }
}

fn show(field: ClientField, value: f64) -> String {
    match field {
        ClientField::MonthlySpend => fmt_musd(value),
        _ => fmt_pct(value),
    }
}

/// Fields the tornado moves.
pub const MOVED_FIELDS: [ClientField; 5] = [
    ClientField::MonthlySpend,
    ClientField::AnnualGrowth,
    ClientField::AnnualLeaveProbability,
    ClientField::KeptShare,
    ClientField::GrowthVolatility,
];

/// The fewest runs a move's probability uses.
pub const MIN_PROBABILITY_RUNS: u32 = 2_000;

/// The tornado of `scenario`. With `probability_runs` (at least
/// [`MIN_PROBABILITY_RUNS`]), each move also runs a Monte Carlo of that many runs for
/// P(reach target); without, only revenue is computed.
pub fn sensitivity(scenario: &ValidScenario, probability_runs: Option<u32>) -> Sensitivity {
    SensitivitySteps::new(scenario, probability_runs).finish()
}

/// The tornado computed one piece at a time (the scenario as it is, then one move per
/// [`SensitivitySteps::step`]), so a caller on a thread that must stay responsive can
/// pause between pieces. Stepping to the end and calling [`SensitivitySteps::finish`]
/// gives exactly [`sensitivity`]'s result (which is computed this way).
pub struct SensitivitySteps {
    scenario: ValidScenario,
    runs: Option<u32>,
    /// Moves still to compute, in order: (client index, field, low, high).
    todo: std::vec::IntoIter<(usize, ClientField, f64, f64)>,
    /// Whether the scenario as it is is one of the pieces to compute.
    with_base: bool,
    base: Option<(f64, Option<f64>)>,
    rows: Vec<SensitivityRow>,
    /// Every client's expected path in the scenario as it is (its first 12 months), so a
    /// move recomputes only the moved client's.
    paths: Vec<Vec<f64>>,
}

impl SensitivitySteps {
    /// Prepares the tornado of `scenario` (see [`sensitivity`] for `probability_runs`).
    pub fn new(scenario: &ValidScenario, probability_runs: Option<u32>) -> Self {
        let todo = Self::moves(scenario);
        Self {
            scenario: scenario.clone(),
            runs: probability_runs.map(|r| r.max(MIN_PROBABILITY_RUNS)),
            todo: todo.into_iter(),
            with_base: true,
            base: None,
            rows: Vec::new(),
            paths: Vec::new(),
        }
    }

    /// How many pieces the tornado of `scenario` has: the scenario as it is, then one
    /// per move.
    pub fn pieces(scenario: &ValidScenario) -> usize {
        1 + Self::moves(scenario).len()
    }

    /// Prepares piece `piece` of the tornado only (0: the scenario as it is; `k`: the
    /// `k`-th move), so that pieces can be computed apart, in any order, and put together
    /// with [`Sensitivity::from_parts`] into exactly [`sensitivity`]'s result.
    pub fn piece(scenario: &ValidScenario, probability_runs: Option<u32>, piece: usize) -> Self {
        let mut steps = Self::new(scenario, probability_runs);
        let todo: Vec<_> = std::mem::take(&mut steps.todo)
            .skip(piece.wrapping_sub(1))
            .take(usize::from(piece > 0))
            .collect();
        steps.todo = todo.into_iter();
        steps.with_base = piece == 0;
        steps
    }

    /// Every move of `scenario`'s tornado, in order: (client index, field, low, high).
    fn moves(scenario: &ValidScenario) -> Vec<(usize, ClientField, f64, f64)> {
        let mut todo = Vec::new();
        for (index, client) in scenario.get().clients.iter().enumerate() {
            for field in MOVED_FIELDS {
                let can_leave = !client.own_product && client.annual_leave_probability > 0.0;
                if field == ClientField::KeptShare && !can_leave
                    || field == ClientField::AnnualLeaveProbability && client.own_product
                {
                    continue;
                }
                let Some((low, high)) = moves(field, field.value(client)) else {
                    continue;
                };
                if low == high {
                    continue;
                }
                todo.push((index, field, low, high));
            }
        }
        todo
    }

    /// Pieces left to compute (the scenario as it is counts as one).
    pub fn remaining(&self) -> usize {
        self.todo.len() + usize::from(self.with_base && self.base.is_none())
    }

    /// The next 12 months' revenue of `v`, exactly as [`crate::projection::project`]
    /// adds it up (month by month over the clients in order, then over the months), from
    /// the scenario's own paths for every client `v` has unchanged.
    fn forward_12m(&self, v: &ValidScenario) -> f64 {
        let s = v.get();
        let months = s.horizon_months.max(12);
        let base = &self.scenario.get().clients;
        let mut total = [0.0f64; 12];
        for (j, client) in s.clients.iter().enumerate() {
            let fresh;
            let path = match (base.get(j), self.paths.get(j)) {
                (Some(b), Some(path)) if b == client => path,
                _ => {
                    fresh = client_expected_path(client, months);
                    &fresh
                }
            };
            for (sum, x) in total.iter_mut().zip(path) {
                *sum += x;
            }
        }
        total.iter().sum()
    }

    fn evaluate(&self, v: &ValidScenario) -> (f64, Option<Simulation>) {
        let forward = self.forward_12m(v);
        let sim = self
            .runs
            .map(|runs| simulate_with(v, runs, Condition::None, Detail::OddsOnly));
        (forward, sim)
    }

    /// Computes the next piece; returns whether any is left.
    fn next_piece(&mut self) -> bool {
        if self.with_base && self.base.is_none() {
            let months = self.scenario.get().horizon_months.max(12);
            self.paths = self
                .scenario
                .get()
                .clients
                .iter()
                .map(|c| {
                    client_expected_path(c, months)
                        .into_iter()
                        .take(12)
                        .collect()
                })
                .collect();
            let (forward, sim) = self.evaluate(&self.scenario);
            self.base = Some((forward, sim.map(|s| s.result.p_reach_target)));
            return self.remaining() > 0;
        }
        let Some((index, field, low, high)) = self.todo.next() else {
            return false;
        };
        let at = |v: f64| -> Option<(f64, Option<Simulation>)> {
            let mut s = self.scenario.get().clone();
            field.set(s.clients.get_mut(index)?, v);
            validate(s).ok().map(|valid| self.evaluate(&valid))
        };
        if let (Some(lo), Some(hi), Some(client)) =
            (at(low), at(high), self.scenario.get().clients.get(index))
        {
            let odds = match (&lo.1, &hi.1) {
                (Some(a), Some(b)) => Some(paired_odds(a, b)),
                _ => None,
            };
            self.rows.push(SensitivityRow {
                client: index,
                field,
                label: format!("{}: {}", client.name.trim(), field.label()),
                low_label: show(field, low),
                high_label: show(field, high),
                low_forward_12m_musd: lo.0,
                high_forward_12m_musd: hi.0,
                low_p_reach: odds.map(|o| o.0),
                high_p_reach: odds.map(|o| o.1),
                p_difference_std_error: odds.map(|o| o.2),
            });
        }
        self.remaining() > 0
    }

    /// The pieces this computed (see [`SensitivitySteps::piece`]), with every piece
    /// still left computed first.
    pub fn finish_part(mut self) -> SensitivityPart {
        while self.next_piece() {}
        SensitivityPart {
            base: self.base,
            rows: self.rows,
        }
    }
}

/// A piece is the scenario as it is, or one move (two simulations).
impl Steps for SensitivitySteps {
    type Output = Sensitivity;

    fn step(&mut self, work: u64) -> bool {
        let runs = self.runs.unwrap_or(0);
        let per_move = crate::steps::simulation_work(self.scenario.get(), runs).saturating_mul(2);
        crate::steps::repeat(work, per_move, || self.next_piece())
    }

    /// The tornado, with every piece still left computed first.
    fn finish(self) -> Sensitivity {
        Sensitivity::from_parts([self.finish_part()])
    }
}

/// Some pieces of a tornado, as [`SensitivitySteps::finish_part`] gives them.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SensitivityPart {
    /// The scenario as it is: forward 12-month revenue, $M, and P(reach target) when
    /// computed; `None` when this part does not hold it.
    pub base: Option<(f64, Option<f64>)>,
    /// The rows of this part's moves, in the order of the moves.
    pub rows: Vec<SensitivityRow>,
}

impl Sensitivity {
    /// The tornado from its parts, given in the order of their pieces: the scenario as
    /// it is from the part that holds it, then every row, largest swing first (a stable
    /// sort, so equal swings keep the order of the moves).
    pub fn from_parts(parts: impl IntoIterator<Item = SensitivityPart>) -> Sensitivity {
        let mut base = None;
        let mut rows = Vec::new();
        for part in parts {
            base = base.or(part.base);
            rows.extend(part.rows);
        }
        let (base_forward_12m_musd, base_p_reach) = base.unwrap_or((0.0, None));
        crate::order::sort_short_by(&mut rows, |a, b| {
            b.swing_musd()
                .total_cmp(&a.swing_musd())
                .then(b.swing_p().total_cmp(&a.swing_p()))
        });
        Sensitivity {
            base_forward_12m_musd,
            base_p_reach,
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_story::presets;

    #[test]
    fn a_moves_revenue_is_the_projections_to_the_bit() {
        for preset in presets() {
            let Ok(valid) = validate(preset.clone()) else {
                continue;
            };
            let mut steps = SensitivitySteps::new(&valid, None);
            steps.step(0);
            let tornado = steps.finish();
            assert_eq!(
                tornado.base_forward_12m_musd.to_bits(),
                crate::projection::project(&valid)
                    .forward_12m_from_start_musd
                    .to_bits()
            );
            for row in &tornado.rows {
                let mut s = valid.get().clone();
                let client = s.clients.get_mut(row.client).unwrap();
                let (low, high) = moves(row.field, row.field.value(client)).unwrap();
                for (value, got) in [
                    (low, row.low_forward_12m_musd),
                    (high, row.high_forward_12m_musd),
                ] {
                    let mut moved = s.clone();
                    row.field
                        .set(moved.clients.get_mut(row.client).unwrap(), value);
                    let want = crate::projection::project(&validate(moved).unwrap())
                        .forward_12m_from_start_musd;
                    assert_eq!(
                        got.to_bits(),
                        want.to_bits(),
                        "{} {}",
                        preset.title,
                        row.label
                    );
                }
                s.clients.clear();
            }
        }
    }

    #[test]
    fn stepping_with_pauses_gives_the_one_call_tornado() {
        // Probabilities for the article's case; revenue only (fast) for every preset.
        let cases = presets()
            .into_iter()
            .enumerate()
            .map(|(i, p)| (i, p, (i == 0).then_some(MIN_PROBABILITY_RUNS)));
        for (preset, scenario, runs) in cases {
            let Ok(valid) = validate(scenario) else {
                continue;
            };
            let whole = sensitivity(&valid, runs);
            let mut steps = SensitivitySteps::new(&valid, runs);
            let pieces = steps.remaining();
            let mut taken = 0;
            loop {
                // Something else could run here: each step is independent of the pause.
                taken += 1;
                if !steps.step(0) {
                    break;
                }
            }
            assert_eq!(taken, pieces, "{preset:?}: one step per piece");
            assert_eq!(steps.remaining(), 0);
            let stepped = steps.finish();
            assert_eq!(stepped, whole, "{preset:?}");
            assert!(!stepped.rows.is_empty(), "{preset:?}");
            assert!(stepped
                .rows
                .iter()
                .all(|r| r.low_p_reach.is_some() == runs.is_some()));
        }
    }
}
