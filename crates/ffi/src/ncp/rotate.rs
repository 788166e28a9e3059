//! `sm_rotate`: the rotation-function helper. One call runs an NCP rotation job from Start
//! Rotation Job to Complete Rotation Job, calling back into C to apply the new value (and, if
//! asked, to produce it), and reports the job failed when a step fails.
//!
//! The body is the blocking client's `Client::rotate`; this module maps its arguments and its
//! `RotationError` to C.

use std::ffi::{c_char, c_int, c_void};

use secretmanager_blocking::ncp::{
    BoxError, PendingRotation, PendingValue, RotationCause, RotationError, RotationStep, SecretValueChain,
};
use secretmanager_core::SecretString;
use secretmanager_core::ncp::Operation;

use crate::ncp::calls::job_args;
use crate::ncp::chain::sm_secret_chain;
use crate::ncp::client::sm_client;
use crate::ncp::job::{random_secret_op, sm_random_secret_options};
use crate::plumbing::callback::{CallbackError, sm_value_sink, write_optional};
use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::panic::guard;
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::SecretCString;

/// How `sm_rotate` produces the new PENDING value.
pub type sm_pending_source = u32;
/// Secret Manager draws random values for the rotation targets (**Add Pending Stage**).
pub const SM_PENDING_RANDOM: sm_pending_source = 0;
/// For each rotation target, **Generate Random Secret** (with `generate_options`) draws a
/// value that replaces the target's key in a copy of ACTIVE; **Update Pending Stage** stores
/// the result.
pub const SM_PENDING_GENERATE: sm_pending_source = 1;
/// The caller's `produce` function builds the value; **Update Pending Stage** stores it.
pub const SM_PENDING_CUSTOM: sm_pending_source = 2;

/// The step of `sm_rotate` that failed (`*failed_step_out`).
pub type sm_rotation_step = u32;
/// No step failed: the rotation completed, or an argument was refused before anything was
/// sent.
pub const SM_ROTATION_STEP_NONE: sm_rotation_step = 0;
/// **Start Rotation Job**.
pub const SM_ROTATION_STEP_START: sm_rotation_step = 1;
/// Producing PENDING: Add Pending Stage, Generate Random Secret + Update Pending Stage, or the
/// `produce` function + Update Pending Stage.
pub const SM_ROTATION_STEP_PENDING: sm_rotation_step = 2;
/// The caller's `apply` function, setting the new value on the target system.
pub const SM_ROTATION_STEP_APPLY: sm_rotation_step = 3;
/// **Complete Rotation Job**.
pub const SM_ROTATION_STEP_COMPLETE: sm_rotation_step = 4;

/// Whether `sm_rotate` told Secret Manager that the job failed (`*fail_report_out`).
pub type sm_fail_report = u32;
/// Fail Rotation Job was not sent: the rotation completed, an argument was refused before
/// anything was sent, or the outcome of Complete Rotation Job is unknown (`SM_OUTCOME_UNKNOWN`:
/// the job may have completed, and failing it would leave the secret and the target system
/// out of step).
pub const SM_FAIL_NOT_SENT: sm_fail_report = 0;
/// Fail Rotation Job was sent and accepted: the job ended as "Rotation failed".
pub const SM_FAIL_REPORTED: sm_fail_report = 1;
/// Fail Rotation Job was sent and failed too (the error message says why); the job may still
/// be in progress.
pub const SM_FAIL_REPORT_FAILED: sm_fail_report = 2;

/// The `produce` function of `sm_rotate` with `SM_PENDING_CUSTOM`: builds the new PENDING
/// value (the text of a JSON object) from `current`, the chain Start Rotation Job answered,
/// and hands it over with `sm_value_sink_set(sink, ...)`. Returns 0 on success; any other
/// value fails the rotation at `SM_ROTATION_STEP_PENDING` (the value is named in the error
/// message). Returning 0 without setting a value fails it too.
///
/// `user_data` is the pointer given to `sm_rotate`. `current` and `sink` are borrowed for the
/// duration of the call only: never keep or free them; the chain's values are zeroed when
/// it returns. Called once, on the thread that called `sm_rotate`.
pub type sm_rotation_produce_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        current: *const sm_secret_chain,
        sink: *mut sm_value_sink,
    ) -> c_int,
>;

/// The `apply` function of `sm_rotate`: sets `new_value` (the new value, already stored as
/// PENDING; the text of a JSON object) on the target system (a database password, an API
/// key...). `current` is the chain Start Rotation Job answered: its ACTIVE is the value in use
/// until the job completes (its PENDING is not the new value). Returns 0 on success; any
/// other value fails the rotation at `SM_ROTATION_STEP_APPLY` (the value is named in the
/// error message).
///
/// `user_data` is the pointer given to `sm_rotate`. `secret_id` is the caller's own argument.
/// `current` and `new_value` are borrowed for the duration of the call only: never keep or
/// free them, copy what must outlive it; they are zeroed when it returns. Called at most once,
/// on the thread that called `sm_rotate`.
pub type sm_rotation_apply_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        secret_id: *const c_char,
        current: *const sm_secret_chain,
        new_value: *const c_char,
    ) -> c_int,
>;

/// Runs `produce` with a chain copied for C and a fresh sink.
///
/// # Safety
///
/// `produce` is a function honouring `sm_rotation_produce_fn`'s contract for `user_data`.
unsafe fn produce_with(
    produce: unsafe extern "C" fn(*mut c_void, *const sm_secret_chain, *mut sm_value_sink) -> c_int,
    user_data: *mut c_void,
    chain: &SecretValueChain,
) -> Result<SecretString, BoxError> {
    let current = sm_secret_chain::new(chain).map_err(CallbackError::Conversion)?;
    let mut sink = sm_value_sink::default();
    // SAFETY: the function honours its documented contract; both pointers are live for the
    // call, and neither is used by it afterwards.
    let code = unsafe { produce(user_data, &current, &mut sink) };
    drop(current); // zeroes the values C saw
    if code != 0 {
        return Err(CallbackError::Returned("produce", code).into());
    }
    sink.take().ok_or_else(|| CallbackError::NoValue.into())
}

/// Runs `apply` with the chain and the new value copied for C.
///
/// # Safety
///
/// `apply` is a function honouring `sm_rotation_apply_fn`'s contract for `user_data`;
/// `secret_id` is the caller's live NUL-terminated argument.
unsafe fn apply_with(
    apply: unsafe extern "C" fn(*mut c_void, *const c_char, *const sm_secret_chain, *const c_char) -> c_int,
    user_data: *mut c_void,
    secret_id: *const c_char,
    rotation: &PendingRotation<'_>,
) -> Result<(), CallbackError> {
    let current = sm_secret_chain::new(rotation.current).map_err(CallbackError::Conversion)?;
    let new_value =
        SecretCString::new("new value", rotation.pending.expose()).map_err(CallbackError::Conversion)?;
    // SAFETY: the function honours its documented contract; every pointer is live for the
    // call. `current` and `new_value` are zeroed when dropped, right after.
    let code = unsafe { apply(user_data, secret_id, &current, new_value.as_ptr()) };
    if code == 0 { Ok(()) } else { Err(CallbackError::Returned("apply", code)) }
}

/// The C step number of a step.
fn step_number(step: RotationStep) -> sm_rotation_step {
    match step {
        RotationStep::Start => SM_ROTATION_STEP_START,
        RotationStep::Pending => SM_ROTATION_STEP_PENDING,
        RotationStep::Apply => SM_ROTATION_STEP_APPLY,
        RotationStep::Complete => SM_ROTATION_STEP_COMPLETE,
        _ => SM_ROTATION_STEP_NONE,
    }
}

/// The C report number of a rotation error's `fail_report`.
fn report_number(report: &Option<Result<(), secretmanager_blocking::Error>>) -> sm_fail_report {
    match report {
        None => SM_FAIL_NOT_SENT,
        Some(Ok(())) => SM_FAIL_REPORTED,
        Some(Err(_)) => SM_FAIL_REPORT_FAILED,
    }
}

/// The failure a rotation error becomes: the status (and HTTP status, provider code) of its
/// cause, and the whole error's message (step, cause, whether the job was reported failed).
fn rotation_failure(err: RotationError<CallbackError>) -> Failure {
    let message = err.to_string();
    let mut failure = match err.cause {
        RotationCause::Api(e) => Failure::from(e),
        RotationCause::Produce(e) => {
            let status =
                e.downcast_ref::<CallbackError>().map_or(sm_status::SM_UNKNOWN_ERROR, CallbackError::status);
            Failure::new(status, "")
        }
        RotationCause::Unusable(_) => Failure::new(sm_status::SM_INVALID_STATE, ""),
        RotationCause::Apply(e) => Failure::new(e.status(), ""),
        _ => Failure::new(sm_status::SM_UNKNOWN_ERROR, ""),
    };
    failure.message = message;
    failure
}

/// Runs rotation job `job_token` of secret `secret_id` from start to end, as an NCP rotation
/// function does:
///
/// 1. **Start Rotation Job** (the secret becomes `ROTATING`; the current chain comes back);
/// 2. produces the new PENDING value as `pending` (`SM_PENDING_*`) says: `SM_PENDING_RANDOM`
///    (Add Pending Stage), `SM_PENDING_GENERATE` (Generate Random Secret per rotation target
///    with `*generate_options`, NULL = NCP's defaults, then Update Pending Stage) or
///    `SM_PENDING_CUSTOM` (`produce`, then Update Pending Stage);
/// 3. calls `apply` once with the new value, to set it on the target system;
/// 4. **Complete Rotation Job** (PENDING becomes ACTIVE, ACTIVE becomes PREVIOUS).
///
/// If a step fails, **Fail Rotation Job** is sent (best effort) and the call fails: the
/// status is the failed request's (`SM_NOT_FOUND`, `SM_INVALID_ARGUMENT` for a produced
/// value Update Pending Stage refuses...), `SM_UNKNOWN_ERROR` when `produce` or `apply`
/// returned nonzero, `SM_INVALID_STATE` when `SM_PENDING_GENERATE` finds no rotation target
/// or an ACTIVE that is not a JSON object. The error message names the step, the cause and
/// whether the job was reported failed; it never holds a secret value.
///
/// A lost answer to Complete Rotation Job is settled from the secret's log: when the job
/// completed, the call succeeds. When nothing can tell, it fails with `SM_OUTCOME_UNKNOWN`
/// at `SM_ROTATION_STEP_COMPLETE` and Fail Rotation Job is not sent (the job may have
/// completed).
///
/// Arguments: `produce` is required with `SM_PENDING_CUSTOM` and must be NULL otherwise;
/// `generate_options` must be NULL unless `pending` is `SM_PENDING_GENERATE`; `apply` is
/// required. A refused argument gives `SM_INVALID_ARGUMENT` before anything is sent.
///
/// Borrows `client`, the strings and `generate_options` for the duration of the call, and
/// hands `user_data` to the callbacks untouched. Writes `*failed_step_out`
/// (`SM_ROTATION_STEP_*`) and `*fail_report_out` (`SM_FAIL_*`) when they are not NULL: set to
/// `SM_ROTATION_STEP_NONE` / `SM_FAIL_NOT_SENT` first, and on failure to the step that failed
/// and what became of Fail Rotation Job. Values passed to the callbacks are borrowed for the
/// duration of each callback only and zeroed afterwards; nothing is returned to free but
/// `*err_out` (with `sm_error_free`). Thread-safe: the client may be shared; the callbacks
/// run on the calling thread, before `sm_rotate` returns.
///
/// # Safety
///
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated;
/// `generate_options` is NULL or a valid options struct; `produce` and `apply` are NULL or
/// functions honouring their documented contracts for `user_data`; `failed_step_out`,
/// `fail_report_out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments, reason = "a flat C signature, callable from ctypes without structs")]
pub unsafe extern "C" fn sm_rotate(
    client: *const sm_client,
    secret_id: *const c_char,
    job_token: *const c_char,
    pending: sm_pending_source,
    generate_options: *const sm_random_secret_options,
    produce: sm_rotation_produce_fn,
    apply: sm_rotation_apply_fn,
    user_data: *mut c_void,
    failed_step_out: *mut sm_rotation_step,
    fail_report_out: *mut sm_fail_report,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or writable pointers, as documented.
        unsafe {
            write_optional(failed_step_out, SM_ROTATION_STEP_NONE);
            write_optional(fail_report_out, SM_FAIL_NOT_SENT);
        }
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (client, id, token) = unsafe { job_args(client, secret_id, job_token)? };
        let how = match pending {
            SM_PENDING_RANDOM | SM_PENDING_GENERATE | SM_PENDING_CUSTOM => pending,
            other => {
                return Err(Failure::invalid(
                    "pending",
                    format_args!("is {other}, not one of the SM_PENDING_* values"),
                ));
            }
        };
        if how != SM_PENDING_GENERATE && !generate_options.is_null() {
            return Err(Failure::invalid(
                "generate_options",
                "is given, but `pending` is not SM_PENDING_GENERATE",
            ));
        }
        if how != SM_PENDING_CUSTOM && produce.is_some() {
            return Err(Failure::invalid("produce", "is given, but `pending` is not SM_PENDING_CUSTOM"));
        }
        let apply = apply.ok_or_else(|| Failure::null("apply"))?;
        let value = match how {
            SM_PENDING_GENERATE => {
                // SAFETY: generate_options is NULL or a valid struct, as documented.
                let op = unsafe { random_secret_op("generate_options", id, token, generate_options) }?;
                op.validate().map_err(|e| Failure::invalid("generate_options", e))?;
                PendingValue::Generate(op)
            }
            SM_PENDING_CUSTOM => {
                let produce = produce.ok_or_else(|| Failure::null("produce"))?;
                // SAFETY: produce honours its documented contract for user_data.
                PendingValue::custom(move |chain| unsafe { produce_with(produce, user_data, chain) })
            }
            _ => PendingValue::Random,
        };
        // SAFETY: apply honours its documented contract; secret_id was checked above and is
        // the caller's string, alive for the whole call.
        let outcome = client.rotate(id, token, value, |rotation| unsafe {
            apply_with(apply, user_data, secret_id, rotation)
        });
        match outcome {
            Ok(_done) => Ok(()),
            Err(err) => {
                // SAFETY: as at the top.
                unsafe {
                    write_optional(failed_step_out, step_number(err.step));
                    write_optional(fail_report_out, report_number(&err.fail_report));
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
    fn steps_and_reports_map_to_their_numbers() {
        assert_eq!(step_number(RotationStep::Start), SM_ROTATION_STEP_START);
        assert_eq!(step_number(RotationStep::Pending), SM_ROTATION_STEP_PENDING);
        assert_eq!(step_number(RotationStep::Apply), SM_ROTATION_STEP_APPLY);
        assert_eq!(step_number(RotationStep::Complete), SM_ROTATION_STEP_COMPLETE);
        assert_eq!(report_number(&None), SM_FAIL_NOT_SENT);
        assert_eq!(report_number(&Some(Ok(()))), SM_FAIL_REPORTED);
    }

    #[test]
    fn callback_failures_name_the_function_and_its_code() {
        let err = CallbackError::Returned("apply", 7);
        assert_eq!(err.to_string(), "the apply function returned 7");
        assert_eq!(err.status(), sm_status::SM_UNKNOWN_ERROR);
        let nul = CallbackError::Conversion(Failure::new(sm_status::SM_DECODE_ERROR, "NUL"));
        assert_eq!(nul.status(), sm_status::SM_DECODE_ERROR);
        assert!(CallbackError::NoValue.to_string().contains("sm_value_sink_set"));
    }
}
