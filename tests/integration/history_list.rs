//! `history` and `list` as people read them (issue 13): a result kept
//! twice is kept once, dates say what they are, one trend per
//! questionnaire; one broken bank does not hide the others.

use crate::support::sb;

fn in_dir(dir: &std::path::Path, args: &[&str]) -> crate::support::Output {
    sb(args).env("SECUREBASE_DATA_DIR", dir).run()
}

#[test]
fn keeping_the_same_result_twice_keeps_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let r = "tests/fixtures/results/before.json";
    let first = in_dir(dir.path(), &["report", r, "--keep"]);
    first.code(0).stderr_has(&["kept in your history as "]);
    let again = in_dir(dir.path(), &["report", r, "--keep"]);
    again.code(0).stderr_has(&[
        "already kept in your history as 20250110T090000Z-sb-short: nothing new was written",
    ]);
    let kept = std::fs::read_dir(dir.path().join("history"))
        .unwrap()
        .count();
    assert_eq!(kept, 1);
}

#[test]
fn history_dates_say_when_answered_and_trends_are_per_questionnaire() {
    let dir = tempfile::tempdir().unwrap();
    for r in ["before.json", "after.json", "other-bank.json"] {
        in_dir(
            dir.path(),
            &["report", &format!("tests/fixtures/results/{r}"), "--keep"],
        )
        .code(0);
    }
    // A result made with `score` records no completion time.
    let scored = sb(&["score", "examples/sb-short.json", "--format", "json"]).run();
    let file = dir.path().join("scored.json");
    std::fs::write(&file, &scored.stdout).unwrap();
    sb(&["report", "--keep"])
        .arg(&file)
        .env("SECUREBASE_DATA_DIR", dir.path())
        .run()
        .code(0);
    let out = sb(&["history"])
        .env("SECUREBASE_DATA_DIR", dir.path())
        .env("COLUMNS", "120")
        .run();
    out.code(0);
    assert!(
        out.stdout.contains("┆ sb-core "),
        "all columns at 120:\n{}",
        out.stdout
    );
    let out = in_dir(dir.path(), &["history"]);
    out.code(0);
    let s = &out.stdout;
    assert!(
        s.contains("2025-01-10 09:00") && s.contains("2025-06-10 09:00"),
        "{s}"
    );
    assert!(s.contains(" (kept)"), "{s}");
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("\"(kept)\" marks a result that does not record it"),
        "{s}"
    );
    // Two sb-short results with a time, one without: one sb-short trend of
    // three; the other questionnaire has one result, so no trend.
    assert_eq!(s.matches("Trend of ").count(), 1, "{s}");
    assert!(s.contains("Trend of sb-short, oldest → newest"), "{s}");
}

#[test]
fn one_broken_bank_does_not_hide_the_others() {
    let out = sb(&["list"])
        .data_file("questionnaires/broken.json", "{ not json")
        .run();
    out.code(65);
    for id in ["sb-short", "sb-core", "sb-styles", "sb-relationships"] {
        assert!(out.stdout.contains(id), "{}", out.stdout);
    }
    out.stderr_has(&["securebase: error: ", "broken.json"]);
}
