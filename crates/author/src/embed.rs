//! What the author copies: the reader's link with the story in it and the code that
//! embeds it in a post (an iframe, and the `<revenue-model>` element).

use revenue_model::story_file::StoryFile;

pub use revenue_model::format::escape_html;

/// `bytes` in base64url without padding (RFC 4648 §5): what a link's fragment carries.
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [0, 1, 2].map(|i| u32::from(chunk.get(i).copied().unwrap_or(0)));
        let n = (b[0] << 16) | (b[1] << 8) | b[2];
        // A chunk of k bytes writes k + 1 characters.
        for i in 0..=chunk.len() {
            let index = (n >> (18 - 6 * i)) & 63;
            if let Some(&c) = ALPHABET.get(index as usize) {
                out.push(char::from(c));
            }
        }
    }
    out
}

/// The reader's link: the widget's page in `folder` with the story in its fragment.
pub fn reader_link(folder: &str, fragment: &str) -> String {
    format!("{folder}index.html#story={fragment}")
}

/// The preview's address: the reader's page beside the author page with the story in
/// its fragment, opened on the story's first preset (its base case). Naming the preset
/// keeps a scenario the widget saved for a story with the same id from standing in for
/// the story being written.
pub fn preview_src(story: &StoryFile, fragment: &str) -> String {
    let base: String = story
        .presets
        .first()
        .map(|p| {
            p.id.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect()
        })
        .unwrap_or_default();
    if base.is_empty() {
        format!("./index.html#story={fragment}")
    } else {
        format!("./index.html?preset={base}#story={fragment}")
    }
}

/// The name the story's file is downloaded as: its id, `.json`.
pub fn story_file_name(story: &StoryFile) -> String {
    let id = if story.id.is_empty() {
        "story"
    } else {
        &story.id
    };
    format!("{id}.json")
}

/// The code a post embeds the story with: an iframe of the reader's link (the story in
/// it), sized by the widget's `embed.js`, or the `<revenue-model>` element reading the
/// story's file published beside the widget.
pub fn embed_code(folder: &str, fragment: &str, story: &StoryFile) -> String {
    let title = escape_html(&story.question);
    let link = escape_html(&reader_link(folder, fragment));
    let folder = escape_html(folder);
    let file = escape_html(&story_file_name(story));
    format!(
        "<!-- An iframe (recommended) -->\n\
         <iframe src=\"{link}\" title=\"{title}\" data-revenue-model sandbox=\"allow-scripts allow-downloads\" \
         loading=\"lazy\" style=\"width:100%;border:0;height:900px\"></iframe>\n\
         <script src=\"{folder}embed.js\" defer></script>\n\n\
         <!-- Or the custom element, in the page itself: publish the story file \
         (\"Download story\") as {file} beside the widget's files -->\n\
         <script type=\"module\" src=\"{folder}revenue-model.js\"></script>\n\
         <revenue-model story=\"{file}\"></revenue-model>\n"
    )
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    use revenue_model::story_file::parse_story;

    #[test]
    fn the_preview_opens_on_the_base_case() {
        let story = parse_story(include_str!("../../../stories/article.json")).unwrap();
        assert_eq!(
            preview_src(&story, "abc"),
            format!("./index.html?preset={}#story=abc", story.presets[0].id)
        );
    }

    #[test]
    fn base64url_is_rfc_4648_without_padding() {
        // RFC 4648's test vectors, without "=".
        for (bytes, text) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url(bytes.as_bytes()), text);
        }
        assert_eq!(base64url(&[0xfb, 0xff, 0xbf]), "-_-_");
    }

    #[test]
    fn the_embed_code_carries_the_story_and_escapes_its_words() {
        let mut story = parse_story(include_str!("../../../stories/article.json")).unwrap();
        story.question = "Is \"Bolt\" <b>half</b> of Acme's & more?".to_string();
        let code = embed_code("https://example.org/m/", "abc_-", &story);
        assert!(code.contains(
            "<iframe src=\"https://example.org/m/index.html#story=abc_-\" title=\"Is &quot;Bolt&quot; &lt;b&gt;half&lt;/b&gt; of Acme&#39;s &amp; more?\""
        ));
        assert!(code.contains("<script src=\"https://example.org/m/embed.js\" defer></script>"));
        assert!(code.contains("<revenue-model story=\"article.json\"></revenue-model>"));
        assert!(!code.contains("<b>"));
    }
}
