//! The article's base case and the other ready-made scenarios, and which inputs the
//! article reports (everything else is an assumption).
//!
//! The article (August 2024): TikTok spends $20M a month on Microsoft's Azure OpenAI
//! services, $240M a year, 25% of Microsoft's AI revenue, which is on a path to
//! $1 billion a year. So the other clients spend $60M a month together and the AI
//! business runs at $960M a year.

use crate::scenario::{
    Client, ClientField, Scenario, ScenarioField, SimulationSettings, Source, YearMonth,
    SCHEMA_VERSION,
};

/// TikTok's monthly spend reported by the article, $M.
pub const ARTICLE_TIKTOK_MONTHLY_MUSD: f64 = 20.0;
/// TikTok's share of the AI revenue reported by the article.
pub const ARTICLE_TIKTOK_SHARE: f64 = 0.25;
/// The other clients' monthly spend implied by the article (20 / 25% − 20), $M.
pub const ARTICLE_OTHERS_MONTHLY_MUSD: f64 = 60.0;
/// The article's "$1 billion a year", $M.
pub const ARTICLE_TARGET_ANNUAL_MUSD: f64 = 1_000.0;
/// Name of the headline client in the presets.
pub const TIKTOK_NAME: &str = "TikTok (ByteDance)";
/// Name of the lumped group of all other clients in the presets.
pub const OTHERS_NAME: &str = "Other AI clients";

/// A ready-made scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// The article's numbers, with labelled assumptions for what it does not say.
    Article,
    /// ByteDance builds its own AI: TikTok leaves within the year.
    ByteDanceExit,
    /// Walmart, Intuit and Copilot ramp up.
    Diversified,
    /// Growth falls short of what the market expects.
    GrowthMisses,
}

impl Preset {
    /// All presets, in the order the widget offers them.
    pub const ALL: [Preset; 4] = [
        Preset::Article,
        Preset::ByteDanceExit,
        Preset::Diversified,
        Preset::GrowthMisses,
    ];

    /// The short name used in URLs (`?preset=bytedance-exit`).
    pub fn slug(self) -> &'static str {
        match self {
            Preset::Article => "article",
            Preset::ByteDanceExit => "bytedance-exit",
            Preset::Diversified => "diversified",
            Preset::GrowthMisses => "growth-misses",
        }
    }

    /// The label on the preset's button.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Article => "The article's base case",
            Preset::ByteDanceExit => "ByteDance builds its own AI",
            Preset::Diversified => "Diversified",
            Preset::GrowthMisses => "Growth misses expectations",
        }
    }

    /// The preset named by `slug`.
    pub fn from_slug(slug: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.slug() == slug.trim())
    }

    /// The preset's scenario.
    pub fn scenario(self) -> Scenario {
        match self {
            Preset::Article => article_base_case(),
            Preset::ByteDanceExit => bytedance_exit(),
            Preset::Diversified => diversified(),
            Preset::GrowthMisses => growth_misses(),
        }
    }
}

fn tiktok() -> Client {
    Client {
        name: TIKTOK_NAME.to_string(),
        monthly_spend_musd: ARTICLE_TIKTOK_MONTHLY_MUSD,
        annual_growth: 0.0,
        growth_volatility: 0.20,
        first_month: 0,
        ramp_months: 0,
        annual_leave_probability: 0.25,
        wind_down_months: 6,
        customers: 1,
    }
}

fn others() -> Client {
    Client {
        name: OTHERS_NAME.to_string(),
        monthly_spend_musd: ARTICLE_OTHERS_MONTHLY_MUSD,
        annual_growth: 0.15,
        growth_volatility: 0.15,
        first_month: 0,
        ramp_months: 0,
        annual_leave_probability: 0.05,
        wind_down_months: 3,
        customers: 100,
    }
}

/// The article's base case: TikTok at $20M a month and the other clients at $60M, so
/// TikTok is 25% of a $960M-a-year business aiming at $1B. Growth, volatility,
/// departure odds, the number of other customers, the market's expectation and the
/// company's revenue are assumptions.
pub fn article_base_case() -> Scenario {
    Scenario {
        schema_version: SCHEMA_VERSION,
        title: "Microsoft's AI revenue and its TikTok dependence".to_string(),
        start: YearMonth {
            year: 2024,
            month: 8,
        },
        horizon_months: 36,
        currency: "USD".to_string(),
        target_annual_revenue_musd: ARTICLE_TARGET_ANNUAL_MUSD,
        company_annual_revenue_musd: Some(245_000.0),
        market_expected_growth: 0.31,
        clients: vec![tiktok(), others()],
        simulation: SimulationSettings::default(),
    }
}

/// ByteDance builds its own AI: TikTok very likely leaves within the year.
pub fn bytedance_exit() -> Scenario {
    let mut s = article_base_case();
    s.title = "ByteDance builds its own AI".to_string();
    if let Some(t) = s.clients.first_mut() {
        t.annual_leave_probability = 0.9;
        t.wind_down_months = 3;
    }
    s
}

/// Microsoft diversifies: Walmart and Intuit ramp up, Copilot grows fast.
pub fn diversified() -> Scenario {
    let mut s = article_base_case();
    s.title = "Diversified: Walmart, Intuit and Copilot".to_string();
    s.clients.push(Client {
        name: "Walmart".to_string(),
        monthly_spend_musd: 5.0,
        annual_growth: 0.30,
        growth_volatility: 0.25,
        first_month: 3,
        ramp_months: 6,
        annual_leave_probability: 0.05,
        wind_down_months: 6,
        customers: 1,
    });
    s.clients.push(Client {
        name: "Intuit".to_string(),
        monthly_spend_musd: 3.0,
        annual_growth: 0.30,
        growth_volatility: 0.25,
        first_month: 2,
        ramp_months: 6,
        annual_leave_probability: 0.05,
        wind_down_months: 6,
        customers: 1,
    });
    s.clients.push(Client {
        name: "Copilot".to_string(),
        monthly_spend_musd: 10.0,
        annual_growth: 0.60,
        growth_volatility: 0.30,
        first_month: 1,
        ramp_months: 12,
        annual_leave_probability: 0.10,
        wind_down_months: 3,
        customers: 5_000,
    });
    s
}

/// Growth misses: the other clients grow at 5% a year and TikTok shrinks.
pub fn growth_misses() -> Scenario {
    let mut s = article_base_case();
    s.title = "Growth misses expectations".to_string();
    if let Some(t) = s.clients.get_mut(0) {
        t.annual_growth = -0.10;
    }
    if let Some(o) = s.clients.get_mut(1) {
        o.annual_growth = 0.05;
    }
    s
}

/// The scenario the benchmarks time: the base case plus eight single-customer clients
/// with volatility, ramps and a chance of leaving (10 clients, 36 months).
pub fn ten_clients_benchmark() -> Scenario {
    let mut s = article_base_case();
    s.title = "Benchmark: ten clients".to_string();
    for i in 0..8u32 {
        let k = f64::from(i);
        s.clients.push(Client {
            name: format!("Client {}", i + 3),
            monthly_spend_musd: 1.0 + 0.5 * k,
            annual_growth: 0.05 + 0.05 * k,
            growth_volatility: 0.15 + 0.05 * k,
            first_month: i % 4,
            ramp_months: i % 3 * 2,
            annual_leave_probability: 0.05 + 0.03 * k,
            wind_down_months: 1 + i % 4,
            customers: 1,
        });
    }
    s
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Whether the value of `field` of `client` is the article's figure or an assumption.
/// The article reports TikTok's monthly spend ($20M) and, through its 25% share, the
/// other clients' $60M; a value the reader has changed is an assumption.
pub fn client_source(client: &Client, field: ClientField) -> Source {
    let name = client.name.trim();
    let reported = match field {
        ClientField::MonthlySpend if name == TIKTOK_NAME => {
            same(client.monthly_spend_musd, ARTICLE_TIKTOK_MONTHLY_MUSD)
        }
        ClientField::MonthlySpend if name == OTHERS_NAME => {
            same(client.monthly_spend_musd, ARTICLE_OTHERS_MONTHLY_MUSD)
        }
        ClientField::Name => name == TIKTOK_NAME || name == OTHERS_NAME,
        // The article's figures are for clients already spending today.
        ClientField::FirstMonth | ClientField::RampMonths
            if name == TIKTOK_NAME || name == OTHERS_NAME =>
        {
            client.first_month == 0 && client.ramp_months == 0
        }
        ClientField::Customers if name == TIKTOK_NAME => client.customers == 1,
        _ => false,
    };
    if reported {
        Source::Article
    } else {
        Source::Assumption
    }
}

/// Whether a scenario-level input is the article's figure or an assumption.
pub fn scenario_source(scenario: &Scenario, field: ScenarioField) -> Source {
    let reported = match field {
        ScenarioField::TargetAnnualRevenue => same(
            scenario.target_annual_revenue_musd,
            ARTICLE_TARGET_ANNUAL_MUSD,
        ),
        ScenarioField::Start => {
            scenario.start
                == YearMonth {
                    year: 2024,
                    month: 8,
                }
        }
        _ => false,
    };
    if reported {
        Source::Article
    } else {
        Source::Assumption
    }
}

/// The article's value of a client input, for "reset to the article's value"; `None`
/// where the article does not report it.
pub fn article_client_value(client: &Client, field: ClientField) -> Option<f64> {
    let name = client.name.trim();
    match field {
        ClientField::MonthlySpend if name == TIKTOK_NAME => Some(ARTICLE_TIKTOK_MONTHLY_MUSD),
        ClientField::MonthlySpend if name == OTHERS_NAME => Some(ARTICLE_OTHERS_MONTHLY_MUSD),
        ClientField::FirstMonth | ClientField::RampMonths
            if name == TIKTOK_NAME || name == OTHERS_NAME =>
        {
            Some(0.0)
        }
        ClientField::Customers if name == TIKTOK_NAME => Some(1.0),
        _ => None,
    }
}

/// The default (base case) value of a client input, for "reset": the article's figure
/// where it reports one, else the base case's assumption for that client.
pub fn default_client_value(client: &Client, field: ClientField) -> Option<f64> {
    let name = client.name.trim();
    let base = article_base_case();
    base.clients
        .iter()
        .chain(diversified().clients.iter())
        .find(|c| c.name == name)
        .map(|c| field.value(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_round_trip_their_slugs() {
        for p in Preset::ALL {
            assert_eq!(Preset::from_slug(p.slug()), Some(p));
        }
        assert_eq!(Preset::from_slug("nope"), None);
    }

    #[test]
    fn article_figures_are_tagged_and_changes_are_not() {
        let s = article_base_case();
        let mut t = s.clients[0].clone();
        assert_eq!(
            client_source(&t, ClientField::MonthlySpend),
            Source::Article
        );
        assert_eq!(
            client_source(&t, ClientField::AnnualGrowth),
            Source::Assumption
        );
        t.monthly_spend_musd = 21.0;
        assert_eq!(
            client_source(&t, ClientField::MonthlySpend),
            Source::Assumption
        );
        assert_eq!(
            scenario_source(&s, ScenarioField::TargetAnnualRevenue),
            Source::Article
        );
        assert_eq!(
            scenario_source(&s, ScenarioField::MarketExpectedGrowth),
            Source::Assumption
        );
    }
}
