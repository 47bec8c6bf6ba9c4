//! An answer set as the `answers` object of an answer file, and back: the
//! one mapping for saved results, progress files and templates. Keys are
//! in asking order; a target marked as not applying gets
//! `"<target>": "not-applicable"` just before its items.

use serde_json::{Map, Value};

use super::{Answer, AnswerError, AnswerSet, Format, NOT_APPLICABLE};
use crate::bank::Bank;

/// The `answers` object for `answers`. A missing answer is written as
/// `null` where `keep_missing(slot)` says so (a result keeps every key; a
/// progress file only the questions the person skipped) and left out
/// otherwise.
pub fn to_map(
    bank: &Bank,
    answers: &AnswerSet,
    keep_missing: impl Fn(usize) -> bool,
) -> Map<String, Value> {
    let layout = bank.layout();
    let mut map = Map::new();
    for (slot, key) in bank.answer_keys().into_iter().enumerate() {
        if let (false, Some((t, 0))) = (bank.targets.is_empty(), layout.locate(slot)) {
            if answers.not_applicable.get(t) == Some(&true) {
                map.insert(bank.targets[t].id.clone(), Value::from(NOT_APPLICABLE));
            }
        }
        let value = match answers.values.get(slot) {
            Some(Answer::Rating(r)) => Value::from(*r),
            Some(Answer::Choice(id)) => Value::from(id.as_str()),
            Some(Answer::Missing) | None if keep_missing(slot) => Value::Null,
            Some(Answer::Missing) | None => continue,
        };
        map.insert(key, value);
    }
    map
}

/// Reads an `answers` object back, through the same checks as an answer
/// file (unknown keys, values off the scale, a rated target marked as not
/// applying…), so a hand-edited progress file is held to the same rules.
/// `name` is the file the object came from, for messages.
pub fn from_map(
    bank: &Bank,
    name: &str,
    map: &Map<String, Value>,
) -> Result<AnswerSet, AnswerError> {
    let doc = serde_json::json!({ "bank": bank.id, "answers": map });
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    let first = super::read(bank, name, Format::Json, std::io::Cursor::new(text)).next();
    first
        .unwrap_or_else(|| Ok(AnswerSet::empty(bank)))
        .map_err(|mut e| {
            // Lines of the document built here, not of the file the map
            // came from: the item names the place instead.
            e.line = None;
            e.column = None;
            e
        })
}

/// The `answers` object of a blank answer file: every key null, and each
/// target that may be marked as not applying under its own id (null: it
/// applies) just before its items.
pub fn template_map(bank: &Bank) -> Map<String, Value> {
    let layout = bank.layout();
    let mut map = Map::new();
    for (slot, key) in bank.answer_keys().into_iter().enumerate() {
        if let (false, Some((t, 0))) = (bank.targets.is_empty(), layout.locate(slot)) {
            if bank.targets[t].allow_not_applicable {
                map.insert(bank.targets[t].id.clone(), Value::Null);
            }
        }
        map.insert(key, Value::Null);
    }
    map
}
