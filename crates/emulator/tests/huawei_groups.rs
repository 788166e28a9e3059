//! Huawei CSMS over real HTTP, the groups beyond secrets: tags, events and notification
//! records, grants, and the account-wide operations under `/v1/csms/`.

mod common;

use common::{Answer, Harness};
use serde_json::{Value, json};

fn call(h: &Harness, method: &str, path: &str, body: &str) -> Answer {
    h.huawei(method, path, body).expect("the request is answered")
}

fn ok(h: &Harness, method: &str, path: &str, body: &str) -> Value {
    let answer = call(h, method, path, body);
    assert_eq!(answer.status, 200, "{method} {path}: {:?}", answer.body);
    answer.body
}

fn error_code(answer: &Answer) -> &str {
    answer.body["error_code"].as_str().expect("an error code")
}

/// Creates secret `name` and returns its id.
fn secret(h: &Harness, name: &str, extra: &str) -> String {
    let body = format!(r#"{{"name":"{name}","secret_string":"value-of-{name}"{extra}}}"#);
    let created = ok(h, "POST", &h.project_path("/secrets"), &body);
    created["secret"]["id"].as_str().expect("an id").to_owned()
}

#[test]
fn tags_are_set_listed_filtered_and_removed() {
    let h = Harness::new();
    let db = secret(&h, "db", "");
    let api = secret(&h, "api-key", "");
    let tags = |id: &str| h.project_path(&format!("/csms/{id}/tags"));

    let created = call(&h, "POST", &tags(&db), r#"{"tag":{"key":"env","value":"prod"}}"#);
    assert_eq!((created.status, &created.body), (204, &Value::Null), "no content");
    let batch = call(
        &h,
        "POST",
        &format!("{}/action", tags(&api)),
        r#"{"action":"create","tags":[{"key":"env","value":"dev"},{"key":"team","value":"core"}]}"#,
    );
    assert_eq!(batch.status, 204);
    assert_eq!(
        ok(&h, "GET", &tags(&api), ""),
        json!({"tags": [{"key":"env","value":"dev"},{"key":"team","value":"core"}], "sys_tags": []})
    );
    assert_eq!(
        ok(&h, "GET", &h.project_path("/csms/tags"), "")["tags"],
        json!([{"key":"env","values":["prod","dev"]},{"key":"team","values":["core"]}])
    );

    let instances = h.project_path("/csms/resource_instances/action");
    let prod = ok(&h, "POST", &instances, r#"{"action":"filter","tags":[{"key":"env","values":["prod"]}]}"#);
    assert_eq!(prod["total_count"], 1);
    assert_eq!(prod["resources"][0]["resource_id"], db.as_str());
    assert_eq!(prod["resources"][0]["resource_name"], "db");
    assert_eq!(prod["resources"][0]["resource_detail"]["name"], "db");
    let any_env = ok(
        &h,
        "POST",
        &instances,
        r#"{"action":"filter","tags":[{"key":"env","values":[]}],"limit":"1","offset":"1"}"#,
    );
    assert_eq!(
        (any_env["total_count"].as_u64(), any_env["resources"][0]["resource_name"].as_str()),
        (Some(2), Some("api-key"))
    );
    let by_name =
        ok(&h, "POST", &instances, r#"{"action":"count","matches":[{"key":"resource_name","value":"API"}]}"#);
    assert_eq!(by_name, json!({"total_count": 1}));

    let too_many: Vec<Value> = (0..20).map(|i| json!({"key": format!("k{i}"), "value": "v"})).collect();
    let refused = call(
        &h,
        "POST",
        &format!("{}/action", tags(&db)),
        &json!({"action":"create","tags":too_many}).to_string(),
    );
    assert_eq!((refused.status, error_code(&refused)), (400, "CSMS.0003"), "21 tags");
    for bad in [r#"{"tag":{"key":"_sys_x","value":"v"}}"#, r#"{"tag":{"key":"a#b"}}"#, r#"{"tag":{}}"#] {
        let answer = call(&h, "POST", &tags(&db), bad);
        assert_eq!((answer.status, error_code(&answer)), (400, "CSMS.0002"), "{bad}");
    }
    let bad_action = call(&h, "POST", &instances, r#"{"action":"drop"}"#);
    assert_eq!(error_code(&bad_action), "CSMS.0002");
    let missing = call(&h, "GET", &tags("00000000-0000-4000-8000-000000000000"), "");
    assert_eq!((missing.status, error_code(&missing)), (400, "CSMS.0005"));

    assert_eq!(call(&h, "DELETE", &format!("{}/env", tags(&db)), "").status, 204);
    let again = call(&h, "DELETE", &format!("{}/env", tags(&db)), "");
    assert_eq!(error_code(&again), "CSMS.0005");
    let removed =
        call(&h, "POST", &format!("{}/action", tags(&api)), r#"{"action":"delete","tags":[{"key":"team"}]}"#);
    assert_eq!(removed.status, 204);
    assert_eq!(ok(&h, "GET", &tags(&api), "")["tags"], json!([{"key":"env","value":"dev"}]));
}

const EVENT: &str = r#"{"name":"ev1","event_types":["SECRET_VERSION_CREATED","SECRET_ROTATED"],"state":"ENABLED",
    "notification":{"target_type":"SMN","target_id":"urn:smn:region:project:topic","target_name":"topic"}}"#;

#[test]
fn events_notify_subscribed_secrets_and_cannot_go_while_subscribed() {
    let h = Harness::new();
    let events = h.project_path("/csms/events");
    let created = ok(&h, "POST", &events, EVENT);
    assert_eq!(created["event"]["name"], "ev1");
    assert_eq!(created["event"]["event_id"].as_str().map(str::len), Some(36));
    let duplicate = call(&h, "POST", &events, EVENT);
    assert_eq!(error_code(&duplicate), "CSMS.0003");
    let unknown = call(
        &h,
        "POST",
        &h.project_path("/secrets"),
        r#"{"name":"x","secret_string":"v","event_subscriptions":["nope"]}"#,
    );
    assert_eq!(error_code(&unknown), "CSMS.0005", "subscribing needs an existing event");

    secret(&h, "db", r#","event_subscriptions":["ev1"]"#);
    ok(&h, "POST", &h.project_path("/secrets/db/versions"), r#"{"secret_string":"second"}"#);
    let records = ok(&h, "GET", &h.project_path("/csms/notification-records"), "");
    assert_eq!(records["page_info"]["current_count"], 1);
    let record = &records["records"][0];
    assert_eq!(
        (
            &record["event_name"],
            &record["trigger_event_type"],
            &record["secret_name"],
            &record["notification_status"]
        ),
        (&json!("ev1"), &json!("SECRET_VERSION_CREATED"), &json!("db"), &json!("SUCCESS"))
    );
    assert!(
        !record["notification_content"].as_str().unwrap_or_default().contains("second"),
        "no value in a record"
    );

    let disabled = ok(&h, "PUT", &format!("{events}/ev1"), r#"{"state":"DISABLED"}"#);
    assert_eq!(disabled["event"]["state"], "DISABLED");
    ok(&h, "POST", &h.project_path("/secrets/db/versions"), r#"{"secret_string":"third"}"#);
    assert_eq!(
        ok(&h, "GET", &h.project_path("/csms/notification-records"), "")["records"].as_array().map(Vec::len),
        Some(1)
    );

    let refused = call(&h, "DELETE", &format!("{events}/ev1"), "");
    assert_eq!((refused.status, error_code(&refused)), (400, "CSMS.0003"), "still subscribed");
    ok(&h, "PUT", &h.project_path("/secrets/db"), r#"{"event_subscriptions":[]}"#);
    assert_eq!(call(&h, "DELETE", &format!("{events}/ev1"), "").status, 204);
    let gone = call(&h, "GET", &format!("{events}/ev1"), "");
    assert_eq!(error_code(&gone), "CSMS.0005");

    for name in ["a", "b", "c"] {
        ok(&h, "POST", &events, &EVENT.replace("\"ev1\"", &format!("\"{name}\"")));
    }
    let first = ok(&h, "GET", &format!("{events}?limit=2"), "");
    assert_eq!(
        (first["events"].as_array().map(Vec::len), &first["page_info"]["next_marker"]),
        (Some(2), &json!("b"))
    );
    let rest = ok(&h, "GET", &format!("{events}?limit=2&marker=b"), "");
    assert_eq!(rest["events"][0]["name"], "c");
    assert_eq!(error_code(&call(&h, "GET", &format!("{events}?limit=0"), "")), "CSMS.0002");
}

#[test]
fn grants_share_a_secret_with_known_users() {
    let h = Harness::new();
    let id = secret(&h, "shared", "");
    let grants = h.project_path("/csms/grants");
    let users = ok(&h, "GET", "/v1/csms/users?offset=0&limit=10&user_info=alice", "");
    let alice = users["users"][0]["user_id"].as_str().expect("alice").to_owned();
    let body = |user: &str, until: &str| {
        json!({"resource_id": id, "type": "SECRET", "grantee_type": "0", "grantee_target_id": user, "validity_time": until})
            .to_string()
    };
    let created = ok(&h, "POST", &grants, &body(&alice, "2100-01-01"));
    assert_eq!(created["data"]["resourceId"], id.as_str());
    assert_eq!(created["data"]["granteeUser"], alice.as_str());
    assert_eq!(created["data"]["validityTime"], 4_102_444_800_000_i64);
    assert_eq!(error_code(&call(&h, "POST", &grants, &body(&alice, "2100-01-01"))), "CSMS.0003");
    assert_eq!(error_code(&call(&h, "POST", &grants, &body("nobody", "2100-01-01"))), "CSMS.0005");
    assert_eq!(error_code(&call(&h, "POST", &grants, &body(&alice, "2000-01-01"))), "CSMS.0002");

    let listed = ok(&h, "GET", &format!("{grants}?resource_id={id}"), "");
    assert_eq!(listed["data"]["id"], id.as_str());
    assert_eq!(listed["data"]["grantee_user"][0]["user_name"], "alice");
    let updated = ok(&h, "PUT", &format!("{grants}?resource_id={id}"), &body(&alice, "2101-01-01"));
    assert_eq!(updated["data"]["validityTime"], 4_133_980_800_000_i64);
    assert_eq!(
        call(&h, "DELETE", &format!("{grants}?resource_id={id}&grantee_user={alice}"), "").status,
        204
    );
    let none = ok(&h, "GET", &format!("{grants}?resource_id={id}"), "");
    assert_eq!(none["data"]["grantee_user"], json!([]));
    assert_eq!(error_code(&call(&h, "DELETE", &format!("{grants}?resource_id={id}"), "")), "CSMS.0005");
    assert_eq!(error_code(&call(&h, "GET", &grants, "")), "CSMS.0002", "resource_id is required");
}

#[test]
fn account_operations_live_outside_the_project_and_hide_passwords() {
    let h = Harness::new();
    assert_eq!(ok(&h, "GET", "/v1/csms/agencies?secret_type=RDS-FG", ""), json!({"agency_granted": "false"}));
    let agencies = ok(&h, "POST", "/v1/csms/agencies", r#"{"secret_type":"RDS-FG"}"#);
    assert_eq!(agencies["agencies"].as_array().map(Vec::len), Some(2));
    assert_eq!(ok(&h, "GET", "/v1/csms/agencies?secret_type=RDS-FG", ""), json!({"agency_granted": "true"}));
    assert_eq!(error_code(&call(&h, "GET", "/v1/csms/agencies?secret_type=COMMON", "")), "CSMS.0002");

    let template = ok(
        &h,
        "GET",
        "/v1/csms/function-templates?secret_type=RDS-FG&secret_sub_type=MultiUser&engine=mysql",
        "",
    );
    assert!(template["function_templates"].as_str().is_some_and(|t| t.contains("mysql")));
    let no_engine =
        call(&h, "GET", "/v1/csms/function-templates?secret_type=RDS-FG&secret_sub_type=MultiUser", "");
    assert_eq!(error_code(&no_engine), "CSMS.0002");

    let users = ok(&h, "GET", "/v1/csms/users?offset=0&limit=10", "");
    assert_eq!(users["total"], 3);
    let me = users["users"][0]["user_id"].as_str().expect("a user id").to_owned();
    assert_eq!(users["users"][0]["disabled"], "false", "the list model types it as text");
    let detail = ok(&h, "GET", &format!("/v1/csms/users/{me}"), "");
    assert_eq!((&detail["disabled"], &detail["grade"]), (&json!(false), &json!(1)));
    assert_eq!(error_code(&call(&h, "GET", "/v1/csms/users/nobody", "")), "CSMS.0005");
    assert_eq!(error_code(&call(&h, "GET", "/v1/csms/users?offset=0&limit=5", "")), "CSMS.0002");

    let new_password = "Fresh-Passw0rd-42";
    let wrong = call(
        &h,
        "POST",
        "/v1/csms/users/change-password",
        &json!({"password": new_password, "old_password": "Wrong-0ld-pass"}).to_string(),
    );
    assert_eq!(error_code(&wrong), "CSMS.0002");
    assert!(!wrong.body.to_string().contains(new_password) && !wrong.body.to_string().contains("Wrong-0ld"));
    let body = json!({"password": new_password, "old_password": "Emulator-Passw0rd"}).to_string();
    assert_eq!(ok(&h, "POST", "/v1/csms/users/change-password", &body), json!({"user_id": me}));
    assert_eq!(ok(&h, "GET", &format!("/v1/csms/users/{me}"), "")["pwd_must_modify"], false);
    let logged = format!("{:?}", h.emulator.requests());
    assert!(
        logged.contains("change-password") && !logged.contains(new_password),
        "the log shows no password"
    );
}
