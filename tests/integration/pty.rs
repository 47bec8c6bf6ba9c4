//! A pseudo-terminal harness: the real binary runs in a sized pty, a reader
//! thread feeds its output into a `vt100::Parser`, and tests wait until the
//! rendered *screen* shows what they expect before sending the next key
//! (never on sleeps).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, PtySize};

pub const DOWN: &str = "\x1b[B";
pub const UP: &str = "\x1b[A";
pub const ENTER: &str = "\r";
pub const ESC: &str = "\x1b";
pub const CTRL_C: &str = "\x03";

/// How long a test waits for a screen before failing (generous: a loaded
/// 2-core machine; a passing wait returns as soon as the screen matches).
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, as written.
    bytes: Arc<Mutex<Vec<u8>>>,
    reader: Option<JoinHandle<()>>,
    // Kept open so the pty stays alive while the child runs.
    master: Box<dyn portable_pty::MasterPty + Send>,
}

/// What to run: arguments, size, data dir, working dir, extra env.
pub struct Spawn {
    args: Vec<String>,
    rows: u16,
    cols: u16,
    data_dir: PathBuf,
    cwd: PathBuf,
    env: Vec<(String, String)>,
}

impl Spawn {
    /// `securebase <args>` in a 24×80 pty with `data_dir` as
    /// SECUREBASE_DATA_DIR and as the working directory.
    pub fn new(data_dir: &Path, args: &[&str]) -> Self {
        Spawn {
            args: args.iter().map(|s| (*s).to_string()).collect(),
            rows: 24,
            cols: 80,
            data_dir: data_dir.to_path_buf(),
            cwd: data_dir.to_path_buf(),
            env: Vec::new(),
        }
    }

    pub fn size(mut self, rows: u16, cols: u16) -> Self {
        self.rows = rows;
        self.cols = cols;
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    pub fn run(self) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: self.rows,
                cols: self.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        // `sh:` runs a shell script instead, with the binary as "$SB".
        let mut cmd = match self.args.first().and_then(|a| a.strip_prefix("sh:")) {
            Some(script) => {
                let mut c = CommandBuilder::new("sh");
                c.args(["-c", script]);
                c.env("SB", env!("CARGO_BIN_EXE_securebase"));
                c
            }
            None => {
                let mut c = CommandBuilder::new(env!("CARGO_BIN_EXE_securebase"));
                c.args(&self.args);
                c
            }
        };
        cmd.cwd(&self.cwd);
        cmd.env_remove("RUST_BACKTRACE");
        cmd.env("LC_ALL", "C.UTF-8");
        cmd.env_remove("CLICOLOR_FORCE");
        cmd.env("SECUREBASE_DATA_DIR", &self.data_dir);
        cmd.env("NO_COLOR", "1");
        cmd.env("TERM", "xterm-256color");
        // Hermetic: the built-in pager unless a test sets PAGER.
        cmd.env_remove("PAGER");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn securebase");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(self.rows).expect("rows > 0"),
            std::num::NonZeroU16::new(self.cols).expect("cols > 0"),
            0,
        )));
        let p = Arc::clone(&parser);
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let b = Arc::clone(&bytes);
        let handle = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                b.lock().unwrap().extend_from_slice(&buf[..n]);
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        Pty {
            child,
            writer,
            parser,
            bytes,
            reader: Some(handle),
            master: pair.master,
        }
    }
}

impl Pty {
    /// The process id of what runs in the pty.
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// The rendered screen, one string per row (trailing spaces trimmed).
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until `pred` holds for the screen.
    pub fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let s = self.screen();
            if pred(&s) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; the screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits until the screen contains `text`.
    pub fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text));
    }

    /// Waits until a screen line starts with `prefix`.
    pub fn wait_line(&self, prefix: &str) {
        self.wait_until(&format!("a line starting {prefix:?}"), |s| {
            s.lines().any(|l| l.starts_with(prefix))
        });
    }

    /// Every byte written to the terminal so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.bytes.lock().unwrap().clone()
    }

    /// Resizes the window as a person dragging it would: the pty gets the
    /// new size (the kernel sends SIGWINCH) and the emulated screen too.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.parser.lock().unwrap().set_size(
            std::num::NonZeroU16::new(rows).expect("rows > 0"),
            std::num::NonZeroU16::new(cols).expect("cols > 0"),
        );
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the child to exit and for its last output to be read;
    /// returns the exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                break st;
            }
            assert!(
                Instant::now() < deadline,
                "securebase did not exit; the screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(5));
        };
        if let Some(h) = self.reader.take() {
            let _ = h.join();
        }
        status.exit_code()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Presses Enter through the welcome's pages until the first question.
pub fn pass_welcome(t: &mut Pty) {
    for page in 1.. {
        let more = format!("(page {page} of");
        t.wait_until("a welcome page", |s| {
            s.contains(&more) || s.contains("Press Enter to start")
        });
        let last = !t.screen().contains(&more);
        t.send(ENTER);
        if last {
            return;
        }
    }
}
