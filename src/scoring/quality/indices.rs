//! The arithmetic of the careless-answering indices, accumulated while the
//! scorer walks the answers once: no allocation per respondent.
//!
//! Each accumulator is fed per *subscale* (one dimension, or one dimension
//! of one relationship in a bank with targets) or per answer in asking
//! order; [`super::assess_into`] turns the totals into flags.

/// Raw ratings in asking order: identical runs (long-string, Johnson 2005)
/// and the spread of all answers (intra-individual response variability,
/// Dunn et al. 2018), in one pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pattern {
    pub answered: usize,
    first: Option<i64>,
    pub all_same: bool,
    last: Option<i64>,
    run: usize,
    pub longest_run: usize,
    sum: i64,
    sum_sq: i64,
}

impl Pattern {
    pub fn new() -> Self {
        Pattern {
            all_same: true,
            ..Pattern::default()
        }
    }

    /// The next rating in asking order (`None`: skipped, which ends a run).
    pub fn push(&mut self, rating: Option<i64>) {
        let Some(r) = rating else {
            self.last = None;
            self.run = 0;
            return;
        };
        self.answered += 1;
        self.sum += r;
        self.sum_sq += r * r;
        match self.first {
            None => self.first = Some(r),
            Some(f) if f != r => self.all_same = false,
            Some(_) => {}
        }
        self.run = if self.last == Some(r) {
            self.run + 1
        } else {
            1
        };
        self.last = Some(r);
        self.longest_run = self.longest_run.max(self.run);
    }

    /// Intra-individual response variability: the standard deviation of
    /// the raw ratings (population form, as Dunn et al. use it).
    pub fn irv(&self) -> Option<f64> {
        if self.answered == 0 {
            return None;
        }
        let n = self.answered as f64;
        let mean = self.sum as f64 / n;
        Some((self.sum_sq as f64 / n - mean * mean).max(0.0).sqrt())
    }

    /// Whether [`Pattern::irv`] is below `threshold`, decided in integers
    /// (n·Σr² − (Σr)² against (threshold·n)²): no division or root for
    /// the many respondents it does not flag.
    pub fn irv_below(&self, threshold: f64) -> bool {
        let n = self.answered as i64;
        let scaled = (n * self.sum_sq - self.sum * self.sum) as f64;
        let bound = threshold * n as f64;
        n > 0 && scaled < bound * bound
    }
}

/// One subscale's answers, as the scorer tallies them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Subscale {
    pub answered: usize,
    /// Sum and sum of squares of the keyed answers (after reversal).
    pub sum: i64,
    pub sum_sq: i64,
    /// Raw answers to forward-keyed items.
    pub forward_sum: i64,
    pub forward_n: usize,
    /// Raw answers to reverse-keyed items (before reversal).
    pub reversed_raw_sum: i64,
    pub reversed_n: usize,
    /// Keyed answers of the items in odd (index 0) and even (index 1)
    /// positions of the subscale, counted in bank order.
    pub half_sum: [i64; 2],
    pub half_n: [usize; 2],
}

/// Totals over every subscale of one respondent.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Consistency {
    /// Whether to collect the even–odd sums (only banks with enough
    /// subscales use them).
    even_odd: bool,
    /// The within-subscale sum of squared deviations of keyed answers after
    /// the person's acquiescence a is taken out of the raw answers, as a
    /// quadratic ss(a) = ss0 + ss1·a + ss2·a² (a is known only at the end),
    /// and its degrees of freedom: the pooled inter-item standard deviation.
    ss: [f64; 3],
    df: usize,
    /// Sum and count of per-subscale acquiescence (balanced raw means),
    /// over every subscale worded both ways (`all`, for taking it out of the
    /// spread) and over those with at least `ACQUIESCENCE_MIN_EACH` answers
    /// each way (`firm`, for the flag).
    acq_all: (f64, usize),
    acq_firm: (f64, usize),
    /// Running sums for the even–odd correlation across subscales.
    eo: Correlation,
}

impl Consistency {
    /// Totals to be filled; `even_odd`: also collect the even–odd sums.
    pub fn new(even_odd: bool) -> Self {
        Consistency {
            even_odd,
            ..Consistency::default()
        }
    }

    /// Adds one subscale; `mid` is the scale midpoint.
    pub fn add(&mut self, s: &Subscale, mid: f64) {
        // One division per term: this runs for every subscale of every
        // respondent of a study.
        if s.answered >= 2 {
            // Keyed forward answers move by −a, keyed reversed ones by +a:
            // Σ(x − a)² + Σ(y + a)² − (T + (n_r − n_f)·a)²/n.
            let n = s.answered as f64;
            let inv = 1.0 / n;
            let t = s.sum as f64;
            let d = s.reversed_n as f64 - s.forward_n as f64;
            let forward_keyed = s.forward_sum as f64;
            let reversed_keyed = t - forward_keyed;
            self.ss[0] += s.sum_sq as f64 - t * t * inv;
            self.ss[1] += 2.0 * (reversed_keyed - forward_keyed) - 2.0 * t * d * inv;
            self.ss[2] += n - d * d * inv;
            self.df += s.answered - 1;
        }
        if s.forward_n > 0 && s.reversed_n > 0 {
            // (forward mean + reversed mean)/2 over a common denominator.
            let (nf, nr) = (s.forward_n as f64, s.reversed_n as f64);
            let sum = s.forward_sum as f64 * nr + s.reversed_raw_sum as f64 * nf;
            let a = sum / (2.0 * nf * nr) - mid;
            self.acq_all.0 += a;
            self.acq_all.1 += 1;
            let min = super::ACQUIESCENCE_MIN_EACH;
            if s.forward_n >= min && s.reversed_n >= min {
                self.acq_firm.0 += a;
                self.acq_firm.1 += 1;
            }
        }
        if self.even_odd && s.half_n[0] > 0 && s.half_n[1] > 0 {
            let (n0, n1) = (s.half_n[0] as f64, s.half_n[1] as f64);
            let inv = 1.0 / (n0 * n1);
            self.eo.push(
                s.half_sum[0] as f64 * n1 * inv,
                s.half_sum[1] as f64 * n0 * inv,
            );
        }
    }

    /// The pooled within-subscale standard deviation of keyed answers (the
    /// inter-item standard deviation of Marjanovic et al. 2015), measured
    /// after the person's acquiescence is taken out of every raw answer
    /// (acquiescence has its own flag), and its degrees of freedom (one
    /// fewer where acquiescence was estimated).
    pub fn spread(&self) -> Option<(f64, usize)> {
        self.spread_variance().map(|(v, df)| (v.sqrt(), df))
    }

    /// The square of [`Consistency::spread`], with its degrees of freedom.
    pub fn spread_variance(&self) -> Option<(f64, usize)> {
        let (sum, n) = self.acq_all;
        let (a, df) = match (n > 0).then(|| sum / n as f64) {
            Some(a) if self.df > 1 => (a, self.df - 1),
            _ => (0.0, self.df),
        };
        let ss = self.ss[0] + self.ss[1] * a + self.ss[2] * a * a;
        (df > 0).then(|| (ss.max(0.0) / df as f64, df))
    }

    /// Mean over subscales with at least `ACQUIESCENCE_MIN_EACH` answers
    /// each way of (mean raw forward + mean raw reversed)/2 − midpoint:
    /// content cancels between the two directions, agreement with
    /// everything remains (a balanced-keying acquiescence index, after
    /// Paulhus 1991). The spread uses the same mean over every subscale
    /// worded both ways.
    pub fn acquiescence(&self) -> Option<f64> {
        let (sum, n) = self.acq_firm;
        (n > 0).then(|| sum / n as f64)
    }

    /// Correlation between odd- and even-half means across subscales
    /// (Johnson 2005), with the number of subscales it rests on.
    pub fn even_odd(&self) -> Option<(f64, usize)> {
        self.eo.r().map(|r| (r, self.eo.n))
    }

    /// [`Consistency::even_odd`] where it is at most `threshold` (< 0),
    /// decided without a root first: cov < 0 and cov² ≥ threshold²·vx·vy.
    pub fn even_odd_at_most(&self, threshold: f64) -> Option<(f64, usize)> {
        let (cov, vx, vy) = self.eo.moments()?;
        (cov < 0.0 && cov * cov >= threshold * threshold * vx * vy)
            .then(|| self.even_odd())
            .flatten()
    }
}

/// Pearson's r from running sums.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Correlation {
    n: usize,
    sx: f64,
    sy: f64,
    sxx: f64,
    syy: f64,
    sxy: f64,
}

impl Correlation {
    fn push(&mut self, x: f64, y: f64) {
        self.n += 1;
        self.sx += x;
        self.sy += y;
        self.sxx += x * x;
        self.syy += y * y;
        self.sxy += x * y;
    }

    /// (co-deviation, x deviation, y deviation) sums, where r is defined.
    fn moments(&self) -> Option<(f64, f64, f64)> {
        let n = self.n as f64;
        let vx = self.sxx - self.sx * self.sx / n;
        let vy = self.syy - self.sy * self.sy / n;
        if self.n < 3 || vx <= 1e-12 || vy <= 1e-12 {
            return None;
        }
        Some((self.sxy - self.sx * self.sy / n, vx, vy))
    }

    fn r(&self) -> Option<f64> {
        self.moments().map(|(cov, vx, vy)| cov / (vx * vy).sqrt())
    }
}

/// The upper quantile of a chi-square variable divided by its degrees of
/// freedom, χ²_p(df)/df, by the Wilson–Hilferty approximation
/// (1 − 2/(9·df) + z·√(2/(9·df)))³, where z is the standard normal quantile
/// of p. Within 1 % of the exact value from 5 degrees of freedom up.
pub fn chi_square_ratio(df: usize, z: f64) -> f64 {
    let c = 2.0 / (9.0 * df as f64);
    (1.0 - c + z * c.sqrt()).powi(3)
}

/// Seconds a statement of `words` words needs at least: a fixed time to
/// choose an answer plus reading at `words_per_second`.
pub fn reading_floor(words: usize, base_seconds: f64, words_per_second: f64) -> f64 {
    base_seconds + words as f64 / words_per_second
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(ratings: &[Option<i64>]) -> Pattern {
        let mut p = Pattern::new();
        for r in ratings {
            p.push(*r);
        }
        p
    }

    #[test]
    fn runs_are_broken_by_a_skip_and_by_a_change() {
        let p = pattern(&[Some(3), Some(3), None, Some(3), Some(3), Some(3), Some(2)]);
        assert_eq!(p.longest_run, 3);
        assert_eq!(p.answered, 6);
        assert!(!p.all_same);
        let p = pattern(&[Some(4), None, Some(4)]);
        assert!(p.all_same);
        assert_eq!(p.longest_run, 1);
    }

    #[test]
    fn irv_is_the_population_sd_of_raw_answers() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum 32, /8 = 4.
        let p = pattern(&[2, 4, 4, 4, 5, 5, 7, 9].map(Some));
        assert!((p.irv().unwrap() - 2.0).abs() < 1e-12);
        assert!(p.irv_below(2.01) && !p.irv_below(2.0));
        assert_eq!(pattern(&[None]).irv(), None);
        assert!(!pattern(&[None]).irv_below(1.0));
    }

    fn forward_only(a: i64, b: i64) -> Subscale {
        Subscale {
            answered: 2,
            sum: a + b,
            sum_sq: a * a + b * b,
            forward_sum: a + b,
            forward_n: 2,
            half_sum: [a, b],
            half_n: [1, 1],
            ..Subscale::default()
        }
    }

    #[test]
    fn consistency_pools_subscales_after_taking_out_acquiescence() {
        let mut c = Consistency::new(true);
        // Keyed 2, 2 and 1, 3: squared deviations 0 and 2, df 1 + 1.
        c.add(&forward_only(2, 2), 4.0);
        c.add(&forward_only(1, 3), 4.0);
        assert_eq!(c.acquiescence(), None);
        let (sd, df) = c.spread().unwrap();
        assert_eq!(df, 2);
        assert!((sd - 1.0).abs() < 1e-12);
        // Forward raw 6, 6 and reversed raw 5 (keyed 3) on 1–7: balanced
        // raw mean (6 + 5)/2 − 4 = 1.5. Raw answers less 1.5: 4.5, 4.5 and
        // 3.5, keyed 4.5, 4.5, 8 − 3.5 = 4.5: no spread left in this
        // subscale, and a shift changes nothing within forward-only ones.
        c.add(
            &Subscale {
                answered: 3,
                sum: 15,
                sum_sq: 81,
                forward_sum: 12,
                forward_n: 2,
                reversed_raw_sum: 5,
                reversed_n: 1,
                half_sum: [9, 6],
                half_n: [2, 1],
            },
            4.0,
        );
        // One reversed answer is too few for the flag's index, but the
        // spread still takes the subscale's 1.5 out.
        assert_eq!(c.acquiescence(), None);
        // ss 0 + 2 + 0; df 1 + 1 + 2, less one for the estimated acquiescence.
        let (sd, df) = c.spread().unwrap();
        assert_eq!(df, 3);
        assert!((sd - (2.0_f64 / 3.0).sqrt()).abs() < 1e-12);
        // Three subscales: odd-half means 2, 1, 4.5 against even 2, 3, 6:
        // r = √3/2 (R: cor(c(2, 1, 4.5), c(2, 3, 6)) = 0.8660254).
        let (r, n) = c.even_odd().unwrap();
        assert_eq!(n, 3);
        assert!((r - 3.0_f64.sqrt() / 2.0).abs() < 1e-12, "{r}");
        assert_eq!(c.even_odd_at_most(-0.5), None);
        // Not collected unless asked for.
        let mut off = Consistency::new(false);
        off.add(&forward_only(1, 3), 4.0);
        off.add(&forward_only(2, 2), 4.0);
        off.add(&forward_only(5, 1), 4.0);
        assert_eq!(off.even_odd(), None);
    }

    #[test]
    fn correlation_of_known_points() {
        let mut k = Correlation::default();
        // (1, 2), (2, 4), (3, 5): r = 0.981981 (R: cor(c(1,2,3), c(2,4,5))).
        for (x, y) in [(1.0, 2.0), (2.0, 4.0), (3.0, 5.0)] {
            k.push(x, y);
        }
        assert!((k.r().unwrap() - 0.981_980_506_061_965_7).abs() < 1e-12);
        let mut flat = Correlation::default();
        for x in [1.0, 2.0, 3.0] {
            flat.push(x, 4.0);
        }
        assert_eq!(flat.r(), None);
    }

    #[test]
    fn wilson_hilferty_is_close_to_exact_chi_square_quantiles() {
        // Exact 97.5 % quantiles (R: qchisq(0.975, df)): 10 → 20.483, 41 → 60.561.
        assert!((chi_square_ratio(10, 1.959_964) * 10.0 - 20.483).abs() < 0.05);
        assert!((chi_square_ratio(41, 1.959_964) * 41.0 - 60.561).abs() < 0.05);
        // 99 %: 28 → 48.278.
        assert!((chi_square_ratio(28, 2.326_348) * 28.0 - 48.278).abs() < 0.1);
    }

    #[test]
    fn reading_floor_adds_words_to_a_base() {
        assert!((reading_floor(10, 0.75, 8.0) - 2.0).abs() < 1e-12);
        assert!((reading_floor(60, 0.75, 8.0) - 8.25).abs() < 1e-12);
    }
}
