//! `history`: the results the user chose to keep, and deleting them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::Result;
use comfy_table::Cell;
use serde_json::json;

use crate::app::cli::TableOrJson;
use crate::app::config::Config;
use crate::bank::Catalog;
use crate::error::Error;
use crate::store::history::{self, Entry};
use crate::ui::term::{self, out};

pub fn run(
    cfg: &Config,
    catalog: &Catalog,
    delete: Option<&str>,
    delete_all: bool,
    yes: bool,
    format: TableOrJson,
) -> Result<()> {
    let dir = history::dir(cfg.data_dir.as_deref())?;
    let ctx = cfg.stdout_ctx();
    if let Some(id) = delete {
        let path = history::delete_in(&dir, id)?;
        out(&format!(
            "deleted {}\n",
            path.file_stem().unwrap_or_default().to_string_lossy()
        ))?;
        return Ok(());
    }
    if delete_all {
        let n = history::list_in(&dir)?.entries.len();
        if !yes {
            if !cfg.interactive() {
                return Err(Error::Usage(
                    "`history --delete-all` asks for confirmation on a terminal; pass --yes to delete every kept result without asking".into(),
                )
                .into());
            }
            let sure = dialoguer::Confirm::new()
                .with_prompt(format!(
                    "Delete all {n} kept results in {}? This cannot be undone",
                    dir.display()
                ))
                .default(false)
                .interact()?;
            if !sure {
                out("nothing deleted\n")?;
                return Ok(());
            }
        }
        let deleted = history::delete_all_in(&dir)?;
        out(&format!("deleted {deleted} kept results\n"))?;
        return Ok(());
    }

    let listing = history::list_in(&dir)?;
    for p in &listing.problems {
        anstream::eprintln!("securebase: warning: {}", term::sanitize(p));
    }
    let score = |e: &Entry, id: &str| {
        e.scored
            .dimensions
            .iter()
            .find(|d| d.id == id)
            .and_then(|d| d.score)
    };
    match format {
        TableOrJson::Json => {
            let v: Vec<_> = listing
                .entries
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
            out(&format!("{}\n", serde_json::to_string_pretty(&v)?))?;
        }
        TableOrJson::Table => {
            if listing.entries.is_empty() {
                out("No kept results. A result is kept only when you ask: answer yes after `securebase take`, or run `securebase report RESULT.json --keep`.\n")?;
                return Ok(());
            }
            let mut t = ctx.table();
            t.set_header([
                "id",
                "date",
                "questionnaire",
                "anxiety",
                "avoidance",
                "style",
            ]);
            let f = |v: Option<f64>| v.map_or_else(|| "–".into(), |v| format!("{v:.2}"));
            for e in &listing.entries {
                t.add_row([
                    Cell::new(&e.id),
                    Cell::new(date(e)),
                    Cell::new(&e.scored.bank.id),
                    Cell::new(f(score(e, "anxiety"))),
                    Cell::new(f(score(e, "avoidance"))),
                    Cell::new(crate::text::words::result_headline(&e.scored).1),
                ]);
            }
            crate::render::RenderCtx::keep_whole(&mut t, &[0, 2, 3, 4]);
            let mut s = format!("{t}\n");
            s.push_str(&trend(catalog, &listing.entries));
            term::print(&ctx, &term::sanitize(&s))?;
        }
    }
    Ok(())
}

/// When the answers were completed, else when the result was kept (from its id).
fn date(e: &Entry) -> String {
    e.scored.completed_at.clone().unwrap_or_else(|| {
        let id = e.id.as_bytes();
        if id.len() >= 16 && id[8] == b'T' && id[15] == b'Z' {
            let p = |r: std::ops::Range<usize>| &e.id[r];
            format!(
                "{}-{}-{}T{}:{}:{}Z",
                p(0..4),
                p(4..6),
                p(6..8),
                p(9..11),
                p(11..13),
                p(13..15)
            )
        } else {
            "date not recorded".into()
        }
    })
}

/// A sparkline per dimension, each score placed on its own bank's scale
/// (bottom = scale minimum, top = maximum).
fn trend(catalog: &Catalog, entries: &[Entry]) -> String {
    if entries.len() < 2 {
        return String::new();
    }
    let mut scales: BTreeMap<&str, Option<(i64, i64)>> = BTreeMap::new();
    for e in entries {
        scales.entry(e.scored.bank.id.as_str()).or_insert_with(|| {
            catalog
                .resolve(&e.scored.bank.id)
                .ok()
                .map(|l| (l.bank.scale.min, l.bank.scale.max))
        });
    }
    let mut s = "Trend, oldest → newest (low to high on each questionnaire's scale):\n".to_string();
    for dim in ["anxiety", "avoidance"] {
        let values: Vec<Option<f64>> = entries
            .iter()
            .map(|e| {
                let (lo, hi) = scales[e.scored.bank.id.as_str()]?;
                let v = e.scored.dimensions.iter().find(|d| d.id == dim)?.score?;
                Some((v - lo as f64) / ((hi - lo) as f64).max(1.0))
            })
            .collect();
        let _ = writeln!(
            s,
            "  {dim:<10} {}",
            crate::render::plot::sparkline(&values, 0.0, 1.0)
        );
    }
    s
}
