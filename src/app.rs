//! The widget's root component: state, derived results, and the layout.

use crate::components::article_table::ArticleTable;
use crate::components::chart::{Chart, ChartData};
use crate::components::number_slider::NumberSlider;
use crate::state::{Action, State};
use revenue_model::format::{fmt_musd, fmt_pct};
use revenue_model::scenario::ClientField;
use revenue_model::validate::FieldPath;
use revenue_model::{project, Projection, Scenario};
use std::rc::Rc;
use yew::prelude::*;

fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The whole widget.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| State::new(Scenario::default()));
    let projection = use_memo(state.valid.clone(), |valid| Rc::new(project(valid)));
    let dark = use_memo((), |_| prefers_dark());

    let scenario = &state.scenario;
    let headline = scenario.headline_client().unwrap_or(0);
    let headline_client = scenario.clients.get(headline);
    let headline_name = headline_client.map_or_else(|| "TikTok".to_string(), |c| c.name.clone());
    let spend = headline_client.map_or(0.0, |c| c.monthly_spend_musd);
    let spend_error = state
        .errors
        .as_ref()
        .and_then(|e| e.for_field(FieldPath::Client(headline, ClientField::MonthlySpend)))
        .map(|m| AttrValue::from(m.to_string()));
    let on_spend = {
        let state = state.clone();
        Callback::from(move |value: f64| {
            state.dispatch(Action::SetClientField {
                client: headline,
                field: ClientField::MonthlySpend,
                value,
            })
        })
    };

    let p: &Projection = &projection;
    let first_total = p.total_musd.first().copied().unwrap_or(0.0);
    let last_total = p.total_musd.last().copied().unwrap_or(0.0);
    let end = p.start.plus_months(p.horizon_months.saturating_sub(1));
    let summary = format!(
        "Expected revenue by client from {} to {}: {} a month at the start, {} a month at the end; the target needs {} a month.",
        p.start.label(),
        end.label(),
        fmt_musd(first_total),
        fmt_musd(last_total),
        fmt_musd(p.target_annual_musd / 12.0),
    );
    let share = state.valid.get().clients.get(headline).map_or(0.0, |c| {
        if first_total > 0.0 {
            c.monthly_spend_musd / first_total
        } else {
            0.0
        }
    });

    html! {
        <div class="rm-widget">
            <header class="rm-header">
                <h2 class="rm-title">{ "How much of Microsoft's AI revenue is TikTok?" }</h2>
                <p class="rm-lede">
                    { format!("At {} a month, {} is {} of AI revenue, a run-rate of {} a year.",
                        fmt_musd(spend), headline_name, fmt_pct(share), fmt_musd(first_total * 12.0)) }
                </p>
            </header>
            <ArticleTable valid={state.valid.clone()} />
            <NumberSlider
                id="rm-spend-headline"
                label={format!("{headline_name} monthly spend")}
                unit="$M a month"
                value={spend}
                min={0.0}
                max={100.0}
                step={1.0}
                error={spend_error}
                on_change={on_spend}
            />
            <Chart
                label="Revenue by client, $M per month"
                summary={summary}
                data={ChartData::RevenueByClient((*projection).clone())}
                dark={*dark}
            />
        </div>
    }
}
