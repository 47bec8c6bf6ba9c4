//! The quadrant plot of the HTML report as inline SVG: the terminal plot's
//! geometry, with a title and a description for screen readers.

use std::fmt::Write as _;

use crate::render::display;
use crate::render::html::escape;
use crate::render::plot::{fmt_tick, quadrant_name};
use crate::scoring::result::{DimensionScore, Level};

const SVG_W: f64 = 460.0;
const SVG_H: f64 = 440.0;
const LEFT: f64 = 64.0;
const TOP: f64 = 16.0;
const SIZE: f64 = 372.0;

/// The plot area: scale values to SVG coordinates (avoidance along x,
/// anxiety up y), values outside the scale drawn at its ends.
#[derive(Clone, Copy)]
struct Frame {
    lo: f64,
    hi: f64,
}

impl Frame {
    fn t(self, v: f64) -> f64 {
        ((v - self.lo) / (self.hi - self.lo).max(f64::EPSILON)).clamp(0.0, 1.0)
    }
    fn x(self, v: f64) -> f64 {
        LEFT + self.t(v) * SIZE
    }
    fn y(self, v: f64) -> f64 {
        TOP + SIZE - self.t(v) * SIZE
    }
}

const RIGHT: f64 = LEFT + SIZE;
const BOTTOM: f64 = TOP + SIZE;

/// The quadrant plot as inline SVG: the terminal plot's geometry
/// (avoidance along x, anxiety up y, dashed cutoffs, the four quadrants
/// named in their outer corners, the point, 95% whiskers), with a title
/// and a description for screen readers.
pub fn svg(anxiety: &DimensionScore, avoidance: &DimensionScore, scale: (i64, i64)) -> String {
    let f = Frame {
        lo: scale.0 as f64,
        hi: scale.1 as f64,
    };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg viewBox="0 0 {SVG_W} {SVG_H}" width="{SVG_W}" height="{SVG_H}" role="img" aria-labelledby="plot-title plot-desc">
<title id="plot-title">Where this result sits on the two attachment dimensions</title>
<desc id="plot-desc">{}</desc>
"#,
        escape(&description(anxiety, avoidance, scale))
    );
    quadrants(&mut s, f, anxiety.cutoff, avoidance.cutoff);
    ticks(&mut s, f, anxiety.cutoff, avoidance.cutoff);
    point(&mut s, f, anxiety, avoidance);
    s.push_str("</svg>");
    s
}

/// What the picture shows, in words, for screen readers.
fn description(anxiety: &DimensionScore, avoidance: &DimensionScore, scale: (i64, i64)) -> String {
    let (lo, hi) = (scale.0 as f64, scale.1 as f64);
    let (ya, xv) = (anxiety.score.unwrap_or(lo), avoidance.score.unwrap_or(lo));
    let level = |d: &DimensionScore, v: f64| {
        d.level
            .unwrap_or(crate::scoring::classify::level(v, d.cutoff))
    };
    let (la, lv) = (level(anxiety, ya), level(avoidance, xv));
    let place = if la == Level::AtCutoff || lv == Level::AtCutoff {
        "on a cutoff line".to_string()
    } else {
        format!(
            "in the {} quadrant",
            quadrant_name(la == Level::High, lv == Level::High).0
        )
    };
    let iv = |d: &DimensionScore| {
        d.interval.map_or(String::from(" (no interval)"), |i| {
            let ([a, b], _) = display::clamped(i, scale);
            format!(" (approximate 95% interval {a:.2} to {b:.2})")
        })
    };
    format!(
        "Avoidance runs from {lo} on the left to {hi} on the right, anxiety from {lo} at the bottom to {hi} at the top. \
         Dashed lines mark the cutoffs: avoidance {}, anxiety {}. \
         The point is at avoidance {xv:.2}{} and anxiety {ya:.2}{}, {place}.",
        fmt_tick(avoidance.cutoff),
        fmt_tick(anxiety.cutoff),
        iv(avoidance),
        iv(anxiety),
        lo = fmt_tick(lo),
        hi = fmt_tick(hi),
    )
}

/// Quadrant tints, the frame, the cutoff lines and the quadrant names in
/// their outer corners.
fn quadrants(s: &mut String, f: Frame, anxiety_cut: f64, avoidance_cut: f64) {
    let (cx, cy) = (f.x(avoidance_cut), f.y(anxiety_cut));
    for (qx, qy, w, h, class) in [
        (LEFT, cy, cx - LEFT, BOTTOM - cy, "q-secure"),
        (LEFT, TOP, cx - LEFT, cy - TOP, "q-anxious"),
        (cx, cy, RIGHT - cx, BOTTOM - cy, "q-avoidant"),
        (cx, TOP, RIGHT - cx, cy - TOP, "q-fearful"),
    ] {
        let _ = writeln!(
            s,
            r#"<rect class="{class}" x="{qx:.1}" y="{qy:.1}" width="{:.1}" height="{:.1}"/>"#,
            w.max(0.0),
            h.max(0.0)
        );
    }
    let _ = writeln!(
        s,
        r#"<rect class="frame" x="{LEFT}" y="{TOP}" width="{SIZE}" height="{SIZE}"/>"#
    );
    let _ = writeln!(
        s,
        r#"<line class="cutoff" x1="{cx:.1}" y1="{TOP}" x2="{cx:.1}" y2="{BOTTOM}"/>"#
    );
    let _ = writeln!(
        s,
        r#"<line class="cutoff" x1="{LEFT}" y1="{cy:.1}" x2="{RIGHT}" y2="{cy:.1}"/>"#
    );
    let pad = 10.0;
    for (tx, ty, anchor, name) in [
        (LEFT + pad, TOP + 22.0, "start", "Anxious"),
        (RIGHT - pad, TOP + 22.0, "end", "Fearful-avoidant"),
        (LEFT + pad, BOTTOM - pad, "start", "Secure"),
        (RIGHT - pad, BOTTOM - pad, "end", "Avoidant"),
    ] {
        let _ = writeln!(
            s,
            r#"<text class="quadrant" x="{tx:.1}" y="{ty:.1}" text-anchor="{anchor}">{name}</text>"#
        );
    }
}

/// Ticks (minimum, cutoff, maximum on each axis) and the axis names.
fn ticks(s: &mut String, f: Frame, anxiety_cut: f64, avoidance_cut: f64) {
    for (v, anchor) in [(f.lo, "start"), (avoidance_cut, "middle"), (f.hi, "end")] {
        let _ = writeln!(
            s,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#,
            f.x(v),
            BOTTOM + 18.0,
            fmt_tick(v)
        );
    }
    for v in [f.lo, anxiety_cut, f.hi] {
        let _ = writeln!(
            s,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            LEFT - 8.0,
            f.y(v) + 5.0,
            fmt_tick(v)
        );
    }
    let _ = writeln!(
        s,
        r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle">Avoidance →</text>"#,
        LEFT + SIZE / 2.0,
        BOTTOM + 42.0
    );
    let _ = writeln!(
        s,
        r#"<text class="axis" transform="translate(22 {:.1}) rotate(-90)" text-anchor="middle">Anxiety →</text>"#,
        TOP + SIZE / 2.0
    );
}

/// The whiskers of the 95% intervals, then the point over them.
fn point(s: &mut String, f: Frame, anxiety: &DimensionScore, avoidance: &DimensionScore) {
    let (ya, xv) = (
        anxiety.score.unwrap_or(f.lo),
        avoidance.score.unwrap_or(f.lo),
    );
    let (px, py) = (f.x(xv), f.y(ya));
    let cap = 6.0;
    if let Some([a, b]) = avoidance.interval {
        let (l, r) = (f.x(a), f.x(b));
        let _ = writeln!(
            s,
            r#"<path class="whisker" d="M{l:.1} {py:.1}H{r:.1}M{l:.1} {:.1}V{:.1}M{r:.1} {:.1}V{:.1}"/>"#,
            py - cap,
            py + cap,
            py - cap,
            py + cap
        );
    }
    if let Some([a, b]) = anxiety.interval {
        let (top, bot) = (f.y(b), f.y(a));
        let _ = writeln!(
            s,
            r#"<path class="whisker" d="M{px:.1} {top:.1}V{bot:.1}M{:.1} {top:.1}H{:.1}M{:.1} {bot:.1}H{:.1}"/>"#,
            px - cap,
            px + cap,
            px - cap,
            px + cap
        );
    }
    let _ = writeln!(
        s,
        r#"<circle class="point" cx="{px:.1}" cy="{py:.1}" r="7"/>"#
    );
}
