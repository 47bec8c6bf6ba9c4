//! The plain prompter (`--plain`, or `TERM=dumb`): no cursor movement and
//! no redraws. Each question is printed once with numbered options and
//! answered by typing a number (or `b`, `s`, `q`) and Enter, so a screen
//! reader reads it in order and nothing is re-announced.

use std::io::{self, BufRead, Write};

use super::{layout_width, wrap, End, Line, Prompter, Question, Reply, ResultView, Welcome};

pub struct Plain<R> {
    input: R,
    width: usize,
}

impl Plain<io::StdinLock<'static>> {
    pub fn stdin() -> Self {
        Plain {
            input: io::stdin().lock(),
            width: layout_width(console::Term::stderr().size_checked().map(|(_, w)| w)),
        }
    }
}

impl<R: BufRead> Plain<R> {
    #[cfg(test)]
    pub fn new(input: R, width: usize) -> Self {
        Plain { input, width }
    }

    fn print(&self, text: &str) -> io::Result<()> {
        let mut e = io::stderr().lock();
        for l in wrap(text, self.width, "") {
            writeln!(e, "{l}")?;
        }
        e.flush()
    }

    /// A question as it is read out once: the progress and heading on one
    /// line, the text, then each option with its number (the earlier
    /// answer marked).
    fn show_question(&self, q: &Question) -> io::Result<()> {
        self.print("")?;
        let mut head = String::new();
        if let Some((n, total)) = q.progress {
            head = format!("Question {n} of {total}. ");
        }
        if let Some(h) = &q.heading {
            head.push_str(h);
            head.push(' ');
        }
        if !head.is_empty() {
            self.print(head.trim_end())?;
        }
        self.print(&q.text)?;
        for (i, opt) in q.options.iter().enumerate() {
            let mark = if q.answered == Some(i) {
                " (your earlier answer)"
            } else {
                ""
            };
            self.print(&format!("  {}  {opt}{mark}", q.number(i)))?;
        }
        Ok(())
    }

    fn read(&mut self) -> io::Result<Option<String>> {
        let mut s = String::new();
        if self.input.read_line(&mut s)? == 0 {
            return Ok(None);
        }
        Ok(Some(s.trim().to_string()))
    }
}

impl<R: BufRead> Prompter for Plain<R> {
    fn welcome(&mut self, w: &Welcome) -> io::Result<Reply> {
        self.print(&w.title)?;
        for p in &w.paragraphs {
            self.print("")?;
            self.print(p)?;
        }
        self.print("")?;
        loop {
            prompt("Press Enter to start, or type q and Enter to quit: ")?;
            match self.read()?.as_deref() {
                None | Some("q" | "Q") => return Ok(Reply::Quit),
                Some("") => return Ok(Reply::Pick(0)),
                Some(_) => {}
            }
        }
    }

    fn ask(&mut self, q: &Question) -> io::Result<Reply> {
        self.show_question(q)?;
        let (range, ask, letters) = answer_prompt(q);
        loop {
            prompt(&ask)?;
            let Some(line) = self.read()? else {
                return Ok(Reply::Quit);
            };
            match line.as_str() {
                "" => {
                    if let Some(a) = q.answered {
                        return Ok(Reply::Pick(a));
                    }
                    self.print(&format!("Please type {range}."))?;
                }
                "q" | "Q" => return Ok(Reply::Quit),
                "b" | "B" if q.can_back => return Ok(Reply::Back),
                "b" | "B" => {
                    self.print("This is the first question: there is nothing to go back to.")?;
                }
                "s" | "S" => match q.skip_refusal() {
                    Some(why) => self.print(&why)?,
                    None => return Ok(Reply::Skip),
                },
                s => match s.parse::<i64>().ok().and_then(|n| q.option_for(n)) {
                    Some(i) => return Ok(Reply::Pick(i)),
                    None => self.print(&format!(
                        "\"{}\" is not an answer here: type {range}, or {letters}.",
                        crate::ui::term::sanitize(s)
                    ))?,
                },
            }
        }
    }

    fn line(&mut self, text: &str, suggested: &str) -> io::Result<Line> {
        if suggested.is_empty() {
            prompt(text)?;
        } else {
            prompt(&format!("{text}(Enter for {suggested}) "))?;
        }
        Ok(match self.read()? {
            None => Line::Cancel,
            Some(t) if t.is_empty() => Line::Text(suggested.to_string()),
            Some(t) => Line::Text(t),
        })
    }

    fn result(&mut self, view: &mut dyn ResultView) -> io::Result<End> {
        self.print(&view.full_text(self.width))?;
        for m in view.opening() {
            self.print(&m)?;
        }
        let actions = view.actions();
        let mut choices: Vec<String> = actions
            .iter()
            .map(|(k, label)| format!("{k} ({label})"))
            .collect();
        choices.push("q (done)".into());
        let ask = format!("What next? Type {} and Enter: ", or_list(&choices));
        loop {
            self.print("")?;
            prompt(&ask)?;
            let Some(answer) = self.read()? else { break };
            let c = match answer.as_str() {
                "" | "q" | "Q" => break,
                a if a.chars().count() == 1 => a.chars().next().unwrap_or('q'),
                a => {
                    self.print(&format!(
                        "\"{}\" is not one of the choices.",
                        crate::ui::term::sanitize(a)
                    ))?;
                    continue;
                }
            };
            if !actions.iter().any(|(k, _)| *k == c) {
                self.print(&format!("\"{c}\" is not one of the choices."))?;
                continue;
            }
            let name = match view.asks_name(c) {
                Some((p, suggested)) => match self.line(&p, &suggested)? {
                    Line::Text(t) => Some(t),
                    Line::Cancel => break,
                    Line::Interrupt => return Ok(End::Interrupted),
                },
                None => None,
            };
            let msg = match view.act(c, name.as_deref()) {
                Ok(m) | Err(m) => m,
            };
            self.print(&msg)?;
        }
        self.print(&view.closing())?;
        Ok(End::Done)
    }

    fn say(&mut self, text: &str) -> io::Result<()> {
        self.print(text)
    }
}

/// The prompt line and its parts: the range of numbers to type (`1 to 7`,
/// `1 or 2`), the whole prompt with the keys that work here, and the
/// letters that do something (for the "not an answer" hint).
fn answer_prompt(q: &Question) -> (String, String, String) {
    let (lo, hi) = (q.number(0), q.number(q.options.len() - 1));
    let mut extra = Vec::new();
    if q.answered.is_some() {
        extra.push("Enter keeps your earlier answer".to_string());
    }
    if q.can_back {
        extra.push("b back".into());
    }
    let skip = q.skip_hint();
    if !skip.is_empty() {
        extra.push(skip);
    }
    extra.push("q quit".into());
    let range = if hi == lo + 1 {
        format!("{lo} or {hi}")
    } else {
        format!("{lo} to {hi}")
    };
    let ask = format!("Type {range} and Enter ({}): ", extra.join(", "));
    // The letters that do something here, for the "not an answer" hint.
    let mut letters = Vec::new();
    if q.can_back {
        letters.push("b".to_string());
    }
    if !q.skip_hint().is_empty() {
        letters.push("s".to_string());
    }
    letters.push("q".to_string());
    let letters = or_list(&letters);
    (range, ask, letters)
}

/// "a, b or c".
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn prompt(text: &str) -> io::Result<()> {
    let mut e = io::stderr().lock();
    write!(e, "{text}")?;
    e.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::prompt::Skip;

    fn q() -> Question {
        Question {
            progress: Some((1, 12)),
            heading: None,
            text: "I like people.".into(),
            options: (1..=7).map(|i| format!("label {i}")).collect(),
            first_number: 1,
            selected: 3,
            answered: None,
            skip: Skip::Left { left: 0 },
            can_back: false,
        }
    }

    #[test]
    fn re_asks_until_a_valid_answer() {
        // "9" is out of range, "b" has nowhere to go, "s" is over budget,
        // "" has no earlier answer to keep: four re-asks, then 5 → option 4.
        let mut p = Plain::new(&b"9\nb\ns\n\n5\n"[..], 79);
        assert_eq!(p.ask(&q()).unwrap(), Reply::Pick(4));
    }

    #[test]
    fn enter_keeps_the_earlier_answer_and_eof_quits() {
        let mut question = q();
        question.answered = Some(2);
        question.can_back = true;
        assert_eq!(
            Plain::new(&b"\n"[..], 79).ask(&question).unwrap(),
            Reply::Pick(2)
        );
        assert_eq!(
            Plain::new(&b"b\n"[..], 79).ask(&question).unwrap(),
            Reply::Back
        );
        assert_eq!(
            Plain::new(&b""[..], 79).ask(&question).unwrap(),
            Reply::Quit
        );
    }
}
