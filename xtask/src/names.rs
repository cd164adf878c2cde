//! The story is data: outside `stories/` and tests, no Rust code names a company or a
//! client of a story (listed in `stories/names.txt`), nor the identifiers the code once
//! gave the default story. `cargo xtask test` checks every
//! non-test Rust file of the model, the charts, the widget and xtask (comments included;
//! a file's `#[cfg(test)]` module and the `tests/`, `benches/` and `examples/` folders
//! are tests).

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Context, Error, Result};
use crate::project::Project;

/// The list of the stories' companies and clients, one a line (`#` starts a comment).
const NAMES_FILE: &str = "stories/names.txt";

/// Identifiers the code once gave the default story, which no code may use again.
const IDENTIFIERS: [&str; 2] = ["article_base_case", "preset::article"];

/// This file, which names those identifiers to forbid them.
const THIS_FILE: &str = "xtask/src/names.rs";

/// The folders whose Rust code is checked, relative to the root.
const FOLDERS: [&str; 3] = ["crates", "src", "xtask/src"];

/// One line that names something it should not.
#[derive(Debug, PartialEq, Eq)]
pub struct Finding {
    pub file: PathBuf,
    pub line: usize,
    pub name: String,
}

/// Whether `name` stands in `line` (lower case) as a whole word: not inside a longer
/// word (letters or digits on either side).
fn names(line: &str, name: &str) -> bool {
    let mut from = 0;
    while let Some(at) = line.get(from..).and_then(|rest| rest.find(name)) {
        let start = from + at;
        let end = start + name.len();
        let before = line.get(..start).and_then(|s| s.chars().next_back());
        let after = line.get(end..).and_then(|s| s.chars().next());
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if !word(before) && !word(after) {
            return true;
        }
        from = end;
    }
    false
}

/// The names of [`NAMES_FILE`] (lower case), then [`IDENTIFIERS`].
pub fn forbidden(root: &Path) -> Result<Vec<String>> {
    let path = root.join(NAMES_FILE);
    let text = fs::read_to_string(&path).context(format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_ascii_lowercase)
        .chain(IDENTIFIERS.iter().map(|s| s.to_string()))
        .collect())
}

/// The lines of `text` (a Rust file) that name one of `names` (lower case), up to the
/// file's test module.
pub fn scan(file: &Path, text: &str, names_: &[String]) -> Vec<Finding> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let lower = line.to_ascii_lowercase();
        for name in names_ {
            if names(&lower, name) {
                found.push(Finding {
                    file: file.to_path_buf(),
                    line: i + 1,
                    name: name.clone(),
                });
            }
        }
    }
    found
}

fn is_test_path(path: &Path) -> bool {
    path.components().any(|c| {
        matches!(
            c.as_os_str().to_str(),
            Some("tests" | "benches" | "examples" | "target")
        )
    })
}

/// Every non-test `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).context(format!("reading {}", dir.display()))? {
        let path = entry.context(format!("reading {}", dir.display()))?.path();
        if is_test_path(path.strip_prefix(dir).unwrap_or(&path)) {
            continue;
        }
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// Every finding under `root`.
pub fn find(root: &Path) -> Result<Vec<Finding>> {
    let mut files = Vec::new();
    for folder in FOLDERS {
        rust_files(&root.join(folder), &mut files)?;
    }
    let forbidden = forbidden(root)?;
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).context(format!("reading {}", file.display()))?;
        let relative = file.strip_prefix(root).unwrap_or(&file).to_path_buf();
        if relative == Path::new(THIS_FILE) {
            continue;
        }
        found.extend(scan(&relative, &text, &forbidden));
    }
    Ok(found)
}

/// The stage of `cargo xtask test`: fails listing every line that names a story's company,
/// client or identifier outside `stories/` and tests.
pub fn check(project: &Project) -> Result<()> {
    let found = find(project.root())?;
    if found.is_empty() {
        println!(
            "names: no Rust code outside stories/ and tests names a story's company or client"
        );
        return Ok(());
    }
    Err(Error::new(format!(
        "{} lines of non-test Rust name what belongs in a story file (stories/):\n{}",
        found.len(),
        found
            .iter()
            .map(|f| format!("  {}:{}: {}", f.file.display(), f.line, f.name))
            .collect::<Vec<_>>()
            .join("\n")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_are_found_and_longer_words_are_not() {
        let names = ["acme".to_string(), "globex".to_string()];
        let found = scan(
            Path::new("a.rs"),
            "let a = ACME_ID;\n// Acmeish text\nx(\"Globex\");\n#[cfg(test)]\nacme",
            &names,
        );
        let lines: Vec<(usize, &str)> = found.iter().map(|f| (f.line, f.name.as_str())).collect();
        assert_eq!(lines, [(1, "acme"), (3, "globex")]);
    }

    #[test]
    fn no_code_outside_stories_and_tests_names_a_story() -> Result<()> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let found = find(&root)?;
        assert!(found.is_empty(), "{found:#?}");
        Ok(())
    }
}
