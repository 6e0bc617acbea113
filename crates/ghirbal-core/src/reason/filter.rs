//! Reasons of the `filter` stage.

reasons! {}
