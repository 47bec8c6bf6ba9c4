//! McDonald's omega total from a one-factor minimum-residual (minres)
//! solution, as `psych::fa(x, 1, fm = "minres")` computes it.
//!
//! Minres chooses loadings λ that minimise the squared off-diagonal
//! residuals Σ_{i<j} (r_ij − λ_i λ_j)². Its stationary points are exactly
//! the fixed points of iterated principal axes: put the communalities
//! h = λ² on the diagonal of R, take the largest eigenpair (e, v), set
//! λ = v·√e, repeat. psych reaches the same point by minimising over the
//! uniquenesses ψ = 1 − h with R's `optim` (L-BFGS-B, ψ in [0.005, 1],
//! started from 1 − SMC); we start from the same SMCs and iterate until the
//! communalities move by less than 1e-14, i.e. to the exact optimum.
//! L-BFGS-B stops a little earlier (its default tolerance), so psych's
//! printed omega can differ from the exact one in the seventh decimal (bfi
//! neuroticism: psych 0.8188084, exact 0.8188085).
//!
//! ω = (Σλ)² / ((Σλ)² + Σψ), with ψ = 1 − λ² (psych's `uniquenesses`).

use super::linalg::{smc, top_eigen};
use super::Unavailable;

/// psych's lower bound on a uniqueness.
const MIN_UNIQUENESS: f64 = 0.005;
const MAX_ITERATIONS: usize = 10_000;

/// A one-factor solution and the omega it gives.
#[derive(Debug, Clone, PartialEq)]
pub struct OneFactor {
    pub loadings: Vec<f64>,
    pub uniquenesses: Vec<f64>,
    pub omega: f64,
    /// Iterations of principal axes until the communalities settled.
    pub iterations: usize,
    /// Some communality reached psych's bound (a Heywood case): read with care.
    pub bounded: bool,
}

/// The one-factor minres solution of the `k × k` correlation matrix `r`
/// (row-major, ones on the diagonal).
pub fn one_factor(r: &[f64], k: usize) -> Result<OneFactor, Unavailable> {
    if k < 3 {
        return Err(Unavailable::FewerThanThreeItems);
    }
    let clamp = |h: f64| h.clamp(0.0, 1.0 - MIN_UNIQUENESS);
    let mut h: Vec<f64> = match smc(r, k) {
        Some(s) => s.into_iter().map(clamp).collect(),
        // A singular R (an item duplicated, say): start from each item's
        // largest correlation, the classic fallback.
        None => (0..k)
            .map(|i| {
                let m = (0..k)
                    .filter(|&j| j != i)
                    .map(|j| r[i * k + j].abs())
                    .fold(0.0, f64::max);
                clamp(m)
            })
            .collect(),
    };
    let mut reduced = r.to_vec();
    let mut iterations = 0;
    let loadings = loop {
        for i in 0..k {
            reduced[i * k + i] = h[i];
        }
        let (value, vector) = top_eigen(&reduced, k);
        let scale = value.max(0.0).sqrt();
        let loadings: Vec<f64> = vector.iter().map(|v| v * scale).collect();
        let next: Vec<f64> = loadings.iter().map(|l| clamp(l * l)).collect();
        let change = next
            .iter()
            .zip(&h)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        h = next;
        iterations += 1;
        if change < 1e-14 {
            break loadings;
        }
        if iterations >= MAX_ITERATIONS {
            return Err(Unavailable::NotConverged);
        }
    };
    // psych turns the factor so that the loadings sum to a positive number.
    let sign = if loadings.iter().sum::<f64>() < 0.0 {
        -1.0
    } else {
        1.0
    };
    let loadings: Vec<f64> = loadings.into_iter().map(|l| l * sign).collect();
    let uniquenesses: Vec<f64> = loadings.iter().map(|l| 1.0 - l * l).collect();
    let common = loadings.iter().sum::<f64>().powi(2);
    let omega = common / (common + uniquenesses.iter().sum::<f64>());
    let bounded = h.iter().any(|&x| x >= 1.0 - MIN_UNIQUENESS);
    Ok(OneFactor {
        loadings,
        uniquenesses,
        omega,
        iterations,
        bounded,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_matrix_made_from_one_factor_gives_its_loadings_back() {
        // r_ij = λ_i λ_j exactly: minres recovers λ; omega by hand.
        let l = [0.8, 0.7, 0.6, 0.5];
        let k = l.len();
        let mut r = vec![0.0; k * k];
        for i in 0..k {
            for j in 0..k {
                r[i * k + j] = if i == j { 1.0 } else { l[i] * l[j] };
            }
        }
        let f = one_factor(&r, k).unwrap();
        for (got, want) in f.loadings.iter().zip(l) {
            assert!((got - want).abs() < 1e-10, "{got} vs {want}");
        }
        let s: f64 = l.iter().sum();
        let psi: f64 = l.iter().map(|x| 1.0 - x * x).sum();
        assert!((f.omega - s * s / (s * s + psi)).abs() < 1e-10);
        assert!(!f.bounded);
    }

    #[test]
    fn two_items_cannot_identify_a_factor() {
        assert_eq!(
            one_factor(&[1.0, 0.5, 0.5, 1.0], 2),
            Err(Unavailable::FewerThanThreeItems)
        );
    }
}
