//! Streaming sums of one scale's item answers: everything pairwise and
//! listwise statistics need, in memory that grows with the number of items
//! (k² integers), never with the number of respondents.
//!
//! Answers are whole numbers, so the sums are kept as integers and are
//! exact; covariances are formed from them in `i128` (n·Σxy − Σx·Σy) and
//! only then divided, so a million respondents lose no precision to
//! cancellation.
//!
//! A respondent who answered every item (most of them) costs k(k+1)/2
//! multiply-adds into the *complete* sums, which are also exactly what
//! listwise deletion needs. A respondent with gaps goes into separate
//! *pairwise* sums, one set per ordered pair of items both answered. A pair's
//! statistics are the two added together, as R's `cov(x, use =
//! "pairwise")` computes them: over the respondents who answered both items,
//! with that subset's own means.

/// Sums over the respondents who answered both items of a pair, or (i = j)
/// one item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pair {
    pub n: u64,
    pub sx: i64,
    pub sy: i64,
    pub sxx: i64,
    pub syy: i64,
    pub sxy: i64,
}

impl Pair {
    /// n·Σxy − Σx·Σy: n² times the (biased) co-moment, exact.
    fn comoment(n: u64, sx: i64, sy: i64, sxy: i64) -> i128 {
        i128::from(n) * i128::from(sxy) - i128::from(sx) * i128::from(sy)
    }

    /// The sample covariance (divisor n − 1); `None` below two respondents.
    pub fn cov(&self) -> Option<f64> {
        if self.n < 2 {
            return None;
        }
        let num = Self::comoment(self.n, self.sx, self.sy, self.sxy);
        Some(num as f64 / (self.n as f64 * (self.n - 1) as f64))
    }

    /// Pearson's r over this pair's respondents (their own means and
    /// SDs); `None` below two respondents or when either item did not vary.
    pub fn cor(&self) -> Option<f64> {
        if self.n < 2 {
            return None;
        }
        let num = Self::comoment(self.n, self.sx, self.sy, self.sxy);
        let dx = Self::comoment(self.n, self.sx, self.sx, self.sxx);
        let dy = Self::comoment(self.n, self.sy, self.sy, self.syy);
        if dx <= 0 || dy <= 0 {
            return None;
        }
        Some(num as f64 / ((dx as f64).sqrt() * (dy as f64).sqrt()))
    }
}

/// How respondents with missing answers enter the statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Missing {
    /// Each pair of items over everyone who answered both (R psych's and
    /// pingouin's default).
    Pairwise,
    /// Only respondents who answered every item of the scale.
    Listwise,
}

/// Streaming sums of a k-item scale. See the module documentation.
#[derive(Debug, Clone)]
pub struct ItemSums {
    k: usize,
    /// Respondents with at least one answer on the scale.
    rows: u64,
    /// Respondents who answered every item.
    complete: u64,
    /// Complete respondents: Σ x_i.
    sum: Vec<i64>,
    /// Complete respondents: Σ x_i·x_j at `i*k + j`, for i ≤ j.
    cross: Vec<i64>,
    /// Respondents with gaps, both i and j answered: count at `i*k + j`.
    pn: Vec<u64>,
    /// … Σ x_i at `i*k + j` (so Σ x_j is at `j*k + i`).
    psum: Vec<i64>,
    /// … Σ x_i² at `i*k + j`.
    psq: Vec<i64>,
    /// … Σ x_i·x_j at `i*k + j`.
    pcross: Vec<i64>,
    /// Scratch: the answered (item, value) pairs of the current respondent.
    present: Vec<(usize, i64)>,
    /// Scratch: the current complete respondent's values.
    values: Vec<i64>,
}

impl ItemSums {
    pub fn new(k: usize) -> Self {
        ItemSums {
            k,
            rows: 0,
            complete: 0,
            sum: vec![0; k],
            cross: vec![0; k * k],
            pn: vec![0; k * k],
            psum: vec![0; k * k],
            psq: vec![0; k * k],
            pcross: vec![0; k * k],
            present: Vec::with_capacity(k),
            values: Vec::with_capacity(k),
        }
    }

    /// Number of items.
    pub fn items(&self) -> usize {
        self.k
    }

    /// Respondents who answered at least one item.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Respondents who answered every item.
    pub fn complete(&self) -> u64 {
        self.complete
    }

    /// Adds one respondent: `row[i]` is item i's keyed answer (already
    /// reversed where the item is reverse-keyed), `None` when missing.
    /// A respondent with no answer at all is not counted.
    pub fn push(&mut self, row: &[Option<i64>]) {
        debug_assert_eq!(row.len(), self.k);
        self.values.clear();
        for v in row {
            match v {
                Some(x) => self.values.push(*x),
                None => break,
            }
        }
        if self.values.len() == self.k {
            self.push_complete();
            return;
        }
        self.present.clear();
        self.present.extend(
            row.iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|x| (i, x))),
        );
        if self.present.is_empty() {
            return;
        }
        self.rows += 1;
        let k = self.k;
        for &(i, xi) in &self.present {
            for &(j, xj) in &self.present {
                let at = i * k + j;
                self.pn[at] += 1;
                self.psum[at] += xi;
                self.psq[at] += xi * xi;
                self.pcross[at] += xi * xj;
            }
        }
    }

    fn push_complete(&mut self) {
        self.rows += 1;
        self.complete += 1;
        let k = self.k;
        for (i, &xi) in self.values.iter().enumerate() {
            self.sum[i] += xi;
            let row = &mut self.cross[i * k + i..(i + 1) * k];
            for (c, &xj) in row.iter_mut().zip(&self.values[i..]) {
                *c += xi * xj;
            }
        }
    }

    /// The sums of the pair (i, j) (i = j: item i alone), over everyone who
    /// answered both (`Pairwise`) or over the complete respondents only.
    pub fn pair(&self, i: usize, j: usize, missing: Missing) -> Pair {
        let k = self.k;
        let (lo, hi) = (i.min(j), i.max(j));
        let complete = Pair {
            n: self.complete,
            sx: self.sum[i],
            sy: self.sum[j],
            sxx: self.cross[i * k + i],
            syy: self.cross[j * k + j],
            sxy: self.cross[lo * k + hi],
        };
        if missing == Missing::Listwise {
            return complete;
        }
        Pair {
            n: complete.n + self.pn[i * k + j],
            sx: complete.sx + self.psum[i * k + j],
            sy: complete.sy + self.psum[j * k + i],
            sxx: complete.sxx + self.psq[i * k + j],
            syy: complete.syy + self.psq[j * k + i],
            sxy: complete.sxy + self.pcross[i * k + j],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sums of a pair computed the slow, obvious way.
    fn naive(rows: &[Vec<Option<i64>>], i: usize, j: usize, listwise: bool) -> Pair {
        let mut p = Pair::default();
        for r in rows {
            if listwise && r.iter().any(Option::is_none) {
                continue;
            }
            if let (Some(x), Some(y)) = (r[i], r[j]) {
                p.n += 1;
                p.sx += x;
                p.sy += y;
                p.sxx += x * x;
                p.syy += y * y;
                p.sxy += x * y;
            }
        }
        p
    }

    #[test]
    fn pair_sums_equal_the_naive_ones_for_complete_and_gappy_rows() {
        let rows = vec![
            vec![Some(1), Some(2), Some(3)],
            vec![Some(4), None, Some(6)],
            vec![None, None, None],
            vec![Some(7), Some(5), None],
            vec![Some(2), Some(2), Some(1)],
            vec![None, Some(3), Some(3)],
        ];
        let mut s = ItemSums::new(3);
        for r in &rows {
            s.push(r);
        }
        assert_eq!(s.rows(), 5);
        assert_eq!(s.complete(), 2);
        for i in 0..3 {
            for j in 0..3 {
                assert_eq!(s.pair(i, j, Missing::Pairwise), naive(&rows, i, j, false));
                assert_eq!(s.pair(i, j, Missing::Listwise), naive(&rows, i, j, true));
            }
        }
    }

    #[test]
    fn covariance_and_correlation_match_hand_computed_values() {
        // x = 1 2 3 4, y = 2 4 5 9: mean x 2.5, mean y 5;
        // Σ(x−x̄)(y−ȳ) = 11, Σ(x−x̄)² = 5, Σ(y−ȳ)² = 26.
        let p = Pair {
            n: 4,
            sx: 10,
            sy: 20,
            sxx: 30,
            syy: 126,
            sxy: 61,
        };
        assert!((p.cov().unwrap() - 11.0 / 3.0).abs() < 1e-15);
        assert!((p.cor().unwrap() - 11.0 / (5.0f64 * 26.0).sqrt()).abs() < 1e-15);
        let flat = Pair {
            n: 3,
            sx: 6,
            sy: 6,
            sxx: 12,
            syy: 14,
            sxy: 12,
        };
        assert_eq!(flat.cor(), None, "x never varies");
        assert_eq!(Pair { n: 1, ..p }.cov(), None);
    }
}
