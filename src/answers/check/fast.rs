//! The hand-written hot helpers of reading answers: a fingerprint for
//! hashing short ids, and an integer parser that allocates nothing.

use std::hash::Hasher;

/// A 64-bit fingerprint of a short key (an answer key): 8 bytes at a time,
/// multiplied and folded, then finished with MurmurHash3's fmix64 so every
/// input bit reaches every output bit. Not for adversaries: it hashes a
/// bank's own keys ([`KeyHasher`]) and filters repeated keys in a small
/// object before an exact comparison (`json/doc.rs`). Respondent ids are
/// fingerprinted elsewhere, keyed (`seen.rs`).
pub(crate) fn fingerprint(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (bytes.len() as u64).wrapping_mul(K) ^ 0x243F_6A88_85A3_08D3;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h ^ w).wrapping_mul(K).rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(buf))
            .wrapping_mul(K)
            .rotate_left(29);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// Hashes answer keys with [`fingerprint`], which mixes every byte into
/// all bits (ids such as `anx-01` and `avo-01` differ only in the middle).
///
/// The benchmark: `scripts/bench.sh`, its `jsonl` rows (a key the fast
/// path does not find at the slot after the last one is looked up here).
/// Issue 8 measured a gain of only about 3 % over std's SipHash and asks
/// for a well-kept crate instead; that swap is its own change, not part of
/// this behaviour-preserving split.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = self.0.rotate_left(17) ^ fingerprint(bytes);
    }
}

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

    #[test]
    fn fingerprints_differ_for_near_ids() {
        let ids = [
            "p1",
            "p2",
            "p01",
            "p10",
            "",
            "respondent-00000001",
            "respondent-00000002",
        ];
        let mut seen = std::collections::HashSet::new();
        for id in ids {
            assert!(seen.insert(fingerprint(id.as_bytes())), "{id}");
        }
        // Many sequential ids, no collision.
        let mut all = std::collections::HashSet::new();
        for i in 0..200_000u32 {
            assert!(all.insert(fingerprint(format!("p{i:07}").as_bytes())));
        }
    }
}
