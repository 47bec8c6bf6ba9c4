//! The keys of every recipe against research/instruments.md, written down
//! once here: in the recipe's own listing and in a bank built from it, where
//! items are keyed by identity (`q<number>`), never by position.

use proptest::prelude::*;
use serde_json::{json, Value};

use crate::recipes::{build, dummy_texts, recipe};

/// One dimension's key: (dimension, items, reversed items).
type DimKey = (&'static str, &'static [u32], &'static [u32]);

/// research/instruments.md §1–§7, transcribed once: (recipe, scale max,
/// dimension keys). A typo in a recipe fails against this.
const KEYS: &[(&str, i64, &[DimKey])] = &[
    (
        "ecr",
        7,
        &[
            (
                "avoidance",
                &[
                    1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35,
                ],
                &[3, 15, 19, 25, 27, 29, 31, 33, 35],
            ),
            (
                "anxiety",
                &[
                    2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36,
                ],
                &[22],
            ),
        ],
    ),
    (
        "ecr-5pt",
        5,
        &[
            (
                "avoidance",
                &[
                    1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35,
                ],
                &[3, 15, 19, 25, 27, 29, 31, 33, 35],
            ),
            (
                "anxiety",
                &[
                    2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36,
                ],
                &[22],
            ),
        ],
    ),
    (
        "ecr-r",
        7,
        &[
            (
                "anxiety",
                &[
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
                ],
                &[9, 11],
            ),
            (
                "avoidance",
                &[
                    19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
                ],
                &[20, 22, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36],
            ),
        ],
    ),
    (
        "ecr-s",
        7,
        &[
            ("anxiety", &[2, 4, 6, 8, 10, 12], &[8]),
            ("avoidance", &[1, 3, 5, 7, 9, 11], &[1, 5, 9]),
        ],
    ),
    (
        "ecr-12",
        7,
        &[
            ("anxiety", &[2, 6, 8, 14, 18, 24], &[]),
            ("avoidance", &[9, 15, 25, 27, 29, 31], &[15, 25, 27, 29, 31]),
        ],
    ),
    (
        "ecr-rs",
        7,
        &[
            ("avoidance", &[1, 2, 3, 4, 5, 6], &[1, 2, 3, 4]),
            ("anxiety", &[7, 8, 9], &[]),
        ],
    ),
    (
        "raas",
        5,
        &[
            ("close", &[1, 6, 8, 12, 13, 17], &[8, 13, 17]),
            ("depend", &[2, 5, 7, 14, 16, 18], &[2, 7, 16, 18]),
            ("anxiety", &[3, 4, 9, 10, 11, 15], &[]),
        ],
    ),
];

#[test]
fn recipe_keys_equal_the_research_notes() {
    for (id, max, dims) in KEYS {
        let r = recipe(id);
        assert_eq!(r["scale"]["min"], 1, "{id}");
        assert_eq!(r["scale"]["max"], *max, "{id}");
        let got: Vec<(String, Vec<u64>, Vec<u64>)> = r["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let nums = |k: &str| {
                    d[k].as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_u64().unwrap())
                        .collect()
                };
                (
                    d["id"].as_str().unwrap().to_string(),
                    nums("items"),
                    nums("reverse"),
                )
            })
            .collect();
        let want: Vec<(String, Vec<u64>, Vec<u64>)> = dims
            .iter()
            .map(|(d, items, rev)| {
                let v = |x: &[u32]| x.iter().map(|n| u64::from(*n)).collect();
                ((*d).to_string(), v(items), v(rev))
            })
            .collect();
        assert_eq!(got, want, "{id}");
    }
    // The RQ's paragraphs: A secure, B fearful, C preoccupied, D dismissing.
    let rq = recipe("rq");
    let styles: Vec<(&str, &str)> = rq["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["style"].as_str().unwrap()))
        .collect();
    assert_eq!(
        styles,
        [
            ("a", "secure"),
            ("b", "fearful"),
            ("c", "anxious"),
            ("d", "avoidant")
        ]
    );
}

#[test]
fn built_banks_carry_the_keys_by_item_identity() {
    for (id, max, dims) in KEYS {
        let dir = tempfile::tempdir().unwrap();
        let numbers: Vec<u32> = {
            let mut n: Vec<u32> = dims
                .iter()
                .flat_map(|(_, items, _)| items.iter().copied())
                .collect();
            n.sort_unstable();
            n
        };
        let norms: &[&str] = if *id == "raas" {
            &["--norms", "ledley-2006-men"]
        } else {
            &[]
        };
        let bank = build(dir.path(), id, "items.txt", &dummy_texts(numbers), norms);
        let b: Value = serde_json::from_str(&std::fs::read_to_string(&bank).unwrap()).unwrap();
        assert_eq!(b["scale"]["max"], *max, "{id}");
        for (d, items, rev) in *dims {
            for n in *items {
                let item = b["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["id"] == format!("q{n}"))
                    .unwrap_or_else(|| panic!("{id}: no item q{n}"));
                assert_eq!(item["dimension"], *d, "{id} q{n}");
                assert_eq!(
                    item["reverse"].as_bool().unwrap_or(false),
                    rev.contains(n),
                    "{id} q{n}"
                );
                assert_eq!(
                    item["text"],
                    format!("Placeholder statement number {n} for testing."),
                    "{id} q{n}: the text of the line numbered {n}"
                );
            }
        }
    }
}

// ---- scoring by item identity ------------------------------------------------

fn recipe_bank(id: &str) -> Value {
    use securebase::bank::{recipe, texts::Texts};
    let r = recipe::builtin(id).unwrap();
    let texts = Texts {
        items: r
            .items
            .numbers
            .iter()
            .map(|n| (*n, format!("Placeholder statement {n}.")))
            .collect(),
        instructions: None,
    };
    recipe::build(
        &r,
        &texts,
        &recipe::Options {
            language: "en",
            ..Default::default()
        },
    )
    .unwrap()
}

fn scores_of(bank: &Value, answers: &str) -> Vec<(String, Option<f64>, usize)> {
    use securebase::answers::{read, Format};
    use securebase::scoring::score::Scorer;
    let (b, _) = securebase::bank::parse("bank", &bank.to_string()).unwrap();
    let set = read(&b, "answers", Format::Json, answers.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    let s = Scorer::new(&b).score(&set);
    s.dimensions
        .iter()
        .map(|d| (d.id.clone(), d.score, d.missing))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The same answers give the same scores whatever order the bank asks
    /// its items in and the answer file lists them: keys go by item
    /// identity, never by position.
    #[test]
    fn recipe_banks_score_by_item_identity(
        id in proptest::sample::select(vec!["ecr", "ecr-r", "ecr-s", "ecr-12", "raas"]),
        seed in proptest::collection::vec(any::<u32>(), 36),
        values in proptest::collection::vec(proptest::option::weighted(0.9, 1i64..=5), 36),
    ) {
        let bank = recipe_bank(id);
        let n = bank["items"].as_array().unwrap().len();
        // Two orders from the seed: one for the bank's items, one for the file.
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|i| seed[*i]);
        let mut shuffled = bank.clone();
        let items = bank["items"].as_array().unwrap();
        shuffled["items"] = Value::Array(order.iter().map(|i| items[*i].clone()).collect());
        let ids: Vec<String> = items.iter().map(|i| i["id"].as_str().unwrap().to_string()).collect();
        let answers = |keys: &mut dyn Iterator<Item = usize>| {
            let map: serde_json::Map<String, Value> =
                keys.map(|i| (ids[i].clone(), json!(values[i]))).collect();
            json!({"bank": id, "answers": map}).to_string()
        };
        let straight = scores_of(&bank, &answers(&mut (0..n)));
        let reordered = scores_of(&shuffled, &answers(&mut order.iter().rev().copied()));
        prop_assert_eq!(straight, reordered);
    }
}
