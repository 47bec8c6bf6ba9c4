//! `take`: a questionnaire in the terminal. Checks for a terminal first,
//! shows the welcome, runs the [`Flow`](crate::ui::prompt::flow::Flow) with the
//! tty or plain prompter, saves progress after every answer, and ends with
//! the result and the offer to save it.

mod resume;
mod signals;
mod start;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::app::cli::TakeArgs as Opts;
use crate::app::config::Config;
use crate::app::take_end::{self, Finish};
use crate::bank::{Bank, Catalog, Origin};
use crate::error::{exit, Error};
use crate::store::progress::{self, Progress};
use crate::ui::prompt::flow::{Flow, Outcome, State};
use crate::ui::prompt::{plain::Plain, tty::Tty, Prompter};
use resume::resume;
use signals::{install_signal_handlers, interrupt_note, interrupted_code, set_note};
use start::start;

/// Seconds per question used for the welcome screen's time estimate.
pub const SECONDS_PER_QUESTION: usize = 8;

const RESUME_HINT: &str = "continue with `securebase take --resume`";

/// `take`: `--discard` without a terminal; otherwise checks for a terminal
/// and the output files, starts or resumes a session, runs the questions
/// (progress saved after each answer) and ends as the flow ended.
pub fn take(cfg: &Config, catalog: &Catalog, opts: &Opts) -> Result<()> {
    if opts.discard {
        return discard(cfg, opts);
    }
    if !cfg.interactive() {
        return Err(Error::Usage(
            "`take` asks its questions in a terminal, and standard input or standard error is not one. \
             To answer without a terminal, fill in an answer file (`securebase template <bank>` prints one) \
             and score it with `securebase score <file>`."
                .into(),
        )
        .into());
    }
    let plain = opts.plain || cfg.dumb_terminal;
    // Every file this run will write is checked before the first question.
    take_end::check_outputs(cfg, opts)?;
    let mut ui: Box<dyn Prompter> = if plain {
        Box::new(Plain::stdin())
    } else {
        Box::new(Tty::new(cfg.utf8, cfg.pager.clone(), cfg.stdout_tty))
    };
    install_signal_handlers();

    let Some(mut session) = (if opts.resume {
        resume(cfg, catalog, opts, ui.as_mut())?
    } else {
        start(cfg, catalog, opts, ui.as_mut())?
    }) else {
        return Ok(());
    };
    let bank = session.bank.clone();
    let mut flow = Flow::new(&bank, session.state.clone());
    let outcome = flow.run(ui.as_mut(), |state| -> Result<()> {
        session.state = state.clone();
        session.save()
    })?;
    match outcome {
        Outcome::Finished => on_finished(cfg, opts, &mut session, &flow.state, ui.as_mut()),
        Outcome::Quit => on_quit(opts, &mut session, &flow.state, ui.as_mut()),
        Outcome::Interrupted => {
            ui.say(&interrupt_note())?;
            Err(Error::Reported(interrupted_code()).into())
        }
    }
}

/// Every question has been through: the result and the offer to save it
/// ([`take_end::finish`]). The progress file goes only with a complete
/// result, and stays (said so) when saving the result failed.
fn on_finished(
    cfg: &Config,
    opts: &Opts,
    session: &mut Session,
    state: &State,
    ui: &mut dyn Prompter,
) -> Result<()> {
    let bank = &session.bank;
    let kept = session.path.as_deref().filter(|p| p.exists());
    set_note(match kept {
        Some(p) => format!(
            "Stopped. Your answers are kept in {}; `securebase take --resume` shows this \
             result again.",
            shown(cfg, p)
        ),
        None => "Stopped.".into(),
    });
    match take_end::finish(cfg, bank, &state.answers, opts, ui)? {
        Finish::Done => {
            // Progress goes only with a complete result: every
            // question answered, skipped or not applying.
            if crate::ui::prompt::flow::first_open(bank, state)
                == crate::ui::prompt::flow::steps(bank).len()
            {
                session.remove_progress();
            }
            Ok(())
        }
        Finish::SaveFailed(msg) => {
            let keep = kept.map_or(String::new(), |p| {
                format!(
                    " Your answers are still kept in {}: `securebase take --resume` shows \
                     this result again.",
                    shown(cfg, p)
                )
            });
            ui.say(&format!("The result could not be saved: {msg}.{keep}"))?;
            Err(Error::Reported(exit::CANT_CREATE).into())
        }
        Finish::Interrupted => {
            ui.say(&interrupt_note())?;
            Err(Error::Reported(interrupted_code()).into())
        }
    }
}

/// The person quit: say where the progress is kept (or that nothing was),
/// and delete a progress file that holds no answer yet.
fn on_quit(opts: &Opts, session: &mut Session, state: &State, ui: &mut dyn Prompter) -> Result<()> {
    let msg = match &session.path {
        _ if opts.demo => "Demo ended; nothing was saved.".to_string(),
        Some(p) if p.exists() => format!(
            "Progress kept ({} of {} questions done) in {}; {RESUME_HINT}.",
            state.done(),
            session.bank.question_count(),
            p.display()
        ),
        _ => {
            session.remove_progress();
            "Stopped before the first answer; nothing was saved.".to_string()
        }
    };
    ui.say(&msg)?;
    Ok(())
}

/// A session in progress: the bank, the state and where it is saved.
struct Session {
    bank: Bank,
    bank_source: String,
    state: State,
    /// `None` in demo mode, or without a data directory.
    path: Option<PathBuf>,
    /// The progress file held for this session (see `progress::Held`).
    held: Option<progress::Held>,
    started_at: String,
}

impl Session {
    /// Lets go of the progress file and deletes it (and its lock).
    fn remove_progress(&mut self) {
        if let Some(h) = self.held.take() {
            h.remove();
        }
    }
}

impl Session {
    fn save(&self) -> Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let p = Progress {
            schema: progress::SCHEMA.into(),
            bank: self.bank.id.clone(),
            bank_version: self.bank.version.clone(),
            bank_source: self.bank_source.clone(),
            position: self.state.pos,
            done: self.state.done(),
            questions: self.bank.question_count(),
            started_at: self.started_at.clone(),
            updated_at: crate::clock::format_unix(crate::clock::now_unix()),
            answers: progress::answers_to_map(&self.bank, &self.state.answers, &self.state.skipped),
            timings: self.state.answers.timings.clone(),
        };
        progress::save(path, &p).context("saving progress")?;
        set_note(format!(
            "Stopped. Your answers so far are saved in {}; {RESUME_HINT}.",
            path.display()
        ));
        Ok(())
    }
}

fn source_of(loaded: &crate::bank::Loaded) -> String {
    match &loaded.origin {
        Origin::Builtin | Origin::User(_) => loaded.bank.id.clone(),
        Origin::Path(p) => std::fs::canonicalize(p)
            .unwrap_or_else(|_| p.clone())
            .display()
            .to_string(),
    }
}

/// `take --discard`: deletes the saved sessions (all, or those of the
/// bank named), without a terminal.
pub fn discard(cfg: &Config, opts: &Opts) -> Result<()> {
    let Some(dir) = progress::dir(cfg.data_dir.as_deref()) else {
        return Err(
            Error::Usage("there is no data folder, so there is nothing to discard".into()).into(),
        );
    };
    // Sessions being continued in another terminal are left alone.
    let found = progress::list(&dir).sessions;
    let mut n = 0;
    for (path, p) in found {
        if opts
            .bank
            .as_ref()
            .is_some_and(|b| &p.bank != b && &p.bank_source != b)
        {
            continue;
        }
        std::fs::remove_file(&path).map_err(|cause| Error::Write {
            path: path.clone(),
            cause,
        })?;
        n += 1;
    }
    crate::ui::term::out(&match n {
        0 => "No unfinished sessions to discard.\n".to_string(),
        1 => "Discarded 1 unfinished session.\n".to_string(),
        n => format!("Discarded {n} unfinished sessions.\n"),
    })?;
    Ok(())
}

/// A path as its owner reads it (`~/…` under the home folder).
fn shown(cfg: &Config, path: &Path) -> String {
    crate::fs::display_home(path, cfg.home.as_deref())
}
