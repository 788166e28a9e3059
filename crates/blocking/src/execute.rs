//! The call loop both clients share: build and sign each attempt at the (corrected) current
//! time, send it, decode the answer, and retry when that is safe.

use std::time::{Instant, SystemTime};

use secretmanager_core::HttpRequest;

use crate::clock::SkewedClock;
use crate::error::Error;
use crate::retry::{RetryPolicy, is_safe_to_retry};
use crate::transport::Transport;

/// The shared machinery of a client: one agent, one clock offset, one retry policy.
#[derive(Debug)]
pub(crate) struct Executor {
    pub(crate) transport: Transport,
    pub(crate) clock: SkewedClock,
    pub(crate) retry: RetryPolicy,
}

impl Executor {
    /// Runs one operation.
    ///
    /// `build` is called for every attempt with the time to sign with, so each attempt carries
    /// a fresh timestamp; `decode` turns a status and body into the output or an error.
    pub(crate) fn execute<T>(
        &self,
        idempotent: bool,
        build: impl Fn(SystemTime) -> Result<HttpRequest, secretmanager_core::Error>,
        decode: impl Fn(u16, &[u8]) -> Result<T, secretmanager_core::Error>,
    ) -> Result<T, Error> {
        let deadline = Instant::now() + self.retry.elapsed_budget();
        let mut retries = 0u32;
        let mut skew_corrected = false;
        loop {
            let request = build(self.clock.now())?;
            let (error, retry_after) = match self.transport.send(&request) {
                Ok(response) => {
                    let received = SystemTime::now();
                    match decode(response.status, response.body.expose()) {
                        Ok(output) => return Ok(output),
                        Err(e) => {
                            let error = Error::from(e);
                            // A refused signature with a server clock far from ours: learn the
                            // offset and send once more (the gateway applied nothing).
                            let auth_failure = error.api().is_some_and(|api| api.is_authentication_failure());
                            if auth_failure
                                && !skew_corrected
                                && let Some(date) = response.date
                                && self.clock.observe(date, received)
                            {
                                skew_corrected = true;
                                continue;
                            }
                            let retry_after = if matches!(response.status, 429 | 503) {
                                response.retry_after
                            } else {
                                None
                            };
                            (error, retry_after)
                        }
                    }
                }
                Err(error) => (error, None),
            };
            if retries >= self.retry.retries() || !is_safe_to_retry(idempotent, &error) {
                return Err(error);
            }
            let wait = self.retry.wait(retries, retry_after);
            if Instant::now() + wait > deadline {
                return Err(error);
            }
            std::thread::sleep(wait);
            retries += 1;
        }
    }
}
