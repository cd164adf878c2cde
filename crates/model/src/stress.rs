//! The departure stress test, conditioned on the story: "client X stays through the
//! horizon" against "client X leaves in month M", everything else as in the scenario.
//!
//! On expected paths (exact, no simulation): with client X's spend level ℓ(*t*) and
//! ramp(*t*) as in [`crate::projection`], X brings ℓ(*t*) · ramp(*t*) a month if it
//! stays, and ℓ(*t*) · ramp(*t*) · after(*t* − *M*) from month *M* on if it leaves, where
//! after(*k*) = *κ* + (1 − *κ*) · max(0, 1 − (*k* + 1) / (*w* + 1)) winds down over *w*
//! months to the share *κ* it keeps. Every other client follows its expected path. Then:
//! - revenue lost against staying = Σₜ X's revenue if it stays − if it leaves;
//! - revenue lost against the expected path = Σₜ X's expected revenue (which already
//!   counts its chance of leaving) − X's revenue if it leaves (labelled as such);
//! - the deepest fall = the most negative month-over-month change of the total if X
//!   leaves, in $M and as a fraction of the month before;
//! - recovery = the months from *M* until that total is first back at its level in
//!   month *M* − 1 (0 when it never falls below it), or `None` within the horizon.
//!
//! For the article's base case (its headline client flat at $20M, leaving in Apr 2025 with a 6-month
//! wind-down): 20 · (1 + 2 + … + 6) / 7 = $60M during the wind-down, then 22 months at
//! $20M = $440M, so $500M against staying.
//!
//! On the Monte Carlo ([`departure_odds`]): both conditions run on the same draws
//! ([`crate::monte_carlo::Condition`]), giving the chance of reaching the target in
//! each case, the standard error of their difference (paired per run), and the mean
//! revenue lost over runs with its standard error.

use crate::monte_carlo::{paired_odds, Condition, Detail, SimulationSteps};
use crate::projection::{after_leaving, client_expected_path, client_path_with, Projection};
use crate::steps::Steps;
use crate::validate::ValidScenario;

/// What a client's departure costs, on expected paths.
#[derive(Clone, Debug, PartialEq)]
pub struct Departure {
    /// The client that leaves (index).
    pub client: usize,
    /// The month it leaves (its spend starts winding down in this month).
    pub month: u32,
    /// The total revenue per month if the client stays, $M.
    pub stays_total_musd: Vec<f64>,
    /// The total revenue per month if the client leaves in `month`, $M.
    pub leaves_total_musd: Vec<f64>,
    /// Revenue lost over the horizon against the client staying, $M.
    pub revenue_lost_musd: f64,
    /// Revenue lost against the expected path (which already counts the client's
    /// chance of leaving), $M; negative when leaving then costs less than expected.
    pub revenue_lost_vs_expected_musd: f64,
    /// Deepest month-over-month fall in revenue if the client leaves, $M (0 when revenue never falls).
    pub deepest_drop_musd: f64,
    /// That fall as a fraction of the month before.
    pub deepest_drop_fraction: f64,
    /// The month of the deepest fall.
    pub deepest_drop_month: Option<u32>,
    /// Months needed to climb back to the revenue before the loss; `None` if not within the horizon.
    pub months_to_recover: Option<u32>,
}

/// The leave month actually used: at least 1 (so there is a "before"), at most the
/// horizon's last month.
pub fn leave_month(scenario: &ValidScenario, month: u32) -> u32 {
    month.clamp(1, scenario.horizon().saturating_sub(1).max(1))
}

/// The departure of client `client` in month `month` (see [`leave_month`]) against its
/// staying, on expected paths. `None` for a client index that does not exist or for an
/// own product, which never leaves.
pub fn departure(
    scenario: &ValidScenario,
    projection: &Projection,
    client: usize,
    month: u32,
) -> Option<Departure> {
    let c = scenario
        .get()
        .clients
        .get(client)
        .filter(|c| !c.own_product)?;
    let horizon = projection.total_musd.len();
    let months = u32::try_from(horizon).unwrap_or(0);
    let leave = leave_month(scenario, month);
    let expected = projection
        .client_revenue_musd
        .get(client)
        .cloned()
        .unwrap_or_else(|| client_expected_path(c, months));
    let stays = client_path_with(c, months, |_| 1.0);
    let leaves = client_path_with(c, months, |t| {
        if t < leave {
            1.0
        } else {
            after_leaving(c, t - leave)
        }
    });
    let others: Vec<f64> = projection
        .total_musd
        .iter()
        .zip(&expected)
        .map(|(total, own)| total - own)
        .collect();
    let with = |own: &[f64]| -> Vec<f64> {
        others
            .iter()
            .zip(own)
            .map(|(o, x)| (o + x).max(0.0))
            .collect()
    };
    let stays_total_musd = with(&stays);
    let leaves_total_musd = with(&leaves);
    let revenue_lost_musd = stays.iter().zip(&leaves).map(|(a, b)| a - b).sum::<f64>();
    let revenue_lost_vs_expected_musd = expected
        .iter()
        .zip(&leaves)
        .map(|(a, b)| a - b)
        .sum::<f64>();
    let mut deepest_drop_musd = 0.0;
    let mut deepest_drop_fraction = 0.0;
    let mut deepest_drop_month = None;
    for (t, pair) in leaves_total_musd.windows(2).enumerate() {
        if let [before, now] = pair {
            let drop = before - now;
            if drop > deepest_drop_musd + 1e-12 {
                deepest_drop_musd = drop;
                deepest_drop_fraction = if *before > 0.0 { drop / before } else { 0.0 };
                deepest_drop_month = u32::try_from(t + 1).ok();
            }
        }
    }
    let before_loss = leaves_total_musd
        .get((leave - 1) as usize)
        .copied()
        .unwrap_or(0.0);
    let months_to_recover = leaves_total_musd
        .iter()
        .enumerate()
        .skip(leave as usize)
        .find(|(_, v)| **v >= before_loss - 1e-9)
        .and_then(|(t, _)| u32::try_from(t - leave as usize).ok());
    Some(Departure {
        client,
        month: leave,
        stays_total_musd,
        leaves_total_musd,
        revenue_lost_musd: revenue_lost_musd.max(0.0),
        revenue_lost_vs_expected_musd,
        deepest_drop_musd,
        deepest_drop_fraction,
        deepest_drop_month,
        months_to_recover,
    })
}

/// The departure on the Monte Carlo: the two conditions on the same draws.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DepartureOdds {
    /// The client (index).
    pub client: usize,
    /// The leave month used.
    pub month: u32,
    /// Runs of each condition.
    pub runs: u32,
    /// The chance of reaching the target if the client stays through the horizon.
    pub p_reach_if_stays: f64,
    /// The chance if it leaves in `month`.
    pub p_reach_if_leaves: f64,
    /// Standard error of the difference of the two chances (paired runs).
    pub p_difference_std_error: f64,
    /// Mean revenue lost over the horizon against staying, over runs, $M.
    pub mean_revenue_lost_musd: f64,
    /// Its standard error, $M.
    pub revenue_lost_std_error_musd: f64,
}

/// The departure's Monte Carlo computed a few months at a time (both conditions, one
/// after the other), for a thread that must yield between slices; the result is
/// bit-identical to [`departure_odds`].
pub struct DepartureSteps {
    client: usize,
    month: u32,
    stays: SimulationSteps,
    leaves: SimulationSteps,
}

impl DepartureSteps {
    /// Prepares both conditions with `runs` runs on the same draws. `None` for a client
    /// index that does not exist or for an own product.
    pub fn new(scenario: &ValidScenario, client: usize, month: u32, runs: u32) -> Option<Self> {
        scenario
            .get()
            .clients
            .get(client)
            .filter(|c| !c.own_product)?;
        let leave = leave_month(scenario, month);
        Some(Self {
            client,
            month: leave,
            stays: SimulationSteps::new(scenario, runs, Condition::Stays(client), Detail::OddsOnly),
            leaves: SimulationSteps::new(
                scenario,
                runs,
                Condition::LeavesAt {
                    client,
                    month: leave,
                },
                Detail::OddsOnly,
            ),
        })
    }
}

/// A piece is a month of one condition (see [`SimulationSteps`]).
impl Steps for DepartureSteps {
    type Output = DepartureOdds;

    fn step(&mut self, work: u64) -> bool {
        if self.stays.months_left() > 0 {
            self.stays.step(work);
        } else {
            self.leaves.step(work);
        }
        self.stays.months_left() > 0 || self.leaves.months_left() > 0
    }

    fn finish(self) -> DepartureOdds {
        let stays = self.stays.finish();
        let leaves = self.leaves.finish();
        let (p_stays, p_leaves, se) = paired_odds(&stays, &leaves);
        let losses: Vec<f64> = stays
            .horizon_revenue_musd
            .iter()
            .zip(&leaves.horizon_revenue_musd)
            .map(|(a, b)| a - b)
            .collect();
        let n = losses.len().max(1) as f64;
        let mean = losses.iter().sum::<f64>() / n;
        // The population variance (divided by n), as in `paired_odds`.
        let var = losses.iter().map(|l| (l - mean) * (l - mean)).sum::<f64>() / n;
        DepartureOdds {
            client: self.client,
            month: self.month,
            runs: stays.result.runs,
            p_reach_if_stays: p_stays,
            p_reach_if_leaves: p_leaves,
            p_difference_std_error: se,
            mean_revenue_lost_musd: mean,
            revenue_lost_std_error_musd: (var / n).sqrt(),
        }
    }
}

/// Runs both conditions with `runs` runs on the same draws. `None` for a client index
/// that does not exist or for an own product.
pub fn departure_odds(
    scenario: &ValidScenario,
    client: usize,
    month: u32,
    runs: u32,
) -> Option<DepartureOdds> {
    DepartureSteps::new(scenario, client, month, runs).map(DepartureSteps::finish)
}
