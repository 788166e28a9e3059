//! A transport-neutral HTTP request value: what to send, fully signed.

use std::fmt;

use crate::secret::{REDACTED, SecretBytes};

/// An HTTP method used by the two APIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as sent on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// The method whose wire form is `text` (exact, upper-case), if it is one of these.
    ///
    /// ```
    /// use secretmanager_core::Method;
    ///
    /// assert_eq!(Method::from_wire("PUT"), Some(Method::Put));
    /// assert_eq!(Method::from_wire("put"), None);
    /// ```
    pub fn from_wire(text: &str) -> Option<Self> {
        [Method::Get, Method::Post, Method::Put, Method::Delete].into_iter().find(|m| m.as_str() == text)
    }

    /// Whether sending the request twice has the same effect as sending it once (RFC 9110).
    pub const fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One request header.
#[derive(Clone, PartialEq, Eq)]
pub struct Header {
    /// Header name, as the provider documents it.
    pub name: &'static str,
    /// Header value.
    pub value: String,
    /// Whether the value is a credential (a token) that must never be logged.
    pub sensitive: bool,
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value: &dyn fmt::Debug = if self.sensitive { &REDACTED } else { &self.value };
        f.debug_struct("Header").field("name", &self.name).field("value", value).finish()
    }
}

/// A complete, signed HTTP request that any transport can send as is.
///
/// The body may hold a secret value: it is zeroed on drop and never printed by `Debug`.
/// `Debug` also prints the URL with the job token of an NCP rotation-job step
/// (`.../jobs/{jobToken}/...`) redacted, and sensitive headers redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL, path and query exactly as signed.
    pub url: String,
    /// Headers to send, in order, `Host` among them (both providers' factories give it);
    /// `Content-Length` is left to the transport.
    pub headers: Vec<Header>,
    /// The body; empty when the operation sends none.
    pub body: SecretBytes,
    /// Whether the operation may be sent again without risk of doubling its effect.
    pub idempotent: bool,
}

impl HttpRequest {
    /// The value of the first header called `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
    }

    /// Whether a transport sends a body: the request has one, or is a POST or PUT (which carry
    /// one even when empty, saying `Content-Length: 0`).
    pub fn sends_body(&self) -> bool {
        !self.body.is_empty() || matches!(self.method, Method::Post | Method::Put)
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &UrlWithoutJobToken(&self.url))
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("idempotent", &self.idempotent)
            .finish()
    }
}

/// A URL printed with the path segment after `/jobs/` (an NCP job token) redacted.
struct UrlWithoutJobToken<'a>(&'a str);

impl fmt::Debug for UrlWithoutJobToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = self.0;
        let path_end = url.find(['?', '#']).unwrap_or(url.len());
        let Some(start) = url[..path_end].find("/jobs/").map(|at| at + "/jobs/".len()) else {
            return fmt::Debug::fmt(url, f);
        };
        let end = url[start..path_end].find('/').map_or(path_end, |at| start + at);
        fmt::Debug::fmt(&format!("{}{REDACTED}{}", &url[..start], &url[end..]), f)
    }
}

/// Serializes an operation's body as JSON.
///
/// The body may hold a secret value, so it is written into a buffer of its exact size: a
/// growing buffer would leave partial copies behind in the memory it gives back.
///
/// Secrets are written as they are (the body is what carries them to the provider).
pub(crate) fn json_body<T: serde::Serialize>(value: &T) -> Option<SecretBytes> {
    const INFALLIBLE: &str =
        "body types are structs of strings, numbers, bools and options, which always serialize";
    Some(crate::secret::to_json_exposing_secrets(value).expect(INFALLIBLE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_bodies_carry_secrets_as_they_are() {
        #[derive(serde::Serialize)]
        struct Body {
            value: crate::SecretString,
            n: u32,
        }
        let body = json_body(&Body { value: "x\"y\u{e9}".into(), n: 7 }).unwrap();
        assert_eq!(std::str::from_utf8(body.expose()).unwrap(), "{\"value\":\"x\\\"y\u{e9}\",\"n\":7}");
    }

    #[test]
    fn debug_hides_sensitive_headers_and_body() {
        let request = HttpRequest {
            method: Method::Post,
            url: "https://example.invalid/x".into(),
            headers: vec![
                Header { name: "X-Auth-Token", value: "tok-secret".into(), sensitive: true },
                Header { name: "Content-Type", value: "application/json".into(), sensitive: false },
            ],
            body: SecretBytes::from(b"{\"value\":\"body-secret\"}".to_vec()),
            idempotent: false,
        };
        let printed = format!("{request:?}");
        assert!(!printed.contains("tok-secret"));
        assert!(!printed.contains("body-secret"));
        assert!(printed.contains("application/json"));
        assert_eq!(request.header("x-auth-token"), Some("tok-secret"));
    }

    #[test]
    fn debug_hides_the_job_token_in_the_url() {
        // Printed as `Debug` prints a string: quoted.
        let printed = |url: &str| format!("{:?}", UrlWithoutJobToken(url));
        let quoted = |url: String| format!("{url:?}");
        assert_eq!(
            printed("https://h/action/v1/secrets/s1/jobs/tok-9/start"),
            quoted(format!("https://h/action/v1/secrets/s1/jobs/{REDACTED}/start"))
        );
        assert_eq!(printed("https://h/x/jobs/tok-9"), quoted(format!("https://h/x/jobs/{REDACTED}")));
        assert_eq!(printed("https://h/x/jobs/tok-9?a=1"), quoted(format!("https://h/x/jobs/{REDACTED}?a=1")));
        let no_job = "https://h/api/v1/secrets/s1?k=/jobs/x";
        assert_eq!(printed(no_job), quoted(no_job.to_owned()));
        let request = HttpRequest {
            method: Method::Post,
            url: "https://h/action/v1/secrets/sid-1/jobs/tok-9/complete".into(),
            headers: Vec::new(),
            body: SecretBytes::default(),
            idempotent: true,
        };
        let printed = format!("{request:?}");
        assert!(!printed.contains("tok-9"), "{printed}");
        assert!(printed.contains("sid-1") && printed.contains("/complete"), "{printed}");
    }
}
