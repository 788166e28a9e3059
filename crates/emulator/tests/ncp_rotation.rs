//! The NCP rotation flow end to end over real HTTP, with requests built by the core.

mod common;

use common::Harness;
use secretmanager_core::ncp::{self, SecretStage};
use secretmanager_emulator::{KMS_KEY_TAG, TRIGGER_ID};
use serde_json::Value;

const VALUE: &str = r#"{"user":"admin","password":"initial-pw"}"#;

fn create(h: &Harness, name: &str) -> String {
    let answer = h.call(&ncp::CreateSecret::new(name, VALUE, ["password"]).auto_rotation(30, TRIGGER_ID));
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    let id = answer.body["data"]["secretId"].as_str().expect("secretId").to_owned();
    assert_eq!(id.len(), 64);
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    id
}

fn latest_job_token(h: &Harness, id: &str) -> String {
    let logs = h.call(&ncp::GetSecretLogs::new(id).keyword("Execute Rotation Job"));
    assert_eq!(logs.status, 200, "{:?}", logs.body);
    logs.body["data"]["result"][0]["jobToken"].as_str().expect("a job token in the logs").to_owned()
}

fn parse(text: &Value) -> Value {
    serde_json::from_str(text.as_str().expect("a JSON text")).expect("valid JSON object text")
}

#[test]
fn full_rotation_flow_shifts_the_chain() {
    let h = Harness::new();
    let id = create(&h, "db-main");
    let detail = h.call(&ncp::GetSecretDetail::new(&id));
    assert_eq!(detail.body["data"]["secretStatus"], "ENABLE");
    assert_eq!(detail.body["data"]["autoRotationYN"], "Y");
    assert_eq!(detail.body["data"]["trigger"]["id"], TRIGGER_ID);
    let registered = detail.body["data"]["registerDate"].as_i64().unwrap();
    let next = detail.body["data"]["nextRotationDate"].as_i64().unwrap();
    assert_eq!(next - registered, 30 * 86_400_000);

    assert_eq!(h.call(&ncp::ExecuteRotationJob::new(&id)).status, 200);
    let token = latest_job_token(&h, &id);
    assert_eq!(h.call(&ncp::GetSecretDetail::new(&id)).body["data"]["rotationPhase"], "ROTATING");

    let start = h.call(&ncp::StartRotationJob::new(&id, &token));
    assert_eq!(start.status, 200, "{:?}", start.body);
    assert_eq!(start.body["data"]["decryptedSecretChain"]["active"], VALUE);
    assert_eq!(start.body["data"]["rotationTargets"][0], "password");
    assert_eq!(h.call(&ncp::GetSecretDetail::new(&id)).body["data"]["secretStatus"], "ROTATING");

    let pending = h.call(&ncp::AddPendingStage::new(&id, &token));
    assert_eq!(pending.status, 200, "{:?}", pending.body);
    let pending_value = parse(&pending.body["data"]["pending"]);
    assert_eq!(pending_value["user"], "admin", "non-target keys are kept");
    assert_ne!(pending_value["password"], "initial-pw", "target keys are replaced");

    let complete = h.call(&ncp::CompleteRotationJob::new(&id, &token));
    assert_eq!(complete.status, 200, "{:?}", complete.body);
    assert_eq!(complete.body["data"], Value::Null);

    let values = h.call(&ncp::GetSecretValue::new(&id));
    let chain = &values.body["data"]["decryptedSecretChain"];
    assert_eq!(chain["previous"], VALUE);
    assert_eq!(parse(&chain["active"]), pending_value);
    assert!(chain.get("pending").is_none());
    let decoded: ncp::SecretValueChain =
        ncp::decode(values.status, &serde_json::to_vec(&values.body).unwrap())
            .expect("core decodes the chain");
    assert_eq!(decoded.rotation_targets, ["password"]);

    let detail = h.call(&ncp::GetSecretDetail::new(&id)).body;
    assert_eq!(detail["data"]["secretStatus"], "ENABLE");
    assert_eq!(detail["data"]["rotationPhase"], "NONE");
    let last = detail["data"]["lastRotationDate"].as_i64().expect("lastRotationDate");
    assert_eq!(detail["data"]["nextRotationDate"].as_i64().unwrap(), last + 30 * 86_400_000);

    // The finished job's token is refused.
    let again = h.call(&ncp::StartRotationJob::new(&id, &token));
    assert_eq!(again.status, 400, "{:?}", again.body);

    // Rollback brings the previous value back as ACTIVE.
    assert_eq!(h.call(&ncp::RollbackRotationJob::new(&id)).status, 200);
    let active = h.call(&ncp::GetSecretStageValue::new(&id, SecretStage::Active));
    assert_eq!(active.body["data"]["decryptedSecretValue"]["value"], VALUE);
    assert_eq!(active.body["data"]["decryptedSecretValue"]["valueStage"], "ACTIVE");
}

#[test]
fn generated_and_updated_pending_values_then_failure_and_retry() {
    let h = Harness::new();
    let id = create(&h, "api-key");
    assert_eq!(h.call(&ncp::ExecuteRotationJob::new(&id)).status, 200);
    let token = latest_job_token(&h, &id);
    // Pending steps need a started job.
    assert_eq!(h.call(&ncp::AddPendingStage::new(&id, &token)).status, 422);
    assert_eq!(h.call(&ncp::StartRotationJob::new(&id, &token)).status, 200);

    let random = h.call(
        &ncp::GenerateRandomSecret::new(&id, &token)
            .length(20)
            .exclude_punctuation(true)
            .include_space(false)
            .exclude_characters("abcdef"),
    );
    assert_eq!(random.status, 200, "{:?}", random.body);
    let text = random.body["data"]["randomString"].as_str().unwrap().to_owned();
    assert_eq!(text.len(), 20);
    assert!(text.chars().all(|c| c.is_ascii_alphanumeric() && !"abcdef".contains(c)), "{text}");

    let new_value = format!(r#"{{"user":"admin","password":"{text}"}}"#);
    let update = h.call(&ncp::UpdatePendingStage::new(&id, &token, new_value.as_str()));
    assert_eq!(update.status, 200, "{:?}", update.body);
    let pending = h.call(&ncp::GetSecretStageValue::new(&id, SecretStage::Pending));
    assert_eq!(pending.body["data"]["decryptedSecretValue"]["value"], new_value.as_str());

    assert_eq!(h.call(&ncp::FailRotationJob::new(&id, &token)).status, 200);
    let detail = h.call(&ncp::GetSecretDetail::new(&id)).body;
    assert_eq!(detail["data"]["rotationPhase"], "ROTATION_FAILED");
    assert_eq!(detail["data"]["secretStatus"], "ENABLE");
    let values = h.call(&ncp::GetSecretValue::new(&id)).body;
    assert!(values["data"]["decryptedSecretChain"].get("pending").is_none(), "pending dropped");
    assert_eq!(values["data"]["decryptedSecretChain"]["active"], VALUE, "active untouched");

    assert_eq!(h.call(&ncp::RetryRotationJob::new(&id)).status, 200);
    let logs = h.call(&ncp::GetSecretLogs::new(&id).keyword("Retry Rotation Job")).body;
    let retry_token = logs["data"]["result"][0]["jobToken"].as_str().unwrap().to_owned();
    assert_ne!(retry_token, token);
    assert_eq!(h.call(&ncp::StartRotationJob::new(&id, &token)).status, 400, "old token refused");
    assert_eq!(h.call(&ncp::StartRotationJob::new(&id, &retry_token)).status, 200);
    assert_eq!(h.call(&ncp::CancelRotationJob::new(&id)).status, 200);
    let detail = h.call(&ncp::GetSecretDetail::new(&id)).body;
    assert_eq!(
        (detail["data"]["rotationPhase"].as_str(), detail["data"]["secretStatus"].as_str()),
        (Some("NONE"), Some("ENABLE"))
    );
}

#[test]
fn logs_are_newest_first_paged_and_filtered_by_token() {
    let h = Harness::new();
    let id = create(&h, "logged");
    h.call(&ncp::ExecuteRotationJob::new(&id));
    let token = latest_job_token(&h, &id);
    h.call(&ncp::StartRotationJob::new(&id, &token));
    let page = h.call(&ncp::GetSecretLogs::new(&id).page_size(2).page_no(1)).body;
    let data = &page["data"];
    assert_eq!(data["pageSize"], 2);
    assert_eq!(data["paged"], true);
    assert!(data["totalCount"].as_u64().unwrap() >= 4);
    assert_eq!(data["result"][0]["action"], "Start Rotation Job", "newest first");
    assert_eq!(data["result"][1]["action"], "Get Secret Logs", "reads are logged too");
    assert!(data["result"][0]["createDate"].as_i64() >= data["result"][1]["createDate"].as_i64());
    let by_token = h.call(&ncp::GetSecretLogs::new(&id).keyword(&token)).body;
    let actions: Vec<&str> = by_token["data"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["Start Rotation Job", "Execute Rotation Job"]);
    assert!(by_token["data"]["result"].as_array().unwrap().iter().all(|e| e["result"] == "SUCCESS"));
}

#[test]
fn lists_keys_triggers_and_management_operations() {
    let h = Harness::new();
    let keys = h.call(&ncp::GetProtectionKeyList::new()).body;
    assert_eq!(keys["data"]["keyList"][1]["keyTag"], KMS_KEY_TAG);
    let id = create(&h, "listed");
    let triggers = h.call(&ncp::GetTriggerList::new()).body;
    assert_eq!(triggers["data"]["triggerList"][0]["id"], TRIGGER_ID);
    assert_eq!(triggers["data"]["triggerList"][0]["linkedSecretList"][0], id.as_str());

    for i in 0..21 {
        assert_eq!(h.call(&ncp::CreateSecret::new(format!("s{i:02}x"), VALUE, ["password"])).status, 200);
    }
    let page2 = h.call(&ncp::GetSecretList::new().page_no(2)).body;
    assert_eq!(page2["data"]["totalCount"], 22);
    assert_eq!(page2["data"]["totalPageNo"], 2);
    assert_eq!(page2["data"]["currentPageNo"], 2);
    assert_eq!(page2["data"]["secretList"].as_array().unwrap().len(), 2);

    let memo = h.call(&ncp::UpdateSecretMemo::new(&id, "new memo"));
    assert_eq!(memo.body["data"]["memo"], "new memo");
    let key = h.call(&ncp::UpdateProtectionKey::new(&id).user_managed_key(KMS_KEY_TAG));
    assert_eq!(key.status, 200, "{:?}", key.body);
    assert_eq!(key.body["data"]["protectionKey"]["type"], "USER_MANAGED_KEY");
    let period = h.call(&ncp::UpdateRotationPeriod::new(&id, 730));
    assert_eq!(period.body["data"]["autoRotationPeriod"], 730);
    assert_eq!(h.call(&ncp::DeleteRotationTrigger::new(&id)).status, 422, "auto rotation keeps its trigger");
    assert_eq!(h.call(&ncp::DisableAutoRotation::new(&id)).body["data"]["autoRotationYN"], "N");
    assert_eq!(h.call(&ncp::DeleteRotationTrigger::new(&id)).status, 200);
    assert_eq!(h.call(&ncp::ExecuteRotationJob::new(&id)).status, 422, "no trigger linked");
    let enable = h.call(&ncp::EnableAutoRotation::new(&id).rotation_period(10).trigger_id(TRIGGER_ID));
    assert_eq!(enable.body["data"]["autoRotationPeriod"], 10);

    let stage =
        h.call(&ncp::UpdateSecretStageValue::new(&id, SecretStage::Previous, r#"{"password":"old"}"#));
    assert_eq!(stage.status, 200, "{:?}", stage.body);
    assert_eq!(stage.body["data"]["encryptedSecretValue"]["valueStage"], "PREVIOUS");
    assert!(!stage.body.to_string().contains("old\\\""), "the answer does not echo the value");
    let update = h.call(&ncp::UpdateSecretValue::new(&id).delete_previous().pending(r#"{"password":"p"}"#));
    assert_eq!(update.status, 200, "{:?}", update.body);
    let chain = &update.body["data"]["encryptedSecretChain"];
    assert!(chain.get("previous").is_none() && chain.get("pending").is_some());
}
