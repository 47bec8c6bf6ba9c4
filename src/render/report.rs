//! What the HTML and Markdown reports share: the rows of a dimension
//! table, where a score sits against its cutoff, the explanation sections
//! a report shows and the sources they cite.

use crate::render::display;
use crate::render::plot::fmt_tick;
use crate::scoring::result::{DimensionScore, Level, ResultDoc, Section};
use crate::text::explain::texts;
use crate::text::words;

pub(crate) fn provenance(validated: bool) -> &'static str {
    crate::text::explain::validation_label(validated)
}

/// When the answers were completed, as a person reads a date (with its
/// time zone); a time that does not parse is shown as it is.
pub(crate) fn date(scored: &ResultDoc) -> String {
    match scored.completed_at.as_deref() {
        None => "date not recorded".into(),
        Some(t) => {
            crate::clock::parse_rfc3339(t).map_or_else(|| t.to_string(), crate::clock::human)
        }
    }
}

pub(crate) fn dim(scored: &ResultDoc, id: &str) -> Option<DimensionScore> {
    scored
        .dimensions
        .iter()
        .find(|d| d.id == id && d.score.is_some())
        .cloned()
}

/// Where a score sits against its cutoff, in words.
pub(crate) fn position(d: &DimensionScore) -> String {
    let Some(level) = d.level else {
        return String::new();
    };
    let side = match level {
        Level::High => "above",
        Level::Low => "below",
        Level::AtCutoff => "at",
    };
    let close = if d.is_close() && level != Level::AtCutoff {
        " (close to the cutoff: the interval includes it)"
    } else {
        ""
    };
    format!("{side} the cutoff {}{close}", fmt_tick(d.cutoff))
}

pub(crate) fn interval(d: &DimensionScore, scale: (i64, i64)) -> String {
    display::interval_text(d, scale, " – ").unwrap_or_else(|| "none (no reference values)".into())
}

/// The explanation sections a report shows under "What this means": all
/// but the headline (shown above) and the not-a-diagnosis note (shown
/// last, on its own).
pub(crate) fn explanation(scored: &ResultDoc) -> impl Iterator<Item = &Section> {
    scored
        .explanation
        .sections
        .iter()
        .filter(|s| s.id != "headline" && s.id != "not-a-diagnosis")
}

/// Every source the shown sections cite, each once, in order of first use.
pub(crate) fn sources(scored: &ResultDoc) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for s in explanation(scored) {
        for c in &s.sources {
            if !out.contains(&c.as_str()) {
                out.push(c);
            }
        }
    }
    out
}

/// The not-a-diagnosis note, from the explanation (or the texts, for a
/// result without it).
pub(crate) fn not_a_diagnosis(scored: &ResultDoc) -> String {
    scored
        .explanation
        .sections
        .iter()
        .find(|s| s.id == "not-a-diagnosis")
        .map_or_else(
            || texts().topic("not-a-diagnosis").paragraphs.join(" "),
            |s| s.paragraphs.join(" "),
        )
}

/// The cells of one dimension's row, escaped with `esc`: label, score (with
/// the reason when there is none), interval (clamped to the scale),
/// position, answered.
pub(crate) fn dimension_cells(
    d: &DimensionScore,
    scale: (i64, i64),
    esc: fn(&str) -> String,
) -> [String; 5] {
    let score = d.score.map_or_else(
        || {
            format!(
                "no score: {}",
                esc(&words::reason(d).unwrap_or_else(|| "too many answers missing".into()))
            )
        },
        |v| format!("{v:.2}"),
    );
    [
        esc(&d.label),
        score,
        esc(&interval(d, scale)),
        esc(&position(d)),
        format!("{} of {}", d.answered, d.items),
    ]
}

/// Source numbers of a section, as positions in the report's notes.
pub(crate) fn source_numbers(sec: &Section, all: &[&str]) -> Vec<usize> {
    sec.sources
        .iter()
        .filter_map(|c| all.iter().position(|x| x == c))
        .map(|n| n + 1)
        .collect()
}
