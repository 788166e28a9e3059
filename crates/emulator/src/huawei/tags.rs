//! Huawei CSMS secret tags: Create/Delete/List Secret Tag(s), Batch Create Or Delete Tags, List
//! Project Secrets Tags and List Resource Instances (secrets filtered by tags and name).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::answers::secret_json;
use super::route::{HwOp, HwRoute, Query};
use super::state::{HwError, HwSecret};
use super::store::HuaweiStore;
use crate::json_body::JsonBody;

/// Tags one secret can carry.
pub(crate) const MAX_TAGS: usize = 20;
const MAX_KEY_CHARS: usize = 128;
const MAX_VALUE_CHARS: usize = 255;
/// Tag filters (and values per filter, and name matches) of List Resource Instances.
const MAX_FILTERS: usize = 10;
const DEFAULT_LIMIT: usize = 10;
const MAX_LIMIT: usize = 1000;
/// The only path word List Resource Instances accepts.
pub(crate) const RESOURCE_INSTANCES: &str = "resource_instances";

/// The tags of every secret, by secret id, in the order they were first set.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tags {
    by_secret: BTreeMap<String, Vec<(String, String)>>,
}

impl Tags {
    /// The tags of secret `id`.
    pub(crate) fn of(&self, id: &str) -> &[(String, String)] {
        self.by_secret.get(id).map_or(&[], Vec::as_slice)
    }

    /// Sets `tags` on secret `id` (a key already there takes the new value), all or nothing.
    fn set(&mut self, id: &str, tags: Vec<(String, String)>) -> Result<(), HwError> {
        let mut merged = self.of(id).to_vec();
        for (key, value) in tags {
            match merged.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => merged.push((key, value)),
            }
        }
        if merged.len() > MAX_TAGS {
            return Err(conflict(format!("a secret carries at most {MAX_TAGS} tags")));
        }
        self.by_secret.insert(id.to_owned(), merged);
        Ok(())
    }
}

/// The tags handler: Create/Delete/List Secret Tag(s), Batch Create Or Delete Tags, List
/// Project Secrets Tags, List Resource Instances. The changes answer no content (`null`, sent
/// as 204).
pub(crate) fn handle(
    store: &mut HuaweiStore,
    route: &HwRoute,
    _query: &Query<'_>,
    body: &[u8],
) -> Result<Value, HwError> {
    let HuaweiStore { secrets, groups, .. } = store;
    let tags = groups.get::<Tags>();
    let parse = || JsonBody::parse(body).map_err(HwError::body);
    match &route.op {
        HwOp::CreateSecretTag { secret_id } => {
            create(tags, secret_by_id(secrets, secret_id)?, &parse()?).map(|()| Value::Null)
        }
        HwOp::BatchCreateOrDeleteTags { secret_id } => {
            batch(tags, secret_by_id(secrets, secret_id)?, &parse()?).map(|()| Value::Null)
        }
        HwOp::DeleteSecretTag { secret_id, key } => {
            delete(tags, secret_by_id(secrets, secret_id)?, key).map(|()| Value::Null)
        }
        HwOp::ListSecretTags { secret_id } => Ok(list(tags, secret_by_id(secrets, secret_id)?)),
        HwOp::ListProjectSecretsTags => Ok(project_tags(tags, secrets)),
        HwOp::ListResourceInstances { resource_instances } => {
            resource_instances_answer(tags, secrets, resource_instances, &parse()?, secret_json)
        }
        other => Err(HwError::invalid(format!("{} is not a tags operation", other.name()))),
    }
}

/// 400 `CSMS.0003`: a request the state refuses.
fn conflict(message: impl Into<String>) -> HwError {
    HwError { status: 400, code: "CSMS.0003", message: message.into() }
}

/// The secret whose id is `id`.
pub(crate) fn secret_by_id<'a>(secrets: &'a [HwSecret], id: &str) -> Result<&'a HwSecret, HwError> {
    secrets
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| HwError::not_found(format!("secret with id {id} does not exist")))
}

/// Unicode separators (`\p{Z}`).
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

fn tag_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric() || is_separator(c) || "_.:=+-@".contains(c)
}

/// A key: 1 to 128 letters, digits, separators and `_.:=+-@`, not starting with `_sys_` nor
/// starting or ending with a separator.
pub(crate) fn check_key(key: &str) -> Result<(), HwError> {
    let count = key.chars().count();
    let edges_ok = !key.starts_with(is_separator) && !key.ends_with(is_separator);
    if (1..=MAX_KEY_CHARS).contains(&count)
        && key.chars().all(tag_char)
        && edges_ok
        && !key.starts_with("_sys_")
    {
        Ok(())
    } else {
        Err(HwError::invalid(
            "tag key must be 1 to 128 letters, digits, spaces or _.:=+-@, not start with _sys_ nor start or end with a space",
        ))
    }
}

/// A value: at most 255 letters, digits, separators and `_.:/=+-@`.
pub(crate) fn check_value(value: &str) -> Result<(), HwError> {
    if value.chars().count() <= MAX_VALUE_CHARS && value.chars().all(|c| tag_char(c) || c == '/') {
        Ok(())
    } else {
        Err(HwError::invalid("tag value must be at most 255 letters, digits, spaces or _.:/=+-@"))
    }
}

fn object<'a>(value: &'a Value, what: &str) -> Result<&'a Map<String, Value>, HwError> {
    value.as_object().ok_or_else(|| HwError::invalid(format!("{what} must be an object")))
}

fn optional_str<'a>(map: &'a Map<String, Value>, field: &str) -> Result<Option<&'a str>, HwError> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(HwError::invalid(format!("{field} must be a string"))),
    }
}

fn array<'a>(body: &'a JsonBody, field: &str) -> Result<Option<&'a Vec<Value>>, HwError> {
    match body.get(field) {
        None => Ok(None),
        Some(Value::Array(items)) => Ok(Some(items)),
        Some(_) => Err(HwError::invalid(format!("{field} must be an array"))),
    }
}

/// A `TagItem` `{key, value?}`, checked; the value is `None` when absent.
fn tag_item(value: &Value) -> Result<(String, Option<String>), HwError> {
    let map = object(value, "tag")?;
    let key = optional_str(map, "key")?.ok_or_else(|| HwError::invalid("tag key is required"))?;
    check_key(key)?;
    let value = optional_str(map, "value")?;
    if let Some(value) = value {
        check_value(value)?;
    }
    Ok((key.to_owned(), value.map(str::to_owned)))
}

/// Create Secret Tag: `{"tag":{"key","value"}}`; a key already there takes the new value.
pub(crate) fn create(tags: &mut Tags, secret: &HwSecret, body: &JsonBody) -> Result<(), HwError> {
    let tag = body.get("tag").ok_or_else(|| HwError::invalid("tag is required"))?;
    let (key, value) = tag_item(tag)?;
    tags.set(&secret.id, vec![(key, value.unwrap_or_default())])
}

/// Batch Create Or Delete Tags: `{"action":"create"|"delete","tags":[1 to 20 TagItem],"sequence"?}`.
/// Deleting a tag that is not there is no error; a delete naming a value removes the key only
/// when it carries that value.
pub(crate) fn batch(tags: &mut Tags, secret: &HwSecret, body: &JsonBody) -> Result<(), HwError> {
    let action = body.string("action").map_err(HwError::invalid)?;
    let items = array(body, "tags")?.ok_or_else(|| HwError::invalid("tags is required"))?;
    if items.is_empty() || items.len() > MAX_TAGS {
        return Err(HwError::invalid(format!("tags must hold 1 to {MAX_TAGS} tags")));
    }
    check_sequence(body)?;
    let items = items.iter().map(tag_item).collect::<Result<Vec<_>, _>>()?;
    let mut keys: Vec<&str> = items.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    if keys.windows(2).any(|w| w[0] == w[1]) {
        return Err(HwError::invalid("tags must not repeat a key"));
    }
    match action {
        Some("create") => {
            tags.set(&secret.id, items.into_iter().map(|(k, v)| (k, v.unwrap_or_default())).collect())
        }
        Some("delete") => {
            if let Some(current) = tags.by_secret.get_mut(&secret.id) {
                current.retain(|(key, value)| {
                    !items.iter().any(|(k, v)| k == key && v.as_ref().is_none_or(|v| v == value))
                });
            }
            Ok(())
        }
        _ => Err(HwError::invalid("action must be create or delete")),
    }
}

/// `sequence`, when given: at most 36 characters.
fn check_sequence(body: &JsonBody) -> Result<(), HwError> {
    let sequence = body.string("sequence").map_err(HwError::invalid)?;
    if sequence.is_some_and(|s| s.chars().count() > 36) {
        return Err(HwError::invalid("sequence must be at most 36 characters"));
    }
    Ok(())
}

/// Delete Secret Tag: the key must be there.
pub(crate) fn delete(tags: &mut Tags, secret: &HwSecret, key: &str) -> Result<(), HwError> {
    let current = tags.by_secret.get_mut(&secret.id);
    match current.and_then(|c| c.iter().position(|(k, _)| k == key).map(|at| (c, at))) {
        Some((current, at)) => {
            current.remove(at);
            Ok(())
        }
        None => Err(HwError::not_found(format!("secret {} has no tag {key}", secret.name))),
    }
}

fn tag_items(tags: &[(String, String)]) -> Value {
    Value::Array(tags.iter().map(|(key, value)| json!({"key": key, "value": value})).collect())
}

/// List Secret Tags: `{"tags":[{key,value}],"sys_tags":[]}`.
pub(crate) fn list(tags: &Tags, secret: &HwSecret) -> Value {
    json!({"tags": tag_items(tags.of(&secret.id)), "sys_tags": []})
}

/// List Project Secrets Tags: every key used on a secret with its distinct values, by key.
pub(crate) fn project_tags(tags: &Tags, secrets: &[HwSecret]) -> Value {
    let mut keys: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for secret in secrets {
        for (key, value) in tags.of(&secret.id) {
            let values = keys.entry(key).or_default();
            if !values.contains(&value.as_str()) {
                values.push(value);
            }
        }
    }
    let list: Vec<Value> =
        keys.into_iter().map(|(key, values)| json!({"key": key, "values": values})).collect();
    json!({ "tags": list })
}

/// One tag filter: the key, and the values of which one must match (none: any value).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Filter {
    key: String,
    values: Vec<String>,
}

fn filters(body: &JsonBody) -> Result<Vec<Filter>, HwError> {
    let Some(items) = array(body, "tags")? else { return Ok(Vec::new()) };
    if items.len() > MAX_FILTERS {
        return Err(HwError::invalid(format!("tags must hold at most {MAX_FILTERS} filters")));
    }
    let mut out: Vec<Filter> = Vec::new();
    for item in items {
        let map = object(item, "tags entry")?;
        let key = optional_str(map, "key")?.ok_or_else(|| HwError::invalid("tags entries need a key"))?;
        if !(1..=MAX_KEY_CHARS).contains(&key.chars().count()) {
            return Err(HwError::invalid("tag key must be 1 to 128 characters"));
        }
        let values: Vec<String> = match map.get("values") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(values)) => values
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| HwError::invalid("tag values must be strings"))?,
            Some(_) => return Err(HwError::invalid("tag values must be an array")),
        };
        if values.len() > MAX_FILTERS || values.iter().any(|v| v.chars().count() > MAX_VALUE_CHARS) {
            return Err(HwError::invalid("a tag filter holds at most 10 values of at most 255 characters"));
        }
        if values.iter().enumerate().any(|(i, v)| values[..i].contains(v)) {
            return Err(HwError::invalid("tag filter values must not repeat"));
        }
        if out.iter().any(|f| f.key == key) {
            return Err(HwError::invalid("tag filters must not repeat a key"));
        }
        out.push(Filter { key: key.to_owned(), values });
    }
    Ok(out)
}

/// The name matches (`{"key":"resource_name","value"}`): the lower-cased values.
fn name_matches(body: &JsonBody) -> Result<Vec<String>, HwError> {
    let Some(items) = array(body, "matches")? else { return Ok(Vec::new()) };
    if items.len() > MAX_FILTERS {
        return Err(HwError::invalid(format!("matches must hold at most {MAX_FILTERS} entries")));
    }
    items
        .iter()
        .map(|item| {
            let map = object(item, "matches entry")?;
            if optional_str(map, "key")? != Some("resource_name") {
                return Err(HwError::invalid("matches key must be resource_name"));
            }
            let value = optional_str(map, "value")?.unwrap_or("");
            if value.chars().count() > MAX_VALUE_CHARS {
                return Err(HwError::invalid("matches value must be at most 255 characters"));
            }
            Ok(value.to_lowercase())
        })
        .collect()
}

/// A `limit`/`offset` field: a string (as the SDK sends) or an integer, of digits only.
fn number(body: &JsonBody, field: &str) -> Result<Option<usize>, HwError> {
    let invalid = || HwError::invalid(format!("{field} must be a non-negative number"));
    match body.get(field) {
        None => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) if s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().map(Some).map_err(|_| invalid())
        }
        Some(Value::Number(n)) => {
            n.as_u64().and_then(|n| usize::try_from(n).ok()).map(Some).ok_or_else(invalid)
        }
        Some(_) => Err(invalid()),
    }
}

fn passes(secret: &HwSecret, tags: &[(String, String)], filters: &[Filter], names: &[String]) -> bool {
    let tagged = filters
        .iter()
        .all(|f| tags.iter().any(|(k, v)| *k == f.key && (f.values.is_empty() || f.values.contains(v))));
    // An empty match value matches nothing ("为空返回空值").
    let lower = secret.name.to_lowercase();
    tagged && names.iter().all(|n| !n.is_empty() && lower.contains(n.as_str()))
}

/// List Resource Instances: `action` `filter` answers `{resources, total_count}` for the page
/// `offset..offset+limit` (limit 1 to 1000, default 10; offset default 0) of the secrets
/// passing every tag filter and name match, in creation order; `count` answers
/// `{total_count}` only. `detail` renders a secret as the `Secret` object.
pub(crate) fn resource_instances_answer(
    tags: &Tags,
    secrets: &[HwSecret],
    path_word: &str,
    body: &JsonBody,
    detail: impl Fn(&HwSecret) -> Value,
) -> Result<Value, HwError> {
    if path_word != RESOURCE_INSTANCES {
        return Err(HwError::invalid("the path must be csms/resource_instances/action"));
    }
    let action = body.string("action").map_err(HwError::invalid)?;
    let filters = filters(body)?;
    let names = name_matches(body)?;
    check_sequence(body)?;
    let limit = number(body, "limit")?.unwrap_or(DEFAULT_LIMIT);
    let offset = number(body, "offset")?.unwrap_or(0);
    let matching: Vec<&HwSecret> =
        secrets.iter().filter(|s| passes(s, tags.of(&s.id), &filters, &names)).collect();
    match action {
        Some("count") => Ok(json!({ "total_count": matching.len() })),
        Some("filter") => {
            if !(1..=MAX_LIMIT).contains(&limit) {
                return Err(HwError::invalid("limit must be 1 to 1000"));
            }
            let resources: Vec<Value> = matching
                .iter()
                .skip(offset)
                .take(limit)
                .map(|s| {
                    json!({
                        "resource_id": s.id,
                        "resource_name": s.name,
                        "resource_detail": detail(s),
                        "tags": tag_items(tags.of(&s.id)),
                        "sys_tags": [],
                    })
                })
                .collect();
            Ok(json!({"resources": resources, "total_count": matching.len()}))
        }
        _ => Err(HwError::invalid("action must be filter or count")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_follow_the_documented_patterns() {
        for good in ["env", "a b", "k.1:x=y+z-@_", "键"] {
            assert!(check_key(good).is_ok(), "{good}");
        }
        for bad in ["", " lead", "trail ", "_sys_x", "a/b", "a#b", &"k".repeat(129)] {
            assert!(check_key(bad).is_err(), "{bad}");
        }
        assert!(check_value("").is_ok());
        assert!(check_value("a/b c").is_ok());
        assert!(check_value("a#b").is_err());
        assert!(check_value(&"v".repeat(256)).is_err());
    }

    #[test]
    fn set_overwrites_and_caps_at_twenty() {
        let mut tags = Tags::default();
        tags.set("s", vec![("a".into(), "1".into())]).unwrap();
        tags.set("s", vec![("a".into(), "2".into()), ("b".into(), "3".into())]).unwrap();
        assert_eq!(tags.of("s"), &[("a".to_owned(), "2".to_owned()), ("b".to_owned(), "3".to_owned())]);
        let many: Vec<(String, String)> = (0..19).map(|i| (format!("k{i}"), String::new())).collect();
        let err = tags.set("s", many).unwrap_err();
        assert_eq!(err.code, "CSMS.0003");
        assert_eq!(tags.of("s").len(), 2, "all or nothing");
    }

    #[test]
    fn filters_reject_repeats_and_bad_numbers() {
        let body = |text: &str| JsonBody::parse(text.as_bytes()).unwrap();
        assert!(filters(&body(r#"{"tags":[{"key":"a"},{"key":"a"}]}"#)).is_err());
        assert!(filters(&body(r#"{"tags":[{"key":"a","values":["x","x"]}]}"#)).is_err());
        assert_eq!(
            filters(&body(r#"{"tags":[{"key":"a","values":["x"]}]}"#)).unwrap(),
            vec![Filter { key: "a".into(), values: vec!["x".into()] }]
        );
        assert!(name_matches(&body(r#"{"matches":[{"key":"name","value":"x"}]}"#)).is_err());
        assert_eq!(number(&body(r#"{"limit":"25"}"#), "limit").unwrap(), Some(25));
        assert_eq!(number(&body(r#"{"limit":7}"#), "limit").unwrap(), Some(7));
        assert!(number(&body(r#"{"offset":"-1"}"#), "offset").is_err());
        assert!(number(&body(r#"{"offset":"12345"}"#), "offset").is_err());
    }
}
