//! What the built page carries for the widget's first screen: the base case's full Monte
//! Carlo, computed when `dist/` was built by the same model and seed (`cargo xtask dist`
//! writes `<template id="rm-first-result">{"scenario": …, "result": …}</template>` into
//! index.html), so the widget's first paint shows the answer the page without JavaScript
//! showed, not a quick estimate of it.

use std::rc::Rc;

use revenue_model::monte_carlo::MonteCarlo;
use revenue_model::{validate, Scenario, ValidScenario};
use wasm_bindgen::JsCast;

/// The id of the `<template>` holding the data.
pub const FIRST_RESULT_ID: &str = "rm-first-result";
/// Longest text read (the base case's result is a few tens of kilobytes).
const MAX_CHARS: usize = 1024 * 1024;

#[derive(serde::Deserialize)]
struct FirstResult {
    scenario: Scenario,
    result: MonteCarlo,
}

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
    let data: FirstResult = serde_json::from_str(&text).ok()?;
    let valid = validate(data.scenario).ok()?;
    Some((Rc::new(valid), Rc::new(data.result)))
}
