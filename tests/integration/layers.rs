//! The layering stays true: every `crate::X` a module of `src/` names is
//! at its own layer or below (README, "Architecture"). A lower layer naming
//! a higher one, or a new top-level module missing from `LAYERS`, fails
//! here, so a cycle can never creep back in.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::root;

/// Top-level modules of `src/`, highest layer first. Modules on one line
/// share a layer and may name each other (the foundation does, one way).
const LAYERS: &[&[&str]] = &[
    &["app"],
    &["ui"],
    &["render"],
    &["store"],
    &["text"],
    &["scoring"],
    &["answers"],
    &["bank"],
    &["fs", "error", "diag", "clock", "sanitize"],
];

/// Within the foundation, the only arrows allowed (so no cycle forms there).
const FOUNDATION_ARROWS: &[(&str, &str)] =
    &[("fs", "error"), ("error", "diag"), ("diag", "sanitize")];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level module a file under `src/` belongs to.
fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The source without `#[cfg(test)] mod … { … }` blocks: tests may use anything.
fn without_tests(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(open) = after.find('{') else {
            break;
        };
        let mut depth = 0usize;
        let mut end = after.len();
        for (i, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Every `crate::name` and `crate::{a, b}` named in `text`, by first segment.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for part in inner.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_names_a_higher_layer() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let from = module_of(rel);
        if from == "lib" || from == "main" {
            continue;
        }
        let Some(from_layer) = layer_of(&from) else {
            problems.push(format!(
                "{}: module `{from}` has no layer in LAYERS",
                rel.display()
            ));
            continue;
        };
        let text = without_tests(&std::fs::read_to_string(file).unwrap());
        for to in named_modules(&text) {
            if to == from {
                continue;
            }
            let Some(to_layer) = layer_of(&to) else {
                // `crate::Error` and other re-exports at the root are fine.
                if to.starts_with(char::is_uppercase) {
                    continue;
                }
                problems.push(format!(
                    "{}: names `crate::{to}`, which has no layer",
                    rel.display()
                ));
                continue;
            };
            let upward = to_layer < from_layer
                || (to_layer == from_layer
                    && !FOUNDATION_ARROWS.contains(&(from.as_str(), to.as_str())));
            if upward {
                problems.push(format!(
                    "{}: `{from}` names `crate::{to}`, a higher layer (or a sideways arrow not in FOUNDATION_ARROWS)",
                    rel.display()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "layering broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_sees_group_imports_and_skips_tests() {
    let text = "use crate::{bank, scoring::score};\n#[cfg(test)]\nmod tests { use crate::app; }\nfn f() { crate::render::x(); }";
    let named = named_modules(&without_tests(text));
    assert_eq!(
        named.into_iter().collect::<Vec<_>>(),
        ["bank", "render", "scoring"]
    );
}
