//! Colours and type of the charts, in a light and a dark variant. The series colours
//! are the Okabe–Ito palette, distinguishable with the common colour-vision
//! deficiencies; series are also told apart by their legend order and labels.

use plotters::style::{IntoFont, RGBColor, TextStyle};

/// How the charts look.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// Chart background.
    pub background: RGBColor,
    /// Text and axis lines (at least 4.5:1 against the background).
    pub text: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
    /// Target and threshold lines (at least 3:1 against the background).
    pub accent: RGBColor,
    /// Series colours, in order.
    pub series: Vec<RGBColor>,
    /// Font family of all text.
    pub font_family: &'static str,
    /// Base font size in pixels (already multiplied by the device pixel ratio).
    pub font_px: f64,
    /// Multiplier for line widths and margins (the device pixel ratio).
    pub scale: f64,
}

const OKABE_ITO: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(240, 228, 66),  // yellow
];

impl Theme {
    /// Dark text on white.
    pub fn light(scale: f64) -> Theme {
        Theme {
            background: RGBColor(255, 255, 255),
            text: RGBColor(33, 37, 41),
            grid: RGBColor(222, 226, 230),
            accent: RGBColor(178, 34, 34),
            series: OKABE_ITO.to_vec(),
            font_family: "sans-serif",
            font_px: 12.0 * scale,
            scale,
        }
    }

    /// Light text on a dark background.
    pub fn dark(scale: f64) -> Theme {
        Theme {
            background: RGBColor(24, 26, 31),
            text: RGBColor(230, 232, 235),
            grid: RGBColor(60, 64, 72),
            accent: RGBColor(255, 120, 120),
            series: OKABE_ITO.to_vec(),
            font_family: "sans-serif",
            font_px: 12.0 * scale,
            scale,
        }
    }

    /// The colour of series `i` (the palette repeats).
    pub fn series_color(&self, i: usize) -> RGBColor {
        self.series
            .get(i % self.series.len().max(1))
            .copied()
            .unwrap_or(self.text)
    }

    /// The style of all chart text.
    pub fn text_style(&self) -> TextStyle<'static> {
        (self.font_family, self.font_px)
            .into_font()
            .color(&self.text)
    }

    /// A length in pixels scaled for the device.
    pub fn px(&self, css_px: f64) -> i32 {
        (css_px * self.scale).round() as i32
    }
}
