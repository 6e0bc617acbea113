//! Reasons of the `pii` stage.

reasons! {}
