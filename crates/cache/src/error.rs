//! The errors of a cache read. None quotes a secret value.

use std::fmt;

use secretmanager_blocking::ApiErrorKind;

/// Why a cache read gave no value.
///
/// ```
/// use secretmanager_cache::Error;
///
/// let err = Error::NoValue { secret: "db".into(), stage: "PENDING".into() };
/// assert_eq!(err.to_string(), "secret db has no value at PENDING");
/// assert!(!err.is_not_found());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Fetching the value failed, and nothing the cache holds may be served instead: the
    /// client's error as it came (a not-found answer remembered for the negative TTL, an
    /// authentication error, or a transient failure once the value held is older than the
    /// TTL plus `max_stale`).
    Fetch(secretmanager_blocking::Error),
    /// The secret has no value at the stage asked for (NCP's PENDING outside a rotation, a
    /// CSMS version holding only binary data).
    NoValue {
        /// The secret's id (NCP) or name (CSMS).
        secret: String,
        /// The stage or version asked for.
        stage: String,
    },
    /// The value is not a JSON object holding the field asked for as a string, number or
    /// boolean.
    Field {
        /// The secret's id or name.
        secret: String,
        /// The field asked for.
        field: String,
        /// What was wrong, without the value: `not a JSON object`, `no such field`...
        reason: &'static str,
    },
}

impl Error {
    /// The client's error, for [`Error::Fetch`].
    pub fn fetch_error(&self) -> Option<&secretmanager_blocking::Error> {
        match self {
            Error::Fetch(error) => Some(error),
            _ => None,
        }
    }

    /// Whether the provider said the secret (or the stage or version) does not exist.
    pub fn is_not_found(&self) -> bool {
        self.fetch_error().and_then(secretmanager_blocking::Error::kind) == Some(ApiErrorKind::NotFound)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Fetch(error) => error.fmt(f),
            Error::NoValue { secret, stage } => write!(f, "secret {secret} has no value at {stage}"),
            Error::Field { secret, field, reason } => {
                write!(f, "field {field:?} of secret {secret}: {reason}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Fetch(error) => Some(error),
            _ => None,
        }
    }
}

impl From<secretmanager_blocking::Error> for Error {
    fn from(error: secretmanager_blocking::Error) -> Self {
        Error::Fetch(error)
    }
}

/// Whether `error` is one a stale value is served through: a 5xx or 429 answer, a timeout, a
/// connection that failed or broke, never an answer about credentials, permissions or
/// existence.
pub(crate) fn is_transient(error: &secretmanager_blocking::Error) -> bool {
    use secretmanager_blocking::Error as E;
    if matches!(
        error.kind(),
        Some(ApiErrorKind::Authentication | ApiErrorKind::PermissionDenied | ApiErrorKind::NotFound)
    ) {
        return false;
    }
    match error {
        E::Timeout(_) | E::Transport(_) => true,
        E::Api(_) | E::Decode(_) => error.status().is_some_and(|status| status >= 500 || status == 429),
        _ => error.retryable(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secretmanager_blocking::{ApiError, TransportErrorKind};
    use secretmanager_core::Provider;

    fn api(status: u16, code: &str) -> secretmanager_blocking::Error {
        secretmanager_blocking::Error::Api(ApiError::new(Provider::Huawei, status, code, "message"))
    }

    #[test]
    fn only_server_faults_throttling_and_connections_are_transient() {
        assert!(is_transient(&api(503, "APIGW.0305")));
        assert!(is_transient(&api(429, "APIGW.0308")));
        assert!(is_transient(&secretmanager_blocking::Error::transport(
            TransportErrorKind::ConnectFailed,
            "refused"
        )));
        assert!(!is_transient(&api(401, "APIGW.0301")));
        assert!(!is_transient(&api(403, "CSMS.0403")));
        assert!(!is_transient(&api(404, "CSMS.0005")));
        // CSMS.0005 is "not found" whatever the status: never served through.
        assert!(!is_transient(&api(500, "CSMS.0005")));
        assert!(!is_transient(&secretmanager_blocking::Error::Config("bad".into())));
    }

    #[test]
    fn not_found_is_told_apart() {
        assert!(Error::Fetch(api(404, "CSMS.0005")).is_not_found());
        assert!(!Error::Fetch(api(503, "x")).is_not_found());
    }
}
