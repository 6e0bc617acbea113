//! The end of the article on a web page whose tail no rule knows by its words
//! (`clean/furniture/ending.rs`, rule `foreign_tail`), and the real last lines that look like
//! such a tail and stay.

mod common;

use common::*;
use ghirbal_core::Record;

const DATED: &str = "Written by Maya Fares on 5 March 2024";

/// A blog's page: its name above a dated headline, then the body, then `after`.
fn blog(after: &[&str]) -> Record {
    let mut page = vec!["City Notebooks", HEADLINE, DATED, P1, P2, P3, P4];
    page.extend(after);
    clean(&page)
}

#[test]
fn a_blogs_category_line_author_box_and_comment_form_go() {
    let tail = [
        "Sorted into: Transport, Diaries",
        "Who writes here",
        "Maya Fares writes about cities and the people who live in them.",
        "Add your reply",
        "Your address stays private and is never shown to readers.",
        "Name *",
        "Your reply *",
        "Publish reply",
        "← Earlier entry · Later entry →",
    ];
    let rec = blog(&tail);
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4], "{rec:#?}");
    assert_eq!(rule(&rec, "Who writes here"), Some("foreign_tail"));
}

#[test]
fn a_usefulness_poll_a_rating_and_share_labels_go() {
    let tail = [
        "Did this page help you?",
        "Yes",
        "No",
        "Score this report ★★★★★",
        "Pass it on",
    ];
    let rec = blog(&tail);
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4], "{rec:#?}");
    // The poll's question is taken by its own rule (`poll.rs`) before the tail is looked for.
    assert_eq!(rule(&rec, "Did this page help you?"), Some("poll_question"));
}

#[test]
fn a_closing_line_a_credit_and_a_list_after_the_body_stay() {
    // Short, and in few of the article's words, but the article's own close: a sentence, a
    // list, a separator, a contributor's credit.
    let last = [
        "That is all for today.",
        "- Tickets at the port office",
        "- Timetables at the airport",
        "___",
        "Contributing: Kristine Phillips",
    ];
    let rec = blog(&last);
    let mut want = vec![P1, P2, P3, P4];
    want.extend(last);
    assert_eq!(kept(&rec), want, "{rec:#?}");
}

#[test]
fn an_edited_texts_last_lines_stay() {
    // No web signal (no dated headline, nothing above it, no furniture): a letter's close.
    let page = [
        HEADLINE,
        P1,
        P2,
        P3,
        P4,
        "With my best wishes",
        "Maya Fares",
        "Harbour Street",
    ];
    let rec = clean(&page);
    assert_eq!(kept(&rec), page[1..].to_vec(), "{rec:#?}");
}

#[test]
fn a_lone_aside_with_the_articles_paragraphs_after_it_stays_in() {
    // An aside, then the article's last paragraph down to the end the other rules found (a
    // copyright line): nothing else of the site's, so the aside is no end.
    let last = "The mayor said the first trams would be ordered from a builder in the north.";
    let rec = blog(&[
        "Article carries on beneath the panel",
        last,
        "© 2024 City Notebooks",
    ]);
    assert!(kept(&rec).contains(&last), "{rec:#?}");
}

#[test]
fn a_consent_banner_ending_the_page_goes_whole() {
    // The consent rule takes the banner and its buttons first; the tail rule then sees none.
    let rec = blog(&[
        "Sorted into: Transport, Diaries",
        "Who writes here",
        "Maya Fares writes about cities and the people who live in them.",
        "We use cookies to measure visits and remember your choices.",
        "Accept",
        "Settings",
    ]);
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4], "{rec:#?}");
}

#[test]
fn a_line_up_of_labelled_lines_after_the_body_stays() {
    // Lines opening with a label and a colon, one after another: the article's own list.
    let lineup = [
        "Goalkeeper: Rui Patricio",
        "Defence: Pepe - Raphael Guerreiro - Jose Fonte",
        "Attack: Goncalo Guedes - Cristiano Ronaldo",
    ];
    let mut after = lineup.to_vec();
    after.extend(["Share", "Print"]);
    let rec = blog(&after);
    for l in lineup {
        assert!(kept(&rec).contains(&l), "{rec:#?}");
    }
}

/// A how-to's steps after the body: a label, a sentence and a captioned picture each, few of
/// whose words are the body's (readability's ehow-1 page: the last two steps went as the
/// site's before `continue_sequence`).
const STEPS: [&str; 12] = [
    "Step 1",
    "Lay the first rail along the quay.",
    "Laying the tram rails at the old port (Jo Lee)",
    "Step 2",
    "Fix the sleepers to the ground.",
    "Sleepers in place (Jo Lee)",
    "Step 3",
    "Pour the concrete between them.",
    "Concrete poured (Jo Lee)",
    "Finished quay",
    "Seen from the water, the quay is ready for its first riders.",
    "The finished quay at dusk (Jo Lee)",
];

#[test]
fn a_sequence_of_steps_and_captions_after_the_body_stays_and_the_site_after_it_goes() {
    let mut after = STEPS.to_vec();
    after.extend([
        "Who writes here",
        "Maya Fares writes about cities and the people who live in them.",
        "Add your reply",
        "Name *",
        "Publish reply",
    ]);
    let rec = blog(&after);
    let mut want = vec![P1, P2, P3, P4];
    want.extend(STEPS);
    assert_eq!(kept(&rec), want, "{rec:#?}");
    assert_eq!(rule(&rec, "Who writes here"), Some("foreign_tail"));
}

#[test]
fn a_line_repeating_the_articles_caption_far_below_does_not_pull_the_tail_in() {
    // The article's caption closes with "(Jo Lee)"; the site's pointer to the photographer's
    // other pictures, six lines of the site's further down, closes with it too: no sequence.
    let caption = "The old port quay in 1920 (Jo Lee)";
    let page = [
        "City Notebooks",
        HEADLINE,
        DATED,
        P1,
        P2,
        caption,
        P3,
        P4,
        "Sorted into: Transport, Diaries",
        "Who writes here",
        "Maya Fares writes about cities and the people who live in them.",
        "Add your reply",
        "Name *",
        "Publish reply",
        "More pictures of the coast (Jo Lee)",
    ];
    let rec = clean(&page);
    assert_eq!(kept(&rec), vec![P1, P2, caption, P3, P4], "{rec:#?}");
    assert_eq!(rule(&rec, "Who writes here"), Some("foreign_tail"));
}
