//! The respondent ids seen in one run, across every input it reads: a
//! repeated id is an error, whether it repeats within a file or in the
//! next one (`score --bank sb-short s.csv s.csv` must not score everyone
//! twice).
//!
//! Ids are not kept, only a fingerprint of each: 128 bits of SipHash-1-3
//! under a key drawn at random for the run, so nobody can craft an id that
//! collides with a real respondent's (the key is secret and changes every
//! run), and two different ids share a fingerprint with a chance of about
//! n²/2¹²⁹ — 1.5·10⁻²⁷ among a million: never, in practice.
//!
//! Memory is 16 bytes an id, whatever the order:
//! - while ids arrive in strictly increasing byte order (as most studies
//!   number their people) a new id cannot repeat an earlier one: the
//!   fingerprints are only appended, and the last id kept for comparing;
//! - once one arrives out of order, those fingerprints are sorted once (in
//!   place) and from then on every id is looked up: in a small hash set of
//!   the latest ones, then by binary search in the sorted list, into which
//!   the small set is merged (in place) each time it fills.

use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

use siphasher::sip128::{Hasher128, SipHasher13};

/// How many of the latest fingerprints are kept in the hash set before
/// they are merged into the sorted list.
const RECENT: usize = 1 << 16;

#[derive(Debug)]
pub struct Seen {
    key: (u64, u64),
    /// The increasing run so far: its fingerprints and its last id.
    ordered: Option<(Vec<u128>, Vec<u8>)>,
    sorted: Vec<u128>,
    recent: HashSet<u128, BuildHasherDefault<Prehashed>>,
}

impl Default for Seen {
    fn default() -> Self {
        Self::new()
    }
}

impl Seen {
    /// An empty set with a fresh random key. The key comes from the
    /// standard library's per-process random hashing keys (drawn from the
    /// operating system), so no further dependency is needed for it.
    pub fn new() -> Self {
        let rs = std::collections::hash_map::RandomState::new();
        Self::with_key((rs.hash_one(0x5EC0_u64), rs.hash_one(0xBA5E_u64)))
    }

    fn with_key(key: (u64, u64)) -> Self {
        Seen {
            key,
            ordered: Some((Vec::new(), Vec::new())),
            sorted: Vec::new(),
            recent: HashSet::default(),
        }
    }

    fn fingerprint(&self, id: &[u8]) -> u128 {
        let mut h = SipHasher13::new_with_keys(self.key.0, self.key.1);
        h.write(id);
        h.finish128().as_u128()
    }

    /// Notes an id; `false` when it was seen before.
    pub fn insert(&mut self, id: &[u8]) -> bool {
        let print = self.fingerprint(id);
        if let Some((prints, last)) = &mut self.ordered {
            if prints.is_empty() || id > last.as_slice() {
                prints.push(print);
                last.clear();
                last.extend_from_slice(id);
                return true;
            }
            let (mut prints, _) = self.ordered.take().unwrap_or_default();
            prints.sort_unstable();
            self.sorted = prints;
        }
        if self.recent.contains(&print) || contains_sorted(&self.sorted, print) {
            return false;
        }
        self.recent.insert(print);
        if self.recent.len() >= RECENT {
            self.merge();
        }
        true
    }

    /// Moves the recent fingerprints into the sorted list, merging from the
    /// back in place (no second list).
    fn merge(&mut self) {
        let mut new: Vec<u128> = self.recent.drain().collect();
        new.sort_unstable();
        let old = self.sorted.len();
        self.sorted.resize(old + new.len(), 0);
        let (mut i, mut j, mut w) = (old, new.len(), self.sorted.len());
        while j > 0 {
            w -= 1;
            if i > 0 && self.sorted[i - 1] > new[j - 1] {
                self.sorted[w] = self.sorted[i - 1];
                i -= 1;
            } else {
                self.sorted[w] = new[j - 1];
                j -= 1;
            }
        }
    }
}

/// Whether sorted, uniformly spread fingerprints hold `x`: the search
/// starts where `x` would sit if they were evenly spaced and gallops out
/// from there, so it touches a few nearby cache lines instead of the
/// twenty far-apart ones of a plain binary search over a million.
fn contains_sorted(v: &[u128], x: u128) -> bool {
    let n = v.len();
    if n == 0 {
        return false;
    }
    let guess = (((x >> 64) * n as u128) >> 64) as usize;
    let (lo, hi) = if v[guess] < x {
        let (mut lo, mut step) = (guess, 1);
        loop {
            let hi = lo + step;
            if hi >= n {
                break (lo, n);
            }
            if v[hi] >= x {
                break (lo, hi + 1);
            }
            lo = hi;
            step *= 2;
        }
    } else {
        let (mut hi, mut step) = (guess + 1, 1);
        loop {
            let Some(lo) = (hi - 1).checked_sub(step) else {
                break (0, hi);
            };
            if v[lo] <= x {
                break (lo, hi);
            }
            hi = lo + 1;
            step *= 2;
        }
    };
    v[lo..hi].binary_search(&x).is_ok()
}

/// A hasher for keys that are already uniform hashes.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u128(&mut self, n: u128) {
        self.0 = n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn repeats_are_found_in_order_and_out_of_order() {
        let mut s = Seen::new();
        for id in ["p1", "p2", "p3", "q"] {
            assert!(s.insert(id.as_bytes()), "{id}");
        }
        assert!(s.ordered.is_some());
        assert!(!s.insert(b"q"));
        assert!(s.ordered.is_none());
        assert!(!s.insert(b"p2"));
        assert!(s.insert(b"p0"));
        assert!(!s.insert(b"p0"));
        assert!(s.insert(b"r"));
        assert!(!s.insert(b"p1"));
    }

    #[test]
    fn merging_keeps_every_fingerprint_findable() {
        let mut s = Seen::with_key((1, 2));
        // Out of order from the start, past several merges.
        let n = 3 * RECENT + 17;
        for i in (0..n).rev() {
            assert!(s.insert(format!("id{i}").as_bytes()));
        }
        assert!(s.sorted.windows(2).all(|w| w[0] < w[1]));
        for i in (0..n).step_by(997) {
            assert!(!s.insert(format!("id{i}").as_bytes()), "{i}");
        }
    }

    #[test]
    fn the_galloping_search_finds_what_binary_search_finds() {
        let mut v: Vec<u128> = (0..5000u128)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835))
            .collect();
        v.sort_unstable();
        for (i, x) in v.iter().enumerate() {
            assert!(contains_sorted(&v, *x), "{i}");
            assert!(!contains_sorted(&v, x.wrapping_add(1)) || v.contains(&x.wrapping_add(1)));
        }
        assert!(!contains_sorted(&v, 0) || v.contains(&0));
        assert!(!contains_sorted(&v, u128::MAX) || v.contains(&u128::MAX));
        assert!(!contains_sorted(&[], 7));
    }

    #[test]
    fn the_key_changes_every_run() {
        let (a, b) = (Seen::new(), Seen::new());
        assert_ne!(a.fingerprint(b"p1"), b.fingerprint(b"p1"));
    }

    proptest! {
        #[test]
        fn agrees_with_a_set_of_the_ids(ids in proptest::collection::vec("[a-c]{0,3}", 0..300)) {
            let mut s = Seen::new();
            let mut all = std::collections::HashSet::new();
            for id in &ids {
                prop_assert_eq!(s.insert(id.as_bytes()), all.insert(id.clone()), "{}", id);
            }
        }
    }
}
