//! The edge between the command line and the library: each subcommand's
//! work, with `anyhow` context where it meets files and terminals.

pub(crate) mod analyze;
mod banks;
mod calibrate;
pub mod cli;
mod compare;
pub mod config;
mod explain;
mod export;
mod history;
mod recipes;
mod report;
mod score;
mod study;
mod take;

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
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "securebase", &mut buf);
            Ok(crate::ui::term::out(&String::from_utf8_lossy(&buf))?)
        }
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
            Ok(crate::ui::term::out(&String::from_utf8_lossy(&buf))?)
        }
    }
}
