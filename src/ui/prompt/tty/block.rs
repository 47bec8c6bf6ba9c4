//! The question block: the lines of one question at a width, a window of
//! its options when they do not all fit, or the request for a larger window.

use console::style;

use super::{Tty, MIN_COLUMNS};
use crate::ui::prompt::{wrap, Question};

impl Tty {
    /// The question block; when all its options would not fit the screen
    /// (a 0–100 scale has 101), a window of them that follows the cursor,
    /// and a line saying which are shown. Typed numbers still pick from all.
    pub(super) fn fit(
        q: &Question,
        selected: usize,
        message: Option<&str>,
        rows: usize,
        width: usize,
    ) -> Vec<String> {
        let full = Self::render(q, selected, message, width);
        let n = q.options.len();
        if full.len() < rows || n <= 3 {
            return full;
        }
        // One line an option; one more line for the note.
        let keep = n.saturating_sub(full.len() + 2 - rows).max(3);
        let lo = selected.saturating_sub(keep / 2).min(n - keep);
        let window = Question {
            options: q.options[lo..lo + keep].to_vec(),
            first_number: q.number(lo),
            answered: q
                .answered
                .and_then(|a| a.checked_sub(lo))
                .filter(|a| *a < keep),
            ..q.clone()
        };
        let note = format!(
            "Showing {} to {} of {} options; ↑/↓ scroll.",
            q.number(lo),
            q.number(lo + keep - 1),
            n
        );
        let message = match message {
            Some(m) => format!("{m} {note}"),
            None => note,
        };
        Self::render(&window, selected - lo, Some(&message), width)
    }

    /// In place of a screen that does not fit: what size it needs.
    pub(super) fn too_small(width: usize, need: (usize, usize), quit: &str) -> Vec<String> {
        wrap(
            &format!(
                "Make the window larger (at least {}×{}) or use --plain. {quit}",
                need.0, need.1
            ),
            width,
            "",
        )
        .into_iter()
        .map(|l| style(l).yellow().to_string())
        .collect()
    }

    /// The lines of a question block, each within the layout width: the
    /// progress bar, the heading and text, the options, the keys that work
    /// here and the message (a refused key's reason).
    pub fn render(
        q: &Question,
        selected: usize,
        message: Option<&str>,
        width: usize,
    ) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some((n, total)) = q.progress {
            lines.push(progress_bar(n, total, width));
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
        option_lines(&mut lines, q, selected, width);
        lines.push(String::new());
        lines.extend(
            wrap(&key_hints(q), width, "")
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

    /// The block for a question at the window's size, or the request to
    /// make the window larger when it does not fit.
    pub(super) fn question_block(
        q: &Question,
        selected: usize,
        message: Option<&str>,
        rows: usize,
        width: usize,
    ) -> Vec<String> {
        let lines = Self::fit(q, selected, message, rows, width);
        if lines.len() < rows && width + 1 >= MIN_COLUMNS {
            return lines;
        }
        let need = Self::render(q, selected, message, MIN_COLUMNS - 1).len() + 1;
        Self::too_small(width, (MIN_COLUMNS, need), "q quits keeping your progress.")
    }
}

/// `n/total` and a bar of at most 30 cells, filled for the questions done.
fn progress_bar(n: usize, total: usize, width: usize) -> String {
    let label = format!("{n}/{total}");
    let cells = width.saturating_sub(label.len() + 2).min(30);
    let filled = (cells * n.saturating_sub(1))
        .checked_div(total)
        .unwrap_or(0);
    // Block characters (`#` and `.` in ASCII, see `draw`).
    let (done, todo) = ("█", "░");
    format!(
        "{}  {}{}",
        style(label).bold(),
        style(done.repeat(filled)).cyan(),
        style(todo.repeat(cells - filled)).dim()
    )
}

/// Every option with its number (aligned), so a long scale with few labels
/// can still be read (only single digits are hotkeys); the answer given
/// before is marked, the selected option highlighted, long ones wrapped.
fn option_lines(lines: &mut Vec<String>, q: &Question, selected: usize, width: usize) {
    let digits = (0..q.options.len())
        .map(|i| q.number(i).to_string().len())
        .max()
        .unwrap_or(1);
    for (i, opt) in q.options.iter().enumerate() {
        let num = format!("{:>digits$}", q.number(i));
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
}

/// The keys that work for this question: typed numbers only where every
/// option is a single digit, back only after the first, skip as allowed.
fn key_hints(q: &Question) -> String {
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
    keys.join(" · ")
}
