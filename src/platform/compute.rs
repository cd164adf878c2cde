//! The compute client's decisions as a plain state machine, without a browser: which
//! job runs where next, which result is for which scenario, and when to give up on a
//! worker. [`Compute`] is told what happened (the reader's latest inputs, a worker
//! ready, a job answered, a worker failed or silent) and answers with [`Action`]s, which
//! its shell (`super::simulation`) carries out over a transport: the workers and
//! `postMessage`, or the page's own thread in slices.
//!
//! - Latest only: only the latest scenario (and the departure its test asks about) gets
//!   new jobs. A job already running finishes; then its runner takes the next job the
//!   latest scenario lacks, so a burst of inputs costs one job per worker.
//! - Keyed by scenario: a result is delivered when its scenario (and, for the odds, the
//!   departure) is the latest one, whichever request carried it; the client remembers
//!   which scenario each delivered result was for, so A → B → A asks only for what A
//!   still lacks.
//! - Pieces: the departure's odds, then the full Monte Carlo, then each lever's curve,
//!   then each piece of the tornado, in that order, over every idle worker. Curves and
//!   the tornado are delivered once all their pieces are in, put together in the order
//!   of the pieces, so the result is the same bits whatever ran them and in what order.
//! - Recovery: a worker that fails (an error, an unreadable or failed reply, no "ready"
//!   in [`READY_TIMEOUT_MS`], a job past its timeout) is stopped and its job goes to
//!   the others; once none is left the page's thread computes, and the reader is told
//!   once.

use crate::protocol::{Answer, Job, DEPARTURE_RUNS, SENSITIVITY_RUNS};
use revenue_model::levers::{Curve, CURVE_POINTS, CURVE_RUNS};
use revenue_model::monte_carlo::MonteCarlo;
use revenue_model::sensitivity::{Sensitivity, SensitivityPart, SensitivitySteps};
use revenue_model::stress::DepartureOdds;
use revenue_model::ValidScenario;
use std::rc::Rc;

/// How long a worker may take to load and say it is ready, ms.
pub const READY_TIMEOUT_MS: i32 = 10_000;

/// How long a job may take in a worker before it counts as not answering: this much,
/// plus [`JOB_MS_PER_MILLION_STEPS`] per million client-months simulated (a generous
/// allowance: a slow phone does a million in well under 100 ms).
pub const JOB_TIMEOUT_BASE_MS: f64 = 5_000.0;
/// See [`JOB_TIMEOUT_BASE_MS`].
pub const JOB_MS_PER_MILLION_STEPS: f64 = 500.0;

/// The notice when no worker ever became ready.
pub const NOTICE_NOT_STARTED: &str =
    "The background calculator could not start; computing on this page instead (it may pause briefly).";
/// The notice when the last worker stopped answering after it had started.
pub const NOTICE_STOPPED: &str =
    "The background calculator stopped answering; computing on this page instead (it may pause briefly).";

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
#[derive(Clone, Debug, PartialEq)]
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

/// Who computes a job: a worker of the pool (by index), or the page's own thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runner {
    /// The worker with this index.
    Worker(usize),
    /// The page's thread, in slices.
    Page,
}

/// What the shell is to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Start `job` for `scenario` on `runner`, under `id` (its answer carries it back).
    /// A worker's job that takes more than `timeout_ms` counts as not answered.
    Run {
        /// Who computes it.
        runner: Runner,
        /// The request's id.
        id: u32,
        /// What to compute.
        job: Job,
        /// For which scenario.
        scenario: Rc<ValidScenario>,
        /// See above (0 for the page, which has no timeout).
        timeout_ms: i32,
    },
    /// Pass this result on to the widget.
    Deliver(Outcome),
    /// Stop this worker; `why` is for the console.
    Stop {
        /// The worker's index.
        worker: usize,
        /// What went wrong.
        why: String,
    },
    /// Tell the reader this (once in a client's life).
    Notice(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Starting,
    Ready,
    Failed,
}

/// A job running somewhere.
#[derive(Clone, Debug)]
struct Running {
    id: u32,
    job: Job,
    scenario: Rc<ValidScenario>,
}

#[derive(Clone, Debug)]
struct WorkerState {
    status: Status,
    running: Option<Running>,
}

/// Pieces of the curves and the tornado collected for one scenario, by index (a
/// `BTreeMap` would do, at a cost in WebAssembly size).
#[derive(Default)]
struct Pieces {
    scenario: Option<Rc<ValidScenario>>,
    curves: Collected<Option<Curve>>,
    sensitivity: Collected<SensitivityPart>,
}

/// Results of pieces `0..n`, each in its slot once in.
struct Collected<T> {
    slots: Vec<Option<T>>,
    count: usize,
}

impl<T> Default for Collected<T> {
    fn default() -> Self {
        Self {
            slots: Vec::new(),
            count: 0,
        }
    }
}

impl<T> Collected<T> {
    fn has(&self, index: u32) -> bool {
        self.slots.get(index as usize).is_some_and(Option::is_some)
    }

    /// Puts piece `index` in; returns every piece, in order, once all `total` are in.
    fn insert(&mut self, index: u32, value: T, total: u32) -> Option<Vec<T>> {
        let index = index as usize;
        if self.slots.len() < total as usize {
            self.slots.resize_with(total as usize, || None);
        }
        if let Some(slot) = self.slots.get_mut(index) {
            if slot.replace(value).is_none() {
                self.count += 1;
            }
        }
        (self.count >= total as usize).then(|| {
            self.count = 0;
            std::mem::take(&mut self.slots)
                .into_iter()
                .flatten()
                .collect()
        })
    }
}

/// The compute client's state: see the module's docs.
pub struct Compute {
    /// How many curve jobs a scenario has (one per key lever).
    curve_jobs: u32,
    workers: Vec<WorkerState>,
    page: Option<Running>,
    /// The latest scenario, the departure its test asks about, and its tornado's pieces.
    latest: Option<(Rc<ValidScenario>, DepartureKey, u32)>,
    /// The scenario (and departure) each result was delivered for last.
    departure: Option<(Rc<ValidScenario>, DepartureKey)>,
    simulated: Option<Rc<ValidScenario>>,
    curves: Option<Rc<ValidScenario>>,
    sensitivity: Option<Rc<ValidScenario>>,
    pieces: Pieces,
    next_id: u32,
    /// Some worker said "ready" once.
    ever_ready: bool,
    /// The reader was told that the page computes instead.
    told: bool,
}

fn same(a: &Option<Rc<ValidScenario>>, b: &ValidScenario) -> bool {
    a.as_deref().is_some_and(|a| std::ptr::eq(a, b) || a == b)
}

/// How long `job` may take in a worker, ms (see [`JOB_TIMEOUT_BASE_MS`]).
pub fn job_timeout_ms(job: Job, scenario: &ValidScenario) -> i32 {
    let s = scenario.get();
    let per_run = f64::from(s.horizon_months) * s.clients.len() as f64;
    let runs = match job {
        Job::Departure { .. } => 2.0 * f64::from(DEPARTURE_RUNS),
        Job::Simulate => f64::from(s.simulation.runs),
        Job::Curve { .. } => f64::from(CURVE_RUNS) * CURVE_POINTS as f64,
        Job::Sensitivity { .. } => 2.0 * f64::from(SENSITIVITY_RUNS),
    };
    let ms = JOB_TIMEOUT_BASE_MS + JOB_MS_PER_MILLION_STEPS * runs * per_run / 1e6;
    ms.min(f64::from(i32::MAX)) as i32
}

impl Compute {
    /// A client with `workers` workers starting (none: the page computes everything),
    /// for a story with `levers` key levers (a curve job each).
    pub fn new(workers: usize, levers: usize) -> Self {
        Self {
            curve_jobs: u32::try_from(levers).unwrap_or(u32::MAX),
            workers: vec![
                WorkerState {
                    status: Status::Starting,
                    running: None,
                };
                workers
            ],
            page: None,
            latest: None,
            departure: None,
            simulated: None,
            curves: None,
            sensitivity: None,
            pieces: Pieces::default(),
            next_id: 0,
            ever_ready: false,
            told: false,
        }
    }

    /// Whether the page computes (no worker is starting or ready).
    pub fn on_page(&self) -> bool {
        self.workers.iter().all(|w| w.status == Status::Failed)
    }

    /// The reader's latest inputs: their scenario and the departure their test asks about.
    pub fn want(&mut self, scenario: Rc<ValidScenario>, departure: DepartureKey) -> Vec<Action> {
        if let Some((v, key, _)) = &self.latest {
            if (Rc::ptr_eq(v, &scenario) || **v == *scenario) && *key == departure {
                return Vec::new();
            }
        }
        let pieces = u32::try_from(SensitivitySteps::pieces(&scenario)).unwrap_or(u32::MAX);
        self.latest = Some((scenario, departure, pieces));
        self.pump(Vec::new())
    }

    /// Worker `worker` has loaded and takes jobs.
    pub fn ready(&mut self, worker: usize) -> Vec<Action> {
        match self.workers.get_mut(worker) {
            Some(w) if w.status == Status::Starting => {
                w.status = Status::Ready;
                self.ever_ready = true;
                self.pump(Vec::new())
            }
            _ => Vec::new(),
        }
    }

    /// Worker `worker` did not say "ready" in time: it fails unless it has.
    pub fn ready_timed_out(&mut self, worker: usize) -> Vec<Action> {
        match self.workers.get(worker) {
            Some(w) if w.status == Status::Starting => {
                self.failed(worker, "no answer while starting")
            }
            _ => Vec::new(),
        }
    }

    /// Job `id` on worker `worker` reached its timeout: the worker fails if the job is
    /// still running there.
    pub fn timed_out(&mut self, worker: usize, id: u32) -> Vec<Action> {
        let late = self
            .workers
            .get(worker)
            .and_then(|w| w.running.as_ref())
            .is_some_and(|r| r.id == id);
        if late {
            self.failed(worker, "no answer in time")
        } else {
            Vec::new()
        }
    }

    /// Worker `worker` failed (`why`, for the console): it is stopped, its job goes to
    /// the other workers, or to the page once none is left, and the reader is told once.
    pub fn failed(&mut self, worker: usize, why: &str) -> Vec<Action> {
        let Some(w) = self.workers.get_mut(worker) else {
            return Vec::new();
        };
        if w.status == Status::Failed {
            return Vec::new();
        }
        w.status = Status::Failed;
        w.running = None;
        let mut actions = vec![Action::Stop {
            worker,
            why: why.to_string(),
        }];
        if self.on_page() && !self.told {
            self.told = true;
            let notice = if self.ever_ready {
                NOTICE_STOPPED
            } else {
                NOTICE_NOT_STARTED
            };
            actions.push(Action::Notice(notice.to_string()));
        }
        self.pump(actions)
    }

    /// Whether the page's job `id` is still worth continuing: it is running and for the
    /// latest inputs. The shell asks before each slice.
    pub fn page_job_wanted(&self, id: u32) -> bool {
        self.page
            .as_ref()
            .is_some_and(|r| r.id == id && self.is_wanted(r))
    }

    /// The page stops its job `id` (it is no longer wanted) and takes the next.
    pub fn page_abandoned(&mut self, id: u32) -> Vec<Action> {
        if self.page.as_ref().is_some_and(|r| r.id == id) {
            self.page = None;
            self.pump(Vec::new())
        } else {
            Vec::new()
        }
    }

    /// `runner` answered job `id` with `answer`.
    pub fn answered(&mut self, runner: Runner, id: u32, answer: Answer) -> Vec<Action> {
        let slot = match runner {
            Runner::Worker(i) => self.workers.get_mut(i).map(|w| &mut w.running),
            Runner::Page => Some(&mut self.page),
        };
        let Some(slot) = slot else {
            return Vec::new();
        };
        if slot.as_ref().is_none_or(|r| r.id != id) {
            // Not the job it runs (a late answer from before a failure, say).
            return Vec::new();
        }
        let Some(running) = slot.take() else {
            return Vec::new();
        };
        let mut actions = Vec::new();
        let mismatch = match (running.job, answer) {
            (Job::Departure { client, month }, Answer::Departure(odds)) => {
                let key = DepartureKey {
                    client: client as usize,
                    month,
                };
                if self.is_latest(&running.scenario, Some(key)) {
                    self.departure = Some((running.scenario.clone(), key));
                    actions.push(Action::Deliver(Outcome::Departure(
                        running.scenario,
                        key,
                        odds,
                    )));
                }
                false
            }
            (Job::Simulate, Answer::Simulated(result)) => {
                if self.is_latest(&running.scenario, None) {
                    self.simulated = Some(running.scenario.clone());
                    actions.push(Action::Deliver(Outcome::Simulated(
                        running.scenario,
                        result,
                    )));
                }
                false
            }
            (Job::Curve { lever }, Answer::Curve(curve)) => {
                if self.is_latest(&running.scenario, None) {
                    let curve_jobs = self.curve_jobs;
                    let pieces = self.pieces_for(&running.scenario);
                    if let Some(all) = pieces.curves.insert(lever, curve, curve_jobs) {
                        let curves = all.into_iter().flatten().collect();
                        self.curves = Some(running.scenario.clone());
                        actions.push(Action::Deliver(Outcome::Curves(running.scenario, curves)));
                    }
                }
                false
            }
            (Job::Sensitivity { piece }, Answer::Sensitivity(part)) => {
                let total = self.latest.as_ref().map_or(0, |l| l.2);
                if self.is_latest(&running.scenario, None) {
                    let pieces = self.pieces_for(&running.scenario);
                    if let Some(parts) = pieces.sensitivity.insert(piece, part, total) {
                        self.sensitivity = Some(running.scenario.clone());
                        actions.push(Action::Deliver(Outcome::Sensitivity(
                            running.scenario,
                            Sensitivity::from_parts(parts),
                        )));
                    }
                }
                false
            }
            _ => true,
        };
        match (mismatch, runner) {
            (true, Runner::Worker(i)) => self.failed(i, "an answer to another job"),
            _ => self.pump(actions),
        }
    }

    /// Whether `scenario` (and `departure`, when given) are the latest inputs.
    fn is_latest(&self, scenario: &ValidScenario, departure: Option<DepartureKey>) -> bool {
        self.latest.as_ref().is_some_and(|(v, key, _)| {
            (std::ptr::eq(&**v, scenario) || **v == *scenario)
                && departure.is_none_or(|d| d == *key)
        })
    }

    fn is_wanted(&self, running: &Running) -> bool {
        let departure = match running.job {
            Job::Departure { client, month } => Some(DepartureKey {
                client: client as usize,
                month,
            }),
            _ => None,
        };
        self.is_latest(&running.scenario, departure)
    }

    /// The pieces collected for `scenario`, emptied first if they were for another.
    fn pieces_for(&mut self, scenario: &Rc<ValidScenario>) -> &mut Pieces {
        if !same(&self.pieces.scenario, scenario) {
            self.pieces = Pieces {
                scenario: Some(scenario.clone()),
                ..Pieces::default()
            };
        }
        &mut self.pieces
    }

    /// The jobs the latest inputs still lack, in order, leaving out those running.
    fn needed(&self) -> Vec<Job> {
        let Some((latest, key, tornado)) = &self.latest else {
            return Vec::new();
        };
        let mut jobs = Vec::new();
        let departure_done = self
            .departure
            .as_ref()
            .is_some_and(|(v, k)| (Rc::ptr_eq(v, latest) || **v == **latest) && k == key);
        if !departure_done {
            jobs.push(Job::Departure {
                client: u32::try_from(key.client).unwrap_or(u32::MAX),
                month: key.month,
            });
        }
        if !same(&self.simulated, latest) {
            jobs.push(Job::Simulate);
        }
        let collected = same(&self.pieces.scenario, latest);
        if !same(&self.curves, latest) {
            jobs.extend(
                (0..self.curve_jobs)
                    .filter(|i| !(collected && self.pieces.curves.has(*i)))
                    .map(|lever| Job::Curve { lever }),
            );
        }
        if !same(&self.sensitivity, latest) {
            jobs.extend(
                (0..*tornado)
                    .filter(|i| !(collected && self.pieces.sensitivity.has(*i)))
                    .map(|piece| Job::Sensitivity { piece }),
            );
        }
        let running: Vec<&Running> = self
            .workers
            .iter()
            .filter_map(|w| w.running.as_ref())
            .chain(self.page.as_ref())
            .filter(|r| Rc::ptr_eq(&r.scenario, latest) || *r.scenario == **latest)
            .collect();
        jobs.retain(|job| !running.iter().any(|r| r.job == *job));
        jobs
    }

    /// Gives every idle runner the next job the latest inputs lack: the ready workers,
    /// or the page when no worker is left.
    fn pump(&mut self, mut actions: Vec<Action>) -> Vec<Action> {
        let Some(scenario) = self.latest.as_ref().map(|l| l.0.clone()) else {
            return actions;
        };
        let mut jobs = self.needed().into_iter();
        let on_page = self.on_page();
        let idle: Vec<Runner> = if on_page {
            self.page
                .is_none()
                .then_some(Runner::Page)
                .into_iter()
                .collect()
        } else {
            self.workers
                .iter()
                .enumerate()
                .filter(|(_, w)| w.status == Status::Ready && w.running.is_none())
                .map(|(i, _)| Runner::Worker(i))
                .collect()
        };
        for runner in idle {
            let Some(job) = jobs.next() else { break };
            self.next_id = self.next_id.wrapping_add(1);
            let id = self.next_id;
            let running = Running {
                id,
                job,
                scenario: scenario.clone(),
            };
            let timeout_ms = match runner {
                Runner::Worker(i) => {
                    if let Some(w) = self.workers.get_mut(i) {
                        w.running = Some(running);
                    }
                    job_timeout_ms(job, &scenario)
                }
                Runner::Page => {
                    self.page = Some(running);
                    0
                }
            };
            actions.push(Action::Run {
                runner,
                id,
                job,
                scenario: scenario.clone(),
                timeout_ms,
            });
        }
        actions
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
    use super::*;
    use crate::platform::worker::JobSteps;
    use crate::protocol::Request;

    fn article() -> revenue_model::Story {
        revenue_model::Story::parse(include_str!("../../stories/article.json")).unwrap()
    }

    fn scenario(spend: f64) -> Rc<ValidScenario> {
        let mut s = article().base_case().get().clone();
        s.clients[0].monthly_spend_musd = spend;
        s.simulation.runs = 200;
        Rc::new(revenue_model::validate(s).unwrap())
    }

    const KEY: DepartureKey = DepartureKey {
        client: 0,
        month: 8,
    };

    /// The jobs started, as (runner, id, job, the scenario's first client's spend).
    fn runs(actions: &[Action]) -> Vec<(Runner, u32, Job, f64)> {
        actions
            .iter()
            .filter_map(|a| match a {
                Action::Run {
                    runner,
                    id,
                    job,
                    scenario,
                    ..
                } => Some((
                    *runner,
                    *id,
                    *job,
                    scenario.get().clients[0].monthly_spend_musd,
                )),
                _ => None,
            })
            .collect()
    }

    fn delivered(actions: &[Action]) -> Vec<Outcome> {
        actions
            .iter()
            .filter_map(|a| match a {
                Action::Deliver(o) => Some(o.clone()),
                _ => None,
            })
            .collect()
    }

    fn notices(actions: &[Action]) -> usize {
        actions
            .iter()
            .filter(|a| matches!(a, Action::Notice(_)))
            .count()
    }

    /// A cheap stand-in answer of the right kind (the machine does not look inside).
    fn answer(job: Job) -> Answer {
        match job {
            Job::Departure { .. } => Answer::Departure(None),
            Job::Simulate => Answer::Simulated(Box::new(
                revenue_model::monte_carlo::simulate_runs(&scenario(20.0), 100),
            )),
            Job::Curve { .. } => Answer::Curve(None),
            Job::Sensitivity { .. } => Answer::Sensitivity(SensitivityPart {
                base: None,
                rows: Vec::new(),
            }),
        }
    }

    #[test]
    fn jobs_go_out_in_order_once_a_worker_is_ready() {
        let mut c = Compute::new(1, 5);
        assert!(runs(&c.want(scenario(20.0), KEY)).is_empty());
        let started = runs(&c.ready(0));
        assert_eq!(started.len(), 1);
        assert_eq!(
            started[0].2,
            Job::Departure {
                client: 0,
                month: 8
            }
        );
        let (_, id, job, _) = started[0];
        let next = c.answered(Runner::Worker(0), id, answer(job));
        assert_eq!(delivered(&next).len(), 1);
        assert_eq!(runs(&next)[0].2, Job::Simulate);
    }

    #[test]
    fn a_to_b_to_a_asks_only_for_what_a_lacks() {
        let (a, b) = (scenario(20.0), scenario(30.0));
        let mut c = Compute::new(1, 5);
        c.want(a.clone(), KEY);
        let (_, id, job, _) = runs(&c.ready(0))[0];
        // A's odds arrive; the worker goes on with A's Monte Carlo.
        let actions = c.answered(Runner::Worker(0), id, answer(job));
        assert!(matches!(delivered(&actions)[..], [Outcome::Departure(..)]));
        let (_, id, job, spend) = runs(&actions)[0];
        assert_eq!((job, spend), (Job::Simulate, 20.0));
        // B, then A again (an equal scenario, another allocation), while it runs.
        assert!(c.want(b, KEY).is_empty());
        assert!(c.want(scenario(20.0), KEY).is_empty());
        // A's Monte Carlo is A's, whichever request carried it: delivered.
        let actions = c.answered(Runner::Worker(0), id, answer(job));
        assert!(matches!(delivered(&actions)[..], [Outcome::Simulated(..)]));
        // A's odds were delivered before B: not asked again; the curves come next.
        let (_, _, job, spend) = runs(&actions)[0];
        assert_eq!((job, spend), (Job::Curve { lever: 0 }, 20.0));
    }

    #[test]
    fn a_result_for_inputs_no_longer_latest_is_not_delivered() {
        let mut c = Compute::new(1, 5);
        c.want(scenario(20.0), KEY);
        let (_, id, job, _) = runs(&c.ready(0))[0];
        c.want(scenario(30.0), KEY);
        let actions = c.answered(Runner::Worker(0), id, answer(job));
        assert!(delivered(&actions).is_empty());
        // The next job is the latest's odds.
        assert_eq!(runs(&actions)[0].3, 30.0);
        assert!(matches!(runs(&actions)[0].2, Job::Departure { .. }));
    }

    #[test]
    fn a_burst_of_inputs_is_one_job_per_worker() {
        let mut c = Compute::new(3, 5);
        let mut started = Vec::new();
        for w in 0..3 {
            started.extend(runs(&c.ready(w)));
        }
        assert!(started.is_empty(), "nothing to do yet");
        for k in 0..20 {
            started.extend(runs(&c.want(scenario(20.0 + f64::from(k)), KEY)));
        }
        // The first input's jobs, one per worker; the other 19 inputs started nothing.
        assert_eq!(started.len(), 3);
        assert!(started.iter().all(|r| r.3 == 20.0));
        let runners: Vec<Runner> = started.iter().map(|r| r.0).collect();
        assert_eq!(
            runners,
            [Runner::Worker(0), Runner::Worker(1), Runner::Worker(2)]
        );
        // A worker that finishes takes a job for the latest inputs only.
        let (runner, id, job, _) = started[1];
        let next = runs(&c.answered(runner, id, answer(job)));
        assert_eq!(next.len(), 1);
        assert_eq!((next[0].0, next[0].3), (Runner::Worker(1), 39.0));
    }

    #[test]
    fn a_job_past_its_timeout_stops_the_worker_and_the_page_takes_it_with_one_notice() {
        let mut c = Compute::new(1, 5);
        c.want(scenario(20.0), KEY);
        let actions = c.ready(0);
        let Action::Run {
            id,
            timeout_ms,
            job,
            ..
        } = actions[0].clone()
        else {
            panic!("{actions:?}")
        };
        assert!(timeout_ms >= JOB_TIMEOUT_BASE_MS as i32);
        // A timer for an older job does nothing.
        assert!(c.timed_out(0, id + 1).is_empty());
        let actions = c.timed_out(0, id);
        assert!(matches!(&actions[0], Action::Stop { worker: 0, .. }));
        assert!(actions.contains(&Action::Notice(NOTICE_STOPPED.to_string())));
        let page = runs(&actions);
        assert_eq!(page.len(), 1);
        assert_eq!((page[0].0, page[0].2), (Runner::Page, job));
        assert!(c.on_page());
        // A late answer from the stopped worker is ignored.
        assert!(c.answered(Runner::Worker(0), id, answer(job)).is_empty());
        let (_, page_id, ..) = page[0];
        let actions = c.answered(Runner::Page, page_id, answer(job));
        assert_eq!(delivered(&actions).len(), 1);
        assert_eq!(runs(&actions)[0].0, Runner::Page);
        assert_eq!(notices(&actions), 0);
    }

    #[test]
    fn a_worker_that_never_starts_leaves_the_page_computing_with_its_own_notice() {
        let mut c = Compute::new(1, 5);
        c.want(scenario(20.0), KEY);
        let actions = c.ready_timed_out(0);
        assert!(actions.contains(&Action::Notice(NOTICE_NOT_STARTED.to_string())));
        assert_eq!(runs(&actions)[0].0, Runner::Page);
    }

    #[test]
    fn a_failed_worker_hands_its_job_to_the_others_then_to_the_page_with_one_notice() {
        let mut c = Compute::new(2, 5);
        c.want(scenario(20.0), KEY);
        let first = runs(&c.ready(0));
        let second = runs(&c.ready(1));
        let (_, _, lost, _) = second[0];
        // Worker 1 fails with its job: no notice (worker 0 is left); the job waits
        // for worker 0, which takes it next, before anything else.
        let actions = c.failed(1, "an error");
        assert_eq!(notices(&actions), 0);
        assert!(runs(&actions).is_empty());
        let (_, id, job, _) = first[0];
        let actions = c.answered(Runner::Worker(0), id, answer(job));
        assert_eq!(runs(&actions)[0].2, lost);
        // Worker 0 fails too: one notice, and the page takes the job.
        let (_, _, job, _) = runs(&actions)[0];
        let actions = c.failed(0, "an unreadable reply");
        assert_eq!(notices(&actions), 1);
        assert_eq!(runs(&actions)[0].0, Runner::Page);
        assert_eq!(runs(&actions)[0].2, job);
        // A failure reported twice changes nothing.
        assert!(c.failed(0, "an error").is_empty());
    }

    #[test]
    fn without_workers_the_page_computes_without_a_notice() {
        let mut c = Compute::new(0, 5);
        let actions = c.want(scenario(20.0), KEY);
        assert_eq!(notices(&actions), 0);
        assert_eq!(runs(&actions)[0].0, Runner::Page);
        // A new input while the page computes: its job is no longer wanted, and the page
        // takes the latest's first job once it stops it.
        let (_, id, ..) = runs(&actions)[0];
        assert!(c.page_job_wanted(id));
        c.want(scenario(30.0), KEY);
        assert!(!c.page_job_wanted(id));
        let actions = c.page_abandoned(id);
        assert_eq!(runs(&actions)[0].3, 30.0);
    }

    /// Runs the whole client with `workers` workers, answering each job with what
    /// `answers` holds for it, the last started first; returns what was delivered.
    fn deliver_all(workers: usize, answers: &[(Job, Answer)]) -> Vec<Outcome> {
        let mut c = Compute::new(workers, 5);
        let mut pending = runs(&c.want(scenario(20.0), KEY));
        for w in 0..workers {
            pending.extend(runs(&c.ready(w)));
        }
        let mut out = Vec::new();
        while let Some((runner, id, job, _)) = pending.pop() {
            let answer = answers.iter().find(|(j, _)| *j == job).unwrap().1.clone();
            let actions = c.answered(runner, id, answer);
            out.extend(delivered(&actions));
            pending.extend(runs(&actions));
        }
        out
    }

    #[test]
    fn the_results_are_the_same_bits_whatever_the_number_of_workers() {
        // Every job of the scenario, computed once (the page's slices and a worker's one
        // go take the same steps: `JobSteps`).
        let v = scenario(20.0);
        let mut c = Compute::new(1, 5);
        c.want(v.clone(), KEY);
        let mut jobs = c.needed();
        jobs.sort_by_key(|j| format!("{j:?}"));
        let answers: Vec<(Job, Answer)> = jobs
            .iter()
            .map(|job| {
                let reply = crate::platform::worker::serve(&Request {
                    id: 1,
                    job: *job,
                    scenario: v.get().clone(),
                    levers: article().levers().to_vec(),
                });
                let crate::protocol::Reply::Done { answer, .. } = reply else {
                    panic!("{reply:?}")
                };
                let mut steps = JobSteps::new(*job, &v, article().levers());
                while steps.step() {}
                assert_eq!(steps.finish(), answer, "{job:?} in slices");
                (*job, answer)
            })
            .collect();
        let one = deliver_all(1, &answers);
        assert_eq!(one.len(), 4, "odds, Monte Carlo, curves, tornado");
        let Outcome::Sensitivity(_, tornado) = &one[3] else {
            panic!("{one:?}")
        };
        assert_eq!(
            *tornado,
            revenue_model::sensitivity::sensitivity(&v, Some(SENSITIVITY_RUNS))
        );
        let Outcome::Curves(_, curves) = &one[2] else {
            panic!("{one:?}")
        };
        assert_eq!(
            *curves,
            revenue_model::levers::response_curves(&v, article().levers(), CURVE_RUNS)
        );
        // As a set: with more workers the order of delivery may differ.
        let set = |o: Vec<Outcome>| {
            o.iter()
                .map(|o| format!("{o:?}"))
                .collect::<std::collections::BTreeSet<_>>()
        };
        for workers in [0, 2, 3] {
            assert_eq!(set(deliver_all(workers, &answers)), set(one.clone()));
        }
    }
}
