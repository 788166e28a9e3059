//! Secret tags: adding, deleting and listing them, and finding secrets by tag
//! (`/v1/{project_id}/csms/...`).

use serde::{Deserialize, Serialize};

use crate::Operation;
use crate::encode::push_segment;
use crate::http::Method;
use crate::http::json_body;
use crate::huawei::Huawei;
use crate::huawei::model::Secret;
use crate::paging;
use crate::secret::SecretBytes;
use crate::validate::{self, Rule, ValidationError};
use crate::wire::string_enum;

/// A secret holds at most 20 tags, so one request adds at most 20.
pub const MAX_TAGS: usize = 20;
/// A tag key: 1 to 128 characters.
pub const TAG_KEY_MAX_CHARS: usize = 128;
/// A tag value, or the value a resource name is matched against: at most 255 characters.
pub const TAG_VALUE_MAX_CHARS: usize = 255;
/// List Resource Instances: at most 10 tag filters, each with at most 10 values.
pub const MAX_TAG_FILTERS: usize = 10;

const TAG_KEY_PATTERN: &str = "letters, digits, spaces and _.:=+-@, not starting with _sys_, \
                               no leading or trailing white space";
const TAG_VALUE_PATTERN: &str = "letters, digits, spaces and _.:/=+-@";

/// A tag key: 1–128 characters of letters (`\p{L}`), digits (`\p{N}`), separators (`\p{Z}`)
/// and `_ . : = + - @`, neither starting with `_sys_` (reserved for system tags) nor starting
/// or ending with white space.
///
/// ```
/// use secretmanager_core::huawei::validate_tag_key;
///
/// assert!(validate_tag_key("key", "owner team@east").is_ok());
/// assert!(validate_tag_key("key", " owner").is_err());
/// assert!(validate_tag_key("key", "_sys_project").is_err());
/// ```
pub fn validate_tag_key(field: &'static str, key: &str) -> Result<(), ValidationError> {
    if key.is_empty() {
        return Err(ValidationError::new(field, Rule::Required));
    }
    validate::char_length(field, key, 1, TAG_KEY_MAX_CHARS)?;
    let edges_blank = key.starts_with(char::is_whitespace) || key.ends_with(char::is_whitespace);
    if edges_blank || key.starts_with("_sys_") || !key.chars().all(|c| tag_char(c, false)) {
        return Err(ValidationError::new(field, Rule::Pattern(TAG_KEY_PATTERN)));
    }
    Ok(())
}

/// A tag value: at most 255 characters of letters, digits, separators and `_ . : / = + - @`
/// (it may be empty).
///
/// ```
/// use secretmanager_core::huawei::validate_tag_value;
///
/// assert!(validate_tag_value("value", "").is_ok() && validate_tag_value("value", "a/b c").is_ok());
/// assert!(validate_tag_value("value", "a*b").is_err());
/// ```
pub fn validate_tag_value(field: &'static str, value: &str) -> Result<(), ValidationError> {
    validate::char_length(field, value, 0, TAG_VALUE_MAX_CHARS)?;
    if !value.chars().all(|c| tag_char(c, true)) {
        return Err(ValidationError::new(field, Rule::Pattern(TAG_VALUE_PATTERN)));
    }
    Ok(())
}

/// `[\p{L}\p{Z}\p{N}_.:=+\-@]`, and `/` in a value. A separator (`\p{Z}`) is white space that
/// is not a control character (tabs and line breaks are control characters).
fn tag_char(c: char, in_value: bool) -> bool {
    c.is_alphabetic()
        || c.is_numeric()
        || (c.is_whitespace() && !c.is_control())
        || matches!(c, '_' | '.' | ':' | '=' | '+' | '-' | '@')
        || (in_value && c == '/')
}

/// Checks a count of list entries against `min..=max`.
pub(crate) fn validate_count(
    field: &'static str,
    count: usize,
    min: usize,
    max: usize,
) -> Result<(), ValidationError> {
    if count < min || count > max {
        let as_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let rule = Rule::Range { min: as_i64(min), max: as_i64(max), actual: as_i64(count) };
        return Err(ValidationError::new(field, rule));
    }
    Ok(())
}

/// A request's `sequence`: 36 bytes, e.g. a UUID (`919c82d4-8046-4722-9094-35c3c6524cff`).
fn validate_sequence(sequence: &str) -> Result<(), ValidationError> {
    validate::identifier("sequence", sequence, 36)?;
    if sequence.len() != 36 {
        return Err(ValidationError::new("sequence", Rule::ByteLength { max: 36, actual: sequence.len() }));
    }
    Ok(())
}

/// Appends `/csms/{secret_id}/tags`.
fn push_tags_path(out: &mut String, secret_id: &str) {
    out.push_str("/csms/");
    push_segment(out, secret_id);
    out.push_str("/tags");
}

/// A tag of a secret: `TagItem`, a key and, optionally, its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct TagItem {
    /// The key (1–128 characters; one value per key on a secret).
    pub key: String,
    /// The value (at most 255 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl TagItem {
    /// The tag `key` = `value`.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self { key: key.into(), value: Some(value.into()) }
    }

    /// A tag with a key only (as a batch delete names the tags it removes).
    pub fn key(key: impl Into<String>) -> Self {
        Self { key: key.into(), value: None }
    }

    fn validate(&self, key_field: &'static str, value_field: &'static str) -> Result<(), ValidationError> {
        validate_tag_key(key_field, &self.key)?;
        if let Some(value) = &self.value {
            validate_tag_value(value_field, value)?;
        }
        Ok(())
    }
}

/// A system tag of a secret: `SysTag`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SysTag {
    /// The key.
    #[serde(default)]
    pub key: Option<String>,
    /// The value.
    #[serde(default)]
    pub value: Option<String>,
}

string_enum! {
    /// `action` of Batch Create Or Delete Tags.
    pub enum TagAction {
        /// Adds the tags (a key already on the secret gets the new value).
        Create = "create",
        /// Removes the tags.
        Delete = "delete",
    }
}

/// **BatchCreateOrDeleteTags**: `POST /v1/{project_id}/csms/{secret_id}/tags/action`. Adds or
/// removes up to 20 tags of a secret in one call; answers nothing (204).
///
/// Repeatable: adding a tag again sets the same value, removing it again leaves it removed.
///
/// ```
/// use secretmanager_core::huawei::{BatchCreateOrDeleteTags, Operation as _, TagAction, TagItem};
///
/// let op = BatchCreateOrDeleteTags::new(
///     "5fd1a1c9-1a8e-4b8e-9d4c-1f3bb7e5ad70",
///     TagAction::Create,
///     [TagItem::new("owner", "payments"), TagItem::new("env", "prod")],
/// );
/// op.validate()?;
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!(path, "/csms/5fd1a1c9-1a8e-4b8e-9d4c-1f3bb7e5ad70/tags/action");
/// assert_eq!(
///     op.body().unwrap().expose(),
///     br#"{"tags":[{"key":"owner","value":"payments"},{"key":"env","value":"prod"}],"action":"create"}"#
/// );
/// # Ok::<(), secretmanager_core::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BatchCreateOrDeleteTags {
    /// The secret's id (not its name), in the path.
    #[serde(skip_serializing)]
    pub secret_id: String,
    /// The tags to add or remove: 1 to 20.
    pub tags: Vec<TagItem>,
    /// Whether to add (`create`) or remove (`delete`) them.
    pub action: TagAction,
    /// A 36-byte sequence number of the request, e.g. a UUID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

impl BatchCreateOrDeleteTags {
    /// Adds or removes `tags` on the secret `secret_id`.
    pub fn new(
        secret_id: impl Into<String>,
        action: TagAction,
        tags: impl IntoIterator<Item = TagItem>,
    ) -> Self {
        Self { secret_id: secret_id.into(), tags: tags.into_iter().collect(), action, sequence: None }
    }

    /// Sets the sequence number of the request.
    pub fn sequence(mut self, sequence: impl Into<String>) -> Self {
        self.sequence = Some(sequence.into());
        self
    }
}

impl Operation for BatchCreateOrDeleteTags {
    type Provider = Huawei;
    type Output = ();
    const NAME: &'static str = "BatchCreateOrDeleteTags";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate::path_segment("secret_id", &self.secret_id)?;
        validate_count("tags", self.tags.len(), 1, MAX_TAGS)?;
        for tag in &self.tags {
            tag.validate("tags", "tags")?;
        }
        if let TagAction::Other(_) = self.action {
            return Err(ValidationError::new("action", Rule::OneOf(TagAction::DOCUMENTED)));
        }
        if let Some(sequence) = &self.sequence {
            validate_sequence(sequence)?;
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        push_tags_path(out, &self.secret_id);
        out.push_str("/action");
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

/// **CreateSecretTag**: `POST /v1/{project_id}/csms/{secret_id}/tags`. Adds one tag to a
/// secret; answers nothing (204).
///
/// Repeatable: a secret has one value per key, so adding the same tag again changes nothing.
///
/// ```
/// use secretmanager_core::huawei::{CreateSecretTag, Operation as _, TagItem};
///
/// let op = CreateSecretTag::new("5fd1a1c9", TagItem::new("DEV", "DEV1"));
/// assert_eq!(op.body().unwrap().expose(), br#"{"tag":{"key":"DEV","value":"DEV1"}}"#);
/// assert_eq!(CreateSecretTag::new("5fd1a1c9", TagItem::new("", "v")).validate().unwrap_err().field, "tag.key");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CreateSecretTag {
    /// The secret's id (not its name), in the path.
    #[serde(skip_serializing)]
    pub secret_id: String,
    /// The tag to add.
    pub tag: TagItem,
}

impl CreateSecretTag {
    /// Adds `tag` to the secret `secret_id`.
    pub fn new(secret_id: impl Into<String>, tag: TagItem) -> Self {
        Self { secret_id: secret_id.into(), tag }
    }
}

impl Operation for CreateSecretTag {
    type Provider = Huawei;
    type Output = ();
    const NAME: &'static str = "CreateSecretTag";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate::path_segment("secret_id", &self.secret_id)?;
        self.tag.validate("tag.key", "tag.value")
    }

    fn write_path(&self, out: &mut String) {
        push_tags_path(out, &self.secret_id);
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

/// **DeleteSecretTag**: `DELETE /v1/{project_id}/csms/{secret_id}/tags/{key}`. Removes one tag
/// of a secret; answers nothing (204). Repeatable (a repeat may answer that the tag is gone).
///
/// ```
/// use secretmanager_core::huawei::{DeleteSecretTag, Operation as _};
///
/// let mut path = String::new();
/// DeleteSecretTag::new("5fd1a1c9", "cost center").write_path(&mut path);
/// assert_eq!(path, "/csms/5fd1a1c9/tags/cost%20center");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DeleteSecretTag {
    /// The secret's id (not its name).
    pub secret_id: String,
    /// The key of the tag to remove.
    pub key: String,
}

impl DeleteSecretTag {
    /// Removes the tag `key` from the secret `secret_id`.
    pub fn new(secret_id: impl Into<String>, key: impl Into<String>) -> Self {
        Self { secret_id: secret_id.into(), key: key.into() }
    }
}

impl Operation for DeleteSecretTag {
    type Provider = Huawei;
    type Output = ();
    const NAME: &'static str = "DeleteSecretTag";
    const METHOD: Method = Method::Delete;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate::path_segment("secret_id", &self.secret_id)?;
        validate_tag_key("key", &self.key)?;
        validate::path_segment("key", &self.key)
    }

    fn write_path(&self, out: &mut String) {
        push_tags_path(out, &self.secret_id);
        out.push('/');
        push_segment(out, &self.key);
    }
}

/// The answer of List Secret Tags: the tags and system tags of one secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SecretTagList {
    /// The secret's tags.
    #[serde(default, deserialize_with = "crate::huawei::model::list")]
    pub tags: Vec<TagItem>,
    /// Its system tags.
    #[serde(default, deserialize_with = "crate::huawei::model::list")]
    pub sys_tags: Vec<SysTag>,
}

/// **ListSecretTags**: `GET /v1/{project_id}/csms/{secret_id}/tags`. Answers the secret's tags.
///
/// ```
/// use secretmanager_core::huawei::{self, ListSecretTags, Operation as _};
///
/// let mut path = String::new();
/// ListSecretTags::new("5fd1a1c9").write_path(&mut path);
/// assert_eq!(path, "/csms/5fd1a1c9/tags");
/// let answer: huawei::SecretTagList =
///     huawei::decode(200, br#"{"tags":[{"key":"DEV","value":"DEV1"}],"sys_tags":null}"#)?;
/// assert_eq!(answer.tags, [huawei::TagItem::new("DEV", "DEV1")]);
/// assert!(answer.sys_tags.is_empty());
/// # Ok::<(), secretmanager_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ListSecretTags {
    /// The secret's id (not its name).
    pub secret_id: String,
}

impl ListSecretTags {
    /// Lists the tags of the secret `secret_id`.
    pub fn new(secret_id: impl Into<String>) -> Self {
        Self { secret_id: secret_id.into() }
    }
}

impl Operation for ListSecretTags {
    type Provider = Huawei;
    type Output = SecretTagList;
    const NAME: &'static str = "ListSecretTags";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate::path_segment("secret_id", &self.secret_id)
    }

    fn write_path(&self, out: &mut String) {
        push_tags_path(out, &self.secret_id);
    }
}

/// A tag key used in the project and every value it has there: `TagResponse`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ProjectTag {
    /// The key.
    #[serde(default)]
    pub key: Option<String>,
    /// Its values.
    #[serde(default, deserialize_with = "crate::huawei::model::list")]
    pub values: Vec<String>,
}

/// The answer of List Project Secrets Tags.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ProjectTagList {
    /// The keys and their values.
    #[serde(default, deserialize_with = "crate::huawei::model::list")]
    pub tags: Vec<ProjectTag>,
}

/// **ListProjectSecretsTags**: `GET /v1/{project_id}/csms/tags`. Answers every tag key used on
/// the project's secrets, with its values.
///
/// ```
/// use secretmanager_core::huawei::{ListProjectSecretsTags, Operation as _};
///
/// let mut path = String::new();
/// ListProjectSecretsTags::new().write_path(&mut path);
/// assert_eq!(path, "/csms/tags");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ListProjectSecretsTags {}

impl ListProjectSecretsTags {
    /// Lists the project's tags.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Operation for ListProjectSecretsTags {
    type Provider = Huawei;
    type Output = ProjectTagList;
    const NAME: &'static str = "ListProjectSecretsTags";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/tags");
    }
}

string_enum! {
    /// `action` of List Resource Instances.
    pub enum ResourceAction {
        /// Lists the matching secrets.
        Filter = "filter",
        /// Counts them (`total_count` only).
        Count = "count",
    }
}

/// A tag filter of List Resource Instances: `Tag`, a key and the values any of which matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TagFilter {
    /// The tag key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The values, at most 10 and distinct; none matches any value.
    #[serde(default)]
    pub values: Vec<String>,
}

impl TagFilter {
    /// Secrets whose tag `key` has one of `values` (any value when `values` is empty).
    pub fn new<S: Into<String>>(key: impl Into<String>, values: impl IntoIterator<Item = S>) -> Self {
        Self { key: Some(key.into()), values: values.into_iter().map(Into::into).collect() }
    }
}

/// A search of List Resource Instances: `TagMatches`, a field and the text it contains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TagMatch {
    /// The field searched: only `resource_name` (the secret's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The text searched for (fuzzy match), at most 255 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl TagMatch {
    /// Secrets whose name contains `text`.
    pub fn resource_name(text: impl Into<String>) -> Self {
        Self { key: Some("resource_name".into()), value: Some(text.into()) }
    }
}

/// **ListResourceInstances**: `POST /v1/{project_id}/csms/resource_instances/action`. Finds
/// (`filter`) or counts (`count`) the secrets with the given tags or names.
///
/// The SDK's path parameter `resource_instances` always has the value `resource_instances`,
/// so it is written here and is no field. `limit` and `offset` are decimal text on the wire, as
/// the API takes them; the builders take numbers. Repeatable: it only reads.
///
/// ```
/// use secretmanager_core::huawei::{self, ListResourceInstances, Operation as _, TagFilter, TagMatch};
///
/// let op = ListResourceInstances::filter()
///     .limit(10)
///     .offset(0)
///     .tags([TagFilter::new("env", ["prod"])])
///     .matches([TagMatch::resource_name("db")]);
/// op.validate()?;
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!(path, "/csms/resource_instances/action");
/// assert_eq!(
///     op.body().unwrap().expose(),
///     br#"{"limit":"10","offset":"0","action":"filter","tags":[{"key":"env","values":["prod"]}],"matches":[{"key":"resource_name","value":"db"}]}"#
/// );
///
/// let answer: huawei::ResourceInstanceList = huawei::decode(
///     200,
///     br#"{"resources":[{"resource_id":"5fd1a1c9","resource_name":"db","resource_detail":{"id":"5fd1a1c9","name":"db"},
///         "tags":[{"key":"env","value":"prod"}],"sys_tags":[]}],"total_count":1}"#,
/// )?;
/// assert_eq!(answer.total_count, Some(1));
/// assert_eq!(answer.resources[0].resource_detail.as_ref().unwrap().name, "db");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ListResourceInstances {
    /// Page size as decimal text, `1` to `1000` (`10` by default); not needed to count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    /// Where the page starts, as decimal text (`0` by default); not needed to count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
    /// `filter` to list, `count` to count.
    pub action: ResourceAction,
    /// Tag filters, at most 10; a secret must match every one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<TagFilter>,
    /// Searches on the secret's name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<TagMatch>,
    /// A 36-byte sequence number of the request, e.g. a UUID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

impl ListResourceInstances {
    /// Lists matching secrets (`action` `filter`).
    pub fn filter() -> Self {
        Self::new(ResourceAction::Filter)
    }

    /// Counts matching secrets (`action` `count`).
    pub fn count() -> Self {
        Self::new(ResourceAction::Count)
    }

    /// A search with `action`.
    pub fn new(action: ResourceAction) -> Self {
        Self { limit: None, offset: None, action, tags: Vec::new(), matches: Vec::new(), sequence: None }
    }

    /// Sets the page size.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit.to_string());
        self
    }

    /// Starts at `offset`.
    pub fn offset(mut self, offset: u32) -> Self {
        self.offset = Some(offset.to_string());
        self
    }

    /// Sets the tag filters.
    pub fn tags(mut self, tags: impl IntoIterator<Item = TagFilter>) -> Self {
        self.tags = tags.into_iter().collect();
        self
    }

    /// Sets the name searches.
    pub fn matches(mut self, matches: impl IntoIterator<Item = TagMatch>) -> Self {
        self.matches = matches.into_iter().collect();
        self
    }

    /// Sets the sequence number of the request.
    pub fn sequence(mut self, sequence: impl Into<String>) -> Self {
        self.sequence = Some(sequence.into());
        self
    }
}

/// Decimal text within `min..=max`.
fn validate_decimal(field: &'static str, text: &str, min: i64, max: i64) -> Result<(), ValidationError> {
    if text.is_empty() || text.len() > 10 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValidationError::new(field, Rule::Pattern("^[0-9]{1,10}$")));
    }
    let value: i64 = text.parse().map_err(|_| ValidationError::new(field, Rule::Pattern("^[0-9]{1,10}$")))?;
    validate::range(field, value, min, max)
}

impl Operation for ListResourceInstances {
    type Provider = Huawei;
    type Output = ResourceInstanceList;
    const NAME: &'static str = "ListResourceInstances";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        if let Some(limit) = &self.limit {
            validate_decimal("limit", limit, 1, 1000)?;
        }
        if let Some(offset) = &self.offset {
            validate_decimal("offset", offset, 0, i64::from(u32::MAX))?;
        }
        if let ResourceAction::Other(_) = self.action {
            return Err(ValidationError::new("action", Rule::OneOf(ResourceAction::DOCUMENTED)));
        }
        validate_count("tags", self.tags.len(), 0, MAX_TAG_FILTERS)?;
        for filter in &self.tags {
            if let Some(key) = &filter.key {
                validate_tag_key("tags", key)?;
            }
            validate_count("tags", filter.values.len(), 0, MAX_TAG_FILTERS)?;
            for (index, value) in filter.values.iter().enumerate() {
                validate_tag_value("tags", value)?;
                if filter.values[..index].contains(value) {
                    let rule = Rule::ForbiddenWhen("the same value is listed twice for a key");
                    return Err(ValidationError::new("tags", rule));
                }
            }
        }
        for search in &self.matches {
            if let Some(key) = &search.key
                && key != "resource_name"
            {
                return Err(ValidationError::new("matches", Rule::OneOf(&["resource_name"])));
            }
            if let Some(value) = &search.value {
                validate::char_length("matches", value, 0, TAG_VALUE_MAX_CHARS)?;
                validate::no_control_characters("matches", value)?;
            }
        }
        if let Some(sequence) = &self.sequence {
            validate_sequence(sequence)?;
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/resource_instances/action");
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }

    /// `offset` is the index of the page's first secret, as decimal text.
    const PAGE_FIELD: Option<&'static str> = Some("offset");

    /// For `filter`: `offset` plus the secrets of this page, as decimal text (`"10"`), while
    /// that is less than the answer's `total_count`; `None` after an empty page, when the
    /// answer gives no total, and for `count` (which answers no page).
    fn next_page_position(&self, answer: &ResourceInstanceList) -> Option<serde_json::Value> {
        self.next_page(answer).and_then(|next| next.offset).map(serde_json::Value::String)
    }

    /// This request with `offset` moved past this page's secrets.
    fn next_page(&self, answer: &ResourceInstanceList) -> Option<Self> {
        if self.action != ResourceAction::Filter {
            return None;
        }
        let offset = match &self.offset {
            None => 0,
            Some(text) => text.parse::<u32>().ok()?,
        };
        let total = u64::try_from(answer.total_count?).ok()?;
        let count = u64::try_from(answer.resources.len()).ok()?;
        let next = u32::try_from(paging::next_offset(offset.into(), count, total)?).ok()?;
        Some(Self { offset: Some(next.to_string()), ..self.clone() })
    }
}

/// A secret found by List Resource Instances: `ActionResources`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ResourceInstance {
    /// The secret's id.
    #[serde(default)]
    pub resource_id: Option<String>,
    /// The secret.
    #[serde(default)]
    pub resource_detail: Option<Secret>,
    /// The secret's name (empty by default).
    #[serde(default)]
    pub resource_name: Option<String>,
    /// Its tags.
    #[serde(default, deserialize_with = "crate::huawei::model::list")]
    pub tags: Vec<TagItem>,
    /// Its system tags.
    #[serde(default, deserialize_with = "crate::huawei::model::list")]
    pub sys_tags: Vec<SysTag>,
}

/// The answer of List Resource Instances.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ResourceInstanceList {
    /// The secrets found (none for `count`).
    #[serde(default, deserialize_with = "crate::huawei::model::list")]
    pub resources: Vec<ResourceInstance>,
    /// How many secrets match.
    #[serde(default)]
    pub total_count: Option<i64>,
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

    fn body<O: Operation>(op: &O) -> String {
        String::from_utf8(op.body().unwrap().expose().to_vec()).unwrap()
    }

    #[test]
    fn tag_keys_follow_the_documented_pattern() {
        for ok in
            ["a", "env", "cost center", "a_b.c:d=e+f-g@h", "标签", "k1", &"k".repeat(128), "sys", "_sys"]
        {
            assert!(validate_tag_key("key", ok).is_ok(), "{ok}");
        }
        assert_eq!(validate_tag_key("key", "").unwrap_err().rule, Rule::Required);
        assert!(matches!(
            validate_tag_key("key", &"k".repeat(129)).unwrap_err().rule,
            Rule::CharLength { max: 128, actual: 129, .. }
        ));
        for bad in [" a", "a ", "a\tb", "_sys_x", "a/b", "a*b", "a<b", "a\u{0}b", "a\nb"] {
            assert_eq!(
                validate_tag_key("key", bad).unwrap_err().rule,
                Rule::Pattern(TAG_KEY_PATTERN),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn tag_values_follow_the_documented_pattern() {
        for ok in ["", "v", "a/b c", "值", &"v".repeat(255), " padded "] {
            assert!(validate_tag_value("value", ok).is_ok(), "{ok}");
        }
        assert!(matches!(
            validate_tag_value("value", &"v".repeat(256)).unwrap_err().rule,
            Rule::CharLength { max: 255, actual: 256, .. }
        ));
        for bad in ["a*b", "a\\b", "a,b", "a\nb"] {
            assert_eq!(
                validate_tag_value("value", bad).unwrap_err().rule,
                Rule::Pattern(TAG_VALUE_PATTERN),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn batch_tags_body_path_and_rules() {
        let op = BatchCreateOrDeleteTags::new("s-1", TagAction::Delete, [TagItem::key("env")])
            .sequence("919c82d4-8046-4722-9094-35c3c6524cff");
        op.validate().unwrap();
        assert_eq!(path(&op), "/csms/s-1/tags/action");
        assert_eq!(
            body(&op),
            r#"{"tags":[{"key":"env"}],"action":"delete","sequence":"919c82d4-8046-4722-9094-35c3c6524cff"}"#
        );
        assert_eq!(BatchCreateOrDeleteTags::KIND, crate::OperationKind::Repeatable);
        let field = |op: BatchCreateOrDeleteTags| op.validate().unwrap_err();
        let tag = || [TagItem::new("env", "prod")];
        assert_eq!(field(BatchCreateOrDeleteTags::new("", TagAction::Create, tag())).field, "secret_id");
        assert_eq!(
            field(BatchCreateOrDeleteTags::new("..", TagAction::Create, tag())).rule,
            Rule::DotSegment
        );
        let none = field(BatchCreateOrDeleteTags::new("s", TagAction::Create, []));
        assert_eq!((none.field, none.rule), ("tags", Rule::Range { min: 1, max: 20, actual: 0 }));
        let many = (0..21).map(|i| TagItem::new(format!("k{i}"), "v"));
        assert_eq!(field(BatchCreateOrDeleteTags::new("s", TagAction::Create, many)).field, "tags");
        let twenty = (0..20).map(|i| TagItem::new(format!("k{i}"), "v"));
        assert!(BatchCreateOrDeleteTags::new("s", TagAction::Create, twenty).validate().is_ok());
        assert_eq!(
            field(BatchCreateOrDeleteTags::new("s", TagAction::Create, [TagItem::new("_sys_a", "v")])).field,
            "tags"
        );
        assert_eq!(
            field(BatchCreateOrDeleteTags::new("s", TagAction::Create, [TagItem::new("k", "a*")])).field,
            "tags"
        );
        let other = field(BatchCreateOrDeleteTags::new("s", TagAction::from("update"), tag()));
        assert_eq!((other.field, other.rule), ("action", Rule::OneOf(&["create", "delete"])));
        let short = field(BatchCreateOrDeleteTags::new("s", TagAction::Create, tag()).sequence("abc"));
        assert_eq!((short.field, short.rule), ("sequence", Rule::ByteLength { max: 36, actual: 3 }));
        assert_eq!(
            field(BatchCreateOrDeleteTags::new("s", TagAction::Create, tag()).sequence("a".repeat(37))).field,
            "sequence"
        );
        // The empty answer (204) decodes as `()`.
        decode::<()>(204, b"").unwrap();
    }

    #[test]
    fn create_and_delete_one_tag() {
        let op = CreateSecretTag::new("s-1", TagItem::key("owner"));
        op.validate().unwrap();
        assert_eq!(
            (path(&op), body(&op)),
            ("/csms/s-1/tags".to_owned(), r#"{"tag":{"key":"owner"}}"#.to_owned())
        );
        assert_eq!(
            CreateSecretTag::new("s", TagItem::new("k", "a*")).validate().unwrap_err().field,
            "tag.value"
        );
        assert_eq!(CreateSecretTag::new("", TagItem::key("k")).validate().unwrap_err().field, "secret_id");
        decode::<()>(204, b"").unwrap();

        let delete = DeleteSecretTag::new("s-1", "a b/c");
        delete.validate().unwrap_err(); // `/` is no tag key character
        let delete = DeleteSecretTag::new("s-1", "cost center@east");
        delete.validate().unwrap();
        assert_eq!(path(&delete), "/csms/s-1/tags/cost%20center%40east");
        assert_eq!(DeleteSecretTag::METHOD, Method::Delete);
        assert!(delete.body().is_none());
        assert_eq!(DeleteSecretTag::new("s", ".").validate().unwrap_err().rule, Rule::DotSegment);
        assert_eq!(DeleteSecretTag::new("s", "").validate().unwrap_err().field, "key");
        assert_eq!(DeleteSecretTag::new("a\0", "k").validate().unwrap_err().field, "secret_id");
    }

    #[test]
    fn secret_tags_decode_as_the_sdk_describes_them() {
        assert_eq!(path(&ListSecretTags::new("s 1")), "/csms/s%201/tags");
        assert_eq!(ListSecretTags::new("").validate().unwrap_err().field, "secret_id");
        let answer: SecretTagList = decode(
            200,
            br#"{"tags":[{"key":"DEV","value":"DEV1"},{"key":"bare"}],"sys_tags":[{"key":"_sys_enterprise_project_id","value":"0"}]}"#,
        )
        .unwrap();
        assert_eq!(answer.tags, [TagItem::new("DEV", "DEV1"), TagItem::key("bare")]);
        assert_eq!(answer.sys_tags[0].key.as_deref(), Some("_sys_enterprise_project_id"));
        assert_eq!(answer.sys_tags[0].value.as_deref(), Some("0"));
        let empty: SecretTagList = decode(200, br#"{"tags":null,"sys_tags":null}"#).unwrap();
        assert!(empty.tags.is_empty() && empty.sys_tags.is_empty());
        assert!(
            decode::<SecretTagList>(200, br#"{"tags":[{"value":"no key"}]}"#).is_err(),
            "key is required"
        );
        // Serialized under the same names.
        let written = serde_json::to_value(&answer).unwrap();
        assert_eq!(written["tags"][0]["key"], "DEV");
        assert_eq!(written["sys_tags"][0]["value"], "0");
    }

    #[test]
    fn project_tags_decode_as_the_sdk_describes_them() {
        assert_eq!(path(&ListProjectSecretsTags::new()), "/csms/tags");
        ListProjectSecretsTags::new().validate().unwrap();
        let answer: ProjectTagList = decode(
            200,
            br#"{"tags":[{"key":"env","values":["prod","test"]},{"key":"empty","values":null}]}"#,
        )
        .unwrap();
        assert_eq!(answer.tags[0].key.as_deref(), Some("env"));
        assert_eq!(answer.tags[0].values, ["prod", "test"]);
        assert!(answer.tags[1].values.is_empty());
        assert!(decode::<ProjectTagList>(200, br#"{"tags":null}"#).unwrap().tags.is_empty());
    }

    #[test]
    fn resource_instances_body_rules_and_answer() {
        let count = ListResourceInstances::count();
        count.validate().unwrap();
        assert_eq!(body(&count), r#"{"action":"count"}"#);
        assert_eq!(path(&count), "/csms/resource_instances/action");
        assert_eq!(
            (ListResourceInstances::METHOD, ListResourceInstances::KIND),
            (Method::Post, crate::OperationKind::Repeatable)
        );

        let field = |op: ListResourceInstances| op.validate().unwrap_err();
        let filter = ListResourceInstances::filter;
        assert!(filter().limit(1000).offset(0).validate().is_ok());
        assert_eq!(field(filter().limit(0)).rule, Rule::Range { min: 1, max: 1000, actual: 0 });
        assert_eq!(field(filter().limit(1001)).field, "limit");
        let mut text = filter();
        text.limit = Some("ten".into());
        assert_eq!(field(text).rule, Rule::Pattern("^[0-9]{1,10}$"));
        let mut negative = filter();
        negative.offset = Some("-1".into());
        assert_eq!(field(negative).field, "offset");
        assert_eq!(
            field(ListResourceInstances::new(ResourceAction::from("list"))).rule,
            Rule::OneOf(&["filter", "count"])
        );
        let eleven = (0..11).map(|i| TagFilter::new(format!("k{i}"), ["v"]));
        assert_eq!(field(filter().tags(eleven)).rule, Rule::Range { min: 0, max: 10, actual: 11 });
        let values: Vec<String> = (0..11).map(|i| format!("v{i}")).collect();
        assert_eq!(field(filter().tags([TagFilter::new("k", values)])).field, "tags");
        assert!(matches!(
            field(filter().tags([TagFilter::new("k", ["a", "a"])])).rule,
            Rule::ForbiddenWhen(_)
        ));
        assert_eq!(field(filter().tags([TagFilter::new(" k", ["a"])])).field, "tags");
        assert!(filter().tags([TagFilter::new("k", Vec::<String>::new())]).validate().is_ok());
        let other_field = TagMatch { key: Some("resource_id".into()), value: Some("x".into()) };
        assert_eq!(field(filter().matches([other_field])).rule, Rule::OneOf(&["resource_name"]));
        assert_eq!(field(filter().matches([TagMatch::resource_name("n".repeat(256))])).field, "matches");
        assert_eq!(field(filter().sequence("x")).field, "sequence");

        let answer: ResourceInstanceList = decode(
            200,
            br#"{"resources":[{"resource_id":"s-1","resource_name":"db",
                "resource_detail":{"id":"s-1","name":"db","state":"ENABLED","secret_type":"COMMON","event_subscriptions":[]},
                "tags":[{"key":"env","value":"prod"}],"sys_tags":null}],"total_count":1}"#,
        )
        .unwrap();
        let found = &answer.resources[0];
        assert_eq!((found.resource_id.as_deref(), found.resource_name.as_deref()), (Some("s-1"), Some("db")));
        assert_eq!(found.resource_detail.as_ref().unwrap().id, "s-1");
        assert_eq!(found.tags, [TagItem::new("env", "prod")]);
        assert!(found.sys_tags.is_empty());
        assert_eq!(answer.total_count, Some(1));
        let counted: ResourceInstanceList = decode(200, br#"{"resources":null,"total_count":7}"#).unwrap();
        assert!(counted.resources.is_empty());
        assert_eq!(counted.total_count, Some(7));
    }

    #[test]
    fn list_resource_instances_pages_by_offset_as_text() {
        assert_eq!(ListResourceInstances::PAGE_FIELD, Some("offset"));
        assert_eq!((ListSecretTags::PAGE_FIELD, ListProjectSecretsTags::PAGE_FIELD), (None, None));
        let answer = |count: usize, total: i64| -> ResourceInstanceList {
            let one = r#"{"resource_id":"r","resource_name":"db","tags":[]}"#;
            let resources = vec![one; count].join(",");
            decode(200, format!(r#"{{"resources":[{resources}],"total_count":{total}}}"#).as_bytes()).unwrap()
        };
        let first = ListResourceInstances::filter().limit(2).matches([TagMatch::resource_name("db")]);
        // No offset means 0: 5 secrets, 2 a page give offsets 2 and 4.
        let second = first.next_page(&answer(2, 5)).unwrap();
        assert_eq!(second, first.clone().offset(2));
        assert_eq!(first.next_page_position(&answer(2, 5)), Some(serde_json::json!("2")));
        let third = second.next_page(&answer(2, 5)).unwrap();
        assert_eq!(third.offset.as_deref(), Some("4"));
        assert_eq!(third.next_page(&answer(1, 5)), None, "the fifth secret is the last");
        assert_eq!(third.next_page_position(&answer(1, 5)), None);
        assert_eq!(second.next_page(&answer(0, 5)), None, "an empty page never moves on");
        let no_total: ResourceInstanceList = decode(200, br#"{"resources":[{"resource_id":"r"}]}"#).unwrap();
        assert_eq!(first.next_page(&no_total), None);
        // Counting answers no page.
        assert_eq!(ListResourceInstances::count().next_page(&answer(2, 5)), None);
    }
}
