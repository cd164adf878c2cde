//! Browser engines other than Chromium: installing Firefox ESR with geckodriver and WebKitGTK
//! with its WebDriver (under a virtual X display), and the test stage that runs the widget in
//! them: the browser tests in Firefox, then `tests/engines/` (the built widget in Firefox and
//! WebKit against Chromium, and the browser tests in WebKit).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Context, Error, Result};
use crate::project::{cargo_bin_dir, probe, run, Project};
use crate::tools;

pub const FIREFOX: &str = "/usr/bin/firefox-esr";
pub const WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";
pub const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
pub const XVFB_RUN: &str = "/usr/bin/xvfb-run";
const GECKODRIVER_VERSION: &str = "0.37.1";

/// Debian packages and a file each one installs.
const APT_PACKAGES: [(&str, &str); 3] = [
    ("firefox-esr", FIREFOX),
    ("webkit2gtk-driver", WEBKIT_DRIVER),
    ("xvfb", XVFB_RUN),
];

fn report(tool: &str, what: impl std::fmt::Display) {
    println!("[tools] {tool}: {what}");
}

/// Installs what is missing: the apt packages, then geckodriver from crates.io.
pub fn ensure(project: &Project) -> Result<()> {
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .filter(|(_, file)| !Path::new(file).is_file())
        .map(|(package, _)| *package)
        .collect();
    if !missing.is_empty() {
        report(
            "engines",
            format!("missing, installing {} with apt-get", missing.join(" ")),
        );
        let apt = || crate::tools::apt_get(project);
        run(apt().arg("update"))
            .and_then(|()| run(apt().args(["install", "-y"]).args(&missing)))
            .map_err(|err| {
                Error::new(format!(
                    "{err}\ninstalling the other engines needs root (apt-get); install the Debian packages {}",
                    missing.join(" ")
                ))
            })?;
        if let Some((_, file)) = APT_PACKAGES
            .iter()
            .find(|(_, file)| !Path::new(file).is_file())
        {
            return Err(Error::new(format!(
                "apt-get finished but {file} is still missing"
            )));
        }
    }
    let firefox = probe(Command::new(FIREFOX).arg("--version")).unwrap_or_default();
    report("firefox", format!("{FIREFOX} ({firefox})"));
    report(
        "webkit",
        format!("{WEBKIT_DRIVER}, {MINIBROWSER}, {XVFB_RUN}"),
    );
    geckodriver(project)
}

fn geckodriver(project: &Project) -> Result<()> {
    let found = probe(project.command("geckodriver").arg("--version"));
    let version = found
        .as_deref()
        .and_then(|text| text.lines().next())
        .and_then(|line| line.split_whitespace().nth(1))
        .map(str::to_string);
    if version.as_deref() == Some(GECKODRIVER_VERSION) {
        report("geckodriver", GECKODRIVER_VERSION);
        return Ok(());
    }
    tools::install_with_cargo(
        project,
        "geckodriver",
        version.as_deref(),
        GECKODRIVER_VERSION,
        "about 2.5 minutes",
        &["geckodriver", "--locked", "--version", GECKODRIVER_VERSION],
    )
}

/// The geckodriver `cargo install` put in cargo's bin folder.
fn geckodriver_path() -> Result<PathBuf> {
    Ok(cargo_bin_dir()?.join("geckodriver"))
}

/// The browser tests in Firefox, then the cross-engine suite (Firefox and WebKit against
/// Chromium, and the browser tests in WebKit), with screenshots in target/engine-screenshots/.
pub fn test(project: &Project) -> Result<()> {
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
    run(crate::test::wasm_browser_tests(project)
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
