//! The `extract` record stage: a record with a body becomes an article record.

use ghirbal_core::reason::extract as reason;
use ghirbal_core::{Record, RecordStage, Reject, StageName, Verdict};
use serde_json::{Value, json};

use crate::article::{Options, extract};
use crate::config::ExtractConfig;

/// The `extract` stage, built from [`ExtractConfig`].
///
/// A record without `body` passes untouched, unless it is a WARC record of a type not in
/// `warc_types` (warcinfo, request, ...), which is skipped as `extract:warc_type:TYPE` (counted,
/// not a reject: it was never a document). A record with one is checked (WARC type, HTTP
/// status, size, binary, HTML), decoded, parsed and turned into `text`, `title`, `lede`,
/// `captions`, `date`, `url` (if the record has none), `source` (if none) and
/// `metadata.author` / `page_lang` / `dir` / `charset`; `body` is then cleared. Rejected
/// records also lose their body, so rejects stay small.
#[derive(Debug, Clone)]
pub struct Extract {
    config: ExtractConfig,
}

impl Extract {
    /// The stage with these settings.
    pub fn new(config: ExtractConfig) -> Extract {
        Extract { config }
    }
}

impl Extract {
    /// `extract:warc_type:TYPE` when the record's `metadata.warc_type` is not one of
    /// `warc_types` (compared without case and surrounding spaces).
    fn warc_type_reject(&self, rec: &Record) -> Option<Verdict> {
        let t = rec
            .metadata
            .get("warc_type")
            .and_then(Value::as_str)?
            .trim();
        if self
            .config
            .warc_types
            .iter()
            .any(|w| w.eq_ignore_ascii_case(t))
        {
            return None;
        }
        let t = t.to_ascii_lowercase();
        // The type goes into the reason, so the summary says what was skipped; a type outside
        // the WARC 1.1 list is `other`, so input cannot coin reasons.
        let named = [
            "warcinfo",
            "request",
            "metadata",
            "revisit",
            "continuation",
            "response",
            "resource",
            "conversion",
        ];
        let detail = if named.contains(&t.as_str()) {
            t.as_str()
        } else {
            "other"
        };
        Some(Verdict::Reject(Reject::new(
            reason::WARC_TYPE.with_detail(detail),
            json!({"warc_type": t}),
        )))
    }
}

impl RecordStage for Extract {
    fn name(&self) -> StageName {
        StageName::Extract
    }

    fn apply(&self, rec: &mut Record) -> Verdict {
        // WARC records that are not documents (warcinfo, request, metadata, revisit) carry no
        // body; they leave here with a counted reason rather than as empty texts later.
        let body = rec.body.take();
        if let Some(reject) = self.warc_type_reject(rec) {
            return reject;
        }
        let Some(body) = body else {
            return Verdict::Keep;
        };
        if self.config.require_2xx {
            let status = match rec.metadata.get("http_status") {
                Some(Value::Number(n)) => n.as_u64(),
                Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
                _ => None,
            };
            if let Some(s) = status
                && !(200..300).contains(&s)
            {
                return Verdict::Reject(Reject::new(
                    reason::HTTP_STATUS,
                    json!({"http_status": s}),
                ));
            }
        }
        let opts = Options {
            content_type: body.content_type.as_deref(),
            url: rec.url.as_deref(),
            fetched: body.fetched.as_deref(),
            max_page_bytes: self.config.max_page_bytes,
            parse_bytes: self.config.parse_bytes,
            min_text_chars: self.config.min_text_chars,
        };
        let article = match extract(&body.bytes, &opts) {
            Ok(a) => a,
            Err(reject) => return Verdict::Reject(reject),
        };
        rec.set_count("extract.paragraphs", article.paragraphs as u64);
        rec.set_count("extract.page_bytes", body.bytes.len() as u64);
        rec.set_count("extract.captions", article.captions.len() as u64);
        rec.text = article.text;
        if article.title.is_some() {
            rec.title = article.title;
        }
        if article.lede.is_some() {
            rec.lede = article.lede;
        }
        rec.captions = article.captions;
        if let (Some(date), Some(source), None) = (article.date, article.date_source, &rec.date) {
            rec.set_date(date, source);
        }
        if rec.url.is_none() {
            rec.url = article.url;
        }
        if rec.source.is_none() {
            rec.source = article.source;
        }
        let meta = &mut rec.metadata;
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                meta.insert(k.to_owned(), Value::String(v));
            }
        };
        put("author", article.author);
        put("page_lang", article.page_lang);
        put("dir", article.dir);
        put("charset", Some(article.charset.to_owned()));
        put("charset_source", Some(article.charset_source.to_owned()));
        if article.truncated {
            meta.insert("extract_truncated".into(), Value::Bool(true));
        }
        Verdict::Keep
    }
}
