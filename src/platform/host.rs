//! The page around the widget: its URL (scenario in the fragment, `?preset=`,
//! `?theme=`), the stories the page holds for it, local storage, the parent window of an iframe, the clipboard and
//! downloads. The only module that touches these; every call tolerates their absence
//! (sandboxed iframes, private windows, file:// pages).

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use js_sys::{Object, Reflect};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url, UrlSearchParams};

/// Key of the autosaved scenario of the page's default story in localStorage; another
/// story's scenario is saved under this key followed by `:` and the story's id.
pub const STORAGE_KEY: &str = "revenue-model:scenario";
/// Id of the `<script type="application/json">` element holding the page's default story.
pub const STORY_ELEMENT_ID: &str = "revenue-model-story";
/// Id of the element in which the page's start script puts the story a link asks for
/// (`?story=…`, `#story=…`), with `data-name` and, when it could not be loaded,
/// `data-error`.
pub const REQUESTED_STORY_ELEMENT_ID: &str = "revenue-model-requested-story";
/// Type of the height message sent to a parent page.
pub const HEIGHT_MESSAGE: &str = "revenue-model:height";
/// Longest URL part or stored text read at all.
pub const MAX_READ_CHARS: usize = 64 * 1024;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// What the page's URL asks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UrlRequest {
    /// `#s=…`: a shared scenario (not decoded yet).
    pub scenario: Option<String>,
    /// `?preset=…`.
    pub preset: Option<String>,
    /// `?theme=…`.
    pub theme: Option<String>,
    /// `?workers=…`: how many simulation workers to start (for tests and benchmarks).
    pub workers: Option<u32>,
    /// Set when a part was too long to read.
    pub too_long: bool,
}

/// The first value of `key` in the query `search` (`?a=1&b=2`), decoded as the browser
/// decodes forms (`+` is a space, `%xx` an escape), at most 64 characters.
fn query_value(search: &str, key: &str) -> Option<String> {
    let params = UrlSearchParams::new_with_str(search).ok()?;
    params.get(key).map(|v| v.chars().take(64).collect())
}

/// Reads the URL: the fragment `#s=…`, and `?preset=`, `?theme=` and `?workers=`.
pub fn read_url() -> UrlRequest {
    let Some(location) = window().map(|w| w.location()) else {
        return UrlRequest::default();
    };
    let hash = location.hash().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let mut request = UrlRequest::default();
    if hash.len() > MAX_READ_CHARS || search.len() > MAX_READ_CHARS {
        request.too_long = true;
        return request;
    }
    request.scenario = scenario_in_fragment(&hash).map(str::to_string);
    request.preset = query_value(&search, "preset");
    request.theme = query_value(&search, "theme");
    request.workers = query_value(&search, "workers").and_then(|v| v.trim().parse().ok());
    request
}

/// The scenario part of a fragment: `#s=…`, or the part after `&s=` when the fragment
/// carries a story first (`#story=…&s=…`).
fn scenario_in_fragment(hash: &str) -> Option<&str> {
    hash.strip_prefix("#s=").or_else(|| {
        hash.strip_prefix("#story=")
            .and_then(|rest| rest.split_once("&s=").map(|(_, s)| s))
    })
}

/// The story part of a fragment (`#story=…`, up to any `&`), kept when the scenario is
/// written.
fn story_in_fragment(hash: &str) -> Option<&str> {
    hash.strip_prefix("#story=")
        .map(|rest| rest.split_once('&').map_or(rest, |(story, _)| story))
}

/// The stories the page holds: its default story, and the one a link asked for, with
/// its name and why it could not be loaded, if it could not (see
/// [`REQUESTED_STORY_ELEMENT_ID`]). Texts longer than the story size cap are passed on
/// as they are: the story reader refuses them before decoding.
pub fn page_stories() -> crate::Options {
    let mut options = crate::Options::default();
    let Some(document) = window().and_then(|w| w.document()) else {
        return options;
    };
    options.default_story = document
        .get_element_by_id(STORY_ELEMENT_ID)
        .and_then(|e| e.text_content());
    if let Some(requested) = document.get_element_by_id(REQUESTED_STORY_ELEMENT_ID) {
        options.story_name = requested.get_attribute("data-name");
        options.story_error = requested.get_attribute("data-error");
        if options.story_error.is_none() {
            options.story = requested.text_content();
        }
    }
    options
}

/// Calls `on_change` with the new scenario text whenever the reader changes the URL
/// fragment (pasting a link into the same tab); the returned guard stops listening.
pub fn watch_fragment(on_change: impl Fn(String) + 'static) -> Option<FragmentWatch> {
    let w = window()?;
    let listener = EventListener::new(&w, "hashchange", move |_| {
        if let Some(text) = read_url().scenario {
            on_change(text);
        }
    });
    Some(FragmentWatch {
        _listener: listener,
    })
}

/// Listening for fragment changes; stops when dropped.
pub struct FragmentWatch {
    _listener: EventListener,
}

/// Whether the system asks for a dark colour scheme (`prefers-color-scheme: dark`).
pub fn prefers_dark() -> bool {
    dark_query().is_some_and(|m| m.matches())
}

fn dark_query() -> Option<web_sys::MediaQueryList> {
    window()?
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
}

/// Calls `on_change` with whether the system's colour scheme is dark each time it
/// changes; the returned listener stops when dropped.
pub fn watch_color_scheme(on_change: impl Fn(bool) + 'static) -> Option<EventListener> {
    let query = dark_query()?;
    let target = query.clone();
    Some(EventListener::new(&target, "change", move |_| {
        on_change(query.matches())
    }))
}

/// Puts the scenario text in the URL fragment without adding a history entry.
pub fn write_url_fragment(text: &str) {
    let Some(w) = window() else { return };
    let Ok(history) = w.history() else { return };
    let location = w.location();
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let url = match story_in_fragment(&hash) {
        Some(story) => format!("{path}{search}#story={story}&s={text}"),
        None => format!("{path}{search}#s={text}"),
    };
    // A page on file:// or in a sandbox may refuse; the scenario then lives on in storage.
    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
}

/// Sets the page's title (as text).
pub fn set_title(title: &str) {
    if let Some(document) = window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// The page's address, for sharing.
pub fn page_url() -> String {
    window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// Local storage is missing, full or refused (sandboxed frames, some private modes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StorageUnavailable;

fn storage() -> Result<web_sys::Storage, StorageUnavailable> {
    // Accessing localStorage throws in sandboxed frames and some private modes.
    window()
        .ok_or(StorageUnavailable)?
        .local_storage()
        .map_err(|_| StorageUnavailable)?
        .ok_or(StorageUnavailable)
}

/// The autosaved scenario text, if storage works and holds one (the reader of the text
/// caps its size before decoding it).
pub fn load_saved(key: &str) -> Result<Option<String>, StorageUnavailable> {
    storage()?.get_item(key).map_err(|_| StorageUnavailable)
}

/// Saves the scenario text under `key`.
pub fn save(key: &str, text: &str) -> Result<(), StorageUnavailable> {
    storage()?
        .set_item(key, text)
        .map_err(|_| StorageUnavailable)
}

/// Whether the widget is inside a frame.
pub fn in_frame() -> bool {
    window()
        .and_then(|w| w.parent().ok().flatten().map(|p| !Object::is(&p, &w)))
        .unwrap_or(false)
}

/// Tells a parent page the widget's height (CSS pixels), for its iframe, in each resizing
/// protocol a host may already run:
/// - ours, `{ type: "revenue-model:height", height }`, which `embed.js` reads;
/// - AMP's `amp-iframe resizable` (also read by Datawrapper's, Flourish's and
///   `@newswire/frames`' resizers): `{ sentinel: "amp", type: "embed-size", height }`;
/// - Pym.js's, when the frame's address names the child (`?childId=ID`, which a Pym.js
///   parent adds): the string `pymxPYMxIDxPYMxheightxPYMxHEIGHT`.
pub fn post_height(height: f64) {
    let Some(w) = window() else { return };
    let Some(parent) = w.parent().ok().flatten() else {
        return;
    };
    if Object::is(&parent, &w) || !height.is_finite() {
        return;
    }
    let height = height.ceil();
    let object = |fields: &[(&str, JsValue)]| {
        let message = Object::new();
        for (key, value) in fields {
            let _ = Reflect::set(&message, &(*key).into(), value);
        }
        message
    };
    // The height is not secret; any embedding page may read it.
    let post = |message: &JsValue| {
        let _ = parent.post_message(message, "*");
    };
    post(&object(&[
        ("type", HEIGHT_MESSAGE.into()),
        ("height", height.into()),
    ]));
    post(&object(&[
        ("sentinel", "amp".into()),
        ("type", "embed-size".into()),
        ("height", height.into()),
    ]));
    let search = w.location().search().unwrap_or_default();
    if let Some(message) = pym_height_message(&search, height) {
        post(&message.into());
    }
}

/// Pym.js's height message for the child named by `?childId=` in `search`, if any: its
/// parts joined by `xPYMx`, the height a whole number of pixels.
fn pym_height_message(search: &str, height: f64) -> Option<String> {
    if search.len() > MAX_READ_CHARS {
        return None;
    }
    let id = query_value(search, "childId")?;
    pym_message(&id, height)
}

/// `pymxPYMx{id}xPYMxheightxPYMx{height}`, for an id without white space (Pym.js's
/// parents match the id literally and the type as `\S+`).
fn pym_message(id: &str, height: f64) -> Option<String> {
    if id.is_empty() || id.chars().any(char::is_whitespace) || !height.is_finite() {
        return None;
    }
    Some(format!("pymxPYMx{id}xPYMxheightxPYMx{height:.0}"))
}

/// Copies `text` to the clipboard; resolves to whether it worked.
pub async fn copy_text(text: &str) -> bool {
    let Some(w) = window() else { return false };
    let clipboard = Reflect::get(&w, &"navigator".into())
        .and_then(|n| Reflect::get(&n, &"clipboard".into()))
        .ok()
        .filter(|c| !c.is_undefined());
    let Some(clipboard) = clipboard else {
        return false;
    };
    let write = Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(write) = write else { return false };
    match write
        .call1(&clipboard, &text.into())
        .map(|p| p.dyn_into::<js_sys::Promise>())
    {
        Ok(Ok(promise)) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
        _ => false,
    }
}

/// Offers `bytes` of type `mime` as a download named `name`.
pub fn download_text(name: &str, mime: &str, text: &str) -> bool {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let done = click_link(name, &url);
    let _ = Url::revoke_object_url(&url);
    done
}

/// Offers a canvas's pixels (at device resolution) as a PNG download.
pub fn download_canvas_png(name: &str, canvas: &web_sys::HtmlCanvasElement) -> bool {
    match canvas.to_data_url_with_type("image/png") {
        Ok(url) => click_link(name, &url),
        Err(_) => false,
    }
}

fn click_link(name: &str, href: &str) -> bool {
    let Some(document) = window().and_then(|w| w.document()) else {
        return false;
    };
    let Some(link) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok())
    else {
        return false;
    };
    link.set_href(href);
    link.set_download(name);
    link.click();
    true
}

/// Reads a file the reader picked, as text (at most [`MAX_READ_CHARS`] characters).
pub async fn read_file(file: web_sys::File) -> Result<String, String> {
    if file.size() > MAX_READ_CHARS as f64 {
        return Err(format!(
            "The file is {} bytes; at most {MAX_READ_CHARS} are read",
            file.size()
        ));
    }
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| "The file could not be read".to_string())?;
    text.as_string()
        .ok_or_else(|| "The file is not text".to_string())
}

/// Writes the scenario to the URL and to storage once input pauses (and when the page
/// is hidden), so a dragged slider does not rewrite the address and storage every frame.
/// Dropping it (the widget unmounted) cancels its timer and its `pagehide` listener.
pub struct PersistQueue {
    shared: Rc<RefCell<Pending>>,
    _on_hide: Option<EventListener>,
}

struct Pending {
    /// The link text and the JSON to write next.
    next: Option<(String, String)>,
    /// The pause being waited for; dropping it cancels it.
    timer: Option<Timeout>,
    storage_failed: bool,
    on_storage_failure: Box<dyn Fn()>,
    /// The storage key written.
    key: String,
}

/// How long input must pause before the scenario is written, ms.
pub const PERSIST_DELAY_MS: u32 = 250;

impl PersistQueue {
    /// A queue writing to storage under `key` that calls `on_storage_failure` the first
    /// time storage refuses a write.
    pub fn new(key: String, on_storage_failure: impl Fn() + 'static) -> PersistQueue {
        let shared = Rc::new(RefCell::new(Pending {
            next: None,
            timer: None,
            storage_failed: false,
            on_storage_failure: Box::new(on_storage_failure),
            key,
        }));
        // Write what is pending before the page goes away.
        let weak = Rc::downgrade(&shared);
        let on_hide = window().map(|w| EventListener::new(&w, "pagehide", move |_| flush(&weak)));
        PersistQueue {
            shared,
            _on_hide: on_hide,
        }
    }

    /// Writes `link` to the URL fragment and `json` to storage after the next pause.
    pub fn push(&self, link: String, json: String) {
        let weak = Rc::downgrade(&self.shared);
        let mut p = self.shared.borrow_mut();
        p.next = Some((link, json));
        // Replacing the timer drops (cancels) the one before.
        p.timer = Some(Timeout::new(PERSIST_DELAY_MS, move || flush(&weak)));
    }
}

/// Writes what `shared` holds, if it still exists.
fn flush(shared: &Weak<RefCell<Pending>>) {
    let Some(shared) = shared.upgrade() else {
        return;
    };
    // The timer is left as it is: it may be the one running this, and a fired one
    // cancels nothing when the next push or the queue's drop replaces it.
    let (next, report, key) = {
        let mut p = shared.borrow_mut();
        (p.next.take(), !p.storage_failed, p.key.clone())
    };
    let Some((link, json)) = next else { return };
    write_url_fragment(&link);
    if save(&key, &json).is_err() && report {
        let p = {
            let mut p = shared.borrow_mut();
            p.storage_failed = true;
            p
        };
        (p.on_storage_failure)();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pym_messages_name_the_child_and_a_whole_height() {
        assert_eq!(
            pym_message("graphic-1", 1383.0).as_deref(),
            Some("pymxPYMxgraphic-1xPYMxheightxPYMx1383")
        );
        assert_eq!(pym_message("", 10.0), None);
        assert_eq!(pym_message("two words", 10.0), None);
        assert_eq!(pym_message("id", f64::NAN), None);
    }
}
