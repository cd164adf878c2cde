//! The messages between the widget and its simulation worker, without a text format:
//! every message is a plain object `{ numbers: Float64Array, texts: Array<string> }`
//! (structured-cloned, the numbers' buffer transferred rather than copied). A [`Wire`]
//! holds the two lists; the functions here write every request and reply into one and
//! read it back, field by field in a fixed order, so the page and the worker agree bit
//! for bit (an `f64` crosses unchanged; integers are exact in an `f64` up to 2⁵³, and a
//! `u64` seed crosses as two 32-bit halves).

use revenue_model::levers::{response_curves, Curve, Lever, LeverTarget, CURVE_RUNS};
use revenue_model::monte_carlo::{
    Bands, ConcentrationBands, Histogram, MonteCarlo, YearDistribution,
};
use revenue_model::projection::YearBlock;
use revenue_model::scenario::{ClientField, ScenarioField};
use revenue_model::sensitivity::{Sensitivity, SensitivityRow};
use revenue_model::stress::{departure_odds, DepartureOdds};
use revenue_model::{Client, Scenario, SimulationSettings, YearMonth};
use wasm_bindgen::{JsCast, JsValue};

/// Runs the Monte Carlo for the sensitivity tornado's probabilities uses per move (on
/// the same streams for every move, so differences are the inputs', not noise).
pub const SENSITIVITY_RUNS: u32 = revenue_model::sensitivity::MIN_PROBABILITY_RUNS;

/// Runs of each case of the departure test's odds (both on the same draws).
pub const DEPARTURE_RUNS: u32 = 1_000;

/// What the widget asks of the worker.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// Increases with every request; a reply carries it back.
    pub id: u32,
    /// What to compute.
    pub job: Job,
    /// The (valid) scenario.
    pub scenario: Scenario,
    /// The story's key levers (for [`Job::Curves`]; empty otherwise).
    pub levers: Vec<Lever>,
}

/// A computation the worker does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// The full Monte Carlo with the scenario's runs.
    Simulate,
    /// The sensitivity tornado with probabilities.
    Sensitivity,
    /// The key levers' response curves.
    Curves,
    /// The departure test's odds: client `client` (index) stays, or leaves in `month`.
    Departure {
        /// The client's index.
        client: u32,
        /// The month it leaves.
        month: u32,
    },
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// The worker has loaded and takes requests.
    Ready,
    /// A Monte Carlo result.
    Simulated {
        /// The request's id.
        id: u32,
        /// The result (boxed: it is much larger than the other replies).
        result: Box<MonteCarlo>,
    },
    /// A sensitivity result.
    Sensitivity {
        /// The request's id.
        id: u32,
        /// The result.
        result: Sensitivity,
    },
    /// The worker cannot serve anything: its script or WebAssembly did not load or
    /// compile, or it stopped with an error. Its start script sends this (as the text
    /// `{"Unavailable":{"message":"..."}}`), never the WebAssembly.
    Unavailable {
        /// What went wrong, for the console.
        message: String,
    },
    /// The key levers' response curves.
    Curves {
        /// The request's id.
        id: u32,
        /// One curve per lever that applies.
        result: Vec<Curve>,
    },
    /// The departure test's odds (`None` for a client that cannot leave).
    Departure {
        /// The request's id.
        id: u32,
        /// The result.
        result: Option<DepartureOdds>,
    },
    /// The request could not be served.
    Failed {
        /// The request's id.
        id: u32,
        /// Why.
        message: String,
    },
}

/// Serves one request (the worker's whole job).
pub fn serve(request: &Request) -> Reply {
    let valid = match revenue_model::validate(request.scenario.clone()) {
        Ok(v) => v,
        Err(e) => {
            return Reply::Failed {
                id: request.id,
                message: e.to_string(),
            }
        }
    };
    match request.job {
        Job::Simulate => Reply::Simulated {
            id: request.id,
            result: Box::new(revenue_model::simulate(&valid)),
        },
        Job::Sensitivity => Reply::Sensitivity {
            id: request.id,
            result: revenue_model::sensitivity(&valid, Some(SENSITIVITY_RUNS)),
        },
        Job::Curves => Reply::Curves {
            id: request.id,
            result: response_curves(&valid, &request.levers, CURVE_RUNS),
        },
        Job::Departure { client, month } => Reply::Departure {
            id: request.id,
            result: departure_odds(&valid, client as usize, month, DEPARTURE_RUNS),
        },
    }
}

/// Serves a request given as a message and answers one (see [`to_message`]).
pub fn serve_message(data: &JsValue) -> (JsValue, js_sys::Array) {
    let reply = match from_message(data).as_ref().and_then(read_request) {
        Some(request) => serve(&request),
        None => Reply::Failed {
            id: 0,
            message: "unreadable request".to_string(),
        },
    };
    to_message(&write_reply(&reply))
}

/// A message's contents: numbers and texts, read in the order they were written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Wire {
    /// The numbers.
    pub numbers: Vec<f64>,
    /// The texts (names and labels).
    pub texts: Vec<String>,
}

impl Wire {
    fn f64(&mut self, v: f64) {
        self.numbers.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.numbers.push(f64::from(v));
    }
    fn usize(&mut self, v: usize) {
        self.u32(u32::try_from(v).unwrap_or(u32::MAX));
    }
    fn i32(&mut self, v: i32) {
        self.numbers.push(f64::from(v));
    }
    fn u64(&mut self, v: u64) {
        self.u32((v >> 32) as u32);
        self.u32((v & 0xffff_ffff) as u32);
    }
    fn bool(&mut self, v: bool) {
        self.u32(u32::from(v));
    }
    fn text(&mut self, v: &str) {
        self.texts.push(v.to_string());
    }
    fn opt_f64(&mut self, v: Option<f64>) {
        self.bool(v.is_some());
        self.f64(v.unwrap_or(0.0));
    }
    fn f64s(&mut self, v: &[f64]) {
        self.usize(v.len());
        self.numbers.extend_from_slice(v);
    }
    fn month(&mut self, v: YearMonth) {
        self.i32(v.year);
        self.u32(v.month);
    }
}

/// Reads a [`Wire`] back; every read is `None` once the message is too short or a value
/// is out of its range.
struct Reader<'a> {
    numbers: std::slice::Iter<'a, f64>,
    texts: std::slice::Iter<'a, String>,
}

impl<'a> Reader<'a> {
    fn new(wire: &'a Wire) -> Self {
        Self {
            numbers: wire.numbers.iter(),
            texts: wire.texts.iter(),
        }
    }
    fn f64(&mut self) -> Option<f64> {
        self.numbers.next().copied()
    }
    fn whole(&mut self, max: f64) -> Option<f64> {
        self.f64()
            .filter(|v| v.fract() == 0.0 && (0.0..=max).contains(v))
    }
    fn u32(&mut self) -> Option<u32> {
        self.whole(f64::from(u32::MAX)).map(|v| v as u32)
    }
    fn usize(&mut self) -> Option<usize> {
        self.u32().map(|v| v as usize)
    }
    fn i32(&mut self) -> Option<i32> {
        self.f64()
            .filter(|v| v.fract() == 0.0 && (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(v))
            .map(|v| v as i32)
    }
    fn u64(&mut self) -> Option<u64> {
        let high = u64::from(self.u32()?);
        let low = u64::from(self.u32()?);
        Some((high << 32) | low)
    }
    fn bool(&mut self) -> Option<bool> {
        match self.u32()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn text(&mut self) -> Option<String> {
        self.texts.next().cloned()
    }
    fn opt_f64(&mut self) -> Option<Option<f64>> {
        let some = self.bool()?;
        let v = self.f64()?;
        Some(some.then_some(v))
    }
    /// A length, at most the numbers left (each item takes at least one).
    fn len(&mut self) -> Option<usize> {
        let n = self.usize()?;
        (n <= self.numbers.len()).then_some(n)
    }
    fn f64s(&mut self) -> Option<Vec<f64>> {
        let n = self.len()?;
        (0..n).map(|_| self.f64()).collect()
    }
    fn array<const N: usize>(&mut self) -> Option<[f64; N]> {
        let mut out = [0.0; N];
        for slot in &mut out {
            *slot = self.f64()?;
        }
        Some(out)
    }
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.len()?;
        (0..n).map(|_| item(self)).collect()
    }
    fn month(&mut self) -> Option<YearMonth> {
        Some(YearMonth {
            year: self.i32()?,
            month: self.u32()?,
        })
    }
    /// Everything was read.
    fn done(&self) -> bool {
        self.numbers.len() == 0 && self.texts.len() == 0
    }
}

fn write_scenario(w: &mut Wire, s: &Scenario) {
    w.u32(s.schema_version);
    w.text(&s.title);
    w.month(s.start);
    w.u32(s.horizon_months);
    w.text(&s.currency);
    w.f64(s.target_annual_revenue_musd);
    w.opt_f64(s.company_annual_revenue_musd);
    w.f64(s.market_expected_growth);
    w.f64(s.growth_correlation);
    w.usize(s.clients.len());
    for c in &s.clients {
        write_client(w, c);
    }
    w.u32(s.simulation.runs);
    w.u64(s.simulation.seed);
    w.u32(s.headline_client_id);
}

fn write_client(w: &mut Wire, c: &Client) {
    w.u32(c.id);
    w.text(&c.name);
    w.bool(c.own_product);
    w.f64(c.monthly_spend_musd);
    w.f64(c.annual_growth);
    w.f64(c.growth_volatility);
    w.u32(c.first_month);
    w.u32(c.ramp_months);
    w.f64(c.annual_leave_probability);
    w.u32(c.wind_down_months);
    w.f64(c.kept_share);
    w.u32(c.customers);
}

fn read_client(r: &mut Reader) -> Option<Client> {
    Some(Client {
        id: r.u32()?,
        name: r.text()?,
        own_product: r.bool()?,
        monthly_spend_musd: r.f64()?,
        annual_growth: r.f64()?,
        growth_volatility: r.f64()?,
        first_month: r.u32()?,
        ramp_months: r.u32()?,
        annual_leave_probability: r.f64()?,
        wind_down_months: r.u32()?,
        kept_share: r.f64()?,
        customers: r.u32()?,
    })
}

/// A lever's target as three numbers: its kind (0 headline, 1 a client, 2 the
/// scenario), the client's id (0 for none) and the field's position in its list.
fn write_target(w: &mut Wire, target: LeverTarget) {
    let client_field = |f: ClientField| {
        ClientField::ALL
            .iter()
            .position(|x| *x == f)
            .unwrap_or(usize::MAX)
    };
    let (kind, id, field) = match target {
        LeverTarget::Headline(f) => (0, 0, client_field(f)),
        LeverTarget::Client(id, f) => (1, id, client_field(f)),
        LeverTarget::Scenario(f) => (
            2,
            0,
            SCENARIO_FIELDS
                .iter()
                .position(|x| *x == f)
                .unwrap_or(usize::MAX),
        ),
    };
    w.u32(kind);
    w.u32(id);
    w.usize(field);
}

/// The scenario-level inputs a lever can move, in [`write_target`]'s order.
const SCENARIO_FIELDS: [ScenarioField; 3] = [
    ScenarioField::TargetAnnualRevenue,
    ScenarioField::MarketExpectedGrowth,
    ScenarioField::GrowthCorrelation,
];

fn read_target(r: &mut Reader) -> Option<LeverTarget> {
    let (kind, id, field) = (r.u32()?, r.u32()?, r.usize()?);
    match kind {
        0 => Some(LeverTarget::Headline(*ClientField::ALL.get(field)?)),
        1 => Some(LeverTarget::Client(id, *ClientField::ALL.get(field)?)),
        2 => Some(LeverTarget::Scenario(*SCENARIO_FIELDS.get(field)?)),
        _ => None,
    }
}

fn write_levers(w: &mut Wire, levers: &[Lever]) {
    w.usize(levers.len());
    for l in levers {
        write_target(w, l.target);
        w.f64(l.range.0);
        w.f64(l.range.1);
        w.bool(l.adds.is_some());
        if let Some(c) = &l.adds {
            write_client(w, c);
        }
    }
}

fn read_levers(r: &mut Reader) -> Option<Vec<Lever>> {
    r.list(|r| {
        Some(Lever {
            target: read_target(r)?,
            range: (r.f64()?, r.f64()?),
            adds: if r.bool()? {
                Some(read_client(r)?)
            } else {
                None
            },
        })
    })
}

fn read_scenario(r: &mut Reader) -> Option<Scenario> {
    Some(Scenario {
        schema_version: r.u32()?,
        title: r.text()?,
        start: r.month()?,
        horizon_months: r.u32()?,
        currency: r.text()?,
        target_annual_revenue_musd: r.f64()?,
        company_annual_revenue_musd: r.opt_f64()?,
        market_expected_growth: r.f64()?,
        growth_correlation: r.f64()?,
        clients: r.list(read_client)?,
        simulation: SimulationSettings {
            runs: r.u32()?,
            seed: r.u64()?,
        },
        headline_client_id: r.u32()?,
    })
}

fn write_bands(w: &mut Wire, bands: &Bands) {
    w.usize(bands.len());
    for month in bands {
        w.bool(month.is_some());
        for v in month.unwrap_or([0.0; 3]) {
            w.f64(v);
        }
    }
}

fn read_bands(r: &mut Reader) -> Option<Bands> {
    r.list(|r| {
        let some = r.bool()?;
        let values = r.array::<3>()?;
        Some(some.then_some(values))
    })
}

fn write_monte_carlo(w: &mut Wire, mc: &MonteCarlo) {
    w.u32(mc.runs);
    w.u64(mc.seed);
    w.usize(mc.percentiles_musd.len());
    for month in &mc.percentiles_musd {
        month.iter().for_each(|v| w.f64(*v));
    }
    w.f64s(&mc.mean_musd);
    w.usize(mc.years.len());
    for y in &mc.years {
        w.u32(y.block.first_month);
        w.u32(y.block.months);
        w.month(y.from);
        w.month(y.to);
        y.percentiles_musd.iter().for_each(|v| w.f64(*v));
        w.f64(y.mean_musd);
        w.f64(y.share_at_or_above_target);
    }
    let h = &mc.final_year_histogram;
    w.f64(h.min_musd);
    w.f64(h.bin_width_musd);
    w.usize(h.counts.len());
    h.counts.iter().for_each(|c| w.u32(*c));
    w.f64(mc.p_reach_target);
    w.f64(mc.p_reach_target_std_error);
    w.f64s(&mc.p_reach_by_month);
    w.bool(mc.median_reach_month.is_some());
    w.u32(mc.median_reach_month.unwrap_or(0));
    w.f64s(&mc.p_left);
    w.f64(mc.worst_5pct_mean_musd);
    w.f64(mc.worst_5pct_gap_musd);
    let c = &mc.concentration;
    w.bool(c.headline.is_some());
    w.usize(c.headline.unwrap_or(0));
    for bands in [
        &c.hhi,
        &c.hhi_if_stays,
        &c.hhi_if_left,
        &c.top1,
        &c.top1_if_stays,
        &c.top1_if_left,
    ] {
        write_bands(w, bands);
    }
    w.f64s(&c.p_headline_left);
    w.usize(c.p_at_or_above_threshold.len());
    for client in &c.p_at_or_above_threshold {
        w.f64s(client);
    }
}

fn read_monte_carlo(r: &mut Reader) -> Option<MonteCarlo> {
    let runs = r.u32()?;
    let seed = r.u64()?;
    let percentiles_musd = r.list(|r| r.array::<5>())?;
    let mean_musd = r.f64s()?;
    let years = r.list(|r| {
        Some(YearDistribution {
            block: YearBlock {
                first_month: r.u32()?,
                months: r.u32()?,
            },
            from: r.month()?,
            to: r.month()?,
            percentiles_musd: r.array::<5>()?,
            mean_musd: r.f64()?,
            share_at_or_above_target: r.f64()?,
        })
    })?;
    let final_year_histogram = Histogram {
        min_musd: r.f64()?,
        bin_width_musd: r.f64()?,
        counts: r.list(Reader::u32)?,
    };
    let p_reach_target = r.f64()?;
    let p_reach_target_std_error = r.f64()?;
    let p_reach_by_month = r.f64s()?;
    let has_median = r.bool()?;
    let median = r.u32()?;
    let p_left = r.f64s()?;
    let worst_5pct_mean_musd = r.f64()?;
    let worst_5pct_gap_musd = r.f64()?;
    let has_headline = r.bool()?;
    let headline = r.usize()?;
    let concentration = ConcentrationBands {
        headline: has_headline.then_some(headline),
        hhi: read_bands(r)?,
        hhi_if_stays: read_bands(r)?,
        hhi_if_left: read_bands(r)?,
        top1: read_bands(r)?,
        top1_if_stays: read_bands(r)?,
        top1_if_left: read_bands(r)?,
        p_headline_left: r.f64s()?,
        p_at_or_above_threshold: r.list(Reader::f64s)?,
    };
    Some(MonteCarlo {
        runs,
        seed,
        percentiles_musd,
        mean_musd,
        years,
        final_year_histogram,
        p_reach_target,
        p_reach_target_std_error,
        p_reach_by_month,
        median_reach_month: has_median.then_some(median),
        p_left,
        worst_5pct_mean_musd,
        worst_5pct_gap_musd,
        concentration,
    })
}

fn write_sensitivity(w: &mut Wire, s: &Sensitivity) {
    w.f64(s.base_forward_12m_musd);
    w.opt_f64(s.base_p_reach);
    w.usize(s.rows.len());
    for row in &s.rows {
        w.usize(row.client);
        w.usize(
            ClientField::ALL
                .iter()
                .position(|f| *f == row.field)
                .unwrap_or(usize::MAX),
        );
        w.text(&row.label);
        w.text(&row.low_label);
        w.text(&row.high_label);
        w.f64(row.low_forward_12m_musd);
        w.f64(row.high_forward_12m_musd);
        w.opt_f64(row.low_p_reach);
        w.opt_f64(row.high_p_reach);
        w.opt_f64(row.p_difference_std_error);
    }
}

fn read_sensitivity(r: &mut Reader) -> Option<Sensitivity> {
    Some(Sensitivity {
        base_forward_12m_musd: r.f64()?,
        base_p_reach: r.opt_f64()?,
        rows: r.list(|r| {
            Some(SensitivityRow {
                client: r.usize()?,
                field: *ClientField::ALL.get(r.usize()?)?,
                label: r.text()?,
                low_label: r.text()?,
                high_label: r.text()?,
                low_forward_12m_musd: r.f64()?,
                high_forward_12m_musd: r.f64()?,
                low_p_reach: r.opt_f64()?,
                high_p_reach: r.opt_f64()?,
                p_difference_std_error: r.opt_f64()?,
            })
        })?,
    })
}

fn write_curves(w: &mut Wire, curves: &[Curve]) {
    w.usize(curves.len());
    for c in curves {
        w.usize(c.lever);
        write_target(w, c.target);
        w.f64s(&c.values);
        w.f64s(&c.p_reach);
        w.f64(c.current);
        w.u32(c.runs);
    }
}

fn read_curves(r: &mut Reader) -> Option<Vec<Curve>> {
    r.list(|r| {
        Some(Curve {
            lever: r.usize()?,
            target: read_target(r)?,
            values: r.f64s()?,
            p_reach: r.f64s()?,
            current: r.f64()?,
            runs: r.u32()?,
        })
    })
}

fn write_departure(w: &mut Wire, odds: Option<&DepartureOdds>) {
    w.bool(odds.is_some());
    if let Some(o) = odds {
        w.usize(o.client);
        w.u32(o.month);
        w.u32(o.runs);
        w.f64(o.p_reach_if_stays);
        w.f64(o.p_reach_if_leaves);
        w.f64(o.p_difference_std_error);
        w.f64(o.mean_revenue_lost_musd);
        w.f64(o.revenue_lost_std_error_musd);
    }
}

fn read_departure(r: &mut Reader) -> Option<Option<DepartureOdds>> {
    if !r.bool()? {
        return Some(None);
    }
    Some(Some(DepartureOdds {
        client: r.usize()?,
        month: r.u32()?,
        runs: r.u32()?,
        p_reach_if_stays: r.f64()?,
        p_reach_if_leaves: r.f64()?,
        p_difference_std_error: r.f64()?,
        mean_revenue_lost_musd: r.f64()?,
        revenue_lost_std_error_musd: r.f64()?,
    }))
}

/// The job codes of a request.
const SIMULATE: u32 = 0;
const SENSITIVITY: u32 = 1;
const CURVES: u32 = 2;
const DEPARTURE: u32 = 3;

/// The kinds of reply.
const READY: u32 = 0;
const SIMULATED: u32 = 1;
const SENSITIVITY_DONE: u32 = 2;
const CURVES_DONE: u32 = 3;
const DEPARTURE_DONE: u32 = 4;
const FAILED: u32 = 5;
const UNAVAILABLE: u32 = 6;

/// A request as a [`Wire`]: its id, its job (a code, then the client and month, 0 when
/// the job has none), then the scenario.
pub fn write_request(request: &Request) -> Wire {
    let mut w = Wire::default();
    w.u32(request.id);
    let (code, client, month) = match request.job {
        Job::Simulate => (SIMULATE, 0, 0),
        Job::Sensitivity => (SENSITIVITY, 0, 0),
        Job::Curves => (CURVES, 0, 0),
        Job::Departure { client, month } => (DEPARTURE, client, month),
    };
    w.u32(code);
    w.u32(client);
    w.u32(month);
    write_scenario(&mut w, &request.scenario);
    write_levers(&mut w, &request.levers);
    w
}

/// Reads [`write_request`]'s output; `None` for anything else.
pub fn read_request(wire: &Wire) -> Option<Request> {
    let mut r = Reader::new(wire);
    let id = r.u32()?;
    let code = r.u32()?;
    let client = r.u32()?;
    let month = r.u32()?;
    let job = match code {
        SIMULATE => Job::Simulate,
        SENSITIVITY => Job::Sensitivity,
        CURVES => Job::Curves,
        DEPARTURE => Job::Departure { client, month },
        _ => return None,
    };
    let scenario = read_scenario(&mut r)?;
    let levers = read_levers(&mut r)?;
    r.done().then_some(Request {
        id,
        job,
        scenario,
        levers,
    })
}

/// A reply as a [`Wire`]: its kind, its request's id (0 for none), then its result or
/// message.
pub fn write_reply(reply: &Reply) -> Wire {
    let mut w = Wire::default();
    match reply {
        Reply::Ready => {
            w.u32(READY);
            w.u32(0);
        }
        Reply::Simulated { id, result } => {
            w.u32(SIMULATED);
            w.u32(*id);
            write_monte_carlo(&mut w, result);
        }
        Reply::Sensitivity { id, result } => {
            w.u32(SENSITIVITY_DONE);
            w.u32(*id);
            write_sensitivity(&mut w, result);
        }
        Reply::Curves { id, result } => {
            w.u32(CURVES_DONE);
            w.u32(*id);
            write_curves(&mut w, result);
        }
        Reply::Departure { id, result } => {
            w.u32(DEPARTURE_DONE);
            w.u32(*id);
            write_departure(&mut w, result.as_ref());
        }
        Reply::Failed { id, message } => {
            w.u32(FAILED);
            w.u32(*id);
            w.text(message);
        }
        Reply::Unavailable { message } => {
            w.u32(UNAVAILABLE);
            w.u32(0);
            w.text(message);
        }
    }
    w
}

/// Reads [`write_reply`]'s output; `None` for anything else.
pub fn read_reply(wire: &Wire) -> Option<Reply> {
    let mut r = Reader::new(wire);
    let kind = r.u32()?;
    let id = r.u32()?;
    let reply = match kind {
        READY => Reply::Ready,
        SIMULATED => Reply::Simulated {
            id,
            result: Box::new(read_monte_carlo(&mut r)?),
        },
        SENSITIVITY_DONE => Reply::Sensitivity {
            id,
            result: read_sensitivity(&mut r)?,
        },
        CURVES_DONE => Reply::Curves {
            id,
            result: read_curves(&mut r)?,
        },
        DEPARTURE_DONE => Reply::Departure {
            id,
            result: read_departure(&mut r)?,
        },
        FAILED => Reply::Failed {
            id,
            message: r.text()?,
        },
        UNAVAILABLE => Reply::Unavailable { message: r.text()? },
        _ => return None,
    };
    r.done().then_some(reply)
}

/// `wire` as a message, `{ numbers: Float64Array, texts: Array<string> }`, and the list
/// of what to transfer with it (the numbers' buffer).
pub fn to_message(wire: &Wire) -> (JsValue, js_sys::Array) {
    let numbers = js_sys::Float64Array::new_with_length(
        u32::try_from(wire.numbers.len()).unwrap_or(u32::MAX),
    );
    numbers.copy_from(&wire.numbers);
    let texts: js_sys::Array = wire.texts.iter().map(|t| JsValue::from_str(t)).collect();
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"numbers".into(), &numbers);
    let _ = js_sys::Reflect::set(&message, &"texts".into(), &texts);
    let transfer = js_sys::Array::of1(&numbers.buffer());
    (message.into(), transfer)
}

/// A message of [`to_message`]'s shape as a [`Wire`]; `None` for anything else.
pub fn from_message(data: &JsValue) -> Option<Wire> {
    let numbers = js_sys::Reflect::get(data, &"numbers".into())
        .ok()?
        .dyn_into::<js_sys::Float64Array>()
        .ok()?;
    let texts = js_sys::Reflect::get(data, &"texts".into())
        .ok()?
        .dyn_into::<js_sys::Array>()
        .ok()?;
    let texts = texts
        .iter()
        .map(|t| t.as_string())
        .collect::<Option<Vec<String>>>()?;
    Some(Wire {
        numbers: numbers.to_vec(),
        texts,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use revenue_model::monte_carlo::result_fingerprint;

    fn article() -> revenue_model::Story {
        revenue_model::Story::parse(include_str!("../stories/article.json")).unwrap()
    }

    fn round_trip(reply: &Reply) -> Reply {
        read_reply(&write_reply(reply)).unwrap()
    }

    #[test]
    fn every_request_reads_back_as_written() {
        let story = article();
        for preset in 0..story.file().presets.len() {
            let mut scenario = story.preset_scenario(preset).unwrap();
            // A seed above 2^53 and a company revenue: both cross exactly.
            scenario.simulation.seed = u64::MAX - 12_345;
            scenario.company_annual_revenue_musd = Some(245_122.5);
            for job in [
                Job::Simulate,
                Job::Sensitivity,
                Job::Curves,
                Job::Departure {
                    client: 1,
                    month: 8,
                },
            ] {
                let request = Request {
                    id: 7,
                    job,
                    scenario: scenario.clone(),
                    levers: story.levers().to_vec(),
                };
                assert_eq!(read_request(&write_request(&request)), Some(request));
            }
        }
    }

    #[test]
    fn every_reply_reads_back_bit_for_bit() {
        let story = article();
        let mut scenario = story.base_case().get().clone();
        scenario.simulation.runs = 500;
        let id = 3;
        for job in [
            Job::Simulate,
            Job::Sensitivity,
            Job::Curves,
            Job::Departure {
                client: 0,
                month: 8,
            },
            Job::Departure {
                client: 9,
                month: 8,
            },
        ] {
            let reply = serve(&Request {
                id,
                job,
                scenario: scenario.clone(),
                levers: story.levers().to_vec(),
            });
            let back = round_trip(&reply);
            assert_eq!(back, reply, "{job:?}");
            if let (Reply::Simulated { result: a, .. }, Reply::Simulated { result: b, .. }) =
                (&reply, &back)
            {
                assert_eq!(result_fingerprint(a), result_fingerprint(b));
            }
        }
        for reply in [
            Reply::Ready,
            Reply::Failed {
                id,
                message: "no".to_string(),
            },
            Reply::Unavailable {
                message: "gone".to_string(),
            },
        ] {
            assert_eq!(round_trip(&reply), reply);
        }
    }

    #[test]
    fn a_short_or_long_message_reads_as_nothing() {
        let request = Request {
            id: 1,
            job: Job::Simulate,
            scenario: article().base_case().get().clone(),
            levers: article().levers().to_vec(),
        };
        let wire = write_request(&request);
        for cut in 0..wire.numbers.len() {
            let mut short = wire.clone();
            short.numbers.truncate(cut);
            assert_eq!(read_request(&short), None);
        }
        let mut long = wire.clone();
        long.numbers.push(0.0);
        assert_eq!(read_request(&long), None);
        let mut bad = wire;
        bad.numbers[0] = 0.5;
        assert_eq!(read_request(&bad), None);
    }
}
