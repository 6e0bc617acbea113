//! A calendar date with optional time and offset, and the day arithmetic relative times need.
/// A date, with a time of day and a UTC offset when the source gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    /// Year (1900..=2100 for dates found in text).
    pub year: i32,
    /// Month, 1..=12.
    pub month: u32,
    /// Day of month, 1..=31 (checked against the month).
    pub day: u32,
    /// Hour, minute, second, when known.
    pub time: Option<(u32, u32, u32)>,
    /// Offset from UTC in minutes, when known (`Z` is 0).
    pub offset: Option<i32>,
}

impl DateTime {
    /// A date with no time; `None` when the day does not exist.
    pub fn ymd(year: i32, month: u32, day: u32) -> Option<DateTime> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(DateTime {
            year,
            month,
            day,
            time: None,
            offset: None,
        })
    }

    /// The same date with a time of day, if the time is valid.
    #[must_use]
    pub fn with_time(mut self, h: u32, m: u32, s: u32) -> DateTime {
        if h < 24 && m < 60 && s < 61 {
            self.time = Some((h, m, s.min(59)));
        }
        self
    }

    /// ISO 8601: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` with `Z`/`±HH:MM` when known.
    pub fn to_iso(&self) -> String {
        let mut s = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        if let Some((h, m, sec)) = self.time {
            s.push_str(&format!("T{h:02}:{m:02}:{sec:02}"));
            match self.offset {
                Some(0) => s.push('Z'),
                Some(o) => {
                    let sign = if o < 0 { '-' } else { '+' };
                    s.push_str(&format!("{sign}{:02}:{:02}", o.abs() / 60, o.abs() % 60));
                }
                None => {}
            }
        }
        s
    }

    /// Seconds since 1970-01-01 in the date's own clock (offset ignored).
    pub fn to_seconds(&self) -> i64 {
        let (h, m, s) = self.time.unwrap_or((0, 0, 0));
        super::days_from_civil(i64::from(self.year), self.month, self.day) * 86_400
            + i64::from(h) * 3600
            + i64::from(m) * 60
            + i64::from(s)
    }

    /// The date `seconds` seconds earlier; keeps the offset; has a time only if `self` has one
    /// or `keep_time` is set.
    #[must_use]
    pub fn minus_seconds(&self, seconds: i64, keep_time: bool) -> DateTime {
        let t = self.to_seconds() - seconds;
        let days = t.div_euclid(86_400);
        let rem = t.rem_euclid(86_400) as u32;
        let (year, month, day) = super::civil_from_days(days);
        let year = year as i32;
        DateTime {
            year,
            month,
            day,
            time: (keep_time && self.time.is_some()).then_some((
                rem / 3600,
                rem % 3600 / 60,
                rem % 60,
            )),
            offset: if keep_time && self.time.is_some() {
                self.offset
            } else {
                None
            },
        }
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_arithmetic_crosses_months_and_leap_days() {
        let d = DateTime::ymd(2024, 3, 1).unwrap().with_time(1, 0, 0);
        assert_eq!(
            d.minus_seconds(2 * 3600, true).to_iso(),
            "2024-02-29T23:00:00"
        );
        let d = DateTime::ymd(2023, 1, 1).unwrap();
        assert_eq!(d.minus_seconds(86_400, false).to_iso(), "2022-12-31");
    }

    #[test]
    fn impossible_days_are_refused() {
        assert!(DateTime::ymd(2023, 2, 29).is_none());
        assert!(DateTime::ymd(2024, 2, 29).is_some());
        assert!(DateTime::ymd(2024, 13, 1).is_none());
    }
}
