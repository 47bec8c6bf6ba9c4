//! Reading a study, for every command that takes answer files (`score`,
//! `analyze`, `calibrate`): the names checked before any work, the
//! questionnaire chosen, the inputs opened one at a time, each CSV header
//! checked against the bank, respondent ids checked across every input,
//! and each valid record handed to the command in turn — with the same
//! messages, exit codes and `--skip-invalid` behaviour everywhere.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::answers::{self, AnswerSet, Format};
use crate::bank::{Bank, Catalog, Loaded};
use crate::error::{exit, Error};
use crate::ui::term;

/// What a command was told to read.
pub(super) struct StudyFiles<'a> {
    pub files: &'a [PathBuf],
    /// `--bank`: an id or a bank file.
    pub bank: Option<&'a str>,
    /// `--input-format`.
    pub forced: Option<Format>,
}

/// An input opened for reading, with its format.
pub(super) struct Input {
    pub name: String,
    pub format: Format,
    reader: Box<dyn Read>,
    /// One document for one person (a JSON answer file, a single FHIR
    /// response) rather than a study.
    pub single: bool,
    /// The bank the input names (JSON, JSON Lines, FHIR), or what is
    /// wrong with its first document; `Ok(None)` for CSV.
    bank: Result<Option<String>, answers::AnswerError>,
    /// A CSV study's header row, checked against the bank before any row.
    header: Option<Vec<String>>,
}

pub(super) fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The format of an input: `--input-format`, else its extension (JSON for
/// standard input); decided before anything is opened.
pub(super) fn format_of(path: &Path, forced: Option<Format>) -> Result<Format> {
    match forced.or_else(|| Format::from_path(path)) {
        Some(f) => Ok(f),
        None if is_stdin(path) => Ok(Format::Json),
        None => Err(Error::Usage(format!(
            "{}: cannot tell the answer format from the file name; name it .json, .jsonl or .csv, or pass --input-format",
            path.display()
        ))
        .into()),
    }
}

/// Opens an input: standard input, or a regular file (a FIFO, a device or
/// a directory is refused: it could hang or never end).
pub(super) fn open(path: &Path, forced: Option<Format>) -> Result<Input> {
    let stdin = is_stdin(path);
    let mut format = format_of(path, forced)?;
    let (name, raw): (String, Box<dyn Read>) = if stdin {
        (
            answers::Source::STDIN.to_string(),
            Box::new(std::io::stdin()),
        )
    } else {
        (
            path.display().to_string(),
            Box::new(crate::fs::open_regular(path)?),
        )
    };
    // What is read ahead stays in `head` and is read again after it.
    let mut reader = std::io::BufReader::with_capacity(1 << 16, raw);
    let mut head = Vec::new();
    if stdin && forced.is_none() {
        // Standard input has no name: its content tells.
        format = super::score_input::sniff_stdin(&mut reader, &mut head)?;
    }
    let header = if format == Format::Csv {
        super::score_input::csv_header(&mut reader, &mut head, path)?
    } else {
        None
    };
    // The first document is read ahead: for the bank it names, and because
    // a `.json` file may hold a FHIR resource, told by its content.
    let peeked = answers::peek(&name, format, std::io::Cursor::new(head).chain(reader));
    Ok(Input {
        name,
        format: peeked.format,
        reader: peeked.reader,
        single: peeked.single,
        bank: peeked.bank,
        header,
    })
}

/// The questionnaire to score with: `--bank` (an id or a bank file), else
/// the id the first JSON, JSON Lines or FHIR input names. The first input
/// is already open; the others are opened one at a time and closed again,
/// except standard input, which cannot be read twice and is kept in `kept`.
fn choose_bank(
    catalog: &Catalog,
    args: &StudyFiles<'_>,
    first: &Input,
    kept: &mut Option<Input>,
) -> Result<Loaded> {
    if let Some(b) = args.bank {
        return Ok(catalog.resolve(b)?);
    }
    // An id only, never a path: see `answers::Peeked::bank`.
    if let Some(id) = first.bank.clone().map_err(Error::from)? {
        return Ok(catalog.by_id(&id)?);
    }
    // An empty input's problem is that it is empty, not a missing --bank.
    if first.format == Format::Csv && first.header.is_none() {
        return Err(Error::InvalidAnswers(format!(
            "{}: the file is empty; fix: give one JSON object (`securebase template <bank>` prints one), or a CSV header row and one row a person with --bank",
            first.name
        ))
        .into());
    }
    for f in &args.files[1..] {
        let input = open(f, args.forced)?;
        let bank = input.bank.clone();
        if is_stdin(f) {
            *kept = Some(input);
        }
        if let Some(id) = bank.map_err(Error::from)? {
            return Ok(catalog.by_id(&id)?);
        }
    }
    Err(Error::Usage(
        "which questionnaire? CSV files (and FHIR responses without a securebase `questionnaire`) do not say: add --bank ID (see `securebase list`)".into(),
    )
    .into())
}

/// A study ready to read: its questionnaire chosen, its first input open.
pub(super) struct Study {
    files: Vec<PathBuf>,
    forced: Option<Format>,
    first: Option<Input>,
    /// Standard input, when it was read ahead to find the bank.
    stdin: Option<Input>,
    /// The first input's format and whether it is one person's document.
    pub first_format: Format,
    pub first_single: bool,
}

/// Checks every name, opens the first input and chooses the questionnaire:
/// `--bank`, else the id the first JSON, JSON Lines or FHIR input names.
pub(super) fn open_study(catalog: &Catalog, args: &StudyFiles<'_>) -> Result<(Study, Loaded)> {
    if args.files.iter().filter(|f| is_stdin(f)).count() > 1 {
        return Err(Error::Usage("standard input (`-`) can be read only once".into()).into());
    }
    // Every name's format first: a usage error before any work.
    for f in args.files {
        format_of(f, args.forced)?;
    }
    let first = open(&args.files[0], args.forced)?;
    let mut stdin = None;
    let loaded = choose_bank(catalog, args, &first, &mut stdin)?;
    Ok((
        Study {
            files: args.files.to_vec(),
            forced: args.forced,
            first_format: first.format,
            first_single: first.single,
            first: Some(first),
            stdin,
        },
        loaded,
    ))
}

/// One valid record, as handed to the command.
pub(super) struct Record<'a> {
    /// The file it came from, as named in messages.
    pub file: &'a str,
    pub answers: &'a AnswerSet,
    /// The FHIR response it was read from, for FHIR inputs.
    pub fhir: Option<&'a answers::fhir::Response>,
}

/// How reading a study ended: records skipped (with `--skip-invalid`), or
/// the first invalid one (without).
#[must_use]
pub(super) struct Outcome {
    skipped: usize,
    failure: Option<answers::AnswerError>,
}

impl Study {
    /// Hands each valid record of every input, in order, to `on_record`.
    /// One input is open at a time; respondent ids are checked across all
    /// of them; a CSV header is checked against the bank before its rows.
    /// An invalid record stops the study (reported by [`Outcome::finish`]),
    /// or with `skip_invalid` is reported on standard error and passed over.
    pub fn each(
        mut self,
        catalog: &Catalog,
        bank: &Bank,
        skip_invalid: bool,
        mut on_record: impl FnMut(Record<'_>) -> Result<()>,
    ) -> Result<Outcome> {
        let mut outcome = Outcome {
            skipped: 0,
            failure: None,
        };
        let skip = |outcome: &mut Outcome, e: &answers::AnswerError| {
            outcome.skipped += 1;
            term::note(&format!(
                "securebase: skipped: {}",
                term::sanitize(&e.to_string())
            ));
        };
        // One answer set, read into record after record.
        let mut set = AnswerSet::empty(bank);
        // Respondent ids of the whole run: a repeat in the next file is a repeat.
        let ids = std::rc::Rc::new(std::cell::RefCell::new(answers::seen::Seen::new()));
        for f in &self.files {
            let input = match (self.first.take(), is_stdin(f)) {
                (Some(input), _) => input,
                (None, true) if self.stdin.is_some() => self.stdin.take().expect("kept"),
                (None, _) => open(f, self.forced)?,
            };
            if let Some(header) = &input.header {
                if let Some(w) = super::csv_header::check(&input.name, header, bank, catalog)? {
                    term::note(&format!("securebase: warning: {}", term::sanitize(&w)));
                }
            }
            if input.format == Format::Fhir {
                match read_fhir(bank, &input.name, input.reader) {
                    Ok(responses) => {
                        for r in &responses {
                            if let Some(id) = r.answers.respondent.as_deref() {
                                if !ids.borrow_mut().insert(id.as_bytes()) {
                                    outcome.failure =
                                        Some(answers::duplicate_respondent(&input.name, id));
                                    return Ok(outcome);
                                }
                            }
                            on_record(Record {
                                file: &input.name,
                                answers: &r.answers,
                                fhir: Some(r),
                            })?;
                        }
                    }
                    Err(e) if skip_invalid => skip(&mut outcome, &e),
                    Err(e) => {
                        outcome.failure = Some(e);
                        return Ok(outcome);
                    }
                }
                continue;
            }
            let mut stream =
                answers::Stream::new(bank, &input.name, input.format, input.reader, &ids);
            while let Some(item) = stream.next_into(&mut set) {
                match item {
                    Ok(()) => on_record(Record {
                        file: &input.name,
                        answers: &set,
                        fhir: None,
                    })?,
                    Err(e) if skip_invalid => {
                        skip(&mut outcome, &e);
                        if e.fatal {
                            break;
                        }
                    }
                    Err(e) => {
                        outcome.failure = Some(e);
                        return Ok(outcome);
                    }
                }
            }
        }
        Ok(outcome)
    }
}

/// Reads a FHIR file: its responses, checked against the bank.
#[allow(clippy::result_large_err)] // as in `answers`: errors are rare
fn read_fhir(
    bank: &Bank,
    name: &str,
    reader: Box<dyn Read>,
) -> Result<Vec<answers::fhir::Response>, answers::AnswerError> {
    let text = answers::read_text(name, reader)?;
    answers::fhir::read(bank, name, &text)
}

impl Outcome {
    /// The first invalid record's error now, for commands that write
    /// nothing from an incomplete study; otherwise the outcome back.
    pub fn fail_now(self) -> Result<Outcome> {
        match self.failure {
            Some(e) => Err(Error::from(e).into()),
            None => Ok(self),
        }
    }

    /// Records skipped so far.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// The error to exit with, once the command has written what it could:
    /// the first invalid record (65), or after skipping some, the count on
    /// standard error ("3 invalid records skipped, 97 scored") and 65 so
    /// scripts notice.
    pub fn finish(self, done: usize, verb: &str) -> Result<()> {
        if let Some(e) = self.failure {
            return Err(Error::from(e).into());
        }
        if self.skipped > 0 {
            term::note(&format!(
                "securebase: {} invalid record{} skipped, {done} {verb}",
                self.skipped,
                if self.skipped == 1 { "" } else { "s" }
            ));
            return Err(Error::Reported(exit::DATA).into());
        }
        Ok(())
    }
}
