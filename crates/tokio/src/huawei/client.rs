//! The async Huawei Cloud CSMS client and how the shared builder builds it.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use secretmanager_core::huawei::{Endpoint, Huawei, Operation, ProjectId, RequestFactory};
use secretmanager_engine::{ChangeSubscription, Error, FromBuilder};

use crate::execute::{Factory, Shared};
use crate::transport::{Transport, check_proxy};

pub use secretmanager_engine::huawei::Settings;

/// An async client of Huawei Cloud CSMS. Cheap to clone; clones share one connection pool,
/// one clock offset and the change listeners. Its futures are `Send`, and dropping one
/// cancels the call without harming the client.
///
/// ```no_run
/// use secretmanager_tokio::huawei::{self, Client};
///
/// # async fn run() -> Result<(), secretmanager_tokio::Error> {
/// // Keys from HUAWEICLOUD_SDK_AK / _SK, project from HUAWEICLOUD_SDK_PROJECT_ID.
/// let client = Client::builder().region("cn-north-4").build()?;
/// let version = client.call(&huawei::ShowSecretVersion::new("db-password", "latest")).await?;
/// # let _ = version;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Shared<RequestFactory>>,
}

/// The builder of an async Huawei client: the same [`Builder`](crate::Builder) as the
/// blocking client's, with the same settings and defaults.
pub type ClientBuilder = crate::Builder<Settings, Client>;

impl Client {
    /// A builder with the defaults (keys and project from the environment; a region or base
    /// URL must be given).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Sends `op`, retrying as the builder's retry policy allows (see
    /// [`Operation::IDEMPOTENT`]).
    pub async fn call<O>(&self, op: &O) -> Result<O::Output, Error>
    where
        O: Operation<Provider = Huawei> + Sync,
        O::Output: Send,
    {
        self.inner.call(op).await
    }

    /// The endpoint this client sends to.
    pub fn endpoint(&self) -> &Endpoint {
        self.inner.factory.endpoint()
    }

    /// The project every request names.
    pub fn project_id(&self) -> &ProjectId {
        self.inner.factory.project_id()
    }

    /// Calls `listener` with the name of every secret a call of this client (or a clone) may
    /// have changed, until the subscription is dropped.
    pub fn on_secret_change(&self, listener: impl Fn(&str) + Send + Sync + 'static) -> ChangeSubscription {
        self.inner.changes.subscribe(Arc::new(listener))
    }

    /// The clock offset (server minus local, in milliseconds) requests are signed with.
    pub fn clock_offset_ms(&self) -> i64 {
        self.inner.engine.clock_offset_ms()
    }

    /// Tells the change listeners that `secret` changed.
    pub(super) fn notify_change(&self, secret: &str) {
        self.inner.changes.notify(secret);
    }
}

impl Factory for RequestFactory {
    async fn read_state(
        _: &Shared<Self>,
        check: Infallible,
        _: Option<Instant>,
    ) -> Result<Option<Infallible>, Error> {
        match check {}
    }
}

/// Builds an async Huawei client from the builder's settings; the error of `build` says why
/// not.
impl FromBuilder<Settings> for Client {
    fn check_proxy(url: &str) -> Result<(), String> {
        check_proxy(url)
    }

    fn from_builder(builder: ClientBuilder) -> Result<Self, Error> {
        let (settings, http) = builder.into_parts();
        let (endpoint, auth, project_id) = settings.resolve()?;
        let factory = RequestFactory::new(endpoint, auth, project_id);
        let shared = Shared {
            factory,
            transport: Transport::new(&http)?,
            engine: http.engine(),
            changes: Arc::default(),
        };
        Ok(Client { inner: Arc::new(shared) })
    }
}
