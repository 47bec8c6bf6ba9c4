//! `compare`: two results of the same questionnaire, with the reliable
//! change index, the smallest reliable change, which reliability was used,
//! and a paragraph bank's answers side by side.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use serde_json::json;

use crate::app::cli::{ReliabilityArg, TableOrJson};
use crate::app::config::Config;
use crate::bank::Catalog;
use crate::error::Error;
use crate::render::{display, RenderCtx};
use crate::scoring::compare::{
    compare, CompareError, Comparison, DimensionChange, Reliability, ReliabilityUsed, StyleChange,
    Verdict, RCI_CRITICAL,
};
use crate::scoring::result::{PrototypeScores, StyleId};
use crate::text::words;
use crate::ui::term::{self, out, print};

use super::report::read_result;

fn reliability(r: ReliabilityArg) -> Reliability {
    match r {
        ReliabilityArg::Auto => Reliability::Auto,
        ReliabilityArg::Alpha => Reliability::Alpha,
        ReliabilityArg::Retest => Reliability::Retest,
        ReliabilityArg::Given(v) => Reliability::Given(v),
    }
}

pub fn run(
    cfg: &Config,
    catalog: &Catalog,
    before: &Path,
    after: &Path,
    format: TableOrJson,
    rel: ReliabilityArg,
) -> Result<()> {
    let b = read_result(catalog, before)?;
    let a = read_result(catalog, after)?;
    let c = compare(&b, &a, reliability(rel)).map_err(|e| match e {
        CompareError::BankMismatch { before: m1, after: m2 } => Error::InvalidAnswers(format!(
            "{} was scored with the questionnaire `{}` but {} with `{}`; only results of the same questionnaire can be compared",
            before.display(),
            term::sanitize(&m1),
            after.display(),
            term::sanitize(&m2)
        )),
        CompareError::NoReliability { dimension, wanted } => Error::Usage(format!(
            "--reliability {}: the results carry no {} for `{}`; use --reliability auto (or a number between 0 and 1, which needs the reference SD that results written by this version carry)",
            match wanted {
                Reliability::Retest => "retest".to_string(),
                Reliability::Alpha => "alpha".to_string(),
                Reliability::Given(v) => v.to_string(),
                Reliability::Auto => "auto".to_string(),
            },
            match wanted {
                Reliability::Retest => "test–retest reliability",
                Reliability::Alpha => "measurement error",
                _ => "reference standard deviation",
            },
            term::sanitize(&dimension)
        )),
    })?;
    match format {
        TableOrJson::Json => {
            let mut v = serde_json::to_value(&c)?;
            v["before_file"] = json!(before.display().to_string());
            v["after_file"] = json!(after.display().to_string());
            out(&format!(
                "{}\n",
                crate::sanitize::json(&serde_json::to_string_pretty(&v)?)
            ))?;
        }
        TableOrJson::Table => {
            if let Some([v1, v2]) = &c.versions {
                crate::ui::term::note(&format!(
                    "securebase: warning: {}",
                    term::sanitize(&versions_warning(&c.bank, v1, v2))
                ));
            }
            let scale = super::report::bank_scale(catalog, &b, before).ok();
            let ctx = cfg.stdout_ctx();
            print(
                &ctx,
                &term::sanitize(&table(&ctx, &c, (before, after), scale)),
            )?;
        }
    }
    Ok(())
}

fn versions_warning(bank: &str, v1: &str, v2: &str) -> String {
    words::compare("versions", &[("bank", bank), ("before", v1), ("after", v2)])
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:.2}"))
}

fn verdict(d: &DimensionChange) -> String {
    let key = |k| words::compare(k, &[]);
    match d.verdict {
        Verdict::NoChange => key("no-change"),
        Verdict::ReliablyHigher => words::compare("reliable", &[("direction", &key("higher"))]),
        Verdict::ReliablyLower => words::compare("reliable", &[("direction", &key("lower"))]),
        Verdict::WithinError => key("within-error"),
        Verdict::NoSem => key("no-sem"),
        Verdict::NoScoreBefore => key("no-score-before"),
        Verdict::NoScoreAfter => key("no-score-after"),
    }
}

/// The numbers of each dimension's change in a table, then what each
/// means in a line of its own (a sentence wraps badly in a narrow column).
fn changes(ctx: &RenderCtx, dims: &[DimensionChange]) -> String {
    use crate::render::fit::{self, Column};
    // Ids and numbers whole; when the width is short the smallest reliable
    // change goes first, then the RCI (the line under the table says what
    // each change means).
    let columns = [
        Column::whole("dimension"),
        Column::whole("before"),
        Column::whole("after"),
        Column::whole("change"),
        Column::whole("smallest reliable change").droppable(0),
        Column::whole("RCI").droppable(1),
    ];
    let signed = |v: Option<f64>| v.map_or_else(|| "–".into(), crate::render::ctx::signed2);
    let rows: Vec<Vec<String>> = dims
        .iter()
        .map(|d| {
            vec![
                d.id.clone(),
                num(d.before),
                num(d.after),
                signed(d.difference),
                d.smallest_reliable_change
                    .map_or_else(|| "–".into(), |v| format!("±{v:.2}")),
                signed(d.rci),
            ]
        })
        .collect();
    let t = fit::table(ctx, &columns, &rows);
    let mut s = format!("{t}\n");
    for d in dims {
        let _ = writeln!(s, "{}", ctx.wrap(&format!("{}: {}", d.id, verdict(d))));
    }
    s
}

/// A paragraph bank's answers, before and after.
fn ratings_table(
    ctx: &RenderCtx,
    before: &PrototypeScores,
    after: &PrototypeScores,
    scale: Option<(i64, i64)>,
) -> String {
    let mut t = ctx.table();
    t.set_header(["description", "before", "after", "change"]);
    for s in StyleId::ALL {
        let get = |p: &PrototypeScores| p.ratings.get(s.id()).copied().flatten();
        let (b, a) = (get(before), get(after));
        let show = |r: Option<i64>| r.map_or("not rated".into(), |r| r.to_string());
        t.add_row([
            crate::text::explain::style_name(s).to_string(),
            show(b),
            show(a),
            b.zip(a).map_or("–".into(), |(b, a)| format!("{:+}", a - b)),
        ]);
    }
    let line = |p: &PrototypeScores| display::prototype_answers(p, scale).1.join("; ");
    format!(
        "{t}\nBefore: {}\nAfter: {}\n{}\n",
        line(before),
        line(after),
        words::compare("ratings-no-error", &[])
    )
}

/// Which reliability the SEMs came from, in words: one line a kind, naming
/// the dimensions it was used for.
fn reliability_lines(all: &[DimensionChange]) -> Vec<String> {
    let mut used: Vec<(ReliabilityUsed, Vec<&str>)> = Vec::new();
    for d in all {
        let Some(u) = d.reliability_used else {
            continue;
        };
        match used.iter_mut().find(|(k, _)| *k == u) {
            Some((_, ids)) if ids.contains(&d.id.as_str()) => {}
            Some((_, ids)) => ids.push(&d.id),
            None => used.push((u, vec![&d.id])),
        }
    }
    used.into_iter()
        .map(|(u, ids)| {
            let names = words::and_list(&ids);
            let dims = ("dimensions", names.as_str());
            match u {
                ReliabilityUsed::Alpha => words::compare("reliability-alpha", &[dims]),
                ReliabilityUsed::Retest => words::compare("reliability-retest", &[dims]),
                ReliabilityUsed::Given => {
                    // The value after Spearman–Brown for the items answered.
                    let v = all
                        .iter()
                        .find(|d| d.reliability_used == Some(u))
                        .and_then(|d| d.reliability)
                        .map_or(String::new(), |r| format!("{r:.2}"));
                    words::compare("reliability-given", &[dims, ("value", &v)])
                }
            }
        })
        .collect()
}

fn style_line(c: &Comparison) -> String {
    let h = |s: Option<&crate::scoring::result::Style>, p: Option<&PrototypeScores>| {
        words::headline(s, p).1
    };
    let before = h(c.style_before.as_ref(), c.prototype_before.as_ref());
    let after = h(c.style_after.as_ref(), c.prototype_after.as_ref());
    let pairs = [("before", before.as_str()), ("after", after.as_str())];
    match c.style_change {
        StyleChange::Same => words::compare("style-same", &pairs),
        StyleChange::Moved => words::compare("style-moved", &pairs),
        StyleChange::MovedWithinError => words::compare("style-moved-within-error", &pairs),
    }
}

fn table(
    ctx: &RenderCtx,
    c: &Comparison,
    (before, after): (&Path, &Path),
    scale: Option<(i64, i64)>,
) -> String {
    let mut s = format!(
        "{} → {} (questionnaire {})\n",
        before.display(),
        after.display(),
        c.bank
    );
    if let Some([v1, v2]) = &c.versions {
        let warning = versions_warning(&c.bank, v1, v2);
        let _ = writeln!(
            s,
            "{}",
            ctx.wrap(&words::compare("warning", &[("text", &warning)]))
        );
    }
    if let (Some(p1), Some(p2)) = (&c.prototype_before, &c.prototype_after) {
        s.push_str(&ratings_table(ctx, p1, p2, scale));
    }
    if !c.dimensions.is_empty() {
        s.push_str(&changes(ctx, &c.dimensions));
    }
    for t in &c.targets {
        let _ = write!(s, "\n{}\n{}", t.label, changes(ctx, &t.dimensions));
    }
    let _ = writeln!(s, "\n{}", ctx.wrap(&style_line(c)));
    let all: Vec<DimensionChange> = c
        .dimensions
        .iter()
        .chain(c.targets.iter().flat_map(|t| &t.dimensions))
        .cloned()
        .collect();
    if all.iter().any(|d| d.sem.is_some()) {
        let mut notes = reliability_lines(&all);
        if all.iter().any(|d| d.reference_assumed == Some(true)) {
            notes.push(words::compare("approximate", &[]));
        }
        notes.push(words::compare(
            "rci",
            &[("critical", &RCI_CRITICAL.to_string())],
        ));
        for n in notes {
            let _ = writeln!(s, "{}", ctx.wrap(&n));
        }
    }
    crate::render::ctx::wrap_long_lines(ctx, &s)
}
