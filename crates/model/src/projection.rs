//! The expected path: revenue per client per month, the total, trailing and forward
//! 12-month revenue, growth against the market's expectation, and the month the
//! run-rate first reaches the target.
//!
//! For client *i* with monthly spend *s*, annual growth *g*, first month *f*, ramp *r*
//! months, annual probability of leaving *p* and wind-down *w* months:
//!
//! - monthly growth factor *m* = (1 + *g*)^(1/12), so growth compounds monthly;
//! - ramp(*t*) = 0 before *f*, then min(1, (*t* − *f* + 1) / *r*) (1 at once when *r* = 0);
//! - monthly hazard *h* = 1 − (1 − *p*)^(1/12); the client can leave from month *f* + 1;
//!   the probability it leaves in month *L* is (1 − *h*)^(*L* − *f* − 1) · *h*, and it is
//!   still there at *t* with probability S(*t*) = (1 − *h*)^(*t* − *f*);
//! - once it leaves in month *L*, the spend winds down linearly:
//!   wind(*k*) = max(0, 1 − (*k* + 1) / (*w* + 1)) at *k* = *t* − *L* months after;
//! - expected revenue *R*ᵢ(*t*) = *s* · *m*ᵗ · ramp(*t*) · [S(*t*) + Σ_L P(*L*) · wind(*t* − *L*)].
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

/// Share of spend left `months_since` months after leaving (0 = the month it leaves).
pub(crate) fn wind_fraction(wind_down_months: u32, months_since: u32) -> f64 {
    (1.0 - f64::from(months_since + 1) / f64::from(wind_down_months + 1)).max(0.0)
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
    survival + winding
}

/// Expected monthly revenue of one client over `months` months, $M.
pub fn client_expected_path(client: &Client, months: u32) -> Vec<f64> {
    let factor = monthly_factor(client.annual_growth);
    let hazard = monthly_hazard(client.annual_leave_probability);
    let mut level = client.monthly_spend_musd;
    (0..months)
        .map(|t| {
            if t > 0 {
                level *= factor;
            }
            level * ramp_fraction(client, t) * expected_presence(client, hazard, t)
        })
        .collect()
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
    /// The first month whose run-rate reaches the target, if any within the horizon.
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
    let trailing_12m_musd = (0..n).map(|t| t.checked_sub(11).and_then(window)).collect();
    let forward_12m_musd = (0..n).map(window).collect();
    let yoy_growth = (0..n)
        .map(|t| {
            let before = total_musd.get(t.checked_sub(12)?)?;
            ratio_growth(*total_musd.get(t)?, *before)
        })
        .collect();
    let run_rate_musd: Vec<f64> = total_musd.iter().map(|v| v * 12.0).collect();
    let target_month = run_rate_musd
        .iter()
        .position(|r| *r >= s.target_annual_revenue_musd)
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

impl Projection {
    /// Growth of the last 12 months over the 12 before them, minus the market's
    /// expectation (positive = beat), when the horizon holds two years.
    pub fn latest_vs_market(&self) -> Option<f64> {
        self.years.last().and_then(|y| y.vs_market)
    }
}
