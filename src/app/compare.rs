//! `compare`: two results of the same questionnaire, with the reliable change index.

use std::path::Path;

use anyhow::Result;
use serde_json::json;

use crate::app::cli::TableOrJson;
use crate::app::config::Config;
use crate::error::Error;
use crate::scoring::compare::compare;
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
            print(
                &ctx,
                &term::sanitize(&crate::render::compare::comparison(
                    &ctx,
                    &c,
                    &before.display().to_string(),
                    &after.display().to_string(),
                )),
            )?;
        }
    }
    Ok(())
}
