//! Every line the fast path leaves (quotes, carriage returns, lines
//! longer than the buffer, the first record): read through `csv_core`,
//! exactly as the `csv` crate reads it, with the quoting followed alongside
//! so an unclosed quote is reported on the line where it opened.

use std::io::Read;

use super::super::MAX_RECORD_BYTES;
use super::{ReadError, Record, Records};

/// Where the quoting of the record being read stands, as `csv_core` sees
/// it: only a quote at the start of a field opens a quoted field; `""`
/// inside one is a quote; a quote followed by anything else closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quoting {
    FieldStart,
    Unquoted,
    /// Inside a quoted field opened on this line.
    Quoted(u64),
    /// Just after a quote inside a quoted field (closed, or the first of `""`).
    QuoteSeen(u64),
}

impl<R: Read> Records<R> {
    /// Follows the quoting through bytes of the record being read (up to
    /// its terminator; what comes after does not matter).
    pub(super) fn follow_quotes(&mut self, bytes: std::ops::Range<usize>) {
        let mut line = self.line;
        let mut after_cr = self.after_cr;
        for &b in &self.buf[bytes] {
            self.quoting = match (self.quoting, b) {
                (Quoting::FieldStart, b'"') => Quoting::Quoted(line),
                (Quoting::FieldStart | Quoting::Unquoted | Quoting::QuoteSeen(_), b',') => {
                    Quoting::FieldStart
                }
                (Quoting::Quoted(l), b'"') => Quoting::QuoteSeen(l),
                (Quoting::QuoteSeen(l), b'"') => Quoting::Quoted(l),
                (Quoting::FieldStart | Quoting::Unquoted | Quoting::QuoteSeen(_), _) => {
                    Quoting::Unquoted
                }
                (q @ Quoting::Quoted(_), _) => q,
            };
            match b {
                b'\n' if !after_cr => line += 1,
                b'\r' => line += 1,
                _ => {}
            }
            after_cr = b == b'\r';
        }
    }

    /// The record at `pos` through `csv_core`, exactly as the `csv` crate
    /// reads it, within [`MAX_RECORD_BYTES`].
    pub(super) fn slow(&mut self, rec: &mut Record) -> Result<bool, ReadError> {
        use csv_core::ReadRecordResult as R;
        let (mut outlen, mut endlen) = (0, 0);
        self.quoting = Quoting::FieldStart;
        loop {
            if self.pos == self.end && !self.eof {
                self.fill()?;
            }
            let (res, nin, nout, nend) = self.core.read_record(
                &self.buf[self.pos..self.end],
                &mut self.out[outlen..],
                &mut self.out_ends[endlen..],
            );
            let consumed = self.pos..self.pos + nin;
            self.follow_quotes(consumed.clone());
            self.count_lines(consumed);
            self.pos += nin;
            outlen += nout;
            endlen += nend;
            let too_long = || ReadError::TooLong {
                line: rec.line,
                quote: match self.quoting {
                    Quoting::Quoted(l) | Quoting::QuoteSeen(l) => Some(l),
                    _ => None,
                },
            };
            match res {
                R::InputEmpty => {}
                R::OutputFull if self.out.len() >= MAX_RECORD_BYTES => return Err(too_long()),
                R::OutputFull => self.out.resize(self.out.len() * 2, 0),
                R::OutputEndsFull if self.out_ends.len() >= MAX_RECORD_BYTES => {
                    return Err(too_long())
                }
                R::OutputEndsFull => self.out_ends.resize(self.out_ends.len() * 2, 0),
                R::Record => {
                    if let Quoting::Quoted(quote) = self.quoting {
                        return Err(ReadError::Unterminated {
                            line: rec.line,
                            quote,
                        });
                    }
                    rec.bytes.clear();
                    rec.bytes.extend_from_slice(&self.out[..outlen]);
                    rec.ends.clear();
                    rec.ends.extend_from_slice(&self.out_ends[..endlen]);
                    rec.gap = 0;
                    return Ok(true);
                }
                R::End => return Ok(false),
            }
        }
    }
}
