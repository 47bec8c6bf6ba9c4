//! What every human-readable output shows the same way: intervals clamped
//! to the scale (with the note that says so, and that they are
//! approximate), the headline, the axes, a paragraph bank's answers, and
//! an explanation's sections as plain text. Machine outputs (JSON, CSV)
//! keep the exact values and do not come through here.

use std::fmt::Write as _;

use crate::bank::{ANXIETY, AVOIDANCE, DISORGANIZATION};
use crate::scoring::result::{DimensionScore, PrototypeScores, ResultDoc, Section, StyleId};
use crate::text::explain::style_name;
use crate::text::words;

/// A 95 % interval for people: cut at the ends of the scale `(min, max)`,
/// and whether it had to be.
pub fn clamped(interval: [f64; 2], scale: (i64, i64)) -> ([f64; 2], bool) {
    let (lo, hi) = (scale.0 as f64, scale.1 as f64);
    let [a, b] = interval;
    let c = [a.clamp(lo, hi), b.clamp(lo, hi)];
    (c, a < lo || b > hi)
}

/// "4.73 – 6.94", clamped to the scale; `None` without an interval.
pub fn interval_text(d: &DimensionScore, scale: (i64, i64), dash: &str) -> Option<String> {
    let ([a, b], _) = clamped(d.interval?, scale);
    Some(format!("{a:.2}{dash}{b:.2}"))
}

/// Whether any shown interval of these dimensions was clamped.
pub fn any_clamped<'a>(
    dims: impl IntoIterator<Item = &'a DimensionScore>,
    scale: (i64, i64),
) -> bool {
    dims.into_iter()
        .filter_map(|d| d.interval)
        .any(|i| clamped(i, scale).1)
}

/// The notes under a table of intervals: approximate (assumed or measured
/// reliability), and clamped where that happened. Empty without intervals.
pub fn interval_notes<'a>(
    dims: impl IntoIterator<Item = &'a DimensionScore> + Clone,
    scale: (i64, i64),
) -> Vec<String> {
    let with: Vec<&DimensionScore> = dims.into_iter().filter(|d| d.interval.is_some()).collect();
    if with.is_empty() {
        return Vec::new();
    }
    let mut notes = vec![if with.iter().any(|d| d.reference_assumed == Some(true)) {
        words::note("approximate", &[])
    } else {
        words::note("approximate-measured", &[])
    }];
    if any_clamped(with.iter().copied(), scale) {
        notes.push(words::note(
            "clamped",
            &[("min", &scale.0.to_string()), ("max", &scale.1.to_string())],
        ));
    }
    notes
}

/// The headline and the note under it.
pub fn headline(r: &ResultDoc) -> (String, Option<String>) {
    let (_, h) = words::result_headline(r);
    (
        h,
        words::headline_note(r.style.as_ref(), r.prototype.as_ref()),
    )
}

/// The two axes, one line each with its meaning, for banks with anxiety
/// and avoidance.
pub fn axes_lines(r: &ResultDoc) -> Vec<String> {
    let Some(x) = r.style.as_ref().and_then(|s| s.axes) else {
        return Vec::new();
    };
    let has = |id: &str| r.dimensions.iter().any(|d| d.id == id);
    if !(has(ANXIETY) && has(AVOIDANCE)) {
        return Vec::new();
    }
    let a = &words::messages().axes;
    vec![
        format!(
            "{}: {}",
            words::axis(&a.secure_fearful, x.secure_fearful),
            a.secure_fearful.meaning
        ),
        format!(
            "{}: {}",
            words::axis(&a.dismissing_preoccupied, x.dismissing_preoccupied),
            a.dismissing_preoccupied.meaning
        ),
    ]
}

/// The disorganization line reported beside the style, where the bank
/// measures it: "Approach–avoidance conflict (disorganization): higher".
pub fn disorganization_line(r: &ResultDoc) -> Option<String> {
    let d = r.dimensions.iter().find(|d| d.id == DISORGANIZATION)?;
    Some(format!(
        "{}: {}",
        crate::text::explain::texts().dimensions[DISORGANIZATION].name,
        words::disorganization_level(d)
    ))
}

/// The paragraph a prototype id stands for, by its style's name.
fn paragraph_name(id: &str) -> &str {
    match StyleId::from_id(id.strip_prefix("proto-").unwrap_or(id)) {
        Some(s) => style_name(s),
        None => id,
    }
}

/// A paragraph bank's answers: rows of (paragraph, rating), then the
/// forced choice and the models of self and others as lines.
pub fn prototype_answers(
    p: &PrototypeScores,
    scale: Option<(i64, i64)>,
) -> (Vec<(String, String)>, Vec<String>) {
    let rows = StyleId::ALL
        .iter()
        .filter_map(|s| {
            let r = p.ratings.get(s.id())?;
            Some((
                style_name(*s).to_string(),
                r.map_or_else(|| words::answers("not-rated", &[]), |x| x.to_string()),
            ))
        })
        .collect();
    let choice = p.forced_choice.as_deref().map_or_else(
        || words::answers("no-choice", &[]),
        |c| paragraph_name(c).to_string(),
    );
    let mut lines = vec![words::answers("best-fit", &[("choice", &choice)])];
    if let (Some(me), Some(other)) = (p.model_of_self, p.model_of_other) {
        let range = scale.map_or(String::new(), |(lo, hi)| {
            words::answers("models-range", &[("m", &(2 * (hi - lo)).to_string())])
        });
        lines.push(words::answers(
            "models",
            &[
                ("self", &format!("{me:+.0}")),
                ("other", &format!("{other:+.0}")),
                ("range", &range),
            ],
        ));
    }
    (rows, lines)
}

/// An explanation's sections as plain text: a title line (through
/// `title`), paragraphs separated by blank lines, lists as "- " items;
/// with `sources`, each section's sources after it.
pub fn sections_text(
    sections: &[Section],
    title: impl Fn(&str) -> String,
    sources: bool,
) -> String {
    let mut s = String::new();
    for sec in sections {
        if let Some(t) = &sec.title {
            let _ = writeln!(s, "{}", title(t));
        }
        for p in &sec.paragraphs {
            let _ = writeln!(s, "{p}\n");
        }
        for item in &sec.list {
            let _ = writeln!(s, "- {item}");
        }
        if !sec.list.is_empty() {
            s.push('\n');
        }
        if sources && !sec.sources.is_empty() {
            let _ = writeln!(s, "Sources: {}\n", sec.sources.join(" "));
        }
        if sec.paragraphs.is_empty() && sec.list.is_empty() && sec.title.is_some() {
            s.push('\n');
        }
    }
    s.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_are_clamped_to_the_scale() {
        // 7.00 ± 1.10 on 1–7 shows 5.90–7.00.
        assert_eq!(clamped([5.9, 8.1], (1, 7)), ([5.9, 7.0], true));
        assert_eq!(clamped([0.2, 2.4], (1, 7)), ([1.0, 2.4], true));
        assert_eq!(clamped([2.0, 3.0], (1, 7)), ([2.0, 3.0], false));
    }
}
