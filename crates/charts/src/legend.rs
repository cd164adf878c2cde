//! How charts name their series without hiding data: direct labels at a series' right
//! end, in a gutter beside the plot, and keys in a strip under it. Never a box over the
//! plot. Every label's box is recorded (in the backend's pixels), so a test can check
//! that none of them overlaps a plot or another label.
//!
//! Text is measured through `DrawingArea::estimate_text_size`, which the canvas backend
//! answers from the canvas's own `measureText` (plotters' own series labels would add a
//! `<span>` to the page for every label, forcing layout of the host page, and are
//! blocked by a strict Content-Security-Policy).

use crate::{DrawResult, PixelBox, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// How an entry is marked.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Mark {
    /// A filled box (areas, bars, bands).
    Fill(RGBAColor),
    /// A solid line (series).
    Line(RGBColor),
    /// A dashed line: dash and gap in CSS pixels (reference lines, other cases).
    Dashed(RGBColor, f64, f64),
}

/// One named series.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub text: String,
    pub mark: Mark,
}

impl Entry {
    pub(crate) fn new(text: impl Into<String>, mark: Mark) -> Entry {
        Entry {
            text: text.into(),
            mark,
        }
    }
}

/// The width of an entry's mark and the gap after it, in device pixels.
fn mark_width(theme: &Theme) -> (i32, i32) {
    (theme.px(16.0), theme.px(5.0))
}

/// The size of `text` in the chart's font, in device pixels.
fn text_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    theme: &Theme,
) -> DrawResult<(i32, i32), DB::ErrorType> {
    let (w, h) = area.estimate_text_size(text, &theme.text_style())?;
    Ok((
        i32::try_from(w).unwrap_or(i32::MAX / 4),
        i32::try_from(h).unwrap_or(0),
    ))
}

/// The widest entry (mark, gap and text) in device pixels.
pub(crate) fn widest<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    theme: &Theme,
) -> DrawResult<i32, DB::ErrorType> {
    let (mark_w, gap) = mark_width(theme);
    let mut widest = 0;
    for e in entries {
        widest = widest.max(text_size(area, &e.text, theme)?.0);
    }
    Ok(mark_w + gap + widest)
}

/// A row's height for the chart's font, in device pixels.
fn row_height(theme: &Theme) -> i32 {
    (theme.font_px * 1.2 * 1.25).ceil() as i32
}

/// Draws `entry` with its mark's left end at (`x`, `mid`) of `area` and returns the
/// entry's box in the backend's pixels.
fn draw_entry<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entry: &Entry,
    x: i32,
    mid: i32,
    theme: &Theme,
) -> DrawResult<PixelBox, DB::ErrorType> {
    let (mark_w, gap) = mark_width(theme);
    let (text_w, text_h) = text_size(area, &entry.text, theme)?;
    let stroke = theme.px(2.0).max(1) as u32;
    match entry.mark {
        Mark::Fill(color) => {
            let half = (text_h / 3).max(2);
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
        Mark::Dashed(color, dash, gap) => {
            let (dash, gap) = (theme.px(dash).max(1), theme.px(gap).max(1));
            let mut from = x;
            while from < x + mark_w {
                let to = (from + dash).min(x + mark_w);
                area.draw(&PathElement::new(
                    [(from, mid), (to, mid)],
                    color.stroke_width(stroke),
                ))?;
                from = to + gap;
            }
        }
    }
    let style = theme.text_style().pos(Pos::new(HPos::Left, VPos::Center));
    area.draw(&Text::new(
        entry.text.clone(),
        (x + mark_w + gap, mid),
        style,
    ))?;
    let (bx, by) = area.get_base_pixel();
    Ok(PixelBox {
        left: bx + x,
        top: by + mid - text_h / 2,
        right: bx + x + mark_w + gap + text_w,
        bottom: by + mid + (text_h + 1) / 2,
    })
}

/// The rows `entries` take when they flow left to right across `width` device pixels:
/// each entry's x and row.
fn flow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    width: i32,
    theme: &Theme,
) -> DrawResult<Vec<(i32, i32)>, DB::ErrorType> {
    let (mark_w, gap) = mark_width(theme);
    let spacing = theme.px(14.0);
    let pad = theme.px(6.0);
    let (mut x, mut row) = (pad, 0);
    let mut placed = Vec::with_capacity(entries.len());
    for e in entries {
        let w = mark_w + gap + text_size(area, &e.text, theme)?.0;
        if x > pad && x + w > width - pad {
            x = pad;
            row += 1;
        }
        placed.push((x, row));
        x += w + spacing;
    }
    Ok(placed)
}

/// The height of a key strip holding `entries` across `width` device pixels.
pub(crate) fn key_height<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    width: i32,
    theme: &Theme,
) -> DrawResult<i32, DB::ErrorType> {
    if entries.is_empty() {
        return Ok(0);
    }
    let rows = flow(area, entries, width, theme)?
        .last()
        .map_or(0, |(_, row)| row + 1);
    Ok(rows * row_height(theme) + theme.px(6.0))
}

/// Splits a strip for a key of `entries` off the bottom of `area`: the area above it,
/// and the strip.
pub(crate) fn split_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    theme: &Theme,
) -> DrawResult<[DrawingArea<DB, Shift>; 2], DB::ErrorType> {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (i32::try_from(w).unwrap_or(0), i32::try_from(h).unwrap_or(0));
    let strip = key_height(area, entries, w, theme)?.min(h / 2);
    let (plot, key) = area.split_vertically((h - strip).max(0));
    Ok([plot, key])
}

/// Draws `entries` flowing left to right, row by row, across `strip` (a strip outside
/// the plot); returns their boxes.
pub(crate) fn draw_key<DB: DrawingBackend>(
    strip: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    theme: &Theme,
) -> DrawResult<Vec<PixelBox>, DB::ErrorType> {
    let width = i32::try_from(strip.dim_in_pixel().0).unwrap_or(0);
    let row_h = row_height(theme);
    let top = theme.px(4.0);
    let mut boxes = Vec::with_capacity(entries.len());
    for (e, (x, row)) in entries.iter().zip(flow(strip, entries, width, theme)?) {
        boxes.push(draw_entry(
            strip,
            e,
            x,
            top + row * row_h + row_h / 2,
            theme,
        )?);
    }
    Ok(boxes)
}

/// Where labels that want to sit at rows `wanted` (device pixels, any order) go so that
/// no two are closer than `row_h`, staying within `top..=bottom` when they fit: each as
/// near its wish as the others allow.
pub(crate) fn spread(wanted: &[i32], row_h: i32, top: i32, bottom: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    let wish = |i: &usize| wanted.get(*i).copied().unwrap_or(0);
    revenue_model::order::sort_short_by(&mut order, |a, b| wish(a).cmp(&wish(b)));
    let mut placed: Vec<i32> = order
        .iter()
        .map(|i| {
            wanted
                .get(*i)
                .copied()
                .unwrap_or(0)
                .clamp(top, bottom.max(top))
        })
        .collect();
    for k in 1..placed.len() {
        if let (Some(before), Some(_)) = (placed.get(k - 1).copied(), placed.get(k)) {
            if let Some(y) = placed.get_mut(k) {
                *y = (*y).max(before + row_h);
            }
        }
    }
    // Pushed past the bottom: push back up from there, as far as the top allows.
    if let Some(last) = placed.last_mut() {
        *last = (*last).min(bottom);
    }
    for k in (0..placed.len().saturating_sub(1)).rev() {
        if let Some(after) = placed.get(k + 1).copied() {
            if let Some(y) = placed.get_mut(k) {
                *y = (*y).min(after - row_h);
            }
        }
    }
    let mut out = vec![0; wanted.len()];
    for (slot, y) in order.iter().zip(placed) {
        if let Some(o) = out.get_mut(*slot) {
            *o = y;
        }
    }
    out
}

/// Names each entry at the right end of its series: in the gutter right of `plot_right`
/// (device pixels of `area`), at the row of its series' last value `ends` (device pixels),
/// moved apart where they would touch and kept between `top` and `bottom`. Returns the
/// labels' boxes.
pub(crate) fn draw_direct_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    ends: &[i32],
    plot_right: i32,
    (top, bottom): (i32, i32),
    theme: &Theme,
) -> DrawResult<Vec<PixelBox>, DB::ErrorType> {
    let row_h = row_height(theme);
    let half = row_h / 2;
    let rows = spread(ends, row_h, top + half, bottom - half);
    let x = plot_right + theme.px(6.0);
    let mut boxes = Vec::with_capacity(entries.len());
    for (e, y) in entries.iter().zip(rows) {
        boxes.push(draw_entry(area, e, x, y, theme)?);
    }
    Ok(boxes)
}

#[cfg(test)]
mod tests {
    use super::spread;

    #[test]
    fn labels_spread_apart_as_little_as_needed() {
        // Far apart: unmoved.
        assert_eq!(spread(&[10, 50, 90], 10, 0, 100), [10, 50, 90]);
        // Two on one row (the median and the target in the base case): one moves down.
        assert_eq!(spread(&[40, 40], 10, 0, 100), [40, 50]);
        // At the bottom: pushed back up.
        assert_eq!(spread(&[100, 98, 99], 10, 0, 100), [100, 80, 90]);
        // Order kept by wish, whatever the input order.
        assert_eq!(spread(&[60, 20], 10, 0, 100), [60, 20]);
    }
}
