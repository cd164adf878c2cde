//! Native timings of the compute client's jobs besides the full Monte Carlo, for the base
//! case and the 10-client benchmark scenario: the departure test's odds (2 × 1,000 runs),
//! the five response curves (15 points × 1,000 runs, odds only) and the tornado's
//! probabilities (2,000 runs per move). `cargo bench -p revenue-model --bench
//! background_jobs`; prints the median and minimum of a few repetitions after a warm-up.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use revenue_model::levers::{response_curves, CURVE_RUNS};
#[path = "../tests/support/mod.rs"]
mod support;
use revenue_model::sensitivity::{sensitivity, MIN_PROBABILITY_RUNS};
use revenue_model::stress::departure_odds;
use revenue_model::validate;
use std::hint::black_box;
use std::time::Instant;
use support::{article, article_base_case, ten_clients_benchmark};

/// A named job.
type Job<'a> = (&'static str, Box<dyn Fn() + 'a>);

fn time(job: impl Fn()) -> (f64, f64) {
    job();
    let mut ms: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            job();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (ms[ms.len() / 2], ms[0])
}

fn main() {
    println!("| scenario | job | median (ms) | min (ms) |\n| --- | --- | ---: | ---: |");
    for (name, scenario) in [
        ("base case", article_base_case()),
        ("10 clients", ten_clients_benchmark()),
    ] {
        let v = validate(scenario).unwrap();
        let jobs: [Job; 3] = [
            (
                "departure odds (2 × 1,000 runs)",
                Box::new(|| {
                    black_box(departure_odds(&v, 0, 8, 1_000));
                }),
            ),
            (
                "response curves (75 × 1,000 runs)",
                Box::new(|| {
                    black_box(response_curves(&v, article().levers(), CURVE_RUNS));
                }),
            ),
            (
                "tornado probabilities (2,000 runs per move)",
                Box::new(|| {
                    black_box(sensitivity(&v, Some(MIN_PROBABILITY_RUNS)));
                }),
            ),
        ];
        for (job, run) in jobs {
            let (median, min) = time(run);
            println!("| {name} | {job} | {median:.1} | {min:.1} |");
        }
    }
}
