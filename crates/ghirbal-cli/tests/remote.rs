//! Reading from and writing to object storage and HTTP, end to end.
//!
//! The S3 tests need a local S3-compatible server: `scripts/test.sh` starts moto on 127.0.0.1
//! (`scripts/test.d/50-remote.sh`) and exports `GHIRBAL_TEST_S3_ENDPOINT` and `_BUCKET`, and
//! a second server that checks signatures, `GHIRBAL_TEST_S3_AUTH_ENDPOINT` with `_AUTH_KEY_ID`
//! and `_AUTH_SECRET`; without them those tests print why and pass. The HTTP tests run a server of
//! their own on 127.0.0.1 that drops a connection mid-file and answers 503 once.

mod util;

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex};

use ghirbal_io::storage::Storage;
use util::{Dir, ghirbal};

/// Where the test S3 server is, or `None` (the test is skipped).
struct S3 {
    endpoint: String,
    bucket: String,
    key_id: String,
    secret: String,
}

impl S3 {
    /// The server that takes any credentials (these, so tests can look for them).
    fn from_env() -> Option<S3> {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let Some(endpoint) = get("GHIRBAL_TEST_S3_ENDPOINT") else {
            println!("skipped: GHIRBAL_TEST_S3_ENDPOINT is not set (scripts/test.sh starts moto)");
            return None;
        };
        Some(S3 {
            endpoint,
            bucket: get("GHIRBAL_TEST_S3_BUCKET").unwrap_or_else(|| "ghirbal-test".into()),
            key_id: "ghirbal-test-key".into(),
            secret: "ghirbal-test-secret-Zq81".into(),
        })
    }

    /// The server that checks signatures, with the one key it knows.
    fn auth_from_env() -> Option<S3> {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let (Some(endpoint), Some(key_id), Some(secret)) = (
            get("GHIRBAL_TEST_S3_AUTH_ENDPOINT"),
            get("GHIRBAL_TEST_S3_AUTH_KEY_ID"),
            get("GHIRBAL_TEST_S3_AUTH_SECRET"),
        ) else {
            println!(
                "skipped: GHIRBAL_TEST_S3_AUTH_ENDPOINT is not set (scripts/test.sh starts moto)"
            );
            return None;
        };
        Some(S3 {
            endpoint,
            bucket: get("GHIRBAL_TEST_S3_BUCKET").unwrap_or_else(|| "ghirbal-test".into()),
            key_id,
            secret,
        })
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ENDPOINT_URL", self.endpoint.clone()),
            ("AWS_ACCESS_KEY_ID", self.key_id.clone()),
            ("AWS_SECRET_ACCESS_KEY", self.secret.clone()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_PROFILE", "".into()),
            ("HOME", "/nonexistent".into()),
            ("GHIRBAL_STORAGE_BACKOFF_MS", "20".into()),
        ]
    }

    fn storage(&self) -> ghirbal_remote::Remote {
        let vars: BTreeMap<String, String> = self
            .env()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        ghirbal_remote::Remote::new(ghirbal_remote::Settings::from_vars(&vars))
    }

    /// A prefix of the test bucket no other test uses.
    fn prefix(&self, test: &str) -> String {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        format!("s3://{}/{test}-{nanos}", self.bucket)
    }

    /// Uploads every file under `dir` to `prefix`, keeping relative paths.
    fn upload(&self, dir: &Path, prefix: &str) {
        let storage = self.storage();
        for (rel, bytes) in util::tree_bytes(dir) {
            storage
                .put(&format!("{prefix}/{rel}"), &bytes)
                .unwrap_or_else(|e| panic!("upload {rel}: {e}"));
        }
    }
}

/// Runs `ghirbal run --quiet ARGS` with `env`.
fn run(env: &[(&str, String)], args: &[&str]) -> Output {
    let mut c = ghirbal();
    c.arg("run").arg("--quiet").args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn run_ok(env: &[(&str, String)], args: &[&str]) -> Output {
    let out = run(env, args);
    assert!(
        out.status.success(),
        "ghirbal run {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The inputs: a slice of SaudiNewsNet cut in three parts (plain, gzip, zstd) when the data
/// is there, and the sample's WARC, WET and JSONL files.
fn inputs(d: &Dir) -> PathBuf {
    let root = d.path("in");
    std::fs::create_dir_all(&root).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    for name in [
        "crawl.warc.gz",
        "crawl.warc.wet.gz",
        "articles.jsonl",
        "wire.jsonl.gz",
    ] {
        std::fs::copy(examples.join(name), root.join(name)).unwrap();
    }
    let snn = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/arabic/saudinewsnet/saudinewsnet.jsonl.zst");
    if let Ok(file) = std::fs::File::open(&snn) {
        let lines: Vec<String> = BufReader::new(zstd::Decoder::new(file).unwrap())
            .lines()
            .take(1200)
            .map(|l| {
                // SaudiNewsNet names its text `content`.
                let mut v: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_str(&l.unwrap()).unwrap();
                if let Some(t) = v.remove("content") {
                    v.insert("text".into(), t);
                }
                serde_json::to_string(&v).unwrap()
            })
            .collect();
        let part = |i: usize| lines[i * 400..(i + 1) * 400].join("\n") + "\n";
        std::fs::create_dir_all(root.join("snn")).unwrap();
        std::fs::write(root.join("snn/part-0.jsonl"), part(0)).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(part(1).as_bytes()).unwrap();
        std::fs::write(root.join("snn/part-1.jsonl.gz"), gz.finish().unwrap()).unwrap();
        std::fs::write(
            root.join("snn/part-2.jsonl.zst"),
            zstd::encode_all(part(2).as_bytes(), 3).unwrap(),
        )
        .unwrap();
    } else {
        println!("note: SaudiNewsNet is not in ../shared/data; the sample files only");
    }
    root
}

/// Every output row of `out/kept` and `out/rejects`, decompressed, shard by shard, with
/// `from` (the input place of one run) written as `to` (the other's), so that two runs that
/// differ only in where they read can be compared byte for byte.
fn output_text(out: &Path, from: &str, to: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for dir in ["kept", "rejects"] {
        let mut names: Vec<PathBuf> = std::fs::read_dir(out.join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        names.sort();
        for f in names {
            let mut text = String::new();
            zstd::Decoder::new(std::fs::File::open(&f).unwrap())
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            let rel = f.strip_prefix(out).unwrap().to_string_lossy().into_owned();
            files.push((rel, text.replace(from, to)));
        }
    }
    assert!(!files.is_empty(), "no output in {}", out.display());
    files
}

#[test]
fn s3_prefix_reads_like_the_local_folder() {
    let Some(s3) = S3::from_env() else { return };
    let d = Dir::new();
    let root = inputs(&d);
    let prefix = s3.prefix("prefix");
    s3.upload(&root, &format!("{prefix}/in"));
    let env = s3.env();
    let local = d.path("local");
    let remote = d.path("remote");
    let root_name = root.to_string_lossy().into_owned();
    run_ok(&env, &[&root_name, "-o", local.to_str().unwrap()]);
    let url = format!("{prefix}/in/");
    run_ok(&env, &[&url, "-o", remote.to_str().unwrap()]);
    assert_eq!(
        output_text(&remote, &format!("{prefix}/in"), &root_name),
        output_text(&local, "", "")
    );
    let stats = util::stats(&remote);
    util::assert_balanced(&stats);
    let files: Vec<&String> = stats["files"].as_object().unwrap().keys().collect();
    assert!(files.iter().all(|f| f.starts_with(&prefix)), "{files:?}");
    let local_stats = util::stats(&local);
    assert_eq!(stats["total"]["read"], local_stats["total"]["read"]);
    assert_eq!(stats["total"]["kept"], local_stats["total"]["kept"]);
}

#[test]
fn s3_glob_takes_the_matching_keys_in_byte_order() {
    let Some(s3) = S3::from_env() else { return };
    let d = Dir::new();
    for name in [
        "b.jsonl",
        "a.jsonl",
        "a.txt",
        "sub/c.jsonl",
        ".hidden.jsonl",
    ] {
        d.write(
            &format!("in/{name}"),
            format!("{{\"text\":\"text of {name} with enough words\"}}\n"),
        );
    }
    let prefix = s3.prefix("glob");
    s3.upload(&d.path("in"), &prefix);
    let out = d.path("out");
    let glob = format!("{prefix}/*.jsonl");
    run_ok(
        &s3.env(),
        &["--preset", "minimal", &glob, "-o", out.to_str().unwrap()],
    );
    let stats = util::stats(&out);
    let files: Vec<String> = stats["files"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        files,
        [format!("{prefix}/a.jsonl"), format!("{prefix}/b.jsonl")]
    );
    let ids: Vec<String> = util::rows(&out.join("kept"))
        .iter()
        .map(|r| r["metadata"]["input_file"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        ids,
        [format!("{prefix}/a.jsonl"), format!("{prefix}/b.jsonl")]
    );
}

#[test]
fn wrong_secret_and_missing_bucket_stop_with_one_line() {
    let Some(s3) = S3::auth_from_env() else {
        return;
    };
    let d = Dir::new();
    d.write("in/a.jsonl", "{\"text\":\"hello there\"}\n");
    let prefix = s3.prefix("auth");
    s3.upload(&d.path("in"), &prefix);
    let out = d.path("out");
    let wrong = "Wr0ngSecretValueThatMustNotLeak";
    let mut env = s3.env();
    env.retain(|(k, _)| *k != "AWS_SECRET_ACCESS_KEY");
    env.push(("AWS_SECRET_ACCESS_KEY", wrong.into()));
    let url = format!("{prefix}/a.jsonl");
    let o = run(&env, &[&url, "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("credentials"), "{stderr}");
    for secret in [wrong, s3.secret.as_str()] {
        assert!(!stderr.contains(secret), "secret on stderr: {stderr}");
    }

    // A prefix, so that the answer is a listing's (a HEAD's 403 has no error code).
    let o = run(&env, &[&format!("{prefix}/"), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("credentials"), "{stderr}");
    assert!(!stderr.contains(wrong), "secret on stderr: {stderr}");

    let Some(open) = S3::from_env() else { return };
    let missing = "s3://ghirbal-no-such-bucket/a.jsonl";
    let o = run(&open.env(), &[missing, "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("bucket does not exist"), "{stderr}");
    assert!(!stderr.contains(&open.secret), "secret on stderr: {stderr}");
}

#[test]
fn a_missing_object_is_a_missing_input() {
    let Some(s3) = S3::from_env() else { return };
    let d = Dir::new();
    d.write("in/a.jsonl", "{\"text\":\"hello there\"}\n");
    let prefix = s3.prefix("missing");
    s3.upload(&d.path("in"), &prefix);
    let out = d.path("out");
    let a = format!("{prefix}/a.jsonl");
    let gone = format!("{prefix}/gone.jsonl");
    // As a mistyped local path: nothing is read, one line, exit 2.
    let o = run(
        &s3.env(),
        &[
            "--preset",
            "minimal",
            &a,
            &gone,
            "-o",
            out.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&gone), "{stderr}");
}

/// A file server on 127.0.0.1 for the test: HEAD and ranged GET, one request per connection,
/// with faults to inject once per file.
struct HttpServer {
    addr: String,
    state: Arc<Mutex<ServerState>>,
}

#[derive(Default)]
struct ServerState {
    files: HashMap<String, Vec<u8>>,
    /// Files whose next GET sends half the body and closes the connection.
    drop_once: Vec<String>,
    /// Files whose next GET is answered 503.
    unavailable_once: Vec<String>,
    /// Body bytes sent per file (a dropped transfer counts what it sent).
    sent: HashMap<String, u64>,
    /// GET requests per file, with the first byte asked for.
    gets: Vec<(String, u64)>,
    /// When set, the faults above wait for a GET of a bounded range (`bytes=a-b`, the
    /// requests Parquet is read with) and leave whole-object GETs alone.
    faults_on_ranges: bool,
}

impl HttpServer {
    fn start(files: HashMap<String, Vec<u8>>) -> HttpServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(ServerState {
            files,
            ..ServerState::default()
        }));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let state = shared.clone();
                std::thread::spawn(move || serve(stream, &state));
            }
        });
        HttpServer { addr, state }
    }
}

fn serve(mut stream: TcpStream, state: &Mutex<ServerState>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut range_start = 0u64;
    // The last byte asked for (inclusive), for a bounded range.
    let mut range_last: Option<u64> = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("range: bytes=") {
            let (first, last) = v.trim().split_once('-').unwrap_or((v.trim(), ""));
            range_start = first.parse().unwrap_or(0);
            range_last = last.parse().ok();
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let path = parts
        .next()
        .unwrap_or("/")
        .trim_start_matches('/')
        .to_owned();
    let mut st = state.lock().unwrap();
    let Some(body) = st.files.get(&path).cloned() else {
        let _ = stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
    };
    let etag = format!(
        "\"{:x}-{}\"",
        body.len(),
        body.iter().map(|&b| b as u64).sum::<u64>()
    );
    if method == "HEAD" {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nETag: {etag}\r\nAccept-Ranges: bytes\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        return;
    }
    st.gets.push((path.clone(), range_start));
    let faults_apply = !st.faults_on_ranges || range_last.is_some();
    if let Some(i) = st
        .unavailable_once
        .iter()
        .position(|p| *p == path && faults_apply)
    {
        st.unavailable_once.remove(i);
        let _ = stream.write_all(
            b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        return;
    }
    let end = range_last.map_or(body.len() as u64, |last| (last + 1).min(body.len() as u64));
    let rest = &body[range_start.min(end) as usize..end as usize];
    let status = if range_start > 0 || range_last.is_some() {
        format!(
            "206 Partial Content\r\nContent-Range: bytes {range_start}-{}/{}",
            end - 1,
            body.len()
        )
    } else {
        "200 OK".to_owned()
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nETag: {etag}\r\nAccept-Ranges: bytes\r\nConnection: close\r\n\r\n",
        rest.len()
    );
    let send = if let Some(i) = st.drop_once.iter().position(|p| *p == path && faults_apply) {
        st.drop_once.remove(i);
        &rest[..rest.len() / 2]
    } else {
        rest
    };
    *st.sent.entry(path).or_default() += send.len() as u64;
    drop(st);
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(send);
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Both);
}

#[test]
fn http_paths_file_inputs_survive_a_dropped_connection_and_a_503() {
    let d = Dir::new();
    let root = inputs(&d);
    let mut files = HashMap::new();
    let mut names = Vec::new();
    for (rel, bytes) in util::tree_bytes(&root) {
        names.push(rel.clone());
        files.insert(format!("data/{rel}"), bytes);
    }
    // Common Crawl's layout: a gzip list of relative paths, read with --base-url.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for n in &names {
        writeln!(gz, "{n}").unwrap();
    }
    let mut served = files.clone();
    served.insert("warc.paths.gz".into(), gz.finish().unwrap());
    let server = HttpServer::start(served);
    let mut faults = vec!["data/crawl.warc.gz", "data/crawl.warc.wet.gz"];
    if names.iter().any(|n| n == "snn/part-1.jsonl.gz") {
        faults.extend(["data/snn/part-1.jsonl.gz", "data/snn/part-2.jsonl.zst"]);
    }
    {
        let mut st = server.state.lock().unwrap();
        for (i, f) in faults.iter().enumerate() {
            if i % 2 == 0 {
                st.drop_once.push(f.to_string());
            } else {
                st.unavailable_once.push(f.to_string());
            }
        }
    }
    let locals: Vec<String> = names
        .iter()
        .map(|n| root.join(n).to_string_lossy().into_owned())
        .collect();
    let env = [("GHIRBAL_STORAGE_BACKOFF_MS", "20".to_owned())];
    let local = d.path("local");
    let remote = d.path("remote");
    let mut args: Vec<&str> = locals.iter().map(String::as_str).collect();
    args.extend(["-o", local.to_str().unwrap()]);
    run_ok(&env, &args);
    let paths = format!("{}/warc.paths.gz", server.addr);
    let base_url = format!("{}/data/", server.addr);
    run_ok(
        &env,
        &[
            "--paths",
            &paths,
            "--base-url",
            &base_url,
            "-o",
            remote.to_str().unwrap(),
        ],
    );

    let base = format!("{}/data", server.addr);
    assert_eq!(
        output_text(&remote, &base, &root.to_string_lossy()),
        output_text(&local, "", "")
    );
    let stats = util::stats(&remote);
    util::assert_balanced(&stats);
    assert_eq!(stats["total"]["read"], util::stats(&local)["total"]["read"]);
    assert!(
        stats["total"]["errors"]
            .as_object()
            .is_none_or(|e| e.is_empty()),
        "{}",
        stats["total"]
    );
    // Each fault cost one retry of that input, counted under its URL.
    let faulted: Vec<String> = faults
        .iter()
        .map(|f| format!("{}/{f}", server.addr))
        .collect();
    {
        let st = server.state.lock().unwrap();
        assert!(st.drop_once.is_empty() && st.unavailable_once.is_empty());
    }
    for (name, counts) in stats["files"].as_object().unwrap() {
        let expected = u64::from(faulted.contains(name));
        assert_eq!(counts["retries"].as_u64().unwrap_or(0), expected, "{name}");
    }
    assert_eq!(
        stats["total"]["retries"].as_u64(),
        Some(faulted.len() as u64)
    );
    // Every byte of a broken transfer was sent once: it was resumed at the byte it reached.
    // (Only those: the run opens its first input once more to check it has a text field.)
    let st = server.state.lock().unwrap();
    for f in &faults {
        let len = files[*f].len() as u64;
        assert_eq!(st.sent.get(*f).copied(), Some(len), "{f}");
    }
    // The dropped file was resumed from the byte it reached, not read again from the start.
    let resumed: Vec<&(String, u64)> = st.gets.iter().filter(|(_, at)| *at > 0).collect();
    assert!(
        resumed.iter().any(|(p, _)| p == "data/crawl.warc.gz"),
        "{:?}",
        st.gets
    );
}

impl S3 {
    /// Every object under `prefix` (a URL without trailing `/`), by path relative to it.
    fn download(&self, prefix: &str) -> Vec<(String, Vec<u8>)> {
        let storage = self.storage();
        let mut out: Vec<(String, Vec<u8>)> = storage
            .list_all(&format!("{prefix}/"))
            .unwrap()
            .into_iter()
            .map(|o| {
                let rel = o.url[prefix.len() + 1..].to_owned();
                let bytes = storage.read_all(&o.url).unwrap().unwrap();
                (rel, bytes)
            })
            .collect();
        out.sort();
        out
    }

    fn manifest_shards(&self, out: &str) -> usize {
        self.storage()
            .read_all(&format!("{out}/.ghirbal/manifest.json"))
            .ok()
            .flatten()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .and_then(|v| v["shards"].as_object().map(|m| m.len()))
            .unwrap_or(0)
    }
}

/// The files of a local output as they must appear under a remote one: every path, the
/// bytes of `kept/`, `rejects/` and the dataset card, and `stats.json` without its timings
/// (the manifest holds timings too, and the report shows them).
fn comparable(files: Vec<(String, Vec<u8>)>) -> Vec<(String, Option<Vec<u8>>)> {
    fn untimed(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.retain(|k, _| !matches!(k.as_str(), "seconds" | "peak_rss_bytes"));
                m.values_mut().for_each(untimed);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(untimed),
            _ => {}
        }
    }
    files
        .into_iter()
        .map(|(rel, bytes)| {
            let data = match rel.as_str() {
                "README.md" => Some(bytes),
                "stats.json" => {
                    let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                    untimed(&mut v);
                    Some(serde_json::to_vec(&v).unwrap())
                }
                r if r.starts_with("kept/") || r.starts_with("rejects/") => Some(bytes),
                _ => None,
            };
            (rel, data)
        })
        .collect()
}

#[test]
fn s3_output_equals_local_output_object_for_object() {
    let Some(s3) = S3::from_env() else { return };
    let d = Dir::new();
    let root = inputs(&d);
    // At least two kept shards whether or not SaudiNewsNet is there to read.
    let shard = if root.join("snn").exists() { 500 } else { 4 };
    let cfg = d.write("c.toml", format!("[run]\nshard_records = {shard}\n"));
    let local = d.path("local");
    let remote = format!("{}/out", s3.prefix("output"));
    let common = [
        root.to_str().unwrap(),
        "--config",
        cfg.to_str().unwrap(),
        "-o",
    ];
    let mut args = common.to_vec();
    args.push(local.to_str().unwrap());
    run_ok(&s3.env(), &args);
    let mut args = common.to_vec();
    args.push(&remote);
    let o = run_ok(&s3.env(), &args);
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let objects = s3.download(&remote);
    let local_files = util::tree_bytes(&local);
    // The full local layout, object for object: shards, manifest, stats.json (with the token
    // counts the report adds), the dataset card and report.html.
    for name in [
        "report.html",
        "stats.json",
        "README.md",
        ".ghirbal/manifest.json",
        "kept/part-00000.jsonl.zst",
        "rejects/part-00000.jsonl.zst",
    ] {
        assert!(objects.iter().any(|(r, _)| r == name), "no {name}");
    }
    assert_eq!(comparable(objects.clone()), comparable(local_files.clone()));
    // The report read the remote shards back: the same figures, its title the URL.
    let page = |files: &[(String, Vec<u8>)]| {
        String::from_utf8(
            files
                .iter()
                .find(|(r, _)| r == "report.html")
                .unwrap()
                .1
                .clone(),
        )
        .unwrap()
    };
    let (remote_page, local_page) = (page(&objects), page(&local_files));
    assert!(remote_page.contains(&remote), "the title names the URL");
    let funnel = |p: &str| {
        p[p.find("<svg").unwrap()..]
            .split("</svg>")
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(funnel(&remote_page), funnel(&local_page));
    assert!(
        objects
            .iter()
            .filter(|(r, _)| r.starts_with("kept/"))
            .count()
            >= 2
    );
    let stats: serde_json::Value =
        serde_json::from_slice(&objects.iter().find(|(r, _)| r == "stats.json").unwrap().1)
            .unwrap();
    util::assert_balanced(&stats);
    // No secret in anything written.
    for (rel, bytes) in &objects {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(&s3.secret), "secret in {rel}");
    }
}

#[test]
fn s3_output_killed_mid_upload_resumes_to_the_uninterrupted_output() {
    let Some(s3) = S3::from_env() else { return };
    let d = Dir::new();
    let lines: String = (0..40_000)
        .map(|i| {
            format!(
                "{{\"id\":\"r{i}\",\"text\":\"record {i} {}\"}}\n",
                "word ".repeat(40)
            )
        })
        .collect();
    let input = d.write("in/big.jsonl", lines);
    let cfg = d.write(
        "c.toml",
        "[run]\nbatch_records = 50\nshard_records = 2000\n",
    );
    let base = s3.prefix("resume");
    let reference = format!("{base}/reference");
    let out = format!("{base}/killed");
    let args = |out: &str| -> Vec<String> {
        [
            "run",
            "--quiet",
            "--preset",
            "minimal",
            input.to_str().unwrap(),
            "--config",
            cfg.to_str().unwrap(),
            "--threads",
            "2",
            "-o",
            out,
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let mut c = ghirbal();
    c.args(args(&reference));
    for (k, v) in s3.env() {
        c.env(k, v);
    }
    assert!(c.status().unwrap().success());

    let mut c = ghirbal();
    c.args(args(&out));
    for (k, v) in s3.env() {
        c.env(k, v);
    }
    let mut child = c.spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        if s3.manifest_shards(&out) >= 2 {
            child.kill().unwrap();
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run finished ({status}) before it could be killed");
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no shard completed in time"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.wait().unwrap();
    let before = s3.manifest_shards(&out);
    assert!(before < 20, "killed too late: {before} of 20 shards");
    // What is visible after the kill is only complete shards: each decodes whole.
    for (rel, bytes) in s3.download(&out) {
        if rel.starts_with("kept/") {
            zstd::decode_all(&bytes[..]).unwrap_or_else(|e| panic!("{rel} is partial: {e}"));
        }
    }

    let mut resume = args(&out);
    resume.push("--resume".into());
    let mut c = ghirbal();
    c.args(resume);
    for (k, v) in s3.env() {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // Every object of the uninterrupted run, the shards byte for byte (the card and the stats
    // say that shards were resumed).
    let shards = |files: Vec<(String, Vec<u8>)>| -> Vec<(String, Option<Vec<u8>>)> {
        comparable(files)
            .into_iter()
            .map(|(rel, data)| {
                let shard = rel.starts_with("kept/") || rel.starts_with("rejects/");
                (rel, data.filter(|_| shard))
            })
            .collect()
    };
    let a = shards(s3.download(&reference));
    let b = shards(s3.download(&out));
    assert_eq!(a, b);
    assert!(a.iter().any(|(r, _)| r == "report.html"), "{a:?}");
    let stats: serde_json::Value = serde_json::from_slice(
        &s3.storage()
            .read_all(&format!("{out}/stats.json"))
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    util::assert_balanced(&stats);
    assert_eq!(stats["total"]["read"], 40_000);
    assert!(stats["run"]["resumed_shards"].as_u64().unwrap() >= 2);
}

/// Parquet inputs: the kept shards of a `--format parquet --preset minimal` run over
/// [`inputs`] (several files, every column type ghirbal writes, SaudiNewsNet's text when the
/// data is there), renamed `NN.parquet`.
fn parquet_inputs(d: &Dir) -> PathBuf {
    let root = inputs(d);
    let made = d.path("pq-made");
    // Several shards, so that several objects are read, with or without SaudiNewsNet (the
    // sample alone keeps a dozen records).
    let shard_records = if root.join("snn").exists() { 300 } else { 4 };
    let cfg = d.write(
        "pq.toml",
        format!("[run]\nshard_records = {shard_records}\n"),
    );
    run_ok(
        &[],
        &[
            root.to_str().unwrap(),
            "--preset",
            "minimal",
            "--format",
            "parquet",
            "--config",
            cfg.to_str().unwrap(),
            "-o",
            made.to_str().unwrap(),
        ],
    );
    let dir = d.path("pq");
    std::fs::create_dir_all(&dir).unwrap();
    let mut shards: Vec<PathBuf> = std::fs::read_dir(made.join("kept"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    shards.sort();
    for (i, shard) in shards.iter().enumerate() {
        std::fs::copy(shard, dir.join(format!("{i:02}.parquet"))).unwrap();
    }
    dir
}

#[test]
fn s3_parquet_reads_like_the_local_files() {
    let Some(s3) = S3::from_env() else { return };
    let d = Dir::new();
    let root = parquet_inputs(&d);
    let prefix = s3.prefix("parquet");
    s3.upload(&root, &format!("{prefix}/pq"));
    let env = s3.env();
    let local = d.path("local");
    let remote = d.path("remote");
    let root_name = root.to_string_lossy().into_owned();
    run_ok(&env, &[&root_name, "-o", local.to_str().unwrap()]);
    let url = format!("{prefix}/pq/");
    run_ok(&env, &[&url, "-o", remote.to_str().unwrap()]);
    assert_eq!(
        output_text(&remote, &format!("{prefix}/pq"), &root_name),
        output_text(&local, "", "")
    );
    let stats = util::stats(&remote);
    util::assert_balanced(&stats);
    let local_stats = util::stats(&local);
    assert_eq!(stats["total"]["read"], local_stats["total"]["read"]);
    assert!(stats["total"]["read"].as_u64().unwrap() > 0);
    assert!(
        stats["total"]["errors"]
            .as_object()
            .is_none_or(|e| e.is_empty()),
        "{}",
        stats["total"]
    );
    // The bytes in are the objects' sizes, as for local files.
    assert_eq!(stats["total"]["bytes_in"], local_stats["total"]["bytes_in"]);
}

#[test]
fn http_parquet_survives_a_dropped_range_and_a_503() {
    let d = Dir::new();
    let root = parquet_inputs(&d);
    let mut files = HashMap::new();
    let mut names = Vec::new();
    for (rel, bytes) in util::tree_bytes(&root) {
        names.push(rel.clone());
        files.insert(format!("pq/{rel}"), bytes);
    }
    assert!(names.len() >= 2, "{names:?}");
    let server = HttpServer::start(files);
    {
        let mut st = server.state.lock().unwrap();
        st.faults_on_ranges = true;
        st.drop_once.push(format!("pq/{}", names[0]));
        st.unavailable_once.push(format!("pq/{}", names[1]));
    }
    let env = [("GHIRBAL_STORAGE_BACKOFF_MS", "20".to_owned())];
    let local = d.path("local");
    let remote = d.path("remote");
    let root_name = root.to_string_lossy().into_owned();
    run_ok(&env, &[&root_name, "-o", local.to_str().unwrap()]);
    let urls: Vec<String> = names
        .iter()
        .map(|n| format!("{}/pq/{n}", server.addr))
        .collect();
    let mut args: Vec<&str> = urls.iter().map(String::as_str).collect();
    args.extend(["-o", remote.to_str().unwrap()]);
    run_ok(&env, &args);

    assert_eq!(
        output_text(&remote, &format!("{}/pq", server.addr), &root_name),
        output_text(&local, "", "")
    );
    let stats = util::stats(&remote);
    util::assert_balanced(&stats);
    assert_eq!(stats["total"]["read"], util::stats(&local)["total"]["read"]);
    assert!(
        stats["total"]["errors"]
            .as_object()
            .is_none_or(|e| e.is_empty()),
        "{}",
        stats["total"]
    );
    let st = server.state.lock().unwrap();
    assert!(st.drop_once.is_empty() && st.unavailable_once.is_empty());
    // Each fault cost its file one request made again, counted under its URL.
    for (i, url) in urls.iter().enumerate() {
        let retries = stats["files"][url]["retries"].as_u64().unwrap_or(0);
        assert_eq!(retries, u64::from(i < 2), "{url}");
    }
    // Read by ranges: the footer, then column chunks, never the whole object in one GET
    // after the first look at its magic bytes.
    let ranged = st.gets.iter().filter(|(_, at)| *at > 0).count();
    assert!(ranged >= 2 * names.len(), "{:?}", st.gets);
}

#[test]
fn s3_parquet_output_gets_its_report_and_ghirbal_report_remakes_it() {
    let Some(s3) = S3::from_env() else { return };
    let d = Dir::new();
    let root = inputs(&d);
    let local = d.path("local");
    let remote = format!("{}/out", s3.prefix("pq-output"));
    let common = [root.to_str().unwrap(), "--format", "parquet", "-o"];
    let mut args = common.to_vec();
    args.push(local.to_str().unwrap());
    run_ok(&s3.env(), &args);
    let mut args = common.to_vec();
    args.push(&remote);
    run_ok(&s3.env(), &args);
    // The report read the Parquet shards back from the store (ranged reads): the same
    // token counts as the local run's.
    let objects = s3.download(&remote);
    assert_eq!(
        comparable(objects.clone()),
        comparable(util::tree_bytes(&local))
    );
    let stats: serde_json::Value =
        serde_json::from_slice(&objects.iter().find(|(r, _)| r == "stats.json").unwrap().1)
            .unwrap();
    assert!(
        stats["tokens"]["kept"].as_u64().unwrap() > 0,
        "{}",
        stats["tokens"]
    );

    // `ghirbal report URL` remakes the page of a remote output.
    let storage = s3.storage();
    storage.delete(&format!("{remote}/report.html")).unwrap();
    let mut c = ghirbal();
    c.args(["report", &remote]);
    for (k, v) in s3.env() {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains(&format!("{remote}/report.html")),
        "{stdout}"
    );
    let page = storage
        .read_all(&format!("{remote}/report.html"))
        .unwrap()
        .expect("report.html written again");
    assert!(String::from_utf8_lossy(&page).contains("<svg"));
}
