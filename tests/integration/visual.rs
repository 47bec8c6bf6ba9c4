//! Seeing a result: the terminal plot, the HTML and Markdown report,
//! `compare` and `history`.

use std::collections::BTreeMap;

use securebase::render::{plot, RenderCtx};
use securebase::scoring::result::{
    BankRef, DimensionScore, Explanation, Level, ResultDoc, Section, Style, StyleId, SCHEMA,
};

/// A dimension on the 1–7 scale with cutoff 4 and, when `sem` is given,
/// the 95% interval score ± 1.96·sem.
fn dim(id: &str, score: f64, sem: Option<f64>) -> DimensionScore {
    let interval = sem.map(|s| [score - 1.96 * s, score + 1.96 * s]);
    DimensionScore {
        id: id.into(),
        label: format!("Attachment {id}"),
        score: Some(score),
        answered: 6,
        items: 6,
        missing: 0,
        reason: None,
        cutoff: 4.0,
        level: Some(securebase::scoring::classify::level(score, 4.0)),
        reliability: None,
        sem,
        interval,
        close_to_cutoff: if (score - 4.0).abs() < 1e-9 {
            Some(true)
        } else {
            interval.map(|[a, b]| a <= 4.0 && 4.0 <= b)
        },
        z: None,
        percentile: None,
        percentile_basis: None,
        percentile_sample: None,
        sum: None,
        reference_assumed: sem.map(|_| true),
        sd: None,
        retest: None,
    }
}

fn scored(anxiety: f64, avoidance: f64, sem: Option<f64>) -> ResultDoc {
    let quadrant = match (anxiety > 4.0, avoidance > 4.0) {
        (false, false) => StyleId::Secure,
        (true, false) => StyleId::Anxious,
        (false, true) => StyleId::Avoidant,
        (true, true) => StyleId::Fearful,
    };
    ResultDoc {
        schema: SCHEMA.into(),
        bank: BankRef {
            id: "sb-short".into(),
            version: "1.0.0".into(),
            title: "securebase short attachment check (12 items)".into(),
            validated: false,
            citation: None,
            provenance: None,
        },
        respondent: Some("p01".into()),
        completed_at: None,
        answers: serde_json::Map::new(),
        timings: BTreeMap::new(),
        dimensions: vec![
            dim("anxiety", anxiety, sem),
            dim("avoidance", avoidance, sem),
        ],
        targets: vec![],
        style: Some(Style {
            id: Some(quadrant),
            quadrant: Some(quadrant),
            candidates: vec![quadrant],
            axes: None,
        }),
        prototype: None,
        category: None,
        quality: vec![],
        explanation: Explanation {
            id: quadrant.id().into(),
            sections: vec![Section {
                id: "summary".into(),
                title: None,
                paragraphs: vec!["First paragraph.".into(), "Second paragraph.".into()],
                list: vec![],
                sources: vec![],
            }],
        },
    }
}

fn draw(anxiety: f64, avoidance: f64, sem: Option<f64>, width: usize, ascii: bool) -> String {
    plot::plot_for(
        &scored(anxiety, avoidance, sem),
        (1, 7),
        &RenderCtx {
            width,
            utf8: !ascii,
        },
    )
    .unwrap()
}

// --- the terminal plot ---------------------------------------------------
// sem 0.3 gives intervals score ± 0.588; sem 0.56 gives ± 1.0976.

#[test]
fn plot_secure_with_intervals() {
    insta::assert_snapshot!(draw(2.5, 2.0, Some(0.3), 80, false));
}

#[test]
fn plot_anxious_with_intervals() {
    insta::assert_snapshot!(draw(5.2, 2.5, Some(0.3), 80, false));
}

#[test]
fn plot_avoidant_without_intervals() {
    insta::assert_snapshot!(draw(2.0, 5.5, None, 80, false));
}

#[test]
fn plot_fearful_with_intervals() {
    insta::assert_snapshot!(draw(6.0, 6.3, Some(0.3), 80, false));
}

#[test]
fn plot_interval_crosses_cutoff() {
    // anxiety 4.3 ± 1.0976 = [3.20, 5.40] contains the cutoff 4.
    insta::assert_snapshot!(draw(4.3, 3.2, Some(0.56), 80, false));
}

#[test]
fn plot_point_exactly_on_both_cutoffs() {
    // 4.0 is at both cutoffs: no quadrant, drawn on the crossing of the lines.
    let p = draw(4.0, 4.0, None, 80, false);
    let cross_row = p.lines().find(|l| l.starts_with("4 ├")).unwrap();
    assert!(cross_row.contains('●'), "{p}");
    insta::assert_snapshot!(p);
}

#[test]
fn plot_point_on_anxiety_cutoff_with_intervals() {
    insta::assert_snapshot!(draw(4.0, 5.5, Some(0.3), 80, false));
}

#[test]
fn plot_ascii() {
    let p = draw(5.2, 2.5, Some(0.3), 80, true);
    assert!(p.is_ascii(), "{p}");
    insta::assert_snapshot!(p);
}

#[test]
fn plot_narrow_terminal() {
    let p = draw(6.0, 6.3, Some(0.3), 40, false);
    assert!(p.lines().all(|l| l.chars().count() <= 40), "{p}");
    insta::assert_snapshot!(p);
}

#[test]
fn plot_never_wider_than_80_columns() {
    let p = draw(5.2, 2.5, Some(0.3), 200, false);
    assert!(p.lines().all(|l| l.chars().count() <= 80), "{p}");
}

#[test]
fn plot_too_narrow_is_one_line_of_text() {
    // 5.2 ± 0.588 = [4.612, 5.788]; 2.5 ± 0.588 = [1.912, 3.088].
    assert_eq!(
        draw(5.2, 2.5, Some(0.3), 29, false),
        "anxiety 5.20 [4.61–5.79], avoidance 2.50 [1.91–3.09]: Anxious\n"
    );
}

#[test]
fn plot_needs_both_scores() {
    let mut s = scored(5.2, 2.5, None);
    s.dimensions[1].score = None;
    assert_eq!(
        plot::plot_for(
            &s,
            (1, 7),
            &RenderCtx {
                width: 80,
                utf8: true
            }
        ),
        None
    );
}

// --- the binary, hermetic ---------------------------------------------------

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const HOSTILE: &str = r#"<script>alert(1)</script>"><img src=x>"#;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/results")
        .join(name)
}

/// The real binary with a private data directory, no colour, a UTF-8 locale.
fn securebase(data: &Path) -> Command {
    let mut c = Command::cargo_bin("securebase").unwrap();
    c.env("SECUREBASE_DATA_DIR", data)
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C.UTF-8")
        .env_remove("RUST_BACKTRACE");
    c
}

fn stdout_of(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn result_fixtures_are_exactly_serialized_results() {
    // hostile.json is today's format; the others are kept in the first
    // format (`securebase.result/1`), so every reader is tested on it.
    let text = std::fs::read_to_string(fixture("hostile.json")).unwrap();
    let scored: ResultDoc = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_string_pretty(&scored).unwrap() + "\n", text);
    for name in ["before.json", "after.json", "other-bank.json"] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        assert!(
            text.contains("\"schema\": \"securebase.result/1\""),
            "{name}"
        );
        let scored = securebase::scoring::v1::read(&text, Some((1, 7))).unwrap();
        assert_eq!(scored.schema, SCHEMA, "{name}");
    }
}

// --- report -------------------------------------------------------------------

#[test]
fn html_report_is_self_contained_and_escapes_everything() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    securebase(dir.path())
        .args([
            "report",
            fixture("hostile.json").to_str().unwrap(),
            "--html",
        ])
        .arg(&out)
        .assert()
        .success();
    let raw = std::fs::read_to_string(&out).unwrap();
    // Nothing injected survives as markup.
    assert!(!raw.contains("<script"), "a script tag");
    assert!(!raw.contains("<img"), "an img tag");
    assert!(!raw.contains("http://") && !raw.contains("https://"));
    assert!(raw.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x&gt;"));

    let doc = scraper::Html::parse_document(&raw);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    assert_eq!(doc.select(&sel("script")).count(), 0);
    assert_eq!(doc.select(&sel("img")).count(), 0);
    for el in doc.select(&sel("[src], [href], [xlink\\:href]")) {
        for (_, v) in el.value().attrs() {
            assert!(!v.contains("//"), "external reference {v}");
        }
    }
    let svg = doc.select(&sel("svg[role=img]")).next().expect("the plot");
    let title: String = svg.select(&sel("title")).next().unwrap().text().collect();
    let desc: String = svg.select(&sel("desc")).next().unwrap().text().collect();
    assert!(title.contains("attachment dimensions"), "{title}");
    // 4.3 ± 1.96·0.5628 = [3.1969, 5.4031]; 2.2 ± 1.96·0.504 = [1.2122, 3.1878].
    assert!(
        desc.contains("avoidance 2.20 (approximate 95% interval 1.21 to 3.19) and anxiety 4.30 (approximate 95% interval 3.20 to 5.40), in the Anxious quadrant"),
        "{desc}"
    );
    // The hostile strings are shown as text, decoded, where they belong.
    let text: String = doc.root_element().text().collect();
    for shown in [
        format!("respondent Name {HOSTILE}"),
        format!("Title {HOSTILE}"),
        format!("Anxiety {HOSTILE}"),
        format!("Heading {HOSTILE}"),
        format!("Para {HOSTILE}"),
        format!("item {HOSTILE}"),
        format!("Source {HOSTILE}"),
        format!("flag {HOSTILE}"),
        format!("2025-01-10 {HOSTILE}"),
        "End 'quoted' & done.".to_string(),
    ] {
        assert!(text.contains(&shown), "missing {shown}");
    }
    assert!(text.contains("not validated"));
    assert!(text.contains("Not a diagnosis."));
    assert_eq!(
        doc.select(&sel("li")).count(),
        5,
        "two axes, one help item, one quality flag, one source"
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn html_report_has_print_css_and_the_date() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    securebase(dir.path())
        .args(["report", fixture("before.json").to_str().unwrap(), "--html"])
        .arg(&out)
        .assert()
        .success();
    let raw = std::fs::read_to_string(&out).unwrap();
    assert!(raw.contains("@media print") && raw.contains("@page"));
    assert!(raw.contains("break-inside: avoid"));
    // The date as a person reads it, with its time zone.
    assert!(raw.contains("10 January 2025, 09:00 UTC"), "{raw}");
}

#[test]
fn html_report_is_never_written_over_a_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    std::fs::write(&out, "mine").unwrap();
    securebase(dir.path())
        .args(["report", fixture("before.json").to_str().unwrap(), "--html"])
        .arg(&out)
        .assert()
        .code(73)
        .stderr(predicates::str::contains("exists; pass --force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    securebase(dir.path())
        .args([
            "report",
            fixture("before.json").to_str().unwrap(),
            "--force",
            "--html",
        ])
        .arg(&out)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
}

#[test]
fn markdown_report_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let md = stdout_of(securebase(dir.path()).args([
        "report",
        fixture("before.json").to_str().unwrap(),
        "--markdown",
    ]));
    assert!(md.starts_with("# Attachment result\n"), "{md}");
    assert!(md.contains("● you: Anxious quadrant"), "{md}");
    // 5.5 ± 1.96·0.5628 = [4.3969, 6.6031].
    assert!(
        md.contains("| Attachment anxiety | 5.50 | 4.40 – 6.60 | above the cutoff 4 | 6 of 6 |"),
        "{md}"
    );
    // A result of the first format is explained with today's texts: its
    // own old words are not shown again.
    assert!(!md.contains("one thing"), "{md}");
    assert!(md.contains("### What can help\n\n- "), "{md}");
    assert!(md.contains("## Notes and sources\n\n1. "), "{md}");
    assert!(md.contains("> **Not a diagnosis.**"), "{md}");
    // Nothing written, nothing kept.
    assert!(!dir.path().join("history").exists());
}

#[test]
fn markdown_escapes_markup_from_files() {
    let dir = tempfile::tempdir().unwrap();
    let md = stdout_of(
        securebase(dir.path()).args(["report", fixture("hostile.json").to_str().unwrap()]),
    );
    assert!(!md.contains("<script") && !md.contains("<img"), "{md}");
    assert!(md.contains("&lt;script&gt;"), "{md}");
}

#[test]
fn report_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    securebase(dir.path())
        .args(["report", "no-such-result.json"])
        .assert()
        .code(66)
        .stderr(predicates::str::contains("no-such-result.json"));
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"schema\": 1}").unwrap();
    securebase(dir.path())
        .args(["report"])
        .arg(&bad)
        .assert()
        .code(65)
        .stderr(predicates::str::contains("bad.json: line 1"));
    let text = std::fs::read_to_string(fixture("before.json"))
        .unwrap()
        .replace("\"sb-short\"", "\"not-installed\"");
    let other = dir.path().join("other.json");
    std::fs::write(&other, text).unwrap();
    securebase(dir.path())
        .args(["report"])
        .arg(&other)
        .assert()
        .code(66)
        .stderr(predicates::str::contains(
            "scored with the questionnaire `not-installed`",
        ));
}

// --- compare ------------------------------------------------------------------

#[test]
fn compare_computes_the_reliable_change_index() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout_of(securebase(dir.path()).args([
        "compare",
        fixture("before.json").to_str().unwrap(),
        fixture("after.json").to_str().unwrap(),
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = &v["dimensions"];
    // anxiety: 5.5 → 3.5, SEM 0.5628: √2·0.5628 = 0.795919…, RCI = −2.0 / 0.795919 = −2.51282 → |RCI| > 1.96.
    assert_eq!(d[0]["id"], "anxiety");
    assert_eq!(d[0]["difference"], -2.0);
    assert!((d[0]["rci"].as_f64().unwrap() - (-2.512_817_275)).abs() < 1e-8);
    assert_eq!(d[0]["reliable"], true);
    assert_eq!(d[0]["verdict"], "reliably-lower");
    // The smallest reliable change: 1.96·√2·0.5628 = 1.560002.
    assert!((d[0]["smallest_reliable_change"].as_f64().unwrap() - 1.560_002_01).abs() < 1e-8);
    // These first-format results carry no test–retest value: alpha it is.
    assert_eq!(d[0]["reliability_used"], "alpha");
    // avoidance: 3.0 → 3.5, SEM 0.504: √2·0.504 = 0.712764…, RCI = 0.5 / 0.712764 = 0.70149 → within error.
    assert!((d[1]["rci"].as_f64().unwrap() - 0.701_494_823).abs() < 1e-8);
    assert_eq!(d[1]["reliable"], false);
    assert_eq!(d[1]["verdict"], "within-error");
    // 1.96·√2·0.504 = 1.397017
    assert!((d[1]["smallest_reliable_change"].as_f64().unwrap() - 1.397_016_73).abs() < 1e-8);
    assert_eq!(v["style_before"]["id"], "anxious");
    // After: anxiety 3.5 ± 1.10 and avoidance 3.5 ± 0.99 both hold 4.
    assert_eq!(v["style_after"]["id"], serde_json::Value::Null);
    assert_eq!(v["style_after"]["candidates"].as_array().unwrap().len(), 4);
    assert_eq!(v["style_change"], "moved");
}

#[test]
fn compare_table_in_words() {
    let dir = tempfile::tempdir().unwrap();
    // Wide enough that no cell wraps.
    let out = stdout_of(securebase(dir.path()).env("COLUMNS", "160").args([
        "compare",
        fixture("before.json").to_str().unwrap(),
        fixture("after.json").to_str().unwrap(),
    ]));
    assert!(out.contains("-2.51"), "{out}");
    assert!(out.contains("+0.70"), "{out}");
    assert!(
        out.contains("anxiety: lower, by more than measurement error"),
        "{out}"
    );
    assert!(
        out.contains("not distinguishable from measurement error"),
        "{out}"
    );
    // The smallest reliable changes, ±1.56 and ±1.40.
    assert!(out.contains("1.56") && out.contains("1.40"), "{out}");
    assert!(
        out.contains("Style: Anxious (preoccupied) → No single style fits: close to all four"),
        "{out}"
    );
    assert!(
        out.contains(
            "For anxiety and avoidance, reliable change uses internal consistency (alpha)"
        ),
        "{out}"
    );
    assert!(out.contains("approximate"), "{out}");
}

#[test]
fn compare_refuses_different_questionnaires() {
    let dir = tempfile::tempdir().unwrap();
    securebase(dir.path())
        .args([
            "compare",
            fixture("before.json").to_str().unwrap(),
            fixture("other-bank.json").to_str().unwrap(),
        ])
        .assert()
        .code(65)
        .stderr(predicates::str::contains(
            "before.json was scored with the questionnaire `sb-short` but",
        ))
        .stderr(predicates::str::contains("other-bank.json with `sb-core`"));
}

#[test]
fn compare_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    securebase(dir.path())
        .args([
            "compare",
            fixture("before.json").to_str().unwrap(),
            "gone.json",
        ])
        .assert()
        .code(66)
        .stderr(predicates::str::contains("gone.json"));
}

#[test]
fn compare_without_sem_says_why() {
    let before = scored(5.5, 3.0, None);
    let after = scored(3.5, 3.5, None);
    let c = securebase::scoring::compare::compare(
        &before,
        &after,
        securebase::scoring::compare::Reliability::Auto,
    )
    .unwrap();
    assert_eq!(c.dimensions[0].difference, Some(-2.0));
    assert_eq!(c.dimensions[0].rci, None);
    assert_eq!(c.dimensions[0].reliable, None);
    assert_eq!(c.dimensions[0].smallest_reliable_change, None);
    assert_eq!(
        c.dimensions[0].verdict,
        securebase::scoring::compare::Verdict::NoSem
    );
}

// --- history ------------------------------------------------------------------

fn history_ids(data: &Path) -> Vec<String> {
    let out = stdout_of(securebase(data).args(["history", "--format", "json"]));
    let v: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    v.iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

fn keep(data: &Path, name: &str) {
    securebase(data)
        .args(["report", fixture(name).to_str().unwrap(), "--keep"])
        .assert()
        .success()
        .stderr(predicates::str::contains("kept in your history"));
}

#[test]
fn history_keeps_lists_by_date_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    assert!(history_ids(dir.path()).is_empty());
    // Kept newest first; listed oldest first (by completed_at).
    keep(dir.path(), "after.json");
    keep(dir.path(), "before.json");
    let ids = history_ids(dir.path());
    assert_eq!(
        ids,
        ["20250110T090000Z-sb-short", "20250610T090000Z-sb-short"]
    );
    let file = dir.path().join("history/20250110T090000Z-sb-short.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // The kept file is the result in today's format (the fixture is of
    // the first one), with the same numbers.
    let kept: ResultDoc = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(kept.schema, SCHEMA);
    assert_eq!(kept.completed_at.as_deref(), Some("2025-01-10T09:00:00Z"));
    assert_eq!(
        kept.dimensions.iter().map(|d| d.score).collect::<Vec<_>>(),
        [Some(5.5), Some(3.0)]
    );
    assert_eq!(
        (kept.dimensions[0].level, kept.dimensions[0].close_to_cutoff),
        (Some(Level::High), Some(false))
    );

    let table = stdout_of(securebase(dir.path()).args(["history"]));
    assert!(table.contains("20250110T090000Z-sb-short"), "{table}");
    // Trend on 1–7 (8 levels, round((v−1)/6·7)): anxiety 5.5 → 5.25 → 5 (▆), 3.5 → 2.92 → 3 (▄);
    // avoidance 3.0 → 2.33 → 2 (▃), 3.5 → 3 (▄).
    assert!(table.contains("anxiety    ▆▄\n"), "{table}");
    assert!(table.contains("avoidance  ▃▄\n"), "{table}");

    securebase(dir.path())
        .args(["history", "--delete", "20250110T090000Z-sb-short"])
        .assert()
        .success()
        .stdout("deleted 20250110T090000Z-sb-short\n");
    assert_eq!(history_ids(dir.path()), ["20250610T090000Z-sb-short"]);

    securebase(dir.path())
        .args(["history", "--delete", "20250110T090000Z-sb-short"])
        .assert()
        .code(66)
        .stderr(predicates::str::contains(
            "no kept result with the id `20250110T090000Z-sb-short`",
        ));
}

#[test]
fn history_delete_all_needs_a_terminal_or_yes() {
    let dir = tempfile::tempdir().unwrap();
    keep(dir.path(), "before.json");
    keep(dir.path(), "after.json");
    securebase(dir.path())
        .args(["history", "--delete-all"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("pass --yes"));
    assert_eq!(history_ids(dir.path()).len(), 2);
    securebase(dir.path())
        .args(["history", "--delete-all", "--yes"])
        .assert()
        .success()
        .stdout("deleted 2 files: 2 kept results\n");
    assert!(history_ids(dir.path()).is_empty());
    let empty = stdout_of(securebase(dir.path()).args(["history"]));
    assert!(empty.starts_with("No kept results."), "{empty}");
}

#[test]
fn keeping_the_same_result_twice_gives_two_ids() {
    let dir = tempfile::tempdir().unwrap();
    let s = scored(5.5, 3.0, None);
    let a = securebase::store::history::keep_in(dir.path(), &s, 1_700_000_000).unwrap();
    let b = securebase::store::history::keep_in(dir.path(), &s, 1_700_000_000).unwrap();
    assert_eq!(a.file_name().unwrap(), "20231114T221320Z-sb-short.json");
    assert_eq!(b.file_name().unwrap(), "20231114T221320Z-sb-short-2.json");
}

#[test]
fn reports_show_each_relationship_and_the_one_that_does_not_apply() {
    let data = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Score the example (friend: not applicable) to a result file first.
    let result = stdout_of(
        securebase(data.path())
            .args(["score", "--format", "json"])
            .arg(root.join("examples/sb-relationships.json")),
    );
    let path = data.path().join("rel.json");
    std::fs::write(&path, result).unwrap();

    let md = stdout_of(
        securebase(data.path())
            .arg("report")
            .arg(&path)
            .arg("--markdown"),
    );
    // Father: avoidance items all 5 (reversed ones answered 3 → 8 − 3 = 5) → 5.00, above 4;
    // anxiety (3 + 3 + (8 − 3))/3 = 3.67 ± 1.96·1.3·√0.2 = ± 1.14 holds 4: both fit.
    let father = md
        .split("### A father or father-like figure")
        .nth(1)
        .unwrap();
    // Each relationship has its own plot, then its style.
    let father = father.trim_start();
    assert!(father.starts_with("```text\n"), "{father}");
    assert!(
        father.contains("```\n\nStyle: Between Avoidant (dismissing) and Fearful-avoidant"),
        "{father}"
    );
    assert!(
        father.contains("| Attachment avoidance | 5.00 |"),
        "{father}"
    );
    let friend = md.split("### A close friend").nth(1).unwrap();
    assert!(
        friend.trim_start().starts_with("Does not apply."),
        "{friend}"
    );

    let html_path = data.path().join("rel.html");
    securebase(data.path())
        .arg("report")
        .arg(&path)
        .arg("--html")
        .arg(&html_path)
        .assert()
        .success();
    let html = std::fs::read_to_string(&html_path).unwrap();
    let doc = scraper::Html::parse_document(&html);
    // Each relationship's own section (the explanation's parts have h3s too).
    let h3 = scraper::Selector::parse("section.keep > h3").unwrap();
    let people: Vec<String> = doc.select(&h3).map(|h| h.text().collect()).collect();
    assert_eq!(
        people,
        [
            "A mother or mother-like figure",
            "A father or father-like figure",
            "A romantic partner (current or most recent)",
            "A close friend"
        ]
    );
    assert!(html.contains("<h2>By relationship</h2>"));
}

#[test]
fn compare_reports_each_relationship_with_its_own_rci() {
    let data = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = root.join("examples/sb-relationships.json");
    let mut answers: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&example).unwrap()).unwrap();
    let later = data.path().join("later.json");
    answers["answers"]["partner.anx-01"] = 1.into();
    answers["answers"]["partner.anx-02"] = 1.into();
    answers["answers"]["partner.anx-03"] = 7.into(); // reversed: counts as 1
    std::fs::write(&later, answers.to_string()).unwrap();
    let score = |input: &Path, name: &str| {
        let out = stdout_of(
            securebase(data.path())
                .args(["score", "--format", "json"])
                .arg(input),
        );
        let path = data.path().join(name);
        std::fs::write(&path, out).unwrap();
        path
    };
    let (before, after) = (score(&example, "before.json"), score(&later, "after.json"));
    let json: serde_json::Value = serde_json::from_str(&stdout_of(
        securebase(data.path())
            .args(["compare", "--format", "json"])
            .arg(&before)
            .arg(&after),
    ))
    .unwrap();
    let partner = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "partner")
        .unwrap();
    let anxiety = partner["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "anxiety")
        .unwrap();
    // Before: partner anxiety 5, 5 and reversed 5 → 3: 13/3 = 4.333.
    // After: 1, 1 and reversed 7 → 1: 1.000. Difference −3.333.
    // SEM = 1.3 × √(1 − 0.80) = 0.58138; RCI = −3.3333 / (√2 × 0.58138) = −4.054.
    assert!((anxiety["before"].as_f64().unwrap() - 13.0 / 3.0).abs() < 1e-9);
    assert!((anxiety["after"].as_f64().unwrap() - 1.0).abs() < 1e-9);
    assert!(
        (anxiety["rci"].as_f64().unwrap() + 4.054).abs() < 1e-3,
        "{anxiety}"
    );
    assert_eq!(anxiety["reliable"], true);
    let avoidance = partner["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "avoidance")
        .unwrap();
    assert_eq!(avoidance["verdict"], "no-change");
    // The friend did not apply either time: nothing to judge.
    let friend = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "friend")
        .unwrap();
    assert_eq!(friend["dimensions"][0]["verdict"], "no-score-before");

    let table = stdout_of(
        securebase(data.path())
            .arg("compare")
            .arg(&before)
            .arg(&after),
    );
    assert!(
        table.contains("A romantic partner (current or most recent)"),
        "{table}"
    );
    assert!(table.contains("-4.05"), "{table}");
}
