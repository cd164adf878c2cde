//! `cargo xtask dist`: the release build into dist/ with trunk, then the size report against the size budget.

use crate::error::Result;
use crate::project::{run, Project};
use crate::sizes::Report;
use crate::tools;

pub fn main(project: &Project) -> Result<()> {
    tools::ensure(project)?;
    build_and_report(project)
}

/// Builds dist/ and prints the size report with the page load against its budget.
/// Tools must already be ensured.
pub fn build_and_report(project: &Project) -> Result<()> {
    run(project.command("trunk").args(["build", "--release=true"]))?;
    let report = Report::measure(&project.dist_dir())?;
    print!("{}", report.render());
    Ok(())
}
