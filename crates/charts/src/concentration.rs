//! Concentration over time: the HHI against the merger-guideline bands with the
//! effective number of customers on the right axis (top panel), and the largest
//! customers' shares against the 10% disclosure threshold (bottom panel).

use crate::legend::{draw_legend, Corner, Mark};
use crate::{nice_ceiling, DrawResult, PlotGeometry, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;
use revenue_model::concentration::{
    Concentration, DISCLOSURE_THRESHOLD, HHI_2010_HIGH, HHI_2010_MODERATE, HHI_2023_HIGH,
};
use revenue_model::format::fmt_fixed;
use revenue_model::YearMonth;

/// Draws the concentration of the expected path over `months` months from `start`.
/// Returns the geometry of the top panel (the bottom shares its x axis).
pub fn draw_concentration<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    concentration: &Concentration,
    start: YearMonth,
    theme: &Theme,
) -> DrawResult<PlotGeometry, DB::ErrorType> {
    area.fill(&theme.background)?;
    let mut legend: Vec<(String, Mark)> = Vec::new();
    let mut share_legend: Vec<(String, Mark)> = Vec::new();
    let months = concentration.months.len();
    let x_max = months.saturating_sub(1).max(1) as f64;
    let x_fmt = |x: &f64| start.plus_months(x.round().max(0.0) as u32).label();
    let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 * 55 / 100);

    let hhi = concentration.series(|m| m.hhi);
    let effective = concentration.series(|m| m.effective_customers);
    let hhi_max =
        nice_ceiling(hhi.iter().copied().fold(0.0, f64::max), HHI_2010_HIGH * 1.1).min(10_000.0);
    let eff_max = nice_ceiling(effective.iter().copied().fold(0.0, f64::max), 5.0);

    let mut chart = ChartBuilder::on(&top)
        .margin(theme.px(10.0))
        .x_label_area_size(theme.px(6.0))
        .y_label_area_size(theme.px(56.0))
        .right_y_label_area_size(theme.px(48.0))
        .build_cartesian_2d(0f64..x_max, 0f64..hhi_max)?
        .set_secondary_coord(0f64..x_max, 0f64..eff_max);
    // Bands first, so lines draw over them.
    let bands = [
        (HHI_2010_MODERATE, HHI_2023_HIGH, 0.10),
        (HHI_2023_HIGH, HHI_2010_HIGH, 0.18),
        (HHI_2010_HIGH, hhi_max, 0.26),
    ];
    for (lo, hi, alpha) in bands {
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
    chart
        .configure_secondary_axes()
        .axis_style(theme.text)
        .label_style(theme.text_style())
        .axis_desc_style(theme.text_style())
        .y_desc("Effective customers")
        .y_labels(5)
        .y_label_formatter(&|y: &f64| fmt_fixed(*y, 0))
        .draw()?;
    let width = theme.px(2.0).max(1) as u32;
    let hhi_color = theme.series_color(0);
    chart.draw_series(LineSeries::new(
        hhi.iter().enumerate().map(|(t, v)| (t as f64, *v)),
        hhi_color.stroke_width(width),
    ))?;
    legend.push((
        "HHI (shaded: 1,500 / 1,800 / 2,500 bands)".to_string(),
        Mark::Line(hhi_color),
    ));
    let eff_color = theme.series_color(2);
    chart.draw_secondary_series(DashedLineSeries::new(
        effective.iter().enumerate().map(|(t, v)| (t as f64, *v)),
        theme.px(6.0).max(2) as u32,
        theme.px(4.0).max(2) as u32,
        eff_color.stroke_width(width),
    ))?;
    legend.push((
        "Effective number of customers (right axis, dashed)".to_string(),
        Mark::Line(eff_color),
    ));
    draw_legend(
        &chart.plotting_area().strip_coord_spec(),
        Corner::UpperRight,
        &legend,
        theme,
    )?;
    let (xs, ys) = chart.plotting_area().get_pixel_range();

    let top1 = concentration.series(|m| m.top1_share * 100.0);
    let top3 = concentration.series(|m| m.top3_share * 100.0);
    let share_max = nice_ceiling(
        top3.iter().copied().fold(0.0, f64::max),
        DISCLOSURE_THRESHOLD * 100.0 * 1.5,
    )
    .min(100.0);
    let mut shares = ChartBuilder::on(&bottom)
        .margin(theme.px(10.0))
        .x_label_area_size(theme.px(24.0))
        .y_label_area_size(theme.px(56.0))
        .right_y_label_area_size(theme.px(48.0))
        .build_cartesian_2d(0f64..x_max, 0f64..share_max)?;
    let pct_fmt = |y: &f64| format!("{}%", fmt_fixed(*y, 0));
    shares
        .configure_mesh()
        .light_line_style(theme.grid.mix(0.4))
        .bold_line_style(theme.grid)
        .axis_style(theme.text)
        .label_style(theme.text_style())
        .axis_desc_style(theme.text_style())
        .y_desc("Share of revenue")
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&pct_fmt)
        .draw()?;
    let accent = theme.accent;
    shares.draw_series(DashedLineSeries::new(
        [
            (0.0, DISCLOSURE_THRESHOLD * 100.0),
            (x_max, DISCLOSURE_THRESHOLD * 100.0),
        ],
        theme.px(4.0).max(2) as u32,
        theme.px(3.0).max(2) as u32,
        accent.stroke_width(width),
    ))?;
    share_legend.push(("10% disclosure threshold".to_string(), Mark::Line(accent)));
    let top1_color = theme.series_color(1);
    shares.draw_series(LineSeries::new(
        top1.iter().enumerate().map(|(t, v)| (t as f64, *v)),
        top1_color.stroke_width(width),
    ))?;
    share_legend.push(("Largest customer".to_string(), Mark::Line(top1_color)));
    let top3_color = theme.series_color(3);
    shares.draw_series(LineSeries::new(
        top3.iter().enumerate().map(|(t, v)| (t as f64, *v)),
        top3_color.stroke_width(width),
    ))?;
    share_legend.push((
        "Three largest customers".to_string(),
        Mark::Line(top3_color),
    ));
    draw_legend(
        &shares.plotting_area().strip_coord_spec(),
        Corner::UpperRight,
        &share_legend,
        theme,
    )?;
    let (_, bottom_ys) = shares.plotting_area().get_pixel_range();
    Ok(PlotGeometry {
        x_pixels: (xs.start, xs.end),
        y_pixels: (ys.start, bottom_ys.end),
        x_range: (0.0, x_max),
        y_range: (0.0, hhi_max),
    })
}
