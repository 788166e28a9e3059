//! Rotating, creating, reading, listing and updating secrets.

use serde::{Deserialize, Serialize};

use super::value;
use crate::Operation;
use crate::encode::{Query, push_segment};
use crate::http::Method;
use crate::http::json_body;
use crate::huawei::Huawei;
use crate::huawei::model::{RotateSecretResponse, SecretList, SecretResponse, SecretType};
use crate::huawei::rules;
use crate::paging;
use crate::secret::{SecretBytes, SecretString};
use crate::validate::{self, Rule, ValidationError};

/// Appends `/secrets/{secret_name}`.
pub(super) fn push_secret_path(out: &mut String, secret_name: &str) {
    out.push_str("/secrets/");
    push_segment(out, secret_name);
}

/// **RotateSecret**: `POST /v1/{project_id}/secrets/{secret_name}/rotate`, no body. Answers the
/// new version, the secret name and the rotation task id (each optional).
///
/// CSMS creates a version with a generated value and makes it `SYSCURRENT`. It rotates only
/// secrets it can rotate itself (`RDS-FG`, `GaussDB-FG`, or with a `rotation_func_urn`); a
/// `COMMON` secret is rotated with [`CreateSecretVersion`](crate::huawei::CreateSecretVersion).
///
/// **Not idempotent**: the API takes no idempotency token, so a blind retry after a timeout can
/// rotate twice. [`crate::HttpRequest::idempotent`] is `false`; after an unknown outcome, read
/// the `SYSCURRENT` stage (or the task, with
/// [`ListSecretTask`](crate::huawei::ListSecretTask)) before rotating again.
///
/// ```
/// use secretmanager_core::huawei::{Operation as _, RotateSecret};
///
/// let mut path = String::new();
/// RotateSecret::new("db-password").write_path(&mut path);
/// assert_eq!(path, "/secrets/db-password/rotate");
/// assert!(!RotateSecret::IDEMPOTENT);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RotateSecret {
    /// The secret to rotate (`^[a-zA-Z0-9_-]{1,64}$`).
    pub secret_name: String,
}

impl RotateSecret {
    /// Rotates `secret_name`.
    pub fn new(secret_name: impl Into<String>) -> Self {
        Self { secret_name: secret_name.into() }
    }
}

impl Operation for RotateSecret {
    type Provider = Huawei;
    type Output = RotateSecretResponse;
    const NAME: &'static str = "RotateSecret";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Create;
    const SETTLED_BY: &'static str = "ListSecretTask";

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name("secret_name", &self.secret_name)
    }

    fn write_path(&self, out: &mut String) {
        push_secret_path(out, &self.secret_name);
        out.push_str("/rotate");
    }

    fn changed_secret(&self) -> Option<&str> {
        Some(self.secret_name.as_str())
    }
}

/// **CreateSecret**: `POST /v1/{project_id}/secrets`. Answers the new [`Secret`](crate::huawei::Secret).
///
/// Exactly one of [`CreateSecret::secret_string`] and [`CreateSecret::secret_binary`] must be
/// given (at most 32 KiB). Not idempotent: a second call fails because the name exists.
///
/// ```
/// use secretmanager_core::huawei::{CreateSecret, Operation as _, SecretType};
///
/// let op = CreateSecret::new("db-password")
///     .secret_string(r#"{"password":"s3cr3t"}"#)
///     .description("orders database")
///     .auto_rotation("30d");
/// assert!(op.validate().is_ok());
/// assert!(!format!("{op:?}").contains("s3cr3t"));
/// assert_eq!(
///     CreateSecret::new("x").secret_type(SecretType::RdsFg).secret_string("v").validate().unwrap_err().field,
///     "rotation_config"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CreateSecret {
    /// The name (`^[a-zA-Z0-9_-]{1,64}$`), sent as `name`.
    pub name: String,
    /// A text value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_string: Option<SecretString>,
    /// A binary value, sent base64-encoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_binary: Option<SecretBytes>,
    /// The KMS key to encrypt with (the CSMS default key when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// A description, at most 2048 bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The type (`COMMON` when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_type: Option<SecretType>,
    /// Whether CSMS rotates it automatically.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_rotation: Option<bool>,
    /// The automatic rotation period (`30d`, `12h`, `360m`, `21600s`; 6 h–8760 h, see
    /// [`validate_rotation_period`](crate::huawei::validate_rotation_period)), required with
    /// auto rotation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotation_period: Option<String>,
    /// Rotation configuration, at most 1024 characters; required for `RDS-FG` and `GaussDB-FG`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotation_config: Option<String>,
    /// The events the secret subscribes to: at most one event name (`^[a-zA-Z0-9_-]{1,64}$`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub event_subscriptions: Vec<String>,
    /// The FunctionGraph function that rotates the secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotation_func_urn: Option<String>,
    /// The enterprise project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enterprise_project_id: Option<String>,
}

impl CreateSecret {
    /// A secret called `name`; give it a value with [`CreateSecret::secret_string`] or
    /// [`CreateSecret::secret_binary`].
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            secret_string: None,
            secret_binary: None,
            kms_key_id: None,
            description: None,
            secret_type: None,
            auto_rotation: None,
            rotation_period: None,
            rotation_config: None,
            event_subscriptions: Vec::new(),
            rotation_func_urn: None,
            enterprise_project_id: None,
        }
    }

    /// Sets a text value.
    pub fn secret_string(mut self, value: impl Into<SecretString>) -> Self {
        self.secret_string = Some(value.into());
        self
    }

    /// Sets a binary value.
    pub fn secret_binary(mut self, value: impl Into<SecretBytes>) -> Self {
        self.secret_binary = Some(value.into());
        self
    }

    /// Encrypts with the KMS key `kms_key_id`.
    pub fn kms_key_id(mut self, kms_key_id: impl Into<String>) -> Self {
        self.kms_key_id = Some(kms_key_id.into());
        self
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the type.
    pub fn secret_type(mut self, secret_type: SecretType) -> Self {
        self.secret_type = Some(secret_type);
        self
    }

    /// Turns automatic rotation on, every `rotation_period` (`30d`, `12h`…).
    pub fn auto_rotation(mut self, rotation_period: impl Into<String>) -> Self {
        self.auto_rotation = Some(true);
        self.rotation_period = Some(rotation_period.into());
        self
    }

    /// Sets the rotation configuration (RDS-FG / GaussDB-FG secrets).
    pub fn rotation_config(mut self, rotation_config: impl Into<String>) -> Self {
        self.rotation_config = Some(rotation_config.into());
        self
    }

    /// Subscribes the secret to the event `event_name` (a secret subscribes to at most one).
    pub fn event_subscription(mut self, event_name: impl Into<String>) -> Self {
        self.event_subscriptions = vec![event_name.into()];
        self
    }

    /// Sets the FunctionGraph function that rotates the secret.
    pub fn rotation_func_urn(mut self, urn: impl Into<String>) -> Self {
        self.rotation_func_urn = Some(urn.into());
        self
    }

    /// Puts the secret in an enterprise project.
    pub fn enterprise_project_id(mut self, id: impl Into<String>) -> Self {
        self.enterprise_project_id = Some(id.into());
        self
    }
}

/// Checks the KMS key and description shared by Create Secret and Update Secret.
fn validate_key_and_description(
    kms_key_id: Option<&str>,
    description: Option<&str>,
) -> Result<(), ValidationError> {
    if let Some(key) = kms_key_id {
        rules::validate_identifier("kms_key_id", key)?;
    }
    if let Some(description) = description {
        validate::byte_length("description", description, rules::DESCRIPTION_MAX_BYTES)?;
    }
    Ok(())
}

/// Checks the rotation settings shared by Create Secret and Update Secret.
fn validate_rotation(
    auto_rotation: Option<bool>,
    rotation_period: Option<&str>,
    rotation_func_urn: Option<&str>,
    period_required: bool,
) -> Result<(), ValidationError> {
    match rotation_period {
        Some(period) => {
            rules::validate_rotation_period(period)?;
        }
        None if period_required && auto_rotation == Some(true) => {
            return Err(ValidationError::new("rotation_period", Rule::RequiredWhen("auto_rotation is true")));
        }
        None => {}
    }
    if let Some(urn) = rotation_func_urn {
        rules::validate_identifier("rotation_func_urn", urn)?;
    }
    Ok(())
}

impl Operation for CreateSecret {
    type Provider = Huawei;
    type Output = SecretResponse;
    const NAME: &'static str = "CreateSecret";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Create;

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name("name", &self.name)?;
        value::validate(self.secret_string.as_ref(), self.secret_binary.as_ref())?;
        validate_key_and_description(self.kms_key_id.as_deref(), self.description.as_deref())?;
        if let Some(SecretType::Other(other)) = &self.secret_type {
            rules::validate_identifier("secret_type", other)?;
        }
        validate_rotation(
            self.auto_rotation,
            self.rotation_period.as_deref(),
            self.rotation_func_urn.as_deref(),
            true,
        )?;
        match &self.rotation_config {
            Some(config) => {
                validate::char_length("rotation_config", config, 1, rules::ROTATION_CONFIG_MAX_CHARS)?
            }
            None if matches!(self.secret_type, Some(SecretType::RdsFg | SecretType::GaussDbFg)) => {
                let rule = Rule::RequiredWhen("secret_type is RDS-FG or GaussDB-FG");
                return Err(ValidationError::new("rotation_config", rule));
            }
            None => {}
        }
        rules::validate_event_subscriptions(&self.event_subscriptions)?;
        if let Some(id) = &self.enterprise_project_id {
            rules::validate_identifier("enterprise_project_id", id)?;
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/secrets");
    }

    fn collect_secrets(&self, redactor: &mut crate::Redactor) {
        if let Some(value) = &self.secret_string {
            redactor.add(value.expose());
        }
        if let Some(value) = &self.secret_binary {
            redactor.add_bytes(value.expose());
        }
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

/// **ShowSecret**: `GET /v1/{project_id}/secrets/{secret_name}`. Answers the secret's metadata.
///
/// ```
/// use secretmanager_core::huawei::{Operation as _, ShowSecret};
///
/// let mut path = String::new();
/// ShowSecret::new("db-password").write_path(&mut path);
/// assert_eq!(path, "/secrets/db-password");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ShowSecret {
    /// The secret (`^[a-zA-Z0-9_-]{1,64}$`).
    pub secret_name: String,
}

impl ShowSecret {
    /// Reads `secret_name`.
    pub fn new(secret_name: impl Into<String>) -> Self {
        Self { secret_name: secret_name.into() }
    }
}

impl Operation for ShowSecret {
    type Provider = Huawei;
    type Output = SecretResponse;
    const NAME: &'static str = "ShowSecret";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name("secret_name", &self.secret_name)
    }

    fn write_path(&self, out: &mut String) {
        push_secret_path(out, &self.secret_name);
    }
}

/// **ListSecrets**: `GET /v1/{project_id}/secrets?limit=&marker=&event_name=`. Answers a page
/// of secrets and the marker of the next one.
///
/// ```
/// use secretmanager_core::huawei::{ListSecrets, Operation as _};
///
/// let mut path = String::new();
/// ListSecrets::new().limit(10).marker("db password").write_path(&mut path);
/// assert_eq!(path, "/secrets?limit=10&marker=db%20password");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ListSecrets {
    /// Page size, 1 or more (CSMS's default: 50).
    pub limit: Option<u32>,
    /// Where the page starts: the `next_marker` of the previous page.
    pub marker: Option<String>,
    /// Only secrets subscribed to this event.
    pub event_name: Option<String>,
}

impl ListSecrets {
    /// The first page, of the default size.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the page size.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Starts after `marker`.
    pub fn marker(mut self, marker: impl Into<String>) -> Self {
        self.marker = Some(marker.into());
        self
    }

    /// Filters on an event subscription.
    pub fn event_name(mut self, event_name: impl Into<String>) -> Self {
        self.event_name = Some(event_name.into());
        self
    }
}

impl Operation for ListSecrets {
    type Provider = Huawei;
    type Output = SecretList;
    const NAME: &'static str = "ListSecrets";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        if let Some(limit) = self.limit {
            rules::validate_limit(limit)?;
        }
        if let Some(marker) = &self.marker {
            rules::validate_identifier("marker", marker)?;
        }
        if let Some(event) = &self.event_name {
            rules::validate_identifier("event_name", event)?;
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/secrets");
        Query::new(out)
            .optional("limit", self.limit)
            .optional("marker", self.marker.as_deref())
            .optional("event_name", self.event_name.as_deref());
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

/// **UpdateSecret**: `PUT /v1/{project_id}/secrets/{secret_name}`. Answers the updated secret.
///
/// ```
/// use secretmanager_core::huawei::{Operation as _, UpdateSecret};
///
/// let op = UpdateSecret::new("db-password").auto_rotation(true).rotation_period("90d");
/// assert_eq!(op.body().unwrap().expose(), br#"{"auto_rotation":true,"rotation_period":"90d"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateSecret {
    /// The secret (`^[a-zA-Z0-9_-]{1,64}$`), in the path.
    #[serde(skip_serializing)]
    pub secret_name: String,
    /// A new KMS key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// A new description, at most 2048 bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Turns automatic rotation on or off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_rotation: Option<bool>,
    /// A new rotation period (`30d`, `12h`, `360m`; 6 h–8760 h).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotation_period: Option<String>,
    /// New event subscriptions, at most one event name: `[]` unsubscribes, absent keeps them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_subscriptions: Option<Vec<String>>,
    /// A new rotation function.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotation_func_urn: Option<String>,
}

impl UpdateSecret {
    /// Changes nothing yet; add what to change with the setters.
    pub fn new(secret_name: impl Into<String>) -> Self {
        Self {
            secret_name: secret_name.into(),
            kms_key_id: None,
            description: None,
            auto_rotation: None,
            rotation_period: None,
            event_subscriptions: None,
            rotation_func_urn: None,
        }
    }

    /// Sets the KMS key.
    pub fn kms_key_id(mut self, kms_key_id: impl Into<String>) -> Self {
        self.kms_key_id = Some(kms_key_id.into());
        self
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Turns automatic rotation on or off.
    pub fn auto_rotation(mut self, on: bool) -> Self {
        self.auto_rotation = Some(on);
        self
    }

    /// Sets the rotation period.
    pub fn rotation_period(mut self, period: impl Into<String>) -> Self {
        self.rotation_period = Some(period.into());
        self
    }

    /// Replaces the event subscriptions (at most one event name; none unsubscribes).
    pub fn event_subscriptions<S: Into<String>>(mut self, events: impl IntoIterator<Item = S>) -> Self {
        self.event_subscriptions = Some(events.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the rotation function.
    pub fn rotation_func_urn(mut self, urn: impl Into<String>) -> Self {
        self.rotation_func_urn = Some(urn.into());
        self
    }
}

impl Operation for UpdateSecret {
    type Provider = Huawei;
    type Output = SecretResponse;
    const NAME: &'static str = "UpdateSecret";
    const METHOD: Method = Method::Put;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name("secret_name", &self.secret_name)?;
        validate_key_and_description(self.kms_key_id.as_deref(), self.description.as_deref())?;
        if let Some(events) = &self.event_subscriptions {
            rules::validate_event_subscriptions(events)?;
        }
        // The secret may already have a period, so turning rotation on does not require one here.
        validate_rotation(
            self.auto_rotation,
            self.rotation_period.as_deref(),
            self.rotation_func_urn.as_deref(),
            false,
        )
    }

    fn write_path(&self, out: &mut String) {
        push_secret_path(out, &self.secret_name);
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::huawei::{SecretState, decode};

    fn path<O: Operation>(op: &O) -> String {
        let mut out = String::new();
        op.write_path(&mut out);
        out
    }

    #[test]
    fn rotate_secret_validates_the_name() {
        assert!(RotateSecret::new("db_password-1").validate().is_ok());
        for bad in ["", "a/b", "a b", &"x".repeat(65)] {
            assert_eq!(RotateSecret::new(bad).validate().unwrap_err().field, "secret_name", "{bad}");
        }
        assert_eq!(RotateSecret::new("x").body(), None);
        assert_eq!(RotateSecret::METHOD, Method::Post);
    }

    #[test]
    fn create_secret_body_carries_the_value_exactly() {
        let value = "{\"password\":\"s3cr3t \\\"quoted\\\" é\"}";
        let op =
            CreateSecret::new("db-password").secret_string(value).kms_key_id("key-1").auto_rotation("12h");
        op.validate().unwrap();
        let body: serde_json::Value = serde_json::from_slice(op.body().unwrap().expose()).unwrap();
        assert_eq!(body["name"], "db-password");
        assert_eq!(body["secret_string"], value);
        assert_eq!(body["kms_key_id"], "key-1");
        assert_eq!(body["auto_rotation"], true);
        assert_eq!(body["rotation_period"], "12h");
        assert!(body.get("secret_binary").is_none() && body.get("description").is_none());
        assert_eq!(path(&op), "/secrets");
    }

    #[test]
    fn create_secret_binary_is_base64() {
        let op =
            CreateSecret::new("blob").secret_binary(vec![0xff, 0x00, 0x10]).secret_type(SecretType::Common);
        op.validate().unwrap();
        let body: serde_json::Value = serde_json::from_slice(op.body().unwrap().expose()).unwrap();
        assert_eq!(body["secret_binary"], "/wAQ");
        assert_eq!(body["secret_type"], "COMMON");
        assert!(body.get("secret_string").is_none());
    }

    #[test]
    fn create_secret_rules_name_the_wire_field() {
        let base = || CreateSecret::new("db").secret_string("v");
        let field = |op: CreateSecret| op.validate().unwrap_err().field;
        assert_eq!(field(CreateSecret::new("db")), "secret_string");
        assert_eq!(field(base().secret_binary(vec![1])), "secret_binary");
        assert_eq!(field(CreateSecret::new("d.b").secret_string("v")), "name");
        assert_eq!(field(CreateSecret::new("db").secret_string("x".repeat(32 * 1024 + 1))), "secret_string");
        assert_eq!(field(base().description("d".repeat(2049))), "description");
        assert!(base().description("d".repeat(2048)).validate().is_ok());
        assert_eq!(field(base().auto_rotation("5h")), "rotation_period");
        assert_eq!(field(base().auto_rotation("366d")), "rotation_period");
        let mut no_period = base();
        no_period.auto_rotation = Some(true);
        assert_eq!(no_period.validate().unwrap_err().rule, Rule::RequiredWhen("auto_rotation is true"));
        assert_eq!(field(base().secret_type(SecretType::GaussDbFg)), "rotation_config");
        assert!(
            base()
                .secret_type(SecretType::RdsFg)
                .rotation_config("{\"instance_id\":\"i\"}")
                .validate()
                .is_ok()
        );
        assert_eq!(field(base().rotation_config("c".repeat(1025))), "rotation_config");
        assert_eq!(field(base().kms_key_id("")), "kms_key_id");
        assert_eq!(field(base().rotation_func_urn("a\nb")), "rotation_func_urn");
        assert_eq!(field(base().enterprise_project_id("")), "enterprise_project_id");
        assert_eq!(field(base().secret_type(SecretType::from(""))), "secret_type");
        // Unknown types are kept and sent as given.
        let other = base().secret_type(SecretType::from("NEW-TYPE"));
        other.validate().unwrap();
        assert!(
            String::from_utf8_lossy(other.body().unwrap().expose()).contains("\"secret_type\":\"NEW-TYPE\"")
        );
    }

    #[test]
    fn list_secrets_query() {
        assert_eq!(path(&ListSecrets::new()), "/secrets");
        assert_eq!(
            path(&ListSecrets::new().limit(5).marker("m&x").event_name("ev 1")),
            "/secrets?limit=5&marker=m%26x&event_name=ev%201"
        );
        assert_eq!(ListSecrets::new().limit(0).validate().unwrap_err().field, "limit");
        assert_eq!(ListSecrets::new().marker("").validate().unwrap_err().field, "marker");
    }

    #[test]
    fn update_secret_sends_only_what_changes() {
        let op = UpdateSecret::new("db").description("new");
        assert_eq!(op.body().unwrap().expose(), br#"{"description":"new"}"#);
        assert!(UpdateSecret::new("db").auto_rotation(true).validate().is_ok());
        assert_eq!(
            UpdateSecret::new("db").rotation_period("1h").validate().unwrap_err().field,
            "rotation_period"
        );
        assert_eq!(UpdateSecret::new("d b").validate().unwrap_err().field, "secret_name");
        assert_eq!(path(&op), "/secrets/db");
        assert_eq!(UpdateSecret::METHOD, Method::Put);
    }

    #[test]
    fn secret_answers_decode_with_unknown_and_absent_fields() {
        let body = br#"{"secret":{"id":"7c1a","name":"db","state":"ENABLED","kms_key_id":"k","create_time":1581507580000,
            "secret_type":"RDS-FG","auto_rotation":true,"rotation_period":"30d","event_subscriptions":["ev"],"future":{}}}"#;
        let answer: SecretResponse = decode(200, body).unwrap();
        assert_eq!(answer.secret.name, "db");
        assert_eq!(answer.secret.state, Some(SecretState::Enabled));
        assert_eq!(answer.secret.secret_type, Some(SecretType::RdsFg));
        assert_eq!(answer.secret.description, None);
        assert_eq!(answer.secret.event_subscriptions, ["ev"]);
        let list: SecretList = decode(
            200,
            br#"{"secrets":[{"name":"a","state":"SOMETHING_NEW"}],"page_info":{"next_marker":"a","current_count":1}}"#,
        )
        .unwrap();
        assert_eq!(list.secrets[0].state, Some(SecretState::Other("SOMETHING_NEW".into())));
        assert_eq!(list.page_info.unwrap().next_marker.as_deref(), Some("a"));
    }

    #[test]
    fn event_subscriptions_are_sent_and_checked() {
        let op = CreateSecret::new("db").secret_string("v").event_subscription("version_expiry");
        op.validate().unwrap();
        let body: serde_json::Value = serde_json::from_slice(op.body().unwrap().expose()).unwrap();
        assert_eq!(body["event_subscriptions"], serde_json::json!(["version_expiry"]));
        let none = CreateSecret::new("db").secret_string("v");
        assert!(!String::from_utf8_lossy(none.body().unwrap().expose()).contains("event_subscriptions"));
        let mut two = CreateSecret::new("db").secret_string("v");
        two.event_subscriptions = vec!["a".into(), "b".into()];
        assert_eq!(two.validate().unwrap_err().field, "event_subscriptions");
        assert_eq!(
            CreateSecret::new("db")
                .secret_string("v")
                .event_subscription("a b")
                .validate()
                .unwrap_err()
                .field,
            "event_subscriptions"
        );

        // Update Secret: absent keeps them, [] unsubscribes, one replaces them.
        assert_eq!(
            UpdateSecret::new("db").description("d").body().unwrap().expose(),
            br#"{"description":"d"}"#
        );
        let clear = UpdateSecret::new("db").event_subscriptions(Vec::<String>::new());
        clear.validate().unwrap();
        assert_eq!(clear.body().unwrap().expose(), br#"{"event_subscriptions":[]}"#);
        let one = UpdateSecret::new("db").event_subscriptions(["ev_1"]);
        assert_eq!(one.body().unwrap().expose(), br#"{"event_subscriptions":["ev_1"]}"#);
        assert_eq!(
            UpdateSecret::new("db").event_subscriptions(["a", "b"]).validate().unwrap_err().field,
            "event_subscriptions"
        );
        // Read from a JSON request (the C and Python surface) in the wire names.
        let read: UpdateSecret =
            serde_json::from_str(r#"{"secret_name":"db","event_subscriptions":["e"]}"#).unwrap();
        assert_eq!(read.event_subscriptions, Some(vec!["e".to_owned()]));
    }

    #[test]
    fn rotation_periods_in_every_unit() {
        let base = || CreateSecret::new("db").secret_string("v");
        for ok in ["360m", "21600s", "6h", "365d", "525600m", "31536000s", "00012h"] {
            base().auto_rotation(ok).validate().unwrap_or_else(|e| panic!("{ok}: {e:?}"));
            UpdateSecret::new("db").rotation_period(ok).validate().unwrap_or_else(|e| panic!("{ok}: {e:?}"));
        }
        for bad in ["359m", "21599s", "31536001s", "10000d", "30", "30w", "1.5h"] {
            assert_eq!(base().auto_rotation(bad).validate().unwrap_err().field, "rotation_period", "{bad}");
        }
    }

    #[test]
    fn list_secrets_pages_by_the_next_marker_of_page_info() {
        assert_eq!(ListSecrets::PAGE_FIELD, Some("marker"));
        let answer = |next: &str| -> SecretList {
            decode(
                200,
                format!(r#"{{"secrets":[{{"name":"a"}}],"page_info":{{"next_marker":{next}}}}}"#).as_bytes(),
            )
            .unwrap()
        };
        let first = ListSecrets::new().limit(2).event_name("ev");
        // First page: the marker comes from the answer; limit and filter stay.
        let second = first.next_page(&answer(r#""b""#)).unwrap();
        assert_eq!(second, ListSecrets::new().limit(2).event_name("ev").marker("b"));
        assert_eq!(first.next_page_position(&answer(r#""b""#)), Some(serde_json::json!("b")));
        // Middle page: moves on again.
        assert_eq!(second.next_page(&answer(r#""d""#)).unwrap().marker.as_deref(), Some("d"));
        // Last page: no marker, an empty one, or no page_info at all.
        for last in ["null", r#""""#] {
            assert_eq!(second.next_page(&answer(last)), None, "{last}");
            assert_eq!(second.next_page_position(&answer(last)), None, "{last}");
        }
        assert_eq!(second.next_page(&decode(200, br#"{"secrets":[]}"#).unwrap()), None);
        // The same marker again ends the iteration.
        assert_eq!(second.next_page(&answer(r#""b""#)), None);
        assert_eq!(second.next_page_position(&answer(r#""b""#)), None);
    }
}
