//! Steps of a rotation job, called by the rotation function with its secret id and job token
//! (operations 27–32).

use crate::http::Method;
use crate::ncp::model::SecretValueChain;
use crate::ncp::operation::Operation;
use crate::validate::{self, ValidationError};

use super::job_path;

/// **Start Rotation Job**: `POST /action/v1/secrets/{secretId}/jobs/{jobToken}/start`.
/// Answers the decrypted chain and the rotation targets; the secret becomes `ROTATING`.
///
/// Retrying it is safe: the job token names one job.
///
/// ```
/// use secretmanager_core::ncp::StartRotationJob;
/// use secretmanager_core::ncp::Operation as _;
///
/// let mut path = String::new();
/// StartRotationJob::new("s 1", "tok/2").write_path(&mut path);
/// assert_eq!(path, "/action/v1/secrets/s%201/jobs/tok%2F2/start");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StartRotationJob {
    /// Secret id.
    pub secret_id: String,
    /// Job token, as given to the rotation function.
    pub job_token: String,
}

impl StartRotationJob {
    /// Starts job `job_token` of `secret_id`.
    pub fn new(secret_id: impl Into<String>, job_token: impl Into<String>) -> Self {
        Self { secret_id: secret_id.into(), job_token: job_token.into() }
    }
}

/// Checks the two path segments of every job step.
pub(crate) fn validate_job(secret_id: &str, job_token: &str) -> Result<(), ValidationError> {
    validate::path_segment("secretId", secret_id)?;
    validate::path_segment("jobToken", job_token)
}

impl Operation for StartRotationJob {
    type Output = SecretValueChain;
    const NAME: &'static str = "Start Rotation Job";
    const METHOD: Method = Method::Post;
    const IDEMPOTENT: bool = true;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_job(&self.secret_id, &self.job_token)
    }

    fn write_path(&self, out: &mut String) {
        job_path(out, &self.secret_id, &self.job_token);
        out.push_str("/start");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ncp::decode;

    const DOC_RESPONSE: &str = r#"{
    "code": "SUCCESS",
    "data": {
        "decryptedSecretChain": {
            "previous": "{\"abc\":\"cba\"}",
            "active": "{\"abc\":\"{cba\"}",
            "pending": "{\"abc\":\"{cba\"}"
        },
        "rotationTargets": [
            "abc"
        ]
    }
}"#;

    #[test]
    fn document_response_decodes_exactly() {
        let out: SecretValueChain = decode(200, DOC_RESPONSE.as_bytes()).unwrap();
        assert_eq!(out.chain.previous.as_ref().unwrap().expose(), "{\"abc\":\"cba\"}");
        assert_eq!(out.chain.active.as_ref().unwrap().expose(), "{\"abc\":\"{cba\"}");
        assert_eq!(out.chain.pending.as_ref().unwrap().expose(), "{\"abc\":\"{cba\"}");
        assert_eq!(out.rotation_targets, ["abc"]);
        assert!(!format!("{out:?}").contains("cba"));
        let envelope: serde_json::Value = serde_json::from_str(DOC_RESPONSE).unwrap();
        assert_eq!(serde_json::to_value(&out).unwrap(), envelope["data"]);
    }

    #[test]
    fn both_segments_are_required() {
        assert_eq!(StartRotationJob::new("", "t").validate().unwrap_err().field, "secretId");
        assert_eq!(StartRotationJob::new("s", "").validate().unwrap_err().field, "jobToken");
    }
}
