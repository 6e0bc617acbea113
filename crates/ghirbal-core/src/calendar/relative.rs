//! Relative times ("منذ ساعتين", "منذ 3 أيام", "أمس", "2 hours ago") resolved against the
//! capture date. Units and forms come from `resources/dates/ar.toml`.

use std::sync::LazyLock;

use regex::Regex;

use super::civil::DateTime;
use super::months::WORDS;

struct Compiled {
    arabic: Regex,
    english: Regex,
    yesterday: Regex,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let rel = &WORDS.relative;
    let alt = |v: &[String]| {
        let mut v = v.to_vec();
        v.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        v.iter()
            .map(|w| regex::escape(w))
            .collect::<Vec<_>>()
            .join("|")
    };
    let forms: Vec<String> = rel.units.values().flat_map(|u| u.forms.clone()).collect();
    let duals: Vec<String> = rel.units.values().flat_map(|u| u.dual.clone()).collect();
    let arabic = format!(
        r"(?:{})\s+(?:(?P<n>[0-9]{{1,3}})\s+(?P<u>{})|(?P<dual>{})|(?P<one>{}))(?:[^\p{{L}}]|$)",
        alt(&rel.prefix),
        alt(&forms),
        alt(&duals),
        alt(&forms)
    );
    Compiled {
        arabic: Regex::new(&arabic).expect("relative words make a valid regex"),
        english: Regex::new(r"\b(?P<n>[0-9]{1,3}|an?)\s+(?P<u>minute|hour|day|week)s?\s+ago\b")
            .expect("static regex"),
        yesterday: Regex::new(&format!(
            r"(?:^|[^\p{{L}}])(?:{})(?:[^\p{{L}}]|$)",
            alt(&rel.yesterday)
        ))
        .expect("static regex"),
    }
});

fn unit_seconds(word: &str) -> Option<i64> {
    WORDS
        .relative
        .units
        .values()
        .find(|u| u.forms.iter().chain(&u.dual).any(|f| f == word))
        .map(|u| u.seconds)
}

/// The first relative time in `text` (already digit-folded, lower case), as a date.
pub fn find(text: &str, fetched: &DateTime) -> Option<DateTime> {
    let c = &*COMPILED;
    let mut best: Option<(usize, i64)> = None;
    if let Some(m) = c.arabic.captures(text) {
        let at = m.get(0).map_or(0, |x| x.start());
        let secs = if let (Some(n), Some(u)) = (m.name("n"), m.name("u")) {
            n.as_str()
                .parse::<i64>()
                .ok()
                .zip(unit_seconds(u.as_str()))
                .map(|(n, s)| n * s)
        } else if let Some(d) = m.name("dual") {
            unit_seconds(d.as_str()).map(|s| 2 * s)
        } else {
            m.name("one").and_then(|o| unit_seconds(o.as_str()))
        };
        if let Some(s) = secs {
            best = Some((at, s));
        }
    }
    if let Some(m) = c.english.captures(text) {
        let at = m.get(0).map_or(0, |x| x.start());
        let n = match m.name("n").map(|n| n.as_str()) {
            Some("a" | "an") => Some(1),
            Some(n) => n.parse::<i64>().ok(),
            None => None,
        };
        let unit = match m.name("u").map(|u| u.as_str()) {
            Some("minute") => 60,
            Some("hour") => 3600,
            Some("day") => 86_400,
            _ => 604_800,
        };
        if let Some(n) = n
            && best.is_none_or(|(b, _)| at < b)
        {
            best = Some((at, n * unit));
        }
    }
    if let Some(m) = c.yesterday.find(text)
        && best.is_none_or(|(b, _)| m.start() < b)
    {
        best = Some((m.start(), 86_400));
    }
    let (_, secs) = best?;
    Some(fetched.minus_seconds(secs, secs < 86_400))
}
