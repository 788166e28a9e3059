//! The JSON of CSMS's answer models (`Secret`, `VersionMetadata`, `Stage`, `PageInfo`) and the
//! paging of lists by marker.

use serde_json::{Value, json};

use super::route::Query;
use super::state::{HwError, HwSecret, Version};
use crate::exchange::object_without_nulls;

/// The page size when `limit` is absent.
const DEFAULT_LIMIT: usize = 50;
/// The largest `limit`.
pub(crate) const MAX_LIMIT: usize = 1000;

/// The `Secret` model (absent fields left out).
pub(crate) fn secret_json(s: &HwSecret) -> Value {
    object_without_nulls([
        ("id", json!(s.id)),
        ("name", json!(s.name)),
        ("state", json!(s.state.as_str())),
        ("kms_key_id", json!(s.kms_key_id)),
        ("description", json!(s.description)),
        ("create_time", json!(s.create_time)),
        ("update_time", json!(s.update_time)),
        ("scheduled_delete_time", json!(s.scheduled_delete_time)),
        ("secret_type", json!(s.secret_type)),
        ("auto_rotation", json!(s.auto_rotation)),
        ("rotation_period", json!(s.rotation_period)),
        ("rotation_config", json!(s.rotation_config)),
        ("rotation_time", json!(s.rotation_time)),
        ("next_rotation_time", json!(s.next_rotation_time)),
        ("event_subscriptions", json!(s.event_subscriptions)),
        ("enterprise_project_id", json!(s.enterprise_project_id)),
        ("rotation_func_urn", json!(s.rotation_func_urn)),
    ])
}

/// `{"secret": Secret}`.
pub(crate) fn secret_answer(s: &HwSecret) -> Value {
    json!({ "secret": secret_json(s) })
}

/// The `VersionMetadata` model.
pub(crate) fn version_metadata(s: &HwSecret, v: &Version) -> Value {
    object_without_nulls([
        ("id", json!(v.id)),
        ("create_time", json!(v.create_time)),
        ("expire_time", json!(v.expire_time)),
        ("kms_key_id", json!(v.kms_key_id)),
        ("secret_name", json!(s.name)),
        ("version_stages", json!(v.stages)),
    ])
}

/// `{"stage": Stage}` for `stage`, which must point at a version.
pub(crate) fn stage_answer(s: &HwSecret, stage: &str) -> Result<Value, HwError> {
    let version =
        s.version_at(stage).ok_or_else(|| HwError::not_found(format!("stage {stage} does not exist")))?;
    Ok(json!({"stage": {
        "name": stage,
        "update_time": s.stage_time(stage),
        "secret_name": s.name,
        "version_id": version.id,
    }}))
}

/// `limit` (1 to [`MAX_LIMIT`], default 50) and `marker` of a list.
pub(crate) fn paging(query: &Query<'_>) -> Result<(usize, Option<String>), HwError> {
    let limit = match query.get("limit") {
        None => DEFAULT_LIMIT,
        Some(text) => text
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|l| (1..=MAX_LIMIT).contains(l))
            .ok_or_else(|| HwError::invalid(format!("limit must be between 1 and {MAX_LIMIT}")))?,
    };
    Ok((limit, query.non_empty("marker")))
}

/// The page after `marker`: (start, end, next marker).
pub(crate) fn page(
    keys: &[&str],
    limit: usize,
    marker: Option<&str>,
) -> Result<(usize, usize, Option<String>), HwError> {
    let start = match marker {
        None => 0,
        Some(marker) => {
            keys.iter()
                .position(|k| *k == marker)
                .ok_or_else(|| HwError::invalid(format!("unknown marker {marker}")))?
                + 1
        }
    };
    let end = start.saturating_add(limit).min(keys.len());
    let next = (end < keys.len() && end > start).then(|| keys[end - 1].to_owned());
    Ok((start, end, next))
}

/// The `PageInfo` model.
pub(crate) fn page_info(next: Option<String>, previous: Option<String>, count: usize) -> Value {
    json!({"next_marker": next, "previous_marker": previous, "current_count": count})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_walks_by_marker() {
        let keys = ["a", "b", "c", "d", "e"];
        assert_eq!(page(&keys, 2, None).unwrap(), (0, 2, Some("b".into())));
        assert_eq!(page(&keys, 2, Some("b")).unwrap(), (2, 4, Some("d".into())));
        assert_eq!(page(&keys, 2, Some("d")).unwrap(), (4, 5, None));
        assert_eq!(page(&keys, 2, Some("e")).unwrap(), (5, 5, None));
        assert!(page(&keys, 2, Some("zz")).is_err());
    }

    #[test]
    fn limit_goes_up_to_1000() {
        assert_eq!(paging(&Query("")).unwrap(), (50, None));
        assert_eq!(paging(&Query("limit=1000&marker=m")).unwrap(), (1000, Some("m".into())));
        for bad in ["limit=0", "limit=1001", "limit=x", "limit=-1"] {
            assert_eq!(paging(&Query(bad)).unwrap_err().code, "CSMS.0002", "{bad}");
        }
    }
}
