//! The answer in words, as the widget's first screen and the page without JavaScript
//! both state it: the chance of reaching the target, by when, and the headline client's
//! share today. One source, so the two can never disagree.

use crate::article::short_name;
use crate::format::{fmt_musd, fmt_musd_short, fmt_pct};
use crate::levers::Lever;
use crate::monte_carlo::MonteCarlo;
use crate::{Projection, ValidScenario};

/// The month the departure test and the outlook's "leaves" case start with, counted from
/// the start month: Apr 2025 for the article's Aug 2024 start.
pub const DEPARTURE_MONTH: u32 = 8;

/// The answer, in the pieces the first screen sets out.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// The chance of reaching the target by the horizon's end ("65.8%"), set large.
    pub chance: String,
    /// What that chance is of: "chance of a $1B year by Jul 2027".
    pub chance_words: String,
    /// "TikTok is 25% of AI revenue today", when there is a headline client with revenue.
    pub share_words: Option<String>,
    /// The whole answer in one sentence: "At $20M a month, TikTok is 25% of AI revenue;
    /// these assumptions give a 65.8% chance of a $1B year by Jul 2027 (12 consecutive
    /// months bringing $1B), half of the runs by Feb 2026."
    pub sentence: String,
}

/// The headline client's short name ("TikTok"), or an empty string when there is none.
pub fn headline_name(valid: &ValidScenario) -> String {
    let s = valid.get();
    s.headline_client()
        .and_then(|i| s.clients.get(i))
        .map_or_else(String::new, |c| short_name(&c.name).to_string())
}

/// The headline client's revenue in the start month ($M) and its share of all revenue
/// then, when there is revenue.
pub fn headline_share(valid: &ValidScenario, projection: &Projection) -> Option<(f64, f64)> {
    let s = valid.get();
    let total = projection.total_musd.first().copied().unwrap_or(0.0);
    let at_start = s
        .headline_client()
        .and_then(|i| projection.client_revenue_musd.get(i))
        .and_then(|path| path.first())
        .copied()?;
    (total > 0.0).then(|| (at_start, at_start / total))
}

/// The answer for `valid`, from its expected path and its Monte Carlo.
pub fn answer(valid: &ValidScenario, projection: &Projection, mc: &MonteCarlo) -> Answer {
    let s = valid.get();
    let end = s.start.plus_months(s.horizon_months.saturating_sub(1));
    let target = fmt_musd_short(s.target_annual_revenue_musd);
    let name = headline_name(valid);
    let share = headline_share(valid, projection);
    let when = mc
        .median_reach_month
        .map(|m| format!(", half of the runs by {}", s.start.plus_months(m).label()))
        .unwrap_or_default();
    let chance = format!(
        "{} chance of a {target} year by {} (12 consecutive months bringing {target}){when}",
        fmt_pct(mc.p_reach_target),
        end.label(),
    );
    let sentence = match share {
        Some((at_start, share)) if !name.is_empty() => {
            format!(
                "At {} a month, {name} is {} of AI revenue; these assumptions give a {chance}.",
                fmt_musd(at_start),
                fmt_pct(share)
            )
        }
        _ => format!("These assumptions give a {chance}."),
    };
    Answer {
        chance: fmt_pct(mc.p_reach_target),
        chance_words: format!("chance of a {target} year by {}", end.label()),
        share_words: share.map(|(_, share)| {
            let who = if name.is_empty() {
                "The largest client"
            } else {
                name.as_str()
            };
            format!("{who} is {} of AI revenue today", fmt_pct(share))
        }),
        sentence,
    }
}

/// A key lever's label, as its slider shows it, for the headline client `name`.
pub fn lever_label(lever: Lever, name: &str) -> String {
    match lever {
        Lever::HeadlineSpend => format!("{name} monthly spend"),
        Lever::HeadlineLeave => format!("Chance {name} leaves within a year"),
        Lever::HeadlineKept => format!("Share {name} keeps if it leaves"),
        Lever::OthersGrowth => "Other clients' growth".to_string(),
        Lever::NewClients => "New clients such as Walmart and Intuit".to_string(),
    }
}

/// The lever as a phrase inside a sentence ("… changes with the chance TikTok leaves
/// within a year"): lower case where the label has a capital only because it starts the
/// label, names left as they are.
pub fn lever_phrase(lever: Lever, name: &str) -> String {
    match lever {
        Lever::HeadlineSpend => format!("{name} monthly spend"),
        Lever::HeadlineLeave => format!("the chance {name} leaves within a year"),
        Lever::HeadlineKept => format!("the share {name} keeps if it leaves"),
        Lever::OthersGrowth => "the other clients' growth".to_string(),
        Lever::NewClients => "new clients such as Walmart and Intuit".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monte_carlo::simulate_runs;
    use crate::project;

    #[test]
    fn lever_phrases_keep_the_names_capitalised() {
        assert_eq!(
            lever_phrase(Lever::HeadlineLeave, "TikTok"),
            "the chance TikTok leaves within a year"
        );
        assert_eq!(
            lever_phrase(Lever::NewClients, "TikTok"),
            "new clients such as Walmart and Intuit"
        );
        assert_eq!(
            lever_phrase(Lever::HeadlineSpend, "TikTok"),
            "TikTok monthly spend"
        );
    }

    #[test]
    fn the_article_answer_names_tiktok_its_quarter_and_the_chance() {
        let base = ValidScenario::article_base_case();
        let p = project(&base);
        let mc = simulate_runs(&base, 400);
        let a = answer(&base, &p, &mc);
        // $20M of $80M in the start month, by hand.
        assert_eq!(
            a.share_words.as_deref(),
            Some("TikTok is 25% of AI revenue today")
        );
        assert_eq!(a.chance_words, "chance of a $1B year by Jul 2027");
        assert_eq!(a.chance, fmt_pct(mc.p_reach_target));
        assert!(
            a.sentence.starts_with(
                "At $20M a month, TikTok is 25% of AI revenue; these assumptions give a "
            ),
            "{}",
            a.sentence
        );
        assert!(a.sentence.contains(&format!(
            "{} chance of a $1B year by Jul 2027 (12 consecutive months bringing $1B)",
            a.chance
        )));
    }

    #[test]
    fn without_revenue_there_is_no_share_and_the_sentence_still_reads() {
        let mut s = crate::presets::article_base_case();
        for c in &mut s.clients {
            c.monthly_spend_musd = 0.0;
        }
        let valid = crate::validate(s).unwrap();
        let p = project(&valid);
        let mc = simulate_runs(&valid, 100);
        let a = answer(&valid, &p, &mc);
        assert_eq!(a.share_words, None);
        assert!(
            a.sentence.starts_with("These assumptions give a "),
            "{}",
            a.sentence
        );
    }
}
