//! Moving a stage to a version, and removing a custom stage.

use serde::{Deserialize, Serialize};

use super::secrets::push_secret_path;
use crate::Operation;
use crate::encode::push_segment;
use crate::http::{Method, json_body};
use crate::huawei::Huawei;
use crate::huawei::model::{StageName, StageResponse};
use crate::huawei::rules;
use crate::secret::SecretBytes;
use crate::validate::{Rule, ValidationError};

/// Appends `/secrets/{secret_name}/stages/{stage_name}`.
fn push_stage_path(out: &mut String, secret_name: &str, stage_name: &StageName) {
    push_secret_path(out, secret_name);
    out.push_str("/stages/");
    push_segment(out, stage_name.as_str());
}

/// **UpdateSecretStage**: `PUT /v1/{project_id}/secrets/{secret_name}/stages/{stage_name}`
/// `{"version_id"}`. Puts the stage on the version (creating a custom stage if need be; a stage
/// is on one version at a time, so it leaves the version it was on). Answers the stage.
///
/// [`Repeatable`](crate::OperationKind::Repeatable): it sets the stage to a given version, so a
/// repeat leaves it where the first send put it.
///
/// ```
/// use secretmanager_core::huawei::{Operation as _, StageName, UpdateSecretStage};
///
/// let op = UpdateSecretStage::new("db-password", StageName::SysCurrent, "v3");
/// op.validate().unwrap();
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!(path, "/secrets/db-password/stages/SYSCURRENT");
/// assert_eq!(op.body().unwrap().expose(), br#"{"version_id":"v3"}"#);
/// assert_eq!(UpdateSecretStage::new("db", "pending", "latest").validate().unwrap_err().field, "version_id");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateSecretStage {
    /// The secret (`^[a-zA-Z0-9_-]{1,64}$`), in the path.
    #[serde(skip_serializing)]
    pub secret_name: String,
    /// The stage (`^[a-zA-Z0-9_-]{1,64}$`): `SYSCURRENT`, `SYSPREVIOUS` or a custom one, in the
    /// path.
    #[serde(skip_serializing)]
    pub stage_name: StageName,
    /// The version to put the stage on: `v` and 1–10 digits.
    pub version_id: String,
}

impl UpdateSecretStage {
    /// Puts `stage_name` of `secret_name` on version `version_id`.
    pub fn new(
        secret_name: impl Into<String>,
        stage_name: impl Into<StageName>,
        version_id: impl Into<String>,
    ) -> Self {
        Self { secret_name: secret_name.into(), stage_name: stage_name.into(), version_id: version_id.into() }
    }
}

impl Operation for UpdateSecretStage {
    type Provider = Huawei;
    type Output = StageResponse;
    const NAME: &'static str = "UpdateSecretStage";
    const METHOD: Method = Method::Put;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name("secret_name", &self.secret_name)?;
        rules::validate_stage_name("stage_name", self.stage_name.as_str())?;
        // A stage is put on a numbered version; `latest` names no version to keep it on.
        match rules::validate_version_id(&self.version_id) {
            Ok(()) if self.version_id == "latest" => {
                Err(ValidationError::new("version_id", Rule::Pattern("^v[0-9]{1,10}$")))
            }
            other => other,
        }
    }

    fn write_path(&self, out: &mut String) {
        push_stage_path(out, &self.secret_name, &self.stage_name);
    }

    fn changed_secret(&self) -> Option<&str> {
        Some(self.secret_name.as_str())
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

/// **DeleteSecretStage**: `DELETE /v1/{project_id}/secrets/{secret_name}/stages/{stage_name}`,
/// no body. Removes a custom stage; answers nothing.
///
/// The system stages `SYSCURRENT` and `SYSPREVIOUS` cannot be deleted (CSMS answers
/// `CSMS.0105`): they are refused before sending. A
/// [`Transition`](crate::OperationKind::Transition): once a send is applied, a resend is
/// refused (the stage does not exist, `CSMS.0005`).
///
/// ```
/// use secretmanager_core::huawei::{DeleteSecretStage, Operation as _, StageName};
///
/// let mut path = String::new();
/// DeleteSecretStage::new("db-password", "pending").write_path(&mut path);
/// assert_eq!(path, "/secrets/db-password/stages/pending");
/// assert!(DeleteSecretStage::new("db-password", StageName::SysCurrent).validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DeleteSecretStage {
    /// The secret (`^[a-zA-Z0-9_-]{1,64}$`).
    pub secret_name: String,
    /// The custom stage to remove (`^[a-zA-Z0-9_-]{1,64}$`, not a system stage).
    pub stage_name: StageName,
}

impl DeleteSecretStage {
    /// Removes `stage_name` from `secret_name`.
    pub fn new(secret_name: impl Into<String>, stage_name: impl Into<StageName>) -> Self {
        Self { secret_name: secret_name.into(), stage_name: stage_name.into() }
    }
}

impl Operation for DeleteSecretStage {
    type Provider = Huawei;
    type Output = ();
    const NAME: &'static str = "DeleteSecretStage";
    const METHOD: Method = Method::Delete;
    const KIND: crate::OperationKind = crate::OperationKind::Transition;

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name("secret_name", &self.secret_name)?;
        rules::validate_stage_name("stage_name", self.stage_name.as_str())?;
        if matches!(self.stage_name, StageName::SysCurrent | StageName::SysPrevious) {
            let rule = Rule::ForbiddenWhen("it is a system stage (SYSCURRENT, SYSPREVIOUS)");
            return Err(ValidationError::new("stage_name", rule));
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        push_stage_path(out, &self.secret_name, &self.stage_name);
    }

    fn changed_secret(&self) -> Option<&str> {
        Some(self.secret_name.as_str())
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

    #[test]
    fn update_stage_rules_and_answer() {
        let field = |op: UpdateSecretStage| op.validate().unwrap_err().field;
        assert_eq!(field(UpdateSecretStage::new("d b", "s", "v1")), "secret_name");
        assert_eq!(field(UpdateSecretStage::new("db", "a/b", "v1")), "stage_name");
        for bad in ["", "1", "latest", "SYSCURRENT", "v12345678901"] {
            assert_eq!(field(UpdateSecretStage::new("db", "s", bad)), "version_id", "{bad}");
        }
        let op = UpdateSecretStage::new("db", "custom_1", "v1234567890");
        op.validate().unwrap();
        assert_eq!(path(&op), "/secrets/db/stages/custom_1");
        assert_eq!(UpdateSecretStage::METHOD, Method::Put);
        const { assert!(UpdateSecretStage::IDEMPOTENT) };
        // UpdateSecretStageResponse: {"stage": Stage}.
        let answer: StageResponse = decode(
            200,
            br#"{"stage":{"name":"custom_1","update_time":1581507580,"secret_name":"db","version_id":"v1234567890"}}"#,
        )
        .unwrap();
        assert_eq!(
            (answer.stage.name.as_str(), answer.stage.version_id.as_str()),
            ("custom_1", "v1234567890")
        );
        assert_eq!(answer.stage.update_time, Some(1_581_507_580));
    }

    #[test]
    fn delete_stage_refuses_system_stages() {
        for system in [StageName::SysCurrent, StageName::SysPrevious, StageName::from("SYSCURRENT")] {
            let err = DeleteSecretStage::new("db", system).validate().unwrap_err();
            assert_eq!(err.field, "stage_name");
            assert!(matches!(err.rule, Rule::ForbiddenWhen(_)));
        }
        // Stage names are case-sensitive: this one is custom.
        DeleteSecretStage::new("db", "syscurrent").validate().unwrap();
        assert_eq!(DeleteSecretStage::new("db", "").validate().unwrap_err().rule, Rule::Required);
        assert_eq!(path(&DeleteSecretStage::new("db", "old")), "/secrets/db/stages/old");
        assert!(DeleteSecretStage::new("db", "old").body().is_none());
        assert_eq!(DeleteSecretStage::METHOD, Method::Delete);
    }
}
