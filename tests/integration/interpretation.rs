//! What a result says, against hand-computed cases: levels at the cutoff,
//! every neighbour case, intervals clamped for people and exact for
//! programs, Spearman–Brown for skipped items, the paragraph bank's rules,
//! disorganization as a dimension, and the words (never "borderline").
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

/// Text with its line breaks and runs of spaces made single spaces, so a
/// phrase is found wherever the output wrapped it.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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

// ---- the paragraph bank (sb-styles) ------------------------------------------

/// `score` of sb-styles answers (ratings in the order secure, anxious,
/// avoidant, fearful; `None` = not rated) and the forced choice.
fn styles(ratings: [Option<i64>; 4], choice: Option<&str>, args: &[&str]) -> Output {
    let doc = json!({"bank": "sb-styles", "answers": {
        "proto-secure": ratings[0], "proto-anxious": ratings[1],
        "proto-avoidant": ratings[2], "proto-fearful": ratings[3],
        "best-fit": choice,
    }});
    let mut all = vec!["score"];
    all.extend_from_slice(args);
    let run = sb(&all)
        .env("COLUMNS", "160")
        .data_file("s.json", &doc.to_string());
    let file = run.data_dir().join("s.json");
    run.arg(file).run()
}

#[test]
fn styles_need_all_four_ratings() {
    // One rating of 2 and nothing else used to read "Anxious (preoccupied)".
    let out = styles([None, Some(2), None, None], None, &["--format", "json"]);
    let doc = out.json();
    assert_eq!(doc["style"], Value::Null);
    assert_eq!(doc["prototype"]["decision"], "incomplete");
    assert_eq!(doc["explanation"]["id"], "incomplete");
    let out = styles([None, Some(2), None, None], None, &["--format", "table"]);
    out.code(0).stdout_has(&[
        "Style: No style: not every description was rated",
        "not rated",
    ]);
    assert!(
        !out.stdout.contains("Anxious (preoccupied) (your"),
        "{}",
        out.stdout
    );
}

#[test]
fn styles_a_forced_choice_alone_is_reported_as_such() {
    let doc = styles(
        [None, None, Some(6), None],
        Some("proto-avoidant"),
        &["--format", "json"],
    )
    .json();
    assert_eq!(doc["style"]["id"], "avoidant");
    assert_eq!(doc["prototype"]["decision"], "forced-choice-only");
    styles(
        [None, None, Some(6), None],
        Some("proto-avoidant"),
        &["--format", "table", "--no-explain"],
    )
    .code(0)
    .stdout_has(&[
        "Style: Avoidant (dismissing) (your choice of best fit; not every description was rated)",
    ]);
}

#[test]
fn styles_every_rating_at_most_3_fits_none_well() {
    // Best rating 3 < the midpoint 4 of 1–7.
    let doc = styles(
        [Some(3), Some(2), Some(3), Some(1)],
        Some("proto-secure"),
        &["--format", "json"],
    )
    .json();
    assert_eq!(doc["style"]["id"], Value::Null);
    assert_eq!(doc["style"]["candidates"], json!(["secure", "avoidant"]));
    assert_eq!(doc["prototype"]["decision"], "none-fits-well");
    let out = styles(
        [Some(3), Some(2), Some(3), Some(1)],
        Some("proto-secure"),
        &["--format", "table"],
    );
    out.code(0);
    let text = flat(&out.stdout);
    for part in [
        "Style: None of the four descriptions fits well",
        "You rated every description below the middle of the scale",
    ] {
        assert!(text.contains(part), "{part}\n{text}");
    }
    // One rating of 4 is enough to name a style.
    let doc = styles(
        [Some(4), Some(2), Some(3), Some(1)],
        None,
        &["--format", "json"],
    )
    .json();
    assert_eq!(doc["style"]["id"], "secure");
    assert_eq!(doc["prototype"]["decision"], "highest-rating");
}

#[test]
fn styles_a_tie_has_its_own_words_and_no_intervals() {
    // Secure and anxious tie at 6; the choice (fearful) is outside the tie.
    let out = styles(
        [Some(6), Some(6), Some(2), Some(1)],
        Some("proto-fearful"),
        &["--format", "table"],
    );
    out.code(0);
    let text = flat(&out.stdout);
    for part in [
        "Style: A tie between Secure and Anxious (preoccupied)",
        "You rated these descriptions equally high",
        "Your choice of best fit (Fearful-avoidant) differs from your highest rating.",
        "Four descriptions",
        "so unlike the statement questionnaires there is no measured error range here",
    ] {
        assert!(text.contains(part), "{part}\n{text}");
    }
    for absent in ["95 %", "95%", "interval", "cutoff"] {
        assert!(!out.stdout.contains(absent), "{absent}\n{}", out.stdout);
    }
    let doc = styles(
        [Some(6), Some(6), Some(2), Some(1)],
        Some("proto-fearful"),
        &["--format", "json"],
    )
    .json();
    assert_eq!(doc["prototype"]["decision"], "tie");
    assert_eq!(doc["prototype"]["choice_disagrees"], true);
    assert_eq!(doc["style"]["candidates"], json!(["secure", "anxious"]));
}

#[test]
fn styles_csv_columns_are_named_for_ratings() {
    let out = styles(
        [Some(5), Some(5), Some(2), Some(3)],
        Some("proto-anxious"),
        &["--format", "csv"],
    );
    out.code(0);
    let mut lines = out.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "respondent,bank,bank_version,style,candidates,rating_secure,rating_anxious,rating_avoidant,rating_fearful,forced_choice,model_of_self,model_of_other,decision,quality"
    );
    // self = (5 + 2) − (3 + 5) = −1; other = (5 + 5) − (3 + 2) = 5
    assert_eq!(
        lines.next().unwrap(),
        ",sb-styles,1.0.0,anxious,anxious;secure,5,5,2,3,anxious,-1.0000,5.0000,forced-choice,"
    );
}

#[test]
fn reports_show_what_the_person_answered_on_the_paragraph_bank() {
    let run = sb(&["score", "--format", "json", "examples/sb-styles.json"]).run();
    run.code(0);
    // The run's own data directory goes when it ends: files in another.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.json"), &run.stdout).unwrap();
    sb(&["report"])
        .arg(dir.path().join("r.json"))
        .arg("--html")
        .arg(dir.path().join("r.html"))
        .run()
        .code(0);
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let rows: Vec<Vec<String>> = doc
        .select(&sel("section#answers tbody tr"))
        .map(|tr| {
            tr.select(&sel("td"))
                .map(|td| td.text().collect())
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [
            ["Secure", "5"],
            ["Anxious (preoccupied)", "5"],
            ["Avoidant (dismissing)", "2"],
            ["Fearful-avoidant", "3"]
        ]
    );
    let answers: String = doc
        .select(&sel("section#answers"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        answers.contains("Best fit chosen: Anxious (preoccupied)"),
        "{answers}"
    );
    assert!(
        answers.contains("Model of self: -1 · model of others: +5 (each from −12 to +12"),
        "{answers}"
    );
    let style: String = doc
        .select(&sel("section#style p.style"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(
        style,
        "Anxious (preoccupied) (your choice of best fit broke a tie)"
    );
    // No empty dimensions table for a bank without dimensions.
    assert!(!html.contains("<h2>The dimensions</h2>"));
    // Every source cited is listed once in the notes, and each link resolves.
    let notes: Vec<String> = doc
        .select(&sel("#notes li"))
        .map(|li| li.value().id().unwrap().to_string())
        .collect();
    assert!(!notes.is_empty());
    for a in doc.select(&sel("p.sources a")) {
        let target = a.value().attr("href").unwrap().trim_start_matches('#');
        assert!(notes.iter().any(|n| n == target), "{target}");
    }

    let md = sb(&["report", "--markdown"]).data_file("r.json", &run.stdout);
    let file = md.data_dir().join("r.json");
    let out = md.arg(file).run();
    out.code(0).stdout_has(&[
        "## Your answers",
        "| Secure | 5 |",
        "| Fearful-avoidant | 3 |",
        "Best fit chosen: Anxious (preoccupied)",
        "## Notes and sources",
    ]);
}

#[test]
fn the_end_of_take_summarises_a_paragraph_bank_without_a_plot() {
    let bank = securebase::bank::Catalog::builtin("sb-styles")
        .unwrap()
        .bank;
    let mut a = securebase::answers::AnswerSet::empty(&bank);
    for (i, r) in [5, 5, 2, 3].into_iter().enumerate() {
        a.values[i] = securebase::answers::Answer::Rating(r);
    }
    a.values[4] = securebase::answers::Answer::Choice("proto-anxious".into());
    let scores = securebase::scoring::score::Scorer::new(&bank).score(&a);
    let doc = securebase::text::explain::assemble(&bank, &a, scores, None);
    let s = securebase::render::table::summary(&bank, &doc, false);
    assert_eq!(
        s,
        "Your result: your ratings: Secure 5, Anxious (preoccupied) 5, Avoidant (dismissing) 2, \
         Fearful-avoidant 3; best fit chosen: Anxious (preoccupied); model of self: -1 · model of \
         others: +5 (each from −12 to +12; higher is more positive). Style: Anxious (preoccupied) \
         (your choice of best fit broke a tie). Scroll up for what it means."
    );
}
