//! The one error type of every client, blocking or async.
//!
//! It keeps the core's three kinds (bad input, an API error answer, an unreadable answer) and
//! adds what only a transport can meet: missing credentials, timeouts, broken connections and
//! bad configuration. No message contains a secret key, a token or a secret value.

use std::fmt;

pub use secretmanager_core::{ApiError, ApiErrorKind, DecodeError, ValidationError};

/// Every error a client (blocking or async) can return.
///
/// ```
/// use secretmanager_engine::{Error, TransportErrorKind};
///
/// let err = Error::transport(TransportErrorKind::ConnectFailed, "connection refused");
/// assert!(!err.request_may_have_been_sent());
/// assert_eq!(err.status(), None);
/// assert!(err.api().is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An input broke a documented rule; nothing was sent.
    Validation(ValidationError),
    /// The provider answered with an error (its status, code and message).
    Api(ApiError),
    /// The provider's answer could not be read.
    Decode(DecodeError),
    /// No credentials were found, or the ones found are incomplete.
    Credentials(CredentialsError),
    /// A timeout fired before the answer was complete.
    Timeout(TimeoutError),
    /// The connection failed or broke, or the answer broke the HTTP protocol.
    Transport(TransportError),
    /// The client was configured with an unusable value (a bad URL, proxy, ...).
    Config(String),
    /// The request may have been applied, and nothing tells whether it was: its answer was
    /// lost (the connection broke, the answer timed out or could not be read) and the
    /// operation is one that cannot be resent blindly, or reading the state back could not
    /// settle it. Never a plain failure: look the outcome up as
    /// [`OutcomeUnknown::settled_by`] says before acting on it.
    OutcomeUnknown(OutcomeUnknown),
}

impl Error {
    /// A transport error of `kind` with a short description.
    pub fn transport(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Error::Transport(TransportError { kind, message: message.into() })
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status()),
            Error::Decode(decode) => Some(decode.status),
            Error::OutcomeUnknown(unknown) => unknown.cause.status(),
            _ => None,
        }
    }

    /// The provider's error answer, when it gave one (for an unknown outcome, the answer that
    /// left it unknown, such as the refusal of a resend).
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            Error::OutcomeUnknown(unknown) => unknown.cause.api(),
            _ => None,
        }
    }

    /// This error with every secret `collect` adds to a redactor taken out of the texts that
    /// came from the provider or the HTTP layer; the secrets are gathered only when there is
    /// such a text. Every client applies it to the error a call returns.
    pub fn redacted(mut self, collect: impl FnOnce(&mut secretmanager_core::Redactor)) -> Self {
        if self.has_foreign_text() {
            let mut redactor = secretmanager_core::Redactor::default();
            collect(&mut redactor);
            self.redact(&redactor);
        }
        self
    }

    /// Takes every secret `redactor` knows out of the texts that came from the provider or the
    /// HTTP layer (an API error's message and details, transport and configuration messages).
    fn redact(&mut self, redactor: &secretmanager_core::Redactor) {
        match self {
            Error::Api(api) => api.redact(redactor),
            Error::Transport(transport) => redactor.redact_in_place(&mut transport.message),
            Error::Config(message) => redactor.redact_in_place(message),
            Error::OutcomeUnknown(unknown) => unknown.cause.redact(redactor),
            Error::Validation(_) | Error::Decode(_) | Error::Credentials(_) | Error::Timeout(_) => {}
        }
    }

    /// Whether this error holds text from the provider or the HTTP layer.
    fn has_foreign_text(&self) -> bool {
        match self {
            Error::Api(_) | Error::Transport(_) | Error::Config(_) => true,
            Error::OutcomeUnknown(unknown) => unknown.cause.has_foreign_text(),
            Error::Validation(_) | Error::Decode(_) | Error::Credentials(_) | Error::Timeout(_) => false,
        }
    }

    /// Whether this is [`Error::OutcomeUnknown`]: the request may have been applied.
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Error::OutcomeUnknown(_))
    }

    /// Whether this attempt's outcome is unknown: the request may have reached the server and
    /// no readable answer came back (a broken connection, a timeout after sending, an answer
    /// that broke the protocol, was too large, or a success answer that could not be read), or
    /// the answer does not say whether it was applied (500, 502 and 504: a gateway may answer so
    /// after the service applied the request).
    pub fn leaves_outcome_unknown(&self) -> bool {
        match self {
            Error::Timeout(t) => t.may_have_been_sent(),
            Error::Transport(t) => t.kind.may_have_been_sent(),
            Error::Api(api) => matches!(api.status(), 500 | 502 | 504),
            Error::Decode(d) => matches!(d.status, 200..=299 | 500 | 502 | 504),
            Error::OutcomeUnknown(_) => true,
            _ => false,
        }
    }

    /// The provider's error code (`INVALID_STATUS`, `"200"`, `CSMS.0005`...), when it gave one.
    pub fn code(&self) -> Option<&str> {
        self.api().map(ApiError::code)
    }

    /// The kind of the provider's error answer ([`ApiError::kind`]), when it gave one (for an
    /// unknown outcome, the kind of the answer that left it unknown).
    ///
    /// ```
    /// use secretmanager_engine::{ApiError, ApiErrorKind, Error};
    /// use secretmanager_core::Provider;
    ///
    /// let err = Error::Api(ApiError::new(Provider::Huawei, 400, "CSMS.0005", "missing"));
    /// assert_eq!(err.kind(), Some(ApiErrorKind::NotFound));
    /// assert_eq!(Error::Config("bad URL".into()).kind(), None);
    /// ```
    pub fn kind(&self) -> Option<ApiErrorKind> {
        self.api().map(ApiError::kind)
    }

    /// The request id the provider gave with its error answer (Huawei's `X-Request-Id` or body
    /// `request_id`, NCP's `x-ncp-trace-id`), for the provider's support; `None` when there was
    /// no error answer or it carried no id.
    pub fn request_id(&self) -> Option<&str> {
        self.api().and_then(ApiError::request_id)
    }

    /// Whether the request may have reached the server, so that its effect is unknown.
    /// `false` only when it surely did not: bad input, missing credentials, bad configuration,
    /// or a connection that could not be opened.
    pub fn request_may_have_been_sent(&self) -> bool {
        match self {
            Error::Validation(_) | Error::Credentials(_) | Error::Config(_) => false,
            Error::Api(_) | Error::Decode(_) | Error::OutcomeUnknown(_) => true,
            Error::Timeout(t) => t.may_have_been_sent(),
            Error::Transport(t) => t.kind.may_have_been_sent(),
        }
    }

    /// Whether the same request may succeed if sent again later: an API error that is
    /// [`ApiError::retryable`] (throttling, passing server faults), an unreadable answer with
    /// such a status, a timeout or a connection that could not be opened or broke. This is the
    /// judgment the clients' retry loop applies; whether it is *safe* to send again depends on
    /// the operation, which the loop decides too. Never for an unknown outcome: the request may
    /// have been applied.
    pub fn retryable(&self) -> bool {
        match self {
            Error::Api(api) => api.retryable(),
            Error::Decode(decode) => decode.retryable(),
            Error::Timeout(_) => true,
            Error::Transport(t) => {
                matches!(t.kind, TransportErrorKind::ConnectFailed | TransportErrorKind::ConnectionLost)
            }
            _ => false,
        }
    }

    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(e) => write!(f, "invalid input: {e}"),
            Error::Api(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::Credentials(e) => e.fmt(f),
            Error::Timeout(e) => e.fmt(f),
            Error::Transport(e) => e.fmt(f),
            Error::Config(message) => write!(f, "invalid client configuration: {message}"),
            Error::OutcomeUnknown(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Validation(e) => Some(e),
            Error::Api(e) => Some(e),
            Error::Decode(e) => Some(e),
            Error::Credentials(e) => Some(e),
            Error::Timeout(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::Config(_) => None,
            Error::OutcomeUnknown(e) => Some(e),
        }
    }
}

impl From<secretmanager_core::Error> for Error {
    fn from(e: secretmanager_core::Error) -> Self {
        match e {
            secretmanager_core::Error::Validation(v) => Error::Validation(v),
            secretmanager_core::Error::Api(a) => Error::Api(a),
            secretmanager_core::Error::Decode(d) => Error::Decode(d),
            other => Error::Config(other.to_string()),
        }
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Error::Validation(e)
    }
}

impl From<CredentialsError> for Error {
    fn from(e: CredentialsError) -> Self {
        Error::Credentials(e)
    }
}

/// A request that may have been applied, with nothing to tell whether it was.
///
/// ```
/// use secretmanager_engine::{Error, OutcomeUnknown, TransportErrorKind};
///
/// let err = Error::OutcomeUnknown(OutcomeUnknown {
///     operation: "Create Secret",
///     settled_by: "Get Secret List",
///     cause: Box::new(Error::transport(TransportErrorKind::ConnectionLost, "reset")),
/// });
/// assert!(err.is_outcome_unknown() && err.request_may_have_been_sent());
/// assert!(err.to_string().contains("Get Secret List"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeUnknown {
    /// The operation, as the API reference names it (`Complete Rotation Job`, `RotateSecret`).
    pub operation: &'static str,
    /// The operation that tells whether it took effect (`Get Secret Logs`, `ListSecretTask`).
    pub settled_by: &'static str,
    /// What left the outcome unknown: the lost answer, or the refusal of a resend that reading
    /// the state back could not explain.
    pub cause: Box<Error>,
}

impl fmt::Display for OutcomeUnknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} may have been applied: {} (read {} to find out)",
            self.operation, self.cause, self.settled_by
        )
    }
}

impl std::error::Error for OutcomeUnknown {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.cause.as_ref())
    }
}

/// No usable credentials were found. The message names every place that was looked at, and
/// never a key's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    /// What is missing, e.g. `"NCP secret key"`.
    pub missing: String,
    /// Every place looked at, in order (environment variables, files).
    pub searched: Vec<String>,
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no {} found; looked in: {}", self.missing, self.searched.join(", "))
    }
}

impl std::error::Error for CredentialsError {}

/// The phase of an exchange in which a timeout fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutPhase {
    /// Resolving the host name or opening the connection (TCP, TLS, proxy): nothing was sent.
    Connect,
    /// Sending the request or waiting for and reading the answer.
    Response,
    /// The call's deadline, reached while an attempt was under way.
    Total,
    /// The call's deadline, reached before a retry could be sent: that attempt was not sent
    /// (an earlier one may have been).
    BeforeRetry,
}

/// A timeout fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutError {
    /// When it fired.
    pub phase: TimeoutPhase,
}

impl TimeoutError {
    /// Whether the request may have reached the server (any phase but [`TimeoutPhase::Connect`]
    /// and [`TimeoutPhase::BeforeRetry`]).
    pub fn may_have_been_sent(&self) -> bool {
        !matches!(self.phase, TimeoutPhase::Connect | TimeoutPhase::BeforeRetry)
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.phase {
            TimeoutPhase::Connect => "timed out while connecting (the request was not sent)",
            TimeoutPhase::Response => "timed out waiting for the answer (the request may have been applied)",
            TimeoutPhase::Total => "the overall time limit ran out (the request may have been applied)",
            TimeoutPhase::BeforeRetry => {
                "the overall time limit ran out before the request could be sent again"
            }
        })
    }
}

impl std::error::Error for TimeoutError {}

/// What went wrong on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be opened (DNS, refused, unreachable, TLS handshake, proxy):
    /// the request surely did not reach the server.
    ConnectFailed,
    /// An I/O error on an open connection (reset, closed early, even "refused" or
    /// "unreachable" reported once the connection was up), while or after the request was
    /// written: the request may have been applied.
    ConnectionLost,
    /// The answer broke the HTTP protocol.
    Protocol,
    /// The answer's body is larger than the configured limit.
    ResponseTooLarge,
}

impl TransportErrorKind {
    /// Whether a request that met this error may have reached the server.
    pub fn may_have_been_sent(self) -> bool {
        self != TransportErrorKind::ConnectFailed
    }
}

/// A connection or protocol failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    /// What happened, and whether the request may have reached the server.
    pub kind: TransportErrorKind,
    /// A short description from the HTTP layer.
    pub message: String,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::ConnectFailed => "could not connect (the request was not sent)",
            TransportErrorKind::ConnectionLost => "the connection broke (the request may have been applied)",
            TransportErrorKind::Protocol => "the answer broke the HTTP protocol",
            TransportErrorKind::ResponseTooLarge => "the answer is larger than the configured limit",
        };
        write!(f, "{what}: {}", self.message)
    }
}

impl std::error::Error for TransportError {}

#[cfg(test)]
mod tests {
    use super::*;
    use secretmanager_core::Provider;

    fn api(status: u16, code: &str) -> Error {
        Error::Api(ApiError::new(Provider::Ncp, status, code, "m"))
    }

    #[test]
    fn helpers_read_status_code_kind_and_request_id() {
        let err = api(422, "INVALID_STATUS");
        assert_eq!(err.status(), Some(422));
        assert_eq!(err.code(), Some("INVALID_STATUS"));
        assert_eq!(err.kind(), Some(ApiErrorKind::InvalidState));
        assert_eq!(err.request_id(), None);
        assert!(!err.retryable());
        assert!(api(503, "").retryable());
        assert!(api(429, "400").retryable());
        let traced =
            Error::Api(ApiError::new(Provider::Huawei, 429, "APIG.0308", "m").with_request_id("r-1"));
        assert_eq!((traced.kind(), traced.request_id()), (Some(ApiErrorKind::Throttled), Some("r-1")));
    }

    #[test]
    fn an_unknown_outcome_keeps_its_cause_kind_and_request_id_but_is_never_retryable() {
        let cause =
            Error::Api(ApiError::new(Provider::Ncp, 504, "510", "Endpoint Timeout").with_request_id("t"));
        assert!(cause.retryable());
        let unknown = Error::OutcomeUnknown(OutcomeUnknown {
            operation: "Create Secret",
            settled_by: "Get Secret List",
            cause: Box::new(cause),
        });
        assert_eq!((unknown.kind(), unknown.request_id()), (Some(ApiErrorKind::Other), Some("t")));
        assert!(!unknown.retryable());
    }

    #[test]
    fn errors_without_an_answer_have_no_kind_and_follow_the_transport() {
        let lost = Error::transport(TransportErrorKind::ConnectionLost, "reset");
        let protocol = Error::transport(TransportErrorKind::Protocol, "bad head");
        let timeout = Error::Timeout(TimeoutError { phase: TimeoutPhase::Response });
        assert_eq!((lost.kind(), lost.request_id()), (None, None));
        assert!(lost.retryable() && timeout.retryable() && !protocol.retryable());
        assert!(!Error::Config("x".into()).retryable());
    }

    #[test]
    fn sent_or_not_follows_the_phase() {
        let connect = Error::Timeout(TimeoutError { phase: TimeoutPhase::Connect });
        assert!(!connect.request_may_have_been_sent());
        let read = Error::Timeout(TimeoutError { phase: TimeoutPhase::Response });
        assert!(read.request_may_have_been_sent());
        assert!(read.is_timeout());
        let lost = Error::transport(TransportErrorKind::ConnectionLost, "reset");
        assert!(lost.request_may_have_been_sent());
        assert!(lost.to_string().contains("may have been applied"));
    }

    #[test]
    fn credentials_error_lists_every_place() {
        let err = CredentialsError {
            missing: "NCP access key".into(),
            searched: vec!["env NCLOUD_ACCESS_KEY".into(), "file ~/.ncloud/configure".into()],
        };
        let text = err.to_string();
        assert!(text.contains("NCLOUD_ACCESS_KEY") && text.contains("configure"), "{text}");
    }
}
