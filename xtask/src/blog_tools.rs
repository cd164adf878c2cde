//! The tools of the blog and print tests, from Debian's packages: Hugo (a real Hugo site
//! builds a post that uses the widget's shortcode) and poppler-utils (`pdftotext` reads the
//! text of the printed page). Each is installed only when missing.

use std::path::Path;
use std::process::Command;

use crate::error::{Error, Result};
use crate::project::{probe, run, Project};

/// `hugo`, from Debian's package of that name.
pub const HUGO: &str = "/usr/bin/hugo";
/// `pdftotext`, from Debian's poppler-utils.
pub const PDFTOTEXT: &str = "/usr/bin/pdftotext";

/// Debian package and the program it brings.
const PACKAGES: [(&str, &str); 2] = [("hugo", HUGO), ("poppler-utils", PDFTOTEXT)];

pub fn ensure(project: &Project) -> Result<()> {
    let missing = || -> Vec<&str> {
        PACKAGES
            .iter()
            .filter(|(_, program)| !Path::new(program).is_file())
            .map(|(package, _)| *package)
            .collect()
    };
    let wanted = missing();
    if !wanted.is_empty() {
        println!(
            "[tools] {}: missing, installing with apt-get",
            wanted.join(", ")
        );
        let apt = || crate::tools::apt_get(project);
        // Without recommends: Hugo's would bring git and a Go toolchain, which a site
        // without Hugo modules does not use.
        run(apt().arg("update"))
            .and_then(|()| {
                run(apt()
                    .args(["install", "-y", "--no-install-recommends"])
                    .args(&wanted))
            })
            .map_err(|err| {
                Error::new(format!(
                    "{err}\ninstalling needs root (apt-get); install the Debian packages {}",
                    wanted.join(" ")
                ))
            })?;
        let still = missing();
        if !still.is_empty() {
            return Err(Error::new(format!(
                "apt-get finished but {} is still missing",
                still.join(", ")
            )));
        }
    }
    let hugo = probe(Command::new(HUGO).arg("version")).unwrap_or_default();
    let hugo = hugo.split_whitespace().nth(1).unwrap_or("unknown version");
    println!("[tools] hugo: {HUGO} ({hugo}); pdftotext: {PDFTOTEXT}");
    Ok(())
}
