//! What a bank adds beside its dimensions: an instrument's own category
//! rule, and a paragraph (prototype) bank's ratings and forced choice.

use super::{Ratings, Scorer};
use crate::answers::Answer;
use crate::bank::{CategoryRuleId, Prototype, ANXIETY, CLOSE, DEPEND};
use crate::scoring::category::{self, CategoryResult};
use crate::scoring::classify;
use crate::scoring::result::{DimensionScore, PrototypeScores, Style};

impl Scorer<'_> {
    /// The instrument's own category (see [`crate::scoring::category`]),
    /// with the bank's caution (its text kept when `out` already holds it).
    pub(super) fn category_into(
        &self,
        values: &[Answer],
        dims: &[DimensionScore],
        out: &mut Option<CategoryResult>,
    ) {
        let (Some(id), Some(rule)) = (self.category_rule, &self.bank.category_rule) else {
            *out = None;
            return;
        };
        let mut fresh = self.category(id, values, dims);
        fresh.caution = out
            .take()
            .map(|c| c.caution)
            .filter(|c| *c == rule.caution)
            .unwrap_or_else(|| rule.caution.clone());
        *out = Some(fresh);
    }

    fn category(
        &self,
        id: CategoryRuleId,
        values: &[Answer],
        dims: &[DimensionScore],
    ) -> CategoryResult {
        match id {
            CategoryRuleId::HighestRating => {
                let (ratings, n, choice) = self.ratings(values);
                category::highest_rating(&ratings[..n], choice)
            }
            CategoryRuleId::CloseDependAnxiety => {
                let score = |id: &str| dims.iter().find(|d| d.id == id).and_then(|d| d.score);
                category::close_depend_anxiety(
                    score(CLOSE),
                    score(DEPEND),
                    score(ANXIETY),
                    self.bank.midpoint(),
                )
            }
        }
    }

    pub(super) fn prototype_scores(&self, values: &[Answer]) -> (Option<Style>, PrototypeScores) {
        let (ratings, n, choice) = self.ratings(values);
        classify::prototype_style(&ratings[..n], choice, self.bank.midpoint())
    }

    /// The paragraph ratings (the first `n` entries) and the forced choice.
    fn ratings(&self, values: &[Answer]) -> (Ratings, usize, Option<Prototype>) {
        let mut ratings = [(Prototype::Secure, None); 4];
        let n = self.prototypes.len().min(4);
        for (slot, &(p, i)) in ratings.iter_mut().zip(&self.prototypes) {
            *slot = (
                p,
                match values.get(i) {
                    Some(Answer::Rating(r)) => Some(*r),
                    _ => None,
                },
            );
        }
        let choice = match self.forced_choice.and_then(|s| values.get(s)) {
            Some(Answer::Choice(id)) => self
                .prototypes
                .iter()
                .find(|(_, i)| self.bank.items[*i].id == *id)
                .map(|(p, _)| *p),
            _ => None,
        };
        (ratings, n, choice)
    }
}
