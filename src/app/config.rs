//! The environment, read once. `run` builds a [`Config`] from the command
//! line and the process environment before any work (fd's
//! `construct_config`, ripgrep's low/high args); every command then takes
//! what it needs from it as values. Nothing below `app` reads an
//! environment variable or asks a terminal its size.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::app::cli::{Cli, ColorWhen};
use crate::render::RenderCtx;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Where kept results and progress live (`SECUREBASE_DATA_DIR`, else the
    /// platform's data directory); `None` when there is no home to put it in.
    pub data_dir: Option<PathBuf>,
    /// The locale can show Unicode and `--ascii` was not given.
    pub utf8: bool,
    /// Colour on standard error (prompts), as anstream decides it for
    /// standard output: `--color`, NO_COLOR, CLICOLOR(_FORCE), a terminal.
    pub color_stderr: bool,
    pub stdin_tty: bool,
    pub stdout_tty: bool,
    pub stderr_tty: bool,
    /// Columns of the terminal on standard output, when it is one.
    pub stdout_width: Option<usize>,
    /// Columns of the terminal on standard error, when it is one.
    pub stderr_width: Option<usize>,
    /// Columns for output that is not a terminal (`$COLUMNS`, else 80), so a
    /// table written to a file still fits `less` and e-mail.
    pub fallback_width: Option<usize>,
    /// `TERM=dumb`: no cursor movement.
    pub dumb_terminal: bool,
    /// `$PAGER` (when set and not empty): `take` shows the full explanation with it.
    pub pager: Option<String>,
    /// The home folder (`$HOME`): `~` typed at a prompt means it, and paths
    /// under it are shown as `~/…`.
    pub home: Option<PathBuf>,
}

impl Config {
    /// Reads the environment. Also sets the one global colour choice
    /// (anstream's, and console's for the prompts) so both agree.
    pub fn read(cli: &Cli) -> Config {
        let choice = match cli.color {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        };
        choice.write_global();
        let color_stderr =
            anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
        console::set_colors_enabled_stderr(color_stderr);
        console::set_colors_enabled(
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never,
        );
        let var = |k: &str| std::env::var(k).ok();
        let stdout_tty = std::io::stdout().is_terminal();
        Config {
            data_dir: data_dir(var("SECUREBASE_DATA_DIR")),
            utf8: !cli.ascii
                && utf8_locale(
                    var("LC_ALL").as_deref(),
                    var("LC_CTYPE").as_deref(),
                    var("LANG").as_deref(),
                ),
            color_stderr,
            stdin_tty: std::io::stdin().is_terminal(),
            stdout_tty,
            stderr_tty: std::io::stderr().is_terminal(),
            stdout_width: if stdout_tty {
                console::Term::stdout()
                    .size_checked()
                    .map(|(_, w)| usize::from(w))
            } else {
                None
            },
            stderr_width: if std::io::stderr().is_terminal() {
                console::Term::stderr()
                    .size_checked()
                    .map(|(_, w)| usize::from(w))
            } else {
                None
            },
            fallback_width: var("COLUMNS").and_then(|c| c.trim().parse().ok()),
            dumb_terminal: var("TERM").is_some_and(|t| t == "dumb"),
            pager: var("PAGER").filter(|p| !p.trim().is_empty()),
            home: var("HOME").filter(|h| !h.is_empty()).map(PathBuf::from),
        }
    }

    /// How to lay out what goes to standard output.
    pub fn stdout_ctx(&self) -> RenderCtx {
        RenderCtx::new(self.stdout_width.or(self.fallback_width), self.utf8)
    }

    /// Both a person's terminal on standard input and on standard error:
    /// what the prompts need.
    pub fn interactive(&self) -> bool {
        self.stdin_tty && self.stderr_tty
    }
}

/// `SECUREBASE_DATA_DIR` when set and not empty, else the platform's data
/// directory (`$XDG_DATA_HOME/securebase` on Linux).
fn data_dir(over: Option<String>) -> Option<PathBuf> {
    if let Some(d) = over.filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "securebase").map(|p| p.data_dir().to_path_buf())
}

/// Whether the locale's character set is UTF-8: the first non-empty of
/// `LC_ALL`, `LC_CTYPE`, `LANG` decides (as POSIX resolves it), and it is
/// UTF-8 when it names `UTF-8` or `utf8` in any case. Unset means the C
/// locale, which is not.
pub fn utf8_locale(lc_all: Option<&str>, lc_ctype: Option<&str>, lang: Option<&str>) -> bool {
    [lc_all, lc_ctype, lang]
        .into_iter()
        .flatten()
        .find(|s| !s.is_empty())
        .is_some_and(|s| {
            let l = s.to_ascii_lowercase();
            l.contains("utf-8") || l.contains("utf8")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_detection() {
        assert!(utf8_locale(Some("C.UTF-8"), None, None));
        assert!(utf8_locale(None, None, Some("en_GB.utf8")));
        assert!(!utf8_locale(Some("C"), None, Some("en_GB.UTF-8")));
        assert!(utf8_locale(Some(""), None, Some("en_GB.UTF-8")));
        assert!(!utf8_locale(None, None, None));
    }

    #[test]
    fn data_dir_override_wins_unless_empty() {
        assert_eq!(data_dir(Some("/x".into())), Some(PathBuf::from("/x")));
        assert_ne!(data_dir(Some(String::new())), Some(PathBuf::new()));
    }
}
