//! The errors of the core: bad input, an error answer from a provider, or an answer that could
//! not be read.
//!
//! No message built here contains a secret value: validation errors describe the rule and the
//! size, decode errors give the position of the fault and never the text around it.

use std::fmt;

mod kind;

pub use crate::validate::ValidationError;
pub use kind::ApiErrorKind;

/// Which cloud API an error came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    /// NAVER Cloud Platform Secret Manager (or the NCP API Gateway in front of it).
    Ncp,
    /// Huawei Cloud CSMS (or the Huawei API Gateway in front of it).
    Huawei,
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Provider::Ncp => "NCP Secret Manager",
            Provider::Huawei => "Huawei CSMS",
        })
    }
}

/// HTTP statuses after which a retry may help: throttling and passing server faults.
pub(crate) fn status_is_retryable(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// The value of the first of `headers` called `name` (ASCII case-insensitive).
pub(crate) fn find_header<'h>(
    headers: impl IntoIterator<Item = (&'h str, &'h str)>,
    name: &str,
) -> Option<&'h str> {
    headers.into_iter().find(|(found, _)| found.eq_ignore_ascii_case(name)).map(|(_, value)| value)
}

/// The standard reason phrase of an HTTP status, used when an error body gives no message.
pub(crate) fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unexpected HTTP status",
    }
}

/// An error answer from a provider, in its own words, with what the SDK makes of it: its
/// [`kind`](ApiError::kind) and whether it is [`retryable`](ApiError::retryable).
///
/// Built by the decoders ([`ncp::decode`](crate::ncp::decode),
/// [`huawei::decode`](crate::huawei::decode) and their `decode_response` forms, which also read
/// the request id from the answer's headers); read through its accessors.
///
/// ```
/// use secretmanager_core::{ApiError, Provider};
/// use secretmanager_core::error::ApiErrorKind;
///
/// let err = ApiError::new(Provider::Huawei, 429, "APIG.0308", "The request is throttled")
///     .with_request_id("0d5f3c2e");
/// assert_eq!(err.kind(), ApiErrorKind::Throttled);
/// assert!(err.retryable());
/// assert_eq!(err.request_id(), Some("0d5f3c2e"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    pub(crate) provider: Provider,
    pub(crate) status: u16,
    pub(crate) code: String,
    pub(crate) message: String,
    pub(crate) details: Option<String>,
    pub(crate) request_id: Option<String>,
}

impl ApiError {
    /// The answer of `provider` with HTTP `status`, error `code` (empty when it gave none) and
    /// `message`; no details and no request id.
    pub fn new(provider: Provider, status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { provider, status, code: code.into(), message: message.into(), details: None, request_id: None }
    }

    /// The same error with NCP's `details`.
    pub fn with_details(mut self, details: impl Into<String>) -> Self {
        self.details = Some(details.into());
        self
    }

    /// The same error with the request id the provider gave.
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// The provider that answered.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The provider's error code: `INVALID_REQUEST`, `"200"` (NCP API Gateway),
    /// `CSMS.0005`...; empty when the answer gave none.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The provider's message (the status's reason phrase when the answer gave none).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// NCP's `details`, when given.
    pub fn details(&self) -> Option<&str> {
        self.details.as_deref()
    }

    /// The request id the provider gave (in the body, or in a request-id header: Huawei's
    /// `X-Request-Id`, NCP's `x-ncp-trace-id`), for the provider's support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// What kind of refusal this is, judged from the provider's code first and the HTTP
    /// status second (see [`ApiErrorKind::of`]).
    pub fn kind(&self) -> ApiErrorKind {
        ApiErrorKind::of(self.provider, self.status, &self.code)
    }

    /// Whether sending the same request again later may succeed: the provider throttled it
    /// ([`ApiErrorKind::Throttled`], or any HTTP 429, such as NCP's `"400"` Quota Exceeded), or
    /// a server fault (HTTP 500, 502, 503, 504) whose code says nothing more precise
    /// ([`ApiErrorKind::Other`]). Whether it is *safe* to send again is a separate question:
    /// see [`crate::HttpRequest::idempotent`].
    pub fn retryable(&self) -> bool {
        match self.kind() {
            ApiErrorKind::Throttled => true,
            ApiErrorKind::Other => status_is_retryable(self.status),
            _ => self.status == 429,
        }
    }

    /// Whether the API gateway in front of the service answered (signature, permission, quota),
    /// rather than the secret service itself.
    pub fn is_gateway_error(&self) -> bool {
        match self.provider {
            Provider::Ncp => !self.code.is_empty() && self.code.bytes().all(|b| b.is_ascii_digit()),
            Provider::Huawei => self.code.starts_with("APIG"),
        }
    }
}

impl ApiError {
    /// Takes every secret `redactor` knows out of the provider's texts (code, message,
    /// details, request id), zeroing the old texts.
    pub fn redact(&mut self, redactor: &crate::Redactor) {
        redactor.redact_in_place(&mut self.code);
        redactor.redact_in_place(&mut self.message);
        if let Some(details) = self.details.as_mut() {
            redactor.redact_in_place(details);
        }
        if let Some(request_id) = self.request_id.as_mut() {
            redactor.redact_in_place(request_id);
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} answered HTTP {}", self.provider, self.status)?;
        if !self.code.is_empty() {
            write!(f, " with error {}", self.code)?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(details) = self.details.as_deref().filter(|d| !d.is_empty()) {
            write!(f, " ({details})")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// Why a response body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The body was empty where JSON was expected.
    Empty,
    /// The body is not JSON (an HTML error page, plain text...).
    NotJson,
    /// The body ends in the middle of a JSON value.
    Truncated,
    /// The body is JSON but not of the documented shape.
    UnexpectedShape,
    /// A success envelope without the `data` the operation returns.
    MissingData,
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DecodeErrorKind::Empty => "the body is empty",
            DecodeErrorKind::NotJson => "the body is not JSON",
            DecodeErrorKind::Truncated => "the body is truncated",
            DecodeErrorKind::UnexpectedShape => "the body is not of the documented shape",
            DecodeErrorKind::MissingData => "the success answer has no data",
        })
    }
}

/// A response that could not be decoded. It says where the fault is, never what the body held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The provider that answered.
    pub provider: Provider,
    /// The HTTP status of the answer.
    pub status: u16,
    /// What was wrong.
    pub kind: DecodeErrorKind,
    /// 1-based line of the fault in the body, when known.
    pub line: usize,
    /// 1-based column of the fault in the body, when known.
    pub column: usize,
}

impl DecodeError {
    /// A decode error with no position.
    pub fn new(provider: Provider, status: u16, kind: DecodeErrorKind) -> Self {
        Self { provider, status, kind, line: 0, column: 0 }
    }

    /// Whether the same request may succeed if sent again later: the unreadable answer came with
    /// HTTP 429, 500, 502, 503 or 504 (a proxy's or gateway's page, say), not with a success.
    pub fn retryable(&self) -> bool {
        status_is_retryable(self.status)
    }

    /// Classifies a `serde_json` error without keeping its message (which may quote the body).
    pub fn from_json(provider: Provider, status: u16, body: &[u8], err: &serde_json::Error) -> Self {
        use serde_json::error::Category;
        let kind = match err.classify() {
            _ if body.iter().all(u8::is_ascii_whitespace) => DecodeErrorKind::Empty,
            Category::Eof => DecodeErrorKind::Truncated,
            Category::Syntax | Category::Io => DecodeErrorKind::NotJson,
            Category::Data => DecodeErrorKind::UnexpectedShape,
        };
        Self { provider, status, kind, line: err.line(), column: err.column() }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not read the {} answer (HTTP {}): {}", self.provider, self.status, self.kind)?;
        if self.line > 0 {
            write!(f, " at line {} column {}", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// Every error the core can return.
///
/// ```
/// use secretmanager_core::error::ApiErrorKind;
/// use secretmanager_core::{Error, ncp};
///
/// let err = ncp::decode::<()>(401, br#"{"error":{"errorCode":"200","message":"Authentication Failed"}}"#)
///     .unwrap_err();
/// match &err {
///     Error::Api(api) => {
///         assert_eq!(api.status(), 401);
///         assert_eq!(api.code(), "200");
///         assert_eq!(api.kind(), ApiErrorKind::Authentication);
///     }
///     other => panic!("unexpected {other}"),
/// }
/// assert!(!err.retryable());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An input broke a documented rule; nothing was sent.
    Validation(ValidationError),
    /// The provider answered with an error.
    Api(ApiError),
    /// The provider's answer could not be read.
    Decode(DecodeError),
}

impl Error {
    /// Whether the same request may succeed if sent again later ([`ApiError::retryable`],
    /// [`DecodeError::retryable`]; never for bad input). Whether it is *safe* to send again is
    /// a separate question: see [`crate::HttpRequest::idempotent`].
    pub fn retryable(&self) -> bool {
        match self {
            Error::Validation(_) => false,
            Error::Api(api) => api.retryable(),
            Error::Decode(decode) => decode.retryable(),
        }
    }

    /// The same error, with `request_id` (read from the answer's headers) as the request id of
    /// an API error whose body gave none.
    pub(crate) fn or_request_id(mut self, request_id: Option<&str>) -> Self {
        if let (Error::Api(api), Some(id)) = (&mut self, request_id.filter(|id| !id.is_empty()))
            && api.request_id.is_none()
        {
            api.request_id = Some(id.to_owned());
        }
        self
    }

    /// The HTTP status of the answer, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Validation(_) => None,
            Error::Api(api) => Some(api.status),
            Error::Decode(decode) => Some(decode.status),
        }
    }

    /// The API error, if the provider answered with one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(e) => e.fmt(f),
            Error::Api(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Validation(e) => Some(e),
            Error::Api(e) => Some(e),
            Error::Decode(e) => Some(e),
        }
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Error::Validation(e)
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(e)
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_are_classified_without_their_text() {
        let body = br#"{"data":{"active":"top-secret""#;
        let err = serde_json::from_slice::<serde_json::Value>(body).unwrap_err();
        let decoded = DecodeError::from_json(Provider::Ncp, 200, body, &err);
        assert_eq!(decoded.kind, DecodeErrorKind::Truncated);
        assert!(!decoded.to_string().contains("top-secret"));

        let body = b"<html>502</html>";
        let err = serde_json::from_slice::<serde_json::Value>(body).unwrap_err();
        assert_eq!(DecodeError::from_json(Provider::Ncp, 502, body, &err).kind, DecodeErrorKind::NotJson);

        let err = serde_json::from_slice::<serde_json::Value>(b"  ").unwrap_err();
        assert_eq!(DecodeError::from_json(Provider::Huawei, 200, b"  ", &err).kind, DecodeErrorKind::Empty);
    }

    #[test]
    fn retryability_follows_the_kind_and_the_status() {
        let ncp = |status, code: &str| ApiError::new(Provider::Ncp, status, code, "m");
        let huawei = |status, code: &str| ApiError::new(Provider::Huawei, status, code, "m");
        // Throttled, by code or by status, and any 429 (a quota per period resets).
        for api in [ncp(429, "410"), ncp(429, "420"), ncp(429, ""), ncp(429, "400"), huawei(400, "APIG.0308")]
        {
            assert!(api.retryable(), "{api}");
        }
        assert_eq!(ncp(429, "400").kind(), ApiErrorKind::Quota);
        // Server faults that say nothing more precise.
        for status in [500, 502, 503, 504] {
            assert!(ncp(status, "").retryable() && huawei(status, "CSMS.0001").retryable(), "{status}");
        }
        assert!(ncp(503, "500").retryable() && ncp(504, "510").retryable());
        // Refusals that a resend cannot change.
        for api in [
            ncp(401, "200"),
            ncp(401, "210"),
            ncp(404, "NOT_FOUND"),
            ncp(422, "INVALID_STATUS"),
            ncp(400, "INVALID_REQUEST"),
            ncp(409, ""),
            ncp(501, ""),
            huawei(400, "CSMS.0202"),
            huawei(400, "CSMS.0005"),
            huawei(500, "CSMS.0005"),
        ] {
            assert!(!api.retryable(), "{api}");
        }
        assert!(ncp(401, "200").is_gateway_error());
        assert!(!ncp(422, "INVALID_STATUS").is_gateway_error());
        assert!(huawei(429, "APIG.0308").is_gateway_error() && !huawei(400, "CSMS.0005").is_gateway_error());
    }

    #[test]
    fn accessors_read_what_was_built() {
        let api = ApiError::new(Provider::Ncp, 422, "INVALID_STATUS", "Invalid status")
            .with_details("secret is REVOKE")
            .with_request_id("trace-1");
        assert_eq!(api.provider(), Provider::Ncp);
        assert_eq!((api.status(), api.code(), api.message()), (422, "INVALID_STATUS", "Invalid status"));
        assert_eq!((api.details(), api.request_id()), (Some("secret is REVOKE"), Some("trace-1")));
        assert_eq!(api.kind(), ApiErrorKind::InvalidState);
        let plain = ApiError::new(Provider::Huawei, 400, "", "Bad Request");
        assert_eq!((plain.details(), plain.request_id()), (None, None));
        assert_eq!(plain.kind(), ApiErrorKind::InvalidRequest);
    }

    #[test]
    fn a_header_request_id_fills_only_a_missing_one() {
        let from_body =
            Error::Api(ApiError::new(Provider::Huawei, 400, "CSMS.0005", "m").with_request_id("body"));
        let kept = from_body.or_request_id(Some("header"));
        assert_eq!(kept.as_api().and_then(ApiError::request_id), Some("body"));
        let none = Error::Api(ApiError::new(Provider::Huawei, 400, "CSMS.0005", "m"));
        let filled = none.clone().or_request_id(Some("header"));
        assert_eq!(filled.as_api().and_then(ApiError::request_id), Some("header"));
        assert_eq!(none.clone().or_request_id(Some("")).as_api().and_then(ApiError::request_id), None);
        assert_eq!(none.or_request_id(None).as_api().and_then(ApiError::request_id), None);
        let decode = Error::Decode(DecodeError::new(Provider::Ncp, 200, DecodeErrorKind::Empty));
        assert_eq!(decode.clone().or_request_id(Some("header")), decode);
    }
}
