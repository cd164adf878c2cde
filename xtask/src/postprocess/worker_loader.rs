//! `simulation-worker-loader.js`: the simulation worker's start script, which runs the
//! page's own WebAssembly module with the widget's glue (filled in by its hashed name).

use super::common::fill;
use super::{Build, Dist, WORKER_LOADER};
use crate::error::Result;

/// Writes the worker's start script.
pub(super) fn write(dist: &Dist, build: &Build) -> Result<()> {
    let loader = fill(
        &dist.template(WORKER_LOADER)?,
        &[("GLUE_JS", &build.glue_js)],
    )?;
    dist.write(WORKER_LOADER, loader.as_bytes())
}
