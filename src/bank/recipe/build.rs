//! A recipe and the user's own item text → a bank file (JSON). Pure: the
//! caller reads the text file and writes the bank; the result is checked
//! by the ordinary bank parser before anything is written, so a recipe
//! bank is exactly as valid as any other.
//!
//! Item ids are `q<number>` in the instrument's own numbering (the ECR-R's
//! item 21 is `q21` whatever order a file lists it in), paragraph ids the
//! published letters. A recipe bank is `validated: true`: a published
//! instrument scored by its published key. Its `provenance` says which
//! recipe and that the wording came from the user.

use serde_json::{json, Map, Value};

use super::{ItemKind, NormSet, Recipe, RecipeDimension};
use crate::bank::texts::Texts;
use crate::error::{Error, Result};

/// What the person building the bank chose.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// The bank's id; the recipe's id when not given.
    pub id: Option<&'a str>,
    /// The norm sample to use; the recipe's default sample when not given.
    pub norms: Option<&'a str>,
    /// The language of the user's text, e.g. `en`.
    pub language: &'a str,
}

/// Who supplied the item wording of every recipe bank.
pub const SUPPLIED_BY_USER: &str = "supplied by the user";

/// The bank, as the JSON a bank file holds. `texts` must have been read for
/// this recipe (one text per item number).
pub fn build(r: &Recipe, texts: &Texts, opts: &Options<'_>) -> Result<Value> {
    let norms = chosen_norms(r, opts.norms)?;
    let mut bank = Map::new();
    bank.insert("id".into(), json!(opts.id.unwrap_or(&r.id)));
    bank.insert("title".into(), json!(r.title()));
    bank.insert("version".into(), json!(r.version));
    bank.insert("language".into(), json!(opts.language));
    bank.insert("validated".into(), json!(true));
    bank.insert("citation".into(), json!(r.citation));
    bank.insert(
        "license".into(),
        json!(format!(
            "{} The item wording in this file was supplied by its user, who is responsible for having the right to use it; securebase supplied only the scoring key.",
            r.use_terms.text
        )),
    );
    bank.insert("notes".into(), json!(notes(r, norms)));
    bank.insert(
        "instructions".into(),
        json!(texts.instructions.as_deref().unwrap_or(&r.instructions)),
    );
    bank.insert("scale".into(), scale(r));
    let dims: Vec<Value> = r.dimensions.iter().map(|d| dimension(d, norms)).collect();
    bank.insert("dimensions".into(), Value::Array(dims));
    if !r.targets.is_empty() {
        let targets = r.targets.iter().map(|t| {
            json!({"id": t.id, "label": t.label, "intro": t.intro, "allow_not_applicable": t.allow_not_applicable})
        });
        bank.insert("targets".into(), Value::Array(targets.collect()));
    }
    bank.insert("items".into(), Value::Array(items(r, texts)));
    if let Some(fc) = &r.forced_choice {
        bank.insert(
            "forced_choice".into(),
            json!({"id": fc.id, "text": fc.text}),
        );
    }
    bank.insert(
        "provenance".into(),
        json!({"recipe": r.id, "recipe_version": r.version, "item_text": SUPPLIED_BY_USER}),
    );
    if let Some(rule) = &r.category_rule {
        bank.insert(
            "category_rule".into(),
            json!({"id": rule.id.id(), "caution": rule.caution}),
        );
    }
    Ok(Value::Object(bank))
}

fn chosen_norms<'r>(r: &'r Recipe, id: Option<&str>) -> Result<Option<&'r NormSet>> {
    match id {
        None => Ok(r.norms.iter().find(|n| n.default)),
        Some(id) => r.norm_set(id).map(Some).ok_or_else(|| {
            let ids: Vec<&str> = r.norms.iter().map(|n| n.id.as_str()).collect();
            Error::Usage(if ids.is_empty() {
                format!("the {} recipe has no norms to choose from", r.abbreviation)
            } else {
                format!(
                    "the {} recipe has no norm sample `{id}`; choose one of: {}",
                    r.abbreviation,
                    ids.join(", ")
                )
            })
        }),
    }
}

fn notes(r: &Recipe, norms: Option<&NormSet>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(check) = &r.keying.check {
        parts.push(format!("Check the keys: {check}"));
    }
    parts.extend(r.notes.iter().cloned());
    match norms {
        Some(n) => parts.push(format!("Percentiles compare with {}.", n.sample)),
        None if !r.norms.is_empty() => {
            let ids: Vec<&str> = r.norms.iter().map(|n| n.id.as_str()).collect();
            parts.push(format!(
                "No norm sample was chosen, so results give no percentiles or intervals; build the bank with --norms ({}) for them.",
                ids.join(", ")
            ));
        }
        None => {}
    }
    parts.join(" ")
}

fn scale(r: &Recipe) -> Value {
    let s = &r.scale.scale;
    let labels: Map<String, Value> = s
        .labels
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    json!({"min": s.min, "max": s.max, "labels": labels})
}

/// A dimension with its reference values where the recipe has both a
/// standard deviation (from the chosen norms) and an alpha.
fn dimension(d: &RecipeDimension, norms: Option<&NormSet>) -> Value {
    let mut v = Map::new();
    v.insert("id".into(), json!(d.id));
    v.insert("label".into(), json!(d.label));
    v.insert("description".into(), json!(d.description));
    if d.sum {
        v.insert("sum".into(), json!(true));
    }
    let values = norms.and_then(|n| Some((n, n.values(&d.id)?)));
    let rel = d.reliability.as_ref();
    let alpha = values
        .and_then(|(_, nv)| nv.alpha)
        .or_else(|| rel.and_then(|r| r.alpha));
    if let (Some((set, nv)), Some(alpha)) = (values, alpha) {
        let measured_here = nv.alpha.is_some();
        let source = match (measured_here, rel) {
            (false, Some(rel)) => format!(
                "{}. Mean and SD: {} Alpha: {}",
                set.sample, set.sourced.source, rel.sourced.source
            ),
            _ => format!("{}. {}", set.sample, set.sourced.source),
        };
        let mut reference = Map::new();
        reference.insert("sd".into(), json!(nv.sd));
        reference.insert("alpha".into(), json!(alpha));
        reference.insert("mean".into(), json!(nv.mean));
        if let Some(n) = set.n {
            reference.insert("n".into(), json!(n));
        }
        reference.insert("sample".into(), json!(set.sample));
        // The published test–retest reliability, for `compare`'s reliable
        // change (Jacobson & Truax use it rather than alpha).
        let retest = rel.and_then(|r| r.retest.map(|x| (x, r.retest_interval.as_deref())));
        let source = match retest {
            Some((x, interval)) => {
                reference.insert("retest".into(), json!(x));
                let over = interval.map_or(String::new(), |i| format!(" over {i}"));
                format!(
                    "{source} Test–retest {x}{over}: {}",
                    rel.map_or("", |r| r.sourced.source.as_str())
                )
            }
            None => source,
        };
        reference.insert("source".into(), json!(source));
        reference.insert(
            "assumed".into(),
            json!(!measured_here && rel.is_some_and(|r| r.assumed)),
        );
        if let (Some(table), Some(n)) = (&nv.percentiles, set.n) {
            reference.insert(
                "percentiles".into(),
                json!({"sample": set.sample, "n": n, "source": set.sourced.source, "table": table}),
            );
        }
        v.insert("reference".into(), Value::Object(reference));
    }
    Value::Object(v)
}

fn items(r: &Recipe, texts: &Texts) -> Vec<Value> {
    let text = |n: u32| texts.items.get(&n).cloned().unwrap_or_default();
    r.items
        .numbers
        .iter()
        .filter_map(|&n| match r.items.kind {
            ItemKind::Likert => {
                let d = r.dimensions.iter().find(|d| d.items.contains(&n))?;
                let mut it = Map::new();
                it.insert("id".into(), json!(format!("q{n}")));
                it.insert("kind".into(), json!("likert"));
                it.insert("dimension".into(), json!(d.id));
                if d.reverse.contains(&n) {
                    it.insert("reverse".into(), json!(true));
                }
                it.insert("text".into(), json!(text(n)));
                Some(Value::Object(it))
            }
            ItemKind::Paragraph => {
                let p = r.paragraphs.iter().find(|p| p.number == n)?;
                Some(json!({"id": p.id, "kind": "prototype", "style": p.style.id(), "text": text(n)}))
            }
        })
        .collect()
}
