//! A new `take` session: the bank loaded, its progress file reserved, and
//! the welcome screen (what this is, how long, the keys, where it is saved).

use std::path::Path;

use anyhow::Result;

use super::signals::{interrupt_note, interrupted_code, set_note};
use super::{shown, source_of, Session, RESUME_HINT, SECONDS_PER_QUESTION};
use crate::app::cli::TakeArgs as Opts;
use crate::app::config::Config;
use crate::bank::{Bank, Catalog, DEFAULT_BANK};
use crate::error::Error;
use crate::store::progress;
use crate::ui::prompt::flow::State;
use crate::ui::prompt::{Prompter, Reply, Welcome};

/// A new session: load the bank, show the welcome.
pub(super) fn start(
    cfg: &Config,
    catalog: &Catalog,
    opts: &Opts,
    ui: &mut dyn Prompter,
) -> Result<Option<Session>> {
    let loaded = catalog.resolve(opts.bank.as_deref().unwrap_or(DEFAULT_BANK))?;
    let bank = loaded.bank.clone();
    let held = match progress::dir(cfg.data_dir.as_deref()) {
        Some(d) if !opts.demo => Some(progress::reserve(&d, &bank.id, crate::clock::now_unix())?),
        _ => None,
    };
    let path = held.as_ref().map(|h| h.path.clone());
    set_note(if opts.demo {
        "Stopped. Demo mode: nothing was saved.".into()
    } else {
        "Stopped before the first answer; nothing was saved.".into()
    });
    match ui.welcome(&welcome(cfg, &bank, opts, path.as_deref()))? {
        Reply::Pick(_) => {}
        other => {
            if let Some(h) = held {
                h.remove();
            }
            if other == Reply::Interrupt {
                ui.say(&interrupt_note())?;
                return Err(Error::Reported(interrupted_code()).into());
            }
            return Ok(None);
        }
    }
    Ok(Some(Session {
        bank_source: source_of(&loaded),
        state: State::new(&bank),
        bank,
        path,
        held,
        started_at: crate::clock::format_unix(crate::clock::now_unix()),
    }))
}

/// The welcome screen: what this is and is not, how long, how to answer
/// (the keys of this mode, and skips only where the bank allows them), and
/// where anything is written.
fn welcome(cfg: &Config, bank: &Bank, opts: &Opts, path: Option<&Path>) -> Welcome {
    let n = bank.question_count();
    let minutes = (n * SECONDS_PER_QUESTION).div_ceil(60);
    let mut p = vec![if bank.validated {
        format!(
            "This is {}, a published questionnaire scored by its published key ({}). Its result \
             is not a diagnosis: it describes patterns in how you tend to feel and act in close \
             relationships, and patterns can change.",
            bank.title,
            bank.citation.as_deref().unwrap_or("no citation given")
        )
    } else {
        "This is an educational questionnaire, not a diagnosis: it describes patterns in how you \
         tend to feel and act in close relationships, and patterns can change."
            .to_string()
    }];
    if !bank.validated {
        p.push(
            "Its questions are original writing that has not been validated in research, so \
             treat the result as a starting point for reflection, not a measurement."
                .into(),
        );
    }
    p.push(format!(
        "{n} questions, about {minutes} minute{}.",
        if minutes == 1 { "" } else { "s" }
    ));
    if !bank.instructions.is_empty() {
        p.push(bank.instructions.clone());
    }
    p.push(keys_paragraph(bank, opts.plain || cfg.dumb_terminal));
    p.push(match (opts.demo, path) {
        (true, _) => "Demo mode: nothing is written to disk. Nothing leaves this machine.".into(),
        (false, Some(path)) => format!(
            "Your progress is saved after every answer in {} (readable only by you), so you can \
             stop at any time and {RESUME_HINT}. Nothing leaves this machine.",
            shown(cfg, path)
        ),
        (false, None) => "There is no data folder on this system, so progress cannot be saved. \
             Nothing leaves this machine."
            .into(),
    });
    Welcome {
        title: bank.title.clone(),
        paragraphs: p,
    }
}

/// How to answer, in the keys that work in this mode, and the skips this
/// bank allows (none are offered where every question needs an answer).
fn keys_paragraph(bank: &Bank, plain: bool) -> String {
    let (lo, hi) = (bank.scale.min, bank.scale.max);
    let label = |v| {
        bank.scale
            .labels
            .get(&v)
            .map(|l| format!(" ({l})"))
            .unwrap_or_default()
    };
    let skips = crate::ui::prompt::flow::skip_total(bank);
    let skip = match skips {
        0 => String::new(),
        1 => {
            " One question can be skipped with s; the question says when a skip is possible.".into()
        }
        n => format!(
            " Up to {n} questions can be skipped with s; each question says when a skip is \
             possible."
        ),
    };
    if plain {
        format!(
            "Answer each question from {lo}{} to {hi}{}: type the number and Enter. Type b and \
             Enter to go back, q and Enter to stop (your progress is kept).{skip}",
            label(lo),
            label(hi)
        )
    } else {
        format!(
            "Answer each question from {lo}{} to {hi}{}. Keys: ↑/↓ or j/k move, Enter answers, \
             {lo}-{hi} answer at once, b or Esc goes back, q quits keeping your progress.{skip}",
            label(lo),
            label(hi)
        )
    }
}
