//! Seeing a result: the terminal plot, the HTML and Markdown report,
//! `compare` and `history`.

use std::collections::BTreeMap;

use securebase::plot::{self, PlotOptions};
use securebase::result::{BankRef, DimensionScore, Explanation, Scored, Style, StyleId, SCHEMA};

/// A dimension on the 1–7 scale with cutoff 4 and, when `sem` is given,
/// the 95% interval score ± 1.96·sem.
fn dim(id: &str, score: f64, sem: Option<f64>) -> DimensionScore {
    let interval = sem.map(|s| [score - 1.96 * s, score + 1.96 * s]);
    DimensionScore {
        id: id.into(),
        label: format!("Attachment {id}"),
        score: Some(score),
        answered: 6,
        items: 6,
        missing: 0,
        reason: None,
        cutoff: 4.0,
        high: Some(score > 4.0),
        sem,
        interval,
        borderline: interval.map(|[a, b]| a <= 4.0 && 4.0 <= b),
        z: None,
        percentile: None,
        reference_assumed: sem.map(|_| true),
    }
}

fn scored(anxiety: f64, avoidance: f64, sem: Option<f64>) -> Scored {
    let quadrant = match (anxiety > 4.0, avoidance > 4.0) {
        (false, false) => StyleId::Secure,
        (true, false) => StyleId::Anxious,
        (false, true) => StyleId::Avoidant,
        (true, true) => StyleId::Fearful,
    };
    Scored {
        schema: SCHEMA.into(),
        bank: BankRef {
            id: "sb-short".into(),
            version: "1.0.0".into(),
            title: "securebase short attachment check (12 items)".into(),
            validated: false,
        },
        respondent: Some("p01".into()),
        completed_at: None,
        answers: serde_json::Map::new(),
        timings: BTreeMap::new(),
        dimensions: vec![
            dim("anxiety", anxiety, sem),
            dim("avoidance", avoidance, sem),
        ],
        targets: vec![],
        style: Some(Style {
            id: quadrant,
            quadrant: Some(quadrant),
            borderline_with: vec![],
            prototypes: BTreeMap::new(),
        }),
        prototype: None,
        quality: vec![],
        explanation: Explanation {
            id: quadrant.id().into(),
            text: "First paragraph.\n\nSecond paragraph.".into(),
        },
    }
}

fn draw(anxiety: f64, avoidance: f64, sem: Option<f64>, width: usize, ascii: bool) -> String {
    plot::plot_for(
        &scored(anxiety, avoidance, sem),
        (1, 7),
        PlotOptions { width, ascii },
    )
    .unwrap()
}

// --- the terminal plot ---------------------------------------------------
// sem 0.3 gives intervals score ± 0.588; sem 0.56 gives ± 1.0976.

#[test]
fn plot_secure_with_intervals() {
    insta::assert_snapshot!(draw(2.5, 2.0, Some(0.3), 80, false));
}

#[test]
fn plot_anxious_with_intervals() {
    insta::assert_snapshot!(draw(5.2, 2.5, Some(0.3), 80, false));
}

#[test]
fn plot_avoidant_without_intervals() {
    insta::assert_snapshot!(draw(2.0, 5.5, None, 80, false));
}

#[test]
fn plot_fearful_with_intervals() {
    insta::assert_snapshot!(draw(6.0, 6.3, Some(0.3), 80, false));
}

#[test]
fn plot_borderline_interval_crosses_cutoff() {
    // anxiety 4.3 ± 1.0976 = [3.20, 5.40] contains the cutoff 4.
    insta::assert_snapshot!(draw(4.3, 3.2, Some(0.56), 80, false));
}

#[test]
fn plot_point_exactly_on_both_cutoffs() {
    // 4.0 is not above the cutoff: Secure, drawn on the crossing of the lines.
    let p = draw(4.0, 4.0, None, 80, false);
    let cross_row = p.lines().find(|l| l.starts_with("4 ├")).unwrap();
    assert!(cross_row.contains('●'), "{p}");
    insta::assert_snapshot!(p);
}

#[test]
fn plot_point_on_anxiety_cutoff_with_intervals() {
    insta::assert_snapshot!(draw(4.0, 5.5, Some(0.3), 80, false));
}

#[test]
fn plot_ascii() {
    let p = draw(5.2, 2.5, Some(0.3), 80, true);
    assert!(p.is_ascii(), "{p}");
    insta::assert_snapshot!(p);
}

#[test]
fn plot_narrow_terminal() {
    let p = draw(6.0, 6.3, Some(0.3), 40, false);
    assert!(p.lines().all(|l| l.chars().count() <= 40), "{p}");
    insta::assert_snapshot!(p);
}

#[test]
fn plot_never_wider_than_80_columns() {
    let p = draw(5.2, 2.5, Some(0.3), 200, false);
    assert!(p.lines().all(|l| l.chars().count() <= 80), "{p}");
}

#[test]
fn plot_too_narrow_is_one_line_of_text() {
    // 5.2 ± 0.588 = [4.612, 5.788]; 2.5 ± 0.588 = [1.912, 3.088].
    assert_eq!(
        draw(5.2, 2.5, Some(0.3), 29, false),
        "anxiety 5.20 [4.61–5.79], avoidance 2.50 [1.91–3.09]: Anxious\n"
    );
}

#[test]
fn plot_needs_both_scores() {
    let mut s = scored(5.2, 2.5, None);
    s.dimensions[1].score = None;
    assert_eq!(
        plot::plot_for(
            &s,
            (1, 7),
            PlotOptions {
                width: 80,
                ascii: false
            }
        ),
        None
    );
}
