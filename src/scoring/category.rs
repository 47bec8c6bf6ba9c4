//! Instrument-specific category rules, for banks built from a published
//! instrument's recipe that defines one. They are the instruments' own
//! rules, kept apart from securebase's quadrant (`classify`) on purpose:
//! the quadrant follows DESIGN.md (intervals, "close to the cutoff"),
//! while these reproduce what the instruments' authors wrote, and are shown
//! after the dimensions with the authors' caution. Pure: numbers in, ids out.
//!
//! - **highest-rating** (the Relationship Questionnaire, Bartholomew &
//!   Horowitz 1991; research/instruments.md §6.2): the paragraph rated
//!   highest is the category. A tie is broken by the forced choice when it
//!   names one of the tied paragraphs; a tie it cannot break gives no
//!   category (the lab's advice is to drop such a case). All four ratings
//!   are needed: with one missing, the highest cannot be known.
//! - **close-depend-anxiety** (the RAAS, Collins 1996; §7.2): Close and
//!   Depend averaged into CD, then CD > midpoint and Anxiety < midpoint is
//!   secure, CD > and Anxiety > preoccupied, CD < and Anxiety < dismissing,
//!   CD < and Anxiety > fearful. The rule's inequalities are strict, so a
//!   score exactly at the midpoint (3 on the RAAS' 1–5) gives no category.

use serde::{Deserialize, Serialize};

use crate::bank::{CategoryRuleId, Prototype};

/// The four categories of Bartholomew's model, in the instruments' own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Secure,
    Preoccupied,
    Dismissing,
    Fearful,
}

impl Category {
    pub fn id(self) -> &'static str {
        match self {
            Category::Secure => "secure",
            Category::Preoccupied => "preoccupied",
            Category::Dismissing => "dismissing",
            Category::Fearful => "fearful",
        }
    }

    /// The category a paragraph stands for (the bank's prototype ids are
    /// securebase's: anxious is the RQ's preoccupied, avoidant its dismissing).
    pub fn of(p: Prototype) -> Category {
        match p {
            Prototype::Secure => Category::Secure,
            Prototype::Anxious => Category::Preoccupied,
            Prototype::Avoidant => Category::Dismissing,
            Prototype::Fearful => Category::Fearful,
        }
    }
}

/// How the category was reached, or why there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecidedBy {
    /// One paragraph was rated above the others.
    HighestRating,
    /// Paragraphs tied and the forced choice named one of them.
    ForcedChoice,
    /// Paragraphs tied and no forced choice named one of them: dropped.
    UnbrokenTie,
    /// A paragraph was not rated.
    MissingRating,
    /// A score of the rule has no value (too many items missing).
    MissingScore,
    /// A score sits exactly at the rule's cutoff, which it does not assign.
    AtCutoff,
    /// Both scores are on their side of the cutoff.
    Scores,
}

impl DecidedBy {
    /// The id in results (as serialized).
    pub fn id(self) -> &'static str {
        match self {
            DecidedBy::HighestRating => "highest-rating",
            DecidedBy::ForcedChoice => "forced-choice",
            DecidedBy::UnbrokenTie => "unbroken-tie",
            DecidedBy::MissingRating => "missing-rating",
            DecidedBy::MissingScore => "missing-score",
            DecidedBy::AtCutoff => "at-cutoff",
            DecidedBy::Scores => "scores",
        }
    }
}

/// An instrument's category for one respondent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryResult {
    pub rule: CategoryRuleId,
    /// `None` when the rule gives no category (see `decided_by`).
    pub id: Option<Category>,
    pub decided_by: DecidedBy,
    /// close-depend-anxiety: the mean of Close and Depend the rule used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close_depend: Option<f64>,
    /// The instrument authors' caution, shown with the category (from the
    /// bank; empty from the functions below until the scorer sets it).
    #[serde(default)]
    pub caution: String,
}

/// The Relationship Questionnaire's rule over the four paragraph ratings.
pub fn highest_rating(
    ratings: &[(Prototype, Option<i64>)],
    choice: Option<Prototype>,
) -> CategoryResult {
    let result = |id, decided_by| CategoryResult {
        rule: CategoryRuleId::HighestRating,
        id,
        decided_by,
        close_depend: None,
        caution: String::new(),
    };
    if ratings.len() < 4 || ratings.iter().any(|(_, r)| r.is_none()) {
        return result(None, DecidedBy::MissingRating);
    }
    let best = ratings.iter().filter_map(|(_, r)| *r).max();
    let tied: Vec<Prototype> = ratings
        .iter()
        .filter(|(_, r)| *r == best)
        .map(|(p, _)| *p)
        .collect();
    match tied.as_slice() {
        [one] => result(Some(Category::of(*one)), DecidedBy::HighestRating),
        _ => match choice.filter(|c| tied.contains(c)) {
            Some(c) => result(Some(Category::of(c)), DecidedBy::ForcedChoice),
            None => result(None, DecidedBy::UnbrokenTie),
        },
    }
}

/// Collins' (1996) exploratory RAAS rule; `cut` is the scale midpoint.
pub fn close_depend_anxiety(
    close: Option<f64>,
    depend: Option<f64>,
    anxiety: Option<f64>,
    cut: f64,
) -> CategoryResult {
    let mut r = CategoryResult {
        rule: CategoryRuleId::CloseDependAnxiety,
        id: None,
        decided_by: DecidedBy::MissingScore,
        close_depend: None,
        caution: String::new(),
    };
    let (Some(c), Some(d), Some(anx)) = (close, depend, anxiety) else {
        return r;
    };
    let cd = f64::midpoint(c, d);
    r.close_depend = Some(cd);
    #[allow(clippy::float_cmp)] // the rule's own strict inequalities
    if cd == cut || anx == cut {
        r.decided_by = DecidedBy::AtCutoff;
        return r;
    }
    r.decided_by = DecidedBy::Scores;
    r.id = Some(match (cd > cut, anx > cut) {
        (true, false) => Category::Secure,
        (true, true) => Category::Preoccupied,
        (false, false) => Category::Dismissing,
        (false, true) => Category::Fearful,
    });
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use Prototype::{Anxious, Avoidant, Fearful, Secure};

    fn rated(s: i64, f: i64, p: i64, d: i64) -> [(Prototype, Option<i64>); 4] {
        [
            (Secure, Some(s)),
            (Fearful, Some(f)),
            (Anxious, Some(p)),
            (Avoidant, Some(d)),
        ]
    }

    #[test]
    fn rq_highest_rating_then_forced_choice_then_dropped() {
        let r = highest_rating(&rated(6, 2, 3, 4), Some(Avoidant));
        assert_eq!(
            (r.id, r.decided_by),
            (Some(Category::Secure), DecidedBy::HighestRating)
        );
        let r = highest_rating(&rated(6, 2, 6, 4), Some(Anxious));
        assert_eq!(
            (r.id, r.decided_by),
            (Some(Category::Preoccupied), DecidedBy::ForcedChoice)
        );
        // The choice names a paragraph outside the tie: it cannot break it.
        let r = highest_rating(&rated(6, 2, 6, 4), Some(Avoidant));
        assert_eq!((r.id, r.decided_by), (None, DecidedBy::UnbrokenTie));
        let r = highest_rating(&rated(5, 5, 5, 1), None);
        assert_eq!((r.id, r.decided_by), (None, DecidedBy::UnbrokenTie));
        let mut missing = rated(6, 2, 3, 4);
        missing[3].1 = None;
        let r = highest_rating(&missing, Some(Secure));
        assert_eq!((r.id, r.decided_by), (None, DecidedBy::MissingRating));
    }

    #[test]
    fn raas_quadrants_and_the_midpoint() {
        let cat = |c, d, a| close_depend_anxiety(Some(c), Some(d), Some(a), 3.0);
        assert_eq!(cat(4.0, 3.5, 2.0).id, Some(Category::Secure));
        assert_eq!(cat(4.0, 3.5, 2.0).close_depend, Some(3.75));
        assert_eq!(cat(4.0, 3.5, 3.5).id, Some(Category::Preoccupied));
        assert_eq!(cat(2.0, 2.5, 2.0).id, Some(Category::Dismissing));
        assert_eq!(cat(2.0, 2.5, 4.0).id, Some(Category::Fearful));
        // CD = (3.5 + 2.5)/2 = 3 exactly: not assigned.
        let r = cat(3.5, 2.5, 2.0);
        assert_eq!((r.id, r.decided_by), (None, DecidedBy::AtCutoff));
        let r = cat(4.0, 4.0, 3.0);
        assert_eq!((r.id, r.decided_by), (None, DecidedBy::AtCutoff));
        let r = close_depend_anxiety(Some(4.0), None, Some(2.0), 3.0);
        assert_eq!((r.id, r.decided_by), (None, DecidedBy::MissingScore));
    }

    #[test]
    fn decided_by_ids_are_the_serialized_names() {
        for d in [
            DecidedBy::HighestRating,
            DecidedBy::ForcedChoice,
            DecidedBy::UnbrokenTie,
            DecidedBy::MissingRating,
            DecidedBy::MissingScore,
            DecidedBy::AtCutoff,
            DecidedBy::Scores,
        ] {
            assert_eq!(serde_json::to_value(d).unwrap(), d.id());
        }
    }
}
