//! JSON answer files (one person) and JSON Lines (one person a line).
//!
//! A document is read with a small serde visitor rather than into a
//! `serde_json::Map`, so a key given twice is an error with its line and
//! column instead of the last value silently winning. Problems found after
//! parsing are placed with the bank parser's span index.
//!
//! This file reads the input (whole files, capped lines) and streams JSON
//! Lines; the parts, in the order a line goes through them:
//! - [`fast`]: the plain valid line, straight into an answer set;
//! - [`doc`]: anything else, parsed as written (repeated keys refused);
//! - [`convert`](mod@convert): that document checked, with the exact message;
//! - [`head`]: the bank a first document names, before a bank is chosen;
//! - [`problems`]: malformed, unreadable or oversized input.

mod convert;
mod doc;
mod fast;
mod head;
mod problems;

use std::io::{BufRead, BufReader, Read};

use serde_json::Value;

use super::check::Checker;
use super::error::{At, ErrorKind, Problem};
use super::{AnswerError, AnswerSet};
use crate::bank::Bank;
use crate::fs::MAX_FILE_BYTES;
use convert::convert;
use doc::{Doc, Place};
use fast::fast_line;
use head::parse_head;
pub(crate) use head::{bank_of, not_an_id};
use problems::{io_error, not_utf8, syntax_error, too_long};

fn strip_bom(s: &str) -> &str {
    s.strip_prefix('\u{feff}').unwrap_or(s)
}

/// Reads one line (through its `\n`) into `buf`, at most `cap` bytes of
/// it: `Ok(None)` at the end of the input, `Ok(Some(true))` for a line,
/// `Ok(Some(false))` when the line is longer than `cap` (what was read of
/// it stays in `buf`; the reader is left inside the line).
pub fn read_line_capped<R: BufRead>(
    r: &mut R,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<Option<bool>> {
    let start = buf.len();
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok((buf.len() > start).then_some(true));
        }
        let room = cap.saturating_sub(buf.len() - start);
        let (n, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) if i < room => (i + 1, true),
            _ if avail.len() <= room => (avail.len(), false),
            _ => {
                let n = room.min(avail.len());
                buf.extend_from_slice(&avail[..n]);
                r.consume(n);
                return Ok(Some(false));
            }
        };
        buf.extend_from_slice(&avail[..n]);
        r.consume(n);
        if done {
            return Ok(Some(true));
        }
    }
}

/// The document of a single-object JSON input, its bytes kept in `head`.
pub(crate) fn peek_one<R: Read>(
    name: &str,
    input: &mut R,
    head: &mut Vec<u8>,
) -> Result<Value, AnswerError> {
    read_all(name, input, head)?;
    let text = std::str::from_utf8(head).map_err(|e| not_utf8(name, None, e))?;
    parse_head(name, text, None)
}

/// [`bank_of`] for the first non-blank line of a JSON Lines input, the
/// lines read kept in `head`. `Ok(None)` when there is no line at all.
pub(crate) fn peek_lines<R: BufRead>(
    name: &str,
    one: &mut R,
    head: &mut Vec<u8>,
) -> Result<Option<String>, AnswerError> {
    let mut line = 0;
    loop {
        let start = head.len();
        line += 1;
        match read_line_capped(one, head, super::MAX_RECORD_BYTES) {
            Ok(None) => return Ok(None),
            Ok(Some(true)) => {}
            Ok(Some(false)) => return Err(too_long(name, line)),
            Err(e) => return Err(io_error(name, Some(line), &e)),
        }
        let text =
            std::str::from_utf8(&head[start..]).map_err(|e| not_utf8(name, Some(line), e))?;
        let text = if line == 1 { strip_bom(text) } else { text };
        if !text.trim().is_empty() {
            let v = parse_head(name, text, Some(line))?;
            return bank_of(name, &v, Some(line)).map(Some);
        }
    }
}

/// Reads a whole single-object input into `bytes`, refusing one over
/// [`MAX_FILE_BYTES`].
fn read_all<R: Read>(name: &str, input: R, bytes: &mut Vec<u8>) -> Result<(), AnswerError> {
    input
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(bytes)
        .map_err(|e| io_error(name, None, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let mut err = At::default().error(
            name,
            Problem::new(
                ErrorKind::TooLarge,
                format!(
                    "more than {} MiB, too large for one person's answers",
                    MAX_FILE_BYTES >> 20
                ),
            )
            .fix("for many people, write one object a line in a .jsonl file, or use CSV"),
        );
        err.fatal = true;
        return Err(err);
    }
    Ok(())
}

/// Reads a whole single-document file as text: at most
/// [`MAX_FILE_BYTES`], UTF-8, without a byte-order mark.
pub fn read_text<R: Read>(name: &str, input: R) -> Result<String, AnswerError> {
    let mut bytes = Vec::new();
    read_all(name, input, &mut bytes)?;
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(name, None, e.utf8_error()))?;
    Ok(strip_bom(&text).to_string())
}

/// Reads a single-object JSON answer file.
pub(crate) fn read_one<R: Read>(
    bank: &Bank,
    name: &str,
    input: R,
    ids: std::rc::Rc<std::cell::RefCell<super::seen::Seen>>,
) -> Result<AnswerSet, AnswerError> {
    let text = read_text(name, input)?;
    let text = text.as_str();
    if text.trim().is_empty() {
        let mut err = At::default().error(
            name,
            Problem::new(ErrorKind::Empty, "the file is empty").fix(format!(
                "write one object: {{\"bank\": \"{}\", \"answers\": {{…}}}}",
                bank.id
            )),
        );
        err.fatal = true;
        return Err(err);
    }
    let doc: Doc = serde_json::from_str(text).map_err(|e| syntax_error(name, &e, None, true))?;
    let mut ck = Checker::new(bank, name);
    ck.ids = ids;
    let mut place = Place {
        text,
        line: None,
        spans: None,
    };
    convert(&mut ck, doc, &mut place)
}

/// Streams a JSON Lines file: one person a line, blank lines skipped.
pub(crate) struct Lines<'b, R> {
    input: BufReader<R>,
    buf: Vec<u8>,
    line: u64,
    ck: Checker<'b>,
    /// The fast path's answer keys seen, reused across lines.
    marks: Vec<u64>,
    done: bool,
}

impl<'b, R: Read> Lines<'b, R> {
    pub fn new(bank: &'b Bank, name: &str, input: R) -> Self {
        Lines {
            input: BufReader::new(input),
            buf: Vec::new(),
            line: 0,
            ck: Checker::new(bank, name),
            marks: Vec::new(),
            done: false,
        }
    }
}

impl<R: Read> Lines<'_, R> {
    /// Checks respondent ids against those of the other inputs of a run.
    pub fn share_ids(&mut self, ids: &std::rc::Rc<std::cell::RefCell<super::seen::Seen>>) {
        self.ck.ids = std::rc::Rc::clone(ids);
    }
}

impl<R: Read> Iterator for Lines<'_, R> {
    type Item = Result<AnswerSet, AnswerError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            match read_line_capped(&mut self.input, &mut self.buf, super::MAX_RECORD_BYTES) {
                Ok(None) => self.done = true,
                Ok(Some(false)) => {
                    self.done = true;
                    return Some(Err(too_long(&self.ck.file, self.line + 1)));
                }
                Ok(Some(true)) => {
                    self.line += 1;
                    let line = Some(self.line);
                    let text = match std::str::from_utf8(&self.buf) {
                        Ok(t) => t,
                        Err(e) => {
                            let mut err = not_utf8(&self.ck.file, line, e);
                            err.fatal = false;
                            return Some(Err(err));
                        }
                    };
                    let text = if self.line == 1 {
                        strip_bom(text)
                    } else {
                        text
                    };
                    if text.trim().is_empty() {
                        continue;
                    }
                    if let Some(set) = fast_line(&self.ck, &mut self.marks, text) {
                        // Last, so a line given up on has noted nothing.
                        if set
                            .respondent
                            .as_deref()
                            .is_none_or(|r| self.ck.respondent(r))
                        {
                            return Some(Ok(set));
                        }
                    }
                    let doc: Doc = match serde_json::from_str(text) {
                        Ok(d) => d,
                        Err(e) => return Some(Err(syntax_error(&self.ck.file, &e, line, false))),
                    };
                    let mut place = Place {
                        text,
                        line,
                        spans: None,
                    };
                    return Some(convert(&mut self.ck, doc, &mut place));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(io_error(&self.ck.file, Some(self.line + 1), &e)));
                }
            }
        }
        None
    }
}
