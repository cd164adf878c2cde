//! performance.mark / performance.measure entries ("model:preview", "model:simulate",
//! "chart:draw", and a "compute:…" mark per delivered result), so any harness can read
//! the widget's timings.

use wasm_bindgen::JsCast;

/// A running measurement, ended by [`Span::end`].
pub struct Span {
    name: &'static str,
    start: f64,
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

/// Milliseconds since the page started, or 0 where there is no clock.
pub fn now() -> f64 {
    performance().map_or(0.0, |p| p.now())
}

/// Starts measuring `name`.
pub fn start(name: &'static str) -> Span {
    Span { name, start: now() }
}

impl Span {
    /// Records the measurement as a `performance.measure` entry named after the span.
    pub fn end(self) {
        if let Some(p) = performance() {
            // performance.measure(name, { start, end }) (User Timing Level 3).
            let options = js_sys::Object::new();
            let end = p.now();
            let set = |key: &str, value: f64| {
                js_sys::Reflect::set(&options, &key.into(), &value.into()).is_ok()
            };
            let measure = js_sys::Reflect::get(&p, &"measure".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            if let (true, true, Some(measure)) =
                (set("start", self.start), set("end", end), measure)
            {
                let _ = measure.call2(&p, &self.name.into(), &options);
            }
        }
    }
}

/// Records a measure `name` from `start` (a [`now`] value) to now.
pub fn measure_since(name: &'static str, start: f64) {
    Span { name, start }.end();
}

/// Records a `performance.mark` entry `name` whose `detail` is `detail`.
pub fn mark(name: &str, detail: &str) {
    if let Some(p) = performance() {
        let options = js_sys::Object::new();
        let mark = js_sys::Reflect::get(&p, &"mark".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let (Ok(true), Some(mark)) = (
            js_sys::Reflect::set(&options, &"detail".into(), &detail.into()),
            mark,
        ) {
            let _ = mark.call2(&p, &name.into(), &options);
        }
    }
}
