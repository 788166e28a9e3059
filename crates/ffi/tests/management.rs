//! The management, value, rotation-control and list operations of the C ABI against the
//! emulator, wrong-state errors included, and a Huawei rotation moving SYSCURRENT/SYSPREVIOUS.

mod common;

use std::ffi::c_char;
use std::ptr;

use common::*;
use secretmanager::*;
use secretmanager_emulator::{Emulator, SECOND_TRIGGER_ID, TRIGGER_ID, TRIGGER_NAME};

const VALUE: &str = r#"{"user":"app","password":"initial-Pa55word"}"#;

/// Reads the secret's status and phase.
/// Status, memo and trigger id of a secret.
type Detail = (Option<String>, Option<String>, Option<String>);

fn detail(client: &Client, id: &str) -> Result<Detail, ErrorInfo> {
    let sid = c(id);
    let mut secret = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_get_secret_detail(client.get(), sid.as_ptr(), &mut secret, err) })?;
    // SAFETY: secret is live until freed here.
    unsafe {
        let out = (
            text(sm_secret_status(secret)),
            text(sm_secret_memo(secret)),
            text(sm_secret_trigger_id(secret)),
        );
        sm_secret_free(secret);
        Ok(out)
    }
}

/// Reads one stage's value.
fn stage_value(client: &Client, id: &str, stage: sm_stage) -> Result<String, ErrorInfo> {
    let sid = c(id);
    let mut value = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_get_secret_stage_value(client.get(), sid.as_ptr(), stage, &mut value, err) })?;
    Ok(take_string(value))
}

fn expect_state_error(result: Result<(), ErrorInfo>) {
    let err = result.expect_err("a wrong-state error");
    assert_eq!(
        (err.status, err.http_status, err.code.as_str()),
        (sm_status::SM_INVALID_STATE, 422, "INVALID_STATUS")
    );
}

#[test]
fn status_changes_memo_and_deletion_follow_the_secret_states() {
    let (_emulator, client) = emulator();
    let id = create_secret(&client, "lifecycle", VALUE, "password");
    let (cl, sid) = (client.get(), c(&id));
    // SAFETY: the pointers are valid for the call.
    call(|err| unsafe { sm_disable_secret(cl, sid.as_ptr(), err) }).unwrap();
    assert_eq!(detail(&client, &id).unwrap().0.as_deref(), Some("DISABLE"));
    // SAFETY: as above.
    expect_state_error(call(|err| unsafe { sm_disable_secret(cl, sid.as_ptr(), err) }));
    // SAFETY: as above.
    call(|err| unsafe { sm_enable_secret(cl, sid.as_ptr(), err) }).unwrap();
    assert_eq!(detail(&client, &id).unwrap().0.as_deref(), Some("ENABLE"));

    let memo = c("a new memo");
    // SAFETY: as above.
    call(|err| unsafe { sm_update_secret_memo(cl, sid.as_ptr(), memo.as_ptr(), err) }).unwrap();
    assert_eq!(detail(&client, &id).unwrap().1.as_deref(), Some("a new memo"));

    // SAFETY: as above.
    expect_state_error(call(|err| unsafe { sm_cancel_secret_deletion(cl, sid.as_ptr(), err) }));
    // SAFETY: as above.
    expect_state_error(call(|err| unsafe { sm_delete_secret(cl, sid.as_ptr(), err) }));
    // SAFETY: as above.
    call(|err| unsafe { sm_request_secret_deletion(cl, sid.as_ptr(), err) }).unwrap();
    assert_eq!(detail(&client, &id).unwrap().0.as_deref(), Some("REVOKE"));
    let update =
        sm_secret_value_update { active_action: SM_VALUE_SET, active: sid.as_ptr(), ..Default::default() };
    let json = c(r#"{"password":"x"}"#);
    let update = sm_secret_value_update { active: json.as_ptr(), ..update };
    // SAFETY: as above.
    expect_state_error(call(|err| unsafe { sm_update_secret_value(cl, sid.as_ptr(), &update, err) }));
    // SAFETY: as above.
    call(|err| unsafe { sm_cancel_secret_deletion(cl, sid.as_ptr(), err) }).unwrap();
    assert_eq!(detail(&client, &id).unwrap().0.as_deref(), Some("DISABLE"));
    // SAFETY: as above.
    call(|err| unsafe { sm_request_secret_deletion(cl, sid.as_ptr(), err) }).unwrap();
    // SAFETY: as above.
    call(|err| unsafe { sm_delete_secret(cl, sid.as_ptr(), err) }).unwrap();
    assert_eq!(detail(&client, &id).unwrap().0.as_deref(), Some("DESTROYED"));
    // SAFETY: as above.
    expect_state_error(call(|err| unsafe { sm_enable_secret(cl, sid.as_ptr(), err) }));
}

#[test]
fn stage_values_are_read_set_and_deleted() {
    let (emulator, client) = emulator();
    let id = create_secret(&client, "stages", VALUE, "password");
    let (cl, sid) = (client.get(), c(&id));
    assert_eq!(stage_value(&client, &id, SM_STAGE_ACTIVE).unwrap(), VALUE);
    assert!(stage_value(&client, &id, SM_STAGE_PREVIOUS).is_err(), "no PREVIOUS value yet");

    let (old, pending) = (c(r#"{"password":"old"}"#), c(r#"{"password":"next"}"#));
    let update = sm_secret_value_update {
        previous_action: SM_VALUE_SET,
        previous: old.as_ptr(),
        pending_action: SM_VALUE_SET,
        pending: pending.as_ptr(),
        ..Default::default()
    };
    // SAFETY: the pointers are valid for the call.
    call(|err| unsafe { sm_update_secret_value(cl, sid.as_ptr(), &update, err) }).unwrap();
    assert_eq!(stage_value(&client, &id, SM_STAGE_PREVIOUS).unwrap(), r#"{"password":"old"}"#);
    assert_eq!(stage_value(&client, &id, SM_STAGE_PENDING).unwrap(), r#"{"password":"next"}"#);
    assert_eq!(stage_value(&client, &id, SM_STAGE_ACTIVE).unwrap(), VALUE, "ACTIVE kept");

    let delete = sm_secret_value_update { pending_action: SM_VALUE_DELETE, ..Default::default() };
    // SAFETY: as above.
    call(|err| unsafe { sm_update_secret_value(cl, sid.as_ptr(), &delete, err) }).unwrap();
    assert!(stage_value(&client, &id, SM_STAGE_PENDING).is_err(), "PENDING deleted");

    let active = c(r#"{"password":"staged"}"#);
    // SAFETY: as above.
    call(|err| unsafe {
        sm_update_secret_stage_value(cl, sid.as_ptr(), SM_STAGE_ACTIVE, active.as_ptr(), err)
    })
    .unwrap();
    assert_eq!(stage_value(&client, &id, SM_STAGE_ACTIVE).unwrap(), r#"{"password":"staged"}"#);

    // Bad input reaches the core's checks and nothing is sent.
    let before = emulator.requests().len();
    let keep_all = sm_secret_value_update::default();
    // SAFETY: as above.
    let err = call(|err| unsafe { sm_update_secret_value(cl, sid.as_ptr(), &keep_all, err) }).unwrap_err();
    assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT, "{}", err.message);
    let not_json = c("not json");
    // SAFETY: as above.
    let err = call(|err| unsafe {
        sm_update_secret_stage_value(cl, sid.as_ptr(), SM_STAGE_PENDING, not_json.as_ptr(), err)
    })
    .unwrap_err();
    assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT, "{}", err.message);
    assert_eq!(stage_value(&client, &id, 0).unwrap_err().status, sm_status::SM_INVALID_ARGUMENT);
    assert_eq!(emulator.requests().len(), before, "an invalid request was sent");
}

#[test]
fn zero_numbers_reach_the_core_and_null_means_not_sent() {
    let (emulator, client) = emulator();
    let id = create_secret(&client, "numbers", VALUE, "password");
    let (cl, sid, trigger) = (client.get(), c(&id), c(TRIGGER_ID));
    let before = emulator.requests().len();
    let mut settings = ptr::null_mut();
    let mut list = ptr::null_mut();
    let mut logs = ptr::null_mut();
    // SAFETY: the pointers are valid for the call.
    let err = call(|err| unsafe {
        sm_enable_auto_rotation(cl, sid.as_ptr(), &0, trigger.as_ptr(), &mut settings, err)
    })
    .unwrap_err();
    assert!(err.message.contains("rotationPeriod"), "{}", err.message);
    // SAFETY: as above.
    let err = call(|err| unsafe { sm_update_rotation_period(cl, sid.as_ptr(), 0, &mut settings, err) })
        .unwrap_err();
    assert!(err.message.contains("rotationPeriod"), "{}", err.message);
    // SAFETY: as above.
    let err = call(|err| unsafe { sm_list_secrets(cl, &0, &mut list, err) }).unwrap_err();
    assert!(err.message.contains("pageNo"), "{}", err.message);
    // SAFETY: as above.
    let err = call(|err| unsafe {
        sm_get_secret_logs(cl, sid.as_ptr(), ptr::null(), ptr::null(), &0, &mut logs, err)
    })
    .unwrap_err();
    assert!(err.message.contains("pageSize"), "{}", err.message);
    let (name, value, target) = (c("zeroperiod"), c(VALUE), c("password"));
    let targets = [target.as_ptr()];
    let zero = 0u32;
    let request = sm_create_secret_request {
        secret_name: name.as_ptr(),
        secret_value: value.as_ptr(),
        rotation_targets: targets.as_ptr(),
        rotation_targets_count: 1,
        auto_rotation: true,
        auto_rotation_period_days: &zero,
        trigger_id: trigger.as_ptr(),
        ..Default::default()
    };
    let mut secret = ptr::null_mut();
    // SAFETY: as above.
    let err = call(|err| unsafe { sm_create_secret(cl, &request, &mut secret, err) }).unwrap_err();
    assert!(err.message.contains("autoRotationPeriod"), "{}", err.message);
    assert_eq!(emulator.requests().len(), before, "an invalid request was sent");

    // NULL leaves the number out: NCP's defaults apply.
    // SAFETY: as above.
    call(|err| unsafe {
        sm_enable_auto_rotation(cl, sid.as_ptr(), ptr::null(), trigger.as_ptr(), &mut settings, err)
    })
    .unwrap();
    // SAFETY: settings is owned, freed once.
    unsafe { sm_rotation_settings_free(settings) };
    // SAFETY: as above.
    call(|err| unsafe { sm_list_secrets(cl, ptr::null(), &mut list, err) }).unwrap();
    // SAFETY: list is owned, freed once.
    unsafe {
        assert_eq!(sm_secret_list_count(list), 1);
        sm_secret_list_free(list);
    }
}

#[test]
fn rotation_settings_and_job_controls() {
    let (_emulator, client) = emulator();
    let id = create_secret(&client, "controls", VALUE, "password");
    let (cl, sid, trigger, second) = (client.get(), c(&id), c(TRIGGER_ID), c(SECOND_TRIGGER_ID));
    let mut settings = ptr::null_mut();
    // SAFETY: the pointers are valid for the call.
    call(|err| unsafe {
        sm_enable_auto_rotation(cl, sid.as_ptr(), &30, trigger.as_ptr(), &mut settings, err)
    })
    .unwrap();
    // SAFETY: settings is owned, freed once.
    unsafe { sm_rotation_settings_free(settings) };
    // SAFETY: as above.
    call(|err| unsafe { sm_update_rotation_period(cl, sid.as_ptr(), 45, &mut settings, err) }).unwrap();
    // SAFETY: settings is owned, freed once.
    unsafe {
        assert_eq!(sm_rotation_settings_period_days(settings), 45);
        sm_rotation_settings_free(settings);
    }
    // SAFETY: as above.
    call(|err| unsafe { sm_update_rotation_trigger(cl, sid.as_ptr(), second.as_ptr(), &mut settings, err) })
        .unwrap();
    // SAFETY: settings is owned, freed once.
    unsafe {
        assert_eq!(text(sm_rotation_settings_trigger_id(settings)).as_deref(), Some(SECOND_TRIGGER_ID));
        sm_rotation_settings_free(settings);
    }

    // Nothing to retry, cancel or roll back yet.
    // SAFETY: as above.
    expect_state_error(call(|err| unsafe { sm_retry_rotation_job(cl, sid.as_ptr(), err) }));
    // SAFETY: as above.
    expect_state_error(call(|err| unsafe { sm_cancel_rotation_job(cl, sid.as_ptr(), err) }));
    // SAFETY: as above.
    expect_state_error(call(|err| unsafe { sm_rollback_rotation_job(cl, sid.as_ptr(), err) }));

    // A completed rotation, then a rollback: ACTIVE is the first value again.
    let tok = c(&execute_rotation(&client, &id));
    let mut chain = ptr::null_mut();
    // SAFETY: as above.
    call(|err| unsafe { sm_start_rotation_job(cl, sid.as_ptr(), tok.as_ptr(), &mut chain, err) }).unwrap();
    take_chain(chain);
    let mut pending: *mut c_char = ptr::null_mut();
    // SAFETY: as above.
    call(|err| unsafe { sm_add_pending_stage(cl, sid.as_ptr(), tok.as_ptr(), &mut pending, err) }).unwrap();
    let pending = take_string(pending);
    // SAFETY: as above.
    call(|err| unsafe { sm_complete_rotation_job(cl, sid.as_ptr(), tok.as_ptr(), err) }).unwrap();
    assert_eq!(stage_value(&client, &id, SM_STAGE_ACTIVE).unwrap(), pending);
    // SAFETY: as above.
    call(|err| unsafe { sm_rollback_rotation_job(cl, sid.as_ptr(), err) }).unwrap();
    assert_eq!(stage_value(&client, &id, SM_STAGE_ACTIVE).unwrap(), VALUE);

    // A failed rotation is retried, and the retried job cancelled.
    let tok = c(&execute_rotation(&client, &id));
    // SAFETY: as above.
    call(|err| unsafe { sm_fail_rotation_job(cl, sid.as_ptr(), tok.as_ptr(), err) }).unwrap();
    // SAFETY: as above.
    call(|err| unsafe { sm_retry_rotation_job(cl, sid.as_ptr(), err) }).unwrap();
    // SAFETY: as above.
    call(|err| unsafe { sm_cancel_rotation_job(cl, sid.as_ptr(), err) }).unwrap();
    // SAFETY: as above.
    expect_state_error(call(|err| unsafe { sm_cancel_rotation_job(cl, sid.as_ptr(), err) }));

    // The trigger of a secret rotating automatically cannot be unlinked.
    // SAFETY: as above.
    expect_state_error(call(|err| unsafe { sm_delete_rotation_trigger(cl, sid.as_ptr(), err) }));
    // SAFETY: as above.
    call(|err| unsafe { sm_disable_auto_rotation(cl, sid.as_ptr(), &mut settings, err) }).unwrap();
    // SAFETY: settings is owned, freed once.
    unsafe { sm_rotation_settings_free(settings) };
    // SAFETY: as above.
    call(|err| unsafe { sm_delete_rotation_trigger(cl, sid.as_ptr(), err) }).unwrap();
    assert_eq!(detail(&client, &id).unwrap().2, None, "the trigger is unlinked");
}

#[test]
fn protection_keys_and_triggers_are_listed_and_keys_updated() {
    let (emulator, client) = emulator();
    let cl = client.get();
    let mut keys = ptr::null_mut();
    // SAFETY: the pointers are valid for the call.
    call(|err| unsafe { sm_get_protection_key_list(cl, &mut keys, err) }).unwrap();
    // SAFETY: keys is live until freed here.
    let tag = unsafe {
        assert_eq!(sm_protection_key_list_count(keys), 2);
        assert_eq!(text(sm_protection_key_id(keys, 0)).as_deref(), Some("0"));
        assert_eq!(sm_protection_key_status(keys, 0), ptr::null());
        assert_eq!(text(sm_protection_key_status(keys, 1)).as_deref(), Some("ENABLE"));
        assert_eq!(text(sm_protection_key_type_name(keys, 1)).as_deref(), Some("AES256"));
        assert!(text(sm_protection_key_name(keys, 1)).is_some());
        assert!(sm_protection_key_tag(keys, 2).is_null());
        let tag = text(sm_protection_key_tag(keys, 1)).unwrap();
        sm_protection_key_list_free(keys);
        tag
    };

    let mut triggers = ptr::null_mut();
    // SAFETY: as above.
    call(|err| unsafe { sm_get_trigger_list(cl, &mut triggers, err) }).unwrap();
    // SAFETY: triggers is live until freed here.
    unsafe {
        let count = sm_trigger_list_count(triggers);
        let first = (0..count).find(|&i| text(sm_trigger_id(triggers, i)).as_deref() == Some(TRIGGER_ID));
        let first = first.expect("the seeded trigger is listed");
        assert_eq!(text(sm_trigger_name(triggers, first)).as_deref(), Some(TRIGGER_NAME));
        assert_eq!(sm_trigger_linked_secret_count(triggers, first), 0);
        assert!(sm_trigger_linked_secret(triggers, first, 0).is_null());
        assert!(sm_trigger_id(triggers, count).is_null());
        sm_trigger_list_free(triggers);
    }

    let id = create_secret(&client, "keyed", VALUE, "password");
    let (sid, tag) = (c(&id), c(&tag));
    // SAFETY: as above.
    call(|err| unsafe {
        sm_update_protection_key(
            cl,
            sid.as_ptr(),
            SM_PROTECTION_KEY_USER_MANAGED,
            tag.as_ptr(),
            SM_KMS_BOUNDARY_GLOBAL,
            err,
        )
    })
    .unwrap();
    let before = emulator.requests().len();
    // SAFETY: as above.
    let err = call(|err| unsafe {
        sm_update_protection_key(
            cl,
            sid.as_ptr(),
            SM_PROTECTION_KEY_DEFAULT,
            tag.as_ptr(),
            SM_KMS_BOUNDARY_UNSET,
            err,
        )
    })
    .unwrap_err();
    assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT, "{}", err.message);
    assert!(err.message.contains("kmsKeyTag"), "{}", err.message);
    assert_eq!(emulator.requests().len(), before, "an invalid request was sent");
    // SAFETY: as above.
    call(|err| unsafe {
        sm_update_protection_key(
            cl,
            sid.as_ptr(),
            SM_PROTECTION_KEY_DEFAULT,
            ptr::null(),
            SM_KMS_BOUNDARY_UNSET,
            err,
        )
    })
    .unwrap();
}

#[test]
fn huawei_rotation_moves_syscurrent_and_sysprevious() {
    let emulator = Emulator::start().unwrap();
    let hw = huawei_client(&emulator);
    let (name, value, urn, description) = (
        c("hw-rotated"),
        c(r#"{"password":"first"}"#),
        c("urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:rotate"),
        c("rotated from C"),
    );
    let request = sm_huawei_create_secret_request {
        name: name.as_ptr(),
        secret_string: value.as_ptr(),
        description: description.as_ptr(),
        rotation_func_urn: urn.as_ptr(),
        ..Default::default()
    };
    let mut secret = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_huawei_create_secret(hw.0, &request, &mut secret, err) }).unwrap();
    // SAFETY: secret is live until freed here.
    unsafe {
        assert_eq!(text(sm_huawei_secret_name(secret)).as_deref(), Some("hw-rotated"));
        assert!(!text(sm_huawei_secret_id(secret)).unwrap().is_empty());
        assert_eq!(text(sm_huawei_secret_state(secret)).as_deref(), Some("ENABLED"));
        assert_eq!(text(sm_huawei_secret_type(secret)).as_deref(), Some("COMMON"));
        sm_huawei_secret_free(secret);
    }
    let first = hw_stage(&hw, "hw-rotated", "SYSCURRENT");
    assert_eq!(hw_value(&hw, "hw-rotated", &first), r#"{"password":"first"}"#);

    let mut rotation = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_huawei_rotate_secret(hw.0, name.as_ptr(), &mut rotation, err) }).unwrap();
    // SAFETY: rotation is live until freed here.
    let second = unsafe {
        let version = text(sm_huawei_rotation_version_id(rotation)).expect("a version");
        sm_huawei_rotation_free(rotation);
        version
    };
    assert_ne!(second, first);
    assert_eq!(hw_stage(&hw, "hw-rotated", "SYSCURRENT"), second);
    assert_eq!(hw_stage(&hw, "hw-rotated", "SYSPREVIOUS"), first);
    let rotated = hw_value(&hw, "hw-rotated", &second);
    assert_ne!(rotated, r#"{"password":"first"}"#);
    assert_eq!(hw_value(&hw, "hw-rotated", "latest"), rotated);
    assert_eq!(hw_value(&hw, "hw-rotated", &first), r#"{"password":"first"}"#, "the old version is kept");

    // A COMMON secret without a rotation function cannot be rotated.
    let (plain, plain_value) = (c("hw-plain"), c("v"));
    let request = sm_huawei_create_secret_request {
        name: plain.as_ptr(),
        secret_string: plain_value.as_ptr(),
        ..Default::default()
    };
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_huawei_create_secret(hw.0, &request, &mut secret, err) }).unwrap();
    // SAFETY: secret is owned, freed once.
    unsafe { sm_huawei_secret_free(secret) };
    // SAFETY: every pointer is valid for the call.
    let err =
        call(|err| unsafe { sm_huawei_rotate_secret(hw.0, plain.as_ptr(), &mut rotation, err) }).unwrap_err();
    assert_eq!(err.http_status, 400, "{}", err.message);
    assert!(err.code.starts_with("CSMS."), "{}", err.code);
    assert!(rotation.is_null());
    // A stage that does not exist is a typed NOT_FOUND.
    let (stage, mut out) = (c("SYSPREVIOUS"), ptr::null_mut());
    // SAFETY: every pointer is valid for the call.
    let err = call(|err| unsafe {
        sm_huawei_show_secret_stage(hw.0, plain.as_ptr(), stage.as_ptr(), &mut out, err)
    })
    .unwrap_err();
    assert_eq!(err.status, sm_status::SM_NOT_FOUND, "{}", err.message);
}
