//! The headline figures in words and numbers, and the departure stress test.

use revenue_model::concentration::HhiBand;
use revenue_model::format::{fmt_fixed, fmt_musd, fmt_musd_short, fmt_pct, fmt_points};
use revenue_model::monte_carlo::MonteCarlo;
use revenue_model::stress::departure;
use revenue_model::{Concentration, Projection, ValidScenario};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The one-sentence summary: "At $20M a month, TikTok is 25% of AI revenue; with
/// these assumptions there is a 62% chance of a $1B year by Jul 2027."
pub fn summary_sentence(valid: &ValidScenario, projection: &Projection, mc: &MonteCarlo) -> String {
    let s = valid.get();
    let headline = s.headline_client().and_then(|i| s.clients.get(i));
    let first_total = projection.total_musd.first().copied().unwrap_or(0.0);
    let end = s
        .start
        .plus_months(s.horizon_months.saturating_sub(1))
        .label();
    let chance = format!(
        "with these assumptions there is a {} chance of a {} year by {end}",
        fmt_pct(mc.p_reach_target),
        fmt_musd_short(s.target_annual_revenue_musd)
    );
    let index = s.headline_client();
    let at_start = index
        .and_then(|i| projection.client_revenue_musd.get(i))
        .and_then(|p| p.first())
        .copied()
        .unwrap_or(0.0);
    match headline {
        Some(c) if first_total > 0.0 => {
            let name = c
                .name
                .split(" (")
                .next()
                .unwrap_or(&c.name)
                .trim()
                .to_string();
            format!(
                "At {} a month, {name} is {} of AI revenue; {chance}.",
                fmt_musd(at_start),
                fmt_pct(at_start / first_total)
            )
        }
        _ => {
            let mut sentence = capitalise_first(&chance);
            sentence.push('.');
            sentence
        }
    }
}

fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// Props of [`KeyFigures`].
#[derive(Properties, PartialEq)]
pub struct KeyFiguresProps {
    /// The scenario.
    pub valid: Rc<ValidScenario>,
    /// Its expected path.
    pub projection: Rc<Projection>,
    /// Its concentration.
    pub concentration: Rc<Concentration>,
    /// Its Monte Carlo (preview or full).
    pub mc: Rc<MonteCarlo>,
}

/// The headline numbers as a definition list.
#[component]
pub fn KeyFigures(props: &KeyFiguresProps) -> Html {
    let s = props.valid.get();
    let p = &props.projection;
    let mc = &props.mc;
    let first = props.concentration.months.first();
    let last = props.concentration.months.last();
    let name_of = |i: &usize| {
        s.clients
            .get(*i)
            .map_or_else(String::new, |c| c.name.clone())
    };
    let reach = match p.target_month {
        Some(t) => format!("{} (expected path)", s.start.plus_months(t).label()),
        None => "not within the horizon (expected path)".to_string(),
    };
    let vs_market = match (p.years.last().and_then(|y| y.growth), p.latest_vs_market()) {
        (Some(g), Some(d)) => format!(
            "{} a year, {} the market's {} ({})",
            fmt_pct(g),
            if d >= 0.0 { "beating" } else { "missing" },
            fmt_pct(s.market_expected_growth),
            fmt_points(d)
        ),
        _ => "needs a horizon of two years or more".to_string(),
    };
    let hhi_text = |m: Option<&revenue_model::concentration::MonthConcentration>| {
        m.map_or_else(String::new, |m| {
            format!(
                "{} — {}",
                fmt_fixed(m.hhi, 0),
                HhiBand::of(m.hhi).describe()
            )
        })
    };
    let above_ai = first
        .map(|m| {
            m.above_threshold_ai
                .iter()
                .map(name_of)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let above_company = first
        .map(|m| {
            m.above_threshold_company
                .iter()
                .map(name_of)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    html! {
        <dl class="rm-figures">
            <div><dt>{ format!("Chance of a {} year (final 12 months)", fmt_musd_short(s.target_annual_revenue_musd)) }</dt>
                <dd>{ format!("{} ± {} ({} runs)", fmt_pct(mc.p_reach_target), fmt_pct(mc.p_reach_target_std_error), fmt_fixed(f64::from(mc.runs), 0)) }</dd></div>
            <div><dt>{ "Run-rate reaches the target" }</dt><dd>{ reach }</dd></div>
            <div><dt>{ "Growth of the last 12 months" }</dt><dd>{ vs_market }</dd></div>
            <div><dt>{ "Worst 5% of runs, final 12 months" }</dt>
                <dd>{ format!("{} on average, {} short of the target", fmt_musd_short(mc.worst_5pct_mean_musd), fmt_musd_short(mc.expected_shortfall_musd)) }</dd></div>
            <div><dt>{ "HHI now" }</dt><dd>{ hhi_text(first) }</dd></div>
            <div><dt>{ "HHI at the end" }</dt><dd>{ hhi_text(last) }</dd></div>
            <div><dt>{ "Largest customer now" }</dt><dd>{ first.map_or_else(String::new, |m| fmt_pct(m.top1_share)) }</dd></div>
            <div><dt>{ "At or above 10% of AI revenue now" }</dt><dd>{ if above_ai.is_empty() { "nobody".to_string() } else { above_ai } }</dd></div>
            <div><dt>{ "At or above 10% of the whole company" }</dt>
                <dd>{ if s.company_annual_revenue_musd.is_none() { "company revenue not set".to_string() } else if above_company.is_empty() { "nobody".to_string() } else { above_company } }</dd></div>
        </dl>
    }
}

/// Props of [`DepartureTest`].
#[derive(Properties, PartialEq)]
pub struct DepartureTestProps {
    /// The scenario.
    pub valid: Rc<ValidScenario>,
    /// Its expected path.
    pub projection: Rc<Projection>,
}

/// "What if this client leaves in that month?"
#[component]
pub fn DepartureTest(props: &DepartureTestProps) -> Html {
    let s = props.valid.get();
    let client = use_state(|| s.headline_client().unwrap_or(0));
    let month = use_state(|| 8u32);
    let index = (*client).min(s.clients.len().saturating_sub(1));
    let last_month = s.horizon_months.saturating_sub(1).max(1);
    let at = (*month).clamp(1, last_month);
    let result = departure(&props.valid, &props.projection, index, at);
    let on_client = {
        let client = client.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = select.value().parse::<usize>() {
                client.set(i);
            }
        })
    };
    let on_month = {
        let month = month.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(m) = input.value().parse::<u32>() {
                month.set(m);
            }
        })
    };
    let name = s
        .clients
        .get(index)
        .map_or_else(String::new, |c| c.name.clone());
    html! {
        <section class="rm-card rm-departure" aria-labelledby="rm-departure-title">
            <h3 class="rm-card-title" id="rm-departure-title">{ "Departure stress test" }</h3>
            <div class="rm-field">
                <label class="rm-label" for="rm-departure-client">{ "Client that leaves" }</label>
                <select id="rm-departure-client" class="rm-select" onchange={on_client}>
                    for (i, c) in s.clients.iter().enumerate() {
                        <option value={i.to_string()} selected={i == index}>{ c.name.clone() }</option>
                    }
                </select>
            </div>
            <div class="rm-field">
                <label class="rm-label" for="rm-departure-month">{ format!("Leaves in {}", s.start.plus_months(at).label()) }</label>
                <input type="range" id="rm-departure-month" min="1" max={last_month.to_string()} step="1"
                    value={at.to_string()} aria-valuetext={s.start.plus_months(at).label()} oninput={on_month} />
            </div>
            if let Some(d) = result {
                <p class="rm-departure-result" aria-live="polite">
                    { format!(
                        "If {name} leaves in {} (winding down over {} months), the business loses {} over the horizon; the deepest monthly fall is {} ({}){}; {}.",
                        s.start.plus_months(d.month).label(),
                        s.clients.get(index).map_or(0, |c| c.wind_down_months),
                        fmt_musd_short(d.revenue_lost_musd),
                        fmt_musd(d.deepest_drop_musd),
                        fmt_pct(d.deepest_drop_fraction),
                        d.deepest_drop_month.map(|m| format!(" in {}", s.start.plus_months(m).label())).unwrap_or_default(),
                        match d.months_to_recover {
                            Some(0) => "revenue never falls below its level before the loss".to_string(),
                            Some(m) => format!("revenue climbs back to its level before the loss after {m} months"),
                            None => "revenue does not climb back to its level before the loss within the horizon".to_string(),
                        }
                    ) }
                </p>
            }
        </section>
    }
}
