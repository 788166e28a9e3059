//! Plumbing for handles and output pointers: borrowing an object the caller passed, writing a
//! result through an output pointer, and freeing a boxed object.

use std::ffi::c_char;
use std::ptr;

use crate::error::Failure;

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

/// Frees an object handed out by [`OutSlot::set`]; NULL is ignored.
///
/// # Safety
///
/// `p` is NULL or came from [`OutSlot::set`] for the same `T` and was not freed yet.
pub(crate) unsafe fn free_box<T>(p: *mut T) {
    if !p.is_null() {
        // SAFETY: p came from Box::into_raw and is freed once, by contract.
        drop(unsafe { Box::from_raw(p) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::sm_status;

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
