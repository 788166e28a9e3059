//! Bad input through the C ABI: NULL for each pointer and bytes that are not UTF-8 give
//! `SM_INVALID_ARGUMENT` with an error naming the argument, set the output to NULL and send
//! nothing.

mod common;

use std::ffi::{CStr, c_char};
use std::ptr;

use common::*;
use secretmanager::*;

const NOT_UTF8: &CStr = c"ab\xff\xfe";

/// Runs `f`, which must fail with SM_INVALID_ARGUMENT naming `argument`.
fn rejects(argument: &str, f: impl FnOnce(*mut *mut sm_error) -> sm_status) {
    let err = call(f).expect_err(argument);
    assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT, "{argument}: {}", err.message);
    assert_eq!((err.http_status, err.code.as_str()), (0, ""));
    assert!(err.message.contains(argument), "{argument} not named in {:?}", err.message);
}

#[test]
fn every_operation_names_its_null_or_non_utf8_argument() {
    let (emulator, client) = emulator();
    let cl = client.get();
    let (id, tok, value) = (c("sid"), c("tok"), c(r#"{"pw":"x"}"#));
    let bad = NOT_UTF8.as_ptr();
    let null: *const c_char = ptr::null();
    let mut chain = ptr::dangling_mut::<sm_secret_chain>();
    let mut secret = ptr::dangling_mut::<sm_secret>();
    let mut list = ptr::dangling_mut::<sm_secret_list>();
    let mut settings = ptr::dangling_mut::<sm_rotation_settings>();
    let mut logs = ptr::dangling_mut::<sm_secret_logs>();
    let mut text_out = ptr::dangling_mut::<c_char>();

    // SAFETY: every pointer below is NULL, a local output slot, or a valid C string, as the
    // functions allow.
    unsafe {
        for (arg, s, t) in [
            ("secret_id", null, tok.as_ptr()),
            ("secret_id", bad, tok.as_ptr()),
            ("job_token", id.as_ptr(), null),
            ("job_token", id.as_ptr(), bad),
        ] {
            rejects(arg, |e| sm_start_rotation_job(cl, s, t, &mut chain, e));
            rejects(arg, |e| sm_add_pending_stage(cl, s, t, &mut text_out, e));
            rejects(arg, |e| sm_update_pending_stage(cl, s, t, value.as_ptr(), e));
            rejects(arg, |e| sm_generate_random_secret(cl, s, t, ptr::null(), &mut text_out, e));
            rejects(arg, |e| sm_complete_rotation_job(cl, s, t, e));
            rejects(arg, |e| sm_fail_rotation_job(cl, s, t, e));
        }
        for s in [null, bad] {
            rejects("secret_id", |e| sm_get_secret_value(cl, s, &mut chain, e));
            rejects("secret_id", |e| sm_get_secret_detail(cl, s, &mut secret, e));
            rejects("secret_id", |e| sm_enable_auto_rotation(cl, s, &30, null, &mut settings, e));
            rejects("secret_id", |e| sm_disable_auto_rotation(cl, s, &mut settings, e));
            rejects("secret_id", |e| sm_execute_rotation(cl, s, e));
            rejects("secret_id", |e| sm_get_secret_logs(cl, s, null, ptr::null(), ptr::null(), &mut logs, e));
            rejects("value", |e| sm_update_pending_stage(cl, id.as_ptr(), tok.as_ptr(), s, e));
        }
        rejects("trigger_id", |e| sm_enable_auto_rotation(cl, id.as_ptr(), &30, bad, &mut settings, e));
        rejects("keyword", |e| {
            sm_get_secret_logs(cl, id.as_ptr(), bad, ptr::null(), ptr::null(), &mut logs, e)
        });

        rejects("client", |e| sm_get_secret_value(ptr::null(), id.as_ptr(), &mut chain, e));
        rejects("client", |e| sm_start_rotation_job(ptr::null(), id.as_ptr(), tok.as_ptr(), &mut chain, e));
        rejects("client", |e| sm_list_secrets(ptr::null(), ptr::null(), &mut list, e));
        rejects("client", |e| sm_execute_rotation(ptr::null(), id.as_ptr(), e));
        rejects("out", |e| sm_get_secret_value(cl, id.as_ptr(), ptr::null_mut(), e));
        rejects("out", |e| sm_start_rotation_job(cl, id.as_ptr(), tok.as_ptr(), ptr::null_mut(), e));
        rejects("out", |e| sm_list_secrets(cl, ptr::null(), ptr::null_mut(), e));
        rejects("out", |e| {
            sm_get_secret_logs(cl, id.as_ptr(), null, ptr::null(), ptr::null(), ptr::null_mut(), e)
        });
        rejects("pending_out", |e| sm_add_pending_stage(cl, id.as_ptr(), tok.as_ptr(), ptr::null_mut(), e));
        rejects("request", |e| sm_create_secret(cl, ptr::null(), &mut secret, e));

        let exclude_bad = sm_random_secret_options { exclude_characters: bad, ..Default::default() };
        rejects("exclude_characters", |e| {
            sm_generate_random_secret(cl, id.as_ptr(), tok.as_ptr(), &exclude_bad, &mut text_out, e)
        });
    }
    // Every output slot was set to NULL by the failed calls.
    assert!(chain.is_null() && secret.is_null() && list.is_null());
    assert!(settings.is_null() && logs.is_null() && text_out.is_null());
    assert!(emulator.requests().is_empty(), "a request was sent for bad input");
}

#[test]
fn create_secret_checks_every_string_and_array_entry() {
    let (emulator, client) = emulator();
    let (name, value, target) = (c("valid-name"), c(r#"{"pw":"x"}"#), c("pw"));
    let targets = [target.as_ptr(), ptr::null()];
    let bad_targets = [NOT_UTF8.as_ptr()];
    let base = || {
        let mut r = zeroed_request();
        r.secret_name = name.as_ptr();
        r.secret_value = value.as_ptr();
        r.rotation_targets = targets.as_ptr();
        r.rotation_targets_count = 1;
        r
    };
    let cases: Vec<(&str, sm_create_secret_request)> = vec![
        ("secret_name", sm_create_secret_request { secret_name: ptr::null(), ..base() }),
        ("secret_name", sm_create_secret_request { secret_name: NOT_UTF8.as_ptr(), ..base() }),
        ("secret_value", sm_create_secret_request { secret_value: ptr::null(), ..base() }),
        ("memo", sm_create_secret_request { memo: NOT_UTF8.as_ptr(), ..base() }),
        ("rotation_targets", sm_create_secret_request { rotation_targets: ptr::null(), ..base() }),
        ("rotation_targets[1]", sm_create_secret_request { rotation_targets_count: 2, ..base() }),
        (
            "rotation_targets[0]",
            sm_create_secret_request { rotation_targets: bad_targets.as_ptr(), ..base() },
        ),
        ("trigger_id", sm_create_secret_request { trigger_id: NOT_UTF8.as_ptr(), ..base() }),
        ("kms_key_tag", sm_create_secret_request { kms_key_tag: NOT_UTF8.as_ptr(), ..base() }),
        ("protection_key_type", sm_create_secret_request { protection_key_type: 7, ..base() }),
        ("kms_boundary_type", sm_create_secret_request { kms_boundary_type: 7, ..base() }),
        ("secretName", sm_create_secret_request { secret_name: c"9bad".as_ptr(), ..base() }),
        ("autoRotationPeriod", sm_create_secret_request { auto_rotation: true, ..base() }),
        ("secretType", sm_create_secret_request { secret_type: c"FANCY".as_ptr(), ..base() }),
    ];
    for (argument, request) in cases {
        let mut secret = ptr::null_mut();
        // SAFETY: the request's pointers are NULL or valid C strings and arrays.
        rejects(argument, |e| unsafe { sm_create_secret(client.get(), &request, &mut secret, e) });
        assert!(secret.is_null());
    }
    assert!(emulator.requests().is_empty(), "a request was sent for bad input");
}

#[test]
fn client_options_are_checked() {
    let (url, ak, sk) = (c("http://127.0.0.1:1"), c("AK"), c("SK"));
    let base = || sm_client_options {
        endpoint_preset: SM_ENDPOINT_URL,
        endpoint_url: url.as_ptr(),
        access_key: ak.as_ptr(),
        secret_key: sk.as_ptr(),
        ..Default::default()
    };
    let cases = [
        ("endpoint_url", sm_client_options { endpoint_url: ptr::null(), ..base() }),
        ("endpoint_url", sm_client_options { endpoint_url: NOT_UTF8.as_ptr(), ..base() }),
        ("endpoint_url", sm_client_options { endpoint_url: c"ftp://x".as_ptr(), ..base() }),
        ("endpoint_preset", sm_client_options { endpoint_preset: 42, ..base() }),
        ("secret_key", sm_client_options { secret_key: ptr::null(), ..base() }),
        ("access_key", sm_client_options { access_key: ptr::null(), ..base() }),
        ("user_agent", sm_client_options { user_agent: NOT_UTF8.as_ptr(), ..base() }),
    ];
    for (argument, options) in cases {
        let mut client = ptr::dangling_mut();
        // SAFETY: the options' pointers are NULL or valid C strings.
        rejects(argument, |e| unsafe { sm_client_new(&options, &mut client, e) });
        assert!(client.is_null());
    }
    let mut client = ptr::null_mut();
    // SAFETY: NULL options are allowed and rejected.
    rejects("options", |e| unsafe { sm_client_new(ptr::null(), &mut client, e) });
    // SAFETY: valid options, NULL output slot.
    rejects("out", |e| unsafe { sm_client_new(&base(), ptr::null_mut(), e) });
    assert_eq!(
        // SAFETY: NULL options and a valid slot; without an error object the status is the same.
        unsafe { sm_client_new(ptr::null(), &mut client, ptr::null_mut()) },
        sm_status::SM_INVALID_ARGUMENT
    );

    // A closed local port: a transport error, not a crash.
    let client = Client::new("http://127.0.0.1:1", "AK", "SK");
    let mut secret = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    let err =
        call(|e| unsafe { sm_get_secret_detail(client.get(), c"sid".as_ptr(), &mut secret, e) }).unwrap_err();
    assert_eq!((err.status, err.http_status), (sm_status::SM_TRANSPORT_ERROR, 0));
}

#[test]
fn the_management_operations_name_their_null_or_non_utf8_argument() {
    let (emulator, client) = emulator();
    let cl = client.get();
    let (id, value, trigger) = (c("sid"), c(r#"{"pw":"x"}"#), c("trigger"));
    let bad = NOT_UTF8.as_ptr();
    let null: *const c_char = ptr::null();
    let mut text_out = ptr::dangling_mut::<c_char>();
    let mut settings = ptr::dangling_mut::<sm_rotation_settings>();
    let mut keys = ptr::dangling_mut::<sm_protection_key_list>();
    let mut triggers = ptr::dangling_mut::<sm_trigger_list>();
    let set_active =
        sm_secret_value_update { active_action: SM_VALUE_SET, active: value.as_ptr(), ..Default::default() };

    // SAFETY: every pointer below is NULL, a local output slot, or a valid C string, as the
    // functions allow.
    unsafe {
        for s in [null, bad] {
            rejects("secret_id", |e| sm_enable_secret(cl, s, e));
            rejects("secret_id", |e| sm_disable_secret(cl, s, e));
            rejects("secret_id", |e| sm_request_secret_deletion(cl, s, e));
            rejects("secret_id", |e| sm_cancel_secret_deletion(cl, s, e));
            rejects("secret_id", |e| sm_delete_secret(cl, s, e));
            rejects("secret_id", |e| sm_update_secret_memo(cl, s, value.as_ptr(), e));
            rejects("memo", |e| sm_update_secret_memo(cl, id.as_ptr(), s, e));
            rejects("secret_id", |e| {
                sm_update_protection_key(cl, s, SM_PROTECTION_KEY_DEFAULT, null, SM_KMS_BOUNDARY_UNSET, e)
            });
            rejects("secret_id", |e| sm_get_secret_stage_value(cl, s, SM_STAGE_ACTIVE, &mut text_out, e));
            rejects("secret_id", |e| sm_update_secret_value(cl, s, &set_active, e));
            rejects("secret_id", |e| sm_update_secret_stage_value(cl, s, SM_STAGE_ACTIVE, value.as_ptr(), e));
            rejects("value", |e| sm_update_secret_stage_value(cl, id.as_ptr(), SM_STAGE_ACTIVE, s, e));
            rejects("secret_id", |e| sm_update_rotation_period(cl, s, 30, &mut settings, e));
            rejects("secret_id", |e| sm_update_rotation_trigger(cl, s, trigger.as_ptr(), &mut settings, e));
            rejects("trigger_id", |e| sm_update_rotation_trigger(cl, id.as_ptr(), s, &mut settings, e));
            rejects("secret_id", |e| sm_delete_rotation_trigger(cl, s, e));
            rejects("secret_id", |e| sm_retry_rotation_job(cl, s, e));
            rejects("secret_id", |e| sm_cancel_rotation_job(cl, s, e));
            rejects("secret_id", |e| sm_rollback_rotation_job(cl, s, e));
        }
        rejects("kms_key_tag", |e| {
            sm_update_protection_key(
                cl,
                id.as_ptr(),
                SM_PROTECTION_KEY_USER_MANAGED,
                bad,
                SM_KMS_BOUNDARY_UNSET,
                e,
            )
        });
        rejects("protection_key_type", |e| sm_update_protection_key(cl, id.as_ptr(), 9, null, 0, e));
        rejects("kms_boundary_type", |e| sm_update_protection_key(cl, id.as_ptr(), 0, null, 9, e));
        rejects("stage", |e| sm_get_secret_stage_value(cl, id.as_ptr(), 9, &mut text_out, e));
        rejects("stage", |e| sm_update_secret_stage_value(cl, id.as_ptr(), 0, value.as_ptr(), e));
        rejects("update", |e| sm_update_secret_value(cl, id.as_ptr(), ptr::null(), e));
        for (argument, update) in [
            ("update->active", sm_secret_value_update { active: bad, ..set_active }),
            ("update->active", sm_secret_value_update { active: null, ..set_active }),
            ("update->pending", sm_secret_value_update { pending: value.as_ptr(), ..set_active }),
            ("update->previous_action", sm_secret_value_update { previous_action: 5, ..set_active }),
        ] {
            rejects(argument, |e| sm_update_secret_value(cl, id.as_ptr(), &update, e));
        }
        rejects("value_out", |e| {
            sm_get_secret_stage_value(cl, id.as_ptr(), SM_STAGE_ACTIVE, ptr::null_mut(), e)
        });
        rejects("out", |e| sm_update_rotation_period(cl, id.as_ptr(), 30, ptr::null_mut(), e));
        rejects("out", |e| sm_update_rotation_trigger(cl, id.as_ptr(), trigger.as_ptr(), ptr::null_mut(), e));
        rejects("out", |e| sm_get_protection_key_list(cl, ptr::null_mut(), e));
        rejects("out", |e| sm_get_trigger_list(cl, ptr::null_mut(), e));
        rejects("client", |e| sm_enable_secret(ptr::null(), id.as_ptr(), e));
        rejects("client", |e| sm_get_protection_key_list(ptr::null(), &mut keys, e));
        rejects("client", |e| sm_get_trigger_list(ptr::null(), &mut triggers, e));
        rejects("client", |e| sm_update_secret_value(ptr::null(), id.as_ptr(), &set_active, e));
    }
    assert!(text_out.is_null() && settings.is_null() && keys.is_null() && triggers.is_null());
    assert!(emulator.requests().is_empty(), "a request was sent for bad input");

    // NULL result objects read as empty.
    // SAFETY: NULL is allowed for every accessor and free function.
    unsafe {
        assert_eq!(sm_protection_key_list_count(ptr::null()), 0);
        assert!(sm_protection_key_id(ptr::null(), 0).is_null());
        assert_eq!(sm_trigger_list_count(ptr::null()), 0);
        assert!(sm_trigger_name(ptr::null(), 0).is_null());
        assert!(sm_huawei_secret_id(ptr::null()).is_null());
        assert!(sm_huawei_rotation_version_id(ptr::null()).is_null());
        assert!(sm_huawei_task_status(ptr::null(), 0).is_null());
        sm_huawei_rotation_free(ptr::null_mut());
        sm_huawei_task_list_free(ptr::null_mut());
        sm_protection_key_list_free(ptr::null_mut());
        sm_trigger_list_free(ptr::null_mut());
        sm_huawei_secret_free(ptr::null_mut());
    }
}

#[test]
fn the_huawei_operations_name_their_null_or_non_utf8_argument() {
    let emulator = secretmanager_emulator::Emulator::start().unwrap();
    let (url, project) = (c(emulator.base_url()), c(secretmanager_emulator::HUAWEI_PROJECT_ID));
    let (ak, sk) =
        (c(secretmanager_emulator::HUAWEI_ACCESS_KEY), c(secretmanager_emulator::HUAWEI_SECRET_KEY));
    let options = sm_huawei_client_options {
        endpoint_url: url.as_ptr(),
        project_id: project.as_ptr(),
        access_key: ak.as_ptr(),
        secret_key: sk.as_ptr(),
        ..Default::default()
    };
    let mut hw = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|e| unsafe { sm_huawei_client_new(&options, &mut hw, e) }).unwrap();
    let (name, stage, version) = (c("db"), c("SYSCURRENT"), c("v1"));
    let bad = NOT_UTF8.as_ptr();
    let null: *const c_char = ptr::null();
    let mut text_out = ptr::dangling_mut::<c_char>();
    let mut secret = ptr::dangling_mut::<sm_huawei_secret>();
    let base = sm_huawei_create_secret_request {
        name: name.as_ptr(),
        secret_string: version.as_ptr(),
        ..Default::default()
    };
    // SAFETY: every pointer below is NULL, a local output slot, or a valid C string.
    unsafe {
        for s in [null, bad] {
            rejects("secret_name", |e| sm_huawei_show_secret_stage(hw, s, stage.as_ptr(), &mut text_out, e));
            rejects("stage_name", |e| sm_huawei_show_secret_stage(hw, name.as_ptr(), s, &mut text_out, e));
            rejects("secret_name", |e| {
                sm_huawei_show_secret_version(hw, s, version.as_ptr(), &mut text_out, e)
            });
            rejects("version_id", |e| sm_huawei_show_secret_version(hw, name.as_ptr(), s, &mut text_out, e));
            rejects("request->name", |e| {
                sm_huawei_create_secret(
                    hw,
                    &sm_huawei_create_secret_request { name: s, ..base },
                    &mut secret,
                    e,
                )
            });
            rejects("request->secret_string", |e| {
                let request = sm_huawei_create_secret_request { secret_string: s, ..base };
                sm_huawei_create_secret(hw, &request, &mut secret, e)
            });
        }
        for (argument, request) in [
            ("request->secret_type", sm_huawei_create_secret_request { secret_type: bad, ..base }),
            ("request->description", sm_huawei_create_secret_request { description: bad, ..base }),
            ("request->kms_key_id", sm_huawei_create_secret_request { kms_key_id: bad, ..base }),
            ("request->rotation_config", sm_huawei_create_secret_request { rotation_config: bad, ..base }),
            (
                "request->rotation_func_urn",
                sm_huawei_create_secret_request { rotation_func_urn: bad, ..base },
            ),
            ("request->rotation_period", sm_huawei_create_secret_request { rotation_period: bad, ..base }),
        ] {
            rejects(argument, |e| sm_huawei_create_secret(hw, &request, &mut secret, e));
        }
        rejects("request", |e| sm_huawei_create_secret(hw, ptr::null(), &mut secret, e));
        rejects("out", |e| sm_huawei_create_secret(hw, &base, ptr::null_mut(), e));
        rejects("client", |e| sm_huawei_create_secret(ptr::null(), &base, &mut secret, e));
        rejects("version_id_out", |e| {
            sm_huawei_show_secret_stage(hw, name.as_ptr(), stage.as_ptr(), ptr::null_mut(), e)
        });
        rejects("value_out", |e| {
            sm_huawei_show_secret_version(hw, name.as_ptr(), version.as_ptr(), ptr::null_mut(), e)
        });
        rejects("client", |e| {
            sm_huawei_show_secret_stage(ptr::null(), name.as_ptr(), stage.as_ptr(), &mut text_out, e)
        });
        let mut rotation = ptr::dangling_mut::<sm_huawei_rotation>();
        rejects("secret_name", |e| sm_huawei_rotate_secret(hw, null, &mut rotation, e));
        rejects("secret_name", |e| sm_huawei_rotate_secret(hw, bad, &mut rotation, e));
        rejects("client", |e| sm_huawei_rotate_secret(ptr::null(), name.as_ptr(), &mut rotation, e));
        rejects("out", |e| sm_huawei_rotate_secret(hw, name.as_ptr(), ptr::null_mut(), e));
        assert!(rotation.is_null());
        let mut tasks = ptr::dangling_mut::<sm_huawei_task_list>();
        rejects("secret_name", |e| {
            sm_huawei_list_secret_tasks(hw, bad, null, null, ptr::null(), null, &mut tasks, e)
        });
        rejects("status", |e| {
            sm_huawei_list_secret_tasks(hw, null, bad, null, ptr::null(), null, &mut tasks, e)
        });
        rejects("task_id", |e| {
            sm_huawei_list_secret_tasks(hw, null, null, bad, ptr::null(), null, &mut tasks, e)
        });
        rejects("marker", |e| {
            sm_huawei_list_secret_tasks(hw, null, null, null, ptr::null(), bad, &mut tasks, e)
        });
        rejects("client", |e| {
            sm_huawei_list_secret_tasks(ptr::null(), null, null, null, ptr::null(), null, &mut tasks, e)
        });
        rejects("out", |e| {
            sm_huawei_list_secret_tasks(hw, null, null, null, ptr::null(), null, ptr::null_mut(), e)
        });
        assert!(tasks.is_null());
        sm_huawei_client_free(hw);
    }
    assert!(text_out.is_null() && secret.is_null());
    assert_eq!(emulator.request_count("POST", "/rotate"), 0);
    assert_eq!(emulator.request_count("GET", "/csms/tasks"), 0);
    assert!(emulator.requests().is_empty(), "a request was sent for bad input");
}
