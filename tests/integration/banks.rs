//! Item banks through the real binary: `validate` (one malformed fixture per
//! rule), `list`, `show`, the user directory, and the built-in questionnaires.
//!
//! Positions are counted by hand from the fixtures (1-based, in characters).
//! Item lines in the fixtures all start the same way:
//! `    { "id": "a2", "kind": "likert", "dimension": "anxiety", ...`
//!  col 5 `{`, col 7 `"id"`, col 13 the id's value, col 19 `"kind"`,
//!  col 37 `"dimension"`, col 50 the dimension's value. After
//!  `"anxiety", ` the next key starts at col 61; after `"avoidance", ` at 63.

use std::collections::BTreeSet;
use std::path::Path;

use securebase::bank::{self, ItemKind, Prototype};
use serde_json::Value;

use crate::support::{fixture, root, sb, sb_closed_stdout, Output};

const DIR: &str = "tests/fixtures/banks";

/// `securebase validate <fixture>`; the bank must be refused (65).
fn refused(name: &str) -> Output {
    let out = sb(&["validate", &format!("{DIR}/{name}")]).run();
    out.code(65);
    assert!(out.stdout.is_empty(), "nothing on stdout: {}", out.stdout);
    out
}

/// One reported problem, exactly as printed:
/// `<file>:<line>:<col>: <severity>: <message>` / `  at: <path>` / `  fix: <fix>`.
#[track_caller]
fn has_problem(out: &Output, name: &str, pos: &str, sev: &str, path: &str, msg: &str, fix: &str) {
    let at = if path.is_empty() {
        String::new()
    } else {
        format!("\n  at: {path}")
    };
    let block = format!("{DIR}/{name}:{pos}: {sev}: {msg}{at}\n  fix: {fix}\n");
    assert!(
        out.stderr.contains(&block),
        "expected\n{block}\n--- stderr\n{}",
        out.stderr
    );
}

#[track_caller]
fn has_count(out: &Output, name: &str, errors: &str, warnings: &str) {
    let line = format!("{DIR}/{name}: {errors}, {warnings}\n");
    assert!(
        out.stderr.ends_with(&line),
        "expected the count line {line:?}\n--- stderr\n{}",
        out.stderr
    );
}

// ---- one rule, one fixture ------------------------------------------------

#[test]
fn malformed_json_gives_line_and_column() {
    // The comma after `"title": "Minimal test bank"` (line 3) is missing, so
    // the parser stops at the next key: line 4, `  "version"`, col 3.
    let out = refused("malformed-json.json");
    has_problem(
        &out,
        "malformed-json.json",
        "4:3",
        "error",
        "",
        "not valid JSON: expected `,` or `}`",
        "fix the JSON syntax (a missing comma, quote or bracket is the usual cause); a JSON-aware editor shows the spot",
    );
    has_count(&out, "malformed-json.json", "1 error", "0 warnings");
}

#[test]
fn malformed_json_column_counts_characters_not_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("accents.json");
    // `  "title": "Ünïcödé" "x"`: 2 spaces, `"title"` cols 3–9, `:` 10,
    // space 11, `"` 12, seven letters 13–19, `"` 20, space 21, `"x"` at 22
    // (in bytes it would be 26: four of the letters take two bytes).
    std::fs::write(&file, "{\n  \"title\": \"Ünïcödé\" \"x\"\n}\n").unwrap();
    let out = sb(&["validate", file.to_str().unwrap()]).run();
    out.code(65)
        .stderr_has(&[&format!("{}:2:22: error: not valid JSON", file.display())]);
}

#[test]
fn wrong_types_name_the_path_and_what_was_found() {
    let out = refused("wrong-type.json");
    // line 6 `  "validated": "no",`: `"validated"` cols 3–13, `: ` → value at 16.
    has_problem(
        &out,
        "wrong-type.json",
        "6:16",
        "error",
        "validated",
        "expected true or false, found text",
        "write true or false, without quotes",
    );
    // line 18, items[2] (`v1`): `"dimension": 2` → value at col 50.
    has_problem(
        &out,
        "wrong-type.json",
        "18:50",
        "error",
        "items[2].dimension",
        "expected text, found a whole number",
        "put the value in double quotes",
    );
    has_count(&out, "wrong-type.json", "2 errors", "0 warnings");
}

#[test]
fn missing_required_keys_point_at_the_object_that_lacks_them() {
    let out = refused("missing-key.json");
    // No `title`: the top-level object starts at 1:1.
    has_problem(
        &out,
        "missing-key.json",
        "1:1",
        "error",
        "",
        "missing required key `title` in the top level",
        "add `\"title\"`: text",
    );
    // items[1] has no `text`; the title line is gone, so it is on line 16, `{` at col 5.
    has_problem(
        &out,
        "missing-key.json",
        "16:5",
        "error",
        "items[1]",
        "missing required key `text` in items[1]",
        "add `\"text\"`: text",
    );
    has_count(&out, "missing-key.json", "2 errors", "0 warnings");
}

#[test]
fn unknown_key_suggests_the_nearest_known_key() {
    let out = refused("unknown-key.json");
    // line 17: `"revers"` follows `"anxiety", ` → col 61 (the key itself).
    has_problem(
        &out,
        "unknown-key.json",
        "17:61",
        "error",
        "items[1].revers",
        "unknown key `revers`",
        "did you mean `reverse`? Known keys here: id, kind, text, dimension, reverse, style",
    );
    // The typo silently un-reversed the item, which the keying check shows too.
    has_problem(
        &out,
        "unknown-key.json",
        "12:5",
        "warning",
        "dimensions[0]",
        "all 2 items of `anxiety` are keyed the same way",
        "reverse-key some items: with one direction only, agreeing with everything (acquiescence) cannot be told apart from the trait",
    );
    has_count(&out, "unknown-key.json", "1 error", "1 warning");
}

#[test]
fn a_key_given_twice_is_an_error() {
    let out = refused("duplicate-key.json");
    // line 19: `"avoidance", ` ends at 62; `"reverse": true, ` is cols 63–79,
    // so the second `"reverse"` starts at col 80.
    has_problem(
        &out,
        "duplicate-key.json",
        "19:80",
        "error",
        "items[3].reverse",
        "key `reverse` appears twice in items[3]",
        "remove one of them: only the last would count, silently",
    );
}

#[test]
fn duplicate_item_ids() {
    let out = refused("duplicate-item-id.json");
    // line 19, items[3]: its id value at col 13.
    has_problem(
        &out,
        "duplicate-item-id.json",
        "19:13",
        "error",
        "items[3].id",
        "item id `a1` is used twice (also items[0])",
        "give every item its own id: answers are matched by id",
    );
    has_count(&out, "duplicate-item-id.json", "1 error", "0 warnings");
}

#[test]
fn item_keyed_to_an_undeclared_dimension_gets_a_suggestion() {
    let out = refused("undeclared-dimension.json");
    has_problem(
        &out,
        "undeclared-dimension.json",
        "18:50",
        "error",
        "items[2].dimension",
        "item is keyed to `avoidanse`, which is not a declared dimension",
        "did you mean `avoidance`? Declared dimensions: anxiety, avoidance",
    );
}

#[test]
fn dimension_without_items_is_an_error() {
    let out = refused("dimension-without-items.json");
    // line 14: the third dimension's `{` at col 5.
    has_problem(
        &out,
        "dimension-without-items.json",
        "14:5",
        "error",
        "dimensions[2]",
        "dimension `disorganization` has no items",
        "key at least one item to it, or remove the dimension",
    );
}

#[test]
fn all_items_keyed_one_way_is_only_a_warning() {
    let name = "one-way-keying.json";
    let out = sb(&["validate", &format!("{DIR}/{name}")]).run();
    out.code(0).stdout_has(&[&format!(
        "{DIR}/{name}: ok (with warnings): mini (Minimal test bank, 4 questions)"
    )]);
    has_problem(
        &out,
        name,
        "12:5",
        "warning",
        "dimensions[0]",
        "all 2 items of `anxiety` are keyed the same way",
        "reverse-key some items: with one direction only, agreeing with everything (acquiescence) cannot be told apart from the trait",
    );
    has_count(&out, name, "0 errors", "1 warning");
}

#[test]
fn scale_min_must_be_below_max() {
    let out = refused("scale-min-not-below-max.json");
    // line 10 `  "scale": { "min": 7`: `"scale"` 3–9, `{` 12, `"min"` 14–18, value 21.
    has_problem(
        &out,
        "scale-min-not-below-max.json",
        "10:21",
        "error",
        "scale.min",
        "scale min (7) must be below max (7)",
        "e.g. \"min\": 1, \"max\": 7",
    );
}

#[test]
fn labels_outside_the_scale() {
    let out = refused("label-outside-scale.json");
    // line 10: `"labels": {` at 34–44, `"1": "Disagree", ` 46–62,
    // `"7": "Agree", ` 63–76, so the key `"9"` is at col 77.
    has_problem(
        &out,
        "label-outside-scale.json",
        "10:77",
        "error",
        "scale.labels.9",
        "label for 9 is outside the scale 1–7",
        "label only points from 1 to 7",
    );
}

#[test]
fn cutoff_outside_the_scale() {
    let out = refused("cutoff-outside-scale.json");
    // line 12: `"description": "Worry about closeness.", ` ends at 84;
    // `"cutoff"` 85–92, `: ` → value at 95.
    has_problem(
        &out,
        "cutoff-outside-scale.json",
        "12:95",
        "error",
        "dimensions[0].cutoff",
        "cutoff 8.5 is outside the scale 1–7",
        "use a value from 1 to 7, or remove it to use the midpoint 4",
    );
}

#[test]
fn max_missing_must_be_in_zero_to_one() {
    let out = refused("max-missing-outside.json");
    // line 13: `"Distance from closeness."` 63–88, `, ` → `"max_missing"` 91–103, value at 106.
    has_problem(
        &out,
        "max-missing-outside.json",
        "13:106",
        "error",
        "dimensions[1].max_missing",
        "max_missing 1 is outside [0, 1)",
        "it is the share of items that may be missing, e.g. 0.2 for 20 %",
    );
}

#[test]
fn a_style_may_have_one_paragraph_only() {
    let out = refused("style-twice.json");
    // line 16 `    { "id": "p-fearful", "kind": "prototype", "style": "secure"`:
    // `"p-fearful"` 13–23, `"kind"` 26, `"prototype"` 34–44, `"style"` 47–53, value 56.
    has_problem(
        &out,
        "style-twice.json",
        "16:56",
        "error",
        "items[3].style",
        "style `secure` has a paragraph already (items[0])",
        "give each of the four styles at most one paragraph",
    );
    // Three distinct styles among four paragraphs: `fearful` has none.
    has_problem(
        &out,
        "style-twice.json",
        "12:12",
        "warning",
        "items",
        "only 3 of the four styles have a paragraph",
        "add paragraphs for the missing styles so all four can be compared",
    );
}

#[test]
fn unknown_style() {
    let out = refused("unknown-style.json");
    // line 14: `"p-anxious"` is as long as `"p-fearful"`, so the value is at 56.
    has_problem(
        &out,
        "unknown-style.json",
        "14:56",
        "error",
        "items[1].style",
        "unknown style `preoccupied`",
        "use one of: secure, anxious, avoidant, fearful",
    );
    // The dropped item must not also produce a misleading count warning.
    has_count(&out, "unknown-style.json", "1 error", "0 warnings");
}

#[test]
fn empty_text() {
    let out = refused("empty-text.json");
    // line 18: `"text"` at 63 (after `"avoidance", `), value at 71.
    has_problem(
        &out,
        "empty-text.json",
        "18:71",
        "error",
        "items[2].text",
        "text is empty",
        "write the text, or remove the key if it is optional",
    );
}

const NO_CONTROLS_FIX: &str = "remove control characters, escape sequences and direction overrides: bank text is shown on a terminal and must not be able to move the cursor, change colours or reorder what is shown";

#[test]
fn escape_sequences_in_title_and_item_text_are_refused_and_never_echoed() {
    let out = refused("escape-in-text.json");
    // line 3 `  "title": "Minimal \u001b[2J…`: value at 12.
    has_problem(
        &out,
        "escape-in-text.json",
        "3:12",
        "error",
        "title",
        "text contains U+001B (ESC, which starts terminal escape sequences)",
        NO_CONTROLS_FIX,
    );
    // line 17: `"reverse": true, ` 61–77, `"text"` 78–83, value at 86.
    has_problem(
        &out,
        "escape-in-text.json",
        "17:86",
        "error",
        "items[1].text",
        "text contains U+001B (ESC, which starts terminal escape sequences)",
        NO_CONTROLS_FIX,
    );
    assert!(!out.stderr.contains('\u{1b}'), "raw ESC on stderr");
    assert!(!out.stdout.contains('\u{1b}'), "raw ESC on stdout");
}

#[test]
fn bidirectional_overrides_are_refused() {
    let out = refused("bidi-override.json");
    // line 19: `"reverse": true, ` 63–79, `"text"` 80–85, value at 88.
    has_problem(
        &out,
        "bidi-override.json",
        "19:88",
        "error",
        "items[3].text",
        "text contains U+202E (a bidirectional override, which can make text display differently from what it is)",
        NO_CONTROLS_FIX,
    );
    assert!(!out.stderr.contains('\u{202e}'));
}

#[test]
fn bank_id_must_be_lowercase() {
    let out = refused("bank-id-uppercase.json");
    // line 2 `  "id": "Mini",`: value at 9.
    has_problem(
        &out,
        "bank-id-uppercase.json",
        "2:9",
        "error",
        "id",
        "bank id `Mini` has characters other than a-z, 0-9 and -",
        "use lowercase letters, digits and dashes, e.g. `my-bank`",
    );
}

#[test]
fn item_id_must_not_contain_a_dot() {
    let out = refused("item-id-with-dot.json");
    has_problem(
        &out,
        "item-id-with-dot.json",
        "18:13",
        "error",
        "items[2].id",
        "item id `v.1` may only use letters, digits, - and _",
        "rename it, e.g. `anx-01`; `.` is reserved to join a target and an item",
    );
}

#[test]
fn unknown_item_kind_gets_a_suggestion() {
    let out = refused("unknown-kind.json");
    // line 18: `"kind"` 19–24, `: ` → value at 27.
    has_problem(
        &out,
        "unknown-kind.json",
        "18:27",
        "error",
        "items[2].kind",
        "unknown item kind `likret`",
        "did you mean `likert`? Item kinds are `likert` and `prototype`",
    );
}

#[test]
fn reference_values_must_be_usable() {
    let name = "reference-out-of-range.json";
    let out = refused(name);
    // line 13 `      "reference": { "sd": 0, "alpha": 1.2, "n": 0, …`:
    // `{` at 20, `"sd"` 22–25 → 0 at 28; `"alpha"` 31–37 → 1.2 at 40; `"n"` 45–47 → 0 at 50.
    has_problem(
        &out,
        name,
        "13:28",
        "error",
        "dimensions[0].reference.sd",
        "sd 0 must be above 0",
        "give the reference standard deviation on this bank's scale",
    );
    has_problem(
        &out,
        name,
        "13:40",
        "error",
        "dimensions[0].reference.alpha",
        "alpha 1.2 must be between 0 and 1",
        "give a reliability coefficient such as 0.85",
    );
    has_problem(
        &out,
        name,
        "13:50",
        "error",
        "dimensions[0].reference.n",
        "n is 0",
        "give the sample size, or remove `n`",
    );
    has_count(&out, name, "3 errors", "0 warnings");
}

#[test]
fn likert_and_prototype_items_do_not_mix() {
    let out = refused("mixed-kinds.json");
    // line 15 `  "items": [`: the list starts at col 12.
    has_problem(
        &out,
        "mixed-kinds.json",
        "15:12",
        "error",
        "items",
        "the bank mixes likert and prototype items",
        "put prototype paragraphs in a bank of their own",
    );
}

#[test]
fn validation_reports_every_problem_at_once() {
    let name = "many-errors.json";
    let out = refused(name);
    // Six problems of five kinds; a wrong type in `scale` must not hide the
    // cross-field checks (bank id, duplicate item id).
    has_problem(
        &out,
        name,
        "2:9",
        "error",
        "id",
        "bank id `Mini Bank` has characters other than a-z, 0-9 and -",
        "use lowercase letters, digits and dashes, e.g. `my-bank`",
    );
    // line 10: `"max": "7"`: `"max"` 24–28, value at 31.
    has_problem(
        &out,
        name,
        "10:31",
        "error",
        "scale.max",
        "expected a whole number, found text",
        "write a whole number without quotes, e.g. 7",
    );
    has_problem(
        &out,
        name,
        "12:5",
        "error",
        "dimensions[0]",
        "missing required key `description` in dimensions[0]",
        "add `\"description\"`: text",
    );
    // line 12: `"Anxiety", ` ends at 43, `"descripton"` at 44.
    has_problem(&out, name, "12:44", "error", "dimensions[0].descripton", "unknown key `descripton`", "did you mean `description`? Known keys here: id, label, description, cutoff, max_missing, reference, sum");
    has_problem(
        &out,
        name,
        "18:71",
        "error",
        "items[2].text",
        "text is empty",
        "write the text, or remove the key if it is optional",
    );
    has_problem(
        &out,
        name,
        "19:13",
        "error",
        "items[3].id",
        "item id `a1` is used twice (also items[0])",
        "give every item its own id: answers are matched by id",
    );
    has_count(&out, name, "6 errors", "0 warnings");
    // Listed in document order, as compilers do.
    let lines: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    let positions: Vec<&str> = lines
        .iter()
        .map(|l| {
            l.split(": error")
                .next()
                .unwrap()
                .rsplit_once(".json:")
                .unwrap()
                .1
        })
        .collect();
    assert_eq!(
        positions,
        ["2:9", "10:31", "12:5", "12:44", "18:71", "19:13"]
    );
}

#[test]
fn validate_json_output_is_machine_readable() {
    let out = sb(&[
        "validate",
        "--format",
        "json",
        &format!("{DIR}/many-errors.json"),
        &format!("{DIR}/minimal.json"),
    ])
    .run();
    out.code(65);
    let v = out.json();
    let reports = v.as_array().unwrap();
    assert_eq!(reports.len(), 2);

    let bad = &reports[0];
    assert_eq!(bad["file"], format!("{DIR}/many-errors.json"));
    assert_eq!(bad["ok"], false);
    assert_eq!(bad["bank"], Value::Null);
    assert_eq!(bad["errors"], 6);
    assert_eq!(bad["warnings"], 0);
    let problems = bad["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 6);
    let dup = problems
        .iter()
        .find(|p| p["path"] == "items[3].id")
        .expect("the duplicate id is reported");
    assert_eq!(dup["severity"], "error");
    assert_eq!(dup["line"], 19);
    assert_eq!(dup["column"], 13);
    assert_eq!(dup["message"], "item id `a1` is used twice (also items[0])");
    assert_eq!(
        dup["help"],
        "give every item its own id: answers are matched by id"
    );

    let good = &reports[1];
    assert_eq!(good["ok"], true);
    assert_eq!(good["problems"], serde_json::json!([]));
    assert_eq!(
        good["bank"],
        serde_json::json!({"id": "mini", "title": "Minimal test bank", "questions": 4})
    );
}

#[test]
fn files_over_five_mib_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let limit = 5 * 1024 * 1024; // 5 MiB = 5,242,880 bytes
    assert_eq!(securebase::fs::MAX_FILE_BYTES, limit);
    let minimal = std::fs::read_to_string(fixture("banks/minimal.json")).unwrap();

    // Exactly at the limit: a valid bank padded with trailing spaces is read.
    let at = dir.path().join("at-limit.json");
    let pad = limit as usize - minimal.len();
    std::fs::write(&at, format!("{minimal}{}", " ".repeat(pad))).unwrap();
    sb(&["validate", at.to_str().unwrap()]).run().code(0);

    // One byte more is refused, with the limit (counted while reading,
    // not taken from the file system: see the hardening tests).
    let big = dir.path().join("big.json");
    std::fs::write(&big, format!("{minimal}{}", " ".repeat(pad + 1))).unwrap();
    let out = sb(&["validate", big.to_str().unwrap()]).run();
    out.code(65).stderr_has(&[&format!(
        "{}: more than 5 MiB (5242880 bytes); larger files are refused",
        big.display()
    )]);
}

#[test]
fn a_missing_file_exits_66_naming_it() {
    let out = sb(&["validate", &format!("{DIR}/no-such-file.json")]).run();
    out.code(66).stderr_has(&[&format!(
        "{DIR}/no-such-file.json: cannot read: No such file or directory"
    )]);
}

// ---- the user directory ----------------------------------------------------

fn minimal_with_id(id: &str) -> String {
    let text = std::fs::read_to_string(fixture("banks/minimal.json")).unwrap();
    assert!(text.contains("\"id\": \"mini\""));
    text.replacen("\"id\": \"mini\"", &format!("\"id\": \"{id}\""), 1)
}

#[test]
fn a_bank_in_the_user_directory_is_listed_and_shown() {
    let run =
        sb(&["list", "--format", "json"]).data_file("questionnaires/x.json", &minimal_with_id("x"));
    let path = run.data_dir().join("questionnaires/x.json");
    let out = run.run();
    out.code(0);
    let list = out.json();
    let x = list
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == "x")
        .expect("the user bank is listed");
    assert_eq!(x["origin"], path.display().to_string());
    assert_eq!(x["questions"], 4);

    let run = sb(&["show", "x"]).data_file("questionnaires/x.json", &minimal_with_id("x"));
    let path = run.data_dir().join("questionnaires/x.json");
    let out = run.run();
    out.code(0).stdout_has(&[
        "Minimal test bank",
        &format!("From:         {}", path.display()),
    ]);
}

#[test]
fn a_user_bank_may_not_take_a_built_in_id() {
    let run = sb(&["list"]).data_file("questionnaires/mine.json", &minimal_with_id("sb-short"));
    let path = run.data_dir().join("questionnaires/mine.json");
    let out = run.run();
    out.code(65).stderr_has(&[&format!(
        "securebase: error: {}: defines the bank id `sb-short`, which is a built-in questionnaire's id; give it another id, or pass the file by path to use it anyway",
        path.display()
    )]);

    // Given by path, the same file (still in the user directory) is used.
    let run = sb(&["show", "--format", "json"])
        .data_file("questionnaires/mine.json", &minimal_with_id("sb-short"));
    let path = run.data_dir().join("questionnaires/mine.json");
    let out = run.arg(&path).run();
    out.code(0);
    let shown = out.json();
    assert_eq!(shown["id"], "sb-short");
    assert_eq!(shown["title"], "Minimal test bank");
    assert_eq!(shown["origin"], path.display().to_string());
}

#[test]
fn an_invalid_user_bank_stops_list_with_its_problems() {
    let bad = std::fs::read_to_string(fixture("banks/duplicate-item-id.json")).unwrap();
    let run = sb(&["list"]).data_file("questionnaires/bad.json", &bad);
    let path = run.data_dir().join("questionnaires/bad.json");
    let out = run.run();
    out.code(65).stderr_has(&[
        &format!(
            "{}:19:13: error: item id `a1` is used twice",
            path.display()
        ),
        "1 error, 0 warnings",
    ]);
}

#[test]
fn show_unknown_bank_lists_the_available_ids() {
    let out = sb(&["show", "no-such-bank"]).run();
    out.code(66).stderr_has(&[
        "no questionnaire called `no-such-bank`; available: sb-short, sb-core, sb-styles, sb-relationships",
        "securebase list",
    ]);
}

// ---- list and show ---------------------------------------------------------

#[test]
fn list_json_has_the_four_built_in_banks() {
    let out = sb(&["list", "--format", "json"]).run();
    out.code(0);
    let v = out.json();
    let got: Vec<(&str, u64, bool, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["id"].as_str().unwrap(),
                b["questions"].as_u64().unwrap(),
                b["validated"].as_bool().unwrap(),
                b["origin"].as_str().unwrap(),
            )
        })
        .collect();
    // sb-core: 18 + 18 + 8 = 44 items; sb-styles: 4 paragraphs + 1 forced
    // choice = 5; sb-relationships: 9 items × 4 targets = 36.
    assert_eq!(
        got,
        [
            ("sb-short", 12, false, "built-in"),
            ("sb-core", 44, false, "built-in"),
            ("sb-styles", 5, false, "built-in"),
            ("sb-relationships", 36, false, "built-in"),
        ]
    );
    assert_eq!(
        v[3]["targets"],
        serde_json::json!(["mother", "father", "partner", "friend"])
    );
    assert_eq!(
        v[1]["dimensions"],
        serde_json::json!(["anxiety", "avoidance", "disorganization"])
    );
}

#[test]
fn list_table_names_every_bank() {
    let out = sb(&["list"]).run();
    out.code(0).stdout_has(&[
        "sb-short",
        "sb-core",
        "sb-styles",
        "sb-relationships",
        "not validated",
    ]);
    assert!(!out.stdout.contains('\u{1b}'), "NO_COLOR=1: no escapes");
}

#[test]
fn show_core_as_json() {
    let out = sb(&["show", "sb-core", "--format", "json"]).run();
    out.code(0);
    let v = out.json();
    assert_eq!(v["id"], "sb-core");
    assert_eq!(v["validated"], false);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 44);
    let dims: Vec<&str> = v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(dims, ["anxiety", "avoidance", "disorganization"]);
    let reversed = |dim: &str| {
        items
            .iter()
            .filter(|i| i["dimension"] == dim && i["reverse"] == true)
            .count()
    };
    assert!(reversed("anxiety") > 0 && reversed("avoidance") > 0);
    assert!(items.iter().all(|i| i["kind"] == "likert"));
}

#[test]
fn show_short_as_a_table() {
    let out = sb(&["show", "sb-short"]).run();
    out.code(0).stdout_has(&[
        "Status:       not validated",
        "From:         built-in",
        "Scale 1–7:",
    ]);
    // Every label and every item id, read from the bank file itself.
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("questionnaires/sb-short.json")).unwrap(),
    )
    .unwrap();
    for (point, label) in file["scale"]["labels"].as_object().unwrap() {
        out.stdout_has(&[&format!("{point} = {}", label.as_str().unwrap())]);
    }
    let ids: Vec<&str> = file["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 12);
    for id in ids {
        out.stdout_has(&[&format!("│ {id} ")]);
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // Like `securebase list | head -0`: the reader is gone before the first
    // write, so every write fails with EPIPE.
    for args in [&["list"][..], &["show", "sb-core"]] {
        let out = sb_closed_stdout(args);
        assert_eq!(out.code, 0, "{args:?}");
        assert!(out.stderr.is_empty(), "{}", out.stderr);
    }
}

// ---- the built-in banks ----------------------------------------------------

#[test]
fn every_built_in_bank_validates_without_warnings() {
    // Every sb-*.json in questionnaires/ is a built-in bank, and vice versa.
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("questionnaires"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("sb-"))
        .collect();
    on_disk.sort();
    let mut builtin: Vec<String> = bank::BUILTIN
        .iter()
        .map(|(id, _)| format!("{id}.json"))
        .collect();
    builtin.sort();
    assert_eq!(on_disk, builtin);

    let files: Vec<String> = builtin
        .iter()
        .map(|f| format!("questionnaires/{f}"))
        .collect();
    let mut args = vec!["validate"];
    args.extend(files.iter().map(String::as_str));
    let out = sb(&args).run();
    out.code(0);
    assert_eq!(out.stderr, "", "no warnings");
    for f in &files {
        out.stdout_has(&[&format!("{f}: ok: ")]);
    }
}

fn builtin(id: &str) -> bank::Bank {
    let loaded = bank::Catalog::builtin(id).unwrap();
    assert!(loaded.warnings.problems.is_empty(), "{}", loaded.warnings);
    loaded.bank
}

/// (items, reversed) per dimension.
fn keying(b: &bank::Bank, dim: &str) -> (usize, usize) {
    let n = b.items_of(dim).count();
    let rev = b
        .items_of(dim)
        .filter(|i| matches!(i.kind, ItemKind::Likert { reverse: true, .. }))
        .count();
    (n, rev)
}

/// Every built-in bank says it is not validated and claims no percentiles:
/// its reference values are labelled assumed and carry no mean.
fn honest(b: &bank::Bank) {
    assert!(!b.validated, "{}", b.id);
    assert!(
        b.notes.contains("not been validated"),
        "{}: {}",
        b.id,
        b.notes
    );
    assert!(b.notes.contains("not a diagnosis"), "{}: {}", b.id, b.notes);
    for d in &b.dimensions {
        let r = d
            .reference
            .as_ref()
            .unwrap_or_else(|| panic!("{}.{} has reference values", b.id, d.id));
        assert!(r.assumed && r.mean.is_none(), "{}.{}", b.id, d.id);
    }
}

#[test]
fn sb_short_content() {
    let b = builtin("sb-short");
    honest(&b);
    assert_eq!((b.scale.min, b.scale.max), (1, 7));
    assert_eq!(b.items.len(), 12);
    for dim in ["anxiety", "avoidance"] {
        let (n, rev) = keying(&b, dim);
        assert_eq!(n, 6, "{dim}");
        assert!(rev >= 2, "{dim}: {rev} reversed");
    }
}

#[test]
fn sb_core_content() {
    let b = builtin("sb-core");
    honest(&b);
    assert_eq!(b.items.len(), 44);
    for dim in ["anxiety", "avoidance"] {
        let (n, rev) = keying(&b, dim);
        assert_eq!(n, 18, "{dim}");
        assert!(rev > 0 && rev < n, "{dim}: {rev} reversed");
    }
    assert_eq!(keying(&b, "disorganization").0, 8);
}

#[test]
fn sb_styles_content() {
    let b = builtin("sb-styles");
    honest(&b);
    let styles: BTreeSet<Prototype> = b
        .items
        .iter()
        .map(|i| match i.kind {
            ItemKind::Prototype { style } => style,
            ItemKind::Likert { .. } => panic!("{} is not a paragraph", i.id),
        })
        .collect();
    assert_eq!(b.items.len(), 4);
    assert_eq!(styles, Prototype::ALL.into_iter().collect());
    assert!(b.forced_choice.is_some());
    assert_eq!((b.scale.min, b.scale.max), (1, 7));
}

#[test]
fn sb_relationships_content() {
    let b = builtin("sb-relationships");
    honest(&b);
    assert_eq!(b.items.len(), 9);
    assert_eq!(keying(&b, "avoidance").0, 6);
    assert_eq!(keying(&b, "anxiety").0, 3);
    let targets: Vec<&str> = b.targets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(targets, ["mother", "father", "partner", "friend"]);
    assert!(b.targets.iter().all(|t| t.allow_not_applicable));
    assert_eq!(b.question_count(), 36);
}

// ---- the schema --------------------------------------------------------------

fn property_names(schema: &Value, pointer: &str) -> BTreeSet<String> {
    let obj = schema
        .pointer(pointer)
        .unwrap_or_else(|| panic!("schema has {pointer}"));
    assert_eq!(
        obj["additionalProperties"], false,
        "{pointer}: unknown keys are errors"
    );
    let props: BTreeSet<String> = obj["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    for r in obj["required"].as_array().into_iter().flatten() {
        assert!(
            props.contains(r.as_str().unwrap()),
            "{pointer}: required {r} is a property"
        );
    }
    props
}

fn keys(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|k| (*k).to_string()).collect()
}

#[test]
fn schema_properties_match_the_parser() {
    let text = std::fs::read_to_string(root().join("questionnaires/schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    for (pointer, list) in [
        ("", bank::TOP_KEYS),
        ("/$defs/scale", bank::SCALE_KEYS),
        ("/$defs/dimension", bank::DIMENSION_KEYS),
        ("/$defs/reference", bank::REFERENCE_KEYS),
        ("/$defs/target", bank::TARGET_KEYS),
        ("/$defs/item", bank::ITEM_KEYS),
        ("/$defs/forced_choice", bank::FORCED_CHOICE_KEYS),
        ("/$defs/percentiles", bank::PERCENTILES_KEYS),
        ("/$defs/provenance", bank::PROVENANCE_KEYS),
        ("/$defs/category_rule", bank::CATEGORY_RULE_KEYS),
    ] {
        assert_eq!(property_names(&schema, pointer), keys(list), "{pointer:?}");
    }
}

#[test]
fn built_in_banks_point_at_the_schema() {
    for (id, _) in bank::BUILTIN {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("questionnaires/{id}.json")),
        )
        .unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["$schema"], "./schema.json", "{id}");
    }
}

// ---- generated docs ------------------------------------------------------------

#[test]
fn completions_and_man_page_come_from_the_binary() {
    // Completion is dynamic: the script the shell sources calls the binary.
    let out = sb(&["completions", "bash"]).run();
    out.code(0).stdout_has(&["securebase", "COMPLETE="]);
    let out = sb(&["man"]).run();
    out.code(0).stdout_has(&[".TH SECUREBASE", "validate"]);
}

#[test]
fn tables_fall_back_to_ascii_when_the_locale_is_not_utf8() {
    let out = sb(&["list"]).env("LC_ALL", "C").run();
    out.code(0);
    // Borders are ASCII (the titles' own text may not be).
    let box_drawing = |c: char| ('\u{2500}'..='\u{257F}').contains(&c);
    assert!(!out.stdout.chars().any(box_drawing), "{}", out.stdout);
    out.stdout_has(&["| sb-short ", "+------"]);
}

#[test]
fn compare_warns_when_the_bank_version_changed() {
    // before.json was scored with sb-short 1.0.0; 2.0.0 reworded statements
    // and changed their keying, so the two scores are not on the same footing.
    let dir = tempfile::tempdir().unwrap();
    let after = dir.path().join("after-v2.json");
    let out = sb(&["score", "--format", "json", "examples/sb-short.json"]).run();
    out.code(0);
    assert_eq!(out.json()["bank"]["version"], "2.0.0");
    std::fs::write(&after, &out.stdout).unwrap();
    let before = fixture("results/before.json");
    let out = sb(&["compare", before.to_str().unwrap(), after.to_str().unwrap()]).run();
    out.code(0);
    // The warning is one paragraph, wrapped to the width: read it unwrapped.
    let text = out.stdout.replace('\n', " ");
    assert!(
        text.contains("different versions of sb-short (1.0.0 → 2.0.0)"),
        "no version warning:\n{}",
        out.stdout
    );
}

#[test]
fn built_in_banks_balance_their_keying_per_dimension() {
    // Paulhus (1991): as many statements worded each way, so agreeing with
    // everything leaves a score where it was (an odd count differs by one).
    for id in ["sb-short", "sb-core", "sb-relationships"] {
        let b = bank::Catalog::builtin(id).unwrap().bank;
        for d in &b.dimensions {
            let (mut forward, mut reversed) = (0i32, 0i32);
            for item in b.items_of(&d.id) {
                match item.kind {
                    ItemKind::Likert { reverse: true, .. } => reversed += 1,
                    _ => forward += 1,
                }
            }
            assert!(
                (forward - reversed).abs() <= 1,
                "{id} {}: {forward} forward, {reversed} reversed",
                d.id
            );
        }
    }
}
