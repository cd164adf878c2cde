//! A chart on a `<canvas>`: sized to its container (ResizeObserver) and to the
//! device pixel ratio, redrawn when its data, size or theme change, with the values
//! under the pointer shown on hover or tap and a "show data" table holding the same
//! numbers. Drawing happens in an effect, outside the virtual DOM; the canvas
//! backend is only an adapter.

use crate::canvas_backend::CanvasBackend;
use crate::platform::perf;
use plotters::prelude::IntoDrawingArea;
use revenue_charts::{
    chance_at_current, draw_concentration, draw_fan, draw_final_year, draw_response,
    draw_revenue_by_client, draw_tornado, lever_value_text, Overlay, PlotGeometry, Theme,
};
use revenue_model::concentration::Concentration;
use revenue_model::format::{fmt_fixed, fmt_musd, fmt_musd_short, fmt_pct};
use revenue_model::levers::Curve;
use revenue_model::monte_carlo::MonteCarlo;
use revenue_model::sensitivity::Sensitivity;
use revenue_model::{Projection, YearMonth};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, ResizeObserver};
use yew::prelude::*;

/// What a chart shows.
#[derive(Clone, PartialEq)]
pub enum ChartData {
    /// Expected revenue by client, stacked.
    RevenueByClient(Rc<Projection>),
    /// Concentration over time: measured in the runs, the expected path for
    /// reference, the start month and the headline client's short name.
    Concentration(Rc<MonteCarlo>, Rc<Concentration>, YearMonth, AttrValue),
    /// The Monte Carlo fan with the cases it is compared with.
    Fan(Rc<MonteCarlo>, YearMonth, f64, Rc<Vec<Overlay>>),
    /// The final year's distribution.
    FinalYear(Rc<MonteCarlo>, f64),
    /// The sensitivity tornado.
    Tornado(Rc<Sensitivity>),
    /// A key lever's response curve, and whether it is stale (being recomputed).
    Response(Rc<Curve>, bool),
}

/// A table of the chart's numbers.
pub struct DataTable {
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

fn month_index(x: f64, months: usize) -> Option<usize> {
    let i = x.round();
    (i >= 0.0 && (i as usize) < months).then_some(i as usize)
}

impl ChartData {
    /// The chart's height in CSS pixels at `css_width`: the main outlook is wide and
    /// short so it fits the first screen with the levers; the others are taller.
    fn height_for(&self, css_width: f64) -> f64 {
        match self {
            ChartData::Fan(..) if css_width < 520.0 => {
                // A narrow outlook puts its legend in a strip under the plot.
                (css_width * 0.34).clamp(170.0, 240.0) + revenue_charts::LEGEND_STRIP_PX
            }
            ChartData::Fan(..) => (css_width * 0.34).clamp(170.0, 240.0),
            ChartData::Response(..) => 48.0,
            _ => (css_width * 0.6).clamp(240.0, 440.0),
        }
    }

    fn draw(&self, canvas: &HtmlCanvasElement, theme: &Theme) -> Option<PlotGeometry> {
        let backend = CanvasBackend::new(canvas)?;
        let area = backend.into_drawing_area();
        let geometry = match self {
            ChartData::RevenueByClient(p) => draw_revenue_by_client(&area, p, theme),
            ChartData::Concentration(mc, c, start, name) => {
                draw_concentration(&area, &mc.concentration, c, *start, name, theme)
            }
            ChartData::Fan(mc, start, target, overlays) => {
                draw_fan(&area, mc, *start, *target, overlays, theme)
            }
            ChartData::FinalYear(mc, target) => draw_final_year(&area, mc, *target, theme),
            ChartData::Tornado(s) => draw_tornado(&area, s, theme),
            ChartData::Response(c, stale) => draw_response(&area, c, *stale, theme),
        };
        area.present().ok()?;
        geometry.ok()
    }

    /// The values at data coordinates (x, y), in words.
    pub fn describe(&self, x: f64, y: f64) -> Option<String> {
        match self {
            ChartData::RevenueByClient(p) => {
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
            ChartData::Concentration(mc, _, start, _) => {
                let b = &mc.concentration;
                let t = month_index(x, b.hhi.len())?;
                let hhi = (*b.hhi.get(t)?)?;
                let top = (*b.top1.get(t)?)?;
                Some(format!(
                    "{}: HHI median {} (5–95% of runs {} to {}), largest customer median {} ({} to {})",
                    start.plus_months(t as u32).label(),
                    fmt_fixed(hhi[1], 0),
                    fmt_fixed(hhi[0], 0),
                    fmt_fixed(hhi[2], 0),
                    fmt_pct(top[1]),
                    fmt_pct(top[0]),
                    fmt_pct(top[2])
                ))
            }
            ChartData::Fan(mc, start, _, overlays) => {
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
            ChartData::FinalYear(mc, _) => {
                let h = &mc.final_year_histogram;
                let bin = ((x - h.min_musd) / h.bin_width_musd).floor();
                if bin < 0.0 {
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
            ChartData::Response(c, _) => {
                let (x0, p0) = c
                    .values
                    .iter()
                    .zip(&c.p_reach)
                    .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))?;
                Some(format!(
                    "At {}: {} chance (now {} at {})",
                    lever_value_text(c, *x0),
                    fmt_pct(*p0),
                    chance_at_current(c).map_or_else(|| "–".to_string(), fmt_pct),
                    lever_value_text(c, c.current)
                ))
            }
            ChartData::Tornado(s) => {
                let n = s.rows.len().min(revenue_charts::TORNADO_MAX_BARS) as f64;
                let index = (n - y).floor();
                if index < 0.0 {
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
        }
    }

    /// The chart's numbers as a table.
    pub fn table(&self) -> DataTable {
        match self {
            ChartData::RevenueByClient(p) => {
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
            ChartData::Concentration(mc, c, start, name) => {
                let b = &mc.concentration;
                let cell =
                    |bands: &revenue_model::monte_carlo::Bands, t: usize, k: usize, pct: bool| {
                        bands
                            .get(t)
                            .copied()
                            .flatten()
                            .and_then(|v| v.get(k).copied())
                            .map_or_else(
                                || "–".to_string(),
                                |v| if pct { fmt_pct(v) } else { fmt_fixed(v, 0) },
                            )
                    };
                DataTable {
                    headers: vec![
                        "Month".to_string(),
                        "HHI, median of runs".to_string(),
                        "HHI, 5–95% of runs".to_string(),
                        "Largest customer, median of runs".to_string(),
                        format!("Largest customer if {name} stays"),
                        format!("Largest customer once {name} has left"),
                        format!("Runs in which {name} has left"),
                        "HHI of the expected path".to_string(),
                    ],
                    rows: (0..b.hhi.len())
                        .map(|t| {
                            vec![
                                start.plus_months(t as u32).label(),
                                cell(&b.hhi, t, 1, false),
                                format!(
                                    "{} to {}",
                                    cell(&b.hhi, t, 0, false),
                                    cell(&b.hhi, t, 2, false)
                                ),
                                cell(&b.top1, t, 1, true),
                                cell(&b.top1_if_stays, t, 1, true),
                                cell(&b.top1_if_left, t, 1, true),
                                b.p_headline_left
                                    .get(t)
                                    .map_or_else(|| "–".to_string(), |p| fmt_pct(*p)),
                                c.months
                                    .get(t)
                                    .map_or_else(|| "–".to_string(), |m| fmt_fixed(m.hhi, 0)),
                            ]
                        })
                        .collect(),
                }
            }
            ChartData::Fan(mc, start, _, overlays) => DataTable {
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
            },
            ChartData::FinalYear(mc, _) => {
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
            ChartData::Response(c, _) => DataTable {
                headers: vec![
                    "Value".to_string(),
                    "Chance of reaching the target".to_string(),
                ],
                rows: c
                    .values
                    .iter()
                    .zip(&c.p_reach)
                    .map(|(x, p)| vec![lever_value_text(c, *x), fmt_pct(*p)])
                    .collect(),
            },
            ChartData::Tornado(s) => DataTable {
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
            },
        }
    }
}

/// Props of [`Chart`].
#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// A stable id stem.
    pub id: AttrValue,
    /// The chart's title and accessible name.
    pub label: AttrValue,
    /// Only the canvas (a lever's small response curve): no title, read-out or buttons.
    #[prop_or_default]
    pub compact: bool,
    /// A one-sentence summary of what the chart shows.
    pub summary: AttrValue,
    /// The data.
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
        Callback::from(move |e: PointerEvent| {
            let g = *geometry.borrow();
            let dpr = *ratio.borrow();
            let (px, py) = (f64::from(e.offset_x()) * dpr, f64::from(e.offset_y()) * dpr);
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
        Callback::from(move |_: PointerEvent| readout.set(None))
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
                    aria-label={format!("{}. {}", props.label, props.summary)}
                    data-stale={matches!(props.data, ChartData::Response(_, true)).to_string()}
                    onpointermove={on_pointer.clone()}
                    onpointerdown={on_pointer}
                    onpointerleave={on_leave}
                    title={(*readout).clone()}
                >
                    { props.summary.clone() }
                </canvas>
            </div>
        };
    }
    html! {
        <figure class="rm-figure" aria-labelledby={title_id.clone()}>
            <h3 class="rm-chart-title" id={title_id}>{ props.label.clone() }</h3>
            <div class="rm-canvas-frame" ref={frame_ref}>
                <canvas
                    class="rm-chart"
                    ref={canvas_ref}
                    role="img"
                    aria-label={props.label.clone()}
                    aria-describedby={summary_id.clone()}
                    onpointermove={on_pointer.clone()}
                    onpointerdown={on_pointer}
                    onpointerleave={on_leave}
                >
                    { props.summary.clone() }
                </canvas>
            </div>
            <p class="rm-summary" id={summary_id}>{ props.summary.clone() }</p>
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
                    aria-label={format!("Download PNG of {}", props.label)}>{ "Download PNG" }</button>
            </div>
            if *show_table {
                { data_table(&table_id, &props.label, &props.data.table()) }
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
const OFFSCREEN_DELAY_MS: i32 = 150;

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
    timer: Option<(i32, Closure<dyn FnMut()>)>,
}

type SharedPainter = Rc<std::cell::RefCell<Painter>>;

impl Drop for Painter {
    /// An unmounted chart cancels its delayed paint: the timer would otherwise call a
    /// closure that no longer exists.
    fn drop(&mut self) {
        if let (Some((handle, _)), Some(window)) = (self.timer.take(), web_sys::window()) {
            window.clear_timeout_with_handle(handle);
        }
    }
}

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

    fn schedule(this: &SharedPainter) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let mut p = this.borrow_mut();
        if let Some((handle, _)) = p.timer.take() {
            window.clear_timeout_with_handle(handle);
        }
        let weak = Rc::downgrade(this);
        let closure = Closure::<dyn FnMut()>::new(move || {
            if let Some(painter) = weak.upgrade() {
                let mut p = painter.borrow_mut();
                p.timer = None;
                if p.dirty {
                    p.paint();
                }
            }
        });
        if let Ok(handle) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            closure.as_ref().unchecked_ref(),
            OFFSCREEN_DELAY_MS,
        ) {
            if let Some(canvas) = p.canvas_ref.cast::<HtmlCanvasElement>() {
                let _ = canvas.set_attribute("data-pending", "true");
            }
            p.timer = Some((handle, closure));
        }
    }

    fn paint(&mut self) {
        if let Some((handle, _)) = self.timer.take() {
            if let Some(window) = web_sys::window() {
                window.clear_timeout_with_handle(handle);
            }
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
        let css_width = (job.css_width as f64).max(200.0);
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
        if let Some(g) = job.data.draw(&canvas, &theme) {
            *self.geometry.borrow_mut() = g;
            *self.ratio.borrow_mut() = dpr;
            self.drawn += 1;
            let _ = canvas.set_attribute("data-drawn", &self.drawn.to_string());
        }
        span.end();
    }
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
