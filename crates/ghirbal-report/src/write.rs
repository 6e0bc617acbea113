//! Reads an output folder once, counts its tokens, and writes `report.html` (and, for an
//! existing folder, the token counts into `stats.json`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crossbeam_channel::{bounded, unbounded};
use ghirbal_core::{RunStats, TokenCounts};
use ghirbal_io::output::{Part, read_output};
use ghirbal_io::storage;

use crate::profile::{Profile, TokenKey};
use crate::tokens::{TOKENIZER, TokenCounter};

/// Kept records sent to a token-counting thread at once.
const TOKEN_BATCH: usize = 256;
/// Batches waiting for a token-counting thread; when full, reading the output waits, so at
/// most this many batches of text are held at once.
const TOKEN_QUEUE: usize = 4;
/// Sources listed by name in `stats.json`'s token counts; the others are summed as `(other)`.
pub const TOKEN_SOURCES_LISTED: usize = 1000;

/// Why a report could not be made. A row that cannot be read back is not one: it is counted
/// in the report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// `OUT/stats.json` is missing or does not parse: OUT is not a finished output folder.
    #[error("{path}: not a ghirbal output folder ({message})")]
    NotAnOutput {
        /// The `stats.json` looked for.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

/// What a finished report says in brief.
#[derive(Debug, Clone)]
pub struct ReportSummary {
    /// Where `report.html` was written.
    pub path: PathBuf,
    /// What was gathered from the rows.
    pub profile: Profile,
}

/// Reads `out`'s rows, sets `stats.tokens`, and writes `out/report.html` from `stats` and the
/// rows. The caller writes `stats.json` (the run does, with the rest of its stats). `out` may
/// be a URL (`s3://bucket/out`): the rows are read and the page written through ghirbal-io's
/// installed storage, so a remote output gets the same report as a local one.
///
/// # Errors
/// The output folder cannot be listed or `report.html` cannot be written.
pub fn write_report(out: &Path, stats: &mut RunStats) -> Result<ReportSummary, ReportError> {
    let mut profile = gather(out)?;
    profile.finish();
    stats.tokens = Some(token_counts(&profile));
    let title = match remote(out) {
        Some(url) => storage::display_url(&url),
        None => out
            .canonicalize()
            .unwrap_or_else(|_| out.to_path_buf())
            .display()
            .to_string(),
    };
    let page = crate::html::render(&title, stats, &profile);
    let path = place(out, "report.html");
    write_whole(&path, page.as_bytes()).map_err(|source| ReportError::Io {
        path: shown(&path),
        source,
    })?;
    Ok(ReportSummary {
        path: shown(&path),
        profile,
    })
}

/// `out` as a URL when it is one (an output in object storage).
fn remote(out: &Path) -> Option<String> {
    let place = out.to_string_lossy();
    storage::is_url(&place).then(|| place.trim_end_matches('/').to_owned())
}

/// The file `name` at the top of `out`, a folder or a URL.
fn place(out: &Path, name: &str) -> PathBuf {
    match remote(out) {
        Some(url) => PathBuf::from(storage::join(&url, name)),
        None => out.join(name),
    }
}

/// A path or URL as it may be shown (no credentials).
fn shown(path: &Path) -> PathBuf {
    PathBuf::from(storage::display_url(&path.to_string_lossy()))
}

/// The whole of a small file: `None` when it is not there.
fn read_whole(path: &Path) -> io::Result<Option<Vec<u8>>> {
    let name = path.to_string_lossy();
    if storage::is_url(&name) {
        return storage::get()
            .and_then(|s| s.read_all(&name))
            .map_err(io::Error::from);
    }
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes a file whole: a temporary name then a rename, or one PUT of an object.
fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path.to_string_lossy();
    if storage::is_url(&name) {
        return storage::get()
            .and_then(|s| s.put(&name, bytes))
            .map_err(io::Error::from);
    }
    write_atomic(path, bytes)
}

/// `ghirbal report OUT`: reads `OUT/stats.json`, writes `OUT/report.html`, and writes the
/// token counts back into `OUT/stats.json`.
///
/// # Errors
/// `OUT/stats.json` is missing or does not parse, or a file cannot be read or written.
pub fn report_folder(out: &Path) -> Result<(RunStats, ReportSummary), ReportError> {
    let path = place(out, "stats.json");
    let not_an_output = |message: String| ReportError::NotAnOutput {
        path: shown(&path),
        message,
    };
    let text = read_whole(&path)
        .map_err(|e| not_an_output(e.to_string()))?
        .ok_or_else(|| not_an_output("no stats.json".into()))?;
    let mut stats: RunStats =
        serde_json::from_slice(&text).map_err(|e| not_an_output(e.to_string()))?;
    let summary = write_report(out, &mut stats)?;
    let json = serde_json::to_vec_pretty(&stats).map_err(|e| ReportError::Io {
        path: shown(&path),
        source: io::Error::other(e),
    })?;
    write_whole(&path, &json).map_err(|source| ReportError::Io {
        path: shown(&path),
        source,
    })?;
    Ok((stats, summary))
}

/// One pass over `kept/` then `rejects/`; the kept texts' tokens are counted on other threads.
fn gather(out: &Path) -> Result<Profile, ReportError> {
    let list_error = |part: Part| {
        let path = shown(&place(out, part.dir_name()));
        move |source| ReportError::Io { path, source }
    };
    let kept = read_output(out, Part::Kept).map_err(list_error(Part::Kept))?;
    let rejects = read_output(out, Part::Rejects).map_err(list_error(Part::Rejects))?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut profile = Profile::default();
    let (jobs, job_rx) = bounded::<Vec<(TokenKey, String)>>(TOKEN_QUEUE);
    let (done_tx, done) = unbounded::<Vec<(TokenKey, u64)>>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let job_rx = job_rx.clone();
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                let mut counter = TokenCounter::new();
                for batch in job_rx {
                    let counted = batch
                        .into_iter()
                        .map(|(key, text)| (key, counter.count(&text) as u64))
                        .collect();
                    if done_tx.send(counted).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let mut batch = Vec::with_capacity(TOKEN_BATCH);
        for item in kept.chain(rejects) {
            match item {
                Ok(row) => {
                    if let Some(key) = profile.add(&row) {
                        batch.push((key, row.record.text));
                    }
                }
                Err(e) => profile.add_unreadable(e.reason.as_str()),
            }
            if batch.len() == TOKEN_BATCH {
                // Workers hold the receiver until `jobs` is dropped, so this cannot fail.
                let _ = jobs.send(std::mem::take(&mut batch));
                for counted in done.try_iter() {
                    for (key, n) in counted {
                        profile.add_tokens(&key, n);
                    }
                }
            }
        }
        if !batch.is_empty() {
            let _ = jobs.send(batch);
        }
        drop(jobs);
        for counted in done.iter() {
            for (key, n) in counted {
                profile.add_tokens(&key, n);
            }
        }
    });
    Ok(profile)
}

/// The token counts `stats.json` holds, from what was gathered.
fn token_counts(p: &Profile) -> TokenCounts {
    let mut sources: Vec<(&String, u64)> = p
        .sources
        .iter()
        .filter(|(_, s)| s.kept > 0)
        .map(|(k, s)| (k, s.tokens))
        .collect();
    sources.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut by_source: std::collections::BTreeMap<String, u64> = sources
        .iter()
        .take(TOKEN_SOURCES_LISTED)
        .map(|(k, n)| ((*k).clone(), *n))
        .collect();
    let rest: u64 = sources.iter().skip(TOKEN_SOURCES_LISTED).map(|s| s.1).sum();
    if sources.len() > TOKEN_SOURCES_LISTED {
        by_source.insert("(other)".to_owned(), rest);
    }
    TokenCounts {
        tokenizer: TOKENIZER.to_owned(),
        kept: p.kept_tokens,
        by_lang: p.langs.iter().map(|(k, l)| (k.clone(), l.tokens)).collect(),
        by_source,
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path)
}
