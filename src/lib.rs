//! The widget a reader uses: a thin Yew layer over the pure model and the charts.
//!
//! Mount it with [`mount`] into any element; [`start`] mounts it into the page's
//! `#revenue-model-root` element (or the body) and installs a panic hook that shows a
//! visible message instead of freezing silently.

pub mod app;
mod canvas_backend;
mod components;
mod hooks;
mod host_api;
pub mod platform;
pub mod protocol;
pub mod startup;
pub mod state;

pub use startup::Options;

/// Mounts the widget into `root` with the default options (no worker, nothing persisted).
pub fn mount(root: web_sys::Element) -> yew::AppHandle<app::App> {
    mount_with(root, Options::default())
}

/// Mounts the widget into `root`.
pub fn mount_with(root: web_sys::Element, options: Options) -> yew::AppHandle<app::App> {
    HOSTS.with(|hosts| hosts.borrow_mut().push(root.clone()));
    yew::Renderer::<app::App>::with_root_and_props(root, app::AppProps { options }).render()
}

/// The id of the element the page provides for the widget.
pub const ROOT_ID: &str = "revenue-model-root";

/// Shows a visible message in place of the widget if anything panics: a panic
/// aborts a WebAssembly module, and without this the widget would freeze silently.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("revenue model: {info}").into());
        HOSTS.with(|hosts| {
            for host in hosts.borrow().iter() {
                host.set_text_content(Some(
                    "Sorry, the revenue model stopped because of an internal error. Reload the page to start again.",
                ));
            }
        });
    }));
}

thread_local! {
    /// Every element a widget is mounted in, for the panic message.
    static HOSTS: std::cell::RefCell<Vec<web_sys::Element>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Starts the widget in the page's `#revenue-model-root` element, if there is one,
/// replacing what it holds (the build-time fallback for readers without JavaScript).
/// The scenario lives in the page's URL and local storage, and the simulation runs in a
/// worker started from the page's folder.
pub fn start() {
    install_panic_hook();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = document.get_element_by_id(ROOT_ID) else {
        return;
    };
    root.set_inner_html("");
    let base = document
        .base_uri()
        .ok()
        .flatten()
        .map(|uri| folder_of(&uri));
    mount_with(
        root,
        Options {
            base,
            worker: true,
            workers: platform::host::read_url().workers,
            persist: true,
            first_result: platform::page_data::first_result(),
            ..platform::host::page_stories()
        },
    );
}

/// The folder part of a URL: everything up to and including the last `/` before any
/// query or fragment.
pub fn folder_of(url: &str) -> String {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let path = url.get(..end).unwrap_or(url);
    match path.rfind('/') {
        Some(i) => path.get(..=i).unwrap_or(path).to_string(),
        None => format!("{path}/"),
    }
}
