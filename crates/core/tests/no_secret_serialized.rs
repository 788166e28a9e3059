//! Every public type that holds a secret serializes without it: a canary value is put in each,
//! and neither the canary nor its hex or standard base64 form may appear in the JSON. The
//! request bodies, which must carry the value, are checked to still carry it.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use secretmanager_core::secret::REDACTED;
use secretmanager_core::{SecretBytes, SecretString, huawei, ncp};

/// The secret put in every type.
const CANARY: &str = "canary-Zq8x";

/// A secret value as NCP wants it (the text of a JSON object) holding the canary.
const VALUE: &str = r#"{"pw":"canary-Zq8x"}"#;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The forms of the secrets that must not appear: the canary and the whole value, as text,
/// hex (either case) and standard base64.
fn forbidden() -> Vec<String> {
    let mut forms = Vec::new();
    for secret in [CANARY, VALUE] {
        forms.push(secret.to_owned());
        forms.push(hex(secret.as_bytes()));
        forms.push(hex(secret.as_bytes()).to_uppercase());
        forms.push(STANDARD.encode(secret));
    }
    // The JSON-escaped value, as it would appear inside a JSON string.
    forms.push(serde_json::to_string(VALUE).expect("a string serializes"));
    forms
}

/// Serializes `value` and checks that no form of the canary appears; answers the JSON.
fn assert_clean<T: serde::Serialize>(name: &str, value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|e| panic!("{name}: {e}"));
    for form in forbidden() {
        assert!(!json.contains(&form), "{name} serialized a secret ({form}): {json}");
    }
    let pretty = serde_json::to_string_pretty(value).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(!pretty.contains(CANARY), "{name} (pretty) serialized the canary: {pretty}");
    json
}

/// Like [`assert_clean`], and the marker stands where the secret was.
fn assert_redacted<T: serde::Serialize>(name: &str, value: &T) {
    let json = assert_clean(name, value);
    assert!(json.contains(REDACTED), "{name} has no redaction marker: {json}");
}

fn ncp_data<T: serde::de::DeserializeOwned>(data: &str) -> T {
    let body = format!(r#"{{"code":"SUCCESS","data":{data}}}"#);
    ncp::decode(200, body.as_bytes()).unwrap_or_else(|e| panic!("{data}: {e}"))
}

/// `VALUE` as a JSON string literal, for building answers.
fn value_literal() -> String {
    serde_json::to_string(VALUE).expect("a string serializes")
}

#[test]
fn the_canary_forms_are_what_they_claim() {
    assert_eq!(hex(CANARY.as_bytes()), "63616e6172792d5a713878");
    assert_eq!(STANDARD.encode(CANARY), "Y2FuYXJ5LVpxOHg=");
    assert!(forbidden().iter().all(|form| !REDACTED.contains(form.as_str())));
}

#[test]
fn secret_string_serializes_as_the_marker() {
    assert_redacted("SecretString", &SecretString::from(CANARY));
    assert_eq!(serde_json::to_string(&SecretString::from(CANARY)).unwrap(), format!("\"{REDACTED}\""));
    assert_redacted("Option<SecretString>", &Some(SecretString::from(VALUE)));
    assert_redacted("Vec<SecretString>", &vec![SecretString::from(CANARY)]);
}

#[test]
fn ncp_answers_holding_a_secret_serialize_redacted() {
    let v = value_literal();

    let chain: ncp::SecretValueChain = ncp_data(&format!(
        r#"{{"decryptedSecretChain":{{"previous":{v},"active":{v},"pending":{v}}},"rotationTargets":["pw"]}}"#
    ));
    assert_eq!(chain.chain.active.as_ref().map(SecretString::expose), Some(VALUE));
    assert_redacted("SecretValueChain", &chain);
    assert_redacted("SecretChain", &chain.chain);

    let update: ncp::SecretValueUpdate =
        ncp_data(&format!(r#"{{"encryptedSecretChain":{{"previous":{v},"active":{v},"pending":{v}}}}}"#));
    assert_eq!(update.encrypted_chain.pending.as_ref().map(SecretString::expose), Some(VALUE));
    assert_redacted("SecretValueUpdate", &update);

    let pending: ncp::PendingStage = ncp_data(&format!(r#"{{"pending":{v}}}"#));
    assert_eq!(pending.pending.expose(), VALUE);
    assert_redacted("PendingStage", &pending);

    let updated: ncp::PendingStageUpdated = ncp_data(&format!(r#"{{"secretId":"s1","pending":{v}}}"#));
    assert_eq!(updated.pending.as_ref().map(SecretString::expose), Some(VALUE));
    assert_redacted("PendingStageUpdated", &updated);

    let random: ncp::RandomSecret = ncp_data(&format!(r#"{{"randomString":"{CANARY}"}}"#));
    assert_eq!(random.random_string.expose(), CANARY);
    assert_redacted("RandomSecret", &random);

    let stage: ncp::SecretStageValue =
        ncp_data(&format!(r#"{{"decryptedSecretValue":{{"value":{v},"valueStage":"ACTIVE"}}}}"#));
    assert_eq!(stage.value.expose(), VALUE);
    assert_redacted("SecretStageValue", &stage);

    let stored: ncp::StageValueUpdate =
        ncp_data(&format!(r#"{{"encryptedSecretValue":{{"value":{v},"valueStage":"active"}}}}"#));
    assert_eq!(stored.secret_value.value.expose(), VALUE);
    assert_redacted("StageValueUpdate", &stored);
    assert_redacted("StoredStageValue", &stored.secret_value);
}

#[test]
fn ncp_requests_holding_a_secret_serialize_redacted() {
    let create = ncp::CreateSecret::new("db-pass", VALUE, ["pw"]);
    assert_redacted("CreateSecret", &create);
    assert_redacted("NewSecretValue", &create.secret_value);

    let update = ncp::UpdateSecretValue::new("s1").previous(VALUE).active(VALUE).pending(VALUE);
    assert_redacted("UpdateSecretValue", &update);
    assert_redacted("StageUpdate", &ncp::StageUpdate::Set(SecretString::from(VALUE)));
    assert_eq!(serde_json::to_string(&ncp::StageUpdate::Delete).unwrap(), r#""""#);

    let stage = ncp::UpdateSecretStageValue::new("s1", ncp::SecretStage::Active, VALUE);
    assert_redacted("UpdateSecretStageValue", &stage);

    let pending = ncp::UpdatePendingStage::new("s1", "tok", VALUE);
    assert_redacted("UpdatePendingStage", &pending);
}

#[test]
fn job_tokens_in_log_entries_serialize_redacted() {
    let body = format!(
        r#"{{"code":"SUCCESS","data":{{"result":[{{"action":"Execute Rotation Job","jobToken":"{CANARY}"}}]}}}}"#
    );
    let page: ncp::SecretLogPage = ncp::decode(200, body.as_bytes()).unwrap();
    assert_eq!(page.entries[0].job_token.as_deref(), Some(CANARY));
    assert_redacted("SecretLogPage", &page);
    assert_redacted("SecretLogEntry", &page.entries[0]);
}

#[test]
fn huawei_versions_holding_a_secret_serialize_redacted() {
    let binary = STANDARD.encode(CANARY);
    let body = format!(
        r#"{{"version":{{"version_metadata":{{"id":"v1","version_stages":["SYSCURRENT"]}},
            "secret_string":"{CANARY}","secret_binary":"{binary}"}}}}"#
    );
    let answer: huawei::SecretVersionResponse = huawei::decode(200, body.as_bytes()).unwrap();
    assert_eq!(answer.version.secret_string.as_ref().map(SecretString::expose), Some(CANARY));
    assert_eq!(answer.version.secret_binary.as_ref().map(SecretString::expose), Some(binary.as_str()));
    assert_redacted("SecretVersionResponse", &answer);
    assert_redacted("SecretVersion", &answer.version);
}

/// The body an operation sends, as text.
fn body_text(body: Option<SecretBytes>) -> String {
    let body = body.expect("the operation sends a body");
    String::from_utf8(body.expose().to_vec()).expect("bodies are UTF-8")
}

#[test]
fn request_bodies_still_carry_the_value() {
    use secretmanager_core::Operation as _;

    let escaped = r#"{\"pw\":\"canary-Zq8x\"}"#;
    let bodies = [
        ("CreateSecret", body_text(ncp::CreateSecret::new("db-pass", VALUE, ["pw"]).body())),
        ("UpdateSecretValue", body_text(ncp::UpdateSecretValue::new("s1").active(VALUE).body())),
        (
            "UpdateSecretStageValue",
            body_text(ncp::UpdateSecretStageValue::new("s1", ncp::SecretStage::Pending, VALUE).body()),
        ),
        ("UpdatePendingStage", body_text(ncp::UpdatePendingStage::new("s1", "tok", VALUE).body())),
    ];
    for (name, body) in &bodies {
        assert!(body.contains(escaped), "{name} does not carry the value: {body}");
        assert!(!body.contains(REDACTED), "{name} sent the redaction marker: {body}");
    }
    assert_eq!(
        bodies[0].1,
        format!(
            r#"{{"secretName":"db-pass","secretValue":{{"value":"{escaped}","rotationTargets":["pw"]}},"secretType":"BASIC","autoRotationYN":"N","protectionKeyType":"DEFAULT"}}"#
        )
    );
    assert_eq!(bodies[1].1, format!(r#"{{"active":"{escaped}"}}"#));
    assert_eq!(bodies[2].1, format!(r#"{{"value":"{escaped}"}}"#));
    assert_eq!(bodies[3].1, format!(r#"{{"value":"{escaped}"}}"#));

    let text = body_text(huawei::CreateSecret::new("db").secret_string(CANARY).body());
    assert_eq!(text, format!(r#"{{"name":"db","secret_string":"{CANARY}"}}"#));
    let binary = body_text(huawei::CreateSecret::new("db").secret_binary(CANARY.as_bytes().to_vec()).body());
    assert_eq!(binary, format!(r#"{{"name":"db","secret_binary":"{}"}}"#, STANDARD.encode(CANARY)));
    let version = body_text(huawei::CreateSecretVersion::new("db").secret_string(CANARY).body());
    assert_eq!(version, format!(r#"{{"secret_string":"{CANARY}"}}"#));
    let version =
        body_text(huawei::CreateSecretVersion::new("db").secret_binary(CANARY.as_bytes().to_vec()).body());
    assert_eq!(version, format!(r#"{{"secret_binary":"{}"}}"#, STANDARD.encode(CANARY)));
}

#[test]
fn huawei_answers_holding_a_secret_serialize_redacted() {
    let password: huawei::RandomPassword =
        huawei::decode(200, format!(r#"{{"password":"{CANARY}"}}"#).as_bytes()).unwrap();
    assert_eq!(password.password.expose(), CANARY);
    assert_redacted("RandomPassword", &password);
    let blob: huawei::SecretBlob =
        huawei::decode(200, format!(r#"{{"secret_blob":"{CANARY}"}}"#).as_bytes()).unwrap();
    assert_eq!(blob.secret_blob.expose(), CANARY);
    assert_redacted("SecretBlob", &blob);
}

#[test]
fn huawei_requests_holding_a_secret_serialize_redacted_and_send_it() {
    use secretmanager_core::Operation as _;

    let upload = huawei::UploadSecretBlob::new(CANARY);
    assert_redacted("UploadSecretBlob", &upload);
    assert_eq!(body_text(upload.body()), format!(r#"{{"secret_blob":"{CANARY}"}}"#));

    let import = huawei::BatchImportSecrets::new([
        huawei::CreateSecret::new("a").secret_string(CANARY),
        huawei::CreateSecret::new("b").secret_binary(CANARY.as_bytes().to_vec()),
    ]);
    assert_redacted("BatchImportSecrets", &import);
    assert_eq!(
        body_text(import.body()),
        format!(
            r#"{{"secrets":[{{"name":"a","secret_string":"{CANARY}"}},{{"name":"b","secret_binary":"{}"}}]}}"#,
            STANDARD.encode(CANARY)
        )
    );

    let check = huawei::CheckSecrets::new(VALUE);
    assert_redacted("CheckSecrets", &check);
    assert_eq!(body_text(check.body()), format!(r#"{{"type":"1","data":{VALUE}}}"#));
}
