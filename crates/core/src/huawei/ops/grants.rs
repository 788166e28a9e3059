//! Grants: letting users or groups use a secret (`/v1/{project_id}/csms/grants`).

use serde::{Deserialize, Serialize};

use super::lists::null_as_empty;
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
    #[serde(default, deserialize_with = "null_as_empty")]
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
