//! The author page's only contact with the browser beyond rendering: the story link's
//! compression (the browser's `CompressionStream`, through `js/story-link.js`), the page's
//! own address, and the widget's clipboard, download and file functions.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

pub use revenue_widget::platform::host::{copy_text, download_text, read_file};

#[wasm_bindgen(module = "/js/story-link.js")]
extern "C" {
    #[wasm_bindgen(js_name = encodeStory, catch)]
    async fn encode_story_js(text: &str) -> Result<JsValue, JsValue>;
}

/// The story link's fragment value for the story's JSON `text` (what follows `#story=`),
/// or `None` where the browser cannot compress.
pub async fn encode_story(text: &str) -> Option<String> {
    encode_story_js(text).await.ok().and_then(|v| v.as_string())
}

/// The folder the author page is in, which is the widget's folder too (ends with `/`).
pub fn page_folder() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    revenue_widget::folder_of(&href)
}
