//! Wide CSV answer files: a header `respondent,<key>,…` (the respondent
//! column is optional and may stand anywhere), one row a person, an empty
//! cell for a missing answer. Columns are matched to answer slots by name,
//! once, from the header; then each row is read into one reused
//! [`Record`] and its integers parsed from bytes. Through
//! [`Rows::next_into`] a row is read into the caller's answer set, so a
//! study is read without allocating per row.

use std::io::Read;

use super::records::{ReadError, Record, Records};

use super::check::{apply, Checker, Flavor, Key};
use super::error::{show_text, At, ErrorKind, Problem};
use super::{Answer, AnswerError, AnswerSet};
use crate::bank::Bank;

/// The column holding respondent ids.
pub const RESPONDENT_COLUMN: &str = crate::bank::RESERVED_KEY;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Respondent,
    Key(Key),
}

pub(crate) struct Rows<'b, R> {
    rdr: Records<R>,
    record: Record,
    cols: Vec<Col>,
    /// For each answer slot, the column holding it (if any).
    slot_col: Vec<Option<usize>>,
    /// (target, column) of each not-applicable column.
    target_cols: Vec<(usize, usize)>,
    respondent_col: Option<usize>,
    ck: Checker<'b>,
    started: bool,
    done: bool,
}

impl<'b, R: Read> Rows<'b, R> {
    pub fn new(bank: &'b Bank, name: &str, input: R) -> Self {
        let rdr = Records::new(input);
        Rows {
            rdr,
            record: Record::default(),
            cols: Vec::new(),
            slot_col: Vec::new(),
            target_cols: Vec::new(),
            respondent_col: None,
            ck: Checker::new(bank, name),
            started: false,
            done: false,
        }
    }

    /// Checks respondent ids against those of the other inputs of a run.
    pub fn share_ids(&mut self, ids: &std::rc::Rc<std::cell::RefCell<super::seen::Seen>>) {
        self.ck.ids = std::rc::Rc::clone(ids);
    }

    fn fatal(&mut self, mut err: AnswerError) -> Result<(), AnswerError> {
        self.done = true;
        err.fatal = true;
        Err(err)
    }

    fn read_error(&self, e: &ReadError) -> AnswerError {
        let (line, problem) = match e {
            ReadError::Io(e) => (
                None,
                Problem::new(ErrorKind::Io, format!("cannot read: {e}"))
                    .fix("check that the file is readable CSV text"),
            ),
            ReadError::TooLong { line, quote } => (
                Some(*line),
                Problem::new(
                    ErrorKind::TooLarge,
                    format!(
                        "this row is longer than {} MiB; one person's answers are a few kilobytes",
                        super::MAX_RECORD_BYTES >> 20
                    ),
                )
                .fix(match quote {
                    Some(q) => format!(
                        "close the quote opened on line {q} (a quote left open swallows the rest of the file)"
                    ),
                    None => "end each row with a line break (is this really a CSV answer file?)"
                        .to_string(),
                }),
            ),
            ReadError::Unterminated { line, quote } => (
                Some(*line),
                Problem::new(
                    ErrorKind::Unterminated,
                    format!("a quote opened on line {quote} is never closed, so the rest of the file was read as one cell"),
                )
                .fix(format!(
                    "add the closing \" on line {quote}, or remove the opening one; a \" inside a quoted cell is written \"\""
                )),
            ),
        };
        At {
            line,
            ..At::default()
        }
        .error(&self.ck.file, problem)
    }

    /// Maps the header to answer slots; `Err` ends the stream (every row
    /// would be read wrongly).
    fn header(&mut self) -> Result<(), AnswerError> {
        let line = Some(self.record.line());
        let mut cols = Vec::with_capacity(self.record.len());
        for (i, raw) in self.record.iter().enumerate() {
            let name = String::from_utf8_lossy(raw.trim_ascii());
            let at = || At {
                line,
                item: Some(name.to_string()),
                ..At::default()
            };
            let col = if name == RESPONDENT_COLUMN {
                Col::Respondent
            } else if let Some(k) = self.ck.key(&name) {
                Col::Key(k)
            } else if name.is_empty() {
                return Err(at().error(
                    &self.ck.file,
                    Problem::new(
                        ErrorKind::UnknownKey,
                        format!("column {} has no name", i + 1),
                    )
                    .fix("name every column: `respondent` or one of the bank's answer keys"),
                ));
            } else {
                let p = self.ck.unknown_key(&name, Flavor::Csv);
                return Err(at().error(&self.ck.file, p));
            };
            if let Some(first) = cols.iter().position(|c| *c == col) {
                return Err(at().error(
                    &self.ck.file,
                    Problem::new(
                        ErrorKind::DuplicateColumn,
                        format!("column {} repeats column {}", i + 1, first + 1),
                    )
                    .fix("keep one column for each key"),
                ));
            }
            cols.push(col);
        }
        self.respondent_col = cols.iter().position(|c| *c == Col::Respondent);
        self.slot_col = vec![None; self.ck.names.len()];
        for (i, c) in cols.iter().enumerate() {
            match *c {
                Col::Key(Key::Slot(s)) => self.slot_col[s] = Some(i),
                Col::Key(Key::Target(t)) => self.target_cols.push((t, i)),
                Col::Respondent => {}
            }
        }
        self.cols = cols;
        Ok(())
    }

    /// Reads the current record into `set`, reusing its allocations (the
    /// respondent text, the answer and not-applicable vectors). On `Err`
    /// `set` holds a partly read row and must not be used.
    fn row_into(&mut self, set: &mut AnswerSet) -> Result<(), AnswerError> {
        let line = self.record.line();
        self.respondent_into(&mut set.respondent, line)?;
        let respondent = set.respondent.as_deref();
        self.check_width(line, respondent)?;
        if let Some(r) = respondent {
            if !self.ck.respondent(r) {
                return Err(at(line, respondent, None).error(
                    &self.ck.file,
                    Problem::new(ErrorKind::DuplicateRespondent, super::DUPLICATE).fix(
                        "give every person their own respondent id, or remove the repeated row",
                    ),
                ));
            }
        }
        self.slots_into(set, line)?;
        self.targets_into(set, line)
    }

    /// The respondent id of the current record into `respondent`, reusing
    /// the `String` of the last row; `None` without a respondent column or
    /// for an empty cell.
    #[inline]
    fn respondent_into(
        &self,
        respondent: &mut Option<String>,
        line: u64,
    ) -> Result<(), AnswerError> {
        let Some(raw) = self.respondent_col.and_then(|i| self.record.get(i)) else {
            *respondent = None;
            return Ok(());
        };
        let raw = raw.trim_ascii();
        if raw.is_empty() {
            *respondent = None;
            return Ok(());
        }
        match std::str::from_utf8(raw) {
            Ok(s) => {
                let r = respondent.get_or_insert_with(String::new);
                r.clear();
                r.push_str(s);
                Ok(())
            }
            Err(_) => {
                *respondent = None;
                Err(at(line, None, Some(RESPONDENT_COLUMN)).error(
                    &self.ck.file,
                    Problem::new(ErrorKind::Io, "the respondent id is not UTF-8 text")
                        .value(show_text(&String::from_utf8_lossy(raw)))
                        .fix("save the file as UTF-8"),
                ))
            }
        }
    }

    /// Refuses a row with more or fewer cells than the header.
    #[inline]
    fn check_width(&self, line: u64, respondent: Option<&str>) -> Result<(), AnswerError> {
        if self.record.len() == self.cols.len() {
            return Ok(());
        }
        Err(self.ragged(line, respondent))
    }

    /// The message for a row of the wrong width (cold: kept out of the
    /// row loop).
    #[cold]
    fn ragged(&self, line: u64, respondent: Option<&str>) -> AnswerError {
        at(line, respondent, None).error(
            &self.ck.file,
            Problem::new(
                ErrorKind::Ragged,
                format!(
                    "this row has {} cells, the header has {}",
                    self.record.len(),
                    self.cols.len()
                ),
            )
            .fix(
                "give every row one cell per column; leave a cell empty (,,) for a missing answer",
            ),
        )
    }

    /// The answer slots of the current record into `set.values`, in asking
    /// order, each written once (no all-missing vector to overwrite).
    ///
    /// A cell of one digit on the scale is read here without the full
    /// check: nearly every cell of a Likert study is one. The benchmark
    /// that shows it is needed: `scripts/bench.sh`, its `csv` rows (the
    /// million-respondent CSV study, to stay under 1 s).
    #[inline]
    fn slots_into(&self, set: &mut AnswerSet, line: u64) -> Result<(), AnswerError> {
        let ck = &self.ck;
        let (min, max) = (ck.bank.scale.min, ck.bank.scale.max);
        let values = &mut set.values;
        values.clear();
        values.reserve(self.slot_col.len());
        for (slot, col) in self.slot_col.iter().enumerate() {
            let a = match col {
                None => Answer::Missing,
                Some(c) => {
                    let raw = &self.record[*c];
                    match raw {
                        [d] if d.is_ascii_digit()
                            && (min..=max).contains(&i64::from(d - b'0'))
                            && ck.is_rating(slot) =>
                        {
                            Answer::Rating(i64::from(d - b'0'))
                        }
                        _ => match ck.slot_cell(slot, raw) {
                            Ok(a) => a,
                            Err(p) => {
                                let respondent = set.respondent.as_deref();
                                return Err(
                                    at(line, respondent, Some(&ck.names[slot])).error(&ck.file, p)
                                );
                            }
                        },
                    }
                }
            };
            values.push(a);
        }
        Ok(())
    }

    /// The rest of the row into `set`: its bank, the not-applicable marks
    /// of the relationship columns (timings cleared: CSV has none), and a
    /// relationship both rated and marked not applicable refused.
    #[inline]
    fn targets_into(&self, set: &mut AnswerSet, line: u64) -> Result<(), AnswerError> {
        let ck = &self.ck;
        if set.bank != ck.bank.id {
            set.bank.clone_from(&ck.bank.id);
        }
        set.not_applicable.clear();
        set.not_applicable.resize(ck.bank.targets.len(), false);
        set.timings.clear();
        for &(t, c) in &self.target_cols {
            match ck.target_cell(t, &self.record[c]) {
                Ok(u) => apply(set, u),
                Err(p) => {
                    return Err(at(
                        line,
                        set.respondent.as_deref(),
                        Some(&ck.bank.targets[t].id),
                    )
                    .error(&ck.file, p));
                }
            }
        }
        if let Some((slot, p)) = ck.conflict(set) {
            return Err(
                at(line, set.respondent.as_deref(), Some(&ck.names[slot])).error(&ck.file, p)
            );
        }
        Ok(())
    }

    /// The next respondent read into `set`, reusing its allocations: the
    /// streaming twin of [`Iterator::next`] for callers that score one row
    /// at a time. `None` at the end; the same items, errors and end as the
    /// iterator. Reading without an allocation per row is measured by
    /// `scripts/bench.sh`, its `csv` rows.
    pub fn next_into(&mut self, set: &mut AnswerSet) -> Option<Result<(), AnswerError>> {
        loop {
            if self.done {
                return None;
            }
            match self.rdr.read(&mut self.record) {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    if !self.started {
                        let err = At::default().error(
                            &self.ck.file,
                            Problem::new(ErrorKind::Empty, "the file is empty").fix(format!(
                                "start with a header row: respondent,{}",
                                self.ck.names.join(",")
                            )),
                        );
                        return Some(self.fatal(err));
                    }
                    return None;
                }
                Err(e) => {
                    let err = self.read_error(&e);
                    return Some(self.fatal(err));
                }
            }
            if !self.started {
                self.started = true;
                if let Err(e) = self.header() {
                    return Some(self.fatal(e));
                }
                continue;
            }
            return Some(self.row_into(set));
        }
    }
}

impl<R: Read> Iterator for Rows<'_, R> {
    type Item = Result<AnswerSet, AnswerError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut set = AnswerSet::default();
        self.next_into(&mut set).map(|r| r.map(|()| set))
    }
}

/// Where a problem in a row is: its line, and the respondent and item when
/// known (a CSV row has no column number in our messages).
fn at(line: u64, respondent: Option<&str>, item: Option<&str>) -> At {
    At {
        line: Some(line),
        column: None,
        respondent: respondent.map(str::to_string),
        item: item.map(str::to_string),
    }
}
