//! The no-JavaScript fallback inside `#revenue-model-root`: shown until the widget starts,
//! and instead of it without JavaScript or WebAssembly.

use std::fmt::Write as _;

use plotters::prelude::{IntoDrawingArea, SVGBackend};
use revenue_model::{article_table, project, ValidScenario};

use super::common::{escape_html, integrity, short_hash};
use super::Dist;
use crate::error::{Error, Result};

/// Size of the fallback chart, in CSS pixels (it scales with the page's width).
const CHART_SIZE: (u32, u32) = (720, 420);

/// The fallback's HTML and its stylesheet (`fallback-<hash>.css`, from the template).
pub(super) struct Fallback {
    pub(super) html: String,
    pub(super) css: String,
    pub(super) css_name: String,
}

impl Fallback {
    /// Renders the fallback and writes its stylesheet into dist/.
    pub(super) fn write(dist: &Dist) -> Result<Self> {
        let html = fallback_html()?;
        let css = dist.template("fallback.css")?;
        let css_name = format!("fallback-{}.css", short_hash(css.as_bytes()));
        dist.write(&css_name, css.as_bytes())?;
        Ok(Self {
            html,
            css,
            css_name,
        })
    }

    /// The `<link>` of the stylesheet, with its integrity.
    pub(super) fn stylesheet_tag(&self) -> String {
        format!(
            r#"<link rel="stylesheet" href="./{}" integrity="{}" crossorigin="anonymous">"#,
            self.css_name,
            integrity(self.css.as_bytes())
        )
    }
}

/// The content shown until the widget starts, and instead of it without JavaScript: the
/// article's table and the revenue-by-client chart of the base case.
pub(super) fn fallback_html() -> Result<String> {
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
pub(super) fn fallback_chart(scenario: &ValidScenario) -> Result<String> {
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
pub(super) fn styles_to_attributes(svg: &str) -> String {
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
pub(super) fn tag_without_style(tag: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::postprocess::html::check_csp_clean;

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
}
