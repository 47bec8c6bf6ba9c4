//! `securebase calibrate` through the real binary: the sample-size guard,
//! the low-alpha warning, the written copy (earned values equal to what
//! `analyze` reports, loadable, private, never over a file without
//! `--force`), `show` naming where the values came from, and `score` using
//! them for intervals and percentiles.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::support::sb;

const SHORT_ITEMS: [&str; 12] = [
    "anx-01", "avo-01", "anx-02", "avo-02", "anx-03", "avo-03", "anx-04", "avo-04", "anx-05",
    "avo-05", "anx-06", "avo-06",
];
/// sb-short's reverse-keyed items (answered 8 − x by a consistent respondent).
const REVERSED: [&str; 4] = ["anx-02", "anx-05", "avo-02", "avo-04"];

/// A synthetic sb-short study: each respondent has an anxiety and an
/// avoidance level, and answers each item that level plus noise of up to
/// ±`noise` (a fixed linear congruential sequence, so the file is the same
/// every run); the tenth respondent skips avo-03.
fn study(n: usize, noise: i64) -> String {
    let mut state: u64 = 2024;
    let mut next = move |m: i64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as i64).rem_euclid(m)
    };
    let mut csv = format!("respondent,{}\n", SHORT_ITEMS.join(","));
    for r in 0..n {
        let (anx, avo) = (1 + next(7), 1 + next(7));
        let _ = write!(csv, "c{r:04}");
        for item in SHORT_ITEMS {
            let level = if item.starts_with("anx") { anx } else { avo };
            let x = (level + next(2 * noise + 1) - noise).clamp(1, 7);
            let x = if REVERSED.contains(&item) { 8 - x } else { x };
            if r % 10 == 9 && item == "avo-03" {
                csv.push(',');
            } else {
                let _ = write!(csv, ",{x}");
            }
        }
        csv.push('\n');
    }
    csv
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn reference<'a>(bank: &'a Value, dim: &str) -> &'a Value {
    &bank["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == dim)
        .unwrap()["reference"]
}

#[test]
fn fewer_than_200_scored_respondents_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cal.json");
    let run = sb(&[
        "calibrate",
        "--bank",
        "sb-short",
        "examples/study.csv",
        "-o",
    ])
    .arg(&out)
    .run();
    run.code(65).stderr_has(&[
        "nothing written",
        "anxiety: 22 scored respondents; calibrating needs at least 200",
        "pass --force to write anyway",
    ]);
    assert!(!out.exists());
}

#[test]
fn a_calibrated_copy_carries_the_studys_own_values_and_scores_with_them() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("study.csv");
    std::fs::write(&data, study(300, 1)).unwrap();
    let cal = dir.path().join("cal.json");
    let run = sb(&[
        "calibrate",
        "--bank",
        "sb-short",
        "--sample",
        "300 made-up adults",
    ])
    .arg(&data)
    .arg("-o")
    .arg(&cal)
    .run();
    run.code(0).stderr_has(&["wrote", "anxiety: mean"]);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&cal).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    sb(&["validate"]).arg(&cal).run().code(0);

    let analysis = sb(&["analyze", "--bank", "sb-short", "--format", "json"])
        .arg(&data)
        .run();
    analysis.code(0);
    let analysis = analysis.json();
    let bank = read_json(&cal);
    for (i, dim) in ["anxiety", "avoidance"].iter().enumerate() {
        let r = reference(&bank, dim);
        let a = &analysis["dimensions"][i];
        assert_eq!(a["id"], *dim);
        let near = |x: &Value, y: &Value| (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() < 5e-5;
        assert!(near(&r["mean"], &a["scores"]["mean"]), "{dim} mean");
        assert!(near(&r["sd"], &a["scores"]["sd"]), "{dim} sd");
        assert!(near(&r["alpha"], &a["reliability"]["alpha"]), "{dim} alpha");
        assert!(near(&r["omega"], &a["reliability"]["omega"]), "{dim} omega");
        assert_eq!(r["n"], a["scores"]["n"]);
        assert_eq!(r["assumed"], false);
        let source = r["source"].as_str().unwrap();
        assert!(source.starts_with("securebase calibrate on "), "{source}");
        assert!(
            source.contains("study.csv") && source.contains(&format!("n = {}", r["n"])),
            "{source}"
        );
        let p = &r["percentiles"];
        assert_eq!(p["sample"], "300 made-up adults");
        let table = p["table"].as_array().unwrap();
        let rows: Vec<(f64, f64)> = table
            .iter()
            .map(|row| (row[0].as_f64().unwrap(), row[1].as_f64().unwrap()))
            .collect();
        assert!(rows.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1));
        assert!(
            rows[0].1 > 0.0 && rows[rows.len() - 1].1 < 100.0,
            "mid-ranks"
        );
    }
    let notes = bank["notes"].as_str().unwrap();
    assert!(
        notes.contains("Calibrated copy: the reference values of anxiety, avoidance were measured")
    );

    // A result scored with the copy: the interval from the earned values.
    let answers = "examples/sb-short.json";
    let scored = sb(&["score", "--format", "json", "--bank"])
        .arg(&cal)
        .arg(answers)
        .run();
    scored.code(0);
    let doc = scored.json();
    let d = &doc["dimensions"][0];
    let r = reference(&bank, "anxiety");
    let sem = r["sd"].as_f64().unwrap() * (1.0 - r["alpha"].as_f64().unwrap()).sqrt();
    let score = d["score"].as_f64().unwrap();
    assert!((d["interval"][0].as_f64().unwrap() - (score - 1.96 * sem)).abs() < 1e-9);
    assert_eq!(d["reference_assumed"], false);
    assert!(
        d["percentile"].is_number(),
        "the copy has a sample to compare with"
    );

    // show says where each value came from (read as one line: it is wrapped).
    let flat = |args: &[&str], bank: Option<&Path>| {
        let mut run = sb(args);
        if let Some(b) = bank {
            run = run.arg(b);
        }
        let out = run.run();
        out.code(0);
        out.stdout.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let shown = flat(&["show"], Some(&cal));
    for part in [
        "Where the reference values come from",
        "anxiety: measured (sd ",
        "securebase calibrate on ",
        "percentiles compared with 300 made-up adults (n = 300",
    ] {
        assert!(shown.contains(part), "{part:?} not in {shown}");
    }
    let builtin = flat(&["show", "sb-short"], None);
    assert!(
        builtin.contains("anxiety: assumed (sd 1.2, alpha 0.78): Assumed:"),
        "{builtin}"
    );
}

#[test]
fn a_low_alpha_is_written_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("noisy.csv");
    std::fs::write(&data, study(250, 6)).unwrap();
    let cal = dir.path().join("cal.json");
    let run = sb(&["calibrate", "--bank", "sb-short"])
        .arg(&data)
        .arg("-o")
        .arg(&cal)
        .run();
    run.code(0)
        .stderr_has(&["warning: anxiety: alpha 0.", "is below 0.70"]);
    let alpha = reference(&read_json(&cal), "anxiety")["alpha"]
        .as_f64()
        .unwrap();
    assert!(alpha > 0.0 && alpha < 0.7, "{alpha}");
}

#[test]
fn an_existing_output_is_kept_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("study.csv");
    std::fs::write(&data, study(220, 1)).unwrap();
    let cal = dir.path().join("cal.json");
    std::fs::write(&cal, "keep me").unwrap();
    let args = ["calibrate", "--bank", "sb-short"];
    sb(&args)
        .arg(&data)
        .arg("-o")
        .arg(&cal)
        .run()
        .code(73)
        .stderr_has(&["exists", "--force"]);
    assert_eq!(std::fs::read_to_string(&cal).unwrap(), "keep me");
    sb(&args)
        .arg(&data)
        .arg("-o")
        .arg(&cal)
        .arg("--force")
        .run()
        .code(0);
    assert!(read_json(&cal)["dimensions"].is_array());
}

#[test]
fn a_bank_of_paragraphs_has_nothing_to_calibrate() {
    let dir = tempfile::tempdir().unwrap();
    let cal = dir.path().join("cal.json");
    sb(&[
        "calibrate",
        "--bank",
        "sb-styles",
        "tests/fixtures/answers/styles.csv",
        "-o",
    ])
    .arg(&cal)
    .run()
    .code(65)
    .stderr_has(&["nothing written: sb-styles has no dimension with items to calibrate"]);
    assert!(!cal.exists());
}

/// A synthetic sb-relationships study: per respondent and relationship an
/// avoidance and an anxiety level, answers that level ± 1 (reversed where
/// the bank reverses); every fifth respondent has no partner.
fn relationships_study(n: usize) -> String {
    let bank: Value = serde_json::from_str(
        &std::fs::read_to_string("questionnaires/sb-relationships.json").unwrap(),
    )
    .unwrap();
    let items: Vec<(String, bool)> = bank["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_str().unwrap().to_string(), i["reverse"] == true))
        .collect();
    let targets = ["mother", "father", "partner", "friend"];
    let mut state: u64 = 99;
    let mut next = move |m: i64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as i64).rem_euclid(m)
    };
    let mut csv = String::from("respondent,partner");
    for t in targets {
        for (id, _) in &items {
            let _ = write!(csv, ",{t}.{id}");
        }
    }
    csv.push('\n');
    for r in 0..n {
        let no_partner = r % 5 == 4;
        let _ = write!(
            csv,
            "r{r:04},{}",
            if no_partner { "not-applicable" } else { "" }
        );
        for t in targets {
            let (avo, anx) = (1 + next(7), 1 + next(7));
            for (id, reverse) in &items {
                if no_partner && t == "partner" {
                    csv.push(',');
                    continue;
                }
                let level = if id.starts_with("avo") { avo } else { anx };
                let x = (level + next(3) - 1).clamp(1, 7);
                let _ = write!(csv, ",{}", if *reverse { 8 - x } else { x });
            }
        }
        csv.push('\n');
    }
    csv
}

#[test]
fn a_relationship_bank_is_calibrated_from_every_relationships_scores() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("rel.csv");
    std::fs::write(&data, relationships_study(250)).unwrap();
    let cal = dir.path().join("cal.json");
    sb(&["calibrate", "--bank", "sb-relationships"])
        .arg(&data)
        .arg("-o")
        .arg(&cal)
        .run()
        .code(0);
    let analysis = sb(&["analyze", "--bank", "sb-relationships", "--format", "json"])
        .arg(&data)
        .run();
    analysis.code(0);
    let analysis = analysis.json();
    let bank = read_json(&cal);
    for dim in ["avoidance", "anxiety"] {
        let per_relationship: Vec<&Value> = analysis["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["id"] == dim && !d["target"].is_null())
            .collect();
        assert_eq!(per_relationship.len(), 4);
        // n: every relationship score (the partner applies to 200 of 250).
        let scored: u64 = per_relationship
            .iter()
            .map(|d| d["scores"]["n"].as_u64().unwrap())
            .sum();
        assert_eq!(scored, 250 * 3 + 200);
        let r = reference(&bank, dim);
        assert_eq!(r["n"].as_u64(), Some(scored));
        // alpha: the lowest relationship's, so no interval is too narrow.
        let lowest = per_relationship
            .iter()
            .map(|d| d["reliability"]["alpha"].as_f64().unwrap())
            .fold(f64::INFINITY, f64::min);
        assert!(
            (r["alpha"].as_f64().unwrap() - lowest).abs() < 5e-5,
            "{dim}"
        );
        assert!(r["source"]
            .as_str()
            .unwrap()
            .contains("the lowest of the relationships'"));
    }
}

#[test]
fn a_reference_omega_outside_0_to_1_is_a_bank_error() {
    let bank = std::fs::read_to_string("tests/fixtures/banks/minimal.json")
        .unwrap()
        .replace("\"alpha\": 0.8,", "\"alpha\": 0.8, \"omega\": 1.5,");
    assert!(bank.contains("\"omega\": 1.5"));
    let run = sb(&["validate"]).data_file("omega.json", &bank);
    let file = run.data_dir().join("omega.json");
    run.arg(file).run().code(65).stderr_has(&[
        "dimensions[0].reference.omega",
        "omega 1.5 must be between 0 and 1",
    ]);
}
