//! Reasons of the `lang` stage.

reasons! {}
