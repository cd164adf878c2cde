//! The pure revenue and customer-concentration model behind the widget.
//!
//! Everything the widget shows is computed here, from a [`Scenario`] that has been
//! turned into a [`ValidScenario`] by [`validate`]. The crate knows nothing about the
//! browser: it takes plain values and returns plain values, is deterministic for a
//! given scenario and seed on every target, and never panics (clippy's `unwrap_used`,
//! `expect_used`, `panic` and `indexing_slicing` are denied).
//!
//! Units: money is in millions of US dollars (`_musd`), rates are fractions
//! (`0.25` is 25%), months are counted from the scenario's start month (month 0).

#![cfg_attr(
    test,
    allow(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]

pub mod article;
pub mod concentration;
pub mod even_chance;
pub mod export;
pub mod fields;
pub mod format;
pub mod json;
pub mod levers;
pub mod monte_carlo;
pub mod order;
pub mod projection;
pub mod provenance;
pub mod random;
pub mod scenario;
pub mod sensitivity;
pub mod share;
pub mod steps;
pub mod story;
pub mod story_file;
pub mod story_read;
pub mod stress;
pub mod validate;

pub use article::{article_table, ArticleRow};
pub use concentration::{concentration, Concentration, HhiBand};
pub use monte_carlo::{simulate, MonteCarlo};
pub use projection::{project, Projection};
pub use scenario::{Client, Scenario, SimulationSettings, YearMonth, SCHEMA_VERSION};
pub use sensitivity::{sensitivity, Sensitivity};
pub use steps::Steps;
pub use story_file::{Story, StoryError};
pub use stress::{departure, Departure};
pub use validate::{validate, FieldError, ValidScenario, ValidationErrors};

/// The article's story, for the crate's own tests.
#[cfg(test)]
pub(crate) mod test_story {
    /// The story of `stories/article.json`.
    pub(crate) fn article() -> crate::Story {
        crate::Story::parse(include_str!("../../../stories/article.json")).unwrap()
    }

    /// Every preset's scenario of the article's story, the base case first.
    pub(crate) fn presets() -> Vec<crate::Scenario> {
        let story = article();
        (0..story.file().presets.len())
            .filter_map(|i| story.preset_scenario(i))
            .collect()
    }
}
