//! Every series as one CSV table, a row per month: the expected path per client, the
//! total, concentration measured in the runs (and on the expected path, labelled), the
//! Monte Carlo percentiles and the chance of having reached the target.
//!
//! Text cells that a spreadsheet would read as a formula (starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return) are neutralised with a leading apostrophe, so a
//! client name from a link never runs as a formula; numbers never print as "-0".

use crate::concentration::Concentration;
use crate::monte_carlo::MonteCarlo;
use crate::projection::Projection;

fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn num(v: f64) -> String {
    if v.is_finite() {
        let text = format!("{:.4}", v);
        let text = if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.')
        } else {
            &text
        };
        if text == "-0" {
            "0".to_string()
        } else {
            text.to_string()
        }
    } else {
        String::new()
    }
}

/// The CSV: `month`, one `<client> ($M)` column per client, `total ($M)`, `trailing 12m
/// ($M)`, `HHI median of runs`, `HHI p5 of runs`, `HHI p95 of runs`, `top-1 share
/// median of runs`, `HHI (expected path)`, `top-1 share (expected path)`, `top-3 share
/// (expected path)`, `effective customers (expected path)`, `p5 ($M)`, `p25`, `p50`,
/// `p75`, `p95`, `mean ($M)`, `chance target reached by this month`. Shares and chances are
/// fractions; empty cells where a value does not exist (trailing 12 months before
/// month 11).
pub fn csv(projection: &Projection, concentration: &Concentration, mc: &MonteCarlo) -> String {
    let mut header = vec!["month".to_string()];
    header.extend(
        projection
            .client_names
            .iter()
            .map(|n| cell(&format!("{n} ($M)"))),
    );
    header.extend(
        [
            "total ($M)",
            "trailing 12m ($M)",
            "HHI median of runs",
            "HHI p5 of runs",
            "HHI p95 of runs",
            "top-1 share median of runs",
            "HHI (expected path)",
            "top-1 share (expected path)",
            "top-3 share (expected path)",
            "effective customers (expected path)",
            "p5 ($M)",
            "p25 ($M)",
            "p50 ($M)",
            "p75 ($M)",
            "p95 ($M)",
            "mean ($M)",
            "chance target reached by this month",
        ]
        .map(String::from),
    );
    let mut out = header.join(",");
    out.push('\n');
    for t in 0..projection.total_musd.len() {
        let mut row = vec![projection
            .start
            .plus_months(u32::try_from(t).unwrap_or(0))
            .iso()];
        row.extend(
            projection
                .client_revenue_musd
                .iter()
                .map(|p| num(p.get(t).copied().unwrap_or(f64::NAN))),
        );
        row.push(num(projection
            .total_musd
            .get(t)
            .copied()
            .unwrap_or(f64::NAN)));
        row.push(
            projection
                .trailing_12m_musd
                .get(t)
                .copied()
                .flatten()
                .map(num)
                .unwrap_or_default(),
        );
        let band = |b: &crate::monte_carlo::Bands, k: usize| {
            b.get(t)
                .copied()
                .flatten()
                .and_then(|v| v.get(k).copied())
                .map(num)
                .unwrap_or_default()
        };
        let runs = &mc.concentration;
        row.push(band(&runs.hhi, 1));
        row.push(band(&runs.hhi, 0));
        row.push(band(&runs.hhi, 2));
        row.push(band(&runs.top1, 1));
        let m = concentration.months.get(t);
        row.push(m.map(|m| num(m.hhi)).unwrap_or_default());
        row.push(m.map(|m| num(m.top1_share)).unwrap_or_default());
        row.push(m.map(|m| num(m.top3_share)).unwrap_or_default());
        row.push(m.map(|m| num(m.effective_customers)).unwrap_or_default());
        match mc.percentiles_musd.get(t) {
            Some(p) => row.extend(p.iter().map(|v| num(*v))),
            None => row.extend(std::iter::repeat_n(String::new(), 5)),
        }
        row.push(mc.mean_musd.get(t).map(|v| num(*v)).unwrap_or_default());
        row.push(
            mc.p_reach_by_month
                .get(t)
                .map(|v| num(*v))
                .unwrap_or_default(),
        );
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::concentration::concentration;
    use crate::monte_carlo::simulate_runs;
    use crate::project;

    #[test]
    fn base_case_csv_has_a_row_per_month_and_the_article_numbers() {
        let v = crate::ValidScenario::article_base_case();
        let p = project(&v);
        let c = concentration(&p, &[1, 100], Some(245_000.0));
        let mc = simulate_runs(&v, 200);
        let text = csv(&p, &c, &mc);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 37);
        assert!(
            lines[0].starts_with("month,TikTok (ByteDance) ($M),Other AI clients ($M),total ($M)")
        );
        assert!(lines[1].starts_with("2024-08,20,60,80,,"), "{}", lines[1]);
        // Month 0: every run is the article's month, HHI 681.25 in every run.
        assert!(
            lines[1].contains(",681.25,681.25,681.25,0.25,681.25,0.25,"),
            "{}",
            lines[1]
        );
        assert!(lines
            .iter()
            .all(|l| l.split(',').count() == lines[0].split(',').count()));
    }
}

#[cfg(test)]
mod hostile {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_negative_zero_is_zero() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Walmart"), "Walmart");
        assert_eq!(num(-0.00001), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(-2.5), "-2.5");
        assert_eq!(num(100.0), "100");
    }
}
