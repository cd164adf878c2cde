//! The tools of the blog and print tests, from Debian's packages: Hugo (a real Hugo site
//! builds a post that uses the widget's shortcode) and poppler-utils (`pdftotext` reads the
//! text of the printed page). `tools` installs them when missing.

use std::process::Command;

use crate::install::{report, AptPackage};
use crate::project::probe;

/// `hugo`, from Debian's package of that name.
pub const HUGO: &str = "/usr/bin/hugo";
/// `pdftotext`, from Debian's poppler-utils.
pub const PDFTOTEXT: &str = "/usr/bin/pdftotext";

/// The Debian packages, without their recommends: Hugo's would bring git and a Go
/// toolchain, which a site without Hugo modules does not use.
pub const APT_PACKAGES: [AptPackage; 2] = [
    AptPackage {
        name: "hugo",
        file: HUGO,
        recommends: false,
    },
    AptPackage {
        name: "poppler-utils",
        file: PDFTOTEXT,
        recommends: false,
    },
];

/// Says which Hugo and pdftotext were found.
pub fn report_found() {
    let hugo = probe(Command::new(HUGO).arg("version")).unwrap_or_default();
    let hugo = hugo.split_whitespace().nth(1).unwrap_or("unknown version");
    report("hugo", format!("{HUGO} ({hugo}); pdftotext: {PDFTOTEXT}"));
}
