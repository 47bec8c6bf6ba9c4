//! The README can't drift (issue 13): every ```console block in README.md
//! is run, the way trycmd checks clap's and cargo's docs. A block is
//! `$ command` lines, each followed by exactly what it prints (standard
//! output, then standard error; trailing spaces aside). Commands run with `sh` from the crate
//! root, with `securebase` on the PATH, a fresh data folder shared by the
//! block (so a block can keep a result and then list it), no colour, a
//! UTF-8 locale and 80 columns.
//!
//! After a deliberate change of output, `README_OVERWRITE=1 cargo test
//! --test integration readme` writes the actual output into the README;
//! review the diff before committing it.

use std::path::Path;
use std::process::Command;

use crate::support::root;

/// One `$ command` of a console block and the output written under it.
struct Example {
    command: String,
    expected: String,
    /// Line range of the expected output in the README (0-based, end exclusive).
    lines: std::ops::Range<usize>,
}

/// The console blocks: each a list of examples. A block may be indented
/// (inside a list item); its lines are read without that indentation.
fn blocks(readme: &str) -> Vec<(String, Vec<Example>)> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "```console" {
            i += 1;
            continue;
        }
        let indent = lines[i].len() - lines[i].trim_start().len();
        let strip = |l: &str| l.get(indent..).unwrap_or("").to_string();
        i += 1;
        let mut block: Vec<Example> = Vec::new();
        while i < lines.len() && lines[i].trim() != "```" {
            if let Some(cmd) = strip(lines[i]).strip_prefix("$ ") {
                let start = i + 1;
                let mut end = start;
                while end < lines.len()
                    && !strip(lines[end]).starts_with("$ ")
                    && lines[end].trim() != "```"
                {
                    end += 1;
                }
                let expected = trimmed(lines[start..end].iter().map(|l| strip(l)));
                block.push(Example {
                    command: cmd.to_string(),
                    expected,
                    lines: start..end,
                });
                i = end;
            } else {
                i += 1;
            }
        }
        out.push((" ".repeat(indent), block));
        i += 1;
    }
    out
}

/// Lines joined, each with its trailing spaces removed and a newline.
fn trimmed(lines: impl Iterator<Item = String>) -> String {
    let mut out = String::new();
    for l in lines {
        out.push_str(l.trim_end());
        out.push('\n');
    }
    out
}

fn run(command: &str, data: &Path) -> String {
    let bin = assert_cmd::cargo::cargo_bin("securebase");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .args(["-c", command])
        .current_dir(root())
        .env("PATH", path)
        .env("SECUREBASE_DATA_DIR", data)
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C.UTF-8")
        .env("COLUMNS", "80")
        .env("HOME", data)
        .env_remove("CLICOLOR_FORCE")
        .env_remove("RUST_BACKTRACE")
        .env_remove("PAGER")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run sh");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    // Trailing spaces are invisible in a README (and editors strip them).
    trimmed(text.lines().map(String::from))
}

#[test]
fn every_console_block_of_the_readme_prints_what_it_shows() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let blocks = blocks(&readme);
    assert!(
        blocks.len() >= 8,
        "the README's examples are console blocks"
    );
    let mut lines: Vec<String> = readme.lines().map(String::from).collect();
    let mut replacements: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut failures = Vec::new();
    for (indent, block) in &blocks {
        let data = tempfile::tempdir().unwrap();
        for ex in block {
            let got = run(&ex.command, data.path());
            if got != ex.expected {
                failures.push(format!(
                    "$ {}\n--- README (line {})\n{}--- actual\n{}",
                    ex.command,
                    ex.lines.start + 1,
                    ex.expected,
                    got
                ));
                let indented = trimmed(got.lines().map(|l| format!("{indent}{l}")));
                replacements.push((ex.lines.clone(), indented));
            }
        }
    }
    if failures.is_empty() {
        return;
    }
    if std::env::var_os("README_OVERWRITE").is_some() {
        for (range, got) in replacements.into_iter().rev() {
            lines.splice(range, got.lines().map(|l| l.trim_end().to_string()));
        }
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        return;
    }
    panic!(
        "{} README example(s) print something else (README_OVERWRITE=1 rewrites them):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
