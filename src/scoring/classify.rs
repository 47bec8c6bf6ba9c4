//! Classification: from dimension scores (or paragraph ratings) to a style.
//!
//! Pure functions over already computed numbers. The rules (README, "How
//! results are computed"):
//!
//! - **Quadrant.** A dimension is *high* when its score is strictly above its
//!   cutoff (a score exactly at the cutoff is low). Low anxiety + low
//!   avoidance = secure; high anxiety + low avoidance = anxious; low anxiety +
//!   high avoidance = avoidant; high + high = fearful(-avoidant).
//! - **Prototype similarities** in [−1, 1]: with h = (max − min)/2,
//!   a = (anxiety − cut_a)/h and v = (avoidance − cut_v)/h, each clamped to
//!   [−1, 1] (only needed when a bank sets a cutoff away from the midpoint):
//!   secure = (−a − v)/2, anxious = (a − v)/2, avoidant = (v − a)/2,
//!   fearful = (a + v)/2. The largest is always the quadrant (ties only when
//!   a score sits exactly on its cutoff).
//! - **Disorganized** is named only from a bank's own `disorganization`
//!   dimension: when its score is high the style is disorganized and the
//!   quadrant is reported beside it; when it is low or null the style is the
//!   quadrant.
//! - **Borderline.** For each of anxiety and avoidance whose 95 % interval
//!   contains its cutoff, the neighbouring style across that cut is named
//!   (the two edge neighbours only, never the diagonal). A disorganized
//!   result with a borderline disorganization score names its quadrant; a
//!   quadrant result with a borderline disorganization score names
//!   disorganized.
//! - **Paragraph (prototype) banks.** The style is the highest-rated
//!   paragraph; a tie is broken by the forced choice when it names one of
//!   the tied paragraphs, otherwise the result is mixed. The other tied
//!   paragraphs are listed as borderline neighbours.

use std::collections::BTreeMap;

use crate::bank::Prototype;
use crate::scoring::result::{DimensionScore, PrototypeScores, Style, StyleId};

/// `decided_by` values of [`PrototypeScores`].
pub const DECIDED_BY_RATING: &str = "highest rating";
pub const DECIDED_BY_CHOICE: &str = "forced choice";
pub const DECIDED_BY_TIE: &str = "tie (mixed)";
pub const DECIDED_BY_NOTHING: &str = "no ratings";

/// The style a prototype paragraph stands for.
pub fn style_of(p: Prototype) -> StyleId {
    match p {
        Prototype::Secure => StyleId::Secure,
        Prototype::Anxious => StyleId::Anxious,
        Prototype::Avoidant => StyleId::Avoidant,
        Prototype::Fearful => StyleId::Fearful,
    }
}

/// The anxiety × avoidance quadrant.
pub fn quadrant(anxiety_high: bool, avoidance_high: bool) -> StyleId {
    match (anxiety_high, avoidance_high) {
        (false, false) => StyleId::Secure,
        (true, false) => StyleId::Anxious,
        (false, true) => StyleId::Avoidant,
        (true, true) => StyleId::Fearful,
    }
}

/// The quadrant on the other side of the anxiety cut.
pub fn across_anxiety(q: StyleId) -> StyleId {
    match q {
        StyleId::Secure => StyleId::Anxious,
        StyleId::Anxious => StyleId::Secure,
        StyleId::Avoidant => StyleId::Fearful,
        StyleId::Fearful => StyleId::Avoidant,
        other => other,
    }
}

/// The quadrant on the other side of the avoidance cut.
pub fn across_avoidance(q: StyleId) -> StyleId {
    match q {
        StyleId::Secure => StyleId::Avoidant,
        StyleId::Avoidant => StyleId::Secure,
        StyleId::Anxious => StyleId::Fearful,
        StyleId::Fearful => StyleId::Anxious,
        other => other,
    }
}

/// Similarity to the four prototypes, in the order of [`Prototype::ALL`]
/// (secure, anxious, avoidant, fearful), each in [−1, 1].
pub fn prototype_similarity(
    anxiety: f64,
    anxiety_cutoff: f64,
    avoidance: f64,
    avoidance_cutoff: f64,
    half_range: f64,
) -> [f64; 4] {
    let a = ((anxiety - anxiety_cutoff) / half_range).clamp(-1.0, 1.0);
    let v = ((avoidance - avoidance_cutoff) / half_range).clamp(-1.0, 1.0);
    [
        (-a - v) / 2.0,
        (a - v) / 2.0,
        (v - a) / 2.0,
        f64::midpoint(a, v),
    ]
}

/// Sets `map` to exactly `values`, updating in place (no allocation) when
/// it already has the same keys.
fn set_prototypes(map: &mut BTreeMap<String, f64>, values: &[(Prototype, f64)]) {
    // One pass over the map's entries, each matched by `==` (lengths
    // first) rather than looked up by `Ord` string compares: with as many
    // entries as values, every key found means the same keys. A partial
    // update is rewritten below.
    let updated = map.len() == values.len()
        && map
            .iter_mut()
            .all(|(k, v)| match values.iter().find(|(p, _)| p.id() == k) {
                Some((_, x)) => {
                    *v = *x;
                    true
                }
                None => false,
            });
    if !updated {
        map.clear();
        for (p, x) in values {
            map.insert(p.id().to_string(), *x);
        }
    }
}

/// Writes `id`, `quadrant`, `borderline_with` and `prototypes` into `out`,
/// reusing the allocations of a previous style there.
fn set_style(
    out: &mut Option<Style>,
    id: StyleId,
    quadrant: Option<StyleId>,
    borderline_with: impl IntoIterator<Item = StyleId>,
    prototypes: &[(Prototype, f64)],
) {
    let style = out.get_or_insert_with(|| Style {
        id,
        quadrant,
        borderline_with: Vec::new(),
        prototypes: BTreeMap::new(),
    });
    style.id = id;
    style.quadrant = quadrant;
    style.borderline_with.clear();
    style.borderline_with.extend(borderline_with);
    set_prototypes(&mut style.prototypes, prototypes);
}

/// The style from anxiety, avoidance and (where the bank measures it)
/// disorganization. `None` when anxiety or avoidance has no score.
pub fn dimensional_style(
    anxiety: &DimensionScore,
    avoidance: &DimensionScore,
    disorganization: Option<&DimensionScore>,
    half_range: f64,
) -> Option<Style> {
    let mut out = None;
    dimensional_style_into(anxiety, avoidance, disorganization, half_range, &mut out);
    out
}

/// [`dimensional_style`] written into `out`, reusing its allocations.
pub fn dimensional_style_into(
    anxiety: &DimensionScore,
    avoidance: &DimensionScore,
    disorganization: Option<&DimensionScore>,
    half_range: f64,
    out: &mut Option<Style>,
) {
    let (Some(anx), Some(avo)) = (anxiety.score, avoidance.score) else {
        *out = None;
        return;
    };
    let q = quadrant(anx > anxiety.cutoff, avo > avoidance.cutoff);
    let sims = prototype_similarity(anx, anxiety.cutoff, avo, avoidance.cutoff, half_range);
    let dis_high = disorganization.and_then(|d| d.high) == Some(true);
    let dis_borderline = disorganization.and_then(|d| d.borderline) == Some(true);

    // At most three neighbours; a fixed array keeps this allocation-free.
    let mut near = [None; 3];
    let id = if dis_high {
        if dis_borderline {
            near[0] = Some(q);
        }
        StyleId::Disorganized
    } else {
        if anxiety.borderline == Some(true) {
            near[0] = Some(across_anxiety(q));
        }
        if avoidance.borderline == Some(true) {
            near[1] = Some(across_avoidance(q));
        }
        if dis_borderline {
            near[2] = Some(StyleId::Disorganized);
        }
        q
    };
    let [s0, s1, s2, s3] = sims;
    let [p0, p1, p2, p3] = Prototype::ALL;
    set_style(
        out,
        id,
        Some(q),
        near.into_iter().flatten(),
        &[(p0, s0), (p1, s1), (p2, s2), (p3, s3)],
    );
}

/// Style and extra scores of a paragraph bank. `ratings` holds one entry per
/// paragraph the bank has; `choice` is the forced choice, if answered.
pub fn prototype_style(
    ratings: &[(Prototype, Option<i64>)],
    choice: Option<Prototype>,
) -> (Option<Style>, PrototypeScores) {
    let rating = |p: Prototype| ratings.iter().find(|(q, _)| *q == p).and_then(|(_, r)| *r);
    let best = ratings.iter().filter_map(|(_, r)| *r).max();
    let tied: Vec<Prototype> = match best {
        Some(b) => ratings
            .iter()
            .filter(|(_, r)| *r == Some(b))
            .map(|(p, _)| *p)
            .collect(),
        None => Vec::new(),
    };
    let (id, decided_by) = match tied.as_slice() {
        [] => (None, DECIDED_BY_NOTHING),
        [one] => (Some(style_of(*one)), DECIDED_BY_RATING),
        _ => match choice.filter(|c| tied.contains(c)) {
            Some(c) => (Some(style_of(c)), DECIDED_BY_CHOICE),
            None => (Some(StyleId::Mixed), DECIDED_BY_TIE),
        },
    };
    let choice_disagrees = best.is_some() && choice.is_some_and(|c| !tied.contains(&c));

    let all = |f: fn(i64, i64, i64, i64) -> i64| {
        Some(f(
            rating(Prototype::Secure)?,
            rating(Prototype::Anxious)?,
            rating(Prototype::Avoidant)?,
            rating(Prototype::Fearful)?,
        ) as f64)
    };
    let extra = PrototypeScores {
        ratings: ratings
            .iter()
            .map(|(p, r)| (p.id().to_string(), *r))
            .collect(),
        forced_choice: choice.map(|c| c.id().to_string()),
        model_of_self: all(|sec, anx, avo, fea| (sec + avo) - (fea + anx)),
        model_of_other: all(|sec, anx, avo, fea| (sec + anx) - (fea + avo)),
        decided_by: decided_by.to_string(),
        choice_disagrees,
    };
    let mut style = None;
    if let Some(id) = id {
        let answered: Vec<(Prototype, f64)> = ratings
            .iter()
            .filter_map(|(p, r)| r.map(|r| (*p, r as f64)))
            .collect();
        set_style(
            &mut style,
            id,
            None,
            tied.iter().map(|p| style_of(*p)).filter(|s| *s != id),
            &answered,
        );
    }
    (style, extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quadrants_and_neighbours() {
        assert_eq!(quadrant(false, false), StyleId::Secure);
        assert_eq!(quadrant(true, false), StyleId::Anxious);
        assert_eq!(quadrant(false, true), StyleId::Avoidant);
        assert_eq!(quadrant(true, true), StyleId::Fearful);
        for q in [
            StyleId::Secure,
            StyleId::Anxious,
            StyleId::Avoidant,
            StyleId::Fearful,
        ] {
            assert_eq!(across_anxiety(across_anxiety(q)), q);
            assert_eq!(across_avoidance(across_avoidance(q)), q);
            assert_ne!(across_anxiety(q), across_avoidance(q));
        }
    }

    fn close(a: [f64; 4], b: [f64; 4]) -> bool {
        a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
    }

    #[test]
    fn similarity_at_the_corners() {
        // Anxiety 7, avoidance 1 on 1–7 with cutoffs 4: a = 1, v = −1.
        let s = prototype_similarity(7.0, 4.0, 1.0, 4.0, 3.0);
        assert!(close(s, [0.0, 1.0, -1.0, 0.0]), "{s:?}");
        // A cutoff of 2 on 1–7: (7 − 2)/3 = 1.67 is clamped to 1.
        let s = prototype_similarity(7.0, 2.0, 7.0, 2.0, 3.0);
        assert!(close(s, [-1.0, 0.0, 0.0, 1.0]), "{s:?}");
    }
}
