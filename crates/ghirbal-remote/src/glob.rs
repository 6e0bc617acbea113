//! Key globs: `*` and `?` within one `/`-separated segment, `**` across segments, `[...]`.

/// The part of `pattern` before its first glob character, cut back to the last `/`: the
/// prefix to list. `None` when the pattern has no glob character.
pub(crate) fn literal_prefix(pattern: &str) -> Option<&str> {
    let first = pattern.find(['*', '?', '['])?;
    let cut = pattern[..first].rfind('/').map_or(0, |i| i + 1);
    Some(&pattern[..cut])
}

/// True when `key` matches `pattern` whole.
pub(crate) fn matches(pattern: &str, key: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let k: Vec<char> = key.chars().collect();
    match_at(&p, &k)
}

fn match_at(p: &[char], k: &[char]) -> bool {
    match p.first() {
        None => k.is_empty(),
        Some('*') if p.get(1) == Some(&'*') => {
            // `**` matches any run of characters, `/` included; `**/` also matches nothing.
            let rest = &p[2..];
            let rest_no_slash = rest.strip_prefix(&['/']).unwrap_or(rest);
            (0..=k.len()).any(|i| match_at(rest, &k[i..]))
                || (rest_no_slash.len() != rest.len() && match_at(rest_no_slash, k))
        }
        Some('*') => {
            let rest = &p[1..];
            for i in 0..=k.len() {
                if match_at(rest, &k[i..]) {
                    return true;
                }
                if i < k.len() && k[i] == '/' {
                    return false;
                }
            }
            false
        }
        Some('?') => k.first().is_some_and(|&c| c != '/') && match_at(&p[1..], &k[1..]),
        Some('[') => match (class(&p[1..]), k.first()) {
            (Some((set_len, hit)), Some(&c)) if c != '/' => {
                hit(c) && match_at(&p[1 + set_len..], &k[1..])
            }
            (None, Some(&c)) => c == '[' && match_at(&p[1..], &k[1..]),
            _ => false,
        },
        Some(&c) => k.first() == Some(&c) && match_at(&p[1..], &k[1..]),
    }
}

/// Parses a character class after its `[`: its length with the closing `]`, and a test.
fn class(p: &[char]) -> Option<(usize, impl Fn(char) -> bool + '_)> {
    let negate = matches!(p.first(), Some('!' | '^'));
    let start = usize::from(negate);
    // A `]` right after the opening is a member, as in shell globs.
    let end = p[start..]
        .iter()
        .skip(1)
        .position(|&c| c == ']')
        .map(|i| start + 1 + i)?;
    let members = &p[start..end];
    let test = move |c: char| {
        let mut hit = false;
        let mut i = 0;
        while i < members.len() {
            if i + 2 < members.len() && members[i + 1] == '-' {
                hit |= members[i] <= c && c <= members[i + 2];
                i += 3;
            } else {
                hit |= members[i] == c;
                i += 1;
            }
        }
        hit != negate
    };
    Some((end + 1, test))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_stays_in_a_segment() {
        assert!(matches("crawl/*.warc.gz", "crawl/a.warc.gz"));
        assert!(!matches("crawl/*.warc.gz", "crawl/sub/a.warc.gz"));
        assert!(!matches("crawl/*.warc.gz", "crawl/a.warc.gz.tmp"));
        assert!(matches("crawl/**/*.gz", "crawl/x/y/a.gz"));
        assert!(matches("crawl/**/*.gz", "crawl/a.gz"));
        assert!(matches("part-0000?.jsonl", "part-00001.jsonl"));
        assert!(matches("part-[0-4]*", "part-3x"));
        assert!(!matches("part-[!0-4]*", "part-3x"));
    }

    #[test]
    fn prefix_is_cut_at_the_last_slash_before_a_glob() {
        assert_eq!(literal_prefix("crawl/2024/*.gz"), Some("crawl/2024/"));
        assert_eq!(literal_prefix("crawl/seg-*/a"), Some("crawl/"));
        assert_eq!(literal_prefix("*.gz"), Some(""));
        assert_eq!(literal_prefix("crawl/a.gz"), None);
    }
}
