//! CSV rows of results: one line a respondent, columns in a stable order
//! documented in the README. Numbers have 4 decimals, enough for any
//! analysis of 1–7 means and stable across platforms.
//!
//! Scoring a million-row study is dominated by writing these lines, so
//! they are built straight into a byte buffer (see `scripts/bench.sh`).

use crate::bank::Bank;
use crate::scoring::result::{Decision, DimensionScore, Level, Scores, StyleId};

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
/// README. A dimension the bank reports as a sum adds `<dim>_sum`; a bank
/// with a category rule adds `category, category_decided_by`. Likert banks end with the style, the quadrants that fit and the
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
            if d.sum {
                h.push(format!("{prefix}{}_sum", d.id));
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
    if bank.category_rule.is_some() {
        h.extend(["category", "category_decided_by"].map(String::from));
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

/// Appends `x` with 4 decimals: exactly the text `format!("{x:.4}")`
/// gives (the exact decimal value, rounded half to even), except that a
/// negative value rounding to zero prints `0.0000`, not `-0.0000`.
///
/// Why not `{:.4}` itself: its exact (Dragon4/Grisu) formatting through
/// `fmt` was the largest single cost of scoring a 1M-row study
/// (`scripts/bench.sh`). Scaling by 10^4 and rounding gives the same digits
/// whenever the scaled value is not within a rounding error of a tie;
/// those few values (and huge ones) go to `{:.4}`, which decides exactly.
fn push_fixed4(x: f64, out: &mut Vec<u8>) {
    if !x.is_finite() {
        return;
    }
    let y = x * 10_000.0;
    let near_tie = ((y - y.trunc()).abs() - 0.5).abs() < 1e-6;
    if near_tie || y.abs() >= 1e15 {
        let text = format!("{x:.4}");
        let text = text
            .strip_prefix('-')
            .filter(|t| *t == "0.0000")
            .unwrap_or(&text);
        out.extend_from_slice(text.as_bytes());
        return;
    }
    let n = y.round() as i64;
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
        if self.bank.category_rule.is_some() {
            let c = sc.category.as_ref();
            csv_text(c.and_then(|c| c.id).map_or("", |id| id.id()), out);
            csv_text(c.map_or("", |c| c.decided_by.id()), out);
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
                if d.sum {
                    csv_num(x.sum, out);
                }
            }
            None => {
                out.extend_from_slice(&[b','; DIMENSION_SUFFIXES.len()]);
                if d.sum {
                    out.push(b',');
                }
            }
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

    /// What `push_fixed4` promises: `{:.4}`, with negative zero unsigned.
    fn fixed4_std(x: f64) -> String {
        let s = format!("{x:.4}");
        if s == "-0.0000" {
            "0.0000".into()
        } else {
            s
        }
    }

    #[test]
    fn fixed4_matches_std_at_ties_and_around_them() {
        // Exact ties in binary (k/2^m, e.g. 0.15625 = 5/32), decimal ties
        // that are not exact in binary (2.50005), values a step either side
        // of each, and values past 10^11.
        let mut xs = vec![
            0.15625, -0.15625, 0.000_05, -0.000_05, 2.500_05, 1e12, -1e12, 4.6e11,
        ];
        for k in 0..4000 {
            let t = f64::from(k) / 32.0;
            xs.extend([t, -t, t.next_up(), t.next_down()]);
            let y = (f64::from(k) + 0.5) / 10_000.0;
            xs.extend([y, -y, y.next_up(), y.next_down()]);
        }
        for x in xs {
            let mut s = Vec::new();
            push_fixed4(x, &mut s);
            assert_eq!(String::from_utf8(s).unwrap(), fixed4_std(x), "{x:e}");
        }
        let mut s = Vec::new();
        push_fixed4(0.15625, &mut s);
        assert_eq!(s, b"0.1562");
    }

    proptest::proptest! {
        #[test]
        fn fixed4_matches_std(x in -1e6f64..1e6) {
            let mut s = Vec::new();
            push_fixed4(x, &mut s);
            proptest::prop_assert_eq!(String::from_utf8(s).unwrap(), fixed4_std(x));
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
