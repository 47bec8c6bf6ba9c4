//! `securebase score` and `securebase template`: answer files in, results out.
//! Streams: one respondent is read, scored and written before the next is
//! read, so a study of any size runs in constant memory.

use std::io::{BufWriter, Read, Write};
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

/// An input opened for reading, with its format.
struct Input {
    name: String,
    format: Format,
    reader: Box<dyn Read>,
    /// One document for one person (a JSON answer file, a single FHIR
    /// response) rather than a study.
    single: bool,
    /// The bank the input names (JSON, JSON Lines, FHIR), or what is
    /// wrong with its first document; `Ok(None)` for CSV.
    bank: Result<Option<String>, answers::AnswerError>,
    /// A CSV study's header row, checked against the bank before any row.
    header: Option<Vec<String>>,
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The format of an input: `--input-format`, else its extension (JSON for
/// standard input); decided before anything is opened.
fn format_of(path: &Path, forced: Option<Format>) -> Result<Format> {
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
fn open(path: &Path, forced: Option<Format>) -> Result<Input> {
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
    opts: &Opts,
    first: &Input,
    kept: &mut Option<Input>,
) -> Result<crate::bank::Loaded> {
    if let Some(b) = &opts.bank {
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
    for f in &opts.files[1..] {
        let input = open(f, opts.input_format)?;
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
    /// Standard output is a terminal.
    terminal: bool,
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
                // On a terminal a respondent id is shown, never sent; to a
                // file or pipe it is written exactly.
                let shown = if self.terminal {
                    answers.respondent.as_deref().map(crate::sanitize::field)
                } else {
                    None
                };
                let respondent = shown.as_deref().or(answers.respondent.as_deref());
                self.csv.row(respondent, scores, &mut self.line);
                if self.line.len() >= 1 << 16 {
                    self.out.write_all(&self.line).map_err(io_error)?;
                    self.line.clear();
                }
            }
            OutputFormat::Jsonl => {
                let doc = crate::text::explain::assemble(self.bank, answers, scores.clone(), None);
                self.line.clear();
                serde_json::to_writer(&mut self.line, &doc).map_err(json_error)?;
                crate::sanitize::json_bytes(&mut self.line);
                self.line.push(b'\n');
                self.out.write_all(&self.line).map_err(io_error)?;
                self.line.clear();
            }
            OutputFormat::Json => {
                let doc = crate::text::explain::assemble(self.bank, answers, scores.clone(), None);
                if !self.single {
                    self.out
                        .write_all(if self.count == 0 { b"[\n" } else { b",\n" })
                        .map_err(io_error)?;
                }
                self.line.clear();
                serde_json::to_writer_pretty(&mut self.line, &doc).map_err(json_error)?;
                crate::sanitize::json_bytes(&mut self.line);
                self.out.write_all(&self.line).map_err(io_error)?;
                self.line.clear();
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
    if opts.files.iter().filter(|f| is_stdin(f)).count() > 1 {
        return Err(Error::Usage("standard input (`-`) can be read only once".into()).into());
    }
    // Every name's format first: a usage error before any work.
    for f in &opts.files {
        format_of(f, opts.input_format)?;
    }
    let first = open(&opts.files[0], opts.input_format)?;
    let mut stdin = None;
    let loaded = choose_bank(catalog, opts, &first, &mut stdin)?;
    let (first_format, first_single) = (first.format, first.single);
    let bank = &loaded.bank;
    let scorer = Scorer::new(bank);
    let format = opts
        .format
        .unwrap_or_else(|| default_format(cfg.stdout_tty, first_format));
    // One JSON input for one person prints one result document.
    let single = format == OutputFormat::Json && opts.files.len() == 1 && first_single;
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
        terminal: cfg.stdout_tty,
        first: None,
        tally: crate::render::study::Tally::default(),
    };
    let (mut skipped, mut failures) = (0usize, None);
    // One result reused row after row: scoring a study allocates nothing
    // per respondent in the common case.
    let mut scores = scorer.score(&AnswerSet::empty(bank));
    // Likewise one answer set, read into row after row.
    let mut set = AnswerSet::empty(bank);
    // One input open at a time: a thousand files are read one after another.
    // Respondent ids of the whole run: a repeat in the next file is a repeat.
    let ids = std::rc::Rc::new(std::cell::RefCell::new(answers::seen::Seen::new()));
    let mut first = Some(first);
    for f in &opts.files {
        let input = match (first.take(), is_stdin(f)) {
            (Some(input), _) => input,
            (None, true) if stdin.is_some() => stdin.take().expect("kept"),
            (None, _) => open(f, opts.input_format)?,
        };
        // A CSV study's header is checked against the bank before its rows.
        if let Some(header) = &input.header {
            if let Some(w) = super::csv_header::check(&input.name, header, bank, catalog)? {
                term::note(&format!("securebase: warning: {}", term::sanitize(&w)));
            }
        }
        if input.format == Format::Fhir {
            match read_fhir(bank, &input.name, input.reader) {
                Ok(responses) => {
                    for r in responses {
                        if let Some(id) = r.answers.respondent.as_deref() {
                            if !ids.borrow_mut().insert(id.as_bytes()) {
                                failures = Some(answers::duplicate_respondent(&input.name, id));
                                break;
                            }
                        }
                        scorer.score_into(&r.answers, &mut scores);
                        warn_carried(bank, &input.name, &r, &scores);
                        sink.write(&r.answers, &scores)?;
                    }
                }
                Err(e) if opts.skip_invalid => {
                    skipped += 1;
                    term::note(&format!(
                        "securebase: skipped: {}",
                        term::sanitize(&e.to_string())
                    ));
                }
                Err(e) => {
                    failures = Some(e);
                    break;
                }
            }
            if failures.is_some() {
                break;
            }
            continue;
        }
        let mut stream = answers::Stream::new(bank, &input.name, input.format, input.reader, &ids);
        while let Some(item) = stream.next_into(&mut set) {
            match item {
                Ok(()) => {
                    scorer.score_into(&set, &mut scores);
                    sink.write(&set, &scores)?;
                }
                Err(e) if opts.skip_invalid => {
                    skipped += 1;
                    term::note(&format!(
                        "securebase: skipped: {}",
                        term::sanitize(&e.to_string())
                    ));
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
        term::note(&format!(
            "securebase: {skipped} invalid record{} skipped, {scored} scored",
            if skipped == 1 { "" } else { "s" }
        ));
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
        term::note(&format!(
            "securebase: warning: {}{}: the response carries {link} = {carried}, but {computed}; the result has securebase's",
            term::sanitize(file),
            term::sanitize(&who),
        ));
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
