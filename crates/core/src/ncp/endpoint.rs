//! Where NCP Secret Manager is reached: a scheme and host, plus a base path on `ocapi-*` hosts.

use crate::base_url;
use crate::validate::ValidationError;

/// An NCP Secret Manager endpoint.
///
/// The base path (e.g. `/secretmanager` on the `ocapi-*` hosts) is part of what is signed.
///
/// ```
/// use secretmanager_core::ncp::Endpoint;
///
/// let isolated = Endpoint::kr_isolated();
/// assert_eq!(isolated.origin(), "https://ocapi-kr.ncloud.com");
/// assert_eq!(isolated.base_path(), "/secretmanager");
///
/// let local = Endpoint::parse("http://127.0.0.1:8080/").unwrap();
/// assert_eq!(local.base_path(), "");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    origin: String,
    base_path: String,
}

impl Endpoint {
    /// KR, secrets under a KMS global key: `https://secretmanager.apigw.ntruss.com`.
    pub fn kr_global() -> Self {
        Self::known("https://secretmanager.apigw.ntruss.com", "")
    }

    /// KR, secrets under a region-isolated KMS key: `https://ocapi-kr.ncloud.com/secretmanager`.
    pub fn kr_isolated() -> Self {
        Self::known("https://ocapi-kr.ncloud.com", "/secretmanager")
    }

    /// JPN (isolated keys only): `https://ocapi-jp.ncloud.com/secretmanager`.
    pub fn jp() -> Self {
        Self::known("https://ocapi-jp.ncloud.com", "/secretmanager")
    }

    fn known(origin: &str, base_path: &str) -> Self {
        Self { origin: origin.to_owned(), base_path: base_path.to_owned() }
    }

    /// An endpoint from a base URL such as `https://host[:port][/base/path]`.
    ///
    /// The URL must be `http` or `https`, name a host (letters, digits, `-`, `.`, `_`, or an
    /// IP address, IPv6 in brackets) and optionally a port from 1 to 65535, and carry no user,
    /// query or fragment; a trailing `/` is dropped. The error names the field `endpoint`.
    pub fn parse(url: &str) -> Result<Self, ValidationError> {
        let url = base_url::parse(url)?;
        Ok(Self { origin: url.origin.to_owned(), base_path: url.base_path.to_owned() })
    }

    /// Scheme, host and port, e.g. `https://ocapi-kr.ncloud.com`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Host and port as written in the URL, e.g. `ocapi-kr.ncloud.com`: the value of every
    /// request's `Host` header.
    ///
    /// ```
    /// use secretmanager_core::ncp::Endpoint;
    ///
    /// assert_eq!(Endpoint::parse("http://127.0.0.1:8080/sm").unwrap().host(), "127.0.0.1:8080");
    /// ```
    pub fn host(&self) -> &str {
        self.origin.split_once("://").map_or(self.origin.as_str(), |(_, host)| host)
    }

    /// The path before `/api/v1` and `/action/v1`: empty, or e.g. `/secretmanager`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_match_the_documented_hosts() {
        assert_eq!(Endpoint::kr_global().origin(), "https://secretmanager.apigw.ntruss.com");
        assert_eq!(Endpoint::kr_global().base_path(), "");
        assert_eq!(Endpoint::jp().origin(), "https://ocapi-jp.ncloud.com");
        assert_eq!(Endpoint::jp().base_path(), "/secretmanager");
    }

    #[test]
    fn parse_splits_origin_and_base_path() {
        let e = Endpoint::parse("https://ocapi-kr.ncloud.com/secretmanager/").unwrap();
        assert_eq!(e, Endpoint::kr_isolated());
        let e = Endpoint::parse("http://127.0.0.1:41234").unwrap();
        assert_eq!((e.origin(), e.base_path()), ("http://127.0.0.1:41234", ""));
    }

    #[test]
    fn parse_rejects_what_cannot_be_a_base_url() {
        for bad in [
            "",
            "ftp://x",
            "https://",
            "https:///path",
            "http://h/p?q=1",
            "http://h#f",
            "http://u@h",
            "http://h/a b",
            "http://127.0.0.1:99999",
            "http://127.0.0.1:0",
            "http://h:x",
            "http://:80",
            "http://[::1",
            "http://[::1]x",
        ] {
            assert_eq!(Endpoint::parse(bad).unwrap_err().field, "endpoint", "{bad:?}");
        }
    }
}
