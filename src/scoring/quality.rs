//! Response-quality checks: signs that a result may not reflect the person
//! well. They never change a score; they add a flag with a plain message.
//!
//! The rules, with their constants:
//!
//! - **`straight-lining`**: every answered rating is the same, at least
//!   [`STRAIGHT_LINE_MIN_ANSWERED`] (5) are answered, and the bank has
//!   reverse-keyed items (without them, the same answer everywhere can be
//!   honest).
//! - **`long-run`**: a run of at least max([`LONG_RUN_MIN`] (8), half the
//!   likert questions) identical consecutive ratings in asking order. A
//!   skipped question ends a run. Not reported together with
//!   straight-lining.
//! - **`keyed-disagreement`**: on a dimension (per relationship, in a bank
//!   with targets) with at least [`KEYED_MIN_EACH`] (2) answered items keyed
//!   each way, the mean of the forward-keyed items and the mean of the
//!   reverse-keyed items (after reversal) differ by at least
//!   [`KEYED_SHARE_OF_RANGE`] (half) of the scale range (3 points on 1–7):
//!   the answers contradict each other.
//! - **`too-many-missing`**: a dimension score was withheld because more
//!   items were missing than the bank allows.
//! - **`too-fast`**: where at least [`TOO_FAST_MIN_TIMED`] (5) answers were
//!   timed, the median time per answer is below [`TOO_FAST_MEDIAN_SECONDS`]
//!   (2 s; Huang et al., 2012, use 2 s per item as a careless-responding
//!   screen).

use std::collections::BTreeMap;

use crate::scoring::result::QualityFlag;

pub const STRAIGHT_LINE_MIN_ANSWERED: usize = 5;
pub const LONG_RUN_MIN: usize = 8;
pub const KEYED_MIN_EACH: usize = 2;
pub const KEYED_SHARE_OF_RANGE: f64 = 0.5;
pub const TOO_FAST_MIN_TIMED: usize = 5;
pub const TOO_FAST_MEDIAN_SECONDS: f64 = 2.0;

pub const STRAIGHT_LINING: &str = "straight-lining";
pub const LONG_RUN: &str = "long-run";
pub const KEYED_DISAGREEMENT: &str = "keyed-disagreement";
pub const TOO_MANY_MISSING: &str = "too-many-missing";
pub const TOO_FAST: &str = "too-fast";

/// The run length that counts as a long run for a bank with
/// `likert_questions` rating questions.
pub fn long_run_threshold(likert_questions: usize) -> usize {
    LONG_RUN_MIN.max(likert_questions / 2)
}

/// Raw ratings in asking order, summarised in one pass without allocating.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pattern {
    pub answered: usize,
    first: Option<i64>,
    pub all_same: bool,
    last: Option<i64>,
    run: usize,
    pub longest_run: usize,
}

impl Pattern {
    pub fn new() -> Self {
        Pattern {
            all_same: true,
            ..Pattern::default()
        }
    }

    /// The next rating in asking order (`None`: skipped).
    pub fn push(&mut self, rating: Option<i64>) {
        let Some(r) = rating else {
            self.last = None;
            self.run = 0;
            return;
        };
        self.answered += 1;
        match self.first {
            None => self.first = Some(r),
            Some(f) if f != r => self.all_same = false,
            Some(_) => {}
        }
        self.run = if self.last == Some(r) {
            self.run + 1
        } else {
            1
        };
        self.last = Some(r);
        self.longest_run = self.longest_run.max(self.run);
    }
}

/// Whether forward- and reverse-keyed answers on one dimension contradict
/// each other. `reversed_sum` is taken after reversal.
pub fn keyed_disagrees(
    forward_sum: i64,
    forward_n: usize,
    reversed_sum: i64,
    reversed_n: usize,
    scale_range: f64,
) -> bool {
    if forward_n < KEYED_MIN_EACH || reversed_n < KEYED_MIN_EACH {
        return false;
    }
    let diff = forward_sum as f64 / forward_n as f64 - reversed_sum as f64 / reversed_n as f64;
    diff.abs() >= KEYED_SHARE_OF_RANGE * scale_range
}

/// Median seconds per answer, where enough answers were timed.
pub fn median_seconds(timings: &BTreeMap<String, f64>) -> Option<f64> {
    if timings.len() < TOO_FAST_MIN_TIMED {
        return None;
    }
    let mut v: Vec<f64> = timings.values().copied().collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        f64::midpoint(v[n / 2 - 1], v[n / 2])
    })
}

/// What the checks look at.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    pub pattern: Pattern,
    pub bank_has_reversed: bool,
    pub likert_questions: usize,
    /// Labels of dimensions whose forward and reversed answers contradict.
    pub disagreeing: &'a [&'a str],
    /// Labels of dimensions whose score was withheld.
    pub withheld: &'a [&'a str],
    pub timings: &'a BTreeMap<String, f64>,
}

fn flag(id: &str, message: String) -> QualityFlag {
    QualityFlag {
        id: id.to_string(),
        message,
    }
}

/// The flags that apply, in a fixed order.
pub fn assess(e: &Evidence<'_>) -> Vec<QualityFlag> {
    let mut flags = Vec::new();
    assess_into(e, &mut flags);
    flags
}

/// [`assess`] into a vector that is cleared first (its capacity is reused).
pub fn assess_into(e: &Evidence<'_>, flags: &mut Vec<QualityFlag>) {
    flags.clear();
    let p = &e.pattern;
    let straight = e.bank_has_reversed && p.answered >= STRAIGHT_LINE_MIN_ANSWERED && p.all_same;
    if straight {
        flags.push(flag(
            STRAIGHT_LINING,
            format!(
                "All {} answers were the same, although some statements are worded in the \
                 opposite direction. The scores may not reflect your experience well.",
                p.answered
            ),
        ));
    } else {
        let threshold = long_run_threshold(e.likert_questions);
        if p.longest_run >= threshold {
            flags.push(flag(
                LONG_RUN,
                format!(
                    "{} answers in a row were the same. That can happen for good reasons, \
                     but it can also mean attention drifted for a while.",
                    p.longest_run
                ),
            ));
        }
    }
    if !e.disagreeing.is_empty() {
        flags.push(flag(
            KEYED_DISAGREEMENT,
            format!(
                "On {}, answers to statements worded in opposite directions point different \
                 ways, so that score is harder to read.",
                list(e.disagreeing)
            ),
        ));
    }
    if !e.withheld.is_empty() {
        flags.push(flag(
            TOO_MANY_MISSING,
            format!(
                "Too many statements were skipped to give a score for {}.",
                list(e.withheld)
            ),
        ));
    }
    if let Some(median) = median_seconds(e.timings) {
        if median < TOO_FAST_MEDIAN_SECONDS {
            flags.push(flag(
                TOO_FAST,
                format!(
                    "Answers took {median:.1} seconds each (median), which is quick for \
                     reading each statement. If you rushed, the result may be less accurate."
                ),
            ));
        }
    }
}

/// "a", "a and b", "a, b and c", with duplicates left out.
fn list(names: &[&str]) -> String {
    let mut uniq: Vec<&str> = Vec::with_capacity(names.len());
    for n in names {
        if !uniq.contains(n) {
            uniq.push(n);
        }
    }
    match uniq.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(ratings: &[Option<i64>]) -> Pattern {
        let mut p = Pattern::new();
        for r in ratings {
            p.push(*r);
        }
        p
    }

    #[test]
    fn runs_are_broken_by_a_skip_and_by_a_change() {
        let p = pattern(&[Some(3), Some(3), None, Some(3), Some(3), Some(3), Some(2)]);
        assert_eq!(p.longest_run, 3);
        assert_eq!(p.answered, 6);
        assert!(!p.all_same);
        let p = pattern(&[Some(4), None, Some(4)]);
        assert!(p.all_same);
        assert_eq!(p.longest_run, 1);
    }

    #[test]
    fn thresholds() {
        assert_eq!(long_run_threshold(12), 8);
        assert_eq!(long_run_threshold(44), 22);
        // 1–7: range 6, half is 3. Forward mean 6, reversed mean 3: differ by 3.
        assert!(keyed_disagrees(12, 2, 6, 2, 6.0));
        // Differ by 2.5: not flagged.
        assert!(!keyed_disagrees(12, 2, 7, 2, 6.0));
        // Only one reversed item answered: not judged.
        assert!(!keyed_disagrees(12, 2, 1, 1, 6.0));
    }

    #[test]
    fn median_needs_five_timings() {
        let mut t: BTreeMap<String, f64> = (0..4).map(|i| (format!("k{i}"), 1.0)).collect();
        assert_eq!(median_seconds(&t), None);
        t.insert("k4".into(), 9.0);
        t.insert("k5".into(), 3.0);
        // 1, 1, 1, 1, 3, 9 → (1 + 1)/2.
        assert_eq!(median_seconds(&t), Some(1.0));
    }

    #[test]
    fn lists_read_as_words() {
        assert_eq!(list(&["a"]), "a");
        assert_eq!(list(&["a", "b", "a"]), "a and b");
        assert_eq!(list(&["a", "b", "c"]), "a, b and c");
    }
}
