//! `securebase analyze`: a study in, its psychometrics out (table, JSON,
//! CSV item table, Markdown or a self-contained HTML report). The study is
//! read once, streaming, by the same readers as `score`.

use anyhow::{Context, Result};

use crate::app::cli::{AnalysisFormat, AnalyzeArgs, StudyArgs};
use crate::app::config::Config;
use crate::app::study;
use crate::bank::{Bank, Catalog, Loaded};
use crate::render::analysis as render;
use crate::scoring::analysis::{Analysis, Analyzer};
use crate::scoring::score::Scorer;
use crate::scoring::stats::Missing;
use crate::ui::term;

/// Checks the study's files and resolves its questionnaire, as `score`
/// does; also returns the files' names for the report.
pub(super) fn open_study(
    catalog: &Catalog,
    args: &StudyArgs,
) -> Result<(study::Study, Loaded, Vec<String>)> {
    let (study, loaded) = study::open_study(
        catalog,
        &study::StudyFiles {
            files: &args.files,
            bank: args.bank.as_deref(),
            forced: args.input_format.map(Into::into),
        },
    )?;
    let sources = args
        .files
        .iter()
        .map(|f| {
            if study::is_stdin(f) {
                crate::answers::Source::STDIN.to_string()
            } else {
                f.display().to_string()
            }
        })
        .collect();
    Ok((study, loaded, sources))
}

/// Reads every record once, scoring it and adding it to the analysis.
/// An invalid record without `--skip-invalid` is an error at once: half a
/// study's statistics would be misleading.
pub(super) fn read_study<'b>(
    study: study::Study,
    catalog: &Catalog,
    bank: &'b Bank,
    args: &StudyArgs,
) -> Result<(Analyzer<'b>, study::Outcome)> {
    let scorer = Scorer::new(bank);
    let missing = if args.listwise {
        Missing::Listwise
    } else {
        Missing::Pairwise
    };
    let mut analyzer = Analyzer::new(bank, missing);
    let mut scores = scorer.score(&crate::answers::AnswerSet::empty(bank));
    let outcome = study.each(catalog, bank, args.skip_invalid, |record| {
        scorer.score_into(record.answers, &mut scores);
        analyzer.push(record.answers, &scores);
        Ok(())
    })?;
    Ok((analyzer, outcome.fail_now()?))
}

/// The analysis document of a study read by [`read_study`].
pub(super) fn document(
    analyzer: &Analyzer<'_>,
    sources: Vec<String>,
    outcome: &study::Outcome,
) -> Analysis {
    let mut analysis = analyzer.finish();
    analysis.sources = sources;
    analysis.skipped = outcome.skipped() as u64;
    analysis
}

pub fn analyze(cfg: &Config, catalog: &Catalog, args: &AnalyzeArgs) -> Result<()> {
    let (study, loaded, sources) = open_study(catalog, &args.study)?;
    let bank = &loaded.bank;
    let (analyzer, outcome) = read_study(study, catalog, bank, &args.study)?;
    let analysis = document(&analyzer, sources, &outcome);
    let ctx = cfg.stdout_ctx();
    if let Some(path) = &args.html {
        let page = crate::render::analysis_html::html(&analysis, bank);
        crate::fs::write_private(path, page.as_bytes(), args.force)?;
        term::note(&format!("securebase: wrote {}", path.display()));
    }
    let format = match (args.format, args.markdown, &args.html) {
        (Some(f), _, _) => Some(f),
        (None, true, _) | (None, false, Some(_)) => None,
        (None, false, None) if cfg.stdout_tty => Some(AnalysisFormat::Table),
        (None, false, None) => Some(AnalysisFormat::Json),
    };
    if args.markdown {
        term::out(&render::markdown(&analysis, bank))?;
    }
    match format {
        Some(AnalysisFormat::Table) => term::print(&ctx, &render::table(&ctx, &analysis, bank))?,
        Some(AnalysisFormat::Json) => {
            let mut text =
                serde_json::to_string_pretty(&analysis).context("writing the analysis")?;
            text.push('\n');
            term::out(&text)?;
        }
        Some(AnalysisFormat::Csv) => term::out(&render::items_csv(&analysis))?,
        None => {}
    }
    outcome.finish(analysis.respondents as usize, "analysed")
}
