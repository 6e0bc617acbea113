//! Reasons of the `pii` stage.
//!
//! Masking never drops a record, so the stage has no reasons; what it masked is counted in
//! `signals` as `pii.email`, `pii.phone`, `pii.ip` and `pii.iban`.

reasons! {}
