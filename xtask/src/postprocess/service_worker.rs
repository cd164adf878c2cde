//! `sw.js`: the standalone page's service worker, precaching dist's own files in a cache
//! named after the build. Written last, so its list and version cover every other file.

use sha2::{Digest, Sha384};

use super::common::{fill, hex, js_string};
use super::{all_files, Dist, OFFLINE_PAGE, SERVICE_WORKER};
use crate::error::Result;

/// Writes the service worker; returns its version and how many files it precaches.
pub(super) fn write(dist: &Dist) -> Result<(String, usize)> {
    let mut precache = Vec::new();
    let mut version = Sha384::new();
    let mut names = all_files(&dist.dir)?;
    names.sort();
    for name in names {
        // The link-preview files are for other sites, not for reading offline; the author
        // page is not for readers, who should never download the editor.
        if name == SERVICE_WORKER
            || super::author::is_author_file(&name)
            || name == OFFLINE_PAGE
            || name.ends_with(".map")
            || crate::share_card::FILES.contains(&name.as_str())
        {
            continue;
        }
        version.update(name.as_bytes());
        version.update([0]);
        version.update(Sha384::digest(dist.read(&name)?));
        precache.push(name);
    }
    let version = hex(version.finalize().get(..8).unwrap_or_default());
    let list = precache
        .iter()
        .map(|name| format!("\n  {}", js_string(&format!("./{name}"))))
        .collect::<Vec<_>>()
        .join(",");
    let sw = fill(
        &dist.template(SERVICE_WORKER)?,
        &[("VERSION", &version), ("PRECACHE", &format!("[{list}\n]"))],
    )?;
    dist.write(SERVICE_WORKER, sw.as_bytes())?;
    Ok((version, precache.len()))
}
