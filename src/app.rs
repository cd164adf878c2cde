//! The widget's root component: the state, the results derived from it (the
//! expected path and concentration at once, a quick Monte Carlo preview on the main
//! thread, the full Monte Carlo and sensitivity from the worker), and the layout.

use crate::components::article_table::ArticleTable;
use crate::components::chart::{Chart, ChartData};
use crate::components::client_card::ClientCard;
use crate::components::levers::{Levers, WhatItWouldTake};
use crate::components::results::{target_definition, DepartureTest, KeyFigures};
use crate::components::scenario_inputs::ScenarioInputs;
use crate::components::sensitivity::SensitivityPanel;
use crate::components::share::ShareBar;
use crate::components::tabs::{Tab, Tabs};
use crate::components::toolbar::{preset_note, HistoryBar, Presets, ThemeChoice};
use crate::hooks::{
    use_after_first_paint, use_after_paint, use_frame_height, use_notices, use_persistence,
    use_system_dark, use_worker_results,
};
use crate::host_api::{use_host_api, Targets};
use crate::platform::embedder::Change;
use crate::platform::perf;
use crate::platform::simulation::DepartureKey;
use crate::startup::{start_from, story_from, Options};
use crate::state::{Action, State};
use revenue_charts::{leaves_overlay, Overlay, OverlayStyle};
use revenue_model::format::fmt_fixed;
use revenue_model::monte_carlo::{preview_runs, simulate_runs, MonteCarlo};
use revenue_model::sensitivity::Sensitivity;
use revenue_model::story::{answer, headline_name};
use revenue_model::{concentration, project, Story, ValidScenario};
use std::rc::Rc;
use yew::prelude::*;

/// The median of the story's base case, month by month, from the quick estimate's runs.
fn article_case_median(base: &ValidScenario) -> Vec<f64> {
    simulate_runs(base, preview_runs(base))
        .percentiles_musd
        .iter()
        .map(|q| q[2])
        .collect()
}

/// The full result for `valid`: the one `delivered` if it is for `valid` (then also kept in
/// `last`), else the one kept in `last` if that is for `valid`.
fn full_for(
    valid: &Rc<revenue_model::ValidScenario>,
    delivered: Option<&(Rc<revenue_model::ValidScenario>, Rc<MonteCarlo>)>,
    last: &mut Option<(Rc<revenue_model::ValidScenario>, Rc<MonteCarlo>)>,
) -> Option<Rc<MonteCarlo>> {
    if let Some((v, mc)) = delivered.filter(|(v, _)| **v == **valid) {
        *last = Some((v.clone(), mc.clone()));
        return Some(mc.clone());
    }
    last.as_ref()
        .filter(|(v, _)| **v == **valid)
        .map(|(_, mc)| mc.clone())
}

/// Props of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// How the widget is mounted.
    #[prop_or_default]
    pub options: Options,
}

/// The whole widget: the story it tells (the one asked for, or the default one with a
/// notice), then the widget telling it; without any usable story, one message saying so.
#[component]
pub fn App(props: &AppProps) -> Html {
    let options = props.options.clone();
    let resolved = use_memo((), move |_| {
        let mut notices = Vec::new();
        story_from(&options, &mut notices)
            .map(|(story, is_default)| (Rc::new(story), is_default, Rc::new(notices)))
    });
    match &*resolved {
        Err(message) => html! {
            <div class="rm-widget">
                <p class="rm-notice" role="alert">{ message.clone() }</p>
            </div>
        },
        Ok((story, is_default, notices)) => html! {
            <ContextProvider<Rc<Story>> context={story.clone()}>
                <Widget options={props.options.clone()} story={story.clone()}
                    default_story={*is_default} story_notices={notices.clone()} />
            </ContextProvider<Rc<Story>>>
        },
    }
}

/// Props of [`Widget`].
#[derive(Properties, PartialEq)]
pub struct WidgetProps {
    /// How the widget is mounted.
    pub options: Options,
    /// The story it tells.
    pub story: Rc<Story>,
    /// Whether that is the page's default story.
    pub default_story: bool,
    /// What was said about the story asked for (why another one is told).
    pub story_notices: Rc<Vec<String>>,
}

/// The widget telling one story.
#[component]
fn Widget(props: &WidgetProps) -> Html {
    let options = props.options.clone();
    let story = props.story.clone();
    let start = {
        let story = story.clone();
        let default_story = props.default_story;
        let notices = (*props.story_notices).clone();
        use_memo((), move |_| {
            start_from(&options, &story, default_story, notices)
        })
    };
    let state = {
        let scenario = start.scenario.clone();
        let fallback = story.base_case().clone();
        use_reducer(move || State::new(scenario, fallback))
    };
    let theme = use_state(|| start.theme);
    // A page telling another story than its own takes that story's question as its title.
    {
        let retitle = props.options.persist && !props.default_story;
        let question = story.file().question.clone();
        use_effect_with((), move |_| {
            if retitle {
                crate::platform::host::set_title(&question);
            }
        });
    }
    let (notices, notify, dismiss_notices) = use_notices(start.notices.clone());
    let root_ref = use_node_ref();
    use_persistence(
        props.options.persist,
        !start.from_url,
        start.storage_key.clone(),
        story.clone(),
        state.clone(),
        notify.clone(),
    );
    use_frame_height(root_ref.clone());
    let system_dark = use_system_dark();
    let dark = match *theme {
        ThemeChoice::System => system_dark,
        ThemeChoice::Light => false,
        ThemeChoice::Dark => true,
    };

    // What the reader has entered applies at once to the inputs; the results and charts
    // follow after the next paint, so an input is answered in the frame it arrives in.
    let current = state.valid.clone();
    // The inputs under a closed disclosure ("All assumptions", "Share and export") follow
    // a frame later too: nobody sees them change.
    let (valid, later_scenario, later_errors) = use_after_paint((
        current.clone(),
        state.scenario.clone(),
        state.errors.clone(),
    ));
    let painted = use_after_first_paint();
    let all_open = use_state(|| false);
    let share_open = use_state(|| false);
    let on_toggle = |open: &UseStateHandle<bool>| {
        let open = open.clone();
        Callback::from(move |e: Event| {
            if let Some(details) = e.target_dyn_into::<web_sys::Element>() {
                open.set(details.has_attribute("open"));
            }
        })
    };
    let projection = use_memo(valid.clone(), |v| Rc::new(project(v)));
    let concentration = use_memo(((*projection).clone(), valid.clone()), |(p, v)| {
        let customers = concentration::customer_counts(&v.get().clients);
        Rc::new(concentration::concentration(
            p,
            &customers,
            v.get().company_annual_revenue_musd,
        ))
    });
    let preview = use_memo(valid.clone(), |v| {
        let span = perf::start("model:preview");
        let mc = simulate_runs(v, preview_runs(v));
        span.end();
        Rc::new(mc)
    });
    // The departure test's client (by id, so removing another client keeps it) and month.
    let leaving = use_state(|| story.departure());
    let (leaving_index, leaving_month) = {
        let s = valid.get();
        let index = s
            .index_of(leaving.0)
            .or_else(|| s.headline_client())
            .unwrap_or(0);
        (index, leaving.1)
    };
    // The cases the main chart compares with: the chosen client leaving (on the expected
    // path, the average of all runs) and, once the reader has changed anything, the
    // article's case drawn faintly behind.
    // The article's median, computed the first time the reader leaves the article's case.
    let article_median = use_mut_ref(|| None::<Vec<f64>>);
    let overlays = use_memo(
        (
            valid.clone(),
            (*projection).clone(),
            leaving_index,
            leaving_month,
        ),
        {
            let article_median = article_median.clone();
            let story = story.clone();
            move |(v, p, client, month)| {
                let s = v.get();
                let mut list = Vec::new();
                if let Some(d) = revenue_model::stress::departure(v, p, *client, *month) {
                    let name = s.clients.get(*client).map_or_else(String::new, |c| {
                        crate::components::results::short_name(&c.name)
                    });
                    list.push(leaves_overlay(
                        &name,
                        s.start.plus_months(d.month),
                        d.leaves_total_musd,
                    ));
                }
                if *s != *story.base_case().get() {
                    list.push(Overlay {
                        label: "The article's case (median)".to_string(),
                        short_label: "The article".to_string(),
                        values: article_median
                            .borrow_mut()
                            .get_or_insert_with(|| article_case_median(story.base_case()))
                            .clone(),
                        style: OverlayStyle::Faint,
                    });
                }
                Rc::new(list)
            }
        },
    );
    let on_choose = {
        let leaving = leaving.clone();
        let valid = valid.clone();
        Callback::from(move |(index, month): (usize, u32)| {
            let id = valid.get().clients.get(index).map_or(0, |c| c.id);
            leaving.set((id, month));
        })
    };

    // The departure test's odds come from the compute client (off the page's thread where
    // a worker runs): the latest ones shown, faded while they are for other inputs.
    let departure_key = DepartureKey {
        client: leaving_index,
        month: leaving_month,
    };
    let results = use_worker_results(
        valid.clone(),
        departure_key,
        &props.options,
        &story,
        notify.clone(),
    );
    let (odds, odds_stale) = match &results.departure {
        Some((v, key, odds)) => (odds.clone(), **v != *current || *key != departure_key),
        None => (None, true),
    };
    // The full result for these inputs: the compute client's, else the last full one shown
    // for the same scenario (or the one the built page carries), so a quick estimate never
    // takes back a full answer.
    let last_full = use_mut_ref(|| props.options.first_result.clone());
    let full = full_for(
        &valid,
        results.simulated.as_ref(),
        &mut last_full.borrow_mut(),
    );
    // Whether the results shown are for the latest inputs (they follow one frame later).
    let settled = *valid == *current;
    let is_full = full.is_some() && settled;
    let mc: Rc<MonteCarlo> = full.unwrap_or_else(|| (*preview).clone());
    let curves = results
        .curves
        .as_ref()
        .map(|(v, c)| (c.clone(), **v != *current));
    let tornado: Option<Rc<Sensitivity>> = results
        .sensitivity
        .as_ref()
        .filter(|(v, _)| **v == *valid)
        .map(|(_, s)| s.clone());

    // One callback for the whole life of the widget, so children whose other props did not
    // change (every client card but the one being edited) are not rendered again.
    let dispatch = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |action: Action| dispatcher.dispatch(action))
        }))
        .clone()
    };
    let on_key = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("z") {
                e.prevent_default();
                dispatch.emit(if e.shift_key() {
                    Action::Redo
                } else {
                    Action::Undo
                });
            } else if (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("y") {
                e.prevent_default();
                dispatch.emit(Action::Redo);
            }
        })
    };
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |choice: ThemeChoice| theme.set(choice))
    };
    let on_add = dispatch.reform(|_: MouseEvent| Action::AddClient);

    let s = valid.get();
    let p: &revenue_model::Projection = &projection;
    let start = s.start;
    let end = start.plus_months(s.horizon_months.saturating_sub(1));
    let target = s.target_annual_revenue_musd;
    let active_preset = story.active_preset(&state.scenario);
    let headline = headline_name(&valid);
    // One resolved theme for the page and the charts.
    let theme_attr = if dark { "dark" } else { "light" };
    let status = if is_full {
        format!(
            "Monte Carlo: {} runs, seed {}.",
            fmt_fixed(f64::from(mc.runs), 0),
            s.simulation.seed
        )
    } else if settled && results.failed.as_deref() == Some(&*valid) {
        format!(
            "Quick estimate from {} runs; the full {} could not be computed.",
            fmt_fixed(f64::from(mc.runs), 0),
            fmt_fixed(f64::from(s.simulation.runs), 0)
        )
    } else {
        // Unsettled, the quick estimate for the latest inputs is a frame away: say so now.
        let c = current.get();
        format!(
            "Quick estimate from {} runs; refining to {}…",
            fmt_fixed(f64::from(preview_runs(&current)), 0),
            fmt_fixed(f64::from(c.simulation.runs), 0)
        )
    };
    let errors = state.errors.clone();
    let csv = (*use_memo(
        ((*projection).clone(), (*concentration).clone(), mc.clone()),
        |(projection, concentration, mc)| {
            let (projection, concentration, mc) =
                (projection.clone(), concentration.clone(), mc.clone());
            Callback::from(move |_: ()| {
                revenue_model::export::csv(&projection, &concentration, &mc)
            })
        },
    ))
    .clone();
    let (share_scenario, share_valid) = if *share_open {
        (state.scenario.clone(), current.clone())
    } else {
        (later_scenario.clone(), valid.clone())
    };
    let (inputs, input_errors) = if *all_open {
        (state.scenario.clone(), errors.clone())
    } else {
        (later_scenario, later_errors)
    };
    let dismiss = dismiss_notices.reform(|_: MouseEvent| ());
    let error_count = errors.as_ref().map_or(0, |e| e.0.len());
    let answer = answer(&valid, p, &mc, &story);
    let link_text = use_memo(valid.clone(), |v| revenue_model::share::encode(v.get()));
    use_host_api(
        props.options.channel.clone(),
        props.options.persist,
        Targets {
            state: state.clone(),
            theme: theme.clone(),
            notify: notify.clone(),
            story: story.clone(),
        },
        Change {
            scenario: (*link_text).clone(),
            chance: answer.chance.clone(),
            probability: mc.p_reach_target,
            sentence: answer.sentence.clone(),
            full: is_full,
        },
    );
    html! {
        <div class="rm-widget" data-theme={theme_attr} onkeydown={on_key} ref={root_ref}>
            <header class="rm-header">
                <h2 class="rm-title">{ story.file().question.clone() }</h2>
                <p class="rm-answer">
                    <span class="rm-answer-number">{ answer.chance.clone() }</span>
                    <span class="rm-answer-words">
                        { answer.chance_words.clone() }
                        if let Some(share) = answer.share_words.clone() {
                            <br />{ share }
                        }
                    </span>
                </p>
                <p class="rm-lede" aria-live="polite">{ answer.sentence.clone() }</p>
                <WhatItWouldTake scenario={state.scenario.clone()} target_annual_musd={target} curves={curves.clone()} />
            </header>
            <Presets active_preset={active_preset} dispatch={dispatch.clone()} />
            <Chart id="rm-chart-fan"
                data={ChartData::Fan(mc.clone(), start, target, (*overlays).clone(), headline.clone())} {dark} />
            <Levers scenario={state.scenario.clone()} errors={errors.clone()} {curves} {dark} dispatch={dispatch.clone()} />
            <div class="rm-controls">
                <HistoryBar
                    can_undo={state.can_undo()}
                    can_redo={state.can_redo()}
                    theme={*theme}
                    dispatch={dispatch.clone()}
                    on_theme={on_theme}
                />
                <details class="rm-share" ontoggle={on_toggle(&share_open)}>
                    <summary class="rm-button rm-small rm-share-summary">{ "Share and export" }</summary>
                    if painted || *share_open {
                        <ShareBar
                            scenario={share_scenario}
                            valid={share_valid}
                            csv={csv}
                            dispatch={dispatch.clone()}
                            notify={notify.clone()}
                        />
                    }
                </details>
            </div>
            if error_count > 0 {
                <p class="rm-notice" role="status">
                    { format!("{error_count} input{} need{} fixing; the results show the last valid scenario.",
                        if error_count == 1 { "" } else { "s" }, if error_count == 1 { "s" } else { "" }) }
                </p>
            }
            if !notices.is_empty() {
                <div class="rm-notices" role="status">
                    for message in notices.iter() {
                        <p class="rm-notice">{ message.clone() }</p>
                    }
                    <button type="button" class="rm-button" onclick={dismiss}>{ "Dismiss" }</button>
                </div>
            }
            <div class="rm-notes">
                <p class="rm-definition rm-preset-note" aria-live="polite">{ preset_note(&story, active_preset) }</p>
                <p class="rm-definition">{ format!("The chance is {}.", target_definition(target, end)) }</p>
                <p class="rm-status" data-full={is_full.to_string()}>{ status }</p>
            </div>
            <section class="rm-panel rm-results-panel" aria-label="Results">
                <DepartureTest valid={valid.clone()} projection={(*projection).clone()}
                    client={leaving_index} month={leaving_month} odds={odds} {odds_stale}
                    on_choose={on_choose} dispatch={dispatch.clone()} />
                <Tabs label="More results" hidden_panels={painted} tabs={vec![
                    Tab { id: "article", lazy: false, label: "The article", panel: html! {
                        <ArticleTable valid={valid.clone()} />
                    } },
                    Tab { id: "concentration", lazy: true, label: "Concentration", panel: html! {
                        <Chart id="rm-chart-concentration"
                            data={ChartData::Concentration(mc.clone(), (*concentration).clone(), start, headline.clone())} {dark} />
                    } },
                    Tab { id: "figures", lazy: false, label: "Key figures", panel: html! {
                        <KeyFigures valid={valid.clone()} projection={(*projection).clone()} concentration={(*concentration).clone()} mc={mc.clone()} />
                    } },
                    Tab { id: "final-year", lazy: true, label: "Final year", panel: html! {
                        <Chart id="rm-chart-final-year" data={ChartData::FinalYear(mc.clone(), target)} {dark} />
                    } },
                    Tab { id: "sensitivity", label: "Sensitivity", lazy: true, panel: html! {
                        <SensitivityPanel valid={valid.clone()} full={tornado} {dark} />
                    } },
                    Tab { id: "by-client", lazy: true, label: "By client", panel: html! {
                        <Chart id="rm-chart-revenue" data={ChartData::RevenueByClient((*projection).clone())} {dark} />
                    } },
                ]} />
            </section>
            <details class="rm-panel rm-inputs-panel rm-all" ontoggle={on_toggle(&all_open)}>
                <summary class="rm-panel-title">{ "All assumptions" }</summary>
                if painted || *all_open {
                    <p class="rm-hint">{ "Every input, with a tag saying where its value comes from." }</p>
                    <ScenarioInputs scenario={inputs.clone()} errors={input_errors.clone()} dispatch={dispatch.clone()} />
                    for (i, c) in inputs.clients.iter().enumerate() {
                        <ClientCard
                            key={c.id}
                            index={i}
                            client={c.clone()}
                            horizon={inputs.horizon_months.clamp(1, 120)}
                            removable={inputs.clients.len() > 1}
                            errors={input_errors.clone()}
                            dispatch={dispatch.clone()}
                        />
                    }
                    <button type="button" class="rm-button rm-add" onclick={on_add}
                        disabled={inputs.clients.len() >= revenue_model::validate::MAX_CLIENTS}>{ "Add a client" }</button>
                }
            </details>
        </div>
    }
}
