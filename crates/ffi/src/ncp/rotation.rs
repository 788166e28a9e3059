//! Rotation settings and controls: `sm_rotation_settings`, Enable / Disable Auto Rotation and
//! Execute Rotation Job.

use std::ffi::{CString, c_char};
use std::ptr;

use secretmanager_core::ncp::{self, AutoRotation};

use crate::ncp::calls::{secret_action, secret_query};
use crate::ncp::client::{client_ref, sm_client};
use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::{OutSlot, free_box, optional_u32, read_field};
use crate::plumbing::panic::{guard, guard_value};
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::{c_string, opt_ptr, optional_str, required_str};

/// A secret's rotation settings, as Enable / Disable Auto Rotation return them.
///
/// Owned by the caller, freed with `sm_rotation_settings_free`. Immutable: may be read from
/// many threads at once.
///
/// Methods: `sm_rotation_settings_enabled`, `sm_rotation_settings_period_days`,
/// `sm_rotation_settings_next_rotation_date_ms`, `sm_rotation_settings_trigger_id`,
/// `sm_rotation_settings_free`.
#[derive(Debug)]
pub struct sm_rotation_settings {
    enabled: Option<bool>,
    period_days: Option<u32>,
    next_rotation_date_ms: Option<i64>,
    trigger_id: Option<CString>,
}

impl sm_rotation_settings {
    fn new(settings: &AutoRotation) -> Result<Self, Failure> {
        Ok(Self {
            enabled: settings.auto_rotation,
            period_days: settings.auto_rotation_period,
            next_rotation_date_ms: settings.next_rotation_date.map(|d| d.0),
            trigger_id: settings.trigger.as_ref().map(|t| c_string("trigger id", &t.id)).transpose()?,
        })
    }
}

/// Reads one field; `default` when `settings` is NULL (or on a panic).
fn read<T>(
    settings: *const sm_rotation_settings,
    default: T,
    field: impl FnOnce(&sm_rotation_settings) -> T,
) -> T {
    // SAFETY: every accessor's contract makes `settings` NULL or a live object.
    unsafe { read_field(settings, default, field) }
}

/// Borrows `settings`. Returns 1 when auto rotation is on, 0 when off, -1 when the answer did
/// not say or `settings` is NULL. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `settings` is NULL or a live `sm_rotation_settings`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_rotation_settings_enabled(settings: *const sm_rotation_settings) -> i32 {
    read(settings, -1, |s| s.enabled.map_or(-1, i32::from))
}

/// Borrows `settings`. Returns the rotation period in days, 0 when unknown or `settings` is
/// NULL. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `settings` is NULL or a live `sm_rotation_settings`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_rotation_settings_period_days(settings: *const sm_rotation_settings) -> u32 {
    read(settings, 0, |s| s.period_days.unwrap_or(0))
}

/// Borrows `settings`. Returns the next rotation date in milliseconds since the Unix epoch,
/// -1 when unknown or `settings` is NULL. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `settings` is NULL or a live `sm_rotation_settings`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_rotation_settings_next_rotation_date_ms(
    settings: *const sm_rotation_settings,
) -> i64 {
    read(settings, -1, |s| s.next_rotation_date_ms.unwrap_or(-1))
}

/// Borrows `settings`. Returns the linked trigger's id, NULL when none or `settings` is NULL.
/// The text belongs to `settings` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `settings` is NULL or a live `sm_rotation_settings`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_rotation_settings_trigger_id(
    settings: *const sm_rotation_settings,
) -> *const c_char {
    read(settings, ptr::null(), |s| opt_ptr(&s.trigger_id))
}

/// Frees `settings` with its texts. Takes ownership; NULL is fine.
///
/// Not thread-safe for this object: no other thread may use it during or after the call.
///
/// # Safety
///
/// `settings` is NULL or an owned `sm_rotation_settings` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_rotation_settings_free(settings: *mut sm_rotation_settings) {
    // SAFETY: forwarded from this function's contract.
    guard_value((), || unsafe { free_box(settings) })
}

/// **Enable Auto Rotation** of secret `secret_id`, every `*period_days` days (1–730; NULL =
/// not sent, NCP keeps the current period or its default of 90; any number given, 0
/// included, is sent and checked) through trigger `trigger_id` (NULL = not sent: required
/// unless a trigger is already linked).
///
/// Borrows `client`, `secret_id` and `trigger_id`. On success `*out` receives the new
/// settings, owned by the caller (free with `sm_rotation_settings_free`). Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `period_days`
/// is NULL or readable; `out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_enable_auto_rotation(
    client: *const sm_client,
    secret_id: *const c_char,
    period_days: *const u32,
    trigger_id: *const c_char,
    out: *mut *mut sm_rotation_settings,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client, secret_id, trigger_id) = unsafe {
            (
                OutSlot::new("out", out)?,
                client_ref(client)?,
                required_str("secret_id", secret_id)?,
                optional_str("trigger_id", trigger_id)?,
            )
        };
        let mut op = ncp::EnableAutoRotation::new(secret_id);
        // SAFETY: period_days is NULL or readable, as documented.
        if let Some(days) = unsafe { optional_u32(period_days) } {
            op = op.rotation_period(days);
        }
        if let Some(trigger_id) = trigger_id {
            op = op.trigger_id(trigger_id);
        }
        out.set(sm_rotation_settings::new(&client.call(&op)?)?);
        Ok(())
    })
}

/// **Disable Auto Rotation** of secret `secret_id`.
///
/// Borrows `client` and `secret_id`. On success `*out` receives the new settings, owned by the
/// caller (free with `sm_rotation_settings_free`). Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `out` and
/// `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_disable_auto_rotation(
    client: *const sm_client,
    secret_id: *const c_char,
    out: *mut *mut sm_rotation_settings,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        secret_query(
            client,
            secret_id,
            out,
            err_out,
            |id| ncp::DisableAutoRotation::new(id),
            sm_rotation_settings::new,
        )
    }
}

/// **Execute Rotation Job**: rotates secret `secret_id` now by firing its trigger. The new
/// job's token appears in the secret's logs (`sm_get_secret_logs`).
///
/// Borrows `client` and `secret_id`; returns nothing else. Not retried automatically (a resend
/// would start a second job). Nothing to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `err_out` is NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_execute_rotation(
    client: *const sm_client,
    secret_id: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { secret_action(client, secret_id, err_out, |id| ncp::ExecuteRotationJob::new(id)) }
}

/// **Update Rotation Period**: secret `secret_id` rotates every `period_days` days. The
/// number is always sent and checked: outside 1–730 (0 included) gives
/// `SM_INVALID_ARGUMENT` before anything is sent.
///
/// Borrows `client` and `secret_id`. On success `*out` receives the new settings, owned by the
/// caller (free with `sm_rotation_settings_free`). Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `out` and
/// `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_update_rotation_period(
    client: *const sm_client,
    secret_id: *const c_char,
    period_days: u32,
    out: *mut *mut sm_rotation_settings,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        secret_query(
            client,
            secret_id,
            out,
            err_out,
            |id| ncp::UpdateRotationPeriod::new(id, period_days),
            sm_rotation_settings::new,
        )
    }
}

/// **Update Rotation Trigger**: links secret `secret_id` to rotation trigger `trigger_id`.
///
/// Borrows `client` and the strings. On success `*out` receives the new settings, owned by the
/// caller (free with `sm_rotation_settings_free`). Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `out` and
/// `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_update_rotation_trigger(
    client: *const sm_client,
    secret_id: *const c_char,
    trigger_id: *const c_char,
    out: *mut *mut sm_rotation_settings,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client, secret_id, trigger_id) = unsafe {
            (
                OutSlot::new("out", out)?,
                client_ref(client)?,
                required_str("secret_id", secret_id)?,
                required_str("trigger_id", trigger_id)?,
            )
        };
        let settings = client.call(&ncp::UpdateRotationTrigger::new(secret_id, trigger_id))?;
        out.set(sm_rotation_settings::new(&settings)?);
        Ok(())
    })
}

/// **Delete Rotation Trigger**: unlinks the rotation trigger of secret `secret_id`.
///
/// Borrows `client` and `secret_id`; returns nothing else. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `err_out` is NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_delete_rotation_trigger(
    client: *const sm_client,
    secret_id: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { secret_action(client, secret_id, err_out, |id| ncp::DeleteRotationTrigger::new(id)) }
}

/// **Retry Rotation Job**: runs the last failed rotation of secret `secret_id` again. Only
/// after a failed rotation; otherwise `SM_INVALID_STATE`.
///
/// Borrows `client` and `secret_id`; returns nothing else. Not retried automatically. Nothing
/// to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `err_out` is NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_retry_rotation_job(
    client: *const sm_client,
    secret_id: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { secret_action(client, secret_id, err_out, |id| ncp::RetryRotationJob::new(id)) }
}

/// **Cancel Rotation Job**: cancels the running rotation of secret `secret_id`. Only while a
/// rotation runs; otherwise `SM_INVALID_STATE`.
///
/// Borrows `client` and `secret_id`; returns nothing else. Not retried automatically. Nothing
/// to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `err_out` is NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_cancel_rotation_job(
    client: *const sm_client,
    secret_id: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { secret_action(client, secret_id, err_out, |id| ncp::CancelRotationJob::new(id)) }
}

/// **Rollback Rotation Job**: undoes the last rotation of secret `secret_id` (PREVIOUS becomes
/// ACTIVE again). Only when there is a rotation to undo; otherwise `SM_INVALID_STATE`.
///
/// Borrows `client` and `secret_id`; returns nothing else. Not retried automatically. Nothing
/// to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `err_out` is NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_rollback_rotation_job(
    client: *const sm_client,
    secret_id: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { secret_action(client, secret_id, err_out, |id| ncp::RollbackRotationJob::new(id)) }
}
