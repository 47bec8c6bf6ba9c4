//! The command line, and nothing else: clap types only. `app` turns these
//! into work.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCandidates;

mod args;

use args::parse_reliability;
pub use args::{
    AnalysisFormat, AnalyzeArgs, BankCommand, CalibrateArgs, ExportCommand, ExportOutput,
    NewBankArgs, ReliabilityArg, StudyArgs, TakeArgs,
};

const EXIT_CODES: &str = "\
Exit status:
  0    success
  1    internal failure
  2    usage error (bad flags; `take` without a terminal)
  65   invalid data (a bank, answer or result file that is wrong, or not UTF-8)
  66   an input that is missing, unreadable or not a regular file
  73   an output file that cannot be created (or exists, without --force)
  74   an I/O error while writing
  129  `take`'s terminal went away (SIGHUP; progress kept)
  130  interrupted (progress kept)
  143  `take` asked to stop (SIGTERM; progress kept)

Environment:
  SECUREBASE_DATA_DIR   where progress, kept results and your own questionnaires live
                        (default: the platform data folder, ~/.local/share/securebase on Linux)
  NO_COLOR, CLICOLOR, CLICOLOR_FORCE
                        colour, as --color auto reads them
  COLUMNS               the width of tables written to a file or a pipe (default 80)
  LC_ALL, LC_CTYPE, LANG
                        a locale that is not UTF-8 gets plain ASCII (as --ascii)
  PAGER                 shows the full explanation at the end of `take` (else a built-in pager)
  TERM=dumb             `take` asks line by line (as --plain)
  HOME                  what `~` means when typed at a prompt of `take`

Examples:
  securebase take                                   answer sb-short (12 questions) in the terminal
  securebase score examples/sb-short.json           score an answer file
  securebase score --bank sb-short examples/study.csv --format csv > scored.csv

Nothing leaves this machine. securebase is educational; its results are not a diagnosis.";

/// Examples at the end of each subcommand's `--help` (real commands, run
/// from the source folder; `securebase man` prints them too).
pub mod examples {
    pub const LIST: &str = "Examples:\n  securebase list\n  securebase list --format json";
    pub const SHOW: &str = "Examples:\n  securebase show sb-short\n  securebase show questionnaires/sb-core.json --format json";
    pub const VALIDATE: &str = "Examples:\n  securebase validate my-bank.json\n  securebase validate questionnaires/sb-short.json questionnaires/sb-core.json --format json";
    pub const SCORE: &str = "Examples:\n  securebase score examples/sb-short.json\n  securebase score --bank sb-short examples/study.csv --format csv > scored.csv\n  cat examples/study.jsonl | securebase score -";
    pub const TEMPLATE: &str = "Examples:\n  securebase template sb-core > me.json\n  securebase template sb-short --format csv > study.csv";
    pub const TAKE: &str = "Examples:\n  securebase take\n  securebase take sb-core --save me.json --keep\n  securebase take --resume";
    pub const EXPLAIN: &str = "Examples:\n  securebase explain\n  securebase explain anxious";
    pub const REPORT: &str = "Examples:\n  securebase report me.json --html me.html\n  securebase report me.json --markdown > me.md";
    pub const COMPARE: &str = "Examples:\n  securebase compare before.json after.json\n  securebase compare before.json after.json --format json";
    pub const HISTORY: &str =
        "Examples:\n  securebase history\n  securebase history --delete 20250110T090000Z-sb-short";
    pub const COMPLETIONS: &str = "The script asks securebase for candidates at each Tab, so questionnaire ids,\n`explain` topics and history ids are always current.\n\nExamples:\n  securebase completions bash > ~/.local/share/bash-completion/completions/securebase\n  securebase completions zsh > ~/.zfunc/_securebase\n  securebase completions fish > ~/.config/fish/completions/securebase.fish";
    pub const MAN: &str = "Examples:\n  securebase man > securebase.1 && man ./securebase.1";
}

/// Self-report adult attachment questionnaires: take one, score answer files,
/// understand the result. Offline and private.
#[derive(Debug, Parser)]
#[command(name = "securebase", version, about, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    /// When to use colour (NO_COLOR and CLICOLOR are honoured with `auto`).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,

    /// Plain ASCII output (tables, plots, progress bar, punctuation); also
    /// chosen by itself when the locale is not UTF-8.
    #[arg(long, global = true)]
    pub ascii: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableOrJson {
    Table,
    Json,
}

/// Result formats of `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For people: one person's dimensions, plot, style and explanation; a
    /// study's one row a respondent and a summary.
    Table,
    /// One result document (`securebase.result/1`); a list for several respondents.
    Json,
    /// One compact result document a line.
    Jsonl,
    /// One row a respondent: respondent, bank, bank_version; per dimension
    /// <dim>, _answered, _missing, _lo, _hi, _borderline, _percentile; style,
    /// quadrant, borderline_with, proto_secure/anxious/avoidant/fearful;
    /// quality (flag ids, `;`-separated). 4 decimals; empty = not available.
    Csv,
}

/// Answer file formats (normally told by the file extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Json,
    Jsonl,
    Csv,
    /// A FHIR R4 QuestionnaireResponse, or a Bundle of them (JSON).
    Fhir,
}

impl From<InputFormat> for crate::answers::Format {
    fn from(f: InputFormat) -> Self {
        match f {
            InputFormat::Json => crate::answers::Format::Json,
            InputFormat::Jsonl => crate::answers::Format::Jsonl,
            InputFormat::Csv => crate::answers::Format::Csv,
            InputFormat::Fhir => crate::answers::Format::Fhir,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the questionnaires available (built-in and in your data directory).
    #[command(after_help = examples::LIST)]
    List {
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
    /// Show what a questionnaire measures: scale, dimensions, items and keys, scoring rules, provenance.
    #[command(after_help = examples::SHOW)]
    Show {
        /// A questionnaire id (see `securebase list`) or a path to a bank file.
        #[arg(add = ArgValueCandidates::new(crate::app::complete::bank_ids))]
        bank: String,
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
    /// Check bank files and report every problem with `file:line:column` and a fix.
    #[command(after_help = examples::VALIDATE)]
    Validate {
        /// Bank files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
    /// Questionnaires as a group: list, show and validate them, and build one
    /// from a published instrument's recipe and your own copy of its text.
    #[command(subcommand)]
    Bank(BankCommand),
    /// Score answer files: one person (JSON) or a whole study (JSON Lines, CSV).
    ///
    /// Without --format: a table on a terminal; otherwise the input's own
    /// shape (JSON for a JSON file, JSON Lines for JSON Lines, CSV for CSV).
    /// Standard input (`-`) is read as the format its content shows.
    #[command(after_help = examples::SCORE)]
    Score {
        /// Answer files (the format from the extension: .json, .jsonl, .csv), or `-` for standard input.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The questionnaire (id or bank file). JSON answer files name it themselves; CSV needs it.
        #[arg(long, add = ArgValueCandidates::new(crate::app::complete::bank_ids))]
        bank: Option<String>,
        /// Read the input as this format whatever its name says.
        #[arg(long, value_enum)]
        input_format: Option<InputFormat>,
        /// The result format [default: a table on a terminal, else the input's own shape].
        #[arg(long, value_enum)]
        format: Option<OutputFormat>,
        /// Score the valid records of a study and report the invalid ones on stderr (exit 65 if any).
        #[arg(long)]
        skip_invalid: bool,
        /// Leave the explanation out of the table.
        #[arg(long)]
        no_explain: bool,
    },
    /// Study psychometrics: reliability (alpha, omega), item statistics and score distributions.
    ///
    /// Reads answer files like `score` (CSV, JSON Lines, JSON, `-`). Per
    /// dimension (and relationship): scores, Cronbach's alpha with its 95%
    /// interval, standardized alpha, average inter-item r, omega total,
    /// and per item r.drop and alpha if dropped; then correlations, cutoffs,
    /// styles and quality flags. Without --format: a table on a terminal,
    /// JSON (`securebase.analysis/1`) otherwise.
    Analyze(AnalyzeArgs),
    /// Write a copy of a questionnaire whose reference values come from a study (mean, SD, alpha, omega, percentiles).
    ///
    /// Refuses fewer than 200 scored respondents per dimension unless
    /// --force (alpha and percentiles from smaller samples are too unstable
    /// to put in a bank), and warns when a dimension's alpha is below .70.
    Calibrate(CalibrateArgs),
    /// Print an answer file to fill in for a questionnaire (JSON, or the CSV header row).
    #[command(after_help = examples::TEMPLATE)]
    Template {
        /// A questionnaire id or bank file.
        #[arg(add = ArgValueCandidates::new(crate::app::complete::bank_ids))]
        bank: String,
        #[arg(long, value_enum, default_value_t = InputFormat::Json)]
        format: InputFormat,
    },
    /// Take a questionnaire in the terminal: a welcome screen, one question at a time, then the result.
    ///
    /// Keys: arrows or j/k move, Enter or a digit answers, b or Esc goes back,
    /// s skips where the question says it can, q quits keeping your progress.
    /// Progress is saved after every answer in the data directory
    /// (owner-only); Ctrl-C stops (exit 130) and `--resume` continues. The
    /// result screen at the end: e the full explanation, r the HTML report,
    /// s save, k keep in your history, q done.
    #[command(after_help = examples::TAKE)]
    Take(TakeArgs),
    /// Explain the attachment styles and dimensions in plain words.
    #[command(after_help = examples::EXPLAIN)]
    Explain {
        /// One topic: secure, anxious, avoidant, fearful, anxiety, avoidance, disorganization, close-to-cutoff, paragraphs, parents, reliable-change, self-report, change, quality, diagnosis.
        #[arg(add = ArgValueCandidates::new(crate::app::complete::topics))]
        topic: Option<String>,
    },
    /// Turn a saved result into a report: a self-contained HTML page, or Markdown on standard output.
    #[command(after_help = examples::REPORT)]
    Report {
        /// A result file (from `securebase score --format json`, or a kept result).
        result: PathBuf,
        /// Write a self-contained HTML page here (inline CSS and SVG; no scripts, nothing fetched).
        #[arg(long, value_name = "OUT.html")]
        html: Option<PathBuf>,
        /// Print the report as Markdown (the default when --html is not given).
        #[arg(long)]
        markdown: bool,
        /// Replace the HTML file if it exists.
        #[arg(long, requires = "html")]
        force: bool,
        /// Also keep the result in your history (see `securebase history`).
        #[arg(long)]
        keep: bool,
    },
    /// Compare two results of the same questionnaire: what changed, and whether the change is larger than measurement error.
    #[command(after_help = examples::COMPARE)]
    Compare {
        /// The earlier result file.
        before: PathBuf,
        /// The later result file.
        after: PathBuf,
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
        /// Which reliability gives the measurement error of a change: `auto`
        /// (the questionnaire's test–retest value where it has one, else
        /// alpha), `alpha`, `retest`, or a number between 0 and 1.
        #[arg(long, value_name = "auto|alpha|retest|R", default_value = "auto", value_parser = parse_reliability)]
        reliability: ReliabilityArg,
    },
    /// List the results you chose to keep, oldest first, with a trend; or delete them.
    #[command(after_help = examples::HISTORY)]
    History {
        /// Delete one kept result by its id (the first column of the list).
        #[arg(long, value_name = "ID", conflicts_with = "delete_all",
              add = ArgValueCandidates::new(crate::app::complete::history_ids))]
        delete: Option<String>,
        /// Delete every kept result (asks first; --yes to skip the question in scripts).
        #[arg(long)]
        delete_all: bool,
        /// Do not ask before --delete-all.
        #[arg(long, requires = "delete_all")]
        yes: bool,
        #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
        format: TableOrJson,
    },
    /// Export for health records: a questionnaire or a result as HL7 FHIR R4 (SDC).
    #[command(subcommand)]
    Export(ExportCommand),
    /// Print the lines that give a shell completion of commands, flags, questionnaire ids, topics and history ids.
    #[command(after_help = examples::COMPLETIONS)]
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff) to standard output: commands, options, exit status, environment, files, examples.
    #[command(after_help = examples::MAN)]
    Man,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
