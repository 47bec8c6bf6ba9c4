//! The result for people at a terminal: the dimensions table, the style,
//! the caveats and the explanation, laid out for a [`RenderCtx`]. Numbers
//! are rounded to 2 decimals here (CSV keeps 4, JSON all).

use std::fmt::Write as _;

use comfy_table::Cell;

use super::ctx::{styled, RenderCtx, BOLD, DIM};
use crate::bank::{Bank, ANXIETY, AVOIDANCE};
use crate::scoring::result::{DimensionScore, ResultDoc};
use crate::text::explain::style_name;

fn num(x: Option<f64>) -> String {
    x.map_or("—".into(), |v| format!("{v:.2}"))
}

fn level(d: &DimensionScore) -> String {
    match (d.high, d.borderline) {
        (None, _) => "not scored".into(),
        (Some(h), b) => {
            let l = if h { "high" } else { "low" };
            if b == Some(true) {
                format!("{l}, borderline")
            } else {
                l.into()
            }
        }
    }
}

fn dimension_table(ctx: &RenderCtx, dims: &[DimensionScore]) -> comfy_table::Table {
    let mut t = ctx.table();
    t.set_header([
        "dimension",
        "score",
        "95% interval",
        "cutoff",
        "level",
        "answered",
    ]);
    for d in dims {
        let interval = d.interval.map_or("no reference values".into(), |[lo, hi]| {
            format!("{lo:.2} – {hi:.2}")
        });
        let answered = match &d.reason {
            Some(r) => format!("{}/{}: {r}", d.answered, d.items),
            None => format!("{}/{}", d.answered, d.items),
        };
        t.add_row([
            Cell::new(&d.label),
            Cell::new(num(d.score)),
            Cell::new(interval),
            Cell::new(format!("{:.2}", d.cutoff)),
            Cell::new(level(d)),
            Cell::new(answered),
        ]);
    }
    t
}

/// The human-readable result: who and what, the dimensions (first, because
/// they are what the research supports), the nearest style, caveats, and
/// (with `explain`) the full explanation.
pub fn table(
    ctx: &RenderCtx,
    bank: &Bank,
    r: &ResultDoc,
    explain: bool,
    plot: Option<&str>,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", styled(BOLD, &r.bank.title));
    let who = r
        .respondent
        .as_deref()
        .map_or(String::new(), |p| format!("respondent {p} · "));
    let status = crate::text::explain::validation_label(r.bank.validated);
    let _ = writeln!(
        s,
        "{}",
        styled(
            DIM,
            &format!("{who}{} v{} · {status}", r.bank.id, r.bank.version)
        )
    );
    if let Some(line) = super::published::instrument(&r.bank) {
        let _ = writeln!(s, "{}", styled(DIM, &ctx.wrap(&line)));
    }
    if !r.dimensions.is_empty() {
        let _ = writeln!(s, "{}", dimension_table(ctx, &r.dimensions));
        if r.dimensions
            .iter()
            .any(|d| d.reference_assumed == Some(true))
        {
            let _ = writeln!(
                s,
                "{}",
                styled(
                    DIM,
                    "Intervals use assumed reliability values, so treat them as rough."
                )
            );
        }
        let scale = (bank.scale.min, bank.scale.max);
        let notes = super::published::percentiles(&r.dimensions)
            .into_iter()
            .chain(super::published::sums(&r.dimensions, scale));
        for line in notes {
            let _ = writeln!(s, "{}", ctx.wrap(&line));
        }
    }
    for t in &r.targets {
        if t.not_applicable {
            let _ = writeln!(s, "\n{}: does not apply", styled(BOLD, &t.label));
            continue;
        }
        let st = t.style.as_ref().map_or(String::new(), |st| {
            format!(" (nearest style: {})", style_name(st.id))
        });
        let _ = writeln!(s, "\n{}{st}", styled(BOLD, &t.label));
        let _ = writeln!(s, "{}", dimension_table(ctx, &t.dimensions));
    }
    if let Some(p) = &r.prototype {
        let mut t = ctx.table();
        t.set_header(["paragraph", "your rating"]);
        for (k, v) in &p.ratings {
            t.add_row([k.clone(), v.map_or("—".into(), |x| x.to_string())]);
        }
        let _ = writeln!(s, "{t}");
        if let (Some(me), Some(other)) = (p.model_of_self, p.model_of_other) {
            let _ = writeln!(
                s,
                "Model of self: {me:+.0} · model of others: {other:+.0} (each from −{m} to +{m})",
                m = 2 * (bank.scale.max - bank.scale.min)
            );
        }
        if let Some(fc) = &p.forced_choice {
            let _ = writeln!(
                s,
                "Best fit chosen: {fc}{}",
                if p.choice_disagrees {
                    " (differs from your highest rating)"
                } else {
                    ""
                }
            );
        }
    }
    if let Some(plot) = plot {
        let _ = writeln!(s, "\n{}", plot.trim_end());
    }
    match &r.style {
        Some(st) => {
            let _ = write!(
                s,
                "\n{} {}",
                styled(BOLD, "Nearest style:"),
                style_name(st.id)
            );
            if let Some(q) = st.quadrant.filter(|q| *q != st.id) {
                let _ = write!(s, " (quadrant: {})", style_name(q));
            }
            s.push('\n');
            if !st.borderline_with.is_empty() {
                let names: Vec<&str> = st.borderline_with.iter().map(|b| style_name(*b)).collect();
                let _ = writeln!(
                    s,
                    "Borderline with: {} — a score's interval crosses a cutoff, so both fit.",
                    names.join(", ")
                );
            }
            if !bank.is_prototype_bank()
                && bank.dimension(ANXIETY).is_some()
                && bank.dimension(AVOIDANCE).is_some()
            {
                let sims: Vec<String> = ["secure", "anxious", "avoidant", "fearful"]
                    .iter()
                    .filter_map(|k| st.prototypes.get(*k).map(|v| format!("{k} {v:+.2}")))
                    .collect();
                let _ = writeln!(
                    s,
                    "{}",
                    styled(
                        DIM,
                        &format!("Similarity to each pattern (−1 to +1): {}", sims.join(", "))
                    )
                );
            }
        }
        None if super::published::no_style_measured(r) => {
            let _ = writeln!(
                s,
                "\n{} {}",
                styled(BOLD, "Nearest style:"),
                super::published::NO_STYLE_MEASURED
            );
        }
        None => {
            let _ = writeln!(
                s,
                "\n{} none: too many answers are missing to place you on both dimensions.",
                styled(BOLD, "Nearest style:")
            );
        }
    }
    if let Some((head, caution)) = super::published::category(r) {
        let _ = writeln!(s, "\n{}", ctx.wrap(&head));
        let _ = writeln!(s, "{}", styled(DIM, &ctx.wrap(&caution)));
    }
    if !r.quality.is_empty() {
        let _ = writeln!(s, "\n{}", styled(BOLD, "Please read with care:"));
        for q in &r.quality {
            let _ = writeln!(s, "  - {}", q.message);
        }
    }
    if explain {
        let _ = writeln!(s, "\n{}", ctx.wrap(&r.explanation.text));
    } else {
        let _ = writeln!(
            s,
            "\n{}",
            styled(
                DIM,
                "Not a diagnosis. `securebase explain` describes the styles and what helps."
            )
        );
    }
    s
}

/// One line with the scores and the style, for the end of a long screen
/// (after `take`, the table and explanation have scrolled out of view).
pub fn summary(r: &ResultDoc) -> String {
    let dims: Vec<String> = r
        .dimensions
        .iter()
        .map(|d| format!("{} {} ({})", d.label.to_lowercase(), num(d.score), level(d)))
        .collect();
    let style = r.style.as_ref().map_or("none".to_string(), |st| {
        let mut s = style_name(st.id).to_string();
        if !st.borderline_with.is_empty() {
            let names: Vec<&str> = st.borderline_with.iter().map(|b| style_name(*b)).collect();
            let _ = write!(s, ", borderline with {}", names.join(" and "));
        }
        s
    });
    format!(
        "Your result: {}; nearest style: {style}. Scroll up for the plot and what it means.",
        dims.join(", ")
    )
}
