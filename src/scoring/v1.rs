//! Reading result documents of either format: `securebase.result/2` as it
//! is, and the first format, `securebase.result/1`, converted.
//!
//! The conversion keeps every number the old result holds (scores,
//! answered, SEM, interval, z, percentile) and re-reads them under today's
//! rules: levels with "at the cutoff", every quadrant the intervals reach,
//! the two axes instead of four similarities (the old similarities are the
//! axes and their negatives: `fearful` = secure–fearful, `anxious` =
//! dismissing–preoccupied), missing-data reasons as ids, and a paragraph
//! bank's decision from its ratings and forced choice. A v1 "disorganized"
//! or "mixed" style becomes what the dimensions or ratings say. Two things
//! the old format did not keep stay unknown: the reliability behind the SEM
//! (v1's SEM was not adjusted for skipped items) and the scale, which only
//! the "none fits well" rule of paragraph banks needs (see [`upgrade`]).
//! The old explanation's text is kept as paragraphs; readers that show it
//! write a new one (`text::explain`).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::answers::{RESULT_SCHEMA, RESULT_SCHEMA_V1};
use crate::bank::{Prototype, DEFAULT_MAX_MISSING};
use crate::scoring::classify;
use crate::scoring::result::{
    BankRef, CategoryResult, DimensionScore, Explanation, Level, PercentileBasis, PrototypeScores,
    QualityFlag, ResultDoc, Section, Style, TargetScore, Withheld,
};

/// A result document that could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Not JSON, or not the shape of a result.
    Json(serde_json::Error),
    /// A `schema` this version does not read (the tag as found, or `None`).
    Schema(Option<String>),
}

#[derive(Deserialize)]
struct Tag {
    schema: Option<serde_json::Value>,
}

/// Reads a result document of either format. `scale` is the response
/// scale of the bank, where the caller knows it (see [`upgrade`]).
pub fn read(text: &str, scale: Option<(i64, i64)>) -> Result<ResultDoc, ReadError> {
    let tag: Tag = serde_json::from_str(text).map_err(ReadError::Json)?;
    match tag.schema.as_ref().and_then(|v| v.as_str()) {
        Some(s) if s == RESULT_SCHEMA => serde_json::from_str(text).map_err(ReadError::Json),
        Some(s) if s == RESULT_SCHEMA_V1 => {
            let old: ScoredV1 = serde_json::from_str(text).map_err(ReadError::Json)?;
            Ok(upgrade(old, scale))
        }
        Some(other) => Err(ReadError::Schema(Some(other.to_string()))),
        // No tag, or not text: not a result at all; serde says where.
        None => match serde_json::from_str::<ResultDoc>(text) {
            Err(e) => Err(ReadError::Json(e)),
            Ok(_) => Err(ReadError::Schema(None)),
        },
    }
}

/// A `securebase.result/1` document, as written by securebase 0.x.
#[derive(Debug, Clone, Deserialize)]
pub struct ScoredV1 {
    pub bank: BankRef,
    pub respondent: Option<String>,
    #[serde(default)]
    pub completed_at: Option<String>,
    pub answers: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub timings: BTreeMap<String, f64>,
    pub dimensions: Vec<DimensionV1>,
    #[serde(default)]
    pub targets: Vec<TargetV1>,
    pub style: Option<StyleV1>,
    #[serde(default)]
    pub prototype: Option<PrototypeV1>,
    #[serde(default)]
    pub category: Option<CategoryResult>,
    pub quality: Vec<QualityFlag>,
    pub explanation: ExplanationV1,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DimensionV1 {
    pub id: String,
    pub label: String,
    pub score: Option<f64>,
    pub answered: usize,
    pub items: usize,
    pub missing: usize,
    pub reason: Option<String>,
    pub cutoff: f64,
    pub sem: Option<f64>,
    pub interval: Option<[f64; 2]>,
    pub borderline: Option<bool>,
    pub z: Option<f64>,
    pub percentile: Option<f64>,
    /// Written by the last versions of the first format (published
    /// instruments), kept as they are.
    #[serde(default)]
    pub percentile_basis: Option<PercentileBasis>,
    #[serde(default)]
    pub percentile_sample: Option<String>,
    #[serde(default)]
    pub sum: Option<f64>,
    pub reference_assumed: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TargetV1 {
    pub id: String,
    pub label: String,
    pub not_applicable: bool,
    pub dimensions: Vec<DimensionV1>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct StyleV1 {
    /// secure, anxious, avoidant, fearful, disorganized or mixed.
    pub id: String,
    #[serde(default)]
    pub prototypes: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PrototypeV1 {
    pub ratings: BTreeMap<String, Option<i64>>,
    pub forced_choice: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ExplanationV1 {
    pub id: String,
    pub text: String,
}

/// Why a v1 score was withheld, from its words. A count the words do not
/// give is the default rule's (floor(0.2 × items)).
fn reason(d: &DimensionV1) -> Option<Withheld> {
    if d.score.is_some() {
        return None;
    }
    let text = d.reason.as_deref().unwrap_or("");
    Some(match text {
        "does not apply" => Withheld::DoesNotApply,
        "every relationship was marked as not applying" => Withheld::AllNotApplicable,
        "no relationship has enough answers for a score" => Withheld::NoTargetScored,
        _ => Withheld::TooManyMissing {
            allowed: text
                .split("at most ")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or((DEFAULT_MAX_MISSING * d.items as f64 + 1e-9).floor() as usize),
        },
    })
}

fn dimension(d: DimensionV1) -> DimensionScore {
    let level = d.score.map(|s| classify::level(s, d.cutoff));
    let close_to_cutoff = match level {
        None => None,
        Some(Level::AtCutoff) => Some(true),
        Some(_) => d.borderline,
    };
    DimensionScore {
        reason: reason(&d),
        id: d.id,
        label: d.label,
        score: d.score,
        answered: d.answered,
        items: d.items,
        missing: d.missing,
        cutoff: d.cutoff,
        level,
        reliability: None,
        sem: d.sem,
        interval: d.interval,
        close_to_cutoff,
        z: d.z,
        percentile: d.percentile,
        percentile_basis: d.percentile_basis,
        percentile_sample: d.percentile_sample,
        sum: d.sum,
        reference_assumed: d.reference_assumed,
        sd: None,
        retest: None,
    }
}

/// The style of converted dimensions, with the axes read from the old
/// similarities (`half_range` does not matter: the axes are replaced).
fn dimensional_style(dims: &[DimensionScore], old: Option<&StyleV1>) -> Option<Style> {
    let find = |id: &str| dims.iter().find(|d| d.id == id);
    let mut style = classify::dimensional_style(find("anxiety")?, find("avoidance")?, 1.0)?;
    style.axes = old.and_then(|o| {
        Some(crate::scoring::result::Axes {
            secure_fearful: *o.prototypes.get("fearful")?,
            dismissing_preoccupied: *o.prototypes.get("anxious")?,
        })
    });
    Some(style)
}

/// A paragraph bank's style and decision under today's rules. Without the
/// scale the "none fits well" rule cannot be applied (no rating is below
/// an unknown midpoint).
fn prototype(old: &PrototypeV1, scale: Option<(i64, i64)>) -> (Option<Style>, PrototypeScores) {
    let ratings: Vec<(Prototype, Option<i64>)> = Prototype::ALL
        .into_iter()
        .filter_map(|p| old.ratings.get(p.id()).map(|r| (p, *r)))
        .collect();
    let choice = old.forced_choice.as_deref().and_then(|c| {
        Prototype::ALL
            .into_iter()
            .find(|p| c == p.id() || c.strip_prefix("proto-") == Some(p.id()))
    });
    let midpoint = scale.map_or(f64::NEG_INFINITY, |(lo, hi)| (lo + hi) as f64 / 2.0);
    let (style, mut extra) = classify::prototype_style(&ratings, choice, midpoint);
    // Keep the forced choice as the old result wrote it.
    extra.forced_choice.clone_from(&old.forced_choice);
    (style, extra)
}

/// Converts a v1 result to today's format (see the module doc). `scale`:
/// the bank's response scale, where the caller knows it.
pub fn upgrade(old: ScoredV1, scale: Option<(i64, i64)>) -> ResultDoc {
    let dimensions: Vec<DimensionScore> = old.dimensions.into_iter().map(dimension).collect();
    let targets: Vec<TargetScore> = old
        .targets
        .into_iter()
        .map(|t| {
            let dims: Vec<DimensionScore> = t.dimensions.into_iter().map(dimension).collect();
            TargetScore {
                style: if t.not_applicable {
                    None
                } else {
                    dimensional_style(&dims, None)
                },
                id: t.id,
                label: t.label,
                not_applicable: t.not_applicable,
                dimensions: dims,
            }
        })
        .collect();
    let (style, prototype) = match &old.prototype {
        Some(p) => {
            let (s, e) = prototype(p, scale);
            (s, Some(e))
        }
        None => (dimensional_style(&dimensions, old.style.as_ref()), None),
    };
    let paragraphs = old
        .explanation
        .text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect();
    ResultDoc {
        schema: RESULT_SCHEMA.to_string(),
        bank: old.bank,
        respondent: old.respondent,
        completed_at: old.completed_at,
        answers: old.answers,
        timings: old.timings,
        dimensions,
        targets,
        style,
        prototype,
        category: old.category,
        quality: old.quality,
        explanation: Explanation {
            id: old.explanation.id,
            sections: vec![Section {
                id: "v1-text".into(),
                title: None,
                paragraphs,
                list: Vec::new(),
                sources: Vec::new(),
            }],
        },
    }
}
