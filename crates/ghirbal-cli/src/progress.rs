//! The progress bar: drawn on stderr when it is a terminal, nothing otherwise.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use ghirbal_pipeline::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// An indicatif bar behind the pipeline's [`Progress`] seam.
pub struct Bar {
    bar: ProgressBar,
    records: AtomicU64,
    by_bytes: AtomicBool,
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
        Bar {
            bar,
            records: AtomicU64::new(0),
            by_bytes: AtomicBool::new(false),
        }
    }

    /// Removes the bar from the terminal.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn begin(&self, label: &str, total_bytes: u64, total_records: u64) {
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
