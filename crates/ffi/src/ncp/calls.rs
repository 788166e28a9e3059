//! Shared bodies of the exported NCP operations that take a client and a secret id: check the
//! arguments, call the blocking client, and hand the answer (if any) to the caller.

use std::ffi::c_char;

use secretmanager_core::ncp::{Ncp, Operation};

use crate::ncp::client::{client_ref, sm_client};
use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::OutSlot;
use crate::plumbing::panic::guard;
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::required_str;

/// Sends the operation `make` builds from the checked `secret_id`, dropping its answer.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `err_out` is NULL
/// or writable.
pub(crate) unsafe fn secret_action<O: Operation<Provider = Ncp>>(
    client: *const sm_client,
    secret_id: *const c_char,
    err_out: *mut *mut sm_error,
    make: impl FnOnce(&str) -> O,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: forwarded from this function's contract.
        let (client, secret_id) = unsafe { (client_ref(client)?, required_str("secret_id", secret_id)?) };
        client.call(&make(secret_id))?;
        Ok(())
    })
}

/// Sends the operation `make` builds from the checked `secret_id` and hands the object
/// `convert` makes from its answer to the caller through `*out`.
///
/// The arguments are checked in the order `out`, `client`, `secret_id`, so the error names the
/// first bad one.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `out` and
/// `err_out` are NULL or writable.
pub(crate) unsafe fn secret_query<O: Operation<Provider = Ncp>, T>(
    client: *const sm_client,
    secret_id: *const c_char,
    out: *mut *mut T,
    err_out: *mut *mut sm_error,
    make: impl FnOnce(&str) -> O,
    convert: impl FnOnce(&O::Output) -> Result<T, Failure>,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: forwarded from this function's contract.
        let (out, client, secret_id) = unsafe {
            (OutSlot::new("out", out)?, client_ref(client)?, required_str("secret_id", secret_id)?)
        };
        let answer = client.call(&make(secret_id))?;
        out.set(convert(&answer)?);
        Ok(())
    })
}

/// Checks the three arguments every rotation job step shares.
///
/// # Safety
///
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated.
pub(crate) unsafe fn job_args<'a>(
    client: *const sm_client,
    secret_id: *const c_char,
    job_token: *const c_char,
) -> Result<(&'a secretmanager_blocking::ncp::Client, &'a str, &'a str), Failure> {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        Ok((
            client_ref(client)?,
            required_str("secret_id", secret_id)?,
            required_str("job_token", job_token)?,
        ))
    }
}

/// Sends the operation `make` builds from the checked `secret_id` and `job_token`, dropping
/// its answer.
///
/// # Safety
///
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `err_out` is
/// NULL or writable.
pub(crate) unsafe fn job_action<O: Operation<Provider = Ncp>>(
    client: *const sm_client,
    secret_id: *const c_char,
    job_token: *const c_char,
    err_out: *mut *mut sm_error,
    make: impl FnOnce(&str, &str) -> O,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: forwarded from this function's contract.
        let (client, secret_id, job_token) = unsafe { job_args(client, secret_id, job_token)? };
        client.call(&make(secret_id, job_token))?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;
    use std::ptr;

    use secretmanager_core::ncp;

    use super::*;
    use crate::plumbing::error::{sm_error_free, sm_error_message};

    /// The status and message of a call that failed with an error object, which is freed.
    fn failure(call: impl FnOnce(*mut *mut sm_error) -> sm_status) -> (sm_status, String) {
        let mut err: *mut sm_error = ptr::null_mut();
        let status = call(&mut err);
        // SAFETY: err is the live error object the call wrote; freed once.
        let message = unsafe {
            let message = CStr::from_ptr(sm_error_message(err)).to_str().unwrap().to_owned();
            sm_error_free(err);
            message
        };
        (status, message)
    }

    #[test]
    fn arguments_are_checked_in_order_before_anything_is_sent() {
        let mut out: *mut u32 = ptr::dangling_mut();
        let (status, message) = failure(|err| {
            // SAFETY: NULL client and id are allowed and rejected; out and err are writable.
            unsafe {
                secret_query(
                    ptr::null(),
                    ptr::null(),
                    &mut out,
                    err,
                    |id| ncp::GetSecretDetail::new(id),
                    |_| Ok(1u32),
                )
            }
        });
        assert_eq!(status, sm_status::SM_INVALID_ARGUMENT);
        assert_eq!(message, "argument `client` is NULL");
        assert!(out.is_null(), "the output is cleared even when the call fails");
        let (status, message) = failure(|err| {
            // SAFETY: as above, with a NULL output pointer.
            unsafe {
                secret_query(
                    ptr::null(),
                    ptr::null(),
                    ptr::null_mut(),
                    err,
                    |id| ncp::GetSecretDetail::new(id),
                    |_| Ok(1u32),
                )
            }
        });
        assert_eq!(status, sm_status::SM_INVALID_ARGUMENT);
        assert_eq!(message, "argument `out` is NULL");
        let (status, message) = failure(|err| {
            // SAFETY: NULL pointers are allowed and rejected.
            unsafe {
                job_action(ptr::null(), c"id".as_ptr(), ptr::null(), err, |id, token| {
                    ncp::CompleteRotationJob::new(id, token)
                })
            }
        });
        assert_eq!(status, sm_status::SM_INVALID_ARGUMENT);
        assert_eq!(message, "argument `client` is NULL");
    }
}
