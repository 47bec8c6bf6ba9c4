//! What can be wrong with an answer file, said so a person can fix it: the
//! file, the line, the respondent, the item, the value, the problem and the
//! fix, in that order.

use std::fmt;

/// The kind of problem, for callers that count or filter them (the text is
/// for people; tests and scripts match on this).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The input could not be read (an I/O error or text that is not UTF-8).
    Io,
    /// Malformed JSON (with line and column), or a duplicated JSON key.
    Syntax,
    /// The input holds no header row (CSV) or no object (JSON).
    Empty,
    /// A top-level field the format does not have, or one it needs is absent
    /// or of the wrong type (`bank`, `respondent`, `answers`, `timings`, `schema`).
    Field,
    /// The answers are for another bank than the one they are scored with.
    BankMismatch,
    /// A key (JSON) or column (CSV) that is not an answer key, a
    /// relationship id or the forced-choice id.
    UnknownKey,
    /// A CSV column given twice.
    DuplicateColumn,
    /// A whole number outside the bank's scale.
    OutOfScale,
    /// A number with a fraction or a decimal point.
    NotInteger,
    /// A rating written as a JSON string (`"5"`).
    NumberAsText,
    /// Anything else where a rating belongs (`true`, `"often"`, `NA`).
    NotARating,
    /// A forced choice that names no prototype paragraph of the bank.
    BadChoice,
    /// A relationship id with a value other than `"not-applicable"` (or null/empty).
    BadNotApplicable,
    /// `"not-applicable"` on a relationship the bank requires.
    NotApplicableRefused,
    /// Ratings given for a relationship also marked `"not-applicable"`.
    NotApplicableConflict,
    /// The same respondent id twice in one file or stream.
    DuplicateRespondent,
    /// A CSV row with more or fewer cells than the header.
    Ragged,
    /// A timing that is not a non-negative number of seconds.
    BadTiming,
    /// A file, JSON Lines line or CSV record over its size limit.
    TooLarge,
    /// A CSV quoted field whose closing quote never comes.
    Unterminated,
    /// A FHIR QuestionnaireResponse that does not fit the bank's
    /// Questionnaire (nesting, an answer's type, a coding's system, a
    /// repeated item, a modifier extension) or is marked entered in error.
    Fhir,
}

/// One problem in an answer file. Displays as
/// `file:line N: respondent X: item Y: value Z: problem; fix: …`, leaving
/// out the parts that do not apply (a syntax error has no respondent yet).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct AnswerError {
    pub kind: ErrorKind,
    /// The file path as given, or `<stdin>`.
    pub file: String,
    /// 1-based line in the file (for CSV: the line where the row starts).
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub respondent: Option<String>,
    /// The answer key (or CSV column, or top-level field) concerned.
    pub item: Option<String>,
    /// The offending value, as written (JSON text, or the CSV cell).
    pub value: Option<String>,
    pub problem: String,
    pub fix: Option<String>,
    /// The whole input is unusable from here on (a bad CSV header, malformed
    /// single-object JSON, an I/O error): the reader ends after this error.
    pub fatal: bool,
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, ":line {l}, column {c}")?,
            (Some(l), None) => write!(f, ":line {l}")?,
            _ => {}
        }
        // Ids and values come from the file: shown, never sent to a terminal.
        if let Some(r) = &self.respondent {
            write!(f, ": respondent {}", crate::sanitize::field(r))?;
        }
        if let Some(i) = &self.item {
            write!(f, ": item {}", crate::sanitize::field(i))?;
        }
        if let Some(v) = &self.value {
            write!(f, ": value {}", crate::sanitize::field(v))?;
        }
        write!(f, ": {}", self.problem)?;
        if let Some(fix) = &self.fix {
            write!(f, "; fix: {fix}")?;
        }
        Ok(())
    }
}

impl From<AnswerError> for crate::error::Error {
    fn from(e: AnswerError) -> Self {
        crate::error::Error::InvalidAnswers(e.to_string())
    }
}

/// A problem found in one value, before the reader adds where it is.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub kind: ErrorKind,
    pub value: Option<String>,
    pub text: String,
    pub fix: Option<String>,
}

impl Problem {
    pub fn new(kind: ErrorKind, problem: impl Into<String>) -> Self {
        Problem {
            kind,
            value: None,
            text: problem.into(),
            fix: None,
        }
    }

    pub fn value(mut self, v: impl Into<String>) -> Self {
        self.value = Some(v.into());
        self
    }

    pub fn fix(mut self, f: impl Into<String>) -> Self {
        self.fix = Some(f.into());
        self
    }
}

/// Where a problem is: the part of the message a reader knows.
#[derive(Debug, Clone, Default)]
pub(crate) struct At {
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub respondent: Option<String>,
    pub item: Option<String>,
}

impl At {
    pub fn error(self, file: &str, p: Problem) -> AnswerError {
        AnswerError {
            kind: p.kind,
            file: file.to_string(),
            line: self.line,
            column: self.column,
            respondent: self.respondent,
            item: self.item,
            value: p.value,
            problem: p.text,
            fix: p.fix,
            fatal: false,
        }
    }
}

/// Shortens a value for a message: a 10 kB cell helps nobody.
pub(crate) fn clip(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(MAX).collect();
        out.push('…');
        out
    }
}

/// A CSV cell or free text as shown in a message: numbers bare, anything
/// else quoted with control characters escaped.
pub(crate) fn show_text(s: &str) -> String {
    let s = clip(s);
    if !s.is_empty() && s.parse::<f64>().is_ok() {
        s
    } else {
        format!("\"{}\"", s.escape_debug())
    }
}
