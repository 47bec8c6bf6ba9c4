//! The fast path: a line with no quote and no carriage return, split at
//! its commas directly, the commas kept in the record's bytes.
//!
//! The benchmark that shows it is needed: `scripts/bench.sh`, its `csv`
//! rows (the million-respondent CSV study, to stay under 1 s), whose lines
//! all take this path. The property test in `mod.rs` pins that every input
//! reads as the `csv` crate reads it.

use std::io::{self, Read};

use super::{Record, Records, MAX_LINE};

impl<R: Read> Records<R> {
    /// One line split at its commas, when it holds no quote and no
    /// carriage return and fits in the buffer; `false` to leave it to
    /// [`Records::slow`].
    pub(super) fn fast(&mut self, rec: &mut Record) -> io::Result<bool> {
        let mut from = self.pos;
        loop {
            let hay = &self.buf[from..self.end];
            match hay.iter().position(|&b| matches!(b, b'\n' | b'\r' | b'"')) {
                Some(i) if hay[i] == b'\n' => {
                    let nl = from + i;
                    self.split(self.pos..nl, rec);
                    self.pos = nl + 1;
                    self.line += 1;
                    self.after_cr = false;
                    return Ok(true);
                }
                Some(_) => return Ok(false),
                None if self.eof => {
                    self.split(self.pos..self.end, rec);
                    self.pos = self.end;
                    self.after_cr = false;
                    return Ok(true);
                }
                None if self.end - self.pos >= MAX_LINE => return Ok(false),
                None => {
                    let scanned = self.end - self.pos;
                    self.fill()?;
                    from = self.pos + scanned;
                }
            }
        }
    }

    pub(super) fn split(&mut self, line: std::ops::Range<usize>, rec: &mut Record) {
        let bytes = &self.buf[line];
        rec.bytes.clear();
        rec.bytes.extend_from_slice(bytes);
        rec.gap = 1;
        rec.ends.clear();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b',' {
                rec.ends.push(i);
            }
        }
        rec.ends.push(bytes.len());
    }
}
