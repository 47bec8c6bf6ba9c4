//! The careful path: a parsed [`Doc`] turned into a checked answer set, or
//! the exact message for its first problem, placed in the text.
//!
//! The checks run in a fixed order, and the first problem wins: the
//! respondent (so every later message can name them), the schema and the
//! other top-level fields, the bank, a repeated respondent, then the
//! answers, a relationship both rated and marked not applicable, and the
//! timings.

use serde_json::Value;

use super::super::check::{apply, suggest, Checker, Flavor};
use super::super::error::{clip, At, ErrorKind, Problem};
use super::super::{AnswerError, AnswerSet};
use super::doc::{Doc, Entries, Place, TOP_KEYS};

/// Turns a parsed document into a checked answer set.
pub(super) fn convert(
    ck: &mut Checker,
    doc: Doc,
    place: &mut Place,
) -> Result<AnswerSet, AnswerError> {
    let file = ck.file.clone();
    let respondent = respondent(&doc, place, &file)?;
    let mut here = Here {
        file: &file,
        place,
        respondent: &respondent,
    };
    if !is_result(&doc, &mut here)? {
        refuse_unknown_field(&doc, &mut here)?;
    }
    check_bank(ck, &doc, &mut here)?;
    if let Some(r) = &respondent {
        if !ck.respondent(r) {
            return Err(here.error(
                "respondent",
                true,
                None,
                Problem::new(ErrorKind::DuplicateRespondent, super::super::DUPLICATE).fix(
                    "give every person their own respondent id, or remove the repeated answers",
                ),
            ));
        }
    }
    let Some(answers) = doc.answers else {
        return Err(here.error(
            "",
            true,
            None,
            Problem::new(ErrorKind::Field, "the \"answers\" field is missing")
                .fix("add \"answers\": {\"<item id>\": <rating>, …}"),
        ));
    };
    let mut set = read_answers(ck, &answers, &mut here)?;
    if let Some(timings) = doc.timings {
        read_timings(ck, &timings, &mut set, &mut here)?;
    }
    Ok(set)
}

/// Where a problem is, for [`convert`]'s messages: the file, the text's
/// places (indexed only when a problem needs one) and the respondent.
struct Here<'a, 'p, 't> {
    file: &'a str,
    place: &'p mut Place<'t>,
    respondent: &'a Option<String>,
}

impl Here<'_, '_, '_> {
    /// The error for `problem` at `path` (its value, or its key), naming
    /// the respondent and, for an answer, its `item`.
    fn error(&mut self, path: &str, value: bool, item: Option<&str>, p: Problem) -> AnswerError {
        let (line, column) = self.place.at(path, value);
        At {
            line,
            column,
            respondent: self.respondent.clone(),
            item: item.map(str::to_string),
        }
        .error(self.file, p)
    }
}

/// The respondent id: text (blank is none), a whole number, or null.
fn respondent(doc: &Doc, place: &mut Place, file: &str) -> Result<Option<String>, AnswerError> {
    match &doc.respondent {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(n.to_string())),
        Some(v) => {
            let (line, column) = place.at("respondent", true);
            Err(At {
                line,
                column,
                ..At::default()
            }
            .error(
                file,
                Problem::new(ErrorKind::Field, "the \"respondent\" field is not an id")
                    .value(clip(&v.to_string()))
                    .fix("give the respondent id as text, e.g. \"p01\", or leave it out"),
            ))
        }
    }
}

/// Whether the document is a saved result (which carries its answers, so
/// it is accepted as an answer file); an error for a schema we do not read.
fn is_result(doc: &Doc, here: &mut Here) -> Result<bool, AnswerError> {
    match &doc.schema {
        None => Ok(false),
        Some(Value::String(s))
            if s == super::super::RESULT_SCHEMA || s == super::super::RESULT_SCHEMA_V1 =>
        {
            Ok(true)
        }
        Some(v) => Err(here.error(
            "schema",
            true,
            None,
            Problem::new(
                ErrorKind::Field,
                "the \"schema\" is not one securebase reads",
            )
            .value(clip(&v.to_string()))
            .fix(format!(
                "answer files have no \"schema\"; saved results have \"{}\"",
                super::super::RESULT_SCHEMA
            )),
        )),
    }
}

/// Refuses the first top-level field an answer file does not have, with
/// the closest one it does.
fn refuse_unknown_field(doc: &Doc, here: &mut Here) -> Result<(), AnswerError> {
    let Some(k) = doc.unknown.first() else {
        return Ok(());
    };
    let fix = match suggest(k, TOP_KEYS.iter().copied()) {
        Some(m) => format!("did you mean \"{m}\"?"),
        None => format!(
            "remove it; an answer file has only {}",
            TOP_KEYS[..4]
                .iter()
                .map(|k| format!("\"{k}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(here.error(
        k,
        false,
        None,
        Problem::new(
            ErrorKind::Field,
            format!("\"{}\" is not a field of an answer file", k.escape_debug()),
        )
        .fix(fix),
    ))
}

/// Checks that the document's `"bank"` (an id, or a result's `{"id": …}`)
/// names the bank being read with.
fn check_bank(ck: &Checker, doc: &Doc, here: &mut Here) -> Result<(), AnswerError> {
    let bank_id = match &doc.bank {
        Some(Value::String(s)) => s.as_str(),
        Some(Value::Object(o)) if matches!(o.get("id"), Some(Value::String(_))) => {
            o.get("id").and_then(Value::as_str).unwrap_or_default()
        }
        Some(v) => {
            return Err(here.error(
                "bank",
                true,
                None,
                Problem::new(ErrorKind::Field, "the \"bank\" field is not a bank id")
                    .value(clip(&v.to_string()))
                    .fix(format!("write \"bank\": \"{}\"", ck.bank.id)),
            ))
        }
        None => {
            return Err(here.error(
                "",
                true,
                None,
                Problem::new(ErrorKind::Field, "the \"bank\" field is missing").fix(format!(
                    "add \"bank\": \"{}\" (the questionnaire these answers are for)",
                    ck.bank.id
                )),
            ))
        }
    };
    if bank_id == ck.bank.id {
        return Ok(());
    }
    let path = if matches!(doc.bank, Some(Value::Object(_))) {
        "bank.id"
    } else {
        "bank"
    };
    Err(here.error(
        path,
        true,
        None,
        Problem::new(
            ErrorKind::BankMismatch,
            format!(
                "these answers are for bank `{bank_id}`, but are being read with bank `{}`",
                ck.bank.id
            ),
        )
        .value(format!("\"{}\"", clip(bank_id).escape_debug()))
        .fix(format!(
            "score them with --bank {bank_id}, or correct the file's \"bank\" if it is wrong"
        )),
    ))
}

/// The `"answers"` object checked into a new answer set (the respondent
/// from `here`), including a relationship both rated and marked not
/// applicable.
fn read_answers(
    ck: &Checker,
    answers: &Entries,
    here: &mut Here,
) -> Result<AnswerSet, AnswerError> {
    let mut set = AnswerSet::empty(ck.bank);
    set.respondent.clone_from(here.respondent);
    for (k, v) in &answers.0 {
        // The path is only spelled out for an error: formatting it for every
        // answer cost more than checking the answer.
        let Some(key) = ck.key(k) else {
            let p = ck.unknown_key(k, Flavor::Json);
            return Err(here.error(&format!("answers.{k}"), false, Some(k), p));
        };
        match ck.json(key, v) {
            Ok(u) => apply(&mut set, u),
            Err(p) => return Err(here.error(&format!("answers.{k}"), true, Some(k), p)),
        }
    }
    if let Some((slot, p)) = ck.conflict(&set) {
        let k = ck.names[slot].clone();
        return Err(here.error(&format!("answers.{k}"), true, Some(&k), p));
    }
    Ok(set)
}

/// The `"timings"` object checked into `set`.
fn read_timings(
    ck: &Checker,
    timings: &Entries,
    set: &mut AnswerSet,
    here: &mut Here,
) -> Result<(), AnswerError> {
    for (k, v) in &timings.0 {
        match ck.timing(k, v) {
            Ok(s) => {
                set.timings.insert(k.clone(), s);
            }
            Err(p) => {
                let path = format!("timings.{k}");
                return Err(here.error(&path, true, Some(k), p));
            }
        }
    }
    Ok(())
}
