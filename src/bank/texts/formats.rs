//! The three shapes of a text file (lines, CSV, JSON), each read into the
//! same [`Reader`]: a text by item number, every problem with its line.

use serde_json::Value;

use super::{numbers_list, Reader};
use crate::bank::span::Spans;

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

/// What one line of a lines file gives.
enum Line<'l> {
    /// An item: its number, its text and the column the text starts at.
    Item(u32, &'l str, usize),
    /// A line after the last item.
    Extra,
    /// A line already reported.
    Skip,
}

impl Reader<'_> {
    pub(super) fn lines(&mut self) {
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
            let (number, body, col) = match self.item_line(l, line, pos) {
                Line::Item(n, body, col) => (n, body, col),
                Line::Extra => {
                    extra.push(line);
                    continue;
                }
                Line::Skip => continue,
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
        self.extra_lines(&extra);
    }

    /// Which item a non-empty line gives, from its label or its position
    /// (`pos`: the index of the item expected next).
    fn item_line<'l>(&mut self, l: &'l str, line: usize, pos: usize) -> Line<'l> {
        let e = self.expect;
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
            return Line::Skip;
        }
        match (named.flatten(), e.numbers.get(pos)) {
            // A number given before is reported as given twice (by `add`), not
            // also as out of order.
            (Some(m), Some(&expected)) if m != expected && !self.found.contains_key(&m) => {
                let after = pos.checked_sub(1).map_or(String::new(), |p| {
                    format!(" (after {} {})", e.noun, e.numbers[p])
                });
                self.problem(
                    line,
                    at,
                    format!(
                        "numbered {}, but {} {expected} comes next{after}: a number out of order",
                        label.unwrap_or_default(),
                        e.noun
                    ),
                    format!(
                        "put the {}s in the {}'s order ({}), one a line; the numbers are optional",
                        e.noun,
                        e.instrument,
                        numbers_list(e.numbers)
                    ),
                );
                Line::Item(m, body, col)
            }
            (Some(m), _) => Line::Item(m, body, col),
            (None, Some(&expected)) => Line::Item(expected, body, col),
            (None, None) => Line::Extra,
        }
    }

    fn extra_lines(&mut self, extra: &[usize]) {
        let e = self.expect;
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

    pub(super) fn csv(&mut self, text: &str) {
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

    pub(super) fn json(&mut self, text: &str) {
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
}
