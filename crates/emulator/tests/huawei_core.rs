//! Huawei requests built and signed by the core's `huawei::RequestFactory`, decoded by the
//! core's `huawei::decode`: the emulator and the core agree on every shape.

mod common;

use common::Harness;
use secretmanager_core::huawei::{self, Auth, Endpoint, ProjectId, RequestFactory, SecretType, StageName};
use serde::de::DeserializeOwned;

fn factory(h: &Harness, auth: Auth) -> RequestFactory {
    RequestFactory::new(
        Endpoint::parse(h.emulator.base_url()).expect("endpoint"),
        auth,
        ProjectId::new(h.emulator.huawei_project_id()).expect("project id"),
    )
}

fn call<O: huawei::Operation<Provider = huawei::Huawei>>(
    h: &Harness,
    factory: &RequestFactory,
    op: &O,
) -> Result<O::Output, secretmanager_core::Error> {
    let request = factory.build(op, h.emulator.now()).expect("operation builds");
    let answer = h.send(&request).expect("transport works");
    let body = serde_json::to_vec(&answer.body).expect("JSON");
    huawei::decode(answer.status, &body)
}

fn ok<T: DeserializeOwned>(result: Result<T, secretmanager_core::Error>) -> T {
    result.expect("the emulator accepts the core's request")
}

#[test]
fn core_requests_rotate_and_read_back() {
    let h = Harness::new();
    let f = factory(&h, Auth::AkSk(h.emulator.huawei_credentials()));
    let created = ok(call(
        &h,
        &f,
        &huawei::CreateSecret::new("db-password")
            .secret_string(r#"{"password":"s3cr3t"}"#)
            .secret_type(SecretType::RdsFg)
            .rotation_config(r#"{"instance_id":"i-1"}"#)
            .auto_rotation("30d"),
    ));
    assert_eq!(created.secret.name, "db-password");

    let rotated = ok(call(&h, &f, &huawei::RotateSecret::new("db-password")));
    assert_eq!(rotated.version_id.as_deref(), Some("v2"));
    assert!(rotated.rotation_task_id.is_some());

    let current = ok(call(&h, &f, &huawei::ShowSecretStage::new("db-password", StageName::SysCurrent)));
    assert_eq!(current.stage.version_id, "v2");
    let previous = ok(call(&h, &f, &huawei::ShowSecretStage::new("db-password", StageName::SysPrevious)));
    assert_eq!(previous.stage.version_id, "v1");
    let old = ok(call(&h, &f, &huawei::ShowSecretVersion::new("db-password", "v1")));
    assert_eq!(old.version.secret_string.expect("a string value").expose(), r#"{"password":"s3cr3t"}"#);
    let latest = ok(call(&h, &f, &huawei::ShowSecretVersion::latest("db-password")));
    assert_eq!(latest.version.version_metadata.id, "v2");
    assert_eq!(latest.version.version_metadata.version_stages, ["SYSCURRENT"]);

    let versions = ok(call(&h, &f, &huawei::ListSecretVersions::new("db-password").limit(10)));
    assert_eq!(versions.version_metadatas.len(), 2);
    let list = ok(call(&h, &f, &huawei::ListSecrets::new().limit(1)));
    assert_eq!(list.secrets.len(), 1);
    let shown = ok(call(&h, &f, &huawei::ShowSecret::new("db-password")));
    assert_eq!(shown.secret.name, "db-password");
    let updated = ok(call(&h, &f, &huawei::UpdateSecret::new("db-password").description("rotated by tests")));
    assert_eq!(updated.secret.name, "db-password");
}

#[test]
fn core_common_secret_version_and_errors_decode() {
    let h = Harness::new();
    let f = factory(&h, Auth::Token(h.emulator.huawei_auth_token()));
    ok(call(&h, &f, &huawei::CreateSecret::new("app").secret_string("one")));
    let version = ok(call(&h, &f, &huawei::CreateSecretVersion::new("app").secret_string("two")));
    assert_eq!(version.version_metadata.id, "v2");
    let err = call(&h, &f, &huawei::RotateSecret::new("app")).expect_err("COMMON secrets do not rotate");
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.as_api().map(|api| api.code()), Some("CSMS.0002"));
    let missing = call(&h, &f, &huawei::ShowSecret::new("ghost")).expect_err("absent");
    assert_eq!(missing.as_api().map(|api| api.code()), Some("CSMS.0005"));

    let wrong = factory(&h, Auth::Token("not-the-token".into()));
    let denied = call(&h, &wrong, &huawei::ListSecrets::new()).expect_err("refused");
    assert_eq!(denied.status(), Some(401));
    assert_eq!(denied.as_api().map(|api| api.code()), Some("APIGW.0301"));
}

#[test]
fn core_finds_the_rotation_task_by_its_id() {
    let h = Harness::new();
    let f = factory(&h, Auth::AkSk(h.emulator.huawei_credentials()));
    ok(call(
        &h,
        &f,
        &huawei::CreateSecret::new("db").secret_string("one").rotation_func_urn("urn:fss:rotate"),
    ));
    let first = ok(call(&h, &f, &huawei::RotateSecret::new("db"))).rotation_task_id.expect("a task id");
    let second = ok(call(&h, &f, &huawei::RotateSecret::new("db"))).rotation_task_id.expect("a task id");
    assert_ne!(first, second);

    let found = ok(call(&h, &f, &huawei::ListSecretTask::new().task_id(second.as_str())));
    assert_eq!(found.tasks.len(), 1);
    let task = &found.tasks[0];
    assert_eq!(task.task_id, second);
    assert_eq!(task.secret_name.as_deref(), Some("db"));
    assert_eq!(task.task_status, Some(huawei::TaskStatus::Success));
    assert_eq!(task.operate_type.as_deref(), Some("ROTATE"));
    assert_eq!(task.attempt_nums, Some(1));
    assert_eq!(task.rotation_func_urn.as_deref(), Some("urn:fss:rotate"));
    assert!(task.task_time.is_some_and(|t| t > 0));

    let page = ok(call(
        &h,
        &f,
        &huawei::ListSecretTask::new().secret_name("db").status(huawei::TaskStatus::Success).limit(1),
    ));
    assert_eq!(page.tasks.iter().map(|t| t.task_id.as_str()).collect::<Vec<_>>(), [first.as_str()]);
    // The marker of the next page is the last task id of this one (the answer carries it as a
    // top-level next_marker, checked over plain HTTP in tests/huawei.rs).
    let rest =
        ok(call(&h, &f, &huawei::ListSecretTask::new().secret_name("db").limit(1).marker(first.as_str())));
    assert_eq!(rest.tasks.iter().map(|t| t.task_id.as_str()).collect::<Vec<_>>(), [second.as_str()]);
    let failed = ok(call(&h, &f, &huawei::ListSecretTask::new().status(huawei::TaskStatus::Failed)));
    assert!(failed.tasks.is_empty());
    let bad =
        call(&h, &f, &huawei::ListSecretTask::new().marker("no-such-task")).expect_err("unknown marker");
    assert_eq!(bad.as_api().map(|api| api.code()), Some("CSMS.0002"));
}
