//! The Monte Carlo: many random paths of every client, summarised as percentiles per
//! month (the fan chart), the distribution of each year's revenue, the probability of
//! reaching the target, the probability each client has left, and the expected
//! shortfall of the worst 5%.
//!
//! Each run draws every client's path month by month:
//! - growth: the spend is multiplied each month by exp(μ + σₘ·Z), Z standard normal,
//!   σₘ = σ / √12 and μ = ln *m* − σₘ² / 2, so its expectation grows by the same
//!   monthly factor *m* as the expected path (before a client's first month the spend
//!   grows by *m* without shocks);
//! - departure: a single customer (an entry standing for one customer) still there
//!   leaves in month *t* > first month with the monthly hazard *h* of
//!   [`crate::projection`], then winds down; an entry standing for many customers
//!   loses them at the expected rate instead (by the law of large numbers their
//!   fraction remaining is close to its expectation), so its path carries growth
//!   risk only;
//! - ramps as in the expected path.
//!
//! Runs have their own generator ([`Xoshiro256PlusPlus::for_run`]), so a simulation
//! with fewer runs is a subset of one with more, and the same scenario and seed give
//! bit-identical results natively and in WebAssembly. Runs advance month by month
//! together; memory holds one state per run and client (not whole paths), so
//! 100,000 runs of 10 clients need about 14 MB whatever the horizon.
//!
//! Percentiles are nearest-rank: the value at rank round(*q* · (*n* − 1)) of the
//! sorted values, found by selection (`select_nth_unstable_by`), not a full sort.
//! "Reaching the target" means the revenue of the horizon's final 12 months (the
//! last [`crate::projection::YearBlock`]) is at least the target; its Monte Carlo
//! standard error is √(*p*(1 − *p*)/*n*). The expected shortfall is the mean final-year
//! revenue of the worst 5% of runs, and how far that falls below the target.

use crate::projection::{
    expected_presence, monthly_factor, monthly_hazard, ramp_fraction, wind_fraction, year_blocks,
    YearBlock,
};
use crate::random::{Normal, Xoshiro256PlusPlus};
use crate::scenario::YearMonth;
use crate::validate::ValidScenario;

/// The percentiles reported, in order.
pub const PERCENTILES: [f64; 5] = [0.05, 0.25, 0.50, 0.75, 0.95];
/// Bins of the final year's histogram.
pub const HISTOGRAM_BINS: usize = 30;
const NOT_DEPARTED: u16 = u16::MAX;

/// The distribution of one year's revenue over the runs.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct YearDistribution {
    /// The months of the year.
    pub block: YearBlock,
    /// First calendar month.
    pub from: YearMonth,
    /// Last calendar month.
    pub to: YearMonth,
    /// Percentiles 5/25/50/75/95 of the year's revenue, $M (annualised under a year).
    pub percentiles_musd: [f64; 5],
    /// Mean of the year's revenue, $M.
    pub mean_musd: f64,
    /// Share of runs whose year reaches the target.
    pub p_reach_target: f64,
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
    /// Each year's distribution, oldest first; the last is the final 12 months.
    pub years: Vec<YearDistribution>,
    /// Histogram of the final year's revenue.
    pub final_year_histogram: Histogram,
    /// Probability that the final 12 months' revenue reaches the target.
    pub p_reach_target: f64,
    /// Monte Carlo standard error of `p_reach_target`.
    pub p_reach_target_std_error: f64,
    /// Per client: the probability it has left by the end of the horizon (for an
    /// entry of many customers, the expected share of its customers that have left).
    pub p_left: Vec<f64>,
    /// Mean final-year revenue of the worst 5% of runs, $M.
    pub worst_5pct_mean_musd: f64,
    /// How far that mean falls short of the target, $M (0 when it reaches it).
    pub expected_shortfall_musd: f64,
}

/// Per-client constants of the simulation.
struct ClientParams {
    factor: f64,
    drift: f64,
    sigma: f64,
    /// The monthly hazard as a threshold on a uniform `u64`.
    hazard_threshold: u64,
    first_month: u32,
    wind_down_months: u32,
    /// Whether departures are drawn (one customer with a chance of leaving).
    draws_departure: bool,
}

/// Selects the values at the ranks of `quantiles` (ascending) in place.
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
        let rank = (q.clamp(0.0, 1.0) * (n - 1) as f64).round() as usize;
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

/// Runs the Monte Carlo with the scenario's number of runs and seed.
pub fn simulate(scenario: &ValidScenario) -> MonteCarlo {
    simulate_runs(scenario, scenario.get().simulation.runs)
}

/// Runs the Monte Carlo with `runs` runs (clamped to 1–100,000) and the scenario's
/// seed: the quick preview while a reader drags a slider uses fewer runs of the same
/// streams, so the bands do not jitter.
pub fn simulate_runs(scenario: &ValidScenario, runs: u32) -> MonteCarlo {
    let s = scenario.get();
    let runs = runs.clamp(1, 100_000);
    let horizon = s.horizon_months;
    let seed = s.simulation.seed;
    let target = s.target_annual_revenue_musd;
    let n_clients = s.clients.len();
    let normal = Normal::new();

    let params: Vec<ClientParams> = s
        .clients
        .iter()
        .map(|c| {
            let factor = monthly_factor(c.annual_growth);
            let sigma = c.growth_volatility / 12f64.sqrt();
            let hazard = monthly_hazard(c.annual_leave_probability);
            ClientParams {
                factor,
                drift: libm::log(factor) - 0.5 * sigma * sigma,
                sigma,
                hazard_threshold: if hazard >= 1.0 {
                    u64::MAX
                } else {
                    (hazard * 18_446_744_073_709_551_616.0) as u64
                },
                first_month: c.first_month,
                wind_down_months: c.wind_down_months,
                draws_departure: c.customers == 1 && hazard > 0.0,
            }
        })
        .collect();
    // The deterministic part of each client's presence per month: the ramp, and for
    // entries of many customers the expected share still there.
    let hazards: Vec<f64> = s
        .clients
        .iter()
        .map(|c| monthly_hazard(c.annual_leave_probability))
        .collect();
    let presence_at = |t: u32| -> Vec<f64> {
        s.clients
            .iter()
            .zip(&params)
            .zip(&hazards)
            .map(|((c, p), h)| {
                let ramp = ramp_fraction(c, t);
                if p.draws_departure || c.customers == 1 {
                    ramp
                } else {
                    ramp * expected_presence(c, *h, t)
                }
            })
            .collect()
    };

    let mut rngs: Vec<Xoshiro256PlusPlus> = (0..u64::from(runs))
        .map(|r| Xoshiro256PlusPlus::for_run(seed, r))
        .collect();
    let mut levels: Vec<f64> = Vec::with_capacity(runs as usize * n_clients);
    for _ in 0..runs {
        levels.extend(s.clients.iter().map(|c| c.monthly_spend_musd));
    }
    let mut departed: Vec<u16> = vec![NOT_DEPARTED; runs as usize * n_clients];
    let mut totals = vec![0.0f64; runs as usize];
    let mut year_sums = vec![0.0f64; runs as usize];
    let mut scratch = vec![0.0f64; runs as usize];

    let blocks = year_blocks(horizon);
    let mut block_iter = blocks.iter().peekable();
    let mut years = Vec::with_capacity(blocks.len());
    let mut percentiles_musd = Vec::with_capacity(horizon as usize);
    let mut mean_musd = Vec::with_capacity(horizon as usize);
    let run_count = f64::from(runs);
    let step = n_clients.max(1);

    for t in 0..horizon {
        let presence = presence_at(t);
        let in_block = block_iter.peek().is_some_and(|b| t >= b.first_month);
        for (((rng, lv), dep), (total, year_sum)) in rngs
            .iter_mut()
            .zip(levels.chunks_exact_mut(step))
            .zip(departed.chunks_exact_mut(step))
            .zip(totals.iter_mut().zip(year_sums.iter_mut()))
        {
            let mut sum = 0.0;
            for (((level, gone), p), base) in lv
                .iter_mut()
                .zip(dep.iter_mut())
                .zip(&params)
                .zip(&presence)
            {
                let mut share = *base;
                if *gone != NOT_DEPARTED {
                    let since = t - u32::from(*gone);
                    if since >= p.wind_down_months {
                        continue;
                    }
                    share *= wind_fraction(p.wind_down_months, since);
                }
                if t > 0 {
                    if t <= p.first_month || p.sigma == 0.0 {
                        *level *= p.factor;
                    } else {
                        *level *= libm::exp(p.drift + p.sigma * normal.sample(rng));
                    }
                }
                if p.draws_departure
                    && *gone == NOT_DEPARTED
                    && t > p.first_month
                    && rng.next_u64() < p.hazard_threshold
                {
                    *gone = u16::try_from(t).unwrap_or(NOT_DEPARTED - 1);
                    share *= wind_fraction(p.wind_down_months, 0);
                }
                sum += *level * share;
            }
            *total = sum;
            if in_block {
                *year_sum += sum;
            }
        }
        mean_musd.push(totals.iter().sum::<f64>() / run_count);
        percentiles_musd.push(percentiles_in_place(&mut totals, &PERCENTILES));

        if let Some(block) = block_iter.peek() {
            if t + 1 == block.first_month + block.months {
                let annualiser = block.annualiser();
                for (dst, src) in scratch.iter_mut().zip(&year_sums) {
                    *dst = src * annualiser;
                }
                let reach = scratch.iter().filter(|v| **v >= target).count() as f64 / run_count;
                let mean = scratch.iter().sum::<f64>() / run_count;
                let pct = percentiles_in_place(&mut scratch, &PERCENTILES);
                years.push(YearDistribution {
                    block: (*block).clone(),
                    from: s.start.plus_months(block.first_month),
                    to: s.start.plus_months(block.first_month + block.months - 1),
                    percentiles_musd: pct,
                    mean_musd: mean,
                    p_reach_target: reach,
                });
                block_iter.next();
                if block_iter.peek().is_some() {
                    year_sums.iter_mut().for_each(|v| *v = 0.0);
                }
            }
        }
    }

    // The final year's values are in year_sums (not yet reset); annualise them once more.
    let annualiser = blocks.last().map_or(1.0, YearBlock::annualiser);
    for (dst, src) in scratch.iter_mut().zip(&year_sums) {
        *dst = src * annualiser;
    }
    let final_year_histogram = histogram(&scratch);
    let p_reach_target = years.last().map_or(0.0, |y| y.p_reach_target);
    let worst_count = ((run_count * 0.05).floor() as usize)
        .max(1)
        .min(scratch.len());
    let worst_5pct_mean_musd = if worst_count > 0 && worst_count <= scratch.len() {
        let (worst, nth, _) = scratch.select_nth_unstable_by(worst_count - 1, f64::total_cmp);
        (worst.iter().sum::<f64>() + *nth) / worst_count as f64
    } else {
        0.0
    };
    let last_month = horizon.saturating_sub(1);
    let p_left = s
        .clients
        .iter()
        .enumerate()
        .zip(&params)
        .zip(&hazards)
        .map(|(((i, c), p), h)| {
            if p.draws_departure {
                let left = departed
                    .iter()
                    .skip(i)
                    .step_by(step)
                    .filter(|d| **d != NOT_DEPARTED)
                    .count();
                left as f64 / run_count
            } else if last_month <= c.first_month {
                0.0
            } else {
                1.0 - libm::pow(1.0 - h, f64::from(last_month - c.first_month))
            }
        })
        .collect();
    MonteCarlo {
        runs,
        seed,
        percentiles_musd,
        mean_musd,
        years,
        final_year_histogram,
        p_reach_target,
        p_reach_target_std_error: (p_reach_target * (1.0 - p_reach_target) / run_count).sqrt(),
        p_left,
        worst_5pct_mean_musd,
        expected_shortfall_musd: (target - worst_5pct_mean_musd).max(0.0),
    }
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
/// and probability of reaching the target; the histogram's minimum, bin width and
/// counts (as `u64`); `p_reach_target`, its standard error, each client's `p_left`,
/// `worst_5pct_mean_musd` and `expected_shortfall_musd`. Every `f64` is taken through
/// [`f64::to_bits`], so any difference in the last bit changes the fingerprint.
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
        h.float(year.p_reach_target);
    }
    let hist = &result.final_year_histogram;
    h.float(hist.min_musd);
    h.float(hist.bin_width_musd);
    for count in &hist.counts {
        h.int(u64::from(*count));
    }
    h.float(result.p_reach_target);
    h.float(result.p_reach_target_std_error);
    h.floats(&result.p_left);
    h.float(result.worst_5pct_mean_musd);
    h.float(result.expected_shortfall_musd);
    h.0
}
