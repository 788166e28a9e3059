//! The async driver of the engine: for each attempt of a call, build and sign the request at
//! the time the engine says, send it within the budget it gives, hand the answer back and
//! sleep or resend as it decides; then settle a failure as it says (reading an NCP transition
//! back first). The same decisions as the blocking client's loop: they are the engine's.

use std::future::Future;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use secretmanager_core::{ApiErrorKind, Operation, OperationKind, ProviderKind, Settled};
use secretmanager_engine::{
    Answer, ChangeListeners, Engine, Error, Failure, RequestSource, Settlement, Step, observe,
};
use tracing::Instrument;

use crate::transport::{RawResponse, Transport};

/// What the call path needs of a provider beyond building its requests
/// ([`RequestSource`], the core's request factory): reading back a transition.
pub(crate) trait Factory: RequestSource + Sized {
    /// Sends the read `check` within `deadline` and hands back what it showed; `None` when
    /// this client cannot read it.
    fn read_state(
        shared: &Shared<Self>,
        check: <Self::Provider as ProviderKind>::StateCheck,
        deadline: Option<Instant>,
    ) -> impl Future<Output = Result<Option<<Self::Provider as ProviderKind>::ObservedState>, Error>> + Send;
}

/// What a client holds behind its `Arc`: the provider's request factory, the transport, the
/// engine and the change listeners.
#[derive(Debug)]
pub(crate) struct Shared<F> {
    pub(crate) factory: F,
    pub(crate) transport: Transport,
    pub(crate) engine: Engine,
    pub(crate) changes: Arc<ChangeListeners>,
}

/// Tells the change listeners of `secret` when dropped while armed: a call cancelled after its
/// request may have left still counts as a change (a cache over the client must not keep the
/// old value as fresh).
struct ChangeGuard<'a> {
    changes: &'a ChangeListeners,
    secret: Option<&'a str>,
    armed: bool,
}

impl Drop for ChangeGuard<'_> {
    fn drop(&mut self) {
        if self.armed
            && let Some(secret) = self.secret
        {
            self.changes.notify(secret);
        }
    }
}

impl<F: Factory> Shared<F> {
    /// Sends `op` and decodes its answer: the `call` of both clients, in the call's span.
    ///
    /// Cancellation-safe: dropping the future drops the attempt under way (its connection is
    /// not reused) and leaves the client as it was; if the request may have reached the
    /// server and `op` changes a secret, the change listeners hear of it.
    pub(crate) async fn call<O>(&self, op: &O) -> Result<O::Output, Error>
    where
        O: Operation<Provider = F::Provider> + Sync,
        O::Output: Send,
    {
        let span = observe::call_span(<F::Provider as ProviderKind>::PROVIDER, O::NAME);
        async {
            let mut guard = ChangeGuard { changes: &self.changes, secret: op.changed_secret(), armed: false };
            let started = Instant::now();
            let result = self.call_until(op, self.engine.deadline(), &mut guard.armed).await;
            observe::call_ended(&result, started.elapsed());
            guard.armed = result.as_ref().err().is_none_or(Error::request_may_have_been_sent) && guard.armed;
            result
        }
        .instrument(span)
        .await
    }

    /// [`Shared::call`] within `deadline`, reading a transition back when the engine says so;
    /// `sent` becomes true once a request may have left.
    async fn call_until<O>(
        &self,
        op: &O,
        deadline: Option<Instant>,
        sent: &mut bool,
    ) -> Result<O::Output, Error>
    where
        O: Operation<Provider = F::Provider> + Sync,
        O::Output: Send,
    {
        // The failure's settling is its own boxed future, made in a block: the success path's
        // future holds neither it nor the failure (a call's future is the task a caller
        // spawns; under 1 KiB it stays off glibc's path that sorts the free lists first).
        let settling = {
            let failure = match self.execute_until(op, deadline, sent).await {
                Ok(output) => return Ok(output),
                Err(failure) => failure,
            };
            Box::pin(self.settle(op, failure, deadline))
        };
        settling.await.map_err(|error| self.redacted(op, error))
    }

    /// The caller's error for `failure` of `op`, after reading its transition back when the
    /// engine says so (a lost answer to a transition that took effect is its output).
    async fn settle<O>(&self, op: &O, failure: Failure, deadline: Option<Instant>) -> Result<O::Output, Error>
    where
        O: Operation<Provider = F::Provider> + Sync,
        O::Output: Send,
    {
        match failure.settle(O::KIND, O::NAME, O::SETTLED_BY) {
            Settlement::Final(error) => Err(error),
            Settlement::ReadBack(read_back) => read_back.conclude(self.read_back(op, deadline).await),
        }
    }

    fn redacted<O: Operation<Provider = F::Provider>>(&self, op: &O, error: Error) -> Error {
        error.redacted(|redactor| {
            op.collect_secrets(redactor);
            self.factory.collect_secrets(redactor);
        })
    }

    /// Reads the state that shows whether an earlier send of transition `op` took effect.
    async fn read_back<O>(&self, op: &O, deadline: Option<Instant>) -> Result<Settled<O::Output>, Error>
    where
        O: Operation<Provider = F::Provider> + Sync,
    {
        let Some(check) = op.state_check() else { return Ok(Settled::Unknown) };
        Ok(match F::read_state(self, check, deadline).await? {
            Some(observed) => op.settle(observed),
            None => Settled::Unknown,
        })
    }

    /// Sends read `op` within `deadline`; `None` when what it reads is not found. A read is
    /// never read back, so this path does not settle (which also keeps the futures finite).
    pub(crate) async fn observe<O>(
        &self,
        op: &O,
        deadline: Option<Instant>,
    ) -> Result<Option<O::Output>, Error>
    where
        O: Operation<Provider = F::Provider> + Sync,
        O::Output: Send,
    {
        debug_assert!(O::KIND == OperationKind::Repeatable, "{} is read back, never settled", O::NAME);
        let mut sent = false;
        match self.execute_until(op, deadline, &mut sent).await {
            Ok(output) => Ok(Some(output)),
            Err(failure) if failure.error.kind() == Some(ApiErrorKind::NotFound) => Ok(None),
            Err(failure) => Err(self.redacted(op, failure.error)),
        }
    }

    /// Runs `op` before `deadline`, as the engine decides.
    async fn execute_until<O>(
        &self,
        op: &O,
        deadline: Option<Instant>,
        sent: &mut bool,
    ) -> Result<O::Output, Failure>
    where
        O: Operation<Provider = F::Provider> + Sync,
        O::Output: Send,
    {
        let mut call = self.engine.start(O::KIND, deadline);
        loop {
            let sign_at = call.next_attempt();
            let request = self.factory.build_request(op, sign_at).map_err(|e| call.stop(Error::from(e)))?;
            let budget = call.budget()?;
            let sent_at = Instant::now();
            *sent = true;
            let step = match self.transport.send(request, budget).await {
                Ok(response) => {
                    let answer = Answer::from_headers(response.status, response.headers(), SystemTime::now());
                    call.answered(&answer, decode::<F, O>(&response), sent_at.elapsed())
                }
                Err(error) => call.failed(error, sent_at.elapsed()),
            };
            match step {
                Step::Done(output) => return Ok(output),
                Step::SendNow => {}
                Step::SendAfter(wait) => tokio::time::sleep(wait).await,
                Step::Stop(failure) => return Err(failure),
            }
        }
    }
}

fn decode<F: Factory, O: Operation<Provider = F::Provider>>(
    response: &RawResponse,
) -> Result<O::Output, secretmanager_core::Error> {
    F::Provider::decode_response::<O::Output>(response.status, response.headers(), response.body.expose())
}
