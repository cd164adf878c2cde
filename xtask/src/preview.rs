//! The link-preview image, `preview.png` (1200 × 630, what Open Graph and Twitter cards
//! show): the widget's question, the base case's answer and its revenue-by-client chart.
//!
//! The numbers come from the model when the page is built, as in the no-JavaScript
//! fallback, and the chart is drawn by the widget's own chart code as SVG; the whole card is
//! one SVG rasterised by resvg with DejaVu Sans (shipped by the `dejavu` crate, so nothing
//! depends on the machine's fonts and nothing is fetched).

use std::fmt::Write as _;

use plotters::prelude::{IntoDrawingArea, SVGBackend};
use resvg::{tiny_skia, usvg};
use revenue_model::{article_table, project, ArticleRow, Projection, Story};

use crate::error::{Context, Error, Result};

/// Width and height of the image in pixels (the size Open Graph and Twitter cards expect).
pub const SIZE: (u32, u32) = (1200, 630);

const FONT_FAMILY: &str = "DejaVu Sans";
const MARGIN: f32 = 56.0;
/// The page's theme colour (index.html's `theme-color`) and the text colours of the charts.
const BRAND: &str = "#0b5cad";
const INK: &str = "#212529";
const MUTED: &str = "#495057";
/// Where the chart sits, and the scale of its text and lines (1.0 is the widget's size).
const CHART_LEFT: f32 = 452.0;
const CHART_SIZE: (u32, u32) = (692, 360);
const CHART_SCALE: f64 = 1.3;

/// What the card says, computed from the model's base case.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// The question the widget answers, as the card's title.
    pub question: String,
    /// The business as readers call it ("AI revenue").
    pub business: String,
    /// The headline client's share of the business's revenue at the start ("25%").
    pub answer: String,
    /// The article's rows: value ("$20M") and what it is ("Acme's monthly spend").
    pub figures: Vec<(String, String)>,
    /// The row of `figures` whose share is the answer.
    answer_row: usize,
    /// What the chart shows, with its months.
    pub chart_caption: String,
    projection: Projection,
}

impl Card {
    /// The card of the story's base case, the scenario the page opens with.
    pub fn base_case(story: &Story) -> Result<Self> {
        let scenario = story.base_case();
        let rows = article_table(scenario, story);
        let answer_row = rows
            .iter()
            .position(|row| row.key == "monthly")
            .unwrap_or(0);
        let headline: &ArticleRow = rows
            .get(answer_row)
            .ok_or_else(|| Error::new("the model's article table has no rows"))?;
        let projection = project(scenario);
        let end = projection
            .start
            .plus_months(projection.horizon_months.saturating_sub(1));
        Ok(Self {
            question: story.file().question.clone(),
            business: story.file().business.clone(),
            answer: headline.contribution_text.clone(),
            figures: rows
                .iter()
                .map(|row| (row.value.clone(), row.metric.clone()))
                .collect(),
            answer_row,
            chart_caption: format!(
                "Expected revenue by client, {} to {}, $M a month",
                projection.start.label(),
                end.label()
            ),
            projection,
        })
    }

    /// One sentence with the card's numbers, for descriptions and the image's alt text:
    /// "The story's base case: Acme's monthly spend $20M, 25% of cloud revenue; …".
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .figures
            .iter()
            .enumerate()
            .map(|(i, (value, label))| {
                if i == self.answer_row {
                    format!("{label} {value}, {} of {}", self.answer, self.business)
                } else {
                    format!("{label} {value}")
                }
            })
            .collect();
        format!("The story's base case: {}.", parts.join("; "))
    }

    /// The whole card as an SVG document of [`SIZE`].
    pub fn svg(&self, fonts: &Fonts) -> Result<String> {
        let (width, height) = SIZE;
        let mut svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT_FAMILY}">"#
        );
        svg.push_str(&format!(
            r##"<rect width="{width}" height="{height}" fill="#ffffff"/><rect width="{width}" height="12" fill="{BRAND}"/>"##
        ));
        text(
            &mut svg,
            MARGIN,
            66.0,
            20.0,
            "bold",
            BRAND,
            "INTERACTIVE MODEL",
        );
        // The question, on one line or two, shrunk if a word alone would not fit.
        let question_width = width as f32 - 2.0 * MARGIN;
        let mut size = 44.0;
        let mut lines = fonts.wrap(&self.question, size, true, question_width)?;
        while lines.len() > 2 && size > 30.0 {
            size -= 2.0;
            lines = fonts.wrap(&self.question, size, true, question_width)?;
        }
        let mut y = 66.0 + size * 1.4;
        for line in &lines {
            text(&mut svg, MARGIN, y, size, "bold", INK, line);
            y += size * 1.2;
        }
        let top = y + 4.0;

        // The answer and the article's figures on the left.
        let answer_size = 120.0;
        let mut y = top + answer_size * 0.78;
        text(
            &mut svg,
            MARGIN - 6.0,
            y,
            answer_size,
            "bold",
            BRAND,
            &self.answer,
        );
        y += 8.0;
        let column = CHART_LEFT - MARGIN - 28.0;
        for line in fonts.wrap(
            &format!("of {} in the story's base case", self.business),
            22.0,
            false,
            column,
        )? {
            y += 28.0;
            text(&mut svg, MARGIN, y, 22.0, "normal", INK, &line);
        }
        y += 12.0;
        for (value, label) in &self.figures {
            y += 34.0;
            text(&mut svg, MARGIN, y, 28.0, "bold", INK, value);
            let label = fonts.fit(label, 17.0, false, column)?;
            text(&mut svg, MARGIN, y + 22.0, 17.0, "normal", MUTED, &label);
            y += 30.0;
        }

        // The chart on the right, with its caption above it.
        let chart_top = top - 4.0;
        let caption = fonts.fit(&self.chart_caption, 17.0, false, CHART_SIZE.0 as f32 - 20.0)?;
        text(
            &mut svg,
            CHART_LEFT + 14.0,
            chart_top - 10.0,
            17.0,
            "normal",
            MUTED,
            &caption,
        );
        svg.push_str(&nested_chart(&self.projection, CHART_LEFT, chart_top)?);
        svg.push_str("</svg>");
        Ok(svg)
    }

    /// The card as a PNG of [`SIZE`].
    pub fn png(&self) -> Result<Vec<u8>> {
        let fonts = Fonts::new();
        let svg = self.svg(&fonts)?;
        let tree = usvg::Tree::from_str(&svg, &fonts.options).context("reading the preview SVG")?;
        let (width, height) = SIZE;
        let mut pixmap = tiny_skia::Pixmap::new(width, height)
            .ok_or_else(|| Error::new("the preview's pixmap could not be allocated"))?;
        resvg::render(
            &tree,
            tiny_skia::Transform::identity(),
            &mut pixmap.as_mut(),
        );
        pixmap.encode_png().context("encoding the preview PNG")
    }
}

/// The fonts the card is set in, ready for resvg, and text measurement with them.
pub struct Fonts {
    options: usvg::Options<'static>,
}

impl Fonts {
    pub fn new() -> Self {
        let mut options = usvg::Options {
            font_family: FONT_FAMILY.to_string(),
            ..usvg::Options::default()
        };
        let fonts = options.fontdb_mut();
        fonts.load_font_data(dejavu::sans::regular().to_vec());
        fonts.load_font_data(dejavu::sans::bold().to_vec());
        // The chart code asks for "sans-serif".
        fonts.set_sans_serif_family(FONT_FAMILY);
        Self { options }
    }

    /// The width of `line` set at `size` px, as resvg lays it out.
    fn width(&self, line: &str, size: f32, bold: bool) -> Result<f32> {
        let weight = if bold { "bold" } else { "normal" };
        let mut svg =
            String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="200">"#);
        text(&mut svg, 0.0, 100.0, size, weight, INK, line);
        svg.push_str("</svg>");
        let tree = usvg::Tree::from_str(&svg, &self.options).context("measuring text")?;
        Ok(tree.root().abs_bounding_box().width())
    }

    /// `text` broken into lines at spaces, each at most `max_width` wide where a word allows.
    fn wrap(&self, text: &str, size: f32, bold: bool, max_width: f32) -> Result<Vec<String>> {
        let mut lines: Vec<String> = Vec::new();
        let mut current = String::new();
        for word in text.split_whitespace() {
            let candidate = if current.is_empty() {
                word.to_string()
            } else {
                format!("{current} {word}")
            };
            if current.is_empty() || self.width(&candidate, size, bold)? <= max_width {
                current = candidate;
            } else {
                lines.push(std::mem::replace(&mut current, word.to_string()));
            }
        }
        if !current.is_empty() {
            lines.push(current);
        }
        Ok(lines)
    }

    /// `text` as it is if it fits `max_width`, else cut at a word and ended with "…".
    fn fit(&self, text: &str, size: f32, bold: bool, max_width: f32) -> Result<String> {
        if self.width(text, size, bold)? <= max_width {
            return Ok(text.to_string());
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        for keep in (1..words.len()).rev() {
            let candidate = format!("{}…", words.get(..keep).unwrap_or_default().join(" "));
            if self.width(&candidate, size, bold)? <= max_width {
                return Ok(candidate);
            }
        }
        Ok(words.first().map_or_else(String::new, |w| format!("{w}…")))
    }
}

impl Default for Fonts {
    fn default() -> Self {
        Self::new()
    }
}

/// Appends one line of text with its baseline at (`x`, `y`).
fn text(svg: &mut String, x: f32, y: f32, size: f32, weight: &str, fill: &str, content: &str) {
    let _ = write!(
        svg,
        r#"<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" fill="{fill}">{}</text>"#,
        crate::escape::escape_html(content)
    );
}

/// The revenue-by-client chart as an `<svg>` placed at (`x`, `y`) inside the card.
fn nested_chart(projection: &Projection, x: f32, y: f32) -> Result<String> {
    let mut chart = String::new();
    {
        let area = SVGBackend::with_string(&mut chart, CHART_SIZE).into_drawing_area();
        revenue_charts::draw_revenue_by_client(
            &area,
            projection,
            &revenue_charts::Theme::light(CHART_SCALE),
        )
        .map_err(|err| Error::new(format!("drawing the preview chart: {err:?}")))?;
        area.present()
            .map_err(|err| Error::new(format!("writing the preview chart: {err:?}")))?;
    }
    let open_end = chart
        .find("<svg")
        .and_then(|start| {
            chart
                .get(start..)
                .and_then(|rest| rest.find('>'))
                .map(|end| start + end + 1)
        })
        .ok_or_else(|| Error::new("the preview chart has no <svg> element"))?;
    let (width, height) = CHART_SIZE;
    Ok(format!(
        r#"<svg x="{x}" y="{y}" width="{width}" height="{height}" viewBox="0 0 {width} {height}">{}"#,
        chart.get(open_end..).unwrap_or_default().trim()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Result<Story> {
        Story::parse(include_str!("../../stories/article.json"))
            .map_err(|e| Error::new(format!("the article's story: {e}")))
    }

    #[test]
    fn the_card_states_the_models_base_case() -> Result<()> {
        let story = article()?;
        let card = Card::base_case(&story)?;
        let rows = article_table(story.base_case(), &story);
        assert_eq!(card.figures.len(), rows.len());
        for row in &rows {
            assert!(
                card.summary().contains(&row.value),
                "{} in the summary",
                row.value
            );
        }
        assert!(rows.iter().any(|row| row.contribution_text == card.answer));
        let svg = card.svg(&Fonts::new())?;
        assert!(svg.contains(&crate::escape::escape_html(&card.answer)));
        assert!(svg.contains("TikTok"));
        Ok(())
    }

    #[test]
    fn long_text_wraps_and_fits() -> Result<()> {
        let fonts = Fonts::new();
        let wide = fonts.width("How much of it", 40.0, true)?;
        assert!(wide > fonts.width("How", 40.0, true)?);
        let lines = fonts.wrap("one two three four five six", 40.0, false, wide)?;
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.join(" "), "one two three four five six");
        let cut = fonts.fit("a sentence far too long for its box", 18.0, false, 120.0)?;
        assert!(cut.ends_with('…') && fonts.width(&cut, 18.0, false)? <= 120.0);
        Ok(())
    }

    #[test]
    fn the_png_has_the_card_size_and_is_drawn() -> Result<()> {
        let png = Card::base_case(&article()?)?.png()?;
        let pixmap = tiny_skia::Pixmap::decode_png(&png).context("decoding")?;
        assert_eq!((pixmap.width(), pixmap.height()), SIZE);
        let pixels = pixmap.pixels();
        let white = pixels
            .iter()
            .filter(|p| (p.red(), p.green(), p.blue()) == (255, 255, 255))
            .count();
        let mut colours: Vec<(u8, u8, u8)> = pixels
            .iter()
            .map(|p| (p.red(), p.green(), p.blue()))
            .collect();
        colours.sort_unstable();
        colours.dedup();
        // Text, the chart's stacked areas and their anti-aliased edges: many colours, and
        // far from all white.
        assert!(
            white < pixels.len() * 9 / 10,
            "{white} of {} white",
            pixels.len()
        );
        assert!(colours.len() > 50, "{} colours", colours.len());
        Ok(())
    }
}
