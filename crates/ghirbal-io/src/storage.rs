//! The seam to places that are not local paths: `s3://`, `http://`, `https://`.
//!
//! ghirbal-io names what it needs from object storage in the [`Storage`] trait and leaves the
//! client to a crate that implements it (`ghirbal-remote`, on the Arrow project's
//! `object_store`), so the readers and writers, and every crate that builds on them, build
//! without an async runtime or an HTTP stack. The binary [`install`]s one storage at start;
//! without one, a URL is read as an input that cannot be read (`error:unreadable`).
//!
//! A URL is recognised by its scheme alone ([`is_url`]); everything else is a local path.

use std::fmt;
use std::io::{self, Read, Write};
use std::sync::OnceLock;

/// One object found in storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    /// Where to read it, as the storage understands it (credentials included when the user
    /// wrote them into the URL; never shown: see [`display_url`]).
    pub url: String,
    /// Size in bytes, as the store reports it.
    pub size: u64,
    /// The store's version tag (ETag), when it gives one: `--resume` compares it.
    pub version: Option<String>,
}

/// A byte stream of one object that resumes where it broke off.
pub trait ObjectRead: Read + Send {
    /// How many times the stream was re-opened after a dropped connection or a retryable
    /// answer (5xx, throttling), for `stats.json`.
    fn retries(&self) -> u64;
}

/// An object being written; it exists under its name only once [`ObjectWrite::complete`]
/// succeeds (an S3 multipart upload completed), so a killed run never leaves a half object.
pub trait ObjectWrite: Write + Send {
    /// Uploads what is buffered and makes the object appear; returns its size in bytes.
    fn complete(self: Box<Self>) -> io::Result<u64>;
    /// Gives the upload up; nothing appears.
    fn abort(self: Box<Self>);
}

/// Bytes of an object read by a ranged request ([`Storage::read_range`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranged {
    /// The bytes asked for (fewer only when the object ends first).
    pub bytes: Vec<u8>,
    /// The version (ETag) the answer came from, to ask for the same one next time.
    pub version: Option<String>,
    /// Requests made again after a dropped connection or a retryable answer.
    pub retries: u64,
}

/// What went wrong in storage, sorted by what the run does about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// The object or prefix does not exist (an input: `error:missing_path`).
    NotFound(String),
    /// The store cannot be used at all (wrong secret, missing bucket, unknown endpoint, bad
    /// URL): the run stops with this one line and exit code 2.
    Fatal(String),
    /// Anything else that retries did not cure (an input: `error:unreadable`).
    Other(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::NotFound(m) | StorageError::Fatal(m) | StorageError::Other(m) => {
                f.write_str(m)
            }
        }
    }
}

impl std::error::Error for StorageError {}

impl From<StorageError> for io::Error {
    fn from(e: StorageError) -> io::Error {
        match e {
            StorageError::NotFound(m) => io::Error::new(io::ErrorKind::NotFound, m),
            StorageError::Fatal(m) => io::Error::new(io::ErrorKind::PermissionDenied, m),
            StorageError::Other(m) => io::Error::other(m),
        }
    }
}

/// Object storage as ghirbal uses it: list, stream, write whole objects, delete.
///
/// Every method blocks; an implementation runs its own runtime. Errors carry messages fit to
/// print: no secret ever appears in them.
pub trait Storage: Send + Sync {
    /// The objects `url` names, in byte order of their keys: the object itself; or, for a
    /// prefix (a URL ending in `/`, or one naming no object), every object under it; or, for
    /// a key with `*`, `?` or `[...]`, the objects whose keys match the glob. Hidden objects
    /// (a key segment under the prefix starting with `.`) are left out of listings, as in a
    /// local folder. An empty listing is [`StorageError::NotFound`].
    fn list(&self, url: &str) -> Result<Vec<Object>, StorageError>;
    /// Streams `object` from its first byte, resuming after failures (see [`ObjectRead`]);
    /// every resumed request asks for the version the first answer had (or `object.version`).
    fn open(&self, object: &Object) -> Result<Box<dyn ObjectRead>, StorageError>;
    /// Bytes `range` of `object`, for formats read by seeking (Parquet's footer, then its
    /// column chunks): one ranged request, retried like a stream, for the version
    /// `object.version` names when it names one (a changed object is an error).
    fn read_range(
        &self,
        object: &Object,
        range: std::ops::Range<u64>,
    ) -> Result<Ranged, StorageError>;
    /// The whole content of a small object; `Ok(None)` when it does not exist.
    fn read_all(&self, url: &str) -> Result<Option<Vec<u8>>, StorageError>;
    /// Writes a small object in one request (it appears whole or not at all).
    fn put(&self, url: &str, bytes: &[u8]) -> Result<(), StorageError>;
    /// Starts a large object written as it comes (multipart).
    fn create(&self, url: &str) -> Result<Box<dyn ObjectWrite>, StorageError>;
    /// Every object under the prefix `url` (ending in `/`), hidden ones included, by key.
    fn list_all(&self, url: &str) -> Result<Vec<Object>, StorageError>;
    /// Deletes an object; deleting one that is not there is no error.
    fn delete(&self, url: &str) -> Result<(), StorageError>;
}

static STORAGE: OnceLock<Box<dyn Storage>> = OnceLock::new();

/// Makes `storage` the one this process reads and writes URLs with. The first call wins;
/// later ones return `false` and change nothing.
pub fn install(storage: Box<dyn Storage>) -> bool {
    STORAGE.set(storage).is_ok()
}

/// The installed storage, or an error that says none is built in.
pub fn get() -> Result<&'static dyn Storage, StorageError> {
    STORAGE.get().map(|s| s.as_ref()).ok_or_else(|| {
        StorageError::Fatal("this build of ghirbal reads no URLs (no storage installed)".into())
    })
}

/// True when `place` is a URL ghirbal reads through [`Storage`] rather than a local path.
pub fn is_url(place: &str) -> bool {
    ["s3://", "http://", "https://"].iter().any(|scheme| {
        place.len() > scheme.len() && place[..scheme.len()].eq_ignore_ascii_case(scheme)
    })
}

/// `url` as it may be shown, logged or written: without user name, password or any query
/// parameter that carries a signature or a token (a presigned URL's `X-Amz-Signature`,
/// `X-Amz-Credential`, `X-Amz-Security-Token`, `sig`, `token`...).
pub fn display_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let (scheme, rest) = url.split_at(scheme_end + 3);
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let (path, query) = match tail.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (tail, None),
    };
    let mut out = format!("{scheme}{host}{path}");
    if let Some(query) = query {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|pair| {
                let key = pair.split('=').next().unwrap_or("").to_ascii_lowercase();
                ![
                    "signature",
                    "credential",
                    "token",
                    "sig",
                    "key",
                    "secret",
                    "password",
                ]
                .iter()
                .any(|s| key.contains(s))
            })
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    out
}

/// Joins a relative `name` onto a URL or path prefix `base` with one `/` between them.
pub fn join(base: &str, name: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        name.trim_start_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths_by_scheme() {
        assert!(is_url("s3://bucket/key"));
        assert!(is_url("HTTPS://host/x"));
        assert!(is_url("http://127.0.0.1:9/x.warc.gz"));
        assert!(!is_url("s3://"));
        assert!(!is_url("data/s3/x"));
        assert!(!is_url("./https:/x"));
    }

    #[test]
    fn credentials_never_survive_display() {
        assert_eq!(
            display_url("https://user:hunter2@host:8080/a/b.warc.gz"),
            "https://host:8080/a/b.warc.gz"
        );
        assert_eq!(
            display_url(
                "https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIA&X-Amz-Signature=abc&part=1"
            ),
            "https://b.s3.amazonaws.com/k?part=1"
        );
        assert_eq!(display_url("s3://bucket/prefix/"), "s3://bucket/prefix/");
        assert_eq!(display_url("local/path"), "local/path");
    }

    #[test]
    fn join_puts_one_slash_between() {
        assert_eq!(join("s3://b/out/", "kept"), "s3://b/out/kept");
        assert_eq!(join("s3://b/out", "/kept"), "s3://b/out/kept");
    }
}
