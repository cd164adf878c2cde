//! The sensitivity tab: the tornado of the next 12 months' revenue. The full tornado (with
//! the chance of reaching the target) comes from the compute client; until it is there
//! for the scenario shown, the revenue-only tornado is computed here. This component
//! renders only while its tab is open, so a change of input costs nothing here otherwise.

use crate::components::chart::{Chart, ChartData};
use revenue_model::sensitivity::{sensitivity, Sensitivity};
use revenue_model::ValidScenario;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`SensitivityPanel`].
#[derive(Properties, PartialEq)]
pub struct SensitivityPanelProps {
    /// The scenario shown.
    pub valid: Rc<ValidScenario>,
    /// The compute client's tornado for `valid`, once it is there.
    pub full: Option<Rc<Sensitivity>>,
    /// Dark theme.
    pub dark: bool,
}

/// The tornado chart.
#[component]
pub fn SensitivityPanel(props: &SensitivityPanelProps) -> Html {
    let quick = use_memo(
        (props.valid.clone(), props.full.is_some()),
        |(v, have_full)| (!*have_full).then(|| Rc::new(sensitivity(v, None))),
    );
    let Some(tornado) = props.full.clone().or_else(|| (*quick).clone()) else {
        return Html::default();
    };
    html! {
        <Chart id="rm-chart-tornado" data={ChartData::Tornado(tornado)} dark={props.dark} />
    }
}
