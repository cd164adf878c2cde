//! `cargo xtask serve`: builds dist/ as `cargo xtask dist` does (the page then holds its
//! story and the base case's full result, which `trunk serve`'s page lacks) and serves it
//! on the address in Trunk.toml's `[serve]` section. Run it again after a change.

use std::fs;

use crate::dist;
use crate::error::{Error, Result};
use crate::project::{probe, run, Project};

const DEFAULT_ADDRESS: &str = "127.0.0.1";
const DEFAULT_PORT: u16 = 8080;

pub fn main(project: &Project) -> Result<()> {
    dist::main_with(project, &dist::Options::default())?;
    let config = fs::read_to_string(project.root().join("Trunk.toml")).unwrap_or_default();
    let (address, port) = serve_address(&config);
    if probe(project.command("python3").arg("--version")).is_none() {
        return Err(Error::new(format!(
            "python3 is needed to serve dist/; or serve {} with any static server",
            project.dist_dir().display()
        )));
    }
    println!("serving the widget at http://{address}:{port}/ (Ctrl-C stops)");
    let dir = project.dist_dir();
    run(project.command("python3").args([
        "-m",
        "http.server",
        &port.to_string(),
        "--bind",
        &address,
        "--directory",
        &dir.to_string_lossy(),
    ]))
}

/// The first address and the port in Trunk.toml's `[serve]` section, or trunk's defaults.
fn serve_address(trunk_toml: &str) -> (String, u16) {
    let mut address = DEFAULT_ADDRESS.to_string();
    let mut port = DEFAULT_PORT;
    let mut in_serve = false;
    for line in trunk_toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_serve = line == "[serve]";
            continue;
        }
        let Some((key, value)) = line.split_once('=').filter(|_| in_serve) else {
            continue;
        };
        let value = value.split('#').next().unwrap_or_default().trim();
        match key.trim() {
            "port" => port = value.parse().unwrap_or(port),
            "addresses" => {
                if let Some(first) = value
                    .trim_start_matches('[')
                    .split([',', ']'])
                    .map(|item| item.trim().trim_matches('"'))
                    .find(|item| !item.is_empty())
                {
                    address = first.to_string();
                }
            }
            _ => {}
        }
    }
    (address, port)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_address_and_port_from_the_serve_section() {
        let toml = "[build]\nport = 1\n[serve]\naddresses = [\"127.0.0.1\"]\nport = 8080 # dev\n";
        assert_eq!(serve_address(toml), ("127.0.0.1".to_string(), 8080));
    }

    #[test]
    fn falls_back_to_trunk_defaults() {
        assert_eq!(serve_address(""), ("127.0.0.1".to_string(), 8080));
    }
}
