//! The scenario-level inputs: horizon, target, the market's expected growth, the
//! company's revenue, and the Monte Carlo's runs and seed.

use crate::components::number_slider::NumberSlider;
use crate::state::Action;
use revenue_model::provenance::scenario_provenance;
use revenue_model::scenario::ScenarioField;
use revenue_model::validate::{FieldPath, ValidationErrors};
use revenue_model::{Scenario, Story};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`ScenarioInputs`].
#[derive(Properties, PartialEq)]
pub struct ScenarioInputsProps {
    /// The scenario as entered.
    pub scenario: Scenario,
    /// Its problems, if any.
    pub errors: Option<Rc<ValidationErrors>>,
    /// Sends changes to the state.
    pub dispatch: Callback<Action>,
}

/// The scenario's settings.
#[component]
pub fn ScenarioInputs(props: &ScenarioInputsProps) -> Html {
    let Some(story) = use_context::<Rc<Story>>() else {
        return html! {};
    };
    let s = &props.scenario;
    // The values one slider drag or one typed number passes through are one undo step.
    let on_end_edit = props.dispatch.reform(|()| Action::EndEdit);
    let item = |field: ScenarioField, label: &str, value: f64| {
        let Some(spec) = field.spec() else {
            return Html::default();
        };
        let (min, max) = spec.slider;
        let step = spec.step;
        let scale = spec.scale;
        let unit = spec.unit_text;
        let id_stem: String = label
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == ' ')
            .map(|c| {
                if c == ' ' {
                    '-'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        let dispatch = props.dispatch.clone();
        let on_change = Callback::from(move |shown: f64| {
            dispatch.emit(Action::SetScenarioField {
                field,
                value: shown / scale,
            })
        });
        let error = props
            .errors
            .as_ref()
            .and_then(|e| e.for_field(FieldPath::Scenario(field)))
            .map(|m| AttrValue::from(m.to_string()));
        html! {
            <NumberSlider
                id={format!("rm-scenario-{}", id_stem)}
                label={label.to_string()}
                unit={unit.to_string()}
                value={value * scale}
                {min}
                {max}
                {step}
                {error}
                source={Some(scenario_provenance(&story, s, field))}
                {on_change}
                on_end_edit={on_end_edit.clone()}
            />
        }
    };
    html! {
        <fieldset class="rm-card">
            <legend class="rm-card-title">{ "Scenario" }</legend>
            { item(ScenarioField::TargetAnnualRevenue, "Target annual revenue", s.target_annual_revenue_musd) }
            { item(ScenarioField::HorizonMonths, "Horizon", f64::from(s.horizon_months)) }
            { item(ScenarioField::MarketExpectedGrowth, "Growth the market expects", s.market_expected_growth) }
            { item(ScenarioField::GrowthCorrelation, "Correlation of the clients' growth", s.growth_correlation) }
            { item(ScenarioField::CompanyAnnualRevenue, "Whole company's annual revenue", s.company_annual_revenue_musd.unwrap_or(0.0)) }
            { item(ScenarioField::Runs, "Monte Carlo runs", f64::from(s.simulation.runs)) }
            { item(ScenarioField::Seed, "Random seed", s.simulation.seed as f64) }
        </fieldset>
    }
}
