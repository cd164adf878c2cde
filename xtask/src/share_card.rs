//! What a shared link and a pasted URL show: the preview card and oEmbed discovery.
//!
//! Run on trunk's dist/ before the post-processing, this writes
//! - `preview.png`, the card's image (see [`crate::preview`]), also the image a blogger
//!   links to the widget on platforms that refuse iframes;
//! - `oembed.json`, a static oEmbed response of type `rich` whose HTML is the iframe snippet
//!   with `embed.js`;
//! - into index.html's head: Open Graph and Twitter card tags and the oEmbed discovery link.
//!
//! dist/ can be published at any address, so the URLs are relative unless the published
//! address is given (`cargo xtask dist --base-url https://example.org/revenue-model/`); with
//! it they are absolute, which link previews and oEmbed consumers need.

use std::fs;
use std::path::Path;

use crate::error::{Context, Error, Result};
use crate::html;
use crate::preview::{self, Card};

/// The preview image.
pub const PREVIEW_IMAGE: &str = "preview.png";
/// The oEmbed response.
pub const OEMBED: &str = "oembed.json";
/// The files written here: for link previews and other sites, never fetched by the page.
pub const FILES: [&str; 2] = [PREVIEW_IMAGE, OEMBED];
/// The iframe's height before `embed.js` sizes it, in CSS pixels.
pub const FRAME_HEIGHT: u32 = 900;
/// The width an oEmbed consumer should give the frame (the snippet itself is 100% wide).
pub const FRAME_WIDTH: u32 = 760;
/// The page's own description, after which the tags go.
const DESCRIPTION: &str = r#"meta[name="description"]"#;
/// The attribute that marks the tags written here, so a second run replaces them.
const MARK: &str = "data-link-preview";

/// The address dist/ is published at: absolute http(s), ending with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Accepts `https://host/path/` (a missing final `/` is added); refuses anything that is
    /// not an absolute http(s) address of a folder or that would need escaping.
    pub fn parse(text: &str) -> Result<Self> {
        let problem = |why: &str| {
            Error::new(format!(
                "--base-url {text:?}: {why}; give the published folder, e.g. https://example.org/revenue-model/"
            ))
        };
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or_else(|| problem("it must start with https:// or http://"))?;
        let host = rest.split('/').next().unwrap_or_default();
        if host.is_empty() || host.starts_with('.') || host.starts_with(':') {
            return Err(problem("it has no host"));
        }
        if let Some(bad) = text
            .chars()
            .find(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`?#".contains(*c))
        {
            return Err(problem(&format!(
                "{bad:?} has no place in a folder's address"
            )));
        }
        let mut url = text.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(Self(url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where dist/'s files are named from: relative (`./name`) or under the base URL.
struct Urls<'a>(Option<&'a BaseUrl>);

impl Urls<'_> {
    fn of(&self, name: &str) -> String {
        match self.0 {
            Some(base) => format!("{}{name}", base.as_str()),
            None => format!("./{name}"),
        }
    }

    /// The page itself: the folder's address, or `./`.
    fn page(&self) -> String {
        self.of("")
    }
}

/// The page's own words, read from trunk's index.html and the web app manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub title: String,
    pub description: String,
    /// The manifest's `short_name`: the provider name of the oEmbed response.
    pub provider_name: String,
}

impl Page {
    fn read(index: &str, manifest: &str) -> Result<Self> {
        let title = html::text_of(index, "title")?
            .ok_or_else(|| Error::new("index.html has no <title>"))?;
        let description = html::attribute_of(index, DESCRIPTION, "content")?
            .ok_or_else(|| Error::new("index.html has no <meta name=\"description\">"))?;
        let manifest: serde_json::Value =
            serde_json::from_str(manifest).context("reading manifest.webmanifest")?;
        let provider_name = manifest
            .get("short_name")
            .or_else(|| manifest.get("name"))
            .and_then(|name| name.as_str())
            .ok_or_else(|| Error::new("manifest.webmanifest has no short_name or name"))?;
        Ok(Self {
            title: unescape_html(title.trim()),
            description: unescape_html(description.trim()),
            provider_name: provider_name.to_string(),
        })
    }
}

/// Writes the preview image and the oEmbed response into `dist` and the tags into its
/// index.html (replacing those of an earlier run).
pub fn run(dist: &Path, base: Option<&BaseUrl>, story: &revenue_model::Story) -> Result<()> {
    let read = |name: &str| {
        let path = dist.join(name);
        fs::read_to_string(&path).context(format!("reading {}", path.display()))
    };
    let write = |name: &str, bytes: &[u8]| {
        let path = dist.join(name);
        fs::write(&path, bytes).context(format!("writing {}", path.display()))
    };
    let index = html::remove_all(&read("index.html")?, &format!("[{MARK}]"))?;
    let index = html::without_blank_lines(&index);
    let page = Page::read(&index, &read("manifest.webmanifest")?)?;
    let card = Card::base_case(story)?;
    write(PREVIEW_IMAGE, &card.png()?)?;
    write(OEMBED, oembed_json(&page, &card, base)?.as_bytes())?;
    // After the page's own description, so the preview's tags come early in the head.
    let index = html::insert_after(&index, DESCRIPTION, &head_tags(&page, &card, base))?;
    write("index.html", index.as_bytes())?;
    println!(
        "share card: {PREVIEW_IMAGE} ({}x{}), {OEMBED}, tags in index.html, {}",
        preview::SIZE.0,
        preview::SIZE.1,
        match base {
            Some(base) => format!("absolute URLs under {}", base.as_str()),
            None => "relative URLs (no --base-url)".to_string(),
        }
    );
    Ok(())
}

/// The iframe snippet of the README, with `embed.js`, for the page at `urls`.
fn iframe_snippet(page: &Page, urls: &Urls<'_>) -> String {
    format!(
        r#"<iframe src="{}" sandbox="allow-scripts allow-downloads" data-revenue-model title="{}" loading="lazy" width="100%" height="{FRAME_HEIGHT}"></iframe><script src="{}" defer></script>"#,
        crate::escape::escape_html(&urls.of("index.html")),
        crate::escape::escape_html(&page.title),
        crate::escape::escape_html(&urls.of("embed.js")),
    )
}

/// The description that previews show: the page's own, then the base case's numbers.
fn description(page: &Page, card: &Card) -> String {
    format!("{} {}", page.description, card.summary())
}

/// The Open Graph and Twitter card tags and the oEmbed discovery link, each marked.
fn head_tags(page: &Page, card: &Card, base: Option<&BaseUrl>) -> String {
    let urls = Urls(base);
    let (width, height) = preview::SIZE;
    let alt = format!("{} {}", card.question, card.summary());
    let mut tags: Vec<(&str, &str, String)> = vec![
        ("property", "og:type", "website".to_string()),
        ("property", "og:title", page.title.clone()),
        ("property", "og:description", description(page, card)),
        ("property", "og:site_name", page.provider_name.clone()),
        ("property", "og:image", urls.of(PREVIEW_IMAGE)),
        ("property", "og:image:type", "image/png".to_string()),
        ("property", "og:image:width", width.to_string()),
        ("property", "og:image:height", height.to_string()),
        ("property", "og:image:alt", alt.clone()),
        ("name", "twitter:card", "summary_large_image".to_string()),
        ("name", "twitter:title", page.title.clone()),
        ("name", "twitter:description", description(page, card)),
        ("name", "twitter:image", urls.of(PREVIEW_IMAGE)),
        ("name", "twitter:image:alt", alt),
    ];
    if base.is_some() {
        tags.insert(1, ("property", "og:url", urls.page()));
    }
    let mut out = String::new();
    for (attribute, name, content) in tags {
        out.push_str(&format!(
            "\n    <meta {attribute}=\"{name}\" content=\"{}\" {MARK}>",
            crate::escape::escape_html(&content)
        ));
    }
    out.push_str(&format!(
        "\n    <link rel=\"alternate\" type=\"application/json+oembed\" href=\"{}\" title=\"{}\" {MARK}>",
        crate::escape::escape_html(&urls.of(OEMBED)),
        crate::escape::escape_html(&page.title)
    ));
    out
}

/// The oEmbed response (version 1.0, type `rich`).
fn oembed_json(page: &Page, card: &Card, base: Option<&BaseUrl>) -> Result<String> {
    let urls = Urls(base);
    let (width, height) = preview::SIZE;
    let mut response = serde_json::json!({
        "version": "1.0",
        "type": "rich",
        "title": page.title,
        "provider_name": page.provider_name,
        "html": iframe_snippet(page, &urls),
        "width": FRAME_WIDTH,
        "height": FRAME_HEIGHT,
        "thumbnail_url": urls.of(PREVIEW_IMAGE),
        "thumbnail_width": width,
        "thumbnail_height": height,
        "description": description(page, card),
    });
    if let (Some(base), Some(object)) = (base, response.as_object_mut()) {
        object.insert("provider_url".to_string(), base.as_str().into());
    }
    let mut text = serde_json::to_string_pretty(&response).context("writing oembed.json")?;
    text.push('\n');
    Ok(text)
}

fn unescape_html(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = r#"<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Microsoft &amp; TikTok</title>
    <meta name="description" content="An interactive model.">
  </head>
  <body><main id="revenue-model-root"></main></body>
</html>
"#;
    const MANIFEST: &str = r#"{ "name": "Long name", "short_name": "Revenue model" }"#;

    /// The text between the first `open` and the next `close`.
    fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
        let start = text.find(open)? + open.len();
        let rest = text.get(start..)?;
        rest.get(..rest.find(close)?)
    }

    /// The `content` of the meta tag named `name`, unescaped.
    fn meta(html: &str, name: &str) -> Option<String> {
        ["property", "name"].iter().find_map(|attribute| {
            between(
                html,
                &format!("<meta {attribute}=\"{name}\" content=\""),
                "\"",
            )
            .map(unescape_html)
        })
    }

    fn discovery_href(html: &str) -> Option<String> {
        between(
            html,
            "<link rel=\"alternate\" type=\"application/json+oembed\" href=\"",
            "\"",
        )
        .map(unescape_html)
    }

    /// Builds into a temporary dist/ and returns index.html and the parsed oembed.json.
    fn build(base: Option<&str>) -> Result<(String, serde_json::Value, Vec<u8>)> {
        let dir = std::env::temp_dir().join(format!(
            "xtask-share-card-{}-{}",
            std::process::id(),
            base.is_some()
        ));
        fs::create_dir_all(&dir).context("temp dir")?;
        fs::write(dir.join("index.html"), INDEX).context("index")?;
        fs::write(dir.join("manifest.webmanifest"), MANIFEST).context("manifest")?;
        let base = base.map(BaseUrl::parse).transpose()?;
        let story = revenue_model::Story::parse(include_str!("../../stories/article.json"))
            .map_err(|e| Error::new(e.to_string()))?;
        run(&dir, base.as_ref(), &story)?;
        // A second run replaces the tags instead of adding more.
        run(&dir, base.as_ref(), &story)?;
        let index = fs::read_to_string(dir.join("index.html")).context("index")?;
        let oembed = fs::read_to_string(dir.join(OEMBED)).context("oembed")?;
        let png = fs::read(dir.join(PREVIEW_IMAGE)).context("png")?;
        fs::remove_dir_all(&dir).context("cleaning up")?;
        Ok((
            index,
            serde_json::from_str(&oembed).context("oembed.json is JSON")?,
            png,
        ))
    }

    fn check(index: &str, oembed: &serde_json::Value, url_of: impl Fn(&str) -> String) {
        // Fourteen meta tags (fifteen with og:url) and the discovery link, once each.
        let tags = 15 + usize::from(meta(index, "og:url").is_some());
        assert_eq!(index.matches(MARK).count(), tags);
        assert_eq!(
            meta(index, "og:title").as_deref(),
            Some("Microsoft & TikTok")
        );
        assert_eq!(meta(index, "og:image"), Some(url_of(PREVIEW_IMAGE)));
        assert_eq!(meta(index, "og:image:width").as_deref(), Some("1200"));
        assert_eq!(meta(index, "og:image:height").as_deref(), Some("630"));
        assert_eq!(
            meta(index, "twitter:card").as_deref(),
            Some("summary_large_image")
        );
        let description = meta(index, "og:description").unwrap_or_default();
        assert!(description.starts_with("An interactive model. "));
        assert!(description.contains("$20M"), "{description}");
        assert_eq!(discovery_href(index), Some(url_of(OEMBED)));

        let field = |name: &str| oembed.get(name).cloned().unwrap_or_default();
        assert_eq!(field("version"), "1.0");
        assert_eq!(field("type"), "rich");
        assert_eq!(field("provider_name"), "Revenue model");
        assert_eq!(field("width"), FRAME_WIDTH);
        assert_eq!(field("height"), FRAME_HEIGHT);
        assert_eq!(field("thumbnail_url"), url_of(PREVIEW_IMAGE).as_str());
        assert_eq!(field("thumbnail_width"), 1200);
        assert_eq!(field("thumbnail_height"), 630);
        let html = field("html").as_str().unwrap_or_default().to_string();
        assert!(html.starts_with(&format!("<iframe src=\"{}\"", url_of("index.html"))));
        assert!(html.contains("data-revenue-model"));
        assert!(html.contains(&format!("<script src=\"{}\" defer>", url_of("embed.js"))));
        assert!(html.contains("title=\"Microsoft &amp; TikTok\""));
    }

    #[test]
    fn without_a_base_url_every_reference_is_relative() -> Result<()> {
        let (index, oembed, png) = build(None)?;
        check(&index, &oembed, |name| format!("./{name}"));
        assert_eq!(meta(&index, "og:url"), None);
        assert!(oembed.get("provider_url").is_none());
        assert!(!index.contains("http"));
        assert_eq!(png.get(1..4), Some(&b"PNG"[..]));
        Ok(())
    }

    #[test]
    fn with_a_base_url_every_reference_is_absolute() -> Result<()> {
        let base = "https://example.org/revenue-model/";
        let (index, oembed, _) = build(Some("https://example.org/revenue-model"))?;
        check(&index, &oembed, |name| format!("{base}{name}"));
        assert_eq!(meta(&index, "og:url").as_deref(), Some(base));
        assert_eq!(
            oembed.get("provider_url").and_then(|url| url.as_str()),
            Some(base)
        );
        Ok(())
    }

    #[test]
    fn base_urls_are_absolute_http_folders() {
        for good in ["https://example.org/", "http://127.0.0.1:8080/blog/widget/"] {
            assert_eq!(
                BaseUrl::parse(good).map(|b| b.0).ok().as_deref(),
                Some(good)
            );
        }
        for bad in [
            "example.org/x/",
            "/revenue-model/",
            "https://",
            "ftp://example.org/",
            "https://example.org/x/?a=1",
            "https://example.org/a b/",
            "https://example.org/\"><script>/",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
