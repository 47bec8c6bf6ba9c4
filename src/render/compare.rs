//! What `compare` prints for people, laid out for a [`RenderCtx`].

use std::fmt::Write as _;

use super::fit::{self, Column};
use super::RenderCtx;
use crate::scoring::compare::{Comparison, DimensionChange};

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:.2}"))
}

/// The changes of each dimension: ids and numbers whole, the verdict
/// wrapped; the RCI left out first when the width is short (the verdict
/// says what it means).
fn changes_table(ctx: &RenderCtx, dims: &[DimensionChange]) -> String {
    let columns = [
        Column::whole("dimension"),
        Column::whole("before"),
        Column::whole("after"),
        Column::whole("change"),
        Column::whole("RCI").droppable(0),
        Column::wraps("what it means"),
    ];
    let signed = |v: Option<f64>| v.map_or_else(|| "–".into(), super::ctx::signed2);
    let rows: Vec<Vec<String>> = dims
        .iter()
        .map(|d| {
            vec![
                d.id.clone(),
                num(d.before),
                num(d.after),
                signed(d.difference),
                signed(d.rci),
                d.verdict.clone(),
            ]
        })
        .collect();
    fit::table(ctx, &columns, &rows)
}

/// What `compare` prints: the change of each dimension (and of each
/// relationship), the styles before and after, and how RCI is read.
pub fn comparison(ctx: &RenderCtx, c: &Comparison, before: &str, after: &str) -> String {
    let mut s = format!("{before} → {after} (questionnaire {})\n", c.bank);
    if let Some([v1, v2]) = &c.versions {
        let _ = writeln!(
            s,
            "Note: the questionnaire changed version between the two ({v1} → {v2})."
        );
    }
    let _ = writeln!(s, "{}", changes_table(ctx, &c.dimensions));
    for t in &c.targets {
        let _ = writeln!(s, "{}\n{}", t.label, changes_table(ctx, &t.dimensions));
    }
    let name = |st: Option<crate::scoring::result::StyleId>| {
        st.map_or("none", crate::text::explain::style_name)
    };
    let _ = writeln!(
        s,
        "Nearest style: {} → {}",
        name(c.style_before),
        name(c.style_after)
    );
    let _ = writeln!(
        s,
        "RCI = change / (√2 × SEM); a change counts as larger than measurement error when |RCI| > {}.",
        crate::scoring::compare::RCI_CRITICAL
    );
    super::ctx::wrap_long_lines(ctx, &s)
}
