//! The Huawei CSMS operations of group A: secrets, versions, stages and rotation tasks.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use super::route::{HwOp, HwRoute, Query};
use super::state::{HwError, HwSecret, Payload, SYSCURRENT, Version, period_hours, valid_name};
use super::store::HuaweiStore;
use super::tasks::{HwTask, TaskFilter};
use crate::exchange::object_without_nulls;
use crate::json_body::JsonBody;
use crate::random::{self, RandomOptions};

/// The KMS key id used when a secret names none.
pub(crate) const DEFAULT_KMS_KEY_ID: &str = "00000000-0000-4000-8000-00000000c5e5";
/// Largest secret value in bytes.
const MAX_VALUE_BYTES: usize = 32 * 1024;

type Outcome = Result<Value, HwError>;

/// The group-A handler: secrets, versions, stages, blobs, checks, passwords and tasks.
pub(crate) fn handle(store: &mut HuaweiStore, route: &HwRoute, query: &Query<'_>, body: &[u8]) -> Outcome {
    let now = store.now();
    match &route.op {
        HwOp::CreateSecret => {
            super::events::check_subscriptions(store, body)?;
            store.create(body, now)
        }
        HwOp::ListSecrets => store.list(query),
        HwOp::ShowSecret { secret_name } => Ok(json!({ "secret": secret_json(store.find(secret_name)?) })),
        HwOp::UpdateSecret { secret_name } => {
            super::events::check_subscriptions(store, body)?;
            update(store.find(secret_name)?, body, now)
        }
        HwOp::RotateSecret { secret_name } => {
            let name = secret_name.as_str();
            let value = random::random_secret(
                &mut store.rng,
                &RandomOptions { length: 32, include_space: false, ..RandomOptions::default() },
            )
            .map_err(HwError::invalid)?;
            let task_id = random::uuid(&mut store.rng);
            let secret = store.find(name)?;
            if !secret.rotatable() {
                return Err(HwError::invalid(format!(
                    "secret {name} of type {} has no rotation function; rotate it with CreateSecretVersion",
                    secret.secret_type
                )));
            }
            let version_id =
                secret.add_version(Payload::Text(value), vec![SYSCURRENT.to_owned()], None, now)?;
            secret.rotation_time = Some(now);
            secret.reschedule(now);
            let answer =
                json!({"version_id": version_id, "secret_name": secret.name, "rotation_task_id": task_id});
            let task = HwTask::rotated(task_id, &secret.name, secret.rotation_func_urn.as_deref(), now);
            store.tasks.push(task);
            super::events::record_event(store, name, super::events::SECRET_ROTATED);
            Ok(answer)
        }
        HwOp::CreateSecretVersion { secret_name } => {
            let body = parse(body)?;
            let payload = payload(&body)?;
            let stages = body
                .strings("version_stages")
                .map_err(HwError::invalid)?
                .unwrap_or_else(|| vec![SYSCURRENT.to_owned()]);
            if stages.iter().any(|s| !valid_name(s)) {
                return Err(HwError::invalid("version_stages entries must match ^[a-zA-Z0-9_-]{1,64}$"));
            }
            let expire_time = body.int("expire_time").map_err(HwError::invalid)?;
            let secret = store.find(secret_name)?;
            let id = secret.add_version(payload, stages, expire_time, now)?;
            let version = secret.version(&id).ok_or_else(|| HwError::not_found("version vanished"))?;
            let answer = json!({ "version_metadata": version_metadata(secret, version) });
            super::events::record_event(store, secret_name, super::events::SECRET_VERSION_CREATED);
            Ok(answer)
        }
        HwOp::ListSecretVersions { secret_name } => {
            let (limit, marker) = paging(query)?;
            let secret = store.find(secret_name)?;
            let ids: Vec<&str> = secret.versions.iter().map(|v| v.id.as_str()).collect();
            let (start, end, next) = page(&ids, limit, marker.as_deref())?;
            let list: Vec<Value> =
                secret.versions[start..end].iter().map(|v| version_metadata(secret, v)).collect();
            Ok(json!({"version_metadatas": list, "page_info": page_info(next, marker, end - start)}))
        }
        HwOp::ShowSecretVersion { secret_name, version_id } => {
            let id = version_id.as_str();
            let well_formed = id == "latest"
                || id
                    .strip_prefix('v')
                    .is_some_and(|d| (1..=10).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()));
            if !well_formed {
                return Err(HwError::invalid("version_id must be v1 to v9999999999 or latest"));
            }
            let secret = store.find(secret_name)?;
            let version = secret
                .version(id)
                .ok_or_else(|| HwError::not_found(format!("version {id} does not exist")))?;
            let mut out = json!({ "version_metadata": version_metadata(secret, version) });
            match &version.payload {
                Payload::Text(text) => out["secret_string"] = Value::String(text.clone()),
                Payload::Binary(b64) => out["secret_binary"] = Value::String(b64.clone()),
            }
            Ok(json!({ "version": out }))
        }
        HwOp::ListSecretTask => store.list_tasks(query),
        HwOp::ShowSecretStage { secret_name, stage_name } => {
            let stage = stage_name.as_str();
            let secret = store.find(secret_name)?;
            let version = secret
                .version_at(stage)
                .ok_or_else(|| HwError::not_found(format!("stage {stage} does not exist")))?;
            Ok(json!({"stage": {
                "name": stage,
                "update_time": secret.stage_time(stage),
                "secret_name": secret.name,
                "version_id": version.id,
            }}))
        }
        other => Err(HwError {
            status: 501,
            code: "CSMS.0003",
            message: format!("{} is not implemented by the emulator", other.name()),
        }),
    }
}

impl HuaweiStore {
    fn find(&mut self, name: &str) -> Result<&mut HwSecret, HwError> {
        self.secret(name)
    }

    fn create(&mut self, body: &[u8], now: i64) -> Outcome {
        let body = parse(body)?;
        let name = body
            .string("name")
            .map_err(HwError::invalid)?
            .ok_or_else(|| HwError::invalid("name is required"))?;
        if !valid_name(name) {
            return Err(HwError::invalid("name must match ^[a-zA-Z0-9_-]{1,64}$"));
        }
        if self.secrets.iter().any(|s| s.name == name) {
            return Err(HwError {
                status: 400,
                code: "CSMS.0003",
                message: format!("secret {name} already exists"),
            });
        }
        let payload = payload(&body)?;
        let description = body.string("description").map_err(HwError::invalid)?.unwrap_or("");
        if description.len() > 2048 {
            return Err(HwError::invalid("description must be at most 2048 bytes"));
        }
        let secret_type = body.string("secret_type").map_err(HwError::invalid)?.unwrap_or("COMMON");
        if !matches!(secret_type, "COMMON" | "RDS-FG" | "GaussDB-FG") {
            return Err(HwError::invalid("secret_type must be COMMON, RDS-FG or GaussDB-FG"));
        }
        let auto_rotation = body.bool("auto_rotation").map_err(HwError::invalid)?.unwrap_or(false);
        let rotation_period = body.string("rotation_period").map_err(HwError::invalid)?;
        if let Some(period) = rotation_period {
            period_hours(period)?;
        }
        if auto_rotation && rotation_period.is_none() {
            return Err(HwError::invalid("rotation_period is required with auto_rotation"));
        }
        let rotation_config = body.string("rotation_config").map_err(HwError::invalid)?;
        if rotation_config.is_some_and(|c| c.chars().count() > 1024) {
            return Err(HwError::invalid("rotation_config must be at most 1024 characters"));
        }
        if matches!(secret_type, "RDS-FG" | "GaussDB-FG") && rotation_config.is_none() {
            return Err(HwError::invalid(format!("rotation_config is required for {secret_type}")));
        }
        let event_subscriptions =
            body.strings("event_subscriptions").map_err(HwError::invalid)?.unwrap_or_default();
        if event_subscriptions.len() > 1 {
            return Err(HwError::invalid("at most one event subscription"));
        }
        let mut secret = HwSecret {
            id: random::uuid(&mut self.rng),
            name: name.to_owned(),
            kms_key_id: body
                .string("kms_key_id")
                .map_err(HwError::invalid)?
                .unwrap_or(DEFAULT_KMS_KEY_ID)
                .to_owned(),
            description: description.to_owned(),
            create_time: now,
            update_time: now,
            secret_type: secret_type.to_owned(),
            auto_rotation,
            rotation_period: rotation_period.map(str::to_owned),
            rotation_config: rotation_config.map(str::to_owned),
            rotation_time: None,
            next_rotation_time: None,
            event_subscriptions,
            enterprise_project_id: body
                .string("enterprise_project_id")
                .map_err(HwError::invalid)?
                .map(str::to_owned),
            rotation_func_urn: body.string("rotation_func_urn").map_err(HwError::invalid)?.map(str::to_owned),
            versions: Vec::new(),
            stage_times: Vec::new(),
            version_counter: 0,
        };
        secret.add_version(payload, vec![SYSCURRENT.to_owned()], None, now)?;
        secret.reschedule(now);
        let answer = json!({ "secret": secret_json(&secret) });
        self.secrets.push(secret);
        Ok(answer)
    }

    fn list(&self, query: &Query<'_>) -> Outcome {
        let (limit, marker) = paging(query)?;
        let names: Vec<&str> = self.secrets.iter().map(|s| s.name.as_str()).collect();
        let (start, end, next) = page(&names, limit, marker.as_deref())?;
        let list: Vec<Value> = self.secrets[start..end].iter().map(secret_json).collect();
        Ok(json!({"secrets": list, "page_info": page_info(next, marker, end - start)}))
    }

    /// The tasks passing the filters, oldest first, paged by task id like the secrets.
    fn list_tasks(&self, query: &Query<'_>) -> Outcome {
        let filter = TaskFilter::new(query.get("secret_name"), query.get("status"), query.get("task_id"))?;
        let (limit, marker) = paging(query)?;
        let matching: Vec<&HwTask> = self.tasks.iter().filter(|t| filter.matches(t)).collect();
        let ids: Vec<&str> = matching.iter().map(|t| t.task_id.as_str()).collect();
        let (start, end, next) = page(&ids, limit, marker.as_deref())?;
        let list: Vec<Value> = matching[start..end].iter().map(|t| t.to_json()).collect();
        Ok(json!({"tasks": list, "page_info": page_info(next, marker, end - start)}))
    }
}

fn parse(body: &[u8]) -> Result<JsonBody, HwError> {
    JsonBody::parse(body).map_err(HwError::body)
}

/// Exactly one of `secret_string` / `secret_binary`, at most 32 KiB.
fn payload(body: &JsonBody) -> Result<Payload, HwError> {
    let text = body.string("secret_string").map_err(HwError::invalid)?;
    let binary = body.string("secret_binary").map_err(HwError::invalid)?;
    match (text, binary) {
        (Some(text), None) if !text.is_empty() && text.len() <= MAX_VALUE_BYTES => {
            Ok(Payload::Text(text.to_owned()))
        }
        (None, Some(b64)) => {
            let decoded =
                STANDARD.decode(b64).map_err(|_| HwError::invalid("secret_binary must be base64"))?;
            if decoded.is_empty() || decoded.len() > MAX_VALUE_BYTES {
                return Err(HwError::invalid("secret_binary must hold 1 to 32768 bytes"));
            }
            Ok(Payload::Binary(b64.to_owned()))
        }
        (Some(_), None) => Err(HwError::invalid("secret_string must hold 1 to 32768 bytes")),
        _ => Err(HwError::invalid("give exactly one of secret_string and secret_binary")),
    }
}

fn update(secret: &mut HwSecret, body: &[u8], now: i64) -> Outcome {
    let body = parse(body)?;
    let description = body.string("description").map_err(HwError::invalid)?;
    if description.is_some_and(|d| d.len() > 2048) {
        return Err(HwError::invalid("description must be at most 2048 bytes"));
    }
    let period = body.string("rotation_period").map_err(HwError::invalid)?;
    if let Some(period) = period {
        period_hours(period)?;
    }
    let auto = body.bool("auto_rotation").map_err(HwError::invalid)?;
    if auto == Some(true) && period.is_none() && secret.rotation_period.is_none() {
        return Err(HwError::invalid("rotation_period is required with auto_rotation"));
    }
    let subscriptions = body.strings("event_subscriptions").map_err(HwError::invalid)?;
    if subscriptions.as_ref().is_some_and(|s| s.len() > 1) {
        return Err(HwError::invalid("at most one event subscription"));
    }
    let kms_key_id = body.string("kms_key_id").map_err(HwError::invalid)?;
    let urn = body.string("rotation_func_urn").map_err(HwError::invalid)?;
    if let Some(description) = description {
        secret.description = description.to_owned();
    }
    if let Some(period) = period {
        secret.rotation_period = Some(period.to_owned());
    }
    if let Some(auto) = auto {
        secret.auto_rotation = auto;
    }
    if let Some(subscriptions) = subscriptions {
        secret.event_subscriptions = subscriptions;
    }
    if let Some(kms_key_id) = kms_key_id {
        secret.kms_key_id = kms_key_id.to_owned();
    }
    if let Some(urn) = urn {
        secret.rotation_func_urn = Some(urn.to_owned());
    }
    secret.update_time = now;
    secret.reschedule(now);
    Ok(json!({ "secret": secret_json(secret) }))
}

fn paging(query: &Query<'_>) -> Result<(usize, Option<String>), HwError> {
    let limit = match query.get("limit") {
        None => 50,
        Some(text) => text
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|l| (1..=200).contains(l))
            .ok_or_else(|| HwError::invalid("limit must be between 1 and 200"))?,
    };
    Ok((limit, query.non_empty("marker")))
}

/// The page after `marker`: (start, end, next marker).
fn page(
    keys: &[&str],
    limit: usize,
    marker: Option<&str>,
) -> Result<(usize, usize, Option<String>), HwError> {
    let start = match marker {
        None => 0,
        Some(marker) => {
            keys.iter()
                .position(|k| *k == marker)
                .ok_or_else(|| HwError::invalid(format!("unknown marker {marker}")))?
                + 1
        }
    };
    let end = start.saturating_add(limit).min(keys.len());
    let next = (end < keys.len() && end > start).then(|| keys[end - 1].to_owned());
    Ok((start, end, next))
}

fn page_info(next: Option<String>, previous: Option<String>, count: usize) -> Value {
    json!({"next_marker": next, "previous_marker": previous, "current_count": count})
}

pub(super) fn secret_json(s: &HwSecret) -> Value {
    object_without_nulls([
        ("id", json!(s.id)),
        ("name", json!(s.name)),
        ("state", json!("ENABLED")),
        ("kms_key_id", json!(s.kms_key_id)),
        ("description", json!(s.description)),
        ("create_time", json!(s.create_time)),
        ("update_time", json!(s.update_time)),
        ("secret_type", json!(s.secret_type)),
        ("auto_rotation", json!(s.auto_rotation)),
        ("rotation_period", json!(s.rotation_period)),
        ("rotation_config", json!(s.rotation_config)),
        ("rotation_time", json!(s.rotation_time)),
        ("next_rotation_time", json!(s.next_rotation_time)),
        ("event_subscriptions", json!(s.event_subscriptions)),
        ("enterprise_project_id", json!(s.enterprise_project_id)),
        ("rotation_func_urn", json!(s.rotation_func_urn)),
    ])
}

fn version_metadata(s: &HwSecret, v: &Version) -> Value {
    json!({
        "id": v.id,
        "create_time": v.create_time,
        "expire_time": v.expire_time,
        "kms_key_id": s.kms_key_id,
        "secret_name": s.name,
        "version_stages": v.stages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_walks_by_marker() {
        let keys = ["a", "b", "c", "d", "e"];
        assert_eq!(page(&keys, 2, None).unwrap(), (0, 2, Some("b".into())));
        assert_eq!(page(&keys, 2, Some("b")).unwrap(), (2, 4, Some("d".into())));
        assert_eq!(page(&keys, 2, Some("d")).unwrap(), (4, 5, None));
        assert_eq!(page(&keys, 2, Some("e")).unwrap(), (5, 5, None));
        assert!(page(&keys, 2, Some("zz")).is_err());
    }
}
