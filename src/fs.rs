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
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| cant(format!("cannot create a file in {}: {e}", dir.display())))?;
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
}
