//! What `score`, `report` and `compare` make of input that is not what
//! they expect (issue 13): standard input in any of the three formats, a
//! CSV study scored against the wrong bank, an answer file where a result
//! belongs.

use crate::support::sb;

fn file(path: &str) -> String {
    std::fs::read_to_string(crate::support::root().join(path)).unwrap()
}

/// Standard input gives exactly what the same file by name gives, for
/// each format, with no note (the content is clear).
#[test]
fn standard_input_is_sniffed_for_all_three_formats() {
    for (path, bank) in [
        ("examples/study.jsonl", None),
        ("examples/study.csv", Some("sb-short")),
        ("examples/sb-short.json", None),
    ] {
        let mut by_name = vec!["score"];
        let mut piped = vec!["score"];
        if let Some(b) = bank {
            by_name.extend(["--bank", b]);
            piped.extend(["--bank", b]);
        }
        by_name.push(path);
        piped.push("-");
        let want = sb(&by_name).run();
        want.code(0);
        let got = sb(&piped).stdin(file(path)).run();
        got.code(0);
        assert_eq!(got.stdout, want.stdout, "{path}");
        assert_eq!(got.stderr, "", "{path}");
    }
    // The JSON Lines study also with --bank (it was read as one JSON
    // document before: "trailing characters").
    let out = sb(&["score", "--bank", "sb-short", "-"])
        .stdin(file("examples/study.jsonl"))
        .run();
    out.code(0);
    assert_eq!(out.stdout.lines().count(), 6);
    let first: serde_json::Value =
        serde_json::from_str(out.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["respondent"], "p0000000");
    let by_name = sb(&["score", "examples/study.jsonl", "--format", "jsonl"]).run();
    let want: serde_json::Value =
        serde_json::from_str(by_name.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(
        first["dimensions"][0]["score"],
        want["dimensions"][0]["score"]
    );
    assert!(first["dimensions"][0]["score"].is_number());
}

#[test]
fn unclear_standard_input_says_what_was_assumed() {
    let out = sb(&["score", "--bank", "sb-short", "-"])
        .stdin("hello\n")
        .run();
    out.code(65).stderr_has(&[
        "securebase: note: standard input read as CSV (its content does not say clearly); pass --input-format json, jsonl or csv",
        "the header has 0 of the 12 questions of `sb-short`",
    ]);
}

#[test]
fn a_study_of_another_bank_stops_and_names_it() {
    let out = sb(&["score", "--bank", "sb-core", "examples/study.csv"]).run();
    out.code(65);
    assert_eq!(
        out.stderr,
        "securebase: error: examples/study.csv: line 1: the header has 12 of the 44 questions of `sb-core`; the columns are those of `sb-short`: pass --bank sb-short\n"
    );
    assert_eq!(out.stdout, "", "nothing scored");
}

#[test]
fn a_few_missing_columns_warn_once() {
    let csv = "respondent,anx-01,avo-01,anx-02,avo-02,anx-03,avo-03,anx-04,avo-04,anx-05,avo-05\n\
               p1,1,2,3,4,5,6,7,1,2,3\np2,1,2,3,4,5,6,7,1,2,3\n";
    let out = sb(&["score", "--bank", "sb-short", "-", "--format", "csv"])
        .stdin(csv)
        .run();
    out.code(0);
    assert_eq!(
        out.stderr,
        "securebase: warning: <stdin>: 2 questions of `sb-short` have no column (anx-06, avo-06); they count as missing for every respondent\n"
    );
    assert_eq!(out.stdout.lines().count(), 3);
}

#[test]
fn report_and_compare_given_answer_files_say_so() {
    let out = sb(&["report", "examples/sb-short.json"]).run();
    out.code(65);
    assert_eq!(
        out.stderr,
        "securebase: error: examples/sb-short.json: this is an answer file, not a result; make a result from it with `securebase score examples/sb-short.json --format json > result.json` and give that file\n"
    );
    let out = sb(&["compare", "examples/study.jsonl", "examples/sb-short.json"]).run();
    out.code(65).stderr_has(&[
        "examples/study.jsonl: this is a JSON Lines study, not a result",
        "--format jsonl",
    ]);
    let out = sb(&["report", "examples/study.csv"]).run();
    out.code(65)
        .stderr_has(&["examples/study.csv: this is a CSV study, not a result"]);
    // The fix the message names works.
    let dir = tempfile::tempdir().unwrap();
    let result = dir.path().join("result.json");
    let scored = sb(&["score", "examples/sb-short.json", "--format", "json"]).run();
    scored.code(0);
    std::fs::write(&result, &scored.stdout).unwrap();
    sb(&["report"]).arg(&result).run().code(0);
}

#[test]
fn report_html_refuses_a_folder_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let out = sb(&["report", "tests/fixtures/results/before.json", "--html"])
        .arg(dir.path().join("nodir/sub/x.html"))
        .run();
    out.code(73)
        .stderr_has(&["does not exist; create it first (mkdir -p"]);
    assert!(!dir.path().join("nodir").exists(), "no folder created");
}

#[test]
fn a_study_at_a_terminal_is_one_row_a_respondent_and_a_summary() {
    let out = sb(&[
        "score",
        "--bank",
        "sb-short",
        "examples/study.csv",
        "--format",
        "table",
    ])
    .run();
    out.code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "respondent    anxiety  avoidance  style                   notes"
    );
    assert_eq!(
        lines[1],
        "p0000000         5.83       6.33  Fearful-avoidant"
    );
    assert_eq!(
        lines[3],
        "p0000002            –       6.33  –                       too-many-missing"
    );
    // 24 rows, then the summary; no plot, no explanation.
    assert!(lines[24].starts_with("p0000023"), "{}", out.stdout);
    let summary = lines[25..].join(" ");
    assert!(
        summary.starts_with(
            // Counted from the CSV's style and candidates columns.
            "24 respondents: 1 Anxious (preoccupied), 2 Avoidant (dismissing), 1 Between Anxious (preoccupied) and Fearful-avoidant, 5 Between Avoidant (dismissing) and Fearful-avoidant, 3 Between Secure and Anxious (preoccupied), 3 Between Secure and Avoidant (dismissing), 2 Fearful-avoidant, 1 No single style fits: close to all four, 4 Secure, 2 without a style"
        ),
        "{summary}"
    );
    assert!(summary.contains("--format csv, jsonl or json"), "{summary}");
    assert!(!out.stdout.contains("Anxiety ↑"));
    // One person still gets the full result.
    let one = sb(&["score", "examples/sb-short.json", "--format", "table"]).run();
    one.code(0).stdout_has(&["Anxiety ↑", "Style:"]);
}
