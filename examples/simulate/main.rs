//! Simulates honest and careless respondents on every built-in bank, scores
//! them through the library and prints, per bank and kind of respondent,
//! how often each quality flag fires, how often the result is flagged as
//! likely careless, which styles are named, and how many results are close
//! to a cutoff. The README's careless-answering figures come from
//!
//! cargo run --release --example simulate -- 10000 2024
//!
//! (respondents per kind, seed). Bank files given after the seed are
//! simulated instead of the built-in banks (e.g. banks built from recipes).
//! The model is described in `respondents.rs`.

mod antonyms;
mod respondents;

use std::collections::BTreeMap;

use respondents::{Kind, Simulator};
use securebase::answers::AnswerSet;
use securebase::bank::Catalog;
use securebase::scoring::quality::{self, IDS};
use securebase::scoring::result::Scores;
use securebase::scoring::score::Scorer;

const BANKS: [&str; 4] = ["sb-short", "sb-core", "sb-relationships", "sb-styles"];

/// Counts over the respondents of one kind.
#[derive(Default)]
struct Tally {
    n: usize,
    flagged: usize,
    careless: usize,
    flags: BTreeMap<&'static str, usize>,
    styles: BTreeMap<String, usize>,
    close: usize,
    at_cutoff: usize,
    /// Within-person antonym correlations (sorted once collected).
    antonym_r: Vec<f64>,
}

impl Tally {
    fn add(&mut self, s: &Scores) {
        self.n += 1;
        self.flagged += usize::from(!s.quality.is_empty());
        self.careless += usize::from(quality::likely_careless(&s.quality));
        for q in &s.quality {
            if let Some(id) = IDS.iter().find(|i| **i == q.id) {
                *self.flags.entry(id).or_default() += 1;
            }
        }
        let style = s.style.as_ref().map_or("none".to_string(), |st| {
            st.id
                .map_or("between styles".to_string(), |id| id.id().to_string())
        });
        *self.styles.entry(style).or_default() += 1;
        let dims = s
            .dimensions
            .iter()
            .filter(|d| d.id == "anxiety" || d.id == "avoidance");
        let (mut close, mut at) = (false, false);
        for d in dims {
            close |= d.close_to_cutoff == Some(true);
            at |= d.score == Some(d.cutoff);
        }
        self.close += usize::from(close || at);
        self.at_cutoff += usize::from(at);
    }

    fn pct(&self, k: usize) -> String {
        format!("{:.1} %", 100.0 * k as f64 / self.n.max(1) as f64)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2024);
    println!("{n} simulated respondents per kind and bank, seed {seed}.\n");
    let banks: Vec<_> = if args.len() > 3 {
        args[3..]
            .iter()
            .map(|p| {
                securebase::bank::load_path(std::path::Path::new(p)).expect("a valid bank file")
            })
            .collect()
    } else {
        BANKS
            .iter()
            .map(|id| Catalog::builtin(id).expect("a built-in bank"))
            .collect()
    };
    for loaded in banks {
        let bank = loaded.bank;
        let id = bank.id.as_str();
        let sim = Simulator::new(&bank, seed);
        let scorer = Scorer::new(&bank);
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut answers = AnswerSet::empty(&bank);
        let mut scores = scorer.score(&answers);
        let pairs = antonyms::pairs(&bank);
        let tallies: Vec<(Kind, Tally)> = Kind::ALL
            .iter()
            .map(|&kind| {
                let mut t = Tally::default();
                for _ in 0..n {
                    answers.values = sim.answers(kind, &mut rng);
                    scorer.score_into(&answers, &mut scores);
                    t.add(&scores);
                    t.antonym_r
                        .extend(antonyms::within_person_r(&answers.values, &pairs));
                }
                t.antonym_r.sort_by(f64::total_cmp);
                (kind, t)
            })
            .collect();
        print_bank(id, bank.version.as_str(), &tallies);
        print_antonyms(pairs.len(), &tallies);
    }
}

fn print_antonyms(pairs: usize, tallies: &[(Kind, Tally)]) {
    if pairs < 3 {
        return;
    }
    let get = |k: Kind| {
        &tallies
            .iter()
            .find(|(kind, _)| *kind == k)
            .unwrap()
            .1
            .antonym_r
    };
    let (honest, random) = (get(Kind::Honest), get(Kind::Random));
    println!(
        "Psychometric antonyms (not a flag): within-person r over {pairs} forward/reversed pairs: \
         honest median {:+.2}, 95th percentile {:+.2}; random median {:+.2}, 5th percentile {:+.2}.\n",
        antonyms::quantile(honest, 0.5),
        antonyms::quantile(honest, 0.95),
        antonyms::quantile(random, 0.5),
        antonyms::quantile(random, 0.05),
    );
}

fn print_bank(id: &str, version: &str, tallies: &[(Kind, Tally)]) {
    println!("## {id} {version}\n");
    let fired: Vec<&str> = IDS
        .iter()
        .copied()
        .filter(|f| tallies.iter().any(|(_, t)| t.flags.contains_key(f)))
        .collect();
    let mut head = vec!["respondents", "any flag", "likely careless"];
    head.extend(&fired);
    println!("| {} |", head.join(" | "));
    println!("|{}", "---|".repeat(head.len()));
    for (kind, t) in tallies {
        let mut row = vec![kind.name().to_string(), t.pct(t.flagged), t.pct(t.careless)];
        row.extend(
            fired
                .iter()
                .map(|f| t.pct(t.flags.get(f).copied().unwrap_or(0))),
        );
        println!("| {} |", row.join(" | "));
    }
    let styles: Vec<String> = {
        let mut all: Vec<String> = tallies
            .iter()
            .flat_map(|(_, t)| t.styles.keys().cloned())
            .collect();
        all.sort();
        all.dedup();
        all
    };
    let mut head = vec!["style named".to_string()];
    head.extend(styles.iter().cloned());
    head.extend(["close to a cutoff".into(), "at a cutoff".into()]);
    println!("\n| {} |", head.join(" | "));
    println!("|{}", "---|".repeat(head.len()));
    for (kind, t) in tallies {
        let mut row = vec![kind.name().to_string()];
        row.extend(
            styles
                .iter()
                .map(|s| t.pct(t.styles.get(s).copied().unwrap_or(0))),
        );
        row.extend([t.pct(t.close), t.pct(t.at_cutoff)]);
        println!("| {} |", row.join(" | "));
    }
    println!();
}
