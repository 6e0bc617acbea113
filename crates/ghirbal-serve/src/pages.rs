//! The UI's pages. Each handler reads its parameters leniently (a bad number is the default,
//! an over-long value is cut by the search), asks the index, and builds markup with
//! [`crate::html`]'s escaping helpers only.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use ghirbal_core::{EXPLAIN_INPUT, EXPLAIN_REMOVED};
use ghirbal_search::{SearchRequest, SearchResults};
use serde_json::Value;

use crate::html::{esc, external_url, marked, page, record_href, record_link, url_enc};
use crate::{App, MAX_PAGE, PAGE_SIZE, REPORT_CSP};

type Params = Query<HashMap<String, String>>;

/// A parameter, trimmed; `None` when absent or blank.
fn param<'a>(p: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    p.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// The page number asked for, 1 to [`MAX_PAGE`].
fn page_number(p: &HashMap<String, String>) -> usize {
    param(p, "page")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_PAGE)
}

fn error_page(status: StatusCode, title: &str, message: &str) -> Response {
    let body = format!("<h1>{}</h1>\n<p>{}</p>", esc(title), esc(message));
    (status, Html(page(title, "", &body))).into_response()
}

/// 404 for every path that is not a page; no path names a file.
pub async fn not_found() -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        "Not found",
        "There is no such page. The UI serves search, records, rejects and the report only.",
    )
}

/// The results of a search as a list, with links to each record.
fn hit_list(results: &SearchResults) -> String {
    let mut h = String::from("<ol class=\"hits\">\n");
    for hit in &results.hits {
        let title = if hit.title.is_empty() {
            "(no title)".to_owned()
        } else {
            esc(&hit.title)
        };
        let mut meta = vec![
            format!("<span dir=\"auto\">{}</span>", esc(&hit.id)),
            esc(&hit.lang),
            format!("<span dir=\"auto\">{}</span>", esc(&hit.source)),
        ];
        if let Some(d) = &hit.date {
            meta.push(esc(d));
        }
        if let Some(r) = &hit.reason {
            meta.push(format!(
                "<span class=\"reason\">rejected: {}</span>",
                esc(r)
            ));
        }
        if hit.score > 0.0 {
            meta.push(format!("score {:.2}", hit.score));
        }
        let _ = writeln!(
            h,
            "<li class=\"hit\"><a class=\"hit-title\" href=\"{}\" dir=\"auto\">{title}</a>\
             <div class=\"meta\">{}</div><p class=\"snippet\" dir=\"auto\">{}</p></li>",
            esc(&record_href(&hit.id)),
            meta.join(" · "),
            marked(&hit.snippet, &hit.highlights)
        );
    }
    h.push_str("</ol>\n");
    h
}

/// Previous / next links for page `n` of `total` hits; `base` is the query string without
/// `page`.
fn pager(base: &str, n: usize, total: usize) -> String {
    let pages = total.div_ceil(PAGE_SIZE).clamp(1, MAX_PAGE);
    let mut h = String::from("<div class=\"pager\">");
    if n > 1 {
        let _ = write!(
            h,
            "<a rel=\"prev\" href=\"{}&amp;page={}\">← previous</a>",
            esc(base),
            n - 1
        );
    }
    let _ = write!(h, "<span>page {n} of {pages}</span>");
    if n < pages {
        let _ = write!(
            h,
            "<a rel=\"next\" href=\"{}&amp;page={}\">next →</a>",
            esc(base),
            n + 1
        );
    }
    h.push_str("</div>");
    h
}

/// `/`: the search box, and the results when there is a query.
pub async fn search(State(app): State<Arc<App>>, Query(p): Params) -> Response {
    let q = param(&p, "q").unwrap_or("");
    let lang = param(&p, "lang");
    let rejects = param(&p, "rejects").is_some();
    let n = page_number(&p);
    let facts = app.search.facts();
    let mut body = format!(
        "<form class=\"search\" method=\"get\" action=\"/\" role=\"search\">\
         <input type=\"search\" name=\"q\" value=\"{}\" dir=\"auto\" autofocus \
         placeholder=\"words, &quot;a phrase&quot;, +must, -not, lang:ar\" aria-label=\"query\">\
         <input name=\"lang\" value=\"{}\" placeholder=\"lang\" aria-label=\"language\">\
         <label><input type=\"checkbox\" name=\"rejects\" value=\"1\"{}> rejects too</label>\
         <button type=\"submit\">Search</button></form>\n",
        esc(q),
        esc(lang.unwrap_or("")),
        if rejects { " checked" } else { "" },
    );
    if q.is_empty() {
        let _ = write!(
            body,
            "<p class=\"note\">{} kept and {} rejected records indexed; languages: {}.{}</p>",
            facts.kept,
            facts.rejected,
            esc(&facts.groups.join(", ")),
            if facts.rejected == 0 {
                " Rebuild with <code>ghirbal index --rejects</code> to search the rejects."
            } else {
                ""
            }
        );
        return Html(page("Search", "/", &body)).into_response();
    }
    let req = SearchRequest {
        query: q.to_owned(),
        lang: lang.map(str::to_owned),
        limit: PAGE_SIZE,
        offset: (n - 1) * PAGE_SIZE,
        rejects,
        reason: None,
    };
    let results = match app.search.search(&req) {
        Ok(r) => r,
        Err(e) => {
            return error_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Search failed",
                &e.to_string(),
            );
        }
    };
    let _ = write!(
        body,
        "<p class=\"note\" id=\"count\">{} matching records</p>",
        results.total
    );
    for w in &results.warnings {
        let _ = write!(body, "<p class=\"note\">query: {}</p>", esc(w));
    }
    body.push_str(&hit_list(&results));
    let mut base = format!("/?q={}", url_enc(q));
    if let Some(l) = lang {
        let _ = write!(base, "&lang={}", url_enc(l));
    }
    if rejects {
        base.push_str("&rejects=1");
    }
    body.push_str(&pager(&base, n, results.total));
    Html(page(&format!("{q} — search"), "/", &body)).into_response()
}

/// "reason / rule" of one `metadata.removed` entry.
fn rule_of(r: &Value) -> String {
    [r.get("reason"), r.get("rule")]
        .into_iter()
        .flatten()
        .map(value_text)
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The text `clean` was given, as HTML lines, each removed line struck where it stood with
/// its rule; and the removals that could not be placed. `clean`'s own removals name their line
/// (`at`); a later stage's (site boilerplate, which saw the cleaned text) are placed on the
/// first line of the same text not already marked.
fn original_with_removals<'r>(original: &str, removed: &'r [Value]) -> (String, Vec<&'r Value>) {
    let lines: Vec<&str> = original.split('\n').collect();
    let mut marks: Vec<Option<&Value>> = vec![None; lines.len()];
    let mut unplaced = Vec::new();
    for r in removed {
        let at = r.get("at").and_then(Value::as_u64).map(|n| n as usize);
        let line = r.get("line").and_then(Value::as_str).unwrap_or("");
        let slot = match at {
            Some(n) if n < lines.len() && marks[n].is_none() => Some(n),
            _ => (0..lines.len()).find(|&n| marks[n].is_none() && lines[n].trim() == line),
        };
        match slot {
            Some(n) => marks[n] = Some(r),
            None => unplaced.push(r),
        }
    }
    let mut h = String::new();
    for (line, mark) in lines.iter().zip(&marks) {
        match mark {
            Some(r) => {
                let _ = write!(
                    h,
                    "<div class=\"gone\"><del>{}</del> <span class=\"rule\">{}</span></div>",
                    esc(line),
                    esc(&rule_of(r))
                );
            }
            None if line.trim().is_empty() => h.push_str("<div class=\"blank\"></div>"),
            None => {
                let _ = write!(h, "<div>{}</div>", esc(line));
            }
        }
    }
    (h, unplaced)
}

/// A JSON value as short text: strings as they are, the rest as JSON.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        v => v.to_string(),
    }
}

/// A two-column table of an object's entries, each value escaped.
fn table(obj: &serde_json::Map<String, Value>, skip: &[&str]) -> String {
    let mut h = String::from("<table>");
    for (k, v) in obj {
        if skip.contains(&k.as_str()) {
            continue;
        }
        let _ = write!(
            h,
            "<tr><th>{}</th><td dir=\"auto\"><pre>{}</pre></td></tr>",
            esc(k),
            esc(&value_text(v))
        );
    }
    h.push_str("</table>");
    h
}

/// `/record?id=`: one record with everything the output holds about it.
pub async fn record(State(app): State<Arc<App>>, Query(p): Params) -> Response {
    let Some(id) = p.get("id").map(String::as_str).filter(|v| !v.is_empty()) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "No record",
            "Give a record id: /record?id=...",
        );
    };
    let stored = match app.search.record(id) {
        Ok(Some(s)) => s,
        Ok(None) => {
            return error_page(
                StatusCode::NOT_FOUND,
                "No such record",
                &format!("No indexed record has the id {id}."),
            );
        }
        Err(e) => {
            return error_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Index error",
                &e.to_string(),
            );
        }
    };
    let row = &stored.row;
    let s = |k: &str| row.get(k).map(value_text).unwrap_or_default();
    let title = s("title");
    let mut body = format!(
        "<h1 id=\"title\" dir=\"auto\">{}</h1>\n",
        if title.is_empty() {
            "(no title)".to_owned()
        } else {
            esc(&title)
        }
    );
    if stored.kind == "rejected" {
        let _ = writeln!(
            body,
            "<p id=\"reason\">Rejected: <span class=\"reason\">{}</span></p>\
             <table><tr><th>detail</th><td><pre dir=\"auto\">{}</pre></td></tr></table>",
            esc(&s("reason")),
            esc(&row
                .get("detail")
                .map(|d| serde_json::to_string_pretty(d).unwrap_or_default())
                .unwrap_or_default())
        );
    } else {
        body.push_str("<p id=\"reason\">Kept.</p>\n");
    }
    // The facts of the record, in output order.
    body.push_str("<table class=\"facts\">");
    let _ = write!(
        body,
        "<tr><th>id</th><td dir=\"auto\">{}</td></tr>",
        esc(id)
    );
    if let Some(url) = row.get("url").and_then(Value::as_str) {
        let _ = write!(body, "<tr><th>url</th><td>{}</td></tr>", external_url(url));
    }
    for k in [
        "date",
        "source",
        "lang",
        "lang_score",
        "script",
        "dup_cluster_size",
    ] {
        let v = s(k);
        if !v.is_empty() {
            let _ = write!(
                body,
                "<tr><th>{k}</th><td dir=\"auto\">{}</td></tr>",
                esc(&v)
            );
        }
    }
    body.push_str("</table>\n");
    for k in ["lede", "captions"] {
        let v = s(k);
        if !v.is_empty() && v != "[]" {
            let _ = write!(
                body,
                "<h2>{k}</h2><div class=\"text\" dir=\"auto\">{}</div>",
                esc(&v)
            );
        }
    }
    let text = s("text");
    let removed = row
        .get("metadata")
        .and_then(|m| m.get(EXPLAIN_REMOVED))
        .and_then(Value::as_array)
        .filter(|r| !r.is_empty());
    if let Some(removed) = removed {
        // With --explain the output keeps the lines clean took out, each with its rule, and
        // the text clean was given: the original is shown with those lines struck in place.
        let original = row
            .get("metadata")
            .and_then(|m| m.get(EXPLAIN_INPUT))
            .and_then(Value::as_str);
        let (left, unplaced) = match original {
            Some(original) => original_with_removals(original, removed),
            None => (String::new(), removed.iter().collect()),
        };
        let mut list = String::new();
        if !unplaced.is_empty() {
            list.push_str("<ul class=\"removed\" id=\"removed\">");
            for r in &unplaced {
                let _ = write!(
                    list,
                    "<li><span class=\"rule\">{}</span> <del dir=\"auto\">{}</del></li>",
                    esc(&rule_of(r)),
                    esc(&r.get("line").map(value_text).unwrap_or_default())
                );
            }
            list.push_str("</ul>");
        }
        let left = if original.is_some() {
            format!(
                "<section><h2>Original, {} line(s) removed</h2><div class=\"text original\" id=\"original\" dir=\"auto\">{left}</div>{list}</section>",
                removed.len()
            )
        } else {
            format!(
                "<section><h2>Lines clean removed ({})</h2>{list}</section>",
                removed.len()
            )
        };
        let _ = writeln!(
            body,
            "<div class=\"cols\">{left}<section><h2>Text as kept</h2><div class=\"text\" id=\"text\" dir=\"auto\">{}</div></section></div>",
            esc(&text)
        );
    } else {
        let _ = writeln!(
            body,
            "<h2>Text</h2><div class=\"text\" id=\"text\" dir=\"auto\">{}</div>",
            esc(&text)
        );
    }
    if let Some(Value::Object(signals)) = row.get("signals") {
        let _ = write!(body, "<h2>Signals</h2>{}", table(signals, &[]));
    }
    match app.search.cluster(id) {
        Ok(members) if members.len() > 1 => {
            let _ = write!(
                body,
                "<h2>Duplicate cluster ({} records)</h2><ul id=\"cluster\">",
                members.len()
            );
            for m in &members {
                let what = match &m.reason {
                    Some(r) => format!("<span class=\"reason\">{}</span>", esc(r)),
                    None => "kept".to_owned(),
                };
                let _ = write!(body, "<li>{} · {what}</li>", record_link(&m.id));
            }
            body.push_str("</ul>\n");
        }
        Ok(_) => {}
        Err(e) => {
            let _ = write!(
                body,
                "<p class=\"note\">cluster: {}</p>",
                esc(&e.to_string())
            );
        }
    }
    if let Some(Value::Object(meta)) = row.get("metadata")
        && meta
            .keys()
            .any(|k| k != EXPLAIN_REMOVED && k != EXPLAIN_INPUT)
    {
        let _ = write!(
            body,
            "<h2>Metadata</h2>{}",
            table(meta, &[EXPLAIN_REMOVED, EXPLAIN_INPUT])
        );
    }
    Html(page(if title.is_empty() { id } else { &title }, "", &body)).into_response()
}

/// `/rejects`: the reasons with their counts; `?reason=` lists that reason's records, paged.
pub async fn rejects(State(app): State<Arc<App>>, Query(p): Params) -> Response {
    let reasons = match app.search.reasons() {
        Ok(r) => r,
        Err(e) => {
            return error_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Index error",
                &e.to_string(),
            );
        }
    };
    let mut body = String::from("<h1>Rejects by reason</h1>\n");
    if reasons.is_empty() {
        body.push_str(
            "<p class=\"note\">The index holds no rejects: build it with \
             <code>ghirbal index --rejects OUT</code>.</p>",
        );
        return Html(page("Rejects", "/rejects", &body)).into_response();
    }
    let chosen = param(&p, "reason");
    body.push_str("<table id=\"reasons\"><tr><th>reason</th><th class=\"n\">records</th></tr>");
    for (reason, count) in &reasons {
        let here = if Some(reason.as_str()) == chosen {
            " class=\"here\""
        } else {
            ""
        };
        let _ = write!(
            body,
            "<tr{here}><td><a href=\"/rejects?reason={}\">{}</a></td><td class=\"n\">{count}</td></tr>",
            esc(&url_enc(reason)),
            esc(reason)
        );
    }
    body.push_str("</table>\n");
    let Some(reason) = chosen else {
        return Html(page("Rejects", "/rejects", &body)).into_response();
    };
    let n = page_number(&p);
    let req = SearchRequest {
        query: String::new(),
        lang: None,
        limit: PAGE_SIZE,
        offset: (n - 1) * PAGE_SIZE,
        rejects: true,
        reason: Some(reason.to_owned()),
    };
    let results = match app.search.search(&req) {
        Ok(r) => r,
        Err(e) => {
            return error_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Index error",
                &e.to_string(),
            );
        }
    };
    let _ = write!(body, "<h2>{}: {} records</h2>", esc(reason), results.total);
    let mut list = String::from("<ol class=\"hits\">\n");
    for hit in &results.hits {
        let title = if hit.title.is_empty() {
            "(no title)".to_owned()
        } else {
            esc(&hit.title)
        };
        let first = hit.snippet.lines().next().unwrap_or("");
        let _ = writeln!(
            list,
            "<li class=\"hit\"><a class=\"hit-title\" href=\"{}\" dir=\"auto\">{title}</a>\
             <div class=\"meta\"><span dir=\"auto\">{}</span> · <span class=\"reason\">{}</span> · <code>{}</code></div>\
             <p class=\"snippet\" dir=\"auto\">{}</p></li>",
            esc(&record_href(&hit.id)),
            esc(&hit.id),
            esc(hit.reason.as_deref().unwrap_or("")),
            esc(hit.detail.as_deref().unwrap_or("")),
            esc(first)
        );
    }
    list.push_str("</ol>\n");
    body.push_str(&list);
    body.push_str(&pager(
        &format!("/rejects?reason={}", url_enc(reason)),
        n,
        results.total,
    ));
    Html(page(&format!("{reason} — rejects"), "/rejects", &body)).into_response()
}

/// `/report`: the run's `OUT/report.html`, under the report's own policy. The one file the
/// UI reads besides the index; its path is fixed, never taken from the request.
pub async fn report(State(app): State<Arc<App>>) -> Response {
    match tokio::fs::read(app.out.join("report.html")).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CONTENT_SECURITY_POLICY, REPORT_CSP),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => error_page(
            StatusCode::NOT_FOUND,
            "No report",
            "This output folder has no report.html: make one with `ghirbal report OUT`.",
        ),
    }
}
