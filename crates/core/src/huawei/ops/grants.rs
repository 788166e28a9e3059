//! Grants: letting users or groups use a secret (`/v1/{project_id}/csms/grants`).

use serde::{Deserialize, Serialize};

use crate::Operation;
use crate::encode::Query;
use crate::http::Method;
use crate::http::json_body;
use crate::huawei::{Huawei, rules};
use crate::secret::SecretBytes;
use crate::validate::ValidationError;
use crate::wire::string_enum;

string_enum! {
    /// `type` of a grant: what is granted.
    pub enum GrantResourceType {
        /// A secret.
        Secret = "SECRET",
        /// A group of secrets.
        Group = "GROUP",
    }
}

string_enum! {
    /// `grantee_type` of a grant: who is granted, as the decimal text the API takes.
    pub enum GranteeType {
        /// A user (`0`).
        User = "0",
        /// A group (`2`).
        Group = "2",
    }
}

/// A grant as Create Grants and Update Grant answer it: `GrantData`.
///
/// Fields are read under the official SDK's names (`resource_id`); the camel-case names of
/// the API page (`resourceId`) are accepted too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Grant {
    /// The grant's id, present when it grants a user.
    #[serde(default)]
    pub uuid: Option<String>,
    /// What is granted.
    #[serde(alias = "resourceId")]
    pub resource_id: String,
    /// Its type (`SECRET`, `GROUP`).
    pub r#type: GrantResourceType,
    /// The user granted.
    #[serde(alias = "granteeUser")]
    pub grantee_user: String,
    /// When the grant was created.
    #[serde(default, alias = "createTime")]
    pub create_time: Option<i64>,
    /// When it was last changed.
    #[serde(default, alias = "updateTime")]
    pub update_time: Option<i64>,
    /// Until when it is valid.
    #[serde(default, alias = "validityTime")]
    pub validity_time: Option<i64>,
    /// Its state.
    #[serde(default)]
    pub state: Option<i64>,
    /// Its signature.
    #[serde(default)]
    pub signature: Option<String>,
}

/// The answer of Create Grants and Update Grant: `{"data": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct GrantResponse {
    /// The grant.
    pub data: Grant,
}

/// A user a resource is granted to: `GrantUserInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct GranteeUser {
    /// The user's id.
    pub user_id: String,
    /// The user's name.
    pub user_name: String,
    /// When the grant was made.
    pub create_time: i64,
    /// Until when it is valid.
    #[serde(default)]
    pub validity_time: Option<i64>,
}

/// The grants of one resource: `GrantDTO`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ResourceGrants {
    /// The grant's id, present when it grants a user.
    #[serde(default)]
    pub id: Option<String>,
    /// The grant's name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its type (`SECRET`, `GROUP`).
    #[serde(default)]
    pub r#type: Option<GrantResourceType>,
    /// The users granted.
    #[serde(default, deserialize_with = "crate::huawei::model::list")]
    pub grantee_user: Vec<GranteeUser>,
    /// When it was created.
    pub create_time: i64,
    /// When it was last changed.
    #[serde(default)]
    pub update_time: Option<i64>,
}

/// The answer of List Grants: `{"data": …}`, absent or `null` when nothing is granted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ResourceGrantsResponse {
    /// The resource's grants.
    #[serde(default)]
    pub data: Option<ResourceGrants>,
}

/// The body of Create Grants and Update Grant (`GrantSecretReqBody`), checked.
fn validate_grant(
    resource_id: &str,
    resource_type: &GrantResourceType,
    grantee_type: &GranteeType,
    grantee_target_id: &str,
    validity_time: Option<&str>,
) -> Result<(), ValidationError> {
    rules::validate_identifier("resource_id", resource_id)?;
    rules::validate_identifier("type", resource_type.as_str())?;
    rules::validate_identifier("grantee_type", grantee_type.as_str())?;
    rules::validate_identifier("grantee_target_id", grantee_target_id)?;
    if let Some(time) = validity_time {
        rules::validate_identifier("validity_time", time)?;
    }
    Ok(())
}

/// **CreateGrants**: `POST /v1/{project_id}/csms/grants`. Grants a user (`grantee_type` `0`)
/// or a group (`2`) the use of a secret or group of secrets; answers the grant.
///
/// `validity_time`, the end of validity, is sent as given: the SDK types it as a date
/// (`2026-12-31`), the API page as a string.
///
/// Not idempotent: each call may create a grant, so a lost answer is never resent;
/// [`ListGrants`] tells whether it was created.
///
/// ```
/// use secretmanager_core::huawei::{CreateGrants, GrantResourceType, GranteeType, Operation as _};
///
/// let op = CreateGrants::new("5fd1a1c9", GrantResourceType::Secret, GranteeType::User, "user-1")
///     .validity_time("2026-12-31");
/// op.validate()?;
/// assert!(!CreateGrants::IDEMPOTENT);
/// assert_eq!(
///     op.body().unwrap().expose(),
///     br#"{"resource_id":"5fd1a1c9","type":"SECRET","grantee_type":"0","grantee_target_id":"user-1","validity_time":"2026-12-31"}"#
/// );
/// # Ok::<(), secretmanager_core::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CreateGrants {
    /// What to grant: a secret's or group's id.
    pub resource_id: String,
    /// Its type (`SECRET`, `GROUP`).
    pub r#type: GrantResourceType,
    /// Who is granted: a user (`0`) or a group (`2`).
    pub grantee_type: GranteeType,
    /// The user's or group's id.
    pub grantee_target_id: String,
    /// The end of validity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_time: Option<String>,
}

impl CreateGrants {
    /// Grants `grantee_target_id` (of `grantee_type`) the resource `resource_id` (of
    /// `resource_type`).
    pub fn new(
        resource_id: impl Into<String>,
        resource_type: GrantResourceType,
        grantee_type: GranteeType,
        grantee_target_id: impl Into<String>,
    ) -> Self {
        Self {
            resource_id: resource_id.into(),
            r#type: resource_type,
            grantee_type,
            grantee_target_id: grantee_target_id.into(),
            validity_time: None,
        }
    }

    /// Sets the end of validity.
    pub fn validity_time(mut self, validity_time: impl Into<String>) -> Self {
        self.validity_time = Some(validity_time.into());
        self
    }
}

impl Operation for CreateGrants {
    type Provider = Huawei;
    type Output = GrantResponse;
    const NAME: &'static str = "CreateGrants";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Create;
    const SETTLED_BY: &'static str = "ListGrants";

    fn validate(&self) -> Result<(), ValidationError> {
        validate_grant(
            &self.resource_id,
            &self.r#type,
            &self.grantee_type,
            &self.grantee_target_id,
            self.validity_time.as_deref(),
        )
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/grants");
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

/// **DeleteGrant**: `DELETE /v1/{project_id}/csms/grants?grantee_user=&resource_id=`. Revokes
/// the grants of a resource (to one user, when `grantee_user` is given); answers nothing.
/// Repeatable (a repeat may answer that the grant is gone).
///
/// ```
/// use secretmanager_core::huawei::{DeleteGrant, Operation as _};
///
/// let mut path = String::new();
/// DeleteGrant::new("5fd1a1c9").grantee_user("user-1").write_path(&mut path);
/// assert_eq!(path, "/csms/grants?grantee_user=user-1&resource_id=5fd1a1c9");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DeleteGrant {
    /// The user whose grant is revoked.
    pub grantee_user: Option<String>,
    /// The resource granted.
    pub resource_id: String,
}

impl DeleteGrant {
    /// Revokes the grants of `resource_id`.
    pub fn new(resource_id: impl Into<String>) -> Self {
        Self { grantee_user: None, resource_id: resource_id.into() }
    }

    /// Only the grant to `grantee_user`.
    pub fn grantee_user(mut self, grantee_user: impl Into<String>) -> Self {
        self.grantee_user = Some(grantee_user.into());
        self
    }
}

impl Operation for DeleteGrant {
    type Provider = Huawei;
    type Output = ();
    const NAME: &'static str = "DeleteGrant";
    const METHOD: Method = Method::Delete;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        if let Some(user) = &self.grantee_user {
            rules::validate_identifier("grantee_user", user)?;
        }
        rules::validate_identifier("resource_id", &self.resource_id)
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/grants");
        Query::new(out)
            .optional("grantee_user", self.grantee_user.as_deref())
            .pair("resource_id", &self.resource_id);
    }
}

/// **ListGrants**: `GET /v1/{project_id}/csms/grants?resource_id=`. Answers the grants of a
/// resource.
///
/// ```
/// use secretmanager_core::huawei::{self, ListGrants, Operation as _};
///
/// let mut path = String::new();
/// ListGrants::new("5fd1a1c9").write_path(&mut path);
/// assert_eq!(path, "/csms/grants?resource_id=5fd1a1c9");
/// let answer: huawei::ResourceGrantsResponse = huawei::decode(
///     200,
///     br#"{"data":{"id":"g-1","name":"db","type":"SECRET","create_time":1700000000,
///         "grantee_user":[{"user_id":"u-1","user_name":"alice","create_time":1700000000}]}}"#,
/// )?;
/// assert_eq!(answer.data.unwrap().grantee_user[0].user_name, "alice");
/// # Ok::<(), secretmanager_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ListGrants {
    /// The resource.
    pub resource_id: String,
}

impl ListGrants {
    /// Lists the grants of `resource_id`.
    pub fn new(resource_id: impl Into<String>) -> Self {
        Self { resource_id: resource_id.into() }
    }
}

impl Operation for ListGrants {
    type Provider = Huawei;
    type Output = ResourceGrantsResponse;
    const NAME: &'static str = "ListGrants";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_identifier("resource_id", &self.resource_id)
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/grants");
        Query::new(out).pair("resource_id", &self.resource_id);
    }
}

/// **UpdateGrant**: `PUT /v1/{project_id}/csms/grants?resource_id=`. Rewrites a grant of a
/// resource; answers the grant. Repeatable: it writes given values.
///
/// The resource is named once, `resource_id`, and sent both in the query and in the body
/// (`GrantSecretReqBody`), as the SDK's request carries it in both.
///
/// ```
/// use secretmanager_core::huawei::{GrantResourceType, GranteeType, Operation as _, UpdateGrant};
///
/// let op = UpdateGrant::new("5fd1a1c9", GrantResourceType::Secret, GranteeType::Group, "group-1");
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!(path, "/csms/grants?resource_id=5fd1a1c9");
/// assert_eq!(
///     op.body().unwrap().expose(),
///     br#"{"resource_id":"5fd1a1c9","type":"SECRET","grantee_type":"2","grantee_target_id":"group-1"}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateGrant {
    /// The resource granted: a secret's or group's id.
    pub resource_id: String,
    /// Its type (`SECRET`, `GROUP`).
    pub r#type: GrantResourceType,
    /// Who is granted: a user (`0`) or a group (`2`).
    pub grantee_type: GranteeType,
    /// The user's or group's id.
    pub grantee_target_id: String,
    /// The end of validity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_time: Option<String>,
}

impl UpdateGrant {
    /// Rewrites the grant of `resource_id` to `grantee_target_id`.
    pub fn new(
        resource_id: impl Into<String>,
        resource_type: GrantResourceType,
        grantee_type: GranteeType,
        grantee_target_id: impl Into<String>,
    ) -> Self {
        Self {
            resource_id: resource_id.into(),
            r#type: resource_type,
            grantee_type,
            grantee_target_id: grantee_target_id.into(),
            validity_time: None,
        }
    }

    /// Sets the end of validity.
    pub fn validity_time(mut self, validity_time: impl Into<String>) -> Self {
        self.validity_time = Some(validity_time.into());
        self
    }
}

impl Operation for UpdateGrant {
    type Provider = Huawei;
    type Output = GrantResponse;
    const NAME: &'static str = "UpdateGrant";
    const METHOD: Method = Method::Put;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_grant(
            &self.resource_id,
            &self.r#type,
            &self.grantee_type,
            &self.grantee_target_id,
            self.validity_time.as_deref(),
        )
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/grants");
        Query::new(out).pair("resource_id", &self.resource_id);
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::huawei::decode;
    use crate::validate::Rule;

    fn path<O: Operation>(op: &O) -> String {
        let mut out = String::new();
        op.write_path(&mut out);
        out
    }

    /// A `GrantData` with every field the official model has.
    const GRANT: &str = r#"{"uuid":"g-1","resource_id":"s-1","type":"SECRET","grantee_user":"u-1","create_time":1700000000,
        "update_time":1700000001,"validity_time":1800000000,"state":1,"signature":"sig"}"#;

    #[test]
    fn create_grants_body_and_rules() {
        let op = CreateGrants::new("s-1", GrantResourceType::Group, GranteeType::Group, "grp-1");
        op.validate().unwrap();
        assert_eq!(path(&op), "/csms/grants");
        assert_eq!(
            op.body().unwrap().expose(),
            br#"{"resource_id":"s-1","type":"GROUP","grantee_type":"2","grantee_target_id":"grp-1"}"#
        );
        assert_eq!(
            (CreateGrants::KIND, CreateGrants::SETTLED_BY),
            (crate::OperationKind::Create, "ListGrants")
        );
        let field = |op: CreateGrants| op.validate().unwrap_err().field;
        let base = || CreateGrants::new("s-1", GrantResourceType::Secret, GranteeType::User, "u-1");
        assert_eq!(
            field(CreateGrants::new("", GrantResourceType::Secret, GranteeType::User, "u")),
            "resource_id"
        );
        assert_eq!(
            field(CreateGrants::new("s", GrantResourceType::from(""), GranteeType::User, "u")),
            "type"
        );
        assert_eq!(
            field(CreateGrants::new("s", GrantResourceType::Secret, GranteeType::from(""), "u")),
            "grantee_type"
        );
        assert_eq!(
            field(CreateGrants::new("s", GrantResourceType::Secret, GranteeType::User, "")),
            "grantee_target_id"
        );
        assert_eq!(field(base().validity_time("")), "validity_time");
        assert_eq!(base().validity_time("a\nb").validate().unwrap_err().rule, Rule::ControlCharacter);
        // Read from JSON, `type` is the wire name.
        let read: CreateGrants = serde_json::from_str(
            r#"{"resource_id":"s","type":"SECRET","grantee_type":"0","grantee_target_id":"u"}"#,
        )
        .unwrap();
        assert_eq!((read.r#type, read.grantee_type), (GrantResourceType::Secret, GranteeType::User));
    }

    #[test]
    fn grant_answers_decode_as_the_sdk_describes_them() {
        let answer: GrantResponse = decode(200, format!(r#"{{"data":{GRANT}}}"#).as_bytes()).unwrap();
        let grant = answer.data;
        assert_eq!(grant.uuid.as_deref(), Some("g-1"));
        assert_eq!((grant.resource_id.as_str(), grant.grantee_user.as_str()), ("s-1", "u-1"));
        assert_eq!(grant.r#type, GrantResourceType::Secret);
        assert_eq!(
            (grant.create_time, grant.update_time, grant.validity_time),
            (Some(1_700_000_000), Some(1_700_000_001), Some(1_800_000_000))
        );
        assert_eq!((grant.state, grant.signature.as_deref()), (Some(1), Some("sig")));
        assert_eq!(serde_json::to_value(&grant).unwrap()["type"], "SECRET");
        // The API page's camel-case names are read too.
        let camel: GrantResponse = decode(
            200,
            br#"{"data":{"resourceId":"s-1","type":"GROUP","granteeUser":"u-2","createTime":5}}"#,
        )
        .unwrap();
        assert_eq!((camel.data.resource_id.as_str(), camel.data.create_time), ("s-1", Some(5)));
        assert!(decode::<GrantResponse>(200, br#"{"data":{"type":"SECRET","grantee_user":"u"}}"#).is_err());
    }

    #[test]
    fn delete_and_list_grants() {
        let delete = DeleteGrant::new("s 1");
        delete.validate().unwrap();
        assert_eq!(path(&delete), "/csms/grants?resource_id=s%201");
        assert_eq!(
            (DeleteGrant::METHOD, DeleteGrant::KIND),
            (Method::Delete, crate::OperationKind::Repeatable)
        );
        assert_eq!(DeleteGrant::new("").validate().unwrap_err().field, "resource_id");
        assert_eq!(DeleteGrant::new("s").grantee_user("").validate().unwrap_err().field, "grantee_user");
        decode::<()>(200, b"").unwrap();

        assert_eq!(path(&ListGrants::new("s-1")), "/csms/grants?resource_id=s-1");
        assert_eq!(ListGrants::new("").validate().unwrap_err().field, "resource_id");
        let answer: ResourceGrantsResponse = decode(
            200,
            br#"{"data":{"id":"g-1","name":"db","type":"SECRET","create_time":1700000000,"update_time":1700000002,
                "grantee_user":[{"user_id":"u-1","user_name":"alice","create_time":1700000000,"validity_time":1800000000}]}}"#,
        )
        .unwrap();
        let grants = answer.data.unwrap();
        assert_eq!((grants.id.as_deref(), grants.name.as_deref()), (Some("g-1"), Some("db")));
        assert_eq!(grants.r#type, Some(GrantResourceType::Secret));
        assert_eq!((grants.create_time, grants.update_time), (1_700_000_000, Some(1_700_000_002)));
        let user = &grants.grantee_user[0];
        assert_eq!((user.user_id.as_str(), user.user_name.as_str()), ("u-1", "alice"));
        assert_eq!((user.create_time, user.validity_time), (1_700_000_000, Some(1_800_000_000)));
        let none: ResourceGrantsResponse = decode(200, br#"{"data":null}"#).unwrap();
        assert!(none.data.is_none());
        let nobody: ResourceGrantsResponse =
            decode(200, br#"{"data":{"create_time":1,"grantee_user":null}}"#).unwrap();
        assert!(nobody.data.unwrap().grantee_user.is_empty());
    }

    #[test]
    fn update_grant_names_the_resource_in_query_and_body() {
        let op = UpdateGrant::new("s-1", GrantResourceType::Secret, GranteeType::User, "u-1")
            .validity_time("2026-12-31");
        op.validate().unwrap();
        assert_eq!(path(&op), "/csms/grants?resource_id=s-1");
        assert_eq!(
            op.body().unwrap().expose(),
            br#"{"resource_id":"s-1","type":"SECRET","grantee_type":"0","grantee_target_id":"u-1","validity_time":"2026-12-31"}"#
        );
        assert_eq!((UpdateGrant::METHOD, UpdateGrant::KIND), (Method::Put, crate::OperationKind::Repeatable));
        assert_eq!(
            UpdateGrant::new("s", GrantResourceType::Secret, GranteeType::User, "")
                .validate()
                .unwrap_err()
                .field,
            "grantee_target_id"
        );
        let answer: GrantResponse = decode(200, format!(r#"{{"data":{GRANT}}}"#).as_bytes()).unwrap();
        assert_eq!(answer.data.grantee_user, "u-1");
    }
}
