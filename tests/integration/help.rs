//! Help that teaches (issue 13): examples in every `--help`, the
//! environment in `--help` and the man page, a man page with the usual
//! sections, completion of ids and topics from the binary.

use std::process::Command;

use crate::support::{root, sb};

const COMMANDS: [&str; 12] = [
    "list",
    "show",
    "validate",
    "score",
    "template",
    "take",
    "explain",
    "report",
    "compare",
    "history",
    "completions",
    "man",
];

/// The example lines at the end of a help text.
fn examples(help: &str) -> Vec<String> {
    let start = help.rfind("Examples:\n").expect("an Examples: section") + "Examples:\n".len();
    help[start..]
        .lines()
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn every_command_help_ends_with_examples() {
    for c in COMMANDS {
        let out = sb(&[c, "--help"]).run();
        out.code(0);
        let ex = examples(&out.stdout);
        assert!(ex.len() >= 2 || c == "man", "{c}: {ex:?}");
        assert!(
            ex.iter()
                .all(|e| e.starts_with("securebase ") || e.starts_with("cat ")),
            "{c}: {ex:?}"
        );
    }
}

#[test]
fn the_examples_that_need_no_file_of_yours_run() {
    // In a scratch folder with the examples and questionnaires at hand, so
    // `> scored.csv` writes nowhere that matters.
    let dir = tempfile::tempdir().unwrap();
    for d in ["examples", "questionnaires"] {
        std::os::unix::fs::symlink(root().join(d), dir.path().join(d)).unwrap();
    }
    let bin = assert_cmd::cargo::cargo_bin("securebase");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for c in COMMANDS {
        let help = sb(&[c, "--help"]).run().stdout;
        for ex in examples(&help) {
            // Examples that need a terminal, your own files or your history.
            let yours = [
                "take",
                "me.json",
                "before.json",
                "my-bank.json",
                "--delete",
                "~/",
            ];
            if yours.iter().any(|y| ex.contains(y)) || c == "man" {
                continue;
            }
            let st = Command::new("sh")
                .args(["-c", &ex])
                .current_dir(dir.path())
                .env("PATH", &path)
                .env("SECUREBASE_DATA_DIR", dir.path().join("data"))
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::null())
                .status()
                .unwrap();
            assert!(st.success(), "`{ex}` failed: {st}");
            ran += 1;
        }
    }
    assert!(ran >= 10, "ran {ran} examples");
}

#[test]
fn help_names_the_environment_and_the_formats() {
    let out = sb(&["--help"]).run();
    out.code(0).stdout_has(&[
        "Environment:",
        "SECUREBASE_DATA_DIR",
        "NO_COLOR",
        "COLUMNS",
        "PAGER",
        "Exit status:",
    ]);
    let score = sb(&["score", "--help"]).run().stdout;
    let flat = score.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!flat.contains("documented in the README"), "{score}");
    assert!(
        flat.contains("per dimension <dim>, _answered, _missing, _lo, _hi"),
        "{score}"
    );
}

#[test]
fn the_man_page_has_the_usual_sections_and_no_missing_pages() {
    let out = sb(&["man"]).run();
    out.code(0);
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH OPTIONS",
        ".SH COMMANDS",
        ".SH EXIT STATUS",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH EXAMPLES",
    ] {
        assert!(out.stdout.contains(section), "{section} missing");
    }
    assert!(!out.stdout.contains("(1)"), "a reference to another page");
    assert!(out
        .stdout
        .contains(".TP\n\\fB130\\fR\ninterrupted (progress kept)"));
    assert!(out.stdout.contains("\\fBSECUREBASE_DATA_DIR\\fR"));
    for c in COMMANDS {
        assert!(
            out.stdout.contains(&format!(".SS \"securebase {c} ")),
            "{c}"
        );
    }
}

/// What the shell gets at a Tab after `words` (fish's protocol: one
/// candidate a line, its help after a tab).
fn complete(data: &std::path::Path, words: &[&str]) -> Vec<String> {
    let out = sb(&["--"])
        .env("COMPLETE", "fish")
        .env("SECUREBASE_DATA_DIR", data)
        .args_after(words)
        .run();
    out.code(0);
    out.stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
}

#[test]
fn completion_offers_ids_topics_and_kept_results() {
    let data = tempfile::tempdir().unwrap();
    let banks = data.path().join("questionnaires");
    std::fs::create_dir_all(&banks).unwrap();
    let mut mine: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("questionnaires/sb-short.json")).unwrap(),
    )
    .unwrap();
    mine["id"] = "my-bank".into();
    std::fs::write(banks.join("mine.json"), mine.to_string()).unwrap();
    assert_eq!(
        complete(data.path(), &["securebase", "show", "sb-"]),
        ["sb-short", "sb-core", "sb-styles", "sb-relationships"]
    );
    assert_eq!(
        complete(data.path(), &["securebase", "take", "my"]),
        ["my-bank"]
    );
    assert_eq!(
        complete(data.path(), &["securebase", "explain", "an"]),
        ["anxious", "anxiety"]
    );
    sb(&["report", "tests/fixtures/results/before.json", "--keep"])
        .env("SECUREBASE_DATA_DIR", data.path())
        .run()
        .code(0);
    assert_eq!(
        complete(data.path(), &["securebase", "history", "--delete", ""]),
        ["20250110T090000Z-sb-short"]
    );
    // The registration a shell sources calls the binary back.
    let reg = sb(&["completions", "bash"]).run();
    reg.code(0).stdout_has(&["COMPLETE=\"bash\"", "securebase"]);
}
