//! Customer concentration per month: each customer's share, top-1 and top-3 shares,
//! the Herfindahl–Hirschman Index, the effective number of customers, and who is at
//! or above the 10% disclosure threshold.
//!
//! An entry standing for *n* equal customers with revenue *R*ᵢ contributes *n*
//! customers of share *R*ᵢ / (*n* · *R*) each, where *R* is the month's total, so
//! a lumped group does not overstate concentration. Then
//!
//! - HHI = 10,000 · Σᵢ *n*ᵢ · (*R*ᵢ / (*n*ᵢ *R*))² = 10,000 · Σᵢ *R*ᵢ² / (*n*ᵢ *R*²), on the 0–10,000 scale;
//! - effective number of customers = 10,000 / HHI;
//! - top-1 share = the largest single customer's share; top-3 = the three largest customers' shares added;
//! - a customer is at or above the threshold of the AI business when its share ≥ 10%, and of the
//!   whole company when its annualised spend 12 · *R*ᵢ / *n*ᵢ ≥ 10% of the company's annual revenue
//!   (the US GAAP major-customer disclosure, ASC 280-10-50-42).
//!
//! The HHI bands are those of the US merger guidelines, used here as an analogy for a
//! business's dependence on its customers: 2023 (above 1,800 is highly concentrated)
//! and 2010 (below 1,500 unconcentrated, 1,500–2,500 moderately, above 2,500 highly).
//! A month with no revenue has all measures at 0. An own product
//! counts in the month's total but is no customer: it adds nothing to the HHI, the
//! top shares or the disclosure test.
//!
//! These are measures of the expected path, a path no single run follows (the headline client is
//! either there in full or gone); the widget's headline concentration comes from the
//! runs ([`crate::monte_carlo::ConcentrationBands`]) and these are a labelled
//! secondary line.

use crate::projection::Projection;
use crate::scenario::Client;

/// Share of revenue from one customer above which it is disclosed (10%).
pub const DISCLOSURE_THRESHOLD: f64 = 0.10;
/// HHI above which the 2023 US merger guidelines call a market highly concentrated.
pub const HHI_2023_HIGH: f64 = 1_800.0;
/// HHI from which the 2010 guidelines call a market moderately concentrated.
pub const HHI_2010_MODERATE: f64 = 1_500.0;
/// HHI above which the 2010 guidelines call a market highly concentrated.
pub const HHI_2010_HIGH: f64 = 2_500.0;

/// The concentration band of an HHI (an analogy with the merger guidelines).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HhiBand {
    /// Below 1,500 (2010) and not above 1,800 (2023).
    Unconcentrated,
    /// 1,500–1,800: moderately concentrated under 2010, not highly under 2023.
    Moderate,
    /// 1,800–2,500: highly concentrated under 2023, moderately under 2010.
    High2023,
    /// Above 2,500: highly concentrated under both.
    High,
}

impl HhiBand {
    /// The band of `hhi`.
    pub fn of(hhi: f64) -> HhiBand {
        if hhi > HHI_2010_HIGH {
            HhiBand::High
        } else if hhi > HHI_2023_HIGH {
            HhiBand::High2023
        } else if hhi >= HHI_2010_MODERATE {
            HhiBand::Moderate
        } else {
            HhiBand::Unconcentrated
        }
    }

    /// How a reader sees the band.
    pub fn describe(self) -> &'static str {
        match self {
            HhiBand::Unconcentrated => "unconcentrated (below 1,500)",
            HhiBand::Moderate => "moderately concentrated under the 2010 guidelines (1,500–1,800)",
            HhiBand::High2023 => "highly concentrated under the 2023 guidelines (above 1,800)",
            HhiBand::High => "highly concentrated under the 2010 and 2023 guidelines (above 2,500)",
        }
    }
}

/// Concentration in one month.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthConcentration {
    /// Each entry's share of the month's revenue (*R*ᵢ / *R*).
    pub entry_share: Vec<f64>,
    /// The share of each single customer of each entry (*R*ᵢ / (*n*ᵢ *R*)).
    pub customer_share: Vec<f64>,
    /// Largest single customer's share.
    pub top1_share: f64,
    /// The three largest customers' shares added.
    pub top3_share: f64,
    /// Herfindahl–Hirschman Index, 0–10,000.
    pub hhi: f64,
    /// 10,000 / HHI (0 when there is no revenue).
    pub effective_customers: f64,
    /// Entries whose single customers are at or above 10% of the AI revenue.
    pub above_threshold_ai: Vec<usize>,
    /// Entries whose single customers are at or above 10% of the company's revenue.
    pub above_threshold_company: Vec<usize>,
}

/// Concentration over the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct Concentration {
    /// One entry per month.
    pub months: Vec<MonthConcentration>,
}

impl Concentration {
    /// A metric over the months, for charts.
    pub fn series(&self, metric: impl Fn(&MonthConcentration) -> f64) -> Vec<f64> {
        self.months.iter().map(metric).collect()
    }
}

/// Concentration of one month with entry revenues `revenue_musd` and customer counts
/// `customers` (0 for an own product, which is no customer).
pub fn month_concentration(
    revenue_musd: &[f64],
    customers: &[u32],
    company_annual_musd: Option<f64>,
) -> MonthConcentration {
    let total: f64 = revenue_musd.iter().map(|r| r.max(0.0)).sum();
    let is_customer = |i: usize| customers.get(i).copied().unwrap_or(1) > 0;
    let count = |i: usize| f64::from(customers.get(i).copied().unwrap_or(1).max(1));
    if total <= 0.0 || !total.is_finite() {
        let zeros = vec![0.0; revenue_musd.len()];
        return MonthConcentration {
            entry_share: zeros.clone(),
            customer_share: zeros,
            top1_share: 0.0,
            top3_share: 0.0,
            hhi: 0.0,
            effective_customers: 0.0,
            above_threshold_ai: Vec::new(),
            above_threshold_company: Vec::new(),
        };
    }
    let entry_share: Vec<f64> = revenue_musd.iter().map(|r| r.max(0.0) / total).collect();
    let customer_share: Vec<f64> = entry_share
        .iter()
        .enumerate()
        .map(|(i, s)| if is_customer(i) { s / count(i) } else { 0.0 })
        .collect();
    let hhi = (10_000.0
        * entry_share
            .iter()
            .enumerate()
            .filter(|(i, _)| is_customer(*i))
            .map(|(i, s)| s * s / count(i))
            .sum::<f64>())
    .clamp(0.0, 10_000.0);
    let mut ranked: Vec<(f64, f64)> = customer_share
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, count(i)))
        .collect();
    crate::order::sort_short_by(&mut ranked, |a, b| b.0.total_cmp(&a.0));
    let top1_share = ranked.first().map_or(0.0, |r| r.0);
    let mut top3_share = 0.0;
    let mut left = 3.0;
    for (share, n) in ranked {
        let take = n.min(left);
        top3_share += share * take;
        left -= take;
        if left <= 0.0 {
            break;
        }
    }
    let above_threshold_ai = (0..customer_share.len())
        .filter(|&i| {
            customer_share
                .get(i)
                .is_some_and(|s| *s >= DISCLOSURE_THRESHOLD - 1e-12)
        })
        .collect();
    let above_threshold_company = match company_annual_musd {
        Some(company) if company > 0.0 => (0..revenue_musd.len())
            .filter(|&i| {
                is_customer(i)
                    && revenue_musd
                        .get(i)
                        .is_some_and(|r| 12.0 * r / count(i) >= DISCLOSURE_THRESHOLD * company)
            })
            .collect(),
        _ => Vec::new(),
    };
    MonthConcentration {
        entry_share,
        customer_share,
        top1_share: top1_share.min(1.0),
        top3_share: top3_share.min(1.0),
        hhi,
        effective_customers: if hhi > 0.0 { 10_000.0 / hhi } else { 0.0 },
        above_threshold_ai,
        above_threshold_company,
    }
}

/// The customer counts of `clients` as [`month_concentration`] reads them (0 for an own product).
pub fn customer_counts(clients: &[Client]) -> Vec<u32> {
    clients
        .iter()
        .map(|c| if c.own_product { 0 } else { c.customers.max(1) })
        .collect()
}

/// Concentration of the expected path, month by month (`customers` from [`customer_counts`]).
pub fn concentration(
    projection: &Projection,
    customers: &[u32],
    company_annual_musd: Option<f64>,
) -> Concentration {
    let months = (0..projection.total_musd.len())
        .map(|t| {
            let revenue: Vec<f64> = projection
                .client_revenue_musd
                .iter()
                .map(|path| path.get(t).copied().unwrap_or(0.0))
                .collect();
            month_concentration(&revenue, customers, company_annual_musd)
        })
        .collect();
    Concentration { months }
}
