//! The headline and the credits under it (issue 17). The headline on pages where the body
//! shares few of its words: the nearest
//! headline-shaped line above the body is taken then, and a line of fields ("Running time: 6
//! min") is no headline; a headline with a colon and figures still is.

mod common;

use common::*;
use ghirbal_core::Record;

/// A radio episode's page: the programme above the headline, then its broadcast date, its
/// running time and the transcript.
fn episode(headline: &str) -> Record {
    clean(&[
        "Radio Harbour - on air now",
        "Programmes · Schedule · Presenters · Archive",
        headline,
        "Broadcast 13 October 2024, 07:32",
        "Running time: 6 min",
        P1,
        P2,
        P3,
        P4,
    ])
}

#[test]
fn a_running_time_under_the_headline_is_no_headline() {
    // The headline shares two of its five words with the transcript: too few for the content
    // rule, so the nearest headline above the body is taken; "Running time: 6 min" shares
    // "running" and stands nearer.
    let headline = "Why the mayor still backs the harbour tram";
    let rec = episode(headline);
    assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
}

#[test]
fn a_headline_with_a_colon_and_figures_is_still_the_title() {
    let headline = "Mayor backs harbour tram: fourteen stops by 2028";
    let rec = episode(headline);
    assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
}

/// A feature's page: menu and section above the headline, its date and author's name under
/// it, a share row, then the body; `headline` shares no word with the body's first words.
fn feature(headline: &str, under: &[&str]) -> Record {
    let mut page = vec![
        "News Oasis",
        "Local",
        "Health",
        "Markets",
        "Oasis » Health",
        headline,
    ];
    page.extend(under);
    page.extend(["Facebook | X | Telegram | Copy", P1, P2, P3, P4]);
    clean(&page)
}

#[test]
fn the_line_over_the_credit_block_is_the_headline_when_it_shares_no_word() {
    let headline = "The woman whose garden nearly drowned a village";
    let rec = feature(headline, &["January 24, 2024", "James Porter"]);
    assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
    assert_eq!(
        rec.text.split("\n\n").collect::<Vec<_>>(),
        vec![P1, P2, P3, P4]
    );
}

#[test]
fn without_a_dateline_under_it_a_line_sharing_no_word_is_no_headline() {
    // A sidebar's headline above a byline alone: nothing says it is this article's.
    let sidebar = "The woman whose garden nearly drowned a village";
    let rec = feature(sidebar, &["James Porter"]);
    assert_eq!(rec.title, None, "{rec:#?}");
}

#[test]
fn a_subheading_in_the_body_is_no_headline_over_a_dated_one_and_stays() {
    // The headline shares two of its five words with the body, the subheading under the
    // first paragraph all of its own: the content rule takes the subheading, but the article
    // began above it, under its dated headline.
    let headline = "Why the mayor still backs the harbour tram";
    let subheading = "The airport tram line";
    let page = [
        "News Oasis",
        "Local",
        "Transport",
        "Markets",
        headline,
        "January 24, 2024",
        "James Porter",
        P1,
        subheading,
        P2,
        P3,
        P4,
    ];
    let rec = clean(&page);
    assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
    assert_eq!(
        rec.text.split("\n\n").collect::<Vec<_>>(),
        vec![P1, subheading, P2, P3, P4]
    );
}

#[test]
fn a_row_of_credits_under_the_headline_goes() {
    for credits in [
        "Text Sarah Malik · Images Sarah Malik",
        "نص سارة المنصوري · صور سارة المنصوري",
    ] {
        let rec = clean(&[
            "The long view",
            HEADLINE,
            credits,
            "12/03/2024",
            P1,
            P2,
            P3,
            P4,
        ]);
        assert_eq!(rec.title.as_deref(), Some(HEADLINE), "{rec:#?}");
        assert_eq!(
            rec.text.split("\n\n").collect::<Vec<_>>(),
            vec![P1, P2, P3, P4],
            "{rec:#?}"
        );
    }
}

#[test]
fn a_subtitle_in_two_parts_under_the_headline_stays() {
    // Lower-case words after the first of each part: no role and name.
    let subtitle = "A long wait · What residents think";
    let rec = clean(&[HEADLINE, subtitle, P1, P2, P3, P4]);
    assert_eq!(rec.title.as_deref(), Some(HEADLINE), "{rec:#?}");
    assert_eq!(
        rec.text.split("\n\n").collect::<Vec<_>>(),
        vec![subtitle, P1, P2, P3, P4],
        "{rec:#?}"
    );
}

#[test]
fn a_download_link_under_the_headline_goes_and_a_cited_source_stays() {
    let link = "Get the whole report (PDF, 2.4 MB)";
    let rec = clean(&[HEADLINE, "Release date 12/03/2024", link, P1, P2, P3, P4]);
    assert_eq!(
        rec.text.split("\n\n").collect::<Vec<_>>(),
        vec![P1, P2, P3, P4],
        "{rec:#?}"
    );
    let source = "A study of the harbour's water quality (UN, 2019)";
    let rec = clean(&[HEADLINE, source, P1, P2, P3, P4]);
    assert_eq!(
        rec.text.split("\n\n").collect::<Vec<_>>(),
        vec![source, P1, P2, P3, P4],
        "{rec:#?}"
    );
}

/// A page whose headline is followed by a row of tool links, one per line, then the body.
fn with_tools(headline: &str, tools: &[&str]) -> Record {
    let mut page = vec!["Harbour Daily", "City · Port · Sport · Opinion", headline];
    page.extend(tools);
    page.extend([P1, P2, P3, P4]);
    clean(&page)
}

#[test]
fn a_share_link_quoting_the_headline_does_not_make_it_a_teaser() {
    // The share link repeats the headline word for word; only a repeat inside the body makes
    // a line a teaser rather than the headline.
    let headline = "Harbour council approves the airport tram line after two years of hearings";
    let quoted = format!("Share All sharing options for: {headline}");
    let rec = with_tools(headline, &[quoted.as_str(), "Email"]);
    assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
}

#[test]
fn tool_links_under_the_headline_do_not_share_words_with_each_other() {
    // Each link shares "click", "share", "opens" and "window" with the links under it; only
    // the body's words count, so the nearest headline-shaped line is not one of them.
    let headline = "Harbour council approves the airport tram";
    let rec = with_tools(
        headline,
        &[
            "Click to share on Facebook (Opens in new window)",
            "Click to share on Reddit (Opens in new window)",
            "Click to print (Opens in new window)",
        ],
    );
    assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
}

#[test]
fn a_shortened_copy_of_the_headline_in_a_trending_list_does_not_unseat_it() {
    // The trending list above carries the headline's first words with an ellipsis; the
    // headline begins with them, it does not end by quoting them.
    let headline = "Harbour council approves the airport tram line after two years of hearings";
    let rec = clean(&[
        "Trending",
        "Harbour council approves the airport tram line…",
        "Winter ferry timetable",
        "Sport",
        headline,
        "Share this:",
        P1,
        P2,
        P3,
        P4,
    ]);
    assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
}

#[test]
fn a_dateline_sharing_the_body_words_is_no_headline() {
    // The dateline names the council and the tram, as the body does, and stands nearest to
    // it; a line read as a dateline is never the headline.
    let headline = "Why the mayor still backs the harbour tram";
    let rec = clean(&[
        "Harbour Daily",
        headline,
        "Harbour council tram, 13 October 2024",
        P1,
        P2,
        P3,
        P4,
    ]);
    assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
    assert!(
        rec.date
            .as_deref()
            .is_some_and(|d| d.starts_with("2024-10-13")),
        "{rec:#?}"
    );
}

// The headline over its credit block, and the article's first paragraphs kept (2026-12-08).

/// The article's opening under its credit, then a short question of the article's that shares
/// the body's words as a headline does.
const QUESTION: &str = "Just what will the airport tram cost the harbour?";

fn opening(headline: &str, credit: &[&str]) -> Vec<String> {
    let mut page: Vec<String> = [
        "News Oasis",
        "Local",
        "Transport",
        "Markets",
        "Oasis » Transport",
    ]
    .map(String::from)
    .to_vec();
    page.push(headline.into());
    page.extend(credit.iter().map(|l| l.to_string()));
    page.extend([P1, QUESTION, P2, P3, P4].map(String::from));
    page
}

fn clean_owned(page: &[String]) -> Record {
    clean(&page.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn a_headline_ending_with_a_full_stop_over_its_credit_is_the_title() {
    // Over its dateline a headline may end with a full stop, or hold two sentences.
    let headline = "The harbour tram is late. Nobody at the council seems surprised.";
    for credit in [
        &["January 24, 2024", "James Porter"][..],
        &["Written by James Porter", "January 24, 2024 17:14"][..],
    ] {
        let rec = clean_owned(&opening(headline, credit));
        assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
        assert_eq!(
            rec.text.split("\n\n").collect::<Vec<_>>(),
            vec![P1, QUESTION, P2, P3, P4],
            "{rec:#?}"
        );
    }
}

#[test]
fn the_first_paragraph_over_a_question_of_the_article_stays() {
    // The headline ends with a full stop (no headline shape); the article opens with a
    // paragraph, then a short question sharing two of its three words with the body: the
    // question is no headline, and the paragraph above it no furniture above a headline.
    let headline = "The harbour tram is late. The council is surprised.";
    let question = "Why is the airport tram late?";
    for credit in [
        &["By James Porter, agency correspondent"][..],
        &[
            "January 24, 2024",
            "James Porter",
            "Facebook | X | Telegram | Copy",
        ][..],
    ] {
        let mut page = vec!["News Oasis", "Local", "Transport", headline];
        page.extend(credit);
        page.extend([P1, question, P2, P3, P4]);
        let rec = clean(&page);
        assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
        assert_eq!(
            rec.text.split("\n\n").collect::<Vec<_>>(),
            vec![P1, question, P2, P3, P4],
            "{rec:#?}"
        );
    }
}

#[test]
fn a_standfirst_ending_with_a_full_stop_over_the_credit_stays_under_the_headline() {
    let headline = "Harbour tram runs two years late";
    let standfirst = "The council blames the old port's water pipes for the delay.";
    let rec = clean_owned(&opening(
        headline,
        &[standfirst, "January 24, 2024", "James Porter"],
    ));
    assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
    assert!(rec.text.starts_with(standfirst), "{rec:#?}");
}

// Specific words: the nearest line above the body sharing only frequent words with it is no
// headline over one further up sharing a specific word (2026-12-08).

#[test]
fn a_notice_sharing_only_frequent_words_is_no_headline() {
    // Neither line shares two words with the body. The site's notice, nearer the body, shares
    // only a frequent one ("will"); the headline above it a specific one ("mayor").
    let headline = "Why the mayor backs the plan";
    let notice = "This is a developing story and details will be added";
    let p0 = "The mayor said on Monday that the first trams would run in 2028.";
    let rec = clean(&[
        "● Happening now",
        headline,
        notice,
        "First posted 14:19 04/03/2024 · Changed 14:19",
        p0,
        P1,
        P2,
        P3,
        P4,
    ]);
    assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
}

#[test]
fn a_headline_of_frequent_words_is_still_the_title_when_no_line_shares_more() {
    // No line shares a specific word: the nearest headline above the body is taken, as before.
    let headline = "What the new plan means for the city";
    let rec = episode(headline);
    assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
}
