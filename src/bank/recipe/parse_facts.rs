//! The recipe's facts with their sources: reliability, norms from named
//! samples, and the category rule (see `parse.rs` for the rest).

use serde_json::{Map, Value};

use super::parse::present;
use super::{
    NormSet, NormValues, RecipeRule, Reliability, NORMS_KEYS, NORM_VALUES_KEYS, RELIABILITY_KEYS,
    RULE_KEYS,
};
use crate::bank::parse::{join, type_name, Validation};

impl Validation {
    /// A number that may also be null (unknown).
    pub(super) fn maybe_number(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Option<f64> {
        present(m, key)?;
        self.number(m, path, key, false)
    }

    pub(super) fn reliability(&mut self, v: &Value, path: &str) -> Option<Reliability> {
        let m = self.object(v, path, RELIABILITY_KEYS)?;
        let alpha = self.maybe_number(m, path, "alpha");
        let retest = self.maybe_number(m, path, "retest");
        for (key, value) in [("alpha", alpha), ("retest", retest)] {
            if value.is_some_and(|x| !(x > 0.0 && x < 1.0)) {
                self.error(
                    &join(path, key),
                    format!(
                        "{key} {} must be between 0 and 1",
                        value.unwrap_or_default()
                    ),
                    "give a reliability coefficient such as 0.85, or null when unknown",
                );
            }
        }
        let retest_interval = self.text(m, path, "retest_interval", false);
        let note = self.text(m, path, "note", false);
        let assumed = self.boolean(m, path, "assumed", Some(false));
        let sourced = self.sourced(m, path);
        Some(Reliability {
            alpha,
            retest,
            retest_interval,
            note,
            assumed: assumed?,
            sourced: sourced?,
        })
    }

    pub(super) fn norm_set(&mut self, v: &Value, path: &str) -> Option<NormSet> {
        let m = self.object(v, path, NORMS_KEYS)?;
        let id = self.text(m, path, "id", true);
        let default = self.boolean(m, path, "default", Some(false));
        let sample = self.text(m, path, "sample", true);
        let n = match present(m, "n") {
            None => None,
            Some(v) => {
                let n = v.as_u64().filter(|n| *n > 0);
                if n.is_none() {
                    self.error(
                        &join(path, "n"),
                        format!("expected a sample size, found {v}"),
                        "give the number of people, or null when it is not known",
                    );
                }
                n
            }
        };
        let sourced = self.sourced(m, path);
        let dp = join(path, "dimensions");
        let dimensions = match m.get("dimensions") {
            Some(Value::Object(dm)) => {
                let read: Vec<(String, NormValues)> = dm
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), self.norm_values(v, &join(&dp, k))?)))
                    .collect();
                (read.len() == dm.len()).then_some(read)
            }
            Some(v) => {
                self.error(
                    &dp,
                    format!("expected an object by dimension id, found {}", type_name(v)),
                    "e.g. {\"anxiety\": {\"mean\": 3.1, \"sd\": 0.8}}",
                );
                None
            }
            None => {
                self.missing(path, "dimensions", "the values by dimension id");
                None
            }
        };
        Some(NormSet {
            id: id?,
            default: default?,
            sample: sample?,
            n,
            sourced: sourced?,
            dimensions: dimensions?,
        })
    }

    pub(super) fn norm_values(&mut self, v: &Value, path: &str) -> Option<NormValues> {
        let m = self.object(v, path, NORM_VALUES_KEYS)?;
        let mean = self.number(m, path, "mean", true);
        let sd = self.number(m, path, "sd", true);
        if sd.is_some_and(|sd| sd.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)) {
            self.error(
                &join(path, "sd"),
                "sd must be above 0",
                "give the sample's standard deviation on the recipe's scale",
            );
        }
        let alpha = self.maybe_number(m, path, "alpha");
        if alpha.is_some_and(|a| !(a > 0.0 && a < 1.0)) {
            self.error(
                &join(path, "alpha"),
                "alpha must be between 0 and 1",
                "give the sample's Cronbach's alpha, or leave it out",
            );
        }
        let percentiles = match present(m, "percentiles") {
            None => Some(None),
            Some(_) => {
                let rows = self.list(m, path, "percentiles", true)?;
                self.percentile_rows(rows, &join(path, "percentiles"))
                    .map(Some)
            }
        };
        Some(NormValues {
            mean: mean?,
            sd: sd?,
            alpha,
            percentiles: percentiles?,
        })
    }

    pub(super) fn recipe_rule(&mut self, v: &Value) -> Option<RecipeRule> {
        let path = "category_rule";
        let m = self.object(v, path, RULE_KEYS)?;
        let caution = self.text(m, path, "caution", true);
        let sourced = self.sourced(m, path);
        let rule = self.category_rule_id(m, path)?;
        Some(RecipeRule {
            id: rule,
            caution: caution?,
            sourced: sourced?,
        })
    }
}
