//! The simulation worker: runs the departure's odds, the full Monte Carlo, the response
//! curves and the sensitivity off the main thread, so the page never freezes. It receives
//! requests and posts replies as plain objects of numbers and texts, the numbers'
//! buffer transferred (see `revenue_widget::protocol`).

use revenue_widget::protocol::{serve_message, to_message, write_reply, Reply};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
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
