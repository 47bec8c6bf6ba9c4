//! The scored result: what `score` prints, `take` saves and `report`,
//! `compare` and `history` read back. Its JSON form is a public format,
//! `securebase.result/2`: ids and numbers only, apart from the explanation
//! the text layer writes into it. Results of the first format
//! (`securebase.result/1`) are still read: see [`crate::scoring::v1`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use super::category::CategoryResult;

/// The result format's tag. Defined with the answer readers, which accept a
/// saved result as an answer file.
pub use crate::answers::RESULT_SCHEMA as SCHEMA;

/// The four styles: the quadrants of anxiety × avoidance, or the four
/// paragraphs of a paragraph bank. `Fearful` is the high-anxiety,
/// high-avoidance quadrant (fearful-avoidant). Disorganization is never a
/// style: where a bank measures it, it is a dimension reported beside the
/// style (README, "How results are computed").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StyleId {
    Secure,
    Anxious,
    Avoidant,
    Fearful,
}

impl StyleId {
    pub const ALL: [StyleId; 4] = [
        StyleId::Secure,
        StyleId::Anxious,
        StyleId::Avoidant,
        StyleId::Fearful,
    ];

    pub fn id(self) -> &'static str {
        match self {
            StyleId::Secure => "secure",
            StyleId::Anxious => "anxious",
            StyleId::Avoidant => "avoidant",
            StyleId::Fearful => "fearful",
        }
    }

    pub fn from_id(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.id() == s)
    }
}

/// Where a score sits against its cutoff. A score exactly at the cutoff is
/// its own level: it is neither side, and the style names both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Low,
    AtCutoff,
    High,
}

/// Why a dimension has no score. The numbers behind `TooManyMissing` are
/// the dimension's own `missing` and `items`, and `allowed` here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "id", rename_all = "kebab-case")]
pub enum Withheld {
    /// More items were missing than the bank allows (`allowed`).
    TooManyMissing { allowed: usize },
    /// The respondent marked this relationship as not applying.
    DoesNotApply,
    /// Overall score of a target bank: every relationship was marked as not applying.
    AllNotApplicable,
    /// Overall score of a target bank: no relationship has enough answers.
    NoTargetScored,
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
    /// Why `score` is null.
    pub reason: Option<Withheld>,
    pub cutoff: f64,
    pub level: Option<Level>,
    /// The reliability behind `sem`: the reference alpha, adjusted by
    /// Spearman–Brown to the items actually answered.
    pub reliability: Option<f64>,
    /// Standard error of measurement, sd·√(1 − reliability).
    pub sem: Option<f64>,
    /// score ± 1.96·SEM, exact: it may run past the scale (human outputs
    /// clamp it and say so).
    pub interval: Option<[f64; 2]>,
    /// At the cutoff, or the interval contains it. `None` when there is no
    /// score, or no interval and the score is off the cutoff.
    pub close_to_cutoff: Option<bool>,
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
    /// The reference standard deviation, which `compare` needs to turn
    /// another reliability (test–retest, or one given) into a SEM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sd: Option<f64>,
    /// The bank's test–retest reliability, where it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retest: Option<f64>,
}

impl DimensionScore {
    /// Whether the score sits exactly at, or close to, its cutoff.
    pub fn is_close(&self) -> bool {
        self.close_to_cutoff == Some(true)
    }
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

/// The style: which of the four fit, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Style {
    /// The one style the result names, when only one fits. `None` when
    /// several fit (see `candidates`) or none does (paragraph banks).
    pub id: Option<StyleId>,
    /// The anxiety × avoidance quadrant the point lies in; `None` when a
    /// score sits exactly on its cutoff, and for paragraph banks.
    pub quadrant: Option<StyleId>,
    /// Every style that fits: the quadrants the 95 % intervals reach (the
    /// point's own first), or the highest-rated paragraphs.
    pub candidates: Vec<StyleId>,
    /// Where the point lies on the plane's two diagonal axes (banks with
    /// anxiety and avoidance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub axes: Option<Axes>,
}

/// The two 45° axes of the anxiety × avoidance plane, each in [−1, 1].
/// With h = (max − min)/2, a = (anxiety − cutoff)/h and v = (avoidance −
/// cutoff)/h (each clamped to [−1, 1]): `secure_fearful` = (a + v)/2 runs
/// from the secure corner (−1) to the fearful one (+1);
/// `dismissing_preoccupied` = (a − v)/2 from dismissing (−1) to
/// preoccupied (+1), Fraley's "deactivating vs hyperactivating". Each is
/// named from its −1 end to its +1 end.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Axes {
    pub secure_fearful: f64,
    pub dismissing_preoccupied: f64,
}

/// How a paragraph bank's style was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// One paragraph rated above the others.
    HighestRating,
    /// A tie at the top, broken by the forced choice (Bartholomew &
    /// Horowitz's own categorical answer).
    ForcedChoice,
    /// A tie at the top that the forced choice did not break.
    Tie,
    /// Every paragraph rated below the scale's midpoint: none fits well.
    NoneFitsWell,
    /// Some ratings missing, but the forced choice answered: the style is
    /// that choice alone.
    ForcedChoiceOnly,
    /// Some ratings missing and no forced choice: no style.
    Incomplete,
}

/// Extra scores of a prototype (paragraph) bank: what the person answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrototypeScores {
    /// The raw rating of each paragraph (keys: secure, anxious, avoidant, fearful).
    pub ratings: BTreeMap<String, Option<i64>>,
    /// The prototype chosen as best fit, if answered.
    pub forced_choice: Option<String>,
    /// (secure + avoidant) − (fearful + anxious); `None` if a rating is missing.
    pub model_of_self: Option<f64>,
    /// (secure + anxious) − (fearful + avoidant).
    pub model_of_other: Option<f64>,
    pub decision: Decision,
    /// The forced choice named a paragraph other than the highest rated.
    pub choice_disagrees: bool,
}

/// A response-quality flag: an id and the figures it was decided on, no
/// words (`text::flags` writes them). Ids: see `scoring::quality::IDS`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityFlag {
    pub id: String,
    /// Named figures, e.g. `{"run": 9, "threshold": 8}`; whole numbers are
    /// written as integers.
    #[serde(default, serialize_with = "whole_numbers_as_integers")]
    pub figures: BTreeMap<String, f64>,
    /// Dimension ids the flag is about (`too-many-missing`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<String>,
    /// A sign of careless answering: the result says so before any style.
    #[serde(default)]
    pub careless: bool,
}

fn whole_numbers_as_integers<S: serde::Serializer>(
    figures: &BTreeMap<String, f64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(figures.len()))?;
    for (k, v) in figures {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            m.serialize_entry(k, &(*v as i64))?;
        } else {
            m.serialize_entry(k, v)?;
        }
    }
    m.end()
}

/// The explanation of a result, written by the text layer: sections with
/// ids, so reports render it without re-parsing text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// What the result says, as an id: a style (`anxious`), `between`,
    /// `close-to-all-four`, `none-fits-well`, or `none`.
    pub id: String,
    pub sections: Vec<Section>,
}

/// One part of an explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub paragraphs: Vec<String>,
    /// A list after the paragraphs (e.g. what can help).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub list: Vec<String>,
    /// Where the section's factual claims come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
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
