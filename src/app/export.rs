//! `securebase export`: a questionnaire or a result as HL7 FHIR R4 (SDC),
//! for a health record or a questionnaire platform. The resources are
//! built by `render::fhir`; this file decides what goes in (item wording,
//! publisher, dates, subject) and where the JSON goes.

use std::path::Path;

use anyhow::{Context as _, Result};
use serde_json::Value;

use crate::answers::{self, Format};
use crate::app::cli::{ExportCommand, ExportOutput};
use crate::bank::{Catalog, Origin};
use crate::error::Error;
use crate::render::fhir;
use crate::scoring::result::{ResultDoc, Scores};
use crate::scoring::score::Scorer;
use crate::ui::term;

pub fn run(catalog: &Catalog, cmd: ExportCommand) -> Result<()> {
    match cmd {
        ExportCommand::FhirQuestionnaire {
            bank,
            item_text,
            no_item_text,
            publisher,
            date,
            output,
        } => {
            let loaded = catalog.resolve(&bank)?;
            let builtin = loaded.origin == Origin::Builtin;
            if let Some(d) = &date {
                if !is_fhir_date(d) {
                    return Err(Error::Usage(format!(
                        "--date {}: not a date; give YYYY-MM-DD (or a full RFC 3339 time)",
                        term::sanitize(d)
                    ))
                    .into());
                }
            }
            let with_text = item_text || (builtin && !no_item_text);
            if !with_text && !no_item_text {
                crate::ui::term::note(&format!(
                    "securebase: item wording left out ({} is not a built-in questionnaire); pass --item-text to include it where its licence allows",
                    term::sanitize(&loaded.bank.id)
                ));
            }
            let publisher = publisher.or_else(|| builtin.then(|| "securebase".to_string()));
            let q = fhir::questionnaire(
                &loaded.bank,
                &fhir::QuestionnaireOptions {
                    item_text: with_text,
                    publisher: publisher.as_deref(),
                    date: date.as_deref(),
                },
            );
            emit(&q, &output)
        }
        ExportCommand::FhirResponse {
            result,
            bundle,
            subject,
            authored,
            output,
        } => response(
            catalog,
            &result,
            bundle,
            subject.as_deref(),
            authored.as_deref(),
            &output,
        ),
    }
}

/// A FHIR `date` or `dateTime`: `YYYY-MM-DD`, or RFC 3339 with a zone.
fn is_fhir_date(s: &str) -> bool {
    let b = s.as_bytes();
    let plain_date = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && crate::clock::parse_rfc3339(&format!("{s}T00:00:00Z")).is_some();
    plain_date || crate::clock::parse_rfc3339(s).is_some()
}

/// A FHIR reference as `--subject` takes it: `Type/id` (a resource type
/// and a FHIR id), an absolute URL, or a `urn:uuid:`/`urn:oid:`.
fn is_reference(s: &str) -> bool {
    if s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    if ["http://", "https://", "urn:uuid:", "urn:oid:"]
        .iter()
        .any(|p| s.len() > p.len() && s.starts_with(p))
    {
        return true;
    }
    let Some((ty, id)) = s.split_once('/') else {
        return false;
    };
    ty.starts_with(|c: char| c.is_ascii_uppercase())
        && ty.chars().all(|c| c.is_ascii_alphabetic())
        && (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

fn response(
    catalog: &Catalog,
    file: &Path,
    bundle: bool,
    subject: Option<&str>,
    authored: Option<&str>,
    output: &ExportOutput,
) -> Result<()> {
    if let Some(s) = subject.filter(|s| !is_reference(s)) {
        return Err(Error::Usage(format!(
            "--subject {}: not a FHIR reference; give e.g. Patient/123, an absolute URL, or urn:uuid:…",
            term::sanitize(s)
        ))
        .into());
    }
    if let Some(a) = authored.filter(|a| !is_fhir_date(a)) {
        return Err(Error::Usage(format!(
            "--authored {}: not a time; give RFC 3339 (2026-03-01T10:30:00Z) or a date (2026-03-01)",
            term::sanitize(a)
        ))
        .into());
    }
    let scored = super::report::read_result(catalog, file)?;
    let loaded = catalog.resolve(&scored.bank.id).with_context(|| {
        format!(
            "{}: the result was scored with the questionnaire `{}`, which is not available here",
            file.display(),
            term::sanitize(&scored.bank.id)
        )
    })?;
    let bank = &loaded.bank;
    if bank.version != scored.bank.version {
        return Err(Error::InvalidAnswers(format!(
            "{}: the result answers version {} of {}, but the bank here is version {}; a response must name the version that was answered, so export it where that version is installed",
            file.display(),
            term::sanitize(&scored.bank.version),
            bank.id,
            bank.version
        ))
        .into());
    }
    // The result is also an answer file: its answers are read and checked
    // like any other and scored again, so the response carries exactly
    // what this securebase computes from them.
    let input = std::fs::File::open(file).map_err(|cause| Error::Read {
        path: file.to_path_buf(),
        cause,
    })?;
    let name = file.display().to_string();
    let set = answers::read(bank, &name, Format::Json, input)
        .next()
        .expect("a JSON file gives one item")?;
    let scores = Scorer::new(bank).score(&set);
    warn_if_rescored_differently(&scored, &scores, file);
    let authored = authored.or(scored.completed_at.as_deref());
    if authored.is_none() {
        crate::ui::term::note(
            "securebase: the result does not say when it was answered, so `authored` is left out (SDC expects it); pass --authored TIME",
        );
    }
    let meta = fhir::ResponseMeta { authored, subject };
    let doc = if bundle {
        fhir::bundle(bank, &set, &scores, &meta, &mut || {
            uuid::Uuid::new_v4().to_string()
        })
    } else {
        fhir::response(bank, &set, &scores, &meta)
    };
    emit(&doc, output)
}

/// The scores a result file holds should be the ones its answers give;
/// when they are not (an edited file, an older securebase), say so.
fn warn_if_rescored_differently(scored: &ResultDoc, now: &Scores, file: &Path) {
    let pairs = scored.dimensions.iter().zip(&now.dimensions).chain(
        scored
            .targets
            .iter()
            .zip(&now.targets)
            .flat_map(|(a, b)| a.dimensions.iter().zip(&b.dimensions)),
    );
    let differs = pairs.into_iter().any(|(a, b)| match (a.score, b.score) {
        (Some(x), Some(y)) => (x - y).abs() > 1e-9,
        (x, y) => x.is_some() != y.is_some(),
    });
    if differs {
        crate::ui::term::note(&format!(
            "securebase: warning: {}: the scores in the file differ from scoring its answers again; the response carries the scores computed now",
            file.display()
        ));
    }
}

/// Writes the JSON to the file asked for (owner-only, atomically: a
/// response holds a person's answers), or to standard output.
fn emit(doc: &Value, output: &ExportOutput) -> Result<()> {
    let mut text = serde_json::to_string_pretty(doc)?;
    text.push('\n');
    match &output.output {
        Some(path) => {
            crate::fs::write_private(path, text.as_bytes(), output.force)?;
            crate::ui::term::note(&format!("wrote {}", path.display()));
        }
        None => term::out(&text)?,
    }
    Ok(())
}
