//! Small statistics the scoring core needs: the normal distribution
//! function (percentiles) and the Spearman–Brown formula (the reliability
//! of the items a person actually answered).

/// The Spearman–Brown prophecy: the reliability of a scale `k` times as
/// long as one of reliability `r`, k·r / (1 + (k − 1)·r). With k = answered
/// / items it gives the reliability of the items a person actually
/// answered: 5 of 6 items at alpha .78 give .747.
pub fn spearman_brown(r: f64, k: f64) -> f64 {
    k * r / (1.0 + (k - 1.0) * r)
}

/// The standard normal distribution function Φ(x).
///
/// Marsaglia's series (J. Stat. Softw. 11(4), 2004):
/// Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + …). All terms share the sign of x,
/// so nothing cancels; the error is below 1e-15 for |x| ≤ 8, and beyond that
/// Φ is 0 or 1 to double precision.
pub fn normal_cdf(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x < -8.0 {
        return 0.0;
    }
    if x > 8.0 {
        return 1.0;
    }
    let (mut sum, mut term) = (x, x);
    let x2 = x * x;
    let mut i = 3.0;
    while term.abs() > 1e-17 * sum.abs() {
        term *= x2 / i;
        sum += term;
        i += 2.0;
    }
    let pdf = (-x2 / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
    (0.5 + pdf * sum).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_known_values() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-16);
        // Reference values from R: pnorm(1.96), pnorm(-1), pnorm(3), pnorm(-6).
        assert!((normal_cdf(1.96) - 0.975_002_104_851_780).abs() < 1e-12);
        assert!((normal_cdf(-1.0) - 0.158_655_253_931_457).abs() < 1e-12);
        assert!((normal_cdf(3.0) - 0.998_650_101_968_370).abs() < 1e-12);
        assert!((normal_cdf(-6.0) - 9.865_876_450_377e-10).abs() < 1e-15);
        assert!(normal_cdf(-9.0).abs() < 1e-300);
        assert!((normal_cdf(9.0) - 1.0).abs() < 1e-300);
        for i in -80..=80 {
            let x = f64::from(i) / 10.0;
            assert!((normal_cdf(x) + normal_cdf(-x) - 1.0).abs() < 1e-14, "{x}");
        }
    }

    #[test]
    fn spearman_brown_for_skipped_items() {
        // The example: 5 of 6 answered at alpha .78 → .747; SEM
        // with sd 1.2 goes from 1.2·√.22 = 0.563 to 1.2·√(1 − .747) = 0.603.
        let r = spearman_brown(0.78, 5.0 / 6.0);
        assert!((r - 0.65 / 0.87).abs() < 1e-12, "{r}");
        assert!((1.2 * (1.0 - r).sqrt() - 0.603_4).abs() < 1e-4);
        assert!((spearman_brown(0.78, 1.0) - 0.78).abs() < 1e-15);
        // Doubling a scale of .5 gives 2·.5/(1 + .5) = 2/3.
        assert!((spearman_brown(0.5, 2.0) - 2.0 / 3.0).abs() < 1e-15);
    }
}
