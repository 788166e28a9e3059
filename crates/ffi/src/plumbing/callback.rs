//! What the rotation helpers of both providers share with C: the sink a `produce` callback
//! hands its value through, the error a callback step fails with, and optional outputs.

use std::ffi::{c_char, c_int};
use std::fmt;

use secretmanager_core::SecretString;

use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::panic::guard;
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::required_str;

/// Where the `produce` function of `sm_rotate` or `sm_huawei_rotate_common` puts the new
/// value: it calls
/// `sm_value_sink_set(sink, value, ...)`, which copies `value`.
///
/// Why a sink rather than a returned string or a buffer to fill: the caller keeps ownership of
/// its own text (it may zero and free it as soon as `sm_value_sink_set` returns), the library
/// owns its copy (kept in memory that is zeroed after use), no allocator crosses the
/// boundary, and there is no buffer size to get wrong.
///
/// Owned by the library; valid only during the `produce` call it is passed to. Never free it.
/// Not thread-safe: use it only on the thread running `produce`.
#[derive(Debug, Default)]
pub struct sm_value_sink {
    value: Option<SecretString>,
}

impl sm_value_sink {
    /// The value the callback set, if it set one.
    pub(crate) fn take(&mut self) -> Option<SecretString> {
        self.value.take()
    }
}

/// Copies `value` (the new value) into `sink`, replacing (and zeroing) any value set before.
/// Call it from the `produce` function of `sm_rotate` or `sm_huawei_rotate_common`, with the
/// `sink` it was given.
///
/// Borrows `sink` and `value`: `value` stays the caller's, who may zero and free it as soon as
/// this returns; the library's copy is zeroed after use. Nothing to free. The value is checked
/// by Update Pending Stage, after `produce` returns. `SM_INVALID_ARGUMENT` for a NULL `sink`
/// or `value`, or a `value` that is not UTF-8. Not thread-safe for `sink`: call it only on the
/// thread running `produce`, during that call.
///
/// # Safety
///
/// `sink` is NULL or the sink passed to the running `produce` call; `value` is NULL or
/// NUL-terminated; `err_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_value_sink_set(
    sink: *mut sm_value_sink,
    value: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or the live sink of the running produce call.
        let sink = unsafe { sink.as_mut() }.ok_or_else(|| Failure::null("sink"))?;
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let value = unsafe { required_str("value", value) }?;
        sink.value = Some(SecretString::from(value));
        Ok(())
    })
}

/// Why a callback step failed.
#[derive(Debug)]
pub(crate) enum CallbackError {
    /// The function returned this nonzero value.
    Returned(&'static str, c_int),
    /// `produce` returned 0 but set no value.
    NoValue,
    /// A value could not be handed to C (a NUL byte inside a text).
    Conversion(Failure),
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallbackError::Returned(function, code) => write!(f, "the {function} function returned {code}"),
            CallbackError::NoValue => {
                f.write_str("the produce function returned 0 without setting a value with sm_value_sink_set")
            }
            CallbackError::Conversion(failure) => f.write_str(&failure.message),
        }
    }
}

impl std::error::Error for CallbackError {}

impl CallbackError {
    /// The C status of the failure.
    pub(crate) fn status(&self) -> sm_status {
        match self {
            CallbackError::Conversion(failure) => failure.status,
            CallbackError::Returned(..) | CallbackError::NoValue => sm_status::SM_UNKNOWN_ERROR,
        }
    }
}

/// Writes `value` through an optional output pointer.
///
/// # Safety
///
/// `p` is NULL or writable.
pub(crate) unsafe fn write_optional(p: *mut u32, value: u32) {
    if !p.is_null() {
        // SAFETY: p is not NULL, so writable by this function's contract.
        unsafe { p.write(value) };
    }
}

#[cfg(test)]
mod tests {
    use std::ptr;

    use super::*;

    #[test]
    fn the_sink_copies_and_replaces_its_value() {
        let mut sink = sm_value_sink::default();
        // SAFETY: sink is a live local; the values are literals or NULL.
        unsafe {
            assert_eq!(
                sm_value_sink_set(&mut sink, c"{\"a\":\"1\"}".as_ptr(), ptr::null_mut()),
                sm_status::SM_OK
            );
            assert_eq!(
                sm_value_sink_set(&mut sink, c"{\"a\":\"2\"}".as_ptr(), ptr::null_mut()),
                sm_status::SM_OK
            );
            assert_eq!(
                sm_value_sink_set(&mut sink, ptr::null(), ptr::null_mut()),
                sm_status::SM_INVALID_ARGUMENT
            );
            assert_eq!(
                sm_value_sink_set(ptr::null_mut(), c"{}".as_ptr(), ptr::null_mut()),
                sm_status::SM_INVALID_ARGUMENT
            );
        }
        assert_eq!(sink.take().as_ref().map(SecretString::expose), Some("{\"a\":\"2\"}"));
    }
}
