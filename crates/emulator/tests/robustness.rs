//! Every operation, fed bad bodies, answers a typed error envelope and never crashes.

mod common;

use common::Harness;
use secretmanager_core::Method;
use secretmanager_core::ncp;
use secretmanager_emulator::TRIGGER_ID;

#[test]
fn bad_bodies_never_crash_any_ncp_operation() {
    let h = Harness::new();
    let created =
        h.call(&ncp::CreateSecret::new("robust", r#"{"k":"v"}"#, ["k"]).auto_rotation(5, TRIGGER_ID));
    let id = created.body["data"]["secretId"].as_str().unwrap().to_owned();
    h.call(&ncp::ExecuteRotationJob::new(&id));
    let logs = h.call(&ncp::GetSecretLogs::new(&id).keyword("Execute")).body;
    let token = logs["data"]["result"][0]["jobToken"].as_str().unwrap().to_owned();
    h.call(&ncp::StartRotationJob::new(&id, &token));

    let s = format!("/api/v1/secrets/{id}");
    let j = format!("/action/v1/secrets/{id}/jobs/{token}");
    let routes: Vec<(Method, String)> = vec![
        (Method::Get, "/api/v1/secrets?pageNo=-1".into()),
        (Method::Get, "/api/v1/secrets?pageNo=abc".into()),
        (Method::Post, "/api/v1/secrets".into()),
        (Method::Get, format!("{s}/logs?pageSize=0")),
        (Method::Get, format!("{s}/logs?timestampFrom=yesterday")),
        (Method::Put, format!("{s}/values")),
        (Method::Put, format!("{s}/values/pending")),
        (Method::Put, format!("{s}/memo")),
        (Method::Put, format!("{s}/protection-key")),
        (Method::Post, format!("{s}/enable-auto-rotation")),
        (Method::Put, format!("{s}/rotation-period")),
        (Method::Put, format!("{s}/triggers")),
        (Method::Put, format!("{j}/pending")),
        (Method::Post, format!("{j}/generate-random-secret")),
    ];
    let bodies: [&[u8]; 7] = [
        b"{",
        b"null",
        b"[]",
        b"\"text\"",
        br#"{"value":5,"memo":[],"rotationPeriod":"x","triggerId":7,"length":"x","protectionKeyType":1,"previous":{}}"#,
        br#"{"rotationPeriod":99999999999999999999999,"length":-5,"value":"{\"a\":"}"#,
        b"\xff\xfe not utf-8",
    ];
    for (method, path) in &routes {
        for body in bodies {
            let answer = h.ncp_raw(*method, path, body);
            let shown = String::from_utf8_lossy(body);
            assert!(
                matches!(answer.status, 400 | 404 | 422),
                "{method} {path} {shown}: {} {:?}",
                answer.status,
                answer.body
            );
            assert!(
                answer.body["error"]["errorCode"].is_string(),
                "{method} {path} {shown}: {:?}",
                answer.body
            );
            assert!(answer.body["error"]["details"].is_string());
        }
    }
    // The secret is intact and still rotating.
    let detail = h.call(&ncp::GetSecretDetail::new(&id)).body;
    assert_eq!(detail["data"]["secretStatus"], "ROTATING");
    let value = h.call(&ncp::GetSecretValue::new(&id)).body;
    assert_eq!(value["data"]["decryptedSecretChain"]["active"], r#"{"k":"v"}"#);
}

#[test]
fn bad_bodies_never_crash_huawei_operations() {
    let h = Harness::new();
    let created =
        h.huawei("POST", &h.project_path("/secrets"), r#"{"name":"hw","secret_string":"v"}"#).unwrap();
    assert_eq!(created.status, 200);
    for (method, rest) in [
        ("POST", "/secrets"),
        ("PUT", "/secrets/hw"),
        ("POST", "/secrets/hw/versions"),
        ("PUT", "/secrets/hw/versions/v1"),
        ("PUT", "/secrets/hw/stages/blue"),
        ("POST", "/secrets/hw/scheduled-deleted-tasks/create"),
        ("POST", "/secrets/restore"),
        ("POST", "/secrets/batch-import"),
        ("POST", "/secrets/checker/check"),
        ("POST", "/secrets/checker/config"),
        ("POST", "/csms/generate-password"),
    ] {
        for body in [
            "{",
            "null",
            "[]",
            r#"{"name":5,"secret_string":[],"auto_rotation":"yes","version_stages":"x","expire_time":"x","version_id":1,"recovery_window_in_days":"x","secret_blob":1,"secrets":{},"type":1,"checking_secret_strength":"x","length":"x"}"#,
        ] {
            let answer = h.huawei(method, &h.project_path(rest), body).unwrap();
            assert_eq!(answer.status, 400, "{method} {rest} {body}: {:?}", answer.body);
            assert!(answer.body["error_code"].as_str().unwrap().starts_with("CSMS."));
        }
    }
    for query in ["?limit=0", "?limit=abc", "?limit=1001", "?marker=nobody"] {
        let answer = h.huawei("GET", &h.project_path(&format!("/secrets{query}")), "").unwrap();
        assert_eq!(answer.status, 400, "{query}");
    }
}
