//! What the quality checks need to know about a bank's questions, worked
//! out once per bank (in `Scorer::new`), not per respondent.

use std::collections::BTreeMap;

use crate::bank::{Bank, ItemKind};

/// The longest block of consecutive questions (in asking order, across
/// targets) keyed the same way on the same dimension: within such a block
/// identical answers can be honest.
pub fn same_keyed_block(bank: &Bank) -> usize {
    let keys: Vec<(&str, bool)> = bank
        .items
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::Likert { dimension, reverse } => Some((dimension.as_str(), *reverse)),
            ItemKind::Prototype { .. } => None,
        })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    let mut last = None;
    for key in keys
        .iter()
        .cycle()
        .take(keys.len() * bank.targets.len().max(1))
    {
        run = if last == Some(key) { run + 1 } else { 1 };
        last = Some(key);
        longest = longest.max(run);
    }
    longest
}

/// Words of each answer key's question: the item text (per target in a bank
/// with targets) and the forced choice.
pub fn words(bank: &Bank) -> BTreeMap<String, usize> {
    let mut words: BTreeMap<String, usize> = BTreeMap::new();
    let mut texts = Vec::new();
    for _ in 0..bank.targets.len().max(1) {
        texts.extend(bank.items.iter().map(|i| i.text.as_str()));
    }
    if let Some(fc) = &bank.forced_choice {
        texts.push(fc.text.as_str());
    }
    for (key, text) in bank.answer_keys().into_iter().zip(texts) {
        words.insert(key, text.split_whitespace().count());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Catalog;

    fn bank(id: &str) -> Bank {
        Catalog::builtin(id).unwrap().bank
    }

    #[test]
    fn same_keyed_blocks_of_the_built_in_banks() {
        // sb-short and sb-core alternate dimensions.
        assert_eq!(same_keyed_block(&bank("sb-short")), 1);
        assert_eq!(same_keyed_block(&bank("sb-core")), 1);
        // sb-relationships: avo-01/02 reversed, avo-05/06 forward, anx-01/02
        // forward come in pairs; a target's last item (anx-03) and the next
        // target's first (avo-01) are on different dimensions.
        assert_eq!(same_keyed_block(&bank("sb-relationships")), 2);
        assert_eq!(same_keyed_block(&bank("sb-styles")), 0);
    }

    #[test]
    fn words_per_answer_key() {
        let w = words(&bank("sb-styles"));
        assert_eq!(w["proto-secure"], 60);
        assert_eq!(w["proto-fearful"], 49);
        // "Which of the four paragraphs fits you best?"
        assert_eq!(w["best-fit"], 8);
        let w = words(&bank("sb-relationships"));
        assert_eq!(w.len(), 36);
        // "I hold back my real feelings around this person."
        assert_eq!(w["friend.avo-03"], 9);
    }
}
