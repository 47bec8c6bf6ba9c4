//! Problems found in a bank file, each with where it is and how to fix it.
//! Validation collects all of them so a bank author fixes a file in one pass.

use std::fmt;

/// The closest of `candidates` to `word`, if one is close enough to be a
/// likely typo: equal ignoring case, or a Jaro–Winkler similarity of at
/// least 0.8 (ties go to the alphabetically first). The one suggester for
/// bank keys, answer keys and ids.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = if c.to_lowercase() == lower {
            2.0
        } else {
            strsim::jaro_winkler(&lower, &c.to_lowercase())
        };
        if score >= 0.8 && best.is_none_or(|(s, b)| score > s || (score >= s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where in the document, e.g. `items[12].dimension` (empty = the whole file).
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

/// All problems of one file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Diagnostics {
    pub file: String,
    pub problems: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }
}

impl fmt::Display for Diagnostics {
    /// `file:line:column: error: message`, then the place and the fix, one
    /// problem after another, then a count, the way compilers report.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Enough to fix a file in one pass; a flood helps nobody.
        const SHOWN: usize = 200;
        for (i, d) in self.problems.iter().take(SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", crate::sanitize::field(&self.file))?;
            if let (Some(l), Some(c)) = (d.line, d.column) {
                write!(f, ":{l}:{c}")?;
            }
            let sev = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            // Messages quote keys and values from the file: shown, never
            // sent to a terminal (a key may hold a line break or an escape).
            let field = crate::sanitize::field;
            write!(f, ": {sev}: {}", field(&d.message))?;
            if !d.path.is_empty() {
                write!(f, "\n  at: {}", field(&d.path))?;
            }
            if let Some(h) = &d.help {
                write!(f, "\n  fix: {}", field(h))?;
            }
        }
        let (e, w) = (self.errors(), self.warnings());
        if !self.problems.is_empty() {
            writeln!(f)?;
        }
        if self.problems.len() > SHOWN {
            writeln!(
                f,
                "{}: {} more problems not shown",
                crate::sanitize::field(&self.file),
                self.problems.len() - SHOWN
            )?;
        }
        write!(
            f,
            "{}: {e} error{}, {w} warning{}",
            self.file,
            if e == 1 { "" } else { "s" },
            if w == 1 { "" } else { "s" }
        )
    }
}
