//! The interactive machinery of `take`: one question at a time, in a
//! terminal ([`tty`]: a redrawn block, arrow/digit/back/skip/quit keys) or
//! line by line for screen readers and dumb terminals ([`plain`]). The
//! questionnaire logic (order, targets, skip budgets, going back) lives in
//! [`flow`] and talks to either through the [`Prompter`] trait.

pub mod flow;
pub mod pager;
pub mod paint;
pub mod plain;
pub mod tty;
pub mod welcome;

use std::io;

/// What a prompt shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// `(this question's number, questions in all)`, for the `12/36` bar.
    pub progress: Option<(usize, usize)>,
    /// A line above the text (e.g. which person the question is about).
    pub heading: Option<String>,
    pub text: String,
    pub options: Vec<String>,
    /// The digit typed for `options[0]` (the scale minimum); the others
    /// follow. Only options whose number is a single digit get a hotkey.
    pub first_number: i64,
    /// Where the cursor starts (an earlier answer, when going back).
    pub selected: usize,
    /// The earlier answer to this question, if any (marked on screen).
    pub answered: Option<usize>,
    pub skip: Skip,
    pub can_back: bool,
}

/// Whether `s` may skip this question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Never (e.g. a choice that has to be made).
    Never(String),
    /// While skips are left for questions of this kind (the missing-answer
    /// budget of the question's dimension, which is not named on screen).
    Left { left: usize },
}

impl Question {
    /// The number shown (and typed) for option `i`.
    pub fn number(&self, i: usize) -> i64 {
        self.first_number + i as i64
    }

    /// The option a typed number picks.
    pub fn option_for(&self, n: i64) -> Option<usize> {
        let i = usize::try_from(n - self.first_number).ok()?;
        (i < self.options.len()).then_some(i)
    }

    /// Why `s` does nothing here, or `None` when it skips. The reason
    /// never names the dimension a question belongs to: that would tell
    /// the person how it is scored.
    pub fn skip_refusal(&self) -> Option<String> {
        match &self.skip {
            Skip::Never(why) => Some(why.clone()),
            Skip::Left { left: 0, .. } => Some(
                "This one cannot be skipped: enough questions like it are already skipped that \
                 one more would leave part of your result without a score. Choose the answer \
                 closest to true for you."
                    .into(),
            ),
            Skip::Left { .. } => None,
        }
    }

    /// The skip key's hint, only where a skip works.
    pub fn skip_hint(&self) -> String {
        match &self.skip {
            Skip::Left { left, .. } if *left > 0 => "s skip".into(),
            _ => String::new(),
        }
    }
}

/// What the person did with a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    Pick(usize),
    Back,
    Skip,
    /// `q`: stop, keeping progress.
    Quit,
    /// Ctrl-C.
    Interrupt,
}

/// The welcome screen's content.
#[derive(Debug, Clone, PartialEq)]
pub struct Welcome {
    pub title: String,
    /// Paragraphs, in order.
    pub paragraphs: Vec<String>,
}

/// The end of `take`, supplied by the app: the result to show and what
/// can be done with it (save, report, keep). The prompter owns the keys.
pub trait ResultView {
    /// The result screen for `width` columns and at most `height` lines,
    /// ending with `footer`; `None` when it cannot fit.
    fn screen(&self, width: usize, height: usize, footer: &[String]) -> Option<Vec<String>>;
    /// The whole result and its explanation as running text (`e` pages
    /// it; `--plain` prints it).
    fn full_text(&self, width: usize) -> String;
    /// The actions besides `e` and `q`: key and what it does, e.g. `('s', "save")`.
    fn actions(&self) -> Vec<(char, String)>;
    /// The prompt and suggested file name when action `key` needs a name.
    fn asks_name(&self, key: char) -> Option<(String, String)>;
    /// Does action `key` (with the typed name where one was asked);
    /// the message to show, as a success or a problem.
    fn act(&mut self, key: char, name: Option<&str>) -> Result<String, String>;
    /// Messages to show when the screen opens (e.g. "Saved to …" for `--save`).
    fn opening(&self) -> Vec<String>;
    /// A line about what was done, shown when the screen is left.
    fn closing(&self) -> String;
}

/// How the result screen was left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Done,
    Interrupted,
}

/// A typed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Text(String),
    /// Esc, or the input ended.
    Cancel,
    /// Ctrl-C.
    Interrupt,
}

/// A way of asking: a redrawn terminal block or plain lines.
pub trait Prompter {
    /// Shows the welcome; `Pick(0)` = start, `Quit`, or `Interrupt`.
    fn welcome(&mut self, w: &Welcome) -> io::Result<Reply>;
    /// Asks one question and leaves no trace of it on screen (tty).
    fn ask(&mut self, q: &Question) -> io::Result<Reply>;
    /// Asks for a line of text (e.g. a file name), offering `suggested`.
    fn line(&mut self, prompt: &str, suggested: &str) -> io::Result<Line>;
    /// Prints a message the person should read (on standard error).
    fn say(&mut self, text: &str) -> io::Result<()>;
    /// The end: the result and its actions until the person is done.
    fn result(&mut self, view: &mut dyn ResultView) -> io::Result<End>;
}

/// The width to lay prompts out for: the terminal's, treating a width under
/// 20 (an unsized pty) as unknown (80); at most 100 for readability. One
/// column is kept free so no line touches the right margin (auto-wrap).
pub fn layout_width(term_width: Option<u16>) -> usize {
    let w = term_width.filter(|w| *w >= 20).unwrap_or(80);
    usize::from(w).min(101) - 1
}

/// Greedy word wrap to `width` display columns (textwrap, measuring wide
/// characters as two); words longer than a line are cut. `indent` is put
/// before continuation lines.
pub fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let opts = textwrap::Options::new(width.max(8))
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .subsequent_indent(indent);
    text.split('\n')
        .flat_map(|para| {
            textwrap::wrap(para, &opts)
                .into_iter()
                .map(std::borrow::Cow::into_owned)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_on_words_within_width() {
        let lines = wrap("I find it easy to depend on the people I love.", 16, "");
        assert_eq!(
            lines,
            ["I find it easy", "to depend on the", "people I love."]
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 16));
    }

    #[test]
    fn continuation_lines_are_indented_and_long_words_cut() {
        let lines = wrap("1 Neither agree nor disagree", 12, "  ");
        assert_eq!(lines, ["1 Neither", "  agree nor", "  disagree"]);
        let lines = wrap("abcdefghijklmnop", 10, "");
        assert_eq!(lines, ["abcdefghij", "klmnop"]);
        // Wide characters count two columns.
        let lines = wrap("愛着 愛着 愛着", 9, "");
        assert_eq!(lines, ["愛着 愛着", "愛着"]);
    }

    #[test]
    fn silly_widths_fall_back() {
        assert_eq!(layout_width(None), 79);
        assert_eq!(layout_width(Some(0)), 79);
        assert_eq!(layout_width(Some(40)), 39);
        assert_eq!(layout_width(Some(300)), 100);
    }
}
