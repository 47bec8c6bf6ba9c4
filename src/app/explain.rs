//! `securebase explain [TOPIC]`: the styles and dimensions in plain words.

use std::fmt::Write as _;

use anyhow::Result;

use crate::app::config::Config;
use crate::error::Error;
use crate::render::ctx::{styled, BOLD};
use crate::scoring::result::StyleId;
use crate::text::explain::texts;
use crate::ui::term::print;

const STYLES: [StyleId; 5] = [
    StyleId::Secure,
    StyleId::Anxious,
    StyleId::Avoidant,
    StyleId::Fearful,
    StyleId::Disorganized,
];

fn style_id(topic: &str) -> Option<StyleId> {
    match topic {
        "secure" => Some(StyleId::Secure),
        "anxious" | "preoccupied" => Some(StyleId::Anxious),
        "avoidant" | "dismissing" => Some(StyleId::Avoidant),
        "fearful" | "fearful-avoidant" => Some(StyleId::Fearful),
        "disorganized" | "disorganised" => Some(StyleId::Disorganized),
        "mixed" => Some(StyleId::Mixed),
        _ => None,
    }
}

/// The topics `explain` accepts, for help and error messages.
pub const TOPICS: &str = "secure, anxious, avoidant, fearful, disorganized, mixed, anxiety, avoidance, disorganization, borderline, self-report, change";

fn style_text(id: StyleId) -> String {
    let st = texts().style(id);
    let mut s = String::new();
    let _ = writeln!(s, "{}\n", styled(BOLD, &st.name));
    let _ = writeln!(s, "{}\n", st.summary);
    let _ = writeln!(s, "In close relationships: {}\n", st.in_relationships);
    let _ = writeln!(s, "Strengths: {}\n", st.strengths);
    let _ = writeln!(s, "Growing towards security: {}\n", st.growth);
    let _ = writeln!(s, "What can help:");
    for h in &st.what_helps {
        let _ = writeln!(s, "- {h}");
    }
    s
}

pub fn run(cfg: &Config, topic: Option<&str>) -> Result<()> {
    let t = texts();
    let mut s = String::new();
    match topic.map(str::to_ascii_lowercase).as_deref() {
        None => {
            let _ = writeln!(s, "{}\n", styled(BOLD, "Two dimensions"));
            for d in ["anxiety", "avoidance"] {
                let dt = &t.dimensions[d];
                let _ = writeln!(s, "{}: {}\n", dt.name, dt.text);
            }
            let _ = writeln!(s, "{}\n", t.topics.dimensions_first);
            let _ = writeln!(s, "{}\n", styled(BOLD, "Four patterns"));
            for id in STYLES {
                let st = t.style(id);
                let _ = writeln!(s, "{}: {}\n", st.name, st.summary);
            }
            let _ = writeln!(s, "{}\n", t.topics.fearful_vs_disorganized);
            let _ = writeln!(s, "{}\n", t.topics.change);
            let _ = writeln!(s, "{}\n", t.topics.self_report);
            let _ = writeln!(s, "{}\n", t.topics.not_a_diagnosis);
            let _ = writeln!(s, "More on one topic: securebase explain <{TOPICS}>");
        }
        Some(topic) => {
            if let Some(id) = style_id(topic) {
                s.push_str(&style_text(id));
                if id == StyleId::Fearful || id == StyleId::Disorganized {
                    let _ = writeln!(s, "\n{}", t.topics.fearful_vs_disorganized);
                }
            } else if let Some(dt) = t.dimensions.get(topic) {
                let _ = writeln!(
                    s,
                    "{}\n\n{}\n\nLower scores: {}\n\nHigher scores: {}",
                    styled(BOLD, &dt.name),
                    dt.text,
                    dt.low,
                    dt.high
                );
            } else {
                let text = match topic {
                    "borderline" => &t.topics.borderline,
                    "self-report" => &t.topics.self_report,
                    "change" => &t.topics.change,
                    "quality" => &t.topics.quality,
                    "diagnosis" | "not-a-diagnosis" => &t.topics.not_a_diagnosis,
                    _ => {
                        return Err(Error::Usage(format!(
                            "no explanation for `{topic}`; topics: {TOPICS}"
                        ))
                        .into());
                    }
                };
                let _ = writeln!(s, "{text}");
            }
            let _ = writeln!(s, "\n{}", t.topics.not_a_diagnosis);
        }
    }
    let ctx = cfg.stdout_ctx();
    print(&ctx, &format!("{}\n", ctx.wrap(s.trim_end())))?;
    Ok(())
}
