//! What the NCP and the Huawei options structs share (timeouts, retries, the response cap,
//! the proxy, the TLS roots and the user agent), applied to either client builder.

use std::time::Duration;

use secretmanager_blocking::{Builder, RetryPolicy, Timeouts};

use crate::plumbing::error::Failure;
use crate::plumbing::proxy::{ProxySetting, proxy_setting, unusable};
use crate::plumbing::tls::{TlsOptions, tls_roots};

/// Checks a `user_agent` option before it reaches the builder, so that a bad one is reported
/// as the argument it is (`SM_INVALID_ARGUMENT`), not as a configuration error.
pub(crate) fn checked_user_agent<'a>(argument: &str, user_agent: &'a str) -> Result<&'a str, Failure> {
    secretmanager_blocking::validate_user_agent(user_agent).map_err(|e| Failure::invalid(argument, e))?;
    Ok(user_agent)
}

/// A duration from milliseconds, `None` for 0.
pub(crate) fn millis(ms: u32) -> Option<Duration> {
    (ms > 0).then(|| Duration::from_millis(u64::from(ms)))
}

/// The timeouts of the `connect_timeout_ms`, `read_timeout_ms` and `total_timeout_ms` fields
/// both options structs have; 0 keeps the library default.
pub(crate) fn timeouts(connect_ms: u32, read_ms: u32, total_ms: u32) -> Timeouts {
    let mut timeouts = Timeouts::default();
    timeouts.connect = millis(connect_ms).or(timeouts.connect);
    timeouts.read = millis(read_ms).or(timeouts.read);
    timeouts.total = millis(total_ms).or(timeouts.total);
    timeouts
}

/// The retry policy of the `max_retries` field both options structs have; `None` (keep the
/// library default) when it is negative.
pub(crate) fn retry_policy(max_retries: i32) -> Option<RetryPolicy> {
    u32::try_from(max_retries).ok().map(|retries| RetryPolicy::default().max_retries(retries))
}

/// The fields both options structs have, as one value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConnectionOptions {
    pub(crate) connect_timeout_ms: u32,
    pub(crate) read_timeout_ms: u32,
    pub(crate) total_timeout_ms: u32,
    pub(crate) max_retries: i32,
    pub(crate) max_response_bytes: u64,
    pub(crate) proxy: *const std::ffi::c_char,
    pub(crate) no_proxy: bool,
    pub(crate) tls: TlsOptions,
}

/// Applies what both options structs share (`*_timeout_ms`, `max_retries`, `proxy`,
/// `no_proxy`, `max_response_bytes`, `tls_roots`, `ca_file`, `ca_pem`) to a client builder of
/// either provider.
///
/// # Safety
///
/// `options.proxy`, `options.tls.ca_file` and `options.tls.ca_pem` are NULL or live
/// NUL-terminated strings.
pub(crate) unsafe fn with_connection_options<P, C: secretmanager_engine::FromBuilder<P>>(
    builder: Builder<P, C>,
    options: ConnectionOptions,
) -> Result<Builder<P, C>, Failure> {
    let mut builder = builder.timeouts(timeouts(
        options.connect_timeout_ms,
        options.read_timeout_ms,
        options.total_timeout_ms,
    ));
    if let Some(policy) = retry_policy(options.max_retries) {
        builder = builder.retry(policy);
    }
    if options.max_response_bytes > 0 {
        builder = builder.max_response_bytes(options.max_response_bytes);
    }
    // SAFETY: forwarded from this function's contract.
    if let Some(roots) = unsafe { tls_roots(options.tls) }? {
        builder = builder.tls_roots(roots);
    }
    // SAFETY: forwarded from this function's contract.
    let ProxySetting { url, no_proxy } = unsafe { proxy_setting(options.proxy, options.no_proxy) }?;
    // The URL is parsed once, by the builder, and must be usable even under `no_proxy`.
    if let Some(url) = url {
        builder = builder.try_proxy(url).map_err(|error| unusable(&error))?;
    }
    Ok(if no_proxy { builder.no_proxy() } else { builder })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_means_the_default_timeout() {
        assert_eq!(millis(0), None);
        assert_eq!(millis(1500), Some(Duration::from_millis(1500)));
    }

    #[test]
    fn timeouts_and_retries_keep_the_library_defaults_unless_given() {
        assert_eq!(timeouts(0, 0, 0), Timeouts::default());
        let given = timeouts(1500, 0, 9000);
        assert_eq!(given.connect, Some(Duration::from_millis(1500)));
        assert_eq!(given.read, Timeouts::default().read);
        assert_eq!(given.total, Some(Duration::from_millis(9000)));
        assert_eq!(retry_policy(-1), None);
        assert_eq!(retry_policy(0).map(|p| p.retries()), Some(0));
        assert_eq!(retry_policy(4).map(|p| p.retries()), Some(4));
    }
}
