//! The progress display: a bar on stderr when it is a terminal; when it is not (a log file, a
//! pipe, a batch job), one line every few seconds: records, records/s, pass k/n.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ghirbal_pipeline::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Seconds between two progress lines when stderr is not a terminal, unless
/// `GHIRBAL_PROGRESS_SECS` says otherwise.
const LINE_EVERY_SECS: f64 = 5.0;

/// An indicatif bar behind the pipeline's [`Progress`] seam, or progress lines.
pub struct Bar {
    bar: ProgressBar,
    records: AtomicU64,
    by_bytes: AtomicBool,
    /// Set when stderr is not a terminal (and not quiet): lines instead of a bar.
    lines: Option<Lines>,
}

/// Progress as lines on stderr, one every `every`.
struct Lines {
    every: Duration,
    state: Mutex<LineState>,
}

struct LineState {
    /// `pass k/n`.
    pass: String,
    started: Instant,
    last: Instant,
    total_bytes: u64,
    bytes: u64,
    records: u64,
}

impl Lines {
    fn from_env() -> Lines {
        let secs = std::env::var("GHIRBAL_PROGRESS_SECS")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .unwrap_or(LINE_EVERY_SECS);
        let now = Instant::now();
        Lines {
            every: Duration::from_secs_f64(secs),
            state: Mutex::new(LineState {
                pass: "pass 1/1".into(),
                started: now,
                last: now,
                total_bytes: 0,
                bytes: 0,
                records: 0,
            }),
        }
    }

    fn begin(&self, label: &str, total_bytes: u64) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        // The run's one pass is labelled `run`; a multi-pass run's `pass k/n`.
        st.pass = if label.starts_with("pass ") {
            label.to_owned()
        } else {
            "pass 1/1".to_owned()
        };
        st.started = now;
        st.last = now;
        st.total_bytes = total_bytes;
        st.bytes = 0;
        st.records = 0;
    }

    fn advance(&self, bytes: u64, records: u64) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.bytes += bytes;
        st.records += records;
        let now = Instant::now();
        if now.duration_since(st.last) < self.every {
            return;
        }
        st.last = now;
        let secs = now.duration_since(st.started).as_secs_f64().max(1e-9);
        let mut line = format!(
            "ghirbal: {}: {} records, {:.0} records/s",
            st.pass,
            st.records,
            st.records as f64 / secs
        );
        if st.total_bytes > 0 {
            line.push_str(&format!(
                ", {:.1} of {:.1} MB read ({:.0}%)",
                st.bytes as f64 / 1e6,
                st.total_bytes as f64 / 1e6,
                100.0 * st.bytes as f64 / st.total_bytes as f64
            ));
        }
        eprintln!("{line}");
    }
}

impl Bar {
    /// A bar on stderr, or a hidden one when `quiet`.
    pub fn new(quiet: bool) -> Bar {
        let target = if quiet {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr_with_hz(8)
        };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.enable_steady_tick(Duration::from_millis(250));
        // indicatif draws nothing when stderr is not a terminal: lines stand in for it.
        let lines = (!quiet && !std::io::stderr().is_terminal()).then(Lines::from_env);
        Bar {
            bar,
            records: AtomicU64::new(0),
            by_bytes: AtomicBool::new(false),
            lines,
        }
    }

    /// Removes the bar from the terminal.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn begin(&self, label: &str, total_bytes: u64, total_records: u64) {
        if let Some(lines) = &self.lines {
            lines.begin(label, total_bytes);
        }
        self.bar.reset();
        self.bar.set_message(label.to_owned());
        let (len, template) = if total_bytes > 0 {
            (
                total_bytes,
                "{msg:>9} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} ({eta}) {prefix} records",
            )
        } else {
            (
                total_records,
                "{msg:>9} [{bar:30}] {pos}/{len} records {per_sec} ({eta})",
            )
        };
        self.bar.set_length(len);
        self.bar.set_position(0);
        self.bar.set_prefix("0");
        self.records.store(0, Ordering::Relaxed);
        self.by_bytes.store(total_bytes > 0, Ordering::Relaxed);
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
    }

    fn advance(&self, bytes: u64, records: u64) {
        if let Some(lines) = &self.lines {
            lines.advance(bytes, records);
        }
        let done = self.records.fetch_add(records, Ordering::Relaxed) + records;
        if self.by_bytes.load(Ordering::Relaxed) {
            self.bar.inc(bytes);
            if done % 1024 < records {
                self.bar.set_prefix(done.to_string());
            }
        } else {
            self.bar.inc(records);
        }
    }

    fn notice(&self, line: &str) {
        // Printed above the bar (or alone when quiet): a misread input is worth a line.
        self.bar.suspend(|| eprintln!("ghirbal: note: {line}"));
    }

    fn end(&self) {
        self.bar
            .set_prefix(self.records.load(Ordering::Relaxed).to_string());
        if let Some(len) = self.bar.length() {
            self.bar.set_position(len);
        }
    }
}
