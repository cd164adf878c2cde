//! The sensitivity tornado: forward 12-month revenue when each input moves between
//! its low and high value, largest swing on top.

use crate::legend::{draw_key, split_key, Entry, Mark};
use crate::DataTable;
use crate::{geometry_of, DrawResult, PlotGeometry, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;
use revenue_model::format::{fmt_fixed, fmt_musd, fmt_musd_short, fmt_pct};
use revenue_model::sensitivity::Sensitivity;

/// The chart's title.
pub fn tornado_title() -> String {
    "Sensitivity of the next 12 months' revenue".to_string()
}

/// What the chart shows in one sentence: the input that moves the next 12 months'
/// revenue most, and how far.
pub fn tornado_summary(s: &Sensitivity) -> String {
    s.rows.first().map_or_else(
        || "No input moves the next 12 months' revenue.".to_string(),
        |r| {
            format!(
                "{} moves the next 12 months' revenue most: from {} to {}.",
                r.label,
                fmt_musd_short(r.low_forward_12m_musd),
                fmt_musd_short(r.high_forward_12m_musd)
            )
        },
    )
}

/// The bar under data y `y` (bars are one unit tall, the first on top) in words.
pub fn tornado_describe(s: &Sensitivity, y: f64) -> Option<String> {
    let n = s.rows.len().min(MAX_BARS) as f64;
    let index = (n - y).floor();
    if index.is_nan() || index < 0.0 {
        return None;
    }
    let r = s.rows.get(index as usize)?;
    Some(format!(
        "{}: {} at {}, {} at {}",
        r.label,
        fmt_musd_short(r.low_forward_12m_musd),
        r.low_label,
        fmt_musd_short(r.high_forward_12m_musd),
        r.high_label
    ))
}

/// Every input's swing, the bars drawn and those beyond [`MAX_BARS`], with the chance of
/// reaching the target at each end once it is known ("…" until then).
pub fn tornado_table(s: &Sensitivity) -> DataTable {
    DataTable {
        headers: [
            "Input",
            "Low",
            "High",
            "Next 12 months at low",
            "at high",
            "P(target) at low",
            "at high",
            "Difference ± standard error (same draws)",
        ]
        .map(String::from)
        .to_vec(),
        rows: s
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.label.clone(),
                    r.low_label.clone(),
                    r.high_label.clone(),
                    fmt_musd(r.low_forward_12m_musd),
                    fmt_musd(r.high_forward_12m_musd),
                    r.low_p_reach.map_or_else(|| "…".to_string(), fmt_pct),
                    r.high_p_reach.map_or_else(|| "…".to_string(), fmt_pct),
                    match (r.low_p_reach, r.high_p_reach, r.p_difference_std_error) {
                        (Some(lo), Some(hi), Some(se)) => format!(
                            "{} ± {} pts",
                            fmt_fixed((hi - lo) * 100.0, 1),
                            fmt_fixed(se * 100.0, 1)
                        ),
                        _ => "…".to_string(),
                    },
                ]
            })
            .collect(),
    }
}

/// Most bars drawn; the data table lists them all.
pub const MAX_BARS: usize = 8;

fn shorten(label: &str, max_chars: usize) -> String {
    if label.chars().count() <= max_chars {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(max_chars.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// Draws the top [`MAX_BARS`] rows of `sensitivity`: each bar spans the forward
/// 12-month revenue from the input's low to its high value; the base is a line.
pub fn draw_tornado<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sensitivity: &Sensitivity,
    theme: &Theme,
) -> DrawResult<PlotGeometry, DB::ErrorType> {
    area.fill(&theme.background)?;
    let low_color = theme.series_color(5);
    let high_color = theme.series_color(0);
    let text = theme.text;
    let entries = [
        Entry::new(
            format!(
                "As entered: {}",
                fmt_musd_short(sensitivity.base_forward_12m_musd)
            ),
            Mark::Line(text),
        ),
        Entry::new("Input at its low value", Mark::Fill(low_color.to_rgba())),
        Entry::new("Input at its high value", Mark::Fill(high_color.to_rgba())),
    ];
    let [plot, strip] = split_key(area, &entries, theme)?;
    let area = &plot;
    let rows: Vec<_> = sensitivity.rows.iter().take(MAX_BARS).collect();
    let n = rows.len().max(1) as f64;
    let base = sensitivity.base_forward_12m_musd;
    let lo = rows
        .iter()
        .map(|r| r.low_forward_12m_musd.min(r.high_forward_12m_musd))
        .fold(base, f64::min);
    let hi = rows
        .iter()
        .map(|r| r.low_forward_12m_musd.max(r.high_forward_12m_musd))
        .fold(base, f64::max);
    let pad = ((hi - lo) * 0.08).max(1.0);
    let (x_lo, x_hi) = ((lo - pad).max(0.0), hi + pad);
    let (width_px, _) = area.dim_in_pixel();
    let label_chars = ((f64::from(width_px) / theme.scale / 2.0 / 7.0) as usize).clamp(14, 44);
    let labels: Vec<String> = rows
        .iter()
        .map(|r| shorten(&r.label, label_chars))
        .collect();
    let mut chart = ChartBuilder::on(area)
        .margin(theme.px(10.0))
        .x_label_area_size(theme.px(36.0))
        .y_label_area_size((f64::from(width_px) * 0.42) as i32)
        .build_cartesian_2d(x_lo..x_hi, 0f64..n)?;
    let y_fmt = |y: &f64| {
        let index = (n - y - 0.5).round();
        if (y.fract() - 0.5).abs() < 0.01 && index >= 0.0 {
            labels.get(index as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let x_fmt = |x: &f64| fmt_musd_short(*x);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(theme.grid.mix(0.5))
        .bold_line_style(theme.grid)
        .axis_style(theme.text)
        .label_style(theme.text_style())
        .axis_desc_style(theme.text_style())
        .x_desc("Revenue of the next 12 months")
        .x_labels(5)
        .y_labels(rows.len() * 2 + 1)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()?;
    for (i, r) in rows.iter().enumerate() {
        let y_top = n - i as f64 - 0.15;
        let y_bottom = n - i as f64 - 0.85;
        chart.draw_series(std::iter::once(Rectangle::new(
            [
                (r.low_forward_12m_musd.min(base), y_bottom),
                (r.low_forward_12m_musd.max(base), y_top),
            ],
            low_color.mix(0.9).filled(),
        )))?;
        chart.draw_series(std::iter::once(Rectangle::new(
            [
                (r.high_forward_12m_musd.min(base), y_bottom),
                (r.high_forward_12m_musd.max(base), y_top),
            ],
            high_color.mix(0.9).filled(),
        )))?;
    }
    let width = theme.px(2.0).max(1) as u32;
    chart.draw_series(LineSeries::new(
        [(base, 0.0), (base, n)],
        text.stroke_width(width),
    ))?;
    let mut geometry = geometry_of(&chart);
    geometry.labels = draw_key(&strip, &entries, theme)?;
    Ok(geometry)
}
