//! Rendering results: the terminal table, CSV rows and JSON documents.
//! Numbers are rounded to 2 decimals for people (tables) and kept at full
//! precision for programs (JSON); CSV uses 4 decimals, enough for any
//! analysis of 1–7 means and stable across platforms.

use std::fmt::Write as _;

use comfy_table::Cell;

use crate::bank::Bank;
use crate::render::display;
use crate::scoring::result::{Decision, DimensionScore, Level, Scored, Scores, StyleId};
use crate::text::words;
use crate::ui::term::{self, styled, BOLD, DIM};

fn num(x: Option<f64>) -> String {
    x.map_or("—".into(), |v| format!("{v:.2}"))
}

fn dimension_table(dims: &[DimensionScore], scale: (i64, i64)) -> comfy_table::Table {
    let mut t = term::table();
    t.set_header([
        "dimension",
        "score",
        "95% interval",
        "cutoff",
        "level",
        "answered",
    ]);
    for d in dims {
        let interval =
            display::interval_text(d, scale, " – ").unwrap_or_else(|| "no reference values".into());
        let answered = match words::reason(d) {
            Some(r) => format!("{}/{}: {r}", d.answered, d.items),
            None => format!("{}/{}", d.answered, d.items),
        };
        t.add_row([
            Cell::new(&d.label),
            Cell::new(num(d.score)),
            Cell::new(interval),
            Cell::new(format!("{:.2}", d.cutoff)),
            Cell::new(words::level(d)),
            Cell::new(answered),
        ]);
    }
    t
}

/// Wraps text to the terminal width (80 when unknown), keeping paragraphs.
pub fn wrap(text: &str) -> String {
    let width = term::width().map_or(80, |w| usize::from(w).min(100));
    text.split('\n')
        .map(|line| {
            let indent: String = line.chars().take_while(|c| *c == ' ').collect();
            let bullet = if line.trim_start().starts_with("- ") {
                "  "
            } else {
                ""
            };
            let rest = format!("{indent}{bullet}");
            let opts = textwrap::Options::new(width)
                .initial_indent(&indent)
                .subsequent_indent(&rest);
            textwrap::fill(line.trim_start(), opts)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Who and what: the bank's title, the respondent, version and status.
fn heading(r: &Scored, s: &mut String) {
    let _ = writeln!(s, "{}", styled(BOLD, &r.bank.title));
    let who = r
        .respondent
        .as_deref()
        .map_or(String::new(), |p| format!("respondent {p} · "));
    let status = if r.bank.validated {
        "validated"
    } else {
        "educational, not validated"
    };
    let _ = writeln!(
        s,
        "{}",
        styled(
            DIM,
            &format!("{who}{} v{} · {status}", r.bank.id, r.bank.version)
        )
    );
}

/// The dimension tables (overall and per relationship), each with its
/// interval notes.
fn dimensions(r: &Scored, scale: (i64, i64), s: &mut String) {
    let notes = |s: &mut String, dims: &[DimensionScore]| {
        for n in display::interval_notes(dims, scale) {
            let _ = writeln!(s, "{}", styled(DIM, &n));
        }
    };
    if !r.dimensions.is_empty() {
        let _ = writeln!(s, "{}", dimension_table(&r.dimensions, scale));
        notes(s, &r.dimensions);
    }
    for t in &r.targets {
        if t.not_applicable {
            let _ = writeln!(s, "\n{}: does not apply", styled(BOLD, &t.label));
            continue;
        }
        let (_, h) = words::headline(t.style.as_ref(), None);
        let _ = writeln!(s, "\n{} (style: {h})", styled(BOLD, &t.label));
        let _ = writeln!(s, "{}", dimension_table(&t.dimensions, scale));
        notes(s, &t.dimensions);
    }
}

/// A paragraph bank's answers: the four ratings, the forced choice and the
/// models of self and others.
fn prototype_answers(r: &Scored, scale: (i64, i64), s: &mut String) {
    let Some(p) = &r.prototype else { return };
    let (rows, lines) = display::prototype_answers(p, Some(scale));
    let mut t = term::table();
    t.set_header([
        "description".to_string(),
        format!("your rating ({}–{})", scale.0, scale.1),
    ]);
    for (name, rating) in rows {
        t.add_row([name, rating]);
    }
    let _ = writeln!(s, "{t}");
    for l in lines {
        let _ = writeln!(s, "{l}");
    }
}

/// The style block: the headline (with its note), the disorganization
/// dimension beside it, and the two axes.
fn style_block(r: &Scored, s: &mut String) {
    let (h, note) = display::headline(r);
    let _ = writeln!(s, "\n{} {h}", styled(BOLD, "Style:"));
    if let Some(n) = note {
        let _ = writeln!(s, "{n}");
    }
    if let Some(d) = display::disorganization_line(r) {
        let _ = writeln!(s, "{d}");
    }
    for line in display::axes_lines(r) {
        let _ = writeln!(s, "{}", styled(DIM, &line));
    }
}

/// The human-readable result: who and what, the dimensions (first, because
/// they are what the research supports) or a paragraph bank's answers, the
/// style, caveats, and (with `explain`) the full explanation.
pub fn table(bank: &Bank, r: &Scored, explain: bool, plot: Option<&str>) -> String {
    let scale = (bank.scale.min, bank.scale.max);
    let mut s = String::new();
    heading(r, &mut s);
    dimensions(r, scale, &mut s);
    prototype_answers(r, scale, &mut s);
    if let Some(plot) = plot {
        let _ = writeln!(s, "\n{}", plot.trim_end());
    }
    style_block(r, &mut s);
    if !r.quality.is_empty() {
        let _ = writeln!(s, "\n{}", styled(BOLD, "Please read with care:"));
        for q in &r.quality {
            let _ = writeln!(s, "  - {}", q.message);
        }
    }
    if explain {
        // The headline and its note are in the style block above.
        let sections: Vec<_> = r
            .explanation
            .sections
            .iter()
            .filter(|s| s.id != "headline")
            .cloned()
            .collect();
        let text = display::sections_text(&sections, |t| styled(BOLD, t), false);
        let _ = writeln!(s, "\n{}", wrap(&text));
    } else {
        let _ = writeln!(
            s,
            "\n{}",
            styled(
                DIM,
                "Not a diagnosis. `securebase explain` describes the styles and what helps."
            )
        );
    }
    s
}

/// A few lines with the answers or scores and the style, for the end of a
/// long screen (after `take`, the table and explanation have scrolled out
/// of view). `plot`: whether a plot was shown above.
pub fn summary(bank: &Bank, r: &Scored, plot: bool) -> String {
    let scale = (bank.scale.min, bank.scale.max);
    let (h, _) = display::headline(r);
    let answers = match &r.prototype {
        Some(p) => {
            let (rows, lines) = display::prototype_answers(p, Some(scale));
            let rated: Vec<String> = rows.iter().map(|(n, v)| format!("{n} {v}")).collect();
            let mut a = format!("your ratings: {}; {}", rated.join(", "), lines.join("; "));
            a = a
                .replace("Best fit", "best fit")
                .replace("Model of", "model of");
            a
        }
        None => r
            .dimensions
            .iter()
            .map(|d| {
                format!(
                    "{} {} ({})",
                    d.label.to_lowercase(),
                    num(d.score),
                    words::level(d)
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
    };
    let scroll = if plot {
        "Scroll up for the plot and what it means."
    } else {
        "Scroll up for what it means."
    };
    format!("Your result: {answers}. Style: {h}. {scroll}")
}

/// The per-dimension CSV columns, after the dimension's id.
const DIMENSION_SUFFIXES: [&str; 9] = [
    "",
    "_answered",
    "_missing",
    "_level",
    "_sem",
    "_lo",
    "_hi",
    "_close_to_cutoff",
    "_percentile",
];

/// The CSV header for a bank: a stable column order, documented in the
/// README. Likert banks end with the style, the quadrants that fit and the
/// two axes; paragraph banks with the style, the raw ratings (`rating_*`,
/// never the axes' names), the forced choice, the models of self and
/// others and the decision.
pub fn csv_header(bank: &Bank) -> Vec<String> {
    let mut h = vec![
        "respondent".to_string(),
        "bank".into(),
        "bank_version".into(),
    ];
    let dim_cols = |h: &mut Vec<String>, prefix: &str| {
        for d in &bank.dimensions {
            for suffix in DIMENSION_SUFFIXES {
                h.push(format!("{prefix}{}{suffix}", d.id));
            }
        }
    };
    dim_cols(&mut h, "");
    for t in &bank.targets {
        dim_cols(&mut h, &format!("{}.", t.id));
    }
    if bank.is_prototype_bank() {
        h.extend(["style", "candidates"].map(String::from));
        for p in PROTOTYPE_COLUMNS {
            h.push(format!("rating_{p}"));
        }
        h.extend(
            [
                "forced_choice",
                "model_of_self",
                "model_of_other",
                "decision",
            ]
            .map(String::from),
        );
    } else {
        h.extend(
            [
                "style",
                "quadrant",
                "candidates",
                "axis_secure_fearful",
                "axis_dismissing_preoccupied",
            ]
            .map(String::from),
        );
    }
    h.push("quality".into());
    h
}

/// Appends a whole number.
fn push_uint(mut n: u64, out: &mut Vec<u8>) {
    // Counts and whole parts are nearly always one or two digits: pushed
    // directly, without a copy of variable length.
    if n < 10 {
        out.push(b'0' + n as u8);
        return;
    }
    if n < 100 {
        out.extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
        return;
    }
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Appends `x` with 4 decimals, rounded half away from zero. `{:.4}` uses
/// exact (Dragon4) formatting through `fmt`, which made it the largest cost
/// of scoring a study; scaled integer digits give the same text for every
/// value a result holds (scores, intervals, percentiles, similarities).
fn push_fixed4(x: f64, out: &mut Vec<u8>) {
    if !x.is_finite() {
        return;
    }
    let y = x * 10_000.0;
    // `f64::round` is a library call on baseline x86-64. Below 2^52 (where
    // every value of a result lies) adding one half and truncating gives
    // the same integer: the sum is exact there, except below one half,
    // which rounds to zero.
    let a = y.abs();
    let n = if a < 0.5 {
        0
    } else if a < 4_503_599_627_370_496.0 {
        let m = (a + 0.5) as i64;
        if y < 0.0 {
            -m
        } else {
            m
        }
    } else {
        y.round() as i64
    };
    if n < 0 {
        out.push(b'-');
    }
    let n = n.unsigned_abs();
    push_uint(n / 10_000, out);
    let frac = n % 10_000;
    out.extend_from_slice(&[
        b'.',
        b'0' + (frac / 1000) as u8,
        b'0' + (frac / 100 % 10) as u8,
        b'0' + (frac / 10 % 10) as u8,
        b'0' + (frac % 10) as u8,
    ]);
}

/// Appends a text field, quoted as RFC 4180 asks when it holds a comma,
/// quote or line break (only respondent ids can).
fn push_text(s: &str, out: &mut Vec<u8>) {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// The paragraphs, in the order of their CSV columns.
const PROTOTYPE_COLUMNS: [&str; 4] = ["secure", "anxious", "avoidant", "fearful"];

/// What a bank's CSV lines hold, found once for a whole study rather than
/// on every line.
#[derive(Debug, Clone, Copy)]
pub struct CsvLayout<'b> {
    bank: &'b Bank,
    /// A paragraph bank: ratings, forced choice, models, decision.
    prototype_columns: bool,
}

impl<'b> CsvLayout<'b> {
    pub fn new(bank: &'b Bank) -> Self {
        CsvLayout {
            bank,
            prototype_columns: bank.is_prototype_bank(),
        }
    }

    /// Appends one CSV line (with its newline), matching [`csv_header`].
    /// Empty cell = not available. Written straight into the output buffer:
    /// a study is scored without allocating or formatting through `fmt` per row.
    pub fn row(&self, respondent: Option<&str>, sc: &Scores, out: &mut Vec<u8>) {
        push_text(respondent.unwrap_or(""), out);
        csv_text(&self.bank.id, out);
        csv_text(&self.bank.version, out);
        csv_dims(self.bank, &sc.dimensions, out);
        for t in &self.bank.targets {
            let td = sc
                .targets
                .iter()
                .find(|x| x.id == t.id)
                .map_or(&[][..], |x| &x.dimensions[..]);
            csv_dims(self.bank, td, out);
        }
        if self.prototype_columns {
            csv_prototype(sc, out);
        } else {
            csv_style(sc, out);
        }
        out.push(b',');
        for (i, q) in sc.quality.iter().enumerate() {
            if i > 0 {
                out.push(b';');
            }
            out.extend_from_slice(q.id.as_bytes());
        }
        out.push(b'\n');
    }
}

fn csv_num(x: Option<f64>, out: &mut Vec<u8>) {
    out.push(b',');
    if let Some(x) = x {
        push_fixed4(x, out);
    }
}

fn csv_text(s: &str, out: &mut Vec<u8>) {
    out.push(b',');
    push_text(s, out);
}

fn level_id(l: Option<Level>) -> &'static str {
    match l {
        Some(Level::Low) => "low",
        Some(Level::AtCutoff) => "at-cutoff",
        Some(Level::High) => "high",
        None => "",
    }
}

/// A list of style ids, `;`-separated, in one cell.
fn csv_ids(ids: &[StyleId], out: &mut Vec<u8>) {
    out.push(b',');
    for (i, b) in ids.iter().enumerate() {
        if i > 0 {
            out.push(b';');
        }
        out.extend_from_slice(b.id().as_bytes());
    }
}

/// The [`DIMENSION_SUFFIXES`] columns of every dimension of the bank.
fn csv_dims(bank: &Bank, dims: &[DimensionScore], out: &mut Vec<u8>) {
    for (i, d) in bank.dimensions.iter().enumerate() {
        // Scores list dimensions in bank order; the id check guards that.
        let at = dims.get(i).filter(|x| x.id == d.id);
        match at.or_else(|| dims.iter().find(|x| x.id == d.id)) {
            Some(x) => {
                csv_num(x.score, out);
                out.push(b',');
                push_uint(x.answered as u64, out);
                out.push(b',');
                push_uint(x.missing as u64, out);
                csv_text(level_id(x.level), out);
                csv_num(x.sem, out);
                csv_num(x.interval.map(|i| i[0]), out);
                csv_num(x.interval.map(|i| i[1]), out);
                csv_text(
                    match x.close_to_cutoff {
                        Some(true) => "true",
                        Some(false) => "false",
                        None => "",
                    },
                    out,
                );
                csv_num(x.percentile, out);
            }
            None => out.extend_from_slice(&[b','; DIMENSION_SUFFIXES.len()]),
        }
    }
}

/// style, quadrant, candidates and the two axes.
fn csv_style(sc: &Scores, out: &mut Vec<u8>) {
    match &sc.style {
        Some(st) => {
            csv_text(st.id.map_or("", StyleId::id), out);
            csv_text(st.quadrant.map_or("", StyleId::id), out);
            csv_ids(&st.candidates, out);
            csv_num(st.axes.map(|x| x.secure_fearful), out);
            csv_num(st.axes.map(|x| x.dismissing_preoccupied), out);
        }
        None => out.extend_from_slice(b",,,,,"),
    }
}

fn decision_id(d: Decision) -> &'static str {
    match d {
        Decision::HighestRating => "highest-rating",
        Decision::ForcedChoice => "forced-choice",
        Decision::Tie => "tie",
        Decision::NoneFitsWell => "none-fits-well",
        Decision::ForcedChoiceOnly => "forced-choice-only",
        Decision::Incomplete => "incomplete",
    }
}

/// style, candidates, the raw ratings, forced choice, models, decision.
fn csv_prototype(sc: &Scores, out: &mut Vec<u8>) {
    match &sc.style {
        Some(st) => {
            csv_text(st.id.map_or("", StyleId::id), out);
            csv_ids(&st.candidates, out);
        }
        None => out.extend_from_slice(b",,"),
    }
    let p = sc.prototype.as_ref();
    for k in PROTOTYPE_COLUMNS {
        let r = p.and_then(|p| p.ratings.get(k).copied().flatten());
        out.push(b',');
        if let Some(r) = r {
            push_uint(r.unsigned_abs(), out);
        }
    }
    csv_text(
        p.and_then(|p| p.forced_choice.as_deref()).unwrap_or(""),
        out,
    );
    csv_num(p.and_then(|p| p.model_of_self), out);
    csv_num(p.and_then(|p| p.model_of_other), out);
    csv_text(p.map_or("", |p| decision_id(p.decision)), out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed4_matches_standard_formatting_on_result_values() {
        for x in [
            0.0,
            1.0,
            4.833_333_3,
            6.94,
            -0.694_444_4,
            100.0,
            2.5,
            7.32116,
            -12.0,
            0.00004,
            -0.00004,
        ] {
            let mut s = Vec::new();
            push_fixed4(x, &mut s);
            let want = format!("{x:.4}");
            assert_eq!(
                String::from_utf8(s).unwrap(),
                if want == "-0.0000" {
                    "0.0000".to_string()
                } else {
                    want
                },
                "{x}"
            );
        }
    }

    /// The text `push_fixed4` gave when it rounded with `f64::round`.
    fn fixed4_by_round(x: f64) -> String {
        let n = (x * 10_000.0).round() as i64;
        let sign = if n < 0 { "-" } else { "" };
        let n = n.unsigned_abs();
        format!("{sign}{}.{:04}", n / 10_000, n % 10_000)
    }

    #[test]
    fn fixed4_rounds_like_f64_round() {
        // Halves (away from zero), the largest double below one half (where
        // adding 0.5 and truncating would give 1), values a step either
        // side of a half, and values past 2^52 / 10^4.
        let below_half = 0.5_f64.next_down();
        let mut xs = vec![
            0.000_05,
            -0.000_05,
            0.000_15,
            2.500_05,
            -2.500_05,
            below_half / 10_000.0,
            -below_half / 10_000.0,
            1e12,
            -1e12,
            4.6e11,
            1e15,
        ];
        for k in 0..2000 {
            let y = f64::from(k) + 0.5;
            for z in [y.next_down(), y, y.next_up()] {
                xs.push(z / 10_000.0);
                xs.push(-z / 10_000.0);
            }
        }
        for x in xs {
            let mut s = Vec::new();
            push_fixed4(x, &mut s);
            assert_eq!(String::from_utf8(s).unwrap(), fixed4_by_round(x), "{x:e}");
        }
    }

    #[test]
    fn whole_numbers_and_quoted_text() {
        let mut s = Vec::new();
        for n in [0, 18, 1_000_000] {
            push_uint(n, &mut s);
            s.push(b' ');
        }
        push_text("a,b \"c\"", &mut s);
        s.push(b' ');
        push_text("p01", &mut s);
        assert_eq!(
            String::from_utf8(s).unwrap(),
            "0 18 1000000 \"a,b \"\"c\"\"\" p01"
        );
    }
}
