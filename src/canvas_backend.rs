//! A plotters [`DrawingBackend`] over a `<canvas>` 2D context: the only place the
//! charts meet the browser. It draws in device pixels, sets line widths, and measures
//! text with the canvas's own `measureText`, cached per font and text, so labels never
//! add elements to the page or force the host page's layout (plotters' default web
//! text measurement appends a `<span>` to `document.body` for every label).

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A canvas call that failed.
#[derive(Debug)]
pub struct CanvasError(String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "canvas: {}", self.0)
    }
}

impl std::error::Error for CanvasError {}

fn js_error(e: JsValue) -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::DrawingError(CanvasError(
        e.as_string()
            .unwrap_or_else(|| "a canvas call failed".to_string()),
    ))
}

thread_local! {
    /// Text sizes by (font, text): axis labels repeat on every redraw.
    static TEXT_SIZES: RefCell<HashMap<(String, String), (u32, u32)>> = RefCell::new(HashMap::new());
}

/// Draws on one canvas element, sized in device pixels.
pub struct CanvasBackend {
    context: CanvasRenderingContext2d,
    size: (u32, u32),
    /// The text state last set on the context (font, baseline, alignment): setting a
    /// font makes the browser parse it again, a good part of a chart's drawing time on a
    /// slow phone, and labels mostly share one.
    text: RefCell<TextState>,
    /// The colour and width of the straight lines gathered into the path not yet
    /// stroked: a chart's grid is dozens of lines of one style, stroked at once.
    lines: RefCell<Option<LineStyle>>,
}

/// A line's colour (red, green, blue, alpha's bits) and width.
type LineStyle = ((u8, u8, u8), u64, u32);

#[derive(Default)]
struct TextState {
    font: String,
    baseline: &'static str,
    align: &'static str,
}

impl CanvasBackend {
    /// A backend for `canvas`, or `None` when it has no 2D context.
    pub fn new(canvas: &HtmlCanvasElement) -> Option<Self> {
        let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(CanvasBackend {
            context,
            size: (canvas.width(), canvas.height()),
            text: RefCell::default(),
            lines: RefCell::new(None),
        })
    }

    /// Strokes the lines gathered so far, before anything else is drawn over them.
    fn flush_lines(&self) {
        if self.lines.borrow_mut().take().is_some() {
            self.context.stroke();
        }
    }

    /// Sets the context's font to `font` unless it is set already.
    fn set_font(&self, font: &str) {
        let mut text = self.text.borrow_mut();
        if text.font != font {
            self.context.set_font(font);
            font.clone_into(&mut text.font);
        }
    }

    /// Sets the text baseline and alignment unless they are set already.
    fn set_anchor(&self, baseline: &'static str, align: &'static str) {
        let mut text = self.text.borrow_mut();
        if text.baseline != baseline {
            self.context.set_text_baseline(baseline);
            text.baseline = baseline;
        }
        if text.align != align {
            self.context.set_text_align(align);
            text.align = align;
        }
    }

    fn set_stroke(&self, style: &impl BackendStyle) {
        self.context.set_stroke_style_str(&css_color(style.color()));
        self.context
            .set_line_width(f64::from(style.stroke_width().max(1)));
    }
}

fn css_color(color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    format!("rgba({r},{g},{b},{})", color.alpha)
}

fn font_of(style: &impl BackendTextStyle) -> String {
    format!(
        "{} {}px {}",
        style.style().as_str(),
        style.size(),
        style.family().as_str()
    )
}

impl Drop for CanvasBackend {
    /// Lines gathered by a drawing that stopped early are still stroked.
    fn drop(&mut self) {
        self.flush_lines();
    }
}

impl DrawingBackend for CanvasBackend {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush_lines();
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if color.alpha > 0.0 {
            self.flush_lines();
            self.context.set_fill_style_str(&css_color(color));
            self.context
                .fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha > 0.0 {
            let color = style.color();
            let key = (
                color.rgb,
                color.alpha.to_bits(),
                style.stroke_width().max(1),
            );
            let same = *self.lines.borrow() == Some(key);
            if !same {
                self.flush_lines();
                self.set_stroke(style);
                self.context.begin_path();
                *self.lines.borrow_mut() = Some(key);
            }
            // Half-pixel offsets keep one-pixel lines crisp.
            self.context
                .move_to(f64::from(from.0) + 0.5, f64::from(from.1) + 0.5);
            self.context
                .line_to(f64::from(to.0) + 0.5, f64::from(to.1) + 0.5);
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha <= 0.0 {
            return Ok(());
        }
        self.flush_lines();
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let (w, h) = (
            f64::from(bottom_right.0 - upper_left.0),
            f64::from(bottom_right.1 - upper_left.1),
        );
        if fill {
            self.context.set_fill_style_str(&css_color(style.color()));
            self.context.fill_rect(x, y, w, h);
        } else {
            self.set_stroke(style);
            self.context.stroke_rect(x + 0.5, y + 0.5, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha <= 0.0 {
            return Ok(());
        }
        self.flush_lines();
        let mut points = path.into_iter();
        if let Some(first) = points.next() {
            self.set_stroke(style);
            self.context.set_line_join("round");
            self.context.begin_path();
            self.context.move_to(f64::from(first.0), f64::from(first.1));
            for p in points {
                self.context.line_to(f64::from(p.0), f64::from(p.1));
            }
            self.context.stroke();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha <= 0.0 {
            return Ok(());
        }
        self.flush_lines();
        let mut points = vertices.into_iter();
        if let Some(first) = points.next() {
            self.context.set_fill_style_str(&css_color(style.color()));
            self.context.begin_path();
            self.context.move_to(f64::from(first.0), f64::from(first.1));
            for p in points {
                self.context.line_to(f64::from(p.0), f64::from(p.1));
            }
            self.context.close_path();
            self.context.fill();
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha <= 0.0 {
            return Ok(());
        }
        self.flush_lines();
        self.context.begin_path();
        self.context
            .arc(
                f64::from(center.0),
                f64::from(center.1),
                f64::from(radius),
                0.0,
                std::f64::consts::TAU,
            )
            .map_err(js_error)?;
        if fill {
            self.context.set_fill_style_str(&css_color(style.color()));
            self.context.fill();
        } else {
            self.set_stroke(style);
            self.context.stroke();
        }
        Ok(())
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        let font = font_of(style);
        let key = (font, text.to_string());
        if let Some(size) = TEXT_SIZES.with(|cache| cache.borrow().get(&key).copied()) {
            return Ok(size);
        }
        self.set_font(&key.0);
        let width = self.context.measure_text(text).map_err(js_error)?.width();
        let size = (
            width.ceil().max(0.0) as u32,
            (style.size() * 1.2).ceil().max(0.0) as u32,
        );
        TEXT_SIZES.with(|cache| {
            let mut cache = cache.borrow_mut();
            // Labels come from a small set; a bound keeps a long session from growing it forever.
            if cache.len() > 4096 {
                cache.clear();
            }
            cache.insert(key, size);
        });
        Ok(size)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let color = style.color();
        if color.alpha <= 0.0 {
            return Ok(());
        }
        self.flush_lines();
        let angle = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 90.0,
            FontTransform::Rotate180 => 180.0,
            FontTransform::Rotate270 => 270.0,
        } / 180.0
            * std::f64::consts::PI;
        let (mut x, mut y) = (f64::from(pos.0), f64::from(pos.1));
        // The context is in device pixels with no transform (the chart clears it before
        // drawing), so a rotated label's transform is undone by setting none again,
        // without save() and restore(), which would also undo the font.
        if angle != 0.0 {
            self.context.translate(x, y).map_err(js_error)?;
            self.context.rotate(angle).map_err(js_error)?;
            x = 0.0;
            y = 0.0;
        }
        self.set_anchor(
            match style.anchor().v_pos {
                VPos::Top => "top",
                VPos::Center => "middle",
                VPos::Bottom => "bottom",
            },
            match style.anchor().h_pos {
                HPos::Left => "left",
                HPos::Right => "right",
                HPos::Center => "center",
            },
        );
        self.context.set_fill_style_str(&css_color(color));
        self.set_font(&font_of(style));
        let drawn = self.context.fill_text(text, x, y).map_err(js_error);
        if angle != 0.0 {
            self.context
                .set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
                .map_err(js_error)?;
        }
        drawn
    }
}
