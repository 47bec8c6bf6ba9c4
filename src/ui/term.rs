//! Terminal output: everything printed goes through anstream, so NO_COLOR,
//! CLICOLOR and `--color` are honoured and a closed pipe ends quietly.

use std::io::Write;

use anstyle::Style;

use crate::error::{Error, Result};

pub const BOLD: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();

pub fn set_color(choice: crate::app::cli::ColorWhen) {
    use crate::app::cli::ColorWhen;
    let c = match choice {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    c.write_global();
}

/// Writes to standard output. A reader that went away (`| head -1`) is not
/// a failure: it becomes [`Error::Closed`], which exits 0 silently.
pub fn out(text: &str) -> Result<()> {
    let mut o = anstream::stdout().lock();
    o.write_all(text.as_bytes())
        .and_then(|()| o.flush())
        .map_err(stdout_error)
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

pub fn styled(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// The width to lay tables out for: the terminal's, or none when unknown
/// (a pipe, or an unsized pty reporting a silly width).
pub fn width() -> Option<u16> {
    let (_, w) = console::Term::stdout().size_checked()?;
    (w >= 20).then_some(w)
}

/// A comfy-table with the house style, sized to the terminal.
pub fn table() -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    // Box drawing only where the locale can show it, as for the plot.
    t.load_style(if crate::render::plot::locale_is_utf8() {
        comfy_table::presets::UTF8_FULL_CONDENSED
    } else {
        comfy_table::presets::ASCII_FULL_CONDENSED
    })
    .set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    if let Some(w) = width() {
        t.set_width(w);
    }
    t
}

/// The foundation's terminal sanitizer for messages ([`crate::sanitize::text`]):
/// kept under this name for the callers in `ui` and `app`.
pub fn sanitize(s: &str) -> String {
    crate::sanitize::text(s)
}
