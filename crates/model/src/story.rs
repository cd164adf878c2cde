//! The answer in words, as the widget's first screen and the page without JavaScript
//! both state it: the chance of reaching the target, by when, and the headline client's
//! share today. One source, so the two can never disagree.

use crate::article::short_name;
use crate::format::{fmt_musd, fmt_musd_short, fmt_pct};
use crate::monte_carlo::MonteCarlo;
use crate::story_file::Story;
use crate::{Projection, ValidScenario};

/// The answer, in the pieces the first screen sets out.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// The chance of reaching the target by the horizon's end ("65.8%"), set large.
    pub chance: String,
    /// What that chance is of, in the story's words: "chance of a $1B year by Jul 2027".
    pub chance_words: String,
    /// "Acme is 25% of cloud revenue today", when there is a headline client with revenue.
    pub share_words: Option<String>,
    /// The whole answer in one sentence: "At $20M a month, Acme is 25% of cloud revenue;
    /// these assumptions give a 65.8% chance of a $1B year by Jul 2027 (12 consecutive
    /// months bringing $1B), half of the runs by Feb 2026."
    pub sentence: String,
}

/// The headline client's short name ("Acme" for "Acme (Holdings)"), or an empty string when there is none.
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

/// The answer for `valid`, from its expected path and its Monte Carlo, in the words of
/// `story` (the business as readers call it, how reaching the target is said).
pub fn answer(
    valid: &ValidScenario,
    projection: &Projection,
    mc: &MonteCarlo,
    story: &Story,
) -> Answer {
    let s = valid.get();
    let end = s.start.plus_months(s.horizon_months.saturating_sub(1));
    let target = fmt_musd_short(s.target_annual_revenue_musd);
    let reaching = story.target_words(s.target_annual_revenue_musd);
    let business = &story.file().business;
    let name = headline_name(valid);
    let share = headline_share(valid, projection);
    let when = mc
        .median_reach_month
        .map(|m| format!(", half of the runs by {}", s.start.plus_months(m).label()))
        .unwrap_or_default();
    let chance = format!(
        "{} chance of {reaching} by {} (12 consecutive months bringing {target}){when}",
        fmt_pct(mc.p_reach_target),
        end.label(),
    );
    let sentence = match share {
        Some((at_start, share)) if !name.is_empty() => {
            format!(
                "At {} a month, {name} is {} of {business}; these assumptions give a {chance}.",
                fmt_musd(at_start),
                fmt_pct(share)
            )
        }
        _ => format!("These assumptions give a {chance}."),
    };
    Answer {
        chance: fmt_pct(mc.p_reach_target),
        chance_words: format!("chance of {reaching} by {}", end.label()),
        share_words: share.map(|(_, share)| {
            let who = if name.is_empty() {
                "The largest client"
            } else {
                name.as_str()
            };
            format!("{who} is {} of {business} today", fmt_pct(share))
        }),
        sentence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monte_carlo::simulate_runs;
    use crate::project;
    use crate::test_story::article;

    #[test]
    fn lever_phrases_keep_the_names_capitalised() {
        let story = article();
        let phrases: Vec<String> = story
            .file()
            .levers
            .iter()
            .map(|l| l.phrase_for("TikTok"))
            .collect();
        assert_eq!(
            phrases,
            [
                "TikTok monthly spend",
                "the chance TikTok leaves within a year",
                "the share TikTok keeps if it leaves",
                "the other clients' growth",
                "new clients such as Walmart and Intuit",
            ]
        );
    }

    #[test]
    fn the_article_answer_names_tiktok_its_quarter_and_the_chance() {
        let story = article();
        let base = story.base_case().clone();
        let p = project(&base);
        let mc = simulate_runs(&base, 400);
        let a = answer(&base, &p, &mc, &story);
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
        let story = article();
        let mut s = story.base_case().get().clone();
        for c in &mut s.clients {
            c.monthly_spend_musd = 0.0;
        }
        let valid = crate::validate(s).unwrap();
        let p = project(&valid);
        let mc = simulate_runs(&valid, 100);
        let a = answer(&valid, &p, &mc, &story);
        assert_eq!(a.share_words, None);
        assert!(
            a.sentence.starts_with("These assumptions give a "),
            "{}",
            a.sentence
        );
    }
}
