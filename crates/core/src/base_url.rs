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

#[cfg(test)]
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
///
/// The authority must be one an HTTP stack sends exactly as written (it is also the signed
/// `Host`): a host name of ASCII letters, digits, `-`, `.` and `_`, or an IPv4 address, or an
/// IPv6 address in brackets (`[::1]`, without zone), then optionally `:` and a port from 1 to
/// 65535 in decimal. A port outside that range is refused with [`Rule::Range`].
pub(crate) fn parse(url: &str) -> Result<BaseUrl<'_>, ValidationError> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).ok_or_else(invalid)?;
    if rest.contains(['?', '#', ' ']) || rest.chars().any(char::is_control) {
        return Err(invalid());
    }
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    check_authority(host)?;
    let scheme_len = url.len() - rest.len();
    // `url` ends with `rest`, which starts with `host`: the slice ends on a char boundary.
    let origin = &url[..scheme_len + host.len()];
    Ok(BaseUrl { origin, scheme_len, base_path: path.trim_end_matches('/') })
}

/// Checks `host[:port]` (see [`parse`]).
fn check_authority(authority: &str) -> Result<(), ValidationError> {
    let port = if let Some(bracketed) = authority.strip_prefix('[') {
        let (address, after) = bracketed.split_once(']').ok_or_else(invalid)?;
        if address.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(invalid());
        }
        match after {
            "" => None,
            _ => Some(after.strip_prefix(':').ok_or_else(invalid)?),
        }
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        let name_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_');
        if host.is_empty() || !host.bytes().all(name_byte) {
            return Err(invalid());
        }
        port
    };
    match port {
        None => Ok(()),
        Some(port) => check_port(port),
    }
}

/// Checks a port: decimal digits naming 1 to 65535.
fn check_port(port: &str) -> Result<(), ValidationError> {
    if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let out_of_range = |actual| ValidationError::new("endpoint", Rule::Range { min: 1, max: 65_535, actual });
    match port.parse::<u16>() {
        Ok(0) => Err(out_of_range(0)),
        Ok(_) => Ok(()),
        // Digits only: the value is too large for a port, and perhaps for an i64 too.
        Err(_) => Err(out_of_range(port.parse::<i64>().unwrap_or(i64::MAX))),
    }
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
            "http://[::1",
            "http://[::1]x",
            "http://[::1]:",
            "http://[::1]:x",
            "http://[]",
            "http://[not-an-address]",
            "http://[fe80::1%25eth0]",
            "http://::1",
            "http://:80",
            "http://h:",
            "http://h:x",
            "http://h:80x",
            "http://h:-1",
            "http://h:+80",
            "http://h:1:2",
            "http://user:pass@h",
            "http://@h",
            "http://h\t",
            "http://h\u{7f}",
            "http://h\u{85}/p",
            "http://h%41",
            "http://h\\x",
            "http://héllo",
            "http://h,x",
        ] {
            assert_eq!(parse(bad).unwrap_err(), invalid(), "{bad:?}");
        }
    }

    #[test]
    fn ports_outside_1_to_65535_are_out_of_range() {
        let range = |actual| ValidationError::new("endpoint", Rule::Range { min: 1, max: 65_535, actual });
        for (bad, actual) in [
            ("http://127.0.0.1:99999", 99_999),
            ("http://127.0.0.1:65536", 65_536),
            ("http://127.0.0.1:0", 0),
            ("http://127.0.0.1:00000", 0),
            ("https://[::1]:70000/p", 70_000),
            ("http://h:99999999999999999999999", i64::MAX),
        ] {
            assert_eq!(parse(bad).unwrap_err(), range(actual), "{bad:?}");
        }
    }

    #[test]
    fn accepts_the_authorities_an_http_stack_sends_as_written() {
        for (good, host) in [
            ("http://127.0.0.1:1", "127.0.0.1:1"),
            ("http://127.0.0.1:65535/", "127.0.0.1:65535"),
            ("http://[::1]:8080/base", "[::1]:8080"),
            ("https://[2001:db8::7]", "[2001:db8::7]"),
            ("https://[::ffff:192.0.2.1]:443", "[::ffff:192.0.2.1]:443"),
            ("https://my_host-1.example.com:08443", "my_host-1.example.com:08443"),
            ("http://localhost", "localhost"),
        ] {
            assert_eq!(parse(good).unwrap().host(), host, "{good:?}");
        }
    }
}
