//! After `trunk build`: makes dist/ ready to publish under a strict Content-Security-Policy
//! and adds the other ways to use the widget, one module per output:
//!
//! - [`boot`]: index.html, where trunk's inline module loader becomes an external
//!   `boot-<hash>.js` with an integrity attribute (no inline script or style is left; the
//!   build fails if one is); stylesheets get `crossorigin` so their integrity check also
//!   passes inside a sandboxed iframe.
//! - [`fallback`]: what `#revenue-model-root` shows until the widget starts, and instead of
//!   it without JavaScript: the article's table and the revenue-by-client chart of the
//!   base case, drawn by the widget's own chart code as SVG, styled by `fallback-<hash>.css`.
//! - [`service_worker`]: `sw.js`, the standalone page's service worker, precaching dist's
//!   own files in a cache named after the build.
//! - [`worker_loader`]: `simulation-worker-loader.js`, the simulation worker's start
//!   script, which runs the page's own WebAssembly module with the widget's glue.
//! - [`custom_element`]: `revenue-model.js`, the `<revenue-model>` custom element.
//! - [`single_file`]: `revenue-model-offline.html`, the whole widget in one file (CSS, JS
//!   glue, wasm inline), for opening from disk (with the print stylesheet too).
//!
//! - [`author`]: author.html, the author page (its own trunk run and WebAssembly), under
//!   the same policy; its files are left out of the service worker's list.
//!
//! [`common`] holds what they share; `crate::html` reads and changes their HTML. The templates are in `static/templates/`;
//! `{{NAME}}` marks what is filled in here.

pub mod author;
mod boot;
mod common;
mod custom_element;
mod fallback;
mod service_worker;
mod single_file;
pub mod story_page;
mod worker_loader;

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Context, Error, Result};

/// The service worker, at the top of dist/ so its scope is the page's folder.
pub const SERVICE_WORKER: &str = "sw.js";
/// The custom element's module.
pub const CUSTOM_ELEMENT: &str = "revenue-model.js";
/// The simulation worker's start script (the widget starts it by this name).
pub const WORKER_LOADER: &str = "simulation-worker-loader.js";
/// The single-file build.
pub const OFFLINE_PAGE: &str = "revenue-model-offline.html";

/// The hashed files trunk wrote that the generated files refer to.
#[derive(Debug, PartialEq)]
struct Build {
    glue_js: String,
    glue_wasm: String,
    widget_css: String,
    page_css: String,
}

impl Build {
    fn discover(names: &[String]) -> Result<Self> {
        Ok(Self {
            glue_js: hashed(names, "revenue-widget-", ".js")?,
            glue_wasm: hashed(names, "revenue-widget-", "_bg.wasm")?,
            widget_css: hashed(names, "widget-", ".css")?,
            page_css: hashed(names, "page-", ".css")?,
        })
    }
}

/// dist/ and the templates: reading and writing their files with the path in any error.
struct Dist {
    dir: PathBuf,
    templates: PathBuf,
}

impl Dist {
    fn template(&self, name: &str) -> Result<String> {
        let path = self.templates.join(name);
        fs::read_to_string(&path).context(format!("reading {}", path.display()))
    }

    fn read(&self, name: &str) -> Result<Vec<u8>> {
        let path = self.dir.join(name);
        fs::read(&path).context(format!("reading {}", path.display()))
    }

    fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(name);
        fs::write(&path, bytes).context(format!("writing {}", path.display()))
    }
}

/// Rewrites dist/index.html and writes the generated files into `dist`, reading the
/// templates from `root/static/templates`.
pub fn run(root: &Path, dist: &Path, story: &revenue_model::Story) -> Result<()> {
    let out = Dist {
        dir: dist.to_path_buf(),
        templates: root.join("static").join("templates"),
    };

    // Files a previous run generated (trunk normally starts from an empty dist/).
    for name in top_level_files(dist)? {
        if is_generated_hashed(&name)
            || [SERVICE_WORKER, CUSTOM_ELEMENT, OFFLINE_PAGE, WORKER_LOADER]
                .contains(&name.as_str())
        {
            fs::remove_file(dist.join(&name)).context(format!("removing old {name}"))?;
        }
    }
    let build = Build::discover(&top_level_files(dist)?)?;
    let fallback = fallback::Fallback::write(&out, story)?;
    let page = boot::write(&out, &build, &fallback)?;
    let author_boot = author::write(&out, &top_level_files(dist)?)?;
    worker_loader::write(&out, &build)?;
    custom_element::write(&out, &build)?;
    single_file::write(&out, &build, &page.index, &fallback)?;
    // The service worker last: its version and list cover every file written above.
    let (version, count) = service_worker::write(&out)?;

    println!(
        "postprocess: {}, {author_boot}, {WORKER_LOADER}, {SERVICE_WORKER} (version {version}, {count} files), {CUSTOM_ELEMENT}, {OFFLINE_PAGE}; index.html and {} have no inline script or style",
        page.boot_name,
        author::PAGE
    );
    Ok(())
}

/// `boot-<hash>.js` or `fallback-<hash>.css`, written by an earlier run.
fn is_generated_hashed(name: &str) -> bool {
    [
        ("boot-", ".js"),
        ("author-boot-", ".js"),
        ("fallback-", ".css"),
    ]
    .iter()
    .any(|(prefix, suffix)| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .is_some_and(is_hex)
    })
}

fn is_hex(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_hexdigit())
}

/// The one name `prefix` + hex digits + `suffix` among `names`.
fn hashed(names: &[String], prefix: &str, suffix: &str) -> Result<String> {
    let found: Vec<&String> = names
        .iter()
        .filter(|name| {
            name.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(suffix))
                .is_some_and(is_hex)
        })
        .collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::new(format!(
            "dist/ has no {prefix}<hash>{suffix}: did trunk build with filehash = true?"
        ))),
        more => Err(Error::new(format!(
            "dist/ has several {prefix}<hash>{suffix}: {}",
            more.iter()
                .map(|name| name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn top_level_files(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).context(format!("reading {}", dir.display()))? {
        let entry = entry.context(format!("reading {}", dir.display()))?;
        if entry.path().is_file() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(names)
}

/// Every file under `dir`, relative, with `/` separators.
fn all_files(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).context(format!("reading {}", current.display()))? {
            let path = entry
                .context(format!("reading {}", current.display()))?
                .path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let name = relative
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push(name);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_found_exactly_once() -> Result<()> {
        let names: Vec<String> = [
            "index.html",
            "revenue-widget-55169ebeb9f11faa.js",
            "revenue-widget-55169ebeb9f11faa_bg.wasm",
            "simulation-worker.js",
            "simulation-worker_bg.wasm",
            "widget-8c769811df7c32b4.css",
            "page-15eeed56be469c4e.css",
            "revenue-model.js",
        ]
        .map(String::from)
        .to_vec();
        let build = Build::discover(&names)?;
        assert_eq!(build.glue_js, "revenue-widget-55169ebeb9f11faa.js");
        assert_eq!(build.glue_wasm, "revenue-widget-55169ebeb9f11faa_bg.wasm");
        assert_eq!(build.widget_css, "widget-8c769811df7c32b4.css");
        assert_eq!(build.page_css, "page-15eeed56be469c4e.css");
        assert!(hashed(&names, "boot-", ".js").is_err());
        Ok(())
    }
}
