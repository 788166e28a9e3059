//! The panic boundary: every exported function runs its body through [`guard`] or
//! [`guard_value`], so no Rust panic ever unwinds into C.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::status::sm_status;

/// Runs the body of a fallible exported function.
///
/// Clears `*err_out` (when `err_out` is not NULL), runs `body`, and turns its failure (or a
/// panic, as `SM_PANIC`) into the returned status and, when asked for, an owned `sm_error`.
///
/// `err_out` must be NULL or valid for one pointer write; every exported function documents
/// that requirement for its callers.
pub(crate) fn guard(err_out: *mut *mut sm_error, body: impl FnOnce() -> Result<(), Failure>) -> sm_status {
    if !err_out.is_null() {
        // SAFETY: the exported function's contract makes a non-NULL err_out writable.
        unsafe { err_out.write(ptr::null_mut()) };
    }
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return sm_status::SM_OK,
        Ok(Err(failure)) => failure,
        Err(_payload) => Failure::panic(),
    };
    let status = failure.status;
    if !err_out.is_null() {
        // Building the error object allocates; keep a panic there from unwinding too.
        let raw = catch_unwind(AssertUnwindSafe(|| failure.into_raw())).unwrap_or(ptr::null_mut());
        // SAFETY: as above, err_out is writable.
        unsafe { err_out.write(raw) };
    }
    status
}

/// Runs the body of an exported function that returns a plain value (an accessor), returning
/// `on_panic` if it panics.
pub(crate) fn guard_value<T>(on_panic: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(on_panic)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plumbing::error::{sm_error_free, sm_error_status};

    #[test]
    fn a_panic_becomes_sm_panic_with_an_error_object() {
        let mut err: *mut sm_error = ptr::null_mut();
        let status = guard(&mut err, || panic!("boom"));
        assert_eq!(status, sm_status::SM_PANIC);
        assert!(!err.is_null());
        // SAFETY: err is the live error object just written; freed once.
        unsafe {
            assert_eq!(sm_error_status(err), sm_status::SM_PANIC);
            sm_error_free(err);
        }
        assert_eq!(guard(ptr::null_mut(), || panic!("boom")), sm_status::SM_PANIC);
        assert_eq!(guard_value(7, || panic!("boom")), 7);
    }

    #[test]
    fn success_clears_the_error_pointer() {
        let mut err: *mut sm_error = ptr::dangling_mut();
        assert_eq!(guard(&mut err, || Ok(())), sm_status::SM_OK);
        assert!(err.is_null());
        let mut err: *mut sm_error = ptr::null_mut();
        let status = guard(&mut err, || Err(Failure::null("x")));
        assert_eq!(status, sm_status::SM_INVALID_ARGUMENT);
        // SAFETY: err is the live error object just written; freed once.
        unsafe { sm_error_free(err) };
    }
}
