//! One call as a state machine: the transport sends, sleeps and reads back; the engine decides.
//!
//! A driver (the blocking client's loop, the async client's future) runs it so:
//!
//! 1. [`Call::next_attempt`] gives the time to sign the attempt with (the local clock
//!    corrected by what the server's clock taught);
//! 2. [`Call::budget`] gives how long the attempt may take before the call's deadline, or the
//!    [`Failure`] that ends the call when none is left;
//! 3. the driver sends the request and reports the outcome: [`Call::answered`] with the
//!    decoded answer, or [`Call::failed`] with the error of an attempt that got none;
//! 4. the [`Step`] says what to do: return the output, send again at once (re-signed after a
//!    clock correction), sleep then send again, or stop with a [`Failure`];
//! 5. a [`Failure`] becomes the caller's error through [`Failure::settle`], which may first ask
//!    the driver to read the state back ([`ReadBack::conclude`]).
//!
//! Nothing here does I/O or sleeps: the same decisions hold whatever sends the bytes, so the
//! blocking and async clients cannot drift apart.

use std::time::{Duration, Instant, SystemTime};

use secretmanager_core::{ApiErrorKind, OperationKind, Settled};

use crate::clock::SkewedClock;
use crate::error::{Error, OutcomeUnknown, TimeoutError, TimeoutPhase};
use crate::observe;
use crate::retry::{RetryPolicy, is_safe_to_retry};

/// What every call of one client shares: the clock offset learned from the server, the retry
/// policy and the longest a call may take. Cheap to share behind the client's `Arc`.
///
/// ```
/// use std::time::Duration;
/// use secretmanager_core::OperationKind;
/// use secretmanager_engine::{Engine, RetryPolicy, Step};
///
/// let engine = Engine::new(RetryPolicy::default(), Some(Duration::from_secs(60)), 0);
/// let mut call = engine.start(OperationKind::Repeatable, engine.deadline());
/// let _sign_at = call.next_attempt();
/// assert!(call.budget().unwrap().is_some());
/// // The transport failed before anything was sent: the engine asks for a retry.
/// let refused = secretmanager_engine::Error::transport(
///     secretmanager_engine::TransportErrorKind::ConnectFailed,
///     "refused",
/// );
/// assert!(matches!(call.failed::<()>(refused, Duration::ZERO), Step::SendAfter(_)));
/// ```
#[derive(Debug)]
pub struct Engine {
    clock: SkewedClock,
    retry: RetryPolicy,
    /// The longest a call may take, retries and their waits included.
    call_timeout: Option<Duration>,
}

impl Engine {
    /// An engine retrying as `retry` says, giving each call at most `call_timeout` (`None`: no
    /// limit), signing with the local clock shifted by `clock_offset_ms` until the server
    /// teaches another offset.
    pub fn new(retry: RetryPolicy, call_timeout: Option<Duration>, clock_offset_ms: i64) -> Self {
        let clock = SkewedClock::default();
        clock.set_offset_ms(clock_offset_ms);
        Self { clock, retry, call_timeout }
    }

    /// The clock offset in milliseconds (server minus local) requests are signed with.
    pub fn clock_offset_ms(&self) -> i64 {
        self.clock.offset_ms()
    }

    /// The retry policy of every call.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The deadline of a call starting now (`None`: no limit).
    pub fn deadline(&self) -> Option<Instant> {
        // A deadline too far to represent as an instant is no limit at all.
        self.call_timeout.and_then(|timeout| Instant::now().checked_add(timeout))
    }

    /// Starts one call of an operation of `kind`, to end before `deadline`.
    pub fn start(&self, kind: OperationKind, deadline: Option<Instant>) -> Call<'_> {
        Call {
            engine: self,
            kind,
            deadline,
            retries: 0,
            attempt: 0,
            skew_corrected: false,
            earlier_unknown: false,
        }
    }
}

/// One call under way (see the [module](self) for how a driver runs it).
#[derive(Debug)]
pub struct Call<'e> {
    engine: &'e Engine,
    kind: OperationKind,
    deadline: Option<Instant>,
    /// Retries scheduled so far (a re-signing after a clock correction is not one).
    retries: u32,
    /// The number of the attempt under way (1 for the first).
    attempt: u32,
    /// Whether this call already learned the server's clock once.
    skew_corrected: bool,
    /// Whether an attempt before the current one may have been applied with its answer lost.
    earlier_unknown: bool,
}

/// What the driver does after an attempt.
#[derive(Debug)]
#[must_use]
pub enum Step<T> {
    /// The call succeeded with this output.
    Done(T),
    /// Build, sign and send the request again at once (the clock was corrected).
    SendNow,
    /// Wait this long, then build, sign and send the request again.
    SendAfter(Duration),
    /// The call failed; [`Failure::settle`] turns this into the caller's error.
    Stop(Failure),
}

/// A call that failed: its last error, and whether an earlier attempt may have been applied.
#[derive(Debug)]
pub struct Failure {
    /// The error of the last attempt.
    pub error: Error,
    /// Whether an attempt before the last one may have been applied with its answer lost.
    pub earlier_unknown: bool,
}

/// What an answer said that the engine reads, whatever the transport: taken from the status
/// and headers of the answer.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The provider's request id (NCP `x-ncp-trace-id`, Huawei `X-Request-Id`), if any.
    pub request_id: Option<&'a str>,
    /// The server's `Date`, when readable.
    pub date: Option<SystemTime>,
    /// The server's `Retry-After`, when readable.
    pub retry_after: Option<Duration>,
    /// The local time the answer arrived at.
    pub received: SystemTime,
}

impl<'a> Answer<'a> {
    /// Reads an answer of `status` with `headers` (names in any case) that arrived at
    /// `received`.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use secretmanager_engine::Answer;
    ///
    /// let headers = [("retry-after", "2"), ("X-Request-Id", "r-1")];
    /// let answer = Answer::from_headers(503, headers, SystemTime::now());
    /// assert_eq!(answer.retry_after, Some(Duration::from_secs(2)));
    /// assert_eq!(answer.request_id, Some("r-1"));
    /// ```
    pub fn from_headers(
        status: u16,
        headers: impl IntoIterator<Item = (&'a str, &'a str)>,
        received: SystemTime,
    ) -> Self {
        let mut answer = Answer { status, request_id: None, date: None, retry_after: None, received };
        for (name, value) in headers {
            if name.eq_ignore_ascii_case("date") {
                answer.date = crate::clock::parse_http_date(value);
            } else if name.eq_ignore_ascii_case("retry-after") {
                answer.retry_after = parse_retry_after(value, received);
            } else if answer.request_id.is_none()
                && (name.eq_ignore_ascii_case(secretmanager_core::ncp::REQUEST_ID_HEADER)
                    || name.eq_ignore_ascii_case(secretmanager_core::huawei::REQUEST_ID_HEADER))
            {
                answer.request_id = Some(value);
            }
        }
        answer
    }
}

/// `Retry-After`: delay-seconds or an HTTP date (a date in the past is no wait).
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = crate::clock::parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

impl Call<'_> {
    /// Starts the next attempt: the time to sign (or date) its request with. Every attempt is
    /// signed afresh, at the clock as corrected so far.
    pub fn next_attempt(&mut self) -> SystemTime {
        self.attempt += 1;
        self.engine.clock.now()
    }

    /// The number of the attempt under way (1 for the first).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The failure of a call whose request could not be built (bad input, unusable
    /// credentials): nothing of this attempt was sent.
    pub fn stop(&self, error: Error) -> Failure {
        Failure { error, earlier_unknown: self.earlier_unknown }
    }

    /// How long the attempt may take (`None`: no limit beyond the transport's own timeouts);
    /// the failure ending the call when its deadline has passed. No attempt starts after the
    /// deadline, and an attempt under way is to be cut off when its budget runs out.
    pub fn budget(&self) -> Result<Option<Duration>, Failure> {
        let budget = self.deadline.map(|deadline| deadline.saturating_duration_since(Instant::now()));
        if budget.is_some_and(|left| left.is_zero()) {
            observe::not_retrying("the call's deadline has passed");
            return Err(self.stop(Error::Timeout(TimeoutError { phase: TimeoutPhase::BeforeRetry })));
        }
        Ok(budget)
    }

    /// The attempt was answered: `answer` is what its status and headers said and `decoded`
    /// what the provider's decoder made of it; `elapsed` is the time from sending to the end
    /// of the answer.
    ///
    /// A refused signature with a server clock far from ours teaches the offset once per call
    /// and asks to sign again at once (the gateway applied nothing); `Retry-After` is honoured
    /// on a 429 or 503.
    pub fn answered<T>(
        &mut self,
        answer: &Answer<'_>,
        decoded: Result<T, secretmanager_core::Error>,
        elapsed: Duration,
    ) -> Step<T> {
        let error = match decoded {
            Ok(output) => {
                observe::attempt_answered(self.attempt, answer.status, answer.request_id, elapsed);
                return Step::Done(output);
            }
            Err(e) => Error::from(e),
        };
        observe::attempt_failed(self.attempt, &error, elapsed);
        let auth_failure = error.kind() == Some(ApiErrorKind::Authentication);
        if auth_failure
            && !self.skew_corrected
            && let Some(date) = answer.date
            && self.engine.clock.observe(date, answer.received)
        {
            self.skew_corrected = true;
            observe::resigning_after_clock_skew(self.attempt);
            return Step::SendNow;
        }
        let retry_after = if matches!(answer.status, 429 | 503) { answer.retry_after } else { None };
        self.after_failure(error, retry_after)
    }

    /// The attempt got no usable answer: `error` says why (the transport's timeout, a broken
    /// or refused connection, an oversized answer...), after `elapsed`.
    pub fn failed<T>(&mut self, error: Error, elapsed: Duration) -> Step<T> {
        observe::attempt_failed(self.attempt, &error, elapsed);
        self.after_failure(error, None)
    }

    /// Retry or stop after `error`: retries are left, sending again is safe for this kind of
    /// operation, and the wait ends before the deadline.
    fn after_failure<T>(&mut self, error: Error, retry_after: Option<Duration>) -> Step<T> {
        let policy = &self.engine.retry;
        if self.retries >= policy.retries() {
            observe::not_retrying("no retries left");
            return Step::Stop(self.stop(error));
        }
        if !is_safe_to_retry(self.kind.may_resend(), &error) {
            observe::not_retrying(if error.retryable() {
                "the operation may have been applied and is not sent blindly again"
            } else {
                "the error is final"
            });
            return Step::Stop(self.stop(error));
        }
        let wait = policy.wait(self.retries, retry_after);
        let Some(wait_ends) = Instant::now().checked_add(wait) else { return Step::Stop(self.stop(error)) };
        if self.deadline.is_some_and(|deadline| wait_ends >= deadline) {
            observe::not_retrying("the wait would end after the call's deadline");
            return Step::Stop(self.stop(error));
        }
        observe::retrying(self.attempt, wait);
        self.retries += 1;
        self.earlier_unknown |= error.leaves_outcome_unknown();
        Step::SendAfter(wait)
    }
}

/// What becomes of a failed call.
#[derive(Debug)]
#[must_use]
pub enum Settlement {
    /// This is the caller's error.
    Final(Error),
    /// The outcome is unknown: read the state [`ReadBack::settled_by`] names (within the same
    /// deadline) and hand what it showed to [`ReadBack::conclude`].
    ReadBack(ReadBack),
}

/// A transition whose outcome is to be read back before the caller hears of it.
#[derive(Debug)]
pub struct ReadBack {
    error: Error,
    operation: &'static str,
    settled_by: &'static str,
}

impl Failure {
    /// The error a caller sees for this failed call of an operation of `kind`, named
    /// `operation`, whose outcome `settled_by` reads:
    ///
    /// * a [`OperationKind::Create`] whose last attempt may have been applied:
    ///   [`Error::OutcomeUnknown`];
    /// * a [`OperationKind::Transition`] of which some attempt may have been applied (the last
    ///   one, or an earlier one): [`Settlement::ReadBack`];
    /// * anything else: the last error as it is.
    pub fn settle(
        self,
        kind: OperationKind,
        operation: &'static str,
        settled_by: &'static str,
    ) -> Settlement {
        let Failure { error, earlier_unknown } = self;
        match kind {
            OperationKind::Create if error.leaves_outcome_unknown() => {
                Settlement::Final(outcome_unknown(operation, settled_by, error))
            }
            OperationKind::Transition if earlier_unknown || error.leaves_outcome_unknown() => {
                observe::reading_back(settled_by);
                Settlement::ReadBack(ReadBack { error, operation, settled_by })
            }
            OperationKind::Repeatable | OperationKind::Create | OperationKind::Transition => {
                Settlement::Final(error)
            }
        }
    }
}

impl ReadBack {
    /// The operation whose answer tells whether the transition took effect.
    pub fn settled_by(&self) -> &'static str {
        self.settled_by
    }

    /// The caller's result, given what reading the state back showed: the output when the
    /// transition took effect; the last error when it did not and that error is the service
    /// refusing the resend (a 4xx); else [`Error::OutcomeUnknown`], since a request whose
    /// answer was lost may still be applied.
    pub fn conclude<T>(self, seen: Result<Settled<T>, Error>) -> Result<T, Error> {
        observe::read_back(&seen);
        let ReadBack { error, operation, settled_by } = self;
        match seen {
            Ok(Settled::Applied(output)) => Ok(output),
            Ok(Settled::NotApplied) if !error.leaves_outcome_unknown() && is_refusal(&error) => Err(error),
            Ok(Settled::NotApplied | Settled::Unknown) | Err(_) => {
                Err(outcome_unknown(operation, settled_by, error))
            }
        }
    }
}

fn outcome_unknown(operation: &'static str, settled_by: &'static str, cause: Error) -> Error {
    Error::OutcomeUnknown(OutcomeUnknown { operation, settled_by, cause: Box::new(cause) })
}

/// Whether `error` is the service refusing the request as such (a 4xx other than a refused
/// signature or throttling), as it refuses a transition already made.
fn is_refusal(error: &Error) -> bool {
    error.api().is_some_and(|api| {
        (400..500).contains(&api.status()) && api.kind() != ApiErrorKind::Authentication && !api.retryable()
    })
}

#[cfg(test)]
mod tests {
    use secretmanager_core::{ApiError, Provider};

    use super::*;
    use crate::error::TransportErrorKind;

    fn engine(retry: RetryPolicy) -> Engine {
        Engine::new(retry, Some(Duration::from_secs(30)), 0)
    }

    fn api(status: u16, code: &str) -> secretmanager_core::Error {
        secretmanager_core::Error::Api(ApiError::new(Provider::Ncp, status, code, "m"))
    }

    fn answer(status: u16) -> Answer<'static> {
        Answer { status, request_id: None, date: None, retry_after: None, received: SystemTime::now() }
    }

    const FAR_DATE: &str = "Sun, 06 Nov 1994 08:49:37 GMT";

    #[test]
    fn a_success_is_done_at_once() {
        let engine = engine(RetryPolicy::default());
        let mut call = engine.start(OperationKind::Create, None);
        call.next_attempt();
        assert!(matches!(call.answered(&answer(200), Ok(7), Duration::ZERO), Step::Done(7)));
    }

    #[test]
    fn a_far_server_clock_is_learned_once_per_call_then_the_refusal_stands() {
        let engine = engine(RetryPolicy::default());
        let far = Answer::from_headers(401, [("Date", FAR_DATE)], SystemTime::now());
        let mut call = engine.start(OperationKind::Create, engine.deadline());
        let first = call.next_attempt();
        assert!(matches!(call.answered::<()>(&far, Err(api(401, "200")), Duration::ZERO), Step::SendNow));
        let second = call.next_attempt();
        assert!(second < first, "the second attempt is signed at the server's time");
        assert!(engine.clock_offset_ms() < -1_000_000_000);
        // An authentication refusal is final, and a create is not resent after an answer.
        let Step::Stop(failure) = call.answered::<()>(&far, Err(api(401, "200")), Duration::ZERO) else {
            panic!("a second refusal is final")
        };
        assert_eq!(failure.error.code(), Some("200"));
        assert_eq!(call.attempt(), 2);
    }

    #[test]
    fn retry_after_is_honoured_only_on_429_and_503() {
        let engine = engine(RetryPolicy::default().max_retry_after(Duration::from_secs(10)));
        for (status, expected) in [(503, Some(2)), (429, Some(2)), (500, None)] {
            let mut call = engine.start(OperationKind::Repeatable, engine.deadline());
            call.next_attempt();
            let said = Answer { retry_after: Some(Duration::from_secs(2)), ..answer(status) };
            let Step::SendAfter(wait) = call.answered::<()>(&said, Err(api(status, "")), Duration::ZERO)
            else {
                panic!("{status} is retried")
            };
            match expected {
                Some(seconds) => assert_eq!(wait, Duration::from_secs(seconds), "{status}"),
                None => assert!(wait <= Duration::from_millis(100), "{status}: the backoff, {wait:?}"),
            }
        }
    }

    #[test]
    fn a_wait_past_the_deadline_stops_the_call() {
        let engine = Engine::new(RetryPolicy::default(), Some(Duration::from_secs(1)), 0);
        let mut call = engine.start(OperationKind::Repeatable, engine.deadline());
        call.next_attempt();
        let said = Answer { retry_after: Some(Duration::from_secs(5)), ..answer(503) };
        assert!(matches!(call.answered::<()>(&said, Err(api(503, "")), Duration::ZERO), Step::Stop(_)));
        // A deadline already passed: no attempt starts, and the error says it was not sent.
        let past = engine.start(OperationKind::Repeatable, Some(Instant::now()));
        let failure = past.budget().unwrap_err();
        assert!(!failure.error.request_may_have_been_sent());
    }

    #[test]
    fn a_create_is_resent_only_when_nothing_was_sent() {
        let engine = engine(RetryPolicy::default());
        let mut call = engine.start(OperationKind::Create, engine.deadline());
        call.next_attempt();
        let refused = Error::transport(TransportErrorKind::ConnectFailed, "refused");
        assert!(matches!(call.failed::<()>(refused, Duration::ZERO), Step::SendAfter(_)));
        call.next_attempt();
        let lost = Error::transport(TransportErrorKind::ConnectionLost, "reset");
        let Step::Stop(failure) = call.failed::<()>(lost, Duration::ZERO) else { panic!("not resent") };
        let Settlement::Final(error) =
            failure.settle(OperationKind::Create, "Create Secret", "Get Secret List")
        else {
            panic!("a create is never read back")
        };
        assert!(error.is_outcome_unknown(), "{error:?}");
    }

    #[test]
    fn the_retry_limit_is_kept() {
        let engine = engine(RetryPolicy::default().max_retries(2).initial_backoff(Duration::ZERO));
        let mut call = engine.start(OperationKind::Repeatable, engine.deadline());
        let mut sent = 0;
        let failure = loop {
            call.next_attempt();
            sent += 1;
            match call.answered::<()>(&answer(503), Err(api(503, "")), Duration::ZERO) {
                Step::SendAfter(_) => {}
                Step::Stop(failure) => break failure,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(sent, 3);
        assert!(!failure.earlier_unknown, "a 503 says nothing was applied");
    }

    /// A transition whose first answer was lost and whose resend was refused with 409.
    fn refused_after_a_lost_answer(engine: &Engine) -> Failure {
        let mut call = engine.start(OperationKind::Transition, engine.deadline());
        call.next_attempt();
        let timeout = Error::Timeout(TimeoutError { phase: TimeoutPhase::Response });
        assert!(matches!(call.failed::<()>(timeout, Duration::ZERO), Step::SendAfter(_)));
        call.next_attempt();
        let Step::Stop(failure) =
            call.answered::<()>(&answer(409), Err(api(409, "CONFLICT")), Duration::ZERO)
        else {
            panic!("a conflict is final")
        };
        assert!(failure.earlier_unknown);
        failure
    }

    #[test]
    fn a_transition_with_a_lost_answer_is_read_back() {
        let engine = engine(RetryPolicy::default().initial_backoff(Duration::ZERO));
        let settle = |failure: Failure| match failure.settle(OperationKind::Transition, "Complete", "Logs") {
            Settlement::ReadBack(read_back) => read_back,
            Settlement::Final(error) => panic!("{error:?}"),
        };
        let applied = settle(refused_after_a_lost_answer(&engine));
        assert_eq!(applied.settled_by(), "Logs");
        assert_eq!(applied.conclude(Ok(Settled::Applied(5))).unwrap(), 5);

        let not_applied =
            settle(refused_after_a_lost_answer(&engine)).conclude::<()>(Ok(Settled::NotApplied));
        assert_eq!(not_applied.unwrap_err().code(), Some("CONFLICT"), "the refusal stands");

        let unknown = settle(refused_after_a_lost_answer(&engine)).conclude::<()>(Ok(Settled::Unknown));
        assert!(unknown.unwrap_err().is_outcome_unknown());
        let unreadable = settle(refused_after_a_lost_answer(&engine))
            .conclude::<()>(Err(Error::transport(TransportErrorKind::ConnectFailed, "down")));
        assert!(unreadable.unwrap_err().is_outcome_unknown());
    }

    #[test]
    fn answers_are_read_from_headers_in_any_case() {
        let now = SystemTime::now();
        let answer = Answer::from_headers(
            429,
            [("DATE", FAR_DATE), ("Retry-After", FAR_DATE), ("x-ncp-trace-id", "t-1")],
            now,
        );
        assert!(answer.date.is_some());
        assert_eq!(answer.retry_after, Some(Duration::ZERO), "a date in the past is no wait");
        assert_eq!(answer.request_id, Some("t-1"));
        let odd = Answer::from_headers(503, [("retry-after", "soon")], now);
        assert_eq!((odd.retry_after, odd.date, odd.request_id), (None, None, None));
    }

    fn retry_after(value: &str) -> Option<Duration> {
        parse_retry_after(value, SystemTime::now())
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(retry_after("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO));
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn retry_after_refuses_other_forms_and_any_value_is_capped_by_the_policy() {
        for bad in ["-5", "1.5", "", "Sun, 06 Nov 1994 08:49:37 UTC", "18446744073709551616"] {
            assert_eq!(retry_after(bad), None, "{bad:?}");
        }
        let far_date = retry_after("Fri, 01 Jan 2100 00:00:00 GMT").unwrap();
        assert!(far_date > Duration::from_secs(70 * 365 * 86_400), "{far_date:?}");
        let most_seconds = retry_after("18446744073709551615").unwrap();
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(10));
        assert_eq!(policy.wait(0, Some(far_date)), Duration::from_secs(10));
        assert_eq!(policy.wait(0, Some(most_seconds)), Duration::from_secs(10));
    }
}
