//! Share, save and reopen: copy the link or the embed code, download the data as CSV
//! or the scenario as JSON, and import a scenario file.

use crate::platform::host;
use crate::state::Action;
use revenue_model::share::{describe_ignored, encode, scenario_from_json};
use revenue_model::validate::to_json;
use revenue_model::{Scenario, Story, ValidScenario};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`ShareBar`].
#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    /// The scenario as entered (what a link carries).
    pub scenario: Scenario,
    /// The last valid scenario (what a file carries).
    pub valid: Rc<ValidScenario>,
    /// The CSV of every series, made on demand.
    pub csv: Callback<(), String>,
    /// Sends changes to the state.
    pub dispatch: Callback<Action>,
    /// Shows a message to the reader.
    pub notify: Callback<String>,
}

/// `text` for an HTML attribute quoted with `"`.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The link to `scenario` on the page at `page_url`: the page with its query (a story
/// asked for by name stays), and a fragment with the story the link carries, if it
/// carries one, then the scenario. So a link records which story its scenario belongs to.
pub fn share_link(page_url: &str, scenario: &Scenario) -> String {
    let (before_hash, hash) = page_url.split_once('#').unwrap_or((page_url, ""));
    let story_fragment = hash
        .strip_prefix("story=")
        .map(|rest| format!("story={}&", rest.split('&').next().unwrap_or_default()))
        .unwrap_or_default();
    format!("{before_hash}#{story_fragment}s={}", encode(scenario))
}

/// The iframe snippet for `scenario` of the story asked `question`, pointing at the page
/// the widget is on, with the story the page's link carries (`?story=…`, `#story=…`), so
/// the embedded widget tells the same story.
pub fn embed_code(page_url: &str, scenario: &Scenario, question: &str) -> String {
    let (before_hash, hash) = page_url.split_once('#').unwrap_or((page_url, ""));
    let (page, query) = before_hash.split_once('?').unwrap_or((before_hash, ""));
    let story_query = query
        .split('&')
        .find(|p| p.starts_with("story="))
        .map(|p| format!("?{p}"))
        .unwrap_or_default();
    let story_fragment = hash
        .strip_prefix("story=")
        .map(|rest| format!("story={}&", rest.split('&').next().unwrap_or_default()))
        .unwrap_or_default();
    format!(
        "<iframe src=\"{}{story_query}#{story_fragment}s={}\" title=\"{}\" \
         data-revenue-model sandbox=\"allow-scripts allow-downloads\" loading=\"lazy\" \
         style=\"width:100%;border:0;height:900px\"></iframe>\n\
         <script src=\"{}embed.js\" defer></script>",
        attribute(page),
        encode(scenario),
        attribute(&format!("{question} An interactive model")),
        attribute(&crate::folder_of(page))
    )
}

/// The share and export buttons.
#[component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
    let fallback = use_state(|| None::<String>);
    let copy = {
        let notify = props.notify.clone();
        let fallback = fallback.clone();
        move |text: String, what: &'static str| {
            let notify = notify.clone();
            let fallback = fallback.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if host::copy_text(&text).await {
                    fallback.set(None);
                    notify.emit(format!("{what} copied."));
                } else {
                    // No clipboard here (an insecure page, a sandbox): show the text to copy by hand.
                    fallback.set(Some(text));
                }
            });
        }
    };
    let on_copy_link = {
        let scenario = props.scenario.clone();
        let copy = copy.clone();
        Callback::from(move |_: MouseEvent| {
            copy(share_link(&host::page_url(), &scenario), "Link");
        })
    };
    let question = use_context::<Rc<Story>>()
        .map(|story| story.file().question.clone())
        .unwrap_or_default();
    let on_copy_embed = {
        let scenario = props.scenario.clone();
        Callback::from(move |_: MouseEvent| {
            copy(
                embed_code(&host::page_url(), &scenario, &question),
                "Embed code",
            )
        })
    };
    let on_csv = {
        let csv = props.csv.clone();
        let notify = props.notify.clone();
        Callback::from(move |_: MouseEvent| {
            if !host::download_text("revenue-model.csv", "text/csv", &csv.emit(())) {
                notify.emit("The CSV could not be downloaded here.".to_string());
            }
        })
    };
    let on_json = {
        let valid = props.valid.clone();
        let notify = props.notify.clone();
        Callback::from(move |_: MouseEvent| {
            if !host::download_text(
                "revenue-model-scenario.json",
                "application/json",
                &to_json(&valid),
            ) {
                notify.emit("The scenario could not be downloaded here.".to_string());
            }
        })
    };
    let base = use_context::<Rc<Story>>().map(|story| story.base_case().clone());
    let on_import = {
        let dispatch = props.dispatch.clone();
        let notify = props.notify.clone();
        let base = base.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let dispatch = dispatch.clone();
            let notify = notify.clone();
            let Some(base) = base.clone() else { return };
            wasm_bindgen_futures::spawn_local(async move {
                let text = match host::read_file(file).await {
                    Ok(text) => text,
                    Err(message) => return notify.emit(message),
                };
                match scenario_from_json(&text, &base) {
                    Ok((valid, notes)) => {
                        dispatch.emit(Action::Replace(valid.into_inner()));
                        notify.emit(
                            describe_ignored("file", &notes)
                                .unwrap_or_else(|| "Scenario imported.".to_string()),
                        );
                    }
                    Err(e) => notify.emit(format!("The file was not imported: {e}")),
                }
            });
        })
    };
    html! {
        <div class="rm-share">
            <div class="rm-button-group" role="group" aria-label="Share and export">
                <button type="button" class="rm-button" onclick={on_copy_link}>{ "Copy link" }</button>
                <button type="button" class="rm-button" onclick={on_copy_embed}>{ "Copy embed code" }</button>
                <button type="button" class="rm-button" onclick={on_csv}>{ "Download CSV" }</button>
                <button type="button" class="rm-button" onclick={on_json}>{ "Download scenario (JSON)" }</button>
                <label class="rm-button rm-file">
                    { "Import scenario…" }
                    <input type="file" accept=".json,application/json" class="rm-file-input" onchange={on_import} />
                </label>
                // The author page, beside the widget's own page: a story of your own company.
                <a class="rm-button" href="./author.html" target="_blank" rel="noopener noreferrer">{ "Make your own" }</a>
            </div>
            if let Some(text) = (*fallback).clone() {
                <div class="rm-field">
                    <label class="rm-label" for="rm-copy-fallback">{ "Copy this text:" }</label>
                    <textarea id="rm-copy-fallback" class="rm-copy-text" readonly=true rows="4" value={text} />
                </div>
            }
        </div>
    }
}
