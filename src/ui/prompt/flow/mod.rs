//! The order of a session and what each key does to it, independent of
//! the terminal: the steps (target intros, items per target, the forced
//! choice), going back, skip budgets, "does not apply" and timings.

use std::time::Instant;

use crate::answers::{Answer, AnswerSet};
use crate::bank::{Bank, ItemKind};

mod question;

use super::{Prompter, Reply};

/// One screen of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// "This part is about …": answer about this person, or not applicable.
    Intro { target: usize },
    /// An item (for a target, in target banks). `slot` indexes the answers.
    Item {
        slot: usize,
        item: usize,
        target: Option<usize>,
    },
    /// The forced choice among the paragraphs.
    Choice { slot: usize },
}

/// The steps of a bank, in asking order (matching `Bank::answer_keys`).
pub fn steps(bank: &Bank) -> Vec<Step> {
    let n = bank.items.len();
    let layout = bank.layout();
    let mut out = Vec::new();
    if bank.targets.is_empty() {
        out.extend((0..n).map(|i| Step::Item {
            slot: i,
            item: i,
            target: None,
        }));
    } else {
        for t in 0..bank.targets.len() {
            out.push(Step::Intro { target: t });
            out.extend((0..n).map(|i| Step::Item {
                slot: layout.slot(t, i),
                item: i,
                target: Some(t),
            }));
        }
    }
    if let Some(slot) = layout.forced_choice() {
        out.push(Step::Choice { slot });
    }
    out
}

/// The first step a session has not settled: an item or the forced
/// choice neither answered nor skipped (items of a relationship marked as
/// not applying are settled), or the introduction of the relationship
/// such an item belongs to; `steps(bank).len()` when every step is.
pub fn first_open(bank: &Bank, state: &State) -> usize {
    let steps = steps(bank);
    let settled = |slot: usize| {
        state.skipped.get(slot).copied().unwrap_or(false)
            || state
                .answers
                .values
                .get(slot)
                .is_some_and(|a| *a != Answer::Missing)
    };
    let open = steps.iter().position(|s| match *s {
        Step::Intro { .. } => false,
        Step::Item { slot, target, .. } => {
            !settled(slot) && !target.is_some_and(|t| state.answers.not_applicable[t])
        }
        Step::Choice { slot } => !settled(slot),
    });
    match open {
        None => steps.len(),
        Some(i) if i > 0 && matches!(steps[i - 1], Step::Intro { .. }) => i - 1,
        Some(i) => i,
    }
}

/// How many questions of a bank can be skipped in all: each dimension's
/// missing-answer budget, once per person asked about. Zero for a bank
/// whose questions must all be answered (paragraph banks).
pub fn skip_total(bank: &Bank) -> usize {
    let per_person: usize = bank
        .dimensions
        .iter()
        .map(|d| d.missing_budget(bank.items_of(&d.id).count()))
        .sum();
    per_person * bank.targets.len().max(1)
}

/// A session's state: everything a progress file keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub answers: AnswerSet,
    /// Slots the person skipped on purpose (their answer is missing).
    pub skipped: Vec<bool>,
    /// The next step to ask; `steps.len()` when finished.
    pub pos: usize,
}

impl State {
    pub fn new(bank: &Bank) -> Self {
        let answers = AnswerSet::empty(bank);
        let skipped = vec![false; answers.values.len()];
        State {
            answers,
            skipped,
            pos: 0,
        }
    }

    /// Questions answered or skipped so far.
    pub fn done(&self) -> usize {
        self.answers
            .values
            .iter()
            .zip(&self.skipped)
            .filter(|(a, s)| **s || **a != Answer::Missing)
            .count()
    }
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Finished,
    Quit,
    Interrupted,
}

pub struct Flow<'a> {
    bank: &'a Bank,
    steps: Vec<Step>,
    keys: Vec<String>,
    prototypes: Vec<usize>,
    pub state: State,
}

impl<'a> Flow<'a> {
    pub fn new(bank: &'a Bank, state: State) -> Self {
        let prototypes = bank
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| matches!(i.kind, ItemKind::Prototype { .. }))
            .map(|(k, _)| k)
            .collect();
        Flow {
            bank,
            steps: steps(bank),
            keys: bank.answer_keys(),
            prototypes,
            state,
        }
    }

    pub fn finished(&self) -> bool {
        self.state.pos >= self.steps.len()
    }

    /// Asks until the end, a quit or Ctrl-C. `changed` runs after every
    /// change of state (to save progress); its error ends the session.
    pub fn run<E>(
        &mut self,
        ui: &mut dyn Prompter,
        mut changed: impl FnMut(&State) -> Result<(), E>,
    ) -> Result<Outcome, E>
    where
        E: From<std::io::Error>,
    {
        while !self.finished() {
            let q = self.question();
            let shown = Instant::now();
            let reply = ui.ask(&q)?;
            let secs = shown.elapsed().as_secs_f64();
            match reply {
                Reply::Quit => return Ok(Outcome::Quit),
                Reply::Interrupt => return Ok(Outcome::Interrupted),
                r => self.apply(r, Some(secs)),
            }
            changed(&self.state)?;
        }
        Ok(Outcome::Finished)
    }

    fn na(&self, step: Step) -> bool {
        matches!(step, Step::Item { target: Some(t), .. } if self.state.answers.not_applicable[t])
    }

    fn next(&self, pos: usize) -> usize {
        let mut p = pos + 1;
        while p < self.steps.len() && self.na(self.steps[p]) {
            p += 1;
        }
        p
    }

    fn prev(&self, pos: usize) -> Option<usize> {
        let mut p = pos.checked_sub(1)?;
        while self.na(self.steps[p]) {
            p = p.checked_sub(1)?;
        }
        Some(p)
    }

    /// Applies a reply to the current step. `secs` (time on the screen) is
    /// added to the question's timing, so changing an answer later adds to
    /// the time spent on it rather than hiding the first look.
    pub fn apply(&mut self, reply: Reply, secs: Option<f64>) {
        let pos = self.state.pos;
        let step = self.steps[pos];
        if let (Some(secs), Step::Item { slot, .. } | Step::Choice { slot }) = (secs, step) {
            if matches!(reply, Reply::Pick(_) | Reply::Skip) {
                let t = self
                    .state
                    .answers
                    .timings
                    .entry(self.keys[slot].clone())
                    .or_insert(0.0);
                *t = ((*t + secs) * 1000.0).round() / 1000.0;
            }
        }
        match reply {
            Reply::Back => {
                if let Some(p) = self.prev(pos) {
                    self.state.pos = p;
                }
            }
            Reply::Quit | Reply::Interrupt => {}
            Reply::Skip => {
                if let Step::Item { slot, .. } = step {
                    if self.skips_left(step).is_some_and(|l| l > 0) {
                        self.state.answers.values[slot] = Answer::Missing;
                        self.state.skipped[slot] = true;
                        self.state.pos = self.next(pos);
                    }
                }
            }
            Reply::Pick(i) => {
                match step {
                    Step::Intro { target } => {
                        let na = i == 1;
                        self.state.answers.not_applicable[target] = na;
                        if na {
                            for slot in self.bank.layout().target_slots(target) {
                                self.state.answers.values[slot] = Answer::Missing;
                                self.state.skipped[slot] = false;
                                self.state.answers.timings.remove(&self.keys[slot]);
                            }
                        }
                    }
                    Step::Item { slot, .. } => {
                        self.state.answers.values[slot] =
                            Answer::Rating(self.bank.scale.min + i as i64);
                        self.state.skipped[slot] = false;
                    }
                    Step::Choice { slot } => {
                        let item = &self.bank.items[self.prototypes[i]];
                        self.state.answers.values[slot] = Answer::Choice(item.id.clone());
                    }
                }
                self.state.pos = self.next(pos);
            }
        }
    }

    /// The dimension of an item step and the slots of its part (the same
    /// dimension, for the same target).
    fn part(&self, step: Step) -> Option<(&'a crate::bank::Dimension, Vec<usize>)> {
        let Step::Item { item, target, .. } = step else {
            return None;
        };
        let ItemKind::Likert { dimension, .. } = &self.bank.items[item].kind else {
            return None;
        };
        let dim = self.bank.dimension(dimension)?;
        let base = self.bank.layout().slot(target.unwrap_or(0), 0);
        let slots = self
            .bank
            .items
            .iter()
            .enumerate()
            .filter(|(_, it)| matches!(&it.kind, ItemKind::Likert { dimension: d, .. } if d == dimension))
            .map(|(k, _)| base + k)
            .collect();
        Some((dim, slots))
    }

    /// Skips left for the current item's part: its dimension's missing
    /// budget, floor(max_missing × items), minus the other items of that
    /// part already skipped. `None` when the step cannot be skipped.
    pub fn skips_left(&self, step: Step) -> Option<usize> {
        let (dim, slots) = self.part(step)?;
        let Step::Item { slot: here, .. } = step else {
            return None;
        };
        let used = slots
            .iter()
            .filter(|s| **s != here && self.state.skipped[**s])
            .count();
        Some(dim.missing_budget(slots.len()).saturating_sub(used))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Catalog;

    fn bank(id: &str) -> Bank {
        Catalog::builtin(id).unwrap().bank
    }

    #[test]
    fn steps_follow_answer_keys() {
        let b = bank("sb-relationships");
        let s = steps(&b);
        // 4 targets × (1 intro + 9 items) = 40 steps.
        assert_eq!(s.len(), 40);
        let slots: Vec<usize> = s
            .iter()
            .filter_map(|s| match s {
                Step::Item { slot, .. } => Some(*slot),
                _ => None,
            })
            .collect();
        assert_eq!(slots, (0..36).collect::<Vec<_>>());
        let b = bank("sb-styles");
        assert_eq!(steps(&b).last(), Some(&Step::Choice { slot: 4 }));
    }

    #[test]
    fn skip_budget_is_per_dimension() {
        // sb-short: 6 anxiety items, max_missing 0.2 → floor(1.2) = 1 skip.
        let b = bank("sb-short");
        let mut f = Flow::new(&b, State::new(&b));
        let first = f.steps[0];
        let ItemKind::Likert { dimension, .. } = &b.items[0].kind else {
            panic!()
        };
        assert_eq!(f.skips_left(first), Some(1));
        f.apply(Reply::Skip, None);
        assert!(f.state.skipped[0]);
        // The next item of the same dimension has no skip left.
        let k = b
            .items
            .iter()
            .skip(1)
            .position(
                |i| matches!(&i.kind, ItemKind::Likert { dimension: d, .. } if d == dimension),
            )
            .unwrap()
            + 1;
        while f.state.pos < k {
            f.apply(Reply::Pick(3), None);
        }
        assert_eq!(f.skips_left(f.steps[k]), Some(0));
        f.apply(Reply::Skip, None);
        assert_eq!(f.state.pos, k, "a skip beyond the budget is refused");
        // Going back to the skipped item: its own skip does not count against it.
        f.state.pos = 0;
        assert_eq!(f.skips_left(first), Some(1));
    }

    #[test]
    fn back_preselects_and_not_applicable_targets_are_passed_over() {
        let b = bank("sb-relationships");
        let mut f = Flow::new(&b, State::new(&b));
        f.apply(Reply::Pick(1), None); // mother: does not apply
        assert_eq!(f.state.pos, 10, "straight to the father intro");
        assert!(f.state.answers.not_applicable[0]);
        f.apply(Reply::Back, None);
        assert_eq!(f.state.pos, 0);
        assert_eq!(f.question().selected, 1);
        f.apply(Reply::Pick(0), None);
        f.apply(Reply::Pick(6), None);
        assert_eq!(f.state.answers.values[0], Answer::Rating(7));
        f.apply(Reply::Back, None);
        assert_eq!(f.question().selected, 6);
        assert_eq!(f.question().answered, Some(6));
    }

    #[test]
    fn forced_choice_records_the_item_id() {
        let b = bank("sb-styles");
        let mut f = Flow::new(&b, State::new(&b));
        for _ in 0..4 {
            f.apply(Reply::Pick(2), None);
        }
        f.apply(Reply::Pick(1), None);
        assert!(f.finished());
        assert_eq!(
            f.state.answers.values[4],
            Answer::Choice(b.items[1].id.clone())
        );
    }
}
