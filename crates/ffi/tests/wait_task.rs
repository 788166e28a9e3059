//! `sm_huawei_wait_task` against the emulator's asynchronous rotation tasks: `SM_OK` once the
//! task succeeded, `SM_TASK_FAILED` with the task's error code and message, `SM_TIMEOUT`
//! while it still runs, and refused arguments.

mod common;

use std::ptr;
use std::time::{Duration, Instant};

use common::*;
use secretmanager::*;
use secretmanager_emulator::Emulator;
use serde_json::json;

/// Creates an `RDS-FG` secret `name` through `sm_huawei_call` (CSMS rotates it itself).
fn rds_secret(hw: &Huawei, name: &str) {
    let request = json!({
        "name": name,
        "secret_string": r#"{"user":"app","password":"Initial-Pa55"}"#,
        "secret_type": "RDS-FG",
        "rotation_config": r#"{"instance_id":"rds-1","account_name":"app"}"#,
    })
    .to_string();
    let (operation, request) = (c("CreateSecret"), c(&request));
    let mut answer = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_huawei_call(hw.0, operation.as_ptr(), request.as_ptr(), &mut answer, err) })
        .expect("an RDS-FG secret");
    take_string(answer);
}

/// Rotates `name` with `sm_huawei_rotate_secret`, answering the task id.
fn rotate(hw: &Huawei, name: &str) -> String {
    let name = c(name);
    let mut rotation = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_huawei_rotate_secret(hw.0, name.as_ptr(), &mut rotation, err) }).expect("rotated");
    // SAFETY: rotation is a live object, freed once.
    unsafe {
        let id = text(sm_huawei_rotation_task_id(rotation)).expect("a task id");
        sm_huawei_rotation_free(rotation);
        id
    }
}

/// Waits for `task_id` with `sm_huawei_wait_task`.
fn wait(hw: &Huawei, task_id: &str, timeout_ms: u64, interval_ms: u64) -> Result<(), ErrorInfo> {
    let task_id = c(task_id);
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_huawei_wait_task(hw.0, task_id.as_ptr(), timeout_ms, interval_ms, err) })
}

fn setup(name: &str) -> (Emulator, Huawei) {
    let emulator = Emulator::start().expect("the emulator starts");
    let hw = huawei_client(&emulator);
    rds_secret(&hw, name);
    (emulator, hw)
}

#[test]
fn a_task_that_succeeds_after_a_delay_is_sm_ok() {
    let (emulator, hw) = setup("rds-c-ok");
    let before = hw_stage(&hw, "rds-c-ok", "SYSCURRENT");
    emulator.set_huawei_rotation_delay(Duration::from_millis(1000));
    // Taken before the rotation starts: the task settles at least 1 s after this.
    let started = Instant::now();
    let task_id = rotate(&hw, "rds-c-ok");
    assert_eq!(hw_stage(&hw, "rds-c-ok", "SYSCURRENT"), before, "still running");

    wait(&hw, &task_id, 10_000, 40).expect("SM_OK");
    assert!(started.elapsed() >= Duration::from_millis(1000), "returned before the task ended");
    assert!(emulator.request_count("GET", "/csms/tasks") >= 3, "looked up every 40 ms");
    assert_ne!(hw_stage(&hw, "rds-c-ok", "SYSCURRENT"), before, "the rotation moved SYSCURRENT");
}

#[test]
fn a_failed_task_is_sm_task_failed_with_its_code() {
    let (emulator, hw) = setup("rds-c-fail");
    emulator.set_huawei_rotation_delay(Duration::from_millis(100));
    emulator.fail_huawei_rotations(1, "CSMS.0501", "the function could not reach the database");
    let task_id = rotate(&hw, "rds-c-fail");

    let err = wait(&hw, &task_id, 10_000, 30).expect_err("the task fails");
    assert_eq!(err.status, sm_status::SM_TASK_FAILED, "{err:?}");
    assert_eq!(err.code, "CSMS.0501");
    assert!(err.message.contains("the function could not reach the database"), "{}", err.message);
    assert!(err.message.contains(&task_id), "{}", err.message);
    assert!(!err.retryable);
}

#[test]
fn a_task_still_running_at_the_timeout_is_sm_timeout() {
    let (emulator, hw) = setup("rds-c-slow");
    emulator.set_huawei_rotation_delay(Duration::from_secs(60));
    let task_id = rotate(&hw, "rds-c-slow");

    let started = Instant::now();
    let err = wait(&hw, &task_id, 250, 50).expect_err("still running");
    let waited = started.elapsed();
    assert_eq!(err.status, sm_status::SM_TIMEOUT, "{err:?}");
    assert!(err.message.contains("RUNNING"), "{}", err.message);
    assert!(waited >= Duration::from_millis(250) && waited < Duration::from_secs(5), "{waited:?}");

    let never = wait(&hw, "no-such-task", 100, 0).expect_err("never listed");
    assert_eq!(never.status, sm_status::SM_TIMEOUT);
    assert!(never.message.contains("never listed"), "{}", never.message);
}

#[test]
fn missing_arguments_are_refused_before_anything_is_sent() {
    let emulator = Emulator::start().expect("the emulator starts");
    let hw = huawei_client(&emulator);
    // SAFETY: NULL is allowed for both pointers; the error is read by `call`.
    let no_id = call(|err| unsafe { sm_huawei_wait_task(hw.0, ptr::null(), 100, 10, err) }).unwrap_err();
    assert_eq!(no_id.status, sm_status::SM_INVALID_ARGUMENT);
    assert!(no_id.message.contains("task_id"), "{}", no_id.message);
    let id = c("t-1");
    // SAFETY: as above.
    let no_client =
        call(|err| unsafe { sm_huawei_wait_task(ptr::null(), id.as_ptr(), 100, 10, err) }).unwrap_err();
    assert_eq!(no_client.status, sm_status::SM_INVALID_ARGUMENT);
    assert_eq!(emulator.requests().len(), 0);
}
