//! The careful path's view of one document: the top-level fields as
//! written and each object's entries in file order, read with small serde
//! visitors so a key given twice is an error (with its line and column)
//! rather than the last value silently winning; and [`Place`], which finds
//! where a path is in the text when a problem needs placing.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use crate::bank::span::Spans;

pub(super) const TOP_KEYS: [&str; 5] = ["bank", "respondent", "answers", "timings", "schema"];

/// Objects up to this many keys are checked for repeats without a hash set.
const SMALL_OBJECT: usize = 64;

/// One top-level object, as written.
#[derive(Debug, Default)]
pub(super) struct Doc {
    pub schema: Option<Value>,
    pub bank: Option<Value>,
    pub respondent: Option<Value>,
    pub answers: Option<Entries>,
    pub timings: Option<Entries>,
    /// Other top-level keys: allowed only in a saved result document.
    pub unknown: Vec<String>,
}

/// An object's entries in file order, each key at most once.
#[derive(Debug, Default)]
pub(super) struct Entries(pub Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of answer keys and values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut out: Vec<(String, Value)> = Vec::new();
                // Small objects (every real answer file): a 256-bit filter
                // of the keys so far, and only a key whose bit is set is
                // compared with the others (comparing every pair cost a
                // quarter of reading a study, measured with the `jsonl`
                // rows of `scripts/bench.sh` when every line came this way;
                // valid lines now take the fast path in `fast.rs`, so no
                // benchmark in the repository exercises this filter any
                // more). Past `SMALL_OBJECT` keys, a hash set (std's, keyed
                // per process: no crafted keys collide), so a hostile
                // object of 160,000 keys stays linear.
                let mut bits = [0u64; 4];
                let mut big: Option<std::collections::HashSet<String>> = None;
                while let Some(k) = map.next_key::<String>()? {
                    let dup = if let Some(set) = &mut big {
                        !set.insert(k.clone())
                    } else {
                        let h = std::hash::BuildHasher::hash_one(
                            &rustc_hash::FxBuildHasher,
                            k.as_str(),
                        ) as usize
                            & 255;
                        let (word, bit) = (h / 64, 1u64 << (h % 64));
                        let seen = bits[word] & bit != 0 && out.iter().any(|(o, _)| *o == k);
                        bits[word] |= bit;
                        seen
                    };
                    if dup {
                        return Err(de::Error::custom(format!(
                            "the key \"{}\" is given twice",
                            crate::sanitize::field(&k)
                        )));
                    }
                    let v = map.next_value::<Value>()?;
                    out.push((k, v));
                    if big.is_none() && out.len() == SMALL_OBJECT {
                        big = Some(out.iter().map(|(k, _)| k.clone()).collect());
                    }
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for Doc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Doc;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object with \"bank\" and \"answers\"")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc, A::Error> {
                let mut doc = Doc::default();
                // A set: a document of many unknown fields stays linear.
                let mut seen = std::collections::HashSet::new();
                while let Some(k) = map.next_key::<String>()? {
                    if seen.contains(&k) {
                        return Err(de::Error::custom(format!(
                            "the field \"{}\" is given twice",
                            crate::sanitize::field(&k)
                        )));
                    }
                    match k.as_str() {
                        "schema" => doc.schema = Some(map.next_value()?),
                        "bank" => doc.bank = Some(map.next_value()?),
                        "respondent" => doc.respondent = Some(map.next_value()?),
                        "answers" => doc.answers = Some(map.next_value()?),
                        "timings" => doc.timings = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            if doc.unknown.is_empty() {
                                doc.unknown.push(k.clone());
                            }
                        }
                    }
                    seen.insert(k);
                }
                Ok(doc)
            }
        }
        d.deserialize_map(V)
    }
}

/// Where things are in the text of one document, found only when a
/// problem needs placing (indexing is slower than parsing).
pub(super) struct Place<'t> {
    pub text: &'t str,
    /// For JSON Lines: the document's line in the file (its columns come
    /// from the index; its line in the index is always 1).
    pub line: Option<u64>,
    pub spans: Option<Spans>,
}

impl Place<'_> {
    pub fn at(&mut self, path: &str, value: bool) -> (Option<u64>, Option<u64>) {
        let spans = self.spans.get_or_insert_with(|| Spans::index(self.text));
        let pos = if value {
            spans.value(path)
        } else {
            spans.key(path)
        };
        match (self.line, pos) {
            (Some(l), Some((_, c))) => (Some(l), Some(c as u64)),
            (Some(l), None) => (Some(l), None),
            (None, Some((l, c))) => (Some(l as u64), Some(c as u64)),
            (None, None) => (None, None),
        }
    }
}
