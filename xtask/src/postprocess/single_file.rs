//! `revenue-model-offline.html`: the whole widget in one file (CSS, JS glue and wasm
//! inline), for opening from disk.

use base64::Engine as _;

use super::common::fill;
use super::fallback::Fallback;
use super::{hashed, top_level_files, Build, Dist, OFFLINE_PAGE};
use crate::error::{Context, Error, Result};

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

/// The local name the glue exports as `default` (wasm-bindgen's init function).
pub(super) fn default_export(glue: &str) -> Result<String> {
    let identifier = |text: &str| -> String {
        text.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
            .collect()
    };
    if let Some(at) = glue.find("export default ") {
        let name = identifier(glue.get(at + "export default ".len()..).unwrap_or_default());
        if !name.is_empty() && name != "function" && name != "async" {
            return Ok(name);
        }
    }
    for (at, _) in glue.match_indices(" as default") {
        let before = glue.get(..at).unwrap_or_default();
        let name: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if !name.is_empty() {
            return Ok(name);
        }
    }
    Err(Error::new(
        "the JS glue has no default export (wasm-bindgen's init)",
    ))
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
    let init = default_export(glue)?;
    let text_of = |open: &str, close: &str| -> String {
        index
            .find(open)
            .and_then(|at| {
                let rest = index.get(at + open.len()..)?;
                let content_start = rest.find('>')? + 1;
                let rest = rest.get(content_start..)?;
                rest.find(close).and_then(|end| rest.get(..end))
            })
            .unwrap_or_default()
            .to_string()
    };
    let title = text_of("<title", "</title>");
    let description = index
        .find("name=\"description\" content=\"")
        .and_then(|at| {
            let rest = index.get(at + "name=\"description\" content=\"".len()..)?;
            rest.find('"').and_then(|end| rest.get(..end))
        })
        .unwrap_or_default()
        .to_string();
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
            ("INIT", &init),
            ("MOUNT", "mount_widget"),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glue_default_export_is_found() -> Result<()> {
        assert_eq!(
            default_export(
                "async function __wbg_init(m) {}\nexport { initSync, __wbg_init as default };"
            )?,
            "__wbg_init"
        );
        assert_eq!(default_export("export default init;")?, "init");
        assert!(default_export("export { initSync };").is_err());
        Ok(())
    }
}
