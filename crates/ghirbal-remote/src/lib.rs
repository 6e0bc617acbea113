//! Object storage for ghirbal: `s3://` and `http(s)://` places, read and written through the
//! Arrow project's `object_store` crate behind ghirbal-io's [`Storage`] trait.
//!
//! # Brief overview
//! - [`install`] builds a [`Remote`] from the AWS environment and profile files
//!   ([`Settings::from_env`]) and makes it the storage ghirbal-io reads and writes URLs with.
//! - [`Remote`] lists a prefix or a glob in byte order of the keys, streams an object with
//!   bounded memory and resumes a broken stream at the byte it reached with a ranged request
//!   (counted in [`ObjectRead::retries`]), and writes large objects as multipart uploads that
//!   appear only when completed.
//! - Every retry is made here, with one backoff policy ([`Settings`]): 5xx answers, timeouts
//!   and dropped connections are retried, throttling (429, S3 `SlowDown`) waits longer, a
//!   wrong secret or a missing bucket is [`StorageError::Fatal`] at once.
//!
//! Secrets never leave this crate: messages are built from HTTP statuses and S3 error codes,
//! never from a server's error body, and every message is scrubbed of the secret and token.
//!
//! # Why object_store
//! It is the Arrow project's (the same hands as the `parquet` crate ghirbal already builds),
//! has S3 (SigV4, multipart, ranged and conditional GETs, listing) and plain HTTP in one
//! client, a small API that has been stable across its recent releases, and an MSRV well
//! below ours. OpenDAL covers more services but brings its own layer and retry stack, and
//! broke its API often in 2025-2026; we need two services.
#![deny(missing_docs)]

mod glob;
mod retry;
mod settings;

use std::collections::HashMap;
use std::future::Future;
use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use ghirbal_io::storage::{self, Object, ObjectRead, ObjectWrite, Ranged, Storage, StorageError};
use object_store::path::Path as KeyPath;
use object_store::{
    BackoffConfig, ClientOptions, GetOptions, GetRange, ObjectStore, ObjectStoreExt, RetryConfig,
    WriteMultipart,
};

pub use settings::Settings;

use crate::retry::{Failure, backoff, classify};

/// Builds a [`Remote`] from the environment and installs it into ghirbal-io; `false` when a
/// storage was installed before.
pub fn install() -> bool {
    storage::install(Box::new(Remote::new(Settings::from_env())))
}

/// The object stores of one process: one client per bucket or HTTP origin, made on first use,
/// and the runtime their requests run on.
pub struct Remote {
    settings: Settings,
    runtime: OnceLock<tokio::runtime::Runtime>,
    stores: Mutex<HashMap<String, Stores>>,
}

/// A place's clients: reads go through one without retries of its own (they are made and
/// counted here), part uploads through one that retries them itself (a part cannot be sent
/// again from outside without taking a new part number).
#[derive(Clone)]
struct Stores {
    read: Arc<dyn ObjectStore>,
    write: Arc<dyn ObjectStore>,
}

/// A URL taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// `s3://bucket/key`.
    S3 { bucket: String, key: String },
    /// `http(s)://host[:port]/path`: `origin` is the scheme and authority.
    Http { origin: String, path: String },
}

impl Place {
    fn parse(url: &str) -> Result<Place, StorageError> {
        let bad = |why: &str| StorageError::Fatal(format!("{}: {why}", storage::display_url(url)));
        let (scheme, rest) = url.split_once("://").ok_or_else(|| bad("not a URL"))?;
        match scheme.to_ascii_lowercase().as_str() {
            "s3" => {
                let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
                if bucket.is_empty() {
                    return Err(bad("no bucket in the URL"));
                }
                Ok(Place::S3 {
                    bucket: bucket.to_owned(),
                    key: key.to_owned(),
                })
            }
            "http" | "https" => {
                let end = rest.find('/').unwrap_or(rest.len());
                let (authority, path) = rest.split_at(end);
                if authority.is_empty() {
                    return Err(bad("no host in the URL"));
                }
                if authority.contains('@') {
                    return Err(bad(
                        "credentials in an http(s) URL are not accepted; use a presigned URL or s3://",
                    ));
                }
                if path.contains(['?', '#']) {
                    return Err(bad("query strings are not supported in http(s) inputs"));
                }
                Ok(Place::Http {
                    origin: format!("{scheme}://{authority}"),
                    path: path.trim_start_matches('/').to_owned(),
                })
            }
            _ => Err(bad("unknown scheme (s3, http and https are read)")),
        }
    }

    /// The key or path inside the store.
    fn key(&self) -> &str {
        match self {
            Place::S3 { key, .. } => key,
            Place::Http { path, .. } => path,
        }
    }

    /// The URL of `key` in the same store.
    fn url_of(&self, key: &str) -> String {
        match self {
            Place::S3 { bucket, .. } => format!("s3://{bucket}/{key}"),
            Place::Http { origin, .. } => format!("{origin}/{key}"),
        }
    }

    fn cache_key(&self) -> String {
        match self {
            Place::S3 { bucket, .. } => format!("s3://{bucket}"),
            Place::Http { origin, .. } => origin.clone(),
        }
    }
}

fn key_path(key: &str) -> KeyPath {
    KeyPath::parse(key).unwrap_or_else(|_| KeyPath::from(key))
}

impl Remote {
    /// A storage with these settings; no thread or connection is made before the first use.
    pub fn new(settings: Settings) -> Remote {
        Remote {
            settings,
            runtime: OnceLock::new(),
            stores: Mutex::new(HashMap::new()),
        }
    }

    fn runtime(&self) -> &tokio::runtime::Runtime {
        self.runtime.get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("ghirbal-remote")
                .enable_all()
                .build()
                .expect("a tokio runtime can be built (threads and a timer)")
        })
    }

    fn stores(&self, place: &Place) -> Result<Stores, StorageError> {
        let cache_key = place.cache_key();
        let mut cache = self.stores.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = cache.get(&cache_key) {
            return Ok(s.clone());
        }
        let s = &self.settings;
        let options = ClientOptions::new()
            .with_connect_timeout(s.connect_timeout)
            .with_read_timeout(s.read_timeout)
            // A multi-GB object streams for minutes: only silence ends a request.
            .with_timeout_disabled();
        let no_retries = RetryConfig {
            max_retries: 0,
            ..RetryConfig::default()
        };
        let part_retries = RetryConfig {
            max_retries: s.max_retries as usize,
            backoff: BackoffConfig {
                init_backoff: s.backoff_initial,
                max_backoff: s.backoff_max,
                base: 2.0,
            },
            retry_timeout: Duration::from_secs(300),
        };
        let build = |retry: RetryConfig| -> Result<Arc<dyn ObjectStore>, StorageError> {
            let store: Arc<dyn ObjectStore> = match place {
                Place::S3 { bucket, .. } => {
                    let mut b = object_store::aws::AmazonS3Builder::new()
                        .with_bucket_name(bucket)
                        .with_region(&s.region)
                        .with_retry(retry)
                        .with_client_options(options.clone());
                    if let Some(endpoint) = &s.endpoint {
                        b = b
                            .with_endpoint(endpoint)
                            .with_allow_http(endpoint.starts_with("http://"));
                    }
                    match &s.credentials {
                        Some(c) => {
                            b = b
                                .with_access_key_id(&c.key_id)
                                .with_secret_access_key(&c.secret);
                            if let Some(t) = &c.token {
                                b = b.with_token(t);
                            }
                        }
                        None => b = b.with_skip_signature(true),
                    }
                    Arc::new(b.build().map_err(|e| self.fatal_setup(place, &e))?)
                }
                Place::Http { origin, .. } => Arc::new(
                    object_store::http::HttpBuilder::new()
                        .with_url(origin)
                        .with_retry(retry)
                        .with_client_options(
                            options
                                .clone()
                                .with_allow_http(origin.starts_with("http://")),
                        )
                        .build()
                        .map_err(|e| self.fatal_setup(place, &e))?,
                ),
            };
            Ok(store)
        };
        let stores = Stores {
            read: build(no_retries)?,
            write: build(part_retries)?,
        };
        cache.insert(cache_key, stores.clone());
        Ok(stores)
    }

    fn fatal_setup(&self, place: &Place, e: &object_store::Error) -> StorageError {
        StorageError::Fatal(self.scrub(format!(
            "cannot set up a client for {}: {e}",
            storage::display_url(&place.cache_key())
        )))
    }

    /// Removes every secret from a message.
    fn scrub(&self, mut message: String) -> String {
        for secret in self.settings.secrets() {
            message = message.replace(&secret, "***");
        }
        message
    }

    fn error(&self, url: &str, failure: Failure, exhausted_is_fatal: bool) -> StorageError {
        match failure.into_error(exhausted_is_fatal) {
            StorageError::NotFound(m) => {
                StorageError::NotFound(self.scrub(format!("{}: {m}", storage::display_url(url))))
            }
            StorageError::Fatal(m) => {
                StorageError::Fatal(self.scrub(format!("{}: {m}", storage::display_url(url))))
            }
            StorageError::Other(m) => {
                StorageError::Other(self.scrub(format!("{}: {m}", storage::display_url(url))))
            }
        }
    }

    /// Runs `op` until it succeeds, fails for good, or retries run out.
    fn attempt<T, F, Fut>(&self, url: &str, listing: bool, op: F) -> Result<T, StorageError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = object_store::Result<T>>,
    {
        let mut failures = 0;
        self.attempt_counted(url, listing, &mut failures, op)
    }

    /// [`Remote::attempt`], counting the attempts made again in `failures`.
    fn attempt_counted<T, F, Fut>(
        &self,
        url: &str,
        listing: bool,
        failures: &mut u32,
        mut op: F,
    ) -> Result<T, StorageError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = object_store::Result<T>>,
    {
        let failures_before = *failures;
        loop {
            match self.runtime().block_on(op()) {
                Ok(v) => return Ok(v),
                Err(e) => {
                    let failure = classify(&e);
                    let in_a_row = *failures - failures_before;
                    if failure.retryable() && in_a_row < self.settings.max_retries {
                        *failures += 1;
                        std::thread::sleep(self.wait(in_a_row + 1, &failure));
                        continue;
                    }
                    return Err(self.error(url, failure, listing));
                }
            }
        }
    }

    fn wait(&self, attempt: u32, failure: &Failure) -> Duration {
        backoff(
            attempt,
            matches!(failure, Failure::Throttled(_)),
            self.settings.backoff_initial,
            self.settings.backoff_max,
        )
    }

    /// Every object under `prefix` (a key prefix ending at a `/`, or empty), by key.
    fn list_prefix(
        &self,
        url: &str,
        place: &Place,
        prefix: &str,
    ) -> Result<Vec<object_store::ObjectMeta>, StorageError> {
        let store = self.stores(place)?.read;
        let prefix = prefix.trim_end_matches('/');
        let mut all = self.attempt(url, true, || {
            let store = store.clone();
            let prefix = (!prefix.is_empty()).then(|| key_path(prefix));
            async move { store.list(prefix.as_ref()).try_collect::<Vec<_>>().await }
        })?;
        all.sort_by(|a, b| a.location.as_ref().cmp(b.location.as_ref()));
        Ok(all)
    }

    fn object(place: &Place, meta: &object_store::ObjectMeta) -> Object {
        Object {
            url: place.url_of(meta.location.as_ref()),
            size: meta.size,
            version: meta.e_tag.clone(),
        }
    }
}

/// The path of an object inside its store (an HTTP path is percent-encoded as given).
fn object_path(place: &Place) -> KeyPath {
    match place {
        Place::Http { path, .. } => KeyPath::from_url_path(path).unwrap_or_else(|_| key_path(path)),
        Place::S3 { key, .. } => key_path(key),
    }
}

/// True when a segment of `key` after `prefix` starts with `.`.
fn hidden(key: &str, prefix: &str) -> bool {
    let rest = key.strip_prefix(prefix).unwrap_or(key);
    rest.split('/').any(|seg| seg.starts_with('.'))
}

impl Storage for Remote {
    fn list(&self, url: &str) -> Result<Vec<Object>, StorageError> {
        let place = Place::parse(url)?;
        let key = place.key().to_owned();
        if let Place::Http { .. } = place {
            if glob::literal_prefix(&key).is_some() || key.is_empty() || key.ends_with('/') {
                return Err(StorageError::Fatal(format!(
                    "{}: an http(s) URL names one file (no listing or globs over HTTP; use --paths)",
                    storage::display_url(url)
                )));
            }
            let store = self.stores(&place)?.read;
            let meta = self.attempt(url, true, || {
                let store = store.clone();
                let path = KeyPath::from_url_path(&key).unwrap_or_else(|_| key_path(&key));
                async move { store.head(&path).await }
            })?;
            return Ok(vec![Object {
                url: url.to_owned(),
                size: meta.size,
                version: meta.e_tag,
            }]);
        }
        if let Some(prefix) = glob::literal_prefix(&key) {
            let found: Vec<Object> = self
                .list_prefix(url, &place, prefix)?
                .iter()
                .filter(|m| glob::matches(&key, m.location.as_ref()))
                .filter(|m| !hidden(m.location.as_ref(), prefix))
                .map(|m| Remote::object(&place, m))
                .collect();
            if found.is_empty() {
                return Err(StorageError::NotFound(format!(
                    "{}: no object matches",
                    storage::display_url(url)
                )));
            }
            return Ok(found);
        }
        if !key.is_empty() && !key.ends_with('/') {
            let store = self.stores(&place)?.read;
            let head = self.attempt(url, true, || {
                let store = store.clone();
                let path = key_path(&key);
                async move { store.head(&path).await }
            });
            match head {
                Ok(meta) => return Ok(vec![Remote::object(&place, &meta)]),
                Err(StorageError::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        let prefix = if key.is_empty() || key.ends_with('/') {
            key.clone()
        } else {
            format!("{key}/")
        };
        let found: Vec<Object> = self
            .list_prefix(url, &place, &prefix)?
            .iter()
            .filter(|m| !hidden(m.location.as_ref(), &prefix))
            .map(|m| Remote::object(&place, m))
            .collect();
        if found.is_empty() {
            return Err(StorageError::NotFound(format!(
                "{}: no such object or prefix",
                storage::display_url(url)
            )));
        }
        Ok(found)
    }

    fn list_all(&self, url: &str) -> Result<Vec<Object>, StorageError> {
        let place = Place::parse(url)?;
        let prefix = place.key().to_owned();
        Ok(self
            .list_prefix(url, &place, &prefix)?
            .iter()
            .map(|m| Remote::object(&place, m))
            .collect())
    }

    fn open(&self, object: &Object) -> Result<Box<dyn ObjectRead>, StorageError> {
        let place = Place::parse(&object.url)?;
        let path = object_path(&place);
        Ok(Box::new(ObjectReader {
            remote: self.clone_handle(),
            store: self.stores(&place)?.read,
            url: object.url.clone(),
            path,
            size: object.size,
            version: object.version.clone(),
            offset: 0,
            stream: None,
            chunk: Bytes::new(),
            failures: 0,
            retries: 0,
        }))
    }

    fn read_range(
        &self,
        object: &Object,
        range: std::ops::Range<u64>,
    ) -> Result<Ranged, StorageError> {
        if range.start >= range.end {
            return Ok(Ranged {
                bytes: Vec::new(),
                version: object.version.clone(),
                retries: 0,
            });
        }
        let place = Place::parse(&object.url)?;
        let store = self.stores(&place)?.read;
        let path = object_path(&place);
        let mut retries = 0;
        let (bytes, version) = self.attempt_counted(&object.url, false, &mut retries, || {
            let store = store.clone();
            let path = path.clone();
            let options = GetOptions {
                range: Some(GetRange::Bounded(range.clone())),
                if_match: object.version.clone(),
                ..GetOptions::default()
            };
            async move {
                let got = store.get_opts(&path, options).await?;
                let version = got.meta.e_tag.clone();
                Ok((got.bytes().await?, version))
            }
        })?;
        Ok(Ranged {
            bytes: bytes.to_vec(),
            version: object.version.clone().or(version),
            retries: u64::from(retries),
        })
    }

    fn read_all(&self, url: &str) -> Result<Option<Vec<u8>>, StorageError> {
        let place = Place::parse(url)?;
        let store = self.stores(&place)?.read;
        let key = place.key().to_owned();
        let got = self.attempt(url, true, || {
            let store = store.clone();
            let path = key_path(&key);
            async move { store.get(&path).await?.bytes().await }
        });
        match got {
            Ok(bytes) => Ok(Some(bytes.to_vec())),
            Err(StorageError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn put(&self, url: &str, bytes: &[u8]) -> Result<(), StorageError> {
        let place = Place::parse(url)?;
        let store = self.stores(&place)?.read;
        let key = place.key().to_owned();
        let payload = Bytes::copy_from_slice(bytes);
        self.attempt(url, true, || {
            let store = store.clone();
            let path = key_path(&key);
            let payload = payload.clone();
            async move { store.put(&path, payload.into()).await }
        })
        .map(|_| ())
    }

    fn create(&self, url: &str) -> Result<Box<dyn ObjectWrite>, StorageError> {
        let place = Place::parse(url)?;
        let store = self.stores(&place)?.write;
        let key = place.key().to_owned();
        let upload = self.attempt(url, true, || {
            let store = store.clone();
            let path = key_path(&key);
            async move { store.put_multipart(&path).await }
        })?;
        Ok(Box::new(ObjectWriter {
            remote: self.clone_handle(),
            url: url.to_owned(),
            upload: Some(WriteMultipart::new_with_chunk_size(
                upload,
                self.settings.part_bytes,
            )),
            bytes: 0,
        }))
    }

    fn delete(&self, url: &str) -> Result<(), StorageError> {
        let place = Place::parse(url)?;
        let store = self.stores(&place)?.read;
        let key = place.key().to_owned();
        match self.attempt(url, true, || {
            let store = store.clone();
            let path = key_path(&key);
            async move { store.delete(&path).await }
        }) {
            Ok(()) | Err(StorageError::NotFound(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

/// What a reader or writer needs of its [`Remote`]: the runtime and the policy.
#[derive(Clone)]
struct Handle {
    runtime: tokio::runtime::Handle,
    settings: Settings,
}

impl Remote {
    fn clone_handle(&self) -> Handle {
        Handle {
            runtime: self.runtime().handle().clone(),
            settings: self.settings.clone(),
        }
    }
}

impl Handle {
    fn scrub(&self, mut message: String) -> String {
        for secret in self.settings.secrets() {
            message = message.replace(&secret, "***");
        }
        message
    }
}

/// A resuming stream of one object: on a failure it waits, then asks for the rest from the
/// byte it reached (`Range: bytes=N-`, `If-Match` the listed ETag, so a changed object is an
/// error rather than a splice of two versions).
struct ObjectReader {
    remote: Handle,
    store: Arc<dyn ObjectStore>,
    url: String,
    path: KeyPath,
    size: u64,
    version: Option<String>,
    offset: u64,
    stream: Option<BoxStream<'static, object_store::Result<Bytes>>>,
    chunk: Bytes,
    /// Failures since bytes last came.
    failures: u32,
    retries: u64,
}

impl ObjectReader {
    /// Counts a failure and waits before the next attempt, or gives up with an error.
    fn failed(&mut self, failure: Failure) -> io::Result<()> {
        self.stream = None;
        let settings = &self.remote.settings;
        if failure.retryable() && self.failures < settings.max_retries {
            self.failures += 1;
            self.retries += 1;
            std::thread::sleep(backoff(
                self.failures,
                matches!(failure, Failure::Throttled(_)),
                settings.backoff_initial,
                settings.backoff_max,
            ));
            return Ok(());
        }
        let tries = if failure.retryable() {
            format!(" after {} attempts", self.failures + 1)
        } else {
            String::new()
        };
        let message = match failure {
            Failure::Transient(m)
            | Failure::Throttled(m)
            | Failure::NotFound(m)
            | Failure::Fatal(m)
            | Failure::Permanent(m) => m,
        };
        Err(io::Error::other(self.remote.scrub(format!(
            "{}: {message}{tries}, at byte {} of {}",
            storage::display_url(&self.url),
            self.offset,
            self.size
        ))))
    }

    fn open_stream(&mut self) -> Result<(), Failure> {
        let options = GetOptions {
            range: (self.offset > 0).then_some(GetRange::Offset(self.offset)),
            if_match: self.version.clone(),
            ..GetOptions::default()
        };
        let store = self.store.clone();
        let path = self.path.clone();
        let got = self
            .remote
            .runtime
            .block_on(async move { store.get_opts(&path, options).await });
        match got {
            Ok(result) => {
                // Later ranges must come from this same version of the object.
                if self.version.is_none() {
                    self.version = result.meta.e_tag.clone();
                }
                self.stream = Some(result.into_stream());
                Ok(())
            }
            Err(e) => Err(classify(&e)),
        }
    }
}

impl Read for ObjectReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if !self.chunk.is_empty() {
                let n = buf.len().min(self.chunk.len());
                buf[..n].copy_from_slice(&self.chunk.split_to(n));
                self.offset += n as u64;
                self.failures = 0;
                return Ok(n);
            }
            if buf.is_empty() || self.offset >= self.size {
                return Ok(0);
            }
            if self.stream.is_none() {
                if let Err(f) = self.open_stream() {
                    self.failed(f)?;
                }
                continue;
            }
            let Some(stream) = self.stream.as_mut() else {
                continue;
            };
            match self.remote.runtime.block_on(stream.next()) {
                Some(Ok(bytes)) => self.chunk = bytes,
                Some(Err(e)) => self.failed(classify(&e))?,
                None => {
                    let at = self.offset;
                    self.failed(Failure::Transient(format!(
                        "the connection ended at byte {at}"
                    )))?
                }
            }
        }
    }
}

impl ObjectRead for ObjectReader {
    fn retries(&self) -> u64 {
        self.retries
    }
}

/// A multipart upload fed by `write`; at most two parts are in flight, so it holds at most
/// three parts of memory.
struct ObjectWriter {
    remote: Handle,
    url: String,
    upload: Option<WriteMultipart>,
    bytes: u64,
}

impl ObjectWriter {
    fn io_error(&self, e: &object_store::Error) -> io::Error {
        let message = match classify(e) {
            Failure::Transient(m)
            | Failure::Throttled(m)
            | Failure::NotFound(m)
            | Failure::Fatal(m)
            | Failure::Permanent(m) => m,
        };
        io::Error::other(
            self.remote
                .scrub(format!("{}: {message}", storage::display_url(&self.url))),
        )
    }
}

impl Write for ObjectWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let runtime = self.remote.runtime.clone();
        let Some(upload) = self.upload.as_mut() else {
            return Err(io::Error::other("the upload is closed"));
        };
        let _context = runtime.enter();
        if let Err(e) = runtime.block_on(upload.wait_for_capacity(2)) {
            return Err(self.io_error(&e));
        }
        upload.write(buf);
        self.bytes += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl ObjectWrite for ObjectWriter {
    fn complete(mut self: Box<Self>) -> io::Result<u64> {
        let Some(upload) = self.upload.take() else {
            return Err(io::Error::other("the upload is closed"));
        };
        let runtime = self.remote.runtime.clone();
        let _context = runtime.enter();
        match runtime.block_on(upload.finish()) {
            Ok(_) => Ok(self.bytes),
            Err(e) => Err(self.io_error(&e)),
        }
    }

    fn abort(mut self: Box<Self>) {
        if let Some(upload) = self.upload.take() {
            let runtime = self.remote.runtime.clone();
            let _context = runtime.enter();
            let _ = runtime.block_on(upload.abort());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_parse() {
        assert_eq!(
            Place::parse("s3://b/crawl/x.gz").unwrap(),
            Place::S3 {
                bucket: "b".into(),
                key: "crawl/x.gz".into()
            }
        );
        assert_eq!(
            Place::parse("s3://b").unwrap(),
            Place::S3 {
                bucket: "b".into(),
                key: "".into()
            }
        );
        assert_eq!(
            Place::parse("http://127.0.0.1:8080/a/b.warc.gz").unwrap(),
            Place::Http {
                origin: "http://127.0.0.1:8080".into(),
                path: "a/b.warc.gz".into()
            }
        );
        let e = Place::parse("https://u:secret@host/x").unwrap_err();
        assert!(!e.to_string().contains("secret"), "{e}");
        assert!(matches!(
            Place::parse("ftp://x/y"),
            Err(StorageError::Fatal(_))
        ));
    }

    #[test]
    fn hidden_segments_below_the_prefix() {
        assert!(hidden("crawl/.tmp/x", "crawl/"));
        assert!(hidden("crawl/.x", "crawl/"));
        assert!(!hidden(".base/crawl/x", ".base/"));
    }
}
