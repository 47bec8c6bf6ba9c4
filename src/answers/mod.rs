//! One person's answers, matched to a bank by item id (never by position).
//!
//! Readers for answer files (JSON, JSON Lines, CSV) live in submodules; they
//! all produce [`AnswerSet`]s that [`check`] has validated against the bank,
//! so the scoring core can trust every value it gets.

use std::collections::BTreeMap;

/// A single answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A rating on the bank's scale (checked to lie within it).
    Rating(i64),
    /// Skipped or left empty.
    Missing,
    /// The forced choice: the id of the chosen prototype item.
    Choice(String),
    /// Given as the value of a target id: this relationship does not apply.
    NotApplicable,
}

/// The text that marks a target as not applicable in answer files.
pub const NOT_APPLICABLE: &str = "not-applicable";

/// One respondent's answers to one bank.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AnswerSet {
    pub bank: String,
    pub respondent: Option<String>,
    /// Keys: item ids, `<target>.<item>` for target banks, the forced
    /// choice's id, and a target id (value [`Answer::NotApplicable`]).
    /// A key that is absent counts as missing.
    pub answers: BTreeMap<String, Answer>,
    /// Seconds spent on each answer key, where an interactive run recorded it.
    pub timings: BTreeMap<String, f64>,
}

impl AnswerSet {
    pub fn new(bank: &str) -> Self {
        AnswerSet {
            bank: bank.to_string(),
            ..Self::default()
        }
    }

    /// The rating given for `key`, if any.
    pub fn rating(&self, key: &str) -> Option<i64> {
        match self.answers.get(key) {
            Some(Answer::Rating(r)) => Some(*r),
            _ => None,
        }
    }

    pub fn is_not_applicable(&self, target: &str) -> bool {
        matches!(self.answers.get(target), Some(Answer::NotApplicable))
    }
}
