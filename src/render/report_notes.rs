//! The response-quality part of the HTML and Markdown reports, placed
//! right after the scores it qualifies, each flag in words (its id is for
//! programs).

use std::fmt::Write as _;

use super::html::{escape, md};
use crate::scoring::result::ResultDoc;
use crate::text::flags::flag_name;

/// The HTML section.
pub fn quality_html(scored: &ResultDoc) -> String {
    let mut s = String::from("<section class=\"keep\">\n<h2>Response quality</h2>\n");
    if scored.quality.is_empty() {
        s.push_str("<p>No response-quality concerns were flagged.</p>\n");
    } else {
        s.push_str("<ul>\n");
        for q in &scored.quality {
            let _ = writeln!(
                s,
                "<li><strong>{}</strong>: {}</li>",
                escape(flag_name(&q.id)),
                escape(&q.message)
            );
        }
        s.push_str("</ul>\n");
    }
    s.push_str("</section>\n");
    s
}

/// The Markdown section.
pub fn quality_md(scored: &ResultDoc) -> String {
    let mut s = String::from("\n## Response quality\n\n");
    if scored.quality.is_empty() {
        s.push_str("No response-quality concerns were flagged.\n");
    } else {
        for q in &scored.quality {
            let _ = writeln!(s, "- **{}**: {}", md(flag_name(&q.id)), md(&q.message));
        }
    }
    s
}
