//! The `proxy` and `no_proxy` fields both options structs have, read into one [`ProxySetting`].

use std::ffi::c_char;

use crate::error::Failure;
use crate::status::sm_status;
use crate::strings::optional_str;

/// How a client chooses its proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProxySetting<'a> {
    /// `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY`, honouring `NO_PROXY` (the default).
    FromEnvironment,
    /// No proxy at all.
    None,
    /// This proxy URL, already checked to be usable.
    Url(&'a str),
}

/// Reads `options->proxy` and `options->no_proxy`. A given proxy URL must be usable even when
/// `no_proxy` overrides it, so that a typo never goes unnoticed: an unusable one is
/// `SM_CONFIG_ERROR`, a non-UTF-8 one `SM_INVALID_ARGUMENT`. The message never repeats the URL,
/// which may hold a proxy password.
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
    if let Some(url) = url {
        ureq::Proxy::new(url).map_err(|e| {
            Failure::new(
                sm_status::SM_CONFIG_ERROR,
                format!("argument `options->proxy` is not a usable proxy URL ({e}); expected e.g. http://host:3128"),
            )
        })?;
    }
    Ok(match (url, no_proxy) {
        (_, true) => ProxySetting::None,
        (Some(url), false) => ProxySetting::Url(url),
        (None, false) => ProxySetting::FromEnvironment,
    })
}

#[cfg(test)]
mod tests {
    use std::ptr;

    use super::*;

    #[test]
    fn null_means_the_environment_and_no_proxy_wins() {
        // SAFETY: NULL and static NUL-terminated strings.
        unsafe {
            assert_eq!(proxy_setting(ptr::null(), false).unwrap(), ProxySetting::FromEnvironment);
            assert_eq!(proxy_setting(ptr::null(), true).unwrap(), ProxySetting::None);
            let url = c"http://127.0.0.1:3128";
            assert_eq!(
                proxy_setting(url.as_ptr(), false).unwrap(),
                ProxySetting::Url("http://127.0.0.1:3128")
            );
            assert_eq!(proxy_setting(url.as_ptr(), true).unwrap(), ProxySetting::None);
        }
    }

    #[test]
    fn an_unusable_url_is_a_config_error_naming_the_field_without_the_url() {
        for bad in [c"", c"ftp://user:hunter2@proxy:21", c"http://user:hunter2@[::1"] {
            for no_proxy in [false, true] {
                // SAFETY: a static NUL-terminated string.
                let failure = unsafe { proxy_setting(bad.as_ptr(), no_proxy) }.unwrap_err();
                assert_eq!(failure.status, sm_status::SM_CONFIG_ERROR, "{bad:?}");
                assert!(failure.message.contains("options->proxy"), "{}", failure.message);
                assert!(!failure.message.contains("hunter2"), "{}", failure.message);
            }
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
