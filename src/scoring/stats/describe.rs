//! The distribution of a score across a study, kept as a count per
//! distinct value. A scale score is a mean of a few whole numbers, so it
//! takes few distinct values (a 18-item scale on 1–7: a few hundred),
//! whatever the number of respondents; with the counts everything is exact:
//! moments, histograms and the mid-rank percentile table `calibrate` writes.

use rustc_hash::FxHashMap;
use serde::Serialize;

/// Counts of each distinct value seen, keyed by the value's bits in an
/// `FxHashMap` (rustc-hash): a million respondents look up a few values
/// each, and SipHash's protection against chosen keys buys nothing for
/// numbers we computed ourselves.
#[derive(Debug, Clone, Default)]
pub struct Distribution {
    counts: FxHashMap<u64, u64>,
    n: u64,
}

/// Summary of a [`Distribution`] (sd and skew need two values).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub n: u64,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    /// psych::describe's default (type 3): Σ(x − x̄)³ / (n·sd³).
    pub skew: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl Distribution {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, v: f64) {
        // + 0.0 folds −0.0 into 0.0, so one value has one key.
        *self.counts.entry((v + 0.0).to_bits()).or_insert(0) += 1;
        self.n += 1;
    }

    pub fn n(&self) -> u64 {
        self.n
    }

    /// Adds every count of `other` (pooling two samples).
    pub fn merge(&mut self, other: &Distribution) {
        for (&bits, &c) in &other.counts {
            *self.counts.entry(bits).or_insert(0) += c;
        }
        self.n += other.n;
    }

    /// The same counts with each value rounded to `places` decimals
    /// (values that round alike are pooled): a percentile table for a bank
    /// needs rows people can read, not every mean of 17 answers.
    #[must_use]
    pub fn rounded(&self, places: i32) -> Distribution {
        let scale = 10f64.powi(places);
        let mut out = Distribution::new();
        for (&bits, &c) in &self.counts {
            let v = (f64::from_bits(bits) * scale).round() / scale;
            *out.counts.entry((v + 0.0).to_bits()).or_insert(0) += c;
            out.n += c;
        }
        out
    }

    /// (value, count) in increasing value.
    pub fn values(&self) -> Vec<(f64, u64)> {
        let mut v: Vec<(f64, u64)> = self
            .counts
            .iter()
            .map(|(&bits, &c)| (f64::from_bits(bits), c))
            .collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v
    }

    pub fn summary(&self) -> Summary {
        let values = self.values();
        let n = self.n;
        let nf = n as f64;
        let mean = (n > 0).then(|| values.iter().map(|&(v, c)| v * c as f64).sum::<f64>() / nf);
        let moment = |p: i32| {
            mean.map(|m| {
                values
                    .iter()
                    .map(|&(v, c)| (v - m).powi(p) * c as f64)
                    .sum::<f64>()
            })
        };
        let sd = (n > 1)
            .then(|| moment(2).map(|m2| (m2 / (nf - 1.0)).sqrt()))
            .flatten();
        let skew = match (sd, moment(3)) {
            (Some(s), Some(m3)) if s > 0.0 => Some(m3 / (nf * s.powi(3))),
            _ => None,
        };
        Summary {
            n,
            mean,
            sd,
            skew,
            min: values.first().map(|v| v.0),
            max: values.last().map(|v| v.0),
        }
    }

    /// Counts in `bins` equal bins over [lo, hi]; a value on an inner edge
    /// goes to the bin above it, `hi` itself to the last bin.
    pub fn histogram(&self, lo: f64, hi: f64, bins: usize) -> Vec<u64> {
        let mut out = vec![0; bins];
        for (&bits, &c) in &self.counts {
            out[bin(f64::from_bits(bits), lo, hi, bins)] += c;
        }
        out
    }

    /// The mid-rank percentile of each distinct value: 100 × (the count
    /// below it + half the count at it) / n — the convention of published
    /// norm tables, so a value everyone shares sits at the 50th percentile.
    pub fn percentiles(&self) -> Vec<(f64, f64)> {
        let n = self.n as f64;
        let mut below = 0u64;
        self.values()
            .into_iter()
            .map(|(v, c)| {
                let p = 100.0 * (below as f64 + c as f64 / 2.0) / n;
                below += c;
                (v, p)
            })
            .collect()
    }
}

/// The bin of `v` among `bins` equal bins over [lo, hi] (clamped).
pub fn bin(v: f64, lo: f64, hi: f64, bins: usize) -> usize {
    let at = ((v - lo) / (hi - lo) * bins as f64).floor();
    if at < 0.0 {
        0
    } else {
        (at as usize).min(bins - 1)
    }
}

/// Streaming Pearson correlation of two scores, from sums shifted by a
/// fixed centre (the scale midpoint), which keeps cancellation harmless for
/// values on a short scale.
#[derive(Debug, Clone, Default)]
pub struct Covariation {
    centre: f64,
    n: u64,
    sx: f64,
    sy: f64,
    sxx: f64,
    syy: f64,
    sxy: f64,
}

impl Covariation {
    pub fn new(centre: f64) -> Self {
        Covariation {
            centre,
            ..Self::default()
        }
    }

    pub fn push(&mut self, x: f64, y: f64) {
        let (x, y) = (x - self.centre, y - self.centre);
        self.n += 1;
        self.sx += x;
        self.sy += y;
        self.sxx += x * x;
        self.syy += y * y;
        self.sxy += x * y;
    }

    pub fn n(&self) -> u64 {
        self.n
    }

    /// r, where both scores varied among at least two respondents.
    pub fn r(&self) -> Option<f64> {
        let n = self.n as f64;
        let dx = n * self.sxx - self.sx * self.sx;
        let dy = n * self.syy - self.sy * self.sy;
        (self.n >= 2 && dx > 0.0 && dy > 0.0)
            .then(|| (n * self.sxy - self.sx * self.sy) / (dx.sqrt() * dy.sqrt()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_a_small_sample_matches_r() {
        // x <- c(1, 2, 2, 3, 7); mean 3, sd(x) = sqrt(5.5);
        // psych::skew(x) = sum((x-3)^3) / (5 * sd^3) = 54 / (5 * 5.5^1.5).
        let mut d = Distribution::new();
        for v in [2.0, 1.0, 7.0, 2.0, 3.0] {
            d.push(v);
        }
        let s = d.summary();
        assert_eq!(s.n, 5);
        assert!((s.mean.unwrap() - 3.0).abs() < 1e-15);
        assert!((s.sd.unwrap() - 5.5f64.sqrt()).abs() < 1e-15);
        assert!((s.skew.unwrap() - 54.0 / (5.0 * 5.5f64.powf(1.5))).abs() < 1e-14);
        assert_eq!((s.min, s.max), (Some(1.0), Some(7.0)));
        assert_eq!(d.values(), vec![(1.0, 1), (2.0, 2), (3.0, 1), (7.0, 1)]);
    }

    #[test]
    fn mid_rank_percentiles_and_histogram_edges() {
        let mut d = Distribution::new();
        for v in [1.0, 2.0, 2.0, 4.0] {
            d.push(v);
        }
        // 1: (0 + 0.5)/4; 2: (1 + 1)/4; 4: (3 + 0.5)/4.
        assert_eq!(d.percentiles(), vec![(1.0, 12.5), (2.0, 50.0), (4.0, 87.5)]);
        // Bins of width 1 over [1, 4]: [1,2) [2,3) [3,4]; 4 goes to the last.
        assert_eq!(d.histogram(1.0, 4.0, 3), vec![1, 2, 1]);
        assert_eq!(Distribution::new().summary().mean, None);
    }

    #[test]
    fn correlation_of_a_perfect_line_and_of_no_variance() {
        let mut c = Covariation::new(4.0);
        for (x, y) in [(1.0, 3.0), (2.0, 5.0), (4.0, 9.0)] {
            c.push(x, y);
        }
        assert!((c.r().unwrap() - 1.0).abs() < 1e-15);
        let mut flat = Covariation::new(4.0);
        flat.push(1.0, 2.0);
        flat.push(1.0, 3.0);
        assert_eq!(flat.r(), None);
    }
}
