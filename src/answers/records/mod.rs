//! CSV records, split as the `csv` crate splits them (comma, `"` quoting,
//! `\r`, `\n` or `\r\n` ending a record, blank lines skipped, rows of any
//! length), but faster on the lines a study is made of: a line with no
//! quote and no carriage return is split at its commas directly (`fast.rs`);
//! any other line goes through `csv_core`'s parser (`slow.rs`).
//!
//! Line numbers are physical lines, as an editor shows them: `\r\n`, `\r`
//! and `\n` each end one line (the `csv` crate counts only `\n`, so in a
//! CRLF file its numbers run one behind and in a CR file they stay at 1). A
//! record is numbered by the line its first byte is on.
//!
//! Hostile input is bounded: a record longer than
//! [`MAX_RECORD_BYTES`](super::MAX_RECORD_BYTES) is an error (so an endless
//! line cannot fill memory), and a quoted field still open at the end of
//! the input is reported with the line where its quote opened.

mod fast;
mod slow;

use std::io::{self, Read};

use slow::Quoting;

/// Lines longer than this without a newline go through `csv_core`, which
/// streams, so the buffer never has to hold more than this.
const MAX_LINE: usize = 1 << 20;

/// Why a record could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    Io(io::Error),
    /// The record starting on `line` is longer than the cap; `quote` is
    /// the line of a quote still open when the cap was reached.
    TooLong {
        line: u64,
        quote: Option<u64>,
    },
    /// The input ended inside a quoted field opened on line `quote`.
    Unterminated {
        line: u64,
        quote: u64,
    },
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// One record: its bytes and the range of each field in them.
#[derive(Debug, Default)]
pub(crate) struct Record {
    bytes: Vec<u8>,
    /// End of each field in `bytes`; a field starts `gap` bytes after the
    /// one before it ends.
    ends: Vec<usize>,
    /// 1 where the commas are kept in `bytes` (a line split directly), 0
    /// where they are not (`csv_core`'s output).
    gap: usize,
    /// The physical line the record's first byte is on.
    line: u64,
}

impl Record {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn line(&self) -> u64 {
        self.line
    }

    pub fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] + self.gap
        };
        self.bytes.get(start..end)
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }
}

impl std::ops::Index<usize> for Record {
    type Output = [u8];
    fn index(&self, i: usize) -> &[u8] {
        self.get(i).expect("field index within the record")
    }
}

pub(crate) struct Records<R> {
    input: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    /// Reads every line the fast path leaves. Never reset: between records
    /// it is in its start state, or just after a `\r` (where the `\n` we
    /// skip ourselves would have been a blank line).
    core: csv_core::Reader,
    /// No record read yet (a byte order mark may come first).
    first: bool,
    /// `core` has read a record.
    core_used: bool,
    /// The physical line of the byte at `pos`.
    line: u64,
    /// The last byte consumed was `\r` (so a `\n` now ends no new line).
    after_cr: bool,
    quoting: Quoting,
    /// Output buffers for `core`.
    out: Vec<u8>,
    out_ends: Vec<usize>,
}

impl<R: Read> Records<R> {
    pub fn new(input: R) -> Self {
        Records {
            input,
            buf: vec![0; 1 << 16],
            pos: 0,
            end: 0,
            eof: false,
            core: csv_core::Reader::new(),
            first: true,
            core_used: false,
            line: 1,
            after_cr: false,
            quoting: Quoting::FieldStart,
            out: vec![0; 1 << 10],
            out_ends: vec![0; 64],
        }
    }

    /// Reads more input after what is buffered, keeping `buf[pos..end]`.
    fn fill(&mut self) -> io::Result<()> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        loop {
            match self.input.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Counts the line ends in bytes being consumed.
    fn count_lines(&mut self, bytes: std::ops::Range<usize>) {
        for &b in &self.buf[bytes] {
            match b {
                b'\n' => {
                    if !self.after_cr {
                        self.line += 1;
                    }
                    self.after_cr = false;
                }
                b'\r' => {
                    self.line += 1;
                    self.after_cr = true;
                }
                _ => self.after_cr = false,
            }
        }
    }

    /// Skips a byte order mark (first record only) and the line ends before
    /// a record, so the record starts at `pos` on line `line`. `false` at
    /// the end of the input.
    fn skip_to_record(&mut self) -> io::Result<bool> {
        if self.first {
            self.first = false;
            while self.end - self.pos < 3 && !self.eof {
                self.fill()?;
            }
            if self.buf[self.pos..self.end].starts_with(b"\xef\xbb\xbf") {
                self.pos += 3;
            }
        }
        loop {
            if self.pos == self.end {
                if self.eof {
                    return Ok(false);
                }
                self.fill()?;
                continue;
            }
            match self.buf[self.pos] {
                b'\n' | b'\r' => {
                    self.count_lines(self.pos..self.pos + 1);
                    self.pos += 1;
                }
                _ => return Ok(true),
            }
        }
    }

    /// The next record into `rec`; `false` at the end of the input.
    pub fn read(&mut self, rec: &mut Record) -> Result<bool, ReadError> {
        if !self.skip_to_record()? {
            return Ok(false);
        }
        rec.line = self.line;
        // The first record goes through `csv_core`, which strips a byte
        // order mark on its first call only: later fields starting with
        // those bytes must keep them, as in the `csv` crate.
        if self.core_used && self.fast(rec)? {
            return Ok(true);
        }
        self.core_used = true;
        self.slow(rec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::MAX_RECORD_BYTES;
    use proptest::prelude::*;

    /// Hands out its bytes a few at a time, so records straddle reads.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    type Fields = Vec<Vec<u8>>;

    /// Every record's fields as the `csv` crate reads them (we drop a
    /// leading byte order mark, which it keeps without headers).
    fn by_csv(input: &[u8], chunk: usize) -> Vec<Fields> {
        let input = input.strip_prefix(b"\xef\xbb\xbf").unwrap_or(input);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Trickle(input, chunk));
        let mut rec = csv::ByteRecord::new();
        let mut all = Vec::new();
        while rdr.read_byte_record(&mut rec).expect("in memory") {
            all.push(rec.iter().map(<[u8]>::to_vec).collect());
        }
        all
    }

    /// What an editor shows: for each record, the physical line its first
    /// byte is on (`\r\n`, `\r` and `\n` each end a line), and whether the
    /// input ends inside a quote (with the line it opened on). Written
    /// plainly, byte by byte, as an independent check of the reader.
    fn by_editor(input: &[u8]) -> (Vec<u64>, Option<u64>) {
        let input = input.strip_prefix(b"\xef\xbb\xbf").unwrap_or(input);
        let (mut lines, mut line) = (Vec::new(), 1u64);
        let (mut in_record, mut field_start, mut quoted, mut quote_seen) =
            (false, true, None::<u64>, false);
        let mut i = 0;
        while i < input.len() {
            let b = input[i];
            let crlf = b == b'\r' && input.get(i + 1) == Some(&b'\n');
            if quoted.is_some() && !quote_seen {
                if b == b'"' {
                    quote_seen = true;
                }
            } else if quote_seen && b == b'"' {
                quote_seen = false;
            } else if matches!(b, b'\n' | b'\r') {
                in_record = false;
                field_start = true;
                (quoted, quote_seen) = (None, false);
            } else {
                if !in_record {
                    in_record = true;
                    lines.push(line);
                }
                if quote_seen {
                    (quoted, quote_seen) = (None, false);
                }
                if b == b',' {
                    field_start = true;
                } else {
                    if field_start && b == b'"' {
                        quoted = Some(line);
                    }
                    field_start = false;
                }
            }
            if b == b'\n' || (b == b'\r' && !crlf) {
                line += 1;
            }
            i += 1;
        }
        (lines, quoted.filter(|_| !quote_seen))
    }

    /// Our reader: each record's line and fields, or where it failed.
    fn by_records(input: &[u8], chunk: usize) -> (Vec<(u64, Fields)>, Option<ReadError>) {
        let mut rdr = Records::new(Trickle(input, chunk));
        let mut rec = Record::default();
        let mut all = Vec::new();
        loop {
            match rdr.read(&mut rec) {
                Ok(true) => {
                    assert_eq!(rec.iter().count(), rec.len());
                    all.push((rec.line(), rec.iter().map(<[u8]>::to_vec).collect()));
                }
                Ok(false) => return (all, None),
                Err(e) => return (all, Some(e)),
            }
        }
    }

    /// Same fields as the `csv` crate, physical line numbers, and an
    /// unclosed quote reported where it opened.
    fn check(input: &[u8], chunk: usize) {
        let (got, err) = by_records(input, chunk);
        let (lines, open) = by_editor(input);
        let fields: Vec<Fields> = got.iter().map(|(_, f)| f.clone()).collect();
        let mut expect = by_csv(input, chunk);
        match (open, err) {
            (None, None) => {}
            (Some(q), Some(ReadError::Unterminated { line, quote })) => {
                // The csv crate returns the swallowed rest as a last record.
                expect.pop();
                assert_eq!(quote, q, "{input:?}");
                assert_eq!(Some(&line), lines.last(), "{input:?}");
            }
            (open, err) => panic!("{input:?}: open quote {open:?}, error {err:?}"),
        }
        assert_eq!(fields, expect, "{input:?}");
        let got_lines: Vec<u64> = got.iter().map(|(l, _)| *l).collect();
        assert_eq!(got_lines, lines[..got.len()], "{input:?}");
    }

    #[test]
    fn reads_like_the_csv_crate_with_physical_lines_on_known_cases() {
        for input in [
            &b""[..],
            b"\n\n",
            b"a,b\n1,2\n",
            b"a,b\n\n\n1,2",
            b"a,b\r\n1,2\r\n\r\n3,4\n",
            b"a\r1\r\r2\n3",
            b"\"x,y\",2\n\"multi\nline\",3\n4,5\n",
            b"\"multi\r\nline\",3\r\n4,5\r\n",
            b"a,\"b\"\"c\",d\n,\n,,\n",
            b"\xef\xbb\xbfrespondent,anx-01\np1,4\n",
            b"h\n\xef\xbb\xbfa,\"b\"\n\xef\xbb\xbfc\n",
            b"\"a\"\r\n1,2\n\r\n\"3\"\r4\n",
            b"a\"b,c\n\"d\"e\"f,g\n",
            b"h\r\nx,\"open\r\nrest\r\nof,file\r\n",
            b"h\rx,\"open\rrest",
        ] {
            for chunk in [1, 3, 1 << 16] {
                check(input, chunk);
            }
        }
    }

    #[test]
    fn crlf_and_cr_files_number_their_lines_as_an_editor_does() {
        let (got, _) = by_records(b"h,x\r\np1,1\r\np2,2\r\n", 1 << 16);
        assert_eq!(got.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 2, 3]);
        let (got, _) = by_records(b"h,x\rp1,1\r\rp2,2\r", 1 << 16);
        assert_eq!(got.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 2, 4]);
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opened() {
        let (got, err) = by_records(b"h,x\np1,1\np2,\"3\np3,4\np4,5\n", 2);
        assert_eq!(got.len(), 2);
        match err {
            Some(ReadError::Unterminated { line: 3, quote: 3 }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_line_longer_than_the_buffer_limit_streams_through_csv_core() {
        let mut input = vec![b'7'; MAX_LINE + 10];
        input.extend_from_slice(b",1\n2,3\n");
        match by_records(&input, 1 << 16) {
            (
                got,
                Some(ReadError::TooLong {
                    line: 1,
                    quote: None,
                }),
            ) => assert!(got.is_empty()),
            other => panic!("{:?}", other.1),
        }
        let mut input = b"h\n\"".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_RECORD_BYTES + 1));
        match by_records(&input, 1 << 16) {
            (
                _,
                Some(ReadError::TooLong {
                    line: 2,
                    quote: Some(2),
                }),
            ) => {}
            other => panic!("{:?}", other.1),
        }
    }

    #[test]
    fn records_under_the_cap_longer_than_the_buffer_are_read() {
        let mut input = vec![b'7'; MAX_LINE / 2];
        input.extend_from_slice(b",1\r\n2,3\n");
        check(&input, 1 << 16);
    }

    proptest! {
        #[test]
        fn reads_like_the_csv_crate(
            input in proptest::collection::vec(
                prop_oneof![
                    Just(b','), Just(b'"'), Just(b'\r'), Just(b'\n'), Just(b'1'), Just(b' '), Just(b'a')
                ],
                0..200,
            ),
            chunk in 1usize..40,
        ) {
            check(&input, chunk);
        }
    }
}
