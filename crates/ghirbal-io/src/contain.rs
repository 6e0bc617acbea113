//! Containing a panic inside a third-party decoder, so a hostile file costs its own records
//! and not the run.
//!
//! The Parquet crate still has paths where a damaged page makes it panic rather than return an
//! error (a data page declaring no values over a non-empty buffer divides by zero in its byte
//! array reader, found by `fuzz/` in parquet 60.1). A reader calls the decoder through
//! [`contain`], which turns such a panic into an `Err` with its message, and the reader ends
//! the file with `error:bad_parquet`. While a call is contained, the process's panic hook is
//! not run, so the panic prints nothing and a fuzzer's abort-on-panic hook does not fire;
//! outside it, every panic (ours included) behaves as before.

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// True while this thread runs a contained call.
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Runs `f` (a call into a decoder), returning why it panicked instead of unwinding further.
///
/// `f` must leave nothing shared half-updated that the caller reads again after an `Err`: the
/// readers that use it stop reading their file on the first one.
pub(crate) fn contain<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CONTAINED.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = CONTAINED.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CONTAINED.with(|c| c.set(was));
    result.map_err(|payload| message(payload.as_ref()))
}

fn message(payload: &(dyn Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned());
    format!("the decoder failed on damaged data: {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contained_panic_is_an_error_and_the_next_call_runs() {
        let divisor = std::hint::black_box(0u64);
        let r = contain(|| 10 / divisor);
        assert!(r.unwrap_err().contains("divide by zero"));
        assert_eq!(contain(|| 2 + 2), Ok(4));
    }
}
