//! The distribution of the final year's revenue over the Monte Carlo runs, as a
//! histogram with the target marked.

use crate::legend::{draw_key, split_key, Entry, Mark};
use crate::DataTable;
use crate::{geometry_of, nice_ceiling, DrawResult, PlotGeometry, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;
use revenue_model::format::{fmt_fixed, fmt_musd_short, fmt_pct};
use revenue_model::monte_carlo::MonteCarlo;

/// The chart's title.
pub fn final_year_title() -> String {
    "Distribution of the final year's revenue".to_string()
}

/// What the chart shows in one sentence: the final 12 months' median, the share of runs
/// reaching `target_annual_musd`, and the worst 5% of runs.
pub fn final_year_summary(mc: &MonteCarlo, target_annual_musd: f64) -> String {
    format!(
        "The final 12 months bring {} in the median run and reach {} in {} of runs; the worst 5% average {}.",
        fmt_musd_short(mc.years.last().map_or(0.0, |y| y.percentiles_musd[2])),
        fmt_musd_short(target_annual_musd),
        fmt_pct(mc.years.last().map_or(0.0, |y| y.share_at_or_above_target)),
        fmt_musd_short(mc.worst_5pct_mean_musd)
    )
}

/// The bin under data x `x` ($M a year) and its share of runs.
pub fn final_year_describe(mc: &MonteCarlo, x: f64) -> Option<String> {
    let h = &mc.final_year_histogram;
    if h.bin_width_musd.is_nan() || h.bin_width_musd <= 0.0 {
        return None;
    }
    let bin = ((x - h.min_musd) / h.bin_width_musd).floor();
    if bin.is_nan() || bin < 0.0 {
        return None;
    }
    let count = *h.counts.get(bin as usize)?;
    let lo = h.min_musd + bin * h.bin_width_musd;
    Some(format!(
        "{} to {}: {} of runs",
        fmt_musd_short(lo),
        fmt_musd_short(lo + h.bin_width_musd),
        fmt_pct(f64::from(count) / f64::from(mc.runs.max(1)))
    ))
}

/// Every bin of the histogram: its bounds, runs and share of runs.
pub fn final_year_table(mc: &MonteCarlo) -> DataTable {
    let h = &mc.final_year_histogram;
    DataTable {
        headers: [
            "From ($M a year)",
            "To ($M a year)",
            "Runs",
            "Share of runs",
        ]
        .map(String::from)
        .to_vec(),
        rows: h
            .counts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let lo = h.min_musd + h.bin_width_musd * i as f64;
                vec![
                    fmt_fixed(lo, 1),
                    fmt_fixed(lo + h.bin_width_musd, 1),
                    c.to_string(),
                    fmt_pct(f64::from(*c) / f64::from(mc.runs.max(1))),
                ]
            })
            .collect(),
    }
}

/// Draws the histogram of the final 12 months' revenue, in $M a year, with the share
/// of runs per bin and the target as a vertical line.
pub fn draw_final_year<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mc: &MonteCarlo,
    target_annual_musd: f64,
    theme: &Theme,
) -> DrawResult<PlotGeometry, DB::ErrorType> {
    area.fill(&theme.background)?;
    let below = theme.series_color(5);
    let above = theme.series_color(0);
    let accent = theme.accent;
    let entries = [
        Entry::new(
            format!(
                "Target {}: {} of runs' final 12 months reach it",
                fmt_musd_short(target_annual_musd),
                fmt_pct(mc.years.last().map_or(0.0, |y| y.share_at_or_above_target))
            ),
            Mark::Dashed(accent, 10.0, 5.0),
        ),
        Entry::new("Below the target", Mark::Fill(below.to_rgba())),
        Entry::new("At or above the target", Mark::Fill(above.to_rgba())),
    ];
    let [plot, strip] = split_key(area, &entries, theme)?;
    let h = &mc.final_year_histogram;
    let runs = f64::from(mc.runs.max(1));
    let bins = h.counts.len().max(1);
    let lo = h.min_musd.min(target_annual_musd * 0.95);
    let hi = (h.min_musd + h.bin_width_musd * bins as f64).max(target_annual_musd * 1.05);
    let pad = (hi - lo).max(1.0) * 0.03;
    let (x_lo, x_hi) = ((lo - pad).max(0.0), hi + pad);
    let peak = h
        .counts
        .iter()
        .map(|c| f64::from(*c) / runs * 100.0)
        .fold(0.0, f64::max);
    let y_max = nice_ceiling(peak, 1.0);
    let mut chart = ChartBuilder::on(&plot)
        .margin(theme.px(10.0))
        .x_label_area_size(theme.px(36.0))
        .y_label_area_size(theme.px(48.0))
        .build_cartesian_2d(x_lo..x_hi, 0f64..y_max)?;
    let x_fmt = |x: &f64| fmt_musd_short(*x);
    let y_fmt = |y: &f64| format!("{}%", fmt_fixed(*y, 1));
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(theme.grid.mix(0.5))
        .bold_line_style(theme.grid)
        .axis_style(theme.text)
        .label_style(theme.text_style())
        .axis_desc_style(theme.text_style())
        .x_desc("Revenue of the final 12 months, $ a year")
        .y_desc("Share of runs")
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()?;
    let bars = h.counts.iter().enumerate().map(|(i, c)| {
        let x0 = h.min_musd + h.bin_width_musd * i as f64;
        let x1 = x0 + h.bin_width_musd;
        let color = if x0 + h.bin_width_musd / 2.0 >= target_annual_musd {
            above
        } else {
            below
        };
        Rectangle::new(
            [(x0, 0.0), (x1, f64::from(*c) / runs * 100.0)],
            color.mix(0.85).filled(),
        )
    });
    chart.draw_series(bars)?;
    let width = theme.px(2.0).max(1) as u32;
    chart.draw_series(DashedLineSeries::new(
        [(target_annual_musd, 0.0), (target_annual_musd, y_max)],
        theme.px(10.0).max(2) as u32,
        theme.px(5.0).max(2) as u32,
        accent.stroke_width(width),
    ))?;
    let mut geometry = geometry_of(&chart);
    geometry.labels = draw_key(&strip, &entries, theme)?;
    Ok(geometry)
}
