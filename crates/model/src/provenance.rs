//! Where every input's value comes from: the article, a figure the article implies, a
//! public source (named), an assumption, or a setting of the computation.
//!
//! Provenance is data, keyed by the client's stable id and the field, never by a name:
//! a client keeps its tags when it is renamed. A value is tagged with its reference's
//! provenance only while it equals the reference value (the article's base case, or the
//! preset that introduced the client); a value the reader has changed is an assumption.

use crate::presets::{
    article_base_case, diversified, new_clients, ARTICLE_AZURE_GROWTH, COPILOT_ID, INTUIT_ID,
    NEW_CLIENTS_ID, OTHERS_ID, SWITCHERS_ID, TIKTOK_ID, WALMART_ID,
};
use crate::scenario::{Client, ClientField, Scenario, ScenarioField};

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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// The kind of source.
    pub kind: SourceKind,
    /// One phrase naming the source or the reason ("the article: $20 million a month").
    pub note: &'static str,
}

const fn p(kind: SourceKind, note: &'static str) -> Provenance {
    Provenance { kind, note }
}

const ASSUMED: Provenance = p(
    SourceKind::Assumption,
    "an assumption: the article does not say",
);
const CHANGED: Provenance = p(
    SourceKind::Assumption,
    "your assumption: changed from the scenario's reference value",
);

/// The provenance of `field` for the client whose reference (same id) is `reference`,
/// while the value is the reference's.
fn reference_provenance(id: u32, field: ClientField) -> Provenance {
    use ClientField as F;
    use SourceKind as K;
    match (id, field) {
        (TIKTOK_ID, F::Name) => p(K::Article, "the article: TikTok, owned by ByteDance"),
        (TIKTOK_ID, F::MonthlySpend) => p(K::Article, "the article: $20 million a month"),
        (TIKTOK_ID, F::FirstMonth | F::RampMonths) => p(
            K::Implied,
            "implied: the article describes TikTok as spending already",
        ),
        (TIKTOK_ID, F::Customers) => p(K::Implied, "implied: one company, ByteDance"),
        (OTHERS_ID, F::Name) => p(K::Implied, "implied: everyone but TikTok"),
        (OTHERS_ID, F::MonthlySpend) => p(
            K::Implied,
            "implied: $20M is 25% of $80M a month, so the others spend $60M",
        ),
        (OTHERS_ID, F::FirstMonth | F::RampMonths) => p(
            K::Implied,
            "implied: the article's 25% is a share of revenue earned today",
        ),
        (WALMART_ID | INTUIT_ID, F::Name) => {
            p(K::Article, "the article names it as a new corporate client")
        }
        (SWITCHERS_ID, F::Name) => p(
            K::Article,
            "the article: some clients switch from Google and Amazon",
        ),
        (NEW_CLIENTS_ID, F::Name) => p(
            K::Article,
            "the article: new corporate clients such as Walmart and Intuit, some switching from Google and Amazon",
        ),
        (COPILOT_ID, F::Name) => p(
            K::Article,
            "the article: Microsoft also diversifies with Copilot, its own product",
        ),
        _ => ASSUMED,
    }
}

/// The reference client with `id`: the base case's TikTok and other clients, or the
/// diversified preset's new clients.
fn reference_client(id: u32) -> Option<Client> {
    article_base_case()
        .clients
        .into_iter()
        .chain(diversified().clients)
        .chain([new_clients(10.0)])
        .find(|c| c.id == id)
}

/// The reference (default) value of `field` for `client`, for "reset": its preset's
/// value, looked up by id. `None` for a client no preset has.
pub fn reference_value(client: &Client, field: ClientField) -> Option<f64> {
    reference_client(client.id).map(|c| field.value(&c))
}

/// Where the value of `field` of `client` comes from.
pub fn client_provenance(client: &Client, field: ClientField) -> Provenance {
    let Some(reference) = reference_client(client.id) else {
        return if field == ClientField::Name {
            p(SourceKind::Assumption, "a client you added")
        } else {
            CHANGED
        };
    };
    let same = match field {
        ClientField::Name => client.name.trim() == reference.name.trim(),
        f => (f.value(client) - f.value(&reference)).abs() < 1e-9,
    };
    if same {
        reference_provenance(client.id, field)
    } else {
        CHANGED
    }
}

/// Where the value of a scenario-level input comes from.
pub fn scenario_provenance(scenario: &Scenario, field: ScenarioField) -> Provenance {
    use SourceKind as K;
    let base = article_base_case();
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
            p(K::Article, "the article's date, August 2024")
        }
        ScenarioField::TargetAnnualRevenue
            if same(
                scenario.target_annual_revenue_musd,
                base.target_annual_revenue_musd,
            ) =>
        {
            p(K::Article, "the article: a path to $1 billion a year")
        }
        ScenarioField::CompanyAnnualRevenue
            if scenario.company_annual_revenue_musd == base.company_annual_revenue_musd =>
        {
            p(
                K::Public,
                "Microsoft's annual report: $245.1 billion revenue in fiscal 2024 (to June 2024)",
            )
        }
        ScenarioField::MarketExpectedGrowth
            if same(
                scenario.market_expected_growth,
                base.market_expected_growth,
            ) =>
        {
            p(
                K::Assumption,
                "an assumption: the article says Azure's 29% fell short of expectations, not by how much",
            )
        }
        ScenarioField::GrowthCorrelation
            if same(scenario.growth_correlation, base.growth_correlation) =>
        {
            p(
                K::Assumption,
                "an assumption: AI clients' spending rises and falls partly with the same demand, so their shocks are taken as moderately correlated",
            )
        }
        _ => CHANGED,
    }
}

/// The article's one growth figure, for comparison: Azure's cloud growth in the
/// quarter, year over year.
pub fn article_azure_growth() -> (f64, Provenance) {
    (
        ARTICLE_AZURE_GROWTH,
        p(
            SourceKind::Article,
            "the article: Azure's cloud business grew 29% in the quarter, short of expectations",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_follow_the_id_not_the_name() {
        let s = article_base_case();
        let mut t = s.clients[0].clone();
        assert_eq!(
            client_provenance(&t, ClientField::MonthlySpend).kind,
            SourceKind::Article
        );
        t.name = "TikTok".to_string();
        assert_eq!(
            client_provenance(&t, ClientField::MonthlySpend).kind,
            SourceKind::Article
        );
        assert_eq!(
            client_provenance(&t, ClientField::FirstMonth).kind,
            SourceKind::Implied
        );
        assert_eq!(
            client_provenance(&t, ClientField::AnnualGrowth).kind,
            SourceKind::Assumption
        );
        t.monthly_spend_musd = 21.0;
        assert_eq!(
            client_provenance(&t, ClientField::MonthlySpend).kind,
            SourceKind::Assumption
        );
        // A client named like TikTok but with another id is not the article's.
        let mut impostor = s.clients[0].clone();
        impostor.id = 500;
        assert_eq!(
            client_provenance(&impostor, ClientField::MonthlySpend).kind,
            SourceKind::Assumption
        );
    }

    #[test]
    fn scenario_inputs_are_tagged_by_kind() {
        let s = article_base_case();
        let kind = |f| scenario_provenance(&s, f).kind;
        assert_eq!(
            kind(ScenarioField::TargetAnnualRevenue),
            SourceKind::Article
        );
        assert_eq!(
            kind(ScenarioField::CompanyAnnualRevenue),
            SourceKind::Public
        );
        assert_eq!(
            kind(ScenarioField::MarketExpectedGrowth),
            SourceKind::Assumption
        );
        assert_eq!(kind(ScenarioField::Runs), SourceKind::Setting);
        assert_eq!(kind(ScenarioField::Seed), SourceKind::Setting);
        let mut changed = s.clone();
        changed.target_annual_revenue_musd = 1200.0;
        assert_eq!(
            scenario_provenance(&changed, ScenarioField::TargetAnnualRevenue).kind,
            SourceKind::Assumption
        );
    }
}
