//! Feeds arbitrary bytes, read as UTF-8, to `parse_scenario_json`; when they are a valid
//! scenario, runs the projection, the concentration, the departure of every client and a
//! 100-run Monte Carlo over a horizon capped at 36 months, and checks that every number
//! that comes out is finite.

#![no_main]

use libfuzzer_sys::fuzz_target;
use revenue_model::monte_carlo::simulate_runs;
use revenue_model::validate::parse_scenario_json;
use revenue_model::{concentration, departure, project, validate};

/// Longest horizon simulated, so each input stays quick.
const MAX_FUZZ_HORIZON: u32 = 36;

fn all_finite<'a>(values: impl IntoIterator<Item = &'a f64>) -> bool {
    values.into_iter().all(|v| v.is_finite())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(valid) = parse_scenario_json(text) else {
        return;
    };
    let mut scenario = valid.into_inner();
    scenario.horizon_months = scenario.horizon_months.min(MAX_FUZZ_HORIZON);
    let valid = match validate(scenario) {
        Ok(v) => v,
        Err(e) => panic!("a valid scenario with a shorter horizon was refused: {e}"),
    };
    let s = valid.get();

    let p = project(&valid);
    assert!(all_finite(&p.total_musd), "projection: {:?}", p.total_musd);
    assert!(p.client_revenue_musd.iter().all(all_finite));

    let customers = revenue_model::concentration::customer_counts(&s.clients);
    let c = concentration(&p, &customers, s.company_annual_revenue_musd);
    for m in &c.months {
        assert!(all_finite(&[
            m.hhi,
            m.top1_share,
            m.top3_share,
            m.effective_customers
        ]));
        assert!((0.0..=10_000.0).contains(&m.hhi));
    }

    for client in 0..s.clients.len() {
        for month in [0, 1, s.horizon_months / 2, s.horizon_months] {
            let d = departure(&valid, &p, client, month);
            let Some(d) = d else {
                panic!("departure of existing client {client} gave None");
            };
            assert!(all_finite(&d.leaves_total_musd));
            assert!(all_finite(&d.stays_total_musd));
            assert!(all_finite(&[d.revenue_lost_musd, d.deepest_drop_musd]));
        }
    }

    let mc = simulate_runs(&valid, 100);
    assert!(all_finite(&mc.mean_musd));
    for q in &mc.percentiles_musd {
        assert!(all_finite(q));
        assert!(
            q.windows(2).all(|w| w[0] <= w[1]),
            "unordered percentiles {q:?}"
        );
    }
    assert!(all_finite(&mc.p_left));
    assert!(mc.p_reach_target.is_finite());
});
