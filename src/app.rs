//! The widget's root component: the state, the results derived from it (the
//! expected path and concentration at once, a quick Monte Carlo preview on the main
//! thread, the full Monte Carlo and sensitivity from the worker), and the layout.

use crate::components::article_table::ArticleTable;
use crate::components::chart::{Chart, ChartData};
use crate::components::client_card::ClientCard;
use crate::components::results::{summary_sentence, DepartureTest, KeyFigures};
use crate::components::scenario_inputs::ScenarioInputs;
use crate::components::share::ShareBar;
use crate::components::toolbar::{ThemeChoice, Toolbar};
use crate::platform::simulation::SimulationClient;
use crate::platform::{host, perf};
use crate::protocol::{Job, Reply, Request};
use crate::state::{Action, State};
use revenue_model::format::{fmt_fixed, fmt_musd, fmt_musd_short, fmt_pct};
use revenue_model::monte_carlo::{simulate_runs, MonteCarlo};
use revenue_model::presets::Preset;
use revenue_model::sensitivity::{sensitivity, Sensitivity};
use revenue_model::{concentration, project, Scenario, ValidScenario};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Runs of the quick Monte Carlo shown while the reader changes inputs (the same
/// seed and streams as the full run, so the bands do not jitter).
pub const PREVIEW_RUNS: u32 = 400;

fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The full results the worker has sent for the latest request.
#[derive(Clone, Default, PartialEq)]
struct WorkerResults {
    simulated: Option<(Rc<ValidScenario>, Rc<MonteCarlo>)>,
    sensitivity: Option<(Rc<ValidScenario>, Rc<Sensitivity>)>,
}

/// Requests sent to the worker, by id, so a reply finds its scenario.
#[derive(Default)]
struct Pending {
    last_id: u32,
    sent: Vec<(u32, Rc<ValidScenario>, f64)>,
}

/// How a widget is mounted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// A preset to start from (`article`, `bytedance-exit`, `diversified`, `growth-misses`).
    pub preset: Option<String>,
    /// `light`, `dark` or `auto`.
    pub theme: Option<String>,
    /// The folder URL of the widget's files (ending in `/`), to start the worker from.
    pub base: Option<String>,
    /// Run the full Monte Carlo in a worker (else on the main thread, after yielding).
    pub worker: bool,
    /// Read and write the scenario in the page URL and local storage.
    pub persist: bool,
}

/// Props of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// How the widget is mounted.
    #[prop_or_default]
    pub options: Options,
}

/// Where the widget starts: the scenario, the theme, and what was ignored on the way.
struct Start {
    scenario: Scenario,
    theme: ThemeChoice,
    notices: Vec<String>,
    /// Whether the URL already carries the scenario (so there is no need to write it).
    from_url: bool,
}

fn theme_of(text: Option<&str>, notices: &mut Vec<String>) -> ThemeChoice {
    match text.map(str::trim) {
        None | Some("") | Some("auto") => ThemeChoice::System,
        Some("light") => ThemeChoice::Light,
        Some("dark") => ThemeChoice::Dark,
        Some(other) => {
            notices.push(format!(
                "The theme \"{}\" is unknown; following the system's.",
                other.chars().take(20).collect::<String>()
            ));
            ThemeChoice::System
        }
    }
}

fn preset_of(slug: &str, notices: &mut Vec<String>) -> Option<Scenario> {
    match Preset::from_slug(slug) {
        Some(p) => Some(p.scenario()),
        None => {
            notices.push(format!(
                "The preset \"{}\" is unknown; showing the article's base case.",
                slug.chars().take(30).collect::<String>()
            ));
            None
        }
    }
}

/// Decides the starting scenario: the link's scenario, else its preset, else the saved
/// one, else the article's base case. Anything unreadable is ignored and said so.
fn start_from(options: &Options) -> Start {
    use revenue_model::share::{decode, describe_ignored, repair};
    let mut notices = Vec::new();
    let mut theme_text = options.theme.clone();
    let mut scenario = options
        .preset
        .as_deref()
        .and_then(|slug| preset_of(slug, &mut notices));
    let mut from_url = false;
    if options.persist {
        let url = host::read_url();
        if url.too_long {
            notices
                .push("The link is too long to read; showing the article's base case.".to_string());
        }
        theme_text = url.theme.or(theme_text);
        if let Some(text) = url.scenario {
            let decoded = decode(&text);
            let (valid, notes) = repair(decoded.scenario);
            let all: Vec<String> = decoded.ignored.into_iter().chain(notes).collect();
            notices.extend(describe_ignored("link", &all));
            scenario = Some(valid.into_inner());
            from_url = true;
        } else if let Some(slug) = url.preset {
            scenario = preset_of(&slug, &mut notices);
        }
        if scenario.is_none() {
            match host::load_saved() {
                Ok(Some(text)) => match revenue_model::share::scenario_from_json(&text) {
                    Ok((valid, notes)) => {
                        notices.extend(describe_ignored("saved scenario", &notes));
                        scenario = Some(valid.into_inner());
                    }
                    Err(e) => notices.push(format!("The saved scenario was ignored ({e}); starting from the article's base case.")),
                },
                Ok(None) => {}
                Err(host::StorageUnavailable) => notices.push(STORAGE_UNAVAILABLE.to_string()),
            }
        }
    }
    let theme = theme_of(theme_text.as_deref(), &mut notices);
    Start {
        scenario: scenario.unwrap_or_default(),
        theme,
        notices,
        from_url,
    }
}

/// Said once when the page cannot keep the reader's changes.
const STORAGE_UNAVAILABLE: &str =
    "This page cannot save your changes on this device; use Copy link or Download to keep them.";

/// The whole widget.
#[component]
pub fn App(props: &AppProps) -> Html {
    let options = props.options.clone();
    let start = use_memo((), move |_| start_from(&options));
    let state = {
        let scenario = start.scenario.clone();
        use_reducer(move || State::new(scenario))
    };
    let theme = use_state(|| start.theme);
    let notices = use_state(|| start.notices.clone());
    let notify = {
        let notices = notices.clone();
        Callback::from(move |message: String| {
            let mut next = (*notices).clone();
            if !next.contains(&message) {
                next.push(message);
            }
            // Keep the last few.
            let keep = next.len().saturating_sub(4);
            notices.set(next.split_off(keep));
        })
    };
    let root_ref = use_node_ref();
    // Keep the scenario in the URL and in local storage once input pauses; say once if
    // storage fails.
    {
        let persist = props.options.persist;
        let skip_first = !start.from_url;
        let first = use_mut_ref(|| true);
        let queue = {
            let notify = notify.clone();
            use_memo((), move |_| {
                host::PersistQueue::new(move || notify.emit(STORAGE_UNAVAILABLE.to_string()))
            })
        };
        use_effect_with(state.scenario.clone(), move |scenario| {
            let is_first = std::mem::replace(&mut *first.borrow_mut(), false);
            if persist && !(is_first && skip_first) {
                let json = serde_json::to_string(scenario).unwrap_or_default();
                queue.push(revenue_model::share::encode(scenario), json);
            }
        });
    }
    // A link pasted into the same tab changes only the fragment: follow it.
    {
        let persist = props.options.persist;
        let state = state.clone();
        let notify = notify.clone();
        use_effect_with((), move |_| {
            let watch = persist.then(|| {
                host::watch_fragment(move |text| {
                    let decoded = revenue_model::share::decode(&text);
                    let (valid, notes) = revenue_model::share::repair(decoded.scenario);
                    let all: Vec<String> = decoded.ignored.into_iter().chain(notes).collect();
                    if let Some(message) = revenue_model::share::describe_ignored("link", &all) {
                        notify.emit(message);
                    }
                    state.dispatch(Action::Replace(valid.into_inner()));
                })
            });
            move || drop(watch)
        });
    }
    // Inside an iframe, tell the parent page how tall the widget is.
    {
        let root_ref = root_ref.clone();
        use_effect_with((), move |_| {
            let mut keep = None;
            if let (true, Some(element)) = (host::in_frame(), root_ref.cast::<web_sys::Element>()) {
                let target = element.clone();
                let on_resize = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                    host::post_height(target.get_bounding_client_rect().height());
                });
                if let Ok(observer) = web_sys::ResizeObserver::new(
                    wasm_bindgen::JsCast::unchecked_ref(on_resize.as_ref()),
                ) {
                    observer.observe(&element);
                    keep = Some((observer, on_resize));
                }
            }
            move || {
                if let Some((observer, _closure)) = keep {
                    observer.disconnect();
                }
            }
        });
    }
    let system_dark = use_memo((), |_| prefers_dark());
    let dark = match *theme {
        ThemeChoice::System => *system_dark,
        ThemeChoice::Light => false,
        ThemeChoice::Dark => true,
    };

    let valid = state.valid.clone();
    let projection = use_memo(valid.clone(), |v| Rc::new(project(v)));
    let concentration = use_memo(((*projection).clone(), valid.clone()), |(p, v)| {
        let customers: Vec<u32> = v.get().clients.iter().map(|c| c.customers).collect();
        Rc::new(concentration::concentration(
            p,
            &customers,
            v.get().company_annual_revenue_musd,
        ))
    });
    let preview = use_memo(valid.clone(), |v| {
        let span = perf::start("model:preview");
        let mc = simulate_runs(v, PREVIEW_RUNS.min(v.get().simulation.runs));
        span.end();
        Rc::new(mc)
    });
    let quick_sensitivity = use_memo(valid.clone(), |v| Rc::new(sensitivity(v, None)));

    // The worker: the latest request wins; replies for older scenarios are dropped.
    let results = use_state(WorkerResults::default);
    let pending = use_mut_ref(Pending::default);
    let client = {
        let results = results.setter();
        let latest = use_mut_ref(WorkerResults::default);
        let pending = pending.clone();
        let base = props.options.base.clone().filter(|_| props.options.worker);
        use_memo((), move |_| {
            let latest: Rc<RefCell<WorkerResults>> = latest;
            SimulationClient::start(base.as_deref(), move |reply| {
                let find = |id: u32| {
                    let p = pending.borrow();
                    (id == p.last_id)
                        .then(|| {
                            p.sent
                                .iter()
                                .find(|(i, _, _)| *i == id)
                                .map(|(_, v, t)| (v.clone(), *t))
                        })
                        .flatten()
                };
                let mut next = latest.borrow().clone();
                match reply {
                    Reply::Simulated { id, result } => match find(id) {
                        Some((v, started)) => {
                            perf::measure_since("model:simulate", started);
                            next.simulated = Some((v, Rc::new(result)));
                        }
                        None => return,
                    },
                    Reply::Sensitivity { id, result } => match find(id) {
                        Some((v, _)) => next.sensitivity = Some((v, Rc::new(result))),
                        None => return,
                    },
                    Reply::Failed { .. } | Reply::Ready => return,
                }
                *latest.borrow_mut() = next.clone();
                results.set(next);
            })
        })
    };
    {
        let client = client.clone();
        let pending = pending.clone();
        use_effect_with(valid.clone(), move |v| {
            let mut p = pending.borrow_mut();
            p.last_id = p.last_id.wrapping_add(1);
            let id = p.last_id;
            p.sent.retain(|(i, _, _)| i.wrapping_add(8) > id);
            p.sent.push((id, v.clone(), perf::now()));
            drop(p);
            client.submit(Request {
                id,
                job: Job::Simulate,
                scenario: v.get().clone(),
            });
        });
    }
    // Once the full Monte Carlo of the latest scenario is in, ask for the tornado's probabilities.
    {
        let client = client.clone();
        let pending = pending.clone();
        let simulated_for = results.simulated.as_ref().map(|(v, _)| v.clone());
        use_effect_with(simulated_for, move |simulated_for| {
            if let Some(v) = simulated_for {
                let mut p = pending.borrow_mut();
                if p.sent
                    .iter()
                    .any(|(i, sv, _)| *i == p.last_id && Rc::ptr_eq(sv, v))
                {
                    p.last_id = p.last_id.wrapping_add(1);
                    let id = p.last_id;
                    p.sent.push((id, v.clone(), perf::now()));
                    drop(p);
                    client.submit(Request {
                        id,
                        job: Job::Sensitivity,
                        scenario: v.get().clone(),
                    });
                }
            }
        });
    }
    let full = results
        .simulated
        .as_ref()
        .filter(|(v, _)| **v == *valid)
        .map(|(_, mc)| mc.clone());
    let is_full = full.is_some();
    let mc: Rc<MonteCarlo> = full.unwrap_or_else(|| (*preview).clone());
    let tornado: Rc<Sensitivity> = results
        .sensitivity
        .as_ref()
        .filter(|(v, _)| **v == *valid)
        .map(|(_, s)| s.clone())
        .unwrap_or_else(|| (*quick_sensitivity).clone());

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
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            if (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("z") {
                e.prevent_default();
                state.dispatch(if e.shift_key() {
                    Action::Redo
                } else {
                    Action::Undo
                });
            } else if (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("y") {
                e.prevent_default();
                state.dispatch(Action::Redo);
            }
        })
    };
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |choice: ThemeChoice| theme.set(choice))
    };
    let on_add = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::AddClient))
    };

    let s = valid.get();
    let p: &revenue_model::Projection = &projection;
    let start = s.start;
    let end = start.plus_months(s.horizon_months.saturating_sub(1));
    let target = s.target_annual_revenue_musd;
    let active_preset = Preset::ALL
        .into_iter()
        .find(|preset| preset.scenario() == state.scenario);
    let first_total = p.total_musd.first().copied().unwrap_or(0.0);
    let last_total = p.total_musd.last().copied().unwrap_or(0.0);
    let conc_first = concentration.months.first();
    let conc_last = concentration.months.last();
    let summaries = [
        format!(
            "Expected revenue rises from {} a month in {} to {} in {}; the target needs {} a month.",
            fmt_musd(first_total),
            start.label(),
            fmt_musd(last_total),
            end.label(),
            fmt_musd(target / 12.0)
        ),
        format!(
            "The HHI moves from {} to {} and the largest customer's share from {} to {}, against a 10% disclosure threshold.",
            fmt_fixed(conc_first.map_or(0.0, |m| m.hhi), 0),
            fmt_fixed(conc_last.map_or(0.0, |m| m.hhi), 0),
            fmt_pct(conc_first.map_or(0.0, |m| m.top1_share)),
            fmt_pct(conc_last.map_or(0.0, |m| m.top1_share))
        ),
        format!(
            "In {} the middle half of {} runs lies between {} and {} a month; {} of runs reach {} a year.",
            end.label(),
            fmt_fixed(f64::from(mc.runs), 0),
            fmt_musd(mc.percentiles_musd.last().map_or(0.0, |p| p[1])),
            fmt_musd(mc.percentiles_musd.last().map_or(0.0, |p| p[3])),
            fmt_pct(mc.p_reach_target),
            fmt_musd_short(target)
        ),
        format!(
            "The final 12 months bring {} in the median run; the worst 5% average {}.",
            fmt_musd_short(mc.years.last().map_or(0.0, |y| y.percentiles_musd[2])),
            fmt_musd_short(mc.worst_5pct_mean_musd)
        ),
        tornado.rows.first().map_or_else(
            || "No input moves the next 12 months' revenue.".to_string(),
            |r| {
                format!(
                    "{} moves the next 12 months' revenue most: from {} to {}.",
                    r.label,
                    fmt_musd_short(r.low_forward_12m_musd),
                    fmt_musd_short(r.high_forward_12m_musd)
                )
            },
        ),
    ];
    let [s_revenue, s_conc, s_fan, s_final, s_tornado] = summaries;
    let theme_attr = match *theme {
        ThemeChoice::System => None,
        ThemeChoice::Light => Some("light"),
        ThemeChoice::Dark => Some("dark"),
    };
    let status = if is_full {
        format!(
            "Monte Carlo: {} runs, seed {}.",
            fmt_fixed(f64::from(mc.runs), 0),
            s.simulation.seed
        )
    } else {
        format!(
            "Quick estimate from {} runs; refining to {}…",
            fmt_fixed(f64::from(mc.runs), 0),
            fmt_fixed(f64::from(s.simulation.runs), 0)
        )
    };
    let errors = state.errors.clone();
    let csv = {
        let projection = (*projection).clone();
        let concentration = (*concentration).clone();
        let mc = mc.clone();
        Callback::from(move |_: ()| revenue_model::export::csv(&projection, &concentration, &mc))
    };
    let dismiss = {
        let notices = notices.clone();
        Callback::from(move |_: MouseEvent| notices.set(Vec::new()))
    };
    let error_count = errors.as_ref().map_or(0, |e| e.0.len());
    html! {
        <div class="rm-widget" data-theme={theme_attr} onkeydown={on_key} ref={root_ref}>
            <header class="rm-header">
                <h2 class="rm-title">{ "How much of Microsoft's AI revenue is TikTok?" }</h2>
                <p class="rm-lede" aria-live="polite">{ summary_sentence(&valid, p, &mc) }</p>
                <p class="rm-status" data-full={is_full.to_string()}>{ status }</p>
            </header>
            <Toolbar
                active_preset={active_preset}
                can_undo={state.can_undo()}
                can_redo={state.can_redo()}
                theme={*theme}
                dispatch={dispatch.clone()}
                on_theme={on_theme}
            />
            <ShareBar
                scenario={state.scenario.clone()}
                valid={valid.clone()}
                csv={csv}
                dispatch={dispatch.clone()}
                notify={notify.clone()}
            />
            if !notices.is_empty() {
                <div class="rm-notices" role="status">
                    for message in notices.iter() {
                        <p class="rm-notice">{ message.clone() }</p>
                    }
                    <button type="button" class="rm-button" onclick={dismiss}>{ "Dismiss" }</button>
                </div>
            }
            if error_count > 0 {
                <p class="rm-notice" role="status">
                    { format!("{error_count} input{} need{} fixing; the results show the last valid scenario.",
                        if error_count == 1 { "" } else { "s" }, if error_count == 1 { "s" } else { "" }) }
                </p>
            }
            <div class="rm-layout">
                <section class="rm-panel rm-inputs-panel" aria-label="Assumptions">
                    <h3 class="rm-panel-title">{ "Assumptions" }</h3>
                    <p class="rm-hint">{ "Tags say which figures the article reports and which are assumptions." }</p>
                    <ScenarioInputs scenario={state.scenario.clone()} errors={errors.clone()} dispatch={dispatch.clone()} />
                    for (i, c) in state.scenario.clients.iter().enumerate() {
                        <ClientCard
                            key={i}
                            index={i}
                            client={c.clone()}
                            horizon={state.scenario.horizon_months.clamp(1, 120)}
                            removable={state.scenario.clients.len() > 1}
                            errors={errors.clone()}
                            dispatch={dispatch.clone()}
                        />
                    }
                    <button type="button" class="rm-button rm-add" onclick={on_add}
                        disabled={state.scenario.clients.len() >= revenue_model::validate::MAX_CLIENTS}>{ "Add a client" }</button>
                </section>
                <section class="rm-panel rm-results-panel" aria-label="Results">
                    <ArticleTable valid={valid.clone()} />
                    <KeyFigures valid={valid.clone()} projection={(*projection).clone()} concentration={(*concentration).clone()} mc={mc.clone()} />
                    <DepartureTest valid={valid.clone()} projection={(*projection).clone()} />
                    <Chart id="rm-chart-revenue" label="Revenue by client, $M per month" summary={s_revenue}
                        data={ChartData::RevenueByClient((*projection).clone())} {dark} />
                    <Chart id="rm-chart-concentration" label="Customer concentration over time" summary={s_conc}
                        data={ChartData::Concentration((*concentration).clone(), start)} {dark} />
                    <Chart id="rm-chart-fan" label="Monte Carlo fan of monthly revenue" summary={s_fan}
                        data={ChartData::Fan(mc.clone(), start, target)} {dark} />
                    <Chart id="rm-chart-final-year" label="Distribution of the final year's revenue" summary={s_final}
                        data={ChartData::FinalYear(mc.clone(), target)} {dark} />
                    <Chart id="rm-chart-tornado" label="Sensitivity of the next 12 months' revenue" summary={s_tornado}
                        data={ChartData::Tornado(tornado.clone())} {dark} />
                </section>
            </div>
        </div>
    }
}
