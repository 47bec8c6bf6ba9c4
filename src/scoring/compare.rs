//! Comparing two administrations of the same questionnaire with the
//! reliable change index (Jacobson & Truax, 1991):
//! RCI = (x2 − x1) / (√2 · SEM); the change is reliable when |RCI| > 1.96,
//! i.e. larger than the questionnaire's measurement error would produce
//! 95 % of the time. The smallest reliable change is 1.96 · √2 · SEM.
//!
//! Which reliability gives the SEM: Jacobson & Truax use test–retest
//! reliability, since internal consistency (alpha) ignores how much a score
//! moves from day to day. By default ([`Reliability::Auto`]) the bank's
//! test–retest value is used where the results carry one, else alpha; a
//! caller may insist on either or give its own value. Every reliability is
//! adjusted by Spearman–Brown to the items the earlier result answered, and
//! the comparison says which one it used. Pure: two results in, ids and
//! numbers out.

use serde::Serialize;

use crate::scoring::result::{DimensionScore, PrototypeScores, ResultDoc, Style};
use crate::scoring::stats::spearman_brown;

/// |RCI| above this is a reliable change (two-sided 5%).
pub const RCI_CRITICAL: f64 = 1.96;

/// Which reliability to turn into the SEM of the change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reliability {
    /// Test–retest where the results carry it, else alpha.
    Auto,
    Alpha,
    Retest,
    /// A reliability the caller gives (e.g. a published retest value).
    Given(f64),
}

/// The reliability a dimension's SEM came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReliabilityUsed {
    Alpha,
    Retest,
    Given,
}

/// What a dimension's change means, as an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    NoChange,
    /// Higher by more than measurement error.
    ReliablyHigher,
    ReliablyLower,
    /// Not distinguishable from measurement error.
    WithinError,
    /// No SEM: the change cannot be judged.
    NoSem,
    NoScoreBefore,
    NoScoreAfter,
}

/// How the style moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StyleChange {
    Same,
    /// It moved, and at least one dimension changed reliably.
    Moved,
    /// It moved, but no dimension changed by more than measurement error.
    MovedWithinError,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub bank: String,
    /// Set when the two results come from different versions of the bank.
    pub versions: Option<[String; 2]>,
    pub style_before: Option<Style>,
    pub style_after: Option<Style>,
    pub style_change: StyleChange,
    /// A paragraph bank's answers, before and after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prototype_before: Option<PrototypeScores>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prototype_after: Option<PrototypeScores>,
    pub dimensions: Vec<DimensionChange>,
    /// Per relationship, for banks that ask about several people.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<TargetChange>,
}

/// The changes for one relationship of a target bank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetChange {
    pub id: String,
    pub label: String,
    pub dimensions: Vec<DimensionChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionChange {
    pub id: String,
    pub label: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// after − before.
    pub difference: Option<f64>,
    /// Which reliability gave the SEM, and its value after Spearman–Brown.
    pub reliability_used: Option<ReliabilityUsed>,
    pub reliability: Option<f64>,
    pub sem: Option<f64>,
    /// The values were assumed (borrowed), not measured on this bank.
    pub reference_assumed: Option<bool>,
    /// 1.96 · √2 · SEM: the smallest change that counts as reliable.
    pub smallest_reliable_change: Option<f64>,
    pub rci: Option<f64>,
    pub reliable: Option<bool>,
    pub verdict: Verdict,
}

/// Why two results cannot be compared.
#[derive(Debug, Clone, PartialEq)]
pub enum CompareError {
    /// They come from different questionnaires.
    BankMismatch { before: String, after: String },
    /// The reliability asked for is not available for a dimension.
    NoReliability {
        dimension: String,
        wanted: Reliability,
    },
}

/// The reliable change index, `(after − before) / (√2 · sem)`.
pub fn rci(before: f64, after: f64, sem: f64) -> f64 {
    (after - before) / (std::f64::consts::SQRT_2 * sem)
}

/// The smallest change that counts as reliable with this SEM.
pub fn smallest_reliable_change(sem: f64) -> f64 {
    RCI_CRITICAL * std::f64::consts::SQRT_2 * sem
}

/// The SEM of a dimension's change: (which, reliability, SEM), from the
/// earlier result's dimension `d` (or, where it has nothing, the later
/// one's `d2`). `Ok(None)`: no SEM can be given with `Auto`.
fn sem_for(
    d: &DimensionScore,
    d2: &DimensionScore,
    wanted: Reliability,
) -> Result<Option<(ReliabilityUsed, f64, f64)>, CompareError> {
    let missing = || CompareError::NoReliability {
        dimension: d.id.clone(),
        wanted,
    };
    // A reliability r of the full scale, adjusted to the items answered.
    let from = |src: &DimensionScore, r: f64| {
        let k = src.answered as f64 / src.items.max(1) as f64;
        let adj = spearman_brown(r, k);
        src.sd.map(|sd| (adj, sd * (1.0 - adj).max(0.0).sqrt()))
    };
    let alpha = || {
        [d, d2]
            .into_iter()
            .find_map(|x| {
                Some((
                    x.reliability.unwrap_or(f64::NAN),
                    x.sem.filter(|s| *s > 0.0)?,
                ))
            })
            .map(|(r, s)| (ReliabilityUsed::Alpha, r, s))
    };
    let retest = || {
        [d, d2]
            .into_iter()
            .find_map(|x| from(x, x.retest?))
            .map(|(r, s)| (ReliabilityUsed::Retest, r, s))
    };
    Ok(match wanted {
        Reliability::Auto => retest().or_else(alpha),
        Reliability::Alpha => Some(alpha().ok_or_else(missing)?),
        Reliability::Retest => Some(retest().ok_or_else(missing)?),
        Reliability::Given(r) => {
            let (adj, s) = [d, d2]
                .into_iter()
                .find_map(|x| from(x, r))
                .ok_or_else(missing)?;
            Some((ReliabilityUsed::Given, adj, s))
        }
    })
}

/// Compares every dimension the two results share (in the earlier
/// result's order).
pub fn compare(
    before: &ResultDoc,
    after: &ResultDoc,
    reliability: Reliability,
) -> Result<Comparison, CompareError> {
    if before.bank.id != after.bank.id {
        return Err(CompareError::BankMismatch {
            before: before.bank.id.clone(),
            after: after.bank.id.clone(),
        });
    }
    let mut targets = Vec::new();
    for t1 in &before.targets {
        if let Some(t2) = after.targets.iter().find(|t| t.id == t1.id) {
            targets.push(TargetChange {
                id: t1.id.clone(),
                label: t1.label.clone(),
                dimensions: dimension_changes(&t1.dimensions, &t2.dimensions, reliability)?,
            });
        }
    }
    let dimensions = dimension_changes(&before.dimensions, &after.dimensions, reliability)?;
    let style_of = |s: &ResultDoc| {
        (
            s.style.as_ref().map(|x| (x.id, x.candidates.clone())),
            s.prototype.as_ref().map(|p| p.decision),
        )
    };
    let moved = style_of(before) != style_of(after);
    let any_reliable = dimensions.iter().any(|d| d.reliable == Some(true));
    // "Within error" needs an error to be within: a paragraph bank's
    // ratings (or a bank without reference values) have none.
    let any_judged = dimensions.iter().any(|d| d.rci.is_some());
    Ok(Comparison {
        bank: before.bank.id.clone(),
        versions: (before.bank.version != after.bank.version)
            .then(|| [before.bank.version.clone(), after.bank.version.clone()]),
        style_before: before.style.clone(),
        style_after: after.style.clone(),
        style_change: match (moved, any_reliable, any_judged) {
            (false, _, _) => StyleChange::Same,
            (true, false, true) => StyleChange::MovedWithinError,
            (true, _, _) => StyleChange::Moved,
        },
        prototype_before: before.prototype.clone(),
        prototype_after: after.prototype.clone(),
        dimensions,
        targets,
    })
}

/// Every dimension present in both lists, in the earlier one's order.
fn dimension_changes(
    before: &[DimensionScore],
    after: &[DimensionScore],
    reliability: Reliability,
) -> Result<Vec<DimensionChange>, CompareError> {
    let mut out = Vec::new();
    for d1 in before {
        let Some(d2) = after.iter().find(|d| d.id == d1.id) else {
            continue;
        };
        let scored = d1.score.is_some() && d2.score.is_some();
        let used = if scored {
            sem_for(d1, d2, reliability)?
        } else {
            None
        };
        let sem = used.map(|(_, _, s)| s);
        let difference = d1.score.zip(d2.score).map(|(x1, x2)| x2 - x1);
        let rci_v = d1
            .score
            .zip(d2.score)
            .zip(sem)
            .map(|((x1, x2), s)| rci(x1, x2, s));
        let verdict = match (d1.score, d2.score, rci_v) {
            (None, _, _) => Verdict::NoScoreBefore,
            (_, None, _) => Verdict::NoScoreAfter,
            _ if difference == Some(0.0) => Verdict::NoChange,
            (_, _, None) => Verdict::NoSem,
            (_, _, Some(r)) if r.abs() > RCI_CRITICAL => {
                if r > 0.0 {
                    Verdict::ReliablyHigher
                } else {
                    Verdict::ReliablyLower
                }
            }
            _ => Verdict::WithinError,
        };
        out.push(DimensionChange {
            id: d1.id.clone(),
            label: d1.label.clone(),
            before: d1.score,
            after: d2.score,
            difference,
            reliability_used: used.map(|(w, _, _)| w),
            reliability: used.map(|(_, r, _)| r).filter(|r| r.is_finite()),
            sem,
            reference_assumed: d1.reference_assumed.or(d2.reference_assumed),
            smallest_reliable_change: sem.map(smallest_reliable_change),
            rci: rci_v,
            reliable: rci_v.map(|r| r.abs() > RCI_CRITICAL),
            verdict,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smallest_reliable_change_is_the_rci_threshold() {
        // SEM 0.5: 1.96 · √2 · 0.5 = 1.385929…
        let c = smallest_reliable_change(0.5);
        assert!((c - 1.385_929_291_125_633).abs() < 1e-12, "{c}");
        assert!((rci(0.0, c, 0.5) - RCI_CRITICAL).abs() < 1e-12);
    }
}
