//! Reliability of one scale from its [`ItemSums`]: Cronbach's alpha (raw
//! and standardized) with pingouin's confidence interval, the average
//! inter-item correlation, per-item statistics (r.drop, alpha if dropped)
//! and omega total — each as `psych::alpha` / `psych::fa` define it.
//!
//! psych works from the covariance matrix C (`cov(x, use = "pairwise")`,
//! or complete cases with `use = "complete.obs"`):
//! - raw alpha = k/(k−1) · (1 − tr C / ΣC);
//! - R = cov2cor(C) (each pair's covariance over the items' own SDs);
//!   standardized alpha = k/(k−1) · (1 − k / ΣR); average r = (ΣR − k)/(k(k−1));
//! - r.drop of item i = (Σ_j C_ij − C_ii) / √(C_ii · ΣC₋ᵢ), the item's
//!   correlation with the sum of the others; alpha if dropped = raw alpha of C₋ᵢ.
//!
//! `psych::fa` instead correlates each pair over its own respondents
//! (`cor(x, use = "pairwise")`); omega uses that matrix.
//!
//! The 95 % interval is Feldt's, as pingouin computes it:
//! 1 − (1 − α)·F⁻¹(0.975 | 0.025; n − 1, (n − 1)(k − 1)), n being everyone
//! with an answer on the scale — for listwise alpha too: pingouin counts the
//! rows before it drops the incomplete ones, and its published intervals
//! (the tests pin them) depend on that. With many incomplete respondents
//! the listwise interval is therefore narrower than its n would justify.

use serde::Serialize;

use super::fdist::f_quantile;
use super::omega::{one_factor, OneFactor};
use super::sums::{ItemSums, Missing, Pair};
use super::Unavailable;

/// One item's statistics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemStats {
    /// Respondents who answered it.
    pub n: u64,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    /// Correlation with the sum of the other items (psych's `r.drop`).
    pub r_drop: Option<f64>,
    /// Raw alpha of the scale without this item.
    pub alpha_if_dropped: Option<f64>,
}

/// Everything known about one scale's reliability.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleStats {
    pub missing: Missing,
    /// Respondents entering the statistics (see the module documentation).
    pub n: u64,
    pub items: Vec<ItemStats>,
    pub alpha: Result<f64, Unavailable>,
    /// 95 % interval of alpha (Feldt; pingouin, whose n is every
    /// respondent with an answer, also for listwise alpha).
    pub alpha_ci: Option<[f64; 2]>,
    pub std_alpha: Result<f64, Unavailable>,
    pub average_r: Result<f64, Unavailable>,
    pub omega: Result<OneFactor, Unavailable>,
}

/// Raw alpha of the `k × k` covariance matrix `c`.
fn raw_alpha(c: &[f64], k: usize) -> Result<f64, Unavailable> {
    if k < 2 {
        return Err(Unavailable::FewerThanTwoItems);
    }
    let total: f64 = c.iter().sum();
    if total <= 0.0 {
        return Err(Unavailable::NoVariance);
    }
    let trace: f64 = (0..k).map(|i| c[i * k + i]).sum();
    let k = k as f64;
    Ok(k / (k - 1.0) * (1.0 - trace / total))
}

/// `m` without row and column `drop`.
fn without(m: &[f64], k: usize, drop: usize) -> Vec<f64> {
    (0..k)
        .filter(|&i| i != drop)
        .flat_map(|i| (0..k).filter(|&j| j != drop).map(move |j| m[i * k + j]))
        .collect()
}

/// A full matrix of pair statistics, or why one pair has none.
fn matrix(
    sums: &ItemSums,
    stat: impl Fn(&Pair) -> Option<f64>,
    undefined: impl Fn(usize, usize) -> Unavailable,
) -> Result<Vec<f64>, Unavailable> {
    let k = sums.items();
    let mut m = vec![0.0; k * k];
    for i in 0..k {
        for j in i..k {
            let v = stat(&sums.pair(i, j)).ok_or_else(|| undefined(i, j))?;
            m[i * k + j] = v;
            m[j * k + i] = v;
        }
    }
    Ok(m)
}

fn item_stats(sums: &ItemSums, c: Option<&[f64]>) -> Vec<ItemStats> {
    let k = sums.items();
    (0..k)
        .map(|i| {
            let p = sums.item(i);
            let (r_drop, alpha_if_dropped) = match c {
                Some(c) if k >= 2 => {
                    let rest = without(c, k, i);
                    let v_drop: f64 = rest.iter().sum();
                    let c_drop: f64 = (0..k).map(|j| c[i * k + j]).sum::<f64>() - c[i * k + i];
                    let denom = c[i * k + i] * v_drop;
                    let r = (denom > 0.0).then(|| c_drop / denom.sqrt());
                    let a = if k >= 3 {
                        raw_alpha(&rest, k - 1).ok()
                    } else {
                        None
                    };
                    (r, a)
                }
                _ => (None, None),
            };
            ItemStats {
                n: p.n,
                mean: (p.n > 0).then(|| p.sx as f64 / p.n as f64),
                sd: p.cov().map(|v| v.max(0.0).sqrt()),
                r_drop,
                alpha_if_dropped,
            }
        })
        .collect()
}

/// The statistics of one scale.
pub fn scale_stats(sums: &ItemSums) -> ScaleStats {
    let k = sums.items();
    let missing = sums.missing();
    let n = match missing {
        Missing::Pairwise => sums.rows(),
        Missing::Listwise => sums.complete(),
    };
    let cov = if k < 2 {
        Err(Unavailable::FewerThanTwoItems)
    } else if n < 2 {
        Err(Unavailable::FewerThanTwoRespondents)
    } else {
        matrix(sums, Pair::cov, |i, j| {
            Unavailable::PairNotAnsweredTogether { items: [i, j] }
        })
    };
    let alpha = cov
        .as_deref()
        .map_err(Clone::clone)
        .and_then(|c| raw_alpha(c, k));
    let rows = sums.rows();
    let alpha_ci = alpha.as_ref().ok().and_then(|&a| {
        (rows >= 2).then(|| {
            let d1 = (rows - 1) as f64;
            let d2 = d1 * (k - 1) as f64;
            [
                1.0 - (1.0 - a) * f_quantile(0.975, d1, d2),
                1.0 - (1.0 - a) * f_quantile(0.025, d1, d2),
            ]
        })
    });
    let standardized = cov.clone().and_then(|c| {
        if let Some(i) = (0..k).find(|&i| c[i * k + i] <= 0.0) {
            return Err(Unavailable::ItemWithoutVariance { item: i });
        }
        let sum_r: f64 = (0..k)
            .flat_map(|i| (0..k).map(move |j| (i, j)))
            .map(|(i, j)| c[i * k + j] / (c[i * k + i] * c[j * k + j]).sqrt())
            .sum();
        Ok(sum_r)
    });
    let kf = k as f64;
    let std_alpha = standardized.map(|sum_r| (1.0 - kf / sum_r) * kf / (kf - 1.0));
    let average_r = standardized.map(|sum_r| (sum_r - kf) / (kf * (kf - 1.0)));
    let omega = standardized.and_then(|_| {
        let cor = matrix(sums, Pair::cor, |i, j| Unavailable::PairWithoutVariance {
            items: [i, j],
        });
        // The diagonal of a correlation matrix is 1 by definition.
        cor.and_then(|mut r| {
            for i in 0..k {
                r[i * k + i] = 1.0;
            }
            one_factor(&r, k)
        })
    });
    ScaleStats {
        missing,
        n,
        items: item_stats(sums, cov.as_deref().ok()),
        alpha,
        alpha_ci,
        std_alpha,
        average_r,
        omega,
    }
}

#[cfg(test)]
// Expected values as R prints them (17 digits).
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    /// 40 made-up respondents × 5 items on 1–5 (R: set.seed(5), one factor,
    /// 7 missing cells as `.`); the expected values are R psych 2.2.9's
    /// `alpha(d)`, `alpha(d, use = "complete.obs")` and `fa(d, 1)`.
    const ROWS: &str = "43312 32553 .3123 53252 4.534 32323 25233 22434 .32.2 33234 \
        55525 321.3 33113 24312 23323 23333 32343 11113 33444 33323 32354 45433 45555 \
        44443 33322 34233 24442 42433 12132 242.1 32443 45445 5544. 44543 43343 44555 \
        31234 22321 22112 23344";

    fn sums(missing: Missing) -> ItemSums {
        let mut s = ItemSums::new(5, missing);
        for row in ROWS.split_whitespace() {
            let values: Vec<Option<i64>> =
                row.chars().map(|c| c.to_digit(10).map(i64::from)).collect();
            s.push(&values);
        }
        s
    }

    #[track_caller]
    fn near(got: f64, want: f64, tol: f64) {
        assert!((got - want).abs() < tol, "got {got}, want {want}");
    }

    #[test]
    fn pairwise_statistics_match_psych() {
        let s = scale_stats(&sums(Missing::Pairwise));
        assert_eq!(s.n, 40);
        near(s.alpha.unwrap(), 0.768_112_539_503_693_63, 1e-12);
        near(s.std_alpha.unwrap(), 0.769_701_368_780_756_79, 1e-12);
        near(s.average_r.unwrap(), 0.400_636_873_993_822_08, 1e-12);
        let [lo, hi] = s.alpha_ci.unwrap();
        near(lo, 0.631_212_015_049_943_62, 1e-9);
        near(hi, 0.864_871_316_619_539_86, 1e-9);
        let r_drop = [
            0.609_513_037_938_533_51,
            0.430_007_372_024_543_64,
            0.670_198_698_143_053_33,
            0.505_091_181_844_306_01,
            0.500_551_488_412_655_29,
        ];
        let dropped = [
            0.704_693_396_152_163_31,
            0.762_134_630_365_341_9,
            0.674_721_465_794_070_11,
            0.739_644_695_107_320_89,
            0.739_215_600_645_611_76,
        ];
        let means = [
            3.052_631_578_947_368_6,
            3.102_564_102_564_102_6,
            3.05,
            3.081_081_081_081_081_1,
            3.076_923_076_923_077_1,
        ];
        let sds = [
            1.038_381_495_823_047_5,
            1.142_363_012_514_705_5,
            1.280_024_038_235_821,
            1.255_618_005_834_806_8,
            1.010_070_747_512_151_8,
        ];
        let ns = [38, 39, 40, 37, 39];
        for (i, item) in s.items.iter().enumerate() {
            near(item.r_drop.unwrap(), r_drop[i], 1e-12);
            near(item.alpha_if_dropped.unwrap(), dropped[i], 1e-12);
            near(item.mean.unwrap(), means[i], 1e-12);
            near(item.sd.unwrap(), sds[i], 1e-12);
            assert_eq!(item.n, ns[i]);
        }
        // psych's L-BFGS-B stops at 0.777686618; the exact minres optimum
        // (principal axes iterated in R until the communalities stop moving):
        let omega = s.omega.unwrap();
        near(omega.omega, 0.777_686_623_467_838_79, 1e-12);
        near(omega.omega, 0.777_686_618_075_653_54, 1e-8);
        let loadings = [
            0.701_695_560_690_280_05,
            0.499_100_249_791_864_24,
            0.810_954_940_153_942_76,
            0.591_992_572_811_492_42,
            0.585_499_362_847_294_98,
        ];
        for (got, want) in omega.loadings.iter().zip(loadings) {
            near(*got, want, 1e-10);
        }
    }

    #[test]
    fn listwise_statistics_match_psych() {
        let s = scale_stats(&sums(Missing::Listwise));
        assert_eq!(s.n, 34);
        near(s.alpha.unwrap(), 0.764_145_883_614_910_09, 1e-12);
        near(s.std_alpha.unwrap(), 0.767_977_026_137_023_57, 1e-12);
        let [lo, hi] = s.alpha_ci.unwrap();
        // pingouin's n: all 40 respondents, not the 34 complete ones.
        near(lo, 0.624_903_545_290_156_68, 1e-9);
        near(hi, 0.862_559_811_777_805_61, 1e-9);
        let r_drop = [
            0.578_836_030_246_515_75,
            0.437_492_172_193_051_48,
            0.668_714_023_868_687_5,
            0.494_041_613_823_050_4,
            0.515_812_479_467_730_57,
        ];
        let dropped = [
            0.708_663_436_145_937_41,
            0.754_694_216_122_464_23,
            0.669_272_684_198_057_3,
            0.739_638_447_971_781_35,
            0.728_970_125_786_163_38,
        ];
        for (i, item) in s.items.iter().enumerate() {
            near(item.r_drop.unwrap(), r_drop[i], 1e-12);
            near(item.alpha_if_dropped.unwrap(), dropped[i], 1e-12);
        }
        near(s.omega.unwrap().omega, 0.772_750_869_754_112_11, 1e-6);
    }

    #[test]
    fn what_cannot_be_computed_says_why() {
        let mut one = ItemSums::new(1, Missing::Pairwise);
        one.push(&[Some(3)]);
        one.push(&[Some(4)]);
        assert_eq!(scale_stats(&one).alpha, Err(Unavailable::FewerThanTwoItems));

        let mut lonely = ItemSums::new(3, Missing::Pairwise);
        lonely.push(&[Some(1), Some(2), Some(3)]);
        assert_eq!(
            scale_stats(&lonely).alpha,
            Err(Unavailable::FewerThanTwoRespondents)
        );

        let mut same = ItemSums::new(3, Missing::Pairwise);
        for _ in 0..5 {
            same.push(&[Some(4), Some(4), Some(4)]);
        }
        let s = scale_stats(&same);
        assert_eq!(s.alpha, Err(Unavailable::NoVariance));
        assert_eq!(
            s.std_alpha,
            Err(Unavailable::ItemWithoutVariance { item: 0 })
        );
        assert!(s.alpha_ci.is_none());

        let mut apart = ItemSums::new(3, Missing::Pairwise);
        for v in 1..=4 {
            apart.push(&[Some(v), Some(5 - v), None]);
            apart.push(&[None, Some(v), Some(v)]);
        }
        apart.push(&[Some(2), None, Some(3)]);
        assert_eq!(
            scale_stats(&apart).alpha,
            Err(Unavailable::PairNotAnsweredTogether { items: [0, 2] })
        );
        let mut apart_listwise = ItemSums::new(3, Missing::Listwise);
        for v in 1..=4 {
            apart_listwise.push(&[Some(v), Some(5 - v), None]);
        }
        assert_eq!(
            scale_stats(&apart_listwise).alpha,
            Err(Unavailable::FewerThanTwoRespondents)
        );

        let mut flat_item = ItemSums::new(3, Missing::Pairwise);
        for v in [1, 2, 3, 4, 5] {
            flat_item.push(&[Some(v), Some(v % 3 + 1), Some(2)]);
        }
        let s = scale_stats(&flat_item);
        assert!(s.alpha.is_ok(), "raw alpha needs only the total's variance");
        assert_eq!(
            s.std_alpha,
            Err(Unavailable::ItemWithoutVariance { item: 2 })
        );
        assert_eq!(s.omega, Err(Unavailable::ItemWithoutVariance { item: 2 }));
    }
}
