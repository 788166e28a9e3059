//! The emulator refuses Huawei signatures that leave `host` or `x-sdk-date` out of
//! SignedHeaders, and its request log never shows an NCP job token.

mod common;

use common::{Harness, sdk_date};
use secretmanager_core::huawei::signing::{Message, Signer};
use secretmanager_core::ncp;
use secretmanager_emulator::{REDACTED_JOB_TOKEN, TRIGGER_ID};

/// A Huawei GET of the secret list whose signature covers only `signed` of the headers sent.
fn list_signed_over(h: &Harness, signed: &[&str]) -> common::Answer {
    let path = h.project_path("/secrets");
    let date = sdk_date(h.emulator.now());
    let host = h.host();
    let sent = [
        ("Content-Type", "application/json"),
        ("Host", host.as_str()),
        ("X-Project-Id", h.emulator.huawei_project_id()),
        ("X-Sdk-Date", date.as_str()),
    ];
    let covered: Vec<(&str, &str)> = sent.iter().copied().filter(|(n, _)| signed.contains(n)).collect();
    let message = Message { method: "GET", path: &path, query: "", headers: &covered, body: b"" };
    let authorization = Signer::new(&h.emulator.huawei_credentials()).sign(&date, &message).to_string();
    let mut all = sent.to_vec();
    all.push(("Authorization", authorization.as_str()));
    let url = format!("{}{path}", h.emulator.base_url());
    h.raw("GET", &url, &all, b"").expect("the request is answered")
}

#[test]
fn huawei_signatures_must_cover_host_and_date() {
    let h = Harness::new();
    let every = ["Content-Type", "Host", "X-Project-Id", "X-Sdk-Date"];
    assert_eq!(list_signed_over(&h, &every).status, 200, "the full signature is accepted");
    for left_out in ["Host", "X-Sdk-Date"] {
        let signed: Vec<&str> = every.iter().copied().filter(|n| *n != left_out).collect();
        let answer = list_signed_over(&h, &signed);
        assert_eq!(answer.status, 401, "{left_out} left out: {:?}", answer.body);
        assert_eq!(answer.body["error_code"], "APIGW.0301", "{left_out} left out");
    }
}

#[test]
fn the_request_log_redacts_job_tokens() {
    let h = Harness::new();
    let value = r#"{"k":"v"}"#;
    let created = h.call(&ncp::CreateSecret::new("logged", value, ["k"]).auto_rotation(1, TRIGGER_ID));
    let id = created.body["data"]["secretId"].as_str().expect("an id").to_owned();
    h.call(&ncp::ExecuteRotationJob::new(&id));
    let logs = h.call(&ncp::GetSecretLogs::new(&id).keyword("Execute")).body;
    let token = logs["data"]["result"][0]["jobToken"].as_str().expect("a job token").to_owned();
    assert!(token.len() >= 8, "a token long enough to be searched for: {token:?}");
    let started = h.call(&ncp::StartRotationJob::new(&id, &token));
    assert_eq!(started.status, 200, "{:?}", started.body);

    let expected = format!("/action/v1/secrets/{id}/jobs/{REDACTED_JOB_TOKEN}/start");
    let records = h.emulator.requests();
    assert!(records.iter().any(|r| r.method == "POST" && r.path == expected), "{records:?}");
    assert!(records.iter().all(|r| !r.path.contains(&token)), "{records:?}");

    let listed = h.control("GET", "/_emulator/requests", "");
    assert_eq!(listed.status, 200);
    let text = listed.body.to_string();
    assert!(!text.contains(&token), "the control answer shows the token: {text}");
    assert!(text.contains(&expected), "{text}");
}
