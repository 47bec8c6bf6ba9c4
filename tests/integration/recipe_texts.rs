//! `bank new`'s input: every bad text file is refused with `file:line`
//! messages and nothing written; files, installs and user recipes; the
//! recipe schema; and `take` on a recipe bank in a pty.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{json, Value};

use crate::pty::{Spawn, ENTER};
use crate::recipes::{build, close, dim, dummy_texts, score};
use crate::support::{root, sb, Output};

/// `bank new --recipe <recipe> --texts dir/<file> -o dir/bank.json`, the
/// file holding `text`.
fn new_bank(dir: &Path, recipe: &str, file: &str, text: &[u8]) -> Output {
    let texts = dir.join(file);
    std::fs::write(&texts, text).unwrap();
    sb(&["bank", "new", "--recipe", recipe, "--texts"])
        .arg(&texts)
        .arg("-o")
        .arg(dir.join("bank.json"))
        .run()
}

/// The ECR-R's 36 numbered lines with some changed: `(line, text)`,
/// `None` removing the line.
fn ecr_r_lines(changes: &[(usize, Option<&str>)]) -> String {
    let mut lines: Vec<Option<String>> = dummy_texts(1..=36)
        .lines()
        .map(|l| Some(l.to_string()))
        .collect();
    for (at, text) in changes {
        lines[at - 1] = text.map(str::to_string);
    }
    lines.into_iter().flatten().map(|l| l + "\n").collect()
}

/// Refused with exit 65, every message on stderr, and no bank written.
#[track_caller]
fn refused(dir: &Path, out: &Output, messages: &[&str]) {
    out.code(65).stderr_has(messages);
    assert!(!dir.join("bank.json").exists(), "nothing is written");
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

#[test]
fn missing_and_extra_items() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("items.txt").display().to_string();
    let out = new_bank(
        dir.path(),
        "ecr-r",
        "items.txt",
        ecr_r_lines(&[(36, None)]).as_bytes(),
    );
    refused(
        dir.path(),
        &out,
        &[&format!(
            "{f}:36:1: error: 1 of the 36 items of the ECR-R is missing: item 36"
        )],
    );
    let mut extra = dummy_texts(1..=36);
    extra.push_str("An extra placeholder line.\nAnother extra line.\n");
    let out = new_bank(dir.path(), "ecr-r", "items.txt", extra.as_bytes());
    refused(
        dir.path(),
        &out,
        &[&format!(
            "{f}:37:1: error: 2 lines more than the 36 items of the ECR-R"
        )],
    );
}

#[test]
fn a_number_out_of_order_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("items.txt").display().to_string();
    // Lines 5 and 6 swapped: both are named, nothing after them.
    let text = ecr_r_lines(&[
        (5, Some("6. Placeholder statement number 6 for testing.")),
        (6, Some("5. Placeholder statement number 5 for testing.")),
    ]);
    let out = new_bank(dir.path(), "ecr-r", "items.txt", text.as_bytes());
    refused(
        dir.path(),
        &out,
        &[
            &format!("{f}:5:1: error: numbered 6, but item 5 comes next (after item 4): a number out of order"),
            &format!("{f}:6:1: error: numbered 5, but item 7 comes next (after item 6): a number out of order"),
            "fix: put the items in the ECR-R's order (1–36), one a line; the numbers are optional",
            &format!("{f}: 2 errors, 0 warnings"),
        ],
    );
}

#[test]
fn empty_duplicated_escaped_and_overlong_lines_all_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("items.txt").display().to_string();
    let long = format!("12. {}", "word ".repeat(120));
    let mut text = ecr_r_lines(&[
        (4, Some("4. Placeholder statement number 3 for testing.")),
        (9, Some("9. A statement with \u{1b}[31mred\u{1b}[0m in it.")),
        (10, Some("10. Trojan \u{202e}source text.")),
        (12, Some(long.trim_end())),
    ]);
    // An empty line after item 20 (numbers keep the rest in place).
    text = text.replacen("21. ", "\n21. ", 1);
    let out = new_bank(dir.path(), "ecr-r", "items.txt", text.as_bytes());
    refused(
        dir.path(),
        &out,
        &[
            &format!("{f}:4:4: error: item 4 has the same text as item 3 (line 3)"),
            &format!("{f}:9:21: error: item 9 contains U+001B (ESC, which starts terminal escape sequences)"),
            &format!("{f}:10:12: error: item 10 contains U+202E (a bidirectional override"),
            &format!("{f}:12:5: error: item 12 is 599 characters long; at most 500 fit one item"),
            &format!("{f}:21:1: error: the line is empty"),
            &format!("{f}: 5 errors, 0 warnings"),
        ],
    );
    // The escape is named, never printed.
    assert!(!out.stderr.contains('\u{1b}'), "{}", out.stderr);
}

#[test]
fn csv_and_json_texts_are_keyed_by_number() {
    let dir = tempfile::tempdir().unwrap();
    // CSV: any order, a header, quoted commas, the instrument's instructions.
    let mut csv =
        String::from("number,text\ninstructions,\"Placeholder instructions, from my copy.\"\n");
    for n in (1..=12).rev() {
        let _ = writeln!(csv, "{n},\"Placeholder, statement {n}.\"");
    }
    new_bank(dir.path(), "ecr-s", "items.csv", csv.as_bytes()).code(0);
    let bank: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("bank.json")).unwrap())
            .unwrap();
    assert_eq!(
        bank["instructions"],
        "Placeholder instructions, from my copy."
    );
    assert_eq!(bank["items"][0]["id"], "q1");
    assert_eq!(bank["items"][0]["text"], "Placeholder, statement 1.");
    std::fs::remove_file(dir.path().join("bank.json")).unwrap();

    // CSV problems: a repeated number, one the instrument lacks, a non-number.
    let f = dir.path().join("items.csv").display().to_string();
    let mut bad = String::new();
    for n in 1..=11 {
        let _ = writeln!(bad, "{n},Placeholder statement {n}.");
    }
    bad.push_str("3,Placeholder statement again.\n13,Placeholder thirteen.\nx,Placeholder.\n");
    let out = new_bank(dir.path(), "ecr-s", "items.csv", bad.as_bytes());
    refused(
        dir.path(),
        &out,
        &[
            &format!("{f}:12:3: error: item 3 is given twice (also on line 3)"),
            &format!("{f}:13:1: error: there is no item 13 in the ECR-S: an extra item"),
            &format!("{f}:14:1: error: `x` is not an item number"),
            "is missing: item 12",
        ],
    );

    // JSON: a key twice, a number as text, an item missing.
    let f = dir.path().join("items.json").display().to_string();
    let json_text =
        "{\n  \"1\": \"Placeholder one.\",\n  \"2\": 2,\n  \"1\": \"Placeholder again.\"\n}\n";
    let out = new_bank(dir.path(), "ecr-rs", "items.json", json_text.as_bytes());
    refused(
        dir.path(),
        &out,
        &[
            &format!("{f}:4:3: error: `1` is given twice"),
            &format!("{f}:3:8: error: `2` is not text"),
            "7 of the 9 items of the ECR-RS are missing: items 3–9",
        ],
    );
}

#[test]
fn unreadable_inputs_and_wrong_choices() {
    let dir = tempfile::tempdir().unwrap();
    // Not UTF-8: bad data (65), by file and line.
    let out = new_bank(dir.path(), "ecr-r", "items.txt", b"1. caf\xe9\n");
    refused(
        dir.path(),
        &out,
        &["items.txt:1:1: error: the file is not UTF-8 text"],
    );
    // A missing text file: 66.
    sb(&[
        "bank",
        "new",
        "--recipe",
        "ecr-r",
        "--texts",
        "no-such.txt",
        "-o",
    ])
    .arg(dir.path().join("bank.json"))
    .run()
    .code(66)
    .stderr_has(&["no-such.txt: cannot read"]);
    // An unknown recipe: 66, naming the recipes there are.
    sb(&["bank", "recipe", "ecr-x"])
        .run()
        .code(66)
        .stderr_has(&["no recipe called `ecr-x`", "ecr-r", "raas"]);
    // Norms the recipe lacks: a usage error.
    std::fs::write(dir.path().join("items.txt"), dummy_texts(1..=18)).unwrap();
    sb(&[
        "bank",
        "new",
        "--recipe",
        "raas",
        "--norms",
        "ledley-2006",
        "--texts",
    ])
    .arg(dir.path().join("items.txt"))
    .arg("-o")
    .arg(dir.path().join("bank.json"))
    .run()
    .code(2)
    .stderr_has(&[
        "no norm sample `ledley-2006`; choose one of: ledley-2006-men, ledley-2006-women",
    ]);
    // A bank id that is not one: a usage error before anything is read.
    sb(&[
        "bank", "new", "--recipe", "raas", "--id", "My Bank", "--texts",
    ])
    .arg(dir.path().join("items.txt"))
    .arg("-o")
    .arg(dir.path().join("bank.json"))
    .run()
    .code(2)
    .stderr_has(&["--id `My Bank`: a bank id uses lowercase letters"]);
    assert!(!dir.path().join("bank.json").exists());
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn writes_owner_only_refuses_to_replace_and_installs() {
    let dir = tempfile::tempdir().unwrap();
    let bank = build(dir.path(), "ecr-s", "items.txt", &dummy_texts(1..=12), &[]);
    #[cfg(unix)]
    assert_eq!(mode(&bank), 0o600);
    let before = std::fs::read(&bank).unwrap();
    let out = new_bank(
        dir.path(),
        "ecr-s",
        "items.txt",
        dummy_texts(1..=12).replace("number 1 ", "one ").as_bytes(),
    );
    out.code(73)
        .stderr_has(&["bank.json: the file exists; pass --force to replace it"]);
    assert_eq!(std::fs::read(&bank).unwrap(), before, "left untouched");

    // --install: the data directory's bank is listed and usable by id.
    let data = dir.path().join("data");
    sb(&["bank", "new", "--recipe", "ecr-s", "--install", "--texts"])
        .arg(dir.path().join("items.txt"))
        .env("SECUREBASE_DATA_DIR", &data)
        .run()
        .code(0)
        .stdout_has(&["Installed `ecr-s` as", "Check the keys:"]);
    #[cfg(unix)]
    assert_eq!(mode(&data.join("questionnaires/ecr-s.json")), 0o600);
    let list = sb(&["list", "--format", "json"])
        .env("SECUREBASE_DATA_DIR", &data)
        .run();
    let ids: Vec<Value> = list
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].clone())
        .collect();
    assert!(ids.contains(&json!("ecr-s")), "{ids:?}");
    sb(&["bank", "list"])
        .env("SECUREBASE_DATA_DIR", &data)
        .run()
        .code(0)
        .stdout_has(&["ecr-s", "published instrument"]);
    let answers = dir.path().join("a.json");
    std::fs::write(
        &answers,
        json!({"bank": "ecr-s", "answers": {"q1": 4}}).to_string(),
    )
    .unwrap();
    sb(&["score", "--format", "json"])
        .arg(&answers)
        .env("SECUREBASE_DATA_DIR", &data)
        .run()
        .code(0);
}

#[test]
fn a_users_recipe_is_checked_like_a_bank() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("questionnaires/recipes/ecr-s.json")).unwrap();
    // A typo in a key and a reversed item outside its dimension.
    let bad = text
        .replacen("\"reverse\": [8]", "\"reverse\": [7]", 1)
        .replacen("\"abbreviation\"", "\"abreviation\"", 1);
    let path = dir.path().join("my-recipe.json");
    std::fs::write(&path, &bad).unwrap();
    let line = |needle: &str| bad.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let f = path.display().to_string();
    sb(&["bank", "recipe"])
        .arg(&path)
        .run()
        .code(65)
        .stderr_has(&[
            &format!(
                "{f}:{}:3: error: unknown key `abreviation`",
                line("\"abreviation\"")
            ),
            "did you mean `abbreviation`?",
        ]);
    let bad = text.replacen("\"reverse\": [8]", "\"reverse\": [7]", 1);
    std::fs::write(&path, &bad).unwrap();
    sb(&["bank", "recipe"])
        .arg(&path)
        .run()
        .code(65)
        .stderr_has(&[&format!(
            "{f}:{}:19: error: reversed item 7 is not one of `anxiety`'s items",
            line("\"reverse\": [7]")
        )]);
}

#[test]
fn recipe_schema_matches_the_parser() {
    use securebase::bank::recipe;
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("questionnaires/recipe-schema.json")).unwrap(),
    )
    .unwrap();
    let props = |pointer: &str| -> Vec<String> {
        let o = schema
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{pointer}"));
        assert_eq!(o["additionalProperties"], false, "{pointer}");
        let mut v: Vec<String> = o["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        v.sort();
        v
    };
    let keys = |k: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = k.iter().map(|s| (*s).to_string()).collect();
        v.sort();
        v
    };
    for (pointer, list) in [
        ("", recipe::TOP_KEYS),
        ("/$defs/use_terms", recipe::USE_TERMS_KEYS),
        ("/$defs/items", recipe::ITEMS_KEYS),
        ("/$defs/scale", recipe::SCALE_KEYS),
        ("/$defs/scoring", recipe::SCORING_KEYS),
        ("/$defs/keying", recipe::KEYING_KEYS),
        ("/$defs/dimension", recipe::DIMENSION_KEYS),
        ("/$defs/reliability", recipe::RELIABILITY_KEYS),
        ("/$defs/paragraph", recipe::PARAGRAPH_KEYS),
        ("/$defs/norms", recipe::NORMS_KEYS),
        ("/$defs/norm_values", recipe::NORM_VALUES_KEYS),
        ("/$defs/category_rule", recipe::RULE_KEYS),
    ] {
        assert_eq!(props(pointer), keys(list), "{pointer:?}");
    }
    for (id, text) in recipe::BUILTIN {
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(v["$schema"], "../recipe-schema.json", "{id}");
    }
}

#[test]
fn take_on_a_recipe_bank_names_the_instrument() {
    let dir = tempfile::tempdir().unwrap();
    let bank = build(dir.path(), "ecr-s", "items.txt", &dummy_texts(1..=12), &[]);
    let bank = bank.display().to_string();
    let mut t = Spawn::new(dir.path(), &["take", &bank, "--save", "me.json"])
        .size(40, 100)
        .run();
    t.wait_for("Press Enter to start");
    let s = t.screen().split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "This is Experiences in Close Relationships – Short Form (ECR-S), a published questionnaire scored by its published key (Wei, M., Russell, D. W., Mallinckrodt, B., & Vogel, D. L. (2007).",
        "not a diagnosis",
        "12 questions",
    ] {
        assert!(s.contains(want), "missing {want:?} in:\n{s}");
    }
    for unwanted in [
        "original writing",
        "not been validated",
        "educational questionnaire",
    ] {
        assert!(!s.contains(unwanted), "{unwanted:?} in:\n{s}");
    }
    t.send(ENTER);
    // Anxiety (2, 4, 6, 8R, 10, 12): 6, 5, 6, 2 → 6, 5, 4 = 32/6.
    // Avoidance (1R, 3, 5R, 7, 9R, 11): 6 → 2, 2, 7 → 1, 3, 5 → 3, 1 = 2.
    for (n, d) in (1..=12).zip([6, 6, 2, 5, 7, 6, 3, 2, 5, 5, 1, 4]) {
        t.wait_line(&format!("{n}/12 "));
        t.send(&d.to_string());
    }
    // The result screen (the --save file is written as it opens).
    t.wait_for("q done");
    t.send("q");
    assert_eq!(t.wait_exit(), 0);
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("me.json")).unwrap())
            .unwrap();
    assert_eq!(saved["bank"]["provenance"]["recipe"], "ecr-s");
    assert!(saved["bank"]["citation"]
        .as_str()
        .unwrap()
        .starts_with("Wei, M."));
    let dims = saved["dimensions"].as_array().unwrap();
    close(&dims[0]["score"], 32.0 / 6.0);
    close(&dims[1]["score"], 2.0);
}

#[test]
fn a_banks_percentile_table_is_checked_row_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(crate::support::root().join("questionnaires/sb-short.json"))
        .unwrap()
        .replacen(
            "\"assumed\": true,",
            "\"assumed\": true,\n        \"percentiles\": {\"sample\": \"a test sample\", \"n\": 10, \"source\": \"made up\",\n          \"table\": [[1, 2], [3, 40], [2.5, 50], [4, 101], [8, 100]]},",
            1,
        );
    let path = dir.path().join("bank.json");
    std::fs::write(&path, &text).unwrap();
    let line = text.lines().position(|l| l.contains("\"table\"")).unwrap() + 1;
    let f = path.display().to_string();
    sb(&["validate"]).arg(&path).run().code(65).stderr_has(&[
        &format!("{f}:{line}:38: error: scores must increase from row to row: 2.5 follows 3"),
        &format!("{f}:{line}:49: error: percentile 101 is outside 0–100"),
        "at: dimensions[0].reference.percentiles.table[3]",
        &format!("{f}:{line}:59: error: percentile 100 is below the previous row's 101"),
    ]);
    // The row [9, 100] takes the place of [2.5, 50], at column 38.
    let outside = text.replace("[2.5, 50], [4, 101], [8, 100]", "[9, 100]");
    std::fs::write(&path, &outside).unwrap();
    sb(&["validate"])
        .arg(&path)
        .run()
        .code(65)
        .stderr_has(&[&format!(
            "{f}:{line}:38: error: score 9 is outside the scale 1–7"
        )]);
    // Fixed, the table is used: a score between rows is interpolated.
    let fixed = text.replace("[2.5, 50], [4, 101], [8, 100]", "[5, 60], [7, 100]");
    std::fs::write(&path, &fixed).unwrap();
    sb(&["validate"]).arg(&path).run().code(0);
    let answers = json!({"bank": "sb-short", "answers": {
        "anx-01": 4, "anx-02": 4, "anx-03": 4, "anx-04": 4, "anx-05": 4, "anx-06": 4}});
    let r = score(dir.path(), &path, &answers);
    // Anxiety: the reversed items answered 4 count 4 too: 4.0, halfway from
    // (3, 40) to (5, 60): 50.
    close(&dim(&r, "anxiety")["percentile"], 50.0);
    assert_eq!(dim(&r, "anxiety")["percentile_sample"], "a test sample");
}
