//! Browser engines other than Chromium, which the last test stage runs the widget in: Firefox
//! ESR with geckodriver, and WebKitGTK with its WebDriver (under a virtual X display). What to
//! install and where it lands; `tools` installs it.

use std::path::PathBuf;
use std::process::Command;

use crate::error::Result;
use crate::install::{install_with_cargo, report, AptPackage};
use crate::project::{cargo_bin_dir, probe, Project};

pub const FIREFOX: &str = "/usr/bin/firefox-esr";
pub const WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";
pub const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
pub const XVFB_RUN: &str = "/usr/bin/xvfb-run";
const GECKODRIVER_VERSION: &str = "0.37.1";

/// The Debian packages, with their recommends.
pub const APT_PACKAGES: [AptPackage; 3] = [
    AptPackage {
        name: "firefox-esr",
        file: FIREFOX,
        recommends: true,
    },
    AptPackage {
        name: "webkit2gtk-driver",
        file: WEBKIT_DRIVER,
        recommends: true,
    },
    AptPackage {
        name: "xvfb",
        file: XVFB_RUN,
        recommends: true,
    },
];

/// Says which engines were found.
pub fn report_found() {
    let firefox = probe(Command::new(FIREFOX).arg("--version")).unwrap_or_default();
    report("firefox", format!("{FIREFOX} ({firefox})"));
    report(
        "webkit",
        format!("{WEBKIT_DRIVER}, {MINIBROWSER}, {XVFB_RUN}"),
    );
}

/// geckodriver from crates.io, unless this version is already installed.
pub fn geckodriver(project: &Project) -> Result<()> {
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
    install_with_cargo(
        project,
        "geckodriver",
        version.as_deref(),
        GECKODRIVER_VERSION,
        "about 2.5 minutes",
        &["geckodriver", "--locked", "--version", GECKODRIVER_VERSION],
    )
}

/// The geckodriver `cargo install` put in cargo's bin folder.
pub fn geckodriver_path() -> Result<PathBuf> {
    Ok(cargo_bin_dir()?.join("geckodriver"))
}
