//! Secret backups: DownloadSecretBlob seals a secret with every version into an opaque blob,
//! UploadSecretBlob restores it (only while no secret of that name exists).
//!
//! A blob is base64 of `HWB1 ‖ nonce(16) ‖ ciphertext ‖ tag(32)`: the secret as JSON, XORed
//! with a SHA-256 keystream of the emulator's blob key and the nonce, and a SHA-256 tag over key,
//! nonce and ciphertext. It is not readable without the key and any change is refused; it is an
//! emulator's stand-in for KMS encryption, not cryptography to rely on.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::answers::secret_answer;
use super::secrets::{Outcome, parse};
use super::state::{HwError, HwSecret, Payload, SecretState, Version};
use super::store::HuaweiStore;

const MAGIC: &[u8; 4] = b"HWB1";
const BLOB_KEY: &[u8] = b"secretmanager-emulator CSMS backup key v1";
const NONCE_LEN: usize = 16;
const TAG_LEN: usize = 32;

/// DownloadSecretBlob: `{secret_blob}`.
pub(crate) fn download(store: &mut HuaweiStore, name: &str) -> Outcome {
    let secret = store.secret(name)?;
    secret.usable()?;
    let plain = serde_json::to_vec(&to_json(secret)).map_err(|e| HwError::body(e.to_string()))?;
    let mut nonce = [0_u8; NONCE_LEN];
    store.rng.fill(&mut nonce);
    Ok(json!({ "secret_blob": seal(&nonce, &plain) }))
}

/// UploadSecretBlob: restores the secret of `secret_blob`; `{secret}`.
pub(crate) fn upload(store: &mut HuaweiStore, body: &[u8]) -> Outcome {
    let body = parse(body)?;
    let blob = body.required_string("secret_blob").map_err(HwError::invalid)?;
    let invalid = || HwError::invalid("secret_blob is not a backup of a secret");
    let plain = open(blob).ok_or_else(invalid)?;
    let value: Value = serde_json::from_slice(&plain).map_err(|_| invalid())?;
    let secret = from_json(&value).ok_or_else(invalid)?;
    if store.secrets.iter().any(|s| s.name == secret.name) {
        return Err(HwError::refused(format!("secret {} already exists", secret.name)));
    }
    let answer = secret_answer(&secret);
    store.secrets.push(secret);
    Ok(answer)
}

fn keystream_xor(nonce: &[u8], data: &mut [u8]) {
    for (i, chunk) in data.chunks_mut(32).enumerate() {
        let block = Sha256::new()
            .chain_update(BLOB_KEY)
            .chain_update(nonce)
            .chain_update((i as u64).to_be_bytes())
            .finalize();
        for (byte, key) in chunk.iter_mut().zip(block.iter()) {
            *byte ^= key;
        }
    }
}

fn tag(nonce: &[u8], ciphertext: &[u8]) -> [u8; TAG_LEN] {
    Sha256::new()
        .chain_update(BLOB_KEY)
        .chain_update(b"tag")
        .chain_update(nonce)
        .chain_update(ciphertext)
        .finalize()
        .into()
}

fn seal(nonce: &[u8; NONCE_LEN], plain: &[u8]) -> String {
    let mut ciphertext = plain.to_vec();
    keystream_xor(nonce, &mut ciphertext);
    let mut out = Vec::with_capacity(MAGIC.len() + NONCE_LEN + ciphertext.len() + TAG_LEN);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(nonce);
    out.extend_from_slice(&ciphertext);
    out.extend_from_slice(&tag(nonce, &ciphertext));
    STANDARD.encode(out)
}

fn open(blob: &str) -> Option<Vec<u8>> {
    let bytes = STANDARD.decode(blob.trim()).ok()?;
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    if rest.len() < NONCE_LEN + TAG_LEN {
        return None;
    }
    let (nonce, rest) = rest.split_at(NONCE_LEN);
    let (ciphertext, sent_tag) = rest.split_at(rest.len() - TAG_LEN);
    if !crate::auth::constant_time_eq(&tag(nonce, ciphertext), sent_tag) {
        return None;
    }
    let mut plain = ciphertext.to_vec();
    keystream_xor(nonce, &mut plain);
    Some(plain)
}

fn to_json(s: &HwSecret) -> Value {
    let versions: Vec<Value> = s
        .versions
        .iter()
        .map(|v| {
            let (kind, value) = match &v.payload {
                Payload::Text(t) => ("text", t),
                Payload::Binary(b) => ("binary", b),
            };
            json!({"id": v.id, "kind": kind, "value": value, "kms_key_id": v.kms_key_id,
                   "create_time": v.create_time, "expire_time": v.expire_time, "stages": v.stages})
        })
        .collect();
    json!({
        "id": s.id, "name": s.name, "kms_key_id": s.kms_key_id, "description": s.description,
        "create_time": s.create_time, "update_time": s.update_time, "secret_type": s.secret_type,
        "auto_rotation": s.auto_rotation, "rotation_period": s.rotation_period,
        "rotation_config": s.rotation_config, "rotation_time": s.rotation_time,
        "next_rotation_time": s.next_rotation_time, "event_subscriptions": s.event_subscriptions,
        "enterprise_project_id": s.enterprise_project_id, "rotation_func_urn": s.rotation_func_urn,
        "versions": versions, "stage_times": s.stage_times, "version_counter": s.version_counter,
    })
}

fn from_json(v: &Value) -> Option<HwSecret> {
    let text = |value: &Value, key: &str| value.get(key)?.as_str().map(str::to_owned);
    let int = |value: &Value, key: &str| value.get(key)?.as_i64();
    let strings = |value: &Value, key: &str| -> Option<Vec<String>> {
        value.get(key)?.as_array()?.iter().map(|s| s.as_str().map(str::to_owned)).collect()
    };
    let mut versions = Vec::new();
    for item in v.get("versions")?.as_array()? {
        let value = text(item, "value")?;
        let payload = match item.get("kind")?.as_str()? {
            "text" => Payload::Text(value),
            "binary" => Payload::Binary(value),
            _ => return None,
        };
        versions.push(Version {
            id: text(item, "id")?,
            payload,
            kms_key_id: text(item, "kms_key_id")?,
            create_time: int(item, "create_time")?,
            expire_time: int(item, "expire_time"),
            stages: strings(item, "stages")?,
        });
    }
    let mut stage_times = Vec::new();
    for pair in v.get("stage_times")?.as_array()? {
        stage_times.push((pair.get(0)?.as_str()?.to_owned(), pair.get(1)?.as_i64()?));
    }
    Some(HwSecret {
        id: text(v, "id")?,
        name: text(v, "name")?,
        state: SecretState::Enabled,
        scheduled_delete_time: None,
        kms_key_id: text(v, "kms_key_id")?,
        description: text(v, "description")?,
        create_time: int(v, "create_time")?,
        update_time: int(v, "update_time")?,
        secret_type: text(v, "secret_type")?,
        auto_rotation: v.get("auto_rotation")?.as_bool()?,
        rotation_period: text(v, "rotation_period"),
        rotation_config: text(v, "rotation_config"),
        rotation_time: int(v, "rotation_time"),
        next_rotation_time: int(v, "next_rotation_time"),
        event_subscriptions: strings(v, "event_subscriptions")?,
        enterprise_project_id: text(v, "enterprise_project_id"),
        rotation_func_urn: text(v, "rotation_func_urn"),
        versions,
        stage_times,
        version_counter: u32::try_from(int(v, "version_counter")?).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_blobs_open_and_refuse_changes() {
        let nonce = [7_u8; NONCE_LEN];
        let blob = seal(&nonce, b"{\"name\":\"hidden-value\"}");
        assert!(!blob.contains("hidden"));
        assert_eq!(open(&blob).as_deref(), Some(&b"{\"name\":\"hidden-value\"}"[..]));
        let mut bytes = STANDARD.decode(&blob).unwrap();
        bytes[MAGIC.len() + NONCE_LEN] ^= 1;
        assert_eq!(open(&STANDARD.encode(bytes)), None);
        assert_eq!(open("not base64!"), None);
        assert_eq!(open(&STANDARD.encode(b"HWB1short")), None);
    }
}
