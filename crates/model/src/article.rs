//! The article's table, recomputed from the inputs: each row the story lists (the
//! headline client's monthly spend, its annual spend, the business's run-rate) beside
//! the article's own figure.

use crate::format::{fmt_musd, fmt_pct};
use crate::story_file::{fill_client, Story, TableFigure};
use crate::validate::ValidScenario;

/// One row of the article's table.
#[derive(Clone, Debug, PartialEq)]
pub struct ArticleRow {
    /// Stable key: "monthly", "annual" or "sector", after the figure it recomputes.
    pub key: &'static str,
    /// The metric, with the headline client's name filled in ("Acme's monthly spend").
    pub metric: String,
    /// The value computed from the inputs, $M.
    pub value_musd: f64,
    /// The value as shown ("$20M").
    pub value: String,
    /// The share of the business's revenue, as a fraction.
    pub contribution: f64,
    /// The share as shown ("25%").
    pub contribution_text: String,
    /// The article's figure for the value ("$20 million").
    pub article_value: String,
    /// The article's figure for the share ("25% of AI revenue").
    pub article_contribution: String,
}

/// The story's rows, computed at month 0 (the start month): the headline client's
/// monthly spend *s* and share *s* / *T* of the month's total *T*; its annual spend 12*s*;
/// and the run-rate 12*T* (100%). With the article's base case: $20M, 25%; $240M, 25%;
/// $960M, 100% (the article rounds $960M to "a path to $1 billion").
pub fn article_table(scenario: &ValidScenario, story: &Story) -> Vec<ArticleRow> {
    let s = scenario.get();
    let headline = s.headline_client().and_then(|i| s.clients.get(i));
    let name = headline.map_or("The largest client", |c| short_name(&c.name));
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
    story
        .file()
        .table
        .iter()
        .map(|row| {
            let (key, value_musd, contribution) = match row.figure {
                TableFigure::HeadlineMonthlySpend => ("monthly", monthly, share),
                TableFigure::HeadlineAnnualSpend => ("annual", monthly * 12.0, share),
                TableFigure::AnnualRunRate => {
                    ("sector", total * 12.0, if total > 0.0 { 1.0 } else { 0.0 })
                }
            };
            ArticleRow {
                key,
                metric: fill_client(&row.metric, name),
                value_musd,
                value: fmt_musd(value_musd),
                contribution,
                contribution_text: fmt_pct(contribution),
                article_value: row.article_value.clone(),
                article_contribution: row.article_contribution.clone(),
            }
        })
        .collect()
}

/// A client's name without its parenthesis, as running text uses it:
/// "Acme (Holdings)" → "Acme".
pub fn short_name(name: &str) -> &str {
    name.split(" (").next().unwrap_or(name).trim()
}
