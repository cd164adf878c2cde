//! The author page's only contact with the browser beyond rendering: the story link's
//! compression (the browser's own `CompressionStream`, so no compression code ships in
//! the wasm), the page's own address, and the widget's clipboard, download and file
//! functions.

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub use revenue_widget::platform::host::{copy_text, download_text, read_file};

/// `object.name(args…)`.
fn call(object: &JsValue, name: &str, args: &Array) -> Result<JsValue, JsValue> {
    let method: Function = Reflect::get(object, &name.into())?.dyn_into()?;
    Reflect::apply(&method, object, args)
}

/// `new Name(args…)` for a global constructor.
fn construct(name: &str, args: &Array) -> Result<JsValue, JsValue> {
    let class: Function = Reflect::get(&js_sys::global(), &name.into())?.dyn_into()?;
    Reflect::construct(&class, args)
}

/// `text` as UTF-8, compressed with `CompressionStream("deflate-raw")`.
async fn deflate_raw(text: &str) -> Result<Vec<u8>, JsValue> {
    let blob = construct("Blob", &Array::of1(&Array::of1(&text.into())))?;
    let stream = call(&blob, "stream", &Array::new())?;
    let compressor = construct("CompressionStream", &Array::of1(&"deflate-raw".into()))?;
    let compressed = call(&stream, "pipeThrough", &Array::of1(&compressor))?;
    let response = construct("Response", &Array::of1(&compressed))?;
    let buffer: Promise = call(&response, "arrayBuffer", &Array::new())?.dyn_into()?;
    Ok(Uint8Array::new(&JsFuture::from(buffer).await?).to_vec())
}

/// The story link's fragment value for the story's JSON `text` (what follows `#story=`),
/// or `None` where the browser cannot compress.
pub async fn encode_story(text: &str) -> Option<String> {
    deflate_raw(text)
        .await
        .ok()
        .map(|bytes| crate::embed::base64url(&bytes))
}

/// The folder the author page is in, which is the widget's folder too (ends with `/`).
pub fn page_folder() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    revenue_widget::folder_of(&href)
}
