//! Chart legends drawn with the backend's own text measurement.
//!
//! plotters' series labels measure text with its font code, which in a browser adds a
//! `<span>` with an inline style to the page for every label (forcing layout of the
//! host page, and blocked by a strict Content-Security-Policy). These legends measure
//! through `DrawingArea::estimate_text_size`, which the canvas backend answers from the
//! canvas's own `measureText`.

use crate::{DrawResult, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;

/// How an entry is marked.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Mark {
    /// A filled box (areas, bars, bands).
    Fill(RGBAColor),
    /// A line (series, reference lines).
    Line(RGBColor),
}

/// Where the legend goes inside the plot area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Corner {
    UpperLeft,
    UpperRight,
    LowerRight,
}

/// Draws `entries` in a box at `corner` of `plot` (the plot area, in its own pixels).
pub(crate) fn draw_legend<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    corner: Corner,
    entries: &[(String, Mark)],
    theme: &Theme,
) -> DrawResult<(), DB::ErrorType> {
    if entries.is_empty() {
        return Ok(());
    }
    let font = theme.text_style();
    let pad = theme.px(6.0);
    let mark_w = theme.px(14.0);
    let gap = theme.px(6.0);
    let mut text_w = 0i32;
    let mut line_h = 0i32;
    for (label, _) in entries {
        let (w, h) = plot.estimate_text_size(label, &font)?;
        text_w = text_w.max(i32::try_from(w).unwrap_or(i32::MAX / 4));
        line_h = line_h.max(i32::try_from(h).unwrap_or(0));
    }
    let row_h = (f64::from(line_h) * 1.25).ceil() as i32;
    let rows = i32::try_from(entries.len()).unwrap_or(1);
    let box_w = pad * 2 + mark_w + gap + text_w;
    let box_h = pad * 2 + row_h * rows;
    let (plot_w, plot_h) = plot.dim_in_pixel();
    let (plot_w, plot_h) = (
        i32::try_from(plot_w).unwrap_or(0),
        i32::try_from(plot_h).unwrap_or(0),
    );
    let margin = theme.px(6.0);
    let x0 = match corner {
        Corner::UpperLeft => margin,
        Corner::UpperRight | Corner::LowerRight => (plot_w - box_w - margin).max(0),
    };
    let y0 = match corner {
        Corner::UpperLeft | Corner::UpperRight => margin,
        Corner::LowerRight => (plot_h - box_h - margin).max(0),
    };
    plot.draw(&Rectangle::new(
        [(x0, y0), (x0 + box_w, y0 + box_h)],
        theme.background.mix(0.88).filled(),
    ))?;
    plot.draw(&Rectangle::new(
        [(x0, y0), (x0 + box_w, y0 + box_h)],
        theme.grid.stroke_width(1),
    ))?;
    let stroke = theme.px(2.0).max(1) as u32;
    for (i, (label, mark)) in entries.iter().enumerate() {
        let row_top = y0 + pad + row_h * i32::try_from(i).unwrap_or(0);
        let mid = row_top + row_h / 2;
        let mx = x0 + pad;
        draw_mark(plot, *mark, mx, mid, mark_w, row_h, stroke)?;
        let style = font.clone().pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Center,
        ));
        plot.draw(&Text::new(label.clone(), (mx + mark_w + gap, mid), style))?;
    }
    Ok(())
}

/// Draws `entries` in `columns` columns filling `area` (a strip outside the plot), row by
/// row from the top left.
pub(crate) fn draw_legend_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    columns: usize,
    entries: &[(String, Mark)],
    theme: &Theme,
) -> DrawResult<(), DB::ErrorType> {
    let font = theme.text_style();
    let pad = theme.px(6.0);
    let mark_w = theme.px(14.0);
    let gap = theme.px(6.0);
    let mut line_h = 0i32;
    for (label, _) in entries {
        let (_, h) = area.estimate_text_size(label, &font)?;
        line_h = line_h.max(i32::try_from(h).unwrap_or(0));
    }
    let row_h = (f64::from(line_h) * 1.25).ceil() as i32;
    let columns = columns.max(1);
    let width = i32::try_from(area.dim_in_pixel().0).unwrap_or(0);
    let column_w = (width - pad * 2) / i32::try_from(columns).unwrap_or(1);
    let stroke = theme.px(2.0).max(1) as u32;
    for (i, (label, mark)) in entries.iter().enumerate() {
        let column = i32::try_from(i % columns).unwrap_or(0);
        let row = i32::try_from(i / columns).unwrap_or(0);
        let mx = pad + column * column_w;
        let mid = pad / 2 + row * row_h + row_h / 2;
        draw_mark(area, *mark, mx, mid, mark_w, row_h, stroke)?;
        let style = font.clone().pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Center,
        ));
        area.draw(&Text::new(label.clone(), (mx + mark_w + gap, mid), style))?;
    }
    Ok(())
}

/// An entry's mark at (`x`, `mid`): a box for an area, a line for a series.
fn draw_mark<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mark: Mark,
    x: i32,
    mid: i32,
    mark_w: i32,
    row_h: i32,
    stroke: u32,
) -> DrawResult<(), DB::ErrorType> {
    match mark {
        Mark::Fill(color) => {
            let half = (row_h / 3).max(2);
            area.draw(&Rectangle::new(
                [(x, mid - half), (x + mark_w, mid + half)],
                color.filled(),
            ))?;
        }
        Mark::Line(color) => {
            area.draw(&PathElement::new(
                [(x, mid), (x + mark_w, mid)],
                color.stroke_width(stroke),
            ))?;
        }
    }
    Ok(())
}
