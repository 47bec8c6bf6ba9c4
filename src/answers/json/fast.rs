//! The JSON Lines fast path: see [`fast_line`].

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::super::check::{apply, Checker, Key, Update};
use super::super::{Answer, AnswerSet};

/// The fast path for one JSON Lines document: reads the plain case (a
/// `"bank"` string, a `"respondent"`, an `"answers"` object of known keys
/// with whole numbers in the scale, nulls, paragraph ids and
/// `"not-applicable"` marks) straight into an [`AnswerSet`], with no owned
/// key and no `serde_json::Value`. Anything else — a syntax error, a
/// duplicate, an unknown key, a bad value, `"timings"`, a saved result —
/// makes it give up (`None`) without side effects, and the caller reads the
/// line again with [`convert`](super::convert::convert), which builds the
/// exact message. Errors are rare; only valid lines need to be fast.
///
/// The benchmark that shows it is needed: `scripts/bench.sh`, its `jsonl`
/// rows (the million-respondent JSON Lines study, to stay under 3 s), where
/// every line is valid and read here. The unit tests below pin that it
/// reads exactly what the careful path reads and gives up on the rest.
pub(super) fn fast_line(ck: &Checker, marks: &mut Vec<u64>, text: &str) -> Option<AnswerSet> {
    let mut de = serde_json::Deserializer::from_str(text);
    let set = de::DeserializeSeed::deserialize(FastDoc { ck, marks }, &mut de).ok()?;
    de.end().ok()?;
    Some(set)
}

/// Tells the fast path to give up; the message is never shown.
fn give_up<E: de::Error>() -> E {
    E::custom("")
}

struct FastDoc<'c, 'b> {
    ck: &'c Checker<'b>,
    /// One bit per answer key seen in this document (reused across lines).
    marks: &'c mut Vec<u64>,
}

impl<'de> de::DeserializeSeed<'de> for FastDoc<'_, '_> {
    type Value = AnswerSet;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<AnswerSet, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FastDoc<'_, '_> {
    type Value = AnswerSet;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnswerSet, A::Error> {
        let ck = self.ck;
        let mut set = AnswerSet::empty(ck.bank);
        // Bits: 1 bank, 2 respondent, 4 answers.
        let mut seen = 0u8;
        while let Some(k) = map.next_key::<TopKey>()? {
            let bit = 1u8 << (k as u8);
            if seen & bit != 0 {
                return Err(give_up());
            }
            seen |= bit;
            match k {
                TopKey::Bank => map.next_value_seed(Exact(&ck.bank.id))?,
                TopKey::Respondent => set.respondent = map.next_value::<Respondent>()?.0,
                TopKey::Answers => map.next_value_seed(FastAnswers {
                    ck,
                    marks: &mut *self.marks,
                    set: &mut set,
                })?,
            }
        }
        if seen & 0b101 != 0b101 || ck.conflict(&set).is_some() {
            return Err(give_up());
        }
        Ok(set)
    }
}

/// The top-level keys the fast path reads; any other is given up on.
#[derive(Clone, Copy)]
enum TopKey {
    Bank = 0,
    Respondent = 1,
    Answers = 2,
}

impl<'de> Deserialize<'de> for TopKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TopKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TopKey, E> {
                match v {
                    "bank" => Ok(TopKey::Bank),
                    "respondent" => Ok(TopKey::Respondent),
                    "answers" => Ok(TopKey::Answers),
                    _ => Err(give_up()),
                }
            }
        }
        d.deserialize_str(V)
    }
}

/// A string equal to the given one (the bank id).
struct Exact<'a>(&'a str);

impl<'de> de::DeserializeSeed<'de> for Exact<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for Exact<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the bank id")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        if v == self.0 {
            Ok(())
        } else {
            Err(give_up())
        }
    }
}

/// A respondent id as [`convert`](super::convert::convert) reads it: text (blank is none), a whole
/// number, or null.
struct Respondent(Option<String>);

impl<'de> Deserialize<'de> for Respondent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Respondent;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a respondent id")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Respondent, E> {
                Ok(Respondent(None))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Respondent, E> {
                Ok(Respondent((!v.trim().is_empty()).then(|| v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Respondent, E> {
                Ok(Respondent(Some(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Respondent, E> {
                Ok(Respondent(Some(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

struct FastAnswers<'c, 'b> {
    ck: &'c Checker<'b>,
    marks: &'c mut Vec<u64>,
    set: &'c mut AnswerSet,
}

impl<'de> de::DeserializeSeed<'de> for FastAnswers<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FastAnswers<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of answer keys and values")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ck = self.ck;
        let slots = ck.names.len();
        let words = (slots + ck.bank.targets.len()).div_ceil(64);
        self.marks.clear();
        self.marks.resize(words, 0);
        // Files usually list the keys in the bank's order: try the slot
        // after the last one before hashing.
        let mut next = 0;
        while let Some(key) = map.next_key_seed(FastKey { ck, next })? {
            let bit = match key {
                Key::Slot(s) => {
                    next = s + 1;
                    s
                }
                Key::Target(t) => slots + t,
            };
            let (word, mask) = (bit / 64, 1u64 << (bit % 64));
            if self.marks[word] & mask != 0 {
                return Err(give_up());
            }
            self.marks[word] |= mask;
            let u = map.next_value_seed(FastValue { ck, key })?;
            apply(self.set, u);
        }
        Ok(())
    }
}

/// An answer key, looked up without owning it; an unknown one gives up.
struct FastKey<'c, 'b> {
    ck: &'c Checker<'b>,
    next: usize,
}

impl<'de> de::DeserializeSeed<'de> for FastKey<'_, '_> {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for FastKey<'_, '_> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        self.ck.key_from(v, self.next).ok_or_else(give_up)
    }
}

/// One answer value: what [`Checker::json`] accepts, without a `Value`.
struct FastValue<'c, 'b> {
    ck: &'c Checker<'b>,
    key: Key,
}

impl<'de> de::DeserializeSeed<'de> for FastValue<'_, '_> {
    type Value = Update;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Update, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for FastValue<'_, '_> {
    type Value = Update;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Update, E> {
        Ok(match self.key {
            Key::Slot(s) => Update::Set(s, Answer::Missing),
            Key::Target(_) => Update::Nothing,
        })
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Update, E> {
        match self.key {
            Key::Slot(s) if self.ck.is_rating(s) && self.ck.in_scale(v) => {
                Ok(Update::Set(s, Answer::Rating(v)))
            }
            _ => Err(give_up()),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Update, E> {
        match i64::try_from(v) {
            Ok(v) => self.visit_i64(v),
            Err(_) => Err(give_up()),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Update, E> {
        self.ck.json_str(self.key, v).ok_or_else(give_up)
    }
}

#[cfg(test)]
mod tests {
    use super::super::convert::convert;
    use super::super::doc::{Doc, Place};
    use super::super::problems::syntax_error;
    use super::super::Lines;
    use super::*;
    use crate::answers::{AnswerError, ErrorKind};
    use crate::bank::{Bank, Catalog};

    /// The fast path's answer for one line, and the careful path's.
    fn both(bank: &Bank, text: &str) -> (Option<AnswerSet>, Result<AnswerSet, AnswerError>) {
        let fast = fast_line(&Checker::new(bank, "t.jsonl"), &mut Vec::new(), text);
        let mut ck = Checker::new(bank, "t.jsonl");
        let slow = match serde_json::from_str::<Doc>(text) {
            Ok(doc) => convert(
                &mut ck,
                doc,
                &mut Place {
                    text,
                    line: Some(1),
                    spans: None,
                },
            ),
            Err(e) => Err(syntax_error("t.jsonl", &e, Some(1), false)),
        };
        (fast, slow)
    }

    /// Lines the fast path must read itself, exactly as the careful path.
    fn fast_reads(bank: &str, lines: &[&str]) {
        let bank = Catalog::builtin(bank).unwrap().bank;
        for line in lines {
            let (fast, slow) = both(&bank, line);
            let fast = fast.unwrap_or_else(|| panic!("fast path gave up on {line}"));
            assert_eq!(Ok(fast), slow, "{line}");
        }
    }

    /// Lines the fast path must leave to the careful path.
    fn fast_gives_up(bank: &str, lines: &[&str]) {
        let bank = Catalog::builtin(bank).unwrap().bank;
        for line in lines {
            let (fast, _) = both(&bank, line);
            assert!(fast.is_none(), "fast path read {line}");
        }
    }

    #[test]
    fn the_fast_path_reads_plain_lines_as_the_careful_path_does() {
        fast_reads(
            "sb-core",
            &[
                r#"{"bank":"sb-core","respondent":"p1","answers":{"anx-01":4,"avo-01":7,"dis-01":1}}"#,
                r#"{"answers":{"dis-01":null,"anx-01":1},"bank":"sb-core"}"#,
                r#" { "respondent" : 17 , "bank" : "sb\u002dcore" , "answers" : { "anx\u002d02" : 2 } } "#,
                r#"{"bank":"sb-core","respondent":-3,"answers":{}}"#,
                r#"{"bank":"sb-core","respondent":"  ","answers":{"avo-18":5}}"#,
                r#"{"bank":"sb-core","respondent":null,"answers":{"avo-18":5}}"#,
            ],
        );
        fast_reads(
            "sb-relationships",
            &[
                r#"{"bank":"sb-relationships","answers":{"mother":"not-applicable","father":null,"father.avo-01":3}}"#,
            ],
        );
        fast_reads(
            "sb-styles",
            &[
                r#"{"bank":"sb-styles","answers":{"best-fit":"proto-fearful"}}"#,
                r#"{"bank":"sb-styles","answers":{"best-fit":null}}"#,
            ],
        );
    }

    #[test]
    fn the_fast_path_agrees_on_crlf_lines_and_hostile_ids() {
        let ids = [
            r#""t\u001b]0;PWNED\u0007""#,
            r#""c\u001b]52;c;cHduZWQ=\u0007""#,
            r#""r1\rforged""#,
            r#""c1\u009b31m""#,
            r#""b\u202edis""#,
            "\"b\u{202e}raw\"",
            "\"\u{9b}raw\"",
            r#""line\nbreak""#,
            r#""""#,
            "12345678901234567890",
        ];
        for id in ids {
            for end in ["", "\r", "\r\n", " \t\r"] {
                let line = format!(
                    r#"{{"bank":"sb-short","respondent":{id},"answers":{{"anx-01":4,"avo-01":null}}}}{end}"#
                );
                let bank = Catalog::builtin("sb-short").unwrap().bank;
                let (fast, slow) = both(&bank, &line);
                match fast {
                    Some(f) => assert_eq!(Ok(f), slow, "{line:?}"),
                    None => assert!(slow.is_err(), "fast gave up on a good line {line:?}"),
                }
            }
        }
    }

    #[test]
    fn the_fast_path_leaves_every_problem_to_the_careful_path() {
        fast_gives_up(
            "sb-core",
            &[
                r#"{"bank":"sb-core","answers":{"anx-01":4,"anx-01":5}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":4,"anx\u002d01":4}}"#,
                r#"{"bank":"sb-core","bank":"sb-core","answers":{}}"#,
                r#"{"bank":"sb-core","answers":{"anx-1":4}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":0}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":8}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":4.0}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":"4"}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":true}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":[4]}}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":18446744073709551615}}"#,
                r#"{"bank":"sb-short","answers":{"anx-01":4}}"#,
                r#"{"bank":{"id":"sb-core"},"answers":{"anx-01":4}}"#,
                r#"{"answers":{"anx-01":4}}"#,
                r#"{"bank":"sb-core"}"#,
                r#"{"bank":"sb-core","answers":null}"#,
                r#"{"bank":"sb-core","answers":{"anx-01":4}} x"#,
                r#"{"bank":"sb-core","answers":{"anx-01":4}"#,
                r#"{"bank":"sb-core","respondent":1.5,"answers":{}}"#,
                r#"{"bank":"sb-core","respondent":["p1"],"answers":{}}"#,
                r#"{"bank":"sb-core","answers":{},"timings":{"anx-01":1.5}}"#,
                r#"{"bank":"sb-core","answers":{},"note":"x"}"#,
                "[1]",
            ],
        );
        fast_gives_up(
            "sb-relationships",
            &[
                r#"{"bank":"sb-relationships","answers":{"mother":"not-applicable","mother.avo-01":3}}"#,
                r#"{"bank":"sb-relationships","answers":{"mother":"n/a"}}"#,
                r#"{"bank":"sb-relationships","answers":{"mother":3}}"#,
                r#"{"bank":"sb-relationships","answers":{"mother.avo-01":"not-applicable"}}"#,
                r#"{"bank":"sb-relationships","answers":{"avo-01":3}}"#,
            ],
        );
        fast_gives_up(
            "sb-styles",
            &[
                r#"{"bank":"sb-styles","answers":{"best-fit":"proto-lonely"}}"#,
                r#"{"bank":"sb-styles","answers":{"best-fit":3}}"#,
            ],
        );
    }

    #[test]
    fn a_repeated_respondent_read_fast_is_still_refused() {
        let bank = Catalog::builtin("sb-core").unwrap().bank;
        let text = "{\"bank\":\"sb-core\",\"respondent\":\"p1\",\"answers\":{}}\n".repeat(2);
        let got: Vec<_> = Lines::new(&bank, "t.jsonl", text.as_bytes()).collect();
        assert!(got[0].is_ok());
        let err = got[1].as_ref().unwrap_err();
        assert_eq!(err.kind, ErrorKind::DuplicateRespondent);
        assert_eq!(err.line, Some(2));
    }
}
