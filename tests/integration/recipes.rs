//! Published instruments through the real binary: a bank built from each
//! recipe and a dummy text file scores hand-made answers to hand-computed
//! values (reversed items and a missing item included) and names its
//! citation and provenance; the keys equal research/instruments.md; the
//! 5-point ECR's percentiles come from its sample table.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::support::sb;

/// Placeholder item text (never a published item's wording).
pub fn dummy_texts(numbers: impl IntoIterator<Item = u32>) -> String {
    numbers.into_iter().fold(String::new(), |mut s, n| {
        let _ = writeln!(s, "{n}. Placeholder statement number {n} for testing.");
        s
    })
}

/// Builds a bank from `recipe` and `text` (written to `dir/<file>`) with
/// `bank new … -o dir/bank.json`; returns the bank's path.
pub fn build(dir: &Path, recipe: &str, file: &str, text: &str, extra: &[&str]) -> PathBuf {
    let texts = dir.join(file);
    std::fs::write(&texts, text).unwrap();
    let bank = dir.join("bank.json");
    let mut args = vec!["bank", "new", "--recipe", recipe, "--texts"];
    let texts = texts.display().to_string();
    let out_path = bank.display().to_string();
    args.push(&texts);
    args.extend(["-o", &out_path]);
    args.extend(extra);
    sb(&args).run().code(0);
    bank
}

/// `score --format json` of `answers` (one JSON object) with `bank`.
pub fn score(dir: &Path, bank: &Path, answers: &Value) -> Value {
    let file = dir.join("answers.json");
    std::fs::write(&file, answers.to_string()).unwrap();
    let out = sb(&["score", "--format", "json", "--bank"])
        .arg(bank)
        .arg(&file)
        .run();
    out.code(0);
    out.json()
}

pub fn recipe(id: &str) -> Value {
    let out = sb(&["bank", "recipe", id, "--format", "json"]).run();
    out.code(0);
    out.json()
}

#[track_caller]
pub fn close(actual: &Value, expected: f64) {
    let a = actual
        .as_f64()
        .unwrap_or_else(|| panic!("expected {expected}, found {actual}"));
    assert!((a - expected).abs() < 1e-9, "{a} != {expected}");
}

pub fn dim<'a>(result: &'a Value, id: &str) -> &'a Value {
    result["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no dimension {id} in {result}"))
}

/// The result names the published instrument, its citation and where the
/// bank came from, and keeps "not a diagnosis".
#[track_caller]
fn names_the_instrument(result: &Value, id: &str) {
    let r = recipe(id);
    assert_eq!(result["bank"]["validated"], true);
    assert_eq!(result["bank"]["citation"], r["citation"]);
    assert_eq!(
        result["bank"]["provenance"],
        json!({"recipe": id, "recipe_version": r["version"], "item_text": "supplied by the user"})
    );
    // The explanation's paragraphs, all sections together.
    let text: String = result["explanation"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["paragraphs"].as_array().unwrap())
        .map(|p| p.as_str().unwrap().to_string() + "\n")
        .collect();
    assert!(text.contains(r["citation"].as_str().unwrap()), "{text}");
    assert!(text.contains("not a diagnosis"), "{text}");
    assert!(!text.contains("our own writing"), "{text}");
}

/// Answers keyed `q<number>` from (number, value) pairs; `None` = missing.
fn answers(bank: &str, pairs: &[(u32, Option<i64>)]) -> Value {
    let map: serde_json::Map<String, Value> = pairs
        .iter()
        .map(|(n, v)| (format!("q{n}"), json!(v)))
        .collect();
    json!({"bank": bank, "respondent": "p1", "answers": map})
}

#[test]
fn ecr_scores_by_its_own_keys() {
    let dir = tempfile::tempdir().unwrap();
    let bank = build(dir.path(), "ecr", "items.txt", &dummy_texts(1..=36), &[]);
    // Avoidance (odd items): the 9 reversed ones (3, 15, 19, 25, 27, 29, 31,
    // 33, 35) answered 7 → 8 − 7 = 1; the others 3, item 13 missing:
    // (8 × 3 + 9 × 1) / 17 = 33/17. Anxiety (even): item 22 reversed,
    // answered 2 → 6; item 36 answered 6; the other 16 answered 5:
    // (16 × 5 + 6 + 6) / 18 = 92/18.
    let rev = [3, 15, 19, 22, 25, 27, 29, 31, 33, 35];
    let pairs: Vec<(u32, Option<i64>)> = (1..=36)
        .map(|n| {
            let v = match n {
                13 => None,
                22 => Some(2),
                36 => Some(6),
                n if rev.contains(&n) => Some(7),
                n if n % 2 == 1 => Some(3),
                _ => Some(5),
            };
            (n, v)
        })
        .collect();
    let r = score(dir.path(), &bank, &answers("ecr", &pairs));
    close(&dim(&r, "avoidance")["score"], 33.0 / 17.0);
    assert_eq!(dim(&r, "avoidance")["missing"], 1);
    close(&dim(&r, "anxiety")["score"], 92.0 / 18.0);
    // No verified 7-point norms: no interval, no percentile.
    assert_eq!(dim(&r, "anxiety")["interval"], Value::Null);
    assert_eq!(dim(&r, "anxiety")["percentile"], Value::Null);
    assert_eq!(r["style"]["id"], "anxious");
    names_the_instrument(&r, "ecr");
}

#[test]
fn ecr_r_keeps_item_21_forward() {
    let dir = tempfile::tempdir().unwrap();
    let bank = build(dir.path(), "ecr-r", "items.txt", &dummy_texts(1..=36), &[]);
    // Anxiety 1–18: items 9 and 11 reversed (1 → 7, 2 → 6), item 5 missing,
    // the other 15 answered 4: (15 × 4 + 7 + 6) / 17 = 73/17.
    // Avoidance 19–36: the 12 reversed items answered 6 → 2; forward items
    // 19, 23, 24, 25, 32 answered 2 and item 21 answered 7 (not reversed):
    // (5 × 2 + 7 + 12 × 2) / 18 = 41/18.
    let rev = [20, 22, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36];
    let pairs: Vec<(u32, Option<i64>)> = (1..=36)
        .map(|n| {
            let v = match n {
                5 => None,
                9 => Some(1),
                11 => Some(2),
                1..=18 => Some(4),
                21 => Some(7),
                n if rev.contains(&n) => Some(6),
                _ => Some(2),
            };
            (n, v)
        })
        .collect();
    let r = score(dir.path(), &bank, &answers("ecr-r", &pairs));
    close(&dim(&r, "anxiety")["score"], 73.0 / 17.0);
    assert_eq!(dim(&r, "anxiety")["answered"], 17);
    close(&dim(&r, "avoidance")["score"], 41.0 / 18.0);
    assert_eq!(r["style"]["id"], "anxious");
    names_the_instrument(&r, "ecr-r");
}

#[test]
fn ecr_s_gives_means_and_prorated_sums() {
    let dir = tempfile::tempdir().unwrap();
    let bank = build(dir.path(), "ecr-s", "items.txt", &dummy_texts(1..=12), &[]);
    // Anxiety (2, 4, 6, 8R, 10, 12): 6, 5, 6, 2 → 6, 5, missing:
    // 28/5 = 5.6; sum prorated 5.6 × 6 = 33.6.
    // Avoidance (1R, 3, 5R, 7, 9R, 11): 6 → 2, 2, 7 → 1, 3, 5 → 3, 1:
    // 12/6 = 2.0; sum 12.
    let pairs = [
        (1, Some(6)),
        (2, Some(6)),
        (3, Some(2)),
        (4, Some(5)),
        (5, Some(7)),
        (6, Some(6)),
        (7, Some(3)),
        (8, Some(2)),
        (9, Some(5)),
        (10, Some(5)),
        (11, Some(1)),
        (12, None),
    ];
    let r = score(dir.path(), &bank, &answers("ecr-s", &pairs));
    close(&dim(&r, "anxiety")["score"], 5.6);
    close(&dim(&r, "anxiety")["sum"], 5.6 * 6.0);
    close(&dim(&r, "avoidance")["score"], 2.0);
    close(&dim(&r, "avoidance")["sum"], 12.0);
    names_the_instrument(&r, "ecr-s");
    // The medium-confidence key asks to be checked, in the bank's notes.
    let show = sb(&["show", "--format", "json"]).arg(&bank).run();
    let notes = show.json()["notes"].as_str().unwrap().to_string();
    assert!(notes.contains("Check it against your copy"), "{notes}");
}

#[test]
fn ecr_12_is_numbered_by_the_original_ecr_items() {
    let dir = tempfile::tempdir().unwrap();
    let numbers = [2, 6, 8, 9, 14, 15, 18, 24, 25, 27, 29, 31];
    let bank = build(
        dir.path(),
        "ecr-12",
        "items.txt",
        &dummy_texts(numbers),
        &[],
    );
    // Anxiety (2, 6, 8, 14, 18, 24; none reversed): 3, 5, 5, 6, missing, 2:
    // 21/5 = 4.2. Avoidance (9, 15R, 25R, 27R, 29R, 31R): 2, 6 → 2, 5 → 3,
    // 7 → 1, 4 → 4, 6 → 2: 14/6.
    let pairs = [
        (2, Some(3)),
        (6, Some(5)),
        (8, Some(5)),
        (9, Some(2)),
        (14, Some(6)),
        (15, Some(6)),
        (18, None),
        (24, Some(2)),
        (25, Some(5)),
        (27, Some(7)),
        (29, Some(4)),
        (31, Some(6)),
    ];
    let r = score(dir.path(), &bank, &answers("ecr-12", &pairs));
    close(&dim(&r, "anxiety")["score"], 4.2);
    close(&dim(&r, "avoidance")["score"], 14.0 / 6.0);
    assert_eq!(r["style"]["id"], "anxious");
    names_the_instrument(&r, "ecr-12");
}

#[test]
fn ecr_rs_scores_each_relationship_and_their_mean() {
    let dir = tempfile::tempdir().unwrap();
    let bank = build(dir.path(), "ecr-rs", "items.txt", &dummy_texts(1..=9), &[]);
    let mut a = serde_json::Map::new();
    let mut put = |target: &str, values: [Option<i64>; 9]| {
        for (i, v) in values.iter().enumerate() {
            a.insert(format!("{target}.q{}", i + 1), json!(v));
        }
    };
    // Avoidance = items 1–6 with 1–4 reversed (8 − x); anxiety = 7–9.
    // mother: 6→2, 6→2, 5→3, 7→1, 2, 1 = 11/6; anxiety 2, 3, 4 = 3.
    put("mother", [6, 6, 5, 7, 2, 1, 2, 3, 4].map(Some));
    // partner: 2→6, 3→5, 2→6, 1→7, 5, 6 = 35/6; anxiety 6, 7, missing:
    // with 3 items none may be missing (floor(0.2 × 3) = 0): withheld.
    put(
        "partner",
        [
            Some(2),
            Some(3),
            Some(2),
            Some(1),
            Some(5),
            Some(6),
            Some(6),
            Some(7),
            None,
        ],
    );
    // friend: 4→4 four times, 5, 4 = 25/6; anxiety 1.
    put("friend", [4, 4, 4, 4, 5, 4, 1, 1, 1].map(Some));
    a.insert("father".into(), json!("not-applicable"));
    let r = score(
        dir.path(),
        &bank,
        &json!({"bank": "ecr-rs", "respondent": "p1", "answers": a}),
    );
    let target = |id: &str| {
        r["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()
            .clone()
    };
    close(&dim(&target("mother"), "avoidance")["score"], 11.0 / 6.0);
    close(&dim(&target("mother"), "anxiety")["score"], 3.0);
    close(&dim(&target("partner"), "avoidance")["score"], 35.0 / 6.0);
    assert_eq!(dim(&target("partner"), "anxiety")["score"], Value::Null);
    assert_eq!(target("father")["not_applicable"], true);
    // Global: the mean of the relationship scores that exist.
    close(&dim(&r, "avoidance")["score"], (11.0 + 35.0 + 25.0) / 18.0);
    close(&dim(&r, "anxiety")["score"], f64::midpoint(3.0, 1.0));
    names_the_instrument(&r, "ecr-rs");
}

#[test]
fn rq_category_by_highest_rating_forced_choice_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let text = "A. Placeholder paragraph one.\nB. Placeholder paragraph two.\n\
                C. Placeholder paragraph three.\nD. Placeholder paragraph four.\n";
    let bank = build(dir.path(), "rq", "rq.txt", text, &[]);
    let rq = |a: Value, b: Value, c: Value, d: Value, fit: &str| json!({"bank": "rq", "answers": {"a": a, "b": b, "c": c, "d": d, "best-fit": fit}});
    // A secure 6, B fearful 2, C preoccupied 6, D dismissing 3; best fit C.
    // Model of self = (S + D) − (F + P) = 9 − 8 = 1; of others =
    // (S + P) − (F + D) = 12 − 5 = 7. Tie A/C broken by the choice: preoccupied.
    let r = score(
        dir.path(),
        &bank,
        &rq(json!(6), json!(2), json!(6), json!(3), "c"),
    );
    assert_eq!(r["prototype"]["model_of_self"], 1.0);
    assert_eq!(r["prototype"]["model_of_other"], 7.0);
    assert_eq!(r["category"]["rule"], "highest-rating");
    assert_eq!(r["category"]["id"], "preoccupied");
    assert_eq!(r["category"]["decided_by"], "forced-choice");
    assert!(r["category"]["caution"]
        .as_str()
        .unwrap()
        .contains("does not recommend"));
    names_the_instrument(&r, "rq");
    // A tie the choice cannot break (it names D, outside the tie): none.
    let r = score(
        dir.path(),
        &bank,
        &rq(json!(5), json!(5), json!(1), json!(4), "d"),
    );
    assert_eq!(r["category"]["id"], Value::Null);
    assert_eq!(r["category"]["decided_by"], "unbroken-tie");
    // A missing rating: none.
    let r = score(
        dir.path(),
        &bank,
        &rq(json!(7), json!(2), json!(3), Value::Null, "a"),
    );
    assert_eq!(r["category"]["id"], Value::Null);
    assert_eq!(r["category"]["decided_by"], "missing-rating");
}

#[test]
fn raas_with_chosen_norms_and_collins_rule() {
    let dir = tempfile::tempdir().unwrap();
    let texts = dummy_texts(1..=18);
    let bank = build(
        dir.path(),
        "raas",
        "items.txt",
        &texts,
        &["--norms", "ledley-2006-women"],
    );
    // Close (1, 6, 8R, 12, 13R, 17R): 4, 5, 2→4, 4, 1→5, 2→4 = 26/6.
    // Depend (2R, 5, 7R, 14, 16R, 18R): 2→4, 4, 2→4, 4, 2→4, missing = 20/5.
    // Anxiety (3, 4, 9, 10, 11, 15): 2, 1, 2, 1, 2, 2 = 10/6.
    let v = [4, 2, 2, 1, 4, 5, 2, 2, 2, 1, 2, 4, 1, 4, 2, 2, 2];
    let mut pairs: Vec<(u32, Option<i64>)> = (1..=17).zip(v.map(Some)).collect();
    pairs.push((18, None));
    let r = score(dir.path(), &bank, &answers("raas", &pairs));
    close(&dim(&r, "close")["score"], 26.0 / 6.0);
    close(&dim(&r, "depend")["score"], 4.0);
    close(&dim(&r, "anxiety")["score"], 10.0 / 6.0);
    // Women (Ledley et al. 2006): close 3.65 (0.87); alpha .69 (Collins &
    // Read 1990): SEM = 0.87 × √0.31 = 0.4843955; z = (26/6 − 3.65)/0.87
    // = 0.7854406, Φ(z) = 0.7839024 (normal approximation, said so).
    let c = dim(&r, "close");
    close(&c["sem"], 0.87 * 0.31_f64.sqrt());
    close(&c["z"], (26.0 / 6.0 - 3.65) / 0.87);
    assert!(
        (c["percentile"].as_f64().unwrap() - 78.390_236).abs() < 1e-5,
        "{c}"
    );
    assert_eq!(c["percentile_basis"], "normal-approximation");
    assert!(c["percentile_sample"]
        .as_str()
        .unwrap()
        .contains("US college women"));
    assert_eq!(c["reference_assumed"], true);
    // Collins' rule: CD = (26/6 + 4)/2 = 4.17 > 3, anxiety 1.67 < 3: secure.
    assert_eq!(r["category"]["id"], "secure");
    close(
        &r["category"]["close_depend"],
        f64::midpoint(26.0 / 6.0, 4.0),
    );
    assert!(r["category"]["caution"]
        .as_str()
        .unwrap()
        .contains("exploratory"));
    assert_eq!(r["style"], Value::Null);
    names_the_instrument(&r, "raas");
    // The recipe's published test–retest values (Collins & Read 1990: close
    // .68, depend .71, anxiety .52) reach the bank, and with them `compare`.
    let built: Value = serde_json::from_str(&std::fs::read_to_string(&bank).unwrap()).unwrap();
    let retest: Vec<f64> = built["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["reference"]["retest"].as_f64().unwrap())
        .collect();
    assert_eq!(retest, [0.68, 0.71, 0.52]);
    close(&c["retest"], 0.68);
}

// ---- the 5-point online ECR and its sample table ----------------------------

/// ECR answers on 1–5 giving anxiety and avoidance item values (after
/// reversal, 6 − x) from two closures.
fn ecr5(anxiety: impl Fn(u32) -> Option<i64>, avoidance: impl Fn(u32) -> Option<i64>) -> Value {
    let rev = [3, 15, 19, 22, 25, 27, 29, 31, 33, 35];
    let pairs: Vec<(u32, Option<i64>)> = (1..=36)
        .map(|n| {
            let keyed = if n % 2 == 0 { anxiety(n) } else { avoidance(n) };
            (n, keyed.map(|x| if rev.contains(&n) { 6 - x } else { x }))
        })
        .collect();
    answers("ecr-5pt", &pairs)
}

#[test]
fn ecr_5pt_percentiles_at_rows_between_rows_and_at_the_ends() {
    let dir = tempfile::tempdir().unwrap();
    let bank = build(
        dir.path(),
        "ecr-5pt",
        "items.txt",
        &dummy_texts(1..=36),
        &[],
    );
    // Anxiety: keyed value 5 on the reversed item 22 (answered 1), 2 on
    // items 2 and 4, 3 on the other 15: (5 + 4 + 45)/18 = 54/18 = 3.0, the
    // table row (54, 3.0000, 44.38). Avoidance: item 1 missing, keyed
    // values 2 on the nine reversed items and on items 5 and 7, 3 on the
    // other six: 40/17 = 2.3529, between the rows 42/18 (44.25) and 43/18
    // (46.84): 44.25 + (40/17 − 42/18) × 18 × 2.59 = 44.25 + 6/17 × 2.59.
    let rev = [3, 15, 19, 25, 27, 29, 31, 33, 35];
    let a = ecr5(
        |n| {
            Some(match n {
                22 => 5,
                2 | 4 => 2,
                _ => 3,
            })
        },
        |n| match n {
            1 => None,
            5 | 7 => Some(2),
            n if rev.contains(&n) => Some(2),
            _ => Some(3),
        },
    );
    let r = score(dir.path(), &bank, &a);
    let anx = dim(&r, "anxiety");
    close(&anx["score"], 3.0);
    close(&anx["percentile"], 44.38);
    assert_eq!(anx["percentile_basis"], "sample-table");
    assert!(anx["percentile_sample"]
        .as_str()
        .unwrap()
        .starts_with("46,610 adults who took the ECR online"));
    // SEM from the sample: 0.8034 × √(1 − .916).
    close(&anx["sem"], 0.8034 * (1.0_f64 - 0.916).sqrt());
    let avo = dim(&r, "avoidance");
    close(&avo["score"], 40.0 / 17.0);
    close(&avo["percentile"], 44.25 + 6.0 / 17.0 * 2.59);
    names_the_instrument(&r, "ecr-5pt");

    // The scale ends: all anxiety 1 → row 1.0 (0.14); all avoidance 5 → 5.0 (99.94).
    let r = score(dir.path(), &bank, &ecr5(|_| Some(1), |_| Some(5)));
    close(&dim(&r, "anxiety")["percentile"], 0.14);
    close(&dim(&r, "avoidance")["percentile"], 99.94);

    // The table shows the sample with the percentile, never a bare number.
    let file = dir.path().join("answers.json");
    let out = sb(&["score", "--format", "table", "--no-explain", "--bank"])
        .arg(&bank)
        .arg(&file)
        .env("COLUMNS", "200")
        .run();
    out.code(0);
    let shown = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "Percentiles compared with 46,610 adults who took the ECR online",
        "not a representative sample): Attachment avoidance 100, Attachment anxiety 0.",
        "Published questionnaire, scored by its published key: Brennan, K. A.",
    ] {
        assert!(shown.contains(want), "{want:?} not in:\n{}", out.stdout);
    }
}
