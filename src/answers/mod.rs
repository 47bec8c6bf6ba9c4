//! One person's answers, matched to a bank by item id (never by position).
//!
//! Readers for answer files (JSON, JSON Lines, CSV) produce [`AnswerSet`]s
//! that have been checked against the bank, so the scoring core can trust
//! every value. Answers are stored densely, one slot per
//! [`Bank::answer_keys`](crate::bank::Bank::answer_keys) entry: a study of
//! a million respondents must not cost a map of strings per person.

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
}

/// The text that marks a target as not applicable in answer files
/// (as the value of the target's id: `"partner": "not-applicable"`).
pub const NOT_APPLICABLE: &str = "not-applicable";

/// One respondent's answers to one bank.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AnswerSet {
    pub bank: String,
    pub respondent: Option<String>,
    /// One slot per `Bank::answer_keys()` entry, in that order.
    pub values: Vec<Answer>,
    /// One flag per bank target: the respondent said it does not apply.
    pub not_applicable: Vec<bool>,
    /// Seconds spent on each answer key, where an interactive run recorded it.
    pub timings: BTreeMap<String, f64>,
}

impl AnswerSet {
    /// An empty (all missing) answer set for `bank`.
    pub fn empty(bank: &crate::bank::Bank) -> Self {
        AnswerSet {
            bank: bank.id.clone(),
            respondent: None,
            values: vec![Answer::Missing; bank.question_count()],
            not_applicable: vec![false; bank.targets.len()],
            timings: BTreeMap::new(),
        }
    }

    /// The rating in slot `i`, if any.
    pub fn rating(&self, i: usize) -> Option<i64> {
        match self.values.get(i) {
            Some(Answer::Rating(r)) => Some(*r),
            _ => None,
        }
    }
}
