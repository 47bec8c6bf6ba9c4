//! What a result says, against hand-computed cases: levels at the cutoff,
//! every neighbour case, intervals clamped for people and exact for
//! programs, and Spearman–Brown for skipped items. The paragraph bank's
//! rules are in `paragraphs.rs`; disorganization and the words in `texts.rs`.
//!
//! Most cases use `tests/fixtures/banks/near-cutoff.json`: 1–7, cutoffs 4,
//! four items a dimension (the fourth reversed), sd 1 and alpha .75, so
//! SEM = 1·√.25 = 0.5 and the 95 % interval is score ± 0.98. The study
//! `tests/fixtures/study/near-cutoff.csv` crosses five anxiety means with
//! five avoidance means: 2.0 (low, interval [1.02, 2.98]), 3.5 (low, [2.52,
//! 4.48] holds 4), 4.0 (at the cutoff), 4.5 (high, [3.52, 5.48] holds 4)
//! and 6.0 (high, [5.02, 6.98]).

use serde_json::{json, Value};

use crate::support::{fixture, sb, Output};

const BANK: &str = "tests/fixtures/banks/near-cutoff.json";

/// `score` of a JSON answer file for the test bank, written to the data dir.
fn score_near(answers: &Value, args: &[&str]) -> Output {
    let doc = json!({"bank": "near-cutoff", "respondent": "t", "answers": answers});
    let mut all = vec!["score", "--bank", BANK];
    all.extend_from_slice(args);
    // Wide enough that no table cell wraps.
    let run = sb(&all)
        .env("COLUMNS", "160")
        .data_file("a.json", &doc.to_string());
    let file = run.data_dir().join("a.json");
    run.arg(file).run()
}

/// Answers giving anxiety and avoidance means from their four ratings
/// (the fourth of each is reverse-keyed and given as answered).
fn near(a: [Option<i64>; 4], v: [Option<i64>; 4]) -> Value {
    let mut m = serde_json::Map::new();
    for (i, x) in a.iter().enumerate() {
        m.insert(format!("a{}", i + 1), json!(x));
    }
    for (i, x) in v.iter().enumerate() {
        m.insert(format!("v{}", i + 1), json!(x));
    }
    Value::Object(m)
}

fn dim<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap()
}

#[track_caller]
fn close(v: &Value, expected: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"));
    assert!((got - expected).abs() < 1e-6, "{got} != {expected}");
}

// ---- levels and neighbours ---------------------------------------------------

#[test]
fn every_neighbour_case_names_the_quadrants_the_intervals_reach() {
    // (respondent, the point's quadrant, every quadrant reached, in order:
    // the point's own, across the anxiety cut, across the avoidance cut,
    // the diagonal; with no own quadrant (a score at its cutoff) the fixed
    // order secure, anxious, avoidant, fearful).
    let expected: [(&str, &str, &[&str]); 25] = [
        ("anx20-avo20", "secure", &["secure"]),
        ("anx20-avo35", "secure", &["secure", "avoidant"]),
        ("anx20-avo40", "", &["secure", "avoidant"]),
        ("anx20-avo45", "avoidant", &["avoidant", "secure"]),
        ("anx20-avo60", "avoidant", &["avoidant"]),
        ("anx35-avo20", "secure", &["secure", "anxious"]),
        (
            "anx35-avo35",
            "secure",
            &["secure", "anxious", "avoidant", "fearful"],
        ),
        (
            "anx35-avo40",
            "",
            &["secure", "anxious", "avoidant", "fearful"],
        ),
        (
            "anx35-avo45",
            "avoidant",
            &["avoidant", "fearful", "secure", "anxious"],
        ),
        ("anx35-avo60", "avoidant", &["avoidant", "fearful"]),
        ("anx40-avo20", "", &["secure", "anxious"]),
        (
            "anx40-avo35",
            "",
            &["secure", "anxious", "avoidant", "fearful"],
        ),
        (
            "anx40-avo40",
            "",
            &["secure", "anxious", "avoidant", "fearful"],
        ),
        (
            "anx40-avo45",
            "",
            &["secure", "anxious", "avoidant", "fearful"],
        ),
        ("anx40-avo60", "", &["avoidant", "fearful"]),
        ("anx45-avo20", "anxious", &["anxious", "secure"]),
        (
            "anx45-avo35",
            "anxious",
            &["anxious", "secure", "fearful", "avoidant"],
        ),
        (
            "anx45-avo40",
            "",
            &["secure", "anxious", "avoidant", "fearful"],
        ),
        (
            "anx45-avo45",
            "fearful",
            &["fearful", "avoidant", "anxious", "secure"],
        ),
        ("anx45-avo60", "fearful", &["fearful", "avoidant"]),
        ("anx60-avo20", "anxious", &["anxious"]),
        ("anx60-avo35", "anxious", &["anxious", "fearful"]),
        ("anx60-avo40", "", &["anxious", "fearful"]),
        ("anx60-avo45", "fearful", &["fearful", "anxious"]),
        ("anx60-avo60", "fearful", &["fearful"]),
    ];
    let study = fixture("study/near-cutoff.csv");
    let out = sb(&["score", "--bank", BANK, "--format", "jsonl"])
        .arg(&study)
        .run();
    out.code(0);
    let docs: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 25);
    for (doc, (who, quadrant, candidates)) in docs.iter().zip(expected) {
        assert_eq!(doc["respondent"], who);
        let st = &doc["style"];
        let q = if quadrant.is_empty() {
            Value::Null
        } else {
            json!(quadrant)
        };
        assert_eq!(st["quadrant"], q, "{who}");
        assert_eq!(st["candidates"], json!(candidates), "{who}");
        // A style is named alone only when one quadrant is reached.
        let id = if candidates.len() == 1 {
            json!(candidates[0])
        } else {
            Value::Null
        };
        assert_eq!(st["id"], id, "{who}");
        let headline = match candidates.len() {
            1 => candidates[0],
            2 => "between",
            _ => "close-to-all-four",
        };
        assert_eq!(doc["explanation"]["id"], headline, "{who}");
    }
}

#[test]
fn a_score_exactly_at_the_cutoff_is_its_own_level() {
    // Anxiety 4, 4, 4, reversed 4 → 4 = 16/4 = 4.0: at the cutoff.
    // Avoidance 2, 2, 2, reversed 6 → 2: 2.0, [1.02, 2.98]: low.
    let answers = near(
        [Some(4), Some(4), Some(4), Some(4)],
        [Some(2), Some(2), Some(2), Some(6)],
    );
    let out = score_near(&answers, &["--format", "json"]);
    out.code(0);
    let doc = out.json();
    let anx = dim(&doc, "anxiety");
    close(&anx["score"], 4.0);
    assert_eq!(anx["level"], "at-cutoff");
    assert_eq!(anx["close_to_cutoff"], true);
    assert_eq!(dim(&doc, "avoidance")["level"], "low");
    assert_eq!(doc["style"]["quadrant"], Value::Null);
    assert_eq!(doc["style"]["candidates"], json!(["secure", "anxious"]));
    let out = score_near(&answers, &["--format", "table", "--no-explain"]);
    out.code(0).stdout_has(&[
        "at the cutoff",
        "Style: Between Secure and Anxious (preoccupied)",
        "these styles fit about equally well",
    ]);
}

#[test]
fn close_to_all_four_says_no_single_style_fits() {
    // 4.5 and 4.5: both intervals [3.52, 5.48] hold 4.
    let answers = near(
        [Some(5), Some(4), Some(5), Some(4)],
        [Some(5), Some(4), Some(5), Some(4)],
    );
    let out = score_near(&answers, &["--format", "table"]);
    out.code(0).stdout_has(&[
        "high, close to the cutoff",
        "Style: No single style fits: close to all four",
        "Close to the cutoff",
    ]);
    let doc = score_near(&answers, &["--format", "json"]).json();
    let ids: Vec<&str> = doc["explanation"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"close-to-cutoff"), "{ids:?}");
    // No single style's full text: only what helps in general.
    assert!(!ids.iter().any(|i| i.starts_with("style.")), "{ids:?}");
}

// ---- intervals: clamped for people, exact for programs -----------------------

#[test]
fn human_outputs_clamp_intervals_and_say_so_machine_outputs_keep_them() {
    // Anxiety 7, 7, 7, reversed 1 → 7: 7.0 ± 0.98 = [6.02, 7.98].
    let answers = near(
        [Some(7), Some(7), Some(7), Some(1)],
        [Some(2), Some(2), Some(2), Some(6)],
    );
    let doc = score_near(&answers, &["--format", "json"]).json();
    let anx = dim(&doc, "anxiety");
    close(&anx["interval"][0], 6.02);
    close(&anx["interval"][1], 7.98);
    let csv = score_near(&answers, &["--format", "csv"]);
    csv.code(0);
    let row = csv.stdout.lines().nth(1).unwrap();
    assert!(
        row.starts_with("t,near-cutoff,1.0.0,7.0000,4,0,high,0.5000,6.0200,7.9800,false,"),
        "{row}"
    );
    let table = score_near(&answers, &["--format", "table", "--no-explain"]);
    table.code(0).stdout_has(&[
        "6.02 – 7.00",
        "Ranges are cut at the ends of the scale (1–7); JSON and CSV keep the exact values.",
        "The 95% ranges are approximate: they use assumed reliability values.",
        "anxiety    7.00   95% 6.02–7.00",
    ]);
    assert!(!table.stdout.contains("7.98"), "{}", table.stdout);
}

#[test]
fn skipped_items_widen_the_interval_by_spearman_brown() {
    // a4 skipped: 3 of 4 answered (1 may be missing). k = 3/4:
    // alpha' = (.75·.75)/(1 − .25·.75) = .5625/.8125 = .692308;
    // SEM = √(1 − .692308) = 0.554700; ± 1.087212 → [5.912788, 8.087212].
    let answers = near(
        [Some(7), Some(7), Some(7), None],
        [Some(2), Some(2), Some(2), Some(6)],
    );
    let doc = score_near(&answers, &["--format", "json"]).json();
    let anx = dim(&doc, "anxiety");
    close(&anx["score"], 7.0);
    close(&anx["reliability"], 0.5625 / 0.8125);
    close(&anx["sem"], 0.554_700_196);
    close(&anx["interval"][0], 5.912_787_6);
    close(&anx["interval"][1], 8.087_212_4);
    // All four answered: the reference alpha itself.
    close(&dim(&doc, "avoidance")["reliability"], 0.75);
    close(&dim(&doc, "avoidance")["sem"], 0.5);
    score_near(&answers, &["--format", "table", "--no-explain"])
        .code(0)
        .stdout_has(&["5.91 – 7.00", "3/4"]);
}
