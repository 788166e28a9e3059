//! Splitting a caller-given base URL (`http(s)://host[:port][/base/path]`), shared by both
//! providers' endpoints.

use crate::validate::{Rule, ValidationError};

/// The parts of a base URL, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BaseUrl<'a> {
    /// Scheme, host and port: `https://host:port`.
    pub(crate) origin: &'a str,
    /// The length of `http://` or `https://`, where the host starts in `origin`.
    pub(crate) scheme_len: usize,
    /// The path after the host without its trailing `/`: empty, or e.g. `/secretmanager`.
    pub(crate) base_path: &'a str,
}

impl BaseUrl<'_> {
    /// Host and port, as written.
    pub(crate) fn host(&self) -> &str {
        &self.origin[self.scheme_len..]
    }
}

/// The error of every malformed base URL (field `endpoint`).
pub(crate) fn invalid() -> ValidationError {
    ValidationError::new("endpoint", Rule::Pattern("http(s)://host[:port][/path]"))
}

/// Splits `url`, which must be `http` or `https`, name a host without user info, and carry no
/// query, fragment, space or control character.
pub(crate) fn parse(url: &str) -> Result<BaseUrl<'_>, ValidationError> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).ok_or_else(invalid)?;
    if rest.contains(['?', '#', ' ']) || rest.chars().any(char::is_control) {
        return Err(invalid());
    }
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if host.is_empty() || host.contains('@') {
        return Err(invalid());
    }
    let scheme_len = url.len() - rest.len();
    // `url` ends with `rest`, which starts with `host`: the slice ends on a char boundary.
    let origin = &url[..scheme_len + host.len()];
    Ok(BaseUrl { origin, scheme_len, base_path: path.trim_end_matches('/') })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_origin_host_and_path() {
        let url = parse("https://kms.example.com:8443/base/path/").unwrap();
        assert_eq!(url.origin, "https://kms.example.com:8443");
        assert_eq!(url.host(), "kms.example.com:8443");
        assert_eq!(url.base_path, "/base/path");
        let url = parse("http://127.0.0.1").unwrap();
        assert_eq!((url.origin, url.host(), url.base_path), ("http://127.0.0.1", "127.0.0.1", ""));
    }

    #[test]
    fn rejects_what_is_not_a_base_url() {
        for bad in [
            "",
            "ftp://h",
            "https://",
            "https:///p",
            "https://u@h",
            "https://h?q",
            "https://h#f",
            "https://h p",
            "https://h\n",
        ] {
            assert_eq!(parse(bad).unwrap_err(), invalid(), "{bad:?}");
        }
    }
}
