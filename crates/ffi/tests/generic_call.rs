//! `sm_call` and `sm_huawei_call` against the emulator: a whole NCP rotation and a Huawei
//! COMMON-secret rotation through JSON alone, and the refusals of bad names and bad requests.

mod common;

use std::ffi::c_char;
use std::ptr;

use common::*;
use secretmanager::*;
use secretmanager_emulator::{Emulator, TRIGGER_ID};
use serde_json::{Value, json};

/// Sends `operation` with `request` through `sm_call` and parses the answer.
fn ncp(client: &Client, operation: &str, request: Value) -> Result<Value, ErrorInfo> {
    send(sm_call, client.get(), operation, &request)
}

/// The signature `sm_call` and `sm_huawei_call` share, for a client of type `C`.
type Entry<C> = unsafe extern "C" fn(
    *const C,
    *const c_char,
    *const c_char,
    *mut *mut c_char,
    *mut *mut sm_error,
) -> sm_status;

fn send<C>(entry: Entry<C>, client: *const C, operation: &str, request: &Value) -> Result<Value, ErrorInfo> {
    let (name, body) = (c(operation), c(&request.to_string()));
    let mut answer = ptr::null_mut();
    // SAFETY: every pointer is valid for the call.
    call(|err| unsafe { entry(client, name.as_ptr(), body.as_ptr(), &mut answer, err) })?;
    let text = take_string(answer);
    Ok(serde_json::from_str(&text).expect("the answer is JSON"))
}

#[test]
fn a_whole_ncp_rotation_runs_through_json_alone() {
    let (_emulator, client) = emulator();
    let created = ncp(
        &client,
        "CreateSecret",
        json!({
            "secretName": "generic-call",
            "secretValue": {"value": r#"{"password":"first-Pa55"}"#, "rotationTargets": ["password"]},
            "autoRotation": true, "autoRotationPeriod": 30, "triggerId": TRIGGER_ID,
        }),
    )
    .expect("created");
    let id = created["secretId"].as_str().expect("an id").to_owned();
    assert_eq!(created["autoRotation"], true);

    let chain = ncp(&client, "GetSecretValue", json!({"secretId": id})).expect("the chain");
    assert_eq!(
        chain["chain"]["active"], r#"{"password":"first-Pa55"}"#,
        "secrets are handed out as they are"
    );

    assert_eq!(ncp(&client, "ExecuteRotationJob", json!({"secretId": id})).expect("executed"), Value::Null);
    let logs = ncp(&client, "GetSecretLogs", json!({"secretId": id, "keyword": "Execute Rotation Job"}))
        .expect("the logs");
    let token = logs["entries"]
        .as_array()
        .and_then(|entries| entries.iter().find_map(|e| e["jobToken"].as_str()))
        .expect("a job token")
        .to_owned();
    let job = json!({"secretId": id, "jobToken": token});
    ncp(&client, "StartRotationJob", job.clone()).expect("started");
    ncp(&client, "AddPendingStage", job.clone()).expect("pending added");
    let mut pending = job.clone();
    pending["value"] = r#"{"password":"second-Pa55"}"#.into();
    ncp(&client, "UpdatePendingStage", pending).expect("pending set");
    ncp(&client, "CompleteRotationJob", job).expect("completed");

    let stage =
        ncp(&client, "GetSecretStageValue", json!({"secretId": id, "stage": "active"})).expect("active");
    assert_eq!(
        (stage["value"].as_str(), stage["valueStage"].as_str()),
        (Some(r#"{"password":"second-Pa55"}"#), Some("ACTIVE"))
    );
    let updated = ncp(
        &client,
        "UpdateSecretValue",
        json!({"secretId": id, "pending": {"set": r#"{"password":"third-Pa55"}"#}, "previous": "delete"}),
    );
    updated.expect("values updated");
    let chain = ncp(&client, "GetSecretValue", json!({"secretId": id})).expect("the chain");
    assert_eq!(chain["chain"]["pending"], r#"{"password":"third-Pa55"}"#);
    assert_eq!(chain["chain"]["previous"], Value::Null);
}

#[test]
fn bad_names_and_bad_requests_are_refused_naming_the_fault_never_the_value() {
    let (_emulator, client) = emulator();
    let err = ncp(&client, "NoSuchOperation", json!({})).expect_err("unknown");
    assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT);
    assert!(err.message.contains("NoSuchOperation"), "{}", err.message);

    let err = ncp(&client, "UpdateSecretMemo", json!({"secretId": "s", "mem0": "hunter2-secret"}))
        .expect_err("unknown field");
    assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT);
    assert!(err.message.contains("`mem0`") && !err.message.contains("hunter2"), "{}", err.message);

    let err = ncp(
        &client,
        "UpdatePendingStage",
        json!({"secretId": "s", "jobToken": 7, "value": "hunter2-secret"}),
    )
    .expect_err("wrong type");
    assert!(!err.message.contains("hunter2"), "{}", err.message);

    // Validated by the documented rules, as a typed call is: nothing is sent.
    let err = ncp(&client, "UpdateRotationPeriod", json!({"secretId": "s", "rotationPeriod": 731}))
        .expect_err("out of range");
    assert_eq!((err.status, err.http_status), (sm_status::SM_INVALID_ARGUMENT, 0));
    assert!(err.message.contains("rotationPeriod"), "{}", err.message);

    // The provider's own refusal comes back with its code.
    let err = ncp(&client, "GetSecretDetail", json!({"secretId": "no-such-secret"})).expect_err("not found");
    assert_eq!(err.status, sm_status::SM_NOT_FOUND);

    let (name, body) = (c("GetSecretList"), c("{}"));
    let mut err = ptr::null_mut();
    // SAFETY: a NULL out-pointer is refused before anything is read or sent.
    let status = unsafe { sm_call(client.get(), name.as_ptr(), body.as_ptr(), ptr::null_mut(), &mut err) };
    assert_eq!(status, sm_status::SM_INVALID_ARGUMENT);
    assert!(take_error(err).message.contains("response_json_out"));
}

#[test]
fn a_common_huawei_secret_rotates_through_json_alone() {
    let emulator = Emulator::start().expect("the emulator starts");
    let hw = huawei_client(&emulator);
    let huawei = |operation: &str, request: Value| send(sm_huawei_call, hw.0, operation, &request);
    let created =
        huawei("CreateSecret", json!({"name": "generic-hw", "secret_string": "v1-Pa55"})).expect("created");
    assert_eq!(created["secret"]["name"], "generic-hw");
    let binary =
        huawei("CreateSecretVersion", json!({"secret_name": "generic-hw", "secret_binary": "AAEC/w=="}))
            .expect("a binary version");
    let version = binary["version_metadata"]["id"].as_str().expect("a version id").to_owned();
    let stage = huawei("ShowSecretStage", json!({"secret_name": "generic-hw", "stage_name": "SYSCURRENT"}))
        .expect("the stage");
    assert_eq!(stage["stage"]["version_id"], version.as_str());
    let read = huawei("ShowSecretVersion", json!({"secret_name": "generic-hw", "version_id": version}))
        .expect("the version");
    assert_eq!(read["version"]["secret_binary"], "AAEC/w==", "binary values keep their bytes");
    let versions = huawei("ListSecretVersions", json!({"secret_name": "generic-hw"})).expect("the versions");
    assert_eq!(versions["version_metadatas"].as_array().map(Vec::len), Some(2));

    let err = huawei("ShowSecretStage", json!({"secret_name": "generic-hw"})).expect_err("missing field");
    assert_eq!(err.status, sm_status::SM_INVALID_ARGUMENT);
    assert!(err.message.contains("stage_name"), "{}", err.message);
    let err =
        huawei("CreateSecretVersion", json!({"secret_name": "generic-hw", "secret_binary": "not base64!"}))
            .expect_err("bad base64");
    assert!(err.message.contains("base64"), "{}", err.message);
}
