//! The report: one self-contained HTML page (inline CSS and SVG, no
//! script, nothing fetched from anywhere). Its Markdown twin is in
//! [`crate::render::markdown`].
//!
//! Every string that comes from a bank or a result file goes through
//! [`escape`]; the only markup in the page is written here.

use std::fmt::Write as _;

use crate::render::display;
use crate::render::report::{
    date, dim, dimension_cells, explanation, not_a_diagnosis, provenance, source_numbers, sources,
};
use crate::render::svg::svg;
use crate::scoring::result::{DimensionScore, ResultDoc};
use crate::text::words;

/// Escapes text for HTML content and attribute values: `& < > " '`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1f2933; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 50rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; line-height: 1.2; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; border-bottom: 1px solid #d9dee5; padding-bottom: .2rem; }
.meta { margin: .1rem 0; color: #4a5563; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: .8rem; font-size: .85rem; border: 1px solid #9aa5b1; }
.badge.validated { border-color: #2f7d4f; color: #2f7d4f; }
figure { margin: 1.5rem auto; max-width: 460px; text-align: center; }
figure.small { max-width: 280px; margin: .8rem 0; }
figure svg { display: block; width: 100%; max-width: 100%; height: auto; }
figcaption { font-size: .9rem; color: #4a5563; margin-top: .4rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid #e4e7eb; }
th { font-weight: 600; background: #f5f7fa; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.style { font-size: 1.25rem; font-weight: 600; margin: .2rem 0; }
.note { margin-top: 2rem; padding: .9rem 1rem; border-left: 4px solid #8a6d3b; background: #fbf7ee; }
.careless { margin: 1rem 0; padding: .9rem 1rem; border: 2px solid #8a6d3b; background: #fbf7ee; }
.careless h2 { margin-top: 0; }
footer { margin-top: 2rem; font-size: .85rem; color: #616e7c; }
svg .q-secure { fill: #e8f3ec; } svg .q-anxious { fill: #fdf3e4; }
svg .q-avoidant { fill: #e9f0fa; } svg .q-fearful { fill: #f6ecf4; }
svg .frame { fill: none; stroke: #52606d; stroke-width: 1.5; }
svg .cutoff { stroke: #52606d; stroke-width: 1.5; stroke-dasharray: 6 5; }
svg .quadrant { font: 600 15px system-ui, sans-serif; fill: #3e4c59; }
svg .tick { font: 13px system-ui, sans-serif; fill: #52606d; }
svg .axis { font: 600 14px system-ui, sans-serif; fill: #1f2933; }
svg .whisker { stroke: #1f2933; stroke-width: 2; fill: none; }
svg .point { fill: #c2410c; stroke: #fff; stroke-width: 2; }
@media print {
  @page { size: auto; margin: 15mm 14mm; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  figure { max-width: 80mm; margin: .6rem auto; }
  figure.small { max-width: 60mm; }
  h2 { break-after: avoid; }
  figure, table, tr, .note, section.keep { break-inside: avoid; }
}
"#;

/// The dimension table of the HTML report, for the whole result or one
/// relationship, with its interval notes.
fn dimension_table_html(dims: &[DimensionScore], scale: (i64, i64)) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<table>\n<thead><tr><th>Dimension</th><th>Score ({}–{})</th><th>95% interval (approximate)</th><th>Compared with the cutoff</th><th>Answered</th></tr></thead>\n<tbody>",
        scale.0, scale.1
    );
    for d in dims {
        let [label, score, interval, position, answered] = dimension_cells(d, scale, escape);
        let pct = d
            .percentile
            .map_or(String::new(), |p| format!("<br>percentile {p:.0}"));
        let _ = writeln!(
            s,
            "<tr><td>{label}</td><td class=\"num\">{score}{pct}</td><td class=\"num\">{interval}</td><td>{position}</td><td class=\"num\">{answered}</td></tr>"
        );
    }
    let _ = writeln!(s, "</tbody>\n</table>");
    for n in display::interval_notes(dims, scale) {
        let _ = writeln!(s, "<p class=\"meta\">{}</p>", escape(&n));
    }
    s
}

fn head(scored: &ResultDoc, s: &mut String) {
    let e = escape;
    let b = &scored.bank;
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>Attachment result: {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        e(&b.title)
    );
    let _ = writeln!(s, "<header>\n<h1>Attachment result</h1>");
    let _ = writeln!(
        s,
        "<p class=\"meta\">{} <span class=\"badge{}\">{}</span></p>",
        e(&b.title),
        if b.validated { " validated" } else { "" },
        provenance(b.validated)
    );
    let _ = writeln!(
        s,
        "<p class=\"meta\">Questionnaire <code>{}</code> version {} · {}{}</p>",
        e(&b.id),
        e(&b.version),
        e(&date(scored)),
        scored
            .respondent
            .as_deref()
            .map_or(String::new(), |r| format!(" · respondent {}", e(r)))
    );
    if let Some(line) = super::published::instrument(b) {
        let _ = writeln!(s, "<p class=\"meta\">{}</p>", e(&line));
    }
    let _ = writeln!(s, "</header>");
    // A careless-looking result says so before any score or style.
    if let Some((headline, text)) = crate::text::flags::careless_notice(scored) {
        let _ = writeln!(
            s,
            "<section class=\"careless keep\" role=\"alert\">\n<h2>{}</h2>\n<p>{}</p>\n</section>",
            e(headline),
            e(text)
        );
    }
}

/// A paragraph bank's answers: the four ratings, the forced choice and the
/// models of self and others.
fn answers_html(scored: &ResultDoc, scale: (i64, i64), s: &mut String) {
    let e = escape;
    let Some(p) = &scored.prototype else { return };
    let (rows, lines) = display::prototype_answers(p, Some(scale));
    let _ = writeln!(
        s,
        "<section class=\"keep\" id=\"answers\">\n<h2>Your answers</h2>\n<table>\n<thead><tr><th>Description</th><th>Your rating ({}–{})</th></tr></thead>\n<tbody>",
        scale.0, scale.1
    );
    for (name, rating) in rows {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
            e(&name),
            e(&rating)
        );
    }
    let _ = writeln!(s, "</tbody>\n</table>");
    for l in lines {
        let _ = writeln!(s, "<p>{}</p>", e(&l));
    }
    for line in published_notes(scored, scale) {
        let _ = writeln!(s, "<p class=\"meta\">{}</p>", e(&line));
    }
    let _ = writeln!(s, "</section>");
}

/// The dimensions, overall and by relationship.
fn dimensions_html(scored: &ResultDoc, scale: (i64, i64), s: &mut String) {
    let e = escape;
    if !scored.dimensions.is_empty() {
        let overall = if scored.targets.is_empty() {
            "The dimensions"
        } else {
            "The dimensions, over all relationships"
        };
        let _ = writeln!(s, "<section class=\"keep\">\n<h2>{overall}</h2>");
        s.push_str(&dimension_table_html(&scored.dimensions, scale));
        for line in published_notes(scored, scale) {
            let _ = writeln!(s, "<p class=\"meta\">{}</p>", e(&line));
        }
        let _ = writeln!(s, "</section>");
    }
    if !scored.targets.is_empty() {
        let _ = writeln!(s, "<section>\n<h2>By relationship</h2>");
        for t in &scored.targets {
            let _ = writeln!(s, "<section class=\"keep\">\n<h3>{}</h3>", e(&t.label));
            if t.not_applicable {
                let _ = writeln!(s, "<p>Does not apply.</p>");
            } else {
                let (_, h) = words::headline(t.style.as_ref(), None);
                let _ = writeln!(s, "<p>Style: {}</p>", e(&h));
                // Each relationship on its own plane, not only the overall point.
                let d = |id: &str| {
                    t.dimensions
                        .iter()
                        .find(|d| d.id == id && d.score.is_some())
                };
                if let (Some(a), Some(v)) = (d("anxiety"), d("avoidance")) {
                    let _ = writeln!(
                        s,
                        "<figure class=\"small\">\n{}\n</figure>",
                        svg(a, v, scale)
                    );
                }
                s.push_str(&dimension_table_html(&t.dimensions, scale));
            }
            let _ = writeln!(s, "</section>");
        }
        let _ = writeln!(s, "</section>");
    }
}

/// Who the percentiles compare with, and sums, under the dimension table.
pub(crate) fn published_notes(scored: &ResultDoc, scale: (i64, i64)) -> Vec<String> {
    let mut v = super::published::percentiles(&scored.dimensions);
    v.extend(super::published::sums(&scored.dimensions, scale));
    v
}

/// The instrument's own category with its caution, where the bank has a rule.
fn category_html(scored: &ResultDoc, s: &mut String) {
    let e = escape;
    if let Some((head, caution)) = super::published::category(scored) {
        let _ = writeln!(
            s,
            "<section class=\"keep\">\n<h2>The instrument's own category</h2>\n<p>{}</p>\n<p class=\"meta\">{}</p>\n</section>",
            e(&head),
            e(&caution)
        );
    }
}

/// The style: the headline, its note, disorganization beside it, the axes.
fn style_html(scored: &ResultDoc, s: &mut String) {
    let e = escape;
    let (headline, note) = display::headline(scored);
    let _ = writeln!(
        s,
        "<section class=\"keep\" id=\"style\">\n<h2>The style</h2>\n<p class=\"style\">{}</p>",
        e(&headline)
    );
    if let Some(n) = note {
        let _ = writeln!(s, "<p>{}</p>", e(&n));
    }
    if let Some(d) = display::disorganization_line(scored) {
        let _ = writeln!(s, "<p>{}</p>", e(&d));
    }
    let axes = display::axes_lines(scored);
    if !axes.is_empty() {
        let _ = writeln!(s, "<ul class=\"axes\">");
        for a in axes {
            let _ = writeln!(s, "<li>{}</li>", e(&a));
        }
        let _ = writeln!(s, "</ul>");
    }
    let _ = writeln!(s, "</section>");
}

/// "What this means": each section with its title, paragraphs and list,
/// and links to its sources in the notes.
fn explanation_html(scored: &ResultDoc, s: &mut String) {
    let e = escape;
    let all = sources(scored);
    let _ = writeln!(s, "<section id=\"explanation\">\n<h2>What this means</h2>");
    for sec in explanation(scored) {
        let _ = writeln!(s, "<section class=\"part\" id=\"part-{}\">", e(&sec.id));
        if let Some(t) = &sec.title {
            let _ = writeln!(s, "<h3>{}</h3>", e(t));
        }
        for p in &sec.paragraphs {
            let _ = writeln!(s, "<p>{}</p>", e(p));
        }
        if !sec.list.is_empty() {
            let _ = writeln!(s, "<ul>");
            for i in &sec.list {
                let _ = writeln!(s, "<li>{}</li>", e(i));
            }
            let _ = writeln!(s, "</ul>");
        }
        let refs: Vec<String> = source_numbers(sec, &all)
            .into_iter()
            .map(|n| format!("<a href=\"#source-{n}\">{n}</a>"))
            .collect();
        if !refs.is_empty() {
            let _ = writeln!(s, "<p class=\"sources\">Sources: {}</p>", refs.join(", "));
        }
        let _ = writeln!(s, "</section>");
    }
    let _ = writeln!(s, "</section>");
}

fn quality_html(scored: &ResultDoc, s: &mut String) {
    let e = escape;
    let _ = writeln!(s, "<section class=\"keep\">\n<h2>Response quality</h2>");
    let words = crate::text::flags::texts();
    if scored.quality.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", e(&words.none));
    } else {
        let _ = writeln!(s, "<ul>");
        for (q, text) in scored
            .quality
            .iter()
            .zip(crate::text::flags::describe_all(scored))
        {
            let _ = writeln!(
                s,
                "<li data-flag=\"{}\"><strong>{}</strong>: {}</li>",
                e(&q.id),
                e(crate::text::flags::title(&q.id)),
                e(&text)
            );
        }
        let _ = writeln!(s, "</ul>");
        let sources = crate::text::flags::sources(scored);
        if !sources.is_empty() {
            let _ = writeln!(
                s,
                "<p class=\"meta sources\">Sources: {}</p>",
                e(&sources.join(" · "))
            );
        }
    }
    let _ = writeln!(s, "</section>");
}

/// The HTML report. `scale` is the bank's response scale (min, max).
pub fn html(scored: &ResultDoc, scale: (i64, i64)) -> String {
    let e = escape;
    let mut s = String::new();
    head(scored, &mut s);
    if let (Some(a), Some(v)) = (dim(scored, "anxiety"), dim(scored, "avoidance")) {
        let _ = writeln!(
            s,
            "<figure>\n{}\n<figcaption>The point is the result; the bars through it are approximate 95% intervals, cut at the ends of the scale. \
             A bar that crosses a dashed cutoff line means the result is close to the cutoff on that dimension.</figcaption>\n</figure>",
            svg(&a, &v, scale)
        );
    }
    style_html(scored, &mut s);
    answers_html(scored, scale, &mut s);
    dimensions_html(scored, scale, &mut s);
    // Response quality right after the scores it qualifies.
    quality_html(scored, &mut s);
    category_html(scored, &mut s);
    explanation_html(scored, &mut s);
    let _ = writeln!(
        s,
        "<aside class=\"note\"><strong>Not a diagnosis.</strong> {}</aside>",
        e(&not_a_diagnosis(scored))
    );
    let notes = sources(scored);
    if !notes.is_empty() {
        let _ = writeln!(
            s,
            "<section id=\"notes\">\n<h2>Notes and sources</h2>\n<ol class=\"sources\">"
        );
        for (i, c) in notes.iter().enumerate() {
            let _ = writeln!(s, "<li id=\"source-{}\">{}</li>", i + 1, e(c));
        }
        let _ = writeln!(s, "</ol>\n</section>");
    }
    let _ = writeln!(
        s,
        "<footer>Made by securebase {} on this computer; nothing was sent anywhere.</footer>\n</main>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
