//! Psychometric antonyms in Curran's (2016) form, measured but not used as a
//! flag: the within-person correlation, across pairs of statements worded in
//! opposite directions, of the raw answers. Honest answers should correlate
//! negatively. The simulation prints how well that separates honest from
//! random answering on each bank (README, "Careless answering").

use securebase::answers::Answer;
use securebase::bank::{Bank, ItemKind};

/// Answer slots of (forward, reversed) pairs: within each subscale (one
/// dimension of one target) the k-th forward statement with the k-th
/// reversed one, in bank order.
pub fn pairs(bank: &Bank) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let per_target = bank.items.len();
    for t in 0..bank.targets.len().max(1) {
        for d in &bank.dimensions {
            let slots = |reversed: bool| {
                bank.items
                    .iter()
                    .enumerate()
                    .filter_map(move |(i, it)| match &it.kind {
                        ItemKind::Likert { dimension, reverse }
                            if *dimension == d.id && *reverse == reversed =>
                        {
                            Some(t * per_target + i)
                        }
                        _ => None,
                    })
            };
            out.extend(slots(false).zip(slots(true)));
        }
    }
    out
}

/// Pearson's r of the raw answers across the pairs; `None` when either side
/// does not vary (or fewer than 3 pairs are answered).
pub fn within_person_r(answers: &[Answer], pairs: &[(usize, usize)]) -> Option<f64> {
    let xy: Vec<(f64, f64)> = pairs
        .iter()
        .filter_map(|&(f, r)| match (&answers[f], &answers[r]) {
            (Answer::Rating(x), Answer::Rating(y)) => Some((*x as f64, *y as f64)),
            _ => None,
        })
        .collect();
    let n = xy.len() as f64;
    if xy.len() < 3 {
        return None;
    }
    let (mx, my) = (
        xy.iter().map(|p| p.0).sum::<f64>() / n,
        xy.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &xy {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// The p-quantile (nearest rank) of a sorted slice.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p * sorted.len() as f64) as usize).min(sorted.len() - 1);
    sorted[i]
}
