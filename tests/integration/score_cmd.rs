//! `securebase score` and `securebase template`, end to end through the real
//! binary: bad input, output formats, round trips, stdin, a closed pipe, the
//! table, templates, and the honesty notes. The readers and the scoring core
//! have their own library tests (answers.rs, scoring.rs); these check what a
//! user or a script sees: exit codes, streams and the messages' parts.

use serde_json::Value;

use crate::support::{fixture, path, root, sb, sb_closed_stdout, Output};

const SHORT_ITEMS: &str =
    "anx-01,avo-01,anx-02,avo-02,anx-03,avo-03,anx-04,avo-04,anx-05,avo-05,anx-06,avo-06";

/// The `score --format csv` header for a two-dimension bank, in its
/// documented, stable order.
const CSV_HEADER_SHORT: &str = "respondent,bank,bank_version,\
anxiety,anxiety_answered,anxiety_missing,anxiety_level,anxiety_sem,anxiety_lo,anxiety_hi,anxiety_close_to_cutoff,anxiety_percentile,\
avoidance,avoidance_answered,avoidance_missing,avoidance_level,avoidance_sem,avoidance_lo,avoidance_hi,avoidance_close_to_cutoff,avoidance_percentile,\
style,quadrant,candidates,axis_secure_fearful,axis_dismissing_preoccupied,quality";

#[track_caller]
fn close(v: &Value, expected: f64) {
    let got = v
        .as_f64()
        .unwrap_or_else(|| panic!("{v} is not a number (expected {expected})"));
    assert!(
        (got - expected).abs() < 1e-9,
        "got {got}, expected {expected}"
    );
}

#[track_caller]
fn interval(v: &Value, lo: f64, hi: f64) {
    close(&v[0], lo);
    close(&v[1], hi);
}

/// The respondent column of a CSV result (header dropped).
fn csv_respondents(out: &Output) -> Vec<&str> {
    out.stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect()
}

/// The dimension with this id in a result document.
fn dim<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["dimensions"]
        .as_array()
        .expect("dimensions is a list")
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no dimension {id}"))
}

/// Scores `text` saved as `<data dir>/<name>` with `args` before the file.
fn score_text(args: &[&str], name: &str, text: &str) -> Output {
    let mut all = vec!["score"];
    all.extend_from_slice(args);
    let run = sb(&all).data_file(name, text);
    let file = run.data_dir().join(name);
    run.arg(file).run()
}

// ---- bad input: exit 65 with file, place, respondent, item, value, fix ------

#[test]
fn a_value_outside_the_scale_exits_65_and_says_where_and_how_to_fix_it() {
    let f = fixture("answers/out-of-scale.json");
    let out = sb(&["score", path(&f)]).run();
    out.code(65).stderr_has(&[
        "out-of-scale.json:line 7",
        "respondent p01",
        "item anx-02",
        "value 9",
        "outside the answer scale of sb-short (1 to 7)",
        "fix: give a whole number from 1 to 7",
    ]);
    assert_eq!(out.stdout, "", "nothing is scored");
}

#[test]
fn a_non_integer_exits_65() {
    let f = fixture("answers/fraction.json");
    sb(&["score", path(&f)]).run().code(65).stderr_has(&[
        "fraction.json:line 8",
        "respondent p01",
        "item avo-02",
        "value 4.5",
        "not a whole number",
        "fix: give a whole number from 1 to 7",
    ]);
    // In a CSV cell, the place is the line of the row.
    // (A header with every question: one lacking most of them is refused first.)
    let csv = "respondent,anx-01,avo-01,anx-02,avo-02,anx-03,avo-03,anx-04,avo-04,anx-05,avo-05,anx-06,avo-06\n\
               s04,4.5,1,1,1,1,1,1,1,1,1,1,1\n";
    score_text(&["--bank", "sb-short"], "x.csv", csv)
        .code(65)
        .stderr_has(&[
            "x.csv:line 2",
            "respondent s04",
            "item anx-01",
            "value 4.5",
            "not a whole number",
            "or leave the cell empty",
        ]);
}

#[test]
fn an_unknown_item_id_exits_65_with_a_suggestion() {
    let f = fixture("answers/unknown-item.json");
    sb(&["score", path(&f)]).run().code(65).stderr_has(&[
        "unknown-item.json:line 5",
        "respondent p01",
        "item anx-1",
        "not a question of sb-short",
        "did you mean `anx-01`?",
        "securebase show sb-short",
    ]);
}

#[test]
fn a_duplicated_respondent_id_exits_65_after_scoring_the_rows_before_it() {
    let f = fixture("answers/duplicate.csv");
    let out = sb(&["score", "--bank", "sb-short", path(&f)]).run();
    out.code(65).stderr_has(&[
        "duplicate.csv:line 4",
        "respondent p01",
        "duplicate respondent id (already used earlier in this run: in this file or one read before it)",
        "fix: give every person their own respondent id",
    ]);
    assert_eq!(csv_respondents(&out), ["p01", "p02"]);
}

#[test]
fn a_bank_mismatch_exits_65_and_names_the_bank_the_file_is_for() {
    let out = sb(&["score", "--bank", "sb-core", "examples/sb-short.json"]).run();
    out.code(65).stderr_has(&[
        "examples/sb-short.json:line 2",
        "respondent example",
        "value \"sb-short\"",
        "these answers are for bank `sb-short`, but are being read with bank `sb-core`",
        "fix: score them with --bank sb-short",
    ]);
    assert_eq!(out.stdout, "");
}

#[test]
fn a_ragged_csv_row_exits_65() {
    let f = fixture("answers/ragged.csv");
    let out = sb(&["score", "--bank", "sb-short", path(&f)]).run();
    out.code(65).stderr_has(&[
        "ragged.csv:line 3",
        "respondent p02",
        "this row has 4 cells, the header has 13",
        "fix: give every row one cell per column",
    ]);
    assert_eq!(csv_respondents(&out), ["p01"]);
}

// The study tests/fixtures/study/some-bad-rows.csv, line by line:
//   2 s01 valid         3 s02 anx-04 = 0 (outside 1–7)   4 s03 valid
//   5 s04 anx-03 = 4.5  6 s05 ragged (4 cells)           7 s06 valid
//   8 s01 again         9 s07 avo-06 = "abc"

#[test]
fn a_study_with_bad_rows_stops_at_the_first_by_default() {
    let f = fixture("study/some-bad-rows.csv");
    let out = sb(&["score", "--bank", "sb-short", path(&f)]).run();
    out.code(65).stderr_has(&[
        "some-bad-rows.csv:line 3",
        "respondent s02",
        "item anx-04",
        "value 0",
        "outside the answer scale",
    ]);
    assert_eq!(
        csv_respondents(&out),
        ["s01"],
        "nothing after line 3 is scored"
    );
    assert!(!out.stderr.contains("s03"), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
}

#[test]
fn skip_invalid_scores_the_rest_reports_every_skipped_row_and_exits_65() {
    let f = fixture("study/some-bad-rows.csv");
    let out = sb(&["score", "--bank", "sb-short", "--skip-invalid", path(&f)]).run();
    out.code(65);
    assert_eq!(csv_respondents(&out), ["s01", "s03", "s06"]);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        6,
        "five skipped rows and the count\n{}",
        out.stderr
    );
    for (line, (place, what)) in lines.iter().zip([
        ("line 3: respondent s02", "item anx-04: value 0"),
        ("line 5: respondent s04", "item anx-03: value 4.5"),
        ("line 6: respondent s05", "this row has 4 cells"),
        ("line 8: respondent s01", "already used earlier in this run"),
        ("line 9: respondent s07", "item avo-06: value \"abc\""),
    ]) {
        assert!(line.starts_with("securebase: skipped: "), "{line}");
        assert!(line.contains("some-bad-rows.csv:"), "{line}");
        assert!(line.contains(place) && line.contains(what), "{line}");
        assert!(line.contains("fix: "), "{line}");
    }
    assert_eq!(lines[5], "securebase: 5 invalid records skipped, 3 scored");
}

#[test]
fn skip_invalid_on_a_clean_study_is_a_plain_success() {
    let f = fixture("study/clean.csv");
    let out = sb(&["score", "--bank", "sb-short", "--skip-invalid", path(&f)]).run();
    out.code(0);
    assert_eq!(out.stderr, "");
    assert_eq!(csv_respondents(&out), ["c01", "c02"]);
}

#[test]
fn a_missing_file_exits_66_naming_it() {
    sb(&["score", "no-such-answers.json"])
        .run()
        .code(66)
        .stderr_has(&["no-such-answers.json", "cannot read"]);
}

#[test]
fn a_csv_without_bank_exits_2_asking_for_bank() {
    let out = sb(&["score", "examples/study.csv"]).run();
    out.code(2).stderr_has(&["--bank", "securebase list"]);
    assert_eq!(out.stdout, "");
}

#[test]
fn an_unknown_extension_exits_2_unless_the_input_format_is_given() {
    let f = fixture("study/answers.txt");
    sb(&["score", path(&f)]).run().code(2).stderr_has(&[
        "answers.txt",
        "cannot tell the answer format",
        "--input-format",
    ]);
    // The fix the message names works.
    let out = sb(&["score", "--input-format", "json", path(&f)]).run();
    out.code(0);
    assert_eq!(out.json()["respondent"], "example");
}

#[test]
fn an_unknown_bank_exits_66_listing_the_known_ones() {
    sb(&["score", "--bank", "sb-nope", "examples/study.csv"])
        .run()
        .code(66)
        .stderr_has(&["sb-nope", "sb-short", "sb-core", "securebase list"]);
}

// ---- formats ---------------------------------------------------------------

#[test]
fn json_result_for_the_sb_short_example_with_hand_computed_values() {
    let out = sb(&["score", "--format", "json", "examples/sb-short.json"]).run();
    out.code(0);
    let doc = out.json();
    assert!(doc.is_object(), "one person, one document");
    assert_eq!(doc["schema"], "securebase.result/2");
    assert_eq!(doc["bank"]["id"], "sb-short");
    assert_eq!(doc["bank"]["version"], "2.0.0");
    assert_eq!(doc["respondent"], "example");

    // anxiety: anx-01 6, anx-02 rev 8−2 = 6, anx-03 rev 8−3 = 5, anx-04 6,
    //   anx-05 rev 8−2 = 6, anx-06 6 → 35/6 = 5.8333…
    // SEM = 1.2·√(1−0.78) = 1.2·√0.22 = 0.562850; 1.96·SEM = 1.103186
    // interval = [4.730148, 6.936519]: does not hold the cutoff 4 → high, not close to it
    let anx = dim(&doc, "anxiety");
    close(&anx["score"], 35.0 / 6.0);
    assert_eq!(anx["answered"], 6);
    assert_eq!(anx["items"], 6);
    assert_eq!(anx["missing"], 0);
    let sem_a = 1.2 * 0.22_f64.sqrt();
    interval(
        &anx["interval"],
        35.0 / 6.0 - 1.96 * sem_a,
        35.0 / 6.0 + 1.96 * sem_a,
    );
    close(&anx["interval"][0], 4.730_147_546_622_863);
    close(&anx["sem"], sem_a);
    close(&anx["reliability"], 0.78);
    assert_eq!(anx["level"], "high");
    assert_eq!(anx["close_to_cutoff"], false);

    // avoidance: avo-01 2, avo-02 rev 8−3 = 5, avo-03 2, avo-04 rev 8−6 = 2,
    //   avo-05 2, avo-06 rev 8−6 = 2 → 15/6 = 2.5
    // SEM = 1.26·√(1−0.84) = 1.26·0.4 = 0.504; 1.96·SEM = 0.98784
    // interval = [1.51216, 3.48784] → low, not close to the cutoff
    let avo = dim(&doc, "avoidance");
    close(&avo["score"], 2.5);
    assert_eq!(avo["answered"], 6);
    assert_eq!(avo["items"], 6);
    assert_eq!(avo["missing"], 0);
    interval(&avo["interval"], 1.512_16, 3.487_84);
    assert_eq!(avo["level"], "low");
    assert_eq!(avo["close_to_cutoff"], false);

    // Style: anxiety high (5.83 > 4), avoidance low → anxious, alone.
    // h = (7−1)/2 = 3; a = (35/6 − 4)/3 = 11/18; v = (2.5 − 4)/3 = −1/2
    // secure–fearful (a+v)/2 = 1/18; dismissing–preoccupied (a−v)/2 = 10/18
    let style = &doc["style"];
    assert_eq!(style["id"], "anxious");
    assert_eq!(style["quadrant"], "anxious");
    assert_eq!(style["candidates"], serde_json::json!(["anxious"]));
    close(&style["axes"]["secure_fearful"], 1.0 / 18.0);
    close(&style["axes"]["dismissing_preoccupied"], 10.0 / 18.0);

    assert_eq!(doc["quality"], serde_json::json!([]));
    assert_eq!(doc["explanation"]["id"], "anxious");
    let sections = doc["explanation"]["sections"].as_array().unwrap();
    assert_eq!(sections[0]["id"], "headline");
    assert_eq!(sections[0]["title"], "Anxious (preoccupied)");
    let last = sections.last().unwrap();
    assert_eq!(last["id"], "not-a-diagnosis");
    assert!(last["paragraphs"][0]
        .as_str()
        .unwrap()
        .starts_with("This is not a diagnosis"));
}

#[test]
fn jsonl_gives_one_result_a_line_for_the_24_respondents() {
    let out = sb(&[
        "score",
        "--bank",
        "sb-short",
        "--format",
        "jsonl",
        "examples/study.csv",
    ])
    .run();
    out.code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 24);
    for (i, line) in lines.iter().enumerate() {
        let doc: Value = serde_json::from_str(line).expect("each line is JSON");
        assert_eq!(doc["schema"], "securebase.result/2");
        assert_eq!(doc["bank"]["id"], "sb-short");
        assert_eq!(doc["respondent"], format!("p{i:07}"));
    }
}

#[test]
fn csv_output_has_the_stable_header_and_one_row_a_respondent() {
    let out = sb(&[
        "score",
        "--bank",
        "sb-short",
        "--format",
        "csv",
        "examples/study.csv",
    ])
    .run();
    out.code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], CSV_HEADER_SHORT);
    assert_eq!(lines.len(), 1 + 24);

    // p0000005: 3,6,7,4,6,4,1,,7,6,2,2 (avo-04 empty)
    // anxiety: 3, rev 8−7 = 1, rev 8−6 = 2, 1, rev 8−7 = 1, 2 → 10/6 = 1.6667, low
    //   SEM = 1.2·√0.22 = 0.562850; 1.96·SEM = 1.103186 → [0.5635, 2.7699]
    // avoidance: 6, rev 8−4 = 4, 4, (missing), 6, rev 8−2 = 6 → 26/5 = 5.2, 5 answered, 1 missing
    //   Spearman–Brown for 5 of 6: (5/6·.84)/(1 − .84/6) = .7/.86 = .813953;
    //   SEM = 1.26·√.186047 = 0.543477; ± 1.065215 → [4.1348, 6.2652]: no 4 inside
    // a = (10/6 − 4)/3 = −7/9, v = (5.2 − 4)/3 = 0.4 → avoidant
    // secure–fearful (a + v)/2 = −0.1889, dismissing–preoccupied (a − v)/2 = −0.5889
    let row = lines
        .iter()
        .find(|l| l.starts_with("p0000005,"))
        .expect("p0000005 is scored");
    assert_eq!(
        *row,
        "p0000005,sb-short,2.0.0,\
1.6667,6,0,low,0.5628,0.5635,2.7699,false,,\
5.2000,5,1,high,0.5435,4.1348,6.2652,false,,\
avoidant,avoidant,avoidant,-0.1889,-0.5889,"
    );

    // p0000002 misses anx-02 and anx-05: 2 > floor(0.2·6) = 1 → no anxiety
    // score, no style; the reason shows as a quality flag.
    let row = lines.iter().find(|l| l.starts_with("p0000002,")).unwrap();
    assert!(
        row.starts_with("p0000002,sb-short,2.0.0,,4,2,,,,,,,"),
        "{row}"
    );
    assert!(row.ends_with(",too-many-missing"), "{row}");
}

#[test]
fn json_for_several_respondents_is_a_list() {
    let out = sb(&[
        "score",
        "--bank",
        "sb-short",
        "--format",
        "json",
        "examples/study.csv",
    ])
    .run();
    out.code(0);
    let list = out.json();
    let list = list.as_array().expect("a JSON list");
    assert_eq!(list.len(), 24);
    assert_eq!(list[0]["respondent"], "p0000000");
    assert_eq!(list[23]["respondent"], "p0000023");
    assert!(list.iter().all(|d| d["schema"] == "securebase.result/2"));
}

#[test]
fn without_format_and_not_a_terminal_the_output_mirrors_the_input() {
    // JSON in → one JSON document.
    let out = sb(&["score", "examples/sb-short.json"]).run();
    out.code(0);
    assert_eq!(out.json()["schema"], "securebase.result/2");

    // CSV in → CSV.
    let out = sb(&["score", "--bank", "sb-short", "examples/study.csv"]).run();
    out.code(0);
    assert_eq!(out.stdout.lines().next(), Some(CSV_HEADER_SHORT));
    assert_eq!(out.stdout.lines().count(), 25);

    // JSON Lines in → JSON Lines (the blank line in the input is skipped).
    let f = fixture("answers/short.jsonl");
    let out = sb(&["score", path(&f)]).run();
    out.code(0);
    let respondents: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line")["respondent"].clone())
        .collect();
    assert_eq!(respondents, ["p01", "p02", "p03"]);
}

#[test]
fn a_study_with_nobody_in_it_gives_well_formed_empty_output() {
    let f = fixture("study/header-only.csv");
    let out = sb(&["score", "--bank", "sb-short", path(&f)]).run();
    out.code(0);
    assert_eq!(out.stdout, format!("{CSV_HEADER_SHORT}\n"));
    let out = sb(&["score", "--bank", "sb-short", "--format", "json", path(&f)]).run();
    out.code(0);
    assert_eq!(out.json(), serde_json::json!([]));
    let out = sb(&["score", "--bank", "sb-short", "--format", "jsonl", path(&f)]).run();
    out.code(0);
    assert_eq!(out.stdout, "");
}

// ---- round trips and the other built-in banks -------------------------------

#[test]
fn a_saved_result_scores_to_the_same_result() {
    for bank in ["sb-short", "sb-core", "sb-relationships", "sb-styles"] {
        let example = format!("examples/{bank}.json");
        let first = sb(&["score", "--format", "json", &example]).run();
        first.code(0);
        let again = score_text(&["--format", "json"], "result.json", &first.stdout);
        again.code(0);
        assert_eq!(again.json(), first.json(), "{bank}");
        assert_eq!(again.stdout, first.stdout, "{bank}");
    }
}

#[test]
fn relationships_overall_leaves_out_the_target_that_does_not_apply() {
    let out = sb(&["score", "examples/sb-relationships.json"]).run();
    out.code(0);
    let doc = out.json();
    assert_eq!(doc["bank"]["id"], "sb-relationships");
    // Reversed: avo-01..avo-04 and anx-03 (8 − x).
    // mother:  avoidance 5→3 ×4, 3, 3 → 3;  anxiety 2, 2, 8−2=6 → 10/3
    // father:  avoidance 3→5 ×4, 5, 5 → 5;  anxiety 3, 3, 8−3=5 → 11/3
    // partner: avoidance 6→2 ×4, 2, 2 → 2;  anxiety 5, 5, 8−5=3 → 13/3
    // friend:  "not-applicable" → no scores, left out of the overall
    let expected = [
        ("mother", 3.0, 10.0 / 3.0),
        ("father", 5.0, 11.0 / 3.0),
        ("partner", 2.0, 13.0 / 3.0),
    ];
    let targets = doc["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 4);
    for (t, (id, avoidance, anxiety)) in targets.iter().zip(expected) {
        assert_eq!(t["id"], id);
        assert_eq!(t["not_applicable"], false);
        close(&dim(t, "avoidance")["score"], avoidance);
        close(&dim(t, "anxiety")["score"], anxiety);
    }
    let friend = &targets[3];
    assert_eq!(friend["id"], "friend");
    assert_eq!(friend["not_applicable"], true);
    assert_eq!(dim(friend, "avoidance")["score"], Value::Null);
    assert_eq!(
        dim(friend, "avoidance")["reason"],
        serde_json::json!({"id": "does-not-apply"})
    );
    assert_eq!(friend["style"], Value::Null);

    // overall avoidance = (3 + 5 + 2)/3 = 10/3; anxiety = (10/3 + 11/3 + 13/3)/3 = 34/9
    // SEM avoidance = 1.2·√0.15 = 0.464758 → ±0.910926 → [2.4224, 4.2443] holds 4
    // SEM anxiety   = 1.3·√0.20 = 0.581378 → ±1.139502 → [2.6383, 4.9173] holds 4
    let avo = dim(&doc, "avoidance");
    close(&avo["score"], 10.0 / 3.0);
    let h = 1.96 * 1.2 * 0.15_f64.sqrt();
    interval(&avo["interval"], 10.0 / 3.0 - h, 10.0 / 3.0 + h);
    assert_eq!(avo["level"], "low");
    assert_eq!(avo["close_to_cutoff"], true);
    let anx = dim(&doc, "anxiety");
    close(&anx["score"], 34.0 / 9.0);
    let h = 1.96 * 1.3 * 0.2_f64.sqrt();
    interval(&anx["interval"], 34.0 / 9.0 - h, 34.0 / 9.0 + h);
    assert_eq!(anx["close_to_cutoff"], true);

    // Both low, both close to the cutoff: the point is in the secure
    // quadrant, but the intervals reach all four, the diagonal included.
    // a = (34/9 − 4)/3 = −2/27, v = (10/3 − 4)/3 = −2/9 = −6/27
    // secure–fearful (a + v)/2 = −4/27; dismissing–preoccupied (a − v)/2 = 2/27
    assert_eq!(doc["style"]["id"], Value::Null);
    assert_eq!(doc["style"]["quadrant"], "secure");
    assert_eq!(
        doc["style"]["candidates"],
        serde_json::json!(["secure", "anxious", "avoidant", "fearful"])
    );
    close(&doc["style"]["axes"]["secure_fearful"], -4.0 / 27.0);
    close(&doc["style"]["axes"]["dismissing_preoccupied"], 2.0 / 27.0);
    assert_eq!(doc["explanation"]["id"], "close-to-all-four");
}

#[test]
fn styles_tie_is_broken_by_the_forced_choice() {
    let out = sb(&["score", "examples/sb-styles.json"]).run();
    out.code(0);
    let doc = out.json();
    // Ratings: secure 5, anxious 5, avoidant 2, fearful 3 → secure = anxious tie;
    // the forced choice "proto-anxious" breaks it.
    assert_eq!(doc["style"]["id"], "anxious");
    assert_eq!(
        doc["style"]["candidates"],
        serde_json::json!(["anxious", "secure"])
    );
    let p = &doc["prototype"];
    assert_eq!(p["decision"], "forced-choice");
    assert_eq!(p["forced_choice"], "anxious");
    assert_eq!(p["choice_disagrees"], false);
    // model of self  = (secure + avoidant) − (fearful + anxious) = (5+2) − (3+5) = −1
    // model of other = (secure + anxious) − (fearful + avoidant) = (5+5) − (3+2) = +5
    close(&p["model_of_self"], -1.0);
    close(&p["model_of_other"], 5.0);
    for (style, rating) in [
        ("secure", 5),
        ("anxious", 5),
        ("avoidant", 2),
        ("fearful", 3),
    ] {
        assert_eq!(p["ratings"][style], rating, "{style}");
    }
}

// ---- standard input ----------------------------------------------------------

#[test]
fn json_on_stdin_names_its_own_bank() {
    let text = std::fs::read_to_string(root().join("examples/sb-short.json")).unwrap();
    let from_stdin = sb(&["score", "-"]).stdin(text).run();
    from_stdin.code(0);
    let from_file = sb(&["score", "examples/sb-short.json"]).run();
    let (a, b) = (from_stdin.json(), from_file.json());
    assert_eq!(a["bank"]["id"], "sb-short");
    assert_eq!(a["dimensions"], b["dimensions"]);
    assert_eq!(a["style"], b["style"]);
}

#[test]
fn csv_on_stdin_with_input_format_and_bank() {
    let text = std::fs::read_to_string(root().join("examples/study.csv")).unwrap();
    let out = sb(&["score", "--input-format", "csv", "--bank", "sb-short", "-"])
        .stdin(text)
        .run();
    out.code(0);
    let from_file = sb(&["score", "--bank", "sb-short", "examples/study.csv"]).run();
    assert_eq!(out.stdout.lines().count(), 25);
    assert_eq!(out.stdout, from_file.stdout);
}

// ---- a closed pipe -------------------------------------------------------------

#[test]
fn a_closed_stdout_ends_quietly_with_exit_0() {
    // `securebase score … | head -0` in every machine format; the JSON study
    // output is over 100 kB, more than the 64 kB output buffer.
    for format in ["csv", "json", "jsonl", "table"] {
        let out = sb_closed_stdout(&[
            "score",
            "--bank",
            "sb-short",
            "examples/study.csv",
            "--format",
            format,
        ]);
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        assert_eq!(out.stderr, "", "{format}");
    }
}

// ---- the table ---------------------------------------------------------------

/// The plot part of a table: from the axis title to the cutoff legend.
fn plot_of(table: &str) -> &str {
    let start = table.find("  Anxiety ").expect("the table has a plot");
    let end = start + table[start..].find("cutoffs:").expect("a legend");
    &table[start..end]
}

#[test]
fn the_table_shows_the_style_the_plot_and_the_explanation() {
    let out = sb(&["score", "--format", "table", "examples/sb-short.json"]).run();
    out.code(0).stdout_has(&[
        "Attachment anxiety",
        "5.83",
        "4.73 – 6.94",
        "Style: Anxious (preoccupied)",
        "Avoidance",
        // The explanation's sections.
        "\nStrengths\n",
        "\nWhat can shift\n",
    ]);
    let with = out.stdout.clone();
    let out = sb(&[
        "score",
        "--format",
        "table",
        "--no-explain",
        "examples/sb-short.json",
    ])
    .run();
    out.code(0).stdout_has(&["Style: Anxious (preoccupied)"]);
    assert!(!out.stdout.contains("\nStrengths\n"), "{}", out.stdout);
    assert!(!out.stdout.contains("What can shift"));
    assert!(out.stdout.len() < with.len() / 2, "the explanation is gone");
    // The plot stays.
    assert_eq!(plot_of(&out.stdout), plot_of(&with));
}

#[test]
fn ascii_draws_the_plot_without_box_drawing_characters() {
    let table = |ascii: bool| {
        let mut args = vec!["score", "--format", "table", "--no-explain"];
        if ascii {
            args.push("--ascii");
        }
        args.push("examples/sb-short.json");
        let out = sb(&args).env("LC_ALL", "C.UTF-8").run();
        out.code(0);
        out.stdout
    };
    let unicode = table(false);
    assert!(plot_of(&unicode).contains('│'), "{unicode}");
    let ascii = table(true);
    let plot = plot_of(&ascii);
    assert!(plot.is_ascii(), "{plot}");
    assert!(plot.contains('*') && plot.contains('|'), "{plot}");
}

// ---- templates ---------------------------------------------------------------

#[test]
fn the_sb_core_template_has_all_44_answers_empty() {
    let out = sb(&["template", "sb-core"]).run();
    out.code(0);
    let doc = out.json();
    assert_eq!(doc["bank"], "sb-core");
    let answers = doc["answers"].as_object().expect("an answers object");
    assert_eq!(answers.len(), 44);
    assert!(answers.values().all(Value::is_null));
    assert!(answers.contains_key("anx-01") && answers.contains_key("dis-08"));
}

#[test]
fn the_relationships_csv_template_has_target_columns() {
    let out = sb(&["template", "sb-relationships", "--format", "csv"]).run();
    out.code(0);
    let header: Vec<&str> = out.stdout.trim_end().split(',').collect();
    assert_eq!(header[0], "respondent");
    // Per target: its "does not apply" column, then its nine items.
    assert_eq!(header.len(), 1 + 4 * 10);
    for target in ["mother", "father", "partner", "friend"] {
        assert!(header.contains(&target), "{target}");
        assert!(header.contains(&format!("{target}.avo-01").as_str()));
        assert!(header.contains(&format!("{target}.anx-03").as_str()));
    }
    assert_eq!(&header[1..3], ["mother", "mother.avo-01"]);
}

#[test]
fn a_filled_template_scores() {
    // One consistent person: 6 on anxiety statements and 2 on the rest,
    // turned around (8 − x) where a statement is worded the other way.
    const REVERSED: [&str; 22] = [
        "anx-01", "anx-02", "anx-05", "anx-06", "anx-09", "anx-10", "anx-13", "anx-15", "anx-17",
        "avo-02", "avo-05", "avo-06", "avo-08", "avo-11", "avo-14", "avo-16", "avo-17", "avo-18",
        "dis-01", "dis-05", "dis-06", "dis-08",
    ];
    let out = sb(&["template", "sb-core"]).run();
    out.code(0);
    let mut doc = out.json();
    doc["respondent"] = "filled".into();
    for (key, value) in doc["answers"].as_object_mut().unwrap() {
        let x = if key.starts_with("anx-") { 6 } else { 2 };
        *value = if REVERSED.contains(&key.as_str()) {
            8 - x
        } else {
            x
        }
        .into();
    }
    let out = score_text(
        &["--format", "json"],
        "me.json",
        &serde_json::to_string_pretty(&doc).unwrap(),
    );
    out.code(0);
    let r = out.json();
    assert_eq!(r["respondent"], "filled");
    // sb-core 2.0.0 keys: anxiety 9 forward + 9 reversed, avoidance 9 + 9,
    // disorganization 4 + 4; every keyed answer is 6 (anxiety) or 2.
    // anxiety = (9·6 + 9·(8−2))/18 = 6
    // avoidance = (9·2 + 9·(8−6))/18 = 2
    // disorganization = (4·2 + 4·(8−6))/8 = 2
    close(&dim(&r, "anxiety")["score"], 6.0);
    close(&dim(&r, "avoidance")["score"], 2.0);
    close(&dim(&r, "disorganization")["score"], 2.0);
    // SEM anxiety = 1.2·√0.09 = 0.36 → ±0.7056 → [5.2944, 6.7056]
    // SEM avoidance = 1.26·√0.06 = 0.3086 → ±0.6049 → [1.3951, 2.6049]
    // neither holds 4 → not close to the cutoff; high anxiety, low avoidance → anxious
    assert_eq!(dim(&r, "anxiety")["close_to_cutoff"], false);
    assert_eq!(dim(&r, "avoidance")["close_to_cutoff"], false);
    assert_eq!(r["style"]["id"], "anxious");
    assert_eq!(r["style"]["candidates"], serde_json::json!(["anxious"]));
}

// ---- honesty -------------------------------------------------------------------

#[test]
fn every_built_in_bank_table_says_not_validated_and_not_a_diagnosis() {
    for bank in ["sb-short", "sb-core", "sb-relationships", "sb-styles"] {
        for explain in [true, false] {
            let example = format!("examples/{bank}.json");
            let mut args = vec!["score", "--format", "table", &example];
            if !explain {
                args.push("--no-explain");
            }
            let out = sb(&args).run();
            out.code(0);
            let lower = out.stdout.to_lowercase();
            assert!(lower.contains("not validated"), "{bank}\n{}", out.stdout);
            assert!(lower.contains("not a diagnosis"), "{bank}\n{}", out.stdout);
        }
    }
}

#[test]
fn short_items_constant_matches_the_example_study_header() {
    // Guards the hand-computed CSV rows above against a reordered example.
    let study = std::fs::read_to_string(root().join("examples/study.csv")).unwrap();
    assert_eq!(
        study.lines().next(),
        Some(format!("respondent,{SHORT_ITEMS}").as_str())
    );
}
