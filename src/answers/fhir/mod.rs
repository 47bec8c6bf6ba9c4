//! FHIR R4 `QuestionnaireResponse`s read as answer sets: one response, or
//! a `Bundle` of them (other resources in the Bundle, such as the
//! Observations of an export, are passed over).
//!
//! Each response is checked against the bank's Questionnaire as
//! `render::fhir` builds it (names from [`crate::bank::fhir`]): the
//! questionnaire it names, every linkId, the nesting in groups, the type
//! of each answer, each coding's system and code, and that a relationship
//! marked as not applying has no answers. Problems are reported with the
//! file, line and column, the JSON path and a fix, like any answer file.
//! Score answers the response carries are returned beside the answers so
//! the caller can compare them with securebase's own.

use std::collections::HashMap;

mod items;

use serde_json::Value;

use super::check::Checker;
use super::error::{clip, At, ErrorKind, Problem};
use super::{AnswerError, AnswerSet};
use crate::bank::fhir as names;
use crate::bank::span::Spans;
use crate::bank::Bank;

/// One response read: the checked answers, and the scores it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub answers: AnswerSet,
    /// (score linkId, value) for each score item the response answers.
    pub carried: Vec<(String, f64)>,
}

/// Whether a JSON document is a FHIR resource (it has a `resourceType`).
pub fn is_fhir(doc: &Value) -> bool {
    doc.get("resourceType").is_some_and(Value::is_string)
}

/// The bank id the (first) response names through its `questionnaire`,
/// when that is one of securebase's canonical URLs.
pub fn bank_id(doc: &Value) -> Option<String> {
    let qr = match doc.get("resourceType")?.as_str()? {
        "Bundle" => doc
            .get("entry")?
            .as_array()?
            .iter()
            .filter_map(|e| e.get("resource"))
            .find(|r| r.get("resourceType") == Some(&Value::from("QuestionnaireResponse")))?,
        _ => doc,
    };
    let canonical = qr.get("questionnaire")?.as_str()?;
    names::parse_canonical(canonical).map(|(id, _)| id.to_string())
}

/// How many QuestionnaireResponses a document holds (itself, or a
/// Bundle's entries).
pub fn response_count(doc: &Value) -> usize {
    let is_qr = |v: &Value| v.get("resourceType") == Some(&Value::from("QuestionnaireResponse"));
    match doc.get("resourceType").and_then(Value::as_str) {
        Some("Bundle") => doc.get("entry").and_then(Value::as_array).map_or(0, |es| {
            es.iter()
                .filter_map(|e| e.get("resource"))
                .filter(|r| is_qr(r))
                .count()
        }),
        _ => usize::from(is_qr(doc)),
    }
}

/// What a linkId is in the bank's Questionnaire.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Node {
    Group,
    Rating(usize),
    Choice(usize),
    NotApplicable(usize),
    Score,
    Display,
}

/// The Questionnaire's shape: linkId → (what it is, the group it sits in).
fn shape(bank: &Bank) -> HashMap<String, (Node, Option<String>)> {
    let mut m = HashMap::new();
    m.insert(names::INSTRUCTIONS_LINK.to_string(), (Node::Display, None));
    let keys = bank.answer_keys();
    let n = bank.items.len();
    if bank.targets.is_empty() {
        for (slot, key) in keys.iter().enumerate().take(n) {
            m.insert(key.clone(), (Node::Rating(slot), None));
        }
    }
    for (ti, t) in bank.targets.iter().enumerate() {
        let inside = Some(t.id.clone());
        m.insert(t.id.clone(), (Node::Group, None));
        m.insert(names::target_about_link(t), (Node::Display, inside.clone()));
        if t.allow_not_applicable {
            m.insert(
                names::not_applicable_link(t),
                (Node::NotApplicable(ti), inside.clone()),
            );
        }
        for (slot, key) in keys.iter().enumerate().skip(ti * n).take(n) {
            m.insert(key.clone(), (Node::Rating(slot), inside.clone()));
        }
        for d in &bank.dimensions {
            m.insert(names::score_link(Some(t), d), (Node::Score, inside.clone()));
        }
    }
    if let Some(fc) = &bank.forced_choice {
        m.insert(fc.id.clone(), (Node::Choice(keys.len() - 1), None));
    }
    for d in &bank.dimensions {
        m.insert(names::score_link(None, d), (Node::Score, None));
    }
    m
}

/// Reads every QuestionnaireResponse in `text` (one, or a Bundle's), or
/// the first problem found.
pub fn read(bank: &Bank, file: &str, text: &str) -> Result<Vec<Response>, AnswerError> {
    let mut r = Reader {
        ck: Checker::new(bank, file),
        shape: shape(bank),
        text,
        spans: None,
    };
    let doc: Value = serde_json::from_str(text).map_err(|e| r.syntax(&e))?;
    if let Some((key, (line, column))) = r.spans().duplicates().first().cloned() {
        return Err(At {
            line: Some(line as u64),
            column: Some(column as u64),
            ..At::default()
        }
        .error(
            file,
            Problem::new(ErrorKind::Syntax, format!("the key {key} is given twice"))
                .fix("keep one of the two (a JSON reader would silently use the last)"),
        ));
    }
    match doc.get("resourceType").and_then(Value::as_str) {
        Some("QuestionnaireResponse") => Ok(vec![r.response(&doc, "")?]),
        Some("Bundle") => r.bundle(&doc),
        other => Err(r.error(
            "resourceType",
            None,
            Problem::new(ErrorKind::Field, "not a FHIR QuestionnaireResponse")
                .value(other.map_or_else(|| "none".into(), |s| format!("\"{}\"", clip(s))))
                .fix("give a QuestionnaireResponse, or a Bundle holding QuestionnaireResponses"),
        )),
    }
}

pub(super) struct Reader<'b, 't> {
    ck: Checker<'b>,
    shape: HashMap<String, (Node, Option<String>)>,
    text: &'t str,
    spans: Option<Spans>,
}

/// A JSON path below `base`.
pub(super) fn join(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}.{key}")
    }
}

/// Everything a response's walk gathers.
pub(super) struct Walk {
    set: AnswerSet,
    carried: Vec<(String, f64)>,
    /// Where each answered slot was answered (for a later conflict).
    paths: Vec<Option<String>>,
    seen: HashMap<String, String>,
}

impl Reader<'_, '_> {
    fn spans(&mut self) -> &Spans {
        self.spans.get_or_insert_with(|| Spans::index(self.text))
    }

    fn syntax(&self, e: &serde_json::Error) -> AnswerError {
        let mut err = At {
            line: Some(e.line() as u64),
            column: Some(e.column() as u64),
            ..At::default()
        }
        .error(
            &self.ck.file,
            Problem::new(ErrorKind::Syntax, format!("malformed JSON: {e}"))
                .fix("correct the JSON at this place (a missing comma, quote or bracket is the usual cause)"),
        );
        err.fatal = true;
        err
    }

    /// An error placed at the JSON `path`, which the message also names.
    pub(super) fn error(&mut self, path: &str, item: Option<&str>, mut p: Problem) -> AnswerError {
        let (line, column) = match self.spans().value(path) {
            Some((l, c)) => (Some(l as u64), Some(c as u64)),
            None => (None, None),
        };
        if !path.is_empty() {
            p.text = format!("at {path}: {}", p.text);
        }
        let mut err = At {
            line,
            column,
            respondent: None,
            item: item.map(str::to_string),
        }
        .error(&self.ck.file, p);
        err.fatal = true;
        err
    }

    fn bundle(&mut self, doc: &Value) -> Result<Vec<Response>, AnswerError> {
        let mut out = Vec::new();
        let entries = doc.get("entry").and_then(Value::as_array);
        for (i, e) in entries.into_iter().flatten().enumerate() {
            let Some(res) = e.get("resource") else {
                continue;
            };
            if res.get("resourceType").and_then(Value::as_str) == Some("QuestionnaireResponse") {
                out.push(self.response(res, &format!("entry[{i}].resource"))?);
            }
        }
        if out.is_empty() {
            return Err(self.error(
                "",
                None,
                Problem::new(
                    ErrorKind::Empty,
                    "the Bundle holds no QuestionnaireResponse",
                )
                .fix("add the responses as entries, each with its resource"),
            ));
        }
        Ok(out)
    }

    fn response(&mut self, qr: &Value, base: &str) -> Result<Response, AnswerError> {
        self.refuse_modifiers(qr, base)?;
        self.status(qr, base)?;
        self.questionnaire(qr, base)?;
        let respondent = respondent(qr);
        if let Some(r) = &respondent {
            if !self.ck.respondent(r) {
                return Err(self.error(
                    &join(base, "subject"),
                    None,
                    Problem::new(
                        ErrorKind::DuplicateRespondent,
                        "a second response for the same subject",
                    )
                    .value(format!("\"{}\"", clip(r)))
                    .fix("score each person's response once, or give each its own subject"),
                ));
            }
        }
        let mut w = Walk {
            set: AnswerSet::empty(self.ck.bank),
            carried: Vec::new(),
            paths: vec![None; self.ck.names.len()],
            seen: HashMap::new(),
        };
        w.set.respondent = respondent;
        if let Some(items) = qr.get("item") {
            self.items(items, &join(base, "item"), None, &mut w)?;
        }
        self.conflicts(&w)?;
        Ok(Response {
            answers: w.set,
            carried: w.carried,
        })
    }

    /// A modifier extension changes what the data means; securebase cannot
    /// know how, so it refuses rather than score something else.
    pub(super) fn refuse_modifiers(&mut self, v: &Value, path: &str) -> Result<(), AnswerError> {
        if v.get("modifierExtension").is_some() {
            return Err(self.error(
                &join(path, "modifierExtension"),
                None,
                Problem::new(ErrorKind::Fhir, "a modifier extension, which changes the meaning of the answers in a way securebase does not know")
                    .fix("remove it if it does not apply to scoring, or score the response with the tool that wrote it"),
            ));
        }
        Ok(())
    }

    fn status(&mut self, qr: &Value, base: &str) -> Result<(), AnswerError> {
        const STATUSES: [&str; 5] = [
            "in-progress",
            "completed",
            "amended",
            "entered-in-error",
            "stopped",
        ];
        let path = join(base, "status");
        match qr.get("status").and_then(Value::as_str) {
            Some("entered-in-error") => Err(self.error(
                &path,
                None,
                Problem::new(
                    ErrorKind::Fhir,
                    "the response is marked as entered in error",
                )
                .value("\"entered-in-error\"")
                .fix("score the corrected response instead"),
            )),
            Some(s) if STATUSES.contains(&s) => Ok(()),
            other => Err(self.error(
                &path,
                None,
                Problem::new(
                    ErrorKind::Field,
                    "the status is missing or not an R4 response status",
                )
                .value(other.map_or_else(|| "none".into(), |s| format!("\"{}\"", clip(s))))
                .fix("give \"status\": \"completed\" (or in-progress, amended, stopped)"),
            )),
        }
    }

    /// The questionnaire a response names must be this bank, this version.
    fn questionnaire(&mut self, qr: &Value, base: &str) -> Result<(), AnswerError> {
        let Some(q) = qr.get("questionnaire") else {
            return Ok(());
        };
        let path = join(base, "questionnaire");
        let bank = self.ck.bank;
        let expected = names::questionnaire_canonical(bank);
        let shown = q.as_str().map_or_else(
            || clip(&q.to_string()),
            |s| format!("\"{}\"", clip(s).escape_debug()),
        );
        let problem = match q.as_str().map(names::parse_canonical) {
            Some(Some((id, v))) if id == bank.id && v.is_none_or(|v| v == bank.version) => return Ok(()),
            Some(Some((id, Some(v)))) if id == bank.id => Problem::new(
                ErrorKind::BankMismatch,
                format!("answers to version {v} of {id}, but this is version {} (items or keys may differ)", bank.version),
            )
            .fix(format!("score it with the bank file of {id} version {v}")),
            Some(Some((id, _))) => Problem::new(
                ErrorKind::BankMismatch,
                format!("answers to the questionnaire `{id}`, but being read with `{}`", bank.id),
            )
            .fix(format!("score it with --bank {id}")),
            _ => Problem::new(ErrorKind::BankMismatch, "not a securebase questionnaire")
                .fix(format!("securebase scores responses to its own Questionnaires ({expected}); export one with `securebase export fhir-questionnaire {}`", bank.id)),
        };
        Err(self.error(&path, None, problem.value(shown)))
    }
}

/// The respondent: the subject's reference, else its identifier's value.
fn respondent(qr: &Value) -> Option<String> {
    let s = qr.get("subject")?;
    s.get("reference")
        .and_then(Value::as_str)
        .or_else(|| s.get("identifier")?.get("value")?.as_str())
        .filter(|r| !r.trim().is_empty())
        .map(str::to_string)
}
