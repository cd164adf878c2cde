//! Entry point of the widget's WebAssembly build: starts the widget in the page, and
//! exports `mount_widget` for embedding (the `<revenue-model>` element, the single-file page),
//! whose result unmounts the widget again.

use js_sys::{Function, Reflect};
use revenue_widget::platform::embedder::{HostChannel, HostCommand};
use revenue_widget::Options;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

fn main() {
    revenue_widget::start();
}

/// Serves the simulation worker's requests: its start script calls this once it has
/// instantiated this module inside the worker (where `main` finds no page and does nothing).
#[wasm_bindgen]
pub fn start_simulation_worker() {
    revenue_widget::platform::worker::start();
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
    channel: HostChannel,
}

#[wasm_bindgen]
impl MountedWidget {
    /// Asks the widget to show `{ preset?, scenario?, theme? }` (strings; `scenario` is a
    /// share link's text and wins over `preset`). Each scenario change is one undo step.
    pub fn set(&self, command: JsValue) {
        if command.is_object() {
            self.channel.send(HostCommand::from_js(&command));
        }
    }

    /// Removes the widget from its host: its timers, listeners and worker stop with it.
    /// A second call does nothing.
    pub fn unmount(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }
}

/// Mounts a widget into `host` with `options`: `{ story, storyName, storyError,
/// defaultStory, preset, scenario, theme, base, worker, workers, persist, onChange }`
/// (see `revenue_widget::Options`; the stories are the texts of story files;
/// `onChange(detail)` is called with the scenario's link text and its answer whenever
/// either changes). Unknown or missing options take their defaults.
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
    let channel = HostChannel::default();
    if let Some(function) = Reflect::get(&options, &"onChange".into())
        .ok()
        .and_then(|v| v.dyn_into::<Function>().ok())
    {
        channel.on_change(function);
    }
    let handle = revenue_widget::mount_with(
        host,
        Options {
            story: text_option(&options, "story"),
            story_name: text_option(&options, "storyName"),
            story_error: text_option(&options, "storyError"),
            default_story: text_option(&options, "defaultStory"),
            preset: text_option(&options, "preset"),
            scenario: text_option(&options, "scenario"),
            theme: text_option(&options, "theme"),
            base,
            worker,
            workers: Reflect::get(&options, &"workers".into())
                .ok()
                .and_then(|v| v.as_f64())
                .filter(|n| n.is_finite() && *n >= 0.0)
                .map(|n| n.min(f64::from(u32::MAX)) as u32),
            persist: bool_option(&options, "persist", false),
            channel: channel.clone(),
            first_result: None,
        },
    );
    MountedWidget {
        handle: Some(handle),
        channel,
    }
}
