//! Polls put to the reader (`boilerplate:poll`): a question about the page, and its answer
//! buttons under it ("Did this page help you?" / "Yes" / "No", "هل أفادتك هذه الصفحة؟" /
//! "نعم" / "لا", "Cette page vous a-t-elle aidé ?" / "Oui" / "Non").
//!
//! Below the headline, a live line of at most `reader_line_words` words ending with a question
//! mark, that names the page (`[words] page`: a blog's question to its readers, "What is your
//! favourite weekend activity?", asks of their lives, not of the page) and whose other words
//! are not the article's (`about.rs`: at most `about_max_shared` of its content words, page
//! words and the word naming the page with one aside, "this page", "هذه الصفحة", in the
//! headline: the last paragraph above it holds "this" or "هذه" as any paragraph does, and the
//! answers under it hold no content words), followed by 2
//! to `poll_answers` live answers and then by a line that is no answer or by the page's end: an
//! answer has at most `poll_answer_words` words, no digit and no sentence end. The question
//! ends with a question mark, so it reads as a sentence and the article seemed to resume
//! there; taken out, it ends the article (`outside.rs`): a poll is a web page's, so the reason
//! is site furniture. It closes the article as an end mark does: the short lines above it (a
//! credit, "With Post wires") are the article's, not a box leading to the poll
//! ([`closes_article`]).
//!
//! An interview's question is followed by its answer, a sentence; a quiz in the article asks
//! of its subject and shares its words; a run of more than `poll_answers` short lines under a
//! question is a list (the article's own, or a menu that other rules weigh).

use super::super::page::Page;
use super::about;
use crate::figures::Figures;
use crate::lexicon::Lexicon;

/// The reason of this file's rule.
pub const REASON: &str = "boilerplate:poll";

/// The rule name of a poll's question.
pub const QUESTION_RULE: &str = "poll_question";

/// Marks that end a question.
const QUESTION: &[char] = &['?', '؟', '？'];

/// Removes the polls below the headline (see the module docs).
pub fn take(page: &mut Page<'_>, lexicon: &Lexicon, figures: &Figures) {
    if page.zones.body.is_none() {
        return;
    }
    let top = page.zones.headline.map_or(0, |h| h + 1);
    let mut i = top;
    while i < page.lines.len() {
        let Some(answers) = poll_at(page, i, lexicon, figures) else {
            i += 1;
            continue;
        };
        let n = answers.len() as f64;
        page.remove(i, REASON, QUESTION_RULE, &[("answers", n)]);
        for &j in &answers {
            page.remove(j, REASON, "poll_answer", &[("question_line", i as f64)]);
        }
        i = answers.last().map_or(i, |&j| j) + 1;
    }
}

/// The answers' lines when line `i` is a poll's question (see the module docs).
fn poll_at(page: &Page<'_>, i: usize, lexicon: &Lexicon, figures: &Figures) -> Option<Vec<usize>> {
    let l = &page.lines[i];
    let question = l
        .text
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', ')'])
        .ends_with(QUESTION);
    if !l.is_live() || !question || l.size() > figures.reader_line_words {
        return None;
    }
    let answer = |j: usize| {
        let a = &page.lines[j];
        a.size() <= figures.poll_answer_words && !a.shape.digits && !a.shape.sentence
    };
    let mut answers = Vec::new();
    let mut j = i;
    while let Some(k) = about::live_below(page, j) {
        if !answer(k) {
            break;
        }
        answers.push(k);
        if answers.len() > figures.poll_answers {
            return None;
        }
        j = k;
    }
    if answers.len() < 2 {
        return None;
    }
    // Weighed against the headline only: the paragraph above holds "this" or "هذه" as any
    // paragraph does, and the answers hold no content words; "this" of "this page" is the
    // page's.
    let a = about::of(page, i, &[], lexicon, true);
    a.is_about_the_page(figures).then_some(answers)
}

/// True when line `i` was taken out as a poll's question: it closes the article, and the
/// short lines above it stay.
pub fn closes_article(page: &Page<'_>, i: usize) -> bool {
    page.lines[i]
        .removed
        .as_ref()
        .is_some_and(|r| r.rule == QUESTION_RULE)
}
