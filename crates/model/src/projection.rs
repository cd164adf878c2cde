//! The expected path: revenue per client per month, the total, trailing and forward
//! 12-month revenue, growth against the market's expectation, and the first month
//! whose 12 months to date bring the target (on the expected path).
//!
//! For client *i* with monthly spend *s*, annual growth *g*, first month *f*, ramp *r*
//! months, annual probability of leaving *p*, wind-down *w* months and share kept
//! after leaving *κ*:
//!
//! - monthly growth factor *m* = (1 + *g*)^(1/12), so growth compounds monthly; the
//!   spend is quoted at the first month, so the level is *s* up to month *f* and
//!   *s* · *m*^(*t* − *f*) after it (a prospect's "$5M a month" is $5M when it starts);
//! - ramp(*t*) = 0 before *f*, then min(1, (*t* − *f* + 1) / *r*) (1 at once when *r* = 0);
//! - monthly hazard *h* = 1 − (1 − *p*)^(1/12) (0 for an own product); the client can
//!   leave from month *f* + 1; the probability it leaves in month *L* is
//!   (1 − *h*)^(*L* − *f* − 1) · *h*, and it is still there at *t* with probability
//!   S(*t*) = (1 − *h*)^(*t* − *f*);
//! - once it leaves in month *L*, the spend winds down linearly to the share kept:
//!   after(*k*) = *κ* + (1 − *κ*) · wind(*k*), wind(*k*) = max(0, 1 − (*k* + 1) / (*w* + 1)),
//!   at *k* = *t* − *L* months after;
//! - expected presence E(*t*) = S(*t*) + Σ_{*L* ≤ *t*} P(*L*) · after(*t* − *L*)
//!   = S(*t*) + *κ* (1 − S(*t*)) + (1 − *κ*) Σ_{*t* − *w* ≤ *L* ≤ *t*} P(*L*) · wind(*t* − *L*);
//! - expected revenue *R*ᵢ(*t*) = level(*t*) · ramp(*t*) · E(*t*).
//!
//! At month 0 every existing client is present with its full spend, so the article's
//! base case comes out exactly: $20M + $60M = $80M a month, a $960M run-rate.

use crate::scenario::{Client, YearMonth};
use crate::validate::ValidScenario;

/// Monthly growth factor (1 + g)^(1/12).
pub(crate) fn monthly_factor(annual_growth: f64) -> f64 {
    libm::pow(1.0 + annual_growth, 1.0 / 12.0)
}

/// Monthly hazard 1 − (1 − p)^(1/12).
pub(crate) fn monthly_hazard(annual_probability: f64) -> f64 {
    let p = annual_probability.clamp(0.0, 1.0);
    1.0 - libm::pow(1.0 - p, 1.0 / 12.0)
}

/// The client's monthly hazard of leaving (0 for an own product, which never leaves).
pub(crate) fn client_hazard(client: &Client) -> f64 {
    if client.own_product {
        0.0
    } else {
        monthly_hazard(client.annual_leave_probability)
    }
}

/// Share of full spend during the ramp-up.
pub(crate) fn ramp_fraction(client: &Client, month: u32) -> f64 {
    if month < client.first_month {
        0.0
    } else if client.ramp_months == 0 {
        1.0
    } else {
        (f64::from(month - client.first_month + 1) / f64::from(client.ramp_months)).min(1.0)
    }
}

/// The winding-down part of the spend `months_since` months after leaving (0 = the month it leaves).
pub(crate) fn wind_fraction(wind_down_months: u32, months_since: u32) -> f64 {
    (1.0 - f64::from(months_since + 1) / f64::from(wind_down_months + 1)).max(0.0)
}

/// Share of its spend a client still brings `months_since` months after leaving:
/// what it keeps plus the part still winding down.
pub(crate) fn after_leaving(client: &Client, months_since: u32) -> f64 {
    let kept = client.kept_share.clamp(0.0, 1.0);
    kept + (1.0 - kept) * wind_fraction(client.wind_down_months, months_since)
}

/// Expected presence of a client in `month`: survival plus the winding-down spend of
/// departures in earlier months.
pub(crate) fn expected_presence(client: &Client, hazard: f64, month: u32) -> f64 {
    if month < client.first_month {
        return 0.0;
    }
    let stay = 1.0 - hazard;
    let elapsed = month - client.first_month;
    let survival = libm::pow(stay, f64::from(elapsed));
    let earliest = month
        .saturating_sub(client.wind_down_months)
        .max(client.first_month + 1);
    let mut winding = 0.0;
    for leave in earliest..=month {
        let p_leave = libm::pow(stay, f64::from(leave - client.first_month - 1)) * hazard;
        winding += p_leave * wind_fraction(client.wind_down_months, month - leave);
    }
    let kept = client.kept_share.clamp(0.0, 1.0);
    survival + kept * (1.0 - survival) + (1.0 - kept) * winding
}

/// The client's spend level per month before ramps and departures: *s* up to its first
/// month, then growing by *m* a month, $M.
pub(crate) fn client_levels(client: &Client, months: u32) -> Vec<f64> {
    let factor = monthly_factor(client.annual_growth);
    let mut level = client.monthly_spend_musd;
    (0..months)
        .map(|t| {
            if t > client.first_month {
                level *= factor;
            }
            level
        })
        .collect()
}

/// Monthly revenue of one client over `months` months when its presence in month
/// *t* (1 while it is a client) is `presence(t)`, $M.
pub(crate) fn client_path_with(
    client: &Client,
    months: u32,
    presence: impl Fn(u32) -> f64,
) -> Vec<f64> {
    client_levels(client, months)
        .into_iter()
        .zip(0..)
        .map(|(level, t)| level * ramp_fraction(client, t) * presence(t))
        .collect()
}

/// Expected monthly revenue of one client over `months` months, $M.
pub fn client_expected_path(client: &Client, months: u32) -> Vec<f64> {
    let hazard = client_hazard(client);
    client_path_with(client, months, |t| expected_presence(client, hazard, t))
}

/// One year of the horizon, counted back from its end so the last block is always
/// the final 12 months.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct YearBlock {
    /// First month of the block.
    pub first_month: u32,
    /// Months in the block: 12, or the whole horizon when it is shorter than a year.
    pub months: u32,
}

impl YearBlock {
    /// Multiplier that turns the block's revenue into an annual figure (12 / months).
    pub fn annualiser(&self) -> f64 {
        12.0 / f64::from(self.months.max(1))
    }
}

/// The 12-month blocks of a horizon, oldest first, ending at the horizon's end; a
/// horizon under a year is one annualised block.
pub fn year_blocks(horizon_months: u32) -> Vec<YearBlock> {
    if horizon_months < 12 {
        return vec![YearBlock {
            first_month: 0,
            months: horizon_months.max(1),
        }];
    }
    let count = horizon_months / 12;
    (0..count)
        .map(|k| YearBlock {
            first_month: horizon_months - 12 * (count - k),
            months: 12,
        })
        .collect()
}

/// One year's expected revenue and its growth over the year before.
#[derive(Clone, Debug, PartialEq)]
pub struct YearSummary {
    /// Months of the block.
    pub block: YearBlock,
    /// First and last calendar month of the block.
    pub from: YearMonth,
    /// Last calendar month of the block.
    pub to: YearMonth,
    /// Revenue in the block (annualised if the horizon is under a year), $M.
    pub revenue_musd: f64,
    /// Growth over the previous block, if there is one and it had revenue.
    pub growth: Option<f64>,
    /// Growth minus the market's expectation, in fraction points (positive = beat).
    pub vs_market: Option<f64>,
}

/// The expected path of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    /// Start month (month 0).
    pub start: YearMonth,
    /// Months projected.
    pub horizon_months: u32,
    /// Client names, in scenario order.
    pub client_names: Vec<String>,
    /// Expected revenue per client per month, `[client][month]`, $M.
    pub client_revenue_musd: Vec<Vec<f64>>,
    /// Expected total revenue per month, $M.
    pub total_musd: Vec<f64>,
    /// Run-rate per month: 12 × the month's total, $M a year.
    pub run_rate_musd: Vec<f64>,
    /// Revenue of the 12 months ending with each month (from month 11), $M.
    pub trailing_12m_musd: Vec<Option<f64>>,
    /// Revenue of the 12 months starting with each month (while they fit the horizon), $M.
    pub forward_12m_musd: Vec<Option<f64>>,
    /// Growth of each month over the same month a year earlier (from month 12).
    pub yoy_growth: Vec<Option<f64>>,
    /// Revenue of the first 12 months (projected past the horizon if it is shorter), $M.
    pub forward_12m_from_start_musd: f64,
    /// On the expected path, the first month whose 12 months to date (that month and
    /// the 11 before it) bring at least the target, if any within the horizon.
    pub target_month: Option<u32>,
    /// Target annual revenue, $M.
    pub target_annual_musd: f64,
    /// The market's expected annual growth.
    pub market_expected_growth: f64,
    /// The horizon's years, oldest first.
    pub years: Vec<YearSummary>,
}

fn ratio_growth(now: f64, before: f64) -> Option<f64> {
    let g = now / before - 1.0;
    (before > 0.0 && g.is_finite()).then_some(g)
}

/// Projects the expected path of `scenario` (formulas in the module docs).
pub fn project(scenario: &ValidScenario) -> Projection {
    let s = scenario.get();
    let horizon = s.horizon_months;
    let months = horizon.max(12);
    let paths: Vec<Vec<f64>> = s
        .clients
        .iter()
        .map(|c| client_expected_path(c, months))
        .collect();
    let mut full_total = vec![0.0; months as usize];
    for path in &paths {
        for (sum, v) in full_total.iter_mut().zip(path) {
            *sum += v;
        }
    }
    let forward_12m_from_start_musd = full_total.iter().take(12).sum();
    let total_musd: Vec<f64> = full_total.iter().take(horizon as usize).copied().collect();
    let client_revenue_musd: Vec<Vec<f64>> = paths
        .into_iter()
        .map(|p| p.into_iter().take(horizon as usize).collect())
        .collect();
    let n = total_musd.len();
    let window = |from: usize| {
        total_musd
            .get(from..from + 12)
            .map(|w| w.iter().sum::<f64>())
    };
    let trailing_12m_musd: Vec<Option<f64>> =
        (0..n).map(|t| t.checked_sub(11).and_then(window)).collect();
    let forward_12m_musd = (0..n).map(window).collect();
    let yoy_growth = (0..n)
        .map(|t| {
            let before = total_musd.get(t.checked_sub(12)?)?;
            ratio_growth(*total_musd.get(t)?, *before)
        })
        .collect();
    let run_rate_musd: Vec<f64> = total_musd.iter().map(|v| v * 12.0).collect();
    let target_month = trailing_12m_musd
        .iter()
        .position(|r: &Option<f64>| r.is_some_and(|r| r >= s.target_annual_revenue_musd))
        .and_then(|t| u32::try_from(t).ok());
    let mut years: Vec<YearSummary> = Vec::new();
    for block in year_blocks(horizon) {
        let from = block.first_month as usize;
        let revenue = total_musd
            .iter()
            .skip(from)
            .take(block.months as usize)
            .sum::<f64>()
            * block.annualiser();
        let growth = years
            .last()
            .and_then(|prev| ratio_growth(revenue, prev.revenue_musd));
        years.push(YearSummary {
            from: s.start.plus_months(block.first_month),
            to: s.start.plus_months(block.first_month + block.months - 1),
            block,
            revenue_musd: revenue,
            growth,
            vs_market: growth.map(|g| g - s.market_expected_growth),
        });
    }
    Projection {
        start: s.start,
        horizon_months: horizon,
        client_names: s.clients.iter().map(|c| c.name.clone()).collect(),
        client_revenue_musd,
        total_musd,
        run_rate_musd,
        trailing_12m_musd,
        forward_12m_musd,
        yoy_growth,
        forward_12m_from_start_musd,
        target_month,
        target_annual_musd: s.target_annual_revenue_musd,
        market_expected_growth: s.market_expected_growth,
        years,
    }
}

/// The constant annual growth that makes the next `months` months, starting at
/// `monthly_now` $M a month and compounding monthly, add up to `target` $M: the
/// growth the article's "path to $1 billion" needs. Found by bisection; `None` when
/// no growth between −99% and 1,000% a year does it.
pub fn growth_needed(monthly_now: f64, target: f64, months: u32) -> Option<f64> {
    let sum = |g: f64| -> f64 {
        let m = monthly_factor(g);
        let mut level = monthly_now;
        let mut total = 0.0;
        for t in 0..months {
            if t > 0 {
                level *= m;
            }
            total += level;
        }
        total
    };
    let (mut lo, mut hi) = (-0.99, 10.0);
    if !(monthly_now > 0.0 && target > 0.0 && months > 0) || sum(lo) > target || sum(hi) < target {
        return None;
    }
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if sum(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(0.5 * (lo + hi))
}

impl Projection {
    /// Growth of the last 12 months over the 12 before them, minus the market's
    /// expectation (positive = beat), when the horizon holds two years.
    pub fn latest_vs_market(&self) -> Option<f64> {
        self.years.last().and_then(|y| y.vs_market)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_needed_for_the_articles_path_to_a_billion() {
        // Flat at $80M a month the next 12 months bring exactly $960M: no growth needed.
        assert!(growth_needed(80.0, 960.0, 12).unwrap().abs() < 1e-9);
        // For $1,000M: 80 · (m¹² − 1) / (m − 1) = 1,000 with m = (1 + g)^(1/12), solved by
        // hand (bisection to 1e-12): g = 9.238% a year.
        let g = growth_needed(80.0, 1000.0, 12).unwrap();
        assert!((g - 0.092_382_785).abs() < 1e-6, "{g}");
        let m = monthly_factor(g);
        let total: f64 = (0..12).map(|t| 80.0 * m.powi(t)).sum();
        assert!((total - 1000.0).abs() < 1e-6, "{total}");
        // Out of reach or meaningless inputs: none.
        assert_eq!(growth_needed(0.0, 1000.0, 12), None);
        assert_eq!(growth_needed(80.0, 1e9, 12), None);
    }
}
