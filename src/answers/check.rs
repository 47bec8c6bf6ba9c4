//! Checking answers against a bank: one table from answer key to slot,
//! built once per file, and the rules every format shares (scale, whole
//! numbers, forced choice, not-applicable relationships, duplicate ids).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use super::error::{show_text, ErrorKind, Problem};
use super::seen::Seen;
use super::{Answer, AnswerSet, NOT_APPLICABLE};
use crate::bank::{Bank, ItemKind};

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
    /// Answer key → slot. Hashed with [`fingerprint`] ([`KeyHasher`]): the
    /// keys are a bank's short ids, and SipHash showed in the profile.
    keys: HashMap<String, Key, BuildHasherDefault<KeyHasher>>,
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
        let mut keys = HashMap::with_capacity_and_hasher(
            names.len() + bank.targets.len(),
            BuildHasherDefault::default(),
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

    fn scale_problem(&self) -> String {
        format!(
            "outside the answer scale of {} ({} to {})",
            self.bank.id, self.bank.scale.min, self.bank.scale.max
        )
    }

    fn rating_fix(&self, flavor: Flavor) -> String {
        format!(
            "give a whole number from {} to {}, or {}",
            self.bank.scale.min,
            self.bank.scale.max,
            flavor.missing()
        )
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

    fn bad_target_value(&self, t: usize, shown: String, flavor: Flavor) -> Problem {
        let id = &self.bank.targets[t].id;
        let empty = match flavor {
            Flavor::Json => "null",
            Flavor::Csv => "an empty cell",
        };
        Problem::new(
            ErrorKind::BadNotApplicable,
            format!("a relationship id only takes the value \"{NOT_APPLICABLE}\""),
        )
        .value(shown)
        .fix(format!(
            "write \"{NOT_APPLICABLE}\" if `{id}` does not apply to this person, or {empty} if it does; ratings go under `{id}.<item>`"
        ))
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
    /// integer or an empty cell) allocates nothing.
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

    #[cold]
    fn bad_rating_cell(&self, slot: usize, b: &[u8]) -> Problem {
        let text = String::from_utf8_lossy(b);
        let shown = show_text(&text);
        if let Some(v) = parse_int(b) {
            return match self.rating(slot, v, || shown, Flavor::Csv) {
                Err(p) => p,
                Ok(_) => unreachable!("only called for bad cells"),
            };
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => self.fraction(f, shown, Flavor::Csv),
            _ => self.text_rating(slot, &text, shown, Flavor::Csv),
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

    fn fraction(&self, f: f64, shown: String, flavor: Flavor) -> Problem {
        // A whole number too large to be a rating (`1e19`, or digits past
        // what a 64-bit integer holds) is out of range, not "not whole".
        if f.fract() == 0.0
            && !(self.bank.scale.min as f64..=self.bank.scale.max as f64).contains(&f)
        {
            return Problem::new(ErrorKind::OutOfScale, self.scale_problem())
                .value(shown)
                .fix(self.rating_fix(flavor));
        }
        if f.fract() == 0.0 && f.abs() < 1e15 {
            Problem::new(
                ErrorKind::NotInteger,
                "written with a decimal point; ratings are whole numbers",
            )
            .value(shown)
            .fix(format!("write {}", f as i64))
        } else {
            Problem::new(ErrorKind::NotInteger, "not a whole number")
                .value(shown)
                .fix(self.rating_fix(flavor))
        }
    }

    fn text_rating(&self, slot: usize, s: &str, shown: String, flavor: Flavor) -> Problem {
        let t = s.trim();
        if flavor == Flavor::Json {
            if let Ok(i) = t.parse::<i64>() {
                return Problem::new(ErrorKind::NumberAsText, "a rating written as text")
                    .value(shown)
                    .fix(format!("write {i} without quotes"));
            }
            if t.is_empty() {
                return Problem::new(ErrorKind::NotARating, "an empty string is not a rating")
                    .value(shown)
                    .fix("write null for a missing answer");
            }
        }
        if t == NOT_APPLICABLE {
            if let Some(target) = self.target_of(slot) {
                let id = &self.bank.targets[target].id;
                let how = match flavor {
                    Flavor::Json => format!("give \"{id}\": \"{NOT_APPLICABLE}\""),
                    Flavor::Csv => format!("put \"{NOT_APPLICABLE}\" in a `{id}` column"),
                };
                return Problem::new(ErrorKind::NotARating, "not a rating")
                    .value(shown)
                    .fix(format!(
                        "to say `{id}` does not apply, {how} and leave its items empty"
                    ));
            }
        }
        let mut fix = self.rating_fix(flavor);
        if flavor == Flavor::Csv && matches!(t, "NA" | "na" | "N/A" | "n/a" | "NaN" | "nan" | ".") {
            fix.push_str(" (from R: write.csv(..., na = \"\"))");
        }
        Problem::new(ErrorKind::NotARating, "not a rating")
            .value(shown)
            .fix(fix)
    }

    /// The message for a key the bank does not have, with the closest key
    /// it does have.
    pub fn unknown_key(&self, key: &str, flavor: Flavor) -> Problem {
        let what = match flavor {
            Flavor::Json => "key",
            Flavor::Csv => "column",
        };
        let problem = format!("not a question of {}", self.bank.id);
        let show = format!("`securebase show {}` lists them", self.bank.id);
        let base = Problem::new(ErrorKind::UnknownKey, problem);
        if flavor == Flavor::Csv && key == "bank" {
            return base
                .fix("remove the column: a CSV file holds one bank's answers, named with --bank");
        }
        // A bare item id on a bank with targets: name the per-target keys.
        if !self.bank.targets.is_empty() && self.bank.item(key).is_some() {
            let examples: Vec<String> = self
                .bank
                .targets
                .iter()
                .map(|t| format!("{}.{key}", t.id))
                .collect();
            return base.fix(format!(
                "{} asks each item once per relationship: name the {what} {}",
                self.bank.id,
                examples.join(", ")
            ));
        }
        let candidates = self
            .keys
            .keys()
            .map(String::as_str)
            .chain((flavor == Flavor::Csv).then_some("respondent"));
        match suggest(key, candidates) {
            Some(m) => base.fix(format!("did you mean `{m}`? ({show})")),
            None => base.fix(format!(
                "remove the {what} or use one of the bank's answer keys ({show})"
            )),
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

/// A 64-bit fingerprint of a respondent id: 8 bytes at a time, multiplied
/// and folded, then finished with MurmurHash3's fmix64 so every input bit
/// reaches every output bit. Not for adversaries (a crafted collision only
/// makes us report a duplicate that is not one); fast for a million ids.
pub(crate) fn fingerprint(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (bytes.len() as u64).wrapping_mul(K) ^ 0x243F_6A88_85A3_08D3;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h ^ w).wrapping_mul(K).rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(buf))
            .wrapping_mul(K)
            .rotate_left(29);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// Hashes answer keys with [`fingerprint`], which mixes every byte into
/// all bits (ids such as `anx-01` and `avo-01` differ only in the middle).
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = self.0.rotate_left(17) ^ fingerprint(bytes);
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

/// A plain decimal integer, without allocating; `None` for anything else
/// (including overflow, which is then reported from the text).
pub(crate) fn parse_int(b: &[u8]) -> Option<i64> {
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() {
        return None;
    }
    // Accumulated negatively: i64::MIN has no positive twin.
    let mut v: i64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_sub(i64::from(c - b'0'))?;
    }
    if neg {
        Some(v)
    } else {
        v.checked_neg()
    }
}

pub(crate) use crate::diag::suggest;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_integers_only() {
        assert_eq!(parse_int(b"7"), Some(7));
        assert_eq!(parse_int(b"-3"), Some(-3));
        assert_eq!(parse_int(b"+4"), Some(4));
        assert_eq!(parse_int(b"4.5"), None);
        assert_eq!(parse_int(b""), None);
        assert_eq!(parse_int(b"-"), None);
        assert_eq!(
            parse_int(b"1234567890123456789"),
            Some(1_234_567_890_123_456_789)
        );
        assert_eq!(parse_int(b"9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_int(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_int(b"9223372036854775808"), None);
        assert_eq!(parse_int(b"99999999999999999999999"), None);
    }

    #[test]
    fn fingerprints_differ_for_near_ids() {
        let ids = [
            "p1",
            "p2",
            "p01",
            "p10",
            "",
            "respondent-00000001",
            "respondent-00000002",
        ];
        let mut seen = std::collections::HashSet::new();
        for id in ids {
            assert!(seen.insert(fingerprint(id.as_bytes())), "{id}");
        }
        // Many sequential ids, no collision.
        let mut all = std::collections::HashSet::new();
        for i in 0..200_000u32 {
            assert!(all.insert(fingerprint(format!("p{i:07}").as_bytes())));
        }
    }

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
