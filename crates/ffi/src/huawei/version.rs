//! Huawei Cloud CSMS: CreateSecretVersion (`sm_huawei_create_secret_version`), which writes a
//! new value: how a `COMMON` secret is rotated.

use std::ffi::c_char;
use std::ptr;

use secretmanager_blocking::huawei;
use secretmanager_core::{SecretBytes, SecretString};

use crate::huawei::sm_huawei_client;
use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::{StringOut, borrow};
use crate::plumbing::panic::guard;
use crate::plumbing::sized::{init_sized, read_sized, sized_struct};
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::{c_string, optional_str, required_str, str_array};

/// The fields of CreateSecretVersion. Fill it with
/// `sm_huawei_create_secret_version_request_init(&request, sizeof request)` (every field NULL
/// or 0), then set `secret_name` and exactly one value: `secret_string`, or `secret_binary`
/// with `secret_binary_len`. Borrowed by `sm_huawei_create_secret_version` for the duration of
/// the call.
///
/// Starts with `struct_size` (see Growth in the header's conventions); the first layout ends
/// with `expire_time`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct sm_huawei_create_secret_version_request {
    /// `sizeof(sm_huawei_create_secret_version_request)` as the caller was compiled, set by
    /// `sm_huawei_create_secret_version_request_init`: the library reads only the fields
    /// within it.
    pub struct_size: usize,
    /// The secret, 1–64 letters, digits, `_` or `-` (required).
    pub secret_name: *const c_char,
    /// A text value, at most 32 KiB; NULL = none (then give `secret_binary`). Only borrowed;
    /// the library's copies are zeroed after use.
    pub secret_string: *const c_char,
    /// A binary value: `secret_binary_len` bytes of any value (NUL included), at most 32 KiB,
    /// sent base64-encoded; NULL = none (then give `secret_string`). Only borrowed; the
    /// library's copies are zeroed after use.
    pub secret_binary: *const u8,
    /// The number of bytes of `secret_binary`; must be 0 when it is NULL.
    pub secret_binary_len: usize,
    /// Stages to put on the new version: an array of `version_stages_count` names (1–64
    /// letters, digits, `_` or `-`; at most 12), e.g. `"SYSCURRENT"` or a custom stage. With
    /// none (NULL and 0) CSMS puts `SYSCURRENT` on it, and `SYSPREVIOUS` on the version that
    /// was current. A stage given moves from the version that held it.
    pub version_stages: *const *const c_char,
    /// The number of entries of `version_stages`.
    pub version_stages_count: usize,
    /// When the version expires, a Unix timestamp (1 or more) passed to CSMS as given: a
    /// pointer to the number, or NULL = not sent (the version does not expire).
    pub expire_time: *const i64,
}

impl Default for sm_huawei_create_secret_version_request {
    fn default() -> Self {
        Self {
            struct_size: size_of::<Self>(),
            secret_name: ptr::null(),
            secret_string: ptr::null(),
            secret_binary: ptr::null(),
            secret_binary_len: 0,
            version_stages: ptr::null(),
            version_stages_count: 0,
            expire_time: ptr::null(),
        }
    }
}

sized_struct!(sm_huawei_create_secret_version_request, layouts ending with [expire_time]);

/// Fills `*request` with the defaults (every field NULL or 0: no value, no stages, no expiry)
/// and sets `request->struct_size` to `struct_size`, which is
/// `sizeof(sm_huawei_create_secret_version_request)` as the caller was compiled (only the
/// fields within it are written).
///
/// Writes `*request` (caller-owned; nothing to free). Returns `SM_INVALID_ARGUMENT`, writing
/// nothing, if `request` is NULL or `struct_size` is smaller than the struct's first layout or
/// larger than this library knows. Thread-safe.
///
/// # Safety
///
/// `request` is NULL or valid for writing `struct_size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_create_secret_version_request_init(
    request: *mut sm_huawei_create_secret_version_request,
    struct_size: usize,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { init_sized("request", request, struct_size) }
}

/// The binary value of a request: `None` when `secret_binary` is NULL. The length is checked
/// (at most 32 KiB) before the bytes are copied, into memory zeroed when dropped.
///
/// # Safety
///
/// `request.secret_binary` is NULL or points to `request.secret_binary_len` readable bytes.
unsafe fn binary_value(
    request: &sm_huawei_create_secret_version_request,
) -> Result<Option<SecretBytes>, Failure> {
    let len = request.secret_binary_len;
    if request.secret_binary.is_null() {
        if len != 0 {
            return Err(Failure::invalid(
                "request->secret_binary",
                format_args!("is NULL but request->secret_binary_len is {len}"),
            ));
        }
        return Ok(None);
    }
    huawei::validate_secret_value("secret_binary", len)
        .map_err(|e| Failure::from(secretmanager_core::Error::from(e)))?;
    // SAFETY: the pointer is not NULL and, by this function's contract, `len` bytes are
    // readable there; they are only read.
    let bytes = unsafe { std::slice::from_raw_parts(request.secret_binary, len) };
    Ok(Some(SecretBytes::from(bytes.to_vec())))
}

/// The core operation a request struct describes.
///
/// # Safety
///
/// The strings, the byte array and the array of `request` are NULL or valid, as documented on
/// the struct.
unsafe fn version_op(
    request: &sm_huawei_create_secret_version_request,
) -> Result<huawei::CreateSecretVersion, Failure> {
    // SAFETY: forwarded from this function's contract.
    let (name, text, binary, stages) = unsafe {
        (
            required_str("request->secret_name", request.secret_name)?,
            optional_str("request->secret_string", request.secret_string)?,
            binary_value(request)?,
            str_array("request->version_stages", request.version_stages, request.version_stages_count)?,
        )
    };
    let mut op = huawei::CreateSecretVersion::new(name).version_stages(stages);
    if let Some(text) = text {
        op = op.secret_string(SecretString::from(text));
    }
    if let Some(bytes) = binary {
        op = op.secret_binary(bytes);
    }
    // SAFETY: a valid request struct holds NULL or a readable number.
    if let Some(expire_time) = unsafe { request.expire_time.as_ref() }.copied() {
        op = op.expire_time(expire_time);
    }
    Ok(op)
}

/// **CreateSecretVersion** (Huawei CSMS): writes a new version of secret
/// `request->secret_name` holding `request`'s value. This is how a `COMMON` secret is rotated:
/// without `version_stages` the new version becomes `SYSCURRENT` and the one that was current
/// `SYSPREVIOUS` (`sm_huawei_show_secret_stage` reads them, `sm_huawei_show_secret_version`
/// the values).
///
/// Borrows `client`, `request`, its strings and its bytes for the duration of the call; the
/// value is only read, and the library's copies of it are zeroed after use. On success
/// `*version_id_out` receives the new version's id (e.g. `"v2"`), an owned string the caller
/// frees with `sm_string_free`. The id is the one thing of the answer the caller does not
/// already know (its stages, expiry and secret are the request's); the other metadata (KMS
/// key, creation time) is JSON of `sm_huawei_call("ListSecretVersions", ...)` away.
///
/// Inputs are validated before anything is sent: `SM_INVALID_ARGUMENT` names the field (no
/// value or both values, a bad name or stage, more than 12 stages, a value over 32 KiB,
/// `expire_time` below 1, `struct_size` out of range). Not retried automatically (a resend
/// would add a second version): when the answer is lost, `SM_OUTCOME_UNKNOWN` says to look
/// the versions up (ListSecretVersions) before writing again. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live Huawei client; `request` is NULL or a valid request struct of
/// `request->struct_size` readable bytes, whose strings are NULL or NUL-terminated, whose
/// `secret_binary` is NULL or points to `secret_binary_len` readable bytes, whose
/// `version_stages` is NULL or points to `version_stages_count` such strings, and whose
/// `expire_time` is NULL or readable; `version_id_out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_create_secret_version(
    client: *const sm_huawei_client,
    request: *const sm_huawei_create_secret_version_request,
    version_id_out: *mut *mut c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client, request) = unsafe {
            (
                StringOut::new("version_id_out", version_id_out)?,
                borrow("client", client)?,
                read_sized("request", request)?,
            )
        };
        // SAFETY: a valid request struct holds NULL or valid strings, bytes and numbers.
        let op = unsafe { version_op(&request) }?;
        let created = client.inner.call(&op)?;
        out.set_raw(c_string("version id", &created.version_metadata.id)?.into_raw());
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_maps_every_field_and_keeps_the_value_out_of_debug() {
        let stages = [c"SYSCURRENT".as_ptr(), c"blue".as_ptr()];
        let bytes = *b"raw\0bytes";
        let expire = 1_900_000_000i64;
        let request = sm_huawei_create_secret_version_request {
            secret_name: c"db".as_ptr(),
            secret_binary: bytes.as_ptr(),
            secret_binary_len: bytes.len(),
            version_stages: stages.as_ptr(),
            version_stages_count: 2,
            expire_time: &expire,
            ..Default::default()
        };
        // SAFETY: the request holds literals, live locals and NULLs.
        let op = unsafe { version_op(&request) }.expect("a binary request maps");
        assert_eq!(op.secret_name, "db");
        assert_eq!(op.secret_binary.as_ref().map(|b| b.expose().to_vec()), Some(bytes.to_vec()));
        assert!(op.secret_string.is_none());
        assert_eq!(op.version_stages, ["SYSCURRENT", "blue"]);
        assert_eq!(op.expire_time, Some(1_900_000_000));
        assert!(!format!("{op:?}").contains("raw"), "{op:?}");

        let text = sm_huawei_create_secret_version_request {
            secret_name: c"db".as_ptr(),
            secret_string: c"hunter2".as_ptr(),
            ..Default::default()
        };
        // SAFETY: as above.
        let op = unsafe { version_op(&text) }.expect("a text request maps");
        assert_eq!(op.secret_string.as_ref().map(SecretString::expose), Some("hunter2"));
        assert!(op.secret_binary.is_none() && op.version_stages.is_empty() && op.expire_time.is_none());
        assert!(!format!("{op:?}").contains("hunter2"));
    }

    #[test]
    fn a_null_binary_with_a_length_an_oversized_one_and_a_null_stage_are_refused() {
        let null_with_len = sm_huawei_create_secret_version_request {
            secret_name: c"db".as_ptr(),
            secret_binary_len: 3,
            ..Default::default()
        };
        // SAFETY: the pointer is NULL; nothing is read.
        let err = unsafe { version_op(&null_with_len) }.expect_err("refused");
        assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT);
        assert!(err.message.contains("request->secret_binary` is NULL but"), "{}", err.message);
        let big = vec![7u8; 32 * 1024 + 1];
        let oversized = sm_huawei_create_secret_version_request {
            secret_name: c"db".as_ptr(),
            secret_binary: big.as_ptr(),
            secret_binary_len: big.len(),
            ..Default::default()
        };
        // SAFETY: `big` holds `secret_binary_len` bytes.
        let err = unsafe { version_op(&oversized) }.expect_err("refused");
        assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT);
        assert!(err.message.contains("invalid secret_binary"), "{}", err.message);
        let stages = [c"SYSCURRENT".as_ptr(), ptr::null()];
        let null_stage = sm_huawei_create_secret_version_request {
            secret_name: c"db".as_ptr(),
            secret_string: c"v".as_ptr(),
            version_stages: stages.as_ptr(),
            version_stages_count: 2,
            ..Default::default()
        };
        // SAFETY: the array holds two pointers, a literal and NULL.
        let err = unsafe { version_op(&null_stage) }.expect_err("refused");
        assert!(err.message.contains("request->version_stages[1]"), "{}", err.message);
    }
}
