//! A study analysis for people (the terminal table and Markdown) and for
//! spreadsheets (the item table as CSV). Pure: an [`Analysis`] in, text out.
//! Numbers for people have 2 decimals (3 for reliability coefficients, as
//! psych prints them); CSV keeps 6.

use std::fmt::Write as _;

use comfy_table::Cell;

use super::ctx::{styled, RenderCtx, BOLD, DIM};
use crate::bank::Bank;
use crate::scoring::analysis::{Analysis, DimensionAnalysis, Histogram, ItemAnalysis, Reliability};
use crate::text::analysis as words;
use crate::text::explain::style_name;

/// A number for people, or an en dash where there is none (one column in
/// ASCII too, so tables stay aligned).
pub(crate) fn num(x: Option<f64>, places: usize) -> String {
    x.map_or("–".into(), |v| format!("{v:.places$}"))
}

/// `part` of `whole` as a percentage with one decimal.
pub(crate) fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".into()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

/// Thousands separated by commas: 1000000 → 1,000,000.
pub(crate) fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Who and what: the bank, the respondents, the files, the method.
pub(crate) fn heading(a: &Analysis) -> (String, String) {
    let skipped = if a.skipped > 0 {
        format!(" ({} invalid skipped)", count(a.skipped))
    } else {
        String::new()
    };
    (
        format!("Study analysis: {}", a.bank.title),
        format!(
            "{} v{} · {} respondents{skipped} from {} · missing answers handled {}",
            a.bank.id,
            a.bank.version,
            count(a.respondents),
            a.sources.join(", "),
            match a.missing {
                crate::scoring::stats::Missing::Pairwise => "pairwise",
                crate::scoring::stats::Missing::Listwise => "listwise (complete respondents only)",
            }
        ),
    )
}

/// The dimension's title: its label, with the relationship where there is one.
pub(crate) fn title(d: &DimensionAnalysis) -> String {
    match &d.target_label {
        Some(t) => format!("{} · {t}", d.label),
        None => d.label.clone(),
    }
}

/// "scored 987 of 1,000 (13 not scored: too many items missing)".
pub(crate) fn scored_line(d: &DimensionAnalysis) -> String {
    let missing: u64 = d.scores.not_scored.values().sum();
    let total = d.scores.n + missing;
    let mut s = format!("scored {} of {}", count(d.scores.n), count(total));
    if missing > 0 {
        let why: Vec<String> = d
            .scores
            .not_scored
            .iter()
            .map(|(id, n)| format!("{} {}", count(*n), words::not_scored(id)))
            .collect();
        let _ = write!(s, " (not scored: {})", why.join("; "));
    }
    s
}

pub(crate) fn describe_line(d: &DimensionAnalysis) -> String {
    let s = &d.scores;
    format!(
        "mean {} · SD {} · skew {} · lowest {} · highest {}",
        num(s.mean, 2),
        num(s.sd, 2),
        num(s.skew, 2),
        num(s.min, 2),
        num(s.max, 2)
    )
}

pub(crate) fn reliability_line(r: &Reliability) -> String {
    let ci = r.alpha_ci.map_or(String::new(), |[lo, hi]| {
        format!(" (95% CI {lo:.3}–{hi:.3})")
    });
    format!(
        "alpha {}{ci} · standardized {} · average r {} · omega {} · {} items, n = {}",
        num(r.alpha, 3),
        num(r.std_alpha, 3),
        num(r.average_r, 3),
        num(r.omega, 3),
        r.items,
        count(r.n)
    )
}

/// Sentences for what could not be computed, and the omega caution.
/// Statistics that share a reason share one sentence ("alpha and omega
/// cannot be computed: …").
pub(crate) fn reliability_notes(r: &Reliability) -> Vec<String> {
    let mut groups: Vec<(Vec<&str>, String)> = Vec::new();
    for name in ["alpha", "std_alpha", "average_r", "omega"] {
        let Some(why) = r.unavailable.get(name) else {
            continue;
        };
        let reason = words::unavailable(why);
        match groups.iter_mut().find(|(_, r)| *r == reason) {
            Some((names, _)) => names.push(words::statistic(name)),
            None => groups.push((vec![words::statistic(name)], reason)),
        }
    }
    let mut notes: Vec<String> = groups
        .into_iter()
        .map(|(names, reason)| {
            let list = match names.as_slice() {
                [one] => (*one).to_string(),
                [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
                [] => String::new(),
            };
            format!("{list} cannot be computed: {reason}")
        })
        .collect();
    if r.omega_bounded {
        notes.push(words::OMEGA_BOUNDED.to_string());
    }
    notes
}

pub(crate) fn cutoff_line(d: &DimensionAnalysis) -> String {
    format!(
        "cutoff {:.2}: {} above it, {} at or close to it",
        d.cutoff.value,
        pct(d.cutoff.above, d.scores.n),
        pct(d.cutoff.at_or_close, d.scores.n)
    )
}

/// One character per bar, eight heights.
fn sparkline(h: &Histogram) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let top = h.counts.iter().copied().max().unwrap_or(0);
    h.counts
        .iter()
        .map(|&c| {
            if c == 0 {
                ' '
            } else {
                LEVELS[((c * 7) as f64 / top as f64).round() as usize]
            }
        })
        .collect()
}

fn item_row(i: &ItemAnalysis) -> Vec<String> {
    vec![
        if i.reverse {
            format!("{} (R)", i.key)
        } else {
            i.key.clone()
        },
        count(i.n),
        i.missing
            .map_or("–".into(), |m| format!("{:.1}%", 100.0 * m)),
        num(i.mean, 2),
        num(i.sd, 2),
        num(i.r_drop, 2),
        num(i.alpha_if_dropped, 3),
    ]
}

const ITEM_HEADER: [&str; 7] = [
    "item",
    "n",
    "missing",
    "mean",
    "SD",
    "r.drop",
    "alpha if dropped",
];

fn dimension_table(ctx: &RenderCtx, d: &DimensionAnalysis, out: &mut String) {
    // Indented lines, wrapped to the width (continuations keep the indent).
    let line = |out: &mut String, text: &str| {
        let _ = writeln!(out, "{}", ctx.wrap(&format!("  {text}")));
    };
    let _ = writeln!(out, "\n{}", styled(BOLD, &ctx.wrap(&title(d))));
    line(out, &scored_line(d));
    if d.scores.n > 0 {
        line(out, &describe_line(d));
        let h = &d.scores.histogram;
        let spark = format!("  {} {} {}", h.from, sparkline(h), h.to);
        // Only where it fits: a wrapped sparkline would be noise.
        if spark.chars().count() <= ctx.width {
            let _ = writeln!(out, "{spark}");
        }
        line(out, &cutoff_line(d));
    }
    let Some(r) = &d.reliability else {
        return;
    };
    line(out, &reliability_line(r));
    for note in reliability_notes(r) {
        let _ = writeln!(out, "{}", styled(DIM, &ctx.wrap(&format!("  {note}"))));
    }
    // Below 60 columns the table keeps what matters most for a scale:
    // the item, its mean, r.drop and alpha if dropped.
    let keep: &[usize] = if ctx.width < 60 {
        &[0, 3, 5, 6]
    } else {
        &[0, 1, 2, 3, 4, 5, 6]
    };
    let mut t = ctx.table();
    t.set_header(keep.iter().map(|&c| ITEM_HEADER[c]));
    for i in &r.item_stats {
        let row = item_row(i);
        t.add_row(keep.iter().map(|&c| Cell::new(&row[c])));
    }
    if ctx.width >= 60 {
        RenderCtx::keep_whole(&mut t, &[0, 5]);
    }
    let _ = writeln!(out, "{t}");
    for w in r.item_stats.iter().filter_map(words::item_warning) {
        let _ = writeln!(out, "{}", ctx.wrap(&format!("warning: {w}")));
    }
}

/// Correlations, cutoffs, styles and quality, shared by table and Markdown.
pub(crate) fn study_lines(a: &Analysis) -> Vec<(String, Vec<String>)> {
    let mut sections = Vec::new();
    if !a.correlations.is_empty() {
        let lines = a
            .correlations
            .iter()
            .map(|c| format!("{}–{}: r = {} (n = {})", c.a, c.b, num(c.r, 3), count(c.n)))
            .collect();
        sections.push(("Between dimensions".to_string(), lines));
    }
    if let Some(s) = &a.styles {
        let total = s.clear.values().sum::<u64>() + s.between + s.none;
        let mut lines: Vec<String> = s
            .clear
            .iter()
            .map(|(id, n)| format!("{}: {} ({})", style_name(*id), count(*n), pct(*n, total)))
            .collect();
        // A dimensional bank's style is between two when a score is close
        // to a cutoff; a paragraph bank's when ratings tie.
        let why = if a.plane.is_some() {
            "close to a cutoff"
        } else {
            "tied ratings"
        };
        lines.push(format!(
            "between styles ({why}): {} ({})",
            count(s.between),
            pct(s.between, total)
        ));
        if s.none > 0 {
            lines.push(format!(
                "no style (a score missing): {} ({})",
                count(s.none),
                pct(s.none, total)
            ));
        }
        sections.push(("Nearest styles".to_string(), lines));
    }
    let q = &a.quality;
    let mut lines = vec![format!(
        "{} respondents flagged ({})",
        count(q.respondents_flagged),
        pct(q.respondents_flagged, a.respondents)
    )];
    lines.extend(q.flags.iter().map(|(id, n)| format!("{id}: {}", count(*n))));
    sections.push(("Response quality".to_string(), lines));
    sections
}

/// The analysis as a terminal report.
pub fn table(ctx: &RenderCtx, a: &Analysis, _bank: &Bank) -> String {
    let mut out = String::new();
    let (head, sub) = heading(a);
    let _ = writeln!(out, "{}", styled(BOLD, &ctx.wrap(&head)));
    let _ = writeln!(out, "{}", styled(DIM, &ctx.wrap(&sub)));
    for d in &a.dimensions {
        dimension_table(ctx, d, &mut out);
    }
    for (name, lines) in study_lines(a) {
        let _ = writeln!(out, "\n{}", styled(BOLD, &name));
        for l in lines {
            let _ = writeln!(out, "{}", ctx.wrap(&format!("  {l}")));
        }
    }
    if !a.dimensions.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            styled(
                DIM,
                &ctx.wrap(&format!(
                    "Close to the cutoff: {}. (R) marks a reverse-keyed item; item statistics are after reversal.",
                    words::CLOSE_TO_CUTOFF
                ))
            )
        );
    }
    out
}

/// The analysis as Markdown.
pub fn markdown(a: &Analysis, _bank: &Bank) -> String {
    let mut out = String::new();
    let (head, sub) = heading(a);
    let _ = writeln!(out, "# {}\n\n{sub}\n", md(&head));
    for d in &a.dimensions {
        let _ = writeln!(out, "## {}\n", md(&title(d)));
        let _ = writeln!(out, "- {}", scored_line(d));
        if d.scores.n > 0 {
            let _ = writeln!(out, "- {}", describe_line(d));
            let _ = writeln!(out, "- {}", cutoff_line(d));
        }
        if let Some(r) = &d.reliability {
            let _ = writeln!(out, "- {}", reliability_line(r));
            for note in reliability_notes(r) {
                let _ = writeln!(out, "- {note}");
            }
            let _ = writeln!(out, "\n| {} |", ITEM_HEADER.join(" | "));
            let _ = writeln!(out, "|{}", "---|".repeat(ITEM_HEADER.len()));
            for i in &r.item_stats {
                let cells: Vec<String> = item_row(i).iter().map(|c| md(c)).collect();
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            }
            for w in r.item_stats.iter().filter_map(words::item_warning) {
                let _ = writeln!(out, "\n**Warning:** {}", md(&w));
            }
        }
        out.push('\n');
    }
    for (name, lines) in study_lines(a) {
        let _ = writeln!(out, "## {name}\n");
        for l in lines {
            let _ = writeln!(out, "- {}", md(&l));
        }
        out.push('\n');
    }
    if !a.dimensions.is_empty() {
        let _ = writeln!(out, "Close to the cutoff: {}.", words::CLOSE_TO_CUTOFF);
    }
    out
}

/// Text from a bank or file made safe for Markdown: characters that
/// would start markup are escaped.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The item table as CSV: one row per item (per relationship).
pub fn items_csv(a: &Analysis) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let opt = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.6}"));
    let _ = w.write_record([
        "dimension",
        "relationship",
        "item",
        "key",
        "reverse",
        "n",
        "missing",
        "mean",
        "sd",
        "r_drop",
        "alpha_if_dropped",
        "loading",
    ]);
    for d in &a.dimensions {
        let Some(r) = &d.reliability else { continue };
        for i in &r.item_stats {
            let _ = w.write_record([
                d.id.clone(),
                d.target.clone().unwrap_or_default(),
                i.id.clone(),
                i.key.clone(),
                i.reverse.to_string(),
                i.n.to_string(),
                opt(i.missing),
                opt(i.mean),
                opt(i.sd),
                opt(i.r_drop),
                opt(i.alpha_if_dropped),
                opt(i.loading),
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
