//! Saved results: `<data dir>/history/<timestamp>-<bank>.json`, written
//! owner-only and only when the user chose to keep a result (`take`
//! asks; `report --keep`). A result's id is its file stem. The timestamp is
//! when the answers were completed (the result's `completed_at`), else when
//! it was kept, in UTC as `YYYYMMDDTHHMMSSZ`, so file names sort by date.

use crate::clock::{now_unix, parse_rfc3339, stamp};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::scoring::result::ResultDoc;

/// The history directory, `<data dir>/history`.
pub fn dir(data_dir: Option<&Path>) -> Result<PathBuf> {
    data_dir
        .map(|d| d.join("history"))
        .ok_or_else(|| Error::CantCreate {
            path: "history".into(),
            reason: "no data directory could be found for this user; set SECUREBASE_DATA_DIR"
                .into(),
        })
}

/// Keeps a result in the history; returns where it was written.
pub fn keep(data_dir: Option<&Path>, scored: &ResultDoc) -> Result<PathBuf> {
    keep_in(&dir(data_dir)?, scored, now_unix())
}

/// A result in the history: where, and whether it was there already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub path: PathBuf,
    /// The same result (same questionnaire, respondent, answers and
    /// completion time) was kept before: nothing new was written.
    pub already: bool,
}

/// [`keep`], unless the same result is kept already: keeping it twice
/// would list one result as two and double it in every trend.
pub fn keep_once(data_dir: Option<&Path>, scored: &ResultDoc) -> Result<Kept> {
    let dir = dir(data_dir)?;
    if let Some(e) = list_in(&dir)?
        .entries
        .into_iter()
        .find(|e| same(&e.scored, scored))
    {
        return Ok(Kept {
            path: e.path,
            already: true,
        });
    }
    Ok(Kept {
        path: keep_in(&dir, scored, now_unix())?,
        already: false,
    })
}

/// Whether two results are the same answers of the same person.
fn same(a: &ResultDoc, b: &ResultDoc) -> bool {
    a.bank.id == b.bank.id
        && a.bank.version == b.bank.version
        && a.respondent == b.respondent
        && a.completed_at == b.completed_at
        && a.answers == b.answers
}

/// [`keep`] into a given directory, with the current time given.
pub fn keep_in(dir: &Path, scored: &ResultDoc, now: i64) -> Result<PathBuf> {
    create_private_dir(dir)?;
    let secs = scored
        .completed_at
        .as_deref()
        .and_then(parse_rfc3339)
        .unwrap_or(now);
    let base = format!("{}-{}", stamp(secs), safe_id(&scored.bank.id));
    let mut json = serde_json::to_string_pretty(scored).map_err(|e| Error::Write {
        path: dir.to_path_buf(),
        cause: e.into(),
    })?;
    json.push('\n');
    // `<base>.json`, `<base>-2.json`, … and, past a hundred in one second,
    // a random suffix: never a limit.
    let names = (1..100u32)
        .map(|n| {
            if n == 1 {
                format!("{base}.json")
            } else {
                format!("{base}-{n}.json")
            }
        })
        .chain(std::iter::repeat_with(|| {
            format!("{base}-{:08x}.json", fastrand::u32(..))
        }))
        .take(10_000)
        .map(|name| dir.join(name));
    crate::fs::write_private_new(dir, names, json.as_bytes())
}

fn create_private_dir(dir: &Path) -> Result<()> {
    crate::fs::create_private_dir(dir).map_err(|e| Error::CantCreate {
        path: dir.to_path_buf(),
        reason: format!("cannot create the history directory: {e}"),
    })
}

/// Bank ids are `[a-z0-9-]+`; anything else is replaced so a result file
/// can never name a path outside the history directory.
fn safe_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() {
        "bank".into()
    } else {
        s
    }
}

/// One kept result.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub path: PathBuf,
    pub scored: ResultDoc,
}

/// What is in the history: results oldest first, and the files that could
/// not be read (named, with why).
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub entries: Vec<Entry>,
    pub problems: Vec<String>,
}

/// Lists a history directory (a missing directory is an empty history).
pub fn list_in(dir: &Path) -> Result<Listing> {
    let mut listing = Listing::default();
    let paths = crate::fs::list_json(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        cause: source,
    })?;
    for path in paths {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Only what `report` and `compare` would read too is listed.
        let parsed = super::result_file::read(&path, |_| None).map_err(|e| e.to_string());
        match parsed {
            Ok(scored) => listing.entries.push(Entry { id, path, scored }),
            Err(e) => listing.problems.push(format!("skipped: {e}")),
        }
    }
    Ok(listing)
}

/// The file of a kept result, if the id is well formed and exists.
fn path_of(dir: &Path, id: &str) -> Result<PathBuf> {
    let well_formed = !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    let path = dir.join(format!("{id}.json"));
    if well_formed && path.is_file() {
        Ok(path)
    } else {
        Err(Error::Read {
            path,
            cause: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "no kept result with the id `{id}`; run `securebase history` to see the ids"
                ),
            ),
        })
    }
}

/// Deletes one kept result by id; returns the file removed.
pub fn delete_in(dir: &Path, id: &str) -> Result<PathBuf> {
    let path = path_of(dir, id)?;
    std::fs::remove_file(&path).map_err(|source| Error::Write {
        path: path.clone(),
        cause: source,
    })?;
    Ok(path)
}

/// What `history --delete-all` deletes: every `.json` file of the
/// history folder (kept results, and files that are not readable results),
/// and temporary files left by writes that were killed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inventory {
    pub results: Vec<PathBuf>,
    pub unreadable: Vec<PathBuf>,
    pub temporary: Vec<PathBuf>,
}

impl Inventory {
    pub fn total(&self) -> usize {
        self.results.len() + self.unreadable.len() + self.temporary.len()
    }

    /// "3 files: 2 kept results, 1 temporary file", counting what is there.
    pub fn describe(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = vec![plural(self.results.len(), "kept result", "kept results")];
        if !self.unreadable.is_empty() {
            parts.push(plural(
                self.unreadable.len(),
                "file that is not a readable result",
                "files that are not readable results",
            ));
        }
        if !self.temporary.is_empty() {
            parts.push(plural(
                self.temporary.len(),
                "temporary file left by an interrupted write",
                "temporary files left by interrupted writes",
            ));
        }
        parts.join(", ")
    }
}

/// Takes stock of a history folder for [`delete_all_in`]. Symbolic links
/// count as files (the link is what is deleted, never its target);
/// anything else that is not a regular file is left alone.
pub fn inventory(dir: &Path) -> Inventory {
    let mut inv = Inventory::default();
    for path in crate::fs::list_json(dir).unwrap_or_default() {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !(meta.is_file() || meta.file_type().is_symlink()) {
            continue;
        }
        if super::result_file::read(&path, |_| None).is_ok() {
            inv.results.push(path);
        } else {
            inv.unreadable.push(path);
        }
    }
    inv.temporary = crate::fs::tmp_files(dir)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    inv
}

/// Deletes what [`inventory`] found; returns exactly what was deleted.
pub fn delete_all_in(dir: &Path) -> Result<Inventory> {
    let found = inventory(dir);
    let mut done = Inventory::default();
    for (from, to) in [
        (&found.results, &mut done.results),
        (&found.unreadable, &mut done.unreadable),
        (&found.temporary, &mut done.temporary),
    ] {
        for path in from {
            std::fs::remove_file(path).map_err(|source| Error::Write {
                path: path.clone(),
                cause: source,
            })?;
            to.push(path.clone());
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_escape_the_directory() {
        let d = tempfile::tempdir().unwrap();
        assert!(path_of(d.path(), "../x").is_err());
        assert!(path_of(d.path(), ".hidden").is_err());
        assert_eq!(safe_id("../Sb short"), "---sb-short");
    }
}

#[cfg(test)]
mod keeping {
    use super::*;

    #[test]
    fn the_same_result_can_be_kept_any_number_of_times_in_one_second() {
        let dir = tempfile::tempdir().unwrap();
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/results/before.json"
        ))
        .unwrap();
        let scored = crate::scoring::v1::read(&text, None).unwrap();
        let mut paths = std::collections::BTreeSet::new();
        for _ in 0..150 {
            assert!(paths.insert(keep_in(dir.path(), &scored, 0).unwrap()));
        }
        let files = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(files, 150, "150 results, no temporary file left");
        assert_eq!(list_in(dir.path()).unwrap().entries.len(), 150);
    }
}
