//! A study at a terminal: one row a respondent (scores, nearest style,
//! response-quality notes) and a summary line, instead of a plot and a
//! full explanation per person. Rows are written as they are scored, so
//! the columns have fixed widths (an id longer than its column pushes its
//! row along rather than being cut).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::ctx::{styled, BOLD, DIM};
use super::RenderCtx;
use crate::bank::Bank;
use crate::scoring::result::Scores;
use crate::text::words;

/// The width of the respondent column.
const ID: usize = 12;

fn dim_width(id: &str) -> usize {
    id.chars().count().max(5)
}

/// The header row.
pub fn header(bank: &Bank) -> String {
    let mut s = format!("{:<ID$}", "respondent");
    for d in &bank.dimensions {
        let _ = write!(s, "  {:>w$}", d.id, w = dim_width(&d.id));
    }
    let _ = write!(s, "  {:<22}  notes", "style");
    styled(BOLD, &s)
}

/// One respondent's row.
pub fn row(bank: &Bank, respondent: Option<&str>, scores: &Scores) -> String {
    let mut s = format!("{:<ID$}", respondent.unwrap_or("–"));
    for d in &bank.dimensions {
        let v = scores
            .dimensions
            .iter()
            .find(|x| x.id == d.id)
            .and_then(|x| x.score)
            .map_or("–".to_string(), |v| format!("{v:.2}"));
        let _ = write!(s, "  {v:>w$}", w = dim_width(&d.id));
    }
    let style = match &scores.style {
        Some(st) => words::headline(Some(st), scores.prototype.as_ref()).1,
        None => "–".into(),
    };
    let notes: Vec<&str> = scores.quality.iter().map(|q| q.id.as_str()).collect();
    let _ = write!(s, "  {style:<22}  {}", notes.join(", "));
    s.trim_end().to_string()
}

/// What the summary line counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub respondents: usize,
    /// Style display name → respondents.
    pub styles: BTreeMap<String, usize>,
    pub without_style: usize,
    pub with_notes: usize,
}

impl Tally {
    pub fn add(&mut self, scores: &Scores) {
        self.respondents += 1;
        match &scores.style {
            Some(st) => {
                // "Between A and B" counts once whichever of A and B is nearer.
                let mut st = st.clone();
                st.candidates.sort();
                let (_, name) = words::headline(Some(&st), scores.prototype.as_ref());
                *self.styles.entry(name).or_default() += 1;
            }
            None => self.without_style += 1,
        }
        if !scores.quality.is_empty() {
            self.with_notes += 1;
        }
    }
}

/// The closing lines: counts, and how to get every number in a file.
pub fn summary(ctx: &RenderCtx, t: &Tally) -> String {
    let mut parts: Vec<String> = t.styles.iter().map(|(k, n)| format!("{n} {k}")).collect();
    if t.without_style > 0 {
        parts.push(format!(
            "{} without a style (too many answers missing)",
            t.without_style
        ));
    }
    let mut s = format!(
        "{} respondents: {}; {} with response-quality notes.",
        t.respondents,
        parts.join(", "),
        t.with_notes
    );
    s.push_str(
        " Each person's plot and explanation: score their own file. Every number, for a \
         spreadsheet or a script: --format csv, jsonl or json.",
    );
    styled(DIM, &ctx.wrap(&s))
}
