//! `securebase score` and `securebase template`: answer files in, results out.
//! Streams: one respondent is read, scored and written before the next is
//! read, so a study of any size runs in constant memory.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::answers::{self, AnswerSet, Format};
use crate::app::cli::OutputFormat;
use crate::app::config::Config;
use crate::app::study;
use crate::bank::{Bank, Catalog};
use crate::error::Error;
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
    let (study, loaded) = study::open_study(
        catalog,
        &study::StudyFiles {
            files: &opts.files,
            bank: opts.bank.as_deref(),
            forced: opts.input_format,
        },
    )?;
    let bank = &loaded.bank;
    let scorer = Scorer::new(bank);
    let format = opts
        .format
        .unwrap_or_else(|| default_format(cfg.stdout_tty, study.first_format));
    // One JSON input for one person prints one result document.
    let single = format == OutputFormat::Json && opts.files.len() == 1 && study.first_single;
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
    // One result reused row after row: scoring a study allocates nothing
    // per respondent in the common case.
    let mut scores = scorer.score(&AnswerSet::empty(bank));
    let outcome = study.each(catalog, bank, opts.skip_invalid, |record| {
        scorer.score_into(record.answers, &mut scores);
        if let Some(r) = record.fhir {
            warn_carried(bank, record.file, r, &scores);
        }
        sink.write(record.answers, &scores)
    })?;
    let scored = sink.count;
    sink.finish().context("writing results")?;
    outcome.finish(scored, "scored")
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
