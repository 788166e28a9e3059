//! The C ABI against the emulator: the seed operations, the other rotation steps, error
//! objects, threads sharing one client, and Huawei RotateSecret.

mod common;

use std::ptr;
use std::time::Duration;

use common::*;
use secretmanager::*;
use secretmanager_emulator::{Fault, NCP_ACCESS_KEY, TRIGGER_ID};

const VALUE: &str = r#"{"user":"app","password":"initial-Pa55word"}"#;

#[test]
fn seed_operations_rotate_a_secret_end_to_end() {
    let (_emulator, client) = emulator();
    let (name, value, target, trigger, memo) =
        (c("seedflow"), c(VALUE), c("password"), c(TRIGGER_ID), c("from the C ABI test"));
    let targets = [target.as_ptr()];
    let mut request = zeroed_request();
    request.secret_name = name.as_ptr();
    request.memo = memo.as_ptr();
    request.secret_value = value.as_ptr();
    request.rotation_targets = targets.as_ptr();
    request.rotation_targets_count = 1;
    let mut secret = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_create_secret(client.get(), &request, &mut secret, err) }).unwrap();
    // SAFETY: secret is live until freed at the end of the block.
    let id = unsafe {
        assert_eq!(text(sm_secret_name(secret)).as_deref(), Some("seedflow"));
        assert_eq!(text(sm_secret_status(secret)).as_deref(), Some("ENABLE"));
        assert_eq!(text(sm_secret_memo(secret)).as_deref(), Some("from the C ABI test"));
        assert_eq!(sm_secret_auto_rotation(secret), 0);
        let id = text(sm_secret_id(secret)).unwrap();
        sm_secret_free(secret);
        id
    };
    let sid = c(&id);

    let mut settings = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe {
        sm_enable_auto_rotation(client.get(), sid.as_ptr(), &30, trigger.as_ptr(), &mut settings, err)
    })
    .unwrap();
    // SAFETY: settings is live until freed.
    unsafe {
        assert_eq!(sm_rotation_settings_enabled(settings), 1);
        assert_eq!(sm_rotation_settings_period_days(settings), 30);
        assert!(sm_rotation_settings_next_rotation_date_ms(settings) > 0);
        assert_eq!(text(sm_rotation_settings_trigger_id(settings)).as_deref(), Some(TRIGGER_ID));
        sm_rotation_settings_free(settings);
    }

    let token = execute_rotation(&client, &id);
    let tok = c(&token);
    let mut chain = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_start_rotation_job(client.get(), sid.as_ptr(), tok.as_ptr(), &mut chain, err) })
        .unwrap();
    let (previous, active, pending, targets) = take_chain(chain);
    assert_eq!((previous, active.as_deref(), pending), (None, Some(VALUE), None));
    assert_eq!(targets, ["password"]);

    let mut pending = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_add_pending_stage(client.get(), sid.as_ptr(), tok.as_ptr(), &mut pending, err) })
        .unwrap();
    let pending = take_string(pending);
    let parsed: serde_json::Value = serde_json::from_str(&pending).expect("PENDING is JSON");
    assert_eq!(parsed["user"], "app", "only the rotation target changes");
    assert_ne!(parsed["password"], "initial-Pa55word");

    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_complete_rotation_job(client.get(), sid.as_ptr(), tok.as_ptr(), err) }).unwrap();
    let mut chain = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_get_secret_value(client.get(), sid.as_ptr(), &mut chain, err) }).unwrap();
    let (previous, active, pending_after, _) = take_chain(chain);
    assert_eq!(previous.as_deref(), Some(VALUE));
    assert_eq!(active.as_deref(), Some(pending.as_str()));
    assert_eq!(pending_after, None);

    let mut detail = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_get_secret_detail(client.get(), sid.as_ptr(), &mut detail, err) }).unwrap();
    // SAFETY: detail is live until freed.
    unsafe {
        assert_eq!(text(sm_secret_id(detail)).as_deref(), Some(id.as_str()));
        assert_eq!(sm_secret_auto_rotation(detail), 1);
        assert_eq!(sm_secret_auto_rotation_period(detail), 30);
        assert_eq!(text(sm_secret_rotation_phase(detail)).as_deref(), Some("NONE"));
        assert_eq!(text(sm_secret_trigger_id(detail)).as_deref(), Some(TRIGGER_ID));
        sm_secret_free(detail);
    }

    let mut list = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_list_secrets(client.get(), ptr::null(), &mut list, err) }).unwrap();
    // SAFETY: list is live until freed; the borrowed secrets are not used after.
    unsafe {
        assert_eq!(sm_secret_list_count(list), 1);
        assert_eq!(sm_secret_list_total_count(list), 1);
        assert_eq!(text(sm_secret_id(sm_secret_list_get(list, 0))).as_deref(), Some(id.as_str()));
        assert!(sm_secret_list_get(list, 1).is_null());
        sm_secret_list_free(list);
    }

    let mut off = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_disable_auto_rotation(client.get(), sid.as_ptr(), &mut off, err) }).unwrap();
    // SAFETY: off is live until freed.
    unsafe {
        assert_eq!(sm_rotation_settings_enabled(off), 0);
        sm_rotation_settings_free(off);
    }
}

#[test]
fn random_secret_update_pending_and_failed_jobs() {
    let (_emulator, client) = emulator();
    let id = create_secret(&client, "randomflow", VALUE, "password");
    let (sid, trigger) = (c(&id), c(TRIGGER_ID));
    let mut settings = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe {
        sm_enable_auto_rotation(client.get(), sid.as_ptr(), ptr::null(), trigger.as_ptr(), &mut settings, err)
    })
    .unwrap();
    // SAFETY: settings is an owned object, freed once.
    unsafe { sm_rotation_settings_free(settings) };

    let tok = c(&execute_rotation(&client, &id));
    let mut chain = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_start_rotation_job(client.get(), sid.as_ptr(), tok.as_ptr(), &mut chain, err) })
        .unwrap();
    take_chain(chain);

    let mut options = sm_random_secret_options::default();
    let size = size_of_val(&options);
    // SAFETY: options is writable.
    assert_eq!(unsafe { sm_random_secret_options_init(&mut options, size) }, sm_status::SM_OK);
    let exclude = c("\"\\");
    options.length = 24;
    options.exclude_characters = exclude.as_ptr();
    options.include_space = false;
    let mut random = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe {
        sm_generate_random_secret(client.get(), sid.as_ptr(), tok.as_ptr(), &options, &mut random, err)
    })
    .unwrap();
    let random = take_string(random);
    assert_eq!(random.chars().count(), 24);
    assert!(!random.contains(['"', '\\', ' ']));

    let new_value = format!(r#"{{"user":"app","password":"{random}"}}"#);
    let value = c(&new_value);
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe {
        sm_update_pending_stage(client.get(), sid.as_ptr(), tok.as_ptr(), value.as_ptr(), err)
    })
    .unwrap();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_complete_rotation_job(client.get(), sid.as_ptr(), tok.as_ptr(), err) }).unwrap();
    let mut chain = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_get_secret_value(client.get(), sid.as_ptr(), &mut chain, err) }).unwrap();
    assert_eq!(take_chain(chain).1.as_deref(), Some(new_value.as_str()));

    // A second job that fails: the phase says so and ACTIVE is kept.
    let tok = c(&execute_rotation(&client, &id));
    let mut chain = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_start_rotation_job(client.get(), sid.as_ptr(), tok.as_ptr(), &mut chain, err) })
        .unwrap();
    take_chain(chain);
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_fail_rotation_job(client.get(), sid.as_ptr(), tok.as_ptr(), err) }).unwrap();
    let mut detail = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_get_secret_detail(client.get(), sid.as_ptr(), &mut detail, err) }).unwrap();
    // SAFETY: detail is live until freed.
    unsafe {
        assert_eq!(text(sm_secret_rotation_phase(detail)).as_deref(), Some("ROTATION_FAILED"));
        sm_secret_free(detail);
    }
    let mut chain = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_get_secret_value(client.get(), sid.as_ptr(), &mut chain, err) }).unwrap();
    assert_eq!(take_chain(chain).1.as_deref(), Some(new_value.as_str()));
}

#[test]
fn error_objects_carry_status_http_status_code_and_message() {
    let (emulator, client) = emulator();
    let id = create_secret(&client, "errors", VALUE, "password");
    let sid = c(&id);

    // A wrong secret key: the API Gateway's "200" Authentication Failed.
    let intruder = Client::new(emulator.base_url(), NCP_ACCESS_KEY, "not-the-secret-key");
    let mut secret = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    let err = call(|err| unsafe { sm_get_secret_detail(intruder.get(), sid.as_ptr(), &mut secret, err) })
        .unwrap_err();
    assert_eq!(err.status, sm_status::SM_AUTHENTICATION_FAILED);
    assert_eq!((err.http_status, err.code.as_str()), (401, "200"));
    assert!(err.message.contains("Authentication Failed"), "{}", err.message);
    assert!(!err.message.contains("not-the-secret-key"));
    assert!(secret.is_null());

    // Completing a job that was not started: 422 INVALID_STATUS.
    let mut settings = ptr::null_mut();
    let trigger = c(TRIGGER_ID);
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe {
        sm_enable_auto_rotation(client.get(), sid.as_ptr(), &7, trigger.as_ptr(), &mut settings, err)
    })
    .unwrap();
    // SAFETY: settings is owned, freed once.
    unsafe { sm_rotation_settings_free(settings) };
    let tok = c(&execute_rotation(&client, &id));
    // SAFETY: every pointer is valid for the call.
    let err = call(|err| unsafe { sm_complete_rotation_job(client.get(), sid.as_ptr(), tok.as_ptr(), err) })
        .unwrap_err();
    assert_eq!(err.status, sm_status::SM_INVALID_STATE);
    assert_eq!((err.http_status, err.code.as_str()), (422, "INVALID_STATUS"));

    // An unknown secret: 404 NOT_FOUND.
    let unknown = c("no-such-secret");
    // SAFETY: every pointer is valid for the call.
    let err = call(|err| unsafe { sm_get_secret_detail(client.get(), unknown.as_ptr(), &mut secret, err) })
        .unwrap_err();
    assert_eq!((err.status, err.http_status, err.code.as_str()), (sm_status::SM_NOT_FOUND, 404, "NOT_FOUND"));

    // Bad input found by the core: nothing is sent, the field is named.
    let before = emulator.requests().len();
    // SAFETY: every pointer is valid for the call.
    let err = call(|err| unsafe {
        sm_enable_auto_rotation(client.get(), sid.as_ptr(), &999, ptr::null(), &mut settings, err)
    })
    .unwrap_err();
    assert_eq!((err.status, err.http_status, err.code.as_str()), (sm_status::SM_INVALID_ARGUMENT, 0, ""));
    assert!(err.message.contains("rotationPeriod"), "{}", err.message);
    assert_eq!(emulator.requests().len(), before, "an invalid request was sent");

    // A read timeout.
    emulator.inject(Fault::Delay(Duration::from_millis(1500)), 1);
    let (url, ak, sk) =
        (c(emulator.base_url()), c(NCP_ACCESS_KEY), c(secretmanager_emulator::NCP_SECRET_KEY));
    let options = sm_client_options {
        endpoint_preset: SM_ENDPOINT_URL,
        endpoint_url: url.as_ptr(),
        access_key: ak.as_ptr(),
        secret_key: sk.as_ptr(),
        read_timeout_ms: 200,
        max_retries: 0,
        ..Default::default()
    };
    let mut impatient = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_client_new(&options, &mut impatient, err) }).unwrap();
    let impatient = Client(impatient);
    // SAFETY: every pointer is valid for the call.
    let err = call(|err| unsafe { sm_get_secret_detail(impatient.get(), sid.as_ptr(), &mut secret, err) })
        .unwrap_err();
    assert_eq!((err.status, err.http_status), (sm_status::SM_TIMEOUT, 0));
}

#[test]
fn threads_share_one_client() {
    let (emulator, client) = emulator();
    let ids: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let client = &client;
                scope.spawn(move || {
                    let value = format!(r#"{{"password":"pw-{i}"}}"#);
                    let id = create_secret(client, &format!("thread-{i}"), &value, "password");
                    let sid = c(&id);
                    for _ in 0..5 {
                        let mut chain = ptr::null_mut();
                        // SAFETY: every pointer is valid for the call; the client is shared.
                        call(|err| unsafe {
                            sm_get_secret_value(client.get(), sid.as_ptr(), &mut chain, err)
                        })
                        .unwrap();
                        assert_eq!(take_chain(chain).1.as_deref(), Some(value.as_str()));
                    }
                    id
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("no thread panicked")).collect()
    });
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 8);
    assert_eq!(emulator.request_count("GET", "/values"), 40);
}

#[test]
fn huawei_rotate_secret_returns_the_new_version_and_a_task_that_succeeded() {
    use secretmanager_blocking::huawei;
    use secretmanager_emulator::{HUAWEI_ACCESS_KEY, HUAWEI_PROJECT_ID, HUAWEI_SECRET_KEY};

    let emulator = secretmanager_emulator::Emulator::start().unwrap();
    let setup = huawei::Client::builder()
        .base_url(emulator.base_url())
        .credentials(huawei::Credentials::new(HUAWEI_ACCESS_KEY, HUAWEI_SECRET_KEY))
        .project_id(HUAWEI_PROJECT_ID)
        .build()
        .unwrap();
    setup
        .call(
            &huawei::CreateSecret::new("hw-db").secret_string(r#"{"password":"x"}"#).rotation_func_urn(
                "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:rotate",
            ),
        )
        .unwrap();

    let (url, project, ak, sk) =
        (c(emulator.base_url()), c(HUAWEI_PROJECT_ID), c(HUAWEI_ACCESS_KEY), c(HUAWEI_SECRET_KEY));
    let mut options = sm_huawei_client_options::default();
    let size = size_of_val(&options);
    // SAFETY: options is writable.
    assert_eq!(unsafe { sm_huawei_client_options_init(&mut options, size) }, sm_status::SM_OK);
    options.endpoint_url = url.as_ptr();
    options.project_id = project.as_ptr();
    options.access_key = ak.as_ptr();
    options.secret_key = sk.as_ptr();
    let mut hw = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_huawei_client_new(&options, &mut hw, err) }).unwrap();

    let name = c("hw-db");
    let mut rotation = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_huawei_rotate_secret(hw, name.as_ptr(), &mut rotation, err) }).unwrap();
    // SAFETY: rotation is live until freed here.
    let (version, task_id) = unsafe {
        let read = (
            text(sm_huawei_rotation_version_id(rotation)).expect("a version"),
            text(sm_huawei_rotation_task_id(rotation)).expect("a task id"),
        );
        sm_huawei_rotation_free(rotation);
        read
    };
    assert!(version.starts_with('v'), "{version}");
    assert!(!task_id.is_empty());
    // SAFETY: NULL is allowed.
    unsafe { assert!(sm_huawei_rotation_task_id(ptr::null()).is_null()) };

    // The rotation's task is found by its id, and it succeeded.
    let id = c(&task_id);
    let mut list = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe {
        sm_huawei_list_secret_tasks(
            hw,
            ptr::null(),
            ptr::null(),
            id.as_ptr(),
            ptr::null(),
            ptr::null(),
            &mut list,
            err,
        )
    })
    .unwrap();
    // SAFETY: list is live until freed here.
    unsafe {
        assert_eq!(sm_huawei_task_list_count(list), 1);
        assert_eq!(text(sm_huawei_task_id(list, 0)).as_deref(), Some(task_id.as_str()));
        assert_eq!(text(sm_huawei_task_status(list, 0)).as_deref(), Some("SUCCESS"));
        assert_eq!(text(sm_huawei_task_secret_name(list, 0)).as_deref(), Some("hw-db"));
        assert!(sm_huawei_task_attempt_count(list, 0) >= 1);
        assert!(sm_huawei_task_error_code(list, 0).is_null());
        sm_huawei_task_list_free(list);
    }
    // The task id with a page size still finds it (the id goes with no other filter); a filter
    // that matches nothing gives an empty page.
    let limit = 10u32;
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe {
        sm_huawei_list_secret_tasks(
            hw,
            ptr::null(),
            ptr::null(),
            id.as_ptr(),
            &limit,
            ptr::null(),
            &mut list,
            err,
        )
    })
    .unwrap();
    // SAFETY: list is live until freed here.
    unsafe {
        assert_eq!(sm_huawei_task_list_count(list), 1);
        sm_huawei_task_list_free(list);
    }
    let failed = c("FAILED");
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe {
        sm_huawei_list_secret_tasks(
            hw,
            name.as_ptr(),
            failed.as_ptr(),
            ptr::null(),
            ptr::null(),
            ptr::null(),
            &mut list,
            err,
        )
    })
    .unwrap();
    // SAFETY: list is live until freed here.
    unsafe {
        assert_eq!(sm_huawei_task_list_count(list), 0);
        assert!(sm_huawei_task_id(list, 0).is_null());
        sm_huawei_task_list_free(list);
    }
    // A page size of 0 is refused before anything is sent.
    let before = emulator.request_count("GET", "/csms/tasks");
    let zero = 0u32;
    // SAFETY: every pointer is valid for the call.
    let err = call(|err| unsafe {
        sm_huawei_list_secret_tasks(
            hw,
            ptr::null(),
            ptr::null(),
            ptr::null(),
            &zero,
            ptr::null(),
            &mut list,
            err,
        )
    })
    .unwrap_err();
    assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT, "{}", err.message);
    assert!(err.message.contains("limit"), "{}", err.message);
    assert!(list.is_null());
    assert_eq!(emulator.request_count("GET", "/csms/tasks"), before);

    let missing = c("hw-missing");
    let mut none = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    let err =
        call(|err| unsafe { sm_huawei_rotate_secret(hw, missing.as_ptr(), &mut none, err) }).unwrap_err();
    assert!(none.is_null());
    // CSMS answers 400 CSMS.0005; the code makes it SM_NOT_FOUND.
    assert_eq!(err.http_status, 400);
    assert_eq!(err.status, sm_status::SM_NOT_FOUND);
    assert!(!err.retryable);
    let request_id = err.request_id.as_deref().expect("CSMS's request id");
    assert!(request_id.len() == 32 && request_id.bytes().all(|b| b.is_ascii_hexdigit()), "{request_id}");
    assert!(err.code.starts_with("CSMS."), "{}", err.code);
    // SAFETY: hw is owned, freed once.
    unsafe { sm_huawei_client_free(hw) };
}
