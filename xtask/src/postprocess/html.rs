//! The HTML scanning the post-processing needs: finding tags and attributes, removing
//! inline scripts, adding attributes, filling an element, and the CSP check.

use crate::error::{Error, Result};

/// The opening tags of `tag` in `html`: (start, end after `>`, the tag's text).
pub(super) fn tags<'a>(html: &'a str, tag: &str) -> Vec<(usize, usize, &'a str)> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{tag}");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = lower.get(from..).and_then(|rest| rest.find(&open)) {
        let start = from + offset;
        let boundary = lower.as_bytes().get(start + open.len()).copied();
        let Some(close) = lower.get(start..).and_then(|rest| rest.find('>')) else {
            break;
        };
        let end = start + close + 1;
        if boundary.is_some_and(|b| b.is_ascii_whitespace() || b == b'>' || b == b'/') {
            found.push((start, end, html.get(start..end).unwrap_or_default()));
        }
        from = end;
    }
    found
}

pub(super) fn has_attribute(tag: &str, name: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    lower.match_indices(name).any(|(at, _)| {
        let before = lower.as_bytes().get(at.wrapping_sub(1)).copied();
        let after = lower.as_bytes().get(at + name.len()).copied();
        before.is_some_and(|b| b.is_ascii_whitespace())
            && after.is_some_and(|b| b == b'=' || b.is_ascii_whitespace() || b == b'>' || b == b'/')
    })
}

/// Removes every `<script>` without a `src` (trunk's inline loader) with its content.
pub(super) fn remove_inline_scripts(html: &str) -> Result<String> {
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    let lower = html.to_ascii_lowercase();
    for (start, end, tag) in tags(html, "script") {
        if start < copied || has_attribute(tag, "src") {
            continue;
        }
        let close = lower
            .get(end..)
            .and_then(|rest| rest.find("</script>"))
            .ok_or_else(|| Error::new("index.html: a <script> is never closed"))?;
        out.push_str(html.get(copied..start).unwrap_or_default());
        copied = end + close + "</script>".len();
    }
    out.push_str(html.get(copied..).unwrap_or_default());
    Ok(out)
}

/// `html` without the lines that hold only white space (what removed elements leave).
pub(super) fn without_blank_lines(html: &str) -> String {
    let mut out: String = html
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    out
}

/// Adds `crossorigin="anonymous"` to stylesheet links with an integrity attribute: in an
/// iframe with an opaque origin (sandboxed) every file is cross-origin, and an integrity
/// check needs a CORS request.
pub(super) fn stylesheets_with_crossorigin(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut copied = 0;
    for (start, _, tag) in tags(html, "link") {
        let lower = tag.to_ascii_lowercase();
        if lower.contains("rel=\"stylesheet\"")
            && has_attribute(tag, "integrity")
            && !has_attribute(tag, "crossorigin")
        {
            out.push_str(html.get(copied..start + "<link".len()).unwrap_or_default());
            out.push_str(" crossorigin=\"anonymous\"");
            copied = start + "<link".len();
        }
    }
    out.push_str(html.get(copied..).unwrap_or_default());
    out
}

pub(super) fn insert_before(html: &str, marker: &str, text: &str) -> Result<String> {
    let at = html
        .find(marker)
        .ok_or_else(|| Error::new(format!("index.html has no {marker}")))?;
    Ok(format!(
        "{}{text}{}",
        html.get(..at).unwrap_or_default(),
        html.get(at..).unwrap_or_default()
    ))
}

/// Replaces the content of the element with `id` (which must contain no element of its
/// own kind) with `content`.
pub(super) fn fill_element(html: &str, id: &str, content: &str) -> Result<String> {
    let needle = format!("id=\"{id}\"");
    let at = html
        .find(&needle)
        .ok_or_else(|| Error::new(format!("index.html has no element with {needle}")))?;
    let start = html
        .get(..at)
        .and_then(|before| before.rfind('<'))
        .ok_or_else(|| Error::new(format!("index.html: no tag around {needle}")))?;
    let name: String = html
        .get(start + 1..)
        .unwrap_or_default()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let open_end = at
        + html
            .get(at..)
            .and_then(|rest| rest.find('>'))
            .ok_or_else(|| Error::new(format!("index.html: unclosed tag with {needle}")))?
        + 1;
    let close = format!("</{name}>");
    let close_at = open_end
        + html
            .get(open_end..)
            .and_then(|rest| rest.find(&close))
            .ok_or_else(|| Error::new(format!("index.html: no {close} after {needle}")))?;
    Ok(format!(
        "{}{content}{}",
        html.get(..open_end).unwrap_or_default(),
        html.get(close_at..).unwrap_or_default()
    ))
}

/// Fails if `html` has anything a `script-src 'self'; style-src 'self'` policy blocks:
/// an inline script, a `<style>` element, a `style` attribute or an event-handler
/// attribute; or a script or stylesheet without an integrity attribute.
pub(super) fn check_csp_clean(html: &str) -> Result<()> {
    let mut problems = Vec::new();
    for (_, _, tag) in tags(html, "script") {
        if !has_attribute(tag, "src") {
            problems.push(format!("inline script: {tag}"));
        } else if !has_attribute(tag, "integrity") {
            problems.push(format!("script without integrity: {tag}"));
        }
    }
    if !tags(html, "style").is_empty() {
        problems.push("a <style> element".to_string());
    }
    for (_, _, tag) in tags(html, "link") {
        if tag.to_ascii_lowercase().contains("rel=\"stylesheet\"")
            && !has_attribute(tag, "integrity")
        {
            problems.push(format!("stylesheet without integrity: {tag}"));
        }
    }
    let lower = html.to_ascii_lowercase();
    for (at, _) in lower.match_indices('<') {
        let Some(tag) = lower.get(at..).and_then(|rest| rest.split('>').next()) else {
            continue;
        };
        if !tag.starts_with("<!") && has_attribute(tag, "style") {
            problems.push(format!("style attribute: {tag}>"));
        }
        let handler = tag.split_whitespace().skip(1).find(|word| {
            word.starts_with("on")
                && word
                    .split('=')
                    .next()
                    .is_some_and(|n| n.len() > 2 && n.chars().all(|c| c.is_ascii_alphabetic()))
                && word.contains('=')
        });
        if let Some(handler) = handler {
            problems.push(format!("event-handler attribute {handler}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::new(format!(
            "would break under the Content-Security-Policy:\n  {}",
            problems.join("\n  ")
        )))
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::postprocess) const TRUNK_INDEX: &str = r#"<!doctype html>
<html lang="en">
  <head>
    <title>T</title>
    <link rel="stylesheet" href="./page-15ee.css" integrity="sha384-a"/>
    <link rel="stylesheet" href="./widget-8c76.css" integrity="sha384-b"/>
    <link rel="manifest" href="./manifest.webmanifest">
<script type="module">
import init, * as bindings from './revenue-widget-5516.js';
const wasm = await init({ module_or_path: './revenue-widget-5516_bg.wasm' });
</script>
  <link rel="modulepreload" href="./revenue-widget-5516.js" crossorigin="anonymous" integrity="sha384-c"></head>
  <body class="rm-page">
    <main id="revenue-model-root" class="rm-host"></main>
  </body>
</html>"#;

    #[test]
    fn scripts_with_src_stay() -> Result<()> {
        let html = r#"<head><script type="module" src="./boot-1.js" integrity="x"></script><script>inline()</script><scripts></head>"#;
        assert_eq!(
            remove_inline_scripts(html)?,
            r#"<head><script type="module" src="./boot-1.js" integrity="x"></script><scripts></head>"#
        );
        Ok(())
    }

    #[test]
    fn the_root_element_is_filled() -> Result<()> {
        let html = fill_element(TRUNK_INDEX, "revenue-model-root", "<p>fallback</p>")?;
        assert!(html
            .contains(r#"<main id="revenue-model-root" class="rm-host"><p>fallback</p></main>"#));
        assert!(fill_element(TRUNK_INDEX, "missing", "x").is_err());
        Ok(())
    }
}
