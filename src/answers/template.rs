//! Blank answer files for a bank, for people and scripts that fill them in.

use super::codec::template_map;
use super::Format;
use crate::bank::Bank;

/// A blank answer file for `bank`: JSON with every key null (pretty-printed,
/// in asking order), or a CSV header row `respondent,<keys>` and a newline.
/// JSON Lines gets the JSON object on one line.
pub fn template(bank: &Bank, format: Format) -> String {
    let answers = template_map(bank);
    match format {
        Format::Csv => {
            let mut out = String::from(super::csv::RESPONDENT_COLUMN);
            for k in answers.keys() {
                out.push(',');
                out.push_str(k);
            }
            out.push('\n');
            out
        }
        // A FHIR form is the Questionnaire itself (`export fhir-questionnaire`);
        // asked for one here, the JSON answer file is the nearest thing.
        Format::Json | Format::Jsonl | Format::Fhir => {
            let doc = serde_json::json!({ "bank": bank.id, "respondent": "", "answers": answers });
            let text = if format == Format::Jsonl {
                serde_json::to_string(&doc)
            } else {
                serde_json::to_string_pretty(&doc)
            };
            text.unwrap_or_default() + "\n"
        }
    }
}
