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

/// The floor under the Monte Carlo's speed: only what every run of every month of every
/// client must do, with the model's own generators and the kernel's loop (a client's
/// month over a block of 256 runs). For each run and month, a market normal; for each
/// client, one addressed draw, a ziggurat normal, the deterministic `exp` of its growth
/// and the level update, added to the run's total. No departures, ramps or shares kept,
/// no summaries (percentiles, concentration, the 12-month target): a lower bound on the
/// time of `simulate_runs` over the same runs, months and clients, measured beside it by
/// the native and the browser benchmarks. Returns the sum of every run's monthly totals,
/// so none of the work can be optimised away.
pub fn random_path_floor(runs: u32, months: u32, clients: usize) -> f64 {
    use revenue_model::random::{FastExp, Normal, Stream};
    const BLOCK: usize = 256;
    let normal = Normal::new();
    let fast_exp = FastExp::new();
    // Monthly drift, market and own weights of 15-33% yearly volatility, correlation 0.3.
    let weights: Vec<(f64, f64, f64)> = (0..clients)
        .map(|c| {
            let sigma = (0.15 + 0.02 * c as f64) / 12f64.sqrt();
            (
                0.01 - 0.5 * sigma * sigma,
                sigma * 0.3f64.sqrt(),
                sigma * 0.7f64.sqrt(),
            )
        })
        .collect();
    let runs = u64::from(runs);
    let mut sum = 0.0;
    let (mut market, mut totals) = ([0.0; BLOCK], [0.0; BLOCK]);
    for lo in (0..runs).step_by(BLOCK) {
        let len = BLOCK.min((runs - lo) as usize);
        let market_streams: Vec<Stream> = (lo..lo + len as u64)
            .map(|r| Stream::new(2024, r, u64::MAX))
            .collect();
        // `[client][run]` of the block.
        let streams: Vec<Stream> = (0..clients as u64)
            .flat_map(|c| (lo..lo + len as u64).map(move |r| Stream::new(2024, r, c * 2)))
            .collect();
        let mut levels = vec![10.0; clients * len];
        for t in 1..=u64::from(months) {
            for (m, stream) in market.iter_mut().zip(&market_streams) {
                *m = normal.at(*stream, t);
            }
            totals.iter_mut().for_each(|v| *v = 0.0);
            for ((levels, streams), (drift, a, b)) in levels
                .chunks_exact_mut(len)
                .zip(streams.chunks_exact(len))
                .zip(&weights)
            {
                for (((level, stream), m), total) in levels
                    .iter_mut()
                    .zip(streams)
                    .zip(&market)
                    .zip(totals.iter_mut())
                {
                    *level *= fast_exp.exp(drift + a * m + b * normal.at(*stream, t));
                    *total += *level;
                }
            }
            sum += totals.iter().take(len).sum::<f64>();
        }
    }
    sum
}
