//! Parsing at the edge: a raw [`Scenario`] (typed by a reader, read from a URL or a
//! file) becomes a [`ValidScenario`] or a list of field-level errors a person can act on.
//!
//! Nothing is silently changed: an out-of-range value is reported, not clamped, so the
//! widget can keep what the reader typed and show the message beside it.

use crate::fields::{FieldSpec, Unit, MAX_NAME_CHARS, MAX_TITLE_CHARS};
use crate::format::{fmt_musd, fmt_number, fmt_pct};
use crate::scenario::{Client, ClientField, Scenario, ScenarioField, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Most clients a scenario may have.
pub const MAX_CLIENTS: usize = 50;
/// Fewest and most Monte Carlo runs.
pub const RUNS_RANGE: (u32, u32) = (100, 100_000);
/// Longest horizon, months.
pub const MAX_HORIZON_MONTHS: u32 = 120;
/// Largest scenario text accepted for parsing, bytes. Larger input is refused before
/// it is decoded.
pub const MAX_SCENARIO_BYTES: usize = 64 * 1024;

/// Which input an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FieldPath {
    /// A scenario-level input.
    Scenario(ScenarioField),
    /// An input of the client at this index.
    Client(usize, ClientField),
}

/// One problem with one input, with a message a reader can act on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    /// The input concerned.
    pub field: FieldPath,
    /// For example "Acme: annual probability of leaving must be between 0% and 100%, got 140%".
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every problem found in a scenario (never empty).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; "))]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// The message for one input, if it has a problem.
    pub fn for_field(&self, field: FieldPath) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// A scenario whose every input is finite and in range. Only [`validate`] makes one,
/// so every computation can rely on it.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidScenario(Scenario);

impl ValidScenario {
    /// The validated inputs.
    pub fn get(&self) -> &Scenario {
        &self.0
    }

    /// The inputs, for editing (validate again afterwards).
    pub fn into_inner(self) -> Scenario {
        self.0
    }

    /// The article's base case, for the crate's own tests.
    #[cfg(test)]
    pub fn article_base_case() -> ValidScenario {
        crate::test_story::article().base_case().clone()
    }

    /// Horizon in months (1–120).
    pub fn horizon(&self) -> u32 {
        self.0.horizon_months
    }
}

struct Check<'a> {
    errors: Vec<FieldError>,
    prefix: &'a str,
}

fn show(v: f64, unit: Unit) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            "not a number".to_string()
        } else {
            "infinity".to_string()
        };
    }
    match unit {
        Unit::Percent => fmt_pct(v),
        Unit::Money => fmt_musd(v),
        Unit::Months | Unit::Count | Unit::Ratio => fmt_number(v),
    }
}

impl Check<'_> {
    fn spec(&mut self, field: FieldPath, label: &str, v: f64, spec: FieldSpec) {
        self.range(field, label, v, spec.min, spec.max, spec.unit);
    }

    fn range(&mut self, field: FieldPath, label: &str, v: f64, lo: f64, hi: f64, unit: Unit) {
        if !(v.is_finite() && v >= lo && v <= hi) {
            let suffix = match unit {
                Unit::Months => " months",
                _ => "",
            };
            self.errors.push(FieldError {
                field,
                message: format!(
                    "{}{label} must be between {}{suffix} and {}{suffix}, got {}",
                    self.prefix,
                    show(lo, unit),
                    show(hi, unit),
                    show(v, unit)
                ),
            });
        }
    }
}

/// Checks every input of `scenario` and returns it as a [`ValidScenario`], or every
/// problem found, each naming its input and the accepted range.
///
/// Ranges are those of the table in [`crate::fields`]: horizon 12–120 months; target
/// more than $0M and at most $10,000,000M a year; company revenue, when given, at most
/// $100,000,000M; market growth −99% to 1,000%; growth correlation 0–1; 1–50 clients
/// with non-empty names of at most 60 characters; spend $0–100,000M a month; growth
/// −99% to 1,000%; volatility 0–300%; first month 0–120; ramp 0–60 months; leave
/// probability 0–100%; wind-down 0–36 months; share kept 0–100%; 1–100,000 customers;
/// 100–100,000 runs. A scenario whose clients spend nothing is accepted (the results
/// show zero revenue).
///
/// The one thing validation fills in is identity: a client without an id (0) or with
/// an id an earlier client already has gets the next free one
/// ([`Scenario::next_client_id`]).
pub fn validate(scenario: Scenario) -> Result<ValidScenario, ValidationErrors> {
    let mut check = Check {
        errors: Vec::new(),
        prefix: "",
    };
    let s = &scenario;
    let scenario_spec = |f: ScenarioField| f.spec();
    if let Some(spec) = scenario_spec(ScenarioField::HorizonMonths) {
        check.spec(
            FieldPath::Scenario(ScenarioField::HorizonMonths),
            "The horizon",
            f64::from(s.horizon_months),
            spec,
        );
    }
    if !(s.target_annual_revenue_musd.is_finite()
        && s.target_annual_revenue_musd > 0.0
        && s.target_annual_revenue_musd <= 1e7)
    {
        check.errors.push(FieldError {
            field: FieldPath::Scenario(ScenarioField::TargetAnnualRevenue),
            message: format!(
                "The target must be more than $0M and at most $10,000,000M a year, got {}",
                show(s.target_annual_revenue_musd, Unit::Money)
            ),
        });
    }
    if let Some(c) = s.company_annual_revenue_musd {
        if !(c.is_finite() && c > 0.0 && c <= 1e8) {
            check.errors.push(FieldError {
                field: FieldPath::Scenario(ScenarioField::CompanyAnnualRevenue),
                message: format!(
                    "The company's annual revenue must be more than $0M and at most $100,000,000M, got {}",
                    show(c, Unit::Money)
                ),
            });
        }
    }
    if let Some(spec) = scenario_spec(ScenarioField::MarketExpectedGrowth) {
        check.spec(
            FieldPath::Scenario(ScenarioField::MarketExpectedGrowth),
            "The market's expected growth",
            s.market_expected_growth,
            spec,
        );
    }
    if let Some(spec) = scenario_spec(ScenarioField::GrowthCorrelation) {
        check.spec(
            FieldPath::Scenario(ScenarioField::GrowthCorrelation),
            "The correlation of the clients' growth",
            s.growth_correlation,
            spec,
        );
    }
    if s.title.chars().count() > MAX_TITLE_CHARS {
        check.errors.push(FieldError {
            field: FieldPath::Scenario(ScenarioField::Title),
            message: format!(
                "The title must be at most {MAX_TITLE_CHARS} characters, got {}",
                s.title.chars().count()
            ),
        });
    }
    if s.clients.is_empty() || s.clients.len() > MAX_CLIENTS {
        check.errors.push(FieldError {
            field: FieldPath::Scenario(ScenarioField::Clients),
            message: format!(
                "A scenario needs between 1 and {MAX_CLIENTS} clients, got {}",
                s.clients.len()
            ),
        });
    }
    let (lo_runs, hi_runs) = RUNS_RANGE;
    if !(lo_runs..=hi_runs).contains(&s.simulation.runs) {
        check.errors.push(FieldError {
            field: FieldPath::Scenario(ScenarioField::Runs),
            message: format!(
                "The number of runs must be between {} and {}, got {}",
                fmt_number(f64::from(lo_runs)),
                fmt_number(f64::from(hi_runs)),
                fmt_number(f64::from(s.simulation.runs))
            ),
        });
    }
    // Only look at clients when their number is sane: a 10,000-client input gets one message, not 10,000.
    if s.clients.len() <= MAX_CLIENTS {
        for (i, c) in s.clients.iter().enumerate() {
            check_client(&mut check, i, c);
        }
    }
    if check.errors.is_empty() {
        let mut scenario = scenario;
        scenario.schema_version = SCHEMA_VERSION;
        assign_ids(&mut scenario);
        Ok(ValidScenario(scenario))
    } else {
        Err(ValidationErrors(check.errors))
    }
}

/// Gives every client without an id, or with an id an earlier client has, a new one.
pub fn assign_ids(scenario: &mut Scenario) {
    let mut seen: Vec<u32> = Vec::with_capacity(scenario.clients.len());
    let mut next = scenario.next_client_id();
    for c in &mut scenario.clients {
        if c.id == 0 || seen.contains(&c.id) {
            // Ids near u32::MAX (from a link) leave no room above them: take the
            // smallest free id from the reader's range instead.
            if seen.contains(&next) || next == u32::MAX && seen.contains(&u32::MAX) {
                next = crate::scenario::FIRST_FREE_ID;
            }
            while seen.contains(&next) {
                next = next.saturating_add(1);
            }
            c.id = next;
            next = next.saturating_add(1);
        }
        seen.push(c.id);
    }
}

fn check_client(outer: &mut Check<'_>, index: usize, c: &Client) {
    let name = c.name.trim();
    let prefix = if name.is_empty() {
        format!("Client {}: ", index + 1)
    } else {
        format!("{name}: ")
    };
    let mut check = Check {
        errors: Vec::new(),
        prefix: &prefix,
    };
    let path = |f| FieldPath::Client(index, f);
    if name.is_empty() || c.name.chars().count() > MAX_NAME_CHARS {
        check.errors.push(FieldError {
            field: path(ClientField::Name),
            message: format!("{prefix}the name must have 1 to {MAX_NAME_CHARS} characters"),
        });
    }
    for field in ClientField::ALL {
        if field == ClientField::Name {
            continue;
        }
        let spec = field.spec();
        check.spec(path(field), spec.label, field.value(c), spec);
    }
    outer.errors.extend(check.errors);
}

/// Why a scenario text could not be read.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ParseError {
    /// The text is longer than [`MAX_SCENARIO_BYTES`]; it was not decoded.
    #[error("The scenario is {0} bytes long; at most {MAX_SCENARIO_BYTES} are accepted")]
    TooLong(usize),
    /// The text is not a scenario (bad JSON, wrong types).
    #[error("The scenario could not be read: {0}")]
    Malformed(String),
    /// The scenario was written by a newer version of the widget.
    #[error("The scenario has format version {0}, newer than this widget's {SCHEMA_VERSION}")]
    NewerVersion(u32),
    /// The scenario was read but some inputs are invalid.
    #[error("{0}")]
    Invalid(ValidationErrors),
}

/// Reads a raw scenario from JSON over `base`: caps the size before decoding, and fills
/// every scenario field the text lacks with `base`'s (a missing client field with a new
/// client's). Not validated.
pub fn scenario_over(text: &str, base: &Scenario) -> Result<Scenario, ParseError> {
    if text.len() > MAX_SCENARIO_BYTES {
        return Err(ParseError::TooLong(text.len()));
    }
    // serde would also read a struct from a JSON array; a scenario is an object.
    if !text.trim_start().starts_with('{') {
        return Err(ParseError::Malformed(
            "a scenario is a JSON object".to_string(),
        ));
    }
    let given: ScenarioPatch =
        serde_json::from_str(text).map_err(|e| ParseError::Malformed(e.to_string()))?;
    Ok(given.over(base))
}

/// A scenario as a file may hold it, every field optional: what it has replaces the
/// base's (one struct's fields, not a JSON tree, so the widget stays small).
#[derive(Deserialize)]
struct ScenarioPatch {
    schema_version: Option<u32>,
    title: Option<String>,
    start: Option<crate::scenario::YearMonth>,
    horizon_months: Option<u32>,
    currency: Option<String>,
    target_annual_revenue_musd: Option<f64>,
    /// Absent: the base's; `null`: none.
    #[serde(default, deserialize_with = "present")]
    company_annual_revenue_musd: Option<Option<f64>>,
    market_expected_growth: Option<f64>,
    growth_correlation: Option<f64>,
    clients: Option<Vec<Client>>,
    simulation: Option<crate::scenario::SimulationSettings>,
    headline_client_id: Option<u32>,
}

/// A field that is present, even as `null`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<f64>>, D::Error> {
    Option::<f64>::deserialize(d).map(Some)
}

impl ScenarioPatch {
    fn over(self, base: &Scenario) -> Scenario {
        let base = base.clone();
        Scenario {
            // A file without a version is read as the current format, as before.
            schema_version: self.schema_version.unwrap_or(SCHEMA_VERSION),
            title: self.title.unwrap_or(base.title),
            start: self.start.unwrap_or(base.start),
            horizon_months: self.horizon_months.unwrap_or(base.horizon_months),
            currency: self.currency.unwrap_or(base.currency),
            target_annual_revenue_musd: self
                .target_annual_revenue_musd
                .unwrap_or(base.target_annual_revenue_musd),
            company_annual_revenue_musd: self
                .company_annual_revenue_musd
                .unwrap_or(base.company_annual_revenue_musd),
            market_expected_growth: self
                .market_expected_growth
                .unwrap_or(base.market_expected_growth),
            growth_correlation: self.growth_correlation.unwrap_or(base.growth_correlation),
            clients: self.clients.unwrap_or(base.clients),
            simulation: self.simulation.unwrap_or(base.simulation),
            headline_client_id: self.headline_client_id.unwrap_or(base.headline_client_id),
        }
    }
}

/// Reads a scenario from JSON: caps the size before decoding, reads older format
/// versions (version 0 had no version field and named the spend `monthly_spend` and the
/// leave probability `churn`; serde aliases read them; see [`migrate`]), fills missing
/// fields with `base`'s values (the story's base case; a missing client field with a new
/// client's), refuses newer versions, and validates.
pub fn parse_scenario_json(text: &str, base: &Scenario) -> Result<ValidScenario, ParseError> {
    let scenario = scenario_over(text, base)?;
    if scenario.schema_version > SCHEMA_VERSION {
        return Err(ParseError::NewerVersion(scenario.schema_version));
    }
    validate(migrate(scenario)).map_err(ParseError::Invalid)
}

/// Brings a scenario of an older format to this one: formats 0 and 1 had no client
/// ids, so when no client has one they get ids 1, 2, … in order (the presets' order,
/// so a preset saved by an older version keeps its tags).
pub fn migrate(mut scenario: Scenario) -> Scenario {
    if scenario.schema_version < 2 || scenario.clients.iter().all(|c| c.id == 0) {
        for (c, id) in scenario.clients.iter_mut().zip(1u32..) {
            c.id = id;
        }
    }
    scenario
}

/// The scenario as pretty JSON, for export.
pub fn to_json(scenario: &ValidScenario) -> String {
    serde_json::to_string_pretty(scenario.get()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article_base_case() -> Scenario {
        ValidScenario::article_base_case().into_inner()
    }

    fn parse(text: &str) -> Result<ValidScenario, ParseError> {
        parse_scenario_json(text, &article_base_case())
    }

    #[test]
    fn base_case_is_valid() {
        assert_eq!(
            validate(article_base_case()),
            Ok(ValidScenario::article_base_case())
        );
        assert_eq!(validate(Scenario::default()).map(|_| ()), Ok(()));
    }

    #[test]
    fn messages_name_the_client_the_field_and_the_value() {
        let mut s = article_base_case();
        s.clients[1].name = "Walmart".to_string();
        s.clients[1].annual_leave_probability = 1.4;
        s.clients[0].monthly_spend_musd = f64::NAN;
        let errors = validate(s).unwrap_err();
        assert_eq!(
            errors.for_field(FieldPath::Client(1, ClientField::AnnualLeaveProbability)),
            Some("Walmart: annual probability of leaving must be between 0% and 100%, got 140%")
        );
        assert_eq!(
            errors.for_field(FieldPath::Client(0, ClientField::MonthlySpend)),
            Some("TikTok (ByteDance): monthly spend must be between $0M and $100,000M, got not a number")
        );
    }

    #[test]
    fn absurd_sizes_are_rejected_with_one_message_each() {
        let mut s = article_base_case();
        s.simulation.runs = 10_000_000;
        s.clients = vec![Client::default(); 10_000];
        s.target_annual_revenue_musd = 1e308;
        let errors = validate(s).unwrap_err();
        assert_eq!(errors.0.len(), 3, "{errors}");
    }

    #[test]
    fn parsing_caps_size_migrates_and_rejects_newer_versions() {
        let huge = " ".repeat(MAX_SCENARIO_BYTES + 1);
        assert!(matches!(parse(&huge), Err(ParseError::TooLong(_))));
        assert!(matches!(
            parse("{\"schema_version\": 99}"),
            Err(ParseError::NewerVersion(99))
        ));
        assert!(matches!(parse("[1,2"), Err(ParseError::Malformed(_))));
        assert!(matches!(parse("[]"), Err(ParseError::Malformed(_))));
        assert!(matches!(parse("null"), Err(ParseError::Malformed(_))));
        let old = r#"{"clients":[{"name":"A","monthly_spend":5,"churn":0.5}]}"#;
        let s = parse(old).unwrap();
        assert_eq!(s.get().clients[0].monthly_spend_musd, 5.0);
        assert_eq!(s.get().clients[0].annual_leave_probability, 0.5);
        let round = parse(&to_json(&validate(article_base_case()).unwrap())).unwrap();
        assert_eq!(round.get(), &article_base_case());
    }
}
