//! The walk over a response's items: each linkId, its nesting, its
//! answer's type and coding, and the relationships marked as not applying.

use serde_json::Value;

use super::{join, Node, Reader, Walk};
use crate::answers::check::{suggest, Key};
use crate::answers::error::{clip, ErrorKind, Problem};
use crate::answers::{Answer, AnswerError};
use crate::bank::fhir as names;
use crate::bank::{Bank, ItemKind};

impl Reader<'_, '_> {
    pub(super) fn items(
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
        self.value(ans, node, link, at, w)
    }

    /// One answer's value, as the question's kind takes it.
    fn value(
        &mut self,
        ans: &Value,
        node: Node,
        link: &str,
        at: String,
        w: &mut Walk,
    ) -> Result<(), AnswerError> {
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
                .json(Key::Target(t), &Value::from(crate::answers::NOT_APPLICABLE))
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
    pub(super) fn conflicts(&mut self, w: &Walk) -> Result<(), AnswerError> {
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
