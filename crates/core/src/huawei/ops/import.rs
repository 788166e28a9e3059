//! Creating many secrets in one call.

use serde::{Deserialize, Serialize};

use super::CreateSecret;
use crate::Operation;
use crate::http::{Method, json_body};
use crate::huawei::Huawei;
use crate::huawei::model::ImportResult;
use crate::secret::SecretBytes;
use crate::validate::{Rule, ValidationError};

/// **BatchImportSecrets**: `POST /v1/{project_id}/secrets/batch-import` `{"secrets": [...]}`,
/// each entry the body of a [`CreateSecret`]. Answers how many were created and why each
/// refused one was ([`ImportResult`]); CSMS creates the others.
///
/// Every entry is checked as [`CreateSecret`] checks it (the error names the entry's field, e.g.
/// `name`), and at least one is required. Their values are [`SecretString`]s /
/// [`SecretBytes`], collected by [`Operation::collect_secrets`].
///
/// A [`Create`](crate::OperationKind::Create): never resent once it may have reached CSMS.
/// After a lost answer, look the secrets up (`ShowSecret`) before importing again: a repeat
/// fails for every secret that exists.
///
/// [`SecretString`]: crate::SecretString
///
/// ```
/// use secretmanager_core::huawei::{BatchImportSecrets, CreateSecret, Operation as _};
///
/// let op = BatchImportSecrets::new([
///     CreateSecret::new("db-password").secret_string("s3cr3t"),
///     CreateSecret::new("api-key").secret_string("k3y").description("payments"),
/// ]);
/// op.validate().unwrap();
/// assert_eq!(
///     op.body().unwrap().expose(),
///     br#"{"secrets":[{"name":"db-password","secret_string":"s3cr3t"},{"name":"api-key","secret_string":"k3y","description":"payments"}]}"#
/// );
/// assert!(!format!("{op:?}").contains("s3cr3t"));
/// assert_eq!(BatchImportSecrets::new([CreateSecret::new("no-value")]).validate().unwrap_err().field, "secret_string");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BatchImportSecrets {
    /// The secrets to create, at least one, each as Create Secret takes it.
    pub secrets: Vec<CreateSecret>,
}

impl BatchImportSecrets {
    /// Imports `secrets`.
    pub fn new(secrets: impl IntoIterator<Item = CreateSecret>) -> Self {
        Self { secrets: secrets.into_iter().collect() }
    }
}

impl Operation for BatchImportSecrets {
    type Provider = Huawei;
    type Output = ImportResult;
    const NAME: &'static str = "BatchImportSecrets";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Create;

    fn validate(&self) -> Result<(), ValidationError> {
        if self.secrets.is_empty() {
            return Err(ValidationError::new("secrets", Rule::Required));
        }
        self.secrets.iter().try_for_each(CreateSecret::validate)
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/secrets/batch-import");
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }

    fn collect_secrets(&self, redactor: &mut crate::Redactor) {
        for secret in &self.secrets {
            secret.collect_secrets(redactor);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::huawei::{ImportError, decode};

    #[test]
    fn every_entry_is_validated_and_its_value_collected() {
        assert_eq!(BatchImportSecrets::new([]).validate().unwrap_err().field, "secrets");
        let good = || CreateSecret::new("a").secret_string("value-a");
        let field = |op: BatchImportSecrets| op.validate().unwrap_err().field;
        assert_eq!(
            field(BatchImportSecrets::new([good(), CreateSecret::new("b.c").secret_string("v")])),
            "name"
        );
        assert_eq!(
            field(BatchImportSecrets::new([
                good(),
                CreateSecret::new("b").secret_string("v").auto_rotation("1h")
            ])),
            "rotation_period"
        );
        let op = BatchImportSecrets::new([good(), CreateSecret::new("b").secret_binary(b"bytes-b".to_vec())]);
        op.validate().unwrap();
        let body: serde_json::Value = serde_json::from_slice(op.body().unwrap().expose()).unwrap();
        assert_eq!(body["secrets"][0]["secret_string"], "value-a");
        assert_eq!(body["secrets"][1]["secret_binary"], "Ynl0ZXMtYg==");
        let mut redactor = crate::Redactor::default();
        op.collect_secrets(&mut redactor);
        let cleaned = redactor.redact("a: value-a, b: Ynl0ZXMtYg==").unwrap();
        assert!(!cleaned.contains("value-a") && !cleaned.contains("Ynl0ZXMtYg=="), "{cleaned}");
        let mut path = String::new();
        op.write_path(&mut path);
        assert_eq!(path, "/secrets/batch-import");
        const { assert!(!BatchImportSecrets::IDEMPOTENT) };
    }

    #[test]
    fn the_answer_counts_and_lists_failures() {
        // BatchImportSecretsResponse: {error_list: [ErrorInfo{name, error_msg}], total, success, failed}.
        let answer: ImportResult = decode(
            200,
            br#"{"error_list":[{"name":"b","error_msg":"The secret already exists."}],"total":2,"success":1,"failed":1}"#,
        )
        .unwrap();
        assert_eq!((answer.total, answer.success, answer.failed), (Some(2), Some(1), Some(1)));
        assert_eq!(answer.error_list[0].name, "b");
        assert_eq!(answer.error_list[0].error_msg, "The secret already exists.");
        let all_good: ImportResult =
            decode(200, br#"{"error_list":null,"total":1,"success":1,"failed":0}"#).unwrap();
        assert_eq!(all_good.error_list, Vec::<ImportError>::new());
    }
}
