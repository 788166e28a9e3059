//! When a failed attempt is sent again, and how long to wait first.

use std::time::Duration;

use crate::error::Error;

/// How failed attempts are retried: exponential backoff with full jitter and a bounded number of
/// retries, all within the call's deadline (a client's total timeout).
///
/// A request is sent again only when that is safe:
///
/// * an idempotent operation after a throttling answer (429), a passing server fault (500,
///   502, 503, 504), a timeout or a broken connection;
/// * any operation (even a create) only when the connection could not be opened, so the request
///   surely never reached the server: a failure to resolve, connect, pass the proxy or finish
///   the TLS handshake, or a connect timeout. An error on an open connection (reset, closed,
///   unreachable) or any other timeout is not retried for a non-idempotent operation.
///
/// `Retry-After` (seconds or an HTTP date) on a 429 or 503 is honoured, capped at
/// [`RetryPolicy::max_retry_after`]. No retry is started whose wait would end after the call's
/// deadline.
///
/// ```
/// use std::time::Duration;
/// use secretmanager_engine::RetryPolicy;
///
/// let policy = RetryPolicy::default().max_retries(5).initial_backoff(Duration::from_millis(50));
/// assert_eq!(policy.retries(), 5);
/// assert_eq!(RetryPolicy::none().retries(), 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 retries, backoff from 100 ms doubling up to 5 s, `Retry-After` capped at 10 s.
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self { max_retries: 0, ..Self::default() }
    }

    /// At most `retries` attempts after the first.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The backoff cap of the first retry; it doubles with each retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest backoff cap.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` honoured; a longer one is cut to this.
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// The number of retries allowed after the first attempt.
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    /// The wait before retry number `retry` (0-based): a uniformly random duration between
    /// zero and `min(max_backoff, initial_backoff * 2^retry)` ("full jitter").
    pub fn backoff(&self, retry: u32) -> Duration {
        let cap = self
            .initial_backoff
            .checked_mul(1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX))
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff);
        let cap_ms = u64::try_from(cap.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(0..=cap_ms))
    }

    /// The wait before a retry: the server's `Retry-After` (capped) when it gave one, else the
    /// jittered backoff.
    pub fn wait(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(after) => after.min(self.max_retry_after),
            None => self.backoff(retry),
        }
    }
}

/// Whether an attempt that failed with `error` may be sent again (`idempotent`: whether the
/// operation may be sent twice).
pub fn is_safe_to_retry(idempotent: bool, error: &Error) -> bool {
    if !error.request_may_have_been_sent() {
        // Nothing reached the server; only failures of the connection itself are worth
        // another try (not bad input or configuration).
        return matches!(error, Error::Transport(_) | Error::Timeout(_));
    }
    idempotent && error.retryable()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{TimeoutError, TimeoutPhase, TransportErrorKind};
    use secretmanager_core::{ApiError, Provider};

    fn api(status: u16) -> Error {
        Error::Api(ApiError::new(Provider::Ncp, status, "", ""))
    }

    #[test]
    fn backoff_stays_under_its_doubling_cap() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        for _ in 0..200 {
            assert!(policy.backoff(0) <= Duration::from_millis(100));
            assert!(policy.backoff(1) <= Duration::from_millis(200));
            assert!(policy.backoff(2) <= Duration::from_millis(350));
            assert!(policy.backoff(40) <= Duration::from_millis(350));
        }
    }

    #[test]
    fn retry_after_is_capped() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(2));
        assert_eq!(policy.wait(0, Some(Duration::from_secs(100))), Duration::from_secs(2));
        assert_eq!(policy.wait(0, Some(Duration::from_millis(10))), Duration::from_millis(10));
    }

    #[test]
    fn non_idempotent_requests_are_retried_only_when_never_sent() {
        let refused = Error::transport(TransportErrorKind::ConnectFailed, "refused");
        let lost = Error::transport(TransportErrorKind::ConnectionLost, "reset");
        let read_timeout = Error::Timeout(TimeoutError { phase: TimeoutPhase::Response });
        let connect_timeout = Error::Timeout(TimeoutError { phase: TimeoutPhase::Connect });
        assert!(is_safe_to_retry(false, &refused));
        assert!(is_safe_to_retry(false, &connect_timeout));
        assert!(!is_safe_to_retry(false, &lost));
        assert!(!is_safe_to_retry(false, &read_timeout));
        assert!(!is_safe_to_retry(false, &api(503)));
        assert!(is_safe_to_retry(true, &lost));
        assert!(is_safe_to_retry(true, &read_timeout));
        assert!(is_safe_to_retry(true, &api(503)));
        assert!(is_safe_to_retry(true, &api(429)));
        assert!(!is_safe_to_retry(true, &api(400)));
        assert!(!is_safe_to_retry(true, &Error::Config("x".into())));
    }
}
