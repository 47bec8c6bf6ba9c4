//! The anxiety × avoidance plane drawn in the terminal.
//!
//! Geometry (shared with the SVG of the HTML report): avoidance runs along
//! x (left = scale minimum, right = maximum), anxiety along y (bottom =
//! minimum, top = maximum). The dotted lines are the cutoffs; the four
//! quadrants are Secure (bottom left), Anxious (top left), Avoidant (bottom
//! right) and Fearful-avoidant (top right). The person is the point; where
//! the result has 95% intervals they are drawn as whiskers through it (cut
//! at the ends of the scale), so a whisker that crosses a cutoff line
//! shows a result close to the cutoff.
//!
//! Grid mapping: the plot area has `cols` × `rows` character cells. A score
//! `v` on a scale `[min, max]` goes to column
//! `round((v − min) / (max − min) × (cols − 1))` (0 = left) and to the row
//! counted up from the bottom by the same formula with `rows`; values
//! outside the scale are clamped to its ends. The cutoff lines are placed
//! by the same formula, so a point exactly on a cutoff is drawn on the
//! cutoff line (and a point within half a cell of it is too: the legend
//! gives the exact numbers).

use std::fmt::Write as _;

use super::RenderCtx;
use crate::render::display;
use crate::scoring::classify;
use crate::scoring::result::{DimensionScore, Level, ResultDoc};

/// Nothing wider is drawn, whatever the terminal.
pub const MAX_WIDTH: usize = 80;
/// Below this many columns the plot becomes one line of text.
pub const MIN_WIDTH: usize = 30;
/// The widest plot area, in cells (10 cells a scale point on a 1–7 scale).
const MAX_COLS: usize = 61;

/// The plot for a result, when it has both an anxiety and an avoidance
/// score (`None` otherwise, e.g. a paragraph bank or too many missing).
/// `bank_scale` is the bank's response scale (min, max).
pub fn plot_for(scored: &ResultDoc, bank_scale: (i64, i64), ctx: &RenderCtx) -> Option<String> {
    let dim = |id: &str| {
        scored
            .dimensions
            .iter()
            .find(|d| d.id == id && d.score.is_some())
    };
    Some(quadrant(
        dim("anxiety")?,
        dim("avoidance")?,
        bank_scale,
        ctx,
    ))
}

/// The name of a quadrant, long (for the plot) and short (when space is tight).
pub fn quadrant_name(high_anxiety: bool, high_avoidance: bool) -> (&'static str, &'static str) {
    match (high_anxiety, high_avoidance) {
        (false, false) => ("Secure", "Secure"),
        (true, false) => ("Anxious", "Anxious"),
        (false, true) => ("Avoidant", "Avoidant"),
        (true, true) => ("Fearful-avoidant", "Fearful"),
    }
}

/// Maps `v` on `[lo, hi]` to a cell in `0..n`: `round((v − lo)/(hi − lo)·(n − 1))`, clamped.
pub fn cell(v: f64, lo: f64, hi: f64, n: usize) -> usize {
    if n <= 1 || hi <= lo {
        return 0;
    }
    let t = ((v - lo) / (hi - lo)).clamp(0.0, 1.0);
    ((t * (n - 1) as f64).round() as usize).min(n - 1)
}

/// A sparkline of values on `[lo, hi]`, one block character each (eight
/// levels); a missing value is a space. In ASCII the levels become `_-=#`.
pub fn sparkline(values: &[Option<f64>], lo: f64, hi: f64) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|v| match v {
            Some(v) => BLOCKS[cell(*v, lo, hi, BLOCKS.len())],
            None => ' ',
        })
        .collect()
}

/// A number for an axis: `4`, `3.5`, `4.25`.
pub fn fmt_tick(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

struct Glyphs {
    h: char,
    v: char,
    tl: char,
    tr: char,
    bl: char,
    br: char,
    tee_down: char,
    tee_up: char,
    tee_right: char,
    tee_left: char,
    cut_h: char,
    cut_v: char,
    cut_cross: char,
    wh_h: char,
    wh_v: char,
    cap_l: char,
    cap_r: char,
    cap_t: char,
    cap_b: char,
    point: char,
    up: &'static str,
    right: &'static str,
    dash: &'static str,
}

/// Drawn in Unicode; [`RenderCtx::finish`] turns it into ASCII where the
/// output cannot show it (the one glyph table, `render::glyphs`).
const GLYPHS: Glyphs = Glyphs {
    h: '─',
    v: '│',
    tl: '┌',
    tr: '┐',
    bl: '└',
    br: '┘',
    tee_down: '┬',
    tee_up: '┴',
    tee_right: '├',
    tee_left: '┤',
    cut_h: '┄',
    cut_v: '┆',
    cut_cross: '┼',
    wh_h: '─',
    wh_v: '│',
    cap_l: '├',
    cap_r: '┤',
    cap_t: '┬',
    cap_b: '┴',
    point: '●',
    up: "↑",
    right: "→",
    dash: "–",
};

/// A dimension's level (from the result, else from the score).
fn level_of(d: &DimensionScore, score: f64) -> Level {
    d.level.unwrap_or_else(|| classify::level(score, d.cutoff))
}

/// At the cutoff, or the interval contains it.
fn is_close(d: &DimensionScore) -> bool {
    d.close_to_cutoff.unwrap_or_else(|| {
        d.interval
            .is_some_and(|[lo, hi]| lo <= d.cutoff && d.cutoff <= hi)
    })
}

/// The legend's name for where the point is: its quadrant (long and
/// short), or "on a cutoff line" when a score sits exactly on its cutoff.
fn place_name(la: Level, lv: Level) -> (&'static str, &'static str) {
    if la == Level::AtCutoff || lv == Level::AtCutoff {
        ("on a cutoff line", "on a cutoff")
    } else {
        match quadrant_name(la == Level::High, lv == Level::High).0 {
            "Secure" => ("Secure quadrant", "Secure quadrant"),
            "Anxious" => ("Anxious quadrant", "Anxious quadrant"),
            "Avoidant" => ("Avoidant quadrant", "Avoidant quadrant"),
            _ => ("Fearful-avoidant quadrant", "Fearful quadrant"),
        }
    }
}

/// Draws the plane for one person, for the context's width and glyphs.
/// Dimensions without a score give a one-line note instead of a plot.
pub fn quadrant(
    anxiety: &DimensionScore,
    avoidance: &DimensionScore,
    scale: (i64, i64),
    ctx: &RenderCtx,
) -> String {
    ctx.finish(&draw(anxiety, avoidance, scale, ctx, Shape::FULL))
        .into_owned()
}

/// How much of the plot to draw: the full plot has a legend with the exact
/// numbers; the compact one (for the result screen of `take`, which shows
/// the numbers above it) has none, at most `max_rows` rows of plane, and
/// the axis name on the tick line.
#[derive(Debug, Clone, Copy)]
struct Shape {
    max_rows: Option<usize>,
    legend: bool,
}

impl Shape {
    const FULL: Shape = Shape {
        max_rows: None,
        legend: true,
    };
}

/// The fewest rows of plane the compact plot is drawn with.
pub const COMPACT_MIN_ROWS: usize = 5;
/// Lines of the compact plot besides the rows of plane: the two borders
/// (the top one carrying the anxiety axis name) and the ticks (with the
/// avoidance axis name).
pub const COMPACT_EXTRA_LINES: usize = 3;

/// The plane in at most `max_rows` + [`COMPACT_EXTRA_LINES`] lines, without
/// a legend; `None` when the width or height is too small for a plane.
pub fn quadrant_compact(
    anxiety: &DimensionScore,
    avoidance: &DimensionScore,
    scale: (i64, i64),
    ctx: &RenderCtx,
    max_rows: usize,
) -> Option<String> {
    if max_rows < COMPACT_MIN_ROWS
        || ctx.width.min(MAX_WIDTH) < MIN_WIDTH
        || anxiety.score.is_none()
        || avoidance.score.is_none()
    {
        return None;
    }
    let shape = Shape {
        max_rows: Some(max_rows),
        legend: false,
    };
    Some(
        ctx.finish(&draw(anxiety, avoidance, scale, ctx, shape))
            .into_owned(),
    )
}

fn draw(
    anxiety: &DimensionScore,
    avoidance: &DimensionScore,
    scale: (i64, i64),
    ctx: &RenderCtx,
    shape: Shape,
) -> String {
    let g = &GLYPHS;
    let (Some(y), Some(x)) = (anxiety.score, avoidance.score) else {
        let missing = if anxiety.score.is_none() {
            anxiety
        } else {
            avoidance
        };
        return format!("(no plot: {} has no score)\n", missing.label);
    };
    let (la, lv) = (level_of(anxiety, y), level_of(avoidance, x));
    let (qname, qshort) = place_name(la, lv);
    // "On a cutoff line" already says it; otherwise say when it is close.
    let on_a_cut = la == Level::AtCutoff || lv == Level::AtCutoff;
    let close = !on_a_cut && (is_close(anxiety) || is_close(avoidance));
    let width = ctx.width.min(MAX_WIDTH);
    if width < MIN_WIDTH {
        let bare = qshort.trim_end_matches(" quadrant");
        return one_line((anxiety, y), (avoidance, x), scale, bare, close, g);
    }

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

    let col = |v: f64| cell(v, lo, hi, cols);
    // Row index from the top.
    let row = |v: f64| rows - 1 - cell(v, lo, hi, rows);
    let (cx, cy) = (col(avoidance.cutoff), row(anxiety.cutoff));
    let (px, py) = (col(x), row(y));

    let mut grid = vec![vec![' '; cols]; rows];
    for (r, line) in grid.iter_mut().enumerate() {
        for (c, ch) in line.iter_mut().enumerate() {
            *ch = match (r == cy, c == cx) {
                (true, true) => g.cut_cross,
                (true, false) => g.cut_h,
                (false, true) => g.cut_v,
                (false, false) => ' ',
            };
        }
    }
    // Marks: whiskers and the point. They are drawn over the lines, and the
    // quadrant names keep out of their way.
    let mut marks: Vec<(usize, usize, char)> = Vec::new();
    if let Some([a, b]) = avoidance.interval {
        let (l, r) = (col(a), col(b));
        if l < r {
            for c in l..=r {
                let ch = if c == l {
                    g.cap_l
                } else if c == r {
                    g.cap_r
                } else {
                    g.wh_h
                };
                marks.push((py, c, ch));
            }
        }
    }
    if let Some([a, b]) = anxiety.interval {
        let (t, bot) = (row(b), row(a));
        if t < bot {
            for r in t..=bot {
                let ch = if r == t {
                    g.cap_t
                } else if r == bot {
                    g.cap_b
                } else {
                    g.wh_v
                };
                marks.push((r, px, ch));
            }
        }
    }
    marks.push((py, px, g.point));
    for &(r, c, ch) in &marks {
        grid[r][c] = ch;
    }
    let free = |r: usize, c0: usize, len: usize| {
        !marks
            .iter()
            .any(|&(mr, mc, _)| mr == r && mc >= c0 && mc < c0 + len)
    };
    // Quadrant names in the outer corners, moved inwards when a mark is in the way.
    for (top, left) in [(true, true), (true, false), (false, true), (false, false)] {
        let (long, short) = quadrant_name(top, !left);
        // Columns available: one cell of air from the frame and the line.
        let (c_from, c_to) = if left {
            (1, cx.saturating_sub(1))
        } else {
            (cx + 2, cols - 1)
        };
        if c_to <= c_from {
            continue;
        }
        let room = c_to - c_from;
        let candidates: Vec<usize> = if top {
            (0..cy).collect()
        } else {
            (cy + 1..rows).rev().collect()
        };
        let Some(&first) = candidates.first() else {
            continue;
        };
        // Longest name that fits, outermost row first, outer corner first.
        let mut names: Vec<Vec<char>> = vec![long.chars().collect(), short.chars().collect()];
        names.retain(|n| n.len() <= room);
        if names.is_empty() {
            names.push(short.chars().take(room).collect());
        }
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
                    .find(|&c| free(r, c.saturating_sub(1), n.len() + 2))
                    .map(|c| (r, c, n))
            })
        });
        let (r, start, name) = spot.unwrap_or_else(|| {
            let n = names.last().expect("one name");
            (first, starts(n.len())[0], n)
        });
        for (i, ch) in name.iter().enumerate() {
            if free(r, start + i, 1) {
                grid[r][start + i] = *ch;
            }
        }
    }

    let pad = " ".repeat(margin);
    let mut s = String::new();
    let ylabel = format!(" Anxiety {} ", g.up);
    if shape.legend {
        let _ = writeln!(s, "{pad}{}", ylabel.trim());
    }
    let border = |l: char, tee: char, r: char| -> String {
        let mut b = String::new();
        b.push(l);
        for c in 0..cols {
            b.push(if c == cx { tee } else { g.h });
        }
        b.push(r);
        b
    };
    let mut top = border(g.tl, g.tee_down, g.tr);
    if !shape.legend {
        // Compact: the axis name in the top border, left of the cutoff.
        let shown = ctx.finish(&ylabel);
        let n = shown.chars().count();
        if cx > n + 2 {
            top = std::iter::once(g.tl)
                .chain(shown.chars())
                .chain(top.chars().skip(n + 1))
                .collect();
        }
    }
    let _ = writeln!(s, "{pad}{top}");
    for (r, line) in grid.iter().enumerate() {
        let label = if r == 0 {
            ticks_y[0].as_str()
        } else if r == cy {
            ticks_y[1].as_str()
        } else if r == rows - 1 {
            ticks_y[2].as_str()
        } else {
            ""
        };
        let (l, rt) = if r == cy {
            (g.tee_right, g.tee_left)
        } else {
            (g.v, g.v)
        };
        let body: String = line.iter().collect();
        let _ = writeln!(s, "{label:>w$} {l}{body}{rt}", w = margin - 1);
    }
    let _ = writeln!(s, "{pad}{}", border(g.bl, g.tee_up, g.br));
    // x ticks under the frame: minimum, cutoff, maximum at their columns.
    let mut ticks = vec![' '; cols + 2];
    let mut place = |center: usize, text: &str, align: i8| {
        let n = text.chars().count();
        let start = match align {
            -1 => center,
            1 => (center + 1).saturating_sub(n),
            _ => center.saturating_sub(n / 2),
        };
        let end = start + n;
        if end > ticks.len() {
            return;
        }
        let lo_ok = start.saturating_sub(1);
        let hi_ok = (end + 1).min(ticks.len());
        if ticks[lo_ok..hi_ok].iter().all(|&c| c == ' ') {
            for (i, ch) in text.chars().enumerate() {
                ticks[start + i] = ch;
            }
        }
    };
    place(1, &fmt_tick(lo), -1);
    place(cols, &fmt_tick(hi), 1);
    place(cx + 1, &fmt_tick(avoidance.cutoff), 0);
    // Right-aligned as it will be shown (the arrow is two characters in ASCII).
    let xlabel = format!("Avoidance {}", g.right);
    let shown = ctx.finish(&xlabel).chars().count();
    if !shape.legend {
        // Compact: the axis name on the tick line, ending two cells before
        // the maximum's tick (not drawn when it would touch the cutoff's).
        let end = (cols + 1).saturating_sub(fmt_tick(hi).len() + 2);
        if let Some(start) = end.checked_sub(shown) {
            if start > cx + 3 {
                place(start, &ctx.finish(&xlabel), -1);
            }
        }
    }
    let tick_line: String = ticks.iter().collect();
    let _ = writeln!(s, "{pad}{}", tick_line.trim_end());
    if !shape.legend {
        return s;
    }
    let _ = writeln!(
        s,
        "{pad}{}{xlabel}",
        " ".repeat((cols + 2).saturating_sub(shown))
    );

    // Legend: the exact numbers behind the picture (kept within 40 columns).
    let name = if width < 50 { qshort } else { qname };
    let _ = writeln!(
        s,
        "{} you: {name}{}",
        g.point,
        if close { " (close to the cutoff)" } else { "" }
    );
    for (d, v) in [(anxiety, y), (avoidance, x)] {
        let iv = display::interval_text(d, scale, g.dash)
            .map_or(String::new(), |t| format!("   95% {t}"));
        let _ = writeln!(s, "  {:<10} {v:.2}{iv}", d.id);
    }
    if anxiety.interval.is_none() && avoidance.interval.is_none() {
        let _ = writeln!(s, "  (no reference values: no intervals)");
    } else {
        let _ = writeln!(
            s,
            "  {}{}{} 95% interval{}",
            g.cap_l,
            g.wh_h,
            g.cap_r,
            if width < 60 {
                " (approx.)"
            } else {
                " (approximate); close to the cutoff when it crosses one"
            }
        );
    }
    let _ = writeln!(
        s,
        "{}{} cutoffs: anxiety {}, avoidance {}",
        g.cut_v,
        g.cut_h,
        fmt_tick(anxiety.cutoff),
        fmt_tick(avoidance.cutoff)
    );
    s
}

/// The largest `n' ≤ n` with `(n' − 1)` a multiple of `span`, so scale
/// points fall on whole cells; `n` itself when none is close.
fn nice(n: usize, span: usize) -> usize {
    (n.saturating_sub(span - 1).max(2)..=n)
        .rev()
        .find(|m| (m - 1) % span == 0)
        .unwrap_or(n)
}

fn one_line(
    (anxiety, y): (&DimensionScore, f64),
    (avoidance, x): (&DimensionScore, f64),
    scale: (i64, i64),
    qshort: &str,
    close: bool,
    g: &Glyphs,
) -> String {
    let part = |d: &DimensionScore, v: f64| {
        display::interval_text(d, scale, g.dash).map_or(format!("{} {v:.2}", d.id), |t| {
            format!("{} {v:.2} [{t}]", d.id)
        })
    };
    format!(
        "{}, {}: {qshort}{}\n",
        part(anxiety, y),
        part(avoidance, x),
        if close { " (close to the cutoff)" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_round_and_clamp() {
        // 1–7 on 61 cells: 10 cells a point; 4.0 → 30, 4.04 → 30.24 → 30, 4.05 → 30.5 → 31.
        assert_eq!(cell(1.0, 1.0, 7.0, 61), 0);
        assert_eq!(cell(4.0, 1.0, 7.0, 61), 30);
        assert_eq!(cell(4.04, 1.0, 7.0, 61), 30);
        assert_eq!(cell(4.05, 1.0, 7.0, 61), 31);
        assert_eq!(cell(7.0, 1.0, 7.0, 61), 60);
        assert_eq!(cell(9.0, 1.0, 7.0, 61), 60);
        assert_eq!(cell(-3.0, 1.0, 7.0, 61), 0);
    }

    #[test]
    fn sparklines() {
        // 1–7 on 8 levels: round((v−1)/6·7): 1 → 0, 4 → 3.5 → 4, 7 → 7.
        let s = sparkline(&[Some(1.0), Some(4.0), None, Some(7.0)], 1.0, 7.0);
        assert_eq!(s, "▁▅ █");
        assert_eq!(crate::render::glyphs::to_ascii(&s), "_= #");
    }

    #[test]
    fn nice_sizes() {
        assert_eq!(nice(61, 6), 61);
        assert_eq!(nice(74, 6), 73);
        assert_eq!(nice(36, 6), 31);
        assert_eq!(nice(10, 100), 10);
    }

    #[test]
    fn ticks() {
        assert_eq!(fmt_tick(4.0), "4");
        assert_eq!(fmt_tick(3.5), "3.5");
        assert_eq!(fmt_tick(4.25), "4.25");
    }
}
