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

mod frame;
mod legend;
mod plane;

use super::RenderCtx;
use crate::scoring::result::{DimensionScore, Level, ResultDoc};
use legend::{is_close, legend, level_of, one_line, place_name};
use plane::Plane;

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

/// The plot as text (before the glyphs are fitted to the output): the
/// one-line note when a score is missing or the width is too small,
/// otherwise the framed plane, the x ticks and (full shape) the legend.
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

    let plane = Plane::new(anxiety, avoidance, (x, y), scale, width, shape);
    let grid = plane.grid(anxiety, avoidance, g);
    let mut s = frame::framed(&plane, &grid, ctx, shape, g);
    s.push_str(&frame::x_ticks(&plane, avoidance.cutoff, ctx, shape, g));
    if !shape.legend {
        return s;
    }
    s.push_str(&frame::x_axis_name(&plane, ctx, g));
    // The legend is kept within 40 columns; below 50 the short names.
    let name = if width < 50 { qshort } else { qname };
    s.push_str(&legend(
        (anxiety, y),
        (avoidance, x),
        scale,
        name,
        close,
        width,
        g,
    ));
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
