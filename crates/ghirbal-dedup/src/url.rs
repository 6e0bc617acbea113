//! URL normalisation for URL dedup: two URLs that name the same page fold to one string.
//!
//! The rules, in order:
//! - surrounding whitespace trimmed; no URL, or one with no host, gives `None` (the record is
//!   not URL-deduplicated and is counted as `no_url`);
//! - the scheme is dropped (`http`, `https`, none: all the same page), as are user info and the
//!   fragment (`#...`);
//! - the host is lower-cased, a leading `www.` and a trailing `.` are dropped, and the default
//!   ports `:80` and `:443` are dropped;
//! - the path keeps its case (servers may be case-sensitive); a trailing `/` is dropped;
//! - query parameters listed in `resources/url_params.toml` (tracking ids, `utm_*`, edition
//!   flags like `?weekly`) are dropped; the others are sorted, so their order does not matter.

use std::sync::OnceLock;

use serde::Deserialize;

/// The parameter lists of `resources/url_params.toml`.
#[derive(Debug, Deserialize)]
struct Params {
    prefixes: Vec<String>,
    names: Vec<String>,
    flags: Vec<String>,
}

fn params() -> &'static Params {
    static PARAMS: OnceLock<Params> = OnceLock::new();
    PARAMS.get_or_init(|| {
        toml::from_str(include_str!("../resources/url_params.toml"))
            .expect("resources/url_params.toml is valid and checked by a test")
    })
}

/// The normalised form of `url`, or `None` when it has no host.
pub fn normalise(url: &str) -> Option<String> {
    let url = url.trim();
    // Scheme: letters then "://"; a scheme-relative "//host" also works.
    let rest = match url.find("://") {
        Some(i)
            if url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            &url[i + 3..]
        }
        _ => url.strip_prefix("//").unwrap_or(url),
    };
    let rest = rest.split('#').next().unwrap_or("");
    let (authority, path_query) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let (host, port) = split_port(host_port);
    let mut host = host.to_lowercase();
    while host.ends_with('.') {
        host.pop();
    }
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if host.is_empty() || host.contains(char::is_whitespace) {
        return None;
    }
    let (path, query) = match path_query.split_once('?') {
        Some((p, q)) => (p, q),
        None => (path_query, ""),
    };
    let path = path.trim_end_matches('/');

    let mut out = String::with_capacity(url.len());
    out.push_str(host);
    if let Some(p) = port.filter(|p| *p != "80" && *p != "443" && !p.is_empty()) {
        out.push(':');
        out.push_str(p);
    }
    out.push_str(path);
    let mut kept: Vec<&str> = query
        .split('&')
        .filter(|kv| !kv.is_empty() && !is_folded(kv))
        .collect();
    if !kept.is_empty() {
        kept.sort_unstable();
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    Some(out)
}

fn split_port(host_port: &str) -> (&str, Option<&str>) {
    // An IPv6 literal keeps its colons inside brackets.
    let search_from = host_port.rfind(']').unwrap_or(0);
    match host_port[search_from..].rfind(':') {
        Some(i) => {
            let i = search_from + i;
            (&host_port[..i], Some(&host_port[i + 1..]))
        }
        None => (host_port, None),
    }
}

/// True when the query pair `kv` (`name=value` or a bare `name`) is dropped.
fn is_folded(kv: &str) -> bool {
    let p = params();
    let (name, value) = match kv.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (kv, None),
    };
    let name = name.to_ascii_lowercase();
    if p.prefixes.iter().any(|pre| name.starts_with(pre.as_str())) || p.names.contains(&name) {
        return true;
    }
    value.is_none_or(str::is_empty) && p.flags.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_file_loads() {
        assert!(params().prefixes.contains(&"utm_".to_string()));
        assert!(params().flags.contains(&"weekly".to_string()));
    }

    #[test]
    fn weekly_edition_flag_folds_to_the_plain_url() {
        let a = "http://www.al-madina.com/node/620213/الجهاز-الفني.html?weekly";
        let b = "http://www.al-madina.com/node/620213/الجهاز-الفني.html";
        assert_eq!(normalise(a), normalise(b));
        assert_eq!(
            normalise(b).as_deref(),
            Some("al-madina.com/node/620213/الجهاز-الفني.html")
        );
    }

    #[test]
    fn scheme_www_slash_port_and_tracking_fold() {
        let want = normalise("http://example.com/a/b").unwrap();
        for u in [
            "https://www.example.com/a/b/",
            "HTTP://WWW.Example.COM:80/a/b?utm_source=x&utm_medium=y",
            "https://example.com:443/a/b#top",
            "example.com/a/b?fbclid=123",
            "  http://user@example.com/a/b  ",
        ] {
            assert_eq!(normalise(u).as_deref(), Some(want.as_str()), "{u}");
        }
    }

    #[test]
    fn meaningful_parameters_stay_and_are_sorted() {
        assert_eq!(
            normalise("http://x.com/a?id=2&cat=1").as_deref(),
            Some("x.com/a?cat=1&id=2")
        );
        assert_ne!(
            normalise("http://x.com/a?id=2"),
            normalise("http://x.com/a?id=3")
        );
        assert_ne!(
            normalise("http://x.com/a?print=2"),
            normalise("http://x.com/a")
        );
        assert_ne!(normalise("http://x.com/A"), normalise("http://x.com/a"));
        assert_ne!(
            normalise("http://x.com:8080/a"),
            normalise("http://x.com/a")
        );
    }

    #[test]
    fn missing_or_hostless_url_gives_none() {
        for u in ["", "   ", "http://", "/just/a/path", "?q=1"] {
            assert_eq!(normalise(u), None, "{u:?}");
        }
    }
}
