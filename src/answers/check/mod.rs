//! Checking answers against a bank: one table from answer key to slot,
//! built once per file, and the rules every format shares (scale, whole
//! numbers, forced choice, not-applicable relationships, duplicate ids).
//!
//! The checks are here; the messages for a refused value are in
//! [`problems`], and the hand-written hot helpers in [`fast`].

mod fast;
mod problems;

use std::cell::RefCell;
use std::rc::Rc;

use super::error::{show_text, ErrorKind, Problem};
use super::seen::Seen;
use super::{Answer, AnswerSet, NOT_APPLICABLE};
use crate::bank::{Bank, ItemKind};
pub(crate) use fast::parse_int;

/// What an answer key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    /// An answer slot: an index into [`AnswerSet::values`].
    Slot(usize),
    /// A relationship (target) id, which only takes `"not-applicable"`.
    Target(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SlotKind {
    Rating,
    Choice,
}

/// How the file writes a missing answer, for the fixes we suggest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    Json,
    Csv,
}

impl Flavor {
    fn missing(self) -> &'static str {
        match self {
            Flavor::Json => "null for a missing answer",
            Flavor::Csv => "leave the cell empty for a missing answer",
        }
    }
}

/// What a value does to the answer set.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Update {
    Set(usize, Answer),
    NotApplicable(usize),
    Nothing,
}

pub(crate) struct Checker<'b> {
    pub bank: &'b Bank,
    pub file: String,
    /// Answer key → slot. Hashed with rustc-hash's FxHasher: the keys are
    /// a bank's own short ids (not attacker-chosen hash-flooding material:
    /// an unknown key ends the read), and SipHash showed in the profile of
    /// `scripts/bench.sh`'s `jsonl` rows.
    keys: rustc_hash::FxHashMap<String, Key>,
    pub kinds: Vec<SlotKind>,
    /// `bank.answer_keys()`, so a slot can be named.
    pub names: Vec<String>,
    /// Prototype item ids: the values the forced choice takes.
    choices: Vec<&'b str>,
    /// The respondent ids seen in this run (shared by every input of the
    /// run; see [`Seen`]).
    pub ids: Rc<RefCell<Seen>>,
}

impl<'b> Checker<'b> {
    pub fn new(bank: &'b Bank, file: &str) -> Self {
        let names = bank.answer_keys();
        let mut keys = rustc_hash::FxHashMap::with_capacity_and_hasher(
            names.len() + bank.targets.len(),
            rustc_hash::FxBuildHasher,
        );
        let mut kinds = Vec::with_capacity(names.len());
        for (i, k) in names.iter().enumerate() {
            keys.insert(k.clone(), Key::Slot(i));
            let is_choice = bank.forced_choice.as_ref().is_some_and(|fc| &fc.id == k);
            kinds.push(if is_choice {
                SlotKind::Choice
            } else {
                SlotKind::Rating
            });
        }
        for (t, target) in bank.targets.iter().enumerate() {
            keys.insert(target.id.clone(), Key::Target(t));
        }
        let choices = bank
            .items
            .iter()
            .filter(|i| matches!(i.kind, ItemKind::Prototype { .. }))
            .map(|i| i.id.as_str())
            .collect();
        Checker {
            bank,
            file: file.to_string(),
            keys,
            kinds,
            names,
            choices,
            ids: Rc::default(),
        }
    }

    pub fn key(&self, k: &str) -> Option<Key> {
        self.keys.get(k).copied()
    }

    /// [`Checker::key`], trying slot `next` first: files usually list the
    /// keys in the bank's order, and one comparison is cheaper than a hash.
    /// The benchmark: `scripts/bench.sh`, its `jsonl` rows (the JSON Lines
    /// fast path looks every answer key up this way).
    #[inline]
    pub fn key_from(&self, k: &str, next: usize) -> Option<Key> {
        match self.names.get(next) {
            Some(n) if n == k => Some(Key::Slot(next)),
            _ => self.key(k),
        }
    }

    /// Whether `v` lies within the bank's answer scale.
    #[inline]
    pub fn in_scale(&self, v: i64) -> bool {
        v >= self.bank.scale.min && v <= self.bank.scale.max
    }

    #[inline]
    pub fn is_rating(&self, slot: usize) -> bool {
        self.kinds[slot] == SlotKind::Rating
    }

    /// The relationship a slot belongs to, on a bank with targets.
    pub fn target_of(&self, slot: usize) -> Option<usize> {
        if self.bank.targets.is_empty() || self.kinds[slot] == SlotKind::Choice {
            None
        } else {
            self.bank.layout().locate(slot).map(|(t, _)| t)
        }
    }

    fn rating(
        &self,
        slot: usize,
        v: i64,
        shown: impl FnOnce() -> String,
        flavor: Flavor,
    ) -> Result<Update, Problem> {
        if v < self.bank.scale.min || v > self.bank.scale.max {
            return Err(Problem::new(ErrorKind::OutOfScale, self.scale_problem())
                .value(shown())
                .fix(self.rating_fix(flavor)));
        }
        Ok(Update::Set(slot, Answer::Rating(v)))
    }

    fn choice(&self, slot: usize, s: &str, shown: String) -> Result<Update, Problem> {
        if let Some(c) = self.choices.iter().find(|c| **c == s) {
            return Ok(Update::Set(slot, Answer::Choice((*c).to_string())));
        }
        let ids = self.choices.join(", ");
        let fix = match suggest(s, self.choices.iter().copied()) {
            Some(m) => format!("did you mean `{m}`? (the paragraph ids: {ids})"),
            None => format!("give the id of the paragraph that fits best: {ids}"),
        };
        Err(
            Problem::new(ErrorKind::BadChoice, "not one of this bank's paragraphs")
                .value(shown)
                .fix(fix),
        )
    }

    fn not_applicable(&self, t: usize, shown: String) -> Result<Update, Problem> {
        let target = &self.bank.targets[t];
        if target.allow_not_applicable {
            Ok(Update::NotApplicable(t))
        } else {
            Err(Problem::new(
                ErrorKind::NotApplicableRefused,
                format!(
                    "`{}` cannot be marked not applicable in {}",
                    target.id, self.bank.id
                ),
            )
            .value(shown)
            .fix(format!(
                "rate the {} items (or leave some missing) instead",
                target.id
            )))
        }
    }

    /// Checks one JSON value for `key`.
    pub fn json(&self, key: Key, v: &serde_json::Value) -> Result<Update, Problem> {
        use serde_json::Value;
        let shown = || super::error::clip(&v.to_string());
        match key {
            Key::Target(t) => match v {
                Value::Null => Ok(Update::Nothing),
                Value::String(s) if s == NOT_APPLICABLE => self.not_applicable(t, shown()),
                _ => Err(self.bad_target_value(t, shown(), Flavor::Json)),
            },
            Key::Slot(slot) if self.kinds[slot] == SlotKind::Choice => match v {
                Value::Null => Ok(Update::Set(slot, Answer::Missing)),
                Value::String(s) => self.choice(slot, s, shown()),
                _ => Err(Problem::new(
                    ErrorKind::BadChoice,
                    "the forced choice is answered with a paragraph's id, not a rating",
                )
                .value(shown())
                .fix(format!(
                    "give one of {} in quotes, or null",
                    self.choices.join(", ")
                ))),
            },
            Key::Slot(slot) => match v {
                Value::Null => Ok(Update::Set(slot, Answer::Missing)),
                Value::Number(n) => {
                    if let Some(i) = n.as_i64() {
                        self.rating(slot, i, shown, Flavor::Json)
                    } else if n.is_u64() {
                        Err(Problem::new(ErrorKind::OutOfScale, self.scale_problem())
                            .value(shown())
                            .fix(self.rating_fix(Flavor::Json)))
                    } else {
                        Err(self.fraction(n.as_f64().unwrap_or(f64::NAN), shown(), Flavor::Json))
                    }
                }
                Value::String(s) => Err(self.text_rating(slot, s, shown(), Flavor::Json)),
                _ => Err(Problem::new(ErrorKind::NotARating, "not a rating")
                    .value(shown())
                    .fix(self.rating_fix(Flavor::Json))),
            },
        }
    }

    /// The update a JSON string makes for `key` when [`Checker::json`]
    /// would accept it (a paragraph id, `"not-applicable"`); `None` when
    /// it would not.
    pub fn json_str(&self, key: Key, s: &str) -> Option<Update> {
        match key {
            Key::Target(t) if s == NOT_APPLICABLE => self.not_applicable(t, String::new()).ok(),
            Key::Slot(slot) if self.kinds[slot] == SlotKind::Choice => {
                self.choice(slot, s, String::new()).ok()
            }
            _ => None,
        }
    }

    /// Checks one CSV cell of an answer slot. The hot path (a plain
    /// integer or an empty cell) allocates nothing. The benchmark:
    /// `scripts/bench.sh`, its `csv` rows.
    #[inline]
    pub fn slot_cell(&self, slot: usize, raw: &[u8]) -> Result<Answer, Problem> {
        let b = raw.trim_ascii();
        if b.is_empty() {
            return Ok(Answer::Missing);
        }
        if self.kinds[slot] == SlotKind::Rating {
            if let Some(v) = parse_int(b) {
                if v >= self.bank.scale.min && v <= self.bank.scale.max {
                    return Ok(Answer::Rating(v));
                }
            }
            return Err(self.bad_rating_cell(slot, b));
        }
        let text = String::from_utf8_lossy(b);
        match self.choice(slot, &text, show_text(&text))? {
            Update::Set(_, a) => Ok(a),
            _ => unreachable!("a choice sets its slot"),
        }
    }

    /// Checks one CSV cell of a relationship's not-applicable column.
    pub fn target_cell(&self, t: usize, raw: &[u8]) -> Result<Update, Problem> {
        let b = raw.trim_ascii();
        if b.is_empty() {
            return Ok(Update::Nothing);
        }
        let text = String::from_utf8_lossy(b);
        if text == NOT_APPLICABLE {
            self.not_applicable(t, show_text(&text))
        } else {
            Err(self.bad_target_value(t, show_text(&text), Flavor::Csv))
        }
    }

    /// Notes a respondent id; `false` when it was seen before in this run.
    pub fn respondent(&mut self, id: &str) -> bool {
        self.ids.borrow_mut().insert(id.as_bytes())
    }

    /// The first rating given for a relationship also marked not applicable.
    pub fn conflict(&self, set: &AnswerSet) -> Option<(usize, Problem)> {
        if !set.not_applicable.contains(&true) {
            return None;
        }
        let layout = self.bank.layout();
        for (t, &na) in set.not_applicable.iter().enumerate() {
            if !na {
                continue;
            }
            for slot in layout.target_slots(t) {
                if let Answer::Rating(r) = set.values[slot] {
                    let id = &self.bank.targets[t].id;
                    return Some((
                        slot,
                        Problem::new(
                            ErrorKind::NotApplicableConflict,
                            format!("rated, but `{id}` is marked \"{NOT_APPLICABLE}\""),
                        )
                        .value(r.to_string())
                        .fix(format!(
                            "either remove the \"{NOT_APPLICABLE}\" mark of `{id}`, or leave its items empty"
                        )),
                    ));
                }
            }
        }
        None
    }

    /// Checks a timing (seconds spent on an answer key).
    pub fn timing(&self, key: &str, v: &serde_json::Value) -> Result<f64, Problem> {
        if !matches!(self.key(key), Some(Key::Slot(_))) {
            let mut p = self.unknown_key(key, Flavor::Json);
            p.text = format!("a timing for {}", p.text);
            return Err(p);
        }
        match v.as_f64() {
            Some(s) if s.is_finite() && s >= 0.0 => Ok(s),
            _ => Err(
                Problem::new(ErrorKind::BadTiming, "not a number of seconds")
                    .value(super::error::clip(&v.to_string()))
                    .fix("give the seconds as a number of zero or more, or leave the timing out"),
            ),
        }
    }
}

/// Applies an update to `set`.
#[inline]
pub(crate) fn apply(set: &mut AnswerSet, u: Update) {
    match u {
        Update::Set(slot, a) => set.values[slot] = a,
        Update::NotApplicable(t) => set.not_applicable[t] = true,
        Update::Nothing => {}
    }
}

pub(crate) use crate::diag::suggest;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkers_sharing_ids_find_repeats_across_files() {
        let bank = crate::bank::Catalog::builtin("sb-core")
            .expect("built in")
            .bank;
        let mut a = Checker::new(&bank, "a.csv");
        let mut b = Checker::new(&bank, "b.csv");
        b.ids = Rc::clone(&a.ids);
        assert!(a.respondent("p1"));
        assert!(b.respondent("p2"));
        assert!(!b.respondent("p1"));
        assert!(!a.respondent("p2"));
    }

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["anx-01", "anx-02", "avo-01"];
        assert_eq!(suggest("anx-1", keys.iter().copied()), Some("anx-01"));
        assert_eq!(suggest("ANX-02", keys.iter().copied()), Some("anx-02"));
        assert_eq!(suggest("favourite-colour", keys.iter().copied()), None);
    }
}
