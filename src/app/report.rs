//! `report`: a saved result as an HTML page or Markdown; reading result files.

use std::path::Path;

use anyhow::{Context as _, Result};

use crate::app::config::Config;
use crate::bank::Catalog;
use crate::error::Error;
use crate::render::RenderCtx;
use crate::scoring::result::ResultDoc;
use crate::ui::term::print;

/// Reads a result file (`securebase.result/2`, or `/1` converted), naming
/// the file in every error; checked as [`crate::store::result_file::read`]
/// checks it. A converted result gets today's explanation (the old one's
/// words are not shown again); the bank's scale, which the conversion of a
/// paragraph bank's result needs, comes from the catalog by id.
pub(crate) fn read_result(catalog: &Catalog, path: &Path) -> crate::Result<ResultDoc> {
    let text = crate::fs::read_limited(path)?;
    if let Some(kind) = not_a_result(&text) {
        let p = path.display();
        let fix = if kind == "an answer file" {
            format!("make a result from it with `securebase score {p} --format json > result.json` and give that file")
        } else {
            format!("a result is one person's: `securebase score {p} --bank ID --format jsonl` scores everyone, one result a line; save one line as a .json file and give that")
        };
        return Err(Error::InvalidAnswers(format!(
            "{p}: this is {kind}, not a result; {fix}"
        )));
    }
    let mut scored = crate::store::result_file::parse(path, &text, |id| {
        catalog
            .by_id(id)
            .ok()
            .map(|l| (l.bank.scale.min, l.bank.scale.max))
    })?;
    if scored
        .explanation
        .sections
        .iter()
        .any(|s| s.id == "v1-text")
    {
        scored.explanation = crate::text::explain::explanation(&scored);
    }
    Ok(scored)
}

/// What a file given where a result belongs is instead, when it is an
/// answer file ("an answer file", "a JSON Lines study", "a CSV study"),
/// so the message can say so rather than quote the JSON parser.
fn not_a_result(text: &str) -> Option<&'static str> {
    let first = text.trim_start();
    if !first.starts_with('{') {
        let line = first.lines().next().unwrap_or_default();
        return (line.contains(',') && !line.contains('{')).then_some("a CSV study");
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => {
            (v.get("schema").is_none() && v.get("answers").is_some()).then_some("an answer file")
        }
        // Several JSON objects, one a line.
        Err(_) => {
            let mut lines = text.lines().filter(|l| !l.trim().is_empty());
            let is_answers = |l: Option<&str>| {
                l.and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                    .is_some_and(|v| v.get("answers").is_some())
            };
            (is_answers(lines.next()) && is_answers(lines.next())).then_some("a JSON Lines study")
        }
    }
}

/// The response scale of the bank a result was scored with.
pub(crate) fn bank_scale(catalog: &Catalog, scored: &ResultDoc, file: &Path) -> Result<(i64, i64)> {
    let id = &scored.bank.id;
    if !crate::bank::is_slug(id) {
        return Err(Error::InvalidAnswers(format!(
            "{}: the result names the questionnaire `{}`, which is not a valid bank id (lowercase letters, digits and `-`)",
            file.display(),
            crate::ui::term::sanitize(id)
        ))
        .into());
    }
    let loaded = catalog.by_id(id).with_context(|| {
        format!(
            "{}: the result was scored with the questionnaire `{id}`, which is not available here; put its bank file in <data dir>/questionnaires",
            file.display()
        )
    })?;
    let scale = (loaded.bank.scale.min, loaded.bank.scale.max);
    crate::scoring::check::on_scale(scored, scale)
        .map_err(|why| Error::InvalidAnswers(format!("{}: {why}", file.display())))?;
    Ok(scale)
}

/// What `report` was asked to do.
pub struct Options<'a> {
    pub html: Option<&'a Path>,
    pub markdown: bool,
    pub force: bool,
    pub keep: bool,
}

pub fn run(cfg: &Config, catalog: &Catalog, result: &Path, o: &Options<'_>) -> Result<()> {
    let Options {
        html,
        markdown,
        force,
        keep,
    } = *o;
    let scored = read_result(catalog, result)?;
    let scale = bank_scale(catalog, &scored, result)?;
    if let Some(path) = html {
        let page = crate::render::html::html(&scored, scale);
        crate::fs::write_new_file(path, page.as_bytes(), force)?;
        crate::ui::term::note(&crate::sanitize::text(&format!("wrote {}", path.display())));
    }
    if markdown || html.is_none() {
        // A Markdown file is read in an editor or a viewer, not at this
        // terminal's width: the plot keeps its full width.
        let ctx = RenderCtx::new(Some(crate::render::plot::MAX_WIDTH), cfg.utf8);
        let text = crate::render::markdown::markdown(&scored, scale, &ctx);
        print(&ctx, &crate::ui::term::sanitize(&text))?;
    }
    if keep {
        let kept = crate::store::history::keep_once(cfg.data_dir.as_deref(), &scored)?;
        let id = kept.path.file_stem().unwrap_or_default().to_string_lossy();
        if kept.already {
            crate::ui::term::note(&crate::sanitize::text(&format!(
                "already kept in your history as {id}: nothing new was written"
            )));
        } else {
            crate::ui::term::note(&crate::sanitize::text(&format!(
                "kept in your history as {id} (see `securebase history`; delete it with `securebase history --delete {id}`)"
            )));
        }
    }
    Ok(())
}
