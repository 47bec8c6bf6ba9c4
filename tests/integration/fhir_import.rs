//! `score` on FHIR QuestionnaireResponses: checks against the bank's
//! Questionnaire, errors with the place and the fix, carried scores.

use serde_json::{json, Value};

use crate::fhir::{response_of, BASE};
use crate::support::{fixture, sb, Output};

/// A response to sb-short with `edit` applied, scored.
fn score_edited(edit: impl FnOnce(&mut Value)) -> Output {
    let mut qr = response_of(&fixture("answers/short.json"), &[]);
    edit(&mut qr);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("qr.json");
    std::fs::write(&p, serde_json::to_string_pretty(&qr).unwrap()).unwrap();
    let out = sb(&["score", "--format", "json"]).arg(&p).run();
    drop(dir);
    out
}

#[test]
fn a_carried_score_that_differs_is_warned_about_and_securebase_s_is_kept() {
    let out = score_edited(|qr| {
        let items = qr["item"].as_array_mut().unwrap();
        let last = items.len() - 2;
        items[last]["answer"][0]["valueDecimal"] = json!(4.0);
    });
    out.code(0)
        .stderr_has(&["warning", "score/anxiety = 4", "securebase computes 4.50"]);
    assert_eq!(out.json()["dimensions"][0]["score"], 4.5);
}

#[test]
fn bad_responses_exit_65_with_the_place_and_the_fix() {
    let code9 = score_edited(|qr| qr["item"][0]["answer"][0]["valueCoding"]["code"] = json!("9"));
    code9.code(65).stderr_has(&[
        "qr.json:line ",
        "item anx-01",
        "\"9\"",
        "at item[0].answer[0].valueCoding.code",
        "fix: give a code from \"1\" to \"7\"",
    ]);
    let system = score_edited(|qr| {
        qr["item"][1]["answer"][0]["valueCoding"]["system"] = json!("http://loinc.org");
    });
    system
        .code(65)
        .stderr_has(&["item avo-01", "system", "echo the option's coding"]);
    let integer = score_edited(|qr| qr["item"][1]["answer"][0] = json!({"valueInteger": 3}));
    integer
        .code(65)
        .stderr_has(&["type does not match", "valueInteger"]);
    let unknown = score_edited(|qr| qr["item"][1]["linkId"] = json!("avo-1"));
    unknown
        .code(65)
        .stderr_has(&["not a question of sb-short", "did you mean `avo-01`?"]);
    let nested = score_edited(|qr| {
        let first = qr["item"][0].clone();
        qr["item"][1]["item"] = json!([first]);
        qr["item"].as_array_mut().unwrap().remove(0);
    });
    nested
        .code(65)
        .stderr_has(&["a question with nested items"]);
    let twice = score_edited(|qr| {
        let first = qr["item"][0].clone();
        qr["item"].as_array_mut().unwrap().push(first);
    });
    twice.code(65).stderr_has(&["answered twice"]);
    let version = score_edited(|qr| {
        qr["questionnaire"] = json!(format!("{BASE}/Questionnaire/sb-short|0.9.0"));
    });
    version
        .code(65)
        .stderr_has(&["version 0.9.0 of sb-short", "this is version 2.0.0"]);
    let error = score_edited(|qr| qr["status"] = json!("entered-in-error"));
    error.code(65).stderr_has(&["entered in error"]);
    let modifier = score_edited(|qr| {
        qr["item"][0]["modifierExtension"] =
            json!([{"url": "http://example.org/x", "valueBoolean": true}]);
    });
    modifier.code(65).stderr_has(&["modifier extension"]);
}

#[test]
fn answers_to_a_relationship_marked_as_not_applying_are_refused() {
    let mut qr = response_of(&fixture("answers/relationships.json"), &[]);
    qr["item"][2]["item"].as_array_mut().unwrap().push(json!({"linkId": "partner.avo-05", "answer": [{"valueCoding": {"system": format!("{BASE}/CodeSystem/sb-relationships-answer"), "code": "4"}}]}));
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("qr.json");
    std::fs::write(&p, serde_json::to_string(&qr).unwrap()).unwrap();
    sb(&["score"]).arg(&p).run().code(65).stderr_has(&[
        "item partner.avo-05",
        "partner/not-applicable",
        "disables",
    ]);
    // The same item outside its group is a nesting error, not a silent answer.
    let mut moved = response_of(&fixture("answers/relationships.json"), &[]);
    let item = moved["item"][0]["item"].as_array_mut().unwrap().remove(0);
    moved["item"].as_array_mut().unwrap().push(item);
    std::fs::write(&p, serde_json::to_string(&moved).unwrap()).unwrap();
    sb(&["score"])
        .arg(&p)
        .run()
        .code(65)
        .stderr_has(&["mother.avo-01", "move it into the group `mother`"]);
}

#[test]
fn a_response_is_told_by_its_content_and_needs_a_questionnaire_or_bank() {
    let mut qr = response_of(&fixture("answers/short.json"), &[]);
    qr.as_object_mut().unwrap().remove("questionnaire");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("qr.txt");
    std::fs::write(&p, serde_json::to_string(&qr).unwrap()).unwrap();
    sb(&["score", "--input-format", "fhir"])
        .arg(&p)
        .run()
        .code(2)
        .stderr_has(&["--bank"]);
    let out = sb(&[
        "score",
        "--input-format",
        "fhir",
        "--bank",
        "sb-short",
        "--format",
        "json",
    ])
    .arg(&p)
    .run();
    assert_eq!(out.code(0).json()["dimensions"][1]["score"], 3.5);
    let named = dir.path().join("named.json");
    std::fs::write(
        &named,
        serde_json::to_string(&response_of(&fixture("answers/short.json"), &[])).unwrap(),
    )
    .unwrap();
    sb(&["score", "--bank", "sb-core"])
        .arg(&named)
        .run()
        .code(65)
        .stderr_has(&["answers to the questionnaire `sb-short`", "--bank sb-short"]);
    sb(&["template", "sb-short", "--format", "fhir"])
        .run()
        .code(2)
        .stderr_has(&["export fhir-questionnaire sb-short"]);
}
