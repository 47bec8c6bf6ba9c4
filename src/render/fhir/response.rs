//! A scored result as an R4 `QuestionnaireResponse` (SDC profile), its
//! items nested exactly as in the bank's Questionnaire, each answer
//! echoing its option's coding, and securebase's scores as the answers
//! of the score items; and a transaction `Bundle` that adds one
//! `Observation` per score, as SDC observation extraction would make them.

use serde_json::{json, Map, Value};

use super::questionnaire::{paragraph_letter, score_display};
use super::{OBSERVATION_CATEGORY, SCORE_UNIT, SDC_RESPONSE, UCUM};
use crate::answers::{Answer, AnswerSet};
use crate::bank::fhir as names;
use crate::bank::{Bank, ItemKind, Target};
use crate::scoring::result::Scores;

/// What a response says beyond the answers.
#[derive(Debug, Clone, Default)]
pub struct ResponseMeta<'a> {
    /// When the answers were completed (FHIR `dateTime`).
    pub authored: Option<&'a str>,
    /// Whom the answers are about: a FHIR reference such as `Patient/123`.
    pub subject: Option<&'a str>,
}

/// One score as the response carries it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreAnswer {
    /// Index into `bank.targets` for a relationship's score.
    pub target: Option<usize>,
    pub link: String,
    pub code: String,
    pub display: String,
    /// Rounded to [`names::SCORE_PLACES`]; `None` when the score is withheld.
    pub value: Option<f64>,
}

/// Every score item's answer, in the Questionnaire's order (each
/// relationship's scores, then the overall ones). The single mapping from
/// a result to score items: the response, the bundle and the import's
/// comparison all use it.
pub fn score_answers(bank: &Bank, scores: &Scores) -> Vec<ScoreAnswer> {
    let mut out = Vec::new();
    for (ti, (t, ts)) in bank.targets.iter().zip(&scores.targets).enumerate() {
        for (d, s) in bank.dimensions.iter().zip(&ts.dimensions) {
            out.push(ScoreAnswer {
                target: Some(ti),
                link: names::score_link(Some(t), d),
                code: names::scale_code(Some(t), d),
                display: score_display(Some(t), d),
                value: s.score.map(names::round_score),
            });
        }
    }
    for (d, s) in bank.dimensions.iter().zip(&scores.dimensions) {
        out.push(ScoreAnswer {
            target: None,
            link: names::score_link(None, d),
            code: names::scale_code(None, d),
            display: score_display(None, d),
            value: s.score.map(names::round_score),
        });
    }
    out
}

/// The QuestionnaireResponse for one respondent's checked answers and
/// their scores.
pub fn response(
    bank: &Bank,
    answers: &AnswerSet,
    scores: &Scores,
    meta: &ResponseMeta<'_>,
) -> Value {
    let mut r = Map::new();
    r.insert("resourceType".into(), json!("QuestionnaireResponse"));
    r.insert("meta".into(), json!({ "profile": [SDC_RESPONSE] }));
    r.insert(
        "questionnaire".into(),
        json!(names::questionnaire_canonical(bank)),
    );
    r.insert("status".into(), json!("completed"));
    if let Some(s) = meta.subject {
        r.insert("subject".into(), json!({ "reference": s }));
    }
    if let Some(a) = meta.authored {
        r.insert("authored".into(), json!(a));
    }
    // FHIR JSON has no empty arrays: a response with nothing answered has
    // no `item` at all.
    let items = items(bank, answers, scores);
    if !items.is_empty() {
        r.insert("item".into(), Value::Array(items));
    }
    Value::Object(r)
}

fn items(bank: &Bank, answers: &AnswerSet, scores: &Scores) -> Vec<Value> {
    let all_scores = score_answers(bank, scores);
    let keys = bank.answer_keys();
    let mut out = Vec::new();
    if bank.targets.is_empty() {
        out.extend(rated(bank, answers, &keys, 0));
    } else {
        let n = bank.items.len();
        for (ti, t) in bank.targets.iter().enumerate() {
            let mut inner = Vec::new();
            if answers.not_applicable.get(ti) == Some(&true) {
                inner.push(json!({
                    "linkId": names::not_applicable_link(t),
                    "answer": [{ "valueBoolean": true }],
                }));
            }
            inner.extend(rated(bank, answers, &keys, ti * n));
            inner.extend(score_items(&all_scores, Some(ti)));
            if !inner.is_empty() {
                out.push(group(t, inner));
            }
        }
    }
    if let Some(fc) = &bank.forced_choice {
        let slot = keys.len() - 1;
        if let Some(Answer::Choice(id)) = answers.values.get(slot) {
            out.push(json!({
                "linkId": fc.id,
                "answer": [{ "valueCoding": choice_coding(bank, id) }],
            }));
        }
    }
    out.extend(score_items(&all_scores, None));
    out
}

fn group(t: &Target, inner: Vec<Value>) -> Value {
    json!({ "linkId": t.id, "text": t.label, "item": Value::Array(inner) })
}

/// The answered items of one relationship (slots from `base`), or of a
/// bank without relationships.
fn rated(bank: &Bank, answers: &AnswerSet, keys: &[String], base: usize) -> Vec<Value> {
    let system = names::answer_system(&bank.id);
    (0..bank.items.len())
        .filter_map(|i| {
            let Some(Answer::Rating(p)) = answers.values.get(base + i) else {
                return None;
            };
            Some(json!({
                "linkId": keys[base + i],
                "answer": [{ "valueCoding": {
                    "system": system,
                    "code": names::answer_code(*p),
                    "display": names::answer_display(bank, *p),
                }}],
            }))
        })
        .collect()
}

/// The coding of a forced choice: the chosen paragraph's item code.
fn choice_coding(bank: &Bank, id: &str) -> Value {
    let letter = bank
        .items
        .iter()
        .filter(|i| matches!(i.kind, ItemKind::Prototype { .. }))
        .position(|i| i.id == id)
        .map_or_else(String::new, |n| paragraph_letter(n as u8));
    json!({
        "system": names::item_system(&bank.id),
        "code": id,
        "display": format!("Paragraph {letter}"),
    })
}

fn score_items(all: &[ScoreAnswer], target: Option<usize>) -> Vec<Value> {
    all.iter()
        .filter(|s| s.target == target)
        .filter_map(|s| {
            let v = s.value?;
            Some(json!({ "linkId": s.link, "answer": [{ "valueDecimal": v }] }))
        })
        .collect()
}

/// A transaction Bundle: the response, then one Observation per score that
/// exists (category `survey`, the score's local code, `valueQuantity` with
/// unit `{score}`, `derivedFrom` the response). `ids` supplies the
/// `urn:uuid:` full URLs (one for the response, then one per Observation),
/// so this stays a pure function.
pub fn bundle(
    bank: &Bank,
    answers: &AnswerSet,
    scores: &Scores,
    meta: &ResponseMeta<'_>,
    ids: &mut dyn FnMut() -> String,
) -> Value {
    let qr_url = format!("urn:uuid:{}", ids());
    let mut entries = vec![json!({
        "fullUrl": qr_url,
        "resource": response(bank, answers, scores, meta),
        "request": { "method": "POST", "url": "QuestionnaireResponse" },
    })];
    for s in score_answers(bank, scores) {
        let Some(value) = s.value else { continue };
        let mut obs = json!({
            "resourceType": "Observation",
            "status": "final",
            "category": [{ "coding": [{
                "system": OBSERVATION_CATEGORY,
                "code": "survey",
                "display": "Survey",
            }]}],
            "code": {
                "coding": [{
                    "system": names::scale_system(&bank.id),
                    "code": s.code,
                    "display": s.display,
                }],
                "text": s.display,
            },
        });
        if let Some(subject) = meta.subject {
            obs["subject"] = json!({ "reference": subject });
        }
        if let Some(a) = meta.authored {
            obs["effectiveDateTime"] = json!(a);
        }
        obs["valueQuantity"] = json!({
            "value": value,
            "unit": SCORE_UNIT,
            "system": UCUM,
            "code": SCORE_UNIT,
        });
        obs["derivedFrom"] = json!([{ "reference": qr_url }]);
        entries.push(json!({
            "fullUrl": format!("urn:uuid:{}", ids()),
            "resource": obs,
            "request": { "method": "POST", "url": "Observation" },
        }));
    }
    json!({ "resourceType": "Bundle", "type": "transaction", "entry": entries })
}
