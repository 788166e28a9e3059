//! Huawei Cloud CSMS secrets and versions: CreateSecret and UpdateSecret (`sm_huawei_secret`),
//! ShowSecretStage and ShowSecretVersion.

use std::ffi::{CString, c_char};
use std::ptr;

use secretmanager_blocking::huawei;
use secretmanager_core::SecretString;

use crate::huawei::sm_huawei_client;
use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::{OutSlot, StringOut, borrow, free_box, read_field};
use crate::plumbing::panic::{guard, guard_value};
use crate::plumbing::sized::{init_sized, read_sized, sized_struct};
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::{c_string, opt_ptr, optional_str, owned_secret_string, required_str};

/// The fields of CreateSecret this library sends. Fill it with
/// `sm_huawei_create_secret_request_init(&request, sizeof request)` (every field NULL), then
/// set what you need; only `name` and `secret_string` are required. Borrowed by
/// `sm_huawei_create_secret` for the duration of the call.
///
/// Starts with `struct_size` (see Growth in the header's conventions); the first layout ends
/// with `rotation_period`.
///
/// CSMS rotates (`sm_huawei_rotate_secret`) only `RDS-FG` / `GaussDB-FG` secrets (which need
/// `rotation_config`) and secrets with a `rotation_func_urn`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct sm_huawei_create_secret_request {
    /// `sizeof(sm_huawei_create_secret_request)` as the caller was compiled, set by
    /// `sm_huawei_create_secret_request_init`: the library reads only the fields within it.
    pub struct_size: usize,
    /// Secret name, 1–64 letters, digits, `_` or `-` (required).
    pub name: *const c_char,
    /// The value, at most 32 KiB (required). Only borrowed; the library's copies are zeroed
    /// after use.
    pub secret_string: *const c_char,
    /// `"COMMON"`, `"RDS-FG"` or `"GaussDB-FG"`; NULL = not sent (CSMS uses `COMMON`).
    pub secret_type: *const c_char,
    /// Description; NULL = none.
    pub description: *const c_char,
    /// KMS key id encrypting the value; NULL = the CSMS default key.
    pub kms_key_id: *const c_char,
    /// Rotation configuration (JSON text) of `RDS-FG` / `GaussDB-FG` secrets; NULL = not sent.
    pub rotation_config: *const c_char,
    /// URN of the FunctionGraph function that rotates the secret; NULL = not sent.
    pub rotation_func_urn: *const c_char,
    /// Automatic rotation period such as `"30d"` or `"12h"`; NULL = no automatic rotation.
    pub rotation_period: *const c_char,
}

impl Default for sm_huawei_create_secret_request {
    fn default() -> Self {
        Self {
            struct_size: size_of::<Self>(),
            name: ptr::null(),
            secret_string: ptr::null(),
            secret_type: ptr::null(),
            description: ptr::null(),
            kms_key_id: ptr::null(),
            rotation_config: ptr::null(),
            rotation_func_urn: ptr::null(),
            rotation_period: ptr::null(),
        }
    }
}

sized_struct!(sm_huawei_create_secret_request, layouts ending with [rotation_period]);

/// Fills `*request` with the defaults (every field NULL: nothing sent) and sets
/// `request->struct_size` to `struct_size`, which is `sizeof(sm_huawei_create_secret_request)`
/// as the caller was compiled (only the fields within it are written).
///
/// Writes `*request` (caller-owned; nothing to free). Returns `SM_INVALID_ARGUMENT`, writing
/// nothing, if `request` is NULL or `struct_size` is smaller than the struct's first layout or
/// larger than this library knows. Thread-safe.
///
/// # Safety
///
/// `request` is NULL or valid for writing `struct_size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_create_secret_request_init(
    request: *mut sm_huawei_create_secret_request,
    struct_size: usize,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { init_sized("request", request, struct_size) }
}

/// The core operation a request struct describes.
///
/// # Safety
///
/// The strings of `request` are NULL or NUL-terminated.
unsafe fn create_op(request: &sm_huawei_create_secret_request) -> Result<huawei::CreateSecret, Failure> {
    // SAFETY: forwarded from this function's contract.
    let (name, value, secret_type, description, kms_key_id, config, urn, period) = unsafe {
        (
            required_str("request->name", request.name)?,
            required_str("request->secret_string", request.secret_string)?,
            optional_str("request->secret_type", request.secret_type)?,
            optional_str("request->description", request.description)?,
            optional_str("request->kms_key_id", request.kms_key_id)?,
            optional_str("request->rotation_config", request.rotation_config)?,
            optional_str("request->rotation_func_urn", request.rotation_func_urn)?,
            optional_str("request->rotation_period", request.rotation_period)?,
        )
    };
    let mut op = huawei::CreateSecret::new(name).secret_string(SecretString::from(value));
    if let Some(t) = secret_type {
        op = op.secret_type(huawei::SecretType::from(t));
    }
    if let Some(d) = description {
        op = op.description(d);
    }
    if let Some(k) = kms_key_id {
        op = op.kms_key_id(k);
    }
    if let Some(c) = config {
        op = op.rotation_config(c);
    }
    if let Some(u) = urn {
        op = op.rotation_func_urn(u);
    }
    if let Some(p) = period {
        op = op.auto_rotation(p);
    }
    Ok(op)
}

/// A CSMS secret's metadata (never its value), as `sm_huawei_create_secret` and
/// `sm_huawei_update_secret` return it.
///
/// Owned by the caller, freed with `sm_huawei_secret_free`; every text read from it belongs to
/// it. Immutable: may be read from many threads at once.
///
/// Methods: `sm_huawei_secret_id`, `sm_huawei_secret_name`, `sm_huawei_secret_state`,
/// `sm_huawei_secret_type`, `sm_huawei_secret_description`, `sm_huawei_secret_kms_key_id`,
/// `sm_huawei_secret_auto_rotation`, `sm_huawei_secret_rotation_period`,
/// `sm_huawei_secret_rotation_func_urn`, `sm_huawei_secret_next_rotation_time_ms`,
/// `sm_huawei_secret_free`.
#[derive(Debug)]
pub struct sm_huawei_secret {
    id: CString,
    name: CString,
    state: Option<CString>,
    secret_type: Option<CString>,
    description: Option<CString>,
    kms_key_id: Option<CString>,
    auto_rotation: Option<bool>,
    rotation_period: Option<CString>,
    rotation_func_urn: Option<CString>,
    next_rotation_time_ms: Option<i64>,
}

/// Copies an optional received text.
fn opt_c_string(what: &str, text: Option<&str>) -> Result<Option<CString>, Failure> {
    text.map(|t| c_string(what, t)).transpose()
}

impl sm_huawei_secret {
    fn new(secret: &huawei::Secret) -> Result<Self, Failure> {
        Ok(Self {
            id: c_string("secret id", &secret.id)?,
            name: c_string("secret name", &secret.name)?,
            state: opt_c_string("secret state", secret.state.as_ref().map(|s| s.as_str()))?,
            secret_type: opt_c_string("secret type", secret.secret_type.as_ref().map(|t| t.as_str()))?,
            description: opt_c_string("description", secret.description.as_deref())?,
            kms_key_id: opt_c_string("KMS key id", secret.kms_key_id.as_deref())?,
            auto_rotation: secret.auto_rotation,
            rotation_period: opt_c_string("rotation period", secret.rotation_period.as_deref())?,
            rotation_func_urn: opt_c_string("rotation function URN", secret.rotation_func_urn.as_deref())?,
            next_rotation_time_ms: secret.next_rotation_time,
        })
    }
}

/// Reads one field; `default` when `secret` is NULL (or on a panic).
fn read<T>(secret: *const sm_huawei_secret, default: T, field: impl FnOnce(&sm_huawei_secret) -> T) -> T {
    // SAFETY: every accessor's contract makes `secret` NULL or a live object.
    unsafe { read_field(secret, default, field) }
}

/// Borrows `secret`. Returns its id; NULL only if `secret` is NULL. The text belongs to
/// `secret` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_huawei_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_secret_id(secret: *const sm_huawei_secret) -> *const c_char {
    read(secret, ptr::null(), |s| s.id.as_ptr())
}

/// Borrows `secret`. Returns its name; NULL only if `secret` is NULL. The text belongs to
/// `secret` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_huawei_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_secret_name(secret: *const sm_huawei_secret) -> *const c_char {
    read(secret, ptr::null(), |s| s.name.as_ptr())
}

/// Borrows `secret`. Returns its state (`"ENABLED"`, `"DISABLED"`...); NULL when the answer
/// did not say or `secret` is NULL. The text belongs to `secret` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_huawei_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_secret_state(secret: *const sm_huawei_secret) -> *const c_char {
    read(secret, ptr::null(), |s| opt_ptr(&s.state))
}

/// Borrows `secret`. Returns its type (`"COMMON"`, `"RDS-FG"`, `"GaussDB-FG"`); NULL when the
/// answer did not say or `secret` is NULL. The text belongs to `secret` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_huawei_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_secret_type(secret: *const sm_huawei_secret) -> *const c_char {
    read(secret, ptr::null(), |s| opt_ptr(&s.secret_type))
}

/// Borrows `secret`. Returns its description; NULL when it has none, the answer did not say
/// or `secret` is NULL. The text belongs to `secret` (valid until it is freed; never free it).
/// Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_huawei_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_secret_description(secret: *const sm_huawei_secret) -> *const c_char {
    read(secret, ptr::null(), |s| opt_ptr(&s.description))
}

/// Borrows `secret`. Returns the id of the KMS key encrypting its values; NULL when the
/// answer did not say or `secret` is NULL. The text belongs to `secret` (valid until it is
/// freed; never free it). Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_huawei_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_secret_kms_key_id(secret: *const sm_huawei_secret) -> *const c_char {
    read(secret, ptr::null(), |s| opt_ptr(&s.kms_key_id))
}

/// Borrows `secret`. Returns 1 when CSMS rotates it automatically, 0 when it does not, -1 when
/// the answer did not say or `secret` is NULL. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_huawei_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_secret_auto_rotation(secret: *const sm_huawei_secret) -> i32 {
    read(secret, -1, |s| s.auto_rotation.map_or(-1, i32::from))
}

/// Borrows `secret`. Returns its automatic rotation period as CSMS writes it (`"30d"`,
/// `"12h"`); NULL when it has none, the answer did not say or `secret` is NULL. The text
/// belongs to `secret` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_huawei_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_secret_rotation_period(secret: *const sm_huawei_secret) -> *const c_char {
    read(secret, ptr::null(), |s| opt_ptr(&s.rotation_period))
}

/// Borrows `secret`. Returns the URN of the FunctionGraph function that rotates it; NULL when
/// it has none, the answer did not say or `secret` is NULL. The text belongs to `secret`
/// (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_huawei_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_secret_rotation_func_urn(
    secret: *const sm_huawei_secret,
) -> *const c_char {
    read(secret, ptr::null(), |s| opt_ptr(&s.rotation_func_urn))
}

/// Borrows `secret`. Returns when CSMS will next rotate it, in milliseconds since the Unix
/// epoch; -1 when it is not scheduled, the answer did not say or `secret` is NULL. Nothing to
/// free. Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_huawei_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_secret_next_rotation_time_ms(secret: *const sm_huawei_secret) -> i64 {
    read(secret, -1, |s| s.next_rotation_time_ms.unwrap_or(-1))
}

/// Frees `secret` with its texts. Takes ownership; NULL is fine.
///
/// Not thread-safe for this object: no other thread may use it during or after the call.
///
/// # Safety
///
/// `secret` is NULL or an owned `sm_huawei_secret` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_secret_free(secret: *mut sm_huawei_secret) {
    // SAFETY: forwarded from this function's contract.
    guard_value((), || unsafe { free_box(secret) })
}

/// **CreateSecret** (Huawei CSMS): creates a secret from `*request`; its first version
/// (`"v1"`) holds the value and is `SYSCURRENT`.
///
/// Borrows `client`, `request` and its strings. On success `*out` receives the secret's
/// metadata, owned by the caller (free with `sm_huawei_secret_free`). Inputs are validated
/// before anything is sent (`SM_INVALID_ARGUMENT` names the field, or `struct_size` out of
/// range). Not retried automatically. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live Huawei client; `request` is NULL or a valid request struct of
/// `request->struct_size` readable bytes; `out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_create_secret(
    client: *const sm_huawei_client,
    request: *const sm_huawei_create_secret_request,
    out: *mut *mut sm_huawei_secret,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client, request) = unsafe {
            (OutSlot::new("out", out)?, borrow("client", client)?, read_sized("request", request)?)
        };
        // SAFETY: a valid request struct holds NULL or NUL-terminated strings.
        let op = unsafe { create_op(&request) }?;
        let created = client.inner.call(&op)?;
        out.set(sm_huawei_secret::new(&created.secret)?);
        Ok(())
    })
}

/// `auto_rotation` of `sm_huawei_update_secret_request`: leave automatic rotation as it is,
/// or turn it on or off.
pub type sm_auto_rotation = u32;
/// Not sent: automatic rotation stays as it is.
pub const SM_AUTO_ROTATION_UNSET: sm_auto_rotation = 0;
/// Turn automatic rotation on (the secret needs a `rotation_period`, given here or earlier).
pub const SM_AUTO_ROTATION_ON: sm_auto_rotation = 1;
/// Turn automatic rotation off.
pub const SM_AUTO_ROTATION_OFF: sm_auto_rotation = 2;

/// What UpdateSecret changes. Fill it with
/// `sm_huawei_update_secret_request_init(&request, sizeof request)` (every field NULL or
/// unset: nothing changes), then set the secret's name and what to change; a field left NULL
/// (or `SM_AUTO_ROTATION_UNSET`) is not sent and keeps its value. Borrowed by
/// `sm_huawei_update_secret` for the duration of the call.
///
/// Starts with `struct_size` (see Growth in the header's conventions); the first layout ends
/// with `rotation_func_urn`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct sm_huawei_update_secret_request {
    /// `sizeof(sm_huawei_update_secret_request)` as the caller was compiled, set by
    /// `sm_huawei_update_secret_request_init`: the library reads only the fields within it.
    pub struct_size: usize,
    /// The secret to change, 1–64 letters, digits, `_` or `-` (required).
    pub secret_name: *const c_char,
    /// A new description, at most 2048 bytes; NULL = unchanged.
    pub description: *const c_char,
    /// A new KMS key id encrypting the values; NULL = unchanged.
    pub kms_key_id: *const c_char,
    /// `SM_AUTO_ROTATION_ON` or `SM_AUTO_ROTATION_OFF`; `SM_AUTO_ROTATION_UNSET` = unchanged.
    pub auto_rotation: sm_auto_rotation,
    /// A new automatic rotation period such as `"30d"` or `"12h"` (6 hours to 365 days); NULL =
    /// unchanged. Turning rotation on needs one, given here or earlier.
    pub rotation_period: *const c_char,
    /// A new URN of the FunctionGraph function that rotates the secret; NULL = unchanged.
    pub rotation_func_urn: *const c_char,
}

impl Default for sm_huawei_update_secret_request {
    fn default() -> Self {
        Self {
            struct_size: size_of::<Self>(),
            secret_name: ptr::null(),
            description: ptr::null(),
            kms_key_id: ptr::null(),
            auto_rotation: SM_AUTO_ROTATION_UNSET,
            rotation_period: ptr::null(),
            rotation_func_urn: ptr::null(),
        }
    }
}

sized_struct!(sm_huawei_update_secret_request, layouts ending with [rotation_func_urn]);

/// Fills `*request` with the defaults (every field NULL, `auto_rotation` unset: nothing
/// changes) and sets `request->struct_size` to `struct_size`, which is
/// `sizeof(sm_huawei_update_secret_request)` as the caller was compiled (only the fields
/// within it are written).
///
/// Writes `*request` (caller-owned; nothing to free). Returns `SM_INVALID_ARGUMENT`, writing
/// nothing, if `request` is NULL or `struct_size` is smaller than the struct's first layout or
/// larger than this library knows. Thread-safe.
///
/// # Safety
///
/// `request` is NULL or valid for writing `struct_size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_update_secret_request_init(
    request: *mut sm_huawei_update_secret_request,
    struct_size: usize,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { init_sized("request", request, struct_size) }
}

/// Whether to send `auto_rotation`, from an `SM_AUTO_ROTATION_*` value.
fn auto_rotation_from(argument: &str, value: sm_auto_rotation) -> Result<Option<bool>, Failure> {
    match value {
        SM_AUTO_ROTATION_UNSET => Ok(None),
        SM_AUTO_ROTATION_ON => Ok(Some(true)),
        SM_AUTO_ROTATION_OFF => Ok(Some(false)),
        other => Err(Failure::invalid(
            argument,
            format_args!("is {other}, not one of the SM_AUTO_ROTATION_* values"),
        )),
    }
}

/// The core operation an update request struct describes.
///
/// # Safety
///
/// The strings of `request` are NULL or NUL-terminated.
unsafe fn update_op(request: &sm_huawei_update_secret_request) -> Result<huawei::UpdateSecret, Failure> {
    // SAFETY: forwarded from this function's contract.
    let (name, description, kms_key_id, period, urn) = unsafe {
        (
            required_str("request->secret_name", request.secret_name)?,
            optional_str("request->description", request.description)?,
            optional_str("request->kms_key_id", request.kms_key_id)?,
            optional_str("request->rotation_period", request.rotation_period)?,
            optional_str("request->rotation_func_urn", request.rotation_func_urn)?,
        )
    };
    let auto_rotation = auto_rotation_from("request->auto_rotation", request.auto_rotation)?;
    let mut op = huawei::UpdateSecret::new(name);
    if let Some(d) = description {
        op = op.description(d);
    }
    if let Some(k) = kms_key_id {
        op = op.kms_key_id(k);
    }
    if let Some(on) = auto_rotation {
        op = op.auto_rotation(on);
    }
    if let Some(p) = period {
        op = op.rotation_period(p);
    }
    if let Some(u) = urn {
        op = op.rotation_func_urn(u);
    }
    Ok(op)
}

/// **UpdateSecret** (Huawei CSMS): changes the settings of secret `request->secret_name`
/// (description, KMS key, automatic rotation and its period, rotation function) as `*request`
/// says; what it leaves NULL or unset keeps its value. E.g. turning automatic rotation on
/// after creation: `auto_rotation = SM_AUTO_ROTATION_ON` with a `rotation_period`.
///
/// Borrows `client`, `request` and its strings for the duration of the call. On success `*out`
/// receives the updated secret's metadata, owned by the caller (free with
/// `sm_huawei_secret_free`). Inputs are validated before anything is sent
/// (`SM_INVALID_ARGUMENT` names the field, or `struct_size` out of range). Safe to resend: a
/// transient failure is retried up to the client's `max_retries`. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live Huawei client; `request` is NULL or a valid request struct of
/// `request->struct_size` readable bytes whose strings are NULL or NUL-terminated; `out` and
/// `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_update_secret(
    client: *const sm_huawei_client,
    request: *const sm_huawei_update_secret_request,
    out: *mut *mut sm_huawei_secret,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client, request) = unsafe {
            (OutSlot::new("out", out)?, borrow("client", client)?, read_sized("request", request)?)
        };
        // SAFETY: a valid request struct holds NULL or NUL-terminated strings.
        let op = unsafe { update_op(&request) }?;
        let updated = client.inner.call(&op)?;
        out.set(sm_huawei_secret::new(&updated.secret)?);
        Ok(())
    })
}

/// **ShowSecretStage** (Huawei CSMS): the version stage `stage_name` (`"SYSCURRENT"`,
/// `"SYSPREVIOUS"` or a custom stage) of secret `secret_name` points at.
///
/// Borrows `client` and the strings. On success `*version_id_out` receives the version id
/// (e.g. `"v2"`), an owned string the caller frees with `sm_string_free`. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live Huawei client; the strings are NULL or NUL-terminated;
/// `version_id_out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_show_secret_stage(
    client: *const sm_huawei_client,
    secret_name: *const c_char,
    stage_name: *const c_char,
    version_id_out: *mut *mut c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client, secret_name, stage_name) = unsafe {
            (
                StringOut::new("version_id_out", version_id_out)?,
                borrow("client", client)?,
                required_str("secret_name", secret_name)?,
                required_str("stage_name", stage_name)?,
            )
        };
        let op = huawei::ShowSecretStage::new(secret_name, huawei::StageName::from(stage_name));
        let stage = client.inner.call(&op)?;
        out.set_raw(owned_secret_string("version id", &stage.stage.version_id)?);
        Ok(())
    })
}

/// **ShowSecretVersion** (Huawei CSMS): the text value of version `version_id` (`"v1"`...,
/// or `"latest"`) of secret `secret_name`.
///
/// Borrows `client` and the strings. On success `*value_out` receives the value (secret), an
/// owned string the caller frees with `sm_string_free` (which zeroes it). A version holding a
/// binary value only gives `SM_DECODE_ERROR` (this function returns text). Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live Huawei client; the strings are NULL or NUL-terminated;
/// `value_out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_show_secret_version(
    client: *const sm_huawei_client,
    secret_name: *const c_char,
    version_id: *const c_char,
    value_out: *mut *mut c_char,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client, secret_name, version_id) = unsafe {
            (
                StringOut::new("value_out", value_out)?,
                borrow("client", client)?,
                required_str("secret_name", secret_name)?,
                required_str("version_id", version_id)?,
            )
        };
        let shown = client.inner.call(&huawei::ShowSecretVersion::new(secret_name, version_id))?;
        let value = shown.version.secret_string.as_ref().ok_or_else(|| {
            Failure::new(sm_status::SM_DECODE_ERROR, "the version holds no text value (secret_string)")
        })?;
        out.set_raw(owned_secret_string("secret value", value.expose())?);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_maps_every_field_and_names_bad_ones() {
        let request = sm_huawei_create_secret_request {
            name: c"db".as_ptr(),
            secret_string: c"pw".as_ptr(),
            secret_type: c"RDS-FG".as_ptr(),
            rotation_config: c"{}".as_ptr(),
            rotation_func_urn: c"urn:fss:x".as_ptr(),
            rotation_period: c"30d".as_ptr(),
            ..Default::default()
        };
        // SAFETY: the request holds C string literals and NULLs.
        let op = unsafe { create_op(&request) }.unwrap();
        assert_eq!(op.name, "db");
        assert_eq!(op.secret_type, Some(huawei::SecretType::RdsFg));
        assert_eq!((op.auto_rotation, op.rotation_period.as_deref()), (Some(true), Some("30d")));
        assert_eq!(op.rotation_func_urn.as_deref(), Some("urn:fss:x"));
        assert!(!format!("{op:?}").contains("\"pw\""));
        let missing = sm_huawei_create_secret_request { name: c"db".as_ptr(), ..Default::default() };
        // SAFETY: as above.
        let err = unsafe { create_op(&missing) }.unwrap_err();
        assert!(err.message.contains("request->secret_string"), "{}", err.message);
    }

    #[test]
    fn the_update_request_maps_every_field_and_each_auto_rotation_value() {
        let request = sm_huawei_update_secret_request {
            secret_name: c"db".as_ptr(),
            description: c"orders".as_ptr(),
            kms_key_id: c"key-1".as_ptr(),
            auto_rotation: SM_AUTO_ROTATION_ON,
            rotation_period: c"30d".as_ptr(),
            rotation_func_urn: c"urn:fss:x".as_ptr(),
            ..Default::default()
        };
        // SAFETY: the request holds C string literals.
        let op = unsafe { update_op(&request) }.expect("the request maps");
        assert_eq!(op.secret_name, "db");
        assert_eq!((op.description.as_deref(), op.kms_key_id.as_deref()), (Some("orders"), Some("key-1")));
        assert_eq!((op.auto_rotation, op.rotation_period.as_deref()), (Some(true), Some("30d")));
        assert_eq!(op.rotation_func_urn.as_deref(), Some("urn:fss:x"));
        for (value, sent) in [(SM_AUTO_ROTATION_UNSET, None), (SM_AUTO_ROTATION_OFF, Some(false))] {
            let request = sm_huawei_update_secret_request {
                secret_name: c"db".as_ptr(),
                auto_rotation: value,
                ..Default::default()
            };
            // SAFETY: as above.
            let op = unsafe { update_op(&request) }.expect("the request maps");
            assert_eq!(op.auto_rotation, sent);
            assert!(op.description.is_none() && op.rotation_period.is_none() && op.kms_key_id.is_none());
        }
        let bad = sm_huawei_update_secret_request {
            secret_name: c"db".as_ptr(),
            auto_rotation: 3,
            ..Default::default()
        };
        // SAFETY: as above.
        let err = unsafe { update_op(&bad) }.expect_err("3 is no SM_AUTO_ROTATION_* value");
        assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT);
        assert!(err.message.contains("request->auto_rotation` is 3"), "{}", err.message);
        let unnamed = sm_huawei_update_secret_request::default();
        // SAFETY: every string is NULL.
        let err = unsafe { update_op(&unnamed) }.expect_err("the name is required");
        assert!(err.message.contains("request->secret_name"), "{}", err.message);
    }

    #[test]
    fn the_secret_accessors_read_the_settings_and_tolerate_null() {
        let secret: huawei::Secret = serde_json::from_str(
            r#"{"id":"i-1","name":"db","description":"orders","kms_key_id":"key-1","auto_rotation":true,
                "rotation_period":"30d","rotation_func_urn":"urn:fss:x","next_rotation_time":1795521600000}"#,
        )
        .expect("a secret");
        let bare: huawei::Secret = serde_json::from_str(r#"{"name":"db"}"#).expect("a bare secret");
        let (secret, bare) =
            (sm_huawei_secret::new(&secret).expect("copied"), sm_huawei_secret::new(&bare).expect("copied"));
        let text = |p: *const c_char| {
            // SAFETY: the accessors return NULL or strings owned by a secret alive here.
            (!p.is_null()).then(|| unsafe { std::ffi::CStr::from_ptr(p) }.to_str().expect("UTF-8").to_owned())
        };
        // SAFETY: both secrets are live for the whole block; NULL is allowed everywhere.
        unsafe {
            assert_eq!(text(sm_huawei_secret_description(&secret)).as_deref(), Some("orders"));
            assert_eq!(text(sm_huawei_secret_kms_key_id(&secret)).as_deref(), Some("key-1"));
            assert_eq!(sm_huawei_secret_auto_rotation(&secret), 1);
            assert_eq!(text(sm_huawei_secret_rotation_period(&secret)).as_deref(), Some("30d"));
            assert_eq!(text(sm_huawei_secret_rotation_func_urn(&secret)).as_deref(), Some("urn:fss:x"));
            assert_eq!(sm_huawei_secret_next_rotation_time_ms(&secret), 1_795_521_600_000);
            assert!(
                sm_huawei_secret_description(&bare).is_null() && sm_huawei_secret_kms_key_id(&bare).is_null()
            );
            assert_eq!(
                (sm_huawei_secret_auto_rotation(&bare), sm_huawei_secret_next_rotation_time_ms(&bare)),
                (-1, -1)
            );
            assert!(sm_huawei_secret_rotation_period(&bare).is_null());
            assert!(sm_huawei_secret_rotation_func_urn(&bare).is_null());
            assert!(sm_huawei_secret_description(ptr::null()).is_null());
            assert!(sm_huawei_secret_rotation_period(ptr::null()).is_null());
            assert_eq!(sm_huawei_secret_auto_rotation(ptr::null()), -1);
            assert_eq!(sm_huawei_secret_next_rotation_time_ms(ptr::null()), -1);
        }
    }
}
