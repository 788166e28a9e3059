//! `sm_huawei_rotate_common`: the user-driven rotation of a Huawei `COMMON` secret. One call
//! reads the current version, produces the next value, stores it under a pending stage,
//! calls back into C to apply it, and promotes it to `SYSCURRENT`, never losing the current
//! value.
//!
//! The body is the blocking client's `Client::rotate_common`; this module maps its arguments
//! and its `CommonRotationError` to C.

use std::ffi::{c_char, c_int, c_void};
use std::ptr;

use secretmanager_blocking::huawei::{
    BoxError, CommonRotation, CommonRotationCause, CommonRotationError, CommonRotationStep,
    GenerateRandomPassword, NextValue, Operation, PendingVersion, SecretVersion,
};
use secretmanager_core::SecretString;

use crate::huawei::sm_huawei_client;
use crate::plumbing::callback::{CallbackError, sm_value_sink, write_optional};
use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::{StringOut, borrow};
use crate::plumbing::panic::guard;
use crate::plumbing::sized::{init_sized, read_sized, sized_struct};
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::{SecretCString, optional_str, owned_secret_string, required_str};

/// The `produce` function of `sm_huawei_rotate_common`: builds the next value from
/// `current_value` (the value `SYSCURRENT` points at) and hands it over with
/// `sm_value_sink_set(sink, ...)`. Returns 0 on success; any other value fails the rotation at
/// `SM_HUAWEI_ROTATION_STEP_PRODUCE` (the value is named in the error message), as does
/// returning 0 without setting a value.
///
/// `user_data` is the pointer given to `sm_huawei_rotate_common`. `current_value` and `sink`
/// are borrowed for the duration of the call only: never keep or free them; the value is
/// zeroed when it returns (NULL for a binary secret). Called at most once, on the thread that
/// called `sm_huawei_rotate_common`.
pub type sm_huawei_produce_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        current_value: *const c_char,
        sink: *mut sm_value_sink,
    ) -> c_int,
>;

/// The `apply` function of `sm_huawei_rotate_common`: sets `new_value` (already stored as
/// version `version_id` under the pending stage; `SYSCURRENT` has not moved) on the target
/// system and tests it. `current_value` is the value still in use (NULL for a binary secret).
/// Returns 0 on success; any other value fails the rotation at `SM_HUAWEI_ROTATION_STEP_APPLY`:
/// the pending stage is removed and `SYSCURRENT` never moves.
///
/// `user_data` is the pointer given to `sm_huawei_rotate_common`; `secret_name` is the
/// caller's own argument. The other strings are borrowed for the duration of the call only:
/// never keep or free them, copy what must outlive it; the values are zeroed when it returns.
/// Called at most once, on the thread that called `sm_huawei_rotate_common`.
pub type sm_huawei_apply_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        secret_name: *const c_char,
        current_value: *const c_char,
        version_id: *const c_char,
        new_value: *const c_char,
    ) -> c_int,
>;

/// How `sm_huawei_rotate_common` rotates. Fill with
/// `sm_huawei_rotation_options_init(&options, sizeof options)`, then change what you need.
/// Borrowed for the duration of the call.
///
/// Starts with `struct_size` (see Growth in the header's conventions); the first layout ends
/// with `produce`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct sm_huawei_rotation_options {
    /// `sizeof(sm_huawei_rotation_options)` as the caller was compiled, set by
    /// `sm_huawei_rotation_options_init`: the library reads only the fields within it.
    pub struct_size: usize,
    /// The custom stage the new version waits under until it is promoted; NULL = `"PENDING"`.
    pub pending_stage: *const c_char,
    /// Without `produce`: the length of the password GenerateRandomPassword draws, 1–255
    /// (0 = CSMS's default).
    pub password_length: u32,
    /// Without `produce`: every character the password must leave out, concatenated; NULL =
    /// none.
    pub exclude_characters: *const c_char,
    /// The caller's function building the next value; NULL = GenerateRandomPassword with the
    /// two fields above.
    pub produce: sm_huawei_produce_fn,
}

impl Default for sm_huawei_rotation_options {
    fn default() -> Self {
        Self {
            struct_size: size_of::<Self>(),
            pending_stage: ptr::null(),
            password_length: 0,
            exclude_characters: ptr::null(),
            produce: None,
        }
    }
}

sized_struct!(sm_huawei_rotation_options, layouts ending with [produce]);

/// Fills `*options` with the defaults (a random password of CSMS's default length, the
/// pending stage `"PENDING"`) and sets `options->struct_size` to `struct_size`, which is
/// `sizeof(sm_huawei_rotation_options)` as the caller was compiled (only the fields within it
/// are written).
///
/// Writes `*options` (caller-owned; nothing to free); `SM_INVALID_ARGUMENT`, writing nothing,
/// if it is NULL or `struct_size` is smaller than the struct's first layout or larger than
/// this library knows. Thread-safe.
///
/// # Safety
///
/// `options` is NULL or valid for writing `struct_size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_rotation_options_init(
    options: *mut sm_huawei_rotation_options,
    struct_size: usize,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { init_sized("options", options, struct_size) }
}

/// The step of `sm_huawei_rotate_common` that failed (`*failed_step_out`).
pub type sm_huawei_rotation_step = u32;
/// No step failed: the rotation completed, or an argument was refused before anything was
/// sent.
pub const SM_HUAWEI_ROTATION_STEP_NONE: sm_huawei_rotation_step = 0;
/// Reading the version `SYSCURRENT` points at (ShowSecretStage, ShowSecretVersion).
pub const SM_HUAWEI_ROTATION_STEP_READ_CURRENT: sm_huawei_rotation_step = 1;
/// Producing the next value (GenerateRandomPassword or `produce`).
pub const SM_HUAWEI_ROTATION_STEP_PRODUCE: sm_huawei_rotation_step = 2;
/// Storing it as a new version under the pending stage (CreateSecretVersion).
pub const SM_HUAWEI_ROTATION_STEP_CREATE_VERSION: sm_huawei_rotation_step = 3;
/// The caller's `apply` function.
pub const SM_HUAWEI_ROTATION_STEP_APPLY: sm_huawei_rotation_step = 4;
/// Moving `SYSCURRENT` to the new version (UpdateSecretStage).
pub const SM_HUAWEI_ROTATION_STEP_PROMOTE: sm_huawei_rotation_step = 5;

/// The C step number of a step.
fn step_number(step: CommonRotationStep) -> sm_huawei_rotation_step {
    match step {
        CommonRotationStep::ReadCurrent => SM_HUAWEI_ROTATION_STEP_READ_CURRENT,
        CommonRotationStep::Produce => SM_HUAWEI_ROTATION_STEP_PRODUCE,
        CommonRotationStep::CreateVersion => SM_HUAWEI_ROTATION_STEP_CREATE_VERSION,
        CommonRotationStep::Apply => SM_HUAWEI_ROTATION_STEP_APPLY,
        CommonRotationStep::Promote => SM_HUAWEI_ROTATION_STEP_PROMOTE,
        _ => SM_HUAWEI_ROTATION_STEP_NONE,
    }
}

/// The current value as C sees it: a zeroed-on-drop copy of the text, or none (a binary
/// value).
fn current_text(current: &SecretVersion) -> Result<Option<SecretCString>, Failure> {
    current
        .secret_string
        .as_ref()
        .map(|value| SecretCString::new("current value", value.expose()))
        .transpose()
}

/// Runs `produce` with the current value copied for C and a fresh sink.
///
/// # Safety
///
/// `produce` honours `sm_huawei_produce_fn`'s contract for `user_data`.
unsafe fn produce_with(
    produce: unsafe extern "C" fn(*mut c_void, *const c_char, *mut sm_value_sink) -> c_int,
    user_data: *mut c_void,
    current: &SecretVersion,
) -> Result<SecretString, BoxError> {
    let value = current_text(current).map_err(CallbackError::Conversion)?;
    let mut sink = sm_value_sink::default();
    let value_ptr = value.as_ref().map_or(ptr::null(), SecretCString::as_ptr);
    // SAFETY: the function honours its documented contract; every pointer is live for the
    // call and unused by it afterwards.
    let code = unsafe { produce(user_data, value_ptr, &mut sink) };
    drop(value); // zeroes the value C saw
    if code != 0 {
        return Err(CallbackError::Returned("produce", code).into());
    }
    sink.take().ok_or_else(|| CallbackError::NoValue.into())
}

/// Runs `apply` with the values copied for C.
///
/// # Safety
///
/// `apply` honours `sm_huawei_apply_fn`'s contract for `user_data`; `secret_name` is the
/// caller's live NUL-terminated argument.
unsafe fn apply_with(
    apply: unsafe extern "C" fn(
        *mut c_void,
        *const c_char,
        *const c_char,
        *const c_char,
        *const c_char,
    ) -> c_int,
    user_data: *mut c_void,
    secret_name: *const c_char,
    pending: &PendingVersion<'_>,
) -> Result<(), CallbackError> {
    let current = current_text(pending.current).map_err(CallbackError::Conversion)?;
    let version = SecretCString::new("version id", pending.version_id).map_err(CallbackError::Conversion)?;
    let value = SecretCString::new("new value", pending.value.expose()).map_err(CallbackError::Conversion)?;
    let current_ptr = current.as_ref().map_or(ptr::null(), SecretCString::as_ptr);
    // SAFETY: the function honours its documented contract; every pointer is live for the
    // call. The copies are zeroed when dropped, right after.
    let code = unsafe { apply(user_data, secret_name, current_ptr, version.as_ptr(), value.as_ptr()) };
    if code == 0 { Ok(()) } else { Err(CallbackError::Returned("apply", code)) }
}

/// The failure a rotation error becomes: the status of its cause and the whole error's
/// message (step, cause, what became of the pending stage).
fn rotation_failure(err: CommonRotationError<CallbackError>) -> Failure {
    let message = err.to_string();
    let mut failure = match err.cause {
        CommonRotationCause::Api(e) => Failure::from(e),
        CommonRotationCause::Produce(e) => Failure::new(
            e.downcast_ref::<CallbackError>().map_or(sm_status::SM_UNKNOWN_ERROR, CallbackError::status),
            "",
        ),
        CommonRotationCause::Apply(e) => Failure::new(e.status(), ""),
        _ => Failure::new(sm_status::SM_UNKNOWN_ERROR, ""),
    };
    failure.message = message;
    failure
}

/// **Rotates a `COMMON` secret**, as the caller drives it, never losing the current value:
///
/// 1. reads the version `SYSCURRENT` points at, with its value;
/// 2. produces the next value: `options->produce`, or GenerateRandomPassword with
///    `options->password_length` and `options->exclude_characters`;
/// 3. stores it as a new version under the pending stage only (`options->pending_stage`,
///    default `"PENDING"`): readers of `SYSCURRENT` keep the current value;
/// 4. calls `apply` once, to set the new value on the target system and test it;
/// 5. moves `SYSCURRENT` to the new version, then puts `SYSPREVIOUS` on the former one and
///    removes the pending stage (a failure of this tidying does not fail the rotation).
///
/// If `apply` fails, the pending stage is removed and `SYSCURRENT` never moved. If the
/// promotion fails, the new version keeps the pending stage (the target system already has
/// the new value): `*version_id_out` names it, and UpdateSecretStage of `SYSCURRENT` to it
/// (through `sm_huawei_call`) finishes the rotation. A lost answer
/// to CreateSecretVersion is `SM_OUTCOME_UNKNOWN` at `SM_HUAWEI_ROTATION_STEP_CREATE_VERSION`,
/// before `apply` is called. The status is the failed request's, or `SM_UNKNOWN_ERROR` when a
/// callback returned nonzero; the message names the step, the cause and what became of the
/// pending stage, never a secret value.
///
/// Borrows `client`, `secret_name` and `options` (NULL = the defaults) for the duration of
/// the call, and hands `user_data` to the callbacks untouched; `apply` is required. Writes
/// `*failed_step_out` (`SM_HUAWEI_ROTATION_STEP_*`) when it is not NULL: `..._NONE` first,
/// the failed step on failure. `*version_id_out` (required) receives NULL, or the new
/// version's id once it was created (on success, and on a failure after step 3): an owned
/// string to free with `sm_string_free`. Values passed to the callbacks are borrowed for the
/// callback only and zeroed afterwards. Thread-safe: the client may be shared; the callbacks
/// run on the calling thread, before this returns.
///
/// # Safety
///
/// `client` is NULL or a live Huawei client; `secret_name` is NULL or NUL-terminated;
/// `options` is NULL or a valid options struct whose strings are NULL or NUL-terminated and
/// whose `produce` is NULL or honours its contract for `user_data`; `apply` is NULL or
/// honours its contract for `user_data`; `version_id_out`, `failed_step_out` and `err_out`
/// are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_rotate_common(
    client: *const sm_huawei_client,
    secret_name: *const c_char,
    options: *const sm_huawei_rotation_options,
    apply: sm_huawei_apply_fn,
    user_data: *mut c_void,
    version_id_out: *mut *mut c_char,
    failed_step_out: *mut sm_huawei_rotation_step,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or writable pointers, as documented.
        unsafe { write_optional(failed_step_out, SM_HUAWEI_ROTATION_STEP_NONE) };
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client, name) = unsafe {
            (
                StringOut::new("version_id_out", version_id_out)?,
                borrow("client", client)?,
                required_str("secret_name", secret_name)?,
            )
        };
        let options = if options.is_null() {
            sm_huawei_rotation_options::default()
        } else {
            // SAFETY: options is a valid struct by contract.
            unsafe { read_sized("options", options) }?
        };
        // SAFETY: the strings of a valid options struct are NULL or NUL-terminated.
        let (stage, exclude) = unsafe {
            (
                optional_str("options->pending_stage", options.pending_stage)?,
                optional_str("options->exclude_characters", options.exclude_characters)?,
            )
        };
        let apply = apply.ok_or_else(|| Failure::null("apply"))?;
        let next = match options.produce {
            Some(produce) => {
                if options.password_length != 0 || exclude.is_some() {
                    return Err(Failure::invalid(
                        "options",
                        "sets password_length or exclude_characters, which only a random password uses, with produce",
                    ));
                }
                // SAFETY: produce honours its documented contract for user_data.
                NextValue::custom(move |current| unsafe { produce_with(produce, user_data, current) })
            }
            None => {
                let mut op = GenerateRandomPassword::new();
                if options.password_length != 0 {
                    op = op.length(options.password_length);
                }
                if let Some(exclude) = exclude {
                    op = op.exclude_characters(exclude);
                }
                op.validate().map_err(|e| Failure::invalid("options", e))?;
                NextValue::Random(op)
            }
        };
        let mut rotation = CommonRotation::new(name, next);
        if let Some(stage) = stage {
            rotation = rotation.pending_stage(stage);
        }
        // SAFETY: apply honours its documented contract; secret_name was checked above and is
        // the caller's string, alive for the whole call.
        let outcome = client
            .inner
            .rotate_common(rotation, |pending| unsafe { apply_with(apply, user_data, secret_name, pending) });
        match outcome {
            Ok(done) => {
                out.set_raw(owned_secret_string("version id", &done.version_id)?);
                Ok(())
            }
            Err(err) => {
                // SAFETY: as at the top.
                unsafe { write_optional(failed_step_out, step_number(err.step)) };
                if let Some(version) = &err.version_id {
                    out.set_raw(owned_secret_string("version id", version)?);
                }
                Err(rotation_failure(err))
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_map_to_their_numbers() {
        assert_eq!(step_number(CommonRotationStep::ReadCurrent), SM_HUAWEI_ROTATION_STEP_READ_CURRENT);
        assert_eq!(step_number(CommonRotationStep::Produce), SM_HUAWEI_ROTATION_STEP_PRODUCE);
        assert_eq!(step_number(CommonRotationStep::CreateVersion), SM_HUAWEI_ROTATION_STEP_CREATE_VERSION);
        assert_eq!(step_number(CommonRotationStep::Apply), SM_HUAWEI_ROTATION_STEP_APPLY);
        assert_eq!(step_number(CommonRotationStep::Promote), SM_HUAWEI_ROTATION_STEP_PROMOTE);
    }
}
