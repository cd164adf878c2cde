//! HTML read and changed through `lol_html`, a streaming HTML rewriter with CSS selectors
//! (the parser follows the HTML standard's tokenizer, so scripts, comments, attributes in
//! any order or case and SVG are read as a browser reads them): removing inline scripts,
//! adding attributes, appending to and filling elements, reading text and attributes, and
//! the check for what a strict Content-Security-Policy blocks.

use std::borrow::Cow;
use std::cell::RefCell;

use lol_html::html_content::{ContentType, Element, TextChunk};
use lol_html::{rewrite_str, ElementContentHandlers, RewriteStrSettings, Selector};

use crate::error::{Error, Result};

/// One selector and what to do with the elements it matches.
type Handler<'h> = (Cow<'static, Selector>, ElementContentHandlers<'h>);

fn selector(css: &str) -> Result<Cow<'static, Selector>> {
    css.parse::<Selector>()
        .map(Cow::Owned)
        .map_err(|err| Error::new(format!("CSS selector `{css}`: {err}")))
}

/// A handler calling `f` on every element that matches `css`.
fn on_element<'h>(css: &str, mut f: impl FnMut(&mut Element<'_, '_>) + 'h) -> Result<Handler<'h>> {
    Ok((
        selector(css)?,
        ElementContentHandlers::default().element(move |el: &mut Element<'_, '_>| {
            f(el);
            Ok(())
        }),
    ))
}

/// `html` rewritten by `handlers`, in one pass.
fn rewrite(html: &str, handlers: Vec<Handler<'_>>) -> Result<String> {
    let settings = handlers
        .into_iter()
        .fold(RewriteStrSettings::new(), |settings, handler| {
            settings.append_element_content_handler(handler)
        });
    rewrite_str(html, settings).map_err(|err| Error::new(format!("rewriting HTML: {err}")))
}

/// A `<script>` that holds data, not code: the browser never runs it, and a CSP does
/// not apply to it (the page's story).
const DATA_BLOCK: &str = r#"[type="application/json"]"#;

/// Removes every `<script>` without a `src` (trunk's inline loader) with its content;
/// data blocks (`type="application/json"`) stay.
pub(crate) fn remove_inline_scripts(html: &str) -> Result<String> {
    rewrite(
        html,
        vec![on_element(
            &format!("script:not([src]):not({DATA_BLOCK})"),
            |el| el.remove(),
        )?],
    )
}

/// `html` without the lines that hold only white space (what removed elements leave).
pub(crate) fn without_blank_lines(html: &str) -> String {
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
pub(crate) fn stylesheets_with_crossorigin(html: &str) -> Result<String> {
    let problem = RefCell::new(None);
    let out = rewrite(
        html,
        vec![on_element(
            r#"link[rel="stylesheet" i][integrity]:not([crossorigin])"#,
            |el| {
                if let Err(err) = el.set_attribute("crossorigin", "anonymous") {
                    *problem.borrow_mut() = Some(err.to_string());
                }
            },
        )?],
    )?;
    match problem.into_inner() {
        Some(err) => Err(Error::new(format!("adding crossorigin: {err}"))),
        None => Ok(out),
    }
}

/// Removes every element `css` matches, with its content.
pub(crate) fn remove_all(html: &str, css: &str) -> Result<String> {
    rewrite(html, vec![on_element(css, |el| el.remove())?])
}

/// Puts `content` (HTML) right after the one element `css` matches.
pub(crate) fn insert_after(html: &str, css: &str, content: &str) -> Result<String> {
    let found = RefCell::new(0);
    let out = rewrite(
        html,
        vec![on_element(css, |el| {
            *found.borrow_mut() += 1;
            el.after(content, ContentType::Html);
        })?],
    )?;
    one_match(found.into_inner(), css)?;
    Ok(out)
}

/// Appends `content` (HTML) to the content of the one element `css` matches.
pub(crate) fn append_to(html: &str, css: &str, content: &str) -> Result<String> {
    let found = RefCell::new(0);
    let out = rewrite(
        html,
        vec![on_element(css, |el| {
            *found.borrow_mut() += 1;
            el.append(content, ContentType::Html);
        })?],
    )?;
    one_match(found.into_inner(), css)?;
    Ok(out)
}

/// Replaces the content of the one element `css` matches with `content` (HTML).
pub(super) fn set_content(html: &str, css: &str, content: &str) -> Result<String> {
    let found = RefCell::new(0);
    let out = rewrite(
        html,
        vec![on_element(css, |el| {
            *found.borrow_mut() += 1;
            el.set_inner_content(content, ContentType::Html);
        })?],
    )?;
    one_match(found.into_inner(), css)?;
    Ok(out)
}

/// Replaces the content of the element with `id` with `content` (HTML).
pub(crate) fn fill_element(html: &str, id: &str, content: &str) -> Result<String> {
    let css = format!(r#"[id="{id}"]"#);
    let found = RefCell::new(0);
    let out = rewrite(
        html,
        vec![on_element(&css, |el| {
            *found.borrow_mut() += 1;
            el.set_inner_content(content, ContentType::Html);
        })?],
    )?;
    one_match(found.into_inner(), &css)?;
    Ok(out)
}

fn one_match(found: usize, css: &str) -> Result<()> {
    match found {
        1 => Ok(()),
        0 => Err(Error::new(format!("the HTML has no element `{css}`"))),
        n => Err(Error::new(format!("the HTML has {n} elements `{css}`"))),
    }
}

/// The text of the first element `css` matches, as written in the source (entities kept).
pub(crate) fn text_of(html: &str, css: &str) -> Result<Option<String>> {
    let text: RefCell<Option<String>> = RefCell::new(None);
    let done = RefCell::new(false);
    let handler = (
        selector(css)?,
        ElementContentHandlers::default().text(|chunk: &mut TextChunk<'_>| {
            if !*done.borrow() {
                text.borrow_mut()
                    .get_or_insert_with(String::new)
                    .push_str(chunk.as_str());
                if chunk.last_in_text_node() {
                    *done.borrow_mut() = true;
                }
            }
            Ok(())
        }),
    );
    rewrite(html, vec![handler])?;
    Ok(text.into_inner())
}

/// The value of `attribute` on the first element `css` matches, as written (entities kept).
pub(crate) fn attribute_of(html: &str, css: &str, attribute: &str) -> Result<Option<String>> {
    let value: RefCell<Option<String>> = RefCell::new(None);
    rewrite(
        html,
        vec![on_element(css, |el| {
            let mut value = value.borrow_mut();
            if value.is_none() {
                *value = el.get_attribute(attribute);
            }
        })?],
    )?;
    Ok(value.into_inner())
}

/// Fails if `html` has anything a `script-src 'self'; style-src 'self'` policy blocks:
/// an inline script, a `<style>` element, a `style` attribute or an event-handler
/// attribute; or a script or stylesheet without an integrity attribute.
pub(crate) fn check_csp_clean(html: &str) -> Result<()> {
    let problems = RefCell::new(Vec::new());
    let add = |problem: String| problems.borrow_mut().push(problem);
    let describe = |el: &Element<'_, '_>| {
        let attributes: String = el
            .attributes()
            .iter()
            .map(|a| format!(" {}=\"{}\"", a.name(), a.value()))
            .collect();
        format!("<{}{attributes}>", el.tag_name())
    };
    rewrite(
        html,
        vec![
            on_element(&format!("script:not({DATA_BLOCK})"), |el| {
                if !el.has_attribute("src") {
                    add(format!("inline script: {}", describe(el)));
                } else if !el.has_attribute("integrity") {
                    add(format!("script without integrity: {}", describe(el)));
                }
            })?,
            on_element("style", |_| add("a <style> element".to_string()))?,
            on_element(r#"link[rel="stylesheet" i]:not([integrity])"#, |el| {
                add(format!("stylesheet without integrity: {}", describe(el)));
            })?,
            on_element("*", |el| {
                if el.has_attribute("style") {
                    add(format!("style attribute: {}", describe(el)));
                }
                for attribute in el.attributes() {
                    let name = attribute.name();
                    if name.len() > 2
                        && name.starts_with("on")
                        && name.chars().all(|c| c.is_ascii_alphabetic())
                    {
                        add(format!("event-handler attribute {name}: {}", describe(el)));
                    }
                }
            })?,
        ],
    )?;
    let problems = problems.into_inner();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::new(format!(
            "would break under the Content-Security-Policy:\n  {}",
            problems.join("\n  ")
        )))
    }
}

/// Every `style="a: b; c: d"` attribute made presentation attributes `a="b" c="d"` (for
/// SVG): a `style-src` without `'unsafe-inline'` blocks style attributes, not these.
pub(crate) fn styles_to_attributes(html: &str) -> Result<String> {
    let problem = RefCell::new(None);
    let out = rewrite(
        html,
        vec![on_element("[style]", |el| {
            let style = el.get_attribute("style").unwrap_or_default();
            el.remove_attribute("style");
            for declaration in style.split(';') {
                if let Some((name, value)) = declaration.split_once(':') {
                    let (name, value) = (name.trim(), value.trim());
                    if !name.is_empty() {
                        if let Err(err) = el.set_attribute(name, value) {
                            *problem.borrow_mut() = Some(format!("{name}: {err}"));
                        }
                    }
                }
            }
        })?],
    )?;
    match problem.into_inner() {
        Some(err) => Err(Error::new(format!(
            "a style declaration as attribute: {err}"
        ))),
        None => Ok(out),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(crate) const TRUNK_INDEX: &str = r#"<!doctype html>
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

    #[test]
    fn style_attributes_become_presentation_attributes() -> Result<()> {
        assert_eq!(
            styles_to_attributes(
                r##"<svg><rect x="1" style="fill: #fff; stroke:none;"/><text>a style="b"</text></svg>"##
            )?,
            r##"<svg><rect x="1" fill="#fff" stroke="none" /><text>a style="b"</text></svg>"##
        );
        Ok(())
    }
}
