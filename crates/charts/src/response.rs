//! A lever's response curve: the chance of reaching the target (on a fixed 0–100%
//! axis, so slopes compare across levers) over the lever's whole range, the current
//! value marked; drawn faded while it is being recomputed.

use crate::{geometry_of, DataTable, DrawResult, PixelBox, PlotGeometry, Theme};
use plotters::coord::Shift;
use plotters::drawing::DrawingAreaErrorKind;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
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

/// The curve's title for the lever `phrase` ("the chance Acme leaves within a year").
pub fn response_title(phrase: &str) -> String {
    format!("How the chance of reaching the target changes with {phrase}")
}

/// The point of the curve nearest data x `x` (inside the lever's range), in words, short
/// enough for one line under a small curve (the current value is marked on it).
pub fn response_describe(curve: &Curve, x: f64) -> Option<String> {
    let (lo, hi) = (curve.values.first()?, curve.values.last()?);
    if !(*lo..=*hi).contains(&x) {
        return None;
    }
    let (x0, p0) = curve
        .values
        .iter()
        .zip(&curve.p_reach)
        .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))?;
    Some(format!(
        "At {}: {} chance",
        lever_value_text(curve, *x0),
        fmt_pct(*p0)
    ))
}

/// Every point of the curve: the lever's value and the chance there.
pub fn response_table(curve: &Curve) -> DataTable {
    DataTable {
        headers: vec![
            "Value".to_string(),
            "Chance of reaching the target".to_string(),
        ],
        rows: curve
            .values
            .iter()
            .zip(&curve.p_reach)
            .map(|(x, p)| vec![lever_value_text(curve, *x), fmt_pct(*p)])
            .collect(),
    }
}

/// The height (CSS pixels) of a curve's canvas: a plot of at least 60 px, the labels
/// under it and the top margin.
pub const RESPONSE_HEIGHT_PX: f64 = 89.0;

/// Draws `curve` small, on a fixed 0–100% axis: the 50% line dashed, the current value
/// marked (a line, a dot and its value under the axis), the range's ends labelled where
/// they do not touch the current value's label; `stale` fades it. Draws its own axis
/// labels, so it knows (and reports) where each one lies.
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
    let font = theme.text_style();
    let (_, text_h) = area.estimate_text_size("100%", &font)?;
    let text_h = i32::try_from(text_h).unwrap_or(0);
    let (y_label_w, _) = area.estimate_text_size("100%", &font)?;
    let y_label_w = i32::try_from(y_label_w).unwrap_or(0);
    let chart = ChartBuilder::on(area)
        .margin_left(theme.px(2.0))
        .margin_top(text_h / 2 + theme.px(1.0))
        .margin_right(theme.px(4.0))
        .margin_bottom(0)
        .x_label_area_size(text_h + theme.px(4.0))
        .y_label_area_size(y_label_w + theme.px(6.0))
        .build_cartesian_2d(lo..hi, 0f64..100f64)?;
    let alpha = if stale { 0.35 } else { 1.0 };
    let thin = theme.px(1.0).max(1) as u32;
    let mut geometry = geometry_of(&chart);
    let (left, right) = geometry.x_pixels;
    let (top, bottom) = geometry.y_pixels;
    let (bx, by) = area.get_base_pixel();
    let y_of = |p: f64| chart.backend_coord(&(lo, p)).1;
    // The frame: 0% and 100% lines, and the 50% line dashed.
    for p in [0.0, 100.0] {
        area.draw(&PathElement::new(
            [(left - bx, y_of(p) - by), (right - bx, y_of(p) - by)],
            theme.grid.stroke_width(thin),
        ))?;
    }
    let half = y_of(50.0) - by;
    let (dash, gap) = (theme.px(4.0).max(2), theme.px(3.0).max(1));
    let mut x = left - bx;
    while x < right - bx {
        let to = (x + dash).min(right - bx);
        area.draw(&PathElement::new(
            [(x, half), (to, half)],
            theme.text.mix(0.6).stroke_width(thin),
        ))?;
        x = to + gap;
    }
    let mut labels = Vec::new();
    let label = |text: String, (x, y): (i32, i32), h: HPos, v: VPos, color: RGBAColor| {
        let (w, th) = area.estimate_text_size(&text, &font)?;
        let (w, th) = (
            i32::try_from(w).unwrap_or(0),
            i32::try_from(th).unwrap_or(0),
        );
        let x0 = match h {
            HPos::Left => x,
            HPos::Center => x - w / 2,
            HPos::Right => x - w,
        };
        let y0 = match v {
            VPos::Top => y,
            VPos::Center => y - th / 2,
            VPos::Bottom => y - th,
        };
        let b = PixelBox {
            left: x0 + bx,
            top: y0 + by,
            right: x0 + w + bx,
            bottom: y0 + th + by,
        };
        Ok::<_, DrawingAreaErrorKind<DB::ErrorType>>((text, (x0, y0), b, color))
    };
    // The y axis: 0%, 50% and 100%, right-aligned left of the plot.
    for p in [0.0, 50.0, 100.0] {
        labels.push(label(
            format!("{}%", fmt_fixed(p, 0)),
            (left - bx - theme.px(4.0), y_of(p) - by),
            HPos::Right,
            VPos::Center,
            theme.text.to_rgba(),
        )?);
    }
    // The x axis: the current value under its marker, and the range's ends where they
    // leave room for it.
    let x_top = bottom - by + theme.px(2.0);
    let current_x = curve.current.clamp(lo, hi);
    let marker_px = chart.backend_coord(&(current_x, 0.0)).0 - bx;
    let now = label(
        lever_value_text(curve, curve.current),
        (marker_px, x_top),
        HPos::Center,
        VPos::Top,
        theme.accent.mix(alpha),
    )?;
    // Kept inside the plot's width.
    let shift =
        ((left - bx) - (now.2.left - bx)).max(0) - ((now.2.right - bx) - (right - bx)).max(0);
    let now = (
        now.0,
        (now.1 .0 + shift, now.1 .1),
        PixelBox {
            left: now.2.left + shift,
            right: now.2.right + shift,
            ..now.2
        },
        now.3,
    );
    let gap_px = theme.px(4.0);
    for (value, h, x) in [(lo, HPos::Left, left - bx), (hi, HPos::Right, right - bx)] {
        let end = label(
            lever_value_text(curve, value),
            (x, x_top),
            h,
            VPos::Top,
            theme.text.to_rgba(),
        )?;
        let clear = end.2.right + gap_px <= now.2.left || now.2.right + gap_px <= end.2.left;
        if clear {
            labels.push(end);
        }
    }
    labels.push(now);
    for (text, (x, y), b, color) in labels {
        let style = font
            .clone()
            .color(&color)
            .pos(Pos::new(HPos::Left, VPos::Top));
        area.draw(&Text::new(text, (x, y), style))?;
        geometry.labels.push(b);
    }

    let color = theme.series_color(0);
    let width = theme.px(2.0).max(1) as u32;
    let mut chart = chart;
    chart.draw_series(LineSeries::new(
        curve
            .values
            .iter()
            .zip(&curve.p_reach)
            .map(|(x, p)| (*x, p * 100.0)),
        color.mix(alpha).stroke_width(width),
    ))?;
    if let Some(p) = chance_at_current(curve) {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(current_x, 0.0), (current_x, 100.0)],
            theme.accent.mix(alpha * 0.7).stroke_width(thin),
        )))?;
        chart.draw_series(std::iter::once(Circle::new(
            (current_x, p * 100.0),
            theme.px(4.0).max(2),
            theme.accent.mix(alpha).filled(),
        )))?;
    }
    geometry.y_pixels = (top, bottom);
    Ok(geometry)
}
