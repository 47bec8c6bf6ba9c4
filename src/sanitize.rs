//! One terminal sanitizer for every string that came from outside (a bank,
//! an answer file, a result, a progress file, a file name) and is about to
//! be shown on a terminal, after fd's `src/sanitize.rs`.
//!
//! A terminal obeys what it is sent: ESC and the C1 controls start escape
//! sequences that can set the window title, write the clipboard (OSC 52),
//! plant a link (OSC 8) or move the cursor; a carriage return lets later text
//! overwrite a line (forging output); bidirectional overrides make text
//! display in an order other than the one it has (Trojan Source); invisible
//! characters hide text. Each of these is shown visibly instead (`\x1b`,
//! `\u{202e}`), so a person sees that the file holds it. Every other
//! character, legitimate Unicode included (accents, scripts, emoji with
//! their joiners), is kept as it is.
//!
//! It lives in the foundation so every layer can use it; nothing here knows
//! about terminals beyond which characters they act on.

use std::fmt::Write as _;

/// Whether `c` must not reach a terminal as it is: C0 controls, DEL, C1
/// controls, bidirectional controls, invisible separators and tag
/// characters. Line breaks count as unsafe here: see [`text`] for
/// messages of several lines.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi(c) || is_invisible(c)
}

/// Bidirectional formatting characters: embeddings and overrides
/// (U+202A–U+202E), isolates (U+2066–U+2069), and the marks (U+200E,
/// U+200F, U+061C).
pub fn is_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Characters that show nothing but can hide or split text: the zero-width
/// space, the word joiner and the invisible operators (U+2060–U+2064), the
/// byte order mark, the line and paragraph separators (which some terminals
/// and editors break lines on), the interlinear annotation marks and the
/// tag characters (U+E0000–U+E007F, used to smuggle text). The zero-width
/// joiner and non-joiner are kept: scripts and emoji need them.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// One field from outside (an id, a key, a value): every unsafe character,
/// line breaks included, is shown as an escape.
pub fn field(s: &str) -> String {
    escape(s, false)
}

/// A message of several lines that may quote things from outside: like
/// [`field`], but `\n` is kept as a line break (a `\r` is still shown, so
/// nothing can overwrite a line already printed).
pub fn text(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, keep_newlines: bool) -> String {
    if !s.chars().any(is_unsafe) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\n' && keep_newlines {
            out.push('\n');
        } else if is_unsafe(c) {
            let n = c as u32;
            if n < 0x80 {
                let _ = write!(out, "\\x{n:02x}");
            } else {
                let _ = write!(out, "\\u{{{n:x}}}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// JSON text with every C1 control, bidirectional control and invisible
/// character written as a `\uXXXX` escape. Lossless: these characters can
/// only stand inside JSON strings, where the escape means the same
/// character, so the document parses to the same value; but a terminal
/// shown the document sees no raw U+009B (CSI) or U+202E. (serde_json
/// already escapes the C0 controls.)
pub fn json(s: &str) -> String {
    if !s.chars().any(|c| c >= '\u{80}' && is_unsafe(c)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if c >= '\u{80}' && is_unsafe(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{u:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// [`json`] on a buffer of JSON text, in place. The common case (no byte
/// that can start one of those characters) costs one scan.
pub fn json_bytes(buf: &mut Vec<u8>) {
    // Lead bytes of U+0080–U+009F (C2), U+061C (D8), U+200B–U+206F (E2),
    // U+FEFF and U+FFF9–U+FFFB (EF), U+E0000–U+E007F (F3).
    if !buf
        .iter()
        .any(|b| matches!(b, 0xC2 | 0xD8 | 0xE2 | 0xEF | 0xF3))
    {
        return;
    }
    if let Ok(s) = std::str::from_utf8(buf) {
        let safe = json(s);
        buf.clear();
        buf.extend_from_slice(safe.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nothing that starts or steers an escape sequence survives.
    fn inert(s: &str) {
        assert!(!s.chars().any(is_unsafe), "{s:?}");
    }

    #[test]
    fn osc_52_clipboard_write_is_shown_not_sent() {
        let attack = "p1\u{1b}]52;c;cHduZWQ=\u{7}";
        let out = field(attack);
        inert(&out);
        assert_eq!(out, "p1\\x1b]52;c;cHduZWQ=\\x07");
    }

    #[test]
    fn osc_8_link_is_shown_not_sent() {
        let attack = "\u{1b}]8;;https://example.invalid\u{1b}\\click\u{1b}]8;;\u{1b}\\";
        let out = field(attack);
        inert(&out);
        assert_eq!(
            out,
            "\\x1b]8;;https://example.invalid\\x1b\\click\\x1b]8;;\\x1b\\"
        );
    }

    #[test]
    fn title_change_is_shown_not_sent() {
        assert_eq!(field("\u{1b}]0;PWNED\u{7}"), "\\x1b]0;PWNED\\x07");
    }

    #[test]
    fn carriage_return_cannot_overwrite_a_line() {
        let forged = "p1\rrespondent p2: all fine";
        assert_eq!(field(forged), "p1\\x0drespondent p2: all fine");
        // Not in messages either, where newlines are kept.
        assert_eq!(text("a\r\nb"), "a\\x0d\nb");
        assert_eq!(field("a\nb"), "a\\x0ab");
    }

    #[test]
    fn c1_csi_is_shown_not_sent() {
        let out = field("x\u{9b}31mred\u{9b}0m");
        inert(&out);
        assert_eq!(out, "x\\u{9b}31mred\\u{9b}0m");
        assert_eq!(field("\u{85}\u{7f}"), "\\u{85}\\x7f");
    }

    #[test]
    fn bidi_overrides_and_isolates_are_shown() {
        // Trojan Source: the override makes "fed" display as "def".
        let out = field("abc\u{202e}fed\u{202c}");
        inert(&out);
        assert_eq!(out, "abc\\u{202e}fed\\u{202c}");
        for c in [
            '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200f}', '\u{61c}',
        ] {
            inert(&field(&c.to_string()));
        }
    }

    #[test]
    fn invisible_and_tag_characters_are_shown() {
        assert_eq!(field("a\u{200b}b"), "a\\u{200b}b");
        assert_eq!(field("\u{e0041}\u{e0042}"), "\\u{e0041}\\u{e0042}");
        assert_eq!(field("\u{feff}x"), "\\u{feff}x");
        assert_eq!(field("l\u{2028}m"), "l\\u{2028}m");
    }

    #[test]
    fn legitimate_unicode_is_kept() {
        for s in [
            "Zoë Ødegård",
            "日本語のテキスト",
            "مرحبا",
            "שלום",
            "👩‍👩‍👧 family",
            "می‌خواهم",
            "tab\tless? no",
        ] {
            let expect = s.replace('\t', "\\x09");
            assert_eq!(field(s), expect);
        }
    }

    #[test]
    fn json_escapes_are_lossless() {
        let v = serde_json::json!({ "respondent": "a\u{9b}b\u{202e}c\u{1b}d\u{e0041}" });
        let raw = serde_json::to_string(&v).unwrap();
        let safe = json(&raw);
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), v);
        assert!(
            safe.contains("\\u009b") && safe.contains("\\udb40\\udc41"),
            "{safe}"
        );
    }
}
