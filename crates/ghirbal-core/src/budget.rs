//! Memory budgets and spill directories, the two settings every corpus stage that spills shares.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Deserializer};

use crate::ConfigError;

/// Bytes in "512MiB", "2 GiB", "64KB", "1000": binary units `KiB`, `MiB`, `GiB`, decimal
/// `KB`, `MB`, `GB`, or `B` / none.
pub fn parse_byte_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(digits);
    let n: u64 = number.parse().map_err(|_| format!("bad byte size {s:?}"))?;
    let unit_bytes: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        _ => {
            return Err(format!(
                "bad byte size {s:?}; units are B, KiB, MiB, GiB, KB, MB, GB"
            ));
        }
    };
    n.checked_mul(unit_bytes)
        .ok_or_else(|| format!("byte size {s:?} is too large"))
}

/// Reads a byte count given as an integer or as a string with a unit (see [`parse_byte_size`]);
/// for `#[serde(deserialize_with = "ghirbal_core::budget::byte_size")]`.
pub fn byte_size<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Int(u64),
        Text(String),
    }
    match Raw::deserialize(d)? {
        Raw::Int(n) => Ok(n),
        Raw::Text(s) => parse_byte_size(&s).map_err(serde::de::Error::custom),
    }
}

/// The directory spilled runs go to: `dir`, or the system temp directory when `dir` is empty.
///
/// Checked when the stage is built, because a spill that fails mid-run can only keep its
/// entries in memory.
///
/// # Errors
/// `ConfigError::Invalid` in table `at` when the directory does not exist.
pub fn spill_dir(dir: &Path, at: &str) -> Result<PathBuf, ConfigError> {
    let dir = if dir.as_os_str().is_empty() {
        std::env::temp_dir()
    } else {
        dir.to_path_buf()
    };
    if !dir.is_dir() {
        return Err(ConfigError::Invalid {
            at: Some(at.into()),
            message: format!("spill_dir {} is not a directory", dir.display()),
        });
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_sizes_read_with_and_without_units() {
        assert_eq!(parse_byte_size("4096"), Ok(4096));
        assert_eq!(parse_byte_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_byte_size(" 1 GiB "), Ok(1 << 30));
        assert_eq!(parse_byte_size("2 GiB"), Ok(2 << 30));
        assert_eq!(parse_byte_size("5KB"), Ok(5_000));
        assert!(parse_byte_size("much").is_err());
        assert!(parse_byte_size("99999999999GiB").is_err());
    }

    #[test]
    fn spill_dir_defaults_to_temp_and_must_exist() {
        assert_eq!(
            spill_dir(Path::new(""), "dedup").unwrap(),
            std::env::temp_dir()
        );
        let err = spill_dir(Path::new("/no/such/dir/here"), "dedup").unwrap_err();
        assert!(err.to_string().contains("[dedup]"), "{err}");
    }
}

/// The bytes that all observers of one corpus stage hold in their buffers, against the stage's
/// memory budget: the observer whose push takes the total over it spills its own buffer.
#[derive(Debug)]
pub struct SharedBudget {
    limit: usize,
    buffered: AtomicUsize,
}

impl SharedBudget {
    /// A budget of `limit` bytes, nothing buffered yet.
    pub fn new(limit: u64) -> SharedBudget {
        SharedBudget {
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
            buffered: AtomicUsize::new(0),
        }
    }

    /// The budget in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Counts `added` more bytes buffered; true when the total is now over the budget.
    pub fn add(&self, added: usize) -> bool {
        self.buffered.fetch_add(added, Ordering::Relaxed) + added > self.limit
    }

    /// Counts `freed` bytes as no longer buffered (a buffer was spilled).
    pub fn release(&self, freed: usize) {
        self.buffered.fetch_sub(freed, Ordering::Relaxed);
    }

    /// Forgets every buffered byte: the index is being finished.
    pub fn reset(&self) {
        self.buffered.store(0, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod shared_tests {
    use super::SharedBudget;

    #[test]
    fn the_push_that_passes_the_budget_is_told_to_spill() {
        let b = SharedBudget::new(100);
        assert!(!b.add(60));
        assert!(!b.add(40), "exactly at the budget is not over it");
        assert!(b.add(1));
        b.release(50);
        assert!(!b.add(10));
        b.reset();
        assert!(!b.add(100));
    }
}
