//! After `trunk build`: makes dist/ ready to publish under a strict Content-Security-Policy
//! and adds the other ways to use the widget.
//!
//! - index.html: trunk's inline module loader becomes an external `boot-<hash>.js` with an
//!   integrity attribute (no inline script or style is left; the build fails if one is);
//!   stylesheets get `crossorigin` so their integrity check also passes inside a sandboxed
//!   iframe; `#revenue-model-root` gets a no-JavaScript fallback: the article's table and
//!   the revenue-by-client chart of the base case, drawn by the widget's own chart code as
//!   SVG, styled by `fallback-<hash>.css`. The widget replaces it when it starts.
//! - `sw.js`: the standalone page's service worker, precaching dist's own files in a cache
//!   named after the build.
//! - `simulation-worker-loader.js`: the simulation worker's start script, which runs the
//!   page's own WebAssembly module with the widget's glue.
//! - `revenue-model.js`: the `<revenue-model>` custom element.
//! - `revenue-model-offline.html`: the whole widget in one file (CSS, JS glue, wasm inline),
//!   for opening from disk (with the print stylesheet too).
//!
//! The templates are in `static/templates/`; `{{NAME}}` marks what is filled in here.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use base64::Engine as _;
use plotters::prelude::{IntoDrawingArea, SVGBackend};
use revenue_model::{article_table, project, ValidScenario};
use sha2::{Digest, Sha384};

use crate::error::{Context, Error, Result};

/// The page's root element, which the widget clears and fills when it starts.
const ROOT_ID: &str = "revenue-model-root";
/// The service worker, at the top of dist/ so its scope is the page's folder.
pub const SERVICE_WORKER: &str = "sw.js";
/// The custom element's module.
pub const CUSTOM_ELEMENT: &str = "revenue-model.js";
/// The simulation worker's start script (the widget starts it by this name).
pub const WORKER_LOADER: &str = "simulation-worker-loader.js";
/// The single-file build.
pub const OFFLINE_PAGE: &str = "revenue-model-offline.html";
/// Size of the fallback chart, in CSS pixels (it scales with the page's width).
const CHART_SIZE: (u32, u32) = (720, 420);

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

/// Rewrites dist/index.html and writes the generated files into `dist`, reading the
/// templates from `root/static/templates`.
pub fn run(root: &Path, dist: &Path) -> Result<()> {
    let templates = root.join("static").join("templates");
    let template = |name: &str| {
        let path = templates.join(name);
        fs::read_to_string(&path).context(format!("reading {}", path.display()))
    };
    let read = |name: &str| {
        let path = dist.join(name);
        fs::read(&path).context(format!("reading {}", path.display()))
    };
    let write = |name: &str, bytes: &[u8]| {
        let path = dist.join(name);
        fs::write(&path, bytes).context(format!("writing {}", path.display()))
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
    let glue = String::from_utf8(read(&build.glue_js)?).context("the JS glue is not UTF-8")?;
    let wasm = read(&build.glue_wasm)?;
    let widget_css = read(&build.widget_css)?;
    let page_css = read(&build.page_css)?;
    let print_css = read(&hashed(&top_level_files(dist)?, "print-", ".css")?)?;
    let fallback = fallback_html()?;
    let fallback_css = template("fallback.css")?;
    let fallback_css_name = format!("fallback-{}.css", short_hash(fallback_css.as_bytes()));
    write(&fallback_css_name, fallback_css.as_bytes())?;

    // The standalone page.
    let boot = fill(
        &template("boot.js")?,
        &[("GLUE_JS", &build.glue_js), ("GLUE_WASM", &build.glue_wasm)],
    )?;
    let boot_name = format!("boot-{}.js", short_hash(boot.as_bytes()));
    write(&boot_name, boot.as_bytes())?;
    let index = String::from_utf8(read("index.html")?).context("index.html is not UTF-8")?;
    let index = without_blank_lines(&remove_inline_scripts(&index)?);
    let index = stylesheets_with_crossorigin(&index);
    let boot_tag = format!(
        r#"<script type="module" src="./{boot_name}" integrity="{}" crossorigin="anonymous"></script>"#,
        integrity(boot.as_bytes())
    );
    let fallback_css_tag = format!(
        r#"<link rel="stylesheet" href="./{fallback_css_name}" integrity="{}" crossorigin="anonymous">"#,
        integrity(fallback_css.as_bytes())
    );
    let index = insert_before(
        &index,
        "</head>",
        &format!("\n    {fallback_css_tag}\n    {boot_tag}\n  "),
    )?;
    let index = fill_element(&index, ROOT_ID, &fallback)?;
    check_csp_clean(&index).context("dist/index.html")?;
    write("index.html", index.as_bytes())?;

    // The simulation worker's start script: it instantiates the page's module with the glue.
    let loader = fill(&template(WORKER_LOADER)?, &[("GLUE_JS", &build.glue_js)])?;
    write(WORKER_LOADER, loader.as_bytes())?;

    // The custom element.
    let element = fill(
        &template(CUSTOM_ELEMENT)?,
        &[
            ("GLUE_JS", &build.glue_js),
            ("GLUE_WASM", &build.glue_wasm),
            ("WIDGET_CSS", &build.widget_css),
            ("WIDGET_CSS_INTEGRITY", &integrity(&widget_css)),
        ],
    )?;
    write(CUSTOM_ELEMENT, element.as_bytes())?;

    // The single file.
    let offline = offline_page(
        &template("offline.html")?,
        &index,
        &glue,
        &wasm,
        &[&page_css, fallback_css.as_bytes(), &widget_css, &print_css],
        &fallback,
    )?;
    write(OFFLINE_PAGE, offline.as_bytes())?;

    // The service worker last: its version and list cover every file written above.
    let mut precache = Vec::new();
    let mut version = Sha384::new();
    let mut names = all_files(dist)?;
    names.sort();
    for name in names {
        // The link-preview files are for other sites, not for reading offline.
        if name == SERVICE_WORKER
            || name == OFFLINE_PAGE
            || name.ends_with(".map")
            || crate::share_card::FILES.contains(&name.as_str())
        {
            continue;
        }
        version.update(name.as_bytes());
        version.update([0]);
        version.update(Sha384::digest(read(&name)?));
        precache.push(name);
    }
    let version = hex(version.finalize().get(..8).unwrap_or_default());
    let list = precache
        .iter()
        .map(|name| format!("\n  {}", js_string(&format!("./{name}"))))
        .collect::<Vec<_>>()
        .join(",");
    let sw = fill(
        &template(SERVICE_WORKER)?,
        &[("VERSION", &version), ("PRECACHE", &format!("[{list}\n]"))],
    )?;
    write(SERVICE_WORKER, sw.as_bytes())?;

    println!(
        "postprocess: {boot_name}, {WORKER_LOADER}, {SERVICE_WORKER} (version {version}, {} files), {CUSTOM_ELEMENT}, {OFFLINE_PAGE}; index.html has no inline script or style",
        precache.len()
    );
    Ok(())
}

/// `boot-<hash>.js` or `fallback-<hash>.css`, written by an earlier run.
fn is_generated_hashed(name: &str) -> bool {
    [("boot-", ".js"), ("fallback-", ".css")]
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

/// Subresource integrity value: `sha384-` and the base64 digest.
fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// 16 hex digits of the content's SHA-384, for file names.
fn short_hash(bytes: &[u8]) -> String {
    hex(Sha384::digest(bytes).get(..8).unwrap_or_default())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

/// Replaces every `{{NAME}}` in `template` with its value, in one pass (values are not
/// searched again). Fails on an unknown name, an unused value or an unclosed `{{`.
fn fill(template: &str, values: &[(&str, &str)]) -> Result<String> {
    let mut out = String::with_capacity(template.len());
    let mut used = vec![false; values.len()];
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(rest.get(..start).unwrap_or_default());
        let after = rest.get(start + 2..).unwrap_or_default();
        let end = after
            .find("}}")
            .ok_or_else(|| Error::new("template: `{{` without `}}`"))?;
        let name = after.get(..end).unwrap_or_default();
        let index = values
            .iter()
            .position(|(key, _)| *key == name)
            .ok_or_else(|| Error::new(format!("template: no value for {{{{{name}}}}}")))?;
        if let (Some((_, value)), Some(flag)) = (values.get(index), used.get_mut(index)) {
            out.push_str(value);
            *flag = true;
        }
        rest = after.get(end + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    if let Some((key, _)) = values
        .iter()
        .zip(&used)
        .find(|(_, used)| !**used)
        .map(|(v, _)| v)
    {
        return Err(Error::new(format!("template: {{{{{key}}}}} is never used")));
    }
    Ok(out)
}

/// The opening tags of `tag` in `html`: (start, end after `>`, the tag's text).
fn tags<'a>(html: &'a str, tag: &str) -> Vec<(usize, usize, &'a str)> {
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

fn has_attribute(tag: &str, name: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    lower.match_indices(name).any(|(at, _)| {
        let before = lower.as_bytes().get(at.wrapping_sub(1)).copied();
        let after = lower.as_bytes().get(at + name.len()).copied();
        before.is_some_and(|b| b.is_ascii_whitespace())
            && after.is_some_and(|b| b == b'=' || b.is_ascii_whitespace() || b == b'>' || b == b'/')
    })
}

/// Removes every `<script>` without a `src` (trunk's inline loader) with its content.
fn remove_inline_scripts(html: &str) -> Result<String> {
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
fn without_blank_lines(html: &str) -> String {
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
fn stylesheets_with_crossorigin(html: &str) -> String {
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

fn insert_before(html: &str, marker: &str, text: &str) -> Result<String> {
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
fn fill_element(html: &str, id: &str, content: &str) -> Result<String> {
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
fn check_csp_clean(html: &str) -> Result<()> {
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

/// Text for HTML or XML content and quoted attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A JavaScript string literal (single-quoted).
fn js_string(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '<' => out.push_str("\\x3c"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The content shown until the widget starts, and instead of it without JavaScript: the
/// article's table and the revenue-by-client chart of the base case.
fn fallback_html() -> Result<String> {
    let scenario = ValidScenario::article_base_case();
    let mut rows = String::new();
    for row in article_table(&scenario) {
        let _ = write!(
            rows,
            "\n          <tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape_html(&row.metric),
            escape_html(&row.value),
            escape_html(&format!("{} of AI revenue", row.contribution_text)),
            escape_html(&format!(
                "{}, {}",
                row.article_value, row.article_contribution
            )),
        );
    }
    let svg = fallback_chart(&scenario)?;
    Ok(format!(
        r#"
      <div class="rm-fallback">
        <p><strong>The interactive model needs JavaScript and WebAssembly.</strong> Until it starts, or without them, this is the article's base case, computed when the page was built.</p>
        <table>
          <caption>The article's figures, recomputed for the base case (at the start month)</caption>
          <thead><tr><th scope="col">Metric</th><th scope="col">Value</th><th scope="col">Contribution</th><th scope="col">The article</th></tr></thead>
          <tbody>{rows}
          </tbody>
        </table>
        <figure>
          {svg}
          <figcaption>Expected monthly revenue by client in the base case, stacked, with the monthly revenue the target needs.</figcaption>
        </figure>
      </div>
    "#
    ))
}

/// The base case's revenue-by-client chart as an inline `<svg>` that scales to the width
/// of its container, with a title for screen readers and no `style` attribute.
fn fallback_chart(scenario: &ValidScenario) -> Result<String> {
    let projection = project(scenario);
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, CHART_SIZE).into_drawing_area();
        revenue_charts::draw_revenue_by_client(
            &area,
            &projection,
            &revenue_charts::Theme::light(1.0),
        )
        .map_err(|err| Error::new(format!("drawing the fallback chart: {err:?}")))?;
        area.present()
            .map_err(|err| Error::new(format!("writing the fallback chart: {err:?}")))?;
    }
    let svg = styles_to_attributes(&svg);
    let open_end = svg
        .find("<svg")
        .and_then(|start| {
            svg.get(start..)
                .and_then(|rest| rest.find('>'))
                .map(|end| start + end + 1)
        })
        .ok_or_else(|| Error::new("the fallback chart has no <svg> element"))?;
    let (width, height) = CHART_SIZE;
    let body = svg.get(open_end..).unwrap_or_default().trim();
    Ok(format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" aria-labelledby="rm-fallback-chart-title"><title id="rm-fallback-chart-title">Revenue by client, base case</title>{body}"#
    ))
}

/// Turns every `style="a: b; c: d"` attribute into presentation attributes `a="b" c="d"`:
/// a `style-src` without `'unsafe-inline'` blocks style attributes, not these.
fn styles_to_attributes(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut parts = svg.split('<');
    out.push_str(parts.next().unwrap_or_default());
    for part in parts {
        out.push('<');
        match part.split_once('>') {
            Some((tag, text)) => {
                out.push_str(&tag_without_style(tag));
                out.push('>');
                out.push_str(text);
            }
            None => out.push_str(part),
        }
    }
    out
}

/// One tag's text (between `<` and `>`) with its style attribute made presentation attributes.
fn tag_without_style(tag: &str) -> String {
    let Some(at) = tag.find(" style=\"") else {
        return tag.to_string();
    };
    let value_start = at + " style=\"".len();
    let Some(len) = tag.get(value_start..).and_then(|value| value.find('"')) else {
        return tag.to_string();
    };
    let mut out = tag.get(..at).unwrap_or_default().to_string();
    for declaration in tag
        .get(value_start..value_start + len)
        .unwrap_or_default()
        .split(';')
    {
        if let Some((name, value)) = declaration.split_once(':') {
            let (name, value) = (name.trim(), value.trim());
            if !name.is_empty() {
                let _ = write!(out, " {name}=\"{value}\"");
            }
        }
    }
    out.push_str(tag.get(value_start + len + 1..).unwrap_or_default());
    out
}

/// Fails if `text` cannot sit inside an HTML `<script>`/`<style>` element as it is.
fn check_embeddable(text: &str, what: &str, element: &str) -> Result<()> {
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
fn default_export(glue: &str) -> Result<String> {
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
fn offline_page(
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

    const TRUNK_INDEX: &str = r#"<!doctype html>
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
    fn the_inline_loader_goes_and_stylesheets_get_crossorigin() -> Result<()> {
        let html = remove_inline_scripts(TRUNK_INDEX)?;
        assert!(!html.contains("<script"));
        assert!(!html.contains("await init"));
        assert!(html.contains(r#"<link rel="modulepreload" href="./revenue-widget-5516.js""#));
        let html = stylesheets_with_crossorigin(&html);
        assert_eq!(html.matches("crossorigin=\"anonymous\"").count(), 3);
        assert!(html
            .contains(r#"<link crossorigin="anonymous" rel="stylesheet" href="./page-15ee.css""#));
        assert!(html.contains(r#"<link rel="manifest" href="./manifest.webmanifest">"#));
        Ok(())
    }

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
        let html = fill_element(TRUNK_INDEX, ROOT_ID, "<p>fallback</p>")?;
        assert!(html
            .contains(r#"<main id="revenue-model-root" class="rm-host"><p>fallback</p></main>"#));
        assert!(fill_element(TRUNK_INDEX, "missing", "x").is_err());
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
        for bad in [
            r#"<p style="color: red">x</p>"#,
            r#"<style>p{}</style>"#,
            r#"<button onclick="go()">x</button>"#,
            r#"<script src="b.js"></script>"#,
            r#"<link rel="stylesheet" href="a.css">"#,
        ] {
            assert!(check_csp_clean(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn style_attributes_become_presentation_attributes() {
        assert_eq!(
            styles_to_attributes(
                r##"<rect x="1" style="fill: #fff; stroke:none;"/><text>a style="b"</text>"##
            ),
            r##"<rect x="1" fill="#fff" stroke="none"/><text>a style="b"</text>"##
        );
    }

    #[test]
    fn templates_are_filled_once_and_completely() -> Result<()> {
        assert_eq!(
            fill("a {{X}} b {{Y}} {{X}}", &[("X", "{{Y}}"), ("Y", "y")])?,
            "a {{Y}} b y {{Y}}"
        );
        assert!(fill("{{Z}}", &[]).is_err());
        assert!(fill("{{X", &[("X", "x")]).is_err());
        assert!(fill("x", &[("X", "x")]).is_err());
        Ok(())
    }

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

    #[test]
    fn integrity_is_sha384_in_base64() {
        // echo -n abc | openssl dgst -sha384 -binary | base64
        assert_eq!(
            integrity(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
        assert_eq!(short_hash(b"abc").len(), 16);
    }

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

    #[test]
    fn the_fallback_has_the_article_rows_and_a_style_free_chart() -> Result<()> {
        let html = fallback_html()?;
        assert!(html.contains("needs JavaScript"));
        for text in [
            "$20M",
            "$240M",
            "$960M",
            "25% of AI revenue",
            "TikTok&#39;s monthly spend",
        ] {
            assert!(html.contains(text), "{text} in the fallback");
        }
        assert_eq!(html.matches("<tr>").count(), 4);
        assert_eq!(html.matches("<svg").count(), 1);
        assert!(html.contains(r#"viewBox="0 0 720 420" width="100%""#));
        assert!(check_csp_clean(&html).is_ok());
        Ok(())
    }

    #[test]
    fn js_strings_are_escaped() {
        assert_eq!(js_string("./a'b\\</script>"), r"'./a\'b\\\x3c/script>'");
    }
}
