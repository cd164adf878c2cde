//! The Monte Carlo fan: the 5–95% and 25–75% bands of total monthly revenue, the
//! median, and the monthly revenue the target needs.

use crate::legend::{draw_direct_labels, draw_key, split_key, widest, Entry, Mark};
use crate::revenue::month_index;
use crate::DataTable;
use crate::{geometry_of, monthly_money_chart, nice_ceiling, DrawResult, PlotGeometry, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;
use revenue_model::format::{fmt_fixed, fmt_musd, fmt_musd_short};
use revenue_model::monte_carlo::MonteCarlo;
use revenue_model::YearMonth;

/// The height (CSS pixels) of the key's strip under a narrow outlook: two rows. A canvas
/// for a narrow outlook should be this much taller than its plot.
pub const LEGEND_STRIP_PX: f64 = 44.0;

/// Below this width (CSS pixels) the outlook puts its key in a strip under the plot.
pub const NARROW_PX: f64 = 520.0;

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

/// The values under data x `x`: the month's percentiles and each overlay's value.
pub fn fan_describe(
    mc: &MonteCarlo,
    start: YearMonth,
    overlays: &[Overlay],
    x: f64,
) -> Option<String> {
    let t = month_index(x, mc.percentiles_musd.len())?;
    let p = mc.percentiles_musd.get(t)?;
    let others: String = overlays
        .iter()
        .filter_map(|o| {
            o.values
                .get(t)
                .map(|v| format!("; {}: {}", o.label, fmt_musd(*v)))
        })
        .collect();
    Some(format!(
        "{}: median {}, 25–75% {} to {}, 5–95% {} to {} a month{others}",
        start.plus_months(t as u32).label(),
        fmt_musd(p[2]),
        fmt_musd(p[1]),
        fmt_musd(p[3]),
        fmt_musd(p[0]),
        fmt_musd(p[4])
    ))
}

/// Every month's percentiles and mean, $M a month, and each overlay's value.
pub fn fan_table(mc: &MonteCarlo, start: YearMonth, overlays: &[Overlay]) -> DataTable {
    DataTable {
        headers: ["Month", "5%", "25%", "Median", "75%", "95%", "Mean"]
            .map(String::from)
            .into_iter()
            .chain(overlays.iter().map(|o| format!("{} ($M)", o.label)))
            .collect(),
        rows: mc
            .percentiles_musd
            .iter()
            .zip(&mc.mean_musd)
            .enumerate()
            .map(|(t, (p, mean))| {
                let mut row = vec![start.plus_months(t as u32).label()];
                row.extend(p.iter().map(|v| fmt_fixed(*v, 2)));
                row.push(fmt_fixed(*mean, 2));
                row.extend(overlays.iter().map(|o| {
                    o.values
                        .get(t)
                        .map_or_else(|| "–".to_string(), |v| fmt_fixed(*v, 2))
                }));
                row
            })
            .collect(),
    }
}

/// Draws the fan of `mc` over its months from `start`, with the target
/// `target_annual_musd` and `overlays` to compare with. Each series is named at its right
/// end, beside the plot; below [`NARROW_PX`] in a key under it. The median is solid, the
/// target line long dashes, a dashed overlay short dashes.
pub fn draw_fan<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mc: &MonteCarlo,
    start: YearMonth,
    target_annual_musd: f64,
    overlays: &[Overlay],
    theme: &Theme,
) -> DrawResult<PlotGeometry, DB::ErrorType> {
    area.fill(&theme.background)?;
    let months = mc.percentiles_musd.len();
    let x_max = months.saturating_sub(1).max(1) as f64;
    let target_monthly = target_annual_musd / 12.0;
    let last = mc.percentiles_musd.last().copied().unwrap_or([0.0; 5]);
    let color = theme.series_color(0);
    let faint = theme.text.mix(0.35);
    let dashed = theme.series_color(1);
    let accent = theme.accent;
    let outer = color.mix(0.22);
    let inner = color.mix(0.45);

    // Each series with its long, middle and short names and the value it ends at.
    let mut named: Vec<([String; 3], Mark, f64)> = Vec::new();
    let names = |long: &str, middle: &str, short: &str| {
        [long.to_string(), middle.to_string(), short.to_string()]
    };
    for o in overlays.iter().filter(|o| o.style == OverlayStyle::Faint) {
        let end = o.values.last().copied().unwrap_or(0.0);
        named.push((
            names(&o.label, &o.short_label, &o.short_label),
            Mark::Fill(faint),
            end,
        ));
    }
    named.push((
        names("5–95% of runs", "5–95% of runs", "5–95%"),
        Mark::Fill(outer.to_rgba()),
        (last[3] + last[4]) / 2.0,
    ));
    named.push((
        names("25–75% of runs", "25–75% of runs", "25–75%"),
        Mark::Fill(inner.to_rgba()),
        (last[1] + last[2]) / 2.0,
    ));
    named.push((
        names("Median", "Median", "Median"),
        Mark::Line(color),
        last[2],
    ));
    for o in overlays.iter().filter(|o| o.style == OverlayStyle::Dashed) {
        let end = o.values.last().copied().unwrap_or(0.0);
        named.push((
            names(&o.label, &o.short_label, &o.short_label),
            Mark::Dashed(dashed, SHORT_DASH.0, SHORT_DASH.1),
            end,
        ));
    }
    let target = fmt_musd_short(target_annual_musd);
    named.push((
        names(
            &format!(
                "Target {target} a year ({} a month)",
                fmt_musd(target_monthly)
            ),
            &format!("Target {target} a year"),
            &format!("{target} a year"),
        ),
        Mark::Dashed(accent, LONG_DASH.0, LONG_DASH.1),
        target_monthly,
    ));
    let entries = |which: usize| -> Vec<Entry> {
        named
            .iter()
            .map(|(n, m, _)| Entry::new(n.get(which).cloned().unwrap_or_default(), *m))
            .collect()
    };

    // On a phone the labels would take the plot's width: short labels in a key under the
    // chart. Wider, each series is named at its right end, in a gutter beside the plot:
    // the longest names that fit in 30% of the width.
    let width = i32::try_from(area.dim_in_pixel().0).unwrap_or(0);
    let narrow = i64::from(width) < i64::from(theme.px(NARROW_PX));
    let (labels, gutter, plot_area, strip) = if narrow {
        let labels = entries(2);
        let [plot, strip] = split_key(area, &labels, theme)?;
        (labels, 0, plot, Some(strip))
    } else {
        let mut chosen = (entries(2), 0);
        for which in [2, 1, 0] {
            let labels = entries(which);
            let w = widest(area, &labels, theme)?;
            if which == 2 || w <= width * 3 / 10 {
                chosen = (labels, w);
            }
        }
        let (labels, w) = chosen;
        (labels, w + theme.px(10.0), area.clone(), None)
    };
    let plot_area = &plot_area;

    let peak = mc
        .percentiles_musd
        .iter()
        .map(|p| p[4])
        .chain(overlays.iter().flat_map(|o| o.values.iter().copied()))
        .fold(0.0, f64::max);
    let y_max = nice_ceiling(peak, target_monthly);
    let mut chart = monthly_money_chart(plot_area, start, (x_max, y_max), gutter, theme)?;
    let line_width = theme.px(2.0).max(1) as u32;
    // References first, so the scenario draws over them.
    for o in overlays.iter().filter(|o| o.style == OverlayStyle::Faint) {
        chart.draw_series(LineSeries::new(
            o.values.iter().enumerate().map(|(t, v)| (t as f64, *v)),
            faint.stroke_width(line_width.max(2) + 1),
        ))?;
    }
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
    chart.draw_series(std::iter::once(Polygon::new(band(0, 4), outer.filled())))?;
    chart.draw_series(std::iter::once(Polygon::new(band(1, 3), inner.filled())))?;
    chart.draw_series(LineSeries::new(
        mc.percentiles_musd
            .iter()
            .enumerate()
            .map(|(t, p)| (t as f64, p[2])),
        color.stroke_width(line_width),
    ))?;
    for o in overlays.iter().filter(|o| o.style == OverlayStyle::Dashed) {
        chart.draw_series(DashedLineSeries::new(
            o.values.iter().enumerate().map(|(t, v)| (t as f64, *v)),
            theme.px(SHORT_DASH.0).max(2) as u32,
            theme.px(SHORT_DASH.1).max(2) as u32,
            dashed.stroke_width(line_width),
        ))?;
    }
    chart.draw_series(DashedLineSeries::new(
        [(0.0, target_monthly), (x_max, target_monthly)],
        theme.px(LONG_DASH.0).max(2) as u32,
        theme.px(LONG_DASH.1).max(2) as u32,
        accent.stroke_width(line_width),
    ))?;
    let mut geometry = geometry_of(&chart);
    geometry.labels = match strip {
        Some(strip) => draw_key(&strip, &labels, theme)?,
        None => {
            let (bx, by) = area.get_base_pixel();
            let ends: Vec<i32> = named
                .iter()
                .map(|(_, _, v)| chart.backend_coord(&(x_max, v.clamp(0.0, y_max))).1 - by)
                .collect();
            draw_direct_labels(
                area,
                &labels,
                &ends,
                geometry.x_pixels.1 - bx,
                (geometry.y_pixels.0 - by, geometry.y_pixels.1 - by),
                theme,
            )?
        }
    };
    Ok(geometry)
}

/// The target line's dashes: dash and gap, CSS pixels.
const LONG_DASH: (f64, f64) = (10.0, 5.0);
/// A dashed overlay's dashes (the "leaves" case).
const SHORT_DASH: (f64, f64) = (4.0, 3.0);
