//! The errors of the core: bad input, an error answer from a provider, or an answer that could
//! not be read.
//!
//! No message built here contains a secret value: validation errors describe the rule and the
//! size, decode errors give the position of the fault and never the text around it.

use std::fmt;

pub use crate::validate::ValidationError;

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

/// An error answer from a provider, in its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The provider that answered.
    pub provider: Provider,
    /// The HTTP status.
    pub status: u16,
    /// The provider's error code: `INVALID_REQUEST`, `"200"` (NCP API Gateway), `CSMS.0005`...
    pub code: String,
    /// The provider's message.
    pub message: String,
    /// NCP's `details`, when given.
    pub details: Option<String>,
    /// The request id the provider gave (`request_id` in the body or a request-id header).
    pub request_id: Option<String>,
}

impl ApiError {
    /// Whether the API gateway in front of the service answered (signature, permission, quota),
    /// rather than the secret service itself.
    pub fn is_gateway_error(&self) -> bool {
        match self.provider {
            Provider::Ncp => !self.code.is_empty() && self.code.bytes().all(|b| b.is_ascii_digit()),
            Provider::Huawei => self.code.starts_with("APIG"),
        }
    }

    /// Whether the gateway refused the credentials or signature (NCP `"200"` Authentication
    /// Failed, Huawei `APIGW.0301`). A wrong clock causes this too.
    pub fn is_authentication_failure(&self) -> bool {
        match self.provider {
            Provider::Ncp => self.code == "200",
            Provider::Huawei => self.code == "APIGW.0301",
        }
    }

    /// Whether sending the same request again later may succeed: throttling (HTTP 429, NCP
    /// gateway code `"400"` Quota Exceeded, Huawei `APIG.0308`) and 500/502/503/504.
    pub fn is_retryable(&self) -> bool {
        status_is_retryable(self.status)
            || (self.provider == Provider::Ncp && self.code == "400" && self.status == 429)
            || (self.provider == Provider::Huawei && self.code == "APIG.0308")
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
/// use secretmanager_core::{Error, ncp};
///
/// let err = ncp::decode::<()>(401, br#"{"error":{"errorCode":"200","message":"Authentication Failed"}}"#)
///     .unwrap_err();
/// match &err {
///     Error::Api(api) => {
///         assert_eq!(api.status, 401);
///         assert_eq!(api.code, "200");
///         assert!(api.is_authentication_failure());
///     }
///     other => panic!("unexpected {other}"),
/// }
/// assert!(!err.is_retryable());
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
    /// Whether the same request may succeed if sent again later. Whether it is *safe* to send
    /// again is a separate question: see [`crate::HttpRequest::idempotent`].
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Validation(_) => false,
            Error::Api(api) => api.is_retryable(),
            Error::Decode(decode) => status_is_retryable(decode.status),
        }
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
    fn retryability_follows_status_and_codes() {
        let api = |status, code: &str| ApiError {
            provider: Provider::Ncp,
            status,
            code: code.into(),
            message: String::new(),
            details: None,
            request_id: None,
        };
        assert!(api(429, "400").is_retryable());
        assert!(api(503, "").is_retryable());
        assert!(!api(401, "200").is_retryable());
        assert!(api(401, "200").is_gateway_error());
        assert!(!api(422, "INVALID_STATUS").is_gateway_error());
        assert!(!api(400, "INVALID_REQUEST").is_retryable());
    }
}
