//! E-mail addresses: ASCII local part, `@`, dotted domain with a 2-24 letter top level.

use regex::Regex;

use super::Span;

/// Finds e-mail addresses.
#[derive(Debug)]
pub struct Finder(Regex);

impl Finder {
    /// Compiles the pattern.
    pub fn new() -> Finder {
        let re = Regex::new(
            r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}",
        )
        .expect("static e-mail pattern compiles");
        Finder(re)
    }

    /// The e-mail addresses in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Span> {
        self.0
            .find_iter(text)
            .filter(|m| {
                let local = m.as_str().split('@').next().unwrap_or("");
                !local.starts_with('.') && !local.ends_with('.')
            })
            .map(|m| m.range())
            .collect()
    }
}
