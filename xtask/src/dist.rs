//! `cargo xtask dist`: the release build into dist/ with trunk (the widget's page, then the
//! author page by a second run, since trunk builds one page per run), the link-preview card and
//! oEmbed response, the post-processing (strict CSP, no-JS fallback, service worker, custom
//! element, single file), then the size report against the size budgets (see `sizes`).

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Context, Error, Result};
use crate::postprocess::{self, story_page::StoryFile};
use crate::project::{run, Project};
use crate::share_card::{self, BaseUrl};
use crate::sizes::Report;
use crate::tools;

/// What `cargo xtask dist` was asked for.
#[derive(Debug, Default, PartialEq)]
pub struct Options {
    /// The address dist/ will be published at (`--base-url URL`): the link-preview and
    /// oEmbed URLs are absolute under it, and relative without it.
    pub base_url: Option<BaseUrl>,
    /// The story the site tells by default (`--story FILE`): `stories/article.json`
    /// without it.
    pub story: Option<PathBuf>,
}

impl Options {
    /// `--base-url URL` or `--base-url=URL`, `--story FILE` or `--story=FILE`, or nothing.
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut options = Self::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            if let Some(rest) = arg.strip_prefix("--story") {
                let file = match rest {
                    "" => args
                        .next()
                        .ok_or_else(|| Error::new("--story needs a story file"))?
                        .as_str(),
                    _ if rest.starts_with('=') => rest.get(1..).unwrap_or_default(),
                    _ => return Err(Error::new(format!("`dist` does not take `{arg}`"))),
                };
                if options.story.replace(PathBuf::from(file)).is_some() {
                    return Err(Error::new("--story is given twice"));
                }
                continue;
            }
            let value = match arg.strip_prefix("--base-url") {
                Some("") => args
                    .next()
                    .ok_or_else(|| Error::new("--base-url needs a URL"))?
                    .as_str(),
                Some(rest) if rest.starts_with('=') => rest.get(1..).unwrap_or_default(),
                _ => return Err(Error::new(format!("`dist` does not take `{arg}`"))),
            };
            if options.base_url.is_some() {
                return Err(Error::new("--base-url is given twice"));
            }
            options.base_url = Some(BaseUrl::parse(value)?);
        }
        Ok(options)
    }
}

pub fn main(project: &Project) -> Result<()> {
    main_with(project, &Options::default())
}

pub fn main_with(project: &Project, options: &Options) -> Result<()> {
    tools::ensure_build(project)?;
    build(project, options).map(|_| ())
}

/// The dist stage of `cargo xtask test`: builds dist/ with relative URLs, prints the size
/// report, and fails when a size budget's ceiling is exceeded. Tools must already be ensured.
pub fn build_and_report(project: &Project) -> Result<()> {
    build(project, &Options::default())?.check_budgets()
}

/// Builds dist/ and prints the size report with each size against its budget. Being over
/// a budget is reported here, and fails only the tests.
fn build(project: &Project, options: &Options) -> Result<Report> {
    // The story first: a story with problems stops the build before trunk runs.
    let story = StoryFile::read(project.root(), options.story.as_deref())?;
    run(project.command("trunk").args(["build", "--release=true"]))?;
    postprocess::story_page::write(project.root(), &project.dist_dir(), &story)?;
    build_author_page(project)?;
    share_card::run(&project.dist_dir(), options.base_url.as_ref(), &story.story)?;
    postprocess::run(project.root(), &project.dist_dir(), &story.story)?;
    println!("story: {} ({})", story.title(), story.path.display());
    let report = Report::measure(&project.dist_dir())?;
    print!("{}", report.render());
    if let Err(over) = report.check_budgets() {
        println!("{over} (`cargo xtask test` fails)");
    }
    Ok(report)
}

/// The author page, built by trunk into a folder of its own (trunk empties the folder it
/// builds into), then copied beside the widget's files: its own wasm, glue, stylesheet and
/// `snippets/`, and its page as `author.html`.
fn build_author_page(project: &Project) -> Result<()> {
    let stage = project.root().join("target").join("author-dist");
    let stage_arg = stage.to_string_lossy().into_owned();
    run(project.command("trunk").args([
        "build",
        "--release=true",
        "--dist",
        stage_arg.as_str(),
        "author.html",
    ]))?;
    // trunk names the page it builds index.html, whatever its source was called.
    fs::rename(
        stage.join("index.html"),
        stage.join(postprocess::author::PAGE),
    )
    .context("renaming the author page")?;
    copy_tree(&stage, &project.dist_dir())
}

/// Copies every file under `from` into `to`, keeping sub-folders.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).context(format!("creating {}", to.display()))?;
    for entry in fs::read_dir(from).context(format!("reading {}", from.display()))? {
        let path = entry.context(format!("reading {}", from.display()))?.path();
        let Some(name) = path.file_name() else {
            continue;
        };
        let target = to.join(name);
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            fs::copy(&path, &target).context(format!("copying {}", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options> {
        Options::parse(&args.iter().map(|arg| arg.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn the_base_url_and_the_story_are_the_options() -> Result<()> {
        assert_eq!(
            parse(&["--story", "stories/template.json"])?.story,
            Some(PathBuf::from("stories/template.json"))
        );
        assert_eq!(
            parse(&["--story=a.json"])?.story,
            Some(PathBuf::from("a.json"))
        );
        assert!(parse(&["--story"]).is_err());
        assert!(parse(&["--story", "a.json", "--story", "b.json"]).is_err());
        assert_eq!(parse(&[])?, Options::default());
        let url = "https://example.org/revenue-model/";
        for args in [
            vec!["--base-url", url],
            vec!["--base-url=https://example.org/revenue-model"],
        ] {
            assert_eq!(
                parse(&args)?.base_url.as_ref().map(BaseUrl::as_str),
                Some(url)
            );
        }
        for bad in [
            vec!["--base-url"],
            vec!["--base-url", "example.org"],
            vec!["--release"],
            vec!["--base-url", url, "--base-url", url],
        ] {
            assert!(parse(&bad).is_err(), "{bad:?}");
        }
        Ok(())
    }
}
