//! Where CSMS is reached, and the project requests are made in.

use std::fmt;

use crate::base_url;
use crate::validate::{Rule, ValidationError};

/// A CSMS endpoint: scheme, host and port, plus an optional base path (for a gateway or proxy
/// in front of the service).
///
/// The `Host` header of every request is [`Endpoint::host`], and it is signed.
///
/// ```
/// use secretmanager_core::huawei::Endpoint;
///
/// let endpoint = Endpoint::region("cn-north-4").unwrap();
/// assert_eq!(endpoint.origin(), "https://kms.cn-north-4.myhuaweicloud.com");
/// assert_eq!(endpoint.host(), "kms.cn-north-4.myhuaweicloud.com");
///
/// let local = Endpoint::parse("http://127.0.0.1:8080/").unwrap();
/// assert_eq!(local.host(), "127.0.0.1:8080");
/// assert_eq!(local.base_path(), "");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    origin: String,
    scheme_len: usize,
    base_path: String,
}

impl Endpoint {
    /// The public endpoint of `region`: `https://kms.{region}.myhuaweicloud.com`.
    ///
    /// The region is checked for shape only (`cn-north-4`, `ap-southeast-1`…): lower-case
    /// letters and digits in at least two parts joined by `-`, starting with a letter, at most
    /// 64 characters. The error names the field `region`.
    pub fn region(region: &str) -> Result<Self, ValidationError> {
        validate_region(region)?;
        let origin = format!("https://kms.{region}.myhuaweicloud.com");
        Ok(Self { origin, scheme_len: "https://".len(), base_path: String::new() })
    }

    /// An endpoint from a base URL such as `https://host[:port][/base/path]`.
    ///
    /// The URL must be `http` or `https`, name a host (letters, digits, `-`, `.`, `_`, or an
    /// IP address, IPv6 in brackets) and optionally a port from 1 to 65535, and carry no user,
    /// query or fragment; a trailing `/` is dropped. The error names the field `endpoint`.
    pub fn parse(url: &str) -> Result<Self, ValidationError> {
        let url = base_url::parse(url)?;
        Ok(Self {
            origin: url.origin.to_owned(),
            scheme_len: url.scheme_len,
            base_path: url.base_path.to_owned(),
        })
    }

    /// Scheme, host and port, e.g. `https://kms.cn-north-4.myhuaweicloud.com`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Host and port as written in the URL: the value of the signed `Host` header.
    pub fn host(&self) -> &str {
        &self.origin[self.scheme_len..]
    }

    /// The path before `/v1/{project_id}`: usually empty.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.origin, self.base_path)
    }
}

fn validate_region(region: &str) -> Result<(), ValidationError> {
    const FIELD: &str = "region";
    if region.is_empty() {
        return Err(ValidationError::new(FIELD, Rule::Required));
    }
    let pattern =
        || ValidationError::new(FIELD, Rule::Pattern("^[a-z][a-z0-9]*(-[a-z0-9]+)+$, 64 characters at most"));
    if region.len() > 64 || !region.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(pattern());
    }
    let parts: Vec<&str> = region.split('-').collect();
    let well_formed = parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    if !well_formed {
        return Err(pattern());
    }
    Ok(())
}

/// A project id: the 32 letters and digits IAM gives a project.
///
/// ```
/// use secretmanager_core::huawei::ProjectId;
///
/// let project = ProjectId::new("0123456789abcdef0123456789abcdef").unwrap();
/// assert_eq!(project.as_str().len(), 32);
/// assert_eq!(ProjectId::new("short").unwrap_err().field, "project_id");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProjectId(String);

impl ProjectId {
    /// Checks that `id` is 32 ASCII letters or digits.
    pub fn new(id: impl Into<String>) -> Result<Self, ValidationError> {
        const FIELD: &str = "project_id";
        let id = id.into();
        if id.is_empty() {
            return Err(ValidationError::new(FIELD, Rule::Required));
        }
        crate::validate::char_length(FIELD, &id, 32, 32)?;
        if !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(ValidationError::new(FIELD, Rule::Pattern("^[a-zA-Z0-9]{32}$")));
        }
        Ok(Self(id))
    }

    /// The id, as sent in the path and in `X-Project-Id`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for ProjectId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_regions_are_accepted() {
        for region in ["cn-north-4", "cn-north-1", "cn-east-3", "ap-southeast-1", "la-south-2", "tr-west-1"] {
            let endpoint = Endpoint::region(region).unwrap();
            assert_eq!(endpoint.origin(), format!("https://kms.{region}.myhuaweicloud.com"));
            assert_eq!(endpoint.host(), format!("kms.{region}.myhuaweicloud.com"));
        }
    }

    #[test]
    fn malformed_regions_are_rejected() {
        assert_eq!(Endpoint::region("").unwrap_err().rule, Rule::Required);
        for bad in
            ["cn", "CN-north-4", "cn-north-", "-cn-north", "cn--north", "cn north", "cn.north-4", "4cn-north"]
        {
            let err = Endpoint::region(bad).unwrap_err();
            assert_eq!(err.field, "region", "{bad}");
            assert!(matches!(err.rule, Rule::Pattern(_)), "{bad}");
        }
        assert!(Endpoint::region(&format!("a-{}", "b".repeat(63))).is_err());
    }

    #[test]
    fn parse_keeps_host_and_port_for_the_host_header() {
        let local = Endpoint::parse("http://127.0.0.1:41234").unwrap();
        assert_eq!(
            (local.origin(), local.host(), local.base_path()),
            ("http://127.0.0.1:41234", "127.0.0.1:41234", "")
        );
        let proxied = Endpoint::parse("https://gw.example.com:8443/csms/").unwrap();
        assert_eq!(proxied.host(), "gw.example.com:8443");
        assert_eq!(proxied.base_path(), "/csms");
        assert_eq!(proxied.to_string(), "https://gw.example.com:8443/csms");
        assert_eq!(
            Endpoint::parse("https://kms.cn-north-4.myhuaweicloud.com/").unwrap(),
            Endpoint::region("cn-north-4").unwrap()
        );
    }

    #[test]
    fn parse_rejects_what_cannot_be_a_base_url() {
        for bad in [
            "",
            "ftp://x",
            "https://",
            "https:///p",
            "http://h/p?q=1",
            "http://h#f",
            "http://u@h",
            "http://h/a b",
            "http://:80",
            "http://127.0.0.1:99999",
            "http://127.0.0.1:0",
            "http://h:x",
            "http://[::1",
            "http://[::1]x",
        ] {
            assert_eq!(Endpoint::parse(bad).unwrap_err().field, "endpoint", "{bad:?}");
        }
    }

    #[test]
    fn project_ids_are_32_letters_or_digits() {
        assert!(ProjectId::new("0123456789abcdefABCDEF0123456789").is_ok());
        assert_eq!(ProjectId::new("").unwrap_err().rule, Rule::Required);
        assert!(matches!(
            ProjectId::new("0".repeat(31)).unwrap_err().rule,
            Rule::CharLength { actual: 31, .. }
        ));
        assert!(matches!(
            ProjectId::new("0".repeat(33)).unwrap_err().rule,
            Rule::CharLength { actual: 33, .. }
        ));
        let err = ProjectId::new("0123456789abcdef0123456789abcde/").unwrap_err();
        assert_eq!((err.field, err.rule), ("project_id", Rule::Pattern("^[a-zA-Z0-9]{32}$")));
    }
}
