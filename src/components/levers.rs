//! The story's key levers, first after the answer and its chart: how much TikTok
//! spends, the chance ByteDance leaves in a year and how much of its spend it keeps,
//! how fast the other clients grow, and how big the new corporate clients get.

use crate::components::number_slider::NumberSlider;
use crate::state::Action;
use revenue_model::presets::{NEW_CLIENTS_ID, OTHERS_ID};
use revenue_model::provenance::client_provenance;
use revenue_model::scenario::ClientField;
use revenue_model::validate::{FieldPath, ValidationErrors};
use revenue_model::Scenario;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Levers`].
#[derive(Properties, PartialEq)]
pub struct LeversProps {
    /// The scenario as entered.
    pub scenario: Scenario,
    /// Its problems, if any.
    pub errors: Option<Rc<ValidationErrors>>,
    /// Sends changes to the state.
    pub dispatch: Callback<Action>,
}

/// "TikTok (ByteDance)" → "TikTok".
fn short(name: &str) -> String {
    name.split(" (").next().unwrap_or(name).trim().to_string()
}

/// The key levers, each a labelled slider with its value, unit and source.
#[component]
pub fn Levers(props: &LeversProps) -> Html {
    let s = &props.scenario;
    let error_of = |index: usize, field: ClientField| {
        props
            .errors
            .as_ref()
            .and_then(|e| e.for_field(FieldPath::Client(index, field)))
            .map(|m| AttrValue::from(m.to_string()))
    };
    let lever = |index: usize, field: ClientField, label: String, id: &str| {
        let Some(client) = s.clients.get(index) else {
            return Html::default();
        };
        let spec = field.spec();
        let scale = spec.scale;
        let dispatch = props.dispatch.clone();
        let on_change = Callback::from(move |shown: f64| {
            dispatch.emit(Action::SetClientField {
                client: index,
                field,
                value: shown / scale,
            })
        });
        html! {
            <NumberSlider
                id={format!("rm-lever-{id}")}
                {label}
                unit={spec.unit_text}
                value={field.value(client) * scale}
                min={spec.slider.0}
                max={spec.slider.1}
                step={spec.step}
                error={error_of(index, field)}
                source={Some(client_provenance(client, field))}
                {on_change}
            />
        }
    };
    let headline = s.headline_client();
    let others = s.index_of(OTHERS_ID);
    let new_index = s.index_of(NEW_CLIENTS_ID);
    let name = headline
        .and_then(|i| s.clients.get(i))
        .map_or_else(String::new, |c| short(&c.name));
    let new_spend = new_index
        .and_then(|i| s.clients.get(i))
        .map_or(0.0, |c| c.monthly_spend_musd);
    let on_new = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |v: f64| dispatch.emit(Action::SetNewClients(v)))
    };
    html! {
        <section class="rm-levers" aria-label="Key levers">
            if let Some(h) = headline {
                { lever(h, ClientField::MonthlySpend, format!("{name} monthly spend"), "spend") }
                { lever(h, ClientField::AnnualLeaveProbability, format!("Chance {name} leaves within a year"), "leave") }
                { lever(h, ClientField::KeptShare, format!("Share {name} keeps if it leaves"), "kept") }
            }
            if let Some(o) = others {
                { lever(o, ClientField::AnnualGrowth, "Other clients' growth".to_string(), "growth") }
            }
            <NumberSlider
                id="rm-lever-new"
                label="New corporate clients (Walmart, Intuit, switchers from Google and Amazon)"
                unit="$M a month"
                value={new_spend}
                min={0.0}
                max={100.0}
                step={1.0}
                error={new_index.and_then(|i| error_of(i, ClientField::MonthlySpend))}
                source={new_index.and_then(|i| s.clients.get(i)).map(|c| client_provenance(c, ClientField::MonthlySpend))}
                on_change={on_new}
            />
        </section>
    }
}
