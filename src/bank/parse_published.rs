//! The parts of the bank format that published instruments brought: a named
//! sample's percentile table, where a bank built from a recipe came from,
//! and an instrument's own category rule. Read by the same collecting parser
//! as the rest of the format (see `parse.rs`): every problem, with its place
//! and a fix.

use serde_json::Value;

use super::model::{
    Bank, CategoryRule, CategoryRuleId, ItemKind, Percentiles, Provenance, ANXIETY, CLOSE, DEPEND,
};
use super::parse::{is_slug, join, nearest, type_name, Validation};

pub const PERCENTILES_KEYS: &[&str] = &["sample", "n", "source", "table"];
pub const PROVENANCE_KEYS: &[&str] = &["recipe", "recipe_version", "item_text"];
pub const CATEGORY_RULE_KEYS: &[&str] = &["id", "caution"];

impl Validation {
    /// `reference.percentiles`: `{sample, n, source, table: [[score, percentile], …]}`.
    pub(super) fn percentiles(&mut self, v: &Value, path: &str) -> Option<Percentiles> {
        let m = self.object(v, path, PERCENTILES_KEYS)?;
        let sample = self.text(m, path, "sample", true);
        let source = self.text(m, path, "source", true);
        let n = match m.get("n") {
            None => {
                self.missing(path, "n", "the number of people in the sample, e.g. 46610");
                None
            }
            Some(v) => match v.as_u64() {
                Some(0) => {
                    self.error(&join(path, "n"), "n is 0", "give the sample size");
                    None
                }
                Some(n) => Some(n),
                None => {
                    self.error(
                        &join(path, "n"),
                        format!("expected a sample size, found {}", type_name(v)),
                        "write the number of people in the sample, e.g. 46610",
                    );
                    None
                }
            },
        };
        let table = self
            .list(m, path, "table", true)
            .and_then(|rows| self.percentile_rows(rows, &join(path, "table")));
        Some(Percentiles {
            sample: sample?,
            n: n?,
            source: source?,
            table: table?,
        })
    }

    pub(super) fn percentile_rows(
        &mut self,
        rows: &[Value],
        path: &str,
    ) -> Option<Vec<(f64, f64)>> {
        let mut table = Vec::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            match r.as_array().map(Vec::as_slice) {
                Some([x, p]) if x.is_number() && p.is_number() => {
                    table.push((x.as_f64()?, p.as_f64()?));
                }
                _ => self.error(
                    &format!("{path}[{i}]"),
                    format!("expected a row [score, percentile], found {}", type_name(r)),
                    "write each row as two numbers, e.g. [3.5, 61.2]",
                ),
            }
        }
        if table.len() != rows.len() {
            return None;
        }
        if table.len() < 2 {
            self.error(
                path,
                format!(
                    "a percentile table needs at least two rows, found {}",
                    table.len()
                ),
                "give a row for every score the sample reached, in increasing order",
            );
            return None;
        }
        let before = self.problems.len();
        for (i, &(x, p)) in table.iter().enumerate() {
            let at = format!("{path}[{i}]");
            if !(0.0..=100.0).contains(&p) {
                self.error(
                    &at,
                    format!("percentile {p} is outside 0–100"),
                    "give the percentage of the sample below the score (mid-rank)",
                );
            }
            if i > 0 {
                let (x0, p0) = table[i - 1];
                if x <= x0 {
                    self.error(
                        &at,
                        format!("scores must increase from row to row: {x} follows {x0}"),
                        "sort the rows by score, one row per score",
                    );
                } else if p < p0 {
                    self.error(
                        &at,
                        format!("percentile {p} is below the previous row's {p0}"),
                        "percentiles cannot fall as scores rise; check the table",
                    );
                }
            }
        }
        (self.problems.len() == before).then_some(table)
    }

    pub(super) fn provenance(&mut self, v: &Value) -> Option<Provenance> {
        let path = "provenance";
        let m = self.object(v, path, PROVENANCE_KEYS)?;
        let recipe = self.text(m, path, "recipe", true);
        if let Some(r) = recipe.as_deref().filter(|r| !is_slug(r)) {
            self.error(
                &join(path, "recipe"),
                format!("recipe id `{r}` has characters other than a-z, 0-9 and -"),
                "give the id of the recipe the bank was built from, e.g. `ecr-r`",
            );
        }
        let recipe_version = self.text(m, path, "recipe_version", true);
        let item_text = self.text(m, path, "item_text", true);
        Some(Provenance {
            recipe: recipe?,
            recipe_version: recipe_version?,
            item_text: item_text?,
        })
    }

    /// The `id` of a category rule (in a bank or a recipe): one of the
    /// rules securebase implements, with a suggestion for a typo.
    pub(crate) fn category_rule_id(
        &mut self,
        m: &serde_json::Map<String, Value>,
        path: &str,
    ) -> Option<CategoryRuleId> {
        let id = self.text(m, path, "id", true)?;
        let Some(rule) = CategoryRuleId::ALL.into_iter().find(|r| r.id() == id) else {
            let known: Vec<&str> = CategoryRuleId::ALL.iter().map(|r| r.id()).collect();
            let help = match nearest(&id, &known) {
                Some(s) => format!("did you mean `{s}`? Rules: {}", known.join(", ")),
                None => format!("use one of: {}", known.join(", ")),
            };
            self.error(
                &join(path, "id"),
                format!("unknown category rule `{id}`"),
                help,
            );
            return None;
        };
        Some(rule)
    }

    pub(super) fn category_rule(&mut self, v: &Value) -> Option<CategoryRule> {
        let path = "category_rule";
        let m = self.object(v, path, CATEGORY_RULE_KEYS)?;
        let caution = self.text(m, path, "caution", true);
        let rule = self.category_rule_id(m, path)?;
        Some(CategoryRule {
            id: rule,
            caution: caution?,
        })
    }

    /// Rules across fields for the parts above: tables inside the scale, a
    /// category rule with what it reads, a citation for a validated bank.
    pub(super) fn published_semantics(&mut self, b: &Bank, parts_known: bool, scale_ok: bool) {
        let (min, max) = (b.scale.min as f64, b.scale.max as f64);
        for (i, d) in b.dimensions.iter().enumerate() {
            let Some(t) = d.reference.as_ref().and_then(|r| r.percentiles.as_ref()) else {
                continue;
            };
            for (j, &(x, _)) in t.table.iter().enumerate() {
                if scale_ok && !(min..=max).contains(&x) {
                    self.error(
                        &format!("dimensions[{i}].reference.percentiles.table[{j}]"),
                        format!("score {x} is outside the scale {min}–{max}"),
                        "percentile rows are scores on this bank's scale",
                    );
                }
            }
        }
        if b.validated && b.citation.is_none() {
            self.warn(
                "validated",
                "the bank says it is validated but names no citation",
                "add `citation`: results name the published instrument instead of the \"not validated\" note",
            );
        }
        if let (Some(rule), true) = (&b.category_rule, parts_known) {
            self.rule_inputs(b, rule.id);
        }
    }

    fn rule_inputs(&mut self, b: &Bank, rule: CategoryRuleId) {
        match rule {
            CategoryRuleId::HighestRating => {
                let mut styles: Vec<_> = b
                    .items
                    .iter()
                    .filter_map(|i| match i.kind {
                        ItemKind::Prototype { style } => Some(style),
                        ItemKind::Likert { .. } => None,
                    })
                    .collect();
                styles.sort();
                styles.dedup();
                if styles.len() != 4 {
                    self.error(
                        "category_rule.id",
                        "the `highest-rating` rule needs four paragraphs, one for each style",
                        "use it only in a paragraph bank with a secure, anxious, avoidant and fearful paragraph",
                    );
                }
            }
            CategoryRuleId::CloseDependAnxiety => {
                let lacking: Vec<&str> = [CLOSE, DEPEND, ANXIETY]
                    .into_iter()
                    .filter(|d| b.dimension(d).is_none())
                    .collect();
                if !lacking.is_empty() {
                    self.error(
                        "category_rule.id",
                        format!(
                            "the `close-depend-anxiety` rule reads the dimensions close, depend and anxiety; this bank lacks {}",
                            lacking.join(", ")
                        ),
                        "declare those dimensions, or remove `category_rule`",
                    );
                }
            }
        }
    }
}
