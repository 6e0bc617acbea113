//! Reasons of the `dedup` stage; `detail` carries the kept record's id.

reasons! {
    /// The matching text equals an earlier record's.
    EXACT = "dedup:exact";
    /// The normalised URL equals an earlier record's.
    URL = "dedup:url";
    /// MinHash-LSH found an earlier near-duplicate.
    NEAR = "dedup:near";
}
