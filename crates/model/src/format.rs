//! Small, tested formatters for money, percentages and counts, so every number on
//! screen reads the same way. They never print NaN or infinity: a non-finite value
//! reads "–".

/// Writes an integer part with thousands separators: 1080 → "1,080".
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    let len = digits.len();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A number with at most `decimals` decimals (trailing zeros dropped) and thousands
/// separators: `fmt_fixed(1080.0, 1)` → "1,080", `fmt_fixed(25.94, 1)` → "25.9".
pub fn fmt_fixed(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, f.trim_end_matches('0')),
        None => (text.as_str(), ""),
    };
    let negative = v < 0.0 && (int.chars().any(|c| c != '0') || !frac.is_empty());
    let mut out = String::new();
    if negative {
        out.push('−');
    }
    out.push_str(&group_thousands(int));
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A plain number with up to two decimals: 100000 → "100,000", 0.5 → "0.5".
pub fn fmt_number(v: f64) -> String {
    fmt_fixed(v, 2)
}

/// Money in $M: "$20M", "$20.5M", "$960M", "$1,080M". One decimal at most.
pub fn fmt_musd(v: f64) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let body = fmt_fixed(v.abs(), 1);
    if v < 0.0 && body != "0" {
        format!("−${body}M")
    } else {
        format!("${body}M")
    }
}

/// Money in $M, shortened to billions from what would print as $1,000M: "$960M",
/// "$1.08B", "$1B" (and $999.96M, which rounds to $1,000M, is "$1B" too).
pub fn fmt_musd_short(v: f64) -> String {
    if v.is_finite() && (v.abs() * 10.0).round() >= 10_000.0 {
        let body = fmt_fixed(v.abs() / 1000.0, 2);
        if v < 0.0 {
            format!("−${body}B")
        } else {
            format!("${body}B")
        }
    } else {
        fmt_musd(v)
    }
}

/// A fraction as a percentage with one decimal at most: 0.25 → "25%", 0.259 → "25.9%".
pub fn fmt_pct(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "–".to_string();
    }
    format!("{}%", fmt_fixed(fraction * 100.0, 1))
}

/// A change in percentage points: 0.021 → "+2.1 pts", −0.05 → "−5 pts".
pub fn fmt_points(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "–".to_string();
    }
    let body = fmt_fixed(fraction.abs() * 100.0, 1);
    if body == "0" {
        "0 pts".to_string()
    } else if fraction < 0.0 {
        format!("−{body} pts")
    } else {
        format!("+{body} pts")
    }
}

/// Text for HTML or XML content and quoted attribute values: `&`, `<`, `>`, `"` and `'`
/// escaped (the build's pages and link cards, the author page's embed code).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money() {
        assert_eq!(fmt_musd(20.0), "$20M");
        assert_eq!(fmt_musd(240.0), "$240M");
        assert_eq!(fmt_musd(960.0), "$960M");
        assert_eq!(fmt_musd(1080.0), "$1,080M");
        assert_eq!(fmt_musd(20.54), "$20.5M");
        assert_eq!(fmt_musd(-3.0), "−$3M");
        assert_eq!(fmt_musd(-0.01), "$0M");
        assert_eq!(fmt_musd(f64::NAN), "–");
        assert_eq!(fmt_musd_short(1080.0), "$1.08B");
        assert_eq!(fmt_musd_short(1000.0), "$1B");
        assert_eq!(fmt_musd_short(245_000.0), "$245B");
        assert_eq!(fmt_musd_short(999.96), "$1B");
        assert_eq!(fmt_musd_short(999.94), "$999.9M");
        assert_eq!(fmt_musd_short(-999.96), "−$1B");
    }

    #[test]
    fn percentages_and_points() {
        assert_eq!(fmt_pct(0.25), "25%");
        assert_eq!(fmt_pct(21.0 / 81.0), "25.9%");
        assert_eq!(fmt_pct(1.0 / 3.0), "33.3%");
        assert_eq!(fmt_pct(f64::INFINITY), "–");
        assert_eq!(fmt_points(0.021), "+2.1 pts");
        assert_eq!(fmt_points(-0.05), "−5 pts");
        assert_eq!(fmt_number(100_000.0), "100,000");
        assert_eq!(fmt_number(1234567.891), "1,234,567.89");
    }
}
