//! A small builder around the real binary, so each test reads as a spec.
//!
//! Every run is hermetic: `SECUREBASE_DATA_DIR` points at a fresh temporary
//! directory, colour is off (`NO_COLOR=1`), `RUST_BACKTRACE` is removed, and
//! the working directory is the crate root (so `questionnaires/…` and
//! `tests/fixtures/…` paths work as written).

// Shared by every test file; not each uses every helper.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// One invocation of `securebase`, not yet run.
pub struct Run {
    cmd: Command,
    data: tempfile::TempDir,
}

/// What a finished run gave back.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `securebase <args>` with a fresh, empty data directory.
pub fn sb(args: &[&str]) -> Run {
    let data = tempfile::tempdir().expect("create a temporary data directory");
    let mut cmd = Command::cargo_bin("securebase").expect("the securebase binary is built");
    cmd.args(args)
        .current_dir(root())
        .env("SECUREBASE_DATA_DIR", data.path())
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C.UTF-8")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("RUST_BACKTRACE");
    Run { cmd, data }
}

/// `securebase <args>` with its standard output a pipe whose reader is
/// already gone (like `securebase … | head -0`): every write fails with
/// EPIPE. Hermetic like [`sb`].
pub fn sb_closed_stdout(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("create a pipe");
    drop(reader);
    let data = tempfile::tempdir().expect("create a temporary data directory");
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("securebase"))
        .args(args)
        .current_dir(root())
        .env("SECUREBASE_DATA_DIR", data.path())
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C.UTF-8")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("RUST_BACKTRACE")
        .stdin(std::process::Stdio::null())
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("run securebase");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `tests/fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures").join(path)
}

impl Run {
    /// The run's data directory (`SECUREBASE_DATA_DIR`); write user files here
    /// before calling [`Run::run`].
    pub fn data_dir(&self) -> &Path {
        self.data.path()
    }

    /// Writes `contents` to `<data dir>/<relative>`, creating folders.
    pub fn data_file(self, relative: &str, contents: &str) -> Self {
        let path = self.data.path().join(relative);
        std::fs::create_dir_all(path.parent().expect("a file inside the data dir"))
            .expect("create folders in the data dir");
        std::fs::write(&path, contents).expect("write a file in the data dir");
        self
    }

    /// One more argument (e.g. a path inside [`Run::data_dir`]).
    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.arg(arg);
        self
    }

    /// More arguments, after those given to [`sb`].
    pub fn args_after(mut self, args: &[&str]) -> Self {
        self.cmd.args(args);
        self
    }

    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Self {
        self.cmd.write_stdin(input);
        self
    }

    /// Kills the run after `secs` seconds (its exit code is then -1): for
    /// inputs that once made it hang.
    pub fn timeout(mut self, secs: u64) -> Self {
        self.cmd.timeout(std::time::Duration::from_secs(secs));
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.env(key, value);
        self
    }

    /// Runs to completion (the data directory lives until then).
    pub fn run(mut self) -> Output {
        let out = self.cmd.output().expect("run securebase");
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }
}

impl Output {
    /// Asserts the exit code, showing both streams when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code, expected,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts stderr contains every one of `parts`.
    #[track_caller]
    pub fn stderr_has(&self, parts: &[&str]) -> &Self {
        for p in parts {
            assert!(
                self.stderr.contains(p),
                "stderr lacks {p:?}\n--- stderr\n{}",
                self.stderr
            );
        }
        self
    }

    /// Asserts stdout contains every one of `parts`.
    #[track_caller]
    pub fn stdout_has(&self, parts: &[&str]) -> &Self {
        for p in parts {
            assert!(
                self.stdout.contains(p),
                "stdout lacks {p:?}\n--- stdout\n{}",
                self.stdout
            );
        }
        self
    }

    /// Parses stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Limits for [`sb_capped`]: address space, open files, seconds.
pub struct Caps {
    pub memory_mib: u64,
    pub open_files: u64,
    pub seconds: u64,
}

impl Default for Caps {
    fn default() -> Self {
        Caps {
            memory_mib: 512,
            open_files: 1024,
            seconds: 20,
        }
    }
}

/// `securebase <args>` under hard limits (`prlimit`: address space and
/// open files; `timeout`: seconds), standard input from `stdin` (a file,
/// `/dev/zero`, …) or empty. Over the memory cap an allocation fails and
/// the run aborts; over the time it is killed (exit 124). Hermetic like [`sb`].
pub fn sb_capped(args: &[&str], stdin: Option<&Path>, caps: &Caps) -> Output {
    let data = tempfile::tempdir().expect("create a temporary data directory");
    let input = match stdin {
        Some(p) => std::process::Stdio::from(std::fs::File::open(p).expect("open the input")),
        None => std::process::Stdio::null(),
    };
    let out = std::process::Command::new("timeout")
        .arg("-s")
        .arg("KILL")
        .arg(caps.seconds.to_string())
        .arg("prlimit")
        .arg(format!("--as={}", caps.memory_mib << 20))
        .arg(format!("--nofile={}", caps.open_files))
        .arg(assert_cmd::cargo::cargo_bin("securebase"))
        .args(args)
        .current_dir(root())
        .env("SECUREBASE_DATA_DIR", data.path())
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C.UTF-8")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("RUST_BACKTRACE")
        .stdin(input)
        .output()
        .expect("run securebase under timeout and prlimit");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A test path as the `&str` an argument list takes.
pub fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}
