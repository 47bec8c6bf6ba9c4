//! The hand-written hot helper of reading answers: an integer parser
//! that allocates nothing.

/// A plain decimal integer, without allocating; `None` for anything else
/// (including overflow, which is then reported from the text).
///
/// The benchmark: `scripts/bench.sh`, its `csv` rows (the million-respondent
/// CSV study, to stay under 1 s): every rating cell that is not a single
/// digit is parsed here, from the record's bytes, with no `&str` or
/// allocation.
pub(crate) fn parse_int(b: &[u8]) -> Option<i64> {
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() {
        return None;
    }
    // Accumulated negatively: i64::MIN has no positive twin.
    let mut v: i64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_sub(i64::from(c - b'0'))?;
    }
    if neg {
        Some(v)
    } else {
        v.checked_neg()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_integers_only() {
        assert_eq!(parse_int(b"7"), Some(7));
        assert_eq!(parse_int(b"-3"), Some(-3));
        assert_eq!(parse_int(b"+4"), Some(4));
        assert_eq!(parse_int(b"4.5"), None);
        assert_eq!(parse_int(b""), None);
        assert_eq!(parse_int(b"-"), None);
        assert_eq!(
            parse_int(b"1234567890123456789"),
            Some(1_234_567_890_123_456_789)
        );
        assert_eq!(parse_int(b"9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_int(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_int(b"9223372036854775808"), None);
        assert_eq!(parse_int(b"99999999999999999999999"), None);
    }
}
