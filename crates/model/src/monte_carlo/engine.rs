//! The Monte Carlo's engine: every client's revenue in every run, one month at a time and
//! a block of runs at a time. It owns what carries from month to month (each run's spend
//! levels, departure months and stream keys) and hands each block's revenues to the
//! accumulators ([`super::accumulators`]), which alone decide what is summarised.

use super::kernel::{ClientMonth, Runs};
use super::{Condition, NEVER};
use crate::projection::{
    after_leaving, client_hazard, client_levels, expected_presence, monthly_factor, ramp_fraction,
};
use crate::random::{FastExp, Normal, Stream};
use crate::scenario::Client;
use crate::validate::ValidScenario;

/// Stream purposes: a client's growth and its departure (streams are per client id).
const GROWTH: u64 = 0;
const DEPARTURE: u64 = 1;
/// The market factor's stream (no client id is this large).
const MARKET_STREAM: u64 = u64::MAX;

/// Runs simulated together before the accumulators read them: small enough that a
/// block's revenues of every client stay in the processor's first-level cache.
pub(super) const BLOCK_RUNS: usize = 256;

/// How a client is simulated.
pub(super) struct ClientPlan {
    /// The client's spend level per month when it has no volatility (the same in every run).
    fixed_levels: Option<Vec<f64>>,
    drift: f64,
    /// σₘ · √ρ and σₘ · √(1 − ρ).
    market_weight: f64,
    own_weight: f64,
    pub(super) first_month: u32,
    /// Survival (1 − h)^k for k = 0..=horizon − f, when departures are drawn.
    pub(super) survival: Option<Vec<f64>>,
    /// A forced departure month (or [`NEVER`] for "stays"), from the condition.
    pub(super) forced: Option<u16>,
    /// Per month: the deterministic presence (ramp × expected presence for a group;
    /// the ramp for a single customer).
    presence: Vec<f64>,
    /// Per month since leaving, the share still spent, with one more entry (1.0) read
    /// while the client has not left: index min(t − L, horizon).
    after_ext: Vec<f64>,
    /// Whether nothing is spent once wound down (no share kept): growth can stop then.
    ends: bool,
    wind_down_months: u32,
    /// 1 / number of customers, and 0 for an own product (no customer).
    pub(super) per_customer: f64,
    start_spend: f64,
    stream_id: u64,
}

fn plan(
    client: &Client,
    horizon: u32,
    correlation: f64,
    condition: Condition,
    index: usize,
) -> ClientPlan {
    let factor = monthly_factor(client.annual_growth);
    let sigma = client.growth_volatility / 12f64.sqrt();
    let hazard = client_hazard(client);
    let single = client.customers == 1 && !client.own_product;
    let forced = match condition {
        Condition::Stays(i) if i == index => Some(NEVER),
        Condition::LeavesAt { client: i, month } if i == index => {
            Some(u16::try_from(month.max(1)).unwrap_or(NEVER - 1))
        }
        _ => None,
    };
    let group_forced = forced.is_some() && !single;
    let presence = (0..horizon)
        .map(|t| {
            let ramp = ramp_fraction(client, t);
            if single || group_forced {
                ramp
            } else {
                ramp * expected_presence(client, hazard, t)
            }
        })
        .collect();
    let survival = (single && hazard > 0.0 && forced.is_none()).then(|| {
        let span = horizon.saturating_sub(client.first_month);
        (0..=span)
            .map(|k| libm::pow(1.0 - hazard, f64::from(k)))
            .collect()
    });
    let rho = correlation.clamp(0.0, 1.0);
    let mut after_ext: Vec<f64> = (0..horizon).map(|k| after_leaving(client, k)).collect();
    after_ext.push(1.0);
    ClientPlan {
        fixed_levels: (sigma == 0.0).then(|| client_levels(client, horizon)),
        drift: libm::log(factor) - 0.5 * sigma * sigma,
        market_weight: sigma * libm::sqrt(rho),
        own_weight: sigma * libm::sqrt(1.0 - rho),
        first_month: client.first_month,
        survival,
        forced,
        presence,
        after_ext,
        ends: client.kept_share <= 0.0,
        wind_down_months: client.wind_down_months,
        per_customer: if client.own_product {
            0.0
        } else {
            1.0 / f64::from(client.customers.max(1))
        },
        start_spend: client.monthly_spend_musd,
        stream_id: u64::from(client.id),
    }
}

/// The engine: each run's state, advanced month by month.
pub(super) struct Engine {
    pub(super) plans: Vec<ClientPlan>,
    /// `[client][run]`: the month the client leaves (starts winding down), or [`NEVER`].
    pub(super) leave: Vec<u16>,
    /// `[client][run]`: the client's spend level (clients with growth volatility only
    /// use theirs).
    levels: Vec<f64>,
    /// `[random client][run]`: the growth streams of the clients with volatility.
    growth_streams: Vec<Stream>,
    /// Per run: the market factor's stream (empty when no client reads it).
    market_streams: Vec<Stream>,
    /// The block's market normals.
    market: Vec<f64>,
    normal: Normal,
    fast_exp: FastExp,
    pub(super) n_runs: usize,
    horizon: u32,
}

impl Engine {
    /// Plans every client of `scenario` under `condition` and draws each run's departures.
    pub(super) fn new(scenario: &ValidScenario, runs: u32, condition: Condition) -> Self {
        let s = scenario.get();
        let horizon = s.horizon_months;
        let seed = s.simulation.seed;
        let plans: Vec<ClientPlan> = s
            .clients
            .iter()
            .enumerate()
            .map(|(i, c)| plan(c, horizon, s.growth_correlation, condition, i))
            .collect();
        let any_market = plans
            .iter()
            .any(|p| p.fixed_levels.is_none() && p.market_weight > 0.0);
        let n_runs = runs as usize;
        let mut levels: Vec<f64> = Vec::with_capacity(n_runs * plans.len());
        let mut leave: Vec<u16> = Vec::with_capacity(n_runs * plans.len());
        let random_clients = plans.iter().filter(|p| p.fixed_levels.is_none()).count();
        let mut growth_streams: Vec<Stream> = Vec::with_capacity(random_clients * n_runs);
        for p in &plans {
            levels.extend(std::iter::repeat_n(p.start_spend, n_runs));
            for r in 0..u64::from(runs) {
                leave.push(match (&p.forced, &p.survival) {
                    (Some(forced), _) => *forced,
                    (None, Some(survival)) => {
                        let u =
                            Stream::new(seed, r, p.stream_id * 2 + DEPARTURE).uniform_open_zero(0);
                        let rest = survival.get(1..).unwrap_or(&[]);
                        let k = rest.partition_point(|sv| *sv >= u);
                        if k >= rest.len() {
                            NEVER
                        } else {
                            u16::try_from(u64::from(p.first_month) + 1 + k as u64).unwrap_or(NEVER)
                        }
                    }
                    (None, None) => NEVER,
                });
            }
            if p.fixed_levels.is_none() {
                growth_streams.extend(
                    (0..u64::from(runs)).map(|r| Stream::new(seed, r, p.stream_id * 2 + GROWTH)),
                );
            }
        }
        let market_streams: Vec<Stream> = if any_market {
            (0..u64::from(runs))
                .map(|r| Stream::new(seed, r, MARKET_STREAM))
                .collect()
        } else {
            Vec::new()
        };
        Engine {
            plans,
            leave,
            levels,
            growth_streams,
            market_streams,
            market: vec![0.0; BLOCK_RUNS],
            normal: Normal::new(),
            fast_exp: FastExp::new(),
            n_runs,
            horizon,
        }
    }

    /// Simulates month `t` of the runs `lo..lo + totals.len()`: writes each client's
    /// revenue into `revenue` (`[client][run − lo]`, each client's row as long as
    /// `totals`) and each run's total over clients (added in client order) into `totals`.
    pub(super) fn month_block(
        &mut self,
        t: u32,
        lo: usize,
        revenue: &mut [f64],
        totals: &mut [f64],
    ) {
        let len = totals.len();
        let (n_runs, h_end) = (self.n_runs, self.horizon as usize);
        let tu = t as usize;
        let market = self.market.get_mut(..len).unwrap_or(&mut []);
        if self.market_streams.is_empty() || t == 0 {
            market.iter_mut().for_each(|m| *m = 0.0);
        } else {
            let streams = self.market_streams.get(lo..lo + len).unwrap_or(&[]);
            for (m, stream) in market.iter_mut().zip(streams) {
                *m = self.normal.at(*stream, u64::from(t));
            }
        }
        totals.iter_mut().for_each(|v| *v = 0.0);
        let mut streams_used = 0usize;
        for ((i, p), out) in self
            .plans
            .iter()
            .enumerate()
            .zip(revenue.chunks_exact_mut(len))
        {
            let presence = p.presence.get(tu).copied().unwrap_or(0.0);
            let row = i * n_runs + lo..i * n_runs + lo + len;
            let (Some(lv), Some(gone)) = (
                self.levels.get_mut(row.clone()),
                self.leave.get(row.clone()),
            ) else {
                continue;
            };
            let after = p.after_ext.as_slice();
            let share_of = |g: u16| -> f64 {
                let since = (t.wrapping_sub(u32::from(g)) as usize).min(h_end);
                presence * after.get(since).copied().unwrap_or(0.0)
            };
            match &p.fixed_levels {
                Some(fixed) => {
                    let level = fixed.get(tu).copied().unwrap_or(0.0);
                    for ((total, g), out) in totals.iter_mut().zip(gone).zip(out.iter_mut()) {
                        let v = level * share_of(*g);
                        *out = v;
                        *total += v;
                    }
                }
                None => {
                    let start = streams_used + lo;
                    let streams = self.growth_streams.get(start..start + len).unwrap_or(&[]);
                    streams_used += n_runs;
                    let month = ClientMonth {
                        normal: &self.normal,
                        fast_exp: &self.fast_exp,
                        t,
                        grows: t > p.first_month,
                        drift: p.drift,
                        market_weight: p.market_weight,
                        own_weight: p.own_weight,
                        presence,
                        after,
                        ends: p.ends,
                        wind_down_months: p.wind_down_months,
                    };
                    month.run(Runs {
                        streams,
                        market,
                        leave: gone,
                        levels: lv,
                        revenue: out,
                        totals,
                    });
                }
            }
        }
    }
}
