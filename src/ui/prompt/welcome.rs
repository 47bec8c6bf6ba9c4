//! The welcome screen laid out in pages that fit the window: the title and
//! the first paragraph (what this is and is not) always open the first
//! page, so "not a diagnosis" never scrolls out of view; the rest follows
//! on as many pages as the height needs.

use console::style;

use super::{wrap, Welcome};

/// The pages of the welcome for `width` columns and `rows` lines, each
/// ending with its own footer line. A page never holds more than
/// `rows − 1` lines (the last line of the screen stays free, so drawing it
/// does not scroll).
pub fn pages(w: &Welcome, width: usize, rows: usize) -> Vec<Vec<String>> {
    // Room for text on a page: the rest is a blank line and the footer
    // (as many lines as the longest footer takes at this width), and the
    // last line of the screen.
    let footer_lines = wrap(
        "Press Enter to start, b to go back a page, or q to quit. (page 10 of 10)",
        width,
        "",
    )
    .len();
    let room = rows.saturating_sub(2 + footer_lines).max(4);
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let title: Vec<String> = wrap(&w.title, width, "")
        .into_iter()
        .map(|l| style(l).bold().to_string())
        .collect();
    for p in &w.paragraphs {
        blocks.push(wrap(p, width, ""));
    }
    let mut pages: Vec<Vec<String>> = vec![title];
    for block in blocks {
        let page = pages.last_mut().expect("a page");
        let fits = page.len() + 1 + block.len() <= room;
        if fits {
            page.push(String::new());
            page.extend(block);
            continue;
        }
        // A paragraph that does not fit goes on a new page; one taller than
        // a whole page is split across pages.
        let mut rest = block.as_slice();
        if page.len() > room / 2 || page.len() + 2 > room {
            pages.push(Vec::new());
        } else {
            page.push(String::new());
        }
        while !rest.is_empty() {
            let page = pages.last_mut().expect("a page");
            let take = room.saturating_sub(page.len()).max(1).min(rest.len());
            page.extend(rest[..take].iter().cloned());
            rest = &rest[take..];
            if !rest.is_empty() {
                pages.push(Vec::new());
            }
        }
    }
    let n = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let footer = if i + 1 == n {
            if n > 1 {
                "Press Enter to start, b to go back a page, or q to quit.".to_string()
            } else {
                "Press Enter to start, or q to quit.".to_string()
            }
        } else {
            format!(
                "Press Enter for more (page {} of {n}), or q to quit.",
                i + 1
            )
        };
        page.push(String::new());
        page.extend(
            wrap(&footer, width, "")
                .into_iter()
                .map(|l| style(l).cyan().to_string()),
        );
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn welcome() -> Welcome {
        Welcome {
            title: "A title".into(),
            paragraphs: vec![
                "Not a diagnosis. ".repeat(8),
                "Second paragraph. ".repeat(10),
                "Third. ".repeat(120),
            ],
        }
    }

    #[test]
    fn every_page_fits_and_the_disclaimer_opens_the_first() {
        for (width, rows) in [(79, 24), (59, 20), (39, 12), (100, 40)] {
            let pages = pages(&welcome(), width, rows);
            for p in &pages {
                assert!(p.len() < rows, "{width}×{rows}: {} lines", p.len());
                assert!(p.iter().all(|l| console::measure_text_width(l) <= width));
            }
            assert_eq!(console::strip_ansi_codes(&pages[0][0]), "A title");
            assert!(pages[0][2].starts_with("Not a diagnosis."));
            let all: String = pages.concat().join(" ");
            assert_eq!(all.matches("Third.").count(), 120, "nothing lost");
        }
        assert_eq!(pages(&welcome(), 100, 40).len(), 1);
        assert!(pages(&welcome(), 59, 20).len() > 1);
    }
}
