//! The sections of a bank, read into the typed model: the top level,
//! the scale, dimensions with their reference values, targets and items.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::checks::{join, nearest, type_name};
use super::validation::Validation;
use super::{
    Known, DIMENSION_KEYS, FORCED_CHOICE_KEYS, ITEM_KEYS, REFERENCE_KEYS, SCALE_KEYS, TARGET_KEYS,
    TOP_KEYS,
};
use crate::bank::model::{
    Bank, Dimension, ForcedChoice, Item, ItemKind, Prototype, Reference, Scale, Target,
};
use crate::diag::Severity;

impl Validation {
    /// The whole bank from its top-level object, with which parts were read
    /// without error (the cross-field rules need to know).
    pub(super) fn bank(&mut self, v: &Value) -> Option<(Bank, Known)> {
        let m = self.object(v, "", TOP_KEYS)?;
        let id = self.text(m, "", "id", true);
        let title = self.text(m, "", "title", true);
        let version = self.text(m, "", "version", true);
        let language = self.text(m, "", "language", true);
        let validated = self.boolean(m, "", "validated", None);
        let citation = self.text(m, "", "citation", false);
        let license = self.text(m, "", "license", true);
        let notes = self.text(m, "", "notes", false).unwrap_or_default();
        let instructions = self.text(m, "", "instructions", true);
        let scale = self.top_scale(m);
        let dimensions = self.entries(m, "dimensions", true, Self::dimension);
        let targets = self
            .entries(m, "targets", false, Self::target)
            .map(|(t, _)| t)
            .unwrap_or_default();
        let items = self.entries(m, "items", true, Self::item);
        let forced_choice = m.get("forced_choice").and_then(|fc| self.forced_choice(fc));
        let provenance = m.get("provenance").and_then(|p| self.provenance(p));
        let category_rule = m.get("category_rule").and_then(|r| self.category_rule(r));
        let known = Known {
            complete: [&title, &version, &language, &license, &instructions]
                .iter()
                .all(|t| t.is_some())
                && validated.is_some()
                && scale.is_some()
                && id.is_some()
                && dimensions.is_some()
                && items.is_some(),
            id: id.is_some(),
            scale: scale.is_some(),
            dimensions: dimensions.as_ref().is_some_and(|(d, n)| d.len() == *n),
            items: items.as_ref().is_some_and(|(i, n)| i.len() == *n),
        };
        let bank = Bank {
            id: id.unwrap_or_default(),
            title: title.unwrap_or_default(),
            version: version.unwrap_or_default(),
            language: language.unwrap_or_default(),
            validated: validated.unwrap_or_default(),
            citation,
            license: license.unwrap_or_default(),
            notes,
            instructions: instructions.unwrap_or_default(),
            scale: scale.unwrap_or(Scale {
                min: 0,
                max: 0,
                labels: BTreeMap::new(),
            }),
            dimensions: dimensions.map(|(d, _)| d).unwrap_or_default(),
            targets,
            items: items.map(|(i, _)| i).unwrap_or_default(),
            forced_choice,
            provenance,
            category_rule,
        };
        Some((bank, known))
    }

    /// The bank's required `scale`.
    fn top_scale(&mut self, m: &Map<String, Value>) -> Option<Scale> {
        match m.get("scale") {
            Some(s) => self.scale(s, "scale", SCALE_KEYS),
            None => {
                self.missing("", "scale", "an object with `min`, `max` and `labels`");
                None
            }
        }
    }

    /// The top-level list `key`, each entry read by `read` at its path
    /// (`key[i]`); with the list's length, so the caller can tell whether
    /// an entry was dropped for an error.
    fn entries<T>(
        &mut self,
        m: &Map<String, Value>,
        key: &str,
        required: bool,
        read: fn(&mut Self, &Value, &str) -> Option<T>,
    ) -> Option<(Vec<T>, usize)> {
        self.list(m, "", key, required).map(|a| {
            let read = a
                .iter()
                .enumerate()
                .filter_map(|(i, v)| read(self, v, &format!("{key}[{i}]")))
                .collect();
            (read, a.len())
        })
    }

    /// The optional `forced_choice` question.
    fn forced_choice(&mut self, fc: &Value) -> Option<ForcedChoice> {
        let f = self.object(fc, "forced_choice", FORCED_CHOICE_KEYS)?;
        let id = self.text(f, "forced_choice", "id", true);
        let text = self.text(f, "forced_choice", "text", true);
        Some(ForcedChoice {
            id: id?,
            text: text?,
        })
    }

    /// A response scale `{min, max, labels}` at `path`, in an object that
    /// may have other `keys` too (a recipe's scale carries its source).
    pub(in crate::bank) fn scale(&mut self, v: &Value, path: &str, keys: &[&str]) -> Option<Scale> {
        let m = self.object(v, path, keys)?;
        let min = self.integer(m, path, "min");
        let max = self.integer(m, path, "max");
        let mut labels = BTreeMap::new();
        match m.get("labels") {
            None => self.missing(
                "scale",
                "labels",
                "an object from scale point to label, e.g. {\"1\": \"Strongly disagree\"}",
            ),
            Some(Value::Object(lm)) => {
                for k in lm.keys() {
                    let p = format!("scale.labels.{k}");
                    let Ok(point) = k.trim().parse::<i64>() else {
                        self.push(
                            Severity::Error,
                            &p,
                            true,
                            format!("label key `{k}` is not a scale point"),
                            Some("label keys are whole numbers in quotes, e.g. \"1\"".into()),
                        );
                        continue;
                    };
                    if let Some(s) = self.text(lm, "scale.labels", k, true) {
                        labels.insert(point, s);
                    }
                }
            }
            Some(v) => self.error(
                "scale.labels",
                format!(
                    "expected an object from scale point to label, found {}",
                    type_name(v)
                ),
                "e.g. {\"1\": \"Strongly disagree\", \"7\": \"Strongly agree\"}",
            ),
        }
        Some(Scale {
            min: min?,
            max: max?,
            labels,
        })
    }

    /// One entry of `dimensions`, at `path`.
    pub(super) fn dimension(&mut self, v: &Value, path: &str) -> Option<Dimension> {
        let m = self.object(v, path, DIMENSION_KEYS)?;
        let id = self.text(m, path, "id", true);
        let label = self.text(m, path, "label", true);
        let description = self.text(m, path, "description", true);
        let cutoff = self.number(m, path, "cutoff", false);
        let max_missing = self.number(m, path, "max_missing", false);
        let reference = m
            .get("reference")
            .and_then(|r| self.reference(r, &join(path, "reference")));
        let sum = self.boolean(m, path, "sum", Some(false));
        Some(Dimension {
            id: id?,
            label: label?,
            description: description?,
            cutoff,
            max_missing,
            reference,
            sum: sum?,
        })
    }

    /// A dimension's `reference` values (at path `rp`): the published
    /// sample its scores are compared with.
    fn reference(&mut self, r: &Value, rp: &str) -> Option<Reference> {
        let rm = self.object(r, rp, REFERENCE_KEYS)?;
        let sd = self.number(rm, rp, "sd", true);
        let alpha = self.number(rm, rp, "alpha", true);
        let retest = self.number(rm, rp, "retest", false);
        let mean = self.number(rm, rp, "mean", false);
        let omega = self.number(rm, rp, "omega", false);
        let n = match rm.get("n") {
            None => None,
            Some(v) => {
                let n = v.as_u64();
                if n.is_none() {
                    self.error(
                        &join(rp, "n"),
                        format!("expected a sample size, found {}", type_name(v)),
                        "write the number of people the reference values come from, e.g. 1200",
                    );
                }
                n
            }
        };
        let sample = self.text(rm, rp, "sample", false);
        let source = self.text(rm, rp, "source", true);
        let assumed = self.boolean(rm, rp, "assumed", None);
        let percentiles = rm
            .get("percentiles")
            .and_then(|t| self.percentiles(t, &join(rp, "percentiles")));
        Some(Reference {
            sd: sd?,
            alpha: alpha?,
            retest,
            mean,
            n,
            sample,
            source: source?,
            assumed: assumed?,
            percentiles,
            omega,
        })
    }

    /// One entry of `targets` (a bank's or a recipe's), at `path`.
    pub(in crate::bank) fn target(&mut self, v: &Value, path: &str) -> Option<Target> {
        let m = self.object(v, path, TARGET_KEYS)?;
        let id = self.text(m, path, "id", true);
        let label = self.text(m, path, "label", true);
        let intro = self.text(m, path, "intro", true);
        let na = self.boolean(m, path, "allow_not_applicable", Some(true));
        Some(Target {
            id: id?,
            label: label?,
            intro: intro?,
            allow_not_applicable: na?,
        })
    }

    /// One entry of `items`, likert or prototype, at `path`.
    pub(super) fn item(&mut self, v: &Value, path: &str) -> Option<Item> {
        let m = self.object(v, path, ITEM_KEYS)?;
        let id = self.text(m, path, "id", true);
        let text = self.text(m, path, "text", true);
        let kind = self.text(m, path, "kind", true)?;
        let kind = match kind.as_str() {
            "likert" => {
                if m.contains_key("style") {
                    self.error(
                        &join(path, "style"),
                        "a likert item has no `style`",
                        "remove `style`, or make the item `\"kind\": \"prototype\"`",
                    );
                }
                let dimension = self.text(m, path, "dimension", true);
                let reverse = self.boolean(m, path, "reverse", Some(false));
                ItemKind::Likert {
                    dimension: dimension?,
                    reverse: reverse?,
                }
            }
            "prototype" => {
                for k in ["dimension", "reverse"] {
                    if m.contains_key(k) {
                        self.error(
                            &join(path, k),
                            format!("a prototype item has no `{k}`"),
                            format!("remove `{k}`: a prototype paragraph is rated as a whole"),
                        );
                    }
                }
                let style = self.text(m, path, "style", true)?;
                let Some(style) = Prototype::from_id(&style) else {
                    self.error(
                        &join(path, "style"),
                        format!("unknown style `{style}`"),
                        "use one of: secure, anxious, avoidant, fearful",
                    );
                    return None;
                };
                ItemKind::Prototype { style }
            }
            other => {
                let help = match nearest(other, &["likert", "prototype"]) {
                    Some(s) => {
                        format!("did you mean `{s}`? Item kinds are `likert` and `prototype`")
                    }
                    None => "item kinds are `likert` and `prototype`".into(),
                };
                self.error(
                    &join(path, "kind"),
                    format!("unknown item kind `{other}`"),
                    help,
                );
                return None;
            }
        };
        Some(Item {
            id: id?,
            text: text?,
            kind,
        })
    }
}
