//! Tables that fit the width they are given. Ids people type and numbers
//! are never split across lines; other columns wrap between words. When
//! even that does not fit, columns that matter least are dropped, in the
//! order the caller gives; when nothing else helps, each row becomes a
//! small block of `header: value` lines, which fits any width.

use comfy_table::Cell;

use super::RenderCtx;

/// One column of a fitted table.
#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    /// Ids and numbers: kept whole, never wrapped.
    pub whole: bool,
    /// Dropped when the table does not fit: the lowest rank first; `None`
    /// for a column that must stay.
    pub drop: Option<u8>,
}

impl Column {
    pub fn whole(header: &str) -> Self {
        Column {
            header: header.into(),
            whole: true,
            drop: None,
        }
    }

    pub fn wraps(header: &str) -> Self {
        Column {
            header: header.into(),
            whole: false,
            drop: None,
        }
    }

    /// This column may be left out (rank: lower goes first).
    #[must_use]
    pub fn droppable(mut self, rank: u8) -> Self {
        self.drop = Some(rank);
        self
    }
}

fn width(s: &str) -> usize {
    s.lines()
        .map(console::measure_text_width)
        .max()
        .unwrap_or(0)
}

/// The narrowest a column can be: whole columns their widest cell; others
/// their longest word (at most 16, so one long word does not hold the
/// table hostage).
fn min_width(col: &Column, cells: impl Iterator<Item = String>) -> usize {
    let all: Vec<String> = std::iter::once(col.header.clone()).chain(cells).collect();
    if col.whole {
        all.iter().map(|c| width(c)).max().unwrap_or(0)
    } else {
        all.iter()
            .flat_map(|c| {
                c.split_whitespace()
                    .map(console::measure_text_width)
                    .collect::<Vec<_>>()
            })
            .max()
            .unwrap_or(0)
            .min(16)
    }
}

/// `rows` under `columns`, laid out for `ctx.width`.
pub fn table(ctx: &RenderCtx, columns: &[Column], rows: &[Vec<String>]) -> String {
    let mut keep: Vec<usize> = (0..columns.len()).collect();
    let need = |keep: &[usize]| -> usize {
        1 + keep
            .iter()
            .map(|&c| min_width(&columns[c], rows.iter().map(|r| r[c].clone())) + 3)
            .sum::<usize>()
    };
    let mut ranks: Vec<(u8, usize)> = columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.drop.map(|r| (r, i)))
        .collect();
    ranks.sort_unstable();
    let mut ranks = ranks.into_iter();
    while need(&keep) > ctx.width {
        match ranks.next() {
            Some((_, i)) => keep.retain(|c| *c != i),
            None => return records(ctx, columns, rows),
        }
    }
    let mut t = ctx.table();
    t.set_header(keep.iter().map(|&c| columns[c].header.clone()));
    for r in rows {
        t.add_row(keep.iter().map(|&c| Cell::new(&r[c])));
    }
    let whole: Vec<usize> = keep
        .iter()
        .enumerate()
        .filter(|(_, &c)| columns[c].whole)
        .map(|(i, _)| i)
        .collect();
    RenderCtx::keep_whole(&mut t, &whole);
    // Flexible columns wrap between words, never inside one that fits.
    for (i, &c) in keep.iter().enumerate() {
        if !columns[c].whole {
            let w = min_width(&columns[c], rows.iter().map(|r| r[c].clone()));
            if let Some(col) = t.column_mut(i) {
                col.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                    comfy_table::Width::Fixed(u16::try_from(w + 2).unwrap_or(u16::MAX)),
                ));
            }
        }
    }
    t.to_string()
}

/// Each row as a block: the first column as its heading, then one
/// `header: value` line per other column, wrapped under itself.
fn records(ctx: &RenderCtx, columns: &[Column], rows: &[Vec<String>]) -> String {
    let mut out = Vec::new();
    for r in rows {
        out.push(r[0].replace('\n', " "));
        for (c, col) in columns.iter().enumerate().skip(1) {
            let value = r[c].replace('\n', "; ");
            let opts = textwrap::Options::new(ctx.width.max(20))
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .initial_indent("  ")
                .subsequent_indent("    ");
            out.push(textwrap::fill(&format!("{}: {value}", col.header), opts));
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> Vec<Column> {
        vec![
            Column::whole("id"),
            Column::wraps("title"),
            Column::whole("count"),
            Column::whole("origin").droppable(0),
        ]
    }

    fn rows() -> Vec<Vec<String>> {
        vec![
            vec![
                "sb-relationships".into(),
                "a long title that wraps between its words".into(),
                "36".into(),
                "built-in".into(),
            ],
            vec!["x".into(), "short".into(), "1".into(), "user".into()],
        ]
    }

    #[test]
    fn fits_every_width_keeping_ids_whole() {
        for w in [30, 40, 50, 60, 80, 120] {
            let ctx = RenderCtx::new(Some(w), true);
            let s = table(&ctx, &cols(), &rows());
            for l in s.lines() {
                assert!(console::measure_text_width(l) <= w, "{w}: {l:?}\n{s}");
            }
            assert!(s.contains("sb-relationships"), "{w}:\n{s}");
            assert!(s.contains("wraps"), "{w}: no word split:\n{s}");
        }
        // Wide: every column; narrower: `origin` goes first.
        let wide = table(&RenderCtx::new(Some(120), true), &cols(), &rows());
        assert!(wide.contains("origin"));
        let narrow = table(&RenderCtx::new(Some(45), true), &cols(), &rows());
        assert!(
            !narrow.contains("origin") && narrow.contains('┆'),
            "{narrow}"
        );
        // Narrowest: one block a row.
        let tiny = table(&RenderCtx::new(Some(30), true), &cols(), &rows());
        assert!(
            tiny.starts_with("sb-relationships\n  title: a long title"),
            "{tiny}"
        );
    }
}
