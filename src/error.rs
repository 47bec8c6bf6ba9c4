//! Library error kinds. Each kind owns its exit code so `main` never guesses
//! (the table is part of the CLI's API and documented in the README).

use std::path::PathBuf;

use crate::diag::Diagnostics;

/// Exit codes, as documented in the README and `--help` (BSD sysexits where one fits).
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILURE: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const DATA: u8 = 65;
    pub const NO_INPUT: u8 = 66;
    pub const CANT_CREATE: u8 = 73;
    pub const IO: u8 = 74;
    /// 128 + the signal: SIGINT (Ctrl-C), SIGHUP (the terminal went
    /// away), SIGTERM (asked to stop), as shells report them.
    pub const INTERRUPTED: u8 = 130;
    pub const HANGUP: u8 = 129;
    pub const TERMINATED: u8 = 143;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: cannot read: {cause}", path.display())]
    Read {
        path: PathBuf,
        /// Not named `source`: the message already says it, and a source
        /// would print it twice in `error: {:#}`.
        cause: std::io::Error,
    },
    #[error(
        "{}: more than {} MiB ({limit} bytes); larger files are refused (is this really a questionnaire, answer or result file?)",
        path.display(), limit / (1024 * 1024)
    )]
    TooLarge { path: PathBuf, limit: u64 },
    /// A path where a regular file was expected names a FIFO, a device, a
    /// socket or a directory: refused before it is read (it could hang or
    /// never end).
    #[error("{}: cannot read: it is {kind}, not a regular file; give the path of a file", path.display())]
    NotAFile { path: PathBuf, kind: &'static str },
    /// A file that should be UTF-8 text is not.
    #[error("{}: line {line}: not UTF-8 text (byte {offset} is not valid UTF-8); save the file as UTF-8", path.display())]
    NotText {
        path: PathBuf,
        line: usize,
        offset: usize,
    },
    #[error("{0}")]
    InvalidBank(Diagnostics),
    #[error("no questionnaire called `{id}`; available: {}. Run `securebase list` to see them, or give a path to a bank file", available.join(", "))]
    UnknownBank { id: String, available: Vec<String> },
    #[error("{}: defines the bank id `{id}`, which is a built-in questionnaire's id; give it another id, or pass the file by path to use it anyway", path.display())]
    ShadowsBuiltin { path: PathBuf, id: String },
    #[error("{0}")]
    InvalidAnswers(String),
    #[error("{0}")]
    InvalidRecipe(Diagnostics),
    #[error("no recipe called `{id}`; available: {}. Run `securebase bank recipes` to see them, or give a path to a recipe file", available.join(", "))]
    UnknownRecipe { id: String, available: Vec<String> },
    /// The user's item text file for `bank new`: every problem, by line.
    #[error("{0}")]
    InvalidTexts(Diagnostics),
    #[error("{}: {reason}", path.display())]
    CantCreate { path: PathBuf, reason: String },
    #[error("{}: write failed: {cause}", path.display())]
    Write {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Interrupted(String),
    /// Standard output was closed by its reader (`| head`): not a failure.
    #[error("output closed")]
    Closed,
    /// The command already printed its own report (e.g. `validate`); only
    /// the exit code remains to be given.
    #[error("")]
    Reported(u8),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Read { .. }
            | Error::NotAFile { .. }
            | Error::UnknownBank { .. }
            | Error::UnknownRecipe { .. } => exit::NO_INPUT,
            Error::TooLarge { .. }
            | Error::NotText { .. }
            | Error::InvalidBank(_)
            | Error::InvalidRecipe(_)
            | Error::InvalidTexts(_)
            | Error::ShadowsBuiltin { .. }
            | Error::InvalidAnswers(_) => exit::DATA,
            Error::CantCreate { .. } => exit::CANT_CREATE,
            Error::Write { .. } => exit::IO,
            Error::Usage(_) => exit::USAGE,
            Error::Interrupted(_) => exit::INTERRUPTED,
            Error::Closed => exit::OK,
            Error::Reported(code) => *code,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
