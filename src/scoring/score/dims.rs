//! Scoring the dimensions of one respondent: tallies, the missing-data
//! rule, relationships (targets) and the numbers that follow from a score.

use super::{DimPlan, Scorer, Z95};
use crate::answers::{Answer, AnswerSet};
use crate::scoring::classify;
use crate::scoring::quality::{Consistency, Subscale};
use crate::scoring::result::{DimensionScore, Level, PercentileBasis, Scores, Withheld};
use crate::scoring::stats::normal_cdf;

impl<'b> Scorer<'b> {
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
    pub(super) fn score_dims(
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

    pub(super) fn score_targets(
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
}

/// Answered, items and missing of one dimension score.
#[derive(Debug, Clone, Copy)]
pub(super) struct Counts {
    answered: usize,
    items: usize,
    missing: usize,
}

impl Counts {
    pub(super) fn new(answered: usize, items: usize, missing: usize) -> Self {
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
pub(super) fn set_numbers(
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
