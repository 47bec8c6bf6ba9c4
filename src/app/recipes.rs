//! `securebase bank …`: the questionnaire commands as a group (`list`,
//! `show` and `validate` are also top-level commands), the published
//! instruments' recipes, and `bank new`, which builds a bank from a recipe
//! and the user's own licensed copy of the item text.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde_json::json;

use crate::app::banks;
use crate::app::cli::{BankCommand, NewBankArgs, TableOrJson};
use crate::app::config::Config;
use crate::bank::recipe::{self, ItemKind, Recipe};
use crate::bank::texts::{self, Expect};
use crate::bank::{self, Catalog};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::error::Error;
use crate::render::recipe as render;
use crate::ui::term::{out, print};

pub fn run(cfg: &Config, catalog: &Catalog, command: BankCommand) -> Result<()> {
    match command {
        BankCommand::List { format } => banks::list(cfg, catalog, format),
        BankCommand::Show { bank, format } => banks::show(cfg, catalog, &bank, format),
        BankCommand::Validate { files, format } => banks::validate(cfg, &files, format),
        BankCommand::Recipes { format } => list(cfg, format),
        BankCommand::Recipe { recipe, format } => show(cfg, &recipe, format),
        BankCommand::New(args) => new(cfg, &args),
    }
}

fn list(cfg: &Config, format: TableOrJson) -> Result<()> {
    let all = recipe::all();
    match format {
        TableOrJson::Json => {
            let v: Vec<_> = all
                .iter()
                .map(|r| {
                    json!({
                        "id": r.id, "version": r.version, "name": r.name,
                        "abbreviation": r.abbreviation, "items": r.items.count,
                        "scale": {"min": r.scale.scale.min, "max": r.scale.scale.max},
                        "citation": r.citation, "use_terms": r.use_terms.text,
                    })
                })
                .collect();
            out(&format!(
                "{}\n",
                crate::sanitize::json(&serde_json::to_string_pretty(&v)?)
            ))?;
        }
        TableOrJson::Table => print(&cfg.stdout_ctx(), &render::list(&cfg.stdout_ctx(), &all))?,
    }
    Ok(())
}

fn show(cfg: &Config, name: &str, format: TableOrJson) -> Result<()> {
    let r = recipe::resolve(name)?;
    match format {
        TableOrJson::Json => out(&format!(
            "{}\n",
            crate::sanitize::json(&serde_json::to_string_pretty(&r)?)
        ))?,
        TableOrJson::Table => print(&cfg.stdout_ctx(), &render::show(&cfg.stdout_ctx(), &r))?,
    }
    Ok(())
}

/// Reads the user's text file: a missing file is 66 as everywhere; text
/// that is not UTF-8 is bad data (65), reported like every other problem.
fn read_texts(path: &Path) -> Result<String, Error> {
    match crate::fs::read_limited(path) {
        Err(Error::NotText { line, .. }) => Err(Error::InvalidTexts(Diagnostics {
            file: path.display().to_string(),
            problems: vec![Diagnostic {
                severity: Severity::Error,
                path: String::new(),
                line: Some(line),
                column: Some(1),
                message: "the file is not UTF-8 text".into(),
                help: Some("save it as UTF-8 (plain text) and try again".into()),
            }],
        })),
        other => other,
    }
}

/// The texts of the user's file, checked against what the recipe needs.
fn texts_for(r: &Recipe, path: &Path) -> Result<texts::Texts, Error> {
    let text = read_texts(path)?;
    let letters: Vec<String> = r
        .items
        .numbers
        .iter()
        .filter_map(|n| r.paragraphs.iter().find(|p| p.number == *n))
        .map(|p| p.id.clone())
        .collect();
    let expect = Expect {
        numbers: &r.items.numbers,
        letters: &letters,
        instrument: &r.abbreviation,
        noun: match r.items.kind {
            ItemKind::Likert => "item",
            ItemKind::Paragraph => "paragraph",
        },
        max_chars: r.max_text_chars(),
    };
    let format = texts::format_of(path, &text);
    texts::read(&path.display().to_string(), &text, format, &expect).map_err(Error::InvalidTexts)
}

/// `bank new`: nothing is written unless the text file has no problem, the
/// built bank passes the bank validator, and no target file would be
/// replaced without `--force`.
fn new(cfg: &Config, a: &NewBankArgs) -> Result<()> {
    if let Some(id) = a.id.as_deref().filter(|id| !bank::is_slug(id)) {
        return Err(Error::Usage(format!(
            "--id `{id}`: a bank id uses lowercase letters, digits and dashes, e.g. `ecr-r-de`"
        ))
        .into());
    }
    let r = recipe::resolve(&a.recipe)?;
    let texts = texts_for(&r, &a.texts)?;
    let opts = recipe::Options {
        id: a.id.as_deref(),
        norms: a.norms.as_deref(),
        language: &a.language,
    };
    let value = recipe::build(&r, &texts, &opts)?;
    let json = format!("{}\n", serde_json::to_string_pretty(&value)?);
    let name = a
        .output
        .as_ref()
        .map_or_else(|| r.id.clone(), |p| p.display().to_string());
    let (bank, _) = bank::parse(&name, &json).map_err(Error::InvalidBank)?;
    let mut targets: Vec<PathBuf> = a.output.iter().cloned().collect();
    if a.install {
        if bank::BUILTIN.iter().any(|(id, _)| *id == bank.id) {
            return Err(Error::Usage(format!(
                "`{}` is a built-in questionnaire's id; choose another with --id",
                bank.id
            ))
            .into());
        }
        let dir = cfg.data_dir.as_ref().ok_or_else(|| {
            Error::Usage(
                "there is no data folder to install into; use -o to write the bank to a file"
                    .into(),
            )
        })?;
        targets.push(dir.join("questionnaires").join(format!("{}.json", bank.id)));
    }
    if let Some(p) = targets.iter().find(|p| !a.force && p.exists()) {
        return Err(Error::CantCreate {
            path: p.clone(),
            reason: "the file exists; pass --force to replace it, or choose another name".into(),
        }
        .into());
    }
    for p in &targets {
        crate::fs::write_private(p, json.as_bytes(), a.force)?;
    }
    let ctx = cfg.stdout_ctx();
    print(&ctx, &ctx.wrap(&summary(&r, &bank, a, &targets)))?;
    Ok(())
}

fn summary(r: &Recipe, b: &bank::Bank, a: &NewBankArgs, written: &[PathBuf]) -> String {
    let mut s = String::new();
    for (i, p) in written.iter().enumerate() {
        if a.install && i + 1 == written.len() {
            let _ = writeln!(
                s,
                "Installed `{}` as {} (`securebase list` shows it).",
                b.id,
                p.display()
            );
        } else {
            let _ = writeln!(s, "Wrote {}.", p.display());
        }
    }
    let _ = writeln!(
        s,
        "{}: {} questions, scored by the published key (recipe {} v{}) with your item text.",
        b.title,
        b.question_count(),
        r.id,
        r.version
    );
    if let Some(check) = &r.keying.check {
        let _ = writeln!(s, "Check the keys: {check}");
    }
    let _ = writeln!(
        s,
        "You are responsible for having the right to use the item text. Use terms: {}",
        r.use_terms.text
    );
    let bank_ref = match &a.output {
        Some(p) if !a.install => p.display().to_string(),
        _ => b.id.clone(),
    };
    let _ = writeln!(
        s,
        "Next: securebase take {bank_ref} · securebase template {bank_ref} · securebase show {bank_ref}"
    );
    s
}
