//! Quantiles of the F distribution, for the confidence interval of alpha.
//!
//! Written here rather than taken from a crate: the interval of a
//! million-respondent study needs F(999 999, 17 999 982), and the continued
//! fraction for the incomplete beta function needs about √min(a, b)
//! iterations there, more than the fixed caps of the crates we looked at
//! (statrs stops after 140 and returns a wrong value without saying so).
//! Checked against R's `qf` and SciPy's `f.isf` in the tests.

/// ln Γ(x) for x > 0: Stirling's series from x ≥ 15 (error below 1e-16
/// relative), smaller x shifted up with Γ(x + 1) = x·Γ(x).
pub fn ln_gamma(x: f64) -> f64 {
    debug_assert!(x > 0.0);
    let mut shift = 0.0;
    let mut x = x;
    while x < 15.0 {
        shift -= x.ln();
        x += 1.0;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    // Bernoulli terms B2k / (2k(2k−1) x^(2k−1)).
    let series = inv
        * (1.0 / 12.0
            - inv2
                * (1.0 / 360.0
                    - inv2 * (1.0 / 1260.0 - inv2 * (1.0 / 1680.0 - inv2 * (1.0 / 1188.0)))));
    shift + (x - 0.5) * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI).ln() + series
}

/// The regularized incomplete beta function I_x(a, b), by the continued
/// fraction of Numerical Recipes §6.4 (modified Lentz), on the side of the
/// mean where it converges fast.
pub fn beta_reg(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * continued_fraction(a, b, x) / a
    } else {
        1.0 - front * continued_fraction(b, a, 1.0 - x) / b
    }
}

fn continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let clamp = |v: f64| if v.abs() < TINY { TINY } else { v };
    let mut c = 1.0;
    let mut d = 1.0 / clamp(1.0 - (a + b) * x / (a + 1.0));
    let mut h = d;
    // Enough for a, b up to ~10¹⁰; each step is a few flops.
    for m in 1..1_000_000 {
        let m = f64::from(m);
        let even = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
        d = 1.0 / clamp(1.0 + even * d);
        c = clamp(1.0 + even / c);
        h *= d * c;
        let odd = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
        d = 1.0 / clamp(1.0 + odd * d);
        c = clamp(1.0 + odd / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// P(F ≤ q) for F with (d1, d2) degrees of freedom.
pub fn f_cdf(q: f64, d1: f64, d2: f64) -> f64 {
    if q <= 0.0 {
        return 0.0;
    }
    beta_reg(d1 / 2.0, d2 / 2.0, d1 * q / (d1 * q + d2))
}

/// The q with P(F ≤ q) = p. Bisection on t = d1·q/(d1·q + d2), where the
/// distribution function is I_t(d1/2, d2/2), down to the last bit of t.
pub fn f_quantile(p: f64, d1: f64, d2: f64) -> f64 {
    debug_assert!(p > 0.0 && p < 1.0 && d1 > 0.0 && d2 > 0.0);
    let (a, b) = (d1 / 2.0, d2 / 2.0);
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if beta_reg(a, b, mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let t = 0.5 * (lo + hi);
    d2 * t / (d1 * (1.0 - t))
}

#[cfg(test)]
// Expected values as R prints them (17 digits).
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_known_values() {
        // lgamma in R: lgamma(0.5) = log(sqrt(pi)), lgamma(1) = 0, lgamma(10) = log(362880).
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-14);
        assert!(ln_gamma(1.0).abs() < 1e-14);
        assert!((ln_gamma(10.0) - 362_880f64.ln()).abs() < 1e-13);
        // R: lgamma(1e6) = 12815504.569147605
        assert!((ln_gamma(1e6) - 12_815_504.569_147_605).abs() < 1e-7);
    }

    /// (d1, d2, qf(0.975, d1, d2), qf(0.025, d1, d2)) from R 4.2.2, which
    /// computes qf exactly for d2 ≤ 4·10⁵.
    const R_QF: &[(f64, f64, f64, f64)] = &[
        (
            11.0,
            44.0,
            2.301_523_956_248_604_3,
            0.328_329_262_130_953_48,
        ),
        (
            11.0,
            187.0,
            2.062_427_454_705_183_3,
            0.342_191_541_136_908_08,
        ),
        (14.0, 56.0, 2.109_809_757_060_821_4, 0.381_263_247_339_167_5),
        (
            99.0,
            1683.0,
            1.309_212_542_744_425_4,
            0.735_917_490_516_763_36,
        ),
        (
            2799.0,
            11196.0,
            1.059_781_895_323_814_3,
            0.942_606_052_073_466_93,
        ),
        (
            9999.0,
            169_983.0,
            1.028_746_587_146_554,
            0.971_700_418_351_271_19,
        ),
        (
            99999.0,
            399_996.0,
            1.009_833_341_731_302_3,
            0.990_233_488_378_496_67,
        ),
    ];

    #[test]
    fn f_quantiles_match_r() {
        for &(d1, d2, upper, lower) in R_QF {
            let u = f_quantile(0.975, d1, d2);
            let l = f_quantile(0.025, d1, d2);
            assert!(
                (u - upper).abs() < 1e-9 * upper,
                "{d1} {d2}: {u} vs {upper}"
            );
            assert!(
                (l - lower).abs() < 1e-9 * lower,
                "{d1} {d2}: {l} vs {lower}"
            );
        }
    }

    #[test]
    fn f_cdf_inverts_the_quantile() {
        for &(d1, d2, upper, _) in R_QF {
            assert!((f_cdf(upper, d1, d2) - 0.975).abs() < 1e-9);
        }
    }
}
