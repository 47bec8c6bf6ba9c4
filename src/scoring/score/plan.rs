//! A dimension prepared for scoring: resolved once per bank, so scoring a
//! respondent only walks arrays.

use crate::bank::{Bank, Dimension, ItemKind, Percentiles};
use crate::scoring::stats::spearman_brown;

/// What the scorer needs of one dimension, resolved once.
#[derive(Debug, Clone)]
pub(super) struct DimPlan<'b> {
    pub(super) dim: &'b Dimension,
    /// (item index in the bank, reverse-keyed), in bank order.
    pub(super) items: Vec<(usize, bool)>,
    /// The same item indices in four lists: forward odd-numbered, forward
    /// even-numbered, reversed odd-numbered, reversed even-numbered (the
    /// halves of the even–odd index), so the tally runs without branches.
    pub(super) groups: [Vec<usize>; 4],
    pub(super) cutoff: f64,
    pub(super) budget: usize,
    /// (reliability, SEM) by the number of items answered (index 0..=n),
    /// where the dimension has reference values: Spearman–Brown once per
    /// bank, not per respondent.
    pub(super) precision: Vec<(f64, f64)>,
    /// (mean, sd), where the reference has a mean.
    pub(super) norm: Option<(f64, f64)>,
    pub(super) sd: Option<f64>,
    pub(super) retest: Option<f64>,
    /// A named sample's percentile table, preferred to the normal curve.
    pub(super) table: Option<&'b Percentiles>,
    /// Who a percentile compares with: the table's sample, else the
    /// reference's source.
    pub(super) sample: Option<&'b str>,
    pub(super) assumed: Option<bool>,
    /// Also report the (prorated) item sum.
    pub(super) sum: bool,
}

impl DimPlan<'_> {
    /// (reliability, SEM) for a score from `answered` items.
    pub(super) fn precision(&self, answered: usize) -> Option<(f64, f64)> {
        self.precision.get(answered).copied()
    }
}

/// What the scorer needs of one dimension: its items by keying, its
/// cutoff and missing-data budget, and its precision for each number of
/// items answered (Spearman–Brown, once per bank).
pub(super) fn plan<'b>(bank: &'b Bank, dim: &'b Dimension, midpoint: f64) -> DimPlan<'b> {
    let items: Vec<(usize, bool)> = bank
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| match &it.kind {
            ItemKind::Likert { dimension, reverse } if *dimension == dim.id => Some((i, *reverse)),
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
}
