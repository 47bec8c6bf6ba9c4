//! The report: one self-contained HTML page (inline CSS and SVG, no
//! script, nothing fetched from anywhere) and its Markdown twin.
//!
//! Every string that comes from a bank or a result file goes through
//! [`escape`]; the only markup in the page is written here.

use std::fmt::Write as _;

use crate::render::plot::{fmt_tick, quadrant_name};
use crate::render::RenderCtx;
use crate::scoring::result::{DimensionScore, ResultDoc};
use crate::text::explain::texts;

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

fn provenance(validated: bool) -> &'static str {
    crate::text::explain::validation_label(validated)
}

fn date(scored: &ResultDoc) -> String {
    scored
        .completed_at
        .clone()
        .unwrap_or_else(|| "date not recorded".into())
}

fn style_line(scored: &ResultDoc) -> Option<(String, Option<String>, Vec<String>)> {
    let st = scored.style.as_ref()?;
    let name = texts().style(st.id).name.clone();
    let quadrant = st
        .quadrant
        .filter(|q| *q != st.id)
        .map(|q| texts().style(q).name.clone());
    let neighbours = st
        .borderline_with
        .iter()
        .map(|b| texts().style(*b).name.clone())
        .collect();
    Some((name, quadrant, neighbours))
}

fn dim(scored: &ResultDoc, id: &str) -> Option<DimensionScore> {
    scored
        .dimensions
        .iter()
        .find(|d| d.id == id && d.score.is_some())
        .cloned()
}

fn position(d: &DimensionScore) -> String {
    match (d.score, d.high) {
        (None, _) => String::new(),
        (Some(s), high) => {
            let high = high.unwrap_or(s > d.cutoff);
            let side = if high { "above" } else { "at or below" };
            let b = if d.borderline == Some(true) {
                " (borderline: the interval includes the cutoff)"
            } else {
                ""
            };
            format!("{side} the cutoff {}{b}", fmt_tick(d.cutoff))
        }
    }
}

fn interval(d: &DimensionScore) -> String {
    d.interval.map_or_else(
        || "none (no reference values)".into(),
        |[a, b]| format!("{a:.2} – {b:.2}"),
    )
}

/// Paragraphs of an explanation: split on blank lines; lines starting
/// with `- ` after a paragraph's first line become a list.
fn paragraphs(text: &str) -> Vec<(String, Vec<String>)> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut head = Vec::new();
            let mut items = Vec::new();
            for line in p.lines() {
                match line.trim_start().strip_prefix("- ") {
                    Some(item) => items.push(item.trim().to_string()),
                    None if items.is_empty() => head.push(line.trim()),
                    None => {
                        if let Some(last) = items.last_mut() {
                            last.push(' ');
                            last.push_str(line.trim());
                        }
                    }
                }
            }
            (head.join(" "), items)
        })
        .collect()
}

/// The explanation's paragraphs, without a first paragraph that only
/// repeats the style's name (the report shows it just above).
fn explanation(scored: &ResultDoc) -> Vec<(String, Vec<String>)> {
    let mut p = paragraphs(&scored.explanation.text);
    let name = scored
        .style
        .as_ref()
        .map(|st| texts().style(st.id).name.as_str());
    if p.first()
        .is_some_and(|(h, items)| items.is_empty() && Some(h.as_str()) == name)
    {
        p.remove(0);
    }
    p
}

// --- SVG ------------------------------------------------------------------

const SVG_W: f64 = 460.0;
const SVG_H: f64 = 440.0;
const LEFT: f64 = 64.0;
const TOP: f64 = 16.0;
const SIZE: f64 = 372.0;

/// The quadrant plot as inline SVG: the terminal plot's geometry
/// (avoidance along x, anxiety up y, dashed cutoffs, the four quadrants
/// named in their outer corners, the point, 95% whiskers), with a title
/// and a description for screen readers.
pub fn svg(anxiety: &DimensionScore, avoidance: &DimensionScore, scale: (i64, i64)) -> String {
    let (lo, hi) = (scale.0 as f64, scale.1 as f64);
    let t = |v: f64| ((v - lo) / (hi - lo).max(f64::EPSILON)).clamp(0.0, 1.0);
    let x = |v: f64| LEFT + t(v) * SIZE;
    let y = |v: f64| TOP + SIZE - t(v) * SIZE;
    let (ya, xv) = (anxiety.score.unwrap_or(lo), avoidance.score.unwrap_or(lo));
    let (cx, cy) = (x(avoidance.cutoff), y(anxiety.cutoff));
    let (right, bottom) = (LEFT + SIZE, TOP + SIZE);
    let high_a = anxiety.high.unwrap_or(ya > anxiety.cutoff);
    let high_v = avoidance.high.unwrap_or(xv > avoidance.cutoff);
    let (qname, _) = quadrant_name(high_a, high_v);
    let iv = |d: &DimensionScore| {
        d.interval.map_or(String::from(" (no interval)"), |[a, b]| {
            format!(" (95% interval {a:.2} to {b:.2})")
        })
    };
    let desc = format!(
        "Avoidance runs from {lo} on the left to {hi} on the right, anxiety from {lo} at the bottom to {hi} at the top. \
         Dashed lines mark the cutoffs: avoidance {}, anxiety {}. \
         The point is at avoidance {xv:.2}{} and anxiety {ya:.2}{}, in the {qname} quadrant.",
        fmt_tick(avoidance.cutoff),
        fmt_tick(anxiety.cutoff),
        iv(avoidance),
        iv(anxiety),
        lo = fmt_tick(lo),
        hi = fmt_tick(hi),
    );
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg viewBox="0 0 {SVG_W} {SVG_H}" width="{SVG_W}" height="{SVG_H}" role="img" aria-labelledby="plot-title plot-desc">
<title id="plot-title">Where this result sits on the two attachment dimensions</title>
<desc id="plot-desc">{}</desc>
"#,
        escape(&desc)
    );
    // Quadrant tints, frame, cutoffs.
    let quads = [
        (LEFT, cy, cx - LEFT, bottom - cy, "q-secure"),
        (LEFT, TOP, cx - LEFT, cy - TOP, "q-anxious"),
        (cx, cy, right - cx, bottom - cy, "q-avoidant"),
        (cx, TOP, right - cx, cy - TOP, "q-fearful"),
    ];
    for (qx, qy, w, h, class) in quads {
        let _ = writeln!(
            s,
            r#"<rect class="{class}" x="{qx:.1}" y="{qy:.1}" width="{:.1}" height="{:.1}"/>"#,
            w.max(0.0),
            h.max(0.0)
        );
    }
    let _ = writeln!(
        s,
        r#"<rect class="frame" x="{LEFT}" y="{TOP}" width="{SIZE}" height="{SIZE}"/>"#
    );
    let _ = writeln!(
        s,
        r#"<line class="cutoff" x1="{cx:.1}" y1="{TOP}" x2="{cx:.1}" y2="{bottom}"/>"#
    );
    let _ = writeln!(
        s,
        r#"<line class="cutoff" x1="{LEFT}" y1="{cy:.1}" x2="{right}" y2="{cy:.1}"/>"#
    );
    // Quadrant names in the outer corners.
    let pad = 10.0;
    for (tx, ty, anchor, name) in [
        (LEFT + pad, TOP + 22.0, "start", "Anxious"),
        (right - pad, TOP + 22.0, "end", "Fearful-avoidant"),
        (LEFT + pad, bottom - pad, "start", "Secure"),
        (right - pad, bottom - pad, "end", "Avoidant"),
    ] {
        let _ = writeln!(
            s,
            r#"<text class="quadrant" x="{tx:.1}" y="{ty:.1}" text-anchor="{anchor}">{name}</text>"#
        );
    }
    // Ticks: minimum, cutoff, maximum on each axis.
    for (v, anchor) in [(lo, "start"), (avoidance.cutoff, "middle"), (hi, "end")] {
        let _ = writeln!(
            s,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#,
            x(v),
            bottom + 18.0,
            fmt_tick(v)
        );
    }
    for v in [lo, anxiety.cutoff, hi] {
        let _ = writeln!(
            s,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            LEFT - 8.0,
            y(v) + 5.0,
            fmt_tick(v)
        );
    }
    let _ = writeln!(
        s,
        r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle">Avoidance →</text>"#,
        LEFT + SIZE / 2.0,
        bottom + 42.0
    );
    let _ = writeln!(
        s,
        r#"<text class="axis" transform="translate(22 {:.1}) rotate(-90)" text-anchor="middle">Anxiety →</text>"#,
        TOP + SIZE / 2.0
    );
    // Whiskers, then the point.
    let (px, py) = (x(xv), y(ya));
    let cap = 6.0;
    if let Some([a, b]) = avoidance.interval {
        let (l, r) = (x(a), x(b));
        let _ = writeln!(
            s,
            r#"<path class="whisker" d="M{l:.1} {py:.1}H{r:.1}M{l:.1} {:.1}V{:.1}M{r:.1} {:.1}V{:.1}"/>"#,
            py - cap,
            py + cap,
            py - cap,
            py + cap
        );
    }
    if let Some([a, b]) = anxiety.interval {
        let (top, bot) = (y(b), y(a));
        let _ = writeln!(
            s,
            r#"<path class="whisker" d="M{px:.1} {top:.1}V{bot:.1}M{:.1} {top:.1}H{:.1}M{:.1} {bot:.1}H{:.1}"/>"#,
            px - cap,
            px + cap,
            px - cap,
            px + cap
        );
    }
    let _ = writeln!(
        s,
        r#"<circle class="point" cx="{px:.1}" cy="{py:.1}" r="7"/>"#
    );
    s.push_str("</svg>");
    s
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
figure svg { display: block; width: 100%; max-width: 100%; height: auto; }
figcaption { font-size: .9rem; color: #4a5563; margin-top: .4rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid #e4e7eb; }
th { font-weight: 600; background: #f5f7fa; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.style { font-size: 1.25rem; font-weight: 600; margin: .2rem 0; }
.note { margin-top: 2rem; padding: .9rem 1rem; border-left: 4px solid #8a6d3b; background: #fbf7ee; }
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
  figure { max-width: 95mm; }
  h2 { break-after: avoid; }
  figure, table, tr, .note, section.keep { break-inside: avoid; }
}
"#;

/// The cells of one dimension's row, escaped with `esc`: label, score (with
/// the reason when there is none), interval, position, answered.
fn dimension_cells(d: &DimensionScore, esc: fn(&str) -> String) -> [String; 5] {
    let score = d.score.map_or_else(
        || {
            format!(
                "no score: {}",
                esc(d.reason.as_deref().unwrap_or("too many answers missing"))
            )
        },
        |v| format!("{v:.2}"),
    );
    [
        esc(&d.label),
        score,
        esc(&interval(d)),
        esc(&position(d)),
        format!("{} of {}", d.answered, d.items),
    ]
}

/// The dimension table of the HTML report, for the whole result or one relationship.
fn dimension_table_html(dims: &[DimensionScore], scale: (i64, i64)) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<table>\n<thead><tr><th>Dimension</th><th>Score ({}–{})</th><th>95% interval</th><th>Compared with the cutoff</th><th>Answered</th></tr></thead>\n<tbody>",
        scale.0, scale.1
    );
    for d in dims {
        let [label, score, interval, position, answered] = dimension_cells(d, escape);
        let pct = d
            .percentile
            .map_or(String::new(), |p| format!("<br>percentile {p:.0}"));
        let _ = writeln!(
            s,
            "<tr><td>{label}</td><td class=\"num\">{score}{pct}</td><td class=\"num\">{interval}</td><td>{position}</td><td class=\"num\">{answered}</td></tr>"
        );
    }
    let _ = writeln!(s, "</tbody>\n</table>");
    s
}

/// Who the percentiles compare with, and sums, under the dimension table.
fn published_notes(scored: &ResultDoc, scale: (i64, i64)) -> Vec<String> {
    let mut v = super::published::percentiles(&scored.dimensions);
    v.extend(super::published::sums(&scored.dimensions, scale));
    v
}

/// The Markdown counterpart of [`dimension_table_html`].
fn dimension_table_md(dims: &[DimensionScore], scale: (i64, i64)) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| Dimension | Score ({}–{}) | 95% interval | Compared with the cutoff | Answered |\n|---|---|---|---|---|",
        scale.0, scale.1
    );
    for d in dims {
        let _ = writeln!(s, "| {} |", dimension_cells(d, md).join(" | "));
    }
    s
}

/// The HTML report. `scale` is the bank's response scale (min, max).
pub fn html(scored: &ResultDoc, scale: (i64, i64)) -> String {
    let e = escape;
    let b = &scored.bank;
    let mut s = String::new();
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
        "<p class=\"meta\">Questionnaire <code>{}</code> version {} · {}{}</p>\n</header>",
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

    if let (Some(a), Some(v)) = (dim(scored, "anxiety"), dim(scored, "avoidance")) {
        let _ = writeln!(
            s,
            "<figure>\n{}\n<figcaption>The point is the result; the bars through it are 95% intervals. \
             A bar that crosses a dashed cutoff line means the result is borderline on that dimension.</figcaption>\n</figure>",
            svg(&a, &v, scale)
        );
    }

    let overall = if scored.targets.is_empty() {
        "The dimensions"
    } else {
        "The dimensions, over all relationships"
    };
    let _ = writeln!(s, "<section class=\"keep\">\n<h2>{overall}</h2>");
    s.push_str(&dimension_table_html(&scored.dimensions, scale));
    if scored
        .dimensions
        .iter()
        .any(|d| d.reference_assumed == Some(true))
    {
        let _ = writeln!(
            s,
            "<p class=\"meta\">The intervals use reference values assumed from published questionnaires, not measured on this one.</p>"
        );
    }
    for line in published_notes(scored, scale) {
        let _ = writeln!(s, "<p class=\"meta\">{}</p>", e(&line));
    }
    let _ = writeln!(s, "</section>");
    if !scored.targets.is_empty() {
        let _ = writeln!(s, "<section>\n<h2>By relationship</h2>");
        for t in &scored.targets {
            let _ = writeln!(s, "<section class=\"keep\">\n<h3>{}</h3>", e(&t.label));
            if t.not_applicable {
                let _ = writeln!(s, "<p>Does not apply.</p>");
            } else {
                if let Some(st) = &t.style {
                    let _ = writeln!(
                        s,
                        "<p>Nearest style: {}</p>",
                        e(crate::text::explain::style_name(st.id))
                    );
                }
                s.push_str(&dimension_table_html(&t.dimensions, scale));
            }
            let _ = writeln!(s, "</section>");
        }
        let _ = writeln!(s, "</section>");
    }

    let _ = writeln!(s, "<section class=\"keep\">\n<h2>The nearest style</h2>");
    match style_line(scored) {
        Some((name, quadrant, neighbours)) => {
            let _ = writeln!(s, "<p class=\"style\">{}</p>", e(&name));
            if let Some(q) = quadrant {
                let _ = writeln!(s, "<p>Quadrant: {}</p>", e(&q));
            }
            if !neighbours.is_empty() {
                let _ = writeln!(
                    s,
                    "<p>Borderline with: {}. The dimensions matter more than the name.</p>",
                    e(&neighbours.join(", "))
                );
            }
        }
        None if super::published::no_style_measured(scored) => {
            let _ = writeln!(
                s,
                "<p>No style: {}</p>",
                e(super::published::NO_STYLE_MEASURED.trim_start_matches("none: "))
            );
        }
        None => {
            let _ = writeln!(s, "<p>No style can be given: a dimension has no score.</p>");
        }
    }
    let _ = writeln!(s, "</section>");
    if let Some((head, caution)) = super::published::category(scored) {
        let _ = writeln!(
            s,
            "<section class=\"keep\">\n<h2>The instrument's own category</h2>\n<p>{}</p>\n<p class=\"meta\">{}</p>\n</section>",
            e(&head),
            e(&caution)
        );
    }

    let _ = writeln!(s, "<section>\n<h2>What this means</h2>");
    for (head, items) in explanation(scored) {
        if !head.is_empty() {
            let _ = writeln!(s, "<p>{}</p>", e(&head));
        }
        if !items.is_empty() {
            let _ = writeln!(s, "<ul>");
            for i in items {
                let _ = writeln!(s, "<li>{}</li>", e(&i));
            }
            let _ = writeln!(s, "</ul>");
        }
    }
    let _ = writeln!(s, "</section>");

    let _ = writeln!(s, "<section class=\"keep\">\n<h2>Response quality</h2>");
    if scored.quality.is_empty() {
        let _ = writeln!(s, "<p>No response-quality concerns were flagged.</p>");
    } else {
        let _ = writeln!(s, "<ul>");
        for q in &scored.quality {
            let _ = writeln!(
                s,
                "<li><strong>{}</strong>: {}</li>",
                e(&q.id),
                e(&q.message)
            );
        }
        let _ = writeln!(s, "</ul>");
    }
    let _ = writeln!(s, "</section>");
    let _ = writeln!(
        s,
        "<aside class=\"note\"><strong>Not a diagnosis.</strong> {}</aside>",
        e(&texts().topics.not_a_diagnosis)
    );
    let _ = writeln!(
        s,
        "<footer>Made by securebase {} on this computer; nothing was sent anywhere.</footer>\n</main>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    s
}

/// Markdown text: escapes what a Markdown renderer would read as markup.
fn md(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
        .replace('`', "\\`")
        .replace('[', "\\[")
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
    if let Some(p) = crate::render::plot::plot_for(scored, scale, ctx) {
        let _ = writeln!(s, "```text\n{}```\n", p.replace("```", "'''"));
    }
    let _ = writeln!(s, "## The dimensions\n");
    s.push_str(&dimension_table_md(&scored.dimensions, scale));
    for line in published_notes(scored, scale) {
        let _ = writeln!(s, "\n{}", md(&line));
    }
    for t in &scored.targets {
        let _ = writeln!(s, "\n### {}\n", md(&t.label));
        if t.not_applicable {
            let _ = writeln!(s, "Does not apply.");
        } else {
            if let Some(st) = &t.style {
                let _ = writeln!(
                    s,
                    "Nearest style: {}\n",
                    md(crate::text::explain::style_name(st.id))
                );
            }
            s.push_str(&dimension_table_md(&t.dimensions, scale));
        }
    }
    let _ = writeln!(s, "\n## The nearest style\n");
    match style_line(scored) {
        Some((name, quadrant, neighbours)) => {
            let _ = writeln!(s, "**{}**", md(&name));
            if let Some(q) = quadrant {
                let _ = writeln!(s, "\nQuadrant: {}", md(&q));
            }
            if !neighbours.is_empty() {
                let _ = writeln!(s, "\nBorderline with: {}.", md(&neighbours.join(", ")));
            }
        }
        None if super::published::no_style_measured(scored) => {
            let _ = writeln!(
                s,
                "No style: {}",
                md(super::published::NO_STYLE_MEASURED.trim_start_matches("none: "))
            );
        }
        None => {
            let _ = writeln!(s, "No style can be given: a dimension has no score.");
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
    let _ = writeln!(s, "\n## What this means\n");
    for (head, items) in explanation(scored) {
        if !head.is_empty() {
            let _ = writeln!(s, "{}\n", md(&head));
        }
        for i in &items {
            let _ = writeln!(s, "- {}", md(i));
        }
        if !items.is_empty() {
            s.push('\n');
        }
    }
    let _ = writeln!(s, "## Response quality\n");
    if scored.quality.is_empty() {
        let _ = writeln!(s, "No response-quality concerns were flagged.\n");
    } else {
        for q in &scored.quality {
            let _ = writeln!(s, "- **{}**: {}", md(&q.id), md(&q.message));
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "> **Not a diagnosis.** {}",
        md(&texts().topics.not_a_diagnosis)
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

    #[test]
    fn paragraphs_and_lists() {
        let p = paragraphs("Title\n\nWhat can help:\n  - one\n  - two\n\n\nLast.");
        assert_eq!(
            p,
            vec![
                ("Title".to_string(), vec![]),
                (
                    "What can help:".to_string(),
                    vec!["one".to_string(), "two".to_string()]
                ),
                ("Last.".to_string(), vec![]),
            ]
        );
    }
}
