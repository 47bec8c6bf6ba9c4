//! Hardened edges (issue 12): no special file clobbered, no input that
//! hangs or eats memory, inputs opened one at a time, the real problem of
//! a malformed file reported with exit 65.

use std::path::{Path, PathBuf};

use crate::support::{fixture, sb, sb_capped, Caps};

/// sb-short's CSV header (every question), and a row for `id` whose first
/// question (`anx-01`) holds `cell` and the rest are empty.
pub fn short_header() -> String {
    let bank: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(crate::support::root().join("questionnaires/sb-short.json"))
            .unwrap(),
    )
    .unwrap();
    let keys: Vec<&str> = bank["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    format!("respondent,{}", keys.join(","))
}

pub fn short_row(id: &str, cell: &str) -> String {
    let n = short_header().matches(',').count();
    format!("{id},{cell}{}", ",".repeat(n - 1))
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo")
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

fn result() -> PathBuf {
    fixture("results/before.json")
}

// ---- finding 1: --force replaces regular files only -------------------------

#[test]
fn force_never_replaces_a_fifo_a_socket_or_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.html");
    mkfifo(&fifo);
    let sock = dir.path().join("sock.html");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    let sub = dir.path().join("folder.html");
    std::fs::create_dir(&sub).unwrap();
    for (target, kind) in [
        (&fifo, "a named pipe (FIFO)"),
        (&sock, "a socket"),
        (&sub, "a directory"),
    ] {
        for force in [true, false] {
            let mut run = sb(&["report"]).arg(result()).arg("--html").arg(target);
            if force {
                run = run.arg("--force");
            }
            let out = run.timeout(20).run();
            out.code(73).stderr_has(&[&format!(
                "{}: it is {kind}, not a regular file",
                target.display()
            )]);
            if force {
                out.stderr_has(&["--force replaces regular files only"]);
            }
        }
    }
    assert!(is_fifo(&fifo), "the FIFO is still a FIFO");
    assert!(sub.is_dir());
}

#[test]
fn force_replaces_a_symlink_itself_never_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target.txt");
    std::fs::write(&target, "keep me").unwrap();
    let link = dir.path().join("report.html");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    sb(&["report"])
        .arg(result())
        .arg("--html")
        .arg(&link)
        .run()
        .code(73)
        .stderr_has(&["the file exists; pass --force"]);
    sb(&["report"])
        .arg(result())
        .arg("--html")
        .arg(&link)
        .arg("--force")
        .run()
        .code(0);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_file(), "the link became the report");
    assert!(std::fs::read_to_string(&link)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
}

// ---- finding 3: bounded reads, non-regular files refused --------------------

#[test]
fn a_fifo_or_a_device_where_a_file_belongs_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("bank.json");
    mkfifo(&fifo);
    let caps = Caps {
        seconds: 20,
        ..Caps::default()
    };
    for args in [
        vec!["validate", fifo.to_str().unwrap()],
        vec!["show", fifo.to_str().unwrap()],
        vec![
            "score",
            "--bank",
            fifo.to_str().unwrap(),
            "tests/fixtures/answers/short.csv",
        ],
        vec!["score", "--bank", "sb-short", fifo.to_str().unwrap()],
        vec!["report", fifo.to_str().unwrap()],
        vec!["validate", "/dev/zero"],
        vec![
            "score",
            "--bank",
            "sb-short",
            "--input-format",
            "csv",
            "/dev/zero",
        ],
        vec!["score", "--input-format", "jsonl", "/dev/zero"],
        vec!["report", "/dev/zero"],
        vec!["compare", "/dev/zero", "/dev/zero"],
    ] {
        let out = sb_capped(&args, None, &caps);
        out.code(66);
        assert!(
            out.stderr
                .contains("not a regular file; give the path of a file"),
            "{args:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_directory_as_input_is_66_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["d.csv", "d.json", "d.jsonl"] {
        let d = dir.path().join(name);
        std::fs::create_dir(&d).unwrap();
        sb(&["score", "--bank", "sb-short"])
            .arg(&d)
            .run()
            .code(66)
            .stderr_has(&["it is a directory, not a regular file"]);
    }
    sb(&["validate"])
        .arg(dir.path())
        .run()
        .code(66)
        .stderr_has(&["it is a directory"]);
}

#[test]
fn endless_standard_input_is_cut_off_at_the_record_cap() {
    let caps = Caps {
        memory_mib: 256,
        ..Caps::default()
    };
    let zero = Path::new("/dev/zero");
    let out = sb_capped(
        &["score", "--bank", "sb-short", "--input-format", "csv", "-"],
        Some(zero),
        &caps,
    );
    out.code(65);
    assert!(
        out.stderr.contains("<stdin>:line 1: ") && out.stderr.contains("longer than 1 MiB"),
        "{}",
        out.stderr
    );
    for format in ["jsonl", "json"] {
        let out = sb_capped(
            &["score", "--bank", "sb-short", "--input-format", format, "-"],
            Some(zero),
            &caps,
        );
        out.code(65);
        assert!(out.stderr.contains("MiB"), "{format}: {}", out.stderr);
        // Without --bank the first document is peeked at, within the same caps.
        let out = sb_capped(&["score", "--input-format", format, "-"], Some(zero), &caps);
        out.code(65);
        assert!(out.stderr.contains("MiB"), "{format}: {}", out.stderr);
    }
}

// ---- finding 4: an answer file's "bank" is an id, never a path --------------

#[test]
fn the_bank_named_in_an_answer_file_is_an_id_only() {
    let dir = tempfile::tempdir().unwrap();
    for (i, bank) in [
        "/dev/zero",
        "tests/fixtures/banks/minimal.json",
        "../sb-short",
        "SB-SHORT",
    ]
    .iter()
    .enumerate()
    {
        let p = dir.path().join(format!("a{i}.json"));
        std::fs::write(&p, format!("{{\"bank\": \"{bank}\", \"answers\": {{}}}}")).unwrap();
        let out = sb_capped(&["score", p.to_str().unwrap()], None, &Caps::default());
        out.code(65);
        assert!(
            out.stderr.contains("the \"bank\" field is not a bank id")
                && out.stderr.contains("--bank PATH"),
            "{bank}: {}",
            out.stderr
        );
        let p = dir.path().join(format!("a{i}.jsonl"));
        std::fs::write(
            &p,
            format!("\n{{\"bank\": {{\"id\": \"{bank}\"}}, \"answers\": {{}}}}\n"),
        )
        .unwrap();
        let out = sb_capped(&["score", p.to_str().unwrap()], None, &Caps::default());
        out.code(65);
        assert!(out.stderr.contains(":line 2: "), "{}", out.stderr);
    }
}

// ---- finding 15: inputs opened one at a time --------------------------------

#[test]
fn fifteen_hundred_files_score_within_sixty_four_open_files() {
    let dir = tempfile::tempdir().unwrap();
    let one: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("answers/short.json")).unwrap())
            .unwrap();
    let mut args = vec!["score".to_string(), "--format".into(), "csv".into()];
    for i in 0..1500 {
        let mut v = one.clone();
        v["respondent"] = format!("p{i:04}").into();
        let p = dir.path().join(format!("p{i:04}.json"));
        std::fs::write(&p, v.to_string()).unwrap();
        args.push(p.display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let caps = Caps {
        open_files: 64,
        seconds: 60,
        ..Caps::default()
    };
    let out = sb_capped(&args, None, &caps);
    out.code(0);
    assert_eq!(out.stdout.lines().count(), 1501, "{}", out.stderr);
    assert!(out
        .stdout
        .lines()
        .last()
        .unwrap()
        .starts_with("p1499,sb-short,"));
}

// ---- finding 16: the real problem of a malformed JSON file, exit 65 ---------

#[test]
fn malformed_json_reports_its_problem_not_a_missing_bank() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(fixture("answers/short.json")).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.json",
            good.as_bytes()[..40].to_vec(),
            "malformed JSON: EOF while parsing",
        ),
        (
            "trailing.json",
            format!("{good} x").into_bytes(),
            "trailing characters after the first object",
        ),
        ("empty.json", Vec::new(), "the file is empty"),
        ("blank.json", b"  \n".to_vec(), "the file is empty"),
        (
            "latin1.json",
            b"{\"bank\": \"sb-short\", \"respondent\": \"Zo\xeb\"}".to_vec(),
            "not UTF-8 text",
        ),
        (
            "object.json",
            b"{}".to_vec(),
            "the \"bank\" field is missing",
        ),
        (
            "list.json",
            b"[1, 2]".to_vec(),
            "malformed answers: expected an object",
        ),
        (
            "first.jsonl",
            b"{\"bank\": sb-short}\n".to_vec(),
            "line 1, column 10: malformed JSON",
        ),
        (
            "nobank.jsonl",
            b"\n\n{\"answers\": {}}\n".to_vec(),
            ":line 3: the \"bank\" field is missing",
        ),
    ];
    for (name, bytes, message) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, &bytes).unwrap();
        let out = sb(&["score"]).arg(&p).run();
        out.code(65).stderr_has(&[message]);
        assert!(
            !out.stderr.contains("which questionnaire"),
            "{}",
            out.stderr
        );
    }
    // Standard input: empty, and an object without a bank.
    sb(&["score", "-"])
        .stdin("")
        .run()
        .code(65)
        .stderr_has(&["<stdin>: the file is empty"]);
    sb(&["score", "-"])
        .stdin("{}\n")
        .run()
        .code(65)
        .stderr_has(&["<stdin>:line 1: the \"bank\" field is missing"]);
}

#[test]
fn a_byte_order_mark_is_accepted_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let bom = "\u{feff}";
    let json = std::fs::read_to_string(fixture("answers/short.json")).unwrap();
    let p = dir.path().join("bom.json");
    std::fs::write(&p, format!("{bom}{json}")).unwrap();
    let out = sb(&["score", "--format", "csv"]).arg(&p).run();
    out.code(0);
    let jsonl = std::fs::read_to_string(fixture("answers/short.jsonl")).unwrap();
    let p = dir.path().join("bom.jsonl");
    std::fs::write(&p, format!("{bom}{jsonl}")).unwrap();
    sb(&["score", "--format", "csv"]).arg(&p).run().code(0);
    sb(&["score", "--format", "csv", "-"])
        .stdin(format!("{bom}{json}"))
        .run()
        .code(0);
    let bank = std::fs::read_to_string(fixture("banks/minimal.json")).unwrap();
    let p = dir.path().join("bom-bank.json");
    std::fs::write(&p, format!("{bom}{bank}")).unwrap();
    sb(&["validate"]).arg(&p).run().code(0);
    let result = std::fs::read_to_string(result()).unwrap();
    let p = dir.path().join("bom-result.json");
    std::fs::write(&p, format!("{bom}{result}")).unwrap();
    sb(&["report"]).arg(&p).run().code(0);
}

// ---- findings 18 and 20: CSV line numbers and unclosed quotes ----------------

#[test]
fn csv_errors_name_physical_lines_in_crlf_and_cr_files() {
    let dir = tempfile::tempdir().unwrap();
    for (name, eol) in [("lf.csv", "\n"), ("crlf.csv", "\r\n"), ("cr.csv", "\r")] {
        let p = dir.path().join(name);
        let text = [
            short_header(),
            short_row("p1", "4"),
            String::new(),
            short_row("p2", "9"),
            String::new(),
        ]
        .join(eol);
        std::fs::write(&p, text).unwrap();
        sb(&["score", "--bank", "sb-short", "--format", "csv"])
            .arg(&p)
            .run()
            .code(65)
            .stderr_has(&[&format!(
                "{}:line 4: respondent p2: item anx-01: value 9",
                p.display()
            )]);
    }
}

#[test]
fn an_unclosed_quote_says_where_it_opened() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("q.csv");
    std::fs::write(
        &p,
        format!(
            "{}\n{}\n\"p2,5\np3,6\np4,7\n",
            short_header(),
            short_row("p1", "4")
        ),
    )
    .unwrap();
    let out = sb(&["score", "--bank", "sb-short", "--format", "csv"])
        .arg(&p)
        .run();
    out.code(65).stderr_has(&[&format!(
        "{}:line 3: a quote opened on line 3 is never closed, so the rest of the file was read as one cell; fix: add the closing \" on line 3",
        p.display()
    )]);
    // The row before it was scored.
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);
}

// ---- findings 10, 11, 12, 22: history and result files ----------------------

fn age(path: &Path, secs: u64) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(secs))
        .unwrap();
}

fn result_with(edit: impl Fn(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(result()).unwrap()).unwrap();
    edit(&mut v);
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn delete_all_counts_exactly_what_it_deletes_temporary_files_included() {
    let data = tempfile::tempdir().unwrap();
    let run = sb(&["history", "--delete-all", "--yes"]).env("SECUREBASE_DATA_DIR", data.path());
    let hist = data.path().join("history");
    std::fs::create_dir_all(&hist).unwrap();
    let good = std::fs::read_to_string(result()).unwrap();
    std::fs::write(hist.join("20250101T000000Z-sb-short.json"), &good).unwrap();
    std::fs::write(hist.join("20250102T000000Z-sb-short.json"), &good).unwrap();
    std::fs::write(hist.join("notes.json"), "not a result").unwrap();
    std::fs::write(hist.join(".securebase-AbC123.tmp"), "{\"half").unwrap();
    std::fs::write(hist.join(".securebase-XyZ789.tmp"), "{\"half").unwrap();
    std::fs::write(hist.join("README.txt"), "mine").unwrap();
    age(&hist.join(".securebase-AbC123.tmp"), 86_400);
    let out = run.run();
    out.code(0).stdout_has(&[
        "deleted 5 files: 2 kept results, 1 file that is not a readable result, 2 temporary files left by interrupted writes",
    ]);
    let left: Vec<_> = std::fs::read_dir(&hist)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["README.txt"], "only a file that is not ours is left");
}

#[test]
fn writes_remove_stale_temporary_files_and_leave_fresh_ones() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join(".securebase-old111.tmp");
    let fresh = dir.path().join(".securebase-new222.tmp");
    std::fs::write(&stale, "partial").unwrap();
    std::fs::write(&fresh, "being written").unwrap();
    age(&stale, 3600);
    sb(&["report"])
        .arg(result())
        .arg("--html")
        .arg(dir.path().join("r.html"))
        .run()
        .code(0);
    assert!(
        !stale.exists(),
        "a temporary file an hour old is a leftover"
    );
    assert!(
        fresh.exists(),
        "a fresh one may be another write in progress"
    );
    // The same in the history folder, on --keep.
    let data = tempfile::tempdir().unwrap();
    let run = sb(&["report", "--keep"])
        .arg(result())
        .env("SECUREBASE_DATA_DIR", data.path());
    let hist = data.path().join("history");
    std::fs::create_dir_all(&hist).unwrap();
    let stale = hist.join(".securebase-old333.tmp");
    std::fs::write(&stale, "partial").unwrap();
    age(&stale, 3600);
    run.run().code(0);
    assert!(!stale.exists());
    assert_eq!(
        std::fs::read_dir(&hist).unwrap().count(),
        1,
        "the kept result only"
    );
}

type Edit = fn(&mut serde_json::Value);

#[test]
fn hostile_numbers_in_a_result_are_refused_not_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, Edit, &str); 5] = [
        (
            "huge-cutoff.json",
            |v| v["dimensions"][0]["cutoff"] = 1e308.into(),
            "`dimensions[0].cutoff` is 1e308, outside ±1000000",
        ),
        (
            "low-cutoff.json",
            |v| v["dimensions"][1]["cutoff"] = (-1e308).into(),
            "`dimensions[1].cutoff` is -1e308, outside ±1000000",
        ),
        (
            "off-scale.json",
            |v| v["dimensions"][0]["cutoff"] = 9.0.into(),
            "`dimensions[0].cutoff` is 9, outside the questionnaire's scale 1 to 7",
        ),
        (
            "percentile.json",
            |v| v["dimensions"][0]["percentile"] = 250.0.into(),
            "`dimensions[0].percentile` is 250, outside 0 to 100",
        ),
        (
            "counts.json",
            |v| v["dimensions"][0]["answered"] = 99.into(),
            "`dimensions[0]` counts 99 answered",
        ),
    ];
    for (name, edit, message) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, result_with(edit)).unwrap();
        sb(&["report"])
            .arg(&p)
            .run()
            .code(65)
            .stderr_has(&[message]);
        if name != "off-scale.json" {
            sb(&["compare"])
                .arg(&p)
                .arg(result())
                .run()
                .code(65)
                .stderr_has(&[message]);
        }
    }
}

#[test]
fn history_reads_odd_file_names_and_lists_only_what_report_reads() {
    let run = sb(&["history", "--format", "json"]);
    let hist = run.data_dir().join("history");
    std::fs::create_dir_all(&hist).unwrap();
    let undated = result_with(|v| {
        v.as_object_mut().unwrap().remove("completed_at");
    });
    std::fs::write(hist.join("aaaé123T123456Z.json"), &undated).unwrap();
    std::fs::write(hist.join("20250301T093000Z-sb-short.json"), &undated).unwrap();
    std::fs::write(
        hist.join("20250302T093000Z-sb-short.json"),
        result_with(|v| v["schema"] = "securebase.result/9".into()),
    )
    .unwrap();
    let out = run.run();
    out.code(0).stderr_has(&[
        "securebase: warning: skipped: ",
        "20250302T093000Z-sb-short.json: the result format is `securebase.result/9`",
    ]);
    let v = out.json();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 2, "{v}");
    assert_eq!(list[0]["id"], "20250301T093000Z-sb-short");
    assert_eq!(list[0]["date"], "2025-03-01T09:30:00Z");
    assert_eq!(list[1]["id"], "aaaé123T123456Z");
    assert_eq!(list[1]["date"], "date not recorded");
}

// ---- finding 5: no quadratic work on a small hostile file -------------------

#[test]
fn objects_of_many_keys_are_checked_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let many = |prefix: &str| -> String {
        (0..160_000)
            .map(|i| format!("\"{prefix}{i}\":1"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let answers = format!("{{\"bank\":\"sb-short\",\"answers\":{{{}}}}}", many("k"));
    let timings = format!(
        "{{\"bank\":\"sb-short\",\"answers\":{{}},\"timings\":{{{}}}}}",
        many("t")
    );
    let top = format!("{{\"bank\":\"sb-short\",\"answers\":{{}},{}}}", many("f"));
    for (name, text) in [
        ("answers.json", &answers),
        ("answers.jsonl", &answers),
        ("timings.json", &timings),
        ("top.json", &top),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        let start = std::time::Instant::now();
        let out = sb(&["score", "--format", "csv"]).arg(&p).timeout(30).run();
        out.code(65);
        assert!(
            start.elapsed().as_secs() < 15,
            "{name}: {:?}",
            start.elapsed()
        );
    }
    // A bank of many repeated keys.
    let bank = format!(
        "{{{}}}",
        (0..200_000)
            .map(|_| "\"a\":1")
            .collect::<Vec<_>>()
            .join(",")
    );
    let p = dir.path().join("bank.json");
    std::fs::write(&p, bank).unwrap();
    let start = std::time::Instant::now();
    sb(&["validate"]).arg(&p).timeout(30).run().code(65);
    assert!(
        start.elapsed().as_secs() < 15,
        "bank: {:?}",
        start.elapsed()
    );
}

// ---- findings 13 and 19: bounded scales, numbers out of range ---------------

fn bank_with_scale(min: &str, max: &str) -> String {
    let text = std::fs::read_to_string(fixture("banks/minimal.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["scale"]["min"] = serde_json::from_str(min).unwrap();
    v["scale"]["max"] = serde_json::from_str(max).unwrap();
    v["scale"]["labels"] = serde_json::json!({});
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn scales_are_bounded_with_the_rule_and_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let reason = "use a scale of at most 101 points, each from -1000 to 1000";
    for (min, max, message) in [
        ("-9223372036854775808", "9223372036854775807", "scale min -9223372036854775808 is out of range: scale points are whole numbers from -1000 to 1000"),
        ("1", "18446744073709551615", "18446744073709551615 is out of range: scale points are whole numbers from -1000 to 1000"),
        ("0", "1000000000000", "scale max 1000000000000 is out of range"),
        ("1", "1000", "the scale from 1 to 1000 has 1000 points; at most 101 are allowed"),
        ("-1001", "-1000", "scale min -1001 is out of range"),
    ] {
        let p = dir.path().join("b.json");
        std::fs::write(&p, bank_with_scale(min, max)).unwrap();
        sb(&["validate"]).arg(&p).run().code(65).stderr_has(&[message, reason]);
    }
    for (min, max) in [("0", "100"), ("-1000", "-900"), ("900", "1000")] {
        let p = dir.path().join("ok.json");
        std::fs::write(&p, bank_with_scale(min, max)).unwrap();
        sb(&["validate"]).arg(&p).run().code(0);
    }
}

#[test]
fn whole_numbers_too_large_for_a_rating_are_out_of_range() {
    let dir = tempfile::tempdir().unwrap();
    for cell in [
        "9999999999999999999999",
        "1.8e19",
        "-9223372036854775809",
        "9223372036854775807",
    ] {
        let p = dir.path().join("s.csv");
        std::fs::write(
            &p,
            format!("{}\n{}\n", short_header(), short_row("p1", cell)),
        )
        .unwrap();
        sb(&["score", "--bank", "sb-short"])
            .arg(&p)
            .run()
            .code(65)
            .stderr_has(&[&format!(
                "item anx-01: value {cell}: outside the answer scale of sb-short (1 to 7)"
            )]);
        let p = dir.path().join("a.json");
        std::fs::write(
            &p,
            format!("{{\"bank\":\"sb-short\",\"answers\":{{\"anx-01\":{cell}}}}}"),
        )
        .unwrap();
        sb(&["score"])
            .arg(&p)
            .run()
            .code(65)
            .stderr_has(&["outside the answer scale of sb-short (1 to 7)"]);
    }
}

// ---- finding 22: reserved ids, escaped unknown keys ------------------------

#[test]
fn the_csv_respondent_column_name_is_reserved_in_banks() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("banks/minimal.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["items"][0]["id"] = "respondent".into();
    let p = dir.path().join("b.json");
    std::fs::write(&p, v.to_string()).unwrap();
    sb(&["validate"]).arg(&p).run().code(65).stderr_has(&[
        "the item id `respondent` is reserved",
        "the column of respondent ids in CSV answer files",
    ]);
}

#[test]
fn an_unknown_bank_key_with_escapes_keeps_its_place_and_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("banks/minimal.json")).unwrap();
    let text = text.replacen(
        "\"title\"",
        "\"tit\\nle\\u001b]0;x\\u0007\": \"t\",\n  \"title\"",
        1,
    );
    let p = dir.path().join("b.json");
    std::fs::write(&p, &text).unwrap();
    let out = sb(&["validate"]).arg(&p).run();
    out.code(65);
    let line = text.lines().position(|l| l.contains("tit\\nle")).unwrap() + 1;
    out.stderr_has(&[&format!(
        "{}:{line}:3: error: unknown key `tit\\x0ale\\x1b]0;x\\x07`",
        p.display()
    )]);
    assert!(!out.stderr.contains('\u{1b}'));
}

// ---- findings 14 and 17: one cause, one code; diagnostics never panic -------

/// Runs `securebase <args>` with standard output and/or standard error
/// going to `/dev/full` (every write fails with ENOSPC); returns the code.
fn code_with_full(args: &[&str], stdout_full: bool, stderr_full: bool) -> i32 {
    use std::process::Stdio;
    let full = || {
        Stdio::from(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
    };
    let data = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("securebase"))
        .args(args)
        .current_dir(crate::support::root())
        .env("SECUREBASE_DATA_DIR", data.path())
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(if stdout_full { full() } else { Stdio::null() })
        .stderr(if stderr_full { full() } else { Stdio::null() })
        .status()
        .unwrap();
    status.code().unwrap_or(-1)
}

#[test]
fn a_full_standard_error_never_turns_an_exit_code_into_a_panic() {
    for (args, code) in [
        (
            vec!["score", "tests/fixtures/answers/out-of-scale.json"],
            65,
        ),
        (vec!["score", "no-such-file.json"], 66),
        (
            vec![
                "score",
                "--bank",
                "sb-short",
                "--skip-invalid",
                "--format",
                "csv",
                "tests/fixtures/study/some-bad-rows.csv",
            ],
            65,
        ),
        (
            vec!["validate", "tests/fixtures/banks/many-errors.json"],
            65,
        ),
        (vec!["--bogus"], 2),
        (vec!["score"], 2),
    ] {
        assert_eq!(code_with_full(&args, false, true), code, "{args:?}");
    }
}

#[test]
fn help_and_version_that_cannot_be_written_are_74() {
    assert_eq!(code_with_full(&["--help"], true, false), 74);
    assert_eq!(code_with_full(&["--version"], true, false), 74);
    assert_eq!(code_with_full(&["score", "--help"], true, false), 74);
    assert_eq!(code_with_full(&["--help"], false, false), 0);
    // Output written to a full disk is 74 too, and a closed pipe is 0.
    assert_eq!(code_with_full(&["explain"], true, false), 74);
    crate::support::sb_closed_stdout(&["--help"]).code(0);
}

#[test]
fn one_cause_one_code() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1");
    std::fs::create_dir(&latin1).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = latin1.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    };
    let bank = write("bank.json", b"{\"id\": \"b\xe9\"}");
    let json = write(
        "a.json",
        b"{\"bank\": \"sb-short\", \"respondent\": \"Zo\xeb\", \"answers\": {}}",
    );
    let jsonl = write(
        "a.jsonl",
        b"{\"bank\": \"sb-short\", \"respondent\": \"Zo\xeb\", \"answers\": {}}\n",
    );
    let mut bytes = format!("{}\n", short_header()).into_bytes();
    bytes.extend_from_slice(b"Zo\xeb");
    bytes.extend_from_slice(short_row("", "4").as_bytes());
    bytes.push(b'\n');
    let csv = write("a.csv", &bytes);
    let result = write(
        "r.json",
        b"{\"schema\": \"securebase.result/1\", \"x\": \"\xe9\"}",
    );
    let folder = dir.path().display().to_string();
    let existing = write("exists.html", b"mine");
    let before = "tests/fixtures/results/before.json";
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        // 65: the content is wrong (not UTF-8 included), in every kind of file.
        (vec!["validate", &bank], 65, "not UTF-8 text"),
        (vec!["score", &json], 65, "not UTF-8 text"),
        (vec!["score", &jsonl], 65, "not UTF-8 text"),
        (
            vec!["score", "--bank", "sb-short", &csv],
            65,
            "not UTF-8 text",
        ),
        (vec!["report", &result], 65, "not UTF-8 text"),
        (vec!["compare", &result, before], 65, "not UTF-8 text"),
        // 66: missing, or not a file.
        (vec!["validate", "no-such.json"], 66, "No such file"),
        (
            vec!["score", "no-such.csv", "--bank", "sb-short"],
            66,
            "No such file",
        ),
        (vec!["report", "no-such.json"], 66, "No such file"),
        (
            vec!["score", "--bank", "sb-short", &folder],
            2,
            "cannot tell the answer format",
        ),
        (vec!["report", &folder], 66, "it is a directory"),
        // 73: an output that cannot be created, with or without --force.
        (
            vec!["report", before, "--html", &folder],
            73,
            "it is a directory",
        ),
        (
            vec!["report", before, "--html", &folder, "--force"],
            73,
            "it is a directory",
        ),
        (
            vec!["report", before, "--html", &existing],
            73,
            "the file exists",
        ),
        // 2: usage.
        (vec!["score", "--format", "xml", before], 2, "invalid value"),
    ];
    for (args, code, message) in cases {
        let out = sb(&args).run();
        assert_eq!(out.code, code, "{args:?}\n{}", out.stderr);
        assert!(out.stderr.contains(message), "{args:?}: {}", out.stderr);
    }
}

// ---- finding 7: repeated respondents across all inputs of a run -------------

#[test]
fn a_respondent_repeated_in_another_file_of_the_run_is_refused() {
    let csv = "tests/fixtures/answers/short.csv";
    let out = sb(&["score", "--bank", "sb-short", "--format", "csv", csv, csv]).run();
    out.code(65).stderr_has(&[&format!(
        "{csv}:line 2: respondent p01: duplicate respondent id (already used earlier in this run: in this file or one read before it)"
    )]);
    let rows = std::fs::read_to_string(crate::support::root().join(csv))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert_eq!(out.stdout.lines().count(), 1 + rows, "the first file only");
    let json = "tests/fixtures/answers/short.json";
    sb(&["score", "--format", "csv", json, json])
        .run()
        .code(65)
        .stderr_has(&["respondent p01: duplicate respondent id"]);
    // JSON Lines after CSV, and with --skip-invalid every repeat is named.
    let jsonl = "tests/fixtures/answers/short.jsonl";
    let out = sb(&[
        "score",
        "--bank",
        "sb-short",
        "--format",
        "csv",
        "--skip-invalid",
        jsonl,
        jsonl,
    ])
    .run();
    out.code(65);
    let repeats = out.stderr.matches("duplicate respondent id").count();
    assert!(repeats >= 1, "{}", out.stderr);
}

#[test]
fn a_fifo_or_dev_zero_in_the_history_folder_is_skipped_at_once() {
    let data = tempfile::tempdir().unwrap();
    let hist = data.path().join("history");
    std::fs::create_dir_all(&hist).unwrap();
    mkfifo(&hist.join("20250101T000000Z-sb-short.json"));
    std::os::unix::fs::symlink("/dev/zero", hist.join("20250102T000000Z-sb-short.json")).unwrap();
    std::fs::copy(result(), hist.join("20250103T000000Z-sb-short.json")).unwrap();
    let out = sb(&["history", "--format", "json"])
        .env("SECUREBASE_DATA_DIR", data.path())
        .timeout(20)
        .run();
    out.code(0).stderr_has(&[
        "20250101T000000Z-sb-short.json: cannot read: it is a named pipe (FIFO), not a regular file",
        "20250102T000000Z-sb-short.json: cannot read: it is a device, not a regular file",
    ]);
    assert_eq!(out.json().as_array().unwrap().len(), 1);
}
