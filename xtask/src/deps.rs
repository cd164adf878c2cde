//! The architecture invariant: the model and chart crates never depend on the browser or the UI.

use crate::error::{Error, Result};
use crate::project::{output, Project};

struct Rule {
    package: &'static str,
    /// Extra `cargo tree` arguments.
    args: &'static [&'static str],
    forbidden: &'static [&'static str],
}

/// The browser crates, for the wasm32 rule of the charts.
const BROWSER: &[&str] = &["yew", "web-sys", "js-sys", "wasm-bindgen", "gloo"];

const RULES: [Rule; 4] = [
    Rule {
        package: "revenue-model",
        // Every target, so a dependency that only appears on wasm32 is caught too.
        args: &["--target", "all"],
        forbidden: &[
            "yew",
            "web-sys",
            "js-sys",
            "wasm-bindgen",
            "gloo",
            "plotters",
        ],
    },
    Rule {
        package: "revenue-charts",
        args: &[],
        forbidden: BROWSER,
    },
    // On wasm32 plotters 0.3.7 always depends on web-sys and wasm-bindgen (for its own canvas
    // text measurement; no feature turns that off), so there the rule is: the charts reach no
    // UI crate at all, and no browser crate other than through plotters.
    Rule {
        package: "revenue-charts",
        args: &["--target", "wasm32-unknown-unknown"],
        forbidden: &["yew", "gloo"],
    },
    Rule {
        package: "revenue-charts",
        args: &["--target", "wasm32-unknown-unknown", "--prune", "plotters"],
        forbidden: BROWSER,
    },
];

/// How a rule is printed: the package and the tree's target and pruning, if any.
fn scope(rule: &Rule) -> String {
    let mut words = vec![rule.package.to_string()];
    let mut args = rule.args.iter();
    while let Some(arg) = args.next() {
        match (*arg, args.next()) {
            ("--target", Some(&"all")) => words.push("on every target".to_string()),
            ("--target", Some(target)) => words.push(format!("on {target}")),
            ("--prune", Some(pruned)) => words.push(format!("apart from {pruned}")),
            (other, next) => words.extend([other.to_string(), next.unwrap_or(&"").to_string()]),
        }
    }
    words.join(" ")
}

pub fn check(project: &Project) -> Result<()> {
    let mut problems = Vec::new();
    for rule in &RULES {
        let tree = output(
            project
                .cargo()
                .args([
                    "tree",
                    "-p",
                    rule.package,
                    "-e",
                    "normal",
                    "--prefix",
                    "none",
                ])
                .args(rule.args),
        )?;
        let found = offending(&tree, rule.forbidden);
        if found.is_empty() {
            println!(
                "{} depends on none of: {}",
                scope(rule),
                rule.forbidden.join(", ")
            );
            continue;
        }
        for name in found {
            let path = output(
                project
                    .cargo()
                    .args(["tree", "-p", rule.package, "-e", "normal", "-i", &name])
                    .args(rule.args),
            )
            .unwrap_or_default();
            problems.push(format!(
                "{} must not depend on {name}, but does:\n{}",
                scope(rule),
                path.trim_end()
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::new(format!(
            "architecture invariant broken:\n{}",
            problems.join("\n")
        )))
    }
}

/// The crates in `cargo tree --prefix none` output that are forbidden: a forbidden name
/// itself or one of its family (`gloo-timers` for `gloo`, `wasm-bindgen-futures` for
/// `wasm-bindgen`). Each is named once, in tree order.
fn offending(tree: &str, forbidden: &[&str]) -> Vec<String> {
    let is_forbidden = |name: &str| {
        forbidden.iter().any(|bad| {
            name == *bad
                || name
                    .strip_prefix(bad)
                    .is_some_and(|rest| rest.starts_with('-'))
        })
    };
    let mut found: Vec<String> = Vec::new();
    for name in tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
    {
        if is_forbidden(name) && !found.iter().any(|seen| seen == name) {
            found.push(name.to_string());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREE: &str = "revenue-charts v0.1.0 (/repo/crates/charts)\nplotters-backend v0.3.7\nyewtube v1.0.0\nlibm v0.2.15\n";

    #[test]
    fn a_rule_names_its_target_and_pruning() {
        let rule = Rule {
            package: "revenue-charts",
            args: &["--target", "wasm32-unknown-unknown", "--prune", "plotters"],
            forbidden: BROWSER,
        };
        assert_eq!(
            scope(&rule),
            "revenue-charts on wasm32-unknown-unknown apart from plotters"
        );
    }

    #[test]
    fn a_clean_tree_passes() {
        assert!(offending(TREE, &["yew", "web-sys", "gloo"]).is_empty());
    }

    #[test]
    fn names_every_forbidden_crate_and_its_family_once() {
        let tree = format!("{TREE}web-sys v0.3.77\ngloo-timers v0.3.0\nweb-sys v0.3.77 (*)\n");
        assert_eq!(
            offending(&tree, &["yew", "web-sys", "gloo"]),
            ["web-sys", "gloo-timers"]
        );
        assert_eq!(offending(TREE, &["plotters"]), ["plotters-backend"]);
    }
}
