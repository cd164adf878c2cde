//! Property tests: arbitrary scenarios, inside and outside the valid ranges (NaN,
//! infinities, huge values), never make the model panic, and valid ones give finite,
//! consistent results.

#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use revenue_model::concentration::customer_counts;
use revenue_model::monte_carlo::{
    result_fingerprint, simulate_runs, simulate_with, Condition, Detail, MonteCarlo,
};
use revenue_model::projection::Projection;
use revenue_model::scenario::{SimulationSettings, YearMonth};
use revenue_model::stress::departure_odds;
use revenue_model::validate::{parse_scenario_json, to_json, MAX_CLIENTS};
use revenue_model::{
    concentration, departure, project, sensitivity, validate, Client, Scenario, ValidScenario,
};

/// Any `f64`: mostly within `lo..=hi`, sometimes exactly at its ends, sometimes far
/// outside, non-finite or extreme.
fn any_f64(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => lo..=hi,
        1 => Just(lo),
        1 => Just(hi),
        1 => prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(f64::MAX),
            Just(f64::MIN),
            Just(f64::MIN_POSITIVE),
            Just(-0.0),
            Just(1e300),
            Just(-1e-300),
            Just(lo - 1e-9),
            Just(hi + 1e-9),
        ],
        1 => any::<f64>(),
    ]
}

/// Any `u32`: mostly within `lo..=hi`, sometimes just outside or huge.
fn any_u32(lo: u32, hi: u32) -> impl Strategy<Value = u32> {
    prop_oneof![
        6 => lo..=hi,
        1 => Just(lo),
        1 => Just(hi),
        1 => prop_oneof![Just(0u32), Just(hi.saturating_add(1)), Just(u32::MAX)],
        1 => any::<u32>(),
    ]
}

fn any_name() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[A-Za-z][A-Za-z0-9 ()&.-]{0,20}",
        1 => Just(String::new()),
        1 => Just("   ".to_string()),
        1 => Just("é".repeat(61)),
        1 => Just("TikTok".to_string()),
    ]
}

fn any_client() -> impl Strategy<Value = Client> {
    (
        any_name(),
        any_f64(0.0, 100_000.0),
        any_f64(-0.99, 10.0),
        any_f64(0.0, 3.0),
        any_u32(0, 120),
        any_u32(0, 60),
        any_f64(0.0, 1.0),
        any_u32(0, 36),
        any_u32(1, 100_000),
        (
            any_f64(0.0, 1.0),
            any::<bool>(),
            prop_oneof![3 => Just(0u32), 1 => any::<u32>()],
        ),
    )
        .prop_map(
            |(name, spend, growth, vol, first, ramp, leave, wind, customers, (kept, own, id))| {
                Client {
                    id,
                    name,
                    own_product: own,
                    kept_share: kept,
                    monthly_spend_musd: spend,
                    annual_growth: growth,
                    growth_volatility: vol,
                    first_month: first,
                    ramp_months: ramp,
                    annual_leave_probability: leave,
                    wind_down_months: wind,
                    customers,
                }
            },
        )
}

fn any_scenario() -> impl Strategy<Value = Scenario> {
    (
        prop_oneof![8 => prop::collection::vec(any_client(), 1..=8), 1 => prop::collection::vec(any_client(), 0..=0)],
        any_u32(12, 120),
        any_f64(1e-6, 1e7),
        prop::option::of(any_f64(1e-6, 1e8)),
        any_f64(-0.99, 10.0),
        any_u32(100, 100_000),
        any::<u64>(),
        ".{0,130}",
        any_f64(0.0, 1.0),
    )
        .prop_map(
            |(clients, horizon, target, company, market, runs, seed, title, correlation)| Scenario {
                title,
                horizon_months: horizon,
                target_annual_revenue_musd: target,
                company_annual_revenue_musd: company,
                market_expected_growth: market,
                growth_correlation: correlation,
                clients,
                simulation: SimulationSettings { runs, seed },
                ..Scenario::default()
            },
        )
}

/// A client whose every input is in range (boundaries included).
fn valid_client() -> impl Strategy<Value = Client> {
    (
        prop_oneof![4 => 0.0..=100_000.0, 4 => 0.0..=100.0, 1 => Just(0.0), 1 => Just(100_000.0)],
        prop_oneof![4 => -0.99..=10.0, 4 => -0.5..=1.0, 1 => Just(-0.99), 1 => Just(10.0)],
        prop_oneof![4 => 0.0..=3.0, 1 => Just(0.0), 1 => Just(3.0)],
        prop_oneof![3 => 0u32..=12, 1 => 0u32..=120],
        prop_oneof![3 => 0u32..=12, 1 => 0u32..=60],
        prop_oneof![4 => 0.0..=1.0, 1 => Just(0.0), 1 => Just(1.0)],
        0u32..=36,
        prop_oneof![3 => Just(1u32), 1 => 1u32..=100_000],
        (
            prop_oneof![3 => Just(0.0), 2 => 0.0..=1.0, 1 => Just(1.0)],
            prop::bool::weighted(0.15),
        ),
    )
        .prop_map(
            |(spend, growth, vol, first, ramp, leave, wind, customers, (kept, own))| Client {
                id: 0,
                name: "Client".to_string(),
                own_product: own,
                kept_share: kept,
                monthly_spend_musd: spend,
                annual_growth: growth,
                growth_volatility: vol,
                first_month: first,
                ramp_months: ramp,
                annual_leave_probability: leave,
                wind_down_months: wind,
                customers,
            },
        )
}

/// A valid scenario of 1–8 clients and a horizon of 12–60 months (short enough to test
/// quickly; a year is the shortest horizon).
fn valid_scenario() -> impl Strategy<Value = ValidScenario> {
    (
        prop::collection::vec(valid_client(), 1..=8),
        12u32..=60,
        prop_oneof![1e-6..=1e7, 100.0..=5_000.0],
        prop::option::of(1e-6..=1e8),
        -0.99..=10.0,
        any::<u64>(),
        1900i32..=2200,
        1u32..=12,
        prop_oneof![2 => Just(0.0), 3 => 0.0..=1.0, 1 => Just(1.0)],
    )
        .prop_map(
            |(clients, horizon, target, company, market, seed, year, month, correlation)| {
                let s = Scenario {
                    start: YearMonth { year, month },
                    horizon_months: horizon,
                    target_annual_revenue_musd: target,
                    company_annual_revenue_musd: company,
                    market_expected_growth: market,
                    growth_correlation: correlation,
                    clients,
                    simulation: SimulationSettings { runs: 100, seed },
                    ..Scenario::default()
                };
                validate(s).expect("generated in range")
            },
        )
}

fn assert_finite(what: &str, values: impl IntoIterator<Item = f64>) {
    for (i, v) in values.into_iter().enumerate() {
        assert!(v.is_finite(), "{what}[{i}] = {v}");
    }
}

fn check_projection(p: &Projection) {
    for path in &p.client_revenue_musd {
        assert_finite("client revenue", path.iter().copied());
        assert!(path.iter().all(|v| *v >= 0.0));
    }
    assert_finite("total", p.total_musd.iter().copied());
    assert_finite("run-rate", p.run_rate_musd.iter().copied());
    assert_finite("trailing", p.trailing_12m_musd.iter().flatten().copied());
    assert_finite("forward", p.forward_12m_musd.iter().flatten().copied());
    assert_finite("yoy", p.yoy_growth.iter().flatten().copied());
    assert_finite("forward from start", [p.forward_12m_from_start_musd]);
    for y in &p.years {
        assert_finite(
            "year",
            [y.revenue_musd]
                .into_iter()
                .chain(y.growth)
                .chain(y.vs_market),
        );
    }
}

fn check_monte_carlo(mc: &MonteCarlo, runs: u32, horizon: u32) {
    assert_eq!(mc.runs, runs);
    assert_eq!(mc.percentiles_musd.len(), horizon as usize);
    for (t, q) in mc.percentiles_musd.iter().enumerate() {
        assert_finite("percentiles", q.iter().copied());
        assert!(q.windows(2).all(|w| w[0] <= w[1]), "month {t}: {q:?}");
        // The mean lies between the smallest and largest run, so within [p5 ... p95]
        // only loosely; it is at least 0.
        assert!(mc.mean_musd[t] >= 0.0);
    }
    assert_finite("mean", mc.mean_musd.iter().copied());
    // Month 0 has no shock and no departure: it is the same in every run.
    let first = mc.percentiles_musd[0];
    assert!(first.iter().all(|q| *q == first[0]), "month 0: {first:?}");
    for y in &mc.years {
        assert_finite(
            "year",
            y.percentiles_musd
                .iter()
                .copied()
                .chain([y.mean_musd, y.share_at_or_above_target]),
        );
        assert!(y.percentiles_musd.windows(2).all(|w| w[0] <= w[1]));
        assert!((0.0..=1.0).contains(&y.share_at_or_above_target));
    }
    let h = &mc.final_year_histogram;
    assert_finite("histogram", [h.min_musd, h.bin_width_musd]);
    assert!(h.bin_width_musd > 0.0);
    assert_eq!(
        h.counts.iter().map(|c| u64::from(*c)).sum::<u64>(),
        u64::from(runs)
    );
    assert_finite(
        "summary",
        [
            mc.p_reach_target,
            mc.p_reach_target_std_error,
            mc.worst_5pct_mean_musd,
            mc.worst_5pct_gap_musd,
        ],
    );
    assert!((0.0..=1.0).contains(&mc.p_reach_target));
    assert!(mc.worst_5pct_gap_musd >= 0.0);
    assert_finite("p_left", mc.p_left.iter().copied());
    assert!(mc.p_left.iter().all(|p| (0.0..=1.0).contains(p)));

    // Reaching the target: a cumulative share, 0 before month 11 (no 12 months to date
    // yet), ending at p_reach_target; the median month is the first at 50% or more.
    let by = &mc.p_reach_by_month;
    assert_eq!(by.len(), horizon as usize);
    assert_finite("p_reach_by_month", by.iter().copied());
    assert!(by.iter().take(11).all(|p| *p == 0.0), "{by:?}");
    assert!(by.windows(2).all(|w| w[0] <= w[1]), "{by:?}");
    assert!(by.iter().all(|p| (0.0..=1.0).contains(p)));
    assert_eq!(by.last().copied(), Some(mc.p_reach_target));
    assert_eq!(
        mc.median_reach_month,
        by.iter().position(|p| *p >= 0.5).map(|t| t as u32)
    );
    // A run whose calendar year brings the target has 12 consecutive months that do:
    // it has reached the target by that year's last month.
    for y in &mc.years {
        let end = (y.block.first_month + y.block.months - 1) as usize;
        assert!(
            by[end] >= y.share_at_or_above_target,
            "year ending in month {end}: {} of runs at or above the target, {} reached by then",
            y.share_at_or_above_target,
            by[end]
        );
    }
    let se = (mc.p_reach_target * (1.0 - mc.p_reach_target) / f64::from(runs)).sqrt();
    assert!((mc.p_reach_target_std_error - se).abs() <= 1e-12);

    // Concentration measured in the runs: ordered bands within their scales, a value in
    // every month for all runs, and the stays/left split consistent with the share of
    // runs in which the headline client has left.
    let c = &mc.concentration;
    for (name, bands, top) in [
        ("HHI", &c.hhi, 10_000.0),
        ("HHI if stays", &c.hhi_if_stays, 10_000.0),
        ("HHI if left", &c.hhi_if_left, 10_000.0),
        ("top-1", &c.top1, 1.0),
        ("top-1 if stays", &c.top1_if_stays, 1.0),
        ("top-1 if left", &c.top1_if_left, 1.0),
    ] {
        assert_eq!(bands.len(), horizon as usize, "{name}");
        for (t, band) in bands.iter().enumerate() {
            if let Some(b) = band {
                assert_finite(name, b.iter().copied());
                assert!(
                    0.0 <= b[0] && b[0] <= b[1] && b[1] <= b[2] && b[2] <= top,
                    "{name}, month {t}: {b:?}"
                );
            }
        }
    }
    assert!(c.hhi.iter().all(Option::is_some));
    assert!(c.top1.iter().all(Option::is_some));
    assert_eq!(c.p_headline_left.len(), horizon as usize);
    for (t, p) in c.p_headline_left.iter().enumerate() {
        assert!((0.0..=1.0).contains(p));
        assert_eq!(c.hhi_if_left[t].is_some(), *p > 0.0, "month {t}");
        assert_eq!(c.hhi_if_stays[t].is_some(), *p < 1.0, "month {t}");
        assert_eq!(c.top1_if_left[t].is_some(), *p > 0.0, "month {t}");
    }
    for client in &c.p_at_or_above_threshold {
        assert_eq!(client.len(), horizon as usize);
        assert!(client.iter().all(|p| (0.0..=1.0).contains(p)));
    }
}

/// Failing cases are saved in crates/model/proptest-regressions/properties.txt (tests
/// run from the package's directory) and replayed first.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/properties.txt",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(400))]

    /// Validation takes anything, answers Ok or a list of messages, and never panics;
    /// what it accepts is in range.
    #[test]
    fn validation_never_panics(s in any_scenario()) {
        match validate(s.clone()) {
            Ok(valid) => {
                let v = valid.get();
                prop_assert!((12..=120).contains(&v.horizon_months));
                prop_assert!(!v.clients.is_empty() && v.clients.len() <= MAX_CLIENTS);
                prop_assert!((0.0..=1.0).contains(&v.growth_correlation));
                prop_assert_eq!(v.schema_version, revenue_model::SCHEMA_VERSION);
                for c in &v.clients {
                    prop_assert!(c.monthly_spend_musd.is_finite() && c.monthly_spend_musd >= 0.0);
                    prop_assert!((0.0..=1.0).contains(&c.annual_leave_probability));
                    prop_assert!((0.0..=1.0).contains(&c.kept_share));
                    prop_assert!(c.customers >= 1);
                }
                // Every client has an id, and no two the same.
                let mut ids: Vec<u32> = v.clients.iter().map(|c| c.id).collect();
                prop_assert!(ids.iter().all(|id| *id > 0));
                ids.sort_unstable();
                ids.dedup();
                prop_assert_eq!(ids.len(), v.clients.len());
                // A valid scenario survives export and import.
                let text = to_json(&valid);
                prop_assert!(parse_scenario_json(&text, &Scenario::default()).is_ok(), "{}", text);
            }
            Err(errors) => {
                prop_assert!(!errors.0.is_empty());
                prop_assert!(errors.0.iter().all(|e| !e.message.is_empty()));
                prop_assert!(!errors.to_string().is_empty());
            }
        }
    }

    /// Reading text never panics, whatever the bytes.
    #[test]
    fn parsing_never_panics(text in ".{0,200}") {
        let _ = parse_scenario_json(&text, &Scenario::default());
    }

    /// Reading JSON-shaped text with odd values never panics.
    #[test]
    fn parsing_odd_json_never_panics(
        horizon in prop_oneof![Just("0".to_string()), Just("-1".to_string()), Just("1e400".to_string()), Just("36".to_string()), Just("\"x\"".to_string())],
        spend in prop_oneof![Just("1e308".to_string()), Just("-0".to_string()), Just("null".to_string()), Just("20".to_string())],
        version in prop_oneof![Just("0".to_string()), Just("1".to_string()), Just("2".to_string()), Just("18446744073709551616".to_string())],
    ) {
        let text = format!(
            r#"{{"schema_version": {version}, "horizon_months": {horizon}, "clients": [{{"name": "A", "monthly_spend_musd": {spend}, "monthly_spend": {spend}}}]}}"#
        );
        let _ = parse_scenario_json(&text, &Scenario::default());
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// Every computation on a valid scenario finishes without panicking and every number
    /// it returns is finite; shares, HHI, percentiles and probabilities are consistent.
    #[test]
    fn valid_scenarios_give_finite_consistent_results(
        valid in valid_scenario(),
        runs in 100u32..=300,
        leave_month in 0u32..=70,
    ) {
        let s = valid.get();
        let horizon = s.horizon_months;
        let p = project(&valid);
        check_projection(&p);

        // Own products count in the total but are no customer (0 customers).
        let customers = customer_counts(&s.clients);
        for (n, client) in customers.iter().zip(&s.clients) {
            prop_assert_eq!(*n, if client.own_product { 0 } else { client.customers });
        }
        let total_customers: f64 = customers.iter().map(|c| f64::from(*c)).sum();
        let c = concentration(&p, &customers, s.company_annual_revenue_musd);
        prop_assert_eq!(c.months.len(), horizon as usize);
        for (t, m) in c.months.iter().enumerate() {
            assert_finite("entry share", m.entry_share.iter().copied());
            assert_finite("customer share", m.customer_share.iter().copied());
            assert_finite("concentration", [m.top1_share, m.top3_share, m.hhi, m.effective_customers]);
            if p.total_musd[t] > 0.0 {
                let sum: f64 = m.entry_share.iter().sum();
                prop_assert!((sum - 1.0).abs() < 1e-9, "month {}: shares add to {}", t, sum);
                // The customers' part of the revenue (all but own products), shared by
                // N customers: HHI ≥ 10,000·(part)²/N, equality when all are equal.
                let part: f64 = m
                    .entry_share
                    .iter()
                    .zip(&customers)
                    .filter(|(_, n)| **n > 0)
                    .map(|(s, _)| s)
                    .sum();
                let lowest = 10_000.0 * part * part / total_customers.max(1.0);
                prop_assert!(m.hhi >= lowest * (1.0 - 1e-9) && m.hhi <= 10_000.0 * (part * part + 1e-12),
                    "month {}: HHI {} outside [{}, 10000·{}²]", t, m.hhi, lowest, part);
                for (i, (share, n)) in m.customer_share.iter().zip(&customers).enumerate() {
                    if *n == 0 {
                        prop_assert_eq!(*share, 0.0, "own product {} has a customer share", i);
                        prop_assert!(!m.above_threshold_ai.contains(&i));
                        prop_assert!(!m.above_threshold_company.contains(&i));
                    }
                }
                if m.hhi > 0.0 {
                    prop_assert!(m.effective_customers >= 1.0 - 1e-9);
                    prop_assert!(m.effective_customers <= total_customers * (1.0 + 1e-9) / (part * part));
                    prop_assert!(m.top1_share > 0.0 && m.top1_share <= m.top3_share + 1e-15);
                } else {
                    // Only own products earn this month.
                    prop_assert!(part <= 1e-12, "HHI 0 with customers' part {}", part);
                    prop_assert_eq!(m.effective_customers, 0.0);
                }
                prop_assert!(m.top3_share <= part + 1e-12);
            } else {
                prop_assert_eq!(m.hhi, 0.0);
            }
        }

        for client in 0..s.clients.len() {
            let Some(d) = departure(&valid, &p, client, leave_month) else {
                // Only an own product has no departure: it never leaves.
                prop_assert!(s.clients[client].own_product);
                continue;
            };
            assert_finite("stressed", d.leaves_total_musd.iter().copied());
            assert_finite("departure", [d.revenue_lost_musd, d.deepest_drop_musd, d.deepest_drop_fraction]);
            prop_assert!(d.revenue_lost_musd >= 0.0 && d.deepest_drop_musd >= 0.0);
            prop_assert!((0.0..=1.0 + 1e-12).contains(&d.deepest_drop_fraction));
            prop_assert!(d.leaves_total_musd.iter().zip(&d.stays_total_musd).all(|(a, b)| *a <= *b + 1e-9 * b.abs().max(1.0)));
        }
        prop_assert!(departure(&valid, &p, s.clients.len(), leave_month).is_none());

        let mc = simulate_runs(&valid, runs);
        check_monte_carlo(&mc, runs, horizon);
        for (client, left) in s.clients.iter().zip(&mc.p_left) {
            // A client that cannot leave, and an own product, never leave.
            if client.annual_leave_probability == 0.0 || client.own_product {
                prop_assert_eq!(*left, 0.0);
            }
        }

        let tornado = sensitivity(&valid, None);
        assert_finite("base", [tornado.base_forward_12m_musd]);
        for row in &tornado.rows {
            assert_finite("row", [row.low_forward_12m_musd, row.high_forward_12m_musd]);
            prop_assert!(row.low_p_reach.is_none() && row.high_p_reach.is_none());
        }
        prop_assert!(tornado.rows.windows(2).all(|w| w[0].swing_musd() >= w[1].swing_musd()));
    }

    /// A valid scenario exported to JSON reads back valid and identical, to the last bit.
    #[test]
    fn export_and_import_round_trip(valid in valid_scenario()) {
        let back = parse_scenario_json(&to_json(&valid), &Scenario::default()).expect("exported scenario reads back");
        prop_assert_eq!(back.get(), valid.get());
    }

    /// The same scenario and seed give the same result, to the last bit.
    #[test]
    fn the_same_seed_gives_the_same_result(valid in valid_scenario(), runs in 100u32..=200) {
        let a = simulate_runs(&valid, runs);
        let b = simulate_runs(&valid, runs);
        prop_assert_eq!(result_fingerprint(&a), result_fingerprint(&b));
        prop_assert_eq!(a, b);
    }

    /// Each run has its own generator, so the first runs of a larger simulation are the
    /// smaller one: departures counted over them can only grow with more runs, by at
    /// most one per added run.
    #[test]
    fn more_runs_extend_fewer(valid in valid_scenario(), small in 100u32..=150, extra in 1u32..=100) {
        // Per run, the first runs of the larger simulation are the smaller one's to the bit.
        let sa = simulate_with(&valid, small, Condition::None, Detail::OddsOnly);
        let sb = simulate_with(&valid, small + extra, Condition::None, Detail::OddsOnly);
        prop_assert_eq!(&sa.reach_month[..], &sb.reach_month[..small as usize]);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        prop_assert_eq!(bits(&sa.horizon_revenue_musd), bits(&sb.horizon_revenue_musd[..small as usize]));
        let (a, b) = (&sa.result, &sb.result);
        for ((client, pa), pb) in valid.get().clients.iter().zip(&a.p_left).zip(&b.p_left) {
            if client.customers == 1 {
                let (na, nb) = ((pa * f64::from(small)).round(), (pb * f64::from(small + extra)).round());
                prop_assert!(na <= nb && nb <= na + f64::from(extra), "{} then {}", na, nb);
            } else {
                // A group's share is its expected value, whatever the runs.
                prop_assert_eq!(pa, pb);
            }
        }
    }
}

/// `mc` without the figures that belong to client `index` alone (its chance of having
/// left and its disclosure shares).
fn without_client(mut mc: MonteCarlo, index: usize) -> MonteCarlo {
    mc.p_left.remove(index);
    mc.concentration.p_at_or_above_threshold.remove(index);
    mc
}

proptest! {
    #![proptest_config(config(48))]

    /// Common random numbers: each client's draws are its own (streams keyed by run,
    /// client id and purpose). So when one client spends nothing, any change of its
    /// other inputs, or removing it, leaves every other client's simulated path
    /// bit-identical: the whole result is the same to the last bit apart from that
    /// client's own figures.
    #[test]
    fn one_clients_inputs_leave_the_other_clients_paths_alone(
        valid in valid_scenario(),
        pick in any::<prop::sample::Index>(),
        a in valid_client(),
        b in valid_client(),
        runs in 100u32..=150,
    ) {
        let base = valid.get().clone();
        let k = pick.index(base.clients.len());
        let with = |c: &Client| {
            let mut s = base.clone();
            s.clients[k] = Client { id: base.clients[k].id, monthly_spend_musd: 0.0, ..c.clone() };
            validate(s).expect("in range")
        };
        let (va, vb) = (with(&a), with(&b));
        // Which client the runs are split on (stays / has left) is not what this is about.
        prop_assume!(va.get().headline_client() != Some(k));
        prop_assume!(vb.get().headline_client() != Some(k));
        let ra = without_client(simulate_runs(&va, runs), k);
        let rb = without_client(simulate_runs(&vb, runs), k);
        prop_assert_eq!(result_fingerprint(&ra), result_fingerprint(&rb));
        prop_assert_eq!(&ra.p_reach_by_month, &rb.p_reach_by_month);
        prop_assert_eq!(&ra, &rb);
        if base.clients.len() > 1 {
            let mut s = va.get().clone();
            s.clients.remove(k);
            let removed = validate(s).expect("in range");
            prop_assume!(removed.get().headline_client() == va.get().headline_client().map(|h| if h > k { h - 1 } else { h }));
            let rc = simulate_runs(&removed, runs);
            prop_assert_eq!(result_fingerprint(&ra), result_fingerprint(&rc));
        }
    }

    /// Reaching the target means some 12 consecutive months within the horizon bring
    /// it, and a run's path does not depend on the horizon: with a longer horizon the
    /// chance by each month of the shorter one is the same to the bit, and the chance
    /// over the whole horizon can only grow. Every month's percentiles, mean and
    /// concentration bands are the same too.
    #[test]
    fn a_longer_horizon_extends_the_shorter_one(
        valid in valid_scenario(),
        extra in 1u32..=24,
        runs in 100u32..=150,
    ) {
        let short = valid.get().clone();
        let h1 = short.horizon_months;
        let mut long = short.clone();
        long.horizon_months = (h1 + extra).min(120);
        prop_assume!(long.horizon_months > h1);
        let a = simulate_runs(&valid, runs);
        let b = simulate_runs(&validate(long).expect("in range"), runs);
        let n = h1 as usize;
        prop_assert!(a.p_reach_target <= b.p_reach_target);
        prop_assert_eq!(&a.p_reach_by_month[..], &b.p_reach_by_month[..n]);
        prop_assert_eq!(a.p_reach_target, b.p_reach_by_month[n - 1]);
        if let Some(m) = a.median_reach_month {
            prop_assert_eq!(b.median_reach_month, Some(m));
        }
        prop_assert_eq!(&a.percentiles_musd[..], &b.percentiles_musd[..n]);
        prop_assert_eq!(&a.mean_musd[..], &b.mean_musd[..n]);
        let (ca, cb) = (&a.concentration, &b.concentration);
        prop_assert_eq!(&ca.hhi[..], &cb.hhi[..n]);
        prop_assert_eq!(&ca.top1_if_left[..], &cb.top1_if_left[..n]);
        prop_assert_eq!(&ca.p_headline_left[..], &cb.p_headline_left[..n]);
    }
}

proptest! {
    #![proptest_config(config(48))]

    /// The departure on the runs (stays against leaves in month M, on the same draws):
    /// every run loses something or nothing, so the mean loss is at least 0 and the
    /// chance of reaching the target if the client stays is at least the chance if it
    /// leaves. Without volatility anywhere, every run of the client is its expected
    /// level, the other clients' paths cancel, and the mean loss is the expected-path
    /// loss of [`departure`] (to rounding, relative to the largest possible revenue).
    #[test]
    fn the_departure_on_the_runs_agrees_with_the_expected_paths(
        valid in valid_scenario(),
        pick in any::<prop::sample::Index>(),
        month in 0u32..=70,
    ) {
        let k = pick.index(valid.get().clients.len());
        let Some(odds) = departure_odds(&valid, k, month, 100) else {
            prop_assert!(valid.get().clients[k].own_product, "only an own product has no departure");
            return Ok(());
        };
        prop_assert!(odds.mean_revenue_lost_musd >= 0.0, "{:?}", odds);
        prop_assert!(odds.p_reach_if_stays >= odds.p_reach_if_leaves, "{:?}", odds);
        prop_assert!(odds.p_difference_std_error.is_finite() && odds.revenue_lost_std_error_musd.is_finite());

        let mut calm = valid.get().clone();
        for c in &mut calm.clients {
            c.growth_volatility = 0.0;
        }
        let mut full = calm.clone();
        for c in &mut full.clients {
            c.annual_leave_probability = 0.0;
        }
        let calm = validate(calm).expect("in range");
        let bound: f64 = project(&validate(full).expect("in range")).total_musd.iter().sum();
        let d = departure(&calm, &project(&calm), k, month).expect("client exists");
        let odds = departure_odds(&calm, k, month, 100).expect("client exists");
        prop_assert_eq!(odds.month, d.month);
        prop_assert!(
            (odds.mean_revenue_lost_musd - d.revenue_lost_musd).abs() <= 1e-10 * (1.0 + bound),
            "runs {} vs expected path {}", odds.mean_revenue_lost_musd, d.revenue_lost_musd
        );
        prop_assert!(odds.revenue_lost_std_error_musd <= 1e-10 * (1.0 + bound));
    }
}

/// An exported scenario should read back bit for bit. serde_json's default float parser
/// is not correctly rounded (this value, found by the property test, reads back one unit in the last place higher);
/// its `float_roundtrip` feature makes it exact.
#[test]
fn export_and_import_round_trip_exactly() {
    let mut s = Scenario::default();
    s.clients[0].growth_volatility = 1.566_495_129_070_105_5;
    let valid = validate(s).unwrap();
    let back = parse_scenario_json(&to_json(&valid), &Scenario::default()).unwrap();
    assert_eq!(back.get(), valid.get());
}
