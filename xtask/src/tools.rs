//! Tool setup shared by every subcommand: the wasm target, trunk, the wasm-bindgen CLI and
//! geckodriver (compiled from crates.io, one after another), the npm tools, and Debian's
//! packages (Chromium, those of `blog_tools` and `engines`), crate sources.
//!
//! Each step checks first and does nothing when the tool is already there, printing one line
//! per tool about what it found or did. The apt and npm installs run in threads of their own
//! while cargo compiles: a compile keeps both cores busy, a download barely uses one.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::SystemTime;

use crate::error::{Context, Error, Result};
use crate::install::{
    install_with_cargo, report, wait_for_running_install, AptInstall, AptPackage,
};
use crate::project::{output, probe, run, Project};
use crate::{blog_tools, engines};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const TRUNK_SERIES: &str = "0.21.";
const TRUNK_REQUIREMENT: &str = "~0.21";
const WASM_OPT_VERSION: &str = "version 132";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Chromium and its driver, with their recommends.
const CHROMIUM_PACKAGES: [AptPackage; 2] = [
    AptPackage {
        name: "chromium",
        file: CHROMIUM,
        recommends: true,
    },
    AptPackage {
        name: "chromium-driver",
        file: CHROMEDRIVER,
        recommends: true,
    },
];

/// Makes sure what building dist/ needs is installed: the wasm target, trunk, the
/// wasm-bindgen CLI, the npm tools (wasm-opt) and the crate sources; no browser.
pub fn ensure_build(project: &Project) -> Result<()> {
    wasm_target(project)?;
    let npm = npm_tools(project);
    trunk(project)?;
    wasm_bindgen_cli(project)?;
    npm?;
    crate_sources(project)
}

/// Makes sure every tool the build and tests use is installed.
pub fn ensure(project: &Project) -> Result<()> {
    wasm_target(project)?;
    let apt: Vec<&'static AptPackage> = CHROMIUM_PACKAGES
        .iter()
        .chain(&blog_tools::APT_PACKAGES)
        .chain(&engines::APT_PACKAGES)
        .collect();
    let apt = AptInstall::start(project, &apt)?;
    // npm's downloads run beside the compiles too; every step runs even when one before it
    // failed, so both threads are always joined.
    let (compiled, npm) = thread::scope(|scope| {
        let npm = scope.spawn(|| npm_tools(project));
        let compiled = trunk(project)
            .and_then(|()| wasm_bindgen_cli(project))
            .and_then(|()| engines::geckodriver(project));
        let npm = npm
            .join()
            .unwrap_or_else(|_| Err(Error::new("the npm thread stopped unexpectedly")));
        (compiled, npm)
    });
    let apt = apt.finish();
    compiled?;
    npm?;
    apt?;
    chromium_found();
    blog_tools::report_found();
    engines::report_found();
    crate_sources(project)
}

fn wasm_target(project: &Project) -> Result<()> {
    let installed = output(
        project
            .command("rustup")
            .args(["target", "list", "--installed"]),
    )
    .map_err(|err| {
        Error::new(format!(
            "{err}\nrustup is needed to add the {WASM_TARGET} target"
        ))
    })?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        report(WASM_TARGET, "installed");
        return Ok(());
    }
    report(WASM_TARGET, "missing, adding it");
    run(project
        .command("rustup")
        .args(["target", "add", WASM_TARGET]))
}

fn trunk(project: &Project) -> Result<()> {
    let found = || probe(project.command("trunk").arg("--version"));
    let is_wanted = |version: &Option<String>| {
        version
            .as_deref()
            .and_then(|line| line.split_whitespace().nth(1))
            .is_some_and(|v| v.starts_with(TRUNK_SERIES))
    };
    let mut version = found();
    if !is_wanted(&version) && wait_for_running_install() {
        version = found();
    }
    if is_wanted(&version) {
        let line = version.unwrap_or_default();
        report("trunk", line.trim_start_matches("trunk ").to_string());
        return Ok(());
    }
    install_with_cargo(
        project,
        "trunk",
        version.as_deref(),
        &format!("{TRUNK_SERIES}x"),
        "several minutes on a fresh machine",
        // Without its default features (TLS and the check for a newer trunk): this
        // project's trunk runs offline and never downloads a tool or serves HTTPS.
        &[
            "trunk",
            "--locked",
            "--no-default-features",
            "--version",
            TRUNK_REQUIREMENT,
        ],
    )
}

fn wasm_bindgen_cli(project: &Project) -> Result<()> {
    let lock_path = project.root().join("Cargo.lock");
    let lock = fs::read_to_string(&lock_path).context(format!(
        "reading {} (run `cargo generate-lockfile` to create it)",
        lock_path.display()
    ))?;
    let wanted = locked_version(&lock, "wasm-bindgen")?;
    let versions = || {
        (
            probe(project.command("wasm-bindgen").arg("--version")),
            probe(project.command("wasm-bindgen-test-runner").arg("--version")),
        )
    };
    let matches = |found: &(Option<String>, Option<String>)| {
        let version_of = |line: &Option<String>| {
            line.as_deref()
                .and_then(|line| line.split_whitespace().nth(1))
                .map(str::to_string)
        };
        version_of(&found.0).as_deref() == Some(wanted.as_str())
            && version_of(&found.1).as_deref() == Some(wanted.as_str())
    };
    let mut found = versions();
    if !matches(&found) && wait_for_running_install() {
        found = versions();
    }
    if matches(&found) {
        report(
            "wasm-bindgen",
            format!("{wanted} (with wasm-bindgen-test-runner), as in Cargo.lock"),
        );
        return Ok(());
    }
    // Not --locked: the CLI's own lockfile pins a crate version the registry here lacks.
    install_with_cargo(
        project,
        "wasm-bindgen",
        found.0.as_deref(),
        &format!("{wanted} (Cargo.lock's)"),
        "about 4 minutes",
        &["wasm-bindgen-cli", "--version", &wanted],
    )
}

/// The single version of `name` in a Cargo.lock.
pub fn locked_version(lock: &str, name: &str) -> Result<String> {
    let mut versions: Vec<String> = Vec::new();
    let mut current: Option<&str> = None;
    for line in lock.lines().map(str::trim) {
        if line == "[[package]]" {
            current = None;
        } else if let Some(value) = line.strip_prefix("name = ") {
            current = Some(value.trim_matches('"'));
        } else if let Some(value) = line.strip_prefix("version = ") {
            let value = value.trim_matches('"').to_string();
            if current == Some(name) && !versions.contains(&value) {
                versions.push(value);
            }
        }
    }
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::new(format!("Cargo.lock has no `{name}` package"))),
        many => Err(Error::new(format!(
            "Cargo.lock has several `{name}` versions ({}); the CLI must match exactly one",
            many.join(", ")
        ))),
    }
}

fn npm_tools(project: &Project) -> Result<()> {
    let node = probe(project.command("node").arg("--version"))
        .ok_or_else(|| Error::new("node is not on PATH: Node 20 or newer is needed"))?;
    let root = project.root();
    let lock = root.join("package-lock.json");
    let installed = root.join("node_modules").join(".package-lock.json");
    if is_up_to_date(&installed, &lock)? {
        report("npm", format!("node_modules up to date (node {node})"));
    } else {
        report("npm", format!("node_modules missing or older than package-lock.json, running npm ci (node {node})"));
        run(project
            .command("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .env("CI", "true"))?;
    }
    let wasm_opt = probe(project.command("wasm-opt").arg("--version")).unwrap_or_default();
    if !wasm_opt.contains(WASM_OPT_VERSION) {
        return Err(Error::new(format!(
            "wasm-opt on PATH reports {wasm_opt:?}; expected {WASM_OPT_VERSION} from node_modules/.bin (binaryen 132.0.0)"
        )));
    }
    report("wasm-opt", wasm_opt);
    Ok(())
}

/// Whether `derived` exists and is no older than `source`.
fn is_up_to_date(derived: &Path, source: &Path) -> Result<bool> {
    let modified = |path: &Path| -> Result<Option<SystemTime>> {
        match fs::metadata(path) {
            Ok(meta) => Ok(Some(
                meta.modified()
                    .context(format!("reading the time of {}", path.display()))?,
            )),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(Error::new(format!("reading {}: {err}", path.display()))),
        }
    };
    let source_time =
        modified(source)?.ok_or_else(|| Error::new(format!("{} is missing", source.display())))?;
    Ok(modified(derived)?.is_some_and(|time| time >= source_time))
}

fn chromium_found() {
    let driver = probe(Command::new(CHROMEDRIVER).arg("--version")).unwrap_or_default();
    let driver = driver.split(" (").next().unwrap_or_default();
    report("chromium", format!("{CHROMIUM}, {CHROMEDRIVER} ({driver})"));
}

/// trunk runs cargo with --offline, so every crate must already be downloaded.
fn crate_sources(project: &Project) -> Result<()> {
    output(project.cargo().args(["fetch", "--locked"]))?;
    report("cargo fetch", "every crate in Cargo.lock is downloaded");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen-backend"
version = "0.2.99"
"#;

    #[test]
    fn reads_the_exact_locked_version() -> Result<()> {
        assert_eq!(locked_version(LOCK, "wasm-bindgen")?, "0.2.130");
        assert_eq!(locked_version(LOCK, "wasm-bindgen-backend")?, "0.2.99");
        Ok(())
    }

    #[test]
    fn a_missing_or_ambiguous_package_is_an_error() {
        assert!(locked_version(LOCK, "trunk").is_err());
        let twice =
            format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.100\"\n");
        assert!(locked_version(&twice, "wasm-bindgen").is_err());
    }
}
