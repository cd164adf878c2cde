//! The story's key levers, first after the answer and its chart: the sliders its story
//! lists (for the article, how much the headline client spends, the chance it leaves in
//! a year and how much of its spend it keeps, how fast the other clients grow, and how
//! big the new clients get). Each has a small response curve beside it: the chance of
//! reaching the target across the lever's whole range (computed in the worker), faded
//! while it is being recomputed, and under it the value at which the chance crosses 50%.
//! [`WhatItWouldTake`] says the same in a sentence, under the answer, for the levers that
//! move the chance most.

use crate::components::chart::{Chart, ChartData};
use crate::components::number_slider::NumberSlider;
use crate::state::Action;
use revenue_charts::lever_value_text;
use revenue_model::even_chance::{even_chance_sentence, even_chance_short, EvenChance};
use revenue_model::levers::{Curve, Lever, LeverTarget};
use revenue_model::provenance::{client_provenance, scenario_provenance};
use revenue_model::story_file::LeverSpec;
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
            let name = lever_client_name(lever, s);
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
                            data={ChartData::Response(curve.clone(), stale, spec.phrase_for(&name))}
                            note={even_chance_short(curve.even_chance, |v| lever_value_text(&curve, v))}
                            note_stale={stale}
                            dark={props.dark}
                        />
                    } else {
                        // The curve's place, kept while the curves are computed, so
                        // nothing under the levers moves when they arrive.
                        <div class="rm-spark-frame" aria-hidden="true">
                            <div class="rm-spark-space"></div>
                            <p class="rm-spark-note"></p>
                        </div>
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

/// The name of the client `lever` moves, as running text uses it; a lever that adds its
/// client names that client before it is added. Empty for a scenario-wide lever.
fn lever_client_name(lever: &Lever, s: &Scenario) -> String {
    lever
        .client(s)
        .and_then(|i| s.clients.get(i))
        .map(|c| c.name.clone())
        .or_else(|| lever.adds.as_ref().map(|c| c.name.clone()))
        .map(|n| crate::components::results::short_name(&n))
        .unwrap_or_default()
}

/// How much a curve moves the chance across its lever's range.
fn swing(curve: &Curve) -> f64 {
    let (low, high) = curve
        .p_reach
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(*p), b.max(*p))
        });
    if high >= low {
        high - low
    } else {
        0.0
    }
}

/// The (at most) `count` curves that matter most: those that cross 50% first, then by how
/// far they move the chance.
fn mattering_most(curves: &[Curve], count: usize) -> Vec<&Curve> {
    let crosses = |c: &Curve| {
        matches!(
            c.even_chance,
            EvenChance::AtLeast(_) | EvenChance::AtMost(_)
        )
    };
    let mut ranked: Vec<&Curve> = curves.iter().collect();
    revenue_model::order::sort_short_by(&mut ranked, |a, b| {
        crosses(b)
            .cmp(&crosses(a))
            .then(swing(b).total_cmp(&swing(a)))
    });
    ranked.truncate(count);
    ranked
}

/// Props of [`WhatItWouldTake`].
#[derive(Properties, PartialEq)]
pub struct WhatItWouldTakeProps {
    /// The scenario as entered (for the headline client's name).
    pub scenario: Scenario,
    /// The target, $M a year.
    pub target_annual_musd: f64,
    /// The levers' curves, when computed, and whether they are for an older scenario.
    pub curves: Option<(Rc<Vec<Curve>>, bool)>,
}

/// "What it would take": for the one or two levers that move the chance most, the value
/// at which it crosses 50%, in a sentence. The block keeps its place while the curves
/// are computed, so nothing under it moves when they arrive.
#[component]
pub fn WhatItWouldTake(props: &WhatItWouldTakeProps) -> Html {
    let Some(story) = use_context::<Rc<Story>>() else {
        return html! {};
    };
    let s = &props.scenario;
    let Some((curves, stale)) = props.curves.as_ref() else {
        return html! {
            <div class="rm-takes" data-stale="true">
                <p class="rm-take-line">{ "What it would take: working it out from the levers' curves…" }</p>
            </div>
        };
    };
    let lines: Vec<String> = mattering_most(curves, 2)
        .into_iter()
        .filter_map(|c| {
            let lever = story.levers().get(c.lever)?;
            let spec: &LeverSpec = story.file().levers.get(c.lever)?;
            Some(even_chance_sentence(
                &spec.phrase_for(&lever_client_name(lever, s)),
                c.even_chance,
                props.target_annual_musd,
                lever.range(),
                c.current,
                |v| lever_value_text(c, v),
            ))
        })
        .collect();
    html! {
        <div class="rm-takes" data-stale={stale.to_string()}>
            for line in lines {
                <p class="rm-take-line">{ line }</p>
            }
        </div>
    }
}
