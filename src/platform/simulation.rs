//! The widget's one compute client for the departure test's odds, the full Monte Carlo,
//! the response curves and the tornado's probabilities. It works in a Web Worker where
//! one can start, and on the page's own thread otherwise (the single file, a custom
//! element on another origin, a worker that could not load, compile or answer).
//!
//! - Latest only: the client remembers only the latest scenario (and the departure its
//!   test asks about). A job already in the worker runs to its end, then the next job is
//!   for the latest scenario, so a burst of inputs costs one computation.
//! - Keyed by the scenario: a result is delivered when its scenario (and, for the odds,
//!   the departure) equals the latest one, whatever request carried it, and the client
//!   remembers which scenario each delivered result was for, so A → B → A asks again for
//!   whatever A still lacks.
//! - Jobs in order: the departure's odds (cheap, and stated in a sentence), the full
//!   Monte Carlo, the key levers' response curves, then the sensitivity with
//!   probabilities.
//! - Recovery: a worker that sends [`Reply::Unavailable`], raises an error, sends
//!   something unreadable, fails a request, or does not answer in time is stopped; the
//!   client says so once and computes on the page from then on, the job in flight
//!   included.
//! - On the page, work runs in slices of at most about [`PAGE_SLICE_MS`], each its own
//!   task after yielding to the browser: the Monte Carlo and the departure's odds a few
//!   months at a time (bit-identical to one go), the curves a few points at a time, the
//!   sensitivity one move per task. A slice for a scenario that is no longer the latest
//!   is not continued.

use crate::protocol::{
    from_message, read_reply, to_message, write_request, Job, Reply, Request, DEPARTURE_RUNS,
    SENSITIVITY_RUNS,
};
use revenue_model::levers::{Curve, CurveSteps, Lever, CURVE_POINTS, CURVE_RUNS};
use revenue_model::monte_carlo::{Condition, Detail, MonteCarlo, SimulationSteps};
use revenue_model::sensitivity::{Sensitivity, SensitivitySteps};
use revenue_model::stress::{DepartureOdds, DepartureSteps};
use revenue_model::ValidScenario;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

/// The worker's start script, in the folder of the widget's files.
pub const WORKER_SCRIPT: &str = "simulation-worker-loader.js";

/// How long the worker may take to load and say it is ready, ms.
pub const READY_TIMEOUT_MS: i32 = 10_000;

/// How long a job may take in the worker before it counts as not answering: this much,
/// plus [`JOB_MS_PER_MILLION_STEPS`] per million client-months simulated (a generous
/// allowance: a slow phone does a million in well under 100 ms).
pub const JOB_TIMEOUT_BASE_MS: f64 = 5_000.0;
/// See [`JOB_TIMEOUT_BASE_MS`].
pub const JOB_MS_PER_MILLION_STEPS: f64 = 500.0;

/// The notice when the worker never became ready.
pub const NOTICE_NOT_STARTED: &str =
    "The background calculator could not start; computing on this page instead (it may pause briefly).";
/// The notice when the worker stopped answering after it had started.
pub const NOTICE_STOPPED: &str =
    "The background calculator stopped answering; computing on this page instead (it may pause briefly).";

/// How long one task of page work may run before it yields, ms (a task over 50 ms is a
/// "long task": the page would not answer input in time).
pub const PAGE_SLICE_MS: f64 = 8.0;

/// Which departure the departure test asks about: client `client` (index in the
/// scenario) leaving in month `month`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DepartureKey {
    /// The client's index.
    pub client: usize,
    /// The month it leaves.
    pub month: u32,
}

/// A full result, with the scenario it is for.
pub enum Outcome {
    /// The departure test's odds (`None` for a client that cannot leave).
    Departure(Rc<ValidScenario>, DepartureKey, Option<DepartureOdds>),
    /// The full Monte Carlo (boxed: it is much larger than the other outcomes).
    Simulated(Rc<ValidScenario>, Box<MonteCarlo>),
    /// The sensitivity with probabilities.
    Sensitivity(Rc<ValidScenario>, Sensitivity),
    /// The key levers' response curves.
    Curves(Rc<ValidScenario>, Vec<Curve>),
    /// The full Monte Carlo could not be computed for this scenario (so nothing is
    /// refining it).
    Failed(Rc<ValidScenario>, String),
}

struct InFlight {
    id: u32,
    job: Job,
    scenario: Rc<ValidScenario>,
    /// The worker's timer for this job.
    timer: Option<i32>,
}

struct WorkerLink {
    worker: Worker,
    ready: bool,
    /// The ready timer, until the worker is ready.
    ready_timer: Option<i32>,
    _handlers: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Drop for WorkerLink {
    /// A link dropped with its client (the widget unmounted) stops its worker: a reply
    /// would otherwise reach handlers that no longer exist.
    fn drop(&mut self) {
        clear_timer(self.ready_timer.take());
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.set_onmessageerror(None);
        self.worker.terminate();
    }
}

/// Response curves being computed on the page, a few points per task.
struct PageCurves {
    scenario: Rc<ValidScenario>,
    steps: CurveSteps,
}

/// The full Monte Carlo being computed on the page, a few months per task.
struct PageSimulation {
    scenario: Rc<ValidScenario>,
    steps: SimulationSteps,
}

/// The departure's odds being computed on the page, a few months per task.
struct PageDeparture {
    scenario: Rc<ValidScenario>,
    key: DepartureKey,
    steps: Option<DepartureSteps>,
}

/// A sensitivity being computed on the page, one move per task.
struct PageSensitivity {
    scenario: Rc<ValidScenario>,
    steps: SensitivitySteps,
}

struct Inner {
    worker: Option<WorkerLink>,
    latest: Option<Rc<ValidScenario>>,
    /// The departure the latest scenario's departure test asks about.
    latest_departure: Option<DepartureKey>,
    /// The scenario and departure whose odds were delivered last.
    departure: Option<(Rc<ValidScenario>, DepartureKey)>,
    page_departure: Option<PageDeparture>,
    page_simulation: Option<PageSimulation>,
    /// The scenario whose full Monte Carlo was delivered (or failed) last.
    simulated: Option<Rc<ValidScenario>>,
    /// The scenario whose sensitivity was delivered last.
    sensitivity: Option<Rc<ValidScenario>>,
    /// The scenario whose response curves were delivered last.
    curves: Option<Rc<ValidScenario>>,
    page_curves: Option<PageCurves>,
    in_flight: Option<InFlight>,
    /// A page task is scheduled (at most one at a time).
    page_task: bool,
    page_sensitivity: Option<PageSensitivity>,
    next_id: u32,
    fault_told: bool,
    on_outcome: Rc<dyn Fn(Outcome)>,
    on_fault: Rc<dyn Fn(String)>,
    /// The story's key levers, whose curves are computed.
    levers: Rc<[Lever]>,
}

/// A handle on the compute client (cheap to clone).
#[derive(Clone)]
pub struct SimulationClient(Rc<RefCell<Inner>>);

impl PartialEq for SimulationClient {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Runs `task` after `ms` milliseconds; returns the timer's handle.
fn set_timer(ms: i32, task: impl FnOnce() + 'static) -> Option<i32> {
    let task = Closure::once_into_js(task);
    window().and_then(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(task.unchecked_ref(), ms)
            .ok()
    })
}

fn clear_timer(handle: Option<i32>) {
    if let (Some(w), Some(h)) = (window(), handle) {
        w.clear_timeout_with_handle(h);
    }
}

/// The size of a job, in client-months simulated, for its timeout.
fn job_timeout_ms(job: Job, scenario: &ValidScenario, levers: usize) -> i32 {
    let s = scenario.get();
    let per_run = f64::from(s.horizon_months) * s.clients.len() as f64;
    let runs = match job {
        Job::Simulate => f64::from(s.simulation.runs),
        // One run for the scenario as it is and two per move, up to five moves a client.
        Job::Sensitivity => f64::from(SENSITIVITY_RUNS) * (1.0 + 10.0 * s.clients.len() as f64),
        Job::Curves => f64::from(CURVE_RUNS) * (CURVE_POINTS * levers) as f64,
        Job::Departure { .. } => 2.0 * f64::from(DEPARTURE_RUNS),
    };
    let ms = JOB_TIMEOUT_BASE_MS + JOB_MS_PER_MILLION_STEPS * runs * per_run / 1e6;
    ms.min(f64::from(i32::MAX)) as i32
}

impl SimulationClient {
    /// Starts the worker from `base` (the folder URL of the widget's files, ending in
    /// `/`), or computes on the page when `base` is `None` or no worker can be made.
    /// `on_outcome` receives every full result for the latest scenario; `on_fault`
    /// receives, once, the notice that the worker failed and the page computes instead.
    pub fn start(
        base: Option<&str>,
        levers: Rc<[Lever]>,
        on_outcome: impl Fn(Outcome) + 'static,
        on_fault: impl Fn(String) + 'static,
    ) -> SimulationClient {
        let client = SimulationClient(Rc::new(RefCell::new(Inner {
            worker: None,
            latest: None,
            latest_departure: None,
            departure: None,
            page_departure: None,
            page_simulation: None,
            simulated: None,
            sensitivity: None,
            curves: None,
            page_curves: None,
            in_flight: None,
            page_task: false,
            page_sensitivity: None,
            next_id: 0,
            fault_told: false,
            on_outcome: Rc::new(on_outcome),
            on_fault: Rc::new(on_fault),
            levers,
        })));
        // A page on another origin cannot start a worker from the widget's folder (the
        // constructor throws): that is expected, so the page computes without a notice.
        if let Some(worker) = base.and_then(start_worker) {
            client.attach(worker);
        }
        client
    }

    fn attach(&self, worker: Worker) {
        let weak = Rc::downgrade(&self.0);
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let reply = event
                .dyn_into::<MessageEvent>()
                .ok()
                .and_then(|e| read_message(&e.data()));
            if let Some(client) = upgrade(&weak) {
                match reply {
                    Some(reply) => client.on_reply(reply),
                    None => client.fault("an unreadable reply"),
                }
            }
        });
        let weak = Rc::downgrade(&self.0);
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            // Handled here: the browser need not report it as the page's error.
            if let Some(event) = event.dyn_ref::<web_sys::Event>() {
                event.prevent_default();
            }
            if let Some(client) = upgrade(&weak) {
                client.fault("an error");
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_message.as_ref().unchecked_ref()));
        let weak = Rc::downgrade(&self.0);
        let ready_timer = set_timer(READY_TIMEOUT_MS, move || {
            if let Some(client) = upgrade(&weak) {
                let waiting = client.0.borrow().worker.as_ref().is_some_and(|w| !w.ready);
                if waiting {
                    client.fault("no answer while starting");
                }
            }
        });
        self.0.borrow_mut().worker = Some(WorkerLink {
            worker,
            ready: false,
            ready_timer,
            _handlers: vec![on_message, on_error],
        });
    }

    /// Asks for the full results of `scenario`, which becomes the latest scenario, and
    /// for the odds of `departure` in it.
    pub fn want(&self, scenario: Rc<ValidScenario>, departure: DepartureKey) {
        {
            let mut i = self.0.borrow_mut();
            if i.latest.as_deref() == Some(&*scenario) && i.latest_departure == Some(departure) {
                return;
            }
            i.latest = Some(scenario);
            i.latest_departure = Some(departure);
        }
        self.pump();
    }

    /// Whether the client computes on the page (no worker, or the worker failed).
    pub fn on_page(&self) -> bool {
        self.0.borrow().worker.is_none()
    }

    /// The next job the latest scenario needs, if any.
    fn next_job(i: &Inner) -> Option<(Job, Rc<ValidScenario>)> {
        let latest = i.latest.clone()?;
        let departure_done = match (&i.departure, i.latest_departure) {
            (Some((v, key)), Some(want)) => **v == *latest && *key == want,
            (_, None) => true,
            (None, Some(_)) => false,
        };
        if let (false, Some(key)) = (departure_done, i.latest_departure) {
            // Cheap, and shown in a sentence at once: first.
            let job = Job::Departure {
                client: u32::try_from(key.client).unwrap_or(u32::MAX),
                month: key.month,
            };
            Some((job, latest))
        } else if i.simulated.as_deref() != Some(&*latest) {
            Some((Job::Simulate, latest))
        } else if i.curves.as_deref() != Some(&*latest) {
            Some((Job::Curves, latest))
        } else if i.sensitivity.as_deref() != Some(&*latest) {
            Some((Job::Sensitivity, latest))
        } else {
            None
        }
    }

    /// Starts the next job unless one is running.
    fn pump(&self) {
        let send = {
            let mut i = self.0.borrow_mut();
            let Some(worker) = i.worker.as_ref() else {
                drop(i);
                self.schedule_page_task();
                return;
            };
            if !worker.ready || i.in_flight.is_some() {
                return;
            }
            let worker = worker.worker.clone();
            let Some((job, scenario)) = Self::next_job(&i) else {
                return;
            };
            i.next_id = i.next_id.wrapping_add(1);
            let id = i.next_id;
            let request = Request {
                id,
                job,
                scenario: scenario.get().clone(),
                levers: i.levers.to_vec(),
            };
            let timeout = job_timeout_ms(job, &scenario, i.levers.len());
            i.in_flight = Some(InFlight {
                id,
                job,
                scenario,
                timer: None,
            });
            (worker, request, timeout)
        };
        let (worker, request, timeout) = send;
        let id = request.id;
        let (message, transfer) = to_message(&write_request(&request));
        let sent = worker
            .post_message_with_transfer(&message, &transfer)
            .is_ok();
        if !sent {
            self.fault("a request it could not take");
            return;
        }
        let weak = Rc::downgrade(&self.0);
        let timer = set_timer(timeout, move || {
            if let Some(client) = upgrade(&weak) {
                let late = client
                    .0
                    .borrow()
                    .in_flight
                    .as_ref()
                    .is_some_and(|f| f.id == id);
                if late {
                    client.fault("no answer in time");
                }
            }
        });
        if let Some(f) = self.0.borrow_mut().in_flight.as_mut() {
            f.timer = timer;
        }
    }

    fn on_reply(&self, reply: Reply) {
        let finished = {
            let mut i = self.0.borrow_mut();
            match &reply {
                Reply::Ready => {
                    if let Some(w) = i.worker.as_mut() {
                        w.ready = true;
                        clear_timer(w.ready_timer.take());
                    }
                    None
                }
                Reply::Simulated { id, .. }
                | Reply::Sensitivity { id, .. }
                | Reply::Curves { id, .. }
                | Reply::Departure { id, .. } => {
                    if i.in_flight.as_ref().is_some_and(|f| f.id == *id) {
                        i.in_flight.take()
                    } else {
                        // Not the job in flight (cannot happen with one job at a time).
                        return;
                    }
                }
                Reply::Failed { id, .. } => {
                    let matches = i.in_flight.as_ref().is_some_and(|f| f.id == *id);
                    if matches {
                        i.in_flight.take()
                    } else {
                        drop(i);
                        self.fault("a failure for an unknown request");
                        return;
                    }
                }
                Reply::Unavailable { .. } => None,
            }
        };
        if let Some(f) = &finished {
            clear_timer(f.timer);
        }
        match (reply, finished) {
            (Reply::Ready, _) => self.pump(),
            (Reply::Unavailable { message }, _) => self.fault(&message),
            (Reply::Simulated { result, .. }, Some(f)) => {
                self.deliver(Outcome::Simulated(f.scenario, result))
            }
            (Reply::Sensitivity { result, .. }, Some(f)) => {
                self.deliver(Outcome::Sensitivity(f.scenario, result))
            }
            (Reply::Curves { result, .. }, Some(f)) => {
                self.deliver(Outcome::Curves(f.scenario, result))
            }
            (Reply::Departure { result, .. }, Some(f)) => {
                if let Job::Departure { client, month } = f.job {
                    let key = DepartureKey {
                        client: client as usize,
                        month,
                    };
                    self.deliver(Outcome::Departure(f.scenario, key, result));
                }
            }
            // The scenario is valid, so a failure is the worker's (a stale build, say):
            // compute on the page, which gives the real outcome.
            (Reply::Failed { message, .. }, Some(f)) => {
                let job = f.job;
                self.fault(&format!("failed {job:?}: {message}"));
            }
            _ => {}
        }
    }

    /// Records and passes on `outcome` when it is for the latest scenario, then starts
    /// the next job.
    fn deliver(&self, outcome: Outcome) {
        let callback = {
            let mut i = self.0.borrow_mut();
            let latest = i.latest.clone();
            let is_latest = |v: &Rc<ValidScenario>| latest.as_deref() == Some(&**v);
            let keep = match &outcome {
                Outcome::Simulated(v, _) | Outcome::Failed(v, _) => {
                    let keep = is_latest(v);
                    if keep {
                        i.simulated = Some(v.clone());
                    }
                    keep
                }
                Outcome::Sensitivity(v, _) => {
                    let keep = is_latest(v);
                    if keep {
                        i.sensitivity = Some(v.clone());
                    }
                    keep
                }
                Outcome::Curves(v, _) => {
                    let keep = is_latest(v);
                    if keep {
                        i.curves = Some(v.clone());
                    }
                    keep
                }
                Outcome::Departure(v, key, _) => {
                    let keep = is_latest(v) && i.latest_departure == Some(*key);
                    if keep {
                        i.departure = Some((v.clone(), *key));
                    }
                    keep
                }
            };
            keep.then(|| i.on_outcome.clone())
        };
        if let Some(callback) = callback {
            callback(outcome);
        }
        self.pump();
    }

    /// Stops the worker (which `why` describes, for the console), says so once, and
    /// computes on the page from now on, the job in flight included.
    fn fault(&self, why: &str) {
        let (told, on_fault, started) = {
            let mut i = self.0.borrow_mut();
            let Some(link) = i.worker.take() else {
                return;
            };
            clear_timer(link.ready_timer);
            if let Some(f) = i.in_flight.take() {
                clear_timer(f.timer);
            }
            link.worker.set_onmessage(None);
            link.worker.set_onerror(None);
            link.worker.set_onmessageerror(None);
            link.worker.terminate();
            let told = std::mem::replace(&mut i.fault_told, true);
            (told, i.on_fault.clone(), link.ready)
        };
        web_sys::console::warn_1(
            &format!("revenue model: the simulation worker gave {why}; computing on the page")
                .into(),
        );
        if !told {
            on_fault(
                if started {
                    NOTICE_STOPPED
                } else {
                    NOTICE_NOT_STARTED
                }
                .to_string(),
            );
        }
        self.pump();
    }

    /// Schedules one piece of page work after yielding to the browser.
    fn schedule_page_task(&self) {
        {
            let mut i = self.0.borrow_mut();
            if i.page_task || Self::next_job(&i).is_none() {
                return;
            }
            i.page_task = true;
        }
        let weak = Rc::downgrade(&self.0);
        let scheduled = set_timer(0, move || {
            if let Some(client) = upgrade(&weak) {
                client.0.borrow_mut().page_task = false;
                client.page_step();
            }
        });
        if scheduled.is_none() {
            // No timers (no window): compute at once.
            self.0.borrow_mut().page_task = false;
            self.page_step();
        }
    }

    /// One piece of page work for the latest scenario: the whole Monte Carlo, or one
    /// piece of the sensitivity.
    fn page_step(&self) {
        let next = Self::next_job(&self.0.borrow());
        let Some((job, scenario)) = next else {
            return;
        };
        match job {
            Job::Departure { .. } => {
                let Some(key) = self.0.borrow().latest_departure else {
                    return;
                };
                let mut current = self.0.borrow_mut().page_departure.take();
                if current
                    .as_ref()
                    .is_none_or(|p| *p.scenario != *scenario || p.key != key)
                {
                    current = Some(PageDeparture {
                        steps: DepartureSteps::new(
                            &scenario,
                            key.client,
                            key.month,
                            DEPARTURE_RUNS,
                        ),
                        scenario: scenario.clone(),
                        key,
                    });
                }
                let Some(mut current) = current else { return };
                let span = super::perf::start("model:departure-page");
                let more = current
                    .steps
                    .as_mut()
                    .is_some_and(|steps| for_a_slice(|| steps.step(0)));
                span.end();
                if more {
                    self.0.borrow_mut().page_departure = Some(current);
                    self.schedule_page_task();
                } else {
                    let odds = current.steps.map(DepartureSteps::finish);
                    self.deliver(Outcome::Departure(current.scenario, current.key, odds));
                }
            }
            Job::Simulate => {
                let mut current = self.0.borrow_mut().page_simulation.take();
                if current.as_ref().is_none_or(|p| *p.scenario != *scenario) {
                    let runs = scenario.get().simulation.runs;
                    current = Some(PageSimulation {
                        steps: SimulationSteps::new(&scenario, runs, Condition::None, Detail::Full),
                        scenario: scenario.clone(),
                    });
                }
                let Some(mut current) = current else { return };
                let span = super::perf::start("model:simulate-page");
                let more = for_a_slice(|| current.steps.step(0));
                if more {
                    span.end();
                    self.0.borrow_mut().page_simulation = Some(current);
                    self.schedule_page_task();
                } else {
                    let result = current.steps.finish().result;
                    span.end();
                    self.deliver(Outcome::Simulated(current.scenario, Box::new(result)));
                }
            }
            Job::Curves => {
                let mut current = self.0.borrow_mut().page_curves.take();
                if current.as_ref().is_none_or(|p| *p.scenario != *scenario) {
                    let levers = self.0.borrow().levers.clone();
                    current = Some(PageCurves {
                        steps: CurveSteps::new(&scenario, &levers, CURVE_RUNS),
                        scenario: scenario.clone(),
                    });
                }
                let Some(mut current) = current else { return };
                let span = super::perf::start("model:curves-page");
                let more = for_a_slice(|| current.steps.step());
                span.end();
                if more {
                    self.0.borrow_mut().page_curves = Some(current);
                    self.schedule_page_task();
                } else {
                    let curves = current.steps.finish();
                    self.deliver(Outcome::Curves(current.scenario, curves));
                }
            }
            Job::Sensitivity => {
                let mut current = self.0.borrow_mut().page_sensitivity.take();
                if current.as_ref().is_none_or(|p| *p.scenario != *scenario) {
                    current = Some(PageSensitivity {
                        steps: SensitivitySteps::new(&scenario, Some(SENSITIVITY_RUNS)),
                        scenario: scenario.clone(),
                    });
                }
                let Some(mut current) = current else { return };
                let span = super::perf::start("model:sensitivity-page");
                let more = current.steps.step();
                span.end();
                if more {
                    self.0.borrow_mut().page_sensitivity = Some(current);
                    self.schedule_page_task();
                } else {
                    let result = current.steps.finish();
                    self.deliver(Outcome::Sensitivity(current.scenario, result));
                }
            }
        }
    }
}

/// A reply from the worker: a message of numbers and texts (see [`crate::protocol`]), or
/// a plain text, which only the worker's start script sends: the WebAssembly cannot serve
/// (it has no WebAssembly to write messages with), and the text says why.
fn read_message(data: &JsValue) -> Option<Reply> {
    if let Some(message) = data.as_string() {
        return Some(Reply::Unavailable { message });
    }
    from_message(data).as_ref().and_then(read_reply)
}

/// Calls `step` (one piece of work; it returns whether more remain) until nothing
/// remains or [`PAGE_SLICE_MS`] have passed, at least once; returns whether more remain.
fn for_a_slice(mut step: impl FnMut() -> bool) -> bool {
    let started = super::perf::now();
    loop {
        if !step() {
            return false;
        }
        if super::perf::now() - started >= PAGE_SLICE_MS {
            return true;
        }
    }
}

/// Starts the worker's script from `base` and hands it this page's compiled WebAssembly
/// module, which the worker instantiates instead of downloading a wasm file of its own.
/// `None` when no worker can start here, or the module cannot be handed over.
fn start_worker(base: &str) -> Option<Worker> {
    let worker = Worker::new(&format!("{base}{WORKER_SCRIPT}")).ok()?;
    if worker.post_message(&wasm_bindgen::module()).is_ok() {
        Some(worker)
    } else {
        worker.terminate();
        None
    }
}

fn upgrade(weak: &Weak<RefCell<Inner>>) -> Option<SimulationClient> {
    weak.upgrade().map(SimulationClient)
}
