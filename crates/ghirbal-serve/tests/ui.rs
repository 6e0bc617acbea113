//! The UI over a real output folder: pages, escaping, headers and refusals over raw HTTP, and
//! the pages driven in headless Chromium (`tests/ui_browser.py`, Playwright with the system
//! Chromium: `GHIRBAL_TEST_CHROMIUM` or /usr/bin/chromium, `GHIRBAL_PYTHON` or python3). The
//! server binds 127.0.0.1 on a free port and ends with the test process. Without Chromium or
//! Playwright the browser test prints why and passes, except under CI (`CI` set), where
//! scripts/test.d/60-ui.sh installs both and their absence fails it.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use ghirbal_core::config::OutputFormat;
use ghirbal_core::reason::{dedup, filter};
use ghirbal_core::{Record, Reject, RunStats};
use ghirbal_io::{Row, ShardWriter, encode};

/// The record whose every field tries to run a script.
const XSS_TITLE: &str = "<script>window.__xss = 'title'; alert('title')</script>";
const XSS_TEXT: &str = "خبر <img src=x onerror=\"window.__xss='img'; alert('img')\"> \
                        </div><script>window.__xss='text'</script> <a href=\"javascript:window.__xss='a'\">x</a>";
const XSS_URL: &str = "javascript:window.__xss='url';alert(1)";

fn write_part(dir: &Path, rows: &[(Record, Option<Reject>)]) {
    let rows: Vec<Row> = rows
        .iter()
        .map(|(record, reject)| Row {
            record,
            reject: reject.as_ref(),
        })
        .collect();
    let mut w = ShardWriter::create(dir, 0, OutputFormat::Jsonl).unwrap();
    w.write(
        encode(OutputFormat::Jsonl, &rows, 3).unwrap(),
        rows.len() as u64,
    )
    .unwrap();
    let _ = w.finish().unwrap();
}

fn rec(id: &str, lang: &str, title: &str, text: &str) -> Record {
    let mut r = Record::new(id, text);
    r.lang = Some(lang.into());
    r.title = Some(title.into());
    r.source = Some("test".into());
    r.url = Some(format!("https://news.example/{id}"));
    r
}

/// An output folder: Arabic news (one with the lines clean removed), English, the XSS record,
/// a duplicate and a filter reject with 45 more of its reason (paging), stats.json and the
/// report made from it; indexed.
fn folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ghirbal-serve-ui-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut school = rec(
        "school",
        "ar",
        "افتتاح مدرسة جديدة في الرياض",
        "افتتحت وزارة التعليم مدرسة جديدة في الرياض تتسع لألف طالب.\nوقال الوزير إن المدرسة تضم مكتبة ومختبرات.",
    );
    school.dup_cluster_size = 2;
    school.signals.insert("filter.words".into(), 17.into());
    // As `run --explain` writes it: clean's removals name their line in `clean_input`; the
    // site stage's (it saw the cleaned text) have no `at`.
    school.metadata.insert(
        "removed".into(),
        serde_json::json!([
            {"line": "اقرأ أيضا: أخبار التعليم", "reason": "clean:furniture", "rule": "read_also", "at": 0},
            {"line": "شارك هذا الخبر", "reason": "clean:boilerplate", "rule": "site"}
        ]),
    );
    school.metadata.insert(
        "clean_input".into(),
        "اقرأ أيضا: أخبار التعليم\n\nافتتحت وزارة التعليم مدرسة جديدة في الرياض تتسع لألف طالب.\nوقال الوزير إن المدرسة تضم مكتبة ومختبرات.\n\nشارك هذا الخبر".into(),
    );
    let mut xss = rec("xss<1>", "ar", XSS_TITLE, XSS_TEXT);
    xss.url = Some(XSS_URL.into());
    xss.metadata
        .insert("author".into(), "<img src=x onerror=alert(2)>".into());
    let kept = vec![
        (school, None),
        (
            rec(
                "teachers",
                "ar",
                "الْمُعَلِّمُونَ يَجْتَمِعُونَ",
                "اِجْتَمَعَ الْمُعَلِّمُونَ فِي الْمَكْتَبَةِ لِمُنَاقَشَةِ الْمَنَاهِجِ.",
            ),
            None,
        ),
        (
            rec(
                "english",
                "en",
                "Ministers meet",
                "The ministers were meeting in Riyadh to discuss the new school curriculum.",
            ),
            None,
        ),
        (xss, None),
    ];
    write_part(&dir.join("kept"), &kept);
    let mut rejects = vec![(
        rec(
            "school-copy",
            "ar",
            "افتتاح مدرسة جديدة في الرياض",
            "افتتحت وزارة التعليم مدرسة جديدة في الرياض تتسع لألف طالب.",
        ),
        Some(Reject::new(
            dedup::EXACT,
            serde_json::json!({"kept_id": "school", "cluster_size": 2}),
        )),
    )];
    for i in 0..46 {
        rejects.push((
            rec(
                &format!("short-{i:02}"),
                "ar",
                "",
                &format!("نص قصير رقم {i}"),
            ),
            Some(Reject::new(
                filter::GOPHER_QUALITY_SHORT_DOC,
                serde_json::json!({"value": 3, "threshold": 50}),
            )),
        ));
    }
    write_part(&dir.join("rejects"), &rejects);
    // The run's stats, and the report made from them by ghirbal-report, as a run writes it.
    let mut stats = RunStats::default();
    for (_, reject) in kept.iter().chain(&rejects) {
        stats.total.count(reject.as_ref().map(|r| &r.reason));
    }
    std::fs::write(
        dir.join("stats.json"),
        serde_json::to_vec_pretty(&stats).unwrap(),
    )
    .unwrap();
    ghirbal_report::report_folder(&dir).unwrap();
    // A file beside OUT that no request may reach.
    std::fs::write(dir.with_extension("secret"), "SECRET-OUTSIDE-OUT").unwrap();
    ghirbal_search::build_index(&dir, true).unwrap();
    dir
}

/// The output folder every test of this file reads, made once.
fn out_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(folder).clone()
}

/// One server for every test of this file.
fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let out = out_dir();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
            ghirbal_serve::serve(&out, addr, |a| tx.send(a).unwrap()).unwrap();
        });
        rx.recv_timeout(Duration::from_secs(120)).unwrap()
    })
}

/// A raw HTTP/1.1 exchange, so paths reach the server exactly as written.
fn raw(request: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(server()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_owned())
}

fn get(path: &str) -> (u16, String, String) {
    raw(&format!(
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    ))
}

#[test]
fn search_page_finds_vocalised_and_prefixed_forms_with_marks() {
    let (status, head, body) = get("/?q=%D9%88%D8%A8%D8%A7%D9%84%D9%85%D8%AF%D8%B1%D8%B3%D8%A9"); // وبالمدرسة
    assert_eq!(status, 200);
    assert!(
        head.contains("content-security-policy: default-src 'none'"),
        "{head}"
    );
    assert!(body.contains("/record?id=school"), "{body}");
    assert!(body.contains("<mark>مدرسة</mark>"), "{body}");
    let (_, _, body) = get("/?q=%D9%85%D8%B9%D9%84%D9%85"); // معلم
    assert!(body.contains("/record?id=teachers"), "{body}");
}

#[test]
fn record_page_shows_text_signals_removed_lines_and_cluster() {
    let (status, _, body) = get("/record?id=school");
    assert_eq!(status, 200);
    assert!(body.contains("id=\"text\" dir=\"auto\""), "{body}");
    assert!(body.contains("filter.words"));
    assert!(body.contains("اقرأ أيضا: أخبار التعليم") && body.contains("read_also"));
    // The original, with each removed line struck where it stood, beside the text as kept.
    let original = &body[body.find("id=\"original\"").expect("an original column")..];
    let original = &original[..original.find("</section>").unwrap()];
    let first = original
        .find("<div class=\"gone\"><del>اقرأ أيضا")
        .expect("line 0 struck");
    let kept_line = original.find("<div>افتتحت وزارة").expect("a kept line");
    let last = original
        .find("<div class=\"gone\"><del>شارك هذا الخبر")
        .expect("placed by its text");
    assert!(first < kept_line && kept_line < last, "{original}");
    assert!(
        !original.contains("id=\"removed\""),
        "every removal was placed: {original}"
    );
    assert!(
        body.contains("/record?id=school-copy"),
        "no cluster link: {body}"
    );
    let (_, _, body) = get("/record?id=school-copy");
    assert!(
        body.contains("dedup:exact") && body.contains("kept_id"),
        "{body}"
    );
    assert!(body.contains("/record?id=school\""), "{body}");
    assert_eq!(get("/record?id=nope").0, 404);
}

#[test]
fn rejects_are_listed_by_reason_and_paged() {
    let (status, _, body) = get("/rejects");
    assert_eq!(status, 200);
    assert!(
        body.contains("filter:gopher_quality:short_doc") && body.contains(">46<"),
        "{body}"
    );
    let (_, _, page1) = get("/rejects?reason=filter%3Agopher_quality%3Ashort_doc");
    assert!(
        page1.contains("page 1 of 3") && page1.contains("short-00"),
        "{page1}"
    );
    assert!(!page1.contains("short-20"));
    let (_, _, page3) = get("/rejects?reason=filter%3Agopher_quality%3Ashort_doc&page=3");
    assert!(
        page3.contains("short-45") && !page3.contains("short-00\""),
        "{page3}"
    );
    // Out-of-range and malformed pages are clamped, not errors.
    assert_eq!(
        get("/rejects?reason=filter%3Agopher_quality%3Ashort_doc&page=999999999999").0,
        200
    );
    assert_eq!(get("/rejects?reason=x&page=-1").0, 200);
}

#[test]
fn crawled_markup_is_escaped_everywhere() {
    for path in [
        "/record?id=xss%3C1%3E",
        "/?q=%D8%AE%D8%A8%D8%B1",
        "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    ] {
        let (status, _, body) = get(path);
        assert_eq!(status, 200, "{path}");
        let lower = body.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "{path}: {body}");
        assert!(!lower.contains("<img"), "{path}: {body}");
        assert!(!lower.contains("href=\"javascript:"), "{path}: {body}");
    }
    let (_, _, body) = get("/record?id=xss%3C1%3E");
    assert!(body.contains("&lt;script&gt;window.__xss"), "{body}");
    assert!(
        body.contains("javascript:window.__xss=&#39;url&#39;"),
        "{body}"
    );
}

#[test]
fn nothing_outside_the_pages_is_served() {
    for path in [
        "/../ghirbal-serve-ui.secret",
        "/..%2f..%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%252e%252e%252fetc%252fpasswd",
        "/report/../../etc/passwd",
        "/report/..%2f..%2fstats.json",
        "/..\\..\\etc\\passwd",
        "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/index/meta.json",
        "/kept/part-00000.jsonl.zst",
        "/style.css/../../etc/passwd",
        "//etc/passwd",
        "/record?id=../../../etc/passwd",
    ] {
        let (status, _, body) = get(path);
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(
            !body.contains("root:") && !body.contains("SECRET-OUTSIDE-OUT"),
            "{path}"
        );
    }
}

#[test]
fn the_report_is_served_under_its_own_policy() {
    let (status, head, body) = get("/report");
    assert_eq!(status, 200);
    assert!(body.contains("ghirbal report"));
    assert!(
        head.contains("content-security-policy: default-src 'none'; style-src 'unsafe-inline'"),
        "{head}"
    );
    assert!(!head.contains("script-src"));
}

#[test]
fn writes_bodies_and_long_uris_are_refused() {
    let (status, _, _) = raw(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
    );
    assert_eq!(status, 405);
    let (status, _, _) =
        raw("DELETE /record?id=school HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 405);
    let (status, _, _) = raw(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
    );
    assert_eq!(status, 413);
    let long = format!("/?q={}", "a".repeat(ghirbal_serve::MAX_URI_BYTES + 10));
    assert_eq!(get(&long).0, 414);
    // A query just under the bound still answers.
    let ok = format!("/?q={}", "ب ".repeat(500).replace(' ', "+"));
    assert_eq!(get(&ok).0, 200);
}

/// Where Chromium and a Python with Playwright are, or why the browser test cannot run.
fn browser() -> Result<(PathBuf, PathBuf), String> {
    let chromium = std::env::var_os("GHIRBAL_TEST_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.is_file() {
        return Err(format!(
            "no Chromium at {} (scripts/test.d/60-ui.sh installs Debian's chromium)",
            chromium.display()
        ));
    }
    let python = std::env::var_os("GHIRBAL_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("python3"));
    let has_playwright = std::process::Command::new(&python)
        .args(["-c", "import playwright.sync_api"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_playwright {
        return Err(format!(
            "{} cannot import playwright (scripts/requirements/ui.txt; scripts/test.sh installs it)",
            python.display()
        ));
    }
    Ok((chromium, python))
}

#[test]
fn headless_chromium_drives_the_ui() {
    let (chromium, python) = match browser() {
        Ok(found) => found,
        // CI installs both (scripts/test.d/60-ui.sh): there, missing is a failure.
        Err(why) if std::env::var_os("CI").is_some() => panic!("browser test cannot run: {why}"),
        Err(why) => {
            eprintln!("skipped: the headless-Chromium test: {why}");
            return;
        }
    };
    let base = format!("http://{}", server());
    let shots = std::env::var_os("GHIRBAL_TEST_ARTEFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("ui-screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui_browser.py");
    let got = std::process::Command::new(python)
        .arg(script)
        .arg(&base)
        .arg(&chromium)
        .arg(&shots)
        .output()
        .unwrap();
    let said = format!(
        "{}\n{}",
        String::from_utf8_lossy(&got.stdout),
        String::from_utf8_lossy(&got.stderr)
    );
    assert!(got.status.success(), "browser test failed:\n{said}");
    eprintln!("{said}");
    for name in ["search", "record", "rejects", "reject", "xss", "report"] {
        let shot = shots.join(format!("{name}.png"));
        assert!(
            std::fs::metadata(&shot).is_ok_and(|m| m.len() > 1000),
            "no screenshot {}",
            shot.display()
        );
    }
}

/// A server of its own over the same folder, with small limits.
fn limited_server(limits: ghirbal_serve::Limits) -> SocketAddr {
    let out = out_dir();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
        ghirbal_serve::serve_with(&out, addr, limits, |a| tx.send(a).unwrap()).unwrap();
    });
    rx.recv_timeout(Duration::from_secs(120)).unwrap()
}

/// What the server sends on `s` before it closes it; `None` when it kept the connection open
/// past the read timeout (it would have waited for the client).
fn until_closed(s: &mut TcpStream) -> Option<String> {
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut bytes = Vec::new();
    match s.read_to_end(&mut bytes) {
        Ok(_) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
            Some(String::from_utf8_lossy(&bytes).into_owned())
        }
        Err(_) => None,
    }
}

#[test]
fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let addr = limited_server(ghirbal_serve::Limits {
        header_timeout: Duration::from_millis(500),
        ..Default::default()
    });
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1")
        .unwrap();
    let said = until_closed(&mut slow).expect("the server kept a half-sent request open");
    assert!(
        said.is_empty() || said.starts_with("HTTP/1.1 408"),
        "{said}"
    );
}

#[test]
fn connections_beyond_the_cap_are_answered_busy_and_closed() {
    let addr = limited_server(ghirbal_serve::Limits {
        max_connections: 2,
        ..Default::default()
    });
    // Two idle connections hold both places (accepted in order, before the third).
    let a = TcpStream::connect(addr).unwrap();
    let _b = TcpStream::connect(addr).unwrap();
    let mut c = TcpStream::connect(addr).unwrap();
    c.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let said = until_closed(&mut c).expect("the third connection was held open");
    assert!(said.starts_with("HTTP/1.1 503"), "{said}");
    // A place frees when a connection ends: a new one is served again.
    drop(a);
    let mut served = false;
    for _ in 0..100 {
        let mut d = TcpStream::connect(addr).unwrap();
        d.write_all(b"GET /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .unwrap();
        let said = until_closed(&mut d).unwrap_or_default();
        if said.starts_with("HTTP/1.1 200") {
            served = true;
            break;
        }
        assert!(said.starts_with("HTTP/1.1 503"), "{said}");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(served, "no connection was served after one place freed");
}
