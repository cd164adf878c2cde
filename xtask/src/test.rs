//! `cargo xtask test`: every check in order (lints, tools, native tests, architecture, browser tests, dist, end-to-end, other engines), stopping at the first failure.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::engines::{geckodriver_path, FIREFOX, MINIBROWSER, WEBKIT_DRIVER};
use crate::error::{Context, Error, Result};
use crate::project::{run, Project};
use crate::{deps, dist, names, tools};

type StageFn = fn(&Project) -> Result<()>;

const STAGES: [(&str, StageFn); 8] = [
    // First, before the tool installs: a lint error fails the run within a minute or two.
    ("lints", lints),
    ("tools", tools::ensure),
    ("native tests", native_tests),
    ("architecture", architecture),
    ("browser tests", browser_tests),
    ("dist build", dist::build_and_report),
    ("end-to-end", end_to_end),
    ("other engines", other_engines),
];

enum Outcome {
    Passed(Duration),
    Failed(Duration),
    Skipped,
}

pub fn main(project: &Project) -> Result<()> {
    let started = Instant::now();
    let mut outcomes: Vec<(&str, Outcome)> = Vec::new();
    let mut failure: Option<(&str, Error)> = None;
    for (name, stage) in STAGES {
        if failure.is_some() {
            outcomes.push((name, Outcome::Skipped));
            continue;
        }
        println!("\n==== {name}");
        let stage_started = Instant::now();
        let result = stage(project);
        let elapsed = stage_started.elapsed();
        match result {
            Ok(()) => {
                println!("==== {name}: ok in {}", seconds(elapsed));
                outcomes.push((name, Outcome::Passed(elapsed)));
            }
            Err(err) => {
                eprintln!("==== {name}: FAILED after {}\n{err}", seconds(elapsed));
                outcomes.push((name, Outcome::Failed(elapsed)));
                failure = Some((name, err));
            }
        }
    }
    print_summary(&outcomes, started.elapsed());
    match failure {
        None => Ok(()),
        Some((name, err)) => Err(Error::new(format!("stage `{name}` failed: {err}"))),
    }
}

fn print_summary(outcomes: &[(&str, Outcome)], total: Duration) {
    println!("\n==== summary");
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for (name, outcome) in outcomes {
        let (word, time) = match outcome {
            Outcome::Passed(time) => {
                passed += 1;
                ("ok", seconds(*time))
            }
            Outcome::Failed(time) => {
                failed += 1;
                ("FAILED", seconds(*time))
            }
            Outcome::Skipped => {
                skipped += 1;
                ("skipped", String::new())
            }
        };
        println!("{name:<14} {word:<8} {time:>8}");
    }
    println!("{:<14} {:<8} {:>8}", "total", "", seconds(total));
    println!("stages: {passed} passed, {failed} failed, {skipped} skipped");
}

fn seconds(time: Duration) -> String {
    format!("{:.1}s", time.as_secs_f64())
}

/// The crates that are compiled to WebAssembly; `--lib` for all but the widget, whose
/// dev-dependencies (proptest, through getrandom) do not build for wasm32.
const WASM_LIBRARIES: [&str; 3] = ["revenue-model", "revenue-charts", "revenue-bench-wasm"];

/// `cargo clippy -D warnings` on every target natively, then on wasm32 for the crates that ship
/// in the browser: code behind `cfg(target_arch = "wasm32")` is only linted there.
fn lints(project: &Project) -> Result<()> {
    // Both are no-ops when already installed (a second or so), and clippy needs them.
    run(project
        .command("rustup")
        .args(["component", "add", "clippy"]))?;
    run(project
        .command("rustup")
        .args(["target", "add", "wasm32-unknown-unknown"]))?;
    run(project
        .cargo()
        .args(["clippy", "--workspace", "--all-targets", "--"])
        .args(DENY_WARNINGS))?;
    run(project
        .cargo()
        .args([
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "--package",
            "revenue-widget",
            "--package",
            "revenue-author",
            "--all-targets",
            "--",
        ])
        .args(DENY_WARNINGS))?;
    let mut wasm_libraries = project.cargo();
    wasm_libraries.args(["clippy", "--target", "wasm32-unknown-unknown", "--lib"]);
    for package in WASM_LIBRARIES {
        wasm_libraries.args(["--package", package]);
    }
    run(wasm_libraries.arg("--").args(DENY_WARNINGS))
}

const DENY_WARNINGS: [&str; 2] = ["-D", "warnings"];

/// The crates' dependencies point one way, and no code outside `stories/` names a story.
fn architecture(project: &Project) -> Result<()> {
    deps::check(project)?;
    names::check(project)
}

/// Native tests of the model, the charts and the app crate, then xtask's own.
fn native_tests(project: &Project) -> Result<()> {
    run(project
        .cargo()
        .args(["test", "--workspace", "--exclude", "xtask"]))?;
    run(project.cargo().args(["test", "--package", "xtask"]))
}

/// `cargo test` of the app crate's wasm-bindgen tests; the caller names the browser's driver.
fn wasm_browser_tests(project: &Project) -> Command {
    let mut command = project.cargo();
    command.args([
        "test",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "revenue-widget",
    ]);
    command
}

/// wasm-bindgen-test in headless Chromium through chromedriver.
fn browser_tests(project: &Project) -> Result<()> {
    run(wasm_browser_tests(project).env("CHROMEDRIVER", tools::CHROMEDRIVER))
}

/// The node end-to-end tests against the dist/ build.
fn end_to_end(project: &Project) -> Result<()> {
    let dir = project.root().join("tests").join("e2e");
    if !dir.is_dir() {
        return Err(Error::new(format!("{} is missing", dir.display())));
    }
    run(project
        .command("node")
        .args(["--test", "tests/e2e/"])
        .env("DIST_DIR", project.dist_dir())
        .env("CHROMIUM", tools::CHROMIUM))
}

/// The browser tests in Firefox, then the cross-engine suite (Firefox and WebKit against
/// Chromium, and the browser tests in WebKit), with screenshots in target/engine-screenshots/.
fn other_engines(project: &Project) -> Result<()> {
    let geckodriver = geckodriver_path()?;
    // wasm-bindgen-test-runner adds -headless itself; the binary is Debian's ESR.
    let capabilities = project
        .root()
        .join("target")
        .join("engines")
        .join("firefox-capabilities.json");
    write(
        &capabilities,
        &format!(r#"{{"moz:firefoxOptions": {{"binary": "{FIREFOX}"}}}}"#),
    )?;
    run(wasm_browser_tests(project)
        .env("GECKODRIVER", &geckodriver)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &capabilities)
        // Firefox's first start in a fresh profile takes a while on a busy machine.
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))?;
    let dir = project.root().join("tests").join("engines");
    if !dir.is_dir() {
        return Err(Error::new(format!("{} is missing", dir.display())));
    }
    run(project
        .command("node")
        .args(["--test", "--test-concurrency=1", "tests/engines/"])
        .env("DIST_DIR", project.dist_dir())
        .env("CHROMIUM", tools::CHROMIUM)
        .env("GECKODRIVER", &geckodriver)
        .env("FIREFOX", FIREFOX)
        .env("WEBKITWEBDRIVER", WEBKIT_DRIVER)
        .env("MINIBROWSER", MINIBROWSER)
        .env(
            "ENGINE_SCREENSHOTS",
            project.root().join("target").join("engine-screenshots"),
        ))
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).context(format!("creating {}", parent.display()))?;
    }
    fs::write(path, text).context(format!("writing {}", path.display()))
}
