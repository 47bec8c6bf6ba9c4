//! The first document of an input, read before any bank is chosen: which
//! questionnaire it names, or what is wrong with it.

use serde_json::Value;

use super::super::error::{clip, At, ErrorKind, Problem};
use super::super::AnswerError;
use super::problems::syntax_error;
use super::strip_bom;

/// The questionnaire one JSON document says it answers: its `"bank"`, an
/// id (or a saved result's `{"id": …}`). Called before any bank is chosen,
/// so a document that cannot name one gets its real problem reported
/// (malformed JSON, no object, no `"bank"`, a `"bank"` that is not an id),
/// never a question about which bank to use. A bank named inside a file is
/// an id only: a path there would make us read any file it names.
pub(crate) fn bank_of(file: &str, value: &Value, line: Option<u64>) -> Result<String, AnswerError> {
    let here = |column: Option<u64>| At {
        line: line.or(Some(1)),
        column,
        ..At::default()
    };
    let fix_missing = "add \"bank\": \"<id>\" (the questionnaire these answers are for; `securebase list` shows the ids), or pass --bank";
    let field = |problem: &str, value: Option<&Value>, fix: &str| {
        let mut p = Problem::new(ErrorKind::Field, problem).fix(fix);
        if let Some(v) = value {
            p = p.value(clip(&v.to_string()));
        }
        let mut err = here(None).error(file, p);
        err.fatal = true;
        err
    };
    let Value::Object(doc) = value else {
        return Err(field(
            "malformed answers: expected an object",
            Some(value),
            "write one object a person: {\"bank\": \"<id>\", \"respondent\": \"<id>\", \"answers\": {…}}",
        ));
    };
    let id = match doc.get("bank") {
        None => return Err(field("the \"bank\" field is missing", None, fix_missing)),
        Some(Value::String(s)) => s,
        Some(Value::Object(o)) if matches!(o.get("id"), Some(Value::String(_))) => {
            o.get("id").and_then(Value::as_str).unwrap_or_default()
        }
        Some(v) => {
            return Err(field(
                "the \"bank\" field is not a bank id",
                Some(v),
                fix_missing,
            ))
        }
    };
    if !crate::bank::is_bank_id(id) {
        return Err(not_an_id(file, line, id));
    }
    Ok(id.to_string())
}

/// A bank named inside a file that is not a bank id.
pub(crate) fn not_an_id(file: &str, line: Option<u64>, id: &str) -> AnswerError {
    let mut err = At {
        line: line.or(Some(1)),
        ..At::default()
    }
    .error(
        file,
        Problem::new(
            ErrorKind::Field,
            "the \"bank\" field is not a bank id (lowercase letters, digits and -)",
        )
        .value(clip(&Value::from(id).to_string()))
        .fix("name the questionnaire by its id (`securebase list`); a bank file is given with --bank PATH, never inside an answer file"),
    );
    err.fatal = true;
    err
}

/// Parses one document for [`bank_of`], or says what is wrong with it.
pub(super) fn parse_head(file: &str, text: &str, line: Option<u64>) -> Result<Value, AnswerError> {
    let text = strip_bom(text);
    if text.trim().is_empty() {
        let mut err = At::default().error(
            file,
            Problem::new(ErrorKind::Empty, "the file is empty")
                .fix("write one object: {\"bank\": \"<id>\", \"answers\": {…}} (`securebase template <bank>` prints one)"),
        );
        err.fatal = true;
        return Err(err);
    }
    serde_json::from_str(text).map_err(|e| syntax_error(file, &e, line, true))
}
