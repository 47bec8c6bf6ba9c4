//! The scoring core: a validated bank and one person's answers in, [`Scores`]
//! out. Pure (no I/O, no terminal, no clock, no English) and fast:
//! [`Scorer::new`] turns the bank into slot indices once, so
//! [`Scorer::score`] only walks arrays.
//!
//! The rules (README, "How results are computed"):
//!
//! - A reverse-keyed likert answer r on the scale [min, max] counts as
//!   min + max − r ([`reverse`]).
//! - A dimension's score is the mean of its answered items after reversal.
//!   When more than floor(max_missing × n_items) items are missing
//!   (max_missing defaults to 0.2) the score is withheld (null), with the
//!   reason as an id and its numbers ([`Withheld`]).
//! - Levels (low, at the cutoff, high) and the style: [`crate::scoring::classify`].
//! - Where the dimension has reference values: the reliability of the
//!   items actually answered is the reference alpha adjusted by
//!   Spearman–Brown ([`crate::scoring::stats::spearman_brown`]; k = answered / items), SEM =
//!   sd·√(1 − that reliability), and the 95 % interval is score ± 1.96·SEM,
//!   exact (it may run past the scale). The score is *close to the cutoff*
//!   when it is at the cutoff or the interval contains it. Where the
//!   reference also has a mean: z = (score − mean)/sd. The percentile is
//!   read from the reference's sample table where it has one (linear
//!   interpolation between rows, clamped at the ends), else it is 100·Φ(z),
//!   a normal approximation; the result says which.
//! - A dimension marked `sum` also reports mean × items (a prorated sum).
//! - A bank with a category rule gets the instrument's own category
//!   ([`crate::scoring::category`]) beside the style.
//! - Banks with targets are scored per target; a target marked "does not
//!   apply" is skipped. The overall score of a dimension is the mean of the
//!   targets that have a score (see [`Scorer::score`]).
//!
//! Quality flags are in [`crate::scoring::quality`].

use std::collections::BTreeMap;

use crate::answers::{Answer, AnswerSet};
use crate::bank::{Bank, CategoryRuleId, ItemKind, Prototype, ANXIETY, AVOIDANCE};
use crate::scoring::classify;
use crate::scoring::quality::{self, Consistency, Pattern};
use crate::scoring::result::{DimensionScore, Scores, Style, TargetScore};

mod dims;
mod paragraphs;
mod plan;

use plan::DimPlan;

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.96;

/// A reverse-keyed answer: min + max − r. Applying it twice gives r back.
#[inline]
pub fn reverse(min: i64, max: i64, r: i64) -> i64 {
    min + max - r
}

/// A prototype bank's paragraph ratings, by style (unrated: `None`).
type Ratings = [(Prototype, Option<i64>); 4];

/// A bank prepared for scoring many respondents.
#[derive(Debug, Clone)]
pub struct Scorer<'b> {
    bank: &'b Bank,
    min: i64,
    max: i64,
    half_range: f64,
    layout: crate::bank::SlotLayout,
    dims: Vec<DimPlan<'b>>,
    anxiety: Option<usize>,
    avoidance: Option<usize>,
    /// (style, item index) for each paragraph of a prototype bank.
    prototypes: Vec<(Prototype, usize)>,
    /// Slot of the forced choice.
    forced_choice: Option<usize>,
    /// The instrument's own category rule, if the bank has one.
    category_rule: Option<CategoryRuleId>,
    /// Answer slots holding likert ratings: items × targets.
    likert_questions: usize,
    has_reversed: bool,
    /// The long-string threshold for this bank's question order.
    long_string: usize,
    /// Whether the bank has enough subscales for the even–odd index.
    even_odd: bool,
    /// Words of the question behind each answer key (the too-fast rule).
    words: BTreeMap<String, usize>,
}

impl<'b> Scorer<'b> {
    pub fn new(bank: &'b Bank) -> Self {
        let midpoint = bank.midpoint();
        let dims: Vec<DimPlan<'b>> = bank
            .dimensions
            .iter()
            .map(|dim| plan::plan(bank, dim, midpoint))
            .collect();
        let find = |id: &str| bank.dimensions.iter().position(|d| d.id == id);
        let prototypes = bank
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| match it.kind {
                ItemKind::Prototype { style } => Some((style, i)),
                ItemKind::Likert { .. } => None,
            })
            .collect();
        let n_targets = bank.targets.len().max(1);
        let n_likert = bank
            .items
            .iter()
            .filter(|i| matches!(i.kind, ItemKind::Likert { .. }))
            .count();
        Scorer {
            bank,
            min: bank.scale.min,
            max: bank.scale.max,
            half_range: (bank.scale.max - bank.scale.min) as f64 / 2.0,
            layout: bank.layout(),
            anxiety: find(ANXIETY),
            avoidance: find(AVOIDANCE),
            dims,
            prototypes,
            forced_choice: bank.layout().forced_choice(),
            likert_questions: n_likert * n_targets,
            category_rule: bank.category_rule.as_ref().map(|r| r.id),
            has_reversed: bank
                .items
                .iter()
                .any(|i| matches!(i.kind, ItemKind::Likert { reverse: true, .. })),
            long_string: quality::long_string_threshold(quality::questions::same_keyed_block(bank)),
            words: quality::questions::words(bank),
            even_odd: bank.dimensions.len() * n_targets >= quality::EVEN_ODD_MIN_SUBSCALES,
        }
    }

    /// Scores one respondent. `answers` must have been checked against this
    /// bank (one slot per `Bank::answer_keys()` entry); a short `values`
    /// counts the absent slots as missing.
    ///
    /// In a bank with targets, each applicable target is scored on its own
    /// slots. The overall score of a dimension is the mean of the target
    /// scores that exist (targets with a withheld score are left out);
    /// answered / items / missing are summed over the applicable targets.
    /// The overall interval uses the largest SEM of the targets scored: the
    /// overall mean is usually more precise than that, so the interval (and
    /// the close-to-the-cutoff call) errs on the side of caution.
    pub fn score(&self, answers: &AnswerSet) -> Scores {
        let mut out = self.blank();
        self.score_into(answers, &mut out);
        out
    }

    /// [`Scorer::score`] written over a previous result, reusing its
    /// allocations (ids, labels, vectors, maps): scoring a study row after
    /// row into the same `Scores` allocates nothing in the common case.
    /// `out` may hold anything; a result of another bank is replaced.
    pub fn score_into(&self, answers: &AnswerSet, out: &mut Scores) {
        if !self.fits(out) {
            *out = self.blank();
        }
        let values = answers.values.as_slice();
        let mut consistency = Consistency::new(self.even_odd);
        let mut withheld: Vec<&str> = Vec::new();

        if self.bank.targets.is_empty() {
            self.score_dims(
                values,
                0,
                &mut out.dimensions,
                &mut consistency,
                &mut withheld,
            );
        } else {
            self.score_targets(answers, out, &mut consistency, &mut withheld);
        }

        let mut pattern = Pattern::new();
        for v in &values[..self.likert_questions.min(values.len())] {
            pattern.push(match v {
                Answer::Rating(r) => Some(*r),
                _ => None,
            });
        }

        if self.prototypes.is_empty() {
            self.style_into(&out.dimensions, &mut out.style);
            out.prototype = None;
        } else {
            let (style, extra) = self.prototype_scores(values);
            out.style = style;
            out.prototype = Some(extra);
        }
        self.category_into(values, &out.dimensions, &mut out.category);

        quality::assess_into(
            &quality::Evidence {
                pattern,
                consistency,
                bank_has_reversed: self.has_reversed,
                long_string: self.long_string,
                scale_min: self.min,
                scale_max: self.max,
                withheld: &withheld,
                speed: quality::speed(&answers.timings, &self.words),
            },
            &mut out.quality,
        );
    }

    fn blank_dims(&self) -> Vec<DimensionScore> {
        self.dims
            .iter()
            .map(|plan| DimensionScore {
                id: plan.dim.id.clone(),
                label: plan.dim.label.clone(),
                score: None,
                answered: 0,
                items: 0,
                missing: 0,
                reason: None,
                cutoff: plan.cutoff,
                level: None,
                reliability: None,
                sem: None,
                interval: None,
                close_to_cutoff: None,
                z: None,
                percentile: None,
                percentile_basis: None,
                percentile_sample: None,
                sum: None,
                reference_assumed: plan.assumed,
                sd: plan.sd,
                retest: plan.retest,
            })
            .collect()
    }

    /// The shape of a result of this bank: ids and labels, no numbers.
    fn blank(&self) -> Scores {
        Scores {
            dimensions: self.blank_dims(),
            targets: self
                .bank
                .targets
                .iter()
                .map(|t| TargetScore {
                    id: t.id.clone(),
                    label: t.label.clone(),
                    not_applicable: false,
                    dimensions: self.blank_dims(),
                    style: None,
                })
                .collect(),
            style: None,
            prototype: None,
            category: None,
            quality: Vec::new(),
        }
    }

    /// Whether `out` has this bank's shape (so it can be written over).
    fn fits(&self, out: &Scores) -> bool {
        let dims_fit = |d: &[DimensionScore]| {
            d.len() == self.dims.len() && d.iter().zip(&self.dims).all(|(d, p)| d.id == p.dim.id)
        };
        dims_fit(&out.dimensions)
            && out.targets.len() == self.bank.targets.len()
            && out
                .targets
                .iter()
                .zip(&self.bank.targets)
                .all(|(t, b)| t.id == b.id && dims_fit(&t.dimensions))
    }

    fn style_into(&self, dims: &[DimensionScore], out: &mut Option<Style>) {
        match (self.anxiety, self.avoidance) {
            (Some(a), Some(v)) => {
                classify::dimensional_style_into(&dims[a], &dims[v], self.half_range, out);
            }
            _ => *out = None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverse_is_an_involution() {
        assert_eq!(reverse(1, 7, 2), 6);
        assert_eq!(reverse(0, 4, 4), 0);
        assert_eq!(reverse(1, 7, reverse(1, 7, 5)), 5);
    }
}
