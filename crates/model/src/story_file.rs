//! The story file: one JSON document that says everything the widget tells about one
//! company (the question, the clients with the source of every value, the key levers,
//! the presets, the article's table, the default departure), read with size caps and
//! checked field by field before the widget uses any of it.
//!
//! The format is documented in `docs/story-format.md` and described for editors by
//! `stories/story.schema.json`; `stories/article.json` is the worked example. A story
//! is untrusted input: [`parse_story`] refuses text over [`MAX_STORY_BYTES`] before
//! decoding it, then [`StoryFile::check`] lists every problem as a path and a message a
//! person can act on ("clients[2].monthly_spend_musd: must be between 0 and 100,000,
//! got -5").

use crate::fields::{MAX_NAME_CHARS, MAX_TITLE_CHARS};
use crate::format;
use crate::levers::{Lever, LeverTarget};
use crate::scenario::{
    Client, ClientField, Scenario, ScenarioField, SimulationSettings, YearMonth, SCHEMA_VERSION,
};
use crate::validate::{validate, ValidScenario};
use serde::Serialize;
use std::fmt;

/// The version of the story format this build reads and writes.
pub const STORY_VERSION: u32 = 1;
/// Largest story text accepted, bytes; larger text is refused before it is decoded.
pub const MAX_STORY_BYTES: usize = 64 * 1024;
/// Most clients a story may describe (in the base case and added by presets or levers).
pub const MAX_STORY_CLIENTS: usize = 50;
/// Most key levers.
pub const MAX_LEVERS: usize = 6;
/// Most presets.
pub const MAX_PRESETS: usize = 12;
/// Most rows of the article's table.
pub const MAX_TABLE_ROWS: usize = 8;
/// Most changes one preset makes.
pub const MAX_PRESET_CHANGES: usize = 60;
/// Largest client id a story may use: ids above it are the reader's new clients.
pub const MAX_STORY_CLIENT_ID: u32 = 99;
/// Longest sentence (a preset's description, a source's quote or reason), characters.
pub const MAX_SENTENCE_CHARS: usize = 400;
/// Longest short text (a label, a company's name), characters.
pub const MAX_LABEL_CHARS: usize = 80;
/// Longest link, characters.
pub const MAX_URL_CHARS: usize = 500;

/// Where a value comes from, as the story's author states it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Reported by the source article: a short quote of it.
    Article(String),
    /// Not stated, but follows from the article's figures: the reasoning.
    Implied(String),
    /// A public figure from a source other than the article.
    Public {
        /// The source's name ("Acme's annual report").
        name: String,
        /// Where a reader can check it (http or https).
        url: String,
        /// What it says, briefly.
        quote: String,
    },
    /// Said nowhere: the reason for the value.
    Assumption(String),
}

/// A value and where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sourced<T> {
    /// The value, in the unit the field's name says.
    pub value: T,
    /// Its source.
    pub source: Source,
}

/// The article (or post) the story tells.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceArticle {
    /// Its name or headline.
    pub name: String,
    /// When it appeared, as it says ("August 2024").
    pub date: String,
    /// Its address (http or https); empty when it has none.
    pub url: String,
}

/// The target revenue and how the answer says it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Target {
    /// The annual revenue aimed for, $M a year, more than 0 and at most 10,000,000.
    pub annual_revenue_musd: Sourced<f64>,
    /// How the answer names reaching it, with `{target}` where the amount goes
    /// ("a {target} year" reads "a $1B year").
    pub phrase: String,
}

/// One client (or a group of equal clients) of the story. Numbers are in the units the
/// field names say; their ranges are those of the widget's inputs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryClient {
    /// Stable id, 1–99, unique in the story: links, presets and levers refer to it.
    pub id: u32,
    /// Whether the client is in the base case (`false`: only a preset or a lever adds it).
    pub in_base_case: bool,
    /// Display name, 1–60 characters; running text uses it without a parenthesis.
    pub name: Sourced<String>,
    /// Whether this is the business's own product rather than a customer.
    pub own_product: bool,
    /// Monthly spend at full ramp in the start month, $M, 0–100,000.
    pub monthly_spend_musd: Sourced<f64>,
    /// Expected annual growth, a fraction, −0.99 to 10.
    pub annual_growth: Sourced<f64>,
    /// Annual standard deviation of log-growth, 0–3.
    pub growth_volatility: Sourced<f64>,
    /// First month it spends, counted from the start month, 0–120.
    pub first_month: Sourced<f64>,
    /// Months to ramp up to full spend, 0–60.
    pub ramp_months: Sourced<f64>,
    /// Probability it leaves within a year, 0–1.
    pub annual_leave_probability: Sourced<f64>,
    /// Months its spend winds down over once it leaves, 0–36.
    pub wind_down_months: Sourced<f64>,
    /// Share of its spend it keeps after leaving, 0–1.
    pub kept_share: Sourced<f64>,
    /// How many equal customers the entry stands for, 1–100,000.
    pub customers: Sourced<f64>,
}

/// An input a lever or a preset can set: one of a client's or one of the scenario's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputName {
    /// [`crate::Client::monthly_spend_musd`].
    MonthlySpendMusd,
    /// [`crate::Client::annual_growth`].
    AnnualGrowth,
    /// [`crate::Client::growth_volatility`].
    GrowthVolatility,
    /// [`crate::Client::first_month`].
    FirstMonth,
    /// [`crate::Client::ramp_months`].
    RampMonths,
    /// [`crate::Client::annual_leave_probability`].
    AnnualLeaveProbability,
    /// [`crate::Client::wind_down_months`].
    WindDownMonths,
    /// [`crate::Client::kept_share`].
    KeptShare,
    /// [`crate::Client::customers`].
    Customers,
    /// [`crate::Scenario::target_annual_revenue_musd`].
    TargetAnnualRevenueMusd,
    /// [`crate::Scenario::market_expected_growth`].
    MarketExpectedGrowth,
    /// [`crate::Scenario::growth_correlation`].
    GrowthCorrelation,
}

/// Which field an [`InputName`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Input {
    /// A client's input.
    Client(ClientField),
    /// A scenario-level input.
    Scenario(ScenarioField),
}

impl InputName {
    /// Every input name, in the order of [`InputName::as_str`]'s table.
    pub const ALL: [InputName; 12] = [
        InputName::MonthlySpendMusd,
        InputName::AnnualGrowth,
        InputName::GrowthVolatility,
        InputName::FirstMonth,
        InputName::RampMonths,
        InputName::AnnualLeaveProbability,
        InputName::WindDownMonths,
        InputName::KeptShare,
        InputName::Customers,
        InputName::TargetAnnualRevenueMusd,
        InputName::MarketExpectedGrowth,
        InputName::GrowthCorrelation,
    ];

    /// The name as a story file writes it.
    pub fn as_str(self) -> &'static str {
        use InputName as N;
        match self {
            N::MonthlySpendMusd => "monthly_spend_musd",
            N::AnnualGrowth => "annual_growth",
            N::GrowthVolatility => "growth_volatility",
            N::FirstMonth => "first_month",
            N::RampMonths => "ramp_months",
            N::AnnualLeaveProbability => "annual_leave_probability",
            N::WindDownMonths => "wind_down_months",
            N::KeptShare => "kept_share",
            N::Customers => "customers",
            N::TargetAnnualRevenueMusd => "target_annual_revenue_musd",
            N::MarketExpectedGrowth => "market_expected_growth",
            N::GrowthCorrelation => "growth_correlation",
        }
    }

    /// The field this name stands for.
    pub fn input(self) -> Input {
        use InputName as N;
        match self {
            N::MonthlySpendMusd => Input::Client(ClientField::MonthlySpend),
            N::AnnualGrowth => Input::Client(ClientField::AnnualGrowth),
            N::GrowthVolatility => Input::Client(ClientField::GrowthVolatility),
            N::FirstMonth => Input::Client(ClientField::FirstMonth),
            N::RampMonths => Input::Client(ClientField::RampMonths),
            N::AnnualLeaveProbability => Input::Client(ClientField::AnnualLeaveProbability),
            N::WindDownMonths => Input::Client(ClientField::WindDownMonths),
            N::KeptShare => Input::Client(ClientField::KeptShare),
            N::Customers => Input::Client(ClientField::Customers),
            N::TargetAnnualRevenueMusd => Input::Scenario(ScenarioField::TargetAnnualRevenue),
            N::MarketExpectedGrowth => Input::Scenario(ScenarioField::MarketExpectedGrowth),
            N::GrowthCorrelation => Input::Scenario(ScenarioField::GrowthCorrelation),
        }
    }

    /// The valid range of the input, model units.
    pub fn range(self) -> (f64, f64) {
        let spec = match self.input() {
            Input::Client(f) => Some(f.spec()),
            Input::Scenario(f) => f.spec(),
        };
        spec.map_or((0.0, 0.0), |s| (s.min, s.max))
    }

    /// Whether the input takes whole numbers only.
    pub fn integer(self) -> bool {
        match self.input() {
            Input::Client(f) => f.spec().integer,
            Input::Scenario(f) => f.spec().is_some_and(|s| s.integer),
        }
    }
}

/// Which client a lever moves: one by id, or the headline client, whichever it is.
/// Read from a number or a string.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ClientRef {
    /// The client with this id.
    Id(u32),
    /// The word `"headline"`: the headline client (the largest spender once the story's
    /// headline client is removed).
    Named(String),
}

/// A key lever: a slider first under the answer, with its response curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeverSpec {
    /// Short id, unique among the levers: lower-case letters, digits and hyphens.
    pub id: String,
    /// The slider's label; `{client}` stands for the client's name as running text uses it.
    pub label: String,
    /// The lever inside a sentence ("… changes with {phrase}"); by default the label with
    /// its first letter in lower case (unless it starts with `{client}`).
    pub phrase: Option<String>,
    /// The client whose input it moves; absent for a scenario-level input.
    pub client: Option<ClientRef>,
    /// The input it moves.
    pub input: InputName,
    /// Its range, lowest then highest, in model units (fractions for percentages).
    pub range: [f64; 2],
}

/// One change a preset makes to the base case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// Add the story's client with this id (one not in the base case), in this order.
    pub add: Option<u32>,
    /// Remove the client with this id.
    pub remove: Option<u32>,
    /// Set an input: of the client `client`, or of the scenario when `client` is absent.
    pub client: Option<u32>,
    /// The input set.
    pub input: Option<InputName>,
    /// The value it is set to, model units.
    pub value: Option<f64>,
}

/// A ready-made scenario of the story.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PresetSpec {
    /// Short id used in links (`?preset=…`): lower-case letters, digits and hyphens.
    pub id: String,
    /// The button's label.
    pub label: String,
    /// One sentence saying what the preset assumes and why.
    pub description: String,
    /// The scenario's title; the story's title when absent.
    pub title: Option<String>,
    /// What it changes in the base case, in order (none for the base case itself).
    pub changes: Vec<Change>,
}

/// Which model figure recomputes a row of the article's table (at the start month).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableFigure {
    /// The headline client's monthly spend and its share of the month's revenue.
    HeadlineMonthlySpend,
    /// The headline client's spend over a year (12 months) and its share.
    HeadlineAnnualSpend,
    /// The whole business's revenue over a year at the start month's rate (100%).
    AnnualRunRate,
}

impl TableFigure {
    /// Every figure, in the order of [`TableFigure::as_str`]'s table.
    pub const ALL: [TableFigure; 3] = [
        TableFigure::HeadlineMonthlySpend,
        TableFigure::HeadlineAnnualSpend,
        TableFigure::AnnualRunRate,
    ];

    /// The name as a story file writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            TableFigure::HeadlineMonthlySpend => "headline_monthly_spend",
            TableFigure::HeadlineAnnualSpend => "headline_annual_spend",
            TableFigure::AnnualRunRate => "annual_run_rate",
        }
    }
}

/// One row of the article's table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableRow {
    /// The metric's name; `{client}` and `{client's}` stand for the headline client.
    pub metric: String,
    /// The model figure beside the article's.
    pub figure: TableFigure,
    /// The value as the article states it ("$20 million").
    pub article_value: String,
    /// The contribution as the article states it ("25% of AI revenue").
    pub article_contribution: String,
}

/// The departure the widget's stress test and outlook start with.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DepartureSpec {
    /// The id of the client that leaves (in the base case).
    pub client: u32,
    /// The month it leaves, counted from the start month, 1 to the horizon's last.
    pub month: u32,
}

/// A growth figure the story reports, set against the model's and the market's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportedGrowth {
    /// The growth, a fraction (0.29 = 29%), −0.99 to 10.
    pub value: f64,
    /// The period it is for, as running text ("in the quarter").
    pub period: String,
    /// Where it comes from.
    pub source: Source,
}

/// The whole story file, as written.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryFile {
    /// The JSON Schema the file follows (for editors), ignored by the widget.
    #[serde(rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The format's version: [`STORY_VERSION`].
    pub story_version: u32,
    /// Short id (lower-case letters, digits, hyphens): share links record it.
    pub id: String,
    /// The question the widget answers, as its heading.
    pub question: String,
    /// The scenario's title, at most 120 characters.
    pub title: String,
    /// The company whose revenue it is ("Acme").
    pub company: String,
    /// The business line as readers call it, as a share is "of" it ("AI revenue").
    pub business: String,
    /// The article the story tells, if any.
    pub source: Option<SourceArticle>,
    /// Currency code of every money value (display only), three capital letters.
    pub currency: String,
    /// The start month, "YYYY-MM".
    pub start: Sourced<String>,
    /// Months projected, 12–120.
    pub horizon_months: u32,
    /// The target and how it is said.
    pub target: Target,
    /// The whole company's annual revenue, $M a year, when known.
    pub company_annual_revenue_musd: Option<Sourced<f64>>,
    /// The annual growth the market expects of the business, a fraction.
    pub market_expected_growth: Sourced<f64>,
    /// Correlation of the clients' growth shocks, 0–1.
    pub growth_correlation: Sourced<f64>,
    /// Monte Carlo runs and seed.
    pub simulation: SimulationSettings,
    /// The id of the client the story is about.
    pub headline_client: u32,
    /// Every client the story knows, in the base case's order.
    pub clients: Vec<StoryClient>,
    /// The key levers, up to six.
    pub levers: Vec<LeverSpec>,
    /// The presets, the base case first, up to twelve.
    pub presets: Vec<PresetSpec>,
    /// The article's table.
    pub table: Vec<TableRow>,
    /// The departure the stress test starts with.
    pub departure: DepartureSpec,
    /// A growth figure the story reports, if any.
    pub reported_growth: Option<ReportedGrowth>,
}

/// One problem in a story: where, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoryIssue {
    /// The field's path ("clients[2].monthly_spend_musd.value").
    pub path: String,
    /// What is wrong, and what is accepted.
    pub message: String,
}

impl fmt::Display for StoryIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a story could not be used.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum StoryError {
    /// Longer than [`MAX_STORY_BYTES`]; not decoded.
    #[error("the story is {0} bytes long; at most {MAX_STORY_BYTES} are accepted")]
    TooLong(usize),
    /// Not JSON (the message gives the line and column), or fields of the wrong type
    /// (the message gives their paths).
    #[error("the story could not be read: {0}")]
    Malformed(String),
    /// Written for a newer version of the widget.
    #[error("the story has story_version {0}; this widget reads version {STORY_VERSION}")]
    NewerVersion(u32),
    /// Read, but some fields are invalid.
    #[error("{}", summarize(.0))]
    Invalid(Vec<StoryIssue>),
}

/// Reads a story: caps its size before decoding, refuses newer versions, and checks
/// every field.
pub fn parse_story(text: &str) -> Result<StoryFile, StoryError> {
    if text.len() > MAX_STORY_BYTES {
        return Err(StoryError::TooLong(text.len()));
    }
    if !text.trim_start().starts_with('{') {
        return Err(StoryError::Malformed(
            "a story is a JSON object, starting with {".to_string(),
        ));
    }
    let file = crate::story_read::read_story_file(text)?;
    let issues = file.check();
    if issues.is_empty() {
        Ok(file)
    } else {
        Err(StoryError::Invalid(issues))
    }
}

/// The first three problems, each with its path, and "…" when there are more.
pub(crate) fn summarize(issues: &[StoryIssue]) -> String {
    let mut text = issues
        .iter()
        .take(3)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    if issues.len() > 3 {
        text.push_str("; …");
    }
    text
}

/// A number as an author types it in a file: thousands separated, an ASCII minus.
fn fmt_number(v: f64) -> String {
    format::fmt_number(v).replace('\u{2212}', "-")
}

/// Collects problems with their paths.
struct Issues(Vec<StoryIssue>);

impl Issues {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(StoryIssue {
            path: path.into(),
            message: message.into(),
        });
    }

    fn text(&mut self, path: &str, text: &str, min: usize, max: usize) {
        let n = text.chars().count();
        if n < min || n > max || (min > 0 && text.trim().is_empty()) {
            let what = if min == 0 {
                format!("must be at most {max} characters")
            } else {
                format!("must have {min} to {max} characters")
            };
            self.push(path, format!("{what}, got {n}"));
        } else if text.chars().any(|c| c.is_control() && c != '\n') {
            self.push(path, "must not contain control characters");
        }
    }

    fn number(&mut self, path: &str, v: f64, (lo, hi): (f64, f64), integer: bool) {
        if !(v.is_finite() && v >= lo && v <= hi) {
            self.push(
                path,
                format!(
                    "must be between {} and {}, got {}",
                    fmt_number(lo),
                    fmt_number(hi),
                    if v.is_finite() {
                        fmt_number(v)
                    } else {
                        "not a number".to_string()
                    }
                ),
            );
        } else if integer && v.fract() != 0.0 {
            self.push(path, format!("must be a whole number, got {v}"));
        }
    }

    fn url(&mut self, path: &str, url: &str) {
        if url.chars().count() > MAX_URL_CHARS {
            self.push(path, format!("must be at most {MAX_URL_CHARS} characters"));
        } else if !is_web_link(url) {
            self.push(
                path,
                "must be a web address starting with https:// or http://",
            );
        }
    }

    fn slug(&mut self, path: &str, id: &str) {
        let ok = (1..=40).contains(&id.len())
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !ok {
            self.push(
                path,
                format!(
                    "must be 1 to 40 lower-case letters, digits or hyphens, got \"{}\"",
                    id.chars().take(40).collect::<String>()
                ),
            );
        }
    }

    fn source(&mut self, path: &str, source: &Source) {
        match source {
            Source::Article(t) => self.text(&format!("{path}.article"), t, 1, MAX_SENTENCE_CHARS),
            Source::Implied(t) => self.text(&format!("{path}.implied"), t, 1, MAX_SENTENCE_CHARS),
            Source::Assumption(t) => {
                self.text(&format!("{path}.assumption"), t, 1, MAX_SENTENCE_CHARS)
            }
            Source::Public { name, url, quote } => {
                self.text(&format!("{path}.public.name"), name, 1, MAX_LABEL_CHARS);
                self.url(&format!("{path}.public.url"), url);
                self.text(
                    &format!("{path}.public.quote"),
                    quote,
                    1,
                    MAX_SENTENCE_CHARS,
                );
            }
        }
    }

    fn sourced(&mut self, path: &str, v: &Sourced<f64>, range: (f64, f64), integer: bool) {
        self.number(&format!("{path}.value"), v.value, range, integer);
        self.source(&format!("{path}.source"), &v.source);
    }
}

/// Whether `url` is an http or https address (the only links a story may show).
pub fn is_web_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && !url.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

/// The text of a template with `{client}` and `{client's}` filled in for `name`.
pub fn fill_client(template: &str, name: &str) -> String {
    let possessive = if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    };
    template
        .replace("{client's}", &possessive)
        .replace("{client}", name)
}

impl StoryClient {
    /// The client's numeric inputs with their paths' names, in the client card's order.
    pub fn numbers(&self) -> [(ClientField, &'static str, &Sourced<f64>); 9] {
        [
            (
                ClientField::MonthlySpend,
                "monthly_spend_musd",
                &self.monthly_spend_musd,
            ),
            (
                ClientField::AnnualGrowth,
                "annual_growth",
                &self.annual_growth,
            ),
            (
                ClientField::GrowthVolatility,
                "growth_volatility",
                &self.growth_volatility,
            ),
            (ClientField::FirstMonth, "first_month", &self.first_month),
            (ClientField::RampMonths, "ramp_months", &self.ramp_months),
            (
                ClientField::AnnualLeaveProbability,
                "annual_leave_probability",
                &self.annual_leave_probability,
            ),
            (
                ClientField::WindDownMonths,
                "wind_down_months",
                &self.wind_down_months,
            ),
            (ClientField::KeptShare, "kept_share", &self.kept_share),
            (ClientField::Customers, "customers", &self.customers),
        ]
    }

    /// The source of one of its inputs.
    pub fn source_of(&self, field: ClientField) -> &Source {
        if field == ClientField::Name {
            return &self.name.source;
        }
        self.numbers()
            .into_iter()
            .find(|(f, _, _)| *f == field)
            .map_or(&self.name.source, |(_, _, v)| &v.source)
    }
}

impl StoryFile {
    /// The story's client with `id`.
    pub fn client(&self, id: u32) -> Option<&StoryClient> {
        self.clients.iter().find(|c| c.id == id)
    }

    /// Every problem in the story, each with its path; empty when it can be used.
    pub fn check(&self) -> Vec<StoryIssue> {
        let mut issues = Issues(Vec::new());
        let i = &mut issues;
        if self.story_version != STORY_VERSION {
            i.push(
                "story_version",
                format!(
                    "must be {STORY_VERSION}, got {}",
                    fmt_number(f64::from(self.story_version))
                ),
            );
        }
        i.slug("id", &self.id);
        i.text("question", &self.question, 1, 200);
        i.text("title", &self.title, 0, MAX_TITLE_CHARS);
        i.text("company", &self.company, 1, MAX_LABEL_CHARS);
        i.text("business", &self.business, 1, MAX_LABEL_CHARS);
        if let Some(a) = &self.source {
            i.text("source.name", &a.name, 1, 200);
            i.text("source.date", &a.date, 1, 40);
            if !a.url.is_empty() {
                i.url("source.url", &a.url);
            }
        }
        if !(self.currency.len() == 3 && self.currency.bytes().all(|b| b.is_ascii_uppercase())) {
            i.push(
                "currency",
                "must be a three-letter currency code such as USD",
            );
        }
        if YearMonth::parse_iso(&self.start.value).is_none() {
            i.push(
                "start.value",
                format!(
                    "must be a month such as \"2024-08\" between 1900 and 2200, got \"{}\"",
                    self.start.value.chars().take(20).collect::<String>()
                ),
            );
        }
        i.source("start.source", &self.start.source);
        i.number(
            "horizon_months",
            f64::from(self.horizon_months),
            (12.0, 120.0),
            true,
        );
        let t = &self.target.annual_revenue_musd;
        if !(t.value.is_finite() && t.value > 0.0 && t.value <= 1e7) {
            i.push(
                "target.annual_revenue_musd.value",
                format!(
                    "must be more than 0 and at most 10,000,000, got {}",
                    fmt_number(t.value)
                ),
            );
        }
        i.source("target.annual_revenue_musd.source", &t.source);
        i.text("target.phrase", &self.target.phrase, 1, MAX_LABEL_CHARS);
        if !self.target.phrase.contains("{target}") {
            i.push(
                "target.phrase",
                "must contain {target} where the amount goes, as in \"a {target} year\"",
            );
        }
        if let Some(c) = &self.company_annual_revenue_musd {
            if !(c.value.is_finite() && c.value > 0.0 && c.value <= 1e8) {
                i.push(
                    "company_annual_revenue_musd.value",
                    format!(
                        "must be more than 0 and at most 100,000,000, got {}",
                        fmt_number(c.value)
                    ),
                );
            }
            i.source("company_annual_revenue_musd.source", &c.source);
        }
        i.sourced(
            "market_expected_growth",
            &self.market_expected_growth,
            InputName::MarketExpectedGrowth.range(),
            false,
        );
        i.sourced(
            "growth_correlation",
            &self.growth_correlation,
            InputName::GrowthCorrelation.range(),
            false,
        );
        let (lo, hi) = crate::validate::RUNS_RANGE;
        i.number(
            "simulation.runs",
            f64::from(self.simulation.runs),
            (f64::from(lo), f64::from(hi)),
            true,
        );
        self.check_clients(i);
        self.check_levers(i);
        self.check_presets(i);
        if self.table.len() > MAX_TABLE_ROWS {
            i.push(
                "table",
                format!(
                    "must have at most {MAX_TABLE_ROWS} rows, got {}",
                    self.table.len()
                ),
            );
        } else {
            for (k, row) in self.table.iter().enumerate() {
                let p = format!("table[{k}]");
                i.text(&format!("{p}.metric"), &row.metric, 1, MAX_LABEL_CHARS);
                i.text(
                    &format!("{p}.article_value"),
                    &row.article_value,
                    0,
                    MAX_LABEL_CHARS,
                );
                i.text(
                    &format!("{p}.article_contribution"),
                    &row.article_contribution,
                    0,
                    MAX_LABEL_CHARS,
                );
            }
        }
        match self.client(self.departure.client) {
            Some(c) if c.in_base_case && !c.own_product => {}
            _ => i.push(
                "departure.client",
                format!(
                    "must be the id of a client in the base case that is not an own product, got {}",
                    self.departure.client
                ),
            ),
        }
        i.number(
            "departure.month",
            f64::from(self.departure.month),
            (1.0, f64::from(self.horizon_months.saturating_sub(1).max(1))),
            true,
        );
        if let Some(r) = &self.reported_growth {
            i.number(
                "reported_growth.value",
                r.value,
                InputName::MarketExpectedGrowth.range(),
                false,
            );
            i.text("reported_growth.period", &r.period, 1, MAX_LABEL_CHARS);
            i.source("reported_growth.source", &r.source);
        }
        issues.0
    }

    fn check_clients(&self, i: &mut Issues) {
        let n = self.clients.len();
        if n == 0 || n > MAX_STORY_CLIENTS {
            i.push(
                "clients",
                format!("must list 1 to {MAX_STORY_CLIENTS} clients, got {n}"),
            );
            return;
        }
        let mut seen: Vec<u32> = Vec::with_capacity(n);
        for (k, c) in self.clients.iter().enumerate() {
            let p = format!("clients[{k}]");
            if !(1..=MAX_STORY_CLIENT_ID).contains(&c.id) {
                i.push(
                    format!("{p}.id"),
                    format!("must be between 1 and {MAX_STORY_CLIENT_ID}, got {}", c.id),
                );
            } else if seen.contains(&c.id) {
                i.push(
                    format!("{p}.id"),
                    format!("{} is already the id of an earlier client", c.id),
                );
            }
            seen.push(c.id);
            i.text(&format!("{p}.name.value"), &c.name.value, 1, MAX_NAME_CHARS);
            i.source(&format!("{p}.name.source"), &c.name.source);
            for (field, name, v) in c.numbers() {
                let spec = field.spec();
                i.sourced(
                    &format!("{p}.{name}"),
                    v,
                    (spec.min, spec.max),
                    spec.integer,
                );
            }
        }
        if !self.clients.iter().any(|c| c.in_base_case) {
            i.push("clients", "at least one client must be in the base case");
        }
        match self.client(self.headline_client) {
            Some(c) if c.in_base_case && !c.own_product => {}
            _ => i.push(
                "headline_client",
                format!(
                    "must be the id of a client in the base case that is not an own product, got {}",
                    self.headline_client
                ),
            ),
        }
    }

    fn check_levers(&self, i: &mut Issues) {
        if self.levers.len() > MAX_LEVERS {
            i.push(
                "levers",
                format!(
                    "must have at most {MAX_LEVERS} levers, got {}",
                    self.levers.len()
                ),
            );
            return;
        }
        for (k, l) in self.levers.iter().enumerate() {
            let p = format!("levers[{k}]");
            i.slug(&format!("{p}.id"), &l.id);
            if self.levers.iter().take(k).any(|o| o.id == l.id) {
                i.push(format!("{p}.id"), "is the id of an earlier lever");
            }
            i.text(&format!("{p}.label"), &l.label, 1, MAX_LABEL_CHARS);
            if let Some(phrase) = &l.phrase {
                i.text(&format!("{p}.phrase"), phrase, 1, MAX_LABEL_CHARS);
            }
            let is_client_input = matches!(l.input.input(), Input::Client(_));
            match (&l.client, is_client_input) {
                (None, false) => {}
                (None, true) => i.push(
                    format!("{p}.client"),
                    "is needed for a client's input: a client id or \"headline\"",
                ),
                (Some(_), false) => i.push(
                    format!("{p}.client"),
                    "must be absent for a scenario-level input",
                ),
                (Some(ClientRef::Id(id)), true) => {
                    if self.client(*id).is_none() {
                        i.push(
                            format!("{p}.client"),
                            format!("{id} is not the id of a client of the story"),
                        );
                    }
                }
                (Some(ClientRef::Named(word)), true) => {
                    if word != "headline" {
                        i.push(
                            format!("{p}.client"),
                            format!(
                                "must be a client id or \"headline\", got \"{}\"",
                                word.chars().take(20).collect::<String>()
                            ),
                        );
                    }
                }
            }
            let [lo, hi] = l.range;
            let valid = l.input.range();
            if !(lo.is_finite() && hi.is_finite() && lo < hi && lo >= valid.0 && hi <= valid.1) {
                i.push(
                    format!("{p}.range"),
                    format!(
                        "must be two numbers, lowest first, between {} and {}, got [{}, {}]",
                        fmt_number(valid.0),
                        fmt_number(valid.1),
                        fmt_number(lo),
                        fmt_number(hi)
                    ),
                );
            }
        }
    }

    fn check_presets(&self, i: &mut Issues) {
        let n = self.presets.len();
        if n == 0 || n > MAX_PRESETS {
            i.push(
                "presets",
                format!("must have 1 to {MAX_PRESETS} presets, the base case first, got {n}"),
            );
            return;
        }
        for (k, preset) in self.presets.iter().enumerate() {
            let p = format!("presets[{k}]");
            i.slug(&format!("{p}.id"), &preset.id);
            if self.presets.iter().take(k).any(|o| o.id == preset.id) {
                i.push(format!("{p}.id"), "is the id of an earlier preset");
            }
            i.text(&format!("{p}.label"), &preset.label, 1, MAX_LABEL_CHARS);
            i.text(
                &format!("{p}.description"),
                &preset.description,
                1,
                MAX_SENTENCE_CHARS,
            );
            if let Some(title) = &preset.title {
                i.text(&format!("{p}.title"), title, 0, MAX_TITLE_CHARS);
            }
            if preset.changes.len() > MAX_PRESET_CHANGES {
                i.push(
                    format!("{p}.changes"),
                    format!("must have at most {MAX_PRESET_CHANGES} changes"),
                );
                continue;
            }
            for (j, c) in preset.changes.iter().enumerate() {
                self.check_change(i, &format!("{p}.changes[{j}]"), c);
            }
        }
        if self.presets.first().is_some_and(|p| !p.changes.is_empty()) {
            i.push(
                "presets[0].changes",
                "must be empty: the first preset is the base case",
            );
        }
    }

    fn check_change(&self, i: &mut Issues, p: &str, c: &Change) {
        match (c.add, c.remove, &c.input) {
            (Some(id), None, None) if c.client.is_none() && c.value.is_none() => {
                match self.client(id) {
                    Some(sc) if !sc.in_base_case => {}
                    Some(_) => i.push(
                        format!("{p}.add"),
                        format!("client {id} is already in the base case"),
                    ),
                    None => i.push(
                        format!("{p}.add"),
                        format!("{id} is not the id of a client of the story"),
                    ),
                }
            }
            (None, Some(id), None) if c.client.is_none() && c.value.is_none() => {
                if self.client(id).is_none() {
                    i.push(
                        format!("{p}.remove"),
                        format!("{id} is not the id of a client of the story"),
                    );
                }
            }
            (None, None, Some(input)) => {
                match (input.input(), c.client) {
                    (Input::Client(_), Some(id)) if self.client(id).is_none() => i.push(
                        format!("{p}.client"),
                        format!("{id} is not the id of a client of the story"),
                    ),
                    (Input::Client(_), None) => i.push(
                        format!("{p}.client"),
                        "is needed to set a client's input",
                    ),
                    (Input::Scenario(_), Some(_)) => i.push(
                        format!("{p}.client"),
                        "must be absent for a scenario-level input",
                    ),
                    _ => {}
                }
                match c.value {
                    Some(v) => i.number(&format!("{p}.value"), v, input.range(), input.integer()),
                    None => i.push(format!("{p}.value"), "is needed with input"),
                }
            }
            _ => i.push(
                p,
                "must be one of {\"add\": id}, {\"remove\": id} or {\"client\": id, \"input\": name, \"value\": number}",
            ),
        }
    }
}

/// A story that passed every check, with its base case: what the widget tells.
#[derive(Clone, Debug, PartialEq)]
pub struct Story {
    file: StoryFile,
    base: ValidScenario,
    levers: Vec<Lever>,
}

impl Story {
    /// Reads and checks a story (see [`parse_story`]), then builds its base case and
    /// every preset's scenario, which must be valid too.
    pub fn parse(text: &str) -> Result<Story, StoryError> {
        Story::new(parse_story(text)?)
    }

    /// Checks `file` and builds the story from it.
    pub fn new(file: StoryFile) -> Result<Story, StoryError> {
        let issues = file.check();
        if !issues.is_empty() {
            return Err(StoryError::Invalid(issues));
        }
        let invalid = |path: String, e: crate::ValidationErrors| {
            StoryError::Invalid(
                e.0.into_iter()
                    .map(|fe| StoryIssue {
                        path: path.clone(),
                        message: fe.message,
                    })
                    .collect(),
            )
        };
        let base = validate(file.base_scenario()).map_err(|e| invalid("clients".into(), e))?;
        for (k, preset) in file.presets.iter().enumerate() {
            validate(file.preset_scenario(preset))
                .map_err(|e| invalid(format!("presets[{k}].changes"), e))?;
        }
        let levers = file.levers.iter().map(|l| file.lever(l)).collect();
        Ok(Story { file, base, levers })
    }

    /// The story as written.
    pub fn file(&self) -> &StoryFile {
        &self.file
    }

    /// The base case (the first preset's scenario).
    pub fn base_case(&self) -> &ValidScenario {
        &self.base
    }

    /// The key levers, in the story's order (their specs are `file().levers`).
    pub fn levers(&self) -> &[Lever] {
        &self.levers
    }

    /// The story's client with `id` as the model's client, at the story's values.
    pub fn client(&self, id: u32) -> Option<Client> {
        self.file.client(id).map(model_client)
    }

    /// The scenario of the preset at `index`.
    pub fn preset_scenario(&self, index: usize) -> Option<Scenario> {
        self.file
            .presets
            .get(index)
            .map(|p| self.file.preset_scenario(p))
    }

    /// The index of the preset with `id` (as a link names it).
    pub fn preset_index(&self, id: &str) -> Option<usize> {
        self.file.presets.iter().position(|p| p.id == id.trim())
    }

    /// The index of the preset whose scenario `scenario` equals, if any.
    pub fn active_preset(&self, scenario: &Scenario) -> Option<usize> {
        (0..self.file.presets.len()).find(|i| self.preset_scenario(*i).as_ref() == Some(scenario))
    }

    /// The departure the stress test starts with: the client's id and the month.
    pub fn departure(&self) -> (u32, u32) {
        (self.file.departure.client, self.file.departure.month)
    }

    /// How the answer names reaching the target: the phrase with the amount filled in
    /// ("a $1B year").
    pub fn target_words(&self, target_musd: f64) -> String {
        self.file
            .target
            .phrase
            .replace("{target}", &format::fmt_musd_short(target_musd))
    }
}

/// A story client as the model's client.
fn model_client(c: &StoryClient) -> Client {
    let mut client = Client {
        id: c.id,
        name: c.name.value.clone(),
        own_product: c.own_product,
        ..Client::default()
    };
    for (field, _, v) in c.numbers() {
        field.set(&mut client, v.value);
    }
    client
}

impl StoryFile {
    /// The base case: the clients in it, in order, at the story's values.
    pub fn base_scenario(&self) -> Scenario {
        Scenario {
            schema_version: SCHEMA_VERSION,
            title: self.title.clone(),
            start: YearMonth::parse_iso(&self.start.value).unwrap_or(YearMonth {
                year: 2025,
                month: 1,
            }),
            horizon_months: self.horizon_months,
            currency: self.currency.clone(),
            target_annual_revenue_musd: self.target.annual_revenue_musd.value,
            company_annual_revenue_musd: self.company_annual_revenue_musd.as_ref().map(|c| c.value),
            market_expected_growth: self.market_expected_growth.value,
            growth_correlation: self.growth_correlation.value,
            clients: self
                .clients
                .iter()
                .filter(|c| c.in_base_case)
                .map(model_client)
                .collect(),
            simulation: self.simulation,
            headline_client_id: self.headline_client,
        }
    }

    /// The scenario of `preset`: the base case with its changes, in order.
    pub fn preset_scenario(&self, preset: &PresetSpec) -> Scenario {
        let mut s = self.base_scenario();
        if let Some(title) = &preset.title {
            s.title = title.clone();
        }
        for change in &preset.changes {
            if let Some(client) = change.add.and_then(|id| self.client(id)) {
                s.clients.push(model_client(client));
            }
            if let Some(id) = change.remove {
                s.clients.retain(|c| c.id != id);
            }
            if let (Some(input), Some(value)) = (change.input, change.value) {
                match (input.input(), change.client) {
                    (Input::Client(field), Some(id)) => {
                        if let Some(c) = s.clients.iter_mut().find(|c| c.id == id) {
                            field.set(c, value);
                        }
                    }
                    (Input::Scenario(field), _) => field.set(&mut s, value),
                    (Input::Client(_), None) => {}
                }
            }
        }
        s
    }

    /// The lever `spec` describes.
    fn lever(&self, spec: &LeverSpec) -> Lever {
        let target = match (spec.input.input(), &spec.client) {
            (Input::Scenario(field), _) => LeverTarget::Scenario(field),
            (Input::Client(field), Some(ClientRef::Id(id))) => LeverTarget::Client(*id, field),
            (Input::Client(field), _) => LeverTarget::Headline(field),
        };
        let adds = match &spec.client {
            Some(ClientRef::Id(id)) => self
                .client(*id)
                .filter(|c| !c.in_base_case)
                .map(model_client),
            _ => None,
        };
        let [lo, hi] = spec.range;
        Lever {
            target,
            range: (lo, hi),
            adds,
        }
    }
}

impl LeverSpec {
    /// The slider's label for a lever on the client called `name` in running text.
    pub fn label_for(&self, name: &str) -> String {
        fill_client(&self.label, name)
    }

    /// The lever inside a sentence: its phrase, or its label with a lower-case first
    /// letter (names left as they are).
    pub fn phrase_for(&self, name: &str) -> String {
        match &self.phrase {
            Some(p) => fill_client(p, name),
            None if self.label.starts_with("{client") => fill_client(&self.label, name),
            None => {
                let label = fill_client(&self.label, name);
                let mut chars = label.chars();
                chars.next().map_or_else(String::new, |c| {
                    c.to_ascii_lowercase().to_string() + chars.as_str()
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = include_str!("../../../stories/article.json");

    #[test]
    fn the_article_reads_and_is_valid() {
        let story = parse_story(ARTICLE).unwrap();
        assert_eq!(story.id, "article");
        assert_eq!(story.clients.len(), 7);
    }

    #[test]
    fn problems_name_their_field_and_the_accepted_range() {
        let mut story = parse_story(ARTICLE).unwrap();
        story.clients[1].monthly_spend_musd.value = -5.0;
        story.levers[0].range = [5.0, 1.0];
        story.presets[1].changes.push(Change {
            add: Some(77),
            remove: None,
            client: None,
            input: None,
            value: None,
        });
        let issues: Vec<String> = story.check().iter().map(ToString::to_string).collect();
        assert_eq!(
            issues,
            [
                "clients[1].monthly_spend_musd.value: must be between 0 and 100,000, got -5",
                "levers[0].range: must be two numbers, lowest first, between 0 and 100,000, got [5, 1]",
                "presets[1].changes[2].add: 77 is not the id of a client of the story",
            ]
        );
    }

    #[test]
    fn oversized_newer_and_mistyped_stories_are_refused_before_use() {
        let big = format!("{{\"id\": \"{}\"}}", "x".repeat(MAX_STORY_BYTES));
        assert!(matches!(parse_story(&big), Err(StoryError::TooLong(_))));
        assert!(matches!(
            parse_story("{\"story_version\": 2, \"anything\": true}"),
            Err(StoryError::NewerVersion(2))
        ));
        assert!(matches!(
            parse_story("[1, 2]"),
            Err(StoryError::Malformed(_))
        ));
        let wrong = ARTICLE.replacen("\"horizon_months\": 36", "\"horizon_months\": \"36\"", 1);
        let err = parse_story(&wrong).unwrap_err().to_string();
        assert_eq!(
            err,
            "the story could not be read: horizon_months: must be a whole number, got the text \"36\""
        );
    }

    #[test]
    fn links_are_web_links_only() {
        assert!(is_web_link("https://example.com/a"));
        assert!(is_web_link("http://example.com"));
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "https://",
            "//example.com",
            "https:///x",
            "https://exa mple.com",
            "ftp://example.com",
        ] {
            assert!(!is_web_link(bad), "{bad}");
        }
    }

    #[test]
    fn templates_fill_the_client_and_its_possessive() {
        assert_eq!(fill_client("{client's} spend", "Acme"), "Acme's spend");
        assert_eq!(fill_client("{client's} spend", "Atlas"), "Atlas' spend");
        assert_eq!(
            fill_client("Chance {client} leaves", "Acme"),
            "Chance Acme leaves"
        );
    }
}
