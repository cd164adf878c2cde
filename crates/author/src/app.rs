//! The author page: the story's form (every field, its source, its problem beside it),
//! the buttons that copy, download and open it, and the reader's widget beside it,
//! showing the story as it stands. State is one [`Draft`] behind one reducer.

use crate::draft::{
    get, open_story, story_file_text, story_link_text, ChangeKind, Draft, SourceKind,
};
use crate::embed::{embed_code, reader_link};
use crate::{inputs, platform};
use gloo_timers::callback::Timeout;
use revenue_model::scenario::ClientField;
use revenue_model::story_file::{
    parse_story, ClientRef, InputName, StoryFile, StoryIssue, TableFigure, MAX_LEVERS, MAX_PRESETS,
    MAX_STORY_CLIENTS, MAX_TABLE_ROWS,
};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The article's story, one of the two to start from.
const ARTICLE: &str = include_str!("../../../stories/article.json");

/// How long typing must pause before the preview reloads, ms.
const PREVIEW_DELAY_MS: u32 = 600;

/// One edit of the form.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A text field at a path.
    Text(String, String),
    /// A number field at a path: the typed text and the factor of its typed unit.
    Number(String, String, f64),
    /// Any value at a path (a checkbox, a choice, an optional part switched on or off).
    Set(String, Value),
    /// The kind of the source at a path.
    SourceKind(String, SourceKind),
    /// A lever's input.
    LeverInput(usize, InputName),
    /// The kind of a preset's change.
    ChangeKind(usize, usize, ChangeKind),
    /// The input a preset's change sets.
    ChangeInput(usize, usize, InputName),
    AddClient,
    RemoveClient(usize),
    AddLever,
    RemoveLever(usize),
    AddPreset,
    RemovePreset(usize),
    AddChange(usize),
    RemoveChange(usize, usize),
    AddRow,
    RemoveRow(usize),
    /// A whole story (a starting story, an opened file); the draft before it is kept.
    Replace(Box<StoryFile>),
    /// Back to the draft before the last [`Edit::Replace`].
    Restore,
}

/// The page's state: the draft, and the draft a starting story or a file replaced.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthorState {
    draft: Draft,
    replaced: Option<Draft>,
}

impl Reducible for AuthorState {
    type Action = Edit;

    fn reduce(self: Rc<Self>, edit: Edit) -> Rc<Self> {
        let mut next = (*self).clone();
        let d = &mut next.draft;
        let changed = match edit {
            Edit::Text(path, text) => d.set(&path, Value::String(text)),
            Edit::Number(path, text, scale) => {
                d.type_number(&path, &text, scale);
                true
            }
            Edit::Set(path, value) => d.set(&path, value),
            Edit::SourceKind(path, kind) => d.set_source_kind(&path, kind),
            Edit::LeverInput(i, input) => d.set_lever_input(i, input),
            Edit::ChangeKind(i, j, kind) => d.set_change_kind(i, j, kind),
            Edit::ChangeInput(i, j, input) => d.set_change_input(i, j, input),
            Edit::AddClient => d.add_client(),
            Edit::RemoveClient(i) => d.remove_client(i),
            Edit::AddLever => d.add_lever(),
            Edit::RemoveLever(i) => d.remove_lever(i),
            Edit::AddPreset => d.add_preset(),
            Edit::RemovePreset(i) => d.remove_preset(i),
            Edit::AddChange(i) => d.add_change(i),
            Edit::RemoveChange(i, j) => d.remove_change(i, j),
            Edit::AddRow => d.add_row(),
            Edit::RemoveRow(i) => d.remove_row(i),
            Edit::Replace(story) => {
                next.replaced = Some(next.draft.clone());
                next.draft.replace(*story);
                true
            }
            Edit::Restore => match next.replaced.take() {
                Some(before) => {
                    next.draft = before;
                    true
                }
                None => false,
            },
        };
        if changed {
            Rc::new(next)
        } else {
            self
        }
    }
}

/// The template written for authors to start from ("Your company").
const TEMPLATE: &str = include_str!("../../../stories/template.json");

/// The stories an author can start from: the template and the article's.
fn starting_stories() -> Vec<(&'static str, StoryFile)> {
    [
        ("the template, \"Your company\"", TEMPLATE),
        ("the article's story", ARTICLE),
    ]
    .into_iter()
    .filter_map(|(name, text)| parse_story(text).ok().map(|s| (name, s)))
    .collect()
}

/// Everything the form's fields read.
#[derive(Clone)]
struct Ctx {
    doc: Rc<Value>,
    draft: Rc<AuthorState>,
    issues: Rc<BTreeMap<String, Vec<String>>>,
    edit: Callback<Edit>,
}

/// The element id of the field at `path`.
fn field_id(path: &str) -> String {
    let mut id = String::from("au-");
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        });
    }
    id
}

/// What an input, a select or a text area holds after an event.
fn event_value(e: &Event) -> String {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn event_checked(e: &Event) -> bool {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"checked".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

impl Ctx {
    fn text_at(&self, path: &str) -> String {
        get(&self.doc, path)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    }

    fn number_at(&self, path: &str) -> Option<f64> {
        get(&self.doc, path).and_then(Value::as_f64)
    }

    /// The problems at `path` (and, with `scale` 100, range messages in percent).
    fn problems(&self, path: &str, scale: f64) -> Vec<String> {
        let Some(messages) = self.issues.get(path) else {
            return Vec::new();
        };
        messages
            .iter()
            .map(|m| {
                if scale == 100.0 && m.starts_with("must be between") {
                    percent_message(path, self.number_at(path))
                } else {
                    m.clone()
                }
            })
            .collect()
    }

    /// The problems of a field, shown under it, named for `aria-describedby`.
    fn errors(&self, path: &str, scale: f64) -> (Html, Option<String>) {
        let problems = self.problems(path, scale);
        if problems.is_empty() {
            return (Html::default(), None);
        }
        let id = format!("{}-error", field_id(path));
        let html = html! {
            <p class="au-error" id={id.clone()}>
                { for problems.iter().map(|p| html! { <span>{ p.clone() }</span> }) }
            </p>
        };
        (html, Some(id))
    }

    fn text(&self, path: &str, label: &str, hint: &str) -> Html {
        let id = field_id(path);
        let (errors, described) = self.errors(path, 1.0);
        let oninput = {
            let edit = self.edit.clone();
            let path = path.to_string();
            Callback::from(move |e: InputEvent| {
                edit.emit(Edit::Text(path.clone(), event_value(&e)))
            })
        };
        let hint_id = format!("{id}-hint");
        let describedby = [described, (!hint.is_empty()).then(|| hint_id.clone())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        html! {
            <div class="au-field">
                <label for={id.clone()}>{ label }</label>
                <input id={id} type="text" value={self.text_at(path)} {oninput}
                    aria-invalid={ if errors == Html::default() { "false" } else { "true" } }
                    aria-describedby={ (!describedby.is_empty()).then_some(describedby) } />
                if !hint.is_empty() { <p class="au-hint" id={hint_id}>{ hint }</p> }
                { errors }
            </div>
        }
    }

    fn number(&self, path: &str, label: &str, unit: &str, scale: f64) -> Html {
        let id = field_id(path);
        let (errors, described) = self.errors(path, scale);
        let oninput = {
            let edit = self.edit.clone();
            let path = path.to_string();
            Callback::from(move |e: InputEvent| {
                edit.emit(Edit::Number(path.clone(), event_value(&e), scale))
            })
        };
        let invalid = described.is_some();
        html! {
            <div class="au-field au-number">
                <label for={id.clone()}>{ label }</label>
                <span class="au-with-unit">
                    <input id={id} type="text" inputmode="decimal" {oninput}
                        value={self.draft.draft.number_text(&self.doc, path, scale)}
                        aria-invalid={ if invalid { "true" } else { "false" } }
                        aria-describedby={described} />
                    if !unit.is_empty() { <span class="au-unit">{ unit }</span> }
                </span>
                { errors }
            </div>
        }
    }

    fn checkbox(&self, path: &str, label: &str) -> Html {
        let id = field_id(path);
        let checked = get(&self.doc, path)
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let onchange = {
            let edit = self.edit.clone();
            let path = path.to_string();
            Callback::from(move |e: Event| {
                edit.emit(Edit::Set(path.clone(), json!(event_checked(&e))))
            })
        };
        html! {
            <div class="au-field au-check">
                <input id={id.clone()} type="checkbox" {checked} {onchange} />
                <label for={id}>{ label }</label>
            </div>
        }
    }

    /// A choice among `options` (value, label); `pick` turns the chosen value into an edit.
    fn select(
        &self,
        path: &str,
        label: &str,
        current: &str,
        options: &[(String, String)],
        pick: impl Fn(&str) -> Option<Edit> + 'static,
    ) -> Html {
        let id = field_id(path);
        let (errors, described) = self.errors(path, 1.0);
        let onchange = {
            let edit = self.edit.clone();
            Callback::from(move |e: Event| {
                if let Some(next) = pick(&event_value(&e)) {
                    edit.emit(next);
                }
            })
        };
        html! {
            <div class="au-field">
                <label for={id.clone()}>{ label }</label>
                <select id={id} {onchange} aria-describedby={described}>
                    { for options.iter().map(|(value, text)| html! {
                        <option value={value.clone()} selected={value == current}>{ text.clone() }</option>
                    }) }
                </select>
                { errors }
            </div>
        }
    }

    /// The source at `path`: its kind, then its words (a public source: name, link, quote).
    fn source(&self, path: &str) -> Html {
        let source = get(&self.doc, path).cloned().unwrap_or(Value::Null);
        let kind = SourceKind::of(&source).unwrap_or(SourceKind::Assumption);
        let options: Vec<(String, String)> = SourceKind::ALL
            .iter()
            .map(|k| (k.key().to_string(), k.label().to_string()))
            .collect();
        let kind_path = path.to_string();
        let picker = self.select(
            &format!("{path}.kind"),
            "Source",
            kind.key(),
            &options,
            move |key| SourceKind::from_key(key).map(|k| Edit::SourceKind(kind_path.clone(), k)),
        );
        let words = match kind {
            SourceKind::Article => {
                self.text(&format!("{path}.article"), "Quote of the article", "")
            }
            SourceKind::Implied => self.text(
                &format!("{path}.implied"),
                "How it follows from the article",
                "",
            ),
            SourceKind::Assumption => {
                self.text(&format!("{path}.assumption"), "Why this value", "")
            }
            SourceKind::Public => html! {
                <>
                    { self.text(&format!("{path}.public.name"), "Source's name", "") }
                    { self.text(&format!("{path}.public.url"), "Link (https://…)", "") }
                    { self.text(&format!("{path}.public.quote"), "What it says", "") }
                </>
            },
        };
        html! { <div class="au-source">{ picker }{ words }</div> }
    }

    /// A value with its source, as one group.
    fn sourced_number(&self, path: &str, label: &str, unit: &str, scale: f64) -> Html {
        html! {
            <div class="au-sourced" role="group" aria-label={label.to_string()}>
                { self.number(&format!("{path}.value"), label, unit, scale) }
                { self.source(&format!("{path}.source")) }
            </div>
        }
    }

    fn button(&self, label: &str, edit: Edit, enabled: bool) -> Html {
        let onclick = {
            let cb = self.edit.clone();
            Callback::from(move |_: MouseEvent| cb.emit(edit.clone()))
        };
        html! {
            <button type="button" class="au-button" {onclick} disabled={!enabled}>{ label }</button>
        }
    }

    /// Clients as choices: (id, name), optionally only those in the base case that are
    /// customers.
    fn client_options(&self, base_case_customers: bool) -> Vec<(String, String)> {
        self.draft
            .draft
            .story()
            .clients
            .iter()
            .filter(|c| !base_case_customers || (c.in_base_case && !c.own_product))
            .map(|c| (c.id.to_string(), format!("{} (id {})", c.name.value, c.id)))
            .collect()
    }
}

/// A range message in percent for the percentage field at `path`.
fn percent_message(path: &str, value: Option<f64>) -> String {
    let name = path.rsplit('.').nth(1).unwrap_or_default();
    let range = inputs::from_key(name).map_or((0.0, 1.0), InputName::range);
    let pct = |v: f64| format!("{}%", crate::draft::display_number(v, 100.0));
    format!(
        "must be between {} and {}, got {}",
        pct(range.0),
        pct(range.1),
        value.map_or_else(|| "nothing".to_string(), pct)
    )
}

/// The problems by path.
fn issues_by_path(issues: &[StoryIssue]) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for issue in issues {
        map.entry(issue.path.clone())
            .or_default()
            .push(issue.message.clone());
    }
    map
}

fn section(title: &str, id: &str, body: Html) -> Html {
    html! {
        <section class="au-section" aria-labelledby={id.to_string()}>
            <h2 id={id.to_string()}>{ title }</h2>
            { body }
        </section>
    }
}

fn story_section(ctx: &Ctx) -> Html {
    let s = ctx.draft.draft.story();
    let has_source = s.source.is_some();
    let toggle = {
        let edit = ctx.edit.clone();
        Callback::from(move |e: Event| {
            let value = if event_checked(&e) {
                json!({ "name": "", "date": "", "url": "" })
            } else {
                Value::Null
            };
            edit.emit(Edit::Set("source".to_string(), value));
        })
    };
    html! {
        <>
            { ctx.text("question", "Question (the widget's heading)", "How much of Northwind's revenue is Contoso?") }
            { ctx.text("company", "Company", "Whose revenue it is: \"Northwind\"") }
            { ctx.text("business", "Business (as a share is \"of\" it)", "\"chip revenue\"") }
            { ctx.text("title", "Title of the base case", "") }
            { ctx.text("id", "Story id (lower-case letters, digits, hyphens)", "Links record it; the file is named after it.") }
            <div class="au-field au-check">
                <input id="au-source-on" type="checkbox" checked={has_source} onchange={toggle} />
                <label for="au-source-on">{ "The story tells an article" }</label>
            </div>
            if has_source {
                <div class="au-group" role="group" aria-label="Source article">
                    { ctx.text("source.name", "Article's name", "") }
                    { ctx.text("source.date", "Date", "\"March 2025\"") }
                    { ctx.text("source.url", "Link (https://…, or empty)", "") }
                </div>
            }
        </>
    }
}

fn numbers_section(ctx: &Ctx) -> Html {
    let s = ctx.draft.draft.story();
    let optional = |path: &'static str, label: &'static str, on: bool, value: Value| {
        let edit = ctx.edit.clone();
        let onchange = Callback::from(move |e: Event| {
            let next = if event_checked(&e) {
                value.clone()
            } else {
                Value::Null
            };
            edit.emit(Edit::Set(path.to_string(), next));
        });
        let id = format!("au-{path}-on");
        html! {
            <div class="au-field au-check">
                <input id={id.clone()} type="checkbox" checked={on} {onchange} />
                <label for={id}>{ label }</label>
            </div>
        }
    };
    let todo = json!({ "assumption": "not sourced yet: say where this comes from" });
    html! {
        <>
            { ctx.text("currency", "Currency (three letters)", "Money is in millions of it: 20 is 20M.") }
            <div class="au-sourced" role="group" aria-label="Start month">
                { ctx.text("start.value", "Start month (YYYY-MM)", "Month 0 of the projection.") }
                { ctx.source("start.source") }
            </div>
            { ctx.number("horizon_months", "Horizon", "months (12–120)", 1.0) }
            { ctx.sourced_number("target.annual_revenue_musd", "Target annual revenue", "M a year", 1.0) }
            { ctx.text("target.phrase", "How the answer says reaching it", "With {target} for the amount: \"a {target} year\"") }
            { optional("company_annual_revenue_musd", "The story knows the whole company's revenue",
                s.company_annual_revenue_musd.is_some(), json!({ "value": 1000, "source": todo })) }
            if s.company_annual_revenue_musd.is_some() {
                { ctx.sourced_number("company_annual_revenue_musd", "Whole company's annual revenue", "M a year", 1.0) }
            }
            { ctx.sourced_number("market_expected_growth", "Growth the market expects", "% a year", 100.0) }
            { ctx.sourced_number("growth_correlation", "How much clients' growth moves together", "0 to 1", 1.0) }
            { optional("reported_growth", "The story reports a growth figure",
                s.reported_growth.is_some(), json!({ "value": 0.1, "period": "in the quarter", "source": todo })) }
            if s.reported_growth.is_some() {
                <div class="au-sourced" role="group" aria-label="Reported growth">
                    { ctx.number("reported_growth.value", "Reported growth", "%", 100.0) }
                    { ctx.text("reported_growth.period", "Period", "\"in the quarter\"") }
                    { ctx.source("reported_growth.source") }
                </div>
            }
            <details class="au-more">
                <summary>{ "Simulation settings" }</summary>
                { ctx.number("simulation.runs", "Monte Carlo runs", "100–100,000", 1.0) }
                { ctx.number("simulation.seed", "Seed", "", 1.0) }
            </details>
        </>
    }
}

fn clients_section(ctx: &Ctx) -> Html {
    let s = ctx.draft.draft.story();
    let n = s.clients.len();
    let headline = s.headline_client.to_string();
    let departure = s.departure.client.to_string();
    let customers = ctx.client_options(true);
    html! {
        <>
            { ctx.select("headline_client", "Headline client (the one the story is about)", &headline, &customers,
                |v| v.parse::<u32>().ok().map(|id| Edit::Set("headline_client".into(), json!(id)))) }
            { for s.clients.iter().enumerate().map(|(i, c)| {
                let p = format!("clients[{i}]");
                html! {
                    <details class="au-client" key={c.id} open={i == 0}>
                        <summary>{ format!("{} (id {})", c.name.value, c.id) }
                            if !c.in_base_case { <span class="au-tag">{ " · not in the base case" }</span> }
                        </summary>
                        <div class="au-sourced" role="group" aria-label="Name">
                            { ctx.text(&format!("{p}.name.value"), "Name", "Running text drops a parenthesis: \"Acme (Parent)\" reads \"Acme\".") }
                            { ctx.source(&format!("{p}.name.source")) }
                        </div>
                        { ctx.checkbox(&format!("{p}.in_base_case"), "In the base case (otherwise only a preset or a lever brings it in)") }
                        { ctx.checkbox(&format!("{p}.own_product"), "The business's own product (no customer; never leaves)") }
                        { for c.numbers().into_iter().map(|(field, name, _)| client_number(ctx, &p, field, name)) }
                        { ctx.button("Remove this client", Edit::RemoveClient(i), n > 1) }
                    </details>
                }
            }) }
            { ctx.button("Add a client", Edit::AddClient, n < MAX_STORY_CLIENTS) }
            <div class="au-group" role="group" aria-label="Departure">
                <p class="au-hint">{ "The stress test starts with this client leaving in this month." }</p>
                { ctx.select("departure.client", "Client that leaves", &departure, &customers,
                    |v| v.parse::<u32>().ok().map(|id| Edit::Set("departure.client".into(), json!(id)))) }
                { ctx.number("departure.month", "Month it leaves", "months from the start", 1.0) }
            </div>
        </>
    }
}

fn client_number(ctx: &Ctx, prefix: &str, field: ClientField, name: &str) -> Html {
    let spec = field.spec();
    let mut label = spec.label.to_string();
    if let Some(first) = label.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    ctx.sourced_number(
        &format!("{prefix}.{name}"),
        &label,
        spec.unit_text,
        spec.scale,
    )
}

fn input_options(only_client: Option<bool>) -> Vec<(String, String)> {
    inputs::ALL
        .into_iter()
        .filter(|i| only_client.is_none_or(|c| inputs::is_client_input(*i) == c))
        .map(|i| (inputs::key(i), inputs::label(i)))
        .collect()
}

fn levers_section(ctx: &Ctx) -> Html {
    let s = ctx.draft.draft.story();
    let mut clients = vec![("headline".to_string(), "The headline client".to_string())];
    clients.extend(ctx.client_options(false));
    html! {
        <>
            <p class="au-hint">{ "The sliders under the answer, each with its response curve. {client} in a label stands for the client's name." }</p>
            { for s.levers.iter().enumerate().map(|(i, l)| {
                let p = format!("levers[{i}]");
                let scale = inputs::scale(l.input);
                let current_client = match &l.client {
                    Some(ClientRef::Id(id)) => id.to_string(),
                    Some(ClientRef::Named(w)) => w.clone(),
                    None => String::new(),
                };
                let client_path = format!("{p}.client");
                let (range_errors, _) = ctx.errors(&format!("{p}.range"), 1.0);
                html! {
                    <fieldset class="au-item" key={format!("{i}-{}", l.id)}>
                        <legend>{ format!("Lever {}", i + 1) }</legend>
                        { ctx.text(&format!("{p}.label"), "Label", "\"Chance {client} leaves within a year\"") }
                        { ctx.select(&format!("{p}.input"), "Input it moves", &inputs::key(l.input), &input_options(None),
                            move |v| inputs::from_key(v).map(|input| Edit::LeverInput(i, input))) }
                        if inputs::is_client_input(l.input) {
                            { ctx.select(&client_path, "Client", &current_client, &clients, {
                                let path = client_path.clone();
                                move |v| Some(Edit::Set(path.clone(), v.parse::<u32>().map_or_else(|_| json!(v), |id| json!(id))))
                            }) }
                        }
                        <div class="au-range">
                            { ctx.number(&format!("{p}.range[0]"), "From", inputs::spec(l.input).map_or("", |s| s.unit_text), scale) }
                            { ctx.number(&format!("{p}.range[1]"), "To", inputs::spec(l.input).map_or("", |s| s.unit_text), scale) }
                        </div>
                        { range_errors }
                        { ctx.text(&format!("{p}.id"), "Id", "Lower-case letters, digits, hyphens.") }
                        { ctx.button("Remove this lever", Edit::RemoveLever(i), true) }
                    </fieldset>
                }
            }) }
            { ctx.button("Add a lever", Edit::AddLever, s.levers.len() < MAX_LEVERS) }
        </>
    }
}

fn presets_section(ctx: &Ctx) -> Html {
    let s = ctx.draft.draft.story();
    let n = s.presets.len();
    let clients = ctx.client_options(false);
    let kinds: Vec<(String, String)> = ChangeKind::ALL
        .iter()
        .map(|k| (k.key().to_string(), k.label().to_string()))
        .collect();
    html! {
        <>
            <p class="au-hint">{ "Ready-made scenarios as buttons. The first is the base case and changes nothing." }</p>
            { for s.presets.iter().enumerate().map(|(i, preset)| {
                let p = format!("presets[{i}]");
                let (change_errors, _) = ctx.errors(&format!("{p}.changes"), 1.0);
                html! {
                    <fieldset class="au-item" key={format!("{i}-{}", preset.id)}>
                        <legend>{ if i == 0 { "Preset 1: the base case".to_string() } else { format!("Preset {}", i + 1) } }</legend>
                        { ctx.text(&format!("{p}.label"), "Button's label", "") }
                        { ctx.text(&format!("{p}.description"), "What it assumes, in one sentence", "") }
                        { ctx.text(&format!("{p}.id"), "Id (in links: ?preset=…)", "") }
                        { for preset.changes.iter().enumerate().map(|(j, change)| {
                            let c = format!("{p}.changes[{j}]");
                            let kind = ChangeKind::of(change);
                            let (errors, _) = ctx.errors(&c, 1.0);
                            let body = match kind {
                                ChangeKind::Add | ChangeKind::Remove => {
                                    let key = if kind == ChangeKind::Add { "add" } else { "remove" };
                                    let path = format!("{c}.{key}");
                                    let current = change.add.or(change.remove).unwrap_or_default().to_string();
                                    let set_path = path.clone();
                                    ctx.select(&path, "Client", &current, &clients,
                                        move |v| v.parse::<u32>().ok().map(|id| Edit::Set(set_path.clone(), json!(id))))
                                }
                                ChangeKind::Client | ChangeKind::Scenario => {
                                    let input = change.input.unwrap_or(InputName::AnnualLeaveProbability);
                                    let client_path = format!("{c}.client");
                                    let current = change.client.unwrap_or_default().to_string();
                                    html! {
                                        <>
                                            if kind == ChangeKind::Client {
                                                { ctx.select(&client_path, "Client", &current, &clients, {
                                                    let path = client_path.clone();
                                                    move |v| v.parse::<u32>().ok().map(|id| Edit::Set(path.clone(), json!(id)))
                                                }) }
                                            }
                                            { ctx.select(&format!("{c}.input"), "Input", &inputs::key(input),
                                                &input_options(Some(kind == ChangeKind::Client)),
                                                move |v| inputs::from_key(v).map(|input| Edit::ChangeInput(i, j, input))) }
                                            { ctx.number(&format!("{c}.value"), "Value", inputs::spec(input).map_or("", |s| s.unit_text), inputs::scale(input)) }
                                        </>
                                    }
                                }
                            };
                            html! {
                                <div class="au-change" role="group" aria-label={format!("Change {}", j + 1)}>
                                    { ctx.select(&format!("{c}.kind"), &format!("Change {}", j + 1), kind.key(), &kinds,
                                        move |v| ChangeKind::from_key(v).map(|k| Edit::ChangeKind(i, j, k))) }
                                    { body }
                                    { errors }
                                    { ctx.button("Remove this change", Edit::RemoveChange(i, j), true) }
                                </div>
                            }
                        }) }
                        { change_errors }
                        if i > 0 { { ctx.button("Add a change", Edit::AddChange(i), true) } }
                        { ctx.button("Remove this preset", Edit::RemovePreset(i), n > 1) }
                    </fieldset>
                }
            }) }
            { ctx.button("Add a preset", Edit::AddPreset, n < MAX_PRESETS) }
        </>
    }
}

fn table_section(ctx: &Ctx) -> Html {
    let s = ctx.draft.draft.story();
    let figures: Vec<(String, String)> = [
        (
            TableFigure::HeadlineMonthlySpend,
            "the headline client's monthly spend and share",
        ),
        (
            TableFigure::HeadlineAnnualSpend,
            "the headline client's spend over a year and share",
        ),
        (TableFigure::AnnualRunRate, "the business's annual run-rate"),
    ]
    .into_iter()
    .map(|(f, label)| {
        let key = serde_json::to_value(f)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        (key, label.to_string())
    })
    .collect();
    html! {
        <>
            <p class="au-hint">{ "The article's figures, each beside the model's figure that recomputes it. {client} and {client's} stand for the headline client." }</p>
            { for s.table.iter().enumerate().map(|(i, row)| {
                let p = format!("table[{i}]");
                let current = serde_json::to_value(row.figure).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                let figure_path = format!("{p}.figure");
                html! {
                    <fieldset class="au-item" key={i}>
                        <legend>{ format!("Row {}", i + 1) }</legend>
                        { ctx.text(&format!("{p}.metric"), "Metric", "\"{client's} monthly spend\"") }
                        { ctx.select(&figure_path, "Model figure", &current, &figures, {
                            let path = figure_path.clone();
                            move |v| Some(Edit::Set(path.clone(), json!(v)))
                        }) }
                        { ctx.text(&format!("{p}.article_value"), "Value as the article says it", "\"$1.8 billion a year\"") }
                        { ctx.text(&format!("{p}.article_contribution"), "Contribution as the article says it", "\"a third of chip revenue\"") }
                        { ctx.button("Remove this row", Edit::RemoveRow(i), true) }
                    </fieldset>
                }
            }) }
            { ctx.button("Add a row", Edit::AddRow, s.table.len() < MAX_TABLE_ROWS) }
        </>
    }
}

/// The problems, each linking to its field.
fn summary(issues: &[StoryIssue]) -> Html {
    if issues.is_empty() {
        return html! {
            <p class="au-ok" id="au-problems">{ "No problems: readers see the story as in the preview." }</p>
        };
    }
    html! {
        <div class="au-problems" id="au-problems">
            <p>{ format!("{} {} to fix before readers can see this version (the preview shows the last version without problems):",
                issues.len(), if issues.len() == 1 { "problem" } else { "problems" }) }</p>
            <ul>
                { for issues.iter().take(20).map(|i| html! {
                    <li><a href={format!("#{}", field_id(&i.path))}>{ i.path.clone() }</a>{ format!(": {}", i.message) }</li>
                }) }
            </ul>
        </div>
    }
}

/// The author page, starting from the article's story.
#[component]
pub fn App() -> Html {
    // The shipped story is checked by the native tests; this only keeps the page honest.
    match open_story(ARTICLE) {
        Ok(story) => html! { <Editor start={story} /> },
        Err(e) => {
            html! { <p class="au-error">{ format!("The built-in story could not be read: {e}") }</p> }
        }
    }
}

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The story the form starts with.
    pub start: StoryFile,
}

/// The form, the buttons and the preview.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let state = use_reducer(|| AuthorState {
        draft: Draft::new(props.start.clone()),
        replaced: None,
    });
    let notice = use_state(String::new);
    // The link fragment of the last story without problems, and for which revision.
    let preview = use_state(|| None::<String>);
    let timer = use_mut_ref(|| None::<Timeout>);
    let issues = state.draft.issues();
    let valid_text = issues
        .is_empty()
        .then(|| story_link_text(state.draft.story()));

    {
        let preview = preview.clone();
        let timer = timer.clone();
        use_effect_with(valid_text.clone(), move |text| {
            if let Some(text) = text.clone() {
                let first = preview.is_none();
                let run = move || {
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Some(fragment) = platform::encode_story(&text).await {
                            preview.set(Some(fragment));
                        }
                    });
                };
                if first {
                    run();
                } else {
                    *timer.borrow_mut() = Some(Timeout::new(PREVIEW_DELAY_MS, run));
                }
            }
            || ()
        });
    }

    let edit = {
        let state = state.clone();
        Callback::from(move |e: Edit| state.dispatch(e))
    };
    let ctx = Ctx {
        doc: Rc::new(state.draft.doc()),
        draft: Rc::new((*state).clone()),
        issues: Rc::new(issues_by_path(&issues)),
        edit: edit.clone(),
    };

    // The buttons encode the story as it stands, not the preview's (which waits for a pause).
    let with_link = {
        let notice = notice.clone();
        let text = valid_text.clone();
        move |then: Rc<dyn Fn(String)>| {
            let notice = notice.clone();
            let text = text.clone();
            Callback::from(move |_: MouseEvent| {
                let Some(text) = text.clone() else {
                    notice.set(
                        "Fix the problems listed above first: readers would see the default story."
                            .into(),
                    );
                    return;
                };
                let then = then.clone();
                let notice = notice.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match platform::encode_story(&text).await {
                        Some(fragment) => then(fragment),
                        None => {
                            notice.set("This browser cannot compress the story for a link.".into())
                        }
                    }
                });
            })
        }
    };
    let copy = {
        let notice = notice.clone();
        move |text: String, what: &'static str| {
            let notice = notice.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if platform::copy_text(&text).await {
                    notice.set(format!("{what} copied."));
                } else {
                    notice.set(format!(
                        "{what} could not be copied here; select it below and copy it."
                    ));
                }
            });
        }
    };
    let last_copied = use_state(String::new);
    let on_copy_link = {
        let copy = copy.clone();
        let shown = last_copied.clone();
        with_link(Rc::new(move |fragment: String| {
            let link = reader_link(&platform::page_folder(), &fragment);
            shown.set(link.clone());
            copy(link, "The reader's link");
        }))
    };
    let on_copy_embed = {
        let copy = copy.clone();
        let shown = last_copied.clone();
        let story = state.draft.story().clone();
        with_link(Rc::new(move |fragment: String| {
            let code = embed_code(&platform::page_folder(), &fragment, &story);
            shown.set(code.clone());
            copy(code, "The embed code");
        }))
    };
    let on_download = {
        let notice = notice.clone();
        let story = state.draft.story().clone();
        let problems = issues.len();
        Callback::from(move |_: MouseEvent| {
            let name = format!(
                "{}.json",
                if story.id.is_empty() {
                    "story"
                } else {
                    &story.id
                }
            );
            if platform::download_text(&name, "application/json", &story_file_text(&story)) {
                notice.set(if problems == 0 {
                    format!("{name} downloaded.")
                } else {
                    format!("{name} downloaded, with {problems} problems still to fix.")
                });
            } else {
                notice.set("The story could not be downloaded here.".into());
            }
        })
    };
    let on_open = {
        let notice = notice.clone();
        let edit = edit.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let notice = notice.clone();
            let edit = edit.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match platform::read_file(file).await {
                    Err(message) => notice.set(format!("{message}.")),
                    Ok(text) => match open_story(&text) {
                        Ok(story) => {
                            edit.emit(Edit::Replace(Box::new(story)));
                            notice.set("Story opened.".into());
                        }
                        Err(e) => notice.set(format!("The file was not opened: {e}")),
                    },
                }
            });
        })
    };

    let starts = starting_stories();
    html! {
        <div class="au-page">
            <header class="au-header">
                <h1>{ "Make your own story" }</h1>
                <p>{ "Tell any company's customer-concentration story with the revenue model: fill in the form, watch the widget beside it, then copy the link or the embed code. Nothing leaves your browser." }</p>
            </header>
            <div class="au-layout">
                <div class="au-form">
                    <section class="au-section" aria-labelledby="au-start">
                        <h2 id="au-start">{ "Start" }</h2>
                        <div class="au-buttons">
                            { for starts.into_iter().map(|(name, story)| {
                                let edit = edit.clone();
                                let notice = notice.clone();
                                let onclick = Callback::from(move |_: MouseEvent| {
                                    edit.emit(Edit::Replace(Box::new(story.clone())));
                                    notice.set(format!("Started from {name}."));
                                });
                                html! { <button type="button" class="au-button" {onclick}>{ format!("Start from {name}") }</button> }
                            }) }
                            <label class="au-button au-file">
                                { "Open a story file…" }
                                <input type="file" accept=".json,application/json" class="au-file-input" onchange={on_open} />
                            </label>
                            if state.replaced.is_some() {
                                { ctx.button("Back to the story before", Edit::Restore, true) }
                            }
                        </div>
                    </section>
                    { summary(&issues) }
                    { section("The story", "au-h-story", story_section(&ctx)) }
                    { section("Time, target and the business", "au-h-numbers", numbers_section(&ctx)) }
                    { section("Clients", "au-h-clients", clients_section(&ctx)) }
                    { section("Key levers", "au-h-levers", levers_section(&ctx)) }
                    { section("Presets", "au-h-presets", presets_section(&ctx)) }
                    { section("The article's table", "au-h-table", table_section(&ctx)) }
                </div>
                <aside class="au-side" aria-label="Preview and sharing">
                    <div class="au-actions" role="group" aria-label="Share the story">
                        <button type="button" class="au-button au-primary" onclick={on_copy_link}>{ "Copy link" }</button>
                        <button type="button" class="au-button" onclick={on_copy_embed}>{ "Copy embed code" }</button>
                        <button type="button" class="au-button" onclick={on_download}>{ "Download story" }</button>
                    </div>
                    <p class="au-notice" role="status" aria-live="polite">{ (*notice).clone() }</p>
                    if !last_copied.is_empty() {
                        <div class="au-field">
                            <label for="au-copied">{ "Copied (select it to copy by hand)" }</label>
                            <textarea id="au-copied" class="au-copied" readonly=true rows="4" value={(*last_copied).clone()} />
                        </div>
                    }
                    if let Some(fragment) = (*preview).clone() {
                        <iframe key={fragment.clone()} class="au-preview" title="Preview: the widget as readers will see it"
                            src={format!("./index.html#story={fragment}")} />
                    } else {
                        <p class="au-hint">{ "The preview appears once the story has no problems." }</p>
                    }
                </aside>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_starting_stories_read_without_problems() {
        let starts = starting_stories();
        assert_eq!(starts.len(), 2);
        for (name, story) in starts {
            assert_eq!(Draft::new(story).issues(), [], "{name}");
        }
    }
}
