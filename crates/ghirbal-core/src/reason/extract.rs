//! Reasons of the `extract` stage: a page with a body that yields no article.

reasons! {
    /// A WARC record of a type that holds no document (`request`, `metadata`, `revisit`,
    /// `warcinfo`, ...), with the type as the reason's detail (`extract:warc_type:request`).
    /// A skip, not a reject (see [`super::SKIPS`]): counted, not written to `rejects/`.
    WARC_TYPE = "extract:warc_type";
    /// The HTTP status is not 2xx (redirects, errors); `detail` is the status.
    HTTP_STATUS = "extract:http_status";
    /// The body is not HTML by its Content-Type (or, with none, by its first bytes); `detail`
    /// is the type.
    NOT_HTML = "extract:not_html";
    /// The body looks binary (NUL or control bytes, or a known file signature) whatever its
    /// label says; `detail` gives the share of control bytes or the signature.
    BINARY = "extract:binary";
    /// The body is larger than `extract.max_page_bytes`; `detail` gives size and limit.
    TOO_LARGE = "extract:too_large";
    /// The page is scripts and styles with no text: a JavaScript application shell.
    SCRIPT_ONLY = "extract:script_only";
    /// The page parsed but no main text was found; `detail` gives the characters seen.
    NO_CONTENT = "extract:no_content";
}
