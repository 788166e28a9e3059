//! Get Secret Logs (operation 5): the actions taken on a secret, newest first. The job tokens
//! of executed rotations are found here.

use std::fmt;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::{secret_path, validate_secret_id};
use crate::Operation;
use crate::encode::Query;
use crate::http::Method;
use crate::ncp::Ncp;
use crate::ncp::wire::EpochMillis;
use crate::secret::Redacted;
use crate::validate::{self, Rule, ValidationError};
use crate::wire::{lenient, string_enum};

string_enum! {
    /// The outcome of a logged action.
    pub enum LogResult {
        /// The action succeeded.
        Success = "SUCCESS",
        /// The action failed.
        Fail = "FAIL",
    }
}

/// One logged action.
///
/// The entry's fields are not documented, so each is read leniently and none can fail the
/// page: a missing, `null` or unreadable field is empty (`""` or `None`), a number or boolean
/// where text is expected is its text (a numeric `logId` is its decimal digits), `createDate`
/// is milliseconds as a number or as text, or an RFC 3339 date-time, and a `result` other
/// than `SUCCESS` / `FAIL` is kept in [`LogResult::Other`]. Unknown fields are ignored.
///
/// `Debug` and serialization print the job token as a redaction marker (it authorises the
/// job's steps).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SecretLogEntry {
    /// Log id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub log_id: String,
    /// Secret id.
    #[serde(default, deserialize_with = "lenient::string")]
    pub secret_id: String,
    /// The action, named as the API reference names operations (`Execute Rotation Job`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub action: String,
    /// The job token, when the action concerns a rotation job. It authorises the job's steps:
    /// serialized as the redaction marker.
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        serialize_with = "crate::secret::serialize_redacted",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(extend("x-secret" = true))]
    pub job_token: Option<String>,
    /// The outcome.
    #[serde(default, deserialize_with = "lenient::opt_text_enum", skip_serializing_if = "Option::is_none")]
    pub result: Option<LogResult>,
    /// When the action was taken.
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_millis",
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<EpochMillis>,
}

impl fmt::Debug for SecretLogEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretLogEntry")
            .field("log_id", &self.log_id)
            .field("secret_id", &self.secret_id)
            .field("action", &self.action)
            .field("job_token", &Redacted::if_some(&self.job_token))
            .field("result", &self.result)
            .field("create_date", &self.create_date)
            .finish()
    }
}

/// A page of a secret's log, as Get Secret Logs answers it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SecretLogPage {
    /// Entries per page.
    #[serde(default)]
    pub page_size: u32,
    /// This page's number.
    #[serde(default)]
    pub current_page: u32,
    /// Number of pages.
    #[serde(default)]
    pub total_page: u32,
    /// Number of entries in all pages.
    #[serde(default)]
    pub total_count: u32,
    /// Whether the result is paged.
    #[serde(default)]
    pub paged: bool,
    /// The entries of this page, newest first (`result` on the wire). An element that is not
    /// an entry (`null`, a string, a number, an object repeating a field) is skipped; `null`
    /// or anything but an array is no entries.
    #[serde(rename(deserialize = "result"), default, deserialize_with = "lenient::vec_skipping_invalid")]
    pub entries: Vec<SecretLogEntry>,
}

/// **Get Secret Logs**: `GET /api/v1/secrets/{secretId}/logs` with the optional query
/// `pageNo` (from 1), `pageSize` (from 1; NCP's default 100), `timestampFrom`, `timestampTo`
/// (dates as milliseconds since the epoch; from ≤ to) and `keyword` (matches the action text or a job
/// token), sent in that order and percent-encoded (a space is `%20`).
///
/// Idempotent: it reads.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use secretmanager_core::ncp::{GetSecretLogs, Operation as _};
///
/// let since = UNIX_EPOCH + Duration::from_millis(1_753_067_196_000);
/// let op = GetSecretLogs::new("sid").page_no(1).page_size(1).timestamp_from(since).keyword("Get Secret Log");
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!(
///     path,
///     "/api/v1/secrets/sid/logs?pageNo=1&pageSize=1&timestampFrom=1753067196000&keyword=Get%20Secret%20Log"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct GetSecretLogs {
    /// Secret id (in the path).
    pub secret_id: String,
    /// Page to read, from 1.
    pub page_no: Option<u32>,
    /// Entries per page, from 1.
    pub page_size: Option<u32>,
    /// Oldest time to include (not before 1970).
    pub timestamp_from: Option<EpochMillis>,
    /// Newest time to include (not before 1970).
    pub timestamp_to: Option<EpochMillis>,
    /// Text to look for in the action or the job token (not empty).
    pub keyword: Option<String>,
}

impl GetSecretLogs {
    /// The first page of `secret_id`'s log, unfiltered.
    pub fn new(secret_id: impl Into<String>) -> Self {
        Self {
            secret_id: secret_id.into(),
            page_no: None,
            page_size: None,
            timestamp_from: None,
            timestamp_to: None,
            keyword: None,
        }
    }

    /// Reads page `page_no` (1 or more).
    pub fn page_no(mut self, page_no: u32) -> Self {
        self.page_no = Some(page_no);
        self
    }

    /// Reads `page_size` entries per page (1 to [`MAX_LIST_ITEMS`](crate::MAX_LIST_ITEMS)).
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = Some(page_size);
        self
    }

    /// Leaves out entries older than `time`.
    pub fn timestamp_from(mut self, time: SystemTime) -> Self {
        self.timestamp_from = Some(EpochMillis::from_system_time(time));
        self
    }

    /// Leaves out entries newer than `time`.
    pub fn timestamp_to(mut self, time: SystemTime) -> Self {
        self.timestamp_to = Some(EpochMillis::from_system_time(time));
        self
    }

    /// Keeps only entries whose action or job token contains `keyword`.
    pub fn keyword(mut self, keyword: impl Into<String>) -> Self {
        self.keyword = Some(keyword.into());
        self
    }
}

fn validate_timestamp(field: &'static str, time: Option<EpochMillis>) -> Result<(), ValidationError> {
    match time {
        Some(EpochMillis(ms)) if ms < 0 => Err(ValidationError::new(field, Rule::BeforeUnixEpoch)),
        _ => Ok(()),
    }
}

impl Operation for GetSecretLogs {
    type Provider = Ncp;
    type Output = SecretLogPage;
    const NAME: &'static str = "Get Secret Logs";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_secret_id(&self.secret_id)?;
        if let Some(page) = self.page_no {
            validate::range("pageNo", i64::from(page), 1, i64::from(u32::MAX))?;
        }
        if let Some(size) = self.page_size {
            // A longer page could not be decoded (see MAX_LIST_ITEMS).
            validate::range("pageSize", i64::from(size), 1, crate::MAX_LIST_ITEMS as i64)?;
        }
        validate_timestamp("timestampFrom", self.timestamp_from)?;
        validate_timestamp("timestampTo", self.timestamp_to)?;
        if let (Some(from), Some(to)) = (self.timestamp_from, self.timestamp_to)
            && from > to
        {
            let rule = Rule::Range { min: from.0, max: i64::MAX, actual: to.0 };
            return Err(ValidationError::new("timestampTo", rule));
        }
        if let Some(keyword) = &self.keyword {
            validate::identifier("keyword", keyword, validate::IDENTIFIER_MAX_BYTES)?;
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        secret_path(out, &self.secret_id);
        out.push_str("/logs");
        Query::new(out)
            .optional("pageNo", self.page_no)
            .optional("pageSize", self.page_size)
            .optional("timestampFrom", self.timestamp_from.map(|t| t.0))
            .optional("timestampTo", self.timestamp_to.map(|t| t.0))
            .optional("keyword", self.keyword.as_deref());
    }

    fn collect_secrets(&self, redactor: &mut crate::Redactor) {
        // A keyword may be a job token.
        if let Some(keyword) = &self.keyword {
            redactor.add(keyword);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::ncp::{Credentials, Endpoint, RequestFactory, SIGNATURE_HEADER, decode};

    fn at(millis: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(millis)
    }

    fn path_of(op: &GetSecretLogs) -> String {
        let mut path = String::new();
        op.write_path(&mut path);
        path
    }

    #[test]
    fn query_is_written_in_order_and_escaped() {
        assert_eq!(path_of(&GetSecretLogs::new("a b")), "/api/v1/secrets/a%20b/logs");
        let op = GetSecretLogs::new("s")
            .keyword("Rotation Job & co/100%")
            .timestamp_to(at(1_753_067_196_999))
            .timestamp_from(UNIX_EPOCH)
            .page_size(100)
            .page_no(2);
        assert_eq!(
            path_of(&op),
            "/api/v1/secrets/s/logs?pageNo=2&pageSize=100&timestampFrom=0&timestampTo=1753067196999&keyword=Rotation%20Job%20%26%20co%2F100%25"
        );
    }

    #[test]
    fn signed_as_in_the_reference_vector() {
        let factory = RequestFactory::new(Endpoint::kr_global(), &Credentials::new("AK_TEST", "SK_TEST"));
        let op = GetSecretLogs::new("abc123").page_no(1).page_size(1).keyword("Get Secret Log");
        let request = factory.build_at_millis(&op, 1_700_000_000_000).unwrap();
        assert!(
            request
                .url
                .ends_with("/api/v1/secrets/abc123/logs?pageNo=1&pageSize=1&keyword=Get%20Secret%20Log")
        );
        assert_eq!(request.header(SIGNATURE_HEADER), Some("/vaeJuH8/f5cnLIMv9vcZLpWW80GJdrJ/SkWg68HT+8="));
    }

    #[test]
    fn every_parameter_is_checked_at_its_limits() {
        let field = |op: GetSecretLogs| op.validate().unwrap_err().field;
        assert!(GetSecretLogs::new("s").page_no(1).page_size(1).validate().is_ok());
        assert_eq!(field(GetSecretLogs::new("s").page_no(0)), "pageNo");
        assert_eq!(field(GetSecretLogs::new("s").page_size(0)), "pageSize");
        assert_eq!(field(GetSecretLogs::new("s").page_size(1001)), "pageSize");
        assert!(GetSecretLogs::new("s").page_size(1000).validate().is_ok());
        // The keyword goes in the query: dots are text there, not path segments.
        assert!(GetSecretLogs::new("s").keyword("..").validate().is_ok());
        assert_eq!(field(GetSecretLogs::new("s").keyword("k".repeat(1025))), "keyword");
        assert_eq!(field(GetSecretLogs::new("")), "secretId");
        assert_eq!(field(GetSecretLogs::new("s").keyword("")), "keyword");
        assert_eq!(field(GetSecretLogs::new("s").keyword("a\nb")), "keyword");
        assert!(GetSecretLogs::new("s").timestamp_from(at(5)).timestamp_to(at(5)).validate().is_ok());
        let err = GetSecretLogs::new("s").timestamp_from(at(6)).timestamp_to(at(5)).validate().unwrap_err();
        assert_eq!((err.field, err.rule), ("timestampTo", Rule::Range { min: 6, max: i64::MAX, actual: 5 }));
        let before_epoch = UNIX_EPOCH - Duration::from_millis(1);
        let err = GetSecretLogs::new("s").timestamp_from(before_epoch).validate().unwrap_err();
        assert_eq!((err.field, err.rule), ("timestampFrom", Rule::BeforeUnixEpoch));
        assert_eq!(field(GetSecretLogs::new("s").timestamp_to(before_epoch)), "timestampTo");
        let mut op = GetSecretLogs::new("s");
        op.timestamp_to = Some(EpochMillis(i64::MAX));
        assert!(op.validate().is_ok());
    }

    #[test]
    fn log_page_decodes() {
        let body = br#"{"code":"SUCCESS","data":{"pageSize":100,"currentPage":1,"totalPage":1,"totalCount":2,
            "paged":true,"result":[
              {"logId":"l2","secretId":"s1","action":"Execute Rotation Job","jobToken":"tok-9",
               "result":"SUCCESS","createDate":1753067196001},
              {"logId":"l1","secretId":"s1","action":"Get Secret Value","result":"FAIL","createDate":1753067196000}]}}"#;
        let page: SecretLogPage = decode(200, body).unwrap();
        assert_eq!((page.page_size, page.current_page, page.total_page, page.total_count), (100, 1, 1, 2));
        assert!(page.paged);
        assert_eq!(page.entries.len(), 2);
        assert_eq!(page.entries[0].job_token.as_deref(), Some("tok-9"));
        assert_eq!(page.entries[0].result, Some(LogResult::Success));
        assert_eq!(page.entries[1].job_token, None);
        assert_eq!(page.entries[1].result, Some(LogResult::Fail));
        assert_eq!(page.entries[1].create_date, Some(EpochMillis(1_753_067_196_000)));
        let empty: SecretLogPage = decode(200, br#"{"code":"SUCCESS","data":{"result":[]}}"#).unwrap();
        assert!(empty.entries.is_empty());
    }
    /// Decodes one entry through a whole page, as the client does.
    fn entry(json: &str) -> SecretLogEntry {
        let body = format!(r#"{{"code":"SUCCESS","data":{{"result":[{json}]}}}}"#);
        let mut page: SecretLogPage =
            decode(200, body.as_bytes()).unwrap_or_else(|e| panic!("{json} failed the page: {e}"));
        assert_eq!(page.entries.len(), 1, "{json}");
        page.entries.remove(0)
    }

    #[test]
    fn hostile_entry_fields_never_fail_the_page() {
        struct Case {
            json: &'static str,
            log_id: &'static str,
            action: &'static str,
            job_token: Option<&'static str>,
            result: Option<LogResult>,
            create_date: Option<i64>,
        }
        let case = |json, log_id, action, job_token, result, create_date| Case {
            json,
            log_id,
            action,
            job_token,
            result,
            create_date,
        };
        let other = |word: &str| Some(LogResult::Other(word.into()));
        let cases = [
            case("{}", "", "", None, None, None),
            case(
                r#"{"logId":null,"action":null,"jobToken":null,"result":null,"createDate":null}"#,
                "",
                "",
                None,
                None,
                None,
            ),
            case(r#"{"logId":12345678901234}"#, "12345678901234", "", None, None, None),
            case(r#"{"logId":-7,"action":true}"#, "-7", "true", None, None, None),
            case(r#"{"logId":1.5}"#, "1.5", "", None, None, None),
            case(r#"{"logId":{"id":1},"action":["Get"]}"#, "", "", None, None, None),
            case(r#"{"jobToken":42}"#, "", "", Some("42"), None, None),
            case(r#"{"jobToken":{"token":"t"}}"#, "", "", None, None, None),
            case(r#"{"jobToken":""}"#, "", "", Some(""), None, None),
            case(r#"{"result":"SUCCESS"}"#, "", "", None, Some(LogResult::Success), None),
            case(r#"{"result":"PARTIAL"}"#, "", "", None, other("PARTIAL"), None),
            case(r#"{"result":"success"}"#, "", "", None, other("success"), None),
            case(r#"{"result":0}"#, "", "", None, other("0"), None),
            case(r#"{"result":{"code":"SUCCESS"}}"#, "", "", None, None, None),
            case(r#"{"createDate":1753067196000}"#, "", "", None, None, Some(1_753_067_196_000)),
            case(r#"{"createDate":"1753067196000"}"#, "", "", None, None, Some(1_753_067_196_000)),
            case(r#"{"createDate":" -5 "}"#, "", "", None, None, Some(-5)),
            case(r#"{"createDate":1.753067196E12}"#, "", "", None, None, Some(1_753_067_196_000)),
            case(r#"{"createDate":1753067196000.5}"#, "", "", None, None, None),
            case(r#"{"createDate":"2025-07-21T03:06:36.001Z"}"#, "", "", None, None, Some(1_753_067_196_001)),
            case(
                r#"{"createDate":"2025-07-21T12:06:36+09:00"}"#,
                "",
                "",
                None,
                None,
                Some(1_753_067_196_000),
            ),
            case(r#"{"createDate":"2025-07-21 12:06:36"}"#, "", "", None, None, None),
            case(r#"{"createDate":"yesterday"}"#, "", "", None, None, None),
            case(r#"{"createDate":"99999999999999999999"}"#, "", "", None, None, None),
            case(r#"{"createDate":18446744073709551615}"#, "", "", None, None, None),
            case(r#"{"createDate":-9223372036854775808}"#, "", "", None, None, Some(i64::MIN)),
            case(r#"{"createDate":true}"#, "", "", None, None, None),
            case(r#"{"createDate":[1753067196000]}"#, "", "", None, None, None),
            case(r#"{"createDate":{"ms":1}}"#, "", "", None, None, None),
            case(
                r#"{"unknown":{"deep":[1,{"x":null}]},"action":"Get Secret Value"}"#,
                "",
                "Get Secret Value",
                None,
                None,
                None,
            ),
        ];
        for c in cases {
            let entry = entry(c.json);
            assert_eq!(entry.log_id, c.log_id, "{}", c.json);
            assert_eq!(entry.action, c.action, "{}", c.json);
            assert_eq!(entry.job_token.as_deref(), c.job_token, "{}", c.json);
            assert_eq!(entry.result, c.result, "{}", c.json);
            assert_eq!(entry.create_date, c.create_date.map(EpochMillis), "{}", c.json);
        }
    }

    #[test]
    fn hostile_entries_are_skipped_and_null_is_no_entries() {
        let body = br#"{"code":"SUCCESS","data":{"totalCount":5,"result":[
            null, "text", 7, true, {"logId":"kept-1"}, {"logId":"a","logId":"b"}, {"logId":"kept-2"}]}}"#;
        let page: SecretLogPage = decode(200, body).unwrap();
        let ids: Vec<&str> = page.entries.iter().map(|e| e.log_id.as_str()).collect();
        assert_eq!(ids, ["kept-1", "kept-2"]);
        assert_eq!(page.total_count, 5);
        for result in ["null", "{}", "\"none\"", "3"] {
            let body = format!(r#"{{"code":"SUCCESS","data":{{"result":{result}}}}}"#);
            let page: SecretLogPage = decode(200, body.as_bytes()).unwrap();
            assert!(page.entries.is_empty(), "{result}");
        }
    }

    #[test]
    fn debug_hides_the_job_token_of_a_leniently_read_entry() {
        let entry = entry(r#"{"logId":9,"jobToken":"tok-Zq8x","result":"SUCCESS"}"#);
        assert_eq!(entry.job_token.as_deref(), Some("tok-Zq8x"));
        let printed = format!("{entry:?}");
        assert!(!printed.contains("tok-Zq8x"), "{printed}");
        assert!(printed.contains("job_token: Some(** redacted **)"), "{printed}");
        assert!(printed.contains("log_id: \"9\""), "{printed}");
    }
}
