//! `cargo xtask`: the project's build, serve and test automation, one module per subcommand.

mod bench;
mod blog_tools;
mod deps;
mod dist;
mod engines;
mod error;
mod escape;
mod html;
mod install;
mod names;
mod postprocess;
mod preview;
mod project;
mod serve;
mod share_card;
mod sizes;
mod test;
mod tools;

use std::process::ExitCode;

use error::Result;
use project::Project;

type Subcommand = fn(&Project) -> Result<()>;

/// Name, what it does, and the function that runs it.
const SUBCOMMANDS: [(&str, &str, Subcommand); 5] = [
    (
        "serve",
        "release build served at http://127.0.0.1:8080/, rebuilt on change",
        serve::main,
    ),
    (
        "dist",
        "release build into dist/ and a size report (raw, gzip, brotli);\n          --base-url URL: the published address, for absolute link-preview and oEmbed URLs;\n          --story FILE: the story the site tells (default stories/article.json)",
        dist::main,
    ),
    (
        "test",
        "native, architecture, browser, dist, end-to-end and other-engine checks",
        test::main,
    ),
    (
        "tools",
        "install or check the tools the other subcommands use",
        tools::ensure,
    ),
    (
        "bench",
        "Monte Carlo (native, wasm vs JS) and input-to-paint benchmarks",
        bench::main,
    ),
];

fn usage() -> String {
    let mut text = String::from("usage: cargo xtask <subcommand>\n\nsubcommands:\n");
    for (name, about, _) in SUBCOMMANDS {
        text.push_str(&format!("  {name:<7} {about}\n"));
    }
    text
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((name, rest)) = args.split_first() else {
        eprint!("{}", usage());
        return ExitCode::from(2);
    };
    let name = name.as_str();
    if matches!(name, "help" | "-h" | "--help") {
        print!("{}", usage());
        return ExitCode::SUCCESS;
    }
    let Some((_, _, subcommand)) = SUBCOMMANDS.iter().find(|(known, _, _)| *known == name) else {
        eprintln!("error: unknown subcommand `{name}`\n\n{}", usage());
        return ExitCode::from(2);
    };
    // Only `dist` takes options.
    let dist_options = match (name, rest) {
        ("dist", _) => match dist::Options::parse(rest) {
            Ok(options) => Some(options),
            Err(err) => {
                eprintln!("error: {err}\n\n{}", usage());
                return ExitCode::from(2);
            }
        },
        (_, []) => None,
        _ => {
            eprintln!("error: `{name}` takes no arguments\n\n{}", usage());
            return ExitCode::from(2);
        }
    };
    let result = Project::discover().and_then(|project| match &dist_options {
        Some(options) => dist::main_with(&project, options),
        None => subcommand(&project),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
