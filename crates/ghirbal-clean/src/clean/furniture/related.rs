//! Lists of other stories (`boilerplate:related`): after the body, a run of at least
//! `related_run` lines shaped like headlines (no full stop nor clause end; a question or an
//! exclamation may end one), with or without a label above it ("Most read", "في السياق نفسه",
//! or none). A list the article itself gives is not such a run: it is announced by a line
//! ending with a colon, or its lines open with a label and a colon ("Goalkeeper: ..."), or its
//! lines open alike (`opening`): with the same labelled word ("(Graphic: ...", "Path A:
//! ..."), or with the same form whatever their label (`shape::form`: the same first `list_form_marks` marks and
//! numbers in the same order: "June 9 – Tampa, FL @ Arena" and "July 2 – Mansfield, MA" open
//! with `0–,`; "Italy (Group J): 10th appearance" with `():`): tour dates, results, a squad,
//! a list of charts. Other stories' headlines are written one by one and seldom open alike. A
//! run neither starts nor goes on inside such a list (two lines opening alike): a label above
//! the article's list is no label of other stories, and a list of other stories right after
//! the article's own starts after it.
//!
//! Other stories' headlines as long as short paragraphs (`foreign_lead`): the body span, or
//! the article's end found after it, may stop a line or two into such a list (a headline of
//! `prose_words` words scores like a paragraph; a headline with a topic and a colon, "Russia:
//! ...", opens like a labelled list), or the list may end the page above a footer without
//! forming a run by itself. Walking up from where the article was found to end, the live
//! story-shaped lines that are not lines of a list of the article's own and whose words are not
//! the article's (at least `related_min_words` content words, at most `related_max_shared` of
//! them words of the headline and of the article's lines above) are the list's first lines,
//! when with the run of other stories starting at the end (if one does) they make at least
//! `related_run` lines; a label right above them (a line of at most 2 × `label_words` words, no
//! sentence end) goes with them. The article's own last lines share its vocabulary: a closing
//! line of a few words ("Thanks for reading") has too few content words to be weighed, a line
//! closed by a full stop is no headline, and one holding a clause mark a headline seldom holds
//! (`inner_clause_marks`: a full stop inside, the Arabic comma) reads as a paragraph.
//!
//! A box of other stories inside the body (`boxed`): a label a lexicon names as such ("Related
//! articles", "مواضيع ذات صلة") and the story-shaped lines right under it, up to the next line
//! that is not one (the article's next paragraph, which ends with a full stop). A box may hold one or two headlines, fewer
//! than `related_run`: its label says what they are. Lines of the article's own list under it
//! (`run_at` gives 0) stay.

use std::collections::HashSet;

use super::super::page::Page;
use crate::figures::Figures;
use crate::shape;

/// The reason of this file's rule.
pub const REASON: &str = "boilerplate:related";

/// True when line `i` may be an item of a list of other stories: live, headline-shaped, more
/// than `headline_min_words` words.
pub fn is_story(page: &Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    l.is_live() && l.is_headline_shaped(figures) && l.size() > figures.headline_min_words
}

/// The number of lines of the run of story-shaped lines starting at `i`, up to the first line
/// of a list of the article's own (a line opening like the line before or after it:
/// `opening`); 0 when line `i` is in such a list, when a line ending with a colon announces
/// it, or when most of its lines open with a label and a colon ("Goalkeeper: ...", "Defence:
/// ...").
pub fn run_at(page: &Page<'_>, i: usize, figures: &Figures) -> usize {
    if i > 0 && page.lines[i - 1].text.trim_end().ends_with([':', '：']) {
        return 0;
    }
    if in_list(page, i, figures) {
        return 0;
    }
    let run = (i..page.lines.len())
        .take_while(|&j| is_story(page, j, figures) && (j == i || !in_list(page, j, figures)))
        .count();
    let labelled = (i..i + run)
        .filter(|&j| opens_with_label(page.lines[j].text, figures))
        .count();
    if 2 * labelled > run { 0 } else { run }
}

/// True when line `i` opens like the line before or after it (`opening`): a line of a list.
fn in_list(page: &Page<'_>, i: usize, figures: &Figures) -> bool {
    let here = page.lines[i].opening(figures);
    let alike = |j: usize| here.is_like(page.lines[j].opening(figures));
    (i > 0 && alike(i - 1)) || (i + 1 < page.lines.len() && alike(i + 1))
}

/// How a line of a list opens (`opening`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Opening {
    /// The first word, when the line opens with a label and a colon (`opens_with_label`):
    /// "(graphic" for "(Graphic: ...", "path" for "Path A: ...".
    label: Option<String>,
    /// Its first `list_form_marks` marks and numbers (`shape::form`; full stops left out, as
    /// abbreviations put them anywhere: "Aug. 2 – ..."), when it has that many.
    form: Option<String>,
}

impl Opening {
    /// True when the two lines open with the same label word or the same form.
    pub fn is_like(&self, other: &Opening) -> bool {
        (self.label.is_some() && self.label == other.label)
            || (self.form.is_some() && self.form == other.form)
    }
}

/// How `line` opens, as a line of a list.
pub fn opening(line: &str, figures: &Figures) -> Opening {
    let label = opens_with_label(line, figures)
        .then(|| line.split_whitespace().next())
        .flatten()
        .map(|w| w.trim_end_matches([':', '：']).to_lowercase());
    let f: String = shape::form(line)
        .chars()
        .filter(|&c| c != '.')
        .take(figures.list_form_marks)
        .collect();
    let form = (f.chars().count() == figures.list_form_marks).then_some(f);
    Opening { label, form }
}

/// True when `line` opens with a label of at most `label_words` words and a colon (two such
/// lines in a row are a labelled list: "Defence: A - B", "Midfield: C - D").
pub fn opens_with_label(line: &str, figures: &Figures) -> bool {
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

/// Takes out the story-shaped lines right under a label of other stories (see the module
/// docs), anywhere below the headline.
pub fn boxed(page: &mut Page<'_>, figures: &Figures) {
    let top = page.zones.headline.map_or(0, |h| h + 1);
    let mut i = top;
    while i < page.lines.len() {
        let l = &page.lines[i];
        let label = l.removed.as_ref().is_some_and(|r| r.reason == REASON)
            && l.size() <= 2 * figures.label_words
            && !l.shape.sentence;
        if !label || i + 1 >= page.lines.len() || run_at(page, i + 1, figures) == 0 {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < page.lines.len() && is_story(page, j, figures) {
            page.remove(j, REASON, "related_box", &[("label_line", i as f64)]);
            j += 1;
        }
        i = j.max(i + 1);
    }
}

/// The first line of the list of other stories that ends the article at `boundary` (see the
/// module docs), walking up to line `top` at most; `boundary` itself when no such lines stand
/// above it.
pub fn foreign_lead(page: &Page<'_>, top: usize, boundary: usize, figures: &Figures) -> usize {
    let after = if boundary < page.lines.len() && page.lines[boundary].is_live() {
        run_at(page, boundary, figures)
    } else {
        0
    };
    let mut k = boundary;
    while k > top + 1 {
        let c = k - 1;
        if !is_story(page, c, figures)
            || in_list(page, c, figures)
            || has_inner_stop(page.lines[c].text, figures)
            || !foreign(page, top, c, figures)
        {
            break;
        }
        k = c;
    }
    if k == boundary || boundary - k + after < figures.related_run {
        return boundary;
    }
    let l = &page.lines[k - 1];
    let label = k - 1 > top
        && l.is_live()
        && l.size() <= 2 * figures.label_words
        && !l.shape.sentence
        && !l.shape.clause_end;
    if label { k - 1 } else { k }
}

/// True when line `i` has at least `related_min_words` content words, at most
/// `related_max_shared` of them words of the headline and of the live lines from `top` to it.
fn foreign(page: &Page<'_>, top: usize, i: usize, figures: &Figures) -> bool {
    let words = page.lines[i].content_words();
    if words.len() < figures.related_min_words {
        return false;
    }
    let article: HashSet<&str> = page
        .zones
        .headline
        .into_iter()
        .chain(top..i)
        .flat_map(|j| page.lines[j].content_words().iter().map(String::as_str))
        .collect();
    let shared = words
        .iter()
        .filter(|w| article.contains(w.as_str()))
        .count();
    (shared as f64) <= figures.related_max_shared * words.len() as f64
}

/// True when `text` holds one of `inner_clause_marks` (a full stop then a space, the Arabic
/// comma): a sentence or a clause going on ("et al. Title", "...، الجمعة"), as a paragraph's
/// line reads and a headline seldom does. A mark doubled is no stop: Arabic headlines join
/// their parts with two dots ("قائمة السعودية للمونديال.. بيتزي يستدعي 28 لاعبا").
fn has_inner_stop(text: &str, figures: &Figures) -> bool {
    figures.inner_clause_marks.iter().any(|m| {
        let Some(first) = m.chars().next() else {
            return false;
        };
        text.match_indices(m.as_str())
            .any(|(at, _)| !text[..at].ends_with(first))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::FIGURES;

    const P1: &str = "The harbour city council approved on Tuesday a new tram line that will link the old port to the airport by 2028.";
    const P2: &str = "The line will run for eighteen kilometres with fourteen stops, and the council expects forty thousand passengers a day.";
    const STORIES: &str = "Regional hospital opens a children's wing with forty beds and a rooftop garden for families\nElections: turnout in the mountain provinces reaches its highest level in twenty years\nMuseum returns three bronze statues to the village where farmers found them a century ago";

    /// Where the list found above the footer (the last line, taken out) starts.
    fn lead(last_lines: &str) -> usize {
        let text = format!(
            "Harbour city council approves new tram line to the airport\n{P1}\n{P2}\n{last_lines}\n{STORIES}\n© 2024 Coastal Post Media"
        );
        let mut page = Page::parse(&text);
        page.zones.headline = Some(0);
        let footer = page.lines.len() - 1;
        page.remove(footer, "boilerplate:copyright", "lexicon", &[]);
        foreign_lead(&page, 1, footer, &FIGURES)
    }

    #[test]
    fn other_storys_headlines_above_the_footer_and_their_label_are_a_list() {
        // Lines 3 (the label) to 6 (the third headline), the footer at 7.
        assert_eq!(lead("Elsewhere today"), 3);
    }

    #[test]
    fn a_last_line_in_the_articles_words_or_reading_as_a_clause_stays() {
        // The list starts under them, at line 4 (5 with two lines above it).
        let own = "Tram line to the airport: the council publishes the route of the fourteen stops";
        assert_eq!(lead(own), 4);
        let inner = "More reading: Fares et al. Trams and ports in northern cities, a survey";
        let arabic = "كلمات الرئيس جاءت في رسالة بحسابه على موقع التواصل، الجمعة";
        assert_eq!(lead(&format!("{inner}\n{arabic}")), 5);
        assert_eq!(lead(&format!("{arabic}\n{inner}")), 5);
        // Two dots join a headline's parts: the list starts at line 3.
        assert_eq!(
            lead("Trade talks stall.. ministers leave Geneva without a date for the next round"),
            3
        );
    }
}
