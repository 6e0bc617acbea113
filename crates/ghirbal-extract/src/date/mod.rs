//! Dates: the one implementation lives in [`ghirbal_core::calendar`], shared with the other
//! stages that read dates; this module names what `extract` uses of it.

pub use ghirbal_core::calendar::{DateTime, Found, Label, find_in_text, parse_machine};
