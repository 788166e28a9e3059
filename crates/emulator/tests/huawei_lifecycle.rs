//! Huawei CSMS over real HTTP: the life of a secret (scheduled deletion, restore, deletion),
//! stages and versions, backups, and the tools around secrets.

mod common;

use common::{Answer, Harness};
use serde_json::{Value, json};

fn call(h: &Harness, method: &str, rest: &str, body: &str) -> Answer {
    h.huawei(method, &h.project_path(rest), body).expect("the request is answered")
}

fn ok(answer: Answer) -> Value {
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body
}

/// Creates event `name`, which secrets may then subscribe to (CSMS refuses unknown events).
fn create_event(h: &Harness, name: &str) {
    let body = json!({"name": name, "event_types": ["SECRET_ROTATED"], "state": "ENABLED",
        "notification": {"target_type": "SMN", "target_id": "urn:smn:r:p:topic", "target_name": "topic"}});
    ok(call(h, "POST", "/csms/events", &body.to_string()));
}

fn error_code(answer: &Answer) -> (u16, &str) {
    (answer.status, answer.body["error_code"].as_str().unwrap_or("no error_code"))
}

fn create(h: &Harness, name: &str) -> Value {
    ok(call(h, "POST", "/secrets", &format!(r#"{{"name":"{name}","secret_string":"first"}}"#)))
}

#[test]
fn scheduled_deletion_blocks_use_until_restored_or_due() {
    let h = Harness::new();
    create(&h, "doomed");
    let before = h.emulator.now();
    let scheduled = ok(call(
        &h,
        "POST",
        "/secrets/doomed/scheduled-deleted-tasks/create",
        r#"{"recovery_window_in_days":7}"#,
    ));
    assert_eq!(scheduled["secret"]["state"], "PENDING_DELETE");
    let due = scheduled["secret"]["scheduled_delete_time"].as_i64().expect("a deletion time");
    let since = |t: std::time::SystemTime| {
        i64::try_from(t.duration_since(std::time::UNIX_EPOCH).unwrap().as_millis()).unwrap()
    };
    assert!((due - since(before) - 7 * 86_400_000).abs() < 5_000, "7 days ahead: {due}");

    // Reading the secret's metadata works; using it does not.
    assert_eq!(ok(call(&h, "GET", "/secrets/doomed", ""))["secret"]["state"], "PENDING_DELETE");
    for (method, rest, body) in [
        ("GET", "/secrets/doomed/versions/v1", ""),
        ("POST", "/secrets/doomed/versions", r#"{"secret_string":"x"}"#),
        ("PUT", "/secrets/doomed", r#"{"description":"x"}"#),
        ("PUT", "/secrets/doomed/stages/custom", r#"{"version_id":"v1"}"#),
        ("PUT", "/secrets/doomed/versions/v1", r#"{"expire_time":1}"#),
        ("POST", "/secrets/doomed/backup", ""),
    ] {
        let refused = call(&h, method, rest, body);
        assert_eq!(error_code(&refused), (400, "CSMS.0103"), "{method} {rest}");
    }
    let again = call(&h, "POST", "/secrets/doomed/scheduled-deleted-tasks/create", "");
    assert_eq!(error_code(&again), (400, "CSMS.0107"));

    let restored = ok(call(&h, "POST", "/secrets/doomed/scheduled-deleted-tasks/cancel", ""));
    assert_eq!(restored["secret"]["state"], "ENABLED");
    assert!(restored["secret"].get("scheduled_delete_time").is_none());
    assert_eq!(ok(call(&h, "GET", "/secrets/doomed/versions/v1", ""))["version"]["secret_string"], "first");
    let not_pending = call(&h, "POST", "/secrets/doomed/scheduled-deleted-tasks/cancel", "");
    assert_eq!(error_code(&not_pending), (400, "CSMS.0108"));

    for days in ["6", "31", "\"7\""] {
        let bad = call(
            &h,
            "POST",
            "/secrets/doomed/scheduled-deleted-tasks/create",
            &format!(r#"{{"recovery_window_in_days":{days}}}"#),
        );
        assert_eq!(error_code(&bad), (400, "CSMS.0002"), "{days}");
    }

    // Once the window has passed, the secret is gone.
    ok(call(&h, "POST", "/secrets/doomed/scheduled-deleted-tasks/create", ""));
    h.emulator.set_clock_offset_ms(31 * 86_400_000);
    assert_eq!(error_code(&call(&h, "GET", "/secrets/doomed", "")), (400, "CSMS.0005"));
}

#[test]
fn delete_secret_answers_204_and_forgets_it() {
    let h = Harness::new();
    create(&h, "short-lived");
    let deleted = call(&h, "DELETE", "/secrets/short-lived", "");
    assert_eq!((deleted.status, &deleted.body), (204, &Value::Null));
    assert!(deleted.request_id.is_some());
    assert_eq!(error_code(&call(&h, "GET", "/secrets/short-lived", "")), (400, "CSMS.0005"));
    assert_eq!(error_code(&call(&h, "DELETE", "/secrets/short-lived", "")), (400, "CSMS.0005"));
    // The name is free again.
    create(&h, "short-lived");
}

#[test]
fn stages_move_and_custom_ones_can_be_deleted() {
    let h = Harness::new();
    create(&h, "staged");
    // No version_stages, or an empty list, means SYSCURRENT.
    let v2 =
        ok(call(&h, "POST", "/secrets/staged/versions", r#"{"secret_string":"second","version_stages":[]}"#));
    assert_eq!(v2["version_metadata"]["version_stages"], json!(["SYSCURRENT"]));
    let v3 = ok(call(
        &h,
        "POST",
        "/secrets/staged/versions",
        r#"{"secret_string":"third","version_stages":["next"]}"#,
    ));
    assert_eq!(v3["version_metadata"]["version_stages"], json!(["next"]));

    let moved = ok(call(&h, "PUT", "/secrets/staged/stages/SYSCURRENT", r#"{"version_id":"v3"}"#));
    assert_eq!(moved["stage"]["name"], "SYSCURRENT");
    assert_eq!(moved["stage"]["version_id"], "v3");
    assert_eq!(moved["stage"]["secret_name"], "staged");
    assert!(moved["stage"]["update_time"].as_i64().is_some());
    assert_eq!(ok(call(&h, "GET", "/secrets/staged/stages/SYSPREVIOUS", ""))["stage"]["version_id"], "v2");
    let custom = ok(call(&h, "PUT", "/secrets/staged/stages/blue", r#"{"version_id":"v1"}"#));
    assert_eq!(custom["stage"]["version_id"], "v1");

    let deleted = call(&h, "DELETE", "/secrets/staged/stages/blue", "");
    assert_eq!(deleted.status, 204, "{:?}", deleted.body);
    assert_eq!(error_code(&call(&h, "GET", "/secrets/staged/stages/blue", "")), (400, "CSMS.0005"));
    for system in ["SYSCURRENT", "SYSPREVIOUS"] {
        let refused = call(&h, "DELETE", &format!("/secrets/staged/stages/{system}"), "");
        assert_eq!(error_code(&refused), (400, "CSMS.0105"), "{system}");
    }
    assert_eq!(error_code(&call(&h, "DELETE", "/secrets/staged/stages/none", "")), (400, "CSMS.0005"));
    let unknown_version = call(&h, "PUT", "/secrets/staged/stages/blue", r#"{"version_id":"v9"}"#);
    assert_eq!(error_code(&unknown_version), (400, "CSMS.0005"));
    assert_eq!(error_code(&call(&h, "PUT", "/secrets/staged/stages/blue", "{}")), (400, "CSMS.0002"));
}

#[test]
fn update_version_sets_the_expiry() {
    let h = Harness::new();
    create(&h, "expiring");
    let updated = ok(call(&h, "PUT", "/secrets/expiring/versions/v1", r#"{"expire_time":1900000000000}"#));
    assert_eq!(updated["version_metadata"]["id"], "v1");
    assert_eq!(updated["version_metadata"]["expire_time"], 1_900_000_000_000_i64);
    let listed = ok(call(&h, "GET", "/secrets/expiring/versions", ""));
    assert_eq!(listed["version_metadatas"][0]["expire_time"], 1_900_000_000_000_i64);
    assert_eq!(error_code(&call(&h, "PUT", "/secrets/expiring/versions/v7", "{}")), (400, "CSMS.0005"));
    assert_eq!(error_code(&call(&h, "PUT", "/secrets/expiring/versions/x1", "{}")), (400, "CSMS.0002"));
}

#[test]
fn a_backup_restores_the_secret_with_its_versions() {
    let h = Harness::new();
    create_event(&h, "ev-1");
    ok(call(
        &h,
        "POST",
        "/secrets",
        r#"{"name":"kept","secret_string":"first","description":"d","event_subscriptions":["ev-1"]}"#,
    ));
    ok(call(&h, "POST", "/secrets/kept/versions", r#"{"secret_binary":"AAEC"}"#));
    let original = ok(call(&h, "GET", "/secrets/kept", ""));
    let blob = ok(call(&h, "POST", "/secrets/kept/backup", ""))["secret_blob"].as_str().unwrap().to_owned();
    assert!(!blob.contains("first") && !blob.contains("kept"), "the blob is not readable");

    let exists = call(&h, "POST", "/secrets/restore", &json!({"secret_blob": blob}).to_string());
    assert_eq!(error_code(&exists), (400, "CSMS.0003"), "the secret still exists");
    assert_eq!(call(&h, "DELETE", "/secrets/kept", "").status, 204);
    let restored = ok(call(&h, "POST", "/secrets/restore", &json!({"secret_blob": blob}).to_string()));
    assert_eq!(restored, original);
    assert_eq!(ok(call(&h, "GET", "/secrets/kept/versions/v1", ""))["version"]["secret_string"], "first");
    assert_eq!(ok(call(&h, "GET", "/secrets/kept/versions/v2", ""))["version"]["secret_binary"], "AAEC");
    assert_eq!(ok(call(&h, "GET", "/secrets/kept/stages/SYSCURRENT", ""))["stage"]["version_id"], "v2");
    // The version counter came back too.
    let v3 = ok(call(&h, "POST", "/secrets/kept/versions", r#"{"secret_string":"third"}"#));
    assert_eq!(v3["version_metadata"]["id"], "v3");

    let mut tampered = blob.into_bytes();
    let middle = tampered.len() / 2;
    tampered[middle] = if tampered[middle] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    assert_eq!(call(&h, "DELETE", "/secrets/kept", "").status, 204);
    let refused = call(&h, "POST", "/secrets/restore", &json!({"secret_blob": tampered}).to_string());
    assert_eq!(error_code(&refused), (400, "CSMS.0002"));
    assert_eq!(error_code(&call(&h, "POST", "/secrets/restore", "{}")), (400, "CSMS.0002"));
}

#[test]
fn list_filters_by_event_and_pages_up_to_1000() {
    let h = Harness::new();
    create_event(&h, "ev-1");
    create_event(&h, "ev-2");
    for (name, events) in [("a", r#"["ev-1"]"#), ("b", "[]"), ("c", r#"["ev-1"]"#), ("d", r#"["ev-2"]"#)] {
        ok(call(
            &h,
            "POST",
            "/secrets",
            &format!(r#"{{"name":"{name}","secret_string":"v","event_subscriptions":{events}}}"#),
        ));
    }
    let names = |body: &Value| -> Vec<String> {
        body["secrets"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(names(&ok(call(&h, "GET", "/secrets?event_name=ev-1", ""))), ["a", "c"]);
    let page = ok(call(&h, "GET", "/secrets?event_name=ev-1&limit=1", ""));
    assert_eq!((names(&page), &page["page_info"]["next_marker"]), (vec!["a".to_owned()], &json!("a")));
    assert_eq!(names(&ok(call(&h, "GET", "/secrets?event_name=ev-1&limit=1&marker=a", ""))), ["c"]);
    assert_eq!(names(&ok(call(&h, "GET", "/secrets?event_name=none", ""))), Vec::<String>::new());
    assert_eq!(names(&ok(call(&h, "GET", "/secrets?limit=1000", ""))).len(), 4);
    assert_eq!(error_code(&call(&h, "GET", "/secrets?limit=1001", "")), (400, "CSMS.0002"));

    // UpdateSecret stores event subscriptions too.
    let updated = ok(call(&h, "PUT", "/secrets/b", r#"{"event_subscriptions":["ev-2"]}"#));
    assert_eq!(updated["secret"]["event_subscriptions"], json!(["ev-2"]));
    assert_eq!(names(&ok(call(&h, "GET", "/secrets?event_name=ev-2", ""))), ["b", "d"]);
    let two = call(&h, "PUT", "/secrets/b", r#"{"event_subscriptions":["ev-1","ev-2"]}"#);
    assert_eq!(error_code(&two), (400, "CSMS.0002"));
}

#[test]
fn rotation_periods_take_every_unit() {
    let h = Harness::new();
    for (i, period) in ["30d", "12h", "360m", "21600s"].iter().enumerate() {
        let body = format!(
            r#"{{"name":"p{i}","secret_string":"v","auto_rotation":true,"rotation_period":"{period}"}}"#
        );
        let created = ok(call(&h, "POST", "/secrets", &body));
        assert_eq!(created["secret"]["rotation_period"], *period);
        let next = created["secret"]["next_rotation_time"].as_i64().unwrap();
        let made = created["secret"]["create_time"].as_i64().unwrap();
        let seconds = [30 * 86_400, 12 * 3_600, 6 * 3_600, 6 * 3_600][i];
        assert_eq!(next - made, seconds * 1_000, "{period}");
    }
    for bad in ["5h", "359m", "21599s", "366d", "1w"] {
        let body =
            format!(r#"{{"name":"bad","secret_string":"v","auto_rotation":true,"rotation_period":"{bad}"}}"#);
        assert_eq!(error_code(&call(&h, "POST", "/secrets", &body)), (400, "CSMS.0002"), "{bad}");
    }
    let updated = ok(call(&h, "PUT", "/secrets/p0", r#"{"rotation_period":"480m"}"#));
    assert_eq!(updated["secret"]["rotation_period"], "480m");
}

#[test]
fn batch_import_reports_each_failure() {
    let h = Harness::new();
    create(&h, "taken");
    let answer = ok(call(
        &h,
        "POST",
        "/secrets/batch-import",
        r#"{"secrets":[{"name":"new-1","secret_string":"a"},{"name":"taken","secret_string":"b"},{"name":"bad name","secret_string":"c"},{"name":"new-2","secret_binary":"AQ=="}]}"#,
    ));
    assert_eq!(
        (answer["total"].as_i64(), answer["success"].as_i64(), answer["failed"].as_i64()),
        (Some(4), Some(2), Some(2))
    );
    let failed: Vec<&str> =
        answer["error_list"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(failed, ["taken", "bad name"]);
    assert!(answer["error_list"][0]["error_msg"].as_str().unwrap().contains("exists"));
    assert_eq!(ok(call(&h, "GET", "/secrets/new-2/versions/v1", ""))["version"]["secret_binary"], "AQ==");
    assert_eq!(
        error_code(&call(&h, "POST", "/secrets/batch-import", r#"{"secrets":3}"#)),
        (400, "CSMS.0002")
    );
}

#[test]
fn passwords_checks_and_the_check_configuration() {
    let h = Harness::new();
    let default = ok(call(&h, "POST", "/csms/generate-password", "{}"));
    assert_eq!(default["password"].as_str().unwrap().chars().count(), 32);
    let digits = ok(call(
        &h,
        "POST",
        "/csms/generate-password",
        r#"{"length":200,"exclude_lowercase":true,"exclude_uppercase":true,"exclude_punctuation":true}"#,
    ));
    let digits = digits["password"].as_str().unwrap();
    assert_eq!(digits.len(), 200);
    assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{digits}");
    for bad in [r#"{"length":0}"#, r#"{"length":256}"#, r#"{"length":"8"}"#] {
        assert_eq!(
            error_code(&call(&h, "POST", "/csms/generate-password", bad)),
            (400, "CSMS.0002"),
            "{bad}"
        );
    }

    let checked = ok(call(
        &h,
        "POST",
        "/secrets/checker/check",
        r#"{"type":"1","data":{"a":"abc","b":"Str0ng-Passw0rd!"}}"#,
    ));
    assert_eq!(checked, json!({"type":"1","data":{"a":"WEAK","b":"STRONG"}}));
    assert_eq!(
        error_code(&call(&h, "POST", "/secrets/checker/check", r#"{"type":"2","data":{}}"#)),
        (400, "CSMS.0002")
    );

    assert_eq!(
        ok(call(&h, "GET", "/secrets/checker/config", "")),
        json!({"checking_secret_strength": false})
    );
    let set = ok(call(&h, "POST", "/secrets/checker/config", r#"{"checking_secret_strength":true}"#));
    assert_eq!(set, json!({"checking_secret_strength": true}));
    assert_eq!(ok(call(&h, "GET", "/secrets/checker/config", "")), json!({"checking_secret_strength": true}));
    h.emulator.reset();
    assert_eq!(
        ok(call(&h, "GET", "/secrets/checker/config", "")),
        json!({"checking_secret_strength": false})
    );
}
