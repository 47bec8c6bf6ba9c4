//! Questionnaires for people: the `list` table and what `show` prints,
//! laid out for a [`RenderCtx`] (ids and counts whole, long lines wrapped).

use std::fmt::Write as _;

use super::ctx::{styled, RenderCtx, BOLD, DIM};
use super::fit::{self, Column};
use crate::bank::{self, Bank, ItemKind, Loaded};

fn provenance(b: &bank::Bank) -> &'static str {
    crate::text::explain::validation_label(b.validated)
}

/// `validate`'s report, each problem's lines wrapped to the width
/// (`at:` and `fix:` continued under their text).
pub fn diagnostics(ctx: &RenderCtx, report: &str) -> String {
    let mut out = Vec::new();
    for line in report.lines() {
        let rest = line.trim_start();
        let lead = line.len() - rest.len();
        let indent = rest
            .find(": ")
            .filter(|_| lead > 0)
            .map_or(lead + 2, |i| lead + i + 2);
        let pad = " ".repeat(indent);
        let opts = textwrap::Options::new(ctx.width)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .subsequent_indent(&pad);
        out.push(textwrap::fill(line, opts));
    }
    out.join("\n")
}

/// The `list` table: ids, counts and the status stay whole; the title
/// (with what it measures under it) takes what width is left; where
/// questionnaires come from is left out first when the width is short.
pub fn list(ctx: &RenderCtx, all: &[Loaded]) -> String {
    let columns = [
        Column::whole("id"),
        Column::wraps("questionnaire"),
        Column::whole("questions").droppable(1),
        Column::whole("status").droppable(2),
        Column::whole("from").droppable(0),
    ];
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|l| {
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
            vec![
                b.id.clone(),
                format!("{}\nmeasures: {measures}", b.title),
                b.question_count().to_string(),
                provenance(b).to_string(),
                l.origin.to_string(),
            ]
        })
        .collect();
    fit::table(ctx, &columns, &rows)
}

/// What `show` prints: what a questionnaire measures and how it is scored.
pub fn show(ctx: &RenderCtx, l: &Loaded) -> String {
    let b = &l.bank;
    let mut s = String::new();
    about(&mut s, l);
    instructions_and_scale(&mut s, b);
    if !b.dimensions.is_empty() {
        dimensions(&mut s, ctx, b);
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
    items(&mut s, ctx, b);
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
    super::ctx::wrap_long_lines(ctx, &s)
}

/// The heading and the facts about the bank: status, citation, licence,
/// recipe, where it was loaded from, how many questions, notes.
fn about(s: &mut String, l: &Loaded) {
    let b = &l.bank;
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
}

/// The instructions as the person reads them, and the response scale with
/// one label a line.
fn instructions_and_scale(s: &mut String, b: &Bank) {
    let _ = writeln!(s, "\n{}\n{}", styled(BOLD, "Instructions"), b.instructions);
    // One label a line: a label is never split across lines.
    let _ = writeln!(
        s,
        "\n{} {}–{}:",
        styled(BOLD, "Scale"),
        b.scale.min,
        b.scale.max
    );
    for (k, v) in &b.scale.labels {
        let _ = writeln!(s, "  {k} = {v}");
    }
}

/// The scoring rules, a row per dimension: its items (how many reversed),
/// the cutoff, the missing-answer budget and the reference values behind
/// the intervals; then how reversal and the score work.
fn dimensions(s: &mut String, ctx: &RenderCtx, b: &Bank) {
    let _ = writeln!(s, "\n{}", styled(BOLD, "Dimensions and scoring rules"));
    let columns = [
        Column::whole("dimension"),
        Column::whole("items (reversed)"),
        Column::whole("high when above"),
        Column::whole("may be missing"),
        Column::wraps("reference (sd, alpha)"),
    ];
    let mut rows = Vec::new();
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
        rows.push(vec![
            format!("{}\n{}", d.id, d.label),
            format!("{n} ({rev})"),
            format!("{:.2}", d.cutoff_or(b.midpoint())),
            format!("{} of {n}", d.missing_budget(n)),
            reference,
        ]);
    }
    let _ = writeln!(s, "{}", fit::table(ctx, &columns, &rows));
    let _ = writeln!(
        s,
        "Reversed answers count as {} − answer. A score is the mean of the answered items.",
        b.scale.min + b.scale.max
    );
    s.push_str(&reference_sources(ctx, b));
}

/// Every item with the dimension (or style) it is keyed to.
fn items(s: &mut String, ctx: &RenderCtx, b: &Bank) {
    let _ = writeln!(s, "\n{}", styled(BOLD, "Items"));
    let columns = [
        Column::whole("id"),
        Column::whole("keyed to"),
        Column::wraps("text"),
    ];
    let mut rows = Vec::new();
    for it in &b.items {
        let key = match &it.kind {
            ItemKind::Likert {
                dimension,
                reverse: true,
            } => format!("{dimension} (reversed)"),
            ItemKind::Likert { dimension, .. } => dimension.clone(),
            ItemKind::Prototype { style } => format!("style: {}", style.id()),
        };
        rows.push(vec![it.id.clone(), key, it.text.clone()]);
    }
    let _ = writeln!(s, "{}", fit::table(ctx, &columns, &rows));
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
