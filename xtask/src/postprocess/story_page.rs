//! The story the built site tells: read from a story file (`stories/article.json`, or
//! `cargo xtask dist --story FILE`), checked by the model, then put into dist/: its text
//! in index.html as `<script type="application/json" id="revenue-model-story">` (the
//! widget reads it from there), the page title, description and web app manifest in its
//! words, and the shipped story files beside the widget so `?story=NAME.json` finds them.

use std::fs;
use std::path::{Path, PathBuf};

use revenue_model::article::short_name;
use revenue_model::Story;

use crate::error::{Context, Error, Result};
use crate::escape::escape_html;
use crate::html::append_to;

/// The default story, relative to the repository's root.
pub const DEFAULT_STORY: &str = "stories/article.json";
/// The id of the element holding the story in index.html (the widget's `host.rs` reads it).
pub const STORY_ELEMENT_ID: &str = "revenue-model-story";
/// The default story's copy beside the widget, which `<revenue-model>` fetches.
pub const STORY_FILE: &str = "story.json";

/// A story file, read and checked.
pub struct StoryFile {
    /// Its text, as written.
    pub text: String,
    /// The story.
    pub story: Story,
    /// Where it was read from.
    pub path: PathBuf,
}

impl StoryFile {
    /// Reads and checks the story at `path` (relative to `root` unless absolute).
    pub fn read(root: &Path, path: Option<&Path>) -> Result<Self> {
        let path = root.join(path.unwrap_or(Path::new(DEFAULT_STORY)));
        let text =
            fs::read_to_string(&path).context(format!("reading the story {}", path.display()))?;
        let story = Story::parse(&text).map_err(|e| match e {
            revenue_model::StoryError::Invalid(issues) => Error::new(format!(
                "the story {} has problems:\n{}",
                path.display(),
                issues
                    .iter()
                    .map(|i| format!("  {i}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
            other => Error::new(format!("the story {}: {other}", path.display())),
        })?;
        Ok(Self { text, story, path })
    }

    /// The page's title: the story's question.
    pub fn title(&self) -> String {
        self.story.file().question.clone()
    }

    /// The page's description, in the story's words.
    pub fn description(&self) -> String {
        let file = self.story.file();
        let base = self.story.base_case().get();
        let headline = base
            .headline_client()
            .and_then(|i| base.clients.get(i))
            .map(|c| short_name(&c.name).to_string())
            .unwrap_or_default();
        format!(
            "An interactive model of {}'s {} and how much of it depends on {headline}.",
            file.company, file.business
        )
    }
}

/// The story's text as the content of a `<script type="application/json">`: every `<`
/// (which can only stand inside a JSON string) is written `\u003c`, so nothing in a story
/// can end the element or start a comment or script inside it; JSON reads the same text.
fn script_text(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// Puts `story` into dist/'s index.html and manifest, and copies the story files beside
/// the widget: every story under `root/stories/` and the chosen one as `story.json`.
pub fn write(root: &Path, dist: &Path, story: &StoryFile) -> Result<()> {
    let index_path = dist.join("index.html");
    let index = fs::read_to_string(&index_path).context("reading dist/index.html")?;
    let index = replace_title_and_description(&index, &story.title(), &story.description())?;
    let element = format!(
        "<script type=\"application/json\" id=\"{STORY_ELEMENT_ID}\">{}</script>",
        script_text(&story.text)
    );
    let index = append_to(&index, "head", &element)?;
    fs::write(&index_path, index).context("writing dist/index.html")?;

    let manifest_path = dist.join("manifest.webmanifest");
    let mut manifest: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(&manifest_path).context("reading dist/manifest.webmanifest")?,
    )
    .context("reading dist/manifest.webmanifest")?;
    if let Some(object) = manifest.as_object_mut() {
        object.insert("name".to_string(), story.title().into());
        object.insert(
            "description".to_string(),
            format!("{} Runs entirely in the browser.", story.description()).into(),
        );
    }
    let mut text = serde_json::to_string_pretty(&manifest).context("writing the manifest")?;
    text.push('\n');
    fs::write(&manifest_path, text).context("writing dist/manifest.webmanifest")?;

    let stories = root.join("stories");
    for entry in fs::read_dir(&stories).context(format!("reading {}", stories.display()))? {
        let path = entry.context("reading stories/")?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.ends_with(".json") && !name.ends_with(".schema.json") {
            fs::copy(&path, dist.join(&name)).context(format!("copying {name}"))?;
        }
    }
    fs::write(dist.join(STORY_FILE), &story.text).context("writing dist/story.json")?;
    Ok(())
}

/// `html` with its `<title>` and description set (escaped).
fn replace_title_and_description(html: &str, title: &str, description: &str) -> Result<String> {
    let html = crate::html::set_content(html, "title", &escape_html(title))?;
    let start = html
        .find("<meta name=\"description\" content=\"")
        .ok_or_else(|| Error::new("index.html has no <meta name=\"description\">"))?;
    let content_start = start + "<meta name=\"description\" content=\"".len();
    let end = html
        .get(content_start..)
        .and_then(|rest| rest.find('"'))
        .map(|e| content_start + e)
        .ok_or_else(|| Error::new("index.html's description does not end"))?;
    Ok(format!(
        "{}{}{}",
        html.get(..content_start).unwrap_or_default(),
        escape_html(description),
        html.get(end..).unwrap_or_default()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_cannot_end_its_script_element() {
        let text = script_text(r#"{"q": "</script><script>alert(1)</script><!--"}"#);
        assert!(!text.contains('<'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(
            back.get("q").and_then(|q| q.as_str()),
            Some("</script><script>alert(1)</script><!--")
        );
    }
}

#[cfg(test)]
mod template_tests {
    use super::*;

    /// `cargo xtask dist --story stories/template.json`, its story parts on a small dist/:
    /// the page title, description, manifest, the story in the page, the no-JavaScript
    /// first screen, the preview card and oembed.json all tell the template's story.
    #[test]
    fn the_template_as_the_default_story() -> Result<()> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let story = StoryFile::read(&root, Some(Path::new("stories/template.json")))?;
        let question = "How much of Your company's revenue is its largest customer?";
        assert_eq!(story.title(), question);
        let dir = std::env::temp_dir().join(format!("xtask-story-page-{}", std::process::id()));
        fs::create_dir_all(&dir).context("temp dir")?;
        fs::write(
            dir.join("index.html"),
            "<!doctype html><html><head><title>Revenue model</title>\
             <meta name=\"description\" content=\"An interactive model.\"></head>\
             <body><main id=\"revenue-model-root\"></main></body></html>",
        )
        .context("index")?;
        fs::write(
            dir.join("manifest.webmanifest"),
            r#"{ "name": "Revenue model", "short_name": "Revenue model" }"#,
        )
        .context("manifest")?;
        write(&root, &dir, &story)?;
        crate::share_card::run(&dir, None, &story.story)?;
        let index = fs::read_to_string(dir.join("index.html")).context("index")?;
        let manifest = fs::read_to_string(dir.join("manifest.webmanifest")).context("manifest")?;
        let oembed = fs::read_to_string(dir.join("oembed.json")).context("oembed")?;
        let copied = fs::read_to_string(dir.join(STORY_FILE)).context("story.json")?;
        let fallback = super::super::fallback::html_for(&story.story)?;
        fs::remove_dir_all(&dir).context("cleaning up")?;
        let escaped = escape_html(question);
        assert!(
            index.contains(&format!("<title>{escaped}</title>")),
            "{index}"
        );
        assert!(
            index.contains(&format!("content=\"{escaped}\"")),
            "og:title: {index}"
        );
        assert!(index.contains("id=\"revenue-model-story\""));
        assert!(manifest.contains(question));
        assert!(oembed.contains(question), "{oembed}");
        assert!(
            oembed.contains("Largest customer's monthly spend $2M"),
            "{oembed}"
        );
        assert_eq!(copied, story.text);
        assert!(fallback.contains(&escaped));
        assert!(fallback.contains("Largest customer&#39;s monthly spend"));
        for name in ["TikTok", "Microsoft"] {
            assert!(!fallback.contains(name) && !oembed.contains(name), "{name}");
        }
        Ok(())
    }
}
