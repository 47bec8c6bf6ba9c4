//! Typed reads of one field each (object, text, true/false, numbers, lists),
//! each reporting a wrong or missing value with a fix instead of stopping.

use serde_json::{Map, Value};

use super::checks::{describe_unsafe, join, nearest, type_name, unsafe_char};
use super::validation::Validation;
use super::{SCALE_LIMIT, SCALE_REASON};
use crate::diag::Severity;

impl Validation {
    /// An object with only known keys; unknown keys are errors (a typo in a
    /// key must never silently change scoring).
    pub(in crate::bank) fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        known: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        let Some(m) = v.as_object() else {
            self.error(
                path,
                format!("expected an object {{…}}, found {}", type_name(v)),
                "write this as a JSON object with named fields",
            );
            return None;
        };
        for k in m.keys() {
            if !known.contains(&k.as_str()) {
                let p = join(path, k);
                let help = match nearest(k, known) {
                    Some(s) => format!("did you mean `{s}`? Known keys here: {}", known.join(", ")),
                    None => format!("remove it; known keys here: {}", known.join(", ")),
                };
                self.push(
                    Severity::Error,
                    &p,
                    true,
                    format!("unknown key `{k}`"),
                    Some(help),
                );
            }
        }
        Some(m)
    }

    pub(in crate::bank) fn missing(&mut self, path: &str, key: &str, what: &str) {
        let shown = if path.is_empty() {
            "the top level"
        } else {
            path
        };
        self.error(
            path,
            format!("missing required key `{key}` in {shown}"),
            format!("add `\"{key}\"`: {what}"),
        );
    }

    pub(in crate::bank) fn text(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<String> {
        let p = join(path, key);
        match m.get(key) {
            None if required => {
                self.missing(path, key, "text");
                None
            }
            None => None,
            Some(Value::Null) if !required => None,
            Some(Value::String(s)) => {
                if let Some(c) = unsafe_char(s) {
                    self.error(
                        &p,
                        format!("text contains {}", describe_unsafe(c)),
                        "remove control characters, escape sequences and direction overrides: bank text is shown on a terminal and must not be able to move the cursor, change colours or reorder what is shown",
                    );
                }
                if s.trim().is_empty() {
                    self.error(
                        &p,
                        "text is empty",
                        "write the text, or remove the key if it is optional",
                    );
                }
                Some(s.clone())
            }
            Some(v) => {
                self.error(
                    &p,
                    format!("expected text, found {}", type_name(v)),
                    "put the value in double quotes",
                );
                None
            }
        }
    }

    pub(in crate::bank) fn boolean(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        key: &str,
        default: Option<bool>,
    ) -> Option<bool> {
        match (m.get(key), default) {
            (None, Some(d)) => Some(d),
            (None, None) => {
                self.missing(path, key, "true or false");
                None
            }
            (Some(Value::Bool(b)), _) => Some(*b),
            (Some(v), _) => {
                self.error(
                    &join(path, key),
                    format!("expected true or false, found {}", type_name(v)),
                    "write true or false, without quotes",
                );
                None
            }
        }
    }

    pub(in crate::bank) fn number(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<f64> {
        match m.get(key) {
            None if required => {
                self.missing(path, key, "a number");
                None
            }
            None => None,
            Some(v) => {
                let n = v.as_f64();
                if n.is_none() {
                    self.error(
                        &join(path, key),
                        format!("expected a number, found {}", type_name(v)),
                        "write a number without quotes, e.g. 4.0",
                    );
                }
                n
            }
        }
    }

    pub(in crate::bank) fn integer(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Option<i64> {
        match m.get(key) {
            None => {
                self.missing(path, key, "a whole number");
                None
            }
            Some(v) => {
                let n = v.as_i64();
                let whole = v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0);
                if n.is_none() && whole {
                    self.error(
                        &join(path, key),
                        format!(
                            "{v} is out of range: scale points are whole numbers from {} to {}",
                            -SCALE_LIMIT, SCALE_LIMIT
                        ),
                        SCALE_REASON,
                    );
                } else if n.is_none() {
                    self.error(
                        &join(path, key),
                        format!("expected a whole number, found {}", type_name(v)),
                        "write a whole number without quotes, e.g. 7",
                    );
                }
                n
            }
        }
    }

    pub(in crate::bank) fn list<'v>(
        &mut self,
        m: &'v Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<&'v Vec<Value>> {
        match m.get(key) {
            None if required => {
                self.missing(path, key, "a list [ … ]");
                None
            }
            None => None,
            Some(Value::Array(a)) => Some(a),
            Some(v) => {
                self.error(
                    &join(path, key),
                    format!("expected a list [ … ], found {}", type_name(v)),
                    "wrap the entries in square brackets",
                );
                None
            }
        }
    }
}
