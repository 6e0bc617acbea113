//! In-page boilerplate: navigation, "read also", related links, share/print/comment prompts,
//! copyright and tag lines, found by lexicon and by position.
//!
//! Rules, in order:
//! 1. A line a lexicon names (whole line, line start or substring, see `resources/ar.toml`)
//!    goes, with the lexicon's category as reason. Except: the page's first line, when a
//!    blank line follows it, stands as a headline, and a headline is never a cross-link
//!    (`read_also`): "شاهد.. لحظة ..." heads a video story, it does not point to another.
//! 2. A run of at least [`HEAD_MENU_LINES`] menu-shaped or lexicon lines at the top of the
//!    page, holding at least one lexicon line, goes as `boilerplate:navigation`: "Home" next
//!    to "World" and "Business" is a menu. A line followed by a blank line ends the run: that
//!    is how a headline stands.
//! 3. A run of at least [`TAIL_MENU_LINES`] menu-shaped or lexicon lines at the end of the
//!    page, holding at least one lexicon line, goes as `boilerplate:navigation`: the site's
//!    section list next to its "related news" label. Short lines at the end with no lexicon
//!    line among them (a poem's last verses, a signature, photo captions) stay.
//!
//! A line is menu-shaped when it has at most [`MENU_WORDS`] words, no sentence end and no
//! digit: menus are labels, while "1- ألمانيا" is an item of a list the article gives.

use ghirbal_core::reason::clean::line;
use ghirbal_core::text;

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
const READ_ALSO: &str = "boilerplate:read_also";

/// Applies the three rules to `page`.
pub fn remove(page: &mut Page<'_>, lexicon: &Lexicon) {
    debug_assert!(NAVIGATION.starts_with(line::BOILERPLATE));
    for i in 0..page.lines.len() {
        let l = &page.lines[i];
        if let Some(category) = lexicon.category(l.text, l.words) {
            let headline = i == 0 && l.blank_after;
            if !(headline && category == READ_ALSO) {
                page.remove(i, category);
            }
        }
    }
    let is_menu = |page: &Page<'_>, i: usize| {
        let l = &page.lines[i];
        l.words <= MENU_WORDS
            && !lines::ends_sentence(l.text)
            && !l.text.chars().any(text::is_numeric)
    };
    let live_count = page.live_from(0).count();
    // Lines a lexicon already took count towards a run: "Home" next to "World" is a menu.
    // At the top, a line set apart by a blank line is a headline and ends the run.
    let mut head = Vec::new();
    let (mut run, mut hits) = (0, 0);
    for (i, l) in page.lines.iter().enumerate() {
        if !l.is_live() {
            run += 1;
            hits += 1;
        } else if is_menu(page, i) && !l.blank_after {
            run += 1;
            head.push(i);
        } else {
            break;
        }
    }
    // Keep at least one line: a page of labels only is judged by `clean:empty` on what the
    // lexicons leave, not emptied by position.
    if run >= HEAD_MENU_LINES && hits > 0 && !head.is_empty() && head.len() < live_count {
        for &i in &head {
            page.remove(i, NAVIGATION);
        }
    }
    let live_count = page.live_from(0).count();
    let mut tail = Vec::new();
    let (mut run, mut hits) = (0, 0);
    for (i, l) in page.lines.iter().enumerate().rev() {
        if !l.is_live() {
            run += 1;
            hits += 1;
        } else if is_menu(page, i) {
            run += 1;
            tail.push(i);
        } else {
            break;
        }
    }
    if run >= TAIL_MENU_LINES && hits > 0 && !tail.is_empty() && tail.len() < live_count {
        for &i in &tail {
            page.remove(i, NAVIGATION);
        }
    }
}
