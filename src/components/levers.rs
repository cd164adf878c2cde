//! The story's key levers, first after the answer and its chart: how much TikTok
//! spends, the chance ByteDance leaves in a year and how much of its spend it keeps,
//! how fast the other clients grow, and how big the new corporate clients get. Each
//! has a small response curve beside it: the chance of reaching the target across the
//! lever's whole range (computed in the worker), faded while it is being recomputed.

use crate::components::chart::{Chart, ChartData};
use crate::components::number_slider::NumberSlider;
use crate::state::Action;
use revenue_model::levers::{Curve, Lever};
use revenue_model::provenance::client_provenance;
use revenue_model::story::{lever_label, lever_phrase};
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
    /// The levers' response curves, when computed, and whether they are for an older scenario.
    pub curves: Option<(Rc<Vec<Curve>>, bool)>,
    /// Dark theme for the curves.
    pub dark: bool,
    /// Sends changes to the state.
    pub dispatch: Callback<Action>,
}

/// The key levers, each a labelled slider with its value, unit, source and curve.
#[component]
pub fn Levers(props: &LeversProps) -> Html {
    let s = &props.scenario;
    let name = s
        .headline_client()
        .and_then(|i| s.clients.get(i))
        .map_or_else(String::new, |c| {
            crate::components::results::short_name(&c.name)
        });
    let items = Lever::ALL
        .iter()
        .copied()
        .filter(|l| l.applies(s))
        .map(|lever| {
            let field = lever.field();
            let spec = field.spec();
            let scale = spec.scale;
            let index = lever.client(s);
            let client = index.and_then(|i| s.clients.get(i));
            let on_change = {
                let dispatch = props.dispatch.clone();
                Callback::from(move |shown: f64| {
                    let value = shown / scale;
                    dispatch.emit(match (lever, index) {
                        (Lever::NewClients, _) | (_, None) => Action::SetNewClients(value),
                        (_, Some(client)) => Action::SetClientField {
                            client,
                            field,
                            value,
                        },
                    })
                })
            };
            let (lo, hi) = lever.range();
            let label = lever_label(lever, &name);
            let curve = props.curves.as_ref().and_then(|(curves, stale)| {
                curves
                    .iter()
                    .find(|c| c.lever == lever)
                    .map(|c| (Rc::new(c.clone()), *stale))
            });
            let error = index.and_then(|i| {
                props
                    .errors
                    .as_ref()
                    .and_then(|e| e.for_field(FieldPath::Client(i, field)))
                    .map(|m| AttrValue::from(m.to_string()))
            });
            html! {
                <div class="rm-lever" key={format!("{lever:?}")}>
                    <NumberSlider
                        id={format!("rm-lever-{}", format!("{lever:?}").to_ascii_lowercase())}
                        label={label.clone()}
                        unit={spec.unit_text}
                        value={lever.value(s) * scale}
                        min={lo * scale}
                        max={hi * scale}
                        step={spec.step}
                        {error}
                        source={client.map(|c| client_provenance(c, field))}
                        {on_change}
                        on_end_edit={props.dispatch.reform(|()| Action::EndEdit)}
                    />
                    if let Some((curve, stale)) = curve {
                        <Chart
                            id={format!("rm-curve-{}", format!("{lever:?}").to_ascii_lowercase())}
                            compact=true
                            data={ChartData::Response(curve, stale, lever_phrase(lever, &name))}
                            dark={props.dark}
                        />
                    }
                </div>
            }
        });
    html! {
        <section class="rm-levers" aria-label="Key levers">
            { for items }
        </section>
    }
}
