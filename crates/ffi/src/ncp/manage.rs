//! Managing a secret: Enable / Disable Secret, Request / Cancel Secret Deletion, Delete
//! Secret, Update Secret Memo and Update Protection Key.

use std::ffi::c_char;

use secretmanager_core::ncp;

use crate::ncp::calls::secret_action;
use crate::ncp::client::{client_ref, sm_client};
use crate::ncp::secret::{boundary_from, key_type_from, sm_kms_boundary_type, sm_protection_key_type};
use crate::plumbing::error::sm_error;
use crate::plumbing::panic::guard;
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::{optional_str, required_str};

/// **Enable Secret**: secret `secret_id` becomes `ENABLE`. Only from `DISABLE`; otherwise
/// `SM_INVALID_STATE` (NCP `INVALID_STATUS`).
///
/// Borrows `client` and `secret_id`; returns nothing else (read the secret with
/// `sm_get_secret_detail`). Nothing to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `err_out` is NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_enable_secret(
    client: *const sm_client,
    secret_id: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { secret_action(client, secret_id, err_out, |id| ncp::EnableSecret::new(id)) }
}

/// **Disable Secret**: secret `secret_id` becomes `DISABLE`. Only from `ENABLE`; otherwise
/// `SM_INVALID_STATE`.
///
/// Borrows `client` and `secret_id`; returns nothing else. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `err_out` is NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_disable_secret(
    client: *const sm_client,
    secret_id: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { secret_action(client, secret_id, err_out, |id| ncp::DisableSecret::new(id)) }
}

/// **Request Secret Deletion**: schedules the deletion of secret `secret_id`, which becomes
/// `REVOKE`. Allowed from `ENABLE`, `DISABLE` and `REVOKE`.
///
/// Borrows `client` and `secret_id`; returns nothing else. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `err_out` is NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_request_secret_deletion(
    client: *const sm_client,
    secret_id: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { secret_action(client, secret_id, err_out, |id| ncp::RequestSecretDeletion::new(id)) }
}

/// **Cancel Secret Deletion**: secret `secret_id` goes from `REVOKE` back to `DISABLE`. Only
/// from `REVOKE`; otherwise `SM_INVALID_STATE`.
///
/// Borrows `client` and `secret_id`; returns nothing else. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `err_out` is NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_cancel_secret_deletion(
    client: *const sm_client,
    secret_id: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { secret_action(client, secret_id, err_out, |id| ncp::CancelSecretDeletion::new(id)) }
}

/// **Delete Secret**: deletes secret `secret_id` for good. Only from `REVOKE` (call
/// `sm_request_secret_deletion` first); otherwise `SM_INVALID_STATE`.
///
/// Borrows `client` and `secret_id`; returns nothing else. Not retried automatically: a
/// resend after an applied first send answers `SM_NOT_FOUND`. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `err_out` is NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_delete_secret(
    client: *const sm_client,
    secret_id: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { secret_action(client, secret_id, err_out, |id| ncp::DeleteSecret::new(id)) }
}

/// **Update Secret Memo**: sets the description of secret `secret_id` to `memo` (at most 1000
/// bytes; `""` clears it).
///
/// Borrows `client` and the strings; returns nothing else. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `err_out` is
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_update_secret_memo(
    client: *const sm_client,
    secret_id: *const c_char,
    memo: *const c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (client, secret_id, memo) = unsafe {
            (client_ref(client)?, required_str("secret_id", secret_id)?, required_str("memo", memo)?)
        };
        client.call(&ncp::UpdateSecretMemo::new(secret_id, memo))?;
        Ok(())
    })
}

/// **Update Protection Key**: protects secret `secret_id` with the key `protection_key_type`
/// names (`SM_PROTECTION_KEY_DEFAULT`, or `SM_PROTECTION_KEY_USER_MANAGED` with the KMS key
/// tag `kms_key_tag`; NULL = not sent) in `kms_boundary_type` (`SM_KMS_BOUNDARY_UNSET` = not
/// sent). NCP's rules (tag required with a user-managed key, refused with the default one)
/// are checked before anything is sent.
///
/// Borrows `client` and the strings; returns nothing else. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `err_out` is
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_update_protection_key(
    client: *const sm_client,
    secret_id: *const c_char,
    protection_key_type: sm_protection_key_type,
    kms_key_tag: *const c_char,
    kms_boundary_type: sm_kms_boundary_type,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (client, secret_id, kms_key_tag) = unsafe {
            (
                client_ref(client)?,
                required_str("secret_id", secret_id)?,
                optional_str("kms_key_tag", kms_key_tag)?,
            )
        };
        let mut op = ncp::UpdateProtectionKey::new(secret_id);
        op.protection_key_type = key_type_from("protection_key_type", protection_key_type)?;
        op.kms_key_tag = kms_key_tag.map(str::to_owned);
        op.kms_boundary_type = boundary_from("kms_boundary_type", kms_boundary_type)?;
        client.call(&op)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::ptr;

    use super::*;

    #[test]
    fn unknown_key_numbers_are_named() {
        let mut err = ptr::null_mut();
        // SAFETY: the client is NULL, which the function rejects after the argument checks.
        let status =
            unsafe { sm_update_protection_key(ptr::null(), c"s".as_ptr(), 0, ptr::null(), 0, &mut err) };
        assert_eq!(status, sm_status::SM_INVALID_ARGUMENT);
        // SAFETY: err is the live error just written, freed once.
        unsafe { crate::plumbing::error::sm_error_free(err) };
        let failure = key_type_from("protection_key_type", 9).unwrap_err();
        assert!(failure.message.contains("protection_key_type` is 9"), "{}", failure.message);
        assert!(boundary_from("kms_boundary_type", 3).is_err());
        assert_eq!(boundary_from("k", 0).unwrap(), None);
    }
}
