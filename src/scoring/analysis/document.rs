//! The analysis of a study as a document: `securebase.analysis/1`, what
//! `analyze --format json` prints and every renderer reads. Ids and
//! numbers only (words come from the renderers); a statistic that cannot be
//! computed is `null`, with the reason under `unavailable`. Fields are added,
//! never renamed (README, "Study psychometrics").

use std::collections::BTreeMap;

use serde::Serialize;

use crate::scoring::result::{BankRef, StyleId};
use crate::scoring::stats::Missing;

pub const SCHEMA: &str = "securebase.analysis/1";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub schema: &'static str,
    pub bank: BankRef,
    /// The answer files read, as named on the command line.
    pub sources: Vec<String>,
    /// How respondents with missing answers enter alpha and omega.
    pub missing: Missing,
    /// Valid records analysed.
    pub respondents: u64,
    /// Invalid records passed over with `--skip-invalid`.
    pub skipped: u64,
    /// Overall dimensions first, then (banks with relationships) each
    /// relationship's.
    pub dimensions: Vec<DimensionAnalysis>,
    /// Between the overall dimension scores, each pair once.
    pub correlations: Vec<Correlation>,
    /// Nearest styles (banks that name one).
    pub styles: Option<StyleCounts>,
    pub quality: QualityCounts,
    /// The anxiety × avoidance plane, binned (banks measuring both).
    pub plane: Option<Plane>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionAnalysis {
    pub id: String,
    pub label: String,
    /// The relationship (banks with relationships), or null for the overall score.
    pub target: Option<String>,
    pub target_label: Option<String>,
    pub scores: ScoreSummary,
    pub cutoff: CutoffCounts,
    /// Null for the overall score of a bank with relationships: its items
    /// are asked once per relationship, so reliability is per relationship.
    pub reliability: Option<Reliability>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreSummary {
    /// Respondents with a score.
    pub n: u64,
    /// Respondents without one, by reason id: `too-many-missing`,
    /// `does-not-apply`, `all-not-applicable`, `no-relationship-scored`.
    pub not_scored: BTreeMap<&'static str, u64>,
    pub mean: Option<f64>,
    /// Sample SD (n − 1).
    pub sd: Option<f64>,
    /// psych::describe's skew (type 3).
    pub skew: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub histogram: Histogram,
}

/// Bars centred on `from + i·step` (i = 0 … counts.len() − 1); each counts
/// the scores nearer to its centre than to a neighbour's. When every
/// possible score of a fully answered scale fits, each has its own bar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    pub from: f64,
    pub to: f64,
    pub step: f64,
    pub counts: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CutoffCounts {
    pub value: f64,
    /// Scores strictly above the cutoff ("high").
    pub above: u64,
    /// Scores at the cutoff or whose 95 % interval reaches it.
    pub at_or_close: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reliability {
    pub items: usize,
    /// Respondents entering alpha and omega: everyone with an answer on the
    /// scale (pairwise), or only those who answered every item (listwise).
    pub n: u64,
    /// Respondents who answered every item.
    pub complete: u64,
    pub alpha: Option<f64>,
    /// 95 % interval (Feldt, as pingouin computes it).
    pub alpha_ci: Option<[f64; 2]>,
    pub std_alpha: Option<f64>,
    pub average_r: Option<f64>,
    /// Omega total from a one-factor minres solution.
    pub omega: Option<f64>,
    /// A communality reached its bound (a Heywood case): omega is uncertain.
    pub omega_bounded: bool,
    /// Why a null statistic above is null, by its name.
    pub unavailable: BTreeMap<&'static str, Why>,
    pub item_stats: Vec<ItemAnalysis>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Why {
    /// See `Unavailable` (e.g. `no-variance`, `item-without-variance`).
    pub reason: &'static str,
    /// The item keys the reason is about.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemAnalysis {
    /// The item's id in the bank.
    pub id: String,
    /// Its answer key (`partner.avo-01` in a bank with relationships).
    pub key: String,
    pub reverse: bool,
    /// Respondents who answered it.
    pub n: u64,
    /// Share of the respondents it was asked of who left it out.
    pub missing: Option<f64>,
    /// After reverse keying, like everything here.
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    /// Correlation with the sum of the scale's other items (psych's r.drop).
    pub r_drop: Option<f64>,
    pub alpha_if_dropped: Option<f64>,
    /// Loading on the one factor behind omega.
    pub loading: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correlation {
    pub a: String,
    pub b: String,
    pub n: u64,
    pub r: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct StyleCounts {
    /// Respondents whose nearest style is clear, by style id.
    pub clear: BTreeMap<StyleId, u64>,
    /// Respondents close to a cutoff, between two or more styles.
    pub between: u64,
    /// Respondents with no style (a score missing).
    pub none: u64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct QualityCounts {
    /// Respondents with at least one flag.
    pub respondents_flagged: u64,
    /// Respondents per flag id.
    pub flags: BTreeMap<String, u64>,
}

/// Counts of respondents in a grid over the anxiety × avoidance plane.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plane {
    /// The scale's ends: both axes run from `from` to `to`.
    pub from: f64,
    pub to: f64,
    pub bins: usize,
    /// `counts[a][v]`: anxiety bin a (low to high), avoidance bin v (low to
    /// high); bins are equal, a score on an inner edge counts in the bin above.
    pub counts: Vec<Vec<u64>>,
    pub anxiety_cutoff: f64,
    pub avoidance_cutoff: f64,
}
