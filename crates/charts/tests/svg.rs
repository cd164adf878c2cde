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

#[test]
fn no_label_lies_over_a_plot_or_another_label_at_any_width() {
    use revenue_model::levers::response_curve;
    use std::rc::Rc;
    let s = validate(article_base_case()).unwrap();
    let p = project(&s);
    let customers = concentration::customer_counts(&s.get().clients);
    let c = concentration::concentration(&p, &customers, s.get().company_annual_revenue_musd);
    let mc = Rc::new(simulate_runs(&s, 400));
    let start = s.get().start;
    let overlays = Rc::new(vec![leaves_overlay(
        "TikTok",
        start.plus_months(8),
        mc.percentiles_musd.iter().map(|q| q[2] * 0.8).collect(),
    )]);
    let charts = [
        ChartData::Fan(mc.clone(), start, 1000.0, overlays, "TikTok".to_string()),
        ChartData::RevenueByClient(Rc::new(p)),
        ChartData::Concentration(mc.clone(), Rc::new(c), start, "TikTok".to_string()),
        ChartData::FinalYear(mc, 1000.0),
        ChartData::Tornado(Rc::new(sensitivity::sensitivity(&s, None))),
        ChartData::Response(
            Rc::new(response_curve(&s, (0, &article().levers()[0]), 200).unwrap()),
            false,
            "TikTok monthly spend".to_string(),
        ),
    ];
    for chart in &charts {
        for css_width in [320.0, 375.0, 700.0, 1280.0] {
            for scale in [1.0, 2.0] {
                let (w, h) = (css_width * scale, chart.height_for(css_width) * scale);
                let mut out = String::new();
                let g = {
                    let area =
                        SVGBackend::with_string(&mut out, (w as u32, h as u32)).into_drawing_area();
                    let g = chart.draw(&area, &Theme::light(scale)).unwrap();
                    area.present().unwrap();
                    g
                };
                let at = format!("{} at {css_width} px ×{scale}", chart.title());
                assert!(!g.plots.is_empty(), "{at}");
                for (i, label) in g.labels.iter().enumerate() {
                    for plot in &g.plots {
                        assert!(!label.overlaps(plot), "{at}: {label:?} over {plot:?}");
                    }
                    for other in &g.labels[i + 1..] {
                        assert!(!label.overlaps(other), "{at}: {label:?} on {other:?}");
                    }
                    assert!(
                        label.left >= 0
                            && label.top >= 0
                            && f64::from(label.right) <= w
                            && f64::from(label.bottom) <= h,
                        "{at}: {label:?} off the canvas"
                    );
                }
            }
        }
    }
}

#[test]
fn a_curve_has_a_readable_plot_its_50_percent_line_and_its_current_value() {
    use revenue_model::levers::response_curve;
    let s = validate(article_base_case()).unwrap();
    let curve = response_curve(&s, (0, &article().levers()[0]), 200).unwrap();
    for (css_width, scale) in [(160.0, 1.0), (215.0, 2.0), (320.0, 1.0)] {
        let mut out = String::new();
        let g = {
            let size = (
                (css_width * scale) as u32,
                (RESPONSE_HEIGHT_PX * scale) as u32,
            );
            let area = SVGBackend::with_string(&mut out, size).into_drawing_area();
            let g = draw_response(&area, &curve, false, &Theme::light(scale)).unwrap();
            area.present().unwrap();
            g
        };
        let plot_css = f64::from(g.y_pixels.1 - g.y_pixels.0) / scale;
        assert!(plot_css >= 60.0, "{css_width} px: {plot_css} px of plot");
        for text in ["0%", "50%", "100%", "$20M"] {
            assert!(
                out.contains(&format!(">\n{text}\n</text>")),
                "{css_width}: {text}"
            );
        }
        // 0%, 50%, 100% and the current value at least; the ends where they fit.
        assert!(g.labels.len() >= 4, "{css_width}: {:?}", g.labels);
    }
}
