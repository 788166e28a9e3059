//! Automatic rotation settings and operator rotation controls (operations 18–26).

use serde::{Deserialize, Serialize};

use super::secret_path;
use crate::http::Method;
use crate::ncp::model::Trigger;
use crate::ncp::operation::{Operation, json_body};
use crate::ncp::rules;
use crate::ncp::wire::{EpochMillis, yn};
use crate::secret::SecretBytes;
use crate::validate::{self, ValidationError};

/// The rotation settings of a secret, as Enable Auto Rotation and the calls that change the
/// period or trigger return them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AutoRotation {
    /// Secret id.
    pub secret_id: String,
    /// Whether the secret rotates automatically.
    #[serde(
        rename = "autoRotationYN",
        default,
        with = "yn::option",
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EnableAutoRotation {
    /// Secret id (in the path).
    #[serde(skip)]
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
    type Output = AutoRotation;
    const NAME: &'static str = "Enable Auto Rotation";
    const METHOD: Method = Method::Post;
    const IDEMPOTENT: bool = true;

    fn validate(&self) -> Result<(), ValidationError> {
        validate::path_segment("secretId", &self.secret_id)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ncp::decode;

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
        let mut op: EnableAutoRotation = serde_json::from_str(DOC_REQUEST).unwrap();
        op.secret_id = "sid".into();
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
        let envelope: serde_json::Value = serde_json::from_str(DOC_RESPONSE).unwrap();
        assert_eq!(serde_json::to_value(&out).unwrap(), envelope["data"]);
    }

    #[test]
    fn empty_body_when_nothing_is_set() {
        assert_eq!(EnableAutoRotation::new("s").body().unwrap().expose(), b"{}");
        assert_eq!(EnableAutoRotation::new("").validate().unwrap_err().field, "secretId");
    }
}
