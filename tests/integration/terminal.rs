//! The terminal experience of `take` as a person sees it (issue 13): the
//! welcome and the result screen fit 80×24 and 60×20 without scrolling,
//! a resized window is redrawn at once, Ctrl-C at each end prompt keeps the
//! answers (exit 130), the output checks come before the first question,
//! the pager, and ASCII under a C locale.

use std::path::Path;

use serde_json::Value;

use crate::pty::{pass_welcome, Pty, Spawn, CTRL_C, ENTER};

const DIGITS: [i64; 12] = [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2];

/// Answers the 12 sb-short questions with [`DIGITS`] and waits for the result screen.
fn answer_all(t: &mut Pty) {
    for (n, d) in (1..=12).zip(DIGITS) {
        t.wait_line(&format!("{n}/12 "));
        t.send(&d.to_string());
    }
    t.wait_for("q done");
}

/// The result of [`DIGITS`] on sb-short, computed by the library.
fn expected_result() -> securebase::scoring::result::ResultDoc {
    let bank = securebase::bank::Catalog::builtin("sb-short").unwrap().bank;
    let mut a = securebase::answers::AnswerSet::empty(&bank);
    for (slot, d) in a.values.iter_mut().zip(DIGITS) {
        *slot = securebase::answers::Answer::Rating(d);
    }
    let scores = securebase::scoring::score::Scorer::new(&bank).score(&a);
    securebase::text::explain::assemble(&bank, &a, scores, None)
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn progress_files(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir.join("progress"))
        .map(|rd| rd.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

#[test]
fn the_welcome_fits_80x24_and_60x20_with_the_disclaimer_on_top() {
    for (rows, cols) in [(24, 80), (20, 60)] {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Spawn::new(dir.path(), &["take"]).size(rows, cols).run();
        t.wait_for("Press Enter");
        let s = t.screen();
        let lines: Vec<&str> = s.lines().collect();
        // Nothing scrolled off: the title is the first line of the screen.
        assert_eq!(
            lines[0], "securebase short attachment check (12 items)",
            "{s}"
        );
        assert!(flat(&s).contains("not a diagnosis"), "{rows}×{cols}:\n{s}");
        assert!(lines.iter().all(|l| l.chars().count() < usize::from(cols)));
        // The pages together say everything, each fitting the screen.
        let mut all = flat(&s);
        for page in 1.. {
            if t.screen().contains("Press Enter to start") {
                break;
            }
            t.send(ENTER);
            let next = format!("(page {} of", page + 1);
            t.wait_until("the next page", |s| {
                s.contains(&next) || s.contains("Press Enter to start")
            });
            let s = t.screen();
            assert!(!s.contains("(page 1 of"), "{s}");
            all.push(' ');
            all.push_str(&flat(&s));
        }
        for want in [
            "12 questions, about 2 minutes",
            "1-7 answer at once",
            "Up to 2 questions can be skipped with s",
            "Nothing leaves this machine",
        ] {
            assert!(all.contains(want), "{rows}×{cols}: missing {want:?}");
        }
        t.send("q");
        assert_eq!(t.wait_exit(), 0);
    }
}

#[test]
fn the_result_screen_fits_80x24_and_60x20() {
    let r = expected_result();
    for (rows, cols) in [(24, 80), (20, 60)] {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Spawn::new(dir.path(), &["take"]).size(rows, cols).run();
        pass_welcome(&mut t);
        answer_all(&mut t);
        let s = t.screen();
        let lines: Vec<&str> = s.lines().collect();
        assert!(
            lines[0].starts_with("securebase short attachment check"),
            "the top is in view at {rows}×{cols}:\n{s}"
        );
        assert!(lines.iter().all(|l| l.chars().count() < usize::from(cols)));
        let f = flat(&s);
        for d in &r.dimensions {
            let [lo, hi] = d.interval.unwrap();
            let want = format!("{:.2} 95% {lo:.2}–{hi:.2}", d.score.unwrap());
            assert!(f.contains(&want), "{rows}×{cols}: {want:?} in\n{s}");
        }
        let (_, headline) = securebase::text::words::result_headline(&r);
        assert!(f.contains(&format!("Style: {headline}")), "{s}");
        // The plane, whole: the frame with the axis names.
        assert!(s.contains("┌ Anxiety ↑ ─"), "{s}");
        assert!(s.contains("└─"), "{s}");
        assert!(s.contains("Avoidance →"), "{s}");
        // Two lines of meaning: the start of the style's summary (or of the
        // note when no single style fits).
        let summary = securebase::render::screen::meaning_text(&r);
        let start: String = summary
            .split_whitespace()
            .take(6)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(f.contains(&start), "{s}");
        assert!(
            f.contains("e explanation · r HTML report · s save · k keep · q done"),
            "{s}"
        );
        t.send("q");
        assert_eq!(t.wait_exit(), 0);
    }
}

#[test]
fn a_resized_window_is_redrawn_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Spawn::new(dir.path(), &["take"]).size(24, 80).run();
    pass_welcome(&mut t);
    t.wait_line("1/12 ");
    t.wait_for("↑↓/jk move · Enter or 1-7 answer · s skip · q quit");
    // Narrower: the keys line no longer fits on one line; no key is pressed.
    t.resize(20, 40);
    t.wait_line("skip · q quit");
    t.wait_line("while, I start to wonder if I did");
    let s = t.screen();
    assert!(s.lines().all(|l| l.chars().count() < 40), "{s}");
    assert_eq!(s.matches("1/12").count(), 1, "one copy on screen:\n{s}");
    // Too small for the question: say so, and come back when it is larger.
    t.resize(8, 80);
    t.wait_for("Make the window larger (at least 40×");
    t.wait_for("or use --plain");
    t.send("5"); // ignored while the question cannot be seen
    t.resize(24, 80);
    t.wait_line("1/12 ");
    t.wait_for("↑↓/jk move");
    t.send("5");
    t.wait_line("2/12 ");
    // The result screen is laid out again too.
    for d in &DIGITS[1..] {
        t.send(&d.to_string());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    t.wait_for("q done");
    t.resize(20, 60);
    t.wait_until("the result at 60 columns", |s| {
        s.contains("q done") && s.lines().all(|l| l.chars().count() < 60)
    });
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
}

/// Ctrl-C at an end prompt: exit 130, the answers kept, and `--resume`
/// shows the same result again.
fn ctrl_c_keeps_the_answers(keys_before: &[&str], wait: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Spawn::new(dir.path(), &["take"]).run();
    pass_welcome(&mut t);
    answer_all(&mut t);
    for k in keys_before {
        t.send(k);
    }
    t.wait_for(wait);
    t.send(CTRL_C);
    assert_eq!(t.wait_exit(), 130, "after {keys_before:?}");
    let s = flat(&t.screen());
    assert!(
        s.contains("Stopped. Your answers are kept in")
            && s.contains("`securebase take --resume` shows this result again"),
        "{s}"
    );
    let files = progress_files(dir.path());
    assert_eq!(files.len(), 1);
    let p: Value = serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    assert_eq!(p["done"], 12);
    let mut t = Spawn::new(dir.path(), &["take", "--resume"]).run();
    t.wait_for("Showing the result of sb-short again (finished just now)");
    t.wait_for("q done");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
    assert!(progress_files(dir.path()).is_empty(), "closed now");
}

#[test]
fn ctrl_c_on_the_result_screen() {
    ctrl_c_keeps_the_answers(&[], "q done");
}

#[test]
fn ctrl_c_while_typing_a_file_name() {
    ctrl_c_keeps_the_answers(&["s"], "Save the result (JSON) as:");
}

#[test]
fn ctrl_c_in_the_built_in_pager() {
    ctrl_c_keeps_the_answers(&["e"], "q back to the result");
}

#[test]
fn ctrl_c_at_the_plain_end_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Spawn::new(dir.path(), &["take", "--plain"]).run();
    t.wait_for("type q and Enter to quit");
    t.send(ENTER);
    for (n, d) in (1..=12).zip(DIGITS) {
        t.wait_for(&format!("Question {n} of 12."));
        t.send(&format!("{d}\r"));
    }
    t.wait_for("What next?");
    t.send(CTRL_C);
    assert_eq!(t.wait_exit(), 130);
    assert!(
        flat(&t.screen()).contains("`securebase take --resume` shows this result again"),
        "{}",
        t.screen()
    );
    assert_eq!(progress_files(dir.path()).len(), 1);
}

#[test]
fn e_shows_the_full_explanation_with_pager_and_the_screen_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Spawn::new(dir.path(), &["take"])
        .env("PAGER", "cat > paged.txt")
        .run();
    pass_welcome(&mut t);
    answer_all(&mut t);
    t.send("e");
    // The pager ran and the result screen is drawn again.
    t.wait_until("the paged text", |_| dir.path().join("paged.txt").exists());
    t.wait_for("q done");
    let r = expected_result();
    let paged = std::fs::read_to_string(dir.path().join("paged.txt")).unwrap();
    let first = r
        .explanation
        .sections
        .iter()
        .flat_map(|s| s.paragraphs.iter())
        .next()
        .unwrap()
        .split_whitespace()
        .take(10)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat(&paged).contains(&first), "{paged}");
    assert!(paged.contains("95% interval"), "{paged}");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
}

#[test]
fn the_built_in_pager_pages_and_returns() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Spawn::new(dir.path(), &["take"]).run();
    pass_welcome(&mut t);
    answer_all(&mut t);
    t.send("e");
    t.wait_for("Your result: lines 1–23 of");
    t.send(" ");
    t.wait_for("Your result: lines 24–46 of");
    t.send("q");
    t.wait_for("q done");
    assert!(!t.screen().contains("Your result: lines"));
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
}

#[test]
fn an_unwritable_data_folder_fails_before_the_welcome() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Spawn::new(dir.path(), &["take"])
        .env("SECUREBASE_DATA_DIR", "/proc/securebase")
        .run();
    assert_eq!(t.wait_exit(), 73);
    let s = flat(&t.screen());
    assert!(
        s.contains("/proc/securebase/progress: cannot write in the data folder"),
        "{s}"
    );
    assert!(
        s.contains("set SECUREBASE_DATA_DIR") && s.contains("--demo"),
        "{s}"
    );
    assert!(!s.contains("Press Enter"), "{s}");
    // --demo writes nothing, so it needs no data folder.
    let mut t = Spawn::new(dir.path(), &["take", "--demo"])
        .env("SECUREBASE_DATA_DIR", "/proc/securebase")
        .run();
    t.wait_for("Press Enter");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
}

#[test]
fn a_typed_tilde_is_the_home_folder() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut t = Spawn::new(dir.path(), &["take"])
        .env("HOME", home.path().to_str().unwrap())
        .run();
    pass_welcome(&mut t);
    answer_all(&mut t);
    t.send("s");
    t.wait_for("Save the result (JSON) as: sb-short-");
    t.send(&"\x7f".repeat(40));
    t.wait_for("Save the result (JSON) as: _");
    t.send("~/mine.json\r");
    t.wait_for("Saved to ~/mine.json (readable only by you).");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
    assert!(home.path().join("mine.json").is_file());
    assert!(!dir.path().join("~").exists(), "no folder named ~");
}

#[test]
fn a_c_locale_gets_only_ascii() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Spawn::new(dir.path(), &["take"]).env("LC_ALL", "C").run();
    pass_welcome(&mut t);
    for (n, d) in (1..=12).zip(DIGITS) {
        t.wait_line(&format!("{n}/12 "));
        t.send(&d.to_string());
    }
    t.wait_for("q done");
    t.send("e");
    t.wait_for("q back to the result");
    t.send("q");
    t.wait_for("q done");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
    let bytes = t.bytes();
    let bad: Vec<u8> = bytes.iter().copied().filter(|b| *b >= 0x80).collect();
    assert!(
        bad.is_empty(),
        "{} non-ASCII bytes, e.g. around: {:?}",
        bad.len(),
        String::from_utf8_lossy(
            &bytes[bytes
                .iter()
                .position(|b| *b >= 0x80)
                .unwrap()
                .saturating_sub(40)..][..80.min(bytes.len())]
        )
    );
}

#[test]
fn discard_deletes_the_unfinished_sessions_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Spawn::new(dir.path(), &["take"]).run();
    pass_welcome(&mut t);
    t.wait_line("1/12 ");
    t.send("4");
    t.wait_line("2/12 ");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
    assert_eq!(progress_files(dir.path()).len(), 1);
    let out = crate::support::sb(&["take", "--discard"])
        .env("SECUREBASE_DATA_DIR", dir.path())
        .run();
    out.code(0);
    assert_eq!(out.stdout, "Discarded 1 unfinished session.\n");
    assert!(progress_files(dir.path()).is_empty());
}
