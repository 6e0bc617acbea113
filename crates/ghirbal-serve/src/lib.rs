//! `ghirbal serve OUT`: a local, read-only web UI over an output folder and its search index.
//!
//! # Brief overview
//! - [`serve`] opens `OUT/index/` (built by `ghirbal index`) and answers on one address,
//!   127.0.0.1 unless told otherwise; [`router`] is the same application for tests.
//! - Pages: search (`/`), a record (`/record?id=`), rejects by reason with paging
//!   (`/rejects`, `/rejects?reason=`), the run's report (`/report`), one style sheet.
//! - Safety: every piece of record content is escaped ([`html`]); no page holds a script and
//!   the Content-Security-Policy allows none; URLs only become links when they are http(s);
//!   no path of a request names a file (the only file read besides the index is
//!   `OUT/report.html`), so nothing outside OUT can be served; only GET and HEAD, no body,
//!   URIs of at most [`MAX_URI_BYTES`], at most [`PAGE_SIZE`] hits a page and [`MAX_PAGE`]
//!   pages; [`Limits`] on connections (a cap, a header timeout, a lifetime).
#![deny(missing_docs)]

pub mod html;
mod pages;

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ghirbal_search::Searchable;

/// The longest request URI accepted, in bytes (longer: 414).
pub const MAX_URI_BYTES: usize = 8192;
/// Hits on one page of results.
pub const PAGE_SIZE: usize = 20;
/// The last page that can be asked for.
pub const MAX_PAGE: usize = 500;

/// The policy of the UI's pages: no script from anywhere, styles from the server only.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
                       form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/// The policy of `/report`: the report's own (inline styles and SVG, nothing else).
pub const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                              base-uri 'none'; frame-ancestors 'none'";

/// Why the UI could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The index could not be opened (or there is none).
    #[error(transparent)]
    Index(#[from] ghirbal_search::IndexError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: io::Error,
    },
    /// The server failed while running.
    #[error("server: {0}")]
    Io(#[from] io::Error),
}

/// What every request reads: the output folder and its open index.
pub struct App {
    out: PathBuf,
    search: Searchable,
}

impl App {
    /// Opens the index of `out`.
    ///
    /// # Errors
    /// There is no index in `out`, or it cannot be opened.
    pub fn open(out: &Path) -> Result<App, ServeError> {
        Ok(App {
            out: out.to_path_buf(),
            search: Searchable::open(out)?,
        })
    }
}

/// The UI's routes, with the request guard and the security headers on every response.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(pages::search))
        .route("/record", get(pages::record))
        .route("/rejects", get(pages::rejects))
        .route("/report", get(pages::report))
        .route("/style.css", get(style))
        .fallback(pages::not_found)
        .with_state(app)
        .layer(middleware::from_fn(guard))
}

/// How long and how many connections the server holds: a client that sends its request
/// headers slowly, or never reads its answer, cannot keep a connection (or all of them).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections served at once; one more is answered 503 and closed.
    pub max_connections: usize,
    /// Time a client has to send a request's headers, from its first byte; then the
    /// connection is closed.
    pub header_timeout: Duration,
    /// The longest a connection lives, keep-alive included; then it is closed.
    pub connection_timeout: Duration,
}

impl Default for Limits {
    /// 64 connections, 10 s for the headers, 5 minutes a connection: a browser opens a few,
    /// each page is milliseconds.
    fn default() -> Limits {
        Limits {
            max_connections: 64,
            header_timeout: Duration::from_secs(10),
            connection_timeout: Duration::from_secs(300),
        }
    }
}

/// Serves `out` on `addr` until the process ends, with the default [`Limits`]; `ready` is
/// told the address bound (port 0 picks a free one).
///
/// # Errors
/// The index cannot be opened, the address cannot be bound, or the server fails.
pub fn serve(
    out: &Path,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    serve_with(out, addr, Limits::default(), ready)
}

/// [`serve`] with these limits.
///
/// # Errors
/// The index cannot be opened, the address cannot be bound, or the server fails.
pub fn serve_with(
    out: &Path,
    addr: SocketAddr,
    limits: Limits,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let app = Arc::new(App::open(out)?);
    // Two workers: pages are small and a search is milliseconds; the UI is for one person.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServeError::Bind { addr, source })?;
        ready(listener.local_addr()?);
        accept_loop(listener, router(app), limits).await
    })
}

/// Accepts connections and serves each on its own task, within `limits`.
async fn accept_loop(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
) -> Result<(), ServeError> {
    let permits = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: wait for connections to end, go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            tokio::spawn(busy(stream));
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            // An error is the client's (a reset, a bad request line): nothing to report.
            let _ = tokio::time::timeout(limits.connection_timeout, connection).await;
            drop(permit);
        });
    }
}

/// The answer to a connection beyond the cap: 503, then close.
async fn busy(mut stream: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt;
    let body = "busy: too many connections, try again";
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n\
         content-length: {}\r\nconnection: close\r\nretry-after: 1\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.write_all(answer.as_bytes())).await;
}

/// Refuses what a read-only UI never needs (other methods, bodies, long URIs) and sets the
/// security headers on every answer.
async fn guard(req: Request, next: Next) -> Response {
    let refused = if req.method() != Method::GET && req.method() != Method::HEAD {
        Some((StatusCode::METHOD_NOT_ALLOWED, "read-only: GET only"))
    } else if req.uri().to_string().len() > MAX_URI_BYTES {
        Some((StatusCode::URI_TOO_LONG, "request URI too long"))
    } else if has_body(&req) {
        Some((StatusCode::PAYLOAD_TOO_LARGE, "no request body is accepted"))
    } else {
        None
    };
    let mut res = match refused {
        Some((status, why)) => (status, why).into_response(),
        None => next.run(req).await,
    };
    let h = res.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// True when the request declares a body (a length above 0, or chunked).
fn has_body(req: &Request) -> bool {
    let h = req.headers();
    let length = h
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() != "0");
    length || h.contains_key(header::TRANSFER_ENCODING)
}

async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        Body::from(html::STYLE),
    )
        .into_response()
}
