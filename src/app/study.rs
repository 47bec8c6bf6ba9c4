//! Reading a study, for every command that takes answer files (`score`,
//! `analyze`, `calibrate`): the files opened (format from the name, the
//! bank id peeked from JSON), the questionnaire resolved, and each valid
//! record handed to the command in turn — with the same messages, exit
//! codes and `--skip-invalid` behaviour everywhere.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::answers::{self, AnswerError, AnswerSet, Format};
use crate::bank::{Bank, Catalog, Loaded};
use crate::error::{exit, Error};
use crate::ui::term;

/// An input opened for reading, with its format and the bank id it names
/// (JSON and JSON Lines files say which questionnaire they answer).
pub(super) struct Input {
    pub name: String,
    pub format: Format,
    reader: Box<dyn Read>,
    bank: Option<String>,
    /// One document for one person (a JSON answer file, a single FHIR
    /// response) rather than a study.
    pub single: bool,
    /// A CSV study's header row, checked against the bank before any row.
    header: Option<Vec<String>>,
}

fn bank_field(v: &serde_json::Value) -> Option<String> {
    match v.get("bank")? {
        serde_json::Value::String(s) => Some(s.clone()),
        other => other.get("id")?.as_str().map(String::from),
    }
}

pub(super) fn open(path: &Path, forced: Option<Format>) -> Result<Input> {
    let stdin = path.as_os_str() == "-";
    let name = if stdin {
        answers::Source::STDIN.to_string()
    } else {
        path.display().to_string()
    };
    let mut format = match forced.or_else(|| Format::from_path(path)) {
        Some(f) => f,
        // Standard input has no name: its content tells (below).
        None if stdin => Format::Csv,
        None => {
            return Err(Error::Usage(format!(
                "{name}: cannot tell the answer format from the file name; name it .json, .jsonl or .csv, or pass --input-format"
            ))
            .into())
        }
    };
    let raw: Box<dyn Read> = if stdin {
        Box::new(std::io::stdin())
    } else {
        let f = std::fs::File::open(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            cause: source,
        })?;
        Box::new(f)
    };
    let mut reader = BufReader::with_capacity(1 << 16, raw);
    // Peek at the first record for the bank id, then hand the reader on
    // with what was peeked put back in front.
    let mut head = Vec::new();
    if stdin && forced.is_none() {
        format = super::score_input::sniff_stdin(&mut reader, &mut head)?;
    }
    // A JSON file is one person; a FHIR file one person per response.
    let mut single = format == Format::Json;
    let mut header = None;
    let bank = match format {
        Format::Csv => {
            header = super::score_input::csv_header(&mut reader, &mut head, path)?;
            None
        }
        Format::Json | Format::Fhir => {
            reader
                .by_ref()
                .take(crate::fs::MAX_FILE_BYTES + 1)
                .read_to_end(&mut head)
                .map_err(|source| Error::Read {
                    path: path.to_path_buf(),
                    cause: source,
                })?;
            if head.len() as u64 > crate::fs::MAX_FILE_BYTES {
                return Err(Error::TooLarge {
                    path: path.to_path_buf(),
                    size: head.len() as u64,
                    limit: crate::fs::MAX_FILE_BYTES,
                }
                .into());
            }
            // A FHIR resource is told by its content: a `.json` file may
            // hold either kind.
            match serde_json::from_slice::<serde_json::Value>(&head) {
                Ok(v) if format == Format::Fhir || answers::fhir::is_fhir(&v) => {
                    format = Format::Fhir;
                    single = answers::fhir::response_count(&v) == 1;
                    answers::fhir::bank_id(&v)
                }
                Ok(v) => bank_field(&v),
                Err(_) => None,
            }
        }
        Format::Jsonl => loop {
            // The first record may already be in `head` (sniffed).
            if let Some(line) = head
                .split(|b| *b == b'\n')
                .find(|l| !l.iter().all(u8::is_ascii_whitespace))
            {
                break serde_json::from_slice::<serde_json::Value>(line)
                    .ok()
                    .as_ref()
                    .and_then(bank_field);
            }
            let start = head.len();
            let n = reader
                .read_until(b'\n', &mut head)
                .map_err(|source| Error::Read {
                    path: path.to_path_buf(),
                    cause: source,
                })?;
            if n == 0 {
                break None;
            }
            let line = &head[start..];
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            break serde_json::from_slice::<serde_json::Value>(line)
                .ok()
                .as_ref()
                .and_then(bank_field);
        },
    };
    Ok(Input {
        name,
        format,
        reader: Box::new(std::io::Cursor::new(head).chain(reader)),
        bank,
        single,
        header,
    })
}

/// Opens every file (standard input at most once), resolves the
/// questionnaire (`--bank`, else the first JSON input's own `bank`) and
/// checks each CSV header against it (65 when it fits another bank; a
/// warning when a few columns are missing).
pub(super) fn open_all(
    catalog: &Catalog,
    files: &[PathBuf],
    bank: Option<&str>,
    forced: Option<Format>,
) -> Result<(Vec<Input>, Loaded)> {
    let mut inputs = Vec::new();
    for f in files {
        inputs.push(open(f, forced)?);
    }
    if inputs
        .iter()
        .filter(|i| i.name == answers::Source::STDIN)
        .count()
        > 1
    {
        return Err(Error::Usage("standard input (`-`) can be read only once".into()).into());
    }
    let bank_name =
        match (bank, inputs.iter().find_map(|i| i.bank.clone())) {
            (Some(b), _) => b.to_string(),
            (None, Some(b)) => b,
            (None, None) => return Err(Error::Usage(
                "which questionnaire? CSV files (and FHIR responses without a securebase `questionnaire`) do not say: add --bank ID (see `securebase list`)"
                    .into(),
            )
            .into()),
        };
    let loaded = catalog.resolve(&bank_name)?;
    for input in &inputs {
        if let Some(header) = &input.header {
            if let Some(w) = super::csv_header::check(&input.name, header, &loaded.bank, catalog)? {
                anstream::eprintln!("securebase: warning: {}", term::sanitize(&w));
            }
        }
    }
    Ok((inputs, loaded))
}

/// How reading a study ended: records skipped (with `--skip-invalid`), or
/// the first invalid one (without).
#[must_use]
pub(super) struct Outcome {
    skipped: usize,
    failure: Option<AnswerError>,
}

/// One valid record, as handed to the command.
pub(super) struct Record<'a> {
    /// The file it came from, as named in messages.
    pub file: &'a str,
    pub answers: &'a AnswerSet,
    /// The FHIR response it was read from, for FHIR inputs.
    pub fhir: Option<&'a answers::fhir::Response>,
}

/// Hands each valid record of `inputs`, in order, to `on_record`. An
/// invalid record stops the study (reported by [`Outcome::finish`]), or
/// with `skip_invalid` is reported on standard error and passed over.
/// One answer set is reused record after record.
pub(super) fn each(
    inputs: Vec<Input>,
    bank: &Bank,
    skip_invalid: bool,
    mut on_record: impl FnMut(Record<'_>) -> Result<()>,
) -> Result<Outcome> {
    let mut outcome = Outcome {
        skipped: 0,
        failure: None,
    };
    let mut set = AnswerSet::empty(bank);
    for input in inputs {
        if input.format == Format::Fhir {
            match read_fhir(bank, &input.name, input.reader) {
                Ok(responses) => {
                    for r in &responses {
                        on_record(Record {
                            file: &input.name,
                            answers: &r.answers,
                            fhir: Some(r),
                        })?;
                    }
                }
                Err(e) if skip_invalid => {
                    outcome.skipped += 1;
                    anstream::eprintln!("securebase: skipped: {}", term::sanitize(&e.to_string()));
                }
                Err(e) => {
                    outcome.failure = Some(e);
                    return Ok(outcome);
                }
            }
            continue;
        }
        let mut stream = answers::Stream::new(bank, &input.name, input.format, input.reader);
        while let Some(item) = stream.next_into(&mut set) {
            match item {
                Ok(()) => on_record(Record {
                    file: &input.name,
                    answers: &set,
                    fhir: None,
                })?,
                Err(e) if skip_invalid => {
                    outcome.skipped += 1;
                    anstream::eprintln!("securebase: skipped: {}", term::sanitize(&e.to_string()));
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
            anstream::eprintln!(
                "securebase: {} invalid record{} skipped, {done} {verb}",
                self.skipped,
                if self.skipped == 1 { "" } else { "s" }
            );
            return Err(Error::Reported(exit::DATA).into());
        }
        Ok(())
    }
}
