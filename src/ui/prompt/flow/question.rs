//! The question each step puts to the person: its heading, text, options,
//! what is preselected and whether it can be skipped.

use super::{Flow, Step};
use crate::answers::Answer;
use crate::bank::ItemKind;
use crate::ui::prompt::{Question, Skip};

impl Flow<'_> {
    /// The question for the current step.
    pub fn question(&self) -> Question {
        let step = self.steps[self.state.pos];
        let can_back = self.prev(self.state.pos).is_some();
        match step {
            Step::Intro { target } => self.intro(target, can_back),
            Step::Item { slot, item, target } => self.item(step, (slot, item, target), can_back),
            Step::Choice { slot } => self.choice(slot, can_back),
        }
    }

    /// A relationship's introduction: answer about this person, or (where
    /// the bank allows it) mark the person as not applying.
    fn intro(&self, target: usize, can_back: bool) -> Question {
        let bank = self.bank;
        let t = &bank.targets[target];
        let mut options = vec!["Answer about this person".to_string()];
        if t.allow_not_applicable {
            options.push("Does not apply to me (skip this person)".into());
        }
        let na = self.state.answers.not_applicable[target];
        Question {
            progress: None,
            heading: Some(format!(
                "Person {} of {}: {}",
                target + 1,
                bank.targets.len(),
                t.label
            )),
            text: t.intro.clone(),
            options,
            first_number: 1,
            selected: usize::from(na),
            answered: None,
            skip: Skip::Never("Choose whether this person applies to you.".into()),
            can_back,
        }
    }

    /// An item on the bank's scale, with the answer given before selected
    /// (else the middle), and the skips its part has left.
    fn item(
        &self,
        step: Step,
        (slot, item, target): (usize, usize, Option<usize>),
        can_back: bool,
    ) -> Question {
        let bank = self.bank;
        let total = bank.question_count();
        let scale: Vec<String> = (bank.scale.min..=bank.scale.max)
            .map(|v| bank.scale.labels.get(&v).cloned().unwrap_or_default())
            .collect();
        let it = &bank.items[item];
        let answered = match &self.state.answers.values[slot] {
            Answer::Rating(r) => Some((r - bank.scale.min) as usize),
            _ => None,
        };
        let heading = match (&it.kind, target) {
            (ItemKind::Prototype { .. }, _) => {
                let k = self.prototypes.iter().position(|p| *p == item).unwrap_or(0);
                Some(format!("Paragraph {} of {}", k + 1, self.prototypes.len()))
            }
            (_, Some(t)) => Some(format!("Answering about: {}", bank.targets[t].label)),
            _ => None,
        };
        let skip = match self.skips_left(step) {
            Some(left) => Skip::Left { left },
            None => {
                Skip::Never("This one cannot be skipped: each paragraph needs a rating.".into())
            }
        };
        Question {
            progress: Some((slot + 1, total)),
            heading,
            text: it.text.clone(),
            options: scale,
            first_number: bank.scale.min,
            selected: answered.unwrap_or((bank.scale.max - bank.scale.min) as usize / 2),
            answered,
            skip,
            can_back,
        }
    }

    /// The forced choice among the paragraphs, each shown by its opening.
    fn choice(&self, slot: usize, can_back: bool) -> Question {
        let bank = self.bank;
        let total = bank.question_count();
        let options = self
            .prototypes
            .iter()
            .enumerate()
            .map(|(k, i)| format!("Paragraph {}: {}", k + 1, opening(&bank.items[*i].text)))
            .collect();
        let answered = match &self.state.answers.values[slot] {
            Answer::Choice(id) => self
                .prototypes
                .iter()
                .position(|i| &bank.items[*i].id == id),
            _ => None,
        };
        Question {
            progress: Some((slot + 1, total)),
            heading: None,
            text: bank
                .forced_choice
                .as_ref()
                .map(|f| f.text.clone())
                .unwrap_or_default(),
            options,
            first_number: 1,
            selected: answered.unwrap_or(0),
            answered,
            skip: Skip::Never(
                "Choose the paragraph that fits best, even if none fits perfectly.".into(),
            ),
            can_back,
        }
    }
}

/// A paragraph's first sentence, shortened to about 60 characters.
fn opening(text: &str) -> String {
    let first = text
        .split_inclusive(['.', '!', '?'])
        .next()
        .unwrap_or(text)
        .trim();
    if first.chars().count() <= 60 {
        return format!("“{first}”");
    }
    let mut s = String::new();
    for w in first.split_whitespace() {
        if s.chars().count() + w.chars().count() > 55 {
            break;
        }
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(w);
    }
    format!("“{s} …”")
}
