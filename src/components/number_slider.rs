//! A labelled slider with a number field beside it: dragging and typing both work,
//! the unit is shown, and an invalid entry shows its message without losing the text.

use revenue_model::provenance::{Provenance, SourceKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`NumberSlider`].
#[derive(Properties, PartialEq, Clone)]
pub struct NumberSliderProps {
    /// A unique id stem for the inputs.
    pub id: AttrValue,
    /// The label, e.g. "Acme (Holdings) monthly spend".
    pub label: AttrValue,
    /// The unit after the number field, e.g. "$M a month".
    pub unit: AttrValue,
    /// The current value (in display units).
    pub value: f64,
    /// The slider's range and step (the number field accepts any number; the model
    /// checks the range and reports).
    pub min: f64,
    /// See `min`.
    pub max: f64,
    /// See `min`.
    pub step: f64,
    /// The model's message for this input, if it is invalid.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Called with each new value.
    pub on_change: Callback<f64>,
    /// Called when an edit ends: the slider is released, the field committed or left. The
    /// values in between are one edit (one undo step).
    #[prop_or_default]
    pub on_end_edit: Callback<()>,
    /// Where the value comes from; shown as a tag with its reason.
    #[prop_or_default]
    pub source: Option<Provenance>,
    /// A reset button: its accessible label and what it does.
    #[prop_or_default]
    pub reset: Option<(AttrValue, Callback<()>)>,
}

fn show(value: f64) -> String {
    if value.is_finite() {
        let rounded = (value * 1e6).round() / 1e6;
        format!("{rounded}")
    } else {
        String::new()
    }
}

/// A slider and a number field for one value.
#[component]
pub fn NumberSlider(props: &NumberSliderProps) -> Html {
    // What the reader is typing, kept until it is a number the model accepts or the field is left.
    let draft = use_state(|| None::<String>);
    let parse_error = use_state(|| false);

    let on_slide = {
        let on_change = props.on_change.clone();
        let draft = draft.clone();
        let parse_error = parse_error.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse::<f64>() {
                draft.set(None);
                parse_error.set(false);
                on_change.emit(v);
            }
        })
    };
    let on_type = {
        let on_change = props.on_change.clone();
        let draft = draft.clone();
        let parse_error = parse_error.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            match text.trim().parse::<f64>() {
                Ok(v) if v.is_finite() => {
                    parse_error.set(false);
                    on_change.emit(v);
                }
                // The browser reports "" for text it cannot read as a number.
                _ => parse_error.set(true),
            }
            draft.set(Some(text));
        })
    };
    let on_blur = {
        let draft = draft.clone();
        let parse_error = parse_error.clone();
        Callback::from(move |_: FocusEvent| {
            if !*parse_error {
                draft.set(None);
            }
        })
    };
    // `change` comes when a drag is released, after a key moved the slider, and when a
    // typed number is committed (Enter, or leaving the field).
    let on_commit = {
        let on_end_edit = props.on_end_edit.clone();
        Callback::from(move |_: Event| on_end_edit.emit(()))
    };

    let range_id = format!("{}-range", props.id);
    let number_id = format!("{}-number", props.id);
    let error_id = format!("{}-error", props.id);
    let message = if *parse_error {
        Some(AttrValue::from(format!("{}: enter a number", props.label)))
    } else {
        props.error.clone()
    };
    let number_text = (*draft).clone().unwrap_or_else(|| show(props.value));
    let slider_value = show(props.value.clamp(props.min, props.max));
    let invalid = message.is_some();
    let tag = props.source.as_ref().map(|s| {
        let class = match s.kind {
            SourceKind::Article | SourceKind::Implied => "rm-tag rm-tag-article",
            SourceKind::Public => "rm-tag rm-tag-public",
            SourceKind::Assumption => "rm-tag rm-tag-assumption",
            SourceKind::Setting => "rm-tag rm-tag-setting",
        };
        // A story's text is shown as text; its links are web links only (checked when
        // the story is read) and open without telling the target where they came from.
        html! {
            <span class={class} title={s.note.clone()}>
                { s.kind.tag() }<span class="rm-visually-hidden">{ format!(": {}", s.note) }</span>
                if let Some(link) = s.link.clone() {
                    { " " }<a class="rm-source-link" href={link} target="_blank" rel="noopener noreferrer">{ "source" }</a>
                }
            </span>
        }
    });
    let reset = props.reset.clone().map(|(label, on_reset)| {
        let draft = draft.clone();
        let parse_error = parse_error.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            draft.set(None);
            parse_error.set(false);
            on_reset.emit(());
        });
        html! {
            <button type="button" class="rm-button rm-reset" aria-label={label.clone()} title={label} {onclick}>{ "Reset" }</button>
        }
    });
    html! {
        <div class={classes!("rm-field", invalid.then_some("rm-invalid"))}>
            <div class="rm-label-row">
                <label class="rm-label" for={range_id.clone()}>{ props.label.clone() }</label>
                { for tag }
                { for reset }
            </div>
            <div class="rm-inputs">
                <input
                    type="range"
                    id={range_id}
                    min={show(props.min)}
                    max={show(props.max)}
                    step={show(props.step)}
                    value={slider_value}
                    aria-valuetext={format!("{} {}", show(props.value), props.unit)}
                    oninput={on_slide}
                    onchange={on_commit.clone()}
                />
                <input
                    type="number"
                    id={number_id}
                    inputmode="decimal"
                    step="any"
                    aria-label={format!("{} ({})", props.label, props.unit)}
                    aria-invalid={invalid.to_string()}
                    aria-describedby={invalid.then(|| error_id.clone())}
                    value={number_text}
                    oninput={on_type}
                    onchange={on_commit}
                    onblur={on_blur}
                />
                <span class="rm-unit" aria-hidden="true">{ props.unit.clone() }</span>
            </div>
            if let Some(message) = message {
                <p class="rm-error" id={error_id} role="alert">{ message }</p>
            }
        </div>
    }
}
