//! Drawing a block of lines on standard error and keeping it current: the
//! [`Painter`] remembers what it drew and, on the next paint, rewrites only
//! the lines that changed (a moved cursor rewrites two lines, not the whole
//! question, so nothing flickers over a slow SSH link). A resized window is
//! repainted whole on a cleared screen, because terminals reflow old lines
//! differently. [`next_event`] reads keys and notices resizes (SIGWINCH) while
//! waiting, so the screen is redrawn at once, not on the next key.

use std::fmt::Write as _;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

use console::{Key, Term};

/// Set by the SIGWINCH handler; cleared when the resize is handled.
static RESIZED: AtomicBool = AtomicBool::new(false);
static WATCH: Once = Once::new();

/// What the person did while a block was on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Key(Key),
    /// The window changed size: lay out again and repaint.
    Resize,
}

/// Starts noticing window resizes (once per process). Without it a
/// resize is seen only on the next key.
pub fn watch_resizes() {
    WATCH.call_once(|| {
        #[cfg(unix)]
        let _ = signal_hook::flag::register(signal_hook::consts::SIGWINCH, &RESIZED);
    });
}

/// Waits for a key or a resize. `console` reports a wait interrupted by a
/// signal as Ctrl-C (its `poll` fails with EINTR); when the resize flag was
/// raised meanwhile, that "Ctrl-C" was the resize. (A real Ctrl-C typed in
/// the same instant as a resize is taken as the resize; pressing it again
/// works.)
pub fn next_event(term: &Term) -> io::Result<Event> {
    if RESIZED.swap(false, Ordering::SeqCst) {
        return Ok(Event::Resize);
    }
    let key = term.read_key_raw()?;
    if RESIZED.swap(false, Ordering::SeqCst) && key == Key::CtrlC {
        return Ok(Event::Resize);
    }
    Ok(Event::Key(key))
}

/// The terminal size as `(rows, columns)`; an unsized or absurd terminal
/// counts as 24×80.
pub fn size(term: &Term) -> (usize, usize) {
    match term.size_checked() {
        Some((r, c)) if r >= 2 && c >= 20 => (usize::from(r), usize::from(c)),
        _ => (24, 80),
    }
}

/// A block of lines kept on screen, repainted by difference.
pub struct Painter {
    term: Term,
    utf8: bool,
    /// The lines on screen now (as written, after the ASCII pass).
    shown: Vec<String>,
    /// The size they were laid out for.
    laid_out: Option<(usize, usize)>,
}

impl Painter {
    pub fn new(term: Term, utf8: bool) -> Self {
        Painter {
            term,
            utf8,
            shown: Vec::new(),
            laid_out: None,
        }
    }

    pub fn term(&self) -> &Term {
        &self.term
    }

    /// `(rows, columns)` of the terminal now.
    pub fn size(&self) -> (usize, usize) {
        size(&self.term)
    }

    /// Shows `lines` (each narrower than the screen) in place of the block
    /// on screen, rewriting only what differs.
    pub fn paint(&mut self, lines: &[String]) -> io::Result<()> {
        let size = self.size();
        let lines: Vec<String> = lines
            .iter()
            .map(|l| {
                if self.utf8 {
                    l.clone()
                } else {
                    crate::render::glyphs::to_ascii(l).into_owned()
                }
            })
            .collect();
        let mut out = String::new();
        let resized = self.laid_out.is_some_and(|s| s != size);
        if resized || self.shown.len() >= size.0 {
            // Out of reach of relative cursor moves: start on a clean screen.
            out.push_str("\x1b[H\x1b[2J");
            self.shown.clear();
        }
        self.laid_out = Some(size);
        let n = self.shown.len();
        if n == lines.len() && n > 0 {
            for (i, (old, new)) in self.shown.iter().zip(&lines).enumerate() {
                if old != new {
                    let up = n - i;
                    let _ = write!(out, "\x1b[{up}A\r{new}\x1b[K\x1b[{up}B\r");
                }
            }
        } else {
            let same = self
                .shown
                .iter()
                .zip(&lines)
                .take_while(|(a, b)| a == b)
                .count();
            let up = n - same;
            if up > 0 {
                let _ = write!(out, "\x1b[{up}A");
            }
            out.push_str("\r\x1b[J");
            for l in &lines[same..] {
                out.push_str(l);
                out.push('\n');
            }
        }
        self.shown = lines;
        if !out.is_empty() {
            self.term.write_str(&out)?;
            self.term.flush()?;
        }
        Ok(())
    }

    /// Removes the block from the screen (the cursor ends where it began).
    pub fn clear(&mut self) -> io::Result<()> {
        let n = std::mem::take(&mut self.shown).len();
        if n > 0 {
            self.term.write_str(&format!("\x1b[{n}A\r\x1b[J"))?;
            self.term.flush()?;
        }
        Ok(())
    }

    /// Leaves the block on screen as it is and starts afresh below it.
    pub fn keep(&mut self) {
        self.shown.clear();
    }

    /// Forgets what is on screen: the next paint clears the screen first
    /// (after another program, e.g. a pager, drew on it).
    pub fn invalidate(&mut self) {
        self.laid_out = Some((0, 0));
    }
}
