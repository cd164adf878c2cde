//! Installing a tool that is missing: Debian packages with `apt-get` (in a thread of their own,
//! so the downloads run while cargo compiles) and programs compiled from crates.io with `cargo
//! install` (in a cheaper release profile). A leaf: it knows no tool, only how to install one.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::error::{Context, Error, Result};
use crate::project::{describe, probe, run, Project};

/// One line of the tools' report: `[tools] tool: what`.
pub fn report(tool: &str, what: impl std::fmt::Display) {
    println!("[tools] {tool}: {what}");
}

/// A Debian package and a file it installs (present means installed).
pub struct AptPackage {
    pub name: &'static str,
    pub file: &'static str,
    /// Whether its recommended packages come too; Hugo's would bring git and a Go toolchain,
    /// which a site without Hugo modules does not use.
    pub recommends: bool,
}

impl AptPackage {
    fn is_installed(&self) -> bool {
        Path::new(self.file).is_file()
    }
}

/// The packages of `wanted` whose file is missing.
pub fn missing<'a>(wanted: &[&'a AptPackage]) -> Vec<&'a AptPackage> {
    wanted
        .iter()
        .copied()
        .filter(|package| !package.is_installed())
        .collect()
}

/// `apt-get`, non-interactive, waiting up to 10 minutes for another apt to finish.
fn apt_get(project: &Project) -> Command {
    let mut command = project.command("apt-get");
    command
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args(["-o", "DPkg::Lock::Timeout=600"]);
    command
}

/// An `apt-get update` and install of the missing packages, running in a thread of its own
/// from `start` until `finish`. Its output goes to a log file, not between cargo's lines.
pub struct AptInstall {
    running: Option<Running>,
}

/// The thread, what it installs and where it writes its output.
struct Running {
    thread: JoinHandle<Result<()>>,
    packages: Vec<&'static AptPackage>,
    log: PathBuf,
}

impl AptInstall {
    /// Starts installing whichever of `wanted` is missing; nothing when all are there.
    pub fn start(project: &Project, wanted: &[&'static AptPackage]) -> Result<Self> {
        let todo = missing(wanted);
        if todo.is_empty() {
            return Ok(Self { running: None });
        }
        let log = project.root().join("target").join("tools").join("apt.log");
        if let Some(dir) = log.parent() {
            fs::create_dir_all(dir).context(format!("creating {}", dir.display()))?;
        }
        let mut update = apt_get(project);
        update.arg("update");
        let mut commands = vec![update];
        for recommends in [true, false] {
            let names: Vec<&str> = todo
                .iter()
                .filter(|package| package.recommends == recommends)
                .map(|package| package.name)
                .collect();
            if names.is_empty() {
                continue;
            }
            let mut install = apt_get(project);
            install.args(["install", "-y"]);
            if !recommends {
                install.arg("--no-install-recommends");
            }
            install.args(&names);
            commands.push(install);
        }
        report(
            "apt",
            format!(
                "installing {} in the background (log: {})",
                todo.iter()
                    .map(|package| package.name)
                    .collect::<Vec<_>>()
                    .join(" "),
                log.display()
            ),
        );
        let log_path = log.clone();
        let handle = thread::spawn(move || run_logged(commands, &log_path));
        Ok(Self {
            running: Some(Running {
                thread: handle,
                packages: todo,
                log,
            }),
        })
    }

    /// Waits for the install to end; fails, with the log's end, if it failed or left a
    /// package's file missing.
    pub fn finish(self) -> Result<()> {
        let Some(Running {
            thread: handle,
            packages: todo,
            log,
        }) = self.running
        else {
            return Ok(());
        };
        let started = Instant::now();
        let result = handle
            .join()
            .unwrap_or_else(|_| Err(Error::new("the apt-get thread stopped unexpectedly")));
        let waited = started.elapsed();
        if waited >= Duration::from_secs(1) {
            report("apt", format!("waited {} s for it", waited.as_secs()));
        }
        let still: Vec<&str> = missing(&todo).iter().map(|package| package.file).collect();
        let failure = match (result, still.is_empty()) {
            (Ok(()), true) => return Ok(()),
            (Err(err), _) => err.to_string(),
            (Ok(()), false) => {
                format!("apt-get finished but {} is still missing", still.join(", "))
            }
        };
        let tail = fs::read_to_string(&log).unwrap_or_default();
        let lines: Vec<&str> = tail.lines().collect();
        let tail = lines
            .get(lines.len().saturating_sub(20)..)
            .unwrap_or_default();
        Err(Error::new(format!(
            "{failure}\n{}\ninstalling needs root (apt-get); install the Debian packages {} (log: {})",
            tail.join("\n"),
            todo.iter()
                .map(|package| package.name)
                .collect::<Vec<_>>()
                .join(" "),
            log.display()
        )))
    }
}

/// Runs `commands` one after another, appending their output to `log`; stops at the first
/// failure. A command that fails because another apt holds a lock is tried again for up to
/// 10 minutes: `DPkg::Lock::Timeout` waits for dpkg's lock, but `apt-get update` gives up at
/// once when another `apt-get update` holds the package lists' lock.
fn run_logged(commands: Vec<Command>, log: &Path) -> Result<()> {
    const RETRY: Duration = Duration::from_secs(10);
    const LIMIT: Duration = Duration::from_secs(600);
    let file = fs::File::create(log).context(format!("creating {}", log.display()))?;
    for mut command in commands {
        let line = describe(&command);
        let started = Instant::now();
        loop {
            let out = file.try_clone().context("opening the apt log")?;
            let err = file.try_clone().context("opening the apt log")?;
            let written = fs::metadata(log).map_or(0, |meta| meta.len());
            let status = command
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err)
                .status()
                .map_err(|err| Error::new(format!("could not start `{line}`: {err}")))?;
            if status.success() {
                break;
            }
            let text = fs::read(log).unwrap_or_default();
            let said = String::from_utf8_lossy(text.get(written as usize..).unwrap_or_default())
                .into_owned();
            if !said.contains("Could not get lock") || started.elapsed() >= LIMIT {
                return Err(Error::new(format!("`{line}` failed ({status})")));
            }
            thread::sleep(RETRY);
        }
    }
    Ok(())
}

/// The release profile `cargo install` compiles a tool with: no link-time optimisation,
/// parallel code generation, opt-level 1. trunk's own manifest asks for fat LTO and one
/// codegen unit, which leaves its last crate compiling on one core for minutes; the tools (a
/// build driver, a code generator, a WebDriver proxy) do little work at run time.
const INSTALL_PROFILE: [(&str, &str); 4] = [
    ("CARGO_PROFILE_RELEASE_LTO", "off"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1"),
    ("CARGO_PROFILE_RELEASE_DEBUG", "false"),
];

/// Says which version of `tool` was found (if any) and which is needed, then runs
/// `cargo install` with `args` (the crate, its version and flags) in `INSTALL_PROFILE`;
/// `takes` says how long that usually takes. Every tool is compiled in one target folder,
/// `target/cargo-install/`, so a dependency two tools share with the same version and
/// features is compiled once.
pub fn install_with_cargo(
    project: &Project,
    tool: &str,
    found: Option<&str>,
    need: &str,
    takes: &str,
    args: &[&str],
) -> Result<()> {
    report(
        tool,
        format!(
            "{} found, need {need}; installing from crates.io ({takes})",
            found.unwrap_or("none")
        ),
    );
    let target_dir = project.root().join("target").join("cargo-install");
    run(project
        .cargo()
        .arg("install")
        .args(args)
        .arg("--target-dir")
        .arg(target_dir)
        .envs(INSTALL_PROFILE))
}

/// Waits while another `cargo install` runs (a second one would rebuild the same tool).
/// Returns whether it waited.
pub fn wait_for_running_install() -> bool {
    const POLL: Duration = Duration::from_secs(15);
    const LIMIT: Duration = Duration::from_secs(60 * 60);
    let started = Instant::now();
    let mut last_note: Option<Instant> = None;
    loop {
        let running = probe(Command::new("pgrep").args(["-f", "cargo install"]));
        let Some(pids) = running.filter(|pids| !pids.is_empty()) else {
            return last_note.is_some();
        };
        let waited = started.elapsed();
        if waited >= LIMIT {
            report("install", "gave up waiting for the other `cargo install`");
            return true;
        }
        if last_note.is_none_or(|note| note.elapsed() >= Duration::from_secs(120)) {
            report(
                "install",
                format!(
                    "waiting for a running `cargo install` (pid {}) to finish, {} min so far",
                    pids.split_whitespace().collect::<Vec<_>>().join(", "),
                    waited.as_secs() / 60
                ),
            );
            last_note = Some(Instant::now());
        }
        thread::sleep(POLL);
    }
}
