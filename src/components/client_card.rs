//! One client's card: every input as a slider with a number field, its source tag
//! (the article's figure or an assumption) and a reset, plus rename and remove.

use crate::components::number_slider::NumberSlider;
use crate::state::Action;
use revenue_model::format::{fmt_musd, fmt_number, fmt_pct};
use revenue_model::presets::{article_client_value, client_source, default_client_value};
use revenue_model::scenario::ClientField;
use revenue_model::validate::{FieldPath, ValidationErrors};
use revenue_model::Client;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// How a field is shown: display unit, slider range and step, and the factor from
/// the model's value to the displayed one (100 for percentages).
struct FieldView {
    unit: &'static str,
    min: f64,
    max: f64,
    step: f64,
    scale: f64,
}

fn view_of(field: ClientField, horizon: u32) -> FieldView {
    match field {
        ClientField::MonthlySpend => FieldView {
            unit: "$M a month",
            min: 0.0,
            max: 200.0,
            step: 1.0,
            scale: 1.0,
        },
        ClientField::AnnualGrowth => FieldView {
            unit: "% a year",
            min: -50.0,
            max: 150.0,
            step: 1.0,
            scale: 100.0,
        },
        ClientField::GrowthVolatility => FieldView {
            unit: "% a year (σ)",
            min: 0.0,
            max: 100.0,
            step: 1.0,
            scale: 100.0,
        },
        ClientField::FirstMonth => FieldView {
            unit: "months from start",
            min: 0.0,
            max: f64::from(horizon.max(1)),
            step: 1.0,
            scale: 1.0,
        },
        ClientField::RampMonths => FieldView {
            unit: "months",
            min: 0.0,
            max: 36.0,
            step: 1.0,
            scale: 1.0,
        },
        ClientField::AnnualLeaveProbability => FieldView {
            unit: "% a year",
            min: 0.0,
            max: 100.0,
            step: 1.0,
            scale: 100.0,
        },
        ClientField::WindDownMonths => FieldView {
            unit: "months",
            min: 0.0,
            max: 24.0,
            step: 1.0,
            scale: 1.0,
        },
        ClientField::Customers => FieldView {
            unit: "customers",
            min: 1.0,
            max: 1000.0,
            step: 1.0,
            scale: 1.0,
        },
        ClientField::Name => FieldView {
            unit: "",
            min: 0.0,
            max: 0.0,
            step: 1.0,
            scale: 1.0,
        },
    }
}

fn describe_value(field: ClientField, value: f64) -> String {
    match field {
        ClientField::MonthlySpend => fmt_musd(value),
        ClientField::AnnualGrowth
        | ClientField::GrowthVolatility
        | ClientField::AnnualLeaveProbability => fmt_pct(value),
        _ => fmt_number(value),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// Props of [`ClientCard`].
#[derive(Properties, PartialEq)]
pub struct ClientCardProps {
    /// The client's position in the scenario.
    pub index: usize,
    /// The client as entered.
    pub client: Client,
    /// The scenario's horizon (the first month's slider stops there).
    pub horizon: u32,
    /// Whether the remove button is offered (a scenario keeps at least one client).
    pub removable: bool,
    /// The scenario's problems, if any.
    pub errors: Option<Rc<ValidationErrors>>,
    /// Sends changes to the state.
    pub dispatch: Callback<Action>,
}

/// A client's card.
#[component]
pub fn ClientCard(props: &ClientCardProps) -> Html {
    let index = props.index;
    let client = &props.client;
    let name = client.name.trim().to_string();
    let shown_name = if name.is_empty() {
        format!("Client {}", index + 1)
    } else {
        name.clone()
    };
    let error_of = |field| {
        props
            .errors
            .as_ref()
            .and_then(|e| e.for_field(FieldPath::Client(index, field)))
            .map(|m| AttrValue::from(m.to_string()))
    };
    let on_rename = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            dispatch.emit(Action::RenameClient {
                client: index,
                name: input.value(),
            });
        })
    };
    let on_remove = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::RemoveClient(index)))
    };
    let id = format!("rm-client-{index}");
    let fields = ClientField::ALL
        .iter()
        .copied()
        .filter(|f| *f != ClientField::Name)
        .map(|field| {
            let view = view_of(field, props.horizon);
            let scale = view.scale;
            let on_change = {
                let dispatch = props.dispatch.clone();
                Callback::from(move |shown: f64| {
                    dispatch.emit(Action::SetClientField {
                        client: index,
                        field,
                        value: shown / scale,
                    })
                })
            };
            let reset = article_client_value(client, field)
                .map(|v| (v, "the article's"))
                .or_else(|| default_client_value(client, field).map(|v| (v, "the base case's")))
                .filter(|(v, _)| (*v - field.value(client)).abs() > 1e-12)
                .map(|(v, whose)| {
                    let dispatch = props.dispatch.clone();
                    let label = AttrValue::from(format!(
                        "Reset {shown_name}'s {} to {whose} {}",
                        field.label(),
                        describe_value(field, v)
                    ));
                    (
                        label,
                        Callback::from(move |_| {
                            dispatch.emit(Action::SetClientField {
                                client: index,
                                field,
                                value: v,
                            })
                        }),
                    )
                });
            html! {
                <NumberSlider
                    key={field.label()}
                    id={format!("{id}-{}", field.label().replace(' ', "-"))}
                    label={format!("{shown_name} {}", field.label())}
                    unit={view.unit}
                    value={field.value(client) * scale}
                    min={view.min}
                    max={view.max}
                    step={view.step}
                    error={error_of(field)}
                    source={Some(client_source(client, field))}
                    {reset}
                    {on_change}
                />
            }
        });
    let name_error = error_of(ClientField::Name);
    html! {
        <details class="rm-card" open={index == 0}>
            <summary class="rm-card-title">
                { format!("{shown_name}: {} a month", fmt_musd(client.monthly_spend_musd)) }
                if props.errors.as_ref().is_some_and(|e| e.0.iter().any(|x| matches!(x.field, FieldPath::Client(i, _) if i == index))) {
                    <span class="rm-tag rm-tag-error">{ "needs fixing" }</span>
                }
            </summary>
            <div class="rm-field">
                <label class="rm-label" for={format!("{id}-name")}>{ "Name" }</label>
                <div class="rm-inputs">
                    <input
                        type="text"
                        class="rm-text"
                        id={format!("{id}-name")}
                        value={client.name.clone()}
                        maxlength="80"
                        aria-invalid={name_error.is_some().to_string()}
                        oninput={on_rename}
                    />
                    if props.removable {
                        <button type="button" class="rm-button" onclick={on_remove} aria-label={format!("Remove {shown_name}")}>
                            { "Remove" }
                        </button>
                    }
                </div>
                if let Some(message) = name_error {
                    <p class="rm-error" role="alert">{ message }</p>
                }
            </div>
            { for fields }
            <p class="rm-hint">{ format!("{} stands for {} equal customer{} in the concentration measures.",
                capitalised(&shown_name), fmt_number(f64::from(client.customers)), if client.customers == 1 { "" } else { "s" }) }</p>
        </details>
    }
}
