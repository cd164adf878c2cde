//! A lever's response curve: the chance of reaching the target (on a fixed 0–100%
//! axis, so slopes compare across levers) over the lever's whole range, the current
//! value marked; drawn faded while it is being recomputed.

use crate::{geometry_of, DrawResult, PlotGeometry, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;
use revenue_model::fields::Unit;
use revenue_model::format::{fmt_fixed, fmt_musd, fmt_pct};
use revenue_model::levers::Curve;

/// The lever's value as a reader reads it ("25%", "$20M").
pub fn lever_value_text(curve: &Curve, value: f64) -> String {
    match curve.target.spec().map(|s| s.unit) {
        Some(Unit::Money) => fmt_musd(value),
        Some(Unit::Percent) => fmt_pct(value),
        _ => fmt_fixed(value, 1),
    }
}

/// The chance at the lever's current value, read off the curve by linear interpolation.
pub fn chance_at_current(curve: &Curve) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = curve
        .values
        .iter()
        .copied()
        .zip(curve.p_reach.iter().copied())
        .collect();
    let x = curve.current;
    pairs.windows(2).find_map(|w| match w {
        [(x0, y0), (x1, y1)] if x >= *x0 && x <= *x1 => Some(if x1 > x0 {
            y0 + (y1 - y0) * (x - x0) / (x1 - x0)
        } else {
            *y0
        }),
        _ => None,
    })
}

/// The curve in one sentence for a screen reader: "The chance of reaching the target
/// goes from 61% at 0% to 12% at 100%; now 25%."
pub fn describe_curve(curve: &Curve) -> String {
    let (Some(first), Some(last)) = (curve.p_reach.first(), curve.p_reach.last()) else {
        return String::new();
    };
    let (Some(lo), Some(hi)) = (curve.values.first(), curve.values.last()) else {
        return String::new();
    };
    let (low, high) = curve
        .p_reach
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(*p), b.max(*p))
        });
    format!(
        "The chance goes from {} at {} to {} at {} (between {} and {} over the range; {} runs per point, the same draws at every point); now {}.",
        fmt_pct(*first),
        lever_value_text(curve, *lo),
        fmt_pct(*last),
        lever_value_text(curve, *hi),
        fmt_pct(low),
        fmt_pct(high),
        fmt_fixed(f64::from(curve.runs), 0),
        lever_value_text(curve, curve.current)
    )
}

/// Draws `curve` small, with its current value marked; `stale` fades it.
pub fn draw_response<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curve: &Curve,
    stale: bool,
    theme: &Theme,
) -> DrawResult<PlotGeometry, DB::ErrorType> {
    area.fill(&theme.background)?;
    let (lo, hi) = match (curve.values.first(), curve.values.last()) {
        (Some(a), Some(b)) if b > a => (*a, *b),
        _ => (0.0, 1.0),
    };
    let mut chart = ChartBuilder::on(area)
        .margin(theme.px(4.0))
        .margin_top(theme.px(6.0))
        // Room for the last x label, centred on the range's end.
        .margin_right(theme.px(16.0))
        .x_label_area_size(theme.px(16.0))
        .y_label_area_size(theme.px(34.0))
        .build_cartesian_2d(lo..hi, 0f64..100f64)?;
    let x_fmt = |x: &f64| lever_value_text(curve, *x);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(theme.grid.mix(0.3))
        .bold_line_style(theme.grid.mix(0.6))
        .axis_style(theme.text)
        .label_style(theme.text_style())
        .x_labels(3)
        .y_labels(3)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&|y: &f64| format!("{}%", fmt_fixed(*y, 0)))
        .draw()?;
    let color = theme.series_color(0);
    let alpha = if stale { 0.35 } else { 1.0 };
    let width = theme.px(2.0).max(1) as u32;
    chart.draw_series(LineSeries::new(
        curve
            .values
            .iter()
            .zip(&curve.p_reach)
            .map(|(x, p)| (*x, p * 100.0)),
        color.mix(alpha).stroke_width(width),
    ))?;
    if let Some(p) = chance_at_current(curve) {
        let x = curve.current.clamp(lo, hi);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, 0.0), (x, 100.0)],
            theme
                .accent
                .mix(alpha * 0.7)
                .stroke_width(theme.px(1.0).max(1) as u32),
        )))?;
        chart.draw_series(std::iter::once(Circle::new(
            (x, p * 100.0),
            theme.px(4.0).max(2),
            theme.accent.mix(alpha).filled(),
        )))?;
    }
    Ok(geometry_of(&chart))
}
