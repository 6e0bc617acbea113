//! IPv4 (four octets of at most 255) and IPv6 (anything `std::net::Ipv6Addr` parses, with at
//! least two groups written) addresses.

use std::net::Ipv6Addr;

use ghirbal_core::text;
use regex::Regex;

use super::Span;

/// Finds IP addresses.
#[derive(Debug)]
pub struct Finder {
    v4: Regex,
    v6: Regex,
}

impl Finder {
    /// Compiles the patterns.
    pub fn new() -> Finder {
        Finder {
            v4: Regex::new(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}").expect("static IPv4 pattern compiles"),
            v6: Regex::new(r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}")
                .expect("static IPv6 pattern compiles"),
        }
    }

    /// The IP addresses in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Span> {
        let mut spans: Vec<Span> = self
            .v4
            .find_iter(text)
            .filter(|m| {
                is_v4(m.as_str())
                    && stands_alone(text, m.range(), |c| c.is_ascii_digit() || c == '.')
            })
            .map(|m| m.range())
            .collect();
        spans.extend(
            self.v6
                .find_iter(text)
                .filter(|m| {
                    is_v6(m.as_str())
                        && stands_alone(text, m.range(), |c| c.is_ascii_hexdigit() || c == ':')
                })
                .map(|m| m.range()),
        );
        spans.sort_by_key(|s| s.start);
        spans.dedup_by(|b, a| b.start < a.end);
        spans
    }
}

fn is_v4(s: &str) -> bool {
    s.split('.')
        .all(|o| o.parse::<u16>().is_ok_and(|n| n <= 255) && !(o.len() > 1 && o.starts_with('0')))
}

fn is_v6(s: &str) -> bool {
    let written = s.split(':').filter(|g| !g.is_empty()).count();
    written >= 2 && s.parse::<Ipv6Addr>().is_ok()
}

/// True when the characters around `span` do not continue the address (`joins`), so
/// "1.2.3.4.5" or a version string is not taken for its first four parts. A full stop that
/// ends a sentence ("... 10.0.0.1.") is allowed.
fn stands_alone(text: &str, span: Span, joins: impl Fn(char) -> bool) -> bool {
    let before = text[..span.start].chars().next_back();
    let mut after = text[span.end..].chars();
    let next = after.next();
    let next_next = after.next();
    let before_ok = !before.is_some_and(|c| joins(c) || text::is_alphanumeric(c));
    let after_ok = match next {
        None => true,
        Some('.') | Some(':') => !next_next.is_some_and(|c| c.is_ascii_alphanumeric()),
        Some(c) => !(joins(c) || text::is_alphanumeric(c)),
    };
    before_ok && after_ok
}
