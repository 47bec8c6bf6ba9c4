//! Telling an answer format from the content, for standard input (which
//! has no file name to go by): the first non-blank byte, then the first
//! line. `{` opening a line that is a whole JSON value, followed by another
//! such line, is JSON Lines; `{` (or `[`) otherwise is one JSON document; anything
//! else is CSV. A FHIR resource is JSON and is told apart later by its
//! `resourceType`.

use super::Format;

/// What the content looks like, and whether that is certain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    pub format: Format,
    /// `false` when the content fits no format well and `format` is a
    /// guess (the caller then says which was assumed).
    pub sure: bool,
}

/// The format of content starting with `head`: at least the first
/// non-blank line and, after it, the next non-blank line when there is one
/// (see [`enough`]).
pub fn sniff(head: &[u8]) -> Sniffed {
    // A byte order mark says nothing about the format.
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let mut lines = head
        .split(|b| *b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace));
    let Some(first) = lines.next() else {
        // Nothing at all: CSV reads it as a study with nobody in it.
        return Sniffed {
            format: Format::Csv,
            sure: false,
        };
    };
    let trimmed = first.trim_ascii();
    match trimmed.first() {
        Some(b'{') => {
            let whole = serde_json::from_slice::<serde_json::Value>(trimmed).is_ok();
            let more = lines
                .next()
                .is_some_and(|l| l.trim_ascii().starts_with(b"{"));
            Sniffed {
                format: if whole && more {
                    Format::Jsonl
                } else {
                    Format::Json
                },
                sure: true,
            }
        }
        Some(b'[') => Sniffed {
            format: Format::Json,
            sure: true,
        },
        _ => Sniffed {
            format: Format::Csv,
            // A header row has columns; one bare word is a guess.
            sure: trimmed.contains(&b','),
        },
    }
}

/// Whether `head` holds enough to sniff: two non-blank lines, or a first
/// non-blank line that does not start a JSON object (only JSON needs the
/// second line).
pub fn enough(head: &[u8]) -> bool {
    let mut complete = head
        .split_inclusive(|b| *b == b'\n')
        .filter(|l| l.ends_with(b"\n") && !l.iter().all(u8::is_ascii_whitespace));
    match complete.next() {
        None => false,
        Some(first) if first.trim_ascii().starts_with(b"{") => complete.next().is_some(),
        Some(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_content() {
        let jsonl =
            b"\n{\"bank\":\"sb-short\",\"answers\":{}}\n{\"bank\":\"sb-short\",\"answers\":{}}\n";
        assert_eq!(sniff(jsonl).format, Format::Jsonl);
        let one_line = b"{\"bank\":\"sb-short\",\"answers\":{}}\n";
        assert_eq!(
            sniff(one_line),
            Sniffed {
                format: Format::Json,
                sure: true
            }
        );
        let pretty = b"{\n  \"bank\": \"sb-short\",\n  \"answers\": {}\n}\n";
        assert_eq!(sniff(pretty).format, Format::Json);
        let csv = b"respondent,anx-01,anx-02\np1,4,5\n";
        assert_eq!(
            sniff(csv),
            Sniffed {
                format: Format::Csv,
                sure: true
            }
        );
        assert_eq!(
            sniff(b"hello\n"),
            Sniffed {
                format: Format::Csv,
                sure: false
            }
        );
        assert!(!sniff(b"").sure);
    }

    #[test]
    fn enough_to_decide() {
        assert!(!enough(b"{\"a\":1}\n"));
        assert!(enough(b"{\"a\":1}\n{\"a\":2}\n"));
        assert!(enough(b"respondent,a\n"));
        assert!(!enough(b"respondent,a"));
        assert!(!enough(b"\n\n"));
    }
}
