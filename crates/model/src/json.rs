//! A small JSON reader for untrusted text (a story file): the document as a tree, with
//! numbers kept as written so whole numbers read exactly, nesting capped so no text can
//! exhaust the stack, and errors that give the line and column.
//!
//! It exists so the story format is read by one walk over this tree
//! ([`crate::story_read`]) instead of serde's derived readers, which cost the reader's
//! WebAssembly far more code than the format needs.

use std::fmt;

/// Deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 32;

/// A JSON value. Object members keep their order, duplicates included.
#[derive(Clone, Debug, PartialEq)]
pub enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written (valid JSON number syntax).
    Number(&'a str),
    /// A string, unescaped.
    Str(String),
    /// An array.
    Array(Vec<Json<'a>>),
    /// An object's members, in order.
    Object(Vec<(String, Json<'a>)>),
}

impl Json<'_> {
    /// What kind of value this is, for a message ("a text", "a list").
    pub fn kind(&self) -> String {
        match self {
            Json::Null => "null".to_string(),
            Json::Bool(b) => b.to_string(),
            Json::Number(n) => (*n).to_string(),
            Json::Str(s) => format!("the text \"{}\"", s.chars().take(40).collect::<String>()),
            Json::Array(_) => "a list".to_string(),
            Json::Object(_) => "an object".to_string(),
        }
    }
}

/// Why text is not JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Line of the problem, from 1.
    pub line: usize,
    /// Column (character) of the problem, from 1.
    pub column: usize,
    /// What is wrong.
    pub message: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {}, column {}",
            self.message, self.line, self.column
        )
    }
}

/// Parses one JSON document (surrounding white space allowed, nothing after it).
pub fn parse(text: &str) -> Result<Json<'_>, JsonError> {
    let mut p = Parser { text, at: 0 };
    let value = p.value(0)?;
    p.space();
    if p.at < text.len() {
        return Err(p.error("unexpected text after the end of the document"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, message: &'static str) -> JsonError {
        let before = self.text.get(..self.at).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        JsonError {
            line,
            column,
            message,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        if self.peek() == Some(byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn literal(&mut self, word: &str) -> bool {
        if self
            .text
            .get(self.at..)
            .is_some_and(|r| r.starts_with(word))
        {
            self.at += word.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json<'a>, JsonError> {
        self.space();
        match self.peek() {
            None => Err(self.error("the document ends where a value should be")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) if self.literal("null") => Ok(Json::Null),
            Some(_) if self.literal("true") => Ok(Json::Bool(true)),
            Some(_) if self.literal("false") => Ok(Json::Bool(false)),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json<'a>, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.at += 1;
        let mut members = Vec::new();
        if self.eat(b'}') {
            return Ok(Json::Object(members));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a field name in double quotes"));
            }
            let key = self.string()?;
            if !self.eat(b':') {
                return Err(self.error("expected ':' after a field name"));
            }
            let value = self.value(depth)?;
            members.push((key, value));
            if self.eat(b',') {
                continue;
            }
            if self.eat(b'}') {
                return Ok(Json::Object(members));
            }
            return Err(self.error("expected ',' or '}'"));
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json<'a>, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.at += 1;
        let mut items = Vec::new();
        if self.eat(b']') {
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            if self.eat(b',') {
                continue;
            }
            if self.eat(b']') {
                return Ok(Json::Array(items));
            }
            return Err(self.error("expected ',' or ']'"));
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Json<'a>, JsonError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        if self.peek() == Some(b'0') {
            self.at += 1;
        } else if self.digits() == 0 {
            return Err(self.error("expected a digit"));
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.error("expected a digit after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        Ok(Json::Number(self.text.get(start..self.at).unwrap_or("0")))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .and_then(|h| {
                u32::from_str_radix(h, 16)
                    .ok()
                    .filter(|_| !h.starts_with('+'))
            })
            .ok_or_else(|| self.error("expected four hexadecimal digits after \\u"))?;
        self.at += 4;
        Ok(digits)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let rest = self.text.get(self.at..).unwrap_or("");
            // Copy the plain run up to the next quote, backslash or control character.
            let run = rest
                .find(|c: char| c == '"' || c == '\\' || c < ' ')
                .unwrap_or(rest.len());
            out.push_str(rest.get(..run).unwrap_or(""));
            self.at += run;
            match self.peek() {
                None => return Err(self.error("a text is not closed with '\"'")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = self.peek();
                    self.at += 1;
                    let c = match escaped {
                        None => return Err(self.error("a text is not closed with '\"'")),
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        Some(_) => {
                            self.at -= 2;
                            return Err(self.error("unknown escape in a text"));
                        }
                    };
                    out.push(c);
                }
                Some(_) => return Err(self.error("a control character inside a text")),
            }
        }
    }

    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !self.literal("\\u") {
                return Err(self.error("a lone surrogate in a \\u escape"));
            }
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("a lone surrogate in a \\u escape"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("a lone surrogate in a \\u escape"))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_value() {
        let doc = parse(r#" {"a": [1, -2.5e3, 0], "b": "x\"\\\/\n\u00e9\ud83d\ude00", "c": null, "d": true, "e": false, "f": {}} "#)
            .unwrap();
        let Json::Object(m) = doc else { panic!() };
        assert_eq!(
            m[0].1,
            Json::Array(vec![
                Json::Number("1"),
                Json::Number("-2.5e3"),
                Json::Number("0")
            ])
        );
        assert_eq!(m[1].1, Json::Str("x\"\\/\né😀".to_string()));
        assert_eq!(m[2].1, Json::Null);
        assert_eq!(m[3].1, Json::Bool(true));
        assert_eq!(m[4].1, Json::Bool(false));
        assert_eq!(m[5].1, Json::Object(vec![]));
    }

    #[test]
    fn refuses_what_is_not_json_with_the_place() {
        for (text, line, column) in [
            ("{\"a\": 01}", 1, 8),
            ("{\"a\": 1,}", 1, 9),
            ("{\n  \"a\": tru}", 2, 8),
            ("[1, 2", 1, 6),
            ("\"\\x\"", 1, 2),
            ("\"\\ud800\"", 1, 8),
            ("\"a\tb\"", 1, 3),
            ("{} x", 1, 4),
            ("-", 1, 2),
            ("1.", 1, 3),
            ("1e+", 1, 4),
            ("\"\\u12\"", 1, 4),
            ("\"\\u+123\"", 1, 4),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!((e.line, e.column), (line, column), "{text}: {e}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).unwrap_err().message, "nested too deeply");
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }

    /// The same document as serde_json reads it, to compare.
    fn to_value(j: &Json<'_>) -> serde_json::Value {
        use serde_json::Value;
        match j {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => serde_json::from_str(n).unwrap(),
            Json::Str(s) => Value::String(s.clone()),
            Json::Array(items) => Value::Array(items.iter().map(to_value).collect()),
            Json::Object(m) => {
                Value::Object(m.iter().map(|(k, v)| (k.clone(), to_value(v))).collect())
            }
        }
    }

    proptest::proptest! {
        /// Any text: no panic; and whatever serde_json reads, this reads the same
        /// (duplicate keys aside, which serde_json's map keeps once).
        #[test]
        fn agrees_with_serde_json(text in r#"[\[\]{}",:0-9a-f\\u .eE+-]{0,40}"#) {
            let ours = parse(&text);
            if let Ok(theirs) = serde_json::from_str::<serde_json::Value>(&text) {
                let ours = ours.unwrap();
                proptest::prop_assert_eq!(to_value(&ours), theirs);
            }
        }
    }
}
