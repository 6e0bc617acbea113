//! The reason vocabulary: every way a record can leave the pipeline, in one list.
//!
//! A reason reads `stage:rule[:detail]`. The stage part is a CLI stage name (`extract`, `clean`,
//! `pii`, `lang`, `filter`, `dedup`) or `error` for input that could not be read as a record.
//! Reasons are stable: scripts group `stats.json` and `rejects/` by them, so a reason is never
//! renamed, only added. Stage crates use the constants here and never spell a reason
//! themselves. Each stage has one file here (`reason/filter.rs`, ...) listing its reasons.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A stable `stage:rule[:detail]` name for why a record was dropped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Reason(Cow<'static, str>);

impl Reason {
    /// A reason from the static vocabulary.
    pub const fn from_static(s: &'static str) -> Reason {
        Reason(Cow::Borrowed(s))
    }

    /// The reason with a detail appended: `filter:lang` + `fr` = `filter:lang:fr`.
    #[must_use]
    pub fn with_detail(&self, detail: &str) -> Reason {
        Reason(Cow::Owned(format!("{}:{detail}", self.0)))
    }

    /// The full text, `stage:rule[:detail]`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The stage part (`error` for input errors).
    pub fn stage(&self) -> &str {
        self.0.split(':').next().unwrap_or("")
    }

    /// True for input errors (`error:*`), which `stats.json` counts apart from rejects.
    pub fn is_error(&self) -> bool {
        self.stage() == "error"
    }

    /// True for a record that is not a document (one of [`SKIPS`], with or without a detail):
    /// `stats.json` counts it under `skipped` and it is not written to `rejects/`.
    pub fn is_skip(&self) -> bool {
        SKIPS.iter().any(|s| {
            self.0
                .strip_prefix(s.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(':'))
        })
    }
}

/// The reasons that skip a record rather than reject it: what they drop was never a document
/// (a WARC `request`, `warcinfo` or `metadata` record), so a user looking at `rejects/` for
/// pages the pipeline lost would only wade through them. They are still counted, by reason.
pub const SKIPS: &[Reason] = &[extract::WARC_TYPE];

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a record was dropped: the stable reason and the figure or error that decided it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reject {
    /// The stable reason.
    pub reason: Reason,
    /// Always a JSON object: the figure and its threshold, the kept duplicate's id, or, for a
    /// plain message, `{"message": "..."}`. One shape keeps `rejects/` loadable as a table.
    pub detail: Value,
}

impl Reject {
    /// A reject with a detail; a detail that is not an object is wrapped as `{"message": ...}`
    /// (strings) or `{"value": ...}` (anything else).
    pub fn new(reason: Reason, detail: impl Into<Value>) -> Reject {
        let detail = match detail.into() {
            Value::Object(map) => Value::Object(map),
            Value::String(s) => serde_json::json!({ "message": s }),
            Value::Null => Value::Object(serde_json::Map::new()),
            other => serde_json::json!({ "value": other }),
        };
        Reject { reason, detail }
    }
}

/// Declares a stage's reasons as constants plus an `ALL` list of them.
macro_rules! reasons {
    ($( $(#[$doc:meta])* $name:ident = $text:literal; )*) => {
        use super::Reason;
        $( $(#[$doc])* pub const $name: Reason = Reason::from_static($text); )*
        /// Every reason of this module, in the order listed.
        pub const ALL: &[Reason] = &[$($name),*];
    };
}

pub mod clean;
pub mod dedup;
pub mod error;
pub mod extract;
pub mod filter;
pub mod lang;
pub mod pii;

/// Every reason in the vocabulary, stage by stage in pipeline order.
pub fn all() -> impl Iterator<Item = &'static Reason> {
    [
        error::ALL,
        extract::ALL,
        clean::ALL,
        pii::ALL,
        lang::ALL,
        filter::ALL,
        dedup::ALL,
    ]
    .into_iter()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_is_stage_colon_rule() {
        let stages = [
            "error", "extract", "clean", "pii", "lang", "filter", "dedup",
        ];
        for r in all() {
            let parts: Vec<&str> = r.as_str().split(':').collect();
            assert!(parts.len() >= 2, "{r}");
            assert!(stages.contains(&parts[0]), "{r}");
            assert!(parts.iter().all(|p| !p.is_empty()), "{r}");
        }
    }

    #[test]
    fn reasons_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for r in all() {
            assert!(seen.insert(r.as_str()), "duplicate reason {r}");
        }
    }

    #[test]
    fn reject_detail_is_always_an_object() {
        let r = Reject::new(error::BAD_JSON.clone(), "expected value");
        assert_eq!(r.detail, serde_json::json!({"message": "expected value"}));
        let r = Reject::new(error::BAD_JSON.clone(), serde_json::json!({"figure": 1}));
        assert_eq!(r.detail["figure"], 1);
    }

    #[test]
    fn error_reasons_are_errors() {
        assert!(error::BAD_JSON.is_error());
        assert!(!dedup::EXACT.is_error());
        assert_eq!(dedup::NEAR.with_detail("x").as_str(), "dedup:near:x");
    }

    #[test]
    fn a_warc_type_with_or_without_its_detail_is_a_skip() {
        assert!(extract::WARC_TYPE.is_skip());
        assert!(extract::WARC_TYPE.with_detail("request").is_skip());
        assert!(!extract::HTTP_STATUS.is_skip());
        assert!(!Reason::from_static("extract:warc_typeset").is_skip());
        assert!(!error::BAD_JSON.is_skip());
    }
}
