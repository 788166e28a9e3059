//! Finding credentials where NCP and Huawei Cloud tools look for them.
//!
//! Every lookup takes the environment as a function (`name -> value`) and the home directory as
//! a path, so it can be tested without touching the process environment; the `from_env`
//! functions pass the real ones.

pub mod huawei;
pub mod ncp;

use std::path::PathBuf;

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
