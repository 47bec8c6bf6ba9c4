//! Strings from files never drive the terminal (issue 12, finding 2): every
//! output path shows ESC, OSC 8/52, C1 controls, carriage returns and bidi
//! overrides visibly instead of sending them.

use crate::support::{fixture, sb, Output};

/// The attack classes, each as a respondent id or a key could carry it.
pub const ATTACKS: &[&str] = &[
    "t\u{1b}]0;PWNED\u{7}",
    "c\u{1b}]52;c;cHduZWQ=\u{7}",
    "l\u{1b}]8;;https://example.invalid\u{1b}\\x\u{1b}]8;;\u{1b}\\",
    "r1\rforged",
    "c1\u{9b}31m",
    "b\u{202e}dis",
];

/// Characters that must never reach the terminal from a file.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[track_caller]
pub fn assert_inert(out: &Output) {
    for (name, s) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        if let Some(c) = s.chars().find(|&c| unsafe_char(c)) {
            panic!("{name} carries U+{:04X}:\n{s}", c as u32);
        }
    }
}

fn answer_file(dir: &std::path::Path, respondent: &str) -> std::path::PathBuf {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("answers/short.json")).unwrap())
            .unwrap();
    v["respondent"] = respondent.into();
    let p = dir.join("hostile.json");
    std::fs::write(&p, serde_json::to_string(&v).unwrap()).unwrap();
    p
}

#[test]
fn score_table_shows_hostile_respondent_ids_visibly() {
    for attack in ATTACKS {
        let dir = tempfile::tempdir().unwrap();
        let p = answer_file(dir.path(), attack);
        let out = sb(&["score", "--format", "table", "--no-explain"])
            .arg(&p)
            .run();
        out.code(0);
        assert_inert(&out);
        assert!(out.stdout.contains("respondent "), "{}", out.stdout);
    }
    let dir = tempfile::tempdir().unwrap();
    let p = answer_file(dir.path(), "t\u{1b}]0;PWNED\u{7}");
    sb(&["score", "--format", "table", "--no-explain"])
        .arg(&p)
        .run()
        .stdout_has(&["respondent t\\x1b]0;PWNED\\x07 ·"]);
}

#[test]
fn json_output_escapes_c1_and_bidi_losslessly() {
    let dir = tempfile::tempdir().unwrap();
    let id = "c1\u{9b}31m b\u{202e}dis e\u{1b}]0;x\u{7}";
    let p = answer_file(dir.path(), id);
    for format in ["json", "jsonl"] {
        let out = sb(&["score", "--format", format]).arg(&p).run();
        out.code(0);
        assert_inert(&out);
        assert!(out.stdout.contains("\\u009b31m"), "{}", out.stdout);
        let v: serde_json::Value = serde_json::from_str(
            out.stdout
                .lines()
                .next()
                .filter(|_| format == "jsonl")
                .unwrap_or(&out.stdout),
        )
        .unwrap();
        assert_eq!(v["respondent"], id, "the value is unchanged");
    }
}

#[test]
fn error_messages_show_hostile_keys_and_ids_visibly() {
    let dir = tempfile::tempdir().unwrap();
    for attack in ATTACKS {
        // An unknown key in a JSON answer file.
        let p = dir.path().join("key.json");
        let doc = serde_json::json!({"bank": "sb-short", "answers": {*attack: 3}});
        std::fs::write(&p, doc.to_string()).unwrap();
        let out = sb(&["score"]).arg(&p).run();
        out.code(65);
        assert_inert(&out);
        // An unknown CSV column, and a bad cell of a hostile respondent.
        let p = dir.path().join("s.csv");
        std::fs::write(
            &p,
            format!("respondent,{}\n", attack.replace(['\r', ','], "_")),
        )
        .unwrap();
        let out = sb(&["score", "--bank", "sb-short"]).arg(&p).run();
        out.code(65);
        assert_inert(&out);
        let cell = attack.replace(['\r', ',', '"'], "_");
        std::fs::write(
            &p,
            format!(
                "{}\n{}\n",
                crate::edges::short_header(),
                crate::edges::short_row(&cell, "9")
            ),
        )
        .unwrap();
        let out = sb(&["score", "--bank", "sb-short"]).arg(&p).run();
        out.code(65);
        assert_inert(&out);
        assert!(out.stderr.contains("value 9"), "{}", out.stderr);
        // A timing key, and the schema of a result.
        let p = dir.path().join("t.json");
        let doc = serde_json::json!({"bank": "sb-short", "answers": {}, "timings": {*attack: 1}});
        std::fs::write(&p, doc.to_string()).unwrap();
        let out = sb(&["score"]).arg(&p).run();
        out.code(65);
        assert_inert(&out);
    }
}

/// A result file with a hostile string in every free-text field.
fn hostile_result(dir: &std::path::Path, attack: &str, name: &str) -> std::path::PathBuf {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("results/before.json")).unwrap())
            .unwrap();
    v["respondent"] = attack.into();
    v["bank"]["title"] = attack.into();
    v["bank"]["version"] = attack.into();
    v["completed_at"] = attack.into();
    v["dimensions"][0]["label"] = attack.into();
    v["dimensions"][0]["id"] = attack.into();
    v["explanation"]["text"] = attack.into();
    v["quality"] = serde_json::json!([{"id": attack, "message": attack}]);
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string(&v).unwrap()).unwrap();
    p
}

#[test]
fn report_compare_and_history_show_result_fields_visibly() {
    for attack in ATTACKS {
        let dir = tempfile::tempdir().unwrap();
        let a = hostile_result(dir.path(), attack, "a.json");
        let b = hostile_result(dir.path(), attack, "b.json");
        let out = sb(&["report"]).arg(&a).run();
        out.code(0);
        assert_inert(&out);
        let out = sb(&["compare"]).arg(&a).arg(&b).run();
        out.code(0);
        assert_inert(&out);
        let run = sb(&["history"]);
        let hist = run.data_dir().join("history");
        std::fs::create_dir_all(&hist).unwrap();
        std::fs::copy(&a, hist.join("20250101T000000Z-sb-short.json")).unwrap();
        std::fs::copy(&b, hist.join("20250102T000000Z-sb-short.json")).unwrap();
        let out = run.run();
        out.code(0);
        assert_inert(&out);
        // The JSON forms escape what JSON can (lossless) and keep the value.
        let out = sb(&["compare", "--format", "json"]).arg(&a).arg(&b).run();
        out.code(0);
        assert_inert(&out);
        let data = tempfile::tempdir().unwrap();
        let hist = data.path().join("history");
        std::fs::create_dir_all(&hist).unwrap();
        std::fs::copy(&a, hist.join("20250101T000000Z-sb-short.json")).unwrap();
        let out = sb(&["history", "--format", "json"])
            .env("SECUREBASE_DATA_DIR", data.path())
            .run();
        out.code(0);
        assert_inert(&out);
        assert_eq!(out.json()[0]["respondent"], *attack);
    }
}

/// Finding 9: no field of a result can make a live link or its own block
/// structure in a GitHub-flavoured Markdown renderer.
#[test]
fn markdown_reports_neutralise_links_and_line_structure() {
    let dir = tempfile::tempdir().unwrap();
    let attack = "https://evil.example/x www.evil.example me@evil.example\n# Forged heading\n---\n| a | b |\n> quote\n    code\n1. item";
    let p = hostile_result(dir.path(), attack, "r.json");
    let out = sb(&["report", "--markdown"]).arg(&p).run();
    out.code(0);
    for line in out.stdout.lines() {
        // Outside code spans and the plot's code block: no link-like text.
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                for bad in ["://", "www.", "@"] {
                    assert!(!part.contains(bad), "live {bad:?} in line: {line}");
                }
            }
        }
        // Headings and quotes are ours only: none carries the attack.
        if line.starts_with(['#', '>']) {
            for bad in ["Forged", "quote", "evil"] {
                assert!(!line.contains(bad), "forged structure: {line}");
            }
        }
        // A table row keeps its cells: the field's pipes are escaped.
        if line.starts_with('|') && line.contains("evil") {
            let cells = line.matches('|').count() - line.matches("\\|").count();
            assert_eq!(cells, 6, "a forged cell: {line}");
        }
        assert!(
            !line.starts_with("--- ")
                && !line.starts_with("    code")
                && !line.starts_with("1. item"),
            "forged block: {line}"
        );
    }
    assert!(
        out.stdout.contains("`https://evil.example/x`"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("\\# Forged heading"), "{}", out.stdout);
}
