//! The Monte Carlo fan: the 5–95% and 25–75% bands of total monthly revenue, the
//! median, and the monthly revenue the target needs.

use crate::legend::{draw_legend_grid, Corner, Mark};
use crate::{
    finish, geometry_of, monthly_money_chart, nice_ceiling, DrawResult, PlotGeometry, Theme,
};
use plotters::coord::Shift;
use plotters::prelude::*;
use revenue_model::format::{fmt_fixed, fmt_musd, fmt_musd_short};
use revenue_model::monte_carlo::MonteCarlo;
use revenue_model::YearMonth;

/// The height (CSS pixels) of the legend's strip under a narrow outlook: three rows of two
/// entries. A canvas for a narrow outlook should be this much taller than its plot.
pub const LEGEND_STRIP_PX: f64 = 60.0;

/// A line drawn over the fan: another case to compare with.
#[derive(Clone, Debug, PartialEq)]
pub struct Overlay {
    /// Its legend text ("If Acme leaves in Apr 2025").
    pub label: String,
    /// A shorter legend text for a narrow chart ("If Acme leaves").
    pub short_label: String,
    /// $M per month, from the same start month.
    pub values: Vec<f64>,
    /// How it is drawn.
    pub style: OverlayStyle,
}

/// How an [`Overlay`] is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverlayStyle {
    /// A dashed line in the accent series colour: the case the story asks about.
    Dashed,
    /// A thin, faint line: a reference drawn behind (the article's case).
    Faint,
}

/// The case the story asks about, as the outlook draws it: the expected path if `name`
/// leaves in `month` (`values`, $M a month from the start month), dashed.
pub fn leaves_overlay(name: &str, month: YearMonth, values: Vec<f64>) -> Overlay {
    Overlay {
        label: format!("Average if {name} leaves in {}", month.label()),
        short_label: format!("If {name} leaves"),
        values,
        style: OverlayStyle::Dashed,
    }
}

/// The outlook's title: "Revenue outlook: 10,000 runs, the $1B line and Acme leaving".
pub fn fan_title(mc: &MonteCarlo, target_musd: f64, name: &str) -> String {
    format!(
        "Revenue outlook: {} runs, the {} line and {} leaving",
        fmt_fixed(f64::from(mc.runs), 0),
        fmt_musd_short(target_musd),
        if name.is_empty() { "a client" } else { name }
    )
}

/// What the outlook shows, in one or two sentences: the median run and its middle half in
/// the horizon's last month `end`, the monthly revenue the target needs, and where each
/// overlay ends.
pub fn fan_summary(
    mc: &MonteCarlo,
    end: YearMonth,
    target_musd: f64,
    overlays: &[Overlay],
) -> String {
    let last = mc.percentiles_musd.last().copied().unwrap_or([0.0; 5]);
    let cases: String = overlays
        .iter()
        .filter_map(|o| {
            o.values
                .last()
                .map(|v| format!(" {}: {}.", o.label, fmt_musd(*v)))
        })
        .collect();
    format!(
        "In {} the median run brings {} a month (middle half {} to {}); {} a year needs {} a month.{cases}",
        end.label(),
        fmt_musd(last[2]),
        fmt_musd(last[1]),
        fmt_musd(last[3]),
        fmt_musd_short(target_musd),
        fmt_musd(target_musd / 12.0),
    )
}

/// Draws the fan of `mc` over its months from `start`, with the target
/// `target_annual_musd` and `overlays` to compare with.
pub fn draw_fan<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mc: &MonteCarlo,
    start: YearMonth,
    target_annual_musd: f64,
    overlays: &[Overlay],
    theme: &Theme,
) -> DrawResult<PlotGeometry, DB::ErrorType> {
    area.fill(&theme.background)?;
    let mut legend: Vec<(String, Mark)> = Vec::new();
    // On a phone a legend inside the plot would hide the bands: short labels, in a strip
    // of two columns under the chart.
    let narrow = i64::from(area.dim_in_pixel().0) < i64::from(theme.px(520.0));
    let (area, strip) = if narrow {
        let height = i32::try_from(area.dim_in_pixel().1).unwrap_or(0);
        let (plot, strip) = area.split_vertically((height - theme.px(LEGEND_STRIP_PX)).max(0));
        (plot, Some(strip))
    } else {
        (area.clone(), None)
    };
    let area = &area;
    let pick = |long: String, short: &str| if narrow { short.to_string() } else { long };
    let months = mc.percentiles_musd.len();
    let x_max = months.saturating_sub(1).max(1) as f64;
    let target_monthly = target_annual_musd / 12.0;
    let peak = mc
        .percentiles_musd
        .iter()
        .map(|p| p[4])
        .chain(overlays.iter().flat_map(|o| o.values.iter().copied()))
        .fold(0.0, f64::max);
    let y_max = nice_ceiling(peak, target_monthly);
    let mut chart = monthly_money_chart(area, start, x_max, y_max, theme)?;
    let width = theme.px(2.0).max(1) as u32;
    // References first, so the scenario draws over them.
    for o in overlays.iter().filter(|o| o.style == OverlayStyle::Faint) {
        let faint = theme.text.mix(0.35);
        chart.draw_series(LineSeries::new(
            o.values.iter().enumerate().map(|(t, v)| (t as f64, *v)),
            faint.stroke_width(width.max(2) + 1),
        ))?;
        legend.push((pick(o.label.clone(), &o.short_label), Mark::Fill(faint)));
    }
    let color = theme.series_color(0);
    let band = |lo: usize, hi: usize| -> Vec<(f64, f64)> {
        let upper = mc
            .percentiles_musd
            .iter()
            .enumerate()
            .map(|(t, p)| (t as f64, p.get(hi).copied().unwrap_or(0.0)));
        let lower = mc
            .percentiles_musd
            .iter()
            .enumerate()
            .rev()
            .map(|(t, p)| (t as f64, p.get(lo).copied().unwrap_or(0.0)));
        upper.chain(lower).collect()
    };
    chart.draw_series(std::iter::once(Polygon::new(
        band(0, 4),
        color.mix(0.22).filled(),
    )))?;
    legend.push((
        pick("5–95% of runs".to_string(), "5–95%"),
        Mark::Fill(color.mix(0.22).to_rgba()),
    ));
    chart.draw_series(std::iter::once(Polygon::new(
        band(1, 3),
        color.mix(0.45).filled(),
    )))?;
    legend.push((
        pick("25–75% of runs".to_string(), "25–75%"),
        Mark::Fill(color.mix(0.45).to_rgba()),
    ));
    chart.draw_series(LineSeries::new(
        mc.percentiles_musd
            .iter()
            .enumerate()
            .map(|(t, p)| (t as f64, p[2])),
        color.stroke_width(width),
    ))?;
    legend.push(("Median".to_string(), Mark::Line(color)));
    let dashed = theme.series_color(1);
    for o in overlays.iter().filter(|o| o.style == OverlayStyle::Dashed) {
        chart.draw_series(DashedLineSeries::new(
            o.values.iter().enumerate().map(|(t, v)| (t as f64, *v)),
            theme.px(6.0).max(2) as u32,
            theme.px(4.0).max(2) as u32,
            dashed.stroke_width(width),
        ))?;
        legend.push((pick(o.label.clone(), &o.short_label), Mark::Line(dashed)));
    }
    let accent = theme.accent;
    chart.draw_series(LineSeries::new(
        [(0.0, target_monthly), (x_max, target_monthly)],
        accent.stroke_width(width),
    ))?;
    let target_label = format!(
        "Target {} a year ({} a month)",
        fmt_musd_short(target_annual_musd),
        fmt_musd(target_monthly)
    );
    let target_short = format!("{} a year", fmt_musd_short(target_annual_musd));
    legend.push((pick(target_label, &target_short), Mark::Line(accent)));
    match strip {
        Some(strip) => {
            draw_legend_grid(&strip, 2, &legend, theme)?;
            Ok(geometry_of(&chart))
        }
        None => finish(&chart, Corner::UpperLeft, &legend, theme),
    }
}
