//! Seeded, structure-aware mutations of the fixtures: JSON documents are
//! changed as values (a field deleted, a number made huge, a string made
//! hostile, an object nested deep) and then as text (truncated, a byte
//! changed, line endings switched, a byte order mark added); CSV files as
//! rows and cells. Every choice comes from one seeded generator, so a case
//! is reproduced by its seed.

use fastrand::Rng;
use serde_json::{json, Map, Value};

/// Strings that once got through somewhere, or could.
const HOSTILE: &[&str] = &[
    "",
    " ",
    "/dev/zero",
    "../../etc/passwd",
    "tests/fixtures/banks/minimal.json",
    "\u{1b}]0;PWNED\u{7}",
    "\u{1b}]52;c;cHduZWQ=\u{7}",
    "\u{1b}]8;;https://evil.example\u{1b}\\x\u{1b}]8;;\u{1b}\\",
    "a\rforged",
    "line\nbreak",
    "\u{9b}31m",
    "abc\u{202e}fed",
    "\u{feff}bom",
    "https://evil.example",
    "www.evil.example",
    "# heading",
    "| a | b |",
    "not-applicable",
    "respondent",
    "NA",
    "aaaé123T123456Z",
    "2025-13-45T99:99:99Z",
    "securebase.result/9",
    "securebase.progress/1",
];

fn hostile_value(rng: &mut Rng) -> Value {
    match rng.usize(..14) {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(1e308),
        3 => json!(-1e308),
        4 => json!(i64::MAX),
        5 => json!(u64::MAX),
        6 => json!(4.5),
        7 => json!(rng.i64(-3..12)),
        8 => Value::Null,
        9 => json!(rng.bool()),
        10 => json!([]),
        11 => json!({}),
        12 => json!("x".repeat(rng.usize(1..20_000))),
        _ => json!(HOSTILE[rng.usize(..HOSTILE.len())]),
    }
}

/// Every path in a document: object keys and array indexes.
fn paths(v: &Value, at: &mut Vec<Vec<Step>>, here: &mut Vec<Step>) {
    at.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                here.push(Step::Key(k.clone()));
                paths(c, at, here);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                here.push(Step::Index(i));
                paths(c, at, here);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at_mut<'v>(v: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    let mut cur = v;
    for s in path {
        cur = match s {
            Step::Key(k) => cur.get_mut(k.as_str())?,
            Step::Index(i) => cur.get_mut(*i)?,
        };
    }
    Some(cur)
}

/// One change to a JSON value at a random place.
fn mutate_value(doc: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    paths(doc, &mut all, &mut Vec::new());
    let path = all[rng.usize(..all.len())].clone();
    let Some(node) = at_mut(doc, &path) else {
        return;
    };
    match rng.usize(..7) {
        0 | 1 => *node = hostile_value(rng),
        2 => {
            if let Value::Object(m) = node {
                if let Some(k) = m.keys().nth(rng.usize(..m.len().max(1))).cloned() {
                    m.remove(&k);
                }
            }
        }
        3 => {
            if let Value::Object(m) = node {
                let k = HOSTILE[rng.usize(..HOSTILE.len())].to_string();
                m.insert(k, hostile_value(rng));
            }
        }
        4 => {
            // Deep nesting.
            let depth = rng.usize(1..300);
            let mut v = hostile_value(rng);
            for _ in 0..depth {
                v = json!([v]);
            }
            *node = v;
        }
        5 => {
            // Many keys.
            let n = rng.usize(1..3000);
            let m: Map<String, Value> = (0..n).map(|i| (format!("k{i}"), json!(i))).collect();
            *node = Value::Object(m);
        }
        _ => *node = json!([node.clone(), node.clone()]),
    }
}

/// Changes to text: truncation, bytes inserted or changed, a range
/// repeated (which repeats keys), line endings, a byte order mark.
pub fn mutate_bytes(mut b: Vec<u8>, rng: &mut Rng) -> Vec<u8> {
    for _ in 0..rng.usize(0..3) {
        let len = b.len();
        match rng.usize(..9) {
            0 if len > 0 => b.truncate(rng.usize(..len)),
            1 => {
                let junk: &[&[u8]] = &[
                    b"\x00",
                    b"\xff",
                    b"\xc2\x9b",
                    b"\r",
                    b"\"",
                    b"{",
                    b",",
                    b"\\",
                    b"\xef\xbb\xbf",
                    b"\n\n",
                ];
                let j = junk[rng.usize(..junk.len())];
                let at = rng.usize(..=len);
                b.splice(at..at, j.iter().copied());
            }
            2 if len > 0 => {
                let at = rng.usize(..len);
                b[at] = rng.u8(..);
            }
            3 if len > 1 => {
                let s = rng.usize(..len);
                let e = rng.usize(s..=len.min(s + 200));
                let piece = b[s..e].to_vec();
                b.splice(e..e, piece);
            }
            4 => b = line_ends(&b, b"\r\n"),
            5 => b = line_ends(&b, b"\r"),
            6 => {
                b.splice(0..0, *b"\xef\xbb\xbf");
            }
            7 if len > 1 => {
                let s = rng.usize(..len);
                let e = rng.usize(s..=len);
                b.drain(s..e);
            }
            _ => {}
        }
    }
    b
}

/// The bytes with every `\n` written as `end` (bytes that are not UTF-8
/// are kept as they are).
fn line_ends(b: &[u8], end: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len() + b.len() / 16);
    for &c in b {
        if c == b'\n' {
            out.extend_from_slice(end);
        } else {
            out.push(c);
        }
    }
    out
}

/// A JSON fixture, changed as a value and then as text.
pub fn json(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut doc: Value = serde_json::from_str(text).expect("fixtures are JSON");
    for _ in 0..rng.usize(1..4) {
        mutate_value(&mut doc, rng);
    }
    let text = if rng.bool() {
        serde_json::to_string_pretty(&doc)
    } else {
        serde_json::to_string(&doc)
    }
    .expect("serializes");
    mutate_bytes(text.into_bytes(), rng)
}

/// A JSON Lines fixture: lines changed as values, repeated or dropped.
pub fn jsonl(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..rng.usize(1..4) {
        let i = rng.usize(..lines.len());
        match rng.usize(..4) {
            0 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            1 => lines[i] = String::new(),
            _ => {
                if let Ok(mut v) = serde_json::from_str::<Value>(&lines[i]) {
                    mutate_value(&mut v, rng);
                    lines[i] = v.to_string();
                }
            }
        }
    }
    mutate_bytes((lines.join("\n") + "\n").into_bytes(), rng)
}

const CELLS: &[&str] = &[
    "",
    "NA",
    "0",
    "8",
    "-1",
    "4.5",
    "4.0",
    "1e0",
    "9999999999999999999999",
    "1.8e19",
    "-9223372036854775808",
    "\"",
    "\"open",
    "a\"b",
    "not-applicable",
    "proto-secure",
    " 4 ",
    "\u{1b}]0;x\u{7}",
    "\u{202e}x",
    "\u{9b}",
];

/// A CSV fixture, changed as rows and cells.
pub fn csv(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut rows: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    for _ in 0..rng.usize(1..5) {
        let r = rng.usize(..rows.len());
        match rng.usize(..6) {
            0 | 1 => {
                let c = rng.usize(..rows[r].len().max(1));
                if let Some(cell) = rows[r].get_mut(c) {
                    *cell = CELLS[rng.usize(..CELLS.len())].to_string();
                }
            }
            2 => {
                let row = rows[r].clone();
                rows.push(row);
            }
            3 => {
                rows[r].push(HOSTILE[rng.usize(..HOSTILE.len())].replace([',', '\n'], "_"));
            }
            4 => {
                rows[r].pop();
            }
            _ => rows.push(vec!["x".repeat(rng.usize(1..5000))]),
        }
    }
    let text: String = rows.iter().map(|r| r.join(",") + "\n").collect();
    mutate_bytes(text.into_bytes(), rng)
}

/// A numbered text file (item texts for a recipe): lines repeated,
/// dropped, renumbered or made hostile, then changed as bytes.
pub fn lines(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..rng.usize(1..5) {
        let i = rng.usize(..lines.len().max(1));
        match rng.usize(..5) {
            0 if !lines.is_empty() => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            1 if !lines.is_empty() => {
                lines.remove(i);
            }
            2 => lines.push(format!(
                "{}. {}",
                rng.i64(-5..100_000),
                HOSTILE[rng.usize(..HOSTILE.len())]
            )),
            3 => lines.push(HOSTILE[rng.usize(..HOSTILE.len())].to_string()),
            _ => lines.push("x".repeat(rng.usize(1..20_000))),
        }
    }
    mutate_bytes((lines.join("\n") + "\n").into_bytes(), rng)
}
