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
use crate::bank::{
    Bank, CategoryRuleId, Dimension, ItemKind, Percentiles, Prototype, ANXIETY, AVOIDANCE, CLOSE,
    DEPEND,
};
use crate::scoring::category::{self, CategoryResult};
use crate::scoring::classify;
use crate::scoring::quality::{self, Consistency, Pattern, Subscale};
use crate::scoring::result::{
    DimensionScore, Level, PercentileBasis, PrototypeScores, Scores, Style, TargetScore, Withheld,
};
use crate::scoring::stats::{normal_cdf, spearman_brown};

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.96;

/// A reverse-keyed answer: min + max − r. Applying it twice gives r back.
#[inline]
pub fn reverse(min: i64, max: i64, r: i64) -> i64 {
    min + max - r
}

/// What the scorer needs of one dimension, resolved once.
#[derive(Debug, Clone)]
struct DimPlan<'b> {
    dim: &'b Dimension,
    /// (item index in the bank, reverse-keyed), in bank order.
    items: Vec<(usize, bool)>,
    /// The same item indices in four lists: forward odd-numbered, forward
    /// even-numbered, reversed odd-numbered, reversed even-numbered (the
    /// halves of the even–odd index), so the tally runs without branches.
    groups: [Vec<usize>; 4],
    cutoff: f64,
    budget: usize,
    /// (reliability, SEM) by the number of items answered (index 0..=n),
    /// where the dimension has reference values: Spearman–Brown once per
    /// bank, not per respondent.
    precision: Vec<(f64, f64)>,
    /// (mean, sd), where the reference has a mean.
    norm: Option<(f64, f64)>,
    sd: Option<f64>,
    retest: Option<f64>,
    /// A named sample's percentile table, preferred to the normal curve.
    table: Option<&'b Percentiles>,
    /// Who a percentile compares with: the table's sample, else the
    /// reference's source.
    sample: Option<&'b str>,
    assumed: Option<bool>,
    /// Also report the (prorated) item sum.
    sum: bool,
}

impl DimPlan<'_> {
    /// (reliability, SEM) for a score from `answered` items.
    fn precision(&self, answered: usize) -> Option<(f64, f64)> {
        self.precision.get(answered).copied()
    }
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
            .map(|dim| {
                let items: Vec<(usize, bool)> = bank
                    .items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, it)| match &it.kind {
                        ItemKind::Likert { dimension, reverse } if *dimension == dim.id => {
                            Some((i, *reverse))
                        }
                        _ => None,
                    })
                    .collect();
                let reference = dim.reference.as_ref();
                let n = items.len();
                let precision = reference.map_or_else(Vec::new, |r| {
                    (0..=n)
                        .map(|k| {
                            let rel = spearman_brown(r.alpha, k as f64 / n.max(1) as f64);
                            (rel, r.sd * (1.0 - rel).max(0.0).sqrt())
                        })
                        .collect()
                });
                let mut groups: [Vec<usize>; 4] = Default::default();
                for (k, &(i, rev)) in items.iter().enumerate() {
                    groups[2 * usize::from(rev) + k % 2].push(i);
                }
                DimPlan {
                    groups,
                    dim,
                    budget: dim.missing_budget(n),
                    items,
                    cutoff: dim.cutoff_or(midpoint),
                    precision,
                    norm: reference.and_then(|r| r.mean.map(|m| (m, r.sd))),
                    sd: reference.map(|r| r.sd),
                    retest: reference.and_then(|r| r.retest),
                    table: reference.and_then(|r| r.percentiles.as_ref()),
                    sample: reference.map(|r| match &r.percentiles {
                        Some(t) => t.sample.as_str(),
                        None => r.sample.as_deref().unwrap_or(&r.source),
                    }),
                    assumed: reference.map(|r| r.assumed),
                    sum: dim.sum,
                }
            })
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

    fn tally(&self, plan: &DimPlan<'_>, values: &[Answer], base: usize) -> Subscale {
        let mut t = Subscale::default();
        let c = self.min + self.max;
        for (g, slots) in plan.groups.iter().enumerate() {
            let (mut sum, mut sum_sq, mut n) = (0i64, 0i64, 0usize);
            for &i in slots {
                if let Some(Answer::Rating(r)) = values.get(base + i) {
                    sum += *r;
                    sum_sq += r * r;
                    n += 1;
                }
            }
            let ni = n as i64;
            // Keyed: r, or c − r (whose square sums to n·c² − 2c·Σr + Σr²).
            let (keyed, keyed_sq) = if g >= 2 {
                t.reversed_raw_sum += sum;
                t.reversed_n += n;
                (ni * c - sum, ni * c * c - 2 * c * sum + sum_sq)
            } else {
                t.forward_sum += sum;
                t.forward_n += n;
                (sum, sum_sq)
            };
            t.answered += n;
            t.sum += keyed;
            t.sum_sq += keyed_sq;
            t.half_sum[g % 2] += keyed;
            t.half_n[g % 2] += n;
        }
        t
    }

    /// Every dimension on the slots starting at `base` (one target).
    fn score_dims(
        &self,
        values: &[Answer],
        base: usize,
        out: &mut [DimensionScore],
        consistency: &mut Consistency,
        withheld: &mut Vec<&'b str>,
    ) {
        let mid = (self.min + self.max) as f64 / 2.0;
        for (plan, d) in self.dims.iter().zip(out) {
            let t = self.tally(plan, values, base);
            let n = plan.items.len();
            let missing = n - t.answered;
            consistency.add(&t, mid);
            if missing > plan.budget || t.answered == 0 {
                withheld.push(&plan.dim.id);
                d.reason = Some(Withheld::TooManyMissing {
                    allowed: plan.budget,
                });
                set_numbers(plan, d, None, Counts::new(t.answered, n, missing), None);
            } else {
                d.reason = None;
                set_numbers(
                    plan,
                    d,
                    Some(t.sum as f64 / t.answered as f64),
                    Counts::new(t.answered, n, missing),
                    plan.precision(t.answered),
                );
            }
        }
    }

    fn score_targets(
        &self,
        answers: &AnswerSet,
        out: &mut Scores,
        consistency: &mut Consistency,
        withheld: &mut Vec<&'b str>,
    ) {
        let values = answers.values.as_slice();
        for (ti, t) in out.targets.iter_mut().enumerate() {
            let na = answers.not_applicable.get(ti).copied().unwrap_or(false);
            t.not_applicable = na;
            if na {
                for (plan, d) in self.dims.iter().zip(&mut t.dimensions) {
                    let n = plan.items.len();
                    d.reason = Some(Withheld::DoesNotApply);
                    set_numbers(plan, d, None, Counts::new(0, n, n), None);
                }
                t.style = None;
            } else {
                let base = self.layout.slot(ti, 0);
                self.score_dims(values, base, &mut t.dimensions, consistency, withheld);
                self.style_into(&t.dimensions, &mut t.style);
            }
        }

        for (di, (plan, d)) in self.dims.iter().zip(&mut out.dimensions).enumerate() {
            let (mut sum, mut scored) = (0.0, 0usize);
            let (mut answered, mut items, mut missing) = (0, 0, 0);
            // The least precise target's (reliability, SEM): cautious.
            let mut precision: Option<(f64, f64)> = None;
            for t in out.targets.iter().filter(|t| !t.not_applicable) {
                let td = &t.dimensions[di];
                answered += td.answered;
                items += td.items;
                missing += td.missing;
                if let Some(s) = td.score {
                    sum += s;
                    scored += 1;
                    if let (Some(rel), Some(sem)) = (td.reliability, td.sem) {
                        if precision.is_none_or(|(_, p)| sem > p) {
                            precision = Some((rel, sem));
                        }
                    }
                }
            }
            let score = if scored > 0 {
                d.reason = None;
                Some(sum / scored as f64)
            } else {
                d.reason = Some(if items == 0 {
                    Withheld::AllNotApplicable
                } else {
                    Withheld::NoTargetScored
                });
                None
            };
            set_numbers(
                plan,
                d,
                score,
                Counts::new(answered, items, missing),
                precision,
            );
        }
    }

    /// The instrument's own category (see [`crate::scoring::category`]),
    /// with the bank's caution (its text kept when `out` already holds it).
    fn category_into(
        &self,
        values: &[Answer],
        dims: &[DimensionScore],
        out: &mut Option<CategoryResult>,
    ) {
        let (Some(id), Some(rule)) = (self.category_rule, &self.bank.category_rule) else {
            *out = None;
            return;
        };
        let mut fresh = self.category(id, values, dims);
        fresh.caution = out
            .take()
            .map(|c| c.caution)
            .filter(|c| *c == rule.caution)
            .unwrap_or_else(|| rule.caution.clone());
        *out = Some(fresh);
    }

    fn category(
        &self,
        id: CategoryRuleId,
        values: &[Answer],
        dims: &[DimensionScore],
    ) -> CategoryResult {
        match id {
            CategoryRuleId::HighestRating => {
                let (ratings, n, choice) = self.ratings(values);
                category::highest_rating(&ratings[..n], choice)
            }
            CategoryRuleId::CloseDependAnxiety => {
                let score = |id: &str| dims.iter().find(|d| d.id == id).and_then(|d| d.score);
                category::close_depend_anxiety(
                    score(CLOSE),
                    score(DEPEND),
                    score(ANXIETY),
                    self.bank.midpoint(),
                )
            }
        }
    }

    fn prototype_scores(&self, values: &[Answer]) -> (Option<Style>, PrototypeScores) {
        let (ratings, n, choice) = self.ratings(values);
        classify::prototype_style(&ratings[..n], choice, self.bank.midpoint())
    }

    /// The paragraph ratings (the first `n` entries) and the forced choice.
    fn ratings(&self, values: &[Answer]) -> (Ratings, usize, Option<Prototype>) {
        let mut ratings = [(Prototype::Secure, None); 4];
        let n = self.prototypes.len().min(4);
        for (slot, &(p, i)) in ratings.iter_mut().zip(&self.prototypes) {
            *slot = (
                p,
                match values.get(i) {
                    Some(Answer::Rating(r)) => Some(*r),
                    _ => None,
                },
            );
        }
        let choice = match self.forced_choice.and_then(|s| values.get(s)) {
            Some(Answer::Choice(id)) => self
                .prototypes
                .iter()
                .find(|(_, i)| self.bank.items[*i].id == *id)
                .map(|(p, _)| *p),
            _ => None,
        };
        (ratings, n, choice)
    }
}

/// Answered, items and missing of one dimension score.
#[derive(Debug, Clone, Copy)]
struct Counts {
    answered: usize,
    items: usize,
    missing: usize,
}

impl Counts {
    fn new(answered: usize, items: usize, missing: usize) -> Self {
        Counts {
            answered,
            items,
            missing,
        }
    }
}

/// Fills a dimension score's numbers and everything that follows from
/// them: level, reliability, SEM, interval, close to the cutoff, z and
/// percentile. `precision` is the (reliability, SEM) for this score.
/// (`reason` is set by the caller.)
fn set_numbers(
    plan: &DimPlan<'_>,
    d: &mut DimensionScore,
    score: Option<f64>,
    counts: Counts,
    precision: Option<(f64, f64)>,
) {
    let precision = score.and(precision);
    let interval = match (score, precision) {
        (Some(s), Some((_, sem))) => Some([s - Z95 * sem, s + Z95 * sem]),
        _ => None,
    };
    let z = match (score, plan.norm) {
        (Some(s), Some((mean, sd))) => Some((s - mean) / sd),
        _ => None,
    };
    let level = score.map(|s| classify::level(s, plan.cutoff));
    d.score = score;
    d.answered = counts.answered;
    d.items = counts.items;
    d.missing = counts.missing;
    d.cutoff = plan.cutoff;
    d.level = level;
    d.reliability = precision.map(|(r, _)| r);
    d.sem = precision.map(|(_, sem)| sem);
    d.interval = interval;
    d.close_to_cutoff = match (level, interval) {
        (Some(Level::AtCutoff), _) => Some(true),
        (Some(_), Some([lo, hi])) => Some(lo <= plan.cutoff && plan.cutoff <= hi),
        (None | Some(_), _) => None,
    };
    d.z = z;
    (d.percentile, d.percentile_basis) = match (score, plan.table, z) {
        (Some(s), Some(t), _) => (Some(t.at(s)), Some(PercentileBasis::SampleTable)),
        (_, _, Some(z)) => (
            Some(100.0 * normal_cdf(z)),
            Some(PercentileBasis::NormalApproximation),
        ),
        _ => (None, None),
    };
    match (d.percentile, plan.sample) {
        (Some(_), Some(sample)) => {
            if d.percentile_sample.as_deref() != Some(sample) {
                d.percentile_sample = Some(sample.to_string());
            }
        }
        _ => d.percentile_sample = None,
    }
    d.sum = score
        .filter(|_| plan.sum)
        .map(|s| s * plan.items.len() as f64);
    d.reference_assumed = plan.assumed;
    d.sd = plan.sd;
    d.retest = plan.retest;
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
