//! Revenue by client: the expected monthly revenue of each client as stacked areas,
//! with the monthly revenue the target needs as a line.

use crate::legend::{draw_key, split_key, Entry, Mark};
use crate::DataTable;
use crate::{geometry_of, monthly_money_chart, nice_ceiling, DrawResult, PlotGeometry, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;
use revenue_model::format::{fmt_fixed, fmt_musd, fmt_musd_short};
use revenue_model::Projection;

/// The chart's title.
pub fn revenue_title() -> String {
    "Revenue by client, $M per month".to_string()
}

/// What the chart shows in one sentence: the expected total at the start and at the end,
/// and the monthly revenue the target needs.
pub fn revenue_summary(p: &Projection) -> String {
    let end = p.start.plus_months(p.horizon_months.saturating_sub(1));
    format!(
        "Expected revenue rises from {} a month in {} to {} in {}; the target needs {} a month.",
        fmt_musd(p.total_musd.first().copied().unwrap_or(0.0)),
        p.start.label(),
        fmt_musd(p.total_musd.last().copied().unwrap_or(0.0)),
        end.label(),
        fmt_musd(p.target_annual_musd / 12.0)
    )
}

/// The month nearest the data x `x`, if it is on the chart.
pub(crate) fn month_index(x: f64, months: usize) -> Option<usize> {
    let i = x.round();
    (i >= 0.0 && (i as usize) < months).then_some(i as usize)
}

/// The values under data x `x`: the month's total and each client's part.
pub fn revenue_describe(p: &Projection, x: f64) -> Option<String> {
    let t = month_index(x, p.total_musd.len())?;
    let parts: Vec<String> = p
        .client_names
        .iter()
        .zip(&p.client_revenue_musd)
        .filter_map(|(n, path)| path.get(t).map(|v| format!("{n} {}", fmt_musd(*v))))
        .collect();
    Some(format!(
        "{}: total {} a month ({})",
        p.start.plus_months(t as u32).label(),
        fmt_musd(*p.total_musd.get(t)?),
        parts.join(", ")
    ))
}

/// Every month's revenue by client and in total, $M.
pub fn revenue_table(p: &Projection) -> DataTable {
    let mut headers = vec!["Month".to_string()];
    headers.extend(p.client_names.iter().map(|n| format!("{n} ($M)")));
    headers.push("Total ($M)".to_string());
    let rows = (0..p.total_musd.len())
        .map(|t| {
            let mut row = vec![p.start.plus_months(t as u32).label()];
            row.extend(
                p.client_revenue_musd
                    .iter()
                    .map(|path| fmt_fixed(path.get(t).copied().unwrap_or(0.0), 2)),
            );
            row.push(fmt_fixed(p.total_musd.get(t).copied().unwrap_or(0.0), 2));
            row
        })
        .collect();
    DataTable { headers, rows }
}

/// Draws the expected revenue per client per month, stacked, in $M per month, with
/// the target line (target annual revenue / 12, dashed) and a key under the plot.
pub fn draw_revenue_by_client<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    projection: &Projection,
    theme: &Theme,
) -> DrawResult<PlotGeometry, DB::ErrorType> {
    area.fill(&theme.background)?;
    let accent = theme.accent;
    let mut entries: Vec<Entry> = projection
        .client_names
        .iter()
        .enumerate()
        .map(|(i, name)| Entry::new(name.clone(), Mark::Fill(theme.series_color(i).to_rgba())))
        .collect();
    entries.push(Entry::new(
        format!(
            "Target: {} a year",
            fmt_musd_short(projection.target_annual_musd)
        ),
        Mark::Dashed(accent, 10.0, 5.0),
    ));
    let [plot, strip] = split_key(area, &entries, theme)?;
    let months = projection.total_musd.len();
    let x_max = months.saturating_sub(1).max(1) as f64;
    let target_monthly = projection.target_annual_musd / 12.0;
    let peak = projection.total_musd.iter().copied().fold(0.0, f64::max);
    let y_max = nice_ceiling(peak, target_monthly);
    let start = projection.start;

    let mut chart = monthly_money_chart(&plot, start, (x_max, y_max), 0, theme)?;

    // Stack: the band of client i lies between the sums of clients before it and up to it.
    // Draw the tallest cumulative area first so each lower one paints over it.
    let mut cumulative: Vec<Vec<f64>> = Vec::with_capacity(projection.client_revenue_musd.len());
    let mut running = vec![0.0; months];
    for path in &projection.client_revenue_musd {
        for (sum, v) in running.iter_mut().zip(path) {
            *sum += v.max(0.0);
        }
        cumulative.push(running.clone());
    }
    for (i, top) in cumulative.iter().enumerate().rev() {
        let color = theme.series_color(i);
        let points = top.iter().enumerate().map(|(t, v)| (t as f64, *v));
        chart.draw_series(
            AreaSeries::new(points, 0.0, color.mix(0.9))
                .border_style(color.stroke_width(theme.px(1.0).max(1) as u32)),
        )?;
    }
    let width = theme.px(2.0).max(1) as u32;
    chart.draw_series(DashedLineSeries::new(
        [(0.0, target_monthly), (x_max, target_monthly)],
        theme.px(10.0).max(2) as u32,
        theme.px(5.0).max(2) as u32,
        accent.stroke_width(width),
    ))?;
    let mut geometry = geometry_of(&chart);
    geometry.labels = draw_key(&strip, &entries, theme)?;
    Ok(geometry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use revenue_model::project;

    fn render(theme: &Theme) -> (String, PlotGeometry) {
        let story =
            revenue_model::Story::parse(include_str!("../../../stories/article.json")).unwrap();
        let scenario = story.base_case().clone();
        let projection = project(&scenario);
        let mut svg = String::new();
        let geometry = {
            let backend = SVGBackend::with_string(&mut svg, (640, 360));
            let area = backend.into_drawing_area();
            let g = draw_revenue_by_client(&area, &projection, theme).unwrap();
            area.present().unwrap();
            g
        };
        (svg, geometry)
    }

    #[test]
    fn base_case_chart_has_both_clients_the_target_and_dollar_axis() {
        let (svg, geometry) = render(&Theme::light(1.0));
        assert!(svg.contains("TikTok (ByteDance)"), "legend names TikTok");
        assert!(
            svg.contains("Other AI clients"),
            "legend names the other clients"
        );
        assert!(
            svg.contains("Target: $1B a year"),
            "target line is labelled"
        );
        assert!(svg.contains("$M per month"), "value axis says its unit");
        assert!(
            svg.contains("Aug 2024"),
            "time axis starts at the article's month"
        );
        assert!(
            svg.contains("$80M") || svg.contains("$100M"),
            "value labels are in $M"
        );
        // Two filled client areas in the first two series colours.
        assert!(
            svg.contains("#0072B2"),
            "TikTok's area in the first palette colour"
        );
        assert!(
            svg.contains("#E69F00"),
            "others' area in the second palette colour"
        );
        assert!(
            geometry.x_pixels.0 < geometry.x_pixels.1 && geometry.y_pixels.0 < geometry.y_pixels.1
        );
        assert_eq!(geometry.x_range, (0.0, 35.0));
        // The y axis holds the $80M total and the $83.3M target.
        assert!(geometry.y_range.1 >= 1000.0 / 12.0);
    }

    #[test]
    fn dark_theme_changes_the_background() {
        let (light, _) = render(&Theme::light(1.0));
        let (dark, _) = render(&Theme::dark(1.0));
        assert!(light.contains("#FFFFFF"));
        assert!(dark.contains("#181A1F"));
    }
}
