//! `sm_secret_chain`: the decrypted PREVIOUS / ACTIVE / PENDING values and the rotation
//! targets, as Get Secret Value and Start Rotation Job return them.

use std::ffi::{CString, c_char};
use std::ptr;

use secretmanager_core::SecretString;
use secretmanager_core::ncp::{self, SecretValueChain};

use crate::ncp::calls::secret_query;
use crate::ncp::client::{client_ref, sm_client};
use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::{OutSlot, free_box, read_field};
use crate::plumbing::panic::{guard, guard_value};
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::{SecretCString, c_string, required_str};

/// A secret's value chain: the decrypted PREVIOUS, ACTIVE and PENDING values (each the text of
/// a JSON object) and the keys that rotation replaces.
///
/// Owned by the caller, freed with `sm_secret_chain_free`, which overwrites the values with
/// zeros. Every text read from it belongs to it. Immutable: may be read from many threads at
/// once.
///
/// Methods: `sm_secret_chain_previous`, `sm_secret_chain_active`, `sm_secret_chain_pending`,
/// `sm_secret_chain_rotation_target_count`, `sm_secret_chain_rotation_target`,
/// `sm_secret_chain_free`.
#[derive(Debug)]
pub struct sm_secret_chain {
    previous: Option<SecretCString>,
    active: Option<SecretCString>,
    pending: Option<SecretCString>,
    rotation_targets: Vec<CString>,
}

fn stage(what: &str, value: Option<&SecretString>) -> Result<Option<SecretCString>, Failure> {
    value.map(|v| SecretCString::new(what, v.expose())).transpose()
}

impl sm_secret_chain {
    pub(crate) fn new(value: &SecretValueChain) -> Result<Self, Failure> {
        Ok(Self {
            previous: stage("PREVIOUS value", value.chain.previous.as_ref())?,
            active: stage("ACTIVE value", value.chain.active.as_ref())?,
            pending: stage("PENDING value", value.chain.pending.as_ref())?,
            rotation_targets: value
                .rotation_targets
                .iter()
                .map(|t| c_string("rotation target", t))
                .collect::<Result<_, _>>()?,
        })
    }
}

/// Reads one field of a chain; `default` when `chain` is NULL (or on a panic).
fn read<T>(chain: *const sm_secret_chain, default: T, field: impl FnOnce(&sm_secret_chain) -> T) -> T {
    // SAFETY: every accessor's contract makes `chain` NULL or a live object.
    unsafe { read_field(chain, default, field) }
}

fn stage_ptr(value: &Option<SecretCString>) -> *const c_char {
    value.as_ref().map_or(ptr::null(), SecretCString::as_ptr)
}

/// Borrows `chain`. Returns the PREVIOUS value (secret), or NULL when there is none or `chain`
/// is NULL. The text belongs to `chain`: valid until `sm_secret_chain_free(chain)`, never free
/// it, and do not log it. Thread-safe.
///
/// # Safety
///
/// `chain` is NULL or a live `sm_secret_chain`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_chain_previous(chain: *const sm_secret_chain) -> *const c_char {
    read(chain, ptr::null(), |c| stage_ptr(&c.previous))
}

/// Borrows `chain`. Returns the ACTIVE value (secret), or NULL when there is none or `chain`
/// is NULL. The text belongs to `chain`: valid until `sm_secret_chain_free(chain)`, never free
/// it, and do not log it. Thread-safe.
///
/// # Safety
///
/// `chain` is NULL or a live `sm_secret_chain`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_chain_active(chain: *const sm_secret_chain) -> *const c_char {
    read(chain, ptr::null(), |c| stage_ptr(&c.active))
}

/// Borrows `chain`. Returns the PENDING value (secret), or NULL when there is none or `chain`
/// is NULL. The text belongs to `chain`: valid until `sm_secret_chain_free(chain)`, never free
/// it, and do not log it. Thread-safe.
///
/// # Safety
///
/// `chain` is NULL or a live `sm_secret_chain`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_chain_pending(chain: *const sm_secret_chain) -> *const c_char {
    read(chain, ptr::null(), |c| stage_ptr(&c.pending))
}

/// Borrows `chain`. Returns the number of rotation targets (0 if `chain` is NULL).
/// Nothing to free. Thread-safe.
///
/// # Safety
///
/// `chain` is NULL or a live `sm_secret_chain`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_chain_rotation_target_count(chain: *const sm_secret_chain) -> usize {
    read(chain, 0, |c| c.rotation_targets.len())
}

/// Borrows `chain`. Returns rotation target `index` (0-based), a key of the value; NULL if
/// `chain` is NULL or `index` is out of range. The text belongs to `chain` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `chain` is NULL or a live `sm_secret_chain`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_chain_rotation_target(
    chain: *const sm_secret_chain,
    index: usize,
) -> *const c_char {
    read(chain, ptr::null(), |c| c.rotation_targets.get(index).map_or(ptr::null(), |t| t.as_ptr()))
}

/// Overwrites the values of `chain` with zeros and frees it with its texts. Takes ownership;
/// NULL is fine. Must not be called twice.
///
/// Not thread-safe for this object: no other thread may use it during or after the call.
///
/// # Safety
///
/// `chain` is NULL or an owned `sm_secret_chain` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_chain_free(chain: *mut sm_secret_chain) {
    // SAFETY: forwarded from this function's contract.
    guard_value((), || unsafe { free_box(chain) })
}

/// **Get Secret Value**: the decrypted value chain of secret `secret_id`.
///
/// Borrows `client` and `secret_id`. On success `*out` receives the chain, owned by the caller
/// (free with `sm_secret_chain_free`). Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `out` and
/// `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_get_secret_value(
    client: *const sm_client,
    secret_id: *const c_char,
    out: *mut *mut sm_secret_chain,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        secret_query(client, secret_id, out, err_out, |id| ncp::GetSecretValue::new(id), sm_secret_chain::new)
    }
}

/// **Start Rotation Job**: step 1 of a rotation function. Tells Secret Manager that job
/// `job_token` of secret `secret_id` starts (the secret becomes `ROTATING`) and returns the
/// value chain and the rotation targets.
///
/// Borrows `client`, `secret_id` and `job_token`. On success `*out` receives the chain, owned
/// by the caller (free with `sm_secret_chain_free`). Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` and `job_token` are NULL or NUL-terminated;
/// `out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_start_rotation_job(
    client: *const sm_client,
    secret_id: *const c_char,
    job_token: *const c_char,
    out: *mut *mut sm_secret_chain,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client, secret_id, job_token) = unsafe {
            (
                OutSlot::new("out", out)?,
                client_ref(client)?,
                required_str("secret_id", secret_id)?,
                required_str("job_token", job_token)?,
            )
        };
        let value = client.call(&ncp::StartRotationJob::new(secret_id, job_token))?;
        out.set(sm_secret_chain::new(&value)?);
        Ok(())
    })
}
