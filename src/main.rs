//! Entry point of the widget's WebAssembly build: starts the widget in the page, and
//! exports `mount_widget` for embedding (the `<revenue-model>` element, the single-file page),
//! whose result unmounts the widget again.

use js_sys::Reflect;
use revenue_widget::Options;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

fn main() {
    revenue_widget::start();
}

/// Serves the simulation worker's requests: its start script calls this once it has
/// instantiated this module inside the worker (where `main` finds no page and does nothing).
#[wasm_bindgen]
pub fn start_simulation_worker() {
    revenue_widget::platform::worker::serve();
}

fn text_option(options: &JsValue, key: &str) -> Option<String> {
    Reflect::get(options, &key.into())
        .ok()
        .and_then(|v| v.as_string())
}

fn bool_option(options: &JsValue, key: &str, default: bool) -> bool {
    Reflect::get(options, &key.into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(default)
}

/// A mounted widget, as JavaScript holds it.
#[wasm_bindgen]
pub struct MountedWidget {
    handle: Option<yew::AppHandle<revenue_widget::app::App>>,
}

#[wasm_bindgen]
impl MountedWidget {
    /// Removes the widget from its host: its timers, listeners and worker stop with it.
    /// A second call does nothing.
    pub fn unmount(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }
}

/// Mounts a widget into `host` with `options`: `{ story, storyName, storyError,
/// defaultStory, preset, theme, base, worker, persist }` (see `revenue_widget::Options`;
/// the stories are the texts of story files). Unknown or missing options take their
/// defaults.
/// Returns the widget, whose `unmount()` removes it.
#[wasm_bindgen]
pub fn mount_widget(host: web_sys::Element, options: JsValue) -> MountedWidget {
    revenue_widget::install_panic_hook();
    let options = if options.is_object() {
        options
    } else {
        JsValue::NULL
    };
    let base = text_option(&options, "base");
    let worker = bool_option(&options, "worker", true) && base.is_some();
    let handle = revenue_widget::mount_with(
        host,
        Options {
            story: text_option(&options, "story"),
            story_name: text_option(&options, "storyName"),
            story_error: text_option(&options, "storyError"),
            default_story: text_option(&options, "defaultStory"),
            preset: text_option(&options, "preset"),
            theme: text_option(&options, "theme"),
            base,
            worker,
            persist: bool_option(&options, "persist", false),
        },
    );
    MountedWidget {
        handle: Some(handle),
    }
}
