//! The educational texts (`questionnaires/explanations.en.json`) and how a
//! result's explanation is put together from them. The texts are data so
//! they can be reviewed and translated without touching code; every
//! section names its sources, which the data file lists once by key.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::bank::DISORGANIZATION;
use crate::scoring::result::{Decision, Explanation, Level, ResultDoc, Scores, Section, StyleId};
use crate::text::words;

const EXPLANATIONS: &str = include_str!("../../questionnaires/explanations.en.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub language: String,
    /// Citations by key.
    pub sources: BTreeMap<String, String>,
    pub styles: BTreeMap<String, StyleText>,
    /// What can help, by key: each a sentence or two with its sources.
    pub helps: BTreeMap<String, Passage>,
    /// Helps for a result that names no single style.
    pub general_helps: Vec<String>,
    /// Section titles the code puts together.
    pub titles: Titles,
    pub dimensions: BTreeMap<String, DimensionText>,
    pub topics: BTreeMap<String, Topic>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Titles {
    pub in_relationships: String,
    pub strengths: String,
    pub helps: String,
    pub four_patterns: String,
}

/// A paragraph with its sources (keys into [`Texts::sources`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Passage {
    #[serde(default)]
    pub title: Option<String>,
    pub text: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleText {
    pub name: String,
    pub summary: Passage,
    pub in_relationships: Passage,
    pub strengths: Passage,
    pub shifts: Passage,
    /// Keys into [`Texts::helps`].
    pub helps: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionText {
    pub name: String,
    pub text: Passage,
    pub low: String,
    pub high: String,
    pub at_cutoff: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub title: String,
    pub paragraphs: Vec<String>,
    pub sources: Vec<String>,
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

    pub fn topic(&self, id: &str) -> &Topic {
        &self.topics[id]
    }

    /// Full citations for source keys (an unknown key is a build defect,
    /// caught by a test).
    pub fn cite(&self, keys: &[String]) -> Vec<String> {
        keys.iter()
            .filter_map(|k| self.sources.get(k).cloned())
            .collect()
    }

    /// A topic as a section of an explanation.
    pub fn topic_section(&self, id: &str) -> Section {
        let t = self.topic(id);
        Section {
            id: id.to_string(),
            title: Some(t.title.clone()),
            paragraphs: t.paragraphs.clone(),
            list: Vec::new(),
            sources: self.cite(&t.sources),
        }
    }

    /// One passage as a section.
    fn passage_section(&self, id: String, title: Option<&str>, p: &Passage) -> Section {
        Section {
            id,
            title: p.title.as_deref().or(title).map(String::from),
            paragraphs: vec![p.text.clone()],
            list: Vec::new(),
            sources: self.cite(&p.sources),
        }
    }

    /// "What can help": the given help keys, each once, in order.
    pub fn helps_section<'k>(&self, keys: impl IntoIterator<Item = &'k String>) -> Section {
        let mut seen: Vec<&str> = Vec::new();
        let mut list = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        for k in keys {
            if seen.contains(&k.as_str()) {
                continue;
            }
            seen.push(k);
            let h = &self.helps[k];
            list.push(h.text.clone());
            for s in self.cite(&h.sources) {
                if !sources.contains(&s) {
                    sources.push(s);
                }
            }
        }
        Section {
            id: "helps".into(),
            title: Some(self.titles.helps.clone()),
            paragraphs: Vec::new(),
            list,
            sources,
        }
    }

    /// The sections describing one style in full: summary (titled with
    /// its name), in relationships, strengths, what can shift, what can
    /// help. Written for anyone, with or without a result.
    pub fn style_sections(&self, id: StyleId) -> Vec<Section> {
        let st = self.style(id);
        let key = |part: &str| format!("style.{}.{part}", id.id());
        vec![
            self.passage_section(key("summary"), Some(&st.name), &st.summary),
            self.passage_section(
                key("in-relationships"),
                Some(&self.titles.in_relationships),
                &st.in_relationships,
            ),
            self.passage_section(
                key("strengths"),
                Some(&self.titles.strengths),
                &st.strengths,
            ),
            self.passage_section(key("shifts"), None, &st.shifts),
            self.helps_section(&st.helps),
        ]
    }

    /// A dimension's description as a section, with the level sentence
    /// when a score has one.
    pub fn dimension_section(
        &self,
        id: &str,
        level: Option<Level>,
        close: bool,
    ) -> Option<Section> {
        let d = self.dimensions.get(id)?;
        let mut s = self.passage_section(format!("dimension.{id}"), Some(&d.name), &d.text);
        let sentence = match (level, close) {
            (Some(Level::AtCutoff), _) | (Some(_), true) => Some(&d.at_cutoff),
            (Some(Level::High), false) => Some(&d.high),
            (Some(Level::Low), false) => Some(&d.low),
            (None, _) => None,
        };
        s.paragraphs.extend(sentence.cloned());
        Some(s)
    }
}

/// The result document for one respondent, with its explanation written
/// from the scores (see [`ResultDoc::assemble`]).
pub fn assemble(
    bank: &crate::bank::Bank,
    answers: &crate::answers::AnswerSet,
    scores: Scores,
    completed_at: Option<String>,
) -> ResultDoc {
    let placeholder = Explanation {
        id: String::new(),
        sections: Vec::new(),
    };
    let mut scored = ResultDoc::assemble(bank, answers, scores, completed_at, placeholder);
    scored.explanation = explanation(&scored);
    scored
}

/// Whether the result's questionnaire could never name a style: neither
/// paragraphs nor both anxiety and avoidance (e.g. the RAAS).
pub fn no_style_measured(r: &ResultDoc) -> bool {
    let has = |id: &str| r.dimensions.iter().any(|d| d.id == id);
    r.prototype.is_none() && !(has(crate::bank::ANXIETY) && has(crate::bank::AVOIDANCE))
}

/// The sections that say what the style is: the headline's own text.
fn style_part(r: &ResultDoc, t: &Texts, out: &mut Vec<Section>) {
    let decision = r.prototype.as_ref().map(|p| p.decision);
    let style = r.style.as_ref();
    let candidates = style.map_or(&[][..], |s| s.candidates.as_slice());
    match (style.and_then(|s| s.id), decision) {
        (_, Some(Decision::Incomplete)) => out.push(t.topic_section("incomplete")),
        (_, Some(Decision::NoneFitsWell)) => {
            out.push(t.topic_section("none-fits-well"));
            out.push(t.helps_section(&t.general_helps));
        }
        (Some(id), d) => {
            out.extend(t.style_sections(id));
            if d == Some(Decision::ForcedChoiceOnly) {
                out.push(t.topic_section("forced-choice-only"));
            }
        }
        (None, _) if candidates.is_empty() && no_style_measured(r) => {
            out.push(t.topic_section("no-style-measured"));
        }
        (None, _) if candidates.is_empty() => out.push(t.topic_section("no-score")),
        (None, _) => {
            // Several styles fit: each one's summary, then what can help
            // any of them (all four: the general helps only).
            if candidates.len() < 4 {
                for id in candidates {
                    let st = t.style(*id);
                    out.push(t.passage_section(
                        format!("style.{}.summary", id.id()),
                        Some(&st.name),
                        &st.summary,
                    ));
                }
                let keys = candidates.iter().flat_map(|id| &t.style(*id).helps);
                out.push(t.helps_section(keys));
            } else {
                out.push(t.helps_section(&t.general_helps));
            }
        }
    }
}

/// The explanation of a result: what the headline says, the caveats that
/// apply to it, and the general notes every result carries. Built from the
/// result document alone, so an old result can be given today's texts.
pub fn explanation(r: &ResultDoc) -> Explanation {
    let t = texts();
    let (id, headline) = words::result_headline(r);
    let mut sections = Vec::new();
    if !r.quality.is_empty() {
        sections.push(t.topic_section("quality"));
    }
    sections.push(Section {
        id: "headline".into(),
        title: Some(headline),
        paragraphs: words::headline_note(r.style.as_ref(), r.prototype.as_ref())
            .into_iter()
            .collect(),
        list: Vec::new(),
        sources: Vec::new(),
    });
    style_part(r, t, &mut sections);
    let paragraph_bank = r.prototype.is_some();
    if paragraph_bank {
        sections.push(t.topic_section("paragraph-ratings"));
    }
    // "Close to the cutoff" is about the quadrants: anxiety and avoidance.
    let likert = |d: &&crate::scoring::result::DimensionScore| {
        d.id == crate::bank::ANXIETY || d.id == crate::bank::AVOIDANCE
    };
    if r.dimensions
        .iter()
        .filter(likert)
        .any(crate::scoring::result::DimensionScore::is_close)
    {
        sections.push(t.topic_section("close-to-cutoff"));
    }
    if let Some(d) = r.dimensions.iter().find(|d| d.id == DISORGANIZATION) {
        sections.extend(t.dimension_section(DISORGANIZATION, d.level, d.is_close()));
        sections.push(t.topic_section("disorganization"));
    }
    if r.style
        .as_ref()
        .is_some_and(|s| s.candidates.contains(&StyleId::Fearful))
    {
        sections.push(t.topic_section("fearful-and-disorganization"));
    }
    sections.push(t.topic_section("parents-and-carers"));
    if !paragraph_bank && !no_style_measured(r) {
        sections.push(t.topic_section("dimensions-first"));
    }
    if r.dimensions
        .iter()
        .any(|d| d.reference_assumed == Some(true))
    {
        sections.push(t.topic_section("approximate"));
    }
    sections.push(t.topic_section("change"));
    if r.bank.validated {
        // A published instrument: named, with its citation, instead of
        // the note on securebase's own items.
        let mut s = t.topic_section("published-instrument");
        let citation = r.bank.citation.as_deref().unwrap_or("citation not given");
        for p in &mut s.paragraphs {
            *p = p
                .replace("{title}", &r.bank.title)
                .replace("{citation}", citation);
        }
        sections.push(s);
    } else {
        sections.push(t.topic_section("not-validated"));
    }
    sections.push(t.topic_section("self-report"));
    sections.push(t.topic_section("not-a-diagnosis"));
    Explanation { id, sections }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style_has_text_and_every_source_resolves() {
        let t = texts();
        for id in StyleId::ALL {
            let st = t.style(id);
            assert!(
                !st.summary.text.is_empty() && !st.helps.is_empty(),
                "{id:?}"
            );
            for h in &st.helps {
                assert!(t.helps.contains_key(h), "{id:?}: help {h}");
            }
        }
        for d in ["anxiety", "avoidance", "disorganization"] {
            assert!(t.dimensions.contains_key(d), "{d}");
        }
        let mut keys: Vec<&String> = Vec::new();
        for st in t.styles.values() {
            for p in [&st.summary, &st.in_relationships, &st.strengths, &st.shifts] {
                keys.extend(&p.sources);
            }
        }
        keys.extend(t.helps.values().flat_map(|h| &h.sources));
        keys.extend(t.dimensions.values().flat_map(|d| &d.text.sources));
        keys.extend(t.topics.values().flat_map(|p| &p.sources));
        for k in &keys {
            assert!(t.sources.contains_key(*k), "unknown source {k}");
        }
        for k in t.sources.keys() {
            assert!(keys.contains(&k), "source {k} is never cited");
        }
    }
}
