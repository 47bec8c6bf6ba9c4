//! The argument groups of the larger commands (`take`, `analyze`,
//! `calibrate`, `bank`, `export`): clap types only, like the rest of `cli`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCandidates;

use super::{InputFormat, TableOrJson};

/// Formats of `analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnalysisFormat {
    /// For people: per dimension, scores, reliability and the item table.
    Table,
    /// One document, `securebase.analysis/1` (documented in the README).
    Json,
    /// The item table, one row per item (and relationship).
    Csv,
}

/// The study a command reads, as `score` takes it.
#[derive(Debug, Args)]
pub struct StudyArgs {
    /// Answer files (the format from the extension: .json, .jsonl, .csv), or `-` for standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The questionnaire (id or bank file). JSON answer files name it themselves; CSV needs it.
    #[arg(long)]
    pub bank: Option<String>,
    /// Read the input as this format whatever its name says.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Use the valid records and report the invalid ones on stderr (exit 65 if any).
    #[arg(long)]
    pub skip_invalid: bool,
    /// Alpha and omega from respondents who answered every item of a scale
    /// only (default: each pair of items over everyone who answered both).
    #[arg(long)]
    pub listwise: bool,
}

/// `securebase analyze`'s flags.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub study: StudyArgs,
    #[arg(long, value_enum)]
    pub format: Option<AnalysisFormat>,
    /// Also write a self-contained HTML study report here (inline CSS and SVG; no scripts, nothing fetched).
    #[arg(long, value_name = "OUT.html")]
    pub html: Option<PathBuf>,
    /// Print the study report as Markdown instead of the table.
    #[arg(long, conflicts_with = "format")]
    pub markdown: bool,
    /// Replace the HTML file if it exists.
    #[arg(long, requires = "html")]
    pub force: bool,
}

/// `securebase calibrate`'s flags.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    #[command(flatten)]
    pub study: StudyArgs,
    /// Where to write the calibrated bank (JSON, owner-only).
    #[arg(short, long, value_name = "BANK.json")]
    pub output: PathBuf,
    /// Who the sample is, in words a reader of a percentile understands
    /// (default: "<n> respondents in <files>").
    #[arg(long, value_name = "TEXT")]
    pub sample: Option<String>,
    /// Write even from fewer than 200 scored respondents, and replace the output if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `compare --reliability`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReliabilityArg {
    Auto,
    Alpha,
    Retest,
    Given(f64),
}

pub(super) fn parse_reliability(s: &str) -> Result<ReliabilityArg, String> {
    match s {
        "auto" => Ok(ReliabilityArg::Auto),
        "alpha" => Ok(ReliabilityArg::Alpha),
        "retest" => Ok(ReliabilityArg::Retest),
        _ => match s.parse::<f64>() {
            Ok(r) if r > 0.0 && r < 1.0 => Ok(ReliabilityArg::Given(r)),
            _ => {
                Err("give auto, alpha, retest, or a reliability between 0 and 1 such as 0.8".into())
            }
        },
    }
}

/// `securebase bank …`.
#[derive(Debug, Subcommand)]
pub enum BankCommand {
    /// The same as `securebase list`.
    List {
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
    /// The same as `securebase show`.
    Show {
        /// A questionnaire id (see `securebase list`) or a path to a bank file.
        bank: String,
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
    /// The same as `securebase validate`.
    Validate {
        /// Bank files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
    /// List the published instruments securebase can score: their keys and facts (recipes), never their item text.
    Recipes {
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
    /// Show one recipe in full: keys, scale, scoring, reliability, norms, sources, use terms, and what you must supply.
    Recipe {
        /// A recipe id (see `securebase bank recipes`) or a path to a recipe file.
        recipe: String,
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
    /// Build a bank from a recipe and your own licensed copy of the item text.
    ///
    /// The text file: one item a line in the instrument's order (a leading
    /// `12.` or `12)` is checked against its position), or CSV rows
    /// `number,text`, or JSON {"1": "…"}; optionally the instrument's own
    /// instructions (`instructions: …`). Every problem is reported at once,
    /// by line, and nothing is written until there are none. You are
    /// responsible for having the right to use the text.
    New(NewBankArgs),
}

/// `securebase bank new`'s flags.
#[derive(Debug, Args)]
pub struct NewBankArgs {
    /// The recipe: an id (see `securebase bank recipes`) or a path to a recipe file.
    #[arg(long)]
    pub recipe: String,
    /// Your copy of the item text (see `securebase bank recipe ID` for what it must hold).
    #[arg(long, value_name = "FILE")]
    pub texts: PathBuf,
    /// Write the bank to this file (owner-only).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "BANK.json",
        required_unless_present = "install"
    )]
    pub output: Option<PathBuf>,
    /// Also install the bank in your data directory, so `securebase list` shows it and every command takes its id.
    #[arg(long)]
    pub install: bool,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
    /// The norm sample for percentiles and intervals (see `bank recipe ID`) [default: the recipe's default sample, if any].
    #[arg(long, value_name = "ID")]
    pub norms: Option<String>,
    /// The bank's id [default: the recipe's id].
    #[arg(long)]
    pub id: Option<String>,
    /// The language of your text.
    #[arg(long, default_value = "en")]
    pub language: String,
}

/// `securebase export`'s formats.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// A questionnaire as a FHIR R4 Questionnaire (SDC): coded options with scoring weights, and a computed item per score.
    ///
    /// Item wording is included for the built-in questionnaires (securebase's
    /// own writing). For any other bank it is left out unless you pass
    /// --item-text: a bank built from a published instrument holds your
    /// licensed copy of its wording, which is yours to share or not.
    FhirQuestionnaire {
        /// A questionnaire id (see `securebase list`) or a path to a bank file.
        bank: String,
        /// Include the item wording, instructions and introductions.
        #[arg(long, conflicts_with = "no_item_text")]
        item_text: bool,
        /// Leave the wording out (a keying-only export), even for a built-in questionnaire.
        #[arg(long)]
        no_item_text: bool,
        /// The publisher to name (default: securebase for the built-in questionnaires, none otherwise).
        #[arg(long, value_name = "NAME")]
        publisher: Option<String>,
        /// The date the questionnaire last changed (YYYY-MM-DD); left out when not given.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[command(flatten)]
        output: ExportOutput,
    },
    /// A saved result as a FHIR R4 QuestionnaireResponse (SDC), with the scores as answers.
    FhirResponse {
        /// A result file (from `securebase score --format json`, `take --save`, or a kept result).
        result: PathBuf,
        /// Wrap it in a transaction Bundle with one Observation per score.
        #[arg(long)]
        bundle: bool,
        /// Whom the answers are about, as a FHIR reference (e.g. Patient/123).
        #[arg(long, value_name = "REF")]
        subject: Option<String>,
        /// When the answers were completed (RFC 3339), for a result that does not say.
        #[arg(long, value_name = "TIME")]
        authored: Option<String>,
        #[command(flatten)]
        output: ExportOutput,
    },
}

/// Where an export goes.
#[derive(Debug, Args)]
pub struct ExportOutput {
    /// Write to FILE (owner-only, atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// `securebase take`'s flags; the command reads them as they are.
#[derive(Debug, Args)]
pub struct TakeArgs {
    /// A questionnaire id (see `securebase list`) or a path to a bank file [default: sb-short].
    /// With --resume: only sessions of this questionnaire.
    #[arg(add = ArgValueCandidates::new(crate::app::complete::bank_ids))]
    pub bank: Option<String>,
    /// Save the result (JSON) to FILE at the end without asking.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Continue an unfinished session where it stopped (or show the result
    /// of one that was answered to the end but not closed).
    #[arg(long, conflicts_with = "demo")]
    pub resume: bool,
    /// Delete the unfinished sessions (all, or those of BANK) instead of
    /// continuing one. Needs no terminal.
    #[arg(long, conflicts_with_all = ["resume", "demo", "save", "keep"])]
    pub discard: bool,
    /// Demo mode (e.g. a clinician showing it): nothing is written to disk at all.
    #[arg(long, conflicts_with = "save")]
    pub demo: bool,
    /// Line-by-line prompts without redraws, for screen readers (automatic when TERM=dumb).
    #[arg(long)]
    pub plain: bool,
    /// Replace the --save file if it exists.
    #[arg(long, requires = "save")]
    pub force: bool,
    /// Keep the result in your history (`securebase history`) without asking.
    #[arg(long, conflicts_with = "demo")]
    pub keep: bool,
}
