//! `history`: the results the user chose to keep, and deleting them.

use std::path::Path;

use anyhow::Result;
use serde_json::json;

use crate::app::cli::TableOrJson;
use crate::app::config::Config;
use crate::bank::Catalog;
use crate::error::Error;
use crate::store::history::{self, Entry};
use crate::ui::term::{self, out};

/// `history`: delete one kept result, delete them all (after asking, on a
/// terminal), or list them as a table with trends or as JSON.
pub fn run(
    cfg: &Config,
    catalog: &Catalog,
    delete: Option<&str>,
    delete_all: bool,
    yes: bool,
    format: TableOrJson,
) -> Result<()> {
    let dir = history::dir(cfg.data_dir.as_deref())?;
    if let Some(id) = delete {
        let path = history::delete_in(&dir, id)?;
        out(&format!(
            "deleted {}\n",
            path.file_stem().unwrap_or_default().to_string_lossy()
        ))?;
        return Ok(());
    }
    if delete_all {
        return delete_every(cfg, &dir, yes);
    }
    let listing = history::list_in(&dir)?;
    for p in &listing.problems {
        term::note(&format!("securebase: warning: {}", term::sanitize(p)));
    }
    match format {
        TableOrJson::Json => list_json(&listing.entries),
        TableOrJson::Table => list_table(cfg, catalog, &listing.entries),
    }
}

/// `--delete-all`: asks first on a terminal (never without one: `--yes`
/// says it in a script), then says what was deleted.
fn delete_every(cfg: &Config, dir: &Path, yes: bool) -> Result<()> {
    let found = history::inventory(dir);
    if !yes {
        if !cfg.interactive() {
            return Err(Error::Usage(
                "`history --delete-all` asks for confirmation on a terminal; pass --yes to delete every kept result without asking".into(),
            )
            .into());
        }
        let sure = dialoguer::Confirm::new()
            .with_prompt(crate::sanitize::text(&format!(
                "Delete all {} files in {} ({})? This cannot be undone",
                found.total(),
                dir.display(),
                found.describe()
            )))
            .default(false)
            .interact()?;
        if !sure {
            out("nothing deleted\n")?;
            return Ok(());
        }
    }
    let deleted = history::delete_all_in(dir)?;
    out(&format!(
        "deleted {} file{}: {}\n",
        deleted.total(),
        if deleted.total() == 1 { "" } else { "s" },
        deleted.describe()
    ))?;
    Ok(())
}

/// A dimension's score in a kept result, if it has one.
fn score(e: &Entry, id: &str) -> Option<f64> {
    e.scored
        .dimensions
        .iter()
        .find(|d| d.id == id)
        .and_then(|d| d.score)
}

/// `--format json`: one object a kept result, for scripts.
fn list_json(entries: &[Entry]) -> Result<()> {
    let v: Vec<_> = entries
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "date": date(e),
                "bank": e.scored.bank.id,
                "respondent": e.scored.respondent,
                "anxiety": score(e, "anxiety"),
                "avoidance": score(e, "avoidance"),
                "style": e.scored.style.as_ref().and_then(|s| s.id),
                "candidates": e.scored.style.as_ref().map(|s| &s.candidates),
                "file": e.path.display().to_string(),
            })
        })
        .collect();
    out(&format!(
        "{}\n",
        crate::sanitize::json(&serde_json::to_string_pretty(&v)?)
    ))?;
    Ok(())
}

/// The table people read: a row a kept result, then a trend per
/// questionnaire; a sentence on how to keep one when there is none.
fn list_table(cfg: &Config, catalog: &Catalog, entries: &[Entry]) -> Result<()> {
    let ctx = cfg.stdout_ctx();
    if entries.is_empty() {
        out("No kept results. A result is kept only when you ask: answer yes after `securebase take`, or run `securebase report RESULT.json --keep`.\n")?;
        return Ok(());
    }
    let rows: Vec<crate::render::history::Row> = entries
        .iter()
        .map(|e| {
            let (date, kept_time) = when(e);
            crate::render::history::Row {
                id: e.id.clone(),
                date,
                kept_time,
                bank: e.scored.bank.id.clone(),
                anxiety: score(e, "anxiety"),
                avoidance: score(e, "avoidance"),
                style: crate::text::words::result_headline(&e.scored).1,
            }
        })
        .collect();
    let s = crate::render::history::history(&ctx, &rows, &trends(catalog, entries));
    term::print(&ctx, &term::sanitize(&s))?;
    Ok(())
}

/// When the answers were completed, else when the result was kept (from
/// its id, `<stamp>-<bank>`, read with the one stamp parser).
fn date(e: &Entry) -> String {
    e.scored.completed_at.clone().unwrap_or_else(|| {
        crate::clock::parse_stamp(&e.id)
            .map_or_else(|| "date not recorded".into(), crate::clock::format_unix)
    })
}

/// The date a person reads, `YYYY-MM-DD HH:MM` (UTC): when the answers
/// were completed, else when the result was kept (from its id), with a
/// flag saying it is the latter.
fn when(e: &Entry) -> (String, bool) {
    let short = |secs: i64| {
        let t = crate::clock::format_unix(secs);
        format!("{} {}", &t[..10], &t[11..16])
    };
    if let Some(t) = e
        .scored
        .completed_at
        .as_deref()
        .and_then(crate::clock::parse_rfc3339)
    {
        return (short(t), false);
    }
    let d = date(e);
    match crate::clock::parse_rfc3339(&d) {
        Some(t) => (short(t), true),
        None => (d, true),
    }
}

/// One trend per questionnaire with two results or more: each score placed
/// on that questionnaire's own scale (bottom = minimum, top = maximum), so
/// results of different questionnaires are never drawn as one line.
fn trends(catalog: &Catalog, entries: &[Entry]) -> Vec<crate::render::history::Trend> {
    let mut banks: Vec<&str> = Vec::new();
    for e in entries {
        if !banks.contains(&e.scored.bank.id.as_str()) {
            banks.push(&e.scored.bank.id);
        }
    }
    banks
        .into_iter()
        .filter_map(|bank| {
            let of: Vec<&Entry> = entries
                .iter()
                .filter(|e| e.scored.bank.id == bank)
                .collect();
            if of.len() < 2 {
                return None;
            }
            let (lo, hi) = catalog
                .resolve(bank)
                .ok()
                .map(|l| (l.bank.scale.min, l.bank.scale.max))?;
            let series = ["anxiety", "avoidance"]
                .into_iter()
                .map(|dim| {
                    let values = of
                        .iter()
                        .map(|e| {
                            let v = e.scored.dimensions.iter().find(|d| d.id == dim)?.score?;
                            Some((v - lo as f64) / ((hi - lo) as f64).max(1.0))
                        })
                        .collect();
                    (dim.to_string(), values)
                })
                .collect();
            Some(crate::render::history::Trend {
                bank: bank.to_string(),
                series,
            })
        })
        .collect()
}
