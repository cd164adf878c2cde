//! Small scenarios whose numbers are worked out by hand in the comments, the article's
//! base case, the departure stress test, the Monte Carlo's limiting cases, and the
//! golden fingerprint shared with the browser test.

#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use revenue_model::concentration::concentration;
use revenue_model::monte_carlo::{
    result_fingerprint, simulate_runs, simulate_with, Condition, Detail,
};
mod support;
use revenue_model::projection::project;
use revenue_model::stress::departure;
use revenue_model::{validate, Client, ValidScenario};
use support::{article_base_case, article_table};

/// The expected fingerprint of the base case's Monte Carlo (1,000 runs, seed 2024),
/// shared with the browser test.
const BASE_CASE_FINGERPRINT: &str = include_str!("data/base_case_fingerprint.txt");

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
}

fn assert_close(what: &str, got: f64, want: f64) {
    assert!(close(got, want), "{what}: got {got}, expected {want}");
}

/// A client with no growth, no volatility, no chance of leaving and no wind-down:
/// each case changes only what it is about.
fn client(name: &str, spend: f64) -> Client {
    Client {
        id: 0,
        name: name.to_string(),
        own_product: false,
        monthly_spend_musd: spend,
        annual_growth: 0.0,
        growth_volatility: 0.0,
        first_month: 0,
        ramp_months: 0,
        annual_leave_probability: 0.0,
        wind_down_months: 0,
        kept_share: 0.0,
        customers: 1,
    }
}

fn scenario(clients: Vec<Client>, horizon: u32) -> ValidScenario {
    let mut s = article_base_case();
    s.clients = clients;
    s.horizon_months = horizon;
    validate(s).unwrap()
}

/// Projects `clients` over as many months as the longest expected path and checks every
/// client's expected revenue and the total. When the scenario is deterministic (no
/// volatility, leave probabilities of 0 or 1, or entries of many customers), also
/// checks that every Monte Carlo percentile and the mean equal the expected path.
fn check(name: &str, clients: Vec<Client>, expected: &[&[f64]]) {
    let horizon = expected.iter().map(|p| p.len()).max().unwrap() as u32;
    let deterministic = clients.iter().all(|c| {
        c.growth_volatility == 0.0
            && (c.customers > 1
                || c.annual_leave_probability == 0.0
                || c.annual_leave_probability == 1.0)
    });
    let valid = scenario(clients, horizon);
    let projection = project(&valid);
    assert_eq!(
        projection.client_revenue_musd.len(),
        expected.len(),
        "{name}"
    );
    for (i, (got, want)) in projection
        .client_revenue_musd
        .iter()
        .zip(expected)
        .enumerate()
    {
        for (t, w) in want.iter().enumerate() {
            assert_close(&format!("{name}: client {i}, month {t}"), got[t], *w);
        }
    }
    for t in 0..horizon as usize {
        let sum: f64 = expected
            .iter()
            .map(|p| p.get(t).copied().unwrap_or(0.0))
            .sum();
        assert_close(
            &format!("{name}: total, month {t}"),
            projection.total_musd[t],
            sum,
        );
        assert_close(
            &format!("{name}: run-rate, month {t}"),
            projection.run_rate_musd[t],
            12.0 * sum,
        );
    }
    if deterministic {
        let mc = simulate_runs(&valid, 100);
        for (t, total) in projection.total_musd.iter().enumerate() {
            for p in mc.percentiles_musd[t] {
                assert_close(
                    &format!("{name}: Monte Carlo percentile, month {t}"),
                    p,
                    *total,
                );
            }
            assert_close(
                &format!("{name}: Monte Carlo mean, month {t}"),
                mc.mean_musd[t],
                *total,
            );
        }
    }
}

#[test]
fn growth_compounds_monthly() {
    // 12% a year: monthly factor m = 1.12^(1/12) = 1.009488792934583, so $10M becomes
    // 10·m = 10.09488792934583 after a month, 10·√1.12 = 10.583005244258368 after six
    // and exactly 10·1.12 = 11.2 after twelve.
    let m = 1.12f64.powf(1.0 / 12.0);
    let path: Vec<f64> = (0..13).map(|t| 10.0 * m.powi(t)).collect();
    assert_close("m", m, 1.009_488_792_934_583);
    assert_close("month 6", path[6], 10.583_005_244_258_368);
    assert_close("month 12", path[12], 11.2);
    check(
        "12% growth",
        vec![Client {
            annual_growth: 0.12,
            ..client("Grower", 10.0)
        }],
        &[&path],
    );
    // The first 12 months add up to 10·(m^12 − 1)/(m − 1) = 10·0.12/(m − 1) = 126.46497908353187.
    let p = project(&scenario(
        vec![Client {
            annual_growth: 0.12,
            ..client("Grower", 10.0)
        }],
        24,
    ));
    assert_close(
        "forward 12 months",
        p.forward_12m_from_start_musd,
        126.464_979_083_531_87,
    );
    // A year later every month is 12% higher: year-on-year growth 12%, and the second
    // year's revenue is 12% above the first.
    assert_close("yoy at month 12", p.yoy_growth[12].unwrap(), 0.12);
    assert_close("second year growth", p.years[1].growth.unwrap(), 0.12);
}

#[test]
fn a_certain_departure_winds_down_linearly() {
    // p = 1: monthly hazard h = 1 − (1 − 1)^(1/12) = 1, so the client is there in month 0
    // and leaves in month 1 for sure. With a 2-month wind-down the spend is
    // wind(k) = 1 − (k + 1)/3 of full: 2/3 in month 1, 1/3 in month 2, 0 from month 3.
    // $30M: 30, 20, 10, then 0 to the end of the 12 months. The other client ($5M,
    // never leaves) stays flat.
    let mut leaver = vec![30.0, 20.0, 10.0];
    leaver.extend([0.0; 9]);
    check(
        "certain departure",
        vec![
            Client {
                annual_leave_probability: 1.0,
                wind_down_months: 2,
                ..client("Leaver", 30.0)
            },
            client("Stayer", 5.0),
        ],
        &[&leaver, &[5.0; 12]],
    );
    let valid = scenario(
        vec![Client {
            annual_leave_probability: 1.0,
            wind_down_months: 2,
            ..client("Leaver", 30.0)
        }],
        12,
    );
    let mc = simulate_runs(&valid, 200);
    assert_eq!(mc.p_left, vec![1.0]);
}

#[test]
fn a_prospect_ramps_up_linearly() {
    // First month 2, ramp 4 months: ramp(t) = min(1, (t − 2 + 1)/4) from month 2, so
    // 0, 0, 1/4, 2/4, 3/4, then 1 of $8M: 0, 0, 2, 4, 6, then 8 to month 11.
    let mut ramp = vec![0.0, 0.0, 2.0, 4.0, 6.0];
    ramp.extend([8.0; 7]);
    check(
        "ramp",
        vec![Client {
            first_month: 2,
            ramp_months: 4,
            ..client("Prospect", 8.0)
        }],
        &[&ramp],
    );
    // A prospect that starts in month 3 at once and is certain to leave: it can only
    // leave from month 4, and with no wind-down its spend is gone that month.
    let mut brief = vec![0.0, 0.0, 0.0, 4.0];
    brief.extend([0.0; 8]);
    check(
        "prospect that leaves",
        vec![Client {
            first_month: 3,
            annual_leave_probability: 1.0,
            ..client("Brief", 4.0)
        }],
        &[&brief],
    );
}

#[test]
fn an_even_chance_of_leaving_halves_the_expected_spend_in_a_year() {
    // p = 50%: h = 1 − 0.5^(1/12) = 0.05612568731830647. With no wind-down the expected
    // spend is s·(1 − h)^t: $40M → 20 at month 12 and 10 at month 24.
    let h = 1.0 - 0.5f64.powf(1.0 / 12.0);
    assert_close("h", h, 0.056_125_687_318_306_47);
    let path: Vec<f64> = (0..25).map(|t| 40.0 * (1.0 - h).powi(t)).collect();
    assert_close("month 12", path[12], 20.0);
    assert_close("month 24", path[24], 10.0);
    check(
        "even chance",
        vec![Client {
            annual_leave_probability: 0.5,
            ..client("Coin", 40.0)
        }],
        &[&path],
    );
    // With a 1-month wind-down, a client leaving in month t still pays half that
    // month: month 1 is s·((1 − h) + h/2) = s·(1 − h/2) = 40·0.9719371563408468.
    let p = project(&scenario(
        vec![Client {
            annual_leave_probability: 0.5,
            wind_down_months: 1,
            ..client("Coin", 40.0)
        }],
        12,
    ));
    assert_close(
        "wind-down month 1",
        p.total_musd[1],
        40.0 * 0.971_937_156_340_846_8,
    );
    // Month 2: survival (1 − h)² plus half of those leaving in month 2, (1 − h)·h/2.
    assert_close(
        "wind-down month 2",
        p.total_musd[2],
        40.0 * ((1.0 - h) * (1.0 - h) + (1.0 - h) * h / 2.0),
    );
}

/// Expected concentration figures of one month.
struct Expected {
    entry_share: &'static [f64],
    hhi: f64,
    effective: f64,
    top1: f64,
    top3: f64,
    above_ai: &'static [usize],
    above_company: &'static [usize],
}

fn check_concentration(name: &str, clients: Vec<Client>, company: Option<f64>, want: &Expected) {
    let customers: Vec<u32> = clients.iter().map(|c| c.customers).collect();
    let p = project(&scenario(clients, 12));
    let c = concentration(&p, &customers, company);
    for m in &c.months {
        assert_eq!(m.entry_share.len(), want.entry_share.len(), "{name}");
        for (got, w) in m.entry_share.iter().zip(want.entry_share) {
            assert_close(&format!("{name}: entry share"), *got, *w);
        }
        assert_close(&format!("{name}: HHI"), m.hhi, want.hhi);
        assert_close(
            &format!("{name}: effective customers"),
            m.effective_customers,
            want.effective,
        );
        assert_close(&format!("{name}: top-1"), m.top1_share, want.top1);
        assert_close(&format!("{name}: top-3"), m.top3_share, want.top3);
        assert_eq!(m.above_threshold_ai, want.above_ai, "{name}");
        assert_eq!(m.above_threshold_company, want.above_company, "{name}");
    }
}

#[test]
fn concentration_counts_every_customer_of_a_group() {
    // $20M from one customer and $60M from 100 equal customers: shares 25% and 75%, so
    // each of the 100 has 0.75%. HHI = 10,000·(0.25² + 100·0.0075²) = 625 + 56.25 =
    // 681.25; effective customers 10,000/681.25 = 14.678899082568808; top-1 25%;
    // top-3 25% + 2·0.75% = 26.5%. Only the single customer is at or above 10% of the
    // AI revenue; against a $245,000M company its $240M a year is far below 10%, against
    // a $2,000M company it is above ($240M ≥ $200M).
    let clients = || {
        vec![
            client("One", 20.0),
            Client {
                customers: 100,
                ..client("Hundred", 60.0)
            },
        ]
    };
    let base = Expected {
        entry_share: &[0.25, 0.75],
        hhi: 681.25,
        effective: 14.678_899_082_568_808,
        top1: 0.25,
        top3: 0.265,
        above_ai: &[0],
        above_company: &[],
    };
    check_concentration("20 + 100×0.6", clients(), Some(245_000.0), &base);
    check_concentration(
        "small company",
        clients(),
        Some(2_000.0),
        &Expected {
            above_company: &[0],
            ..base
        },
    );
    // Two equal single customers: HHI 5,000, two effective customers, top-3 = 100%.
    check_concentration(
        "two equal",
        vec![client("A", 7.0), client("B", 7.0)],
        None,
        &Expected {
            entry_share: &[0.5, 0.5],
            hhi: 5_000.0,
            effective: 2.0,
            top1: 0.5,
            top3: 1.0,
            above_ai: &[0, 1],
            above_company: &[],
        },
    );
}

#[test]
fn the_article_base_case_comes_out_exactly() {
    let valid = validate(article_base_case()).unwrap();
    let rows = article_table(&valid);
    let values: Vec<(&str, f64, f64)> = rows
        .iter()
        .map(|r| (r.key, r.value_musd, r.contribution))
        .collect();
    // $20M is 25% of $80M a month; 12 × 20 = $240M; 12 × 80 = $960M.
    assert_eq!(
        values,
        vec![
            ("monthly", 20.0, 0.25),
            ("annual", 240.0, 0.25),
            ("sector", 960.0, 1.0)
        ]
    );
    assert_eq!(
        rows.iter()
            .map(|r| (r.value.as_str(), r.contribution_text.as_str()))
            .collect::<Vec<_>>(),
        vec![("$20M", "25%"), ("$240M", "25%"), ("$960M", "100%")]
    );
    let p = project(&valid);
    assert_eq!(p.total_musd[0], 80.0);
    assert_eq!(p.run_rate_musd[0], 960.0);
    assert_eq!(p.client_revenue_musd[0][0], 20.0);
    assert_eq!(p.client_revenue_musd[1][0], 60.0);
    // Month 0 is the article's: a $960M run-rate, below the $1,000M target. The target
    // is reached when 12 consecutive months bring it, so at month 11 at the earliest;
    // on the expected path the first 12 months bring less than $1,000M (TikTok's
    // expected spend falls with its 25% chance of leaving), so not at month 11.
    assert!(p.run_rate_musd[0] < p.target_annual_musd);
    assert!(p.trailing_12m_musd[..11].iter().all(Option::is_none));
    assert!(p.trailing_12m_musd[11].unwrap() < 1_000.0);
    assert_close(
        "first 12 months",
        p.trailing_12m_musd[11].unwrap(),
        p.forward_12m_from_start_musd,
    );
    assert_ne!(p.target_month, Some(11));
    assert!(p.target_month.is_none_or(|t| t > 11));
    let customers: Vec<u32> = valid.get().clients.iter().map(|c| c.customers).collect();
    let c = concentration(&p, &customers, valid.get().company_annual_revenue_musd);
    let m0 = &c.months[0];
    // TikTok is 25% of the AI revenue, well above the 10% disclosure line, but its
    // $240M a year is about 0.1% of the company's $245,122M: not a 10% customer.
    assert_eq!(m0.entry_share, vec![0.25, 0.75]);
    assert_eq!(m0.above_threshold_ai, vec![0]);
    assert!(m0.above_threshold_company.is_empty());
    assert_close("base case HHI", m0.hhi, 681.25);
    // The Monte Carlo starts from the same month 0 in every run.
    let mc = simulate_runs(&valid, 500);
    assert_eq!(mc.percentiles_musd[0], [80.0; 5]);
    assert_eq!(mc.mean_musd[0], 80.0);
}

#[test]
fn departure_of_a_flat_client_loses_its_spend_for_the_rest_of_the_horizon() {
    // $20M and $60M a month, flat and certain to stay; the $20M client leaves in
    // month 3 with no wind-down: the total goes 80, 80, 80, 60, … The loss is
    // 20 × (12 − 3) = $180M, the deepest drop $20M (25% of $80M) in month 3, and the
    // total never climbs back to $80M.
    let valid = scenario(vec![client("A", 20.0), client("B", 60.0)], 12);
    let p = project(&valid);
    let d = departure(&valid, &p, 0, 3).unwrap();
    assert_eq!(d.month, 3);
    let mut want = vec![80.0; 3];
    want.extend([60.0; 9]);
    assert_eq!(d.leaves_total_musd, want);
    assert_close("lost", d.revenue_lost_musd, 180.0);
    assert_close("drop", d.deepest_drop_musd, 20.0);
    assert_close("drop fraction", d.deepest_drop_fraction, 0.25);
    assert_eq!(d.deepest_drop_month, Some(3));
    assert_eq!(d.months_to_recover, None);

    // With a 3-month wind-down it pays 3/4, 1/2, 1/4 in months 3–5: the loss is
    // 20 × (1/4 + 1/2 + 3/4 + 6) = $150M and the deepest drop $5M, first in month 3.
    let mut a = client("A", 20.0);
    a.wind_down_months = 3;
    let valid = scenario(vec![a, client("B", 60.0)], 12);
    let p = project(&valid);
    let d = departure(&valid, &p, 0, 3).unwrap();
    assert_close("lost with wind-down", d.revenue_lost_musd, 150.0);
    assert_close("drop with wind-down", d.deepest_drop_musd, 5.0);
    assert_eq!(d.deepest_drop_month, Some(3));
    assert_eq!(d.months_to_recover, None);

    // Departure in month 0 is treated as month 1; an unknown client is None.
    assert_eq!(departure(&valid, &p, 0, 0).unwrap().month, 1);
    assert!(departure(&valid, &p, 2, 3).is_none());
}

#[test]
fn departure_recovery_when_the_others_grow() {
    // A ($20M, flat) leaves in month 3 at once; B ($60M) doubles every year:
    // B(t) = 60·2^(t/12). Before the loss (month 2) the total is
    // 20 + 60·2^(1/6) = 87.34772289856238; B alone first reaches that when
    // 2^(t/12) ≥ 1.4558, t ≥ 6.5, so in month 7 (89.898…): 4 months after month 3.
    let valid = scenario(
        vec![
            client("A", 20.0),
            Client {
                annual_growth: 1.0,
                ..client("B", 60.0)
            },
        ],
        24,
    );
    let p = project(&valid);
    let d = departure(&valid, &p, 0, 3).unwrap();
    assert_close("before", d.leaves_total_musd[2], 87.347_722_898_562_38);
    assert!(d.leaves_total_musd[6] < d.leaves_total_musd[2]);
    assert!(d.leaves_total_musd[7] >= d.leaves_total_musd[2]);
    assert_eq!(d.months_to_recover, Some(4));
    // Drop in month 3: 87.3477 − 60·2^(1/4) = 87.3477 − 71.3524 = 15.9953.
    assert_close(
        "drop",
        d.deepest_drop_musd,
        20.0 + 60.0 * 2f64.powf(2.0 / 12.0) - 60.0 * 2f64.powf(3.0 / 12.0),
    );
    assert_eq!(d.deepest_drop_month, Some(3));
}

#[test]
fn monte_carlo_without_randomness_is_the_expected_path() {
    // Growth but no volatility and no departures: every run is the expected path, in
    // every percentile, and nobody leaves.
    let clients = vec![
        Client {
            annual_growth: 0.3,
            ..client("A", 20.0)
        },
        Client {
            annual_growth: -0.2,
            first_month: 5,
            ramp_months: 3,
            ..client("B", 10.0)
        },
        Client {
            annual_growth: 0.1,
            customers: 50,
            ..client("C", 30.0)
        },
    ];
    let valid = scenario(clients, 30);
    let p = project(&valid);
    let mc = simulate_runs(&valid, 300);
    for (t, total) in p.total_musd.iter().enumerate() {
        for q in mc.percentiles_musd[t] {
            assert_close(&format!("month {t}"), q, *total);
        }
        assert_close(&format!("mean {t}"), mc.mean_musd[t], *total);
    }
    assert_eq!(mc.p_left, vec![0.0, 0.0, 0.0]);
    // The final year's revenue is the same in every run.
    let last = mc.years.last().unwrap();
    let year: f64 = p.total_musd[18..30].iter().sum();
    for q in last.percentiles_musd {
        assert_close("final year", q, year);
    }
    assert_close("worst 5%", mc.worst_5pct_mean_musd, year);

    // Reaching the target is the same event on the expected path and in every run
    // here: with the target just under the 12 months to month 20 (and above those to
    // month 19, as revenue grows), every run reaches it in month 20, none before.
    let trailing = |t: usize| p.trailing_12m_musd[t].unwrap();
    assert!(trailing(19) < trailing(20) - 1e-6);
    let mut s = valid.get().clone();
    s.target_annual_revenue_musd = trailing(20) - 1e-9;
    let valid = validate(s).unwrap();
    assert_eq!(project(&valid).target_month, Some(20));
    let mc = simulate_runs(&valid, 300);
    for (t, p) in mc.p_reach_by_month.iter().enumerate() {
        assert_eq!(*p, if t < 20 { 0.0 } else { 1.0 }, "month {t}");
    }
    assert_eq!(mc.median_reach_month, Some(20));
    assert_eq!(mc.p_reach_target, 1.0);
}

#[test]
fn monte_carlo_mean_converges_to_the_expected_path() {
    // The base case with 20,000 runs. The standard error of each month's mean is
    // estimated from 20 independent batches of 1,000 runs (other seeds); the 20,000-run
    // mean must be within 5 standard errors of the expected path every month, and so
    // must the mean of the batches.
    let base = article_base_case();
    let valid = validate(base.clone()).unwrap();
    let expected = project(&valid).total_musd;
    let mc = simulate_runs(&valid, 20_000);
    let batches: Vec<Vec<f64>> = (0..20u64)
        .map(|k| {
            let mut s = base.clone();
            s.simulation.seed = 1_000 + k;
            simulate_runs(&validate(s).unwrap(), 1_000).mean_musd
        })
        .collect();
    for (t, e) in expected.iter().enumerate() {
        let means: Vec<f64> = batches.iter().map(|b| b[t]).collect();
        let n = means.len() as f64;
        let batch_mean = means.iter().sum::<f64>() / n;
        let batch_sd =
            (means.iter().map(|m| (m - batch_mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        // sd of one run = batch_sd·√1000; standard error of 20,000 runs = that / √20000.
        let se_20k = batch_sd * (1_000f64 / 20_000.0).sqrt();
        let se_batches = batch_sd / n.sqrt();
        let slack = 1e-9 * e.abs();
        assert!(
            (mc.mean_musd[t] - e).abs() <= 5.0 * se_20k + slack,
            "month {t}: mean {} vs expected {e}, standard error {se_20k}",
            mc.mean_musd[t]
        );
        assert!(
            (batch_mean - e).abs() <= 5.0 * se_batches + slack,
            "month {t}: batch mean {batch_mean} vs expected {e}, standard error {se_batches}"
        );
    }
    // TikTok (one customer, 25% a year) has left by month 35 with probability
    // 1 − 0.75^(35/12) = 0.5686; the simulated share is within 5 standard errors.
    let p = 1.0 - 0.75f64.powf(35.0 / 12.0);
    let se = (p * (1.0 - p) / 20_000.0).sqrt();
    assert!(
        (mc.p_left[0] - p).abs() < 5.0 * se,
        "{} vs {p}",
        mc.p_left[0]
    );
    // The group of 100 customers loses them at the expected rate: 1 − 0.95^(35/12).
    assert_close("others left", mc.p_left[1], 1.0 - 0.95f64.powf(35.0 / 12.0));
}

#[test]
fn the_same_seed_gives_the_same_result_and_another_seed_another() {
    let s = support::diversified();
    let a = simulate_runs(&validate(s.clone()).unwrap(), 1_000);
    let b = simulate_runs(&validate(s.clone()).unwrap(), 1_000);
    assert_eq!(a, b);
    assert_eq!(result_fingerprint(&a), result_fingerprint(&b));
    let mut other = s;
    other.simulation.seed += 1;
    let c = simulate_runs(&validate(other).unwrap(), 1_000);
    assert_ne!(a.percentiles_musd, c.percentiles_musd);
    assert_ne!(result_fingerprint(&a), result_fingerprint(&c));
}

#[test]
fn fewer_runs_are_the_first_runs_of_more() {
    // Run r has its own generator, so a 1-run simulation is run 0, a 2-run one is runs
    // 0 and 1, and so on. Percentile ranks are round(q·(n − 1)) with halves to even
    // (numpy's "nearest"): 1 run gives its path in every percentile; 2 runs give the
    // min for p5, p25 and p50 (ranks 0.05, 0.25 and 0.5, which rounds to 0) and the max
    // for p75 and p95 (0.75 and 0.95 round to 1); 3 runs give the min for p5 and p25
    // (0.1, and 0.5 rounds to 0), the median for p50 (rank 1) and the max for p75 and
    // p95 (1.5 rounds to 2, and 1.9).
    let valid = validate(support::bytedance_exit()).unwrap();
    let one = simulate_runs(&valid, 1);
    let two = simulate_runs(&valid, 2);
    let three = simulate_runs(&valid, 3);
    for t in 0..one.mean_musd.len() {
        let run0 = one.mean_musd[t];
        assert_eq!(one.percentiles_musd[t], [run0; 5]);
        let [lo2, lo2a, lo2b, hi2a, hi2] = two.percentiles_musd[t];
        assert_eq!((lo2a, lo2b), (lo2, lo2), "month {t}");
        assert_eq!(hi2a, hi2, "month {t}");
        assert!(lo2 <= hi2, "month {t}");
        let [lo3, lo3a, _, hi3a, hi3] = three.percentiles_musd[t];
        assert_eq!((lo3a, hi3a), (lo3, hi3), "month {t}");
        assert!(run0 == lo2 || run0 == hi2, "month {t}");
        let run1 = if run0 == lo2 { hi2 } else { lo2 };
        let mut from_three = [
            three.percentiles_musd[t][0],
            three.percentiles_musd[t][2],
            three.percentiles_musd[t][4],
        ];
        let mut runs01 = [run0, run1];
        from_three.sort_by(f64::total_cmp);
        runs01.sort_by(f64::total_cmp);
        // Runs 0 and 1 are two of the three runs' values.
        let mut rest: Vec<f64> = from_three.to_vec();
        for v in runs01 {
            let at = rest
                .iter()
                .position(|x| *x == v)
                .expect("run of the smaller simulation");
            rest.remove(at);
        }
        assert_close(
            &format!("three-run mean, month {t}"),
            three.mean_musd[t] * 3.0,
            run0 + run1 + rest[0],
        );
    }
    // Departures counted over the first runs never exceed those of more runs, and more
    // runs add at most one departure each.
    let small = simulate_runs(&valid, 300);
    let large = simulate_runs(&valid, 1_000);
    for (s, l) in small.p_left.iter().zip(&large.p_left) {
        let (s, l) = ((s * 300.0).round(), (l * 1_000.0).round());
        assert!(s <= l && l <= s + 700.0, "{s} of 300 vs {l} of 1,000");
    }
}

#[test]
fn golden_fingerprint_of_the_base_case() {
    // The base case, seed 2024, 1,000 runs. The browser test checks the same constant in
    // WebAssembly; if the model changes on purpose, update
    // tests/data/base_case_fingerprint.txt (the value is printed on failure).
    let mut s = article_base_case();
    s.simulation.seed = 2024;
    let mc = simulate_runs(&validate(s).unwrap(), 1_000);
    let expected: u64 = BASE_CASE_FINGERPRINT.trim().parse().unwrap();
    assert_eq!(
        result_fingerprint(&mc),
        expected,
        "fingerprint changed: {}",
        result_fingerprint(&mc)
    );
}

mod golden_files {
    use super::*;
    use revenue_model::concentration::HhiBand;
    use revenue_model::scenario::{ClientField, ScenarioField};
    use revenue_model::validate::{parse_scenario_json, to_json, FieldPath, ParseError};

    fn read(name: &str) -> Result<ValidScenario, ParseError> {
        let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        parse_scenario_json(&text, &article_base_case())
    }

    #[test]
    fn the_presets_read_back_from_their_files() {
        // The files are written in the current format: version 2, with ids, the share
        // kept after leaving, own products and the growth correlation.
        for name in ["article_base_case.json", "diversified.json"] {
            let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
            let raw: revenue_model::Scenario =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert_eq!(raw.schema_version, 2, "{name}");
            assert!(raw.clients.iter().all(|c| c.id > 0), "{name}");
            assert_eq!(raw.company_annual_revenue_musd, Some(245_122.0), "{name}");
        }
        assert_eq!(
            read("article_base_case.json").unwrap().get(),
            &article_base_case()
        );
        assert_eq!(
            read("diversified.json").unwrap().get(),
            &support::diversified()
        );
        // Exporting and reading again changes nothing.
        let again = parse_scenario_json(
            &to_json(&read("diversified.json").unwrap()),
            &article_base_case(),
        )
        .unwrap();
        assert_eq!(again.get(), &support::diversified());
    }

    #[test]
    fn a_legacy_file_is_migrated_and_completed() {
        // Version 0 said `monthly_spend` and `churn` and had no ids. Missing scenario
        // fields come from the base case, missing client fields from a new client's
        // defaults; the clients get ids 1, 2, … in order, so the first is TikTok's id
        // and keeps the article's tags; it is read as the current version.
        let s = read("legacy_v0.json").unwrap();
        let s = s.get();
        assert_eq!(s.schema_version, revenue_model::SCHEMA_VERSION);
        assert_eq!(s.schema_version, 2);
        assert_eq!(s.title, "Saved before the format had a version");
        assert_eq!(s.horizon_months, 24);
        assert_eq!(s.start, article_base_case().start);
        assert_eq!(s.company_annual_revenue_musd, Some(245_122.0));
        assert_eq!(s.growth_correlation, article_base_case().growth_correlation);
        assert_eq!(s.simulation, article_base_case().simulation);
        assert_eq!(
            s.clients.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![support::TIKTOK_ID, 2]
        );
        assert_eq!(s.headline_client(), Some(0));
        assert!(s
            .clients
            .iter()
            .all(|c| !c.own_product && c.kept_share == 0.0));
        assert_eq!(
            support::client_provenance(&s.clients[0], ClientField::MonthlySpend).kind,
            revenue_model::provenance::SourceKind::Article
        );
        let t = &s.clients[0];
        assert_eq!(
            (
                t.monthly_spend_musd,
                t.annual_leave_probability,
                t.customers
            ),
            (20.0, 0.25, 1)
        );
        let others = &s.clients[1];
        assert_eq!(
            (
                others.monthly_spend_musd,
                others.annual_leave_probability,
                others.customers
            ),
            (60.0, 0.05, 100)
        );
        assert_eq!(others.annual_growth, Client::default().annual_growth);
        // Its month 0 is the article's: $20M of $80M.
        let valid = read("legacy_v0.json").unwrap();
        let rows = article_table(&valid);
        assert_eq!((rows[0].value_musd, rows[0].contribution), (20.0, 0.25));
        assert_eq!(project(&valid).total_musd[0], 80.0);
    }

    #[test]
    fn two_flat_clients_by_hand() {
        // A: $25M from one customer; B: $50M from 4 customers of $12.5M. Total $75M a
        // month, $900M a year: the first 12 months (0–11) bring exactly the $900M target,
        // so it is reached in month 11, the first month with 12 months to date. Shares 1/3 and 2/3;
        // single customers 1/3 and 1/6. HHI = 10,000·(1/9 + 4/36) = 2,222.2 (highly
        // concentrated under 2023, moderately under 2010); 4.5 effective customers;
        // top-1 1/3; top-3 1/3 + 2/6 = 2/3; all five customers are at least 10%.
        let valid = read("flat_two_clients.json").unwrap();
        let p = project(&valid);
        assert!(p.total_musd.iter().all(|v| *v == 75.0));
        assert_eq!(p.target_month, Some(11));
        assert_eq!(p.trailing_12m_musd[11], Some(900.0));
        assert_eq!(p.years.len(), 1);
        assert_close("year", p.years[0].revenue_musd, 900.0);
        let c = concentration(&p, &[1, 4], None);
        let m = &c.months[11];
        assert_close("hhi", m.hhi, 20_000.0 / 9.0);
        assert_eq!(HhiBand::of(m.hhi), HhiBand::High2023);
        assert_close("effective", m.effective_customers, 4.5);
        assert_close("top-1", m.top1_share, 1.0 / 3.0);
        assert_close("top-3", m.top3_share, 2.0 / 3.0);
        assert_eq!(m.above_threshold_ai, vec![0, 1]);
        // Nothing is random: every run makes exactly $900M in the year, which reaches
        // the target.
        let mc = simulate_runs(&valid, valid.get().simulation.runs);
        assert_eq!(mc.p_reach_target, 1.0);
        assert_eq!(mc.p_reach_target_std_error, 0.0);
        // Every run reaches it in month 11: none before, all by then.
        let mut by_month = vec![0.0; 11];
        by_month.push(1.0);
        assert_eq!(mc.p_reach_by_month, by_month);
        assert_eq!(mc.median_reach_month, Some(11));
        assert_eq!(mc.years[0].share_at_or_above_target, 1.0);
        assert_close("final year", mc.years[0].percentiles_musd[2], 900.0);
        assert_eq!(mc.worst_5pct_gap_musd, 0.0);
    }

    #[test]
    fn invalid_and_newer_files_are_refused_with_reasons() {
        let Err(ParseError::Invalid(errors)) = read("invalid_inputs.json") else {
            panic!("invalid_inputs.json should be refused");
        };
        assert_eq!(
            errors.for_field(FieldPath::Client(0, ClientField::AnnualLeaveProbability)),
            Some("Walmart: annual probability of leaving must be between 0% and 100%, got 140%")
        );
        assert_eq!(
            errors.for_field(FieldPath::Client(1, ClientField::Name)),
            Some("Client 2: the name must have 1 to 60 characters")
        );
        assert!(errors
            .for_field(FieldPath::Client(1, ClientField::MonthlySpend))
            .is_some());
        assert_eq!(
            errors.for_field(FieldPath::Client(0, ClientField::KeptShare)),
            Some(
                "Walmart: share of spend kept after leaving must be between 0% and 100%, got 150%"
            )
        );
        // A 6-month horizon is too short: a year is the shortest.
        assert_eq!(
            errors.for_field(FieldPath::Scenario(ScenarioField::HorizonMonths)),
            Some("The horizon must be between 12 months and 120 months, got 6")
        );
        assert!(errors
            .for_field(FieldPath::Scenario(ScenarioField::GrowthCorrelation))
            .is_some());
        assert_eq!(
            errors.for_field(FieldPath::Scenario(ScenarioField::Runs)),
            Some("The number of runs must be between 100 and 100,000, got 50")
        );
        assert_eq!(errors.0.len(), 7, "{errors}");
        // A file of a later format (3) is refused rather than misread.
        assert!(matches!(
            read("newer_version.json"),
            Err(ParseError::NewerVersion(3))
        ));
    }
}

/// The departure stress test against staying, on expected paths and on the runs.
mod departures {
    use super::support::{bytedance_exit, bytedance_partial};
    use super::*;
    use revenue_model::stress::departure_odds;

    /// TikTok's revenue lost in each month when it leaves in month `leave` with a
    /// `w`-month wind-down, keeping nothing, while flat at $20M: 20·(k + 1)/(w + 1) in
    /// the k-th month of the wind-down (it still pays 20·(1 − (k + 1)/(w + 1))), $20M after.
    fn flat_loss(horizon: usize, leave: usize, w: usize) -> Vec<f64> {
        (0..horizon)
            .map(|t| {
                if t < leave {
                    0.0
                } else if t - leave < w {
                    20.0 * (t - leave + 1) as f64 / (w + 1) as f64
                } else {
                    20.0
                }
            })
            .collect()
    }

    fn check_against_staying(name: &str, valid: &ValidScenario, w: usize, want: f64) {
        let p = project(valid);
        let d = departure(valid, &p, 0, 8).unwrap();
        assert_eq!(d.month, 8, "{name}");
        assert_close(&format!("{name}: lost"), d.revenue_lost_musd, want);
        let loss = flat_loss(36, 8, w);
        assert_close(
            &format!("{name}: the loss by month adds up"),
            loss.iter().sum(),
            want,
        );
        assert_eq!(d.stays_total_musd.len(), 36);
        for (t, lost) in loss.iter().enumerate() {
            // Staying, TikTok brings its full $20M; everyone else follows the expected path.
            let others = p.total_musd[t] - p.client_revenue_musd[0][t];
            assert_close(
                &format!("{name}: stays, month {t}"),
                d.stays_total_musd[t],
                others + 20.0,
            );
            assert_close(
                &format!("{name}: leaves, month {t}"),
                d.leaves_total_musd[t],
                others + 20.0 - lost,
            );
        }
        // Against the expected path (which already counts the chance of leaving) the
        // loss is smaller: the expected path is below "stays" by Σ 20·(1 − E(t)) > 0.
        let below: f64 = p.client_revenue_musd[0].iter().map(|r| 20.0 - r).sum();
        assert!(below > 0.0, "{name}");
        assert_close(
            &format!("{name}: lost against the expected path"),
            d.revenue_lost_vs_expected_musd,
            want - below,
        );
    }

    #[test]
    fn tiktok_leaving_in_april_2025_costs_500m_against_staying() {
        // The base case: TikTok flat at $20M (growth 0) with a 6-month wind-down, leaving
        // in month 8 (Aug 2024 + 8 = Apr 2025). In months 8–13 it still pays
        // 20·6/7, 20·5/7, …, 20·1/7, so the wind-down loses 20·(1 + 2 + … + 6)/7 =
        // 20·21/7 = $60M; then months 14–35 lose 22 × $20M = $440M: $500M in all.
        let valid = support::valid_article();
        assert_eq!(valid.get().start.plus_months(8).label(), "Apr 2025");
        check_against_staying("base case", &valid, 6, 500.0);
        // "ByteDance builds its own AI" winds down over 3 months: it still pays 20·3/4,
        // 20·2/4, 20·1/4 in months 8–10, losing 20·(1 + 2 + 3)/4 = $30M; then months
        // 11–35 lose 25 × $20M = $500M: $530M in all.
        let exit = validate(bytedance_exit()).unwrap();
        check_against_staying("ByteDance exit", &exit, 3, 530.0);
    }

    #[test]
    fn the_runs_lose_the_same_on_average_and_exactly_without_volatility() {
        // On the runs, TikTok's level in month t is 20·Π exp(μ + σₘZ) with
        // E[exp(μ + σₘZ)] = m = 1 (no growth), so its expected level is $20M in every
        // month and the expected loss is the $500M (base case) and $530M (3-month
        // wind-down) worked out above; the mean over 4,000 paired runs is within 3
        // standard errors of it.
        for (name, scenario, want) in [
            ("base case", article_base_case(), 500.0),
            ("ByteDance exit", bytedance_exit(), 530.0),
        ] {
            let valid = validate(scenario.clone()).unwrap();
            let odds = departure_odds(&valid, 0, 8, 4_000).unwrap();
            assert_eq!(
                (odds.client, odds.month, odds.runs),
                (0, 8, 4_000),
                "{name}"
            );
            assert!(odds.revenue_lost_std_error_musd > 0.0, "{name}");
            assert!(
                (odds.mean_revenue_lost_musd - want).abs()
                    <= 3.0 * odds.revenue_lost_std_error_musd,
                "{name}: mean loss {} ± {} vs {want}",
                odds.mean_revenue_lost_musd,
                odds.revenue_lost_std_error_musd
            );
            // Leaving never helps a run reach the target: every run that reaches it
            // after TikTok leaves also reaches it when TikTok stays.
            assert!(odds.p_reach_if_stays >= odds.p_reach_if_leaves, "{name}");
            assert!(odds.p_difference_std_error.is_finite() && odds.p_difference_std_error >= 0.0);

            // Without TikTok's volatility its level is $20M in every run, so every run
            // loses exactly the expected-path loss (the others' draws are the same in
            // both conditions and cancel).
            let mut calm = scenario;
            calm.clients[0].growth_volatility = 0.0;
            let calm = validate(calm).unwrap();
            let odds = departure_odds(&calm, 0, 8, 1_000).unwrap();
            assert!(
                (odds.mean_revenue_lost_musd - want).abs() <= 1e-9,
                "{name} without volatility: {}",
                odds.mean_revenue_lost_musd
            );
            assert!(odds.revenue_lost_std_error_musd <= 1e-9, "{name}");
            assert!(odds.p_reach_if_stays >= odds.p_reach_if_leaves, "{name}");
            let p = project(&calm);
            assert_close(
                &format!("{name}: expected path"),
                departure(&calm, &p, 0, 8).unwrap().revenue_lost_musd,
                want,
            );
        }
    }

    #[test]
    fn keeping_half_of_the_spend_loses_half() {
        // After leaving, the client brings κ + (1 − κ)·wind(k) of its spend, so against
        // staying it loses (1 − κ)·(1 − wind(k)) of it every month: with κ = 50% exactly
        // half of what it loses keeping nothing. The base case's TikTok leaving in
        // month 8: $500M keeping nothing, $250M keeping half ("ByteDance keeps half").
        let mut half = article_base_case();
        half.clients[0].kept_share = 0.5;
        let half = validate(half).unwrap();
        let none = support::valid_article();
        let lost = |v: &ValidScenario| departure(v, &project(v), 0, 8).unwrap().revenue_lost_musd;
        assert_close("keeping nothing", lost(&none), 500.0);
        assert_close("keeping half", lost(&half), 250.0);
        let partial = validate(bytedance_partial()).unwrap();
        assert_eq!(partial.get().clients[0].kept_share, 0.5);
        assert_close("ByteDance keeps half", lost(&partial), 250.0);
        // Month by month, once wound down: the half-keeper still pays $10M.
        let d = departure(&half, &project(&half), 0, 8).unwrap();
        for t in 14..36 {
            assert_close(
                &format!("kept half, month {t}"),
                d.stays_total_musd[t] - d.leaves_total_musd[t],
                10.0,
            );
        }
        // On the runs, with volatility: the share kept changes no draw, and each run's
        // loss is (1 − κ) times its loss keeping nothing, so the means are in the same
        // ratio (to rounding) and so are the standard errors.
        let a = departure_odds(&none, 0, 8, 2_000).unwrap();
        let b = departure_odds(&half, 0, 8, 2_000).unwrap();
        assert!(
            (b.mean_revenue_lost_musd - 0.5 * a.mean_revenue_lost_musd).abs()
                <= 1e-9 * a.mean_revenue_lost_musd,
            "{} vs half of {}",
            b.mean_revenue_lost_musd,
            a.mean_revenue_lost_musd
        );
        assert!(
            (b.revenue_lost_std_error_musd - 0.5 * a.revenue_lost_std_error_musd).abs()
                <= 1e-9 * a.revenue_lost_std_error_musd
        );
        assert!(b.p_reach_if_leaves >= a.p_reach_if_leaves);
        assert_eq!(a.p_reach_if_stays, b.p_reach_if_stays);
    }
}

/// Common random numbers: every client's draws are its own.
mod streams {
    use super::*;
    use revenue_model::monte_carlo::MonteCarlo;

    /// `mc` without the entries of client `index` (its chance of having left and its
    /// disclosure shares), the only figures that belong to one client.
    fn without(mut mc: MonteCarlo, index: usize) -> MonteCarlo {
        mc.p_left.remove(index);
        mc.concentration.p_at_or_above_threshold.remove(index);
        mc
    }

    #[test]
    fn a_zero_spend_clients_inputs_change_no_other_draw() {
        // A client spending $0 adds 0 to every month of every run, whatever its chance
        // of leaving, volatility or growth (0 times any level is 0). Its streams are
        // its own (keyed by its id), so the other clients read the same numbers and
        // the result is bit-identical to the base case's, apart from the figures of
        // the client itself.
        let base = simulate_runs(&support::valid_article(), 1_000);
        let ghost = Client {
            id: 50,
            name: "Nobody yet".to_string(),
            monthly_spend_musd: 0.0,
            ..Client::default()
        };
        let variants = [
            Client {
                annual_leave_probability: 0.0,
                growth_volatility: 0.0,
                annual_growth: 0.0,
                ..ghost.clone()
            },
            Client {
                annual_leave_probability: 1.0,
                growth_volatility: 3.0,
                annual_growth: 10.0,
                ..ghost.clone()
            },
            Client {
                annual_leave_probability: 0.5,
                growth_volatility: 0.7,
                annual_growth: -0.99,
                first_month: 5,
                ramp_months: 12,
                wind_down_months: 36,
                kept_share: 0.5,
                ..ghost.clone()
            },
            Client {
                customers: 300,
                ..ghost.clone()
            },
            Client {
                own_product: true,
                ..ghost
            },
        ];
        for (k, g) in variants.into_iter().enumerate() {
            let mut s = article_base_case();
            let certain = g.annual_leave_probability == 1.0 && g.customers == 1 && !g.own_product;
            s.clients.push(g);
            let mc = simulate_runs(&validate(s).unwrap(), 1_000);
            if certain {
                assert_eq!(mc.p_left[2], 1.0, "variant {k}");
            }
            assert!(mc.concentration.p_at_or_above_threshold[2]
                .iter()
                .all(|p| *p == 0.0));
            let mc = without(mc, 2);
            assert_eq!(
                result_fingerprint(&mc),
                result_fingerprint(&base),
                "variant {k}"
            );
            assert_eq!(mc, base, "variant {k}");
        }
    }

    #[test]
    fn correlation_adds_the_covariance_of_the_shared_shock() {
        // Two equal clients (one customer each, never leaving), spend s = $10M, growth
        // g = 20%, volatility σ = 40%, correlation ρ. After its first month a client's
        // level is multiplied each month by exp(μ + σₘZₜ), σₘ = σ/√12, μ = ln m − σₘ²/2,
        // m = 1.2^(1/12), Zₜ = √ρ·Mₜ + √(1 − ρ)·Eₜ. In month T it has had T' = T shocks
        // (months 1..T), so with X = Σ σₘZₜ:
        //   E[L] = s·m^T', Var L = s²·m^(2T')·(exp(σₘ²T') − 1),
        //   Cov(L₁, L₂) = s²·m^(2T')·(exp(ρσₘ²T') − 1) (the shocks' covariance is ρσₘ²),
        //   Var(L₁ + L₂) = 2s²·m^(2T')·(exp(σₘ²T') − 1 + exp(ρσₘ²T') − 1).
        // Reading one month from the public API: a run's path does not depend on the
        // horizon (draw t of each stream is month t's), so the per-run revenue over a
        // 13-month horizon minus that over a 12-month horizon is the run's month 12.
        // T' = 12, σₘ²T' = 0.16, m^(2T') = 1.44, E[L₁ + L₂] = 2·10·1.2 = $24M:
        //   ρ = 0:   Var = 2·100·1.44·(e^0.16 − 1) = 288·0.173511 = 49.971;
        //   ρ = 0.8: Var = 288·(0.173511 + e^0.128 − 1) = 288·(0.173511 + 0.136553) = 89.298.
        // With 100,000 runs the sample variance's relative standard error is under 1%
        // (kurtosis about 5); the check allows 4%.
        let (s, g, sigma) = (10.0, 0.2, 0.4);
        let runs = 100_000;
        let month_12 = |rho: f64| -> Vec<f64> {
            let mut sc = article_base_case();
            sc.growth_correlation = rho;
            sc.clients = vec![
                Client {
                    annual_growth: g,
                    growth_volatility: sigma,
                    ..client("A", s)
                },
                Client {
                    annual_growth: g,
                    growth_volatility: sigma,
                    ..client("B", s)
                },
            ];
            let at = |h: u32| {
                let mut sc = sc.clone();
                sc.horizon_months = h;
                simulate_with(
                    &validate(sc).unwrap(),
                    runs,
                    Condition::None,
                    Detail::OddsOnly,
                )
                .horizon_revenue_musd
            };
            at(13).iter().zip(at(12)).map(|(a, b)| a - b).collect()
        };
        let sm2t = sigma * sigma / 12.0 * 12.0;
        let m2t = (1.0f64 + g).powf(2.0);
        let closed = |rho: f64| 2.0 * s * s * m2t * ((sm2t).exp() - 1.0 + (rho * sm2t).exp() - 1.0);
        assert!((closed(0.0) - 49.971).abs() < 1e-3);
        assert!((closed(0.8) - 89.298).abs() < 1e-3);
        let mut variances = Vec::new();
        for rho in [0.0, 0.8] {
            let x = month_12(rho);
            let n = x.len() as f64;
            let mean = x.iter().sum::<f64>() / n;
            let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
            let want = closed(rho);
            // The mean's standard error is √(Var/n) ≈ 0.03; allow 5 of them.
            assert!(
                (mean - 24.0).abs() < 5.0 * (want / n).sqrt(),
                "ρ = {rho}: mean {mean}"
            );
            assert!(
                (var / want - 1.0).abs() < 0.04,
                "ρ = {rho}: variance {var} vs {want}"
            );
            variances.push(var);
        }
        // The shared shock adds about 79% to the variance here.
        assert!(variances[1] > 1.5 * variances[0], "{variances:?}");
    }
}

/// Concentration measured in every run.
mod bands {
    use super::*;

    /// The base case's two entries, without volatility and (unless changed) without departures.
    fn calm(tiktok_leaves: f64, wind_down: u32) -> ValidScenario {
        let mut s = article_base_case();
        for c in &mut s.clients {
            c.growth_volatility = 0.0;
            c.annual_growth = 0.0;
            c.annual_leave_probability = 0.0;
        }
        s.clients[0].annual_leave_probability = tiktok_leaves;
        s.clients[0].wind_down_months = wind_down;
        validate(s).unwrap()
    }

    #[test]
    fn every_run_has_the_articles_concentration_when_nothing_is_random() {
        // $20M from one customer and $60M from 100: HHI 681.25 and top-1 25% in every
        // run and month (see concentration_counts_every_customer_of_a_group), so the
        // 5th, 50th and 95th percentiles over runs are one and the same value.
        let mc = simulate_runs(&calm(0.0, 6), 500);
        let c = &mc.concentration;
        assert_eq!(c.headline, Some(0));
        for t in 0..36 {
            let [p5, p50, p95] = c.hhi[t].unwrap();
            assert_eq!((p5, p95), (p50, p50), "month {t}");
            assert_close(&format!("HHI, month {t}"), p50, 681.25);
            assert_eq!(c.top1[t], Some([0.25; 3]), "month {t}");
            // TikTok never leaves: every run is in the "stays" group.
            assert_eq!(c.hhi_if_stays[t], c.hhi[t]);
            assert_eq!(c.top1_if_stays[t], c.top1[t]);
            assert_eq!((c.hhi_if_left[t], c.top1_if_left[t]), (None, None));
            assert_eq!(c.p_headline_left[t], 0.0);
            // TikTok's 25% is above the 10% line in every run; a customer of the group
            // (0.75%) never is.
            assert_eq!(c.p_at_or_above_threshold[0][t], 1.0);
            assert_eq!(c.p_at_or_above_threshold[1][t], 0.0);
        }
    }

    #[test]
    fn a_certain_departure_moves_every_run_to_the_left_group() {
        // TikTok leaves with probability 1: in month 1 of every run (its first month is
        // 0), winding down over 6 months to nothing: x(t) = 20·(1 − t/7) for t = 1..6,
        // then 0. The others stay at $60M over 100 customers.
        // - p_headline_left = 0 in month 0, 1 from month 1; so month 0 has only a
        //   "stays" band and every later month only a "left" band;
        // - month 1: x = 120/7, total 540/7: shares 2/9 and 7/9 (7/900 per customer);
        //   HHI = 10,000·(4/81 + 100·49/810,000) = 10,000·449/8,100 = 44,900/81;
        // - TikTok is at or above 10% while x/(x + 60) ≥ 10%, i.e. x ≥ 20/3, i.e.
        //   t/7 ≤ 2/3: months 0–4; in month 5 x = 40/7 is 8.7%;
        // - from month 7 TikTok's share is 0: the 100 customers have 1% each, HHI =
        //   10,000·100·0.01² = 100, top-1 1%.
        let mc = simulate_runs(&calm(1.0, 6), 400);
        let c = &mc.concentration;
        assert_eq!(mc.p_left[0], 1.0);
        assert_eq!(c.p_headline_left[0], 0.0);
        assert!(c.p_headline_left[1..].iter().all(|p| *p == 1.0));
        assert!(c.hhi_if_stays[0].is_some() && c.hhi_if_left[0].is_none());
        assert_close("month 0 HHI", c.hhi_if_stays[0].unwrap()[1], 681.25);
        for t in 1..36 {
            assert_eq!(c.hhi_if_stays[t], None, "month {t}");
            assert_eq!(c.top1_if_stays[t], None, "month {t}");
            assert_eq!(c.hhi_if_left[t], c.hhi[t], "month {t}");
        }
        let [a, b, d] = c.hhi_if_left[1].unwrap();
        assert_eq!((a, d), (b, b));
        assert_close("month 1 HHI", b, 44_900.0 / 81.0);
        assert_close("month 1 top-1", c.top1_if_left[1].unwrap()[1], 2.0 / 9.0);
        for t in 0..36 {
            let above = if t <= 4 { 1.0 } else { 0.0 };
            assert_eq!(c.p_at_or_above_threshold[0][t], above, "month {t}");
        }
        for t in 7..36 {
            let [a, b, d] = c.hhi_if_left[t].unwrap();
            assert_eq!((a, d), (b, b), "month {t}");
            assert_close(&format!("HHI, month {t}"), b, 100.0);
            let [a, b, d] = c.top1_if_left[t].unwrap();
            assert_eq!((a, d), (b, b), "month {t}");
            assert_close(&format!("top-1, month {t}"), b, 0.01);
        }
    }
}

/// Provenance follows the client's id through a link.
#[test]
fn a_renamed_tiktok_keeps_its_article_tag_through_a_link() {
    use revenue_model::provenance::SourceKind;
    use revenue_model::scenario::ClientField;
    use revenue_model::share::{decode, encode};
    use support::{client_provenance, TIKTOK_ID};
    // Rename TikTok and move it after the others: the link carries ids, so after
    // decoding it is still the article's client (id 1): its $20M is the article's,
    // while its new name is the reader's.
    let mut s = article_base_case();
    s.clients[0].name = "TikTok".to_string();
    s.clients.swap(0, 1);
    let d = decode(&encode(&s), &article_base_case());
    assert!(d.ignored.is_empty(), "{:?}", d.ignored);
    assert_eq!(d.scenario, s);
    let valid = validate(d.scenario).unwrap();
    let t = &valid.get().clients[1];
    assert_eq!((t.id, t.name.as_str()), (TIKTOK_ID, "TikTok"));
    assert_eq!(
        client_provenance(t, ClientField::MonthlySpend).kind,
        SourceKind::Article
    );
    assert_eq!(
        client_provenance(t, ClientField::Name).kind,
        SourceKind::Assumption
    );
    // It is still the headline client, though no longer first.
    assert_eq!(valid.get().headline_client(), Some(1));
    // A client named like the article's TikTok but added by the reader (a new id) is
    // not the article's.
    let mut s = article_base_case();
    let mut copy = s.clients[0].clone();
    copy.id = s.next_client_id();
    s.clients.push(copy);
    let valid = validate(decode(&encode(&s), &article_base_case()).scenario).unwrap();
    let copy = &valid.get().clients[2];
    assert!(copy.id >= support::FIRST_FREE_ID);
    assert_eq!(
        client_provenance(copy, ClientField::MonthlySpend).kind,
        SourceKind::Assumption
    );
}

/// The diversified preset's prospects and its own product.
mod diversified {
    use super::support::{diversified, COPILOT_ID, WALMART_ID};
    use super::*;
    use revenue_model::concentration::customer_counts;

    #[test]
    fn walmart_arrives_at_its_quoted_spend_and_grows_only_after() {
        // Walmart: $5M a month quoted at its first month (3), ramping over 6 months,
        // growing 30% a year (m = 1.3^(1/12)), 5% a year chance of leaving
        // (h = 1 − 0.95^(1/12)) with a 6-month wind-down. Nothing before month 3; in
        // month 3 it spends 5·1/6 (its level is still $5M: no growth before it starts,
        // and it cannot leave before month 4). Month 4: level 5·m, ramp 2/6, presence
        // (1 − h) + h·6/7 (those leaving in month 4 still pay 6/7).
        let s = diversified();
        let w = s.index_of(WALMART_ID).unwrap();
        let valid = validate(s).unwrap();
        let p = project(&valid);
        let walmart = &p.client_revenue_musd[w];
        assert_eq!(&walmart[..3], &[0.0; 3]);
        assert_close("month 3", walmart[3], 5.0 / 6.0);
        let m = 1.3f64.powf(1.0 / 12.0);
        let h = 1.0 - 0.95f64.powf(1.0 / 12.0);
        assert_close(
            "month 4",
            walmart[4],
            5.0 * m * (2.0 / 6.0) * ((1.0 - h) + h * 6.0 / 7.0),
        );
        // On the runs too: Walmart alone, with its volatility, spends exactly 5/6 in
        // month 3 of every run and nothing before.
        let mut alone = diversified();
        alone.clients.retain(|c| c.id == WALMART_ID);
        let mc = simulate_runs(&validate(alone).unwrap(), 300);
        for t in 0..3 {
            assert_eq!(mc.percentiles_musd[t], [0.0; 5], "month {t}");
        }
        for q in mc.percentiles_musd[3] {
            assert_close("month 3 of every run", q, 5.0 / 6.0);
        }
        assert!(mc.percentiles_musd[5][0] < mc.percentiles_musd[5][4]);
    }

    #[test]
    fn copilot_adds_revenue_but_no_customer() {
        // Copilot is Microsoft's own product: its revenue counts in the total, but it is
        // no customer. With $20M from TikTok and $20M from Copilot (flat, certain), the
        // total is $40M and the only customer has all of the customers' revenue: HHI =
        // 10,000·(20/40)² = 2,500, top-1 = top-3 = 50%; Copilot is never a 10% customer,
        // and it never leaves, even with a 100% chance set.
        let own = Client {
            own_product: true,
            annual_leave_probability: 1.0,
            wind_down_months: 2,
            ..client("Copilot", 20.0)
        };
        let clients = vec![client("TikTok", 20.0), own];
        let counts = customer_counts(&clients);
        assert_eq!(counts, vec![1, 0]);
        let valid = scenario(clients, 12);
        let p = project(&valid);
        assert!(p.total_musd.iter().all(|v| *v == 40.0));
        let c = concentration(&p, &counts, Some(100.0));
        for m in &c.months {
            assert_eq!(m.entry_share, vec![0.5, 0.5]);
            assert_eq!(m.customer_share, vec![0.5, 0.0]);
            assert_close("HHI", m.hhi, 2_500.0);
            assert_close("effective customers", m.effective_customers, 4.0);
            assert_eq!((m.top1_share, m.top3_share), (0.5, 0.5));
            assert_eq!(m.above_threshold_ai, vec![0]);
            assert_eq!(m.above_threshold_company, vec![0]);
        }
        let mc = simulate_runs(&valid, 200);
        assert_eq!(mc.p_left, vec![0.0, 0.0]);
        for t in 0..12 {
            assert_eq!(mc.percentiles_musd[t], [40.0; 5]);
            assert_eq!(mc.concentration.hhi[t], Some([2_500.0; 3]));
            assert_eq!(mc.concentration.p_at_or_above_threshold[1][t], 0.0);
        }

        // In the preset, Copilot's term is missing from the HHI: it equals
        // 10,000·Σ R²/(n·R_total²) over the customers only, and is below what it would
        // be if Copilot were counted as one customer.
        let s = diversified();
        let k = s.index_of(COPILOT_ID).unwrap();
        assert!(s.clients[k].own_product);
        let counts = customer_counts(&s.clients);
        assert_eq!(counts[k], 0);
        let p = project(&validate(s.clone()).unwrap());
        let c = concentration(&p, &counts, None);
        let mut as_customer = counts.clone();
        as_customer[k] = 1;
        let c1 = concentration(&p, &as_customer, None);
        for t in 0..36 {
            let total = p.total_musd[t];
            let hhi: f64 = 10_000.0
                * p.client_revenue_musd
                    .iter()
                    .zip(&counts)
                    .filter(|(_, n)| **n > 0)
                    .map(|(r, n)| r[t] * r[t] / (f64::from(*n) * total * total))
                    .sum::<f64>();
            assert!(
                (c.months[t].hhi - hhi).abs() <= 1e-9 * hhi,
                "month {t}: {} vs {hhi}",
                c.months[t].hhi
            );
            assert_eq!(c.months[t].customer_share[k], 0.0);
            if p.client_revenue_musd[k][t] > 0.0 {
                assert!(c.months[t].hhi < c1.months[t].hhi, "month {t}");
            }
        }
    }
}

/// The tornado's odds come from paired runs.
#[test]
fn sensitivity_moves_run_on_the_same_draws() {
    use revenue_model::scenario::ClientField;
    use revenue_model::sensitivity::{sensitivity, MIN_PROBABILITY_RUNS};
    // Raising a client's spend, growth or share kept raises every run's revenue in every
    // month, and raising its chance of leaving lowers it (the same uniform draw gives
    // an earlier departure month). On the same draws, a run that reaches the target
    // with the worse value reaches it with the better one, so the per-run difference
    // d = reached(high) − reached(low) takes one sign: with Δ = |P(high) − P(low)| it is
    // ±1 in a share Δ of the runs and 0 otherwise, its variance is Δ(1 − Δ), and the
    // paired standard error is √(Δ(1 − Δ)/n). A request for 100 runs uses the minimum,
    // n = 2,000, so Δ·2,000 is a whole number of runs.
    let valid = support::valid_article();
    let t = sensitivity(&valid, Some(100));
    let n = f64::from(MIN_PROBABILITY_RUNS);
    assert_eq!(MIN_PROBABILITY_RUNS, 2_000);
    let base = simulate_with(&valid, 2_000, Condition::None, Detail::OddsOnly);
    assert_eq!(t.base_p_reach, Some(base.result.p_reach_target));
    let mut checked = 0;
    for row in &t.rows {
        let (lo, hi) = (row.low_p_reach.unwrap(), row.high_p_reach.unwrap());
        let se = row.p_difference_std_error.unwrap();
        assert!(se.is_finite() && se >= 0.0, "{}", row.label);
        let direction = match row.field {
            ClientField::MonthlySpend | ClientField::AnnualGrowth | ClientField::KeptShare => 1.0,
            ClientField::AnnualLeaveProbability => -1.0,
            _ => continue,
        };
        assert!(direction * (hi - lo) >= 0.0, "{}: {lo} → {hi}", row.label);
        let delta = (hi - lo).abs();
        assert!(
            ((delta * n) - (delta * n).round()).abs() < 1e-9,
            "{}",
            row.label
        );
        let want = (delta * (1.0 - delta) / n).sqrt();
        // The population variance (÷ n) or the sample variance (÷ (n − 1)): within 0.03%.
        assert!(
            (se - want).abs() <= 1e-3 * want + 1e-15,
            "{}: standard error {se} vs {want}",
            row.label
        );
        checked += 1;
    }
    // Both clients' spend, growth, chance of leaving and share kept.
    assert_eq!(checked, 8);
    // TikTok's chance of leaving matters: its move changes the odds.
    let leave = t
        .rows
        .iter()
        .find(|r| r.client == 0 && r.field == ClientField::AnnualLeaveProbability)
        .unwrap();
    assert!(leave.low_p_reach.unwrap() > leave.high_p_reach.unwrap());
}

/// Validation gives every client an id that no other client has. Ignored: it does not
/// hold when a client already has the largest id (u32::MAX, which a link can carry):
/// `assign_ids` saturates at u32::MAX and hands the same id out again.
#[test]
fn ids_stay_unique_at_the_largest_id() {
    use revenue_model::share::{decode, encode};
    let mut s = article_base_case();
    s.clients[0].id = u32::MAX;
    s.clients[1].id = u32::MAX;
    let from_link = decode(&encode(&s), &article_base_case()).scenario;
    for scenario in [s, from_link] {
        let valid = validate(scenario).unwrap();
        let ids: Vec<u32> = valid.get().clients.iter().map(|c| c.id).collect();
        assert_ne!(ids[0], ids[1], "{ids:?}");
    }
}
