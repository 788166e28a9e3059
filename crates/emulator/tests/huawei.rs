//! Huawei CSMS over real HTTP: secrets, versions, stages, rotation, authentication.

mod common;

use common::Harness;
use secretmanager_core::huawei::Credentials;
use secretmanager_core::huawei::signing::{Message, Signer};
use secretmanager_emulator::{Emulator, Fault};
use serde_json::Value;

fn create(h: &Harness, body: &str) -> Value {
    let answer = h.huawei("POST", &h.project_path("/secrets"), body).expect("the request is answered");
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body
}

fn stage_version(h: &Harness, name: &str, stage: &str) -> String {
    let answer = h
        .huawei("GET", &h.project_path(&format!("/secrets/{name}/stages/{stage}")), "")
        .expect("the request is answered");
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.body["stage"]["name"], stage);
    assert_eq!(answer.body["stage"]["secret_name"], name);
    answer.body["stage"]["version_id"].as_str().expect("a string field").to_owned()
}

#[test]
fn rotate_moves_syscurrent_and_sysprevious() {
    let h = Harness::new();
    let created = create(
        &h,
        r#"{"name":"rds-admin","secret_string":"{\"password\":\"first\"}","secret_type":"RDS-FG","rotation_config":"{\"instance_id\":\"i-1\"}","auto_rotation":true,"rotation_period":"30d"}"#,
    );
    assert_eq!(created["secret"]["name"], "rds-admin");
    assert_eq!(created["secret"]["secret_type"], "RDS-FG");
    assert!(created["secret"]["next_rotation_time"].as_i64().is_some());
    assert_eq!(stage_version(&h, "rds-admin", "SYSCURRENT"), "v1");

    let rotated = h.huawei("POST", &h.project_path("/secrets/rds-admin/rotate"), "").unwrap();
    assert_eq!(rotated.status, 200, "{:?}", rotated.body);
    assert_eq!(rotated.body["version_id"], "v2");
    assert_eq!(rotated.body["secret_name"], "rds-admin");
    let task = rotated.body["rotation_task_id"].as_str().unwrap();
    assert_eq!(task.len(), 36);
    assert_eq!(task.split('-').map(str::len).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);

    assert_eq!(stage_version(&h, "rds-admin", "SYSCURRENT"), "v2");
    assert_eq!(stage_version(&h, "rds-admin", "SYSPREVIOUS"), "v1");
    let latest = h.huawei("GET", &h.project_path("/secrets/rds-admin/versions/latest"), "").unwrap();
    let new_value = latest.body["version"]["secret_string"].as_str().unwrap().to_owned();
    assert_eq!(latest.body["version"]["version_metadata"]["id"], "v2");
    assert_ne!(new_value, r#"{"password":"first"}"#);
    let v1 = h.huawei("GET", &h.project_path("/secrets/rds-admin/versions/v1"), "").unwrap();
    assert_eq!(v1.body["version"]["secret_string"], r#"{"password":"first"}"#, "old value kept");
    assert_eq!(v1.body["version"]["version_metadata"]["version_stages"][0], "SYSPREVIOUS");

    let versions = h.huawei("GET", &h.project_path("/secrets/rds-admin/versions?limit=1"), "").unwrap();
    assert_eq!(versions.body["version_metadatas"].as_array().unwrap().len(), 1);
    assert_eq!(versions.body["page_info"]["next_marker"], "v1");
    let rest = h.huawei("GET", &h.project_path("/secrets/rds-admin/versions?limit=1&marker=v1"), "").unwrap();
    assert_eq!(rest.body["version_metadatas"][0]["id"], "v2");
    assert_eq!(rest.body["page_info"]["next_marker"], Value::Null);

    // A second rotation shifts again.
    h.huawei("POST", &h.project_path("/secrets/rds-admin/rotate"), "").unwrap();
    assert_eq!(stage_version(&h, "rds-admin", "SYSCURRENT"), "v3");
    assert_eq!(stage_version(&h, "rds-admin", "SYSPREVIOUS"), "v2");
}

#[test]
fn common_secrets_rotate_through_new_versions() {
    let h = Harness::new();
    create(&h, r#"{"name":"app-token","secret_string":"one"}"#);
    let refused = h.huawei("POST", &h.project_path("/secrets/app-token/rotate"), "").unwrap();
    assert_eq!(refused.status, 400);
    assert_eq!(refused.body["error_code"], "CSMS.0002");
    assert!(refused.body["error_msg"].as_str().unwrap().contains("CreateSecretVersion"));
    assert!(refused.body["request_id"].as_str().is_some());

    let version = h
        .huawei("POST", &h.project_path("/secrets/app-token/versions"), r#"{"secret_string":"two"}"#)
        .unwrap();
    assert_eq!(version.status, 200, "{:?}", version.body);
    assert_eq!(version.body["version_metadata"]["id"], "v2");
    assert_eq!(stage_version(&h, "app-token", "SYSCURRENT"), "v2");
    assert_eq!(stage_version(&h, "app-token", "SYSPREVIOUS"), "v1");

    // With a rotation function, a COMMON secret can rotate.
    let update = h
        .huawei(
            "PUT",
            &h.project_path("/secrets/app-token"),
            r#"{"rotation_func_urn":"urn:fss:cn-north-4:p:function:default:rotate"}"#,
        )
        .unwrap();
    assert_eq!(update.status, 200, "{:?}", update.body);
    assert_eq!(h.huawei("POST", &h.project_path("/secrets/app-token/rotate"), "").unwrap().status, 200);
    assert_eq!(stage_version(&h, "app-token", "SYSCURRENT"), "v3");
}

#[test]
fn validation_paging_and_not_found() {
    let h = Harness::new();
    for body in [
        r#"{"name":"bad name","secret_string":"x"}"#,
        r#"{"name":"both","secret_string":"x","secret_binary":"eA=="}"#,
        r#"{"name":"none"}"#,
        r#"{"name":"rds","secret_string":"x","secret_type":"RDS-FG"}"#,
        r#"{"name":"auto","secret_string":"x","auto_rotation":true}"#,
        r#"{"name":"period","secret_string":"x","rotation_period":"2h"}"#,
        r#"{"name":"bin","secret_binary":"not base64!"}"#,
    ] {
        let answer = h.huawei("POST", &h.project_path("/secrets"), body).unwrap();
        assert_eq!(answer.status, 400, "{body}: {:?}", answer.body);
        assert_eq!(answer.body["error_code"], "CSMS.0002", "{body}");
    }
    let bad_json = h.huawei("POST", &h.project_path("/secrets"), "{oops").unwrap();
    assert_eq!((bad_json.status, bad_json.body["error_code"].as_str()), (400, Some("CSMS.0004")));
    for name in ["a1", "a2", "a3"] {
        create(&h, &format!(r#"{{"name":"{name}","secret_string":"v"}}"#));
    }
    let duplicate =
        h.huawei("POST", &h.project_path("/secrets"), r#"{"name":"a1","secret_string":"v"}"#).unwrap();
    assert_eq!(duplicate.status, 400);
    let page = h.huawei("GET", &h.project_path("/secrets?limit=2"), "").unwrap();
    assert_eq!(page.body["secrets"].as_array().unwrap().len(), 2);
    assert_eq!(page.body["page_info"]["next_marker"], "a2");
    let next = h.huawei("GET", &h.project_path("/secrets?limit=2&marker=a2"), "").unwrap();
    assert_eq!(next.body["secrets"][0]["name"], "a3");
    assert_eq!(next.body["page_info"]["current_count"], 1);
    let missing = h.huawei("GET", &h.project_path("/secrets/ghost"), "").unwrap();
    // CSMS answers "the resource does not exist" with 400, as its error-code table says.
    assert_eq!((missing.status, missing.body["error_code"].as_str()), (400, Some("CSMS.0005")));
    let bad_version = h.huawei("GET", &h.project_path("/secrets/a1/versions/SYSCURRENT"), "").unwrap();
    assert_eq!(bad_version.status, 400);
    let unknown = h.huawei("GET", &h.project_path("/nothing"), "").unwrap();
    assert_eq!((unknown.status, unknown.body["error_code"].as_str()), (404, Some("APIGW.0101")));
}

#[test]
fn every_answer_carries_its_request_id_in_the_header_and_errors_in_the_body_too() {
    let h = Harness::new();
    let created =
        h.huawei("POST", &h.project_path("/secrets"), r#"{"name":"ids","secret_string":"v"}"#).unwrap();
    assert_eq!(created.status, 200, "{:?}", created.body);
    let success_id = created.request_id.expect("an X-Request-Id on a success");
    assert_eq!(success_id.len(), 32);
    let missing = h.huawei("GET", &h.project_path("/secrets/ghost"), "").unwrap();
    let error_id = missing.request_id.expect("an X-Request-Id on an error");
    assert_eq!(missing.body["request_id"].as_str(), Some(error_id.as_str()), "the body repeats the header");
    assert_ne!(error_id, success_id, "a fresh id per answer");
    assert_eq!((missing.trace_id, created.trace_id), (None, None), "no NCP trace id on Huawei answers");
    h.emulator.inject(Fault::Status(429), 1);
    let throttled = h.huawei("GET", &h.project_path("/secrets"), "").unwrap();
    assert_eq!(throttled.status, 429);
    assert_eq!(throttled.body["request_id"].as_str(), throttled.request_id.as_deref());
}

fn assert_auth_failed(answer: &common::Answer) {
    assert_eq!(answer.status, 401, "{:?}", answer.body);
    assert_eq!(answer.body["error_code"], "APIGW.0301");
    assert!(
        answer.body["error_msg"]
            .as_str()
            .expect("a string field")
            .starts_with("Incorrect IAM authentication information: ")
    );
    assert!(!answer.body["request_id"].as_str().expect("a string field").is_empty());
}

#[test]
fn bad_signatures_are_refused() {
    let h = Harness::new();
    let path = h.project_path("/secrets");
    let date = common::sdk_date(h.emulator.now());
    let host = h.host();
    let headers =
        [("Content-Type", "application/json"), ("Host", host.as_str()), ("X-Sdk-Date", date.as_str())];
    let message = Message { method: "GET", path: &path, query: "", headers: &headers, body: b"" };
    let url = format!("{}{path}", h.emulator.base_url());
    let send = |authorization: &str, url: &str| {
        let mut all = headers.to_vec();
        all.push(("Authorization", authorization));
        h.raw("GET", url, &all, b"").unwrap()
    };
    // Wrong secret key.
    let wrong = Signer::new(&Credentials::new(h.emulator.huawei_credentials().access_key(), "wrong-sk"));
    assert_auth_failed(&send(&wrong.sign(&date, &message).to_string(), &url));
    // Unknown access key.
    let unknown = Signer::new(&Credentials::new("UNKNOWN", "wrong-sk"));
    assert_auth_failed(&send(&unknown.sign(&date, &message).to_string(), &url));
    // Right key, tampered query.
    let right = Signer::new(&h.emulator.huawei_credentials()).sign(&date, &message).to_string();
    assert_eq!(send(&right, &url).status, 200);
    assert_auth_failed(&send(&right, &format!("{url}?limit=1")));
    // Not an SDK-HMAC-SHA256 header.
    assert_auth_failed(&send("Bearer abc", &url));
    // X-Sdk-Date more than 15 minutes away from the emulator's clock.
    h.emulator.set_clock_offset_ms(16 * 60 * 1000);
    assert_auth_failed(&send(&right, &url));
    h.emulator.set_clock_offset_ms(0);
    // No credentials at all.
    assert_auth_failed(&h.raw("GET", &url, &[], b"").unwrap());
}

#[test]
fn token_authentication_and_project_check() {
    let h = Harness::with(Emulator::builder().huawei_auth_token("token-123").start().unwrap());
    let url = format!("{}{}", h.emulator.base_url(), h.project_path("/secrets"));
    let ok = h.raw("GET", &url, &[("X-Auth-Token", "token-123")], b"").unwrap();
    assert_eq!(ok.status, 200, "{:?}", ok.body);
    assert_eq!(ok.body["secrets"], Value::Array(vec![]));
    assert_auth_failed(&h.raw("GET", &url, &[("X-Auth-Token", "token-124")], b"").unwrap());
    let other_project = format!("{}/v1/{}/secrets", h.emulator.base_url(), "f".repeat(32));
    let answer = h.raw("GET", &other_project, &[("X-Auth-Token", "token-123")], b"").unwrap();
    assert_eq!(answer.status, 403, "{:?}", answer.body);
}

#[test]
fn huawei_faults_use_huawei_bodies() {
    let h = Harness::new();
    h.emulator.inject(Fault::Status(429), 1);
    let answer = h.huawei("GET", &h.project_path("/secrets"), "").unwrap();
    assert_eq!(answer.status, 429);
    assert_eq!(answer.body["error_code"], "APIG.0308");
    h.emulator.inject(Fault::Status(502), 1);
    let answer =
        h.huawei("POST", &h.project_path("/secrets"), r#"{"name":"x","secret_string":"v"}"#).unwrap();
    assert_eq!(answer.status, 502);
    assert!(answer.body["error_msg"].is_string());
    let list = h.huawei("GET", &h.project_path("/secrets"), "").unwrap();
    assert_eq!(list.body["secrets"].as_array().unwrap().len(), 0, "the faulted create did nothing");
    assert_eq!(answer.dates.len(), 1);
}

fn rotate_task_id(h: &Harness, name: &str) -> String {
    let rotated = h
        .huawei("POST", &h.project_path(&format!("/secrets/{name}/rotate")), "")
        .expect("the request is answered");
    assert_eq!(rotated.status, 200, "{:?}", rotated.body);
    rotated.body["rotation_task_id"].as_str().expect("a task id").to_owned()
}

fn tasks(h: &Harness, query: &str) -> Value {
    let answer = h
        .huawei("GET", &h.project_path(&format!("/csms/tasks{query}")), "")
        .expect("the request is answered");
    assert_eq!(answer.status, 200, "{query}: {:?}", answer.body);
    answer.body
}

fn task_ids(list: &Value) -> Vec<String> {
    let tasks = list["tasks"].as_array().expect("a task array");
    tasks.iter().map(|t| t["task_id"].as_str().expect("a task id").to_owned()).collect()
}

#[test]
fn every_rotation_is_recorded_as_a_task() {
    let h = Harness::new();
    assert_eq!(task_ids(&tasks(&h, "")), Vec::<String>::new(), "no task before any rotation");
    let urn = "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:rotate:latest";
    create(&h, &format!(r#"{{"name":"fn-secret","secret_string":"one","rotation_func_urn":"{urn}"}}"#));
    create(
        &h,
        r#"{"name":"rds-secret","secret_string":"one","secret_type":"RDS-FG","rotation_config":"{\"instance_id\":\"i-1\"}"}"#,
    );
    create(&h, r#"{"name":"plain","secret_string":"one"}"#);

    h.emulator.set_clock_offset_ms(86_400_000);
    let before = ms(h.emulator.now());
    let first = rotate_task_id(&h, "fn-secret");
    let after = ms(h.emulator.now());
    let second = rotate_task_id(&h, "rds-secret");
    let third = rotate_task_id(&h, "fn-secret");
    // A refused rotation records nothing.
    assert_eq!(h.huawei("POST", &h.project_path("/secrets/plain/rotate"), "").unwrap().status, 400);

    let all = tasks(&h, "");
    assert_eq!(task_ids(&all), [first.as_str(), second.as_str(), third.as_str()]);
    assert_eq!(all["total"], 3);
    assert_eq!(all["next_marker"], Value::Null);
    assert!(all.get("page_info").is_none(), "ListSecretTask answers next_marker at the top level");
    let task = &all["tasks"][0];
    assert_eq!(task["secret_name"], "fn-secret");
    assert_eq!(task["rotation_func_urn"], urn);
    assert_eq!(task["task_status"], "SUCCESS");
    assert_eq!(task["operate_type"], "ROTATE");
    assert_eq!(task["attempt_nums"], 1);
    let time = task["task_time"].as_i64().expect("an integer time");
    assert!((before..=after).contains(&time), "{before} <= {time} <= {after}: the emulator's clock");
    assert!(task.get("task_error_code").is_none() && task.get("task_error_msg").is_none());
    assert!(all["tasks"][1].get("rotation_func_urn").is_none(), "the RDS secret has no function");

    let by_id = tasks(&h, &format!("?task_id={second}"));
    assert_eq!(task_ids(&by_id), [second.as_str()]);
    assert_eq!(by_id["tasks"][0]["secret_name"], "rds-secret");
    assert_eq!(task_ids(&tasks(&h, "?secret_name=fn-secret")), [first.as_str(), third.as_str()]);
    assert_eq!(
        task_ids(&tasks(&h, "?secret_name=fn-secret&status=SUCCESS")),
        [first.as_str(), third.as_str()]
    );
    assert_eq!(task_ids(&tasks(&h, "?status=FAILED")), Vec::<String>::new());
    // task_id cannot be combined with the other filters.
    let combined = h
        .huawei("GET", &h.project_path(&format!("/csms/tasks?secret_name=fn-secret&task_id={second}")), "")
        .unwrap();
    assert_eq!((combined.status, combined.body["error_code"].as_str()), (400, Some("CSMS.0002")));
    assert_eq!(task_ids(&tasks(&h, "?task_id=00000000-0000-4000-8000-000000000000")), Vec::<String>::new());
    assert_eq!(
        task_ids(&tasks(&h, "?secret_name=&status=")),
        [first.as_str(), second.as_str(), third.as_str()],
        "empty = absent"
    );
}

#[test]
fn tasks_are_paged_and_filters_validated() {
    let h = Harness::new();
    create(&h, r#"{"name":"paged","secret_string":"v","rotation_func_urn":"urn:fss:f"}"#);
    let ids: Vec<String> = (0..5).map(|_| rotate_task_id(&h, "paged")).collect();

    let first = tasks(&h, "?limit=2");
    assert_eq!(task_ids(&first), ids[..2]);
    assert_eq!(first["next_marker"], ids[1].as_str());
    assert_eq!(first["total"], 5, "total counts every matching task, not the page");
    let second = tasks(&h, &format!("?limit=2&marker={}", ids[1]));
    assert_eq!(task_ids(&second), ids[2..4]);
    let last = tasks(&h, &format!("?secret_name=paged&limit=2&marker={}", ids[3]));
    assert_eq!(task_ids(&last), ids[4..]);
    assert_eq!(last["next_marker"], Value::Null);
    assert_eq!(task_ids(&tasks(&h, "?limit=1000")).len(), 5, "limit goes up to 1000");

    for query in
        ["?limit=0", "?limit=1001", "?limit=x", "?status=DONE", "?marker=unknown", "?secret_name=bad%20name"]
    {
        let answer = h.huawei("GET", &h.project_path(&format!("/csms/tasks{query}")), "").unwrap();
        assert_eq!(answer.status, 400, "{query}: {:?}", answer.body);
        assert_eq!(answer.body["error_code"], "CSMS.0002", "{query}");
    }
    let wrong_method = h.huawei("POST", &h.project_path("/csms/tasks"), "").unwrap();
    assert_eq!((wrong_method.status, wrong_method.body["error_code"].as_str()), (404, Some("APIGW.0101")));
}

fn ms(time: std::time::SystemTime) -> i64 {
    let since = time.duration_since(std::time::UNIX_EPOCH).expect("after 1970");
    i64::try_from(since.as_millis()).expect("fits")
}
