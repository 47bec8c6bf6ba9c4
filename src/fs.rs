//! The file system, for every layer: bounded reads of banks, answer and
//! result files, and writing the user's files: atomically (a temp file in the target's
//! directory, synced, then renamed over) and owner-only, so a crash never
//! leaves half a file and nobody else on the machine can read the answers.

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};

/// Banks, answer files, results and progress files are small; anything
/// larger is a mistake (or an attempt to exhaust memory). The cap is on the
/// bytes actually read, not on what the file system says the size is:
/// `/dev/zero` says 0.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// What kind of thing a path is, in words, when it is not a regular file.
fn kind_of(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        "a directory"
    } else if ft.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// Opens a file that must be a regular file. A named pipe, a device, a
/// socket or a directory is refused ([`Error::NotAFile`], exit 66): a FIFO
/// would hang the reader and `/dev/zero` would never end. The file is
/// opened without blocking (so opening a FIFO cannot hang either) and
/// checked on the open handle, so a swap between the check and the read
/// is impossible. Symbolic links are followed, to what they point at.
pub fn open_regular(path: &Path) -> Result<File> {
    let read_err = |cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    };
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY;
        o.custom_flags(flags.bits() as i32);
    }
    let f = o.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::IsADirectory {
            Error::NotAFile {
                path: path.to_path_buf(),
                kind: "a directory",
            }
        } else {
            read_err(e)
        }
    })?;
    let ft = f.metadata().map_err(read_err)?.file_type();
    if !ft.is_file() {
        return Err(Error::NotAFile {
            path: path.to_path_buf(),
            kind: kind_of(ft),
        });
    }
    Ok(f)
}

/// Reads at most `limit` bytes from `input` into `buf`; `Err(TooLarge)`
/// when there is more. The one bounded read every file goes through.
pub fn read_capped(input: impl Read, limit: u64, path: &Path, buf: &mut Vec<u8>) -> Result<()> {
    input
        .take(limit + 1)
        .read_to_end(buf)
        .map_err(|cause| Error::Read {
            path: path.to_path_buf(),
            cause,
        })?;
    if buf.len() as u64 > limit {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    Ok(())
}

/// UTF-8 text from bytes, without a leading byte order mark; text that is
/// not UTF-8 is invalid data ([`Error::NotText`], exit 65), said with where.
pub fn utf8(bytes: Vec<u8>, path: &Path) -> Result<String> {
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..at];
        let line = before.split(|&b| b == b'\n').count();
        Error::NotText {
            path: path.to_path_buf(),
            line,
            offset: at,
        }
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`] as UTF-8 text (a
/// byte order mark is dropped), with messages that name the file.
pub fn read_limited(path: &Path) -> Result<String> {
    let f = open_regular(path)?;
    let mut bytes = Vec::new();
    read_capped(f, MAX_FILE_BYTES, path, &mut bytes)?;
    utf8(bytes, path)
}

/// Temporary files are named `.securebase-<random>.tmp`, so one left behind
/// by a crash or `kill -9` is recognisable as ours.
const TMP_PREFIX: &str = ".securebase-";
const TMP_SUFFIX: &str = ".tmp";

/// A temporary file this long untouched belongs to a write that died: no
/// write of ours takes more than a moment.
pub const STALE_TMP: Duration = Duration::from_secs(10 * 60);

/// Whether a file name is one of our temporary files.
pub fn is_tmp_name(name: &str) -> bool {
    name.starts_with(TMP_PREFIX) && name.ends_with(TMP_SUFFIX) && name.len() > TMP_PREFIX.len()
}

/// Our temporary files in `dir` (not following links), with their age.
pub fn tmp_files(dir: &Path) -> Vec<(std::path::PathBuf, Duration)> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let now = SystemTime::now();
    rd.filter_map(std::result::Result::ok)
        .filter(|e| e.file_name().to_str().is_some_and(is_tmp_name))
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            if !meta.file_type().is_file() {
                return None;
            }
            let age = meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .unwrap_or_default();
            Some((e.path(), age))
        })
        .collect()
}

/// Removes the temporary files in `dir` older than [`STALE_TMP`] (left by
/// a write that was killed); returns how many. Failures are ignored: this
/// is tidying, and the next write tries again.
pub fn remove_stale_tmp(dir: &Path) -> usize {
    tmp_files(dir)
        .into_iter()
        .filter(|(_, age)| *age >= STALE_TMP)
        .filter(|(p, _)| std::fs::remove_file(p).is_ok())
        .count()
}

/// Why `path` may not be written over: `None` when it does not exist, is
/// a regular file, or is a symbolic link (the link itself is replaced,
/// never what it points at).
fn not_replaceable(path: &Path) -> Option<&'static str> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let ft = meta.file_type();
    (!ft.is_file() && !ft.is_symlink()).then(|| kind_of(ft))
}

/// The error for an output that cannot be created at `path` (exit 73).
fn cant_create(path: &Path, reason: String) -> Error {
    Error::CantCreate {
        path: path.to_path_buf(),
        reason,
    }
}

/// Refuses to write at `path` when something is there that must not be
/// replaced: anything but a regular file or a symbolic link, or (without
/// `overwrite`) anything at all. The one rule of `write_private` and
/// `check_new_file`.
fn may_replace(path: &Path, overwrite: bool) -> Result<()> {
    let cant = |reason: String| cant_create(path, reason);
    if let Some(kind) = not_replaceable(path) {
        return Err(cant(format!(
            "it is {kind}, not a regular file; give the name of a file to write{}",
            if overwrite {
                " (--force replaces regular files only)"
            } else {
                ""
            }
        )));
    }
    if !overwrite && std::fs::symlink_metadata(path).is_ok() {
        return Err(cant(
            "the file exists; pass --force to replace it, or choose another name".into(),
        ));
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically with owner-only permissions (0600 on
/// Unix). Without `overwrite`, an existing file is refused with
/// [`Error::CantCreate`] and left untouched. With it, only a regular file
/// (or a symbolic link, which is replaced by the file: its target is never
/// written) is replaced; a device, FIFO, socket or directory is refused. A
/// missing parent directory is created (owner-only too). Stale temporary
/// files of earlier, killed writes in the same directory are removed.
pub fn write_private(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    let cant = |reason: String| cant_create(path, reason);
    may_replace(path, overwrite)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    create_private_dir(dir).map_err(|e| cant(format!("cannot create its directory: {e}")))?;
    remove_stale_tmp(dir);
    // The temporary file's own name is not shown: it means nothing to the
    // person and is gone by the time they read the message.
    let mut tmp = tempfile::Builder::new()
        .prefix(TMP_PREFIX)
        .suffix(TMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| {
            cant(format!(
                "cannot create a file in {}: {}",
                dir.display(),
                e.kind()
            ))
        })?;
    let write_err = |source| Error::Write {
        path: path.to_path_buf(),
        cause: source,
    };
    set_owner_only(tmp.as_file()).map_err(write_err)?;
    tmp.write_all(bytes).map_err(write_err)?;
    tmp.as_file().sync_all().map_err(write_err)?;
    if overwrite {
        tmp.persist(path).map_err(|e| {
            // Something other than a file appeared there meanwhile.
            match not_replaceable(path) {
                Some(kind) => cant(format!(
                    "it is {kind}, not a regular file; --force replaces regular files only"
                )),
                None => write_err(e.error),
            }
        })?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                cant("the file exists; pass --force to replace it, or choose another name".into())
            } else {
                write_err(e.error)
            }
        })?;
    }
    Ok(())
}

/// Checks, before any work, that a file the person named can be written
/// at `path`: it does not exist (unless `overwrite`), its folder exists
/// (folders the person did not ask for are never created), and a file can
/// be created there. Nothing is left behind.
pub fn check_new_file(path: &Path, overwrite: bool) -> Result<()> {
    let cant = |reason: String| cant_create(path, reason);
    may_replace(path, overwrite)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(cant(format!(
            "the folder {} does not exist; create it first (mkdir -p {}) or choose another place",
            dir.display(),
            dir.display()
        )));
    }
    tempfile::Builder::new()
        .prefix(TMP_PREFIX)
        .suffix(TMP_SUFFIX)
        .tempfile_in(dir)
        .map(drop)
        .map_err(|e| cant(format!("cannot write in {}: {}", dir.display(), e.kind())))
}

/// [`write_private`] for a file the person named: refused, like
/// [`check_new_file`], when its folder does not exist.
pub fn write_new_file(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    check_new_file(path, overwrite)?;
    write_private(path, bytes, overwrite)
}

/// `~` or `~/…` typed by a person (at a prompt, where no shell expands it)
/// with the home folder put in.
pub fn expand_tilde(typed: &str, home: Option<&Path>) -> std::path::PathBuf {
    match (typed.strip_prefix('~'), home) {
        (Some(""), Some(h)) => h.to_path_buf(),
        (Some(rest), Some(h)) if rest.starts_with('/') => h.join(&rest[1..]),
        _ => std::path::PathBuf::from(typed),
    }
}

/// A path as shown to its owner: under the home folder as `~/…`.
pub fn display_home(path: &Path, home: Option<&Path>) -> String {
    match home.and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) if !rest.as_os_str().is_empty() => format!("~/{}", rest.display()),
        _ => path.display().to_string(),
    }
}

/// The `*.json` files of `dir`, sorted by name (a missing directory has
/// none). Banks, kept results and progress files are all listed this way.
pub fn list_json(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut files: Vec<std::path::PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// Writes `bytes` (atomically, owner-only) under the first of `names`
/// (paths in `dir`) that does not exist yet, and returns it. The file is
/// written once; each name is then tried with an exclusive rename, so two
/// writers can never take the same name.
pub fn write_private_new(
    dir: &Path,
    names: impl IntoIterator<Item = std::path::PathBuf>,
    bytes: &[u8],
) -> Result<std::path::PathBuf> {
    let cant = |reason: String| cant_create(dir, reason);
    create_private_dir(dir).map_err(|e| cant(format!("cannot create the directory: {e}")))?;
    remove_stale_tmp(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(TMP_PREFIX)
        .suffix(TMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| cant(format!("cannot create a file: {e}")))?;
    let write_err = |source| Error::Write {
        path: dir.to_path_buf(),
        cause: source,
    };
    set_owner_only(tmp.as_file()).map_err(write_err)?;
    tmp.write_all(bytes).map_err(write_err)?;
    tmp.as_file().sync_all().map_err(write_err)?;
    for path in names {
        match tmp.persist_noclobber(&path) {
            Ok(_) => return Ok(path),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => return Err(write_err(e.error)),
        }
    }
    Err(cant("no free file name left".into()))
}

/// Creates `dir` (and its parents) if missing; new directories are 0700.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

#[cfg(unix)]
fn set_owner_only(f: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    f.set_permissions(std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn set_owner_only(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_owner_only_and_refuses_to_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/out.json");
        write_private(&p, b"one", false).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let err = write_private(&p, b"two", false).unwrap_err();
        assert_eq!(err.exit_code(), 73);
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_private(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        // Only the file itself is left behind: no temp files.
        assert_eq!(std::fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn unwritable_place_is_cant_create() {
        let err = write_private(Path::new("/proc/no/such/dir/x.json"), b"x", false).unwrap_err();
        assert_eq!(err.exit_code(), 73);
    }

    #[test]
    fn named_files_need_their_folder_and_tilde_is_home() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nodir/sub/x.html");
        let err = write_new_file(&missing, b"x", false).unwrap_err();
        assert_eq!(err.exit_code(), 73);
        assert!(err.to_string().contains("does not exist"), "{err}");
        assert!(!dir.path().join("nodir").exists(), "no folder created");
        let ok = dir.path().join("x.html");
        write_new_file(&ok, b"x", false).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let home = Path::new("/home/me");
        assert_eq!(expand_tilde("~/a.json", Some(home)), home.join("a.json"));
        assert_eq!(expand_tilde("~", Some(home)), home);
        assert_eq!(expand_tilde("~x/a", Some(home)), Path::new("~x/a"));
        assert_eq!(expand_tilde("a.json", Some(home)), Path::new("a.json"));
        assert_eq!(
            display_home(&home.join("p/x.json"), Some(home)),
            "~/p/x.json"
        );
        assert_eq!(display_home(Path::new("/tmp/x"), Some(home)), "/tmp/x");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_unwritable_folder_does_not_leak_a_temporary_name() {
        // /proc refuses new files, even to root.
        let err = write_private(Path::new("/proc/x.json"), b"x", false)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("/proc/x.json: cannot create a file in /proc: "),
            "{err}"
        );
        assert!(!err.contains(".tmp"), "{err}");
    }
}
