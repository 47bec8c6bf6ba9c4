//! `export fhir-questionnaire` and `export fhir-response`: the real binary,
//! real files, exact values (reading responses back: `fhir_import.rs`).
//! (The R4 schema, invariants and FHIRPath evaluation are checked by
//! `scripts/fhir-check`, run by `.ci/run`.)

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::{json, Value};

use crate::support::{fixture, sb};

const BUILTIN: [&str; 4] = ["sb-short", "sb-core", "sb-styles", "sb-relationships"];
pub(crate) const BASE: &str = "https://securebase.invalid/fhir";

pub(crate) fn questionnaire(bank: &str) -> Value {
    sb(&["export", "fhir-questionnaire", bank])
        .run()
        .code(0)
        .json()
}

/// `score FILE --format json` → a result file in `dir`.
pub(crate) fn result_of(answers: &Path, dir: &Path) -> std::path::PathBuf {
    let out = sb(&["score", "--format", "json"]).arg(answers).run();
    out.code(0);
    let p = dir.join("result.json");
    std::fs::write(&p, &out.stdout).unwrap();
    p
}

pub(crate) fn response_of(answers: &Path, extra: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let r = result_of(answers, dir.path());
    let mut run = sb(&["export", "fhir-response"]).arg(&r);
    for a in extra {
        run = run.arg(a);
    }
    run.run().code(0).json()
}

/// Every item of a Questionnaire or response, depth first, with its parent.
fn walk<'a>(
    items: &'a Value,
    parent: Option<&'a str>,
    out: &mut Vec<(&'a Value, Option<&'a str>)>,
) {
    for it in items.as_array().into_iter().flatten() {
        out.push((it, parent));
        walk(&it["item"], it["linkId"].as_str(), out);
    }
}

pub(crate) fn all_items(doc: &Value) -> Vec<(&Value, Option<&str>)> {
    let mut out = Vec::new();
    walk(&doc["item"], None, &mut out);
    out
}

/// A response against its Questionnaire, independently of securebase's
/// reader: every linkId known and nested as in the Questionnaire, given
/// once, answered with the value type of its item and, for a choice, with
/// one of its options' codings (system and code); nothing answered that
/// its enableWhen disables.
pub(crate) fn conformance(qr: &Value, q: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let defs: HashMap<&str, (&Value, Option<&str>)> = all_items(q)
        .into_iter()
        .map(|(it, parent)| (it["linkId"].as_str().unwrap(), (it, parent)))
        .collect();
    let canonical = format!(
        "{}|{}",
        q["url"].as_str().unwrap(),
        q["version"].as_str().unwrap()
    );
    if qr["questionnaire"] != json!(canonical) {
        problems.push(format!("questionnaire {}", qr["questionnaire"]));
    }
    let mut seen = HashSet::new();
    let mut answers: HashMap<&str, &Value> = HashMap::new();
    for (it, parent) in all_items(qr) {
        let link = it["linkId"].as_str().unwrap();
        let Some((def, home)) = defs.get(link) else {
            problems.push(format!("{link}: not in the Questionnaire"));
            continue;
        };
        if *home != parent {
            problems.push(format!("{link}: under {parent:?}, expected {home:?}"));
        }
        if !seen.insert(link) {
            problems.push(format!("{link}: repeated"));
        }
        let Some(list) = it["answer"].as_array() else {
            continue;
        };
        let ty = def["type"].as_str().unwrap();
        let want = match ty {
            "choice" => "valueCoding",
            "boolean" => "valueBoolean",
            "decimal" => "valueDecimal",
            other => {
                problems.push(format!("{link}: a {other} item with an answer"));
                continue;
            }
        };
        if list.len() != 1 {
            problems.push(format!("{link}: {} answers", list.len()));
        }
        for a in list {
            let keys: Vec<&String> = a.as_object().unwrap().keys().collect();
            if keys != [want] {
                problems.push(format!("{link}: {keys:?} on a {ty} item"));
            }
            if ty == "choice" {
                let c = &a["valueCoding"];
                let ok = def["answerOption"].as_array().unwrap().iter().any(|o| {
                    o["valueCoding"]["system"] == c["system"]
                        && o["valueCoding"]["code"] == c["code"]
                });
                if !ok {
                    problems.push(format!("{link}: {c} is not an option"));
                }
            }
            answers.insert(link, a);
        }
    }
    for (link, (def, _)) in &defs {
        for w in def["enableWhen"].as_array().into_iter().flatten() {
            assert_eq!(w["operator"], "!=", "the only operator the export uses");
            let given = answers
                .get(w["question"].as_str().unwrap())
                .map(|a| &a["valueBoolean"]);
            let disabled = given == Some(&w["answerBoolean"]);
            if disabled && answers.contains_key(link) {
                problems.push(format!("{link}: answered while disabled"));
            }
        }
    }
    problems
}

/// The score answers of a response, by linkId.
fn scores_in(qr: &Value) -> Vec<(String, f64)> {
    all_items(qr)
        .into_iter()
        .filter_map(|(it, _)| {
            Some((
                it["linkId"].as_str()?.to_string(),
                it["answer"][0]["valueDecimal"].as_f64()?,
            ))
        })
        .collect()
}

#[test]
fn every_linkid_is_unique_and_every_answer_key_is_a_linkid() {
    for bank in BUILTIN {
        let q = questionnaire(bank);
        let links: Vec<&str> = all_items(&q)
            .iter()
            .map(|(it, _)| it["linkId"].as_str().unwrap())
            .collect();
        let unique: HashSet<&str> = links.iter().copied().collect();
        assert_eq!(
            unique.len(),
            links.len(),
            "{bank}: repeated linkIds in {links:?}"
        );
        let template = sb(&["template", bank]).run().code(0).json();
        for key in template["answers"].as_object().unwrap().keys() {
            let na = format!("{key}/not-applicable");
            assert!(
                unique.contains(key.as_str()) || unique.contains(na.as_str()),
                "{bank}: {key}"
            );
        }
    }
}

#[test]
fn a_questionnaire_carries_the_bank_its_codes_and_weights() {
    let q = questionnaire("sb-short");
    assert_eq!(q["resourceType"], "Questionnaire");
    assert_eq!(q["url"], format!("{BASE}/Questionnaire/sb-short"));
    assert_eq!(q["version"], "2.0.0");
    assert_eq!(q["name"], "SbShort");
    assert_eq!(q["status"], "active");
    assert_eq!(q["publisher"], "securebase");
    assert_eq!(q["copyright"], "CC-BY-4.0 (securebase original items)");
    assert!(q.get("date").is_none(), "no date is made up");
    // anx-02 is reverse-keyed: the code stays the point ticked, the weight is 8 − point.
    let items = all_items(&q);
    let anx02 = items
        .iter()
        .find(|(it, _)| it["linkId"] == "anx-02")
        .unwrap()
        .0;
    assert_eq!(anx02["type"], "choice");
    assert_eq!(
        anx02["code"][0],
        json!({"system": format!("{BASE}/CodeSystem/sb-short-item"), "code": "anx-02"})
    );
    let options = anx02["answerOption"].as_array().unwrap();
    let pairs: Vec<(String, f64)> = options
        .iter()
        .map(|o| {
            (
                o["valueCoding"]["code"].as_str().unwrap().to_string(),
                o["extension"][0]["valueDecimal"].as_f64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, f64)> = (1..=7).map(|p| (p.to_string(), f64::from(8 - p))).collect();
    assert_eq!(pairs, expected);
    assert_eq!(
        options[0]["valueCoding"]["system"],
        format!("{BASE}/CodeSystem/sb-short-answer")
    );
    assert_eq!(options[0]["valueCoding"]["display"], "Strongly disagree");
    assert_eq!(
        options[0]["extension"][0]["url"],
        "http://hl7.org/fhir/StructureDefinition/itemWeight"
    );
    let anx01 = items
        .iter()
        .find(|(it, _)| it["linkId"] == "anx-01")
        .unwrap()
        .0;
    assert_eq!(anx01["answerOption"][6]["extension"][0]["valueDecimal"], 7);
    // One read-only decimal per dimension, guarded against too many missing (1 of 6 allowed).
    let score = items
        .iter()
        .find(|(it, _)| it["linkId"] == "score/anxiety")
        .unwrap()
        .0;
    assert_eq!(score["type"], "decimal");
    assert_eq!(score["readOnly"], true);
    let expr = score["extension"][0]["valueExpression"]["expression"]
        .as_str()
        .unwrap();
    assert!(
        expr.starts_with("iif(%resource.repeat(item).where(linkId in ('anx-01' | 'anx-02' |"),
        "{expr}"
    );
    assert!(expr.contains(".count() >= 5, "), "{expr}");
    assert!(expr.ends_with(".avg(), {}).round(2)"), "{expr}");
}

#[test]
fn item_wording_is_in_for_built_ins_and_out_for_other_banks_unless_asked() {
    let text = "When someone I love is quiet for a while";
    let q = sb(&["export", "fhir-questionnaire", "sb-short"]).run();
    q.code(0).stdout_has(&[text, "about/instructions"]);
    let bare = sb(&["export", "fhir-questionnaire", "sb-short", "--no-item-text"]).run();
    bare.code(0);
    assert!(!bare.stdout.contains(text) && !bare.stdout.contains("about/instructions"));
    // The same bank as a file: not built-in, so keying-only unless --item-text.
    let path = "questionnaires/sb-short.json";
    let file = sb(&["export", "fhir-questionnaire", path]).run();
    file.code(0)
        .stderr_has(&["item wording left out", "--item-text"]);
    assert!(!file.stdout.contains(text));
    assert!(file.json().get("publisher").is_none());
    let asked = sb(&[
        "export",
        "fhir-questionnaire",
        path,
        "--item-text",
        "--publisher",
        "A clinic",
        "--date",
        "2026-03-01",
    ])
    .run();
    asked.code(0).stdout_has(&[text]);
    assert_eq!(asked.json()["publisher"], "A clinic");
    assert_eq!(asked.json()["date"], "2026-03-01");
    sb(&[
        "export",
        "fhir-questionnaire",
        "sb-short",
        "--date",
        "March",
    ])
    .run()
    .code(2)
    .stderr_has(&["--date March"]);
}

#[test]
fn a_response_carries_the_answers_and_the_hand_computed_scores() {
    let qr = response_of(
        &fixture("answers/short.json"),
        &[
            "--subject",
            "Patient/p01",
            "--authored",
            "2026-03-01T09:30:00Z",
        ],
    );
    assert_eq!(qr["resourceType"], "QuestionnaireResponse");
    assert_eq!(qr["status"], "completed");
    assert_eq!(
        qr["questionnaire"],
        format!("{BASE}/Questionnaire/sb-short|2.0.0")
    );
    assert_eq!(qr["subject"], json!({"reference": "Patient/p01"}));
    assert_eq!(qr["authored"], "2026-03-01T09:30:00Z");
    assert_eq!(
        conformance(&qr, &questionnaire("sb-short")),
        Vec::<String>::new()
    );
    assert_eq!(
        qr["item"][2],
        json!({"linkId": "anx-02", "answer": [{"valueCoding": {
        "system": format!("{BASE}/CodeSystem/sb-short-answer"), "code": "6", "display": "Agree"}}]})
    );
    // Bank 2.0.0 keys: anxiety (5 + (8−6) + (8−4) + 7 + (8−5) + 6) / 6 = 4.5;
    // avoidance (2 + (8−1) + 3 + (8−2) + 1 + (8−6)) / 6 = 3.5.
    assert_eq!(
        scores_in(&qr),
        [
            ("score/anxiety".into(), 4.5),
            ("score/avoidance".into(), 3.5)
        ]
    );
}

#[test]
fn a_relationship_response_nests_groups_skips_what_does_not_apply_and_rounds_means() {
    let qr = response_of(&fixture("answers/relationships.json"), &[]);
    assert_eq!(
        conformance(&qr, &questionnaire("sb-relationships")),
        Vec::<String>::new()
    );
    let groups: Vec<&str> = qr["item"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["item"].as_array().map(|_| i["linkId"].as_str().unwrap()))
        .collect();
    // friend has no answers, so no group; partner holds only its "does not apply".
    assert_eq!(groups, ["mother", "father", "partner"]);
    assert_eq!(
        qr["item"][2]["item"],
        json!([{"linkId": "partner/not-applicable", "answer": [{"valueBoolean": true}]}])
    );
    // Bank 2.0.0 keys (avo-01/02/04 and anx-03 reversed):
    // mother: avoidance ((8−2)+(8−3)+6+(8−1)+2+3)/6 = 4.8333, anxiety (4+5+(8−4))/3 = 4.3333;
    // father: avoidance ((8−5)+2+(8−6)+5+7)/5 = 3.8, anxiety withheld (1 of 3 missing, none allowed);
    // overall: avoidance (29/6 + 3.8)/2 = 4.31667, anxiety 13/3.
    assert_eq!(
        scores_in(&qr),
        [
            ("mother/score/avoidance".into(), 4.83),
            ("mother/score/anxiety".into(), 4.33),
            ("father/score/avoidance".into(), 3.8),
            ("score/avoidance".into(), 4.32),
            ("score/anxiety".into(), 4.33),
        ]
    );
}

#[test]
fn every_built_in_response_conforms_and_round_trips_to_the_same_result() {
    let cases = [
        ("sb-short", "answers/short.json"),
        ("sb-relationships", "answers/relationships.json"),
        ("sb-styles", "answers/styles.json"),
    ];
    for (bank, answers) in cases {
        let dir = tempfile::tempdir().unwrap();
        let result = result_of(&fixture(answers), dir.path());
        let before: Value =
            serde_json::from_str(&std::fs::read_to_string(&result).unwrap()).unwrap();
        for bundle in [false, true] {
            let mut run = sb(&["export", "fhir-response", "--subject", "Patient/x1", "-o"])
                .arg(dir.path().join("qr.json"))
                .arg(&result)
                .arg("--force");
            if bundle {
                run = run.arg("--bundle");
            }
            run.run().code(0);
            let doc: Value =
                serde_json::from_str(&std::fs::read_to_string(dir.path().join("qr.json")).unwrap())
                    .unwrap();
            let qr = if bundle {
                doc["entry"][0]["resource"].clone()
            } else {
                doc
            };
            assert_eq!(
                conformance(&qr, &questionnaire(bank)),
                Vec::<String>::new(),
                "{bank}"
            );
            let again = sb(&["score", "--format", "json"])
                .arg(dir.path().join("qr.json"))
                .run();
            let after = again.code(0).json();
            assert_eq!(
                again.stderr, "",
                "no warning: the carried scores are securebase's"
            );
            for key in ["dimensions", "targets", "style", "prototype", "answers"] {
                assert_eq!(
                    after.get(key),
                    before.get(key),
                    "{bank} {key} (bundle: {bundle})"
                );
            }
            assert_eq!(after["respondent"], "Patient/x1");
        }
    }
}

#[test]
fn a_bundle_has_one_observation_per_score_derived_from_the_response() {
    let b = response_of(
        &fixture("answers/relationships.json"),
        &[
            "--bundle",
            "--subject",
            "Patient/r01",
            "--authored",
            "2026-03-01",
        ],
    );
    assert_eq!(b["resourceType"], "Bundle");
    assert_eq!(b["type"], "transaction");
    let entries = b["entry"].as_array().unwrap();
    assert_eq!(entries.len(), 6, "the response and five scores");
    let qr_url = entries[0]["fullUrl"].as_str().unwrap();
    assert!(
        qr_url.starts_with("urn:uuid:") && qr_url.len() == 45,
        "{qr_url}"
    );
    assert_eq!(
        entries[0]["request"],
        json!({"method": "POST", "url": "QuestionnaireResponse"})
    );
    let obs = &entries[3]["resource"];
    assert_eq!(obs["status"], "final");
    assert_eq!(obs["category"][0]["coding"][0]["code"], "survey");
    assert_eq!(
        obs["code"]["coding"][0],
        json!({"system": format!("{BASE}/CodeSystem/sb-relationships-scale"), "code": "father.avoidance", "display": "Attachment avoidance (A father or father-like figure)"})
    );
    assert_eq!(
        obs["valueQuantity"],
        json!({"value": 3.8, "unit": "{score}", "system": "http://unitsofmeasure.org", "code": "{score}"})
    );
    assert_eq!(obs["subject"], json!({"reference": "Patient/r01"}));
    assert_eq!(obs["effectiveDateTime"], "2026-03-01");
    let urls: HashSet<&str> = entries
        .iter()
        .map(|e| e["fullUrl"].as_str().unwrap())
        .collect();
    assert_eq!(urls.len(), 6);
    for e in &entries[1..] {
        assert_eq!(e["resource"]["derivedFrom"], json!([{"reference": qr_url}]));
    }
}

#[test]
fn an_exported_response_file_is_private_and_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let result = result_of(&fixture("answers/short.json"), dir.path());
    let out = dir.path().join("qr.json");
    sb(&["export", "fhir-response", "-o"])
        .arg(&out)
        .arg(&result)
        .run()
        .code(0)
        .stderr_has(&["wrote", "authored"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    sb(&["export", "fhir-response", "-o"])
        .arg(&out)
        .arg(&result)
        .run()
        .code(73)
        .stderr_has(&["--force"]);
    sb(&["export", "fhir-response", "--subject", "patient 1"])
        .arg(&result)
        .run()
        .code(2)
        .stderr_has(&["not a FHIR reference"]);
    sb(&["export", "fhir-response", "--authored", "yesterday"])
        .arg(&result)
        .run()
        .code(2);
}
