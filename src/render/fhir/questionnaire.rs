//! A bank as an R4 `Questionnaire` (SDC profile): metadata from the bank,
//! likert and paragraph items as `choice` items whose options carry a
//! coding and a scoring weight, relationship banks as one group per
//! relationship, and one read-only `decimal` item per score with the
//! expression that computes it.

use serde_json::{json, Map, Value};

use super::{expression, CALCULATED_EXPRESSION, ITEM_WEIGHT, MAX_DECIMAL_PLACES};
use super::{OBSERVATION_EXTRACT, QUESTIONNAIRE_UNIT, SCORE_UNIT, SDC_QUESTIONNAIRE, UCUM};
use crate::bank::fhir as names;
use crate::bank::{Bank, Dimension, Item, ItemKind, Target};

/// What the caller decides about an export.
#[derive(Debug, Clone, Default)]
pub struct QuestionnaireOptions<'a> {
    /// Include the wording of items, instructions and relationship
    /// introductions. Off, the export is keying-only (FHIR makes item text
    /// optional): right for a bank built from a published instrument with
    /// the user's licensed copy of its wording.
    pub item_text: bool,
    pub publisher: Option<&'a str>,
    /// When the questionnaire last changed (FHIR `dateTime`); the bank
    /// format has no date of its own, so only the caller can say.
    pub date: Option<&'a str>,
}

/// The Questionnaire for `bank`.
pub fn questionnaire(bank: &Bank, o: &QuestionnaireOptions<'_>) -> Value {
    let mut q = Map::new();
    q.insert("resourceType".into(), json!("Questionnaire"));
    // Resource ids are at most 64 characters; bank ids usually fit.
    if bank.id.len() <= 64 {
        q.insert("id".into(), json!(bank.id));
    }
    q.insert("meta".into(), json!({ "profile": [SDC_QUESTIONNAIRE] }));
    q.insert("url".into(), json!(names::questionnaire_url(&bank.id)));
    q.insert("version".into(), json!(bank.version));
    q.insert("name".into(), json!(names::computable_name(&bank.id)));
    q.insert("title".into(), json!(bank.title));
    q.insert("status".into(), json!("active"));
    if let Some(d) = o.date {
        q.insert("date".into(), json!(d));
    }
    if let Some(p) = o.publisher {
        q.insert("publisher".into(), json!(p));
    }
    if !bank.notes.trim().is_empty() {
        q.insert("description".into(), json!(bank.notes));
    }
    q.insert("copyright".into(), json!(copyright(bank)));
    q.insert(
        "code".into(),
        json!([{
            "system": names::instrument_system(),
            "code": bank.id,
            "display": bank.title,
        }]),
    );
    q.insert("item".into(), Value::Array(items(bank, o)));
    Value::Object(q)
}

/// The bank's licence and, where it has one, its citation (markdown).
fn copyright(bank: &Bank) -> String {
    match &bank.citation {
        Some(c) if !c.trim().is_empty() => format!("{}\n\nCitation: {c}", bank.license),
        _ => bank.license.clone(),
    }
}

fn items(bank: &Bank, o: &QuestionnaireOptions<'_>) -> Vec<Value> {
    let mut out = Vec::new();
    if o.item_text && !bank.instructions.trim().is_empty() {
        out.push(display(names::INSTRUCTIONS_LINK, &bank.instructions));
    }
    if bank.targets.is_empty() {
        out.extend(questions(bank, None, o));
    } else {
        out.extend(bank.targets.iter().map(|t| group(bank, t, o)));
    }
    if let Some(fc) = &bank.forced_choice {
        out.push(forced_choice(bank, fc, o));
    }
    out.extend(bank.dimensions.iter().map(|d| score_item(bank, None, d)));
    out
}

fn display(link: &str, text: &str) -> Value {
    json!({ "linkId": link, "text": text, "type": "display" })
}

/// One relationship: its introduction, the "does not apply" question where
/// allowed, the items (disabled when it does not apply) and its scores.
fn group(bank: &Bank, t: &Target, o: &QuestionnaireOptions<'_>) -> Value {
    let mut inner = Vec::new();
    if o.item_text && !t.intro.trim().is_empty() {
        inner.push(display(&names::target_about_link(t), &t.intro));
    }
    if t.allow_not_applicable {
        inner.push(json!({
            "linkId": names::not_applicable_link(t),
            "text": "This relationship does not apply to me, or I would rather not answer about it.",
            "type": "boolean",
        }));
    }
    inner.extend(questions(bank, Some(t), o));
    inner.extend(bank.dimensions.iter().map(|d| score_item(bank, Some(t), d)));
    json!({ "linkId": t.id, "text": t.label, "type": "group", "item": inner })
}

/// The rated items, for one relationship or for a bank without any.
fn questions(bank: &Bank, target: Option<&Target>, o: &QuestionnaireOptions<'_>) -> Vec<Value> {
    let mut paragraph = 0u8;
    bank.items
        .iter()
        .map(|item| {
            let link = match target {
                Some(t) => format!("{}.{}", t.id, item.id),
                None => item.id.clone(),
            };
            let mut v = rated(bank, item, &link, o);
            if matches!(item.kind, ItemKind::Prototype { .. }) {
                v["prefix"] = json!(paragraph_letter(paragraph));
                paragraph += 1;
            }
            if let Some(t) = target.filter(|t| t.allow_not_applicable) {
                v["enableWhen"] = json!([{
                    "question": names::not_applicable_link(t),
                    "operator": "!=",
                    "answerBoolean": true,
                }]);
            }
            v
        })
        .collect()
}

/// `A`, `B`, … for the paragraphs of a paragraph bank, in bank order.
pub(super) fn paragraph_letter(i: u8) -> String {
    char::from(b'A' + i % 26).to_string()
}

/// A `choice` item on the bank's scale; each option carries its weight.
fn rated(bank: &Bank, item: &Item, link: &str, o: &QuestionnaireOptions<'_>) -> Value {
    let reverse = matches!(item.kind, ItemKind::Likert { reverse: true, .. });
    let system = names::answer_system(&bank.id);
    let options: Vec<Value> = (bank.scale.min..=bank.scale.max)
        .map(|p| {
            json!({
                "valueCoding": {
                    "system": system,
                    "code": names::answer_code(p),
                    "display": names::answer_display(bank, p),
                },
                "extension": [{
                    "url": ITEM_WEIGHT,
                    "valueDecimal": names::weight(bank, reverse, p),
                }],
            })
        })
        .collect();
    let mut v = json!({
        "linkId": link,
        "code": [{ "system": names::item_system(&bank.id), "code": item.id }],
        "type": "choice",
        "answerOption": options,
    });
    if o.item_text {
        v["text"] = json!(item.text);
    }
    v
}

/// "Which paragraph fits best?": one option per paragraph, coded with the
/// paragraph's item code and shown by its letter.
fn forced_choice(
    bank: &Bank,
    fc: &crate::bank::ForcedChoice,
    o: &QuestionnaireOptions<'_>,
) -> Value {
    let system = names::item_system(&bank.id);
    let options: Vec<Value> = bank
        .items
        .iter()
        .filter(|i| matches!(i.kind, ItemKind::Prototype { .. }))
        .enumerate()
        .map(|(n, i)| {
            json!({ "valueCoding": {
                "system": system,
                "code": i.id,
                "display": format!("Paragraph {}", paragraph_letter(n as u8)),
            }})
        })
        .collect();
    let mut v = json!({
        "linkId": fc.id,
        "code": [{ "system": system, "code": fc.id }],
        "type": "choice",
        "answerOption": options,
    });
    if o.item_text {
        v["text"] = json!(fc.text);
    }
    v
}

/// The display of a score: its label, with the relationship's.
pub(super) fn score_display(target: Option<&Target>, dim: &Dimension) -> String {
    match target {
        Some(t) => format!("{} ({})", dim.label, t.label),
        None => dim.label.clone(),
    }
}

/// A read-only `decimal` item computed by its expression, coded so SDC
/// observation extraction turns its answer into an Observation.
fn score_item(bank: &Bank, target: Option<&Target>, dim: &Dimension) -> Value {
    json!({
        "linkId": names::score_link(target, dim),
        "code": [{
            "system": names::scale_system(&bank.id),
            "code": names::scale_code(target, dim),
            "display": score_display(target, dim),
        }],
        "text": format!("{} (mean score)", score_display(target, dim)),
        "type": "decimal",
        "readOnly": true,
        "extension": [
            {
                "url": CALCULATED_EXPRESSION,
                "valueExpression": {
                    "description": expression::describe(bank, target, dim),
                    "language": "text/fhirpath",
                    "expression": expression::score(bank, target, dim),
                },
            },
            {
                "url": QUESTIONNAIRE_UNIT,
                "valueCoding": { "system": UCUM, "code": SCORE_UNIT, "display": "score" },
            },
            { "url": MAX_DECIMAL_PLACES, "valueInteger": names::SCORE_PLACES },
            { "url": OBSERVATION_EXTRACT, "valueBoolean": true },
        ],
    })
}
