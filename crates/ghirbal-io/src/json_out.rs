//! A record as one JSON object, byte for byte what `serde_json::to_writer` gives, only faster.
//!
//! With every stage off, a third of ghirbal's CPU went to serde_json escaping the text one byte
//! at a time (`bench/pipeline-io.sh`). Text is mostly bytes that need no escape (Arabic is all
//! bytes ≥ 0x80), so this writer skips eight bytes per step and copies runs whole. The field
//! order and the small maps still come from serde: the tests below hold every byte of this
//! output equal to `serde_json::to_vec(record)` (for a record whose date is already in the
//! output's form), so the record schema keeps one definition. The one change on the way out is
//! the declared schema's ([`crate::schema`]): `date` as a UTC instant, `YYYY-MM-DDTHH:MM:SSZ`.

use std::io::Write;

use ghirbal_core::Record;

/// Appends `record` to `buf` as serde_json would serialise it (no newline).
#[cfg(test)]
pub(crate) fn write_record(buf: &mut Vec<u8>, record: &Record) -> serde_json::Result<()> {
    write_fields(buf, record, &crate::schema::Fields::all())
}

/// Appends the columns `fields` selects of `record` as one JSON object (no newline), in the
/// declared order; with every column it is what serde_json would write.
pub(crate) fn write_fields(
    buf: &mut Vec<u8>,
    record: &Record,
    fields: &crate::schema::Fields,
) -> serde_json::Result<()> {
    let mut first = true;
    let mut key = |buf: &mut Vec<u8>, name: &str| -> bool {
        if !fields.has(name) {
            return false;
        }
        buf.push(if first { b'{' } else { b',' });
        first = false;
        buf.push(b'"');
        buf.extend_from_slice(name.as_bytes());
        buf.extend_from_slice(b"\":");
        true
    };
    if key(buf, "id") {
        write_str(buf, &record.id);
    }
    if key(buf, "text") {
        write_str(buf, &record.text);
    }
    if key(buf, "title") {
        write_opt(buf, record.title.as_deref());
    }
    if key(buf, "lede") {
        write_opt(buf, record.lede.as_deref());
    }
    if key(buf, "captions") {
        buf.push(b'[');
        for (i, caption) in record.captions.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            write_str(buf, caption);
        }
        buf.push(b']');
    }
    if key(buf, "url") {
        write_opt(buf, record.url.as_deref());
    }
    let dates = crate::schema::output_dates(record);
    let write_date = |buf: &mut Vec<u8>, seconds: Option<i64>| match seconds {
        Some(seconds) => write_str(buf, &crate::schema::iso_utc(seconds)),
        None => buf.extend_from_slice(b"null"),
    };
    if key(buf, "date") {
        write_date(buf, dates.date);
    }
    if key(buf, "crawl_date") {
        write_date(buf, dates.crawl_date);
    }
    if key(buf, "source") {
        write_opt(buf, record.source.as_deref());
    }
    if key(buf, "lang") {
        write_opt(buf, record.lang.as_deref());
    }
    if key(buf, "lang_score") {
        // Floats through serde_json so that their digits are its digits.
        serde_json::to_writer(&mut *buf, &record.lang_score)?;
    }
    if key(buf, "script") {
        write_opt(buf, record.script.as_deref());
    }
    if key(buf, "dup_cluster_size") {
        write!(buf, "{}", record.dup_cluster_size).map_err(serde_json::Error::io)?;
    }
    if key(buf, "signals") {
        serde_json::to_writer(&mut *buf, &record.signals)?;
    }
    if key(buf, "metadata") {
        serde_json::to_writer(&mut *buf, &*crate::schema::metadata(record, &dates))?;
    }
    if first {
        buf.push(b'{');
    }
    buf.push(b'}');
    Ok(())
}

fn write_opt(buf: &mut Vec<u8>, value: Option<&str>) {
    match value {
        Some(s) => write_str(buf, s),
        None => buf.extend_from_slice(b"null"),
    }
}

/// Appends `s` as a JSON string with serde_json's escapes: `\"`, `\\`, the five short control
/// escapes, `\u00xx` (lower-case hex) for the other bytes below 0x20; nothing else escaped.
pub(crate) fn write_str(buf: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            if !any_needs_escape(word) {
                i += 8;
                continue;
            }
        }
        let byte = bytes[i];
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0x00..=0x1f => &[],
            _ => {
                i += 1;
                continue;
            }
        };
        buf.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            buf.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ]);
        } else {
            buf.extend_from_slice(escape);
        }
        i += 1;
        start = i;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

/// Whether any of the eight bytes of `word` is `"`, `\` or below 0x20 (exact, no false answer
/// either way: the classic "has zero byte" and "has byte less than n" bit tricks).
fn any_needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    let quote = has_zero(word ^ (ONES * u64::from(b'"')));
    let backslash = has_zero(word ^ (ONES * u64::from(b'\\')));
    below_space | quote | backslash != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn ours(record: &Record) -> String {
        let mut buf = Vec::new();
        write_record(&mut buf, record).unwrap();
        String::from_utf8(buf).unwrap()
    }

    fn serde(record: &Record) -> String {
        serde_json::to_string(record).unwrap()
    }

    #[test]
    fn every_byte_below_0x80_escapes_as_serde_json_does() {
        let all: String = (0u8..0x80).map(char::from).collect();
        for s in [all.clone(), format!("نص{all}نص"), all.repeat(3)] {
            let mut buf = Vec::new();
            write_str(&mut buf, &s);
            assert_eq!(
                String::from_utf8(buf).unwrap(),
                serde_json::to_string(&s).unwrap()
            );
        }
    }

    #[test]
    fn a_full_record_matches_serde_json() {
        let mut rec = Record::new("snn-1\t\"x\"", "سطر أول\n\nسطر \\ ثانٍ\u{2028}\u{7f}😀");
        rec.title = Some("عنوان «مقتبس»".into());
        rec.lede = Some("lede\r\n".into());
        rec.captions = vec!["صورة".into(), "\u{1}".into()];
        rec.url = Some("https://example.com/a?b=\"c\"".into());
        rec.date = Some("2015-07-21T02:51:32Z".into());
        rec.source = Some("aawsat".into());
        rec.lang = Some("ar".into());
        rec.lang_score = Some(0.123_456_789_012_345_67);
        rec.script = Some("Arab".into());
        rec.dup_cluster_size = 12;
        rec.signals.insert("filter.ratio".into(), json!(0.5));
        rec.metadata.insert(
            "author".into(),
            json!({"name": "لندن: رنيم", "n": [1, 2.5, null]}),
        );
        assert_eq!(ours(&rec), serde(&rec));
        assert_eq!(ours(&Record::default()), serde(&Record::default()));
    }

    #[test]
    fn dates_are_written_as_utc_instants_and_non_dates_kept_in_metadata() {
        let mut rec = Record::new("a", "b");
        rec.date = Some("2015-07-21T10:00:00+03:00".into());
        assert!(ours(&rec).contains(r#""date":"2015-07-21T07:00:00Z""#));
        rec.date = Some("2015-07-21".into());
        assert!(ours(&rec).contains(r#""date":"2015-07-21T00:00:00Z""#));
        rec.date = Some("منذ ساعة".into());
        let line = ours(&rec);
        assert!(line.contains(r#""date":null"#), "{line}");
        assert!(
            line.contains(r#""metadata":{"date_raw":"منذ ساعة"}"#),
            "{line}"
        );
    }

    proptest! {
        #[test]
        fn any_record_matches_serde_json(
            id in ".{0,12}",
            text in "(\\PC|[\\x00-\\x1f\"\\\\]){0,64}",
            title in proptest::option::of(".{0,20}"),
            captions in proptest::collection::vec(".{0,10}", 0..3),
            score in proptest::option::of(0.0f64..1.0),
            size in 1u64..1_000_000,
        ) {
            let mut rec = Record::new(id, text);
            rec.title = title;
            rec.captions = captions;
            rec.lang_score = score;
            rec.dup_cluster_size = size;
            prop_assert_eq!(ours(&rec), serde(&rec));
        }
    }
}
