//! Account-wide lists: `sm_protection_key_list` (Get Protection Key List) and
//! `sm_trigger_list` (Get Trigger List).

use std::ffi::{CString, c_char};
use std::ptr;

use secretmanager_core::ncp::{self, KmsKey, TriggerSummary};

use crate::ncp::client::{client_ref, sm_client};
use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::{OutSlot, free_box, read_field};
use crate::plumbing::panic::{guard, guard_value};
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::{c_string, opt_ptr};

#[derive(Debug)]
struct Key {
    id: CString,
    tag: CString,
    name: CString,
    status: Option<CString>,
    key_type: Option<CString>,
}

impl Key {
    fn new(key: &KmsKey) -> Result<Self, Failure> {
        Ok(Self {
            id: c_string("key id", &key.key_id)?,
            tag: c_string("key tag", &key.key_tag)?,
            name: c_string("key name", &key.key_name)?,
            status: key.key_status.as_ref().map(|s| c_string("key status", s.as_str())).transpose()?,
            key_type: key.key_type.as_ref().map(|t| c_string("key type", t.as_str())).transpose()?,
        })
    }
}

/// The KMS keys that can protect a secret, the Secret Manager default key included, as Get
/// Protection Key List returns them.
///
/// Owned by the caller, freed with `sm_protection_key_list_free`; every text read from it
/// belongs to it. Immutable: may be read from many threads at once.
///
/// Methods: `sm_protection_key_list_count`, `sm_protection_key_id`, `sm_protection_key_tag`,
/// `sm_protection_key_name`, `sm_protection_key_status`, `sm_protection_key_type_name`,
/// `sm_protection_key_list_free`.
#[derive(Debug)]
pub struct sm_protection_key_list {
    keys: Vec<Key>,
}

/// Reads one field of key `index`; `default` when `list` is NULL or `index` out of range.
fn read_key<T>(
    list: *const sm_protection_key_list,
    index: usize,
    default: T,
    field: impl FnOnce(&Key) -> T,
) -> T {
    // SAFETY: every accessor's contract makes `list` NULL or a live object.
    unsafe { read_field(list, None, |l| l.keys.get(index).map(field)) }.unwrap_or(default)
}

/// Borrows `list`. Returns the number of keys (0 if `list` is NULL). Nothing to free.
/// Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_protection_key_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_protection_key_list_count(list: *const sm_protection_key_list) -> usize {
    // SAFETY: list is NULL or live, by contract.
    unsafe { read_field(list, 0, |l| l.keys.len()) }
}

/// Borrows `list`. Returns the id of key `index` (`"0"` for the default key); NULL if `list`
/// is NULL or `index` is out of range. The text belongs to `list` (valid until it is freed;
/// never free it). Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_protection_key_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_protection_key_id(
    list: *const sm_protection_key_list,
    index: usize,
) -> *const c_char {
    read_key(list, index, ptr::null(), |k| k.id.as_ptr())
}

/// Borrows `list`. Returns the tag of key `index`, the `kms_key_tag` to pass to
/// `sm_create_secret` / `sm_update_protection_key` (`""` for the default key); NULL if `list`
/// is NULL or `index` is out of range. The text belongs to `list` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_protection_key_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_protection_key_tag(
    list: *const sm_protection_key_list,
    index: usize,
) -> *const c_char {
    read_key(list, index, ptr::null(), |k| k.tag.as_ptr())
}

/// Borrows `list`. Returns the name of key `index`; NULL if `list` is NULL or `index` is out
/// of range. The text belongs to `list` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_protection_key_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_protection_key_name(
    list: *const sm_protection_key_list,
    index: usize,
) -> *const c_char {
    read_key(list, index, ptr::null(), |k| k.name.as_ptr())
}

/// Borrows `list`. Returns the status of key `index` (`"ENABLE"`, `"DISABLE"`); NULL for the
/// default key, if `list` is NULL or `index` is out of range. The text belongs to `list` (valid until it is freed; never free it).
/// Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_protection_key_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_protection_key_status(
    list: *const sm_protection_key_list,
    index: usize,
) -> *const c_char {
    read_key(list, index, ptr::null(), |k| opt_ptr(&k.status))
}

/// Borrows `list`. Returns the type of key `index` (`"AES256"`, `"RSA2048"`); NULL for the
/// default key, if `list` is NULL or `index` is out of range. The text belongs to `list` (valid until it is freed; never free it).
/// Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_protection_key_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_protection_key_type_name(
    list: *const sm_protection_key_list,
    index: usize,
) -> *const c_char {
    read_key(list, index, ptr::null(), |k| opt_ptr(&k.key_type))
}

/// Frees `list` with its texts. Takes ownership; NULL is fine.
///
/// Not thread-safe for this object: no other thread may use it during or after the call.
///
/// # Safety
///
/// `list` is NULL or an owned `sm_protection_key_list` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_protection_key_list_free(list: *mut sm_protection_key_list) {
    // SAFETY: forwarded from this function's contract.
    guard_value((), || unsafe { free_box(list) })
}

/// **Get Protection Key List**: the keys that can protect a secret.
///
/// Borrows `client`. On success `*out` receives the list, owned by the caller (free with
/// `sm_protection_key_list_free`). Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_get_protection_key_list(
    client: *const sm_client,
    out: *mut *mut sm_protection_key_list,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client) = unsafe { (OutSlot::new("out", out)?, client_ref(client)?) };
        let list = client.call(&ncp::GetProtectionKeyList::new())?;
        let keys = list.key_list.iter().map(Key::new).collect::<Result<_, _>>()?;
        out.set(sm_protection_key_list { keys });
        Ok(())
    })
}

#[derive(Debug)]
struct Trigger {
    id: CString,
    name: CString,
    description: Option<CString>,
    linked_secrets: Vec<CString>,
}

impl Trigger {
    fn new(trigger: &TriggerSummary) -> Result<Self, Failure> {
        Ok(Self {
            id: c_string("trigger id", &trigger.id)?,
            name: c_string("trigger name", &trigger.name)?,
            description: trigger
                .description
                .as_deref()
                .map(|d| c_string("trigger description", d))
                .transpose()?,
            linked_secrets: trigger
                .linked_secret_list
                .iter()
                .map(|s| c_string("linked secret", s))
                .collect::<Result<_, _>>()?,
        })
    }
}

/// The Cloud Functions triggers a secret can rotate through, as Get Trigger List returns
/// them.
///
/// Owned by the caller, freed with `sm_trigger_list_free`; every text read from it belongs to
/// it. Immutable: may be read from many threads at once.
///
/// Methods: `sm_trigger_list_count`, `sm_trigger_id`, `sm_trigger_name`,
/// `sm_trigger_description`, `sm_trigger_linked_secret_count`, `sm_trigger_linked_secret`,
/// `sm_trigger_list_free`.
#[derive(Debug)]
pub struct sm_trigger_list {
    triggers: Vec<Trigger>,
}

/// Reads one field of trigger `index`; `default` when `list` is NULL or `index` out of range.
fn read_trigger<T>(
    list: *const sm_trigger_list,
    index: usize,
    default: T,
    field: impl FnOnce(&Trigger) -> T,
) -> T {
    // SAFETY: every accessor's contract makes `list` NULL or a live object.
    unsafe { read_field(list, None, |l| l.triggers.get(index).map(field)) }.unwrap_or(default)
}

/// Borrows `list`. Returns the number of triggers (0 if `list` is NULL). Nothing to free.
/// Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_trigger_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_trigger_list_count(list: *const sm_trigger_list) -> usize {
    // SAFETY: list is NULL or live, by contract.
    unsafe { read_field(list, 0, |l| l.triggers.len()) }
}

/// Borrows `list`. Returns the id of trigger `index` (the `trigger_id` of the rotation
/// calls); NULL if `list` is NULL or `index` is out of range. The text belongs to `list`
/// (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_trigger_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_trigger_id(list: *const sm_trigger_list, index: usize) -> *const c_char {
    read_trigger(list, index, ptr::null(), |t| t.id.as_ptr())
}

/// Borrows `list`. Returns the name of trigger `index`; NULL if `list` is NULL or `index` is
/// out of range. The text belongs to `list` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_trigger_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_trigger_name(list: *const sm_trigger_list, index: usize) -> *const c_char {
    read_trigger(list, index, ptr::null(), |t| t.name.as_ptr())
}

/// Borrows `list`. Returns the description of trigger `index`; NULL when it has none, `list`
/// is NULL or `index` is out of range. The text belongs to `list` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_trigger_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_trigger_description(list: *const sm_trigger_list, index: usize) -> *const c_char {
    read_trigger(list, index, ptr::null(), |t| opt_ptr(&t.description))
}

/// Borrows `list`. Returns how many secrets trigger `index` is linked to (0 if `list` is NULL
/// or `index` is out of range). Nothing to free. Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_trigger_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_trigger_linked_secret_count(list: *const sm_trigger_list, index: usize) -> usize {
    read_trigger(list, index, 0, |t| t.linked_secrets.len())
}

/// Borrows `list`. Returns linked secret `secret_index` of trigger `index`; NULL if `list` is
/// NULL or an index is out of range. The text belongs to `list` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_trigger_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_trigger_linked_secret(
    list: *const sm_trigger_list,
    index: usize,
    secret_index: usize,
) -> *const c_char {
    read_trigger(list, index, ptr::null(), |t| {
        t.linked_secrets.get(secret_index).map_or(ptr::null(), |s| s.as_ptr())
    })
}

/// Frees `list` with its texts. Takes ownership; NULL is fine.
///
/// Not thread-safe for this object: no other thread may use it during or after the call.
///
/// # Safety
///
/// `list` is NULL or an owned `sm_trigger_list` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_trigger_list_free(list: *mut sm_trigger_list) {
    // SAFETY: forwarded from this function's contract.
    guard_value((), || unsafe { free_box(list) })
}

/// **Get Trigger List**: the triggers a secret can rotate through.
///
/// Borrows `client`. On success `*out` receives the list, owned by the caller (free with
/// `sm_trigger_list_free`). Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; `out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_get_trigger_list(
    client: *const sm_client,
    out: *mut *mut sm_trigger_list,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client) = unsafe { (OutSlot::new("out", out)?, client_ref(client)?) };
        let list = client.call(&ncp::GetTriggerList::new())?;
        let triggers = list.trigger_list.iter().map(Trigger::new).collect::<Result<_, _>>()?;
        out.set(sm_trigger_list { triggers });
        Ok(())
    })
}
