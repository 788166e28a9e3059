//! Huawei CSMS over real HTTP: asynchronous rotation tasks and their injected failures, the
//! routing of every operation, `X-Sdk-Content-Sha256`, and headers that are not ASCII.

mod common;

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{Answer, Harness, sdk_date};
use secretmanager_core::huawei::signing;
use serde_json::Value;

fn call(h: &Harness, method: &str, rest: &str, body: &str) -> Answer {
    h.huawei(method, &h.project_path(rest), body).expect("the request is answered")
}

fn ok(answer: Answer) -> Value {
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body
}

fn rotatable(h: &Harness, name: &str) {
    let body = format!(r#"{{"name":"{name}","secret_string":"one","rotation_func_urn":"urn:fss:f"}}"#);
    ok(call(h, "POST", "/secrets", &body));
}

fn task(h: &Harness, id: &str) -> Value {
    let found = ok(call(h, "GET", &format!("/csms/tasks?task_id={id}"), ""));
    assert_eq!(found["total"], 1, "{found}");
    found["tasks"][0].clone()
}

fn current(h: &Harness, name: &str) -> String {
    let stage = ok(call(h, "GET", &format!("/secrets/{name}/stages/SYSCURRENT"), ""));
    stage["stage"]["version_id"].as_str().expect("a version id").to_owned()
}

#[test]
fn rotation_tasks_run_then_succeed_after_the_delay() {
    let h = Harness::new();
    rotatable(&h, "slow");
    let delay = Duration::from_millis(300);
    h.emulator.set_huawei_rotation_delay(delay);
    let started = Instant::now();
    let rotated = ok(call(&h, "POST", "/secrets/slow/rotate", ""));
    assert_eq!(rotated["version_id"], "v2");
    let id = rotated["rotation_task_id"].as_str().unwrap().to_owned();
    let status = task(&h, &id)["task_status"].clone();
    let syscurrent = current(&h, "slow");
    let running = ok(call(&h, "GET", "/csms/tasks?status=RUNNING", ""));
    // All three looked before the task could settle (on a slow machine they may not have).
    if started.elapsed() < delay {
        assert_eq!(status, "RUNNING");
        assert_eq!(syscurrent, "v1", "the new version waits for the task");
        assert_eq!(running["total"], 1);
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while task(&h, &id)["task_status"] == "RUNNING" {
        assert!(Instant::now() < deadline, "the task settles");
        std::thread::sleep(Duration::from_millis(50));
    }
    let settled = task(&h, &id);
    assert_eq!(settled["task_status"], "SUCCESS");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(current(&h, "slow"), "v2");
    assert!(ok(call(&h, "GET", "/secrets/slow", ""))["secret"]["rotation_time"].as_i64().is_some());

    // The emulator's clock settles tasks too.
    h.emulator.set_huawei_rotation_delay(Duration::from_secs(3600));
    let id =
        ok(call(&h, "POST", "/secrets/slow/rotate", ""))["rotation_task_id"].as_str().unwrap().to_owned();
    assert_eq!(task(&h, &id)["task_status"], "RUNNING");
    h.emulator.set_clock_offset_ms(3_600_001);
    assert_eq!(task(&h, &id)["task_status"], "SUCCESS");
    assert_eq!(current(&h, "slow"), "v3");
}

#[test]
fn injected_failures_leave_the_secret_as_it_was() {
    let h = Harness::new();
    rotatable(&h, "fragile");
    h.emulator.fail_huawei_rotations(1, "FSS.0500", "the function timed out");
    let failed = ok(call(&h, "POST", "/secrets/fragile/rotate", ""));
    let failed_task = task(&h, failed["rotation_task_id"].as_str().unwrap());
    assert_eq!(failed_task["task_status"], "FAILED");
    assert_eq!(failed_task["task_error_code"], "FSS.0500");
    assert_eq!(failed_task["task_error_msg"], "the function timed out");
    assert_eq!(current(&h, "fragile"), "v1");
    let versions = ok(call(&h, "GET", "/secrets/fragile/versions", ""));
    assert_eq!(versions["version_metadatas"].as_array().unwrap().len(), 1);

    // Through the control API: a delay and a failure with the default code.
    let set = h.control("POST", "/_emulator/huawei/rotation", r#"{"delay_ms":0,"fail_count":1}"#);
    assert_eq!((set.status, &set.body["queued_failures"]), (200, &Value::from(1)));
    let again = ok(call(&h, "POST", "/secrets/fragile/rotate", ""));
    let again_task = task(&h, again["rotation_task_id"].as_str().unwrap());
    assert_eq!(
        (again_task["task_status"].as_str(), again_task["task_error_code"].as_str()),
        (Some("FAILED"), Some("CSMS.0001"))
    );
    // The next one succeeds, with a version id after the failed ones.
    let fine = ok(call(&h, "POST", "/secrets/fragile/rotate", ""));
    assert_eq!(task(&h, fine["rotation_task_id"].as_str().unwrap())["task_status"], "SUCCESS");
    assert_eq!(current(&h, "fragile"), fine["version_id"].as_str().unwrap());
    let failed_list = ok(call(&h, "GET", "/csms/tasks?status=FAILED&secret_name=fragile", ""));
    assert_eq!(failed_list["total"], 2);

    let bad = h.control("POST", "/_emulator/huawei/rotation", r#"{"fail_count":-1}"#);
    assert_eq!(bad.status, 400);
}

#[test]
fn every_operation_routes_and_account_paths_take_no_project() {
    let h = Harness::new();
    // Operations outside the emulator's groups answer a CSMS error, never the gateway's 404.
    for (method, path) in [
        ("GET", "/v1/csms/users".to_owned()),
        ("GET", "/v1/csms/function-templates".to_owned()),
        ("POST", "/v1/csms/users/change-password".to_owned()),
        ("GET", h.project_path("/csms/events")),
        ("GET", h.project_path("/csms/grants")),
        ("GET", h.project_path("/csms/0000/tags")),
    ] {
        let answer = h.huawei(method, &path, "").unwrap();
        assert_ne!(answer.body["error_code"], "APIGW.0101", "{method} {path}");
        assert_ne!(answer.status, 403, "{method} {path}: csms is not taken as a project id");
        assert!(
            answer.body.get("error_code").is_none()
                || answer.body["error_code"].as_str().unwrap().starts_with("CSMS.")
        );
    }
    let unknown = h.huawei("GET", "/v1/csms/nothing", "").unwrap();
    assert_eq!((unknown.status, unknown.body["error_code"].as_str()), (404, Some("APIGW.0101")));
    let other_project = h.huawei("GET", "/v1/ffffffffffffffffffffffffffffffff/secrets", "").unwrap();
    assert_eq!(other_project.status, 403);
}

/// A POST signed like the official signer with `X-Sdk-Content-Sha256: claimed`.
fn post_with_content_header(h: &Harness, rest: &str, body: &[u8], claimed: &str, sent_body: &[u8]) -> Answer {
    let path = h.project_path(rest);
    let date = sdk_date(h.emulator.now());
    let host = h.host();
    let headers = [
        ("Content-Type", "application/json"),
        ("Host", host.as_str()),
        ("X-Sdk-Content-Sha256", claimed),
        ("X-Sdk-Date", date.as_str()),
    ];
    let signed = signing::signed_header_names(&headers);
    let signed: Vec<&str> = signed.iter().map(String::as_str).collect();
    let mut canonical = signing::canonical_request("POST", &path, "", &headers, &signed, body);
    canonical.truncate(canonical.len() - 64);
    canonical.push_str(claimed);
    let credentials = h.emulator.huawei_credentials();
    let signature = signing::signature(
        credentials.secret_key().expose().as_bytes(),
        &signing::string_to_sign(&date, &canonical),
    );
    let authorization = format!(
        "SDK-HMAC-SHA256 Access={}, SignedHeaders={}, Signature={signature}",
        credentials.access_key(),
        signed.join(";")
    );
    let mut all = headers.to_vec();
    all.push(("Authorization", authorization.as_str()));
    h.raw("POST", &format!("{}{path}", h.emulator.base_url()), &all, sent_body)
        .expect("the request is answered")
}

#[test]
fn content_sha256_is_honoured_as_the_official_signer_sends_it() {
    let h = Harness::new();
    let body = br#"{"name":"unsigned","secret_string":"v"}"#;
    let unsigned = post_with_content_header(&h, "/secrets", body, "UNSIGNED-PAYLOAD", body);
    assert_eq!(unsigned.status, 200, "{:?}", unsigned.body);
    let hash: String = {
        use sha2::Digest as _;
        sha2::Sha256::digest(br#"{"name":"hashed","secret_string":"v"}"#)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let good = br#"{"name":"hashed","secret_string":"v"}"#;
    assert_eq!(post_with_content_header(&h, "/secrets", good, &hash, good).status, 200);
    let other = br#"{"name":"swapped","secret_string":"v"}"#;
    let tampered = post_with_content_header(&h, "/secrets", good, &hash, other);
    assert_eq!((tampered.status, tampered.body["error_code"].as_str()), (401, Some("APIGW.0301")));
}

/// Sends raw bytes and reads the whole answer (the connection is closed after it).
fn raw_exchange(h: &Harness, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(h.emulator.local_addr()).expect("the emulator accepts");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("a read timeout");
    stream.write_all(request).expect("the request is sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("the answer arrives before the timeout");
    answer
}

#[test]
fn a_header_that_is_not_ascii_gets_a_400() {
    let h = Harness::new();
    for header in [&b"X-Note: caf\xc3\xa9"[..], b"X-Note: \xff\xfe", b"X-N\xc3\xb6te: v"] {
        let mut request =
            format!("GET {} HTTP/1.1\r\nHost: {}\r\n", h.project_path("/secrets"), h.host()).into_bytes();
        request.extend_from_slice(header);
        request.extend_from_slice(b"\r\nConnection: close\r\n\r\n");
        let answer = String::from_utf8_lossy(&raw_exchange(&h, &request)).into_owned();
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
        assert!(answer.contains("\"error_code\":\"CSMS.0003\""), "{answer}");
    }
    // On a kept-alive connection, a request after a body with any bytes is still served.
    let body = b"\xff\xfe\r\n\r\nzz";
    let mut request = format!(
        "POST /api/v1/secrets HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n\r\n",
        h.host(),
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    request.extend_from_slice(
        format!("GET /_emulator/health HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", h.host())
            .as_bytes(),
    );
    let answer = String::from_utf8_lossy(&raw_exchange(&h, &request)).into_owned();
    assert_eq!(answer.matches("HTTP/1.1 ").count(), 2, "{answer}");
    assert!(answer.contains("{\"status\":\"ok\"}"), "{answer}");
}
