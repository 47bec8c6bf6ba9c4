//! `compare`: two results of the same questionnaire, with the reliable change index.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use comfy_table::Cell;
use serde_json::json;

use crate::app::cli::TableOrJson;
use crate::app::config::Config;
use crate::error::Error;
use crate::render::RenderCtx;
use crate::scoring::compare::{compare, Comparison};
use crate::ui::term::{self, out, print};

use super::report::read_result;

pub fn run(cfg: &Config, before: &Path, after: &Path, format: TableOrJson) -> Result<()> {
    let b = read_result(before)?;
    let a = read_result(after)?;
    let c = compare(&b, &a).map_err(|m| {
        Error::InvalidAnswers(format!(
            "{} was scored with the questionnaire `{}` but {} with `{}`; only results of the same questionnaire can be compared",
            before.display(),
            term::sanitize(&m.before),
            after.display(),
            term::sanitize(&m.after)
        ))
    })?;
    match format {
        TableOrJson::Json => {
            let mut v = serde_json::to_value(&c)?;
            v["before_file"] = json!(before.display().to_string());
            v["after_file"] = json!(after.display().to_string());
            out(&format!("{}\n", serde_json::to_string_pretty(&v)?))?;
        }
        TableOrJson::Table => {
            let ctx = cfg.stdout_ctx();
            print(&ctx, &term::sanitize(&table(&ctx, &c, before, after)))?;
        }
    }
    Ok(())
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:.2}"))
}

fn changes_table(
    ctx: &RenderCtx,
    dims: &[crate::scoring::compare::DimensionChange],
) -> comfy_table::Table {
    let mut t = ctx.table();
    t.set_header([
        "dimension",
        "before",
        "after",
        "change",
        "RCI",
        "what it means",
    ]);
    for d in dims {
        let change = d
            .difference
            .map_or_else(|| "–".into(), |v| format!("{v:+.2}"));
        let rci = d.rci.map_or_else(|| "–".into(), |v| format!("{v:+.2}"));
        t.add_row([
            Cell::new(&d.id),
            Cell::new(num(d.before)),
            Cell::new(num(d.after)),
            Cell::new(change),
            Cell::new(rci),
            Cell::new(&d.verdict),
        ]);
    }
    t
}

fn table(ctx: &RenderCtx, c: &Comparison, before: &Path, after: &Path) -> String {
    let mut s = format!(
        "{} → {} (questionnaire {})\n",
        before.display(),
        after.display(),
        c.bank
    );
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
    s
}
