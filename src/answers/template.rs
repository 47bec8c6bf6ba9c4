//! Blank answer files for a bank, for people and scripts that fill them in.

use std::fmt::Write as _;

use super::Format;
use crate::bank::Bank;

/// The keys of a blank answer file, in asking order: for a bank with
/// targets each relationship that may be marked not applicable comes first
/// under its own id (left null/empty: it applies), then its items.
fn template_keys(bank: &Bank) -> Vec<String> {
    let keys = bank.answer_keys();
    if bank.targets.is_empty() {
        return keys;
    }
    let per_target = bank.items.len();
    let mut out = Vec::with_capacity(keys.len() + bank.targets.len());
    for (t, target) in bank.targets.iter().enumerate() {
        if target.allow_not_applicable {
            out.push(target.id.clone());
        }
        out.extend_from_slice(&keys[t * per_target..(t + 1) * per_target]);
    }
    out.extend_from_slice(&keys[bank.targets.len() * per_target..]);
    out
}

/// A blank answer file for `bank`: JSON with every key null (pretty-printed,
/// in asking order), or a CSV header row `respondent,<keys>` and a newline.
/// JSON Lines gets the JSON object on one line.
pub fn template(bank: &Bank, format: Format) -> String {
    let keys = template_keys(bank);
    let q = |s: &str| serde_json::Value::from(s).to_string();
    match format {
        Format::Csv => {
            let mut out = String::from(super::csv::RESPONDENT_COLUMN);
            for k in &keys {
                out.push(',');
                out.push_str(k);
            }
            out.push('\n');
            out
        }
        // A FHIR form is the Questionnaire itself (`export fhir-questionnaire`);
        // asked for one here, the JSON answer file is the nearest thing.
        Format::Json | Format::Fhir => {
            let mut out = String::new();
            let _ = writeln!(out, "{{\n  \"bank\": {},", q(&bank.id));
            out.push_str("  \"respondent\": \"\",\n  \"answers\": {");
            for (i, k) in keys.iter().enumerate() {
                let sep = if i == 0 { "" } else { "," };
                let _ = write!(out, "{sep}\n    {}: null", q(k));
            }
            out.push_str(if keys.is_empty() {
                "}\n}\n"
            } else {
                "\n  }\n}\n"
            });
            out
        }
        Format::Jsonl => {
            let mut out = String::new();
            let _ = write!(
                out,
                "{{\"bank\": {}, \"respondent\": \"\", \"answers\": {{",
                q(&bank.id)
            );
            for (i, k) in keys.iter().enumerate() {
                let sep = if i == 0 { "" } else { ", " };
                let _ = write!(out, "{sep}{}: null", q(k));
            }
            out.push_str("}}\n");
            out
        }
    }
}
