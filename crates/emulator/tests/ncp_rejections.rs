//! NCP rejections: the state machine, input validation, authentication, unknown paths.

mod common;

use common::Harness;
use secretmanager_core::Method;
use secretmanager_core::ncp::{self, Credentials, Endpoint, RequestFactory, SecretStage};
use secretmanager_emulator::{KMS_KEY_TAG, TRIGGER_ID};

const VALUE: &str = r#"{"k":"v"}"#;

fn create(h: &Harness, name: &str) -> String {
    let answer = h.call(&ncp::CreateSecret::new(name, VALUE, ["k"]));
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body["data"]["secretId"].as_str().expect("a string field").to_owned()
}

fn assert_invalid_status(answer: &common::Answer) {
    assert_eq!(answer.status, 422, "{:?}", answer.body);
    assert_eq!(answer.body["error"]["errorCode"], "INVALID_STATUS");
    assert_eq!(answer.body["error"]["message"], "Invalid status");
    assert!(!answer.body["error"]["details"].as_str().expect("a string field").is_empty());
}

#[test]
fn every_answer_carries_a_fresh_trace_id() {
    let h = Harness::new();
    let ok = h.call(&ncp::GetSecretList::new());
    let missing = h.call(&ncp::GetSecretDetail::new("ghost"));
    let unknown = h.ncp_raw(Method::Get, "/nothing/here", b"");
    h.emulator.inject(secretmanager_emulator::Fault::Status(503), 1);
    let injected = h.call(&ncp::GetSecretList::new());
    assert_eq!((ok.status, missing.status, unknown.status, injected.status), (200, 404, 404, 503));
    let ids: Vec<String> = [ok, missing, unknown, injected]
        .into_iter()
        .map(|answer| {
            assert_eq!(answer.request_id, None, "no Huawei X-Request-Id on NCP answers");
            answer.trace_id.expect("an x-ncp-trace-id")
        })
        .collect();
    assert!(ids.iter().all(|id| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())), "{ids:?}");
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), ids.len(), "{ids:?}");
}

#[test]
fn state_machine_rejects_wrong_transitions() {
    let h = Harness::new();
    let id = create(&h, "machine");
    assert_invalid_status(&h.call(&ncp::EnableSecret::new(&id)));
    assert_invalid_status(&h.call(&ncp::CancelSecretDeletion::new(&id)));
    assert_invalid_status(&h.call(&ncp::DeleteSecret::new(&id)));
    assert_invalid_status(&h.call(&ncp::ExecuteRotationJob::new(&id)));
    assert_invalid_status(&h.call(&ncp::RetryRotationJob::new(&id)));
    assert_invalid_status(&h.call(&ncp::CancelRotationJob::new(&id)));
    assert_invalid_status(&h.call(&ncp::RollbackRotationJob::new(&id)));

    let disabled = h.call(&ncp::DisableSecret::new(&id));
    assert_eq!(disabled.body["data"]["secretStatus"], "DISABLE");
    assert_invalid_status(&h.call(&ncp::DisableSecret::new(&id)));

    let revoked = h.call(&ncp::RequestSecretDeletion::new(&id));
    assert_eq!(revoked.body["data"]["secretStatus"], "REVOKE");
    let destroy_at = revoked.body["data"]["expectedDestroyDate"].as_i64().expect("expectedDestroyDate");
    assert!(destroy_at > revoked.body["data"]["updateDate"].as_i64().unwrap());
    assert_invalid_status(&h.call(&ncp::GetSecretValue::new(&id)));
    assert_invalid_status(&h.call(&ncp::GetSecretStageValue::new(&id, SecretStage::Active)));
    assert_invalid_status(&h.call(&ncp::UpdateSecretStageValue::new(&id, SecretStage::Active, VALUE)));
    assert_invalid_status(&h.call(&ncp::EnableSecret::new(&id)));

    let cancelled = h.call(&ncp::CancelSecretDeletion::new(&id));
    assert_eq!(cancelled.body["data"]["secretStatus"], "DISABLE");
    h.call(&ncp::RequestSecretDeletion::new(&id));
    let deleted = h.call(&ncp::DeleteSecret::new(&id));
    assert_eq!(deleted.status, 200);
    assert_eq!(h.call(&ncp::GetSecretDetail::new(&id)).body["data"]["secretStatus"], "DESTROYED");
    assert_invalid_status(&h.call(&ncp::RequestSecretDeletion::new(&id)));

    // The name of a destroyed secret can be used again.
    create(&h, "machine");
}

#[test]
fn rotating_secret_cannot_be_disabled_or_deleted() {
    let h = Harness::new();
    let answer = h.call(&ncp::CreateSecret::new("rotating", VALUE, ["k"]).auto_rotation(1, TRIGGER_ID));
    let id = answer.body["data"]["secretId"].as_str().unwrap().to_owned();
    h.call(&ncp::ExecuteRotationJob::new(&id));
    assert_invalid_status(&h.call(&ncp::ExecuteRotationJob::new(&id)));
    let logs = h.call(&ncp::GetSecretLogs::new(&id).keyword("Execute Rotation Job")).body;
    let failed = logs["data"]["result"][0].clone();
    assert_eq!(failed["result"], "FAIL", "the refused second execution is logged as FAIL");
    let token = logs["data"]["result"][1]["jobToken"].as_str().unwrap().to_owned();
    h.call(&ncp::StartRotationJob::new(&id, &token));
    assert_invalid_status(&h.call(&ncp::DisableSecret::new(&id)));
    assert_invalid_status(&h.call(&ncp::RequestSecretDeletion::new(&id)));
    assert_invalid_status(&h.call(&ncp::CompleteRotationJob::new(&id, &token)));
    let wrong = h.call(&ncp::CompleteRotationJob::new(&id, "not-the-token"));
    assert_eq!(wrong.status, 400);
    assert_eq!(wrong.body["error"]["errorCode"], "INVALID_REQUEST");
}

fn assert_invalid_request(answer: &common::Answer, detail: &str) {
    assert_eq!(answer.status, 400, "{:?}", answer.body);
    assert_eq!(answer.body["error"]["errorCode"], "INVALID_REQUEST");
    let details = answer.body["error"]["details"].as_str().expect("a string field");
    assert!(details.contains(detail), "{details:?} should mention {detail:?}");
}

#[test]
fn create_validates_every_rule() {
    let h = Harness::new();
    let base = |extra: &str| {
        format!(
            r#"{{"secretName":"valid-name","secretValue":{{"value":"{{\"k\":\"v\"}}","rotationTargets":["k"]}},"secretType":"BASIC","autoRotationYN":"N","protectionKeyType":"DEFAULT"{extra}}}"#
        )
    };
    let post = |body: &str| h.ncp_raw(Method::Post, "/api/v1/secrets", body.as_bytes());
    assert_invalid_request(&post("{not json"), "not valid JSON");
    assert_invalid_request(&post("[1,2]"), "JSON object");
    assert_invalid_request(&post(r#"{"secretName":5}"#), "secretName must be a string");
    assert_invalid_request(
        &post(&base(r#","secretName":"1bad""#).replace(r#""secretName":"valid-name","#, "")),
        "start with a letter",
    );
    assert_invalid_request(&post(&base(&format!(r#","memo":"{}""#, "é".repeat(501)))), "memo");
    assert_invalid_request(
        &post(&base(r#","autoRotationYN":"Y","triggerId":"emulator-trigger-1""#)),
        "autoRotationPeriod is required",
    );
    assert_invalid_request(
        &post(&base(r#","autoRotationYN":"Y","autoRotationPeriod":30"#)),
        "triggerId is required",
    );
    assert_invalid_request(&post(&base(r#","autoRotationPeriod":731"#)), "between 1 and 730");
    assert_invalid_request(&post(&base(r#","autoRotationPeriod":"30""#)), "must be an integer");
    assert_invalid_request(&post(&base(r#","triggerId":"no-such-trigger""#)), "does not exist");
    assert_invalid_request(
        &post(&base(r#","protectionKeyType":"USER_MANAGED_KEY""#)),
        "kmsKeyTag is required",
    );
    assert_invalid_request(&post(&base(r#","secretType":"FANCY""#)), "secretType");
    let bad_target = base("").replace(r#""rotationTargets":["k"]"#, r#""rotationTargets":["x"]"#);
    assert_invalid_request(&post(&bad_target), "not a key");
    let not_object = base("").replace(r#"{\"k\":\"v\"}"#, "[1]");
    assert_invalid_request(&post(&not_object), "JSON object");
    let ok = post(&base(&format!(r#","protectionKeyType":"USER_MANAGED_KEY","kmsKeyTag":"{KMS_KEY_TAG}""#)));
    assert_eq!(ok.status, 200, "{:?}", ok.body);
    assert_invalid_request(&post(&base("")), "already exists");
    assert_eq!(h.emulator.request_count("POST", "/api/v1/secrets"), 16);
}

#[test]
fn generate_random_secret_checks_its_options() {
    let h = Harness::new();
    let answer = h.call(&ncp::CreateSecret::new("gen", VALUE, ["k"]).auto_rotation(1, TRIGGER_ID));
    let id = answer.body["data"]["secretId"].as_str().unwrap().to_owned();
    h.call(&ncp::ExecuteRotationJob::new(&id));
    let logs = h.call(&ncp::GetSecretLogs::new(&id).keyword("Execute")).body;
    let token = logs["data"]["result"][0]["jobToken"].as_str().unwrap().to_owned();
    let path = format!("/action/v1/secrets/{id}/jobs/{token}/generate-random-secret");
    assert_invalid_request(&h.ncp_raw(Method::Post, &path, r#"{"length":4}"#.as_bytes()), "between 5 and 32");
    assert_invalid_request(
        &h.ncp_raw(Method::Post, &path, r#"{"length":33}"#.as_bytes()),
        "between 5 and 32",
    );
    assert_invalid_request(&h.ncp_raw(Method::Post, &path, b"{}"), "length is required");
    assert_invalid_request(
        &h.ncp_raw(Method::Post, &path, r#"{"length":10,"includeSpace":"yes"}"#.as_bytes()),
        "boolean",
    );
    let everything_out = r#"{"length":10,"excludeNumbers":true,"excludePunctuation":true,"excludeUppercase":true,"excludeLowercase":true,"includeSpace":false}"#;
    assert_invalid_request(
        &h.ncp_raw(Method::Post, &path, everything_out.as_bytes()),
        "exclude every character",
    );
    let digits_only = r#"{"length":5,"excludeLowercase":true,"excludeUppercase":true,"excludePunctuation":true,"includeSpace":false}"#;
    let ok = h.ncp_raw(Method::Post, &path, digits_only.as_bytes());
    let text = ok.body["data"]["randomString"].as_str().unwrap();
    assert!(text.len() == 5 && text.chars().all(|c| c.is_ascii_digit()), "{text}");
}

fn assert_auth_failed(answer: &common::Answer) {
    assert_eq!(answer.status, 401, "{:?}", answer.body);
    assert_eq!(answer.body["error"]["errorCode"], "200");
    assert_eq!(answer.body["error"]["message"], "Authentication Failed");
}

#[test]
fn authentication_is_checked_like_the_gateway() {
    let h = Harness::new();
    // Wrong secret key: the signature does not match.
    let endpoint = Endpoint::parse(h.emulator.base_url()).unwrap();
    let wrong_secret = RequestFactory::new(
        endpoint.clone(),
        &Credentials::new(h.emulator.ncp_credentials().access_key(), "nope"),
    );
    let request = wrong_secret.build(&ncp::GetSecretList::new(), h.emulator.now()).unwrap();
    assert_auth_failed(&h.send(&request).unwrap());
    // Unknown access key.
    let wrong_key = RequestFactory::new(endpoint, &Credentials::new("UNKNOWN", "nope"));
    let request = wrong_key.build(&ncp::GetSecretList::new(), h.emulator.now()).unwrap();
    let answer = h.send(&request).unwrap();
    assert_auth_failed(&answer);
    assert_eq!(answer.body["error"]["details"], "unknown access key");

    // Stale timestamp: the emulator's clock is ten minutes ahead of the signer's.
    let request = h.factory.build(&ncp::GetSecretList::new(), std::time::SystemTime::now()).unwrap();
    h.emulator.set_clock_offset_ms(10 * 60 * 1000);
    let stale = h.send(&request).unwrap();
    assert_auth_failed(&stale);
    assert!(stale.body["error"]["details"].as_str().unwrap().contains("5 minutes"));
    h.emulator.set_clock_offset_ms(0);
    assert_eq!(h.send(&request).unwrap().status, 200, "same request within the window");

    // Tampered path: signed for one page, sent for another.
    let request = h.factory.build(&ncp::GetSecretList::new().page_no(1), h.emulator.now()).unwrap();
    let tampered = request.url.replace("pageNo=1", "pageNo=2");
    assert_ne!(tampered, request.url);
    let headers: Vec<(&str, &str)> = request.headers.iter().map(|hd| (hd.name, hd.value.as_str())).collect();
    let answer = h.raw("GET", &tampered, &headers, b"").unwrap();
    assert_auth_failed(&answer);
    assert_eq!(answer.body["error"]["details"], "signature mismatch");
    // Method changed.
    let answer = h.raw("POST", &request.url, &headers, b"{}").unwrap();
    assert_auth_failed(&answer);
    // Missing headers.
    let answer = h.raw("GET", &request.url, &[], b"").unwrap();
    assert_auth_failed(&answer);
}

#[test]
fn prefixed_paths_and_unknown_paths() {
    let h = Harness::new();
    let endpoint = Endpoint::parse(&format!("{}/secretmanager", h.emulator.base_url())).unwrap();
    let factory = RequestFactory::new(endpoint, &h.emulator.ncp_credentials());
    let request = factory.build(&ncp::GetTriggerList::new(), h.emulator.now()).unwrap();
    assert!(request.url.contains("/secretmanager/api/v1/triggers"));
    let answer = h.send(&request).unwrap();
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.body["data"]["triggerList"][0]["id"], TRIGGER_ID);

    for path in ["/api/v1/nothing", "/api/v2/secrets", "/elsewhere", "/action/v1/secrets/x/jobs/t/explode"] {
        let answer = h.ncp_raw(Method::Get, path, b"");
        assert_eq!(answer.status, 404, "{path}");
        assert_eq!(answer.body["error"]["errorCode"], "300");
        assert_eq!(answer.body["error"]["message"], "Not Found Exception");
    }
    let missing = h.call(&ncp::GetSecretDetail::new("0".repeat(64)));
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["error"]["errorCode"], "NOT_FOUND");
}
