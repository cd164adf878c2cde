//! `cargo xtask dist`: the release build into dist/ with trunk, the post-processing (strict
//! CSP, no-JS fallback, service worker, custom element, single file), then the size report
//! against the size budget.

use crate::error::Result;
use crate::postprocess;
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
    postprocess::run(project.root(), &project.dist_dir())?;
    let report = Report::measure(&project.dist_dir())?;
    print!("{}", report.render());
    Ok(())
}
