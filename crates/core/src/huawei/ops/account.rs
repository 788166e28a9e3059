//! The account-wide CSMS operations, outside any project (`/v1/csms/...`): agencies, rotation
//! function templates, and the users of the secret sharing service.
//!
//! Every operation here is not [`Operation::PROJECT_SCOPED`]: its path follows `/v1`, not
//! `/v1/{project_id}`. The request still carries `X-Project-Id`, as the official SDK sends it.

use serde::{Deserialize, Serialize};

use crate::Operation;
use crate::encode::{Query, push_segment};
use crate::http::Method;
use crate::http::json_body;
use crate::huawei::model::SecretType;
use crate::huawei::{Huawei, rules};
use crate::paging;
use crate::secret::{SecretBytes, SecretString};
use crate::validate::{self, Rule, ValidationError};
use crate::wire::{lenient, string_enum};

/// List Users: 10 to 100 users a page.
pub const USERS_PAGE_SIZE: (u32, u32) = (10, 100);
/// List Users: `user_info` is at most 64 characters.
pub const USER_INFO_MAX_CHARS: usize = 64;

/// Checks a `secret_type` that is sent (any word CSMS may add is sent as given).
fn validate_secret_type(secret_type: &SecretType) -> Result<(), ValidationError> {
    rules::validate_identifier("secret_type", secret_type.as_str())
}

/// An agency CSMS created: `Agency`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Agency {
    /// The agency's name.
    pub agency_name: String,
    /// Its id.
    #[serde(default)]
    pub agency_id: Option<String>,
    /// Why it could not be created, when it could not.
    #[serde(default)]
    pub error_msg: Option<String>,
}

/// The answer of Create Agency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct AgencyList {
    /// The agencies.
    #[serde(default, deserialize_with = "crate::huawei::model::list")]
    pub agencies: Vec<Agency>,
}

/// **CreateAgency**: `POST /v1/csms/agencies`. Creates the IAM agencies CSMS needs to rotate
/// secrets of `secret_type` (e.g. `RDS-FG`); answers them, each with an `error_msg` when it
/// could not be created.
///
/// Not idempotent (it creates agencies), so a lost answer is never resent; [`ShowAgency`]
/// tells whether they exist. Account-wide: the path is not under the project.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use secretmanager_core::huawei::{CreateAgency, Credentials, Endpoint, Operation as _, ProjectId, RequestFactory, SecretType};
///
/// let factory = RequestFactory::new(
///     Endpoint::region("cn-north-4")?,
///     Credentials::new("HWAKEXAMPLE0000000001", "HWSKexample/SecretKey+0000000000000001").into(),
///     ProjectId::new("0123456789abcdef0123456789abcdef")?,
/// );
/// let request = factory.build(&CreateAgency::new(SecretType::RdsFg), UNIX_EPOCH + Duration::from_secs(1))?;
/// assert_eq!(request.url, "https://kms.cn-north-4.myhuaweicloud.com/v1/csms/agencies");
/// assert_eq!(request.body.expose(), br#"{"secret_type":"RDS-FG"}"#);
/// assert!(!CreateAgency::PROJECT_SCOPED && !request.idempotent);
/// # Ok::<(), secretmanager_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CreateAgency {
    /// The secret type the agencies serve.
    pub secret_type: SecretType,
}

impl CreateAgency {
    /// Creates the agencies of `secret_type`.
    pub fn new(secret_type: SecretType) -> Self {
        Self { secret_type }
    }
}

impl Operation for CreateAgency {
    type Provider = Huawei;
    type Output = AgencyList;
    const NAME: &'static str = "CreateAgency";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Create;
    const SETTLED_BY: &'static str = "ShowAgency";
    const PROJECT_SCOPED: bool = false;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_secret_type(&self.secret_type)
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/agencies");
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

/// The answer of Show Agency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct AgencyStatus {
    /// Whether the agencies exist, as CSMS words it (e.g. `true`).
    #[serde(default)]
    pub agency_granted: Option<String>,
}

/// **ShowAgency**: `GET /v1/csms/agencies?secret_type=`. Answers whether the agencies of a
/// secret type exist. Account-wide.
///
/// ```
/// use secretmanager_core::huawei::{Operation as _, SecretType, ShowAgency};
///
/// let mut path = String::new();
/// ShowAgency::new(SecretType::GaussDbFg).write_path(&mut path);
/// assert_eq!(path, "/csms/agencies?secret_type=GaussDB-FG");
/// assert!(!ShowAgency::PROJECT_SCOPED);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ShowAgency {
    /// The secret type.
    pub secret_type: SecretType,
}

impl ShowAgency {
    /// Reads whether the agencies of `secret_type` exist.
    pub fn new(secret_type: SecretType) -> Self {
        Self { secret_type }
    }
}

impl Operation for ShowAgency {
    type Provider = Huawei;
    type Output = AgencyStatus;
    const NAME: &'static str = "ShowAgency";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;
    const PROJECT_SCOPED: bool = false;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_secret_type(&self.secret_type)
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/agencies");
        Query::new(out).pair("secret_type", self.secret_type.as_str());
    }
}

string_enum! {
    /// `secret_sub_type`: how the database account of a secret is rotated.
    pub enum SecretSubType {
        /// One account, whose password changes.
        SingleUser = "SingleUser",
        /// Two accounts, used in turn.
        MultiUser = "MultiUser",
    }
}

string_enum! {
    /// `engine`: the database of an `RDS-FG` secret.
    pub enum DatabaseEngine {
        /// MySQL.
        Mysql = "mysql",
        /// PostgreSQL.
        Postgresql = "postgresql",
        /// SQL Server.
        Sqlserver = "sqlserver",
    }
}

/// The answer of Show Secret Function Templates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct FunctionTemplates {
    /// The rotation function template.
    #[serde(default)]
    pub function_templates: Option<String>,
}

/// **ShowSecretFunctionTemplates**:
/// `GET /v1/csms/function-templates?secret_type=&secret_sub_type=&engine=`. Answers the
/// FunctionGraph template that rotates secrets of a type. Account-wide.
///
/// `engine` is required for `RDS-FG` secrets and refused for the other types.
///
/// ```
/// use secretmanager_core::huawei::{DatabaseEngine, Operation as _, SecretSubType, SecretType, ShowSecretFunctionTemplates};
///
/// let op = ShowSecretFunctionTemplates::new(SecretType::RdsFg, SecretSubType::SingleUser).engine(DatabaseEngine::Mysql);
/// op.validate()?;
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!(path, "/csms/function-templates?secret_type=RDS-FG&secret_sub_type=SingleUser&engine=mysql");
/// let missing = ShowSecretFunctionTemplates::new(SecretType::RdsFg, SecretSubType::MultiUser);
/// assert_eq!(missing.validate().unwrap_err().field, "engine");
/// # Ok::<(), secretmanager_core::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ShowSecretFunctionTemplates {
    /// The secret type.
    pub secret_type: SecretType,
    /// How the account is rotated.
    pub secret_sub_type: SecretSubType,
    /// The database, for `RDS-FG` secrets only.
    pub engine: Option<DatabaseEngine>,
}

impl ShowSecretFunctionTemplates {
    /// The template for `secret_type` rotated as `secret_sub_type`.
    pub fn new(secret_type: SecretType, secret_sub_type: SecretSubType) -> Self {
        Self { secret_type, secret_sub_type, engine: None }
    }

    /// Sets the database (`RDS-FG` secrets).
    pub fn engine(mut self, engine: DatabaseEngine) -> Self {
        self.engine = Some(engine);
        self
    }
}

impl Operation for ShowSecretFunctionTemplates {
    type Provider = Huawei;
    type Output = FunctionTemplates;
    const NAME: &'static str = "ShowSecretFunctionTemplates";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;
    const PROJECT_SCOPED: bool = false;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_secret_type(&self.secret_type)?;
        rules::validate_identifier("secret_sub_type", self.secret_sub_type.as_str())?;
        match (&self.engine, self.secret_type == SecretType::RdsFg) {
            (Some(engine), true) => rules::validate_identifier("engine", engine.as_str()),
            (None, true) => Err(ValidationError::new("engine", Rule::RequiredWhen("secret_type is RDS-FG"))),
            (Some(_), false) => {
                Err(ValidationError::new("engine", Rule::ForbiddenWhen("secret_type is not RDS-FG")))
            }
            (None, false) => Ok(()),
        }
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/function-templates");
        Query::new(out)
            .pair("secret_type", self.secret_type.as_str())
            .pair("secret_sub_type", self.secret_sub_type.as_str())
            .optional("engine", self.engine.as_ref().map(DatabaseEngine::as_str));
    }
}

/// A user's membership of an organization: `UserOrgRelationListResult`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct UserOrgRelation {
    /// The organization.
    pub org_id: String,
    /// The kind of membership.
    pub relation_type: String,
}

/// A user as List Users answers it: `UsersDetailsResult`.
///
/// The SDK types `disabled`, `grade`, `locked` and `extension` as text here (and as a boolean,
/// an integer, text and an object in Show User Detail), so a number or boolean sent for them is
/// kept as its text, and an object or array as `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct UserSummary {
    /// The user's id.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The user's organization.
    #[serde(default)]
    pub org_id: Option<String>,
    /// The user name.
    #[serde(default)]
    pub user_name: Option<String>,
    /// The person's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The mobile number.
    #[serde(default)]
    pub mobile: Option<String>,
    /// The e-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Whether the password must change at the first login.
    #[serde(default)]
    pub pwd_must_modify: Option<bool>,
    /// When the password last changed.
    #[serde(default)]
    pub pwd_change_at: Option<String>,
    /// When the user was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When the user last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Whether the user is disabled.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub disabled: Option<String>,
    /// The trust grade.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub grade: Option<String>,
    /// Whether the user is locked.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub locked: Option<String>,
    /// Custom attributes.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub extension: Option<String>,
    /// The user's organizations.
    #[serde(default, deserialize_with = "crate::huawei::model::list")]
    pub user_org_relation_list: Vec<UserOrgRelation>,
}

/// The answer of List Users.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct UserList {
    /// How many users match.
    #[serde(default)]
    pub total: Option<i64>,
    /// The users of this page.
    #[serde(default, deserialize_with = "crate::huawei::model::list")]
    pub users: Vec<UserSummary>,
}

/// **ListUsers**: `GET /v1/csms/users?org_id=&offset=&limit=&user_info=`. Answers a page of
/// the users of the secret sharing service. Account-wide.
///
/// `offset` (the page, from 0) and `limit` (10 to 100) are required.
///
/// ```
/// use secretmanager_core::huawei::{ListUsers, Operation as _};
///
/// let op = ListUsers::new(0, 10).user_info("ali");
/// op.validate()?;
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!(path, "/csms/users?offset=0&limit=10&user_info=ali");
/// assert_eq!(ListUsers::new(0, 9).validate().unwrap_err().field, "limit");
/// # Ok::<(), secretmanager_core::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ListUsers {
    /// Only the users of this organization (every user when absent).
    pub org_id: Option<String>,
    /// The page, from 0.
    pub offset: u32,
    /// Users a page: 10 to 100.
    pub limit: u32,
    /// A user name, or part of one (at most 64 characters).
    pub user_info: Option<String>,
}

impl ListUsers {
    /// Page `offset` of `limit` users.
    pub fn new(offset: u32, limit: u32) -> Self {
        Self { org_id: None, offset, limit, user_info: None }
    }

    /// Only the users of `org_id`.
    pub fn org_id(mut self, org_id: impl Into<String>) -> Self {
        self.org_id = Some(org_id.into());
        self
    }

    /// Only the users whose name contains `user_info`.
    pub fn user_info(mut self, user_info: impl Into<String>) -> Self {
        self.user_info = Some(user_info.into());
        self
    }
}

impl Operation for ListUsers {
    type Provider = Huawei;
    type Output = UserList;
    const NAME: &'static str = "ListUsers";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;
    const PROJECT_SCOPED: bool = false;

    fn validate(&self) -> Result<(), ValidationError> {
        if let Some(org_id) = &self.org_id {
            rules::validate_identifier("org_id", org_id)?;
        }
        let (min, max) = USERS_PAGE_SIZE;
        validate::range("limit", i64::from(self.limit), i64::from(min), i64::from(max))?;
        if let Some(user_info) = &self.user_info {
            validate::char_length("user_info", user_info, 1, USER_INFO_MAX_CHARS)?;
            validate::no_control_characters("user_info", user_info)?;
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/users");
        Query::new(out)
            .optional("org_id", self.org_id.as_deref())
            .pair("offset", &self.offset.to_string())
            .pair("limit", &self.limit.to_string())
            .optional("user_info", self.user_info.as_deref());
    }

    /// `offset` is a page number here (not an item index): the next page is `offset + 1`.
    const PAGE_FIELD: Option<&'static str> = Some("offset");

    /// `offset + 1` while the pages so far (`offset + 1` of `limit` users) hold fewer than the
    /// answer's `total`; `None` after an empty page and when the answer gives no total.
    fn next_page_position(&self, answer: &UserList) -> Option<serde_json::Value> {
        self.next_page(answer).map(|next| serde_json::Value::from(next.offset))
    }

    /// This request for page `offset + 1`.
    fn next_page(&self, answer: &UserList) -> Option<Self> {
        let total = u64::try_from(answer.total?).ok()?;
        let count = u64::try_from(answer.users.len()).ok()?;
        let next = paging::next_page_number(self.offset.into(), self.limit.into(), count, total)?;
        Some(Self { offset: u32::try_from(next).ok()?, ..self.clone() })
    }
}

/// The answer of Show User Detail: one user (`ShowUserDetailResponse`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct UserDetail {
    /// The user's id.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The user's organization.
    #[serde(default)]
    pub org_id: Option<String>,
    /// The user name.
    #[serde(default)]
    pub user_name: Option<String>,
    /// The person's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The mobile number.
    #[serde(default)]
    pub mobile: Option<String>,
    /// The e-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Whether the password must change at the first login.
    #[serde(default)]
    pub pwd_must_modify: Option<bool>,
    /// When the password last changed (how to tell whether Update User Password took effect).
    #[serde(default)]
    pub pwd_change_at: Option<String>,
    /// When the user was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When the user last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Whether the user is disabled.
    #[serde(default)]
    pub disabled: Option<bool>,
    /// The trust grade.
    #[serde(default)]
    pub grade: Option<i64>,
    /// Whether the user is locked.
    #[serde(default)]
    pub locked: Option<String>,
    /// Custom attributes.
    #[serde(default)]
    pub extension: Option<serde_json::Map<String, serde_json::Value>>,
    /// The user's organizations.
    #[serde(default, deserialize_with = "crate::huawei::model::list")]
    pub user_org_relation_list: Vec<UserOrgRelation>,
    /// The account (tenant) the user belongs to.
    #[serde(default)]
    pub domain_id: Option<String>,
}

/// **ShowUserDetail**: `GET /v1/csms/users/{user_id}`. Answers one user. Account-wide.
///
/// ```
/// use secretmanager_core::huawei::{self, Operation as _, ShowUserDetail};
///
/// let mut path = String::new();
/// ShowUserDetail::new("u-1").write_path(&mut path);
/// assert_eq!(path, "/csms/users/u-1");
/// let answer: huawei::UserDetail = huawei::decode(
///     200,
///     br#"{"user_id":"u-1","user_name":"alice","disabled":false,"grade":2,"extension":{"team":"db"},"user_org_relation_list":null}"#,
/// )?;
/// assert_eq!((answer.disabled, answer.grade), (Some(false), Some(2)));
/// assert!(answer.user_org_relation_list.is_empty());
/// # Ok::<(), secretmanager_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ShowUserDetail {
    /// The user's id.
    pub user_id: String,
}

impl ShowUserDetail {
    /// Reads the user `user_id`.
    pub fn new(user_id: impl Into<String>) -> Self {
        Self { user_id: user_id.into() }
    }
}

impl Operation for ShowUserDetail {
    type Provider = Huawei;
    type Output = UserDetail;
    const NAME: &'static str = "ShowUserDetail";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;
    const PROJECT_SCOPED: bool = false;

    fn validate(&self) -> Result<(), ValidationError> {
        validate::path_segment("user_id", &self.user_id)
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/users/");
        push_segment(out, &self.user_id);
    }
}

/// The answer of Update User Password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct PasswordChanged {
    /// The user whose password changed.
    #[serde(default)]
    pub user_id: Option<String>,
}

/// **UpdateUserPassword**: `POST /v1/csms/users/change-password`. Changes the password of the
/// signed-in user of the secret sharing service; answers the user's id. Account-wide.
///
/// Both passwords are [`SecretString`]s: `Debug` and errors never show them, and
/// [`Operation::collect_secrets`] hands them to the redactor. Not idempotent: once the first
/// send took effect the old password no longer matches, so a lost answer is never resent;
/// [`ShowUserDetail`]'s `pwd_change_at` tells whether it changed.
///
/// ```
/// use secretmanager_core::huawei::{Operation as _, UpdateUserPassword};
///
/// let op = UpdateUserPassword::new("n3w-Pa55!", "0ld-Pa55!");
/// op.validate()?;
/// assert!(!format!("{op:?}").contains("Pa55"));
/// assert_eq!(op.body().unwrap().expose(), br#"{"password":"n3w-Pa55!","old_password":"0ld-Pa55!"}"#);
/// assert!(!UpdateUserPassword::IDEMPOTENT && !UpdateUserPassword::PROJECT_SCOPED);
/// # Ok::<(), secretmanager_core::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateUserPassword {
    /// The new password.
    pub password: SecretString,
    /// The current password.
    pub old_password: SecretString,
}

impl UpdateUserPassword {
    /// Changes the password from `old_password` to `password`.
    pub fn new(password: impl Into<SecretString>, old_password: impl Into<SecretString>) -> Self {
        Self { password: password.into(), old_password: old_password.into() }
    }
}

impl Operation for UpdateUserPassword {
    type Provider = Huawei;
    type Output = PasswordChanged;
    const NAME: &'static str = "UpdateUserPassword";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Create;
    const SETTLED_BY: &'static str = "ShowUserDetail";
    const PROJECT_SCOPED: bool = false;

    fn validate(&self) -> Result<(), ValidationError> {
        for (field, password) in [("password", &self.password), ("old_password", &self.old_password)] {
            if password.is_empty() {
                return Err(ValidationError::new(field, Rule::Required));
            }
            if password.expose().chars().any(char::is_control) {
                return Err(ValidationError::new(field, Rule::ControlCharacter));
            }
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/users/change-password");
    }

    fn collect_secrets(&self, redactor: &mut crate::Redactor) {
        redactor.add(self.password.expose());
        redactor.add(self.old_password.expose());
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
    fn every_operation_here_is_account_wide() {
        const {
            assert!(!CreateAgency::PROJECT_SCOPED && !ShowAgency::PROJECT_SCOPED);
            assert!(!ShowSecretFunctionTemplates::PROJECT_SCOPED && !ListUsers::PROJECT_SCOPED);
            assert!(!ShowUserDetail::PROJECT_SCOPED && !UpdateUserPassword::PROJECT_SCOPED);
            assert!(crate::huawei::ShowSecret::PROJECT_SCOPED);
        };
    }

    #[test]
    fn agencies() {
        let create = CreateAgency::new(SecretType::GaussDbFg);
        create.validate().unwrap();
        assert_eq!(path(&create), "/csms/agencies");
        assert_eq!(create.body().unwrap().expose(), br#"{"secret_type":"GaussDB-FG"}"#);
        assert_eq!(
            (CreateAgency::KIND, CreateAgency::SETTLED_BY),
            (crate::OperationKind::Create, "ShowAgency")
        );
        assert_eq!(CreateAgency::new(SecretType::from("")).validate().unwrap_err().field, "secret_type");
        let made: AgencyList = decode(
            200,
            br#"{"agencies":[{"agency_name":"csms_rds_agency","agency_id":"a-1"},{"agency_name":"csms_fg_agency","error_msg":"quota"}]}"#,
        )
        .unwrap();
        assert_eq!(
            (made.agencies[0].agency_name.as_str(), made.agencies[0].agency_id.as_deref()),
            ("csms_rds_agency", Some("a-1"))
        );
        assert_eq!(made.agencies[1].error_msg.as_deref(), Some("quota"));
        assert!(decode::<AgencyList>(200, br#"{"agencies":null}"#).unwrap().agencies.is_empty());
        assert!(
            decode::<AgencyList>(200, br#"{"agencies":[{"agency_id":"a"}]}"#).is_err(),
            "agency_name is required"
        );

        assert_eq!(path(&ShowAgency::new(SecretType::RdsFg)), "/csms/agencies?secret_type=RDS-FG");
        assert_eq!(ShowAgency::new(SecretType::from("")).validate().unwrap_err().field, "secret_type");
        let shown: AgencyStatus = decode(200, br#"{"agency_granted":"true"}"#).unwrap();
        assert_eq!(shown.agency_granted.as_deref(), Some("true"));
    }

    #[test]
    fn function_templates_need_an_engine_for_rds_only() {
        let common = ShowSecretFunctionTemplates::new(SecretType::GaussDbFg, SecretSubType::MultiUser);
        common.validate().unwrap();
        assert_eq!(
            path(&common),
            "/csms/function-templates?secret_type=GaussDB-FG&secret_sub_type=MultiUser"
        );
        let err = common.clone().engine(DatabaseEngine::Postgresql).validate().unwrap_err();
        assert_eq!((err.field, err.rule), ("engine", Rule::ForbiddenWhen("secret_type is not RDS-FG")));
        let err = ShowSecretFunctionTemplates::new(SecretType::RdsFg, SecretSubType::SingleUser)
            .validate()
            .unwrap_err();
        assert_eq!(err.rule, Rule::RequiredWhen("secret_type is RDS-FG"));
        let sqlserver = ShowSecretFunctionTemplates::new(SecretType::RdsFg, SecretSubType::SingleUser)
            .engine(DatabaseEngine::Sqlserver);
        assert!(sqlserver.validate().is_ok());
        let field = |op: ShowSecretFunctionTemplates| op.validate().unwrap_err().field;
        assert_eq!(
            field(ShowSecretFunctionTemplates::new(SecretType::from(""), SecretSubType::SingleUser)),
            "secret_type"
        );
        assert_eq!(
            field(ShowSecretFunctionTemplates::new(SecretType::Common, SecretSubType::from(""))),
            "secret_sub_type"
        );
        let answer: FunctionTemplates =
            decode(200, br#"{"function_templates":"{\"runtime\":\"Python3.9\"}"}"#).unwrap();
        assert_eq!(answer.function_templates.as_deref(), Some("{\"runtime\":\"Python3.9\"}"));
    }

    #[test]
    fn list_users_rules_and_answer() {
        let op = ListUsers::new(2, 100).org_id("org 1").user_info("al");
        op.validate().unwrap();
        assert_eq!(path(&op), "/csms/users?org_id=org%201&offset=2&limit=100&user_info=al");
        let err = |op: ListUsers| op.validate().unwrap_err();
        assert_eq!(err(ListUsers::new(0, 9)).rule, Rule::Range { min: 10, max: 100, actual: 9 });
        assert_eq!(err(ListUsers::new(0, 101)).field, "limit");
        assert_eq!(err(ListUsers::new(0, 10).org_id("")).field, "org_id");
        assert!(ListUsers::new(0, 10).user_info("u".repeat(64)).validate().is_ok());
        assert_eq!(err(ListUsers::new(0, 10).user_info("u".repeat(65))).field, "user_info");
        assert_eq!(err(ListUsers::new(0, 10).user_info("")).field, "user_info");
        assert!(serde_json::from_str::<ListUsers>(r#"{"limit":10}"#).is_err(), "offset is required");

        let list: UserList = decode(
            200,
            br#"{"total":2,"users":[{"user_id":"u-1","org_id":"o-1","user_name":"alice","name":"Alice","mobile":"+86 1",
                "email":"a@example.com","pwd_must_modify":true,"pwd_change_at":"2026-11-24 12:00:00","created_at":"2026-01-01",
                "updated_at":"2026-02-01","disabled":"false","grade":"2","locked":"false","extension":"{}",
                "user_org_relation_list":[{"org_id":"o-1","relation_type":"MEMBER"}]},
                {"user_id":"u-2","disabled":true,"grade":3,"extension":{"k":"v"},"user_org_relation_list":null}]}"#,
        )
        .unwrap();
        assert_eq!(list.total, Some(2));
        let alice = &list.users[0];
        assert_eq!(
            (alice.user_name.as_deref(), alice.email.as_deref()),
            (Some("alice"), Some("a@example.com"))
        );
        assert_eq!(
            (alice.pwd_must_modify, alice.disabled.as_deref(), alice.grade.as_deref()),
            (Some(true), Some("false"), Some("2"))
        );
        assert_eq!(alice.user_org_relation_list[0].relation_type, "MEMBER");
        // A boolean or number where the SDK says text is kept as its text.
        let other = &list.users[1];
        assert_eq!(
            (other.disabled.as_deref(), other.grade.as_deref(), other.extension.as_deref()),
            (Some("true"), Some("3"), None)
        );
        assert!(other.user_org_relation_list.is_empty());
        assert!(decode::<UserList>(200, br#"{"users":null}"#).unwrap().users.is_empty());
    }

    #[test]
    fn user_detail_decodes_as_the_sdk_describes_it() {
        assert_eq!(path(&ShowUserDetail::new("u/1")), "/csms/users/u%2F1");
        assert_eq!(ShowUserDetail::new("..").validate().unwrap_err().rule, Rule::DotSegment);
        let user: UserDetail = decode(
            200,
            br#"{"user_id":"u-1","org_id":"o-1","user_name":"alice","name":"Alice","mobile":"+86 1","email":"a@example.com",
                "pwd_must_modify":false,"pwd_change_at":"2026-11-24 12:00:00","created_at":"2026-01-01","updated_at":"2026-02-01",
                "disabled":false,"grade":2,"locked":"false","extension":{"team":"db"},
                "user_org_relation_list":[{"org_id":"o-1","relation_type":"MEMBER"}],"domain_id":"d-1"}"#,
        )
        .unwrap();
        assert_eq!((user.user_id.as_deref(), user.domain_id.as_deref()), (Some("u-1"), Some("d-1")));
        assert_eq!(
            (user.disabled, user.grade, user.locked.as_deref()),
            (Some(false), Some(2), Some("false"))
        );
        assert_eq!(user.extension.as_ref().unwrap()["team"], "db");
        assert_eq!(user.pwd_change_at.as_deref(), Some("2026-11-24 12:00:00"));
        assert_eq!(user.user_org_relation_list[0].org_id, "o-1");
        assert_eq!(serde_json::to_value(&user).unwrap()["extension"]["team"], "db");
    }

    #[test]
    fn password_change_keeps_both_passwords_secret() {
        let op = UpdateUserPassword::new("n3w-Pa55!", "0ld-Pa55!");
        op.validate().unwrap();
        assert_eq!(path(&op), "/csms/users/change-password");
        assert_eq!(
            (UpdateUserPassword::KIND, UpdateUserPassword::SETTLED_BY),
            (crate::OperationKind::Create, "ShowUserDetail")
        );
        assert!(!format!("{op:?}").contains("Pa55"));
        let mut redactor = crate::Redactor::default();
        op.collect_secrets(&mut redactor);
        let cleaned = redactor.redact("new n3w-Pa55! old 0ld-Pa55!").unwrap();
        assert!(!cleaned.contains("n3w-Pa55!") && !cleaned.contains("0ld-Pa55!"), "{cleaned}");
        let err = UpdateUserPassword::new("", "0ld-Pa55!").validate().unwrap_err();
        assert_eq!((err.field, err.rule), ("password", Rule::Required));
        let err = UpdateUserPassword::new("n3w\nsecret-tail", "old").validate().unwrap_err();
        assert_eq!((err.field, err.rule.clone()), ("password", Rule::ControlCharacter));
        assert!(!err.to_string().contains("secret-tail") && !format!("{err:?}").contains("secret-tail"));
        assert_eq!(UpdateUserPassword::new("new", "").validate().unwrap_err().field, "old_password");
        // Read from JSON, as the C and Python callers give it; Debug of the read request hides both.
        let read: UpdateUserPassword =
            serde_json::from_str(r#"{"password":"n3w-Pa55!","old_password":"0ld-Pa55!"}"#).unwrap();
        assert_eq!(read, op);
        assert!(!format!("{read:?}").contains("Pa55"));
        // A request the JSON surface refuses names the field, never the password.
        let err = crate::surface::request_from_json::<UpdateUserPassword>(
            "UpdateUserPassword",
            br#"{"password":"n3w-Pa55!","old_password":7}"#,
        )
        .unwrap_err();
        assert!(!err.to_string().contains("Pa55") && !format!("{err:?}").contains("Pa55"), "{err}");
        let answer: PasswordChanged = decode(200, br#"{"user_id":"u-1"}"#).unwrap();
        assert_eq!(answer.user_id.as_deref(), Some("u-1"));
    }

    #[test]
    fn list_users_pages_by_page_number() {
        assert_eq!(ListUsers::PAGE_FIELD, Some("offset"));
        let answer = |total: &str, users: usize| -> UserList {
            let users = vec![r#"{"user_id":"u"}"#; users].join(",");
            decode(200, format!(r#"{{"total":{total},"users":[{users}]}}"#).as_bytes()).unwrap()
        };
        let first = ListUsers::new(0, 10).org_id("org").user_info("al");
        // 25 users, 10 a page: pages 0, 1 and 2.
        let second = first.next_page(&answer("25", 10)).unwrap();
        assert_eq!(second, ListUsers::new(1, 10).org_id("org").user_info("al"));
        assert_eq!(first.next_page_position(&answer("25", 10)), Some(serde_json::json!(1)));
        let third = second.next_page(&answer("25", 10)).unwrap();
        assert_eq!(third.offset, 2);
        assert_eq!(third.next_page(&answer("25", 5)), None, "users 20 to 24 are the last");
        assert_eq!(third.next_page_position(&answer("25", 5)), None);
        // Exactly full: 20 users end after page 1.
        assert_eq!(second.next_page(&answer("20", 10)), None);
        // An empty page, or no total, never moves on.
        assert_eq!(first.next_page(&answer("25", 0)), None);
        assert_eq!(first.next_page(&answer("null", 10)), None);
    }
}
