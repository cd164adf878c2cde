//! The simulation worker: runs the full Monte Carlo and the sensitivity off the main
//! thread, so the page never freezes. It receives JSON requests and posts JSON replies
//! (see `crate::protocol`).
//!
//! The worker runs the widget's own WebAssembly module: the page posts its compiled
//! `WebAssembly.Module` to the worker's start script, which instantiates it with the
//! widget's glue and calls [`serve`] (exported by the widget's binary). Nothing else is
//! downloaded for the worker but its start script.

use crate::protocol::{serve_json, Reply};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Answers the page's requests from now on, then says "ready". Does nothing outside a
/// dedicated worker.
pub fn serve() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(text) = event.data().as_string() {
            let _ = reply_scope.post_message(&JsValue::from_str(&serve_json(&text)));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    if let Ok(ready) = serde_json::to_string(&Reply::Ready) {
        let _ = scope.post_message(&JsValue::from_str(&ready));
    }
}
