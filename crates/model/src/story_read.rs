//! Reads a story file's JSON into a [`StoryFile`]: one walk over the parsed tree
//! ([`crate::json`]) that checks each field's type and lists every problem with its path
//! ("horizon_months: must be a whole number, got the text \"36\""). Whether the values
//! are usable is [`StoryFile::check`]'s job; this reads only the shape.
//!
//! Written for the format rather than derived, so reading a story costs the reader's
//! WebAssembly a few kilobytes instead of serde's readers for some twenty types.

use crate::json::{self, Json};
use crate::scenario::SimulationSettings;
use crate::story_file::summarize;
use crate::story_file::{
    Change, ClientRef, DepartureSpec, InputName, LeverSpec, PresetSpec, ReportedGrowth, Source,
    SourceArticle, Sourced, StoryClient, StoryError, StoryFile, StoryIssue, TableFigure, TableRow,
    Target, STORY_VERSION,
};

/// Reads `text` as a story file of this format's shape, parsing it once: a file of a
/// newer version is refused for that (before any field this build does not know), a
/// mistyped one with the paths of its mistakes. Values are not checked.
pub fn read_story_file(text: &str) -> Result<StoryFile, StoryError> {
    let doc = json::parse(text).map_err(|e| StoryError::Malformed(e.to_string()))?;
    if let Some(n) = newer_version(&doc) {
        return Err(StoryError::NewerVersion(n));
    }
    let mut r = Reader { issues: Vec::new() };
    match r.story(&doc) {
        Some(story) if r.issues.is_empty() => Ok(story),
        _ => Err(StoryError::Malformed(summarize(&r.issues))),
    }
}

/// The document's `story_version`, when it is a whole number above [`STORY_VERSION`].
fn newer_version(doc: &Json<'_>) -> Option<u32> {
    let Json::Object(members) = doc else {
        return None;
    };
    members
        .iter()
        .find(|(k, _)| k == "story_version")
        .and_then(|(_, v)| match v {
            Json::Number(n) => n.parse::<u64>().ok(),
            _ => None,
        })
        .filter(|n| *n > u64::from(STORY_VERSION))
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// An object's members, with the path it is at.
struct Obj<'j, 'a> {
    path: String,
    members: &'j [(String, Json<'a>)],
}

impl<'j, 'a> Obj<'j, 'a> {
    fn get(&self, name: &str) -> Option<&'j Json<'a>> {
        self.members
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
            .filter(|v| **v != Json::Null)
    }

    fn at(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        }
    }
}

struct Reader {
    issues: Vec<StoryIssue>,
}

type Read<T> = fn(&mut Reader, &str, &Json<'_>) -> Option<T>;

impl Reader {
    fn push(&mut self, path: &str, message: String) {
        self.issues.push(StoryIssue {
            path: path.to_string(),
            message,
        });
    }

    fn wrong(&mut self, path: &str, expected: &str, got: &Json<'_>) {
        self.push(path, format!("must be {expected}, got {}", got.kind()));
    }

    /// `v` as an object with only the fields `known`, each once.
    fn object<'j, 'a>(
        &mut self,
        path: &str,
        v: &'j Json<'a>,
        known: &[&str],
        what: &str,
    ) -> Option<Obj<'j, 'a>> {
        let Json::Object(members) = v else {
            self.wrong(path, "an object", v);
            return None;
        };
        let obj = Obj {
            path: path.to_string(),
            members,
        };
        for (k, (name, _)) in members.iter().enumerate() {
            if !known.contains(&name.as_str()) {
                let shown: String = name.chars().take(40).collect();
                self.push(
                    &obj.at(&shown),
                    format!(
                        "is not a field of {what} (the fields are {})",
                        known.join(", ")
                    ),
                );
            } else if members.iter().take(k).any(|(other, _)| other == name) {
                self.push(&obj.at(name), "is given twice".to_string());
            }
        }
        Some(obj)
    }

    /// A field that must be there.
    fn req<T>(&mut self, obj: &Obj<'_, '_>, name: &str, read: Read<T>) -> Option<T> {
        let path = obj.at(name);
        match obj.get(name) {
            Some(v) => read(self, &path, v),
            None => {
                self.push(&path, "is missing".to_string());
                None
            }
        }
    }

    /// A field that may be absent (or null): `Some(None)` then; `None` when it is there
    /// but unreadable.
    fn opt<T>(&mut self, obj: &Obj<'_, '_>, name: &str, read: Read<T>) -> Option<Option<T>> {
        match obj.get(name) {
            Some(v) => read(self, &obj.at(name), v).map(Some),
            None => Some(None),
        }
    }

    /// A list field that may be absent (empty then).
    fn list<T>(&mut self, obj: &Obj<'_, '_>, name: &str, read: Read<T>) -> Option<Vec<T>> {
        match obj.get(name) {
            Some(v) => self.items(&obj.at(name), v, read),
            None => Some(Vec::new()),
        }
    }

    fn items<T>(&mut self, path: &str, v: &Json<'_>, read: Read<T>) -> Option<Vec<T>> {
        let Json::Array(items) = v else {
            self.wrong(path, "a list", v);
            return None;
        };
        let read: Vec<Option<T>> = items
            .iter()
            .enumerate()
            .map(|(k, item)| read(self, &format!("{path}[{k}]"), item))
            .collect();
        read.into_iter().collect()
    }

    fn text(&mut self, path: &str, v: &Json<'_>) -> Option<String> {
        match v {
            Json::Str(s) => Some(s.clone()),
            _ => {
                self.wrong(path, "a text in double quotes", v);
                None
            }
        }
    }

    fn boolean(&mut self, path: &str, v: &Json<'_>) -> Option<bool> {
        match v {
            Json::Bool(b) => Some(*b),
            _ => {
                self.wrong(path, "true or false", v);
                None
            }
        }
    }

    fn number(&mut self, path: &str, v: &Json<'_>) -> Option<f64> {
        match v {
            Json::Number(n) => match n.parse::<f64>() {
                Ok(x) if x.is_finite() => Some(x),
                _ => {
                    self.push(path, format!("must be a number of a usable size, got {n}"));
                    None
                }
            },
            _ => {
                self.wrong(path, "a number", v);
                None
            }
        }
    }

    fn whole(&mut self, path: &str, v: &Json<'_>, max: u64) -> Option<u64> {
        let Json::Number(n) = v else {
            self.wrong(path, "a whole number", v);
            return None;
        };
        let exact = n.parse::<u64>().ok();
        let value = exact.or_else(|| {
            n.parse::<f64>()
                .ok()
                .filter(|x| x.fract() == 0.0 && *x >= 0.0 && *x <= 9_007_199_254_740_992.0)
                .map(|x| x as u64)
        });
        match value {
            Some(x) if x <= max => Some(x),
            _ => {
                self.push(
                    path,
                    format!("must be a whole number from 0 to {max}, got {n}"),
                );
                None
            }
        }
    }

    fn u32(&mut self, path: &str, v: &Json<'_>) -> Option<u32> {
        self.whole(path, v, u64::from(u32::MAX))
            .and_then(|x| u32::try_from(x).ok())
    }

    fn u64(&mut self, path: &str, v: &Json<'_>) -> Option<u64> {
        self.whole(path, v, u64::MAX)
    }

    /// One of `names`, by its index.
    fn word(&mut self, path: &str, v: &Json<'_>, names: &[&str]) -> Option<usize> {
        let found = match v {
            Json::Str(s) => names.iter().position(|n| n == s),
            _ => None,
        };
        if found.is_none() {
            self.wrong(path, &format!("one of {}", names.join(", ")), v);
        }
        found
    }

    fn source(&mut self, path: &str, v: &Json<'_>) -> Option<Source> {
        const KINDS: [&str; 4] = ["article", "implied", "public", "assumption"];
        let obj = self.object(path, v, &KINDS, "a source")?;
        if obj.members.len() != 1 {
            self.push(
                path,
                format!(
                    "must have exactly one of {}, got {}",
                    KINDS.join(", "),
                    obj.members.len()
                ),
            );
            return None;
        }
        let (kind, value) = obj.members.first()?;
        let at = obj.at(kind);
        match kind.as_str() {
            "article" => self.text(&at, value).map(Source::Article),
            "implied" => self.text(&at, value).map(Source::Implied),
            "assumption" => self.text(&at, value).map(Source::Assumption),
            // Any other name is already reported as not a field of a source.
            "public" => {
                let o = self.object(&at, value, &["name", "url", "quote"], "a public source")?;
                let name = self.req(&o, "name", Self::text);
                let url = self.req(&o, "url", Self::text);
                let quote = self.req(&o, "quote", Self::text);
                Some(Source::Public {
                    name: name?,
                    url: url?,
                    quote: quote?,
                })
            }
            _ => None,
        }
    }

    fn sourced<T>(&mut self, path: &str, v: &Json<'_>, read: Read<T>) -> Option<Sourced<T>> {
        let obj = self.object(path, v, &["value", "source"], "a sourced value")?;
        let value = self.req(&obj, "value", read);
        let source = self.req(&obj, "source", Self::source);
        Some(Sourced {
            value: value?,
            source: source?,
        })
    }

    fn sourced_number(&mut self, path: &str, v: &Json<'_>) -> Option<Sourced<f64>> {
        self.sourced(path, v, Self::number)
    }

    fn sourced_text(&mut self, path: &str, v: &Json<'_>) -> Option<Sourced<String>> {
        self.sourced(path, v, Self::text)
    }

    fn article(&mut self, path: &str, v: &Json<'_>) -> Option<SourceArticle> {
        let o = self.object(path, v, &["name", "date", "url"], "the source article")?;
        let name = self.req(&o, "name", Self::text);
        let date = self.req(&o, "date", Self::text);
        let url = self.opt(&o, "url", Self::text);
        Some(SourceArticle {
            name: name?,
            date: date?,
            url: url?.unwrap_or_default(),
        })
    }

    fn target(&mut self, path: &str, v: &Json<'_>) -> Option<Target> {
        let o = self.object(path, v, &["annual_revenue_musd", "phrase"], "the target")?;
        let revenue = self.req(&o, "annual_revenue_musd", Self::sourced_number);
        let phrase = self.req(&o, "phrase", Self::text);
        Some(Target {
            annual_revenue_musd: revenue?,
            phrase: phrase?,
        })
    }

    fn simulation(&mut self, path: &str, v: &Json<'_>) -> Option<SimulationSettings> {
        let o = self.object(path, v, &["runs", "seed"], "the simulation settings")?;
        let default = SimulationSettings::default();
        let runs = self.opt(&o, "runs", Self::u32);
        let seed = self.opt(&o, "seed", Self::u64);
        Some(SimulationSettings {
            runs: runs?.unwrap_or(default.runs),
            seed: seed?.unwrap_or(default.seed),
        })
    }

    fn client(&mut self, path: &str, v: &Json<'_>) -> Option<StoryClient> {
        const NUMBERS: [&str; 9] = [
            "monthly_spend_musd",
            "annual_growth",
            "growth_volatility",
            "first_month",
            "ramp_months",
            "annual_leave_probability",
            "wind_down_months",
            "kept_share",
            "customers",
        ];
        let mut known = vec!["id", "in_base_case", "name", "own_product"];
        known.extend(NUMBERS);
        let o = self.object(path, v, &known, "a client")?;
        let id = self.req(&o, "id", Self::u32);
        let in_base_case = self.opt(&o, "in_base_case", Self::boolean);
        let name = self.req(&o, "name", Self::sourced_text);
        let own_product = self.opt(&o, "own_product", Self::boolean);
        let [spend, growth, volatility, first, ramp, leave, wind, kept, customers] =
            NUMBERS.map(|n| self.req(&o, n, Self::sourced_number));
        Some(StoryClient {
            id: id?,
            in_base_case: in_base_case?.unwrap_or(true),
            name: name?,
            own_product: own_product?.unwrap_or(false),
            monthly_spend_musd: spend?,
            annual_growth: growth?,
            growth_volatility: volatility?,
            first_month: first?,
            ramp_months: ramp?,
            annual_leave_probability: leave?,
            wind_down_months: wind?,
            kept_share: kept?,
            customers: customers?,
        })
    }

    fn input(&mut self, path: &str, v: &Json<'_>) -> Option<InputName> {
        let names = InputName::ALL.map(InputName::as_str);
        self.word(path, v, &names)
            .and_then(|k| InputName::ALL.get(k).copied())
    }

    fn client_ref(&mut self, path: &str, v: &Json<'_>) -> Option<ClientRef> {
        match v {
            Json::Str(s) => Some(ClientRef::Named(s.chars().take(40).collect())),
            Json::Number(_) => self.u32(path, v).map(ClientRef::Id),
            _ => {
                self.wrong(path, "a client id or \"headline\"", v);
                None
            }
        }
    }

    fn range(&mut self, path: &str, v: &Json<'_>) -> Option<[f64; 2]> {
        match self.items(path, v, Self::number)?.as_slice() {
            [lo, hi] => Some([*lo, *hi]),
            other => {
                self.push(
                    path,
                    format!("must be two numbers, lowest first, got {}", other.len()),
                );
                None
            }
        }
    }

    fn lever(&mut self, path: &str, v: &Json<'_>) -> Option<LeverSpec> {
        let known = ["id", "label", "phrase", "client", "input", "range"];
        let o = self.object(path, v, &known, "a lever")?;
        let id = self.req(&o, "id", Self::text);
        let label = self.req(&o, "label", Self::text);
        let phrase = self.opt(&o, "phrase", Self::text);
        let client = self.opt(&o, "client", Self::client_ref);
        let input = self.req(&o, "input", Self::input);
        let range = self.req(&o, "range", Self::range);
        Some(LeverSpec {
            id: id?,
            label: label?,
            phrase: phrase?,
            client: client?,
            input: input?,
            range: range?,
        })
    }

    fn change(&mut self, path: &str, v: &Json<'_>) -> Option<Change> {
        let known = ["add", "remove", "client", "input", "value"];
        let o = self.object(path, v, &known, "a preset's change")?;
        let add = self.opt(&o, "add", Self::u32);
        let remove = self.opt(&o, "remove", Self::u32);
        let client = self.opt(&o, "client", Self::u32);
        let input = self.opt(&o, "input", Self::input);
        let value = self.opt(&o, "value", Self::number);
        Some(Change {
            add: add?,
            remove: remove?,
            client: client?,
            input: input?,
            value: value?,
        })
    }

    fn preset(&mut self, path: &str, v: &Json<'_>) -> Option<PresetSpec> {
        let known = ["id", "label", "description", "title", "changes"];
        let o = self.object(path, v, &known, "a preset")?;
        let id = self.req(&o, "id", Self::text);
        let label = self.req(&o, "label", Self::text);
        let description = self.req(&o, "description", Self::text);
        let title = self.opt(&o, "title", Self::text);
        let changes = self.list(&o, "changes", Self::change);
        Some(PresetSpec {
            id: id?,
            label: label?,
            description: description?,
            title: title?,
            changes: changes?,
        })
    }

    fn table_row(&mut self, path: &str, v: &Json<'_>) -> Option<TableRow> {
        let known = ["metric", "figure", "article_value", "article_contribution"];
        let o = self.object(path, v, &known, "a row of the table")?;
        let metric = self.req(&o, "metric", Self::text);
        let figure = self.req(&o, "figure", |r, p, v| {
            let names = TableFigure::ALL.map(TableFigure::as_str);
            r.word(p, v, &names)
                .and_then(|k| TableFigure::ALL.get(k).copied())
        });
        let value = self.req(&o, "article_value", Self::text);
        let contribution = self.req(&o, "article_contribution", Self::text);
        Some(TableRow {
            metric: metric?,
            figure: figure?,
            article_value: value?,
            article_contribution: contribution?,
        })
    }

    fn departure(&mut self, path: &str, v: &Json<'_>) -> Option<DepartureSpec> {
        let o = self.object(path, v, &["client", "month"], "the departure")?;
        let client = self.req(&o, "client", Self::u32);
        let month = self.req(&o, "month", Self::u32);
        Some(DepartureSpec {
            client: client?,
            month: month?,
        })
    }

    fn reported(&mut self, path: &str, v: &Json<'_>) -> Option<ReportedGrowth> {
        let o = self.object(
            path,
            v,
            &["value", "period", "source"],
            "the reported growth",
        )?;
        let value = self.req(&o, "value", Self::number);
        let period = self.req(&o, "period", Self::text);
        let source = self.req(&o, "source", Self::source);
        Some(ReportedGrowth {
            value: value?,
            period: period?,
            source: source?,
        })
    }

    fn story(&mut self, v: &Json<'_>) -> Option<StoryFile> {
        const KNOWN: [&str; 23] = [
            "$schema",
            "story_version",
            "id",
            "question",
            "title",
            "company",
            "business",
            "source",
            "currency",
            "start",
            "horizon_months",
            "target",
            "company_annual_revenue_musd",
            "market_expected_growth",
            "growth_correlation",
            "simulation",
            "headline_client",
            "clients",
            "levers",
            "presets",
            "table",
            "departure",
            "reported_growth",
        ];
        let o = self.object("", v, &KNOWN, "a story")?;
        let schema = self.opt(&o, "$schema", Self::text);
        let version = self.req(&o, "story_version", Self::u32);
        let id = self.req(&o, "id", Self::text);
        let question = self.req(&o, "question", Self::text);
        let title = self.req(&o, "title", Self::text);
        let company = self.req(&o, "company", Self::text);
        let business = self.req(&o, "business", Self::text);
        let source = self.opt(&o, "source", Self::article);
        let currency = self.req(&o, "currency", Self::text);
        let start = self.req(&o, "start", Self::sourced_text);
        let horizon = self.req(&o, "horizon_months", Self::u32);
        let target = self.req(&o, "target", Self::target);
        let company_revenue = self.opt(&o, "company_annual_revenue_musd", Self::sourced_number);
        let market = self.req(&o, "market_expected_growth", Self::sourced_number);
        let correlation = self.req(&o, "growth_correlation", Self::sourced_number);
        let simulation = self.opt(&o, "simulation", Self::simulation);
        let headline = self.req(&o, "headline_client", Self::u32);
        let clients = self.req(&o, "clients", |r, p, v| r.items(p, v, Self::client));
        let levers = self.list(&o, "levers", Self::lever);
        let presets = self.req(&o, "presets", |r, p, v| r.items(p, v, Self::preset));
        let table = self.list(&o, "table", Self::table_row);
        let departure = self.req(&o, "departure", Self::departure);
        let reported = self.opt(&o, "reported_growth", Self::reported);
        Some(StoryFile {
            schema: schema?,
            story_version: version?,
            id: id?,
            question: question?,
            title: title?,
            company: company?,
            business: business?,
            source: source?,
            currency: currency?,
            start: start?,
            horizon_months: horizon?,
            target: target?,
            company_annual_revenue_musd: company_revenue?,
            market_expected_growth: market?,
            growth_correlation: correlation?,
            simulation: simulation?.unwrap_or_default(),
            headline_client: headline?,
            clients: clients?,
            levers: levers?,
            presets: presets?,
            table: table?,
            departure: departure?,
            reported_growth: reported?,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const ARTICLE: &str = include_str!("../../../stories/article.json");
    const TEMPLATE: &str = include_str!("../../../stories/template.json");

    /// The reader agrees with the story's own serialisation: what it reads, written back
    /// and read again, is the same story.
    #[test]
    fn the_shipped_stories_read_and_round_trip() {
        for text in [ARTICLE, TEMPLATE] {
            let story = read_story_file(text).unwrap();
            let again = serde_json::to_string(&story).unwrap();
            assert_eq!(read_story_file(&again).unwrap(), story);
        }
    }

    fn message(text: &str) -> String {
        read_story_file(text).unwrap_err().to_string()
    }

    #[test]
    fn each_wrong_type_is_named_by_its_path() {
        let wrong = ARTICLE.replacen("\"horizon_months\": 36", "\"horizon_months\": \"36\"", 1);
        assert_eq!(
            message(&wrong),
            "the story could not be read: horizon_months: must be a whole number, got the text \"36\""
        );
        let spend = ARTICLE.replacen("\"value\": 20,", "\"value\": true,", 1);
        assert!(
            message(&spend)
                .contains("clients[0].monthly_spend_musd.value: must be a number, got true"),
            "{}",
            message(&spend)
        );
        let extra = ARTICLE.replacen(
            "\"story_version\": 1,",
            "\"story_version\": 1, \"colour\": 3,",
            1,
        );
        assert!(message(&extra).contains("colour: is not a field of a story"));
        let twice = ARTICLE.replacen(
            "\"story_version\": 1,",
            "\"story_version\": 1, \"story_version\": 1,",
            1,
        );
        assert!(message(&twice).contains("story_version: is given twice"));
        let missing = ARTICLE.replacen("\"currency\": \"USD\",", "", 1);
        assert!(message(&missing).contains("currency: is missing"));
        let half = ARTICLE.replacen("\"value\": 20,", "\"value\": 1e999,", 1);
        assert!(message(&half).contains("must be a number of a usable size, got 1e999"));
    }

    #[test]
    fn json_errors_give_the_place() {
        assert_eq!(
            message("{\"id\": tru}"),
            "the story could not be read: expected a value at line 1, column 8"
        );
    }

    #[test]
    fn sources_are_one_of_four_kinds() {
        let mut r = Reader { issues: Vec::new() };
        let two = json::parse(r#"{"article": "a", "implied": "b"}"#).unwrap();
        assert_eq!(r.source("s", &two), None);
        let public =
            json::parse(r#"{"public": {"name": "n", "url": "https://x.org", "quote": "q"}}"#)
                .unwrap();
        assert!(matches!(
            r.source("s", &public),
            Some(Source::Public { .. })
        ));
        let kind = json::parse(r#"{"rumour": "a"}"#).unwrap();
        assert_eq!(r.source("s", &kind), None);
        let messages: Vec<String> = r.issues.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "s: must have exactly one of article, implied, public, assumption, got 2",
                "s.rumour: is not a field of a source (the fields are article, implied, public, assumption)",
            ]
        );
    }

    #[test]
    fn big_seeds_read_exactly() {
        let text = ARTICLE.replacen("\"seed\": 2024", "\"seed\": 18446744073709551615", 1);
        assert_eq!(read_story_file(&text).unwrap().simulation.seed, u64::MAX);
        let runs = ARTICLE.replacen("\"runs\": 10000", "\"runs\": 1e4", 1);
        assert_eq!(read_story_file(&runs).unwrap().simulation.runs, 10_000);
    }
}
