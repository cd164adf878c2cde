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
//! halves rounded to even (numpy's `method="nearest"`), found by selection
//! (`select_nth_unstable_by`), not a full sort. The worst 5% is the mean of the final
//! year's revenue over the ⌊5% · *n*⌋ lowest runs (at least one), and its gap to the
//! target is how far that mean falls short of it.

use crate::projection::{
    after_leaving, client_hazard, client_levels, expected_presence, monthly_factor, ramp_fraction,
    year_blocks, YearBlock,
};
use crate::random::{FastExp, Normal, Stream};
use crate::scenario::{Client, YearMonth};
use crate::validate::ValidScenario;

/// The percentiles reported, in order.
pub const PERCENTILES: [f64; 5] = [0.05, 0.25, 0.50, 0.75, 0.95];
/// The percentiles of the concentration bands, in order.
pub const BAND_PERCENTILES: [f64; 3] = [0.05, 0.50, 0.95];
/// Bins of the final year's histogram.
pub const HISTOGRAM_BINS: usize = 30;
/// Bins of the concentration histograms (HHI 0–10,000 in steps of 10; shares 0–100% in
/// steps of 0.1 point).
const BAND_BINS: usize = 1001;
/// "Never" for a month stored as `u16`.
pub const NEVER: u16 = u16::MAX;
/// Stream purposes: a client's growth and its departure (streams are per client id).
const GROWTH: u64 = 0;
const DEPARTURE: u64 = 1;
/// The market factor's stream (no client id is this large).
const MARKET_STREAM: u64 = u64::MAX;

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

/// How a client is simulated.
struct ClientPlan {
    /// The client's spend level per month when it has no volatility (the same in every run).
    fixed_levels: Option<Vec<f64>>,
    drift: f64,
    /// σₘ · √ρ and σₘ · √(1 − ρ).
    market_weight: f64,
    own_weight: f64,
    first_month: u32,
    /// Survival (1 − h)^k for k = 0..=horizon − f, when departures are drawn.
    survival: Option<Vec<f64>>,
    /// A forced departure month (or [`NEVER`] for "stays"), from the condition.
    forced: Option<u16>,
    /// Per month: the deterministic presence (ramp × expected presence for a group;
    /// the ramp for a single customer).
    presence: Vec<f64>,
    /// Per month since leaving: the share still spent (length = horizon).
    after: Vec<f64>,
    /// Whether nothing is spent once wound down (no share kept): growth can stop then.
    ends: bool,
    wind_down_months: u32,
    /// 1 / number of customers, and 0 for an own product (no customer).
    per_customer: f64,
    start_spend: f64,
    stream_id: u64,
}

fn plan(
    client: &Client,
    horizon: u32,
    correlation: f64,
    condition: Condition,
    index: usize,
) -> ClientPlan {
    let factor = monthly_factor(client.annual_growth);
    let sigma = client.growth_volatility / 12f64.sqrt();
    let hazard = client_hazard(client);
    let single = client.customers == 1 && !client.own_product;
    let forced = match condition {
        Condition::Stays(i) if i == index => Some(NEVER),
        Condition::LeavesAt { client: i, month } if i == index => {
            Some(u16::try_from(month.max(1)).unwrap_or(NEVER - 1))
        }
        _ => None,
    };
    let group_forced = forced.is_some() && !single;
    let presence = (0..horizon)
        .map(|t| {
            let ramp = ramp_fraction(client, t);
            if single || group_forced {
                ramp
            } else {
                ramp * expected_presence(client, hazard, t)
            }
        })
        .collect();
    let survival = (single && hazard > 0.0 && forced.is_none()).then(|| {
        let span = horizon.saturating_sub(client.first_month);
        (0..=span)
            .map(|k| libm::pow(1.0 - hazard, f64::from(k)))
            .collect()
    });
    let rho = correlation.clamp(0.0, 1.0);
    ClientPlan {
        fixed_levels: (sigma == 0.0).then(|| client_levels(client, horizon)),
        drift: libm::log(factor) - 0.5 * sigma * sigma,
        market_weight: sigma * libm::sqrt(rho),
        own_weight: sigma * libm::sqrt(1.0 - rho),
        first_month: client.first_month,
        survival,
        forced,
        presence,
        after: (0..horizon).map(|k| after_leaving(client, k)).collect(),
        ends: client.kept_share <= 0.0,
        wind_down_months: client.wind_down_months,
        per_customer: if client.own_product {
            0.0
        } else {
            1.0 / f64::from(client.customers.max(1))
        },
        start_spend: client.monthly_spend_musd,
        stream_id: u64::from(client.id),
    }
}

/// Selects the values at the ranks of `quantiles` (ascending) in place; ranks are
/// round(q · (n − 1)) with halves to even (numpy's `nearest`).
pub fn percentiles_in_place<const N: usize>(values: &mut [f64], quantiles: &[f64; N]) -> [f64; N] {
    let mut out = [0.0; N];
    let n = values.len();
    if n == 0 {
        return out;
    }
    // Ranks never decrease, so each selection only searches what lies right of the last.
    let mut done = 0usize;
    let mut previous = 0.0;
    let mut rest: &mut [f64] = values;
    for (slot, q) in out.iter_mut().zip(quantiles) {
        let rank = (q.clamp(0.0, 1.0) * (n - 1) as f64).round_ties_even() as usize;
        if rank < done {
            *slot = previous;
            continue;
        }
        let (_, value, right) = match rest.get(rank - done) {
            Some(_) => rest.select_nth_unstable_by(rank - done, f64::total_cmp),
            None => break,
        };
        *slot = *value;
        previous = *value;
        done = rank + 1;
        rest = right;
    }
    out
}

fn histogram(values: &[f64]) -> Histogram {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !(min.is_finite() && max.is_finite()) {
        return Histogram {
            min_musd: 0.0,
            bin_width_musd: 1.0,
            counts: vec![0; HISTOGRAM_BINS],
        };
    }
    let width = if max > min {
        (max - min) / HISTOGRAM_BINS as f64
    } else {
        (min.abs() * 0.01).max(1e-6)
    };
    let mut counts = vec![0u32; HISTOGRAM_BINS];
    for v in values {
        let bin = (((v - min) / width) as usize).min(HISTOGRAM_BINS - 1);
        if let Some(c) = counts.get_mut(bin) {
            *c += 1;
        }
    }
    Histogram {
        min_musd: min,
        bin_width_musd: width,
        counts,
    }
}

/// A histogram of values in [0, `top`] that remembers the sum in each bin.
struct BandHistogram {
    counts: Vec<u32>,
    sums: Vec<f64>,
    n: u32,
    per_bin: f64,
}

impl BandHistogram {
    fn new(top: f64) -> Self {
        Self {
            counts: vec![0; BAND_BINS],
            sums: vec![0.0; BAND_BINS],
            n: 0,
            per_bin: (BAND_BINS - 1) as f64 / top,
        }
    }

    #[inline]
    fn add(&mut self, v: f64) {
        let bin = ((v * self.per_bin) as usize).min(BAND_BINS - 1);
        if let (Some(c), Some(s)) = (self.counts.get_mut(bin), self.sums.get_mut(bin)) {
            *c += 1;
            *s += v;
        }
        self.n += 1;
    }

    /// The band percentiles, then cleared for the next month.
    fn take(&mut self) -> Option<[f64; 3]> {
        if self.n == 0 {
            return None;
        }
        let mut out = [0.0; 3];
        let mut q_index = 0;
        let mut seen = 0u64;
        for (count, sum) in self.counts.iter().zip(&self.sums) {
            if *count == 0 {
                continue;
            }
            seen += u64::from(*count);
            while let Some(q) = BAND_PERCENTILES.get(q_index) {
                let rank = (q * f64::from(self.n - 1)).round_ties_even() as u64;
                if rank < seen {
                    if let Some(slot) = out.get_mut(q_index) {
                        *slot = sum / f64::from(*count);
                    }
                    q_index += 1;
                } else {
                    break;
                }
            }
        }
        self.counts.iter_mut().for_each(|c| *c = 0);
        self.sums.iter_mut().for_each(|s| *s = 0.0);
        self.n = 0;
        Some(out)
    }
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
pub struct SimulationSteps {
    runs: u32,
    full: bool,
    horizon: u32,
    seed: u64,
    target: f64,
    n_clients: usize,
    headline: Option<usize>,
    step: usize,
    run_count: f64,
    n_runs: usize,
    h_end: usize,
    normal: Normal,
    fast_exp: FastExp,
    plans: Vec<ClientPlan>,
    after_ext: Vec<Vec<f64>>,
    leave: Vec<u16>,
    growth_streams: Vec<Stream>,
    market_streams: Vec<Stream>,
    blocks: Vec<YearBlock>,
    market: Vec<f64>,
    totals: Vec<f64>,
    sum_sq: Vec<f64>,
    top: Vec<f64>,
    levels: Vec<f64>,
    month_revenue: Vec<f64>,
    factors: Vec<f64>,
    horizon_revenue: Vec<f64>,
    year_sums: Vec<f64>,
    ring: Vec<f64>,
    window: Vec<f64>,
    reach_month: Vec<u16>,
    reached_in: Vec<u32>,
    above: Vec<u32>,
    mean_musd: Vec<f64>,
    percentiles_musd: Vec<[f64; 5]>,
    scratch: Vec<f64>,
    years: Vec<YearDistribution>,
    hhi_all: BandHistogram,
    hhi_stays: BandHistogram,
    hhi_left: BandHistogram,
    top_all: BandHistogram,
    top_stays: BandHistogram,
    top_left: BandHistogram,
    bands: ConcentrationBands,
    start: YearMonth,
    clients: Vec<Client>,
    /// The next month to simulate.
    next_month: u32,
    /// The year block the next month belongs to (or after).
    block_index: usize,
}

impl SimulationSteps {
    /// Prepares `runs` runs under `condition`, computing `detail` (see [`simulate_with`]).
    pub fn new(scenario: &ValidScenario, runs: u32, condition: Condition, detail: Detail) -> Self {
        let s = scenario.get();
        let runs = runs.clamp(1, 100_000);
        let full = detail == Detail::Full;
        let horizon = s.horizon_months;
        let seed = s.simulation.seed;
        let target = s.target_annual_revenue_musd;
        let n_clients = s.clients.len();
        let normal = Normal::new();
        let fast_exp = FastExp::new();
        let plans: Vec<ClientPlan> = s
            .clients
            .iter()
            .enumerate()
            .map(|(i, c)| plan(c, horizon, s.growth_correlation, condition, i))
            .collect();
        let any_market = plans
            .iter()
            .any(|p| p.fixed_levels.is_none() && p.market_weight > 0.0);
        let headline = s.headline_client();
        let step = n_clients.max(1);
        let run_count = f64::from(runs);
        let n_runs = runs as usize;

        // Client-major state: index i · runs + r for client i and run r.
        let mut levels: Vec<f64> = Vec::with_capacity(n_runs * step);
        let mut leave: Vec<u16> = Vec::with_capacity(n_runs * step);
        let random_clients = plans.iter().filter(|p| p.fixed_levels.is_none()).count();
        let mut growth_streams: Vec<Stream> = Vec::with_capacity(random_clients * n_runs);
        for p in &plans {
            levels.extend(std::iter::repeat_n(p.start_spend, n_runs));
            for r in 0..u64::from(runs) {
                leave.push(match (&p.forced, &p.survival) {
                    (Some(forced), _) => *forced,
                    (None, Some(survival)) => {
                        let u =
                            Stream::new(seed, r, p.stream_id * 2 + DEPARTURE).uniform_open_zero(0);
                        let rest = survival.get(1..).unwrap_or(&[]);
                        let k = rest.partition_point(|sv| *sv >= u);
                        if k >= rest.len() {
                            NEVER
                        } else {
                            u16::try_from(u64::from(p.first_month) + 1 + k as u64).unwrap_or(NEVER)
                        }
                    }
                    (None, None) => NEVER,
                });
            }
            if p.fixed_levels.is_none() {
                growth_streams.extend(
                    (0..u64::from(runs)).map(|r| Stream::new(seed, r, p.stream_id * 2 + GROWTH)),
                );
            }
        }
        let market_streams: Vec<Stream> = if any_market {
            (0..u64::from(runs))
                .map(|r| Stream::new(seed, r, MARKET_STREAM))
                .collect()
        } else {
            Vec::new()
        };
        // Per client, the share still spent `k` months after leaving, with one more entry
        // (1.0) read while the client has not left: index min(t − L, horizon).
        let after_ext: Vec<Vec<f64>> = plans
            .iter()
            .map(|p| {
                let mut v = p.after.clone();
                v.resize(horizon as usize, 0.0);
                v.push(1.0);
                v
            })
            .collect();

        let totals = vec![0.0f64; n_runs];
        let scratch = vec![0.0f64; if full { n_runs } else { 0 }];
        let year_sums = vec![0.0f64; n_runs];
        let ring = vec![0.0f64; n_runs * 12];
        let window = vec![0.0f64; n_runs];
        let reach_month = vec![NEVER; n_runs];
        let horizon_revenue = vec![0.0f64; n_runs];
        let reached_in = vec![0u32; horizon as usize];
        let market = vec![0.0f64; if any_market { n_runs } else { 0 }];
        let factors = vec![1.0f64; n_runs];
        let month_revenue = vec![0.0f64; if full { n_runs * step } else { n_runs }];
        let sum_sq = vec![0.0f64; if full { n_runs } else { 0 }];
        let top = vec![0.0f64; if full { n_runs } else { 0 }];

        let hhi_all = BandHistogram::new(10_000.0);
        let hhi_stays = BandHistogram::new(10_000.0);
        let hhi_left = BandHistogram::new(10_000.0);
        let top_all = BandHistogram::new(1.0);
        let top_stays = BandHistogram::new(1.0);
        let top_left = BandHistogram::new(1.0);
        let above = vec![0u32; if full { step * horizon as usize } else { 0 }];
        let bands = ConcentrationBands {
            headline,
            hhi: Vec::new(),
            hhi_if_stays: Vec::new(),
            hhi_if_left: Vec::new(),
            top1: Vec::new(),
            top1_if_stays: Vec::new(),
            top1_if_left: Vec::new(),
            p_headline_left: Vec::new(),
            p_at_or_above_threshold: Vec::new(),
        };

        let blocks = year_blocks(horizon);
        let years = Vec::with_capacity(blocks.len());
        let percentiles_musd = Vec::with_capacity(if full { horizon as usize } else { 0 });
        let mean_musd = Vec::with_capacity(horizon as usize);
        let h_end = horizon as usize;

        SimulationSteps {
            runs,
            full,
            horizon,
            seed,
            target,
            n_clients,
            headline,
            step,
            run_count,
            n_runs,
            h_end,
            normal,
            fast_exp,
            plans,
            after_ext,
            leave,
            growth_streams,
            market_streams,
            blocks,
            market,
            totals,
            sum_sq,
            top,
            levels,
            month_revenue,
            factors,
            horizon_revenue,
            year_sums,
            ring,
            window,
            reach_month,
            reached_in,
            above,
            mean_musd,
            percentiles_musd,
            scratch,
            years,
            hhi_all,
            hhi_stays,
            hhi_left,
            top_all,
            top_stays,
            top_left,
            bands,
            start: s.start,
            clients: s.clients.clone(),
            next_month: 0,
            block_index: 0,
        }
    }

    /// Simulates at least one more month, and more until about `work` client-months
    /// (runs × clients × months) are done; returns whether any month remains.
    pub fn step(&mut self, work: u64) -> bool {
        let per_month = (self.n_runs as u64).saturating_mul(self.n_clients as u64 + 1);
        let mut done = 0u64;
        while self.next_month < self.horizon {
            self.month();
            done = done.saturating_add(per_month);
            if done >= work {
                break;
            }
        }
        self.next_month < self.horizon
    }

    /// Months still to simulate.
    pub fn months_left(&self) -> u32 {
        self.horizon.saturating_sub(self.next_month)
    }

    /// Simulates the next month of every run (nothing when all are done).
    fn month(&mut self) {
        let t = self.next_month;
        if t >= self.horizon {
            return;
        }
        let (runs, full, horizon, target, headline, run_count, n_runs, h_end, start) = (
            self.runs,
            self.full,
            self.horizon,
            self.target,
            self.headline,
            self.run_count,
            self.n_runs,
            self.h_end,
            self.start,
        );
        let mut block_index = self.block_index;
        let normal = &self.normal;
        let fast_exp = &self.fast_exp;
        let hhi_all = &mut self.hhi_all;
        let hhi_stays = &mut self.hhi_stays;
        let hhi_left = &mut self.hhi_left;
        let top_all = &mut self.top_all;
        let top_stays = &mut self.top_stays;
        let top_left = &mut self.top_left;
        let bands = &mut self.bands;
        let plans = std::mem::take(&mut self.plans);
        let after_ext = std::mem::take(&mut self.after_ext);
        let leave = std::mem::take(&mut self.leave);
        let growth_streams = std::mem::take(&mut self.growth_streams);
        let market_streams = std::mem::take(&mut self.market_streams);
        let blocks = std::mem::take(&mut self.blocks);
        let mut market = std::mem::take(&mut self.market);
        let mut totals = std::mem::take(&mut self.totals);
        let mut sum_sq = std::mem::take(&mut self.sum_sq);
        let mut top = std::mem::take(&mut self.top);
        let mut levels = std::mem::take(&mut self.levels);
        let mut month_revenue = std::mem::take(&mut self.month_revenue);
        let mut factors = std::mem::take(&mut self.factors);
        let mut horizon_revenue = std::mem::take(&mut self.horizon_revenue);
        let mut year_sums = std::mem::take(&mut self.year_sums);
        let mut ring = std::mem::take(&mut self.ring);
        let mut window = std::mem::take(&mut self.window);
        let mut reach_month = std::mem::take(&mut self.reach_month);
        let mut reached_in = std::mem::take(&mut self.reached_in);
        let mut above = std::mem::take(&mut self.above);
        let mut mean_musd = std::mem::take(&mut self.mean_musd);
        let mut percentiles_musd = std::mem::take(&mut self.percentiles_musd);
        let mut scratch = std::mem::take(&mut self.scratch);
        let mut years = std::mem::take(&mut self.years);
        let tu = t as usize;
        let in_block = blocks.get(block_index).is_some_and(|b| t >= b.first_month);
        if t > 0 {
            for (m, stream) in market.iter_mut().zip(&market_streams) {
                *m = normal.at(*stream, u64::from(t));
            }
        }
        totals.iter_mut().for_each(|v| *v = 0.0);
        if full {
            sum_sq.iter_mut().for_each(|v| *v = 0.0);
            top.iter_mut().for_each(|v| *v = 0.0);
        }
        let mut streams_used = 0usize;
        for (i, p) in plans.iter().enumerate() {
            let presence = p.presence.get(tu).copied().unwrap_or(0.0);
            let after = after_ext.get(i).map_or(&[][..], Vec::as_slice);
            let lo = i * n_runs;
            let (Some(lv), Some(gone)) =
                (levels.get_mut(lo..lo + n_runs), leave.get(lo..lo + n_runs))
            else {
                continue;
            };
            let revenue_slot = if full {
                month_revenue.get_mut(lo..lo + n_runs)
            } else {
                month_revenue.get_mut(0..n_runs)
            };
            let Some(revenue_out) = revenue_slot else {
                continue;
            };
            let share_of = |g: u16| -> f64 {
                let since = (t.wrapping_sub(u32::from(g)) as usize).min(h_end);
                presence * after.get(since).copied().unwrap_or(0.0)
            };
            match &p.fixed_levels {
                Some(fixed) => {
                    let level = fixed.get(tu).copied().unwrap_or(0.0);
                    for ((total, g), out) in totals.iter_mut().zip(gone).zip(revenue_out.iter_mut())
                    {
                        let v = level * share_of(*g);
                        *out = v;
                        *total += v;
                    }
                }
                None => {
                    let streams = growth_streams
                        .get(streams_used..streams_used + n_runs)
                        .unwrap_or(&[]);
                    streams_used += n_runs;
                    let grows = t > p.first_month;
                    if grows {
                        // The month's growth factors first, in a loop of independent runs
                        // the processor can overlap (a draw for a run that no longer
                        // grows is read and not used: draws have addresses, so nothing
                        // else changes).
                        for (r, (factor, stream)) in factors.iter_mut().zip(streams).enumerate() {
                            let own = normal.at(*stream, u64::from(t));
                            let m = market.get(r).copied().unwrap_or(0.0);
                            *factor =
                                fast_exp.exp(p.drift + p.market_weight * m + p.own_weight * own);
                        }
                    }
                    for ((((total, g), out), level), factor) in totals
                        .iter_mut()
                        .zip(gone)
                        .zip(revenue_out.iter_mut())
                        .zip(lv.iter_mut())
                        .zip(&factors)
                    {
                        let wound_down =
                            p.ends && *g != NEVER && t >= u32::from(*g) + p.wind_down_months;
                        if grows && !wound_down {
                            *level *= factor;
                        }
                        let v = *level * share_of(*g);
                        *out = v;
                        *total += v;
                    }
                }
            }
            if full {
                let pc = p.per_customer;
                for ((sq, tp), v) in sum_sq
                    .iter_mut()
                    .zip(top.iter_mut())
                    .zip(revenue_out.iter())
                {
                    let per_customer = v * pc;
                    *sq += v * per_customer;
                    *tp = tp.max(per_customer);
                }
            }
        }
        for ((h, y), total) in horizon_revenue
            .iter_mut()
            .zip(year_sums.iter_mut())
            .zip(&totals)
        {
            *h += total;
            if in_block {
                *y += total;
            }
        }
        // Reaching the target: the 12 months to date, added oldest first.
        if let Some(slot) = ring.get_mut((tu % 12) * n_runs..(tu % 12 + 1) * n_runs) {
            slot.copy_from_slice(&totals);
        }
        let reached_so_far: u32 = reached_in.iter().sum();
        if t >= 11 && reached_so_far < runs {
            window.iter_mut().for_each(|w| *w = 0.0);
            for j in 1..=12 {
                let k = (tu + j) % 12;
                if let Some(slot) = ring.get(k * n_runs..(k + 1) * n_runs) {
                    for (w, v) in window.iter_mut().zip(slot) {
                        *w += v;
                    }
                }
            }
            let mut newly = 0u32;
            for (m, w) in reach_month.iter_mut().zip(&window) {
                if *m == NEVER && *w >= target {
                    *m = u16::try_from(t).unwrap_or(NEVER - 1);
                    newly += 1;
                }
            }
            if let Some(c) = reached_in.get_mut(tu) {
                *c += newly;
            }
        }
        if full {
            let mut headline_left_runs = 0u32;
            let headline_gone = headline
                .and_then(|h| leave.get(h * n_runs..(h + 1) * n_runs))
                .unwrap_or(&[]);
            for (r, ((total, sq), tp)) in totals.iter().zip(&sum_sq).zip(&top).enumerate() {
                let (hhi, top1) = if *total > 0.0 {
                    (
                        (10_000.0 * sq / (total * total)).clamp(0.0, 10_000.0),
                        (tp / total).clamp(0.0, 1.0),
                    )
                } else {
                    (0.0, 0.0)
                };
                hhi_all.add(hhi);
                top_all.add(top1);
                let left = headline_gone
                    .get(r)
                    .is_some_and(|g| *g != NEVER && t >= u32::from(*g));
                if left {
                    headline_left_runs += 1;
                    hhi_left.add(hhi);
                    top_left.add(top1);
                } else {
                    hhi_stays.add(hhi);
                    top_stays.add(top1);
                }
            }
            for (i, p) in plans.iter().enumerate() {
                if p.per_customer <= 0.0 {
                    continue;
                }
                let Some(revs) = month_revenue.get(i * n_runs..(i + 1) * n_runs) else {
                    continue;
                };
                let count = revs
                    .iter()
                    .zip(&totals)
                    .filter(|(v, total)| {
                        **total > 0.0
                            && *v * p.per_customer
                                >= (crate::concentration::DISCLOSURE_THRESHOLD - 1e-12) * **total
                    })
                    .count();
                if let Some(c) = above.get_mut(i * horizon as usize + tu) {
                    *c += u32::try_from(count).unwrap_or(u32::MAX);
                }
            }
            bands
                .p_headline_left
                .push(f64::from(headline_left_runs) / run_count);
        }
        mean_musd.push(totals.iter().sum::<f64>() / run_count);
        if full {
            percentiles_musd.push(percentiles_in_place(&mut totals, &PERCENTILES));
            bands.hhi.push(hhi_all.take());
            bands.hhi_if_stays.push(hhi_stays.take());
            bands.hhi_if_left.push(hhi_left.take());
            bands.top1.push(top_all.take());
            bands.top1_if_stays.push(top_stays.take());
            bands.top1_if_left.push(top_left.take());
        }

        if let Some(block) = blocks.get(block_index) {
            if t + 1 == block.first_month + block.months {
                if full {
                    let annualiser = block.annualiser();
                    for (dst, src) in scratch.iter_mut().zip(&year_sums) {
                        *dst = src * annualiser;
                    }
                    let reach = scratch.iter().filter(|v| **v >= target).count() as f64 / run_count;
                    let mean = scratch.iter().sum::<f64>() / run_count;
                    let pct = percentiles_in_place(&mut scratch, &PERCENTILES);
                    years.push(YearDistribution {
                        block: (*block).clone(),
                        from: start.plus_months(block.first_month),
                        to: start.plus_months(block.first_month + block.months - 1),
                        percentiles_musd: pct,
                        mean_musd: mean,
                        share_at_or_above_target: reach,
                    });
                }
                block_index += 1;
                if blocks.get(block_index).is_some() {
                    year_sums.iter_mut().for_each(|v| *v = 0.0);
                }
            }
        }
        self.plans = plans;
        self.after_ext = after_ext;
        self.leave = leave;
        self.growth_streams = growth_streams;
        self.market_streams = market_streams;
        self.blocks = blocks;
        self.market = market;
        self.totals = totals;
        self.sum_sq = sum_sq;
        self.top = top;
        self.levels = levels;
        self.month_revenue = month_revenue;
        self.factors = factors;
        self.horizon_revenue = horizon_revenue;
        self.year_sums = year_sums;
        self.ring = ring;
        self.window = window;
        self.reach_month = reach_month;
        self.reached_in = reached_in;
        self.above = above;
        self.mean_musd = mean_musd;
        self.percentiles_musd = percentiles_musd;
        self.scratch = scratch;
        self.years = years;
        self.block_index = block_index;
        self.next_month = t + 1;
    }

    /// The results, after simulating whatever months remain.
    pub fn finish(mut self) -> Simulation {
        while self.next_month < self.horizon {
            self.month();
        }
        let SimulationSteps {
            runs,
            full,
            horizon,
            seed,
            target,
            n_clients,
            step,
            run_count,
            n_runs,
            plans,
            leave,
            blocks,
            horizon_revenue,
            year_sums,
            reach_month,
            reached_in,
            above,
            mean_musd,
            percentiles_musd,
            mut scratch,
            years,
            mut bands,
            clients,
            ..
        } = self;
        let mut cumulative = 0u32;
        let p_reach_by_month: Vec<f64> = reached_in
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

        let (final_year_histogram, worst_5pct_mean_musd) = if full {
            let annualiser = blocks.last().map_or(1.0, YearBlock::annualiser);
            for (dst, src) in scratch.iter_mut().zip(&year_sums) {
                *dst = src * annualiser;
            }
            let hist = histogram(&scratch);
            let worst_count = ((run_count * 0.05).floor() as usize)
                .max(1)
                .min(scratch.len());
            let worst = if worst_count > 0 && worst_count <= scratch.len() {
                let (worst, nth, _) =
                    scratch.select_nth_unstable_by(worst_count - 1, f64::total_cmp);
                (worst.iter().sum::<f64>() + *nth) / worst_count as f64
            } else {
                0.0
            };
            (hist, worst)
        } else {
            (histogram(&[]), 0.0)
        };
        if full {
            bands.p_at_or_above_threshold = (0..step.min(n_clients))
                .map(|i| {
                    above
                        .get(i * horizon as usize..(i + 1) * horizon as usize)
                        .unwrap_or(&[])
                        .iter()
                        .map(|c| f64::from(*c) / run_count)
                        .collect()
                })
                .collect();
        }
        let last_month = horizon.saturating_sub(1);
        let p_left = clients
            .iter()
            .enumerate()
            .zip(&plans)
            .map(|((i, c), p)| {
                if p.survival.is_some() || p.forced.is_some() {
                    let left = leave
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
                percentiles_musd,
                mean_musd,
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
            reach_month,
            horizon_revenue_musd: horizon_revenue,
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

    #[test]
    fn band_histograms_are_exact_when_runs_agree() {
        let mut h = BandHistogram::new(10_000.0);
        for _ in 0..7 {
            h.add(5_312.5);
        }
        assert_eq!(h.take(), Some([5_312.5; 3]));
        assert_eq!(h.take(), None);
    }
}
