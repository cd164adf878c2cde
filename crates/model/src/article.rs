//! The article's table, recomputed from the inputs: TikTok's monthly spend, its annual
//! spend, and the projected annual revenue of the AI business, each beside the
//! article's figure.

use crate::format::{fmt_musd, fmt_pct};
use crate::validate::ValidScenario;

/// One row of the article's table.
#[derive(Clone, Debug, PartialEq)]
pub struct ArticleRow {
    /// Stable key: "monthly", "annual" or "sector".
    pub key: &'static str,
    /// "TikTok's monthly spend".
    pub metric: String,
    /// The value computed from the inputs, $M.
    pub value_musd: f64,
    /// The value as shown ("$20M").
    pub value: String,
    /// The share of AI revenue, as a fraction.
    pub contribution: f64,
    /// The share as shown ("25%").
    pub contribution_text: String,
    /// The article's figure for the value ("$20 million").
    pub article_value: &'static str,
    /// The article's figure for the share ("25% of AI revenue").
    pub article_contribution: &'static str,
}

/// The article's three rows, computed at month 0 (the start month): the headline
/// client's monthly spend *s* and share *s* / *T* of the month's total *T*; its annual
/// spend 12*s*; and the run-rate 12*T* (100%). With the base case: $20M, 25%; $240M,
/// 25%; $960M, 100% (the article rounds $960M to "a path to $1 billion").
pub fn article_table(scenario: &ValidScenario) -> Vec<ArticleRow> {
    let s = scenario.get();
    let headline = s.headline_client().and_then(|i| s.clients.get(i));
    let name = headline.map_or("TikTok", |c| short_name(&c.name));
    let spend_at_start = |c: &crate::scenario::Client| {
        if c.first_month == 0 {
            c.monthly_spend_musd * crate::projection::ramp_fraction(c, 0)
        } else {
            0.0
        }
    };
    let monthly = headline.map_or(0.0, spend_at_start);
    let total: f64 = s.clients.iter().map(spend_at_start).sum();
    let share = if total > 0.0 { monthly / total } else { 0.0 };
    let possessive = if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    };
    vec![
        ArticleRow {
            key: "monthly",
            metric: format!("{possessive} monthly spend"),
            value_musd: monthly,
            value: fmt_musd(monthly),
            contribution: share,
            contribution_text: fmt_pct(share),
            article_value: "$20 million",
            article_contribution: "25% of AI revenue",
        },
        ArticleRow {
            key: "annual",
            metric: format!("{possessive} annual spend"),
            value_musd: monthly * 12.0,
            value: fmt_musd(monthly * 12.0),
            contribution: share,
            contribution_text: fmt_pct(share),
            article_value: "$240 million",
            article_contribution: "25% of AI revenue",
        },
        ArticleRow {
            key: "sector",
            metric: "Projected annual sector revenue".to_string(),
            value_musd: total * 12.0,
            value: fmt_musd(total * 12.0),
            contribution: if total > 0.0 { 1.0 } else { 0.0 },
            contribution_text: fmt_pct(if total > 0.0 { 1.0 } else { 0.0 }),
            article_value: "$1 billion",
            article_contribution: "100%",
        },
    ]
}

/// A client's name without its parenthesis, as running text uses it:
/// "TikTok (ByteDance)" → "TikTok".
pub fn short_name(name: &str) -> &str {
    name.split(" (").next().unwrap_or(name).trim()
}
