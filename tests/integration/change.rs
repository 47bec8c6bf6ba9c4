//! `compare` on hand-computed changes: its wording, the smallest reliable
//! change, which reliability it uses (`--reliability`), the style moving
//! within error, bank versions, and a paragraph bank's answers.
//!
//! The test bank (`tests/fixtures/banks/near-cutoff.json`) has sd 1 and
//! alpha .75 on both dimensions, and a test–retest value of .85 on anxiety
//! only. With all items answered: SEM from alpha = √.25 = 0.5, from retest
//! = √.15 = 0.387298.

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::support::{sb, Output};

const BANK: &str = "tests/fixtures/banks/near-cutoff.json";

/// Scores two answer sets of the test bank to result files in one data
/// directory and runs `compare` on them with `args`.
fn compare(before: [i64; 8], after: [i64; 8], args: &[&str], edit: impl Fn(&mut Value)) -> Output {
    let keys = ["a1", "a2", "a3", "a4", "v1", "v2", "v3", "v4"];
    let answers = |v: [i64; 8]| -> Value {
        json!({"bank": "near-cutoff", "answers": keys.iter().zip(v).map(|(k, x)| ((*k).to_string(), json!(x))).collect::<serde_json::Map<_, _>>()})
    };
    let data = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = Vec::new();
    for (name, v) in [("before", before), ("after", after)] {
        let input = data.path().join(format!("{name}-answers.json"));
        std::fs::write(&input, answers(v).to_string()).unwrap();
        let out = sb(&["score", "--bank", BANK, "--format", "json"])
            .arg(&input)
            .run();
        out.code(0);
        let mut doc = out.json();
        if name == "after" {
            edit(&mut doc);
        }
        let file = data.path().join(format!("{name}.json"));
        std::fs::write(&file, doc.to_string()).unwrap();
        files.push(file);
    }
    let mut all = vec!["compare"];
    all.extend_from_slice(args);
    sb(&all)
        .env("COLUMNS", "160")
        .arg(&files[0])
        .arg(&files[1])
        .run()
}

#[track_caller]
fn close(v: &Value, expected: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"));
    assert!((got - expected).abs() < 1e-6, "{got} != {expected}");
}

// Anxiety 2, 2, 2, reversed 6 → 2.0; later 3, 3, 3, reversed 4 → 3.25: +1.25.
// Avoidance 2.0 both times.
const BEFORE: [i64; 8] = [2, 2, 2, 6, 2, 2, 2, 6];
const AFTER: [i64; 8] = [3, 3, 3, 4, 2, 2, 2, 6];

#[test]
fn test_retest_reliability_is_used_where_the_bank_has_it() {
    let out = compare(BEFORE, AFTER, &["--format", "json"], |_| {});
    out.code(0);
    let doc = out.json();
    let anx = &doc["dimensions"][0];
    // Retest .85: SEM = √.15 = 0.387298; RCI = 1.25/(√2·0.387298) = 2.282177;
    // smallest reliable change 1.96·√2·0.387298 = 1.073537.
    assert_eq!(anx["reliability_used"], "retest");
    close(&anx["reliability"], 0.85);
    close(&anx["sem"], 0.387_298_335);
    close(&anx["rci"], 2.282_177_323);
    close(&anx["smallest_reliable_change"], 1.073_536_863);
    assert_eq!(anx["verdict"], "reliably-higher");
    // Avoidance has no retest value: alpha, and no change.
    let avo = &doc["dimensions"][1];
    assert_eq!(avo["reliability_used"], "alpha");
    close(&avo["sem"], 0.5);
    assert_eq!(avo["verdict"], "no-change");

    let out = compare(BEFORE, AFTER, &[], |_| {});
    out.code(0).stdout_has(&[
        "anxiety: higher, by more than measurement error",
        "1.07",
        "For anxiety, reliable change uses the questionnaire's test–retest reliability",
        "For avoidance, reliable change uses internal consistency (alpha)",
        "The measurement error is approximate",
    ]);
}

#[test]
fn reliability_alpha_makes_the_same_change_indistinguishable_from_error() {
    // Alpha .75: SEM 0.5; RCI = 1.25/(√2·0.5) = 1.767767 < 1.96;
    // smallest reliable change 1.96·√2·0.5 = 1.385929.
    let out = compare(
        BEFORE,
        AFTER,
        &["--reliability", "alpha", "--format", "json"],
        |_| {},
    );
    let anx = &out.json()["dimensions"][0];
    assert_eq!(anx["reliability_used"], "alpha");
    close(&anx["rci"], 1.767_766_953);
    close(&anx["smallest_reliable_change"], 1.385_929_291);
    assert_eq!(anx["verdict"], "within-error");
    assert_eq!(anx["reliable"], false);
    compare(BEFORE, AFTER, &["--reliability", "alpha"], |_| {})
        .code(0)
        .stdout_has(&[
            "+1.25",
            "1.39",
            "+1.77",
            "not distinguishable from measurement error",
        ]);
}

#[test]
fn a_given_reliability_is_used_and_named() {
    // 0.9: SEM = √.1 = 0.316228; RCI = 1.25/(√2·0.316228) = 2.795085.
    let out = compare(
        BEFORE,
        AFTER,
        &["--reliability", "0.9", "--format", "json"],
        |_| {},
    );
    let anx = &out.json()["dimensions"][0];
    assert_eq!(anx["reliability_used"], "given");
    close(&anx["sem"], 0.316_227_766);
    close(&anx["rci"], 2.795_084_972);
    compare(BEFORE, AFTER, &["--reliability", "0.9"], |_| {})
        .code(0)
        .stdout_has(&[
            "For anxiety and avoidance, reliable change uses the reliability you gave (0.90).",
        ]);
}

#[test]
fn reliability_retest_without_a_retest_value_is_a_usage_error() {
    compare(BEFORE, AFTER, &["--reliability", "retest"], |_| {})
        .code(2)
        .stderr_has(&[
            "--reliability retest",
            "test–retest reliability",
            "`avoidance`",
        ]);
    compare(BEFORE, AFTER, &["--reliability", "1.5"], |_| {})
        .code(2)
        .stderr_has(&["between 0 and 1"]);
}

#[test]
fn the_style_name_moving_within_error_is_said_so() {
    // Anxiety 4.5 (5, 4, 5, reversed 4 → 4) → 5.25 (6, 5, 5, reversed 3 → 5):
    // +0.75. With retest SEM 0.387298, RCI = 0.75/0.547723 = 1.369306: within
    // error. Yet 4.5 ± 0.98 held the cutoff (between anxious and secure)
    // and 5.25 ± 0.98 = [4.27, 6.23] does not (anxious).
    let out = compare(
        [5, 4, 5, 4, 2, 2, 2, 6],
        [6, 5, 5, 3, 2, 2, 2, 6],
        &[],
        |_| {},
    );
    out.code(0).stdout_has(&["+1.37"]);
    let text = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(
            "The style name moved (Between Anxious (preoccupied) and Secure → Anxious \
             (preoccupied)), but no dimension changed by more than measurement error."
        ),
        "{text}"
    );
    let out = compare(
        [5, 4, 5, 4, 2, 2, 2, 6],
        [6, 5, 5, 3, 2, 2, 2, 6],
        &["--format", "json"],
        |_| {},
    );
    assert_eq!(out.json()["style_change"], "moved-within-error");
}

#[test]
fn different_bank_versions_are_warned_about() {
    let out = compare(BEFORE, AFTER, &[], |doc| {
        doc["bank"]["version"] = "2.0.0".into();
    });
    out.code(0).stderr_has(&[
        "securebase: warning: The two results come from different versions of near-cutoff (1.0.0 → 2.0.0)",
        "part of any difference may come from the questionnaire, not from you",
    ]);
    out.stdout_has(&["Warning: The two results come from different versions"]);
    let out = compare(BEFORE, AFTER, &["--format", "json"], |doc| {
        doc["bank"]["version"] = "2.0.0".into();
    });
    assert_eq!(out.json()["versions"], json!(["1.0.0", "2.0.0"]));
}

#[test]
fn compare_shows_a_paragraph_banks_answers() {
    let data = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, ratings, choice) in [
        ("before", [5, 5, 2, 3], "proto-anxious"),
        ("after", [6, 3, 2, 2], "proto-secure"),
    ] {
        let doc = json!({"bank": "sb-styles", "answers": {
            "proto-secure": ratings[0], "proto-anxious": ratings[1],
            "proto-avoidant": ratings[2], "proto-fearful": ratings[3], "best-fit": choice}});
        let input = data.path().join(format!("{name}-in.json"));
        std::fs::write(&input, doc.to_string()).unwrap();
        let out = sb(&["score", "--format", "json"]).arg(&input).run();
        out.code(0);
        let file = data.path().join(format!("{name}.json"));
        std::fs::write(&file, &out.stdout).unwrap();
        files.push(file);
    }
    let out = sb(&["compare"])
        .env("COLUMNS", "160")
        .arg(&files[0])
        .arg(&files[1])
        .run();
    out.code(0).stdout_has(&[
        "│ Secure                ┆ 5      ┆ 6     ┆ +1     │",
        "│ Anxious (preoccupied) ┆ 5      ┆ 3     ┆ -2     │",
        "Before: Best fit chosen: Anxious (preoccupied); Model of self: -1 · model of others: +5",
        // self = (6 + 2) − (2 + 3) = 3; other = (6 + 3) − (2 + 2) = 5
        "After: Best fit chosen: Secure; Model of self: +3 · model of others: +5",
        "Single ratings have no known measurement error",
        "Style: Anxious (preoccupied) (your choice of best fit broke a tie) → Secure",
    ]);
    assert!(!out.stdout.contains("RCI ="), "{}", out.stdout);
}
