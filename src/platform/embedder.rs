//! The page that embeds the widget, talking to it: what it asks for (a preset, a scenario
//! as a share link's text, a theme) and what the widget tells it back (the scenario and its
//! answer, whenever either changes).
//!
//! Two ways in. The `<revenue-model>` element (and any script that calls `mount_widget`)
//! holds a [`HostChannel`]: it sends commands as its attributes change and receives each
//! change through a function. A widget in an iframe listens to its parent window instead:
//!
//! - in: `{ type: "revenue-model:set", preset?, scenario?, theme? }` (strings), accepted only
//!   from the parent window and only from the embedding page's origin (`?hostOrigin=` in the
//!   frame's address if given, else the browser's `location.ancestorOrigins`, else the origin
//!   of `document.referrer`; none known, nothing is accepted);
//! - out: `{ type: "revenue-model:change", scenario, link, chance, probability, sentence,
//!   full }` to that origin (or to any, when it is unknown: nothing in it is secret).

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Type of the messages a parent page sends to set the widget.
pub const SET_MESSAGE: &str = "revenue-model:set";
/// Type of the messages the widget sends its parent page when the scenario or answer changes.
pub const CHANGE_MESSAGE: &str = "revenue-model:change";
/// Longest text read from a command (a share link of 10 clients is under 1,500 characters).
const MAX_COMMAND_CHARS: usize = 64 * 1024;

/// What a host page asks the widget to show. `scenario` wins over `preset`; the theme
/// applies either way. Each scenario change is one undo step.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HostCommand {
    /// A preset's id (`today`).
    pub preset: Option<String>,
    /// A share link's text: what follows `#s=`, or a whole link holding `#s=…`.
    pub scenario: Option<String>,
    /// `light`, `dark` or `auto`.
    pub theme: Option<String>,
}

impl HostCommand {
    /// Reads `{ preset?, scenario?, theme? }` from a JavaScript object; values that are not
    /// strings, or too long, are left out.
    pub fn from_js(value: &JsValue) -> Self {
        let text = |key: &str| {
            Reflect::get(value, &key.into())
                .ok()
                .and_then(|v| v.as_string())
                .filter(|v| v.len() <= MAX_COMMAND_CHARS)
        };
        Self {
            preset: text("preset"),
            scenario: text("scenario"),
            theme: text("theme"),
        }
    }
}

/// What the widget tells its host when the scenario or its answer changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The scenario as a share link's text (what follows `#s=`).
    pub scenario: String,
    /// The chance of reaching the target, as shown ("65.8%").
    pub chance: String,
    /// The same chance as a number from 0 to 1.
    pub probability: f64,
    /// The answer in one sentence.
    pub sentence: String,
    /// Whether the answer is the full Monte Carlo's (else the quick estimate's).
    pub full: bool,
}

impl Change {
    fn to_js(&self, link: Option<&str>) -> Object {
        let detail = Object::new();
        let fields: [(&str, JsValue); 5] = [
            ("scenario", self.scenario.as_str().into()),
            ("chance", self.chance.as_str().into()),
            ("probability", self.probability.into()),
            ("sentence", self.sentence.as_str().into()),
            ("full", self.full.into()),
        ];
        for (key, value) in fields {
            let _ = Reflect::set(&detail, &key.into(), &value);
        }
        if let Some(link) = link {
            let _ = Reflect::set(&detail, &"link".into(), &link.into());
        }
        detail
    }
}

type Listener = Rc<dyn Fn(HostCommand)>;

#[derive(Default)]
struct Inner {
    listener: Option<Listener>,
    /// Commands sent before the widget listened (the element mounts asynchronously).
    queued: Vec<HostCommand>,
    on_change: Option<Function>,
}

/// Between a mounted widget and the script that mounted it: commands in, changes out.
/// Clones share the channel.
#[derive(Clone, Default)]
pub struct HostChannel(Rc<RefCell<Inner>>);

impl PartialEq for HostChannel {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for HostChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HostChannel")
    }
}

impl HostChannel {
    /// Sends a command to the widget, or keeps it until the widget listens.
    pub fn send(&self, command: HostCommand) {
        let listener = self.0.borrow().listener.clone();
        match listener {
            Some(listener) => listener(command),
            None => self.0.borrow_mut().queued.push(command),
        }
    }

    /// `function(detail)` is called with every change (see [`Change`]).
    pub fn on_change(&self, function: Function) {
        self.0.borrow_mut().on_change = Some(function);
    }

    /// The widget listens: the queued commands are delivered at once, in order.
    pub fn listen(&self, listener: impl Fn(HostCommand) + 'static) {
        let listener: Listener = Rc::new(listener);
        let queued = {
            let mut inner = self.0.borrow_mut();
            inner.listener = Some(listener.clone());
            std::mem::take(&mut inner.queued)
        };
        for command in queued {
            listener(command);
        }
    }

    /// The widget stops listening (it is unmounted).
    pub fn stop_listening(&self) {
        self.0.borrow_mut().listener = None;
    }

    /// Tells the mounting script about a change.
    pub fn report(&self, change: &Change) {
        let function = self.0.borrow().on_change.clone();
        if let Some(function) = function {
            // A host's function that throws is the host's business; the widget goes on.
            let _ = function.call1(&JsValue::NULL, &change.to_js(None));
        }
    }
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The parent window, when the widget is in a frame.
fn parent() -> Option<web_sys::Window> {
    let w = window()?;
    let parent = w.parent().ok().flatten()?;
    (!Object::is(&parent, &w)).then_some(parent)
}

/// The origin of the embedding page, as far as the frame can know it (see the module docs).
fn host_origin() -> Option<String> {
    let w = window()?;
    let location = w.location();
    let search = location.search().unwrap_or_default();
    if search.len() <= MAX_COMMAND_CHARS {
        let named = web_sys::UrlSearchParams::new_with_str(&search)
            .ok()
            .and_then(|params| params.get("hostOrigin"));
        if let Some(origin) = named.and_then(|text| origin_of(&text)) {
            return Some(origin);
        }
    }
    // Chromium's and WebKit's `location.ancestorOrigins` (web-sys does not bind it).
    let first_ancestor = Reflect::get(&location, &"ancestorOrigins".into())
        .ok()
        .filter(|list| list.is_object())
        .and_then(|list| Reflect::get(&list, &0.into()).ok())
        .and_then(|origin| origin.as_string())
        .filter(|origin| origin != "null");
    if first_ancestor.is_some() {
        return first_ancestor;
    }
    let referrer = w.document()?.referrer();
    origin_of(&referrer)
}

/// The origin of a URL, unless it has none (opaque origins read "null").
fn origin_of(url: &str) -> Option<String> {
    let origin = web_sys::Url::new(url).ok()?.origin();
    (origin != "null" && !origin.is_empty()).then_some(origin)
}

/// Inside an iframe, calls `on_command` for each `revenue-model:set` message from the parent
/// page's window and origin. Listening stops when the returned guard is dropped.
pub fn listen_to_parent(on_command: impl Fn(HostCommand) + 'static) -> Option<EventListener> {
    let w = window()?;
    let parent = parent()?;
    let origin = host_origin()?;
    Some(EventListener::new(&w, "message", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
            return;
        };
        let from_parent = event
            .source()
            .is_some_and(|source| Object::is(&source, &parent));
        if !from_parent || event.origin() != origin {
            return;
        }
        let data = event.data();
        let is_set = Reflect::get(&data, &"type".into())
            .ok()
            .and_then(|v| v.as_string())
            .is_some_and(|kind| kind == SET_MESSAGE);
        if data.is_object() && is_set {
            on_command(HostCommand::from_js(&data));
        }
    }))
}

/// Inside an iframe, tells the parent page about a change, with a link to the widget's page
/// holding the scenario.
pub fn post_change_to_parent(change: &Change) {
    let (Some(w), Some(parent)) = (window(), parent()) else {
        return;
    };
    let href = w.location().href().unwrap_or_default();
    let page = href.split(['#']).next().unwrap_or_default();
    let link = format!("{page}#s={}", change.scenario);
    let message = change.to_js(Some(&link));
    let _ = Reflect::set(&message, &"type".into(), &CHANGE_MESSAGE.into());
    let target = host_origin().unwrap_or_else(|| "*".to_string());
    let _ = parent.post_message(&message, &target);
}
