//! Reasons of the `extract` stage.

reasons! {}
