//! The widget a reader uses: a thin Yew layer over the pure model and the charts.
//!
//! Mount it with [`mount`] into any element; [`start`] mounts it into the page's
//! `#revenue-model-root` element (or the body) and installs a panic hook that shows a
//! visible message instead of freezing silently.

pub mod app;
mod canvas_backend;
mod components;
pub mod platform;
pub mod protocol;
pub mod state;

use wasm_bindgen::JsCast;

/// Mounts the widget into `root`.
pub fn mount(root: web_sys::Element) -> yew::AppHandle<app::App> {
    yew::Renderer::<app::App>::with_root(root).render()
}

/// The id of the element the page provides for the widget.
pub const ROOT_ID: &str = "revenue-model-root";

/// Shows a visible message in place of the widget if anything panics: a panic
/// aborts a WebAssembly module, and without this the widget would freeze silently.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("revenue model: {info}").into());
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(ROOT_ID));
        if let Some(root) = root {
            root.set_text_content(Some(
                "Sorry, the revenue model stopped because of an internal error. Reload the page to start again.",
            ));
        }
    }));
}

/// Starts the widget in the page.
pub fn start() {
    install_panic_hook();
    let document = web_sys::window().and_then(|w| w.document());
    let root = document
        .as_ref()
        .and_then(|d| d.get_element_by_id(ROOT_ID))
        .or_else(|| {
            document
                .as_ref()
                .and_then(|d| d.body())
                .and_then(|b| b.dyn_into::<web_sys::Element>().ok())
        });
    if let Some(root) = root {
        mount(root);
    }
}
