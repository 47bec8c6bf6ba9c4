//! The words about where the point is: the legend under the full plot, and
//! the one line that stands in for the plot in a narrow terminal.

use std::fmt::Write as _;

use super::{fmt_tick, quadrant_name, Glyphs};
use crate::render::display;
use crate::scoring::classify;
use crate::scoring::result::{DimensionScore, Level};

/// A dimension's level (from the result, else from the score).
pub(super) fn level_of(d: &DimensionScore, score: f64) -> Level {
    d.level.unwrap_or_else(|| classify::level(score, d.cutoff))
}

/// At the cutoff, or the interval contains it.
pub(super) fn is_close(d: &DimensionScore) -> bool {
    d.close_to_cutoff.unwrap_or_else(|| {
        d.interval
            .is_some_and(|[lo, hi]| lo <= d.cutoff && d.cutoff <= hi)
    })
}

/// The legend's name for where the point is: its quadrant (long and
/// short), or "on a cutoff line" when a score sits exactly on its cutoff.
pub(super) fn place_name(la: Level, lv: Level) -> (&'static str, &'static str) {
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

/// The exact numbers behind the picture: where the point is (`name`, and
/// whether it is close to a cutoff), each score with its 95% interval, what
/// the whiskers and the dotted lines mean. Shorter wording below 60 columns.
pub(super) fn legend(
    (anxiety, y): (&DimensionScore, f64),
    (avoidance, x): (&DimensionScore, f64),
    scale: (i64, i64),
    name: &str,
    close: bool,
    width: usize,
    g: &Glyphs,
) -> String {
    let mut s = String::new();
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

/// The plot in one line, for a terminal too narrow for the plane: each
/// score (with its interval) and the quadrant's short name.
pub(super) fn one_line(
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
