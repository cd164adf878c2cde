//! The article's story for the model's tests and benchmarks: its base case and presets
//! by name, read from `stories/article.json` (the same file the widget reads).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use revenue_model::article::ArticleRow;
use revenue_model::provenance::Provenance;
use revenue_model::scenario::{ClientField, FIRST_FREE_ID as FREE};
use revenue_model::{Client, Scenario, Story, ValidScenario};

/// The headline client's id in the article's story (TikTok).
pub const TIKTOK_ID: u32 = 1;
/// The diversified preset's first new client (Walmart).
pub const WALMART_ID: u32 = 3;
/// The business's own product in the diversified preset (Copilot).
pub const COPILOT_ID: u32 = 5;
/// Where the reader's new clients' ids start.
pub const FIRST_FREE_ID: u32 = FREE;

/// The article's story.
pub fn article() -> Story {
    Story::parse(include_str!("../../../../stories/article.json")).expect("the article's story")
}

/// The scenario of the article's preset `id`.
pub fn preset(id: &str) -> Scenario {
    let story = article();
    story
        .preset_scenario(story.preset_index(id).expect("a preset of the article"))
        .expect("its scenario")
}

/// Every preset's scenario, the base case first.
pub fn presets() -> Vec<Scenario> {
    let story = article();
    (0..story.file().presets.len())
        .filter_map(|i| story.preset_scenario(i))
        .collect()
}

/// The article's base case.
pub fn article_base_case() -> Scenario {
    article().base_case().get().clone()
}

/// The article's base case, validated.
pub fn valid_article() -> ValidScenario {
    article().base_case().clone()
}

/// The preset "ByteDance builds its own AI".
pub fn bytedance_exit() -> Scenario {
    preset("bytedance-exit")
}

/// The preset "ByteDance keeps half".
pub fn bytedance_partial() -> Scenario {
    preset("bytedance-partial")
}

/// The preset "New clients arrive".
pub fn diversified() -> Scenario {
    preset("diversified")
}

/// The article's table of `valid`.
pub fn article_table(valid: &ValidScenario) -> Vec<ArticleRow> {
    revenue_model::article::article_table(valid, &article())
}

/// Where the value of `field` of `client` comes from, in the article's story.
pub fn client_provenance(client: &Client, field: ClientField) -> Provenance {
    revenue_model::provenance::client_provenance(&article(), client, field)
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
