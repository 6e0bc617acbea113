//! Dates in metadata strings: ISO 8601 and its common near-misses, RFC 2822, compact
//! `YYYYMMDD`, and "March 5, 2024" / "5 mars 2024" forms.

use std::sync::LazyLock;

use regex::Regex;

use super::civil::DateTime;
use super::months::month_number;

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^\s*([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})
          (?:[T\s]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(?:[.,][0-9]+)?
             \s*(Z|[+-][0-9]{2}:?[0-9]{2}|UTC|GMT)?)?",
    )
    .expect("static regex")
});

static COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([0-9]{4})([0-9]{2})([0-9]{2})(?:[T\s]|$)").expect("static regex")
});

static WORDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)(?:^|[^\p{L}])(?:
            (?P<d1>[0-9]{1,2})(?:st|nd|rd|th|er)?\.?\s+(?P<m1>\p{L}+)\.?,?\s+(?P<y1>[0-9]{4})
          | (?P<m2>\p{L}+)\.?\s+(?P<d2>[0-9]{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>[0-9]{4}))
          (?:[\s,T]+(?:at\s+)?(?P<h>[0-9]{1,2}):(?P<mi>[0-9]{2})(?::(?P<s>[0-9]{2}))?\s*(?P<ampm>[ap]\.?m\.?)?)?
          (?:\s*(?P<z>GMT|UTC|Z|[+-][0-9]{4}))?",
    )
    .expect("static regex")
});

/// Parses a machine-written date string; `None` when it is not one.
pub fn parse_machine(s: &str) -> Option<DateTime> {
    let s = crate::text::fold_digits(s.trim());
    if let Some(c) = ISO.captures(&s) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let year = num(1)? as i32;
        let mut d = DateTime::ymd(year, num(2)?, num(3)?)?;
        if let (Some(h), Some(m)) = (num(4), num(5)) {
            d = d.with_time(h, m, num(6).unwrap_or(0));
            d.offset = c.get(7).and_then(|z| parse_offset(z.as_str()));
        }
        return Some(d);
    }
    if let Some(c) = COMPACT.captures(&s) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        return DateTime::ymd(num(1)? as i32, num(2)?, num(3)?);
    }
    for c in WORDY.captures_iter(&s) {
        let (d, m, y) = match (c.name("d1"), c.name("m1"), c.name("y1")) {
            (Some(d), Some(m), Some(y)) => (d, m, y),
            _ => match (c.name("d2"), c.name("m2"), c.name("y2")) {
                (Some(d), Some(m), Some(y)) => (d, m, y),
                _ => continue,
            },
        };
        let Some(month) = month_number(m.as_str()) else {
            continue;
        };
        let (Ok(day), Ok(year)) = (d.as_str().parse::<u32>(), y.as_str().parse::<i32>()) else {
            continue;
        };
        let Some(mut date) = DateTime::ymd(year, month, day) else {
            continue;
        };
        if let (Some(h), Some(mi)) = (c.name("h"), c.name("mi")) {
            let mut hour: u32 = h.as_str().parse().unwrap_or(0);
            let pm = c
                .name("ampm")
                .is_some_and(|a| a.as_str().to_lowercase().starts_with('p'));
            let am = c.name("ampm").is_some();
            if pm && hour < 12 {
                hour += 12;
            } else if am && !pm && hour == 12 {
                hour = 0;
            }
            let sec = c
                .name("s")
                .and_then(|s| s.as_str().parse().ok())
                .unwrap_or(0);
            date = date.with_time(hour, mi.as_str().parse().unwrap_or(0), sec);
            date.offset = c.name("z").and_then(|z| parse_offset(z.as_str()));
        }
        return Some(date);
    }
    None
}

fn parse_offset(z: &str) -> Option<i32> {
    match z {
        "Z" | "UTC" | "GMT" => Some(0),
        _ => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let digits: String = z.chars().filter(char::is_ascii_digit).collect();
            if digits.len() != 4 {
                return None;
            }
            let h: i32 = digits[..2].parse().ok()?;
            let m: i32 = digits[2..].parse().ok()?;
            Some(sign * (h * 60 + m))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        parse_machine(s).map(|d| d.to_iso())
    }

    #[test]
    fn iso_with_offset_keeps_time_and_offset() {
        assert_eq!(
            iso("2024-03-05T10:20:30+02:00").as_deref(),
            Some("2024-03-05T10:20:30+02:00")
        );
        assert_eq!(
            iso("2021-11-01T10:52:50+0100").as_deref(),
            Some("2021-11-01T10:52:50+01:00")
        );
        assert_eq!(
            iso("2018-04-05T06:00").as_deref(),
            Some("2018-04-05T06:00:00")
        );
        assert_eq!(
            iso("2017-11-03 03:01:00.000000").as_deref(),
            Some("2017-11-03T03:01:00")
        );
        assert_eq!(iso("2024-06-25").as_deref(), Some("2024-06-25"));
        assert_eq!(
            iso("2015-10-12T05:21:00.000Z").as_deref(),
            Some("2015-10-12T05:21:00Z")
        );
    }

    #[test]
    fn rfc_2822_and_wordy_forms_parse() {
        assert_eq!(
            iso("Tue, 05 Mar 2024 10:00:00 GMT").as_deref(),
            Some("2024-03-05T10:00:00Z")
        );
        assert_eq!(iso("March 5, 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(iso("5 mars 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(iso("20240305").as_deref(), Some("2024-03-05"));
    }

    #[test]
    fn non_dates_are_refused() {
        assert_eq!(iso("yesterday"), None);
        assert_eq!(iso("2024-02-30"), None);
        assert_eq!(iso(""), None);
    }
}
