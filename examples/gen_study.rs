//! Writes a synthetic study (wide CSV) for a built-in bank to stdout, for
//! benchmarks and demos. Deterministic: the same seed gives the same file.
//!
//! cargo run --release --example gen_study -- sb-core 1000000 42 > study.csv
//! cargo run --release --example gen_study -- sb-core 1000000 42 jsonl > study.jsonl
//!
//! Each respondent gets a latent anxiety and avoidance level; answers are
//! that level plus noise, reversed for reverse-keyed items, with about 1 %
//! of cells left empty (missing), so the file exercises real scoring paths.

use std::io::{BufWriter, Write};

use securebase::bank::{Catalog, ItemKind};

/// xorshift64*: tiny, fast and reproducible; statistical quality is ample
/// for synthetic answers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bank_id = args.get(1).map_or("sb-core", String::as_str);
    let n: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(42);
    let jsonl = args.get(4).is_some_and(|f| f == "jsonl");
    let bank = Catalog::builtin(bank_id).expect("a built-in bank id").bank;
    assert!(
        bank.targets.is_empty() && !bank.is_prototype_bank(),
        "likert banks without targets only"
    );
    let (min, max) = (bank.scale.min, bank.scale.max);
    let mut rng = Rng(seed.max(1));
    let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let header: Vec<&str> = std::iter::once("respondent")
        .chain(bank.items.iter().map(|i| i.id.as_str()))
        .collect();
    if !jsonl {
        writeln!(out, "{}", header.join(",")).unwrap();
    }
    for r in 0..n {
        let levels: Vec<f64> = bank
            .dimensions
            .iter()
            .map(|_| 1.0 + rng.unit() * 6.0)
            .collect();
        if jsonl {
            write!(
                out,
                "{{\"bank\":\"{bank_id}\",\"respondent\":\"p{r:07}\",\"answers\":{{"
            )
            .unwrap();
        } else {
            write!(out, "p{r:07}").unwrap();
        }
        for (k, item) in bank.items.iter().enumerate() {
            let ItemKind::Likert { dimension, reverse } = &item.kind else {
                unreachable!()
            };
            let d = bank
                .dimensions
                .iter()
                .position(|x| &x.id == dimension)
                .unwrap();
            let sep = if jsonl && k == 0 { "" } else { "," };
            let key = if jsonl {
                format!("\"{}\":", item.id)
            } else {
                String::new()
            };
            if rng.unit() < 0.01 {
                let empty = if jsonl { "null" } else { "" };
                write!(out, "{sep}{key}{empty}").unwrap();
                continue;
            }
            let noisy = levels[d] + (rng.unit() - 0.5) * 3.0;
            let mut v = (noisy.round() as i64).clamp(min, max);
            if *reverse {
                v = min + max - v;
            }
            write!(out, "{sep}{key}{v}").unwrap();
        }
        out.write_all(if jsonl { b"}}\n" } else { b"\n" }).unwrap();
    }
    out.flush().unwrap();
}
