//! Charset detection and HTML extraction over arbitrary bytes. An input whose first line starts
//! with `Content-Type:` gives the rest of that line as the declared header (a lying header is
//! the interesting case); the remaining bytes are the page.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (content_type, page) = split_header(data);
    let decoded = ghirbal_extract::charset::decode(page, content_type.as_deref());
    assert!(decoded.replacements <= decoded.text.chars().count());
    let url = Some("https://example.com/a");
    if let Err(reject) = ghirbal_extract::extract_html(page, content_type.as_deref(), url) {
        assert!(
            reject.reason.as_str().starts_with("extract:"),
            "{}",
            reject.reason
        );
    }
});

fn split_header(data: &[u8]) -> (Option<String>, &[u8]) {
    const KEY: &[u8] = b"Content-Type:";
    if !data.starts_with(KEY) {
        return (None, data);
    }
    let end = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let value = String::from_utf8_lossy(&data[KEY.len()..end])
        .trim()
        .to_owned();
    (Some(value), data.get(end + 1..).unwrap_or_default())
}
