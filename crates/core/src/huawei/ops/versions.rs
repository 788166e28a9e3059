//! Secret versions and stages: writing a new value, listing versions, reading a value.

use serde::{Deserialize, Serialize};

use super::secrets::push_secret_path;
use super::value;
use crate::Operation;
use crate::encode::{Query, push_segment};
use crate::http::Method;
use crate::http::json_body;
use crate::huawei::Huawei;
use crate::huawei::model::{
    SecretVersionResponse, StageName, StageResponse, VersionList, VersionMetadataResponse,
};
use crate::huawei::rules;
use crate::paging;
use crate::secret::{SecretBytes, SecretString};
use crate::validate::{self, Rule, ValidationError};

/// **CreateSecretVersion**: `POST /v1/{project_id}/secrets/{secret_name}/versions`. Answers the
/// new version's metadata.
///
/// This is how a `COMMON` secret is rotated: the new version becomes `SYSCURRENT` (unless other
/// `version_stages` are given) and the former one `SYSPREVIOUS`. Not idempotent: each call adds
/// a version.
///
/// ```
/// use secretmanager_core::huawei::{CreateSecretVersion, Operation as _};
///
/// let op = CreateSecretVersion::new("db-password").secret_string(r#"{"password":"n3w"}"#);
/// assert!(op.validate().is_ok());
/// assert_eq!(op.body().unwrap().expose(), br#"{"secret_string":"{\"password\":\"n3w\"}"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CreateSecretVersion {
    /// The secret (`^[a-zA-Z0-9_-]{1,64}$`).
    #[serde(skip_serializing)]
    pub secret_name: String,
    /// A text value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_string: Option<SecretString>,
    /// A binary value, sent base64-encoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_binary: Option<SecretBytes>,
    /// Stages to put on the new version (at most 12; `SYSCURRENT` when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub version_stages: Vec<String>,
    /// When the version expires, a Unix timestamp passed to CSMS as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expire_time: Option<i64>,
}

impl CreateSecretVersion {
    /// A new version of `secret_name`; give it a value with
    /// [`CreateSecretVersion::secret_string`] or [`CreateSecretVersion::secret_binary`].
    pub fn new(secret_name: impl Into<String>) -> Self {
        Self {
            secret_name: secret_name.into(),
            secret_string: None,
            secret_binary: None,
            version_stages: Vec::new(),
            expire_time: None,
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

    /// Puts these stages on the new version.
    pub fn version_stages<S: Into<String>>(mut self, stages: impl IntoIterator<Item = S>) -> Self {
        self.version_stages = stages.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the expiry time.
    pub fn expire_time(mut self, expire_time: i64) -> Self {
        self.expire_time = Some(expire_time);
        self
    }
}

impl Operation for CreateSecretVersion {
    type Provider = Huawei;
    type Output = VersionMetadataResponse;
    const NAME: &'static str = "CreateSecretVersion";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Create;
    const SETTLED_BY: &'static str = "ListSecretVersions";

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name("secret_name", &self.secret_name)?;
        value::validate(self.secret_string.as_ref(), self.secret_binary.as_ref())?;
        let count = self.version_stages.len();
        if count > rules::MAX_STAGES {
            let as_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
            let rule = Rule::Range { min: 0, max: as_i64(rules::MAX_STAGES), actual: as_i64(count) };
            return Err(ValidationError::new("version_stages", rule));
        }
        for stage in &self.version_stages {
            rules::validate_stage_name("version_stages", stage)?;
        }
        if let Some(expire_time) = self.expire_time {
            validate::range("expire_time", expire_time, 1, i64::MAX)?;
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        push_secret_path(out, &self.secret_name);
        out.push_str("/versions");
    }

    fn changed_secret(&self) -> Option<&str> {
        Some(self.secret_name.as_str())
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

/// **ListSecretVersions**: `GET /v1/{project_id}/secrets/{secret_name}/versions?limit=&marker=`.
/// Answers a page of version metadata.
///
/// ```
/// use secretmanager_core::huawei::{ListSecretVersions, Operation as _};
///
/// let mut path = String::new();
/// ListSecretVersions::new("db").limit(20).write_path(&mut path);
/// assert_eq!(path, "/secrets/db/versions?limit=20");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ListSecretVersions {
    /// The secret (`^[a-zA-Z0-9_-]{1,64}$`).
    pub secret_name: String,
    /// Page size, 1 or more.
    pub limit: Option<u32>,
    /// Where the page starts: the `next_marker` of the previous page.
    pub marker: Option<String>,
}

impl ListSecretVersions {
    /// The first page of `secret_name`'s versions.
    pub fn new(secret_name: impl Into<String>) -> Self {
        Self { secret_name: secret_name.into(), limit: None, marker: None }
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
}

impl Operation for ListSecretVersions {
    type Provider = Huawei;
    type Output = VersionList;
    const NAME: &'static str = "ListSecretVersions";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name("secret_name", &self.secret_name)?;
        if let Some(limit) = self.limit {
            rules::validate_limit(limit)?;
        }
        if let Some(marker) = &self.marker {
            rules::validate_identifier("marker", marker)?;
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        push_secret_path(out, &self.secret_name);
        out.push_str("/versions");
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

/// **ShowSecretVersion**: `GET /v1/{project_id}/secrets/{secret_name}/versions/{version_id}`.
/// Answers the version with its value (a [`SecretString`]).
///
/// `version_id` is `v` and 1–10 digits, or `latest`; stage names are not accepted here (use
/// [`ShowSecretStage`] to find the version of a stage).
///
/// ```
/// use secretmanager_core::huawei::{Operation as _, ShowSecretVersion};
///
/// let mut path = String::new();
/// ShowSecretVersion::latest("db").write_path(&mut path);
/// assert_eq!(path, "/secrets/db/versions/latest");
/// assert_eq!(ShowSecretVersion::new("db", "SYSCURRENT").validate().unwrap_err().field, "version_id");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ShowSecretVersion {
    /// The secret (`^[a-zA-Z0-9_-]{1,64}$`).
    pub secret_name: String,
    /// The version: `v1`, `v2`… or `latest`.
    pub version_id: String,
}

impl ShowSecretVersion {
    /// Reads version `version_id` of `secret_name`.
    pub fn new(secret_name: impl Into<String>, version_id: impl Into<String>) -> Self {
        Self { secret_name: secret_name.into(), version_id: version_id.into() }
    }

    /// Reads the latest version of `secret_name`.
    pub fn latest(secret_name: impl Into<String>) -> Self {
        Self::new(secret_name, "latest")
    }
}

impl Operation for ShowSecretVersion {
    type Provider = Huawei;
    type Output = SecretVersionResponse;
    const NAME: &'static str = "ShowSecretVersion";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name("secret_name", &self.secret_name)?;
        rules::validate_version_id(&self.version_id)
    }

    fn write_path(&self, out: &mut String) {
        push_secret_path(out, &self.secret_name);
        out.push_str("/versions/");
        push_segment(out, &self.version_id);
    }
}

/// **ShowSecretStage**: `GET /v1/{project_id}/secrets/{secret_name}/stages/{stage_name}`.
/// Answers the stage and the version it points at.
///
/// ```
/// use secretmanager_core::huawei::{Operation as _, ShowSecretStage, StageName};
///
/// let mut path = String::new();
/// ShowSecretStage::new("db", StageName::SysCurrent).write_path(&mut path);
/// assert_eq!(path, "/secrets/db/stages/SYSCURRENT");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ShowSecretStage {
    /// The secret (`^[a-zA-Z0-9_-]{1,64}$`).
    pub secret_name: String,
    /// The stage: `SYSCURRENT`, `SYSPREVIOUS` or a custom one.
    pub stage_name: StageName,
}

impl ShowSecretStage {
    /// Reads stage `stage_name` of `secret_name`.
    pub fn new(secret_name: impl Into<String>, stage_name: impl Into<StageName>) -> Self {
        Self { secret_name: secret_name.into(), stage_name: stage_name.into() }
    }
}

impl Operation for ShowSecretStage {
    type Provider = Huawei;
    type Output = StageResponse;
    const NAME: &'static str = "ShowSecretStage";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name("secret_name", &self.secret_name)?;
        rules::validate_stage_name("stage_name", self.stage_name.as_str())
    }

    fn write_path(&self, out: &mut String) {
        push_secret_path(out, &self.secret_name);
        out.push_str("/stages/");
        push_segment(out, self.stage_name.as_str());
    }
}

/// **UpdateVersion**: `PUT /v1/{project_id}/secrets/{secret_name}/versions/{version_id}`
/// `{"expire_time"}`. Changes when a version expires (only of an `ENABLED` secret); answers the
/// version's metadata.
///
/// [`Repeatable`](crate::OperationKind::Repeatable): it sets a given time. Each update
/// triggers one "version expiry" event notification when the secret subscribes to one.
///
/// ```
/// use secretmanager_core::huawei::{Operation as _, UpdateVersion};
///
/// let op = UpdateVersion::new("db-password", "v3", 1_900_000_000);
/// op.validate().unwrap();
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!(path, "/secrets/db-password/versions/v3");
/// assert_eq!(op.body().unwrap().expose(), br#"{"expire_time":1900000000}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateVersion {
    /// The secret (`^[a-zA-Z0-9_-]{1,64}$`), in the path.
    #[serde(skip_serializing)]
    pub secret_name: String,
    /// The version: `v1`, `v2`… or `latest`, in the path.
    #[serde(skip_serializing)]
    pub version_id: String,
    /// When the version expires: seconds since the epoch, 1 or more.
    pub expire_time: i64,
}

impl UpdateVersion {
    /// Makes version `version_id` of `secret_name` expire at `expire_time`.
    pub fn new(secret_name: impl Into<String>, version_id: impl Into<String>, expire_time: i64) -> Self {
        Self { secret_name: secret_name.into(), version_id: version_id.into(), expire_time }
    }
}

impl Operation for UpdateVersion {
    type Provider = Huawei;
    type Output = VersionMetadataResponse;
    const NAME: &'static str = "UpdateVersion";
    const METHOD: Method = Method::Put;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name("secret_name", &self.secret_name)?;
        rules::validate_version_id(&self.version_id)?;
        validate::range("expire_time", self.expire_time, 1, i64::MAX)
    }

    fn write_path(&self, out: &mut String) {
        push_secret_path(out, &self.secret_name);
        out.push_str("/versions/");
        push_segment(out, &self.version_id);
    }

    fn changed_secret(&self) -> Option<&str> {
        Some(self.secret_name.as_str())
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
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
    fn create_version_body_and_rules() {
        let op = CreateSecretVersion::new("db")
            .secret_binary(b"raw\x00bytes".to_vec())
            .version_stages(["SYSCURRENT", "custom_1"])
            .expire_time(1_900_000_000);
        op.validate().unwrap();
        assert_eq!(
            op.body().unwrap().expose(),
            br#"{"secret_binary":"cmF3AGJ5dGVz","version_stages":["SYSCURRENT","custom_1"],"expire_time":1900000000}"#
        );
        assert_eq!(path(&op), "/secrets/db/versions");
        let field = |op: CreateSecretVersion| op.validate().unwrap_err().field;
        assert_eq!(field(CreateSecretVersion::new("db")), "secret_string");
        assert_eq!(
            field(CreateSecretVersion::new("db").secret_string("v").version_stages(["a b"])),
            "version_stages"
        );
        let thirteen: Vec<String> = (0..13).map(|i| format!("s{i}")).collect();
        assert_eq!(
            field(CreateSecretVersion::new("db").secret_string("v").version_stages(thirteen)),
            "version_stages"
        );
        assert_eq!(field(CreateSecretVersion::new("db").secret_string("v").expire_time(0)), "expire_time");
        const { assert!(!CreateSecretVersion::IDEMPOTENT) };
    }

    #[test]
    fn list_versions_query() {
        assert_eq!(path(&ListSecretVersions::new("db")), "/secrets/db/versions");
        assert_eq!(
            path(&ListSecretVersions::new("db").limit(2).marker("v3")),
            "/secrets/db/versions?limit=2&marker=v3"
        );
        assert_eq!(ListSecretVersions::new("db").limit(0).validate().unwrap_err().field, "limit");
    }

    #[test]
    fn show_version_decodes_the_value_as_a_secret() {
        let op = ShowSecretVersion::new("db", "v12");
        op.validate().unwrap();
        assert_eq!(path(&op), "/secrets/db/versions/v12");
        let body = br#"{"version":{"version_metadata":{"id":"v12","create_time":1,"version_stages":["SYSCURRENT"],"x":0},
            "secret_string":"{\"password\":\"p\u00e9 \\\"q\\\"\"}"}}"#;
        let answer: SecretVersionResponse = decode(200, body).unwrap();
        let version = answer.version;
        assert_eq!(version.version_metadata.id, "v12");
        assert_eq!(version.version_metadata.version_stages, ["SYSCURRENT"]);
        assert_eq!(version.secret_string.as_ref().unwrap().expose(), "{\"password\":\"pé \\\"q\\\"\"}");
        assert_eq!(version.secret_binary, None);
        assert!(!format!("{version:?}").contains("password"));
    }

    #[test]
    fn show_stage_accepts_system_and_custom_stages() {
        assert_eq!(
            path(&ShowSecretStage::new("db", StageName::SysPrevious)),
            "/secrets/db/stages/SYSPREVIOUS"
        );
        let custom = ShowSecretStage::new("db", "pending_1");
        assert_eq!(custom.stage_name, StageName::Other("pending_1".into()));
        custom.validate().unwrap();
        assert_eq!(ShowSecretStage::new("db", "a/b").validate().unwrap_err().field, "stage_name");
        let answer: StageResponse = decode(
            200,
            br#"{"stage":{"name":"SYSCURRENT","update_time":1700000000000,"secret_name":"db","version_id":"v3"}}"#,
        )
        .unwrap();
        assert_eq!((answer.stage.name.as_str(), answer.stage.version_id.as_str()), ("SYSCURRENT", "v3"));
        assert_eq!(answer.stage.secret_name.as_deref(), Some("db"));
    }

    #[test]
    fn update_version_rules_and_answer() {
        let field = |op: UpdateVersion| op.validate().unwrap_err().field;
        assert_eq!(field(UpdateVersion::new("d b", "v1", 1)), "secret_name");
        assert_eq!(field(UpdateVersion::new("db", "SYSCURRENT", 1)), "version_id");
        assert_eq!(field(UpdateVersion::new("db", "v1", 0)), "expire_time");
        assert_eq!(field(UpdateVersion::new("db", "v1", -5)), "expire_time");
        UpdateVersion::new("db", "latest", 1).validate().unwrap();
        assert_eq!(UpdateVersion::METHOD, Method::Put);
        const { assert!(UpdateVersion::IDEMPOTENT) };
        // UpdateVersionResponse: {"version_metadata": VersionMetadata}; a null stage list is empty.
        let answer: VersionMetadataResponse = decode(
            200,
            br#"{"version_metadata":{"id":"v1","create_time":1581507580,"expire_time":1900000000,
                "kms_key_id":"b168fe00ff56492495a7d22974df2d0b","secret_name":"db","version_stages":null}}"#,
        )
        .unwrap();
        let metadata = answer.version_metadata;
        assert_eq!((metadata.id.as_str(), metadata.expire_time), ("v1", Some(1_900_000_000)));
        assert!(metadata.version_stages.is_empty());
    }

    #[test]
    fn version_lists_read_null_lists_as_empty() {
        let list: VersionList = decode(200, br#"{"version_metadatas":null,"page_info":null}"#).unwrap();
        assert!(list.version_metadatas.is_empty() && list.page_info.is_none());
        let list: VersionList = decode(
            200,
            br#"{"version_metadatas":[{"id":"v2","version_stages":["SYSCURRENT"]},{"id":"v1","version_stages":null}],
                "page_info":{"next_marker":"v1","previous_marker":"v2","current_count":2}}"#,
        )
        .unwrap();
        assert_eq!(list.version_metadatas.len(), 2);
        assert!(list.version_metadatas[1].version_stages.is_empty());
        assert_eq!(list.page_info.unwrap().current_count, Some(2));
    }

    #[test]
    fn list_secret_versions_pages_by_the_next_marker_of_page_info() {
        assert_eq!(ListSecretVersions::PAGE_FIELD, Some("marker"));
        let answer = |next: &str| -> VersionList {
            decode(
                200,
                format!(r#"{{"version_metadatas":[{{"id":"v1"}}],"page_info":{{"next_marker":{next}}}}}"#)
                    .as_bytes(),
            )
            .unwrap()
        };
        let first = ListSecretVersions::new("db").limit(2);
        let second = first.next_page(&answer(r#""v2""#)).unwrap();
        assert_eq!(second, ListSecretVersions::new("db").limit(2).marker("v2"));
        assert_eq!(first.next_page_position(&answer(r#""v2""#)), Some(serde_json::json!("v2")));
        assert_eq!(second.next_page(&answer(r#""v4""#)).unwrap().marker.as_deref(), Some("v4"));
        for last in ["null", r#""""#] {
            assert_eq!(second.next_page(&answer(last)), None, "{last}");
        }
        assert_eq!(
            second.next_page(&decode(200, br#"{"version_metadatas":[],"page_info":null}"#).unwrap()),
            None
        );
        assert_eq!(second.next_page(&answer(r#""v2""#)), None, "the same marker again ends it");
        assert_eq!(second.next_page_position(&answer(r#""v2""#)), None);
    }
}
