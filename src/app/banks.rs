//! `list`, `show` and `validate`: looking at questionnaires.

use std::path::PathBuf;

use anyhow::Result;
use serde_json::json;

use crate::app::cli::TableOrJson;
use crate::app::config::Config;
use crate::bank::{self, Catalog};
use crate::error::{exit, Error};
use crate::ui::term::{self, out, print};

pub fn list(cfg: &Config, catalog: &Catalog, format: TableOrJson) -> Result<()> {
    let ctx = cfg.stdout_ctx();
    // One broken bank file must not hide the others: list what loads,
    // report the rest, and exit 65 at the end.
    let (all, problems) = catalog.all_lenient();
    match format {
        TableOrJson::Json => {
            let v: Vec<_> = all
                .iter()
                .map(|l| {
                    json!({
                        "id": l.bank.id, "title": l.bank.title, "version": l.bank.version,
                        "language": l.bank.language, "validated": l.bank.validated,
                        "items": l.bank.items.len(), "questions": l.bank.question_count(),
                        "dimensions": l.bank.dimensions.iter().map(|d| &d.id).collect::<Vec<_>>(),
                        "targets": l.bank.targets.iter().map(|t| &t.id).collect::<Vec<_>>(),
                        "origin": l.origin.to_string(),
                    })
                })
                .collect();
            out(&format!(
                "{}\n",
                crate::sanitize::json(&serde_json::to_string_pretty(&v)?)
            ))?;
        }
        TableOrJson::Table => {
            print(
                &ctx,
                &format!("{}\n", crate::render::banks::list(&ctx, &all)),
            )?;
        }
    }
    for p in &problems {
        crate::ui::term::note(&format!(
            "securebase: error: {}",
            term::sanitize(&p.to_string())
        ));
    }
    match problems.iter().map(Error::exit_code).max() {
        Some(code) => Err(Error::Reported(code).into()),
        None => Ok(()),
    }
}

pub fn show(cfg: &Config, catalog: &Catalog, name: &str, format: TableOrJson) -> Result<()> {
    let ctx = cfg.stdout_ctx();
    let loaded = catalog.resolve(name)?;
    match format {
        TableOrJson::Json => {
            let mut v = serde_json::to_value(&loaded.bank)?;
            v["origin"] = json!(loaded.origin.to_string());
            out(&format!(
                "{}\n",
                crate::sanitize::json(&serde_json::to_string_pretty(&v)?)
            ))?;
        }
        TableOrJson::Table => print(&ctx, &crate::render::banks::show(&ctx, &loaded))?,
    }
    Ok(())
}

/// Checks every file and reports every problem; fails (65, or 66 for an
/// unreadable file) if any file has errors.
pub fn validate(cfg: &Config, files: &[PathBuf], format: TableOrJson) -> Result<()> {
    // Problems go to standard error: wrapped for a person at a terminal,
    // one line each for a file or an editor reading `file:line:col:`.
    let wrap = |report: &str| match cfg.stderr_width {
        Some(w) => crate::render::banks::diagnostics(
            &crate::render::RenderCtx::new(Some(w.saturating_sub(1)), cfg.utf8),
            report,
        ),
        None => report.to_string(),
    };
    let mut worst = exit::OK;
    let mut reports = Vec::new();
    for path in files {
        let result = bank::load_path(path);
        let (diags, bank) = match result {
            Ok(l) => {
                let questions = l.bank.question_count();
                (l.warnings, Some((l.bank.id, l.bank.title, questions)))
            }
            Err(Error::InvalidBank(d)) => {
                worst = worst.max(exit::DATA);
                (d, None)
            }
            Err(e) => {
                worst = worst.max(e.exit_code());
                match format {
                    TableOrJson::Json => reports.push(json!({"file": path.display().to_string(), "ok": false, "error": e.to_string()})),
                    TableOrJson::Table => term::note(&term::sanitize(&e.to_string())),
                }
                continue;
            }
        };
        match format {
            TableOrJson::Json => reports.push(json!({
                "file": diags.file, "ok": !diags.has_errors(),
                "bank": bank.map(|(id, title, questions)| json!({"id": id, "title": title, "questions": questions})),
                "errors": diags.errors(), "warnings": diags.warnings(), "problems": diags.problems,
            })),
            TableOrJson::Table => {
                let summary = bank.map_or_else(String::new, |(id, title, questions)| {
                    format!("{id} ({title}, {questions} questions)")
                });
                if diags.problems.is_empty() {
                    out(&format!("{}: ok: {summary}\n", diags.file))?;
                } else if diags.has_errors() {
                    term::note(&wrap(&term::sanitize(&diags.to_string())));
                } else {
                    term::note(&wrap(&term::sanitize(&diags.to_string())));
                    out(&format!("{}: ok (with warnings): {summary}\n", diags.file))?;
                }
            }
        }
    }
    if format == TableOrJson::Json {
        out(&format!(
            "{}\n",
            crate::sanitize::json(&serde_json::to_string_pretty(&reports)?)
        ))?;
    }
    if worst == exit::OK {
        Ok(())
    } else {
        Err(Error::Reported(worst).into())
    }
}
