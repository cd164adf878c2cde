//! Where the repository is, the PATH every child process gets, and running those processes.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Context, Error, Result};

/// The repository and the environment its tools run in.
pub struct Project {
    root: PathBuf,
    path: OsString,
    cargo: OsString,
}

impl Project {
    /// Finds the repository root (the parent of this crate) and puts `node_modules/.bin`
    /// and cargo's bin folder first on the PATH given to every child process.
    pub fn discover() -> Result<Self> {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest_dir
            .parent()
            .ok_or_else(|| Error::new("xtask is not inside a repository folder"))?
            .to_path_buf();
        if !root.join("Cargo.toml").is_file() {
            return Err(Error::new(format!(
                "no Cargo.toml in {}: is this the repository xtask was built in?",
                root.display()
            )));
        }
        let mut dirs = vec![root.join("node_modules").join(".bin"), cargo_bin_dir()?];
        if let Some(existing) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&existing));
        }
        let path = std::env::join_paths(dirs).context("building PATH")?;
        // `cargo run` tells us which cargo started us; use the same one for nested builds.
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
        Ok(Self { root, path, cargo })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn dist_dir(&self) -> PathBuf {
        self.root.join("dist")
    }

    /// A command run in the repository root with the project's PATH.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut command = Command::new(program);
        command.current_dir(&self.root).env("PATH", &self.path);
        command
    }

    /// A cargo command, using the cargo that runs xtask.
    pub fn cargo(&self) -> Command {
        self.command(&self.cargo)
    }
}

/// `$CARGO_HOME/bin`, or `~/.cargo/bin`.
pub fn cargo_bin_dir() -> Result<PathBuf> {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return Ok(PathBuf::from(home).join("bin"));
    }
    let home = std::env::var_os("HOME")
        .ok_or_else(|| Error::new("HOME is not set, so ~/.cargo/bin cannot be found"))?;
    Ok(PathBuf::from(home).join(".cargo").join("bin"))
}

/// The command line as a person would type it, for messages.
pub fn describe(command: &Command) -> String {
    // The program's name without its folder: `cargo`, not the toolchain's full path.
    let program = Path::new(command.get_program());
    let name = program.file_name().unwrap_or(program.as_os_str());
    let mut words = vec![name.to_string_lossy().into_owned()];
    words.extend(command.get_args().map(|arg| {
        let arg = arg.to_string_lossy();
        if arg.contains(' ') || arg.contains('~') {
            format!("'{arg}'")
        } else {
            arg.into_owned()
        }
    }));
    words.join(" ")
}

/// Runs a command with inherited stdio; fails unless it exits successfully.
pub fn run(command: &mut Command) -> Result<()> {
    let line = describe(command);
    println!("$ {line}");
    let status = command
        .status()
        .map_err(|err| Error::new(format!("could not start `{line}`: {err}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::new(format!("`{line}` failed ({status})")))
    }
}

/// Runs a command and returns its standard output; the error carries its standard error.
pub fn output(command: &mut Command) -> Result<String> {
    let line = describe(command);
    let out = command
        .stdin(Stdio::null())
        .output()
        .map_err(|err| Error::new(format!("could not start `{line}`: {err}")))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(Error::new(format!(
            "`{line}` failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim_end()
        )))
    }
}

/// The trimmed standard output of a command that may be missing or fail; `None` then.
pub fn probe(command: &mut Command) -> Option<String> {
    let out = command
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_quotes_arguments_a_shell_would_split_or_expand() {
        let mut command = Command::new("cargo");
        command.args(["install", "trunk", "--version", "~0.21"]);
        assert_eq!(describe(&command), "cargo install trunk --version '~0.21'");
    }

    #[test]
    fn probe_returns_none_for_a_missing_program() {
        assert_eq!(probe(&mut Command::new("xtask-no-such-program")), None);
    }

    #[test]
    fn run_reports_a_failing_command() {
        let result = run(&mut Command::new("false"));
        assert!(result.is_err_and(|err| err.to_string().contains("`false` failed")));
    }
}
