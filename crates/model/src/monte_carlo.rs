//! The Monte Carlo: many random paths of every client, summarised as percentiles per
//! month (the fan chart), the distribution of each year's revenue, the chance of
//! reaching the target and when, concentration measured in every run, the chance each
//! client has left, and the worst 5% of runs.
//!
//! Each run draws every client's path month by month:
//! - growth: after its first month a client's spend is multiplied each month by
//!   exp(μ + σₘ·Zₜ), σₘ = σ / √12 and μ = ln *m* − σₘ² / 2, so its expectation grows by
//!   the same monthly factor *m* as the expected path. The shock is
//!   Zₜ = √ρ · Mₜ + √(1 − ρ) · Eₜ: a market-wide normal Mₜ shared by every client of
//!   the run and the client's own normal Eₜ, so two clients' shocks have correlation ρ
//!   (the scenario's growth correlation);
//! - departure: a single customer (an entry standing for one customer, not an own
//!   product) leaves in month *L* = *f* + 1 + *k* with probability (1 − *h*)^*k* · *h*
//!   ([`crate::projection`]'s hazard), drawn once per run from one uniform *U* by
//!   inversion (*L* > *f* + *k* exactly when *U* ≤ (1 − *h*)^*k*), so a higher chance of
//!   leaving moves the same run's departure earlier; then it winds down to the share it
//!   keeps. An entry standing for many customers loses them at the expected rate
//!   instead (by the law of large numbers their fraction remaining is close to its
//!   expectation), so its path carries growth risk only;
//! - ramps as in the expected path.
//!
//! Random numbers come from counter-based streams ([`crate::random::Stream`]): one per
//! (run, client id, purpose) for growth and for departure, and one per run for the
//! market factor; draw *t* of a stream is month *t*'s. So changing one client's inputs
//! leaves every other client's path bit-identical (common random numbers), the first
//! N runs of a larger simulation are the N-run simulation, and the same scenario and
//! seed give bit-identical results natively and in WebAssembly.
//!
//! **Reaching the target** means that some 12 consecutive months of the horizon bring
//! at least the target: a run reaches it in the first month *t* ≥ 11 whose 12 months to
//! date add up to the target. The chance by month *T* is the share of runs that reached
//! it by *T*; it never falls as the horizon grows, since a run's path does not depend on
//! the horizon. Its Monte Carlo standard error is √(*p*(1 − *p*)/*n*).
//!
//! **Concentration** is measured in every run and month: with entry revenues *R*ᵢ of
//! *n*ᵢ equal customers and the month's total *R* (own products count in *R* but are
//! no customer), HHI = 10,000 · Σᵢ *R*ᵢ² / (*n*ᵢ *R*²) and the largest customer's share
//! is maxᵢ *R*ᵢ / (*n*ᵢ *R*). Their 5th, 50th and 95th percentiles over runs are read from
//! histograms of 1,001 bins (HHI in steps of 10, shares in steps of 0.1 point; the
//! value reported is the mean of the runs in the percentile's bin, so it is exact
//! when all runs agree and within one bin otherwise), for all runs and split by
//! whether the headline client has left by that month. The 10% disclosure test is the
//! share of runs in which a client's single customer has at least 10% of the month's
//! revenue.
//!
//! **Percentiles** of revenue are the sorted value at index round(*q* · (*n* − 1)),
//! halves rounded to even (numpy's `method="nearest"`), found by selection (a radix
//! selection for 1,024 values or more, quickselect below), not a full sort. The worst 5% is the mean of the final
//! year's revenue over the ⌊5% · *n*⌋ lowest runs (at least one), and its gap to the
//! target is how far that mean falls short of it.

mod accumulators;
mod engine;
mod kernel;

use crate::projection::{client_hazard, year_blocks, YearBlock};
use crate::scenario::{Client, YearMonth};
use crate::steps::Steps;
use crate::validate::ValidScenario;
pub use accumulators::percentiles_in_place;
use accumulators::{no_bands, Accumulator, Concentration, Fan, MonthBlock, Outcomes, Years};
use engine::{Engine, BLOCK_RUNS};

/// The percentiles reported, in order.
pub const PERCENTILES: [f64; 5] = [0.05, 0.25, 0.50, 0.75, 0.95];
/// The percentiles of the concentration bands, in order.
pub const BAND_PERCENTILES: [f64; 3] = [0.05, 0.50, 0.95];
/// Bins of the final year's histogram.
pub const HISTOGRAM_BINS: usize = 30;
/// "Never" for a month stored as `u16`.
pub const NEVER: u16 = u16::MAX;

/// The distribution of one year's revenue over the runs.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct YearDistribution {
    /// The months of the year.
    pub block: YearBlock,
    /// First calendar month.
    pub from: YearMonth,
    /// Last calendar month.
    pub to: YearMonth,
    /// Percentiles 5/25/50/75/95 of the year's revenue, $M.
    pub percentiles_musd: [f64; 5],
    /// Mean of the year's revenue, $M.
    pub mean_musd: f64,
    /// Share of runs in which this calendar block alone brings at least the target.
    pub share_at_or_above_target: f64,
}

/// A histogram with equal bins.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Histogram {
    /// Lower edge of the first bin, $M.
    pub min_musd: f64,
    /// Width of each bin, $M (positive).
    pub bin_width_musd: f64,
    /// Runs in each bin.
    pub counts: Vec<u32>,
}

/// Percentiles 5/50/95 of a concentration measure over runs, per month; `None` in a
/// month where no run is in the group.
pub type Bands = Vec<Option<[f64; 3]>>;

/// Concentration measured in every run.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ConcentrationBands {
    /// The headline client the split is about (index), if any.
    pub headline: Option<usize>,
    /// HHI over all runs.
    pub hhi: Bands,
    /// HHI over the runs in which the headline client is still there.
    pub hhi_if_stays: Bands,
    /// HHI over the runs in which the headline client has left (started winding down).
    pub hhi_if_left: Bands,
    /// The largest single customer's share over all runs.
    pub top1: Bands,
    /// The same over the runs in which the headline client is still there.
    pub top1_if_stays: Bands,
    /// The same over the runs in which the headline client has left.
    pub top1_if_left: Bands,
    /// Per month, the share of runs in which the headline client has left.
    pub p_headline_left: Vec<f64>,
    /// `[client][month]`: the share of runs in which one customer of the client has at
    /// least 10% of the month's revenue (the disclosure test).
    pub p_at_or_above_threshold: Vec<Vec<f64>>,
}

/// The Monte Carlo's results.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MonteCarlo {
    /// Runs simulated.
    pub runs: u32,
    /// Seed used.
    pub seed: u64,
    /// Percentiles 5/25/50/75/95 of total revenue per month, $M.
    pub percentiles_musd: Vec<[f64; 5]>,
    /// Mean total revenue per month, $M.
    pub mean_musd: Vec<f64>,
    /// Each calendar year of the horizon (counted back from its end), oldest first; the
    /// last is the final 12 months.
    pub years: Vec<YearDistribution>,
    /// Histogram of the final year's revenue.
    pub final_year_histogram: Histogram,
    /// The chance that some 12 consecutive months within the horizon bring the target.
    pub p_reach_target: f64,
    /// Monte Carlo standard error of `p_reach_target`.
    pub p_reach_target_std_error: f64,
    /// Per month: the chance that the target has been reached by then (0 before month 11).
    pub p_reach_by_month: Vec<f64>,
    /// The month by which half of the runs have reached the target, if within the horizon.
    pub median_reach_month: Option<u32>,
    /// Per client: the probability it has left by the end of the horizon (for an
    /// entry of many customers, the expected share of its customers that have left).
    pub p_left: Vec<f64>,
    /// Mean final-year revenue of the worst 5% of runs, $M.
    pub worst_5pct_mean_musd: f64,
    /// How far that mean falls short of the target, $M (0 when it reaches it).
    pub worst_5pct_gap_musd: f64,
    /// Concentration measured in every run.
    pub concentration: ConcentrationBands,
}

/// A condition on one client, for "what if it stays / leaves" on the same draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    /// The scenario as it is.
    None,
    /// The client (index) stays through the horizon.
    Stays(usize),
    /// The client (index) leaves in `month` (starts winding down then), all its customers at once.
    LeavesAt {
        /// The client's index.
        client: usize,
        /// The month it leaves.
        month: u32,
    },
}

/// What one simulation gives, with the per-run figures that paired comparisons need.
#[derive(Clone, Debug, PartialEq)]
pub struct Simulation {
    /// The summary (empty concentration and percentiles when only odds were asked for).
    pub result: MonteCarlo,
    /// Per run: the month the target was reached, or [`NEVER`].
    pub reach_month: Vec<u16>,
    /// Per run: revenue over the whole horizon, $M.
    pub horizon_revenue_musd: Vec<f64>,
}

/// What to compute besides the odds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Everything the widget shows.
    Full,
    /// Only the chance of reaching the target and the per-run figures (sensitivity,
    /// response curves, what-ifs).
    OddsOnly,
}

/// Runs of the quick estimate shown while the reader changes inputs.
pub const PREVIEW_RUNS: u32 = 400;

/// The quick estimate's runs for `scenario`: [`PREVIEW_RUNS`] for up to 10 clients and
/// fewer for more, so it costs about the same whatever the number of clients (at least
/// 100 runs), and never more than the scenario's own runs.
pub fn preview_runs(scenario: &ValidScenario) -> u32 {
    let s = scenario.get();
    let clients = u32::try_from(s.clients.len()).unwrap_or(u32::MAX).max(10);
    (PREVIEW_RUNS * 10 / clients)
        .max(100)
        .min(s.simulation.runs)
}

/// Runs the Monte Carlo with the scenario's number of runs and seed.
pub fn simulate(scenario: &ValidScenario) -> MonteCarlo {
    simulate_runs(scenario, scenario.get().simulation.runs)
}

/// Runs the Monte Carlo with `runs` runs (clamped to 1–100,000) and the scenario's
/// seed: the quick preview while a reader drags a slider uses fewer runs of the same
/// streams, so the bands do not jitter.
pub fn simulate_runs(scenario: &ValidScenario, runs: u32) -> MonteCarlo {
    simulate_with(scenario, runs, Condition::None, Detail::Full).result
}

/// The chance of reaching the target in two scenarios on the same draws, and the
/// standard error of the difference (from the paired per-run outcomes): (p_a, p_b,
/// standard error of p_b − p_a).
pub fn paired_odds(a: &Simulation, b: &Simulation) -> (f64, f64, f64) {
    let n = a.reach_month.len().min(b.reach_month.len());
    if n == 0 {
        return (0.0, 0.0, 0.0);
    }
    let (mut sum, mut sum_sq) = (0.0f64, 0.0f64);
    for (x, y) in a.reach_month.iter().zip(&b.reach_month) {
        let d = f64::from(u8::from(*y != NEVER)) - f64::from(u8::from(*x != NEVER));
        sum += d;
        sum_sq += d * d;
    }
    let nf = n as f64;
    let mean = sum / nf;
    let var = (sum_sq / nf - mean * mean).max(0.0);
    (
        a.result.p_reach_target,
        b.result.p_reach_target,
        (var / nf).sqrt(),
    )
}

/// A Monte Carlo computed a few months at a time, so that a caller on a thread that must
/// stay responsive can yield between slices. The months are simulated exactly as by
/// [`simulate_with`] (which is `new`, then `finish`): every run's state is carried from
/// one slice to the next, so the results are bit-identical however it is sliced.
///
/// Inside, an engine ([`engine`]) advances every run a month at a time, a block of runs
/// at a time, and hands each block to the accumulators ([`accumulators`]): the fan and
/// the runs' outcomes always, the years and concentration for the full result only.
pub struct SimulationSteps {
    runs: u32,
    seed: u64,
    target: f64,
    horizon: u32,
    engine: Engine,
    fan: Fan,
    outcomes: Outcomes,
    /// The full result's accumulators (`None` when only the odds are computed).
    years: Option<Years>,
    concentration: Option<Concentration>,
    headline: Option<usize>,
    clients: Vec<Client>,
    /// The block's revenues, `[client][run of the block]`, and totals.
    revenue: Vec<f64>,
    totals: Vec<f64>,
    /// The next month to simulate.
    next_month: u32,
}

impl SimulationSteps {
    /// Prepares `runs` runs under `condition`, computing `detail` (see [`simulate_with`]).
    pub fn new(scenario: &ValidScenario, runs: u32, condition: Condition, detail: Detail) -> Self {
        let s = scenario.get();
        let runs = runs.clamp(1, 100_000);
        let full = detail == Detail::Full;
        let horizon = s.horizon_months;
        let target = s.target_annual_revenue_musd;
        let n_runs = runs as usize;
        let headline = s.headline_client();
        let engine = Engine::new(scenario, runs, condition);
        let block = BLOCK_RUNS.min(n_runs);
        let concentration = full.then(|| {
            let per_customer = engine.plans.iter().map(|p| p.per_customer).collect();
            Concentration::new(headline, per_customer, horizon, n_runs)
        });
        SimulationSteps {
            runs,
            seed: s.simulation.seed,
            target,
            horizon,
            fan: Fan::new(n_runs, horizon, full),
            outcomes: Outcomes::new(n_runs, horizon, target),
            years: full.then(|| Years::new(n_runs, year_blocks(horizon), target, s.start)),
            concentration,
            headline,
            revenue: vec![0.0; block * s.clients.len()],
            totals: vec![0.0; block],
            clients: s.clients.clone(),
            engine,
            next_month: 0,
        }
    }

    /// Months still to simulate.
    pub fn months_left(&self) -> u32 {
        self.horizon.saturating_sub(self.next_month)
    }

    /// Simulates the next month of every run (nothing when all are done): the engine
    /// block by block, each block fed to every accumulator in run order.
    fn month(&mut self) {
        let t = self.next_month;
        if t >= self.horizon {
            return;
        }
        let n_runs = self.engine.n_runs;
        let mut lo = 0;
        while lo < n_runs {
            let len = BLOCK_RUNS.min(n_runs - lo);
            let (Some(totals), Some(revenue)) = (
                self.totals.get_mut(..len),
                self.revenue.get_mut(..len * self.clients.len()),
            ) else {
                break;
            };
            self.engine.month_block(t, lo, revenue, totals);
            let block = MonthBlock {
                t,
                lo,
                totals,
                revenue,
                leave: &self.engine.leave,
                n_runs,
            };
            self.fan.block(&block);
            self.outcomes.block(&block);
            if let Some(years) = self.years.as_mut() {
                years.block(&block);
            }
            if let Some(concentration) = self.concentration.as_mut() {
                concentration.block(&block);
            }
            lo += len;
        }
        self.fan.end_month(t);
        self.outcomes.end_month(t);
        if let Some(years) = self.years.as_mut() {
            years.end_month(t);
        }
        if let Some(concentration) = self.concentration.as_mut() {
            concentration.end_month(t);
        }
        self.next_month = t + 1;
    }
}

/// A piece is one month of every run.
impl Steps for SimulationSteps {
    type Output = Simulation;

    fn step(&mut self, work: u64) -> bool {
        let per_month = u64::from(self.runs).saturating_mul(self.clients.len() as u64 + 1);
        if self.next_month >= self.horizon {
            return false;
        }
        crate::steps::repeat(work, per_month, || {
            self.month();
            self.next_month < self.horizon
        })
    }

    fn finish(mut self) -> Simulation {
        while self.next_month < self.horizon {
            self.month();
        }
        let SimulationSteps {
            runs,
            seed,
            target,
            horizon,
            engine,
            fan,
            outcomes,
            years,
            concentration,
            headline,
            clients,
            ..
        } = self;
        let run_count = f64::from(runs);
        let mut cumulative = 0u32;
        let p_reach_by_month: Vec<f64> = outcomes
            .reached_in
            .iter()
            .map(|c| {
                cumulative += c;
                f64::from(cumulative) / run_count
            })
            .collect();
        let p_reach_target = p_reach_by_month.last().copied().unwrap_or(0.0);
        let median_reach_month = p_reach_by_month
            .iter()
            .position(|p| *p >= 0.5)
            .and_then(|t| u32::try_from(t).ok());
        let full = years.is_some();
        let (years, final_year_histogram, worst_5pct_mean_musd) = match years {
            Some(y) => {
                let distributions = y.years.clone();
                let (histogram, worst) = y.final_year();
                (distributions, histogram, worst)
            }
            None => (Vec::new(), accumulators::histogram(&[]), 0.0),
        };
        let bands = match concentration {
            Some(c) => c.finish(clients.len()),
            None => no_bands(headline),
        };
        let last_month = horizon.saturating_sub(1);
        let n_runs = engine.n_runs;
        let p_left = clients
            .iter()
            .enumerate()
            .zip(&engine.plans)
            .map(|((i, c), p)| {
                if p.survival.is_some() || p.forced.is_some() {
                    let left = engine
                        .leave
                        .get(i * n_runs..(i + 1) * n_runs)
                        .unwrap_or(&[])
                        .iter()
                        .filter(|d| **d != NEVER && u32::from(**d) <= last_month)
                        .count();
                    left as f64 / run_count
                } else if last_month <= c.first_month {
                    0.0
                } else {
                    1.0 - libm::pow(
                        1.0 - client_hazard(c),
                        f64::from(last_month - c.first_month),
                    )
                }
            })
            .collect();
        Simulation {
            result: MonteCarlo {
                runs,
                seed,
                percentiles_musd: fan.percentiles_musd.unwrap_or_default(),
                mean_musd: fan.mean_musd,
                years,
                final_year_histogram,
                p_reach_target,
                p_reach_target_std_error: (p_reach_target * (1.0 - p_reach_target) / run_count)
                    .sqrt(),
                p_reach_by_month,
                median_reach_month,
                p_left,
                worst_5pct_mean_musd,
                worst_5pct_gap_musd: if full {
                    (target - worst_5pct_mean_musd).max(0.0)
                } else {
                    0.0
                },
                concentration: bands,
            },
            reach_month: outcomes.reach_month,
            horizon_revenue_musd: outcomes.horizon_revenue,
        }
    }
}

/// Runs the Monte Carlo with `runs` runs under `condition`, computing `detail`.
pub fn simulate_with(
    scenario: &ValidScenario,
    runs: u32,
    condition: Condition,
    detail: Detail,
) -> Simulation {
    SimulationSteps::new(scenario, runs, condition, detail).finish()
}

/// FNV-1a (64-bit) offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a (64-bit) prime.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// A 64-bit fingerprint of every number in `result`, to check that a simulation gives
/// bit-identical results on every target (native and WebAssembly).
///
/// It is FNV-1a over the little-endian bytes of, in order: `runs` and `seed` (as
/// `u64`); each month's five percentiles, month by month; each month's mean; for each
/// year, its block's first month and length (as `u64`), its five percentiles, mean
/// and share at or above the target; the histogram's minimum, bin width and counts (as
/// `u64`); `p_reach_target`, its standard error, the chance by each month, the median
/// month (`u64::MAX` for none), each client's `p_left`, `worst_5pct_mean_musd` and
/// `worst_5pct_gap_musd`; then every concentration band (each month's three values, or
/// `u64::MAX` for none) in the order of [`ConcentrationBands`]'s fields, the chance the
/// headline client has left per month and every client's disclosure shares. Every
/// `f64` is taken through [`f64::to_bits`], so any difference in the last bit changes
/// the fingerprint.
pub fn result_fingerprint(result: &MonteCarlo) -> u64 {
    struct Fnv(u64);
    impl Fnv {
        fn int(&mut self, v: u64) {
            for byte in v.to_le_bytes() {
                self.0 ^= u64::from(byte);
                self.0 = self.0.wrapping_mul(FNV_PRIME);
            }
        }
        fn float(&mut self, v: f64) {
            self.int(v.to_bits());
        }
        fn floats<'a>(&mut self, values: impl IntoIterator<Item = &'a f64>) {
            for v in values {
                self.float(*v);
            }
        }
        fn bands(&mut self, bands: &Bands) {
            for month in bands {
                match month {
                    Some(values) => self.floats(values),
                    None => self.int(u64::MAX),
                }
            }
        }
    }
    let mut h = Fnv(FNV_OFFSET);
    h.int(u64::from(result.runs));
    h.int(result.seed);
    for month in &result.percentiles_musd {
        h.floats(month);
    }
    h.floats(&result.mean_musd);
    for year in &result.years {
        h.int(u64::from(year.block.first_month));
        h.int(u64::from(year.block.months));
        h.floats(&year.percentiles_musd);
        h.float(year.mean_musd);
        h.float(year.share_at_or_above_target);
    }
    let hist = &result.final_year_histogram;
    h.float(hist.min_musd);
    h.float(hist.bin_width_musd);
    for count in &hist.counts {
        h.int(u64::from(*count));
    }
    h.float(result.p_reach_target);
    h.float(result.p_reach_target_std_error);
    h.floats(&result.p_reach_by_month);
    h.int(result.median_reach_month.map_or(u64::MAX, u64::from));
    h.floats(&result.p_left);
    h.float(result.worst_5pct_mean_musd);
    h.float(result.worst_5pct_gap_musd);
    let c = &result.concentration;
    for bands in [
        &c.hhi,
        &c.hhi_if_stays,
        &c.hhi_if_left,
        &c.top1,
        &c.top1_if_stays,
        &c.top1_if_left,
    ] {
        h.bands(bands);
    }
    h.floats(&c.p_headline_left);
    for client in &c.p_at_or_above_threshold {
        h.floats(client);
    }
    h.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_ranks_round_halves_to_even_like_numpy() {
        // n = 11, q = 0.05: rank 0.5 rounds to 0 (numpy's "nearest"), not 1.
        let mut v: Vec<f64> = (0..11).map(f64::from).collect();
        assert_eq!(
            percentiles_in_place(&mut v, &[0.05, 0.25, 0.5]),
            [0.0, 2.0, 5.0]
        );
        // n = 5, q = 0.375: rank 1.5 rounds to 2.
        let mut w = vec![10.0, 20.0, 30.0, 40.0, 50.0];
        assert_eq!(percentiles_in_place(&mut w, &[0.375]), [30.0]);
    }

    #[test]
    fn the_quick_estimate_costs_the_same_for_many_clients() {
        let base = ValidScenario::article_base_case();
        assert_eq!(preview_runs(&base), PREVIEW_RUNS);
        let mut many = base.get().clone();
        let extra = many.clients.first().cloned().unwrap_or_default();
        while many.clients.len() < 50 {
            many.clients.push(crate::Client {
                id: 100 + many.clients.len() as u32,
                ..extra.clone()
            });
        }
        let many = crate::validate(many).unwrap_or_else(|_| ValidScenario::article_base_case());
        assert_eq!(many.get().clients.len(), 50);
        // 400 runs of 10 clients, 80 of 50: held at the floor of 100.
        assert_eq!(preview_runs(&many), 100);
        let mut few_runs = base.get().clone();
        few_runs.simulation.runs = 250;
        let few_runs = crate::validate(few_runs).unwrap_or_else(|_| base.clone());
        assert_eq!(preview_runs(&few_runs), 250);
    }
}
