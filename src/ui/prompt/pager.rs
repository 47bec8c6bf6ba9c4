//! Reading a long text at the end of `take` without losing the result
//! screen: `$PAGER` when it is set (run through `sh -c`, as git does, so
//! `PAGER="less -R"` works), else a small built-in pager on the alternate
//! screen (Space/↓ on, b/↑ back, q back to the result).

use std::io::{self, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

use console::{Key, Term};

use super::paint::{next_event, size, Event};

/// Set while an external pager runs: Ctrl-C then belongs to the pager, and
/// the interrupt handler of `take` leaves it alone.
pub static PAGER_RUNNING: AtomicBool = AtomicBool::new(false);

/// Runs `command` (a shell command line) with `text` on its standard input
/// and the terminal as its output; waits for it to end.
pub fn external(command: &str, text: &str, to_stdout: bool) -> io::Result<()> {
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(command).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        // As git does: quit if one screen, keep colours, leave the screen as is.
        cmd.env("LESS", "FRX");
    }
    if !to_stdout {
        // Standard output is not the terminal (it was redirected): the
        // pager writes where the prompts go.
        cmd.stdout(io::stderr());
    }
    PAGER_RUNNING.store(true, Ordering::SeqCst);
    let run = (|| {
        let mut child = cmd.spawn()?;
        if let Some(mut stdin) = child.stdin.take() {
            // A pager quit early closes the pipe: not an error.
            let _ = stdin.write_all(text.as_bytes());
        }
        child.wait().map(|_| ())
    })();
    PAGER_RUNNING.store(false, Ordering::SeqCst);
    run
}

/// The built-in pager: `text` (already wrapped to the width) a screen at a
/// time on the alternate screen, so the screen underneath comes back as it
/// was. Ctrl-C returns `Ok(false)`; leaving with q, Esc or past the end `Ok(true)`.
pub fn builtin(term: &Term, text: &str, utf8: bool, title: &str) -> io::Result<bool> {
    let lines: Vec<&str> = text.lines().collect();
    let mut top = 0usize;
    term.write_str("\x1b[?1049h")?;
    let result = loop {
        let (rows, cols) = size(term);
        let body = rows.saturating_sub(1).max(1);
        let last_top = lines.len().saturating_sub(body);
        top = top.min(last_top);
        let end = (top + body).min(lines.len());
        let mut out = String::from("\x1b[H");
        for l in &lines[top..end] {
            out.push_str(l);
            out.push_str("\x1b[K\r\n");
        }
        for _ in end - top..body {
            out.push_str("\x1b[K\r\n");
        }
        let status = format!(
            "{title}: lines {}–{end} of {} · Space/↓ on · b/↑ back · q back to the result",
            top + 1,
            lines.len()
        );
        let status = console::truncate_str(&status, cols.saturating_sub(1), "…");
        out.push_str(&console::style(status).reverse().to_string());
        out.push_str("\x1b[K");
        if !utf8 {
            out = crate::render::glyphs::to_ascii(&out).into_owned();
        }
        term.write_str(&out)?;
        term.flush()?;
        match next_event(term)? {
            Event::Resize => {}
            Event::Key(k) => match k {
                Key::Char(' ' | 'f') | Key::PageDown => top = (top + body).min(last_top),
                Key::Enter | Key::ArrowDown | Key::Char('j') => top = (top + 1).min(last_top),
                Key::Char('b') | Key::PageUp => top = top.saturating_sub(body),
                Key::ArrowUp | Key::Char('k') => top = top.saturating_sub(1),
                Key::Home | Key::Char('g') => top = 0,
                Key::End | Key::Char('G') => top = last_top,
                Key::Char('q') | Key::Escape => break true,
                Key::CtrlC => break false,
                _ => {}
            },
        }
    };
    term.write_str("\x1b[?1049l")?;
    term.flush()?;
    Ok(result)
}
