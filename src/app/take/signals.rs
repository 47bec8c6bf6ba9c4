//! Ctrl-C and signals during `take`: what to say when the session is
//! stopped (kept current as it goes), the terminal to put back, and the
//! exit code (128 + the signal).

use std::sync::Mutex;

use crate::error::exit;

/// What the Ctrl-C handler prints before exiting 130; kept current as the
/// session goes (nothing saved yet / saved in … / demo).
static INTERRUPT_NOTE: Mutex<String> = Mutex::new(String::new());

pub(super) fn set_note(note: String) {
    if let Ok(mut n) = INTERRUPT_NOTE.lock() {
        *n = note;
    }
}

pub(super) fn interrupt_note() -> String {
    INTERRUPT_NOTE.lock().map(|n| n.clone()).unwrap_or_default()
}

/// The terminal's settings before `take` changed anything, for the signal
/// handler to put back (a key prompt holds the terminal in raw mode).
static TERMINAL: std::sync::OnceLock<rustix::termios::Termios> = std::sync::OnceLock::new();

/// The last signal received (0: none yet).
static LAST_SIGNAL: std::sync::LazyLock<std::sync::Arc<std::sync::atomic::AtomicUsize>> =
    std::sync::LazyLock::new(Default::default);

/// The exit code for a session stopped by Ctrl-C or a signal: 128 + the
/// signal (a key prompt sees any of them as an interrupted read).
pub(super) fn interrupted_code() -> u8 {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    match LAST_SIGNAL.load(std::sync::atomic::Ordering::SeqCst) {
        s if s == SIGHUP as usize => exit::HANGUP,
        s if s == SIGTERM as usize => exit::TERMINATED,
        _ => exit::INTERRUPTED,
    }
}

/// Ctrl-C outside a key prompt (plain mode, the save question), a hangup
/// (the terminal closed) or a request to stop (`kill`) arrive as signals:
/// put the terminal back as it was (out of raw mode, cursor shown), say
/// what was kept, and exit 128 + the signal (130, 129, 143). Progress was
/// already saved after the last answer.
pub(super) fn install_signal_handlers() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    if let Ok(t) = rustix::termios::tcgetattr(std::io::stdin()) {
        let _ = TERMINAL.set(t);
    }
    for sig in [SIGINT, SIGTERM, SIGHUP] {
        // Set inside the signal handler itself, so it is already set when
        // a key prompt wakes up from its interrupted read.
        let _ = signal_hook::flag::register_usize(
            sig,
            std::sync::Arc::clone(&LAST_SIGNAL),
            sig as usize,
        );
    }
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        for sig in signals.forever() {
            if sig == SIGINT
                && crate::ui::prompt::pager::PAGER_RUNNING.load(std::sync::atomic::Ordering::SeqCst)
            {
                // Ctrl-C in an external pager is the pager's.
                continue;
            }
            if let Some(t) = TERMINAL.get() {
                let _ = rustix::termios::tcsetattr(
                    std::io::stdin(),
                    rustix::termios::OptionalActions::Now,
                    t,
                );
            }
            let _ = console::Term::stderr().show_cursor();
            crate::ui::term::note(&format!("\n{}", interrupt_note()));
            LAST_SIGNAL.store(sig as usize, std::sync::atomic::Ordering::SeqCst);
            std::process::exit(i32::from(interrupted_code()));
        }
    });
}
