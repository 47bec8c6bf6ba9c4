//! Properties of the scoring core that must hold for any answers.

use proptest::prelude::*;

use securebase::answers::{Answer, AnswerSet};
use securebase::bank::{Bank, Catalog};
use securebase::scoring::classify::{level, quadrant, sides};
use securebase::scoring::result::{DimensionScore, Level, Scores, Style, StyleId};
use securebase::scoring::score::{reverse, Scorer};

const LIKERT_BANKS: [&str; 3] = ["sb-short", "sb-core", "sb-relationships"];

fn bank(id: &str) -> Bank {
    Catalog::builtin(id).expect("built-in bank").bank
}

/// Random answers for a bank: each slot a rating on 1–7 or (about one in
/// six) missing, and each target flagged "does not apply" one time in four.
fn answers_for(b: &Bank) -> impl Strategy<Value = AnswerSet> {
    let empty = AnswerSet::empty(b);
    let n = b.question_count();
    let t = b.targets.len();
    (
        proptest::collection::vec(proptest::option::weighted(0.85, 1i64..=7), n),
        proptest::collection::vec(proptest::bool::weighted(0.25), t),
    )
        .prop_map(move |(values, na)| {
            let mut a = empty.clone();
            a.values = values
                .into_iter()
                .map(|v| v.map_or(Answer::Missing, Answer::Rating))
                .collect();
            a.not_applicable = na;
            a
        })
}

fn bank_and_answers() -> impl Strategy<Value = (Bank, AnswerSet)> {
    proptest::sample::select(LIKERT_BANKS.to_vec()).prop_flat_map(|id| {
        let b = bank(id);
        (Just(b.clone()), answers_for(&b))
    })
}

/// Whether a dimension reaches its (low, high) side: its own level, and
/// the other side too when it is close to the cutoff.
fn reach(d: &DimensionScore) -> (bool, bool) {
    let close = d.close_to_cutoff == Some(true);
    (
        d.level == Some(Level::Low) || close,
        d.level == Some(Level::High) || close,
    )
}

/// The candidates are exactly the quadrants the two dimensions reach, the
/// point's own quadrant first; a style is named alone only when one fits;
/// the axes are (a + v)/2 and (a − v)/2 within [−1, 1].
fn check_candidates(
    anx: &DimensionScore,
    avo: &DimensionScore,
    st: &Style,
) -> Result<(), TestCaseError> {
    let (al, ah) = reach(anx);
    let (vl, vh) = reach(avo);
    for q in StyleId::ALL {
        let (qa, qv) = sides(q);
        let reached = (if qa { ah } else { al }) && (if qv { vh } else { vl });
        prop_assert_eq!(st.candidates.contains(&q), reached, "{:?} {:?}", q, st);
    }
    prop_assert!([1, 2, 4].contains(&st.candidates.len()), "{:?}", st);
    prop_assert_eq!(st.id.is_some(), st.candidates.len() == 1);
    if let Some(q) = st.quadrant {
        prop_assert_eq!(st.candidates[0], q);
    }
    let ax = st.axes.expect("axes");
    let (a, v) = (
        (anx.score.unwrap() - anx.cutoff) / 3.0,
        (avo.score.unwrap() - avo.cutoff) / 3.0,
    );
    prop_assert!((ax.secure_fearful - f64::midpoint(a, v)).abs() < 1e-12);
    prop_assert!((ax.dismissing_preoccupied - (a - v) / 2.0).abs() < 1e-12);
    Ok(())
}

fn all_dimension_scores(
    s: &Scores,
) -> impl Iterator<Item = &securebase::scoring::result::DimensionScore> {
    s.dimensions
        .iter()
        .chain(s.targets.iter().flat_map(|t| t.dimensions.iter()))
}

proptest! {
    #[test]
    fn reversing_twice_is_identity(min in -10i64..10, width in 1i64..20, k in 0i64..20) {
        let max = min + width;
        let r = min + k % (width + 1);
        let once = reverse(min, max, r);
        prop_assert!((min..=max).contains(&once));
        prop_assert_eq!(reverse(min, max, once), r);
    }

    #[test]
    fn scores_lie_on_the_scale_and_levels_follow_the_cutoff((b, a) in bank_and_answers()) {
        let s = Scorer::new(&b).score(&a);
        let (min, max) = (b.scale.min as f64, b.scale.max as f64);
        for d in all_dimension_scores(&s) {
            prop_assert_eq!(d.answered + d.missing, d.items);
            match d.score {
                Some(x) => {
                    prop_assert!((min..=max).contains(&x), "{} = {}", d.id, x);
                    prop_assert_eq!(d.level, Some(level(x, d.cutoff)));
                    prop_assert!(d.reason.is_none());
                    if let Some([lo, hi]) = d.interval {
                        prop_assert!(lo < x && x < hi);
                        let at = d.level == Some(Level::AtCutoff);
                        prop_assert_eq!(
                            d.close_to_cutoff,
                            Some(at || (lo <= d.cutoff && d.cutoff <= hi))
                        );
                    }
                }
                None => {
                    prop_assert_eq!(d.level, None);
                    prop_assert!(d.reason.is_some());
                }
            }
        }
    }

    #[test]
    fn the_candidates_are_the_quadrants_the_intervals_reach((b, a) in bank_and_answers()) {
        let s = Scorer::new(&b).score(&a);
        let styles = std::iter::once((&s.dimensions, &s.style))
            .chain(s.targets.iter().map(|t| (&t.dimensions, &t.style)));
        for (dims, style) in styles {
            let anx = dims.iter().find(|d| d.id == "anxiety").unwrap();
            let avo = dims.iter().find(|d| d.id == "avoidance").unwrap();
            let (Some(x), Some(v)) = (anx.score, avo.score) else {
                prop_assert!(style.is_none());
                continue;
            };
            let st = style.as_ref().expect("a style when both dimensions are scored");
            let on_a_cut = anx.level == Some(Level::AtCutoff) || avo.level == Some(Level::AtCutoff);
            match st.quadrant {
                Some(q) => prop_assert_eq!(q, quadrant(x > anx.cutoff, v > avo.cutoff)),
                None => prop_assert!(on_a_cut),
            }
            check_candidates(anx, avo, st)?;
        }
    }

    #[test]
    fn item_order_does_not_change_any_score(
        (b, a, order) in bank_and_answers().prop_flat_map(|(b, a)| {
            let n = b.items.len();
            (Just(b), Just(a), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        })
    ) {
        let mut shuffled = b.clone();
        shuffled.items = order.iter().map(|&i| b.items[i].clone()).collect();
        // Rebuild the answers by key, never by position.
        let old_keys = b.answer_keys();
        let mut moved = AnswerSet::empty(&shuffled);
        moved.not_applicable.clone_from(&a.not_applicable);
        for (slot, key) in shuffled.answer_keys().iter().enumerate() {
            let from = old_keys.iter().position(|k| k == key).unwrap();
            moved.values[slot] = a.values[from].clone();
        }
        let before = Scorer::new(&b).score(&a);
        let after = Scorer::new(&shuffled).score(&moved);
        prop_assert_eq!(&before.dimensions, &after.dimensions);
        prop_assert_eq!(&before.targets, &after.targets);
        prop_assert_eq!(&before.style, &after.style);
    }

    #[test]
    fn scoring_into_a_previous_result_equals_scoring_afresh(
        (b, first, second) in bank_and_answers().prop_flat_map(|(b, a)| {
            let next = answers_for(&b);
            (Just(b), Just(a), next)
        }),
        other in proptest::sample::select(LIKERT_BANKS.to_vec()),
    ) {
        let scorer = Scorer::new(&b);
        // Over a result of the same bank, and over one of another bank.
        let mut out = scorer.score(&first);
        scorer.score_into(&second, &mut out);
        prop_assert_eq!(&out, &scorer.score(&second));
        let ob = bank(other);
        let mut out = Scorer::new(&ob).score(&AnswerSet::empty(&ob));
        scorer.score_into(&second, &mut out);
        prop_assert_eq!(&out, &scorer.score(&second));
    }
}
