//! Every chart rendered to SVG for the article's base case: the series, labels and
//! reference lines a reader relies on are there.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use plotters::prelude::*;
use revenue_charts::*;
use revenue_model::monte_carlo::simulate_runs;
#[path = "../../model/tests/support/mod.rs"]
mod support;
use revenue_model::{concentration, project, sensitivity, validate};
use support::{article, article_base_case, diversified};

fn svg(
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> PlotGeometry,
) -> (String, PlotGeometry) {
    let mut out = String::new();
    let geometry = {
        let area = SVGBackend::with_string(&mut out, (720, 420)).into_drawing_area();
        let g = draw(&area);
        area.present().unwrap();
        g
    };
    (out, geometry)
}

#[test]
fn concentration_chart_shows_hhi_bands_and_the_disclosure_threshold() {
    let s = validate(article_base_case()).unwrap();
    let p = project(&s);
    let customers = concentration::customer_counts(&s.get().clients);
    let c = concentration::concentration(&p, &customers, s.get().company_annual_revenue_musd);
    let mc = simulate_runs(&s, 500);
    let (out, g) = svg(|a| {
        draw_concentration(
            a,
            &mc.concentration,
            &c,
            p.start,
            "TikTok",
            &Theme::light(1.0),
        )
        .unwrap()
    });
    for text in [
        "HHI (0–10,000)",
        "HHI, median of runs (band: 5–95%)",
        "Expected path (no run follows it)",
        "10% disclosure threshold",
        "Largest customer",
        "If TikTok stays",
        "Once TikTok has left",
        "Aug 2024",
    ] {
        assert!(out.contains(text), "missing {text}");
    }
    assert!(g.y_range.1 >= 2_500.0, "the 2,500 band is on the axis");
}

#[test]
fn fan_chart_shows_bands_median_and_probability() {
    let s = validate(article_base_case()).unwrap();
    let mc = simulate_runs(&s, 500);
    let (out, _) =
        svg(|a| draw_fan(a, &mc, s.get().start, 1000.0, &[], &Theme::light(1.0)).unwrap());
    for text in [
        "5–95% of runs",
        "25–75% of runs",
        "Median",
        "Target $1B a year ($83.3M a month)",
        "$M per month",
    ] {
        assert!(out.contains(text), "missing {text}");
    }
    assert!(out.contains("<polygon"), "bands are filled polygons");
}

#[test]
fn final_year_histogram_marks_the_target() {
    let s = validate(article_base_case()).unwrap();
    let mc = simulate_runs(&s, 500);
    let (out, g) = svg(|a| draw_final_year(a, &mc, 1000.0, &Theme::light(1.0)).unwrap());
    assert!(out.contains("Share of runs"));
    assert!(out.contains("final 12 months reach it"));
    assert!(
        g.x_range.0 <= 1000.0 && g.x_range.1 >= 1000.0,
        "the target is on the axis"
    );
    assert!(out.matches("<rect").count() >= 20, "one bar per bin");
}

#[test]
fn tornado_lists_the_largest_swings_first() {
    let s = validate(diversified()).unwrap();
    let t = sensitivity::sensitivity(&s, None);
    let (out, _) = svg(|a| draw_tornado(a, &t, &Theme::light(1.0)).unwrap());
    let first = &t.rows[0];
    assert!(
        first.label.starts_with("Other AI clients"),
        "the $60M group moves revenue most: {}",
        first.label
    );
    assert!(out.contains("Other AI clients: monthly spend"));
    assert!(out.contains("As entered:"));
}

#[test]
fn fan_chart_draws_the_cases_it_is_compared_with() {
    use revenue_charts::{Overlay, OverlayStyle};
    let s = validate(article_base_case()).unwrap();
    let mc = simulate_runs(&s, 300);
    let overlays = [
        Overlay {
            label: "If TikTok leaves in Apr 2025".to_string(),
            short_label: "If TikTok leaves".to_string(),
            values: vec![70.0; 36],
            style: OverlayStyle::Dashed,
        },
        Overlay {
            label: "The article's case".to_string(),
            short_label: "The article".to_string(),
            values: vec![80.0; 36],
            style: OverlayStyle::Faint,
        },
    ];
    let (with, _) =
        svg(|a| draw_fan(a, &mc, s.get().start, 1000.0, &overlays, &Theme::light(1.0)).unwrap());
    let (without, _) =
        svg(|a| draw_fan(a, &mc, s.get().start, 1000.0, &[], &Theme::light(1.0)).unwrap());
    assert!(with.contains("If TikTok leaves in Apr 2025"));
    assert!(with.contains("The article"));
    assert!(!without.contains("If TikTok leaves"));
    assert!(with.matches("<polyline").count() > without.matches("<polyline").count());
    // On a phone-width chart the legend uses the short labels.
    let mut narrow = String::new();
    {
        let area = SVGBackend::with_string(&mut narrow, (360, 220)).into_drawing_area();
        draw_fan(
            &area,
            &mc,
            s.get().start,
            1000.0,
            &overlays,
            &Theme::light(1.0),
        )
        .unwrap();
        area.present().unwrap();
    }
    assert!(narrow.contains("If TikTok leaves") && !narrow.contains("in Apr 2025"));
    // ... in a strip under the plot, below the month labels, where it hides no band.
    let y_of = |svg: &str, label: &str| -> f64 {
        let end = svg.find(&format!(">\n{label}\n</text>")).unwrap();
        let start = svg[..end].rfind("<text").unwrap();
        let tag = &svg[start..end];
        let y = tag.find(" y=\"").unwrap() + 4;
        tag[y..].split('"').next().unwrap().parse().unwrap()
    };
    assert!(y_of(&narrow, "If TikTok leaves") > y_of(&narrow, "Aug 2024"));
    assert!(y_of(&with, "If TikTok leaves in Apr 2025") < y_of(&with, "Aug 2024"));
    assert!(narrow.contains("$1B a year") && !narrow.contains("a month)"));
}

#[test]
fn the_outlook_says_what_it_shows_and_where_the_leaving_case_ends() {
    let s = validate(article_base_case()).unwrap();
    let mc = simulate_runs(&s, 300);
    let start = s.get().start;
    assert_eq!(
        fan_title(&mc, 1000.0, "TikTok"),
        "Revenue outlook: 300 runs, the $1B line and TikTok leaving"
    );
    assert_eq!(
        fan_title(&mc, 1000.0, ""),
        "Revenue outlook: 300 runs, the $1B line and a client leaving"
    );
    // Leaving in month 8 of an Aug 2024 start: Apr 2025. A path ending at $70M a month.
    let leaves = leaves_overlay("TikTok", start.plus_months(8), vec![70.0; 36]);
    assert_eq!(leaves.label, "Average if TikTok leaves in Apr 2025");
    assert_eq!(leaves.short_label, "If TikTok leaves");
    let summary = fan_summary(&mc, start.plus_months(35), 1000.0, &[leaves]);
    // $1B a year is $83.3M a month.
    assert!(
        summary.starts_with("In Jul 2027 the median run brings "),
        "{summary}"
    );
    assert!(
        summary.contains("$1B a year needs $83.3M a month."),
        "{summary}"
    );
    assert!(
        summary.ends_with(" Average if TikTok leaves in Apr 2025: $70M."),
        "{summary}"
    );
}

#[test]
fn a_response_curve_marks_the_current_value_and_says_its_range() {
    use revenue_charts::{chance_at_current, describe_curve, draw_response};
    use revenue_model::levers::response_curve;
    let story = article();
    let s = story.base_case().clone();
    // The story's second lever: the chance the headline client leaves.
    let curve = response_curve(&s, (1, &story.levers()[1]), 300).unwrap();
    let (fresh, g) = svg(|a| draw_response(a, &curve, false, &Theme::light(1.0)).unwrap());
    let (stale, _) = svg(|a| draw_response(a, &curve, true, &Theme::light(1.0)).unwrap());
    assert!(fresh.contains("<circle"), "the current value is marked");
    assert!(
        fresh.contains("100%") && fresh.contains("0%"),
        "a fixed 0–100% axis"
    );
    assert_ne!(fresh, stale, "a stale curve is drawn differently");
    assert_eq!(g.y_range, (0.0, 100.0));
    let sentence = describe_curve(&curve);
    assert!(sentence.starts_with("The chance goes from "), "{sentence}");
    assert!(
        sentence.contains("at 0% to ") && sentence.contains("at 100%"),
        "{sentence}"
    );
    assert!(sentence.ends_with("now 25%."), "{sentence}");
    let p = chance_at_current(&curve).unwrap();
    assert!((0.0..=1.0).contains(&p));
}
