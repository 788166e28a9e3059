//! Waiting for a Huawei rotation task against the emulator, whose rotations run
//! asynchronously: success after a delay, a failed task with its code and message, a timeout
//! while the task still runs, and RotateSecret followed by the wait.

mod common;

use std::time::{Duration, Instant};

use secretmanager_blocking::huawei::{self, SecretType, StageName, TaskStatus, TaskWait, TaskWaitError};
use secretmanager_emulator::{Emulator, Fault};

use common::huawei_client;

/// The rotation settings CSMS needs for an `RDS-FG` secret.
const RDS_CONFIG: &str = r#"{"instance_id":"rds-1","account_name":"app"}"#;
const VALUE: &str = r#"{"user":"app","password":"Initial-Pa55"}"#;

/// Creates an `RDS-FG` secret (which CSMS rotates through its function) named `name`.
fn rds_secret(client: &huawei::Client, name: &str) {
    let op = huawei::CreateSecret::new(name)
        .secret_string(VALUE)
        .secret_type(SecretType::RdsFg)
        .rotation_config(RDS_CONFIG);
    client.create_secret(&op).expect("an RDS-FG secret");
}

/// Rotates `name`, answering the task id.
fn rotate(client: &huawei::Client, name: &str) -> String {
    let rotated = client.rotate_secret(&huawei::RotateSecret::new(name)).expect("rotation started");
    rotated.rotation_task_id.expect("a task id")
}

fn current_version(client: &huawei::Client, name: &str) -> String {
    client
        .show_secret_stage(&huawei::ShowSecretStage::new(name, StageName::SysCurrent))
        .expect("SYSCURRENT")
        .stage
        .version_id
}

fn lookups(emulator: &Emulator) -> usize {
    emulator.request_count("GET", "/csms/tasks")
}

#[test]
fn a_task_is_looked_up_until_it_succeeds_after_the_delay() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    rds_secret(&client, "rds-wait");
    let before = current_version(&client, "rds-wait");
    let delay = Duration::from_millis(1000);
    let interval = Duration::from_millis(50);
    emulator.set_huawei_rotation_delay(delay);
    // Taken before the rotation starts: the task settles at least `delay` after this.
    let started = Instant::now();
    let task_id = rotate(&client, "rds-wait");
    assert_eq!(current_version(&client, "rds-wait"), before, "nothing changes while the task runs");

    let task = client
        .wait_for_task(&task_id, TaskWait::default().timeout(Duration::from_secs(10)).interval(interval))
        .expect("the task succeeds");
    let waited = started.elapsed();
    assert_eq!(task.task_id, task_id);
    assert_eq!(task.task_status, Some(TaskStatus::Success));
    assert_eq!(task.secret_name.as_deref(), Some("rds-wait"));
    assert!(waited >= delay, "returned after {waited:?}, before the task ended");

    // One lookup at once, then one per interval until the task settled: several for a task
    // running 20 intervals, at most one per interval waited plus the first (sleeps only overshoot).
    let looked = lookups(&emulator);
    let most = usize::try_from(waited.as_millis() / interval.as_millis()).unwrap() + 1;
    assert!((3..=most).contains(&looked), "{looked} lookups in {waited:?} (at most {most})");

    let after = current_version(&client, "rds-wait");
    assert_ne!(after, before, "the rotation moved SYSCURRENT");
    let previous =
        client.show_secret_stage(&huawei::ShowSecretStage::new("rds-wait", StageName::SysPrevious)).unwrap();
    assert_eq!(previous.stage.version_id, before);
}

#[test]
fn a_failed_task_carries_its_code_and_message() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    rds_secret(&client, "rds-fail");
    let before = current_version(&client, "rds-fail");
    emulator.set_huawei_rotation_delay(Duration::from_millis(1000));
    emulator.fail_huawei_rotations(1, "CSMS.0501", "the function could not reach the database");
    let task_id = rotate(&client, "rds-fail");

    let wait = TaskWait::default().timeout(Duration::from_secs(10)).interval(Duration::from_millis(30));
    let err = client.wait_for_task(&task_id, wait).expect_err("the task fails");
    assert_eq!(err.task_error_code(), Some("CSMS.0501"), "{err}");
    assert_eq!(err.task_error_msg(), Some("the function could not reach the database"));
    let TaskWaitError::Failed(task) = &err else { panic!("not a failed task: {err:?}") };
    assert_eq!(
        (task.task_id.as_str(), task.task_status.clone()),
        (task_id.as_str(), Some(TaskStatus::Failed))
    );
    let shown = err.to_string();
    assert!(shown.contains("CSMS.0501") && shown.contains(&task_id), "{shown}");
    assert!(std::error::Error::source(&err).is_none());
    assert!(lookups(&emulator) >= 2, "the task was running at the first look");
    assert_eq!(current_version(&client, "rds-fail"), before, "a failed rotation changes nothing");

    // The next rotation is not failed any more.
    emulator.set_huawei_rotation_delay(Duration::ZERO);
    let next = rotate(&client, "rds-fail");
    assert_eq!(client.wait_for_task(&next, wait).expect("succeeds").task_status, Some(TaskStatus::Success));
}

#[test]
fn the_wait_times_out_while_the_task_still_runs() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    rds_secret(&client, "rds-slow");
    emulator.set_huawei_rotation_delay(Duration::from_secs(60));
    let task_id = rotate(&client, "rds-slow");

    let timeout = Duration::from_millis(300);
    let started = Instant::now();
    let err = client
        .wait_for_task(&task_id, TaskWait::default().timeout(timeout).interval(Duration::from_millis(50)))
        .expect_err("the task is still running");
    let waited = started.elapsed();
    assert!(waited >= timeout && waited < Duration::from_secs(5), "gave up after {waited:?}");
    let TaskWaitError::TimedOut { task_id: id, last } = &err else { panic!("not a timeout: {err:?}") };
    assert_eq!(id, &task_id);
    let last = last.as_ref().expect("the task was listed");
    assert_eq!(last.task_status.as_ref().map(TaskStatus::as_str), Some("RUNNING"));
    assert!(err.to_string().contains("last status RUNNING"), "{err}");
    assert_eq!(err.task_error_code(), None);
    assert!(lookups(&emulator) >= 3, "looked up again before giving up: {}", lookups(&emulator));

    // An interval longer than the timeout is cut to what is left of it (and never overflows).
    let started = Instant::now();
    let err = client
        .wait_for_task(
            &task_id,
            TaskWait::default().timeout(Duration::from_millis(100)).interval(Duration::MAX),
        )
        .expect_err("still running");
    assert!(matches!(err, TaskWaitError::TimedOut { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));

    // A task id that is never listed times out too, saying so.
    let unknown = client
        .wait_for_task("no-such-task", TaskWait::default().timeout(Duration::from_millis(100)))
        .expect_err("never listed");
    assert!(matches!(unknown, TaskWaitError::TimedOut { last: None, .. }), "{unknown:?}");
    assert!(unknown.to_string().contains("never listed"), "{unknown}");
}

#[test]
fn a_lookup_that_keeps_failing_ends_the_wait_with_its_error() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_builder_without_retries(&emulator);
    rds_secret(&client, "rds-lookup");
    emulator.set_huawei_rotation_delay(Duration::from_secs(60));
    let task_id = rotate(&client, "rds-lookup");
    emulator.inject_on(Fault::Status(503), "/csms/tasks", 1);
    let err = client
        .wait_for_task(&task_id, TaskWait::default().timeout(Duration::from_secs(5)))
        .expect_err("the lookup fails");
    let TaskWaitError::Api(api) = &err else { panic!("not the lookup's error: {err:?}") };
    assert_eq!(api.status(), Some(503), "{api}");
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(lookups(&emulator), 1);
}

fn huawei_builder_without_retries(emulator: &Emulator) -> huawei::Client {
    common::huawei_builder(emulator).retry(common::fast_retry().max_retries(0)).build().expect("a client")
}

#[test]
fn rotate_and_wait_answers_the_settled_task() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    rds_secret(&client, "rds-both");
    let before = current_version(&client, "rds-both");
    emulator.set_huawei_rotation_delay(Duration::from_millis(200));
    let wait = TaskWait::default().timeout(Duration::from_secs(10)).interval(Duration::from_millis(40));

    let task = client.rotate_and_wait("rds-both", wait).expect("rotated").expect("a task");
    assert_eq!(task.task_status, Some(TaskStatus::Success));
    assert_eq!(task.secret_name.as_deref(), Some("rds-both"));
    assert_ne!(current_version(&client, "rds-both"), before);
    assert_eq!(emulator.request_count("POST", "/secrets/rds-both/rotate"), 1);

    emulator.fail_huawei_rotations(1, "CSMS.0001", "injected");
    let failed = client.rotate_and_wait("rds-both", wait).expect_err("fails");
    assert_eq!((failed.task_error_code(), failed.task_error_msg()), (Some("CSMS.0001"), Some("injected")));

    // A secret CSMS cannot rotate is refused by RotateSecret itself.
    client.create_secret(&huawei::CreateSecret::new("plain").secret_string("v")).unwrap();
    let refused = client.rotate_and_wait("plain", wait).expect_err("no rotation function");
    let TaskWaitError::Api(api) = &refused else { panic!("{refused:?}") };
    assert_eq!(api.status(), Some(400), "{api}");
    assert_eq!(emulator.request_count("POST", "/secrets/plain/rotate"), 1, "RotateSecret is never resent");
}
