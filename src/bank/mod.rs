//! Item banks: the format ([`model`]), the validating parser ([`parse`]) and
//! where banks come from ([`Catalog`]): built in, a user directory, or a path.

pub mod fhir;
mod model;
mod parse;
mod parse_published;
pub mod recipe;
pub(crate) mod span;
pub mod texts;

use std::path::{Path, PathBuf};

pub use crate::diag::{Diagnostic, Diagnostics, Severity};
pub use model::*;
/// The keys each object of the format accepts (the parser is the single
/// definition; `questionnaires/schema.json` is checked against these).
pub use parse::{
    is_slug, parse, DIMENSION_KEYS, FORCED_CHOICE_KEYS, ITEM_KEYS, MAX_SCALE_POINTS,
    REFERENCE_KEYS, RESERVED_KEY, SCALE_KEYS, SCALE_LIMIT, TARGET_KEYS, TOP_KEYS,
};
pub use parse_published::{CATEGORY_RULE_KEYS, PERCENTILES_KEYS, PROVENANCE_KEYS};

use crate::error::{Error, Result};
use crate::fs::read_limited;

/// The built-in banks, embedded so the binary works from any directory.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "sb-short",
        include_str!("../../questionnaires/sb-short.json"),
    ),
    ("sb-core", include_str!("../../questionnaires/sb-core.json")),
    (
        "sb-styles",
        include_str!("../../questionnaires/sb-styles.json"),
    ),
    (
        "sb-relationships",
        include_str!("../../questionnaires/sb-relationships.json"),
    ),
];

/// The bank `take` uses when none is named.
pub const DEFAULT_BANK: &str = "sb-short";

/// Where a bank was found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Builtin,
    User(PathBuf),
    Path(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Builtin => f.write_str("built-in"),
            Origin::User(p) | Origin::Path(p) => write!(f, "{}", p.display()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Loaded {
    pub bank: Bank,
    pub origin: Origin,
    pub warnings: Diagnostics,
}

/// Whether `s` is a well-formed bank id (`[a-z0-9-]+`): never a path.
pub fn is_bank_id(s: &str) -> bool {
    parse::is_slug(s)
}

/// Loads and validates one bank file.
pub fn load_path(path: &Path) -> Result<Loaded> {
    let text = read_limited(path)?;
    let (bank, warnings) = parse(&path.display().to_string(), &text).map_err(Error::InvalidBank)?;
    Ok(Loaded {
        bank,
        origin: Origin::Path(path.to_path_buf()),
        warnings,
    })
}

/// All banks a user can name by id: the built-in ones and those in the
/// user's data directory (`<data dir>/questionnaires/*.json`).
#[derive(Debug, Clone)]
pub struct Catalog {
    user_dir: Option<PathBuf>,
}

impl Catalog {
    pub fn new(data_dir: Option<&Path>) -> Self {
        Catalog {
            user_dir: data_dir.map(|d| d.join("questionnaires")),
        }
    }

    pub fn builtin(id: &str) -> Option<Loaded> {
        let (_, text) = BUILTIN.iter().find(|(b, _)| *b == id)?;
        let (bank, warnings) = parse(&format!("<built-in {id}>"), text)
            .unwrap_or_else(|d| panic!("built-in bank {id} is invalid:\n{d}"));
        Some(Loaded {
            bank,
            origin: Origin::Builtin,
            warnings,
        })
    }

    fn user_files(&self) -> Vec<PathBuf> {
        let Some(dir) = &self.user_dir else {
            return Vec::new();
        };
        crate::fs::list_json(dir).unwrap_or_default()
    }

    /// Every bank by id, built-in first. A user bank that is invalid or
    /// shadows a built-in id is an error: silently ignoring it would score
    /// with a different bank than the user meant.
    pub fn all(&self) -> Result<Vec<Loaded>> {
        let mut out: Vec<Loaded> = BUILTIN
            .iter()
            .filter_map(|(id, _)| Self::builtin(id))
            .collect();
        for path in self.user_files() {
            let mut loaded = load_path(&path)?;
            if BUILTIN.iter().any(|(id, _)| *id == loaded.bank.id) {
                return Err(Error::ShadowsBuiltin {
                    path,
                    id: loaded.bank.id,
                });
            }
            loaded.origin = Origin::User(path);
            out.push(loaded);
        }
        Ok(out)
    }

    /// Every bank that loads, built-in first, and the problems of those
    /// that do not (an invalid user bank, one that shadows a built-in id):
    /// for listing, where one broken file must not hide the others.
    pub fn all_lenient(&self) -> (Vec<Loaded>, Vec<Error>) {
        let mut out: Vec<Loaded> = BUILTIN
            .iter()
            .filter_map(|(id, _)| Self::builtin(id))
            .collect();
        let mut problems = Vec::new();
        for path in self.user_files() {
            match load_path(&path) {
                Ok(loaded) if BUILTIN.iter().any(|(id, _)| *id == loaded.bank.id) => {
                    problems.push(Error::ShadowsBuiltin {
                        path,
                        id: loaded.bank.id,
                    });
                }
                Ok(mut loaded) => {
                    loaded.origin = Origin::User(path);
                    out.push(loaded);
                }
                Err(e) => problems.push(e),
            }
        }
        (out, problems)
    }

    /// Resolves what a user typed: a path to a bank file (anything with a
    /// `/` or ending in `.json`), or a bank id.
    pub fn resolve(&self, name: &str) -> Result<Loaded> {
        let looks_like_path = name.contains(std::path::MAIN_SEPARATOR)
            || name.contains('/')
            || Path::new(name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if looks_like_path {
            return load_path(Path::new(name));
        }
        self.by_id(name)
    }

    /// The bank with this id, built in or in the user's directory; never a
    /// path (an id named inside a file must not make us read another file).
    pub fn by_id(&self, name: &str) -> Result<Loaded> {
        if let Some(b) = Self::builtin(name) {
            return Ok(b);
        }
        let all = self.all()?;
        let available: Vec<String> = all.iter().map(|l| l.bank.id.clone()).collect();
        all.into_iter()
            .find(|l| l.bank.id == name)
            .ok_or(Error::UnknownBank {
                id: name.to_string(),
                available,
            })
    }
}
