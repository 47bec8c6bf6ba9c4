//! Progress files: an interrupted `take` loses nothing. After every answer
//! the session is written (atomically, owner-only) to
//! `<data dir>/progress/<bank id>-<UTC timestamp>.json`; `take --resume`
//! lists these files and continues one; a finished session deletes its file.
//!
//! The answers are kept in the answer-file shape (`key → integer | null |
//! chosen item id`, `target id → "not-applicable"`), so a progress file is
//! readable by a person and close to what `score` reads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::answers::AnswerSet;
use crate::bank::Bank;
use crate::error::{Error, Result};

pub const SCHEMA: &str = "securebase.progress/1";

/// The folder under the data dir that holds progress files.
pub const DIR: &str = "progress";

/// Where an unfinished session stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub schema: String,
    /// The bank's id and version: a session is only resumed with the same bank.
    pub bank: String,
    pub bank_version: String,
    /// What to give `Catalog::resolve` to find the bank again: its id, or
    /// the (absolute) path it was loaded from.
    pub bank_source: String,
    /// The next step to ask (an index into the session's steps).
    pub position: usize,
    /// Questions answered or skipped so far, and in all (for the resume list).
    pub done: usize,
    pub questions: usize,
    pub started_at: String,
    pub updated_at: String,
    /// Answers so far, in the answer-file shape; `null` = skipped.
    pub answers: Map<String, Value>,
    #[serde(default)]
    pub timings: BTreeMap<String, f64>,
}

/// The answers of a session as an answer-file map: the answered slots,
/// the skipped ones as `null` (so resuming knows them from the unasked),
/// and `target → "not-applicable"`.
pub fn answers_to_map(bank: &Bank, answers: &AnswerSet, skipped: &[bool]) -> Map<String, Value> {
    crate::answers::codec::to_map(bank, answers, |slot| {
        skipped.get(slot).copied().unwrap_or(false)
    })
}

/// Reads an answer map back into answers and skip flags, through the same
/// checks as an answer file (a progress file may have been edited by hand).
pub fn map_to_answers(
    bank: &Bank,
    map: &Map<String, Value>,
    file: &Path,
) -> Result<(AnswerSet, Vec<bool>)> {
    let answers =
        crate::answers::codec::from_map(bank, &file.display().to_string(), map).map_err(|e| {
            Error::InvalidAnswers(format!("{e}; delete this progress file to start afresh"))
        })?;
    let skipped = bank
        .answer_keys()
        .iter()
        .map(|k| map.get(k).is_some_and(Value::is_null))
        .collect();
    Ok((answers, skipped))
}

/// The progress folder in the data dir, if there is a data dir.
pub fn dir(data_dir: Option<&Path>) -> Option<PathBuf> {
    data_dir.map(|d| d.join(DIR))
}

/// A fresh progress file name for a session of `bank_id` started now.
pub fn new_path(dir: &Path, bank_id: &str) -> PathBuf {
    let stamp = crate::clock::stamp(crate::clock::now_unix());
    let mut p = dir.join(format!("{bank_id}-{stamp}.json"));
    let mut n = 2;
    while p.exists() {
        p = dir.join(format!("{bank_id}-{stamp}-{n}.json"));
        n += 1;
    }
    p
}

/// Saves a session (atomically, owner-only, replacing the previous save).
pub fn save(path: &Path, progress: &Progress) -> Result<()> {
    let text = serde_json::to_string_pretty(progress).expect("progress serializes");
    crate::fs::write_private(path, text.as_bytes(), true)
}

/// Unfinished sessions in `dir`, most recently updated first. Files that
/// cannot be read as progress files are returned separately, so the caller
/// can say so instead of silently ignoring them.
pub fn list(dir: &Path) -> (Vec<(PathBuf, Progress)>, Vec<PathBuf>) {
    let paths = crate::fs::list_json(dir).unwrap_or_default();
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for p in paths {
        match std::fs::read_to_string(&p)
            .ok()
            .and_then(|t| serde_json::from_str::<Progress>(&t).ok())
        {
            Some(pr) if pr.schema == SCHEMA => ok.push((p, pr)),
            _ => bad.push(p),
        }
    }
    ok.sort_by(|a, b| b.1.updated_at.cmp(&a.1.updated_at));
    (ok, bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Answer;

    #[test]
    fn answer_map_round_trips() {
        let bank = crate::bank::Catalog::builtin("sb-relationships")
            .unwrap()
            .bank;
        let mut a = AnswerSet::empty(&bank);
        let mut skipped = vec![false; a.values.len()];
        a.values[0] = Answer::Rating(7);
        skipped[1] = true;
        a.not_applicable[2] = true;
        let m = answers_to_map(&bank, &a, &skipped);
        let keys = bank.answer_keys();
        assert_eq!(m.len(), 3);
        assert_eq!(m[&keys[0]], Value::from(7));
        assert_eq!(m[&keys[1]], Value::Null);
        assert_eq!(m["partner"], Value::from("not-applicable"));
        let (back, sk) = map_to_answers(&bank, &m, Path::new("p.json")).unwrap();
        assert_eq!(back, a);
        assert_eq!(sk, skipped);
    }

    #[test]
    fn bad_values_name_the_file_and_key() {
        let bank = crate::bank::Catalog::builtin("sb-short").unwrap().bank;
        let key = bank.answer_keys()[0].clone();
        let mut m = Map::new();
        m.insert(key.clone(), Value::from(9));
        let err = map_to_answers(&bank, &m, Path::new("p.json"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("p.json") && err.contains(&key) && err.contains('9'),
            "{err}"
        );
        assert!(!err.contains("line"), "{err}");
    }
}
