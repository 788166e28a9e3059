//! The NCP Secret Manager client and its builder.

use std::sync::Arc;
use std::time::Instant;

use secretmanager_core::ncp::{Endpoint, Ncp, ObservedState, Operation, RequestFactory, StateCheck};
use secretmanager_engine::FromBuilder;
pub use secretmanager_engine::ncp::Settings;

use crate::config::ExecutorSettings as _;
use crate::error::Error;
use crate::execute::{Factory, Shared};
use secretmanager_engine::ChangeSubscription;

/// A blocking NCP Secret Manager client.
///
/// Cheap to clone: every clone shares one connection pool (keep-alive connections are reused
/// across calls and threads), one learned clock offset and one configuration. `Send + Sync`.
///
/// Each call validates the operation, signs it at the current time (corrected by any clock
/// offset learned from the server), sends it, and decodes the answer; failed attempts are
/// retried as the [`RetryPolicy`](crate::RetryPolicy) allows, each rebuilt and re-signed.
///
/// ```no_run
/// use secretmanager_blocking::ncp::{self, Client, Endpoint};
///
/// let client = Client::builder().endpoint(Endpoint::kr_global()).credentials_from_env().build()?;
/// let list = client.get_secret_list(&ncp::GetSecretList::new())?;
/// println!("{} secrets", list.total_count);
/// # Ok::<(), secretmanager_blocking::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Shared<RequestFactory>>,
}

impl Client {
    /// A builder with the defaults: endpoint [`Endpoint::kr_global`], credentials from the
    /// environment, [`Timeouts::default`](crate::Timeouts::default),
    /// [`RetryPolicy::default`](crate::RetryPolicy::default), proxy from the environment.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Sends any NCP operation and decodes its answer.
    ///
    /// Resends follow the operation's [`OperationKind`](secretmanager_core::OperationKind):
    /// a transition whose answer was lost and whose resend was refused (Complete Rotation Job
    /// after the job completed, Disable Secret on a secret already `DISABLE`) is settled by
    /// reading the state back, and succeeds when the first send took effect. A lost answer
    /// that nothing can settle is [`Error::OutcomeUnknown`], never a plain failure.
    ///
    /// An error never quotes a secret the request carried: the secret value and the job token
    /// are taken out of the provider's message (in their plain, JSON-escaped, percent-encoded,
    /// base64 and hex forms).
    ///
    /// ```no_run
    /// # let client = secretmanager_blocking::ncp::Client::builder().build()?;
    /// use secretmanager_blocking::ncp;
    ///
    /// let chain = client.call(&ncp::StartRotationJob::new("secret-id", "job-token"))?;
    /// assert!(chain.chain.active.is_some());
    /// # Ok::<(), secretmanager_blocking::Error>(())
    /// ```
    pub fn call<O: Operation<Provider = Ncp>>(&self, op: &O) -> Result<O::Output, Error> {
        self.inner.call(op)
    }

    /// Starts over with no pooled connection. In a child process made by `fork()` the
    /// inherited connections are left open and untouched (the parent still uses them); in the
    /// process that opened them they are closed.
    ///
    /// A client follows `fork()` by itself (the first call in a child process opens new
    /// connections); call this where a process knows it was forked, as the Python package does.
    pub fn forget_connections(&self) -> Result<(), Error> {
        self.inner.executor.transport.forget_connections()
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &Endpoint {
        self.inner.factory.endpoint()
    }

    /// Calls `listener` with the id of every secret whose values or stages a call through
    /// this client (or a clone) may have changed (Update Secret Value, the rotation job steps, Delete Secret...), once the call may have reached the
    /// server; until the returned subscription is dropped. The listener runs on the calling
    /// thread before the call returns, so it must be quick and must not call the client.
    ///
    /// A [secret cache](https://docs.rs/secretmanager-cache) uses it to drop what it holds of
    /// a secret as soon as a rotation completes through the same client.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// # let client = secretmanager_blocking::ncp::Client::builder().credentials(secretmanager_blocking::ncp::Credentials::new("ak", "sk")).build()?;
    ///
    /// let changed = Arc::new(Mutex::new(Vec::<String>::new()));
    /// let seen = Arc::clone(&changed);
    /// let subscription = client.on_secret_change(move |secret| seen.lock().unwrap().push(secret.to_owned()));
    /// drop(subscription); // no longer called
    /// # Ok::<(), secretmanager_blocking::Error>(())
    /// ```
    pub fn on_secret_change(&self, listener: impl Fn(&str) + Send + Sync + 'static) -> ChangeSubscription {
        self.inner.changes.subscribe(Arc::new(listener))
    }

    /// The clock offset learned from the server, in milliseconds (server minus local); 0 until
    /// the gateway refused a signature because of the local clock.
    pub fn clock_offset_ms(&self) -> i64 {
        self.inner.executor.engine.clock_offset_ms()
    }
}

impl Factory for RequestFactory {
    fn read_state(
        shared: &Shared<Self>,
        check: StateCheck,
        deadline: Option<Instant>,
    ) -> Result<Option<ObservedState>, Error> {
        let observed = match check {
            StateCheck::Detail(read) => {
                shared.observe(&read, deadline)?.map(|secret| ObservedState::Detail(Box::new(secret)))
            }
            StateCheck::Value(read) => shared.observe(&read, deadline)?.map(ObservedState::Value),
            StateCheck::Logs(read) => shared.observe(&read, deadline)?.map(ObservedState::Logs),
            _ => return Ok(None),
        };
        Ok(Some(observed.unwrap_or(ObservedState::NotFound)))
    }
}

/// Builds a [`Client`].
///
/// ```
/// use std::time::Duration;
/// use secretmanager_blocking::ncp::{Client, Credentials, Endpoint};
/// use secretmanager_blocking::RetryPolicy;
///
/// let client = Client::builder()
///     .endpoint(Endpoint::kr_isolated())
///     .credentials(Credentials::new("ACCESS_KEY", "SECRET_KEY"))
///     .connect_timeout(Duration::from_secs(3))
///     .read_timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::default().max_retries(2))
///     .user_agent("my-app/1.0")
///     .build()?;
/// assert_eq!(client.endpoint().origin(), "https://ocapi-kr.ncloud.com");
/// # Ok::<(), secretmanager_blocking::Error>(())
/// ```
///
/// The connection settings (timeouts, proxy, user agent, retries...) are those of every
/// [`Builder`](crate::Builder).
pub type ClientBuilder = crate::Builder<Settings, Client>;

/// Builds an NCP client from the builder's settings; the error of `build` says why not.
impl FromBuilder<Settings> for Client {
    fn check_proxy(url: &str) -> Result<(), String> {
        crate::config::check_proxy(url)
    }

    fn from_builder(builder: ClientBuilder) -> Result<Self, Error> {
        let (settings, http) = builder.into_parts();
        let (endpoint, credentials) = settings.resolve()?;
        let factory = RequestFactory::new(endpoint, &credentials);
        Ok(Client {
            inner: Arc::new(Shared { factory, executor: http.executor()?, changes: Arc::default() }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secretmanager_core::ncp::Credentials;

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn client_is_clone_send_sync() {
        assert_send_sync::<Client>();
    }

    #[test]
    fn bad_settings_are_config_errors() {
        let creds = || Credentials::new("AK", "SK-very-secret");
        let err = Client::builder().base_url("ftp://x").credentials(creds()).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let err = Client::builder().proxy("::not a url::").credentials(creds()).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let err = Client::builder().user_agent("").credentials(creds()).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
    }

    #[test]
    fn try_proxy_refuses_an_unusable_url_at_once_without_repeating_it() {
        let err = Client::builder().try_proxy("http://user:pw-Zq8@[::1").unwrap_err();
        assert!(
            matches!(err, Error::Config(ref m) if m.contains("proxy") && !m.contains("pw-Zq8")),
            "{err:?}"
        );
        let builder = Client::builder().try_proxy("socks5://127.0.0.1:1080").unwrap();
        let client = builder.no_proxy().credentials(Credentials::new("AK", "SK")).build();
        assert!(client.is_ok());
    }

    #[test]
    fn debug_never_shows_the_secret_key() {
        let client = Client::builder()
            .endpoint(Endpoint::jp())
            .credentials(Credentials::new("AK", "SK-very-secret"))
            .build()
            .unwrap();
        let builder = Client::builder().credentials(Credentials::new("AK", "SK-very-secret"));
        assert!(!format!("{builder:?}").contains("SK-very-secret"));
        let printed = format!("{client:?}");
        assert!(!printed.contains("SK-very-secret"), "{printed}");
        assert_eq!(client.endpoint().origin(), "https://ocapi-jp.ncloud.com");
    }
}
