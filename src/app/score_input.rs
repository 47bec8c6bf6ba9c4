//! Reading the start of an input before scoring it: telling standard
//! input's format from its content, and a CSV study's header row (checked
//! against the bank before any row is scored). What is read stays in
//! `head`, which the caller puts back in front of the rest.

use std::io::BufRead;
use std::path::Path;

use anyhow::Result;

use crate::answers::{self, Format};
use crate::error::Error;

/// Reads the start of standard input into `head` and tells its format
/// from the content; says on stderr which format was assumed when the
/// content fits none well.
pub fn sniff_stdin(reader: &mut impl BufRead, head: &mut Vec<u8>) -> Result<Format> {
    use crate::answers::sniff;
    // At most 1 MiB in all, however long a line: an endless one
    // (`/dev/zero`) is cut off here and refused by the reader.
    while !sniff::enough(head) && head.len() < answers::MAX_RECORD_BYTES {
        let room = answers::MAX_RECORD_BYTES - head.len();
        let read = answers::read_line_capped(reader, head, room).map_err(|cause| Error::Read {
            path: answers::Source::STDIN.into(),
            cause,
        })?;
        if read != Some(true) {
            break;
        }
    }
    let found = sniff::sniff(head);
    if !found.sure {
        let name = match found.format {
            Format::Json | Format::Fhir => "JSON",
            Format::Jsonl => "JSON Lines",
            Format::Csv => "CSV",
        };
        crate::ui::term::note(&format!(
            "securebase: note: standard input read as {name} (its content does not say clearly); \
             pass --input-format json, jsonl or csv to say which it is"
        ));
    }
    Ok(found.format)
}

/// Reads up to the first non-blank line (unless `head` holds it already)
/// and returns its columns: a CSV study's header.
pub fn csv_header(
    reader: &mut impl BufRead,
    head: &mut Vec<u8>,
    path: &Path,
) -> Result<Option<Vec<String>>> {
    loop {
        if let Some(line) = head
            .split_inclusive(|b| *b == b'\n')
            .find(|l| !l.iter().all(u8::is_ascii_whitespace))
        {
            return Ok(Some(super::csv_header::columns(line)));
        }
        // The header is one line of at most 1 MiB; a longer one is left
        // to the reader, which refuses it with its line.
        let room = answers::MAX_RECORD_BYTES.saturating_sub(head.len());
        let read = answers::read_line_capped(reader, head, room).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            cause: source,
        })?;
        if read != Some(true) || room == 0 {
            return Ok(None);
        }
    }
}
