//! Reading answer files (JSON, JSON Lines, CSV) through the library API:
//! real fixture files in tests/fixtures/answers/, checked answer sets or
//! exact error messages out.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use securebase::answers::{self, Answer, AnswerError, AnswerSet, ErrorKind, Format, Source};
use securebase::bank::{Bank, Catalog};

const DIR: &str = "tests/fixtures/answers";

fn bank(id: &str) -> Bank {
    Catalog::builtin(id).expect("built-in bank").bank
}

fn fixture(name: &str) -> PathBuf {
    Path::new(DIR).join(name)
}

/// Reads a fixture the way `score` will: format from the extension, the
/// path as given in messages.
fn read_fixture(bank: &Bank, name: &str) -> Vec<Result<AnswerSet, AnswerError>> {
    let path = fixture(name);
    let source = Source::from_path(&path).expect("known extension");
    let file = std::fs::File::open(&path).expect("fixture exists");
    source.read(bank, file).collect()
}

fn read_text(
    bank: &Bank,
    name: &str,
    format: Format,
    text: &str,
) -> Vec<Result<AnswerSet, AnswerError>> {
    answers::read(bank, name, format, Cursor::new(text.as_bytes().to_vec())).collect()
}

fn ok(items: Vec<Result<AnswerSet, AnswerError>>) -> Vec<AnswerSet> {
    items
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("unexpected error: {e}")))
        .collect()
}

fn only_err(mut items: Vec<Result<AnswerSet, AnswerError>>) -> AnswerError {
    assert_eq!(items.len(), 1, "one item expected");
    items.remove(0).expect_err("an error expected")
}

/// Ratings (0 = missing) to answers.
fn ratings(r: &[i64]) -> Vec<Answer> {
    r.iter()
        .map(|&v| {
            if v == 0 {
                Answer::Missing
            } else {
                Answer::Rating(v)
            }
        })
        .collect()
}

fn path_of(name: &str) -> String {
    fixture(name).display().to_string()
}

// sb-short asks anx-01, avo-01, anx-02, avo-02, …, anx-06, avo-06.
const P01: [i64; 12] = [5, 2, 6, 1, 4, 3, 7, 2, 5, 1, 6, 6];
const P02: [i64; 12] = [3, 3, 3, 0, 3, 3, 3, 3, 3, 3, 3, 3];
const P03: [i64; 12] = [1, 7, 1, 7, 1, 7, 1, 7, 1, 7, 1, 7];

// ---------------------------------------------------------------- happy paths

#[test]
fn json_file_gives_one_checked_answer_set() {
    let b = bank("sb-short");
    let sets = ok(read_fixture(&b, "short.json"));
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].bank, "sb-short");
    assert_eq!(sets[0].respondent.as_deref(), Some("p01"));
    assert_eq!(sets[0].values, ratings(&P01));
    assert!(sets[0].not_applicable.is_empty());
}

#[test]
fn jsonl_gives_one_set_a_line_and_skips_blank_lines() {
    let b = bank("sb-short");
    let sets = ok(read_fixture(&b, "short.jsonl"));
    let ids: Vec<_> = sets.iter().map(|s| s.respondent.as_deref()).collect();
    assert_eq!(ids, [Some("p01"), Some("p02"), Some("p03")]);
    assert_eq!(sets[0].values, ratings(&P01));
    // p02 wrote "avo-02": null.
    assert_eq!(sets[1].values, ratings(&P02));
    assert_eq!(sets[2].values, ratings(&P03));
}

#[test]
fn csv_gives_one_set_a_row_and_empty_cells_are_missing() {
    let b = bank("sb-short");
    let sets = ok(read_fixture(&b, "short.csv"));
    assert_eq!(sets.len(), 3);
    assert_eq!(sets[0].respondent.as_deref(), Some("p01"));
    assert_eq!(sets[0].values, ratings(&P01));
    // p02's avo-02 cell is empty.
    assert_eq!(sets[1].values[3], Answer::Missing);
    assert_eq!(sets[1].values, ratings(&P02));
    assert_eq!(sets[2].values, ratings(&P03));
}

#[test]
fn csv_columns_are_matched_by_name_not_position() {
    let b = bank("sb-short");
    // Same people, columns shuffled and the respondent column last.
    let shuffled = ok(read_fixture(&b, "reordered.csv"));
    let plain = ok(read_fixture(&b, "short.csv"));
    assert_eq!(shuffled, plain);
}

#[test]
fn csv_without_respondent_column_reads_anonymous_rows() {
    let b = bank("sb-short");
    let sets = ok(read_fixture(&b, "no-respondent.csv"));
    assert_eq!(sets.len(), 3);
    assert!(sets.iter().all(|s| s.respondent.is_none()));
    assert_eq!(sets[2].values, ratings(&P03));
}

#[test]
fn every_format_reads_the_same_answers() {
    let b = bank("sb-short");
    let json = ok(read_fixture(&b, "short.json"));
    let jsonl = ok(read_fixture(&b, "short.jsonl"));
    let csv = ok(read_fixture(&b, "short.csv"));
    assert_eq!(json[0], jsonl[0]);
    assert_eq!(jsonl, csv);
}

/// sb-relationships: 9 items (avo-01..06, anx-01..03) per target, targets
/// mother, father, partner, friend: 36 slots.
fn relationships_r01() -> Vec<Answer> {
    let mother = [2, 3, 6, 1, 2, 3, 4, 5, 4];
    let father = [5, 0, 2, 6, 5, 7, 2, 2, 0];
    let mut v = ratings(&mother);
    v.extend(ratings(&father));
    v.extend(ratings(&[0; 18])); // partner (not applicable) and friend: missing
    v
}

#[test]
fn relationships_json_marks_a_target_not_applicable() {
    let b = bank("sb-relationships");
    let sets = ok(read_fixture(&b, "relationships.json"));
    assert_eq!(sets[0].values, relationships_r01());
    // Targets in bank order: mother, father, partner, friend.
    assert_eq!(sets[0].not_applicable, [false, false, true, false]);
}

#[test]
fn relationships_csv_marks_a_target_not_applicable_in_its_own_column() {
    let b = bank("sb-relationships");
    let sets = ok(read_fixture(&b, "relationships.csv"));
    assert_eq!(sets.len(), 2);
    assert_eq!(sets[0].values, relationships_r01());
    assert_eq!(sets[0].not_applicable, [false, false, true, false]);
    // r02: mother all 4, the rest left empty; the partner cell is empty = applies.
    let mut r02 = ratings(&[4; 9]);
    r02.extend(ratings(&[0; 27]));
    assert_eq!(sets[1].values, r02);
    assert_eq!(sets[1].not_applicable, [false; 4]);
}

#[test]
fn styles_forced_choice_reads_as_the_chosen_paragraph() {
    let b = bank("sb-styles");
    // Slots: proto-secure, proto-anxious, proto-avoidant, proto-fearful, best-fit.
    let json = ok(read_fixture(&b, "styles.json"));
    let mut expected = ratings(&[3, 6, 2, 6]);
    expected.push(Answer::Choice("proto-anxious".into()));
    assert_eq!(json[0].values, expected);

    let csv = ok(read_fixture(&b, "styles.csv"));
    assert_eq!(csv[0], json[0]);
    // s02 left best-fit empty.
    let mut s02 = ratings(&[7, 1, 1, 1]);
    s02.push(Answer::Missing);
    assert_eq!(csv[1].values, s02);
}

#[test]
fn a_saved_result_is_an_answer_file() {
    let b = bank("sb-short");
    let sets = ok(read_fixture(&b, "result-short.json"));
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].respondent.as_deref(), Some("p01"));
    // As P01 but avo-02 saved as null.
    assert_eq!(
        sets[0].values,
        ratings(&[5, 2, 6, 0, 4, 3, 7, 2, 5, 1, 6, 6])
    );
    assert_eq!(sets[0].timings.get("anx-01"), Some(&2.5));
    assert_eq!(sets[0].timings.get("avo-01"), Some(&4.0));
    assert_eq!(sets[0].timings.len(), 2);
}

#[test]
fn json_templates_read_back_as_all_missing() {
    for id in ["sb-short", "sb-core", "sb-relationships", "sb-styles"] {
        let b = bank(id);
        for format in [Format::Json, Format::Jsonl] {
            let t = answers::template(&b, format);
            let sets = ok(read_text(&b, "template", format, &t));
            assert_eq!(sets.len(), 1, "{id} {format:?}");
            assert_eq!(sets[0], AnswerSet::empty(&b), "{id} {format:?}");
        }
    }
}

#[test]
fn json_template_lists_every_key_in_asking_order() {
    let b = bank("sb-short");
    let t = answers::template(&b, Format::Json);
    assert!(t.starts_with("{\n  \"bank\": \"sb-short\",\n  \"respondent\": \"\",\n  \"answers\": {\n    \"anx-01\": null,\n    \"avo-01\": null,\n"));
    assert!(t.ends_with("    \"avo-06\": null\n  }\n}\n"));
    assert_eq!(t.matches(": null").count(), 12);
}

#[test]
fn csv_template_header_has_every_key() {
    let b = bank("sb-short");
    let t = answers::template(&b, Format::Csv);
    assert_eq!(t, format!("respondent,{}\n", b.answer_keys().join(",")));

    // On a target bank each relationship's id column comes before its items.
    let r = bank("sb-relationships");
    let t = answers::template(&r, Format::Csv);
    let cols: Vec<&str> = t.trim_end().split(',').collect();
    assert_eq!(cols.len(), 1 + 4 + 36);
    assert_eq!(&cols[..3], ["respondent", "mother", "mother.avo-01"]);
    for key in r.answer_keys() {
        assert!(cols.contains(&key.as_str()), "{key}");
    }
    // The header alone is a valid file with nobody in it.
    assert!(ok(read_text(&r, "t.csv", Format::Csv, &t)).is_empty());

    let s = bank("sb-styles");
    assert_eq!(
        answers::template(&s, Format::Csv),
        "respondent,proto-secure,proto-anxious,proto-avoidant,proto-fearful,best-fit\n"
    );
}

#[test]
fn format_comes_from_the_extension_in_any_case() {
    assert_eq!(Format::from_path(Path::new("a.json")), Some(Format::Json));
    assert_eq!(Format::from_path(Path::new("a.JSONL")), Some(Format::Jsonl));
    assert_eq!(
        Format::from_path(Path::new("d/a.ndjson")),
        Some(Format::Jsonl)
    );
    assert_eq!(Format::from_path(Path::new("a.Csv")), Some(Format::Csv));
    assert_eq!(Format::from_path(Path::new("a.txt")), None);
    assert_eq!(Format::from_path(Path::new("csv")), None);
    assert_eq!(Source::stdin(Format::Csv).name, "<stdin>");
}

// ---------------------------------------------------------------- errors

#[test]
fn value_outside_the_scale_names_file_line_respondent_item_value_and_scale() {
    let b = bank("sb-short");
    let e = only_err(read_fixture(&b, "out-of-scale.json"));
    assert_eq!(e.kind, ErrorKind::OutOfScale);
    // "anx-02": 9 is on line 7; the value starts at column 15.
    assert_eq!(
        e.to_string(),
        format!(
            "{}:line 7, column 15: respondent p01: item anx-02: value 9: outside the answer scale of sb-short (1 to 7); fix: give a whole number from 1 to 7, or null for a missing answer",
            path_of("out-of-scale.json")
        )
    );
    // Mapped into the crate's error, it is invalid data (exit 65).
    let err: securebase::Error = e.into();
    assert_eq!(err.exit_code(), 65);
}

#[test]
fn a_fraction_is_not_a_rating() {
    let b = bank("sb-short");
    let e = only_err(read_fixture(&b, "fraction.json"));
    assert_eq!(e.kind, ErrorKind::NotInteger);
    assert_eq!(
        e.to_string(),
        format!(
            "{}:line 8, column 15: respondent p01: item avo-02: value 4.5: not a whole number; fix: give a whole number from 1 to 7, or null for a missing answer",
            path_of("fraction.json")
        )
    );
}

#[test]
fn a_number_in_quotes_in_json_says_to_drop_the_quotes() {
    let b = bank("sb-short");
    let e = only_err(read_fixture(&b, "string-number.json"));
    assert_eq!(e.kind, ErrorKind::NumberAsText);
    assert_eq!(
        e.to_string(),
        format!(
            "{}:line 9, column 15: respondent p01: item anx-03: value \"5\": a rating written as text; fix: write 5 without quotes",
            path_of("string-number.json")
        )
    );
}

#[test]
fn an_unknown_item_suggests_the_closest_key() {
    let b = bank("sb-short");
    let e = only_err(read_fixture(&b, "unknown-item.json"));
    assert_eq!(e.kind, ErrorKind::UnknownKey);
    assert_eq!(
        e.to_string(),
        format!(
            "{}:line 5, column 5: respondent p01: item anx-1: not a question of sb-short; fix: did you mean `anx-01`? (`securebase show sb-short` lists them)",
            path_of("unknown-item.json")
        )
    );
}

#[test]
fn a_bare_item_id_on_a_target_bank_names_the_per_target_keys() {
    let b = bank("sb-relationships");
    let text = r#"{"bank": "sb-relationships", "answers": {"anx-01": 3}}"#;
    let e = only_err(read_text(&b, "r.json", Format::Json, text));
    assert_eq!(
        e.to_string(),
        "r.json:line 1, column 42: item anx-01: not a question of sb-relationships; fix: sb-relationships asks each item once per relationship: name the key mother.anx-01, father.anx-01, partner.anx-01, friend.anx-01"
    );
}

#[test]
fn a_repeated_respondent_in_jsonl_is_refused_and_the_stream_goes_on() {
    let b = bank("sb-short");
    let items = read_fixture(&b, "duplicate.jsonl");
    assert_eq!(items.len(), 3);
    assert!(items[0].is_ok() && items[1].is_ok());
    let e = items[2].clone().unwrap_err();
    assert_eq!(e.kind, ErrorKind::DuplicateRespondent);
    assert!(!e.fatal);
    // Line 3 repeats p01 of line 1; `"respondent": "p01"` puts the value at column 36.
    assert_eq!(
        e.to_string(),
        format!(
            "{}:line 3, column 36: respondent p01: duplicate respondent id (already used earlier in this run: in this file or one read before it); fix: give every person their own respondent id, or remove the repeated answers",
            path_of("duplicate.jsonl")
        )
    );
}

#[test]
fn a_repeated_respondent_in_csv_is_refused() {
    let b = bank("sb-short");
    let items = read_fixture(&b, "duplicate.csv");
    assert_eq!(items.len(), 3);
    let e = items[2].clone().unwrap_err();
    // Header on line 1, p01 on line 2, p02 on line 3, p01 again on line 4.
    assert_eq!(
        e.to_string(),
        format!(
            "{}:line 4: respondent p01: duplicate respondent id (already used earlier in this run: in this file or one read before it); fix: give every person their own respondent id, or remove the repeated row",
            path_of("duplicate.csv")
        )
    );
}

#[test]
fn answers_for_another_bank_name_both_banks() {
    let b = bank("sb-short");
    let e = only_err(read_fixture(&b, "bank-mismatch.json"));
    assert_eq!(e.kind, ErrorKind::BankMismatch);
    assert_eq!(
        e.to_string(),
        format!(
            "{}:line 2, column 11: respondent p01: value \"sb-core\": these answers are for bank `sb-core`, but are being read with bank `sb-short`; fix: score them with --bank sb-core, or correct the file's \"bank\" if it is wrong",
            path_of("bank-mismatch.json")
        )
    );
}

#[test]
fn a_ragged_csv_row_is_named_and_the_next_row_is_still_read() {
    let b = bank("sb-short");
    let items = read_fixture(&b, "ragged.csv");
    assert_eq!(items.len(), 3);
    let e = items[1].clone().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Ragged);
    // Row p02 (line 3) is "p02,3,3,3": 4 cells against 13 header columns.
    assert_eq!(
        e.to_string(),
        format!(
            "{}:line 3: respondent p02: this row has 4 cells, the header has 13; fix: give every row one cell per column; leave a cell empty (,,) for a missing answer",
            path_of("ragged.csv")
        )
    );
    assert_eq!(items[2].as_ref().unwrap().values, ratings(&P03));
}

#[test]
fn malformed_json_gives_line_and_column_and_ends_the_stream() {
    let b = bank("sb-short");
    let e = only_err(read_fixture(&b, "malformed.json"));
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert!(e.fatal);
    // Line 5 lacks its comma; the parser notices at the quote opening line 6.
    assert_eq!(
        e.to_string(),
        format!(
            "{}:line 6, column 5: malformed JSON: expected `,` or `}}`; fix: correct the JSON at this place (a missing comma, quote or bracket is the usual cause)",
            path_of("malformed.json")
        )
    );
}

#[test]
fn malformed_jsonl_line_is_an_error_for_that_line_only() {
    let b = bank("sb-short");
    let text = "{\"bank\": \"sb-short\", \"answers\": {\"anx-01\": 5}}\n{\"bank\": \"sb-short\", \"answers\": {\"anx-01\": }}\n{\"bank\": \"sb-short\", \"answers\": {\"anx-01\": 6}}\n";
    let items = read_text(&b, "s.jsonl", Format::Jsonl, text);
    assert_eq!(items.len(), 3);
    let e = items[1].clone().unwrap_err();
    // `{"bank": "sb-short", "answers": {"anx-01": }}`: the `}` where a
    // value belongs is the 44th character.
    assert_eq!(
        e.to_string(),
        "s.jsonl:line 2, column 44: malformed JSON: expected value; fix: correct the JSON at this place (a missing comma, quote or bracket is the usual cause)"
    );
    assert_eq!(items[2].as_ref().unwrap().rating(0), Some(6));
}

#[test]
fn not_applicable_with_ratings_for_the_same_target_is_a_conflict() {
    let b = bank("sb-relationships");
    let e = only_err(read_fixture(&b, "na-conflict.json"));
    assert_eq!(e.kind, ErrorKind::NotApplicableConflict);
    // `"partner.anx-02": 6` is line 24, the 6 at column 23.
    assert_eq!(
        e.to_string(),
        format!(
            "{}:line 24, column 23: respondent r01: item partner.anx-02: value 6: rated, but `partner` is marked \"not-applicable\"; fix: either remove the \"not-applicable\" mark of `partner`, or leave its items empty",
            path_of("na-conflict.json")
        )
    );
}

#[test]
fn not_applicable_on_a_target_that_must_be_answered_is_refused() {
    let mut b = bank("sb-relationships");
    // A bank whose partner target may not be skipped.
    b.targets[2].allow_not_applicable = false;
    let e = only_err(read_fixture(&b, "relationships.json"));
    assert_eq!(e.kind, ErrorKind::NotApplicableRefused);
    assert_eq!(
        e.to_string(),
        format!(
            "{}:line 23, column 16: respondent r01: item partner: value \"not-applicable\": `partner` cannot be marked not applicable in sb-relationships; fix: rate the partner items (or leave some missing) instead",
            path_of("relationships.json")
        )
    );
    // The same in CSV, on the row that marks it.
    let items = read_fixture(&b, "relationships.csv");
    let e = items[0].clone().unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotApplicableRefused);
    assert!(e.to_string().starts_with(&format!(
        "{}:line 2: respondent r01: item partner: value \"not-applicable\": ",
        path_of("relationships.csv")
    )));
    assert!(items[1].is_ok());
}

#[test]
fn a_forced_choice_must_name_a_prototype_paragraph() {
    let b = bank("sb-styles");
    let e = only_err(read_fixture(&b, "bad-choice.json"));
    assert_eq!(e.kind, ErrorKind::BadChoice);
    assert_eq!(
        e.to_string(),
        format!(
            "{}:line 9, column 17: respondent s01: item best-fit: value \"proto-anxous\": not one of this bank's paragraphs; fix: did you mean `proto-anxious`? (the paragraph ids: proto-secure, proto-anxious, proto-avoidant, proto-fearful)",
            path_of("bad-choice.json")
        )
    );
    // A rating where the choice belongs is refused too.
    let text = "respondent,proto-secure,proto-anxious,proto-avoidant,proto-fearful,best-fit\ns9,1,2,3,4,4\n";
    let e = only_err(read_text(&b, "s.csv", Format::Csv, text));
    assert_eq!(
        e.to_string(),
        "s.csv:line 2: respondent s9: item best-fit: value 4: not one of this bank's paragraphs; fix: give the id of the paragraph that fits best: proto-secure, proto-anxious, proto-avoidant, proto-fearful"
    );
}

#[test]
fn csv_cell_errors_name_the_cell_and_leave_the_other_rows_readable() {
    let b = bank("sb-styles");
    let head = "respondent,proto-secure,proto-anxious,proto-avoidant,proto-fearful,best-fit\n";
    let text = format!("{head}a,4.5,1,1,1,\nb,5.0,1,1,1,\nc,NA,1,1,1,\nd,8,1,1,1,\ne, 7 ,1,1,1,\n");
    let items = read_text(&b, "s.csv", Format::Csv, &text);
    let msgs: Vec<String> = items
        .iter()
        .map(|r| match r {
            Ok(s) => format!("ok {:?}", s.values[0]),
            Err(e) => e.to_string(),
        })
        .collect();
    assert_eq!(
        msgs,
        [
            "s.csv:line 2: respondent a: item proto-secure: value 4.5: not a whole number; fix: give a whole number from 1 to 7, or leave the cell empty for a missing answer",
            "s.csv:line 3: respondent b: item proto-secure: value 5.0: written with a decimal point; ratings are whole numbers; fix: write 5",
            "s.csv:line 4: respondent c: item proto-secure: value \"NA\": not a rating; fix: give a whole number from 1 to 7, or leave the cell empty for a missing answer (from R: write.csv(..., na = \"\"))",
            "s.csv:line 5: respondent d: item proto-secure: value 8: outside the answer scale of sb-styles (1 to 7); fix: give a whole number from 1 to 7, or leave the cell empty for a missing answer",
            // Spaces around a number are tolerated.
            "ok Rating(7)",
        ]
    );
}

#[test]
fn an_unknown_csv_column_stops_the_file_at_the_header() {
    let b = bank("sb-short");
    let text = "respondent,anx-01,avo-1\np1,1,2\np2,3,4\n";
    let items = read_text(&b, "<stdin>", Format::Csv, text);
    assert_eq!(items.len(), 1, "no row is read with a bad header");
    let e = items[0].clone().unwrap_err();
    assert!(e.fatal);
    assert_eq!(
        e.to_string(),
        "<stdin>:line 1: item avo-1: not a question of sb-short; fix: did you mean `avo-01`? (`securebase show sb-short` lists them)"
    );
}

#[test]
fn an_unknown_top_level_field_is_an_error_unless_the_file_is_a_saved_result() {
    let b = bank("sb-short");
    let text = "{\"bank\": \"sb-short\", \"answer\": {}}";
    let e = only_err(read_text(&b, "a.json", Format::Json, text));
    assert_eq!(e.kind, ErrorKind::Field);
    assert_eq!(
        e.to_string(),
        "a.json:line 1, column 22: \"answer\" is not a field of an answer file; fix: did you mean \"answers\"?"
    );
}

#[test]
fn a_key_given_twice_is_refused() {
    let b = bank("sb-short");
    let text = "{\"bank\": \"sb-short\", \"answers\": {\"anx-01\": 5, \"anx-01\": 2}}";
    let e = only_err(read_text(&b, "a.json", Format::Json, text));
    assert_eq!(e.kind, ErrorKind::Syntax);
    // The second "anx-01" ends at the 54th character.
    assert_eq!(
        e.to_string(),
        "a.json:line 1, column 54: the key \"anx-01\" is given twice; fix: keep one of the two (a JSON reader would silently use the last)"
    );
}

#[test]
fn an_empty_csv_file_says_what_the_header_should_be() {
    let b = bank("sb-styles");
    let e = only_err(read_text(&b, "e.csv", Format::Csv, ""));
    assert_eq!(e.kind, ErrorKind::Empty);
    assert_eq!(
        e.to_string(),
        "e.csv: the file is empty; fix: start with a header row: respondent,proto-secure,proto-anxious,proto-avoidant,proto-fearful,best-fit"
    );
}
