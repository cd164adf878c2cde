//! The inputs: a [`Scenario`] of clients and settings, as a reader edits it, stored
//! in URLs and files (serde, with a schema version).

use serde::{Deserialize, Serialize};

/// The version of the scenario format written by this build. Older versions are
/// migrated when read; see [`crate::validate::parse_scenario_json`].
pub const SCHEMA_VERSION: u32 = 2;

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct YearMonth {
    /// Calendar year, 1900–2200.
    pub year: i32,
    /// Month of the year, 1–12.
    pub month: u32,
}

const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl YearMonth {
    /// The month `n` months after this one.
    pub fn plus_months(self, n: u32) -> YearMonth {
        let index =
            i64::from(self.year) * 12 + i64::from(self.month.clamp(1, 12)) - 1 + i64::from(n);
        YearMonth {
            year: i32::try_from(index.div_euclid(12)).unwrap_or(i32::MAX),
            month: u32::try_from(index.rem_euclid(12) + 1).unwrap_or(1),
        }
    }

    /// "2024-08".
    pub fn iso(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// "Aug 2024".
    pub fn label(self) -> String {
        let name = MONTH_NAMES
            .get(self.month.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("?");
        format!("{name} {}", self.year)
    }

    /// Parses "2024-08".
    pub fn parse_iso(text: &str) -> Option<YearMonth> {
        let (y, m) = text.trim().split_once('-')?;
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        ((1900..=2200).contains(&year) && (1..=12).contains(&month))
            .then_some(YearMonth { year, month })
    }
}

/// One client of the AI services, or a group of equal clients.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Client {
    /// Stable identity within the scenario (links, cards and random streams are keyed
    /// by it), 1 or more; 0 means "not yet assigned" and [`crate::validate`] assigns one.
    pub id: u32,
    /// Display name, 1–60 characters.
    pub name: String,
    /// Whether this is the business's own product rather than a client: its revenue counts, but it is no customer, so it adds nothing to
    /// concentration and never leaves.
    pub own_product: bool,
    /// Monthly spend at full ramp in the start month, $M per month, 0–100,000.
    /// (Format version 0 called it `monthly_spend`.)
    #[serde(alias = "monthly_spend")]
    pub monthly_spend_musd: f64,
    /// Expected annual growth of the spend, as a fraction (0.15 = 15% a year), −0.99 to 10.
    pub annual_growth: f64,
    /// Volatility of the growth: annual standard deviation of log-growth, 0–3.
    pub growth_volatility: f64,
    /// First month the client spends: 0 = already a client; later for prospects. 0–120.
    pub first_month: u32,
    /// Months to ramp up to full spend from the first month, linearly; 0 = at once. 0–60.
    pub ramp_months: u32,
    /// Probability that the client leaves within a year, 0–1.
    /// (Format version 0 called it `churn`.)
    #[serde(alias = "churn")]
    pub annual_leave_probability: f64,
    /// Months the spend takes to wind down once the client leaves, 0–36.
    pub wind_down_months: u32,
    /// Share of its spend the client keeps after leaving, 0–1 (0 = leaves completely;
    /// 0.5 = moves half of its work elsewhere).
    pub kept_share: f64,
    /// How many equal customers this entry stands for (1 for one company, many for a
    /// lumped group), so concentration is measured per customer. 1–100,000.
    pub customers: u32,
}

impl Default for Client {
    fn default() -> Self {
        Client {
            id: 0,
            name: "New client".to_string(),
            own_product: false,
            monthly_spend_musd: 1.0,
            annual_growth: 0.10,
            growth_volatility: 0.20,
            first_month: 0,
            ramp_months: 0,
            annual_leave_probability: 0.05,
            wind_down_months: 3,
            kept_share: 0.0,
            customers: 1,
        }
    }
}

/// Monte Carlo settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SimulationSettings {
    /// Number of simulated paths, 100–100,000.
    pub runs: u32,
    /// Seed of the random generator: the same seed gives the same result everywhere.
    pub seed: u64,
}

impl Default for SimulationSettings {
    fn default() -> Self {
        SimulationSettings {
            runs: 10_000,
            seed: 2024,
        }
    }
}

/// Everything the model needs: the reader's assumptions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scenario {
    /// Format version; see [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Title shown above the results, up to 120 characters.
    pub title: String,
    /// The month the projection starts (month 0).
    pub start: YearMonth,
    /// Months projected, 12–120.
    pub horizon_months: u32,
    /// Currency code of all money values (display only).
    pub currency: String,
    /// Annual revenue the business aims for, $M a year, > 0.
    pub target_annual_revenue_musd: f64,
    /// The whole company's annual revenue, $M a year, for the 10% customer-disclosure
    /// test against the company rather than the AI business; `None` to leave it out.
    pub company_annual_revenue_musd: Option<f64>,
    /// The annual growth the market expects of the AI business, as a fraction.
    pub market_expected_growth: f64,
    /// Correlation of the clients' monthly growth shocks, 0–1: the weight of one
    /// market-wide shock shared by every client (0 = independent clients).
    pub growth_correlation: f64,
    /// The clients, 1–50 entries.
    pub clients: Vec<Client>,
    /// Monte Carlo settings.
    pub simulation: SimulationSettings,
    /// The id of the client the story is about (its headline client), 0 for none. A
    /// story sets it; links and files that lack it take the story's.
    pub headline_client_id: u32,
}

/// Ids 1–99 belong to a story's clients; the reader's new clients start here.
pub const FIRST_FREE_ID: u32 = 100;

impl Default for Scenario {
    /// A neutral scenario of one new client, about no company: what fields missing from
    /// a partial scenario fall back to when no story's base case is at hand.
    fn default() -> Self {
        Scenario {
            schema_version: SCHEMA_VERSION,
            title: String::new(),
            start: YearMonth {
                year: 2025,
                month: 1,
            },
            horizon_months: 36,
            currency: "USD".to_string(),
            target_annual_revenue_musd: 100.0,
            company_annual_revenue_musd: None,
            market_expected_growth: 0.10,
            growth_correlation: 0.3,
            clients: vec![Client {
                id: 1,
                ..Client::default()
            }],
            simulation: SimulationSettings::default(),
            headline_client_id: 0,
        }
    }
}

impl Scenario {
    /// Index of the headline client: the story's (id [`Scenario::headline_client_id`])
    /// while it is in the scenario, or else the client (not an own product) spending
    /// most at month 0. `None` only when there is none.
    pub fn headline_client(&self) -> Option<usize> {
        self.clients
            .iter()
            .position(|c| c.id == self.headline_client_id && c.id != 0 && !c.own_product)
            .or_else(|| {
                self.clients
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !c.own_product)
                    .max_by(|a, b| a.1.monthly_spend_musd.total_cmp(&b.1.monthly_spend_musd))
                    .map(|(i, _)| i)
            })
    }

    /// Index of the client with stable id `id`.
    pub fn index_of(&self, id: u32) -> Option<usize> {
        self.clients.iter().position(|c| c.id == id)
    }

    /// The id a new client gets: above every id in use and above the ids a story's
    /// clients use (1–99), so a new client is never mistaken for the story's.
    pub fn next_client_id(&self) -> u32 {
        self.clients
            .iter()
            .map(|c| c.id)
            .max()
            .unwrap_or(0)
            .saturating_add(1)
            .max(FIRST_FREE_ID)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_roll_over_years() {
        let start = YearMonth {
            year: 2024,
            month: 8,
        };
        assert_eq!(start.plus_months(0).iso(), "2024-08");
        assert_eq!(start.plus_months(5).iso(), "2025-01");
        assert_eq!(start.plus_months(35).label(), "Jul 2027");
        assert_eq!(YearMonth::parse_iso("2024-08"), Some(start));
        assert_eq!(YearMonth::parse_iso("2024-13"), None);
    }
}

/// A scenario-level input, for error messages, provenance and sensitivity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ScenarioField {
    /// [`Scenario::title`].
    Title,
    /// [`Scenario::start`].
    Start,
    /// [`Scenario::horizon_months`].
    HorizonMonths,
    /// [`Scenario::target_annual_revenue_musd`].
    TargetAnnualRevenue,
    /// [`Scenario::company_annual_revenue_musd`].
    CompanyAnnualRevenue,
    /// [`Scenario::market_expected_growth`].
    MarketExpectedGrowth,
    /// [`Scenario::growth_correlation`].
    GrowthCorrelation,
    /// The number of clients.
    Clients,
    /// [`SimulationSettings::runs`].
    Runs,
    /// [`SimulationSettings::seed`].
    Seed,
}

/// An input of one client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClientField {
    /// [`Client::name`].
    Name,
    /// [`Client::monthly_spend_musd`].
    MonthlySpend,
    /// [`Client::annual_growth`].
    AnnualGrowth,
    /// [`Client::growth_volatility`].
    GrowthVolatility,
    /// [`Client::first_month`].
    FirstMonth,
    /// [`Client::ramp_months`].
    RampMonths,
    /// [`Client::annual_leave_probability`].
    AnnualLeaveProbability,
    /// [`Client::wind_down_months`].
    WindDownMonths,
    /// [`Client::kept_share`].
    KeptShare,
    /// [`Client::customers`].
    Customers,
}

impl ScenarioField {
    /// The numeric value of this field of `scenario` (0 for the title, start and clients;
    /// an absent company revenue reads 0).
    pub fn value(self, scenario: &Scenario) -> f64 {
        match self {
            ScenarioField::HorizonMonths => f64::from(scenario.horizon_months),
            ScenarioField::TargetAnnualRevenue => scenario.target_annual_revenue_musd,
            ScenarioField::CompanyAnnualRevenue => {
                scenario.company_annual_revenue_musd.unwrap_or(0.0)
            }
            ScenarioField::MarketExpectedGrowth => scenario.market_expected_growth,
            ScenarioField::GrowthCorrelation => scenario.growth_correlation,
            ScenarioField::Runs => f64::from(scenario.simulation.runs),
            // Seeds above 2^53 read rounded; only the seed's own input shows it.
            ScenarioField::Seed => scenario.simulation.seed as f64,
            ScenarioField::Title | ScenarioField::Start | ScenarioField::Clients => 0.0,
        }
    }

    /// Sets this numeric field of `scenario` to `value` (whole numbers are rounded and
    /// saturate; validation checks the ranges afterwards).
    pub fn set(self, scenario: &mut Scenario, value: f64) {
        let whole = |v: f64| -> u64 {
            if v.is_nan() {
                0
            } else {
                v.round().clamp(0.0, u64::MAX as f64) as u64
            }
        };
        let small = |v: f64| u32::try_from(whole(v)).unwrap_or(u32::MAX);
        match self {
            ScenarioField::HorizonMonths => scenario.horizon_months = small(value),
            ScenarioField::TargetAnnualRevenue => scenario.target_annual_revenue_musd = value,
            ScenarioField::CompanyAnnualRevenue => {
                scenario.company_annual_revenue_musd = Some(value)
            }
            ScenarioField::MarketExpectedGrowth => scenario.market_expected_growth = value,
            ScenarioField::GrowthCorrelation => scenario.growth_correlation = value,
            ScenarioField::Runs => scenario.simulation.runs = small(value),
            ScenarioField::Seed => scenario.simulation.seed = whole(value),
            ScenarioField::Title | ScenarioField::Start | ScenarioField::Clients => {}
        }
    }
}

impl ClientField {
    /// Every client field, in the order a client card shows them.
    pub const ALL: [ClientField; 10] = [
        ClientField::Name,
        ClientField::MonthlySpend,
        ClientField::AnnualGrowth,
        ClientField::GrowthVolatility,
        ClientField::FirstMonth,
        ClientField::RampMonths,
        ClientField::AnnualLeaveProbability,
        ClientField::WindDownMonths,
        ClientField::KeptShare,
        ClientField::Customers,
    ];

    /// The field's label as a reader sees it, lower case ("monthly spend").
    pub fn label(self) -> &'static str {
        match self {
            ClientField::Name => "name",
            ClientField::MonthlySpend => "monthly spend",
            ClientField::AnnualGrowth => "annual growth",
            ClientField::GrowthVolatility => "growth volatility",
            ClientField::FirstMonth => "first month",
            ClientField::RampMonths => "ramp-up months",
            ClientField::AnnualLeaveProbability => "annual probability of leaving",
            ClientField::WindDownMonths => "wind-down months",
            ClientField::KeptShare => "share of spend kept after leaving",
            ClientField::Customers => "number of customers",
        }
    }

    /// The numeric value of this field of `client` (the name has none: 0).
    pub fn value(self, client: &Client) -> f64 {
        match self {
            ClientField::Name => 0.0,
            ClientField::MonthlySpend => client.monthly_spend_musd,
            ClientField::AnnualGrowth => client.annual_growth,
            ClientField::GrowthVolatility => client.growth_volatility,
            ClientField::FirstMonth => f64::from(client.first_month),
            ClientField::RampMonths => f64::from(client.ramp_months),
            ClientField::AnnualLeaveProbability => client.annual_leave_probability,
            ClientField::WindDownMonths => f64::from(client.wind_down_months),
            ClientField::KeptShare => client.kept_share,
            ClientField::Customers => f64::from(client.customers),
        }
    }

    /// Sets this numeric field of `client` to `value` (whole-number fields are rounded
    /// and saturate at their type's bounds; validation checks the ranges).
    pub fn set(self, client: &mut Client, value: f64) {
        let whole = |v: f64| -> u32 {
            if v.is_nan() {
                0
            } else {
                v.round().clamp(0.0, f64::from(u32::MAX)) as u32
            }
        };
        match self {
            ClientField::Name => {}
            ClientField::MonthlySpend => client.monthly_spend_musd = value,
            ClientField::AnnualGrowth => client.annual_growth = value,
            ClientField::GrowthVolatility => client.growth_volatility = value,
            ClientField::FirstMonth => client.first_month = whole(value),
            ClientField::RampMonths => client.ramp_months = whole(value),
            ClientField::AnnualLeaveProbability => client.annual_leave_probability = value,
            ClientField::WindDownMonths => client.wind_down_months = whole(value),
            ClientField::KeptShare => client.kept_share = value,
            ClientField::Customers => client.customers = whole(value),
        }
    }
}
