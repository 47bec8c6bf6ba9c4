//! Simulated respondents for the careless-answering thresholds: honest
//! people from a two-factor model, and three kinds of careless answering.
//! Shared by `examples/simulate` (the figures in the README) and the
//! integration test that checks the targets on a small fixed-seed run.
//!
//! The honest model, per relationship target (one target where a bank has
//! none):
//!
//! - latent anxiety za ~ N(0, 1); avoidance zv = 0.2·za + √0.96·e, so
//!   r(anxiety, avoidance) = .20 (the pooled ECR figure, Cameron, Finnegan
//!   & Morry 2012); disorganization zd = 0.4·za + 0.3·zv + residual, unit
//!   variance (related to both, as the ADA is; the weights are a guess);
//! - in a bank with targets each target's levels are √.35·(the person's
//!   general level) + √.65·(own part): relationships share about a third of
//!   their variance (a rough figure for the ECR-RS domains);
//! - a keyed answer is mean + item offset + 1.7·(0.65·z + √(1 − 0.65²)·ε):
//!   a standardised loading of .65 gives inter-item correlations of about
//!   .42 and alphas like the ECR's; item SD about 1.7 on 1–7; means
//!   anxiety 4.1, avoidance 3.4 (the Open Psychometrics ECR data of
//!   2018, n = 46,610, rescaled to 1–7), disorganization 3.2 (a guess); item
//!   offsets N(0, 0.45), fixed per item;
//! - a reverse-keyed statement gets min + max − that, and then every raw
//!   answer gets the person's acquiescence a ~ N(0, 0.35), rounded and
//!   clamped to the scale;
//! - paragraph banks: each paragraph is rated 4 + 1.7·(0.65·p + noise) + a,
//!   where p is the person's position towards that prototype
//!   ((±za ± zv)/√2), and the best fit is the highest rated.
//!
//! Careless kinds: **random** (every answer uniform on the scale, a random
//! best fit), **straight** (one value, uniform on the scale, everywhere),
//! **acquiescent** (uniform on the top three points, 5–7 on 1–7).

use securebase::answers::Answer;
use securebase::bank::{Bank, ItemKind, Prototype};

pub const LOADING: f64 = 0.65;
pub const ITEM_SD: f64 = 1.7;
pub const ACQUIESCENCE_SD: f64 = 0.35;
pub const OFFSET_SD: f64 = 0.45;
pub const R_ANXIETY_AVOIDANCE: f64 = 0.2;
pub const TARGET_SHARED: f64 = 0.35;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Honest,
    Random,
    Straight,
    Acquiescent,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Honest,
        Kind::Random,
        Kind::Straight,
        Kind::Acquiescent,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Honest => "honest",
            Kind::Random => "random",
            Kind::Straight => "straight-liners",
            Kind::Acquiescent => "acquiescent",
        }
    }
}

/// A standard normal variate (Box–Muller).
pub fn normal(rng: &mut fastrand::Rng) -> f64 {
    let u = 1.0 - rng.f64(); // (0, 1]
    let v = rng.f64();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// The bank prepared for simulation: item offsets drawn once.
pub struct Simulator<'b> {
    bank: &'b Bank,
    offsets: Vec<f64>,
}

/// A dimension's mean keyed answer, relative to the midpoint of a 1–7 scale.
fn dimension_mean(id: &str) -> f64 {
    match id {
        "anxiety" => 0.1,
        "avoidance" => -0.6,
        _ => -0.8,
    }
}

/// Scale points of `bank` per point of a 1–7 scale: every figure above is
/// on 1–7 and is stretched to the bank's range.
fn unit(bank: &Bank) -> f64 {
    (bank.scale.max - bank.scale.min) as f64 / 6.0
}

/// Latent (anxiety, avoidance, disorganization) for one target.
fn levels(general: [f64; 3], rng: &mut fastrand::Rng, targets: bool) -> [f64; 3] {
    if !targets {
        return general;
    }
    let own = person(rng);
    let w = TARGET_SHARED.sqrt();
    let u = (1.0 - TARGET_SHARED).sqrt();
    [0, 1, 2].map(|i| w * general[i] + u * own[i])
}

fn person(rng: &mut fastrand::Rng) -> [f64; 3] {
    let za = normal(rng);
    let r = R_ANXIETY_AVOIDANCE;
    let zv = r * za + (1.0 - r * r).sqrt() * normal(rng);
    // Var(0.4·za + 0.3·zv) = 0.16 + 0.09 + 2·0.4·0.3·r.
    let explained = 0.16 + 0.09 + 2.0 * 0.4 * 0.3 * r;
    let zd = 0.4 * za + 0.3 * zv + (1.0 - explained).sqrt() * normal(rng);
    [za, zv, zd]
}

impl<'b> Simulator<'b> {
    pub fn new(bank: &'b Bank, seed: u64) -> Self {
        let mut rng = fastrand::Rng::with_seed(seed ^ 0x5EED_0FF5);
        let u = unit(bank);
        let offsets = bank
            .items
            .iter()
            .map(|_| OFFSET_SD * u * normal(&mut rng))
            .collect();
        Simulator { bank, offsets }
    }

    /// One respondent's answers, one per `Bank::answer_keys()` entry.
    pub fn answers(&self, kind: Kind, rng: &mut fastrand::Rng) -> Vec<Answer> {
        let b = self.bank;
        let (min, max) = (b.scale.min, b.scale.max);
        let n = b.question_count();
        let mut out = Vec::with_capacity(n);
        match kind {
            Kind::Random => out.extend((0..n).map(|_| Answer::Rating(rng.i64(min..=max)))),
            Kind::Straight => {
                let v = rng.i64(min..=max);
                out.extend((0..n).map(|_| Answer::Rating(v)));
            }
            Kind::Acquiescent => {
                out.extend((0..n).map(|_| Answer::Rating(rng.i64(max - 2..=max))));
            }
            Kind::Honest => self.honest(rng, &mut out),
        }
        if b.forced_choice.is_some() {
            let last = out.len() - 1;
            out[last] = Answer::Choice(self.best_fit(&out, kind, rng));
        }
        out
    }

    fn honest(&self, rng: &mut fastrand::Rng, out: &mut Vec<Answer>) {
        let b = self.bank;
        let (min, max) = (b.scale.min, b.scale.max);
        let general = person(rng);
        let u = unit(b);
        let acquiescence = ACQUIESCENCE_SD * u * normal(rng);
        let mid = (min + max) as f64 / 2.0;
        let noise = (1.0 - LOADING * LOADING).sqrt();
        for _ in 0..b.targets.len().max(1) {
            let z = levels(general, rng, !b.targets.is_empty());
            for (item, offset) in b.items.iter().zip(&self.offsets) {
                let raw = match &item.kind {
                    ItemKind::Likert { dimension, reverse } => {
                        let zi = match dimension.as_str() {
                            "anxiety" => z[0],
                            "avoidance" => z[1],
                            _ => z[2],
                        };
                        let keyed = mid
                            + dimension_mean(dimension) * u
                            + offset
                            + ITEM_SD * u * (LOADING * zi + noise * normal(rng));
                        if *reverse {
                            (min + max) as f64 - keyed
                        } else {
                            keyed
                        }
                    }
                    ItemKind::Prototype { style } => {
                        let p = match style {
                            Prototype::Secure => -z[0] - z[1],
                            Prototype::Anxious => z[0] - z[1],
                            Prototype::Avoidant => z[1] - z[0],
                            Prototype::Fearful => z[0] + z[1],
                        } / std::f64::consts::SQRT_2;
                        mid + ITEM_SD * u * (LOADING * p + noise * normal(rng))
                    }
                };
                let r = (raw + acquiescence).round() as i64;
                out.push(Answer::Rating(r.clamp(min, max)));
            }
        }
        if self.bank.forced_choice.is_some() {
            out.push(Answer::Missing); // replaced by the best fit
        }
    }

    /// The paragraph chosen as the best fit: the highest rated (the first
    /// of a tie) for honest respondents, any paragraph otherwise.
    fn best_fit(&self, answers: &[Answer], kind: Kind, rng: &mut fastrand::Rng) -> String {
        let items = &self.bank.items;
        let i = if kind == Kind::Honest {
            let rating = |i: usize| match answers[i] {
                Answer::Rating(r) => r,
                _ => i64::MIN,
            };
            (0..items.len())
                .max_by_key(|&i| (rating(i), std::cmp::Reverse(i)))
                .unwrap_or(0)
        } else {
            rng.usize(0..items.len())
        };
        items[i].id.clone()
    }
}
