//! The HTML and Markdown reports as a person reads them (issue 13, item
//! 16): response-quality notes next to the scores, flags in words, a
//! human date with its time zone, "not a diagnosis" once, each
//! relationship plotted, Markdown without stray entities.

use crate::support::sb;

/// A result with a quality flag: sb-short answered with one value throughout.
fn flagged_result(dir: &std::path::Path) -> std::path::PathBuf {
    let answers = serde_json::json!({
        "bank": "sb-short",
        "respondent": "p01",
        "answers": {
            "anx-01": 4, "avo-01": 4, "anx-02": 4, "avo-02": 4, "anx-03": 4, "avo-03": 4,
            "anx-04": 4, "avo-04": 4, "anx-05": 4, "avo-05": 4, "anx-06": 4, "avo-06": 4
        }
    });
    let a = dir.join("a.json");
    std::fs::write(&a, answers.to_string()).unwrap();
    let out = sb(&["score", "--format", "json"]).arg(&a).run();
    out.code(0);
    let mut v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["quality"][0]["id"], "straight-lining");
    v["completed_at"] = "2025-03-01T09:30:00Z".into();
    let r = dir.join("r.json");
    std::fs::write(&r, v.to_string()).unwrap();
    r
}

#[test]
fn html_puts_quality_next_to_the_scores_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let r = flagged_result(dir.path());
    let html = dir.path().join("r.html");
    sb(&["report"])
        .arg(&r)
        .arg("--html")
        .arg(&html)
        .run()
        .code(0);
    let page = std::fs::read_to_string(&html).unwrap();
    let at = |s: &str| page.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(at("<h2>The dimensions</h2>") < at("<h2>Response quality</h2>"));
    assert!(at("<h2>Response quality</h2>") < at("<h2>What this means</h2>"));
    let title = securebase::text::flags::title("straight-lining");
    assert!(
        page.contains(&format!("<strong>{title}</strong>")),
        "{page}"
    );
    assert!(!page.contains("<strong>straight-lining</strong>"));
    assert!(page.contains("1 March 2025, 09:30 UTC"));
    assert!(!page.contains("2025-03-01T09:30:00Z"));
    assert_eq!(page.matches("This is not a diagnosis").count(), 1, "{page}");
}

#[test]
fn markdown_reads_as_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let r = flagged_result(dir.path());
    let out = sb(&["report", "--markdown"]).arg(&r).run();
    out.code(0);
    let md = &out.stdout;
    // The sources cite "… & …": a plain `&` stays as it is.
    assert!(md.contains(" & "), "{md}");
    assert!(!md.contains("&amp;"), "{md}");
    assert!(md.contains("(not validated)") && !md.contains("(not validated ("));
    let title = securebase::text::flags::title("straight-lining");
    assert!(md.contains(&format!("- **{title}**: ")), "{md}");
    assert!(md.find("## The dimensions").unwrap() < md.find("## Response quality").unwrap());
    assert!(md.find("## Response quality").unwrap() < md.find("## What this means").unwrap());
    assert_eq!(md.matches("This is not a diagnosis").count(), 1);
}

#[test]
fn each_relationship_is_plotted() {
    let dir = tempfile::tempdir().unwrap();
    let out = sb(&[
        "score",
        "--format",
        "json",
        "examples/sb-relationships.json",
    ])
    .run();
    out.code(0);
    let r = dir.path().join("rel.json");
    std::fs::write(&r, &out.stdout).unwrap();
    let html = dir.path().join("rel.html");
    sb(&["report"])
        .arg(&r)
        .arg("--html")
        .arg(&html)
        .run()
        .code(0);
    let page = std::fs::read_to_string(&html).unwrap();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let plotted = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["not_applicable"] == false)
        .count();
    // The overall plot and one per relationship that applies.
    assert_eq!(page.matches("<svg").count(), 1 + plotted, "{plotted}");
    assert!(plotted >= 2);
}
