//! Strings across the boundary: checked NUL-terminated UTF-8 in, C strings out, and
//! `sm_string_free`, which zeroes what it frees.

use std::ffi::{CStr, CString, c_char};
use std::ptr;

use zeroize::Zeroizing;

use crate::plumbing::error::Failure;
use crate::plumbing::panic::guard_value;

/// Reads a required NUL-terminated UTF-8 argument.
///
/// # Safety
///
/// `p` is NULL or points to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn required_str<'a>(argument: &str, p: *const c_char) -> Result<&'a str, Failure> {
    // SAFETY: forwarded from this function's contract.
    unsafe { optional_str(argument, p) }?.ok_or_else(|| Failure::null(argument))
}

/// Reads an optional NUL-terminated UTF-8 argument: NULL means "not given".
///
/// # Safety
///
/// `p` is NULL or points to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn optional_str<'a>(argument: &str, p: *const c_char) -> Result<Option<&'a str>, Failure> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: p is not NULL and, by contract, NUL-terminated and alive for 'a.
    let bytes = unsafe { CStr::from_ptr(p) };
    bytes.to_str().map(Some).map_err(|e| {
        Failure::invalid(argument, format_args!("is not valid UTF-8 (byte {})", e.valid_up_to()))
    })
}

/// Reads an array of `count` required strings; `p` may be NULL only when `count` is 0.
///
/// # Safety
///
/// `p` is NULL or points to `count` pointers, each NULL or a NUL-terminated string alive for
/// `'a`.
pub(crate) unsafe fn str_array<'a>(
    argument: &str,
    p: *const *const c_char,
    count: usize,
) -> Result<Vec<&'a str>, Failure> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return Err(Failure::null(argument));
    }
    // SAFETY: p is not NULL and points to `count` pointers by contract.
    let items = unsafe { std::slice::from_raw_parts(p, count) };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            // SAFETY: each item is NULL or a live NUL-terminated string by contract.
            unsafe { required_str(&format!("{argument}[{i}]"), *item) }
        })
        .collect()
}

/// A NUL-terminated copy of a secret text, zeroed when dropped, handed to C as a borrowed
/// `const char *`.
#[derive(Default)]
pub(crate) struct SecretCString(Zeroizing<Vec<u8>>);

impl std::fmt::Debug for SecretCString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(secretmanager_core::secret::REDACTED)
    }
}

impl SecretCString {
    /// Copies `text`; fails on a NUL byte (C would silently cut the value there).
    pub(crate) fn new(what: &str, text: &str) -> Result<Self, Failure> {
        let mut bytes = Zeroizing::new(Vec::with_capacity(text.len() + 1));
        bytes.extend_from_slice(text.as_bytes());
        if bytes.contains(&0) {
            return Err(nul_inside(what));
        }
        bytes.push(0);
        Ok(Self(bytes))
    }

    /// The borrowed C string.
    pub(crate) fn as_ptr(&self) -> *const c_char {
        self.0.as_ptr().cast()
    }
}

/// The failure for a received text that holds a NUL byte.
pub(crate) fn nul_inside(what: &str) -> Failure {
    Failure::new(
        crate::plumbing::status::sm_status::SM_DECODE_ERROR,
        format!("the {what} received contains a NUL byte and cannot be returned as a C string"),
    )
}

/// A C string copy of a non-secret received text (an id, a name, a date text...).
pub(crate) fn c_string(what: &str, text: &str) -> Result<CString, Failure> {
    CString::new(text).map_err(|_| nul_inside(what))
}

/// The pointer of an optional C string, NULL when absent.
pub(crate) fn opt_ptr(text: &Option<CString>) -> *const c_char {
    text.as_ref().map_or(ptr::null(), |t| t.as_ptr())
}

/// An owned `char *` for C, to be freed with `sm_string_free`, copied from a secret text
/// without leaving an unzeroed copy behind.
pub(crate) fn owned_secret_string(what: &str, text: &str) -> Result<*mut c_char, Failure> {
    let mut bytes = Vec::with_capacity(text.len() + 1);
    bytes.extend_from_slice(text.as_bytes());
    bytes.push(0);
    match CString::from_vec_with_nul(bytes) {
        Ok(owned) => Ok(owned.into_raw()),
        Err(e) => {
            drop(Zeroizing::new(e.into_bytes()));
            Err(nul_inside(what))
        }
    }
}

/// Frees a `char *` this library returned as owned (documented on each such function),
/// overwriting its bytes with zeros first, since it may hold a secret. Takes ownership of `s`;
/// NULL is fine. Must not be called twice, nor on a string borrowed from an object.
///
/// Not thread-safe for this object: no other thread may use it during or after the call.
///
/// # Safety
///
/// `s` is NULL or an owned string from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_string_free(s: *mut c_char) {
    guard_value((), || {
        if !s.is_null() {
            // SAFETY: s came from CString::into_raw in this library and is freed once.
            let owned = unsafe { CString::from_raw(s) };
            drop(Zeroizing::new(owned.into_bytes_with_nul()));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plumbing::status::sm_status;

    #[test]
    fn inputs_are_checked_for_null_and_utf8() {
        let good = c"secret-id";
        // SAFETY: the pointers are NULL or C string literals.
        unsafe {
            assert_eq!(required_str("secret_id", good.as_ptr()).unwrap(), "secret-id");
            let err = required_str("secret_id", ptr::null()).unwrap_err();
            assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT);
            assert!(err.message.contains("`secret_id` is NULL"), "{}", err.message);
            let bad = c"ab\xff";
            let err = required_str("job_token", bad.as_ptr()).unwrap_err();
            assert!(err.message.contains("`job_token` is not valid UTF-8"), "{}", err.message);
            assert_eq!(optional_str("memo", ptr::null()).unwrap(), None);
        }
    }

    #[test]
    fn arrays_name_the_bad_entry() {
        let items = [c"a".as_ptr(), ptr::null()];
        // SAFETY: items holds two pointers, a literal and NULL.
        let err = unsafe { str_array("rotation_targets", items.as_ptr(), 2) }.unwrap_err();
        assert!(err.message.contains("`rotation_targets[1]` is NULL"), "{}", err.message);
        // SAFETY: count 0 never reads the pointer.
        assert!(unsafe { str_array("t", ptr::null(), 0) }.unwrap().is_empty());
        // SAFETY: a NULL array with a count is rejected before reading.
        assert!(unsafe { str_array("t", ptr::null(), 1) }.is_err());
    }

    #[test]
    fn outputs_refuse_nul_and_free_cleanly() {
        assert_eq!(SecretCString::new("value", "a\0b").err().unwrap().status, sm_status::SM_DECODE_ERROR);
        let s = SecretCString::new("value", "{\"pw\":\"x\"}").unwrap();
        // SAFETY: s holds a NUL-terminated buffer.
        assert_eq!(unsafe { CStr::from_ptr(s.as_ptr()) }.to_str().unwrap(), "{\"pw\":\"x\"}");
        let owned = owned_secret_string("random", "abc").unwrap();
        // SAFETY: owned is a live string from this library, freed once.
        unsafe {
            assert_eq!(CStr::from_ptr(owned).to_str().unwrap(), "abc");
            sm_string_free(owned);
            sm_string_free(ptr::null_mut());
        }
        assert!(owned_secret_string("random", "a\0").is_err());
    }
}
