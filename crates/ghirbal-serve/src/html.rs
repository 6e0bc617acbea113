//! Markup helpers: escaping, URL encoding and the page frame. Every piece of record content
//! reaches a page through [`esc`] (or [`marked`], which escapes each part), never raw.

use std::fmt::Write;

/// `s` escaped for HTML text and quoted attribute values: the report's escaping, one for
/// every page ghirbal writes.
pub use ghirbal_report::escape as esc;

/// `s` percent-encoded for a query-string value: every byte outside the unreserved set.
pub fn url_enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `snippet` escaped, with each highlighted byte range in `<mark>`. Ranges that overlap, run
/// backwards or cut a character are left unmarked.
pub fn marked(snippet: &str, highlights: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(snippet.len() + highlights.len() * 13);
    let mut at = 0;
    for &(s, e) in highlights {
        if s < at
            || s >= e
            || e > snippet.len()
            || !snippet.is_char_boundary(s)
            || !snippet.is_char_boundary(e)
        {
            continue;
        }
        out.push_str(&esc(&snippet[at..s]));
        out.push_str("<mark>");
        out.push_str(&esc(&snippet[s..e]));
        out.push_str("</mark>");
        at = e;
    }
    out.push_str(&esc(&snippet[at..]));
    out
}

/// The href of the record page of `id`.
pub fn record_href(id: &str) -> String {
    format!("/record?id={}", url_enc(id))
}

/// A link to a record, its text the id.
pub fn record_link(id: &str) -> String {
    format!(
        "<a class=\"rid\" href=\"{}\" dir=\"auto\">{}</a>",
        esc(&record_href(id)),
        esc(id)
    )
}

/// `url` as a link when it is http(s), else as text: a `javascript:` or `data:` URL from a
/// crawled page must never become something a click runs.
pub fn external_url(url: &str) -> String {
    let lower = url.trim_start().to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        format!(
            "<a href=\"{}\" rel=\"noopener noreferrer nofollow\" dir=\"ltr\">{}</a>",
            esc(url.trim_start()),
            esc(url)
        )
    } else {
        format!("<span class=\"url\" dir=\"ltr\">{}</span>", esc(url))
    }
}

/// The navigation entries: path and label.
const NAV: [(&str, &str); 3] = [
    ("/", "Search"),
    ("/rejects", "Rejects"),
    ("/report", "Report"),
];

/// A whole page: `title` (escaped here) and `body` (markup built with the helpers above).
pub fn page(title: &str, current: &str, body: &str) -> String {
    let mut nav = String::new();
    for (href, label) in NAV {
        let class = if href == current {
            " class=\"here\""
        } else {
            ""
        };
        let _ = write!(nav, "<a href=\"{href}\"{class}>{label}</a>");
    }
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · ghirbal</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n\
         <body>\n<header><span class=\"brand\">ghirbal</span><nav>{nav}</nav></header>\n\
         <main>\n{body}\n</main>\n</body>\n</html>\n",
        esc(title)
    )
}

/// The one style sheet, served from `/style.css` (the CSP allows styles from the server only).
pub const STYLE: &str = r#"
:root { --fg: #1d232b; --muted: #5c6773; --line: #d9dee4; --accent: #0b6e69; --bad: #a3341f; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, "Noto Sans", "Noto Naskh Arabic", sans-serif; color: var(--fg); background: #fafbfc; }
header { display: flex; gap: 2rem; align-items: baseline; padding: .7rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; color: var(--accent); }
nav a { margin-right: 1.2rem; color: var(--muted); text-decoration: none; }
nav a.here { color: var(--fg); font-weight: 600; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
form.search { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; margin: .5rem 0 1rem; }
form.search input[type=search] { flex: 1 1 24rem; font-size: 1.1rem; padding: .45rem .6rem; border: 1px solid var(--line); border-radius: 4px; }
form.search input[name=lang] { width: 5rem; padding: .45rem; border: 1px solid var(--line); border-radius: 4px; }
button { padding: .45rem 1rem; border: 0; border-radius: 4px; background: var(--accent); color: #fff; font-size: 1rem; }
ol.hits { list-style: none; padding: 0; }
ol.hits li { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .6rem .9rem; margin: .6rem 0; }
.hit-title { font-size: 1.1rem; font-weight: 600; color: var(--accent); text-decoration: none; }
.meta { color: var(--muted); font-size: .85rem; }
.reason { color: var(--bad); font-weight: 600; }
.snippet { margin: .3rem 0 0; }
mark { background: #ffe9a8; padding: 0 .1em; }
.text { white-space: pre-wrap; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem; font-size: 1.05rem; line-height: 1.8; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
table { border-collapse: collapse; background: #fff; }
td, th { border: 1px solid var(--line); padding: .25rem .6rem; text-align: start; vertical-align: top; }
td.n, th.n { text-align: end; font-variant-numeric: tabular-nums; }
pre { white-space: pre-wrap; word-break: break-word; margin: 0; }
ul.removed li { margin: .3rem 0; }
.original { white-space: normal; }
.original div { white-space: pre-wrap; min-height: 1em; }
.original .gone del { color: var(--bad); }
.rule { font-family: ui-monospace, monospace; font-size: .8rem; color: var(--bad); }
.pager { display: flex; gap: 1rem; margin: 1rem 0; }
.note { color: var(--muted); }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>a('x')&\"</script>"),
            "&lt;script&gt;a(&#39;x&#39;)&amp;&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn marks_escape_each_part() {
        let s = "<b>مدرسة</b>";
        let from = s.find('م').unwrap();
        let to = from + "مدرسة".len();
        assert_eq!(
            marked(s, &[(from, to)]),
            "&lt;b&gt;<mark>مدرسة</mark>&lt;/b&gt;"
        );
        // A range that cuts a character is ignored, not a panic.
        assert_eq!(marked("مد", &[(1, 2)]), "مد");
    }

    #[test]
    fn only_http_urls_become_links() {
        assert!(
            external_url("https://a.example/x?a=1&b=2")
                .starts_with("<a href=\"https://a.example/x?a=1&amp;b=2\"")
        );
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,x",
        ] {
            let got = external_url(bad);
            assert!(!got.contains("href"), "{got}");
        }
    }

    #[test]
    fn url_encoding_keeps_unreserved_only() {
        assert_eq!(url_enc("a b/../?&#"), "a%20b%2F..%2F%3F%26%23");
        assert_eq!(url_enc("ع"), "%D8%B9");
    }
}
