//! The author page: a form that writes a story file (`docs/story-format.md`) with the
//! reader's widget beside it, on a page of its own with its own WebAssembly, so readers
//! never download the editor.
//!
//! [`draft`] (the story being written and every edit), [`inputs`] (the inputs a lever or
//! a preset moves) and [`embed`] (the link and the embed code) are pure and tested
//! natively; `app` renders them and `platform` is the only code that touches the browser.

mod app;
pub mod draft;
pub mod embed;
pub mod inputs;
mod platform;

/// The id of the element the author page provides.
pub const ROOT_ID: &str = "author-root";

/// Starts the author page in `#author-root`, showing a visible message instead of
/// freezing if anything panics.
pub fn start() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(ROOT_ID))
    else {
        return;
    };
    let host = root.clone();
    std::panic::set_hook(Box::new(move |info| {
        web_sys::console::error_1(&format!("author page: {info}").into());
        host.set_text_content(Some(
            "Sorry, the author page stopped because of an internal error. Reload the page to start again; a story you downloaded can be opened again.",
        ));
    }));
    root.set_inner_html("");
    yew::Renderer::<app::App>::with_root(root).render();
}
