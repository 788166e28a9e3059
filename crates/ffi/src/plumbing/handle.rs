//! Plumbing for handles and output pointers: borrowing an object the caller passed, writing a
//! result through an output pointer, and freeing a boxed object.

use std::ffi::c_char;
use std::ptr;

use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::panic::{guard, guard_value};
use crate::plumbing::sized::{SizedStruct, read_sized};
use crate::plumbing::status::sm_status;

/// An output pointer (`T **out`), set to NULL as soon as it is checked and written once more,
/// with the result, on success.
pub(crate) struct OutSlot<T>(*mut *mut T);

impl<T> OutSlot<T> {
    /// Checks `p` and sets `*p` to NULL.
    ///
    /// # Safety
    ///
    /// `p` is NULL or valid for pointer writes for the rest of the exported call.
    pub(crate) unsafe fn new(argument: &str, p: *mut *mut T) -> Result<Self, Failure> {
        if p.is_null() {
            return Err(Failure::null(argument));
        }
        // SAFETY: p is not NULL and writable by this function's contract.
        unsafe { p.write(ptr::null_mut()) };
        Ok(Self(p))
    }

    /// Hands `value` to the caller, who now owns it.
    pub(crate) fn set(self, value: T) {
        self.set_raw(Box::into_raw(Box::new(value)));
    }

    /// Hands an already-owned pointer to the caller.
    pub(crate) fn set_raw(self, value: *mut T) {
        // SAFETY: `new` checked the pointer, whose contract makes it writable during the call.
        unsafe { self.0.write(value) };
    }
}

/// The owned `char **` output of a function returning a string freed by `sm_string_free`.
pub(crate) type StringOut = OutSlot<c_char>;

/// Borrows the object behind a `const T *` argument.
///
/// # Safety
///
/// `p` is NULL or points to a live `T` that outlives `'a`.
pub(crate) unsafe fn borrow<'a, T>(argument: &str, p: *const T) -> Result<&'a T, Failure> {
    // SAFETY: forwarded from this function's contract.
    unsafe { p.as_ref() }.ok_or_else(|| Failure::null(argument))
}

/// Reads one field of the object behind an accessor's `const T *` argument: `default` when
/// `p` is NULL (or on a panic), so accessors never fail.
///
/// # Safety
///
/// `p` is NULL or points to a live `T`.
pub(crate) unsafe fn read_field<T, R>(p: *const T, default: R, field: impl FnOnce(&T) -> R) -> R {
    guard_value(None, || {
        // SAFETY: forwarded from this function's contract.
        unsafe { p.as_ref() }.map(field)
    })
    .unwrap_or(default)
}

/// Reads an optional number passed as `const uint32_t *`: NULL means "not sent", anything
/// else is sent as is, so the core can reject an out-of-range value (0 included) with its own
/// message.
///
/// # Safety
///
/// `p` is NULL or points to a readable `u32`.
pub(crate) unsafe fn optional_u32(p: *const u32) -> Option<u32> {
    // SAFETY: forwarded from this function's contract.
    unsafe { p.as_ref() }.copied()
}

/// The body of an `sm_*_client_new` function: checks `out` then `options` (read within its
/// `struct_size`), builds the object with `build` and hands it to the caller through `*out`.
///
/// # Safety
///
/// `options` is NULL or points to a readable `O` of `options->struct_size` bytes; `out` and
/// `err_out` are NULL or writable.
pub(crate) unsafe fn new_from_options<O: SizedStruct, T>(
    options: *const O,
    out: *mut *mut T,
    err_out: *mut *mut sm_error,
    build: impl FnOnce(&O) -> Result<T, Failure>,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: forwarded from this function's contract.
        let (out, options) = unsafe { (OutSlot::new("out", out)?, read_sized("options", options)?) };
        out.set(build(&options)?);
        Ok(())
    })
}

/// Frees an object handed out by [`OutSlot::set`] (or another `Box::into_raw` of this
/// library); NULL is ignored.
///
/// # Safety
///
/// `p` is NULL or came from `Box::into_raw` of a `Box<T>` in this library (such as
/// [`OutSlot::set`]) and was not freed yet.
pub(crate) unsafe fn free_box<T>(p: *mut T) {
    if !p.is_null() {
        // SAFETY: p came from Box::into_raw and is freed once, by contract.
        drop(unsafe { Box::from_raw(p) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_slots_are_cleared_then_filled_once() {
        let mut slot: *mut u32 = ptr::dangling_mut();
        // SAFETY: slot is a writable local.
        let out = unsafe { OutSlot::new("out", &mut slot) }.unwrap();
        assert!(slot.is_null(), "checking the slot clears it");
        out.set(7);
        // SAFETY: slot now holds the Box handed out above; freed once.
        unsafe {
            assert_eq!(*slot, 7);
            free_box(slot);
            free_box(ptr::null_mut::<u32>());
        }
        // SAFETY: a NULL slot is rejected before any write.
        let err = unsafe { OutSlot::<u32>::new("result_out", ptr::null_mut()) }.err().unwrap();
        assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT);
        assert!(err.message.contains("result_out"));
        // SAFETY: NULL and a live reference are both allowed.
        unsafe {
            assert!(borrow::<u32>("client", ptr::null()).is_err());
            assert_eq!(*borrow("client", &5u32).unwrap(), 5);
            assert_eq!(optional_u32(ptr::null()), None);
            assert_eq!(optional_u32(&0), Some(0));
        }
    }
}
