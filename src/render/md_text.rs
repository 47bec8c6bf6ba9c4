//! Text from a result, made inert for Markdown. A result file is hostile
//! input, and GitHub-flavoured renderers act on more than CommonMark:
//! a bare `https://…`, `www.…` or `name@host` becomes a live link, and a
//! line break inside a field could start a heading, a rule, a quote or a
//! table row of its own. Every field is therefore one line of plain text:
//! line breaks become spaces, anything that looks like a link is shown in
//! a code span (never linked), inline markup characters are escaped, and
//! a field cannot open a block (a leading `-`, `+`, `=` or `1.` is
//! escaped; leading spaces, which could make a code block, are dropped).

/// Characters that break a line for some renderer.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// A word a GitHub-flavoured renderer could turn into a link.
fn looks_like_link(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    w.contains("://")
        || w.contains("www.")
        || w.contains('@')
        || w.contains("mailto:")
        || w.contains("xmpp:")
}

/// A code span holding `word` exactly (fenced with more backticks than it
/// holds in a row); `|` is escaped, as a table cell needs even there.
fn code_span(word: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in word.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if word.starts_with('`') || word.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", word.replace('|', "\\|"))
}

fn escape_word(word: &str, out: &mut String) {
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // Only where it could start an entity: a plain `&` reads as one.
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("&amp;");
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// One field of a result as inert Markdown text, on one line.
pub fn md(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| if is_line_break(c) { ' ' } else { c })
        .collect();
    let flat = flat.trim_start();
    let mut out = String::with_capacity(flat.len() + 8);
    for (i, word) in flat.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if looks_like_link(word) {
            out.push_str(&code_span(word));
        } else {
            escape_word(word, &mut out);
        }
    }
    // A list item (`- `, `+ `, `1. `, `1) `), a thematic break (`---`) or
    // a setext underline (`===`) at the start; `1.0.0` or `-3` stay as
    // they are.
    let b = out.as_bytes();
    let ends_marker = |i: usize| matches!(b.get(i), None | Some(b' '));
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if b.first() == Some(&b'=')
        || (matches!(b.first(), Some(b'-' | b'+')) && (ends_marker(1) || b.starts_with(b"--")))
    {
        out.insert(0, '\\');
    } else if digits > 0 && matches!(b.get(digits), Some(b'.' | b')')) && ends_marker(digits + 1) {
        out.insert(digits, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::md;

    #[test]
    fn links_become_code_and_structure_stays_on_one_line() {
        assert_eq!(
            md("see https://x.example/a|b now"),
            "see `https://x.example/a\\|b` now"
        );
        assert_eq!(md("www.x.example"), "`www.x.example`");
        assert_eq!(md("me@x.example"), "`me@x.example`");
        assert_eq!(md("a`b`://c"), "``a`b`://c``");
        assert_eq!(
            md("x\n# Heading\n---\n| a | b |"),
            "x \\# Heading --- \\| a \\| b \\|"
        );
        assert_eq!(md("---"), "\\---");
        assert_eq!(md("    code"), "code");
        assert_eq!(md("1. one"), "1\\. one");
        assert_eq!(md("12) twelve"), "12\\) twelve");
        assert_eq!(md("Anxious (preoccupied)"), "Anxious (preoccupied)");
        assert_eq!(md("1.0.0"), "1.0.0");
        assert_eq!(md("-3 and +2"), "-3 and +2");
        assert_eq!(md("- item"), "\\- item");
        assert_eq!(md("1."), "1\\.");
        assert_eq!(md("<b>&"), "&lt;b&gt;&");
        assert_eq!(md("&amp; & x"), "&amp;amp; & x");
    }
}
