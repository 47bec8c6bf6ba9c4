//! The plane as a grid of character cells: its size for a width and a
//! scale, where the cutoffs and the point fall, and what is drawn in it
//! (cutoff lines, whiskers, the point, the quadrant names).

use super::{cell, fmt_tick, nice, quadrant_name, Glyphs, Shape, MAX_COLS};
use crate::scoring::result::DimensionScore;

/// Something drawn over the cutoff lines: row, column, glyph.
type Mark = (usize, usize, char);

/// The plot area for one width and scale. Computed once, so the grid, the
/// frame and the ticks all place things by the same cells.
pub(super) struct Plane {
    pub lo: f64,
    pub hi: f64,
    /// Cells across and down.
    pub cols: usize,
    pub rows: usize,
    /// Columns left of the frame: the widest y tick and a space.
    pub margin: usize,
    /// The y ticks: maximum, anxiety cutoff, minimum (top to bottom).
    pub ticks_y: [String; 3],
    /// The cutoff lines: the avoidance cutoff's column, the anxiety
    /// cutoff's row (rows counted from the top).
    pub cx: usize,
    pub cy: usize,
    /// The point's column and row.
    px: usize,
    py: usize,
}

impl Plane {
    /// Sizes the plane for `width` columns (whole cells a scale point where
    /// it can, see [`nice`]; at most `shape.max_rows` rows) and places the
    /// cutoffs and the point `(x, y)` = (avoidance, anxiety).
    pub fn new(
        anxiety: &DimensionScore,
        avoidance: &DimensionScore,
        (x, y): (f64, f64),
        scale: (i64, i64),
        width: usize,
        shape: Shape,
    ) -> Plane {
        let (lo, hi) = (scale.0 as f64, scale.1 as f64);
        let span = (scale.1 - scale.0).max(1) as usize;
        let ticks_y = [fmt_tick(hi), fmt_tick(anxiety.cutoff), fmt_tick(lo)];
        let margin = ticks_y.iter().map(String::len).max().unwrap_or(1) + 1;
        let cols = nice(width.saturating_sub(margin + 2).min(MAX_COLS), span);
        let mut rows = nice(((cols - 1) / 4 + 1).max(5), span);
        if let Some(max) = shape.max_rows {
            if rows > max {
                rows = nice(max, span);
            }
        }
        let mut p = Plane {
            lo,
            hi,
            cols,
            rows,
            margin,
            ticks_y,
            cx: 0,
            cy: 0,
            px: 0,
            py: 0,
        };
        (p.cx, p.cy) = (p.col(avoidance.cutoff), p.row(anxiety.cutoff));
        (p.px, p.py) = (p.col(x), p.row(y));
        p
    }

    /// The column of a value on the x axis.
    fn col(&self, v: f64) -> usize {
        cell(v, self.lo, self.hi, self.cols)
    }

    /// The row of a value on the y axis, counted from the top.
    fn row(&self, v: f64) -> usize {
        self.rows - 1 - cell(v, self.lo, self.hi, self.rows)
    }

    /// The spaces left of the frame.
    pub fn pad(&self) -> String {
        " ".repeat(self.margin)
    }

    /// The cells inside the frame: the cutoff lines, then the whiskers and
    /// the point over them, then the quadrant names where they are free.
    pub fn grid(
        &self,
        anxiety: &DimensionScore,
        avoidance: &DimensionScore,
        g: &Glyphs,
    ) -> Vec<Vec<char>> {
        let mut grid = self.cutoff_lines(g);
        let marks = self.marks(anxiety, avoidance, g);
        for &(r, c, ch) in &marks {
            grid[r][c] = ch;
        }
        for (top, left) in [(true, true), (true, false), (false, true), (false, false)] {
            self.name_quadrant(&mut grid, &marks, top, left);
        }
        grid
    }

    /// An empty plane with the two dotted cutoff lines and their crossing.
    fn cutoff_lines(&self, g: &Glyphs) -> Vec<Vec<char>> {
        let mut grid = vec![vec![' '; self.cols]; self.rows];
        for (r, line) in grid.iter_mut().enumerate() {
            for (c, ch) in line.iter_mut().enumerate() {
                *ch = match (r == self.cy, c == self.cx) {
                    (true, true) => g.cut_cross,
                    (true, false) => g.cut_h,
                    (false, true) => g.cut_v,
                    (false, false) => ' ',
                };
            }
        }
        grid
    }

    /// The whiskers (95% intervals, where the result has them) and the
    /// point last, so it is drawn over them. They are drawn over the lines,
    /// and the quadrant names keep out of their way.
    fn marks(&self, anxiety: &DimensionScore, avoidance: &DimensionScore, g: &Glyphs) -> Vec<Mark> {
        let mut marks: Vec<Mark> = Vec::new();
        if let Some([a, b]) = avoidance.interval {
            let (l, r) = (self.col(a), self.col(b));
            if l < r {
                for c in l..=r {
                    let ch = if c == l {
                        g.cap_l
                    } else if c == r {
                        g.cap_r
                    } else {
                        g.wh_h
                    };
                    marks.push((self.py, c, ch));
                }
            }
        }
        if let Some([a, b]) = anxiety.interval {
            let (t, bot) = (self.row(b), self.row(a));
            if t < bot {
                for r in t..=bot {
                    let ch = if r == t {
                        g.cap_t
                    } else if r == bot {
                        g.cap_b
                    } else {
                        g.wh_v
                    };
                    marks.push((r, self.px, ch));
                }
            }
        }
        marks.push((self.py, self.px, g.point));
        marks
    }

    /// Writes a quadrant's name in its outer corner, moved inwards when a
    /// mark is in the way: the longest name that fits, outermost row first,
    /// outer corner first; where no spot is free, the shortest name in the
    /// outermost spot, its letters skipping the marks.
    fn name_quadrant(&self, grid: &mut [Vec<char>], marks: &[Mark], top: bool, left: bool) {
        let (long, short) = quadrant_name(top, !left);
        // Columns available: one cell of air from the frame and the line.
        let (c_from, c_to) = if left {
            (1, self.cx.saturating_sub(1))
        } else {
            (self.cx + 2, self.cols - 1)
        };
        if c_to <= c_from {
            return;
        }
        let candidates: Vec<usize> = if top {
            (0..self.cy).collect()
        } else {
            (self.cy + 1..self.rows).rev().collect()
        };
        let Some(&first) = candidates.first() else {
            return;
        };
        let names = names_that_fit(long, short, c_to - c_from);
        let starts = |len: usize| -> Vec<usize> {
            let last = c_to - len;
            if left {
                (c_from..=last).collect()
            } else {
                (c_from..=last).rev().collect()
            }
        };
        let spot = names.iter().find_map(|n| {
            candidates.iter().find_map(|&r| {
                starts(n.len())
                    .into_iter()
                    .find(|&c| free(marks, r, c.saturating_sub(1), n.len() + 2))
                    .map(|c| (r, c, n))
            })
        });
        let (r, start, name) = spot.unwrap_or_else(|| {
            let n = names.last().expect("one name");
            (first, starts(n.len())[0], n)
        });
        for (i, ch) in name.iter().enumerate() {
            if free(marks, r, start + i, 1) {
                grid[r][start + i] = *ch;
            }
        }
    }
}

/// The quadrant's names that fit in `room` cells, long first; the short
/// name cut to the room when neither fits.
fn names_that_fit(long: &str, short: &str, room: usize) -> Vec<Vec<char>> {
    let mut names: Vec<Vec<char>> = vec![long.chars().collect(), short.chars().collect()];
    names.retain(|n| n.len() <= room);
    if names.is_empty() {
        names.push(short.chars().take(room).collect());
    }
    names
}

/// No mark in row `r` from column `c0` for `len` cells.
fn free(marks: &[Mark], r: usize, c0: usize, len: usize) -> bool {
    !marks
        .iter()
        .any(|&(mr, mc, _)| mr == r && mc >= c0 && mc < c0 + len)
}
