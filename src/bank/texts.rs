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

use serde_json::Value;

use super::parse::{describe_unsafe, unsafe_char};
use super::span::Spans;
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

fn numbers_list(n: &[u32]) -> String {
    match n {
        [] => String::new(),
        [one] => one.to_string(),
        _ if n.windows(2).all(|w| w[1] == w[0] + 1) => format!("{}–{}", n[0], n[n.len() - 1]),
        _ => n.iter().map(u32::to_string).collect::<Vec<_>>().join(", "),
    }
}

/// A leading `12.`/`12)` (or, with letters, `A.`): the label, the text
/// after it, and the column where that text starts. The punctuation must be
/// followed by a space (or the end), so `3.5 hours` is not item 3.
fn split_label(line: &str) -> (Option<&str>, &str, usize) {
    let start = line.len() - line.trim_start().len();
    let rest = &line[start..];
    let label_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let label = &rest[..label_len];
    let after = &rest[label_len..];
    let is_label = (1..=4).contains(&label.len())
        && (label.bytes().all(|b| b.is_ascii_digit()) || label.len() == 1)
        && (after.starts_with(". ") || after.starts_with(") ") || after == "." || after == ")");
    if !is_label {
        return (None, line, 1);
    }
    let body = after[1..].trim_start();
    let col = line[..line.len() - body.len()].chars().count() + 1;
    (Some(label), body, col)
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

    fn lines(&mut self) {
        let e = self.expect;
        let raw = self.raw.clone();
        let Some(last) = raw.iter().rposition(|l| !l.trim().is_empty()) else {
            return;
        };
        let mut pos = 0;
        let mut extra: Vec<usize> = Vec::new();
        for (i, l) in raw[..=last].iter().enumerate() {
            let line = i + 1;
            if l.trim().is_empty() {
                self.problem(line, 1, "the line is empty".into(), format!("remove it: each line is one {}, so an empty line would shift every one after it", e.noun));
                continue;
            }
            let trimmed = l.trim_start();
            if trimmed.len() >= 13
                && trimmed.is_char_boundary(13)
                && trimmed[..13].eq_ignore_ascii_case("instructions:")
            {
                let body = &trimmed[13..];
                let col = l.chars().count() - body.trim_start().chars().count() + 1;
                self.set_instructions(body, line, col);
                continue;
            }
            let (label, body, col) = split_label(l);
            let at = 1 + l.len() - l.trim_start().len();
            let named = label.map(|x| self.label_number(x));
            if let Some(None) = named {
                let x = label.unwrap_or_default();
                self.problem(
                    line,
                    at,
                    format!("there is no {} {x} in the {}", e.noun, e.instrument),
                    format!("its {}s are numbered {}", e.noun, numbers_list(e.numbers)),
                );
                continue;
            }
            let number = match (named.flatten(), e.numbers.get(pos)) {
                (Some(m), Some(&expected)) if m != expected => {
                    let after = pos.checked_sub(1).map_or(String::new(), |p| {
                        format!(" (after {} {})", e.noun, e.numbers[p])
                    });
                    self.problem(
                        line,
                        at,
                        format!("numbered {}, but {} {expected} comes next{after}: a number out of order", label.unwrap_or_default(), e.noun),
                        format!("put the {}s in the {}'s order ({}), one a line; the numbers are optional", e.noun, e.instrument, numbers_list(e.numbers)),
                    );
                    m
                }
                (Some(m), _) => m,
                (None, Some(&expected)) => expected,
                (None, None) => {
                    extra.push(line);
                    continue;
                }
            };
            self.add(number, body, line, col);
            // A line numbered back (a swap) does not rewind: the next line
            // is still expected after the furthest item so far.
            pos = e
                .numbers
                .iter()
                .position(|n| *n == number)
                .map_or(pos + 1, |i| pos.max(i + 1));
        }
        if let Some(&first) = extra.first() {
            self.problem(
                first,
                1,
                format!(
                    "{} line{} more than the {} {}s of the {}",
                    extra.len(),
                    if extra.len() == 1 { "" } else { "s" },
                    e.numbers.len(),
                    e.noun,
                    e.instrument
                ),
                "remove the extra lines (is one item split over two lines?)",
            );
        }
    }

    fn csv(&mut self, text: &str) {
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut first = true;
        for rec in rd.records() {
            let rec = match rec {
                Ok(r) => r,
                Err(err) => {
                    let line = err.position().map_or(1, |p| p.line() as usize);
                    self.problem(line, 1, format!("not valid CSV: {err}"), "write rows as number,text; put text with commas or quotes in double quotes");
                    return;
                }
            };
            let line = rec.position().map_or(1, |p| p.line() as usize);
            let key = rec.get(0).unwrap_or("").trim();
            if std::mem::take(&mut first)
                && ["number", "item", "no", "#", "n"]
                    .iter()
                    .any(|h| key.eq_ignore_ascii_case(h))
            {
                continue;
            }
            if rec.len() != 2 {
                self.problem(
                    line,
                    1,
                    format!("the row has {} fields; expected 2: number,text", rec.len()),
                    "put the text in double quotes when it contains commas",
                );
                continue;
            }
            let body = &rec[1];
            let col = self
                .raw
                .get(line - 1)
                .and_then(|l| l.find(','))
                .map_or(1, |c| c + 2);
            if key.eq_ignore_ascii_case("instructions") {
                self.set_instructions(body, line, col);
            } else {
                self.keyed(key, body, line, 1, col);
            }
        }
    }

    /// The item number a line's label names: its digits, or a letter's
    /// position; `None` when the instrument has no such item.
    fn label_number(&self, label: &str) -> Option<u32> {
        let e = self.expect;
        if let Ok(n) = label.parse::<u32>() {
            return e.numbers.contains(&n).then_some(n);
        }
        let i = e
            .letters
            .iter()
            .position(|x| x.eq_ignore_ascii_case(label))?;
        e.numbers.get(i).copied()
    }

    /// An item given by its number (CSV and JSON).
    fn keyed(&mut self, key: &str, body: &str, line: usize, key_col: usize, col: usize) {
        let e = self.expect;
        match key.parse::<u32>() {
            Ok(n) if e.numbers.contains(&n) => self.add(n, body, line, col),
            Ok(n) => self.problem(
                line,
                key_col,
                format!(
                    "there is no {} {n} in the {}: an extra {}",
                    e.noun, e.instrument, e.noun
                ),
                format!("its {}s are numbered {}", e.noun, numbers_list(e.numbers)),
            ),
            Err(_) => self.problem(
                line,
                key_col,
                format!(
                    "`{key}` is not {} {} number",
                    if e.noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "an"
                    } else {
                        "a"
                    },
                    e.noun
                ),
                format!(
                    "start the row with the number ({}), or `instructions`",
                    numbers_list(e.numbers)
                ),
            ),
        }
    }

    fn json(&mut self, text: &str) {
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(err) => {
                self.problem(
                    err.line().max(1),
                    err.column().max(1),
                    format!("not valid JSON: {err}"),
                    "write an object from item number to text, e.g. {\"1\": \"…\", \"2\": \"…\"}",
                );
                return;
            }
        };
        let Some(map) = value.as_object() else {
            self.problem(
                1,
                1,
                "expected an object from item number to text".into(),
                "write e.g. {\"1\": \"…\", \"2\": \"…\"}",
            );
            return;
        };
        let spans = Spans::index(text);
        for (key, at) in spans.duplicates() {
            self.problem(
                at.0,
                at.1,
                format!("`{key}` is given twice"),
                "keep one of them: only the last would count",
            );
        }
        for (key, v) in map {
            let (kl, kc) = spans.key(key).unwrap_or((1, 1));
            let (vl, vc) = spans.value(key).unwrap_or((kl, kc));
            let Some(body) = v.as_str() else {
                self.problem(
                    vl,
                    vc,
                    format!("`{key}` is not text"),
                    "put the text in double quotes",
                );
                let known = key
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| self.expect.numbers.contains(n));
                if let Some(n) = known {
                    self.found.entry(n).or_insert((String::new(), vl));
                }
                continue;
            };
            if key == "instructions" {
                self.set_instructions(body, vl, vc);
            } else {
                self.keyed(key.trim(), body, vl, kc, vc);
            }
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
