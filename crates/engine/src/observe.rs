//! What every client tells [`tracing`]: a span per call and an event per attempt, never a secret.
//!
//! Spans and events carry only what an operator needs to follow a call: the provider, the
//! operation's name, the attempt number, the HTTP status, the provider's error code, its
//! request id, durations and the retry decision. Never a request or answer body, a header, a
//! URL, an error message (a provider may quote a value in one), a key, a signature or a
//! token. Every field below is one of those few, typed: a new field is a decision made here.
//!
//! | Level | Name | When |
//! |---|---|---|
//! | DEBUG span | `secretmanager.call` | around every call: `provider`, `operation` |
//! | DEBUG | `attempt answered` / `attempt failed` | each attempt: `attempt`, `http_status`, `provider_code`, `request_id`, `error_kind`, `elapsed_ms` |
//! | INFO | `retrying` | a retry is scheduled: `attempt`, `wait_ms` |
//! | INFO | `clock skew learned, signing again` | a refused signature with a far server clock |
//! | DEBUG | `not retrying` | the last failure is final: `reason` |
//! | INFO | `answer lost, reading the state back` / `state read back` | settling a lost answer: `settled_by`, `outcome` |
//! | DEBUG / INFO | `call succeeded` / `call failed` | the call's end: `elapsed_ms`, `error_kind`, `provider_code`, `request_id` |

use std::time::Duration;

use secretmanager_core::{Provider, Settled};
use tracing::Span;

use crate::error::Error;

/// The span of one call of `operation`: a driver enters it (or instruments its future with
/// it) for as long as the call runs, reading back included.
pub fn call_span(provider: Provider, operation: &'static str) -> Span {
    tracing::debug_span!("secretmanager.call", provider = provider_name(provider), operation)
}

/// A short, stable name of a provider for fields.
fn provider_name(provider: Provider) -> &'static str {
    match provider {
        Provider::Ncp => "ncp",
        Provider::Huawei => "huawei",
    }
}

/// A short, stable name of what kind of error `error` is (its message is never logged).
fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::Validation(_) => "validation",
        Error::Api(_) => "api",
        Error::Decode(_) => "decode",
        Error::Credentials(_) => "credentials",
        Error::Timeout(_) => "timeout",
        Error::Transport(_) => "transport",
        Error::Config(_) => "config",
        Error::OutcomeUnknown(_) => "outcome_unknown",
    }
}

fn millis(elapsed: Duration) -> u64 {
    u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX)
}

/// Attempt `attempt` (1 for the first) was answered with `status` and the answer decoded.
pub(crate) fn attempt_answered(attempt: u32, status: u16, request_id: Option<&str>, elapsed: Duration) {
    tracing::debug!(
        attempt,
        http_status = status,
        request_id,
        elapsed_ms = millis(elapsed),
        "attempt answered"
    );
}

/// Attempt `attempt` failed with `error` (an error answer, or no answer at all).
pub(crate) fn attempt_failed(attempt: u32, error: &Error, elapsed: Duration) {
    tracing::debug!(
        attempt,
        http_status = error.status(),
        provider_code = error.code(),
        request_id = error.request_id(),
        error_kind = error_kind(error),
        retryable = error.retryable(),
        elapsed_ms = millis(elapsed),
        "attempt failed"
    );
}

/// The request is signed and sent again at once: the server's clock was far from ours.
pub(crate) fn resigning_after_clock_skew(attempt: u32) {
    tracing::info!(attempt, "clock skew learned, signing again");
}

/// Another attempt starts after `wait`.
pub(crate) fn retrying(attempt: u32, wait: Duration) {
    tracing::info!(attempt, wait_ms = millis(wait), "retrying");
}

/// The last failure is final, for `reason`.
pub(crate) fn not_retrying(reason: &'static str) {
    tracing::debug!(reason, "not retrying");
}

/// An answer was lost: the state `settled_by` reads tells whether the change took effect.
pub(crate) fn reading_back(settled_by: &'static str) {
    tracing::info!(settled_by, "answer lost, reading the state back");
}

/// What reading the state back showed.
pub(crate) fn read_back<T>(seen: &Result<Settled<T>, Error>) {
    let outcome = match seen {
        Ok(Settled::Applied(_)) => "applied",
        Ok(Settled::NotApplied) => "not applied",
        Ok(Settled::Unknown) => "unknown",
        Err(_) => "the read failed",
    };
    tracing::info!(outcome, "state read back");
}

/// The call ended after `elapsed` with `result`: a driver tells this once per call, inside
/// its span.
pub fn call_ended<T>(result: &Result<T, Error>, elapsed: Duration) {
    match result {
        Ok(_) => tracing::debug!(elapsed_ms = millis(elapsed), "call succeeded"),
        Err(error) => tracing::info!(
            error_kind = error_kind(error),
            http_status = error.status(),
            provider_code = error.code(),
            request_id = error.request_id(),
            elapsed_ms = millis(elapsed),
            "call failed"
        ),
    }
}
