//! Deleting a secret, at once or after a recovery window, and taking a scheduled deletion back.

use serde::{Deserialize, Serialize};

use super::secrets::push_secret_path;
use crate::Operation;
use crate::http::{Method, json_body};
use crate::huawei::Huawei;
use crate::huawei::model::SecretResponse;
use crate::huawei::rules;
use crate::secret::SecretBytes;
use crate::validate::{self, ValidationError};

/// **DeleteSecret**: `DELETE /v1/{project_id}/secrets/{secret_name}`, no body. Deletes the
/// secret and every version at once, for good; answers nothing.
///
/// A [`Transition`](crate::OperationKind::Transition): once a send is applied, a resend is
/// refused (`CSMS.0005`, the secret does not exist). To keep a way back, schedule the deletion
/// with [`DeleteSecretForSchedule`] instead.
///
/// ```
/// use secretmanager_core::huawei::{DeleteSecret, Operation as _};
/// use secretmanager_core::{Method, OperationKind};
///
/// let op = DeleteSecret::new("db-password");
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!((DeleteSecret::METHOD, path.as_str()), (Method::Delete, "/secrets/db-password"));
/// assert_eq!(DeleteSecret::KIND, OperationKind::Transition);
/// assert!(op.body().is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DeleteSecret {
    /// The secret to delete (`^[a-zA-Z0-9_-]{1,64}$`).
    pub secret_name: String,
}

impl DeleteSecret {
    /// Deletes `secret_name` now.
    pub fn new(secret_name: impl Into<String>) -> Self {
        Self { secret_name: secret_name.into() }
    }
}

impl Operation for DeleteSecret {
    type Provider = Huawei;
    type Output = ();
    const NAME: &'static str = "DeleteSecret";
    const METHOD: Method = Method::Delete;
    const KIND: crate::OperationKind = crate::OperationKind::Transition;

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name("secret_name", &self.secret_name)
    }

    fn write_path(&self, out: &mut String) {
        push_secret_path(out, &self.secret_name);
    }

    fn changed_secret(&self) -> Option<&str> {
        Some(self.secret_name.as_str())
    }
}

/// **DeleteSecretForSchedule**:
/// `POST /v1/{project_id}/secrets/{secret_name}/scheduled-deleted-tasks/create`
/// `{"recovery_window_in_days"}`. Schedules the deletion `recovery_window_in_days` (7 to 30)
/// days ahead; the secret is `PENDING_DELETE` until then and can be restored with
/// [`RestoreSecret`]. Answers the secret, with its `scheduled_delete_time`.
///
/// A [`Transition`](crate::OperationKind::Transition): a resend once applied is refused (the
/// secret is already scheduled for deletion, `CSMS.0103`).
///
/// ```
/// use secretmanager_core::huawei::{DeleteSecretForSchedule, Operation as _};
///
/// let op = DeleteSecretForSchedule::new("db-password", 7);
/// op.validate().unwrap();
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!(path, "/secrets/db-password/scheduled-deleted-tasks/create");
/// assert_eq!(op.body().unwrap().expose(), br#"{"recovery_window_in_days":7}"#);
/// assert_eq!(DeleteSecretForSchedule::new("db", 31).validate().unwrap_err().field, "recovery_window_in_days");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DeleteSecretForSchedule {
    /// The secret (`^[a-zA-Z0-9_-]{1,64}$`), in the path.
    #[serde(skip_serializing)]
    pub secret_name: String,
    /// Days before the deletion, 7 to 30 (CSMS documents 30 as its default).
    pub recovery_window_in_days: u32,
}

impl DeleteSecretForSchedule {
    /// Deletes `secret_name` in `recovery_window_in_days` days.
    pub fn new(secret_name: impl Into<String>, recovery_window_in_days: u32) -> Self {
        Self { secret_name: secret_name.into(), recovery_window_in_days }
    }
}

impl Operation for DeleteSecretForSchedule {
    type Provider = Huawei;
    type Output = SecretResponse;
    const NAME: &'static str = "DeleteSecretForSchedule";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Transition;

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name("secret_name", &self.secret_name)?;
        let (min, max) = rules::RECOVERY_WINDOW_DAYS;
        validate::range(
            "recovery_window_in_days",
            i64::from(self.recovery_window_in_days),
            i64::from(min),
            i64::from(max),
        )
    }

    fn write_path(&self, out: &mut String) {
        push_secret_path(out, &self.secret_name);
        out.push_str("/scheduled-deleted-tasks/create");
    }

    fn changed_secret(&self) -> Option<&str> {
        Some(self.secret_name.as_str())
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

/// **RestoreSecret**: `POST /v1/{project_id}/secrets/{secret_name}/scheduled-deleted-tasks/cancel`,
/// no body. Cancels a scheduled deletion; the secret is usable again. Answers the secret.
///
/// A [`Transition`](crate::OperationKind::Transition): a resend once applied is refused (the
/// secret is not scheduled for deletion, `CSMS.0108`).
///
/// ```
/// use secretmanager_core::huawei::{Operation as _, RestoreSecret};
///
/// let mut path = String::new();
/// RestoreSecret::new("db-password").write_path(&mut path);
/// assert_eq!(path, "/secrets/db-password/scheduled-deleted-tasks/cancel");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RestoreSecret {
    /// The secret scheduled for deletion (`^[a-zA-Z0-9_-]{1,64}$`).
    pub secret_name: String,
}

impl RestoreSecret {
    /// Cancels the scheduled deletion of `secret_name`.
    pub fn new(secret_name: impl Into<String>) -> Self {
        Self { secret_name: secret_name.into() }
    }
}

impl Operation for RestoreSecret {
    type Provider = Huawei;
    type Output = SecretResponse;
    const NAME: &'static str = "RestoreSecret";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Transition;

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name("secret_name", &self.secret_name)
    }

    fn write_path(&self, out: &mut String) {
        push_secret_path(out, &self.secret_name);
        out.push_str("/scheduled-deleted-tasks/cancel");
    }

    fn changed_secret(&self) -> Option<&str> {
        Some(self.secret_name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::huawei::{SecretState, decode};
    use crate::validate::Rule;

    fn path<O: Operation>(op: &O) -> String {
        let mut out = String::new();
        op.write_path(&mut out);
        out
    }

    #[test]
    fn delete_secret_path_and_rules() {
        assert_eq!(path(&DeleteSecret::new("db_1")), "/secrets/db_1");
        assert_eq!(DeleteSecret::new("d/b").validate().unwrap_err().field, "secret_name");
        assert_eq!(DeleteSecret::new("").validate().unwrap_err().rule, Rule::Required);
        const { assert!(DeleteSecret::IDEMPOTENT) };
        // The official response model is empty: no body, or any JSON body, is the answer.
        decode::<()>(204, b"").unwrap();
        decode::<()>(200, b"{}").unwrap();
        let err = decode::<()>(400, br#"{"error_code":"CSMS.0005","error_msg":"missing"}"#).unwrap_err();
        assert_eq!(err.as_api().unwrap().kind(), crate::ApiErrorKind::NotFound);
    }

    #[test]
    fn schedule_window_is_7_to_30_days() {
        for ok in [7, 30, 15] {
            assert!(DeleteSecretForSchedule::new("db", ok).validate().is_ok(), "{ok}");
        }
        for bad in [0, 6, 31, u32::MAX] {
            let err = DeleteSecretForSchedule::new("db", bad).validate().unwrap_err();
            assert_eq!(err.field, "recovery_window_in_days", "{bad}");
            assert!(matches!(err.rule, Rule::Range { min: 7, max: 30, .. }), "{bad}");
        }
        assert_eq!(DeleteSecretForSchedule::new("d b", 7).validate().unwrap_err().field, "secret_name");
        let op = DeleteSecretForSchedule::new("db", 30);
        assert_eq!(op.body().unwrap().expose(), br#"{"recovery_window_in_days":30}"#);
        assert_eq!(DeleteSecretForSchedule::METHOD, Method::Post);
    }

    #[test]
    fn schedule_and_restore_answer_the_secret() {
        // DeleteSecretForScheduleResponse and RestoreSecretResponse: {"secret": Secret}.
        let body = br#"{"secret":{"id":"bb6d6c5e-9b7a-4ac4-a4a7-4f0b1e1c0e31","name":"db","state":"PENDING_DELETE",
            "kms_key_id":"b168fe00ff56492495a7d22974df2d0b","description":"orders","create_time":1581507580000,
            "update_time":1581507580000,"scheduled_delete_time":1582112380000,"secret_type":"COMMON",
            "auto_rotation":false,"rotation_period":null,"rotation_config":null,"rotation_time":null,
            "next_rotation_time":null,"event_subscriptions":null,"enterprise_project_id":"0",
            "rotation_func_urn":null}}"#;
        let scheduled: SecretResponse = decode(200, body).unwrap();
        assert_eq!(scheduled.secret.state, Some(SecretState::PendingDelete));
        assert_eq!(scheduled.secret.scheduled_delete_time, Some(1_582_112_380_000));
        assert!(scheduled.secret.event_subscriptions.is_empty());
        let restored: SecretResponse =
            decode(200, br#"{"secret":{"name":"db","state":"ENABLED","scheduled_delete_time":null}}"#)
                .unwrap();
        assert_eq!(restored.secret.scheduled_delete_time, None);
        assert_eq!(path(&RestoreSecret::new("db")), "/secrets/db/scheduled-deleted-tasks/cancel");
        assert_eq!(RestoreSecret::new("d.b").validate().unwrap_err().field, "secret_name");
        assert!(RestoreSecret::new("db").body().is_none());
    }
}
