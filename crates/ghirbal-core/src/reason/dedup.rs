//! Reasons of the `dedup` stage. `detail` is `{"kept_id": "<id of the kept record>",
//! "cluster_size": N}`; the kept record is the cluster's first in input order (or a record of
//! the saved index named by `scope`), and also carries `dup_cluster_size` = N.

reasons! {
    /// The matching text (words of `text::matching`, whitespace folded) equals the kept
    /// record's.
    EXACT = "dedup:exact";
    /// The normalised URL equals the kept record's (possibly through exact matches).
    URL = "dedup:url";
    /// MinHash-LSH joined the record to the kept one (possibly through a chain of pairs).
    NEAR = "dedup:near";
}
