//! The Huawei CSMS client against the emulator: RotateSecret and the calls around it, IAM
//! token authentication, retries, clock skew and wrong keys.

mod common;

use secretmanager_blocking::ApiErrorKind;
use secretmanager_blocking::huawei::{self, Credentials, StageName};
use secretmanager_emulator::{Emulator, Fault, HUAWEI_ACCESS_KEY};

use common::{huawei_builder, huawei_client};

const FUNCTION_URN: &str =
    "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:rotate-db:latest";
const VALUE: &str = r#"{"user":"app","password":"hw-initial"}"#;

fn create(client: &huawei::Client, name: &str) -> huawei::Secret {
    let op = huawei::CreateSecret::new(name).secret_string(VALUE).rotation_func_urn(FUNCTION_URN);
    client.create_secret(&op).expect("create secret").secret
}

#[test]
fn rotate_secret_moves_syscurrent_to_a_new_version() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    let secret = create(&client, "hw-rotate");
    assert_eq!(secret.name, "hw-rotate");

    let before =
        client.show_secret_stage(&huawei::ShowSecretStage::new("hw-rotate", StageName::SysCurrent)).unwrap();
    let rotated = client.rotate_secret(&huawei::RotateSecret::new("hw-rotate")).unwrap();
    let new_version = rotated.version_id.clone().unwrap();
    assert_ne!(new_version, before.stage.version_id);

    let current =
        client.show_secret_stage(&huawei::ShowSecretStage::new("hw-rotate", StageName::SysCurrent)).unwrap();
    assert_eq!(current.stage.version_id, new_version);
    let previous =
        client.show_secret_stage(&huawei::ShowSecretStage::new("hw-rotate", StageName::SysPrevious)).unwrap();
    assert_eq!(previous.stage.version_id, before.stage.version_id);

    let latest = client.show_secret_version(&huawei::ShowSecretVersion::latest("hw-rotate")).unwrap();
    assert_eq!(latest.version.version_metadata.id, new_version);
    assert_ne!(latest.version.secret_string.unwrap().expose(), VALUE);
    let old = client
        .show_secret_version(&huawei::ShowSecretVersion::new("hw-rotate", before.stage.version_id.as_str()))
        .unwrap();
    assert_eq!(old.version.secret_string.unwrap().expose(), VALUE);

    let versions = client.list_secret_versions(&huawei::ListSecretVersions::new("hw-rotate")).unwrap();
    assert_eq!(versions.version_metadatas.len(), 2);
}

#[test]
fn secrets_are_listed_shown_updated_and_versioned() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    create(&client, "hw-one");
    create(&client, "hw-two");
    let list = client.list_secrets(&huawei::ListSecrets::new()).unwrap();
    let names: Vec<_> = list.secrets.iter().map(|s| s.name.as_str()).collect();
    assert!(names.contains(&"hw-one") && names.contains(&"hw-two"), "{names:?}");

    client.update_secret(&huawei::UpdateSecret::new("hw-one").description("rotated weekly")).unwrap();
    let shown = client.show_secret(&huawei::ShowSecret::new("hw-one")).unwrap();
    assert_eq!(shown.secret.description.as_deref(), Some("rotated weekly"));

    let added = client
        .create_secret_version(
            &huawei::CreateSecretVersion::new("hw-one").secret_string(r#"{"password":"v2"}"#),
        )
        .unwrap();
    let current =
        client.show_secret_stage(&huawei::ShowSecretStage::new("hw-one", StageName::SysCurrent)).unwrap();
    assert_eq!(current.stage.version_id, added.version_metadata.id);

    // CSMS answers 400 CSMS.0005: the code says "not found".
    let err = client.show_secret(&huawei::ShowSecret::new("hw-missing")).unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(400), Some("CSMS.0005")), "{err}");
    assert_eq!(err.kind(), Some(ApiErrorKind::NotFound), "{err}");
}

#[test]
fn an_iam_token_authenticates_too() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_builder(&emulator).token(emulator.huawei_auth_token()).build().unwrap();
    create(&client, "hw-token");
    assert_eq!(client.list_secrets(&huawei::ListSecrets::new()).unwrap().secrets.len(), 1);
}

#[test]
fn reads_are_retried_and_rotate_is_not() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    create(&client, "hw-faults");
    emulator.inject(Fault::Status(503), 1);
    client.show_secret(&huawei::ShowSecret::new("hw-faults")).unwrap();
    assert_eq!(emulator.request_count("GET", "/secrets/hw-faults"), 2);

    emulator.inject(Fault::Status(503), 1);
    let err = client.rotate_secret(&huawei::RotateSecret::new("hw-faults")).unwrap_err();
    assert_eq!(err.status(), Some(503));
    emulator.inject(Fault::DropConnection, 1);
    assert!(client.rotate_secret(&huawei::RotateSecret::new("hw-faults")).is_err());
    assert_eq!(emulator.request_count("POST", "/secrets/hw-faults/rotate"), 2);
    let versions = client.list_secret_versions(&huawei::ListSecretVersions::new("hw-faults")).unwrap();
    assert_eq!(versions.version_metadatas.len(), 1);
}

#[test]
fn a_skewed_clock_is_corrected() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    // Huawei accepts 15 minutes of skew; 20 minutes is refused with APIGW.0301.
    emulator.set_clock_offset_ms(-1_200_000);
    create(&client, "hw-skew");
    assert!(client.clock_offset_ms() < -1_190_000, "{}", client.clock_offset_ms());
    let statuses: Vec<_> = emulator.requests().into_iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(401), Some(200)]);
}

#[test]
fn wrong_keys_are_an_authentication_failure() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_builder(&emulator)
        .credentials(Credentials::new(HUAWEI_ACCESS_KEY, "not-the-huawei-secret-key"))
        .build()
        .unwrap();
    let err = client.list_secrets(&huawei::ListSecrets::new()).unwrap_err();
    assert!(err.kind() == Some(ApiErrorKind::Authentication), "{err}");
    assert!(!format!("{err:?}{err}").contains("not-the-huawei-secret-key"));
    assert_eq!(emulator.requests().len(), 1);
}

#[test]
fn a_rotation_is_found_as_a_successful_task() {
    let emulator = Emulator::start().unwrap();
    let client = huawei_client(&emulator);
    create(&client, "hw-task");
    create(&client, "hw-task-other");
    client.rotate_secret(&huawei::RotateSecret::new("hw-task-other")).unwrap();
    let rotated = client.rotate_secret(&huawei::RotateSecret::new("hw-task")).unwrap();
    let task_id = rotated.rotation_task_id.expect("the rotation names its task");

    // A lookup is a read: retried after a 503.
    emulator.inject(Fault::Status(503), 1);
    let found = client.list_secret_task(&huawei::ListSecretTask::new().task_id(task_id.as_str())).unwrap();
    assert_eq!(emulator.request_count("GET", "/csms/tasks"), 2);
    assert_eq!(found.tasks.len(), 1, "{found:?}");
    let task = &found.tasks[0];
    assert_eq!(task.task_id, task_id);
    assert_eq!(task.task_status, Some(huawei::TaskStatus::Success));
    assert_eq!(task.secret_name.as_deref(), Some("hw-task"));
    assert_eq!(task.rotation_func_urn.as_deref(), Some(FUNCTION_URN));
    assert_eq!(task.attempt_nums, Some(1));

    let by_secret =
        client.list_secret_task(&huawei::ListSecretTask::new().secret_name("hw-task-other")).unwrap();
    assert_eq!(by_secret.tasks.len(), 1);
    assert_ne!(by_secret.tasks[0].task_id, task_id);
    let failed =
        client.list_secret_task(&huawei::ListSecretTask::new().status(huawei::TaskStatus::Failed)).unwrap();
    assert!(failed.tasks.is_empty());

    let err = client.list_secret_task(&huawei::ListSecretTask::new().secret_name("bad name")).unwrap_err();
    assert!(matches!(err, secretmanager_blocking::Error::Validation(_)), "{err:?}");
    assert_eq!(emulator.request_count("GET", "/csms/tasks"), 4, "an invalid lookup is never sent");
}
