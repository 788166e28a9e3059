//! The steps a rotation function takes after Start Rotation Job: Add / Update Pending Stage,
//! Generate Random Secret, Complete / Fail Rotation Job.

use std::ffi::c_char;
use std::ptr;

use secretmanager_core::ncp;

use crate::ncp::calls::{job_action, job_args};
use crate::ncp::client::sm_client;
use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::StringOut;
use crate::plumbing::panic::guard;
use crate::plumbing::sized::{init_sized, read_sized, sized_struct};
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::{optional_str, owned_secret_string, required_str};

/// **Add Pending Stage**: Secret Manager generates new values for the rotation targets and
/// stores them as the PENDING value of job `job_token`.
///
/// Borrows `client`, `secret_id` and `job_token`. On success `*pending_out` receives the new
/// PENDING value (secret; the text of a JSON object), an owned string the caller frees with
/// `sm_string_free` (which zeroes it). Not retried automatically. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `pending_out`
/// and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_add_pending_stage(
    client: *const sm_client,
    secret_id: *const c_char,
    job_token: *const c_char,
    pending_out: *mut *mut c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, (client, secret_id, job_token)) =
            unsafe { (StringOut::new("pending_out", pending_out)?, job_args(client, secret_id, job_token)?) };
        let stage = client.call(&ncp::AddPendingStage::new(secret_id, job_token))?;
        out.set_raw(owned_secret_string("PENDING value", stage.pending.expose())?);
        Ok(())
    })
}

/// **Update Pending Stage**: sets the PENDING value of job `job_token` to `value` (the text of
/// a JSON object of 1–100 pairs, at most 10,000 bytes; change only the rotation targets).
///
/// Borrows `client` and the strings; the library's copies of `value` are zeroed after use.
/// Returns nothing else. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `err_out` is
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_update_pending_stage(
    client: *const sm_client,
    secret_id: *const c_char,
    job_token: *const c_char,
    value: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let ((client, secret_id, job_token), value) =
            unsafe { (job_args(client, secret_id, job_token)?, required_str("value", value)?) };
        client.call(&ncp::UpdatePendingStage::new(secret_id, job_token, value))?;
        Ok(())
    })
}

/// Options of Generate Random Secret. Fill with
/// `sm_random_secret_options_init(&options, sizeof options)` (which sets NCP's defaults), then
/// change what you need. Borrowed for the duration of the call.
///
/// Starts with `struct_size` (see Growth in the header's conventions); the first layout ends
/// with `require_each_included_type`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct sm_random_secret_options {
    /// `sizeof(sm_random_secret_options)` as the caller was compiled, set by
    /// `sm_random_secret_options_init`: the library reads only the fields within it.
    pub struct_size: usize,
    /// Length, 5–32 (default 12).
    pub length: u32,
    /// Every character to leave out, concatenated; NULL = none.
    pub exclude_characters: *const c_char,
    /// Leave out digits (default false).
    pub exclude_numbers: bool,
    /// Leave out punctuation (default false).
    pub exclude_punctuation: bool,
    /// Leave out upper-case letters (default false).
    pub exclude_uppercase: bool,
    /// Leave out lower-case letters (default false).
    pub exclude_lowercase: bool,
    /// Allow the space character (default true).
    pub include_space: bool,
    /// Use at least one character of each included type (default true).
    pub require_each_included_type: bool,
}

impl Default for sm_random_secret_options {
    fn default() -> Self {
        Self {
            struct_size: size_of::<Self>(),
            length: 12,
            exclude_characters: ptr::null(),
            exclude_numbers: false,
            exclude_punctuation: false,
            exclude_uppercase: false,
            exclude_lowercase: false,
            include_space: true,
            require_each_included_type: true,
        }
    }
}

sized_struct!(sm_random_secret_options, layouts ending with [require_each_included_type]);

/// Fills `*options` with NCP's defaults (length 12, every character type, space included) and
/// sets `options->struct_size` to `struct_size`, which is `sizeof(sm_random_secret_options)`
/// as the caller was compiled (only the fields within it are written).
///
/// Writes `*options` (caller-owned; nothing to free); `SM_INVALID_ARGUMENT`, writing nothing,
/// if it is NULL or `struct_size` is smaller than the struct's first layout or larger than
/// this library knows. Thread-safe.
///
/// # Safety
///
/// `options` is NULL or valid for writing `struct_size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_random_secret_options_init(
    options: *mut sm_random_secret_options,
    struct_size: usize,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { init_sized("options", options, struct_size) }
}

/// The Generate Random Secret operation `options` describes (NULL = NCP's defaults); errors
/// name the argument `argument`.
///
/// # Safety
///
/// `options` is NULL or a valid `sm_random_secret_options` whose `exclude_characters` is NULL
/// or NUL-terminated.
pub(crate) unsafe fn random_secret_op(
    argument: &str,
    secret_id: &str,
    job_token: &str,
    options: *const sm_random_secret_options,
) -> Result<ncp::GenerateRandomSecret, Failure> {
    let options = if options.is_null() {
        sm_random_secret_options::default()
    } else {
        // SAFETY: options is not NULL, so a valid struct by contract.
        unsafe { read_sized(argument, options) }?
    };
    // SAFETY: the string of a valid options struct is NULL or NUL-terminated.
    let exclude =
        unsafe { optional_str(&format!("{argument}->exclude_characters"), options.exclude_characters) }?;
    let mut op = ncp::GenerateRandomSecret::new(secret_id, job_token)
        .length(options.length)
        .exclude_numbers(options.exclude_numbers)
        .exclude_punctuation(options.exclude_punctuation)
        .exclude_uppercase(options.exclude_uppercase)
        .exclude_lowercase(options.exclude_lowercase)
        .include_space(options.include_space)
        .require_each_included_type(options.require_each_included_type);
    if let Some(exclude) = exclude {
        op = op.exclude_characters(exclude);
    }
    Ok(op)
}

/// **Generate Random Secret**: a random string drawn by Secret Manager for job `job_token`,
/// to build a new PENDING value with (`sm_update_pending_stage`).
///
/// Borrows `client`, the strings and `options` (NULL = NCP's defaults). On success `*out`
/// receives the random string (secret), an owned string the caller frees with
/// `sm_string_free` (which zeroes it). Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `options` is
/// NULL or a valid options struct of `options->struct_size` readable bytes; `out` and
/// `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_generate_random_secret(
    client: *const sm_client,
    secret_id: *const c_char,
    job_token: *const c_char,
    options: *const sm_random_secret_options,
    out: *mut *mut c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, (client, secret_id, job_token)) =
            unsafe { (StringOut::new("out", out)?, job_args(client, secret_id, job_token)?) };
        // SAFETY: options is NULL or a valid struct, as documented.
        let op = unsafe { random_secret_op("options", secret_id, job_token, options) }?;
        let random = client.call(&op)?;
        out.set_raw(owned_secret_string("random string", random.random_string.expose())?);
        Ok(())
    })
}

/// **Complete Rotation Job**: the last step of a successful rotation; PENDING becomes ACTIVE
/// and ACTIVE becomes PREVIOUS.
///
/// Borrows `client` and the strings; returns nothing else. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `err_out` is
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_complete_rotation_job(
    client: *const sm_client,
    secret_id: *const c_char,
    job_token: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        job_action(client, secret_id, job_token, err_out, |id, token| {
            ncp::CompleteRotationJob::new(id, token)
        })
    }
}

/// **Fail Rotation Job**: ends job `job_token` as failed (the rotation result becomes
/// "Rotation failed"); call it when anything goes wrong after Start Rotation Job.
///
/// Borrows `client` and the strings; returns nothing else. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `err_out` is
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_fail_rotation_job(
    client: *const sm_client,
    secret_id: *const c_char,
    job_token: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        job_action(client, secret_id, job_token, err_out, |id, token| ncp::FailRotationJob::new(id, token))
    }
}
