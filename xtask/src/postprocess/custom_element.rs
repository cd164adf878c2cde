//! `revenue-model.js`: the `<revenue-model>` custom element, filled in with the build's
//! hashed names and the widget stylesheet's integrity.

use super::common::{fill, integrity};
use super::{Build, Dist, CUSTOM_ELEMENT};
use crate::error::Result;

/// Writes the custom element's module.
pub(super) fn write(dist: &Dist, build: &Build) -> Result<()> {
    let widget_css = dist.read(&build.widget_css)?;
    let element = fill(
        &dist.template(CUSTOM_ELEMENT)?,
        &[
            ("GLUE_JS", &build.glue_js),
            ("GLUE_WASM", &build.glue_wasm),
            ("WIDGET_CSS", &build.widget_css),
            ("WIDGET_CSS_INTEGRITY", &integrity(&widget_css)),
        ],
    )?;
    dist.write(CUSTOM_ELEMENT, element.as_bytes())
}
