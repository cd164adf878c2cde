//! The widget's one compute client for the departure test's odds, the full Monte Carlo,
//! the response curves and the tornado's probabilities: the shell around
//! [`super::compute::Compute`], which decides everything (latest inputs first, results
//! keyed by scenario, timeouts, recovery). This module only carries its actions out over
//! two transports:
//!
//! - a pool of Web Workers (the reader's cores less one, 1 to [`MAX_WORKERS`]), each
//!   running the page's own compiled WebAssembly module, spoken to with `postMessage`
//!   (`super::worker`'s messages), with a timer per job and one for "ready";
//! - the page's own thread, when no worker can start (the single file, a custom element
//!   on another origin) or none is left: a job runs in slices of at most about
//!   [`PAGE_SLICE_MS`], each its own task after yielding to the browser, with the same
//!   steps a worker takes (`super::worker::JobSteps`), so the bits are the same.

use super::compute::{Action, Compute, Runner, READY_TIMEOUT_MS};
pub use super::compute::{DepartureKey, Outcome};
use super::worker::{from_message, to_message, JobSteps};
use crate::protocol::{decode, encode, fingerprint, Job, Reply, Request};
use revenue_model::levers::Lever;
use revenue_model::ValidScenario;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

/// The worker's start script, in the folder of the widget's files.
pub const WORKER_SCRIPT: &str = "simulation-worker-loader.js";

/// The most workers a widget starts by itself.
pub const MAX_WORKERS: usize = 4;

/// The most workers a page may ask for (`?workers=`, the `workers` mount option).
pub const MAX_FORCED_WORKERS: usize = 8;

/// How long one task of page work may run before it yields, ms (a task over 50 ms is a
/// "long task": the page would not answer input in time).
pub const PAGE_SLICE_MS: f64 = 8.0;

/// How many workers to start by default: the reader's logical cores less one (the
/// page's thread keeps one), at least 1 and at most [`MAX_WORKERS`].
pub fn default_workers() -> usize {
    let cores = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"navigator".into()).ok())
        .and_then(|n| js_sys::Reflect::get(&n, &"hardwareConcurrency".into()).ok())
        .and_then(|c| c.as_f64())
        .filter(|c| c.is_finite() && *c >= 1.0)
        .map_or(2, |c| c.min(64.0) as usize);
    cores.saturating_sub(1).clamp(1, MAX_WORKERS)
}

/// One worker of the pool and what listens to it.
struct WorkerLink {
    worker: Worker,
    /// The timer for "ready", until the worker is ready.
    ready_timer: Option<i32>,
    /// The timer of the job it runs.
    job_timer: Option<i32>,
    _handlers: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Drop for WorkerLink {
    /// A link dropped (its worker failed, or the widget unmounted) stops its worker: a
    /// reply would otherwise reach handlers that no longer exist.
    fn drop(&mut self) {
        clear_timer(self.ready_timer.take());
        clear_timer(self.job_timer.take());
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.set_onmessageerror(None);
        self.worker.terminate();
    }
}

/// The job the page computes, a slice at a time.
struct PageJob {
    id: u32,
    job: Job,
    steps: JobSteps,
}

struct Inner {
    compute: Compute,
    workers: Vec<Option<WorkerLink>>,
    page_job: Option<PageJob>,
    /// A page task is scheduled (at most one at a time).
    page_task: bool,
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

impl SimulationClient {
    /// Starts `workers` workers from `base` (the folder URL of the widget's files, ending
    /// in `/`), or computes on the page when `base` is `None`, `workers` is 0 or no
    /// worker can be made. `on_outcome` receives every full result for the latest
    /// scenario; `on_fault` receives, once, the notice that the workers failed and the
    /// page computes instead.
    pub fn start(
        base: Option<&str>,
        workers: usize,
        levers: Rc<[Lever]>,
        on_outcome: impl Fn(Outcome) + 'static,
        on_fault: impl Fn(String) + 'static,
    ) -> SimulationClient {
        // A page on another origin cannot start a worker from the widget's folder (the
        // constructor throws): that is expected, so the page computes without a notice.
        let started: Vec<Worker> = match base {
            Some(base) => (0..workers).map_while(|_| start_worker(base)).collect(),
            None => Vec::new(),
        };
        let client = SimulationClient(Rc::new(RefCell::new(Inner {
            compute: Compute::new(started.len(), levers.len()),
            workers: Vec::new(),
            page_job: None,
            page_task: false,
            on_outcome: Rc::new(on_outcome),
            on_fault: Rc::new(on_fault),
            levers,
        })));
        for (index, worker) in started.into_iter().enumerate() {
            let link = client.attach(index, worker);
            client.0.borrow_mut().workers.push(Some(link));
        }
        client
    }

    fn attach(&self, index: usize, worker: Worker) -> WorkerLink {
        let weak = Rc::downgrade(&self.0);
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let reply = event
                .dyn_into::<MessageEvent>()
                .ok()
                .and_then(|e| read_message(&e.data()));
            if let Some(client) = upgrade(&weak) {
                client.on_reply(index, reply);
            }
        });
        let weak = Rc::downgrade(&self.0);
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            // Handled here: the browser need not report it as the page's error.
            if let Some(event) = event.dyn_ref::<web_sys::Event>() {
                event.prevent_default();
            }
            if let Some(client) = upgrade(&weak) {
                client.apply_with(|c| c.failed(index, "an error"));
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_message.as_ref().unchecked_ref()));
        let weak = Rc::downgrade(&self.0);
        let ready_timer = set_timer(READY_TIMEOUT_MS, move || {
            if let Some(client) = upgrade(&weak) {
                client.apply_with(|c| c.ready_timed_out(index));
            }
        });
        WorkerLink {
            worker,
            ready_timer,
            job_timer: None,
            _handlers: vec![on_message, on_error],
        }
    }

    /// Asks for the full results of `scenario`, which becomes the latest scenario, and
    /// for the odds of `departure` in it.
    pub fn want(&self, scenario: Rc<ValidScenario>, departure: DepartureKey) {
        self.apply_with(|c| c.want(scenario, departure));
    }

    /// Whether the client computes on the page (no worker, or every worker failed).
    pub fn on_page(&self) -> bool {
        self.0.borrow().compute.on_page()
    }

    /// Tells the state machine something (through `event`) and carries out its answer.
    fn apply_with(&self, event: impl FnOnce(&mut Compute) -> Vec<Action>) {
        let actions = event(&mut self.0.borrow_mut().compute);
        for action in actions {
            self.apply(action);
        }
    }

    fn apply(&self, action: Action) {
        match action {
            Action::Run {
                runner: Runner::Worker(index),
                id,
                job,
                scenario,
                timeout_ms,
            } => self.send(index, id, job, &scenario, timeout_ms),
            Action::Run {
                runner: Runner::Page,
                id,
                job,
                scenario,
                ..
            } => {
                self.0.borrow_mut().page_job = Some(PageJob {
                    id,
                    job,
                    steps: JobSteps::new(job, &scenario, &self.0.borrow().levers),
                });
                self.schedule_page_task();
            }
            Action::Deliver(outcome) => {
                mark_delivered(&outcome);
                let on_outcome = self.0.borrow().on_outcome.clone();
                on_outcome(outcome);
            }
            Action::Stop { worker, why } => {
                let link = self
                    .0
                    .borrow_mut()
                    .workers
                    .get_mut(worker)
                    .and_then(Option::take);
                // Dropping the link stops the worker.
                drop(link);
                web_sys::console::warn_1(
                    &format!("revenue model: simulation worker {worker} gave {why}; its work goes elsewhere")
                        .into(),
                );
            }
            Action::Notice(notice) => {
                let on_fault = self.0.borrow().on_fault.clone();
                on_fault(notice);
            }
        }
    }

    /// Posts job `id` to worker `index`, with its timer.
    fn send(&self, index: usize, id: u32, job: Job, scenario: &ValidScenario, timeout_ms: i32) {
        let worker = self
            .0
            .borrow()
            .workers
            .get(index)
            .and_then(|l| l.as_ref().map(|l| l.worker.clone()));
        let request = Request {
            id,
            job,
            scenario: scenario.get().clone(),
            levers: self.0.borrow().levers.to_vec(),
        };
        let sent = worker.is_some_and(|worker| {
            encode(&request).is_ok_and(|wire| {
                let (message, transfer) = to_message(&wire);
                worker
                    .post_message_with_transfer(&message, &transfer)
                    .is_ok()
            })
        });
        if !sent {
            self.apply_with(|c| c.failed(index, "a request it could not take"));
            return;
        }
        let weak = Rc::downgrade(&self.0);
        let timer = set_timer(timeout_ms, move || {
            if let Some(client) = upgrade(&weak) {
                client.apply_with(|c| c.timed_out(index, id));
            }
        });
        let old = self.0.borrow_mut().workers.get_mut(index).and_then(|l| {
            l.as_mut()
                .map(|l| std::mem::replace(&mut l.job_timer, timer))
        });
        clear_timer(old.flatten());
    }

    /// What worker `index` said (`None`: something unreadable).
    fn on_reply(&self, index: usize, reply: Option<Reply>) {
        if let Some(Some(link)) = self.0.borrow_mut().workers.get_mut(index) {
            match reply {
                Some(Reply::Ready) => clear_timer(link.ready_timer.take()),
                Some(Reply::Done { .. } | Reply::Failed { .. }) => {
                    clear_timer(link.job_timer.take())
                }
                _ => {}
            }
        }
        self.apply_with(|c| match reply {
            Some(Reply::Ready) => c.ready(index),
            Some(Reply::Done { id, answer }) => c.answered(Runner::Worker(index), id, answer),
            // The scenario is valid, so a failure is the worker's (a stale build, say):
            // its job goes elsewhere, which gives the real outcome.
            Some(Reply::Failed { message, .. }) => {
                c.failed(index, &format!("a failure: {message}"))
            }
            Some(Reply::Unavailable { message }) => c.failed(index, &message),
            None => c.failed(index, "an unreadable reply"),
        });
    }

    /// Schedules one slice of page work after yielding to the browser.
    fn schedule_page_task(&self) {
        {
            let mut i = self.0.borrow_mut();
            if i.page_task || i.page_job.is_none() {
                return;
            }
            i.page_task = true;
        }
        let weak = Rc::downgrade(&self.0);
        let scheduled = set_timer(0, move || {
            if let Some(client) = upgrade(&weak) {
                client.0.borrow_mut().page_task = false;
                client.page_slice();
            }
        });
        if scheduled.is_none() {
            // No timers (no window): compute at once.
            self.0.borrow_mut().page_task = false;
            self.page_slice();
        }
    }

    /// One slice of the page's job, if it is still for the latest inputs.
    fn page_slice(&self) {
        let Some(mut current) = self.0.borrow_mut().page_job.take() else {
            return;
        };
        let id = current.id;
        if !self.0.borrow().compute.page_job_wanted(id) {
            self.apply_with(|c| c.page_abandoned(id));
            return;
        }
        let span = super::perf::start(match current.job {
            Job::Departure { .. } => "model:departure-page",
            Job::Simulate => "model:simulate-page",
            Job::Curve { .. } => "model:curves-page",
            Job::Sensitivity { .. } => "model:sensitivity-page",
        });
        let more = for_a_slice(|| current.steps.step());
        if more {
            span.end();
            self.0.borrow_mut().page_job = Some(current);
            self.schedule_page_task();
        } else {
            let answer = current.steps.finish();
            span.end();
            self.apply_with(|c| c.answered(Runner::Page, id, answer));
        }
    }
}

/// What a `compute:` mark fingerprints: one type, so the widget carries one instance of
/// the walk for all of them.
#[derive(serde::Serialize)]
enum Marked<'a> {
    Scenario(&'a revenue_model::Scenario),
    Departure(&'a Option<revenue_model::stress::DepartureOdds>),
    Simulated(&'a revenue_model::monte_carlo::MonteCarlo),
    Curves(&'a [revenue_model::levers::Curve]),
    Sensitivity(&'a revenue_model::sensitivity::Sensitivity),
}

/// Records a delivered result as a `performance.mark` named `compute:` and its kind,
/// whose detail is the fingerprints of its scenario and of the result (16 hexadecimal
/// digits each), so a harness can tell that two pages computed the same bits.
fn mark_delivered(outcome: &Outcome) {
    let (kind, scenario, result) = match outcome {
        Outcome::Departure(v, _, odds) => ("departure", v, Marked::Departure(odds)),
        Outcome::Simulated(v, result) => ("simulated", v, Marked::Simulated(result)),
        Outcome::Curves(v, curves) => ("curves", v, Marked::Curves(curves)),
        Outcome::Sensitivity(v, tornado) => ("sensitivity", v, Marked::Sensitivity(tornado)),
        Outcome::Failed(..) => return,
    };
    let print = |value: &Marked| fingerprint(value).unwrap_or(0);
    let detail = format!(
        "{:016x} {:016x}",
        print(&Marked::Scenario(scenario.get())),
        print(&result)
    );
    super::perf::mark(&format!("compute:{kind}"), &detail);
}

/// A reply from a worker: a message of numbers and texts (see [`crate::protocol`]), or
/// a plain text, which only the worker's start script sends: the WebAssembly cannot serve
/// (it has no WebAssembly to write messages with), and the text says why.
fn read_message(data: &JsValue) -> Option<Reply> {
    if let Some(message) = data.as_string() {
        return Some(Reply::Unavailable { message });
    }
    from_message(data).and_then(|wire| decode(&wire).ok())
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
