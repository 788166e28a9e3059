//! The async NCP Secret Manager client and how the shared builder builds it.

use std::sync::Arc;
use std::time::Instant;

use secretmanager_core::ncp::{Endpoint, Ncp, ObservedState, Operation, RequestFactory, StateCheck};
use secretmanager_engine::{ChangeSubscription, Error, FromBuilder};

use crate::execute::{Factory, Shared};
use crate::transport::{Transport, check_proxy};

pub use secretmanager_engine::ncp::Settings;

/// An async client of NCP Secret Manager. Cheap to clone; clones share one connection pool,
/// one clock offset and the change listeners. Its futures are `Send`, and dropping one (a
/// timeout, a `select!`) cancels the call without harming the client.
///
/// ```no_run
/// use secretmanager_tokio::ncp::{self, Client, Endpoint};
///
/// # async fn run() -> Result<(), secretmanager_tokio::Error> {
/// let client = Client::builder().endpoint(Endpoint::kr_global()).build()?;
/// let chain = client.get_secret_value(&ncp::GetSecretValue::new("secret-id")).await?;
/// let _active = chain.chain.active;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Shared<RequestFactory>>,
}

/// The builder of an async NCP client: the same [`Builder`](crate::Builder) as the blocking
/// client's, with the same settings and defaults.
pub type ClientBuilder = crate::Builder<Settings, Client>;

impl Client {
    /// A builder with the defaults (credentials from the environment, the KR public endpoint).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Sends `op`, retrying as the builder's retry policy allows (see
    /// [`Operation::IDEMPOTENT`]); a lost answer to a transition is settled by reading the
    /// state back, as the blocking client does.
    pub async fn call<O>(&self, op: &O) -> Result<O::Output, Error>
    where
        O: Operation<Provider = Ncp> + Sync,
        O::Output: Send,
    {
        self.inner.call(op).await
    }

    /// The endpoint this client sends to.
    pub fn endpoint(&self) -> &Endpoint {
        self.inner.factory.endpoint()
    }

    /// Calls `listener` with the id of every secret a call of this client (or a clone) may
    /// have changed, until the subscription is dropped.
    pub fn on_secret_change(&self, listener: impl Fn(&str) + Send + Sync + 'static) -> ChangeSubscription {
        self.inner.changes.subscribe(Arc::new(listener))
    }

    /// The clock offset (server minus local, in milliseconds) requests are signed with.
    pub fn clock_offset_ms(&self) -> i64 {
        self.inner.engine.clock_offset_ms()
    }
}

impl Factory for RequestFactory {
    async fn read_state(
        shared: &Shared<Self>,
        check: StateCheck,
        deadline: Option<Instant>,
    ) -> Result<Option<ObservedState>, Error> {
        let observed = match check {
            StateCheck::Detail(read) => {
                shared.observe(&read, deadline).await?.map(|secret| ObservedState::Detail(Box::new(secret)))
            }
            StateCheck::Value(read) => shared.observe(&read, deadline).await?.map(ObservedState::Value),
            StateCheck::Logs(read) => shared.observe(&read, deadline).await?.map(ObservedState::Logs),
            _ => return Ok(None),
        };
        Ok(Some(observed.unwrap_or(ObservedState::NotFound)))
    }
}

/// Builds an async NCP client from the builder's settings; the error of `build` says why not.
impl FromBuilder<Settings> for Client {
    fn check_proxy(url: &str) -> Result<(), String> {
        check_proxy(url)
    }

    fn from_builder(builder: ClientBuilder) -> Result<Self, Error> {
        let (settings, http) = builder.into_parts();
        let (endpoint, credentials) = settings.resolve()?;
        let factory = RequestFactory::new(endpoint, &credentials);
        let shared = Shared {
            factory,
            transport: Transport::new(&http)?,
            engine: http.engine(),
            changes: Arc::default(),
        };
        Ok(Client { inner: Arc::new(shared) })
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
    fn bad_settings_are_config_errors_and_debug_hides_the_key() {
        let creds = || Credentials::new("AK", "SK-very-secret");
        let err = Client::builder().base_url("ftp://x").credentials(creds()).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let err = Client::builder().proxy("::not a url::").credentials(creds()).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let err = Client::builder().user_agent("").credentials(creds()).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let err = Client::builder().try_proxy("http://user:pw-Zq8@[::1").unwrap_err();
        assert!(matches!(err, Error::Config(ref m) if !m.contains("pw-Zq8")), "{err:?}");
        let client = Client::builder().endpoint(Endpoint::jp()).credentials(creds()).build().unwrap();
        assert!(!format!("{client:?}").contains("SK-very-secret"));
    }
}
