//! Checks the 32 operations against the operation table of the API reference, so that a
//! missing or wrong operation fails a test.

use std::collections::BTreeSet;

use super::*;
use crate::http::Method;
use crate::ncp::{Operation, SecretStage};

/// The operation table of the API reference: number, name, method and path template.
const REFERENCE: &str = "\
| 1 | Get Secret List | GET `/api/v1/secrets` |
| 2 | Get Secret Detail | GET `/api/v1/secrets/{secretId}` |
| 3 | Get Secret Value | GET `/api/v1/secrets/{secretId}/values` |
| 4 | Get Secret Stage Value | GET `/api/v1/secrets/{secretId}/{secret-value-stage}` |
| 5 | Get Secret Logs | GET `/api/v1/secrets/{secretId}/logs` |
| 6 | Get Protection Key List | GET `/api/v1/keys` |
| 7 | Get Trigger List | GET `/api/v1/triggers` |
| 8 | Create Secret | POST `/api/v1/secrets` |
| 9 | Update Secret Value | PUT `/api/v1/secrets/{secretId}/values` |
| 10 | Update Secret Stage Value | PUT `/api/v1/secrets/{secretId}/values/{secret-value-stage}` |
| 11 | Update Secret Memo | PUT `/api/v1/secrets/{secretId}/memo` |
| 12 | Update Protection Key | PUT `/api/v1/secrets/{secretId}/protection-key` |
| 13 | Enable Secret | POST `/api/v1/secrets/{secretId}/enable` |
| 14 | Disable Secret | POST `/api/v1/secrets/{secretId}/disable` |
| 15 | Request Secret Deletion | POST `/api/v1/secrets/{secretId}/request-deletion` |
| 16 | Cancel Secret Deletion | POST `/api/v1/secrets/{secretId}/cancel-deletion` |
| 17 | Delete Secret | DELETE `/api/v1/secrets/{secretId}` |
| 18 | Enable Auto Rotation | POST `/api/v1/secrets/{secretId}/enable-auto-rotation` |
| 19 | Disable Auto Rotation | POST `/api/v1/secrets/{secretId}/disable-auto-rotation` |
| 20 | Update Rotation Period | PUT `/api/v1/secrets/{secretId}/rotation-period` |
| 21 | Update Rotation Trigger | PUT `/api/v1/secrets/{secretId}/triggers` |
| 22 | Delete Rotation Trigger | DELETE `/api/v1/secrets/{secretId}/triggers` |
| 23 | Execute Rotation Job | POST `/api/v1/secrets/{secretId}/rotation` |
| 24 | Retry Rotation Job | POST `/api/v1/secrets/{secretId}/retry-rotation` |
| 25 | Cancel Rotation Job | POST `/api/v1/secrets/{secretId}/cancel-rotation` |
| 26 | Rollback Rotation Job | POST `/api/v1/secrets/{secretId}/rollback-rotation` |
| 27 | Start Rotation Job | POST `/action/v1/secrets/{secretId}/jobs/{jobToken}/start` |
| 28 | Add Pending Stage | POST `/action/v1/secrets/{secretId}/jobs/{jobToken}/pending` |
| 29 | Update Pending Stage | PUT `/action/v1/secrets/{secretId}/jobs/{jobToken}/pending` |
| 30 | Generate Random Secret | POST `/action/v1/secrets/{secretId}/jobs/{jobToken}/generate-random-secret` |
| 31 | Complete Rotation Job | POST `/action/v1/secrets/{secretId}/jobs/{jobToken}/complete` |
| 32 | Fail Rotation Job | POST `/action/v1/secrets/{secretId}/jobs/{jobToken}/fail` |
";

/// One row of the table as built from an operation value.
struct Built {
    name: &'static str,
    method: Method,
    path: String,
    idempotent: bool,
    kind: crate::OperationKind,
    reconciled: bool,
    has_body: bool,
}

fn built<O: Operation>(op: O) -> Built {
    op.validate().unwrap_or_else(|e| panic!("{}: {e}", O::NAME));
    let mut path = String::new();
    op.write_path(&mut path);
    let path = path.split('?').next().unwrap_or_default().to_owned();
    Built {
        name: O::NAME,
        method: O::METHOD,
        path,
        idempotent: O::IDEMPOTENT,
        kind: O::KIND,
        reconciled: op.state_check().is_some(),
        has_body: op.body().is_some(),
    }
}

/// Every operation, built with secret id `SID`, job token `TOK` and stage `active`.
fn all_operations() -> Vec<Built> {
    const SID: &str = "SID";
    const TOK: &str = "TOK";
    const VALUE: &str = r#"{"pw":"x"}"#;
    vec![
        built(GetSecretList::new().page_no(1)),
        built(GetSecretDetail::new(SID)),
        built(GetSecretValue::new(SID)),
        built(GetSecretStageValue::new(SID, SecretStage::Active)),
        built(GetSecretLogs::new(SID).keyword("k")),
        built(GetProtectionKeyList::new()),
        built(GetTriggerList::new()),
        built(CreateSecret::new("name", VALUE, ["pw"])),
        built(UpdateSecretValue::new(SID).active(VALUE)),
        built(UpdateSecretStageValue::new(SID, SecretStage::Active, VALUE)),
        built(UpdateSecretMemo::new(SID, "memo")),
        built(UpdateProtectionKey::new(SID)),
        built(EnableSecret::new(SID)),
        built(DisableSecret::new(SID)),
        built(RequestSecretDeletion::new(SID)),
        built(CancelSecretDeletion::new(SID)),
        built(DeleteSecret::new(SID)),
        built(EnableAutoRotation::new(SID)),
        built(DisableAutoRotation::new(SID)),
        built(UpdateRotationPeriod::new(SID, 90)),
        built(UpdateRotationTrigger::new(SID, "trigger")),
        built(DeleteRotationTrigger::new(SID)),
        built(ExecuteRotationJob::new(SID)),
        built(RetryRotationJob::new(SID)),
        built(CancelRotationJob::new(SID)),
        built(RollbackRotationJob::new(SID)),
        built(StartRotationJob::new(SID, TOK)),
        built(AddPendingStage::new(SID, TOK)),
        built(UpdatePendingStage::new(SID, TOK, VALUE)),
        built(GenerateRandomSecret::new(SID, TOK)),
        built(CompleteRotationJob::new(SID, TOK)),
        built(FailRotationJob::new(SID, TOK)),
    ]
}

/// (name, method, path with the placeholders filled in) of every reference row.
fn reference_rows() -> Vec<(String, String, String)> {
    REFERENCE
        .lines()
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let (method, template) = cells[3].split_once(' ').expect("method and path");
            let path = template
                .trim_matches('`')
                .replace("{secretId}", "SID")
                .replace("{jobToken}", "TOK")
                .replace("{secret-value-stage}", "active");
            (cells[2].to_owned(), method.to_owned(), path)
        })
        .collect()
}

#[test]
fn all_32_operations_match_the_reference_table() {
    let reference = reference_rows();
    let ops = all_operations();
    assert_eq!(reference.len(), 32);
    assert_eq!(ops.len(), reference.len());
    for (op, (name, method, path)) in ops.iter().zip(&reference) {
        assert_eq!(op.name, name);
        assert_eq!(op.method.as_str(), method, "{name}");
        assert_eq!(&op.path, path, "{name}");
    }
    let names: BTreeSet<&str> = ops.iter().map(|op| op.name).collect();
    assert_eq!(names.len(), 32, "operation names are unique");
}

#[test]
fn bodies_and_idempotency_follow_the_documented_policy() {
    let sends_body: BTreeSet<&str> = [
        "Create Secret",
        "Update Secret Value",
        "Update Secret Stage Value",
        "Update Secret Memo",
        "Update Protection Key",
        "Enable Auto Rotation",
        "Update Rotation Period",
        "Update Rotation Trigger",
        "Update Pending Stage",
        "Generate Random Secret",
    ]
    .into();
    let creates: BTreeSet<&str> = [
        "Create Secret",
        "Execute Rotation Job",
        "Retry Rotation Job",
        "Cancel Rotation Job",
        "Rollback Rotation Job",
    ]
    .into();
    let transitions: BTreeSet<&str> = [
        "Enable Secret",
        "Disable Secret",
        "Cancel Secret Deletion",
        "Delete Secret",
        "Delete Rotation Trigger",
        "Add Pending Stage",
        "Complete Rotation Job",
        "Fail Rotation Job",
    ]
    .into();
    for op in all_operations() {
        use crate::OperationKind::{Create, Repeatable, Transition};
        assert_eq!(op.has_body, sends_body.contains(op.name), "{}", op.name);
        let kind = match (creates.contains(op.name), transitions.contains(op.name)) {
            (true, _) => Create,
            (_, true) => Transition,
            _ => Repeatable,
        };
        assert_eq!(op.kind, kind, "{}", op.name);
        assert_eq!(op.idempotent, kind != Create, "{}", op.name);
        assert_eq!(op.reconciled, kind == Transition, "{}: every transition reads its state back", op.name);
        if op.method == Method::Get {
            assert!(op.idempotent && !op.has_body, "{}", op.name);
        }
    }
}

/// A value that must never appear in `Debug` output.
const MARKER: &str = "n0t-f0r-l0gs";

fn assert_hidden(printed: String, what: &str) {
    assert!(!printed.contains(MARKER), "{what} printed the secret: {printed}");
}

#[test]
fn no_request_prints_a_secret_value() {
    let value = format!(r#"{{"pw":"{MARKER}"}}"#);
    let factory = crate::ncp::RequestFactory::new(
        crate::ncp::Endpoint::kr_global(),
        &crate::ncp::Credentials::new("AK", "SK"),
    );
    fn check<O: Operation<Provider = crate::ncp::Ncp> + std::fmt::Debug>(
        factory: &crate::ncp::RequestFactory,
        op: O,
    ) {
        assert_hidden(format!("{op:?}"), O::NAME);
        assert_hidden(format!("{op:#?}"), O::NAME);
        let request = factory.build_at_millis(&op, 1_700_000_000_000).unwrap();
        assert!(String::from_utf8_lossy(request.body.expose()).contains(MARKER), "{}", O::NAME);
        assert_hidden(format!("{request:?}"), O::NAME);
    }
    check(&factory, CreateSecret::new("name", value.as_str(), ["pw"]));
    check(&factory, UpdateSecretValue::new("s").previous(value.as_str()).active(value.as_str()));
    check(&factory, UpdateSecretStageValue::new("s", SecretStage::Pending, value.as_str()));
    check(&factory, UpdatePendingStage::new("s", "t", value.as_str()));
}

/// Decodes a success answer of `data`, which must succeed, and prints it with `Debug`.
fn shown<T: serde::de::DeserializeOwned + std::fmt::Debug>(data: &str) -> String {
    let body = format!(r#"{{"code":"SUCCESS","data":{data}}}"#);
    let decoded = crate::ncp::decode::<T>(200, body.as_bytes()).unwrap();
    format!("{decoded:?}")
}

#[test]
fn no_answer_prints_a_secret_value() {
    let v = format!(r#"{{\"pw\":\"{MARKER}\"}}"#);
    let chain = format!(r#"{{"previous":"{v}","active":"{v}","pending":"{v}"}}"#);
    let stage = format!(r#"{{"value":"{v}","valueStage":"ACTIVE"}}"#);
    let printed = [
        shown::<crate::ncp::SecretValueChain>(&format!(r#"{{"decryptedSecretChain":{chain}}}"#)),
        shown::<SecretValueUpdate>(&format!(r#"{{"encryptedSecretChain":{chain}}}"#)),
        shown::<SecretStageValue>(&format!(r#"{{"decryptedSecretValue":{stage}}}"#)),
        shown::<StageValueUpdate>(&format!(r#"{{"encryptedSecretValue":{stage}}}"#)),
        shown::<PendingStage>(&format!(r#"{{"pending":"{v}"}}"#)),
        shown::<RandomSecret>(&format!(r#"{{"randomString":"{MARKER}"}}"#)),
    ];
    for text in printed {
        assert_hidden(text, "an answer");
    }
    let broken = format!(r#"{{"code":"SUCCESS","data":{{"randomString":["{MARKER}"]}}}}"#);
    let err = crate::ncp::decode::<RandomSecret>(200, broken.as_bytes()).unwrap_err();
    assert!(matches!(err, crate::Error::Decode(_)));
    assert_hidden(format!("{err:?} {err}"), "a decode error");
}

/// Decodes the answers an operation that answers nothing may get, as its own `Output`.
fn answers_nothing<O: Operation<Output = ()>>(_: O) {
    for body in [
        &br#"{"code":"SUCCESS","data":null}"#[..],
        br#"{"code":"SUCCESS","data":"null"}"#,
        br#"{"code":"SUCCESS"}"#,
        br#"{"code":"SUCCESS","data":{}}"#,
    ] {
        let decoded = crate::ncp::decode::<O::Output>(200, body);
        assert!(decoded.is_ok(), "{}: {} gave {decoded:?}", O::NAME, String::from_utf8_lossy(body));
    }
    let failed = crate::ncp::decode::<O::Output>(200, br#"{"code":"FAIL","data":"null"}"#);
    assert!(matches!(failed, Err(crate::Error::Api(_))), "{}", O::NAME);
}

#[test]
fn operations_that_answer_nothing_accept_null_text_null_no_data_and_an_empty_object() {
    answers_nothing(DeleteSecret::new("s"));
    answers_nothing(DeleteRotationTrigger::new("s"));
    answers_nothing(ExecuteRotationJob::new("s"));
    answers_nothing(RetryRotationJob::new("s"));
    answers_nothing(CancelRotationJob::new("s"));
    answers_nothing(RollbackRotationJob::new("s"));
    answers_nothing(CompleteRotationJob::new("s", "t"));
    answers_nothing(FailRotationJob::new("s", "t"));
}
