//! The report as Markdown: the HTML report's twin, with the terminal plot
//! in a code block and the sources numbered at the end.

use std::fmt::Write as _;

use crate::render::display;
use crate::render::report::{
    date, dimension_cells, explanation, not_a_diagnosis, provenance, source_numbers, sources,
};
use crate::render::RenderCtx;
use crate::scoring::result::{DimensionScore, ResultDoc};
use crate::text::words;

/// Markdown text: see [`super::md_text`] (links, line structure, markup).
fn md(s: &str) -> String {
    super::md_text::md(s)
}

/// The Markdown report's paragraph-bank answers and dimensions.
fn scores_md(scored: &ResultDoc, scale: (i64, i64), ctx: &RenderCtx, s: &mut String) {
    if let Some(p) = &scored.prototype {
        let (rows, lines) = display::prototype_answers(p, Some(scale));
        let _ = writeln!(
            s,
            "## Your answers\n\n| Description | Your rating ({}–{}) |\n|---|---|",
            scale.0, scale.1
        );
        for (name, rating) in rows {
            let _ = writeln!(s, "| {} | {} |", md(&name), md(&rating));
        }
        for l in lines {
            let _ = writeln!(s, "\n{}", md(&l));
        }
        s.push('\n');
    }
    if !scored.dimensions.is_empty() {
        let _ = writeln!(s, "## The dimensions\n");
        s.push_str(&dimension_table_md(&scored.dimensions, scale));
        for line in super::html::published_notes(scored, scale) {
            let _ = writeln!(s, "\n{}", md(&line));
        }
    }
    for t in &scored.targets {
        let _ = writeln!(s, "\n### {}\n", md(&t.label));
        if t.not_applicable {
            let _ = writeln!(s, "Does not apply.");
        } else {
            let d = |id: &str| {
                t.dimensions
                    .iter()
                    .find(|d| d.id == id && d.score.is_some())
            };
            if let (Some(a), Some(v)) = (d("anxiety"), d("avoidance")) {
                let p = crate::render::plot::quadrant(a, v, scale, ctx);
                let _ = writeln!(s, "```text\n{}```\n", p.replace("```", "'''"));
            }
            let (_, h) = words::headline(t.style.as_ref(), None);
            let _ = writeln!(s, "Style: {}\n", md(&h));
            s.push_str(&dimension_table_md(&t.dimensions, scale));
        }
    }
}

/// The Markdown report's style and explanation, with numbered sources.
fn meaning_md(scored: &ResultDoc, s: &mut String) {
    let (headline, note) = display::headline(scored);
    let _ = writeln!(s, "\n## The style\n\n**{}**", md(&headline));
    for line in note
        .into_iter()
        .chain(display::disorganization_line(scored))
        .chain(display::axes_lines(scored))
    {
        let _ = writeln!(s, "\n{}", md(&line));
    }
    let all = sources(scored);
    let _ = writeln!(s, "\n## What this means\n");
    for sec in explanation(scored) {
        if let Some(t) = &sec.title {
            let _ = writeln!(s, "### {}\n", md(t));
        }
        for p in &sec.paragraphs {
            let _ = writeln!(s, "{}\n", md(p));
        }
        for i in &sec.list {
            let _ = writeln!(s, "- {}", md(i));
        }
        if !sec.list.is_empty() {
            s.push('\n');
        }
        let refs: Vec<String> = source_numbers(sec, &all)
            .into_iter()
            .map(|n| format!("\\[{n}\\]"))
            .collect();
        if !refs.is_empty() {
            let _ = writeln!(s, "Sources: {}\n", refs.join(", "));
        }
    }
}

/// The report as Markdown (the terminal plot in a code block).
pub fn markdown(scored: &ResultDoc, scale: (i64, i64), ctx: &RenderCtx) -> String {
    let b = &scored.bank;
    let mut s = String::new();
    let _ = writeln!(s, "# Attachment result\n");
    let _ = writeln!(s, "{} ({})  ", md(&b.title), provenance(b.validated));
    let _ = writeln!(
        s,
        "Questionnaire `{}` version {} · {}{}\n",
        b.id.replace('`', "'"),
        md(&b.version),
        md(&date(scored)),
        scored
            .respondent
            .as_deref()
            .map_or(String::new(), |r| format!(" · respondent {}", md(r)))
    );
    if let Some(line) = super::published::instrument(b) {
        let _ = writeln!(s, "{}\n", md(&line));
    }
    if let Some((headline, text)) = crate::text::flags::careless_notice(scored) {
        let _ = writeln!(s, "> **{}.** {}\n", md(headline), md(text));
    }
    if let Some(p) = crate::render::plot::plot_for(scored, scale, ctx) {
        let _ = writeln!(s, "```text\n{}```\n", p.replace("```", "'''"));
    }
    scores_md(scored, scale, ctx, &mut s);
    // Response quality right after the scores it qualifies.
    let _ = writeln!(s, "\n## Response quality\n");
    if scored.quality.is_empty() {
        let _ = writeln!(s, "{}", md(&crate::text::flags::texts().none));
    } else {
        for (q, text) in scored
            .quality
            .iter()
            .zip(crate::text::flags::describe_all(scored))
        {
            let _ = writeln!(
                s,
                "- **{}**: {}",
                md(crate::text::flags::title(&q.id)),
                md(&text)
            );
        }
        let sources = crate::text::flags::sources(scored);
        if !sources.is_empty() {
            let _ = writeln!(s, "\nSources: {}", md(&sources.join(" · ")));
        }
    }
    if let Some((head, caution)) = super::published::category(scored) {
        let _ = writeln!(
            s,
            "\n## The instrument's own category\n\n{}\n\n{}",
            md(&head),
            md(&caution)
        );
    }
    meaning_md(scored, &mut s);
    let _ = writeln!(s, "> **Not a diagnosis.** {}", md(&not_a_diagnosis(scored)));
    let notes = sources(scored);
    if !notes.is_empty() {
        let _ = writeln!(s, "\n## Notes and sources\n");
        for (i, c) in notes.iter().enumerate() {
            let _ = writeln!(s, "{}. {}", i + 1, md(c));
        }
    }
    s
}

/// The dimension table, for the whole result or one relationship, with
/// its interval notes.
fn dimension_table_md(dims: &[DimensionScore], scale: (i64, i64)) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| Dimension | Score ({}–{}) | 95% interval (approximate) | Compared with the cutoff | Answered |\n|---|---|---|---|---|",
        scale.0, scale.1
    );
    for d in dims {
        let _ = writeln!(s, "| {} |", dimension_cells(d, scale, md).join(" | "));
    }
    for n in display::interval_notes(dims, scale) {
        let _ = writeln!(s, "\n{}", md(&n));
    }
    s
}
