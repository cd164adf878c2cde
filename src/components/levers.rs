//! The story's key levers, first after the answer and its chart: the sliders its story
//! lists (for the article, how much the headline client spends, the chance it leaves in
//! a year and how much of its spend it keeps, how fast the other clients grow, and how
//! big the new clients get). Each has a small response curve beside it: the chance of
//! reaching the target across the lever's whole range (computed in the worker), faded
//! while it is being recomputed.

use crate::components::chart::{Chart, ChartData};
use crate::components::number_slider::NumberSlider;
use crate::state::Action;
use revenue_charts::describe_curve;
use revenue_model::levers::{Curve, LeverTarget};
use revenue_model::provenance::{client_provenance, scenario_provenance};
use revenue_model::validate::{FieldPath, ValidationErrors};
use revenue_model::{Scenario, Story};
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
    let Some(story) = use_context::<Rc<Story>>() else {
        return html! {};
    };
    let s = &props.scenario;
    let items = story
        .levers()
        .iter()
        .zip(&story.file().levers)
        .enumerate()
        .filter(|(_, (lever, _))| lever.applies(s))
        .map(|(number, (lever, spec))| {
            let Some(view) = lever.target.spec() else {
                return Html::default();
            };
            let scale = view.scale;
            let index = lever.client(s);
            let client = index.and_then(|i| s.clients.get(i));
            // The client's name as running text uses it; a lever that adds its client
            // names that client before it is added.
            let name = client
                .map(|c| c.name.clone())
                .or_else(|| lever.adds.as_ref().map(|c| c.name.clone()))
                .map(|n| crate::components::results::short_name(&n))
                .unwrap_or_default();
            let on_change = {
                let dispatch = props.dispatch.clone();
                let lever = lever.clone();
                Callback::from(move |shown: f64| {
                    let value = shown / scale;
                    dispatch.emit(match (lever.target, index) {
                        (LeverTarget::Scenario(field), _) => {
                            Action::SetScenarioField { field, value }
                        }
                        (_, Some(client)) if lever.adds.is_none() => Action::SetClientField {
                            client,
                            field: lever.client_field().unwrap_or(
                                revenue_model::scenario::ClientField::MonthlySpend,
                            ),
                            value,
                        },
                        _ => Action::SetLever(lever.clone(), value),
                    })
                })
            };
            let (lo, hi) = lever.range();
            let label = spec.label_for(&name);
            let curve = props.curves.as_ref().and_then(|(curves, stale)| {
                curves
                    .iter()
                    .find(|c| c.lever == number)
                    .map(|c| (Rc::new(c.clone()), *stale))
            });
            let path = match (lever.target, index) {
                (LeverTarget::Scenario(field), _) => Some(FieldPath::Scenario(field)),
                (_, Some(i)) => lever.client_field().map(|f| FieldPath::Client(i, f)),
                _ => None,
            };
            let error = path.and_then(|path| {
                props
                    .errors
                    .as_ref()
                    .and_then(|e| e.for_field(path))
                    .map(|m| AttrValue::from(m.to_string()))
            });
            let source = match (lever.target, client, lever.client_field()) {
                (LeverTarget::Scenario(field), _, _) => {
                    Some(scenario_provenance(&story, s, field))
                }
                (_, Some(c), Some(field)) => Some(client_provenance(&story, c, field)),
                _ => None,
            };
            let key = spec.id.clone();
            html! {
                <div class="rm-lever" key={key.clone()}>
                    <NumberSlider
                        id={format!("rm-lever-{key}")}
                        label={label.clone()}
                        unit={view.unit_text}
                        value={lever.value(s) * scale}
                        min={lo * scale}
                        max={hi * scale}
                        step={view.step}
                        {error}
                        {source}
                        {on_change}
                        on_end_edit={props.dispatch.reform(|()| Action::EndEdit)}
                    />
                    if let Some((curve, stale)) = curve {
                        <Chart
                            id={format!("rm-curve-{key}")}
                            compact=true
                            label={format!("How the chance of reaching the target changes with {}", spec.phrase_for(&name))}
                            summary={describe_curve(&curve)}
                            data={ChartData::Response(curve, stale)}
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
