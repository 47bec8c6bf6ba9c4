//! The user's own copy of a published instrument's item text, read for
//! `securebase bank new --recipe`. securebase ships no published wording;
//! the person who holds the questionnaire (and the right to use it) types
//! or pastes it into a file, in one of three shapes:
//!
//! - **lines** (any other file): one item a line, in the instrument's
//!   order. A leading number (`12.` or `12)`; for paragraphs also the
//!   letter, `A.`) is checked against the line's position. A line
//!   `instructions: …` gives the instrument's own instructions.
//! - **CSV** (`.csv`): rows `number,text` in any order, an optional
//!   header row, and optionally a row `instructions,…`.
//! - **JSON** (`.json`, or text starting with `{`): `{"1": "…", …}` and
//!   optionally `"instructions"`.
//!
//! Every problem is collected with its line (missing, extra or misnumbered
//! items, empty lines, one text given twice, control or escape characters,
//! a text too long to be one item), so the file is fixed in one pass; a
//! bank is only built from a file without any.

use std::collections::BTreeMap;
use std::path::Path;

use super::parse::{describe_unsafe, unsafe_char};
use crate::diag::{Diagnostic, Diagnostics, Severity};

/// The texts found, by item number.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Texts {
    pub items: BTreeMap<u32, String>,
    /// The instrument's own instructions, when the file gives them.
    pub instructions: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Lines,
    Csv,
    Json,
}

/// What the file should hold.
#[derive(Debug, Clone)]
pub struct Expect<'a> {
    /// The instrument's item numbers, in order.
    pub numbers: &'a [u32],
    /// Letters a line may start with instead of its number (the RQ's A–D),
    /// by position; empty when items are only numbered.
    pub letters: &'a [String],
    /// The instrument's short name for messages, e.g. `ECR-R`.
    pub instrument: &'a str,
    /// `item` or `paragraph`.
    pub noun: &'a str,
    /// Longest text one item may have, in characters.
    pub max_chars: usize,
}

/// Longest instructions text, in characters.
pub const MAX_INSTRUCTIONS_CHARS: usize = 2000;

/// The file's shape, from its name, else from its first character.
pub fn format_of(path: &Path, text: &str) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => Format::Csv,
        Some("json") => Format::Json,
        _ if text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{') =>
        {
            Format::Json
        }
        _ => Format::Lines,
    }
}

/// Reads the texts; `file` names the file in messages.
pub fn read(
    file: &str,
    text: &str,
    format: Format,
    expect: &Expect<'_>,
) -> Result<Texts, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = Reader {
        expect,
        raw: text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect(),
        problems: Vec::new(),
        found: BTreeMap::new(),
        instructions: None,
    };
    match format {
        Format::Lines => r.lines(),
        Format::Csv => r.csv(text),
        Format::Json => r.json(text),
    }
    r.missing();
    let mut problems = r.problems;
    problems.sort_by_key(|d| (d.line, d.column));
    if problems.is_empty() {
        Ok(Texts {
            items: r.found.into_iter().map(|(n, (t, _))| (n, t)).collect(),
            instructions: r.instructions.map(|(t, _)| t),
        })
    } else {
        Err(Diagnostics {
            file: file.to_string(),
            problems,
        })
    }
}

struct Reader<'a> {
    expect: &'a Expect<'a>,
    raw: Vec<&'a str>,
    problems: Vec<Diagnostic>,
    /// Text and line by item number.
    found: BTreeMap<u32, (String, usize)>,
    instructions: Option<(String, usize)>,
}

mod formats;

fn numbers_list(n: &[u32]) -> String {
    match n {
        [] => String::new(),
        [one] => one.to_string(),
        _ if n.windows(2).all(|w| w[1] == w[0] + 1) => format!("{}–{}", n[0], n[n.len() - 1]),
        _ => n.iter().map(u32::to_string).collect::<Vec<_>>().join(", "),
    }
}

impl Reader<'_> {
    fn problem(&mut self, line: usize, column: usize, message: String, help: impl Into<String>) {
        self.problems.push(Diagnostic {
            severity: Severity::Error,
            path: String::new(),
            line: Some(line),
            column: Some(column),
            message,
            help: Some(help.into()),
        });
    }

    /// The column of `c` on `line` (1-based), where it appears there.
    fn column_of(&self, line: usize, c: char, fallback: usize) -> usize {
        self.raw
            .get(line.wrapping_sub(1))
            .and_then(|l| l.chars().position(|x| x == c))
            .map_or(fallback, |i| i + 1)
    }

    /// Checks one text; `what` names it ("item 12", "instructions").
    fn check(&mut self, what: &str, text: &str, line: usize, col: usize, max: usize) -> bool {
        let before = self.problems.len();
        if text.trim().is_empty() {
            self.problem(
                line,
                col,
                format!("{what} has no text"),
                "write the text after the number, or remove the line",
            );
        } else if let Some(c) = unsafe_char(text) {
            let at = self.column_of(line, c, col);
            self.problem(
                line,
                at,
                format!("{what} contains {}", describe_unsafe(c)),
                "remove control characters, escape sequences and direction overrides: the text is shown on a terminal and must not be able to move the cursor, change colours or reorder what is shown",
            );
        }
        let chars = text.chars().count();
        if chars > max {
            self.problem(
                line,
                col,
                format!(
                    "{what} is {chars} characters long; at most {max} fit one {}",
                    if what == "instructions" {
                        "text"
                    } else {
                        self.expect.noun
                    }
                ),
                "check for two items on one line, or text pasted by mistake",
            );
        }
        self.problems.len() == before
    }

    fn add(&mut self, number: u32, text: &str, line: usize, col: usize) {
        let what = format!("{} {number}", self.expect.noun);
        if let Some((_, first)) = self.found.get(&number) {
            let first = *first;
            self.problem(
                line,
                col,
                format!("{what} is given twice (also on line {first})"),
                "keep one of them",
            );
            return;
        }
        if !self.check(&what, text, line, col, self.expect.max_chars) {
            self.found.insert(number, (String::new(), line));
            return;
        }
        let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let this = norm(text);
        let same = self
            .found
            .iter()
            .find(|(_, (t, _))| !t.is_empty() && norm(t) == this)
            .map(|(n, (_, l))| (*n, *l));
        if let Some((n, l)) = same {
            self.problem(
                line,
                col,
                format!(
                    "{what} has the same text as {} {n} (line {l})",
                    self.expect.noun
                ),
                "each item has its own wording: check for a line pasted twice",
            );
        }
        self.found.insert(number, (text.trim().to_string(), line));
    }

    fn set_instructions(&mut self, text: &str, line: usize, col: usize) {
        if let Some((_, first)) = &self.instructions {
            let first = *first;
            self.problem(
                line,
                col,
                format!("instructions are given twice (also on line {first})"),
                "keep one of them",
            );
        } else if self.check("instructions", text, line, col, MAX_INSTRUCTIONS_CHARS) {
            self.instructions = Some((text.trim().to_string(), line));
        }
    }

    /// Items the file does not give, reported where it ends.
    fn missing(&mut self) {
        let e = self.expect;
        let gone: Vec<u32> = e
            .numbers
            .iter()
            .copied()
            .filter(|n| !self.found.contains_key(n))
            .collect();
        if gone.is_empty()
            || self
                .problems
                .iter()
                .any(|p| p.message.starts_with("not valid"))
        {
            return;
        }
        let end = self
            .raw
            .iter()
            .rposition(|l| !l.trim().is_empty())
            .map_or(1, |i| i + 2);
        self.problem(
            end,
            1,
            format!(
                "{} of the {} {}s of the {} {} missing: {} {}",
                gone.len(),
                e.numbers.len(),
                e.noun,
                e.instrument,
                if gone.len() == 1 { "is" } else { "are" },
                if gone.len() == 1 {
                    e.noun.to_string()
                } else {
                    format!("{}s", e.noun)
                },
                numbers_list(&gone)
            ),
            format!(
                "give every {} its text ({} in all)",
                e.noun,
                e.numbers.len()
            ),
        );
    }
}
