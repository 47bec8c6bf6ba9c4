//! `securebase score` and `securebase template`: answer files in, results out.
//! Streams: one respondent is read, scored and written before the next is
//! read, so a study of any size runs in constant memory.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::answers::{self, AnswerSet, Format};
use crate::app::cli::OutputFormat;
use crate::app::config::Config;
use crate::bank::{Bank, Catalog};
use crate::error::{exit, Error};
use crate::render::table as render;
use crate::scoring::result::Scores;
use crate::scoring::score::Scorer;
use crate::ui::term;

pub struct Opts {
    pub files: Vec<PathBuf>,
    pub bank: Option<String>,
    pub input_format: Option<Format>,
    pub format: Option<OutputFormat>,
    pub skip_invalid: bool,
    pub explain: bool,
}

use crate::ui::term::stdout_error as io_error;

/// A JSON write that failed: a closed pipe is [`Error::Closed`] like any
/// other write (`securebase score study.csv --format jsonl | head -1`).
fn json_error(e: serde_json::Error) -> Error {
    io_error(std::io::Error::from(e))
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => io_error(e),
        other => Error::Write {
            path: "<stdout>".into(),
            cause: std::io::Error::other(format!("{other:?}")),
        },
    }
}

/// An input opened for reading, with its format and the bank id it names
/// (JSON and JSON Lines files say which questionnaire they answer).
struct Input {
    name: String,
    format: Format,
    reader: Box<dyn Read>,
    bank: Option<String>,
    /// One document for one person (a JSON answer file, a single FHIR
    /// response) rather than a study.
    single: bool,
    /// A CSV study's header row, checked against the bank before any row.
    header: Option<Vec<String>>,
}

fn bank_field(v: &serde_json::Value) -> Option<String> {
    match v.get("bank")? {
        serde_json::Value::String(s) => Some(s.clone()),
        other => other.get("id")?.as_str().map(String::from),
    }
}

fn open(path: &Path, forced: Option<Format>) -> Result<Input> {
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

/// The output format when none is asked for: a table for a person at a
/// terminal; otherwise the input's own shape (one JSON document for a JSON
/// file, JSON Lines for JSON Lines, CSV for CSV), which is what a script
/// piping a study through expects.
fn default_format(stdout_tty: bool, first: Format) -> OutputFormat {
    if stdout_tty {
        return OutputFormat::Table;
    }
    match first {
        Format::Json | Format::Fhir => OutputFormat::Json,
        Format::Jsonl => OutputFormat::Jsonl,
        Format::Csv => OutputFormat::Csv,
    }
}

struct Sink<'b> {
    bank: &'b Bank,
    csv: crate::render::csv::CsvLayout<'b>,
    format: OutputFormat,
    out: BufWriter<std::io::StdoutLock<'static>>,
    /// CSV lines not yet written to `out`.
    line: Vec<u8>,
    count: usize,
    explain: bool,
    ctx: crate::render::RenderCtx,
    /// One JSON document rather than a list (one JSON file in, JSON out).
    single: bool,
    /// The first respondent of a table, held until it is clear whether it
    /// is one person (a full result) or a study (a row each).
    first: Option<(AnswerSet, Scores)>,
    tally: crate::render::study::Tally,
}

impl Sink<'_> {
    fn write(&mut self, answers: &AnswerSet, scores: &Scores) -> Result<()> {
        match self.format {
            OutputFormat::Csv => {
                if self.count == 0 {
                    let mut w = csv::Writer::from_writer(&mut self.line);
                    w.write_record(crate::render::csv::csv_header(self.bank))
                        .map_err(csv_error)?;
                    w.flush().map_err(io_error)?;
                }
                self.csv
                    .row(answers.respondent.as_deref(), scores, &mut self.line);
                if self.line.len() >= 1 << 16 {
                    self.out.write_all(&self.line).map_err(io_error)?;
                    self.line.clear();
                }
            }
            OutputFormat::Jsonl => {
                let doc = crate::text::explain::assemble(self.bank, answers, scores.clone(), None);
                serde_json::to_writer(&mut self.out, &doc).map_err(json_error)?;
                self.out.write_all(b"\n").map_err(io_error)?;
            }
            OutputFormat::Json => {
                let doc = crate::text::explain::assemble(self.bank, answers, scores.clone(), None);
                if !self.single {
                    self.out
                        .write_all(if self.count == 0 { b"[\n" } else { b",\n" })
                        .map_err(io_error)?;
                }
                serde_json::to_writer_pretty(&mut self.out, &doc).map_err(json_error)?;
            }
            OutputFormat::Table => self.table_row(answers, scores)?,
        }
        self.count += 1;
        Ok(())
    }

    /// A table on a terminal: one person gets the full result; from the
    /// second respondent on, a study gets one row each (the first is held
    /// back until it is clear which it is).
    fn table_row(&mut self, answers: &AnswerSet, scores: &Scores) -> Result<()> {
        use crate::render::study;
        match self.count {
            0 => self.first = Some((answers.clone(), scores.clone())),
            _ => {
                let mut text = String::new();
                if let Some((a, sc)) = self.first.take() {
                    text.push_str(&study::header(self.bank));
                    text.push('\n');
                    let who = a.respondent.as_deref().map(term::sanitize);
                    text.push_str(&study::row(self.bank, who.as_deref(), &sc));
                    text.push('\n');
                    self.tally.add(&sc);
                }
                let who = answers.respondent.as_deref().map(term::sanitize);
                text.push_str(&study::row(self.bank, who.as_deref(), scores));
                text.push('\n');
                self.tally.add(scores);
                term::print(&self.ctx, &text)?;
            }
        }
        Ok(())
    }

    /// The end of a table: the one person's full result, or the study's summary.
    fn finish_table(&mut self) -> Result<()> {
        if let Some((a, sc)) = self.first.take() {
            let doc = crate::text::explain::assemble(self.bank, &a, sc, None);
            let plot = crate::render::plot::plot_for(
                &doc,
                (self.bank.scale.min, self.bank.scale.max),
                &self.ctx,
            );
            term::print(
                &self.ctx,
                &render::table(&self.ctx, self.bank, &doc, self.explain, plot.as_deref()),
            )?;
        } else if self.tally.respondents > 1 {
            let s = crate::render::study::summary(&self.ctx, &self.tally);
            term::print(&self.ctx, &format!("{s}\n"))?;
        }
        Ok(())
    }

    /// Closes the output. A single JSON result prints as one document, not
    /// a one-element list, so a saved result is also an answer file.
    /// A study with nobody scored still gives well-formed output: the CSV
    /// header alone, or an empty JSON list.
    fn finish(mut self) -> Result<()> {
        if self.format == OutputFormat::Table {
            self.finish_table()?;
        }
        let single = self.single;
        if self.format == OutputFormat::Csv && self.count == 0 {
            let mut w = csv::Writer::from_writer(&mut self.line);
            w.write_record(crate::render::csv::csv_header(self.bank))
                .map_err(csv_error)?;
            w.flush().map_err(io_error)?;
        }
        self.out.write_all(&self.line).map_err(io_error)?;
        if self.format == OutputFormat::Json {
            let end: &[u8] = match (single, self.count) {
                (true, 0) => b"",
                (false, 0) => {
                    b"[]
"
                }
                (true, _) => {
                    b"
"
                }
                (false, _) => {
                    b"
]
"
                }
            };
            self.out.write_all(end).map_err(io_error)?;
        }
        self.out.flush().map_err(io_error)?;
        Ok(())
    }
}

pub fn score(cfg: &Config, catalog: &Catalog, opts: &Opts) -> Result<()> {
    let mut inputs = Vec::new();
    for f in &opts.files {
        inputs.push(open(f, opts.input_format)?);
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
        match (&opts.bank, inputs.iter().find_map(|i| i.bank.clone())) {
            (Some(b), _) => b.clone(),
            (None, Some(b)) => b,
            (None, None) => return Err(Error::Usage(
                "which questionnaire? CSV files (and FHIR responses without a securebase `questionnaire`) do not say: add --bank ID (see `securebase list`)"
                    .into(),
            )
            .into()),
        };
    let loaded = catalog.resolve(&bank_name)?;
    let bank = &loaded.bank;
    for input in &inputs {
        if let Some(header) = &input.header {
            if let Some(w) = super::csv_header::check(&input.name, header, bank, catalog)? {
                anstream::eprintln!("securebase: warning: {}", term::sanitize(&w));
            }
        }
    }
    let scorer = Scorer::new(bank);
    let format = opts
        .format
        .unwrap_or_else(|| default_format(cfg.stdout_tty, inputs[0].format));
    // One JSON input for one person prints one result document.
    let single = format == OutputFormat::Json && inputs.len() == 1 && inputs[0].single;
    let mut sink = Sink {
        bank,
        csv: crate::render::csv::CsvLayout::new(bank),
        format,
        out: BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
        line: Vec::with_capacity(1 << 17),
        count: 0,
        explain: opts.explain,
        ctx: cfg.stdout_ctx(),
        single,
        first: None,
        tally: crate::render::study::Tally::default(),
    };
    let (mut skipped, mut failures) = (0usize, None);
    // One result reused row after row: scoring a study allocates nothing
    // per respondent in the common case.
    let mut scores = scorer.score(&AnswerSet::empty(bank));
    // Likewise one answer set, read into row after row.
    let mut set = AnswerSet::empty(bank);
    for input in inputs {
        if input.format == Format::Fhir {
            match read_fhir(bank, &input.name, input.reader) {
                Ok(responses) => {
                    for r in responses {
                        scorer.score_into(&r.answers, &mut scores);
                        warn_carried(bank, &input.name, &r, &scores);
                        sink.write(&r.answers, &scores)?;
                    }
                }
                Err(e) if opts.skip_invalid => {
                    skipped += 1;
                    anstream::eprintln!("securebase: skipped: {}", term::sanitize(&e.to_string()));
                }
                Err(e) => {
                    failures = Some(e);
                    break;
                }
            }
            continue;
        }
        let mut stream = answers::Stream::new(bank, &input.name, input.format, input.reader);
        while let Some(item) = stream.next_into(&mut set) {
            match item {
                Ok(()) => {
                    scorer.score_into(&set, &mut scores);
                    sink.write(&set, &scores)?;
                }
                Err(e) if opts.skip_invalid => {
                    skipped += 1;
                    anstream::eprintln!("securebase: skipped: {}", term::sanitize(&e.to_string()));
                    if e.fatal {
                        break;
                    }
                }
                Err(e) => {
                    failures = Some(e);
                    break;
                }
            }
        }
        if failures.is_some() {
            break;
        }
    }
    let scored = sink.count;
    sink.finish().context("writing results")?;
    if let Some(e) = failures {
        return Err(Error::from(e).into());
    }
    if skipped > 0 {
        anstream::eprintln!(
            "securebase: {skipped} invalid record{} skipped, {scored} scored",
            if skipped == 1 { "" } else { "s" }
        );
        return Err(Error::Reported(exit::DATA).into());
    }
    Ok(())
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

/// Says where a response carries a score other than securebase's (beyond
/// the rounding of the export: half a unit in the last place).
fn warn_carried(bank: &Bank, file: &str, r: &answers::fhir::Response, scores: &Scores) {
    let ours = crate::render::fhir::score_answers(bank, scores);
    let who = r
        .answers
        .respondent
        .as_deref()
        .map_or_else(String::new, |p| format!(": respondent {p}"));
    let tolerance = 0.5 / f64::from(10u32.pow(crate::bank::fhir::SCORE_PLACES)) + 1e-9;
    for (link, carried) in &r.carried {
        let Some(s) = ours.iter().find(|s| s.link == *link) else {
            continue;
        };
        let computed = match s.value {
            Some(v) if (v - carried).abs() <= tolerance => continue,
            Some(v) => format!("securebase computes {v:.2} from its answers"),
            None => "securebase gives no score (too many answers missing)".to_string(),
        };
        anstream::eprintln!(
            "securebase: warning: {}{}: the response carries {link} = {carried}, but {computed}; the result has securebase's",
            term::sanitize(file),
            term::sanitize(&who),
        );
    }
}

pub fn template(catalog: &Catalog, bank: &str, format: Format) -> Result<()> {
    if format == Format::Fhir {
        return Err(Error::Usage(format!(
            "a FHIR form of a questionnaire is its Questionnaire: `securebase export fhir-questionnaire {}`",
            term::sanitize(bank)
        ))
        .into());
    }
    let loaded = catalog.resolve(bank)?;
    term::out(&answers::template(&loaded.bank, format))?;
    Ok(())
}
