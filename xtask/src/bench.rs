//! `cargo xtask bench`: the performance measurements, each printing its own markdown table.
//!
//! 1. builds `crates/bench-wasm` for wasm32 (release profile: the model at opt-level 3) and
//!    runs wasm-bindgen into `target/bench-wasm/`;
//! 2. the native Monte Carlo benchmark (`cargo bench -p revenue-model --bench monte_carlo`);
//! 3. the same Monte Carlo in headless Chromium, WebAssembly against plain JavaScript
//!    (`node bench/run-monte-carlo.mjs`);
//! 4. input to next paint while dragging a slider of the built widget, with and without 4×
//!    CPU throttling (`node bench/input-to-paint.mjs`), building dist/ first if it is missing;
//! 5. the page load on an emulated mid-range phone: static fallback, interactive chart and
//!    full result (`node bench/page-load.mjs`).
//!
//! Results go to `bench-results/` (not tracked). Not part of `cargo xtask test`: timings
//! depend on the machine and are reported, not checked.

use std::path::PathBuf;

use crate::dist;
use crate::error::Result;
use crate::project::{run, Project};
use crate::tools;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const BENCH_PACKAGE: &str = "revenue-bench-wasm";
const BENCH_WASM: &str = "revenue_bench_wasm.wasm";

pub fn main(project: &Project) -> Result<()> {
    tools::ensure(project)?;

    step("WebAssembly benchmark module");
    let out_dir = build_bench_wasm(project)?;

    step("native Monte Carlo (cargo bench)");
    run(project
        .cargo()
        .args(["bench", "-p", "revenue-model", "--bench", "monte_carlo"]))?;

    step("Monte Carlo in Chromium: WebAssembly vs plain JavaScript");
    run(project
        .command("node")
        .arg("bench/run-monte-carlo.mjs")
        .env("CHROMIUM", tools::CHROMIUM))?;

    step("input to next paint in the built widget");
    let dist_dir = project.dist_dir();
    if dist_dir.join("index.html").is_file() {
        println!("using the existing {}", dist_dir.display());
    } else {
        println!("{} has no index.html: building it", dist_dir.display());
        dist::build_and_report(project)?;
    }
    run(project
        .command("node")
        .arg("bench/input-to-paint.mjs")
        .env("DIST_DIR", &dist_dir)
        .env("CHROMIUM", tools::CHROMIUM))?;

    step("page load on an emulated mid-range phone");
    run(project
        .command("node")
        .arg("bench/page-load.mjs")
        .env("DIST_DIR", &dist_dir)
        .env("CHROMIUM", tools::CHROMIUM))?;

    let results = project.root().join("bench-results");
    println!("\nbenchmark module: {}", out_dir.display());
    println!(
        "results: {} (monte-carlo.json, input-to-paint.json, page-load.json)",
        results.display()
    );
    Ok(())
}

fn step(name: &str) {
    println!("\n==== bench: {name}");
}

/// Builds the benchmark crate for wasm32 and runs wasm-bindgen on it; returns the output folder.
fn build_bench_wasm(project: &Project) -> Result<PathBuf> {
    run(project.cargo().args([
        "build",
        "--release",
        "--target",
        WASM_TARGET,
        "-p",
        BENCH_PACKAGE,
    ]))?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| project.root().join("target"), PathBuf::from);
    let wasm = target_dir
        .join(WASM_TARGET)
        .join("release")
        .join(BENCH_WASM);
    // bench/run-monte-carlo.mjs serves this folder.
    let out_dir = project.root().join("target").join("bench-wasm");
    run(project
        .command("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&out_dir)
        .arg(&wasm))?;
    Ok(out_dir)
}
