//! Every table for people, rendered at 40, 60, 80 and 120 columns straight
//! from the renderers (a `RenderCtx`, no terminal): no line wider than
//! the width, ids people type and numbers never split, nothing but ASCII
//! when the output cannot show Unicode.

use securebase::answers::{Answer, AnswerSet};
use securebase::bank::{Bank, Catalog, Loaded};
use securebase::render::{self, RenderCtx};
use securebase::scoring::result::ResultDoc;

const WIDTHS: [usize; 4] = [40, 60, 80, 120];

fn bank(id: &str) -> Bank {
    Catalog::builtin(id).unwrap().bank
}

fn result(bank: &Bank, values: &[i64]) -> ResultDoc {
    let mut a = AnswerSet::empty(bank);
    for (slot, v) in a.values.iter_mut().zip(values.iter().cycle()) {
        *slot = Answer::Rating(*v);
    }
    a.respondent = Some("p-0001".into());
    let scores = securebase::scoring::score::Scorer::new(bank).score(&a);
    securebase::text::explain::assemble(bank, &a, scores, None)
}

/// Every line fits `width`; each of `whole` appears unbroken on one line;
/// in ASCII (after the output edge's pass) only ASCII is left.
#[track_caller]
fn check(what: &str, width: usize, text: &str, whole: &[String]) {
    let plain = console::strip_ansi_codes(text);
    for line in plain.lines() {
        assert!(
            console::measure_text_width(line) <= width,
            "{what} at {width}: {} columns: {line:?}\n{plain}",
            console::measure_text_width(line)
        );
    }
    for w in whole {
        assert!(
            plain.lines().any(|l| l.contains(w.as_str())),
            "{what} at {width}: {w:?} is split or missing:\n{plain}"
        );
    }
}

#[track_caller]
fn check_ascii(what: &str, width: usize, text: &str) {
    let ascii = RenderCtx::new(Some(width), false).finish(text).into_owned();
    assert!(ascii.is_ascii(), "{what} at {width} in ASCII:\n{ascii}");
}

#[test]
fn the_score_table() {
    for id in ["sb-short", "sb-core", "sb-relationships", "sb-styles"] {
        let b = bank(id);
        let r = result(&b, &[2, 6, 5, 3, 7, 1, 4]);
        let mut whole: Vec<String> = r
            .dimensions
            .iter()
            .filter_map(|d| d.score.map(|v| format!("{v:.2}")))
            .collect();
        whole.push(id.to_string());
        for w in WIDTHS {
            let ctx = RenderCtx::new(Some(w), true);
            let plot = render::plot::plot_for(&r, (b.scale.min, b.scale.max), &ctx);
            let text = render::table::table(&ctx, &b, &r, true, plot.as_deref());
            check(id, w, &text, &whole);
            check_ascii(id, w, &text);
        }
    }
}

#[test]
fn the_list_table() {
    let all: Vec<Loaded> = ["sb-short", "sb-core", "sb-styles", "sb-relationships"]
        .iter()
        .map(|id| Catalog::builtin(id).unwrap())
        .collect();
    let ids: Vec<String> = all.iter().map(|l| l.bank.id.clone()).collect();
    for w in WIDTHS {
        let ctx = RenderCtx::new(Some(w), true);
        let text = render::banks::list(&ctx, &all);
        check("list", w, &text, &ids);
        check_ascii("list", w, &text);
    }
    // Wide enough: every column, in a table.
    let wide = render::banks::list(&RenderCtx::new(Some(120), true), &all);
    for h in ["id", "questionnaire", "questions", "status", "from"] {
        assert!(wide.lines().nth(1).unwrap().contains(h), "{wide}");
    }
}

#[test]
fn what_show_prints() {
    for id in ["sb-short", "sb-core", "sb-styles", "sb-relationships"] {
        let l = Catalog::builtin(id).unwrap();
        let mut whole: Vec<String> = l.bank.items.iter().map(|i| i.id.clone()).collect();
        whole.extend(l.bank.dimensions.iter().map(|d| d.id.clone()));
        for w in WIDTHS {
            let ctx = RenderCtx::new(Some(w), true);
            let text = render::banks::show(&ctx, &l);
            check(id, w, &text, &whole);
            check_ascii(id, w, &text);
        }
    }
}

#[test]
fn the_history_table_keeps_ids_whole() {
    let rows: Vec<render::history::Row> = (0..3)
        .map(|i| render::history::Row {
            id: format!("2026113{i}T170526Z-sb-relationships"),
            date: format!("2026-11-3{i} 17:05"),
            kept_time: i == 1,
            bank: "sb-relationships".into(),
            anxiety: Some(3.5 + f64::from(i)),
            avoidance: Some(2.25),
            style: "Fearful-avoidant".into(),
        })
        .collect();
    let trends = vec![render::history::Trend {
        bank: "sb-relationships".into(),
        series: vec![
            ("anxiety".into(), vec![Some(0.1), Some(0.5), Some(1.0)]),
            ("avoidance".into(), vec![Some(0.2), None, Some(0.2)]),
        ],
    }];
    let mut whole: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    whole.extend(["3.50", "4.50", "5.50", "2.25"].map(String::from));
    for w in WIDTHS {
        let ctx = RenderCtx::new(Some(w), true);
        let text = render::history::history(&ctx, &rows, &trends);
        check("history", w, &text, &whole);
        check_ascii("history", w, &text);
        assert!(text.contains("(kept)"), "{text}");
        assert!(text.contains("Trend of sb-relationships"), "{text}");
    }
}

/// `compare` renders in the app (its reliability notes come with it):
/// checked through the binary, its width pinned with `COLUMNS`.
#[test]
fn the_compare_table() {
    for w in WIDTHS {
        let mut whole: Vec<String> = ["anxiety", "avoidance", "5.50", "3.50", "-2.00", "+0.50"]
            .map(String::from)
            .to_vec();
        if w >= 80 {
            // The RCI goes when the width is short (after the smallest reliable change).
            whole.extend(["-2.51", "+0.70"].map(String::from));
        }
        let out = crate::support::sb(&[
            "compare",
            "tests/fixtures/results/before.json",
            "tests/fixtures/results/after.json",
        ])
        .env("COLUMNS", w.to_string())
        .run();
        out.code(0);
        check("compare", w, &out.stdout, &whole);
        let ascii = crate::support::sb(&[
            "compare",
            "--ascii",
            "tests/fixtures/results/before.json",
            "tests/fixtures/results/after.json",
        ])
        .env("COLUMNS", w.to_string())
        .run();
        assert!(ascii.stdout.is_ascii(), "{}", ascii.stdout);
    }
}

#[test]
fn validate_reports() {
    let out = crate::support::sb(&["validate", "tests/fixtures/banks/unknown-key.json"]).run();
    out.code(65);
    let report = out.stderr.trim_end();
    for w in WIDTHS {
        let ctx = RenderCtx::new(Some(w), true);
        let text = render::banks::diagnostics(&ctx, report);
        check(
            "validate",
            w,
            &text,
            &["`revers`".to_string(), "`reverse`?".to_string()],
        );
    }
}
