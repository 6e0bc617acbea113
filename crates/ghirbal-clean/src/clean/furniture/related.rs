//! Lists of other stories (`boilerplate:related`): after the body, a run of at least
//! `related_run` lines shaped like headlines (no full stop nor clause end; a question or an
//! exclamation may end one), with or without a label above it ("Most read", "في السياق نفسه",
//! or none). A list the article itself gives is announced by a line ending with a colon, and
//! is not such a run.

use super::super::page::Page;
use crate::figures::Figures;

/// The reason of this file's rule.
pub const REASON: &str = "boilerplate:related";

/// True when line `i` may be an item of a list of other stories: live, headline-shaped, more
/// than `headline_min_words` words.
pub fn is_story(page: &Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    l.is_live() && l.is_headline_shaped(figures) && l.size() > figures.headline_min_words
}

/// The number of lines of the run of story-shaped lines starting at `i`; 0 when a line
/// ending with a colon announces it, or when most of its lines open with a label and a colon
/// ("Goalkeeper: ...", "Defence: ..."): the article's own lists.
pub fn run_at(page: &Page<'_>, i: usize, figures: &Figures) -> usize {
    if i > 0 && page.lines[i - 1].text.trim_end().ends_with([':', '：']) {
        return 0;
    }
    let run = (i..page.lines.len())
        .take_while(|&j| is_story(page, j, figures))
        .count();
    let labelled = (i..i + run)
        .filter(|&j| opens_with_label(page.lines[j].text, figures))
        .count();
    if 2 * labelled > run { 0 } else { run }
}

/// True when `line` opens with a label of at most `label_words` words and a colon.
fn opens_with_label(line: &str, figures: &Figures) -> bool {
    line.split_whitespace()
        .take(figures.label_words)
        .any(|w| w.ends_with([':', '：']))
}

/// True when a list of other stories starts at `i`, or at `i + 1` under a label at `i`.
pub fn starts_at(page: &Page<'_>, i: usize, figures: &Figures) -> bool {
    if run_at(page, i, figures) >= figures.related_run {
        return true;
    }
    let l = &page.lines[i];
    l.is_live()
        && l.size() <= 2 * figures.label_words
        && !l.shape.sentence
        && !l.shape.clause_end
        && i + 1 < page.lines.len()
        && run_at(page, i + 1, figures) >= figures.related_run.saturating_sub(1).max(2)
}
