//! `securebase take` end to end: the real binary in a pseudo-terminal,
//! asserting on the rendered screen (see `pty.rs`).

use std::path::Path;

use assert_cmd::Command;
use serde_json::{json, Map, Value};

use crate::pty::{pass_welcome, Pty, Spawn, CTRL_C, DOWN, ENTER, ESC, UP};

fn keys(bank: &str) -> Vec<String> {
    securebase::bank::Catalog::builtin(bank)
        .unwrap()
        .bank
        .answer_keys()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn answers_of(path: &Path) -> Map<String, Value> {
    read_json(path)["answers"].as_object().unwrap().clone()
}

/// The answers map sb-short gets from typing `digits` in order.
fn expected(bank: &str, values: &[Value]) -> Map<String, Value> {
    keys(bank).into_iter().zip(values.iter().cloned()).collect()
}

/// Starts `take` and passes the welcome screen (all its pages).
fn start(dir: &Path, args: &[&str]) -> Pty {
    let mut t = Spawn::new(dir, args).run();
    pass_welcome(&mut t);
    t
}

/// Leaves the result screen with q.
fn leave(t: &mut Pty) {
    t.wait_for("q done");
    t.send("q");
}

/// Answers sb-short questions `from..=12` by digit, waiting for each.
fn answer_short(t: &mut Pty, from: usize, digits: &[i64]) {
    for (n, d) in (from..=12).zip(digits) {
        t.wait_line(&format!("{n}/12 "));
        t.send(&d.to_string());
    }
}

const DIGITS: [i64; 12] = [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2];

fn digits_json() -> Vec<Value> {
    DIGITS.iter().map(|d| json!(d)).collect()
}

/// Exactly one progress line on screen: no stale block left behind.
fn one_block(screen: &str) -> bool {
    screen
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|w| w.ends_with("/12"))
        })
        .count()
        == 1
}

#[test]
fn welcome_says_what_it_is_and_where_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Spawn::new(dir.path(), &["take"]).size(40, 100).run();
    t.wait_for("Press Enter to start");
    let s = t.screen().split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "not a diagnosis",
        "not been validated",
        "12 questions, about 2 minutes",
        "Nothing leaves this machine",
        "b or Esc goes back",
        "progress",
    ] {
        assert!(s.contains(want), "missing {want:?} in:\n{s}");
    }
    assert!(
        s.contains(&dir.path().join("progress").display().to_string()),
        "{s}"
    );
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
    assert!(
        !dir.path().join("progress").exists(),
        "quitting at the welcome writes nothing"
    );
}

#[test]
fn completes_sb_short_with_digits() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = start(dir.path(), &["take", "--save", "me.json"]);
    answer_short(&mut t, 1, &DIGITS);
    leave(&mut t);
    assert_eq!(t.wait_exit(), 0);
    let saved = dir.path().join("me.json");
    assert_eq!(answers_of(&saved), expected("sb-short", &digits_json()));
    // The saved file is a full result, and `securebase score` of it gives
    // the same result (only the completion time is not in answer files).
    let mut result = read_json(&saved);
    assert_eq!(result["schema"], "securebase.result/2");
    assert_eq!(result["dimensions"][0]["answered"], 6);
    // sb-short 2.0.0 keys: anxiety 1, 8−3, 8−5, 7, 8−5, 3 = 22/6 = 3.67, low
    // but close to the cutoff (± 1.10); avoidance 2, 8−4, 6, 8−6, 4, 8−2 =
    // 24/6 = 4.00, exactly at the cutoff: no single style, all four fit.
    assert_eq!(result["dimensions"][0]["level"], "low");
    assert_eq!(result["dimensions"][0]["close_to_cutoff"], true);
    assert_eq!(result["dimensions"][1]["level"], "at-cutoff");
    assert_eq!(result["style"]["id"], serde_json::Value::Null);
    assert_eq!(result["explanation"]["id"], "close-to-all-four", "{result}");
    let out = assert_cmd::Command::cargo_bin("securebase")
        .unwrap()
        .env("SECUREBASE_DATA_DIR", dir.path())
        .args(["score", "--format", "json"])
        .arg(&saved)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let rescored: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(result
        .as_object_mut()
        .unwrap()
        .remove("completed_at")
        .is_some());
    assert_eq!(rescored, result);
    let timings = read_json(&saved)["timings"].as_object().unwrap().len();
    assert_eq!(timings, 12, "one timing per answered question");
    // A finished session leaves no progress file behind.
    let left = std::fs::read_dir(dir.path().join("progress"))
        .unwrap()
        .count();
    assert_eq!(left, 0);
}

#[test]
fn completes_sb_short_with_arrow_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = start(dir.path(), &["take", "--save", "me.json", "--keep"]);
    // The cursor starts on the middle option (4). Question n is answered
    // with 4 + (n mod 3) − 1: up once, stay, down once, via arrows and j/k.
    let mut want = Vec::new();
    for n in 1..=12usize {
        t.wait_line(&format!("{n}/12 "));
        t.wait_line("> 4");
        let v = match n % 3 {
            0 => {
                t.send(UP);
                3
            }
            1 => 4,
            _ => {
                t.send(if n % 2 == 0 { DOWN } else { "j" });
                5
            }
        };
        t.wait_line(&format!("> {v}"));
        t.send(ENTER);
        want.push(json!(v));
    }
    leave(&mut t);
    assert_eq!(t.wait_exit(), 0);
    assert_eq!(
        answers_of(&dir.path().join("me.json")),
        expected("sb-short", &want)
    );
    // --keep answers the history question without asking.
    let kept = std::fs::read_dir(dir.path().join("history"))
        .unwrap()
        .count();
    assert_eq!(kept, 1);
}

#[test]
fn going_back_with_b_and_esc_changes_an_answer_and_leaves_no_stale_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = start(dir.path(), &["take", "--save", "me.json"]);
    answer_short(&mut t, 1, &[2, 3]);
    t.wait_line("3/12 ");
    t.send("b");
    // Back on question 2, its earlier answer (3) preselected and marked.
    t.wait_line("2/12 ");
    t.wait_line("> 3•");
    assert!(one_block(&t.screen()), "{}", t.screen());
    t.send(ESC);
    t.wait_line("1/12 ");
    t.wait_line("> 2•");
    let s = t.screen();
    assert!(one_block(&s), "{s}");
    // Nothing of question 2 or 3 is left on screen.
    assert!(
        !s.contains("sort it out alone") && !s.contains("wait for a reply"),
        "{s}"
    );
    t.send("6");
    t.wait_line("2/12 ");
    t.wait_line("> 3•");
    t.send(ENTER); // keeps 3
    answer_short(&mut t, 3, &DIGITS[2..]);
    leave(&mut t);
    assert_eq!(t.wait_exit(), 0);
    let mut want = digits_json();
    want[0] = json!(6);
    want[1] = json!(3);
    assert_eq!(
        answers_of(&dir.path().join("me.json")),
        expected("sb-short", &want)
    );
}

#[test]
fn skips_within_the_budget_and_refuses_beyond_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = start(dir.path(), &["take", "--save", "me.json"]);
    // sb-short: 6 anxiety items, max_missing 0.2 → floor(1.2) = 1 skip.
    t.wait_line("1/12 ");
    t.wait_for("s skip · q quit");
    t.send("s"); // anx-01 skipped
    answer_short(&mut t, 2, &[4]);
    t.wait_line("3/12 "); // anx-02: no anxiety skip left, and no hint
    t.wait_for("answer · b back · q quit");
    t.send("s");
    // The refusal does not name the dimension (that would give the keying away).
    t.wait_for("This one cannot be skipped");
    assert!(!t.screen().contains("anxiety"), "{}", t.screen());
    assert!(one_block(&t.screen()), "{}", t.screen());
    t.send("5");
    // The avoidance budget is separate: question 4 (avo-02) still has one.
    t.wait_line("4/12 ");
    t.wait_for("s skip · q quit");
    answer_short(&mut t, 4, &DIGITS[3..]);
    leave(&mut t);
    assert_eq!(t.wait_exit(), 0);
    let result = read_json(&dir.path().join("me.json"));
    assert_eq!(result["dimensions"][0]["id"], "anxiety");
    assert_eq!(result["dimensions"][0]["answered"], 5);
    assert_eq!(result["dimensions"][0]["missing"], 1);
    assert!(
        result["dimensions"][0]["score"].is_number(),
        "one skip is within the budget"
    );
    let mut want = digits_json();
    want[0] = Value::Null;
    want[1] = json!(4);
    want[2] = json!(5);
    assert_eq!(
        answers_of(&dir.path().join("me.json")),
        expected("sb-short", &want)
    );
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn ctrl_c_keeps_progress_and_resume_finishes_with_the_same_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = start(dir.path(), &["take"]);
    answer_short(&mut t, 1, &DIGITS[..5]);
    t.wait_line("6/12 ");
    t.send(CTRL_C);
    assert_eq!(t.wait_exit(), 130);
    assert!(
        t.screen().contains("securebase take --resume"),
        "{}",
        t.screen()
    );
    let files: Vec<_> = std::fs::read_dir(dir.path().join("progress"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    #[cfg(unix)]
    assert_eq!(mode(&files[0]), 0o600);
    let progress = read_json(&files[0]);
    assert_eq!(progress["bank"], "sb-short");
    assert_eq!(progress["position"], 5);
    assert_eq!(progress["answers"].as_object().unwrap().len(), 5);

    let mut t = Spawn::new(dir.path(), &["take", "--resume", "--save", "resumed.json"]).run();
    t.wait_for("Continuing sb-short (5 of 12 done");
    answer_short(&mut t, 6, &DIGITS[5..]);
    leave(&mut t);
    assert_eq!(t.wait_exit(), 0);
    assert!(
        !files[0].exists(),
        "a finished session removes its progress file"
    );

    // The same answers without the interruption.
    let other = tempfile::tempdir().unwrap();
    let mut t = start(other.path(), &["take", "--save", "straight.json"]);
    answer_short(&mut t, 1, &DIGITS);
    leave(&mut t);
    assert_eq!(t.wait_exit(), 0);
    let resumed = read_json(&dir.path().join("resumed.json"));
    let straight = read_json(&other.path().join("straight.json"));
    assert_eq!(resumed["answers"], straight["answers"]);
    assert_eq!(resumed["answers"].as_object().unwrap().len(), 12);
}

#[test]
fn q_quits_keeping_progress() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = start(dir.path(), &["take"]);
    answer_short(&mut t, 1, &[4, 4]);
    t.wait_line("3/12 ");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
    t.wait_for("Progress kept (2 of 12 questions done)");
    assert_eq!(
        std::fs::read_dir(dir.path().join("progress"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn demo_mode_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Spawn::new(dir.path(), &["take", "--demo"]).run();
    pass_welcome(&mut t);
    answer_short(&mut t, 1, &DIGITS);
    leave(&mut t);
    assert_eq!(t.wait_exit(), 0);
    t.wait_for("Demo mode: nothing was saved");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "data dir stays empty"
    );
}

#[test]
fn plain_mode_completes_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Spawn::new(dir.path(), &["take", "--plain", "--save", "me.json"]).run();
    t.wait_for("type q and Enter to quit");
    t.send(ENTER);
    t.wait_for("Question 1 of 12.");
    t.wait_for("Type 1 to 7 and Enter");
    t.send("9\r");
    t.wait_for("\"9\" is not an answer here");
    for (n, d) in (1..=12).zip(DIGITS) {
        t.wait_for(&format!("Question {n} of 12."));
        t.send(&format!("{d}\r"));
    }
    // A linear transcript: the whole result, then the choices as a line.
    t.wait_for("What next? Type r (HTML report), s (save), k (keep) or q");
    t.send("q\r");
    assert_eq!(t.wait_exit(), 0);
    assert_eq!(
        answers_of(&dir.path().join("me.json")),
        expected("sb-short", &digits_json())
    );
}

#[test]
fn term_dumb_means_plain() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Spawn::new(dir.path(), &["take"]).env("TERM", "dumb").run();
    t.wait_for("type q and Enter to quit");
    t.send("q\r");
    assert_eq!(t.wait_exit(), 0);
}

#[test]
fn a_narrow_terminal_wraps_text_without_cutting_words() {
    let dir = tempfile::tempdir().unwrap();
    let bank = securebase::bank::Catalog::builtin("sb-short").unwrap().bank;
    let mut t = Spawn::new(dir.path(), &["take", "--save", "me.json"])
        .size(24, 40)
        .run();
    pass_welcome(&mut t);
    for (n, item) in bank.items.iter().enumerate() {
        t.wait_line(&format!("{}/12 ", n + 1));
        // Every word of the item appears whole, in order, on the screen;
        // no line reaches the last column (where the terminal would wrap).
        let s = t.screen();
        let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = item.text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&text), "{text:?} not whole on:\n{s}");
        assert!(flat.contains("Neither agree nor disagree"), "{s}");
        assert!(s.lines().all(|l| l.chars().count() < 40), "{s}");
        assert!(one_block(&s), "{s}");
        t.send("4");
    }
    leave(&mut t);
    assert_eq!(t.wait_exit(), 0);
}

#[test]
fn no_terminal_exits_2_pointing_to_score() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("securebase")
        .unwrap()
        .env("SECUREBASE_DATA_DIR", dir.path())
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .args(["take"])
        .write_stdin("4\n")
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("securebase score"))
        .stderr(predicates::str::contains("not one"));
}

#[test]
fn relationships_with_one_person_not_applicable() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = start(
        dir.path(),
        &["take", "sb-relationships", "--save", "me.json"],
    );
    t.wait_for("Person 1 of 4: A mother");
    t.wait_for("Does not apply to me");
    t.send("2");
    let mut want = Map::new();
    want.insert("mother".into(), json!("not-applicable"));
    for (p, target) in ["A father", "A romantic partner", "A close friend"]
        .iter()
        .enumerate()
    {
        t.wait_for(&format!("Person {} of 4: {target}", p + 2));
        t.send(ENTER);
        for i in 0..9 {
            let n = (p + 1) * 9 + i + 1;
            t.wait_line(&format!("{n}/36 "));
            let v = (i % 7) as i64 + 1;
            t.send(&v.to_string());
            want.insert(keys("sb-relationships")[n - 1].clone(), json!(v));
        }
    }
    leave(&mut t);
    assert_eq!(t.wait_exit(), 0);
    let got = answers_of(&dir.path().join("me.json"));
    // The result lists every question; those about the mother are empty.
    assert!(got
        .iter()
        .filter(|(k, _)| k.starts_with("mother."))
        .all(|(_, v)| v.is_null()));
    let given: Map<String, Value> = got.into_iter().filter(|(_, v)| !v.is_null()).collect();
    assert_eq!(given, want);
    let result = read_json(&dir.path().join("me.json"));
    assert_eq!(result["targets"][0]["id"], "mother");
    assert_eq!(result["targets"][0]["not_applicable"], true);
}

#[test]
fn styles_ratings_and_the_forced_choice() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = start(dir.path(), &["take", "sb-styles", "--save", "me.json"]);
    t.wait_line("1/5 ");
    t.wait_for("Paragraph 1 of 4");
    t.send("s");
    t.wait_for("cannot be skipped");
    for (n, d) in (1..=4).zip([6, 2, 5, 3]) {
        t.wait_line(&format!("{n}/5 "));
        t.send(&d.to_string());
    }
    t.wait_line("5/5 ");
    t.wait_for("Which of the four paragraphs fits you best?");
    t.wait_for("Paragraph 3:");
    t.send("3");
    leave(&mut t);
    assert_eq!(t.wait_exit(), 0);
    let got = answers_of(&dir.path().join("me.json"));
    let want = expected(
        "sb-styles",
        &[
            json!(6),
            json!(2),
            json!(5),
            json!(3),
            json!("proto-avoidant"),
        ],
    );
    assert_eq!(got, want);
}

#[test]
fn ctrl_c_in_plain_mode_exits_130_with_the_resume_hint() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Spawn::new(dir.path(), &["take", "--plain"]).run();
    t.wait_for("type q and Enter to quit");
    t.send(ENTER);
    t.wait_for("Question 1 of 12.");
    t.send("3\r");
    t.wait_for("Question 2 of 12.");
    t.send(CTRL_C);
    assert_eq!(t.wait_exit(), 130);
    t.wait_for("securebase take --resume");
    let files: Vec<_> = std::fs::read_dir(dir.path().join("progress"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    assert_eq!(
        read_json(&files[0])["answers"].as_object().unwrap().len(),
        1
    );
}

#[test]
fn resume_offers_a_choice_between_sessions() {
    let dir = tempfile::tempdir().unwrap();
    // Two interrupted sessions: sb-short after 2 answers, sb-styles after 1.
    let mut t = start(dir.path(), &["take"]);
    answer_short(&mut t, 1, &[7, 7]);
    t.wait_line("3/12 ");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
    let mut t = start(dir.path(), &["take", "sb-styles"]);
    t.wait_line("1/5 ");
    t.send("2");
    t.wait_line("2/5 ");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);

    let mut t = Spawn::new(dir.path(), &["take", "--resume", "--save", "me.json"]).run();
    t.wait_for("Which one do you want to continue?");
    t.wait_for("sb-short — 2 of 12 done");
    t.wait_for("sb-styles — 1 of 5 done");
    let short = t
        .screen()
        .lines()
        .find(|l| l.contains("sb-short —"))
        .and_then(|l| {
            l.split_whitespace()
                .find(|w| w.parse::<u8>().is_ok())
                .map(str::to_string)
        })
        .unwrap();
    t.send(&short);
    answer_short(&mut t, 3, &[1; 10]);
    leave(&mut t);
    assert_eq!(t.wait_exit(), 0);
    let mut want = vec![json!(7), json!(7)];
    want.extend(std::iter::repeat_n(json!(1), 10));
    assert_eq!(
        answers_of(&dir.path().join("me.json")),
        expected("sb-short", &want)
    );
    // Only the sb-styles session is left; `--resume sb-styles` continues it directly.
    let mut t = Spawn::new(dir.path(), &["take", "--resume", "sb-styles"]).run();
    t.wait_for("Continuing sb-styles (1 of 5 done");
    t.wait_line("2/5 ");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
}

#[test]
fn an_existing_save_file_fails_before_the_first_question() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("me.json"), "mine").unwrap();
    let mut t = Spawn::new(dir.path(), &["take", "--save", "me.json"]).run();
    assert_eq!(t.wait_exit(), 73);
    let s = t.screen();
    assert!(s.contains("me.json: the file exists; pass --force"), "{s}");
    assert!(!s.contains("Press Enter"), "no welcome, no question: {s}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("me.json")).unwrap(),
        "mine"
    );
    assert!(!dir.path().join("progress").exists(), "nothing written");
    // A folder that does not exist is refused too, and not created.
    let mut t = Spawn::new(dir.path(), &["take", "--save", "nodir/me.json"]).run();
    assert_eq!(t.wait_exit(), 73);
    t.wait_for("the folder nodir does not exist");
    assert!(!dir.path().join("nodir").exists());
    // With --force the same file is replaced at the end.
    let mut t = start(dir.path(), &["take", "--save", "me.json", "--force"]);
    answer_short(&mut t, 1, &DIGITS);
    leave(&mut t);
    assert_eq!(t.wait_exit(), 0);
    assert_eq!(
        answers_of(&dir.path().join("me.json")),
        expected("sb-short", &digits_json())
    );
}

#[test]
fn the_result_screen_saves_keeps_and_writes_the_report_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = start(dir.path(), &["take"]);
    answer_short(&mut t, 1, &DIGITS);
    t.wait_for("e explanation · r HTML report · s save · k keep · q done");
    t.send("s");
    // A name is suggested; typing replaces it after Backspace.
    t.wait_for("Save the result (JSON) as: sb-short-");
    let suggested = t.screen();
    let n = suggested
        .lines()
        .find_map(|l| l.strip_prefix("Save the result (JSON) as: "))
        .unwrap()
        .trim_end_matches('_')
        .chars()
        .count();
    t.send(&"\x7f".repeat(n));
    t.wait_for("Save the result (JSON) as: _");
    t.send("result.json\r");
    t.wait_for("Saved to result.json (readable only by you).");
    t.send("k");
    t.wait_for("Kept in your history as ");
    t.send("k");
    t.wait_for("Already kept in your history as ");
    t.send("r");
    t.wait_for("Write the HTML report to: sb-short-");
    t.send("\r");
    t.wait_for("Wrote the report to sb-short-");
    leave(&mut t);
    assert_eq!(t.wait_exit(), 0);
    t.wait_for("Done: saved to result.json; report in sb-short-");
    let kept = std::fs::read_dir(dir.path().join("history"))
        .unwrap()
        .count();
    assert_eq!(kept, 1, "kept once, however often k is pressed");
    let saved = dir.path().join("result.json");
    assert_eq!(answers_of(&saved), expected("sb-short", &digits_json()));
    let report = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "html"))
        .unwrap();
    assert!(std::fs::read_to_string(&report)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    #[cfg(unix)]
    {
        assert_eq!(mode(&saved), 0o600);
        assert_eq!(mode(&report), 0o600);
    }

    // q at once: nothing saved or kept, and the progress file is gone.
    let mut t = start(dir.path(), &["take"]);
    answer_short(&mut t, 1, &DIGITS);
    leave(&mut t);
    assert_eq!(t.wait_exit(), 0);
    t.wait_for("Done. The result was not saved or kept.");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 4);
    assert_eq!(
        std::fs::read_dir(dir.path().join("progress"))
            .unwrap()
            .count(),
        0
    );
}

// ---- issue 12: progress files are validated, exclusive and locked ----------

/// A progress file of sb-short with the first `answered` questions
/// answered 4 and the given `position`.
fn progress_file(dir: &Path, answered: usize, position: usize) -> std::path::PathBuf {
    let keys = keys("sb-short");
    let answers: Map<String, Value> = keys[..answered]
        .iter()
        .map(|k| (k.clone(), json!(4)))
        .collect();
    let doc = json!({
        "schema": "securebase.progress/1",
        "bank": "sb-short",
        "bank_version": read_json(&crate::support::root().join("questionnaires/sb-short.json"))["version"],
        "bank_source": "sb-short",
        "position": position,
        "done": answered,
        "questions": 12,
        "started_at": "2025-01-01T10:00:00Z",
        "updated_at": "2025-01-01T10:01:00Z",
        "answers": answers,
    });
    let p = dir.join("progress/sb-short-20250101T100000Z.json");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    p
}

#[test]
fn a_position_past_the_answers_does_not_finish_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let file = progress_file(dir.path(), 3, 11);
    let mut t = Spawn::new(dir.path(), &["take", "--resume", "--save", "me.json"]).run();
    t.wait_for("but an earlier one has no answer yet");
    t.wait_line("4/12 ");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
    assert!(
        !dir.path().join("me.json").exists(),
        "no result from 3 of 12"
    );
    assert!(file.exists(), "the progress file is kept");
    assert_eq!(answers_of(&file).len(), 3);
    // A position too far by one (all but the last answered) asks the last.
    let file = progress_file(dir.path(), 11, 12);
    let mut t = Spawn::new(dir.path(), &["take", "--resume", "--save", "me.json"]).run();
    t.wait_line("12/12 ");
    t.send("5");
    leave(&mut t);
    assert_eq!(t.wait_exit(), 0);
    assert!(!file.exists(), "a complete session removes its progress");
    assert_eq!(answers_of(&dir.path().join("me.json")).len(), 12);
}

#[test]
fn a_session_being_continued_is_not_offered_to_a_second_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = start(dir.path(), &["take"]);
    answer_short(&mut first, 1, &[4]);
    first.wait_line("2/12 ");
    let second = Command::cargo_bin("securebase")
        .unwrap()
        .args(["take", "--resume"])
        .env("SECUREBASE_DATA_DIR", dir.path())
        .output()
        .unwrap();
    // No terminal for the second: it stops at once (exit 2) without
    // touching the first one's file.
    assert_eq!(second.status.code(), Some(2));
    let mut t = Spawn::new(dir.path(), &["take", "--resume"]).run();
    t.wait_for("is continuing it right now");
    t.wait_for("no unfinished sessions");
    assert_eq!(t.wait_exit(), 2);
    first.send("q");
    assert_eq!(first.wait_exit(), 0);
    let mut t = Spawn::new(dir.path(), &["take", "--resume"]).run();
    t.wait_for("Continuing sb-short (1 of 12 done");
    t.wait_line("2/12 ");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
}

/// The pid of the `securebase` process whose parent is `parent`.
fn child_of(parent: u32) -> u32 {
    for _ in 0..200 {
        for e in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                continue;
            };
            // pid (comm) state ppid …
            let after = &stat[stat.rfind(')').unwrap() + 2..];
            let ppid: u32 = after.split(' ').nth(1).unwrap().parse().unwrap();
            if ppid == parent && stat.contains("(securebase)") {
                return pid;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    panic!("no securebase process under {parent}");
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_keep_progress_and_exit_143_129() {
    for (signal, code) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let dir = tempfile::tempdir().unwrap();
        // The shell reports the exit code and whether the terminal is
        // back in its normal (canonical, echoing) mode.
        let mut t = Spawn::new(
            dir.path(),
            &["sh:\"$SB\" take; echo \"exit=$?\"; stty -a | tr ' ;' '\\n\\n' | grep -x -e '-*icanon' -e '-*echo' | tr '\\n' ' '; echo end"],
        )
        .run();
        pass_welcome(&mut t);
        answer_short(&mut t, 1, &[5, 6]);
        t.wait_line("3/12 ");
        let pid = child_of(t.pid().unwrap());
        let sent = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        t.wait_for("end");
        let screen = t.screen();
        assert!(
            screen.contains(&format!("exit={code}")),
            "{signal}:\n{screen}"
        );
        assert!(
            screen.contains("icanon echo"),
            "{signal}: terminal left raw:\n{screen}"
        );
        assert!(screen.contains("securebase take --resume"), "{screen}");
        let progress: Vec<_> = std::fs::read_dir(dir.path().join("progress"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(progress.len(), 1);
        assert_eq!(answers_of(&progress[0]).len(), 2, "{signal}");
        assert_eq!(t.wait_exit(), 0);
    }
}

#[test]
fn a_101_point_scale_fits_an_80_by_24_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut bank: Value = serde_json::from_str(
        &std::fs::read_to_string(crate::support::fixture("banks/minimal.json")).unwrap(),
    )
    .unwrap();
    bank["scale"] =
        json!({"min": 0, "max": 100, "labels": {"0": "Not at all", "100": "Completely"}});
    bank["dimensions"][0]["cutoff"] = json!(50);
    bank["dimensions"][1]["cutoff"] = json!(50);
    let path = dir.path().join("slider.json");
    std::fs::write(&path, bank.to_string()).unwrap();
    let mut t = Spawn::new(
        dir.path(),
        &["take", path.to_str().unwrap(), "--save", "me.json"],
    )
    .run();
    pass_welcome(&mut t);
    t.wait_line("1/");
    let screen = t.screen();
    // The question, the first options, the keys and the note, all on screen.
    for want in ["1/", "> 50", "q quit", "Showing 42 to 57 of 101 options"] {
        assert!(screen.contains(want), "missing {want:?}:\n{screen}");
    }
    assert!(screen.lines().count() <= 24);
    // The window follows the cursor to the end of the scale.
    t.send("\x1b[F");
    t.wait_for("> 100  Completely");
    t.send(ENTER);
    t.wait_line("2/");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
}
