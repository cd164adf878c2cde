//! The stories shipped under `stories/`: each reads and passes the model's checks, and
//! the JSON Schema beside them names exactly the fields the model reads and writes.

#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use revenue_model::story_file::{parse_story, InputName, StoryFile};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn stories_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../stories")
}

fn shipped() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(stories_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p.to_string_lossy().ends_with(".schema.json")
        })
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn schema() -> Value {
    serde_json::from_str(&std::fs::read_to_string(stories_dir().join("story.schema.json")).unwrap())
        .unwrap()
}

#[test]
fn every_shipped_story_passes_the_checks() {
    let stories = shipped();
    assert!(stories.iter().any(|(name, _)| name == "article.json"));
    for (name, text) in &stories {
        let story = parse_story(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            format!("{}.json", story.id),
            *name,
            "a story's id is its file name"
        );
    }
}

/// Follows `$ref`s into `$defs`.
fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/$defs/").unwrap();
            resolve(root, &root["$defs"][name])
        }
        None => schema,
    }
}

/// Walks `value` (a story as the model writes it) beside `schema`: every object the
/// model writes has exactly the properties the schema lists there.
fn walk(root: &Value, schema: &Value, value: &Value, path: &str, seen: &mut usize) {
    let schema = resolve(root, schema);
    if let Some(branches) = schema.get("oneOf").and_then(Value::as_array) {
        let fits = |b: &Value| {
            let b = resolve(root, b);
            match (value, b.get("properties")) {
                (Value::Object(o), Some(Value::Object(p))) => o.keys().all(|k| p.contains_key(k)),
                (Value::Null, _) => b.get("type") == Some(&Value::from("null")),
                (Value::Object(_), None) => false,
                (_, _) => {
                    b.get("properties").is_none() && b.get("type") != Some(&Value::from("null"))
                }
            }
        };
        let branch = branches
            .iter()
            .find(|b| fits(b))
            .unwrap_or_else(|| panic!("{path}: no branch of the schema fits {value}"));
        return walk(root, branch, value, path, seen);
    }
    match value {
        Value::Object(o) => {
            let props = schema
                .get("properties")
                .and_then(Value::as_object)
                .unwrap_or_else(|| panic!("{path}: the schema has no properties here"));
            let mut written: Vec<&String> = o.keys().collect();
            let mut listed: Vec<&String> = props.keys().collect();
            written.sort();
            listed.sort();
            assert_eq!(
                written, listed,
                "{path}: the model's fields and the schema's differ"
            );
            for (k, v) in o {
                *seen += 1;
                walk(root, &props[k], v, &format!("{path}.{k}"), seen);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let item = schema
                    .get("items")
                    .or_else(|| schema.get("prefixItems").map(|p| &p[i]))
                    .unwrap_or_else(|| panic!("{path}: the schema has no items"));
                walk(root, item, v, &format!("{path}[{i}]"), seen);
            }
        }
        other => {
            if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
                assert!(
                    allowed.contains(other),
                    "{path}: {other} is not in the schema's enum"
                );
            }
        }
    }
}

#[test]
fn the_schema_lists_exactly_the_fields_the_model_reads() {
    let root = schema();
    for (name, text) in shipped() {
        let story: StoryFile = parse_story(&text).unwrap();
        // The model writes every field, absent options as null, so each object shows
        // all of its fields.
        let value = serde_json::to_value(&story).unwrap();
        let mut seen = 0;
        walk(&root, &root, &value, &name, &mut seen);
        assert!(seen > 100, "{name}: only {seen} fields walked");
    }
}

#[test]
fn the_schema_and_the_model_name_the_same_inputs() {
    let root = schema();
    let mut listed: Vec<String> = root["$defs"]["input"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    // What a story file writes (serde's derive, used by the author page's downloads)
    // and what the reader reads (`as_str`) are the same names.
    let mut model: Vec<String> = InputName::ALL
        .iter()
        .map(|i| {
            let written = serde_json::to_value(i).unwrap();
            assert_eq!(written.as_str(), Some(i.as_str()));
            i.as_str().to_string()
        })
        .collect();
    listed.sort();
    model.sort();
    assert_eq!(listed, model);
}

#[test]
fn the_template_tells_its_own_story_in_its_own_words() {
    use revenue_model::article::article_table;
    use revenue_model::monte_carlo::simulate_runs;
    use revenue_model::story::answer;
    let story = revenue_model::Story::parse(
        &std::fs::read_to_string(stories_dir().join("template.json")).unwrap(),
    )
    .unwrap();
    let base = story.base_case();
    // By hand: $2M + $1M + $0.6M + $4M = $7.6M in month 0; the largest customer's
    // $2M is 2 / 7.6 = 26.3%; a year of it $24M; the run-rate 12 × 7.6 = $91.2M.
    let rows = article_table(base, &story);
    let shown: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r.metric.clone(),
                r.value.clone(),
                r.contribution_text.clone(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (
                "Largest customer's monthly spend".to_string(),
                "$2M".to_string(),
                "26.3%".to_string()
            ),
            (
                "Largest customer's annual spend".to_string(),
                "$24M".to_string(),
                "26.3%".to_string()
            ),
            (
                "Annual revenue at today's rate".to_string(),
                "$91.2M".to_string(),
                "100%".to_string()
            ),
        ]
    );
    let p = revenue_model::project(base);
    let mc = simulate_runs(base, 400);
    let a = answer(base, &p, &mc, &story);
    // Jan 2025 + 35 months = Dec 2027.
    assert_eq!(a.chance_words, "chance of $120M in a year by Dec 2027");
    assert_eq!(
        a.share_words.as_deref(),
        Some("Largest customer is 26.3% of revenue today")
    );
    // Every value of the template is an assumption with its reason.
    for c in &story.file().clients {
        for field in revenue_model::scenario::ClientField::ALL {
            assert!(
                matches!(
                    c.source_of(field),
                    revenue_model::story_file::Source::Assumption(reason) if reason.len() > 10
                ),
                "{} {:?}",
                c.name.value,
                field
            );
        }
    }
}
