//! Automatic rotation settings: on/off, period and trigger (operations 18–22).

use serde::{Deserialize, Serialize};

use super::{secret_path, validate_secret_id};
use crate::Operation;
use crate::http::Method;
use crate::http::json_body;
use crate::ncp::Ncp;
use crate::ncp::model::Trigger;
use crate::ncp::rules;
use crate::ncp::wire::{EpochMillis, yn};
use crate::secret::SecretBytes;
use crate::validate::ValidationError;

/// The rotation settings of a secret, as Enable Auto Rotation and the calls that change the
/// period or trigger return them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AutoRotation {
    /// Secret id.
    pub secret_id: String,
    /// Whether the secret rotates automatically.
    #[serde(
        rename(deserialize = "autoRotationYN"),
        default,
        deserialize_with = "yn::option::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_rotation: Option<bool>,
    /// Rotation period in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_rotation_period: Option<u32>,
    /// Next scheduled rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_rotation_date: Option<EpochMillis>,
    /// Linked trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
}

/// **Enable Auto Rotation**: `POST /api/v1/secrets/{secretId}/enable-auto-rotation`.
///
/// ```
/// use secretmanager_core::ncp::EnableAutoRotation;
/// use secretmanager_core::ncp::Operation as _;
///
/// assert!(EnableAutoRotation::new("id").rotation_period(730).validate().is_ok());
/// assert!(EnableAutoRotation::new("id").rotation_period(731).validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct EnableAutoRotation {
    /// Secret id (in the path).
    #[serde(skip_serializing)]
    pub secret_id: String,
    /// Rotation period in days, 1–730 (NCP's default: 90).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_period: Option<u32>,
    /// Trigger id; required if no trigger is linked yet, or to change it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_id: Option<String>,
}

impl EnableAutoRotation {
    /// Enables auto rotation of `secret_id` with the secret's current settings.
    pub fn new(secret_id: impl Into<String>) -> Self {
        Self { secret_id: secret_id.into(), rotation_period: None, trigger_id: None }
    }

    /// Sets the period in days.
    pub fn rotation_period(mut self, days: u32) -> Self {
        self.rotation_period = Some(days);
        self
    }

    /// Sets the trigger.
    pub fn trigger_id(mut self, trigger_id: impl Into<String>) -> Self {
        self.trigger_id = Some(trigger_id.into());
        self
    }
}

impl Operation for EnableAutoRotation {
    type Provider = Ncp;
    type Output = AutoRotation;
    const NAME: &'static str = "Enable Auto Rotation";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_secret_id(&self.secret_id)?;
        if let Some(days) = self.rotation_period {
            rules::validate_rotation_period("rotationPeriod", days)?;
        }
        if let Some(trigger_id) = &self.trigger_id {
            rules::validate_identifier("triggerId", trigger_id)?;
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        secret_path(out, &self.secret_id);
        out.push_str("/enable-auto-rotation");
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

secret_action! {
    /// **Disable Auto Rotation**: `POST /api/v1/secrets/{secretId}/disable-auto-rotation`.
    /// Answers `{secretId, autoRotationYN:"N"}`.
    ///
    /// Idempotent: it sets the flag to a fixed value; a resend leaves it off.
    pub struct DisableAutoRotation;
    name = "Disable Auto Rotation", method = Post, suffix = "/disable-auto-rotation",
    kind = Repeatable, output = AutoRotation;
}

/// **Update Rotation Period**: `PUT /api/v1/secrets/{secretId}/rotation-period` with body
/// `{"rotationPeriod":days}` (1–730).
///
/// Idempotent: it sets the period; a resend sets the same period.
///
/// ```
/// use secretmanager_core::ncp::{Operation as _, UpdateRotationPeriod};
///
/// let op = UpdateRotationPeriod::new("sid", 730);
/// assert!(op.validate().is_ok());
/// assert_eq!(op.body().unwrap().expose(), br#"{"rotationPeriod":730}"#);
/// assert!(UpdateRotationPeriod::new("sid", 731).validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateRotationPeriod {
    /// Secret id (in the path).
    #[serde(skip_serializing)]
    pub secret_id: String,
    /// Rotation period in days, 1–730.
    pub rotation_period: u32,
}

impl UpdateRotationPeriod {
    /// Rotates `secret_id` every `days` days.
    pub fn new(secret_id: impl Into<String>, days: u32) -> Self {
        Self { secret_id: secret_id.into(), rotation_period: days }
    }
}

impl Operation for UpdateRotationPeriod {
    type Provider = Ncp;
    type Output = AutoRotation;
    const NAME: &'static str = "Update Rotation Period";
    const METHOD: Method = Method::Put;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_secret_id(&self.secret_id)?;
        rules::validate_rotation_period("rotationPeriod", self.rotation_period)
    }

    fn write_path(&self, out: &mut String) {
        secret_path(out, &self.secret_id);
        out.push_str("/rotation-period");
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

/// **Update Rotation Trigger**: `PUT /api/v1/secrets/{secretId}/triggers` with body
/// `{"triggerId":"..."}`. A secret links at most one trigger; this replaces it.
///
/// Idempotent: it sets the trigger; a resend links the same one.
///
/// ```
/// use secretmanager_core::ncp::{Operation as _, UpdateRotationTrigger};
///
/// let op = UpdateRotationTrigger::new("sid", "trg-1");
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!(path, "/api/v1/secrets/sid/triggers");
/// assert_eq!(op.body().unwrap().expose(), br#"{"triggerId":"trg-1"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateRotationTrigger {
    /// Secret id (in the path).
    #[serde(skip_serializing)]
    pub secret_id: String,
    /// Trigger id (from Get Trigger List).
    pub trigger_id: String,
}

impl UpdateRotationTrigger {
    /// Links `trigger_id` to `secret_id`.
    pub fn new(secret_id: impl Into<String>, trigger_id: impl Into<String>) -> Self {
        Self { secret_id: secret_id.into(), trigger_id: trigger_id.into() }
    }
}

impl Operation for UpdateRotationTrigger {
    type Provider = Ncp;
    type Output = AutoRotation;
    const NAME: &'static str = "Update Rotation Trigger";
    const METHOD: Method = Method::Put;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_secret_id(&self.secret_id)?;
        rules::validate_identifier("triggerId", &self.trigger_id)
    }

    fn write_path(&self, out: &mut String) {
        secret_path(out, &self.secret_id);
        out.push_str("/triggers");
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

secret_action! {
    /// **Delete Rotation Trigger**: `DELETE /api/v1/secrets/{secretId}/triggers`. Unlinks the
    /// trigger; answers `data: null`. A secret with auto rotation on cannot lose its trigger.
    ///
    /// A [`Transition`](crate::OperationKind::Transition): a secret links at most one trigger,
    /// so a resend after an applied first send finds none to remove and is refused; the
    /// secret's detail read back (no trigger linked) settles it.
    pub struct DeleteRotationTrigger;
    name = "Delete Rotation Trigger", method = Delete, suffix = "/triggers",
    kind = Transition, output = ();
    check = |op| crate::ncp::reconcile::detail_check(&op.secret_id),
    settle = |_, observed| match observed {
        crate::ncp::ObservedState::Detail(secret) if secret.trigger.is_none() => crate::Settled::Applied(()),
        crate::ncp::ObservedState::Detail(_) => crate::Settled::NotApplied,
        _ => crate::Settled::Unknown,
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ncp::decode;
    use crate::validate::Rule;

    const DOC_REQUEST: &str = r#"{
    "rotationPeriod": 90,
    "triggerId": "*****"
}"#;

    const DOC_RESPONSE: &str = r#"{
    "code": "SUCCESS",
    "data": {
        "secretId": "*****687685109842348f7358629bca2a6b2491e8c2352718e7d312b183*****",
        "autoRotationYN": "Y",
        "autoRotationPeriod": 90,
        "nextRotationDate": 1761015600000,
        "trigger": {
            "id": "*****",
            "name": "test",
            "url": "https://console.ncloud.com/vpcCloudFunctions/trigger/detail/test"
        }
    }
}"#;

    #[test]
    fn document_request_round_trips() {
        // A caller's JSON names the path's secret id too; the body does not carry it.
        let mut as_called: serde_json::Value = serde_json::from_str(DOC_REQUEST).unwrap();
        as_called["secretId"] = "sid".into();
        let op: EnableAutoRotation = serde_json::from_value(as_called).unwrap();
        assert_eq!(op, EnableAutoRotation::new("sid").rotation_period(90).trigger_id("*****"));
        let written: serde_json::Value = serde_json::from_slice(op.body().unwrap().expose()).unwrap();
        assert_eq!(written, serde_json::from_str::<serde_json::Value>(DOC_REQUEST).unwrap());
        let mut path = String::new();
        op.write_path(&mut path);
        assert_eq!(path, "/api/v1/secrets/sid/enable-auto-rotation");
    }

    #[test]
    fn document_response_decodes() {
        let out: AutoRotation = decode(200, DOC_RESPONSE.as_bytes()).unwrap();
        assert_eq!(out.secret_id, "*****687685109842348f7358629bca2a6b2491e8c2352718e7d312b183*****");
        assert_eq!(out.auto_rotation, Some(true));
        assert_eq!(out.auto_rotation_period, Some(90));
        assert_eq!(out.next_rotation_date, Some(EpochMillis(1_761_015_600_000)));
        assert_eq!(out.trigger.as_ref().map(|t| t.id.as_str()), Some("*****"));
        let as_called = DOC_RESPONSE.replace(r#""autoRotationYN": "Y""#, r#""autoRotation": true"#);
        let envelope: serde_json::Value = serde_json::from_str(&as_called).unwrap();
        assert_eq!(serde_json::to_value(&out).unwrap(), envelope["data"]);
    }

    #[test]
    fn empty_body_when_nothing_is_set() {
        assert_eq!(EnableAutoRotation::new("s").body().unwrap().expose(), b"{}");
        assert_eq!(EnableAutoRotation::new("").validate().unwrap_err().field, "secretId");
    }
    fn path_of(op: &impl Operation) -> String {
        let mut path = String::new();
        op.write_path(&mut path);
        path
    }

    #[test]
    fn disable_and_delete_trigger_send_no_body() {
        assert_eq!(path_of(&DisableAutoRotation::new("a b")), "/api/v1/secrets/a%20b/disable-auto-rotation");
        assert_eq!(path_of(&DeleteRotationTrigger::new("a/b")), "/api/v1/secrets/a%2Fb/triggers");
        assert!(DisableAutoRotation::new("s").body().is_none());
        assert!(DeleteRotationTrigger::new("s").body().is_none());
        assert_eq!(DeleteRotationTrigger::METHOD, Method::Delete);
        assert_eq!(DisableAutoRotation::new("").validate().unwrap_err().field, "secretId");
        assert_eq!(DeleteRotationTrigger::new("\n").validate().unwrap_err().field, "secretId");
        let out: AutoRotation =
            decode(200, br#"{"code":"SUCCESS","data":{"secretId":"s1","autoRotationYN":"N"}}"#).unwrap();
        assert_eq!((out.secret_id.as_str(), out.auto_rotation), ("s1", Some(false)));
        let () = decode(200, br#"{"code":"SUCCESS","data":null}"#).unwrap();
    }

    #[test]
    fn rotation_period_at_and_beyond_each_limit() {
        assert_eq!(path_of(&UpdateRotationPeriod::new("a?", 1)), "/api/v1/secrets/a%3F/rotation-period");
        assert!(UpdateRotationPeriod::new("s", 1).validate().is_ok());
        assert!(UpdateRotationPeriod::new("s", 730).validate().is_ok());
        for bad in [0, 731, u32::MAX] {
            let err = UpdateRotationPeriod::new("s", bad).validate().unwrap_err();
            assert_eq!(err.field, "rotationPeriod");
            assert_eq!(err.rule, Rule::Range { min: 1, max: 730, actual: i64::from(bad) });
        }
        assert_eq!(UpdateRotationPeriod::new("", 90).validate().unwrap_err().field, "secretId");
        let body =
            br#"{"code":"SUCCESS","data":{"secretId":"s1","autoRotationYN":"Y","autoRotationPeriod":730}}"#;
        let out: AutoRotation = decode(200, body).unwrap();
        assert_eq!(out.auto_rotation_period, Some(730));
    }

    #[test]
    fn rotation_trigger_body_rules_and_answer() {
        assert_eq!(path_of(&UpdateRotationTrigger::new("a b", "t")), "/api/v1/secrets/a%20b/triggers");
        assert_eq!(
            UpdateRotationTrigger::new("s", "t\"1").body().unwrap().expose(),
            br#"{"triggerId":"t\"1"}"#
        );
        let err = UpdateRotationTrigger::new("s", "").validate().unwrap_err();
        assert_eq!((err.field, err.rule), ("triggerId", Rule::Required));
        assert_eq!(UpdateRotationTrigger::new("", "t").validate().unwrap_err().field, "secretId");
        let body = br#"{"code":"SUCCESS","data":{"secretId":"s1","trigger":{"id":"t1","name":"n",
            "url":"https://console.ncloud.com/x","recentlyExecutedAction":"act"}}}"#;
        let out: AutoRotation = decode(200, body).unwrap();
        let trigger = out.trigger.unwrap();
        assert_eq!((trigger.id.as_str(), trigger.recently_executed_action.as_deref()), ("t1", Some("act")));
    }
}
