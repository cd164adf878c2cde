//! Native benchmark of the Monte Carlo, without a benchmark framework:
//! `cargo bench -p revenue-model --bench monte_carlo`.
//!
//! Cases: 10,000 and 100,000 runs of `ten_clients_benchmark()` (tests/support) (36 months,
//! 10 clients: the article's base case plus eight single customers with growth
//! volatility, ramps and a chance of leaving), and a baseline measured in the same
//! process: the same model and outputs as `simulate_runs` written naively, one run at a
//! time with Xoshiro256++, Box–Muller normals from the platform's `ln`, `sqrt`, `cos`
//! and `sin`, `f64::exp`, whole paths kept in memory and full sorts for every
//! percentile. Each case is run once to warm up, then repeatedly; the median and
//! minimum wall-clock times are reported as a markdown table, with the median time on
//! the CPU where Linux reports it (on a shared machine the wall-clock time includes
//! other processes).
//!
//! With `--bench`, it then checks that the two agree in distribution at 10,000 runs
//! (P(reach target) within 3 standard errors of their difference, the last month's
//! median within 2%) and panics if not, and writes the model's figures at 10,000 runs to
//! `bench-results/monte-carlo-native.json`: `bench/run-monte-carlo.mjs` checks that the
//! WebAssembly build gives the same checksum (the model is bit-identical on both
//! targets) and compares the JavaScript baseline with these figures.

#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use revenue_model::concentration::DISCLOSURE_THRESHOLD;
use revenue_model::monte_carlo::{
    result_fingerprint, simulate_runs, MonteCarlo, HISTOGRAM_BINS, PERCENTILES,
};
#[path = "../tests/support/mod.rs"]
mod support;
use revenue_model::projection::year_blocks;
use revenue_model::random::Xoshiro256PlusPlus;
use revenue_model::{validate, ValidScenario};
use std::hint::black_box;
use std::time::{Duration, Instant};
use support::{random_path_floor, ten_clients_benchmark};

/// The benchmarks' 10-client scenario (36 months).
fn ten_clients() -> ValidScenario {
    validate(ten_clients_benchmark()).unwrap()
}

/// A standard normal by Box–Muller, using both variates of each pair.
struct BoxMuller {
    spare: Option<f64>,
}

impl BoxMuller {
    fn sample(&mut self, rng: &mut Xoshiro256PlusPlus) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let u1 = 1.0 - rng.next_f64(); // (0, 1]
        let u2 = rng.next_f64();
        let r = (-2.0 * u1.ln()).sqrt();
        let theta = std::f64::consts::TAU * u2;
        self.spare = Some(r * theta.sin());
        r * theta.cos()
    }
}

/// The percentile at rank round(q · (n − 1)), halves to even, of sorted values.
fn sorted_percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (q * (sorted.len() - 1) as f64).round_ties_even() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// What the naive version computes: the figures of [`MonteCarlo`] (concentration bands
/// as exact percentiles instead of bin means).
#[allow(dead_code)] // the fields are the work; only some are read back
struct NaiveResult {
    percentiles_musd: Vec<[f64; 5]>,
    mean_musd: Vec<f64>,
    years: Vec<([f64; 5], f64, f64)>,
    final_year_histogram: (f64, f64, Vec<u32>),
    p_reach_target: f64,
    p_reach_by_month: Vec<f64>,
    median_reach_month: Option<usize>,
    p_left: Vec<f64>,
    worst_5pct_mean_musd: f64,
    /// `[measure][group][month]`: HHI and top share over all runs, the runs in which the
    /// headline client stays and those in which it has left.
    bands: Vec<Vec<Vec<Option<[f64; 3]>>>>,
    p_headline_left: Vec<f64>,
    p_at_or_above_threshold: Vec<Vec<f64>>,
}

/// The same model written the obvious way (formulas in the model's module docs): one run
/// at a time with its own Xoshiro256++ generator, every client's whole path and every
/// run's totals and concentration kept, Box–Muller normals, `f64::exp`, departures by
/// inversion from one uniform with a linear search, the 12 months to date summed afresh
/// each month, and every percentile (revenue, years, concentration) by a full sort.
fn naive(scenario: &ValidScenario, runs: u32) -> NaiveResult {
    let s = scenario.get();
    let horizon = s.horizon_months as usize;
    let n = runs as usize;
    let target = s.target_annual_revenue_musd;
    let rho = s.growth_correlation.clamp(0.0, 1.0);
    let headline = s.headline_client();

    struct Plan {
        factor: f64,
        sigma: f64,
        drift: f64,
        hazard: f64,
        single: bool,
        presence: Vec<f64>,
        after: Vec<f64>,
        survival: Vec<f64>,
        per_customer: f64,
    }
    let plans: Vec<Plan> = s
        .clients
        .iter()
        .map(|c| {
            let factor = (1.0 + c.annual_growth).powf(1.0 / 12.0);
            let sigma = c.growth_volatility / 12f64.sqrt();
            let hazard = if c.own_product {
                0.0
            } else {
                1.0 - (1.0 - c.annual_leave_probability.clamp(0.0, 1.0)).powf(1.0 / 12.0)
            };
            let single = c.customers == 1 && !c.own_product;
            let f = c.first_month as usize;
            let kept = c.kept_share.clamp(0.0, 1.0);
            let w = f64::from(c.wind_down_months);
            let wind = |k: usize| (1.0 - (k as f64 + 1.0) / (w + 1.0)).max(0.0);
            let presence = (0..horizon)
                .map(|t| {
                    let ramp = if t < f {
                        0.0
                    } else if c.ramp_months == 0 {
                        1.0
                    } else {
                        ((t - f + 1) as f64 / f64::from(c.ramp_months)).min(1.0)
                    };
                    if single || t < f {
                        return ramp;
                    }
                    // Expected presence of a group: survival plus the winding-down spend.
                    let stay = 1.0 - hazard;
                    let survival = stay.powi((t - f) as i32);
                    let earliest = t.saturating_sub(c.wind_down_months as usize).max(f + 1);
                    let winding: f64 = (earliest..=t)
                        .map(|l| stay.powi((l - f - 1) as i32) * hazard * wind(t - l))
                        .sum();
                    ramp * (survival + kept * (1.0 - survival) + (1.0 - kept) * winding)
                })
                .collect();
            let span = horizon.saturating_sub(f);
            Plan {
                factor,
                sigma,
                drift: factor.ln() - 0.5 * sigma * sigma,
                hazard,
                single,
                presence,
                after: (0..horizon)
                    .map(|k| kept + (1.0 - kept) * wind(k))
                    .collect(),
                survival: (0..=span).map(|k| (1.0 - hazard).powi(k as i32)).collect(),
                per_customer: if c.own_product {
                    0.0
                } else {
                    1.0 / f64::from(c.customers.max(1))
                },
            }
        })
        .collect();

    // Per run: totals, HHI and top share per month, and when the headline client left.
    let mut totals = vec![vec![0.0f64; horizon]; n];
    let mut hhi = vec![vec![0.0f64; horizon]; n];
    let mut top1 = vec![vec![0.0f64; horizon]; n];
    let mut headline_left = vec![usize::MAX; n];
    let mut left_count = vec![0u32; plans.len()];
    let mut above = vec![vec![0u32; horizon]; plans.len()];
    let mut paths = vec![vec![0.0f64; horizon]; plans.len()];
    for r in 0..n {
        let mut rng = Xoshiro256PlusPlus::for_run(s.simulation.seed, r as u64);
        let mut normal = BoxMuller { spare: None };
        let market: Vec<f64> = (0..horizon)
            .map(|t| if t > 0 { normal.sample(&mut rng) } else { 0.0 })
            .collect();
        for (i, (c, p)) in s.clients.iter().zip(&plans).enumerate() {
            let f = c.first_month as usize;
            let mut gone = None;
            if p.single && p.hazard > 0.0 {
                let u = 1.0 - rng.next_f64(); // (0, 1]
                let mut k = 0;
                while k + 1 < p.survival.len() && p.survival[k + 1] >= u {
                    k += 1;
                }
                if k + 1 < p.survival.len() {
                    gone = Some(f + 1 + k);
                }
            }
            if gone.is_some_and(|l| l < horizon) {
                left_count[i] += 1;
            }
            if headline == Some(i) {
                headline_left[r] = gone.unwrap_or(usize::MAX);
            }
            let mut level = c.monthly_spend_musd;
            for (t, slot) in paths[i].iter_mut().enumerate() {
                if t > f {
                    if p.sigma == 0.0 {
                        level *= p.factor;
                    } else {
                        let z =
                            rho.sqrt() * market[t] + (1.0 - rho).sqrt() * normal.sample(&mut rng);
                        level *= (p.drift + p.sigma * z).exp();
                    }
                }
                let share = match gone {
                    Some(l) if t >= l => p.after[t - l],
                    _ => 1.0,
                };
                *slot = level * p.presence[t] * share;
            }
        }
        for t in 0..horizon {
            let total: f64 = paths.iter().map(|path| path[t]).sum();
            totals[r][t] = total;
            if total > 0.0 {
                let sq: f64 = paths
                    .iter()
                    .zip(&plans)
                    .map(|(path, p)| path[t] * path[t] * p.per_customer)
                    .sum();
                let top = paths
                    .iter()
                    .zip(&plans)
                    .map(|(path, p)| path[t] * p.per_customer)
                    .fold(0.0, f64::max);
                hhi[r][t] = (10_000.0 * sq / (total * total)).clamp(0.0, 10_000.0);
                top1[r][t] = (top / total).clamp(0.0, 1.0);
                for (i, (path, p)) in paths.iter().zip(&plans).enumerate() {
                    if p.per_customer > 0.0
                        && path[t] * p.per_customer >= (DISCLOSURE_THRESHOLD - 1e-12) * total
                    {
                        above[i][t] += 1;
                    }
                }
            }
        }
    }

    let runs_f = f64::from(runs);
    let mut column = vec![0.0f64; n];
    let mut percentiles_musd = Vec::with_capacity(horizon);
    let mut mean_musd = Vec::with_capacity(horizon);
    for t in 0..horizon {
        for (v, run) in column.iter_mut().zip(&totals) {
            *v = run[t];
        }
        mean_musd.push(column.iter().sum::<f64>() / runs_f);
        column.sort_by(f64::total_cmp);
        percentiles_musd.push(PERCENTILES.map(|q| sorted_percentile(&column, q)));
    }
    let mut years = Vec::new();
    let mut year_values = Vec::new();
    for block in year_blocks(s.horizon_months) {
        let from = block.first_month as usize;
        year_values = totals
            .iter()
            .map(|run| {
                run[from..from + block.months as usize].iter().sum::<f64>() * block.annualiser()
            })
            .collect();
        let mean = year_values.iter().sum::<f64>() / runs_f;
        let share = year_values.iter().filter(|v| **v >= target).count() as f64 / runs_f;
        year_values.sort_by(f64::total_cmp);
        years.push((
            PERCENTILES.map(|q| sorted_percentile(&year_values, q)),
            mean,
            share,
        ));
    }
    let (lo, hi) = (year_values[0], year_values[n - 1]);
    let width = if hi > lo {
        (hi - lo) / HISTOGRAM_BINS as f64
    } else {
        (lo.abs() * 0.01).max(1e-6)
    };
    let mut counts = vec![0u32; HISTOGRAM_BINS];
    for v in &year_values {
        counts[(((v - lo) / width) as usize).min(HISTOGRAM_BINS - 1)] += 1;
    }
    let worst = ((runs_f * 0.05).floor() as usize).max(1).min(n);
    let worst_5pct_mean_musd = year_values[..worst].iter().sum::<f64>() / worst as f64;

    // Reaching the target: the first month t ≥ 11 whose 12 months to date reach it.
    let mut reached_in = vec![0u32; horizon];
    for run in &totals {
        if let Some(t) = (11..horizon).find(|&t| run[t - 11..=t].iter().sum::<f64>() >= target) {
            reached_in[t] += 1;
        }
    }
    let mut cumulative = 0;
    let p_reach_by_month: Vec<f64> = reached_in
        .iter()
        .map(|c| {
            cumulative += c;
            f64::from(cumulative) / runs_f
        })
        .collect();

    let band = |values: &mut Vec<f64>| {
        (!values.is_empty()).then(|| {
            values.sort_by(f64::total_cmp);
            [0.05, 0.5, 0.95].map(|q| sorted_percentile(values, q))
        })
    };
    let mut bands: Vec<Vec<Vec<Option<[f64; 3]>>>> = vec![vec![Vec::new(); 3]; 2];
    let mut p_headline_left = Vec::with_capacity(horizon);
    for t in 0..horizon {
        for (measure, per_run) in bands.iter_mut().zip([&hhi, &top1]) {
            let mut all: Vec<f64> = per_run.iter().map(|v| v[t]).collect();
            let mut stays: Vec<f64> = Vec::new();
            let mut left: Vec<f64> = Vec::new();
            for (v, l) in per_run.iter().zip(&headline_left) {
                if t >= *l {
                    left.push(v[t]);
                } else {
                    stays.push(v[t]);
                }
            }
            measure[0].push(band(&mut all));
            measure[1].push(band(&mut stays));
            measure[2].push(band(&mut left));
        }
        p_headline_left.push(headline_left.iter().filter(|l| t >= **l).count() as f64 / runs_f);
    }
    let last = horizon.saturating_sub(1);
    NaiveResult {
        percentiles_musd,
        mean_musd,
        years,
        final_year_histogram: (lo, width, counts),
        p_reach_target: p_reach_by_month.last().copied().unwrap_or(0.0),
        median_reach_month: p_reach_by_month.iter().position(|p| *p >= 0.5),
        p_reach_by_month,
        p_left: s
            .clients
            .iter()
            .zip(&plans)
            .zip(&left_count)
            .map(|((c, p), count)| {
                let f = c.first_month as usize;
                if p.single && p.hazard > 0.0 {
                    f64::from(*count) / runs_f
                } else if last <= f {
                    0.0
                } else {
                    1.0 - (1.0 - p.hazard).powi((last - f) as i32)
                }
            })
            .collect(),
        worst_5pct_mean_musd,
        bands,
        p_headline_left,
        p_at_or_above_threshold: above
            .iter()
            .map(|m| m.iter().map(|c| f64::from(*c) / runs_f).collect())
            .collect(),
    }
}

struct Timing {
    median: Duration,
    min: Duration,
    /// Median time on the CPU (Linux only): on a shared machine, wall-clock time also
    /// counts the time other processes had the CPU.
    cpu_median: Option<Duration>,
}

/// Nanoseconds this thread has spent on a CPU, from /proc/thread-self/schedstat.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn time<T>(repetitions: usize, mut f: impl FnMut() -> T) -> Timing {
    black_box(f()); // warm-up
    let mut cpu: Vec<Option<u64>> = Vec::with_capacity(repetitions);
    let mut times: Vec<Duration> = (0..repetitions)
        .map(|_| {
            let cpu_start = thread_cpu_ns();
            let start = Instant::now();
            black_box(f());
            let elapsed = start.elapsed();
            cpu.push(cpu_start.zip(thread_cpu_ns()).map(|(a, b)| b - a));
            elapsed
        })
        .collect();
    times.sort();
    let mut cpu: Option<Vec<u64>> = cpu.into_iter().collect();
    let cpu_median = cpu.as_mut().map(|c| {
        c.sort_unstable();
        Duration::from_nanos(c[c.len() / 2])
    });
    Timing {
        median: times[times.len() / 2],
        min: times[0],
        cpu_median,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The checksum the WebAssembly export `simulate_ten_clients` returns: P(reach target)
/// plus every monthly percentile.
fn checksum(result: &MonteCarlo) -> f64 {
    result.p_reach_target
        + result
            .percentiles_musd
            .iter()
            .flat_map(|month| month.iter())
            .sum::<f64>()
}

/// Checks that the model and the naive version agree in distribution (they draw
/// different random numbers), then writes the model's figures for the browser benchmark.
fn agree_and_record(scenario: &ValidScenario, runs: u32) {
    let model = simulate_runs(scenario, runs);
    let naive = naive(scenario, runs);
    let n = f64::from(runs);
    let (p_m, p_n) = (model.p_reach_target, naive.p_reach_target);
    let se = (p_m * (1.0 - p_m) / n + p_n * (1.0 - p_n) / n).sqrt();
    let median = |p: &[[f64; 5]]| p.last().map_or(0.0, |m| m[2]);
    let (med_m, med_n) = (
        median(&model.percentiles_musd),
        median(&naive.percentiles_musd),
    );
    println!(
        "\nagreement at {runs} runs: P(reach target) model {p_m:.4}, naive {p_n:.4} \
         (difference {:.2} standard errors); last month's median model {med_m:.2}, naive {med_n:.2} ({:+.2}%)",
        (p_m - p_n).abs() / se.max(f64::MIN_POSITIVE),
        100.0 * (med_n / med_m - 1.0),
    );
    assert!(
        (p_m - p_n).abs() <= 3.0 * se || p_m == p_n,
        "the naive baseline does not simulate the model: P(reach target) {p_n} against {p_m}"
    );
    assert!(
        (med_n / med_m - 1.0).abs() <= 0.02,
        "the naive baseline does not simulate the model: last month's median {med_n} against {med_m}"
    );
    let record = serde_json::json!({
        "scenario": "ten_clients_benchmark",
        "runs": runs,
        "months": scenario.horizon(),
        "checksum": checksum(&model),
        "p_reach_target": p_m,
        "p_reach_target_std_error": model.p_reach_target_std_error,
        "last_month_median_musd": med_m,
        "fingerprint": format!("{:016x}", result_fingerprint(&model)),
    });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench-results");
    std::fs::create_dir_all(&dir).expect("create bench-results/");
    let dir = dir.canonicalize().unwrap_or(dir);
    let file = dir.join("monte-carlo-native.json");
    std::fs::write(&file, format!("{record:#}\n"))
        .expect("write bench-results/monte-carlo-native.json");
    println!(
        "model figures for the browser benchmark: {}",
        file.display()
    );
}

fn main() {
    // `cargo bench` passes `--bench`; anything else (`cargo test --all-targets`) gets a quick smoke run.
    let quick =
        std::env::args().any(|a| a == "--quick") || !std::env::args().any(|a| a == "--bench");
    let scenario = ten_clients();
    let clients = scenario.get().clients.len();
    let months = scenario.horizon();
    let reps_small = if quick { 1 } else { 21 };
    let reps_large = if quick { 1 } else { 7 };
    let runs_small = if quick { 1_000 } else { 10_000 };
    let runs_large = if quick { 2_000 } else { 100_000 };

    let check: MonteCarlo = simulate_runs(&scenario, runs_small);
    assert!(check.mean_musd.iter().all(|v| v.is_finite()));

    let rows = [
        (
            "model `simulate_runs`",
            runs_small,
            time(reps_small, || simulate_runs(&scenario, runs_small)),
        ),
        (
            "naive baseline (per run, Box–Muller, `f64::exp`, full sorts)",
            runs_small,
            time(reps_small, || naive(&scenario, runs_small)),
        ),
        (
            "model `simulate_runs`",
            runs_large,
            time(reps_large, || simulate_runs(&scenario, runs_large)),
        ),
        (
            "naive baseline (per run, Box–Muller, `f64::exp`, full sorts)",
            runs_large,
            time(reps_large, || naive(&scenario, runs_large)),
        ),
    ];
    let floors = [
        (
            runs_small,
            time(reps_small, || {
                random_path_floor(runs_small, months, clients)
            }),
        ),
        (
            runs_large,
            time(reps_large, || {
                random_path_floor(runs_large, months, clients)
            }),
        ),
    ];
    if !quick {
        agree_and_record(&scenario, runs_small);
    }
    println!();
    println!(
        "| case | runs × months × clients | median (ms) | min (ms) | CPU median (ms) | ns per run·month·client | model / baseline |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for pair in rows.chunks(2) {
        let (model, baseline) = (&pair[0], &pair[1]);
        let ratio = ms(model.2.median) / ms(baseline.2.median);
        for (i, (name, runs, timing)) in pair.iter().enumerate() {
            let ratio_text = if i == 0 {
                format!("{ratio:.2}")
            } else {
                "1.00".to_string()
            };
            let elements = f64::from(*runs) * f64::from(months) * clients as f64;
            println!(
                "| {name} | {runs} × {months} × {clients} | {:.2} | {:.2} | {} | {:.1} | {ratio_text} |",
                ms(timing.median),
                ms(timing.min),
                timing
                    .cpu_median
                    .map_or("–".to_string(), |d| format!("{:.2}", ms(d))),
                timing.median.as_secs_f64() * 1e9 / elements,
            );
        }
    }
    println!();
    println!(
        "The floor: the random path alone (`random_path_floor` in tests/support: per run and month a market normal, per client an addressed draw, a ziggurat normal, `exp` and the level update; nothing else), the same runs, months and clients:"
    );
    println!();
    println!("| runs | floor median (ms) | floor min (ms) | CPU median (ms) | model / floor |");
    println!("|---:|---:|---:|---:|---:|");
    for ((runs, floor), model) in floors.iter().zip([&rows[0], &rows[2]]) {
        println!(
            "| {runs} | {:.2} | {:.2} | {} | {:.2} |",
            ms(floor.median),
            ms(floor.min),
            floor
                .cpu_median
                .map_or("–".to_string(), |d| format!("{:.2}", ms(d))),
            ms(model.2.median) / ms(floor.median),
        );
    }
}
