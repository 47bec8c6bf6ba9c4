//! `list`, `show` and `validate`: looking at questionnaires.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Result;
use comfy_table::Cell;
use serde_json::json;

use crate::app::cli::TableOrJson;
use crate::app::config::Config;
use crate::bank::{self, Bank, Catalog, ItemKind, Loaded};
use crate::error::{exit, Error};
use crate::render::ctx::{styled, RenderCtx, BOLD, DIM};
use crate::ui::term::{self, out, print};

fn provenance(b: &bank::Bank) -> &'static str {
    crate::text::explain::validation_label(b.validated)
}

pub fn list(cfg: &Config, catalog: &Catalog, format: TableOrJson) -> Result<()> {
    let ctx = cfg.stdout_ctx();
    let all = catalog.all()?;
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
            out(&format!("{}\n", serde_json::to_string_pretty(&v)?))?;
        }
        TableOrJson::Table => {
            let mut t = ctx.table();
            // Ids, counts and the status stay whole; the title (with what it
            // measures under it) takes what width is left.
            t.set_header(["id", "questionnaire", "questions", "status", "from"]);
            for l in &all {
                let b = &l.bank;
                let measures = if b.is_prototype_bank() {
                    "4 style paragraphs".to_string()
                } else {
                    b.dimensions
                        .iter()
                        .map(|d| d.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                t.add_row([
                    Cell::new(&b.id),
                    Cell::new(format!("{}\nmeasures: {measures}", b.title)),
                    Cell::new(b.question_count()),
                    Cell::new(provenance(b)),
                    Cell::new(l.origin.to_string()),
                ]);
            }
            RenderCtx::keep_whole(&mut t, &[0, 2, 3, 4]);
            print(&ctx, &format!("{t}\n"))?;
        }
    }
    Ok(())
}

pub fn show(cfg: &Config, catalog: &Catalog, name: &str, format: TableOrJson) -> Result<()> {
    let ctx = cfg.stdout_ctx();
    let loaded = catalog.resolve(name)?;
    match format {
        TableOrJson::Json => {
            let mut v = serde_json::to_value(&loaded.bank)?;
            v["origin"] = json!(loaded.origin.to_string());
            out(&format!("{}\n", serde_json::to_string_pretty(&v)?))?;
        }
        TableOrJson::Table => print(&ctx, &render_show(&ctx, &loaded))?,
    }
    Ok(())
}

fn render_show(ctx: &RenderCtx, l: &Loaded) -> String {
    let b = &l.bank;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {}",
        styled(BOLD, &b.title),
        styled(DIM, &format!("({} v{}, {})", b.id, b.version, b.language))
    );
    let _ = writeln!(s, "Status:       {}", provenance(b));
    let _ = writeln!(
        s,
        "Citation:     {}",
        b.citation.as_deref().unwrap_or("none (original items)")
    );
    let _ = writeln!(s, "License:      {}", b.license);
    if let Some(p) = &b.provenance {
        let _ = writeln!(
            s,
            "Recipe:       {} v{}; item text {}",
            p.recipe, p.recipe_version, p.item_text
        );
    }
    let _ = writeln!(s, "From:         {}", l.origin);
    let _ = writeln!(s, "Questions:    {}", b.question_count());
    if !b.notes.is_empty() {
        let _ = writeln!(s, "Notes:        {}", b.notes);
    }
    let _ = writeln!(s, "\n{}\n{}", styled(BOLD, "Instructions"), b.instructions);
    let labels: Vec<String> = b
        .scale
        .labels
        .iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect();
    let _ = writeln!(
        s,
        "\n{} {}–{}: {}",
        styled(BOLD, "Scale"),
        b.scale.min,
        b.scale.max,
        labels.join(", ")
    );

    if !b.dimensions.is_empty() {
        let _ = writeln!(s, "\n{}", styled(BOLD, "Dimensions and scoring rules"));
        let mut t = ctx.table();
        t.set_header([
            "dimension",
            "items (reversed)",
            "high when above",
            "may be missing",
            "reference (sd, alpha)",
        ]);
        for d in &b.dimensions {
            let n = b.items_of(&d.id).count();
            let rev = b
                .items_of(&d.id)
                .filter(|i| matches!(i.kind, ItemKind::Likert { reverse: true, .. }))
                .count();
            let reference = d
                .reference
                .as_ref()
                .map_or("none: no intervals".to_string(), |r| {
                    format!(
                        "{}, {}{}{}",
                        r.sd,
                        r.alpha,
                        r.mean.map_or(String::new(), |m| format!(", mean {m}")),
                        if r.assumed { " (assumed)" } else { "" }
                    ) + &r.percentiles.as_ref().map_or(String::new(), |p| {
                        format!("; percentiles from {} rows (n = {})", p.table.len(), p.n)
                    })
                });
            t.add_row([
                Cell::new(format!("{}\n{}", d.id, d.label)),
                Cell::new(format!("{n} ({rev})")),
                Cell::new(format!("{:.2}", d.cutoff_or(b.midpoint()))),
                Cell::new(format!("{} of {n}", d.missing_budget(n))),
                Cell::new(reference),
            ]);
        }
        let _ = writeln!(s, "{t}");
        let _ = writeln!(
            s,
            "Reversed answers count as {} − answer. A score is the mean of the answered items.",
            b.scale.min + b.scale.max
        );
        s.push_str(&reference_sources(ctx, b));
    }
    if !b.targets.is_empty() {
        let _ = writeln!(
            s,
            "\n{} (every item is asked once for each)",
            styled(BOLD, "Relationships")
        );
        for t in &b.targets {
            let na = if t.allow_not_applicable {
                "; may be marked “does not apply”"
            } else {
                ""
            };
            let _ = writeln!(s, "  {:<10} {}{na}", t.id, t.label);
        }
    }
    let _ = writeln!(s, "\n{}", styled(BOLD, "Items"));
    let mut t = ctx.table();
    t.set_header(["id", "keyed to", "text"]);
    for it in &b.items {
        let key = match &it.kind {
            ItemKind::Likert {
                dimension,
                reverse: true,
            } => format!("{dimension} (reversed)"),
            ItemKind::Likert { dimension, .. } => dimension.clone(),
            ItemKind::Prototype { style } => format!("style: {}", style.id()),
        };
        t.add_row([Cell::new(&it.id), Cell::new(key), Cell::new(&it.text)]);
    }
    let _ = writeln!(s, "{t}");
    if let Some(fc) = &b.forced_choice {
        let _ = writeln!(s, "Forced choice `{}`: {}", fc.id, fc.text);
    }
    if let Some(rule) = &b.category_rule {
        let _ = writeln!(
            s,
            "\n{} `{}`, shown after the dimensions: {}",
            styled(BOLD, "Category rule"),
            rule.id.id(),
            rule.caution
        );
    }
    s
}

/// Checks every file and reports every problem; fails (65, or 66 for an
/// unreadable file) if any file has errors.
pub fn validate(_cfg: &Config, files: &[PathBuf], format: TableOrJson) -> Result<()> {
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
                    TableOrJson::Table => eprintln!("{}", term::sanitize(&e.to_string())),
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
                    anstream::eprintln!("{}", term::sanitize(&diags.to_string()));
                } else {
                    anstream::eprintln!("{}", term::sanitize(&diags.to_string()));
                    out(&format!("{}: ok (with warnings): {summary}\n", diags.file))?;
                }
            }
        }
    }
    if format == TableOrJson::Json {
        out(&format!("{}\n", serde_json::to_string_pretty(&reports)?))?;
    }
    if worst == exit::OK {
        Ok(())
    } else {
        Err(Error::Reported(worst).into())
    }
}

/// Where each dimension's reference values come from: measured (with the
/// source, e.g. `securebase calibrate` on a named study) or assumed, and
/// the percentile table's sample.
fn reference_sources(ctx: &RenderCtx, b: &Bank) -> String {
    let mut s = String::new();
    let with_reference: Vec<_> = b
        .dimensions
        .iter()
        .filter_map(|d| d.reference.as_ref().map(|r| (d, r)))
        .collect();
    if with_reference.is_empty() {
        return s;
    }
    let _ = writeln!(
        s,
        "\n{}",
        styled(BOLD, "Where the reference values come from")
    );
    for (d, r) in with_reference {
        let how = if r.assumed { "assumed" } else { "measured" };
        let omega = r.omega.map_or(String::new(), |o| format!(", omega {o}"));
        let n = r.n.map_or(String::new(), |n| format!(", n = {n}"));
        let mut line = format!(
            "- {}: {how} (sd {}, alpha {}{omega}{n}): {}",
            d.id, r.sd, r.alpha, r.source
        );
        if let Some(p) = &r.percentiles {
            let _ = write!(
                line,
                "; percentiles compared with {} (n = {}, {} rows)",
                p.sample,
                p.n,
                p.table.len()
            );
        }
        let _ = writeln!(s, "{}", ctx.wrap(&line));
    }
    s
}
