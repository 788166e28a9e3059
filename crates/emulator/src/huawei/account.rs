//! The Huawei CSMS operations outside `/v1/{project_id}`: service agencies (Create/Show Agency),
//! rotation function templates, and the account's users (List Users, Show User Detail, Update
//! User Password).
//!
//! The account has three seeded users in two organisations; the caller is the first,
//! [`CALLER_USER_ID`], whose password starts as [`INITIAL_PASSWORD`]. Passwords are kept only
//! as SHA-256 digests and never appear in an answer, an error or `Debug` output.

use std::fmt;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::grants::Directory;
use super::route::{HwOp, HwRoute, Query};
use super::state::HwError;
use super::store::HuaweiStore;
use crate::json_body::JsonBody;
use crate::random;

/// The user id of the caller (the account's administrator).
pub(crate) const CALLER_USER_ID: &str = "20240101000000001-0A01-E00000001";
/// The caller's password until changed (an emulator test credential).
pub(crate) const INITIAL_PASSWORD: &str = "Emulator-Passw0rd";
/// The account (domain) id.
pub(crate) const DOMAIN_ID: &str = "0e4d1c6f8a2b4c9d8e7f6a5b4c3d2e1f";
const ORG_A: &str = "20240101000000000-0F01-ORG00000A";
const ORG_B: &str = "20240101000000000-0F02-ORG00000B";
/// When the seeded users were created.
const SEEDED_AT: &str = "2024-01-01 00:00:00.000";
const SECRET_TYPES: [&str; 2] = ["RDS-FG", "GaussDB-FG"];

/// The account handler: Create/Show Agency, Show Secret Function Templates, List Users, Show
/// User Detail, Update User Password.
pub(crate) fn handle(
    store: &mut HuaweiStore,
    route: &HwRoute,
    query: &Query<'_>,
    body: &[u8],
) -> Result<Value, HwError> {
    let now = store.now();
    let HuaweiStore { groups, rng, .. } = store;
    let account = groups.get::<Account>();
    let parse = || JsonBody::parse(body).map_err(HwError::body);
    let q = |name: &str| query.get(name);
    match &route.op {
        HwOp::CreateAgency => account.create_agency(rng, &parse()?),
        HwOp::ShowAgency => account.show_agency(q("secret_type").as_deref()),
        HwOp::ShowSecretFunctionTemplates => function_templates(
            q("secret_type").as_deref(),
            q("secret_sub_type").as_deref(),
            q("engine").as_deref(),
        ),
        HwOp::ListUsers => account.list_users(
            q("org_id").as_deref(),
            q("offset").as_deref(),
            q("limit").as_deref(),
            q("user_info").as_deref(),
        ),
        HwOp::ShowUserDetail { user_id } => account.show_user(user_id),
        HwOp::UpdateUserPassword => account.change_password(&parse()?, now),
        other => Err(HwError::invalid(format!("{} is not an account operation", other.name()))),
    }
}

/// One user of the account.
#[derive(Clone)]
pub(crate) struct HwUser {
    pub(crate) user_id: String,
    pub(crate) org_id: String,
    pub(crate) user_name: String,
    pub(crate) name: String,
    pub(crate) mobile: String,
    pub(crate) email: String,
    pub(crate) pwd_must_modify: bool,
    pub(crate) pwd_change_at: String,
    pub(crate) updated_at: String,
    /// The organisations the user belongs to, with the relation type.
    pub(crate) orgs: Vec<(String, String)>,
    password_digest: [u8; 32],
}

impl fmt::Debug for HwUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HwUser")
            .field("user_id", &self.user_id)
            .field("user_name", &self.user_name)
            .finish_non_exhaustive()
    }
}

/// The users and the service agencies of the account.
#[derive(Debug, Clone)]
pub(crate) struct Account {
    users: Vec<HwUser>,
    /// (agency name, agency id), in creation order.
    agencies: Vec<(String, String)>,
}

fn digest(password: &str) -> [u8; 32] {
    Sha256::digest(password.as_bytes()).into()
}

fn user(id: &str, org: &str, user_name: &str, name: &str, n: u32) -> HwUser {
    HwUser {
        user_id: id.to_owned(),
        org_id: org.to_owned(),
        user_name: user_name.to_owned(),
        name: name.to_owned(),
        mobile: format!("1380000000{n}"),
        email: format!("{user_name}@example.com"),
        pwd_must_modify: true,
        pwd_change_at: SEEDED_AT.to_owned(),
        updated_at: SEEDED_AT.to_owned(),
        orgs: vec![(org.to_owned(), "1".to_owned())],
        password_digest: digest(INITIAL_PASSWORD),
    }
}

impl Default for Account {
    fn default() -> Self {
        let mut bob = user("20240101000000003-0A03-E00000003", ORG_B, "bob", "Bob", 3);
        bob.orgs.push((ORG_A.to_owned(), "0".to_owned()));
        Self {
            users: vec![
                user(CALLER_USER_ID, ORG_A, "emulator-admin", "Emulator Admin", 1),
                user("20240101000000002-0A02-E00000002", ORG_A, "alice", "Alice", 2),
                bob,
            ],
            agencies: Vec::new(),
        }
    }
}

impl Directory for Account {
    fn user_name(&self, id: &str) -> Option<&str> {
        self.users.iter().find(|u| u.user_id == id).map(|u| u.user_name.as_str())
    }

    fn has_group(&self, id: &str) -> bool {
        self.users.iter().any(|u| u.orgs.iter().any(|(org, _)| org == id))
    }
}

/// `YYYY-MM-DD HH:MM:SS.mmm` (UTC) of epoch milliseconds (Howard Hinnant's civil_from_days).
fn timestamp(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let of_day = ms.rem_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{:03}",
        of_day / 3_600_000,
        of_day / 60_000 % 60,
        of_day / 1000 % 60,
        of_day % 1000
    )
}

/// `secret_type`: required, `RDS-FG` or `GaussDB-FG`.
fn secret_type(value: Option<&str>) -> Result<&str, HwError> {
    value
        .filter(|t| SECRET_TYPES.contains(t))
        .ok_or_else(|| HwError::invalid("secret_type must be RDS-FG or GaussDB-FG"))
}

/// The agencies a secret type's rotation needs: CSMS calling FunctionGraph, FunctionGraph
/// reaching the database.
fn agency_names(secret_type: &str) -> [&'static str; 2] {
    if secret_type == "RDS-FG" {
        ["csms_function_agency", "fgs_csms_rds_agency"]
    } else {
        ["csms_function_agency", "fgs_csms_gaussdb_agency"]
    }
}

/// A query number: digits only, within `range`.
fn query_number(
    value: Option<&str>,
    name: &str,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, HwError> {
    let invalid = || HwError::invalid(format!("{name} is required, {} to {}", range.start(), range.end()));
    let text = value.ok_or_else(invalid)?;
    let n: usize =
        text.bytes().all(|b| b.is_ascii_digit()).then(|| text.parse().ok()).flatten().ok_or_else(invalid)?;
    if range.contains(&n) { Ok(n) } else { Err(invalid()) }
}

/// The password rule: 8 to 32 characters with at least three of upper-case letters,
/// lower-case letters, digits and other characters, and not the user name.
fn check_password(password: &str, user_name: &str) -> Result<(), HwError> {
    let classes = [
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    let long_enough = (8..=32).contains(&password.chars().count());
    if !long_enough || classes.iter().filter(|c| **c).count() < 3 || password.contains(user_name) {
        return Err(HwError::invalid(
            "password must be 8 to 32 characters, with three of upper-case, lower-case, digits and other characters, and not contain the user name",
        ));
    }
    Ok(())
}

impl Account {
    fn find(&self, id: &str) -> Result<&HwUser, HwError> {
        self.users
            .iter()
            .find(|u| u.user_id == id)
            .ok_or_else(|| HwError::not_found(format!("user {id} does not exist")))
    }

    /// Create Agency: `{"secret_type"}`; creates the agencies that type's rotation needs (an
    /// agency already there is answered as it is).
    pub(crate) fn create_agency(
        &mut self,
        rng: &mut fastrand::Rng,
        body: &JsonBody,
    ) -> Result<Value, HwError> {
        let kind = secret_type(body.string("secret_type").map_err(HwError::invalid)?)?;
        let mut out = Vec::new();
        for name in agency_names(kind) {
            let id = match self.agencies.iter().find(|(n, _)| n == name) {
                Some((_, id)) => id.clone(),
                None => {
                    let id = random::hex(rng, 32);
                    self.agencies.push((name.to_owned(), id.clone()));
                    id
                }
            };
            out.push(json!({"agency_name": name, "agency_id": id}));
        }
        Ok(json!({ "agencies": out }))
    }

    /// Show Agency: `{"agency_granted":"true"|"false"}`, whether every agency of the type exists.
    pub(crate) fn show_agency(&self, secret_type_param: Option<&str>) -> Result<Value, HwError> {
        let kind = secret_type(secret_type_param)?;
        let granted = agency_names(kind).iter().all(|name| self.agencies.iter().any(|(n, _)| n == name));
        Ok(json!({ "agency_granted": granted.to_string() }))
    }

    /// List Users: page `offset` (from 0) of `limit` (10 to 100) users, optionally of one
    /// organisation and whose user name contains `user_info` (case-insensitive).
    pub(crate) fn list_users(
        &self,
        org_id: Option<&str>,
        offset: Option<&str>,
        limit: Option<&str>,
        user_info: Option<&str>,
    ) -> Result<Value, HwError> {
        let offset = query_number(offset, "offset", 0..=usize::MAX / 1000)?;
        let limit = query_number(limit, "limit", 10..=100)?;
        let user_info = user_info.filter(|u| !u.is_empty()).map(str::to_lowercase);
        if user_info.as_ref().is_some_and(|u| u.chars().count() > 64) {
            return Err(HwError::invalid("user_info must be at most 64 characters"));
        }
        let org = org_id.filter(|o| !o.is_empty());
        let matching: Vec<&HwUser> = self
            .users
            .iter()
            .filter(|u| org.is_none_or(|o| u.orgs.iter().any(|(id, _)| id == o)))
            .filter(|u| user_info.as_ref().is_none_or(|i| u.user_name.to_lowercase().contains(i.as_str())))
            .collect();
        let users: Vec<Value> =
            matching.iter().skip(offset * limit).take(limit).map(|u| list_entry(u)).collect();
        Ok(json!({"total": matching.len(), "users": users}))
    }

    /// Show User Detail.
    pub(crate) fn show_user(&self, user_id: &str) -> Result<Value, HwError> {
        let u = self.find(user_id)?;
        Ok(json!({
            "user_id": u.user_id, "org_id": u.org_id, "user_name": u.user_name, "name": u.name,
            "mobile": u.mobile, "email": u.email, "pwd_must_modify": u.pwd_must_modify,
            "pwd_change_at": u.pwd_change_at, "created_at": SEEDED_AT, "updated_at": u.updated_at,
            "disabled": false, "grade": 1, "locked": "false", "extension": {},
            "user_org_relation_list": relations(u), "domain_id": DOMAIN_ID,
        }))
    }

    /// Update User Password: `{"password","old_password"}` for the caller; the old one must be
    /// right and the new one follow the rule and differ from it.
    pub(crate) fn change_password(&mut self, body: &JsonBody, now: i64) -> Result<Value, HwError> {
        let password = body.required_string("password").map_err(HwError::invalid)?;
        let old = body.required_string("old_password").map_err(HwError::invalid)?;
        let caller = self
            .users
            .iter_mut()
            .find(|u| u.user_id == CALLER_USER_ID)
            .ok_or_else(|| HwError::not_found("the caller has no user"))?;
        if !bool::from(subtle::ConstantTimeEq::ct_eq(&digest(old)[..], &caller.password_digest[..])) {
            return Err(HwError::invalid("old_password is not the user's password"));
        }
        if password == old {
            return Err(HwError::invalid("the new password must differ from the old one"));
        }
        check_password(password, &caller.user_name)?;
        caller.password_digest = digest(password);
        caller.pwd_must_modify = false;
        caller.pwd_change_at = timestamp(now);
        caller.updated_at = caller.pwd_change_at.clone();
        Ok(json!({ "user_id": caller.user_id }))
    }
}

fn relations(u: &HwUser) -> Vec<Value> {
    u.orgs.iter().map(|(org, relation)| json!({"org_id": org, "relation_type": relation})).collect()
}

/// A user as List Users sends it: its model types every scalar but `pwd_must_modify` as text.
fn list_entry(u: &HwUser) -> Value {
    json!({
        "user_id": u.user_id, "org_id": u.org_id, "user_name": u.user_name, "name": u.name,
        "mobile": u.mobile, "email": u.email, "pwd_must_modify": u.pwd_must_modify,
        "pwd_change_at": u.pwd_change_at, "created_at": SEEDED_AT, "updated_at": u.updated_at,
        "disabled": "false", "grade": "1", "locked": "false", "extension": "{}",
        "user_org_relation_list": relations(u),
    })
}

/// Show Secret Function Templates: `secret_type` and `secret_sub_type` (SingleUser or
/// MultiUser) required; `engine` (mysql, postgresql, sqlserver) required for RDS-FG and refused
/// for the other types. The answer names the template.
pub(crate) fn function_templates(
    secret_type_param: Option<&str>,
    sub_type: Option<&str>,
    engine: Option<&str>,
) -> Result<Value, HwError> {
    let kind = secret_type(secret_type_param)?;
    let sub = sub_type
        .filter(|s| matches!(*s, "SingleUser" | "MultiUser"))
        .ok_or_else(|| HwError::invalid("secret_sub_type must be SingleUser or MultiUser"))?;
    let engine = engine.filter(|e| !e.is_empty());
    let template = match (kind, engine) {
        ("RDS-FG", Some(e @ ("mysql" | "postgresql" | "sqlserver"))) => {
            format!("csms-rotation-rds-{e}-{sub}")
        }
        ("RDS-FG", _) => {
            return Err(HwError::invalid("engine must be mysql, postgresql or sqlserver for RDS-FG"));
        }
        (_, Some(_)) => return Err(HwError::invalid(format!("engine is not supported for {kind}"))),
        (_, None) => format!("csms-rotation-gaussdb-{sub}"),
    };
    Ok(json!({ "function_templates": template.to_lowercase() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_with_milliseconds() {
        assert_eq!(timestamp(0), "1970-01-01 00:00:00.000");
        assert_eq!(timestamp(1_709_210_096_789), "2024-02-29 12:34:56.789");
    }

    #[test]
    fn passwords_change_only_with_the_old_one_and_are_never_echoed() {
        let mut account = Account::default();
        let body = |new: &str, old: &str| {
            JsonBody::parse(json!({"password": new, "old_password": old}).to_string().as_bytes()).unwrap()
        };
        let wrong = account.change_password(&body("N3w-Secret!", "not-it"), 5).unwrap_err();
        assert!(!wrong.message.contains("not-it") && !wrong.message.contains("N3w-Secret!"));
        for weak in ["short1A", "alllowercaseletters", "emulator-admin-X1"] {
            let err = account.change_password(&body(weak, INITIAL_PASSWORD), 5).unwrap_err();
            assert!(!err.message.contains(weak), "{weak}");
        }
        assert_eq!(
            account.change_password(&body("N3w-Secret!", INITIAL_PASSWORD), 5).unwrap()["user_id"],
            CALLER_USER_ID
        );
        assert!(account.change_password(&body("Other-Secr3t", INITIAL_PASSWORD), 6).is_err());
        assert!(account.change_password(&body("Other-Secr3t", "N3w-Secret!"), 6).is_ok());
        assert!(!format!("{account:?}").contains("Secr"));
    }

    #[test]
    fn users_page_and_filter() {
        let account = Account::default();
        let all = account.list_users(None, Some("0"), Some("10"), None).unwrap();
        assert_eq!(all["total"], 3);
        let of_a = account.list_users(Some(ORG_A), Some("0"), Some("10"), None).unwrap();
        assert_eq!(of_a["total"], 3, "bob belongs to A too");
        let of_b = account.list_users(Some(ORG_B), Some("0"), Some("10"), Some("BO")).unwrap();
        assert_eq!(of_b["users"][0]["user_name"], "bob");
        assert_eq!(account.list_users(None, Some("1"), Some("10"), None).unwrap()["users"], json!([]));
        for (offset, limit) in
            [(None, Some("10")), (Some("0"), Some("9")), (Some("0"), Some("101")), (Some("-1"), Some("10"))]
        {
            assert!(account.list_users(None, offset, limit, None).is_err());
        }
    }

    #[test]
    fn templates_need_the_documented_combinations() {
        assert_eq!(
            function_templates(Some("RDS-FG"), Some("SingleUser"), Some("mysql")).unwrap()["function_templates"],
            "csms-rotation-rds-mysql-singleuser"
        );
        assert!(function_templates(Some("GaussDB-FG"), Some("MultiUser"), None).is_ok());
        assert!(function_templates(Some("RDS-FG"), Some("SingleUser"), None).is_err());
        assert!(function_templates(Some("GaussDB-FG"), Some("MultiUser"), Some("mysql")).is_err());
        assert!(function_templates(Some("COMMON"), Some("MultiUser"), None).is_err());
        assert!(function_templates(Some("RDS-FG"), Some("Both"), Some("mysql")).is_err());
    }
}
