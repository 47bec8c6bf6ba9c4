//! The FHIRPath that each score item of the Questionnaire carries as its
//! SDC `calculatedExpression`, written to give exactly what securebase's
//! scorer gives (DESIGN.md, "Scoring"):
//!
//! - each answer counts with its option's weight (`weight()` reads the
//!   `itemWeight` extension of the option in `%questionnaire`), reversed on
//!   reverse-keyed items;
//! - the score is the mean of the answered items while at most
//!   floor(max_missing × n) are missing, and empty otherwise. A plain
//!   `avg()` would quietly average fewer items, so the mean is guarded by
//!   `count() >= n − floor(max_missing × n)` (and at least one answer);
//! - in a bank with relationships the overall score is the mean of the
//!   relationships that have a score, each computed unrounded as above;
//! - the result is rounded to [`names::SCORE_PLACES`], as the response carries it.
//!
//! Checked on generated responses by `scripts/fhir-check` with HL7's
//! fhirpath.js.

use crate::bank::{fhir as names, Bank, Dimension, ItemKind, Target};

/// A FHIRPath string literal.
fn literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The linkIds of the items keyed to `dim`, in bank order, for one
/// relationship (or for a bank without relationships).
pub fn item_links(bank: &Bank, target: Option<&Target>, dim: &Dimension) -> Vec<String> {
    bank.items
        .iter()
        .filter(|i| matches!(&i.kind, ItemKind::Likert { dimension, .. } if *dimension == dim.id))
        .map(|i| match target {
            Some(t) => format!("{}.{}", t.id, i.id),
            None => i.id.clone(),
        })
        .collect()
}

/// The weights of the answered items among `links`.
fn weights(links: &[String]) -> String {
    let filter = match links {
        [one] => format!("linkId = {}", literal(one)),
        _ => {
            let list: Vec<String> = links.iter().map(|l| literal(l)).collect();
            format!("linkId in ({})", list.join(" | "))
        }
    };
    format!("%resource.repeat(item).where({filter}).answer.value.weight()")
}

/// How many answers a score needs: n − floor(max_missing × n), and at
/// least one.
pub fn answers_needed(dim: &Dimension, n: usize) -> usize {
    (n - dim.missing_budget(n)).max(1)
}

/// The unrounded mean of one relationship (or of a bank without
/// relationships), empty when too many items are missing.
fn guarded_mean(bank: &Bank, target: Option<&Target>, dim: &Dimension) -> String {
    let links = item_links(bank, target, dim);
    let w = weights(&links);
    let need = answers_needed(dim, links.len());
    format!("iif({w}.count() >= {need}, {w}.avg(), {{}})")
}

/// The expression of a score item: one relationship's score when `target`
/// is given, else the bank's (overall) score.
pub fn score(bank: &Bank, target: Option<&Target>, dim: &Dimension) -> String {
    let places = names::SCORE_PLACES;
    if target.is_some() || bank.targets.is_empty() {
        return format!("{}.round({places})", guarded_mean(bank, target, dim));
    }
    let parts: Vec<String> = bank
        .targets
        .iter()
        .map(|t| guarded_mean(bank, Some(t), dim))
        .collect();
    let (first, rest) = parts.split_first().expect("a bank with targets has one");
    let mut all = first.clone();
    for p in rest {
        all = format!("{all}.combine({p})");
    }
    format!("{all}.avg().round({places})")
}

/// What the expression computes, in words (the Expression's description).
pub fn describe(bank: &Bank, target: Option<&Target>, dim: &Dimension) -> String {
    let n = item_links(bank, target, dim).len();
    let rule = format!(
        "mean of the answered items (reverse-keyed items weighted min + max − answer); empty when more than {} of the {n} items are missing",
        n - answers_needed(dim, n)
    );
    if target.is_some() || bank.targets.is_empty() {
        format!(
            "{}: {rule}; rounded to {} places",
            dim.label,
            names::SCORE_PLACES
        )
    } else {
        format!(
            "{}: mean of the relationships' scores, each the {rule}; rounded to {} places",
            dim.label,
            names::SCORE_PLACES
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Catalog;

    #[test]
    fn sb_short_anxiety_allows_one_missing_of_six() {
        let bank = Catalog::builtin("sb-short").unwrap().bank;
        let dim = bank.dimension("anxiety").unwrap();
        let w = "%resource.repeat(item).where(linkId in ('anx-01' | 'anx-02' | 'anx-03' | 'anx-04' | 'anx-05' | 'anx-06')).answer.value.weight()";
        assert_eq!(
            score(&bank, None, dim),
            format!("iif({w}.count() >= 5, {w}.avg(), {{}}).round(2)")
        );
    }

    #[test]
    fn an_overall_score_combines_unrounded_relationship_means() {
        let bank = Catalog::builtin("sb-relationships").unwrap().bank;
        let dim = bank.dimension("anxiety").unwrap();
        let e = score(&bank, None, dim);
        assert_eq!(e.matches(".combine(").count(), bank.targets.len() - 1);
        assert!(e.ends_with(".avg().round(2)"), "{e}");
        assert_eq!(e.matches(".round(").count(), 1, "{e}");
        assert!(e.contains("'friend.anx-03'"), "{e}");
    }

    #[test]
    fn literals_escape_quotes() {
        assert_eq!(literal("a'b\\c"), r"'a\'b\\c'");
    }
}
