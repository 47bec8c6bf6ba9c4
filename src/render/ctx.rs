//! What a renderer knows about where its text goes, as a value: the width
//! to lay out for and whether the output can show Unicode. `app::config`
//! reads the environment once and hands one of these down; renderers never
//! ask the terminal themselves, so every layout is testable at any width.

use anstyle::Style;

use super::glyphs;

pub const BOLD: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();

/// The widest paragraph, whatever the terminal: longer lines are hard to read.
pub const MAX_TEXT_WIDTH: usize = 100;
/// The width used when nothing says otherwise (a file, a pipe, an unsized pty).
pub const DEFAULT_WIDTH: usize = 80;
/// Narrower than this is treated as unknown (an unsized pty reports 0).
pub const MIN_WIDTH: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderCtx {
    /// Columns to lay out for.
    pub width: usize,
    /// The output can show Unicode; otherwise text goes through [`glyphs::to_ascii`].
    pub utf8: bool,
}

impl Default for RenderCtx {
    fn default() -> Self {
        RenderCtx {
            width: DEFAULT_WIDTH,
            utf8: true,
        }
    }
}

impl RenderCtx {
    /// A context for `width` columns (a width under [`MIN_WIDTH`] counts as unknown).
    pub fn new(width: Option<usize>, utf8: bool) -> Self {
        RenderCtx {
            width: width.filter(|w| *w >= MIN_WIDTH).unwrap_or(DEFAULT_WIDTH),
            utf8,
        }
    }

    /// The width for running text: the layout width, at most [`MAX_TEXT_WIDTH`].
    pub fn text_width(&self) -> usize {
        self.width.min(MAX_TEXT_WIDTH)
    }

    /// A comfy-table in the house style, laid out for this width. Box
    /// drawing only where the output can show it.
    pub fn table(&self) -> comfy_table::Table {
        let mut t = comfy_table::Table::new();
        t.load_style(if self.utf8 {
            comfy_table::presets::UTF8_FULL_CONDENSED
        } else {
            comfy_table::presets::ASCII_FULL_CONDENSED
        })
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_width(u16::try_from(self.width).unwrap_or(u16::MAX));
        t
    }

    /// Keeps the given columns of a filled table whole: ids people copy
    /// and numbers must never be split across lines, so other columns wrap
    /// first. Call after the rows are added.
    pub fn keep_whole(table: &mut comfy_table::Table, columns: &[usize]) {
        use comfy_table::{ColumnConstraint, Width};
        let widths = table.column_max_content_widths();
        for &c in columns {
            if let (Some(&w), Some(col)) = (widths.get(c), table.column_mut(c)) {
                // The constraint counts the cell padding (one space each side).
                col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(w + 2)));
            }
        }
    }

    /// Wraps running text to [`RenderCtx::text_width`], keeping paragraphs,
    /// indentation and `- ` list items (continuation lines indented under
    /// the item). textwrap measures display width, so wide characters wrap
    /// where they should.
    pub fn wrap(&self, text: &str) -> String {
        let width = self.text_width();
        text.split('\n')
            .map(|line| {
                let indent: String = line.chars().take_while(|c| *c == ' ').collect();
                let bullet = if line.trim_start().starts_with("- ") {
                    "  "
                } else {
                    ""
                };
                let rest = format!("{indent}{bullet}");
                let opts = textwrap::Options::new(width)
                    .word_splitter(textwrap::WordSplitter::NoHyphenation)
                    .initial_indent(&indent)
                    .subsequent_indent(&rest);
                textwrap::fill(line.trim_start(), opts)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Text ready for this output: unchanged where Unicode shows, else in ASCII.
    pub fn finish<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        if self.utf8 {
            std::borrow::Cow::Borrowed(text)
        } else {
            glyphs::to_ascii(text)
        }
    }
}

/// A signed number with 2 decimals that never reads `-0.00`: a value
/// that rounds to zero is `0.00`.
pub fn signed2(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 {
        "0.00".into()
    } else {
        format!("{r:+.2}")
    }
}

/// Wraps the running-text lines of `s` that are wider than the context
/// (a line of `Field:   value` indented under its value, a `- ` item
/// under its text), leaving lines that fit and table lines (laid out for
/// the width already) as they are.
pub fn wrap_long_lines(ctx: &RenderCtx, s: &str) -> String {
    let mut out = String::new();
    for line in s.lines() {
        let table = line.starts_with(['┌', '│', '╞', '├', '└', '+', '|']);
        if console::measure_text_width(line) <= ctx.width || table {
            out.push_str(line);
        } else {
            let lead = line.chars().take_while(|c| *c == ' ').count();
            let rest = &line[lead..];
            let indent = if rest.starts_with("- ") {
                lead + 2
            } else {
                line.find(":  ").filter(|i| *i < 16).map_or(lead, |i| {
                    i + 1 + line[i + 1..].chars().take_while(|c| *c == ' ').count()
                })
            };
            let pad = " ".repeat(indent);
            let opts = textwrap::Options::new(ctx.width)
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .subsequent_indent(&pad);
            out.push_str(&textwrap::fill(line, opts));
        }
        out.push('\n');
    }
    if !s.ends_with('\n') {
        out.pop();
    }
    out
}

/// `text` in `style` (stripped again by anstream where colour is off).
pub fn styled(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_negative_zero() {
        assert_eq!(signed2(-0.001), "0.00");
        assert_eq!(signed2(-0.004_9), "0.00");
        assert_eq!(signed2(-0.005_1), "-0.01");
        assert_eq!(signed2(0.56), "+0.56");
        assert_eq!(signed2(-2.0), "-2.00");
    }

    #[test]
    fn long_lines_wrap_under_their_field() {
        let ctx = RenderCtx::new(Some(24), true);
        let s = "Notes:        one two three four five\n  - alpha beta gamma delta epsilon\n│ x │ y │ z │ w │ v │ u │\nshort";
        assert_eq!(
            wrap_long_lines(&ctx, s),
            "Notes:        one two\n              three four\n              five\n  - alpha beta gamma\n    delta epsilon\n│ x │ y │ z │ w │ v │ u │\nshort"
        );
    }
}
