//! The headline figures in words and numbers, each with its definition, and the
//! departure stress test as a sentence with its controls inline.

use crate::state::Action;
use revenue_model::concentration::HhiBand;
use revenue_model::format::{fmt_fixed, fmt_musd, fmt_musd_short, fmt_pct, fmt_points};
use revenue_model::monte_carlo::{Bands, MonteCarlo};
use revenue_model::projection::growth_needed;
use revenue_model::provenance::{reported_growth, scenario_provenance, SourceKind};
use revenue_model::scenario::ClientField;
use revenue_model::scenario::ScenarioField;
use revenue_model::stress::{departure, DepartureOdds};
use revenue_model::{Concentration, Projection, Story, ValidScenario, YearMonth};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// "Acme (Holdings)" → "Acme", owned.
pub fn short_name(name: &str) -> String {
    revenue_model::article::short_name(name).to_string()
}

fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// A value's kind of source as a bracket in running text: "(the article)".
fn source_in_brackets(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Article => "the article",
        SourceKind::Implied => "implied by the article",
        SourceKind::Public => "a public figure",
        SourceKind::Assumption => "an assumption",
        SourceKind::Setting => "a setting",
    }
}

/// The definition of reaching the target, in words, for a horizon ending in `end`.
pub fn target_definition(target_musd: f64, end: YearMonth) -> String {
    format!(
        "the share of simulated runs in which some 12 consecutive months up to {} bring at least {}",
        end.label(),
        fmt_musd_short(target_musd)
    )
}

fn band_at(bands: &Bands, t: usize) -> Option<[f64; 3]> {
    bands.get(t).copied().flatten()
}

/// Props of [`KeyFigures`].
#[derive(Properties, PartialEq)]
pub struct KeyFiguresProps {
    /// The scenario.
    pub valid: Rc<ValidScenario>,
    /// Its expected path.
    pub projection: Rc<Projection>,
    /// Its expected path's concentration.
    pub concentration: Rc<Concentration>,
    /// Its Monte Carlo (preview or full).
    pub mc: Rc<MonteCarlo>,
}

/// The headline numbers as a definition list, each with what it means.
#[component]
pub fn KeyFigures(props: &KeyFiguresProps) -> Html {
    let Some(story) = use_context::<Rc<Story>>() else {
        return html! {};
    };
    let s = props.valid.get();
    let business = &story.file().business;
    let p = &props.projection;
    let mc = &props.mc;
    let bands = &mc.concentration;
    let target = s.target_annual_revenue_musd;
    let end = s.start.plus_months(s.horizon_months.saturating_sub(1));
    let last = s.horizon_months.saturating_sub(1) as usize;
    let name_of = |i: &usize| {
        s.clients
            .get(*i)
            .map_or_else(String::new, |c| short_name(&c.name))
    };
    let headline = bands.headline.map(|i| name_of(&i)).unwrap_or_default();

    let by_year: Vec<String> = mc
        .years
        .iter()
        .filter_map(|y| {
            let t = (y.block.first_month + y.block.months).checked_sub(1)?;
            let p = mc.p_reach_by_month.get(t as usize)?;
            Some(format!(
                "{} by {}",
                fmt_pct(*p),
                s.start.plus_months(t).label()
            ))
        })
        .collect();
    let median = match mc.median_reach_month {
        Some(m) => format!(
            "; half of the runs get there by {}",
            s.start.plus_months(m).label()
        ),
        None => "; fewer than half of the runs get there within the horizon".to_string(),
    };
    let first_total = p.total_musd.first().copied().unwrap_or(0.0);
    let needed = growth_needed(first_total, target, 12).map_or_else(
        || "no growth between −99% and 1,000% a year does it".to_string(),
        |g| {
            format!(
                "from {} a month, the next 12 months bring {} if revenue grows {} a year (compounded monthly); the run-rate must rise {} ({} → {})",
                fmt_musd(first_total),
                fmt_musd_short(target),
                fmt_pct(g),
                fmt_pct(target / (12.0 * first_total) - 1.0),
                fmt_musd_short(12.0 * first_total),
                fmt_musd_short(target)
            )
        },
    );
    let model_growth = match p.years.last().and_then(|y| y.growth) {
        Some(g) => format!(
            "the model's {business} grows {} in its final year (expected path)",
            fmt_pct(g)
        ),
        None => "the model's growth needs a horizon of two years".to_string(),
    };
    let against = p
        .latest_vs_market()
        .map(|d| format!(", {} against the market", fmt_points(d)))
        .unwrap_or_default();
    let market_source = source_in_brackets(
        scenario_provenance(&story, s, ScenarioField::MarketExpectedGrowth).kind,
    );
    let vs_market =
        match (reported_growth(&story), &story.file().reported_growth) {
            (Some((reported, source)), Some(spec)) => format!(
            "{} {} ({}), {} the market's expected {} ({market_source}); {model_growth}{against}",
            fmt_pct(reported),
            spec.period,
            source_in_brackets(source.kind),
            if reported < s.market_expected_growth { "below" } else { "not below" },
            fmt_pct(s.market_expected_growth),
        ),
            _ => format!(
                "the market expects {} ({market_source}); {model_growth}{against}",
                fmt_pct(s.market_expected_growth)
            ),
        };
    let hhi_now = band_at(&bands.hhi, 0).map_or(0.0, |b| b[1]);
    let end_hhi = band_at(&bands.hhi, last).map_or_else(String::new, |b| {
        format!(
            "median {}, {}; 5–95% of runs {} to {}",
            fmt_fixed(b[1], 0),
            HhiBand::of(b[1]).describe(),
            fmt_fixed(b[0], 0),
            fmt_fixed(b[2], 0)
        )
    });
    let end_top = {
        let all = band_at(&bands.top1, last).map(|b| b[1]);
        let stays = band_at(&bands.top1_if_stays, last).map(|b| b[1]);
        let left = band_at(&bands.top1_if_left, last).map(|b| b[1]);
        let p_left = bands.p_headline_left.get(last).copied().unwrap_or(0.0);
        let mut parts = vec![format!(
            "median {}",
            all.map_or_else(|| "–".to_string(), fmt_pct)
        )];
        if !headline.is_empty() {
            if let Some(v) = stays {
                parts.push(format!("{} if {headline} stays", fmt_pct(v)));
            }
            if let Some(v) = left {
                parts.push(format!(
                    "{} in the {} of runs where {headline} has left",
                    fmt_pct(v),
                    fmt_pct(p_left)
                ));
            }
        }
        parts.join("; ")
    };
    let disclosure: Vec<String> = bands
        .p_at_or_above_threshold
        .iter()
        .enumerate()
        .filter_map(|(i, months)| {
            let at_end = *months.get(last)?;
            (at_end > 0.0).then(|| format!("{} in {} of runs", name_of(&i), fmt_pct(at_end)))
        })
        .collect();
    let above_company = props
        .concentration
        .months
        .first()
        .map(|m| {
            m.above_threshold_company
                .iter()
                .map(name_of)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let expected_reach = match p.target_month {
        Some(t) => format!(
            "{} months to {} bring {}",
            12,
            s.start.plus_months(t).label(),
            fmt_musd_short(target)
        ),
        None => format!(
            "no 12 months within the horizon bring {}",
            fmt_musd_short(target)
        ),
    };
    html! {
        <dl class="rm-figures">
            <div><dt>{ format!("Chance of a {} year by {}", fmt_musd_short(target), end.label()) }</dt>
                <dd>{ format!("{} ± {} ({} runs)", fmt_pct(mc.p_reach_target), fmt_pct(mc.p_reach_target_std_error), fmt_fixed(f64::from(mc.runs), 0)) }
                    <span class="rm-definition">{ format!("{}; ± is one standard error.", capitalise_first(&target_definition(target, end))) }</span></dd></div>
            <div><dt>{ "When it happens" }</dt>
                <dd>{ format!("{}{median}", by_year.join(", ")) }</dd></div>
            <div><dt>{ format!("What {} needs", story.target_words(target)) }</dt><dd>{ needed }</dd></div>
            <div><dt>{ "Growth against expectations" }</dt><dd>{ vs_market }</dd></div>
            <div><dt>{ "Worst 5% of runs, final 12 months" }</dt>
                <dd>{ format!("{} on average, {} short of the target", fmt_musd_short(mc.worst_5pct_mean_musd), fmt_musd_short(mc.worst_5pct_gap_musd)) }
                    <span class="rm-definition">{ "The mean final-year revenue of the lowest 5% of runs, and its gap to the target." }</span></dd></div>
            <div><dt>{ "Concentration now (HHI)" }</dt><dd>{ format!("{} — {}", fmt_fixed(hhi_now, 0), HhiBand::of(hhi_now).describe()) }
                <span class="rm-definition">{ "Herfindahl–Hirschman Index of customers' shares of revenue, 0–10,000; the merger guidelines' bands as an analogy." }</span></dd></div>
            <div><dt>{ format!("Concentration in {} (HHI, over runs)", end.label()) }</dt><dd>{ end_hhi }</dd></div>
            <div><dt>{ format!("Largest customer's share in {}", end.label()) }</dt><dd>{ end_top }</dd></div>
            <div><dt>{ format!("At or above 10% of {business} in {}", end.label()) }</dt>
                <dd>{ if disclosure.is_empty() { "nobody, in any run".to_string() } else { disclosure.join("; ") } }
                    <span class="rm-definition">{ "Share of runs in which one customer brings at least 10% of the month's revenue (the US major-customer disclosure test)." }</span></dd></div>
            <div><dt>{ "At or above 10% of the whole company" }</dt>
                <dd>{ if s.company_annual_revenue_musd.is_none() { "company revenue not set".to_string() } else if above_company.is_empty() { "nobody".to_string() } else { above_company } }</dd></div>
            <div><dt>{ "On the expected path (for reference)" }</dt><dd>{ expected_reach }
                <span class="rm-definition">{ "The average of all runs month by month: a path no single run follows." }</span></dd></div>
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
    /// The client that leaves (index) and the month.
    pub client: usize,
    /// See `client`.
    pub month: u32,
    /// The Monte Carlo of both cases on the same draws, when computed.
    pub odds: Option<Rc<DepartureOdds>>,
    /// Whether `odds` are for other inputs (being recomputed): shown faded.
    #[prop_or_default]
    pub odds_stale: bool,
    /// Chooses the client and month.
    pub on_choose: Callback<(usize, u32)>,
    /// Sends the share kept to the state.
    pub dispatch: Callback<Action>,
}

/// "If [Acme] leaves in [Apr 2025] and keeps [0%] of its spend, the business loses …"
#[component]
pub fn DepartureTest(props: &DepartureTestProps) -> Html {
    let s = props.valid.get();
    let index = props.client.min(s.clients.len().saturating_sub(1));
    let last_month = s.horizon_months.saturating_sub(1).max(1);
    let at = props.month.clamp(1, last_month);
    let result = departure(&props.valid, &props.projection, index, at);
    let on_client = {
        let on_choose = props.on_choose.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = select.value().parse::<usize>() {
                on_choose.emit((i, at));
            }
        })
    };
    let on_month = {
        let on_choose = props.on_choose.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(m) = select.value().parse::<u32>() {
                on_choose.emit((index, m));
            }
        })
    };
    let client = s.clients.get(index);
    let kept = client.map_or(0.0, |c| c.kept_share);
    let on_kept = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(v) = select.value().parse::<f64>() {
                dispatch.emit(Action::SetClientField {
                    client: index,
                    field: ClientField::KeptShare,
                    value: v / 100.0,
                });
            }
        })
    };
    let name = client.map_or_else(String::new, |c| short_name(&c.name));
    let wind = client.map_or(0, |c| c.wind_down_months);
    let kept_choices: Vec<u32> = {
        let mut v: Vec<u32> = (0..=100).step_by(10).collect();
        let current = (kept * 100.0).round() as u32;
        if !v.contains(&current) {
            v.push(current);
            revenue_model::order::sort_short_by(&mut v, u32::cmp);
        }
        v
    };
    let odds = props
        .odds
        .as_ref()
        .filter(|o| o.client == index && o.month == at);
    let chance_text = odds.map(|o| {
        format!(
            " The chance of a {} year by {} is {} if {name} stays and {} if it leaves.",
            fmt_musd_short(s.target_annual_revenue_musd),
            s.start.plus_months(last_month).label(),
            fmt_pct(o.p_reach_if_stays),
            fmt_pct(o.p_reach_if_leaves),
        )
    });
    let odds_detail = odds.map(|o| {
        format!(
            " The chances come from {} runs of each case on the same draws: {} points ± {} (one standard error); revenue lost over the runs: {} ± {}.",
            fmt_fixed(f64::from(o.runs), 0),
            fmt_fixed((o.p_reach_if_leaves - o.p_reach_if_stays) * 100.0, 1),
            fmt_fixed(o.p_difference_std_error * 100.0, 1),
            fmt_musd_short(o.mean_revenue_lost_musd),
            fmt_musd_short(o.revenue_lost_std_error_musd),
        )
    });
    html! {
        <section class="rm-card rm-departure" aria-labelledby="rm-departure-title">
            <h3 class="rm-visually-hidden" id="rm-departure-title">{ "If a client leaves" }</h3>
            <p class="rm-departure-controls">
                { "If " }
                <select id="rm-departure-client" class="rm-select rm-inline" aria-label="Client that leaves" onchange={on_client}>
                    for (i, c) in s.clients.iter().enumerate().filter(|(_, c)| !c.own_product) {
                        <option value={i.to_string()} selected={i == index}>{ c.name.clone() }</option>
                    }
                </select>
                { " leaves in " }
                <select id="rm-departure-month" class="rm-select rm-inline" aria-label="Month it leaves" onchange={on_month}>
                    for m in 1..=last_month {
                        <option value={m.to_string()} selected={m == at}>{ s.start.plus_months(m).label() }</option>
                    }
                </select>
                { " and keeps " }
                <select id="rm-departure-kept" class="rm-select rm-inline" aria-label="Share of its spend it keeps" onchange={on_kept}>
                    for k in kept_choices {
                        <option value={k.to_string()} selected={k == (kept * 100.0).round() as u32}>{ format!("{k}%") }</option>
                    }
                </select>
                { " of its spend…" }
            </p>
            if let Some(d) = result {
                <p class="rm-departure-result" aria-live="polite">
                    { format!(
                        "…the business loses {} over the horizon against {name} staying.",
                        fmt_musd_short(d.revenue_lost_musd),
                    ) }
                    <span class="rm-departure-odds" data-stale={(props.odds_stale || chance_text.is_none()).to_string()}>
                        { match chance_text {
                            Some(text) if props.odds_stale => format!("{text} (updating…)"),
                            Some(text) => text,
                            None => " The chances on the Monte Carlo's draws are being computed…".to_string(),
                        } }
                    </span>
                </p>
                <details class="rm-more">
                    <summary>{ "How the loss unfolds, and the odds' error" }</summary>
                    <p class="rm-hint rm-departure-detail">
                        { format!(
                            "It winds down over {wind} months. Against the expected path, which already counts its chance of leaving, the loss is {}. The deepest monthly fall is {} ({}){}; {}.",
                            fmt_musd_short(d.revenue_lost_vs_expected_musd),
                            fmt_musd(d.deepest_drop_musd),
                            fmt_pct(d.deepest_drop_fraction),
                            d.deepest_drop_month.map(|m| format!(" in {}", s.start.plus_months(m).label())).unwrap_or_default(),
                            match d.months_to_recover {
                                Some(0) => "revenue never falls below its level before the loss".to_string(),
                                Some(m) => format!("revenue climbs back to its level before the loss after {m} months"),
                                None => "revenue does not climb back to its level before the loss within the horizon".to_string(),
                            }
                        ) }
                        { odds_detail.unwrap_or_default() }
                    </p>
                </details>
            }
        </section>
    }
}
