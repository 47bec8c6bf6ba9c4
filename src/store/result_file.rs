//! Reading a saved result (`securebase.result/1`) back: through the
//! bounded reader, its format tag and every number checked, so `report`,
//! `compare` and `history` all refuse the same files with the same words.

use std::path::Path;

use crate::error::{Error, Result};
use crate::scoring::result::{ResultDoc, SCHEMA};

/// Reads a result file (`securebase.result/2`, or `/1` converted), naming
/// the file in every error (exit 65 for a file that is not a result
/// securebase reads, 66 for one it cannot read). `scale_of` gives the scale
/// of a bank by id, which converting an old paragraph bank's result needs;
/// it is asked only with a well-formed bank id (never a path).
pub fn read(path: &Path, scale_of: impl Fn(&str) -> Option<(i64, i64)>) -> Result<ResultDoc> {
    let text = crate::fs::read_limited(path)?;
    parse(path, &text, scale_of)
}

/// [`read`] on text already read from `path`.
pub fn parse(
    path: &Path,
    text: &str,
    scale_of: impl Fn(&str) -> Option<(i64, i64)>,
) -> Result<ResultDoc> {
    use crate::scoring::v1::{self, ReadError};
    let scale = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.pointer("/bank/id")?.as_str().map(String::from))
        .filter(|id| crate::bank::is_bank_id(id))
        .and_then(|id| scale_of(&id));
    let scored = v1::read(text, scale).map_err(|e| match e {
        ReadError::Json(e) => Error::InvalidAnswers(format!(
            "{}: line {}, column {}: not a securebase result ({}); give a file written by `securebase score --format json` or kept in the history",
            path.display(),
            e.line(),
            e.column(),
            crate::sanitize::field(&e.to_string())
        )),
        ReadError::Schema(tag) => Error::InvalidAnswers(format!(
            "{}: the result format is `{}`; this securebase reads `{SCHEMA}` and `{}`",
            path.display(),
            crate::sanitize::field(tag.as_deref().unwrap_or("(none)")),
            crate::answers::RESULT_SCHEMA_V1
        )),
    })?;
    check(&scored).map_err(|why| Error::InvalidAnswers(format!("{}: {why}", path.display())))?;
    Ok(scored)
}

/// The checks of [`read`] on a parsed result: its bank id and its numbers.
pub fn check(scored: &ResultDoc) -> std::result::Result<(), String> {
    if !crate::bank::is_bank_id(&scored.bank.id) {
        return Err(format!(
            "the result names the questionnaire `{}`, which is not a valid bank id (lowercase letters, digits and `-`)",
            crate::sanitize::field(&scored.bank.id)
        ));
    }
    crate::scoring::check::numbers(scored)
        .map_err(|why| format!("not a result securebase wrote: {why}"))
}
