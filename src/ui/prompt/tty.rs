//! The terminal prompter: each question is drawn as one block on standard
//! error and erased exactly (`clear_last_lines`) before the next draw, so
//! no stale line stays on screen. Keys are read one at a time with
//! `console::Term::read_key_raw` (the machinery dialoguer uses), which
//! lets us bind digits, `b`/Esc, `s` and `q`, and see Ctrl-C as a key.

use std::io;

use console::{style, Key, Term};

use super::{layout_width, wrap, Prompter, Question, Reply, Welcome};

pub struct Tty {
    term: Term,
    /// The terminal shows Unicode; otherwise every block is drawn in ASCII.
    utf8: bool,
}

impl Tty {
    pub fn new(utf8: bool) -> Self {
        Tty {
            term: Term::stderr(),
            utf8,
        }
    }

    fn width(&self) -> usize {
        layout_width(self.term.size_checked().map(|(_, w)| w))
    }

    fn rows(&self) -> usize {
        self.term
            .size_checked()
            .map_or(24, |(h, _)| usize::from(h))
            .max(2)
    }

    /// Writes a block and returns how many lines it took.
    fn draw(&self, lines: &[String]) -> io::Result<usize> {
        let mut buf = String::new();
        for l in lines {
            buf.push_str(l);
            buf.push('\n');
        }
        if !self.utf8 {
            buf = crate::render::glyphs::to_ascii(&buf).into_owned();
        }
        self.term.write_str(&buf)?;
        self.term.flush()?;
        Ok(lines.len())
    }

    /// Erases the last block drawn. A block taller than the screen has
    /// scrolled out of reach of cursor movement: clear the screen instead.
    fn erase(&self, n: usize) -> io::Result<()> {
        if n >= self.rows() {
            self.term.clear_screen()
        } else {
            self.term.clear_last_lines(n)
        }
    }

    /// The lines of a question block, each within the layout width.
    pub fn render(
        q: &Question,
        selected: usize,
        message: Option<&str>,
        width: usize,
    ) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some((n, total)) = q.progress {
            let label = format!("{n}/{total}");
            let cells = width.saturating_sub(label.len() + 2).min(30);
            let filled = (cells * n.saturating_sub(1))
                .checked_div(total)
                .unwrap_or(0);
            // Block characters (`#` and `.` in ASCII, see `draw`).
            let (done, todo) = ("█", "░");
            lines.push(format!(
                "{}  {}{}",
                style(label).bold(),
                style(done.repeat(filled)).cyan(),
                style(todo.repeat(cells - filled)).dim()
            ));
            lines.push(String::new());
        }
        if let Some(h) = &q.heading {
            lines.extend(
                wrap(h, width, "")
                    .into_iter()
                    .map(|l| style(l).dim().to_string()),
            );
        }
        lines.extend(
            wrap(&q.text, width, "")
                .into_iter()
                .map(|l| style(l).bold().to_string()),
        );
        lines.push(String::new());
        for (i, opt) in q.options.iter().enumerate() {
            let n = q.number(i);
            let num = if (0..=9).contains(&n) {
                n.to_string()
            } else {
                " ".into()
            };
            let mark = if q.answered == Some(i) { "•" } else { " " };
            let cursor = if i == selected { ">" } else { " " };
            let lead = format!("{cursor} {num}{mark} ");
            let pad = " ".repeat(console::measure_text_width(&lead));
            for (k, l) in wrap(opt, width.saturating_sub(pad.len()), "")
                .into_iter()
                .enumerate()
            {
                let l = format!("{}{l}", if k == 0 { &lead } else { &pad });
                if i == selected {
                    lines.push(style(l).cyan().bold().to_string());
                } else {
                    lines.push(l);
                }
            }
        }
        lines.push(String::new());
        let last = q.number(q.options.len() - 1);
        let arrows = "↑↓";
        let mut keys = vec![format!("{arrows}/jk move")];
        if (0..=9).contains(&q.first_number) && (0..=9).contains(&last) {
            keys.push(format!("Enter or {}-{last} answer", q.first_number));
        } else {
            keys.push("Enter answer".into());
        }
        if q.can_back {
            keys.push("b back".into());
        }
        let skip = q.skip_hint();
        if !skip.is_empty() {
            keys.push(skip);
        }
        keys.push("q quit".into());
        lines.extend(
            wrap(&keys.join(" · "), width, "")
                .into_iter()
                .map(|l| style(l).dim().to_string()),
        );
        if let Some(m) = message {
            lines.extend(
                wrap(m, width, "")
                    .into_iter()
                    .map(|l| style(l).yellow().to_string()),
            );
        }
        lines
    }
}

impl Prompter for Tty {
    fn welcome(&mut self, w: &Welcome) -> io::Result<Reply> {
        let width = self.width();
        let mut lines = Vec::new();
        lines.extend(
            wrap(&w.title, width, "")
                .into_iter()
                .map(|l| style(l).bold().to_string()),
        );
        for p in &w.paragraphs {
            lines.push(String::new());
            lines.extend(wrap(p, width, ""));
        }
        lines.push(String::new());
        lines.extend(
            wrap("Press Enter to start, or q to quit.", width, "")
                .into_iter()
                .map(|l| style(l).cyan().to_string()),
        );
        self.term.hide_cursor()?;
        let n = self.draw(&lines)?;
        let reply = loop {
            match self.term.read_key_raw()? {
                Key::Enter => break Reply::Pick(0),
                Key::Char('q') | Key::Escape => break Reply::Quit,
                Key::CtrlC => break Reply::Interrupt,
                _ => {}
            }
        };
        // The welcome may be taller than the screen: start the questions on a clean one.
        if n >= self.rows() {
            self.term.clear_screen()?;
        } else {
            self.term.clear_last_lines(n)?;
        }
        if reply != Reply::Pick(0) {
            self.term.show_cursor()?;
        }
        Ok(reply)
    }

    fn ask(&mut self, q: &Question) -> io::Result<Reply> {
        let mut selected = q.selected.min(q.options.len().saturating_sub(1));
        let mut message: Option<String> = None;
        self.term.hide_cursor()?;
        loop {
            let lines = Self::render(q, selected, message.as_deref(), self.width());
            let n = self.draw(&lines)?;
            let key = self.term.read_key_raw();
            self.erase(n)?;
            let reply = match key? {
                Key::ArrowUp | Key::Char('k') => {
                    selected = selected.saturating_sub(1);
                    None
                }
                Key::ArrowDown | Key::Char('j') => {
                    selected = (selected + 1).min(q.options.len() - 1);
                    None
                }
                Key::Home => {
                    selected = 0;
                    None
                }
                Key::End => {
                    selected = q.options.len() - 1;
                    None
                }
                Key::Enter => Some(Reply::Pick(selected)),
                Key::Char(c) if c.is_ascii_digit() => {
                    let pick = q.option_for(i64::from(c as u8 - b'0'));
                    if pick.is_none() {
                        message = Some(format!(
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
                        message = Some(
                            "This is the first question: there is nothing to go back to.".into(),
                        );
                        None
                    }
                }
                Key::Char('s') => {
                    if let Some(why) = q.skip_refusal() {
                        message = Some(why);
                        None
                    } else {
                        Some(Reply::Skip)
                    }
                }
                Key::Char('q') => Some(Reply::Quit),
                Key::CtrlC => Some(Reply::Interrupt),
                _ => None,
            };
            if let Some(r) = reply {
                if matches!(r, Reply::Quit | Reply::Interrupt) {
                    self.term.show_cursor()?;
                }
                return Ok(r);
            }
        }
    }

    fn line(&mut self, prompt: &str) -> io::Result<Option<String>> {
        self.term.show_cursor()?;
        self.term.write_str(prompt)?;
        self.term.flush()?;
        match self.term.read_line() {
            Ok(s) => Ok(Some(s)),
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn say(&mut self, text: &str) -> io::Result<()> {
        let width = self.width();
        for l in wrap(text, width, "") {
            self.term.write_line(&l)?;
        }
        Ok(())
    }
}
