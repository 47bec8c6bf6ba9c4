//! Response-quality checks: signs that a result may not reflect the person
//! well. They never change a score. Each flag is an id with the figures it
//! was decided on; the words for it live in `questionnaires/flags.en.json`
//! (see `text::flags`). A flag marked `careless` is a sign of careless
//! answering: a result with one says so before any style is named.
//!
//! The rules and their constants. Scale-relative constants are shares of
//! the scale range R = max − min (6 on a 1–7 scale). The thresholds were set
//! on simulated honest respondents (`examples/simulate`; README, "Careless
//! answering") so that together they flag at most 5 % of them.
//!
//! - **`straight-lining`** (careless): every answered rating is the same,
//!   at least [`STRAIGHT_LINE_MIN_ANSWERED`] (5) are answered, and the bank
//!   has reverse-keyed items (without them the same answer everywhere can
//!   be honest).
//! - **`long-string`** (careless; Johnson 2005): a run of identical
//!   consecutive ratings in asking order at least [`long_string_threshold`]
//!   long: [`LONG_STRING_MIN`] (8), or one more than the bank's longest
//!   block of consecutive questions keyed the same way on one dimension
//!   (where a run can be honest), whichever is larger. A skipped question
//!   ends a run. Not reported together with straight-lining.
//! - **`low-variability`** (careless; Dunn et al. 2018): with at least
//!   [`IRV_MIN_ANSWERED`] (8) answers, the standard deviation of the raw
//!   ratings (intra-individual response variability) is below
//!   [`IRV_MIN_SHARE`] × R (0.5 on 1–7): nearly the same answer everywhere.
//!   Not reported together with straight-lining.
//! - **`inconsistent`** (careless; Marjanovic et al. 2015): the pooled
//!   standard deviation of a person's keyed answers around their own
//!   subscale means (the inter-item SD), measured after the person's
//!   acquiescence (below) is taken out of every raw answer, is larger than
//!   honest answering plausibly gives. Statements of one dimension, worded
//!   both ways, are designed synonyms and antonyms: after reversal they
//!   should agree (the idea behind psychometric synonyms and antonyms,
//!   Meade & Craig 2012; Curran 2016, applied to the bank's own keying,
//!   since finding pairs empirically needs a sample of respondents).
//!   Threshold: the reference spread √(([`SPREAD_REFERENCE_SHARE`] ×
//!   R)² + 1/12) (item noise plus rounding to whole points: 1.32 on 1–7,
//!   0.91 on 1–5) times √(χ²₀.₉₇₅(df)/df), the 97.5 % point of a spread with df degrees of
//!   freedom (answers − subscales − 1; at least [`SPREAD_MIN_DF`]), so
//!   longer banks get a tighter threshold. Not reported with
//!   straight-lining.
//! - **`even-odd`** (careless; Johnson 2005; Meade & Craig 2012): where at
//!   least [`EVEN_ODD_MIN_SUBSCALES`] (6) subscales have answers in both
//!   halves, the correlation across subscales between the means of their
//!   odd- and even-numbered statements is at most [`EVEN_ODD_MAX_R`].
//!   Honest answers make the two halves of each subscale agree.
//! - **`acquiescence`** / **`nay-saying`** (careless; Paulhus 1991): the
//!   mean over subscales with at least [`ACQUIESCENCE_MIN_EACH`] (2)
//!   answers in each direction of (mean raw forward answer + mean raw
//!   reversed answer)/2 − midpoint is at least
//!   [`ACQUIESCENCE_SHARE`] × R (1.5 on 1–7) above (agreeing with
//!   everything, opposites included) or below (disagreeing with everything)
//!   the midpoint.
//! - **`too-fast`** (careless): of at least [`TOO_FAST_MIN_TIMED`] (5)
//!   timed answers, half or more came faster than the statement can be
//!   read: [`REACT_SECONDS`] (0.75 s) to answer plus the statement's words
//!   at [`WORDS_PER_SECOND`] (8 words a second, twice the average silent
//!   reading rate of about 240 words a minute, Brysbaert 2019). A 10-word
//!   statement needs 2 s (the per-item screen of Huang et al. 2012), a
//!   57-word paragraph 7.9 s.
//! - **`too-many-missing`** (not careless): a dimension score was withheld
//!   because more items were missing than the bank allows.

pub mod indices;
pub mod questions;

use std::collections::BTreeMap;

pub use indices::{Consistency, Pattern, Subscale};

use crate::scoring::result::QualityFlag;

pub const STRAIGHT_LINE_MIN_ANSWERED: usize = 5;
pub const LONG_STRING_MIN: usize = 8;
pub const IRV_MIN_ANSWERED: usize = 8;
pub const IRV_MIN_SHARE: f64 = 1.0 / 12.0;
pub const SPREAD_REFERENCE_SHARE: f64 = 0.215;
/// The variance whole-point rounding adds to an answer (Sheppard: 1/12).
pub const ROUNDING_VARIANCE: f64 = 1.0 / 12.0;
/// Answers needed in each direction of a subscale for it to count towards
/// the acquiescence index: one reversed statement alone is too noisy.
pub const ACQUIESCENCE_MIN_EACH: usize = 2;
/// The standard normal quantile of 97.5 %.
pub const SPREAD_Z: f64 = 1.959_964;
pub const SPREAD_MIN_DF: usize = 6;
pub const EVEN_ODD_MIN_SUBSCALES: usize = 6;
pub const EVEN_ODD_MAX_R: f64 = -0.5;
pub const ACQUIESCENCE_SHARE: f64 = 0.25;
pub const TOO_FAST_MIN_TIMED: usize = 5;
pub const REACT_SECONDS: f64 = 0.75;
pub const WORDS_PER_SECOND: f64 = 8.0;

pub const STRAIGHT_LINING: &str = "straight-lining";
pub const LONG_STRING: &str = "long-string";
pub const LOW_VARIABILITY: &str = "low-variability";
pub const INCONSISTENT: &str = "inconsistent";
pub const EVEN_ODD: &str = "even-odd";
pub const ACQUIESCENCE: &str = "acquiescence";
pub const NAY_SAYING: &str = "nay-saying";
pub const TOO_FAST: &str = "too-fast";
pub const TOO_MANY_MISSING: &str = "too-many-missing";

/// Every flag id the core can emit, in the order flags are reported.
pub const IDS: [&str; 9] = [
    STRAIGHT_LINING,
    LONG_STRING,
    LOW_VARIABILITY,
    INCONSISTENT,
    EVEN_ODD,
    ACQUIESCENCE,
    NAY_SAYING,
    TOO_FAST,
    TOO_MANY_MISSING,
];

/// The run length that counts as a long string, for a bank whose longest
/// block of consecutive same-keyed questions on one dimension is `block`.
pub fn long_string_threshold(block: usize) -> usize {
    LONG_STRING_MIN.max(block + 1)
}

/// The inter-item SD above which answers count as inconsistent, on a
/// scale of range `range`, for `df` degrees of freedom.
pub fn spread_threshold(range: f64, df: usize) -> f64 {
    reference_spread(range) * indices::chi_square_ratio(df, SPREAD_Z).sqrt()
}

/// The honest reference spread on a scale of range `range`: item noise of
/// [`SPREAD_REFERENCE_SHARE`] × range plus the rounding of answers to whole
/// points, √((0.215·R)² + 1/12): 1.32 on 1–7, 0.91 on 1–5.
pub fn reference_spread(range: f64) -> f64 {
    let noise = SPREAD_REFERENCE_SHARE * range;
    (noise * noise + ROUNDING_VARIANCE).sqrt()
}

/// Whether any flag is a sign of careless answering: the result should say
/// so before any style name.
pub fn likely_careless(flags: &[QualityFlag]) -> bool {
    flags.iter().any(|f| f.careless)
}

/// What the checks look at for one respondent.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    pub pattern: Pattern,
    pub consistency: Consistency,
    pub bank_has_reversed: bool,
    /// See [`long_string_threshold`].
    pub long_string: usize,
    pub scale_min: i64,
    pub scale_max: i64,
    /// Ids of dimensions whose score was withheld.
    pub withheld: &'a [&'a str],
    /// (answers faster than their reading floor, answers timed).
    pub speed: Option<(usize, usize)>,
}

fn push(flags: &mut Vec<QualityFlag>, id: &str, careless: bool, figures: &[(&str, f64)]) {
    flags.push(QualityFlag {
        id: id.to_string(),
        figures: figures
            .iter()
            .map(|(k, v)| ((*k).to_string(), *v))
            .collect::<BTreeMap<_, _>>(),
        dimensions: Vec::new(),
        careless,
    });
}

/// Rounds a figure for reporting: two decimals keep the words honest
/// without pretending to more precision.
fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The flags that apply, in the order of [`IDS`].
pub fn assess(e: &Evidence<'_>) -> Vec<QualityFlag> {
    let mut flags = Vec::new();
    assess_into(e, &mut flags);
    flags
}

/// [`assess`] into a vector that is cleared first (its capacity is reused).
///
/// This runs once a respondent in the streaming `score` path, so it
/// allocates nothing beyond the flags it pushes, and the costlier tests
/// (the spread's chi-square threshold, a square root for the variability)
/// run only past a cheap bound: the 1M-respondent CSV study of
/// `scripts/bench.sh` (under 1 s on one core, README "Performance") is the
/// benchmark that holds it to that.
pub fn assess_into(e: &Evidence<'_>, flags: &mut Vec<QualityFlag>) {
    flags.clear();
    let p = &e.pattern;
    let range = (e.scale_max - e.scale_min) as f64;
    let straight = e.bank_has_reversed && p.answered >= STRAIGHT_LINE_MIN_ANSWERED && p.all_same;
    if straight {
        push(
            flags,
            STRAIGHT_LINING,
            true,
            &[("answered", p.answered as f64)],
        );
    } else {
        repeated_answers(e, range, flags);
    }
    if !straight {
        inconsistent(e, range, flags);
    }
    even_odd(e, flags);
    acquiescence(e, range, flags);
    too_fast(e, flags);
    too_many_missing(e, flags);
}

/// `long-string` and `low-variability`: checked only when the answers are
/// not all the same (straight-lining says it already).
fn repeated_answers(e: &Evidence<'_>, range: f64, flags: &mut Vec<QualityFlag>) {
    let p = &e.pattern;
    if p.longest_run >= e.long_string {
        push(
            flags,
            LONG_STRING,
            true,
            &[
                ("run", p.longest_run as f64),
                ("threshold", e.long_string as f64),
            ],
        );
    }
    let threshold = IRV_MIN_SHARE * range;
    if p.answered >= IRV_MIN_ANSWERED && p.irv_below(threshold) {
        let irv = p.irv().unwrap_or(0.0);
        push(
            flags,
            LOW_VARIABILITY,
            true,
            &[("sd", r2(irv)), ("threshold", r2(threshold))],
        );
    }
}

/// `inconsistent`: the spread around the person's own subscale means.
fn inconsistent(e: &Evidence<'_>, range: f64, flags: &mut Vec<QualityFlag>) {
    // The threshold is never below the reference spread (the chi-square
    // ratio at 97.5 % exceeds 1), so most respondents stop at the cheap test.
    let floor = reference_spread(range);
    let spread = e
        .consistency
        .spread_variance()
        .filter(|(variance, df)| *df >= SPREAD_MIN_DF && *variance > floor * floor);
    if let Some((variance, df)) = spread {
        let sd = variance.sqrt();
        let threshold = spread_threshold(range, df);
        if sd > threshold {
            push(
                flags,
                INCONSISTENT,
                true,
                &[("sd", r2(sd)), ("threshold", r2(threshold))],
            );
        }
    }
}

/// `even-odd`: halves of the subscales that do not agree.
fn even_odd(e: &Evidence<'_>, flags: &mut Vec<QualityFlag>) {
    if let Some((r, n)) = e.consistency.even_odd_at_most(EVEN_ODD_MAX_R) {
        if n >= EVEN_ODD_MIN_SUBSCALES {
            push(
                flags,
                EVEN_ODD,
                true,
                &[
                    ("r", r2(r)),
                    ("threshold", EVEN_ODD_MAX_R),
                    ("subscales", n as f64),
                ],
            );
        }
    }
}

/// `acquiescence` or `nay-saying`: agreeing (or disagreeing) whatever the
/// statement's direction.
fn acquiescence(e: &Evidence<'_>, range: f64, flags: &mut Vec<QualityFlag>) {
    let mid = (e.scale_max + e.scale_min) as f64 / 2.0;
    if let Some(acq) = e.consistency.acquiescence() {
        let threshold = ACQUIESCENCE_SHARE * range;
        if acq >= threshold {
            push(
                flags,
                ACQUIESCENCE,
                true,
                &[
                    ("index", r2(acq)),
                    ("threshold", r2(threshold)),
                    ("midpoint", mid),
                ],
            );
        } else if acq <= -threshold {
            push(
                flags,
                NAY_SAYING,
                true,
                &[
                    ("index", r2(acq)),
                    ("threshold", r2(-threshold)),
                    ("midpoint", mid),
                ],
            );
        }
    }
}

/// `too-fast`: at least half the timed answers faster than their reading floor.
fn too_fast(e: &Evidence<'_>, flags: &mut Vec<QualityFlag>) {
    if let Some((fast, timed)) = e.speed {
        if timed >= TOO_FAST_MIN_TIMED && 2 * fast >= timed {
            push(
                flags,
                TOO_FAST,
                true,
                &[
                    ("fast", fast as f64),
                    ("timed", timed as f64),
                    ("words_per_second", WORDS_PER_SECOND),
                ],
            );
        }
    }
}

/// `too-many-missing` (not careless), with each withheld dimension once.
fn too_many_missing(e: &Evidence<'_>, flags: &mut Vec<QualityFlag>) {
    if !e.withheld.is_empty() {
        push(flags, TOO_MANY_MISSING, false, &[]);
        let dims = &mut flags.last_mut().expect("just pushed").dimensions;
        for id in e.withheld {
            if !dims.iter().any(|d| d == id) {
                dims.push((*id).to_string());
            }
        }
    }
}

/// (answers faster than their reading floor, answers timed), from the
/// timings by answer key and the words of each key's question.
pub fn speed(
    timings: &BTreeMap<String, f64>,
    words: &BTreeMap<String, usize>,
) -> Option<(usize, usize)> {
    if timings.is_empty() {
        return None;
    }
    let (mut fast, mut timed) = (0, 0);
    for (key, seconds) in timings {
        let Some(w) = words.get(key) else { continue };
        timed += 1;
        if *seconds < indices::reading_floor(*w, REACT_SECONDS, WORDS_PER_SECOND) {
            fast += 1;
        }
    }
    Some((fast, timed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence() -> Evidence<'static> {
        Evidence {
            pattern: Pattern::new(),
            consistency: Consistency::new(false),
            bank_has_reversed: true,
            long_string: 8,
            scale_min: 1,
            scale_max: 7,
            withheld: &[],
            speed: None,
        }
    }

    #[test]
    fn thresholds() {
        assert_eq!(long_string_threshold(1), 8);
        assert_eq!(long_string_threshold(9), 10);
        // √((0.215 · 6)² + 1/12) = √1.747433 = 1.32190 on 1–7;
        // √((0.215 · 4)² + 1/12) = √0.822933 = 0.90716 on 1–5.
        assert!((reference_spread(6.0) - 1.321_90).abs() < 1e-5);
        assert!((reference_spread(4.0) - 0.907_16).abs() < 1e-5);
        // √(χ²₀.₉₇₅(10)/10) = √2.0483 = 1.4312 → 1.892.
        assert!((spread_threshold(6.0, 10) - 1.892).abs() < 0.002);
        // df 41: √(60.561/41) = 1.2154 → 1.607.
        assert!((spread_threshold(6.0, 41) - 1.607).abs() < 0.002);
    }

    #[test]
    fn speed_counts_answers_under_their_reading_floor() {
        let words: BTreeMap<String, usize> = [("a", 10), ("b", 60), ("c", 10)]
            .map(|(k, w)| (k.to_string(), w))
            .into();
        // Floors: a 2.0 s, b 8.25 s, c 2.0 s; "x" has no question and is ignored.
        let timings: BTreeMap<String, f64> = [("a", 1.9), ("b", 8.0), ("c", 2.0), ("x", 0.1)]
            .map(|(k, s)| (k.to_string(), s))
            .into();
        assert_eq!(speed(&timings, &words), Some((2, 3)));
        assert_eq!(speed(&BTreeMap::new(), &words), None);
    }

    #[test]
    fn too_fast_needs_five_timed_and_half_fast() {
        let mut e = evidence();
        e.speed = Some((4, 4));
        assert!(assess(&e).is_empty());
        e.speed = Some((3, 6));
        let f = assess(&e);
        assert_eq!(f[0].id, TOO_FAST);
        assert!(f[0].careless);
        assert!((f[0].figures["fast"] - 3.0).abs() < 1e-12);
        e.speed = Some((2, 6));
        assert!(assess(&e).is_empty());
    }

    #[test]
    fn withheld_dimensions_are_listed_once_and_not_careless() {
        let mut e = evidence();
        e.withheld = &["anxiety", "avoidance", "anxiety"];
        let f = assess(&e);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].id, TOO_MANY_MISSING);
        assert_eq!(f[0].dimensions, ["anxiety", "avoidance"]);
        assert!(!likely_careless(&f));
    }
}
