//! The simulation worker: runs the departure's odds, the full Monte Carlo, the response
//! curves and the sensitivity off the main thread, so the page never freezes. It receives
//! requests and posts replies as plain objects of numbers and texts, the numbers'
//! buffer transferred (see `crate::protocol`).
//!
//! The worker runs the widget's own WebAssembly module: the page posts its compiled
//! `WebAssembly.Module` to the worker's start script, which instantiates it with the
//! widget's glue and calls [`serve`] (exported by the widget's binary). Nothing else is
//! downloaded for the worker but its start script.

use crate::protocol::{serve_message, to_message, write_reply, Reply};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Answers the page's requests from now on, then says "ready". Does nothing outside a
/// dedicated worker.
pub fn serve() {
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
    let (ready, transfer) = to_message(&write_reply(&Reply::Ready));
    let _ = scope.post_message_with_transfer(&ready, &transfer);
}
