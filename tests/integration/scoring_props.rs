//! Properties of the scoring core that must hold for any answers.

use proptest::prelude::*;

use securebase::answers::{Answer, AnswerSet};
use securebase::bank::{Bank, Catalog};
use securebase::scoring::classify::{prototype_similarity, quadrant};
use securebase::scoring::result::{Scores, StyleId};
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

fn quadrant_index(q: StyleId) -> usize {
    match q {
        StyleId::Secure => 0,
        StyleId::Anxious => 1,
        StyleId::Avoidant => 2,
        StyleId::Fearful => 3,
        other => panic!("{other:?} is not a quadrant"),
    }
}

/// The quadrant is the largest prototype similarity; it is the only largest
/// unless a score sits exactly on its cutoff.
fn check_argmax(sims: [f64; 4], q: StyleId, on_a_cut: bool) -> Result<(), TestCaseError> {
    let best = sims.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let qi = quadrant_index(q);
    prop_assert!((sims[qi] - best).abs() < 1e-12, "{sims:?} {q:?}");
    if !on_a_cut {
        let at_best = sims.iter().filter(|s| (*s - best).abs() < 1e-12).count();
        prop_assert_eq!(at_best, 1, "{:?} {:?}", sims, q);
    }
    for s in sims {
        prop_assert!((-1.0..=1.0).contains(&s), "{sims:?}");
    }
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
    fn scores_lie_on_the_scale_and_high_means_above_the_cutoff((b, a) in bank_and_answers()) {
        let s = Scorer::new(&b).score(&a);
        let (min, max) = (b.scale.min as f64, b.scale.max as f64);
        for d in all_dimension_scores(&s) {
            prop_assert_eq!(d.answered + d.missing, d.items);
            match d.score {
                Some(x) => {
                    prop_assert!((min..=max).contains(&x), "{} = {}", d.id, x);
                    prop_assert_eq!(d.high, Some(x > d.cutoff));
                    prop_assert!(d.reason.is_none());
                    if let Some([lo, hi]) = d.interval {
                        prop_assert!(lo < x && x < hi);
                        prop_assert_eq!(d.borderline, Some(lo <= d.cutoff && d.cutoff <= hi));
                    }
                }
                None => {
                    prop_assert_eq!(d.high, None);
                    prop_assert!(d.reason.is_some());
                }
            }
        }
    }

    #[test]
    fn the_largest_prototype_is_the_quadrant((b, a) in bank_and_answers()) {
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
            let q = st.quadrant.expect("a quadrant");
            prop_assert_eq!(q, quadrant(x > anx.cutoff, v > avo.cutoff));
            let p = |k: &str| st.prototypes[k];
            let sims = [p("secure"), p("anxious"), p("avoidant"), p("fearful")];
            let on_a_cut = (x - anx.cutoff).abs() < 1e-12 || (v - avo.cutoff).abs() < 1e-12;
            check_argmax(sims, q, on_a_cut)?;
        }
    }

    #[test]
    fn similarity_argmax_on_the_plane(
        x in 1.0f64..=7.0, v in 1.0f64..=7.0, ca in 1.0f64..=7.0, cv in 1.0f64..=7.0,
        snap_x: bool, snap_v: bool,
    ) {
        // Sometimes put a score exactly on its cutoff, to exercise ties.
        let x = if snap_x { ca } else { x };
        let v = if snap_v { cv } else { v };
        let sims = prototype_similarity(x, ca, v, cv, 3.0);
        check_argmax(sims, quadrant(x > ca, v > cv), snap_x || snap_v || x.total_cmp(&ca).is_eq() || v.total_cmp(&cv).is_eq())?;
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
