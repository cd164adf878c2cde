//! The model's Monte Carlo exported to JavaScript for the browser benchmark
//! (`bench/run-monte-carlo.mjs`, run by `cargo xtask bench`).
//!
//! The scenario is the one of the native benchmark (`crates/model/benches/monte_carlo.rs`):
//! the article's base case plus eight single-customer clients with growth volatility
//! and a chance of leaving. It is not part of the widget.

use revenue_model::monte_carlo::simulate_runs;
#[path = "../../model/tests/support/mod.rs"]
mod support;
use revenue_model::{validate, Scenario};
use support::ten_clients_benchmark;
use wasm_bindgen::prelude::wasm_bindgen;

/// The benchmarks' 10-client scenario over `months` months.
pub fn ten_clients(months: u32) -> Scenario {
    let mut s = ten_clients_benchmark();
    s.horizon_months = months;
    s
}

/// Runs the Monte Carlo of the 10-client scenario with `runs` runs over `months`
/// months and returns a checksum of the result (the probability of reaching the
/// target plus every monthly percentile), so none of the work can be optimised away.
/// NaN when the scenario does not validate (for example an unsupported horizon).
#[wasm_bindgen]
pub fn simulate_ten_clients(runs: u32, months: u32) -> f64 {
    let Ok(scenario) = validate(ten_clients(months)) else {
        return f64::NAN;
    };
    let result = simulate_runs(&scenario, runs);
    result.p_reach_target
        + result
            .percentiles_musd
            .iter()
            .flat_map(|month| month.iter())
            .sum::<f64>()
}

/// The floor under the Monte Carlo's speed over the same runs, months and 10 clients:
/// the random path alone (`random_path_floor` in the model's tests/support), returning the
/// sum of the runs' totals.
#[wasm_bindgen]
pub fn random_path_floor_ten_clients(runs: u32, months: u32) -> f64 {
    support::random_path_floor(runs, months, 10)
}

/// The current size of the module's linear memory in bytes. Memory only grows, so
/// after a simulation this is its high-water mark. 0 outside WebAssembly.
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) as f64 * 65_536.0
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scenario_validates_and_the_checksum_is_finite() {
        assert!(validate(ten_clients(36)).is_ok());
        assert!(simulate_ten_clients(200, 36).is_finite());
    }

    #[test]
    fn an_invalid_horizon_gives_nan() {
        assert!(simulate_ten_clients(10, 0).is_nan());
    }
}
