//! The file system, for every layer: bounded reads of banks, answer and
//! result files, and writing the user's files: atomically (a temp file in the target's
//! directory, synced, then renamed over) and owner-only, so a crash never
//! leaves half a file and nobody else on the machine can read the answers.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Banks and answer files are small; anything larger is a mistake (or an
/// attempt to exhaust memory) and is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// Reads a file, refusing missing, unreadable and oversized ones with
/// messages that name the file.
pub fn read_limited(path: &Path) -> Result<String> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        cause: source,
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        cause: source,
    })
}

/// Writes `bytes` to `path` atomically with owner-only permissions (0600 on
/// Unix). Without `overwrite`, an existing file is refused with
/// [`Error::CantCreate`] and left untouched. A missing parent directory is
/// created (owner-only too).
pub fn write_private(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    let cant = |reason: String| Error::CantCreate {
        path: path.to_path_buf(),
        reason,
    };
    if !overwrite && path.exists() {
        return Err(cant(
            "the file exists; pass --force to replace it, or choose another name".into(),
        ));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    create_private_dir(dir).map_err(|e| cant(format!("cannot create its directory: {e}")))?;
    // The temporary file's own name is not shown: it means nothing to the
    // person and is gone by the time they read the message.
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| {
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
        tmp.persist(path).map_err(|e| write_err(e.error))?;
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
    let cant = |reason: String| Error::CantCreate {
        path: path.to_path_buf(),
        reason,
    };
    if path.is_dir() {
        return Err(cant("this is a folder; give a file name".into()));
    }
    if !overwrite && path.exists() {
        return Err(cant(
            "the file exists; pass --force to replace it, or choose another name".into(),
        ));
    }
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
    tempfile::NamedTempFile::new_in(dir)
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
