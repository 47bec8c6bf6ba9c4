//! The scored result: what `score` prints, `take` saves and `report`,
//! `compare` and `history` read back. Its JSON form is a public format
//! (`securebase.result/1`); fields are added, never renamed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use super::category::CategoryResult;

/// The result format's tag. Defined with the answer readers, which accept a
/// saved result as an answer file.
pub use crate::answers::RESULT_SCHEMA as SCHEMA;

/// The styles a result can name. `Fearful` is the high-anxiety,
/// high-avoidance quadrant; `Disorganized` is only ever named from a bank's
/// own `disorganization` dimension; `Mixed` is a prototype tie nothing broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StyleId {
    Secure,
    Anxious,
    Avoidant,
    Fearful,
    Disorganized,
    Mixed,
}

impl StyleId {
    pub fn id(self) -> &'static str {
        match self {
            StyleId::Secure => "secure",
            StyleId::Anxious => "anxious",
            StyleId::Avoidant => "avoidant",
            StyleId::Fearful => "fearful",
            StyleId::Disorganized => "disorganized",
            StyleId::Mixed => "mixed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BankRef {
    pub id: String,
    pub version: String,
    pub title: String,
    pub validated: bool,
    /// The published instrument's citation (recipe banks), so a result
    /// names what it measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// Where a bank built from a recipe came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::bank::Provenance>,
}

/// One dimension's score, with everything needed to set_numbers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionScore {
    pub id: String,
    pub label: String,
    /// Mean of the answered keyed items after reversal; `None` when too many
    /// items are missing (see `reason`).
    pub score: Option<f64>,
    pub answered: usize,
    pub items: usize,
    pub missing: usize,
    /// Why `score` is null, in words.
    pub reason: Option<String>,
    pub cutoff: f64,
    /// Strictly above the cutoff.
    pub high: Option<bool>,
    /// Standard error of measurement, sd·√(1−alpha), where the bank has reference values.
    pub sem: Option<f64>,
    /// score ± 1.96·SEM.
    pub interval: Option<[f64; 2]>,
    /// The interval contains the cutoff.
    pub borderline: Option<bool>,
    /// Only where the reference has a mean.
    pub z: Option<f64>,
    pub percentile: Option<f64>,
    /// Where `percentile` comes from: a named sample's table, or the normal
    /// approximation from the reference mean and sd.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentile_basis: Option<PercentileBasis>,
    /// Who the percentile compares with: the table's sample, or (normal
    /// approximation) the reference's source. A percentile is never given
    /// without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentile_sample: Option<String>,
    /// The item sum, for dimensions whose instrument reports sums: the mean
    /// × the number of items (prorated when items are missing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sum: Option<f64>,
    /// The reference values are assumed, not measured on this bank.
    pub reference_assumed: Option<bool>,
}

/// How a percentile was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PercentileBasis {
    /// Read from the reference's empirical table (a named sample).
    SampleTable,
    /// 100·Φ((score − mean)/sd): only as good as the normal curve fits.
    NormalApproximation,
}

/// Scores for one relationship target of a target bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetScore {
    pub id: String,
    pub label: String,
    pub not_applicable: bool,
    pub dimensions: Vec<DimensionScore>,
    pub style: Option<Style>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Style {
    pub id: StyleId,
    /// The anxiety × avoidance quadrant, when both scores exist.
    pub quadrant: Option<StyleId>,
    /// Neighbouring styles the result is borderline with.
    pub borderline_with: Vec<StyleId>,
    /// Similarity to each prototype in [−1, 1] (likert banks), or the raw
    /// paragraph ratings (prototype banks). Keys: secure, anxious, avoidant, fearful.
    pub prototypes: BTreeMap<String, f64>,
}

/// Extra scores of a prototype (paragraph) bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrototypeScores {
    pub ratings: BTreeMap<String, Option<i64>>,
    /// The prototype chosen as best fit, if answered.
    pub forced_choice: Option<String>,
    /// (secure + avoidant) − (fearful + anxious); `None` if a rating is missing.
    pub model_of_self: Option<f64>,
    /// (secure + anxious) − (fearful + avoidant).
    pub model_of_other: Option<f64>,
    /// Whether the style came from the highest rating, the forced choice
    /// breaking a tie, or neither (a tie left as mixed).
    pub decided_by: String,
    /// The forced choice named a paragraph other than the highest rated.
    pub choice_disagrees: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityFlag {
    /// straight-lining · long-run · keyed-disagreement · too-many-missing · too-fast
    pub id: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub id: String,
    pub text: String,
}

/// What the pure scoring core computes for one respondent: numbers and
/// categories only, cheap enough to produce a million times.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub dimensions: Vec<DimensionScore>,
    pub targets: Vec<TargetScore>,
    pub style: Option<Style>,
    pub prototype: Option<PrototypeScores>,
    /// The instrument's own category, where the bank has a category rule.
    pub category: Option<CategoryResult>,
    pub quality: Vec<QualityFlag>,
}

/// A scored result document (what `--format json` prints and `take`
/// saves): the scores plus the bank's identity, the answers as given and the
/// explanation. Assembled from [`Scores`] at the output edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultDoc {
    pub schema: String,
    pub bank: BankRef,
    pub respondent: Option<String>,
    /// When the answers were completed (RFC 3339), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    /// The answers as given, in bank order: a saved result is also an
    /// answer file. Values: an integer, null, a chosen item id, or
    /// "not-applicable".
    pub answers: serde_json::Map<String, serde_json::Value>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub timings: BTreeMap<String, f64>,
    pub dimensions: Vec<DimensionScore>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<TargetScore>,
    pub style: Option<Style>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prototype: Option<PrototypeScores>,
    /// The instrument's own category (after the dimensions, with its caution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<CategoryResult>,
    pub quality: Vec<QualityFlag>,
    pub explanation: Explanation,
}

impl ResultDoc {
    /// The full result document for one respondent: the bank's identity,
    /// the answers as given (in bank order: an integer, null or the chosen
    /// item id; a target marked as not applying also gets the key
    /// `"<target>": "not-applicable"` just before its items), the scores and
    /// the explanation (which the text layer writes: see
    /// `text::explain::assemble`).
    pub fn assemble(
        bank: &crate::bank::Bank,
        answers: &crate::answers::AnswerSet,
        scores: Scores,
        completed_at: Option<String>,
        explanation: Explanation,
    ) -> ResultDoc {
        let map = crate::answers::codec::to_map(bank, answers, |_| true);
        ResultDoc {
            schema: SCHEMA.to_string(),
            bank: BankRef {
                id: bank.id.clone(),
                version: bank.version.clone(),
                title: bank.title.clone(),
                validated: bank.validated,
                citation: bank.citation.clone(),
                provenance: bank.provenance.clone(),
            },
            respondent: answers.respondent.clone(),
            completed_at,
            answers: map,
            timings: answers.timings.clone(),
            dimensions: scores.dimensions,
            targets: scores.targets,
            style: scores.style,
            prototype: scores.prototype,
            category: scores.category,
            quality: scores.quality,
            explanation,
        }
    }
}
