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
pub mod seen;
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
                json::read_one(bank, &name, input, std::rc::Rc::default())
            }))
        }
        Format::Jsonl => Box::new(json::Lines::new(bank, name, input)),
        Format::Csv => Box::new(csv::Rows::new(bank, name, input)),
        Format::Fhir => Box::new(fhir_sets(bank, name, input).into_iter()),
    }
}

/// The longest JSON Lines line and the longest CSV record: one person's
/// answers are a few kilobytes; a longer one is a broken or hostile file
/// (`/dev/zero` is one endless line), refused before it fills memory.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// Reads one line of at most `cap` bytes; see the JSON Lines reader.
pub use json::read_line_capped;

/// The error for a respondent id used before in the run (for readers
/// outside this module, such as FHIR bundles, that check ids themselves).
pub fn duplicate_respondent(file: &str, id: &str) -> AnswerError {
    error::At {
        respondent: Some(id.to_string()),
        ..error::At::default()
    }
    .error(
        file,
        error::Problem::new(ErrorKind::DuplicateRespondent, DUPLICATE)
            .fix("give every person their own respondent id, or remove the repeated answers"),
    )
}

/// What a repeated respondent id is called, in every format.
pub(crate) const DUPLICATE: &str = "duplicate respondent id (already used earlier in this run: in this file or one read before it)";

/// An input read ahead to its first document: what it is and which
/// bank it names, and the input to read afterwards (the bytes read ahead
/// put back in front).
pub struct Peeked<'r> {
    /// The format: as given, except that a JSON document holding a FHIR
    /// resource (told by its content) is [`Format::Fhir`].
    pub format: Format,
    /// One person (a JSON answer file, a FHIR file of one response).
    pub single: bool,
    /// The bank the first document names (`Ok(None)` for CSV, and for a
    /// FHIR response that names no securebase questionnaire), or what is
    /// wrong with that document (malformed JSON, empty, no `"bank"`, a
    /// `"bank"` that is not an id: never a path).
    pub bank: Result<Option<String>, AnswerError>,
    pub reader: Box<dyn Read + 'r>,
}

/// Reads an input ahead to its first document; see [`Peeked`].
pub fn peek<'r, R: Read + 'r>(name: &str, format: Format, input: R) -> Peeked<'r> {
    // What the buffer read ahead stays in it, and is read after `head`.
    let mut input = std::io::BufReader::with_capacity(1 << 16, input);
    let mut head = Vec::new();
    let (format, single, bank) = match format {
        Format::Csv => (Format::Csv, false, Ok(None)),
        Format::Jsonl => (
            Format::Jsonl,
            false,
            json::peek_lines(name, &mut input, &mut head),
        ),
        Format::Json | Format::Fhir => match json::peek_one(name, &mut input, &mut head) {
            Ok(v) if format == Format::Fhir || fhir::is_fhir(&v) => {
                let bank = match fhir::bank_id(&v) {
                    Some(id) if !crate::bank::is_bank_id(&id) => {
                        Err(json::not_an_id(name, None, &id))
                    }
                    other => Ok(other),
                };
                (Format::Fhir, fhir::response_count(&v) == 1, bank)
            }
            Ok(v) => (Format::Json, true, json::bank_of(name, &v, None).map(Some)),
            Err(e) => (format, format == Format::Json, Err(e)),
        },
    };
    Peeked {
        format,
        single,
        bank,
        reader: Box::new(std::io::Cursor::new(head).chain(input)),
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
    /// A stream whose respondent ids are checked against `ids`, which the
    /// caller shares between the inputs of one run (a repeat in the next
    /// file is a repeat too).
    pub fn new(
        bank: &'b Bank,
        name: &str,
        format: Format,
        input: R,
        ids: &std::rc::Rc<std::cell::RefCell<seen::Seen>>,
    ) -> Self {
        match format {
            Format::Csv => {
                let mut rows = csv::Rows::new(bank, name, input);
                rows.share_ids(ids);
                Stream::Csv(Box::new(rows))
            }
            Format::Jsonl => {
                let mut lines = json::Lines::new(bank, name, input);
                lines.share_ids(ids);
                Stream::Items(Box::new(lines))
            }
            Format::Json => {
                let (name, ids) = (name.to_string(), std::rc::Rc::clone(ids));
                Stream::Items(Box::new(std::iter::once_with(move || {
                    json::read_one(bank, &name, input, ids)
                })))
            }
            Format::Fhir => Stream::Items(read(bank, name, format, input)),
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
