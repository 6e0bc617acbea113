//! What a failed request means, and how long to wait before the next attempt.
//!
//! The clients are built without retries of their own (except for multipart part uploads),
//! so every retry is made here, counted, and backed off by one policy.

use std::time::Duration;

use ghirbal_io::storage::StorageError;

/// A failed request, sorted by what to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// Worth another attempt: a 5xx, a timeout, a dropped connection.
    Transient(String),
    /// Worth another attempt after a longer wait: 429, S3 `SlowDown`.
    Throttled(String),
    /// The object is not there.
    NotFound(String),
    /// The store cannot be used at all: wrong secret, missing bucket.
    Fatal(String),
    /// Not worth retrying (a 4xx, an object that changed while read).
    Permanent(String),
}

impl Failure {
    pub(crate) fn retryable(&self) -> bool {
        matches!(self, Failure::Transient(_) | Failure::Throttled(_))
    }

    /// The storage error this failure ends as once retries are over; `exhausted_is_fatal`
    /// for listings, where a store that cannot be reached stops the run.
    pub(crate) fn into_error(self, exhausted_is_fatal: bool) -> StorageError {
        match self {
            Failure::NotFound(m) => StorageError::NotFound(m),
            Failure::Fatal(m) => StorageError::Fatal(m),
            Failure::Transient(m) | Failure::Throttled(m) if exhausted_is_fatal => {
                StorageError::Fatal(m)
            }
            Failure::Transient(m) | Failure::Throttled(m) | Failure::Permanent(m) => {
                StorageError::Other(m)
            }
        }
    }
}

/// Sorts an object_store error. Messages are made here from the status and the S3 error
/// code only: a server's error body can echo the access key or the string it signed, so it
/// is never passed on whole.
pub(crate) fn classify(e: &object_store::Error) -> Failure {
    let text = e.to_string();
    let code = s3_code(&text);
    let status = http_status(&text);
    let what = match (status, code) {
        (Some(s), Some(c)) => format!("HTTP {s} {c}"),
        (Some(s), None) => format!("HTTP {s}"),
        (None, Some(c)) => c.to_owned(),
        (None, None) => String::new(),
    };
    if code == Some("NoSuchBucket") {
        return Failure::Fatal("the bucket does not exist (NoSuchBucket)".into());
    }
    if matches!(
        code,
        Some("InvalidAccessKeyId" | "SignatureDoesNotMatch" | "ExpiredToken" | "InvalidToken")
    ) {
        return Failure::Fatal(format!(
            "the credentials were refused ({}): check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE",
            code.unwrap_or_default()
        ));
    }
    match e {
        object_store::Error::NotFound { .. } => Failure::NotFound(format!("not found ({what})")),
        object_store::Error::PermissionDenied { .. }
        | object_store::Error::Unauthenticated { .. } => Failure::Fatal(format!(
            "access denied ({what}): check the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE) and the bucket's policy"
        )),
        object_store::Error::Precondition { .. } => {
            Failure::Permanent("the object changed while it was being read (ETag differs)".into())
        }
        _ => match status {
            Some(429) => Failure::Throttled(what),
            Some(503) if code == Some("SlowDown") => Failure::Throttled(what),
            Some(s) if s >= 500 || s == 408 => Failure::Transient(what),
            Some(404) => Failure::NotFound(format!("not found ({what})")),
            Some(401 | 403) => Failure::Fatal(format!("access denied ({what})")),
            Some(_) => Failure::Permanent(what),
            None if code == Some("SlowDown") => Failure::Throttled("SlowDown".into()),
            // No status: the connection failed, timed out or was dropped.
            None => Failure::Transient(transport_words(e)),
        },
    }
}

/// The innermost cause of a transport error, in words (URLs in it carry no credentials:
/// the S3 client signs with headers, and URLs with a user name are refused earlier).
fn transport_words(e: &object_store::Error) -> String {
    let mut inner: &dyn std::error::Error = e;
    while let Some(next) = inner.source() {
        inner = next;
    }
    format!("connection failed: {inner}")
}

/// The `<Code>` of an S3 error body inside `text`.
fn s3_code(text: &str) -> Option<&str> {
    let start = text.find("<Code>")? + "<Code>".len();
    let len = text[start..].find("</Code>")?;
    let code = &text[start..start + len];
    code.bytes()
        .all(|b| b.is_ascii_alphanumeric())
        .then_some(code)
}

/// The status in object_store's "non-2xx status code: 503 Service Unavailable" wording.
fn http_status(text: &str) -> Option<u16> {
    let at = text.find("status code: ")? + "status code: ".len();
    text[at..].get(..3)?.parse().ok()
}

/// The wait before attempt `attempt` (1 for the first retry): doubling from `initial`, four
/// times longer when throttled, capped at `max`, with up to a quarter of jitter so that
/// threads throttled together do not come back together.
pub(crate) fn backoff(attempt: u32, throttled: bool, initial: Duration, max: Duration) -> Duration {
    let base = if throttled { initial * 4 } else { initial };
    let exp = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let capped = exp.min(max);
    let jitter_range = capped.as_nanos() as u64 / 4;
    let jitter = if jitter_range == 0 {
        0
    } else {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos() as u64);
        seed % jitter_range
    };
    capped - Duration::from_nanos(jitter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_statuses_are_read_from_the_wording() {
        assert_eq!(
            s3_code("... <Error><Code>SlowDown</Code><Message>x</Message>"),
            Some("SlowDown")
        );
        assert_eq!(
            http_status("Server returned non-2xx status code: 503 Service Unavailable: "),
            Some(503)
        );
        assert_eq!(http_status("connection reset"), None);
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let ms = Duration::from_millis;
        let b1 = backoff(1, false, ms(100), ms(1000));
        let b3 = backoff(3, false, ms(100), ms(1000));
        let b9 = backoff(9, false, ms(100), ms(1000));
        assert!(b1 <= ms(100) && b1 >= ms(75), "{b1:?}");
        assert!(b3 <= ms(400) && b3 >= ms(300), "{b3:?}");
        assert!(b9 <= ms(1000) && b9 >= ms(750), "{b9:?}");
        assert!(backoff(1, true, ms(100), ms(1000)) >= ms(300));
    }
}
