//! A chart on a `<canvas>`: sized to its container (ResizeObserver) and to the
//! device pixel ratio, painted when its data, size or theme change. Everything the
//! chart says (its title, summary, the values under the pointer, its data table) comes
//! from the chart crate's [`ChartData`]; this component only sizes the canvas, schedules
//! the paint and shows what the chart returns. Drawing happens in an effect, outside the
//! virtual DOM; the canvas backend is only an adapter.

use crate::canvas_backend::CanvasBackend;
use crate::platform::perf;
use gloo_timers::callback::Timeout;
use plotters::prelude::IntoDrawingArea;
use revenue_charts::{DataTable, PlotGeometry, Theme};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, ResizeObserver};
use yew::prelude::*;

pub use revenue_charts::ChartData;

/// Draws `data` on `canvas` with `theme`; the plot's geometry, when it could be drawn.
fn draw(data: &ChartData, canvas: &HtmlCanvasElement, theme: &Theme) -> Option<PlotGeometry> {
    let backend = CanvasBackend::new(canvas)?;
    let area = backend.into_drawing_area();
    let geometry = data.draw(&area, theme);
    area.present().ok()?;
    geometry.ok()
}

/// Props of [`Chart`].
#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// A stable id stem.
    pub id: AttrValue,
    /// Only the canvas (a lever's small response curve): no title or buttons; the
    /// read-out shows in the line under it, in place of `note` while pointing.
    #[prop_or_default]
    pub compact: bool,
    /// A compact chart's line under the canvas when nothing is pointed at.
    #[prop_or_default]
    pub note: AttrValue,
    /// Whether `note` is for older inputs (shown faded).
    #[prop_or_default]
    pub note_stale: bool,
    /// The data; the chart's title and summary come from it.
    pub data: ChartData,
    /// Dark theme.
    pub dark: bool,
}

/// The width of an element in CSS pixels, kept up to date by a ResizeObserver.
#[hook]
fn use_element_width(node: NodeRef) -> f64 {
    let width = use_state(|| 0.0f64);
    {
        let width = width.clone();
        use_effect_with(node, move |node| {
            let mut observer_and_closure = None;
            if let Some(element) = node.cast::<web_sys::Element>() {
                width.set(element.get_bounding_client_rect().width());
                let target = element.clone();
                // The new width is applied in a task of its own: redrawing inside the
                // observer's callback would resize the widget while the browser is still
                // delivering this round of resize notifications (an error in Firefox).
                let pending: Rc<std::cell::RefCell<Option<gloo_timers::callback::Timeout>>> =
                    Rc::default();
                let on_resize = Closure::<dyn FnMut()>::new(move || {
                    let width = width.clone();
                    let target = target.clone();
                    *pending.borrow_mut() =
                        Some(gloo_timers::callback::Timeout::new(0, move || {
                            width.set(target.get_bounding_client_rect().width());
                        }));
                });
                if let Ok(observer) = ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
                    observer.observe(&element);
                    observer_and_closure = Some((observer, on_resize));
                }
            }
            move || {
                if let Some((observer, _closure)) = observer_and_closure {
                    observer.disconnect();
                }
            }
        });
    }
    *width
}

/// A canvas chart with its title, summary, pointer read-out and data table.
#[component]
pub fn Chart(props: &ChartProps) -> Html {
    let canvas_ref = use_node_ref();
    let frame_ref = use_node_ref();
    let width = use_element_width(frame_ref.clone());
    let geometry = use_mut_ref(PlotGeometry::default);
    let ratio = use_mut_ref(|| 1.0f64);
    let readout = use_state(|| None::<String>);
    let show_table = use_state(|| false);
    let painter = {
        let canvas_ref = canvas_ref.clone();
        let geometry = geometry.clone();
        let ratio = ratio.clone();
        use_mut_ref(move || Painter::new(canvas_ref, geometry, ratio))
    };
    let visible = use_visibility(frame_ref.clone());
    {
        let painter = painter.clone();
        use_effect_with(
            (props.data.clone(), props.dark, width.round() as i64),
            move |(data, dark, css_width)| {
                Painter::request(
                    &painter,
                    Job {
                        data: data.clone(),
                        dark: *dark,
                        css_width: *css_width,
                    },
                );
            },
        );
    }
    {
        let painter = painter.clone();
        use_effect_with(visible, move |visible| {
            Painter::set_visible(&painter, *visible)
        });
    }
    let on_pointer = {
        let readout = readout.clone();
        let geometry = geometry.clone();
        let ratio = ratio.clone();
        let data = props.data.clone();
        let compact = props.compact;
        Callback::from(move |e: PointerEvent| {
            let g = geometry.borrow();
            let dpr = *ratio.borrow();
            let (mut px, mut py) = (f64::from(e.offset_x()) * dpr, f64::from(e.offset_y()) * dpr);
            // A small curve reads the value under a finger anywhere on its canvas: only
            // the lever's value (x) matters there.
            if compact {
                let clamp = |v: f64, (a, b): (i32, i32)| v.clamp(f64::from(a), f64::from(b));
                px = clamp(px, g.x_pixels);
                py = clamp(py, g.y_pixels);
            }
            let text = g
                .x_at(px)
                .zip(g.y_at(py))
                .and_then(|(x, y)| data.describe(x, y));
            if text.is_some() {
                readout.set(text);
            }
        })
    };
    let on_leave = {
        let readout = readout.clone();
        // A finger lifted leaves its read-out in place; a mouse that leaves clears it.
        Callback::from(move |e: PointerEvent| {
            if e.pointer_type() == "mouse" {
                readout.set(None)
            }
        })
    };
    let toggle_table = {
        let show_table = show_table.clone();
        Callback::from(move |_: MouseEvent| show_table.set(!*show_table))
    };
    let on_png = {
        let canvas_ref = canvas_ref.clone();
        let name = format!("{}.png", props.id.trim_start_matches("rm-chart-"));
        Callback::from(move |_: MouseEvent| {
            if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                crate::platform::host::download_canvas_png(&name, &canvas);
            }
        })
    };
    let label = props.data.title();
    let summary = props.data.summary();
    let title_id = format!("{}-title", props.id);
    let summary_id = format!("{}-summary", props.id);
    let table_id = format!("{}-data", props.id);
    if props.compact {
        return html! {
            <div class="rm-canvas-frame rm-spark-frame" ref={frame_ref}>
                <canvas
                    class="rm-spark"
                    ref={canvas_ref}
                    role="img"
                    aria-label={format!("{label}. {summary}")}
                    data-stale={matches!(props.data, ChartData::Response(_, true, _)).to_string()}
                    onpointermove={on_pointer.clone()}
                    onpointerdown={on_pointer}
                    onpointerleave={on_leave}
                >
                    { summary }
                </canvas>
                <p class="rm-spark-note" data-stale={props.note_stale.to_string()}>
                    if let Some(text) = (*readout).clone() {
                        <span class="rm-spark-readout" aria-hidden="true">{ text }</span>
                        <span class="rm-visually-hidden">{ props.note.clone() }</span>
                    } else {
                        <span class="rm-take">{ props.note.clone() }</span>
                    }
                </p>
            </div>
        };
    }
    html! {
        <figure class="rm-figure" aria-labelledby={title_id.clone()}>
            <h3 class="rm-chart-title" id={title_id}>{ label.clone() }</h3>
            <div class="rm-canvas-frame" ref={frame_ref}>
                <canvas
                    class="rm-chart"
                    data-kind={matches!(props.data, ChartData::Fan(..)).then_some("fan")}
                    ref={canvas_ref}
                    role="img"
                    aria-label={label.clone()}
                    aria-describedby={summary_id.clone()}
                    onpointermove={on_pointer.clone()}
                    onpointerdown={on_pointer}
                    onpointerleave={on_leave}
                >
                    { summary.clone() }
                </canvas>
            </div>
            <p class="rm-summary" id={summary_id}>{ summary }</p>
            <div class="rm-figure-tools">
                <p class="rm-readout" aria-hidden="true">
                    { (*readout).clone().unwrap_or_else(|| "Point at the chart to read its values.".to_string()) }
                </p>
                <button
                    type="button"
                    class="rm-button rm-link-button"
                    aria-expanded={show_table.to_string()}
                    aria-controls={table_id.clone()}
                    onclick={toggle_table}
                >
                    { if *show_table { "Hide data" } else { "Show data" } }
                </button>
                <button type="button" class="rm-button rm-link-button" onclick={on_png}
                    aria-label={format!("Download PNG of {label}")}>{ "Download PNG" }</button>
            </div>
            if *show_table {
                { data_table(&table_id, &label, &props.data.table()) }
            }
        </figure>
    }
}

/// What to draw: the data, the theme and the width in CSS pixels.
#[derive(Clone, PartialEq)]
struct Job {
    data: ChartData,
    dark: bool,
    css_width: i64,
}

/// Off-screen charts wait this long after the last change before they redraw, so
/// dragging a slider only redraws the charts the reader can see.
const OFFSCREEN_DELAY_MS: u32 = 150;

/// Draws a chart's canvas: at once when it is on screen, after a pause when it is not.
/// While a draw waits, the canvas carries `data-pending="true"`.
struct Painter {
    canvas_ref: NodeRef,
    geometry: Rc<std::cell::RefCell<PlotGeometry>>,
    ratio: Rc<std::cell::RefCell<f64>>,
    job: Option<Job>,
    dirty: bool,
    visible: bool,
    drawn: u32,
    /// The canvas's height in CSS pixels as last set.
    css_height: f64,
    /// The delayed paint of an off-screen chart; dropping it cancels it.
    timer: Option<Timeout>,
}

type SharedPainter = Rc<std::cell::RefCell<Painter>>;

impl Painter {
    fn new(
        canvas_ref: NodeRef,
        geometry: Rc<std::cell::RefCell<PlotGeometry>>,
        ratio: Rc<std::cell::RefCell<f64>>,
    ) -> Painter {
        Painter {
            canvas_ref,
            geometry,
            ratio,
            job: None,
            dirty: false,
            visible: true,
            drawn: 0,
            css_height: 0.0,
            timer: None,
        }
    }

    fn request(this: &SharedPainter, job: Job) {
        let visible = {
            let mut p = this.borrow_mut();
            p.job = Some(job);
            p.dirty = true;
            p.visible
        };
        if visible {
            this.borrow_mut().paint();
        } else {
            Painter::schedule(this);
        }
    }

    fn set_visible(this: &SharedPainter, visible: bool) {
        let paint_now = {
            let mut p = this.borrow_mut();
            p.visible = visible;
            visible && p.dirty
        };
        if paint_now {
            this.borrow_mut().paint();
        }
    }

    /// Paints after [`OFFSCREEN_DELAY_MS`], unless another change comes first; an
    /// unmounted chart's timer is dropped with it, which cancels the paint.
    fn schedule(this: &SharedPainter) {
        let weak = Rc::downgrade(this);
        let timer = Timeout::new(OFFSCREEN_DELAY_MS, move || {
            if let Some(painter) = weak.upgrade() {
                let mut p = painter.borrow_mut();
                p.timer = None;
                if p.dirty {
                    p.paint();
                }
            }
        });
        let mut p = this.borrow_mut();
        if let Some(canvas) = p.canvas_ref.cast::<HtmlCanvasElement>() {
            let _ = canvas.set_attribute("data-pending", "true");
        }
        // Replacing the timer drops (cancels) the one before.
        p.timer = Some(timer);
    }

    fn paint(&mut self) {
        if let Some(timer) = self.timer.take() {
            timer.cancel();
        }
        let (Some(canvas), Some(job)) = (
            self.canvas_ref.cast::<HtmlCanvasElement>(),
            self.job.clone(),
        ) else {
            return;
        };
        let _ = canvas.remove_attribute("data-pending");
        if job.css_width <= 0 {
            return;
        }
        self.dirty = false;
        let span = perf::start("chart:draw");
        let dpr = web_sys::window()
            .map_or(1.0, |w| w.device_pixel_ratio())
            .clamp(1.0, 4.0);
        let css_width = (job.css_width as f64).max(job.data.min_width());
        let css_height = job.data.height_for(css_width);
        let (w, h) = (
            (css_width * dpr).round() as u32,
            (css_height * dpr).round() as u32,
        );
        // A canvas keeps its size between draws: setting it again would make the
        // browser lay the page out again on every frame of a drag.
        if canvas.width() != w || canvas.height() != h || self.css_height != css_height {
            canvas.set_width(w);
            canvas.set_height(h);
            let _ = canvas
                .style()
                .set_property("height", &format!("{css_height}px"));
            self.css_height = css_height;
        } else {
            clear(&canvas);
        }
        let theme = if job.dark {
            Theme::dark(dpr)
        } else {
            Theme::light(dpr)
        };
        if let Some(g) = draw(&job.data, &canvas, &theme) {
            // Where the plots and the labels lie, in CSS pixels, for tests to check that
            // no label hides data.
            let _ = canvas.set_attribute("data-plots", &boxes_attribute(&g.plots, dpr));
            let _ = canvas.set_attribute("data-labels", &boxes_attribute(&g.labels, dpr));
            *self.geometry.borrow_mut() = g;
            *self.ratio.borrow_mut() = dpr;
            self.drawn += 1;
            let _ = canvas.set_attribute("data-drawn", &self.drawn.to_string());
        }
        span.end();
    }
}

/// `boxes` (device pixels) as a list of `[left, top, right, bottom]` in CSS pixels.
fn boxes_attribute(boxes: &[revenue_charts::PixelBox], dpr: f64) -> String {
    let css = |v: i32| f64::from(v) / dpr;
    let items: Vec<String> = boxes
        .iter()
        .map(|b| {
            format!(
                "[{},{},{},{}]",
                css(b.left),
                css(b.top),
                css(b.right),
                css(b.bottom)
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// Clears a canvas kept at its size for the next draw, as resizing it would: every
/// pixel transparent and no transform left over.
fn clear(canvas: &HtmlCanvasElement) {
    if let Some(context) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    {
        let _ = context.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        context.set_global_alpha(1.0);
        context.clear_rect(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        );
    }
}

/// Whether an element is on screen (or within 200 px of it), kept up to date by an
/// IntersectionObserver; `true` where there is none.
#[hook]
fn use_visibility(node: NodeRef) -> bool {
    let visible = use_state(|| true);
    {
        let visible = visible.clone();
        use_effect_with(node, move |node| {
            let mut keep = None;
            if let Some(element) = node.cast::<web_sys::Element>() {
                let on_change =
                    Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                        let last = entries
                            .iter()
                            .last()
                            .and_then(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok());
                        if let Some(entry) = last {
                            visible.set(entry.is_intersecting());
                        }
                    });
                let options = web_sys::IntersectionObserverInit::new();
                options.set_root_margin("200px");
                if let Ok(observer) = web_sys::IntersectionObserver::new_with_options(
                    on_change.as_ref().unchecked_ref(),
                    &options,
                ) {
                    observer.observe(&element);
                    keep = Some((observer, on_change));
                }
            }
            move || {
                if let Some((observer, _closure)) = keep {
                    observer.disconnect();
                }
            }
        });
    }
    *visible
}

fn data_table(id: &str, label: &str, table: &DataTable) -> Html {
    html! {
        <div class="rm-table-scroll" id={id.to_string()} tabindex="0" role="region" aria-label={format!("{label}: data")}>
            <table class="rm-table rm-data-table">
                <caption>{ format!("{label}: the numbers behind the chart") }</caption>
                <thead>
                    <tr>
                        for h in table.headers.iter() {
                            <th scope="col">{ h.clone() }</th>
                        }
                    </tr>
                </thead>
                <tbody>
                    for row in table.rows.iter() {
                        <tr>
                            for (i, cell) in row.iter().enumerate() {
                                if i == 0 {
                                    <th scope="row">{ cell.clone() }</th>
                                } else {
                                    <td class="rm-num">{ cell.clone() }</td>
                                }
                            }
                        </tr>
                    }
                </tbody>
            </table>
        </div>
    }
}
