//! The Huawei CSMS operations of group A (secrets, versions, stages, blobs, checks, rotation
//! tasks): the group's handler, and the operations on whole secrets (create, list, show,
//! update, delete, scheduled deletion and restore, batch import).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use super::answers::{page, page_info, paging, secret_answer, secret_json};
use super::route::{HwOp, HwRoute, Query};
use super::state::{HwError, HwSecret, Payload, SYSCURRENT, SecretState, period_seconds, valid_name};
use super::store::HuaweiStore;
use super::{blob, rotation, tools, versions};
use crate::json_body::JsonBody;
use crate::random;

/// The KMS key id used when a secret names none.
pub(crate) const DEFAULT_KMS_KEY_ID: &str = "00000000-0000-4000-8000-00000000c5e5";
/// Largest secret value in bytes.
const MAX_VALUE_BYTES: usize = 32 * 1024;
/// The recovery window of a scheduled deletion, in days: 7 to 30, 30 by default.
const RECOVERY_DAYS: std::ops::RangeInclusive<i64> = 7..=30;
const DAY_MS: i64 = 86_400_000;

/// The answer of an operation.
pub(crate) type Outcome = Result<Value, HwError>;

/// The group-A handler (see `route.rs` for how groups plug in).
pub(crate) fn handle(store: &mut HuaweiStore, route: &HwRoute, query: &Query<'_>, body: &[u8]) -> Outcome {
    rotation::settle(store);
    let now = store.now();
    match &route.op {
        HwOp::CreateSecret => {
            super::events::check_subscriptions(store, body)?;
            let secret = new_secret(store, &parse(body)?, now)?;
            let answer = secret_answer(&secret);
            store.secrets.push(secret);
            Ok(answer)
        }
        HwOp::ListSecrets => list(store, query),
        HwOp::ShowSecret { secret_name } => Ok(secret_answer(store.secret(secret_name)?)),
        HwOp::UpdateSecret { secret_name } => {
            super::events::check_subscriptions(store, body)?;
            update(store.secret(secret_name)?, body, now)
        }
        HwOp::DeleteSecret { secret_name } => {
            store.secret(secret_name)?;
            super::events::record_event(store, secret_name, super::events::SECRET_DELETED);
            store.secrets.retain(|s| s.name != *secret_name);
            Ok(Value::Null)
        }
        HwOp::DeleteSecretForSchedule { secret_name } => {
            let days = parse(body)?.int("recovery_window_in_days").map_err(HwError::invalid)?.unwrap_or(30);
            if !RECOVERY_DAYS.contains(&days) {
                return Err(HwError::invalid("recovery_window_in_days must be between 7 and 30"));
            }
            let secret = store.secret(secret_name)?;
            if secret.state == SecretState::PendingDelete {
                return Err(HwError {
                    status: 400,
                    code: "CSMS.0107",
                    message: format!("The secret {secret_name} is in schedule delete state"),
                });
            }
            secret.state = SecretState::PendingDelete;
            secret.scheduled_delete_time = Some(now.saturating_add(days * DAY_MS));
            Ok(secret_answer(secret))
        }
        HwOp::RestoreSecret { secret_name } => {
            let secret = store.secret(secret_name)?;
            if secret.state != SecretState::PendingDelete {
                return Err(HwError {
                    status: 400,
                    code: "CSMS.0108",
                    message: format!("The secret {secret_name} is not in schedule delete state"),
                });
            }
            secret.state = SecretState::Enabled;
            secret.scheduled_delete_time = None;
            Ok(secret_answer(secret))
        }
        HwOp::BatchImportSecrets => batch_import(store, body, now),
        HwOp::RotateSecret { secret_name } => rotation::rotate(store, secret_name),
        HwOp::ListSecretTask => rotation::list_tasks(store, query),
        HwOp::CreateSecretVersion { secret_name } => versions::create(store, secret_name, body),
        HwOp::ListSecretVersions { secret_name } => versions::list(store, secret_name, query),
        HwOp::ShowSecretVersion { secret_name, version_id } => versions::show(store, secret_name, version_id),
        HwOp::UpdateVersion { secret_name, version_id } => {
            versions::update(store, secret_name, version_id, body)
        }
        HwOp::ShowSecretStage { secret_name, stage_name } => {
            versions::show_stage(store, secret_name, stage_name)
        }
        HwOp::UpdateSecretStage { secret_name, stage_name } => {
            versions::update_stage(store, secret_name, stage_name, body)
        }
        HwOp::DeleteSecretStage { secret_name, stage_name } => {
            versions::delete_stage(store, secret_name, stage_name)
        }
        HwOp::DownloadSecretBlob { secret_name } => blob::download(store, secret_name),
        HwOp::UploadSecretBlob => blob::upload(store, body),
        HwOp::GenerateRandomPassword => tools::generate_password(store, body),
        HwOp::CheckSecrets => tools::check(body),
        HwOp::ShowSecretsConfig => tools::show_config(store),
        HwOp::UpdateSecretsConfig => tools::update_config(store, body),
        other => Err(HwError {
            status: 501,
            code: "CSMS.0003",
            message: format!("{} is not an operation of this group", other.name()),
        }),
    }
}

/// Parses a JSON object body (`CSMS.0004` otherwise).
pub(crate) fn parse(body: &[u8]) -> Result<JsonBody, HwError> {
    JsonBody::parse(body).map_err(HwError::body)
}

/// Exactly one of `secret_string` / `secret_binary`, at most 32 KiB.
pub(crate) fn payload(body: &JsonBody) -> Result<Payload, HwError> {
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

/// `event_subscriptions`: at most one, each a valid name.
fn subscriptions(body: &JsonBody) -> Result<Option<Vec<String>>, HwError> {
    let list = body.strings("event_subscriptions").map_err(HwError::invalid)?;
    if let Some(list) = &list {
        if list.len() > 1 {
            return Err(HwError::invalid("event_subscriptions holds at most one event"));
        }
        if list.iter().any(|e| !valid_name(e)) {
            return Err(HwError::invalid("event_subscriptions entries must match ^[a-zA-Z0-9_-]{1,64}$"));
        }
    }
    Ok(list)
}

/// The secret a CreateSecret body describes (not yet stored).
fn new_secret(store: &mut HuaweiStore, body: &JsonBody, now: i64) -> Result<HwSecret, HwError> {
    let name =
        body.string("name").map_err(HwError::invalid)?.ok_or_else(|| HwError::invalid("name is required"))?;
    if !valid_name(name) {
        return Err(HwError::invalid("name must match ^[a-zA-Z0-9_-]{1,64}$"));
    }
    if store.secrets.iter().any(|s| s.name == name) {
        return Err(HwError::refused(format!("secret {name} already exists")));
    }
    let payload = payload(body)?;
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
        period_seconds(period)?;
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
    let optional = |field: &str| -> Result<Option<String>, HwError> {
        Ok(body.string(field).map_err(HwError::invalid)?.map(str::to_owned))
    };
    let mut secret = HwSecret {
        id: random::uuid(&mut store.rng),
        name: name.to_owned(),
        state: SecretState::Enabled,
        scheduled_delete_time: None,
        kms_key_id: optional("kms_key_id")?.unwrap_or_else(|| DEFAULT_KMS_KEY_ID.to_owned()),
        description: description.to_owned(),
        create_time: now,
        update_time: now,
        secret_type: secret_type.to_owned(),
        auto_rotation,
        rotation_period: rotation_period.map(str::to_owned),
        rotation_config: rotation_config.map(str::to_owned),
        rotation_time: None,
        next_rotation_time: None,
        event_subscriptions: subscriptions(body)?.unwrap_or_default(),
        enterprise_project_id: optional("enterprise_project_id")?,
        rotation_func_urn: optional("rotation_func_urn")?,
        versions: Vec::new(),
        stage_times: Vec::new(),
        version_counter: 0,
    };
    secret.add_version(payload, vec![SYSCURRENT.to_owned()], None, now)?;
    secret.reschedule(now);
    Ok(secret)
}

/// ListSecrets: every secret (or those subscribed to `event_name`), paged by name.
fn list(store: &HuaweiStore, query: &Query<'_>) -> Outcome {
    let (limit, marker) = paging(query)?;
    let event = query.non_empty("event_name");
    let matching: Vec<&HwSecret> = store
        .secrets
        .iter()
        .filter(|s| event.as_ref().is_none_or(|e| s.event_subscriptions.contains(e)))
        .collect();
    let names: Vec<&str> = matching.iter().map(|s| s.name.as_str()).collect();
    let (start, end, next) = page(&names, limit, marker.as_deref())?;
    let list: Vec<Value> = matching[start..end].iter().map(|s| secret_json(s)).collect();
    Ok(json!({"secrets": list, "page_info": page_info(next, marker, end - start)}))
}

fn update(secret: &mut HwSecret, body: &[u8], now: i64) -> Outcome {
    secret.usable()?;
    let body = parse(body)?;
    let description = body.string("description").map_err(HwError::invalid)?;
    if description.is_some_and(|d| d.len() > 2048) {
        return Err(HwError::invalid("description must be at most 2048 bytes"));
    }
    let period = body.string("rotation_period").map_err(HwError::invalid)?;
    if let Some(period) = period {
        period_seconds(period)?;
    }
    let auto = body.bool("auto_rotation").map_err(HwError::invalid)?;
    if auto == Some(true) && period.is_none() && secret.rotation_period.is_none() {
        return Err(HwError::invalid("rotation_period is required with auto_rotation"));
    }
    let subscriptions = subscriptions(&body)?;
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
    Ok(secret_answer(secret))
}

/// BatchImportSecrets: creates each secret of `secrets` that is valid, reporting the others.
fn batch_import(store: &mut HuaweiStore, body: &[u8], now: i64) -> Outcome {
    let body = parse(body)?;
    let Some(Value::Array(items)) = body.get("secrets") else {
        return Err(HwError::invalid("secrets must be a list of secrets to create"));
    };
    let (mut success, mut errors) = (0_usize, Vec::new());
    for item in items {
        let name = item.get("name").and_then(Value::as_str).unwrap_or("").to_owned();
        let created = serde_json::to_vec(item)
            .map_err(|e| HwError::body(e.to_string()))
            .and_then(|bytes| parse(&bytes))
            .and_then(|fields| new_secret(store, &fields, now));
        match created {
            Ok(secret) => {
                store.secrets.push(secret);
                success += 1;
            }
            Err(err) => errors.push(json!({"name": name, "error_msg": err.message})),
        }
    }
    Ok(json!({"error_list": errors, "total": items.len(), "success": success, "failed": errors.len()}))
}
