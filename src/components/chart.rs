//! A chart on a `<canvas>`: sized to its container (ResizeObserver) and to the
//! device pixel ratio, redrawn when its data, size or theme change. Drawing happens in
//! an effect, outside the virtual DOM; the canvas backend is only an adapter.

use crate::canvas_backend::CanvasBackend;
use plotters::prelude::IntoDrawingArea;
use revenue_charts::{draw_revenue_by_client, PlotGeometry, Theme};
use revenue_model::Projection;
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
}

/// Props of [`Chart`].
#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// The chart's accessible name.
    pub label: AttrValue,
    /// A one-sentence summary of what the chart shows, read by screen readers.
    pub summary: AttrValue,
    /// The data.
    pub data: ChartData,
    /// Dark theme.
    pub dark: bool,
}

fn draw(canvas: &HtmlCanvasElement, data: &ChartData, theme: &Theme) -> Option<PlotGeometry> {
    let backend = CanvasBackend::new(canvas)?;
    let area = backend.into_drawing_area();
    let geometry = match data {
        ChartData::RevenueByClient(p) => draw_revenue_by_client(&area, p, theme),
    };
    area.present().ok()?;
    geometry.ok()
}

/// The size of an element in CSS pixels, updated by a ResizeObserver.
#[hook]
fn use_element_width(node: NodeRef) -> f64 {
    let width = use_state(|| 0.0f64);
    {
        let width = width.clone();
        use_effect_with(node, move |node| {
            let element = node.cast::<web_sys::Element>();
            let mut observer_and_closure = None;
            if let Some(element) = element {
                width.set(element.get_bounding_client_rect().width());
                let target = element.clone();
                let on_resize = Closure::<dyn FnMut()>::new(move || {
                    width.set(target.get_bounding_client_rect().width());
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

/// A canvas chart with its accessible name and summary.
#[component]
pub fn Chart(props: &ChartProps) -> Html {
    let canvas_ref = use_node_ref();
    let frame_ref = use_node_ref();
    let width = use_element_width(frame_ref.clone());
    {
        let canvas_ref = canvas_ref.clone();
        let data = props.data.clone();
        let dark = props.dark;
        use_effect_with(
            (data, dark, width.round() as i64),
            move |(data, dark, css_width)| {
                if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                    let ratio = web_sys::window()
                        .map_or(1.0, |w| w.device_pixel_ratio())
                        .clamp(1.0, 4.0);
                    let css_width = (*css_width as f64).max(240.0);
                    let css_height = (css_width * 0.56).clamp(220.0, 420.0);
                    canvas.set_width((css_width * ratio).round() as u32);
                    canvas.set_height((css_height * ratio).round() as u32);
                    let _ = canvas
                        .style()
                        .set_property("height", &format!("{css_height}px"));
                    let theme = if *dark {
                        Theme::dark(ratio)
                    } else {
                        Theme::light(ratio)
                    };
                    draw(&canvas, data, &theme);
                }
            },
        );
    }
    html! {
        <figure class="rm-figure">
            <div class="rm-canvas-frame" ref={frame_ref}>
                <canvas class="rm-chart" ref={canvas_ref} role="img" aria-label={props.label.clone()}>
                    { props.summary.clone() }
                </canvas>
            </div>
            <figcaption class="rm-summary">{ props.summary.clone() }</figcaption>
        </figure>
    }
}
