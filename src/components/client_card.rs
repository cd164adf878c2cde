//! One client's card: every input as a slider with a number field, its source tag
//! (the article's figure or an assumption) and a reset, plus rename and remove.

use crate::components::number_slider::NumberSlider;
use crate::state::Action;
use revenue_model::fields::{Unit, MAX_NAME_CHARS};
use revenue_model::format::{fmt_musd, fmt_number, fmt_pct};
use revenue_model::provenance::{client_provenance, reference_value};
use revenue_model::scenario::ClientField;
use revenue_model::validate::{FieldPath, ValidationErrors};
use revenue_model::{Client, Story};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

fn describe_value(field: ClientField, value: f64) -> String {
    match field.spec().unit {
        Unit::Money => fmt_musd(value),
        Unit::Percent => fmt_pct(value),
        Unit::Months | Unit::Count | Unit::Ratio => fmt_number(value),
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
    let Some(story) = use_context::<Rc<Story>>() else {
        return html! {};
    };
    let company = story.file().company.clone();
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
    // One rename, however many keys it took, is one undo step; so is one slider edit.
    let on_end_edit = props.dispatch.reform(|()| Action::EndEdit);
    // `change` comes when the field is left after typing.
    let on_name_done = props.dispatch.reform(|_: Event| Action::EndEdit);
    let on_remove = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::RemoveClient(index)))
    };
    let id = format!("rm-client-{index}");
    let on_own = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            dispatch.emit(Action::SetOwnProduct {
                client: index,
                own: input.checked(),
            });
        })
    };
    let own = client.own_product;
    let fields = ClientField::ALL
        .iter()
        .copied()
        .filter(|f| *f != ClientField::Name)
        // An own product is no customer and never leaves: those inputs do not apply.
        .filter(|f| {
            !own || !matches!(
                f,
                ClientField::AnnualLeaveProbability
                    | ClientField::WindDownMonths
                    | ClientField::KeptShare
                    | ClientField::Customers
            )
        })
        .map(|field| {
            let view = field.spec();
            let scale = view.scale;
            let slider_max = if field == ClientField::FirstMonth {
                f64::from(props.horizon.max(1))
            } else {
                view.slider.1
            };
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
            let reset = reference_value(&story, client, field)
                .map(|v| (v, "the scenario's reference"))
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
                    unit={view.unit_text}
                    value={field.value(client) * scale}
                    min={view.slider.0}
                    max={slider_max}
                    step={view.step}
                    error={error_of(field)}
                    source={Some(client_provenance(&story, client, field))}
                    {reset}
                    {on_change}
                    on_end_edit={on_end_edit.clone()}
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
                        maxlength={MAX_NAME_CHARS.to_string()}
                        aria-invalid={name_error.is_some().to_string()}
                        oninput={on_rename}
                        onchange={on_name_done}
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
            <div class="rm-field rm-check">
                <input type="checkbox" id={format!("{id}-own")} checked={own} onchange={on_own} />
                <label class="rm-label" for={format!("{id}-own")}>{ format!("{company}'s own product (not a client)") }</label>
            </div>
            { for fields }
            if own {
                <p class="rm-hint">{ format!("{} is {company}'s own product: its revenue counts, but it is no customer, so it adds nothing to concentration and never leaves.", capitalised(&shown_name)) }</p>
            } else {
                <p class="rm-hint">{ format!("{} stands for {} equal customer{} in the concentration measures.",
                    capitalised(&shown_name), fmt_number(f64::from(client.customers)), if client.customers == 1 { "" } else { "s" }) }</p>
            }
        </details>
    }
}
