//! The typed Huawei calls that write a secret: `sm_huawei_create_secret_version` (how a COMMON
//! secret is rotated: text and binary values, explicit stages, expiry) and
//! `sm_huawei_update_secret` (turning automatic rotation on and off), against the emulator;
//! their bad input is `SM_INVALID_ARGUMENT` naming the field, and nothing is sent.

mod common;

use std::ffi::c_char;
use std::ptr;

use common::*;
use secretmanager::*;
use secretmanager_emulator::Emulator;
use serde_json::{Value, json};

const FIRST: &str = r#"{"password":"first-Pa55word"}"#;
const SECOND: &str = r#"{"password":"second-Pa55word"}"#;
const BINARY: &[u8] = b"\x00\xffbinary\x00";
/// `BINARY` in standard base64, as CSMS stores and answers it.
const BINARY_BASE64: &str = "AP9iaW5hcnkA";

/// Creates COMMON secret `name` holding `FIRST` (version `v1`, SYSCURRENT), with no rotation
/// function.
fn create_common(hw: &Huawei, name: &str) {
    let (name, value) = (c(name), c(FIRST));
    let request = sm_huawei_create_secret_request {
        name: name.as_ptr(),
        secret_string: value.as_ptr(),
        ..Default::default()
    };
    let mut secret = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_huawei_create_secret(hw.0, &request, &mut secret, err) }).expect("created");
    // SAFETY: secret is owned, freed once.
    unsafe { sm_huawei_secret_free(secret) };
}

/// Sends `request` through `sm_huawei_create_secret_version`, returning the new version id.
fn new_version(hw: &Huawei, request: &sm_huawei_create_secret_version_request) -> Result<String, ErrorInfo> {
    let mut version = ptr::dangling_mut::<c_char>();
    // SAFETY: the request's pointers are alive (the caller's), the slot is writable.
    let result = call(|err| unsafe { sm_huawei_create_secret_version(hw.0, request, &mut version, err) });
    match result {
        Ok(()) => Ok(take_string(version)),
        Err(info) => {
            assert!(version.is_null(), "the output is NULL after a failure");
            Err(info)
        }
    }
}

/// Sends `operation` with `request` through `sm_huawei_call` and parses the answer.
fn generic(hw: &Huawei, operation: &str, request: &Value) -> Value {
    let (name, body) = (c(operation), c(&request.to_string()));
    let mut json = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_huawei_call(hw.0, name.as_ptr(), body.as_ptr(), &mut json, err) })
        .expect("the generic call");
    serde_json::from_str(&take_string(json)).expect("JSON")
}

/// The metadata of version `id` of secret `name`, from ListSecretVersions.
fn version_metadata(hw: &Huawei, name: &str, id: &str) -> Value {
    let page = generic(hw, "ListSecretVersions", &json!({ "secret_name": name }));
    let versions = page["version_metadatas"].as_array().expect("a list of versions");
    versions.iter().find(|v| v["id"] == id).cloned().expect("the version is listed")
}

#[test]
fn a_common_secret_is_rotated_with_text_and_binary_versions() {
    let emulator = Emulator::start().expect("the emulator starts");
    let hw = huawei_client(&emulator);
    create_common(&hw, "hw-common");
    let first = hw_stage(&hw, "hw-common", "SYSCURRENT");

    // A text value, no stages: the new version becomes SYSCURRENT, the old one SYSPREVIOUS.
    let (name, value) = (c("hw-common"), c(SECOND));
    let request = sm_huawei_create_secret_version_request {
        secret_name: name.as_ptr(),
        secret_string: value.as_ptr(),
        ..Default::default()
    };
    let second = new_version(&hw, &request).expect("a new version");
    assert_ne!(second, first);
    assert_eq!(hw_stage(&hw, "hw-common", "SYSCURRENT"), second);
    assert_eq!(hw_stage(&hw, "hw-common", "SYSPREVIOUS"), first);
    assert_eq!(hw_value(&hw, "hw-common", &second), SECOND);
    assert_eq!(hw_value(&hw, "hw-common", "latest"), SECOND);
    assert_eq!(hw_value(&hw, "hw-common", &first), FIRST, "the old version keeps its value");

    // A binary value with NUL bytes and an expiry: sent whole, base64-encoded.
    let expire = 1_900_000_000_000i64;
    let request = sm_huawei_create_secret_version_request {
        secret_name: name.as_ptr(),
        secret_binary: BINARY.as_ptr(),
        secret_binary_len: BINARY.len(),
        expire_time: &expire,
        ..Default::default()
    };
    let third = new_version(&hw, &request).expect("a binary version");
    assert!(![first.as_str(), second.as_str()].contains(&third.as_str()), "{third}");
    assert_eq!(hw_stage(&hw, "hw-common", "SYSCURRENT"), third);
    assert_eq!(hw_stage(&hw, "hw-common", "SYSPREVIOUS"), second);
    let shown =
        generic(&hw, "ShowSecretVersion", &json!({ "secret_name": "hw-common", "version_id": third }));
    assert_eq!(shown["version"]["secret_binary"], BINARY_BASE64, "{shown}");
    assert!(shown["version"].get("secret_string").is_none_or(Value::is_null), "{shown}");
    assert_eq!(version_metadata(&hw, "hw-common", &third)["expire_time"], expire);
    // The text reader refuses a binary version rather than cutting it at its first NUL.
    let (third_c, mut text_out) = (c(&third), ptr::null_mut());
    // SAFETY: every pointer is valid for the call.
    let err = call(|err| unsafe {
        sm_huawei_show_secret_version(hw.0, name.as_ptr(), third_c.as_ptr(), &mut text_out, err)
    })
    .expect_err("a binary version has no text");
    assert_eq!(err.status, sm_status::SM_DECODE_ERROR, "{}", err.message);
    assert!(text_out.is_null());
}

#[test]
fn explicit_version_stages_go_on_the_new_version_only() {
    let emulator = Emulator::start().expect("the emulator starts");
    let hw = huawei_client(&emulator);
    create_common(&hw, "hw-staged");
    let first = hw_stage(&hw, "hw-staged", "SYSCURRENT");

    // A custom stage alone: SYSCURRENT stays where it was.
    let (name, value, blue) = (c("hw-staged"), c(SECOND), c("blue"));
    let stages = [blue.as_ptr()];
    let request = sm_huawei_create_secret_version_request {
        secret_name: name.as_ptr(),
        secret_string: value.as_ptr(),
        version_stages: stages.as_ptr(),
        version_stages_count: stages.len(),
        ..Default::default()
    };
    let second = new_version(&hw, &request).expect("a staged version");
    assert_eq!(hw_stage(&hw, "hw-staged", "blue"), second);
    assert_eq!(hw_stage(&hw, "hw-staged", "SYSCURRENT"), first, "SYSCURRENT did not move");
    assert_eq!(version_metadata(&hw, "hw-staged", &second)["version_stages"], json!(["blue"]));

    // Two stages: SYSCURRENT moves (its former version becomes SYSPREVIOUS), and so does blue.
    let (syscurrent, third_value) = (c("SYSCURRENT"), c(r#"{"password":"third"}"#));
    let stages = [syscurrent.as_ptr(), blue.as_ptr()];
    let request = sm_huawei_create_secret_version_request {
        secret_name: name.as_ptr(),
        secret_string: third_value.as_ptr(),
        version_stages: stages.as_ptr(),
        version_stages_count: stages.len(),
        ..Default::default()
    };
    let third = new_version(&hw, &request).expect("a version with two stages");
    assert_eq!(hw_stage(&hw, "hw-staged", "SYSCURRENT"), third);
    assert_eq!(hw_stage(&hw, "hw-staged", "blue"), third);
    assert_eq!(hw_stage(&hw, "hw-staged", "SYSPREVIOUS"), first);
    let mut on_third = version_metadata(&hw, "hw-staged", &third)["version_stages"].clone();
    on_third.as_array_mut().expect("a list").sort_by_key(Value::to_string);
    assert_eq!(on_third, json!(["SYSCURRENT", "blue"]));
    assert_eq!(version_metadata(&hw, "hw-staged", &second)["version_stages"], json!([]));
}

#[test]
fn bad_version_requests_name_the_field_and_send_nothing() {
    let emulator = Emulator::start().expect("the emulator starts");
    let hw = huawei_client(&emulator);
    let (name, value, bad_name) = (c("hw-bad"), c(SECOND), c("bad name"));
    let base = sm_huawei_create_secret_version_request { secret_name: name.as_ptr(), ..Default::default() };
    let names: Vec<_> = (0..13).map(|i| c(&format!("stage{i}"))).collect();
    let thirteen: Vec<*const c_char> = names.iter().map(|s| s.as_ptr()).collect();
    let (stage_with_space, zero) = (c("a b"), 0i64);
    let bad_stage = [stage_with_space.as_ptr()];
    let big = vec![b'x'; 32 * 1024 + 1];
    let before = emulator.requests().len();
    for (field, request) in [
        ("invalid secret_string", base),
        (
            "invalid secret_binary",
            sm_huawei_create_secret_version_request {
                secret_string: value.as_ptr(),
                secret_binary: BINARY.as_ptr(),
                secret_binary_len: BINARY.len(),
                ..base
            },
        ),
        (
            "invalid secret_name",
            sm_huawei_create_secret_version_request {
                secret_name: bad_name.as_ptr(),
                secret_string: value.as_ptr(),
                ..base
            },
        ),
        (
            "invalid version_stages",
            sm_huawei_create_secret_version_request {
                secret_string: value.as_ptr(),
                version_stages: thirteen.as_ptr(),
                version_stages_count: thirteen.len(),
                ..base
            },
        ),
        (
            "invalid version_stages",
            sm_huawei_create_secret_version_request {
                secret_string: value.as_ptr(),
                version_stages: bad_stage.as_ptr(),
                version_stages_count: 1,
                ..base
            },
        ),
        (
            "invalid expire_time",
            sm_huawei_create_secret_version_request {
                secret_string: value.as_ptr(),
                expire_time: &zero,
                ..base
            },
        ),
        (
            "invalid secret_binary",
            sm_huawei_create_secret_version_request {
                secret_binary: big.as_ptr(),
                secret_binary_len: big.len(),
                ..base
            },
        ),
        (
            "`request->secret_binary` is NULL but request->secret_binary_len is 4",
            sm_huawei_create_secret_version_request { secret_binary_len: 4, ..base },
        ),
        (
            "`request->version_stages` is NULL",
            sm_huawei_create_secret_version_request {
                secret_string: value.as_ptr(),
                version_stages_count: 1,
                ..base
            },
        ),
    ] {
        let err = new_version(&hw, &request).expect_err(field);
        assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT, "{field}: {}", err.message);
        assert!(err.message.contains(field), "{field} not in {:?}", err.message);
        assert!(!err.message.contains("second-Pa55word"), "a value in {:?}", err.message);
        assert!(!err.message.contains("xxxx") && !err.message.contains(BINARY_BASE64), "{:?}", err.message);
    }
    assert_eq!(emulator.requests().len(), before, "an invalid request was sent");
}

#[test]
fn struct_sizes_out_of_range_are_refused_and_nothing_is_sent() {
    let emulator = Emulator::start().expect("the emulator starts");
    let hw = huawei_client(&emulator);
    let (name, value) = (c("hw-sizes"), c(SECOND));
    let before = emulator.requests().len();
    let version_size = size_of::<sm_huawei_create_secret_version_request>();
    let update_size = size_of::<sm_huawei_update_secret_request>();
    for (size, words) in [
        (0, ["is 0, smaller than", "sm_huawei_create_secret_version_request_init(&s, sizeof s)"]),
        (version_size - 1, ["smaller than", "first layout of sm_huawei_create_secret_version_request"]),
        (version_size + 8, ["larger than", "older than the header"]),
    ] {
        let request = sm_huawei_create_secret_version_request {
            struct_size: size,
            secret_name: name.as_ptr(),
            secret_string: value.as_ptr(),
            ..Default::default()
        };
        // `request` is followed by nothing the library may read: a larger size is refused
        // before anything past `struct_size` is read.
        let err = new_version(&hw, &request).expect_err("a refused size");
        assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT);
        assert!(err.message.contains("request->struct_size"), "{}", err.message);
        for word in words {
            assert!(err.message.contains(word), "{word:?} not in {:?}", err.message);
        }
    }
    for (size, word) in [
        (0, "sm_huawei_update_secret_request_init(&s, sizeof s)"),
        (update_size - 1, "first layout of sm_huawei_update_secret_request"),
        (update_size + 8, "older than the header"),
    ] {
        let request = sm_huawei_update_secret_request {
            struct_size: size,
            secret_name: name.as_ptr(),
            ..Default::default()
        };
        let mut secret = ptr::dangling_mut::<sm_huawei_secret>();
        // SAFETY: every pointer is valid for the call; the struct is read only within its size.
        let err = call(|err| unsafe { sm_huawei_update_secret(hw.0, &request, &mut secret, err) })
            .expect_err("a refused size");
        assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT);
        assert!(
            err.message.contains("request->struct_size") && err.message.contains(word),
            "{}",
            err.message
        );
        assert!(secret.is_null());
    }
    // The init functions refuse the same sizes and write nothing; a good size writes the
    // defaults.
    let mut version = sm_huawei_create_secret_version_request { secret_binary_len: 9, ..Default::default() };
    let mut update =
        sm_huawei_update_secret_request { auto_rotation: SM_AUTO_ROTATION_ON, ..Default::default() };
    // SAFETY: both structs are whole and writable; NULL is refused.
    unsafe {
        for size in [0, version_size + 1] {
            let status = sm_huawei_create_secret_version_request_init(&mut version, size);
            assert_eq!(status, sm_status::SM_INVALID_ARGUMENT);
        }
        for size in [0, update_size + 1] {
            assert_eq!(
                sm_huawei_update_secret_request_init(&mut update, size),
                sm_status::SM_INVALID_ARGUMENT
            );
        }
        assert_eq!((version.secret_binary_len, update.auto_rotation), (9, SM_AUTO_ROTATION_ON));
        let status = sm_huawei_create_secret_version_request_init(ptr::null_mut(), version_size);
        assert_eq!(status, sm_status::SM_INVALID_ARGUMENT);
        assert_eq!(
            sm_huawei_create_secret_version_request_init(&mut version, version_size),
            sm_status::SM_OK
        );
        assert_eq!(sm_huawei_update_secret_request_init(&mut update, update_size), sm_status::SM_OK);
    }
    assert_eq!((version.struct_size, version.secret_binary_len), (version_size, 0));
    assert!(version.secret_name.is_null() && version.expire_time.is_null());
    assert_eq!((update.struct_size, update.auto_rotation), (update_size, SM_AUTO_ROTATION_UNSET));
    assert_eq!(emulator.requests().len(), before, "a request was sent for a refused size");
}

/// Sends `request` through `sm_huawei_update_secret`, returning (auto rotation, period,
/// description, next rotation time) of the answer.
fn update(
    hw: &Huawei,
    request: &sm_huawei_update_secret_request,
) -> Result<(i32, Option<String>, Option<String>, i64), ErrorInfo> {
    let mut secret = ptr::dangling_mut::<sm_huawei_secret>();
    // SAFETY: the request's pointers are alive (the caller's), the slot is writable.
    let result = call(|err| unsafe { sm_huawei_update_secret(hw.0, request, &mut secret, err) });
    if let Err(info) = result {
        assert!(secret.is_null(), "the output is NULL after a failure");
        return Err(info);
    }
    // SAFETY: secret is owned, read then freed once.
    unsafe {
        assert_eq!(text(sm_huawei_secret_name(secret)), text(request.secret_name));
        let out = (
            sm_huawei_secret_auto_rotation(secret),
            text(sm_huawei_secret_rotation_period(secret)),
            text(sm_huawei_secret_description(secret)),
            sm_huawei_secret_next_rotation_time_ms(secret),
        );
        sm_huawei_secret_free(secret);
        Ok(out)
    }
}

#[test]
fn update_secret_turns_automatic_rotation_on_and_off() {
    let emulator = Emulator::start().expect("the emulator starts");
    let hw = huawei_client(&emulator);
    create_common(&hw, "hw-updated");
    let (name, period, description, urn) = (
        c("hw-updated"),
        c("30d"),
        c("rotated monthly"),
        c("urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:rotate"),
    );
    let base = sm_huawei_update_secret_request { secret_name: name.as_ptr(), ..Default::default() };

    // On with a period and a rotation function, and a new description.
    let on = sm_huawei_update_secret_request {
        auto_rotation: SM_AUTO_ROTATION_ON,
        rotation_period: period.as_ptr(),
        rotation_func_urn: urn.as_ptr(),
        description: description.as_ptr(),
        ..base
    };
    let (auto, shown_period, shown_description, next) = update(&hw, &on).expect("turned on");
    assert_eq!((auto, shown_period.as_deref()), (1, Some("30d")));
    assert_eq!(shown_description.as_deref(), Some("rotated monthly"));
    assert!(next > 0, "a next rotation time is scheduled: {next}");
    let shown = generic(&hw, "ShowSecret", &json!({ "secret_name": "hw-updated" }));
    assert_eq!(shown["secret"]["rotation_func_urn"], json!(urn.to_str().expect("UTF-8")), "{shown}");
    assert_eq!(shown["secret"]["auto_rotation"], json!(true), "{shown}");

    // Off, everything else unset: the period and the description are kept.
    let off = sm_huawei_update_secret_request { auto_rotation: SM_AUTO_ROTATION_OFF, ..base };
    let (auto, shown_period, shown_description, next) = update(&hw, &off).expect("turned off");
    assert_eq!((auto, shown_period.as_deref()), (0, Some("30d")));
    assert_eq!(shown_description.as_deref(), Some("rotated monthly"));
    assert_eq!(next, -1, "no rotation is scheduled any more");

    // Unset changes nothing of the rotation; on again reuses the period set before.
    let (auto, shown_period, ..) = update(&hw, &base).expect("an empty update");
    assert_eq!((auto, shown_period.as_deref()), (0, Some("30d")));
    let on_again = sm_huawei_update_secret_request { auto_rotation: SM_AUTO_ROTATION_ON, ..base };
    let (auto, shown_period, ..) = update(&hw, &on_again).expect("on again");
    assert_eq!((auto, shown_period.as_deref()), (1, Some("30d")));
    assert_eq!(hw_value(&hw, "hw-updated", "latest"), FIRST, "updating leaves the value alone");

    // On for a secret that never had a period: CSMS refuses it.
    create_common(&hw, "hw-no-period");
    let other = c("hw-no-period");
    let refused = sm_huawei_update_secret_request { secret_name: other.as_ptr(), ..on_again };
    let err = update(&hw, &refused).expect_err("no period");
    assert_eq!(err.http_status, 400, "{}", err.message);
}

#[test]
fn bad_update_requests_name_the_field_and_send_nothing() {
    let emulator = Emulator::start().expect("the emulator starts");
    let hw = huawei_client(&emulator);
    let (name, short, bad_name, long) = (c("hw-bad"), c("1h"), c("bad/name"), c(&"d".repeat(2049)));
    let base = sm_huawei_update_secret_request { secret_name: name.as_ptr(), ..Default::default() };
    let before = emulator.requests().len();
    for (field, request) in [
        ("`request->auto_rotation` is 3, not one of the SM_AUTO_ROTATION_* values", {
            sm_huawei_update_secret_request { auto_rotation: 3, ..base }
        }),
        (
            "invalid rotation_period",
            sm_huawei_update_secret_request { rotation_period: short.as_ptr(), ..base },
        ),
        ("invalid secret_name", sm_huawei_update_secret_request { secret_name: bad_name.as_ptr(), ..base }),
        ("invalid description", sm_huawei_update_secret_request { description: long.as_ptr(), ..base }),
        (
            "`request->secret_name` is NULL",
            sm_huawei_update_secret_request { secret_name: ptr::null(), ..base },
        ),
    ] {
        let err = update(&hw, &request).expect_err(field);
        assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT, "{field}: {}", err.message);
        assert!(err.message.contains(field), "{field} not in {:?}", err.message);
    }
    assert_eq!(emulator.requests().len(), before, "an invalid request was sent");
}

/// Checks that `f` fails with `SM_INVALID_ARGUMENT` naming `argument`.
fn rejects(argument: &str, f: impl FnOnce(*mut *mut sm_error) -> sm_status) {
    let err = call(f).expect_err(argument);
    assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT, "{argument}: {}", err.message);
    assert_eq!((err.http_status, err.code.as_str()), (0, ""));
    assert!(err.message.contains(argument), "{argument} not named in {:?}", err.message);
}

#[test]
fn the_new_functions_name_their_null_or_non_utf8_argument() {
    let emulator = Emulator::start().expect("the emulator starts");
    let hw = huawei_client(&emulator);
    let (name, value) = (c("db"), c("v"));
    let not_utf8: &[u8] = b"a\xff\0";
    let bad = not_utf8.as_ptr().cast::<c_char>();
    let stages = [bad];
    let version = sm_huawei_create_secret_version_request {
        secret_name: name.as_ptr(),
        secret_string: value.as_ptr(),
        ..Default::default()
    };
    let update = sm_huawei_update_secret_request { secret_name: name.as_ptr(), ..Default::default() };
    let mut text_out = ptr::dangling_mut::<c_char>();
    let mut secret = ptr::dangling_mut::<sm_huawei_secret>();
    let before = emulator.requests().len();
    // SAFETY: every pointer is NULL, a local output slot, a live struct or a valid C string.
    unsafe {
        let h = hw.0;
        rejects("client", |e| sm_huawei_create_secret_version(ptr::null(), &version, &mut text_out, e));
        rejects("request", |e| sm_huawei_create_secret_version(h, ptr::null(), &mut text_out, e));
        rejects("version_id_out", |e| sm_huawei_create_secret_version(h, &version, ptr::null_mut(), e));
        for (argument, request) in [
            ("request->secret_name", sm_huawei_create_secret_version_request { secret_name: bad, ..version }),
            (
                "request->secret_string",
                sm_huawei_create_secret_version_request { secret_string: bad, ..version },
            ),
            (
                "request->version_stages[0]",
                sm_huawei_create_secret_version_request {
                    version_stages: stages.as_ptr(),
                    version_stages_count: 1,
                    ..version
                },
            ),
            (
                "request->secret_name",
                sm_huawei_create_secret_version_request { secret_name: ptr::null(), ..version },
            ),
        ] {
            rejects(argument, |e| sm_huawei_create_secret_version(h, &request, &mut text_out, e));
        }
        rejects("client", |e| sm_huawei_update_secret(ptr::null(), &update, &mut secret, e));
        rejects("request", |e| sm_huawei_update_secret(h, ptr::null(), &mut secret, e));
        rejects("out", |e| sm_huawei_update_secret(h, &update, ptr::null_mut(), e));
        for (argument, request) in [
            ("request->secret_name", sm_huawei_update_secret_request { secret_name: bad, ..update }),
            ("request->description", sm_huawei_update_secret_request { description: bad, ..update }),
            ("request->kms_key_id", sm_huawei_update_secret_request { kms_key_id: bad, ..update }),
            ("request->rotation_period", sm_huawei_update_secret_request { rotation_period: bad, ..update }),
            (
                "request->rotation_func_urn",
                sm_huawei_update_secret_request { rotation_func_urn: bad, ..update },
            ),
        ] {
            rejects(argument, |e| sm_huawei_update_secret(h, &request, &mut secret, e));
        }
    }
    assert!(text_out.is_null() && secret.is_null());
    assert_eq!(emulator.requests().len(), before, "a request was sent for bad input");
}
