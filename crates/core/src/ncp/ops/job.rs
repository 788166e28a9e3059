//! Steps of a rotation job, called by the rotation function with its secret id and job token
//! (operations 27–29, 31 and 32; Generate Random Secret, 30, is in its own module).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::Operation;
use crate::http::Method;
use crate::http::json_body;
use crate::ncp::Ncp;
use crate::ncp::model::SecretValueChain;
use crate::ncp::ops::GetSecretValue;
use crate::ncp::reconcile::{ObservedState, Settled, StateCheck, logs_check, settle_job_step};
use crate::ncp::rules;
use crate::secret::{Redacted, SecretBytes, SecretString};
use crate::validate::ValidationError;
use crate::wire::lenient;

use super::{job_path, validate_job};

/// **Start Rotation Job**: `POST /action/v1/secrets/{secretId}/jobs/{jobToken}/start`.
/// Answers the decrypted chain and the rotation targets; the secret becomes `ROTATING`.
///
/// [`Repeatable`](crate::OperationKind::Repeatable): the job token names one job, which a
/// repeat starts again.
///
/// ```
/// use secretmanager_core::ncp::StartRotationJob;
/// use secretmanager_core::ncp::Operation as _;
///
/// let mut path = String::new();
/// StartRotationJob::new("s 1", "tok/2").write_path(&mut path);
/// assert_eq!(path, "/action/v1/secrets/s%201/jobs/tok%2F2/start");
/// // The job token authorises the job's steps: `Debug` does not print it.
/// assert!(!format!("{:?}", StartRotationJob::new("s 1", "tok/2")).contains("tok/2"));
/// ```
#[derive(Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct StartRotationJob {
    /// Secret id.
    pub secret_id: String,
    /// Job token, as given to the rotation function.
    #[schemars(extend("x-secret" = true))]
    pub job_token: String,
}

impl fmt::Debug for StartRotationJob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StartRotationJob")
            .field("secret_id", &self.secret_id)
            .field("job_token", &Redacted)
            .finish()
    }
}

impl StartRotationJob {
    /// Starts job `job_token` of `secret_id`.
    pub fn new(secret_id: impl Into<String>, job_token: impl Into<String>) -> Self {
        Self { secret_id: secret_id.into(), job_token: job_token.into() }
    }
}

impl Operation for StartRotationJob {
    type Provider = Ncp;
    type Output = SecretValueChain;
    const NAME: &'static str = "Start Rotation Job";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_job(&self.secret_id, &self.job_token)
    }

    fn write_path(&self, out: &mut String) {
        job_path(out, &self.secret_id, &self.job_token);
        out.push_str("/start");
    }

    fn changed_secret(&self) -> Option<&str> {
        Some(self.secret_id.as_str())
    }

    fn collect_secrets(&self, redactor: &mut crate::Redactor) {
        redactor.add(&self.job_token);
    }
}

/// The PENDING value that Add Pending Stage generated: the text of a JSON object.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct PendingStage {
    /// The new PENDING value (random values for the rotation targets).
    pub pending: SecretString,
}

job_step! {
    /// **Add Pending Stage**: `POST /action/v1/secrets/{secretId}/jobs/{jobToken}/pending`.
    /// NCP creates PENDING with random values for the rotation-target keys and answers it.
    ///
    /// A [`Transition`](crate::OperationKind::Transition): a resend draws new random values and
    /// replaces PENDING (the answer to the first send was lost, so nobody used its value), or is
    /// refused; then the chain's PENDING read back is the value.
    ///
    /// ```
    /// use secretmanager_core::ncp::{self, AddPendingStage, Operation as _};
    ///
    /// let mut path = String::new();
    /// AddPendingStage::new("sid", "tok").write_path(&mut path);
    /// assert_eq!(path, "/action/v1/secrets/sid/jobs/tok/pending");
    /// let out: ncp::PendingStage =
    ///     ncp::decode(200, br#"{"code":"SUCCESS","data":{"pending":"{\"pw\":\"x1\"}"}}"#).unwrap();
    /// assert_eq!(out.pending.expose(), r#"{"pw":"x1"}"#);
    /// ```
    pub struct AddPendingStage;
    name = "Add Pending Stage", method = Post, suffix = "/pending",
    kind = Transition, output = PendingStage;
    check = |op| StateCheck::Value(GetSecretValue::new(op.secret_id.as_str())),
    settle = |_, observed| match observed {
        ObservedState::Value(chain) => chain.chain.pending.map_or(Settled::NotApplied, |pending| Settled::Applied(PendingStage { pending })),
        _ => Settled::Unknown,
    };
}

/// **Update Pending Stage**: `PUT /action/v1/secrets/{secretId}/jobs/{jobToken}/pending` with
/// body `{"value":"<JSON text>"}`: sets PENDING to a value of the caller's choice (for
/// example one built from [`GenerateRandomSecret`](crate::ncp::GenerateRandomSecret)).
///
/// Idempotent: it sets PENDING of one job to the given value; a resend sets the same value.
///
/// ```
/// use secretmanager_core::ncp::{Operation as _, UpdatePendingStage};
///
/// let op = UpdatePendingStage::new("sid", "tok", r#"{"pw":"n3w"}"#);
/// assert!(op.validate().is_ok());
/// assert_eq!(op.body().unwrap().expose(), br#"{"value":"{\"pw\":\"n3w\"}"}"#);
/// assert!(!format!("{op:?}").contains("n3w"));
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdatePendingStage {
    /// Secret id, as given to the rotation function.
    #[serde(skip_serializing)]
    pub secret_id: String,
    /// Job token, as given to the rotation function.
    #[serde(skip_serializing)]
    #[schemars(extend("x-secret" = true))]
    pub job_token: String,
    /// The new PENDING value: a JSON object of 1–100 pairs, at most 10,000 bytes.
    pub value: SecretString,
}

impl UpdatePendingStage {
    /// Sets PENDING of job `job_token` of `secret_id` to `value`.
    pub fn new(
        secret_id: impl Into<String>,
        job_token: impl Into<String>,
        value: impl Into<SecretString>,
    ) -> Self {
        Self { secret_id: secret_id.into(), job_token: job_token.into(), value: value.into() }
    }
}

impl fmt::Debug for UpdatePendingStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UpdatePendingStage")
            .field("secret_id", &self.secret_id)
            .field("job_token", &Redacted)
            .field("value", &self.value)
            .finish()
    }
}

impl Operation for UpdatePendingStage {
    type Provider = Ncp;
    type Output = PendingStageUpdated;
    const NAME: &'static str = "Update Pending Stage";
    const METHOD: Method = Method::Put;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_job(&self.secret_id, &self.job_token)?;
        rules::validate_secret_value("value", self.value.expose()).map(drop)
    }

    fn write_path(&self, out: &mut String) {
        job_path(out, &self.secret_id, &self.job_token);
        out.push_str("/pending");
    }

    fn changed_secret(&self) -> Option<&str> {
        Some(self.secret_id.as_str())
    }

    fn collect_secrets(&self, redactor: &mut crate::Redactor) {
        redactor.add(&self.job_token);
        redactor.add(self.value.expose());
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

/// The answer of Update Pending Stage: `data.pending`, the PENDING value as stored, and the
/// secret id when the answer carries one. The shape is loosely documented, so any object,
/// `null` or no `data` is accepted, and a field of another type than text is `None`.
///
/// `Debug` and serialization redact the value, as for every [`SecretString`].
///
/// ```
/// use secretmanager_core::ncp::{self, PendingStageUpdated};
///
/// let out: PendingStageUpdated =
///     ncp::decode(200, br#"{"code":"SUCCESS","data":{"pending":"{\"pw\":\"n3w\"}"}}"#).unwrap();
/// assert_eq!(out.pending.as_ref().map(|p| p.expose()), Some(r#"{"pw":"n3w"}"#));
/// assert!(!format!("{out:?}").contains("n3w"));
/// let out: PendingStageUpdated = ncp::decode(200, br#"{"code":"SUCCESS","data":null}"#).unwrap();
/// assert!(out.pending.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PendingStageUpdated {
    /// `secretId`, when the answer carries it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_id: Option<String>,
    /// `pending`: the PENDING value as stored (the text of a JSON object), when the answer
    /// carries it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<SecretString>,
}

impl<'de> Deserialize<'de> for PendingStageUpdated {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Only `secretId` and `pending` are read; the other fields (which may echo the
        /// value) are skipped as they are parsed, never copied.
        #[derive(Deserialize)]
        struct Data {
            #[serde(rename = "secretId", default)]
            secret_id: Option<TextOrOther>,
            #[serde(default, deserialize_with = "lenient::opt_secret")]
            pending: Option<SecretString>,
        }
        /// `secretId` as text; any other JSON value there is ignored.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum TextOrOther {
            Text(String),
            Other(serde::de::IgnoredAny),
        }
        let Some(data) = Option::<Data>::deserialize(deserializer)? else {
            return Ok(Self::default());
        };
        let secret_id = match data.secret_id {
            Some(TextOrOther::Text(id)) => Some(id),
            Some(TextOrOther::Other(_)) | None => None,
        };
        Ok(Self { secret_id, pending: data.pending })
    }
}

job_step! {
    /// **Complete Rotation Job**: `POST /action/v1/secrets/{secretId}/jobs/{jobToken}/complete`.
    /// The chain shifts (PENDING becomes ACTIVE, ACTIVE becomes PREVIOUS); answers `data: null`.
    ///
    /// A [`Transition`](crate::OperationKind::Transition): the job completes once; a resend
    /// after an applied first send is refused (the job token is no longer valid), and the
    /// secret's log, where the completion is recorded with the job token, settles it.
    ///
    /// ```
    /// use secretmanager_core::ncp::{self, CompleteRotationJob, Operation as _};
    ///
    /// let mut path = String::new();
    /// CompleteRotationJob::new("sid", "tok").write_path(&mut path);
    /// assert_eq!(path, "/action/v1/secrets/sid/jobs/tok/complete");
    /// let () = ncp::decode(200, br#"{"code":"SUCCESS","data":null}"#).unwrap();
    /// ```
    pub struct CompleteRotationJob;
    name = "Complete Rotation Job", method = Post, suffix = "/complete",
    kind = Transition, output = ();
    check = |op| logs_check(&op.secret_id),
    settle = |op, observed| settle_job_step(&observed, &op.job_token, CompleteRotationJob::NAME, FailRotationJob::NAME);
}

job_step! {
    /// **Fail Rotation Job**: `POST /action/v1/secrets/{secretId}/jobs/{jobToken}/fail`.
    /// The last rotation result becomes "Rotation failed"; answers `data: null`.
    ///
    /// A [`Transition`](crate::OperationKind::Transition), settled like Complete Rotation Job
    /// from the secret's log.
    pub struct FailRotationJob;
    name = "Fail Rotation Job", method = Post, suffix = "/fail",
    kind = Transition, output = ();
    check = |op| logs_check(&op.secret_id),
    settle = |op, observed| settle_job_step(&observed, &op.job_token, FailRotationJob::NAME, CompleteRotationJob::NAME);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ncp::decode;
    use crate::secret::REDACTED;
    use crate::validate::Rule;

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
        // Serialized (in the caller's shape), every value is the redaction marker.
        let expected = serde_json::json!({
            "chain": {"previous": REDACTED, "active": REDACTED, "pending": REDACTED},
            "rotationTargets": ["abc"],
        });
        assert_eq!(serde_json::to_value(&out).unwrap(), expected);
    }

    #[test]
    fn both_segments_are_required() {
        assert_eq!(StartRotationJob::new("", "t").validate().unwrap_err().field, "secretId");
        assert_eq!(StartRotationJob::new("s", "").validate().unwrap_err().field, "jobToken");
    }
    fn path_of(op: &impl Operation) -> String {
        let mut path = String::new();
        op.write_path(&mut path);
        path
    }

    #[test]
    fn step_paths_escape_both_segments() {
        assert_eq!(
            path_of(&AddPendingStage::new("a b", "t/1")),
            "/action/v1/secrets/a%20b/jobs/t%2F1/pending"
        );
        assert_eq!(path_of(&UpdatePendingStage::new("a", "t", "{}")), "/action/v1/secrets/a/jobs/t/pending");
        assert_eq!(path_of(&CompleteRotationJob::new("a", "t?")), "/action/v1/secrets/a/jobs/t%3F/complete");
        assert_eq!(path_of(&FailRotationJob::new("a", "t")), "/action/v1/secrets/a/jobs/t/fail");
        assert!(AddPendingStage::new("a", "t").body().is_none());
        assert!(CompleteRotationJob::new("a", "t").body().is_none());
        assert!(FailRotationJob::new("a", "t").body().is_none());
    }

    #[test]
    fn every_step_checks_both_segments() {
        assert_eq!(AddPendingStage::new("", "t").validate().unwrap_err().field, "secretId");
        assert_eq!(AddPendingStage::new("s", "").validate().unwrap_err().field, "jobToken");
        assert_eq!(CompleteRotationJob::new("s", "a\nb").validate().unwrap_err().field, "jobToken");
        assert_eq!(FailRotationJob::new("\0", "t").validate().unwrap_err().field, "secretId");
        let value = r#"{"pw":"x"}"#;
        assert_eq!(UpdatePendingStage::new("", "t", value).validate().unwrap_err().field, "secretId");
        assert_eq!(UpdatePendingStage::new("s", "", value).validate().unwrap_err().field, "jobToken");
    }

    #[test]
    fn add_pending_stage_answer_is_redacted() {
        let body = br#"{"code":"SUCCESS","data":{"pending":"{\"abc\":\"{l=dUSw2Bc4m\"}"}}"#;
        let out: PendingStage = decode(200, body).unwrap();
        assert_eq!(out.pending.expose(), r#"{"abc":"{l=dUSw2Bc4m"}"#);
        assert!(!format!("{out:?}").contains("dUSw2Bc4m"));
    }

    #[test]
    fn update_pending_stage_body_and_value_limits() {
        let op = UpdatePendingStage::new("s", "t", r#"{"pw":"a \"q\""}"#);
        assert_eq!(op.body().unwrap().expose(), br#"{"value":"{\"pw\":\"a \\\"q\\\"\"}"}"#);
        assert!(!format!("{op:?}").contains("pw"));
        let object = |pairs: usize| {
            let body: Vec<String> = (0..pairs).map(|i| format!("\"k{i}\":\"v\"")).collect();
            format!("{{{}}}", body.join(","))
        };
        assert!(UpdatePendingStage::new("s", "t", object(1)).validate().is_ok());
        assert!(UpdatePendingStage::new("s", "t", object(100)).validate().is_ok());
        let rule = |value: String| UpdatePendingStage::new("s", "t", value).validate().unwrap_err().rule;
        assert!(matches!(rule(object(101)), Rule::PairCount { actual: 101, .. }));
        assert!(matches!(rule(object(0)), Rule::PairCount { actual: 0, .. }));
        assert_eq!(rule(String::new()), Rule::NotJsonObject);
        assert_eq!(rule("[1]".into()), Rule::NotJsonObject);
        let at_limit = format!("{{\"k\":\"{}\"}}", "x".repeat(10_000 - 8));
        assert!(UpdatePendingStage::new("s", "t", at_limit).validate().is_ok());
        let over = format!("{{\"k\":\"{}\"}}", "x".repeat(10_000 - 7));
        assert!(matches!(rule(over), Rule::ByteLength { max: 10_000, actual: 10_001 }));
    }

    #[test]
    fn update_pending_stage_answer_is_any_object_or_null() {
        let out: PendingStageUpdated =
            decode(200, br#"{"code":"SUCCESS","data":{"secretId":"s1"}}"#).unwrap();
        assert_eq!(out.secret_id.as_deref(), Some("s1"));
        assert_eq!(out.pending, None);
        assert_eq!(serde_json::to_string(&out).unwrap(), r#"{"secretId":"s1"}"#);
        for body in [
            &br#"{"code":"SUCCESS","data":null}"#[..],
            br#"{"code":"SUCCESS"}"#,
            br#"{"code":"SUCCESS","data":{}}"#,
            br#"{"code":"SUCCESS","data":"null"}"#,
            br#"{"code":"SUCCESS","data":{"secretId":7,"other":[1]}}"#,
            br#"{"code":"SUCCESS","data":{"pending":null}}"#,
            br#"{"code":"SUCCESS","data":{"pending":{"pw":"x"}}}"#,
            br#"{"code":"SUCCESS","data":{"pending":17}}"#,
            br#"{"code":"SUCCESS","data":{"pending":["{}"]}}"#,
        ] {
            let out: PendingStageUpdated = decode(200, body).unwrap();
            assert_eq!(out, PendingStageUpdated::default(), "{}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn update_pending_stage_answer_carries_the_pending_value() {
        let body = br#"{"code":"SUCCESS","data":{"secretId":"s1","pending":"{\"pw\":\"n3w-Zq8x\"}","x":{}}}"#;
        let out: PendingStageUpdated = decode(200, body).unwrap();
        assert_eq!(out.secret_id.as_deref(), Some("s1"));
        assert_eq!(out.pending.as_ref().map(SecretString::expose), Some(r#"{"pw":"n3w-Zq8x"}"#));
        let printed = format!("{out:?}");
        assert!(!printed.contains("Zq8x"), "{printed}");
        let json = serde_json::to_string(&out).unwrap();
        assert_eq!(json, format!(r#"{{"secretId":"s1","pending":"{REDACTED}"}}"#));
        let out: PendingStageUpdated =
            decode(200, br#"{"code":"SUCCESS","data":{"pending":"{\"a\":\"b\"}"}}"#).unwrap();
        assert_eq!((out.secret_id, out.pending.unwrap().expose()), (None, r#"{"a":"b"}"#));
    }

    #[test]
    fn complete_and_fail_answer_null() {
        let () = decode(200, br#"{"code":"SUCCESS","data":null}"#).unwrap();
        let err =
            decode::<()>(422, br#"{"error":{"errorCode":"INVALID_STATUS","message":"Invalid status"}}"#);
        assert!(matches!(err, Err(crate::Error::Api(ref api)) if api.code == "INVALID_STATUS"));
    }
}
