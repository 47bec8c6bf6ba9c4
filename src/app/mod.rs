//! The edge between the command line and the library: each subcommand's
//! work, with `anyhow` context where it meets files and terminals.

pub(crate) mod analyze;
mod banks;
mod calibrate;
pub mod cli;
mod compare;
pub mod complete;
pub mod config;
mod csv_header;
mod explain;
mod export;
mod history;
mod man;
mod recipes;
mod report;
mod score;
mod score_input;
mod study;
mod take;
mod take_end;

use anyhow::Result;
use clap::CommandFactory;

use crate::app::cli::{Cli, Command};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let cfg = config::Config::read(&cli);
    let catalog = crate::bank::Catalog::new(cfg.data_dir.as_deref());
    match cli.command {
        Command::List { format } => banks::list(&cfg, &catalog, format),
        Command::Show { bank, format } => banks::show(&cfg, &catalog, &bank, format),
        Command::Validate { files, format } => banks::validate(&cfg, &files, format),
        Command::Bank(command) => recipes::run(&cfg, &catalog, command),
        Command::Score {
            files,
            bank,
            input_format,
            format,
            skip_invalid,
            no_explain,
        } => score::score(
            &cfg,
            &catalog,
            &score::Opts {
                files,
                bank,
                input_format: input_format.map(Into::into),
                format,
                skip_invalid,
                explain: !no_explain,
            },
        ),
        Command::Analyze(args) => analyze::analyze(&cfg, &catalog, &args),
        Command::Calibrate(args) => calibrate::calibrate(&catalog, &args),
        Command::Template { bank, format } => score::template(&catalog, &bank, format.into()),
        Command::Take(args) => take::take(&cfg, &catalog, &args),
        Command::Explain { topic } => explain::run(&cfg, topic.as_deref()),
        Command::Report {
            result,
            html,
            markdown,
            force,
            keep,
        } => report::run(
            &cfg,
            &catalog,
            &result,
            &report::Options {
                html: html.as_deref(),
                markdown,
                force,
                keep,
            },
        ),
        Command::Compare {
            before,
            after,
            format,
            reliability,
        } => compare::run(&cfg, &catalog, &before, &after, format, reliability),
        Command::History {
            delete,
            delete_all,
            yes,
            format,
        } => history::run(&cfg, &catalog, delete.as_deref(), delete_all, yes, format),
        Command::Export(cmd) => export::run(&catalog, cmd),
        Command::Completions { shell } => {
            Ok(crate::ui::term::out(&complete::registration(shell)?)?)
        }
        Command::Man => Ok(crate::ui::term::out(&man::page(Cli::command()))?),
    }
}

/// Prints what clap has to say when it does not run a command (`--help`,
/// `--version`, a usage error) and returns the exit code: 0 for help and
/// version, 2 for a usage error, and 74 when help or version cannot be
/// written (`--help > /dev/full`; a reader that went away is still 0).
pub fn report_parse_error(e: &clap::Error) -> u8 {
    let code = if e.use_stderr() {
        crate::error::exit::USAGE
    } else {
        crate::error::exit::OK
    };
    let written = e.print().and_then(|()| {
        use std::io::Write as _;
        if e.use_stderr() {
            std::io::stderr().flush()
        } else {
            std::io::stdout().flush()
        }
    });
    match written {
        Err(w) if !e.use_stderr() && w.kind() != std::io::ErrorKind::BrokenPipe => {
            crate::ui::term::note(&format!("securebase: error: <stdout>: write failed: {w}"));
            crate::error::exit::IO
        }
        _ => code,
    }
}
