//! `fork()`: what a client does in a child process, and the call that says so explicitly.
//!
//! A client never hands one process another's answer. Its connection pool belongs to the
//! process that opened it: the first call a client makes in a child process (after `fork()`)
//! opens new connections, and the inherited ones are left open and untouched (closing them
//! would end TLS sessions the parent still uses). A process that knows it was forked may say so
//! with `sm_client_forget_connections` / `sm_huawei_client_forget_connections`; nothing else is
//! needed. As with any library, call nothing between `fork()` and `exec()` in a child of a
//! multi-threaded parent.

use crate::huawei::sm_huawei_client;
use crate::ncp::client::{client_ref, sm_client};
use crate::plumbing::error::sm_error;
use crate::plumbing::handle::borrow;
use crate::plumbing::panic::guard;
use crate::plumbing::status::sm_status;

/// Starts `client` over with no pooled connection. In a child process the inherited
/// connections are left open and untouched (the parent still uses them); in the process that
/// opened them they are closed. Not needed after `fork()` (a client
/// notices the new process by itself), but harmless. Borrows `client`; nothing to free.
/// Thread-safe. Fails with `SM_INVALID_ARGUMENT` if `client` is NULL.
///
/// # Safety
///
/// `client` is NULL or a live client; `err_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_client_forget_connections(
    client: *const sm_client,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: forwarded from this function's contract.
        let client = unsafe { client_ref(client)? };
        Ok(client.forget_connections()?)
    })
}

/// As `sm_client_forget_connections`, for a Huawei client. Borrows `client`; nothing to free.
/// Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live Huawei client; `err_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_client_forget_connections(
    client: *const sm_huawei_client,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: forwarded from this function's contract.
        let client = unsafe { borrow("client", client)? };
        Ok(client.inner.forget_connections()?)
    })
}
