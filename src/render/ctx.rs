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

/// `text` in `style` (stripped again by anstream where colour is off).
pub fn styled(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}
