//! Line and column of every value (and object key) in a JSON text, by path.
//!
//! `serde_json::Value` forgets positions, but a bank author needs
//! `file:line:column` for *every* problem, not only for syntax errors. The
//! text has already parsed as JSON when this runs, so the scanner can be
//! small and trusting: on anything unexpected it simply stops recording.

use std::collections::HashMap;

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
                    let child = if path.is_empty() {
                        key
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

    /// Reads a string literal; returns its raw content (escapes kept as-is,
    /// which is enough to match the plain keys a bank uses).
    fn string(&mut self) -> String {
        let mut out = String::new();
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => {
                    out.push(c);
                    if let Some(n) = self.bump() {
                        out.push(n);
                    }
                }
                _ => out.push(c),
            }
        }
        out
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
    fn records_repeated_keys() {
        let s = Spans::index("{\"a\": 1,\n \"a\": 2}");
        assert_eq!(s.duplicates(), &[("a".to_string(), (2, 2))]);
    }
}
