//! The text around the grid: the frame with the y ticks and the anxiety
//! axis name, and the x ticks with the avoidance axis name.

use std::fmt::Write as _;

use super::plane::Plane;
use super::{fmt_tick, Glyphs, Shape};
use crate::render::RenderCtx;

/// The anxiety axis name above the frame (full plot) or in its top border
/// (compact plot), then the frame with the grid's rows and the y ticks at
/// the maximum, the cutoff and the minimum.
pub(super) fn framed(
    p: &Plane,
    grid: &[Vec<char>],
    ctx: &RenderCtx,
    shape: Shape,
    g: &Glyphs,
) -> String {
    let pad = p.pad();
    let mut s = String::new();
    let ylabel = format!(" Anxiety {} ", g.up);
    if shape.legend {
        let _ = writeln!(s, "{pad}{}", ylabel.trim());
    }
    let mut top = border(p, g.tl, g.tee_down, g.tr, g);
    if !shape.legend {
        // Compact: the axis name in the top border, left of the cutoff.
        let shown = ctx.finish(&ylabel);
        let n = shown.chars().count();
        if p.cx > n + 2 {
            top = std::iter::once(g.tl)
                .chain(shown.chars())
                .chain(top.chars().skip(n + 1))
                .collect();
        }
    }
    let _ = writeln!(s, "{pad}{top}");
    for (r, line) in grid.iter().enumerate() {
        let label = if r == 0 {
            p.ticks_y[0].as_str()
        } else if r == p.cy {
            p.ticks_y[1].as_str()
        } else if r == p.rows - 1 {
            p.ticks_y[2].as_str()
        } else {
            ""
        };
        let (l, rt) = if r == p.cy {
            (g.tee_right, g.tee_left)
        } else {
            (g.v, g.v)
        };
        let body: String = line.iter().collect();
        let _ = writeln!(s, "{label:>w$} {l}{body}{rt}", w = p.margin - 1);
    }
    let _ = writeln!(s, "{pad}{}", border(p, g.bl, g.tee_up, g.br, g));
    s
}

/// A horizontal border: corners `l` and `r`, a `tee` where the cutoff
/// line meets it.
fn border(p: &Plane, l: char, tee: char, r: char, g: &Glyphs) -> String {
    let mut b = String::new();
    b.push(l);
    for c in 0..p.cols {
        b.push(if c == p.cx { tee } else { g.h });
    }
    b.push(r);
    b
}

/// The avoidance axis name, as the legend line under the ticks shows it.
fn xlabel(g: &Glyphs) -> String {
    format!("Avoidance {}", g.right)
}

/// The x ticks under the frame: minimum, cutoff, maximum at their columns
/// (a tick that would touch another is left out); the compact plot also
/// puts the axis name on this line.
pub(super) fn x_ticks(p: &Plane, cutoff: f64, ctx: &RenderCtx, shape: Shape, g: &Glyphs) -> String {
    let mut ticks = TickLine(vec![' '; p.cols + 2]);
    ticks.place(1, &fmt_tick(p.lo), -1);
    ticks.place(p.cols, &fmt_tick(p.hi), 1);
    ticks.place(p.cx + 1, &fmt_tick(cutoff), 0);
    // Right-aligned as it will be shown (the arrow is two characters in ASCII).
    let xlabel = xlabel(g);
    let shown = ctx.finish(&xlabel).chars().count();
    if !shape.legend {
        // Compact: the axis name on the tick line, ending two cells before
        // the maximum's tick (not drawn when it would touch the cutoff's).
        let end = (p.cols + 1).saturating_sub(fmt_tick(p.hi).len() + 2);
        if let Some(start) = end.checked_sub(shown) {
            if start > p.cx + 3 {
                ticks.place(start, &ctx.finish(&xlabel), -1);
            }
        }
    }
    let tick_line: String = ticks.0.iter().collect();
    format!("{}{}\n", p.pad(), tick_line.trim_end())
}

/// The full plot's avoidance axis name on its own line, right-aligned
/// with the frame as it will be shown.
pub(super) fn x_axis_name(p: &Plane, ctx: &RenderCtx, g: &Glyphs) -> String {
    let xlabel = xlabel(g);
    let shown = ctx.finish(&xlabel).chars().count();
    format!(
        "{}{}{xlabel}\n",
        p.pad(),
        " ".repeat((p.cols + 2).saturating_sub(shown))
    )
}

/// The cells of the tick line (the frame's width).
struct TickLine(Vec<char>);

impl TickLine {
    /// Writes `text` starting at `center` (`align` −1), ending there (1) or
    /// centred on it (0); not at all when it would run off the line or come
    /// within a cell of text already there.
    fn place(&mut self, center: usize, text: &str, align: i8) {
        let ticks = &mut self.0;
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
    }
}
