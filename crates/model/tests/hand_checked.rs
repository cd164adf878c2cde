//! Small scenarios whose numbers are worked out by hand in the comments, the article's
//! base case, the departure stress test, the Monte Carlo's limiting cases, and the
//! golden fingerprint shared with the browser test.

#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use revenue_model::article::article_table;
use revenue_model::concentration::concentration;
use revenue_model::monte_carlo::{result_fingerprint, simulate_runs};
use revenue_model::presets::article_base_case;
use revenue_model::projection::project;
use revenue_model::stress::departure;
use revenue_model::{validate, Client, ValidScenario};

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
    let s = revenue_model::presets::diversified();
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
    let valid = validate(revenue_model::presets::bytedance_exit()).unwrap();
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
        parse_scenario_json(&text)
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
            &revenue_model::presets::diversified()
        );
        // Exporting and reading again changes nothing.
        let again = parse_scenario_json(&to_json(&read("diversified.json").unwrap())).unwrap();
        assert_eq!(again.get(), &revenue_model::presets::diversified());
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
            vec![revenue_model::presets::TIKTOK_ID, 2]
        );
        assert_eq!(s.headline_client(), Some(0));
        assert!(s
            .clients
            .iter()
            .all(|c| !c.own_product && c.kept_share == 0.0));
        assert_eq!(
            revenue_model::provenance::client_provenance(&s.clients[0], ClientField::MonthlySpend)
                .kind,
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
