//! The lines a result of a published instrument adds, as plain text for
//! every renderer (terminal table, HTML, Markdown): which instrument and
//! citation, who the percentiles compare with, sums, and the instrument's
//! own category with its caution. Each renderer styles or escapes them.

use crate::scoring::category::{Category, DecidedBy};
use crate::scoring::result::{BankRef, DimensionScore, PercentileBasis, ResultDoc};

/// "Published questionnaire, scored by its published key: <citation>",
/// for a validated bank (instead of the "not validated" note).
pub fn instrument(b: &BankRef) -> Option<String> {
    if !b.validated {
        return None;
    }
    let citation = b.citation.as_deref().unwrap_or("no citation given");
    let from = b.provenance.as_ref().map_or(String::new(), |p| {
        format!(
            " Built from securebase recipe {} v{}; item text {}.",
            p.recipe, p.recipe_version, p.item_text
        )
    });
    Some(format!(
        "Published questionnaire, scored by its published key: {citation}{from}"
    ))
}

/// One line per comparison sample: "Percentiles compared with <sample>:
/// Attachment anxiety 62, Attachment avoidance 40." A percentile is never
/// shown without its sample; a normal approximation says so.
pub fn percentiles(dims: &[DimensionScore]) -> Vec<String> {
    let mut groups: Vec<(Option<PercentileBasis>, &str, Vec<String>)> = Vec::new();
    for d in dims {
        let (Some(p), Some(sample)) = (d.percentile, d.percentile_sample.as_deref()) else {
            continue;
        };
        let entry = format!("{} {p:.0}", d.label);
        match groups
            .iter_mut()
            .find(|(b, s, _)| *b == d.percentile_basis && *s == sample)
        {
            Some((_, _, v)) => v.push(entry),
            None => groups.push((d.percentile_basis, sample, vec![entry])),
        }
    }
    groups
        .into_iter()
        .map(|(basis, sample, entries)| match basis {
            Some(PercentileBasis::SampleTable) => {
                format!(
                    "Percentiles compared with {sample}: {}.",
                    entries.join(", ")
                )
            }
            _ => format!(
                "Percentiles compared with {sample}, by a normal approximation from the sample's mean and SD: {}.",
                entries.join(", ")
            ),
        })
        .collect()
}

/// "Sums (mean × items, as the instrument's manual also reports): …".
pub fn sums(dims: &[DimensionScore], scale: (i64, i64)) -> Option<String> {
    let entries: Vec<String> = dims
        .iter()
        .filter_map(|d| {
            let sum = d.sum?;
            let n = d.items as i64;
            let shown = if (sum - sum.round()).abs() < 1e-9 {
                format!("{sum:.0}")
            } else {
                format!("{sum:.1}")
            };
            let prorated = if d.missing > 0 { ", prorated" } else { "" };
            Some(format!(
                "{} {shown} (of {}–{}{prorated})",
                d.label,
                scale.0 * n,
                scale.1 * n
            ))
        })
        .collect();
    (!entries.is_empty()).then(|| format!("Sums (mean × items): {}.", entries.join(", ")))
}

fn category_name(c: Category) -> &'static str {
    match c {
        Category::Secure => "Secure",
        Category::Preoccupied => "Preoccupied",
        Category::Dismissing => "Dismissing",
        Category::Fearful => "Fearful",
    }
}

/// Whether the result's questionnaire could never name a style: neither
/// paragraphs nor both anxiety and avoidance (e.g. the RAAS).
pub fn no_style_measured(r: &ResultDoc) -> bool {
    let has = |id: &str| r.dimensions.iter().any(|d| d.id == id);
    r.prototype.is_none() && !(has("anxiety") && has("avoidance"))
}

/// Said instead of a style when [`no_style_measured`].
pub const NO_STYLE_MEASURED: &str =
    "none: this questionnaire does not measure anxiety and avoidance as two dimensions.";

/// The instrument's own category and why, then its caution.
pub fn category(r: &ResultDoc) -> Option<(String, String)> {
    let c = r.category.as_ref()?;
    let why = match c.decided_by {
        DecidedBy::HighestRating => "your highest-rated paragraph".to_string(),
        DecidedBy::ForcedChoice => {
            "paragraphs tied for your highest rating; your choice of best fit broke the tie"
                .to_string()
        }
        DecidedBy::UnbrokenTie => "paragraphs tied for your highest rating and your choice of best fit did not break the tie, so the rule gives no category".to_string(),
        DecidedBy::MissingRating => "a paragraph was not rated, so the rule gives no category".to_string(),
        DecidedBy::MissingScore => "a score the rule needs is missing".to_string(),
        DecidedBy::AtCutoff => "a score sits exactly at the scale midpoint, which the rule does not assign".to_string(),
        DecidedBy::Scores => {
            let anx = r.dimensions.iter().find(|d| d.id == "anxiety").and_then(|d| d.score);
            match (c.close_depend, anx) {
                (Some(cd), Some(a)) => format!("Close and Depend average {cd:.2}, Anxiety {a:.2}, each against the scale midpoint"),
                _ => "from the scores above".to_string(),
            }
        }
    };
    let head = match c.id {
        Some(id) => format!(
            "The instrument's own category: {} ({why}).",
            category_name(id)
        ),
        None => format!("The instrument's own category: none ({why})."),
    };
    Some((head, c.caution.clone()))
}
