//! The sensitivity tab: the tornado of the next 12 months' revenue. The full tornado (with
//! the chance of reaching the target) comes from the compute client; until it is there
//! for the scenario shown, the revenue-only tornado is computed here. This component
//! renders only while its tab is open, so a change of input costs nothing here otherwise.

use crate::components::chart::{Chart, ChartData};
use revenue_model::format::fmt_musd_short;
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

/// The tornado chart with its summary.
#[component]
pub fn SensitivityPanel(props: &SensitivityPanelProps) -> Html {
    let quick = use_memo(
        (props.valid.clone(), props.full.is_some()),
        |(v, have_full)| (!*have_full).then(|| Rc::new(sensitivity(v, None))),
    );
    let Some(tornado) = props.full.clone().or_else(|| (*quick).clone()) else {
        return Html::default();
    };
    let summary = tornado.rows.first().map_or_else(
        || "No input moves the next 12 months' revenue.".to_string(),
        |r| {
            format!(
                "{} moves the next 12 months' revenue most: from {} to {}.",
                r.label,
                fmt_musd_short(r.low_forward_12m_musd),
                fmt_musd_short(r.high_forward_12m_musd)
            )
        },
    );
    html! {
        <Chart id="rm-chart-tornado" label="Sensitivity of the next 12 months' revenue" {summary}
            data={ChartData::Tornado(tornado)} dark={props.dark} />
    }
}
