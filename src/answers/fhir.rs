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

use serde_json::Value;

use super::check::{suggest, Checker, Key};
use super::error::{clip, At, ErrorKind, Problem};
use super::{Answer, AnswerError, AnswerSet};
use crate::bank::fhir as names;
use crate::bank::span::Spans;
use crate::bank::{Bank, ItemKind};

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
enum Node {
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

struct Reader<'b, 't> {
    ck: Checker<'b>,
    shape: HashMap<String, (Node, Option<String>)>,
    text: &'t str,
    spans: Option<Spans>,
}

/// A JSON path below `base`.
fn join(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}.{key}")
    }
}

/// Everything a response's walk gathers.
struct Walk {
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
    fn error(&mut self, path: &str, item: Option<&str>, mut p: Problem) -> AnswerError {
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
    fn refuse_modifiers(&mut self, v: &Value, path: &str) -> Result<(), AnswerError> {
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

    fn items(
        &mut self,
        items: &Value,
        path: &str,
        parent: Option<&str>,
        w: &mut Walk,
    ) -> Result<(), AnswerError> {
        let Some(list) = items.as_array() else {
            return Err(self.error(
                path,
                None,
                Problem::new(ErrorKind::Field, "\"item\" is not a list")
                    .fix("give the items as a JSON array"),
            ));
        };
        for (i, item) in list.iter().enumerate() {
            self.item(item, &format!("{path}[{i}]"), parent, w)?;
        }
        Ok(())
    }

    fn item(
        &mut self,
        item: &Value,
        path: &str,
        parent: Option<&str>,
        w: &mut Walk,
    ) -> Result<(), AnswerError> {
        self.refuse_modifiers(item, path)?;
        let Some(link) = item.get("linkId").and_then(Value::as_str) else {
            return Err(self.error(
                path,
                None,
                Problem::new(ErrorKind::Field, "an item without a linkId")
                    .fix("give every item the linkId of its question"),
            ));
        };
        let Some((node, home)) = self.shape.get(link).cloned() else {
            let fix = match suggest(link, self.shape.keys().map(String::as_str)) {
                Some(m) => format!("did you mean `{m}`? (`securebase export fhir-questionnaire {}` shows every linkId)", self.ck.bank.id),
                None => format!("remove it, or use a linkId of the questionnaire (`securebase export fhir-questionnaire {}` shows them)", self.ck.bank.id),
            };
            let p = Problem::new(
                ErrorKind::UnknownKey,
                format!("not a question of {}", self.ck.bank.id),
            )
            .fix(fix);
            return Err(self.error(&join(path, "linkId"), Some(link), p));
        };
        if home.as_deref() != parent {
            let fix = match &home {
                Some(g) => format!("move it into the group `{g}`"),
                None => "move it to the top level of the response".to_string(),
            };
            let p =
                Problem::new(ErrorKind::Fhir, "nested differently from the questionnaire").fix(fix);
            return Err(self.error(path, Some(link), p));
        }
        if let Some(first) = w.seen.insert(link.to_string(), path.to_string()) {
            let p = Problem::new(ErrorKind::Fhir, format!("answered twice (also at {first})"))
                .fix("keep one of the two");
            return Err(self.error(path, Some(link), p));
        }
        if node == Node::Group {
            if item.get("answer").is_some() {
                let p = Problem::new(ErrorKind::Fhir, "a group has no answer")
                    .fix("put the answers on the questions inside the group");
                return Err(self.error(&join(path, "answer"), Some(link), p));
            }
            return match item.get("item") {
                Some(inner) => self.items(inner, &join(path, "item"), Some(link), w),
                None => Ok(()),
            };
        }
        if item.get("item").is_some() {
            let p = Problem::new(ErrorKind::Fhir, "a question with nested items")
                .fix("no question of this questionnaire has nested items: move them out");
            return Err(self.error(&join(path, "item"), Some(link), p));
        }
        self.answer(item, node, link, path, w)
    }

    /// The answer of one question: at most one, of the question's type.
    fn answer(
        &mut self,
        item: &Value,
        node: Node,
        link: &str,
        path: &str,
        w: &mut Walk,
    ) -> Result<(), AnswerError> {
        let list = match item.get("answer") {
            None => return Ok(()),
            Some(Value::Array(a)) => a,
            Some(_) => {
                let p = Problem::new(ErrorKind::Field, "\"answer\" is not a list")
                    .fix("give the answer as a JSON array of one answer");
                return Err(self.error(&join(path, "answer"), Some(link), p));
            }
        };
        if list.len() > 1 {
            let p = Problem::new(
                ErrorKind::Fhir,
                format!("{} answers to a question that takes one", list.len()),
            )
            .fix("keep the one answer given");
            return Err(self.error(&join(path, "answer"), Some(link), p));
        }
        let Some(ans) = list.first() else {
            return Ok(());
        };
        let at = format!("{path}.answer[0]");
        self.refuse_modifiers(ans, &at)?;
        if ans.get("item").is_some() {
            let p = Problem::new(ErrorKind::Fhir, "an answer with nested items")
                .fix("no question of this questionnaire has nested items: move them out");
            return Err(self.error(&join(&at, "item"), Some(link), p));
        }
        match node {
            Node::Rating(slot) => {
                let point = self.coding(
                    ans,
                    &at,
                    link,
                    &names::answer_system(&self.ck.bank.id),
                    names::parse_answer_code,
                )?;
                w.set.values[slot] = Answer::Rating(point);
                w.paths[slot] = Some(at);
            }
            Node::Choice(slot) => {
                let id = self.coding(
                    ans,
                    &at,
                    link,
                    &names::item_system(&self.ck.bank.id),
                    |bank, code| {
                        bank.items
                            .iter()
                            .find(|i| matches!(i.kind, ItemKind::Prototype { .. }) && i.id == code)
                            .map(|i| i.id.clone())
                    },
                )?;
                w.set.values[slot] = Answer::Choice(id);
            }
            Node::NotApplicable(t) => self.not_applicable(ans, &at, link, t, w)?,
            Node::Score => {
                let Some(v) = ans.get("valueDecimal").and_then(Value::as_f64) else {
                    return Err(self.wrong_type(
                        ans,
                        &at,
                        link,
                        "a score is answered with valueDecimal",
                    ));
                };
                w.carried.push((link.to_string(), v));
            }
            Node::Display => {
                let p = Problem::new(ErrorKind::Fhir, "a display item has no answer")
                    .fix("remove the answer");
                return Err(self.error(&at, Some(link), p));
            }
            Node::Group => unreachable!("groups are walked, not answered"),
        }
        Ok(())
    }

    fn wrong_type(&mut self, ans: &Value, at: &str, link: &str, what: &str) -> AnswerError {
        let given = ans
            .as_object()
            .and_then(|o| o.keys().find(|k| k.starts_with("value")).cloned());
        let p = Problem::new(
            ErrorKind::Fhir,
            format!("the answer's type does not match the question: {what}"),
        )
        .value(given.unwrap_or_else(|| "no value".into()))
        .fix(format!(
            "answer `{link}` as the questionnaire says (`securebase export fhir-questionnaire {}`)",
            self.ck.bank.id
        ));
        self.error(at, Some(link), p)
    }

    /// A `valueCoding` of `system` whose code `accept` knows.
    fn coding<T>(
        &mut self,
        ans: &Value,
        at: &str,
        link: &str,
        system: &str,
        accept: impl Fn(&Bank, &str) -> Option<T>,
    ) -> Result<T, AnswerError> {
        let Some(c) = ans.get("valueCoding") else {
            return Err(self.wrong_type(ans, at, link, "a choice is answered with valueCoding"));
        };
        let given = c.get("system").and_then(Value::as_str);
        if given != Some(system) {
            let p = Problem::new(
                ErrorKind::Fhir,
                "the coding's system is not the one of this question's options",
            )
            .value(given.map_or_else(|| "no system".into(), |s| format!("\"{}\"", clip(s))))
            .fix(format!(
                "echo the option's coding: \"system\": \"{system}\""
            ));
            return Err(self.error(&join(at, "valueCoding.system"), Some(link), p));
        }
        let code = c.get("code").and_then(Value::as_str).unwrap_or_default();
        match accept(self.ck.bank, code) {
            Some(v) => Ok(v),
            None => {
                let bank = self.ck.bank;
                let fix = if system == names::answer_system(&bank.id) {
                    format!(
                        "give a code from \"{}\" to \"{}\"",
                        bank.scale.min, bank.scale.max
                    )
                } else {
                    let ids: Vec<&str> = bank
                        .items
                        .iter()
                        .filter(|i| matches!(i.kind, ItemKind::Prototype { .. }))
                        .map(|i| i.id.as_str())
                        .collect();
                    format!("give one of the paragraph codes: {}", ids.join(", "))
                };
                let kind = if system == names::answer_system(&bank.id) {
                    ErrorKind::OutOfScale
                } else {
                    ErrorKind::BadChoice
                };
                let p = Problem::new(kind, "not a code of this question's options")
                    .value(format!("\"{}\"", clip(code)))
                    .fix(fix);
                Err(self.error(&join(at, "valueCoding.code"), Some(link), p))
            }
        }
    }

    fn not_applicable(
        &mut self,
        ans: &Value,
        at: &str,
        link: &str,
        t: usize,
        w: &mut Walk,
    ) -> Result<(), AnswerError> {
        match ans.get("valueBoolean").and_then(Value::as_bool) {
            Some(false) => Ok(()),
            Some(true) => match self
                .ck
                .json(Key::Target(t), &Value::from(super::NOT_APPLICABLE))
            {
                Ok(_) => {
                    w.set.not_applicable[t] = true;
                    Ok(())
                }
                Err(p) => Err(self.error(at, Some(link), p)),
            },
            None => {
                Err(self.wrong_type(ans, at, link, "this question is answered with valueBoolean"))
            }
        }
    }

    /// A relationship marked as not applying disables its questions, so
    /// none may be answered.
    fn conflicts(&mut self, w: &Walk) -> Result<(), AnswerError> {
        let n = self.ck.bank.items.len();
        for (t, _) in w
            .set
            .not_applicable
            .iter()
            .enumerate()
            .filter(|(_, na)| **na)
        {
            let target = &self.ck.bank.targets[t];
            let answered = (t * n..(t + 1) * n).find(|&s| w.paths[s].is_some());
            if let Some(slot) = answered {
                let link = self.ck.names[slot].clone();
                let p = Problem::new(
                    ErrorKind::NotApplicableConflict,
                    format!(
                        "answered, but `{}` is true, which disables this question",
                        names::not_applicable_link(target)
                    ),
                )
                .fix(format!(
                    "either answer `{}` with false, or remove the answers of `{}`",
                    names::not_applicable_link(target),
                    target.id
                ));
                let at = w.paths[slot].clone().unwrap_or_default();
                return Err(self.error(&at, Some(&link), p));
            }
        }
        Ok(())
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
