//! `securebase analyze` through the real binary: hand-computed numbers on a
//! tiny study, reasons instead of NaN, the same bad-input handling as
//! `score`, every output format, and counts that agree with `score`'s own
//! rows. The statistics against R psych and pingouin: analyze_reference.rs.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::support::{fixture, path, sb, Output};

const MINI: &str = "tests/fixtures/banks/minimal.json";

#[track_caller]
fn close(v: &Value, expected: f64) {
    let got = v
        .as_f64()
        .unwrap_or_else(|| panic!("{v} is not a number (expected {expected})"));
    assert!(
        (got - expected).abs() < 1e-12,
        "got {got}, expected {expected}"
    );
}

fn dim<'a>(doc: &'a Value, id: &str, target: Option<&str>) -> &'a Value {
    doc["dimensions"]
        .as_array()
        .expect("dimensions is a list")
        .iter()
        .find(|d| d["id"] == id && d["target"].as_str() == target)
        .unwrap_or_else(|| panic!("no dimension {id} / {target:?}"))
}

fn analyze_json(args: &[&str]) -> Value {
    let mut all = vec!["analyze", "--format", "json"];
    all.extend_from_slice(args);
    let out = sb(&all).run();
    out.code(0);
    out.json()
}

// The mini study (minimal.json; a2 and v2 reverse-keyed, 8 − x):
//   keyed anxiety (a1, a2): (1,1) (3,3) (5,4) (7,7) → scores 1, 3, 4.5, 7
//   keyed avoidance (v1, v2): (2,2) (4,4) (4,4) (6,6) → scores 2, 4, 4, 6
// anxiety: var a1 = 20/3, var a2 = 25/4, cov = 19/3, so
//   alpha = 2·(1 − (20/3 + 25/4)/(20/3 + 25/4 + 38/3)) = 304/307;
//   r = (19/3)/√(20/3 · 25/4); standardized alpha = 2r/(1 + r); r.drop = r.
// avoidance: the two items agree exactly: alpha 1.

#[test]
fn a_tiny_study_gives_hand_computed_statistics() {
    let doc = analyze_json(&["--bank", MINI, "tests/fixtures/study/analyze-mini.csv"]);
    assert_eq!(doc["schema"], "securebase.analysis/1");
    assert_eq!(doc["bank"]["id"], "mini");
    assert_eq!(doc["respondents"], 4);
    assert_eq!(doc["missing"], "pairwise");
    assert_eq!(doc["sources"][0], "tests/fixtures/study/analyze-mini.csv");

    let anx = dim(&doc, "anxiety", None);
    let r = &anx["reliability"];
    close(&r["alpha"], 304.0 / 307.0);
    let cor = (19.0 / 3.0) / (20.0f64 / 3.0 * 6.25).sqrt();
    close(&r["std_alpha"], 2.0 * cor / (1.0 + cor));
    close(&r["average_r"], cor);
    close(&r["item_stats"][0]["r_drop"], cor);
    close(&r["item_stats"][1]["mean"], 3.75);
    assert_eq!(r["item_stats"][1]["reverse"], true);
    assert_eq!(
        r["item_stats"][1]["alpha_if_dropped"],
        Value::Null,
        "one item left"
    );
    assert_eq!(r["omega"], Value::Null);
    assert_eq!(
        r["unavailable"]["omega"]["reason"],
        "fewer-than-three-items"
    );

    let s = &anx["scores"];
    assert_eq!(s["n"], 4);
    close(&s["mean"], 3.875);
    close(&s["sd"], (19.1875f64 / 3.0).sqrt());
    close(&s["min"], 1.0);
    close(&s["max"], 7.0);
    // 2 items on 1–7: one bar per half point, 13 bars from 1 to 7.
    assert_eq!(s["histogram"]["counts"].as_array().unwrap().len(), 13);
    assert_eq!(s["histogram"]["counts"][0], 1);
    assert_eq!(s["histogram"]["counts"][7], 1, "4.5 is bar 7");
    // SEM = 1.2·√0.2 ≈ 0.537: 3 and 4.5 have intervals reaching 4.
    assert_eq!(anx["cutoff"]["above"], 2);
    assert_eq!(anx["cutoff"]["at_or_close"], 2);

    let avo = dim(&doc, "avoidance", None);
    close(&avo["reliability"]["alpha"], 1.0);
    assert_eq!(avo["cutoff"]["above"], 1);
    assert_eq!(
        avo["cutoff"]["at_or_close"], 2,
        "the two scores of exactly 4"
    );

    let c = &doc["correlations"][0];
    assert_eq!(
        (c["a"].as_str(), c["b"].as_str()),
        (Some("anxiety"), Some("avoidance"))
    );
    close(&c["r"], 12.0 / (19.1875f64 * 8.0).sqrt());
    assert_eq!(c["n"], 4);
}

#[test]
fn a_scale_without_variance_says_why_instead_of_printing_nan() {
    let study = "tests/fixtures/study/analyze-flat.csv";
    let doc = analyze_json(&["--bank", MINI, study]);
    let r = &dim(&doc, "avoidance", None)["reliability"];
    assert_eq!(r["alpha"], Value::Null);
    assert_eq!(r["unavailable"]["alpha"]["reason"], "no-variance");
    assert_eq!(
        r["unavailable"]["std_alpha"]["reason"],
        "item-without-variance"
    );
    assert_eq!(r["unavailable"]["std_alpha"]["items"][0], "v1");
    assert!(dim(&doc, "anxiety", None)["reliability"]["alpha"].is_number());

    let out = sb(&["analyze", "--bank", MINI, "--format", "table", study]).run();
    out.code(0);
    // Read as one line: the notes are wrapped to the width.
    let text = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for part in [
        "alpha cannot be computed: everyone's answers add up to the same total",
        "standardized alpha, average inter-item r and omega cannot be computed: everyone gave v1 the same answer",
        "omega cannot be computed: a one-factor model needs at least three items",
    ] {
        assert!(text.contains(part), "{part:?} not in\n{}", out.stdout);
    }
    for output in [&out.stdout, &serde_json::to_string(&doc).unwrap()] {
        assert!(
            !output.contains("NaN") && !output.contains("inf"),
            "{output}"
        );
    }
}

#[test]
fn bad_rows_stop_the_analysis_with_scores_message_and_nothing_on_stdout() {
    let f = fixture("study/some-bad-rows.csv");
    let score = sb(&["score", "--bank", "sb-short", path(&f), "--format", "csv"]).run();
    let out = sb(&[
        "analyze",
        "--bank",
        "sb-short",
        path(&f),
        "--format",
        "json",
    ])
    .run();
    out.code(65);
    assert_eq!(out.stderr, score.stderr, "the same message as score");
    assert_eq!(out.stdout, "", "half a study's statistics would mislead");
}

#[test]
fn skip_invalid_analyses_the_rest_reports_each_row_and_exits_65() {
    let f = fixture("study/some-bad-rows.csv");
    let args = ["--bank", "sb-short", "--skip-invalid", path(&f)];
    let score = sb(&[&["score", "--format", "csv"][..], &args[..]].concat()).run();
    let out = sb(&[&["analyze", "--format", "json"][..], &args[..]].concat()).run();
    out.code(65);
    let skipped: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("skipped: "))
        .collect();
    let score_skipped: Vec<&str> = score
        .stderr
        .lines()
        .filter(|l| l.contains("skipped: "))
        .collect();
    assert_eq!(skipped, score_skipped);
    assert_eq!(skipped.len(), 5);
    assert!(
        out.stderr
            .ends_with("securebase: 5 invalid records skipped, 3 analysed\n"),
        "{}",
        out.stderr
    );
    let doc = out.json();
    assert_eq!(
        (doc["respondents"].as_u64(), doc["skipped"].as_u64()),
        (Some(3), Some(5))
    );
}

#[test]
fn missing_files_and_csv_without_a_bank_exit_as_score_does() {
    sb(&["analyze", "--bank", "sb-short", "no-such-study.csv"])
        .run()
        .code(66)
        .stderr_has(&["no-such-study.csv", "cannot read"]);
    sb(&["analyze", "examples/study.csv"])
        .run()
        .code(2)
        .stderr_has(&["add --bank ID"]);
    sb(&["analyze", "--bank", "no-such-bank", "examples/study.csv"])
        .run()
        .code(66)
        .stderr_has(&["no questionnaire called `no-such-bank`"]);
}

/// `score --format csv` of the example study, as (column → value) rows.
fn scored_rows() -> Vec<BTreeMap<String, String>> {
    let out = sb(&[
        "score",
        "--bank",
        "sb-short",
        "examples/study.csv",
        "--format",
        "csv",
    ])
    .run();
    out.code(0);
    let mut lines = out.stdout.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn style_quality_and_score_counts_agree_with_scores_own_rows() {
    let rows = scored_rows();
    let doc = analyze_json(&["--bank", "sb-short", "examples/study.csv"]);
    assert_eq!(doc["respondents"].as_u64(), Some(rows.len() as u64));
    let mut clear: BTreeMap<String, u64> = BTreeMap::new();
    let (mut between, mut none, mut flagged) = (0u64, 0u64, 0u64);
    for r in &rows {
        // One style named, several candidates (close to a cutoff), or none.
        match (r["style"].as_str(), r["candidates"].contains(';')) {
            ("", true) => between += 1,
            ("", false) => none += 1,
            (s, _) => *clear.entry(s.to_string()).or_default() += 1,
        }
        flagged += u64::from(!r["quality"].is_empty());
    }
    let styles = &doc["styles"];
    for (id, n) in &clear {
        assert_eq!(styles["clear"][id].as_u64(), Some(*n), "{id}");
    }
    assert_eq!(styles["between"].as_u64(), Some(between));
    assert_eq!(styles["none"].as_u64(), Some(none));
    assert_eq!(
        doc["quality"]["respondents_flagged"].as_u64(),
        Some(flagged)
    );

    let anxiety: Vec<f64> = rows
        .iter()
        .filter_map(|r| r["anxiety"].parse().ok())
        .collect();
    let d = dim(&doc, "anxiety", None);
    assert_eq!(d["scores"]["n"].as_u64(), Some(anxiety.len() as u64));
    let mean = anxiety.iter().sum::<f64>() / anxiety.len() as f64;
    // score's CSV rounds to 4 decimals.
    assert!((d["scores"]["mean"].as_f64().unwrap() - mean).abs() < 1e-4);
    let not_scored = rows.len() - anxiety.len();
    assert_eq!(
        d["scores"]["not_scored"]["too-many-missing"].as_u64(),
        Some(not_scored as u64)
    );
    let plane: u64 = doc["plane"]["counts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap().iter().map(|c| c.as_u64().unwrap()))
        .sum();
    assert_eq!(
        Some(plane),
        doc["correlations"][0]["n"].as_u64(),
        "both scores"
    );
}

#[test]
fn relationships_are_analysed_one_by_one_and_does_not_apply_is_counted() {
    let doc = analyze_json(&[
        "--bank",
        "sb-relationships",
        "tests/fixtures/answers/relationships.csv",
    ]);
    let overall = dim(&doc, "avoidance", None);
    assert_eq!(
        overall["reliability"],
        Value::Null,
        "reliability is per relationship"
    );
    let mother = dim(&doc, "avoidance", Some("mother"));
    assert_eq!(mother["reliability"]["items"], 6);
    assert_eq!(
        mother["reliability"]["item_stats"][0]["key"],
        "mother.avo-01"
    );
    let partner = dim(&doc, "avoidance", Some("partner"));
    assert!(
        partner["scores"]["not_scored"]["does-not-apply"].as_u64() >= Some(1),
        "{partner}"
    );
}

#[test]
fn a_reversed_item_answered_the_wrong_way_is_flagged_as_a_likely_keying_error() {
    // 30 respondents on sb-short whose answers to anx-02 (reverse-keyed) rise
    // with the other anxiety items, as if nobody had read it reversed.
    let mut csv = String::from("respondent,anx-01,anx-02,anx-03,anx-04,anx-05,anx-06\n");
    for i in 0..30 {
        let level = 1 + i % 7;
        let near = |d: i64| (level + d).clamp(1, 7);
        let _ = writeln!(
            csv,
            "k{i:02},{},{},{},{},{},{}",
            near(0),
            near(i % 2),
            near(-(i % 2)),
            near(0),
            8 - near(1),
            near(0)
        );
    }
    let run =
        sb(&["analyze", "--bank", "sb-short", "--format", "table"]).data_file("keying.csv", &csv);
    let file = run.data_dir().join("keying.csv");
    let out = run.arg(file).run();
    out.code(0);
    // The warning is wrapped to the text width; read it as one line.
    let text = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for part in [
        "warning: anx-02: r.drop is negative",
        "which usually means a keying error",
        "it is reverse-keyed: is that right for your copy?",
    ] {
        assert!(text.contains(part), "{part:?} not in\n{}", out.stdout);
    }
    assert!(!out.stdout.contains("warning: anx-01"), "{}", out.stdout);
}

#[test]
fn csv_gives_the_item_table_and_markdown_the_report() {
    let out = sb(&[
        "analyze",
        "--bank",
        MINI,
        "--format",
        "csv",
        "tests/fixtures/study/analyze-mini.csv",
    ])
    .run();
    out.code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "dimension,relationship,item,key,reverse,n,missing,mean,sd,r_drop,alpha_if_dropped,loading"
    );
    assert_eq!(lines.len(), 5, "a header and four items");
    assert_eq!(
        lines[2],
        format!(
            "anxiety,,a2,a2,true,4,0.000000,3.750000,{:.6},{:.6},,",
            2.5f64,
            (19.0 / 3.0) / (20.0f64 / 3.0 * 6.25).sqrt()
        )
    );

    let md = sb(&[
        "analyze",
        "--bank",
        MINI,
        "--markdown",
        "tests/fixtures/study/analyze-mini.csv",
    ])
    .run();
    md.code(0).stdout_has(&[
        "# Study analysis: Minimal test bank",
        "## Anxiety",
        "| item | n | missing | mean | SD | r.drop | alpha if dropped |",
        "| a2 (R) | 4 | 0.0% | 3.75 | 2.50 | 0.98 | – |",
    ]);
}

#[test]
fn the_html_report_is_self_contained_private_and_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("study.html");
    let out: Output = sb(&[
        "analyze",
        "--bank",
        "sb-short",
        "examples/study.csv",
        "--html",
    ])
    .arg(&page)
    .run();
    out.code(0).stderr_has(&["wrote"]);
    assert_eq!(out.stdout, "", "--html alone prints nothing else");
    let html = std::fs::read_to_string(&page).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    assert_eq!(doc.select(&sel("script")).count(), 0);
    assert_eq!(doc.select(&sel("link, img, iframe, object")).count(), 0);
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert_eq!(
        doc.select(&sel("h2"))
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
        "Anxiety and avoidance"
    );
    // The plane and one histogram per dimension.
    assert_eq!(doc.select(&sel("svg")).count(), 3);
    assert!(
        doc.select(&sel("svg rect title")).count() > 0,
        "cells and bars name their counts"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&page).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let again = sb(&[
        "analyze",
        "--bank",
        "sb-short",
        "examples/study.csv",
        "--html",
    ])
    .arg(&page)
    .run();
    again.code(73).stderr_has(&["exists", "--force"]);
}

#[test]
fn standard_input_and_listwise_work_like_files() {
    let csv = std::fs::read_to_string("tests/fixtures/study/analyze-mini.csv").unwrap();
    let out = sb(&[
        "analyze",
        "--bank",
        MINI,
        "--format",
        "json",
        "--input-format",
        "csv",
        "--listwise",
        "-",
    ])
    .stdin(csv)
    .run();
    out.code(0);
    let doc = out.json();
    assert_eq!(doc["missing"], "listwise");
    assert_eq!(doc["sources"][0], "<stdin>");
    close(
        &dim(&doc, "anxiety", None)["reliability"]["alpha"],
        304.0 / 307.0,
    );
}

#[test]
fn the_table_fits_every_width_and_is_plain_ascii_outside_utf8() {
    for width in [40, 60, 80, 120] {
        for (locale, ascii) in [("C.UTF-8", false), ("C", true)] {
            let out = sb(&["analyze", "--bank", "sb-relationships", "--format", "table"])
                .arg("tests/fixtures/answers/relationships.csv")
                .env("COLUMNS", width.to_string())
                .env("LC_ALL", locale)
                .run();
            out.code(0);
            for line in out.stdout.lines() {
                assert!(
                    line.chars().count() <= width,
                    "wider than {width}: {line:?}\n{}",
                    out.stdout
                );
            }
            assert_eq!(out.stdout.is_ascii(), ascii, "{locale}\n{}", out.stdout);
        }
    }
}

#[test]
fn text_from_a_bank_is_escaped_in_the_html_report() {
    let bank = std::fs::read_to_string(MINI).unwrap().replace(
        "\"label\": \"Anxiety\"",
        "\"label\": \"<b onmouseover=x>Anxiety</b>\"",
    );
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("mini.html");
    let run = sb(&["analyze", "tests/fixtures/study/analyze-mini.csv", "--html"])
        .arg(&page)
        .data_file("hostile.json", &bank);
    let bank_path = run.data_dir().join("hostile.json");
    run.arg("--bank").arg(bank_path).run().code(0);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("&lt;b onmouseover=x&gt;Anxiety&lt;/b&gt;"),
        "{html}"
    );
    assert!(!html.contains("<b onmouseover"));
}

/// `analyze` of a file in the data dir, as JSON, `sources` left out.
fn analysis_of(name: &str, text: &str) -> Value {
    let run = sb(&["analyze", "--bank", "sb-short", "--format", "json"]).data_file(name, text);
    let file = run.data_dir().join(name);
    let out = run.arg(file).run();
    out.code(0);
    let mut doc = out.json();
    doc.as_object_mut().unwrap().remove("sources");
    doc
}

#[test]
fn items_are_keyed_by_identity_whatever_the_column_order_or_the_format() {
    let csv = std::fs::read_to_string("examples/study.csv").unwrap();
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    // The columns reversed (respondent last), and the same study as JSON Lines.
    let reversed: String = rows
        .iter()
        .map(|r| r.iter().rev().copied().collect::<Vec<_>>().join(",") + "\n")
        .collect();
    let jsonl: String = rows[1..]
        .iter()
        .map(|r| {
            let answers: serde_json::Map<String, Value> = rows[0][1..]
                .iter()
                .zip(&r[1..])
                .map(|(k, v)| {
                    (
                        (*k).to_string(),
                        v.parse::<i64>().map_or(Value::Null, Value::from),
                    )
                })
                .collect();
            serde_json::json!({"bank": "sb-short", "respondent": r[0], "answers": answers})
                .to_string()
                + "\n"
        })
        .collect();
    let original = analysis_of("study.csv", &csv);
    assert_eq!(analysis_of("reversed.csv", &reversed), original);
    assert_eq!(analysis_of("study.jsonl", &jsonl), original);
}
