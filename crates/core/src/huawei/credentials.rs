//! How a Huawei request is authenticated: AK/SK signing or an IAM token.

use std::fmt;

use crate::secret::{REDACTED, SecretString};

/// A Huawei Cloud access key (AK) and secret key (SK), with the security token of temporary
/// credentials when there is one.
///
/// `Debug` prints the access key (an identifier) and redacts the rest.
///
/// ```
/// use secretmanager_core::huawei::Credentials;
///
/// let credentials = Credentials::new("HWAK", "HWSK").with_security_token("temporary-token");
/// let printed = format!("{credentials:?}");
/// assert!(!printed.contains("HWSK") && !printed.contains("temporary-token"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key: String,
    secret_key: SecretString,
    security_token: Option<SecretString>,
}

impl Credentials {
    /// Permanent credentials from an access key and a secret key.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<SecretString>) -> Self {
        Self { access_key: access_key.into(), secret_key: secret_key.into(), security_token: None }
    }

    /// Adds the security token of temporary credentials, sent as `X-Security-Token`.
    pub fn with_security_token(mut self, token: impl Into<SecretString>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// The access key, sent in the `Authorization` header.
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The secret key, used only to sign.
    pub fn secret_key(&self) -> &SecretString {
        &self.secret_key
    }

    /// The security token of temporary credentials.
    pub fn security_token(&self) -> Option<&SecretString> {
        self.security_token.as_ref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &REDACTED)
            .field("security_token", &self.security_token.as_ref().map(|_| REDACTED))
            .finish()
    }
}

/// How requests are authenticated.
///
/// ```
/// use secretmanager_core::huawei::{Auth, Credentials};
///
/// let signed = Auth::AkSk(Credentials::new("HWAK", "HWSK"));
/// let token = Auth::Token("iam-token".into());
/// assert!(!format!("{token:?}").contains("iam-token"));
/// # let _ = signed;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// Sign every request with `SDK-HMAC-SHA256`.
    AkSk(Credentials),
    /// Send an IAM token (the `X-Subject-Token` of `POST /v3/auth/tokens`, valid 24 h) in
    /// `X-Auth-Token`.
    Token(SecretString),
}

impl From<Credentials> for Auth {
    fn from(credentials: Credentials) -> Self {
        Auth::AkSk(credentials)
    }
}
