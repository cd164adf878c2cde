//! Helpers shared by the generated files: content hashes for names and integrity
//! attributes, template filling, and escaping for JavaScript (for HTML: `crate::escape`).

use std::fmt::Write as _;

use base64::Engine as _;
use sha2::{Digest, Sha384};

use crate::error::{Error, Result};

/// Subresource integrity value: `sha384-` and the base64 digest.
pub(super) fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// 16 hex digits of the content's SHA-384, for file names.
pub(super) fn short_hash(bytes: &[u8]) -> String {
    hex(Sha384::digest(bytes).get(..8).unwrap_or_default())
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

/// Replaces every `{{NAME}}` in `template` with its value, in one pass (values are not
/// searched again). Fails on an unknown name, an unused value or an unclosed `{{`.
pub(super) fn fill(template: &str, values: &[(&str, &str)]) -> Result<String> {
    let mut out = String::with_capacity(template.len());
    let mut used = vec![false; values.len()];
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(rest.get(..start).unwrap_or_default());
        let after = rest.get(start + 2..).unwrap_or_default();
        let end = after
            .find("}}")
            .ok_or_else(|| Error::new("template: `{{` without `}}`"))?;
        let name = after.get(..end).unwrap_or_default();
        let index = values
            .iter()
            .position(|(key, _)| *key == name)
            .ok_or_else(|| Error::new(format!("template: no value for {{{{{name}}}}}")))?;
        if let (Some((_, value)), Some(flag)) = (values.get(index), used.get_mut(index)) {
            out.push_str(value);
            *flag = true;
        }
        rest = after.get(end + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    if let Some((key, _)) = values
        .iter()
        .zip(&used)
        .find(|(_, used)| !**used)
        .map(|(v, _)| v)
    {
        return Err(Error::new(format!("template: {{{{{key}}}}} is never used")));
    }
    Ok(out)
}

/// A JavaScript string literal (single-quoted).
pub(super) fn js_string(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '<' => out.push_str("\\x3c"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_filled_once_and_completely() -> Result<()> {
        assert_eq!(
            fill("a {{X}} b {{Y}} {{X}}", &[("X", "{{Y}}"), ("Y", "y")])?,
            "a {{Y}} b y {{Y}}"
        );
        assert!(fill("{{Z}}", &[]).is_err());
        assert!(fill("{{X", &[("X", "x")]).is_err());
        assert!(fill("x", &[("X", "x")]).is_err());
        Ok(())
    }

    #[test]
    fn integrity_is_sha384_in_base64() {
        // echo -n abc | openssl dgst -sha384 -binary | base64
        assert_eq!(
            integrity(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
        assert_eq!(short_hash(b"abc").len(), 16);
    }

    #[test]
    fn js_strings_are_escaped() {
        assert_eq!(js_string("./a'b\\</script>"), r"'./a\'b\\\x3c/script>'");
    }
}
