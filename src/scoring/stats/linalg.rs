//! The little linear algebra a scale needs (k is tens of items, so plain
//! O(k³) methods are instant): the largest eigenpair of a symmetric matrix
//! and squared multiple correlations. Matrices are row-major `k × k` slices.

/// The largest eigenvalue of the symmetric matrix `a` and its unit
/// eigenvector, by cyclic Jacobi rotations (Golub & Van Loan §8.5), which
/// are accurate to the last bits for small symmetric matrices.
pub fn top_eigen(a: &[f64], k: usize) -> (f64, Vec<f64>) {
    let mut m = a.to_vec();
    let mut v = vec![0.0; k * k];
    for i in 0..k {
        v[i * k + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..k)
            .flat_map(|i| (0..k).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| m[i * k + j] * m[i * k + j])
            .sum();
        if off < 1e-30 {
            break;
        }
        for p in 0..k {
            for q in p + 1..k {
                rotate(&mut m, &mut v, k, p, q);
            }
        }
    }
    let top = (0..k)
        .max_by(|&i, &j| m[i * k + i].total_cmp(&m[j * k + j]))
        .unwrap_or(0);
    let vector = (0..k).map(|r| v[r * k + top]).collect();
    (m[top * k + top], vector)
}

/// One Jacobi rotation zeroing m[p][q], accumulated into v.
fn rotate(m: &mut [f64], v: &mut [f64], k: usize, p: usize, q: usize) {
    let apq = m[p * k + q];
    if apq.abs() < 1e-300 {
        return;
    }
    let theta = (m[q * k + q] - m[p * k + p]) / (2.0 * apq);
    let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
    let t = if theta == 0.0 { 1.0 } else { t };
    let c = 1.0 / (t * t + 1.0).sqrt();
    let s = t * c;
    for r in 0..k {
        let (mrp, mrq) = (m[r * k + p], m[r * k + q]);
        m[r * k + p] = c * mrp - s * mrq;
        m[r * k + q] = s * mrp + c * mrq;
    }
    for r in 0..k {
        let (mpr, mqr) = (m[p * k + r], m[q * k + r]);
        m[p * k + r] = c * mpr - s * mqr;
        m[q * k + r] = s * mpr + c * mqr;
    }
    for r in 0..k {
        let (vrp, vrq) = (v[r * k + p], v[r * k + q]);
        v[r * k + p] = c * vrp - s * vrq;
        v[r * k + q] = s * vrp + c * vrq;
    }
}

/// The inverse of `a` by Gauss–Jordan elimination with partial pivoting;
/// `None` when `a` is singular (or nearly so).
pub fn inverse(a: &[f64], k: usize) -> Option<Vec<f64>> {
    let mut m = a.to_vec();
    let mut inv = vec![0.0; k * k];
    for i in 0..k {
        inv[i * k + i] = 1.0;
    }
    for col in 0..k {
        let pivot =
            (col..k).max_by(|&i, &j| m[i * k + col].abs().total_cmp(&m[j * k + col].abs()))?;
        if m[pivot * k + col].abs() < 1e-12 {
            return None;
        }
        for c in 0..k {
            m.swap(col * k + c, pivot * k + c);
            inv.swap(col * k + c, pivot * k + c);
        }
        let d = m[col * k + col];
        for c in 0..k {
            m[col * k + c] /= d;
            inv[col * k + c] /= d;
        }
        for r in (0..k).filter(|&r| r != col) {
            let f = m[r * k + col];
            if f != 0.0 {
                for c in 0..k {
                    m[r * k + c] -= f * m[col * k + c];
                    inv[r * k + c] -= f * inv[col * k + c];
                }
            }
        }
    }
    Some(inv)
}

/// Squared multiple correlations of each variable with all the others,
/// 1 − 1/(R⁻¹)ᵢᵢ (psych's `smc`); `None` when R is singular.
pub fn smc(r: &[f64], k: usize) -> Option<Vec<f64>> {
    let inv = inverse(r, k)?;
    Some((0..k).map(|i| 1.0 - 1.0 / inv[i * k + i]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_eigenpair_of_a_known_matrix() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1; top vector (1, 1)/√2.
        let (value, vector) = top_eigen(&[2.0, 1.0, 1.0, 2.0], 2);
        assert!((value - 3.0).abs() < 1e-14);
        let s = std::f64::consts::FRAC_1_SQRT_2;
        assert!((vector[0].abs() - s).abs() < 1e-14 && (vector[1].abs() - s).abs() < 1e-14);
        assert!(vector[0] * vector[1] > 0.0);
    }

    #[test]
    fn inverse_times_matrix_is_identity_and_singular_is_none() {
        let a = [4.0, 2.0, 0.6, 2.0, 5.0, 1.0, 0.6, 1.0, 3.0];
        let inv = inverse(&a, 3).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                let x: f64 = (0..3).map(|l| a[i * 3 + l] * inv[l * 3 + j]).sum();
                assert!((x - f64::from(u8::from(i == j))).abs() < 1e-14);
            }
        }
        assert!(inverse(&[1.0, 2.0, 2.0, 4.0], 2).is_none());
    }

    #[test]
    fn smc_of_two_variables_is_r_squared() {
        let s = smc(&[1.0, 0.6, 0.6, 1.0], 2).unwrap();
        assert!((s[0] - 0.36).abs() < 1e-14 && (s[1] - 0.36).abs() < 1e-14);
    }
}
