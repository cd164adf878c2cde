//! The no-JavaScript fallback inside `#revenue-model-root`: shown until the widget starts,
//! and instead of it without JavaScript or WebAssembly.

use std::fmt::Write as _;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, IntoDrawingArea, SVGBackend};
use revenue_charts::{fan_summary, fan_title, leaves_overlay, Overlay};
use revenue_model::fields::Unit;
use revenue_model::format::{fmt_fixed, fmt_musd, fmt_pct};
use revenue_model::levers::Lever;
use revenue_model::story::{answer, headline_name};
use revenue_model::{article_table, departure, project, simulate, MonteCarlo, Story};

use super::common::{integrity, short_hash};
use super::Dist;
use crate::error::{Error, Result};
use crate::escape::escape_html;
use crate::html::styles_to_attributes;

/// Size of the fallback's chart, in CSS pixels (it scales with the page's width): as wide
/// as the widget's chart on a laptop, so the legend has its long labels.
const FAN_SIZE: (u32, u32) = (720, 300);

/// The fallback's HTML and its stylesheet (`fallback-<hash>.css`, from the template).
pub(super) struct Fallback {
    pub(super) html: String,
    /// `<template id="rm-first-result">`: the base case's scenario and full Monte Carlo as
    /// JSON, which the widget shows at once instead of a quick estimate of the same answer.
    pub(super) first_result: String,
    pub(super) css: String,
    pub(super) css_name: String,
}

impl Fallback {
    /// Renders the fallback and writes its stylesheet into dist/.
    pub(super) fn write(dist: &Dist, story: &Story) -> Result<Self> {
        let first = FirstScreen::base_case(story)?;
        let html = fallback_html(story, &first)?;
        let first_result = format!(
            r#"<template id="{FIRST_RESULT_ID}">{}</template>"#,
            escape_html(&first.result_json)
        );
        let css = dist.template("fallback.css")?;
        let css_name = format!("fallback-{}.css", short_hash(css.as_bytes()));
        dist.write(&css_name, css.as_bytes())?;
        Ok(Self {
            html,
            first_result,
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

/// What the widget's first screen shows for the story's base case, computed with the
/// same model functions, scenario and seed, so every number equals the widget's.
struct FirstScreen {
    /// The chance of reaching the target by the horizon ("62%"), the widget's `.rm-answer-number`.
    chance: String,
    /// "chance of a $1B year by Jul 2027".
    chance_words: String,
    /// "Acme is 25% of cloud revenue today", when there is a headline client.
    share_words: Option<String>,
    /// The one-sentence answer, in the widget's words.
    lede: String,
    /// The main chart's title, as the widget shows it above the chart.
    chart_title: String,
    /// What the main chart shows, in words (the widget's summary under its title).
    chart_summary: String,
    /// The main chart as inline SVG.
    chart_svg: String,
    /// The key levers: label and value.
    levers: Vec<(String, String)>,
    /// `{"request": WIRE, "reply": WIRE}`: the scenario and its full Monte Carlo as the
    /// widget's worker messages carry them (`WIRE` is `{"numbers": […], "texts": […]}`).
    result_json: String,
}

/// The id of the `<template>` with the first screen's data (`FIRST_RESULT_ID` in the
/// widget's `platform/page_data.rs`).
const FIRST_RESULT_ID: &str = "rm-first-result";

impl FirstScreen {
    fn base_case(story: &Story) -> Result<Self> {
        let scenario = story.base_case();
        let s = scenario.get();
        let projection = project(scenario);
        // The full run, the one the widget shows once its worker has answered.
        let mc = simulate(scenario);
        let end = s.start.plus_months(s.horizon_months.saturating_sub(1));
        let target = s.target_annual_revenue_musd;
        let name = headline_name(scenario);
        let answer = answer(scenario, &projection, &mc, story);
        // The story's departure, as the widget's outlook starts with it.
        let (leaving_id, leaving_month) = story.departure();
        let leaving = s.index_of(leaving_id);
        let leaving_name = leaving
            .and_then(|i| s.clients.get(i))
            .map_or_else(String::new, |c| {
                revenue_model::article::short_name(&c.name).to_string()
            });
        let overlays: Vec<Overlay> = leaving
            .and_then(|i| departure(scenario, &projection, i, leaving_month))
            .map(|d| {
                leaves_overlay(
                    &leaving_name,
                    s.start.plus_months(d.month),
                    d.leaves_total_musd,
                )
            })
            .into_iter()
            .collect();
        let chart_summary = fan_summary(&mc, end, target, &overlays);
        let chart_label = fan_title(&mc, target, &name);
        let chart_svg = inline_svg(
            |area| {
                revenue_charts::draw_fan(
                    area,
                    &mc,
                    s.start,
                    target,
                    &overlays,
                    &revenue_charts::Theme::light(1.0),
                )
                .map(|_| ())
            },
            FAN_SIZE,
            &chart_label,
        )?;
        let levers = story
            .levers()
            .iter()
            .zip(&story.file().levers)
            .filter(|(lever, _)| lever.applies(s))
            .map(|(lever, spec)| {
                let client = lever
                    .client(s)
                    .and_then(|i| s.clients.get(i))
                    .or(lever.adds.as_ref())
                    .map_or(name.as_str(), |c| {
                        revenue_model::article::short_name(&c.name)
                    });
                let label = spec.label_for(client);
                let value = lever_value(lever, &label, lever.value(s));
                (label, value)
            })
            .collect();
        let result_json = first_result_json(s, &mc)?;
        Ok(Self {
            result_json,
            chance: answer.chance,
            chance_words: answer.chance_words,
            share_words: answer.share_words,
            lede: answer.sentence,
            chart_title: chart_label,
            chart_summary,
            chart_svg,
            levers,
        })
    }
}

/// The scenario and its full Monte Carlo, written by the worker messages' own encoder
/// (`revenue_widget::protocol`) as `{"numbers": […], "texts": […]}` in JSON: every number is
/// finite and written so that it reads back to the same bits.
fn first_result_json(scenario: &revenue_model::Scenario, mc: &MonteCarlo) -> Result<String> {
    let wire = revenue_widget::protocol::encode(&(scenario, mc))
        .map_err(|err| Error::new(format!("writing the first result: {err}")))?;
    if let Some(bad) = wire.numbers.iter().find(|v| !v.is_finite()) {
        return Err(Error::new(format!(
            "the first result holds {bad}, which JSON cannot carry"
        )));
    }
    serde_json::to_string(&serde_json::json!({ "numbers": wire.numbers, "texts": wire.texts }))
        .map_err(|err| Error::new(format!("writing the first result as JSON: {err}")))
}

/// A key lever's value (model units) with its unit: "$20M a month", "15% a year", "25%".
fn lever_value(lever: &Lever, label: &str, value: f64) -> String {
    let Some(spec) = lever.target.spec() else {
        return fmt_fixed(value, 1);
    };
    match spec.unit {
        Unit::Money => format!(
            "{} {}",
            fmt_musd(value),
            spec.unit_text.trim_start_matches("$M").trim()
        ),
        // "Chance … leaves within a year" already says over what time.
        Unit::Percent if label.contains("year") => fmt_pct(value),
        Unit::Percent => {
            let rest = spec.unit_text.trim_start_matches('%').trim();
            if rest.is_empty() {
                fmt_pct(value)
            } else {
                format!("{} {rest}", fmt_pct(value))
            }
        }
        _ => format!("{} {}", fmt_fixed(value * spec.scale, 1), spec.unit_text),
    }
}

/// The fallback of `story`'s base case, its first screen computed here.
#[cfg(test)]
pub(super) fn fallback_for(story: &Story) -> Result<String> {
    fallback_html(story, &FirstScreen::base_case(story)?)
}

/// The content shown until the widget starts, and instead of it without JavaScript: what
/// the widget's first screen shows for the article's base case (the question, the answer
/// with its number set large, the main chart, the key levers' values), then the article's
/// table.
fn fallback_html(story: &Story, first: &FirstScreen) -> Result<String> {
    let scenario = story.base_case();
    let business = &story.file().business;
    let mut rows = String::new();
    for row in article_table(scenario, story) {
        let _ = write!(
            rows,
            "\n          <tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape_html(&row.metric),
            escape_html(&row.value),
            escape_html(&format!("{} of {business}", row.contribution_text)),
            escape_html(&format!(
                "{}, {}",
                row.article_value, row.article_contribution
            )),
        );
    }
    let share = first
        .share_words
        .as_deref()
        .map(|words| format!("<br>{}", escape_html(words)))
        .unwrap_or_default();
    let levers: String = first
        .levers
        .iter()
        .map(|(label, value)| {
            format!(
                "\n          <li>{}: <strong>{}</strong></li>",
                escape_html(label),
                escape_html(value)
            )
        })
        .collect();
    Ok(format!(
        r#"
      <div class="rm-fallback">
        <h2 class="rm-fallback-title">{question}</h2>
        <p class="rm-fallback-answer"><span class="rm-fallback-number">{chance}</span> <span class="rm-fallback-words">{chance_words}{share}</span></p>
        <p class="rm-fallback-lede">{lede}</p>
        <figure>
          <h3 class="rm-fallback-chart-title">{chart_title}</h3>
          {svg}
          <figcaption>{summary}</figcaption>
        </figure>
        <ul class="rm-fallback-levers" aria-label="Key levers">{levers}
        </ul>
        <table>
          <caption>The article's figures, recomputed for the base case (at the start month)</caption>
          <thead><tr><th scope="col">Metric</th><th scope="col">Value</th><th scope="col">Contribution</th><th scope="col">The article</th></tr></thead>
          <tbody>{rows}
          </tbody>
        </table>
        <p class="rm-fallback-note"><strong>The interactive model needs JavaScript and WebAssembly.</strong> Until it starts, or without them, this is the story's base case, computed when the page was built.</p>
      </div>
    "#,
        question = escape_html(&story.file().question),
        chance = escape_html(&first.chance),
        chance_words = escape_html(&first.chance_words),
        lede = escape_html(&first.lede),
        svg = first.chart_svg,
        summary = escape_html(&first.chart_summary),
        chart_title = escape_html(&first.chart_title),
    ))
}

/// A chart drawn by `draw` as an inline `<svg>` of `size` that scales to the width of its
/// container, named `title` for screen readers, with no `style` attribute.
fn inline_svg<F>(draw: F, size: (u32, u32), title: &str) -> Result<String>
where
    F: FnOnce(
        &DrawingArea<SVGBackend<'_>, Shift>,
    ) -> Result<(), DrawingAreaErrorKind<std::io::Error>>,
{
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(&area).map_err(|err| Error::new(format!("drawing the fallback chart: {err:?}")))?;
        area.present()
            .map_err(|err| Error::new(format!("writing the fallback chart: {err:?}")))?;
    }
    let svg = styles_to_attributes(&svg)?;
    let open_end = svg
        .find("<svg")
        .and_then(|start| {
            svg.get(start..)
                .and_then(|rest| rest.find('>'))
                .map(|end| start + end + 1)
        })
        .ok_or_else(|| Error::new("the fallback chart has no <svg> element"))?;
    let (width, height) = size;
    let body = svg.get(open_end..).unwrap_or_default().trim();
    Ok(format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" aria-labelledby="rm-fallback-chart-title"><title id="rm-fallback-chart-title">{}</title>{body}"#,
        escape_html(title)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::check_csp_clean;

    #[test]
    fn the_first_result_is_the_base_case_and_its_full_monte_carlo_exactly() -> Result<()> {
        use revenue_model::{MonteCarlo, Scenario};
        use revenue_widget::protocol::{decode, Wire};
        let story = Story::parse(include_str!("../../../stories/article.json"))
            .map_err(|e| Error::new(e.to_string()))?;
        let first = FirstScreen::base_case(&story)?;
        let data: serde_json::Value =
            serde_json::from_str(&first.result_json).map_err(|err| Error::new(format!("{err}")))?;
        let wire = Wire {
            numbers: serde_json::from_value(data.get("numbers").cloned().unwrap_or_default())
                .map_err(|err| Error::new(format!("{err}")))?,
            texts: serde_json::from_value(data.get("texts").cloned().unwrap_or_default())
                .map_err(|err| Error::new(format!("{err}")))?,
        };
        let (scenario, result): (Scenario, MonteCarlo) =
            decode(&wire).map_err(|err| Error::new(format!("{err}")))?;
        let base = story.base_case();
        assert_eq!(&scenario, base.get());
        assert_eq!(result, simulate(base), "every number, bit for bit");
        assert!(
            first.result_json.len() < 60_000,
            "{} bytes",
            first.result_json.len()
        );
        Ok(())
    }

    #[test]
    fn the_fallback_has_the_first_screen_then_the_article_rows() -> Result<()> {
        let story = Story::parse(include_str!("../../../stories/article.json"))
            .map_err(|e| Error::new(e.to_string()))?;
        let html = fallback_html(&story, &FirstScreen::base_case(&story)?)?;
        let chance = fmt_pct(simulate(story.base_case()).p_reach_target);
        for text in [
            "needs JavaScript",
            // The story's text, escaped as every story text is.
            "How much of Microsoft&#39;s AI revenue is TikTok?",
            &format!(r#"<span class="rm-fallback-number">{chance}</span>"#),
            "chance of a $1B year by Jul 2027",
            "TikTok is 25% of AI revenue today",
            "Average if TikTok leaves in Apr 2025",
            // The target line and the outer band, named at their right ends (the middle
            // names fit at this width).
            "Target $1B a year\n</text>",
            "5–95% of runs\n</text>",
            "TikTok monthly spend: <strong>$20M a month</strong>",
            "Other clients&#39; growth: <strong>",
            "$20M",
            "$240M",
            "$960M",
            "25% of AI revenue",
            "TikTok&#39;s monthly spend",
        ] {
            assert!(html.contains(text), "{text} in the fallback");
        }
        // The answer comes before the chart, the chart before the levers, then the table.
        let at = |text: &str| html.find(text).unwrap_or(usize::MAX);
        assert!(at("rm-fallback-number") < at("<svg"));
        assert!(at("<svg") < at("rm-fallback-levers"));
        assert!(at("rm-fallback-levers") < at("<table>"));
        assert_eq!(html.matches("<li>").count(), 5, "the five key levers");
        assert_eq!(html.matches("<tr>").count(), 4);
        assert_eq!(html.matches("<svg").count(), 1);
        assert!(html.contains(r#"viewBox="0 0 720 300" width="100%""#));
        assert!(check_csp_clean(&html).is_ok());
        Ok(())
    }
}
