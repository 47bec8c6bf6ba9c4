//! JSON text → validated [`Bank`], collecting every problem on the way.
//!
//! The bank is built field by field from a `serde_json::Value` rather than
//! with `#[derive(Deserialize)]`, because derive stops at the first error and
//! a bank author wants them all, each with its place and a fix. This builder
//! is the single definition of the format; `questionnaires/schema.json`
//! documents it and a test keeps the two in step.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

use super::model::{
    Bank, Dimension, ForcedChoice, Item, ItemKind, Prototype, Reference, Scale, Target, ANXIETY,
    AVOIDANCE,
};
use super::span::Spans;
use crate::diag::{Diagnostic, Diagnostics, Severity};

pub const TOP_KEYS: &[&str] = &[
    "$schema",
    "id",
    "title",
    "version",
    "language",
    "validated",
    "citation",
    "license",
    "notes",
    "instructions",
    "scale",
    "dimensions",
    "targets",
    "items",
    "forced_choice",
    "provenance",
    "category_rule",
];
pub const SCALE_KEYS: &[&str] = &["min", "max", "labels"];
pub const DIMENSION_KEYS: &[&str] = &[
    "id",
    "label",
    "description",
    "cutoff",
    "max_missing",
    "reference",
    "sum",
];
pub const REFERENCE_KEYS: &[&str] = &[
    "sd",
    "alpha",
    "retest",
    "mean",
    "n",
    "sample",
    "source",
    "assumed",
    "percentiles",
    "omega",
];
pub const TARGET_KEYS: &[&str] = &["id", "label", "intro", "allow_not_applicable"];
pub const ITEM_KEYS: &[&str] = &["id", "kind", "text", "dimension", "reverse", "style"];
pub const FORCED_CHOICE_KEYS: &[&str] = &["id", "text"];

/// The answer key no item, target or forced choice may have: CSV answer
/// files name their column of respondent ids so.
pub const RESERVED_KEY: &str = "respondent";

/// The most points a response scale may have, and the largest magnitude
/// of a scale point. No published attachment questionnaire uses more than
/// a few points (7 is usual, 101 covers a 0–100 slider); a longer scale
/// cannot be shown on one screen, and small bounded values keep every
/// sum, reversal and mean exact.
pub const MAX_SCALE_POINTS: i64 = 101;
pub const SCALE_LIMIT: i64 = 1000;
const SCALE_REASON: &str = "use a scale of at most 101 points, each from -1000 to 1000 (e.g. 1 to 7, or 0 to 100): a longer scale cannot be shown on one screen, and bounded values keep every score exact";

/// Parses and validates a bank. `file` names the source in messages.
/// Returns the bank with its warnings, or every problem found.
pub fn parse(file: &str, text: &str) -> Result<(Bank, Diagnostics), Diagnostics> {
    let (value, mut cx) = Validation::read_json(file, text)?;
    let built = cx.bank(&value);
    if let Some((b, known)) = &built {
        cx.semantics(b, *known);
    }
    let diags = cx.finish(file);
    match built {
        Some((b, known)) if known.complete && !diags.has_errors() => Ok((b, diags)),
        _ => Err(diags),
    }
}

/// Which parts of a bank were read without error. The cross-field rules run
/// on a partly read bank too (so one wrong type does not hide every other
/// problem), but skip the checks a missing part would make misleading.
#[derive(Debug, Clone, Copy)]
struct Known {
    /// Every field was read: the bank may be used.
    complete: bool,
    id: bool,
    scale: bool,
    /// Every dimension was read (none dropped for an error).
    dimensions: bool,
    /// Every item was read (none dropped for an error).
    items: bool,
}

/// serde_json counts columns in bytes; editors and the rest of our messages
/// count characters.
fn char_column(text: &str, line: usize, byte_col: usize) -> usize {
    let Some(l) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_col;
    };
    // `byte_col` is 1-based: the bytes before the error are `byte_col - 1`.
    let before = byte_col.saturating_sub(1);
    let mut end = before.min(l.len());
    while !l.is_char_boundary(end) {
        end -= 1;
    }
    l[..end].chars().count() + 1 + before.saturating_sub(l.len())
}

fn strip_position(msg: &str) -> &str {
    msg.find(" at line ").map_or(msg, |i| &msg[..i])
}

pub(super) struct Validation {
    pub(super) problems: Vec<Diagnostic>,
    pub(super) spans: Spans,
}

/// Checks ids the way answer files and the command line use them
/// (bank, dimension and target ids): `[a-z0-9-]+`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Item ids may be what a researcher's data already uses (`Q1`, `ecr_09`),
/// but never contain `.`, which joins a target and an item in answer keys.
pub(super) fn is_item_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Characters a bank must not smuggle onto a terminal: C0/C1 controls
/// (ESC starts every escape sequence) and bidirectional overrides, which can
/// make text read differently from what it is.
pub(super) fn unsafe_char(s: &str) -> Option<char> {
    s.chars().find(|&c| c.is_control() || is_bidi_control(c))
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Names a character found by [`unsafe_char`] for a message, without
/// printing it.
pub(super) fn describe_unsafe(c: char) -> String {
    let what = match c {
        '\u{1b}' => "ESC, which starts terminal escape sequences",
        '\u{9b}' => "CSI, which starts terminal escape sequences",
        '\t' => "a tab",
        '\n' | '\r' => "a line break",
        c if is_bidi_control(c) => {
            "a bidirectional override, which can make text display differently from what it is"
        }
        _ => "a control character",
    };
    format!("U+{:04X} ({what})", c as u32)
}

pub(super) fn nearest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    crate::diag::suggest(word, known.iter().copied())
}

pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

pub(super) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(n) if n.is_i64() || n.is_u64() => "a whole number",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl Validation {
    /// Reads JSON text for one of the format's collecting parsers: a syntax
    /// error ends it at once; otherwise positions are indexed and repeated
    /// keys reported.
    pub(super) fn read_json(file: &str, text: &str) -> Result<(Value, Validation), Diagnostics> {
        let mut cx = Validation {
            problems: Vec::new(),
            spans: Spans::default(),
        };
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                cx.problems.push(Diagnostic {
                    severity: Severity::Error,
                    path: String::new(),
                    line: Some(e.line()),
                    column: Some(char_column(text, e.line(), e.column())),
                    message: format!("not valid JSON: {}", strip_position(&e.to_string())),
                    help: Some("fix the JSON syntax (a missing comma, quote or bracket is the usual cause); a JSON-aware editor shows the spot".into()),
                });
                return Err(cx.finish(file));
            }
        };
        cx.spans = Spans::index(text);
        cx.duplicate_keys();
        Ok((value, cx))
    }

    /// The problems in document order (as compilers list them); those
    /// without a position keep their order at the end.
    pub(super) fn finish(mut self, file: &str) -> Diagnostics {
        self.problems
            .sort_by_key(|d| (d.line.is_none(), d.line, d.column));
        Diagnostics {
            file: file.to_string(),
            problems: self.problems,
        }
    }

    /// A key written twice in one object would silently lose its first
    /// value (JSON keeps the last), e.g. two `reverse` keys on one item.
    fn duplicate_keys(&mut self) {
        // A file of thousands of repeats gets the first hundred and a count.
        const SHOWN: usize = 100;
        let dups = self.spans.duplicates().to_vec();
        let all: HashSet<&str> = dups.iter().map(|(p, _)| p.as_str()).collect();
        if dups.len() > SHOWN {
            self.problems.push(Diagnostic {
                severity: Severity::Error,
                path: String::new(),
                line: None,
                column: None,
                message: format!(
                    "{} keys appear twice in their object; the first {SHOWN} are listed",
                    dups.len()
                ),
                help: Some(
                    "remove the repeated keys: only the last of each would count, silently".into(),
                ),
            });
        }
        for (path, at) in dups.iter().take(SHOWN) {
            // A repeated object repeats its children too: report it once.
            // (A set of the repeats, so a file of many is not quadratic.)
            let nested = path
                .char_indices()
                .filter(|&(i, c)| i > 0 && matches!(c, '.' | '['))
                .any(|(i, _)| all.contains(&path[..i]));
            if nested {
                continue;
            }
            let (parent, key) = match path.rfind('.') {
                Some(i) => (&path[..i], &path[i + 1..]),
                None => ("the top level", path.as_str()),
            };
            self.problems.push(Diagnostic {
                severity: Severity::Error,
                path: path.clone(),
                line: Some(at.0),
                column: Some(at.1),
                message: format!("key `{key}` appears twice in {parent}"),
                help: Some("remove one of them: only the last would count, silently".into()),
            });
        }
    }

    pub(super) fn push(
        &mut self,
        sev: Severity,
        path: &str,
        on_key: bool,
        msg: String,
        help: Option<String>,
    ) {
        let pos = if on_key {
            self.spans.key(path)
        } else {
            self.spans.value(path)
        };
        self.problems.push(Diagnostic {
            severity: sev,
            path: path.to_string(),
            line: pos.map(|p| p.0),
            column: pos.map(|p| p.1),
            message: msg,
            help,
        });
    }

    pub(super) fn error(&mut self, path: &str, msg: impl Into<String>, help: impl Into<String>) {
        self.push(Severity::Error, path, false, msg.into(), Some(help.into()));
    }

    pub(super) fn warn(&mut self, path: &str, msg: impl Into<String>, help: impl Into<String>) {
        self.push(
            Severity::Warning,
            path,
            false,
            msg.into(),
            Some(help.into()),
        );
    }

    /// An object with only known keys; unknown keys are errors (a typo in a
    /// key must never silently change scoring).
    pub(super) fn object<'v>(
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

    pub(super) fn missing(&mut self, path: &str, key: &str, what: &str) {
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

    pub(super) fn text(
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

    pub(super) fn boolean(
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

    pub(super) fn number(
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

    pub(super) fn integer(&mut self, m: &Map<String, Value>, path: &str, key: &str) -> Option<i64> {
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

    pub(super) fn list<'v>(
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

    fn bank(&mut self, v: &Value) -> Option<(Bank, Known)> {
        let m = self.object(v, "", TOP_KEYS)?;
        let id = self.text(m, "", "id", true);
        let title = self.text(m, "", "title", true);
        let version = self.text(m, "", "version", true);
        let language = self.text(m, "", "language", true);
        let validated = self.boolean(m, "", "validated", None);
        let citation = self.text(m, "", "citation", false);
        let license = self.text(m, "", "license", true);
        let notes = self.text(m, "", "notes", false).unwrap_or_default();
        let instructions = self.text(m, "", "instructions", true);
        let scale = match m.get("scale") {
            Some(s) => self.scale(s, "scale", SCALE_KEYS),
            None => {
                self.missing("", "scale", "an object with `min`, `max` and `labels`");
                None
            }
        };
        let dimensions: Option<(Vec<Dimension>, usize)> =
            self.list(m, "", "dimensions", true).map(|a| {
                let read = a
                    .iter()
                    .enumerate()
                    .filter_map(|(i, d)| self.dimension(d, &format!("dimensions[{i}]")))
                    .collect();
                (read, a.len())
            });
        let targets: Vec<Target> = self
            .list(m, "", "targets", false)
            .map(|a| {
                a.iter()
                    .enumerate()
                    .filter_map(|(i, t)| self.target(t, &format!("targets[{i}]")))
                    .collect()
            })
            .unwrap_or_default();
        let items: Option<(Vec<Item>, usize)> = self.list(m, "", "items", true).map(|a| {
            let read = a
                .iter()
                .enumerate()
                .filter_map(|(i, it)| self.item(it, &format!("items[{i}]")))
                .collect();
            (read, a.len())
        });
        let forced_choice = m.get("forced_choice").and_then(|fc| {
            let f = self.object(fc, "forced_choice", FORCED_CHOICE_KEYS)?;
            let id = self.text(f, "forced_choice", "id", true);
            let text = self.text(f, "forced_choice", "text", true);
            Some(ForcedChoice {
                id: id?,
                text: text?,
            })
        });
        let provenance = m.get("provenance").and_then(|p| self.provenance(p));
        let category_rule = m.get("category_rule").and_then(|r| self.category_rule(r));
        let known = Known {
            complete: [&title, &version, &language, &license, &instructions]
                .iter()
                .all(|t| t.is_some())
                && validated.is_some()
                && scale.is_some()
                && id.is_some()
                && dimensions.is_some()
                && items.is_some(),
            id: id.is_some(),
            scale: scale.is_some(),
            dimensions: dimensions.as_ref().is_some_and(|(d, n)| d.len() == *n),
            items: items.as_ref().is_some_and(|(i, n)| i.len() == *n),
        };
        let bank = Bank {
            id: id.unwrap_or_default(),
            title: title.unwrap_or_default(),
            version: version.unwrap_or_default(),
            language: language.unwrap_or_default(),
            validated: validated.unwrap_or_default(),
            citation,
            license: license.unwrap_or_default(),
            notes,
            instructions: instructions.unwrap_or_default(),
            scale: scale.unwrap_or(Scale {
                min: 0,
                max: 0,
                labels: BTreeMap::new(),
            }),
            dimensions: dimensions.map(|(d, _)| d).unwrap_or_default(),
            targets,
            items: items.map(|(i, _)| i).unwrap_or_default(),
            forced_choice,
            provenance,
            category_rule,
        };
        Some((bank, known))
    }

    /// A response scale `{min, max, labels}` at `path`, in an object that
    /// may have other `keys` too (a recipe's scale carries its source).
    pub(super) fn scale(&mut self, v: &Value, path: &str, keys: &[&str]) -> Option<Scale> {
        let m = self.object(v, path, keys)?;
        let min = self.integer(m, path, "min");
        let max = self.integer(m, path, "max");
        let mut labels = BTreeMap::new();
        match m.get("labels") {
            None => self.missing(
                "scale",
                "labels",
                "an object from scale point to label, e.g. {\"1\": \"Strongly disagree\"}",
            ),
            Some(Value::Object(lm)) => {
                for k in lm.keys() {
                    let p = format!("scale.labels.{k}");
                    let Ok(point) = k.trim().parse::<i64>() else {
                        self.push(
                            Severity::Error,
                            &p,
                            true,
                            format!("label key `{k}` is not a scale point"),
                            Some("label keys are whole numbers in quotes, e.g. \"1\"".into()),
                        );
                        continue;
                    };
                    if let Some(s) = self.text(lm, "scale.labels", k, true) {
                        labels.insert(point, s);
                    }
                }
            }
            Some(v) => self.error(
                "scale.labels",
                format!(
                    "expected an object from scale point to label, found {}",
                    type_name(v)
                ),
                "e.g. {\"1\": \"Strongly disagree\", \"7\": \"Strongly agree\"}",
            ),
        }
        Some(Scale {
            min: min?,
            max: max?,
            labels,
        })
    }

    fn dimension(&mut self, v: &Value, path: &str) -> Option<Dimension> {
        let m = self.object(v, path, DIMENSION_KEYS)?;
        let id = self.text(m, path, "id", true);
        let label = self.text(m, path, "label", true);
        let description = self.text(m, path, "description", true);
        let cutoff = self.number(m, path, "cutoff", false);
        let max_missing = self.number(m, path, "max_missing", false);
        let reference = m.get("reference").and_then(|r| {
            let rp = join(path, "reference");
            let rm = self.object(r, &rp, REFERENCE_KEYS)?;
            let sd = self.number(rm, &rp, "sd", true);
            let alpha = self.number(rm, &rp, "alpha", true);
            let retest = self.number(rm, &rp, "retest", false);
            let mean = self.number(rm, &rp, "mean", false);
            let omega = self.number(rm, &rp, "omega", false);
            let n = match rm.get("n") {
                None => None,
                Some(v) => {
                    let n = v.as_u64();
                    if n.is_none() {
                        self.error(
                            &join(&rp, "n"),
                            format!("expected a sample size, found {}", type_name(v)),
                            "write the number of people the reference values come from, e.g. 1200",
                        );
                    }
                    n
                }
            };
            let sample = self.text(rm, &rp, "sample", false);
            let source = self.text(rm, &rp, "source", true);
            let assumed = self.boolean(rm, &rp, "assumed", None);
            let percentiles = rm
                .get("percentiles")
                .and_then(|t| self.percentiles(t, &join(&rp, "percentiles")));
            Some(Reference {
                sd: sd?,
                alpha: alpha?,
                retest,
                mean,
                n,
                sample,
                source: source?,
                assumed: assumed?,
                percentiles,
                omega,
            })
        });
        let sum = self.boolean(m, path, "sum", Some(false));
        Some(Dimension {
            id: id?,
            label: label?,
            description: description?,
            cutoff,
            max_missing,
            reference,
            sum: sum?,
        })
    }

    pub(super) fn target(&mut self, v: &Value, path: &str) -> Option<Target> {
        let m = self.object(v, path, TARGET_KEYS)?;
        let id = self.text(m, path, "id", true);
        let label = self.text(m, path, "label", true);
        let intro = self.text(m, path, "intro", true);
        let na = self.boolean(m, path, "allow_not_applicable", Some(true));
        Some(Target {
            id: id?,
            label: label?,
            intro: intro?,
            allow_not_applicable: na?,
        })
    }

    fn item(&mut self, v: &Value, path: &str) -> Option<Item> {
        let m = self.object(v, path, ITEM_KEYS)?;
        let id = self.text(m, path, "id", true);
        let text = self.text(m, path, "text", true);
        let kind = self.text(m, path, "kind", true)?;
        let kind = match kind.as_str() {
            "likert" => {
                if m.contains_key("style") {
                    self.error(
                        &join(path, "style"),
                        "a likert item has no `style`",
                        "remove `style`, or make the item `\"kind\": \"prototype\"`",
                    );
                }
                let dimension = self.text(m, path, "dimension", true);
                let reverse = self.boolean(m, path, "reverse", Some(false));
                ItemKind::Likert {
                    dimension: dimension?,
                    reverse: reverse?,
                }
            }
            "prototype" => {
                for k in ["dimension", "reverse"] {
                    if m.contains_key(k) {
                        self.error(
                            &join(path, k),
                            format!("a prototype item has no `{k}`"),
                            format!("remove `{k}`: a prototype paragraph is rated as a whole"),
                        );
                    }
                }
                let style = self.text(m, path, "style", true)?;
                let Some(style) = Prototype::from_id(&style) else {
                    self.error(
                        &join(path, "style"),
                        format!("unknown style `{style}`"),
                        "use one of: secure, anxious, avoidant, fearful",
                    );
                    return None;
                };
                ItemKind::Prototype { style }
            }
            other => {
                let help = match nearest(other, &["likert", "prototype"]) {
                    Some(s) => {
                        format!("did you mean `{s}`? Item kinds are `likert` and `prototype`")
                    }
                    None => "item kinds are `likert` and `prototype`".into(),
                };
                self.error(
                    &join(path, "kind"),
                    format!("unknown item kind `{other}`"),
                    help,
                );
                return None;
            }
        };
        Some(Item {
            id: id?,
            text: text?,
            kind,
        })
    }

    /// A scale's own rules (min below max, labels on the scale); whether
    /// the scale can be used to check values against.
    pub(super) fn scale_rules(&mut self, scale: &Scale) -> bool {
        let (min, max) = (scale.min, scale.max);
        if min >= max {
            self.error(
                "scale.min",
                format!("scale min ({min}) must be below max ({max})"),
                "e.g. \"min\": 1, \"max\": 7",
            );
            return false;
        }
        let mut ok = true;
        for (key, v) in [("min", min), ("max", max)] {
            if !(-SCALE_LIMIT..=SCALE_LIMIT).contains(&v) {
                ok = false;
                self.error(
                    &format!("scale.{key}"),
                    format!(
                        "scale {key} {v} is out of range: scale points are whole numbers from {} to {}",
                        -SCALE_LIMIT,
                        SCALE_LIMIT
                    ),
                    SCALE_REASON,
                );
            }
        }
        if ok && max - min + 1 > MAX_SCALE_POINTS {
            self.error(
                "scale",
                format!(
                    "the scale from {min} to {max} has {} points; at most {MAX_SCALE_POINTS} are allowed",
                    max - min + 1
                ),
                SCALE_REASON,
            );
            return false;
        }
        if !ok {
            return false;
        }
        for p in scale.labels.keys() {
            if !(min..=max).contains(p) {
                self.push(
                    Severity::Error,
                    &format!("scale.labels.{p}"),
                    true,
                    format!("label for {p} is outside the scale {min}–{max}"),
                    Some(format!("label only points from {min} to {max}")),
                );
            }
        }
        true
    }

    /// Rules across fields, on the typed bank.
    fn semantics(&mut self, b: &Bank, known: Known) {
        if known.id && !is_slug(&b.id) {
            self.error(
                "id",
                format!(
                    "bank id `{}` has characters other than a-z, 0-9 and -",
                    b.id
                ),
                "use lowercase letters, digits and dashes, e.g. `my-bank`",
            );
        }
        let (min, max) = (b.scale.min, b.scale.max);
        let scale_ok = known.scale && self.scale_rules(&b.scale);

        let mut dim_ids = HashSet::new();
        for (i, d) in b.dimensions.iter().enumerate() {
            let p = format!("dimensions[{i}]");
            if !is_slug(&d.id) {
                self.error(
                    &format!("{p}.id"),
                    format!(
                        "dimension id `{}` has characters other than a-z, 0-9 and -",
                        d.id
                    ),
                    "use lowercase letters, digits and dashes, e.g. `anxiety`",
                );
            }
            if !dim_ids.insert(d.id.as_str()) {
                self.error(
                    &format!("{p}.id"),
                    format!("dimension `{}` is declared twice", d.id),
                    "give each dimension its own id",
                );
            }
            if let Some(c) = d.cutoff {
                if scale_ok && !(min as f64..=max as f64).contains(&c) {
                    self.error(
                        &format!("{p}.cutoff"),
                        format!("cutoff {c} is outside the scale {min}–{max}"),
                        format!(
                            "use a value from {min} to {max}, or remove it to use the midpoint {}",
                            b.midpoint()
                        ),
                    );
                }
            }
            if let Some(mm) = d.max_missing {
                if !(0.0..1.0).contains(&mm) {
                    self.error(
                        &format!("{p}.max_missing"),
                        format!("max_missing {mm} is outside [0, 1)"),
                        "it is the share of items that may be missing, e.g. 0.2 for 20 %",
                    );
                }
            }
            if let Some(r) = &d.reference {
                if r.sd.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
                    self.error(
                        &format!("{p}.reference.sd"),
                        format!("sd {} must be above 0", r.sd),
                        "give the reference standard deviation on this bank's scale",
                    );
                } else if scale_ok && r.sd > (max - min) as f64 / 2.0 {
                    self.error(
                        &format!("{p}.reference.sd"),
                        format!(
                            "sd {} is larger than any spread of scores on the scale {min}–{max} allows ({})",
                            r.sd,
                            (max - min) as f64 / 2.0
                        ),
                        "give the standard deviation of mean scores on this bank's scale (not of sum scores)",
                    );
                }
                if let Some(mean) = r
                    .mean
                    .filter(|m| scale_ok && !(min as f64..=max as f64).contains(m))
                {
                    self.error(
                        &format!("{p}.reference.mean"),
                        format!("mean {mean} is outside the scale {min}–{max}"),
                        "give the reference mean of mean scores on this bank's scale",
                    );
                }
                if !(r.alpha > 0.0 && r.alpha < 1.0) {
                    self.error(
                        &format!("{p}.reference.alpha"),
                        format!("alpha {} must be between 0 and 1", r.alpha),
                        "give a reliability coefficient such as 0.85",
                    );
                }
                if let Some(omega) = r.omega.filter(|o| !(*o > 0.0 && *o < 1.0)) {
                    self.error(
                        &format!("{p}.reference.omega"),
                        format!("omega {omega} must be between 0 and 1"),
                        "give a reliability coefficient such as 0.85, or remove `omega`",
                    );
                }
                if let Some(rt) = r.retest {
                    if !(rt > 0.0 && rt < 1.0) {
                        self.error(
                            &format!("{p}.reference.retest"),
                            format!("retest {rt} must be between 0 and 1"),
                            "give a test–retest correlation such as 0.80, or remove `retest`",
                        );
                    }
                }
                if r.n == Some(0) {
                    self.error(
                        &format!("{p}.reference.n"),
                        "n is 0",
                        "give the sample size, or remove `n`",
                    );
                }
            }
        }

        let mut item_ids: HashMap<&str, usize> = HashMap::new();
        let mut styles: HashMap<Prototype, usize> = HashMap::new();
        let (mut likert, mut proto) = (0, 0);
        for (i, it) in b.items.iter().enumerate() {
            let p = format!("items[{i}]");
            if !is_item_id(&it.id) {
                self.error(
                    &format!("{p}.id"),
                    format!("item id `{}` may only use letters, digits, - and _", it.id),
                    "rename it, e.g. `anx-01`; `.` is reserved to join a target and an item",
                );
            }
            if it.id == RESERVED_KEY {
                self.error(
                    &format!("{p}.id"),
                    format!("the item id `{RESERVED_KEY}` is reserved"),
                    format!("rename it: `{RESERVED_KEY}` is the column of respondent ids in CSV answer files"),
                );
            }
            if let Some(first) = item_ids.insert(&it.id, i) {
                self.error(
                    &format!("{p}.id"),
                    format!("item id `{}` is used twice (also items[{first}])", it.id),
                    "give every item its own id: answers are matched by id",
                );
            }
            match &it.kind {
                ItemKind::Likert { dimension, .. } => {
                    likert += 1;
                    if known.dimensions && !dim_ids.contains(dimension.as_str()) {
                        let known: Vec<&str> = b.dimensions.iter().map(|d| d.id.as_str()).collect();
                        let help = match nearest(dimension, &known) {
                            Some(s) => format!(
                                "did you mean `{s}`? Declared dimensions: {}",
                                known.join(", ")
                            ),
                            None => format!(
                                "declare it under `dimensions`, or use one of: {}",
                                known.join(", ")
                            ),
                        };
                        self.error(
                            &format!("{p}.dimension"),
                            format!(
                                "item is keyed to `{dimension}`, which is not a declared dimension"
                            ),
                            help,
                        );
                    }
                }
                ItemKind::Prototype { style } => {
                    proto += 1;
                    if let Some(first) = styles.insert(*style, i) {
                        self.error(
                            &format!("{p}.style"),
                            format!(
                                "style `{}` has a paragraph already (items[{first}])",
                                style.id()
                            ),
                            "give each of the four styles at most one paragraph",
                        );
                    }
                }
            }
        }
        if known.items && b.items.is_empty() {
            self.error("items", "the bank has no items", "add at least one item");
        }
        if likert > 0 && proto > 0 {
            self.error(
                "items",
                "the bank mixes likert and prototype items",
                "put prototype paragraphs in a bank of their own",
            );
        }
        if proto > 0 && !b.targets.is_empty() {
            self.error(
                "targets",
                "targets are only supported with likert items",
                "remove `targets`, or use likert items",
            );
        }
        if let Some(fc) = &b.forced_choice {
            if proto == 0 {
                self.error(
                    "forced_choice",
                    "a forced choice needs prototype items to choose from",
                    "remove `forced_choice`, or add prototype items",
                );
            }
            if fc.id == RESERVED_KEY {
                self.error(
                    "forced_choice.id",
                    format!("the id `{RESERVED_KEY}` is reserved"),
                    format!("rename it: `{RESERVED_KEY}` is the column of respondent ids in CSV answer files"),
                );
            }
            if item_ids.contains_key(fc.id.as_str()) {
                self.error(
                    "forced_choice.id",
                    format!("`{}` is also an item id", fc.id),
                    "give the forced choice its own id",
                );
            }
        }

        let mut target_ids = HashSet::new();
        for (i, t) in b.targets.iter().enumerate() {
            if !is_slug(&t.id) {
                self.error(
                    &format!("targets[{i}].id"),
                    format!(
                        "target id `{}` has characters other than a-z, 0-9 and -",
                        t.id
                    ),
                    "use lowercase letters, digits and dashes, e.g. `partner`",
                );
            }
            if t.id == RESERVED_KEY {
                self.error(
                    &format!("targets[{i}].id"),
                    format!("the target id `{RESERVED_KEY}` is reserved"),
                    format!("rename it: `{RESERVED_KEY}` is the column of respondent ids in CSV answer files"),
                );
            }
            if !target_ids.insert(t.id.as_str()) {
                self.error(
                    &format!("targets[{i}].id"),
                    format!("target `{}` is declared twice", t.id),
                    "give each target its own id",
                );
            }
        }

        if !known.items {
            // Counts over a partly read item list would mislead.
        } else if likert > 0 {
            for (i, d) in b.dimensions.iter().enumerate() {
                let keyed: Vec<bool> = b
                    .items_of(&d.id)
                    .map(|it| matches!(it.kind, ItemKind::Likert { reverse: true, .. }))
                    .collect();
                let p = format!("dimensions[{i}]");
                if keyed.is_empty() {
                    self.error(
                        &p,
                        format!("dimension `{}` has no items", d.id),
                        "key at least one item to it, or remove the dimension",
                    );
                } else if keyed.len() > 1 && (keyed.iter().all(|r| *r) || keyed.iter().all(|r| !*r))
                {
                    self.warn(&p, format!("all {} items of `{}` are keyed the same way", keyed.len(), d.id), "reverse-key some items: with one direction only, agreeing with everything (acquiescence) cannot be told apart from the trait");
                }
            }
            if known.dimensions
                && b.category_rule.is_none()
                && (b.dimension(ANXIETY).is_none() || b.dimension(AVOIDANCE).is_none())
            {
                self.warn("dimensions", "the bank lacks an `anxiety` or `avoidance` dimension, so no style can be derived", "name the two attachment dimensions `anxiety` and `avoidance` if the bank measures them");
            }
        } else if proto > 0 && styles.len() < 4 {
            self.warn(
                "items",
                format!("only {} of the four styles have a paragraph", styles.len()),
                "add paragraphs for the missing styles so all four can be compared",
            );
        }
        self.published_semantics(b, known.items && known.dimensions, scale_ok);
    }
}
