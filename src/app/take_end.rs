//! The end of `take`: the result screen's content and actions (save the
//! result, write the HTML report, keep it in the history), and the checks
//! that every file the run will write can be written, made before the
//! first question rather than after the last.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::answers::AnswerSet;
use crate::app::cli::TakeArgs as Opts;
use crate::app::config::Config;
use crate::bank::Bank;
use crate::error::Error;
use crate::render::RenderCtx;
use crate::scoring::result::ResultDoc;
use crate::scoring::score::Scorer;
use crate::ui::prompt::{End, Prompter, ResultView};
use crate::ui::term::sanitize;

/// Fails fast (73, with the fix) when `take` could not write what it was
/// asked to: the `--save` file, the progress files in the data directory,
/// the history for `--keep`. Checked before the welcome, so nobody answers
/// every question only to learn their result cannot be saved.
pub fn check_outputs(cfg: &Config, opts: &Opts) -> crate::Result<()> {
    if let Some(path) = &opts.save {
        crate::fs::check_new_file(path, opts.force)?;
    }
    if opts.demo {
        return Ok(());
    }
    let Some(data) = cfg.data_dir.as_deref() else {
        return Ok(());
    };
    let mut dirs = vec![data.join(crate::store::progress::DIR)];
    if opts.keep {
        dirs.push(data.join("history"));
    }
    for dir in dirs {
        if let Err(e) = probe_dir(&dir) {
            return Err(Error::CantCreate {
                path: dir,
                reason: format!(
                    "cannot write in the data folder ({}); set SECUREBASE_DATA_DIR to a folder \
                     you can write, or use --demo to write nothing",
                    e.kind()
                ),
            });
        }
    }
    Ok(())
}

/// Whether files can be created in `dir`, without creating it: a file is
/// made and removed in it, or in its nearest existing ancestor (where the
/// missing folders would be created).
fn probe_dir(dir: &Path) -> std::io::Result<()> {
    let existing = dir
        .ancestors()
        .find(|a| a.exists())
        .unwrap_or(Path::new("."));
    if !existing.is_dir() {
        return Err(std::io::Error::from(std::io::ErrorKind::NotADirectory));
    }
    tempfile::NamedTempFile::new_in(existing).map(drop)
}

/// How the end went, for `take` to finish with.
pub enum Finish {
    /// Left with `q`: nothing more to keep.
    Done,
    /// Left, but `--save` could not be written: the progress stays.
    SaveFailed(String),
    Interrupted,
}

/// Scores the answers and shows the result screen until the person is done.
pub fn finish(
    cfg: &Config,
    bank: &Bank,
    answers: &AnswerSet,
    opts: &Opts,
    ui: &mut dyn Prompter,
) -> Result<Finish> {
    let scores = Scorer::new(bank).score(answers);
    let completed = crate::clock::format_unix(crate::clock::now_unix());
    let scored = crate::text::explain::assemble(bank, answers, scores, Some(completed));
    let json = serde_json::to_string_pretty(&scored)? + "\n";
    let mut view = EndScreen {
        cfg,
        bank,
        scored,
        json,
        demo: opts.demo,
        saved: None,
        report: None,
        kept: None,
        notes: Vec::new(),
    };
    let mut save_failed = None;
    // The non-interactive twins: the flags act before the screen opens,
    // and the screen still offers the rest (keep after --save, …).
    if let Some(path) = &opts.save {
        match crate::fs::write_private(path, view.json.as_bytes(), opts.force) {
            Ok(()) => {
                view.notes.push(format!(
                    "Saved to {} (readable only by you).",
                    view.shown(path)
                ));
                view.saved = Some(path.clone());
            }
            Err(e) => {
                let msg = sanitize(&e.to_string());
                view.notes.push(format!("Not saved: {msg}"));
                save_failed = Some(msg);
            }
        }
    }
    if opts.keep && !opts.demo {
        let msg = view.act('k', None).unwrap_or_else(|e| e);
        view.notes.push(msg);
    }
    Ok(match ui.result(&mut view)? {
        End::Interrupted => Finish::Interrupted,
        End::Done => match save_failed {
            Some(m) if view.saved.is_none() => Finish::SaveFailed(m),
            _ => Finish::Done,
        },
    })
}

/// The result screen of one finished session.
struct EndScreen<'a> {
    cfg: &'a Config,
    bank: &'a Bank,
    scored: ResultDoc,
    json: String,
    demo: bool,
    saved: Option<PathBuf>,
    report: Option<PathBuf>,
    kept: Option<String>,
    notes: Vec<String>,
}

impl EndScreen<'_> {
    fn ctx(&self, width: usize) -> RenderCtx {
        RenderCtx::new(Some(width), self.cfg.utf8)
    }

    fn shown(&self, path: &Path) -> String {
        crate::fs::display_home(path, self.cfg.home.as_deref())
    }

    /// `<bank>-<date>.<ext>` in the working folder, numbered when taken.
    fn suggested(&self, ext: &str) -> String {
        let date = crate::clock::format_unix(crate::clock::now_unix());
        let base = format!("{}-{}", self.bank.id, &date[..10]);
        (1..1000)
            .map(|n| {
                if n == 1 {
                    format!("{base}.{ext}")
                } else {
                    format!("{base}-{n}.{ext}")
                }
            })
            .find(|name| !Path::new(name).exists())
            .unwrap_or_default()
    }

    fn write(&self, typed: &str, bytes: &[u8]) -> Result<PathBuf, String> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Err("No file name given: nothing written.".into());
        }
        let path = crate::fs::expand_tilde(typed, self.cfg.home.as_deref());
        crate::fs::write_new_file(&path, bytes, false)
            .map(|()| path)
            .map_err(|e| sanitize(&e.to_string()))
    }
}

impl ResultView for EndScreen<'_> {
    fn screen(&self, width: usize, height: usize, footer: &[String]) -> Option<Vec<String>> {
        crate::render::screen::result_screen(
            &self.ctx(width),
            height,
            self.bank,
            &self.scored,
            footer,
        )
    }

    fn full_text(&self, width: usize) -> String {
        let ctx = self.ctx(width);
        let scale = (self.bank.scale.min, self.bank.scale.max);
        let plot = crate::render::plot::plot_for(&self.scored, scale, &ctx);
        let table =
            crate::render::table::table(&ctx, self.bank, &self.scored, true, plot.as_deref());
        ctx.finish(&ctx.wrap(&table)).into_owned()
    }

    fn actions(&self) -> Vec<(char, String)> {
        if self.demo {
            return Vec::new();
        }
        vec![
            ('r', "HTML report".into()),
            ('s', "save".into()),
            ('k', "keep".into()),
        ]
    }

    fn asks_name(&self, key: char) -> Option<(String, String)> {
        match key {
            's' => Some(("Save the result (JSON) as: ".into(), self.suggested("json"))),
            'r' => Some(("Write the HTML report to: ".into(), self.suggested("html"))),
            _ => None,
        }
    }

    fn act(&mut self, key: char, name: Option<&str>) -> Result<String, String> {
        match key {
            's' => {
                let path = self.write(name.unwrap_or_default(), self.json.as_bytes())?;
                let msg = format!("Saved to {} (readable only by you).", self.shown(&path));
                self.saved = Some(path);
                Ok(msg)
            }
            'r' => {
                let scale = (self.bank.scale.min, self.bank.scale.max);
                let page = crate::render::html::html(&self.scored, scale);
                let path = self.write(name.unwrap_or_default(), page.as_bytes())?;
                let msg = format!(
                    "Wrote the report to {} (readable only by you): open it in a web browser.",
                    self.shown(&path)
                );
                self.report = Some(path);
                Ok(msg)
            }
            'k' => {
                if let Some(id) = &self.kept {
                    return Ok(format!("Already kept in your history as {id}."));
                }
                let kept =
                    crate::store::history::keep_once(self.cfg.data_dir.as_deref(), &self.scored)
                        .map_err(|e| sanitize(&e.to_string()))?;
                let id = kept
                    .path
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                let msg = format!("Kept in your history as {id} (see `securebase history`).");
                self.kept = Some(id);
                Ok(msg)
            }
            _ => Err(format!("{key} does nothing here.")),
        }
    }

    fn opening(&self) -> Vec<String> {
        self.notes.clone()
    }

    fn closing(&self) -> String {
        if self.demo {
            return "Demo mode: nothing was saved.".into();
        }
        let mut done = Vec::new();
        if let Some(p) = &self.saved {
            done.push(format!("saved to {}", self.shown(p)));
        }
        if let Some(p) = &self.report {
            done.push(format!("report in {}", self.shown(p)));
        }
        if let Some(id) = &self.kept {
            done.push(format!("kept as {id}"));
        }
        if done.is_empty() {
            "Done. The result was not saved or kept.".into()
        } else {
            format!("Done: {}.", done.join("; "))
        }
    }
}
