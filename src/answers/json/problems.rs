//! The reading errors of JSON and JSON Lines input that are not about an
//! answer: malformed JSON, unreadable input, a line too long, bytes that
//! are not UTF-8. Each says where, and what to do about it.

use super::super::error::{At, ErrorKind, Problem};
use super::super::AnswerError;

/// serde_json's message without its " at line L column C" tail (we say
/// where in our own words).
fn bare_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

pub(super) fn syntax_error(
    file: &str,
    e: &serde_json::Error,
    line: Option<u64>,
    fatal: bool,
) -> AnswerError {
    let msg = bare_message(e);
    let (kind, problem, fix) = if msg.starts_with("trailing characters") {
        (
            ErrorKind::Syntax,
            format!("malformed JSON: {msg} after the first object"),
            "a .json file holds one person; for several, write one object a line in a .jsonl file"
                .to_string(),
        )
    } else if msg.ends_with("is given twice") {
        (
            ErrorKind::Syntax,
            msg,
            "keep one of the two (a JSON reader would silently use the last)".to_string(),
        )
    } else if msg.starts_with("invalid type") {
        (
            ErrorKind::Syntax,
            format!("malformed answers: {msg}"),
            "write one object a person: {\"bank\": \"<id>\", \"respondent\": \"<id>\", \"answers\": {\"<item id>\": <rating or null>, …}}"
                .to_string(),
        )
    } else {
        (
            ErrorKind::Syntax,
            format!("malformed JSON: {msg}"),
            "correct the JSON at this place (a missing comma, quote or bracket is the usual cause)"
                .to_string(),
        )
    };
    let mut err = At {
        line: Some(line.unwrap_or(e.line() as u64)),
        column: Some(e.column() as u64),
        ..At::default()
    }
    .error(file, Problem::new(kind, problem).fix(fix));
    err.fatal = fatal;
    err
}

pub(super) fn io_error(file: &str, line: Option<u64>, e: &std::io::Error) -> AnswerError {
    let mut err = At {
        line,
        ..At::default()
    }
    .error(
        file,
        Problem::new(ErrorKind::Io, format!("cannot read: {e}"))
            .fix("check that the file is readable and is text (UTF-8)"),
    );
    err.fatal = true;
    err
}

pub(super) fn too_long(file: &str, line: u64) -> AnswerError {
    let mut err = At {
        line: Some(line),
        ..At::default()
    }
    .error(
        file,
        Problem::new(
            ErrorKind::TooLarge,
            format!(
                "this line is longer than {} MiB; one person's answers are a few kilobytes",
                super::super::MAX_RECORD_BYTES >> 20
            ),
        )
        .fix("write one object a line, each ending with a line break (is this really a JSON Lines answer file?)"),
    );
    err.fatal = true;
    err
}

pub(super) fn not_utf8(file: &str, line: Option<u64>, e: std::str::Utf8Error) -> AnswerError {
    let mut err = At {
        line,
        ..At::default()
    }
    .error(
        file,
        Problem::new(
            ErrorKind::Io,
            format!(
                "not UTF-8 text (byte {} of the line is not valid UTF-8)",
                e.valid_up_to() + 1
            ),
        )
        .fix("save the file as UTF-8"),
    );
    err.fatal = true;
    err
}
