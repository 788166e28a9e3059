//! Huawei CSMS events (Create/Show/Update/Delete/List Secret Event(s)) and the notification
//! records they leave when a subscribing secret goes through one of their event types
//! (List Notification Records).

use serde_json::{Value, json};

use super::route::{HwOp, HwRoute, Query};
use super::state::{HwError, HwSecret, valid_name};
use super::store::HuaweiStore;
use crate::exchange::object_without_nulls;
use crate::json_body::JsonBody;
use crate::random;

/// A new version of a secret.
pub(crate) const SECRET_VERSION_CREATED: &str = "SECRET_VERSION_CREATED";
/// A version reached its expiry time.
pub(crate) const SECRET_VERSION_EXPIRED: &str = "SECRET_VERSION_EXPIRED";
/// A rotation succeeded.
pub(crate) const SECRET_ROTATED: &str = "SECRET_ROTATED";
/// A secret was deleted.
pub(crate) const SECRET_DELETED: &str = "SECRET_DELETED";
/// A rotation failed.
pub(crate) const SECRET_ROTATED_FAILED: &str = "SECRET_ROTATED_FAILED";
/// The event types an event can name.
pub(crate) const EVENT_TYPES: [&str; 5] =
    [SECRET_VERSION_CREATED, SECRET_VERSION_EXPIRED, SECRET_ROTATED, SECRET_DELETED, SECRET_ROTATED_FAILED];
/// How long records are kept: three months.
const RECORD_RETENTION_MS: i64 = 90 * 24 * 3_600_000;
/// Records listed at most.
const MAX_RECORDS: usize = 1000;
/// Events listed per page: default and largest.
const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 1000;

/// Where an event's notifications go (an SMN topic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Notification {
    pub(crate) target_type: String,
    pub(crate) target_id: String,
    pub(crate) target_name: String,
}

/// One event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HwEvent {
    pub(crate) name: String,
    pub(crate) id: String,
    pub(crate) types: Vec<String>,
    pub(crate) enabled: bool,
    pub(crate) create_time: i64,
    pub(crate) update_time: i64,
    pub(crate) notification: Notification,
}

/// One notification record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HwRecord {
    pub(crate) event_name: String,
    pub(crate) event_type: String,
    pub(crate) time: i64,
    pub(crate) secret_name: String,
    pub(crate) secret_type: String,
    pub(crate) notification: Notification,
    pub(crate) content: String,
}

/// Every event, in creation order, and every notification record, oldest first.
#[derive(Debug, Default, Clone)]
pub(crate) struct Events {
    events: Vec<HwEvent>,
    records: Vec<HwRecord>,
}

/// The events handler: Create/Show/Update/Delete/List Secret Event(s), List Notification
/// Records. Delete answers no content (`null`, sent as 204).
pub(crate) fn handle(
    store: &mut HuaweiStore,
    route: &HwRoute,
    query: &Query<'_>,
    body: &[u8],
) -> Result<Value, HwError> {
    let now = store.now();
    let HuaweiStore { secrets, groups, rng, .. } = store;
    let events = groups.get::<Events>();
    let parse = || JsonBody::parse(body).map_err(HwError::body);
    match &route.op {
        HwOp::CreateSecretEvent => events.create(rng, &parse()?, now),
        HwOp::ListSecretEvents => events.list(query.get("limit").as_deref(), query.get("marker").as_deref()),
        HwOp::ShowSecretEvent { event_name } => events.show(event_name),
        HwOp::UpdateSecretEvent { event_name } => events.update(event_name, &parse()?, now),
        HwOp::DeleteSecretEvent { event_name } => events.delete(event_name, secrets).map(|()| Value::Null),
        HwOp::ListNotificationRecords => Ok(events.records(now)),
        other => Err(HwError::invalid(format!("{} is not an events operation", other.name()))),
    }
}

/// Notes that `event_type` (one of [`EVENT_TYPES`]) happened to the secret `secret_name` now:
/// each enabled event the secret subscribes to that names the type leaves a notification
/// record. Call it while the secret is still in the store (before removing a deleted one).
pub(crate) fn record_event(store: &mut HuaweiStore, secret_name: &str, event_type: &str) {
    let now = store.now();
    let HuaweiStore { secrets, groups, .. } = store;
    if let Some(secret) = secrets.iter().find(|s| s.name == secret_name) {
        groups.get::<Events>().record(secret, event_type, now);
    }
}

/// Checks that every event named in the `event_subscriptions` of a Create/Update Secret
/// `body` exists (`CSMS.0005` names the first that does not). A body that does not parse is
/// left to the secret's own checks.
pub(crate) fn check_subscriptions(store: &mut HuaweiStore, body: &[u8]) -> Result<(), HwError> {
    let Ok(Some(subscriptions)) = JsonBody::parse(body).and_then(|b| b.strings("event_subscriptions")) else {
        return Ok(());
    };
    store.groups.get::<Events>().check_subscriptions(&subscriptions)
}

fn conflict(message: impl Into<String>) -> HwError {
    HwError { status: 400, code: "CSMS.0003", message: message.into() }
}

/// An event name: `^[a-zA-Z0-9_-]{1,64}$`.
fn check_name(name: &str) -> Result<(), HwError> {
    if valid_name(name) {
        Ok(())
    } else {
        Err(HwError::invalid("event name must match ^[a-zA-Z0-9_-]{1,64}$"))
    }
}

/// `event_types`: 1 to 12 of [`EVENT_TYPES`], none repeated.
fn event_types(body: &JsonBody) -> Result<Option<Vec<String>>, HwError> {
    let Some(types) = body.strings("event_types").map_err(HwError::invalid)? else { return Ok(None) };
    if types.is_empty() || types.len() > 12 {
        return Err(HwError::invalid("event_types must hold 1 to 12 event types"));
    }
    if let Some(bad) = types.iter().find(|t| !EVENT_TYPES.contains(&t.as_str())) {
        return Err(HwError::invalid(format!(
            "unknown event type {bad}; use one of {}",
            EVENT_TYPES.join(", ")
        )));
    }
    if types.iter().enumerate().any(|(i, t)| types[..i].contains(t)) {
        return Err(HwError::invalid("event_types must not repeat a type"));
    }
    Ok(Some(types))
}

/// `state`: `ENABLED` (true) or `DISABLED` (false).
fn state(body: &JsonBody) -> Result<Option<bool>, HwError> {
    match body.string("state").map_err(HwError::invalid)? {
        None => Ok(None),
        Some("ENABLED") => Ok(Some(true)),
        Some("DISABLED") => Ok(Some(false)),
        Some(_) => Err(HwError::invalid("state must be ENABLED or DISABLED")),
    }
}

/// `notification`: `target_type` `SMN`, `target_id` `^[a-zA-Z0-9\-._:]{1,256}$`, `target_name`
/// `^[a-zA-Z0-9_-]{1,64}$`, all required.
fn notification(body: &JsonBody) -> Result<Option<Notification>, HwError> {
    let Some(n) = body.object("notification").map_err(HwError::invalid)? else { return Ok(None) };
    let field = |name: &str| -> Result<String, HwError> {
        Ok(n.required_string(name).map_err(|e| HwError::invalid(format!("notification {e}")))?.to_owned())
    };
    let (target_type, target_id, target_name) =
        (field("target_type")?, field("target_id")?, field("target_name")?);
    if target_type != "SMN" {
        return Err(HwError::invalid("notification target_type must be SMN"));
    }
    let id_ok = (1..=256).contains(&target_id.len())
        && target_id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._:".contains(&b));
    if !id_ok {
        return Err(HwError::invalid("notification target_id must match ^[a-zA-Z0-9\\-._:]{1,256}$"));
    }
    if !valid_name(&target_name) {
        return Err(HwError::invalid("notification target_name must match ^[a-zA-Z0-9_-]{1,64}$"));
    }
    Ok(Some(Notification { target_type, target_id, target_name }))
}

fn notification_json(n: &Notification) -> Value {
    json!({"target_type": n.target_type, "target_id": n.target_id, "target_name": n.target_name})
}

fn event_json(e: &HwEvent) -> Value {
    json!({
        "name": e.name,
        "event_id": e.id,
        "event_types": e.types,
        "state": if e.enabled { "ENABLED" } else { "DISABLED" },
        "create_time": e.create_time,
        "update_time": e.update_time,
        "notification": notification_json(&e.notification),
    })
}

fn record_json(r: &HwRecord) -> Value {
    json!({
        "event_name": r.event_name,
        "trigger_event_type": r.event_type,
        "create_time": r.time,
        "secret_name": r.secret_name,
        "secret_type": r.secret_type,
        "notification_target_name": r.notification.target_name,
        "notification_target_id": r.notification.target_id,
        "notification_content": r.content,
        "notification_status": "SUCCESS",
    })
}

impl Events {
    /// The event called `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&HwEvent> {
        self.events.iter().find(|e| e.name == name)
    }

    fn find(&self, name: &str) -> Result<&HwEvent, HwError> {
        check_name(name)?;
        self.get(name).ok_or_else(|| HwError::not_found(format!("event {name} does not exist")))
    }

    /// Whether every name in `subscriptions` is an existing event (for Create/Update Secret).
    pub(crate) fn check_subscriptions(&self, subscriptions: &[String]) -> Result<(), HwError> {
        match subscriptions.iter().find(|name| self.get(name).is_none()) {
            Some(name) => Err(HwError::not_found(format!("event {name} does not exist"))),
            None => Ok(()),
        }
    }

    /// Create Secret Event: `{name, event_types, state, notification}`, all required.
    pub(crate) fn create(
        &mut self,
        rng: &mut fastrand::Rng,
        body: &JsonBody,
        now: i64,
    ) -> Result<Value, HwError> {
        let name = body
            .string("name")
            .map_err(HwError::invalid)?
            .ok_or_else(|| HwError::invalid("name is required"))?;
        check_name(name)?;
        let types = event_types(body)?.ok_or_else(|| HwError::invalid("event_types is required"))?;
        let enabled = state(body)?.ok_or_else(|| HwError::invalid("state is required"))?;
        let notification = notification(body)?.ok_or_else(|| HwError::invalid("notification is required"))?;
        if self.get(name).is_some() {
            return Err(conflict(format!("event {name} already exists")));
        }
        let event = HwEvent {
            name: name.to_owned(),
            id: random::uuid(rng),
            types,
            enabled,
            create_time: now,
            update_time: now,
            notification,
        };
        let answer = json!({ "event": event_json(&event) });
        self.events.push(event);
        Ok(answer)
    }

    /// Show Secret Event.
    pub(crate) fn show(&self, name: &str) -> Result<Value, HwError> {
        Ok(json!({ "event": event_json(self.find(name)?) }))
    }

    /// Update Secret Event: any of `state`, `event_types`, `notification`.
    pub(crate) fn update(&mut self, name: &str, body: &JsonBody, now: i64) -> Result<Value, HwError> {
        self.find(name)?;
        let types = event_types(body)?;
        let enabled = state(body)?;
        let notification = notification(body)?;
        let event = self
            .events
            .iter_mut()
            .find(|e| e.name == name)
            .ok_or_else(|| HwError::not_found(format!("event {name} does not exist")))?;
        if let Some(types) = types {
            event.types = types;
        }
        if let Some(enabled) = enabled {
            event.enabled = enabled;
        }
        if let Some(notification) = notification {
            event.notification = notification;
        }
        event.update_time = now;
        Ok(json!({ "event": event_json(event) }))
    }

    /// Delete Secret Event: refused while a secret subscribes to it.
    pub(crate) fn delete(&mut self, name: &str, secrets: &[HwSecret]) -> Result<(), HwError> {
        self.find(name)?;
        if let Some(secret) = secrets.iter().find(|s| s.event_subscriptions.iter().any(|e| e == name)) {
            return Err(conflict(format!(
                "event {name} is referenced by secret {}; remove it from the secret's event_subscriptions first",
                secret.name
            )));
        }
        self.events.retain(|e| e.name != name);
        Ok(())
    }

    /// List Secret Events: `limit` (1 to 1000, default 50) events after the event `marker`.
    pub(crate) fn list(&self, limit: Option<&str>, marker: Option<&str>) -> Result<Value, HwError> {
        let limit = match limit.filter(|l| !l.is_empty()) {
            None => DEFAULT_LIMIT,
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|l| (1..=MAX_LIMIT).contains(l))
                .ok_or_else(|| HwError::invalid("limit must be 1 to 1000"))?,
        };
        let marker = marker.filter(|m| !m.is_empty());
        let start = match marker {
            None => 0,
            Some(marker) => {
                self.events
                    .iter()
                    .position(|e| e.name == marker)
                    .ok_or_else(|| HwError::invalid(format!("unknown marker {marker}")))?
                    + 1
            }
        };
        let end = start.saturating_add(limit).min(self.events.len());
        let page = &self.events[start..end];
        let next = (end < self.events.len()).then(|| page.last().map(|e| e.name.clone())).flatten();
        Ok(json!({
            "events": page.iter().map(event_json).collect::<Vec<_>>(),
            "page_info": object_without_nulls([
                ("next_marker", json!(next)),
                ("previous_marker", json!(marker)),
                ("current_count", json!(page.len())),
            ]),
        }))
    }

    /// Notes that `event_type` happened to `secret` at `now`: one record per event the secret
    /// subscribes to that is enabled and names the type.
    pub(crate) fn record(&mut self, secret: &HwSecret, event_type: &str, now: i64) {
        for name in &secret.event_subscriptions {
            let Some(event) = self.get(name) else { continue };
            if !event.enabled || !event.types.iter().any(|t| t == event_type) {
                continue;
            }
            let content = json!({
                "eventName": event.name,
                "eventType": event_type,
                "eventTime": now,
                "data": {"secretId": secret.id, "secretName": secret.name},
            })
            .to_string();
            let record = HwRecord {
                event_name: event.name.clone(),
                event_type: event_type.to_owned(),
                time: now,
                secret_name: secret.name.clone(),
                secret_type: secret.secret_type.clone(),
                notification: event.notification.clone(),
                content,
            };
            self.records.push(record);
        }
    }

    /// List Notification Records: the records of the last three months, newest first (at most
    /// 1000).
    pub(crate) fn records(&self, now: i64) -> Value {
        let list: Vec<Value> = self
            .records
            .iter()
            .rev()
            .filter(|r| now.saturating_sub(r.time) <= RECORD_RETENTION_MS)
            .take(MAX_RECORDS)
            .map(record_json)
            .collect();
        let count = list.len();
        json!({"records": list, "page_info": {"current_count": count}})
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::huawei::state::Payload;

    fn body(text: &str) -> JsonBody {
        JsonBody::parse(text.as_bytes()).unwrap()
    }

    const EVENT: &str = r#"{"name":"ev","event_types":["SECRET_ROTATED","SECRET_DELETED"],"state":"ENABLED",
        "notification":{"target_type":"SMN","target_id":"urn:smn:r:p:topic","target_name":"topic"}}"#;

    fn secret(subscriptions: &[&str]) -> HwSecret {
        let mut s = HwSecret {
            id: "id-1".into(),
            name: "db".into(),
            kms_key_id: "k".into(),
            description: String::new(),
            create_time: 0,
            update_time: 0,
            secret_type: "COMMON".into(),
            auto_rotation: false,
            rotation_period: None,
            rotation_config: None,
            rotation_time: None,
            next_rotation_time: None,
            event_subscriptions: subscriptions.iter().map(|s| (*s).to_owned()).collect(),
            enterprise_project_id: None,
            rotation_func_urn: None,
            versions: vec![],
            stage_times: vec![],
            version_counter: 0,
            state: crate::huawei::state::SecretState::Enabled,
            scheduled_delete_time: None,
        };
        s.add_version(Payload::Text("x".into()), vec![], None, 0).unwrap();
        s
    }

    #[test]
    fn create_checks_every_field() {
        let mut events = Events::default();
        let mut rng = fastrand::Rng::with_seed(1);
        for bad in [
            r#"{"event_types":["SECRET_ROTATED"],"state":"ENABLED","notification":{}}"#,
            r#"{"name":"e","event_types":[],"state":"ENABLED"}"#,
            r#"{"name":"e","event_types":["NOPE"],"state":"ENABLED"}"#,
            r#"{"name":"e","event_types":["SECRET_ROTATED","SECRET_ROTATED"],"state":"ENABLED"}"#,
            r#"{"name":"e","event_types":["SECRET_ROTATED"],"state":"ON"}"#,
            r#"{"name":"e","event_types":["SECRET_ROTATED"],"state":"ENABLED"}"#,
            r#"{"name":"e","event_types":["SECRET_ROTATED"],"state":"ENABLED","notification":{"target_type":"SMS","target_id":"x","target_name":"t"}}"#,
            r#"{"name":"bad name","event_types":["SECRET_ROTATED"],"state":"ENABLED"}"#,
        ] {
            assert_eq!(events.create(&mut rng, &body(bad), 1).unwrap_err().code, "CSMS.0002", "{bad}");
        }
        let created = events.create(&mut rng, &body(EVENT), 5).unwrap();
        assert_eq!(created["event"]["state"], "ENABLED");
        assert_eq!(created["event"]["create_time"], 5);
        assert_eq!(events.create(&mut rng, &body(EVENT), 6).unwrap_err().code, "CSMS.0003");
    }

    #[test]
    fn records_follow_subscriptions_types_and_state() {
        let mut events = Events::default();
        let mut rng = fastrand::Rng::with_seed(1);
        events.create(&mut rng, &body(EVENT), 1).unwrap();
        let subscribed = secret(&["ev"]);
        events.record(&subscribed, SECRET_ROTATED, 10);
        events.record(&subscribed, SECRET_VERSION_CREATED, 11);
        events.record(&secret(&[]), SECRET_ROTATED, 12);
        let listed = events.records(20);
        assert_eq!(listed["page_info"]["current_count"], 1);
        assert_eq!(listed["records"][0]["trigger_event_type"], SECRET_ROTATED);
        assert_eq!(listed["records"][0]["notification_target_name"], "topic");
        events.update("ev", &body(r#"{"state":"DISABLED"}"#), 30).unwrap();
        events.record(&subscribed, SECRET_ROTATED, 31);
        assert_eq!(events.records(40)["page_info"]["current_count"], 1);
        assert_eq!(events.records(10 + RECORD_RETENTION_MS + 1)["page_info"]["current_count"], 0);
    }

    #[test]
    fn subscribed_events_cannot_be_deleted_and_lists_page() {
        let mut events = Events::default();
        let mut rng = fastrand::Rng::with_seed(1);
        for name in ["a", "b", "c"] {
            events.create(&mut rng, &body(&EVENT.replace("\"ev\"", &format!("\"{name}\""))), 1).unwrap();
        }
        assert_eq!(events.delete("b", &[secret(&["b"])]).unwrap_err().code, "CSMS.0003");
        assert_eq!(events.delete("zz", &[]).unwrap_err().code, "CSMS.0005");
        let first = events.list(Some("2"), None).unwrap();
        assert_eq!(first["page_info"]["next_marker"], "b");
        let second = events.list(Some("2"), Some("b")).unwrap();
        assert_eq!(second["events"][0]["name"], "c");
        assert!(second["page_info"].get("next_marker").is_none());
        assert!(events.list(Some("0"), None).is_err());
        events.delete("b", &[secret(&[])]).unwrap();
        assert!(events.get("b").is_none());
        assert!(events.check_subscriptions(&["a".into()]).is_ok());
        assert_eq!(events.check_subscriptions(&["b".into()]).unwrap_err().code, "CSMS.0005");
    }
}
