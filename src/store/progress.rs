//! Progress files: an interrupted `take` loses nothing. After every answer
//! the session is written (atomically, owner-only) to
//! `<data dir>/progress/<bank id>-<UTC timestamp>.json`; `take --resume`
//! lists these files and continues one; a finished session deletes its file.
//!
//! The answers are kept in the answer-file shape (`key → integer | null |
//! chosen item id`, `target id → "not-applicable"`), so a progress file is
//! readable by a person and close to what `score` reads.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::answers::AnswerSet;
use crate::bank::Bank;
use crate::error::{Error, Result};

pub const SCHEMA: &str = "securebase.progress/1";

/// The folder under the data dir that holds progress files.
pub const DIR: &str = "progress";

/// Where an unfinished session stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub schema: String,
    /// The bank's id and version: a session is only resumed with the same bank.
    pub bank: String,
    pub bank_version: String,
    /// What to give `Catalog::resolve` to find the bank again: its id, or
    /// the (absolute) path it was loaded from.
    pub bank_source: String,
    /// The next step to ask (an index into the session's steps).
    pub position: usize,
    /// Questions answered or skipped so far, and in all (for the resume list).
    pub done: usize,
    pub questions: usize,
    pub started_at: String,
    pub updated_at: String,
    /// Answers so far, in the answer-file shape; `null` = skipped.
    pub answers: Map<String, Value>,
    #[serde(default)]
    pub timings: BTreeMap<String, f64>,
}

/// The answers of a session as an answer-file map: the answered slots,
/// the skipped ones as `null` (so resuming knows them from the unasked),
/// and `target → "not-applicable"`.
pub fn answers_to_map(bank: &Bank, answers: &AnswerSet, skipped: &[bool]) -> Map<String, Value> {
    crate::answers::codec::to_map(bank, answers, |slot| {
        skipped.get(slot).copied().unwrap_or(false)
    })
}

/// Reads an answer map back into answers and skip flags, through the same
/// checks as an answer file (a progress file may have been edited by hand).
pub fn map_to_answers(
    bank: &Bank,
    map: &Map<String, Value>,
    file: &Path,
) -> Result<(AnswerSet, Vec<bool>)> {
    let answers =
        crate::answers::codec::from_map(bank, &file.display().to_string(), map).map_err(|e| {
            Error::InvalidAnswers(format!("{e}; delete this progress file to start afresh"))
        })?;
    let skipped = bank
        .answer_keys()
        .iter()
        .map(|k| map.get(k).is_some_and(Value::is_null))
        .collect();
    Ok((answers, skipped))
}

/// The progress folder in the data dir, if there is a data dir.
pub fn dir(data_dir: Option<&Path>) -> Option<PathBuf> {
    data_dir.map(|d| d.join(DIR))
}

/// A progress file this session owns. Its name was reserved exclusively
/// (two sessions started in the same second get two files), and a lock is
/// held on `<name>.lock` beside it for as long as the session runs, so a
/// second `take --resume` cannot continue the same file at the same time.
/// The operating system releases the lock when the process ends, however
/// it ends (a stale `.lock` file left by `kill -9` locks nothing).
#[derive(Debug)]
pub struct Held {
    pub path: PathBuf,
    lock_path: PathBuf,
    _lock: File,
}

impl Held {
    /// Deletes the progress file and its lock file: the session finished
    /// (or ended before anything was saved).
    pub fn remove(self) {
        let _ = std::fs::remove_file(&self.path);
        let _ = std::fs::remove_file(&self.lock_path);
        // The folder of locks goes with its last lock (an error means
        // another session still has one there).
        if let Some(d) = self.lock_path.parent() {
            let _ = std::fs::remove_dir(d);
        }
    }
}

/// The lock of a progress file: `<data dir>/locks/<name>.lock`, outside
/// the progress folder, which holds progress files only.
fn lock_path(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut name = path.file_stem().unwrap_or_default().to_os_string();
    name.push(".lock");
    dir.with_file_name("locks").join(name)
}

/// Takes the lock of a progress file: `Ok(None)` when another session
/// holds it.
fn lock(path: &Path, file: File) -> Result<Option<Held>> {
    use rustix::fs::{flock, FlockOperation};
    match flock(&file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(Some(Held {
            path: path.to_path_buf(),
            lock_path: lock_path(path),
            _lock: file,
        })),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => Ok(None),
        Err(e) => Err(Error::CantCreate {
            path: lock_path(path),
            reason: format!("cannot lock the progress file: {e}"),
        }),
    }
}

fn open_lock(path: &Path, exclusive: bool) -> std::io::Result<File> {
    let lock = lock_path(path);
    if let Some(d) = lock.parent() {
        crate::fs::create_private_dir(d)?;
    }
    let mut o = std::fs::OpenOptions::new();
    o.read(true).write(true);
    if exclusive {
        o.create_new(true);
    } else {
        o.create(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(lock)
}

/// Reserves a fresh progress file for a session of `bank_id` started at
/// `now`: `<bank>-<stamp>.json`, or `-2`, `-3`… when taken. The name is
/// claimed by creating its lock file exclusively (`O_EXCL`), then locked;
/// the progress file itself is written at the first answer.
pub fn reserve(dir: &Path, bank_id: &str, now: i64) -> Result<Held> {
    let stamp = crate::clock::stamp(now);
    for n in 1..10_000u32 {
        let name = if n == 1 {
            format!("{bank_id}-{stamp}.json")
        } else {
            format!("{bank_id}-{stamp}-{n}.json")
        };
        let path = dir.join(name);
        if path.exists() {
            continue;
        }
        match open_lock(&path, true) {
            Ok(f) => {
                if let Some(held) = lock(&path, f)? {
                    return Ok(held);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(Error::CantCreate {
                    path: lock_path(&path),
                    reason: format!("cannot create the progress lock: {e}"),
                })
            }
        }
    }
    Err(Error::CantCreate {
        path: dir.to_path_buf(),
        reason: "no free progress file name; delete old files in this folder".into(),
    })
}

/// Takes an existing progress file for this session: `Ok(None)` when
/// another session is continuing it right now.
pub fn hold(path: &Path) -> Result<Option<Held>> {
    let f = open_lock(path, false).map_err(|e| Error::CantCreate {
        path: lock_path(path),
        reason: format!("cannot open the progress lock: {e}"),
    })?;
    lock(path, f)
}

/// Saves a session (atomically, owner-only, replacing the previous save)
/// to the file its [`Held`] names.
pub fn save(path: &Path, progress: &Progress) -> Result<()> {
    let text = serde_json::to_string_pretty(progress).expect("progress serializes");
    crate::fs::write_private(path, text.as_bytes(), true)
}

/// What `take --resume` finds in the progress folder.
#[derive(Debug, Default)]
pub struct Listing {
    /// Unfinished sessions, most recently updated first.
    pub sessions: Vec<(PathBuf, Progress)>,
    /// Sessions another `take` is continuing right now.
    pub busy: Vec<PathBuf>,
    /// Files that are not readable progress files, with why.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// The fields of a progress file that are shown before its bank is
/// loaded, checked (the rest is checked against the bank on resume).
fn check_fields(pr: &Progress) -> std::result::Result<(), String> {
    if pr.schema != SCHEMA {
        return Err(format!("its schema is not {SCHEMA}"));
    }
    if !crate::bank::is_bank_id(&pr.bank) {
        return Err("its `bank` is not a bank id".into());
    }
    for (field, t) in [
        ("started_at", &pr.started_at),
        ("updated_at", &pr.updated_at),
    ] {
        if crate::clock::parse_rfc3339(t).is_none() {
            return Err(format!("its `{field}` is not a date and time"));
        }
    }
    if pr.done > pr.questions {
        return Err("its `done` is more than its `questions`".into());
    }
    Ok(())
}

/// Unfinished sessions in `dir`. Files that cannot be read as progress
/// files are returned separately, so the caller can say so instead of
/// silently ignoring them; each is read through the bounded reader (a FIFO
/// or `/dev/zero` placed there is refused, not waited on).
pub fn list(dir: &Path) -> Listing {
    let mut out = Listing::default();
    for p in crate::fs::list_json(dir).unwrap_or_default() {
        let read = crate::fs::read_limited(&p)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<Progress>(&t).map_err(|e| e.to_string()))
            .and_then(|pr| check_fields(&pr).map(|()| pr));
        match read {
            Ok(pr) => match hold(&p) {
                Ok(Some(_)) => out.sessions.push((p, pr)),
                Ok(None) => out.busy.push(p),
                Err(e) => out.unreadable.push((p, e.to_string())),
            },
            Err(e) => out.unreadable.push((p, e)),
        }
    }
    out.sessions
        .sort_by(|a, b| b.1.updated_at.cmp(&a.1.updated_at));
    out
}

/// Checks a progress file's timings against its bank: answer keys only,
/// seconds finite and not negative.
pub fn check_timings(bank: &Bank, pr: &Progress, file: &Path) -> Result<()> {
    let keys = bank.answer_keys();
    for (k, v) in &pr.timings {
        if !keys.contains(k) || !v.is_finite() || *v < 0.0 {
            return Err(Error::InvalidAnswers(format!(
                "{}: `timings`: {}: {v} is not a time spent on one of this questionnaire's questions; delete this progress file to start afresh",
                file.display(),
                crate::sanitize::field(k)
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Answer;

    #[test]
    fn answer_map_round_trips() {
        let bank = crate::bank::Catalog::builtin("sb-relationships")
            .unwrap()
            .bank;
        let mut a = AnswerSet::empty(&bank);
        let mut skipped = vec![false; a.values.len()];
        a.values[0] = Answer::Rating(7);
        skipped[1] = true;
        a.not_applicable[2] = true;
        let m = answers_to_map(&bank, &a, &skipped);
        let keys = bank.answer_keys();
        assert_eq!(m.len(), 3);
        assert_eq!(m[&keys[0]], Value::from(7));
        assert_eq!(m[&keys[1]], Value::Null);
        assert_eq!(m["partner"], Value::from("not-applicable"));
        let (back, sk) = map_to_answers(&bank, &m, Path::new("p.json")).unwrap();
        assert_eq!(back, a);
        assert_eq!(sk, skipped);
    }

    #[test]
    fn bad_values_name_the_file_and_key() {
        let bank = crate::bank::Catalog::builtin("sb-short").unwrap().bank;
        let key = bank.answer_keys()[0].clone();
        let mut m = Map::new();
        m.insert(key.clone(), Value::from(9));
        let err = map_to_answers(&bank, &m, Path::new("p.json"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("p.json") && err.contains(&key) && err.contains('9'),
            "{err}"
        );
        assert!(!err.contains("line"), "{err}");
    }
}

#[cfg(test)]
mod locking {
    use super::*;

    #[test]
    fn two_sessions_started_in_the_same_second_get_two_files() {
        let data = tempfile::tempdir().unwrap();
        let dir = &data.path().join("progress");
        let a = reserve(dir, "sb-short", 1_700_000_000).unwrap();
        let b = reserve(dir, "sb-short", 1_700_000_000).unwrap();
        assert_ne!(a.path, b.path);
        assert!(a.path.ends_with("sb-short-20231114T221320Z.json"));
        assert!(b.path.ends_with("sb-short-20231114T221320Z-2.json"));
        // While `a` runs, nobody else can continue its file.
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(&a.path, "{}").unwrap();
        assert!(hold(&a.path).unwrap().is_none());
        let path = a.path.clone();
        drop(a);
        // Released with the session (as when the process ends).
        let again = hold(&path).unwrap().expect("free after the session ended");
        again.remove();
        assert!(!path.exists() && !lock_path(&path).exists());
        assert_eq!(
            lock_path(&path),
            data.path().join("locks/sb-short-20231114T221320Z.lock")
        );
    }

    #[test]
    fn a_fifo_or_a_device_in_the_folder_is_listed_as_unreadable_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo.json");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.json")).unwrap();
        let listing = list(dir.path());
        assert!(listing.sessions.is_empty());
        assert_eq!(listing.unreadable.len(), 2, "{:?}", listing.unreadable);
        assert!(listing
            .unreadable
            .iter()
            .all(|(_, why)| why.contains("not a regular file")));
    }

    #[test]
    fn hostile_fields_are_refused_before_they_are_shown() {
        let dir = tempfile::tempdir().unwrap();
        let good = Progress {
            schema: SCHEMA.into(),
            bank: "sb-short".into(),
            bank_version: "1.0.0".into(),
            bank_source: "sb-short".into(),
            position: 1,
            done: 1,
            questions: 12,
            started_at: "2025-01-01T00:00:00Z".into(),
            updated_at: "2025-01-01T00:00:05Z".into(),
            answers: Map::new(),
            timings: BTreeMap::new(),
        };
        let mut bad_date = good.clone();
        bad_date.started_at = "\u{1b}]0;PWNED\u{7}".into();
        let mut bad_bank = good.clone();
        bad_bank.bank = "../x\u{9b}".into();
        for (name, pr) in [
            ("a.json", &good),
            ("b.json", &bad_date),
            ("c.json", &bad_bank),
        ] {
            std::fs::write(dir.path().join(name), serde_json::to_string(pr).unwrap()).unwrap();
        }
        let listing = list(dir.path());
        assert_eq!(listing.sessions.len(), 1);
        assert_eq!(listing.unreadable.len(), 2);
    }
}
