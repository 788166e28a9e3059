//! The `proxy` and `no_proxy` fields both options structs have, read into one [`ProxySetting`]
//! that `with_connection_options` applies to a client builder.

use std::ffi::c_char;

use crate::plumbing::error::Failure;
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::optional_str;

/// How a client chooses its proxy, as an options struct says.
///
/// The URL is not parsed here: the client builder parses it, once
/// ([`try_proxy`](secretmanager_blocking::ncp::ClientBuilder::try_proxy)), even when
/// `no_proxy` overrides it, so that a typo never goes unnoticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ProxySetting<'a> {
    /// `options->proxy`: the proxy URL given, if any.
    pub(crate) url: Option<&'a str>,
    /// `options->no_proxy`: no proxy at all, whatever `url` and the environment say.
    pub(crate) no_proxy: bool,
}

/// Reads `options->proxy` and `options->no_proxy`; a non-UTF-8 proxy is `SM_INVALID_ARGUMENT`.
/// Neither given: the proxy comes from `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY`, honouring
/// `NO_PROXY` (the default).
///
/// # Safety
///
/// `proxy` is NULL or points to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn proxy_setting<'a>(
    proxy: *const c_char,
    no_proxy: bool,
) -> Result<ProxySetting<'a>, Failure> {
    // SAFETY: forwarded from this function's contract.
    let url = unsafe { optional_str("options->proxy", proxy) }?;
    Ok(ProxySetting { url, no_proxy })
}

/// The failure of an `options->proxy` the builder found unusable: `SM_CONFIG_ERROR`, naming the
/// field. The message never repeats the URL, which may hold a proxy password (nor does the
/// builder's `error`).
pub(crate) fn unusable(error: &secretmanager_blocking::Error) -> Failure {
    let reason = match error {
        secretmanager_blocking::Error::Config(reason) => reason.as_str(),
        _ => "unusable",
    };
    Failure::new(
        sm_status::SM_CONFIG_ERROR,
        format!(
            "argument `options->proxy` is not a usable proxy URL ({reason}); expected e.g. http://host:3128"
        ),
    )
}

#[cfg(test)]
mod tests {
    use std::ptr;

    use secretmanager_blocking::ncp::Client;

    use super::*;

    #[test]
    fn null_means_the_environment_and_no_proxy_is_kept_apart() {
        // SAFETY: NULL and static NUL-terminated strings.
        unsafe {
            assert_eq!(
                proxy_setting(ptr::null(), false).unwrap(),
                ProxySetting { url: None, no_proxy: false }
            );
            assert_eq!(proxy_setting(ptr::null(), true).unwrap(), ProxySetting { url: None, no_proxy: true });
            let url = c"http://127.0.0.1:3128";
            assert_eq!(
                proxy_setting(url.as_ptr(), true).unwrap(),
                ProxySetting { url: Some("http://127.0.0.1:3128"), no_proxy: true }
            );
        }
    }

    #[test]
    fn an_unusable_url_is_a_config_error_naming_the_field_without_the_url() {
        for bad in ["", "ftp://user:hunter2@proxy:21", "http://user:hunter2@[::1"] {
            let error = Client::builder().try_proxy(bad).expect_err(bad);
            let failure = unusable(&error);
            assert_eq!(failure.status, sm_status::SM_CONFIG_ERROR, "{bad:?}");
            assert!(failure.message.contains("options->proxy"), "{}", failure.message);
            assert!(!failure.message.contains("hunter2"), "{}", failure.message);
        }
    }

    #[test]
    fn non_utf8_is_an_invalid_argument() {
        let bytes: [u8; 3] = [0x68, 0xff, 0];
        // SAFETY: a NUL-terminated byte string on the stack.
        let failure = unsafe { proxy_setting(bytes.as_ptr().cast(), false) }.unwrap_err();
        assert_eq!(failure.status, sm_status::SM_INVALID_ARGUMENT);
        assert!(failure.message.contains("options->proxy"));
    }
}
