//! Input errors: bytes that could not become a record. Counted under `errors` in `stats.json`.

reasons! {
    /// A path given on the command line does not exist.
    MISSING_PATH = "error:missing_path";
    /// A file or directory could not be opened or read (permissions, I/O error).
    UNREADABLE = "error:unreadable";
    /// A gzip stream is truncated or corrupt; records before the damage are kept.
    BAD_GZIP = "error:bad_gzip";
    /// A zstd stream is truncated or corrupt; records before the damage are kept.
    BAD_ZSTD = "error:bad_zstd";
    /// A JSONL line is not a JSON object.
    BAD_JSON = "error:bad_json";
    /// A JSONL line or text file is not valid UTF-8.
    BAD_UTF8 = "error:bad_utf8";
    /// A JSON object has no usable text field.
    NO_TEXT = "error:no_text";
    /// A Parquet file could not be read, or has no text column.
    BAD_PARQUET = "error:bad_parquet";
    /// A WARC or WET record is malformed (bad header, wrong length).
    BAD_WARC = "error:bad_warc";
    /// A file holds no records at all (zero bytes, or only blank lines).
    EMPTY_FILE = "error:empty_file";
    /// A file's format is not one ghirbal reads.
    UNSUPPORTED_FORMAT = "error:unsupported_format";
    /// A single record is larger than `run.max_record_bytes`.
    TOO_LARGE = "error:too_large";
    /// A compressed file expands past `run.max_expansion` times the compressed bytes read
    /// (beyond `run.expansion_floor_bytes`): a decompression bomb; its gzip member or zstd
    /// frame is skipped without being decoded further, and reading goes on at the next one
    /// (the file ends there when none follows).
    DECOMPRESSION_BOMB = "error:decompression_bomb";
}
