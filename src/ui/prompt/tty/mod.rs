//! The terminal prompter: each screen (the welcome, a question, the
//! result) is one block on standard error that the [`Painter`] keeps
//! current, rewriting only the lines that change and redrawing at once when
//! the window is resized. Keys are read one at a time with
//! `console::Term::read_key_raw` (the machinery dialoguer uses), which
//! lets us bind digits, `b`/Esc, `s` and `q`, and see Ctrl-C as a key.

use std::io;

use console::{style, Key, Term};

mod block;

use super::paint::{next_event, watch_resizes, Event, Painter};
use super::{layout_width, wrap, End, Line, Prompter, Question, Reply, ResultView, Welcome};

/// The narrowest window a question is drawn in; narrower, the person is
/// asked to make it larger or use `--plain`.
pub const MIN_COLUMNS: usize = 40;

pub struct Tty {
    painter: Painter,
    /// The terminal shows Unicode; otherwise every block is drawn in ASCII.
    utf8: bool,
    /// `$PAGER`, when set: `e` at the end shows the explanation with it.
    pager: Option<String>,
    /// Standard output is the terminal too (an external pager writes there).
    pager_to_stdout: bool,
}

impl Tty {
    pub fn new(utf8: bool, pager: Option<String>, pager_to_stdout: bool) -> Self {
        watch_resizes();
        Tty {
            painter: Painter::new(Term::stderr(), utf8),
            utf8,
            pager,
            pager_to_stdout,
        }
    }

    fn term(&self) -> &Term {
        self.painter.term()
    }

    /// `(rows, layout width)` of the window now.
    fn dims(&self) -> (usize, usize) {
        let (rows, cols) = self.painter.size();
        (rows, layout_width(u16::try_from(cols).ok()))
    }

    /// Pages `text` with `$PAGER` or the built-in pager; `false` on Ctrl-C.
    fn page(&mut self, text: &str) -> io::Result<bool> {
        if let Some(cmd) = self.pager.clone() {
            self.painter.clear()?;
            self.term().show_cursor()?;
            let shown = super::pager::external(&cmd, text, self.pager_to_stdout);
            self.term().hide_cursor()?;
            self.painter.invalidate();
            if shown.is_ok() {
                return Ok(true);
            }
            // A pager that cannot run: fall back to the built-in one.
        }
        super::pager::builtin(self.term(), text, self.utf8, "Your result")
    }
}

impl Prompter for Tty {
    fn welcome(&mut self, w: &Welcome) -> io::Result<Reply> {
        self.term().hide_cursor()?;
        let mut page = 0;
        let reply = loop {
            let (rows, width) = self.dims();
            let pages = super::welcome::pages(w, width, rows);
            page = page.min(pages.len() - 1);
            self.painter.paint(&pages[page])?;
            match next_event(self.term())? {
                Event::Key(Key::Enter | Key::Char(' ')) if page + 1 < pages.len() => page += 1,
                Event::Key(Key::Enter) => break Reply::Pick(0),
                Event::Key(Key::Char('b') | Key::ArrowLeft | Key::Backspace) => {
                    page = page.saturating_sub(1);
                }
                Event::Key(Key::Char('q') | Key::Escape) => break Reply::Quit,
                Event::Key(Key::CtrlC) => break Reply::Interrupt,
                // A resize is drawn again at the top of the loop.
                Event::Resize | Event::Key(_) => {}
            }
        };
        self.painter.clear()?;
        if reply != Reply::Pick(0) {
            self.term().show_cursor()?;
        }
        Ok(reply)
    }

    fn ask(&mut self, q: &Question) -> io::Result<Reply> {
        let mut selected = q.selected.min(q.options.len().saturating_sub(1));
        let mut message: Option<String> = None;
        self.term().hide_cursor()?;
        loop {
            let (rows, width) = self.dims();
            let fits = Self::fit(q, selected, message.as_deref(), rows, width).len() < rows
                && width + 1 >= MIN_COLUMNS;
            let lines = Self::question_block(q, selected, message.as_deref(), rows, width);
            self.painter.paint(&lines)?;
            let key = match next_event(self.term())? {
                Event::Resize => continue,
                Event::Key(k) => k,
            };
            if !fits && !matches!(key, Key::Char('q') | Key::CtrlC) {
                continue;
            }
            message = None;
            let reply = on_key(q, &key, &mut selected, &mut message);
            if let Some(r) = reply {
                if matches!(r, Reply::Quit | Reply::Interrupt) {
                    self.painter.clear()?;
                    self.term().show_cursor()?;
                }
                return Ok(r);
            }
        }
    }

    fn line(&mut self, prompt: &str, suggested: &str) -> io::Result<Line> {
        let mut text = suggested.to_string();
        loop {
            let (_, width) = self.dims();
            let lines = wrap(&format!("{prompt}{text}_"), width, "");
            self.painter.paint(&lines)?;
            match next_event(self.term())? {
                Event::Resize => {}
                Event::Key(k) => match edit(&mut text, &k) {
                    Some(Line::Text(t)) => {
                        self.painter
                            .paint(&wrap(&format!("{prompt}{t}"), width, ""))?;
                        self.painter.keep();
                        return Ok(Line::Text(t));
                    }
                    Some(other) => {
                        self.painter.clear()?;
                        return Ok(other);
                    }
                    None => {}
                },
            }
        }
    }

    fn say(&mut self, text: &str) -> io::Result<()> {
        self.painter.clear()?;
        let (_, width) = self.dims();
        let mut out = String::new();
        for l in wrap(text, width, "") {
            out.push_str(&l);
            out.push('\n');
        }
        if !self.utf8 {
            out = crate::render::glyphs::to_ascii(&out).into_owned();
        }
        self.term().write_str(&out)?;
        self.term().flush()
    }

    fn result(&mut self, view: &mut dyn ResultView) -> io::Result<End> {
        self.term().hide_cursor()?;
        let mut status: Vec<String> = view.opening();
        // While a file name is typed: the action, its prompt, the text.
        let mut typing: Option<(char, String, String)> = None;
        let end = loop {
            let lines = self.result_lines(view, typing.as_ref(), &status);
            self.painter.paint(&lines)?;
            let key = match next_event(self.term())? {
                Event::Resize => continue,
                Event::Key(k) => k,
            };
            if let Some((action, prompt, mut text)) = typing.take() {
                match edit(&mut text, &key) {
                    None => typing = Some((action, prompt, text)),
                    Some(Line::Text(name)) => {
                        status = vec![outcome(view.act(action, Some(&name)))];
                    }
                    Some(Line::Cancel) => status = vec!["Cancelled.".into()],
                    Some(Line::Interrupt) => break End::Interrupted,
                }
                continue;
            }
            match key {
                Key::Char('e') => {
                    let (_, width) = self.dims();
                    if !self.page(&view.full_text(width))? {
                        break End::Interrupted;
                    }
                }
                Key::Char('q') | Key::Escape => break End::Done,
                Key::CtrlC => break End::Interrupted,
                Key::Char(c) if view.actions().iter().any(|(k, _)| *k == c) => {
                    if let Some((prompt, suggested)) = view.asks_name(c) {
                        typing = Some((c, prompt, suggested));
                    } else {
                        status = vec![outcome(view.act(c, None))];
                    }
                }
                _ => {}
            }
        };
        // Leave the result on screen, the keys replaced by what was done.
        let (rows, width) = self.dims();
        let mut footer: Vec<String> = status;
        if end == End::Done {
            footer.push(view.closing());
        }
        if let Some(lines) = view.screen(width, rows - 1, &footer) {
            self.painter.paint(&lines)?;
            self.painter.keep();
        } else {
            self.painter.clear()?;
        }
        self.term().show_cursor()?;
        Ok(end)
    }
}

impl Tty {
    /// The result screen as it is now: the keys and messages below it, or
    /// the file name being typed; the request for a larger window when it
    /// does not fit.
    fn result_lines(
        &self,
        view: &dyn ResultView,
        typing: Option<&(char, String, String)>,
        status: &[String],
    ) -> Vec<String> {
        let (rows, width) = self.dims();
        let footer = match typing {
            Some((_, prompt, text)) => vec![
                format!("{prompt}{text}_"),
                style("Enter to confirm · Esc to cancel").dim().to_string(),
            ],
            None => {
                let mut f = vec![style(keys_line(view)).cyan().to_string()];
                f.extend(status.iter().map(|m| style(m).yellow().to_string()));
                f
            }
        };
        match view.screen(width, rows - 1, &footer) {
            Some(lines) if width + 1 >= MIN_COLUMNS => lines,
            _ => {
                // The smallest window that holds the screen at this width.
                let w = width.max(MIN_COLUMNS - 1);
                let h = (rows..200)
                    .find(|h| view.screen(w, h - 1, &footer).is_some())
                    .unwrap_or(200);
                Self::too_small(width, (w + 1, h), "q finishes.")
            }
        }
    }
}

/// What a key does to a question: moves the selection, answers, or asks to
/// go back, skip, quit; a refused key leaves its reason in `message`.
fn on_key(
    q: &Question,
    key: &Key,
    selected: &mut usize,
    message: &mut Option<String>,
) -> Option<Reply> {
    match *key {
        Key::ArrowUp | Key::Char('k') => {
            *selected = selected.saturating_sub(1);
            None
        }
        Key::ArrowDown | Key::Char('j') => {
            *selected = (*selected + 1).min(q.options.len() - 1);
            None
        }
        Key::Home => {
            *selected = 0;
            None
        }
        Key::End => {
            *selected = q.options.len() - 1;
            None
        }
        Key::Enter => Some(Reply::Pick(*selected)),
        Key::Char(c) if c.is_ascii_digit() => {
            let pick = q.option_for(i64::from(c as u8 - b'0'));
            if pick.is_none() {
                *message = Some(format!(
                    "{c} is not one of the options: type {} to {}.",
                    q.number(0),
                    q.number(q.options.len() - 1)
                ));
            }
            pick.map(Reply::Pick)
        }
        Key::Char('b') | Key::Escape | Key::ArrowLeft | Key::Backspace => {
            if q.can_back {
                Some(Reply::Back)
            } else {
                *message =
                    Some("This is the first question: there is nothing to go back to.".into());
                None
            }
        }
        Key::Char('s') => {
            if let Some(why) = q.skip_refusal() {
                *message = Some(why);
                None
            } else {
                Some(Reply::Skip)
            }
        }
        Key::Char('q') => Some(Reply::Quit),
        Key::CtrlC => Some(Reply::Interrupt),
        _ => None,
    }
}

/// The keys line of the result screen.
fn keys_line(view: &dyn ResultView) -> String {
    let mut keys = vec!["e explanation".to_string()];
    keys.extend(
        view.actions()
            .into_iter()
            .map(|(k, label)| format!("{k} {label}")),
    );
    keys.push("q done".into());
    keys.join(" · ")
}

fn outcome(r: Result<String, String>) -> String {
    match r {
        Ok(m) | Err(m) => m,
    }
}

/// One key of line editing; `Some` when the line is finished.
fn edit(text: &mut String, key: &Key) -> Option<Line> {
    match key {
        Key::Enter => Some(Line::Text(std::mem::take(text))),
        Key::Escape => Some(Line::Cancel),
        Key::CtrlC => Some(Line::Interrupt),
        Key::Backspace => {
            text.pop();
            None
        }
        Key::Char(c) if !c.is_control() => {
            text.push(*c);
            None
        }
        _ => None,
    }
}
