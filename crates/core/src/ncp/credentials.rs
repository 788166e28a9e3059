//! NCP API credentials: an access key and its secret key.

use std::fmt;

use crate::secret::{REDACTED, SecretString};

/// An NCP access key and secret key (a main or sub-account API key).
///
/// `Debug` prints the access key (an identifier) and redacts the secret key, which is zeroed on
/// drop.
///
/// ```
/// use secretmanager_core::ncp::Credentials;
///
/// let credentials = Credentials::new("AK_TEST", "SK_TEST");
/// assert!(!format!("{credentials:?}").contains("SK_TEST"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key: String,
    secret_key: SecretString,
}

impl Credentials {
    /// Credentials from an access key and a secret key.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<SecretString>) -> Self {
        Self { access_key: access_key.into(), secret_key: secret_key.into() }
    }

    /// The access key, sent in `x-ncp-iam-access-key`.
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The secret key, used only to sign.
    pub fn secret_key(&self) -> &SecretString {
        &self.secret_key
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &REDACTED)
            .finish()
    }
}
