//! Huawei Cloud credentials, found as the Huawei Cloud SDKs find them:
//! `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, optionally `HUAWEICLOUD_SDK_SECURITY_TOKEN`
//! (temporary keys) and `HUAWEICLOUD_SDK_PROJECT_ID`.

use secretmanager_core::huawei::Credentials;

use super::{key_pair, missing, non_empty, process_env};
use crate::error::CredentialsError;

/// The access key variable.
pub const ACCESS_KEY_VAR: &str = "HUAWEICLOUD_SDK_AK";
/// The secret key variable.
pub const SECRET_KEY_VAR: &str = "HUAWEICLOUD_SDK_SK";
/// The project id variable.
pub const PROJECT_ID_VAR: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// The security token variable (temporary access keys).
pub const SECURITY_TOKEN_VAR: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";

/// What the environment gave.
#[derive(Debug, Clone)]
pub struct Found {
    /// The access and secret key, with the security token when one was set.
    pub credentials: Credentials,
    /// The project id, when `HUAWEICLOUD_SDK_PROJECT_ID` was set.
    pub project_id: Option<String>,
}

/// Credentials from the process environment.
pub fn from_env() -> Result<Found, CredentialsError> {
    lookup(&process_env)
}

/// Credentials from `env`, a variable lookup.
///
/// ```
/// use secretmanager_engine::credentials::huawei;
///
/// let env = |name: &str| match name {
///     "HUAWEICLOUD_SDK_AK" => Some("AK".to_owned()),
///     "HUAWEICLOUD_SDK_SK" => Some("SK".to_owned()),
///     _ => None,
/// };
/// let found = huawei::lookup(&env).unwrap();
/// assert_eq!(found.credentials.access_key(), "AK");
/// assert!(found.project_id.is_none());
/// ```
pub fn lookup(env: &dyn Fn(&str) -> Option<String>) -> Result<Found, CredentialsError> {
    let searched = || {
        [ACCESS_KEY_VAR, SECRET_KEY_VAR, SECURITY_TOKEN_VAR, PROJECT_ID_VAR]
            .iter()
            .map(|v| format!("environment variable {v}"))
            .collect()
    };
    let access = non_empty(env, ACCESS_KEY_VAR);
    let secret = non_empty(env, SECRET_KEY_VAR);
    let (access, secret) = key_pair(access, secret, "Huawei access key", "Huawei secret key")
        .map_err(|half| missing(half, searched()))?
        .ok_or_else(|| missing("Huawei credentials", searched()))?;
    let mut credentials = Credentials::new(access, secret);
    if let Some(token) = non_empty(env, SECURITY_TOKEN_VAR) {
        credentials = credentials.with_security_token(token);
    }
    Ok(Found { credentials, project_id: non_empty(env, PROJECT_ID_VAR) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_four_variables_are_read() {
        let env = |name: &str| {
            Some(
                match name {
                    ACCESS_KEY_VAR => "AK",
                    SECRET_KEY_VAR => "SK",
                    SECURITY_TOKEN_VAR => "TOK",
                    PROJECT_ID_VAR => "0123456789abcdef0123456789abcdef",
                    _ => return None,
                }
                .to_owned(),
            )
        };
        let found = lookup(&env).unwrap();
        assert_eq!(found.credentials.secret_key().expose(), "SK");
        assert_eq!(found.credentials.security_token().map(|t| t.expose()), Some("TOK"));
        assert_eq!(found.project_id.as_deref(), Some("0123456789abcdef0123456789abcdef"));
    }

    #[test]
    fn missing_keys_name_every_variable() {
        let err = lookup(&|n: &str| (n == ACCESS_KEY_VAR).then(|| "AK".to_owned())).unwrap_err();
        assert_eq!(err.missing, "Huawei secret key");
        let text = lookup(&|_: &str| None).unwrap_err().to_string();
        for var in [ACCESS_KEY_VAR, SECRET_KEY_VAR, SECURITY_TOKEN_VAR, PROJECT_ID_VAR] {
            assert!(text.contains(var), "{text}");
        }
    }
}
