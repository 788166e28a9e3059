//! Backing a secret up as a blob and restoring it from one.

use serde::{Deserialize, Serialize};

use super::secrets::push_secret_path;
use crate::Operation;
use crate::http::{Method, json_body};
use crate::huawei::Huawei;
use crate::huawei::model::{SecretBlob, SecretResponse};
use crate::huawei::rules;
use crate::secret::{SecretBytes, SecretString};
use crate::validate::{Rule, ValidationError};

/// **DownloadSecretBlob**: `POST /v1/{project_id}/secrets/{secret_name}/backup`, no body.
/// Answers the secret's backup ([`SecretBlob`]): every version, encrypted and encoded by CSMS,
/// held as a [`SecretString`].
///
/// [`Repeatable`](crate::OperationKind::Repeatable): a `POST`, but it only reads.
///
/// ```
/// use secretmanager_core::huawei::{self, DownloadSecretBlob, Operation as _};
///
/// let mut path = String::new();
/// DownloadSecretBlob::new("db-password").write_path(&mut path);
/// assert_eq!(path, "/secrets/db-password/backup");
/// assert!(DownloadSecretBlob::IDEMPOTENT);
///
/// let answer: huawei::SecretBlob = huawei::decode(200, br#"{"secret_blob":"AAECAwQ..."}"#)?;
/// assert_eq!(answer.secret_blob.expose(), "AAECAwQ...");
/// assert!(!format!("{answer:?}").contains("AAECAwQ"));
/// # Ok::<(), secretmanager_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DownloadSecretBlob {
    /// The secret to back up (`^[a-zA-Z0-9_-]{1,64}$`).
    pub secret_name: String,
}

impl DownloadSecretBlob {
    /// Backs up `secret_name`.
    pub fn new(secret_name: impl Into<String>) -> Self {
        Self { secret_name: secret_name.into() }
    }
}

impl Operation for DownloadSecretBlob {
    type Provider = Huawei;
    type Output = SecretBlob;
    const NAME: &'static str = "DownloadSecretBlob";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name("secret_name", &self.secret_name)
    }

    fn write_path(&self, out: &mut String) {
        push_secret_path(out, &self.secret_name);
        out.push_str("/backup");
    }
}

/// **UploadSecretBlob**: `POST /v1/{project_id}/secrets/restore` `{"secret_blob"}`. Restores a
/// secret from the backup [`DownloadSecretBlob`] gave; answers the secret.
///
/// A [`Create`](crate::OperationKind::Create): it creates the secret again, so it is never
/// resent once it may have reached CSMS (a repeat is refused because the secret exists);
/// after a lost answer, look for the secret with `ShowSecret`.
///
/// ```
/// use secretmanager_core::huawei::{Operation as _, UploadSecretBlob};
///
/// let op = UploadSecretBlob::new("AAECAwQ...");
/// op.validate().unwrap();
/// assert_eq!(op.body().unwrap().expose(), br#"{"secret_blob":"AAECAwQ..."}"#);
/// assert!(!format!("{op:?}").contains("AAECAwQ"));
/// assert!(!UploadSecretBlob::IDEMPOTENT);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UploadSecretBlob {
    /// The backup, exactly as Download Secret Blob answered it.
    pub secret_blob: SecretString,
}

impl UploadSecretBlob {
    /// Restores the secret backed up in `secret_blob`.
    pub fn new(secret_blob: impl Into<SecretString>) -> Self {
        Self { secret_blob: secret_blob.into() }
    }
}

impl Operation for UploadSecretBlob {
    type Provider = Huawei;
    type Output = SecretResponse;
    const NAME: &'static str = "UploadSecretBlob";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Create;

    fn validate(&self) -> Result<(), ValidationError> {
        if self.secret_blob.expose().is_empty() {
            return Err(ValidationError::new("secret_blob", Rule::Required));
        }
        // Checked without quoting the blob: the error names the field and the rule only.
        if self.secret_blob.expose().chars().any(char::is_control) {
            return Err(ValidationError::new("secret_blob", Rule::ControlCharacter));
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/secrets/restore");
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }

    fn collect_secrets(&self, redactor: &mut crate::Redactor) {
        redactor.add(self.secret_blob.expose());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::huawei::decode;

    #[test]
    fn download_answers_a_secret_blob() {
        let op = DownloadSecretBlob::new("db");
        op.validate().unwrap();
        assert!(op.body().is_none());
        assert_eq!(DownloadSecretBlob::METHOD, Method::Post);
        assert_eq!(DownloadSecretBlob::new("d/b").validate().unwrap_err().field, "secret_name");
        // DownloadSecretBlobResponse: {"secret_blob": str}.
        let answer: SecretBlob = decode(200, br#"{"secret_blob":"blob-text-with+/=chars"}"#).unwrap();
        assert_eq!(answer.secret_blob.expose(), "blob-text-with+/=chars");
        let json = serde_json::to_string(&answer).unwrap();
        assert!(!json.contains("blob-text"), "{json}");
        assert!(decode::<SecretBlob>(200, b"{}").is_err(), "the blob is the answer");
    }

    #[test]
    fn upload_sends_the_blob_and_collects_it() {
        let op = UploadSecretBlob::new("blob-text");
        assert_eq!(op.body().unwrap().expose(), br#"{"secret_blob":"blob-text"}"#);
        let mut path = String::new();
        op.write_path(&mut path);
        assert_eq!(path, "/secrets/restore");
        let mut redactor = crate::Redactor::default();
        op.collect_secrets(&mut redactor);
        assert!(!redactor.redact("refused blob-text").unwrap().contains("blob-text"));
        assert_eq!(UploadSecretBlob::new("").validate().unwrap_err().rule, Rule::Required);
        assert_eq!(UploadSecretBlob::new("a\nb").validate().unwrap_err().rule, Rule::ControlCharacter);
        // UploadSecretBlobResponse: {"secret": Secret}.
        let answer: SecretResponse =
            decode(200, br#"{"secret":{"name":"db","state":"ENABLED","event_subscriptions":["ev"]}}"#)
                .unwrap();
        assert_eq!(answer.secret.event_subscriptions, ["ev"]);
    }
}
