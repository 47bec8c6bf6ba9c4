//! Short words for ids: levels, missing-data reasons, headlines, the axes
//! and `compare`'s verdicts, from `questionnaires/messages.en.json`. The
//! core hands over ids and numbers; the English lives here and in that file.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::scoring::result::{
    Decision, DimensionScore, Level, PrototypeScores, Style, StyleId, Withheld,
};
use crate::text::explain::style_name;

const MESSAGES: &str = include_str!("../../questionnaires/messages.en.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    pub language: String,
    pub levels: BTreeMap<String, String>,
    pub disorganization_levels: BTreeMap<String, String>,
    pub reasons: BTreeMap<String, String>,
    pub headlines: BTreeMap<String, String>,
    pub notes: BTreeMap<String, String>,
    /// A paragraph bank's answers.
    pub answers: BTreeMap<String, String>,
    pub axes: Axes,
    pub compare: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axes {
    pub secure_fearful: Axis,
    pub dismissing_preoccupied: Axis,
    pub centre: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    pub name: String,
    pub meaning: String,
    pub low: String,
    pub high: String,
}

/// The messages, parsed once (embedded and checked by a test).
pub fn messages() -> &'static Messages {
    static M: OnceLock<Messages> = OnceLock::new();
    M.get_or_init(|| serde_json::from_str(MESSAGES).expect("messages.en.json is valid"))
}

/// Fills `{name}` placeholders.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (k, v) in values {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

fn get<'m>(map: &'m BTreeMap<String, String>, key: &str) -> &'m str {
    map.get(key).map_or("", String::as_str)
}

/// A message of `compare`, filled.
pub fn compare(key: &str, values: &[(&str, &str)]) -> String {
    fill(get(&messages().compare, key), values)
}

/// Words about a paragraph bank's answers, filled.
pub fn answers(key: &str, values: &[(&str, &str)]) -> String {
    fill(get(&messages().answers, key), values)
}

/// A note, filled.
pub fn note(key: &str, values: &[(&str, &str)]) -> String {
    fill(get(&messages().notes, key), values)
}

fn level_key(l: Level) -> &'static str {
    match l {
        Level::Low => "low",
        Level::AtCutoff => "at-cutoff",
        Level::High => "high",
    }
}

/// A dimension's level in words: "high", "low, close to the cutoff", "at
/// the cutoff", "not scored".
pub fn level(d: &DimensionScore) -> String {
    let m = messages();
    match d.level {
        None => get(&m.levels, "not-scored").to_string(),
        Some(Level::AtCutoff) => get(&m.levels, "at-cutoff").to_string(),
        Some(l) if d.is_close() => {
            format!(
                "{}, {}",
                get(&m.levels, level_key(l)),
                get(&m.levels, "close")
            )
        }
        Some(l) => get(&m.levels, level_key(l)).to_string(),
    }
}

/// The disorganization dimension's level: "higher", "lower" or "close to
/// the cutoff" (measured, not a category).
pub fn disorganization_level(d: &DimensionScore) -> String {
    let m = &messages().disorganization_levels;
    match d.level {
        None => get(&messages().levels, "not-scored").to_string(),
        Some(_) if d.is_close() => get(m, "close").to_string(),
        Some(l) => get(m, level_key(l)).to_string(),
    }
}

/// Why a score is missing, in words.
pub fn reason(d: &DimensionScore) -> Option<String> {
    let m = &messages().reasons;
    Some(match d.reason? {
        Withheld::TooManyMissing { allowed } => fill(
            get(m, "too-many-missing"),
            &[
                ("missing", &d.missing.to_string()),
                ("items", &d.items.to_string()),
                ("allowed", &allowed.to_string()),
            ],
        ),
        Withheld::DoesNotApply => get(m, "does-not-apply").to_string(),
        Withheld::AllNotApplicable => get(m, "all-not-applicable").to_string(),
        Withheld::NoTargetScored => get(m, "no-target-scored").to_string(),
    })
}

/// "A", "A and B", "A, B and C".
pub fn and_list(names: &[&str]) -> String {
    match names.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn names(ids: &[StyleId]) -> String {
    and_list(&ids.iter().map(|s| style_name(*s)).collect::<Vec<_>>())
}

/// What a result says, as an id and a headline: "Anxious (preoccupied)",
/// "Between Anxious (preoccupied) and Secure", "No single style fits:
/// close to all four", or a paragraph bank's decision.
pub fn headline(style: Option<&Style>, proto: Option<&PrototypeScores>) -> (String, String) {
    let h = &messages().headlines;
    let candidates = style.map_or(&[][..], |s| s.candidates.as_slice());
    let one = style.and_then(|s| s.id);
    let named = |key: &str, id: StyleId| {
        (
            id.id().to_string(),
            fill(get(h, key), &[("style", style_name(id))]),
        )
    };
    let fixed = |key: &str| (key.to_string(), get(h, key).to_string());
    match (proto.map(|p| p.decision), one) {
        (Some(Decision::Incomplete), _) => fixed("incomplete"),
        (Some(Decision::NoneFitsWell), _) => fixed("none-fits-well"),
        (Some(Decision::ForcedChoiceOnly), Some(id)) => named("forced-choice-only", id),
        (Some(Decision::ForcedChoice), Some(id)) => named("forced-choice", id),
        (Some(Decision::Tie), _) => (
            "tie".into(),
            fill(get(h, "tie"), &[("styles", &names(candidates))]),
        ),
        (_, Some(id)) => named("single", id),
        (_, None) => match candidates.len() {
            0 => fixed("none"),
            4 => fixed("close-to-all-four"),
            _ => (
                "between".into(),
                fill(get(h, "between"), &[("styles", &names(candidates))]),
            ),
        },
    }
}

/// A result's headline: [`headline`], except for a questionnaire that could
/// never name a style (no paragraphs, not both anxiety and avoidance).
pub fn result_headline(r: &crate::scoring::result::ResultDoc) -> (String, String) {
    if crate::text::explain::no_style_measured(r) {
        let key = "no-style-measured";
        return (key.into(), get(&messages().headlines, key).to_string());
    }
    headline(r.style.as_ref(), r.prototype.as_ref())
}

/// The sentence under a headline, where it needs one.
pub fn headline_note(style: Option<&Style>, proto: Option<&PrototypeScores>) -> Option<String> {
    let (id, _) = headline(style, proto);
    let mut note_text = match id.as_str() {
        "between" | "close-to-all-four" | "tie" => note(&id, &[]),
        _ => String::new(),
    };
    if let Some(p) = proto.filter(|p| p.choice_disagrees) {
        let choice = p
            .forced_choice
            .as_deref()
            .and_then(|c| StyleId::from_id(c.strip_prefix("proto-").unwrap_or(c)))
            .map_or("another description", style_name);
        if !note_text.is_empty() {
            note_text.push(' ');
        }
        note_text.push_str(&note("choice-disagrees", &[("choice", choice)]));
    }
    (!note_text.is_empty()).then_some(note_text)
}

/// One axis in words: "secure–fearful axis −0.50 (towards secure)".
pub fn axis(which: &Axis, value: f64) -> String {
    let side = if value.abs() < 0.005 {
        &messages().axes.centre
    } else if value < 0.0 {
        &which.low
    } else {
        &which.high
    };
    format!("{} {value:+.2} ({side})", which.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_parse_and_fill() {
        let m = messages();
        assert_eq!(m.language, "en");
        assert_eq!(fill("{a} of {b}", &[("a", "1"), ("b", "6")]), "1 of 6");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn no_word_a_person_reads_says_borderline() {
        for text in [
            MESSAGES,
            include_str!("../../questionnaires/explanations.en.json"),
        ] {
            assert!(!text.to_lowercase().contains("borderline"));
        }
    }
}
