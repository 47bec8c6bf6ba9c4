//! One person's answers, matched to a bank by item id (never by position).
//!
//! Readers for answer files (JSON, JSON Lines, CSV) produce [`AnswerSet`]s
//! that have been checked against the bank, so the scoring core can trust
//! every value. Answers are stored densely, one slot per
//! [`Bank::answer_keys`](crate::bank::Bank::answer_keys) entry: a study of
//! a million respondents must not cost a map of strings per person.

// `AnswerError` is ~180 bytes, but an `Ok` answer set is ~120 bytes too,
// so boxing the error would save little on the hot path and cost every
// caller a deref; errors are rare.
#![allow(clippy::result_large_err)]

mod check;
pub mod codec;
mod csv;
mod error;
pub mod fhir;
mod json;
mod records;
pub mod sniff;
mod template;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

pub use csv::RESPONDENT_COLUMN;
pub use error::{AnswerError, ErrorKind};
pub use json::read_text;
pub use template::template;

use crate::bank::Bank;

/// A single answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A rating on the bank's scale (checked to lie within it).
    Rating(i64),
    /// Skipped or left empty.
    Missing,
    /// The forced choice: the id of the chosen prototype item.
    Choice(String),
}

/// The tag of a saved result (`securebase.result/2`): a result carries its
/// answers, so the readers accept one as an answer file.
pub const RESULT_SCHEMA: &str = "securebase.result/2";
/// The tag of the first result format, still read (its answers are the same).
pub const RESULT_SCHEMA_V1: &str = "securebase.result/1";

/// The text that marks a target as not applicable in answer files
/// (as the value of the target's id: `"partner": "not-applicable"`).
pub const NOT_APPLICABLE: &str = "not-applicable";

/// One respondent's answers to one bank.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AnswerSet {
    pub bank: String,
    pub respondent: Option<String>,
    /// One slot per `Bank::answer_keys()` entry, in that order.
    pub values: Vec<Answer>,
    /// One flag per bank target: the respondent said it does not apply.
    pub not_applicable: Vec<bool>,
    /// Seconds spent on each answer key, where an interactive run recorded it.
    pub timings: BTreeMap<String, f64>,
}

impl AnswerSet {
    /// An empty (all missing) answer set for `bank`.
    pub fn empty(bank: &crate::bank::Bank) -> Self {
        AnswerSet {
            bank: bank.id.clone(),
            respondent: None,
            values: vec![Answer::Missing; bank.question_count()],
            not_applicable: vec![false; bank.targets.len()],
            timings: BTreeMap::new(),
        }
    }

    /// The rating in slot `i`, if any.
    pub fn rating(&self, i: usize) -> Option<i64> {
        match self.values.get(i) {
            Some(Answer::Rating(r)) => Some(*r),
            _ => None,
        }
    }
}

/// The answer file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// One person: `{"bank": …, "respondent": …, "answers": {…}}`, or a
    /// saved result document.
    Json,
    /// One such object a line, many people; blank lines are skipped.
    Jsonl,
    /// Wide CSV: header `respondent,<key>,…`, one row a person.
    Csv,
    /// A FHIR R4 QuestionnaireResponse, or a Bundle of them: told by the
    /// content (`resourceType`), not the name.
    Fhir,
}

impl Format {
    /// The format a file name says: `.json`, `.jsonl` or `.ndjson`, `.csv`
    /// (any case).
    pub fn from_path(p: &Path) -> Option<Format> {
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Where answers come from, as named in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file path as given, or `<stdin>`.
    pub name: String,
    pub format: Format,
}

impl Source {
    pub const STDIN: &'static str = "<stdin>";

    /// A file, its format from its extension (`None` when it has no known one).
    pub fn from_path(p: &Path) -> Option<Source> {
        Some(Source {
            name: p.display().to_string(),
            format: Format::from_path(p)?,
        })
    }

    /// Standard input, in the format the caller was told.
    pub fn stdin(format: Format) -> Source {
        Source {
            name: Self::STDIN.to_string(),
            format,
        }
    }

    /// [`read`] from this source.
    pub fn read<'b, R: Read + 'b>(
        &self,
        bank: &'b Bank,
        input: R,
    ) -> Box<dyn Iterator<Item = Result<AnswerSet, AnswerError>> + 'b> {
        read(bank, &self.name, self.format, input)
    }
}

/// Reads answers for `bank`, one checked [`AnswerSet`] per respondent, as a
/// stream: memory does not grow with the number of respondents (except for
/// a 64-bit fingerprint and a line number per respondent id, to refuse
/// duplicates).
///
/// An `Err` item does not end the stream by itself: the caller decides
/// whether to stop or go on with the next person. Only errors marked
/// [`AnswerError::fatal`] (unreadable input, a bad CSV header, a malformed
/// single-object JSON file) are followed by the end of the stream. A JSON
/// file yields exactly one item.
pub fn read<'b, R: Read + 'b>(
    bank: &'b Bank,
    name: &str,
    format: Format,
    input: R,
) -> Box<dyn Iterator<Item = Result<AnswerSet, AnswerError>> + 'b> {
    match format {
        Format::Json => {
            let name = name.to_string();
            Box::new(std::iter::once_with(move || {
                json::read_one(bank, &name, input)
            }))
        }
        Format::Jsonl => Box::new(json::Lines::new(bank, name, input)),
        Format::Csv => Box::new(csv::Rows::new(bank, name, input)),
        Format::Fhir => Box::new(fhir_sets(bank, name, input).into_iter()),
    }
}

/// [`read`] for a caller that handles one respondent before reading the
/// next: [`Stream::next_into`] reads into the caller's [`AnswerSet`],
/// reusing its allocations where the format allows it (CSV), so a study
/// is read without allocating per respondent.
pub(crate) enum Stream<'b, R> {
    Csv(Box<csv::Rows<'b, R>>),
    Items(Box<dyn Iterator<Item = Result<AnswerSet, AnswerError>> + 'b>),
}

impl<'b, R: Read + 'b> Stream<'b, R> {
    pub fn new(bank: &'b Bank, name: &str, format: Format, input: R) -> Self {
        match format {
            Format::Csv => Stream::Csv(Box::new(csv::Rows::new(bank, name, input))),
            _ => Stream::Items(read(bank, name, format, input)),
        }
    }

    /// The next item of [`read`], its answer set written into `set`
    /// (left in an unspecified state on `Err`).
    pub fn next_into(&mut self, set: &mut AnswerSet) -> Option<Result<(), AnswerError>> {
        match self {
            Stream::Csv(rows) => rows.next_into(set),
            Stream::Items(items) => Some(items.next()?.map(|a| *set = a)),
        }
    }
}

/// The answer sets of a FHIR file, or its first problem.
fn fhir_sets<R: Read>(bank: &Bank, name: &str, input: R) -> Vec<Result<AnswerSet, AnswerError>> {
    let text = match json::read_text(name, input) {
        Ok(t) => t,
        Err(e) => return vec![Err(e)],
    };
    match fhir::read(bank, name, &text) {
        Ok(rs) => rs.into_iter().map(|r| Ok(r.answers)).collect(),
        Err(e) => vec![Err(e)],
    }
}
