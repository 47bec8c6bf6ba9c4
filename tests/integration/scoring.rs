//! The scoring core on every built-in bank, against hand-computed values.
//! Scale 1–7 everywhere: a reversed answer r counts as 8 − r, cutoffs are the
//! midpoint 4, h = (7 − 1)/2 = 3, and the missing budget is floor(0.2 × n).

use std::collections::BTreeMap;

use securebase::answers::{Answer, AnswerSet};
use securebase::bank::{Bank, Catalog, ItemKind};
use securebase::scoring::result::{
    Decision, DimensionScore, Level, ResultDoc, Scores, StyleId, Withheld,
};
use securebase::scoring::score::Scorer;

fn bank(id: &str) -> Bank {
    Catalog::builtin(id).expect("built-in bank").bank
}

fn slot(bank: &Bank, key: &str) -> usize {
    bank.answer_keys()
        .iter()
        .position(|k| k == key)
        .unwrap_or_else(|| panic!("no answer key {key} in {}", bank.id))
}

/// Answers by key; everything not named is missing.
fn answers(bank: &Bank, pairs: &[(&str, i64)]) -> AnswerSet {
    let mut a = AnswerSet::empty(bank);
    for (key, r) in pairs {
        a.values[slot(bank, key)] = Answer::Rating(*r);
    }
    a
}

/// Answers from a rule over (dimension, reversed, item id); `None` = missing.
fn answers_by_rule(bank: &Bank, rule: impl Fn(&str, bool, &str) -> Option<i64>) -> AnswerSet {
    let mut a = AnswerSet::empty(bank);
    for it in &bank.items {
        if let ItemKind::Likert { dimension, reverse } = &it.kind {
            if let Some(r) = rule(dimension, *reverse, &it.id) {
                a.values[slot(bank, &it.id)] = Answer::Rating(r);
            }
        }
    }
    a
}

fn missing(a: &mut AnswerSet, bank: &Bank, keys: &[&str]) {
    for k in keys {
        a.values[slot(bank, k)] = Answer::Missing;
    }
}

fn score(bank: &Bank, a: &AnswerSet) -> Scores {
    Scorer::new(bank).score(a)
}

fn dim<'a>(dims: &'a [DimensionScore], id: &str) -> &'a DimensionScore {
    dims.iter().find(|d| d.id == id).expect("dimension")
}

#[track_caller]
fn close(actual: Option<f64>, expected: f64) {
    let a = actual.expect("a value");
    assert!((a - expected).abs() < 1e-6, "{a} != {expected}");
}

#[track_caller]
fn close_interval(actual: Option<[f64; 2]>, lo: f64, hi: f64) {
    let [a, b] = actual.expect("an interval");
    assert!(
        (a - lo).abs() < 1e-6 && (b - hi).abs() < 1e-6,
        "[{a}, {b}] != [{lo}, {hi}]"
    );
}

fn quality_ids(s: &Scores) -> Vec<&str> {
    s.quality.iter().map(|q| q.id.as_str()).collect()
}

/// The secure–fearful axis (a + v)/2 and the dismissing–preoccupied axis (a − v)/2.
#[track_caller]
fn axes(s: &Scores, secure_fearful: f64, dismissing_preoccupied: f64) {
    let x = s.style.as_ref().expect("a style").axes.expect("axes");
    close(Some(x.secure_fearful), secure_fearful);
    close(Some(x.dismissing_preoccupied), dismissing_preoccupied);
}

// ---------------------------------------------------------------- sb-short

/// Anxiety: forward anx-01/04/06, reversed anx-02/03/05.
/// Avoidance: forward avo-01/03/05, reversed avo-02/04/06.
const SHORT_ANXIOUS: &[(&str, i64)] = &[
    ("anx-01", 6),
    ("anx-02", 2), // reversed → 6
    ("anx-03", 3), // reversed → 5
    ("anx-04", 7),
    ("anx-05", 3), // reversed → 5
    ("anx-06", 6),
    ("avo-01", 2),
    ("avo-02", 6), // reversed → 2
    ("avo-03", 3),
    ("avo-04", 5), // reversed → 3
    ("avo-05", 1),
    ("avo-06", 6), // reversed → 2
];

#[test]
fn short_reverses_keys_and_names_the_quadrant() {
    let b = bank("sb-short");
    let s = score(&b, &answers(&b, SHORT_ANXIOUS));
    let anx = dim(&s.dimensions, "anxiety");
    // (6 + 6 + 5 + 7 + 5 + 6) / 6 = 35/6
    close(anx.score, 35.0 / 6.0);
    assert_eq!((anx.answered, anx.items, anx.missing), (6, 6, 0));
    assert_eq!(anx.level, Some(Level::High));
    // SEM = 1.2·√(1 − 0.78) = 0.562850; 1.96·SEM = 1.103186
    close(anx.sem, 0.562_849_891);
    close(anx.reliability, 0.78);
    close_interval(anx.interval, 4.730_147_5, 6.936_519_1);
    assert_eq!(anx.close_to_cutoff, Some(false));
    assert_eq!(anx.reference_assumed, Some(true));
    // No reference mean in the built-in banks: no z, no percentile.
    assert_eq!((anx.z, anx.percentile), (None, None));

    let avo = dim(&s.dimensions, "avoidance");
    // (2 + 2 + 3 + 3 + 1 + 2) / 6 = 13/6
    close(avo.score, 13.0 / 6.0);
    assert_eq!(avo.level, Some(Level::Low));
    // SEM = 1.26·√0.16 = 0.504; 1.96·0.504 = 0.98784
    close_interval(avo.interval, 13.0 / 6.0 - 0.987_84, 13.0 / 6.0 + 0.987_84);

    let style = s.style.as_ref().unwrap();
    assert_eq!(style.id, Some(StyleId::Anxious));
    assert_eq!(style.quadrant, Some(StyleId::Anxious));
    assert_eq!(style.candidates, [StyleId::Anxious]);
    // a = (35/6 − 4)/3 = 11/18, v = (13/6 − 4)/3 = −11/18
    // secure–fearful (a + v)/2 = 0, dismissing–preoccupied (a − v)/2 = 11/18
    axes(&s, 0.0, 11.0 / 18.0);
    // Forward vs reversed means: anxiety 19/3 vs 16/3, avoidance 2 vs 7/3: consistent.
    assert!(s.quality.is_empty(), "{:?}", s.quality);
    assert!(s.targets.is_empty() && s.prototype.is_none());
}

#[test]
fn short_missing_budget_is_one_of_six() {
    let b = bank("sb-short");
    // floor(0.2 × 6) = 1 item may be missing.
    let mut a = answers(&b, SHORT_ANXIOUS);
    missing(&mut a, &b, &["anx-03"]);
    let s = score(&b, &a);
    let anx = dim(&s.dimensions, "anxiety");
    // (35 − 5) / 5 = 6
    close(anx.score, 6.0);
    assert_eq!((anx.answered, anx.items, anx.missing), (5, 6, 1));
    assert_eq!(anx.reason, None);
    assert!(s.quality.is_empty());

    missing(&mut a, &b, &["anx-04"]);
    let s = score(&b, &a);
    let anx = dim(&s.dimensions, "anxiety");
    assert_eq!(anx.score, None);
    assert_eq!((anx.answered, anx.items, anx.missing), (4, 6, 2));
    assert_eq!(anx.reason, Some(Withheld::TooManyMissing { allowed: 1 }));
    assert_eq!(
        (anx.level, anx.interval, anx.close_to_cutoff),
        (None, None, None)
    );
    // No style without both dimensions.
    assert_eq!(s.style, None);
    assert_eq!(quality_ids(&s), ["too-many-missing"]);
    assert_eq!(s.quality[0].dimensions, ["anxiety"]);
    // Missing answers are not a sign of careless answering.
    assert!(!s.quality[0].careless);
}

#[test]
fn short_score_exactly_at_the_cutoff_is_its_own_level() {
    let b = bank("sb-short");
    let mut pairs = SHORT_ANXIOUS.to_vec();
    pairs.splice(
        0..6,
        [
            ("anx-01", 4),
            ("anx-02", 4), // → 4
            ("anx-03", 5), // → 3
            ("anx-04", 5),
            ("anx-05", 4), // → 4
            ("anx-06", 4),
        ],
    );
    let s = score(&b, &answers(&b, &pairs));
    let anx = dim(&s.dimensions, "anxiety");
    // (4 + 4 + 3 + 5 + 4 + 4) / 6 = 4 = the cutoff: neither side.
    close(anx.score, 4.0);
    assert_eq!(anx.level, Some(Level::AtCutoff));
    assert_eq!(anx.close_to_cutoff, Some(true));
    // Avoidance 13/6 ± 0.98784 = [1.18, 3.15]: low, not close. The style
    // names both quadrants either side of the anxiety cut, in their fixed
    // order (there is no own quadrant to put first).
    let style = s.style.as_ref().unwrap();
    assert_eq!(style.id, None);
    assert_eq!(style.quadrant, None);
    assert_eq!(style.candidates, [StyleId::Secure, StyleId::Anxious]);
    // a = 0, v = −11/18: secure–fearful −11/36, dismissing–preoccupied 11/36
    axes(&s, -11.0 / 36.0, 11.0 / 36.0);
}

#[test]
fn short_borderline_names_the_neighbours_across_each_cut() {
    let b = bank("sb-short");
    let mut pairs = SHORT_ANXIOUS.to_vec();
    pairs.splice(
        0..6,
        [
            ("anx-01", 5),
            ("anx-02", 4), // → 4
            ("anx-03", 3), // → 5
            ("anx-04", 4),
            ("anx-05", 3), // → 5
            ("anx-06", 5),
        ],
    );
    let s = score(&b, &answers(&b, &pairs));
    let anx = dim(&s.dimensions, "anxiety");
    // 28/6 = 4.666667; ± 1.96·1.2·√0.22 = ± 1.103186 → [3.563481, 5.769852] ∋ 4
    close(anx.score, 28.0 / 6.0);
    close_interval(anx.interval, 3.563_481_0, 5.769_852_5);
    assert_eq!(
        (anx.level, anx.close_to_cutoff),
        (Some(Level::High), Some(true))
    );
    let style = s.style.as_ref().unwrap();
    // Across the anxiety cut from anxious lies secure: both fit.
    assert_eq!(style.id, None);
    assert_eq!(style.quadrant, Some(StyleId::Anxious));
    assert_eq!(style.candidates, [StyleId::Anxious, StyleId::Secure]);

    // Avoidance 4, 5→3, 4, 4→4, 3, 5→3: 21/6 = 3.5; 3.5 ± 0.98784 = [2.51216, 4.48784] ∋ 4.
    pairs.splice(
        6..12,
        [
            ("avo-01", 4),
            ("avo-02", 5),
            ("avo-03", 4),
            ("avo-04", 4),
            ("avo-05", 3),
            ("avo-06", 5),
        ],
    );
    let s = score(&b, &answers(&b, &pairs));
    let avo = dim(&s.dimensions, "avoidance");
    close(avo.score, 3.5);
    close_interval(avo.interval, 2.512_16, 4.487_84);
    let style = s.style.as_ref().unwrap();
    assert_eq!(style.id, None);
    assert_eq!(style.quadrant, Some(StyleId::Anxious));
    // Both intervals cross: the rectangle they span reaches all four
    // quadrants, the diagonal (avoidant) too.
    assert_eq!(
        style.candidates,
        [
            StyleId::Anxious,
            StyleId::Secure,
            StyleId::Fearful,
            StyleId::Avoidant
        ]
    );
}

#[test]
fn short_straight_lining_and_contradictions() {
    let b = bank("sb-short");
    // All 4: identical answers with reversed items in the bank; forward and
    // reversed means agree (4 vs 4), so only straight-lining.
    let s = score(&b, &answers_by_rule(&b, |_, _, _| Some(4)));
    assert_eq!(quality_ids(&s), ["straight-lining"]);

    // All 7: raw forward mean 7 and raw reversed mean 7 on both
    // dimensions: acquiescence (7 + 7)/2 − 4 = 3 ≥ 0.25 × 6 = 1.5.
    let s = score(&b, &answers_by_rule(&b, |_, _, _| Some(7)));
    assert_eq!(quality_ids(&s), ["straight-lining", "acquiescence"]);
    close(Some(s.quality[0].figures["answered"]), 12.0);
    close(Some(s.quality[1].figures["index"]), 3.0);
    close(Some(s.quality[1].figures["threshold"]), 1.5);
    assert!(s.quality.iter().all(|q| q.careless));
    // Three forward, three reversed: (3·7 + 3·1)/6 = 4 on both: agreeing
    // with everything no longer moves a score.
    close(dim(&s.dimensions, "anxiety").score, 4.0);
    close(dim(&s.dimensions, "avoidance").score, 4.0);
}

#[test]
fn short_long_run_needs_eight_in_a_row() {
    let b = bank("sb-short");
    // Asking order: anx-01 avo-01 anx-02 avo-02 anx-03 avo-03 anx-04 avo-04 anx-05 …
    let mut pairs: Vec<(&str, i64)> = [
        "anx-01", "avo-01", "anx-02", "avo-02", "anx-03", "avo-03", "anx-04", "avo-04",
    ]
    .iter()
    .map(|k| (*k, 5))
    .collect();
    pairs.extend([("anx-05", 3), ("avo-05", 2), ("anx-06", 6), ("avo-06", 1)]);
    // Run threshold: 8 (sb-short never asks two same-keyed questions of
    // one dimension in a row): the first eight are all 5.
    // The spread stays inside: acquiescence (16/3 + 13/3)/2 − 4 = 5/6 on
    // anxiety and (4 + 11/3)/2 − 4 = −1/6 on avoidance, mean 1/3; keyed
    // answers less/plus 1/3 give squared deviations 29/6 + 109/6 = 23 on
    // df 12 − 2 − 1 = 9: √(23/9) = 1.599 < 1.3219·√(χ²₀.₉₇₅(9)/9) = 1.922.
    let s = score(&b, &answers(&b, &pairs));
    assert_eq!(quality_ids(&s), ["long-string"]);
    close(Some(s.quality[0].figures["run"]), 8.0);
    close(Some(s.quality[0].figures["threshold"]), 8.0);
    // Seven in a row is not enough.
    pairs[7].1 = 4;
    let s = score(&b, &answers(&b, &pairs));
    assert!(s.quality.is_empty(), "{:?}", s.quality);
}

#[test]
fn short_too_fast_scales_with_the_words_of_each_statement() {
    let b = bank("sb-short");
    let mut a = answers(&b, SHORT_ANXIOUS);
    let keys = b.answer_keys();
    let times = |ts: &[f64]| -> BTreeMap<String, f64> {
        keys.iter().cloned().zip(ts.iter().copied()).collect()
    };
    // Four timings are too few to set_numbers.
    a.timings = times(&[0.5, 0.5, 0.5, 0.5]);
    assert!(score(&b, &a).quality.is_empty());
    // Reading floors, 0.75 s + words/8: anx-01 18 words 3.0 s, avo-01 18
    // words 3.0 s, anx-02 20 words 3.25 s, avo-02 12 words 2.25 s, anx-03
    // 15 words 2.625 s. Fast: anx-01, anx-02, avo-02: 3 of 5 ≥ half.
    a.timings = times(&[2.9, 3.1, 3.2, 2.2, 9.0]);
    let s = score(&b, &a);
    assert_eq!(quality_ids(&s), ["too-fast"]);
    close(Some(s.quality[0].figures["fast"]), 3.0);
    close(Some(s.quality[0].figures["timed"]), 5.0);
    // anx-02 exactly at its floor is not fast: 2 of 5.
    a.timings = times(&[2.9, 3.1, 3.25, 2.2, 9.0]);
    assert!(score(&b, &a).quality.is_empty());
}

// ---------------------------------------------------------------- sb-core

/// sb-core keying (2.0.0), balanced: anxiety 9 forward + 9 reversed
/// (anx-01/02/05/06/09/10/13/15/17); avoidance 9 + 9 (reversed
/// avo-02/05/06/08/11/14/16/17/18); disorganization 4 + 4 (reversed
/// dis-01/05/06/08).
fn core_answers(dis_forward: i64, dis_reversed: i64) -> (Bank, AnswerSet) {
    let b = bank("sb-core");
    let mut a = answers_by_rule(&b, |dim, rev, id| match (dim, rev) {
        ("anxiety", _) if id == "anx-02" => Some(1),
        ("anxiety", false) => Some(5),
        ("anxiety", true) => Some(3),
        ("avoidance", false) => Some(6),
        ("avoidance", true) => Some(2),
        ("disorganization", false) => Some(dis_forward),
        ("disorganization", true) => Some(dis_reversed),
        _ => None,
    });
    // Three anxiety items missing: exactly floor(0.2 × 18) = 3.
    missing(&mut a, &b, &["anx-01", "anx-03", "anx-04"]);
    (b, a)
}

#[test]
fn core_disorganization_is_a_dimension_beside_the_quadrant() {
    let (b, a) = core_answers(5, 2);
    let s = score(&b, &a);
    let anx = dim(&s.dimensions, "anxiety");
    // Missing anx-01 (reversed), anx-03 and anx-04 (forward).
    // 7 forward answered × 5 = 35; reversed: anx-02 1 → 7, seven more 3 → 5 = 35 + 7
    // (35 + 42) / 15 = 77/15 = 5.133333
    close(anx.score, 77.0 / 15.0);
    assert_eq!((anx.answered, anx.items, anx.missing), (15, 18, 3));
    // 15 of 18 answered: Spearman–Brown with k = 15/18 takes alpha .91 to
    // (15/18 · .91)/(1 − 3/18 · .91) = .758333/.848333 = .893910;
    // SEM = 1.2·√(1 − .893910) = 0.390858; ± 0.766082
    close(anx.reliability, 0.893_909_627);
    close(anx.sem, 0.390_858_206);
    close_interval(anx.interval, 4.367_251_2, 5.899_415_4);
    let avo = dim(&s.dimensions, "avoidance");
    // 9 × 6 + 9 × (8 − 2) = 108; 108/18 = 6
    close(avo.score, 6.0);
    // SEM = 1.26·√0.06 = 0.308636
    close(avo.sem, 0.308_636_3);
    let dis = dim(&s.dimensions, "disorganization");
    // (4 × 5 + 4 × (8 − 2)) / 8 = 44/8 = 5.5; SEM = 1.2·√0.15 = 0.464758, ± 0.910926
    close(dis.score, 5.5);
    close_interval(dis.interval, 4.589_074, 6.410_926);
    assert_eq!(
        (dis.level, dis.close_to_cutoff),
        (Some(Level::High), Some(false))
    );

    // A high disorganization score never becomes the style: the style is
    // the quadrant of anxiety × avoidance (high, high: fearful-avoidant).
    let style = s.style.as_ref().unwrap();
    assert_eq!(style.id, Some(StyleId::Fearful));
    assert_eq!(style.quadrant, Some(StyleId::Fearful));
    assert_eq!(style.candidates, [StyleId::Fearful]);
    // a = (77/15 − 4)/3 = 17/45, v = 2/3 = 30/45
    // secure–fearful 47/90, dismissing–preoccupied −13/90
    axes(&s, 47.0 / 90.0, -13.0 / 90.0);
    // Forward anxiety 5 vs reversed (7 + 7·5)/8 = 5.25: consistent.
    assert!(s.quality.is_empty(), "{:?}", s.quality);

    let r = securebase::text::explain::assemble(&b, &a, s, None);
    assert_eq!(r.explanation.id, "fearful");
}

#[test]
fn core_missing_budget_is_three_of_eighteen() {
    let (b, mut a) = core_answers(5, 2);
    missing(&mut a, &b, &["anx-06"]);
    let s = score(&b, &a);
    let anx = dim(&s.dimensions, "anxiety");
    assert_eq!(anx.score, None);
    assert_eq!((anx.answered, anx.missing), (14, 4));
    assert_eq!(anx.reason, Some(Withheld::TooManyMissing { allowed: 3 }));
    // Disorganization is still scored, but no style without anxiety.
    close(dim(&s.dimensions, "disorganization").score, 5.5);
    assert_eq!(s.style, None);
    assert_eq!(quality_ids(&s), ["too-many-missing"]);
}

#[test]
fn core_disorganization_close_to_the_cutoff_leaves_the_style_alone() {
    // (4 × 4 + 4 × (8 − 3)) / 8 = 36/8 = 4.5; ± 0.910926 → [3.589, 5.411] ∋ 4
    let (b, a) = core_answers(4, 3);
    let s = score(&b, &a);
    let dis = dim(&s.dimensions, "disorganization");
    close(dis.score, 4.5);
    assert_eq!(
        (dis.level, dis.close_to_cutoff),
        (Some(Level::High), Some(true))
    );
    let style = s.style.as_ref().unwrap();
    assert_eq!(style.id, Some(StyleId::Fearful));
    assert_eq!(style.candidates, [StyleId::Fearful]);

    // (4 × 4 + 4 × (8 − 5)) / 8 = 28/8 = 3.5; ± 0.910926 → [2.589, 4.411] ∋ 4:
    // low, close to the cutoff.
    let (b, a) = core_answers(4, 5);
    let s = score(&b, &a);
    let dis = dim(&s.dimensions, "disorganization");
    close(dis.score, 3.5);
    assert_eq!(
        (dis.level, dis.close_to_cutoff),
        (Some(Level::Low), Some(true))
    );
    let style = s.style.as_ref().unwrap();
    assert_eq!(style.id, Some(StyleId::Fearful));
    assert_eq!(style.candidates, [StyleId::Fearful]);
}

#[test]
fn core_without_a_disorganization_score_the_style_is_the_quadrant() {
    let (b, mut a) = core_answers(5, 2);
    // 2 of 8 missing > floor(0.2 × 8) = 1.
    missing(&mut a, &b, &["dis-01", "dis-02"]);
    let s = score(&b, &a);
    let dis = dim(&s.dimensions, "disorganization");
    assert_eq!(dis.score, None);
    assert_eq!(dis.reason, Some(Withheld::TooManyMissing { allowed: 1 }));
    let style = s.style.as_ref().unwrap();
    assert_eq!(style.id, Some(StyleId::Fearful));
    assert_eq!(style.quadrant, Some(StyleId::Fearful));
}

// ---------------------------------------------------------------- sb-styles

fn styles_answers(ratings: [i64; 4], choice: Option<&str>) -> (Bank, AnswerSet) {
    let b = bank("sb-styles");
    let mut a = answers(
        &b,
        &[
            ("proto-secure", ratings[0]),
            ("proto-anxious", ratings[1]),
            ("proto-avoidant", ratings[2]),
            ("proto-fearful", ratings[3]),
        ],
    );
    if let Some(c) = choice {
        let i = slot(&b, "best-fit");
        a.values[i] = Answer::Choice(c.to_string());
    }
    (b, a)
}

#[test]
fn styles_clear_highest_and_models_of_self_and_other() {
    let (b, a) = styles_answers([6, 3, 2, 1], Some("proto-secure"));
    let s = score(&b, &a);
    assert!(s.dimensions.is_empty());
    let style = s.style.as_ref().unwrap();
    assert_eq!(style.id, Some(StyleId::Secure));
    assert_eq!(style.quadrant, None);
    assert_eq!(style.candidates, [StyleId::Secure]);
    // Raw ratings are the paragraph bank's own numbers, never axes.
    assert_eq!(style.axes, None);
    let p = s.prototype.as_ref().unwrap();
    assert_eq!(p.decision, Decision::HighestRating);
    assert!(!p.choice_disagrees);
    assert_eq!(p.forced_choice.as_deref(), Some("secure"));
    // self = (secure + avoidant) − (fearful + anxious) = (6 + 2) − (1 + 3) = 4
    // other = (secure + anxious) − (fearful + avoidant) = (6 + 3) − (1 + 2) = 6
    close(p.model_of_self, 4.0);
    close(p.model_of_other, 6.0);
    assert_eq!(p.ratings.get("fearful"), Some(&Some(1)));

    let r = securebase::text::explain::assemble(&b, &a, s, Some("2025-01-02T03:04:05Z".into()));
    assert_eq!(r.answers.get("best-fit"), Some(&"proto-secure".into()));
    assert_eq!(r.explanation.id, "secure");
}

#[test]
fn styles_tie_broken_by_the_forced_choice() {
    let (b, a) = styles_answers([5, 5, 2, 3], Some("proto-anxious"));
    let s = score(&b, &a);
    let style = s.style.as_ref().unwrap();
    assert_eq!(style.id, Some(StyleId::Anxious));
    assert_eq!(style.candidates, [StyleId::Anxious, StyleId::Secure]);
    let p = s.prototype.as_ref().unwrap();
    assert_eq!(p.decision, Decision::ForcedChoice);
    assert!(!p.choice_disagrees);
    // (5 + 2) − (3 + 5) = −1; (5 + 5) − (3 + 2) = 5
    close(p.model_of_self, -1.0);
    close(p.model_of_other, 5.0);
}

#[test]
fn styles_tie_the_choice_does_not_break() {
    // The choice names a paragraph outside the tie: it cannot break it.
    let (b, a) = styles_answers([5, 5, 2, 3], Some("proto-avoidant"));
    let s = score(&b, &a);
    let style = s.style.as_ref().unwrap();
    assert_eq!(style.id, None);
    assert_eq!(style.candidates, [StyleId::Secure, StyleId::Anxious]);
    let p = s.prototype.as_ref().unwrap();
    assert_eq!(p.decision, Decision::Tie);
    assert!(p.choice_disagrees);

    // No choice at all: a tie, and nothing to disagree with.
    let (b, a) = styles_answers([5, 5, 2, 3], None);
    let s = score(&b, &a);
    assert_eq!(s.style.as_ref().unwrap().id, None);
    assert_eq!(s.prototype.as_ref().unwrap().decision, Decision::Tie);
    assert!(!s.prototype.as_ref().unwrap().choice_disagrees);
}

#[test]
fn styles_choice_disagrees_with_a_clear_highest() {
    let (b, a) = styles_answers([6, 3, 2, 1], Some("proto-fearful"));
    let s = score(&b, &a);
    assert_eq!(s.style.as_ref().unwrap().id, Some(StyleId::Secure));
    let p = s.prototype.as_ref().unwrap();
    assert_eq!(p.decision, Decision::HighestRating);
    assert!(p.choice_disagrees);
    assert_eq!(p.forced_choice.as_deref(), Some("fearful"));
}

#[test]
fn styles_missing_ratings() {
    let b = bank("sb-styles");
    // Two of four rated and no forced choice: a style needs all four.
    let a = answers(&b, &[("proto-secure", 4), ("proto-avoidant", 6)]);
    let s = score(&b, &a);
    assert_eq!(s.style, None);
    let p = s.prototype.as_ref().unwrap();
    assert_eq!(p.decision, Decision::Incomplete);
    assert_eq!((p.model_of_self, p.model_of_other), (None, None));
    assert_eq!(p.ratings.get("anxious"), Some(&None));

    let s = score(&b, &AnswerSet::empty(&b));
    assert_eq!(s.style, None);
    assert_eq!(s.prototype.as_ref().unwrap().decision, Decision::Incomplete);
}

// ---------------------------------------------------------- sb-relationships

/// Items (2.0.0): avo-01/02/04 reversed, avo-03/05/06 forward, anx-01/02
/// forward, anx-03 reversed.
/// Budgets: avoidance floor(0.2 × 6) = 1, anxiety floor(0.2 × 3) = 0.
fn relationships_answers() -> (Bank, AnswerSet) {
    let b = bank("sb-relationships");
    let mut pairs: Vec<(String, i64)> = Vec::new();
    let mut put = |target: &str, values: [Option<i64>; 9]| {
        let ids = [
            "avo-01", "avo-02", "avo-03", "avo-04", "avo-05", "avo-06", "anx-01", "anx-02",
            "anx-03",
        ];
        for (id, v) in ids.iter().zip(values) {
            if let Some(v) = v {
                pairs.push((format!("{target}.{id}"), v));
            }
        }
    };
    put(
        "mother",
        // avo (3·(8 − 2) + 6 + 6 + 6)/6 = 6; anx (2 + 3 + (8 − 4))/3 = 3
        [2, 2, 6, 2, 6, 6, 2, 3, 4].map(Some),
    );
    put(
        "partner",
        // avo (3·(8 − 6) + 2 + 2 + 3)/6 = 13/6; anx (6 + 6 + (8 − 2))/3 = 6
        [6, 6, 2, 6, 2, 3, 6, 6, 2].map(Some),
    );
    put(
        "friend",
        // avo (3·(8 − 5) + 3 + 2)/5 = 2.8 (one missing); anx: one missing > 0 → null
        [
            Some(5),
            Some(5),
            Some(3),
            Some(5),
            Some(2),
            None,
            Some(4),
            None,
            Some(4),
        ],
    );
    let borrowed: Vec<(&str, i64)> = pairs.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let mut a = answers(&b, &borrowed);
    // Targets in order: mother, father, partner, friend.
    a.not_applicable = vec![false, true, false, false];
    (b, a)
}

#[test]
fn relationships_per_target_and_overall() {
    let (b, a) = relationships_answers();
    let s = score(&b, &a);
    let ids: Vec<&str> = s.targets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["mother", "father", "partner", "friend"]);

    let mother = &s.targets[0];
    close(dim(&mother.dimensions, "avoidance").score, 6.0);
    close(dim(&mother.dimensions, "anxiety").score, 3.0);
    let ms = mother.style.as_ref().unwrap();
    // Anxiety 3 ± 1.96·1.3·√0.2 = 3 ± 1.139500 → [1.86, 4.14] ∋ 4: fearful next door.
    assert_eq!(ms.id, None);
    assert_eq!(ms.quadrant, Some(StyleId::Avoidant));
    assert_eq!(ms.candidates, [StyleId::Avoidant, StyleId::Fearful]);

    let father = &s.targets[1];
    assert!(father.not_applicable);
    assert_eq!(father.style, None);
    for d in &father.dimensions {
        assert_eq!(d.score, None);
        assert_eq!(d.reason, Some(Withheld::DoesNotApply));
    }

    let partner = &s.targets[2];
    close(dim(&partner.dimensions, "avoidance").score, 13.0 / 6.0);
    close(dim(&partner.dimensions, "anxiety").score, 6.0);
    assert_eq!(partner.style.as_ref().unwrap().id, Some(StyleId::Anxious));

    let friend = &s.targets[3];
    close(dim(&friend.dimensions, "avoidance").score, 2.8);
    let fa = dim(&friend.dimensions, "anxiety");
    assert_eq!(fa.score, None);
    assert_eq!(fa.reason, Some(Withheld::TooManyMissing { allowed: 0 }));
    assert_eq!(friend.style, None);

    // Overall avoidance: (6 + 13/6 + 2.8)/3 = 10.966667/3 = 3.655556
    let avo = dim(&s.dimensions, "avoidance");
    close(avo.score, (6.0 + 13.0 / 6.0 + 2.8) / 3.0);
    assert_eq!((avo.answered, avo.items, avo.missing), (17, 18, 1));
    // The overall interval uses the least precise target's SEM: friend,
    // 5 of 6 answered, Spearman–Brown .85 → (5/6 · .85)/(1 − .85/6) =
    // .825243; SEM = 1.2·√.174757 = 0.501648; ± 0.983230
    close(avo.sem, 0.501_647_770);
    close_interval(avo.interval, 2.672_325_9, 4.638_785_2);
    // Overall anxiety: friend has no score, so (3 + 6)/2 = 4.5
    let anx = dim(&s.dimensions, "anxiety");
    close(anx.score, 4.5);
    assert_eq!((anx.answered, anx.items, anx.missing), (8, 9, 1));
    // 4.5 ± 1.96·1.3·√0.2 = 4.5 ± 1.139500
    close_interval(anx.interval, 3.360_499_8, 5.639_500_2);

    // Both overall intervals hold 4: close to all four.
    let style = s.style.as_ref().unwrap();
    assert_eq!(style.id, None);
    assert_eq!(style.quadrant, Some(StyleId::Anxious));
    assert_eq!(style.candidates.len(), 4);
    // a = (4.5 − 4)/3 = 1/6, v = (3.655556 − 4)/3 = −0.114815
    let v = ((6.0 + 13.0 / 6.0 + 2.8) / 3.0 - 4.0) / 3.0;
    let a6 = 1.0 / 6.0;
    axes(&s, f64::midpoint(a6, v), (a6 - v) / 2.0);
    assert_eq!(quality_ids(&s), ["too-many-missing"]);
}

#[test]
fn relationships_every_target_not_applicable() {
    let b = bank("sb-relationships");
    let mut a = AnswerSet::empty(&b);
    a.not_applicable = vec![true; 4];
    let s = score(&b, &a);
    for d in &s.dimensions {
        assert_eq!(d.score, None);
        assert_eq!((d.answered, d.items, d.missing), (0, 0, 0));
        assert_eq!(d.reason, Some(Withheld::AllNotApplicable));
    }
    assert_eq!(s.style, None);
    // Nothing was withheld for missing answers: the person said "does not apply".
    assert!(s.quality.is_empty(), "{:?}", s.quality);
}

#[test]
fn relationships_result_document_keeps_bank_order() {
    let (b, mut a) = relationships_answers();
    a.respondent = Some("p07".into());
    let s = score(&b, &a);
    let r = securebase::text::explain::assemble(&b, &a, s, None);
    assert_eq!(r.schema, "securebase.result/2");
    assert_eq!(
        (
            r.bank.id.as_str(),
            r.bank.version.as_str(),
            r.bank.validated
        ),
        ("sb-relationships", "2.0.0", false)
    );
    assert_eq!(r.respondent.as_deref(), Some("p07"));
    let keys: Vec<&str> = r.answers.keys().map(String::as_str).collect();
    // 36 item answers plus the "does not apply" marker before father's items.
    assert_eq!(keys.len(), 37);
    assert_eq!(&keys[..2], ["mother.avo-01", "mother.avo-02"]);
    assert_eq!(&keys[8..11], ["mother.anx-03", "father", "father.avo-01"]);
    assert_eq!(r.answers["father"], "not-applicable");
    assert_eq!(r.answers["father.avo-01"], serde_json::Value::Null);
    assert_eq!(r.answers["mother.avo-01"], 2);
    assert_eq!(r.answers["friend.avo-06"], serde_json::Value::Null);
    assert_eq!(r.explanation.id, "close-to-all-four");
    assert!(r
        .explanation
        .sections
        .iter()
        .any(|s| s.id == "close-to-cutoff"));
    // The document survives a JSON round trip unchanged.
    let json = serde_json::to_string(&r).unwrap();
    let back: ResultDoc = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
}

// ------------------------------------------------------- reference with a mean

const NORMED: &str = r#"{
  "id": "normed", "title": "Normed test bank", "version": "0.1.0", "language": "en",
  "validated": false, "citation": null, "license": "CC0", "notes": "Test.",
  "instructions": "Rate each statement.",
  "scale": { "min": 1, "max": 7, "labels": { "1": "No", "7": "Yes" } },
  "dimensions": [
    { "id": "anxiety", "label": "Anxiety", "description": "Worry.",
      "cutoff": 3.5, "max_missing": 0.5,
      "reference": { "sd": 1.0, "alpha": 0.75, "mean": 3.0, "source": "test", "assumed": false } },
    { "id": "avoidance", "label": "Avoidance", "description": "Distance." }
  ],
  "items": [
    { "id": "a1", "kind": "likert", "dimension": "anxiety", "text": "One." },
    { "id": "a2", "kind": "likert", "dimension": "anxiety", "reverse": true, "text": "Two." },
    { "id": "v1", "kind": "likert", "dimension": "avoidance", "text": "Three." },
    { "id": "v2", "kind": "likert", "dimension": "avoidance", "reverse": true, "text": "Four." }
  ]
}"#;

#[test]
fn reference_mean_gives_z_and_percentile() {
    let (b, _) = securebase::bank::parse("normed.json", NORMED).expect("valid bank");
    let a = answers(&b, &[("a1", 5), ("a2", 3), ("v1", 2), ("v2", 6)]);
    let s = score(&b, &a);
    let anx = dim(&s.dimensions, "anxiety");
    // (5 + (8 − 3))/2 = 5; z = (5 − 3)/1 = 2; 100·Φ(2) = 97.724987
    close(anx.score, 5.0);
    close(anx.z, 2.0);
    close(anx.percentile, 97.724_986_805);
    // SEM = 1·√0.25 = 0.5; 5 ± 0.98 = [4.02, 5.98]; cutoff 3.5 outside.
    close_interval(anx.interval, 4.02, 5.98);
    close(Some(anx.cutoff), 3.5);
    assert_eq!(
        (anx.level, anx.close_to_cutoff, anx.reference_assumed),
        (Some(Level::High), Some(false), Some(false))
    );
    let avo = dim(&s.dimensions, "avoidance");
    // (2 + (8 − 6))/2 = 2; no reference: no interval, no close-to-cutoff call.
    close(avo.score, 2.0);
    assert_eq!(
        (avo.sem, avo.interval, avo.close_to_cutoff, avo.z),
        (None, None, None, None)
    );
    // a = (5 − 3.5)/3 = 1/2, v = (2 − 4)/3 = −2/3
    // secure–fearful −1/12, dismissing–preoccupied 7/12
    axes(&s, -1.0 / 12.0, 7.0 / 12.0);

    // max_missing 0.5 of 2 items: one may be missing.
    let a = answers(&b, &[("a1", 5), ("v1", 2), ("v2", 6)]);
    close(dim(&score(&b, &a).dimensions, "anxiety").score, 5.0);
}
