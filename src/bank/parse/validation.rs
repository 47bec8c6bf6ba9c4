//! The collector every parser of the format shares: it reads the JSON,
//! indexes positions, and gathers problems in document order.

use std::collections::HashSet;

use serde_json::Value;

use crate::bank::span::Spans;
use crate::diag::{Diagnostic, Diagnostics, Severity};

/// serde_json counts columns in bytes; editors and the rest of our messages
/// count characters.
fn char_column(text: &str, line: usize, byte_col: usize) -> usize {
    let Some(l) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_col;
    };
    // `byte_col` is 1-based: the bytes before the error are `byte_col - 1`.
    let before = byte_col.saturating_sub(1);
    let mut end = before.min(l.len());
    while !l.is_char_boundary(end) {
        end -= 1;
    }
    l[..end].chars().count() + 1 + before.saturating_sub(l.len())
}

fn strip_position(msg: &str) -> &str {
    msg.find(" at line ").map_or(msg, |i| &msg[..i])
}

/// The state of one collecting parse: every problem found so far and the
/// positions of the source, so each problem can point at its place. The
/// bank, recipe and texts parsers each add their own `impl` blocks.
pub(in crate::bank) struct Validation {
    pub(in crate::bank) problems: Vec<Diagnostic>,
    pub(in crate::bank) spans: Spans,
}

impl Validation {
    /// Reads JSON text for one of the format's collecting parsers: a syntax
    /// error ends it at once; otherwise positions are indexed and repeated
    /// keys reported.
    pub(in crate::bank) fn read_json(
        file: &str,
        text: &str,
    ) -> Result<(Value, Validation), Diagnostics> {
        let mut cx = Validation {
            problems: Vec::new(),
            spans: Spans::default(),
        };
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                cx.problems.push(Diagnostic {
                    severity: Severity::Error,
                    path: String::new(),
                    line: Some(e.line()),
                    column: Some(char_column(text, e.line(), e.column())),
                    message: format!("not valid JSON: {}", strip_position(&e.to_string())),
                    help: Some("fix the JSON syntax (a missing comma, quote or bracket is the usual cause); a JSON-aware editor shows the spot".into()),
                });
                return Err(cx.finish(file));
            }
        };
        cx.spans = Spans::index(text);
        cx.duplicate_keys();
        Ok((value, cx))
    }

    /// The problems in document order (as compilers list them); those
    /// without a position keep their order at the end.
    pub(in crate::bank) fn finish(mut self, file: &str) -> Diagnostics {
        self.problems
            .sort_by_key(|d| (d.line.is_none(), d.line, d.column));
        Diagnostics {
            file: file.to_string(),
            problems: self.problems,
        }
    }

    /// A key written twice in one object would silently lose its first
    /// value (JSON keeps the last), e.g. two `reverse` keys on one item.
    fn duplicate_keys(&mut self) {
        // A file of thousands of repeats gets the first hundred and a count.
        const SHOWN: usize = 100;
        let dups = self.spans.duplicates().to_vec();
        let all: HashSet<&str> = dups.iter().map(|(p, _)| p.as_str()).collect();
        if dups.len() > SHOWN {
            self.problems.push(Diagnostic {
                severity: Severity::Error,
                path: String::new(),
                line: None,
                column: None,
                message: format!(
                    "{} keys appear twice in their object; the first {SHOWN} are listed",
                    dups.len()
                ),
                help: Some(
                    "remove the repeated keys: only the last of each would count, silently".into(),
                ),
            });
        }
        for (path, at) in dups.iter().take(SHOWN) {
            // A repeated object repeats its children too: report it once.
            // (A set of the repeats, so a file of many is not quadratic.)
            let nested = path
                .char_indices()
                .filter(|&(i, c)| i > 0 && matches!(c, '.' | '['))
                .any(|(i, _)| all.contains(&path[..i]));
            if nested {
                continue;
            }
            let (parent, key) = match path.rfind('.') {
                Some(i) => (&path[..i], &path[i + 1..]),
                None => ("the top level", path.as_str()),
            };
            self.problems.push(Diagnostic {
                severity: Severity::Error,
                path: path.clone(),
                line: Some(at.0),
                column: Some(at.1),
                message: format!("key `{key}` appears twice in {parent}"),
                help: Some("remove one of them: only the last would count, silently".into()),
            });
        }
    }

    pub(in crate::bank) fn push(
        &mut self,
        sev: Severity,
        path: &str,
        on_key: bool,
        msg: String,
        help: Option<String>,
    ) {
        let pos = if on_key {
            self.spans.key(path)
        } else {
            self.spans.value(path)
        };
        self.problems.push(Diagnostic {
            severity: sev,
            path: path.to_string(),
            line: pos.map(|p| p.0),
            column: pos.map(|p| p.1),
            message: msg,
            help,
        });
    }

    pub(in crate::bank) fn error(
        &mut self,
        path: &str,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(Severity::Error, path, false, msg.into(), Some(help.into()));
    }

    pub(in crate::bank) fn warn(
        &mut self,
        path: &str,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(
            Severity::Warning,
            path,
            false,
            msg.into(),
            Some(help.into()),
        );
    }
}
