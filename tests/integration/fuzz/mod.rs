//! The fuzz suite (issue 12): seeded, structure-aware mutations of the
//! fixtures, fed to the real binary for each parser (banks, JSON, JSON
//! Lines and CSV answer files, results, recipe item texts) and to the
//! library for progress
//! files. Each run must end with an exit code from the documented set,
//! without a panic, within a memory cap (`prlimit`: an allocation past it
//! aborts the run, which fails the case) and a time cap.
//!
//! - Every CI run: `SECUREBASE_FUZZ_CASES` cases a target (default 300;
//!   about 2,000 runs in all, some 20 s on two cores).
//! - A longer run: `SECUREBASE_FUZZ_CASES=20000 cargo test --release --test
//!   integration fuzz::` (and `SECUREBASE_FUZZ_SEED=<n>` for other cases).
//! - An input that fails is saved under `target/fuzz-failures/`; once fixed,
//!   it goes into `tests/fixtures/regressions/<target>/`, which every run
//!   replays.

mod mutate;

use std::path::PathBuf;

use fastrand::Rng;

use crate::support::{root, sb_capped, Caps};

/// Exit codes a run may end with on any input (README, "Exit codes"):
/// success, usage, invalid data, unreadable input, output not creatable,
/// write error. 1 (internal failure), 101 (panic) and signals are bugs.
const DOCUMENTED: &[i32] = &[0, 2, 65, 66, 73, 74];

fn cases() -> usize {
    std::env::var("SECUREBASE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

fn seed(target: &str) -> u64 {
    let base: u64 = std::env::var("SECUREBASE_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_261_130);
    target.bytes().fold(base, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// One parser under fuzz: its fixtures, how they are changed, and the
/// commands that read a changed file.
struct Target {
    name: &'static str,
    ext: &'static str,
    /// Fixture paths, each with the bank a command may need for it.
    fixtures: &'static [(&'static str, &'static str)],
    mutate: fn(&str, &mut Rng) -> Vec<u8>,
    commands: fn(file: &str, bank: &str, out: &str) -> Vec<Vec<String>>,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_string()).collect()
}

const TARGETS: &[Target] = &[
    Target {
        name: "bank",
        ext: "json",
        fixtures: &[
            ("questionnaires/sb-short.json", ""),
            ("questionnaires/sb-relationships.json", ""),
            ("questionnaires/sb-styles.json", ""),
            ("tests/fixtures/banks/minimal.json", ""),
        ],
        mutate: mutate::json,
        commands: |f, _, _| {
            vec![
                strings(&["validate", f]),
                strings(&["show", f]),
                strings(&["template", f, "--format", "csv"]),
            ]
        },
    },
    Target {
        name: "answers-json",
        ext: "json",
        fixtures: &[
            ("tests/fixtures/answers/short.json", "sb-short"),
            (
                "tests/fixtures/answers/relationships.json",
                "sb-relationships",
            ),
            ("tests/fixtures/answers/styles.json", "sb-styles"),
            ("tests/fixtures/answers/result-short.json", "sb-short"),
        ],
        mutate: mutate::json,
        commands: |f, b, _| {
            vec![
                strings(&["score", f, "--format", "table"]),
                strings(&["score", f, "--format", "json"]),
                strings(&["score", "--bank", b, f, "--format", "csv"]),
            ]
        },
    },
    Target {
        name: "answers-jsonl",
        ext: "jsonl",
        fixtures: &[("tests/fixtures/answers/short.jsonl", "sb-short")],
        mutate: mutate::jsonl,
        commands: |f, b, _| {
            vec![
                strings(&["score", f, "--format", "csv"]),
                strings(&[
                    "score",
                    "--bank",
                    b,
                    f,
                    "--format",
                    "jsonl",
                    "--skip-invalid",
                ]),
            ]
        },
    },
    Target {
        name: "answers-csv",
        ext: "csv",
        fixtures: &[
            ("tests/fixtures/answers/short.csv", "sb-short"),
            (
                "tests/fixtures/answers/relationships.csv",
                "sb-relationships",
            ),
            ("tests/fixtures/answers/styles.csv", "sb-styles"),
            ("tests/fixtures/study/some-bad-rows.csv", "sb-short"),
        ],
        mutate: mutate::csv,
        commands: |f, b, _| {
            vec![
                strings(&["score", "--bank", b, f, "--format", "csv"]),
                strings(&[
                    "score",
                    "--bank",
                    b,
                    f,
                    "--format",
                    "table",
                    "--skip-invalid",
                ]),
            ]
        },
    },
    Target {
        name: "result",
        ext: "json",
        fixtures: &[
            ("tests/fixtures/results/before.json", ""),
            ("tests/fixtures/results/after.json", ""),
            ("tests/fixtures/results/demo.json", ""),
        ],
        mutate: mutate::json,
        commands: |f, _, out| {
            vec![
                strings(&["report", f, "--markdown"]),
                strings(&["report", f, "--html", out, "--force"]),
                strings(&["compare", f, "tests/fixtures/results/before.json"]),
            ]
        },
    },
    Target {
        name: "recipe-texts",
        ext: "txt",
        fixtures: &[("tests/fixtures/recipes/ecr-r-texts.txt", "ecr-r")],
        mutate: mutate::lines,
        commands: |f, recipe, out| {
            vec![strings(&[
                "bank", "new", "--recipe", recipe, "--texts", f, "-o", out,
            ])]
        },
    },
];

/// Runs one command on one input; `Err` says how it failed.
fn run(args: &[String]) -> Result<(), String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let caps = Caps {
        memory_mib: 512,
        open_files: 256,
        seconds: 30,
    };
    let out = sb_capped(&args, None, &caps);
    let panicked = out.stderr.contains("panicked") || out.stderr.contains("RUST_BACKTRACE");
    if DOCUMENTED.contains(&out.code) && !panicked {
        Ok(())
    } else {
        let head: String = out.stderr.chars().take(600).collect();
        Err(format!("exit {} for {args:?}\n{head}", out.code))
    }
}

/// Keeps a failing input where a person can find it.
fn save_failure(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = root().join("target/fuzz-failures");
    std::fs::create_dir_all(&dir).expect("create target/fuzz-failures");
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("save the failing input");
    p
}

fn fuzz(target: &Target) {
    let work = tempfile::tempdir().expect("a work folder");
    let base = seed(target.name);
    let mut failures = Vec::new();
    for case in 0..cases() {
        let case_seed = base.wrapping_add(case as u64);
        let mut rng = Rng::with_seed(case_seed);
        let (fixture, bank) = target.fixtures[rng.usize(..target.fixtures.len())];
        let text = std::fs::read_to_string(root().join(fixture)).expect("fixture");
        let bytes = (target.mutate)(&text, &mut rng);
        let file = work.path().join(format!("case.{}", target.ext));
        std::fs::write(&file, &bytes).expect("write the case");
        let out = work.path().join("out.html");
        let commands = (target.commands)(
            &file.display().to_string(),
            bank,
            &out.display().to_string(),
        );
        let args = &commands[rng.usize(..commands.len())];
        if let Err(why) = run(args) {
            let saved = save_failure(
                &format!("{}-{case_seed}.{}", target.name, target.ext),
                &bytes,
            );
            failures.push(format!("{why}\n(input saved in {})", saved.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {} cases failed (seed {base}); add each input to tests/fixtures/regressions/{}/ once fixed:\n\n{}",
        failures.len(),
        cases(),
        target.name,
        target.name,
        failures.join("\n\n")
    );
}

fn target(name: &str) -> &'static Target {
    TARGETS.iter().find(|t| t.name == name).expect("a target")
}

#[test]
fn banks() {
    fuzz(target("bank"));
}

#[test]
fn json_answer_files() {
    fuzz(target("answers-json"));
}

#[test]
fn json_lines_answer_files() {
    fuzz(target("answers-jsonl"));
}

#[test]
fn csv_answer_files() {
    fuzz(target("answers-csv"));
}

#[test]
fn results() {
    fuzz(target("result"));
}

#[test]
fn recipe_texts() {
    fuzz(target("recipe-texts"));
}

/// Every input that once failed, through every command of its target.
#[test]
fn regressions_stay_fixed() {
    let work = tempfile::tempdir().expect("a work folder");
    let out = work.path().join("out.html").display().to_string();
    let mut failures = Vec::new();
    let mut count = 0;
    for t in TARGETS {
        let dir = root().join("tests/fixtures/regressions").join(t.name);
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = rd.map(|e| e.expect("entry").path()).collect();
        files.sort();
        for f in files {
            count += 1;
            let bank = t.fixtures[0].1;
            for args in (t.commands)(&f.display().to_string(), bank, &out) {
                if let Err(why) = run(&args) {
                    failures.push(format!("{}: {why}", f.display()));
                }
            }
        }
    }
    assert!(
        count >= 10,
        "the regression corpus is missing ({count} files)"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Progress files are read by `take --resume`, which needs a terminal:
/// they are fuzzed through the library, as `take` reads them.
#[test]
fn progress_files() {
    use securebase::store::progress;
    let bank = securebase::bank::Catalog::builtin("sb-short")
        .expect("built in")
        .bank;
    let template = serde_json::json!({
        "schema": "securebase.progress/1",
        "bank": "sb-short",
        "bank_version": bank.version,
        "bank_source": "sb-short",
        "position": 3,
        "done": 3,
        "questions": 12,
        "started_at": "2025-01-01T10:00:00Z",
        "updated_at": "2025-01-01T10:01:00Z",
        "answers": {"anx-01": 4, "avo-01": null, "anx-02": 7},
        "timings": {"anx-01": 2.5},
    })
    .to_string();
    let base = seed("progress");
    for case in 0..cases() * 3 {
        let mut rng = Rng::with_seed(base.wrapping_add(case as u64));
        let bytes = mutate::json(&template, &mut rng);
        let data = tempfile::tempdir().expect("a data folder");
        let dir = data.path().join("progress");
        std::fs::create_dir_all(&dir).expect("progress folder");
        let file = dir.join("sb-short-20250101T100000Z.json");
        std::fs::write(&file, &bytes).expect("write the case");
        let outcome = std::panic::catch_unwind(|| {
            for (path, pr) in progress::list(&dir).sessions {
                let Ok((answers, skipped)) = progress::map_to_answers(&bank, &pr.answers, &path)
                else {
                    continue;
                };
                let _ = progress::check_timings(&bank, &pr, &path);
                assert_eq!(answers.values.len(), skipped.len());
            }
        });
        if outcome.is_err() {
            let saved = save_failure(&format!("progress-{case}.json"), &bytes);
            panic!(
                "progress case {case} panicked; input saved in {}",
                saved.display()
            );
        }
    }
}
