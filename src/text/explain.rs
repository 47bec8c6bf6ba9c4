//! The educational texts (`questionnaires/explanations.en.json`) and how a
//! result's explanation is put together from them. The texts are data so
//! they can be reviewed and translated without touching code.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::scoring::result::{Explanation, QualityFlag, ResultDoc, Scores, StyleId};

const EXPLANATIONS: &str = include_str!("../../questionnaires/explanations.en.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub language: String,
    pub styles: BTreeMap<String, StyleText>,
    pub dimensions: BTreeMap<String, DimensionText>,
    pub topics: Topics,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleText {
    pub name: String,
    pub summary: String,
    pub in_relationships: String,
    pub strengths: String,
    pub growth: String,
    pub what_helps: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionText {
    pub name: String,
    pub low: String,
    pub high: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topics {
    pub borderline: String,
    pub fearful_vs_disorganized: String,
    pub dimensions_first: String,
    pub self_report: String,
    pub not_validated: String,
    /// A recipe bank's note; `{title}` and `{citation}` are filled in.
    pub published_instrument: String,
    /// For banks without the anxiety and avoidance dimensions (e.g. the RAAS).
    pub no_style_measured: String,
    pub change: String,
    pub not_a_diagnosis: String,
    pub quality: String,
}

/// The texts, parsed once. They are embedded and checked by a test, so a
/// parse failure here is a build defect, not a user error.
pub fn texts() -> &'static Texts {
    static TEXTS: OnceLock<Texts> = OnceLock::new();
    TEXTS.get_or_init(|| serde_json::from_str(EXPLANATIONS).expect("explanations.en.json is valid"))
}

/// How a bank's standing is named everywhere it is shown (list, show,
/// tables, reports): one wording, so the three never drift apart.
pub fn validation_label(validated: bool) -> &'static str {
    if validated {
        "published instrument"
    } else {
        "not validated"
    }
}

/// A style's display name, e.g. "Anxious (preoccupied)".
pub fn style_name(id: StyleId) -> &'static str {
    texts().style(id).name.as_str()
}

impl Texts {
    pub fn style(&self, id: StyleId) -> &StyleText {
        &self.styles[id.id()]
    }
}

/// What the explanation of a result needs to know about it.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    /// `None`: no style could be given (too many answers missing).
    pub style: Option<StyleId>,
    pub borderline_with: &'a [StyleId],
    pub validated: bool,
    /// The bank measures disorganization with its own items.
    pub measures_disorganization: bool,
    pub quality: &'a [QualityFlag],
    /// A published instrument (a validated bank): its title and citation,
    /// named instead of the "our own items" note.
    pub instrument: Option<(&'a str, &'a str)>,
    /// The bank has neither paragraphs nor both anxiety and avoidance, so no
    /// style was ever possible (not a matter of missing answers).
    pub no_style_measured: bool,
}

/// The result document for one respondent, with its explanation written
/// from the scores (see [`ResultDoc::assemble`]).
pub fn assemble(
    bank: &crate::bank::Bank,
    answers: &crate::answers::AnswerSet,
    scores: Scores,
    completed_at: Option<String>,
) -> ResultDoc {
    let style = scores.style.as_ref();
    let explanation = explanation(&Context {
        style: style.map(|s| s.id),
        borderline_with: style.map_or(&[], |s| s.borderline_with.as_slice()),
        validated: bank.validated,
        measures_disorganization: bank.dimension(crate::bank::DISORGANIZATION).is_some(),
        quality: &scores.quality,
        instrument: bank.validated.then(|| {
            (
                bank.title.as_str(),
                bank.citation.as_deref().unwrap_or("citation not given"),
            )
        }),
        no_style_measured: !bank.is_prototype_bank()
            && (bank.dimension(crate::bank::ANXIETY).is_none()
                || bank.dimension(crate::bank::AVOIDANCE).is_none()),
    });
    ResultDoc::assemble(bank, answers, scores, completed_at, explanation)
}

/// The full explanation of a result, as plain text paragraphs.
pub fn explanation(cx: &Context<'_>) -> Explanation {
    let t = texts();
    let mut s = String::new();
    let id = match cx.style {
        Some(style) => {
            let st = t.style(style);
            let _ = writeln!(s, "{}\n\n{}\n", st.name, st.summary);
            let _ = writeln!(s, "In close relationships: {}\n", st.in_relationships);
            let _ = writeln!(s, "Strengths: {}\n", st.strengths);
            let _ = writeln!(s, "Growing towards security: {}\n", st.growth);
            let _ = writeln!(s, "What can help:");
            for h in &st.what_helps {
                let _ = writeln!(s, "  - {h}");
            }
            s.push('\n');
            if !cx.borderline_with.is_empty() {
                let names: Vec<&str> = cx
                    .borderline_with
                    .iter()
                    .map(|b| t.style(*b).name.as_str())
                    .collect();
                let _ = writeln!(
                    s,
                    "Borderline: your result sits close to the {} pattern too. {}\n",
                    names.join(" and "),
                    t.topics.borderline
                );
            }
            if style == StyleId::Fearful && !cx.measures_disorganization {
                let _ = writeln!(s, "{}\n", t.topics.fearful_vs_disorganized);
            }
            style.id().to_string()
        }
        None if cx.no_style_measured => {
            let _ = writeln!(s, "{}\n", t.topics.no_style_measured);
            "none".to_string()
        }
        None => {
            let _ = writeln!(
                s,
                "No style can be given: too many answers are missing to score both dimensions.\n"
            );
            "none".to_string()
        }
    };
    if !cx.quality.is_empty() {
        let _ = writeln!(s, "{}\n", t.topics.quality);
    }
    let _ = writeln!(s, "{}\n", t.topics.dimensions_first);
    let _ = writeln!(s, "{}\n", t.topics.change);
    if let Some((title, citation)) = cx.instrument {
        let note = t
            .topics
            .published_instrument
            .replace("{title}", title)
            .replace("{citation}", citation);
        let _ = writeln!(s, "{note}\n");
    } else if !cx.validated {
        let _ = writeln!(s, "{}\n", t.topics.not_validated);
    }
    let _ = writeln!(s, "{}\n", t.topics.self_report);
    let _ = write!(s, "{}", t.topics.not_a_diagnosis);
    Explanation { id, text: s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style_has_text() {
        for id in [
            StyleId::Secure,
            StyleId::Anxious,
            StyleId::Avoidant,
            StyleId::Fearful,
            StyleId::Disorganized,
            StyleId::Mixed,
        ] {
            let st = texts().style(id);
            assert!(
                !st.summary.is_empty() && !st.what_helps.is_empty(),
                "{id:?}"
            );
        }
        for d in ["anxiety", "avoidance", "disorganization"] {
            assert!(texts().dimensions.contains_key(d), "{d}");
        }
    }

    #[test]
    fn fearful_without_disorganization_items_explains_the_difference() {
        let e = explanation(&Context {
            style: Some(StyleId::Fearful),
            ..Context::default()
        });
        assert_eq!(e.id, "fearful");
        assert!(e.text.contains(&texts().topics.fearful_vs_disorganized));
        assert!(e.text.contains(&texts().topics.not_a_diagnosis));
        let e = explanation(&Context {
            style: Some(StyleId::Fearful),
            measures_disorganization: true,
            ..Context::default()
        });
        assert!(!e.text.contains(&texts().topics.fearful_vs_disorganized));
    }

    #[test]
    fn borderline_names_the_neighbour() {
        let e = explanation(&Context {
            style: Some(StyleId::Secure),
            borderline_with: &[StyleId::Anxious],
            ..Context::default()
        });
        assert!(
            e.text
                .contains("close to the Anxious (preoccupied) pattern"),
            "{}",
            e.text
        );
    }
}
