//! The article's base case and the other ready-made scenarios, each with one sentence
//! saying what it assumes and why. Which inputs the article reports is in
//! [`crate::provenance`].
//!
//! The article (August 2024): TikTok spends $20M a month on Microsoft's Azure OpenAI
//! services, $240M a year, 25% of Microsoft's AI revenue, which is on a path to
//! $1 billion a year. So the other clients spend $60M a month together and the AI
//! business runs at $960M a year.

use crate::scenario::{Client, Scenario, SimulationSettings, YearMonth, SCHEMA_VERSION};

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
    /// ByteDance moves part of its work in-house and keeps half of its spend.
    ByteDancePartial,
    /// Walmart, Intuit, switchers from Google and Amazon, and Copilot.
    Diversified,
    /// Growth falls short of what the market expects.
    GrowthMisses,
}

impl Preset {
    /// All presets, in the order the widget offers them.
    pub const ALL: [Preset; 5] = [
        Preset::Article,
        Preset::ByteDanceExit,
        Preset::ByteDancePartial,
        Preset::Diversified,
        Preset::GrowthMisses,
    ];

    /// The short name used in URLs (`?preset=bytedance-exit`).
    pub fn slug(self) -> &'static str {
        match self {
            Preset::Article => "article",
            Preset::ByteDanceExit => "bytedance-exit",
            Preset::ByteDancePartial => "bytedance-partial",
            Preset::Diversified => "diversified",
            Preset::GrowthMisses => "growth-misses",
        }
    }

    /// The label on the preset's button.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Article => "The article",
            Preset::ByteDanceExit => "ByteDance builds its own AI",
            Preset::ByteDancePartial => "ByteDance keeps half",
            Preset::Diversified => "New clients arrive",
            Preset::GrowthMisses => "Growth falls short",
        }
    }

    /// One sentence saying what the preset assumes and why.
    pub fn description(self) -> &'static str {
        match self {
            Preset::Article => "The article's figures ($20M a month from TikTok, 25% of a $960M run-rate, a $1B goal); growth, volatility and the 25% yearly chance that TikTok leaves are assumptions, since the article gives none.",
            Preset::ByteDanceExit => "ByteDance's own models replace Azure OpenAI: a 90% chance a year that TikTok leaves, winding down over 3 months and keeping nothing, as the article's risk would play out in full.",
            Preset::ByteDancePartial => "ByteDance moves part of its work in-house: an even chance a year that TikTok leaves, and if it does it keeps half of its spend on Azure.",
            Preset::Diversified => "The new clients the article names arrive: Walmart ($5M a month from Nov 2024) and Intuit ($3M from Oct 2024), 20 companies switching from Google and Amazon ($8M together from Dec 2024), and Copilot as Microsoft's own product, whose revenue adds no customer; all sizes are assumptions.",
            Preset::GrowthMisses => "Growth falls short, as Azure's 29% did: the other clients grow 5% a year instead of 15%, TikTok's spend shrinks 20% a year, and shocks hit all clients together more (correlation 0.6).",
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
            Preset::ByteDancePartial => bytedance_partial(),
            Preset::Diversified => diversified(),
            Preset::GrowthMisses => growth_misses(),
        }
    }
}

/// TikTok's stable client id in every preset.
pub const TIKTOK_ID: u32 = 1;
/// The lumped other clients' id.
pub const OTHERS_ID: u32 = 2;
/// Walmart's id (the diversified preset).
pub const WALMART_ID: u32 = 3;
/// Intuit's id (the diversified preset).
pub const INTUIT_ID: u32 = 4;
/// Copilot's id (the diversified preset; Microsoft's own product).
pub const COPILOT_ID: u32 = 5;
/// The companies switching from Google and Amazon (the diversified preset).
pub const SWITCHERS_ID: u32 = 6;
/// The new corporate clients a reader adds with the widget's "new clients" lever.
pub const NEW_CLIENTS_ID: u32 = 7;
/// Ids 1–99 are reserved for the presets' clients; a reader's new clients start here.
pub const FIRST_FREE_ID: u32 = 100;
/// Azure's cloud growth in the quarter the article reports (29%, year over year), which
/// fell short of what the market expected.
pub const ARTICLE_AZURE_GROWTH: f64 = 0.29;
/// Microsoft's revenue in fiscal 2024 (July 2023 to June 2024), $245.1 billion, from its
/// annual report (Form 10-K, filed July 2024), in $M.
pub const MICROSOFT_FY2024_REVENUE_MUSD: f64 = 245_122.0;

fn tiktok() -> Client {
    Client {
        id: TIKTOK_ID,
        name: TIKTOK_NAME.to_string(),
        own_product: false,
        monthly_spend_musd: ARTICLE_TIKTOK_MONTHLY_MUSD,
        annual_growth: 0.0,
        growth_volatility: 0.20,
        first_month: 0,
        ramp_months: 0,
        annual_leave_probability: 0.25,
        wind_down_months: 6,
        kept_share: 0.0,
        customers: 1,
    }
}

fn others() -> Client {
    Client {
        id: OTHERS_ID,
        name: OTHERS_NAME.to_string(),
        own_product: false,
        monthly_spend_musd: ARTICLE_OTHERS_MONTHLY_MUSD,
        annual_growth: 0.15,
        growth_volatility: 0.15,
        first_month: 0,
        ramp_months: 0,
        annual_leave_probability: 0.05,
        wind_down_months: 3,
        kept_share: 0.0,
        customers: 100,
    }
}

fn prospect(id: u32, name: &str, spend: f64, first_month: u32, customers: u32) -> Client {
    Client {
        id,
        name: name.to_string(),
        own_product: false,
        monthly_spend_musd: spend,
        annual_growth: 0.30,
        growth_volatility: 0.25,
        first_month,
        ramp_months: 6,
        annual_leave_probability: 0.05,
        wind_down_months: 6,
        kept_share: 0.0,
        customers,
    }
}

/// The new corporate clients the article names (Walmart, Intuit, companies switching
/// from Google and Amazon) as one group of 10 equal customers spending `spend` $M a
/// month together at full ramp: arriving in Dec 2024 (month 4), ramping up over 6
/// months, growing 30% a year. Sizes and timing are assumptions.
pub fn new_clients(spend: f64) -> Client {
    Client {
        name: "New corporate clients".to_string(),
        ..prospect(NEW_CLIENTS_ID, "", spend, 4, 10)
    }
}

/// The article's base case: TikTok at $20M a month and the other clients at $60M, so
/// TikTok is 25% of a $960M-a-year business aiming at $1B. Growth, volatility,
/// departure odds, the number of other customers and the market's expectation are
/// assumptions; the company's revenue is Microsoft's reported fiscal 2024 revenue.
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
        company_annual_revenue_musd: Some(MICROSOFT_FY2024_REVENUE_MUSD),
        market_expected_growth: 0.31,
        growth_correlation: 0.3,
        clients: vec![tiktok(), others()],
        simulation: SimulationSettings::default(),
    }
}

/// ByteDance builds its own AI: TikTok is very likely to leave within the year (90%),
/// winds down over 3 months and keeps none of its spend.
pub fn bytedance_exit() -> Scenario {
    let mut s = article_base_case();
    s.title = "ByteDance builds its own AI".to_string();
    if let Some(t) = s.clients.first_mut() {
        t.annual_leave_probability = 0.9;
        t.wind_down_months = 3;
    }
    s
}

/// ByteDance moves part of its work in-house: an even chance a year that TikTok
/// leaves, and if it does it keeps half of its spend.
pub fn bytedance_partial() -> Scenario {
    let mut s = article_base_case();
    s.title = "ByteDance moves half of its work in-house".to_string();
    if let Some(t) = s.clients.first_mut() {
        t.annual_leave_probability = 0.5;
        t.kept_share = 0.5;
    }
    s
}

/// Microsoft diversifies: Walmart and Intuit arrive and ramp up, companies switching
/// from Google and Amazon follow, and Copilot (Microsoft's own product, not a client)
/// adds revenue without adding a customer.
pub fn diversified() -> Scenario {
    let mut s = article_base_case();
    s.title = "Diversified: Walmart, Intuit, switchers and Copilot".to_string();
    s.clients.push(prospect(WALMART_ID, "Walmart", 5.0, 3, 1));
    s.clients.push(prospect(INTUIT_ID, "Intuit", 3.0, 2, 1));
    s.clients.push(Client {
        id: COPILOT_ID,
        name: "Copilot (Microsoft's own product)".to_string(),
        own_product: true,
        monthly_spend_musd: 10.0,
        annual_growth: 0.60,
        growth_volatility: 0.30,
        first_month: 1,
        ramp_months: 12,
        annual_leave_probability: 0.0,
        wind_down_months: 0,
        kept_share: 0.0,
        customers: 1,
    });
    s.clients.push(prospect(
        SWITCHERS_ID,
        "Companies switching from Google and Amazon",
        8.0,
        4,
        20,
    ));
    s
}

/// Growth misses expectations: the other clients grow 5% a year instead of 15%,
/// TikTok's spend shrinks 20% a year, and their ups and downs move together more.
pub fn growth_misses() -> Scenario {
    let mut s = article_base_case();
    s.title = "Growth misses expectations".to_string();
    s.growth_correlation = 0.6;
    if let Some(t) = s.clients.get_mut(0) {
        t.annual_growth = -0.20;
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
            id: FIRST_FREE_ID + i,
            name: format!("Client {}", i + 3),
            own_product: false,
            monthly_spend_musd: 1.0 + 0.5 * k,
            annual_growth: 0.05 + 0.05 * k,
            growth_volatility: 0.15 + 0.05 * k,
            first_month: i % 4,
            ramp_months: i % 3 * 2,
            annual_leave_probability: 0.05 + 0.03 * k,
            wind_down_months: 1 + i % 4,
            kept_share: 0.0,
            customers: 1,
        });
    }
    s
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
}
