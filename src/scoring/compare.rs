//! Comparing two administrations of the same questionnaire with the
//! reliable change index (Jacobson & Truax, 1991):
//! RCI = (x2 − x1) / (√2 · SEM); the change is reliable when |RCI| > 1.96,
//! i.e. larger than the questionnaire's measurement error would produce
//! 95% of the time. Pure: two results in, a comparison out.

use serde::Serialize;

use crate::scoring::result::{DimensionScore, ResultDoc, StyleId};

/// |RCI| above this is a reliable change (two-sided 5%).
pub const RCI_CRITICAL: f64 = 1.96;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub bank: String,
    /// Set when the two results come from different versions of the bank.
    pub versions: Option<[String; 2]>,
    pub style_before: Option<StyleId>,
    pub style_after: Option<StyleId>,
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
    /// The SEM used: the earlier result's, else the later one's.
    pub sem: Option<f64>,
    pub rci: Option<f64>,
    pub reliable: Option<bool>,
    /// The change in plain words, or why it could not be judged.
    pub verdict: String,
}

/// The two results come from different questionnaires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankMismatch {
    pub before: String,
    pub after: String,
}

/// The reliable change index, `(after − before) / (√2 · sem)`.
pub fn rci(before: f64, after: f64, sem: f64) -> f64 {
    (after - before) / (std::f64::consts::SQRT_2 * sem)
}

/// Compares every dimension the two results share (in the earlier
/// result's order).
pub fn compare(before: &ResultDoc, after: &ResultDoc) -> Result<Comparison, BankMismatch> {
    if before.bank.id != after.bank.id {
        return Err(BankMismatch {
            before: before.bank.id.clone(),
            after: after.bank.id.clone(),
        });
    }
    let targets = before
        .targets
        .iter()
        .filter_map(|t1| {
            let t2 = after.targets.iter().find(|t| t.id == t1.id)?;
            Some(TargetChange {
                id: t1.id.clone(),
                label: t1.label.clone(),
                dimensions: dimension_changes(&t1.dimensions, &t2.dimensions),
            })
        })
        .collect();
    Ok(Comparison {
        bank: before.bank.id.clone(),
        versions: (before.bank.version != after.bank.version)
            .then(|| [before.bank.version.clone(), after.bank.version.clone()]),
        style_before: before.style.as_ref().map(|s| s.id),
        style_after: after.style.as_ref().map(|s| s.id),
        dimensions: dimension_changes(&before.dimensions, &after.dimensions),
        targets,
    })
}

/// Every dimension present in both lists, in the earlier one's order.
fn dimension_changes(before: &[DimensionScore], after: &[DimensionScore]) -> Vec<DimensionChange> {
    before
        .iter()
        .filter_map(|d1| {
            let d2 = after.iter().find(|d| d.id == d1.id)?;
            let sem = d1.sem.or(d2.sem).filter(|s| *s > 0.0);
            let (verdict, difference, rci_v) = match (d1.score, d2.score) {
                (Some(x1), Some(x2)) => {
                    let diff = x2 - x1;
                    match sem {
                        Some(sem) => {
                            let r = rci(x1, x2, sem);
                            (verdict(diff, r), Some(diff), Some(r))
                        }
                        None => (
                            "not judged: the questionnaire gives no measurement error (SEM) for this dimension, so a reliable change cannot be computed".to_string(),
                            Some(diff),
                            None,
                        ),
                    }
                }
                (None, _) => ("not compared: no score in the earlier result".into(), None, None),
                (_, None) => ("not compared: no score in the later result".into(), None, None),
            };
            Some(DimensionChange {
                id: d1.id.clone(),
                label: d1.label.clone(),
                before: d1.score,
                after: d2.score,
                difference,
                sem,
                rci: rci_v,
                reliable: rci_v.map(|r| r.abs() > RCI_CRITICAL),
                verdict,
            })
        })
        .collect()
}

fn verdict(diff: f64, rci: f64) -> String {
    let direction = if diff > 0.0 { "higher" } else { "lower" };
    if diff == 0.0 {
        "no change".into()
    } else if rci.abs() > RCI_CRITICAL {
        format!("{direction}: a change larger than the questionnaire's measurement error")
    } else {
        format!("slightly {direction}, but within measurement error")
    }
}
