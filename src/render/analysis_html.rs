//! The study report: one self-contained HTML page (inline CSS and SVG, no
//! script, nothing fetched) with a histogram per dimension and the anxiety ×
//! avoidance plane as a binned density, readable for ten respondents or a
//! million (cells are shaded on a logarithmic scale and the legend gives
//! the counts). Every string from a bank or a file is escaped.

use std::fmt::Write as _;

use super::analysis::{
    count, cutoff_line, describe_line, heading, num, reliability_line, reliability_notes,
    scored_line, study_lines, title,
};
use super::html::escape;
use crate::bank::Bank;
use crate::scoring::analysis::{Analysis, DimensionAnalysis, Histogram, Plane};
use crate::text::analysis as words;

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#1d232b;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin:2rem 0 .4rem;border-bottom:1px solid #d6dbe1;padding-bottom:.2rem}
.sub{color:#5a6470;margin-top:0}.dim{display:grid;grid-template-columns:minmax(0,1fr) 22rem;gap:1rem;align-items:start}
ul{padding-left:1.2rem;margin:.3rem 0}table{border-collapse:collapse;font-size:.9rem;margin:.6rem 0}
th,td{border-bottom:1px solid #e3e7ec;padding:.2rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}
.warn{background:#fff4e0;border-left:4px solid #e0a030;padding:.4rem .7rem;margin:.4rem 0}.note{color:#5a6470;font-size:.9rem}
svg text{font-family:inherit}footer{margin-top:2.5rem;color:#5a6470;font-size:.85rem}";

/// A histogram as an SVG bar chart over the scale, the cutoff dashed.
fn histogram_svg(h: &Histogram, cutoff: f64) -> String {
    let (w, ht, left, bottom) = (340.0, 150.0, 34.0, 22.0);
    let plot_w = w - left - 8.0;
    let plot_h = ht - bottom - 10.0;
    let top = h.counts.iter().copied().max().unwrap_or(0).max(1);
    let x = |v: f64| left + (v - h.from) / (h.to - h.from) * plot_w;
    let bar = plot_w / h.counts.len() as f64;
    let mut s = format!(
        r#"<svg viewBox="0 0 {w} {ht}" width="{w}" height="{ht}" role="img" aria-label="distribution of scores">"#
    );
    for (i, &c) in h.counts.iter().enumerate() {
        if c == 0 {
            continue;
        }
        let centre = x(h.from + i as f64 * h.step);
        let height = c as f64 / top as f64 * plot_h;
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{height:.1}" fill="#4a7fb0"><title>{}: {}</title></rect>"##,
            centre - bar * 0.45,
            10.0 + plot_h - height,
            bar * 0.9,
            num(Some(h.from + i as f64 * h.step), 2),
            count(c)
        );
    }
    let base = 10.0 + plot_h;
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{base}" x2="{:.1}" y2="{base}" stroke="#1d232b"/>"##,
        left + plot_w
    );
    let mut v = h.from;
    while v <= h.to + 1e-9 {
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{v}</text>"#,
            x(v),
            base + 15.0
        );
        v += 1.0;
    }
    let _ = write!(
        s,
        r##"<line x1="{0:.1}" y1="8" x2="{0:.1}" y2="{base}" stroke="#c0392b" stroke-dasharray="4 3"/><text x="4" y="18" font-size="11">{1}</text><text x="4" y="30" font-size="9" fill="#5a6470">most</text></svg>"##,
        x(cutoff),
        count(top)
    );
    s
}

/// The plane as a grid of cells, darker where more respondents are
/// (logarithmic, so one respondent still shows beside a thousand).
fn plane_svg(p: &Plane) -> String {
    let (size, left, bottom) = (420.0, 40.0, 36.0);
    let cell = (size - left - 10.0) / p.bins as f64;
    let side = cell * p.bins as f64;
    let top = p.counts.iter().flatten().copied().max().unwrap_or(0).max(1);
    let pos = |v: f64| (v - p.from) / (p.to - p.from) * side;
    let mut s = format!(
        r#"<svg viewBox="0 0 {size} {0}" width="{size}" height="{0}" role="img" aria-label="respondents on the anxiety and avoidance plane">"#,
        size + bottom - 30.0
    );
    let _ = write!(
        s,
        r##"<rect x="{left}" y="10" width="{side:.1}" height="{side:.1}" fill="#f6f8fa" stroke="#1d232b"/>"##
    );
    for (a, row) in p.counts.iter().enumerate() {
        for (v, &c) in row.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let shade = 0.15 + 0.85 * ((1.0 + c as f64).ln() / (1.0 + top as f64).ln());
            let _ = write!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{cell:.1}" height="{cell:.1}" fill="#2c5f8a" fill-opacity="{shade:.3}"><title>{}</title></rect>"##,
                left + v as f64 * cell,
                10.0 + side - (a + 1) as f64 * cell,
                count(c)
            );
        }
    }
    let (cx, cy) = (
        left + pos(p.avoidance_cutoff),
        10.0 + side - pos(p.anxiety_cutoff),
    );
    let _ = write!(
        s,
        r##"<line x1="{cx:.1}" y1="10" x2="{cx:.1}" y2="{0:.1}" stroke="#c0392b" stroke-dasharray="4 3"/><line x1="{left}" y1="{cy:.1}" x2="{1:.1}" y2="{cy:.1}" stroke="#c0392b" stroke-dasharray="4 3"/>"##,
        10.0 + side,
        left + side
    );
    let labels = [
        ("Secure", left + 6.0, 10.0 + side - 6.0, "start"),
        ("Avoidant", left + side - 6.0, 10.0 + side - 6.0, "end"),
        ("Anxious", left + 6.0, 24.0, "start"),
        ("Fearful-avoidant", left + side - 6.0, 24.0, "end"),
    ];
    for (text, x, y, anchor) in labels {
        let _ = write!(
            s,
            r##"<text x="{x:.1}" y="{y:.1}" font-size="12" fill="#1d232b" stroke="#ffffff" stroke-width="3" paint-order="stroke" text-anchor="{anchor}">{text}</text>"##
        );
    }
    let _ = write!(
        s,
        r#"<text x="{0:.1}" y="{1:.1}" font-size="12" text-anchor="middle">Avoidance →</text><text x="12" y="{2:.1}" font-size="12" text-anchor="middle" transform="rotate(-90 12 {2:.1})">Anxiety →</text><text x="{left}" y="{3:.1}" font-size="11" text-anchor="middle">{4}</text><text x="{5:.1}" y="{3:.1}" font-size="11" text-anchor="middle">{6}</text></svg>"#,
        left + side / 2.0,
        10.0 + side + 30.0,
        10.0 + side / 2.0,
        10.0 + side + 14.0,
        p.from,
        left + side,
        p.to
    );
    s
}

fn dimension_section(d: &DimensionAnalysis, out: &mut String) {
    let _ = write!(
        out,
        "<h2>{}</h2><div class=\"dim\"><div><ul>",
        escape(&title(d))
    );
    let _ = write!(out, "<li>{}</li>", escape(&scored_line(d)));
    if d.scores.n > 0 {
        let _ = write!(
            out,
            "<li>{}</li><li>{}</li>",
            escape(&describe_line(d)),
            escape(&cutoff_line(d))
        );
    }
    if let Some(r) = &d.reliability {
        let _ = write!(out, "<li>{}</li>", escape(&reliability_line(r)));
    }
    out.push_str("</ul>");
    if let Some(r) = &d.reliability {
        for note in reliability_notes(r) {
            let _ = write!(out, "<p class=\"note\">{}</p>", escape(&note));
        }
    }
    out.push_str("</div><div>");
    if d.scores.n > 0 {
        out.push_str(&histogram_svg(&d.scores.histogram, d.cutoff.value));
    }
    out.push_str("</div></div>");
    let Some(r) = &d.reliability else { return };
    out.push_str("<table><thead><tr><th>item</th><th>n</th><th>missing</th><th>mean</th><th>SD</th><th>r.drop</th><th>alpha if dropped</th><th>loading</th></tr></thead><tbody>");
    for i in &r.item_stats {
        let _ = write!(
            out,
            "<tr><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&i.key),
            if i.reverse { " (R)" } else { "" },
            count(i.n),
            i.missing.map_or("—".into(), |m| format!("{:.1}%", 100.0 * m)),
            num(i.mean, 2),
            num(i.sd, 2),
            num(i.r_drop, 2),
            num(i.alpha_if_dropped, 3),
            num(i.loading, 2)
        );
    }
    out.push_str("</tbody></table>");
    for w in r.item_stats.iter().filter_map(words::item_warning) {
        let _ = write!(out, "<p class=\"warn\">{}</p>", escape(&w));
    }
}

/// The study report page.
pub fn html(a: &Analysis, _bank: &Bank) -> String {
    let (head, sub) = heading(a);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{CSS}</style></head><body>",
        escape(&head)
    );
    let _ = write!(
        out,
        "<h1>{}</h1><p class=\"sub\">{}</p>",
        escape(&head),
        escape(&sub)
    );
    if let Some(p) = &a.plane {
        let total: u64 = p.counts.iter().flatten().sum();
        let _ = write!(
            out,
            "<h2>Anxiety and avoidance</h2><div class=\"dim\"><div>{}</div><div><p class=\"note\">Each cell counts the respondents whose two scores fall in it ({} with both scores); darker means more, on a logarithmic scale, so a single respondent still shows (the darkest cell holds {}). The dashed lines are the cutoffs. Hover a cell for its count.</p></div></div>",
            plane_svg(p),
            count(total),
            count(p.counts.iter().flatten().copied().max().unwrap_or(0))
        );
    }
    for d in &a.dimensions {
        dimension_section(d, &mut out);
    }
    for (name, lines) in study_lines(a) {
        let _ = write!(out, "<h2>{}</h2><ul>", escape(&name));
        for l in lines {
            let _ = write!(out, "<li>{}</li>", escape(&l));
        }
        out.push_str("</ul>");
    }
    let _ = writeln!(
        out,
        "<footer><p>Close to the cutoff: {}. (R) marks a reverse-keyed item; item statistics are after reversal. Alpha, r.drop and alpha if dropped as R psych's <code>alpha</code>; the 95% interval of alpha as pingouin's <code>cronbach_alpha</code>; omega total from a one-factor minres solution as <code>psych::fa</code>.</p><p>Made by securebase on this computer; nothing in this page was fetched from anywhere.</p></footer></body></html>",
        escape(words::CLOSE_TO_CUTOFF)
    );
    out
}
