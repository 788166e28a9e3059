//! What only an NCP client's builder holds: the endpoint and the credentials.

pub mod rotation;

use secretmanager_core::ncp::{Credentials, Endpoint};

use crate::error::Error;
use crate::settings::{Builder, EndpointSetting};

/// What only an NCP client needs: its endpoint and credentials (the `P` of its
/// [`Builder`]).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    endpoint: EndpointSetting<Endpoint>,
    credentials: Option<Credentials>,
}

impl<C> Builder<Settings, C> {
    /// Sends to `endpoint`: [`Endpoint::kr_global`], [`Endpoint::kr_isolated`], [`Endpoint::jp`].
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.provider.endpoint.set(endpoint);
        self
    }

    /// Sends to a base URL such as `https://host[:port][/base/path]` (an emulator, a private
    /// gateway). An invalid URL makes `build` fail with [`Error::Config`].
    pub fn base_url(mut self, url: &str) -> Self {
        self.provider.endpoint.set_parsed("base URL", Endpoint::parse(url));
        self
    }

    /// Signs with these credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.provider.credentials = Some(credentials);
        self
    }

    /// Reads the credentials when building, from the environment (`NCLOUD_ACCESS_KEY` /
    /// `NCLOUD_ACCESS_KEY_ID`, `NCLOUD_SECRET_KEY` / `NCLOUD_SECRET_ACCESS_KEY`) or
    /// `~/.ncloud/configure` (the default when no credentials are given). See
    /// [`credentials::ncp`](crate::credentials::ncp).
    pub fn credentials_from_env(mut self) -> Self {
        self.provider.credentials = None;
        self
    }
}

impl Settings {
    /// The endpoint (the KR public one when none was given) and the credentials (read from
    /// the environment or `~/.ncloud/configure` when none were given): what a transport builds
    /// the request factory from. [`Error::Config`] for an invalid base URL;
    /// [`Error::Credentials`] when none were found.
    pub fn resolve(self) -> Result<(Endpoint, Credentials), Error> {
        let endpoint = self.endpoint.resolve(|| Ok(Endpoint::kr_global()))?;
        let credentials = match self.credentials {
            Some(credentials) => credentials,
            None => crate::credentials::ncp::from_env()?,
        };
        Ok((endpoint, credentials))
    }
}
