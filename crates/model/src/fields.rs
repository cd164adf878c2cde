//! One table of every numeric input: its label, unit, how it is displayed, its valid
//! range, its slider's range and step, and whether it is a whole number. Validation,
//! the widget's inputs and the sensitivity read it; nothing else repeats it.

use crate::scenario::{ClientField, ScenarioField};

/// How a value is written for a reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Millions of dollars ("$20M").
    Money,
    /// A fraction shown as a percentage ("25%").
    Percent,
    /// Months.
    Months,
    /// A plain count.
    Count,
    /// A plain number with decimals (a correlation).
    Ratio,
}

/// One input's description.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldSpec {
    /// Lower-case label ("monthly spend").
    pub label: &'static str,
    /// The unit written beside the input ("$M a month").
    pub unit_text: &'static str,
    /// How values are formatted.
    pub unit: Unit,
    /// Factor from the model's value to the displayed one (100 for percentages).
    pub scale: f64,
    /// Smallest valid value (model units).
    pub min: f64,
    /// Largest valid value (model units).
    pub max: f64,
    /// The slider's range, in displayed units (the number field accepts the whole valid range).
    pub slider: (f64, f64),
    /// The slider's step, in displayed units.
    pub step: f64,
    /// Whether the value is a whole number.
    pub integer: bool,
}

/// Longest client name, characters.
pub const MAX_NAME_CHARS: usize = 60;
/// Longest title, characters.
pub const MAX_TITLE_CHARS: usize = 120;

const fn spec(
    label: &'static str,
    unit_text: &'static str,
    unit: Unit,
    (min, max): (f64, f64),
    slider: (f64, f64),
    step: f64,
) -> FieldSpec {
    let (scale, integer) = match unit {
        Unit::Percent => (100.0, false),
        Unit::Money | Unit::Ratio => (1.0, false),
        Unit::Months | Unit::Count => (1.0, true),
    };
    FieldSpec {
        label,
        unit_text,
        unit,
        scale,
        min,
        max,
        slider,
        step,
        integer,
    }
}

impl ClientField {
    /// The field's row of the table (the name has a text row: its range is its length).
    pub const fn spec(self) -> FieldSpec {
        match self {
            ClientField::Name => spec(
                "name",
                "",
                Unit::Count,
                (1.0, MAX_NAME_CHARS as f64),
                (0.0, 0.0),
                1.0,
            ),
            ClientField::MonthlySpend => spec(
                "monthly spend",
                "$M a month",
                Unit::Money,
                (0.0, 100_000.0),
                (0.0, 200.0),
                1.0,
            ),
            ClientField::AnnualGrowth => spec(
                "annual growth",
                "% a year",
                Unit::Percent,
                (-0.99, 10.0),
                (-50.0, 150.0),
                1.0,
            ),
            ClientField::GrowthVolatility => spec(
                "growth volatility",
                "% a year (σ)",
                Unit::Percent,
                (0.0, 3.0),
                (0.0, 100.0),
                1.0,
            ),
            ClientField::FirstMonth => spec(
                "first month",
                "months from start",
                Unit::Count,
                (0.0, 120.0),
                (0.0, 120.0),
                1.0,
            ),
            ClientField::RampMonths => spec(
                "ramp-up months",
                "months",
                Unit::Months,
                (0.0, 60.0),
                (0.0, 36.0),
                1.0,
            ),
            ClientField::AnnualLeaveProbability => spec(
                "annual probability of leaving",
                "% a year",
                Unit::Percent,
                (0.0, 1.0),
                (0.0, 100.0),
                1.0,
            ),
            ClientField::WindDownMonths => spec(
                "wind-down months",
                "months",
                Unit::Months,
                (0.0, 36.0),
                (0.0, 24.0),
                1.0,
            ),
            ClientField::KeptShare => spec(
                "share of spend kept after leaving",
                "% of spend",
                Unit::Percent,
                (0.0, 1.0),
                (0.0, 100.0),
                5.0,
            ),
            ClientField::Customers => spec(
                "number of customers",
                "customers",
                Unit::Count,
                (1.0, 100_000.0),
                (1.0, 1000.0),
                1.0,
            ),
        }
    }
}

impl ScenarioField {
    /// The field's row of the table (`None` for the title and the number of clients,
    /// which are not numbers a reader types).
    pub const fn spec(self) -> Option<FieldSpec> {
        Some(match self {
            ScenarioField::Title | ScenarioField::Start | ScenarioField::Clients => return None,
            ScenarioField::HorizonMonths => spec(
                "horizon",
                "months",
                Unit::Months,
                (12.0, 120.0),
                (12.0, 120.0),
                1.0,
            ),
            ScenarioField::TargetAnnualRevenue => spec(
                "target annual revenue",
                "$M a year",
                Unit::Money,
                (1.0, 1e7),
                (100.0, 5000.0),
                50.0,
            ),
            ScenarioField::CompanyAnnualRevenue => spec(
                "whole company's annual revenue",
                "$M a year",
                Unit::Money,
                (1.0, 1e8),
                (10_000.0, 500_000.0),
                5000.0,
            ),
            ScenarioField::MarketExpectedGrowth => spec(
                "growth the market expects",
                "% a year",
                Unit::Percent,
                (-0.99, 10.0),
                (-20.0, 100.0),
                1.0,
            ),
            ScenarioField::GrowthCorrelation => spec(
                "correlation of the clients' growth",
                "(0 = independent, 1 = one shock for all)",
                Unit::Ratio,
                (0.0, 1.0),
                (0.0, 1.0),
                0.05,
            ),
            ScenarioField::Runs => spec(
                "Monte Carlo runs",
                "runs",
                Unit::Count,
                (100.0, 100_000.0),
                (100.0, 100_000.0),
                100.0,
            ),
            ScenarioField::Seed => spec(
                "random seed",
                "",
                Unit::Count,
                (0.0, 18_446_744_073_709_551_615.0),
                (0.0, 10_000.0),
                1.0,
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sliders_lie_inside_the_valid_ranges() {
        for field in ClientField::ALL {
            let s = field.spec();
            if field == ClientField::Name {
                continue;
            }
            assert!(s.min <= s.max, "{}", s.label);
            assert!(s.slider.0 / s.scale >= s.min - 1e-12, "{}", s.label);
            assert!(s.slider.1 / s.scale <= s.max + 1e-12, "{}", s.label);
            assert!(s.step > 0.0);
        }
    }
}
