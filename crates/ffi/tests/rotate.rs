//! `sm_rotate` against the emulator: each way of producing PENDING, a failing callback at each
//! step reported with Fail Rotation Job, lost and unknown completions, and refused arguments.

mod common;

use std::ffi::{CString, c_char, c_int, c_void};
use std::ptr;

use common::*;
use secretmanager::*;
use secretmanager_emulator::{Emulator, Fault, REDACTED_JOB_TOKEN, TRIGGER_ID};

const INITIAL: &str = r#"{"user":"app","password":"initial-Pa55word"}"#;

/// What the callbacks saw and how they answer, reached through `user_data`.
#[derive(Default)]
struct Record {
    /// What `apply` returns.
    apply_returns: c_int,
    /// What `produce` returns, and the value it sets (none: it sets nothing).
    produce_returns: c_int,
    produce_value: Option<CString>,
    produce_calls: u32,
    apply_calls: u32,
    /// The ACTIVE value `produce` saw.
    produce_saw_active: Option<String>,
    /// The arguments `apply` saw.
    secret_id: Option<String>,
    active: Option<String>,
    targets: Vec<String>,
    new_value: Option<String>,
}

/// # Safety
///
/// Called by `sm_rotate` with a `Record` as `user_data`, as the apply contract says.
unsafe extern "C" fn apply(
    user_data: *mut c_void,
    secret_id: *const c_char,
    current: *const sm_secret_chain,
    new_value: *const c_char,
) -> c_int {
    // SAFETY: user_data is the test's live Record, used by nothing else during the call.
    let record = unsafe { &mut *user_data.cast::<Record>() };
    record.apply_calls += 1;
    record.secret_id = text(secret_id);
    record.new_value = text(new_value);
    // SAFETY: current is the live chain borrowed for this call.
    unsafe {
        record.active = text(sm_secret_chain_active(current));
        record.targets = (0..sm_secret_chain_rotation_target_count(current))
            .map(|i| text(sm_secret_chain_rotation_target(current, i)).expect("a target"))
            .collect();
    }
    record.apply_returns
}

/// # Safety
///
/// Called by `sm_rotate` with a `Record` as `user_data`, as the produce contract says.
unsafe extern "C" fn produce(
    user_data: *mut c_void,
    current: *const sm_secret_chain,
    sink: *mut sm_value_sink,
) -> c_int {
    // SAFETY: user_data is the test's live Record, used by nothing else during the call.
    let record = unsafe { &mut *user_data.cast::<Record>() };
    record.produce_calls += 1;
    // SAFETY: current and sink are live for this call.
    unsafe {
        record.produce_saw_active = text(sm_secret_chain_active(current));
        if let Some(value) = &record.produce_value {
            assert_eq!(sm_value_sink_set(sink, value.as_ptr(), ptr::null_mut()), sm_status::SM_OK);
        }
    }
    record.produce_returns
}

/// What one `sm_rotate` call answered.
#[derive(Debug)]
struct Rotated {
    result: Result<(), ErrorInfo>,
    step: sm_rotation_step,
    report: sm_fail_report,
}

/// Runs `sm_rotate` with the test's callbacks and `record` as `user_data`.
fn rotate(
    client: &Client,
    id: &str,
    token: &str,
    pending: sm_pending_source,
    options: Option<&sm_random_secret_options>,
    record: &mut Record,
) -> Rotated {
    let (id, token) = (c(id), c(token));
    let produce: sm_rotation_produce_fn = (pending == SM_PENDING_CUSTOM).then_some(produce);
    let (mut step, mut report) = (99, 99);
    let result = call(|err| {
        // SAFETY: every pointer is valid for the call; the callbacks follow their contracts.
        unsafe {
            sm_rotate(
                client.get(),
                id.as_ptr(),
                token.as_ptr(),
                pending,
                options.map_or(ptr::null(), ptr::from_ref),
                produce,
                Some(apply),
                ptr::from_mut(record).cast(),
                &mut step,
                &mut report,
                err,
            )
        }
    });
    Rotated { result, step, report }
}

/// A secret holding `INITIAL` with rotation target `password`, and the token of a rotation
/// job executed for it.
fn secret_with_job(client: &Client, name: &str) -> (String, String) {
    let id = create_secret(client, name, INITIAL, "password");
    let (sid, trigger) = (c(&id), c(TRIGGER_ID));
    let mut settings = ptr::null_mut();
    // SAFETY: every pointer is valid for the call; settings is freed once.
    unsafe {
        call(|err| {
            sm_enable_auto_rotation(client.get(), sid.as_ptr(), &30, trigger.as_ptr(), &mut settings, err)
        })
        .expect("auto rotation enabled");
        sm_rotation_settings_free(settings);
    }
    let token = execute_rotation(client, &id);
    (id, token)
}

/// PREVIOUS, ACTIVE and PENDING of the secret now.
fn stages(client: &Client, id: &str) -> (Option<String>, Option<String>, Option<String>) {
    let id = c(id);
    let mut chain = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_get_secret_value(client.get(), id.as_ptr(), &mut chain, err) }).expect("a chain");
    let (previous, active, pending, _) = take_chain(chain);
    (previous, active, pending)
}

/// The rotation phase Get Secret Detail shows.
fn rotation_phase(client: &Client, id: &str) -> Option<String> {
    let id = c(id);
    let mut secret = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { sm_get_secret_detail(client.get(), id.as_ptr(), &mut secret, err) })
        .expect("a detail");
    // SAFETY: secret is live, freed once.
    unsafe {
        let phase = text(sm_secret_rotation_phase(secret));
        sm_secret_free(secret);
        phase
    }
}

fn password(value: &str) -> String {
    let json: serde_json::Value = serde_json::from_str(value).expect("JSON");
    json["password"].as_str().expect("a password").to_owned()
}

fn fail_requests(emulator: &Emulator, id: &str) -> usize {
    emulator.request_count("POST", &format!("{id}/jobs/{REDACTED_JOB_TOKEN}/fail"))
}

#[test]
fn random_pending_is_applied_and_becomes_active() {
    let (emulator, client) = emulator();
    let (id, token) = secret_with_job(&client, "rot-random");
    let mut record = Record::default();
    let rotated = rotate(&client, &id, &token, SM_PENDING_RANDOM, None, &mut record);
    rotated.result.expect("the rotation completed");
    assert_eq!((rotated.step, rotated.report), (SM_ROTATION_STEP_NONE, SM_FAIL_NOT_SENT));
    assert_eq!(record.apply_calls, 1);
    assert_eq!(record.secret_id.as_deref(), Some(id.as_str()));
    assert_eq!(record.active.as_deref(), Some(INITIAL), "apply sees the ACTIVE in use");
    assert_eq!(record.targets, ["password"]);
    let new_value = record.new_value.expect("apply saw the new value");
    assert_ne!(password(&new_value), password(INITIAL));
    let (previous, active, pending) = stages(&client, &id);
    assert_eq!(active.as_deref(), Some(new_value.as_str()));
    assert_eq!(previous.as_deref(), Some(INITIAL));
    assert_eq!(pending, None);
    assert_eq!(emulator.request_count("POST", "/pending"), 1);
    assert_eq!(fail_requests(&emulator, &id), 0);
}

#[test]
fn generated_pending_replaces_only_the_rotation_targets() {
    let (emulator, client) = emulator();
    let (id, token) = secret_with_job(&client, "rot-generate");
    let options = sm_random_secret_options { length: 16, exclude_punctuation: true, ..Default::default() };
    let mut record = Record::default();
    rotate(&client, &id, &token, SM_PENDING_GENERATE, Some(&options), &mut record).result.expect("completed");
    let new_value = record.new_value.expect("apply saw the new value");
    let json: serde_json::Value = serde_json::from_str(&new_value).expect("JSON");
    assert_eq!(json["user"], "app", "keys other than the targets are kept");
    let pw = password(&new_value);
    assert_eq!(pw.len(), 16);
    assert!(pw.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == ' '), "{pw}");
    assert_eq!(stages(&client, &id).1.as_deref(), Some(new_value.as_str()));
    assert_eq!(emulator.request_count("POST", "/generate-random-secret"), 1);
}

#[test]
fn custom_pending_is_built_by_produce_from_the_current_chain() {
    let (_emulator, client) = emulator();
    let (id, token) = secret_with_job(&client, "rot-custom");
    let custom = INITIAL.replace("initial-Pa55word", "custom-Pa55word-2");
    let mut record = Record { produce_value: Some(c(&custom)), ..Default::default() };
    rotate(&client, &id, &token, SM_PENDING_CUSTOM, None, &mut record).result.expect("completed");
    assert_eq!(record.produce_calls, 1);
    assert_eq!(record.produce_saw_active.as_deref(), Some(INITIAL));
    assert_eq!(record.new_value.as_deref(), Some(custom.as_str()), "apply gets what produce set");
    let (previous, active, _) = stages(&client, &id);
    assert_eq!(active.as_deref(), Some(custom.as_str()));
    assert_eq!(previous.as_deref(), Some(INITIAL));
}

#[test]
fn a_failing_apply_fails_the_job_and_keeps_the_active_value() {
    let (emulator, client) = emulator();
    let (id, token) = secret_with_job(&client, "rot-applyfail");
    let mut record = Record { apply_returns: 7, ..Default::default() };
    let rotated = rotate(&client, &id, &token, SM_PENDING_RANDOM, None, &mut record);
    let err = rotated.result.expect_err("apply failed");
    assert_eq!((rotated.step, rotated.report), (SM_ROTATION_STEP_APPLY, SM_FAIL_REPORTED));
    assert_eq!(err.status, sm_status::SM_UNKNOWN_ERROR);
    for needle in ["applying the new value", "returned 7", "reported failed"] {
        assert!(err.message.contains(needle), "{needle:?} not in {}", err.message);
    }
    let new_value = record.new_value.expect("apply saw the new value");
    assert!(!err.message.contains(&password(&new_value)), "the message shows no secret");
    assert_eq!(rotation_phase(&client, &id).as_deref(), Some("ROTATION_FAILED"));
    assert_eq!(fail_requests(&emulator, &id), 1);
    let (_, active, pending) = stages(&client, &id);
    assert_eq!(active.as_deref(), Some(INITIAL));
    assert_eq!(pending, None);
    assert_eq!(emulator.request_count("POST", "/complete"), 0);
}

#[test]
fn a_failing_produce_fails_the_job_before_apply() {
    let (emulator, client) = emulator();
    // Nonzero: the code is named.
    let (id, token) = secret_with_job(&client, "rot-prodfail");
    let mut record = Record { produce_returns: 3, ..Default::default() };
    let rotated = rotate(&client, &id, &token, SM_PENDING_CUSTOM, None, &mut record);
    let err = rotated.result.expect_err("produce failed");
    assert_eq!((rotated.step, rotated.report), (SM_ROTATION_STEP_PENDING, SM_FAIL_REPORTED));
    assert!(err.message.contains("the produce function returned 3"), "{}", err.message);
    assert_eq!(record.apply_calls, 0);
    assert_eq!(fail_requests(&emulator, &id), 1);

    // Zero without a value: refused too.
    let (id, token) = secret_with_job(&client, "rot-prodnone");
    let mut record = Record::default();
    let rotated = rotate(&client, &id, &token, SM_PENDING_CUSTOM, None, &mut record);
    let err = rotated.result.expect_err("no value");
    assert_eq!((rotated.step, rotated.report), (SM_ROTATION_STEP_PENDING, SM_FAIL_REPORTED));
    assert!(err.message.contains("sm_value_sink_set"), "{}", err.message);
    assert_eq!(record.apply_calls, 0);

    // A value Update Pending Stage refuses: the refusal's status.
    let (id, token) = secret_with_job(&client, "rot-prodbad");
    let mut record = Record { produce_value: Some(c("not a JSON object")), ..Default::default() };
    let rotated = rotate(&client, &id, &token, SM_PENDING_CUSTOM, None, &mut record);
    let err = rotated.result.expect_err("bad value");
    assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT);
    assert_eq!((rotated.step, rotated.report), (SM_ROTATION_STEP_PENDING, SM_FAIL_REPORTED));
    assert!(!err.message.contains("not a JSON object"), "the message shows no value: {}", err.message);
    assert_eq!(record.apply_calls, 0);
    assert_eq!(stages(&client, &id).1.as_deref(), Some(INITIAL));
}

#[test]
fn an_unknown_job_fails_at_start() {
    let (_emulator, client) = emulator();
    let (id, _token) = secret_with_job(&client, "rot-badtoken");
    let mut record = Record::default();
    let rotated = rotate(&client, &id, "not-the-token", SM_PENDING_RANDOM, None, &mut record);
    let err = rotated.result.expect_err("no such job");
    assert_eq!(rotated.step, SM_ROTATION_STEP_START);
    assert_eq!(rotated.report, SM_FAIL_REPORT_FAILED, "failing an unknown job fails too");
    assert_ne!(err.http_status, 0, "the provider's answer stays readable");
    assert!(err.message.contains("starting the job"), "{}", err.message);
    assert_eq!(record.apply_calls, 0);
}

#[test]
fn a_lost_completion_answer_settled_as_completed_is_success() {
    let (emulator, client) = emulator();
    let (id, token) = secret_with_job(&client, "rot-lost");
    emulator.inject_on(Fault::LoseAnswer, "/complete", 1);
    let mut record = Record::default();
    let rotated = rotate(&client, &id, &token, SM_PENDING_RANDOM, None, &mut record);
    rotated.result.expect("the job completed: success");
    assert_eq!((rotated.step, rotated.report), (SM_ROTATION_STEP_NONE, SM_FAIL_NOT_SENT));
    let lost = emulator.requests().iter().filter(|r| r.fault.as_deref() == Some("lose answer")).count();
    assert_eq!(lost, 1, "the answer to Complete Rotation Job was lost");
    assert_eq!(stages(&client, &id).1, record.new_value);
    assert_eq!(fail_requests(&emulator, &id), 0, "no Fail Rotation Job after a completed job");
}

#[test]
fn an_unknown_completion_is_outcome_unknown_and_not_reported_failed() {
    let (emulator, client) = emulator();
    let (id, token) = secret_with_job(&client, "rot-unknown");
    // The connection drops before Complete Rotation Job is applied; without retries nothing
    // can tell whether it will be.
    emulator.inject_on(Fault::DropConnection, "/complete", 1);
    let mut record = Record::default();
    let rotated = rotate(&client, &id, &token, SM_PENDING_RANDOM, None, &mut record);
    let err = rotated.result.expect_err("unknown");
    assert_eq!(err.status, sm_status::SM_OUTCOME_UNKNOWN, "{}", err.message);
    assert_eq!((rotated.step, rotated.report), (SM_ROTATION_STEP_COMPLETE, SM_FAIL_NOT_SENT));
    assert!(err.message.contains("not reported failed"), "{}", err.message);
    assert_eq!(fail_requests(&emulator, &id), 0);
}

#[test]
fn refused_arguments_send_nothing() {
    let (emulator, client) = emulator();
    let (id, token) = secret_with_job(&client, "rot-args");
    let before = emulator.requests().len();
    let (cid, ctoken) = (c(&id), c(&token));
    let options = sm_random_secret_options::default();
    let bad_length = sm_random_secret_options { length: 99, ..Default::default() };
    let mut record = Record::default();
    let user_data: *mut c_void = ptr::from_mut(&mut record).cast();
    type Case<'a> = (
        &'a str,
        *const sm_client,
        sm_pending_source,
        *const sm_random_secret_options,
        sm_rotation_produce_fn,
        sm_rotation_apply_fn,
    );
    let cases: [Case<'_>; 8] = [
        ("`client` is NULL", ptr::null(), SM_PENDING_RANDOM, ptr::null(), None, Some(apply)),
        ("`apply` is NULL", client.get(), SM_PENDING_RANDOM, ptr::null(), None, None),
        ("`produce` is NULL", client.get(), SM_PENDING_CUSTOM, ptr::null(), None, Some(apply)),
        ("`produce` is given", client.get(), SM_PENDING_RANDOM, ptr::null(), Some(produce), Some(apply)),
        (
            "`generate_options` is given",
            client.get(),
            SM_PENDING_CUSTOM,
            &options,
            Some(produce),
            Some(apply),
        ),
        ("`generate_options` is given", client.get(), SM_PENDING_RANDOM, &options, None, Some(apply)),
        ("`pending` is 9", client.get(), 9, ptr::null(), None, Some(apply)),
        ("generate_options", client.get(), SM_PENDING_GENERATE, &bad_length, None, Some(apply)),
    ];
    for (needle, client_ptr, pending, options_ptr, produce_fn, apply_fn) in cases {
        let (mut step, mut report) = (99, 99);
        let err = call(|err| {
            // SAFETY: the pointers are valid or NULL, as each case says.
            unsafe {
                sm_rotate(
                    client_ptr,
                    cid.as_ptr(),
                    ctoken.as_ptr(),
                    pending,
                    options_ptr,
                    produce_fn,
                    apply_fn,
                    user_data,
                    &mut step,
                    &mut report,
                    err,
                )
            }
        })
        .expect_err(needle);
        assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT, "{needle}: {}", err.message);
        assert!(err.message.contains(needle), "{needle:?} not in {}", err.message);
        assert_eq!((step, report), (SM_ROTATION_STEP_NONE, SM_FAIL_NOT_SENT), "{needle}");
    }
    // NULL strings, and NULL optional outputs.
    let err = call(|err| {
        // SAFETY: NULL strings are allowed and refused; the other pointers are valid.
        unsafe {
            sm_rotate(
                client.get(),
                ptr::null(),
                ctoken.as_ptr(),
                SM_PENDING_RANDOM,
                ptr::null(),
                None,
                Some(apply),
                user_data,
                ptr::null_mut(),
                ptr::null_mut(),
                err,
            )
        }
    })
    .expect_err("NULL secret_id");
    assert_eq!(
        (err.status, err.message.as_str()),
        (sm_status::SM_INVALID_ARGUMENT, "argument `secret_id` is NULL")
    );
    assert_eq!(emulator.requests().len(), before, "nothing was sent");
    assert_eq!(record.apply_calls + record.produce_calls, 0);
    // The job is still there to run.
    let rotated = rotate(&client, &id, &token, SM_PENDING_RANDOM, None, &mut record);
    rotated.result.expect("completed after the refusals");
}
