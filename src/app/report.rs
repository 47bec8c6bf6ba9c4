//! `report`: a saved result as an HTML page or Markdown; reading result files.

use std::path::Path;

use anyhow::{Context as _, Result};

use crate::app::config::Config;
use crate::bank::Catalog;
use crate::error::Error;
use crate::render::RenderCtx;
use crate::scoring::result::{ResultDoc, SCHEMA};
use crate::ui::term::print;

/// Reads a result file (`securebase.result/1`), naming the file in every error.
pub(crate) fn read_result(path: &Path) -> crate::Result<ResultDoc> {
    let text = crate::fs::read_limited(path)?;
    let scored: ResultDoc = serde_json::from_str(&text).map_err(|e| {
        Error::InvalidAnswers(format!(
            "{}: line {}, column {}: not a securebase result ({e}); give a file written by `securebase score --format json` or kept in the history",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    if scored.schema != SCHEMA {
        return Err(Error::InvalidAnswers(format!(
            "{}: the result format is `{}`, this securebase reads `{SCHEMA}`",
            path.display(),
            crate::ui::term::sanitize(&scored.schema)
        )));
    }
    Ok(scored)
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
    let loaded = catalog.resolve(id).with_context(|| {
        format!(
            "{}: the result was scored with the questionnaire `{id}`, which is not available here; put its bank file in <data dir>/questionnaires",
            file.display()
        )
    })?;
    Ok((loaded.bank.scale.min, loaded.bank.scale.max))
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
    let scored = read_result(result)?;
    let scale = bank_scale(catalog, &scored, result)?;
    if let Some(path) = html {
        let page = crate::render::html::html(&scored, scale);
        crate::fs::write_private(path, page.as_bytes(), force)?;
        anstream::eprintln!("wrote {}", path.display());
    }
    if markdown || html.is_none() {
        // A Markdown file is read in an editor or a viewer, not at this
        // terminal's width: the plot keeps its full width.
        let ctx = RenderCtx::new(Some(crate::render::plot::MAX_WIDTH), cfg.utf8);
        let text = crate::render::html::markdown(&scored, scale, &ctx);
        print(&ctx, &crate::ui::term::sanitize(&text))?;
    }
    if keep {
        let path = crate::store::history::keep(cfg.data_dir.as_deref(), &scored)?;
        anstream::eprintln!(
            "kept in your history as {} (delete it with `securebase history --delete {}`)",
            path.display(),
            path.file_stem().unwrap_or_default().to_string_lossy()
        );
    }
    Ok(())
}
