//! Lines about the page rather than the article that read like the article's own lines (issue
//! 17): paywall counters, polls put to the reader; and the real lines that look like them (a
//! paragraph that counts and addresses the reader, a blog's question to its readers, a
//! question naming the article's subject), which stay. Pages laid out as a
//! naive extractor leaves them: one block per line, no blank lines.

mod common;

use common::*;

#[test]
fn a_paywall_counter_between_paragraphs_goes() {
    for counter in [
        "3 free pieces left this month. Join to read without limits",
        "Plus que 3 articles offerts ce mois-ci. Abonnez-vous pour tout lire",
    ] {
        let rec = clean(&[HEADLINE, P1, P2, counter, P3, P4]);
        assert_eq!(rec.title.as_deref(), Some(HEADLINE));
        assert_eq!(kept(&rec), vec![P1, P2, P3, P4], "{rec:#?}");
        assert_eq!(
            removal(&rec, counter),
            Some(("boilerplate:ad", "paywall_counter"))
        );
    }
    let headline = "زلزال قوي يضرب محافظة بوشهر الإيرانية جنوبي البلاد";
    let p1 = "ضرب زلزال قوي محافظة بوشهر الإيرانية جنوبي البلاد يوم الخميس، وبلغت قوته 5.9 درجة على مقياس ريختر، وفق التلفزيون الرسمي.";
    let p2 = "وقال التلفزيون الرسمي إن الزلزال لم يؤد إلى سقوط ضحايا في المحافظة التي تضم المحطة النووية الوحيدة في البلاد.";
    let p3 =
        "وشعر سكان العاصمة الكويتية والمناطق المحيطة بها بالهزة الأرضية، وفق ما أورد مراسلنا هناك.";
    let counter = "بقي لك 3 مقالات مجانية هذا الشهر. اشترك لتقرأ بلا حدود";
    let rec = clean(&[headline, p1, p2, counter, p3]);
    assert_eq!(kept(&rec), vec![p1, p2, p3], "{rec:#?}");
}

#[test]
fn a_paragraph_that_counts_articles_and_addresses_the_reader_stays() {
    // A story about a paywall counts articles and says "you": its words are the story's.
    let headline = "Coastal Post puts its archive behind a paywall from March";
    let p1 = "The Coastal Post will put its archive of local reporting behind a paywall from March, its editor told readers in a letter on Monday.";
    let own = "Readers get 3 free archive articles a month; join the Post to read the archive without limits.";
    let p2 = "The editor said the archive costs the paper more each year to keep online, and that readers of the archive would fund its digitisation.";
    let p3 = "Subscribers to the printed paper will read the archive at no extra cost, the paper said, and schools will get free access for their pupils.";
    let rec = clean(&[headline, p1, own, p2, p3]);
    assert_eq!(kept(&rec), vec![p1, own, p2, p3], "{rec:#?}");
}
#[test]
fn an_authors_aside_whose_only_digit_is_a_names_stays() {
    // Readability's lazy-image-1: "you", "article" and a digit, but the digit is V8's, no count.
    let headline = "Why lazy loading images keeps a page fast on slow phones";
    let p1 = "Loading every image when the page opens costs memory and bandwidth that a slow phone does not have, so the browser waits before it paints anything.";
    let aside = "(for more details about V8 and its garbage collector you can read my previous article here)";
    let p2 = "With lazy loading, images below the fold load only when the reader scrolls near them, and the first screen is ready much sooner than before.";
    let p3 = "The attribute is supported by every major browser now, and older ones simply ignore it and load the images as they always did.";
    let rec = clean(&[headline, p1, aside, p2, p3]);
    assert_eq!(kept(&rec), vec![p1, aside, p2, p3], "{rec:#?}");
}
#[test]
fn a_poll_on_the_page_after_the_body_goes_and_the_credit_above_it_stays() {
    let page = [
        "Front | City | Region | Money | Sport",
        HEADLINE,
        P1,
        P2,
        P3,
        P4,
        "With agency wires",
        "Was this article useful?",
        "Yes",
        "No",
        "Tell us what we got wrong",
        "Page updated 12/03/2024",
    ];
    let rec = clean(&page);
    assert_eq!(rec.title.as_deref(), Some(HEADLINE));
    assert_eq!(
        kept(&rec),
        vec![P1, P2, P3, P4, "With agency wires"],
        "{rec:#?}"
    );
    assert_eq!(
        removal(&rec, "Was this article useful?"),
        Some(("boilerplate:poll", "poll_question"))
    );
    assert_eq!(
        removal(&rec, "No"),
        Some(("boilerplate:poll", "poll_answer"))
    );
    let rec = clean(&[
        HEADLINE,
        P1,
        P2,
        P3,
        P4,
        "Cette page vous a-t-elle aidé ?",
        "Oui",
        "Non",
    ]);
    assert_eq!(kept(&rec), vec![P1, P2, P3, P4], "{rec:#?}");
}

#[test]
fn a_question_to_the_readers_and_one_naming_the_articles_subject_stay() {
    // A blog asks its readers about their lives, not about the page; a question naming an
    // article of the plan speaks of the headline's subject.
    for question in [
        "What is your favourite way to get to the airport?",
        "Which article of the council's tram line plan do you back?",
    ] {
        let page = [HEADLINE, P1, P2, P3, P4, question, "Tram", "Bus", "Taxi"];
        let rec = clean(&page);
        assert_eq!(
            kept(&rec),
            vec![P1, P2, P3, P4, question, "Tram", "Bus", "Taxi"],
            "{rec:#?}"
        );
    }
}

#[test]
fn an_ad_panels_label_and_continuation_line_between_paragraphs_go() {
    for aside in [
        "Sponsored message",
        "Article carries on beneath the panel",
        "L'article se poursuit sous l'encadré",
    ] {
        let rec = clean(&[HEADLINE, P1, aside, P2, P3, P4]);
        assert_eq!(kept(&rec), vec![P1, P2, P3, P4], "{rec:#?}");
        assert_eq!(
            removal(&rec, aside),
            Some(("boilerplate:ad", "in_body_aside"))
        );
    }
}

#[test]
fn subheadings_between_paragraphs_stay_even_naming_a_page() {
    // No page word; or a page word in a line that speaks of the article's subject; or a line
    // announcing what follows.
    for subheading in [
        "What happens next",
        "Turning the page on the old port",
        "The council's web page for the tram",
        "Here is what the article covers:",
    ] {
        let rec = clean(&[HEADLINE, P1, subheading, P2, P3, P4]);
        assert_eq!(kept(&rec), vec![P1, subheading, P2, P3, P4], "{rec:#?}");
    }
}
