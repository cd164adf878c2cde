//! Escaping text for HTML and XML, shared by the link-preview card, the preview image's SVG
//! and the post-processing. A leaf: the function is the model's (`revenue_model::format`), which the author page uses too.

pub use revenue_model::format::escape_html;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom's & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&#39;s&lt;/a&gt;"
        );
    }
}
