//! JSON text → validated [`Recipe`], collecting every problem with its
//! `file:line:column` and a fix, on the same machinery as the bank parser
//! (`bank/parse.rs`). This is the single definition of the recipe format;
//! `questionnaires/recipe-schema.json` documents it and a test keeps the two
//! in step.

use serde_json::{Map, Value};

use super::{
    Confidence, ItemKind, Items, Keying, Paragraph, Recipe, RecipeDimension, RecipeScale, Scoring,
    ScoringRule, Sourced, UseTerms,
};
use crate::bank::model::{ForcedChoice, Prototype};
use crate::bank::parse::{join, Validation, FORCED_CHOICE_KEYS};
use crate::diag::Diagnostics;

pub const TOP_KEYS: &[&str] = &[
    "$schema",
    "id",
    "version",
    "name",
    "abbreviation",
    "citation",
    "use_terms",
    "instructions",
    "items",
    "scale",
    "scoring",
    "keying",
    "dimensions",
    "targets",
    "paragraphs",
    "forced_choice",
    "norms",
    "category_rule",
    "notes",
];
pub const USE_TERMS_KEYS: &[&str] = &["text", "source", "confidence"];
pub const ITEMS_KEYS: &[&str] = &["count", "kind", "numbers"];
pub const SCALE_KEYS: &[&str] = &["min", "max", "labels", "source", "confidence"];
pub const SCORING_KEYS: &[&str] = &["rule", "note", "source", "confidence"];
pub const KEYING_KEYS: &[&str] = &["note", "check", "source", "confidence"];
pub const DIMENSION_KEYS: &[&str] = &[
    "id",
    "label",
    "description",
    "items",
    "reverse",
    "sum",
    "reliability",
];
pub const RELIABILITY_KEYS: &[&str] = &[
    "alpha",
    "retest",
    "retest_interval",
    "note",
    "source",
    "confidence",
    "assumed",
];
pub const PARAGRAPH_KEYS: &[&str] = &["number", "id", "style"];
pub const NORMS_KEYS: &[&str] = &[
    "id",
    "default",
    "sample",
    "n",
    "source",
    "confidence",
    "dimensions",
];
pub const NORM_VALUES_KEYS: &[&str] = &["mean", "sd", "alpha", "percentiles"];
pub const RULE_KEYS: &[&str] = &["id", "caution", "source", "confidence"];

/// Parses and validates a recipe. `file` names the source in messages.
pub fn parse(file: &str, text: &str) -> Result<Recipe, Diagnostics> {
    let (value, mut cx) = Validation::read_json(file, text)?;
    let recipe = cx.recipe(&value);
    if let Some(r) = &recipe {
        cx.recipe_rules(r);
    }
    let diags = cx.finish(file);
    match recipe {
        Some(r) if !diags.has_errors() => Ok(r),
        _ => Err(diags),
    }
}

/// A value that may be absent or null.
pub(super) fn present<'v>(m: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    m.get(key).filter(|v| !v.is_null())
}

impl Validation {
    fn recipe(&mut self, v: &Value) -> Option<Recipe> {
        let m = self.object(v, "", TOP_KEYS)?;
        let id = self.text(m, "", "id", true);
        let version = self.text(m, "", "version", true);
        let name = self.text(m, "", "name", true);
        let abbreviation = self.text(m, "", "abbreviation", true);
        let citation = self.text(m, "", "citation", true);
        let use_terms = self.part(m, "use_terms", "the use terms", Validation::use_terms);
        let instructions = self.text(m, "", "instructions", true);
        let items = self.part(m, "items", "the item count and kind", Validation::items);
        let scale = self.part(m, "scale", "the response scale", |cx, v| {
            let scale = cx.scale(v, "scale", SCALE_KEYS)?;
            let sourced = cx.sourced(v.as_object()?, "scale")?;
            Some(RecipeScale { scale, sourced })
        });
        let scoring = self.part(m, "scoring", "the scoring rule", Validation::scoring);
        let keying = self.part(m, "keying", "the keys' source", Validation::keying);
        let dimensions = self.each(m, "dimensions", Validation::recipe_dimension);
        let targets = self.each(m, "targets", Validation::target);
        let paragraphs = self.each(m, "paragraphs", Validation::paragraph);
        let forced_choice = present(m, "forced_choice").and_then(|fc| {
            let f = self.object(fc, "forced_choice", FORCED_CHOICE_KEYS)?;
            let id = self.text(f, "forced_choice", "id", true);
            let text = self.text(f, "forced_choice", "text", true);
            Some(ForcedChoice {
                id: id?,
                text: text?,
            })
        });
        let norms = self.each(m, "norms", Validation::norm_set);
        let category_rule = present(m, "category_rule").and_then(|r| self.recipe_rule(r));
        let notes = self.each(m, "notes", |cx, v, p| match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            _ => {
                cx.error(
                    p,
                    "expected a note (text)",
                    "write each note as text in quotes",
                );
                None
            }
        });
        Some(Recipe {
            id: id?,
            version: version?,
            name: name?,
            abbreviation: abbreviation?,
            citation: citation?,
            use_terms: use_terms?,
            instructions: instructions?,
            items: items?,
            scale: scale?,
            scoring: scoring?,
            keying: keying?,
            dimensions: dimensions?,
            targets: targets?,
            paragraphs: paragraphs?,
            forced_choice,
            norms: norms?,
            category_rule,
            notes: notes?,
        })
    }

    /// A required object part of the recipe.
    fn part<T>(
        &mut self,
        m: &Map<String, Value>,
        key: &str,
        what: &str,
        read: impl FnOnce(&mut Validation, &Value) -> Option<T>,
    ) -> Option<T> {
        match m.get(key) {
            Some(v) => read(self, v),
            None => {
                self.missing("", key, what);
                None
            }
        }
    }

    /// An optional list; `None` when it or any entry could not be read.
    fn each<T>(
        &mut self,
        m: &Map<String, Value>,
        key: &str,
        mut read: impl FnMut(&mut Validation, &Value, &str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Some(list) = self.list(m, "", key, false) else {
            return (!m.contains_key(key)).then(Vec::new);
        };
        let read: Vec<T> = list
            .iter()
            .enumerate()
            .filter_map(|(i, v)| read(self, v, &format!("{key}[{i}]")))
            .collect();
        (read.len() == list.len()).then_some(read)
    }

    pub(super) fn sourced(&mut self, m: &Map<String, Value>, path: &str) -> Option<Sourced> {
        let source = self.text(m, path, "source", true);
        let confidence = self.text(m, path, "confidence", true)?;
        let Some(confidence) = Confidence::ALL.into_iter().find(|c| c.id() == confidence) else {
            self.error(
                &join(path, "confidence"),
                format!("unknown confidence `{confidence}`"),
                "use high (the authors' material, two sources or our reanalysis), medium (one credible source) or low (unverified)",
            );
            return None;
        };
        Some(Sourced {
            source: source?,
            confidence,
        })
    }

    fn use_terms(&mut self, v: &Value) -> Option<UseTerms> {
        let m = self.object(v, "use_terms", USE_TERMS_KEYS)?;
        let text = self.text(m, "use_terms", "text", true);
        let sourced = self.sourced(m, "use_terms");
        Some(UseTerms {
            text: text?,
            sourced: sourced?,
        })
    }

    fn items(&mut self, v: &Value) -> Option<Items> {
        let m = self.object(v, "items", ITEMS_KEYS)?;
        let count = self.integer(m, "items", "count");
        let kind = match self.text(m, "items", "kind", true)?.as_str() {
            "likert" => Some(ItemKind::Likert),
            "paragraph" => Some(ItemKind::Paragraph),
            other => {
                self.error(
                    "items.kind",
                    format!("unknown item kind `{other}`"),
                    "use `likert` (statements keyed to dimensions) or `paragraph` (RQ-style descriptions)",
                );
                None
            }
        };
        let count = match count? {
            c if c >= 1 => c as usize,
            c => {
                self.error(
                    "items.count",
                    format!("item count {c} must be at least 1"),
                    "give the number of items",
                );
                return None;
            }
        };
        let numbers = match present(m, "numbers") {
            Some(_) => self.numbers(m, "items", "numbers")?,
            None => (1..=count as u32).collect(),
        };
        Some(Items {
            count,
            kind: kind?,
            numbers,
        })
    }

    /// A list of item numbers (whole numbers from 1).
    fn numbers(&mut self, m: &Map<String, Value>, path: &str, key: &str) -> Option<Vec<u32>> {
        let p = join(path, key);
        let list = self.list(m, path, key, true)?;
        let mut out = Vec::with_capacity(list.len());
        for (i, v) in list.iter().enumerate() {
            match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(n) if n >= 1 => out.push(n),
                _ => self.error(
                    &format!("{p}[{i}]"),
                    format!("expected an item number, found {v}"),
                    "item numbers are whole numbers from 1, as printed on the questionnaire",
                ),
            }
        }
        (out.len() == list.len()).then_some(out)
    }

    fn scoring(&mut self, v: &Value) -> Option<Scoring> {
        let m = self.object(v, "scoring", SCORING_KEYS)?;
        let rule = match self.text(m, "scoring", "rule", true)?.as_str() {
            "mean" => Some(ScoringRule::Mean),
            "ratings" => Some(ScoringRule::Ratings),
            other => {
                self.error(
                    "scoring.rule",
                    format!("unknown scoring rule `{other}`"),
                    "use `mean` (likert items) or `ratings` (paragraphs); sums are asked per dimension with `sum`",
                );
                None
            }
        };
        let note = self.text(m, "scoring", "note", false);
        let sourced = self.sourced(m, "scoring");
        Some(Scoring {
            rule: rule?,
            note,
            sourced: sourced?,
        })
    }

    fn keying(&mut self, v: &Value) -> Option<Keying> {
        let m = self.object(v, "keying", KEYING_KEYS)?;
        let note = self.text(m, "keying", "note", false);
        let check = self.text(m, "keying", "check", false);
        let sourced = self.sourced(m, "keying");
        Some(Keying {
            note,
            check,
            sourced: sourced?,
        })
    }

    fn recipe_dimension(&mut self, v: &Value, path: &str) -> Option<RecipeDimension> {
        let m = self.object(v, path, DIMENSION_KEYS)?;
        let id = self.text(m, path, "id", true);
        let label = self.text(m, path, "label", true);
        let description = self.text(m, path, "description", true);
        let items = self.numbers(m, path, "items");
        let reverse = match present(m, "reverse") {
            Some(_) => self.numbers(m, path, "reverse"),
            None => Some(Vec::new()),
        };
        let sum = self.boolean(m, path, "sum", Some(false));
        let reliability =
            present(m, "reliability").and_then(|r| self.reliability(r, &join(path, "reliability")));
        Some(RecipeDimension {
            id: id?,
            label: label?,
            description: description?,
            items: items?,
            reverse: reverse?,
            sum: sum?,
            reliability,
        })
    }

    fn paragraph(&mut self, v: &Value, path: &str) -> Option<Paragraph> {
        let m = self.object(v, path, PARAGRAPH_KEYS)?;
        let number = self
            .integer(m, path, "number")
            .and_then(|n| u32::try_from(n).ok());
        let id = self.text(m, path, "id", true);
        let style = self.text(m, path, "style", true)?;
        let Some(style) = Prototype::from_id(&style) else {
            self.error(
                &join(path, "style"),
                format!("unknown style `{style}`"),
                "use one of: secure, anxious (preoccupied), avoidant (dismissing), fearful",
            );
            return None;
        };
        Some(Paragraph {
            number: number?,
            id: id?,
            style,
        })
    }
}
