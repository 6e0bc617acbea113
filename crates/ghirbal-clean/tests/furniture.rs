//! Page furniture of every kind `clean` recognises by shape and position (issue 17), each on a
//! page laid out as a naive extractor leaves it (one block per line, no blank lines), worded
//! unlike the lexicons; and the real lines that look like furniture and must stay.

use ghirbal_clean::{Clean, CleanConfig};
use ghirbal_core::{Record, RecordStage, Verdict};
use serde_json::Value;

const HEADLINE: &str = "Harbour city council approves new tram line to the airport";
const P1: &str = "The harbour city council approved on Tuesday a new tram line that will link the old port to the airport by 2028, after two years of public hearings.";
const P2: &str = "The line will run for eighteen kilometres with fourteen stops, and the council expects forty thousand passengers a day once the airport tram is running.";
const P3: &str = "Opponents of the tram said the council had underestimated the cost of moving water pipes under the old port, and asked for an independent review.";
const P4: &str = "The council's transport committee will publish the full timetable of the works in the spring, with a first section opening to passengers in 2026.";

fn clean(lines: &[&str]) -> Record {
    let stage = Clean::new(&CleanConfig {
        explain: true,
        ..CleanConfig::default()
    })
    .expect("default config builds");
    let mut rec = Record::new("page", lines.join("\n"));
    assert_eq!(stage.apply(&mut rec), Verdict::Keep, "{rec:#?}");
    rec
}

fn kept(rec: &Record) -> Vec<&str> {
    rec.text.lines().filter(|l| !l.trim().is_empty()).collect()
}

/// The reason `clean` gave for removing `line`, if it did.
fn reason<'a>(rec: &'a Record, line: &str) -> Option<&'a str> {
    rec.metadata
        .get("removed")
        .and_then(Value::as_array)?
        .iter()
        .find(|e| e["line"].as_str() == Some(line))
        .and_then(|e| e["reason"].as_str())
}

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

#[test]
fn an_agency_credit_or_a_reporting_line_after_the_body_stays() {
    for credit in [
        "Coastal Post / AFP / Reuters",
        "(Reporting by Karim Saleh; editing by Lina Haddad)",
        "Karim Saleh , Lina Haddad",
    ] {
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
