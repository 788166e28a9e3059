//! Versions and stages of a secret: create, list, show and update versions; show, move and
//! delete stages.

use serde_json::{Value, json};

use super::answers::{page, page_info, paging, stage_answer, version_metadata};
use super::route::Query;
use super::secrets::{Outcome, parse, payload};
use super::state::{HwError, HwSecret, Payload, SYSCURRENT, SYSPREVIOUS, Version, valid_name};
use super::store::HuaweiStore;

/// CreateSecretVersion. No `version_stages` (or an empty list) means `SYSCURRENT`.
pub(crate) fn create(store: &mut HuaweiStore, name: &str, body: &[u8]) -> Outcome {
    let now = store.now();
    let body = parse(body)?;
    let payload = payload(&body)?;
    let mut stages = body.strings("version_stages").map_err(HwError::invalid)?.unwrap_or_default();
    if stages.is_empty() {
        stages.push(SYSCURRENT.to_owned());
    }
    if stages.len() > 12 {
        return Err(HwError::invalid("version_stages holds 1 to 12 stages"));
    }
    if stages.iter().any(|s| !valid_name(s)) {
        return Err(HwError::invalid("version_stages entries must match ^[a-zA-Z0-9_-]{1,64}$"));
    }
    stages.dedup();
    let expire_time = body.int("expire_time").map_err(HwError::invalid)?;
    let secret = store.secret(name)?;
    secret.usable()?;
    let id = secret.add_version(payload, stages, expire_time, now)?;
    let version = secret.version(&id).ok_or_else(|| HwError::not_found("version vanished"))?;
    let answer = json!({ "version_metadata": version_metadata(secret, version) });
    super::events::record_event(store, name, super::events::SECRET_VERSION_CREATED);
    Ok(answer)
}

/// ListSecretVersions, paged by version id.
pub(crate) fn list(store: &mut HuaweiStore, name: &str, query: &Query<'_>) -> Outcome {
    let (limit, marker) = paging(query)?;
    let secret = store.secret(name)?;
    let ids: Vec<&str> = secret.versions.iter().map(|v| v.id.as_str()).collect();
    let (start, end, next) = page(&ids, limit, marker.as_deref())?;
    let list: Vec<Value> = secret.versions[start..end].iter().map(|v| version_metadata(secret, v)).collect();
    Ok(json!({"version_metadatas": list, "page_info": page_info(next, marker, end - start)}))
}

/// `v1` to `v9999999999`, or `latest`.
fn checked_version_id(id: &str) -> Result<&str, HwError> {
    let well_formed = id == "latest"
        || id
            .strip_prefix('v')
            .is_some_and(|d| (1..=10).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()));
    if well_formed { Ok(id) } else { Err(HwError::invalid("version_id must be v1 to v9999999999 or latest")) }
}

fn find_version<'a>(secret: &'a HwSecret, id: &str) -> Result<&'a Version, HwError> {
    secret.version(id).ok_or_else(|| HwError::not_found(format!("version {id} does not exist")))
}

/// ShowSecretVersion: the metadata and the value.
pub(crate) fn show(store: &mut HuaweiStore, name: &str, version_id: &str) -> Outcome {
    let id = checked_version_id(version_id)?;
    let secret = store.secret(name)?;
    secret.usable()?;
    let version = find_version(secret, id)?;
    let mut out = json!({ "version_metadata": version_metadata(secret, version) });
    match &version.payload {
        Payload::Text(text) => out["secret_string"] = Value::String(text.clone()),
        Payload::Binary(b64) => out["secret_binary"] = Value::String(b64.clone()),
    }
    Ok(json!({ "version": out }))
}

/// UpdateVersion: sets (or, with `null`, clears) the version's `expire_time`.
pub(crate) fn update(store: &mut HuaweiStore, name: &str, version_id: &str, body: &[u8]) -> Outcome {
    let id = checked_version_id(version_id)?;
    let body = parse(body)?;
    let expire_time = body.int("expire_time").map_err(HwError::invalid)?;
    if expire_time.is_some_and(|t| t < 0) {
        return Err(HwError::invalid("expire_time must be a timestamp"));
    }
    let secret = store.secret(name)?;
    secret.usable()?;
    let id = find_version(secret, id)?.id.clone();
    if let Some(version) = secret.versions.iter_mut().find(|v| v.id == id) {
        version.expire_time = expire_time;
    }
    let version = find_version(secret, &id)?;
    Ok(json!({ "version_metadata": version_metadata(secret, version) }))
}

/// ShowSecretStage.
pub(crate) fn show_stage(store: &mut HuaweiStore, name: &str, stage: &str) -> Outcome {
    stage_answer(store.secret(name)?, stage)
}

/// UpdateSecretStage: points `stage` (created if new) at `version_id`.
pub(crate) fn update_stage(store: &mut HuaweiStore, name: &str, stage: &str, body: &[u8]) -> Outcome {
    let now = store.now();
    if !valid_name(stage) {
        return Err(HwError::invalid("stage_name must match ^[a-zA-Z0-9_-]{1,64}$"));
    }
    let body = parse(body)?;
    let version_id = body.required_string("version_id").map_err(HwError::invalid)?;
    let id = checked_version_id(version_id)?;
    let secret = store.secret(name)?;
    secret.usable()?;
    let id = find_version(secret, id)?.id.clone();
    secret.check_room(&[stage.to_owned()])?;
    secret.move_stage(stage, &id, now);
    secret.update_time = now;
    stage_answer(secret, stage)
}

/// DeleteSecretStage: removes a custom stage (`CSMS.0105` for SYSCURRENT and SYSPREVIOUS).
pub(crate) fn delete_stage(store: &mut HuaweiStore, name: &str, stage: &str) -> Outcome {
    let now = store.now();
    let secret = store.secret(name)?;
    secret.usable()?;
    if stage == SYSCURRENT || stage == SYSPREVIOUS {
        return Err(HwError {
            status: 400,
            code: "CSMS.0105",
            message: format!("Can not delete the system internal stage {stage}"),
        });
    }
    if secret.version_at(stage).is_none() {
        return Err(HwError::not_found(format!("stage {stage} does not exist")));
    }
    secret.remove_stage(stage);
    secret.update_time = now;
    Ok(Value::Null)
}
