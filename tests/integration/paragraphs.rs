//! The paragraph bank (sb-styles, the shape of the Relationship
//! Questionnaire): each rule of its style, its CSV columns, and what the
//! reports and the end of `take` show of what the person answered.

use serde_json::{json, Value};

use crate::support::{sb, Output};

/// Text with its line breaks and runs of spaces made single spaces, so a
/// phrase is found wherever the output wrapped it.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

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
