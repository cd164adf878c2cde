//! What each chart says about itself, for the article's base case: its title, summary,
//! the read-out under a pointer and its data table, checked against numbers worked out
//! from the model's results (the base case starts at $20M + $60M a month in Aug 2024).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use plotters::prelude::*;
use revenue_charts::*;
use revenue_model::format::{fmt_fixed, fmt_musd, fmt_pct};
use revenue_model::levers::response_curve;
use revenue_model::monte_carlo::simulate_runs;
use revenue_model::{concentration, project, sensitivity, validate};
use std::rc::Rc;
#[path = "../../model/tests/support/mod.rs"]
mod support;
use support::{article, article_base_case};

/// Every chart of the base case, as the widget builds them.
fn charts() -> Vec<ChartData> {
    let s = validate(article_base_case()).unwrap();
    let p = project(&s);
    let customers = concentration::customer_counts(&s.get().clients);
    let c = concentration::concentration(&p, &customers, s.get().company_annual_revenue_musd);
    let mc = Rc::new(simulate_runs(&s, 400));
    let t = sensitivity::sensitivity(&s, None);
    let curve = response_curve(&s, (0, &article().levers()[0]), 200).unwrap();
    let start = s.get().start;
    vec![
        ChartData::RevenueByClient(Rc::new(p)),
        ChartData::Concentration(mc.clone(), Rc::new(c), start, "TikTok".to_string()),
        ChartData::Fan(
            mc.clone(),
            start,
            1000.0,
            Rc::new(vec![leaves_overlay(
                "TikTok",
                start.plus_months(8),
                vec![70.0; 36],
            )]),
            "TikTok".to_string(),
        ),
        ChartData::FinalYear(mc, 1000.0),
        ChartData::Tornado(Rc::new(t)),
        ChartData::Response(Rc::new(curve), false, "TikTok monthly spend".to_string()),
    ]
}

/// No text a chart shows holds a number that is not one.
fn readable(text: &str) -> bool {
    !text.is_empty() && !text.contains("NaN") && !text.contains("inf")
}

#[test]
fn every_chart_has_a_title_a_summary_a_read_out_and_a_table() {
    for chart in charts() {
        let title = chart.title();
        let summary = chart.summary();
        assert!(readable(&title) && readable(&summary), "{title}: {summary}");
        // A pointer in the middle of the drawn plot reads a value there.
        let mut svg = String::new();
        let g = {
            let area = SVGBackend::with_string(&mut svg, (720, 420)).into_drawing_area();
            let g = chart.draw(&area, &Theme::light(1.0)).unwrap();
            area.present().unwrap();
            g
        };
        let mid = |(a, b): (i32, i32)| f64::from(a + b) / 2.0;
        let (x, y) = (
            g.x_at(mid(g.x_pixels)).unwrap(),
            g.y_at(mid(g.y_pixels)).unwrap(),
        );
        let read = chart.describe(x, y).unwrap_or_else(|| panic!("{title}"));
        assert!(readable(&read), "{title}: {read}");
        // Off the data there is nothing to read.
        assert_eq!(chart.describe(-1e9, -1e9), None, "{title}");
        let table = chart.table();
        assert!(!table.rows.is_empty(), "{title}");
        for row in &table.rows {
            assert_eq!(row.len(), table.headers.len(), "{title}");
            assert!(row.iter().all(|cell| readable(cell)), "{title}: {row:?}");
        }
        assert!(chart.height_for(700.0) > 0.0);
    }
}

#[test]
fn the_revenue_chart_reads_the_start_month_by_hand() {
    let charts = charts();
    let revenue = &charts[0];
    assert_eq!(revenue.title(), "Revenue by client, $M per month");
    assert!(
        revenue
            .summary()
            .starts_with("Expected revenue rises from $80M a month in Aug 2024 to "),
        "{}",
        revenue.summary()
    );
    assert!(revenue
        .summary()
        .ends_with("in Jul 2027; the target needs $83.3M a month."));
    assert_eq!(
        revenue.describe(0.2, 10.0).unwrap(),
        "Aug 2024: total $80M a month (TikTok (ByteDance) $20M, Other AI clients $60M)"
    );
    let table = revenue.table();
    assert_eq!(
        table.headers,
        [
            "Month",
            "TikTok (ByteDance) ($M)",
            "Other AI clients ($M)",
            "Total ($M)"
        ]
    );
    assert_eq!(table.rows.len(), 36);
    assert_eq!(table.rows[0], ["Aug 2024", "20", "60", "80"]);
}

#[test]
fn the_outlook_reads_its_percentiles_and_the_leaving_case() {
    let charts = charts();
    let ChartData::Fan(mc, ..) = &charts[2] else {
        panic!()
    };
    let fan = &charts[2];
    assert_eq!(
        fan.title(),
        "Revenue outlook: 400 runs, the $1B line and TikTok leaving"
    );
    assert!(fan
        .summary()
        .starts_with("In Jul 2027 the median run brings "));
    let p = mc.percentiles_musd[12];
    assert_eq!(
        fan.describe(12.0, 0.0).unwrap(),
        format!(
            "Aug 2025: median {}, 25–75% {} to {}, 5–95% {} to {} a month; Average if TikTok leaves in Apr 2025: $70M",
            fmt_musd(p[2]),
            fmt_musd(p[1]),
            fmt_musd(p[3]),
            fmt_musd(p[0]),
            fmt_musd(p[4])
        )
    );
    let table = fan.table();
    assert_eq!(
        table.headers.last().unwrap(),
        "Average if TikTok leaves in Apr 2025 ($M)"
    );
    assert_eq!(table.rows[12][3], fmt_fixed(p[2], 2));
    assert_eq!(table.rows[12].last().unwrap(), "70");
}

#[test]
fn the_concentration_and_final_year_charts_read_their_runs() {
    let charts = charts();
    let ChartData::Concentration(mc, _, start, _) = &charts[1] else {
        panic!()
    };
    let conc = &charts[1];
    assert_eq!(conc.title(), "Customer concentration over time");
    let hhi = mc.concentration.hhi[35].unwrap();
    assert!(conc.summary().starts_with(&format!(
        "Measured in each of 400 runs: in Jul 2027 the HHI's median is {}",
        fmt_fixed(hhi[1], 0)
    )));
    assert!(conc
        .describe(35.0, 0.0)
        .unwrap()
        .starts_with(&format!("{}: HHI median", start.plus_months(35).label())));
    assert_eq!(conc.table().headers[4], "Largest customer if TikTok stays");
    let fin = &charts[3];
    assert_eq!(fin.title(), "Distribution of the final year's revenue");
    let h = &mc.final_year_histogram;
    let total: u32 = h.counts.iter().sum();
    assert_eq!(total, 400, "every run is in a bin");
    let first = fin
        .describe(h.min_musd + h.bin_width_musd / 2.0, 0.0)
        .unwrap();
    assert!(
        first.ends_with(&format!(
            "{} of runs",
            fmt_pct(f64::from(h.counts[0]) / 400.0)
        )),
        "{first}"
    );
    assert_eq!(fin.table().rows.len(), h.counts.len());
}

#[test]
fn the_tornado_and_a_curve_read_their_rows() {
    let charts = charts();
    let ChartData::Tornado(t) = &charts[4] else {
        panic!()
    };
    let tornado = &charts[4];
    let first = &t.rows[0];
    // The top bar spans y from n - 1 to n.
    let n = t.rows.len().min(TORNADO_MAX_BARS) as f64;
    assert!(tornado
        .describe(0.0, n - 0.5)
        .unwrap()
        .starts_with(&format!("{}: ", first.label)));
    assert!(tornado.summary().starts_with(&format!(
        "{} moves the next 12 months' revenue most",
        first.label
    )));
    assert_eq!(tornado.table().rows.len(), t.rows.len());
    assert_eq!(
        tornado.table().rows[0][5],
        "…",
        "no chance without the full run"
    );

    let ChartData::Response(curve, ..) = &charts[5] else {
        panic!()
    };
    let response = &charts[5];
    assert_eq!(
        response.title(),
        "How the chance of reaching the target changes with TikTok monthly spend"
    );
    assert_eq!(response.summary(), describe_curve(curve));
    let (x, p) = (curve.values[3], curve.p_reach[3]);
    assert_eq!(
        response.describe(x + 0.01, 50.0).unwrap(),
        format!("At {}: {} chance", lever_value_text(curve, x), fmt_pct(p))
    );
    assert_eq!(response.table().rows.len(), curve.values.len());
}
