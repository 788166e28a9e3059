//! What only a Huawei client's builder holds: the endpoint, the authentication and the
//! project.

pub mod rotation;
pub mod tasks;

use secretmanager_core::SecretString;
use secretmanager_core::huawei::{Auth, Credentials, Endpoint, ProjectId};

use crate::credentials;
use crate::error::Error;
use crate::settings::{Builder, EndpointSetting};

/// What only a Huawei client needs: its endpoint, authentication and project (the `P` of its
/// [`Builder`]).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    endpoint: EndpointSetting<Endpoint>,
    auth: Option<Auth>,
    project_id: Option<String>,
}

impl<C> Builder<Settings, C> {
    /// Sends to the public endpoint of `region` (`https://kms.{region}.myhuaweicloud.com`).
    pub fn region(mut self, region: &str) -> Self {
        self.provider.endpoint.set_parsed("region", Endpoint::region(region));
        self
    }

    /// Sends to `endpoint`.
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.provider.endpoint.set(endpoint);
        self
    }

    /// Sends to a base URL such as `https://host[:port]` (an emulator, a private endpoint).
    pub fn base_url(mut self, url: &str) -> Self {
        self.provider.endpoint.set_parsed("base URL", Endpoint::parse(url));
        self
    }

    /// Signs with these keys (add a security token to them for temporary keys).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.provider.auth = Some(Auth::AkSk(credentials));
        self
    }

    /// Sends this IAM token in `X-Auth-Token` instead of signing.
    pub fn token(mut self, token: impl Into<SecretString>) -> Self {
        self.provider.auth = Some(Auth::Token(token.into()));
        self
    }

    /// Reads the keys when building from `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN`, and the project id from `HUAWEICLOUD_SDK_PROJECT_ID`
    /// unless one is given (the default when no credentials are given).
    pub fn credentials_from_env(mut self) -> Self {
        self.provider.auth = None;
        self
    }

    /// The project id (32 hexadecimal characters).
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.provider.project_id = Some(project_id.into());
        self
    }
}

impl Settings {
    /// The endpoint, the authentication (keys read from the environment when none was given)
    /// and the project (from the environment when none was given): what a transport builds
    /// the request factory from. [`Error::Config`] without a region or base URL or with an
    /// invalid one, [`Error::Validation`] for a malformed project id, [`Error::Credentials`]
    /// when keys or the project id were not given and not found.
    pub fn resolve(self) -> Result<(Endpoint, Auth, ProjectId), Error> {
        let endpoint = self
            .endpoint
            .resolve(|| Err(Error::Config("a Huawei client needs a region or a base URL".into())))?;
        let project_id = match self.project_id {
            Some(project) => project,
            None => credentials::non_empty(&credentials::process_env, credentials::huawei::PROJECT_ID_VAR)
                .ok_or_else(|| {
                    credentials::missing(
                        "Huawei project id",
                        vec![
                            "ClientBuilder::project_id".into(),
                            format!("environment variable {}", credentials::huawei::PROJECT_ID_VAR),
                        ],
                    )
                })?,
        };
        let auth = match self.auth {
            Some(auth) => auth,
            None => Auth::AkSk(credentials::huawei::from_env()?.credentials),
        };
        Ok((endpoint, auth, ProjectId::new(project_id)?))
    }
}
