//! `sm_cache` through the C ABI against the emulator: reads answered from memory, the
//! previous value, `SM_NO_VALUE`, bad arguments, an older (shorter) options layout, and CSMS.

mod common;

use std::ffi::c_char;
use std::ptr;

use common::*;
use secretmanager::*;

const VALUE: &str = r#"{"user":"app","password":"ffi-cache-pw"}"#;

/// One refused call: the argument its error must name, and the call.
type Case<'a> = (&'static str, Box<dyn Fn(*mut *mut sm_error) -> sm_status + 'a>);

/// A cache over `client` with the default options; freed by the caller.
fn ncp_cache(client: &Client, options: *const sm_cache_options) -> *mut sm_cache {
    let mut cache = ptr::null_mut();
    // SAFETY: live client, valid options or NULL, writable out.
    call(|err| unsafe { sm_cache_new(client.get(), options, &mut cache, err) }).expect("cache");
    cache
}

/// Reads with `read`, which writes one owned value.
fn read(read: impl FnOnce(*mut *mut c_char, *mut *mut sm_error) -> sm_status) -> Result<String, ErrorInfo> {
    let mut value = ptr::null_mut();
    call(|err| read(&mut value, err))?;
    Ok(take_string(value))
}

#[test]
fn reads_come_from_memory_and_name_what_is_missing() {
    let (emulator, client) = emulator();
    let id = create_secret(&client, "ffi-cache", VALUE, "password");
    let cache = ncp_cache(&client, ptr::null());
    let sid = c(&id);
    for _ in 0..20 {
        // SAFETY: live cache, NUL-terminated id, writable outs.
        assert_eq!(read(|v, e| unsafe { sm_cache_get(cache, sid.as_ptr(), v, e) }).unwrap(), VALUE);
    }
    let field = c("password");
    // SAFETY: as above.
    let password = read(|v, e| unsafe { sm_cache_get_json_field(cache, sid.as_ptr(), field.as_ptr(), v, e) });
    assert_eq!(password.unwrap(), "ffi-cache-pw");
    let active = c("ACTIVE");
    // SAFETY: as above.
    let by_stage = read(|v, e| unsafe { sm_cache_get_stage(cache, sid.as_ptr(), active.as_ptr(), v, e) });
    assert_eq!(by_stage.unwrap(), VALUE);
    assert_eq!(emulator.request_count("GET", &format!("/{id}/values")), 1, "one fetch for every read");

    let (mut current, mut previous) = (ptr::null_mut(), ptr::dangling_mut());
    // SAFETY: as above.
    call(|e| unsafe { sm_cache_get_with_previous(cache, sid.as_ptr(), &mut current, &mut previous, e) })
        .unwrap();
    assert_eq!(take_string(current), VALUE);
    assert!(previous.is_null(), "no previous value before a rotation");

    let pending = c("PENDING");
    // SAFETY: as above.
    let err =
        read(|v, e| unsafe { sm_cache_get_stage(cache, sid.as_ptr(), pending.as_ptr(), v, e) }).unwrap_err();
    assert_eq!(err.status, sm_status::SM_NO_VALUE);
    assert!(err.message.contains("PENDING") && !err.message.contains("ffi-cache-pw"), "{}", err.message);
    let version = c("v1");
    // SAFETY: as above.
    let err = read(|v, e| unsafe { sm_cache_get_version(cache, sid.as_ptr(), version.as_ptr(), v, e) })
        .unwrap_err();
    assert_eq!(err.status, sm_status::SM_NO_VALUE);

    let missing = c("0123456789abcdef");
    // SAFETY: as above.
    let err = read(|v, e| unsafe { sm_cache_get(cache, missing.as_ptr(), v, e) }).unwrap_err();
    assert_eq!(err.status, sm_status::SM_NOT_FOUND);

    // SAFETY: live cache and id.
    assert_eq!(unsafe { sm_cache_len(cache) }, 2, "the secret and the remembered miss");
    // SAFETY: as above.
    call(|e| unsafe { sm_cache_invalidate(cache, sid.as_ptr(), e) }).unwrap();
    // SAFETY: as above.
    call(|e| unsafe { sm_cache_refresh_now(cache, missing.as_ptr(), e) }).unwrap_err();
    // SAFETY: the cache is freed once; NULL is fine.
    unsafe {
        assert_eq!(sm_cache_len(cache), 1);
        sm_cache_free(cache);
        sm_cache_free(ptr::null_mut());
        assert_eq!(sm_cache_len(ptr::null()), 0);
    }
}

#[test]
fn reads_into_the_callers_buffer_fit_exactly_or_say_how_long_the_value_is() {
    let (emulator, client) = emulator();
    let id = create_secret(&client, "ffi-into", VALUE, "password");
    let cache = ncp_cache(&client, ptr::null());
    let sid = c(&id);
    let into = |buffer: &mut [u8], length: &mut usize| {
        // SAFETY: live cache, NUL-terminated id, a buffer writable for its length (or NULL
        // with capacity 0), a writable length.
        call(|e| unsafe {
            let start = if buffer.is_empty() { ptr::null_mut() } else { buffer.as_mut_ptr().cast() };
            sm_cache_get_into(cache, sid.as_ptr(), start, buffer.len(), length, e)
        })
    };
    let mut length = 99;
    let err = into(&mut [], &mut length).expect_err("no buffer");
    assert_eq!((err.status, length), (sm_status::SM_BUFFER_TOO_SMALL, VALUE.len()));
    assert!(err.message.contains(&id) && err.message.contains("0 bytes"), "{}", err.message);
    let mut short = vec![0x5a_u8; VALUE.len()];
    let err = into(&mut short, &mut length).expect_err("one byte short");
    assert_eq!((err.status, length), (sm_status::SM_BUFFER_TOO_SMALL, VALUE.len()));
    assert!(short.iter().all(|b| *b == 0x5a), "nothing written into a buffer too small");
    let mut exact = vec![0x5a_u8; VALUE.len() + 1];
    into(&mut exact, &mut length).expect("an exact fit");
    assert_eq!((&exact[..length], exact[length], length), (VALUE.as_bytes(), 0, VALUE.len()));
    let mut roomy = vec![0x5a_u8; 4096];
    into(&mut roomy, &mut length).expect("room to spare");
    assert_eq!((&roomy[..length], roomy[length], roomy[length + 1]), (VALUE.as_bytes(), 0, 0x5a));
    assert_eq!(emulator.request_count("GET", &format!("/{id}/values")), 1, "every read was a hit");

    let missing = c("0123456789abcdef");
    // SAFETY: as above.
    let err = call(|e| unsafe {
        sm_cache_get_into(cache, missing.as_ptr(), roomy.as_mut_ptr().cast(), roomy.len(), &mut length, e)
    })
    .expect_err("missing");
    assert_eq!((err.status, length), (sm_status::SM_NOT_FOUND, 0));
    // SAFETY: NULL buffer with a capacity, NULL length: refused by name; the cache is freed once.
    unsafe {
        let err = call(|e| sm_cache_get_into(cache, sid.as_ptr(), ptr::null_mut(), 8, &mut length, e));
        assert!(err.expect_err("NULL buffer").message.contains("buffer"));
        let err = call(|e| {
            sm_cache_get_into(cache, sid.as_ptr(), roomy.as_mut_ptr().cast(), 8, ptr::null_mut(), e)
        });
        assert!(err.expect_err("NULL length").message.contains("length_out"));
        sm_cache_free(cache);
    }
}

#[test]
fn null_and_non_utf8_arguments_are_refused_by_name() {
    let (_emulator, client) = emulator();
    let cache = ncp_cache(&client, ptr::null());
    let id = c("sid");
    let bad = c"ab\xff".as_ptr();
    let mut value: *mut c_char = ptr::dangling_mut();
    let mut out: *mut sm_cache = ptr::dangling_mut();
    let (v, o): (*mut *mut c_char, *mut *mut sm_cache) = (&mut value, &mut out);
    // Every case's pointers are NULL, a live object or a writable local.
    let cases: Vec<Case<'_>> = vec![
        // SAFETY: see above.
        ("cache", Box::new(|e| unsafe { sm_cache_get(ptr::null(), id.as_ptr(), v, e) })),
        // SAFETY: see above.
        ("secret", Box::new(|e| unsafe { sm_cache_get(cache, ptr::null(), v, e) })),
        // SAFETY: see above.
        ("secret", Box::new(|e| unsafe { sm_cache_get(cache, bad, v, e) })),
        // SAFETY: see above.
        ("value_out", Box::new(|e| unsafe { sm_cache_get(cache, id.as_ptr(), ptr::null_mut(), e) })),
        // SAFETY: see above.
        ("stage", Box::new(|e| unsafe { sm_cache_get_stage(cache, id.as_ptr(), ptr::null(), v, e) })),
        // SAFETY: see above.
        ("field", Box::new(|e| unsafe { sm_cache_get_json_field(cache, id.as_ptr(), bad, v, e) })),
        // SAFETY: see above.
        ("version_id", Box::new(|e| unsafe { sm_cache_get_version(cache, id.as_ptr(), ptr::null(), v, e) })),
        (
            "previous_out",
            // SAFETY: see above.
            Box::new(|e| unsafe { sm_cache_get_with_previous(cache, id.as_ptr(), v, ptr::null_mut(), e) }),
        ),
        // SAFETY: see above.
        ("secret", Box::new(|e| unsafe { sm_cache_invalidate(cache, ptr::null(), e) })),
        // SAFETY: see above.
        ("cache", Box::new(|e| unsafe { sm_cache_refresh_now(ptr::null(), id.as_ptr(), e) })),
        // SAFETY: see above.
        ("client", Box::new(|e| unsafe { sm_cache_new(ptr::null(), ptr::null(), o, e) })),
        // SAFETY: see above.
        ("client", Box::new(|e| unsafe { sm_huawei_cache_new(ptr::null(), ptr::null(), o, e) })),
        // SAFETY: see above.
        ("out", Box::new(|e| unsafe { sm_cache_new(client.get(), ptr::null(), ptr::null_mut(), e) })),
    ];
    for (argument, case) in cases {
        let err = call(case).expect_err(argument);
        assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT, "{argument}: {}", err.message);
        assert!(err.message.contains(argument), "{argument} not named in {:?}", err.message);
    }
    let mut options = sm_cache_options::default();
    // SAFETY: a writable struct; sizes out of range are refused before anything is written.
    unsafe {
        let size = size_of::<sm_cache_options>();
        assert_eq!(sm_cache_options_init(ptr::null_mut(), size), sm_status::SM_INVALID_ARGUMENT);
        assert_eq!(sm_cache_options_init(&mut options, 4), sm_status::SM_INVALID_ARGUMENT);
        assert_eq!(
            sm_cache_options_init(&mut options, size_of::<sm_cache_options>() + 8),
            sm_status::SM_INVALID_ARGUMENT
        );
        sm_cache_free(cache);
    }
}

#[test]
fn options_are_honoured_and_csms_is_served_by_name() {
    let (emulator, client) = emulator();
    let id = create_secret(&client, "ffi-ttl", VALUE, "password");
    let mut options = sm_cache_options::default();
    // SAFETY: a writable struct of this size.
    let status = unsafe { sm_cache_options_init(&mut options, size_of::<sm_cache_options>()) };
    assert_eq!(status, sm_status::SM_OK);
    assert_eq!((options.ttl_ms, options.max_entries, options.refresh_ahead_ms), (300_000, 1024, -1));
    options.ttl_ms = 1;
    options.max_entries = 1;
    let cache = ncp_cache(&client, &options);
    let sid = c(&id);
    for _ in 0..3 {
        // Longer than the coarse clock's tick (at most 10 ms) the cache judges age by.
        std::thread::sleep(std::time::Duration::from_millis(12));
        // SAFETY: live cache, NUL-terminated id, writable outs.
        assert_eq!(read(|v, e| unsafe { sm_cache_get(cache, sid.as_ptr(), v, e) }).unwrap(), VALUE);
    }
    assert_eq!(emulator.request_count("GET", &format!("/{id}/values")), 3, "a 1 ms TTL fetches every time");
    // SAFETY: freed once.
    unsafe { sm_cache_free(cache) };

    let hw = huawei_client(&emulator);
    let name = "ffi-cache-hw";
    let request = c(&format!(r#"{{"name":"{name}","secret_string":"{{\"pw\":\"hw-1\"}}"}}"#));
    let mut answer = ptr::null_mut();
    // SAFETY: live client, NUL-terminated texts, writable outs.
    call(|e| unsafe { sm_huawei_call(hw.0, c"CreateSecret".as_ptr(), request.as_ptr(), &mut answer, e) })
        .unwrap();
    take_string(answer);
    let mut cache = ptr::null_mut();
    // SAFETY: live client, default options, writable out.
    call(|e| unsafe { sm_huawei_cache_new(hw.0, ptr::null(), &mut cache, e) }).unwrap();
    drop(hw); // the cache keeps its own share of the client
    let secret = c(name);
    let field = c("pw");
    // SAFETY: live cache, NUL-terminated texts, writable outs.
    unsafe {
        assert_eq!(read(|v, e| sm_cache_get(cache, secret.as_ptr(), v, e)).unwrap(), r#"{"pw":"hw-1"}"#);
        assert_eq!(
            read(|v, e| sm_cache_get_json_field(cache, secret.as_ptr(), field.as_ptr(), v, e)).unwrap(),
            "hw-1"
        );
        let v1 = c("v1");
        assert_eq!(
            read(|v, e| sm_cache_get_version(cache, secret.as_ptr(), v1.as_ptr(), v, e)).unwrap(),
            r#"{"pw":"hw-1"}"#
        );
        sm_cache_free(cache);
    }
}
