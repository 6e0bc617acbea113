//! What stands outside the article: above its headline, and after its body.
//!
//! Above the headline (`boilerplate:above_headline`; `boilerplate:section_label` for the label
//! right above it): once the headline is found below the page's first line, every line above
//! it goes, datelines first parsed (`dateline.rs`). Only on a web page (`Page::signals`:
//! site furniture, or a headline with a dated line under it, a dateline from which a date was
//! parsed before the body's first paragraph) or one whose lines above the headline are all
//! short: an edited text that quotes its title further down keeps its first paragraphs.
//! Even on a web page, a run of `above_headline_prose_run` prose lines in a row above the
//! headline stays (`prose_runs`): site furniture there is menus, labels and other stories'
//! headlines with a line of summary each, never paragraphs in a row, which are the page's own
//! text above a subheading taken for its headline (on readability's 130 test pages,
//! `bench/clean-readability.sh`, real lines removed 3,640 → 3,344, no furniture line kept more
//! on the dev layouts).
//!
//! Between the headline and the body's first paragraph: datelines and bylines
//! (`dateline.rs`; a row of counters beside a date, taken out as a menu row, gives its date
//! too), place-and-agency slugs (`credit.rs`), counters (`counter.rs`), and the short lines next to a dateline or byline
//! (the rest of the credit block: a bare name, an agency); a standfirst, a caption or a
//! subtitle stays.
//!
//! After the body (`boilerplate:after_body`, or the reason of a more specific rule): on a web
//! page (`Page::signals`: site furniture, a headline below lines taken out as above it, a
//! dated headline), the
//! first line after the body span that is site furniture, a dateline, a run of `label_run`
//! labels (`navigation.rs`), a list of other stories (`related.rs`) or a framed end mark with
//! neither prose nor a sentence below it (`end_mark`, on any page: "— ENDS —" above a press
//! release's contact line and channels row; the lines above it stay) or a reporting credit
//! (`credit.rs`, on any page: "(Reporting by ...; editing by ...)" closes a wire story; the
//! lines above it stay) ends the article, and it and every
//! line after it go, unless the article resumes after it (a stretch scoring like the body, or sentences closed by a full
//! stop before the next site furniture: `resumes_in_sentences`), or more of its own prose
//! follows than the site's furniture holds: before the next line a site-furniture rule took
//! out, however far after it, a stretch scores `resume_far_share` of the body (`resumes_far`:
//! a long document goes on after a block of code, a long list or a run of short headings;
//! other stories' headlines, dates and lines of summary score far below the article). On
//! readability's 130 test pages (`bench/clean-readability.sh`), `after_body` real lines
//! removed 1,341 -> 1,145, no furniture line kept more on the dev layouts. The short lines of plain
//! words right above that line that are neither prose nor sentences go with it (`lead_in`: a
//! newsletter box, a legal notice without a mark); the lines between the body span and them (a last short
//! paragraph, a signature, a credit) stay. A page with neither keeps every line, however it
//! ends. Where the end was looked for after the span (and is no end mark nor reporting credit),
//! `tail` records it (`Page::tail`) for the end by shape (`ending.rs`), which runs after the
//! consent banner and may move it up to the first line of the site's after the article's last
//! line in its words.
//!
//! The tail of a page may stand inside the body span: long lines of furniture (an author's
//! biography, a comment form's consent notice, comments, other stories' teasers) pull the span
//! over the short lines between them (`end_in_span`). So, first, inside the span and below the
//! headline, once the article holds `tail_article_words` words: a short line (not prose) that
//! a site-furniture rule took out ("Share", "Tags", "Leave a reply") ends the article there,
//! unless the article resumes after it and the lines taken out with it: sentences closed by a
//! full stop (`sentences_after`, as above), or a stretch starting within `resume_within` lines
//! that scores `resume_share` of the article above it (`body.rs`). A share bar, a label or a
//! box of links inside an article is followed by its paragraphs; a comment thread or a list of
//! teasers alternates names, dates and headlines with its long lines. Only when nothing ends
//! the article inside the span is the end looked for after it, as above.

use ghirbal_core::reason::clean::line;

use super::super::page::{ABOVE_HEADLINE_RULE, Page, Tail, is_site_furniture};
use super::{counter, credit, dateline, navigation, related};
use crate::figures::Figures;
use crate::lexicon::Lexicon;

/// The reason of lines above the headline.
pub const ABOVE_HEADLINE: &str = "boilerplate:above_headline";
/// The reason of a label right above the headline.
pub const SECTION_LABEL: &str = "boilerplate:section_label";
/// The reason of lines after the end of the article.
pub const AFTER_BODY: &str = "boilerplate:after_body";

/// Datelines, bylines and counters between the headline (or the top) and the body's first
/// paragraph, and the lines above the headline.
pub fn head(
    page: &mut Page<'_>,
    figures: &Figures,
    lexicon: &Lexicon,
    taken: &mut dateline::Taken,
) {
    let h = page.zones.headline;
    let from = h.map_or(0, |h| h.saturating_sub(figures.dateline_above));
    // Above the headline, datelines first (they carry the date), then everything.
    if let Some(h) = h {
        for i in from..h {
            dateline::take(page, i, figures, lexicon, taken, false);
        }
    }
    let start = h.map_or(0, |h| h + 1);
    let dates_above = taken.dates.len();
    for i in start..page.lines.len() {
        if !page.lines[i].is_live() {
            // A row of counters beside a date ("5 March 2024 | 1168 reads | 9 min") went as a
            // menu row (`navigation.rs`); under the headline its date is the page's.
            if h.is_some() && is_counter_row(page, i) {
                taken.dates.extend(page.lines[i].date(figures));
            }
            continue;
        }
        if dateline::take(page, i, figures, lexicon, taken, true)
            || (h.is_some() && credit::slug(page, i, figures))
        {
            continue;
        }
        if page.lines[i].is_prose(figures) {
            break;
        }
        if counter::is_counter(page, i) {
            counter::remove(page, i, "head_counter");
        }
    }
    if let Some(h) = h {
        credit_lines(page, h, figures);
    }
    let Some(h) = h else { return };
    if h == 0 {
        return;
    }
    let all_short = (0..h).all(|i| !page.lines[i].is_live() || !page.lines[i].is_prose(figures));
    // A headline with a dated line under it, below lines that are not the article, is how a
    // web page is laid out (`WebSignals::dated_headline`).
    page.dated_headline = taken.dates.len() > dates_above;
    if !(page.signals().is_web_page() || all_short) {
        return;
    }
    let running = prose_runs(page, h, figures);
    for (i, _) in running.iter().enumerate().filter(|(_, run)| !**run) {
        let reason = if i + 1 == h && navigation::is_label(page, i, figures) {
            SECTION_LABEL
        } else {
            ABOVE_HEADLINE
        };
        page.remove(
            i,
            reason,
            ABOVE_HEADLINE_RULE,
            &[("headline_line", h as f64)],
        );
    }
}

/// For each line above the headline at `h`: true when it is in a run of at least
/// `above_headline_prose_run` live prose lines in a row. Site furniture above a headline is
/// menus, labels, other stories' headlines with at most a line of summary each, and a
/// consent banner: never paragraphs in a row; a document whose headline was found under its
/// first paragraphs (a subheading sharing the body's words) has them.
fn prose_runs(page: &Page<'_>, h: usize, figures: &Figures) -> Vec<bool> {
    let mut running = vec![false; h];
    let mut start = None;
    for i in 0..=h {
        let prose = i < h && page.lines[i].is_live() && page.lines[i].is_prose(figures);
        match (prose, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if i - s >= figures.above_headline_prose_run {
                    running[s..i].iter_mut().for_each(|r| *r = true);
                }
                start = None;
            }
            _ => {}
        }
    }
    running
}

/// Between the headline at `h` and the body's first paragraph: a short line (at most
/// `byline_max_words` words, no sentence end, not a list item) next to a line taken out as a
/// dateline or a byline is part of the same credit block (a bare author name, "Written by
/// ...", an agency, a job title), and goes as a byline.
fn credit_lines(page: &mut Page<'_>, h: usize, figures: &Figures) {
    let end = (h + 1..page.lines.len())
        .find(|&i| page.lines[i].is_live() && page.lines[i].is_prose(figures))
        .unwrap_or(page.lines.len());
    let credit = |page: &Page<'_>, j: usize| {
        page.lines[j]
            .removed
            .as_ref()
            .is_some_and(|r| r.reason == line::DATELINE || r.reason == line::BYLINE)
    };
    let mut changed = true;
    while changed {
        changed = false;
        for i in h + 1..end {
            let l = &page.lines[i];
            if !l.is_live()
                || l.size() > figures.byline_max_words
                || l.shape.sentence
                || l.shape.list_item
            {
                continue;
            }
            if (i > h + 1 && credit(page, i - 1)) || (i + 1 < end && credit(page, i + 1)) {
                let words = l.size() as f64;
                page.remove(i, line::BYLINE, "credit_block", &[("words", words)]);
                changed = true;
            }
        }
    }
}

/// The lines after the end of the article (see the module docs).
pub fn tail(page: &mut Page<'_>, figures: &Figures) {
    let Some((start, end)) = page.zones.body else {
        return;
    };
    let n = page.lines.len();
    if !page.signals().is_web_page() {
        // A reporting credit after the body closes a wire story, and an end mark with neither
        // prose nor a sentence below it a press release, web page or not: the lines after it
        // go, unless the article resumes in sentences; nothing before it does.
        let credit = (end + 1..n).find(|&i| {
            end_mark(page, i, figures)
                || page.lines[i]
                    .removed
                    .as_ref()
                    .is_some_and(|r| r.rule == credit::REPORTING_RULE)
        });
        if let Some(c) = credit
            && sentences_after(page, c, figures).is_none()
        {
            for i in c + 1..n {
                page.remove(i, AFTER_BODY, "after_credit", &[("credit_line", c as f64)]);
            }
        }
        return;
    }
    let body_score =
        super::super::body::best_in(page, figures, start, end + 1).map_or(0, |s| s.score);
    // Headlines of other stories as long as short paragraphs pull the body span over them: a
    // run of `related_run` story-shaped lines that ends the span ends the article.
    let mut end = end;
    let (mut j, mut run) = (end, 0);
    while j > start && (!page.lines[j].is_live() || related::is_story(page, j, figures)) {
        run += usize::from(page.lines[j].is_live());
        j -= 1;
    }
    if run >= figures.related_run && related::run_at(page, j + 1, figures) > 0 {
        end = j;
    }
    let top = page.zones.headline.map_or(start, |h| start.max(h + 1));
    let (end, boundary) = match end_in_span(page, start, end, figures) {
        Some(b) if super::poll::closes_article(page, b) => (b - 1, b),
        Some(b) => (b - 1, lead_in(page, start, b, figures)),
        None => {
            let found = after_span(page, end, body_score, figures);
            let (end, boundary) = found.unwrap_or((end, n));
            // The article may end before any line a rule recognises (`ending.rs`, once the
            // consent banner is out): not above an end mark or a reporting credit, which close
            // the article themselves.
            if boundary == n || !closes_article(page, boundary, figures) {
                page.tail = Some(Tail {
                    top,
                    end,
                    boundary,
                    body_score,
                });
            }
            match found {
                Some(found) if found.1 < n => found,
                _ => return,
            }
        }
    };
    let figs = [
        ("body_end_line", end as f64),
        ("boundary_line", boundary as f64),
    ];
    // Other stories' headlines scoring like paragraphs stand above that line (`related.rs`).
    for i in related::foreign_lead(page, top, boundary, figures)..boundary {
        page.remove(i, related::REASON, "related_lead", &figs);
    }
    let mut i = boundary;
    while i < n {
        if !page.lines[i].is_live() {
            i += 1;
            continue;
        }
        let run = related::run_at(page, i, figures);
        if run >= figures.related_run {
            for j in i..i + run {
                page.remove(j, related::REASON, "related_run", &figs);
            }
            i += run;
            continue;
        }
        let (reason, rule) = if counter::is_counter(page, i) {
            (counter::REASON, "tail_counter")
        } else if dateline::is_dateline(page, i, figures) {
            (line::DATELINE, "tail_dateline")
        } else {
            (AFTER_BODY, "after_body")
        };
        page.remove(i, reason, rule, &figs);
        i += 1;
    }
}

/// The line after the body span's `end` that ends the article, walking over what only looked
/// like its end (see the module docs), and the last line of the article before it; `None`
/// when the page runs on to its end.
fn after_span(
    page: &Page<'_>,
    end: usize,
    body_score: i64,
    figures: &Figures,
) -> Option<(usize, usize)> {
    let n = page.lines.len();
    let mut end = end;
    let mut resumed = false;
    let boundary = loop {
        // When the article resumed and nothing ends it after, it runs to the page's end: its
        // last line is where the end by shape (`ending.rs`) looks from.
        let Some(b) = (end + 1..n).find(|&i| ends_article(page, i, figures)) else {
            return resumed.then_some((end, n));
        };
        // The article resumes after what looked like its end (a list, a label, a Q&A line):
        // a stretch scoring `resume_share` of the body starts within `resume_within` lines.
        match super::super::body::best_in(page, figures, b, n) {
            Some(s)
                if s.start <= b + figures.resume_within
                    && s.score as f64 >= figures.resume_share * body_score as f64 =>
            {
                end = s.end;
            }
            _ => match resumes_in_sentences(page, b, figures) {
                Some(last) => end = last,
                None => match resumes_far(page, b, body_score, figures) {
                    Some(last) => {
                        end = last;
                        resumed = true;
                    }
                    None => break b,
                },
            },
        }
    };
    // An end mark closes the article itself: the short lines above it are the article's
    // (a credit, a last line), not a box leading to furniture.
    if closes_article(page, boundary, figures) {
        return Some((end, boundary));
    }
    Some((end, lead_in(page, end, boundary, figures)))
}

/// The last line of the article when it goes on after `b` with more of its own prose than
/// the site's furniture holds: a stretch scoring `resume_far_share` of the body's score
/// (`body.rs`) before the next line a site-furniture rule took out, however far after `b` it
/// starts (a long document after a block of code, a list or a run of short headings). Other
/// stories' headlines and their lines of summary score far below the article above them.
fn resumes_far(page: &Page<'_>, b: usize, body_score: i64, figures: &Figures) -> Option<usize> {
    if body_score <= 0 || !page.lines[b].is_live() {
        return None;
    }
    let n = page.lines.len();
    let stop = (b + 1..n)
        .find(|&j| {
            page.lines[j]
                .removed
                .as_ref()
                .is_some_and(|r| is_site_furniture(r.reason))
        })
        .unwrap_or(n);
    super::super::body::best_in(page, figures, b, stop)
        .filter(|s| s.score as f64 >= figures.resume_far_share * body_score as f64)
        .map(|s| s.end)
}

/// True when line `b` is an end mark (`end_mark`), a reporting credit or a poll's question
/// (`poll.rs`): the article's own close, with its last lines above it.
fn closes_article(page: &Page<'_>, b: usize, figures: &Figures) -> bool {
    end_mark(page, b, figures)
        || super::poll::closes_article(page, b)
        || page.lines[b]
            .removed
            .as_ref()
            .is_some_and(|r| r.rule == credit::REPORTING_RULE)
}

/// The first line inside the body span `start..=end`, below the headline and after
/// `tail_article_words` words of the article, that is short and taken out by a site-furniture
/// rule, when the article does not resume after it (see the module docs).
fn end_in_span(page: &Page<'_>, start: usize, end: usize, figures: &Figures) -> Option<usize> {
    let from = page.zones.headline.map_or(start, |h| start.max(h + 1));
    let mut words = 0;
    let mut i = from;
    while i <= end {
        let l = &page.lines[i];
        let furniture = !l.is_prose(figures)
            && l.removed
                .as_ref()
                .is_some_and(|r| is_site_furniture(r.reason));
        if !furniture {
            if l.is_live() {
                words += l.size();
            }
            i += 1;
            continue;
        }
        if words < figures.tail_article_words {
            i += 1;
            continue;
        }
        // The furniture may take several lines (a share bar, a subscription box): the
        // article resumes after the last of them.
        let block = (i..=end)
            .take_while(|&j| !page.lines[j].is_live())
            .last()
            .unwrap_or(i);
        if let Some(last) = sentences_after(page, block, figures) {
            i = last + 1;
            continue;
        }
        let before = super::super::body::best_in(page, figures, from, i).map_or(0, |s| s.score);
        let hi = (block + 1 + figures.resume_within).min(end + 1);
        match super::super::body::best_in(page, figures, block, hi) {
            Some(s) if s.score as f64 >= figures.resume_share * before as f64 => i = s.end + 1,
            _ => return Some(i),
        }
    }
    None
}

/// The first line of the block of short lines that leads to the end of the article at
/// `boundary`: walking up from it to the body span's `end`, the live lines that are neither
/// prose (`Line::is_prose`) nor sentences nor list items, and are plain words (letters,
/// digits, apostrophes; no other mark). A newsletter box ("The morning brief" / "Top stories
/// in your inbox every morning" / "Enter your email"), a legal notice without a mark or a
/// label over the list of other stories stands there. A last short paragraph ends with a
/// sentence mark; an agency credit or a signature is a punctuated list of names ("AFP /
/// Reuters", "A. Name, B. Name"): the walk stops at either.
fn lead_in(page: &Page<'_>, end: usize, boundary: usize, figures: &Figures) -> usize {
    let mut b = boundary;
    while b > end + 1 {
        let l = &page.lines[b - 1];
        if l.is_live()
            && (l.shape.sentence
                || l.is_prose(figures)
                || l.shape.list_item
                || !is_plain_words(l.text))
        {
            break;
        }
        b -= 1;
    }
    b
}

/// True when `text` holds only letters (with their combining marks), digits, spaces and
/// apostrophes.
pub(super) fn is_plain_words(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, '\'' | '’'))
}

/// The last line of the article when it goes on after `b`, a line that ends the article by
/// its shape alone (a run of labels, of story-shaped lines, a dateline): a list of the
/// article's own (ingredients, specifications, a timeline), a Q&A block or an embedded post's
/// attribution line, then its prose again. Read the `resume_within` lines after `b`, up to the
/// next line a site-furniture rule took out or the next dateline (a comment's or another
/// post's date): when at least `resume_sentences` lines there end with a full stop
/// and hold `prose_sentence_words` words or more, the article runs to the last of them. Lists
/// of other stories, menus and newsletter or comment boxes are headlines, labels and prompts,
/// not sentences closed by a full stop; a line a site-furniture rule took out is trusted as
/// the end.
fn resumes_in_sentences(page: &Page<'_>, b: usize, figures: &Figures) -> Option<usize> {
    if !page.lines[b].is_live() {
        return None;
    }
    sentences_after(page, b, figures)
}

/// The last of at least `resume_sentences` lines closed by a full stop, of
/// `prose_sentence_words` words or more, among the `resume_within` lines after `b` and before
/// the next line a site-furniture rule took out or the next dateline.
fn sentences_after(page: &Page<'_>, b: usize, figures: &Figures) -> Option<usize> {
    let mut sentences = 0;
    let mut last = None;
    for j in b + 1..page.lines.len().min(b + 1 + figures.resume_within) {
        let l = &page.lines[j];
        match &l.removed {
            Some(r) if is_site_furniture(r.reason) => break,
            Some(_) => continue,
            None => {}
        }
        // A date or time line opens a comment, another post or a footer.
        if dateline::is_dateline(page, j, figures) {
            break;
        }
        if l.shape.full_stop && l.size() >= figures.prose_sentence_words {
            sentences += 1;
            last = Some(j);
        }
    }
    (sentences >= figures.resume_sentences)
        .then_some(last)
        .flatten()
}

/// True when line `i`, after the body span, ends the article.
fn ends_article(page: &Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    if let Some(r) = &l.removed {
        return is_site_furniture(r.reason)
            || end_mark(page, i, figures)
            || r.rule == credit::REPORTING_RULE;
    }
    dateline::is_dateline(page, i, figures)
        || label_run(page, i, figures) >= figures.label_run
        || related::starts_at(page, i, figures)
}

/// The number of live labels in a row from `i`.
fn label_run(page: &Page<'_>, i: usize, figures: &Figures) -> usize {
    (i..page.lines.len())
        .take_while(|&j| page.lines[j].is_live() && navigation::is_label(page, j, figures))
        .count()
}

/// True when line `i`, after the body span, is a framed label (`ad.rs`: "— ENDS —",
/// "[ Advertisement ]") with no line of prose (`Line::is_prose`) nor any sentence left below
/// it: a press release's end mark or an ad block closing the article, followed by its contact
/// line, channels row or footer, none of them a sentence. An ad label inside the article is
/// followed by its paragraphs (a last short sentence, "All..." cut by the site), and stays an
/// ad label that ends nothing.
fn end_mark(page: &Page<'_>, i: usize, figures: &Figures) -> bool {
    page.lines[i]
        .removed
        .as_ref()
        .is_some_and(|r| r.rule == super::ad::FRAMED_RULE)
        && page.lines[i + 1..]
            .iter()
            .all(|l| !l.is_live() || !(l.is_prose(figures) || l.shape.sentence))
}

/// True when line `i` went as a menu row of counters (`navigation.rs`: every item numbered).
fn is_counter_row(page: &Page<'_>, i: usize) -> bool {
    page.lines[i].removed.as_ref().is_some_and(|r| {
        r.reason == navigation::REASON
            && r.rule == "menu_row"
            && crate::shape::row(page.lines[i].text)
                .is_some_and(|row| row.numbered_items > 0 && row.numbered_items == row.items)
    })
}
