//! The story being written: a [`StoryFile`] as the form edits it, the text typed into
//! number fields, and every edit the form makes (a field by its path, adding and
//! removing clients, levers, presets and table rows). Pure: no browser.
//!
//! A field is named by the same path the story's checks use in their messages
//! (`clients[2].monthly_spend_musd.value`), so a problem is shown beside its own input.

use revenue_model::story_file::{
    parse_story, ClientRef, InputName, LeverSpec, PresetSpec, Source, Sourced, StoryClient,
    StoryError, StoryFile, StoryIssue, TableFigure, TableRow, MAX_LEVERS, MAX_PRESETS,
    MAX_STORY_BYTES, MAX_STORY_CLIENTS, MAX_STORY_CLIENT_ID, MAX_TABLE_ROWS,
};
use revenue_model::story_read::read_story_file;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// One step of a field's path: an object's key or a list's index.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// `clients[2].name.value` as its steps; `None` for a malformed path.
fn steps(path: &str) -> Option<Vec<Step>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (part.get(..i)?, part.get(i..)?),
            None => (part, ""),
        };
        if key.is_empty() {
            return None;
        }
        out.push(Step::Key(key.to_string()));
        while let Some(inner) = rest.strip_prefix('[') {
            let close = inner.find(']')?;
            out.push(Step::Index(inner.get(..close)?.parse().ok()?));
            rest = inner.get(close + 1..)?;
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(out)
}

/// The value at `path` in `doc`.
pub fn get<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    steps(path)?.iter().try_fold(doc, |node, step| match step {
        Step::Key(k) => node.get(k.as_str()),
        Step::Index(i) => node.get(*i),
    })
}

/// Puts `value` at `path` in `doc`: the last key may be new, every step before it must
/// exist. Whether it was put.
pub fn set(doc: &mut Value, path: &str, value: Value) -> bool {
    let Some(steps) = steps(path) else {
        return false;
    };
    let Some((last, before)) = steps.split_last() else {
        return false;
    };
    let mut node = doc;
    for step in before {
        let next = match step {
            Step::Key(k) => node.get_mut(k.as_str()),
            Step::Index(i) => node.get_mut(*i),
        };
        match next {
            Some(n) => node = n,
            None => return false,
        }
    }
    match (last, node) {
        (Step::Key(k), Value::Object(map)) => {
            map.insert(k.clone(), value);
            true
        }
        (Step::Index(i), Value::Array(list)) => match list.get_mut(*i) {
            Some(slot) => {
                *slot = value;
                true
            }
            None => false,
        },
        _ => false,
    }
}

/// The four kinds of source an author picks from, in the form's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// A quote of the article.
    Article,
    /// Reasoning from the article's figures.
    Implied,
    /// Another public source: name, link and quote.
    Public,
    /// The reason for an assumption.
    Assumption,
}

impl SourceKind {
    /// Every kind, in the form's order.
    pub const ALL: [SourceKind; 4] = [
        SourceKind::Article,
        SourceKind::Implied,
        SourceKind::Public,
        SourceKind::Assumption,
    ];

    /// The key it has in the story file.
    pub fn key(self) -> &'static str {
        match self {
            SourceKind::Article => "article",
            SourceKind::Implied => "implied",
            SourceKind::Public => "public",
            SourceKind::Assumption => "assumption",
        }
    }

    /// How the form names it.
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Article => "the article says",
            SourceKind::Implied => "implied by the article",
            SourceKind::Public => "a public source",
            SourceKind::Assumption => "an assumption",
        }
    }

    /// The kind with this key.
    pub fn from_key(key: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The kind of a source as the story file writes it (`{"article": "…"}`).
    pub fn of(source: &Value) -> Option<SourceKind> {
        source
            .as_object()
            .and_then(|m| m.keys().next())
            .and_then(|k| SourceKind::from_key(k))
    }
}

/// `source` as a source of kind `kind`, keeping its words: a quote or a reason moves
/// to the new kind's text (a public source's quote).
pub fn with_source_kind(source: &Value, kind: SourceKind) -> Value {
    let text = match SourceKind::of(source) {
        Some(SourceKind::Public) => get(source, "public.quote"),
        Some(k) => source.get(k.key()),
        None => None,
    }
    .and_then(Value::as_str)
    .unwrap_or_default()
    .to_string();
    match kind {
        SourceKind::Public => {
            let keep = |key: &str| {
                get(source, &format!("public.{key}"))
                    .cloned()
                    .unwrap_or_else(|| json!(""))
            };
            json!({ "public": { "name": keep("name"), "url": keep("url"), "quote": text } })
        }
        other => json!({ other.key(): text }),
    }
}

/// Reads a number as an author types it: spaces, thousands separators, a leading `$`,
/// a trailing `%` and a typographic minus are allowed. `scale` is the factor from the
/// story's unit to the typed one (100 when a fraction is typed as a percentage); the
/// result is in the story's unit, rounded as if the author had typed that directly
/// (typing 29 with scale 100 gives exactly 0.29).
pub fn parse_number(text: &str, scale: f64) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .trim_start_matches('$')
        .trim_end_matches('%')
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' ' | '\u{a0}'))
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect();
    if cleaned.is_empty()
        || !cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        return None;
    }
    let typed: f64 = cleaned.parse().ok()?;
    let value = if scale == 100.0 && !cleaned.contains(['e', 'E']) {
        // A decimal shift, not a division, so 29 % reads as the same 0.29 a file holds.
        format!("{cleaned}e-2").parse().ok()?
    } else if scale == 1.0 {
        typed
    } else {
        typed / scale
    };
    value.is_finite().then_some(value)
}

/// A value in the story's unit written in the typed unit: [`parse_number`]'s inverse
/// for what it reads (0.29 with scale 100 is "29").
pub fn display_number(value: f64, scale: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    if scale != 100.0 {
        return format!("{}", value * scale);
    }
    let text = format!("{value}");
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let frac = format!("{frac:0<2}");
    let (moved, rest) = frac.split_at(2);
    let int = format!("{int}{moved}");
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let rest = rest.trim_end_matches('0');
    if rest.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{rest}")
    }
}

/// A story the author is writing, valid or not, and what was typed into its number fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    story: StoryFile,
    /// Text typed into number fields since the story was last replaced, by path.
    typed: BTreeMap<String, String>,
    /// Counts edits, so a view can tell one version from the next cheaply.
    revision: u64,
}

impl Draft {
    /// A draft of `story`.
    pub fn new(story: StoryFile) -> Draft {
        Draft {
            story,
            typed: BTreeMap::new(),
            revision: 0,
        }
    }

    /// The story as it stands (possibly invalid).
    pub fn story(&self) -> &StoryFile {
        &self.story
    }

    /// How many edits made it.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The story as JSON, for reading fields by path.
    pub fn doc(&self) -> Value {
        serde_json::to_value(&self.story).unwrap_or(Value::Null)
    }

    /// What the number field at `path` shows: the typed text, or the value in the
    /// typed unit.
    pub fn number_text(&self, doc: &Value, path: &str, scale: f64) -> String {
        match self.typed.get(path) {
            Some(text) => text.clone(),
            None => get(doc, path)
                .and_then(Value::as_f64)
                .map(|v| display_number(v, scale))
                .unwrap_or_default(),
        }
    }

    /// Replaces the whole story (a starting story, an opened file).
    pub fn replace(&mut self, story: StoryFile) {
        self.story = story;
        self.typed.clear();
        self.revision += 1;
    }

    /// Puts `value` at `path`. Nothing changes if the story would no longer be of the
    /// story file's shape (a text where a number goes). Whether it changed.
    pub fn set(&mut self, path: &str, value: Value) -> bool {
        let mut doc = self.doc();
        if !set(&mut doc, path, value) {
            return false;
        }
        match read_story_file(&doc.to_string()) {
            Ok(story) if story != self.story => {
                self.story = story;
                self.revision += 1;
                true
            }
            _ => false,
        }
    }

    /// The author typed `text` into the number field at `path` (in the typed unit,
    /// `scale` times the story's). A number goes into the story; the text is kept either way,
    /// and text that is no number is reported by [`Draft::issues`].
    pub fn type_number(&mut self, path: &str, text: &str, scale: f64) {
        self.typed.insert(path.to_string(), text.to_string());
        if let Some(v) = parse_number(text, scale) {
            let value = serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number);
            // Whole-number fields of the file (u32) refuse 3.5 here; the check reports it
            // through the typed text instead.
            if !self.set(path, value) {
                if let Some(n) = whole(v) {
                    self.set(path, json!(n));
                }
            }
        }
        self.revision += 1;
    }

    /// Every problem, each at its field's path: typed text that is no number, then the
    /// story's own checks (those on a field whose text is no number are left out: they
    /// are about the value before it).
    pub fn issues(&self) -> Vec<StoryIssue> {
        let mut out: Vec<StoryIssue> = Vec::new();
        for (path, text) in &self.typed {
            let shown: String = text.chars().take(20).collect();
            let number = parse_number(text, 1.0);
            if number.is_none() {
                out.push(StoryIssue {
                    path: path.clone(),
                    message: format!("must be a number, got \"{shown}\""),
                });
            }
        }
        let bad: Vec<String> = out.iter().map(|i| i.path.clone()).collect();
        out.extend(
            self.story
                .check()
                .into_iter()
                .filter(|i| !bad.contains(&i.path)),
        );
        out
    }

    /// The story, when it has no problem.
    pub fn valid(&self) -> Option<&StoryFile> {
        self.issues().is_empty().then_some(&self.story)
    }

    /// Changes the source at `path` to `kind`, keeping its words.
    pub fn set_source_kind(&mut self, path: &str, kind: SourceKind) -> bool {
        let doc = self.doc();
        let Some(source) = get(&doc, path) else {
            return false;
        };
        let next = with_source_kind(source, kind);
        self.set(path, next)
    }

    fn edited(&mut self) {
        // Paths of number fields may now point at other items: forget their text.
        self.typed.clear();
        self.revision += 1;
    }

    /// Adds a client (with the smallest free id), every value an assumption to write.
    pub fn add_client(&mut self) -> bool {
        if self.story.clients.len() >= MAX_STORY_CLIENTS {
            return false;
        }
        let Some(id) = (1..=MAX_STORY_CLIENT_ID).find(|id| self.story.client(*id).is_none()) else {
            return false;
        };
        self.story.clients.push(new_client(id));
        self.edited();
        true
    }

    /// Removes the client at `index`, with the levers and preset changes that name it;
    /// the headline and the departure move to the first remaining client in the base
    /// case if they named it. The last client stays.
    pub fn remove_client(&mut self, index: usize) -> bool {
        if self.story.clients.len() <= 1 || index >= self.story.clients.len() {
            return false;
        }
        let id = self.story.clients.remove(index).id;
        let s = &mut self.story;
        s.levers
            .retain(|l| !matches!(l.client, Some(ClientRef::Id(c)) if c == id));
        for preset in &mut s.presets {
            preset
                .changes
                .retain(|c| c.add != Some(id) && c.remove != Some(id) && c.client != Some(id));
        }
        let fallback = s
            .clients
            .iter()
            .find(|c| c.in_base_case && !c.own_product)
            .or_else(|| s.clients.first())
            .map(|c| c.id);
        if let Some(next) = fallback {
            if s.headline_client == id {
                s.headline_client = next;
            }
            if s.departure.client == id {
                s.departure.client = next;
            }
        }
        self.edited();
        true
    }

    /// Adds a key lever (the headline client's chance of leaving), up to the most allowed.
    pub fn add_lever(&mut self) -> bool {
        if self.story.levers.len() >= MAX_LEVERS {
            return false;
        }
        let id = free_slug("lever", self.story.levers.iter().map(|l| l.id.as_str()));
        self.story.levers.push(LeverSpec {
            id,
            label: "Chance {client} leaves within a year".to_string(),
            phrase: None,
            client: Some(ClientRef::Named("headline".to_string())),
            input: InputName::AnnualLeaveProbability,
            range: [0.0, 1.0],
        });
        self.edited();
        true
    }

    /// Removes the lever at `index`.
    pub fn remove_lever(&mut self, index: usize) -> bool {
        if index >= self.story.levers.len() {
            return false;
        }
        self.story.levers.remove(index);
        self.edited();
        true
    }

    /// Makes the lever at `index` move `input`, over the widget's slider range for it,
    /// on the headline client for a client's input and on no client for the story's.
    pub fn set_lever_input(&mut self, index: usize, input: InputName) -> bool {
        let Some(lever) = self.story.levers.get_mut(index) else {
            return false;
        };
        lever.input = input;
        lever.range = crate::inputs::default_range(input);
        lever.client = match (crate::inputs::is_client_input(input), lever.client.take()) {
            (false, _) => None,
            (true, Some(c)) => Some(c),
            (true, None) => Some(ClientRef::Named("headline".to_string())),
        };
        self.edited();
        true
    }

    /// Makes change `change` of the preset at `index` set `input`, keeping its value when
    /// it is in range (otherwise the lowest value of the input's slider).
    pub fn set_change_input(&mut self, index: usize, change: usize, input: InputName) -> bool {
        let Some(c) = self
            .story
            .presets
            .get_mut(index)
            .and_then(|p| p.changes.get_mut(change))
        else {
            return false;
        };
        c.input = Some(input);
        let (lo, hi) = input.range();
        if !c
            .value
            .is_some_and(|v| (lo..=hi).contains(&v) && (!input.integer() || v.fract() == 0.0))
        {
            c.value = Some(crate::inputs::default_range(input)[0]);
        }
        self.edited();
        true
    }

    /// Adds a preset with no changes yet, up to the most allowed.
    pub fn add_preset(&mut self) -> bool {
        if self.story.presets.len() >= MAX_PRESETS {
            return false;
        }
        let id = free_slug("preset", self.story.presets.iter().map(|p| p.id.as_str()));
        self.story.presets.push(PresetSpec {
            id,
            label: "New preset".to_string(),
            description: "Say in one sentence what this preset assumes and why.".to_string(),
            title: None,
            changes: Vec::new(),
        });
        self.edited();
        true
    }

    /// Removes the preset at `index` (the last one stays: it is the base case).
    pub fn remove_preset(&mut self, index: usize) -> bool {
        if self.story.presets.len() <= 1 || index >= self.story.presets.len() {
            return false;
        }
        self.story.presets.remove(index);
        self.edited();
        true
    }

    /// Adds a change to the preset at `index`: the headline client's chance of leaving.
    pub fn add_change(&mut self, index: usize) -> bool {
        let headline = self.story.headline_client;
        let Some(preset) = self.story.presets.get_mut(index) else {
            return false;
        };
        preset
            .changes
            .push(change_of_kind(ChangeKind::Client, headline));
        self.edited();
        true
    }

    /// Removes change `change` of the preset at `index`.
    pub fn remove_change(&mut self, index: usize, change: usize) -> bool {
        match self.story.presets.get_mut(index) {
            Some(p) if change < p.changes.len() => {
                p.changes.remove(change);
                self.edited();
                true
            }
            _ => false,
        }
    }

    /// Makes change `change` of the preset at `index` one of kind `kind`.
    pub fn set_change_kind(&mut self, index: usize, change: usize, kind: ChangeKind) -> bool {
        let client = self
            .story
            .clients
            .iter()
            .find(|c| !c.in_base_case)
            .filter(|_| kind == ChangeKind::Add)
            .map_or(self.story.headline_client, |c| c.id);
        match self
            .story
            .presets
            .get_mut(index)
            .and_then(|p| p.changes.get_mut(change))
        {
            Some(c) => {
                *c = change_of_kind(kind, client);
                self.edited();
                true
            }
            None => false,
        }
    }

    /// Adds a row to the article's table, up to the most allowed.
    pub fn add_row(&mut self) -> bool {
        if self.story.table.len() >= MAX_TABLE_ROWS {
            return false;
        }
        self.story.table.push(TableRow {
            metric: "{client's} monthly spend".to_string(),
            figure: TableFigure::HeadlineMonthlySpend,
            article_value: String::new(),
            article_contribution: String::new(),
        });
        self.edited();
        true
    }

    /// Removes the table row at `index`.
    pub fn remove_row(&mut self, index: usize) -> bool {
        if index >= self.story.table.len() {
            return false;
        }
        self.story.table.remove(index);
        self.edited();
        true
    }
}

/// `v` as a whole number, when it is one that fits a `u32` field.
fn whole(v: f64) -> Option<u64> {
    (v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v)).then_some(v as u64)
}

/// What a preset's change does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// Brings in a client that is not in the base case.
    Add,
    /// Removes a client.
    Remove,
    /// Sets one of a client's inputs.
    Client,
    /// Sets one of the scenario's inputs.
    Scenario,
}

impl ChangeKind {
    /// Every kind, in the form's order.
    pub const ALL: [ChangeKind; 4] = [
        ChangeKind::Client,
        ChangeKind::Scenario,
        ChangeKind::Add,
        ChangeKind::Remove,
    ];

    /// A short key for the form's select.
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::Add => "add",
            ChangeKind::Remove => "remove",
            ChangeKind::Client => "client",
            ChangeKind::Scenario => "scenario",
        }
    }

    /// How the form names it.
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Add => "bring in a client",
            ChangeKind::Remove => "remove a client",
            ChangeKind::Client => "set a client's input",
            ChangeKind::Scenario => "set the story's input",
        }
    }

    /// The kind with this key.
    pub fn from_key(key: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The kind of a change.
    pub fn of(change: &revenue_model::story_file::Change) -> ChangeKind {
        match (change.add, change.remove, change.client) {
            (Some(_), _, _) => ChangeKind::Add,
            (_, Some(_), _) => ChangeKind::Remove,
            (_, _, Some(_)) => ChangeKind::Client,
            _ => ChangeKind::Scenario,
        }
    }
}

fn change_of_kind(kind: ChangeKind, client: u32) -> revenue_model::story_file::Change {
    let none = revenue_model::story_file::Change {
        add: None,
        remove: None,
        client: None,
        input: None,
        value: None,
    };
    match kind {
        ChangeKind::Add => revenue_model::story_file::Change {
            add: Some(client),
            ..none
        },
        ChangeKind::Remove => revenue_model::story_file::Change {
            remove: Some(client),
            ..none
        },
        ChangeKind::Client => revenue_model::story_file::Change {
            client: Some(client),
            input: Some(InputName::AnnualLeaveProbability),
            value: Some(0.5),
            ..none
        },
        ChangeKind::Scenario => revenue_model::story_file::Change {
            input: Some(InputName::MarketExpectedGrowth),
            value: Some(0.2),
            ..none
        },
    }
}

/// `prefix-N` with the smallest N not taken.
fn free_slug<'a>(prefix: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    (1..)
        .map(|n| format!("{prefix}-{n}"))
        .find(|id| !taken.clone().any(|t| t == id))
        .unwrap_or_else(|| prefix.to_string())
}

/// A new client: every value an assumption whose reason the author still has to write.
fn new_client(id: u32) -> StoryClient {
    let todo = |value: f64| Sourced {
        value,
        source: Source::Assumption("not sourced yet: say where this comes from".to_string()),
    };
    StoryClient {
        id,
        in_base_case: true,
        name: Sourced {
            value: format!("Client {id}"),
            source: Source::Assumption("not sourced yet: say who this is".to_string()),
        },
        own_product: false,
        monthly_spend_musd: todo(1.0),
        annual_growth: todo(0.1),
        growth_volatility: todo(0.2),
        first_month: todo(0.0),
        ramp_months: todo(0.0),
        annual_leave_probability: todo(0.1),
        wind_down_months: todo(6.0),
        kept_share: todo(0.0),
        customers: todo(1.0),
    }
}

/// `value` without `null` members: an absent optional field reads the same and the file
/// stays short.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(list) => Value::Array(list.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// The story as a file to download: indented JSON, optional fields left out when empty.
pub fn story_file_text(story: &StoryFile) -> String {
    let value = without_nulls(serde_json::to_value(story).unwrap_or(Value::Null));
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The story as a link carries it: compact JSON with no `$schema` (a link has no
/// folder to find the schema in).
pub fn story_link_text(story: &StoryFile) -> String {
    let mut value = without_nulls(serde_json::to_value(story).unwrap_or(Value::Null));
    if let Value::Object(map) = &mut value {
        map.remove("$schema");
    }
    serde_json::to_string(&value).unwrap_or_default()
}

/// Reads a story file an author opens. A file that is valid JSON of the story's shape
/// opens even with invalid fields, so the author can fix them in the form; anything
/// else (too long, newer, not a story) is refused with the reason.
pub fn open_story(text: &str) -> Result<StoryFile, StoryError> {
    match parse_story(text) {
        Ok(story) => Ok(story),
        Err(StoryError::Invalid(_)) if text.len() <= MAX_STORY_BYTES => read_story_file(text),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    const ARTICLE: &str = include_str!("../../../stories/article.json");

    fn article() -> Draft {
        Draft::new(parse_story(ARTICLE).unwrap())
    }

    #[test]
    fn paths_read_and_write_the_fields_the_checks_name() {
        let mut doc = json!({ "clients": [ { "name": { "value": "A" } }, { "x": [1, 2] } ] });
        assert_eq!(get(&doc, "clients[0].name.value"), Some(&json!("A")));
        assert_eq!(get(&doc, "clients[1].x[1]"), Some(&json!(2)));
        assert!(set(&mut doc, "clients[1].x[0]", json!(7)));
        assert!(set(&mut doc, "clients[1].new", json!(true)));
        assert_eq!(get(&doc, "clients[1].x[0]"), Some(&json!(7)));
        assert_eq!(get(&doc, "clients[1].new"), Some(&json!(true)));
        for bad in [
            "",
            "clients[",
            "clients[a]",
            "clients[9].x",
            ".a",
            "clients[0]x",
        ] {
            assert!(!set(&mut doc, bad, json!(1)), "{bad}");
        }
    }

    #[test]
    fn percentages_are_typed_as_percent_and_stored_as_the_file_writes_them() {
        for (typed, stored) in [
            ("29", 0.29),
            ("2.3", 0.023),
            ("25%", 0.25),
            ("-99", -0.99),
            ("0.5", 0.005),
            ("1,000", 10.0),
        ] {
            assert_eq!(parse_number(typed, 100.0), Some(stored), "{typed}");
            assert_eq!(
                parse_number(&display_number(stored, 100.0), 100.0),
                Some(stored)
            );
        }
        assert_eq!(display_number(0.29, 100.0), "29");
        assert_eq!(display_number(0.023, 100.0), "2.3");
        assert_eq!(display_number(-0.99, 100.0), "-99");
        assert_eq!(display_number(10.0, 100.0), "1000");
        assert_eq!(display_number(245122.0, 1.0), "245122");
        assert_eq!(parse_number("$20", 1.0), Some(20.0));
        assert_eq!(parse_number("\u{2212}5", 1.0), Some(-5.0));
        for bad in ["", "abc", "1e999", "NaN", "inf", "1/2"] {
            assert_eq!(parse_number(bad, 1.0), None, "{bad}");
        }
    }

    #[test]
    fn typing_sets_the_value_or_reports_the_text_beside_its_field() {
        let mut d = article();
        let path = "clients[0].monthly_spend_musd.value";
        d.type_number(path, "35", 1.0);
        assert_eq!(d.story().clients[0].monthly_spend_musd.value, 35.0);
        assert!(d.valid().is_some());
        d.type_number(path, "-5", 1.0);
        let issues: Vec<String> = d.issues().iter().map(ToString::to_string).collect();
        assert_eq!(
            issues,
            ["clients[0].monthly_spend_musd.value: must be between 0 and 100,000, got -5"]
        );
        d.type_number(path, "lots", 1.0);
        let issues: Vec<String> = d.issues().iter().map(ToString::to_string).collect();
        assert_eq!(
            issues,
            ["clients[0].monthly_spend_musd.value: must be a number, got \"lots\""]
        );
        assert_eq!(d.number_text(&d.doc(), path, 1.0), "lots");
        assert!(d.valid().is_none());
        // Whole-number fields of the file take whole numbers.
        d.type_number("horizon_months", "48", 1.0);
        assert_eq!(d.story().horizon_months, 48);
    }

    #[test]
    fn texts_are_set_by_path_and_a_wrong_type_is_refused() {
        let mut d = article();
        assert!(d.set("question", json!("How much of Acme is Bolt?")));
        assert!(d.set("clients[0].name.value", json!("Bolt Inc.")));
        assert_eq!(d.story().question, "How much of Acme is Bolt?");
        assert_eq!(d.story().clients[0].name.value, "Bolt Inc.");
        assert!(!d.set("horizon_months", json!("soon")));
        assert!(d.set("question", json!("")));
        assert_eq!(d.issues()[0].path, "question");
    }

    #[test]
    fn a_source_changes_kind_and_keeps_its_words() {
        let mut d = article();
        let path = "clients[0].monthly_spend_musd.source";
        assert!(d.set_source_kind(path, SourceKind::Public));
        let doc = d.doc();
        assert_eq!(
            get(&doc, path),
            Some(&json!({ "public": { "name": "", "url": "", "quote": "$20 million a month" } }))
        );
        let issues: Vec<String> = d.issues().iter().map(|i| i.path.clone()).collect();
        assert_eq!(
            issues,
            [format!("{path}.public.name"), format!("{path}.public.url")]
        );
        assert!(d.set(&format!("{path}.public.url"), json!("javascript:alert(1)")));
        assert!(d.issues().iter().any(|i| i.path.ends_with(".url")));
        assert!(d.set_source_kind(path, SourceKind::Assumption));
        assert_eq!(
            get(&d.doc(), path),
            Some(&json!({ "assumption": "$20 million a month" }))
        );
    }

    #[test]
    fn removing_a_client_takes_what_names_it_and_keeps_the_story_valid() {
        let mut d = article();
        let headline = d.story().headline_client;
        let index = d
            .story()
            .clients
            .iter()
            .position(|c| c.id == headline)
            .unwrap();
        assert!(d.remove_client(index));
        let s = d.story();
        assert!(s.client(headline).is_none());
        assert_ne!(s.headline_client, headline);
        assert_ne!(s.departure.client, headline);
        assert!(s
            .presets
            .iter()
            .flat_map(|p| &p.changes)
            .all(|c| c.client != Some(headline) && c.add != Some(headline)));
        assert_eq!(d.issues(), []);
        while d.story().clients.len() > 1 {
            assert!(d.remove_client(0));
        }
        assert!(!d.remove_client(0), "the last client stays");
    }

    #[test]
    fn lists_grow_to_their_limits_and_shrink() {
        let mut d = article();
        assert!(d.add_client());
        let added = d.story().clients.last().unwrap();
        assert!(
            d.story()
                .clients
                .iter()
                .filter(|c| c.id == added.id)
                .count()
                == 1
        );
        assert_eq!(d.issues(), []);
        while d.add_lever() {}
        assert_eq!(d.story().levers.len(), MAX_LEVERS);
        while d.add_preset() {}
        assert_eq!(d.story().presets.len(), MAX_PRESETS);
        while d.add_row() {}
        assert_eq!(d.story().table.len(), MAX_TABLE_ROWS);
        while d.add_client() {}
        assert_eq!(d.story().clients.len(), MAX_STORY_CLIENTS);
        assert_eq!(d.issues(), [], "every default is valid");
        assert!(d.add_change(1));
        let last = d.story().presets[1].changes.len() - 1;
        for kind in ChangeKind::ALL {
            assert!(d.set_change_kind(1, last, kind));
            assert_eq!(ChangeKind::of(&d.story().presets[1].changes[last]), kind);
            assert_eq!(d.issues(), [], "{kind:?}");
        }
        assert!(d.set_change_kind(1, last, ChangeKind::Scenario));
        assert!(d.set_change_input(1, last, InputName::TargetAnnualRevenueMusd));
        assert_eq!(d.issues(), []);
        assert!(d.remove_change(1, last));
        for input in crate::inputs::ALL {
            assert!(d.set_lever_input(0, input));
            assert_eq!(d.issues(), [], "{input:?}");
        }
        assert!(d.remove_row(0) && d.remove_lever(0) && d.remove_preset(1));
        while d.remove_preset(0) {}
        assert_eq!(d.story().presets.len(), 1);
    }

    #[test]
    fn a_file_round_trips_and_a_link_drops_what_it_does_not_need() {
        let d = article();
        let text = story_file_text(d.story());
        assert_eq!(parse_story(&text).unwrap(), *d.story());
        assert!(!text.contains("null"));
        let link = story_link_text(d.story());
        assert!(!link.contains("$schema") && !link.contains('\n'));
        let mut back = parse_story(&link).unwrap();
        back.schema = d.story().schema.clone();
        assert_eq!(back, *d.story());
    }

    #[test]
    fn an_invalid_file_opens_for_fixing_and_a_broken_one_is_refused() {
        let bad = ARTICLE.replacen("\"horizon_months\": 36", "\"horizon_months\": 3", 1);
        let story = open_story(&bad).unwrap();
        assert_eq!(story.horizon_months, 3);
        assert!(matches!(open_story("{"), Err(StoryError::Malformed(_))));
        assert!(matches!(
            open_story(&" ".repeat(MAX_STORY_BYTES + 1)),
            Err(StoryError::TooLong(_))
        ));
    }
}
