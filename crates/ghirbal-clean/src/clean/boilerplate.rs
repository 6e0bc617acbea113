//! In-page boilerplate: navigation, "read also", related links, share/print/comment prompts,
//! copyright and tag lines, found by lexicon and by position.
//!
//! Rules, in order:
//! 1. A line a lexicon names (whole line, line start or substring, see `resources/ar.toml`)
//!    goes, with the lexicon's category as reason.
//! 2. A run of at least [`HEAD_MENU_LINES`] menu-shaped lines at the top of the page goes as
//!    `boilerplate:navigation`: articles do not start with a list of one-word labels.
//! 3. A run of at least [`TAIL_MENU_LINES`] menu-shaped lines at the end of the page goes as
//!    `boilerplate:navigation`: after the last paragraph, short label lines are the site's
//!    menus and section lists. A single short last line (a signature, a source) stays.
//!
//! A line is menu-shaped when it has at most [`MENU_WORDS`] words and no sentence end.

use ghirbal_core::reason::clean::line;

use super::page::Page;
use crate::lexicon::Lexicon;
use crate::lines;

/// Most words in a menu label.
const MENU_WORDS: usize = 3;
/// Menu-shaped lines at the top of a page that make a menu.
const HEAD_MENU_LINES: usize = 3;
/// Menu-shaped lines at the end of a page that make a menu.
const TAIL_MENU_LINES: usize = 2;

const NAVIGATION: &str = "boilerplate:navigation";

/// Applies the three rules to `page`.
pub fn remove(page: &mut Page<'_>, lexicon: &Lexicon) {
    debug_assert!(NAVIGATION.starts_with(line::BOILERPLATE));
    for i in 0..page.lines.len() {
        let l = &page.lines[i];
        if let Some(category) = lexicon.category(l.text, l.words) {
            page.remove(i, category);
        }
    }
    let is_menu = |page: &Page<'_>, i: usize| {
        let l = &page.lines[i];
        l.words <= MENU_WORDS && !lines::ends_sentence(l.text)
    };
    let head: Vec<usize> = page
        .live_from(0)
        .take_while(|&i| is_menu(page, i))
        .collect();
    // Keep at least one line: a page that is only labels is left for `clean:empty` to judge
    // by what remains, not emptied here.
    if head.len() >= HEAD_MENU_LINES && head.len() < page.live_from(0).count() {
        for i in head {
            page.remove(i, NAVIGATION);
        }
    }
    let live: Vec<usize> = page.live_from(0).collect();
    let tail: Vec<usize> = live
        .iter()
        .rev()
        .copied()
        .take_while(|&i| is_menu(page, i))
        .collect();
    if tail.len() >= TAIL_MENU_LINES && tail.len() < live.len() {
        for i in tail {
            page.remove(i, NAVIGATION);
        }
    }
}
