//! The `history` table and its trends, laid out for a [`RenderCtx`]: the
//! id (typed for `--delete`) is never wrapped; the other columns go first
//! (the style, then the questionnaire, which the id also names, then the date).

use std::fmt::Write as _;

use super::fit::{self, Column};
use super::RenderCtx;

/// One kept result, as the table shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: String,
    /// `YYYY-MM-DD HH:MM` (UTC).
    pub date: String,
    /// The date is when the result was kept, not when it was answered
    /// (results made with `score` do not record that).
    pub kept_time: bool,
    pub bank: String,
    pub anxiety: Option<f64>,
    pub avoidance: Option<f64>,
    pub style: String,
}

/// The results of one questionnaire over time, each value placed on that
/// questionnaire's scale (0 = its minimum, 1 = its maximum).
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub bank: String,
    pub series: Vec<(String, Vec<Option<f64>>)>,
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:.2}"))
}

/// The table, a note on dates, and one trend per questionnaire with two
/// results or more.
pub fn history(ctx: &RenderCtx, rows: &[Row], trends: &[Trend]) -> String {
    let columns = [
        Column::whole("id"),
        // The id names the questionnaire too: it goes before the date.
        Column::whole("date (UTC)").droppable(2),
        Column::whole("questionnaire").droppable(1),
        Column::whole("anxiety"),
        Column::whole("avoidance"),
        Column::wraps("style").droppable(0),
    ];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.id.clone(),
                if r.kept_time {
                    format!("{} (kept)", r.date)
                } else {
                    r.date.clone()
                },
                r.bank.clone(),
                num(r.anxiety),
                num(r.avoidance),
                r.style.clone(),
            ]
        })
        .collect();
    let mut s = fit::table(ctx, &columns, &cells);
    s.push('\n');
    if rows.iter().any(|r| r.kept_time) {
        s.push_str(
            "Dates are when the answers were completed; \"(kept)\" marks a result that does not \
             record it (made with `securebase score`), dated when it was kept.\n",
        );
    }
    for t in trends {
        let _ = writeln!(
            s,
            "Trend of {}, oldest → newest (low to high on its scale):",
            t.bank
        );
        for (dim, values) in &t.series {
            let _ = writeln!(
                s,
                "  {dim:<10} {}",
                super::plot::sparkline(values, 0.0, 1.0)
            );
        }
    }
    super::ctx::wrap_long_lines(ctx, &s)
}
