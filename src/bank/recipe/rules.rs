//! Rules across a recipe's fields: every item keyed exactly once, reverse
//! keys among a dimension's own items, paragraphs covering the items,
//! norms for declared dimensions inside the scale, a category rule with
//! what it reads. A key typo must fail here, not score silently wrong.

use std::collections::{HashMap, HashSet};

use super::{ItemKind, Recipe, ScoringRule};
use crate::bank::parse::{is_item_id, is_slug, nearest, Validation};
use crate::bank::{CategoryRuleId, ANXIETY, CLOSE, DEPEND};

fn list(numbers: &[u32]) -> String {
    numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Validation {
    pub(super) fn recipe_rules(&mut self, r: &Recipe) {
        if !is_slug(&r.id) {
            self.error(
                "id",
                format!(
                    "recipe id `{}` has characters other than a-z, 0-9 and -",
                    r.id
                ),
                "use lowercase letters, digits and dashes, e.g. `ecr-r`",
            );
        }
        let scale_ok = self.scale_rules(&r.scale.scale);
        self.numbering(r);
        match r.items.kind {
            ItemKind::Likert => self.likert_keys(r),
            ItemKind::Paragraph => self.paragraph_keys(r),
        }
        let mut seen = HashSet::new();
        for (i, t) in r.targets.iter().enumerate() {
            if !is_slug(&t.id) || !seen.insert(t.id.as_str()) {
                self.error(
                    &format!("targets[{i}].id"),
                    format!("target id `{}` is not a new lowercase id", t.id),
                    "give each relationship its own id of a-z, 0-9 and -, e.g. `partner`",
                );
            }
        }
        self.norm_rules(r, scale_ok);
        if let Some(rule) = &r.category_rule {
            self.recipe_rule_inputs(r, rule.id);
        }
    }

    fn numbering(&mut self, r: &Recipe) {
        let n = &r.items.numbers;
        if n.len() != r.items.count {
            self.error(
                "items.numbers",
                format!(
                    "items.count is {} but {} numbers are listed",
                    r.items.count,
                    n.len()
                ),
                "list one number per item",
            );
        }
        let mut seen = HashSet::new();
        for (i, x) in n.iter().enumerate() {
            if !seen.insert(x) {
                self.error(
                    &format!("items.numbers[{i}]"),
                    format!("item number {x} is listed twice"),
                    "every item has its own number",
                );
            }
        }
    }

    fn likert_keys(&mut self, r: &Recipe) {
        if r.dimensions.is_empty() {
            self.error(
                "dimensions",
                "a likert recipe needs dimensions",
                "declare the dimensions and their item numbers",
            );
        }
        if !r.paragraphs.is_empty() || r.forced_choice.is_some() {
            self.error(
                "paragraphs",
                "paragraphs and a forced choice belong to `paragraph` recipes",
                "remove them, or make `items.kind` `paragraph`",
            );
        }
        if r.scoring.rule != ScoringRule::Mean {
            self.error(
                "scoring.rule",
                "likert items are scored by `mean`",
                "write \"rule\": \"mean\" (ask for sums with `sum` on a dimension)",
            );
        }
        let known: HashSet<u32> = r.items.numbers.iter().copied().collect();
        let mut keyed: HashMap<u32, &str> = HashMap::new();
        let mut ids = HashSet::new();
        for (i, d) in r.dimensions.iter().enumerate() {
            let p = format!("dimensions[{i}]");
            if !is_slug(&d.id) || !ids.insert(d.id.as_str()) {
                self.error(
                    &format!("{p}.id"),
                    format!("dimension id `{}` is not a new lowercase id", d.id),
                    "give each dimension its own id of a-z, 0-9 and -, e.g. `anxiety`",
                );
            }
            for (j, x) in d.items.iter().enumerate() {
                let at = format!("{p}.items[{j}]");
                if !known.contains(x) {
                    self.error(
                        &at,
                        format!("item {x} is not one of the recipe's items"),
                        format!("the items are numbered {}", list(&r.items.numbers)),
                    );
                } else if let Some(other) = keyed.insert(*x, &d.id) {
                    self.error(
                        &at,
                        format!("item {x} is keyed twice (also to `{other}`)"),
                        "key every item to exactly one dimension",
                    );
                }
            }
            let mut reversed = HashSet::new();
            for (j, x) in d.reverse.iter().enumerate() {
                if !d.items.contains(x) || !reversed.insert(x) {
                    self.error(
                        &format!("{p}.reverse[{j}]"),
                        format!(
                            "reversed item {x} is not one of `{}`'s items, or is listed twice",
                            d.id
                        ),
                        "list each reversed item once, among the dimension's own items",
                    );
                }
            }
        }
        let unkeyed: Vec<u32> = r
            .items
            .numbers
            .iter()
            .copied()
            .filter(|x| !keyed.contains_key(x))
            .collect();
        if !r.dimensions.is_empty() && !unkeyed.is_empty() {
            self.error(
                "dimensions",
                format!("items {} are not keyed to any dimension", list(&unkeyed)),
                "key every item to a dimension",
            );
        }
    }

    fn paragraph_keys(&mut self, r: &Recipe) {
        if !r.dimensions.is_empty() || !r.targets.is_empty() {
            self.error(
                "dimensions",
                "a paragraph recipe has no dimensions or targets",
                "remove them: paragraphs are rated as wholes",
            );
        }
        if r.scoring.rule != ScoringRule::Ratings {
            self.error(
                "scoring.rule",
                "paragraphs are scored by `ratings`",
                "write \"rule\": \"ratings\"",
            );
        }
        let (mut numbers, mut ids, mut styles) = (HashSet::new(), HashSet::new(), HashSet::new());
        for (i, p) in r.paragraphs.iter().enumerate() {
            let at = format!("paragraphs[{i}]");
            if !r.items.numbers.contains(&p.number) || !numbers.insert(p.number) {
                self.error(
                    &format!("{at}.number"),
                    format!("paragraph number {} is not a new item number", p.number),
                    format!("the items are numbered {}", list(&r.items.numbers)),
                );
            }
            if !is_item_id(&p.id) || !ids.insert(p.id.as_str()) {
                self.error(
                    &format!("{at}.id"),
                    format!("paragraph id `{}` is not a new item id", p.id),
                    "use letters, digits, - or _, e.g. `a`",
                );
            }
            if !styles.insert(p.style) {
                self.error(
                    &format!("{at}.style"),
                    format!("style `{}` has a paragraph already", p.style.id()),
                    "give each style one paragraph",
                );
            }
        }
        if numbers.len() != r.items.numbers.len() {
            self.error(
                "paragraphs",
                format!(
                    "{} paragraphs for {} items",
                    r.paragraphs.len(),
                    r.items.count
                ),
                "give one paragraph entry per item number",
            );
        }
        if let Some(fc) = r
            .forced_choice
            .as_ref()
            .filter(|fc| ids.contains(fc.id.as_str()))
        {
            self.error(
                "forced_choice.id",
                format!("`{}` is also a paragraph id", fc.id),
                "give the forced choice its own id",
            );
        }
    }

    fn norm_rules(&mut self, r: &Recipe, scale_ok: bool) {
        let (min, max) = (r.scale.scale.min as f64, r.scale.scale.max as f64);
        let dims: Vec<&str> = r.dimensions.iter().map(|d| d.id.as_str()).collect();
        let (mut ids, mut default) = (HashSet::new(), false);
        for (i, n) in r.norms.iter().enumerate() {
            let p = format!("norms[{i}]");
            if !is_slug(&n.id) || !ids.insert(n.id.as_str()) {
                self.error(
                    &format!("{p}.id"),
                    format!("norm set id `{}` is not a new lowercase id", n.id),
                    "give each sample its own id of a-z, 0-9 and -",
                );
            }
            if n.default && std::mem::replace(&mut default, true) {
                self.error(
                    &format!("{p}.default"),
                    "a second default norm set",
                    "mark at most one sample as the default",
                );
            }
            for (d, v) in &n.dimensions {
                let at = format!("{p}.dimensions.{d}");
                if !dims.contains(&d.as_str()) {
                    let help = match nearest(d, &dims) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the dimensions are {}", dims.join(", ")),
                    };
                    self.error(&at, format!("`{d}` is not a dimension of the recipe"), help);
                }
                let Some(table) = &v.percentiles else {
                    continue;
                };
                if n.n.is_none() {
                    self.error(
                        &format!("{p}.n"),
                        "a percentile table needs the sample size `n`",
                        "give the number of people the table comes from",
                    );
                }
                for (j, &(x, _)) in table.iter().enumerate() {
                    if scale_ok && !(min..=max).contains(&x) {
                        self.error(
                            &format!("{at}.percentiles[{j}]"),
                            format!("score {x} is outside the scale {min}–{max}"),
                            "percentile rows are scores on the recipe's scale",
                        );
                    }
                }
            }
        }
    }

    fn recipe_rule_inputs(&mut self, r: &Recipe, rule: CategoryRuleId) {
        let ok = match rule {
            CategoryRuleId::HighestRating => {
                r.items.kind == ItemKind::Paragraph && r.paragraphs.len() == 4
            }
            CategoryRuleId::CloseDependAnxiety => [CLOSE, DEPEND, ANXIETY]
                .iter()
                .all(|d| r.dimension(d).is_some()),
        };
        if !ok {
            self.error(
                "category_rule.id",
                format!("the `{}` rule does not fit this recipe", rule.id()),
                "highest-rating needs four paragraphs; close-depend-anxiety needs the dimensions close, depend and anxiety",
            );
        }
    }
}
