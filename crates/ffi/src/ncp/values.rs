//! Reading and writing stage values: Get Secret Stage Value, Update Secret Value and Update
//! Secret Stage Value.

use std::ffi::c_char;

use secretmanager_core::SecretString;
use secretmanager_core::ncp::{self, SecretStage};

use crate::ncp::client::{client_ref, sm_client};
use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::StringOut;
use crate::plumbing::panic::guard;
use crate::plumbing::sized::{init_sized, read_sized, sized_struct};
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::{optional_str, owned_secret_string, required_str};

/// A stage of a secret's value chain.
pub type sm_stage = u32;
/// The value used before the active one.
pub const SM_STAGE_PREVIOUS: sm_stage = 1;
/// The value in normal use.
pub const SM_STAGE_ACTIVE: sm_stage = 2;
/// The value of a rotation waiting to complete.
pub const SM_STAGE_PENDING: sm_stage = 3;

/// The core stage an `SM_STAGE_*` value names.
fn stage_from(argument: &str, stage: sm_stage) -> Result<SecretStage, Failure> {
    match stage {
        SM_STAGE_PREVIOUS => Ok(SecretStage::Previous),
        SM_STAGE_ACTIVE => Ok(SecretStage::Active),
        SM_STAGE_PENDING => Ok(SecretStage::Pending),
        other => {
            Err(Failure::invalid(argument, format_args!("is {other}, not one of the SM_STAGE_* values")))
        }
    }
}

/// What Update Secret Value does to one stage (`sm_secret_value_update`).
pub type sm_value_action = u32;
/// Leave the stage as it is (the value must be NULL).
pub const SM_VALUE_KEEP: sm_value_action = 0;
/// Set the stage to the given value.
pub const SM_VALUE_SET: sm_value_action = 1;
/// Delete the stage (the value must be NULL).
pub const SM_VALUE_DELETE: sm_value_action = 2;

/// The stages Update Secret Value changes. Fill it with
/// `sm_secret_value_update_init(&update, sizeof update)` (every stage `SM_VALUE_KEEP`), then
/// set what you need; at least one stage must change. Borrowed for the duration of the call;
/// the library's copies of the values are zeroed after use.
///
/// Starts with `struct_size` (see Growth in the header's conventions); the first layout ends
/// with `pending`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct sm_secret_value_update {
    /// `sizeof(sm_secret_value_update)` as the caller was compiled, set by
    /// `sm_secret_value_update_init`: the library reads only the fields within it.
    pub struct_size: usize,
    /// What to do to PREVIOUS.
    pub previous_action: sm_value_action,
    /// The new PREVIOUS value (a JSON object's text) with `SM_VALUE_SET`, else NULL.
    pub previous: *const c_char,
    /// What to do to ACTIVE.
    pub active_action: sm_value_action,
    /// The new ACTIVE value with `SM_VALUE_SET`, else NULL.
    pub active: *const c_char,
    /// What to do to PENDING.
    pub pending_action: sm_value_action,
    /// The new PENDING value with `SM_VALUE_SET`, else NULL.
    pub pending: *const c_char,
}

impl Default for sm_secret_value_update {
    fn default() -> Self {
        Self {
            struct_size: size_of::<Self>(),
            previous_action: SM_VALUE_KEEP,
            previous: std::ptr::null(),
            active_action: SM_VALUE_KEEP,
            active: std::ptr::null(),
            pending_action: SM_VALUE_KEEP,
            pending: std::ptr::null(),
        }
    }
}

sized_struct!(sm_secret_value_update, layouts ending with [pending]);

/// Fills `*update` with the defaults (every stage `SM_VALUE_KEEP`, every value NULL) and sets
/// `update->struct_size` to `struct_size`, which is `sizeof(sm_secret_value_update)` as the
/// caller was compiled (only the fields within it are written).
///
/// Writes `*update` (caller-owned; nothing to free). Returns `SM_INVALID_ARGUMENT`, writing
/// nothing, if `update` is NULL or `struct_size` is smaller than the struct's first layout or
/// larger than this library knows. Thread-safe.
///
/// # Safety
///
/// `update` is NULL or valid for writing `struct_size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_value_update_init(
    update: *mut sm_secret_value_update,
    struct_size: usize,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { init_sized("update", update, struct_size) }
}

/// The change asked for one stage: `None` = keep, `Some(None)` = delete, `Some(Some(v))` = set.
///
/// # Safety
///
/// `value` is NULL or NUL-terminated.
unsafe fn stage_change<'a>(
    name: &str,
    action: sm_value_action,
    value: *const c_char,
) -> Result<Option<Option<&'a str>>, Failure> {
    let argument = format!("update->{name}");
    // SAFETY: forwarded from this function's contract.
    let value = unsafe { optional_str(&argument, value) }?;
    match (action, value) {
        (SM_VALUE_SET, Some(v)) => Ok(Some(Some(v))),
        (SM_VALUE_SET, None) => Err(Failure::null(&argument)),
        (SM_VALUE_KEEP, None) => Ok(None),
        (SM_VALUE_DELETE, None) => Ok(Some(None)),
        (SM_VALUE_KEEP | SM_VALUE_DELETE, Some(_)) => {
            Err(Failure::invalid(&argument, "is given, but its action is not SM_VALUE_SET"))
        }
        (other, _) => Err(Failure::invalid(
            &format!("update->{name}_action"),
            format_args!("is {other}, not one of the SM_VALUE_* values"),
        )),
    }
}

/// **Get Secret Stage Value**: the decrypted value of one stage (`SM_STAGE_*`) of secret
/// `secret_id`.
///
/// Borrows `client` and `secret_id`. On success `*value_out` receives the value (secret; the
/// text of a JSON object), an owned string the caller frees with `sm_string_free` (which
/// zeroes it). A stage with no value answers an error from NCP. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `value_out` and
/// `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_get_secret_stage_value(
    client: *const sm_client,
    secret_id: *const c_char,
    stage: sm_stage,
    value_out: *mut *mut c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client, secret_id) = unsafe {
            (
                StringOut::new("value_out", value_out)?,
                client_ref(client)?,
                required_str("secret_id", secret_id)?,
            )
        };
        let stage = stage_from("stage", stage)?;
        let value = client.call(&ncp::GetSecretStageValue::new(secret_id, stage))?;
        out.set_raw(owned_secret_string("stage value", value.value.expose())?);
        Ok(())
    })
}

/// **Update Secret Value**: sets, deletes or keeps each stage of secret `secret_id` as
/// `*update` says. Not allowed while the secret is `REVOKE` (`SM_INVALID_STATE`).
///
/// Borrows `client`, `secret_id`, `update` and its values; the encrypted chain NCP answers is
/// not returned. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `update` is NULL
/// or a valid struct of `update->struct_size` readable bytes whose strings are NULL or
/// NUL-terminated; `err_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_update_secret_value(
    client: *const sm_client,
    secret_id: *const c_char,
    update: *const sm_secret_value_update,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (client, secret_id, update) = unsafe {
            (client_ref(client)?, required_str("secret_id", secret_id)?, read_sized("update", update)?)
        };
        // SAFETY: the strings of a valid struct are NULL or NUL-terminated.
        let (previous, active, pending) = unsafe {
            (
                stage_change("previous", update.previous_action, update.previous)?,
                stage_change("active", update.active_action, update.active)?,
                stage_change("pending", update.pending_action, update.pending)?,
            )
        };
        let mut op = ncp::UpdateSecretValue::new(secret_id);
        op = match previous {
            Some(Some(v)) => op.previous(SecretString::from(v)),
            Some(None) => op.delete_previous(),
            None => op,
        };
        op = match active {
            Some(Some(v)) => op.active(SecretString::from(v)),
            Some(None) => op.delete_active(),
            None => op,
        };
        op = match pending {
            Some(Some(v)) => op.pending(SecretString::from(v)),
            Some(None) => op.delete_pending(),
            None => op,
        };
        client.call(&op)?;
        Ok(())
    })
}

/// **Update Secret Stage Value**: sets stage `stage` (`SM_STAGE_*`) of secret `secret_id` to
/// `value` (the text of a JSON object of 1–100 pairs, at most 10,000 bytes).
///
/// Borrows `client` and the strings; the library's copies of `value` are zeroed after use.
/// The encrypted value NCP answers is not returned. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `err_out` is
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_update_secret_stage_value(
    client: *const sm_client,
    secret_id: *const c_char,
    stage: sm_stage,
    value: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (client, secret_id, value) = unsafe {
            (client_ref(client)?, required_str("secret_id", secret_id)?, required_str("value", value)?)
        };
        let stage = stage_from("stage", stage)?;
        client.call(&ncp::UpdateSecretStageValue::new(secret_id, stage, SecretString::from(value)))?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::ptr;

    use super::*;

    #[test]
    fn stage_numbers_map_to_the_three_stages() {
        assert_eq!(stage_from("stage", SM_STAGE_PREVIOUS).unwrap(), SecretStage::Previous);
        assert_eq!(stage_from("stage", SM_STAGE_PENDING).unwrap(), SecretStage::Pending);
        assert!(stage_from("stage", 0).unwrap_err().message.contains("`stage` is 0"));
    }

    #[test]
    fn stage_changes_follow_their_action() {
        // SAFETY: the values are NULL or C string literals.
        unsafe {
            assert_eq!(stage_change("active", SM_VALUE_KEEP, ptr::null()).unwrap(), None);
            assert_eq!(stage_change("active", SM_VALUE_DELETE, ptr::null()).unwrap(), Some(None));
            assert_eq!(stage_change("active", SM_VALUE_SET, c"{}".as_ptr()).unwrap(), Some(Some("{}")));
            let err = stage_change("active", SM_VALUE_SET, ptr::null()).unwrap_err();
            assert!(err.message.contains("`update->active` is NULL"), "{}", err.message);
            let err = stage_change("pending", SM_VALUE_DELETE, c"{}".as_ptr()).unwrap_err();
            assert!(err.message.contains("update->pending"), "{}", err.message);
            let err = stage_change("previous", 7, ptr::null()).unwrap_err();
            assert!(err.message.contains("update->previous_action` is 7"), "{}", err.message);
        }
    }
}
