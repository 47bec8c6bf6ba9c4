//! `take`: a questionnaire in the terminal. Checks for a terminal first,
//! shows the welcome, runs the [`Flow`](crate::ui::prompt::flow::Flow) with the
//! tty or plain prompter, saves progress after every answer, and ends with
//! the result and the offer to save it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};

use crate::answers::AnswerSet;
use crate::app::cli::TakeArgs as Opts;
use crate::app::config::Config;
use crate::bank::{Bank, Catalog, Origin, DEFAULT_BANK};
use crate::error::{exit, Error};
use crate::render::plot;
use crate::render::table as render;
use crate::scoring::score::Scorer;
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

/// Ctrl-C outside a key prompt (plain mode, the save question) arrives as
/// a signal: restore the cursor, say what was kept, exit 130. Progress was
/// already saved after the last answer.
fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        let _ = console::Term::stderr().show_cursor();
        eprintln!("\n{}", interrupt_note());
        std::process::exit(i32::from(exit::INTERRUPTED));
    });
}

const RESUME_HINT: &str = "continue with `securebase take --resume`";

pub fn take(cfg: &Config, catalog: &Catalog, opts: &Opts) -> Result<()> {
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
    let mut ui: Box<dyn Prompter> = if plain {
        Box::new(Plain::stdin())
    } else {
        Box::new(Tty::new(cfg.utf8))
    };
    install_interrupt_handler();

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
            finish(cfg, &bank, &flow.state.answers, opts, ui.as_mut())?;
            if let Some(p) = &session.path {
                let _ = std::fs::remove_file(p);
            }
            Ok(())
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
                _ => "Stopped before the first answer; nothing was saved.".to_string(),
            };
            ui.say(&msg)?;
            Ok(())
        }
        Outcome::Interrupted => {
            ui.say(&interrupt_note())?;
            Err(Error::Reported(exit::INTERRUPTED).into())
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
    started_at: String,
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
    let path = if opts.demo {
        None
    } else {
        progress::dir(cfg.data_dir.as_deref()).map(|d| progress::new_path(&d, &bank.id))
    };
    set_note(if opts.demo {
        "Stopped. Demo mode: nothing was saved.".into()
    } else {
        "Stopped before the first answer; nothing was saved.".into()
    });
    match ui.welcome(&welcome(&bank, opts.demo, path.as_deref()))? {
        Reply::Pick(_) => {}
        Reply::Interrupt => {
            ui.say(&interrupt_note())?;
            return Err(Error::Reported(exit::INTERRUPTED).into());
        }
        _ => return Ok(None),
    }
    Ok(Some(Session {
        bank_source: source_of(&loaded),
        state: State::new(&bank),
        bank,
        path,
        started_at: crate::clock::format_unix(crate::clock::now_unix()),
    }))
}

/// The welcome screen: what this is and is not, how long, how to answer,
/// the keys, and where anything is written.
fn welcome(bank: &Bank, demo: bool, path: Option<&Path>) -> Welcome {
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
    let (lo, hi) = (bank.scale.min, bank.scale.max);
    let label = |v| {
        bank.scale
            .labels
            .get(&v)
            .map(|l| format!(" ({l})"))
            .unwrap_or_default()
    };
    p.push(format!(
        "Answer each question from {lo}{} to {hi}{}. Keys: ↑/↓ or j/k move, Enter answers, \
         {lo}-{hi} answer at once, b or Esc goes back, s skips (a few per part), q quits keeping \
         your progress.",
        label(lo),
        label(hi)
    ));
    p.push(match (demo, path) {
        (true, _) => "Demo mode: nothing is written to disk. Nothing leaves this machine.".into(),
        (false, Some(path)) => format!(
            "Your progress is saved after every answer in {} (readable only by you), so you can \
             stop at any time and {RESUME_HINT}. Nothing leaves this machine.",
            path.display()
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
    let (mut found, unreadable) = progress::list(&dir);
    for p in &unreadable {
        ui.say(&format!(
            "(Ignoring {}: not a readable progress file.)",
            p.display()
        ))?;
    }
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
            ui.say(&format!(
                "Continuing {} ({} of {} done, started {}).",
                pr.bank, pr.done, pr.questions, pr.started_at
            ))?;
            (path, pr)
        }
        _ => {
            let q = Question {
                progress: None,
                heading: Some("Unfinished sessions, most recent first".into()),
                text: "Which one do you want to continue?".into(),
                options: found
                    .iter()
                    .map(|(_, p)| {
                        format!(
                            "{} — {} of {} done, started {}",
                            p.bank, p.done, p.questions, p.started_at
                        )
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
                Reply::Interrupt => return Err(Error::Reported(exit::INTERRUPTED).into()),
                _ => return Ok(None),
            }
        }
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
    answers.timings = pr.timings;
    let steps = crate::ui::prompt::flow::steps(&bank).len();
    set_note(format!(
        "Stopped. Your answers so far are saved in {}; {RESUME_HINT}.",
        path.display()
    ));
    Ok(Some(Session {
        state: State {
            answers,
            skipped,
            pos: pr.position.min(steps),
        },
        bank,
        bank_source: pr.bank_source,
        path: Some(path),
        started_at: pr.started_at,
    }))
}

/// The end of a run: the answers (until scoring lands: a compact list),
/// then, unless in demo mode, the result saved to `--save` or offered.
fn finish(
    cfg: &Config,
    bank: &Bank,
    answers: &AnswerSet,
    opts: &Opts,
    ui: &mut dyn Prompter,
) -> Result<()> {
    let scores = Scorer::new(bank).score(answers);
    let completed = crate::clock::format_unix(crate::clock::now_unix());
    let scored = crate::text::explain::assemble(bank, answers, scores, Some(completed));
    let ctx = cfg.stdout_ctx();
    let plot = plot::plot_for(&scored, (bank.scale.min, bank.scale.max), &ctx);
    let table = render::table(&ctx, bank, &scored, true, plot.as_deref());
    let summary = ctx.wrap(&render::summary(bank, &scored, plot.is_some()));
    crate::ui::term::print(&ctx, &format!("{table}\n{summary}\n\n"))?;
    if opts.demo {
        ui.say("Demo mode: nothing was saved.")?;
        return Ok(());
    }
    // With --save the run is scripted: the flags answer both questions.
    let bytes = serde_json::to_string_pretty(&scored)? + "\n";
    let keep = if let Some(path) = &opts.save {
        crate::fs::write_private(path, bytes.as_bytes(), opts.force)?;
        ui.say(&format!(
            "Saved to {} (readable only by you).",
            path.display()
        ))?;
        opts.keep
    } else {
        offer_save(&bytes, ui)?;
        opts.keep
            || ui
                .line("Keep this result in your history, to compare later (`securebase history`)? [y/N] ")?
                .is_some_and(|k| matches!(k.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
    };
    if keep {
        let path = crate::store::history::keep(cfg.data_dir.as_deref(), &scored)?;
        ui.say(&format!(
            "Kept as {} (readable only by you).",
            path.display()
        ))?;
    }
    Ok(())
}

/// Asks for a file name until the result is saved or the person declines.
fn offer_save(bytes: &str, ui: &mut dyn Prompter) -> Result<()> {
    loop {
        let Some(name) =
            ui.line("To save the result, type a file name (or just Enter to skip): ")?
        else {
            return Ok(());
        };
        let name = name.trim();
        if name.is_empty() {
            ui.say("Not saved.")?;
            return Ok(());
        }
        match crate::fs::write_private(Path::new(name), bytes.as_bytes(), false) {
            Ok(()) => {
                ui.say(&format!("Saved to {name} (readable only by you)."))?;
                return Ok(());
            }
            Err(e) => ui.say(&crate::ui::term::sanitize(&e.to_string()))?,
        }
    }
}
