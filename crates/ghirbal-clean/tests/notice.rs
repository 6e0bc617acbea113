//! The site's one-sentence notice about the page or the story, right under the headline or
//! closing the body (`clean/furniture/notice.rs`, rule `page_notice`), and the real lines
//! that look like one and stay.

mod common;

use common::*;
use ghirbal_core::Record;

const DATED: &str = "Written by Maya Fares on 5 March 2024";

/// A web page: its section above a dated headline, `under` between the dateline and the
/// first paragraph, the body, then `after`.
fn page(under: &[&str], after: &[&str]) -> Record {
    let mut lines = vec!["City Notebooks", HEADLINE, DATED];
    lines.extend(under);
    lines.extend([P1, P2, P3, P4]);
    lines.extend(after);
    clean(&lines)
}

#[test]
fn a_notice_under_the_headline_and_a_disclaimer_closing_the_body_go() {
    let under = "Plain text version, pictures left out";
    let last = "What this column says is the writer's view alone.";
    let rec = page(&[under], &[last]);
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4], "{rec:#?}");
    // Under the dateline the notice may go first as a credit block (`credit_row.rs`).
    assert!(reason(&rec, under).is_some());
    assert_eq!(
        removal(&rec, last),
        Some(("boilerplate:notice", "page_notice"))
    );
}

#[test]
fn a_developing_story_notice_goes() {
    let under = "This is a developing story and details will be added";
    let rec = page(&[under], &[]);
    assert_eq!(rule(&rec, under), Some("page_notice"), "{rec:#?}");
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4]);
}

#[test]
fn a_closing_line_about_the_story_in_the_articles_words_stays() {
    // Short and naming the story, but in the article's specific words (tram, airport,
    // council): the article's own close.
    let last = "The story of the airport tram will go back to the council in the spring.";
    let rec = page(&[], &[last]);
    assert!(kept(&rec).contains(&last), "{rec:#?}");
}

#[test]
fn a_field_and_a_republication_line_stay() {
    // A field ("Label: value") and a line naming the article (a page word, not an own
    // word): the article's data and provenance, as the Scrapinghub gold keeps them.
    let field = "Version tested: PC.";
    let rec = page(&[], &[field]);
    assert!(kept(&rec).contains(&field), "{rec:#?}");
    let reprint = "This article was reprinted on Wired.com.";
    let rec = page(&[], &[reprint]);
    assert!(kept(&rec).contains(&reprint), "{rec:#?}");
}

#[test]
fn an_edited_texts_last_line_about_the_story_stays() {
    // No web signal: an edited text keeps its last line whatever it says.
    let last = "What this column says is the writer's view alone.";
    let lines = [HEADLINE, P1, P2, P3, P4, last];
    let rec = clean(&lines);
    assert!(kept(&rec).contains(&last), "{rec:#?}");
}

#[test]
fn a_cut_sentence_a_code_comment_and_a_line_introducing_a_list_stay() {
    // Shapes of real lines this rule took on readability's test pages before `stands_alone`:
    // the rest of a sentence cut at a link, a code comment, a sentence ending with a colon.
    for last in [
        "its latest version.",
        "// the story is a list of photos.",
        "The release history of the tram tells a slightly different story:",
    ] {
        let rec = page(&[], &[last]);
        assert_eq!(rule(&rec, last), None, "{last}: {rec:#?}");
    }
}
