//! Rules across fields, run on the typed (possibly partly read) bank.

use std::collections::{HashMap, HashSet};

use super::checks::{is_item_id, is_slug, nearest};
use super::validation::Validation;
use super::{Known, MAX_SCALE_POINTS, RESERVED_KEY, SCALE_LIMIT, SCALE_REASON};
use crate::bank::model::{Bank, ItemKind, Prototype, Reference, Scale, ANXIETY, AVOIDANCE};
use crate::diag::Severity;

impl Validation {
    /// A scale's own rules (min below max, labels on the scale); whether
    /// the scale can be used to check values against.
    pub(in crate::bank) fn scale_rules(&mut self, scale: &Scale) -> bool {
        let (min, max) = (scale.min, scale.max);
        if min >= max {
            self.error(
                "scale.min",
                format!("scale min ({min}) must be below max ({max})"),
                "e.g. \"min\": 1, \"max\": 7",
            );
            return false;
        }
        let mut ok = true;
        for (key, v) in [("min", min), ("max", max)] {
            if !(-SCALE_LIMIT..=SCALE_LIMIT).contains(&v) {
                ok = false;
                self.error(
                    &format!("scale.{key}"),
                    format!(
                        "scale {key} {v} is out of range: scale points are whole numbers from {} to {}",
                        -SCALE_LIMIT,
                        SCALE_LIMIT
                    ),
                    SCALE_REASON,
                );
            }
        }
        if ok && max - min + 1 > MAX_SCALE_POINTS {
            self.error(
                "scale",
                format!(
                    "the scale from {min} to {max} has {} points; at most {MAX_SCALE_POINTS} are allowed",
                    max - min + 1
                ),
                SCALE_REASON,
            );
            return false;
        }
        if !ok {
            return false;
        }
        for p in scale.labels.keys() {
            if !(min..=max).contains(p) {
                self.push(
                    Severity::Error,
                    &format!("scale.labels.{p}"),
                    true,
                    format!("label for {p} is outside the scale {min}–{max}"),
                    Some(format!("label only points from {min} to {max}")),
                );
            }
        }
        true
    }

    /// Rules across fields, on the typed bank. Each group of rules is its
    /// own function; they run in this order, which is also the order of
    /// problems that share a position (the sort in `finish` is stable).
    pub(super) fn semantics(&mut self, b: &Bank, known: Known) {
        if known.id && !is_slug(&b.id) {
            self.error(
                "id",
                format!(
                    "bank id `{}` has characters other than a-z, 0-9 and -",
                    b.id
                ),
                "use lowercase letters, digits and dashes, e.g. `my-bank`",
            );
        }
        let scale_ok = known.scale && self.scale_rules(&b.scale);
        let dim_ids = self.dimension_rules(b, scale_ok);
        let tally = self.item_rules(b, known, &dim_ids);
        self.item_kind_rules(b, known, &tally);
        self.target_rules(b);
        self.balance_rules(b, known, &tally);
        self.published_semantics(b, known.items && known.dimensions, scale_ok);
    }

    /// Each dimension's id, cutoff, missing-data share and reference values;
    /// returns the declared dimension ids, which items are keyed to.
    fn dimension_rules<'b>(&mut self, b: &'b Bank, scale_ok: bool) -> HashSet<&'b str> {
        let (min, max) = (b.scale.min, b.scale.max);
        let mut dim_ids = HashSet::new();
        for (i, d) in b.dimensions.iter().enumerate() {
            let p = format!("dimensions[{i}]");
            if !is_slug(&d.id) {
                self.error(
                    &format!("{p}.id"),
                    format!(
                        "dimension id `{}` has characters other than a-z, 0-9 and -",
                        d.id
                    ),
                    "use lowercase letters, digits and dashes, e.g. `anxiety`",
                );
            }
            if !dim_ids.insert(d.id.as_str()) {
                self.error(
                    &format!("{p}.id"),
                    format!("dimension `{}` is declared twice", d.id),
                    "give each dimension its own id",
                );
            }
            if let Some(c) = d.cutoff {
                if scale_ok && !(min as f64..=max as f64).contains(&c) {
                    self.error(
                        &format!("{p}.cutoff"),
                        format!("cutoff {c} is outside the scale {min}–{max}"),
                        format!(
                            "use a value from {min} to {max}, or remove it to use the midpoint {}",
                            b.midpoint()
                        ),
                    );
                }
            }
            if let Some(mm) = d.max_missing {
                if !(0.0..1.0).contains(&mm) {
                    self.error(
                        &format!("{p}.max_missing"),
                        format!("max_missing {mm} is outside [0, 1)"),
                        "it is the share of items that may be missing, e.g. 0.2 for 20 %",
                    );
                }
            }
            if let Some(r) = &d.reference {
                self.reference_rules(&p, r, &b.scale, scale_ok);
            }
        }
        dim_ids
    }

    /// One dimension's reference values (at path `p`): a spread, mean and
    /// reliabilities that can exist on this bank's scale.
    fn reference_rules(&mut self, p: &str, r: &Reference, scale: &Scale, scale_ok: bool) {
        let (min, max) = (scale.min, scale.max);
        if r.sd.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            self.error(
                &format!("{p}.reference.sd"),
                format!("sd {} must be above 0", r.sd),
                "give the reference standard deviation on this bank's scale",
            );
        } else if scale_ok && r.sd > (max - min) as f64 / 2.0 {
            self.error(
                &format!("{p}.reference.sd"),
                format!(
                    "sd {} is larger than any spread of scores on the scale {min}–{max} allows ({})",
                    r.sd,
                    (max - min) as f64 / 2.0
                ),
                "give the standard deviation of mean scores on this bank's scale (not of sum scores)",
            );
        }
        if let Some(mean) = r
            .mean
            .filter(|m| scale_ok && !(min as f64..=max as f64).contains(m))
        {
            self.error(
                &format!("{p}.reference.mean"),
                format!("mean {mean} is outside the scale {min}–{max}"),
                "give the reference mean of mean scores on this bank's scale",
            );
        }
        if !(r.alpha > 0.0 && r.alpha < 1.0) {
            self.error(
                &format!("{p}.reference.alpha"),
                format!("alpha {} must be between 0 and 1", r.alpha),
                "give a reliability coefficient such as 0.85",
            );
        }
        if let Some(omega) = r.omega.filter(|o| !(*o > 0.0 && *o < 1.0)) {
            self.error(
                &format!("{p}.reference.omega"),
                format!("omega {omega} must be between 0 and 1"),
                "give a reliability coefficient such as 0.85, or remove `omega`",
            );
        }
        if let Some(rt) = r.retest {
            if !(rt > 0.0 && rt < 1.0) {
                self.error(
                    &format!("{p}.reference.retest"),
                    format!("retest {rt} must be between 0 and 1"),
                    "give a test–retest correlation such as 0.80, or remove `retest`",
                );
            }
        }
        if r.n == Some(0) {
            self.error(
                &format!("{p}.reference.n"),
                "n is 0",
                "give the sample size, or remove `n`",
            );
        }
    }

    /// Each item's id, and what its kind refers to (a declared dimension, a
    /// style not yet given a paragraph); counts the items of each kind.
    fn item_rules<'b>(
        &mut self,
        b: &'b Bank,
        known: Known,
        dim_ids: &HashSet<&str>,
    ) -> ItemTally<'b> {
        let mut tally = ItemTally::default();
        for (i, it) in b.items.iter().enumerate() {
            let p = format!("items[{i}]");
            self.item_id_rules(&p, i, &it.id, &mut tally.ids);
            match &it.kind {
                ItemKind::Likert { dimension, .. } => {
                    tally.likert += 1;
                    if known.dimensions && !dim_ids.contains(dimension.as_str()) {
                        self.undeclared_dimension(b, &p, dimension);
                    }
                }
                ItemKind::Prototype { style } => {
                    tally.proto += 1;
                    if let Some(first) = tally.styles.insert(*style, i) {
                        self.error(
                            &format!("{p}.style"),
                            format!(
                                "style `{}` has a paragraph already (items[{first}])",
                                style.id()
                            ),
                            "give each of the four styles at most one paragraph",
                        );
                    }
                }
            }
        }
        tally
    }

    /// The id of item `i` (at path `p`): well formed, not reserved, and not
    /// taken by an earlier item (recorded in `ids`).
    fn item_id_rules<'b>(
        &mut self,
        p: &str,
        i: usize,
        id: &'b str,
        ids: &mut HashMap<&'b str, usize>,
    ) {
        if !is_item_id(id) {
            self.error(
                &format!("{p}.id"),
                format!("item id `{id}` may only use letters, digits, - and _"),
                "rename it, e.g. `anx-01`; `.` is reserved to join a target and an item",
            );
        }
        if id == RESERVED_KEY {
            self.error(
                &format!("{p}.id"),
                format!("the item id `{RESERVED_KEY}` is reserved"),
                format!("rename it: `{RESERVED_KEY}` is the column of respondent ids in CSV answer files"),
            );
        }
        if let Some(first) = ids.insert(id, i) {
            self.error(
                &format!("{p}.id"),
                format!("item id `{id}` is used twice (also items[{first}])"),
                "give every item its own id: answers are matched by id",
            );
        }
    }

    /// A likert item (at path `p`) keyed to a dimension the bank does not
    /// declare, with the nearest declared one as a suggestion.
    fn undeclared_dimension(&mut self, b: &Bank, p: &str, dimension: &str) {
        let known: Vec<&str> = b.dimensions.iter().map(|d| d.id.as_str()).collect();
        let help = match nearest(dimension, &known) {
            Some(s) => format!(
                "did you mean `{s}`? Declared dimensions: {}",
                known.join(", ")
            ),
            None => format!(
                "declare it under `dimensions`, or use one of: {}",
                known.join(", ")
            ),
        };
        self.error(
            &format!("{p}.dimension"),
            format!("item is keyed to `{dimension}`, which is not a declared dimension"),
            help,
        );
    }

    /// What the kinds of items allow: some items, one kind per bank,
    /// targets only with likert items, a forced choice only among
    /// prototypes and with an id of its own.
    fn item_kind_rules(&mut self, b: &Bank, known: Known, tally: &ItemTally) {
        let (likert, proto) = (tally.likert, tally.proto);
        if known.items && b.items.is_empty() {
            self.error("items", "the bank has no items", "add at least one item");
        }
        if likert > 0 && proto > 0 {
            self.error(
                "items",
                "the bank mixes likert and prototype items",
                "put prototype paragraphs in a bank of their own",
            );
        }
        if proto > 0 && !b.targets.is_empty() {
            self.error(
                "targets",
                "targets are only supported with likert items",
                "remove `targets`, or use likert items",
            );
        }
        if let Some(fc) = &b.forced_choice {
            if proto == 0 {
                self.error(
                    "forced_choice",
                    "a forced choice needs prototype items to choose from",
                    "remove `forced_choice`, or add prototype items",
                );
            }
            if fc.id == RESERVED_KEY {
                self.error(
                    "forced_choice.id",
                    format!("the id `{RESERVED_KEY}` is reserved"),
                    format!("rename it: `{RESERVED_KEY}` is the column of respondent ids in CSV answer files"),
                );
            }
            if tally.ids.contains_key(fc.id.as_str()) {
                self.error(
                    "forced_choice.id",
                    format!("`{}` is also an item id", fc.id),
                    "give the forced choice its own id",
                );
            }
        }
    }

    /// Each target's id: well formed, not reserved, declared once.
    fn target_rules(&mut self, b: &Bank) {
        let mut target_ids = HashSet::new();
        for (i, t) in b.targets.iter().enumerate() {
            if !is_slug(&t.id) {
                self.error(
                    &format!("targets[{i}].id"),
                    format!(
                        "target id `{}` has characters other than a-z, 0-9 and -",
                        t.id
                    ),
                    "use lowercase letters, digits and dashes, e.g. `partner`",
                );
            }
            if t.id == RESERVED_KEY {
                self.error(
                    &format!("targets[{i}].id"),
                    format!("the target id `{RESERVED_KEY}` is reserved"),
                    format!("rename it: `{RESERVED_KEY}` is the column of respondent ids in CSV answer files"),
                );
            }
            if !target_ids.insert(t.id.as_str()) {
                self.error(
                    &format!("targets[{i}].id"),
                    format!("target `{}` is declared twice", t.id),
                    "give each target its own id",
                );
            }
        }
    }

    /// Whether the bank can measure what it claims, given its items as a
    /// whole: every dimension has items, not all keyed one way, the two
    /// attachment dimensions exist, or all four styles have a paragraph.
    fn balance_rules(&mut self, b: &Bank, known: Known, tally: &ItemTally) {
        if !known.items {
            // Counts over a partly read item list would mislead.
        } else if tally.likert > 0 {
            for (i, d) in b.dimensions.iter().enumerate() {
                let keyed: Vec<bool> = b
                    .items_of(&d.id)
                    .map(|it| matches!(it.kind, ItemKind::Likert { reverse: true, .. }))
                    .collect();
                let p = format!("dimensions[{i}]");
                if keyed.is_empty() {
                    self.error(
                        &p,
                        format!("dimension `{}` has no items", d.id),
                        "key at least one item to it, or remove the dimension",
                    );
                } else if keyed.len() > 1 && (keyed.iter().all(|r| *r) || keyed.iter().all(|r| !*r))
                {
                    self.warn(&p, format!("all {} items of `{}` are keyed the same way", keyed.len(), d.id), "reverse-key some items: with one direction only, agreeing with everything (acquiescence) cannot be told apart from the trait");
                }
            }
            if known.dimensions
                && b.category_rule.is_none()
                && (b.dimension(ANXIETY).is_none() || b.dimension(AVOIDANCE).is_none())
            {
                self.warn("dimensions", "the bank lacks an `anxiety` or `avoidance` dimension, so no style can be derived", "name the two attachment dimensions `anxiety` and `avoidance` if the bank measures them");
            }
        } else if tally.proto > 0 && tally.styles.len() < 4 {
            self.warn(
                "items",
                format!(
                    "only {} of the four styles have a paragraph",
                    tally.styles.len()
                ),
                "add paragraphs for the missing styles so all four can be compared",
            );
        }
    }
}

/// What the item rules learnt that later rules need: the item ids taken
/// (with the first item of each), the styles given a paragraph, and how
/// many items of each kind the bank has.
#[derive(Default)]
struct ItemTally<'b> {
    ids: HashMap<&'b str, usize>,
    styles: HashMap<Prototype, usize>,
    likert: usize,
    proto: usize,
}
