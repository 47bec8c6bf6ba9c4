//! JSON answer files (one person) and JSON Lines (one person a line).
//!
//! A document is read with a small serde visitor rather than into a
//! `serde_json::Map`, so a key given twice is an error with its line and
//! column instead of the last value silently winning. Problems found after
//! parsing are placed with the bank parser's span index.

use std::fmt;
use std::io::{BufRead, BufReader, Read};

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::check::{apply, suggest, Checker, Flavor, Key, Update};
use super::error::{clip, At, ErrorKind, Problem};
use super::{Answer, AnswerError, AnswerSet};
use crate::bank::span::Spans;
use crate::bank::Bank;
use crate::fs::MAX_FILE_BYTES;

const TOP_KEYS: [&str; 5] = ["bank", "respondent", "answers", "timings", "schema"];

/// Objects up to this many keys are checked for repeats without a hash set.
const SMALL_OBJECT: usize = 64;

/// One top-level object, as written.
#[derive(Debug, Default)]
struct Doc {
    schema: Option<Value>,
    bank: Option<Value>,
    respondent: Option<Value>,
    answers: Option<Entries>,
    timings: Option<Entries>,
    /// Other top-level keys: allowed only in a saved result document.
    unknown: Vec<String>,
}

/// An object's entries in file order, each key at most once.
#[derive(Debug, Default)]
struct Entries(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of answer keys and values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut out: Vec<(String, Value)> = Vec::new();
                // Small objects (every real answer file): a 256-bit filter
                // of the keys so far, and only a key whose bit is set is
                // compared with the others (comparing every pair cost a
                // quarter of reading a study). Past `SMALL_OBJECT` keys, a hash set
                // (std's, keyed per process: no crafted keys collide), so
                // a hostile object of 160,000 keys stays linear.
                let mut bits = [0u64; 4];
                let mut big: Option<std::collections::HashSet<String>> = None;
                while let Some(k) = map.next_key::<String>()? {
                    let dup = if let Some(set) = &mut big {
                        !set.insert(k.clone())
                    } else {
                        let h = super::check::fingerprint(k.as_bytes()) as usize & 255;
                        let (word, bit) = (h / 64, 1u64 << (h % 64));
                        let seen = bits[word] & bit != 0 && out.iter().any(|(o, _)| *o == k);
                        bits[word] |= bit;
                        seen
                    };
                    if dup {
                        return Err(de::Error::custom(format!(
                            "the key \"{}\" is given twice",
                            crate::sanitize::field(&k)
                        )));
                    }
                    let v = map.next_value::<Value>()?;
                    out.push((k, v));
                    if big.is_none() && out.len() == SMALL_OBJECT {
                        big = Some(out.iter().map(|(k, _)| k.clone()).collect());
                    }
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for Doc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Doc;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object with \"bank\" and \"answers\"")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc, A::Error> {
                let mut doc = Doc::default();
                // A set: a document of many unknown fields stays linear.
                let mut seen = std::collections::HashSet::new();
                while let Some(k) = map.next_key::<String>()? {
                    if seen.contains(&k) {
                        return Err(de::Error::custom(format!(
                            "the field \"{}\" is given twice",
                            crate::sanitize::field(&k)
                        )));
                    }
                    match k.as_str() {
                        "schema" => doc.schema = Some(map.next_value()?),
                        "bank" => doc.bank = Some(map.next_value()?),
                        "respondent" => doc.respondent = Some(map.next_value()?),
                        "answers" => doc.answers = Some(map.next_value()?),
                        "timings" => doc.timings = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            if doc.unknown.is_empty() {
                                doc.unknown.push(k.clone());
                            }
                        }
                    }
                    seen.insert(k);
                }
                Ok(doc)
            }
        }
        d.deserialize_map(V)
    }
}

/// Where things are in the text of one document, found only when a
/// problem needs placing (indexing is slower than parsing).
struct Place<'t> {
    text: &'t str,
    /// For JSON Lines: the document's line in the file (its columns come
    /// from the index; its line in the index is always 1).
    line: Option<u64>,
    spans: Option<Spans>,
}

impl Place<'_> {
    fn at(&mut self, path: &str, value: bool) -> (Option<u64>, Option<u64>) {
        let spans = self.spans.get_or_insert_with(|| Spans::index(self.text));
        let pos = if value {
            spans.value(path)
        } else {
            spans.key(path)
        };
        match (self.line, pos) {
            (Some(l), Some((_, c))) => (Some(l), Some(c as u64)),
            (Some(l), None) => (Some(l), None),
            (None, Some((l, c))) => (Some(l as u64), Some(c as u64)),
            (None, None) => (None, None),
        }
    }
}

/// serde_json's message without its " at line L column C" tail (we say
/// where in our own words).
fn bare_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn syntax_error(file: &str, e: &serde_json::Error, line: Option<u64>, fatal: bool) -> AnswerError {
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

/// Turns a parsed document into a checked answer set.
fn convert(ck: &mut Checker, doc: Doc, place: &mut Place) -> Result<AnswerSet, AnswerError> {
    let file = ck.file.clone();

    // The respondent first, so every later message can name them.
    let respondent = match &doc.respondent {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        Some(v) => {
            let (line, column) = place.at("respondent", true);
            return Err(At {
                line,
                column,
                ..At::default()
            }
            .error(
                &file,
                Problem::new(ErrorKind::Field, "the \"respondent\" field is not an id")
                    .value(clip(&v.to_string()))
                    .fix("give the respondent id as text, e.g. \"p01\", or leave it out"),
            ));
        }
    };
    let at = |place: &mut Place, path: &str, value: bool, item: Option<&str>| {
        let (line, column) = place.at(path, value);
        At {
            line,
            column,
            respondent: respondent.clone(),
            item: item.map(str::to_string),
        }
    };

    // A saved result carries its answers: accept it as an answer file.
    let is_result = match &doc.schema {
        None => false,
        Some(Value::String(s)) if s == super::RESULT_SCHEMA || s == super::RESULT_SCHEMA_V1 => true,
        Some(v) => {
            return Err(at(place, "schema", true, None).error(
                &file,
                Problem::new(
                    ErrorKind::Field,
                    "the \"schema\" is not one securebase reads",
                )
                .value(clip(&v.to_string()))
                .fix(format!(
                    "answer files have no \"schema\"; saved results have \"{}\"",
                    super::RESULT_SCHEMA
                )),
            ))
        }
    };
    if !is_result {
        if let Some(k) = doc.unknown.first() {
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
            return Err(at(place, k, false, None).error(
                &file,
                Problem::new(
                    ErrorKind::Field,
                    format!("\"{}\" is not a field of an answer file", k.escape_debug()),
                )
                .fix(fix),
            ));
        }
    }

    // The bank: an id, or a result's {"id": …}.
    let bank_id = match &doc.bank {
        Some(Value::String(s)) => s.as_str(),
        Some(Value::Object(o)) if matches!(o.get("id"), Some(Value::String(_))) => {
            o.get("id").and_then(Value::as_str).unwrap_or_default()
        }
        Some(v) => {
            return Err(at(place, "bank", true, None).error(
                &file,
                Problem::new(ErrorKind::Field, "the \"bank\" field is not a bank id")
                    .value(clip(&v.to_string()))
                    .fix(format!("write \"bank\": \"{}\"", ck.bank.id)),
            ))
        }
        None => {
            return Err(at(place, "", true, None).error(
                &file,
                Problem::new(ErrorKind::Field, "the \"bank\" field is missing").fix(format!(
                    "add \"bank\": \"{}\" (the questionnaire these answers are for)",
                    ck.bank.id
                )),
            ))
        }
    };
    if bank_id != ck.bank.id {
        let path = if matches!(doc.bank, Some(Value::Object(_))) {
            "bank.id"
        } else {
            "bank"
        };
        return Err(at(place, path, true, None).error(
            &file,
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
        ));
    }

    if let Some(r) = &respondent {
        if !ck.respondent(r) {
            return Err(at(place, "respondent", true, None).error(
                &file,
                Problem::new(ErrorKind::DuplicateRespondent, super::DUPLICATE).fix(
                    "give every person their own respondent id, or remove the repeated answers",
                ),
            ));
        }
    }

    let Some(answers) = doc.answers else {
        let here = at(place, "", true, None);
        return Err(here.error(
            &file,
            Problem::new(ErrorKind::Field, "the \"answers\" field is missing")
                .fix("add \"answers\": {\"<item id>\": <rating>, …}"),
        ));
    };
    let mut set = AnswerSet::empty(ck.bank);
    set.respondent.clone_from(&respondent);
    for (k, v) in &answers.0 {
        // The path is only spelled out for an error: formatting it for every
        // answer cost more than checking the answer.
        let Some(key) = ck.key(k) else {
            let p = ck.unknown_key(k, Flavor::Json);
            return Err(at(place, &format!("answers.{k}"), false, Some(k)).error(&file, p));
        };
        match ck.json(key, v) {
            Ok(u) => apply(&mut set, u),
            Err(p) => return Err(at(place, &format!("answers.{k}"), true, Some(k)).error(&file, p)),
        }
    }
    if let Some((slot, p)) = ck.conflict(&set) {
        let k = ck.names[slot].clone();
        return Err(at(place, &format!("answers.{k}"), true, Some(&k)).error(&file, p));
    }
    if let Some(timings) = doc.timings {
        for (k, v) in &timings.0 {
            match ck.timing(k, v) {
                Ok(s) => {
                    set.timings.insert(k.clone(), s);
                }
                Err(p) => {
                    let path = format!("timings.{k}");
                    return Err(at(place, &path, true, Some(k)).error(&file, p));
                }
            }
        }
    }
    Ok(set)
}

fn strip_bom(s: &str) -> &str {
    s.strip_prefix('\u{feff}').unwrap_or(s)
}

fn io_error(file: &str, line: Option<u64>, e: &std::io::Error) -> AnswerError {
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
fn parse_head(file: &str, text: &str, line: Option<u64>) -> Result<Value, AnswerError> {
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

/// Reads one line (through its `\n`) into `buf`, at most `cap` bytes of
/// it: `Ok(None)` at the end of the input, `Ok(Some(true))` for a line,
/// `Ok(Some(false))` when the line is longer than `cap` (what was read of
/// it stays in `buf`; the reader is left inside the line).
pub fn read_line_capped<R: BufRead>(
    r: &mut R,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<Option<bool>> {
    let start = buf.len();
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok((buf.len() > start).then_some(true));
        }
        let room = cap.saturating_sub(buf.len() - start);
        let (n, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) if i < room => (i + 1, true),
            _ if avail.len() <= room => (avail.len(), false),
            _ => {
                let n = room.min(avail.len());
                buf.extend_from_slice(&avail[..n]);
                r.consume(n);
                return Ok(Some(false));
            }
        };
        buf.extend_from_slice(&avail[..n]);
        r.consume(n);
        if done {
            return Ok(Some(true));
        }
    }
}

fn too_long(file: &str, line: u64) -> AnswerError {
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
                super::MAX_RECORD_BYTES >> 20
            ),
        )
        .fix("write one object a line, each ending with a line break (is this really a JSON Lines answer file?)"),
    );
    err.fatal = true;
    err
}

fn not_utf8(file: &str, line: Option<u64>, e: std::str::Utf8Error) -> AnswerError {
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

/// The document of a single-object JSON input, its bytes kept in `head`.
pub(crate) fn peek_one<R: Read>(
    name: &str,
    input: &mut R,
    head: &mut Vec<u8>,
) -> Result<Value, AnswerError> {
    read_all(name, input, head)?;
    let text = std::str::from_utf8(head).map_err(|e| not_utf8(name, None, e))?;
    parse_head(name, text, None)
}

/// [`bank_of`] for the first non-blank line of a JSON Lines input, the
/// lines read kept in `head`. `Ok(None)` when there is no line at all.
pub(crate) fn peek_lines<R: BufRead>(
    name: &str,
    one: &mut R,
    head: &mut Vec<u8>,
) -> Result<Option<String>, AnswerError> {
    let mut line = 0;
    loop {
        let start = head.len();
        line += 1;
        match read_line_capped(one, head, super::MAX_RECORD_BYTES) {
            Ok(None) => return Ok(None),
            Ok(Some(true)) => {}
            Ok(Some(false)) => return Err(too_long(name, line)),
            Err(e) => return Err(io_error(name, Some(line), &e)),
        }
        let text =
            std::str::from_utf8(&head[start..]).map_err(|e| not_utf8(name, Some(line), e))?;
        let text = if line == 1 { strip_bom(text) } else { text };
        if !text.trim().is_empty() {
            let v = parse_head(name, text, Some(line))?;
            return bank_of(name, &v, Some(line)).map(Some);
        }
    }
}

/// Reads a whole single-object input into `bytes`, refusing one over
/// [`MAX_FILE_BYTES`].
fn read_all<R: Read>(name: &str, input: R, bytes: &mut Vec<u8>) -> Result<(), AnswerError> {
    input
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(bytes)
        .map_err(|e| io_error(name, None, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let mut err = At::default().error(
            name,
            Problem::new(
                ErrorKind::TooLarge,
                format!(
                    "more than {} MiB, too large for one person's answers",
                    MAX_FILE_BYTES >> 20
                ),
            )
            .fix("for many people, write one object a line in a .jsonl file, or use CSV"),
        );
        err.fatal = true;
        return Err(err);
    }
    Ok(())
}

/// Reads a whole single-document file as text: at most
/// [`MAX_FILE_BYTES`], UTF-8, without a byte-order mark.
pub fn read_text<R: Read>(name: &str, input: R) -> Result<String, AnswerError> {
    let mut bytes = Vec::new();
    read_all(name, input, &mut bytes)?;
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(name, None, e.utf8_error()))?;
    Ok(strip_bom(&text).to_string())
}

/// Reads a single-object JSON answer file.
pub(crate) fn read_one<R: Read>(
    bank: &Bank,
    name: &str,
    input: R,
    ids: std::rc::Rc<std::cell::RefCell<super::seen::Seen>>,
) -> Result<AnswerSet, AnswerError> {
    let text = read_text(name, input)?;
    let text = text.as_str();
    if text.trim().is_empty() {
        let mut err = At::default().error(
            name,
            Problem::new(ErrorKind::Empty, "the file is empty").fix(format!(
                "write one object: {{\"bank\": \"{}\", \"answers\": {{…}}}}",
                bank.id
            )),
        );
        err.fatal = true;
        return Err(err);
    }
    let doc: Doc = serde_json::from_str(text).map_err(|e| syntax_error(name, &e, None, true))?;
    let mut ck = Checker::new(bank, name);
    ck.ids = ids;
    let mut place = Place {
        text,
        line: None,
        spans: None,
    };
    convert(&mut ck, doc, &mut place)
}

/// Streams a JSON Lines file: one person a line, blank lines skipped.
pub(crate) struct Lines<'b, R> {
    input: BufReader<R>,
    buf: Vec<u8>,
    line: u64,
    ck: Checker<'b>,
    /// The fast path's answer keys seen, reused across lines.
    marks: Vec<u64>,
    done: bool,
}

impl<'b, R: Read> Lines<'b, R> {
    pub fn new(bank: &'b Bank, name: &str, input: R) -> Self {
        Lines {
            input: BufReader::new(input),
            buf: Vec::new(),
            line: 0,
            ck: Checker::new(bank, name),
            marks: Vec::new(),
            done: false,
        }
    }
}

impl<R: Read> Lines<'_, R> {
    /// Checks respondent ids against those of the other inputs of a run.
    pub fn share_ids(&mut self, ids: &std::rc::Rc<std::cell::RefCell<super::seen::Seen>>) {
        self.ck.ids = std::rc::Rc::clone(ids);
    }
}

impl<R: Read> Iterator for Lines<'_, R> {
    type Item = Result<AnswerSet, AnswerError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            match read_line_capped(&mut self.input, &mut self.buf, super::MAX_RECORD_BYTES) {
                Ok(None) => self.done = true,
                Ok(Some(false)) => {
                    self.done = true;
                    return Some(Err(too_long(&self.ck.file, self.line + 1)));
                }
                Ok(Some(true)) => {
                    self.line += 1;
                    let line = Some(self.line);
                    let text = match std::str::from_utf8(&self.buf) {
                        Ok(t) => t,
                        Err(e) => {
                            let mut err = not_utf8(&self.ck.file, line, e);
                            err.fatal = false;
                            return Some(Err(err));
                        }
                    };
                    let text = if self.line == 1 {
                        strip_bom(text)
                    } else {
                        text
                    };
                    if text.trim().is_empty() {
                        continue;
                    }
                    if let Some(set) = fast_line(&self.ck, &mut self.marks, text) {
                        // Last, so a line given up on has noted nothing.
                        if set
                            .respondent
                            .as_deref()
                            .is_none_or(|r| self.ck.respondent(r))
                        {
                            return Some(Ok(set));
                        }
                    }
                    let doc: Doc = match serde_json::from_str(text) {
                        Ok(d) => d,
                        Err(e) => return Some(Err(syntax_error(&self.ck.file, &e, line, false))),
                    };
                    let mut place = Place {
                        text,
                        line,
                        spans: None,
                    };
                    return Some(convert(&mut self.ck, doc, &mut place));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(io_error(&self.ck.file, Some(self.line + 1), &e)));
                }
            }
        }
        None
    }
}

/// The fast path for one JSON Lines document: reads the plain case (a
/// `"bank"` string, a `"respondent"`, an `"answers"` object of known keys
/// with whole numbers in the scale, nulls, paragraph ids and
/// `"not-applicable"` marks) straight into an [`AnswerSet`], with no owned
/// key and no `serde_json::Value`. Anything else — a syntax error, a
/// duplicate, an unknown key, a bad value, `"timings"`, a saved result —
/// makes it give up (`None`) without side effects, and the caller reads the
/// line again with [`convert`], which builds the exact message. Errors are
/// rare; only valid lines need to be fast.
fn fast_line(ck: &Checker, marks: &mut Vec<u64>, text: &str) -> Option<AnswerSet> {
    let mut de = serde_json::Deserializer::from_str(text);
    let set = de::DeserializeSeed::deserialize(FastDoc { ck, marks }, &mut de).ok()?;
    de.end().ok()?;
    Some(set)
}

/// Tells the fast path to give up; the message is never shown.
fn give_up<E: de::Error>() -> E {
    E::custom("")
}

struct FastDoc<'c, 'b> {
    ck: &'c Checker<'b>,
    /// One bit per answer key seen in this document (reused across lines).
    marks: &'c mut Vec<u64>,
}

impl<'de> de::DeserializeSeed<'de> for FastDoc<'_, '_> {
    type Value = AnswerSet;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<AnswerSet, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FastDoc<'_, '_> {
    type Value = AnswerSet;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnswerSet, A::Error> {
        let ck = self.ck;
        let mut set = AnswerSet::empty(ck.bank);
        // Bits: 1 bank, 2 respondent, 4 answers.
        let mut seen = 0u8;
        while let Some(k) = map.next_key::<TopKey>()? {
            let bit = 1u8 << (k as u8);
            if seen & bit != 0 {
                return Err(give_up());
            }
            seen |= bit;
            match k {
                TopKey::Bank => map.next_value_seed(Exact(&ck.bank.id))?,
                TopKey::Respondent => set.respondent = map.next_value::<Respondent>()?.0,
                TopKey::Answers => map.next_value_seed(FastAnswers {
                    ck,
                    marks: &mut *self.marks,
                    set: &mut set,
                })?,
            }
        }
        if seen & 0b101 != 0b101 || ck.conflict(&set).is_some() {
            return Err(give_up());
        }
        Ok(set)
    }
}

/// The top-level keys the fast path reads; any other is given up on.
#[derive(Clone, Copy)]
enum TopKey {
    Bank = 0,
    Respondent = 1,
    Answers = 2,
}

impl<'de> Deserialize<'de> for TopKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TopKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TopKey, E> {
                match v {
                    "bank" => Ok(TopKey::Bank),
                    "respondent" => Ok(TopKey::Respondent),
                    "answers" => Ok(TopKey::Answers),
                    _ => Err(give_up()),
                }
            }
        }
        d.deserialize_str(V)
    }
}

/// A string equal to the given one (the bank id).
struct Exact<'a>(&'a str);

impl<'de> de::DeserializeSeed<'de> for Exact<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for Exact<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the bank id")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        if v == self.0 {
            Ok(())
        } else {
            Err(give_up())
        }
    }
}

/// A respondent id as [`convert`] reads it: text (blank is none), a whole
/// number, or null.
struct Respondent(Option<String>);

impl<'de> Deserialize<'de> for Respondent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Respondent;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a respondent id")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Respondent, E> {
                Ok(Respondent(None))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Respondent, E> {
                Ok(Respondent((!v.trim().is_empty()).then(|| v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Respondent, E> {
                Ok(Respondent(Some(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Respondent, E> {
                Ok(Respondent(Some(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

struct FastAnswers<'c, 'b> {
    ck: &'c Checker<'b>,
    marks: &'c mut Vec<u64>,
    set: &'c mut AnswerSet,
}

impl<'de> de::DeserializeSeed<'de> for FastAnswers<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FastAnswers<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of answer keys and values")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ck = self.ck;
        let slots = ck.names.len();
        let words = (slots + ck.bank.targets.len()).div_ceil(64);
        self.marks.clear();
        self.marks.resize(words, 0);
        // Files usually list the keys in the bank's order: try the slot
        // after the last one before hashing.
        let mut next = 0;
        while let Some(key) = map.next_key_seed(FastKey { ck, next })? {
            let bit = match key {
                Key::Slot(s) => {
                    next = s + 1;
                    s
                }
                Key::Target(t) => slots + t,
            };
            let (word, mask) = (bit / 64, 1u64 << (bit % 64));
            if self.marks[word] & mask != 0 {
                return Err(give_up());
            }
            self.marks[word] |= mask;
            let u = map.next_value_seed(FastValue { ck, key })?;
            apply(self.set, u);
        }
        Ok(())
    }
}

/// An answer key, looked up without owning it; an unknown one gives up.
struct FastKey<'c, 'b> {
    ck: &'c Checker<'b>,
    next: usize,
}

impl<'de> de::DeserializeSeed<'de> for FastKey<'_, '_> {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for FastKey<'_, '_> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        self.ck.key_from(v, self.next).ok_or_else(give_up)
    }
}

/// One answer value: what [`Checker::json`] accepts, without a `Value`.
struct FastValue<'c, 'b> {
    ck: &'c Checker<'b>,
    key: Key,
}

impl<'de> de::DeserializeSeed<'de> for FastValue<'_, '_> {
    type Value = Update;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Update, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for FastValue<'_, '_> {
    type Value = Update;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Update, E> {
        Ok(match self.key {
            Key::Slot(s) => Update::Set(s, Answer::Missing),
            Key::Target(_) => Update::Nothing,
        })
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Update, E> {
        match self.key {
            Key::Slot(s) if self.ck.is_rating(s) && self.ck.in_scale(v) => {
                Ok(Update::Set(s, Answer::Rating(v)))
            }
            _ => Err(give_up()),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Update, E> {
        match i64::try_from(v) {
            Ok(v) => self.visit_i64(v),
            Err(_) => Err(give_up()),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Update, E> {
        self.ck.json_str(self.key, v).ok_or_else(give_up)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Catalog;

    /// The fast path's answer for one line, and the careful path's.
    fn both(bank: &Bank, text: &str) -> (Option<AnswerSet>, Result<AnswerSet, AnswerError>) {
        let fast = fast_line(&Checker::new(bank, "t.jsonl"), &mut Vec::new(), text);
        let mut ck = Checker::new(bank, "t.jsonl");
        let slow = match serde_json::from_str::<Doc>(text) {
            Ok(doc) => convert(
                &mut ck,
                doc,
                &mut Place {
                    text,
                    line: Some(1),
                    spans: None,
                },
            ),
            Err(e) => Err(syntax_error("t.jsonl", &e, Some(1), false)),
        };
        (fast, slow)
    }

    /// Lines the fast path must read itself, exactly as the careful path.
    fn fast_reads(bank: &str, lines: &[&str]) {
        let bank = Catalog::builtin(bank).unwrap().bank;
        for line in lines {
            let (fast, slow) = both(&bank, line);
            let fast = fast.unwrap_or_else(|| panic!("fast path gave up on {line}"));
            assert_eq!(Ok(fast), slow, "{line}");
        }
    }

    /// Lines the fast path must leave to the careful path.
    fn fast_gives_up(bank: &str, lines: &[&str]) {
        let bank = Catalog::builtin(bank).unwrap().bank;
        for line in lines {
            let (fast, _) = both(&bank, line);
            assert!(fast.is_none(), "fast path read {line}");
        }
    }

    #[test]
    fn the_fast_path_reads_plain_lines_as_the_careful_path_does() {
        fast_reads(
            "sb-core",
            &[
                r#"{"bank":"sb-core","respondent":"p1","answers":{"anx-01":4,"avo-01":7,"dis-01":1}}"#,
                r#"{"answers":{"dis-01":null,"anx-01":1},"bank":"sb-core"}"#,
                r#" { "respondent" : 17 , "bank" : "sb\u002dcore" , "answers" : { "anx\u002d02" : 2 } } "#,
                r#"{"bank":"sb-core","respondent":-3,"answers":{}}"#,
                r#"{"bank":"sb-core","respondent":"  ","answers":{"avo-18":5}}"#,
                r#"{"bank":"sb-core","respondent":null,"answers":{"avo-18":5}}"#,
            ],
        );
        fast_reads(
            "sb-relationships",
            &[
                r#"{"bank":"sb-relationships","answers":{"mother":"not-applicable","father":null,"father.avo-01":3}}"#,
            ],
        );
        fast_reads(
            "sb-styles",
            &[
                r#"{"bank":"sb-styles","answers":{"best-fit":"proto-fearful"}}"#,
                r#"{"bank":"sb-styles","answers":{"best-fit":null}}"#,
            ],
        );
    }

    #[test]
    fn the_fast_path_agrees_on_crlf_lines_and_hostile_ids() {
        let ids = [
            r#""t\u001b]0;PWNED\u0007""#,
            r#""c\u001b]52;c;cHduZWQ=\u0007""#,
            r#""r1\rforged""#,
            r#""c1\u009b31m""#,
            r#""b\u202edis""#,
            "\"b\u{202e}raw\"",
            "\"\u{9b}raw\"",
            r#""line\nbreak""#,
            r#""""#,
            "12345678901234567890",
        ];
        for id in ids {
            for end in ["", "\r", "\r\n", " \t\r"] {
                let line = format!(
                    r#"{{"bank":"sb-short","respondent":{id},"answers":{{"anx-01":4,"avo-01":null}}}}{end}"#
                );
                let bank = Catalog::builtin("sb-short").unwrap().bank;
                let (fast, slow) = both(&bank, &line);
                match fast {
                    Some(f) => assert_eq!(Ok(f), slow, "{line:?}"),
                    None => assert!(slow.is_err(), "fast gave up on a good line {line:?}"),
                }
            }
        }
    }

    #[test]
    fn the_fast_path_leaves_every_problem_to_the_careful_path() {
        fast_gives_up(
            "sb-core",
            &[
                r#"{"bank":"sb-core","answers":{"anx-01":4,"anx-01":5}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":4,"anx\u002d01":4}}"#,
                r#"{"bank":"sb-core","bank":"sb-core","answers":{}}"#,
                r#"{"bank":"sb-core","answers":{"anx-1":4}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":0}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":8}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":4.0}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":"4"}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":true}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":[4]}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":18446744073709551615}}"#,
                r#"{"bank":"sb-short","answers":{"anx-01":4}}"#,
                r#"{"bank":{"id":"sb-core"},"answers":{"anx-01":4}}"#,
                r#"{"answers":{"anx-01":4}}"#,
                r#"{"bank":"sb-core"}"#,
                r#"{"bank":"sb-core","answers":null}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":4}} x"#,
                r#"{"bank":"sb-core","answers":{"anx-01":4}"#,
                r#"{"bank":"sb-core","respondent":1.5,"answers":{}}"#,
                r#"{"bank":"sb-core","respondent":["p1"],"answers":{}}"#,
                r#"{"bank":"sb-core","answers":{},"timings":{"anx-01":1.5}}"#,
                r#"{"bank":"sb-core","answers":{},"note":"x"}"#,
                "[1]",
            ],
        );
        fast_gives_up(
            "sb-relationships",
            &[
                r#"{"bank":"sb-relationships","answers":{"mother":"not-applicable","mother.avo-01":3}}"#,
                r#"{"bank":"sb-relationships","answers":{"mother":"n/a"}}"#,
                r#"{"bank":"sb-relationships","answers":{"mother":3}}"#,
                r#"{"bank":"sb-relationships","answers":{"mother.avo-01":"not-applicable"}}"#,
                r#"{"bank":"sb-relationships","answers":{"avo-01":3}}"#,
            ],
        );
        fast_gives_up(
            "sb-styles",
            &[
                r#"{"bank":"sb-styles","answers":{"best-fit":"proto-lonely"}}"#,
                r#"{"bank":"sb-styles","answers":{"best-fit":3}}"#,
            ],
        );
    }

    #[test]
    fn a_repeated_respondent_read_fast_is_still_refused() {
        let bank = Catalog::builtin("sb-core").unwrap().bank;
        let text = "{\"bank\":\"sb-core\",\"respondent\":\"p1\",\"answers\":{}}\n".repeat(2);
        let got: Vec<_> = Lines::new(&bank, "t.jsonl", text.as_bytes()).collect();
        assert!(got[0].is_ok());
        let err = got[1].as_ref().unwrap_err();
        assert_eq!(err.kind, ErrorKind::DuplicateRespondent);
        assert_eq!(err.line, Some(2));
    }
}
