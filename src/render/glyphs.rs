//! The one glyph table. Renderers draw with Unicode (box drawing, arrows,
//! dashes, typographic quotes); where the locale cannot show it (or with
//! `--ascii`) the output edge passes the text through [`to_ascii`], so a
//! `LC_ALL=C` terminal never receives a byte it would print as garbage.
//! A character missing here is a bug the layout tests catch (they render
//! every output in ASCII and look for anything above 0x7F).

use std::borrow::Cow;

/// The ASCII stand-in for a character, or `None` when it is ASCII already
/// or has no stand-in (it is then replaced by `?`).
#[allow(clippy::match_same_arms)] // grouped by kind of glyph, not by stand-in
fn ascii_for(c: char) -> Option<&'static str> {
    Some(match c {
        // Box drawing: lines, corners, tees, the dotted cutoff lines.
        '─' | '━' | '═' => "-",
        '│' | '┃' | '║' => "|",
        '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┬' | '┴' | '┼' | '╞' | '╡' | '╪' | '╭' | '╮' | '╰'
        | '╯' => "+",
        '┄' | '┈' | '╌' => ".",
        '┆' | '┊' | '╎' => ":",
        // Marks.
        '●' | '•' | '∙' => "*",
        '·' => "-",
        '↑' => "^",
        '↓' => "v",
        '→' => "->",
        '←' => "<-",
        '√' => "sqrt",
        '×' => "x",
        '±' => "+/-",
        '≤' => "<=",
        '≥' => ">=",
        '≈' => "~",
        // Dashes, minus, quotes, ellipsis, spaces.
        '–' | '‐' | '‑' | '−' => "-",
        '—' => "--",
        '‘' | '’' | '′' => "'",
        '“' | '”' | '″' => "\"",
        '…' => "...",
        '\u{a0}' | '\u{2009}' | '\u{202f}' => " ",
        // Progress bar and sparkline levels.
        '█' | '▇' => "#",
        '▆' | '▅' => "=",
        '▄' | '▃' => "-",
        '▂' | '▁' => "_",
        '░' => ".",
        _ => return None,
    })
}

/// `text` in plain ASCII: every glyph of the table replaced by its
/// stand-in, anything else outside ASCII by `?`. Borrowed when nothing
/// needs replacing (the common case in a UTF-8 build of the texts).
pub fn to_ascii(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(ascii_for(c).unwrap_or("?"));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_and_glyphs_are_replaced() {
        assert!(matches!(to_ascii("4.00 - 5.00"), Cow::Borrowed(_)));
        assert_eq!(
            to_ascii("┌─┬┐ 4.61–5.79 → “x” …"),
            "+-++ 4.61-5.79 -> \"x\" ..."
        );
        assert_eq!(to_ascii("▁▅ █"), "_= #");
        assert_eq!(to_ascii("漢"), "?");
    }
}
