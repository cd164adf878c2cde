//! The scenario-level inputs: horizon, target, the market's expected growth, the
//! company's revenue, and the Monte Carlo's runs and seed.

use crate::components::number_slider::NumberSlider;
use crate::state::Action;
use revenue_model::presets::scenario_source;
use revenue_model::scenario::ScenarioField;
use revenue_model::validate::{FieldPath, ValidationErrors};
use revenue_model::Scenario;
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
    let s = &props.scenario;
    let item = |field: ScenarioField,
                label: &str,
                unit: &str,
                value: f64,
                (min, max, step): (f64, f64, f64),
                scale: f64| {
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
                source={Some(scenario_source(s, field))}
                {on_change}
            />
        }
    };
    html! {
        <fieldset class="rm-card">
            <legend class="rm-card-title">{ "Scenario" }</legend>
            { item(ScenarioField::TargetAnnualRevenue, "Target annual revenue", "$M a year", s.target_annual_revenue_musd, (100.0, 5000.0, 50.0), 1.0) }
            { item(ScenarioField::HorizonMonths, "Horizon", "months", f64::from(s.horizon_months), (1.0, 120.0, 1.0), 1.0) }
            { item(ScenarioField::MarketExpectedGrowth, "Growth the market expects", "% a year", s.market_expected_growth, (-20.0, 100.0, 1.0), 100.0) }
            { item(ScenarioField::CompanyAnnualRevenue, "Whole company's annual revenue", "$M a year", s.company_annual_revenue_musd.unwrap_or(0.0), (10_000.0, 500_000.0, 5000.0), 1.0) }
            { item(ScenarioField::Runs, "Monte Carlo runs", "runs", f64::from(s.simulation.runs), (100.0, 100_000.0, 100.0), 1.0) }
            { item(ScenarioField::Seed, "Random seed", "", s.simulation.seed as f64, (0.0, 10_000.0, 1.0), 1.0) }
        </fieldset>
    }
}
