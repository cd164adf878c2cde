//! The widget's charts, each drawn by one function written once against any plotters
//! [`DrawingBackend`]: a canvas in the browser, an SVG string in tests, a bitmap
//! anywhere. Nothing here knows about the browser.
//!
//! Every chart returns a [`PlotGeometry`], the mapping between pixels and data, so a
//! pointer position can be turned back into the values under it, with the boxes of its
//! plots and of the labels it drew beside them (no label lies over a plot).
#![cfg_attr(
    test,
    allow(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]

mod concentration;
mod distribution;
mod fan;
mod legend;
mod response;
mod revenue;
mod theme;
mod tornado;
mod view;

pub use concentration::{
    concentration_describe, concentration_summary, concentration_table, concentration_title,
    draw_concentration,
};
pub use distribution::{
    draw_final_year, final_year_describe, final_year_summary, final_year_table, final_year_title,
};
pub use fan::{
    draw_fan, fan_describe, fan_summary, fan_table, fan_title, leaves_overlay, Overlay,
    OverlayStyle, LEGEND_STRIP_PX,
};
pub use response::{
    chance_at_current, describe_curve, draw_response, lever_value_text, response_describe,
    response_table, response_title, RESPONSE_HEIGHT_PX,
};
pub use revenue::{
    draw_revenue_by_client, revenue_describe, revenue_summary, revenue_table, revenue_title,
};
pub use theme::Theme;
pub use tornado::{
    draw_tornado, tornado_describe, tornado_summary, tornado_table, tornado_title,
    MAX_BARS as TORNADO_MAX_BARS,
};
pub use view::{ChartData, DataTable};

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::drawing::DrawingAreaErrorKind;
use plotters::prelude::*;
use revenue_model::format::fmt_fixed;
use revenue_model::YearMonth;

/// A drawing failure of backend `E`.
pub type DrawResult<T, E> = Result<T, DrawingAreaErrorKind<E>>;

/// A rectangle in the backend's pixels: left and top inclusive, right and bottom
/// exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct PixelBox {
    /// Left edge.
    pub left: i32,
    /// Top edge.
    pub top: i32,
    /// Right edge.
    pub right: i32,
    /// Bottom edge.
    pub bottom: i32,
}

impl PixelBox {
    /// Whether the two boxes share any pixel.
    pub fn overlaps(&self, other: &PixelBox) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }
}

/// Where a chart's plot area lies in pixels and which data range it shows, so a
/// pointer position maps back to data; and where its plots and its labels lie.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PlotGeometry {
    /// Left and right pixel of the plot area.
    pub x_pixels: (i32, i32),
    /// Top and bottom pixel of the plot area.
    pub y_pixels: (i32, i32),
    /// Data value at the left and right edges.
    pub x_range: (f64, f64),
    /// Data value at the bottom and top edges.
    pub y_range: (f64, f64),
    /// Every plot area the chart drew data in (the concentration chart has two).
    pub plots: Vec<PixelBox>,
    /// Every series label and key entry the chart drew, mark and text.
    pub labels: Vec<PixelBox>,
}

impl PlotGeometry {
    /// The data x under pixel column `px`, if it is inside the plot area.
    pub fn x_at(&self, px: f64) -> Option<f64> {
        let (l, r) = (f64::from(self.x_pixels.0), f64::from(self.x_pixels.1));
        if r <= l || px < l || px > r {
            return None;
        }
        Some(self.x_range.0 + (px - l) / (r - l) * (self.x_range.1 - self.x_range.0))
    }

    /// The data y under pixel row `py`, if it is inside the plot area.
    pub fn y_at(&self, py: f64) -> Option<f64> {
        let (t, b) = (f64::from(self.y_pixels.0), f64::from(self.y_pixels.1));
        if b <= t || py < t || py > b {
            return None;
        }
        Some(self.y_range.0 + (b - py) / (b - t) * (self.y_range.1 - self.y_range.0))
    }
}

/// A chart of money per month over the months from `start`: month indices 0..`x_max`
/// on the x axis, labelled with calendar months, and $M per month from 0 to `y_max`;
/// `gutter` device pixels right of the plot are left free for labels.
pub(crate) fn monthly_money_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    start: YearMonth,
    (x_max, y_max): (f64, f64),
    gutter: i32,
    theme: &Theme,
) -> DrawResult<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>, DB::ErrorType> {
    let mut chart = ChartBuilder::on(area)
        .margin(theme.px(10.0))
        .margin_right(theme.px(10.0).max(gutter))
        .x_label_area_size(theme.px(24.0))
        .y_label_area_size(theme.px(56.0))
        .build_cartesian_2d(0f64..x_max, 0f64..y_max)?;
    let x_fmt = |x: &f64| start.plus_months(x.round().max(0.0) as u32).label();
    let y_fmt = |y: &f64| format!("${}M", fmt_fixed(*y, 0));
    chart
        .configure_mesh()
        .light_line_style(theme.grid.mix(0.5))
        .bold_line_style(theme.grid)
        .axis_style(theme.text)
        .label_style(theme.text_style())
        .axis_desc_style(theme.text_style())
        .y_desc("$M per month")
        .x_labels(5)
        .y_labels(6)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()?;
    Ok(chart)
}

/// Where `chart`'s plot area lies in pixels and which data it shows.
pub(crate) fn geometry_of<DB: DrawingBackend>(
    chart: &ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
) -> PlotGeometry {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let (x, y) = (chart.x_range(), chart.y_range());
    PlotGeometry {
        x_pixels: (xs.start, xs.end),
        y_pixels: (ys.start, ys.end),
        x_range: (x.start, x.end),
        y_range: (y.start, y.end),
        plots: vec![PixelBox {
            left: xs.start,
            top: ys.start,
            right: xs.end,
            bottom: ys.end,
        }],
        labels: Vec::new(),
    }
}

/// A value axis's upper bound: `max` rounded up to a "nice" number with headroom, at
/// least `floor`.
pub(crate) fn nice_ceiling(max: f64, floor: f64) -> f64 {
    let m = if max.is_finite() {
        max.max(floor)
    } else {
        floor
    };
    if m <= 0.0 {
        return 1.0;
    }
    let padded = m * 1.08;
    let magnitude = 10f64.powf(padded.log10().floor());
    for step in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if step * magnitude >= padded {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometry_maps_pixels_back_to_data() {
        let g = PlotGeometry {
            x_pixels: (100, 300),
            y_pixels: (10, 110),
            x_range: (0.0, 35.0),
            y_range: (0.0, 200.0),
            ..PlotGeometry::default()
        };
        assert_eq!(g.x_at(100.0), Some(0.0));
        assert_eq!(g.x_at(300.0), Some(35.0));
        assert_eq!(g.y_at(60.0), Some(100.0));
        assert_eq!(g.x_at(99.0), None);
    }

    #[test]
    fn ceilings_are_round() {
        assert_eq!(nice_ceiling(96.0, 0.0), 120.0);
        assert_eq!(nice_ceiling(0.0, 0.0), 1.0);
        assert_eq!(nice_ceiling(f64::NAN, 10.0), 12.0);
    }
}
