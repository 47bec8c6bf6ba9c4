//! The library API in a few lines: load a bank, read answers, score, explain.
//!
//! cargo run --example library -- examples/sb-short.json

use std::fs::File;

use securebase::answers::{self, Format};
use securebase::bank::Catalog;
use securebase::scoring::score::Scorer;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or("examples/sb-short.json".into());
    let bank = Catalog::builtin("sb-short").expect("built in").bank;
    let scorer = Scorer::new(&bank);
    for person in answers::read(&bank, &path, Format::Json, File::open(&path)?) {
        let person = person?;
        let result =
            securebase::text::explain::assemble(&bank, &person, scorer.score(&person), None);
        for d in &result.dimensions {
            println!("{}: {:?} (interval {:?})", d.label, d.score, d.interval);
        }
        let (_, headline) =
            securebase::text::words::headline(result.style.as_ref(), result.prototype.as_ref());
        println!("style: {headline}");
    }
    Ok(())
}
