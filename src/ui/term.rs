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

/// Replaces control characters (and bidirectional overrides, which reorder
/// what is shown) with a visible escape so nothing read from a file can drive
/// the terminal when echoed in a message.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            if (c.is_control() && c != '\n') || bidi {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
