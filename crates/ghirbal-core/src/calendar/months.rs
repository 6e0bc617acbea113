//! Month names and Arabic date words, loaded from `resources/dates/*.toml`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

#[derive(Deserialize)]
struct MonthFile {
    months: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    labels: Option<Labels>,
    #[serde(default)]
    clock: Option<Clock>,
    #[serde(default)]
    relative: Option<Relative>,
}

/// Words before a date that say whether it is the publication or the update date.
#[derive(Deserialize, Default, Clone)]
pub struct Labels {
    /// Publication labels.
    pub published: Vec<String>,
    /// Update labels.
    pub updated: Vec<String>,
}

/// Morning/evening markers after a clock time.
#[derive(Deserialize, Default, Clone)]
pub struct Clock {
    /// Before noon.
    pub am: Vec<String>,
    /// After noon.
    pub pm: Vec<String>,
}

/// Relative-time words.
#[derive(Deserialize, Default, Clone)]
pub struct Relative {
    /// "منذ", "قبل".
    pub prefix: Vec<String>,
    /// "أمس".
    pub yesterday: Vec<String>,
    /// Units by name.
    pub units: BTreeMap<String, Unit>,
}

/// One relative-time unit.
#[derive(Deserialize, Default, Clone)]
pub struct Unit {
    /// Seconds in one unit.
    pub seconds: i64,
    /// Forms that take a number.
    pub forms: Vec<String>,
    /// Dual forms that mean two.
    pub dual: Vec<String>,
}

/// Every month name (lower case) with its number, longest first, and the Arabic word lists.
pub struct Words {
    /// (name, month), longest names first so "كانون الثاني" wins over "كانون".
    pub months: Vec<(String, u32)>,
    /// Date labels.
    pub labels: Labels,
    /// Clock markers.
    pub clock: Clock,
    /// Relative-time words.
    pub relative: Relative,
}

/// The words of every shipped file.
pub static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let mut months = Vec::new();
    let mut labels = Labels::default();
    let mut clock = Clock::default();
    let mut relative = Relative::default();
    for (name, src) in [
        ("ar", include_str!("../../resources/dates/ar.toml")),
        ("en", include_str!("../../resources/dates/en.toml")),
    ] {
        let f: MonthFile =
            toml::from_str(src).unwrap_or_else(|e| panic!("resources/dates/{name}.toml: {e}"));
        for (num, names) in f.months {
            let m: u32 = num.parse().unwrap_or(0);
            months.extend(names.into_iter().map(|n| (n.to_lowercase(), m)));
        }
        if let Some(l) = f.labels {
            labels = l;
        }
        if let Some(c) = f.clock {
            clock = c;
        }
        if let Some(r) = f.relative {
            relative = r;
        }
    }
    months.sort_by(|a, b| {
        b.0.chars()
            .count()
            .cmp(&a.0.chars().count())
            .then(a.0.cmp(&b.0))
    });
    months.dedup();
    Words {
        months,
        labels,
        clock,
        relative,
    }
});

/// The month number of a name, if it is one.
pub fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    WORDS
        .months
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, m)| *m)
}
