//! The result screen at the end of `take`: everything a person needs to
//! see at once, within one terminal screen (80×24 and smaller): the scores
//! with their intervals, the plane, the nearest style with a two-line
//! meaning, and the footer the prompter passes in (the keys, messages).
//! The full result and explanation are one key away (in a pager), so
//! nothing important scrolls out of view.

use crate::bank::Bank;
use crate::render::plot;
use crate::render::RenderCtx;
use crate::scoring::result::{DimensionScore, ResultDoc};
use crate::text::explain::texts;
use crate::text::words;

use super::ctx::{styled, BOLD, DIM};

/// The lines of the screen for `ctx.width` columns and at most `height`
/// lines, the `footer` last. `None` when it cannot fit (the caller asks for
/// a larger window). Lines are never wider than `ctx.width`.
pub fn result_screen(
    ctx: &RenderCtx,
    height: usize,
    bank: &Bank,
    r: &ResultDoc,
    footer: &[String],
) -> Option<Vec<String>> {
    let width = ctx.width;
    let head: Vec<String> = wrap(
        &format!(
            "{} · {}, not a diagnosis",
            r.bank.title,
            crate::text::explain::validation_label(r.bank.validated)
        ),
        width,
    )
    .into_iter()
    .map(|l| styled(BOLD, &l))
    .collect();
    let dims = dimension_lines(r, width);
    let (style, meaning) = style_lines(r, width);
    let footer: Vec<String> = footer.iter().flat_map(|f| wrap(f, width)).collect();
    let middle = middle(ctx, bank, r);
    // From the roomiest layout to the tightest: blank lines between the
    // parts, then the meaning in one line, then no title. The plane takes
    // the rows that are left (at least its minimum).
    for (blanks, meaning_lines, title) in [
        (true, 2, true),
        (false, 2, true),
        (false, 1, true),
        (false, 1, false),
    ] {
        let head: &[String] = if title { &head } else { &[] };
        let meaning = &meaning[..meaning.len().min(meaning_lines)];
        let fixed = head.len() + dims.len() + style.len() + meaning.len() + footer.len();
        let Some(room) = height.checked_sub(fixed + if blanks { 3 } else { 0 }) else {
            continue;
        };
        let Some(mid) = middle(room) else { continue };
        let mut out = head.to_vec();
        out.extend(dims.iter().cloned());
        if blanks {
            out.push(String::new());
        }
        out.extend(mid);
        if blanks {
            out.push(String::new());
        }
        out.extend(style.iter().cloned());
        out.extend(meaning.iter().cloned());
        if blanks {
            out.push(String::new());
        }
        out.extend(footer.iter().cloned());
        return Some(out);
    }
    None
}

/// The picture between the scores and the style: the plane (at most the
/// rows given), or for a paragraph bank the ratings. Returns a function of
/// the rows available, `None` when they are too few.
fn middle<'a>(
    ctx: &'a RenderCtx,
    bank: &'a Bank,
    r: &'a ResultDoc,
) -> impl Fn(usize) -> Option<Vec<String>> + 'a {
    move |room: usize| {
        if let Some(p) = &r.prototype {
            let lines: Vec<String> = p
                .ratings
                .iter()
                .map(|(k, v)| {
                    let v = v.map_or("–".to_string(), |x| x.to_string());
                    fit(&format!("  {k:<10} {v}"), ctx.width)
                })
                .collect();
            return (lines.len() <= room).then_some(lines);
        }
        let dim = |id: &str| r.dimensions.iter().find(|d| d.id == id);
        let (Some(a), Some(v)) = (dim("anxiety"), dim("avoidance")) else {
            return Some(Vec::new());
        };
        if a.score.is_none() || v.score.is_none() {
            return Some(Vec::new());
        }
        let rows = room.checked_sub(plot::COMPACT_EXTRA_LINES)?;
        let text = plot::quadrant_compact(a, v, (bank.scale.min, bank.scale.max), ctx, rows)?;
        Some(text.lines().map(String::from).collect())
    }
}

/// A dimension's level in words ("high, close to the cutoff"); the
/// disorganization dimension's own words (measured, not a category).
fn level(d: &DimensionScore) -> String {
    if d.id == crate::bank::DISORGANIZATION {
        words::disorganization_level(d)
    } else {
        words::level(d)
    }
}

/// One line a dimension: name, score, 95% interval, level; ids instead of
/// labels when the labels would not fit.
fn dimension_lines(r: &ResultDoc, width: usize) -> Vec<String> {
    let row = |d: &DimensionScore, name: &str, w: usize, gap: &str| {
        let score = d.score.map_or("–".to_string(), |v| format!("{v:.2}"));
        let iv = d.interval.map_or(String::new(), |[lo, hi]| {
            format!("{gap}95% {lo:.2}–{hi:.2}")
        });
        format!("{name:<w$}{gap}{score:>4}{iv}{gap}{}", level(d))
    };
    let build = |labels: bool, gap: &str| -> Vec<String> {
        let name = |d: &DimensionScore| {
            if labels {
                d.label.clone()
            } else {
                d.id.clone()
            }
        };
        let w = r
            .dimensions
            .iter()
            .map(|d| console::measure_text_width(&name(d)))
            .max()
            .unwrap_or(0);
        r.dimensions
            .iter()
            .map(|d| row(d, &name(d), w, gap))
            .collect()
    };
    // Labels with room between the columns; then ids; then tighter.
    let fits = |lines: &Vec<String>| {
        lines
            .iter()
            .all(|l| console::measure_text_width(l) <= width)
    };
    let lines = [(true, "  "), (false, "  "), (false, " ")]
        .into_iter()
        .map(|(labels, gap)| build(labels, gap))
        .find(fits)
        .unwrap_or_else(|| build(false, " "));
    lines.iter().flat_map(|l| wrap(l, width)).collect()
}

/// The style the result names (or the styles it lies between), and what
/// it means in (at most) two lines.
fn style_lines(r: &ResultDoc, width: usize) -> (Vec<String>, Vec<String>) {
    let (_, headline) = words::result_headline(r);
    let mut line = format!("{} {headline}", styled(BOLD, "Style:"));
    if !r.quality.is_empty() {
        line.push_str(" (read with care: see e)");
    }
    let meaning = two_lines(&meaning_text(r), width)
        .into_iter()
        .filter(|l| !l.is_empty())
        .map(|l| styled(DIM, &l))
        .collect();
    (wrap(&line, width), meaning)
}

/// What the result means, before it is cut to two lines: the style's
/// summary when one style fits, else the note under the headline.
pub fn meaning_text(r: &ResultDoc) -> String {
    match r.style.as_ref().and_then(|st| st.id) {
        Some(id) => texts().style(id).summary.text.clone(),
        None => words::headline_note(r.style.as_ref(), r.prototype.as_ref()).unwrap_or_default(),
    }
}

/// As many whole sentences of `text` as fit in two lines; when not even
/// the first fits, its first words and "…".
fn two_lines(text: &str, width: usize) -> Vec<String> {
    let sentences: Vec<&str> = text.split_inclusive(". ").map(str::trim).collect();
    let mut best: Option<Vec<String>> = None;
    for k in 1..=sentences.len() {
        let lines = wrap(&sentences[..k].join(" "), width);
        if lines.len() > 2 {
            break;
        }
        best = Some(lines);
    }
    best.unwrap_or_else(|| {
        let mut lines = wrap(
            sentences.first().copied().unwrap_or(text),
            width.saturating_sub(2),
        );
        lines.truncate(2);
        if let Some(last) = lines.last_mut() {
            last.push_str(" …");
        }
        lines
    })
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let opts =
        textwrap::Options::new(width.max(10)).word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(text, opts)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// `text` cut to `width` columns (with "…" when cut).
fn fit(text: &str, width: usize) -> String {
    if console::measure_text_width(text) <= width {
        text.to_string()
    } else {
        console::truncate_str(text, width, "…").into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Answer, AnswerSet};
    use crate::bank::Catalog;

    fn result(bank: &Bank, values: &[i64]) -> ResultDoc {
        let mut a = AnswerSet::empty(bank);
        for (slot, v) in a.values.iter_mut().zip(values) {
            *slot = Answer::Rating(*v);
        }
        let scores = crate::scoring::score::Scorer::new(bank).score(&a);
        crate::text::explain::assemble(bank, &a, scores, None)
    }

    /// Everything the screen promises, at 80×24 and 60×20 (one line of
    /// the window stays free) and at 40 columns: each built-in bank.
    #[test]
    fn fits_the_window_with_every_part() {
        let footer = vec![
            "e explanation · r HTML report · s save · k keep · q done".to_string(),
            "Saved to sb-short-2026-11-30.json (readable only by you).".to_string(),
        ];
        for id in ["sb-short", "sb-core", "sb-relationships", "sb-styles"] {
            let bank = Catalog::builtin(id).unwrap().bank;
            let n = bank.answer_keys().len();
            let values: Vec<i64> = (0..n).map(|i| (i % 7) as i64 + 1).collect();
            let r = result(&bank, &values);
            for (w, h) in [(79, 23), (59, 19), (39, 23)] {
                let ctx = RenderCtx::new(Some(w), true);
                let lines = result_screen(&ctx, h, &bank, &r, &footer)
                    .unwrap_or_else(|| panic!("{id} does not fit {w}×{h}"));
                let text = console::strip_ansi_codes(&lines.join("\n")).into_owned();
                assert!(lines.len() <= h, "{id} {w}×{h}:\n{text}");
                for l in text.lines() {
                    assert!(console::measure_text_width(l) <= w, "{id} {w}: {l:?}");
                }
                for d in &r.dimensions {
                    let score = d.score.map_or("–".into(), |v| format!("{v:.2}"));
                    assert!(text.contains(&score), "{id} {w}×{h}: {}\n{text}", d.id);
                    if let Some([lo, hi]) = d.interval {
                        assert!(text.contains(&format!("{lo:.2}–{hi:.2}")), "{text}");
                    }
                }
                if bank.is_prototype_bank() {
                    assert!(text.contains("secure"), "{text}");
                } else {
                    assert!(text.contains("┌ Anxiety ↑ ─"), "{text}");
                }
                assert!(text.contains("Style:"), "{text}");
                assert!(
                    text.contains("q done") && text.contains("Saved to"),
                    "{text}"
                );
                if w >= 59 {
                    // The meaning gets two lines and the title stays.
                    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    assert!(flat.contains("not a diagnosis"), "{id} {w}×{h}:\n{text}");
                    let summary = meaning_text(&r);
                    let first: String = summary
                        .split_whitespace()
                        .take(4)
                        .collect::<Vec<_>>()
                        .join(" ");
                    assert!(flat.contains(&first), "{id} {w}×{h}:\n{text}");
                }
            }
        }
    }

    #[test]
    fn too_small_is_none() {
        let bank = Catalog::builtin("sb-short").unwrap().bank;
        let r = result(&bank, &[4; 12]);
        let ctx = RenderCtx::new(Some(79), true);
        assert!(result_screen(&ctx, 10, &bank, &r, &[]).is_none());
    }
}
