//! The widget's hooks for effects beyond its own DOM: keeping the scenario in the URL
//! and storage, following links pasted into the same tab, telling an embedding page the
//! widget's height, and getting full results from the simulation worker.

use crate::platform::simulation::SimulationClient;
use crate::platform::{host, perf};
use crate::protocol::{Job, Reply, Request};
use crate::startup::{Options, STORAGE_UNAVAILABLE};
use crate::state::{Action, State};
use revenue_model::levers::Curve;
use revenue_model::monte_carlo::MonteCarlo;
use revenue_model::sensitivity::Sensitivity;
use revenue_model::ValidScenario;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// With `persist`, writes the scenario to the URL fragment and local storage once input
/// pauses (not on the first render when `skip_first`: the page already shows it), says
/// once through `notify` if storage fails, and follows links pasted into the same tab.
#[hook]
pub(crate) fn use_persistence(
    persist: bool,
    skip_first: bool,
    state: UseReducerHandle<State>,
    notify: Callback<String>,
) {
    // Keep the scenario in the URL and in local storage once input pauses; say once if
    // storage fails.
    {
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
}

/// Inside an iframe, tells the parent page the height of the element `root_ref`.
#[hook]
pub(crate) fn use_frame_height(root_ref: NodeRef) {
    // Inside an iframe, tell the parent page how tall the widget is.
    {
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
}

/// The full results the worker has sent for the latest request.
#[derive(Clone, Default, PartialEq)]
pub(crate) struct WorkerResults {
    /// The full Monte Carlo and the scenario it is for.
    pub(crate) simulated: Option<(Rc<ValidScenario>, Rc<MonteCarlo>)>,
    /// The sensitivity with probabilities and the scenario it is for.
    pub(crate) sensitivity: Option<(Rc<ValidScenario>, Rc<Sensitivity>)>,
    /// The key levers' response curves and the scenario they are for.
    pub(crate) curves: Option<(Rc<ValidScenario>, Rc<Vec<Curve>>)>,
}

/// Requests sent to the worker, by id, so a reply finds its scenario.
#[derive(Default)]
struct Pending {
    last_id: u32,
    sent: Vec<(u32, Rc<ValidScenario>, f64)>,
}

/// Full results for `valid` from the simulation worker (or, without one, from the main
/// thread after yielding): the latest request wins and replies for older scenarios are
/// dropped; once the Monte Carlo is in, the sensitivity's probabilities are asked for.
#[hook]
pub(crate) fn use_worker_results(valid: Rc<ValidScenario>, options: &Options) -> WorkerResults {
    // The worker: the latest request wins; replies for older scenarios are dropped.
    let results = use_state(WorkerResults::default);
    let pending = use_mut_ref(Pending::default);
    let client = {
        let results = results.setter();
        let latest = use_mut_ref(WorkerResults::default);
        let pending = pending.clone();
        let base = options.base.clone().filter(|_| options.worker);
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
                            next.simulated = Some((v, Rc::new(*result)));
                        }
                        None => return,
                    },
                    Reply::Sensitivity { id, result } => match find(id) {
                        Some((v, _)) => next.sensitivity = Some((v, Rc::new(result))),
                        None => return,
                    },
                    Reply::Curves { id, result } => match find(id) {
                        Some((v, _)) => next.curves = Some((v, Rc::new(result))),
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
    // Once the full Monte Carlo of the latest scenario is in, ask for the levers' response
    // curves (on the first screen), and once those are in, the tornado's probabilities.
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
                        job: Job::Curves,
                        scenario: v.get().clone(),
                    });
                }
            }
        });
    }
    {
        let client = client.clone();
        let pending = pending.clone();
        let curves_for = results.curves.as_ref().map(|(v, _)| v.clone());
        use_effect_with(curves_for, move |simulated_for| {
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
    (*results).clone()
}
