//! Recipes: how to score a published questionnaire, without its words.
//!
//! A recipe holds the facts about one instrument (item numbering, the
//! dimensions and their items, reverse keys, the response scale, the
//! scoring rule, published reliabilities, norms where a named sample
//! supports them, the use terms, a category rule where the instrument has
//! one) and the source and confidence of each fact. It never holds item
//! wording: that is the authors' expression, and the user brings their own
//! licensed copy ([`super::texts`]). [`build`] joins the two into an
//! ordinary bank file.
//!
//! Recipes are data (`questionnaires/recipes/*.json`), embedded in the
//! binary like the built-in banks and validated by [`parse`] with the same
//! `file:line:column` diagnostics; `questionnaires/recipe-schema.json`
//! documents the format and a test keeps it in step with the parser.

mod build;
mod parse;
mod parse_facts;
mod rules;

use std::path::Path;

use serde::Serialize;

pub use build::{build, Options};
pub use parse::{
    parse, DIMENSION_KEYS, ITEMS_KEYS, KEYING_KEYS, NORMS_KEYS, NORM_VALUES_KEYS, PARAGRAPH_KEYS,
    RELIABILITY_KEYS, RULE_KEYS, SCALE_KEYS, SCORING_KEYS, TOP_KEYS, USE_TERMS_KEYS,
};

use super::model::{ForcedChoice, Prototype, Scale, Target};
use super::CategoryRuleId;
use crate::error::{Error, Result};

/// The recipes shipped with securebase, embedded so the binary works from
/// any directory.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "ecr",
        include_str!("../../../questionnaires/recipes/ecr.json"),
    ),
    (
        "ecr-5pt",
        include_str!("../../../questionnaires/recipes/ecr-5pt.json"),
    ),
    (
        "ecr-r",
        include_str!("../../../questionnaires/recipes/ecr-r.json"),
    ),
    (
        "ecr-s",
        include_str!("../../../questionnaires/recipes/ecr-s.json"),
    ),
    (
        "ecr-12",
        include_str!("../../../questionnaires/recipes/ecr-12.json"),
    ),
    (
        "ecr-rs",
        include_str!("../../../questionnaires/recipes/ecr-rs.json"),
    ),
    (
        "rq",
        include_str!("../../../questionnaires/recipes/rq.json"),
    ),
    (
        "raas",
        include_str!("../../../questionnaires/recipes/raas.json"),
    ),
];

/// How sure we are of a fact (research/instruments.md's tags): high =
/// the authors' own material, two independent sources, or our own
/// reanalysis; medium = one credible source; low = unverified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

impl Confidence {
    pub const ALL: [Confidence; 3] = [Confidence::High, Confidence::Medium, Confidence::Low];

    pub fn id(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }
}

/// Where a fact comes from, and how sure we are of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sourced {
    pub source: String,
    pub confidence: Confidence,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recipe {
    pub id: String,
    pub version: String,
    pub name: String,
    pub abbreviation: String,
    pub citation: String,
    pub use_terms: UseTerms,
    /// Our paraphrase, used unless the user's text file gives the
    /// instrument's own instructions.
    pub instructions: String,
    pub items: Items,
    pub scale: RecipeScale,
    pub scoring: Scoring,
    pub keying: Keying,
    pub dimensions: Vec<RecipeDimension>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paragraphs: Vec<Paragraph>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forced_choice: Option<ForcedChoice>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub norms: Vec<NormSet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_rule: Option<RecipeRule>,
    pub notes: Vec<String>,
}

/// The known use terms, in one honest sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UseTerms {
    pub text: String,
    #[serde(flatten)]
    pub sourced: Sourced,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// Statements rated on the scale, each keyed to one dimension.
    Likert,
    /// Descriptions of the four patterns, each rated (the RQ).
    Paragraph,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Items {
    pub count: usize,
    pub kind: ItemKind,
    /// The instrument's item numbers in asking order (1..=count unless the
    /// recipe says otherwise, e.g. the ECR-12 keeps the ECR's numbers).
    pub numbers: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecipeScale {
    #[serde(flatten)]
    pub scale: Scale,
    #[serde(flatten)]
    pub sourced: Sourced,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ScoringRule {
    /// Mean of a dimension's items after reversal.
    Mean,
    /// Paragraph ratings as given (with derived difference scores).
    Ratings,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scoring {
    pub rule: ScoringRule,
    pub note: Option<String>,
    #[serde(flatten)]
    pub sourced: Sourced,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Keying {
    pub note: Option<String>,
    /// Shown wherever the keys are used when their confidence is below
    /// high: what the user should check against their copy.
    pub check: Option<String>,
    #[serde(flatten)]
    pub sourced: Sourced,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecipeDimension {
    pub id: String,
    pub label: String,
    pub description: String,
    /// Item numbers, in the instrument's numbering.
    pub items: Vec<u32>,
    pub reverse: Vec<u32>,
    /// Report the item sum beside the mean.
    pub sum: bool,
    pub reliability: Option<Reliability>,
}

/// Published reliability of one dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reliability {
    pub alpha: Option<f64>,
    pub retest: Option<f64>,
    pub retest_interval: Option<String>,
    pub note: Option<String>,
    /// Measured on another version of the instrument (e.g. the RAAS' alphas
    /// come from the 1990 AAS): intervals built on it say so.
    pub assumed: bool,
    #[serde(flatten)]
    pub sourced: Sourced,
}

/// One paragraph of a paragraph instrument.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    pub number: u32,
    /// The bank's item id (the published letter, e.g. `a`).
    pub id: String,
    pub style: Prototype,
}

/// Norms from one named sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NormSet {
    pub id: String,
    /// Used when the user does not choose (at most one set).
    pub default: bool,
    pub sample: String,
    pub n: Option<u64>,
    #[serde(flatten)]
    pub sourced: Sourced,
    /// By dimension id, in the recipe's order.
    pub dimensions: Vec<(String, NormValues)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NormValues {
    pub mean: f64,
    pub sd: f64,
    /// Alpha measured in this sample, preferred to the dimension's.
    pub alpha: Option<f64>,
    /// Rows (score, mid-rank percentile) in increasing score.
    pub percentiles: Option<Vec<(f64, f64)>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecipeRule {
    pub id: CategoryRuleId,
    pub caution: String,
    #[serde(flatten)]
    pub sourced: Sourced,
}

impl Recipe {
    pub fn dimension(&self, id: &str) -> Option<&RecipeDimension> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    pub fn norm_set(&self, id: &str) -> Option<&NormSet> {
        self.norms.iter().find(|n| n.id == id)
    }

    /// "Experiences in Close Relationships – Revised (ECR-R)".
    pub fn title(&self) -> String {
        format!("{} ({})", self.name, self.abbreviation)
    }

    /// Longest text a line of the user's file may hold: statements are
    /// short; paragraphs (RQ) are a few sentences.
    pub fn max_text_chars(&self) -> usize {
        match self.items.kind {
            ItemKind::Likert => 500,
            ItemKind::Paragraph => 1500,
        }
    }
}

impl NormSet {
    pub fn values(&self, dimension: &str) -> Option<&NormValues> {
        self.dimensions
            .iter()
            .find(|(d, _)| d == dimension)
            .map(|(_, v)| v)
    }
}

/// A built-in recipe by id. They are checked by a test, so an invalid one
/// is a build defect.
pub fn builtin(id: &str) -> Option<Recipe> {
    let (_, text) = BUILTIN.iter().find(|(r, _)| *r == id)?;
    let recipe = parse(&format!("<built-in recipe {id}>"), text)
        .unwrap_or_else(|d| panic!("built-in recipe {id} is invalid:\n{d}"));
    Some(recipe)
}

/// Every built-in recipe, in the listing order.
pub fn all() -> Vec<Recipe> {
    BUILTIN.iter().filter_map(|(id, _)| builtin(id)).collect()
}

/// Loads and validates a recipe file (a user's own recipe).
pub fn load_path(path: &Path) -> Result<Recipe> {
    let text = crate::fs::read_limited(path)?;
    parse(&path.display().to_string(), &text).map_err(Error::InvalidRecipe)
}

/// What the user typed: a path to a recipe file (anything with a `/` or
/// ending in `.json`), or a built-in recipe's id.
pub fn resolve(name: &str) -> Result<Recipe> {
    let looks_like_path = name.contains(std::path::MAIN_SEPARATOR)
        || name.contains('/')
        || Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if looks_like_path {
        return load_path(Path::new(name));
    }
    builtin(name).ok_or_else(|| Error::UnknownRecipe {
        id: name.to_string(),
        available: BUILTIN.iter().map(|(id, _)| (*id).to_string()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_recipes_are_valid() {
        for (id, text) in BUILTIN {
            let r = parse(id, text).unwrap_or_else(|d| panic!("{d}"));
            assert_eq!(r.id, *id);
        }
    }

    #[test]
    fn every_recipe_builds_a_valid_bank() {
        for r in all() {
            let texts = crate::bank::texts::Texts {
                items: r
                    .items
                    .numbers
                    .iter()
                    .map(|n| (*n, format!("Placeholder statement number {n}.")))
                    .collect(),
                instructions: None,
            };
            let norms = r.norms.first().map(|n| n.id.as_str());
            let opts = Options {
                language: "en",
                norms,
                ..Options::default()
            };
            let v = build(&r, &texts, &opts).unwrap();
            let text = serde_json::to_string_pretty(&v).unwrap();
            let (bank, _) = crate::bank::parse(&r.id, &text).unwrap_or_else(|d| panic!("{d}"));
            assert!(bank.validated);
            assert_eq!(bank.items.len(), r.items.count);
            assert_eq!(bank.provenance.unwrap().recipe, r.id);
        }
    }
}
