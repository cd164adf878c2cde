//! The simulation worker: runs the departure's odds, the full Monte Carlo, the response
//! curves and the sensitivity off the main thread, so the page never freezes. It receives
//! requests and posts replies as plain objects of numbers and texts, the numbers'
//! buffer transferred (see `crate::protocol`); [`to_message`] and [`from_message`] are
//! that shape on both sides.
//!
//! The worker runs the widget's own WebAssembly module: the page posts its compiled
//! `WebAssembly.Module` to the worker's start script, which instantiates it with the
//! widget's glue and calls [`start`] (exported by the widget's binary as
//! `start_simulation_worker`). Nothing else is downloaded for the worker but its start
//! script.

use crate::protocol::{
    decode, encode, Answer, Job, Reply, Request, Wire, DEPARTURE_RUNS, SENSITIVITY_RUNS,
};
use revenue_model::levers::{CurveSteps, Lever, CURVE_RUNS};
use revenue_model::monte_carlo::{Condition, Detail, SimulationSteps};
use revenue_model::sensitivity::SensitivitySteps;
use revenue_model::stress::DepartureSteps;
use revenue_model::{Steps, ValidScenario};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// A job being computed, one piece at a time: a worker runs it to the end at once, the
/// page in slices between which it yields. Either way the bits are the same, since both
/// take the same steps.
pub enum JobSteps {
    /// The departure's odds, a few months at a time (`None`: a client that cannot leave).
    Departure(Option<Box<DepartureSteps>>),
    /// The full Monte Carlo, a few months at a time.
    Simulate(Box<SimulationSteps>),
    /// A lever's curve, one point at a time.
    Curve(CurveSteps),
    /// A piece of the tornado, in one step.
    Sensitivity(SensitivitySteps),
}

impl JobSteps {
    /// Prepares `job` for `scenario` (a curve is of one of the story's `levers`).
    pub fn new(job: Job, scenario: &ValidScenario, levers: &[Lever]) -> Self {
        match job {
            Job::Departure { client, month } => JobSteps::Departure(
                DepartureSteps::new(scenario, client as usize, month, DEPARTURE_RUNS).map(Box::new),
            ),
            Job::Simulate => JobSteps::Simulate(Box::new(SimulationSteps::new(
                scenario,
                scenario.get().simulation.runs,
                Condition::None,
                Detail::Full,
            ))),
            Job::Curve { lever } => JobSteps::Curve(CurveSteps::one(
                scenario,
                levers,
                lever as usize,
                CURVE_RUNS,
            )),
            Job::Sensitivity { piece } => JobSteps::Sensitivity(SensitivitySteps::piece(
                scenario,
                Some(SENSITIVITY_RUNS),
                piece as usize,
            )),
        }
    }

    /// Computes one more piece (a month of every run, a curve's point, a move of the
    /// tornado); returns whether any remain.
    pub fn step(&mut self) -> bool {
        match self {
            JobSteps::Departure(steps) => steps.as_mut().is_some_and(|s| s.step(0)),
            JobSteps::Simulate(steps) => steps.step(0),
            JobSteps::Curve(steps) => steps.step(0),
            JobSteps::Sensitivity(steps) => steps.step(0),
        }
    }

    /// The result, after computing whatever remains.
    pub fn finish(self) -> Answer {
        match self {
            JobSteps::Departure(steps) => Answer::Departure(steps.map(|s| s.finish())),
            JobSteps::Simulate(steps) => Answer::Simulated(Box::new(steps.finish().result)),
            JobSteps::Curve(steps) => Answer::Curve(steps.finish().into_iter().next()),
            JobSteps::Sensitivity(steps) => Answer::Sensitivity(steps.finish_part()),
        }
    }
}

/// Computes what `request` asks for in one go (the worker's whole job).
pub fn serve(request: &Request) -> Reply {
    match revenue_model::validate(request.scenario.clone()) {
        Ok(valid) => Reply::Done {
            id: request.id,
            answer: JobSteps::new(request.job, &valid, &request.levers).finish(),
        },
        Err(e) => Reply::Failed {
            id: request.id,
            message: e.to_string(),
        },
    }
}

/// Serves a request given as a message and answers one (see [`to_message`]).
pub fn serve_message(data: &JsValue) -> (JsValue, js_sys::Array) {
    let reply = match from_message(data).map(|wire| decode::<Request>(&wire)) {
        Some(Ok(request)) => serve(&request),
        Some(Err(e)) => Reply::Failed {
            id: 0,
            message: format!("unreadable request: {e}"),
        },
        None => Reply::Failed {
            id: 0,
            message: "unreadable request".to_string(),
        },
    };
    reply_message(&reply)
}

/// `reply` as a message; a reply that cannot be written becomes a failure saying so.
fn reply_message(reply: &Reply) -> (JsValue, js_sys::Array) {
    let wire = encode(reply).unwrap_or_else(|e| {
        let failed = Reply::Failed {
            id: 0,
            message: format!("unwritable reply: {e}"),
        };
        encode(&failed).unwrap_or_default()
    });
    to_message(&wire)
}

/// Answers the page's requests from now on, then says "ready". Does nothing outside a
/// dedicated worker.
pub fn start() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let (reply, transfer) = serve_message(&event.data());
        let _ = reply_scope.post_message_with_transfer(&reply, &transfer);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let (ready, transfer) = reply_message(&Reply::Ready);
    let _ = scope.post_message_with_transfer(&ready, &transfer);
}

/// `wire` as a message, `{ numbers: Float64Array, texts: Array<string> }`, and the list
/// of what to transfer with it (the numbers' buffer).
pub fn to_message(wire: &Wire) -> (JsValue, js_sys::Array) {
    let numbers = js_sys::Float64Array::new_with_length(
        u32::try_from(wire.numbers.len()).unwrap_or(u32::MAX),
    );
    numbers.copy_from(&wire.numbers);
    let texts: js_sys::Array = wire.texts.iter().map(|t| JsValue::from_str(t)).collect();
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"numbers".into(), &numbers);
    let _ = js_sys::Reflect::set(&message, &"texts".into(), &texts);
    let transfer = js_sys::Array::of1(&numbers.buffer());
    (message.into(), transfer)
}

/// A message of [`to_message`]'s shape as a [`Wire`]; `None` for anything else.
pub fn from_message(data: &JsValue) -> Option<Wire> {
    let numbers = js_sys::Reflect::get(data, &"numbers".into())
        .ok()?
        .dyn_into::<js_sys::Float64Array>()
        .ok()?;
    let texts = js_sys::Reflect::get(data, &"texts".into())
        .ok()?
        .dyn_into::<js_sys::Array>()
        .ok()?;
    let texts = texts
        .iter()
        .map(|t| t.as_string())
        .collect::<Option<Vec<String>>>()?;
    Some(Wire {
        numbers: numbers.to_vec(),
        texts,
    })
}
