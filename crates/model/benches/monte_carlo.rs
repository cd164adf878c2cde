//! Native benchmark of the Monte Carlo, without a benchmark framework:
//! `cargo bench -p revenue-model --bench monte_carlo`.
//!
//! Cases: 10,000 and 100,000 runs of a 36-month, 10-client scenario (the article's
//! base case plus eight clients with growth volatility and a chance of leaving), and
//! a baseline measured in the same process: the same simulation written naively, with
//! Box–Muller normals from the platform's `ln`, `sqrt` and `cos`, `f64::exp`, whole
//! paths kept in memory and full sorts for the percentiles. Each case is run once to
//! warm up, then repeatedly; the median and minimum wall-clock times are reported as a
//! markdown table, with the median time on the CPU where Linux reports it (on a
//! shared machine the wall-clock time includes other processes).

#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use revenue_model::monte_carlo::{simulate_runs, MonteCarlo};
use revenue_model::presets::ten_clients_benchmark;
use revenue_model::random::Xoshiro256PlusPlus;
use revenue_model::{validate, ValidScenario};
use std::hint::black_box;
use std::time::{Duration, Instant};

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

/// The same model written the obvious way: one run at a time, every path stored,
/// percentiles by sorting. Returns the median of the last month (to keep it alive).
fn naive(scenario: &ValidScenario, runs: u32) -> f64 {
    let s = scenario.get();
    let horizon = s.horizon_months as usize;
    let mut paths = vec![vec![0.0f64; horizon]; runs as usize];
    for (r, path) in paths.iter_mut().enumerate() {
        let mut rng = Xoshiro256PlusPlus::for_run(s.simulation.seed, r as u64);
        let mut normal = BoxMuller { spare: None };
        for c in &s.clients {
            let factor = (1.0 + c.annual_growth).powf(1.0 / 12.0);
            let sigma = c.growth_volatility / 12f64.sqrt();
            let drift = factor.ln() - 0.5 * sigma * sigma;
            let hazard = 1.0 - (1.0 - c.annual_leave_probability).powf(1.0 / 12.0);
            let draws = c.customers == 1 && hazard > 0.0;
            let mut level = c.monthly_spend_musd;
            let mut gone: Option<usize> = None;
            for (t, slot) in path.iter_mut().enumerate() {
                if t > 0 {
                    if t <= c.first_month as usize || sigma == 0.0 {
                        level *= factor;
                    } else {
                        level *= (drift + sigma * normal.sample(&mut rng)).exp();
                    }
                }
                let ramp = if t < c.first_month as usize {
                    0.0
                } else if c.ramp_months == 0 {
                    1.0
                } else {
                    ((t - c.first_month as usize + 1) as f64 / f64::from(c.ramp_months)).min(1.0)
                };
                if draws && gone.is_none() && t > c.first_month as usize && rng.next_f64() < hazard
                {
                    gone = Some(t);
                }
                let wind = gone.map_or(1.0, |l| {
                    let w = f64::from(c.wind_down_months);
                    (1.0 - (t - l + 1) as f64 / (w + 1.0)).max(0.0)
                });
                *slot += level * ramp * wind;
            }
        }
    }
    let mut median = 0.0;
    let mut column = vec![0.0f64; runs as usize];
    for t in 0..horizon {
        for (v, path) in column.iter_mut().zip(&paths) {
            *v = path[t];
        }
        column.sort_by(f64::total_cmp);
        median = column[column.len() / 2];
    }
    median
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
            "naive baseline (Box–Muller, `f64::exp`, full sorts)",
            runs_small,
            time(reps_small, || naive(&scenario, runs_small)),
        ),
        (
            "model `simulate_runs`",
            runs_large,
            time(reps_large, || simulate_runs(&scenario, runs_large)),
        ),
        (
            "naive baseline (Box–Muller, `f64::exp`, full sorts)",
            runs_large,
            time(reps_large, || naive(&scenario, runs_large)),
        ),
    ];
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
}
