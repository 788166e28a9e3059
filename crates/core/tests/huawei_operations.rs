//! The Huawei CSMS operations beyond rotation, as the catalog lists them and as a request is
//! built for each: method and path from the official SDK's client, the kind that decides
//! whether a lost answer may be resent, and the request read from the JSON of the C and
//! Python surface in the wire names.

use std::time::{Duration, UNIX_EPOCH};

use secretmanager_core::huawei::{self, Credentials, Endpoint, ProjectId, RequestFactory, catalog};
use secretmanager_core::{HttpRequest, Method, Operation, OperationKind, surface};

const PROJECT: &str = "0123456789abcdef0123456789abcdef";

fn factory() -> RequestFactory {
    RequestFactory::new(
        Endpoint::parse("http://127.0.0.1:9").expect("a valid endpoint"),
        Credentials::new("HWAKEXAMPLE0000000001", "HWSKexample/SecretKey+0000000000000001").into(),
        ProjectId::new(PROJECT).expect("a valid project id"),
    )
}

/// Reads operation `O` from `json` as the C and Python surface does, and builds its request.
fn built<O: Operation<Provider = huawei::Huawei> + serde::de::DeserializeOwned>(
    name: &'static str,
    json: &str,
) -> HttpRequest {
    let op: O = surface::request_from_json(name, json.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
    factory()
        .build(&op, UNIX_EPOCH + Duration::from_secs(1_795_521_600))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn path(request: &HttpRequest) -> &str {
    let prefix = format!("http://127.0.0.1:9/v1/{PROJECT}");
    request.url.strip_prefix(prefix.as_str()).expect("the URL starts with the project")
}

fn body(request: &HttpRequest) -> serde_json::Value {
    serde_json::from_slice(request.body.expose()).expect("a JSON body")
}

#[test]
fn catalog_lists_each_operation_with_its_kind() {
    use OperationKind::{Create, Repeatable, Transition};
    let expected = [
        ("DeleteSecret", Method::Delete, Transition),
        ("DeleteSecretForSchedule", Method::Post, Transition),
        ("RestoreSecret", Method::Post, Transition),
        ("UpdateSecretStage", Method::Put, Repeatable),
        ("DeleteSecretStage", Method::Delete, Transition),
        ("UpdateVersion", Method::Put, Repeatable),
        ("DownloadSecretBlob", Method::Post, Repeatable),
        ("UploadSecretBlob", Method::Post, Create),
        ("GenerateRandomPassword", Method::Post, Repeatable),
        ("BatchImportSecrets", Method::Post, Create),
        ("CheckSecrets", Method::Post, Repeatable),
        ("ShowSecretsConfig", Method::Get, Repeatable),
        ("UpdateSecretsConfig", Method::Post, Repeatable),
    ];
    for (name, method, kind) in expected {
        let info = catalog::find(name).unwrap_or_else(|| panic!("{name} is not in the catalog"));
        assert_eq!((info.api_name, info.http_method, info.kind), (name, method, kind), "{name}");
        assert_eq!(info.kind.may_resend(), kind != Create, "{name}");
    }
    assert_eq!(catalog::find("UploadSecretBlob").unwrap().settled_by, "ShowSecret");
    assert_eq!(catalog::find("BatchImportSecrets").unwrap().method_name, "batch_import_secrets");
}

#[test]
fn requests_read_from_json_are_built_as_the_official_client_sends_them() {
    let r = built::<huawei::DeleteSecret>("DeleteSecret", r#"{"secret_name":"db"}"#);
    assert_eq!(
        (r.method, path(&r), r.body.is_empty(), r.idempotent),
        (Method::Delete, "/secrets/db", true, true)
    );

    let r = built::<huawei::DeleteSecretForSchedule>(
        "DeleteSecretForSchedule",
        r#"{"secret_name":"db","recovery_window_in_days":7}"#,
    );
    assert_eq!(path(&r), "/secrets/db/scheduled-deleted-tasks/create");
    assert_eq!(body(&r), serde_json::json!({"recovery_window_in_days":7}));

    let r = built::<huawei::RestoreSecret>("RestoreSecret", r#"{"secret_name":"db"}"#);
    assert_eq!((r.method, path(&r)), (Method::Post, "/secrets/db/scheduled-deleted-tasks/cancel"));

    let r = built::<huawei::UpdateSecretStage>(
        "UpdateSecretStage",
        r#"{"secret_name":"db","stage_name":"pending","version_id":"v2"}"#,
    );
    assert_eq!((r.method, path(&r)), (Method::Put, "/secrets/db/stages/pending"));
    assert_eq!(body(&r), serde_json::json!({"version_id":"v2"}));

    let r = built::<huawei::DeleteSecretStage>(
        "DeleteSecretStage",
        r#"{"secret_name":"db","stage_name":"pending"}"#,
    );
    assert_eq!((r.method, path(&r)), (Method::Delete, "/secrets/db/stages/pending"));

    let r = built::<huawei::UpdateVersion>(
        "UpdateVersion",
        r#"{"secret_name":"db","version_id":"v1","expire_time":1900000000}"#,
    );
    assert_eq!((r.method, path(&r)), (Method::Put, "/secrets/db/versions/v1"));
    assert_eq!(body(&r), serde_json::json!({"expire_time":1_900_000_000}));

    let r = built::<huawei::DownloadSecretBlob>("DownloadSecretBlob", r#"{"secret_name":"db"}"#);
    assert_eq!((r.method, path(&r), r.idempotent), (Method::Post, "/secrets/db/backup", true));

    let r = built::<huawei::UploadSecretBlob>("UploadSecretBlob", r#"{"secret_blob":"opaque-blob"}"#);
    assert_eq!((path(&r), r.idempotent), ("/secrets/restore", false));
    assert_eq!(body(&r), serde_json::json!({"secret_blob":"opaque-blob"}));

    let r = built::<huawei::GenerateRandomPassword>(
        "GenerateRandomPassword",
        r#"{"length":16,"include_space":false}"#,
    );
    assert_eq!(path(&r), "/csms/generate-password");
    assert_eq!(body(&r), serde_json::json!({"length":16,"include_space":false}));

    let r = built::<huawei::BatchImportSecrets>(
        "BatchImportSecrets",
        r#"{"secrets":[{"name":"a","secret_string":"va","event_subscriptions":["ev"]},{"name":"b","secret_binary":"AAE="}]}"#,
    );
    assert_eq!((path(&r), r.idempotent), ("/secrets/batch-import", false));
    assert_eq!(
        body(&r),
        serde_json::json!({"secrets":[{"name":"a","secret_string":"va","event_subscriptions":["ev"]},
            {"name":"b","secret_binary":"AAE="}]})
    );

    let r = built::<huawei::CheckSecrets>("CheckSecrets", r#"{"type":"1","data":"{\"password\":\"p\"}"}"#);
    assert_eq!(path(&r), "/secrets/checker/check");
    assert_eq!(body(&r), serde_json::json!({"type":"1","data":{"password":"p"}}));

    let r = built::<huawei::ShowSecretsConfig>("ShowSecretsConfig", "{}");
    assert_eq!((r.method, path(&r), r.body.is_empty()), (Method::Get, "/secrets/checker/config", true));

    let r =
        built::<huawei::UpdateSecretsConfig>("UpdateSecretsConfig", r#"{"checking_secret_strength":true}"#);
    assert_eq!((r.method, path(&r)), (Method::Post, "/secrets/checker/config"));
    assert_eq!(body(&r), serde_json::json!({"checking_secret_strength":true}));
}

#[test]
fn invalid_requests_are_refused_before_sending_naming_the_field() {
    let refused = |result: Result<HttpRequest, secretmanager_core::Error>| match result {
        Err(secretmanager_core::Error::Validation(v)) => v.field,
        other => panic!("expected a validation error, got {other:?}"),
    };
    let now = UNIX_EPOCH + Duration::from_secs(1);
    let f = factory();
    assert_eq!(
        refused(f.build(&huawei::DeleteSecretForSchedule::new("db", 6), now)),
        "recovery_window_in_days"
    );
    assert_eq!(refused(f.build(&huawei::DeleteSecretStage::new("db", "SYSPREVIOUS"), now)), "stage_name");
    assert_eq!(refused(f.build(&huawei::UpdateVersion::new("db", "v1", 0), now)), "expire_time");
    assert_eq!(refused(f.build(&huawei::GenerateRandomPassword::new().length(0), now)), "length");
    assert_eq!(refused(f.build(&huawei::BatchImportSecrets::new([]), now)), "secrets");
    assert_eq!(refused(f.build(&huawei::CheckSecrets::new("[]"), now)), "data");
    assert_eq!(refused(f.build(&huawei::UploadSecretBlob::new(""), now)), "secret_blob");
    assert_eq!(
        refused(f.build(&huawei::ListSecretTask::new().task_id("t").secret_name("db"), now)),
        "task_id"
    );
    // Unknown fields of a JSON request are refused, as for every operation.
    assert!(
        surface::request_from_json::<huawei::ShowSecretsConfig>("ShowSecretsConfig", br#"{"x":1}"#).is_err()
    );
}

#[test]
fn secret_answers_are_marked_in_the_schema() {
    let document = catalog::schema_document();
    for (answer, field) in [("RandomPassword", "password"), ("SecretBlob", "secret_blob")] {
        let schema = &document["answers"][answer]["properties"][field];
        assert_eq!(schema["x-secret"], true, "{answer}.{field}: {schema}");
    }
    let task_list = &document["answers"]["TaskList"]["properties"];
    assert!(task_list.get("total").is_some() && task_list.get("next_marker").is_some(), "{task_list}");
}
