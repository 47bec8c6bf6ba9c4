//! Where securebase keeps the user's files. `SECUREBASE_DATA_DIR` overrides
//! the platform data directory (tests use it to stay hermetic).

use std::path::PathBuf;

pub fn data_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("SECUREBASE_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "securebase").map(|p| p.data_dir().to_path_buf())
}
