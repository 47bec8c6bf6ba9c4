//! JSON text → validated [`Bank`], collecting every problem on the way.
//!
//! The bank is built field by field from a `serde_json::Value` rather than
//! with `#[derive(Deserialize)]`, because derive stops at the first error and
//! a bank author wants them all, each with its place and a fix. This builder
//! is the single definition of the format; `questionnaires/schema.json`
//! documents it and a test keeps the two in step.
//!
//! One file per step: [`validation`] reads the JSON and collects problems,
//! [`fields`] reads single typed fields, [`sections`] builds the model
//! section by section, and [`semantics`] checks the rules across fields.
//! [`checks`] holds the string checks and message helpers they all share.

mod checks;
mod fields;
mod sections;
mod semantics;
mod validation;

use super::model::Bank;
use crate::diag::Diagnostics;

pub use checks::is_slug;
pub(super) use checks::{describe_unsafe, is_item_id, join, nearest, type_name, unsafe_char};
pub(super) use validation::Validation;

pub const TOP_KEYS: &[&str] = &[
    "$schema",
    "id",
    "title",
    "version",
    "language",
    "validated",
    "citation",
    "license",
    "notes",
    "instructions",
    "scale",
    "dimensions",
    "targets",
    "items",
    "forced_choice",
    "provenance",
    "category_rule",
];
pub const SCALE_KEYS: &[&str] = &["min", "max", "labels"];
pub const DIMENSION_KEYS: &[&str] = &[
    "id",
    "label",
    "description",
    "cutoff",
    "max_missing",
    "reference",
    "sum",
];
pub const REFERENCE_KEYS: &[&str] = &[
    "sd",
    "alpha",
    "retest",
    "mean",
    "n",
    "sample",
    "source",
    "assumed",
    "percentiles",
    "omega",
];
pub const TARGET_KEYS: &[&str] = &["id", "label", "intro", "allow_not_applicable"];
pub const ITEM_KEYS: &[&str] = &["id", "kind", "text", "dimension", "reverse", "style"];
pub const FORCED_CHOICE_KEYS: &[&str] = &["id", "text"];

/// The answer key no item, target or forced choice may have: CSV answer
/// files name their column of respondent ids so.
pub const RESERVED_KEY: &str = "respondent";

/// The most points a response scale may have, and the largest magnitude
/// of a scale point. No published attachment questionnaire uses more than
/// a few points (7 is usual, 101 covers a 0–100 slider); a longer scale
/// cannot be shown on one screen, and small bounded values keep every
/// sum, reversal and mean exact.
pub const MAX_SCALE_POINTS: i64 = 101;
pub const SCALE_LIMIT: i64 = 1000;
const SCALE_REASON: &str = "use a scale of at most 101 points, each from -1000 to 1000 (e.g. 1 to 7, or 0 to 100): a longer scale cannot be shown on one screen, and bounded values keep every score exact";

/// Parses and validates a bank. `file` names the source in messages.
/// Returns the bank with its warnings, or every problem found.
pub fn parse(file: &str, text: &str) -> Result<(Bank, Diagnostics), Diagnostics> {
    let (value, mut cx) = Validation::read_json(file, text)?;
    let built = cx.bank(&value);
    if let Some((b, known)) = &built {
        cx.semantics(b, *known);
    }
    let diags = cx.finish(file);
    match built {
        Some((b, known)) if known.complete && !diags.has_errors() => Ok((b, diags)),
        _ => Err(diags),
    }
}

/// Which parts of a bank were read without error. The cross-field rules run
/// on a partly read bank too (so one wrong type does not hide every other
/// problem), but skip the checks a missing part would make misleading.
#[derive(Debug, Clone, Copy)]
struct Known {
    /// Every field was read: the bank may be used.
    complete: bool,
    id: bool,
    scale: bool,
    /// Every dimension was read (none dropped for an error).
    dimensions: bool,
    /// Every item was read (none dropped for an error).
    items: bool,
}
