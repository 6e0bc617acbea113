//! Dates written in page text: "الثلاثاء 5 مارس 2024", "3 آذار/مارس 2024", "كانون 2 ... ",
//! "١٢ جويلية ٢٠٢٣", "March 5, 2024", "05/03/2024", with "نشر في" / "آخر تحديث" labels, and
//! relative times ("منذ ساعتين") resolved against the capture date.
//!
//! Rules, in order:
//! - Digits are folded to ASCII first, so Arabic-Indic and Persian digits read like ASCII.
//! - `day month[/month] year` and `month day, year` use the month names of
//!   `resources/dates/*.toml`; a weekday before the day is simply not part of the match.
//! - Numeric dates are `YYYY-MM-DD` or day first (`DD/MM/YYYY`), the order used in Arabic and
//!   French; years outside 1900..=2100 are refused, which also skips Hijri years (14xx) written
//!   next to a Gregorian date.
//! - Among the dates found, the first one labelled as the publication date wins, then the
//!   first unlabelled one, then the first labelled as an update.
//! - Only when no absolute date is found is a relative time used.

use std::sync::LazyLock;

use regex::Regex;

use super::civil::DateTime;
use super::months::{WORDS, month_number};
use super::relative;

/// What a label before a date said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// "نشر في" and the like.
    Published,
    /// "آخر تحديث" and the like.
    Updated,
    /// No label.
    None,
}

/// A date found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The date.
    pub date: DateTime,
    /// The label before it.
    pub label: Label,
    /// True when it came from a relative time and the capture date.
    pub relative: bool,
}

/// How far before a date a label is looked for, in characters.
const LABEL_WINDOW: usize = 40;
/// How many candidate dates are looked at.
const MAX_CANDIDATES: usize = 64;

fn alternation(words: impl Iterator<Item = String>) -> String {
    words
        .map(|w| regex::escape(&w).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let months = alternation(WORDS.months.iter().map(|(n, _)| n.clone()));
    let mut clock: Vec<String> = WORDS
        .clock
        .am
        .iter()
        .chain(&WORDS.clock.pm)
        .cloned()
        .collect();
    clock.extend(["am".into(), "pm".into()]);
    clock.sort_by_key(|c| std::cmp::Reverse(c.chars().count()));
    let clock = alternation(clock.into_iter());
    // `\b` is the ASCII word boundary: the Unicode one keeps the regex from using its DFA on
    // non-ASCII text, and the search then runs in the slow engine over the whole page.
    let time = format!(
        r"(?:\s*(?:[-–|،,]|(?-u:\b)at(?-u:\b)|الساعة)?\s*(?:الساعة\s*)?(?P<h>[0-9]{{1,2}}):(?P<mi>[0-9]{{2}})(?::[0-9]{{2}})?(?:\s*(?P<ap>{clock})(?:[^\p{{L}}]|$))?)?"
    );
    let pat = format!(
        r"(?x)
        (?:(?P<d>[0-9]{{1,2}})(?:er|st|nd|rd|th)?\s*[-.]?\s*(?P<m>{months})
            (?:\s*[/\\(-]\s*(?P<m2>{months})\s*\)?)?\s*[،,]?\s*(?P<y>[0-9]{{4}})
         | (?P<mb>{months})\s+(?P<db>[0-9]{{1,2}})(?:st|nd|rd|th)?\s*[،,]?\s*(?P<yb>[0-9]{{4}})
         | (?P<n1>[0-9]{{4}})[-/.](?P<n2>[0-9]{{1,2}})[-/.](?P<n3>[0-9]{{1,2}})
         | (?P<r1>[0-9]{{1,2}})[-/.](?P<r2>[0-9]{{1,2}})[-/.](?P<r3>[0-9]{{4}}))
        (?:[^0-9]|$)
        {time}"
    );
    Regex::new(&pat).expect("month names make a valid regex")
});

/// Finds the publication date in `text`; `fetched` resolves relative times.
pub fn find_in_text(text: &str, fetched: Option<&DateTime>) -> Option<Found> {
    let folded = crate::text::fold_digits(text).to_lowercase();
    let mut found: Vec<Found> = Vec::new();
    for c in PATTERN.captures_iter(&folded).take(MAX_CANDIDATES) {
        let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let date = if let (Some(d), Some(m), Some(y)) = (num("d"), c.name("m"), num("y")) {
            month_number(&squash(m.as_str())).and_then(|m| ymd(y, m, d))
        } else if let (Some(d), Some(m), Some(y)) = (num("db"), c.name("mb"), num("yb")) {
            month_number(&squash(m.as_str())).and_then(|m| ymd(y, m, d))
        } else if let (Some(y), Some(m), Some(d)) = (num("n1"), num("n2"), num("n3")) {
            ymd(y, m, d)
        } else if let (Some(d), Some(m), Some(y)) = (num("r1"), num("r2"), num("r3")) {
            ymd(y, m, d).or_else(|| ymd(y, d, m))
        } else {
            None
        };
        let Some(mut date) = date else { continue };
        if let (Some(h), Some(mi)) = (num("h"), num("mi")) {
            let mut h = h;
            if let Some(ap) = c.name("ap") {
                let ap = ap.as_str();
                let pm = ap == "pm" || WORDS.clock.pm.iter().any(|p| p == ap);
                if pm && h < 12 {
                    h += 12;
                } else if !pm && h == 12 {
                    h = 0;
                }
            }
            date = date.with_time(h, mi, 0);
        }
        let start = c.get(0).map_or(0, |m| m.start());
        found.push(Found {
            date,
            label: label_before(&folded, start),
            relative: false,
        });
    }
    let pick = found
        .iter()
        .find(|f| f.label == Label::Published)
        .or_else(|| found.iter().find(|f| f.label == Label::None))
        .or_else(|| found.first())
        .copied();
    if pick.is_some() {
        return pick;
    }
    let fetched = fetched?;
    relative::find(&folded, fetched).map(|date| Found {
        date,
        label: Label::None,
        relative: true,
    })
}

fn ymd(y: u32, m: u32, d: u32) -> Option<DateTime> {
    if !(1900..=2100).contains(&y) {
        return None;
    }
    DateTime::ymd(y as i32, m, d)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn label_before(text: &str, start: usize) -> Label {
    let before = &text[..start];
    let from = before
        .char_indices()
        .rev()
        .nth(LABEL_WINDOW)
        .map_or(0, |(i, _)| i);
    let window = &before[from..];
    let last = |labels: &[String]| labels.iter().filter_map(|l| window.rfind(l.as_str())).max();
    match (last(&WORDS.labels.published), last(&WORDS.labels.updated)) {
        (Some(p), Some(u)) if u > p => Label::Updated,
        (Some(_), _) => Label::Published,
        (None, Some(_)) => Label::Updated,
        (None, None) => Label::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> Option<String> {
        find_in_text(text, None).map(|f| f.date.to_iso())
    }

    #[test]
    fn egyptian_gregorian_month_names_parse() {
        assert_eq!(iso("القاهرة 5 مارس 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(iso("17 ديسمبر 2023").as_deref(), Some("2023-12-17"));
        assert_eq!(iso("1 يناير 2020").as_deref(), Some("2020-01-01"));
    }

    #[test]
    fn levantine_month_names_parse_including_kanun_2() {
        assert_eq!(
            iso("بيروت في 12 كانون الثاني 2024").as_deref(),
            Some("2024-01-12")
        );
        assert_eq!(iso("12 كانون 2 2024").as_deref(), Some("2024-01-12"));
        assert_eq!(iso("3 كانون الأول 2022").as_deref(), Some("2022-12-03"));
        assert_eq!(iso("9 تشرين الأول 2023").as_deref(), Some("2023-10-09"));
        assert_eq!(iso("9 تشرين 2 2023").as_deref(), Some("2023-11-09"));
    }

    #[test]
    fn maghreb_month_names_parse() {
        assert_eq!(iso("تونس 14 جانفي 2011").as_deref(), Some("2011-01-14"));
        assert_eq!(iso("2 فيفري 2024").as_deref(), Some("2024-02-02"));
        assert_eq!(iso("7 أفريل 2024").as_deref(), Some("2024-04-07"));
        assert_eq!(iso("1 ماي 2024").as_deref(), Some("2024-05-01"));
        assert_eq!(iso("5 جوان 2024").as_deref(), Some("2024-06-05"));
        assert_eq!(iso("25 جويلية 2021").as_deref(), Some("2021-07-25"));
        assert_eq!(iso("13 أوت 2019").as_deref(), Some("2019-08-13"));
        assert_eq!(iso("الرباط 30 يوليوز 2023").as_deref(), Some("2023-07-30"));
        assert_eq!(iso("14 غشت 2023").as_deref(), Some("2023-08-14"));
        assert_eq!(iso("2 شتنبر 2023").as_deref(), Some("2023-09-02"));
        assert_eq!(iso("6 نونبر 2023").as_deref(), Some("2023-11-06"));
        assert_eq!(iso("31 دجنبر 2023").as_deref(), Some("2023-12-31"));
    }

    #[test]
    fn paired_month_forms_parse() {
        assert_eq!(iso("3 آذار/مارس 2024").as_deref(), Some("2024-03-03"));
        assert_eq!(iso("3 آذار (مارس) 2024").as_deref(), Some("2024-03-03"));
        assert_eq!(iso("10 حزيران / يونيو 2022").as_deref(), Some("2022-06-10"));
    }

    #[test]
    fn arabic_indic_and_persian_digits_parse() {
        assert_eq!(iso("٥ مارس ٢٠٢٤").as_deref(), Some("2024-03-05"));
        assert_eq!(iso("۱۲ فبراير ۲۰۲۳").as_deref(), Some("2023-02-12"));
        assert_eq!(iso("٢٠٢٤/٠٣/٠٥").as_deref(), Some("2024-03-05"));
    }

    #[test]
    fn hijri_date_next_to_gregorian_gives_the_gregorian() {
        assert_eq!(
            iso("الثلاثاء 23 رمضان 1445 هـ الموافق 2 أبريل 2024 م").as_deref(),
            Some("2024-04-02")
        );
        assert_eq!(
            iso("1445/09/23 هـ - 2024/04/02 م").as_deref(),
            Some("2024-04-02")
        );
    }

    #[test]
    fn weekday_prefix_and_clock_time_parse() {
        assert_eq!(
            iso("الأربعاء، 6 مارس 2024 - 10:30 م").as_deref(),
            Some("2024-03-06T22:30:00")
        );
        assert_eq!(
            iso("الخميس 7 مارس 2024 الساعة 09:15 ص").as_deref(),
            Some("2024-03-07T09:15:00")
        );
    }

    #[test]
    fn published_label_wins_over_update_label() {
        let t = "آخر تحديث: 10 مارس 2024 | نشر في: 8 مارس 2024";
        let f = find_in_text(t, None).unwrap();
        assert_eq!(f.date.to_iso(), "2024-03-08");
        assert_eq!(f.label, Label::Published);
        let t = "آخر تحديث 10 مارس 2024";
        assert_eq!(find_in_text(t, None).unwrap().label, Label::Updated);
    }

    #[test]
    fn numeric_dates_are_day_first() {
        assert_eq!(iso("05/03/2024").as_deref(), Some("2024-03-05"));
        assert_eq!(iso("2024-03-05").as_deref(), Some("2024-03-05"));
        assert_eq!(iso("12/31/2024").as_deref(), Some("2024-12-31"));
    }

    #[test]
    fn english_and_french_text_dates_parse() {
        assert_eq!(
            iso("Published March 5, 2024").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(iso("le 14 juillet 2023").as_deref(), Some("2023-07-14"));
    }

    #[test]
    fn relative_times_resolve_against_the_capture_date() {
        let fetched = DateTime::ymd(2024, 3, 5).unwrap().with_time(12, 0, 0);
        let f = |t: &str| find_in_text(t, Some(&fetched)).map(|f| f.date.to_iso());
        assert_eq!(f("منذ ساعتين").as_deref(), Some("2024-03-05T10:00:00"));
        assert_eq!(f("منذ 3 ساعات").as_deref(), Some("2024-03-05T09:00:00"));
        assert_eq!(f("منذ ٥ دقائق").as_deref(), Some("2024-03-05T11:55:00"));
        assert_eq!(f("منذ يومين").as_deref(), Some("2024-03-03"));
        assert_eq!(f("منذ يوم").as_deref(), Some("2024-03-04"));
        assert_eq!(f("نشر أمس").as_deref(), Some("2024-03-04"));
        assert_eq!(f("3 hours ago").as_deref(), Some("2024-03-05T09:00:00"));
        assert_eq!(find_in_text("منذ ساعتين", None), None);
    }

    #[test]
    fn text_without_dates_finds_nothing() {
        assert_eq!(iso("لا يوجد تاريخ هنا 12345"), None);
        assert_eq!(iso(""), None);
    }
}
