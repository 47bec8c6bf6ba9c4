//! Line and column of every value (and object key) in a JSON text, by path.
//!
//! `serde_json::Value` forgets positions, but a bank author needs
//! `file:line:column` for *every* problem, not only for syntax errors. The
//! text has already parsed as JSON when this runs, so the scanner can be
//! small and trusting: on anything unexpected it simply stops recording.

use std::collections::HashMap;

/// The longest path recorded.
const MAX_PATH: usize = 4096;

#[derive(Debug, Default)]
pub struct Spans {
    values: HashMap<String, (usize, usize)>,
    keys: HashMap<String, (usize, usize)>,
    /// Keys written twice in one object (JSON parsers keep only the last),
    /// with the position of the later one, in document order.
    duplicates: Vec<(String, (usize, usize))>,
}

impl Spans {
    pub fn index(text: &str) -> Self {
        let mut s = Scanner {
            chars: text.chars().collect(),
            pos: 0,
            line: 1,
            col: 1,
            spans: Spans::default(),
        };
        s.value("");
        s.spans
    }

    /// Position of the value at `path` (as `Path` displays it).
    pub fn value(&self, path: &str) -> Option<(usize, usize)> {
        self.values.get(path).copied()
    }

    /// Keys given twice in the same object, by path, with the position of
    /// the repeat.
    pub fn duplicates(&self) -> &[(String, (usize, usize))] {
        &self.duplicates
    }

    /// Position of the key naming `path`, falling back to its value.
    pub fn key(&self, path: &str) -> Option<(usize, usize)> {
        self.keys.get(path).copied().or_else(|| self.value(path))
    }
}

struct Scanner {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    col: usize,
    spans: Spans,
}

impl Scanner {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    fn value(&mut self, path: &str) {
        self.ws();
        self.spans
            .values
            .insert(path.to_string(), (self.line, self.col));
        match self.peek() {
            Some('{') => {
                self.bump();
                loop {
                    self.ws();
                    match self.peek() {
                        Some('"') => {}
                        Some('}') => {
                            self.bump();
                            return;
                        }
                        _ => return,
                    }
                    let at = (self.line, self.col);
                    let key = self.string();
                    // Paths of absurd depth × length are not recorded: a
                    // 5 MiB file must not make gigabytes of path text.
                    let child = if path.is_empty() {
                        key
                    } else if path.len() + key.len() > MAX_PATH {
                        String::from("\u{0}")
                    } else {
                        format!("{path}.{key}")
                    };
                    if self.spans.keys.insert(child.clone(), at).is_some() {
                        self.spans.duplicates.push((child.clone(), at));
                    }
                    self.ws();
                    if self.bump() != Some(':') {
                        return;
                    }
                    self.value(&child);
                    self.ws();
                    if self.peek() == Some(',') {
                        self.bump();
                    }
                }
            }
            Some('[') => {
                self.bump();
                let mut i = 0;
                loop {
                    self.ws();
                    match self.peek() {
                        Some(']') => {
                            self.bump();
                            return;
                        }
                        None => return,
                        _ => {}
                    }
                    self.value(&format!("{path}[{i}]"));
                    i += 1;
                    self.ws();
                    if self.peek() == Some(',') {
                        self.bump();
                    }
                }
            }
            Some('"') => {
                self.string();
            }
            _ => {
                while matches!(self.peek(), Some(c) if !matches!(c, ',' | ']' | '}' | ' ' | '\n' | '\r' | '\t'))
                {
                    self.bump();
                }
            }
        }
    }

    /// Reads a string literal; returns its value, escapes decoded as JSON
    /// decodes them, so a key written `"rev\u0065rse"` or with an escaped
    /// line break is found under the same path `serde_json` gives it.
    fn string(&mut self) -> String {
        let mut out = String::new();
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => match self.bump() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('r') => out.push('\r'),
                    Some('b') => out.push('\u{8}'),
                    Some('f') => out.push('\u{c}'),
                    Some('u') => {
                        let hi = self.hex4();
                        let c = match hi {
                            Some(h @ 0xD800..=0xDBFF) => {
                                let lo = (self.peek() == Some('\\')
                                    && self.chars.get(self.pos + 1) == Some(&'u'))
                                .then(|| {
                                    self.bump();
                                    self.bump();
                                    self.hex4()
                                })
                                .flatten();
                                lo.and_then(|l| {
                                    char::from_u32(0x10000 + ((h - 0xD800) << 10) + (l - 0xDC00))
                                })
                            }
                            Some(h) => char::from_u32(h),
                            None => None,
                        };
                        out.push(c.unwrap_or('\u{fffd}'));
                    }
                    Some(other) => out.push(other),
                    None => {}
                },
                _ => out.push(c),
            }
        }
        out
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut v = 0;
        for _ in 0..4 {
            v = v * 16 + self.bump()?.to_digit(16)?;
        }
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values_and_keys() {
        let text = "{\n  \"a\": 1,\n  \"items\": [\n    {\"id\": \"x\"},\n    {\"id\": \"y\", \"b\": true}\n  ]\n}";
        let s = Spans::index(text);
        assert_eq!(s.value("a"), Some((2, 8)));
        assert_eq!(s.key("a"), Some((2, 3)));
        assert_eq!(s.value("items[1].id"), Some((5, 12)));
        assert_eq!(s.key("items[1].b"), Some((5, 17)));
        assert_eq!(s.value("items[0]"), Some((4, 5)));
        assert!(s.duplicates().is_empty());
    }

    #[test]
    fn escaped_keys_are_found_under_their_value() {
        let s = Spans::index("{\n \"rev\\u0065rse\": 1,\n  \"a\\nb\": 2, \"\\ud83d\\ude00\": 3}");
        assert_eq!(s.key("reverse"), Some((2, 2)));
        assert_eq!(s.key("a\nb"), Some((3, 3)));
        assert_eq!(s.key("😀"), Some((3, 14)));
    }

    #[test]
    fn records_repeated_keys() {
        let s = Spans::index("{\"a\": 1,\n \"a\": 2}");
        assert_eq!(s.duplicates(), &[("a".to_string(), (2, 2))]);
    }
}
