//! Statistics, pure: the normal distribution and Spearman–Brown for one
//! person's score ([`normal`]), and study psychometrics: answers in (as
//! integers, already keyed), numbers out. No files, no terminal, no words:
//! reasons are ids, which the renderers put into words.
//!
//! Everything streams. [`ItemSums`] and [`Distribution`] take one
//! respondent at a time and keep sums and counts only, so a study of any
//! size is read once in memory that depends on the number of items.
//!
//! The definitions follow R psych 2.2.9 (`alpha`, `fa(fm = "minres")`,
//! `describe`) and pingouin 0.5 (`cronbach_alpha`'s interval); the
//! integration tests pin psych's and pingouin's published values on psych's
//! `bfi` data and pingouin's example data sets.

mod alpha;
mod describe;
mod fdist;
mod linalg;
mod normal;
mod omega;
mod sums;

use serde::Serialize;

pub use alpha::{scale_stats, ItemStats, ScaleStats};
pub use describe::{bin, Covariation, Distribution, Summary};
pub use fdist::{f_cdf, f_quantile};
pub use normal::{normal_cdf, spearman_brown};
pub use omega::{one_factor, OneFactor};
pub use sums::{ItemSums, Missing, Pair};

/// Why a statistic cannot be computed (never a NaN in its place). Item
/// numbers are positions in the scale, from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Unavailable {
    /// Alpha needs at least two items.
    FewerThanTwoItems,
    /// A one-factor model needs at least three items to be identified.
    FewerThanThreeItems,
    /// Fewer than two respondents answered any item (or, listwise, all of them).
    FewerThanTwoRespondents,
    /// Two items were answered together by fewer than two respondents.
    PairNotAnsweredTogether { items: [usize; 2] },
    /// Everyone's answers add up to the same total: no variance to share.
    NoVariance,
    /// Everyone gave this item the same answer, so it correlates with nothing.
    ItemWithoutVariance { item: usize },
    /// Among the respondents who answered both, one of the two items did not vary.
    PairWithoutVariance { items: [usize; 2] },
    /// The factor solution did not settle.
    NotConverged,
}

impl Unavailable {
    /// The reason's id, as in JSON.
    pub fn id(&self) -> &'static str {
        match self {
            Unavailable::FewerThanTwoItems => "fewer-than-two-items",
            Unavailable::FewerThanThreeItems => "fewer-than-three-items",
            Unavailable::FewerThanTwoRespondents => "fewer-than-two-respondents",
            Unavailable::PairNotAnsweredTogether { .. } => "pair-not-answered-together",
            Unavailable::NoVariance => "no-variance",
            Unavailable::ItemWithoutVariance { .. } => "item-without-variance",
            Unavailable::PairWithoutVariance { .. } => "pair-without-variance",
            Unavailable::NotConverged => "not-converged",
        }
    }

    /// The items the reason is about (positions in the scale).
    pub fn items(&self) -> Vec<usize> {
        match self {
            Unavailable::PairNotAnsweredTogether { items }
            | Unavailable::PairWithoutVariance { items } => items.to_vec(),
            Unavailable::ItemWithoutVariance { item } => vec![*item],
            _ => Vec::new(),
        }
    }
}
