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
    let format = format_of(path, forced)?;
    if is_stdin(path) {
        return Ok(Input {
            name: answers::Source::STDIN.to_string(),
            format,
            reader: Box::new(std::io::stdin()),
        });
    }
    Ok(Input {
        name: path.display().to_string(),
        format,
        reader: Box::new(crate::fs::open_regular(path)?),
    })
}

/// The questionnaire to score with: `--bank` (an id or a bank file), else
/// the id the first JSON or JSON Lines input names. Inputs are peeked at
/// one at a time and closed again; standard input, which cannot be read
/// twice, is kept with what was peeked put back in front.
fn choose_bank(
    catalog: &Catalog,
    opts: &Opts,
    stdin: &mut Option<Box<dyn Read>>,
) -> Result<crate::bank::Loaded> {
    if let Some(b) = &opts.bank {
        return Ok(catalog.resolve(b)?);
    }
    for f in &opts.files {
        let input = open(f, opts.input_format)?;
        let (bank, replay) = answers::peek_bank(&input.name, input.format, input.reader);
        if is_stdin(f) {
            *stdin = Some(replay);
        }
        if let Some(id) = bank.map_err(Error::from)? {
            // An id only, never a path: see `answers::peek_bank`.
            return Ok(catalog.by_id(&id)?);
        }
    }
    Err(Error::Usage(
        "which questionnaire? CSV files do not say: add --bank ID (see `securebase list`)".into(),
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
        Format::Json => OutputFormat::Json,
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
            OutputFormat::Table => {
                let doc = crate::text::explain::assemble(self.bank, answers, scores.clone(), None);
                let plot = crate::render::plot::plot_for(
                    &doc,
                    (self.bank.scale.min, self.bank.scale.max),
                    &self.ctx,
                );
                if self.count > 0 {
                    term::out("\n")?;
                }
                term::print(
                    &self.ctx,
                    &render::table(&self.ctx, self.bank, &doc, self.explain, plot.as_deref()),
                )?;
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Closes the output. A single JSON result prints as one document, not
    /// a one-element list, so a saved result is also an answer file.
    /// A study with nobody scored still gives well-formed output: the CSV
    /// header alone, or an empty JSON list.
    fn finish(mut self) -> Result<()> {
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
    let formats = opts
        .files
        .iter()
        .map(|f| format_of(f, opts.input_format))
        .collect::<Result<Vec<_>>>()?;
    let mut stdin = None;
    let loaded = choose_bank(catalog, opts, &mut stdin)?;
    let bank = &loaded.bank;
    let scorer = Scorer::new(bank);
    let format = opts
        .format
        .unwrap_or_else(|| default_format(cfg.stdout_tty, formats[0]));
    // One JSON input for one person prints one result document.
    let single = format == OutputFormat::Json && formats == [Format::Json];
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
    };
    let (mut skipped, mut failures) = (0usize, None);
    // One result reused row after row: scoring a study allocates nothing
    // per respondent in the common case.
    let mut scores = scorer.score(&AnswerSet::empty(bank));
    // Likewise one answer set, read into row after row.
    let mut set = AnswerSet::empty(bank);
    // One input open at a time: a thousand files are read one after another.
    for f in &opts.files {
        let kept = if is_stdin(f) { stdin.take() } else { None };
        let input = match kept {
            Some(reader) => Input {
                name: answers::Source::STDIN.to_string(),
                format: format_of(f, opts.input_format)?,
                reader,
            },
            None => open(f, opts.input_format)?,
        };
        let mut stream = answers::Stream::new(bank, &input.name, input.format, input.reader);
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

pub fn template(catalog: &Catalog, bank: &str, format: Format) -> Result<()> {
    let loaded = catalog.resolve(bank)?;
    term::out(&answers::template(&loaded.bank, format))?;
    Ok(())
}
