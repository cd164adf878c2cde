//! The widget's hooks for effects beyond its own DOM: keeping the scenario in the URL
//! and storage, following links pasted into the same tab, telling an embedding page the
//! widget's height, following the system's colour scheme, the notices, getting full
//! results from the compute client, and values that follow only after the browser has
//! painted (so an input shows in the frame it arrives in).

use crate::platform::simulation::{self, DepartureKey, Outcome, SimulationClient};
use crate::platform::{frame, host, perf};
use crate::startup::{Options, STORAGE_UNAVAILABLE};
use crate::state::{Action, State};
use revenue_model::levers::Curve;
use revenue_model::monte_carlo::MonteCarlo;
use revenue_model::sensitivity::Sensitivity;
use revenue_model::stress::DepartureOdds;
use revenue_model::{Story, ValidScenario};
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
    storage_key: String,
    story: Rc<Story>,
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
                host::PersistQueue::new(storage_key, move || {
                    notify.emit(STORAGE_UNAVAILABLE.to_string())
                })
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
                    let base = story.base_case();
                    let decoded = revenue_model::share::decode(&text, base.get());
                    let (valid, notes) = revenue_model::share::repair(decoded.scenario, base);
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

/// How many notices are shown at once (the latest).
const MAX_NOTICES: usize = 4;

/// The notices shown above the widget, and the ones the reader dismissed.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct NoticeList {
    /// Shown, oldest first.
    pub(crate) shown: Vec<String>,
    /// Dismissed: never shown again while the widget lives.
    dismissed: Vec<String>,
}

/// A change to the notices.
pub(crate) enum NoticeAction {
    /// Show a notice, unless it is shown already or was dismissed.
    Show(String),
    /// Dismiss every notice shown.
    DismissAll,
}

impl Reducible for NoticeList {
    type Action = NoticeAction;

    // A reducer, so a callback made in an early render still changes the latest list.
    fn reduce(self: Rc<Self>, action: NoticeAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            NoticeAction::Show(message) => {
                if next.shown.contains(&message) || next.dismissed.contains(&message) {
                    return self;
                }
                next.shown.push(message);
                let extra = next.shown.len().saturating_sub(MAX_NOTICES);
                next.shown.drain(..extra);
            }
            NoticeAction::DismissAll => {
                if next.shown.is_empty() {
                    return self;
                }
                let shown = std::mem::take(&mut next.shown);
                next.dismissed.extend(shown);
            }
        }
        Rc::new(next)
    }
}

/// The notices, starting with `initial`; returns them, a callback that shows one and a
/// callback that dismisses all shown (both valid for the widget's whole life).
#[hook]
pub(crate) fn use_notices(initial: Vec<String>) -> (Vec<String>, Callback<String>, Callback<()>) {
    let list = use_reducer(move || {
        let start = Rc::new(NoticeList::default());
        let list = initial.into_iter().fold(start, |list, message| {
            list.reduce(NoticeAction::Show(message))
        });
        (*list).clone()
    });
    let notify = {
        let dispatcher = list.dispatcher();
        use_memo((), move |_| {
            Callback::from(move |message: String| dispatcher.dispatch(NoticeAction::Show(message)))
        })
    };
    let dismiss = {
        let dispatcher = list.dispatcher();
        use_memo((), move |_| {
            Callback::from(move |()| dispatcher.dispatch(NoticeAction::DismissAll))
        })
    };
    (list.shown.clone(), (*notify).clone(), (*dismiss).clone())
}

/// Whether the system's colour scheme is dark, following its changes while mounted.
#[hook]
pub(crate) fn use_system_dark() -> bool {
    let dark = use_state(host::prefers_dark);
    {
        let dark = dark.setter();
        use_effect_with((), move |_| {
            let listener = host::watch_color_scheme(move |now| dark.set(now));
            move || drop(listener)
        });
    }
    *dark
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

/// The full results for the latest scenario, each with the scenario it is for.
#[derive(Clone, Default, PartialEq)]
pub(crate) struct WorkerResults {
    /// The full Monte Carlo and the scenario it is for.
    pub(crate) simulated: Option<(Rc<ValidScenario>, Rc<MonteCarlo>)>,
    /// The sensitivity with probabilities and the scenario it is for.
    pub(crate) sensitivity: Option<(Rc<ValidScenario>, Rc<Sensitivity>)>,
    /// The key levers' response curves and the scenario they are for.
    pub(crate) curves: Option<(Rc<ValidScenario>, Rc<Vec<Curve>>)>,
    /// The departure test's odds (`None` for a client that cannot leave), with the
    /// scenario and departure they are for.
    pub(crate) departure: Option<(Rc<ValidScenario>, DepartureKey, Option<Rc<DepartureOdds>>)>,
    /// A scenario whose full Monte Carlo could not be computed (nothing refines it).
    pub(crate) failed: Option<Rc<ValidScenario>>,
}

/// Full results for `valid` from the compute client (a worker, or the page's thread in
/// slices): the odds of `departure`, the full Monte Carlo, the response curves, then the
/// sensitivity's probabilities, for the latest scenario only. `notify` gets, once, the notice that the worker failed and the page
/// computes instead.
#[hook]
pub(crate) fn use_worker_results(
    valid: Rc<ValidScenario>,
    departure: DepartureKey,
    options: &Options,
    story: &Story,
    notify: Callback<String>,
) -> WorkerResults {
    let results = use_state(WorkerResults::default);
    // The latest render's `notify` (an older one would see older notices).
    let notify_now = use_mut_ref(|| notify.clone());
    *notify_now.borrow_mut() = notify;
    // When the latest scenario was first asked for, for the "model:simulate" measure.
    let asked_at = use_mut_ref(|| 0.0f64);
    let client = {
        let results = results.setter();
        let latest = use_mut_ref(WorkerResults::default);
        let asked_at = asked_at.clone();
        let base = options.base.clone().filter(|_| options.worker);
        let workers = options.workers;
        let levers: Rc<[revenue_model::levers::Lever]> = Rc::from(story.levers());
        use_memo((), move |_| {
            let latest: Rc<RefCell<WorkerResults>> = latest;
            let workers = workers.map_or_else(simulation::default_workers, |n| {
                (n as usize).min(simulation::MAX_FORCED_WORKERS)
            });
            SimulationClient::start(
                base.as_deref(),
                workers,
                levers,
                move |outcome| {
                    let mut next = latest.borrow().clone();
                    match outcome {
                        Outcome::Simulated(v, result) => {
                            perf::measure_since("model:simulate", *asked_at.borrow());
                            next.simulated = Some((v, Rc::from(result)));
                        }
                        Outcome::Sensitivity(v, result) => {
                            next.sensitivity = Some((v, Rc::new(result)));
                        }
                        Outcome::Curves(v, result) => {
                            next.curves = Some((v, Rc::new(result)));
                        }
                        Outcome::Departure(v, key, odds) => {
                            next.departure = Some((v, key, odds.map(Rc::new)));
                        }
                        Outcome::Failed(v, message) => {
                            web_sys::console::warn_1(&format!("revenue model: {message}").into());
                            next.failed = Some(v);
                        }
                    }
                    *latest.borrow_mut() = next.clone();
                    results.set(next);
                },
                move |notice| {
                    let notify = notify_now.borrow().clone();
                    notify.emit(notice);
                },
            )
        })
    };
    {
        let client = client.clone();
        use_effect_with((valid.clone(), departure), move |(v, departure)| {
            *asked_at.borrow_mut() = perf::now();
            client.want(v.clone(), *departure);
        });
    }
    (*results).clone()
}

/// `value` as it was at the last paint: a change shows here only after the browser has
/// painted the frame that answers the input, so the slider the reader drags (which reads
/// the value at once) moves without waiting for everything that derives from it. A burst
/// of changes within one frame costs one catch-up, to the latest value.
#[hook]
pub(crate) fn use_after_paint<T: Clone + PartialEq + 'static>(value: T) -> T {
    let shown = use_state(|| value.clone());
    let pending = use_mut_ref(|| None::<frame::AfterPaint>);
    {
        let shown = shown.clone();
        // The pending catch-up is replaced by each change and cancelled (dropped) with
        // the component.
        use_effect_with(value, move |value| {
            let next = (*shown != *value).then(|| {
                let value = value.clone();
                frame::after_paint(move || shown.set(value))
            });
            *pending.borrow_mut() = next;
        });
    }
    (*shown).clone()
}

/// `false` until the browser has painted the widget once, then `true`: what no reader
/// sees at first (the contents of closed disclosures) is built in a task of its own after
/// the first paint, so the answer and the chart arrive sooner.
#[hook]
pub(crate) fn use_after_first_paint() -> bool {
    let painted = use_state(|| false);
    let pending = use_mut_ref(|| None::<frame::AfterPaint>);
    {
        let painted = painted.clone();
        use_effect_with((), move |_| {
            *pending.borrow_mut() = Some(frame::after_paint(move || painted.set(true)));
        });
    }
    *painted
}
