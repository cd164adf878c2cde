//! The inputs a lever or a preset's change can move, as the form lists them: the
//! story file's name of each, its label and unit from the model's table of inputs
//! (`fields.rs`), and the factor from the file's unit to the typed one.

use revenue_model::fields::FieldSpec;
use revenue_model::story_file::{Input, InputName};

/// Every input, the clients' first, in the client card's order.
pub const ALL: [InputName; 12] = InputName::ALL;

/// The input's row of the model's table of inputs.
pub fn spec(input: InputName) -> Option<FieldSpec> {
    match input.input() {
        Input::Client(f) => Some(f.spec()),
        Input::Scenario(f) => f.spec(),
    }
}

/// Whether it is one of a client's inputs (rather than the story's).
pub fn is_client_input(input: InputName) -> bool {
    matches!(input.input(), Input::Client(_))
}

/// The name the story file writes ("annual_leave_probability").
pub fn key(input: InputName) -> String {
    input.as_str().to_string()
}

/// The input named `key` in the story file.
pub fn from_key(key: &str) -> Option<InputName> {
    ALL.into_iter().find(|i| i.as_str() == key)
}

/// How the form labels it: "Annual growth (% a year)", "Target annual revenue ($M a year)".
pub fn label(input: InputName) -> String {
    spec(input).map_or_else(String::new, |s| {
        let mut chars = s.label.chars();
        let first: String = chars
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        format!("{first}{} ({})", chars.as_str(), s.unit_text)
    })
}

/// The factor from the file's unit to the typed one (100 for a percentage).
pub fn scale(input: InputName) -> f64 {
    spec(input).map_or(1.0, |s| s.scale)
}

/// A lever's range when it is set to move `input`: the widget's slider range, in the
/// file's unit.
pub fn default_range(input: InputName) -> [f64; 2] {
    spec(input).map_or([0.0, 1.0], |s| [s.slider.0 / s.scale, s.slider.1 / s.scale])
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_input_has_a_name_a_label_and_a_valid_default_range() {
        for input in ALL {
            assert_eq!(from_key(&key(input)), Some(input));
            assert!(!label(input).is_empty(), "{input:?}");
            let [lo, hi] = default_range(input);
            let (min, max) = input.range();
            assert!(min <= lo && lo < hi && hi <= max, "{input:?}: {lo} {hi}");
        }
        assert_eq!(
            key(InputName::AnnualLeaveProbability),
            "annual_leave_probability"
        );
        assert_eq!(label(InputName::AnnualGrowth), "Annual growth (% a year)");
        assert_eq!(scale(InputName::KeptShare), 100.0);
    }
}
