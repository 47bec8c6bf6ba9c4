//! `take`: a questionnaire in the terminal. Checks for a terminal first,
//! shows the welcome, runs the [`Flow`](crate::ui::prompt::flow::Flow) with the
//! tty or plain prompter, saves progress after every answer, and ends with
//! the result and the offer to save it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};

use crate::app::cli::TakeArgs as Opts;
use crate::app::config::Config;
use crate::app::take_end::{self, Finish};
use crate::bank::{Bank, Catalog, Origin, DEFAULT_BANK};
use crate::error::{exit, Error};
use crate::store::progress::{self, Progress};
use crate::ui::prompt::flow::{Flow, Outcome, State};
use crate::ui::prompt::{plain::Plain, tty::Tty, Prompter, Question, Reply, Skip, Welcome};

/// Seconds per question used for the welcome screen's time estimate.
pub const SECONDS_PER_QUESTION: usize = 8;

/// What the Ctrl-C handler prints before exiting 130; kept current as the
/// session goes (nothing saved yet / saved in … / demo).
static INTERRUPT_NOTE: Mutex<String> = Mutex::new(String::new());

fn set_note(note: String) {
    if let Ok(mut n) = INTERRUPT_NOTE.lock() {
        *n = note;
    }
}

fn interrupt_note() -> String {
    INTERRUPT_NOTE.lock().map(|n| n.clone()).unwrap_or_default()
}

/// The terminal's settings before `take` changed anything, for the signal
/// handler to put back (a key prompt holds the terminal in raw mode).
static TERMINAL: std::sync::OnceLock<rustix::termios::Termios> = std::sync::OnceLock::new();

/// The last signal received (0: none yet).
static LAST_SIGNAL: std::sync::LazyLock<std::sync::Arc<std::sync::atomic::AtomicUsize>> =
    std::sync::LazyLock::new(Default::default);

/// The exit code for a session stopped by Ctrl-C or a signal: 128 + the
/// signal (a key prompt sees any of them as an interrupted read).
fn interrupted_code() -> u8 {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    match LAST_SIGNAL.load(std::sync::atomic::Ordering::SeqCst) {
        s if s == SIGHUP as usize => exit::HANGUP,
        s if s == SIGTERM as usize => exit::TERMINATED,
        _ => exit::INTERRUPTED,
    }
}

/// Ctrl-C outside a key prompt (plain mode, the save question), a hangup
/// (the terminal closed) or a request to stop (`kill`) arrive as signals:
/// put the terminal back as it was (out of raw mode, cursor shown), say
/// what was kept, and exit 128 + the signal (130, 129, 143). Progress was
/// already saved after the last answer.
fn install_signal_handlers() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    if let Ok(t) = rustix::termios::tcgetattr(std::io::stdin()) {
        let _ = TERMINAL.set(t);
    }
    for sig in [SIGINT, SIGTERM, SIGHUP] {
        // Set inside the signal handler itself, so it is already set when
        // a key prompt wakes up from its interrupted read.
        let _ = signal_hook::flag::register_usize(
            sig,
            std::sync::Arc::clone(&LAST_SIGNAL),
            sig as usize,
        );
    }
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        for sig in signals.forever() {
            if sig == SIGINT
                && crate::ui::prompt::pager::PAGER_RUNNING.load(std::sync::atomic::Ordering::SeqCst)
            {
                // Ctrl-C in an external pager is the pager's.
                continue;
            }
            if let Some(t) = TERMINAL.get() {
                let _ = rustix::termios::tcsetattr(
                    std::io::stdin(),
                    rustix::termios::OptionalActions::Now,
                    t,
                );
            }
            let _ = console::Term::stderr().show_cursor();
            crate::ui::term::note(&format!("\n{}", interrupt_note()));
            LAST_SIGNAL.store(sig as usize, std::sync::atomic::Ordering::SeqCst);
            std::process::exit(i32::from(interrupted_code()));
        }
    });
}

const RESUME_HINT: &str = "continue with `securebase take --resume`";

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
        Outcome::Finished => {
            let kept = session.path.as_deref().filter(|p| p.exists());
            set_note(match kept {
                Some(p) => format!(
                    "Stopped. Your answers are kept in {}; `securebase take --resume` shows this \
                     result again.",
                    shown(cfg, p)
                ),
                None => "Stopped.".into(),
            });
            match take_end::finish(cfg, &bank, &flow.state.answers, opts, ui.as_mut())? {
                Finish::Done => {
                    // Progress goes only with a complete result: every
                    // question answered, skipped or not applying.
                    if crate::ui::prompt::flow::first_open(&bank, &flow.state)
                        == crate::ui::prompt::flow::steps(&bank).len()
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
        Outcome::Quit => {
            let msg = match &session.path {
                _ if opts.demo => "Demo ended; nothing was saved.".to_string(),
                Some(p) if p.exists() => format!(
                    "Progress kept ({} of {} questions done) in {}; {RESUME_HINT}.",
                    flow.state.done(),
                    bank.question_count(),
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
        Outcome::Interrupted => {
            ui.say(&interrupt_note())?;
            Err(Error::Reported(interrupted_code()).into())
        }
    }
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

/// A new session: load the bank, show the welcome.
fn start(
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

/// `--resume`: choose an unfinished session and rebuild its state.
fn resume(
    cfg: &Config,
    catalog: &Catalog,
    opts: &Opts,
    ui: &mut dyn Prompter,
) -> Result<Option<Session>> {
    let dir = progress::dir(cfg.data_dir.as_deref()).ok_or_else(|| {
        Error::Usage("there is no data folder, so there is nothing to resume".into())
    })?;
    let listing = progress::list(&dir);
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
    let (path, pr) = match found.len() {
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
            let now = crate::clock::now_unix();
            ui.say(&crate::sanitize::field(&if finished(catalog, &pr) {
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
            }))?;
            (path, pr)
        }
        _ => {
            let now = crate::clock::now_unix();
            let q = Question {
                progress: None,
                heading: Some("Sessions not yet closed, most recent first".into()),
                text:
                    "Which one do you want to continue? (`securebase take --discard` deletes them.)"
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
            };
            match ui.ask(&q)? {
                Reply::Pick(i) => found.swap_remove(i),
                Reply::Interrupt => return Err(Error::Reported(interrupted_code()).into()),
                _ => return Ok(None),
            }
        }
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
    let (mut answers, skipped) = progress::map_to_answers(&bank, &pr.answers, &path)?;
    progress::check_timings(&bank, &pr, &path)?;
    answers.timings = pr.timings;
    let mut state = State {
        answers,
        skipped,
        pos: 0,
    };
    // Never past the first question without an answer: a stale or edited
    // `position` must not finish a session early.
    let open = crate::ui::prompt::flow::first_open(&bank, &state);
    state.pos = pr.position.min(open);
    if pr.position > open {
        ui.say(&format!(
            "(The file said to go on at question {}, but an earlier one has no answer yet: going on from there.)",
            pr.position.saturating_add(1)
        ))?;
    }
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
