//! Concentration over time, measured in the Monte Carlo's runs: the HHI's median and
//! 5–95% band against the merger-guideline bands (top panel), and the largest
//! customer's share (median and band, with the medians if the headline client stays
//! and once it has left) against the 10% disclosure threshold (bottom panel). The
//! expected path's HHI is a thin dashed line, labelled: no single run follows it.

use crate::legend::{draw_key, split_key, Entry, Mark};
use crate::revenue::month_index;
use crate::DataTable;
use crate::{nice_ceiling, DrawResult, PixelBox, PlotGeometry, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;
use revenue_model::concentration::{
    Concentration, DISCLOSURE_THRESHOLD, HHI_2010_HIGH, HHI_2010_MODERATE, HHI_2023_HIGH,
};
use revenue_model::format::{fmt_fixed, fmt_pct};
use revenue_model::monte_carlo::{Bands, ConcentrationBands, MonteCarlo};
use revenue_model::YearMonth;

/// The chart's title.
pub fn concentration_title() -> String {
    "Customer concentration over time".to_string()
}

/// What the chart shows in one sentence: the HHI and the largest customer's share in the
/// last month, median and 5–95% of `mc`'s runs, from the months starting `start`.
pub fn concentration_summary(mc: &MonteCarlo, start: YearMonth) -> String {
    let b = &mc.concentration;
    let end = start.plus_months(u32::try_from(b.hhi.len().saturating_sub(1)).unwrap_or(0));
    let hhi = b.hhi.last().copied().flatten().unwrap_or([0.0; 3]);
    let top = b.top1.last().copied().flatten().unwrap_or([0.0; 3]);
    format!(
        "Measured in each of {} runs: in {} the HHI's median is {} (5–95% of runs {} to {}) and the largest customer's median share {} ({} to {}), against a 10% disclosure threshold.",
        fmt_fixed(f64::from(mc.runs), 0),
        end.label(),
        fmt_fixed(hhi[1], 0),
        fmt_fixed(hhi[0], 0),
        fmt_fixed(hhi[2], 0),
        fmt_pct(top[1]),
        fmt_pct(top[0]),
        fmt_pct(top[2])
    )
}

/// The values under data x `x`: the month's HHI and largest customer's share, median and
/// 5–95% of runs.
pub fn concentration_describe(b: &ConcentrationBands, start: YearMonth, x: f64) -> Option<String> {
    let t = month_index(x, b.hhi.len())?;
    let hhi = (*b.hhi.get(t)?)?;
    let top = (*b.top1.get(t)?)?;
    Some(format!(
        "{}: HHI median {} (5–95% of runs {} to {}), largest customer median {} ({} to {})",
        start.plus_months(t as u32).label(),
        fmt_fixed(hhi[1], 0),
        fmt_fixed(hhi[0], 0),
        fmt_fixed(hhi[2], 0),
        fmt_pct(top[1]),
        fmt_pct(top[0]),
        fmt_pct(top[2])
    ))
}

/// Percentile `k` of `bands` in month `t`, as a percent or a whole number; "–" for a
/// month no run reached.
fn cell(bands: &Bands, t: usize, k: usize, pct: bool) -> String {
    bands
        .get(t)
        .copied()
        .flatten()
        .and_then(|v| v.get(k).copied())
        .map_or_else(
            || "–".to_string(),
            |v| if pct { fmt_pct(v) } else { fmt_fixed(v, 0) },
        )
}

/// Every month's concentration: measured in the runs, split by the headline client
/// (`headline`), and the expected path's HHI.
pub fn concentration_table(
    b: &ConcentrationBands,
    expected: &Concentration,
    start: YearMonth,
    headline: &str,
) -> DataTable {
    DataTable {
        headers: vec![
            "Month".to_string(),
            "HHI, median of runs".to_string(),
            "HHI, 5–95% of runs".to_string(),
            "Largest customer, median of runs".to_string(),
            format!("Largest customer if {headline} stays"),
            format!("Largest customer once {headline} has left"),
            format!("Runs in which {headline} has left"),
            "HHI of the expected path".to_string(),
        ],
        rows: (0..b.hhi.len())
            .map(|t| {
                vec![
                    start.plus_months(t as u32).label(),
                    cell(&b.hhi, t, 1, false),
                    format!(
                        "{} to {}",
                        cell(&b.hhi, t, 0, false),
                        cell(&b.hhi, t, 2, false)
                    ),
                    cell(&b.top1, t, 1, true),
                    cell(&b.top1_if_stays, t, 1, true),
                    cell(&b.top1_if_left, t, 1, true),
                    b.p_headline_left
                        .get(t)
                        .map_or_else(|| "–".to_string(), |p| fmt_pct(*p)),
                    expected
                        .months
                        .get(t)
                        .map_or_else(|| "–".to_string(), |m| fmt_fixed(m.hhi, 0)),
                ]
            })
            .collect(),
    }
}

/// Points of percentile `k` (0 = p5, 1 = median, 2 = p95) of `bands`, scaled, skipping months with no run.
fn line(bands: &Bands, k: usize, scale: f64) -> Vec<(f64, f64)> {
    bands
        .iter()
        .enumerate()
        .filter_map(|(t, b)| b.and_then(|v| v.get(k).map(|v| (t as f64, v * scale))))
        .collect()
}

/// The 5–95% band as a polygon.
fn band(bands: &Bands, scale: f64) -> Vec<(f64, f64)> {
    let mut upper = line(bands, 2, scale);
    let lower = line(bands, 0, scale);
    upper.extend(lower.into_iter().rev());
    upper
}

/// A median drawn dashed for part of the runs: its points, label, colour and dash length.
type Split = (Vec<(f64, f64)>, String, RGBColor, f64);

/// Draws the concentration measured in the runs (`runs`), with the expected path's
/// HHI (`expected`) for reference, over the months from `start`; `headline` names the
/// client the split is about. Each panel's key is in a strip under it. Returns the
/// geometry of the top panel (the bottom shares its x axis).
pub fn draw_concentration<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &ConcentrationBands,
    expected: &Concentration,
    start: YearMonth,
    headline: &str,
    theme: &Theme,
) -> DrawResult<PlotGeometry, DB::ErrorType> {
    area.fill(&theme.background)?;
    let months = runs.hhi.len().max(expected.months.len());
    let x_max = months.saturating_sub(1).max(1) as f64;
    let x_fmt = |x: &f64| start.plus_months(x.round().max(0.0) as u32).label();
    let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 * 52 / 100);
    let width = theme.px(2.0).max(1) as u32;
    let hhi_color = theme.series_color(0);
    let expected_color = theme.text;
    let accent = theme.accent;
    let top1_color = theme.series_color(1);
    // The median if the headline client stays, and once it has left (longer dashes for
    // "stays"), where any run has them.
    let splits: Vec<Split> = if headline.is_empty() {
        Vec::new()
    } else {
        [
            (&runs.top1_if_stays, format!("If {headline} stays"), 2, 6.0),
            (
                &runs.top1_if_left,
                format!("Once {headline} has left"),
                3,
                2.0,
            ),
        ]
        .into_iter()
        .map(|(bands, label, series, dash)| {
            (
                line(bands, 1, 100.0),
                label,
                theme.series_color(series),
                dash,
            )
        })
        .filter(|(points, ..)| !points.is_empty())
        .collect()
    };
    let hhi_entries = [
        Entry::new("HHI, median of runs (band: 5–95%)", Mark::Line(hhi_color)),
        Entry::new(
            "Expected path (no run follows it)",
            Mark::Dashed(expected_color, 5.0, 4.0),
        ),
    ];
    let mut share_entries = vec![
        Entry::new("10% disclosure threshold", Mark::Dashed(accent, 4.0, 3.0)),
        Entry::new("Median of runs (band: 5–95%)", Mark::Line(top1_color)),
    ];
    share_entries.extend(splits.iter().map(|(_, label, color, dash)| {
        Entry::new(label.clone(), Mark::Dashed(*color, *dash, 3.0))
    }));
    let [top, top_key] = split_key(&top, &hhi_entries, theme)?;
    let [bottom, bottom_key] = split_key(&bottom, &share_entries, theme)?;

    let expected_hhi = expected.series(|m| m.hhi);
    let hhi_peak = line(&runs.hhi, 2, 1.0)
        .iter()
        .map(|p| p.1)
        .chain(expected_hhi.iter().copied())
        .fold(0.0, f64::max);
    let hhi_max = nice_ceiling(hhi_peak, HHI_2010_HIGH * 1.1).min(10_000.0);

    let mut chart = ChartBuilder::on(&top)
        .margin(theme.px(10.0))
        .margin_bottom(theme.px(4.0))
        .x_label_area_size(theme.px(6.0))
        .y_label_area_size(theme.px(56.0))
        .build_cartesian_2d(0f64..x_max, 0f64..hhi_max)?;
    // Guideline bands first, so the data draws over them.
    let guideline = [
        (HHI_2010_MODERATE, HHI_2023_HIGH, 0.10),
        (HHI_2023_HIGH, HHI_2010_HIGH, 0.18),
        (HHI_2010_HIGH, hhi_max, 0.26),
    ];
    for (lo, hi, alpha) in guideline {
        if lo < hhi_max {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, lo), (x_max, hi.min(hhi_max))],
                theme.accent.mix(alpha).filled(),
            )))?;
        }
    }
    let y_fmt = |y: &f64| fmt_fixed(*y, 0);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(theme.grid.mix(0.4))
        .bold_line_style(theme.grid)
        .axis_style(theme.text)
        .label_style(theme.text_style())
        .axis_desc_style(theme.text_style())
        .y_desc("HHI (0–10,000)")
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&y_fmt)
        .draw()?;
    chart.draw_series(std::iter::once(Polygon::new(
        band(&runs.hhi, 1.0),
        hhi_color.mix(0.25).filled(),
    )))?;
    chart.draw_series(LineSeries::new(
        line(&runs.hhi, 1, 1.0),
        hhi_color.stroke_width(width),
    ))?;
    chart.draw_series(DashedLineSeries::new(
        expected_hhi.iter().enumerate().map(|(t, v)| (t as f64, *v)),
        theme.px(5.0).max(2) as u32,
        theme.px(4.0).max(2) as u32,
        expected_color.stroke_width(theme.px(1.0).max(1) as u32),
    ))?;
    let (xs, ys) = chart.plotting_area().get_pixel_range();

    let share_peak = line(&runs.top1, 2, 100.0)
        .iter()
        .map(|p| p.1)
        .fold(0.0, f64::max);
    let share_max = nice_ceiling(share_peak, DISCLOSURE_THRESHOLD * 100.0 * 1.5).min(100.0);
    let mut shares = ChartBuilder::on(&bottom)
        .margin(theme.px(10.0))
        .x_label_area_size(theme.px(24.0))
        .y_label_area_size(theme.px(56.0))
        .build_cartesian_2d(0f64..x_max, 0f64..share_max)?;
    let pct_fmt = |y: &f64| format!("{}%", fmt_fixed(*y, 0));
    shares
        .configure_mesh()
        .light_line_style(theme.grid.mix(0.4))
        .bold_line_style(theme.grid)
        .axis_style(theme.text)
        .label_style(theme.text_style())
        .axis_desc_style(theme.text_style())
        .y_desc("Largest customer's share")
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&pct_fmt)
        .draw()?;
    shares.draw_series(DashedLineSeries::new(
        [
            (0.0, DISCLOSURE_THRESHOLD * 100.0),
            (x_max, DISCLOSURE_THRESHOLD * 100.0),
        ],
        theme.px(4.0).max(2) as u32,
        theme.px(3.0).max(2) as u32,
        accent.stroke_width(width),
    ))?;
    shares.draw_series(std::iter::once(Polygon::new(
        band(&runs.top1, 100.0),
        top1_color.mix(0.22).filled(),
    )))?;
    shares.draw_series(LineSeries::new(
        line(&runs.top1, 1, 100.0),
        top1_color.stroke_width(width),
    ))?;
    for (points, _, color, dash) in splits {
        shares.draw_series(DashedLineSeries::new(
            points,
            theme.px(dash).max(1) as u32,
            theme.px(3.0).max(2) as u32,
            color.stroke_width(width),
        ))?;
    }
    let (bottom_xs, bottom_ys) = shares.plotting_area().get_pixel_range();
    let mut labels = draw_key(&top_key, &hhi_entries, theme)?;
    labels.extend(draw_key(&bottom_key, &share_entries, theme)?);
    Ok(PlotGeometry {
        x_pixels: (xs.start, xs.end),
        y_pixels: (ys.start, bottom_ys.end),
        x_range: (0.0, x_max),
        y_range: (0.0, hhi_max),
        plots: vec![
            PixelBox {
                left: xs.start,
                top: ys.start,
                right: xs.end,
                bottom: ys.end,
            },
            PixelBox {
                left: bottom_xs.start,
                top: bottom_ys.start,
                right: bottom_xs.end,
                bottom: bottom_ys.end,
            },
        ],
        labels,
    })
}
