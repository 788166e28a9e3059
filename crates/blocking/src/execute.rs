//! The blocking driver of the engine: for each attempt of a call, build and sign the request
//! at the time the engine says, send it within the budget it gives, hand the answer back and
//! sleep or resend as it decides; then settle a failure as it says (reading an NCP transition
//! back first). Every decision is the engine's (`secretmanager_engine::call`); what differs by
//! provider comes from its [`Factory`] and [`ProviderKind`].

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use secretmanager_core::{ApiErrorKind, HttpRequest, Operation, OperationKind, ProviderKind, Settled};
use secretmanager_engine::{Answer, Engine, Failure, RequestSource, Settlement, Step, observe};

use crate::error::Error;
use crate::transport::{RawResponse, Transport};
use secretmanager_engine::ChangeListeners;

/// What the call path needs of a provider beyond building its requests
/// ([`RequestSource`], the core's request factory): reading back a transition.
pub(crate) trait Factory: RequestSource + Sized {
    /// Sends the read `check` within `deadline` and hands back what it showed; `None` when
    /// this client cannot read it.
    fn read_state(
        shared: &Shared<Self>,
        check: <Self::Provider as ProviderKind>::StateCheck,
        deadline: Option<Instant>,
    ) -> Result<Option<<Self::Provider as ProviderKind>::ObservedState>, Error>;
}

/// What a client holds behind its `Arc`: the provider's request factory and the executor.
#[derive(Debug)]
pub(crate) struct Shared<F> {
    pub(crate) factory: F,
    pub(crate) executor: Executor,
    /// Told of every secret a call may have changed.
    pub(crate) changes: Arc<ChangeListeners>,
}

impl<F: Factory> Shared<F> {
    /// Sends `op` and decodes its answer: the `call` of both clients.
    ///
    /// Retries as the engine allows, settles a failure whose outcome is unknown (reading a
    /// transition back), and takes every secret of the request and the factory out of the
    /// error.
    ///
    /// When `op` changes a secret ([`Operation::changed_secret`]) and may have reached the
    /// server, the change listeners hear of it before the call returns.
    pub(crate) fn call<O: Operation<Provider = F::Provider>>(&self, op: &O) -> Result<O::Output, Error> {
        let span = observe::call_span(<F::Provider as ProviderKind>::PROVIDER, O::NAME);
        let _in_span = span.enter();
        let started = Instant::now();
        let result = self.call_until(op, self.executor.engine.deadline());
        observe::call_ended(&result, started.elapsed());
        if let Some(secret) = op.changed_secret()
            && result.as_ref().err().is_none_or(Error::request_may_have_been_sent)
        {
            self.changes.notify(secret);
        }
        result
    }

    /// [`Shared::call`] within `deadline`, which the reading back of a transition shares.
    fn call_until<O: Operation<Provider = F::Provider>>(
        &self,
        op: &O,
        deadline: Option<Instant>,
    ) -> Result<O::Output, Error> {
        self.executor
            .execute_until(
                deadline,
                O::KIND,
                |now| self.factory.build_request(op, now),
                |answer| {
                    F::Provider::decode_response::<O::Output>(
                        answer.status,
                        answer.headers(),
                        answer.body.expose(),
                    )
                },
            )
            .or_else(|failure| match failure.settle(O::KIND, O::NAME, O::SETTLED_BY) {
                Settlement::Final(error) => Err(error),
                Settlement::ReadBack(read_back) => read_back.conclude(self.read_back(op, deadline)),
            })
            .map_err(|error| {
                error.redacted(|redactor| {
                    op.collect_secrets(redactor);
                    self.factory.collect_secrets(redactor);
                })
            })
    }

    /// Reads the state that shows whether an earlier send of transition `op` took effect.
    fn read_back<O: Operation<Provider = F::Provider>>(
        &self,
        op: &O,
        deadline: Option<Instant>,
    ) -> Result<Settled<O::Output>, Error> {
        let Some(check) = op.state_check() else { return Ok(Settled::Unknown) };
        Ok(match F::read_state(self, check, deadline)? {
            Some(observed) => op.settle(observed),
            None => Settled::Unknown,
        })
    }

    /// Sends read `op` within `deadline`; `None` when what it reads is not found.
    pub(crate) fn observe<O: Operation<Provider = F::Provider>>(
        &self,
        op: &O,
        deadline: Option<Instant>,
    ) -> Result<Option<O::Output>, Error> {
        match self.call_until(op, deadline) {
            Ok(output) => Ok(Some(output)),
            Err(error) if error.kind() == Some(ApiErrorKind::NotFound) => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// The shared machinery of a client: one agent and one engine (clock offset, retry policy,
/// call deadline).
#[derive(Debug)]
pub(crate) struct Executor {
    pub(crate) transport: Transport,
    pub(crate) engine: Engine,
}

impl Executor {
    /// Runs one operation of `kind`, within the deadline of a call starting now.
    #[cfg(test)]
    pub(crate) fn execute<T>(
        &self,
        kind: OperationKind,
        build: impl Fn(SystemTime) -> Result<HttpRequest, secretmanager_core::Error>,
        decode: impl Fn(&RawResponse) -> Result<T, secretmanager_core::Error>,
    ) -> Result<T, Failure> {
        self.execute_until(self.engine.deadline(), kind, build, decode)
    }

    /// Runs one operation of `kind` before `deadline`, as the engine decides.
    ///
    /// `build` is called for every attempt with the time to sign with, so each attempt carries
    /// a fresh timestamp; `decode` turns an answer (status, headers, body) into the output or an
    /// error. An attempt under way is cut off at the deadline.
    pub(crate) fn execute_until<T>(
        &self,
        deadline: Option<Instant>,
        kind: OperationKind,
        build: impl Fn(SystemTime) -> Result<HttpRequest, secretmanager_core::Error>,
        decode: impl Fn(&RawResponse) -> Result<T, secretmanager_core::Error>,
    ) -> Result<T, Failure> {
        let mut call = self.engine.start(kind, deadline);
        loop {
            let sign_at = call.next_attempt();
            let request = build(sign_at).map_err(|e| call.stop(Error::from(e)))?;
            let budget = call.budget()?;
            let sent_at = Instant::now();
            let step = match self.transport.send(&request, budget) {
                Ok(response) => {
                    let answer = Answer::from_headers(response.status, response.headers(), SystemTime::now());
                    call.answered(&answer, decode(&response), sent_at.elapsed())
                }
                Err(error) => call.failed(error, sent_at.elapsed()),
            };
            match step {
                Step::Done(output) => return Ok(output),
                Step::SendNow => {}
                Step::SendAfter(wait) => std::thread::sleep(wait),
                Step::Stop(failure) => return Err(failure),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::ExecutorSettings as _;
    use std::thread::JoinHandle;
    use std::time::Duration;

    use secretmanager_core::{Method, SecretBytes};

    use super::*;
    use crate::RetryPolicy;
    use crate::config::{HttpSettings, ProxyChoice};

    /// A server far in the past (any far date will do).
    const FAR_DATE: &str = "Sun, 06 Nov 1994 08:49:37 GMT";
    const AUTH_FAILED: &str = r#"{"error":{"errorCode":"200","message":"Authentication Failed"}}"#;
    const PERMISSION_DENIED: &str = r#"{"error":{"errorCode":"210","message":"Permission Denied"}}"#;

    /// A local server answering every request with `status`, `headers` and `body`, until no
    /// request came for a while; hands back how many requests arrived.
    fn answer_always(
        status: u16,
        headers: &[(&'static str, &'static str)],
        body: &'static str,
    ) -> (String, JoinHandle<usize>) {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let url = format!("http://{}/api/v1/secrets", server.server_addr().to_ip().unwrap());
        let headers: Vec<tiny_http::Header> =
            headers.iter().map(|(n, v)| tiny_http::Header::from_bytes(*n, *v).unwrap()).collect();
        let handle = std::thread::spawn(move || {
            let mut count = 0;
            // Bounded: at most 20 requests, each awaited at most 500 ms.
            while count < 20 {
                let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(500)) else { break };
                let mut response = tiny_http::Response::from_string(body).with_status_code(status);
                for header in &headers {
                    response.add_header(header.clone());
                }
                request.respond(response).unwrap();
                count += 1;
            }
            count
        });
        (url, handle)
    }

    fn executor_with(retry: RetryPolicy) -> Executor {
        HttpSettings { proxy: ProxyChoice::None, retry, ..Default::default() }.executor().unwrap()
    }

    fn executor_within(retry: RetryPolicy, call_timeout: Option<Duration>) -> Executor {
        let timeouts =
            crate::Timeouts::new(Some(Duration::from_secs(5)), Some(Duration::from_secs(30)), call_timeout);
        HttpSettings { proxy: ProxyChoice::None, retry, timeouts, ..Default::default() }.executor().unwrap()
    }

    fn send(executor: &Executor, idempotent: bool, url: &str) -> Result<serde_json::Value, Error> {
        let build = |_now: SystemTime| {
            Ok(HttpRequest {
                method: Method::Post,
                url: url.to_owned(),
                headers: vec![],
                body: SecretBytes::default(),
                idempotent,
            })
        };
        let kind = if idempotent { OperationKind::Repeatable } else { OperationKind::Create };
        let decode = |answer: &RawResponse| {
            secretmanager_core::ncp::decode_response::<serde_json::Value>(
                answer.status,
                answer.headers(),
                answer.body.expose(),
            )
        };
        executor.execute(kind, build, decode).map_err(|failure| failure.error)
    }

    #[test]
    fn a_far_date_on_an_authentication_failure_is_learned_once_per_call() {
        let (url, server) = answer_always(401, &[("Date", FAR_DATE)], AUTH_FAILED);
        let executor = executor_with(RetryPolicy::default());
        let err = send(&executor, false, &url).unwrap_err();
        assert_eq!(err.code(), Some("200"), "{err:?}");
        assert_eq!(server.join().unwrap(), 2, "the first answer and one resend, never more");
        assert!(
            executor.engine.clock_offset_ms() < -1_000_000_000,
            "offset {}",
            executor.engine.clock_offset_ms()
        );
    }

    #[test]
    fn the_request_id_header_of_an_error_answer_reaches_the_error() {
        let not_found = r#"{"error":{"errorCode":"NOT_FOUND","message":"Not found"}}"#;
        let (url, server) = answer_always(404, &[("X-Ncp-Trace-Id", "trace-404")], not_found);
        let err = send(&executor_with(RetryPolicy::none()), true, &url).unwrap_err();
        assert_eq!((err.kind(), err.request_id()), (Some(ApiErrorKind::NotFound), Some("trace-404")));
        assert!(!err.retryable());
        assert_eq!(server.join().unwrap(), 1);
    }

    #[test]
    fn a_far_date_on_other_errors_is_ignored() {
        let (url, server) = answer_always(401, &[("Date", FAR_DATE)], PERMISSION_DENIED);
        let executor = executor_with(RetryPolicy::default());
        assert_eq!(send(&executor, true, &url).unwrap_err().code(), Some("210"));
        assert_eq!(server.join().unwrap(), 1);
        assert_eq!(executor.engine.clock_offset_ms(), 0);

        let (url, server) = answer_always(503, &[("Date", FAR_DATE)], "{}");
        let executor = executor_with(RetryPolicy::none());
        assert_eq!(send(&executor, true, &url).unwrap_err().status(), Some(503));
        assert_eq!(server.join().unwrap(), 1);
        assert_eq!(executor.engine.clock_offset_ms(), 0);
    }

    #[test]
    fn an_authentication_failure_with_a_close_date_is_not_resent() {
        // tiny_http's own `Date` is the current time.
        let (url, server) = answer_always(401, &[], AUTH_FAILED);
        let executor = executor_with(RetryPolicy::default());
        assert_eq!(send(&executor, true, &url).unwrap_err().code(), Some("200"));
        assert_eq!(server.join().unwrap(), 1);
        assert_eq!(executor.engine.clock_offset_ms(), 0);
    }

    #[test]
    fn no_retry_waits_past_the_time_budget() {
        // Retry-After 5 s (under its 10 s cap) would end after the 1 s budget: give up at once.
        let (url, server) = answer_always(503, &[("Retry-After", "5")], "{}");
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(10));
        let executor = executor_within(policy, Some(Duration::from_secs(1)));
        assert_eq!(send(&executor, true, &url).unwrap_err().status(), Some(503));
        assert_eq!(server.join().unwrap(), 1);
    }

    #[test]
    fn a_capped_retry_after_within_the_budget_is_retried_up_to_the_limit() {
        let (url, server) = answer_always(503, &[("Retry-After", "3600")], "{}");
        let policy = RetryPolicy::default().max_retries(2).max_retry_after(Duration::from_millis(10));
        assert_eq!(send(&executor_with(policy), true, &url).unwrap_err().status(), Some(503));
        assert_eq!(server.join().unwrap(), 3);
    }

    #[test]
    fn unbounded_settings_do_not_overflow() {
        // The largest budget and Retry-After cap, and the largest Retry-After a header can say:
        // the wait cannot be represented, so the call gives up instead of panicking.
        let (url, server) = answer_always(503, &[("Retry-After", "18446744073709551615")], "{}");
        let policy = RetryPolicy::default().max_retry_after(Duration::MAX);
        let executor = executor_within(policy, Some(Duration::MAX));
        assert_eq!(send(&executor, true, &url).unwrap_err().status(), Some(503));
        assert_eq!(server.join().unwrap(), 1);

        // An unbounded budget still retries, up to the retry limit.
        let (url, server) = answer_always(503, &[("Retry-After", "0")], "{}");
        let policy = RetryPolicy::default().max_retries(2);
        let executor = executor_within(policy, Some(Duration::MAX));
        assert_eq!(send(&executor, true, &url).unwrap_err().status(), Some(503));
        assert_eq!(server.join().unwrap(), 3);
    }

    #[test]
    fn a_non_idempotent_call_is_not_resent_after_an_answer() {
        let (url, server) = answer_always(503, &[], "{}");
        assert_eq!(
            send(&executor_with(RetryPolicy::default()), false, &url).unwrap_err().status(),
            Some(503)
        );
        assert_eq!(server.join().unwrap(), 1);
    }
}
