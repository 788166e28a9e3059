//! What builds a provider's requests for every client: the core's request factories, behind
//! one trait the transports' call paths take.

use std::fmt;
use std::time::SystemTime;

use secretmanager_core::{HttpRequest, Operation, ProviderKind, Redactor, huawei, ncp};

/// A provider's request factory: builds (validates, signs or dates) each operation's request,
/// and names the secrets every request carries so that errors can be cleaned of them.
pub trait RequestSource: fmt::Debug + Send + Sync + 'static {
    /// The provider whose operations it builds (and whose decoder reads the answers).
    type Provider: ProviderKind;

    /// Validates `op` and builds its request, signed (or dated) for `now`.
    fn build_request<O: Operation<Provider = Self::Provider>>(
        &self,
        op: &O,
        now: SystemTime,
    ) -> Result<HttpRequest, secretmanager_core::Error>;

    /// Adds to `redactor` the secrets every request of this factory carries (tokens).
    fn collect_secrets(&self, redactor: &mut Redactor);
}

impl RequestSource for ncp::RequestFactory {
    type Provider = ncp::Ncp;

    fn build_request<O: Operation<Provider = ncp::Ncp>>(
        &self,
        op: &O,
        now: SystemTime,
    ) -> Result<HttpRequest, secretmanager_core::Error> {
        self.build(op, now)
    }

    /// An NCP request carries its access key, never a secret: nothing to add.
    fn collect_secrets(&self, _: &mut Redactor) {}
}

impl RequestSource for huawei::RequestFactory {
    type Provider = huawei::Huawei;

    fn build_request<O: Operation<Provider = huawei::Huawei>>(
        &self,
        op: &O,
        now: SystemTime,
    ) -> Result<HttpRequest, secretmanager_core::Error> {
        self.build(op, now)
    }

    /// The IAM token or security token a Huawei request carries.
    fn collect_secrets(&self, redactor: &mut Redactor) {
        huawei::RequestFactory::collect_secrets(self, redactor);
    }
}
