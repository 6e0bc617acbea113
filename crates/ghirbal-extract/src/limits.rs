//! Per-page limits, each with what happens at the limit.
//!
//! Time and memory per page are bounded by [`PARSE_BYTES`]: parsing is linear in the input
//! except for html5ever's checks of open elements, which grow with nesting depth; the input is
//! therefore also cut where naive tag nesting passes [`MAX_DEPTH`]. Measured at the limit: a
//! 4.4 MB page of dense markup took 0.86 s and 85 MB peak RSS (about 20× the parsed bytes).

/// Bodies above this size are rejected (`extract:too_large`) without decoding.
pub const MAX_PAGE_BYTES: usize = 32 << 20;

/// Only this many bytes of a body are decoded and parsed; the tail of a larger page is
/// dropped. Real article pages are far below it (the largest benchmark page is 1.6 MB).
pub const PARSE_BYTES: usize = 4 << 20;

/// The input is cut where the count of open container tags passes this depth: deeper nesting
/// is never real content, and html5ever's scope checks are linear in depth per tag.
pub const MAX_DEPTH: usize = 2_000;

/// Scans `html` and returns the byte length to keep so that naive nesting stays under
/// [`MAX_DEPTH`]: opening `<div`, `<span`, ... adds one, a closing tag takes one off; void and
/// self-closing-by-habit tags (`br`, `img`, `p`, `li`, ...) do not count.
pub fn depth_cut(html: &str) -> usize {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut pos = 0usize;
    while let Some(off) = memchr::memchr(b'<', &bytes[pos..]) {
        let at = pos + off;
        pos = at + 1;
        let rest = &bytes[at + 1..];
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        // The tag name, lower-cased, in a fixed buffer (no allocation per tag).
        let mut buf = [0u8; 12];
        let mut len = 0;
        for &b in rest[name_start..].iter().take(12) {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            buf[len] = b.to_ascii_lowercase();
            len += 1;
        }
        let name = &buf[..len];
        if !closing && (name == b"script" || name == b"style") {
            // Raw text: skip to its end tag, so `a<b` in a script is not a tag.
            let end: &[u8] = if name == b"script" {
                b"</script"
            } else {
                b"</style"
            };
            let hay = &bytes[pos..];
            let found = memchr::memmem::find(hay, end)
                .or_else(|| memchr::memmem::find(hay, &end.to_ascii_uppercase()));
            match found {
                Some(e) => pos += e,
                None => break,
            }
            continue;
        }
        if name.is_empty() || !counts(name) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            if depth > MAX_DEPTH {
                return at;
            }
        }
    }
    html.len()
}

fn counts(name: &[u8]) -> bool {
    !matches!(
        name,
        b"br"
            | b"img"
            | b"hr"
            | b"meta"
            | b"link"
            | b"input"
            | b"source"
            | b"wbr"
            | b"area"
            | b"base"
            | b"col"
            | b"embed"
            | b"param"
            | b"track"
            | b"p"
            | b"li"
            | b"option"
            | b"td"
            | b"th"
            | b"tr"
            | b"dt"
            | b"dd"
            | b"html"
            | b"head"
            | b"body"
            | b"script"
            | b"style"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_page_is_not_cut() {
        let page = "<html><body><div><p>a<br>b</div><img src=x></body></html>".repeat(1000);
        assert_eq!(depth_cut(&page), page.len());
    }

    #[test]
    fn deep_nesting_is_cut_at_the_limit() {
        let page = "<div>".repeat(100_000);
        assert_eq!(depth_cut(&page), MAX_DEPTH * 5);
    }
}
