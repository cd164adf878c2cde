//! The client of the simulation worker: sends the latest request, keeps at most one
//! waiting (newer requests replace older ones), and falls back to computing on the
//! main thread, after yielding, when no worker can start (for example from a
//! `file://` page).

use crate::protocol::{serve, Reply, Request};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

/// The worker's start script, in the folder of the widget's files.
pub const WORKER_SCRIPT: &str = "simulation-worker-loader.js";

struct Inner {
    worker: Option<Worker>,
    ready: bool,
    busy: bool,
    waiting: Option<Request>,
    on_reply: Rc<dyn Fn(Reply)>,
    _handlers: Vec<Closure<dyn FnMut(JsValue)>>,
}

/// A handle on the worker (cheap to clone).
#[derive(Clone)]
pub struct SimulationClient(Rc<RefCell<Inner>>);

impl PartialEq for SimulationClient {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl SimulationClient {
    /// Starts the worker from `base` (the folder URL of the widget's files, ending in
    /// `/`), or computes on the main thread when `base` is `None`; `on_reply` receives
    /// every result.
    pub fn start(base: Option<&str>, on_reply: impl Fn(Reply) + 'static) -> SimulationClient {
        let inner = Rc::new(RefCell::new(Inner {
            worker: None,
            ready: false,
            busy: false,
            waiting: None,
            on_reply: Rc::new(on_reply),
            _handlers: Vec::new(),
        }));
        let worker = base.and_then(|base| Worker::new(&format!("{base}{WORKER_SCRIPT}")).ok());
        if let Some(worker) = worker {
            let weak = Rc::downgrade(&inner);
            let on_message = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let text = event
                    .dyn_into::<MessageEvent>()
                    .ok()
                    .and_then(|e| e.data().as_string());
                if let Some(reply) = text.and_then(|t| serde_json::from_str::<Reply>(&t).ok()) {
                    handle_reply(&weak, reply);
                }
            });
            let weak = Rc::downgrade(&inner);
            let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_event: JsValue| {
                // The worker could not load (or died): compute on the main thread from now on.
                if let Some(inner) = weak.upgrade() {
                    let pending = {
                        let mut i = inner.borrow_mut();
                        i.worker = None;
                        i.busy = false;
                        i.waiting.take()
                    };
                    if let Some(request) = pending {
                        SimulationClient(inner).submit(request);
                    }
                }
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            let mut i = inner.borrow_mut();
            i.worker = Some(worker);
            i._handlers = vec![on_message, on_error];
        }
        SimulationClient(inner)
    }

    /// Asks for `request`; a request still waiting is replaced.
    pub fn submit(&self, request: Request) {
        let send_now = {
            let mut i = self.0.borrow_mut();
            if i.worker.is_some() && (!i.ready || i.busy) {
                i.waiting = Some(request);
                None
            } else {
                i.busy = true;
                Some(request)
            }
        };
        if let Some(request) = send_now {
            self.dispatch(request);
        }
    }

    fn dispatch(&self, request: Request) {
        let worker = self.0.borrow().worker.clone();
        match worker {
            Some(worker) => {
                let text = serde_json::to_string(&request).unwrap_or_default();
                if worker.post_message(&JsValue::from_str(&text)).is_err() {
                    self.0.borrow_mut().worker = None;
                    self.compute_here(request);
                }
            }
            None => self.compute_here(request),
        }
    }

    /// Computes on the main thread after yielding to the browser, so input stays responsive.
    fn compute_here(&self, request: Request) {
        let weak = Rc::downgrade(&self.0);
        let task = Closure::once(move || {
            let reply = serve(&request);
            handle_reply(&weak, reply);
        });
        let scheduled = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                task.as_ref().unchecked_ref(),
                0,
            )
            .ok()
        });
        if scheduled.is_some() {
            task.forget();
        }
    }
}

fn handle_reply(weak: &Weak<RefCell<Inner>>, reply: Reply) {
    let Some(inner) = weak.upgrade() else { return };
    let (callback, next) = {
        let mut i = inner.borrow_mut();
        if matches!(reply, Reply::Ready) {
            i.ready = true;
        } else {
            i.busy = false;
        }
        let next = if i.busy { None } else { i.waiting.take() };
        if next.is_some() {
            i.busy = true;
        }
        (i.on_reply.clone(), next)
    };
    if let Some(request) = next {
        SimulationClient(inner).dispatch(request);
    }
    if !matches!(reply, Reply::Ready) {
        callback(reply);
    }
}
