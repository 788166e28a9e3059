//! Structs that C callers allocate, and that may grow: each starts with `size_t struct_size`,
//! the size of the struct as the caller was compiled, and the library reads only what lies
//! within it.
//!
//! A struct grows only at its end, one *layout* at a time; [`SizedStruct::LAYOUTS`] lists
//! where each layout ends (the offset past its last field), oldest first. A caller's
//! `struct_size` must be at least the end of the first layout and at most the size of the
//! struct this library knows (a larger one comes from a header newer than the library). The
//! library then reads the newest layout the caller's size covers: a field past it keeps the
//! value of the struct's `Default`, which is what its `sm_<struct>_init` writes.

use std::mem::{align_of, size_of};
use std::ptr;

use crate::plumbing::error::Failure;
use crate::plumbing::panic::guard;
use crate::plumbing::status::sm_status;

/// A `#[repr(C)]` struct a C caller allocates and fills, starting with `struct_size`.
///
/// Implemented by [`sized_struct!`], which also checks the layouts when compiling.
///
/// # Safety
///
/// The implementor is `#[repr(C)]`, its first field is `struct_size: usize`, and every field
/// is a plain C value (integer, `bool`, raw pointer), so that the first bytes of a valid C
/// struct copied over a `Default` value give a valid value. `LAYOUTS` ends at field
/// boundaries of the struct.
pub(crate) unsafe trait SizedStruct: Copy + Default {
    /// The C name of the struct, for messages.
    const NAME: &'static str;
    /// Where each layout ends, in bytes: the offset past its last field, oldest first. The
    /// last one is the current layout (the struct's size, but for trailing padding).
    const LAYOUTS: &'static [usize];
}

/// The size of the field `field` returns; `field` is never called.
pub(crate) const fn field_size<T, F>(_field: fn(&T) -> &F) -> usize {
    size_of::<F>()
}

/// The offset past `field` of struct `ty`, as a constant.
macro_rules! end_of {
    ($ty:ty, $field:ident) => {
        ::core::mem::offset_of!($ty, $field) + $crate::plumbing::sized::field_size(|s: &$ty| &s.$field)
    };
}
pub(crate) use end_of;

/// Implements [`SizedStruct`] for a struct, naming the last field of each of its layouts,
/// oldest first, and checks when compiling that the struct starts with `struct_size` and that
/// the last layout ends with the struct's last field.
macro_rules! sized_struct {
    ($ty:ident, layouts ending with [$($last:ident),+ $(,)?]) => {
        // SAFETY: the struct is `#[repr(C)]` with plain C fields; the constant below checks
        // that it starts with `struct_size: usize` and that its layouts are well-formed.
        unsafe impl $crate::plumbing::sized::SizedStruct for $ty {
            const NAME: &'static str = stringify!($ty);
            const LAYOUTS: &'static [usize] = &[$($crate::plumbing::sized::end_of!($ty, $last)),+];
        }
        const _: () = {
            let _first_is_a_size: fn(&$ty) -> &usize = |s| &s.struct_size;
            assert!(::core::mem::offset_of!($ty, struct_size) == 0, "struct_size must come first");
            $crate::plumbing::sized::check_layouts::<$ty>();
        };
    };
}
pub(crate) use sized_struct;

/// Checks the layouts of `T` (run when compiling, by [`sized_struct!`]): at least one, each
/// longer than the one before, the first holding `struct_size`, the last ending where the
/// struct does (but for trailing padding, so that a field added without a layout is noticed).
pub(crate) const fn check_layouts<T: SizedStruct>() {
    let layouts = T::LAYOUTS;
    assert!(!layouts.is_empty(), "a struct has at least one layout");
    assert!(layouts[0] >= size_of::<usize>(), "the first layout holds struct_size");
    let mut i = 1;
    while i < layouts.len() {
        assert!(layouts[i - 1] < layouts[i], "each layout is longer than the one before");
        i += 1;
    }
    let last = layouts[layouts.len() - 1];
    assert!(
        last <= size_of::<T>() && size_of::<T>() - last < align_of::<T>(),
        "the last layout must end with the struct's last field: add a layout for a new field"
    );
}

/// The library version, for messages.
const LIBRARY_VERSION: &str = env!("CARGO_PKG_VERSION");

/// How many bytes of a caller's `T` whose `struct_size` is `struct_size` the library reads or
/// writes: the end of the newest layout it covers. Refuses a size smaller than the first
/// layout or larger than `T`.
fn covered<T: SizedStruct>(argument: &str, struct_size: usize) -> Result<usize, Failure> {
    let name = T::NAME;
    let first = T::LAYOUTS.first().copied().unwrap_or(size_of::<T>());
    let known = size_of::<T>();
    let field = format!("{argument}->struct_size");
    if struct_size < first {
        return Err(Failure::invalid(
            &field,
            format_args!(
                "is {struct_size}, smaller than the {first} bytes of the first layout of {name}: \
                 fill the struct with {name}_init(&s, sizeof s) before setting its fields"
            ),
        ));
    }
    if struct_size > known {
        return Err(Failure::invalid(
            &field,
            format_args!(
                "is {struct_size}, larger than the {known} bytes of {name} this library \
                 (secretmanager {LIBRARY_VERSION}) knows: the library is older than the header \
                 the caller was compiled against"
            ),
        ));
    }
    Ok(T::LAYOUTS.iter().copied().filter(|&end| end <= struct_size).max().unwrap_or(first))
}

/// Reads the caller's struct behind `p` (the argument `argument`): the fields within its
/// `struct_size`, the others from `T::default()`. `SM_INVALID_ARGUMENT` naming the argument
/// when `p` is NULL or its `struct_size` is out of range.
///
/// # Safety
///
/// `p` is NULL or points to a readable C struct of `struct_size` bytes whose first field is
/// `struct_size`, and whose fields are valid as documented on the struct.
pub(crate) unsafe fn read_sized<T: SizedStruct>(argument: &str, p: *const T) -> Result<T, Failure> {
    if p.is_null() {
        return Err(Failure::null(argument));
    }
    // SAFETY: p is not NULL and starts with a `size_t`, by this function's contract; a caller
    // compiled against another layout may align it differently, hence the unaligned read.
    let struct_size = unsafe { p.cast::<usize>().read_unaligned() };
    let len = covered::<T>(argument, struct_size)?;
    let mut value = T::default();
    // SAFETY: the caller's struct holds `struct_size >= len` readable bytes and `value` holds
    // `size_of::<T>() >= len`; they do not overlap. `len` ends at a field boundary and the
    // bytes copied are those of valid C fields, so `value` stays valid (SizedStruct's
    // contract).
    unsafe { ptr::copy_nonoverlapping(p.cast::<u8>(), (&raw mut value).cast::<u8>(), len) };
    Ok(value)
}

/// The body of an `sm_<struct>_init(p, struct_size)` function: writes the defaults of the
/// fields within `struct_size` and sets `p->struct_size`; `SM_INVALID_ARGUMENT` (nothing
/// written) when `p` is NULL or `struct_size` is out of range.
///
/// # Safety
///
/// `p` is NULL or valid for writing `struct_size` bytes.
pub(crate) unsafe fn init_sized<T: SizedStruct>(argument: &str, p: *mut T, struct_size: usize) -> sm_status {
    guard(ptr::null_mut(), || {
        if p.is_null() {
            return Err(Failure::null(argument));
        }
        let len = covered::<T>(argument, struct_size)?;
        let value = T::default();
        // SAFETY: `p` is writable for `struct_size >= len` bytes by contract, `value` holds
        // `size_of::<T>() >= len`; they do not overlap.
        unsafe { ptr::copy_nonoverlapping((&raw const value).cast::<u8>(), p.cast::<u8>(), len) };
        // SAFETY: as above; `struct_size` is the first field, within the first layout.
        unsafe { p.cast::<usize>().write_unaligned(struct_size) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A struct in its second layout: `grown` was added after `flag`.
    #[repr(C)]
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    struct sm_test {
        struct_size: usize,
        number: u32,
        flag: bool,
        grown: u64,
    }

    impl Default for sm_test {
        fn default() -> Self {
            Self { struct_size: size_of::<Self>(), number: 7, flag: true, grown: 42 }
        }
    }

    sized_struct!(sm_test, layouts ending with [flag, grown]);

    /// The first layout of `sm_test`, as an older caller declares it.
    #[repr(C)]
    struct sm_test_v1 {
        struct_size: usize,
        number: u32,
        flag: bool,
    }

    #[test]
    fn layouts_end_past_their_last_field() {
        assert_eq!(sm_test::LAYOUTS, &[13, 24]);
        assert_eq!(size_of::<sm_test_v1>(), 16, "an older caller's size includes its padding");
    }

    #[test]
    fn an_older_layout_is_read_and_the_newer_fields_keep_their_defaults() {
        let old = sm_test_v1 { struct_size: size_of::<sm_test_v1>(), number: 1, flag: false };
        // SAFETY: `old` is a readable struct of `struct_size` bytes starting with it.
        let read = unsafe { read_sized("t", (&raw const old).cast::<sm_test>()) }.unwrap();
        assert_eq!((read.number, read.flag, read.grown), (1, false, 42));
        let new = sm_test { number: 2, flag: false, grown: 3, ..Default::default() };
        // SAFETY: `new` is a whole struct.
        let read = unsafe { read_sized("t", &new) }.unwrap();
        assert_eq!(read, new);
    }

    #[test]
    fn a_size_ending_inside_a_field_reads_the_layout_before_it() {
        let new = sm_test { struct_size: 20, number: 2, flag: false, grown: u64::MAX };
        // SAFETY: `new` holds more than 20 bytes.
        let read = unsafe { read_sized("t", &new) }.unwrap();
        assert_eq!((read.number, read.flag, read.grown), (2, false, 42));
    }

    #[test]
    fn sizes_out_of_range_are_refused_naming_the_struct_and_the_sizes() {
        for (size, words) in [
            (0, ["t->struct_size", "is 0, smaller than the 13 bytes", "sm_test_init(&s, sizeof s)"]),
            (12, ["t->struct_size", "is 12, smaller", "first layout of sm_test"]),
            (25, ["t->struct_size", "is 25, larger than the 24 bytes of sm_test", "older than the header"]),
        ] {
            let bad = sm_test { struct_size: size, ..Default::default() };
            // SAFETY: `bad` is a whole struct; nothing past it is read.
            let err = unsafe { read_sized("t", &bad) }.unwrap_err();
            assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT);
            for word in words {
                assert!(err.message.contains(word), "{word:?} not in {:?}", err.message);
            }
            let mut target = sm_test { number: 99, ..Default::default() };
            // SAFETY: `target` is writable; a refused size writes nothing.
            assert_eq!(unsafe { init_sized("t", &mut target, size) }, sm_status::SM_INVALID_ARGUMENT);
            assert_eq!(target.number, 99);
        }
        // SAFETY: NULL is refused before anything is read.
        let err = unsafe { read_sized::<sm_test>("options", ptr::null()) }.unwrap_err();
        assert!(err.message.contains("`options` is NULL"), "{}", err.message);
    }

    #[test]
    fn init_writes_only_within_the_callers_size() {
        let mut old = sm_test_v1 { struct_size: 0, number: 0, flag: false };
        // SAFETY: `old` is writable for its size.
        let status = unsafe { init_sized("t", (&raw mut old).cast::<sm_test>(), size_of::<sm_test_v1>()) };
        assert_eq!(status, sm_status::SM_OK);
        assert_eq!((old.struct_size, old.number, old.flag), (16, 7, true));
        let mut new = sm_test { struct_size: 0, number: 0, flag: false, grown: 0 };
        // SAFETY: `new` is a whole struct.
        assert_eq!(unsafe { init_sized("t", &mut new, size_of::<sm_test>()) }, sm_status::SM_OK);
        assert_eq!(new, sm_test::default());
        // SAFETY: NULL is refused.
        let status = unsafe { init_sized::<sm_test>("t", ptr::null_mut(), 24) };
        assert_eq!(status, sm_status::SM_INVALID_ARGUMENT);
    }
}
