//! The Huawei Cloud CSMS client and its builder.

use std::sync::Arc;

use secretmanager_core::SecretString;
use secretmanager_core::huawei::{self, Auth, Credentials, Endpoint, Operation, ProjectId, RequestFactory};

use crate::clock::SkewedClock;
use crate::config::HttpSettings;
use crate::credentials;
use crate::error::{CredentialsError, Error};
use crate::execute::Executor;

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
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    factory: RequestFactory,
    executor: Executor,
}

impl Client {
    /// A builder; a region or base URL is required, credentials default to the environment.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Sends any CSMS operation and decodes its answer.
    pub fn call<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        let factory = &self.inner.factory;
        self.inner.executor.execute(O::IDEMPOTENT, |now| factory.build(op, now), huawei::decode::<O::Output>)
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &Endpoint {
        self.inner.factory.endpoint()
    }

    /// The project id requests are made in.
    pub fn project_id(&self) -> &ProjectId {
        self.inner.factory.project_id()
    }

    /// The clock offset learned from the server, in milliseconds (server minus local).
    pub fn clock_offset_ms(&self) -> i64 {
        self.inner.executor.clock.offset_ms()
    }
}

/// Declares one method per CSMS operation.
macro_rules! operations {
    ($($(#[$doc:meta])* $method:ident($op:ident);)*) => {
        impl Client {
            $(
                $(#[$doc])*
                ///
                /// Retried as [`Client::call`] retries it (see [`Operation::IDEMPOTENT`]).
                pub fn $method(&self, op: &huawei::$op) -> Result<<huawei::$op as Operation>::Output, Error> {
                    self.call(op)
                }
            )*
        }
    };
}

operations! {
    /// Sends **RotateSecret** ([`huawei::RotateSecret`]): a new version with a new value.
    rotate_secret(RotateSecret);
    /// Sends **CreateSecret** ([`huawei::CreateSecret`]).
    create_secret(CreateSecret);
    /// Sends **ShowSecret** ([`huawei::ShowSecret`]).
    show_secret(ShowSecret);
    /// Sends **ListSecrets** ([`huawei::ListSecrets`]).
    list_secrets(ListSecrets);
    /// Sends **UpdateSecret** ([`huawei::UpdateSecret`]).
    update_secret(UpdateSecret);
    /// Sends **CreateSecretVersion** ([`huawei::CreateSecretVersion`]).
    create_secret_version(CreateSecretVersion);
    /// Sends **ListSecretVersions** ([`huawei::ListSecretVersions`]).
    list_secret_versions(ListSecretVersions);
    /// Sends **ShowSecretVersion** ([`huawei::ShowSecretVersion`]).
    show_secret_version(ShowSecretVersion);
    /// Sends **ShowSecretStage** ([`huawei::ShowSecretStage`]).
    show_secret_stage(ShowSecretStage);
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
#[derive(Debug, Clone, Default)]
pub struct ClientBuilder {
    endpoint: Option<Result<Endpoint, String>>,
    auth: Option<Auth>,
    project_id: Option<String>,
    http: HttpSettings,
    clock_offset_ms: i64,
}

impl ClientBuilder {
    /// Sends to the public endpoint of `region` (`https://kms.{region}.myhuaweicloud.com`).
    pub fn region(mut self, region: &str) -> Self {
        self.endpoint = Some(Endpoint::region(region).map_err(|e| format!("invalid region: {e}")));
        self
    }

    /// Sends to `endpoint`.
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.endpoint = Some(Ok(endpoint));
        self
    }

    /// Sends to a base URL such as `https://host[:port]` (an emulator, a private endpoint).
    pub fn base_url(mut self, url: &str) -> Self {
        self.endpoint = Some(Endpoint::parse(url).map_err(|e| format!("invalid base URL: {e}")));
        self
    }

    /// Signs with these keys (add a security token to them for temporary keys).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.auth = Some(Auth::AkSk(credentials));
        self
    }

    /// Sends this IAM token in `X-Auth-Token` instead of signing.
    pub fn token(mut self, token: impl Into<SecretString>) -> Self {
        self.auth = Some(Auth::Token(token.into()));
        self
    }

    /// Reads the keys when building from `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN`, and the project id from `HUAWEICLOUD_SDK_PROJECT_ID`
    /// unless one is given (the default when no credentials are given).
    pub fn credentials_from_env(mut self) -> Self {
        self.auth = None;
        self
    }

    /// The project id (32 hexadecimal characters).
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    crate::config::http_setters!();

    /// Starts with a known clock offset in milliseconds (server minus local).
    pub fn clock_offset_ms(mut self, offset_ms: i64) -> Self {
        self.clock_offset_ms = offset_ms;
        self
    }

    /// Builds the client.
    ///
    /// Fails with [`Error::Config`] without a region or base URL or with an invalid one, with
    /// [`Error::Validation`] for a malformed project id, and with [`Error::Credentials`] when
    /// keys or the project id were not given and not found in the environment.
    pub fn build(self) -> Result<Client, Error> {
        let endpoint = match self.endpoint {
            None => return Err(Error::Config("a Huawei client needs a region or a base URL".into())),
            Some(Ok(endpoint)) => endpoint,
            Some(Err(message)) => return Err(Error::Config(message)),
        };
        let project_id = match self.project_id {
            Some(project) => project,
            None => credentials::non_empty(&credentials::process_env, credentials::huawei::PROJECT_ID_VAR)
                .ok_or_else(|| {
                    Error::Credentials(CredentialsError {
                        missing: "Huawei project id".into(),
                        searched: vec![
                            "ClientBuilder::project_id".into(),
                            format!("environment variable {}", credentials::huawei::PROJECT_ID_VAR),
                        ],
                    })
                })?,
        };
        let auth = match self.auth {
            Some(auth) => auth,
            None => Auth::AkSk(credentials::huawei::from_env()?.credentials),
        };
        let project_id = ProjectId::new(project_id)?;
        let clock = SkewedClock::default();
        clock.set_offset_ms(self.clock_offset_ms);
        let executor = Executor { transport: self.http.transport()?, clock, retry: self.http.retry };
        let factory = RequestFactory::new(endpoint, auth, project_id);
        Ok(Client { inner: Arc::new(Inner { factory, executor }) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
