//! Reading a saved result (`securebase.result/1`) back: through the
//! bounded reader, its format tag and every number checked, so `report`,
//! `compare` and `history` all refuse the same files with the same words.

use std::path::Path;

use crate::error::{Error, Result};
use crate::scoring::result::{ResultDoc, SCHEMA};

/// Reads a result file, naming the file in every error (exit 65 for a
/// file that is not a result securebase reads, 66 for one it cannot read).
pub fn read(path: &Path) -> Result<ResultDoc> {
    let text = crate::fs::read_limited(path)?;
    let scored: ResultDoc = serde_json::from_str(&text).map_err(|e| {
        Error::InvalidAnswers(format!(
            "{}: line {}, column {}: not a securebase result ({}); give a file written by `securebase score --format json` or kept in the history",
            path.display(),
            e.line(),
            e.column(),
            crate::sanitize::field(&e.to_string())
        ))
    })?;
    check(&scored).map_err(|why| Error::InvalidAnswers(format!("{}: {why}", path.display())))?;
    Ok(scored)
}

/// The checks of [`read`] on a parsed result: its format tag, its bank id
/// and its numbers.
pub fn check(scored: &ResultDoc) -> std::result::Result<(), String> {
    if scored.schema != SCHEMA {
        return Err(format!(
            "the result format is `{}`, this securebase reads `{SCHEMA}`",
            crate::sanitize::field(&scored.schema)
        ));
    }
    if !crate::bank::is_bank_id(&scored.bank.id) {
        return Err(format!(
            "the result names the questionnaire `{}`, which is not a valid bank id (lowercase letters, digits and `-`)",
            crate::sanitize::field(&scored.bank.id)
        ));
    }
    crate::scoring::check::numbers(scored)
        .map_err(|why| format!("not a result securebase wrote: {why}"))
}
