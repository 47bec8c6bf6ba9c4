//! The psychometrics of a whole study, streamed: [`Analyzer::push`] takes
//! one respondent's answers and scores at a time and keeps only sums and
//! counts ([`crate::scoring::stats`]), so a study is read once, in memory
//! that grows with the bank, never with the respondents.
//! [`Analyzer::finish`] turns them into the [`Analysis`] document.
//!
//! Items enter the statistics keyed by identity and reversed
//! (min + max − x) exactly as `score` does; a relationship marked "does not
//! apply" contributes nothing to that relationship's scales.

mod document;

use std::collections::BTreeMap;

pub use document::*;

use crate::answers::{Answer, AnswerSet};
use crate::bank::{Bank, ItemKind, ANXIETY, AVOIDANCE};
use crate::scoring::result::{BankRef, DimensionScore, Level, Scores, Style, Withheld};
use crate::scoring::score::reverse;
use crate::scoring::stats::{
    bin, scale_stats, Covariation, Distribution, ItemSums, Missing, ScaleStats,
};

/// Grid points of a histogram at most (one bar per possible score of a
/// short scale; finer would only show the scale's granularity).
const MAX_BARS: usize = 49;
/// Cells per axis of the anxiety × avoidance plane.
pub const PLANE_BINS: usize = 24;

/// One relationship's (or the bank's) dimension with items: the sums
/// alpha and omega need.
struct Scale {
    target: Option<usize>,
    dim: usize,
    /// (answer slot, bank item index, reverse-keyed), in bank order.
    items: Vec<(usize, usize, bool)>,
    sums: ItemSums,
    /// Respondents the scale was asked of (its relationship applied).
    asked: u64,
}

/// The scores of one dimension (overall or one relationship's).
#[derive(Default)]
struct Tally {
    scores: Distribution,
    not_scored: BTreeMap<&'static str, u64>,
    above: u64,
    close: u64,
}

impl Tally {
    fn push(&mut self, d: &DimensionScore) {
        match d.score {
            Some(s) => {
                self.scores.push(s);
                self.above += u64::from(d.level == Some(Level::High));
                self.close += u64::from(d.is_close());
            }
            None => *self.not_scored.entry(withheld_id(d.reason)).or_insert(0) += 1,
        }
    }
}

/// The id of why a score is withheld, as the analysis document names it.
fn withheld_id(reason: Option<Withheld>) -> &'static str {
    match reason {
        Some(Withheld::TooManyMissing { .. }) | None => "too-many-missing",
        Some(Withheld::DoesNotApply) => "does-not-apply",
        Some(Withheld::AllNotApplicable) => "all-not-applicable",
        Some(Withheld::NoTargetScored) => "no-relationship-scored",
    }
}

/// A study being analysed. See the module documentation.
pub struct Analyzer<'b> {
    bank: &'b Bank,
    missing: Missing,
    scales: Vec<Scale>,
    overall: Vec<Tally>,
    /// `[target][dimension]`.
    per_target: Vec<Vec<Tally>>,
    /// (dimension a, dimension b, their overall scores).
    pairs: Vec<(usize, usize, Covariation)>,
    styles: Option<StyleCounts>,
    quality: QualityCounts,
    /// (anxiety index, avoidance index, counts) where both are measured.
    plane: Option<(usize, usize, Vec<u64>)>,
    respondents: u64,
}

impl<'b> Analyzer<'b> {
    pub fn new(bank: &'b Bank, missing: Missing) -> Self {
        let per_target_items = bank.items.len();
        let targets: Vec<Option<usize>> = if bank.targets.is_empty() {
            vec![None]
        } else {
            (0..bank.targets.len()).map(Some).collect()
        };
        let mut scales = Vec::new();
        for &target in &targets {
            for (dim, d) in bank.dimensions.iter().enumerate() {
                let items: Vec<(usize, usize, bool)> = bank
                    .items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, it)| match &it.kind {
                        ItemKind::Likert { dimension, reverse } if *dimension == d.id => {
                            Some((target.unwrap_or(0) * per_target_items + i, i, *reverse))
                        }
                        _ => None,
                    })
                    .collect();
                if !items.is_empty() {
                    scales.push(Scale {
                        target,
                        dim,
                        sums: ItemSums::new(items.len(), missing),
                        items,
                        asked: 0,
                    });
                }
            }
        }
        let n_dims = bank.dimensions.len();
        let find = |id: &str| bank.dimensions.iter().position(|d| d.id == id);
        let pairs = (0..n_dims)
            .flat_map(|a| (a + 1..n_dims).map(move |b| (a, b)))
            .map(|(a, b)| (a, b, Covariation::new(bank.midpoint())))
            .collect();
        let dimensional = find(ANXIETY).is_some() && find(AVOIDANCE).is_some();
        Analyzer {
            bank,
            missing,
            scales,
            overall: (0..n_dims).map(|_| Tally::default()).collect(),
            per_target: bank
                .targets
                .iter()
                .map(|_| (0..n_dims).map(|_| Tally::default()).collect())
                .collect(),
            pairs,
            styles: (dimensional || bank.is_prototype_bank()).then(StyleCounts::default),
            quality: QualityCounts::default(),
            plane: find(ANXIETY)
                .zip(find(AVOIDANCE))
                .map(|(a, v)| (a, v, vec![0; PLANE_BINS * PLANE_BINS])),
            respondents: 0,
        }
    }

    /// Adds one respondent: the answers as read and their scores (from
    /// [`crate::scoring::score::Scorer`] for the same bank).
    pub fn push(&mut self, answers: &AnswerSet, scores: &Scores) {
        self.respondents += 1;
        let (min, max) = (self.bank.scale.min, self.bank.scale.max);
        for scale in &mut self.scales {
            if let Some(t) = scale.target {
                if answers.not_applicable.get(t) == Some(&true) {
                    continue;
                }
            }
            scale.asked += 1;
            let items = &scale.items;
            scale.sums.push_with(|i| {
                let (slot, _, rev) = items[i];
                match answers.values.get(slot) {
                    Some(Answer::Rating(r)) => Some(if rev { reverse(min, max, *r) } else { *r }),
                    _ => None,
                }
            });
        }
        for (tally, d) in self.overall.iter_mut().zip(&scores.dimensions) {
            tally.push(d);
        }
        for (tallies, t) in self.per_target.iter_mut().zip(&scores.targets) {
            for (tally, d) in tallies.iter_mut().zip(&t.dimensions) {
                tally.push(d);
            }
        }
        let dims = &scores.dimensions;
        for (a, b, cov) in &mut self.pairs {
            if let (Some(x), Some(y)) = (dims[*a].score, dims[*b].score) {
                cov.push(x, y);
            }
        }
        if let Some((a, v, counts)) = &mut self.plane {
            if let (Some(x), Some(y)) = (dims[*a].score, dims[*v].score) {
                let (lo, hi) = (min as f64, max as f64);
                counts[bin(x, lo, hi, PLANE_BINS) * PLANE_BINS + bin(y, lo, hi, PLANE_BINS)] += 1;
            }
        }
        if let Some(styles) = &mut self.styles {
            match &scores.style {
                Some(Style { id: Some(id), .. }) => *styles.clear.entry(*id).or_insert(0) += 1,
                Some(s) if s.candidates.len() > 1 => styles.between += 1,
                _ => styles.none += 1,
            }
        }
        if !scores.quality.is_empty() {
            self.quality.respondents_flagged += 1;
            for flag in &scores.quality {
                if let Some(n) = self.quality.flags.get_mut(&flag.id) {
                    *n += 1;
                } else {
                    self.quality.flags.insert(flag.id.clone(), 1);
                }
            }
        }
    }

    /// The scores of dimension `dim` (index in the bank) so far: overall
    /// (`None`) or one relationship's.
    pub fn scores(&self, dim: usize, target: Option<usize>) -> &Distribution {
        match target {
            None => &self.overall[dim].scores,
            Some(t) => &self.per_target[t][dim].scores,
        }
    }

    /// Respondents added so far.
    pub fn respondents(&self) -> u64 {
        self.respondents
    }

    /// The analysis document (`sources` and `skipped` are the caller's to fill in).
    pub fn finish(&self) -> Analysis {
        let bank = self.bank;
        let mut dimensions = Vec::new();
        let targets: Vec<Option<usize>> = std::iter::once(None)
            .chain((0..bank.targets.len()).map(Some))
            .collect();
        for target in targets {
            for (di, d) in bank.dimensions.iter().enumerate() {
                let tally = match target {
                    None => &self.overall[di],
                    Some(t) => &self.per_target[t][di],
                };
                let scale = self
                    .scales
                    .iter()
                    .find(|s| s.dim == di && s.target == target);
                let reliability = scale.map(|s| self.reliability(s));
                // Points a fully answered scale can score on; dense for overall
                // scores of relationship banks (means of several means).
                let points = match (target, bank.targets.is_empty(), scale) {
                    (None, false, _) | (_, _, None) => MAX_BARS,
                    (_, _, Some(s)) => s
                        .items
                        .len()
                        .saturating_mul(self.range())
                        .saturating_add(1)
                        .min(MAX_BARS),
                };
                dimensions.push(DimensionAnalysis {
                    id: d.id.clone(),
                    label: d.label.clone(),
                    target: target.map(|t| bank.targets[t].id.clone()),
                    target_label: target.map(|t| bank.targets[t].label.clone()),
                    scores: self.summary(tally, points),
                    cutoff: CutoffCounts {
                        value: d.cutoff_or(bank.midpoint()),
                        above: tally.above,
                        at_or_close: tally.close,
                    },
                    reliability,
                });
            }
        }
        Analysis {
            schema: SCHEMA,
            bank: BankRef {
                id: bank.id.clone(),
                version: bank.version.clone(),
                title: bank.title.clone(),
                validated: bank.validated,
                citation: bank.citation.clone(),
                provenance: bank.provenance.clone(),
            },
            sources: Vec::new(),
            missing: self.missing,
            respondents: self.respondents,
            skipped: 0,
            dimensions,
            correlations: self
                .pairs
                .iter()
                .map(|(a, b, cov)| Correlation {
                    a: bank.dimensions[*a].id.clone(),
                    b: bank.dimensions[*b].id.clone(),
                    n: cov.n(),
                    r: cov.r(),
                })
                .collect(),
            styles: self.styles.clone(),
            quality: self.quality.clone(),
            plane: self.plane.as_ref().map(|(a, v, counts)| Plane {
                from: bank.scale.min as f64,
                to: bank.scale.max as f64,
                bins: PLANE_BINS,
                counts: counts.chunks(PLANE_BINS).map(<[u64]>::to_vec).collect(),
                anxiety_cutoff: bank.dimensions[*a].cutoff_or(bank.midpoint()),
                avoidance_cutoff: bank.dimensions[*v].cutoff_or(bank.midpoint()),
            }),
        }
    }

    fn range(&self) -> usize {
        (self.bank.scale.max - self.bank.scale.min) as usize
    }

    fn summary(&self, tally: &Tally, points: usize) -> ScoreSummary {
        let s = tally.scores.summary();
        let (from, to) = (self.bank.scale.min as f64, self.bank.scale.max as f64);
        let step = (to - from) / (points - 1) as f64;
        let mut counts = vec![0; points];
        for (v, c) in tally.scores.values() {
            let at = ((v - from) / step + 0.5 + 1e-9).floor().max(0.0) as usize;
            counts[at.min(points - 1)] += c;
        }
        ScoreSummary {
            n: s.n,
            not_scored: tally.not_scored.clone(),
            mean: s.mean,
            sd: s.sd,
            skew: s.skew,
            min: s.min,
            max: s.max,
            histogram: Histogram {
                from,
                to,
                step,
                counts,
            },
        }
    }

    fn reliability(&self, scale: &Scale) -> Reliability {
        let stats: ScaleStats = scale_stats(&scale.sums);
        let key = |i: usize| {
            let item = &self.bank.items[scale.items[i].1].id;
            match scale.target {
                Some(t) => format!("{}.{item}", self.bank.targets[t].id),
                None => item.clone(),
            }
        };
        let mut unavailable = BTreeMap::new();
        let mut why = |name: &'static str, u: &crate::scoring::stats::Unavailable| {
            unavailable.insert(
                name,
                Why {
                    reason: u.id(),
                    items: u.items().into_iter().map(key).collect(),
                },
            );
        };
        let alpha = stats
            .alpha
            .as_ref()
            .map_err(|u| why("alpha", u))
            .ok()
            .copied();
        let std_alpha = stats
            .std_alpha
            .as_ref()
            .map_err(|u| why("std_alpha", u))
            .ok()
            .copied();
        let average_r = stats
            .average_r
            .as_ref()
            .map_err(|u| why("average_r", u))
            .ok()
            .copied();
        let omega = stats.omega.as_ref().map_err(|u| why("omega", u)).ok();
        let item_stats = stats
            .items
            .iter()
            .enumerate()
            .map(|(i, s)| ItemAnalysis {
                id: self.bank.items[scale.items[i].1].id.clone(),
                key: key(i),
                reverse: scale.items[i].2,
                n: s.n,
                missing: (scale.asked > 0).then(|| (scale.asked - s.n) as f64 / scale.asked as f64),
                mean: s.mean,
                sd: s.sd,
                r_drop: s.r_drop,
                alpha_if_dropped: s.alpha_if_dropped,
                loading: omega.map(|o| o.loadings[i]),
            })
            .collect();
        Reliability {
            items: scale.items.len(),
            n: stats.n,
            complete: scale.sums.complete(),
            alpha,
            alpha_ci: stats.alpha_ci,
            std_alpha,
            average_r,
            omega: omega.map(|o| o.omega),
            omega_bounded: omega.is_some_and(|o| o.bounded),
            unavailable,
            item_stats,
        }
    }
}
