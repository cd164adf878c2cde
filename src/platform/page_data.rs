//! What the built page carries for the widget's first screen: the base case's full Monte
//! Carlo, computed when `dist/` was built by the same model and seed, so the widget's first
//! paint shows the answer the page without JavaScript showed, not a quick estimate of it.
//! `cargo xtask dist` writes it into index.html as
//! `<template id="rm-first-result">WIRE</template>`: the scenario and its full Monte Carlo
//! as one [`Wire`](crate::protocol::Wire) `{"numbers": […], "texts": […]}`, written and read
//! by the worker messages' own code. The browser's `JSON.parse` reads the text.

use std::rc::Rc;

use js_sys::{Array, Reflect, JSON};
use revenue_model::monte_carlo::MonteCarlo;
use revenue_model::{validate, ValidScenario};
use wasm_bindgen::{JsCast, JsValue};

use crate::protocol::{decode, Wire};
use revenue_model::Scenario;

/// The id of the `<template>` holding the data.
pub const FIRST_RESULT_ID: &str = "rm-first-result";
/// Longest text read (the base case's is a few tens of kilobytes).
const MAX_CHARS: usize = 1024 * 1024;

/// The full result the page carries and the scenario it is for, if the page has one that
/// reads and validates.
pub fn first_result() -> Option<(Rc<ValidScenario>, Rc<MonteCarlo>)> {
    let document = web_sys::window()?.document()?;
    let template = document
        .get_element_by_id(FIRST_RESULT_ID)?
        .dyn_into::<web_sys::HtmlTemplateElement>()
        .ok()?;
    let text = template.content().text_content()?;
    if text.len() > MAX_CHARS {
        return None;
    }
    let data = JSON::parse(&text).ok()?;
    let (scenario, result): (Scenario, MonteCarlo) = decode(&wire_of(&data)?).ok()?;
    let valid = validate(scenario).ok()?;
    Some((Rc::new(valid), Rc::new(result)))
}

/// The wire `part` holds: its numbers and texts, or `None` if either is not a list of
/// those.
fn wire_of(part: &JsValue) -> Option<Wire> {
    let list = |name: &str| {
        Reflect::get(part, &name.into())
            .ok()?
            .dyn_into::<Array>()
            .ok()
    };
    let numbers = list("numbers")?
        .iter()
        .map(|v| v.as_f64())
        .collect::<Option<Vec<f64>>>()?;
    let texts = list("texts")?
        .iter()
        .map(|v| v.as_string())
        .collect::<Option<Vec<String>>>()?;
    Some(Wire { numbers, texts })
}
