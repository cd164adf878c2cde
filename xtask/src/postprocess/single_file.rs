//! `revenue-model-offline.html`: the whole widget in one file (CSS, JS glue and wasm
//! inline), for opening from disk.

use base64::Engine as _;

use super::common::fill;
use super::fallback::Fallback;
use super::{hashed, top_level_files, Build, Dist, OFFLINE_PAGE};
use crate::error::{Context, Error, Result};
use crate::html::{attribute_of, text_of};

/// Writes the single file from the rewritten `index` (its title and description).
pub(super) fn write(dist: &Dist, build: &Build, index: &str, fallback: &Fallback) -> Result<()> {
    let glue = String::from_utf8(dist.read(&build.glue_js)?).context("the JS glue is not UTF-8")?;
    let wasm = dist.read(&build.glue_wasm)?;
    let widget_css = dist.read(&build.widget_css)?;
    let page_css = dist.read(&build.page_css)?;
    let print_css = dist.read(&hashed(&top_level_files(&dist.dir)?, "print-", ".css")?)?;
    let offline = offline_page(
        &dist.template("offline.html")?,
        index,
        &glue,
        &wasm,
        &[&page_css, fallback.css.as_bytes(), &widget_css, &print_css],
        &fallback.html,
    )?;
    dist.write(OFFLINE_PAGE, offline.as_bytes())
}

/// Fails if `text` cannot sit inside an HTML `<script>`/`<style>` element as it is.
pub(super) fn check_embeddable(text: &str, what: &str, element: &str) -> Result<()> {
    let lower = text.to_ascii_lowercase();
    for bad in [
        format!("</{element}"),
        "<!--".to_string(),
        "<script".to_string(),
    ] {
        if lower.contains(&bad) {
            return Err(Error::new(format!(
                "{what} contains `{bad}` and cannot be inlined into an HTML <{element}>"
            )));
        }
    }
    Ok(())
}

/// The single-file page: the widget's CSS in a `<style>`, the glue and a start script in
/// one inline module, the wasm as base64. It fetches nothing.
pub(super) fn offline_page(
    template: &str,
    index: &str,
    glue: &str,
    wasm: &[u8],
    stylesheets: &[&[u8]],
    fallback: &str,
) -> Result<String> {
    let mut css = String::new();
    for sheet in stylesheets {
        css.push_str(&String::from_utf8_lossy(sheet));
        css.push('\n');
    }
    check_embeddable(&css, "the CSS", "style")?;
    check_embeddable(glue, "the JS glue", "script")?;
    if glue
        .lines()
        .any(|line| line.trim_start().starts_with("import ") || line.contains("import("))
    {
        return Err(Error::new(
            "the JS glue imports other modules (snippets?), so it cannot be inlined",
        ));
    }
    if !glue.contains("export function mount_widget(") {
        return Err(Error::new(
            "the JS glue does not export mount_widget(host, options): the single-file page needs it",
        ));
    }
    if !glue.contains("function initSync(") {
        return Err(Error::new(
            "the JS glue has no initSync (wasm-bindgen's synchronous init): the single-file page needs it",
        ));
    }
    let title = text_of(index, "title")?.unwrap_or_default();
    // The story as index.html holds it (every `<` already written `\u003c`).
    let story = text_of(index, r#"script[id="revenue-model-story"]"#)?
        .ok_or_else(|| Error::new("index.html holds no story (#revenue-model-story)"))?;
    check_embeddable(&story, "the story", "script")?;
    // As written in index.html (entities kept), for an attribute quoted with `"`.
    let description = attribute_of(index, r#"meta[name="description"]"#, "content")?
        .unwrap_or_default()
        .replace('"', "&quot;");
    let wasm64 = base64::engine::general_purpose::STANDARD.encode(wasm);
    fill(
        template,
        &[
            ("TITLE", &title),
            ("DESCRIPTION", &description),
            ("CSS", css.trim_end()),
            ("FALLBACK", fallback),
            ("GLUE", glue.trim_end()),
            ("WASM_BASE64", &wasm64),
            ("MOUNT", "mount_widget"),
            ("STORY", &story),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = r#"<html><head><title>A &amp; B</title><meta name="description" content="The &quot;model&quot;"><script type="application/json" id="revenue-model-story">{"a": "\u003c/b>"}</script></head></html>"#;
    const TEMPLATE: &str = "<title>{{TITLE}}</title><meta content=\"{{DESCRIPTION}}\"><style>{{CSS}}</style><main>{{FALLBACK}}</main><script type=\"application/json\">{{STORY}}</script><script type=\"module\">{{GLUE}}\nconst b = '{{WASM_BASE64}}'; initSync; {{MOUNT}}();</script>";

    #[test]
    fn the_single_file_inlines_the_glue_and_starts_it_with_init_sync() -> Result<()> {
        let glue = "function initSync(module) {}\nexport function mount_widget(host, options) {}\nexport { initSync, __wbg_init as default };";
        let page = offline_page(TEMPLATE, INDEX, glue, b"\0asm", &[b"p{}"], "<p>f</p>")?;
        assert!(page.starts_with(
            r#"<title>A &amp; B</title><meta content="The &quot;model&quot;"><style>p{}</style><main><p>f</p></main><script type="application/json">{"a": "\u003c/b>"}</script>"#
        ));
        assert!(page.contains("const b = 'AGFzbQ=='"));
        assert!(page.contains("mount_widget();"));
        let without_init_sync = "export function mount_widget(host, options) {}";
        assert!(offline_page(TEMPLATE, INDEX, without_init_sync, b"", &[], "").is_err());
        let with_import = format!("import x from './snippets/a.js';\n{glue}");
        assert!(offline_page(TEMPLATE, INDEX, &with_import, b"", &[], "").is_err());
        Ok(())
    }
}
