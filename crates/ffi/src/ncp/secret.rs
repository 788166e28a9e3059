//! Secrets' metadata: `sm_secret` and `sm_secret_list`, and the calls that return them
//! (Create Secret, Get Secret Detail, Get Secret List).

use std::ffi::{CString, c_char};
use std::ptr;

use secretmanager_core::ncp::{self, KmsBoundaryType, ProtectionKeyType, Secret, SecretType};

use crate::ncp::calls::secret_query;
use crate::ncp::client::{client_ref, sm_client};
use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::{OutSlot, free_box, optional_u32, read_field};
use crate::plumbing::panic::{guard, guard_value};
use crate::plumbing::sized::{init_sized, read_sized, sized_struct};
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::{c_string, opt_ptr, optional_str, required_str, str_array};

/// A secret's metadata, as Create Secret, Get Secret Detail and Get Secret List return it. It
/// holds no secret value.
///
/// Owned by the caller when a function hands it out (free with `sm_secret_free`); borrowed
/// when read from an `sm_secret_list` (never free it then). Immutable: may be read from many
/// threads at once.
///
/// Methods: `sm_secret_id`, `sm_secret_name`, `sm_secret_status`, `sm_secret_memo`,
/// `sm_secret_rotation_phase`, `sm_secret_trigger_id`, `sm_secret_auto_rotation`,
/// `sm_secret_auto_rotation_period`, `sm_secret_next_rotation_date_ms`, `sm_secret_free`.
#[derive(Debug)]
pub struct sm_secret {
    id: CString,
    name: CString,
    status: Option<CString>,
    memo: Option<CString>,
    rotation_phase: Option<CString>,
    trigger_id: Option<CString>,
    auto_rotation: Option<bool>,
    auto_rotation_period: Option<u32>,
    next_rotation_date_ms: Option<i64>,
}

fn opt_c(what: &str, text: Option<&str>) -> Result<Option<CString>, Failure> {
    text.map(|t| c_string(what, t)).transpose()
}

impl sm_secret {
    pub(crate) fn new(secret: &Secret) -> Result<Self, Failure> {
        Ok(Self {
            id: c_string("secret id", &secret.secret_id)?,
            name: c_string("secret name", &secret.secret_name)?,
            status: opt_c("secret status", secret.secret_status.as_ref().map(|s| s.as_str()))?,
            memo: opt_c("memo", secret.memo.as_deref())?,
            rotation_phase: opt_c("rotation phase", secret.rotation_phase.as_ref().map(|p| p.as_str()))?,
            trigger_id: opt_c("trigger id", secret.trigger.as_ref().map(|t| t.id.as_str()))?,
            auto_rotation: secret.auto_rotation,
            auto_rotation_period: secret.auto_rotation_period,
            next_rotation_date_ms: secret.next_rotation_date.map(|d| d.0),
        })
    }
}

/// Reads one field of a secret; `default` when `secret` is NULL (or on a panic).
fn read<T>(secret: *const sm_secret, default: T, field: impl FnOnce(&sm_secret) -> T) -> T {
    // SAFETY: every accessor's contract makes `secret` NULL or a live object.
    unsafe { read_field(secret, default, field) }
}

/// Borrows `secret`. Returns the secret id; NULL only if `secret` is NULL. The text belongs to
/// `secret` (valid until it is freed). Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_id(secret: *const sm_secret) -> *const c_char {
    read(secret, ptr::null(), |s| s.id.as_ptr())
}

/// Borrows `secret`. Returns the secret name; NULL only if `secret` is NULL. The text belongs
/// to `secret` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_name(secret: *const sm_secret) -> *const c_char {
    read(secret, ptr::null(), |s| s.name.as_ptr())
}

/// Borrows `secret`. Returns the status (`"ENABLE"`, `"DISABLE"`, `"REVOKE"`, `"ROTATING"`...),
/// or NULL when the answer did not say or `secret` is NULL. The text belongs to `secret` (valid until it is freed;
/// never free it). Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_status(secret: *const sm_secret) -> *const c_char {
    read(secret, ptr::null(), |s| opt_ptr(&s.status))
}

/// Borrows `secret`. Returns the description, or NULL when there is none or `secret` is NULL.
/// The text belongs to `secret` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_memo(secret: *const sm_secret) -> *const c_char {
    read(secret, ptr::null(), |s| opt_ptr(&s.memo))
}

/// Borrows `secret`. Returns the rotation phase (`"NONE"`, `"ROTATING"`, `"ROTATION_FAILED"`...),
/// or NULL when the answer did not say or `secret` is NULL. The text belongs to `secret` (valid until it is freed;
/// never free it). Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_rotation_phase(secret: *const sm_secret) -> *const c_char {
    read(secret, ptr::null(), |s| opt_ptr(&s.rotation_phase))
}

/// Borrows `secret`. Returns the id of the linked rotation trigger, or NULL when none is linked
/// or `secret` is NULL. The text belongs to `secret` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_trigger_id(secret: *const sm_secret) -> *const c_char {
    read(secret, ptr::null(), |s| opt_ptr(&s.trigger_id))
}

/// Borrows `secret`. Returns 1 when auto rotation is on, 0 when off, -1 when the answer did not
/// say or `secret` is NULL. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_auto_rotation(secret: *const sm_secret) -> i32 {
    read(secret, -1, |s| s.auto_rotation.map_or(-1, i32::from))
}

/// Borrows `secret`. Returns the rotation period in days, or 0 when unknown or `secret` is
/// NULL. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_auto_rotation_period(secret: *const sm_secret) -> u32 {
    read(secret, 0, |s| s.auto_rotation_period.unwrap_or(0))
}

/// Borrows `secret`. Returns the next rotation date in milliseconds since the Unix epoch, or
/// -1 when unknown or `secret` is NULL. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `secret` is NULL or a live `sm_secret`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_next_rotation_date_ms(secret: *const sm_secret) -> i64 {
    read(secret, -1, |s| s.next_rotation_date_ms.unwrap_or(-1))
}

/// Frees a secret the caller owns, with its texts. Takes ownership; NULL is fine. Never call
/// it on a secret borrowed from an `sm_secret_list`.
///
/// Not thread-safe for this object: no other thread may use it during or after the call.
///
/// # Safety
///
/// `secret` is NULL or an owned `sm_secret` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_free(secret: *mut sm_secret) {
    // SAFETY: forwarded from this function's contract.
    guard_value((), || unsafe { free_box(secret) })
}

/// A page of secrets, as Get Secret List returns it.
///
/// Owned by the caller, freed with `sm_secret_list_free` (which frees the secrets borrowed
/// from it). Immutable: may be read from many threads at once.
///
/// Methods: `sm_secret_list_count`, `sm_secret_list_get`, `sm_secret_list_total_count`,
/// `sm_secret_list_free`.
#[derive(Debug)]
pub struct sm_secret_list {
    secrets: Vec<sm_secret>,
    total_count: u32,
}

/// Borrows `list`. Returns the number of secrets on this page (0 if `list` is NULL).
/// Nothing to free. Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_secret_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_list_count(list: *const sm_secret_list) -> usize {
    // SAFETY: list is NULL or live, by contract.
    unsafe { read_field(list, 0, |l| l.secrets.len()) }
}

/// Borrows `list`. Returns the number of secrets on all pages (0 if `list` is NULL).
/// Nothing to free. Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_secret_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_list_total_count(list: *const sm_secret_list) -> u32 {
    // SAFETY: list is NULL or live, by contract.
    unsafe { read_field(list, 0, |l| l.total_count) }
}

/// Borrows `list`. Returns secret `index` (0-based) of the page, borrowed from `list`: valid
/// until `sm_secret_list_free(list)`, never free it. NULL if `list` is NULL or `index` is out
/// of range. Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_secret_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_list_get(list: *const sm_secret_list, index: usize) -> *const sm_secret {
    guard_value(ptr::null(), || {
        // SAFETY: list is NULL or live, by contract.
        unsafe { list.as_ref() }.and_then(|l| l.secrets.get(index)).map_or(ptr::null(), ptr::from_ref)
    })
}

/// Frees `list` and every secret borrowed from it. Takes ownership; NULL is fine.
///
/// Not thread-safe for this object: no other thread may use it during or after the call.
///
/// # Safety
///
/// `list` is NULL or an owned `sm_secret_list` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_list_free(list: *mut sm_secret_list) {
    // SAFETY: forwarded from this function's contract.
    guard_value((), || unsafe { free_box(list) })
}

/// `protection_key_type` of `sm_create_secret_request`.
pub type sm_protection_key_type = u32;
/// The Secret Manager default key.
pub const SM_PROTECTION_KEY_DEFAULT: sm_protection_key_type = 0;
/// A user-managed KMS key named by `kms_key_tag`.
pub const SM_PROTECTION_KEY_USER_MANAGED: sm_protection_key_type = 1;

/// `kms_boundary_type` of `sm_create_secret_request`.
pub type sm_kms_boundary_type = u32;
/// Not sent.
pub const SM_KMS_BOUNDARY_UNSET: sm_kms_boundary_type = 0;
/// A KMS global key.
pub const SM_KMS_BOUNDARY_GLOBAL: sm_kms_boundary_type = 1;
/// A region-isolated KMS key.
pub const SM_KMS_BOUNDARY_ISOLATED: sm_kms_boundary_type = 2;

/// Every field of Create Secret. Fill it with
/// `sm_create_secret_request_init(&request, sizeof request)` (every field unset), then set
/// what you need; only `secret_name`, `secret_value` and the rotation targets are required.
/// Borrowed by `sm_create_secret` for the duration of the call.
///
/// Starts with `struct_size` (see Growth in the header's conventions); the first layout ends
/// with `kms_boundary_type`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct sm_create_secret_request {
    /// `sizeof(sm_create_secret_request)` as the caller was compiled, set by
    /// `sm_create_secret_request_init`: the library reads only the fields within it.
    pub struct_size: usize,
    /// 3–15 letters, digits, `-` or `_`, starting with a letter (required).
    pub secret_name: *const c_char,
    /// Description, at most 1000 bytes; NULL = none.
    pub memo: *const c_char,
    /// The secret value: the text of a JSON object of 1–100 pairs, at most 10,000 bytes
    /// (required). Only borrowed; the library's copies are zeroed after use.
    pub secret_value: *const c_char,
    /// Keys of the value that rotation replaces: an array of `rotation_targets_count` strings
    /// (at least one).
    pub rotation_targets: *const *const c_char,
    /// Number of entries of `rotation_targets`.
    pub rotation_targets_count: usize,
    /// Secret type; NULL = `"BASIC"` (the only documented type).
    pub secret_type: *const c_char,
    /// Rotate automatically (then `auto_rotation_period_days` and `trigger_id` are required).
    pub auto_rotation: bool,
    /// Rotation period in days (1–730): a pointer to the number, or NULL = not sent. Any
    /// number given, 0 included, is sent and checked (`SM_INVALID_ARGUMENT` outside 1–730).
    pub auto_rotation_period_days: *const u32,
    /// Rotation trigger id; NULL = not sent.
    pub trigger_id: *const c_char,
    /// `SM_PROTECTION_KEY_DEFAULT` or `SM_PROTECTION_KEY_USER_MANAGED`.
    pub protection_key_type: sm_protection_key_type,
    /// KMS key tag, required with `SM_PROTECTION_KEY_USER_MANAGED`; NULL = not sent.
    pub kms_key_tag: *const c_char,
    /// One of the `SM_KMS_BOUNDARY_*` values.
    pub kms_boundary_type: sm_kms_boundary_type,
}

impl Default for sm_create_secret_request {
    fn default() -> Self {
        Self {
            struct_size: size_of::<Self>(),
            secret_name: ptr::null(),
            memo: ptr::null(),
            secret_value: ptr::null(),
            rotation_targets: ptr::null(),
            rotation_targets_count: 0,
            secret_type: ptr::null(),
            auto_rotation: false,
            auto_rotation_period_days: ptr::null(),
            trigger_id: ptr::null(),
            protection_key_type: SM_PROTECTION_KEY_DEFAULT,
            kms_key_tag: ptr::null(),
            kms_boundary_type: SM_KMS_BOUNDARY_UNSET,
        }
    }
}

sized_struct!(sm_create_secret_request, layouts ending with [kms_boundary_type]);

/// Fills `*request` with the defaults (every field NULL, 0 or false: nothing sent, the
/// default key, no automatic rotation) and sets `request->struct_size` to `struct_size`, which
/// is `sizeof(sm_create_secret_request)` as the caller was compiled (only the fields within it
/// are written).
///
/// Writes `*request` (caller-owned; nothing to free). Returns `SM_INVALID_ARGUMENT`, writing
/// nothing, if `request` is NULL or `struct_size` is smaller than the struct's first layout or
/// larger than this library knows. Thread-safe.
///
/// # Safety
///
/// `request` is NULL or valid for writing `struct_size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_create_secret_request_init(
    request: *mut sm_create_secret_request,
    struct_size: usize,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe { init_sized("request", request, struct_size) }
}

/// The core operation a request struct describes.
///
/// # Safety
///
/// The strings and the array of `request` are NULL or valid, as documented on the struct.
unsafe fn create_op(request: &sm_create_secret_request) -> Result<ncp::CreateSecret, Failure> {
    // SAFETY: forwarded from this function's contract.
    let (name, memo, value, targets, secret_type, trigger_id, kms_key_tag) = unsafe {
        (
            required_str("request->secret_name", request.secret_name)?,
            optional_str("request->memo", request.memo)?,
            required_str("request->secret_value", request.secret_value)?,
            str_array("request->rotation_targets", request.rotation_targets, request.rotation_targets_count)?,
            optional_str("request->secret_type", request.secret_type)?,
            optional_str("request->trigger_id", request.trigger_id)?,
            optional_str("request->kms_key_tag", request.kms_key_tag)?,
        )
    };
    let mut op = ncp::CreateSecret::new(name, value, targets);
    op.memo = memo.map(str::to_owned);
    if let Some(t) = secret_type {
        op.secret_type = SecretType::from(t);
    }
    op.auto_rotation = request.auto_rotation;
    // SAFETY: a valid request struct holds NULL or a readable number.
    op.auto_rotation_period = unsafe { optional_u32(request.auto_rotation_period_days) };
    op.trigger_id = trigger_id.map(str::to_owned);
    op.protection_key_type = key_type_from("request->protection_key_type", request.protection_key_type)?;
    op.kms_key_tag = kms_key_tag.map(str::to_owned);
    op.kms_boundary_type = boundary_from("request->kms_boundary_type", request.kms_boundary_type)?;
    Ok(op)
}

/// The core key type an `SM_PROTECTION_KEY_*` value names.
pub(crate) fn key_type_from(
    argument: &str,
    value: sm_protection_key_type,
) -> Result<ProtectionKeyType, Failure> {
    match value {
        SM_PROTECTION_KEY_DEFAULT => Ok(ProtectionKeyType::Default),
        SM_PROTECTION_KEY_USER_MANAGED => Ok(ProtectionKeyType::UserManagedKey),
        other => Err(Failure::invalid(
            argument,
            format_args!("is {other}, not one of the SM_PROTECTION_KEY_* values"),
        )),
    }
}

/// The core boundary an `SM_KMS_BOUNDARY_*` value names (`None` for unset).
pub(crate) fn boundary_from(
    argument: &str,
    value: sm_kms_boundary_type,
) -> Result<Option<KmsBoundaryType>, Failure> {
    match value {
        SM_KMS_BOUNDARY_UNSET => Ok(None),
        SM_KMS_BOUNDARY_GLOBAL => Ok(Some(KmsBoundaryType::Global)),
        SM_KMS_BOUNDARY_ISOLATED => Ok(Some(KmsBoundaryType::Isolated)),
        other => Err(Failure::invalid(
            argument,
            format_args!("is {other}, not one of the SM_KMS_BOUNDARY_* values"),
        )),
    }
}

/// **Create Secret**: creates a secret from `*request`.
///
/// Borrows `client`, `request` and its strings for the duration of the call. On success `*out`
/// receives the new secret's metadata, owned by the caller (free with `sm_secret_free`).
/// Inputs are validated before anything is sent (`SM_INVALID_ARGUMENT` names the field, or
/// `struct_size` out of range). Not retried automatically (a resend could create the secret
/// twice). Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `request` is NULL or a valid request struct of
/// `request->struct_size` readable bytes; `out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_create_secret(
    client: *const sm_client,
    request: *const sm_create_secret_request,
    out: *mut *mut sm_secret,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client, request) =
            unsafe { (OutSlot::new("out", out)?, client_ref(client)?, read_sized("request", request)?) };
        // SAFETY: a valid request struct holds NULL or valid strings.
        let op = unsafe { create_op(&request) }?;
        let secret = client.call(&op)?;
        out.set(sm_secret::new(&secret)?);
        Ok(())
    })
}

/// **Get Secret Detail**: the metadata of secret `secret_id`.
///
/// Borrows `client` and `secret_id`. On success `*out` receives the secret, owned by the
/// caller (free with `sm_secret_free`). Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `secret_id` is NULL or NUL-terminated; `out` and
/// `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_get_secret_detail(
    client: *const sm_client,
    secret_id: *const c_char,
    out: *mut *mut sm_secret,
    err_out: *mut *mut sm_error,
) -> sm_status {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        secret_query(client, secret_id, out, err_out, |id| ncp::GetSecretDetail::new(id), sm_secret::new)
    }
}

/// **Get Secret List**: page `*page_no` (from 1) of the account's secrets; `page_no` NULL =
/// not sent (the first page). Any number given, 0 included, is sent and checked
/// (`SM_INVALID_ARGUMENT` for 0).
///
/// Borrows `client` and `page_no`. On success `*out` receives the page, owned by the caller (free with
/// `sm_secret_list_free`). Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `page_no` is NULL or readable; `out` and `err_out` are
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_list_secrets(
    client: *const sm_client,
    page_no: *const u32,
    out: *mut *mut sm_secret_list,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client) = unsafe { (OutSlot::new("out", out)?, client_ref(client)?) };
        let mut op = ncp::GetSecretList::new();
        // SAFETY: page_no is NULL or readable, as documented.
        if let Some(page_no) = unsafe { optional_u32(page_no) } {
            op = op.page_no(page_no);
        }
        let page = client.call(&op)?;
        let secrets = page.secret_list.iter().map(sm_secret::new).collect::<Result<_, _>>()?;
        out.set(sm_secret_list { secrets, total_count: page.total_count });
        Ok(())
    })
}
