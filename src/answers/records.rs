//! CSV records, read as the `csv` crate reads them (comma, `"` quoting,
//! `\r`, `\n` or `\r\n` ending a record, blank lines skipped, rows of any
//! length) and with the same line numbers, but faster on the lines a study
//! is made of: a line with no quote and no carriage return is split at its
//! commas directly; any other line goes through `csv_core`'s parser.

use std::io::{self, Read};

/// Lines longer than this without a newline go through `csv_core`, which
/// streams, so the buffer never has to hold more than this.
const MAX_LINE: usize = 1 << 20;

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
    /// The line the `csv` crate reports for this record: the line the
    /// reader was on when it started reading it.
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
    /// Reads the first record (it strips a UTF-8 byte order mark there)
    /// and every line the fast path leaves. Never reset: a reset would
    /// make it strip a byte order mark again. Between records it is in
    /// its start state (or just after a `\r`, where a `\n` would be a
    /// blank line, which the fast path skips the same way).
    core: csv_core::Reader,
    /// No record read yet.
    first: bool,
    /// 1 + the newlines consumed so far (`csv_core::Reader::line`).
    line: u64,
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
            line: 1,
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

    /// The next record into `rec`; `false` at the end of the input.
    pub fn read(&mut self, rec: &mut Record) -> io::Result<bool> {
        rec.line = self.line;
        if self.first {
            self.first = false;
            return self.slow(rec);
        }
        loop {
            match self.fast(rec)? {
                Fast::Record => return Ok(true),
                Fast::Blank => {}
                Fast::End => return Ok(false),
                Fast::Slow => return self.slow(rec),
            }
        }
    }

    /// One line split at its commas, when it holds no quote and no
    /// carriage return and fits in the buffer.
    fn fast(&mut self, rec: &mut Record) -> io::Result<Fast> {
        let mut from = self.pos;
        loop {
            let hay = &self.buf[from..self.end];
            match hay.iter().position(|&b| matches!(b, b'\n' | b'\r' | b'"')) {
                Some(i) if hay[i] == b'\n' => {
                    let nl = from + i;
                    let line = self.pos..nl;
                    self.line += 1;
                    if line.is_empty() {
                        self.pos = nl + 1;
                        return Ok(Fast::Blank);
                    }
                    self.split(line, rec);
                    self.pos = nl + 1;
                    return Ok(Fast::Record);
                }
                Some(_) => return Ok(Fast::Slow),
                None if self.eof => {
                    if self.pos == self.end {
                        return Ok(Fast::End);
                    }
                    self.split(self.pos..self.end, rec);
                    self.pos = self.end;
                    return Ok(Fast::Record);
                }
                None if self.end - self.pos >= MAX_LINE => return Ok(Fast::Slow),
                None => {
                    let scanned = self.end - self.pos;
                    self.fill()?;
                    from = self.pos + scanned;
                }
            }
        }
    }

    fn split(&mut self, line: std::ops::Range<usize>, rec: &mut Record) {
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

    /// The record at `pos` through `csv_core`, exactly as the `csv` crate
    /// reads it.
    fn slow(&mut self, rec: &mut Record) -> io::Result<bool> {
        use csv_core::ReadRecordResult as R;
        self.core.set_line(self.line);
        let (mut outlen, mut endlen) = (0, 0);
        loop {
            if self.pos == self.end && !self.eof {
                self.fill()?;
            }
            let (res, nin, nout, nend) = self.core.read_record(
                &self.buf[self.pos..self.end],
                &mut self.out[outlen..],
                &mut self.out_ends[endlen..],
            );
            self.pos += nin;
            self.line = self.core.line();
            outlen += nout;
            endlen += nend;
            match res {
                R::InputEmpty => {}
                R::OutputFull => self.out.resize(self.out.len() * 2, 0),
                R::OutputEndsFull => self.out_ends.resize(self.out_ends.len() * 2, 0),
                R::Record => {
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

enum Fast {
    Record,
    Blank,
    End,
    Slow,
}

#[cfg(test)]
mod tests {
    use super::*;
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

    /// Every record as the `csv` crate reads it: its line and fields.
    fn by_csv(input: &[u8], chunk: usize) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Trickle(input, chunk));
        let mut rec = csv::ByteRecord::new();
        let mut all = Vec::new();
        while rdr.read_byte_record(&mut rec).expect("in memory") {
            let line = rec.position().expect("position").line();
            all.push((line, rec.iter().map(<[u8]>::to_vec).collect()));
        }
        all
    }

    fn by_records(input: &[u8], chunk: usize) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut rdr = Records::new(Trickle(input, chunk));
        let mut rec = Record::default();
        let mut all = Vec::new();
        while rdr.read(&mut rec).expect("in memory") {
            assert_eq!(rec.iter().count(), rec.len());
            all.push((rec.line(), rec.iter().map(<[u8]>::to_vec).collect()));
        }
        all
    }

    #[test]
    fn reads_like_the_csv_crate_on_known_cases() {
        for input in [
            &b""[..],
            b"\n\n",
            b"a,b\n1,2\n",
            b"a,b\n\n\n1,2",
            b"a,b\r\n1,2\r\n\r\n3,4\n",
            b"a\r1\r\r2\n3",
            b"\"x,y\",2\n\"multi\nline\",3\n4,5\n",
            b"a,\"b\"\"c\",d\n,\n,,\n",
            b"\xef\xbb\xbfrespondent,anx-01\np1,4\n",
            b"h\n\xef\xbb\xbfa,\"b\"\n\xef\xbb\xbfc\n",
            b"\"a\"\r\n1,2\n\r\n\"3\"\r4\n",
        ] {
            for chunk in [1, 3, 1 << 16] {
                assert_eq!(by_records(input, chunk), by_csv(input, chunk), "{input:?}");
            }
        }
    }

    #[test]
    fn a_line_longer_than_the_buffer_limit_streams_through_csv_core() {
        let mut input = vec![b'7'; MAX_LINE + 10];
        input.extend_from_slice(b",1\n2,3\n");
        assert_eq!(by_records(&input, 1 << 16), by_csv(&input, 1 << 16));
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
            prop_assert_eq!(by_records(&input, chunk), by_csv(&input, chunk));
        }
    }
}
