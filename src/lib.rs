//! securebase: self-report adult attachment questionnaires, offline.
//!
//! Data flows one way: [`bank`] (load + validate) → answers → scoring →
//! classification → rendering. The scoring core is pure; prompting and
//! rendering sit at the edges. `main.rs` only parses arguments and maps
//! errors to exit codes.

pub mod answers;
pub(crate) mod app;
pub mod bank;
pub(crate) mod clock;
pub mod diag;
pub mod error;
pub mod fs;
pub mod render;
pub mod sanitize;
pub mod scoring;
pub mod store;
pub mod text;
pub(crate) mod ui;

pub use app::cli::Cli;
pub use app::report_parse_error;
pub use app::run;
pub use error::{Error, Result};
pub use ui::term::{note, sanitize};

/// The exit code for an error from [`run`]: the library's own kinds carry
/// theirs; anything else is an internal failure.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    err.chain()
        .find_map(|e| e.downcast_ref::<Error>())
        .map_or(error::exit::FAILURE, Error::exit_code)
}

/// Whether main should stay silent (the command already reported, or the
/// reader closed the pipe).
pub fn is_silent(err: &anyhow::Error) -> bool {
    matches!(
        err.downcast_ref::<Error>(),
        Some(Error::Closed | Error::Reported(_))
    )
}
