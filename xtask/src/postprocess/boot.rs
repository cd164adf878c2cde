//! The standalone page, dist/index.html, made to run under a strict Content-Security-Policy:
//! trunk's inline module loader becomes `boot-<hash>.js` loaded with an integrity
//! attribute, stylesheets get `crossorigin`, the fallback and its stylesheet go in, and the
//! build fails if anything a `script-src 'self'; style-src 'self'` policy blocks is left.

use super::common::{fill, integrity, short_hash};
use super::fallback::Fallback;
use super::{Build, Dist};
use crate::error::{Context, Result};
use crate::html::{
    append_to, check_csp_clean, fill_element, remove_inline_scripts, stylesheets_with_crossorigin,
    without_blank_lines,
};

/// The page's root element, which the widget clears and fills when it starts.
const ROOT_ID: &str = "revenue-model-root";

/// The rewritten page and the boot script's name.
pub(super) struct Page {
    pub(super) index: String,
    pub(super) boot_name: String,
}

/// Writes `boot-<hash>.js` and rewrites dist/index.html.
pub(super) fn write(dist: &Dist, build: &Build, fallback: &Fallback) -> Result<Page> {
    let boot = fill(
        &dist.template("boot.js")?,
        &[("GLUE_JS", &build.glue_js), ("GLUE_WASM", &build.glue_wasm)],
    )?;
    let boot_name = format!("boot-{}.js", short_hash(boot.as_bytes()));
    dist.write(&boot_name, boot.as_bytes())?;
    let index = String::from_utf8(dist.read("index.html")?).context("index.html is not UTF-8")?;
    let boot_tag = format!(
        r#"<script type="module" src="./{boot_name}" integrity="{}" crossorigin="anonymous"></script>"#,
        integrity(boot.as_bytes())
    );
    let index = rewrite_index(&index, &boot_tag, fallback)?;
    dist.write("index.html", index.as_bytes())?;
    Ok(Page { index, boot_name })
}

/// trunk's index.html without its inline loader, with `boot_tag` and the fallback.
fn rewrite_index(index: &str, boot_tag: &str, fallback: &Fallback) -> Result<String> {
    let index = without_blank_lines(&remove_inline_scripts(index)?);
    let index = stylesheets_with_crossorigin(&index)?;
    let index = append_to(
        &index,
        "head",
        &format!("\n    {}\n    {boot_tag}\n  ", fallback.stylesheet_tag()),
    )?;
    let index = fill_element(&index, ROOT_ID, &fallback.html)?;
    let index = append_to(&index, "body", &format!("{}\n  ", fallback.first_result))?;
    check_csp_clean(&index).context("dist/index.html")?;
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::tests::TRUNK_INDEX;

    #[test]
    fn the_inline_loader_goes_and_stylesheets_get_crossorigin() -> Result<()> {
        let html = remove_inline_scripts(TRUNK_INDEX)?;
        assert!(!html.contains("<script"));
        assert!(!html.contains("await init"));
        assert!(html.contains(r#"<link rel="modulepreload" href="./revenue-widget-5516.js""#));
        let html = stylesheets_with_crossorigin(&html)?;
        assert_eq!(html.matches("crossorigin=\"anonymous\"").count(), 3);
        assert!(html.contains(
            r#"<link rel="stylesheet" href="./page-15ee.css" integrity="sha384-a" crossorigin="anonymous" />"#
        ));
        assert!(html.contains(r#"<link rel="manifest" href="./manifest.webmanifest">"#));
        assert!(
            stylesheets_with_crossorigin(r#"<LINK REL=Stylesheet integrity=x href=a.css>"#)?
                .contains(r#"crossorigin="anonymous""#)
        );
        Ok(())
    }

    #[test]
    fn the_csp_check_finds_what_a_strict_policy_blocks() {
        assert!(
            check_csp_clean(TRUNK_INDEX).is_err(),
            "trunk's inline loader"
        );
        let clean = r#"<head><link rel="stylesheet" href="a.css" integrity="sha384-a"><script type="module" src="b.js" integrity="sha384-b"></script></head><body><svg><text font-size="3">onion=1</text></svg></body>"#;
        assert!(check_csp_clean(clean).is_ok());
        // Read as a browser reads them: markup inside a comment or a script's text is not an
        // element, and names are case-insensitive, quotes optional.
        let commented = r#"<!-- <script>inline()</script> --><script src="b.js" integrity="sha384-b">let s = '<p style="x">';</script>"#;
        assert!(check_csp_clean(commented).is_ok());
        for bad in [
            r#"<P STYLE='color: red'>x</P>"#,
            r#"<LINK REL=Stylesheet href=a.css>"#,
            r#"<svg><rect onload=go() /></svg>"#,
            r#"<script type=module>go()</script>"#,
            r#"<p style="color: red">x</p>"#,
            r#"<style>p{}</style>"#,
            r#"<button onclick="go()">x</button>"#,
            r#"<script src="b.js"></script>"#,
            r#"<link rel="stylesheet" href="a.css">"#,
        ] {
            assert!(check_csp_clean(bad).is_err(), "{bad}");
        }
    }
}
