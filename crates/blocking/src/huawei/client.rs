//! The Huawei Cloud CSMS client and its builder.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use secretmanager_core::huawei::{Endpoint, Huawei, Operation, ProjectId, RequestFactory};
use secretmanager_engine::FromBuilder;
pub use secretmanager_engine::huawei::Settings;

use crate::config::ExecutorSettings as _;
use crate::error::Error;
use crate::execute::{Factory, Shared};
use secretmanager_engine::ChangeSubscription;

/// A blocking Huawei Cloud CSMS client.
///
/// Cheap to clone: every clone shares one connection pool, one learned clock offset and one
/// configuration. `Send + Sync`. Each attempt is signed anew (`SDK-HMAC-SHA256`, with the
/// signed `Host` header sent exactly as built) or carries the IAM token.
///
/// ```no_run
/// use secretmanager_blocking::huawei::{self, Client};
///
/// let client = Client::builder().region("cn-north-4").credentials_from_env().build()?;
/// let rotated = client.rotate_secret(&huawei::RotateSecret::new("db-password"))?;
/// println!("new version {:?}", rotated.version_id);
/// # Ok::<(), secretmanager_blocking::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    pub(super) inner: Arc<Shared<RequestFactory>>,
}

impl Client {
    /// A builder; a region or base URL is required, credentials default to the environment.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Sends any CSMS operation and decodes its answer.
    ///
    /// A lost answer to an operation that is not resent
    /// ([`OperationKind::Create`](secretmanager_core::OperationKind::Create):
    /// CreateSecret, CreateSecretVersion, RotateSecret) is [`Error::OutcomeUnknown`], naming
    /// the operation that settles it (for RotateSecret, `ListSecretTask`). An error never
    /// quotes a secret the request carried (the value, the IAM or security token).
    pub fn call<O: Operation<Provider = Huawei>>(&self, op: &O) -> Result<O::Output, Error> {
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

    /// The project id requests are made in.
    pub fn project_id(&self) -> &ProjectId {
        self.inner.factory.project_id()
    }

    /// Calls `listener` with the name of every secret whose values or stages a call through
    /// this client (or a clone) may have changed (CreateSecretVersion, UpdateSecretStage, RotateSecret, a rotation task seen to succeed...), once the call may have reached the
    /// server; until the returned subscription is dropped. The listener runs on the calling
    /// thread before the call returns, so it must be quick and must not call the client.
    ///
    /// A [secret cache](https://docs.rs/secretmanager-cache) uses it to drop what it holds of
    /// a secret as soon as a rotation completes through the same client.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// # let client = secretmanager_blocking::huawei::Client::builder().base_url("https://csms.example.com").project_id("0123456789abcdef0123456789abcdef").credentials(secretmanager_blocking::huawei::Credentials::new("ak", "sk")).build()?;
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

    /// The clock offset learned from the server, in milliseconds (server minus local).
    pub fn clock_offset_ms(&self) -> i64 {
        self.inner.executor.engine.clock_offset_ms()
    }
}

impl Factory for RequestFactory {
    /// Never called: no CSMS operation is read back (its check is [`Infallible`]).
    fn read_state(
        _: &Shared<Self>,
        check: Infallible,
        _: Option<Instant>,
    ) -> Result<Option<Infallible>, Error> {
        match check {}
    }
}

/// Builds a Huawei [`Client`].
///
/// ```
/// use secretmanager_blocking::huawei::{Client, Credentials};
///
/// let client = Client::builder()
///     .region("cn-north-4")
///     .credentials(Credentials::new("HWAK", "HWSK"))
///     .project_id("0123456789abcdef0123456789abcdef")
///     .build()?;
/// assert_eq!(client.endpoint().host(), "kms.cn-north-4.myhuaweicloud.com");
/// # Ok::<(), secretmanager_blocking::Error>(())
/// ```
///
/// The connection settings (timeouts, proxy, user agent, retries...) are those of every
/// [`Builder`](crate::Builder).
pub type ClientBuilder = crate::Builder<Settings, Client>;

/// Builds a Huawei client from the builder's settings; the error of `build` says why not.
impl FromBuilder<Settings> for Client {
    fn check_proxy(url: &str) -> Result<(), String> {
        crate::config::check_proxy(url)
    }

    fn from_builder(builder: ClientBuilder) -> Result<Self, Error> {
        let (settings, http) = builder.into_parts();
        let (endpoint, auth, project_id) = settings.resolve()?;
        let factory = RequestFactory::new(endpoint, auth, project_id);
        Ok(Client {
            inner: Arc::new(Shared { factory, executor: http.executor()?, changes: Arc::default() }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secretmanager_core::huawei::Credentials;

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn client_is_clone_send_sync() {
        assert_send_sync::<Client>();
    }

    #[test]
    fn region_or_url_is_required_and_checked() {
        let creds = || Credentials::new("AK", "HW-very-secret");
        let project = "0123456789abcdef0123456789abcdef";
        let err = Client::builder().credentials(creds()).project_id(project).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let err = Client::builder().region("Not A Region").credentials(creds()).project_id(project).build();
        assert!(matches!(err, Err(Error::Config(_))));
        let err = Client::builder().region("cn-north-4").credentials(creds()).project_id("short").build();
        assert!(matches!(err, Err(Error::Validation(_))));
        let client = Client::builder()
            .base_url("http://127.0.0.1:9")
            .credentials(creds())
            .project_id(project)
            .build()
            .unwrap();
        assert_eq!(client.project_id().as_str(), project);
        assert!(!format!("{client:?}").contains("HW-very-secret"));
        let builder = Client::builder().credentials(creds()).token("iam-token-very-secret");
        assert!(!format!("{builder:?}").contains("iam-token-very-secret"));
    }
}
