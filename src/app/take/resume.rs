//! `take --resume`: choose an unfinished session and rebuild its state.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::signals::{interrupted_code, set_note};
use super::{Session, RESUME_HINT};
use crate::app::cli::TakeArgs as Opts;
use crate::app::config::Config;
use crate::bank::{Bank, Catalog};
use crate::error::Error;
use crate::store::progress::{self, Progress};
use crate::ui::prompt::flow::State;
use crate::ui::prompt::{Prompter, Question, Reply, Skip};

/// `--resume`: choose an unfinished session, hold its progress file (so no
/// other `take` continues it at the same time) and rebuild its state.
pub(super) fn resume(
    cfg: &Config,
    catalog: &Catalog,
    opts: &Opts,
    ui: &mut dyn Prompter,
) -> Result<Option<Session>> {
    let dir = progress::dir(cfg.data_dir.as_deref()).ok_or_else(|| {
        Error::Usage("there is no data folder, so there is nothing to resume".into())
    })?;
    let Some((path, pr)) = choose(catalog, opts, &dir, ui)? else {
        return Ok(None);
    };
    let Some(held) = progress::hold(&path)? else {
        return Err(Error::CantCreate {
            path,
            reason: "another `securebase take` is continuing this session right now".into(),
        }
        .into());
    };
    let loaded = catalog.resolve(&pr.bank_source)?;
    let bank = loaded.bank;
    if bank.id != pr.bank || bank.version != pr.bank_version {
        return Err(Error::InvalidAnswers(format!(
            "{}: this session was started with {} {}, but that questionnaire is now {} {}; \
             its answers cannot be continued safely. Delete the file to start afresh",
            path.display(),
            pr.bank,
            pr.bank_version,
            bank.id,
            bank.version
        ))
        .into());
    }
    let state = restore(&bank, &pr, &path, ui)?;
    set_note(format!(
        "Stopped. Your answers so far are saved in {}; {RESUME_HINT}.",
        path.display()
    ));
    Ok(Some(Session {
        state,
        bank,
        bank_source: pr.bank_source,
        path: Some(path),
        held: Some(held),
        started_at: pr.started_at,
    }))
}

/// The session to continue: the only one (said as it is continued), or the
/// one picked from a list; `None` when the person quits the list. Files
/// that cannot be read or are in use elsewhere are named and left alone.
fn choose(
    catalog: &Catalog,
    opts: &Opts,
    dir: &Path,
    ui: &mut dyn Prompter,
) -> Result<Option<(PathBuf, Progress)>> {
    let listing = progress::list(dir);
    for (p, why) in &listing.unreadable {
        ui.say(&crate::sanitize::text(&format!(
            "(Ignoring {}: not a readable progress file: {why}.)",
            p.display()
        )))?;
    }
    for p in &listing.busy {
        ui.say(&crate::sanitize::text(&format!(
            "(Leaving {}: another `securebase take` is continuing it right now.)",
            p.display()
        )))?;
    }
    let mut found = listing.sessions;
    if let Some(b) = &opts.bank {
        found.retain(|(_, p)| &p.bank == b || &p.bank_source == b);
    }
    let chosen = match found.len() {
        0 => {
            return Err(Error::Usage(format!(
                "no unfinished sessions{} in {}; start one with `securebase take`",
                opts.bank
                    .as_deref()
                    .map(|b| format!(" of {b}"))
                    .unwrap_or_default(),
                dir.display()
            ))
            .into())
        }
        1 => {
            let (path, pr) = found.remove(0);
            ui.say(&crate::sanitize::field(&continuing(catalog, &pr)))?;
            (path, pr)
        }
        _ => match ui.ask(&session_list(catalog, &found))? {
            Reply::Pick(i) => found.swap_remove(i),
            Reply::Interrupt => return Err(Error::Reported(interrupted_code()).into()),
            _ => return Ok(None),
        },
    };
    Ok(Some(chosen))
}

/// The saved answers, skips and timings as a flow state, going on at the
/// saved position, but never past the first question without an answer.
fn restore(bank: &Bank, pr: &Progress, path: &Path, ui: &mut dyn Prompter) -> Result<State> {
    let (mut answers, skipped) = progress::map_to_answers(bank, &pr.answers, path)?;
    progress::check_timings(bank, pr, path)?;
    answers.timings = pr.timings.clone();
    let mut state = State {
        answers,
        skipped,
        pos: 0,
    };
    // Never past the first question without an answer: a stale or edited
    // `position` must not finish a session early.
    let open = crate::ui::prompt::flow::first_open(bank, &state);
    state.pos = pr.position.min(open);
    if pr.position > open {
        ui.say(&format!(
            "(The file said to go on at question {}, but an earlier one has no answer yet: going on from there.)",
            pr.position.saturating_add(1)
        ))?;
    }
    Ok(state)
}

/// What is said when the only session is taken up: its result shown
/// again, or where it goes on.
fn continuing(catalog: &Catalog, pr: &Progress) -> String {
    let now = crate::clock::now_unix();
    if finished(catalog, pr) {
        format!(
            "Showing the result of {} again (finished {}).",
            pr.bank,
            when(&pr.updated_at, now)
        )
    } else {
        format!(
            "Continuing {} ({} of {} done, last answer {}).",
            pr.bank,
            pr.done,
            pr.questions,
            when(&pr.updated_at, now)
        )
    }
}

/// The question that lists several sessions to choose from, most recent
/// first (as `progress::list` gives them).
fn session_list(catalog: &Catalog, found: &[(PathBuf, Progress)]) -> Question {
    let now = crate::clock::now_unix();
    Question {
        progress: None,
        heading: Some("Sessions not yet closed, most recent first".into()),
        text: "Which one do you want to continue? (`securebase take --discard` deletes them.)"
            .into(),
        options: found
            .iter()
            .map(|(_, p)| {
                crate::sanitize::field(&if finished(catalog, p) {
                    format!(
                        "{} — all answered {}; the result is not saved yet",
                        p.bank,
                        when(&p.updated_at, now)
                    )
                } else {
                    format!(
                        "{} — {} of {} done, last answer {}",
                        p.bank,
                        p.done,
                        p.questions,
                        when(&p.updated_at, now)
                    )
                })
            })
            .collect(),
        first_number: 1,
        selected: 0,
        answered: None,
        skip: Skip::Never("Choose a session, or q to quit.".into()),
        can_back: false,
    }
}

/// Whether every question of a saved session was answered (it stopped at
/// the result screen): its position is past the last step.
fn finished(catalog: &Catalog, p: &Progress) -> bool {
    catalog
        .resolve(&p.bank_source)
        .map_or(p.done >= p.questions, |l| {
            p.position >= crate::ui::prompt::flow::steps(&l.bank).len()
        })
}

/// "3 minutes ago", from an RFC 3339 time (as it is, if unreadable).
fn when(rfc3339: &str, now: i64) -> String {
    crate::clock::parse_rfc3339(rfc3339)
        .map_or_else(|| rfc3339.to_string(), |t| crate::clock::ago(t, now))
}
