//! Structs that grow: a caller compiled against an older, shorter layout (a smaller
//! `struct_size`) is served, the fields it does not know taking their defaults; a
//! `struct_size` below the first layout or above what the library knows is
//! `SM_INVALID_ARGUMENT` naming the struct and the sizes.

mod common;

use std::ffi::c_char;
use std::mem::offset_of;
use std::ptr;

use common::*;
use secretmanager::*;
use secretmanager_emulator::{
    Emulator, HUAWEI_ACCESS_KEY, HUAWEI_PROJECT_ID, HUAWEI_SECRET_KEY, NCP_ACCESS_KEY, NCP_SECRET_KEY,
};

/// `sm_client_options` as a header older than `max_response_bytes` declared it.
#[repr(C)]
#[allow(non_camel_case_types, reason = "the C name of the struct")]
struct sm_client_options_v1 {
    struct_size: usize,
    endpoint_preset: sm_endpoint_preset,
    endpoint_url: *const c_char,
    access_key: *const c_char,
    secret_key: *const c_char,
    connect_timeout_ms: u32,
    read_timeout_ms: u32,
    total_timeout_ms: u32,
    max_retries: i32,
    user_agent: *const c_char,
    proxy: *const c_char,
    no_proxy: bool,
}

/// The offset past the last field of the first layout of a struct.
macro_rules! first_layout_end {
    ($ty:ty, $field:ident) => {{
        let value = <$ty>::default();
        offset_of!($ty, $field) + size_of_val(&value.$field)
    }};
}

/// The outcome of one List Secrets through a client made from `options`.
///
/// # Safety
///
/// `options` points to a readable options struct of `(*options).struct_size` bytes (which
/// may be an older, shorter layout) whose strings are alive.
unsafe fn list_with(options: *const sm_client_options) -> Result<(), ErrorInfo> {
    let mut client = ptr::null_mut();
    // SAFETY: forwarded from this function's contract; the slot is writable.
    call(|e| unsafe { sm_client_new(options, &mut client, e) }).expect("a client");
    let client = Client(client);
    let mut page = ptr::null_mut();
    // SAFETY: the client is alive, the slot writable.
    let result = call(|e| unsafe { sm_list_secrets(client.get(), ptr::null(), &mut page, e) });
    // SAFETY: page is NULL or the list just handed out, freed once.
    unsafe { sm_secret_list_free(page) };
    result
}

#[test]
fn a_caller_of_the_older_client_options_layout_gets_the_default_max_response_bytes() {
    let emulator = Emulator::start().expect("the emulator starts");
    let (url, ak, sk) = (c(emulator.base_url()), c(NCP_ACCESS_KEY), c(NCP_SECRET_KEY));
    assert_eq!(size_of::<sm_client_options_v1>(), offset_of!(sm_client_options, max_response_bytes));
    // The older caller: its struct ends where max_response_bytes begins, and is allocated at
    // exactly its size (a read past it would leave the allocation; examples-c/compat/ runs such
    // a caller under valgrind).
    let old = Box::new(sm_client_options_v1 {
        struct_size: size_of::<sm_client_options_v1>(),
        endpoint_preset: SM_ENDPOINT_URL,
        endpoint_url: url.as_ptr(),
        access_key: ak.as_ptr(),
        secret_key: sk.as_ptr(),
        connect_timeout_ms: 0,
        read_timeout_ms: 0,
        total_timeout_ms: 0,
        max_retries: 0,
        user_agent: ptr::null(),
        proxy: ptr::null(),
        no_proxy: true,
    });
    // SAFETY: the struct holds struct_size bytes and its strings live to the end of the test.
    unsafe { list_with((&raw const *old).cast()) }.expect("an older layout is served");

    // A whole struct whose max_response_bytes is 1 (every answer too long): with a
    // struct_size that stops before the field, the field is not read and the default applies.
    let mut options = sm_client_options {
        endpoint_preset: SM_ENDPOINT_URL,
        endpoint_url: url.as_ptr(),
        access_key: ak.as_ptr(),
        secret_key: sk.as_ptr(),
        max_retries: 0,
        no_proxy: true,
        max_response_bytes: 1,
        ..Default::default()
    };
    // SAFETY: a whole struct, with live strings, in both calls.
    let full = unsafe { list_with(&options) }.expect_err("an answer longer than 1 byte is refused");
    assert_eq!(full.status, sm_status::SM_TRANSPORT_ERROR, "{}", full.message);
    options.struct_size = offset_of!(sm_client_options, max_response_bytes);
    // SAFETY: as above.
    unsafe { list_with(&options) }.expect("max_response_bytes beyond struct_size is not read");
    // A size ending inside max_response_bytes reads the layout before it.
    options.struct_size = offset_of!(sm_client_options, max_response_bytes) + 4;
    // SAFETY: as above.
    unsafe { list_with(&options) }.expect("a partly covered field is not read");
}

#[test]
fn a_caller_of_the_older_huawei_options_layout_gets_the_default_max_response_bytes() {
    let emulator = Emulator::start().expect("the emulator starts");
    let (url, project, ak, sk) =
        (c(emulator.base_url()), c(HUAWEI_PROJECT_ID), c(HUAWEI_ACCESS_KEY), c(HUAWEI_SECRET_KEY));
    let mut options = sm_huawei_client_options {
        endpoint_url: url.as_ptr(),
        project_id: project.as_ptr(),
        access_key: ak.as_ptr(),
        secret_key: sk.as_ptr(),
        max_retries: 0,
        no_proxy: true,
        max_response_bytes: 1,
        ..Default::default()
    };
    let mut statuses = Vec::new();
    for size in
        [size_of::<sm_huawei_client_options>(), offset_of!(sm_huawei_client_options, max_response_bytes)]
    {
        options.struct_size = size;
        let mut hw = ptr::null_mut();
        // SAFETY: a whole struct with live strings; the slot is writable.
        call(|e| unsafe { sm_huawei_client_new(&options, &mut hw, e) }).expect("a Huawei client");
        let mut value = ptr::null_mut();
        // SAFETY: the client is alive; the strings are literals; the slot is writable.
        let result = call(|e| unsafe {
            sm_huawei_show_secret_version(hw, c"no-such-secret".as_ptr(), c"v1".as_ptr(), &mut value, e)
        });
        // SAFETY: the client is owned here and freed once.
        unsafe { sm_huawei_client_free(hw) };
        statuses.push(result.expect_err("no such secret").status);
    }
    // With max_response_bytes read (1), the answer is refused; without, CSMS's 404 is read.
    assert_eq!(statuses, [sm_status::SM_TRANSPORT_ERROR, sm_status::SM_NOT_FOUND]);
}

/// Checks that `f` refused its struct with SM_INVALID_ARGUMENT and a message holding `words`.
fn refused(words: &[&str], f: impl FnOnce(*mut *mut sm_error) -> sm_status) {
    let err = call(f).expect_err("refused");
    assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT, "{}", err.message);
    for word in words {
        assert!(err.message.contains(word), "{word:?} not in {:?}", err.message);
    }
}

#[test]
fn client_options_too_small_or_too_large_are_refused_naming_the_struct_and_the_sizes() {
    let first = first_layout_end!(sm_client_options, no_proxy);
    let known = size_of::<sm_client_options>();
    let older = format!("larger than the {known} bytes of sm_client_options");
    for (size, words) in [
        (0, vec!["options->struct_size", "is 0", "sm_client_options_init(&s, sizeof s)"]),
        (
            first - 1,
            vec!["options->struct_size", &format!("is {}, smaller than the {first} bytes", first - 1)],
        ),
        (
            known + 8,
            vec!["options->struct_size", &format!("is {}", known + 8), &older, "older than the header"],
        ),
    ] {
        let options = sm_client_options { struct_size: size, ..Default::default() };
        let mut client = ptr::dangling_mut();
        // SAFETY: only struct_size is read from a refused struct; the slot is writable.
        refused(&words, |e| unsafe { sm_client_new(&options, &mut client, e) });
        assert!(client.is_null(), "no client for a refused struct_size {size}");
    }
    let (ak, sk) = (c("AK"), c("SK"));
    let options = sm_client_options {
        struct_size: first,
        access_key: ak.as_ptr(),
        secret_key: sk.as_ptr(),
        ..Default::default()
    };
    let mut client = ptr::null_mut();
    // SAFETY: a whole struct; the slot is writable.
    call(|e| unsafe { sm_client_new(&options, &mut client, e) }).expect("the first layout is enough");
    // SAFETY: the client is owned here and freed once.
    unsafe { sm_client_free(client) };
}

#[test]
fn every_struct_read_by_a_call_refuses_sizes_out_of_range() {
    let (_emulator, client) = emulator();
    let cl = client.get();
    let (ak, sk, project) = (c("AK"), c("SK"), c(HUAWEI_PROJECT_ID));
    let hw_options = sm_huawei_client_options {
        region: c"cn-north-4".as_ptr(),
        access_key: ak.as_ptr(),
        secret_key: sk.as_ptr(),
        project_id: project.as_ptr(),
        ..Default::default()
    };
    let mut hw = ptr::null_mut();
    // SAFETY: a whole struct with live strings; the slot is writable.
    call(|e| unsafe { sm_huawei_client_new(&hw_options, &mut hw, e) }).expect("a Huawei client");
    let (id, tok) = (c("sid"), c("tok"));
    let (mut text, mut secret, mut hw_secret, mut hw_client) =
        (ptr::null_mut(), ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
    for (bad, why) in [(0, "is 0, smaller than the"), (usize::MAX, "older than the header")] {
        let check = |name: &str, argument: &str, result: Result<(), ErrorInfo>| {
            let err = result.expect_err(name);
            assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT, "{name}: {}", err.message);
            for word in [name, &format!("argument `{argument}->struct_size`"), why] {
                assert!(err.message.contains(word), "{name}: {word:?} not in {:?}", err.message);
            }
        };
        // SAFETY (every call below): only struct_size is read from a refused struct; the
        // strings are alive and the slots writable.
        let request = sm_create_secret_request { struct_size: bad, ..Default::default() };
        // SAFETY: see above.
        check(
            "sm_create_secret_request",
            "request",
            call(|e| unsafe { sm_create_secret(cl, &request, &mut secret, e) }),
        );
        let update = sm_secret_value_update { struct_size: bad, ..Default::default() };
        // SAFETY: see above.
        let result = call(|e| unsafe { sm_update_secret_value(cl, id.as_ptr(), &update, e) });
        check("sm_secret_value_update", "update", result);
        let random = sm_random_secret_options { struct_size: bad, ..Default::default() };
        // SAFETY: see above.
        let result = call(|e| unsafe {
            sm_generate_random_secret(cl, id.as_ptr(), tok.as_ptr(), &random, &mut text, e)
        });
        check("sm_random_secret_options", "options", result);
        let hw_request = sm_huawei_create_secret_request { struct_size: bad, ..Default::default() };
        // SAFETY: see above.
        let result = call(|e| unsafe { sm_huawei_create_secret(hw, &hw_request, &mut hw_secret, e) });
        check("sm_huawei_create_secret_request", "request", result);
        let bad_hw_options = sm_huawei_client_options { struct_size: bad, ..hw_options };
        // SAFETY: see above.
        let result = call(|e| unsafe { sm_huawei_client_new(&bad_hw_options, &mut hw_client, e) });
        check("sm_huawei_client_options", "options", result);
    }
    assert!(text.is_null() && secret.is_null() && hw_secret.is_null() && hw_client.is_null());
    // SAFETY: the Huawei client is owned here and freed once.
    unsafe { sm_huawei_client_free(hw) };
}

#[test]
fn init_writes_only_the_callers_size_and_refuses_sizes_out_of_range() {
    // An older caller's struct, followed by memory it owns that is not part of the struct.
    const WORDS: usize = size_of::<sm_client_options>() / 8 + 1;
    let old_size = offset_of!(sm_client_options, max_response_bytes);
    let mut buffer = [u64::from_ne_bytes([0xa5; 8]); WORDS];
    // SAFETY: the buffer is aligned for the struct and writable for more than old_size bytes.
    let status = unsafe { sm_client_options_init(buffer.as_mut_ptr().cast(), old_size) };
    assert_eq!(status, sm_status::SM_OK);
    let bytes: Vec<u8> = buffer.iter().flat_map(|w| w.to_ne_bytes()).collect();
    assert_eq!(usize::from_ne_bytes(bytes[..size_of::<usize>()].try_into().expect("a size")), old_size);
    assert!(bytes[old_size..].iter().all(|&b| b == 0xa5), "init wrote past the caller's struct_size");
    let first = first_layout_end!(sm_client_options, no_proxy);
    for bad in [0, first - 1, size_of::<sm_client_options>() + 1] {
        let mut options = sm_client_options { max_retries: 77, ..Default::default() };
        // SAFETY: options is a whole, writable struct; a refused size writes nothing.
        let status = unsafe { sm_client_options_init(&mut options, bad) };
        assert_eq!(status, sm_status::SM_INVALID_ARGUMENT, "{bad}");
        assert_eq!((options.max_retries, options.struct_size), (77, size_of::<sm_client_options>()));
    }
}
