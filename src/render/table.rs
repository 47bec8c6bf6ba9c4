//! The result for people at a terminal: the dimensions table, the style,
//! the caveats and the explanation, laid out for a [`RenderCtx`]. Numbers
//! are rounded to 2 decimals here (CSV keeps 4, JSON all).

use std::fmt::Write as _;

use super::ctx::{styled, RenderCtx, BOLD, DIM};
use crate::bank::Bank;
use crate::render::display;
use crate::scoring::result::{DimensionScore, ResultDoc};
use crate::text::words;

fn num(x: Option<f64>) -> String {
    x.map_or("—".into(), |v| format!("{v:.2}"))
}

fn dimension_table(ctx: &RenderCtx, dims: &[DimensionScore], scale: (i64, i64)) -> String {
    use super::fit::Column;
    // Numbers stay whole and words wrap; the answered count and the cutoff
    // are left out first when the width is short (see `render::fit`).
    let columns = [
        Column::wraps("dimension"),
        Column::whole("score"),
        Column::whole("95% interval"),
        Column::whole("cutoff").droppable(1),
        Column::wraps("level"),
        Column::wraps("answered").droppable(0),
    ];
    let rows: Vec<Vec<String>> = dims
        .iter()
        .map(|d| {
            let interval = display::interval_text(d, scale, " – ")
                .unwrap_or_else(|| "no reference values".into());
            let answered = match words::reason(d) {
                Some(r) => format!("{}/{}: {r}", d.answered, d.items),
                None => format!("{}/{}", d.answered, d.items),
            };
            vec![
                d.label.clone(),
                num(d.score),
                interval,
                format!("{:.2}", d.cutoff),
                words::level(d),
                answered,
            ]
        })
        .collect();
    super::fit::table(ctx, &columns, &rows)
}

/// Who and what: the bank's title, the respondent, version and status.
fn heading(ctx: &RenderCtx, r: &ResultDoc, s: &mut String) {
    let _ = writeln!(s, "{}", styled(BOLD, &r.bank.title));
    let who = r.respondent.as_deref().map_or(String::new(), |p| {
        format!("respondent {} · ", crate::sanitize::field(p))
    });
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
    // A careless-looking result says so before any score or style.
    if let Some((headline, text)) = crate::text::flags::careless_notice(r) {
        let _ = writeln!(
            s,
            "\n{}\n{}\n",
            styled(BOLD, &format!("{headline}.")),
            ctx.wrap(text)
        );
    }
}

/// The dimension tables (overall and per relationship), then their notes.
/// The interval notes (approximate; cut at the scale) come once, after
/// the last table they apply to.
fn dimensions(ctx: &RenderCtx, r: &ResultDoc, scale: (i64, i64), s: &mut String) {
    if !r.dimensions.is_empty() {
        let _ = writeln!(s, "{}", dimension_table(ctx, &r.dimensions, scale));
    }
    for t in &r.targets {
        if t.not_applicable {
            let _ = writeln!(s, "\n{}: does not apply", styled(BOLD, &t.label));
            continue;
        }
        let (_, h) = words::headline(t.style.as_ref(), None);
        let _ = writeln!(
            s,
            "\n{}",
            styled(BOLD, &ctx.wrap(&format!("{} (style: {h})", t.label)))
        );
        let _ = writeln!(s, "{}", dimension_table(ctx, &t.dimensions, scale));
    }
    let all = r
        .dimensions
        .iter()
        .chain(r.targets.iter().flat_map(|t| &t.dimensions));
    for n in display::interval_notes(all, scale) {
        let _ = writeln!(s, "{}", styled(DIM, &ctx.wrap(&n)));
    }
    // A published instrument's percentiles (with their sample) and sums.
    let notes = super::published::percentiles(&r.dimensions)
        .into_iter()
        .chain(super::published::sums(&r.dimensions, scale));
    for line in notes {
        let _ = writeln!(s, "{}", ctx.wrap(&line));
    }
}

/// A paragraph bank's answers: the four ratings, the forced choice and the
/// models of self and others.
fn prototype_answers(ctx: &RenderCtx, r: &ResultDoc, scale: (i64, i64), s: &mut String) {
    let Some(p) = &r.prototype else { return };
    let (rows, lines) = display::prototype_answers(p, Some(scale));
    let mut t = ctx.table();
    t.set_header([
        "description".to_string(),
        format!("your rating ({}–{})", scale.0, scale.1),
    ]);
    for (name, rating) in rows {
        t.add_row([name, rating]);
    }
    let _ = writeln!(s, "{t}");
    for l in lines {
        let _ = writeln!(s, "{l}");
    }
}

/// The style block: the headline (with its note), the disorganization
/// dimension beside it, and the two axes, wrapped to the context's width.
fn style_block(ctx: &RenderCtx, r: &ResultDoc, s: &mut String) {
    let (h, note) = display::headline(r);
    let _ = writeln!(s, "\n{} {}", styled(BOLD, "Style:"), ctx.wrap(&h));
    if let Some(n) = note {
        let _ = writeln!(s, "{}", ctx.wrap(&n));
    }
    if let Some(d) = display::disorganization_line(r) {
        let _ = writeln!(s, "{}", ctx.wrap(&d));
    }
    for line in display::axes_lines(r) {
        let _ = writeln!(s, "{}", styled(DIM, &ctx.wrap(&line)));
    }
}

/// The human-readable result: who and what, the dimensions (first, because
/// they are what the research supports) or a paragraph bank's answers, the
/// style, caveats, and (with `explain`) the full explanation.
pub fn table(
    ctx: &RenderCtx,
    bank: &Bank,
    r: &ResultDoc,
    explain: bool,
    plot: Option<&str>,
) -> String {
    let scale = (bank.scale.min, bank.scale.max);
    let mut s = String::new();
    heading(ctx, r, &mut s);
    dimensions(ctx, r, scale, &mut s);
    prototype_answers(ctx, r, scale, &mut s);
    if let Some(plot) = plot {
        let _ = writeln!(s, "\n{}", plot.trim_end());
    }
    style_block(ctx, r, &mut s);
    if let Some((head, caution)) = super::published::category(r) {
        let _ = writeln!(s, "\n{}", ctx.wrap(&head));
        let _ = writeln!(s, "{}", styled(DIM, &ctx.wrap(&caution)));
    }
    if !r.quality.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            styled(BOLD, &crate::text::flags::texts().heading)
        );
        for q in crate::text::flags::describe_all(r) {
            let _ = writeln!(s, "  - {q}");
        }
    }
    if explain {
        // The headline and its note are in the style block above.
        let sections: Vec<_> = r
            .explanation
            .sections
            .iter()
            .filter(|s| s.id != "headline")
            .cloned()
            .collect();
        let text = display::sections_text(&sections, |t| styled(BOLD, t), false);
        let _ = writeln!(s, "\n{}", ctx.wrap(&text));
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
    super::ctx::wrap_long_lines(ctx, &s)
}

/// A few lines with the answers or scores and the style, for the end of a
/// long screen (after `take`, the table and explanation have scrolled out
/// of view). `plot`: whether a plot was shown above.
pub fn summary(bank: &Bank, r: &ResultDoc, plot: bool) -> String {
    let scale = (bank.scale.min, bank.scale.max);
    let (h, _) = display::headline(r);
    let answers = match &r.prototype {
        Some(p) => {
            let (rows, lines) = display::prototype_answers(p, Some(scale));
            let rated: Vec<String> = rows.iter().map(|(n, v)| format!("{n} {v}")).collect();
            let mut a = format!("your ratings: {}; {}", rated.join(", "), lines.join("; "));
            a = a
                .replace("Best fit", "best fit")
                .replace("Model of", "model of");
            a
        }
        None => r
            .dimensions
            .iter()
            .map(|d| {
                format!(
                    "{} {} ({})",
                    d.label.to_lowercase(),
                    num(d.score),
                    words::level(d)
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
    };
    let scroll = if plot {
        "Scroll up for the plot and what it means."
    } else {
        "Scroll up for what it means."
    };
    let careless = crate::text::flags::careless_notice(r).map_or(String::new(), |(headline, _)| {
        format!("{headline} (see above). ")
    });
    format!("{careless}Your result: {answers}. Style: {h}. {scroll}")
}
