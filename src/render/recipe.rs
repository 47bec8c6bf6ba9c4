//! A recipe for people: `bank recipes` (one entry per instrument) and
//! `bank recipe ID` (everything the recipe says, each fact with its source
//! and confidence, and what the user must supply). Pure: a recipe and a
//! [`RenderCtx`] in, text out.

use std::fmt::Write as _;

use super::ctx::{styled, RenderCtx, BOLD, DIM};
use crate::bank::recipe::{ItemKind, NormSet, Recipe, RecipeDimension, Reliability, Sourced};
use crate::bank::Prototype;

/// Item numbers as people read them: `1–18`, or `2, 6, 8`.
pub fn numbers(n: &[u32]) -> String {
    if n.len() > 2 && n.windows(2).all(|w| w[1] == w[0] + 1) {
        return format!("{}–{}", n[0], n[n.len() - 1]);
    }
    n.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

fn scale(r: &Recipe) -> String {
    let s = &r.scale.scale;
    let labels: Vec<String> = s.labels.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    format!("{}–{} ({})", s.min, s.max, labels.join(", "))
}

fn sourced(s: &Sourced) -> String {
    format!("Source: {} Confidence: {}.", s.source, s.confidence.id())
}

/// `text` wrapped to the context's width, its first line indented by
/// `first` spaces and the rest by `rest` (a hanging indent).
fn hang(ctx: &RenderCtx, first: usize, rest: usize, text: &str) -> String {
    let (a, b) = (" ".repeat(first), " ".repeat(rest));
    let opts = textwrap::Options::new(ctx.text_width())
        .initial_indent(&a)
        .subsequent_indent(&b);
    textwrap::fill(text, opts)
}

/// A coefficient as published: at least two decimals (.80, not .8).
fn coef(x: f64) -> String {
    let two = format!("{x:.2}");
    if (two.parse::<f64>().unwrap_or(x) - x).abs() < 1e-12 {
        two
    } else {
        x.to_string()
    }
}

/// How many of what: "36 statements", "4 paragraphs".
fn count(r: &Recipe) -> String {
    let noun = match r.items.kind {
        ItemKind::Likert => "statements",
        ItemKind::Paragraph => "paragraphs",
    };
    format!("{} {noun}", r.items.count)
}

/// `bank recipes`: one entry per recipe.
pub fn list(ctx: &RenderCtx, recipes: &[Recipe]) -> String {
    let mut s = String::new();
    for r in recipes {
        let _ = writeln!(
            s,
            "{}",
            hang(
                ctx,
                0,
                4,
                &format!(
                    "{}  {} · {}, rated {}–{}",
                    styled(BOLD, &r.id),
                    r.title(),
                    count(r),
                    r.scale.scale.min,
                    r.scale.scale.max
                )
            )
        );
        let _ = writeln!(s, "{}", hang(ctx, 4, 4, &r.citation));
        let _ = writeln!(
            s,
            "{}\n",
            hang(ctx, 4, 4, &format!("Use terms: {}", r.use_terms.text))
        );
    }
    let _ = write!(
        s,
        "{}",
        styled(
            DIM,
            &ctx.wrap("Recipes hold keys and facts, never item text. `securebase bank recipe ID` shows one in full and what you need to supply.")
        )
    );
    s.push('\n');
    s
}

/// `bank recipe ID`: the recipe in full.
pub fn show(ctx: &RenderCtx, r: &Recipe) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {}\n",
        styled(BOLD, &r.title()),
        styled(DIM, &format!("(recipe {} v{})", r.id, r.version))
    );
    let mut field = |name: &str, text: &str, src: Option<&Sourced>| {
        let _ = writeln!(s, "{}", hang(ctx, 0, 13, &format!("{name:<12} {text}")));
        if let Some(src) = src {
            let _ = writeln!(s, "{}", styled(DIM, &hang(ctx, 13, 13, &sourced(src))));
        }
    };
    field("Citation", &r.citation, None);
    field("Use terms", &r.use_terms.text, Some(&r.use_terms.sourced));
    field(
        "Items",
        &format!("{}, numbered {}", count(r), numbers(&r.items.numbers)),
        None,
    );
    field("Scale", &scale(r), Some(&r.scale.sourced));
    let scoring = format!("{:?}", r.scoring.rule).to_lowercase();
    let note = r
        .scoring
        .note
        .as_deref()
        .map_or(String::new(), |n| format!(". {n}"));
    field(
        "Scoring",
        &format!("{scoring}{note}"),
        Some(&r.scoring.sourced),
    );
    field(
        "Keys",
        r.keying.note.as_deref().unwrap_or("as listed below"),
        Some(&r.keying.sourced),
    );
    if let Some(check) = &r.keying.check {
        field("Check", check, None);
    }
    sections(ctx, r, &mut s);
    supply(ctx, r, &mut s);
    s
}

fn reliability(rel: &Reliability) -> String {
    let mut parts = Vec::new();
    if let Some(a) = rel.alpha {
        parts.push(format!("alpha {}", coef(a)));
    }
    if let Some(t) = rel.retest {
        let over = rel
            .retest_interval
            .as_deref()
            .map_or(String::new(), |i| format!(" over {i}"));
        parts.push(format!("retest {}{over}", coef(t)));
    }
    let mut text = if parts.is_empty() {
        String::new()
    } else {
        format!("{}. ", parts.join(", "))
    };
    if let Some(n) = &rel.note {
        text.push_str(n);
    }
    if rel.assumed {
        text.push_str(" Measured on another version of the instrument.");
    }
    text.trim_end().to_string()
}

fn dimension(ctx: &RenderCtx, d: &RecipeDimension, s: &mut String) {
    let rev = if d.reverse.is_empty() {
        "none".to_string()
    } else {
        numbers(&d.reverse)
    };
    let sum = if d.sum {
        "; the sum is reported too"
    } else {
        ""
    };
    let _ = writeln!(
        s,
        "{}",
        hang(
            ctx,
            2,
            4,
            &format!(
                "{} ({}): items {}; reversed: {rev}{sum}",
                d.id,
                d.label,
                numbers(&d.items)
            )
        )
    );
    if let Some(rel) = &d.reliability {
        let _ = writeln!(
            s,
            "{}",
            hang(ctx, 4, 4, &format!("Reliability: {}", reliability(rel)))
        );
        let _ = writeln!(
            s,
            "{}",
            styled(DIM, &hang(ctx, 4, 4, &sourced(&rel.sourced)))
        );
    }
}

fn norm_set(ctx: &RenderCtx, n: &NormSet, s: &mut String) {
    let default = if n.default {
        " (used unless you choose another)"
    } else {
        ""
    };
    let size = n.n.map_or(String::new(), |n| format!("; n = {n}"));
    let _ = writeln!(
        s,
        "{}",
        hang(ctx, 2, 4, &format!("{}{default}: {}{size}", n.id, n.sample))
    );
    for (d, v) in &n.dimensions {
        let alpha = v
            .alpha
            .map_or(String::new(), |a| format!(", alpha {}", coef(a)));
        let table = v.percentiles.as_ref().map_or(
            "; percentiles by the normal approximation".to_string(),
            |t| format!("; percentiles from the sample's table ({} rows)", t.len()),
        );
        let _ = writeln!(
            s,
            "{}",
            hang(
                ctx,
                4,
                6,
                &format!("{d}: mean {}, SD {}{alpha}{table}", v.mean, v.sd)
            )
        );
    }
    let _ = writeln!(s, "{}", styled(DIM, &hang(ctx, 4, 4, &sourced(&n.sourced))));
}

fn style_name(p: Prototype) -> &'static str {
    match p {
        Prototype::Secure => "secure",
        Prototype::Anxious => "preoccupied (securebase: anxious)",
        Prototype::Avoidant => "dismissing (securebase: avoidant)",
        Prototype::Fearful => "fearful",
    }
}

/// Dimensions or paragraphs, relationships, norms, category rule, notes.
fn sections(ctx: &RenderCtx, r: &Recipe, s: &mut String) {
    if !r.dimensions.is_empty() {
        let _ = writeln!(s, "\n{}", styled(BOLD, "Dimensions"));
        for d in &r.dimensions {
            dimension(ctx, d, s);
        }
    }
    if !r.paragraphs.is_empty() {
        let _ = writeln!(s, "\n{}", styled(BOLD, "Paragraphs"));
        for p in &r.paragraphs {
            let _ = writeln!(
                s,
                "  {} (item {}): {}",
                p.id.to_uppercase(),
                p.number,
                style_name(p.style)
            );
        }
        if let Some(fc) = &r.forced_choice {
            let _ = writeln!(
                s,
                "{}",
                hang(
                    ctx,
                    2,
                    4,
                    &format!("Then the best fit (`{}`): {}", fc.id, fc.text)
                )
            );
        }
    }
    if !r.targets.is_empty() {
        let _ = writeln!(
            s,
            "\n{} (every statement is asked once for each)",
            styled(BOLD, "Relationships")
        );
        for t in &r.targets {
            let _ = writeln!(s, "  {:<8} {}", t.id, t.label);
        }
    }
    let _ = writeln!(s, "\n{}", styled(BOLD, "Norms"));
    if r.norms.is_empty() {
        let _ = writeln!(s, "  none verified: results give no percentiles");
    }
    for n in &r.norms {
        norm_set(ctx, n, s);
    }
    if let Some(rule) = &r.category_rule {
        let _ = writeln!(
            s,
            "\n{} ({}), shown after the dimensions",
            styled(BOLD, "Category rule"),
            rule.id.id()
        );
        let _ = writeln!(s, "{}", hang(ctx, 2, 2, &rule.caution));
        let _ = writeln!(
            s,
            "{}",
            styled(DIM, &hang(ctx, 2, 2, &sourced(&rule.sourced)))
        );
    }
    if !r.notes.is_empty() {
        let _ = writeln!(s, "\n{}", styled(BOLD, "Notes"));
        for n in &r.notes {
            let _ = writeln!(s, "{}", ctx.wrap(&format!("- {n}")));
        }
    }
}

/// What the user must bring to `bank new`, and the command.
fn supply(ctx: &RenderCtx, r: &Recipe, s: &mut String) {
    let _ = writeln!(s, "\n{}", styled(BOLD, "What you supply"));
    let (what, label) = match r.items.kind {
        ItemKind::Paragraph => (
            format!(
                "the {} paragraphs, in the order {}",
                r.items.count,
                r.paragraphs
                    .iter()
                    .map(|p| p.id.to_uppercase())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "a leading \"1.\" or \"A.\"",
        ),
        ItemKind::Likert if !r.targets.is_empty() => (
            format!(
                "the {} statements once (securebase asks them about each relationship)",
                r.items.count
            ),
            "a leading \"3.\" or \"3)\"",
        ),
        ItemKind::Likert => (
            format!("the {} statements", r.items.count),
            "a leading \"12.\" or \"12)\"",
        ),
    };
    let text = format!(
        "Your own copy of {what}, which you must have the right to use (see the use terms above), in a text file:\n\
         - one a line, in the {abbr}'s order ({nums}); {label} is checked against the line's position;\n\
         - or CSV rows number,text (any order; a header row is allowed);\n\
         - or JSON {{\"{first}\": \"…\", …}}.\n\
         Optionally the instrument's own instructions: a line \"instructions: …\" (a CSV row instructions,… or a JSON key \"instructions\"); otherwise securebase's paraphrase is used.",
        abbr = r.abbreviation,
        nums = numbers(&r.items.numbers),
        first = r.items.numbers[0],
    );
    let _ = writeln!(s, "{}", ctx.wrap(&text));
    let norms = match r.norms.as_slice() {
        [] => String::new(),
        sets if sets.iter().any(|n| n.default) => String::new(),
        [one] => format!(" --norms {}", one.id),
        sets => format!(
            " --norms {}\n  (or --norms {})",
            sets[0].id,
            sets[1..]
                .iter()
                .map(|n| n.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let _ = writeln!(
        s,
        "Then:\n  securebase bank new --recipe {id} --texts items.txt -o {id}.json{norms}",
        id = r.id
    );
}
