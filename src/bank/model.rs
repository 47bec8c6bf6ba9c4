//! The validated, typed form of an item bank. Only `bank::parse` builds these,
//! so every value here has passed validation: scoring code may rely on it.

use std::collections::BTreeMap;

use serde::Serialize;

/// Ids that give a dimension a role in classification. Other ids are scored
/// and reported but play no part in the style.
pub const ANXIETY: &str = "anxiety";
pub const AVOIDANCE: &str = "avoidance";
pub const DISORGANIZATION: &str = "disorganization";
/// The RAAS dimensions its category rule reads (Collins 1996).
pub const CLOSE: &str = "close";
pub const DEPEND: &str = "depend";

/// Default share of a dimension's items that may be missing: prorating the
/// mean when at least 80 % of items are answered is common lab practice for
/// the ECR family, and a reanalysis of the Open Psychometrics ECR data found
/// the error it adds well below one SEM (README, "How results are computed").
pub const DEFAULT_MAX_MISSING: f64 = 0.2;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bank {
    pub id: String,
    pub title: String,
    pub version: String,
    pub language: String,
    pub validated: bool,
    pub citation: Option<String>,
    pub license: String,
    pub notes: String,
    pub instructions: String,
    pub scale: Scale,
    pub dimensions: Vec<Dimension>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    pub items: Vec<Item>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forced_choice: Option<ForcedChoice>,
    /// Where a bank built from a recipe came from (see [`Provenance`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// An instrument's own category rule, reported after the dimensions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_rule: Option<CategoryRule>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scale {
    pub min: i64,
    pub max: i64,
    /// Anchor labels by scale point; not every point needs one.
    pub labels: BTreeMap<i64, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dimension {
    pub id: String,
    pub label: String,
    pub description: String,
    /// A score strictly above this is "high". `None` = the scale midpoint.
    pub cutoff: Option<f64>,
    /// Largest share of items that may be missing. `None` = 0.2.
    pub max_missing: Option<f64>,
    pub reference: Option<Reference>,
    /// Also report the item sum (prorated as mean × items when items are
    /// missing), for instruments whose manuals use sums. Means stay the score.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sum: bool,
}

/// Reference values for measurement error (and, with `mean`, percentiles).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    pub sd: f64,
    pub alpha: f64,
    /// Test–retest reliability, where the source gives one: `compare` uses
    /// it for the reliable change index (Jacobson & Truax, 1991), since
    /// alpha ignores how much a score moves from one day to the next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retest: Option<f64>,
    pub mean: Option<f64>,
    pub n: Option<u64>,
    /// Who `mean` and `sd` describe, in words (shown with a percentile from
    /// the normal approximation); the source is used when it is absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<String>,
    pub source: String,
    /// True when the values are borrowed from a published scale of similar
    /// length rather than measured on this bank's own items.
    pub assumed: bool,
    /// A named sample's empirical percentiles; preferred to the normal
    /// approximation from `mean` and `sd` (skewed scales are far from normal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percentiles: Option<Percentiles>,
    /// Omega total, where the values were measured (`securebase
    /// calibrate`); shown beside alpha, which the intervals use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omega: Option<f64>,
}

/// A named sample's percentile table: rows of (score, mid-rank percentile)
/// in increasing score. A score between two rows is read by linear
/// interpolation; below the first or above the last row, the end row's
/// percentile is given (clamped).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Percentiles {
    /// Who the sample is, in words a reader understands (shown with every
    /// percentile: a percentile means nothing without its sample).
    pub sample: String,
    pub n: u64,
    pub source: String,
    pub table: Vec<(f64, f64)>,
}

impl Percentiles {
    /// The percentile of `score` (validated tables only: at least two rows,
    /// scores strictly increasing).
    pub fn at(&self, score: f64) -> f64 {
        let t = &self.table;
        let (first, last) = (t[0], t[t.len() - 1]);
        if score <= first.0 {
            return first.1;
        }
        if score >= last.0 {
            return last.1;
        }
        // The first row above `score`; the one before it is at or below.
        let i = t.partition_point(|(x, _)| *x <= score);
        let ((x0, p0), (x1, p1)) = (t[i - 1], t[i]);
        p0 + (score - x0) / (x1 - x0) * (p1 - p0)
    }
}

/// Where a bank built from a published instrument's recipe came from: the
/// recipe (keys and facts) and the user's own copy of the item text.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Provenance {
    pub recipe: String,
    pub recipe_version: String,
    /// Who supplied the item wording: always the user for a recipe bank
    /// (securebase ships no published item text).
    pub item_text: String,
}

/// An instrument-specific category rule (shown after the dimensions, never
/// instead of them, with the instrument's own caution).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryRule {
    pub id: CategoryRuleId,
    pub caution: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CategoryRuleId {
    /// The Relationship Questionnaire's rule (Bartholomew & Horowitz 1991):
    /// the highest-rated paragraph; a tie broken by the forced choice, else
    /// no category.
    HighestRating,
    /// Collins' (1996) exploratory rule for the RAAS: Close and Depend
    /// averaged, then crossed with Anxiety at the scale midpoint.
    CloseDependAnxiety,
}

impl CategoryRuleId {
    pub const ALL: [CategoryRuleId; 2] = [
        CategoryRuleId::HighestRating,
        CategoryRuleId::CloseDependAnxiety,
    ];

    pub fn id(self) -> &'static str {
        match self {
            CategoryRuleId::HighestRating => "highest-rating",
            CategoryRuleId::CloseDependAnxiety => "close-depend-anxiety",
        }
    }
}

/// A relationship the same items are asked about (ECR-RS style).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub id: String,
    pub label: String,
    pub intro: String,
    /// Whether the respondent may say this relationship does not apply to them.
    pub allow_not_applicable: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub id: String,
    pub text: String,
    #[serde(flatten)]
    pub kind: ItemKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ItemKind {
    Likert { dimension: String, reverse: bool },
    Prototype { style: Prototype },
}

/// The four prototypes of Bartholomew's model, as rated in a prototype bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Prototype {
    Secure,
    Anxious,
    Avoidant,
    Fearful,
}

impl Prototype {
    pub const ALL: [Prototype; 4] = [
        Prototype::Secure,
        Prototype::Anxious,
        Prototype::Avoidant,
        Prototype::Fearful,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Prototype::Secure => "secure",
            Prototype::Anxious => "anxious",
            Prototype::Avoidant => "avoidant",
            Prototype::Fearful => "fearful",
        }
    }

    pub fn from_id(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.id() == s)
    }
}

/// "Which paragraph fits you best?": answered with a prototype item's id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForcedChoice {
    pub id: String,
    pub text: String,
}

impl Bank {
    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Items keyed to one dimension, in bank order.
    pub fn items_of<'a>(&'a self, dimension: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(
            move |i| matches!(&i.kind, ItemKind::Likert { dimension: d, .. } if d == dimension),
        )
    }

    pub fn is_prototype_bank(&self) -> bool {
        self.items
            .iter()
            .any(|i| matches!(i.kind, ItemKind::Prototype { .. }))
    }

    /// Scale midpoint, the default cutoff.
    pub fn midpoint(&self) -> f64 {
        (self.scale.min + self.scale.max) as f64 / 2.0
    }

    /// Where each answer of this bank lives in an answer set.
    pub fn layout(&self) -> SlotLayout {
        SlotLayout {
            items: self.items.len(),
            targets: self.targets.len().max(1),
            forced_choice: self.forced_choice.is_some(),
        }
    }

    /// The answer keys a complete answer file has, in asking order: items
    /// (per target when the bank has targets), then the forced choice.
    pub fn answer_keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        if self.targets.is_empty() {
            keys.extend(self.items.iter().map(|i| i.id.clone()));
        } else {
            for t in &self.targets {
                keys.extend(self.items.iter().map(|i| format!("{}.{}", t.id, i.id)));
            }
        }
        if let Some(fc) = &self.forced_choice {
            keys.push(fc.id.clone());
        }
        keys
    }

    /// Number of answers a full run asks for.
    pub fn question_count(&self) -> usize {
        self.layout().slots()
    }
}

/// The slots of an answer set: a bank's items asked once per target (once
/// when it has no targets), target after target, then the forced choice.
/// Target `t`'s item `i` is slot `t × items + i`; this is the one place
/// that says so, for the readers, the scorer, the result and the prompts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotLayout {
    items: usize,
    /// At least 1: a bank without targets is laid out as one.
    targets: usize,
    forced_choice: bool,
}

impl SlotLayout {
    /// The slot of `item` (its index in the bank) for target `target`.
    pub fn slot(&self, target: usize, item: usize) -> usize {
        target * self.items + item
    }

    /// The slots of one target's items.
    pub fn target_slots(&self, target: usize) -> std::ops::Range<usize> {
        target * self.items..(target + 1) * self.items
    }

    /// The slot of the forced choice, when the bank has one (the last).
    pub fn forced_choice(&self) -> Option<usize> {
        self.forced_choice.then_some(self.targets * self.items)
    }

    /// Slots holding item answers: items × targets.
    pub fn item_slots(&self) -> usize {
        self.targets * self.items
    }

    /// Every slot, the forced choice included.
    pub fn slots(&self) -> usize {
        self.item_slots() + usize::from(self.forced_choice)
    }

    /// The target a slot belongs to and the item's index in the bank
    /// (`None` for the forced choice).
    pub fn locate(&self, slot: usize) -> Option<(usize, usize)> {
        (slot < self.item_slots() && self.items > 0).then(|| (slot / self.items, slot % self.items))
    }
}

impl Dimension {
    pub fn cutoff_or(&self, midpoint: f64) -> f64 {
        self.cutoff.unwrap_or(midpoint)
    }

    pub fn max_missing(&self) -> f64 {
        self.max_missing.unwrap_or(DEFAULT_MAX_MISSING)
    }

    /// How many of `n` items may be missing before the score is withheld:
    /// floor(max_missing × n), computed with a small tolerance so that
    /// 0.2 × 10 counts as 2, not 1.999….
    pub fn missing_budget(&self, n: usize) -> usize {
        (self.max_missing() * n as f64 + 1e-9).floor() as usize
    }
}

#[cfg(test)]
mod tests {
    use super::Percentiles;

    fn table() -> Percentiles {
        Percentiles {
            sample: "a test sample".into(),
            n: 10,
            source: "made up for the test".into(),
            table: vec![(1.0, 5.0), (2.0, 25.0), (4.0, 75.0)],
        }
    }

    #[test]
    fn percentiles_at_rows_between_them_and_clamped_outside() {
        let t = table();
        assert!((t.at(2.0) - 25.0).abs() < 1e-12);
        // A quarter of the way from 2 (25) to 4 (75): 25 + 0.25 × 50.
        assert!((t.at(2.5) - 37.5).abs() < 1e-12);
        assert!((t.at(1.5) - 15.0).abs() < 1e-12);
        assert!(
            (t.at(0.2) - 5.0).abs() < 1e-12,
            "below the first row: its value"
        );
        assert!(
            (t.at(9.0) - 75.0).abs() < 1e-12,
            "above the last row: its value"
        );
        assert!((t.at(4.0) - 75.0).abs() < 1e-12);
    }
}
