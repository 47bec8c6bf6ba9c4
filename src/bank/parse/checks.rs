//! Checks on single strings of a bank (ids, characters a terminal must not
//! see) and the small helpers every message uses (paths, type names,
//! suggestions).

use serde_json::Value;

/// Checks ids the way answer files and the command line use them
/// (bank, dimension and target ids): `[a-z0-9-]+`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Item ids may be what a researcher's data already uses (`Q1`, `ecr_09`),
/// but never contain `.`, which joins a target and an item in answer keys.
pub(in crate::bank) fn is_item_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Characters a bank must not smuggle onto a terminal: C0/C1 controls
/// (ESC starts every escape sequence) and bidirectional overrides, which can
/// make text read differently from what it is.
pub(in crate::bank) fn unsafe_char(s: &str) -> Option<char> {
    s.chars().find(|&c| c.is_control() || is_bidi_control(c))
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Names a character found by [`unsafe_char`] for a message, without
/// printing it.
pub(in crate::bank) fn describe_unsafe(c: char) -> String {
    let what = match c {
        '\u{1b}' => "ESC, which starts terminal escape sequences",
        '\u{9b}' => "CSI, which starts terminal escape sequences",
        '\t' => "a tab",
        '\n' | '\r' => "a line break",
        c if is_bidi_control(c) => {
            "a bidirectional override, which can make text display differently from what it is"
        }
        _ => "a control character",
    };
    format!("U+{:04X} ({what})", c as u32)
}

pub(in crate::bank) fn nearest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    crate::diag::suggest(word, known.iter().copied())
}

pub(in crate::bank) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

pub(in crate::bank) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(n) if n.is_i64() || n.is_u64() => "a whole number",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
