//! Where every input's value comes from: the article, a figure the article implies, a
//! public source (named), an assumption, or a setting of the computation.
//!
//! Provenance is the story's data, keyed by the client's stable id and the field, never
//! by a name: a client keeps its tags when it is renamed. A value is tagged with the
//! story's source only while it equals the story's value for that client (or for the
//! scenario); a value the reader has changed is an assumption.

use crate::scenario::{Client, ClientField, Scenario, ScenarioField};
use crate::story_file::{Source, Story};

/// The kind of source of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// Reported by the article.
    Article,
    /// Not stated, but follows from the article's figures.
    Implied,
    /// A public figure from a named source other than the article.
    Public,
    /// Not said anywhere: an assumption of the scenario or of the reader.
    Assumption,
    /// A setting of the computation, not a claim about the world (runs, seed, horizon).
    Setting,
}

impl SourceKind {
    /// The tag a reader sees.
    pub fn tag(self) -> &'static str {
        match self {
            SourceKind::Article => "article",
            SourceKind::Implied => "implied by the article",
            SourceKind::Public => "public figure",
            SourceKind::Assumption => "assumption",
            SourceKind::Setting => "setting",
        }
    }
}

/// A value's source and, in words, why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// The kind of source.
    pub kind: SourceKind,
    /// One phrase naming the source or the reason ("the article: $20 million a month").
    pub note: String,
    /// Where a public figure can be checked (an http or https address), if anywhere.
    pub link: Option<String>,
}

fn p(kind: SourceKind, note: &str) -> Provenance {
    Provenance {
        kind,
        note: note.to_string(),
        link: None,
    }
}

fn changed() -> Provenance {
    p(
        SourceKind::Assumption,
        "your assumption: changed from the scenario's reference value",
    )
}

impl From<&Source> for Provenance {
    fn from(source: &Source) -> Self {
        match source {
            Source::Article(quote) => p(SourceKind::Article, &format!("the article: {quote}")),
            Source::Implied(reason) => p(SourceKind::Implied, &format!("implied: {reason}")),
            Source::Public { name, url, quote } => Provenance {
                kind: SourceKind::Public,
                note: format!("{name}: {quote}"),
                link: crate::story_file::is_web_link(url).then(|| url.clone()),
            },
            Source::Assumption(reason) => {
                p(SourceKind::Assumption, &format!("an assumption: {reason}"))
            }
        }
    }
}

/// The reference (default) value of `field` for `client`, for "reset": the story's
/// value for the client with its id. `None` for a client the story does not have.
pub fn reference_value(story: &Story, client: &Client, field: ClientField) -> Option<f64> {
    story.client(client.id).map(|c| field.value(&c))
}

/// Where the value of `field` of `client` comes from.
pub fn client_provenance(story: &Story, client: &Client, field: ClientField) -> Provenance {
    let (Some(reference), Some(spec)) = (story.client(client.id), story.file().client(client.id))
    else {
        return if field == ClientField::Name {
            p(SourceKind::Assumption, "a client you added")
        } else {
            changed()
        };
    };
    let same = match field {
        ClientField::Name => client.name.trim() == reference.name.trim(),
        f => (f.value(client) - f.value(&reference)).abs() < 1e-9,
    };
    if same {
        Provenance::from(spec.source_of(field))
    } else {
        changed()
    }
}

/// Where the value of a scenario-level input comes from.
pub fn scenario_provenance(story: &Story, scenario: &Scenario, field: ScenarioField) -> Provenance {
    use SourceKind as K;
    let file = story.file();
    let base = story.base_case().get();
    let same = |a: f64, b: f64| (a - b).abs() < 1e-9;
    match field {
        ScenarioField::Runs | ScenarioField::Seed => p(
            K::Setting,
            "a setting of the computation, not a claim about the world",
        ),
        ScenarioField::HorizonMonths | ScenarioField::Title | ScenarioField::Clients => {
            p(K::Setting, "how far and what to look at")
        }
        ScenarioField::Start if scenario.start == base.start => {
            Provenance::from(&file.start.source)
        }
        ScenarioField::TargetAnnualRevenue
            if same(
                scenario.target_annual_revenue_musd,
                base.target_annual_revenue_musd,
            ) =>
        {
            Provenance::from(&file.target.annual_revenue_musd.source)
        }
        ScenarioField::CompanyAnnualRevenue => {
            match (
                &file.company_annual_revenue_musd,
                scenario.company_annual_revenue_musd,
            ) {
                (Some(c), Some(v)) if same(v, c.value) => Provenance::from(&c.source),
                _ => changed(),
            }
        }
        ScenarioField::MarketExpectedGrowth
            if same(scenario.market_expected_growth, base.market_expected_growth) =>
        {
            Provenance::from(&file.market_expected_growth.source)
        }
        ScenarioField::GrowthCorrelation
            if same(scenario.growth_correlation, base.growth_correlation) =>
        {
            Provenance::from(&file.growth_correlation.source)
        }
        _ => changed(),
    }
}

/// The growth figure the story reports, with its source, if it reports one.
pub fn reported_growth(story: &Story) -> Option<(f64, Provenance)> {
    story
        .file()
        .reported_growth
        .as_ref()
        .map(|r| (r.value, Provenance::from(&r.source)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_story::article;

    #[test]
    fn tags_follow_the_id_not_the_name() {
        let story = article();
        let s = story.base_case().get();
        let mut t = s.clients[0].clone();
        let kind = |c: &Client, f| client_provenance(&story, c, f).kind;
        assert_eq!(kind(&t, ClientField::MonthlySpend), SourceKind::Article);
        assert_eq!(
            client_provenance(&story, &t, ClientField::MonthlySpend).note,
            "the article: $20 million a month"
        );
        t.name = "Renamed".to_string();
        assert_eq!(kind(&t, ClientField::MonthlySpend), SourceKind::Article);
        assert_eq!(kind(&t, ClientField::FirstMonth), SourceKind::Implied);
        assert_eq!(kind(&t, ClientField::AnnualGrowth), SourceKind::Assumption);
        t.monthly_spend_musd = 21.0;
        assert_eq!(kind(&t, ClientField::MonthlySpend), SourceKind::Assumption);
        // A client named like the story's but with another id is not the story's.
        let mut impostor = s.clients[0].clone();
        impostor.id = 500;
        assert_eq!(
            kind(&impostor, ClientField::MonthlySpend),
            SourceKind::Assumption
        );
    }

    #[test]
    fn scenario_inputs_are_tagged_by_kind() {
        let story = article();
        let s = story.base_case().get().clone();
        let kind = |s: &Scenario, f| scenario_provenance(&story, s, f).kind;
        assert_eq!(
            kind(&s, ScenarioField::TargetAnnualRevenue),
            SourceKind::Article
        );
        let company = scenario_provenance(&story, &s, ScenarioField::CompanyAnnualRevenue);
        assert_eq!(company.kind, SourceKind::Public);
        assert!(company.link.is_some_and(|l| l.starts_with("https://")));
        assert_eq!(
            kind(&s, ScenarioField::MarketExpectedGrowth),
            SourceKind::Assumption
        );
        assert_eq!(kind(&s, ScenarioField::Runs), SourceKind::Setting);
        assert_eq!(kind(&s, ScenarioField::Seed), SourceKind::Setting);
        let mut changed = s.clone();
        changed.target_annual_revenue_musd = 1200.0;
        assert_eq!(
            kind(&changed, ScenarioField::TargetAnnualRevenue),
            SourceKind::Assumption
        );
    }
}
