//! Work that waits until the browser has painted: a callback run in a task of its own
//! after the next animation frame, so the paint that answers an input is not held up by
//! what the input sets off. Dropping the handle cancels the callback.

use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A pending [`after_paint`] callback; dropping it cancels the callback.
pub struct AfterPaint {
    frame: Option<(i32, Closure<dyn FnMut()>)>,
    timeout: Rc<RefCell<Option<Timeout>>>,
}

impl Drop for AfterPaint {
    fn drop(&mut self) {
        if let (Some((handle, _)), Some(window)) = (self.frame.take(), web_sys::window()) {
            let _ = window.cancel_animation_frame(handle);
        }
        if let Some(timeout) = self.timeout.borrow_mut().take() {
            timeout.cancel();
        }
    }
}

/// Runs `callback` once the next frame has been painted: the animation frame callback
/// (which runs just before the paint) queues a zero-delay timer, which runs after it.
/// Where there is no window, or no animation frames, `callback` runs on a timer alone.
pub fn after_paint(callback: impl FnOnce() + 'static) -> AfterPaint {
    let timeout: Rc<RefCell<Option<Timeout>>> = Rc::default();
    let callback = Rc::new(RefCell::new(Some(callback)));
    let queue = {
        let timeout = timeout.clone();
        let callback = callback.clone();
        move || {
            let callback = callback.clone();
            *timeout.borrow_mut() = Some(Timeout::new(0, move || {
                if let Some(f) = callback.borrow_mut().take() {
                    f();
                }
            }));
        }
    };
    let frame = web_sys::window().and_then(|window| {
        let queue = queue.clone();
        let closure = Closure::<dyn FnMut()>::new(queue);
        window
            .request_animation_frame(closure.as_ref().unchecked_ref())
            .ok()
            .map(|handle| (handle, closure))
    });
    if frame.is_none() {
        queue();
    }
    AfterPaint { frame, timeout }
}
