//! Classification: from dimension scores (or paragraph ratings) to a style.
//!
//! Pure functions over already computed numbers. The rules (README, "How
//! results are computed"):
//!
//! - **Levels.** A score above its cutoff is high, below it low, and equal
//!   to it (within [`AT_CUTOFF_TOLERANCE`], for means of means) *at the
//!   cutoff*: neither side. A score is *close to the cutoff* when it is at
//!   it or its 95 % interval contains it.
//! - **Quadrant.** Low anxiety + low avoidance = secure; high anxiety + low
//!   avoidance = anxious; low anxiety + high avoidance = avoidant; high +
//!   high = fearful(-avoidant). A score at its cutoff has no quadrant.
//! - **Candidates.** Every quadrant the result can reach: on each of
//!   anxiety and avoidance, its own side, plus the other side when it is
//!   close to the cutoff. Two close dimensions reach all four quadrants
//!   (the diagonal one too: the joint interval is a rectangle round the
//!   point). The style is named alone only when one quadrant is reached.
//! - **Disorganization** plays no part: it is a dimension reported beside
//!   the style, never a style (Paetzold, Rholes & Kohn, 2015, treat adult
//!   disorganization as a dimension related to anxiety and avoidance).
//! - **Axes.** With h = (max − min)/2, a = (anxiety − cut_a)/h and v =
//!   (avoidance − cut_v)/h, each clamped to [−1, 1] (only needed when a
//!   bank sets a cutoff away from the midpoint): the secure–fearful axis
//!   (a + v)/2 and the dismissing–preoccupied axis (a − v)/2. They replace
//!   four "similarities", which were these two axes and their negatives.
//! - **Paragraph (prototype) banks** (the RQ's shape; Bartholomew &
//!   Horowitz, 1991): a style needs every paragraph rated. The highest
//!   rating decides; a tie at the top is broken by the forced choice when
//!   it names one of the tied paragraphs, otherwise it stays a tie. When
//!   even the highest rating is below the scale's midpoint (≤ 3 on 1–7),
//!   none of the descriptions fits well. With ratings missing, a forced
//!   choice alone is reported as such; without one there is no style.

use crate::bank::Prototype;
use crate::scoring::result::{
    Axes, Decision, DimensionScore, Level, PrototypeScores, Style, StyleId,
};

/// Distance within which a score counts as exactly at its cutoff. Means of
/// whole numbers are exact or correctly rounded; the tolerance only matters
/// for means of means (the overall score of a target bank).
pub const AT_CUTOFF_TOLERANCE: f64 = 1e-9;

/// The level of `score` against `cutoff`.
pub fn level(score: f64, cutoff: f64) -> Level {
    if (score - cutoff).abs() <= AT_CUTOFF_TOLERANCE {
        Level::AtCutoff
    } else if score > cutoff {
        Level::High
    } else {
        Level::Low
    }
}

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

/// Whether a quadrant is on the high side of anxiety and of avoidance.
pub fn sides(q: StyleId) -> (bool, bool) {
    match q {
        StyleId::Secure => (false, false),
        StyleId::Anxious => (true, false),
        StyleId::Avoidant => (false, true),
        StyleId::Fearful => (true, true),
    }
}

/// The quadrant on the other side of the anxiety cut.
pub fn across_anxiety(q: StyleId) -> StyleId {
    let (a, v) = sides(q);
    quadrant(!a, v)
}

/// The quadrant on the other side of the avoidance cut.
pub fn across_avoidance(q: StyleId) -> StyleId {
    let (a, v) = sides(q);
    quadrant(a, !v)
}

/// The secure–fearful and dismissing–preoccupied axes (see the module doc).
pub fn axes(
    anxiety: f64,
    anxiety_cutoff: f64,
    avoidance: f64,
    avoidance_cutoff: f64,
    half_range: f64,
) -> Axes {
    let a = ((anxiety - anxiety_cutoff) / half_range).clamp(-1.0, 1.0);
    let v = ((avoidance - avoidance_cutoff) / half_range).clamp(-1.0, 1.0);
    Axes {
        secure_fearful: f64::midpoint(a, v),
        dismissing_preoccupied: (a - v) / 2.0,
    }
}

/// Which sides of its cutoff a dimension reaches: (low, high).
fn reach(d: &DimensionScore, level: Level) -> (bool, bool) {
    let close = d.is_close();
    (level == Level::Low || close, level == Level::High || close)
}

/// Writes `id`, `quadrant`, `candidates` and `axes` into `out`, reusing the
/// allocation of a previous style there.
fn set_style(
    out: &mut Option<Style>,
    id: Option<StyleId>,
    quadrant: Option<StyleId>,
    candidates: impl IntoIterator<Item = StyleId>,
    axes: Option<Axes>,
) {
    let style = out.get_or_insert_with(|| Style {
        id,
        quadrant,
        candidates: Vec::with_capacity(4),
        axes,
    });
    style.id = id;
    style.quadrant = quadrant;
    style.candidates.clear();
    style.candidates.extend(candidates);
    style.axes = axes;
}

/// The style from anxiety and avoidance. `None` when either has no score.
pub fn dimensional_style(
    anxiety: &DimensionScore,
    avoidance: &DimensionScore,
    half_range: f64,
) -> Option<Style> {
    let mut out = None;
    dimensional_style_into(anxiety, avoidance, half_range, &mut out);
    out
}

/// [`dimensional_style`] written into `out`, reusing its allocations.
pub fn dimensional_style_into(
    anxiety: &DimensionScore,
    avoidance: &DimensionScore,
    half_range: f64,
    out: &mut Option<Style>,
) {
    let (Some(anx), Some(avo)) = (anxiety.score, avoidance.score) else {
        *out = None;
        return;
    };
    let la = anxiety.level.unwrap_or_else(|| level(anx, anxiety.cutoff));
    let lv = avoidance
        .level
        .unwrap_or_else(|| level(avo, avoidance.cutoff));
    let (a_low, a_high) = reach(anxiety, la);
    let (v_low, v_high) = reach(avoidance, lv);
    let reached = |q: StyleId| {
        let (a, v) = sides(q);
        (if a { a_high } else { a_low }) && (if v { v_high } else { v_low })
    };
    let own = match (la, lv) {
        (Level::AtCutoff, _) | (_, Level::AtCutoff) => None,
        _ => Some(quadrant(la == Level::High, lv == Level::High)),
    };
    // The point's own quadrant first, then across each cut, then the
    // diagonal; without one, the fixed order of the four.
    let order = match own {
        Some(q) => [
            q,
            across_anxiety(q),
            across_avoidance(q),
            across_anxiety(across_avoidance(q)),
        ],
        None => StyleId::ALL,
    };
    let mut candidates = [None; 4];
    let mut n = 0;
    for q in order.into_iter().filter(|q| reached(*q)) {
        candidates[n] = Some(q);
        n += 1;
    }
    let id = if n == 1 { candidates[0] } else { None };
    set_style(
        out,
        id,
        own,
        candidates.into_iter().flatten(),
        Some(axes(anx, anxiety.cutoff, avo, avoidance.cutoff, half_range)),
    );
}

/// Style and extra scores of a paragraph bank. `ratings` holds one entry per
/// paragraph the bank has; `choice` is the forced choice, if answered;
/// `midpoint` is the scale's midpoint (a top rating below it fits no one well).
pub fn prototype_style(
    ratings: &[(Prototype, Option<i64>)],
    choice: Option<Prototype>,
    midpoint: f64,
) -> (Option<Style>, PrototypeScores) {
    let complete = !ratings.is_empty() && ratings.iter().all(|(_, r)| r.is_some());
    let best = ratings.iter().filter_map(|(_, r)| *r).max();
    let tied: Vec<Prototype> = ratings
        .iter()
        .filter(|(_, r)| complete && *r == best)
        .map(|(p, _)| *p)
        .collect();
    let chosen_tied = choice.filter(|c| tied.contains(c));
    let (decision, id) = if !complete {
        match choice {
            Some(c) => (Decision::ForcedChoiceOnly, Some(style_of(c))),
            None => (Decision::Incomplete, None),
        }
    } else if best.is_some_and(|b| (b as f64) < midpoint) {
        (Decision::NoneFitsWell, None)
    } else if let [one] = tied.as_slice() {
        (Decision::HighestRating, Some(style_of(*one)))
    } else if let Some(c) = chosen_tied {
        (Decision::ForcedChoice, Some(style_of(c)))
    } else {
        (Decision::Tie, None)
    };
    let rating = |p: Prototype| ratings.iter().find(|(q, _)| *q == p).and_then(|(_, r)| *r);
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
        decision,
        choice_disagrees: complete && choice.is_some_and(|c| !tied.contains(&c)),
    };
    let mut style = None;
    if decision != Decision::Incomplete {
        // The decided style first, then the other tied paragraphs.
        let candidates: Vec<StyleId> = match (decision, id) {
            (Decision::ForcedChoiceOnly, Some(c)) => vec![c],
            _ => id
                .into_iter()
                .chain(tied.iter().map(|p| style_of(*p)).filter(|s| Some(*s) != id))
                .collect(),
        };
        set_style(&mut style, id, None, candidates, None);
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
        for q in StyleId::ALL {
            assert_eq!(across_anxiety(across_anxiety(q)), q);
            assert_eq!(across_avoidance(across_avoidance(q)), q);
            assert_ne!(across_anxiety(q), across_avoidance(q));
        }
    }

    #[test]
    fn levels_at_and_near_the_cutoff() {
        assert_eq!(level(4.0, 4.0), Level::AtCutoff);
        assert_eq!(level(24.0 / 6.0, 4.0), Level::AtCutoff);
        assert_eq!(level(4.0 + 1e-12, 4.0), Level::AtCutoff);
        assert_eq!(level(25.0 / 6.0, 4.0), Level::High);
        assert_eq!(level(23.0 / 6.0, 4.0), Level::Low);
    }

    #[test]
    fn axes_at_the_corners_and_the_centre() {
        // Anxiety 7, avoidance 1 on 1–7 with cutoffs 4: a = 1, v = −1: on
        // the secure–fearful axis it is at 0 like the centre, but at the
        // preoccupied end of the other axis.
        let x = axes(7.0, 4.0, 1.0, 4.0, 3.0);
        assert_eq!((x.secure_fearful, x.dismissing_preoccupied), (0.0, 1.0));
        let x = axes(4.0, 4.0, 4.0, 4.0, 3.0);
        assert_eq!((x.secure_fearful, x.dismissing_preoccupied), (0.0, 0.0));
        // A cutoff of 2 on 1–7: (7 − 2)/3 = 1.67 is clamped to 1.
        let x = axes(7.0, 2.0, 7.0, 2.0, 3.0);
        assert_eq!((x.secure_fearful, x.dismissing_preoccupied), (1.0, 0.0));
    }
}
