//! `securebase explain [TOPIC]`: the styles and dimensions in plain words,
//! written to make sense without a result, each part with its sources.

use std::fmt::Write as _;

use anyhow::Result;

use crate::app::config::Config;
use crate::error::Error;
use crate::render::ctx::{styled, BOLD};
use crate::render::display::sections_text;
use crate::scoring::result::{Section, StyleId};
use crate::text::explain::{texts, Texts};
use crate::ui::term::print;

fn style_id(topic: &str) -> Option<StyleId> {
    match topic {
        "secure" => Some(StyleId::Secure),
        "anxious" | "preoccupied" => Some(StyleId::Anxious),
        "avoidant" | "dismissing" => Some(StyleId::Avoidant),
        "fearful" | "fearful-avoidant" => Some(StyleId::Fearful),
        _ => None,
    }
}

/// The topics `explain` accepts, for help and error messages.
pub const TOPICS: &str = "secure, anxious, avoidant, fearful, anxiety, avoidance, disorganization, close-to-cutoff, paragraphs, parents, reliable-change, self-report, change, quality, diagnosis";

/// A dimension's text with what lower and higher scores suggest.
fn dimension(t: &Texts, id: &str) -> Vec<Section> {
    let mut s = t
        .dimension_section(id, None, false)
        .into_iter()
        .collect::<Vec<_>>();
    if let (Some(sec), Some(d)) = (s.first_mut(), t.dimensions.get(id)) {
        sec.list = vec![d.low.clone(), d.high.clone()];
    }
    s
}

/// The overview: two dimensions, four patterns, and the notes that apply
/// to any result.
fn overview(t: &Texts) -> Vec<Section> {
    let mut out = dimension(t, "anxiety");
    out.extend(dimension(t, "avoidance"));
    out.push(t.topic_section("dimensions-first"));
    out.push(Section {
        id: "four-patterns".into(),
        title: Some(t.titles.four_patterns.clone()),
        paragraphs: StyleId::ALL
            .iter()
            .map(|id| {
                let st = t.style(*id);
                format!("{}: {}", st.name, st.summary.text)
            })
            .collect(),
        list: Vec::new(),
        sources: t.cite(
            &StyleId::ALL
                .iter()
                .flat_map(|id| t.style(*id).summary.sources.clone())
                .fold(Vec::new(), |mut v, k| {
                    if !v.contains(&k) {
                        v.push(k);
                    }
                    v
                }),
        ),
    });
    for topic in [
        "fearful-and-disorganization",
        "close-to-cutoff",
        "change",
        "self-report",
        "not-a-diagnosis",
    ] {
        out.push(t.topic_section(topic));
    }
    out
}

/// The sections of one topic, or `None` for an unknown one.
fn topic(t: &Texts, topic: &str) -> Option<Vec<Section>> {
    if let Some(id) = style_id(topic) {
        let mut s = t.style_sections(id);
        if id == StyleId::Fearful {
            s.push(t.topic_section("fearful-and-disorganization"));
        }
        return Some(s);
    }
    let key = match topic {
        "anxiety" | "avoidance" => return Some(dimension(t, topic)),
        "disorganization" | "disorganized" | "disorganised" => {
            let mut s = dimension(t, "disorganization");
            s.push(t.topic_section("disorganization"));
            s.push(t.topic_section("fearful-and-disorganization"));
            return Some(s);
        }
        "close-to-cutoff" | "cutoff" | "borderline" => "close-to-cutoff",
        "paragraphs" | "paragraph-ratings" => "paragraph-ratings",
        "parents" | "parents-and-carers" | "carers" => "parents-and-carers",
        "reliable-change" | "compare" => "reliable-change",
        "self-report" => "self-report",
        "change" => "change",
        "quality" => "quality",
        "dimensions" => "dimensions-first",
        "diagnosis" | "not-a-diagnosis" => return Some(vec![t.topic_section("not-a-diagnosis")]),
        _ => return None,
    };
    Some(vec![t.topic_section(key)])
}

pub fn run(cfg: &Config, name: Option<&str>) -> Result<()> {
    let t = texts();
    let mut sections = match name.map(str::to_ascii_lowercase).as_deref() {
        None => overview(t),
        Some(name) => topic(t, name).ok_or_else(|| {
            Error::Usage(format!("no explanation for `{name}`; topics: {TOPICS}"))
        })?,
    };
    if name.is_some() && sections.last().is_none_or(|s| s.id != "not-a-diagnosis") {
        sections.push(t.topic_section("not-a-diagnosis"));
    }
    let mut s = sections_text(&sections, |title| styled(BOLD, title), true);
    if name.is_none() {
        let _ = write!(s, "\n\nMore on one topic: securebase explain <{TOPICS}>");
    }
    let ctx = cfg.stdout_ctx();
    print(&ctx, &format!("{}\n", ctx.wrap(&s)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_topic_has_text() {
        for name in TOPICS.split(", ") {
            assert!(topic(texts(), name).is_some(), "{name}");
        }
    }
}
