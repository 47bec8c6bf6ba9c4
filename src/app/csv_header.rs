//! A CSV study's header checked against the bank it is scored with,
//! before any row: a study of another questionnaire (`score --bank sb-core`
//! on an sb-short study) would otherwise score "successfully" with every
//! respondent missing most answers. When the header lacks most of the
//! bank's questions, or holds columns another bank has, stop (65) and name
//! the bank it fits; when it lacks only a few, warn once with the list.

use std::collections::BTreeSet;

use crate::bank::{Bank, Catalog};
use crate::error::Error;

/// The columns of a CSV header line (quotes and all, as the csv crate reads them).
pub fn columns(line: &[u8]) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line);
    r.records()
        .next()
        .and_then(Result::ok)
        .map(|rec| rec.iter().map(|c| c.trim().to_string()).collect())
        .unwrap_or_default()
}

/// What a header says about the bank: `Err` to stop with, or the warning
/// to print once (`None` when every question has its column).
pub fn check(
    file: &str,
    header: &[String],
    bank: &Bank,
    catalog: &Catalog,
) -> Result<Option<String>, Error> {
    let targets: BTreeSet<&str> = bank.targets.iter().map(|t| t.id.as_str()).collect();
    let cols: BTreeSet<&str> = header
        .iter()
        .map(String::as_str)
        .filter(|c| *c != "respondent" && !targets.contains(c))
        .collect();
    let keys = bank.answer_keys();
    let missing: Vec<&str> = keys
        .iter()
        .map(String::as_str)
        .filter(|k| !cols.contains(k))
        .collect();
    let unknown = cols
        .iter()
        .filter(|c| !keys.iter().any(|k| k == *c))
        .count();
    let present = keys.len() - missing.len();
    let most_missing = present * 2 < keys.len();
    if most_missing || unknown > 0 {
        let likely = likely_bank(&cols, bank, catalog);
        if most_missing || likely.is_some() {
            let fix = match likely {
                Some(id) => format!("the columns are those of `{id}`: pass --bank {id}"),
                None => format!(
                    "check --bank (`securebase template {} --format csv` prints the header this bank needs)",
                    bank.id
                ),
            };
            return Err(Error::InvalidAnswers(format!(
                "{file}: line 1: the header has {present} of the {} questions of `{}`; {fix}",
                keys.len(),
                bank.id
            )));
        }
    }
    if missing.is_empty() {
        return Ok(None);
    }
    let shown: Vec<&str> = missing.iter().take(8).copied().collect();
    let more = if missing.len() > shown.len() {
        format!(" and {} more", missing.len() - shown.len())
    } else {
        String::new()
    };
    Ok(Some(format!(
        "{file}: {} question{} of `{}` {} no column ({}{more}); {} missing for every respondent",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" },
        bank.id,
        if missing.len() == 1 { "has" } else { "have" },
        shown.join(", "),
        if missing.len() == 1 {
            "it counts as"
        } else {
            "they count as"
        },
    )))
}

/// Another bank whose questions the columns match better (a larger
/// share of columns and questions in common), if any.
fn likely_bank(cols: &BTreeSet<&str>, bank: &Bank, catalog: &Catalog) -> Option<String> {
    let fit = |b: &Bank| {
        let keys: BTreeSet<String> = b.answer_keys().into_iter().collect();
        let common = cols.iter().filter(|c| keys.contains(**c)).count();
        let union = keys.len() + cols.len() - common;
        common as f64 / union.max(1) as f64
    };
    let here = fit(bank);
    let (banks, _) = catalog.all_lenient();
    banks
        .iter()
        .filter(|l| l.bank.id != bank.id)
        .map(|l| (fit(&l.bank), &l.bank.id))
        .filter(|(f, _)| *f > here && *f >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id.clone())
}
