//! `securebase calibrate`: a copy of a questionnaire whose reference values
//! are earned from a study instead of assumed: mean, SD, alpha and omega,
//! n, and the empirical (mid-rank) percentile table, with `assumed: false`
//! and a source naming the files, the date and n. Intervals of results
//! scored with the copy then rest on this sample's reliability, and
//! percentiles are "compared with" this sample.
//!
//! The copy is the original bank file with only each dimension's
//! `reference` replaced (everything else as written), checked by the bank
//! parser before it is written, owner-only and atomically.

use std::fmt::Write as _;

use anyhow::{Context, Result};
use serde_json::{json, Map, Value};

use crate::app::analyze::{document, open_study, read_study};
use crate::app::cli::CalibrateArgs;
use crate::bank::{Bank, Catalog, Loaded, Origin, BUILTIN};
use crate::error::Error;
use crate::scoring::analysis::{Analysis, Analyzer};
use crate::scoring::stats::Distribution;

/// Fewest scored respondents a dimension needs before its figures go into
/// a bank. Below 200, a percentile near the middle of the table has a
/// standard error above √(0.25/200) = 3.5 points, and alpha's 95 % interval
/// is typically wider than ±0.05: too loose for values every later
/// interval and percentile will rest on.
pub const MIN_SCORED: u64 = 200;
/// Below this alpha the scale is flagged: intervals from it are wide and
/// the items may not measure one thing in this sample.
pub const LOW_ALPHA: f64 = 0.70;

/// What the sample says about one dimension.
struct Earned {
    dim: usize,
    n: u64,
    mean: f64,
    sd: f64,
    alpha: f64,
    omega: Option<f64>,
    table: Vec<(f64, f64)>,
}

/// The bank file's text as it was loaded.
fn source_text(loaded: &Loaded) -> Result<String> {
    match &loaded.origin {
        Origin::Builtin => Ok(BUILTIN
            .iter()
            .find(|(id, _)| *id == loaded.bank.id)
            .map(|(_, text)| (*text).to_string())
            .context("a built-in bank without its text")?),
        Origin::User(p) | Origin::Path(p) => Ok(crate::fs::read_limited(p)?),
    }
}

/// A dimension's scores pooled over relationships (banks with
/// relationships), or its overall scores.
fn pooled(analyzer: &Analyzer<'_>, bank: &Bank, dim: usize) -> Distribution {
    if bank.targets.is_empty() {
        return analyzer.scores(dim, None).clone();
    }
    let mut all = Distribution::new();
    for t in 0..bank.targets.len() {
        all.merge(analyzer.scores(dim, Some(t)));
    }
    all
}

/// The earned values of each dimension with items, or the reasons none can
/// be earned (too few respondents without `--force`, no alpha).
fn earn(
    analyzer: &Analyzer<'_>,
    analysis: &Analysis,
    bank: &Bank,
    force: bool,
) -> Result<Vec<Earned>, Vec<String>> {
    let mut earned = Vec::new();
    let mut problems = Vec::new();
    for (di, d) in bank.dimensions.iter().enumerate() {
        // Reliability per relationship for banks with relationships: the
        // lowest one is used, so no relationship's interval is too narrow.
        let rel: Vec<_> = analysis
            .dimensions
            .iter()
            .filter(|a| a.id == d.id && a.reliability.is_some())
            .filter_map(|a| a.reliability.as_ref())
            .collect();
        if rel.is_empty() {
            continue;
        }
        let scores = pooled(analyzer, bank, di);
        let summary = scores.summary();
        if summary.n < MIN_SCORED && !force {
            problems.push(format!(
                "{}: {} scored respondents; calibrating needs at least {MIN_SCORED} (below that a percentile near the middle has a standard error above 3.5 points, and alpha is too uncertain to build intervals on); collect more answers, or pass --force to write anyway",
                d.id, summary.n
            ));
            continue;
        }
        let alpha = rel.iter().map(|r| r.alpha).collect::<Option<Vec<f64>>>();
        let (Some(alphas), Some(mean), Some(sd)) = (alpha, summary.mean, summary.sd) else {
            problems.push(format!(
                "{}: alpha or the SD cannot be computed from this study (see `securebase analyze`)",
                d.id
            ));
            continue;
        };
        let alpha = alphas.into_iter().fold(f64::INFINITY, f64::min);
        if !(alpha > 0.0 && sd > 0.0) {
            problems.push(format!(
                "{}: alpha is {alpha:.3}: the items do not hang together in this sample (check the keying with `securebase analyze`), so no interval can rest on it",
                d.id
            ));
            continue;
        }
        let omega = rel
            .iter()
            .map(|r| r.omega)
            .collect::<Option<Vec<f64>>>()
            .map(|o| o.into_iter().fold(f64::INFINITY, f64::min));
        earned.push(Earned {
            dim: di,
            n: summary.n,
            mean,
            sd,
            alpha,
            omega,
            table: scores.rounded(2).percentiles(),
        });
    }
    if problems.is_empty() {
        Ok(earned)
    } else {
        Err(problems)
    }
}

fn round(x: f64, places: i32) -> f64 {
    let s = 10f64.powi(places);
    (x * s).round() / s
}

/// The `reference` object of one earned dimension.
fn reference(e: &Earned, source: &str, sample: &str) -> Value {
    let mut r = Map::new();
    r.insert("sd".into(), json!(round(e.sd, 4)));
    r.insert("alpha".into(), json!(round(e.alpha, 4)));
    if let Some(o) = e.omega.filter(|o| *o > 0.0 && *o < 1.0) {
        r.insert("omega".into(), json!(round(o, 4)));
    }
    r.insert("mean".into(), json!(round(e.mean, 4)));
    r.insert("n".into(), json!(e.n));
    r.insert("sample".into(), json!(sample));
    r.insert("source".into(), json!(source));
    r.insert("assumed".into(), json!(false));
    let table: Vec<Value> = e
        .table
        .iter()
        .map(|(x, p)| json!([x, round(*p, 2)]))
        .collect();
    r.insert(
        "percentiles".into(),
        json!({ "sample": sample, "n": e.n, "source": source, "table": table }),
    );
    Value::Object(r)
}

/// The bank file with each earned dimension's `reference` replaced and a
/// sentence added to its notes; and the report of what was earned (warning
/// on stderr about a low alpha).
fn calibrated_copy(
    loaded: &Loaded,
    analysis: &Analysis,
    earned: &[Earned],
    args: &CalibrateArgs,
    files: &str,
) -> Result<(Value, String)> {
    let bank = &loaded.bank;
    let date = &crate::clock::format_unix(crate::clock::now_unix())[..10];
    let mut doc: Value =
        serde_json::from_str(&source_text(loaded)?).context("reading the bank to copy")?;
    let mut report = String::new();
    for e in earned {
        let d = &bank.dimensions[e.dim];
        let source = format!(
            "securebase calibrate on {files}, {date}: n = {} scored respondents; alpha ({}){}; omega total from a one-factor minres solution",
            e.n,
            match analysis.missing {
                crate::scoring::stats::Missing::Pairwise => "pairwise",
                crate::scoring::stats::Missing::Listwise => "listwise",
            },
            if bank.targets.is_empty() { "" } else { ", the lowest of the relationships'" }
        );
        let sample = args
            .sample
            .clone()
            .unwrap_or_else(|| format!("{} respondents in {files}", e.n));
        let slot = doc
            .get_mut("dimensions")
            .and_then(Value::as_array_mut)
            .and_then(|ds| ds.iter_mut().find(|v| v.get("id") == Some(&json!(d.id))))
            .and_then(Value::as_object_mut)
            .context("the bank file lost a dimension")?;
        slot.insert("reference".into(), reference(e, &source, &sample));
        let _ = writeln!(
            report,
            "  {}: mean {:.2}, SD {:.2}, alpha {:.3}{}, n = {}, {} percentile rows",
            d.id,
            e.mean,
            e.sd,
            e.alpha,
            e.omega.map_or(String::new(), |o| format!(", omega {o:.3}")),
            e.n,
            e.table.len()
        );
        if e.alpha < LOW_ALPHA {
            crate::ui::term::note(&format!(
                "securebase: warning: {}: alpha {:.3} is below {LOW_ALPHA:.2}: intervals from it are wide, and the items may not measure one thing in this sample",
                d.id,
                e.alpha
            ));
        }
    }
    let names: Vec<&str> = earned
        .iter()
        .map(|e| bank.dimensions[e.dim].id.as_str())
        .collect();
    if let Some(Value::String(notes)) = doc.get_mut("notes") {
        let _ = write!(
            notes,
            " Calibrated copy: the reference values of {} were measured by securebase calibrate on {files} ({date}) and replace any assumed values the notes above describe.",
            names.join(", ")
        );
    }
    Ok((doc, report))
}

pub fn calibrate(catalog: &Catalog, args: &CalibrateArgs) -> Result<()> {
    let (study, loaded, sources) = open_study(catalog, &args.study)?;
    let bank = &loaded.bank;
    let (analyzer, outcome) = read_study(study, catalog, bank, &args.study)?;
    let analysis = document(&analyzer, sources.clone(), &outcome);
    let nothing = |why: String| {
        Error::InvalidAnswers(format!("{}: nothing written{why}", args.output.display()))
    };
    let earned = earn(&analyzer, &analysis, bank, args.force)
        .map_err(|problems| nothing(format!(":\n  {}", problems.join("\n  "))))?;
    if earned.is_empty() {
        return Err(nothing(format!(
            ": {} has no dimension with items to calibrate",
            bank.id
        ))
        .into());
    }
    let (doc, report) = calibrated_copy(&loaded, &analysis, &earned, args, &sources.join(", "))?;
    let mut text =
        compact_number_rows(&serde_json::to_string_pretty(&doc).context("writing the bank")?);
    text.push('\n');
    // Never write a bank securebase would refuse to load.
    crate::bank::parse(&args.output.display().to_string(), &text).map_err(Error::InvalidBank)?;
    crate::fs::write_private(&args.output, text.as_bytes(), args.force)?;
    crate::ui::term::note(&format!(
        "securebase: wrote {} ({} calibrated from {} respondents):\n{}",
        args.output.display(),
        bank.id,
        analysis.respondents,
        report.trim_end()
    ));
    outcome.finish(analysis.respondents as usize, "used")
}

/// Pretty JSON with each array of plain numbers on one line
/// (`[3.5, 61.2]`), so a percentile table reads as one row per line.
/// Text inside strings is left exactly as it is.
fn compact_number_rows(pretty: &str) -> String {
    let numeric = |c: char| {
        c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E' | ',') || c.is_whitespace()
    };
    let mut out = String::with_capacity(pretty.len());
    let (mut in_string, mut escaped) = (false, false);
    let mut i = 0;
    while i < pretty.len() {
        let c = pretty[i..].chars().next().unwrap_or(' ');
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '[' {
            let body_end = pretty[i + 1..]
                .find(|ch: char| !numeric(ch))
                .map(|e| i + 1 + e);
            if let Some(end) = body_end.filter(|&e| pretty.as_bytes()[e] == b']') {
                let numbers: Vec<&str> = pretty[i + 1..end]
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .collect();
                out.push('[');
                out.push_str(&numbers.join(", "));
                out.push(']');
                i = end + 1;
                continue;
            }
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn number_rows_go_on_one_line_and_strings_stay_as_they_are() {
        let pretty = "{\n  \"t\": [\n    [\n      1.5,\n      2\n    ]\n  ],\n  \"s\": \"[ 1 ] \\\" [ 2 ]\",\n  \"e\": []\n}";
        assert_eq!(
            super::compact_number_rows(pretty),
            "{\n  \"t\": [\n    [1.5, 2]\n  ],\n  \"s\": \"[ 1 ] \\\" [ 2 ]\",\n  \"e\": []\n}"
        );
    }
}
