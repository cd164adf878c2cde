//! The departure stress test: what the expected path loses if one client leaves in a
//! given month and winds down over its wind-down months.
//!
//! With the client's expected revenue *R*ₖ(*t*), the stressed total is
//! *T*′(*t*) = *T*(*t*) − *R*ₖ(*t*) · (1 − wind(*t* − *M*)) for *t* ≥ *M* (wind as in
//! [`crate::projection`]). Then:
//! - revenue lost = Σₜ (*T*(*t*) − *T*′(*t*)) over the horizon;
//! - the deepest drop = the most negative *T*′(*t*) − *T*′(*t* − 1), in $M and as a
//!   fraction of *T*′(*t* − 1);
//! - recovery = the months from *M* until *T*′ is first back at *T*′(*M* − 1), the
//!   revenue before the loss (0 when it never falls below it), or `None` when it
//!   does not climb back within the horizon.

use crate::projection::{wind_fraction, Projection};
use crate::validate::ValidScenario;

/// What a client's departure costs.
#[derive(Clone, Debug, PartialEq)]
pub struct Departure {
    /// The client that leaves.
    pub client: usize,
    /// The month it leaves (its spend starts winding down in this month).
    pub month: u32,
    /// The total revenue per month with the departure, $M.
    pub stressed_total_musd: Vec<f64>,
    /// Revenue lost over the horizon, $M.
    pub revenue_lost_musd: f64,
    /// Deepest month-over-month fall in revenue, $M (0 when revenue never falls).
    pub deepest_drop_musd: f64,
    /// That fall as a fraction of the month before.
    pub deepest_drop_fraction: f64,
    /// The month of the deepest fall.
    pub deepest_drop_month: Option<u32>,
    /// Months needed to climb back to the revenue before the loss; `None` if not within the horizon.
    pub months_to_recover: Option<u32>,
}

/// The departure of client `client` in month `month` (clamped into the horizon; month 0
/// is treated as month 1 so there is a "before"). Returns `None` for a client index
/// that does not exist.
pub fn departure(
    scenario: &ValidScenario,
    projection: &Projection,
    client: usize,
    month: u32,
) -> Option<Departure> {
    let c = scenario.get().clients.get(client)?;
    let path = projection.client_revenue_musd.get(client)?;
    let horizon = projection.total_musd.len();
    let leave = month.clamp(
        1,
        u32::try_from(horizon.saturating_sub(1)).unwrap_or(0).max(1),
    );
    let stressed: Vec<f64> = projection
        .total_musd
        .iter()
        .zip(path)
        .enumerate()
        .map(|(t, (total, own))| {
            let t = u32::try_from(t).unwrap_or(u32::MAX);
            if t >= leave {
                (total - own * (1.0 - wind_fraction(c.wind_down_months, t - leave))).max(0.0)
            } else {
                *total
            }
        })
        .collect();
    let revenue_lost_musd = projection
        .total_musd
        .iter()
        .zip(&stressed)
        .map(|(a, b)| a - b)
        .sum::<f64>()
        .max(0.0);
    let mut deepest_drop_musd = 0.0;
    let mut deepest_drop_fraction = 0.0;
    let mut deepest_drop_month = None;
    for (t, pair) in stressed.windows(2).enumerate() {
        if let [before, now] = pair {
            let drop = before - now;
            if drop > deepest_drop_musd {
                deepest_drop_musd = drop;
                deepest_drop_fraction = if *before > 0.0 { drop / before } else { 0.0 };
                deepest_drop_month = u32::try_from(t + 1).ok();
            }
        }
    }
    let before_idx = (leave - 1) as usize;
    let before_loss = stressed.get(before_idx).copied().unwrap_or(0.0);
    let months_to_recover = stressed
        .iter()
        .enumerate()
        .skip(leave as usize)
        .find(|(_, v)| **v >= before_loss - 1e-9)
        .and_then(|(t, _)| u32::try_from(t - leave as usize).ok());
    Some(Departure {
        client,
        month: leave,
        stressed_total_musd: stressed,
        revenue_lost_musd,
        deepest_drop_musd,
        deepest_drop_fraction,
        deepest_drop_month,
        months_to_recover,
    })
}
