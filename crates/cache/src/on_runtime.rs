//! A cache over an async client (`secretmanager-tokio`, feature `tokio`): [`OnRuntime`] runs
//! each fetch on a tokio runtime, so the same cache (hits that never wait, single flight,
//! refresh-ahead, stale values through outages) serves async services.

use std::future::Future;

use secretmanager_blocking::{ChangeSubscription, Error, SecretString};
use secretmanager_tokio::{huawei, ncp};
use tokio::runtime::{Handle, RuntimeFlavor};

use crate::source::{Fetched, Selector, SelectorRef, Source, Values, Want, huawei_fetch, ncp_fetch, sealed};

/// An async client and the runtime its fetches run on: what a
/// [`SecretCache`](crate::SecretCache) over an async client is put over.
///
/// A hit is a memory read and never waits. A miss (or an expired entry) fetches on the
/// calling thread, blocking on `runtime`: inside a multi-thread runtime's task it first moves
/// the worker's other work to another thread (`block_in_place`), as does a reader waiting for
/// another's fetch, so the runtime keeps running the connections the fetch needs. A read that misses from a current-thread runtime fails with
/// [`Error::Config`] (it cannot wait there without stopping the runtime it waits for); use
/// refresh-ahead and read from a multi-thread runtime, or put the cache over the blocking
/// client there.
///
/// ```no_run
/// use secretmanager_cache::{OnRuntime, SecretCache};
/// use secretmanager_tokio::ncp::Client;
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = Client::builder().build()?;
/// let cache = SecretCache::new(OnRuntime::new(client, tokio::runtime::Handle::current()));
/// let password = cache.get_json_field("secret-id", "password")?;
/// # let _ = password;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct OnRuntime<C> {
    client: C,
    runtime: Handle,
}

impl<C> OnRuntime<C> {
    /// `client`, whose fetches run on `runtime` (its connections live there).
    pub fn new(client: C, runtime: Handle) -> Self {
        Self { client, runtime }
    }

    /// The async client.
    pub fn client(&self) -> &C {
        &self.client
    }

    /// Runs `call` to its end on the runtime, from a thread allowed to wait (see
    /// [`OnRuntime::wait_here`]).
    fn block<T>(&self, call: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        self.runtime.block_on(call)
    }

    /// Runs `read` (which may wait for a fetch, or fetch) where waiting is allowed: at once
    /// outside a runtime; off the worker (`block_in_place`) in a multi-thread runtime's task,
    /// so that the runtime keeps driving the connections the fetch waits on; never in a
    /// current-thread runtime.
    fn wait_here<R>(&self, read: impl FnOnce() -> Result<R, crate::Error>) -> Result<R, crate::Error> {
        match Handle::try_current() {
            Err(_) => read(),
            Ok(current) if current.runtime_flavor() == RuntimeFlavor::MultiThread => {
                tokio::task::block_in_place(read)
            }
            Ok(_) => Err(crate::Error::Fetch(Error::Config(
                "a cache over an async client cannot fetch from a current-thread tokio runtime".into(),
            ))),
        }
    }
}

impl Source for OnRuntime<ncp::Client> {}
impl Source for OnRuntime<huawei::Client> {}

// The trait is sealed: its items are crate-private in effect, and so are their types. What
// the provider's entries are is the blocking client's; only the sending differs.
#[allow(private_interfaces)]
impl sealed::Fetch for OnRuntime<ncp::Client> {
    const CURRENT: &'static str = <secretmanager_blocking::ncp::Client as sealed::Fetch>::CURRENT;
    const PREVIOUS: &'static str = <secretmanager_blocking::ncp::Client as sealed::Fetch>::PREVIOUS;

    fn selector(want: Want<'_>) -> Result<SelectorRef<'_>, &'static str> {
        <secretmanager_blocking::ncp::Client as sealed::Fetch>::selector(want)
    }

    fn pick<'v>(values: &'v Values, want: Want<'_>) -> Option<&'v SecretString> {
        <secretmanager_blocking::ncp::Client as sealed::Fetch>::pick(values, want)
    }

    fn fetch(&self, secret: &str, _selector: &Selector, _held: Option<&Values>) -> Result<Fetched, Error> {
        ncp_fetch(|read| self.block(self.client.get_secret_value(read)), secret)
    }

    fn moves_with(selector: &Selector) -> Option<Selector> {
        <secretmanager_blocking::ncp::Client as sealed::Fetch>::moves_with(selector)
    }

    fn subscribe(&self, listener: Box<dyn Fn(&str) + Send + Sync>) -> ChangeSubscription {
        self.client.on_secret_change(listener)
    }

    fn waiting<R>(&self, read: impl FnOnce() -> Result<R, crate::Error>) -> Result<R, crate::Error> {
        self.wait_here(read)
    }
}

#[allow(private_interfaces)]
impl sealed::Fetch for OnRuntime<huawei::Client> {
    const CURRENT: &'static str = <secretmanager_blocking::huawei::Client as sealed::Fetch>::CURRENT;
    const PREVIOUS: &'static str = <secretmanager_blocking::huawei::Client as sealed::Fetch>::PREVIOUS;

    fn selector(want: Want<'_>) -> Result<SelectorRef<'_>, &'static str> {
        <secretmanager_blocking::huawei::Client as sealed::Fetch>::selector(want)
    }

    fn pick<'v>(values: &'v Values, want: Want<'_>) -> Option<&'v SecretString> {
        <secretmanager_blocking::huawei::Client as sealed::Fetch>::pick(values, want)
    }

    fn fetch(&self, secret: &str, selector: &Selector, held: Option<&Values>) -> Result<Fetched, Error> {
        huawei_fetch(
            |stage| self.block(self.client.show_secret_stage(stage)),
            |version| self.block(self.client.show_secret_version(version)),
            secret,
            selector,
            held,
        )
    }

    fn moves_with(selector: &Selector) -> Option<Selector> {
        <secretmanager_blocking::huawei::Client as sealed::Fetch>::moves_with(selector)
    }

    fn subscribe(&self, listener: Box<dyn Fn(&str) + Send + Sync>) -> ChangeSubscription {
        self.client.on_secret_change(listener)
    }

    fn waiting<R>(&self, read: impl FnOnce() -> Result<R, crate::Error>) -> Result<R, crate::Error> {
        self.wait_here(read)
    }
}
