//! The scenario as a short, readable, versioned text for page URLs:
//! `2~Title~2024-08~36~1000~245122~0.31~0.3~10000~2024~1*Client*20*0*0.2*0*0*0.25*6*0*1*0~…`.
//!
//! Fields are separated by `~`, a client's fields by `*`; text is percent-encoded (space
//! as `+`) and numbers are written in their shortest exact form, so a scenario reads back
//! bit for bit. Fields, in order: format version, title, start month, horizon, target,
//! company revenue (empty for none), market growth, growth correlation, runs, seed, then
//! one entry per client: id, name, monthly spend, growth, volatility, first month, ramp,
//! leave probability, wind-down, share kept after leaving, customers, own product (1 or
//! 0). Format 1 links (no correlation, no ids, no share kept, no own products) are still
//! read: their clients get ids 1, 2, … in order. A 10-client scenario takes well under
//! 1,500 characters.
//!
//! Reading never fails: [`decode`] keeps what it can read, puts the base case's value
//! where a field is missing or unreadable, and lists what it ignored; [`repair`] then
//! turns the result into the nearest valid scenario.

use crate::format::fmt_number;
use crate::scenario::{Client, ClientField, Scenario, YearMonth};
use crate::validate::{validate, FieldPath, ValidScenario, MAX_CLIENTS};

/// Version of the URL format written by [`encode`].
pub const SHARE_VERSION: u32 = 2;
/// Longest text [`decode`] reads; anything longer is ignored before decoding.
pub const MAX_SHARE_CHARS: usize = 16 * 1024;

fn is_plain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'(' | b')' | b'\'' | b',')
}

/// Percent-encodes text for a URL fragment: letters, digits and `-._(),'` stay, a space
/// becomes `+`, every other byte becomes `%XX`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if is_plain(b) {
            out.push(char::from(b));
        } else if b == b' ' {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reverses [`escape`]; `None` for a malformed escape or invalid UTF-8.
pub fn unescape(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn number(v: f64) -> String {
    // Rust's shortest representation reads back to the same f64.
    format!("{v}")
}

/// The scenario as URL text.
pub fn encode(scenario: &Scenario) -> String {
    let mut fields = vec![
        SHARE_VERSION.to_string(),
        escape(&scenario.title),
        scenario.start.iso(),
        scenario.horizon_months.to_string(),
        number(scenario.target_annual_revenue_musd),
        scenario
            .company_annual_revenue_musd
            .map(number)
            .unwrap_or_default(),
        number(scenario.market_expected_growth),
        number(scenario.growth_correlation),
        scenario.simulation.runs.to_string(),
        scenario.simulation.seed.to_string(),
    ];
    for c in &scenario.clients {
        fields.push(
            [
                c.id.to_string(),
                escape(&c.name),
                number(c.monthly_spend_musd),
                number(c.annual_growth),
                number(c.growth_volatility),
                c.first_month.to_string(),
                c.ramp_months.to_string(),
                number(c.annual_leave_probability),
                c.wind_down_months.to_string(),
                number(c.kept_share),
                c.customers.to_string(),
                u8::from(c.own_product).to_string(),
            ]
            .join("*"),
        );
    }
    fields.join("~")
}

/// A scenario read from URL text, with what had to be ignored.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The scenario (not yet validated).
    pub scenario: Scenario,
    /// One sentence per thing ignored.
    pub ignored: Vec<String>,
}

struct Reader<'a> {
    ignored: &'a mut Vec<String>,
}

impl Reader<'_> {
    fn float(&mut self, text: Option<&str>, what: &str, default: f64) -> f64 {
        match text.map(str::trim) {
            Some(t) => match t.parse::<f64>() {
                Ok(v) if v.is_finite() => v,
                _ => {
                    self.ignored
                        .push(format!("{what}: \"{}\" is not a number", shorten(t)));
                    default
                }
            },
            None => {
                self.ignored.push(format!("{what}: missing"));
                default
            }
        }
    }

    fn whole(&mut self, text: Option<&str>, what: &str, default: u64) -> u64 {
        match text.map(str::trim) {
            Some(t) => t.parse::<u64>().unwrap_or_else(|_| {
                self.ignored
                    .push(format!("{what}: \"{}\" is not a whole number", shorten(t)));
                default
            }),
            None => {
                self.ignored.push(format!("{what}: missing"));
                default
            }
        }
    }

    fn small(&mut self, text: Option<&str>, what: &str, default: u32) -> u32 {
        let v = self.whole(text, what, u64::from(default));
        u32::try_from(v).unwrap_or_else(|_| {
            self.ignored.push(format!("{what}: {v} is far too large"));
            default
        })
    }
}

fn shorten(text: &str) -> String {
    let mut s: String = text.chars().take(24).collect();
    if text.chars().count() > 24 {
        s.push('…');
    }
    s
}

/// Reads URL text written by [`encode`]. Never fails: unreadable parts are replaced by
/// `base`'s values (the story's base case) and listed in [`Decoded::ignored`].
pub fn decode(text: &str, base: &Scenario) -> Decoded {
    let base = base.clone();
    let mut ignored = Vec::new();
    if text.len() > MAX_SHARE_CHARS {
        ignored.push(format!(
            "the scenario in the link is {} characters long (at most {MAX_SHARE_CHARS} are read)",
            text.len()
        ));
        return Decoded {
            scenario: base,
            ignored,
        };
    }
    let mut parts = text.split('~');
    let version = parts.next().unwrap_or_default();
    let legacy = version == "1";
    if !legacy && version != SHARE_VERSION.to_string() {
        ignored.push(format!(
            "the scenario in the link has an unknown format (\"{}\")",
            shorten(version)
        ));
        return Decoded {
            scenario: base,
            ignored,
        };
    }
    let mut r = Reader {
        ignored: &mut ignored,
    };
    let title = match parts.next().map(unescape) {
        Some(Some(t)) => t,
        _ => {
            r.ignored.push("title: unreadable".to_string());
            base.title.clone()
        }
    };
    let start = match parts.next() {
        Some(t) => YearMonth::parse_iso(t).unwrap_or_else(|| {
            r.ignored.push(format!(
                "start month: \"{}\" is not a month like 2024-08",
                shorten(t)
            ));
            base.start
        }),
        None => base.start,
    };
    let horizon_months = r.small(parts.next(), "horizon", base.horizon_months);
    let target = r.float(parts.next(), "target", base.target_annual_revenue_musd);
    let company = match parts.next().map(str::trim) {
        Some("") => None,
        other => Some(r.float(
            other,
            "company revenue",
            base.company_annual_revenue_musd.unwrap_or(245_000.0),
        )),
    };
    let market = r.float(parts.next(), "market growth", base.market_expected_growth);
    let correlation = if legacy {
        base.growth_correlation
    } else {
        r.float(parts.next(), "growth correlation", base.growth_correlation)
    };
    let runs = r.small(parts.next(), "runs", base.simulation.runs);
    let seed = r.whole(parts.next(), "seed", base.simulation.seed);
    let mut clients = Vec::new();
    for (i, entry) in parts.enumerate() {
        if clients.len() >= MAX_CLIENTS {
            r.ignored
                .push(format!("clients after the first {MAX_CLIENTS}"));
            break;
        }
        let what = |field: &str| format!("client {}: {field}", i + 1);
        let mut f = entry.split('*');
        let defaults = Client::default();
        let id = if legacy {
            u32::try_from(i + 1).unwrap_or(0)
        } else {
            r.small(f.next(), &what("id"), 0)
        };
        let name = match f.next().map(unescape) {
            Some(Some(n)) if !n.trim().is_empty() => n,
            _ => {
                r.ignored.push(what("name unreadable"));
                format!("Client {}", i + 1)
            }
        };
        let mut client = Client {
            id,
            monthly_spend_musd: r.float(
                f.next(),
                &what("monthly spend"),
                defaults.monthly_spend_musd,
            ),
            annual_growth: r.float(f.next(), &what("growth"), defaults.annual_growth),
            growth_volatility: r.float(f.next(), &what("volatility"), defaults.growth_volatility),
            first_month: r.small(f.next(), &what("first month"), defaults.first_month),
            ramp_months: r.small(f.next(), &what("ramp-up"), defaults.ramp_months),
            annual_leave_probability: r.float(
                f.next(),
                &what("probability of leaving"),
                defaults.annual_leave_probability,
            ),
            wind_down_months: r.small(f.next(), &what("wind-down"), defaults.wind_down_months),
            name,
            ..defaults.clone()
        };
        if !legacy {
            client.kept_share = r.float(f.next(), &what("share kept"), defaults.kept_share);
        }
        client.customers = r.small(f.next(), &what("customers"), defaults.customers);
        if !legacy {
            client.own_product = match f.next().map(str::trim) {
                Some("1") => true,
                Some("0") => false,
                Some(other) => {
                    r.ignored.push(format!(
                        "{}: \"{}\" is not 0 or 1",
                        what("own product"),
                        shorten(other)
                    ));
                    false
                }
                None => {
                    r.ignored.push(format!("{}: missing", what("own product")));
                    false
                }
            };
        }
        clients.push(client);
    }
    if clients.is_empty() {
        ignored.push("the link has no clients; using the story's".to_string());
        clients = base.clients.clone();
    }
    Decoded {
        scenario: Scenario {
            schema_version: base.schema_version,
            title,
            start,
            horizon_months,
            currency: base.currency.clone(),
            target_annual_revenue_musd: target,
            company_annual_revenue_musd: company,
            market_expected_growth: market,
            growth_correlation: correlation,
            clients,
            simulation: crate::scenario::SimulationSettings { runs, seed },
            headline_client_id: base.headline_client_id,
        },
        ignored,
    }
}

/// The nearest valid scenario to `scenario`: every input that fails validation is put
/// back to the base case's value (`base`, the story's; a client's to a new client's
/// default), and each change is listed. A scenario that still fails becomes the base case.
pub fn repair(scenario: Scenario, base: &ValidScenario) -> (ValidScenario, Vec<String>) {
    let valid_base = base;
    let base = base.get().clone();
    let mut notes = Vec::new();
    let mut s = scenario;
    if s.clients.len() > MAX_CLIENTS {
        notes.push(format!(
            "only the first {MAX_CLIENTS} of {} clients were kept",
            s.clients.len()
        ));
        s.clients.truncate(MAX_CLIENTS);
    }
    if s.clients.is_empty() {
        notes.push("the scenario had no clients; the story's were used".to_string());
        s.clients = base.clients.clone();
    }
    let errors = match validate(s.clone()) {
        Ok(valid) => return (valid, notes),
        Err(e) => e,
    };
    for error in &errors.0 {
        notes.push(format!("{} (reset)", error.message));
        match error.field {
            FieldPath::Scenario(field) => reset_scenario_field(&mut s, &base, field),
            FieldPath::Client(i, field) => {
                if let Some(c) = s.clients.get_mut(i) {
                    reset_client_field(c, field, i);
                }
            }
        }
    }
    match validate(s) {
        Ok(valid) => (valid, notes),
        Err(_) => {
            notes.push(
                "the scenario could not be repaired; showing the story's base case".to_string(),
            );
            (valid_base.clone(), notes)
        }
    }
}

fn reset_scenario_field(s: &mut Scenario, base: &Scenario, field: crate::scenario::ScenarioField) {
    use crate::scenario::ScenarioField as F;
    match field {
        F::Title => s.title = base.title.clone(),
        F::Start => s.start = base.start,
        F::HorizonMonths => s.horizon_months = base.horizon_months,
        F::TargetAnnualRevenue => s.target_annual_revenue_musd = base.target_annual_revenue_musd,
        F::CompanyAnnualRevenue => s.company_annual_revenue_musd = base.company_annual_revenue_musd,
        F::MarketExpectedGrowth => s.market_expected_growth = base.market_expected_growth,
        F::GrowthCorrelation => s.growth_correlation = base.growth_correlation,
        F::Clients => s.clients = base.clients.clone(),
        F::Runs => s.simulation.runs = base.simulation.runs,
        F::Seed => s.simulation.seed = base.simulation.seed,
    }
}

fn reset_client_field(c: &mut Client, field: ClientField, index: usize) {
    let d = Client::default();
    match field {
        ClientField::Name => {
            let trimmed: String = c.name.trim().chars().take(60).collect();
            c.name = if trimmed.is_empty() {
                format!("Client {}", index + 1)
            } else {
                trimmed
            };
        }
        other => other.set(c, other.value(&d)),
    }
}

/// Reads a scenario from JSON (a file, local storage): a valid one as it is; one with
/// invalid inputs repaired to the nearest valid scenario, with what was reset; anything
/// unreadable (too long, not a scenario, a newer format) is an error.
pub fn scenario_from_json(
    text: &str,
    base: &ValidScenario,
) -> Result<(ValidScenario, Vec<String>), crate::validate::ParseError> {
    use crate::validate::{parse_scenario_json, scenario_over, ParseError};
    match parse_scenario_json(text, base.get()) {
        Ok(valid) => Ok((valid, Vec::new())),
        Err(ParseError::Invalid(errors)) => match scenario_over(text, base.get()) {
            Ok(raw) => Ok(repair(raw, base)),
            Err(_) => Err(ParseError::Invalid(errors)),
        },
        Err(e) => Err(e),
    }
}

/// "2 things in the link were ignored: …" for a notice, or `None` when nothing was.
pub fn describe_ignored(source: &str, ignored: &[String]) -> Option<String> {
    match ignored {
        [] => None,
        [one] => Some(format!("One thing in the {source} was ignored: {one}.")),
        many => Some(format!(
            "{} things in the {source} were ignored: {}.",
            fmt_number(many.len() as f64),
            many.iter().take(4).cloned().collect::<Vec<_>>().join("; ")
                + if many.len() > 4 { "; …" } else { "" }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_story::article;

    fn article_base_case() -> Scenario {
        article().base_case().get().clone()
    }

    fn diversified() -> Scenario {
        let story = article();
        story
            .preset_scenario(story.preset_index("diversified").unwrap())
            .unwrap()
    }

    fn decode(text: &str) -> Decoded {
        super::decode(text, &article_base_case())
    }

    fn repair(s: Scenario) -> (ValidScenario, Vec<String>) {
        super::repair(s, article().base_case())
    }

    #[test]
    fn every_preset_round_trips_exactly() {
        let story = article();
        for i in 0..story.file().presets.len() {
            let s = story.preset_scenario(i).unwrap();
            let d = decode(&encode(&s));
            assert!(d.ignored.is_empty(), "{:?}", d.ignored);
            assert_eq!(d.scenario, s);
        }
    }

    #[test]
    fn ten_clients_fit_in_1500_characters() {
        let mut s = diversified();
        while s.clients.len() < 10 {
            let mut c = s.clients[2].clone();
            c.name = format!("Prospect number {}", s.clients.len());
            c.monthly_spend_musd = 1.234_567;
            s.clients.push(c);
        }
        let text = encode(&s);
        assert!(text.len() < 1500, "{} characters", text.len());
        assert_eq!(decode(&text).scenario, s);
    }

    #[test]
    fn names_with_any_characters_survive() {
        let mut s = article_base_case();
        s.clients[0].name = "Ünïcødé ~*%+ & \"quotes\" 字节跳动".to_string();
        assert_eq!(decode(&encode(&s)).scenario, s);
    }

    #[test]
    fn hostile_text_is_read_as_far_as_possible() {
        let d = decode("2~T~2024-08~36~abc~~0.31~0.3~10000~2024~7*A*5*x");
        assert!(d.ignored.iter().any(|i| i.contains("target")));
        assert!(d.ignored.iter().any(|i| i.contains("client 1: growth")));
        assert_eq!(d.scenario.clients[0].monthly_spend_musd, 5.0);
        assert_eq!(d.scenario.company_annual_revenue_musd, None);
        assert_eq!(decode("9~x").ignored.len(), 1);
        assert_eq!(decode(&"1~".repeat(20_000)).scenario, article_base_case());
        assert_eq!(decode("").scenario, article_base_case());
    }

    #[test]
    fn format_1_links_still_read_with_ids_in_order() {
        let d = decode("1~T~2024-08~36~1000~245000~0.31~10000~2024~TikTok*20*0*0.2*0*0*0.25*6*1~B*60*0.15*0.15*0*0*0.05*3*100");
        assert!(d.ignored.is_empty(), "{:?}", d.ignored);
        assert_eq!(d.scenario.clients[0].id, 1);
        assert_eq!(d.scenario.clients[1].id, 2);
        assert_eq!(d.scenario.clients[1].customers, 100);
        assert_eq!(d.scenario.clients[1].kept_share, 0.0);
        assert_eq!(
            d.scenario.growth_correlation,
            article_base_case().growth_correlation
        );
    }

    #[test]
    fn repair_resets_only_what_is_invalid() {
        let mut s = article_base_case();
        s.clients[1].annual_leave_probability = 1.4;
        s.simulation.runs = 10_000_000;
        let (valid, notes) = repair(s);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!(
            valid.get().clients[1].annual_leave_probability,
            Client::default().annual_leave_probability
        );
        assert_eq!(valid.get().simulation.runs, 10_000);
        assert_eq!(valid.get().clients[0].monthly_spend_musd, 20.0);
    }
}
