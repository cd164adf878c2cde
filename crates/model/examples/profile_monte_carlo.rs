//! One full Monte Carlo of the benchmark scenario (10,000 runs × 36 months × 10
//! clients), for a profiler,
//! printing the result's fingerprint: `valgrind --tool=callgrind` or `perf record` over
//! `cargo run --release -p revenue-model --example profile_monte_carlo [runs] [repetitions]`.

#[path = "../tests/support/mod.rs"]
mod support;

use revenue_model::monte_carlo::{result_fingerprint, simulate_runs};
use revenue_model::validate;
use support::ten_clients_benchmark;

fn main() {
    let mut args = std::env::args().skip(1);
    let runs = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let repetitions: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let Ok(scenario) = validate(ten_clients_benchmark()) else {
        eprintln!("the benchmark scenario does not validate");
        std::process::exit(1);
    };
    let mut fingerprint = 0;
    for _ in 0..repetitions {
        fingerprint = result_fingerprint(&simulate_runs(&scenario, runs));
    }
    println!("fingerprint of {runs} runs: {fingerprint:016x}");
}
