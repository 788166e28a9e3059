//! A hostile server on 127.0.0.1 that quotes the whole request (path, headers, body) in its
//! error answer, body and request-id headers: no secret the request carried reaches an error's
//! text or request id, in any form.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use secretmanager_blocking::{RetryPolicy, huawei, ncp};

const CANARY: &str = "canary-Zq8x-7c1f";

/// Every form a server could echo `secret` in.
fn forms(secret: &str) -> Vec<String> {
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    vec![secret.to_owned(), STANDARD.encode(secret), hex]
}

/// A server answering `requests` requests with `status` and a body built by `answer` from the
/// request's path, headers and body; it stops early when none comes for 10 s, and its thread
/// returns how many it served.
fn echoing_server(
    status: u16,
    requests: usize,
    answer: fn(&str, &str, &str) -> String,
) -> (String, std::thread::JoinHandle<usize>) {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("a local port");
    let url = format!("http://{}", server.server_addr().to_ip().expect("an IP address"));
    let handle = std::thread::spawn(move || {
        let mut count = 0;
        while count < requests {
            let Ok(Some(mut request)) = server.recv_timeout(Duration::from_secs(10)) else { break };
            let mut body = String::new();
            let _ = request.as_reader().read_to_string(&mut body);
            let headers: String =
                request.headers().iter().map(|h| format!("{}: {}; ", h.field, h.value)).collect();
            let reply = answer(request.url(), &headers, &body);
            // The request-id headers of both providers quote the body and the headers too.
            let echo = format!("id {body} {headers}").replace(['\r', '\n'], " ");
            let mut response = tiny_http::Response::from_string(reply).with_status_code(status);
            for name in ["x-ncp-trace-id", "X-Request-Id"] {
                response.add_header(tiny_http::Header::from_bytes(name, echo.as_bytes()).expect("a header"));
            }
            let _ = request.respond(response);
            count += 1;
        }
        count
    });
    (url, handle)
}

fn ncp_echo(path: &str, headers: &str, body: &str) -> String {
    serde_json::json!({"error": {"errorCode": "INVALID_REQUEST", "message": format!("bad {body} {headers}"), "details": path}})
        .to_string()
}

fn huawei_echo(path: &str, headers: &str, body: &str) -> String {
    serde_json::json!({"error_code": "CSMS.0004", "error_msg": format!("bad {path} {headers} {body}")})
        .to_string()
}

fn assert_clean(what: &str, err: &secretmanager_blocking::Error) {
    let request_id = err.request_id().unwrap_or_else(|| panic!("{what}: the echoed request id is kept"));
    let texts = [err.to_string(), format!("{err:?}"), request_id.to_owned()];
    for text in &texts {
        for form in forms(CANARY) {
            assert!(!text.contains(&form), "{what}: {form} in {text}");
        }
    }
    assert!(texts[0].contains("redacted"), "{what}: the echo was kept, cleaned: {}", texts[0]);
    assert!(texts[0].contains(request_id), "{what}: the message quotes the request id");
}

#[test]
fn ncp_errors_never_quote_the_value_or_the_job_token() {
    let (url, server) = echoing_server(400, 4, ncp_echo);
    let client = ncp::Client::builder()
        .base_url(&url)
        .credentials(ncp::Credentials::new("AK", "SK"))
        .no_proxy()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let value = format!(r#"{{"user":"app","password":"{CANARY}"}}"#);
    let err =
        client.create_secret(&ncp::CreateSecret::new("echoed", value.as_str(), ["password"])).unwrap_err();
    assert_clean("create", &err);
    let err = client
        .update_secret_stage_value(&ncp::UpdateSecretStageValue::new(
            "sid",
            ncp::SecretStage::Pending,
            value.as_str(),
        ))
        .unwrap_err();
    assert_clean("stage value", &err);
    let token = format!("{CANARY}/with space");
    let err =
        client.complete_rotation_job(&ncp::CompleteRotationJob::new("sid", token.as_str())).unwrap_err();
    assert_clean("complete (token in the path, percent-encoded)", &err);
    let err = client
        .update_pending_stage(&ncp::UpdatePendingStage::new("sid", CANARY, value.as_str()))
        .unwrap_err();
    assert_clean("update pending", &err);
    assert_eq!(err.status(), Some(400));
    assert_eq!(server.join().unwrap(), 4);
}

#[test]
fn huawei_errors_never_quote_the_value_or_the_iam_token() {
    let (url, server) = echoing_server(400, 3, huawei_echo);
    let client = huawei::Client::builder()
        .base_url(&url)
        .token(CANARY)
        .project_id("0123456789abcdef0123456789abcdef")
        .no_proxy()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.create_secret(&huawei::CreateSecret::new("echoed").secret_string(CANARY)).unwrap_err();
    assert_clean("create", &err);
    let err = client.show_secret(&huawei::ShowSecret::new("echoed")).unwrap_err();
    assert_clean("show (token header)", &err);
    let binary = huawei::CreateSecretVersion::new("echoed").secret_binary(CANARY.as_bytes().to_vec());
    let err = client.create_secret_version(&binary).unwrap_err();
    assert_clean("version (base64 body)", &err);
    assert_eq!(server.join().unwrap(), 3);
}
