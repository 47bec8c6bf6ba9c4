//! Words for response-quality flags: ids and figures in, English out, from
//! `questionnaires/flags.en.json`. The core decides; this only describes.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::scoring::result::{QualityFlag, ResultDoc};

const FLAGS: &str = include_str!("../../questionnaires/flags.en.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagTexts {
    pub language: String,
    pub careless: Careless,
    /// Heading above the list of flags.
    pub heading: String,
    /// Said where nothing was flagged.
    pub none: String,
    pub flags: BTreeMap<String, FlagText>,
}

/// What a result flagged as likely careless says first.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Careless {
    pub headline: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagText {
    pub title: String,
    /// With `{figure}` placeholders, filled from the flag's figures.
    pub text: String,
    /// Without figures: used when a figure is absent (a result saved in
    /// format 1 carries none).
    pub brief: String,
    pub source: String,
}

/// The texts, parsed once (embedded and checked by a test).
pub fn texts() -> &'static FlagTexts {
    static TEXTS: OnceLock<FlagTexts> = OnceLock::new();
    TEXTS.get_or_init(|| serde_json::from_str(FLAGS).expect("flags.en.json is valid"))
}

/// One flag in words. `label` turns a dimension id into its label.
pub fn describe(flag: &QualityFlag, label: &dyn Fn(&str) -> String) -> String {
    let Some(t) = texts().flags.get(&flag.id) else {
        return flag.id.clone();
    };
    fill(&t.text, flag, label).unwrap_or_else(|| t.brief.clone())
}

/// A flag's short title (its id when the texts do not know it).
pub fn title(id: &str) -> &str {
    texts().flags.get(id).map_or(id, |t| t.title.as_str())
}

/// Every flag of a result in words, in its order, with dimension labels
/// taken from the result.
pub fn describe_all(r: &ResultDoc) -> Vec<String> {
    let label = |id: &str| {
        r.dimensions
            .iter()
            .find(|d| d.id == id)
            .map_or_else(|| id.to_string(), |d| d.label.clone())
    };
    r.quality.iter().map(|q| describe(q, &label)).collect()
}

/// The sources behind a result's flags, each once, in flag order.
pub fn sources(r: &ResultDoc) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for q in &r.quality {
        if let Some(t) = texts().flags.get(&q.id) {
            if !out.contains(&t.source.as_str()) {
                out.push(t.source.as_str());
            }
        }
    }
    out
}

/// The headline and paragraph a result flagged as likely careless opens
/// with (before any style name); `None` for other results.
pub fn careless_notice(r: &ResultDoc) -> Option<(&'static str, &'static str)> {
    crate::scoring::quality::likely_careless(&r.quality).then(|| {
        (
            texts().careless.headline.as_str(),
            texts().careless.text.as_str(),
        )
    })
}

/// `{name}` placeholders filled from the figures (`{dimensions}` from the
/// flag's dimensions); `None` when one is missing.
fn fill(template: &str, flag: &QualityFlag, label: &dyn Fn(&str) -> String) -> Option<String> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}')? + open;
        let name = &rest[open + 1..close];
        if name == "dimensions" {
            if flag.dimensions.is_empty() {
                return None;
            }
            let labels: Vec<String> = flag.dimensions.iter().map(|d| label(d)).collect();
            out.push_str(&list(&labels));
        } else {
            out.push_str(&number(*flag.figures.get(name)?));
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Whole numbers as integers, others with two decimals; a minus sign as
/// U+2212 reads better in prose.
fn number(x: f64) -> String {
    let s = if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    };
    s.replace('-', "\u{2212}")
}

/// "a", "a and b", "a, b and c".
fn list(names: &[String]) -> String {
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::quality::IDS;

    fn flag(id: &str, figures: &[(&str, f64)]) -> QualityFlag {
        QualityFlag {
            id: id.into(),
            figures: figures.iter().map(|(k, v)| ((*k).into(), *v)).collect(),
            dimensions: Vec::new(),
            careless: true,
        }
    }

    fn upper(id: &str) -> String {
        id.to_uppercase()
    }

    #[test]
    fn every_core_id_has_words_and_a_source() {
        assert_eq!(texts().language, "en");
        for id in IDS {
            let t = texts().flags.get(id).unwrap_or_else(|| panic!("{id}"));
            assert!(!t.title.is_empty() && !t.brief.is_empty() && !t.source.is_empty());
            assert!(!t.brief.contains('{'), "{id}");
        }
    }

    #[test]
    fn figures_fill_the_placeholders() {
        let f = flag("long-string", &[("run", 9.0), ("threshold", 8.0)]);
        assert_eq!(
            describe(&f, &upper),
            "9 answers in a row were the same (this is flagged from 8). That can happen for \
             good reasons, but it often means attention drifted for a while."
        );
        let f = flag(
            "even-odd",
            &[("r", -0.5), ("threshold", -0.4), ("subscales", 8.0)],
        );
        assert!(describe(&f, &upper).contains("(correlation \u{2212}0.50; flagged at \u{2212}0.40"));
    }

    #[test]
    fn a_missing_figure_falls_back_to_the_brief_text() {
        let f = flag("long-string", &[("run", 9.0)]);
        assert_eq!(describe(&f, &upper), "Many answers in a row were the same.");
        // A format-1 id is still described; an unknown id is shown as itself.
        assert_eq!(
            describe(&flag("keyed-disagreement", &[]), &upper),
            "Statements worded in opposite directions got answers that point different ways."
        );
        assert_eq!(describe(&flag("new-thing", &[]), &upper), "new-thing");
    }

    #[test]
    fn dimensions_are_listed_by_label() {
        let mut f = flag("too-many-missing", &[]);
        f.dimensions = vec!["anxiety".into(), "avoidance".into()];
        assert_eq!(
            describe(&f, &upper),
            "Too many statements were skipped to give a score for ANXIETY and AVOIDANCE."
        );
    }
}
