//! Finding credentials where NCP and Huawei Cloud tools look for them.
//!
//! Every lookup takes the environment as a function (`name -> value`) and the home directory as
//! a path, so it can be tested without touching the process environment; the `from_env`
//! functions pass the real ones.

pub mod huawei;
pub mod ncp;

use std::path::PathBuf;

use crate::error::CredentialsError;

/// The process environment, read with [`std::env::var`]; unset and non-UTF-8 values are `None`.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The user's home directory from `HOME` (or `USERPROFILE` on Windows), read through `env`.
pub fn home_dir(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    non_empty(env, "HOME").or_else(|| non_empty(env, "USERPROFILE")).map(PathBuf::from)
}

/// `env(name)` when set to something other than blank.
pub(crate) fn non_empty(env: &dyn Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    env(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Both halves of a key pair, from one source.
///
/// `Ok(None)` when neither was found (look elsewhere); `Err(name)` naming the missing half when
/// only one was, so that keys from two sources are never mixed.
pub(crate) fn key_pair<'a>(
    access: Option<String>,
    secret: Option<String>,
    access_name: &'a str,
    secret_name: &'a str,
) -> Result<Option<(String, String)>, &'a str> {
    match (access, secret) {
        (Some(access), Some(secret)) => Ok(Some((access, secret))),
        (Some(_), None) => Err(secret_name),
        (None, Some(_)) => Err(access_name),
        (None, None) => Ok(None),
    }
}

/// The error of a lookup that found no usable `what`, after looking in `searched`.
pub(crate) fn missing(what: &str, searched: Vec<String>) -> CredentialsError {
    CredentialsError { missing: what.to_owned(), searched }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_half_pair_names_the_missing_half() {
        let some = |v: &str| Some(v.to_owned());
        assert_eq!(key_pair(some("a"), some("s"), "A", "S"), Ok(Some(("a".into(), "s".into()))));
        assert_eq!(key_pair(some("a"), None, "A", "S"), Err("S"));
        assert_eq!(key_pair(None, some("s"), "A", "S"), Err("A"));
        assert_eq!(key_pair(None, None, "A", "S"), Ok(None));
    }
}
