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
    for n in 1..100 {
        let stem = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let path = dir.join(format!("{stem}.json"));
        match crate::fs::write_private(&path, json.as_bytes(), false) {
            Ok(()) => return Ok(path),
            Err(Error::CantCreate { .. }) if path.exists() => {}
            Err(e) => return Err(e),
        }
    }
    Err(Error::CantCreate {
        path: dir.join(format!("{base}.json")),
        reason: "too many results kept in the same second".into(),
    })
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
        let parsed = crate::fs::read_limited(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| {
                crate::scoring::v1::read(&t, None).map_err(|e| match e {
                    crate::scoring::v1::ReadError::Json(e) => e.to_string(),
                    crate::scoring::v1::ReadError::Schema(s) => format!(
                        "the result format `{}` is not one this securebase reads",
                        s.unwrap_or_default()
                    ),
                })
            });
        match parsed {
            Ok(scored) => listing.entries.push(Entry { id, path, scored }),
            Err(e) => listing
                .problems
                .push(format!("{}: skipped: {e}", path.display())),
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

/// Deletes every kept result (the `.json` files of the history
/// directory); returns how many.
pub fn delete_all_in(dir: &Path) -> Result<usize> {
    let mut n = 0;
    for path in crate::fs::list_json(dir).unwrap_or_default() {
        if path.is_file() {
            std::fs::remove_file(&path).map_err(|source| Error::Write {
                path: path.clone(),
                cause: source,
            })?;
            n += 1;
        }
    }
    Ok(n)
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
