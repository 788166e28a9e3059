//! Huawei CSMS grants: sharing a secret (or a group) with a user or a user group (Create Grants,
//! Update Grant, Delete Grant, List Grants).

use serde_json::{Value, json};

use super::account::Account;
use super::route::{HwOp, HwRoute, Query};
use super::state::{HwError, HwSecret};
use super::store::HuaweiStore;
use crate::json_body::JsonBody;
use crate::random;

/// The resource types a grant covers.
const RESOURCE_TYPES: [&str; 2] = ["SECRET", "GROUP"];
/// `grantee_type` of a user.
const GRANTEE_USER: &str = "0";
/// `grantee_type` of a user group (an organisation).
const GRANTEE_GROUP: &str = "2";
const MAX_ID_CHARS: usize = 64;
const DAY_MS: i64 = 86_400_000;

/// One grant of `resource_id` to `grantee`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HwGrant {
    pub(crate) uuid: String,
    pub(crate) resource_id: String,
    pub(crate) resource_type: String,
    pub(crate) grantee_type: String,
    pub(crate) grantee: String,
    pub(crate) create_time: i64,
    pub(crate) update_time: i64,
    /// When the grant ends (midnight UTC of the `validity_time` date), if it ends.
    pub(crate) validity_time: Option<i64>,
}

/// Every grant, in creation order.
#[derive(Debug, Default, Clone)]
pub(crate) struct Grants {
    grants: Vec<HwGrant>,
}

/// The grants handler: Create Grants, Update Grant, Delete Grant (no content: `null`, sent
/// as 204), List Grants. Grantees are the account's users and organisations.
pub(crate) fn handle(
    store: &mut HuaweiStore,
    route: &HwRoute,
    query: &Query<'_>,
    body: &[u8],
) -> Result<Value, HwError> {
    let now = store.now();
    let HuaweiStore { secrets, groups, rng, .. } = store;
    let directory = groups.get::<Account>().clone();
    let grants = groups.get::<Grants>();
    let parse = || JsonBody::parse(body).map_err(HwError::body);
    let resource_id = query.get("resource_id");
    match &route.op {
        HwOp::CreateGrants => grants.create(rng, &parse()?, secrets, &directory, now),
        HwOp::UpdateGrant => grants.update(resource_id.as_deref(), &parse()?, now),
        HwOp::DeleteGrant => {
            grants.delete(resource_id.as_deref(), query.get("grantee_user").as_deref()).map(|()| Value::Null)
        }
        HwOp::ListGrants => grants.list(resource_id.as_deref(), secrets, &directory),
        other => Err(HwError::invalid(format!("{} is not a grants operation", other.name()))),
    }
}

/// Who can be granted to: the names of the account's users and groups.
pub(crate) trait Directory {
    /// The name of user `id`, if the account has that user.
    fn user_name(&self, id: &str) -> Option<&str>;
    /// Whether the account has the organisation (user group) `id`.
    fn has_group(&self, id: &str) -> bool;
}

/// The checked body of Create Grants and Update Grant.
#[derive(Debug, Clone, PartialEq, Eq)]
struct GrantBody {
    resource_id: String,
    resource_type: String,
    grantee_type: String,
    grantee: String,
    validity_time: Option<i64>,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` (optionally followed by a `T` time, which is ignored) as epoch milliseconds.
fn parse_date(text: &str) -> Option<i64> {
    let date = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with('T')) {
        return None;
    }
    let b = date.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &str| s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse::<i64>().ok()).flatten();
    let (year, month, day) = (num(&date[..4])?, num(&date[5..7])?, num(&date[8..10])?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let max_day = *days_in_month.get(usize::try_from(month).ok()?.checked_sub(1)?)?;
    (1..=max_day).contains(&day).then(|| days_from_civil(year, month, day) * DAY_MS)
}

fn id_field(body: &JsonBody, name: &str) -> Result<String, HwError> {
    let value = body
        .string(name)
        .map_err(HwError::invalid)?
        .ok_or_else(|| HwError::invalid(format!("{name} is required")))?;
    if !(1..=MAX_ID_CHARS).contains(&value.chars().count()) {
        return Err(HwError::invalid(format!("{name} must be 1 to 64 characters")));
    }
    Ok(value.to_owned())
}

fn grant_body(body: &JsonBody, now: i64) -> Result<GrantBody, HwError> {
    let resource_id = id_field(body, "resource_id")?;
    let resource_type = id_field(body, "type")?;
    if !RESOURCE_TYPES.contains(&resource_type.as_str()) {
        return Err(HwError::invalid("type must be SECRET or GROUP"));
    }
    let grantee_type = id_field(body, "grantee_type")?;
    if grantee_type != GRANTEE_USER && grantee_type != GRANTEE_GROUP {
        return Err(HwError::invalid("grantee_type must be 0 (a user) or 2 (a group)"));
    }
    let grantee = id_field(body, "grantee_target_id")?;
    let validity_time = match body.string("validity_time").map_err(HwError::invalid)? {
        None => None,
        Some(text) => {
            let at = parse_date(text)
                .ok_or_else(|| HwError::invalid("validity_time must be a date YYYY-MM-DD"))?;
            if at <= now {
                return Err(HwError::invalid("validity_time must be in the future"));
            }
            Some(at)
        }
    };
    Ok(GrantBody { resource_id, resource_type, grantee_type, grantee, validity_time })
}

fn grant_data(g: &HwGrant) -> Value {
    json!({"data": {
        "uuid": g.uuid,
        "resourceId": g.resource_id,
        "type": g.resource_type,
        "granteeUser": g.grantee,
        "createTime": g.create_time,
        "updateTime": g.update_time,
        "validityTime": g.validity_time,
        "state": 0,
        "signature": "",
    }})
}

/// Checks that the resource and the grantee exist.
fn check_targets(body: &GrantBody, secrets: &[HwSecret], directory: &dyn Directory) -> Result<(), HwError> {
    if body.resource_type == "SECRET" && !secrets.iter().any(|s| s.id == body.resource_id) {
        return Err(HwError::not_found(format!("secret with id {} does not exist", body.resource_id)));
    }
    let known = if body.grantee_type == GRANTEE_USER {
        directory.user_name(&body.grantee).is_some()
    } else {
        directory.has_group(&body.grantee)
    };
    if known { Ok(()) } else { Err(HwError::not_found(format!("grantee {} does not exist", body.grantee))) }
}

/// `resource_id` of the query: required, 1 to 64 characters.
fn resource_param(resource_id: Option<&str>) -> Result<&str, HwError> {
    resource_id
        .filter(|r| (1..=MAX_ID_CHARS).contains(&r.chars().count()))
        .ok_or_else(|| HwError::invalid("resource_id is required (1 to 64 characters)"))
}

impl Grants {
    /// Create Grants: grants the resource to a user or group, once per grantee.
    pub(crate) fn create(
        &mut self,
        rng: &mut fastrand::Rng,
        body: &JsonBody,
        secrets: &[HwSecret],
        directory: &dyn Directory,
        now: i64,
    ) -> Result<Value, HwError> {
        let body = grant_body(body, now)?;
        check_targets(&body, secrets, directory)?;
        if self.grants.iter().any(|g| g.resource_id == body.resource_id && g.grantee == body.grantee) {
            return Err(HwError {
                status: 400,
                code: "CSMS.0003",
                message: format!(
                    "{} is already granted to {}; use UpdateGrant",
                    body.resource_id, body.grantee
                ),
            });
        }
        let grant = HwGrant {
            uuid: random::uuid(rng),
            resource_id: body.resource_id,
            resource_type: body.resource_type,
            grantee_type: body.grantee_type,
            grantee: body.grantee,
            create_time: now,
            update_time: now,
            validity_time: body.validity_time,
        };
        let answer = grant_data(&grant);
        self.grants.push(grant);
        Ok(answer)
    }

    /// Update Grant: `resource_id` in the query names the resource (and must match the body's);
    /// the grant to the body's grantee takes the body's validity time.
    pub(crate) fn update(
        &mut self,
        resource_id: Option<&str>,
        body: &JsonBody,
        now: i64,
    ) -> Result<Value, HwError> {
        let resource_id = resource_param(resource_id)?;
        let body = grant_body(body, now)?;
        if body.resource_id != resource_id {
            return Err(HwError::invalid("resource_id of the query and of the body differ"));
        }
        let grant = self
            .grants
            .iter_mut()
            .find(|g| g.resource_id == resource_id && g.grantee == body.grantee)
            .ok_or_else(|| HwError::not_found(format!("{resource_id} is not granted to {}", body.grantee)))?;
        grant.resource_type = body.resource_type;
        grant.grantee_type = body.grantee_type;
        grant.validity_time = body.validity_time;
        grant.update_time = now;
        Ok(grant_data(grant))
    }

    /// Delete Grant: the grant of `resource_id` to `grantee_user`, or every grant of the
    /// resource when no grantee is named.
    pub(crate) fn delete(
        &mut self,
        resource_id: Option<&str>,
        grantee_user: Option<&str>,
    ) -> Result<(), HwError> {
        let resource_id = resource_param(resource_id)?;
        let grantee = grantee_user.filter(|g| !g.is_empty());
        if grantee.is_some_and(|g| g.chars().count() > MAX_ID_CHARS) {
            return Err(HwError::invalid("grantee_user must be at most 64 characters"));
        }
        let before = self.grants.len();
        self.grants.retain(|g| !(g.resource_id == resource_id && grantee.is_none_or(|who| g.grantee == who)));
        if self.grants.len() == before {
            return Err(HwError::not_found(match grantee {
                Some(who) => format!("{resource_id} is not granted to {who}"),
                None => format!("{resource_id} has no grant"),
            }));
        }
        Ok(())
    }

    /// List Grants: the grantees of `resource_id` (a secret's id or a granted group).
    pub(crate) fn list(
        &self,
        resource_id: Option<&str>,
        secrets: &[HwSecret],
        directory: &dyn Directory,
    ) -> Result<Value, HwError> {
        let resource_id = resource_param(resource_id)?;
        let grants: Vec<&HwGrant> = self.grants.iter().filter(|g| g.resource_id == resource_id).collect();
        let secret = secrets.iter().find(|s| s.id == resource_id);
        let Some(first) = grants.first().copied() else {
            let secret = secret.ok_or_else(|| HwError::not_found(format!("{resource_id} does not exist")))?;
            return Ok(json!({"data": {
                "id": resource_id, "name": secret.name, "type": "SECRET", "grantee_user": [],
                "create_time": secret.create_time, "update_time": secret.update_time,
            }}));
        };
        let users: Vec<Value> = grants
            .iter()
            .map(|g| {
                let name = directory.user_name(&g.grantee).unwrap_or(&g.grantee);
                json!({"user_id": g.grantee, "user_name": name, "create_time": g.create_time, "validity_time": g.validity_time})
            })
            .collect();
        Ok(json!({"data": {
            "id": resource_id,
            "name": secret.map_or(resource_id, |s| s.name.as_str()),
            "type": first.resource_type,
            "grantee_user": users,
            "create_time": first.create_time,
            "update_time": grants.iter().map(|g| g.update_time).max().unwrap_or(first.update_time),
        }}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_to_utc_midnight() {
        assert_eq!(parse_date("1970-01-02"), Some(DAY_MS));
        assert_eq!(parse_date("2000-03-01"), Some(951_868_800_000));
        assert_eq!(parse_date("2024-02-29T10:00:00"), Some(1_709_164_800_000));
        for bad in ["2023-02-29", "2024-13-01", "2024-1-01", "20240101", "2024-01-01x", "", "2024-00-10"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn bodies_are_checked() {
        let body = |text: &str| JsonBody::parse(text.as_bytes()).unwrap();
        let ok = r#"{"resource_id":"r","type":"SECRET","grantee_type":"0","grantee_target_id":"u","validity_time":"2100-01-01"}"#;
        assert_eq!(grant_body(&body(ok), 0).unwrap().validity_time, parse_date("2100-01-01"));
        for bad in [
            r#"{"type":"SECRET","grantee_type":"0","grantee_target_id":"u"}"#,
            r#"{"resource_id":"r","type":"KEY","grantee_type":"0","grantee_target_id":"u"}"#,
            r#"{"resource_id":"r","type":"SECRET","grantee_type":"1","grantee_target_id":"u"}"#,
            r#"{"resource_id":"r","type":"SECRET","grantee_type":"0"}"#,
            r#"{"resource_id":"r","type":"SECRET","grantee_type":"0","grantee_target_id":"u","validity_time":"1999-01-01"}"#,
            r#"{"resource_id":"r","type":"SECRET","grantee_type":"0","grantee_target_id":"u","validity_time":"soon"}"#,
        ] {
            assert_eq!(grant_body(&body(bad), 1_700_000_000_000).unwrap_err().code, "CSMS.0002", "{bad}");
        }
    }
}
