//! Secret events: the notifications CSMS sends (through SMN) when a secret changes, and the
//! record of what it sent (`/v1/{project_id}/csms/events`, `/csms/notification-records`).

use serde::{Deserialize, Serialize};

use super::tags::validate_count;
use crate::Operation;
use crate::encode::{Query, push_segment};
use crate::http::Method;
use crate::http::json_body;
use crate::huawei::model::{PageInfo, SecretType};
use crate::huawei::{Huawei, rules};
use crate::paging;
use crate::secret::SecretBytes;
use crate::validate::{Rule, ValidationError};
use crate::wire::string_enum;

/// An event holds 1 to 12 event types.
pub const MAX_EVENT_TYPES: usize = 12;

string_enum! {
    /// A basic event type an event notifies of (`event_types`, `trigger_event_type`).
    pub enum EventType {
        /// A version was created.
        SecretVersionCreated = "SECRET_VERSION_CREATED",
        /// A version expired.
        SecretVersionExpired = "SECRET_VERSION_EXPIRED",
        /// The secret was rotated.
        SecretRotated = "SECRET_ROTATED",
        /// The secret was deleted.
        SecretDeleted = "SECRET_DELETED",
        /// A rotation failed.
        SecretRotatedFailed = "SECRET_ROTATED_FAILED",
    }
}

string_enum! {
    /// `state` of an event: only an enabled event notifies.
    pub enum EventState {
        /// The event notifies.
        Enabled = "ENABLED",
        /// The event does not notify.
        Disabled = "DISABLED",
    }
}

/// Where an event sends its notifications: `Notification` (an SMN topic).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct EventNotification {
    /// The type of the target, e.g. `SMN`.
    pub target_type: String,
    /// The target's id (an SMN topic URN).
    pub target_id: String,
    /// The target's name.
    pub target_name: String,
}

impl EventNotification {
    /// Notifications to the target `target_id` of type `target_type`, called `target_name`.
    pub fn new(
        target_type: impl Into<String>,
        target_id: impl Into<String>,
        target_name: impl Into<String>,
    ) -> Self {
        Self { target_type: target_type.into(), target_id: target_id.into(), target_name: target_name.into() }
    }

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_identifier("notification.target_type", &self.target_type)?;
        rules::validate_identifier("notification.target_id", &self.target_id)?;
        rules::validate_identifier("notification.target_name", &self.target_name)
    }
}

/// An event: `Event`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SecretEvent {
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its id.
    #[serde(default)]
    pub event_id: Option<String>,
    /// What it notifies of (1 to 12 types).
    #[serde(default, deserialize_with = "crate::huawei::model::list")]
    pub event_types: Vec<EventType>,
    /// Whether it notifies.
    #[serde(default)]
    pub state: Option<EventState>,
    /// When it was created, in seconds since the epoch.
    #[serde(default)]
    pub create_time: Option<i64>,
    /// When it was last changed, in seconds since the epoch.
    #[serde(default)]
    pub update_time: Option<i64>,
    /// Where it notifies.
    #[serde(default)]
    pub notification: Option<EventNotification>,
}

/// The answer of Create, Show and Update Secret Event: `{"event": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SecretEventResponse {
    /// The event.
    pub event: SecretEvent,
}

/// The answer of List Secret Events.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SecretEventList {
    /// The events of this page.
    #[serde(default, deserialize_with = "crate::huawei::model::list")]
    pub events: Vec<SecretEvent>,
    /// Paging state.
    #[serde(default)]
    pub page_info: Option<PageInfo>,
}

/// Checks an event name (`^[a-zA-Z0-9_-]{1,64}$`, the rule of secret names).
fn validate_event_name(field: &'static str, name: &str) -> Result<(), ValidationError> {
    rules::validate_secret_name(field, name)
}

/// Checks a list of event types: 1 to 12, each once.
fn validate_event_types(types: &[EventType]) -> Result<(), ValidationError> {
    const FIELD: &str = "event_types";
    validate_count(FIELD, types.len(), 1, MAX_EVENT_TYPES)?;
    for (index, event_type) in types.iter().enumerate() {
        rules::validate_identifier(FIELD, event_type.as_str())?;
        if types[..index].contains(event_type) {
            return Err(ValidationError::new(
                FIELD,
                Rule::ForbiddenWhen("the same event type is listed twice"),
            ));
        }
    }
    Ok(())
}

/// Appends `/csms/events/{event_name}`.
fn push_event_path(out: &mut String, event_name: &str) {
    out.push_str("/csms/events/");
    push_segment(out, event_name);
}

/// **CreateSecretEvent**: `POST /v1/{project_id}/csms/events`. Creates an event that notifies
/// `notification` of the `event_types` of the secrets subscribed to it (a secret subscribes in
/// its `event_subscriptions`). Answers the new event.
///
/// Not idempotent: a second call fails because the name exists, so a lost answer is never
/// resent; [`ShowSecretEvent`] tells whether it was created.
///
/// ```
/// use secretmanager_core::huawei::{CreateSecretEvent, EventNotification, EventState, EventType, Operation as _};
///
/// let op = CreateSecretEvent::new(
///     "rotation-alerts",
///     [EventType::SecretRotated, EventType::SecretRotatedFailed],
///     EventState::Enabled,
///     EventNotification::new("SMN", "urn:smn:cn-north-4:0123:alerts", "alerts"),
/// );
/// op.validate()?;
/// assert!(!CreateSecretEvent::IDEMPOTENT);
/// assert_eq!(
///     op.body().unwrap().expose(),
///     br#"{"name":"rotation-alerts","event_types":["SECRET_ROTATED","SECRET_ROTATED_FAILED"],"state":"ENABLED","notification":{"target_type":"SMN","target_id":"urn:smn:cn-north-4:0123:alerts","target_name":"alerts"}}"#
/// );
/// # Ok::<(), secretmanager_core::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CreateSecretEvent {
    /// The name (`^[a-zA-Z0-9_-]{1,64}$`).
    pub name: String,
    /// What it notifies of: 1 to 12 types, each once.
    pub event_types: Vec<EventType>,
    /// Whether it notifies.
    pub state: EventState,
    /// Where it notifies.
    pub notification: EventNotification,
}

impl CreateSecretEvent {
    /// An event called `name`, notifying `notification` of `event_types` when `state` is
    /// enabled.
    pub fn new(
        name: impl Into<String>,
        event_types: impl IntoIterator<Item = EventType>,
        state: EventState,
        notification: EventNotification,
    ) -> Self {
        Self { name: name.into(), event_types: event_types.into_iter().collect(), state, notification }
    }
}

impl Operation for CreateSecretEvent {
    type Provider = Huawei;
    type Output = SecretEventResponse;
    const NAME: &'static str = "CreateSecretEvent";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Create;
    const SETTLED_BY: &'static str = "ShowSecretEvent";

    fn validate(&self) -> Result<(), ValidationError> {
        validate_event_name("name", &self.name)?;
        validate_event_types(&self.event_types)?;
        rules::validate_identifier("state", self.state.as_str())?;
        self.notification.validate()
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/events");
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

/// **DeleteSecretEvent**: `DELETE /v1/{project_id}/csms/events/{event_name}`. Answers nothing
/// (204). Repeatable (a repeat may answer that the event is gone).
///
/// ```
/// use secretmanager_core::huawei::{DeleteSecretEvent, Operation as _};
///
/// let mut path = String::new();
/// DeleteSecretEvent::new("rotation-alerts").write_path(&mut path);
/// assert_eq!(path, "/csms/events/rotation-alerts");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DeleteSecretEvent {
    /// The event's name.
    pub event_name: String,
}

impl DeleteSecretEvent {
    /// Deletes the event `event_name`.
    pub fn new(event_name: impl Into<String>) -> Self {
        Self { event_name: event_name.into() }
    }
}

impl Operation for DeleteSecretEvent {
    type Provider = Huawei;
    type Output = ();
    const NAME: &'static str = "DeleteSecretEvent";
    const METHOD: Method = Method::Delete;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_event_name("event_name", &self.event_name)
    }

    fn write_path(&self, out: &mut String) {
        push_event_path(out, &self.event_name);
    }
}

/// **ListSecretEvents**: `GET /v1/{project_id}/csms/events?limit=&marker=`. Answers a page of
/// the project's events.
///
/// ```
/// use secretmanager_core::huawei::{ListSecretEvents, Operation as _};
///
/// let mut path = String::new();
/// ListSecretEvents::new().limit(20).marker("alerts").write_path(&mut path);
/// assert_eq!(path, "/csms/events?limit=20&marker=alerts");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ListSecretEvents {
    /// Page size, 1 or more (CSMS's default: 50).
    pub limit: Option<u32>,
    /// The event name the page starts at: the `next_marker` of the previous page.
    pub marker: Option<String>,
}

impl ListSecretEvents {
    /// The first page, of the default size.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the page size.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Starts at `marker`.
    pub fn marker(mut self, marker: impl Into<String>) -> Self {
        self.marker = Some(marker.into());
        self
    }
}

impl Operation for ListSecretEvents {
    type Provider = Huawei;
    type Output = SecretEventList;
    const NAME: &'static str = "ListSecretEvents";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        if let Some(limit) = self.limit {
            rules::validate_limit(limit)?;
        }
        if let Some(marker) = &self.marker {
            rules::validate_identifier("marker", marker)?;
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/events");
        Query::new(out).optional("limit", self.limit).optional("marker", self.marker.as_deref());
    }

    const PAGE_FIELD: Option<&'static str> = Some("marker");

    /// The `next_marker` of the answer's `page_info`, unless it is absent, empty or this
    /// request's `marker` again.
    fn next_page_position(&self, answer: &Self::Output) -> Option<serde_json::Value> {
        self.next_page(answer).and_then(|next| next.marker).map(serde_json::Value::String)
    }

    /// This request with `marker` set to the answer's `next_marker`.
    fn next_page(&self, answer: &Self::Output) -> Option<Self> {
        let next = answer.page_info.as_ref()?.next_marker.as_deref();
        let marker = paging::next_marker(self.marker.as_deref(), next)?;
        Some(Self { marker: Some(marker), ..self.clone() })
    }
}

/// **ShowSecretEvent**: `GET /v1/{project_id}/csms/events/{event_name}`. Answers the event.
///
/// ```
/// use secretmanager_core::huawei::{self, EventState, Operation as _, ShowSecretEvent};
///
/// let mut path = String::new();
/// ShowSecretEvent::new("rotation-alerts").write_path(&mut path);
/// assert_eq!(path, "/csms/events/rotation-alerts");
/// let answer: huawei::SecretEventResponse = huawei::decode(
///     200,
///     br#"{"event":{"name":"rotation-alerts","event_id":"7b2c","event_types":["SECRET_ROTATED"],"state":"ENABLED",
///         "create_time":1581507580,"update_time":1581507580,
///         "notification":{"target_type":"SMN","target_id":"urn:smn:x","target_name":"alerts"}}}"#,
/// )?;
/// assert_eq!(answer.event.state, Some(EventState::Enabled));
/// # Ok::<(), secretmanager_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ShowSecretEvent {
    /// The event's name.
    pub event_name: String,
}

impl ShowSecretEvent {
    /// Reads the event `event_name`.
    pub fn new(event_name: impl Into<String>) -> Self {
        Self { event_name: event_name.into() }
    }
}

impl Operation for ShowSecretEvent {
    type Provider = Huawei;
    type Output = SecretEventResponse;
    const NAME: &'static str = "ShowSecretEvent";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_event_name("event_name", &self.event_name)
    }

    fn write_path(&self, out: &mut String) {
        push_event_path(out, &self.event_name);
    }
}

/// **UpdateSecretEvent**: `PUT /v1/{project_id}/csms/events/{event_name}`. Changes the given
/// fields of an event; answers the event. Repeatable: it writes given values.
///
/// ```
/// use secretmanager_core::huawei::{EventState, Operation as _, UpdateSecretEvent};
///
/// let op = UpdateSecretEvent::new("rotation-alerts").state(EventState::Disabled);
/// assert_eq!(op.body().unwrap().expose(), br#"{"state":"DISABLED"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateSecretEvent {
    /// The event's name, in the path.
    #[serde(skip_serializing)]
    pub event_name: String,
    /// Whether it notifies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<EventState>,
    /// What it notifies of: 1 to 12 types, each once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_types: Option<Vec<EventType>>,
    /// Where it notifies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification: Option<EventNotification>,
}

impl UpdateSecretEvent {
    /// Changes nothing yet; add what to change with the setters.
    pub fn new(event_name: impl Into<String>) -> Self {
        Self { event_name: event_name.into(), state: None, event_types: None, notification: None }
    }

    /// Enables or disables the event.
    pub fn state(mut self, state: EventState) -> Self {
        self.state = Some(state);
        self
    }

    /// Sets what the event notifies of.
    pub fn event_types(mut self, event_types: impl IntoIterator<Item = EventType>) -> Self {
        self.event_types = Some(event_types.into_iter().collect());
        self
    }

    /// Sets where the event notifies.
    pub fn notification(mut self, notification: EventNotification) -> Self {
        self.notification = Some(notification);
        self
    }
}

impl Operation for UpdateSecretEvent {
    type Provider = Huawei;
    type Output = SecretEventResponse;
    const NAME: &'static str = "UpdateSecretEvent";
    const METHOD: Method = Method::Put;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_event_name("event_name", &self.event_name)?;
        if let Some(state) = &self.state {
            rules::validate_identifier("state", state.as_str())?;
        }
        if let Some(types) = &self.event_types {
            validate_event_types(types)?;
        }
        if let Some(notification) = &self.notification {
            notification.validate()?;
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        push_event_path(out, &self.event_name);
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

string_enum! {
    /// `notification_status` of a notification record.
    pub enum NotificationStatus {
        /// The notification was sent.
        Success = "SUCCESS",
        /// Sending it failed.
        Fail = "FAIL",
        /// The event's topic is invalid, so nothing could be sent.
        Invalid = "INVALID",
    }
}

/// A notification CSMS sent, or tried to send: `Record`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct NotificationRecord {
    /// The event that notified.
    #[serde(default)]
    pub event_name: Option<String>,
    /// What happened.
    #[serde(default)]
    pub trigger_event_type: Option<EventType>,
    /// When the record was made, in seconds since the epoch.
    #[serde(default)]
    pub create_time: Option<i64>,
    /// The secret it happened to.
    #[serde(default)]
    pub secret_name: Option<String>,
    /// That secret's type (`COMMON`, `RDS-FG`, `GaussDB-FG`; the retired `RDS` is kept as sent).
    #[serde(default)]
    pub secret_type: Option<SecretType>,
    /// The name of the notification target.
    #[serde(default)]
    pub notification_target_name: Option<String>,
    /// The id of the notification target.
    #[serde(default)]
    pub notification_target_id: Option<String>,
    /// What the notification said.
    #[serde(default)]
    pub notification_content: Option<String>,
    /// Whether it was sent.
    #[serde(default)]
    pub notification_status: Option<NotificationStatus>,
}

/// The answer of List Notification Records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct NotificationRecordList {
    /// The records.
    #[serde(default, deserialize_with = "crate::huawei::model::list")]
    pub records: Vec<NotificationRecord>,
    /// Paging state.
    #[serde(default)]
    pub page_info: Option<PageInfo>,
}

/// **ListNotificationRecords**: `GET /v1/{project_id}/csms/notification-records`. Answers the
/// notifications CSMS sent for the project's events. Takes no parameter.
///
/// ```
/// use secretmanager_core::huawei::{self, ListNotificationRecords, NotificationStatus, Operation as _};
///
/// let mut path = String::new();
/// ListNotificationRecords::new().write_path(&mut path);
/// assert_eq!(path, "/csms/notification-records");
/// let answer: huawei::NotificationRecordList = huawei::decode(
///     200,
///     br#"{"records":[{"event_name":"alerts","trigger_event_type":"SECRET_ROTATED","notification_status":"FAIL"}],
///         "page_info":{"next_marker":null,"current_count":1}}"#,
/// )?;
/// assert_eq!(answer.records[0].notification_status, Some(NotificationStatus::Fail));
/// # Ok::<(), secretmanager_core::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ListNotificationRecords {}

impl ListNotificationRecords {
    /// Lists the notification records.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Operation for ListNotificationRecords {
    type Provider = Huawei;
    type Output = NotificationRecordList;
    const NAME: &'static str = "ListNotificationRecords";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/notification-records");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::huawei::decode;

    fn path<O: Operation>(op: &O) -> String {
        let mut out = String::new();
        op.write_path(&mut out);
        out
    }

    fn smn() -> EventNotification {
        EventNotification::new("SMN", "urn:smn:cn-north-4:0123:alerts", "alerts")
    }

    fn create(types: impl IntoIterator<Item = EventType>) -> CreateSecretEvent {
        CreateSecretEvent::new("alerts", types, EventState::Enabled, smn())
    }

    /// An `Event` with every field the official model has.
    const EVENT: &str = r#"{"name":"alerts","event_id":"7b2c5d3e-1f4a-4b6c-9d8e-0a1b2c3d4e5f",
        "event_types":["SECRET_VERSION_CREATED","SECRET_ROTATED_FAILED","SECRET_NEW_KIND"],"state":"DISABLED",
        "create_time":1581507580,"update_time":1581507590,
        "notification":{"target_type":"SMN","target_id":"urn:smn:x","target_name":"alerts"}}"#;

    #[test]
    fn create_event_rules() {
        create([EventType::SecretDeleted]).validate().unwrap();
        assert_eq!(path(&create([EventType::SecretDeleted])), "/csms/events");
        assert_eq!(CreateSecretEvent::KIND, crate::OperationKind::Create);
        assert_eq!(CreateSecretEvent::SETTLED_BY, "ShowSecretEvent");
        let err = |op: CreateSecretEvent| op.validate().unwrap_err();
        let mut bad_name = create([EventType::SecretDeleted]);
        bad_name.name = "a.b".into();
        assert_eq!(err(bad_name).field, "name");
        let mut long = create([EventType::SecretDeleted]);
        long.name = "e".repeat(65);
        assert_eq!(err(long).field, "name");
        let none = err(create([]));
        assert_eq!((none.field, none.rule), ("event_types", Rule::Range { min: 1, max: 12, actual: 0 }));
        let twice = err(create([EventType::SecretRotated, EventType::SecretRotated]));
        assert_eq!(twice.rule, Rule::ForbiddenWhen("the same event type is listed twice"));
        assert_eq!(err(create([EventType::from("")])).field, "event_types");
        let thirteen = (0..13).map(|i| EventType::from(format!("T{i}").as_str()));
        assert_eq!(err(create(thirteen)).field, "event_types");
        let mut state = create([EventType::SecretDeleted]);
        state.state = EventState::from("");
        assert_eq!(err(state).field, "state");
        let mut target = create([EventType::SecretDeleted]);
        target.notification.target_id = String::new();
        assert_eq!(err(target).field, "notification.target_id");
        let mut target = create([EventType::SecretDeleted]);
        target.notification.target_type = "a\nb".into();
        assert_eq!(err(target).field, "notification.target_type");
        let mut target = create([EventType::SecretDeleted]);
        target.notification.target_name = String::new();
        assert_eq!(err(target).field, "notification.target_name");
    }

    #[test]
    fn event_answers_decode_as_the_sdk_describes_them() {
        let answer: SecretEventResponse = decode(200, format!(r#"{{"event":{EVENT}}}"#).as_bytes()).unwrap();
        let event = answer.event;
        assert_eq!(event.name.as_deref(), Some("alerts"));
        assert_eq!(event.event_id.as_deref(), Some("7b2c5d3e-1f4a-4b6c-9d8e-0a1b2c3d4e5f"));
        assert_eq!(
            event.event_types,
            [
                EventType::SecretVersionCreated,
                EventType::SecretRotatedFailed,
                EventType::Other("SECRET_NEW_KIND".into())
            ]
        );
        assert_eq!(event.state, Some(EventState::Disabled));
        assert_eq!((event.create_time, event.update_time), (Some(1_581_507_580), Some(1_581_507_590)));
        assert_eq!(event.notification, Some(EventNotification::new("SMN", "urn:smn:x", "alerts")));
        let written = serde_json::to_value(&event).unwrap();
        assert_eq!(written["event_types"][0], "SECRET_VERSION_CREATED");
        assert_eq!(written["notification"]["target_name"], "alerts");
        let bare: SecretEventResponse = decode(200, br#"{"event":{"event_types":null}}"#).unwrap();
        assert!(bare.event.event_types.is_empty() && bare.event.name.is_none());
        assert!(
            decode::<SecretEventResponse>(200, br#"{"event":{"notification":{"target_type":"SMN"}}}"#)
                .is_err()
        );
    }

    #[test]
    fn list_show_delete_paths_and_list_answer() {
        assert_eq!(path(&ListSecretEvents::new()), "/csms/events");
        assert_eq!(
            path(&ListSecretEvents::new().limit(5).marker("a b")),
            "/csms/events?limit=5&marker=a%20b"
        );
        assert_eq!(ListSecretEvents::new().limit(0).validate().unwrap_err().field, "limit");
        assert_eq!(ListSecretEvents::new().marker("").validate().unwrap_err().field, "marker");
        assert_eq!(path(&ShowSecretEvent::new("alerts")), "/csms/events/alerts");
        assert_eq!(ShowSecretEvent::new("a/b").validate().unwrap_err().field, "event_name");
        assert_eq!(path(&DeleteSecretEvent::new("alerts")), "/csms/events/alerts");
        assert_eq!(DeleteSecretEvent::new("").validate().unwrap_err().rule, Rule::Required);
        assert_eq!(
            (DeleteSecretEvent::METHOD, DeleteSecretEvent::KIND),
            (Method::Delete, crate::OperationKind::Repeatable)
        );
        decode::<()>(204, b"").unwrap();

        let list: SecretEventList = decode(
            200,
            format!(r#"{{"events":[{EVENT}],"page_info":{{"next_marker":"alerts","previous_marker":null,"current_count":1}}}}"#)
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(list.events.len(), 1);
        let page = list.page_info.unwrap();
        assert_eq!((page.next_marker.as_deref(), page.current_count), (Some("alerts"), Some(1)));
        let empty: SecretEventList = decode(200, br#"{"events":null,"page_info":null}"#).unwrap();
        assert!(empty.events.is_empty() && empty.page_info.is_none());
    }

    #[test]
    fn update_event_sends_only_what_changes() {
        let op = UpdateSecretEvent::new("alerts")
            .event_types([EventType::SecretVersionExpired])
            .notification(smn());
        op.validate().unwrap();
        assert_eq!(path(&op), "/csms/events/alerts");
        assert_eq!(
            op.body().unwrap().expose(),
            br#"{"event_types":["SECRET_VERSION_EXPIRED"],"notification":{"target_type":"SMN","target_id":"urn:smn:cn-north-4:0123:alerts","target_name":"alerts"}}"#
        );
        assert_eq!(UpdateSecretEvent::new("alerts").body().unwrap().expose(), b"{}");
        assert_eq!(
            (UpdateSecretEvent::METHOD, UpdateSecretEvent::KIND),
            (Method::Put, crate::OperationKind::Repeatable)
        );
        let err = |op: UpdateSecretEvent| op.validate().unwrap_err().field;
        assert_eq!(err(UpdateSecretEvent::new("alerts").event_types([])), "event_types");
        assert_eq!(err(UpdateSecretEvent::new("a b")), "event_name");
        assert_eq!(err(UpdateSecretEvent::new("alerts").state(EventState::from(""))), "state");
        assert_eq!(
            err(UpdateSecretEvent::new("alerts").notification(EventNotification::new("", "t", "n"))),
            "notification.target_type"
        );
    }

    #[test]
    fn notification_records_decode_as_the_sdk_describes_them() {
        assert_eq!(path(&ListNotificationRecords::new()), "/csms/notification-records");
        ListNotificationRecords::new().validate().unwrap();
        let list: NotificationRecordList = decode(
            200,
            br#"{"records":[{"event_name":"alerts","trigger_event_type":"SECRET_ROTATED","create_time":1581507580,
                "secret_name":"db","secret_type":"RDS","notification_target_name":"alerts",
                "notification_target_id":"urn:smn:x","notification_content":"rotated","notification_status":"INVALID"}],
                "page_info":{"next_marker":null,"current_count":1}}"#,
        )
        .unwrap();
        let record = &list.records[0];
        assert_eq!(record.event_name.as_deref(), Some("alerts"));
        assert_eq!(record.trigger_event_type, Some(EventType::SecretRotated));
        assert_eq!(record.create_time, Some(1_581_507_580));
        assert_eq!(record.secret_name.as_deref(), Some("db"));
        assert_eq!(record.secret_type, Some(SecretType::Other("RDS".into())));
        assert_eq!(record.notification_target_name.as_deref(), Some("alerts"));
        assert_eq!(record.notification_target_id.as_deref(), Some("urn:smn:x"));
        assert_eq!(record.notification_content.as_deref(), Some("rotated"));
        assert_eq!(record.notification_status, Some(NotificationStatus::Invalid));
        assert!(decode::<NotificationRecordList>(200, br#"{"records":null}"#).unwrap().records.is_empty());
    }

    #[test]
    fn list_secret_events_pages_by_the_next_marker_of_page_info() {
        assert_eq!(ListSecretEvents::PAGE_FIELD, Some("marker"));
        assert_eq!(ListNotificationRecords::PAGE_FIELD, None, "its request names no page");
        let answer = |next: &str| -> SecretEventList {
            decode(200, format!(r#"{{"events":[],"page_info":{{"next_marker":{next}}}}}"#).as_bytes())
                .unwrap()
        };
        let first = ListSecretEvents::new().limit(2);
        let second = first.next_page(&answer(r#""alerts""#)).unwrap();
        assert_eq!(second, ListSecretEvents::new().limit(2).marker("alerts"));
        assert_eq!(first.next_page_position(&answer(r#""alerts""#)), Some(serde_json::json!("alerts")));
        assert_eq!(second.next_page(&answer(r#""zz""#)).unwrap().marker.as_deref(), Some("zz"));
        for last in ["null", r#""""#] {
            assert_eq!(second.next_page(&answer(last)), None, "{last}");
        }
        assert_eq!(second.next_page(&decode(200, br#"{"events":null,"page_info":null}"#).unwrap()), None);
        assert_eq!(second.next_page(&answer(r#""alerts""#)), None, "the same marker again ends it");
        let records: NotificationRecordList =
            decode(200, br#"{"records":[],"page_info":{"next_marker":"r-2"}}"#).unwrap();
        assert_eq!(ListNotificationRecords::new().next_page(&records), None);
    }
}
