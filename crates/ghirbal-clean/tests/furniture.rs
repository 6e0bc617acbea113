//! Page furniture of every kind `clean` recognises by shape and position (issue 17), each on a
//! page laid out as a naive extractor leaves it (one block per line, no blank lines), worded
//! unlike the lexicons; and the real lines that look like furniture and must stay.

mod common;

use common::*;
use ghirbal_core::Record;

/// A page with `above` before the headline, `under` between it and the body, `after` after
/// the four paragraphs; checks the title, that the body is exactly the four paragraphs and
/// that every furniture line went.
fn check(above: &[&str], under: &[&str], after: &[&str]) -> Record {
    let mut page: Vec<&str> = above.to_vec();
    page.push(HEADLINE);
    page.extend(under);
    page.extend([P1, P2, P3, P4]);
    page.extend(after);
    let rec = clean(&page);
    assert_eq!(rec.title.as_deref(), Some(HEADLINE), "{rec:#?}");
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4], "{rec:#?}");
    rec
}

#[test]
fn menu_lines_and_a_section_label_above_the_headline_go() {
    let rec = check(
        &["Coastal Post", "Local", "Transport", "Markets", "Transport"],
        &[],
        &["© 2024 Coastal Post Media"],
    );
    assert_eq!(
        reason(&rec, "Transport"),
        Some("boilerplate:above_headline")
    );
}

#[test]
fn menu_row_breadcrumb_and_tool_row_go() {
    let rec = check(
        &[
            "Front | City | Region | Money | Sport",
            "Front › City › Transport",
        ],
        &["Send · Save · Bigger text"],
        &[],
    );
    assert_eq!(
        reason(&rec, "Front › City › Transport"),
        Some("boilerplate:navigation")
    );
}

#[test]
fn dateline_becomes_the_date_and_the_bare_name_next_to_it_a_byline() {
    let rec = check(
        &["Transport"],
        &["March 5, 2024 14:20", "Nadia Hassan"],
        &[],
    );
    assert_eq!(rec.date.as_deref(), Some("2024-03-05T14:20:00"));
    assert_eq!(reason(&rec, "Nadia Hassan"), Some("byline"));
}

#[test]
fn counters_under_the_headline_go() {
    let rec = check(&["Transport"], &["1,240 views"], &[]);
    assert_eq!(reason(&rec, "1,240 views"), Some("boilerplate:counter"));
}

#[test]
fn other_stories_after_the_body_go_with_or_without_a_label_and_questions_among_them() {
    let stories = [
        "Ferry workers call a strike for the first week of May",
        "Is the old lighthouse finally for sale?",
        "Rain floods the market square for the second time this year",
    ];
    let mut after = vec!["Worth your time"];
    after.extend(stories);
    check(&["Front | City | Region | Money | Sport"], &[], &after);
    check(&["Front | City | Region | Money | Sport"], &[], &stories);
}

#[test]
fn other_stories_as_long_as_short_paragraphs_go() {
    let stories = [
        "Ferry workers at the northern pier call a strike for the first week of May over pay",
        "Regional court orders the harbour authority to reopen the fishermen's market by summer",
        "Rain floods the market square for the second time this year as drains fail again",
    ];
    check(&["Front | City | Region | Money | Sport"], &[], &stories);
}

#[test]
fn tags_comment_prompts_and_legal_lines_after_the_body_go() {
    check(
        &["Coastal Post", "Local", "Transport"],
        &[],
        &[
            "Subjects: transport, council, airport",
            "(4) remarks",
            "Share your view with us",
            "© 2024 Coastal Post Media",
        ],
    );
    // Tags one per line under a label, on a page whose headline stood under a menu.
    check(
        &["Coastal Post", "Log in", "Transport"],
        &[],
        &["Subjects", "Transport", "Politics", "Harbour"],
    );
}

#[test]
fn a_framed_ad_label_inside_the_body_goes() {
    let page = ["Transport", HEADLINE, P1, "- Paid content -", P2, P3, P4];
    let rec = clean(&page);
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4]);
    assert_eq!(reason(&rec, "- Paid content -"), Some("boilerplate:ad"));
}

#[test]
fn framed_sources_of_quotes_stay_and_a_repeated_framed_ad_label_goes() {
    // Issue 17: a review round-up frames the source under each quote; an ad label says the
    // same words each time.
    let page = [
        "Transport",
        HEADLINE,
        P1,
        "[ Harbour Post ]",
        P2,
        "[ North Bank Daily ]",
        P3,
        "[ Tram Weekly ]",
        P4,
        "[ Harbour Post ]",
    ];
    let rec = clean(&page);
    assert_eq!(kept(&rec), page[2..].to_vec(), "{rec:#?}");
    let page = [
        "Transport",
        HEADLINE,
        P1,
        "[ Paid content ]",
        P2,
        "[ Paid content ]",
        P3,
        "[ Paid content ]",
        P4,
    ];
    let rec = clean(&page);
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4], "{rec:#?}");
}

#[test]
fn a_headline_shared_with_the_body_is_found_under_sidebar_headlines() {
    // Other stories' headlines above the article share its words too; the headline is the
    // nearest to the body.
    let rec = check(
        &[
            "Front | City | Region | Money | Sport",
            "Council delays vote on airport parking fees",
            "Tram drivers' union meets the transport council",
        ],
        &[],
        &[],
    );
    assert_eq!(rec.title.as_deref(), Some(HEADLINE));
}

// Real lines that look like furniture.

#[test]
fn a_short_quote_and_a_subheading_inside_the_body_stay() {
    let page = [
        "Transport",
        HEADLINE,
        P1,
        "“Please.”",
        P2,
        "What comes next",
        P3,
        P4,
    ];
    let rec = clean(&page);
    assert_eq!(
        kept(&rec),
        vec![P1, "“Please.”", P2, "What comes next", P3, P4]
    );
}

#[test]
fn a_list_inside_the_body_stays_when_paragraphs_follow_it() {
    let page = [
        "Front | City | Region | Money | Sport",
        HEADLINE,
        P1,
        P2,
        "The stops announced so far:",
        "Old Port and Fish Market",
        "University and City Hospital",
        "Airport Terminal One and Two",
        P3,
        P4,
    ];
    let rec = clean(&page);
    assert_eq!(kept(&rec), page[2..].to_vec(), "{rec:#?}");
}

#[test]
fn questions_and_answers_inside_the_body_stay() {
    let page = [
        "Front | City | Region | Money | Sport",
        HEADLINE,
        P1,
        "Q: When will the first tram run?",
        "A: In 2026, between the old port and the university.",
        "Q: Who pays for it?",
        "A: The council, the region and a state loan.",
        P2,
        P3,
        P4,
    ];
    let rec = clean(&page);
    assert_eq!(kept(&rec), page[2..].to_vec(), "{rec:#?}");
}

#[test]
fn a_headline_asking_a_question_is_the_title() {
    let headline = "Will the new tram line to the airport pay for itself?";
    let page = ["Transport", headline, P1, P2, P3, P4];
    let rec = clean(&page);
    assert_eq!(rec.title.as_deref(), Some(headline));
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4]);
}

#[test]
fn a_one_line_brief_stays() {
    let brief = "The airport tram will be free for its first week.";
    let rec = clean(&[brief]);
    assert_eq!(kept(&rec), vec![brief]);
}

#[test]
fn a_lone_arrow_line_pointing_elsewhere_goes_and_a_list_of_arrow_items_stays() {
    let pointer = "→ Ferry workers call a strike for the first week of May";
    let page = ["Transport", HEADLINE, P1, P2, pointer, P3, P4];
    let rec = clean(&page);
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4]);
    assert_eq!(reason(&rec, pointer), Some("boilerplate:read_also"));
    // Left arrows and box marks point elsewhere too (issue 17).
    for pointer in [
        "◄ Connected coverage: Ferry workers call a strike",
        "◆ Turn on alerts to follow the works",
    ] {
        let page = ["Transport", HEADLINE, P1, P2, pointer, P3, P4];
        let rec = clean(&page);
        assert_eq!(kept(&rec), vec![P1, P2, P3, P4], "{pointer}");
    }
    let items = [
        "► Old Port and Fish Market",
        "► University and City Hospital",
        "► Airport Terminal One and Two",
    ];
    let page = [
        "Transport",
        HEADLINE,
        P1,
        P2,
        items[0],
        items[1],
        items[2],
        P3,
        P4,
    ];
    let rec = clean(&page);
    assert_eq!(kept(&rec), page[2..].to_vec(), "{rec:#?}");
}

#[test]
fn a_list_then_short_instructions_after_the_body_stay() {
    // The body span ends before the list: its lines and the instructions after it are short.
    let page = [
        "Front | City | Region | Money | Sport",
        HEADLINE,
        P1,
        P2,
        P3,
        P4,
        "What the stall sells",
        "Two kinds of smoked fish",
        "Fresh bread from the old oven",
        "Olives from the northern hills",
        "How to get there",
        "Take the tram to the Old Port stop.",
        "Walk past the ferry pier for five minutes.",
        "Ask for the stall with the green awning.",
        "© 2024 Coastal Post Media",
    ];
    let rec = clean(&page);
    assert_eq!(kept(&rec), page[2..14].to_vec(), "{rec:#?}");
}

#[test]
fn a_list_of_dates_and_places_after_the_body_stays_and_other_stories_after_it_go() {
    // Issue 17: a tour's dates after the last paragraph were taken for other stories'
    // headlines. Its lines open alike (a date, a dash, a comma); headlines do not.
    let list = [
        "The tram's opening weekend",
        "May 3 – Old Port, Harbour City @ Ferry Pier stop",
        "May 4 – Market Square, Harbour City @ Fish Hall stop",
        "Aug. 10 – Airport, Harbour City @ Terminal stop",
        "May 11 – Lighthouse, North Bank @ Cliff Road stop",
    ];
    let stories = [
        "Ferry workers call a strike for the first week of May",
        "Is the old lighthouse finally for sale?",
        "Rain floods the market square for the second time this year",
    ];
    let mut page = vec![
        "Front | City | Region | Money | Sport",
        HEADLINE,
        P1,
        P2,
        P3,
        P4,
    ];
    page.extend(list);
    page.push("Worth your time");
    page.extend(stories);
    let rec = clean(&page);
    assert_eq!(kept(&rec), page[2..11].to_vec(), "{rec:#?}");
    for s in stories {
        assert_eq!(reason(&rec, s), Some("boilerplate:related"), "{s}");
    }
}

#[test]
fn charts_listed_under_the_body_stay_and_other_stories_right_after_them_go() {
    // Issue 17: a wire story's list of charts, then the site's list of other stories with no
    // blank line between: the charts open with the same labelled word.
    let charts = [
        "(Chart: Tram passengers by year - here)",
        "(Chart: Cost of the works vs. budget - here)",
        "(Chart: Stops along the line - here)",
    ];
    let stories = [
        "Ferry workers call a strike for the first week of May",
        "Is the old lighthouse finally for sale?",
        "Rain floods the market square for the second time this year",
    ];
    let mut page = vec![
        "Front | City | Region | Money | Sport",
        HEADLINE,
        P1,
        P2,
        P3,
        P4,
    ];
    page.extend(charts);
    page.extend(stories);
    let rec = clean(&page);
    assert_eq!(kept(&rec), page[2..9].to_vec(), "{rec:#?}");
}

#[test]
fn a_results_table_of_short_lines_after_the_body_stays() {
    // Issue 17: "Country (Group X): Nth appearance" lines, a result list of the article.
    let results = [
        "Harbour City (Group A): 10th appearance",
        "North Bank (Group A): Seventh appearance",
        "Old Port (Group B): Third appearance",
        "Fish Hall (Group C): 11th appearance",
    ];
    let mut page = vec![
        "Front | City | Region | Money | Sport",
        HEADLINE,
        P1,
        P2,
        P3,
        P4,
    ];
    page.extend(results);
    page.push("© 2024 Coastal Post Media");
    let rec = clean(&page);
    assert_eq!(kept(&rec), page[2..10].to_vec(), "{rec:#?}");
}

#[test]
fn an_interview_answer_listing_names_is_no_tag_list() {
    let page = [
        "Front | City | Region | Money | Sport",
        HEADLINE,
        P1,
        P2,
        P3,
        P4,
        "Q: Favourite singers?",
        "A: Fairuz, Umm Kulthum, Abdel Halim, Warda",
        "Q: And the tram itself?",
        "A: I will take it to the airport on the first day.",
        "A: My mother will come with me, she says it is long overdue.",
    ];
    let rec = clean(&page);
    assert_eq!(kept(&rec), page[2..].to_vec(), "{rec:#?}");
}

#[test]
fn an_embedded_post_attribution_after_the_body_does_not_end_the_article() {
    let page = [
        "Front | City | Region | Money | Sport",
        HEADLINE,
        P1,
        P2,
        "Finally, a tram to the airport!",
        "— Harbour Cyclists (@harbourcycle) March 4, 2024",
        "The mayor shared the post the same evening.",
        "Council members said they would ride the first tram together.",
        P3,
        P4,
    ];
    let rec = clean(&page);
    assert_eq!(kept(&rec), page[2..].to_vec(), "{rec:#?}");
}

#[test]
fn other_stories_then_comments_with_dates_still_go() {
    let after = [
        "Worth your time",
        "Ferry workers call a strike for the first week of May",
        "Is the old lighthouse finally for sale?",
        "Rain floods the market square for the second time this year",
        "Karim said:",
        "4 March 2024 at 18:02",
        "About time. I have waited ten years for this tram.",
        "Lina said:",
        "5 March 2024 at 09:40",
        "It will never be ready by 2028, mark my words.",
    ];
    check(&["Front | City | Region | Money | Sport"], &[], &after);
}

#[test]
fn a_newsletter_box_and_a_legal_notice_without_a_mark_before_the_end_go() {
    check(
        &["Front | City | Region | Money | Sport"],
        &[],
        &[
            "The evening letter",
            "The day's stories in your inbox at six",
            "Type your address",
            "Nothing here may be copied without written leave",
            "© 2024 Coastal Post Media",
        ],
    );
}

/// A reporting line in brackets, "(Reporting by ...; editing by ...)", is a wire credit and
/// goes since 2026-12-07 (`credit.rs`, tested in
/// `a_wire_slug_and_a_reporting_credit_with_the_line_under_it_go`).
#[test]
fn an_agency_credit_or_a_list_of_names_after_the_body_stays() {
    for credit in ["Coastal Post / AFP / Reuters", "Karim Saleh , Lina Haddad"] {
        let page = [
            "Front | City | Region | Money | Sport",
            HEADLINE,
            P1,
            P2,
            P3,
            P4,
            credit,
            "© 2024 Coastal Post Media",
        ];
        let rec = clean(&page);
        assert_eq!(kept(&rec), page[2..7].to_vec(), "{rec:#?}");
    }
}

#[test]
fn a_lede_of_two_sentences_is_no_headline_and_an_abbreviation_does_not_split_one() {
    let lede = "The harbour city council approved a new tram line on Tuesday. Who will pay for it?";
    let page = ["Transport", HEADLINE, lede, P1, P2, P3, P4];
    let rec = clean(&page);
    assert_eq!(rec.title.as_deref(), Some(HEADLINE), "{rec:#?}");
    assert_eq!(kept(&rec), page[2..].to_vec(), "{rec:#?}");
    let headline = "Harbour city council approves the ID. TRAM line to the airport";
    let page = ["Transport", headline, P1, P2, P3, P4];
    let rec = clean(&page);
    assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
}

// The tail of the page inside the body span (`outside.rs`, `end_in_span`): long lines of
// furniture (an author's biography, a consent notice, comments, teasers) pull the body span
// over the short lines between them; a line the lexicons take out there ends the article
// when neither sentences nor a stretch scoring like the article follow it.

const L1: &str = "Engineers from the transport department walked the planned route with residents in October, stopping at each of the fourteen future stops to explain where the rails would run, which trees would have to be moved and how long each street would stay closed while the track was laid.";
const L2: &str = "Shop owners along the quay road told the hearings that two years of works could ruin them, and the council answered with a fund that will pay part of their rent while the street is closed, a scheme copied from the northern city that built its own line ten years ago.";
const L3: &str = "The airport company will pay for the last two kilometres of the line and for the station under its new terminal, in exchange for a share of the ticket revenue from the passengers who travel to and from the flights, according to the agreement signed in the summer.";
const L4: &str = "Environmental groups welcomed the vote but asked the council to plant two trees for every tree the works remove, and to run the trams on power from the wind farm that the port authority is building on the breakwater at the entrance of the harbour.";
const L5: &str = "Work on the first section will start next month near the fish market, where the council has already moved two bus stops, closed one lane of the quay road and put up fences around the square where the cranes that lift the rails off the ships will stand until the spring.";
const L6: &str = "The mayor said the tram would pay for itself within thirty years, because the airport buses it replaces cost the city more each year than the loan for the line, and because the land around the new stops will be worth more once the trams are running every six minutes.";
const ARTICLE: [&str; 8] = [P1, L1, P2, L2, P3, L3, P4, L4];

/// A page of the long article, then `after`: the article alone stays.
fn check_tail(after: &[&str]) {
    let mut page = vec!["Front | City | Region | Money | Sport", HEADLINE];
    page.extend(ARTICLE);
    page.extend(after);
    let rec = clean(&page);
    assert_eq!(rec.title.as_deref(), Some(HEADLINE), "{rec:#?}");
    assert_eq!(kept(&rec), ARTICLE.to_vec(), "{rec:#?}");
}

#[test]
fn an_author_box_and_a_comment_form_after_the_last_paragraph_go() {
    check_tail(&[
        "Share",
        "Maya Fares",
        "Maya Fares has covered transport and city planning for the Coastal Post since 2015, after ten years as a reporter in the capital for a regional radio station.",
        "More articles by Maya Fares",
        "Leave a reply",
        "Your address will never be shown. Fields with a star must be filled in.",
        "Name *",
        "Website",
        "Keep my name and address in this browser for the next time I write here.",
        "By sending this form you agree that the Coastal Post stores your name, your address and your message for as long as your comment is shown on the site, and that it may be removed.",
        "You may withdraw this consent at any time by writing to the editors, in which case your message and your data are deleted from our servers within thirty days of the request.",
        "© 2024 Coastal Post Media",
    ]);
}

#[test]
fn a_comment_thread_of_long_comments_after_a_share_bar_goes() {
    check_tail(&[
        "Share this:",
        "Click to send to a friend (opens in new window)",
        "Click to print (opens in new window)",
        "12 responses to the tram story",
        "karim_h says:",
        "4 March 2024 at 18:02",
        "About time. I have waited ten years for this tram and I will believe it when I ride it.",
        "lina1984 says:",
        "5 March 2024 at 09:40",
        "It will never be ready by 2028, mark my words. Nothing at the old port ever is.",
        "portwatcher says:",
        "5 March 2024 at 11:15",
        "I sat in the traffic on the ring road for an hour twice last month when the buses were cancelled because of the roadworks by the port, so anything that takes people off that road is welcome, even if it is late and even if it costs more than the council says it will today.",
        "sami_k says:",
        "6 March 2024 at 08:03",
        "The same people who promised us the new swimming pool in 2019 are now promising us trams to the airport, and I would like to know who pays when the works run over, because last time it was the shop owners on the quay road who paid with two years of closed streets.",
    ]);
}

#[test]
fn tags_then_other_stories_with_dates_and_teasers_go() {
    check_tail(&[
        "Tags",
        "Harbour city",
        "More in City",
        "Ferry crews vote to strike over the winter timetable",
        "18 November 2024 at 5:10 pm",
        "The crews of the three harbour ferries voted on Monday to stop work for two days in December, saying the winter timetable leaves them no time to rest between crossings and that the company has ignored their letters since the summer.",
        "Read on",
        "Old lighthouse reopens to visitors after two years of repairs",
        "16 November 2024 at 2:01 pm",
        "Visitors can climb the old lighthouse again from Saturday, after two years in which its stairs were rebuilt and its lamp room repainted by volunteers from the sailing club, who also found the logbooks of its last keepers.",
        "Read on",
        "Fish market traders ask for a covered hall before the works",
        "15 November 2024 at 9:30 am",
        "Traders at the fish market asked the council on Friday to build the covered hall it promised them before the tram works begin, saying that a winter of selling from tents on the quay would cost them half of their customers.",
        "Read on",
    ]);
}

/// The long article, then `middle`, then two more long paragraphs (the body span runs over
/// `middle`): all of it is the article but the lines the lexicons take out.
fn check_resumes(middle: &[&str]) {
    let mut page = vec!["Front | City | Region | Money | Sport", HEADLINE];
    page.extend(ARTICLE);
    page.extend(middle);
    page.extend([L5, L6, "© 2024 Coastal Post Media"]);
    let rec = clean(&page);
    assert_eq!(rec.title.as_deref(), Some(HEADLINE), "{rec:#?}");
    let mut want = ARTICLE.to_vec();
    want.extend(middle.iter().filter(|l| !["Share", "Print"].contains(l)));
    want.extend([L5, L6]);
    assert_eq!(kept(&rec), want, "{rec:#?}");
}

#[test]
fn a_share_bar_inside_the_article_does_not_end_it() {
    check_resumes(&["Share", "Print"]);
}

#[test]
fn paragraphs_under_a_subheading_after_a_share_bar_stay() {
    check_resumes(&["Share", "What the airport gains"]);
}

#[test]
fn a_list_of_short_items_after_a_share_bar_stays() {
    check_resumes(&[
        "Print",
        "The plan includes:",
        "fourteen stops",
        "a depot by the port",
        "night trams at weekends",
    ]);
}

#[test]
fn questions_and_answers_after_a_share_bar_stay() {
    check_resumes(&[
        "Share",
        "Why a tram and not a bus?",
        "The mayor said a tram carries more people for the same cost over thirty years.",
        "When will it open?",
        "The first section opens in 2026 and the rest in 2028.",
    ]);
}

#[test]
fn verse_quoted_after_a_share_bar_stays() {
    check_resumes(&[
        "Share",
        "Iron rails by the water",
        "lights along the quay",
        "the old port wakes at dawn",
        "and the planes are on their way",
    ]);
}

#[test]
fn a_consent_notice_printed_twice_does_not_outweigh_a_short_article() {
    // The notice's blocks together hold more words than the article, but the page prints its
    // long block twice (two copies of one banner): a copy adds nothing to the body's score.
    const NOTICE: &str = "This portal keeps small files in your browser so that it can remember your settings between visits, measure which pages are read and show you offers from partners that may interest you, as described in our policy. You may refuse them at any time.";
    let rec = check(
        &["Front | City | Region | Money | Sport"],
        &[],
        &[
            "Imprint | Policy | Contact",
            "Harbour",
            "Weather",
            "Ferries",
            "Markets",
            "Letters",
            "Archive",
            "Puzzles",
            "Podcasts",
            "Events",
            "Jobs",
            "Notices",
            "Shop",
            "Recipes",
            "Gardens",
            "Travel",
            "Schools",
            "Cinema",
            "Theatre",
            NOTICE,
            "Overview",
            NOTICE,
            "Essential always on",
            "Essential files are strictly needed for the portal to work at all and store no information that could identify you personally, so they cannot be switched off here.",
        ],
    );
    assert_eq!(rec.title.as_deref(), Some(HEADLINE));
}

#[test]
fn a_refrain_repeated_inside_the_body_stays_twice() {
    // A long line the page prints twice inside the article (a song's refrain quoted in a
    // review) scores nothing for the body but stays where it stands.
    const REFRAIN: &str = "And we will walk the harbour road until the morning lights come home to every open window of the town";
    let rec = clean(&[
        "Front | City | Region | Money | Sport",
        HEADLINE,
        P1,
        P2,
        P3,
        REFRAIN,
        P4,
        REFRAIN,
        "Imprint | Policy | Contact",
    ]);
    assert_eq!(rec.title.as_deref(), Some(HEADLINE));
    assert_eq!(
        kept(&rec),
        vec![P1, P2, P3, REFRAIN, P4, REFRAIN],
        "{rec:#?}"
    );
}

#[test]
fn a_section_label_the_body_repeats_is_not_the_headline() {
    // The label shares both its words with the body (a full share), the headline more words
    // (four of five); a quote above the headline starts the body span, so the label is the
    // nearest candidate above the span.
    let quote = "\"We have waited for this tram for twenty years,\" said a commuter at the old port station on Tuesday morning.";
    let headline = "Council approves tram line to the airport";
    let rec = clean(&[
        "Front | City | Region | Money | Sport",
        "Port & Transport",
        quote,
        headline,
        P1,
        P2,
        P3,
        P4,
    ]);
    assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
}

#[test]
fn a_headline_of_three_words_is_still_the_title() {
    // Label-shaped, but no longer candidate shares more of the body's words.
    let short = "Airport tram approved";
    let rec = clean(&[
        "Front | City | Region | Money | Sport",
        short,
        P1,
        P2,
        P3,
        P4,
    ]);
    assert_eq!(rec.title.as_deref(), Some(short), "{rec:#?}");
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4]);
}

#[test]
fn a_box_of_two_other_stories_under_its_label_inside_the_body_goes() {
    // Two headlines are fewer than a run of other stories; the label says what they are.
    let rec = clean(&[
        "Front | City | Region | Money | Sport",
        HEADLINE,
        P1,
        P2,
        "More stories",
        "Ferry fares to rise for the third time this year",
        "Old market hall reopens after a long restoration",
        P3,
        P4,
    ]);
    assert_eq!(rec.title.as_deref(), Some(HEADLINE));
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4], "{rec:#?}");
}

#[test]
fn the_articles_own_list_under_a_label_of_other_stories_stays() {
    // Lines that open alike are a list of the article, whatever label stands above them.
    let list = [
        "June 9 – Harbour Hall, Old Port",
        "June 12 – Airport Arena, North Gate",
        "June 15 – Tram Depot Stage, West End",
    ];
    let mut page = vec![
        "Front | City | Region | Money | Sport",
        HEADLINE,
        P1,
        P2,
        "Recommended",
    ];
    page.extend(list);
    page.extend([P3, P4]);
    let rec = clean(&page);
    let mut want = vec![P1, P2];
    want.extend(list);
    want.extend([P3, P4]);
    assert_eq!(kept(&rec), want, "{rec:#?}");
}

#[test]
fn a_consent_banner_with_its_buttons_ending_the_page_goes() {
    let notice = "We use cookies to keep this site working for you.";
    let rec = check(&[], &[], &[notice, "Accept", "Manage choices"]);
    assert_eq!(reason(&rec, notice), Some("boilerplate:consent"));
    assert_eq!(reason(&rec, "Accept"), Some("boilerplate:consent"));
    // Arabic, two sentences above the buttons.
    check(
        &[],
        &[],
        &[
            "يستخدم موقعنا ملفات تعريف الارتباط.",
            "تابع التصفح لتوافق على ذلك.",
            "حسناً",
            "خياراتي",
        ],
    );
}

#[test]
fn an_article_about_cookies_keeps_its_closing_lines() {
    let head = "Regulator fines three news sites over cookie banners";
    let p1 = "The data protection regulator fined three news sites on Monday for setting advertising cookies before their readers had given consent, the first such fines in the country.";
    let p2 = "The sites must change their cookie banners within three months so that refusing cookies takes one click, as accepting them does, the regulator said in its decision.";
    let last = "The sites said they would appeal against the cookie fines.";
    // A short last paragraph naming cookies, then a credit: no buttons under it.
    let rec = clean(&[head, p1, p2, last, "Reuters"]);
    assert_eq!(rec.title.as_deref(), Some(head), "{rec:#?}");
    assert!(kept(&rec).contains(&last), "{rec:#?}");
    assert_eq!(reason(&rec, last), None);
    // The same, then a share bar: the bar's own rule takes it, and the paragraph stays.
    let rec = clean(&[head, p1, p2, last, "Share", "Tweet"]);
    assert!(kept(&rec).contains(&last), "{rec:#?}");
    assert_eq!(reason(&rec, last), None);
}

#[test]
fn an_end_mark_and_the_contact_lines_under_it_go() {
    let rec = check(
        &["Front | City | Region | Money | Sport"],
        &[],
        &[
            "— ENDS —",
            "Press contact: Maya Fares, 020 7946 0188",
            "The council on: X · YouTube · Flickr",
        ],
    );
    assert_eq!(
        reason(&rec, "Press contact: Maya Fares, 020 7946 0188"),
        Some("boilerplate:after_body")
    );
}

#[test]
fn a_last_sentence_under_a_framed_label_stays() {
    let last = "The council said on Wednesday that the first trams would be ordered from a builder in the north.";
    let rec = clean(&[
        "Front | City | Region | Money | Sport",
        HEADLINE,
        P1,
        P2,
        P3,
        P4,
        "- Update -",
        last,
    ]);
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4, last], "{rec:#?}");
}

#[test]
fn a_wire_slug_and_a_reporting_credit_with_the_line_under_it_go() {
    let rec = check(
        &[],
        &["AMMAN (Horizon Wire)"],
        &[
            "(Reporting by Maya Fares; editing by the desk)",
            "Our standards: the Horizon Trust Principles",
        ],
    );
    assert_eq!(
        reason(&rec, "AMMAN (Horizon Wire)"),
        Some("boilerplate:credit")
    );
    assert_eq!(
        reason(&rec, "Our standards: the Horizon Trust Principles"),
        Some("boilerplate:after_body")
    );
    let rec = clean(&[
        "زلزال قوي يضرب بوشهر الإيرانية",
        "عمّان (الأفق الإخبارية)",
        "ضرب زلزال قوي محافظة بوشهر الإيرانية جنوبي البلاد يوم الخميس، وبلغت قوته خمس درجات وتسعة أعشار على مقياس ريختر.",
        "وقال التلفزيون الرسمي إن الزلزال لم يؤد إلى سقوط ضحايا في المحافظة التي تضم محطة للطاقة.",
        "(تغطية سارة المنصوري، مراجعة قسم التحرير)",
    ]);
    assert_eq!(kept(&rec).len(), 2, "{rec:#?}");
}

#[test]
fn a_subtitle_in_brackets_and_closing_notes_in_brackets_stay() {
    let subtitle = "Part one (of three)";
    let note = "(The full decision can be read at the town hall, in French and in Arabic.)";
    let figure = "(The dollar = 3.75 riyals)";
    let graphic = "(Graphic: Tram lines of the region - here)";
    let rec = clean(&[HEADLINE, subtitle, P1, P2, P3, P4, graphic, note, figure]);
    assert_eq!(
        kept(&rec),
        vec![subtitle, P1, P2, P3, P4, graphic, note, figure],
        "{rec:#?}"
    );
}

#[test]
fn a_call_to_action_after_the_body_goes() {
    for prompt in [
        "Faster in the app → Open",
        "Read the full interview →",
        "تجربة أسرع على التطبيق ← افتح",
    ] {
        let rec = check(&[], &[], &[prompt]);
        assert_eq!(reason(&rec, prompt), Some("boilerplate:read_also"));
    }
}

#[test]
fn a_route_listed_after_the_body_and_a_change_in_figures_stay() {
    let legs = ["Harbour → Old town", "Old town → Airport"];
    let change = "Passengers a day → 40000";
    let rec = clean(&[HEADLINE, P1, P2, P3, P4, legs[0], legs[1], change]);
    assert_eq!(
        kept(&rec),
        vec![P1, P2, P3, P4, legs[0], legs[1], change],
        "{rec:#?}"
    );
}

#[test]
fn another_storys_headline_under_a_label_between_paragraphs_goes() {
    let pointer =
        "Up next in this section: Fishermen protest against new quotas in the northern bay";
    let rec = clean(&[HEADLINE, P1, P2, pointer, P3, P4]);
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4], "{rec:#?}");
    assert_eq!(reason(&rec, pointer), Some("boilerplate:read_also"));
}

#[test]
fn a_subheading_with_a_colon_and_a_speakers_line_stay() {
    let subheading = "The plan: fourteen tram stops between the old port and the airport";
    let speaker = "Maya Fares: Fishermen in the northern bay never asked for a tram";
    let page = [HEADLINE, P1, subheading, P2, speaker, P3, P4];
    let rec = clean(&page);
    assert_eq!(kept(&rec), page[1..].to_vec(), "{rec:#?}");
}

#[test]
fn the_line_above_the_dateline_is_the_headline_over_a_tagline_further_up() {
    let headline = "Why the old quay will never look the same again";
    let rec = clean(&[
        "The Coastal Notebook",
        "Tales of the harbour city",
        "Posted in Transport",
        headline,
        "Maya Fares on March 5, 2024",
        P1,
        P2,
        P3,
        P4,
    ]);
    assert_eq!(rec.title.as_deref(), Some(headline), "{rec:#?}");
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4], "{rec:#?}");
}

#[test]
fn a_headline_sharing_the_bodys_words_stays_over_a_standfirst_above_the_dateline() {
    let standfirst = "What the vote means for the people of the old quay";
    let rec = clean(&[
        "Front | City | Region | Money | Sport",
        HEADLINE,
        standfirst,
        "Maya Fares on March 5, 2024",
        P1,
        P2,
        P3,
        P4,
    ]);
    assert_eq!(rec.title.as_deref(), Some(HEADLINE), "{rec:#?}");
}

#[test]
fn a_row_of_counters_beside_a_date_under_the_headline_gives_the_date() {
    let rec = check(
        &["Top ▸ Region ▸ Money"],
        &["5 March 2024 | 1168 readers | 9 min"],
        &[],
    );
    assert_eq!(rec.date.as_deref().map(|d| &d[..10]), Some("2024-03-05"));
}

#[test]
fn a_row_of_counters_without_a_date_gives_none() {
    let rec = check(
        &["Top ▸ Region ▸ Money"],
        &["1168 readers | 9 min | 12 likes"],
        &[],
    );
    assert_eq!(rec.date, None, "{rec:#?}");
}

#[test]
fn other_storys_headlines_the_first_as_long_as_a_paragraph_go() {
    // The first headline scores like a paragraph and ends the body span; the list under it,
    // shorter lines, starts after the span.
    let first = "Regional hospital opens a children's wing with forty beds and a rooftop garden for families";
    let rec = check(
        &["Front | City | Region | Money | Sport"],
        &[],
        &[
            first,
            "Fishermen protest new quotas outside the ministry",
            "Storm closes mountain roads for a second day",
            "Local choir wins national prize in the capital",
            "© 2024 Coastal Post Media",
        ],
    );
    assert_eq!(reason(&rec, first), Some("boilerplate:related"));
}

#[test]
fn an_end_mark_closes_a_press_release_with_no_other_furniture() {
    // Nothing above the headline nor after the body marks a web page: the mark alone ends it.
    let rec = check(
        &[],
        &[],
        &[
            "— ENDS —",
            "Press contact: Maya Fares, 020 7946 0188",
            "The council on: X · YouTube · Flickr",
        ],
    );
    assert_eq!(
        reason(&rec, "The council on: X · YouTube · Flickr"),
        Some("boilerplate:after_body")
    );
}

#[test]
fn a_last_sentence_under_a_framed_label_stays_with_no_other_furniture() {
    let last = "The council said on Wednesday that the first trams would be ordered from a builder in the north.";
    let rec = clean(&[HEADLINE, P1, P2, P3, P4, "- Update -", last]);
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4, last], "{rec:#?}");
}

#[test]
fn another_storys_headline_with_figures_under_a_label_goes() {
    let pointer = "Up next in this section: Fishing exports to Asia rise 19.4 % in a year";
    let rec = clean(&[HEADLINE, P1, P2, pointer, P3, P4]);
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4], "{rec:#?}");
    assert_eq!(reason(&rec, pointer), Some("boilerplate:read_also"));
}

#[test]
fn a_galleries_heading_with_names_and_a_year_stays() {
    // A label of three words, then two names and a year: too few words to weigh.
    let heading = "The United States and Cuba: Obama and Castro (2013)";
    let page = [HEADLINE, P1, P2, heading, P3, P4];
    let rec = clean(&page);
    assert_eq!(kept(&rec), page[1..].to_vec(), "{rec:#?}");
}

#[test]
fn a_prose_notice_above_a_dated_headline_goes() {
    // Nothing on this page is furniture a rule knows by its words or its shape, and a
    // sentence stands above the headline; the dated line under the headline shows a web
    // page's layout, so what is above the headline is not the article.
    let rec = check(
        &[
            "We keep a few small files on your device to count visits and to recall the options you set.",
            "Sounds good",
            "Let me pick",
            "Harbour Walks",
        ],
        &["Put online 12 March 2024"],
        &[],
    );
    assert_eq!(rec.date.as_deref(), Some("2024-03-12"), "{rec:#?}");
    assert_eq!(
        reason(&rec, "Harbour Walks"),
        Some("boilerplate:section_label"),
        "{rec:#?}"
    );
}

#[test]
fn an_opening_paragraph_above_an_undated_headline_like_line_stays() {
    // An edited text whose first paragraph comes before a line that reads as its headline
    // (quoted further down), with no dated line under it, keeps that paragraph.
    let intro = "The council met on Tuesday evening to vote on the tram, after two years of hearings and many letters from residents of the old port.";
    let rec = clean(&[intro, HEADLINE, P1, P2, P3, P4]);
    assert_eq!(kept(&rec)[0], intro, "{rec:#?}");
}

#[test]
fn a_pointer_to_the_pages_pictures_between_paragraphs_goes() {
    // A field of a media word and a count, between the first and second paragraphs (layout
    // N23), in English and French under the English article.
    for pointer in [
        "Pictures: 4 shots from the scene",
        "Images : 4 vues des lieux",
        "Video: 2 clips from the night",
    ] {
        let rec = clean(&[HEADLINE, P1, pointer, P2, P3, P4]);
        assert_eq!(kept(&rec), vec![P1, P2, P3, P4], "{rec:#?}");
        assert_eq!(
            removal(&rec, pointer),
            Some(("boilerplate:read_also", "media_pointer"))
        );
    }
    let headline = "زلزال قوي يضرب محافظة بوشهر الإيرانية جنوبي البلاد";
    let p1 = "ضرب زلزال قوي محافظة بوشهر الإيرانية جنوبي البلاد يوم الخميس، وبلغت قوته 5.9 درجة على مقياس ريختر، وفق التلفزيون الرسمي.";
    let p2 = "وقال التلفزيون الرسمي إن الزلزال لم يؤد إلى سقوط ضحايا في المحافظة التي تضم المحطة النووية الوحيدة في البلاد.";
    let p3 =
        "وشعر سكان العاصمة الكويتية والمناطق المحيطة بها بالهزة الأرضية، وفق ما أورد مراسلنا هناك.";
    let pointer = "الصور: 4 لقطات من المكان";
    let rec = clean(&[headline, p1, pointer, p2, p3]);
    assert_eq!(kept(&rec), vec![p1, p2, p3], "{rec:#?}");
    assert_eq!(rule(&rec, pointer), Some("media_pointer"));
}

#[test]
fn the_articles_own_lines_naming_pictures_with_a_number_stay() {
    // A subheading of the article's photo section in its words, a sentence, and a run of a
    // camera's fields: all name a medium and hold a number.
    let subheading = "Photos: 3 stops of the airport tram line";
    let sentence = "Video: 2 minutes of the first test run on the quay.";
    let rec = clean(&[HEADLINE, P1, subheading, P2, sentence, P3, P4]);
    assert_eq!(
        kept(&rec),
        vec![P1, subheading, P2, sentence, P3, P4],
        "{rec:#?}"
    );
    let fields = [
        "Photos: 50 megapixels",
        "Video: 4K at 60 fps",
        "Weight: 620 g",
    ];
    let mut page = vec![HEADLINE, P1, P2];
    page.extend(fields);
    page.extend([P3, P4]);
    let rec = clean(&page);
    for f in fields {
        assert!(kept(&rec).contains(&f), "{f}: {rec:#?}");
    }
}

#[test]
fn paragraphs_in_a_row_above_a_dated_headline_stay() {
    // A post whose first paragraphs stand above a line found as its headline (a subheading
    // sharing the body's words, with a dated line under it): three prose lines in a row are
    // running text, which no site puts above an article; the menu above them still goes.
    let opening = [
        "This week the harbour office finished the last of the surveys that the tram plan needed before the council could vote on it.",
        "Most of the work was on the old port, where water pipes and cables run under the quays that the new line will cross on its way out.",
        "The surveys are public now, and the office has put the maps and the noise figures on its own pages for anyone who wants to read them.",
    ];
    let mut page = vec!["Harbour Notes", "Posts", "About"];
    page.extend(opening);
    page.extend([
        "Share this post",
        "Comments",
        "Older posts",
        HEADLINE,
        "Put online 12 March 2024",
        P1,
        P2,
        P3,
        P4,
    ]);
    let rec = clean(&page);
    let kept = kept(&rec);
    assert_eq!(kept[..3], opening, "{rec:#?}");
    assert_eq!(reason(&rec, "Posts"), Some("boilerplate:above_headline"));
}

#[test]
fn other_stories_with_a_line_of_summary_each_above_the_headline_go() {
    // Other stories' headlines, each with one sentence of summary and its age: prose lines,
    // but never more than one in a row.
    check(
        &[
            "Most read",
            "Ferry fares rise again",
            "The ferry company said on Monday that its fares on the island routes will rise by a tenth in May.",
            "2 hours ago",
            "Night market reopens",
            "The night market on the east quay reopened on Friday after a winter of repairs to its roof and stalls.",
            "5 hours ago",
            "Transport",
        ],
        &["Put online 12 March 2024"],
        &[],
    );
}

/// A long document (a guide, a specification) whose first paragraphs are followed by a long
/// list of short items, then more of its own paragraphs than its first part holds: the list
/// does not end it, however far after it the paragraphs resume.
#[test]
fn a_long_document_continuing_after_a_long_list_keeps_its_paragraphs() {
    // The list costs more than the paragraphs above it score: the body span stops above it.
    let items: Vec<String> = (1..=20).map(|n| format!("stop {n}")).collect();
    let mut page = vec![
        "Front | City | Region | Money | Sport",
        HEADLINE,
        P1,
        L1,
        P2,
        L2,
    ];
    page.push("The stops:");
    page.extend(items.iter().map(String::as_str));
    // The paragraphs after the list score more than those above it, but share fewer words
    // with the headline: the body span is the one above the list.
    let rest = [
        "Each stop will have a shelter with a roof of glass, two benches and a screen showing when the next vehicles arrive, and every platform will be level with the floor of the cars so that prams and wheelchairs can roll straight on board without a ramp.",
        "The depot by the port will hold twenty vehicles, a workshop where they are repaired and washed, and offices for the drivers, whose training starts a year before the first passengers board, on a test track built beside the old railway sidings.",
        "Night services at weekends will run every twenty minutes until two in the morning, a timetable the transport department says matches the hours when the bars and restaurants of the old town close and most taxis are already booked.",
        "Tickets will cost the same as on the buses, and the same cards will work on both, so that a passenger changing from one to the other within an hour pays only once, as in most of the larger towns of the region that run such services.",
        "Residents of the streets where the works take place will receive letters a month before each closure, with maps of the detours and the dates when the noisiest work, such as cutting the old asphalt and drilling for the poles, is planned.",
        "The transport department will also plant rows of plane trees along the route, so that the streets look green again by the time the works are finished, and it has promised to publish a report on the progress of the project every three months.",
    ];
    page.extend(rest);
    let rec = clean(&page);
    assert_eq!(rec.title.as_deref(), Some(HEADLINE), "{rec:#?}");
    for l in rest {
        assert_eq!(reason(&rec, l), None, "{l}: {rec:#?}");
    }
}

/// After the article, other stories' headlines with a date and a line of summary each: the
/// summaries are prose closed by a full stop, but between the headlines and dates no stretch
/// of them scores like the article above (`resume_far_share`): the list goes.
#[test]
fn a_related_list_with_a_summary_per_story_after_an_article_goes() {
    check_tail(&[
        "More in City",
        "Ferry crews vote to strike over the winter timetable",
        "18 November 2024 at 5:10 pm",
        "The crews of the three harbour ferries voted on Monday to stop work for two days in December.",
        "Old lighthouse reopens to visitors after two years of repairs",
        "16 November 2024 at 2:01 pm",
        "Visitors can climb the old lighthouse again from Saturday, after two years of repairs by volunteers.",
        "A school opens on the quay",
        "15 November 2024 at 9:30 am",
        "The new school takes its first pupils in the spring, the education office said on Tuesday.",
        "Fish market traders ask for a covered hall",
        "14 November 2024 at 8:15 am",
        "Traders at the fish market asked the council on Friday to build the covered hall it promised them.",
    ]);
}

#[test]
fn a_code_block_inside_an_article_is_no_menu() {
    // A technical article: its code blocks are runs of short lines, which read as a run of
    // labels unless a line of code is known for one.
    let code1 = [
        "if (res.ok) {",
        "show(res.tram);",
        "} else {",
        "warn(res.status);",
        "}",
    ];
    let intro = "Asking for the timetable with a few parameters looks like this:";
    let code2 = [
        "fetch(stops, {",
        "method: \"POST\",",
        "}).then(function(res) {",
        "if (res.ok) {",
        "alert(\"Saved.\");",
        "}",
        "});",
    ];
    let mut page = vec![
        "Harbour Dev Notes",
        "Posts",
        "About",
        HEADLINE,
        "Put online 12 March 2024",
        P1,
        P2,
    ];
    page.extend(code1);
    page.push(intro);
    page.extend(code2);
    page.extend([P3, P4]);
    let rec = clean(&page);
    let kept = kept(&rec);
    for line in code1.iter().chain(&code2).chain([&intro, &P3, &P4]) {
        assert!(kept.contains(line), "{line} lost: {rec:#?}");
    }
}
