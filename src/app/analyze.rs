//! `securebase analyze`: a study in, its psychometrics out (table, JSON,
//! CSV item table, Markdown or a self-contained HTML report). The study is
//! read once, streaming, by the same readers as `score`.

use anyhow::{Context, Result};

use crate::app::cli::{AnalysisFormat, AnalyzeArgs, StudyArgs};
use crate::app::config::Config;
use crate::app::study;
use crate::bank::{Catalog, Loaded};
use crate::render::analysis as render;
use crate::scoring::analysis::{Analysis, Analyzer};
use crate::scoring::score::Scorer;
use crate::scoring::stats::Missing;
use crate::ui::term;

/// Reads the study and analyses it. Returns the analysis, the bank, and how
/// reading ended (for the exit code, once the output is written). An
/// invalid record without `--skip-invalid` is an error at once: half a
/// study's statistics would be misleading.
pub(super) fn run_study(
    catalog: &Catalog,
    args: &StudyArgs,
) -> Result<(Analysis, Loaded, study::Outcome)> {
    let (inputs, loaded) = study::open_all(
        catalog,
        &args.files,
        args.bank.as_deref(),
        args.input_format.map(Into::into),
    )?;
    let sources: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
    let bank = &loaded.bank;
    let scorer = Scorer::new(bank);
    let missing = if args.listwise {
        Missing::Listwise
    } else {
        Missing::Pairwise
    };
    let mut analyzer = Analyzer::new(bank, missing);
    let mut scores = scorer.score(&crate::answers::AnswerSet::empty(bank));
    let outcome = study::each(inputs, bank, args.skip_invalid, |set| {
        scorer.score_into(set, &mut scores);
        analyzer.push(set, &scores);
        Ok(())
    })?;
    let outcome = outcome.fail_now()?;
    let mut analysis = analyzer.finish();
    analysis.sources = sources;
    analysis.skipped = outcome.skipped() as u64;
    Ok((analysis, loaded, outcome))
}

pub fn analyze(cfg: &Config, catalog: &Catalog, args: &AnalyzeArgs) -> Result<()> {
    let (analysis, loaded, outcome) = run_study(catalog, &args.study)?;
    let bank = &loaded.bank;
    let ctx = cfg.stdout_ctx();
    if let Some(path) = &args.html {
        let page = crate::render::analysis_html::html(&analysis, bank);
        crate::fs::write_private(path, page.as_bytes(), args.force)?;
        anstream::eprintln!("securebase: wrote {}", path.display());
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
            let mut text = serde_json::to_string_pretty(&analysis).context("writing the analysis")?;
            text.push('\n');
            term::out(&text)?;
        }
        Some(AnalysisFormat::Csv) => term::out(&render::items_csv(&analysis))?,
        None => {}
    }
    outcome.finish(analysis.respondents as usize, "analysed")
}
