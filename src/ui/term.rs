//! Terminal output: everything printed goes through anstream, so NO_COLOR,
//! CLICOLOR and `--color` are honoured and a closed pipe ends quietly.

use std::io::Write;

use crate::error::{Error, Result};
use crate::render::RenderCtx;

/// Writes to standard output. A reader that went away (`| head -1`) is not
/// a failure: it becomes [`Error::Closed`], which exits 0 silently.
pub fn out(text: &str) -> Result<()> {
    let mut o = anstream::stdout().lock();
    o.write_all(text.as_bytes())
        .and_then(|()| o.flush())
        .map_err(stdout_error)
}

/// Writes text rendered for `ctx` to standard output: in ASCII where the
/// output cannot show Unicode (see `render::glyphs`).
pub fn print(ctx: &RenderCtx, text: &str) -> Result<()> {
    out(&ctx.finish(text))
}

/// A failed write to standard output: a reader that went away is
/// [`Error::Closed`] (exit 0), anything else a write error (74).
pub fn stdout_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::Closed
    } else {
        Error::Write {
            path: "<stdout>".into(),
            cause: e,
        }
    }
}

/// Writes one line to standard error. A diagnostic that cannot be written
/// (stderr closed, or `2>/dev/full`) is dropped: it must never turn the
/// exit code the command owes into a panic (101). `eprintln!` panics.
pub fn note(line: &str) {
    let mut e = anstream::stderr().lock();
    let _ = writeln!(e, "{line}").and_then(|()| e.flush());
}

/// The foundation's terminal sanitizer for messages ([`crate::sanitize::text`]):
/// kept under this name for the callers in `ui` and `app`.
pub fn sanitize(s: &str) -> String {
    crate::sanitize::text(s)
}
