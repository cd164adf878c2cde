//! The author page, dist/author.html (built by its own trunk run from the `revenue-author`
//! crate): trunk's inline loader becomes `author-boot-<hash>.js` loaded with an integrity
//! attribute, stylesheets get `crossorigin`, and the build fails if anything a strict
//! Content-Security-Policy blocks is left, as for the widget's page.

use super::common::{fill, integrity, short_hash};
use super::{hashed, Dist};
use crate::error::{Context, Result};
use crate::html::{
    append_to, check_csp_clean, remove_inline_scripts, stylesheets_with_crossorigin,
    without_blank_lines,
};

/// The author page.
pub const PAGE: &str = "author.html";

/// Whether `path` (relative to dist/, `/` separators) belongs to the author page alone:
/// readers' pages never fetch it and the service worker does not precache it.
pub fn is_author_file(path: &str) -> bool {
    path == PAGE
        || path.starts_with("revenue-author-")
        || path.starts_with("author-")
        || path.starts_with("snippets/revenue-author-")
}

/// Writes `author-boot-<hash>.js` and rewrites dist/author.html; returns the boot
/// script's name.
pub(super) fn write(dist: &Dist, names: &[String]) -> Result<String> {
    let glue_js = hashed(names, "revenue-author-", ".js")?;
    let glue_wasm = hashed(names, "revenue-author-", "_bg.wasm")?;
    let boot = fill(
        &dist.template("author-boot.js")?,
        &[("GLUE_JS", &glue_js), ("GLUE_WASM", &glue_wasm)],
    )?;
    let boot_name = format!("author-boot-{}.js", short_hash(boot.as_bytes()));
    dist.write(&boot_name, boot.as_bytes())?;
    let page = String::from_utf8(dist.read(PAGE)?).context("author.html is not UTF-8")?;
    let boot_tag = format!(
        r#"<script type="module" src="./{boot_name}" integrity="{}" crossorigin="anonymous"></script>"#,
        integrity(boot.as_bytes())
    );
    let page = rewrite_page(&page, &boot_tag)?;
    dist.write(PAGE, page.as_bytes())?;
    Ok(boot_name)
}

fn rewrite_page(page: &str, boot_tag: &str) -> Result<String> {
    let page = without_blank_lines(&remove_inline_scripts(page)?);
    let page = stylesheets_with_crossorigin(&page)?;
    let page = append_to(&page, "head", &format!("\n    {boot_tag}\n  "))?;
    check_csp_clean(&page).context("dist/author.html")?;
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_author_page_loads_its_boot_script_and_nothing_inline() -> Result<()> {
        let trunk = r#"<!doctype html><html><head>
<link rel="stylesheet" href="./author-1a2b.css" integrity="sha384-a"/>
<link rel="modulepreload" href="./revenue-author-5516.js" crossorigin="anonymous" integrity="sha384-b">
<script type="module">import init from './revenue-author-5516.js'; await init();</script>
</head><body><main id="author-root"></main></body></html>"#;
        let tag = r#"<script type="module" src="./author-boot-1.js" integrity="sha384-c" crossorigin="anonymous"></script>"#;
        let page = rewrite_page(trunk, tag)?;
        assert!(!page.contains("await init"));
        assert!(page.contains(tag));
        assert!(rewrite_page(
            trunk,
            r#"<script type="module" src="./author-boot-1.js"></script>"#
        )
        .is_err());
        assert!(page
            .contains(r#"href="./author-1a2b.css" integrity="sha384-a" crossorigin="anonymous""#));
        Ok(())
    }

    #[test]
    fn only_the_author_page_s_own_files_are_its_own() {
        for own in [
            "author.html",
            "revenue-author-5516_bg.wasm",
            "author-boot-12.js",
            "author-1a2b.css",
            "snippets/revenue-author-77/js/story-link.js",
        ] {
            assert!(is_author_file(own), "{own}");
        }
        for reader in [
            "index.html",
            "revenue-widget-1_bg.wasm",
            "boot-1.js",
            "page-1.css",
        ] {
            assert!(!is_author_file(reader), "{reader}");
        }
    }
}
