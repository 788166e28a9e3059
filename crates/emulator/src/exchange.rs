//! A received request and the answer to it, independent of the HTTP server library.

use std::fmt;

/// A request as received: method, raw target, headers and body. `Debug` shows the method
/// and path only (headers carry signatures and tokens, bodies carry secret values).
#[derive(Clone)]
pub(crate) struct Incoming {
    /// The method, upper-case.
    pub(crate) method: String,
    /// The request target exactly as received (`/path?query`).
    pub(crate) raw_url: String,
    /// The headers, in the order received.
    pub(crate) headers: Vec<(String, String)>,
    /// The body bytes.
    pub(crate) body: Vec<u8>,
}

impl fmt::Debug for Incoming {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Incoming")
            .field("method", &self.method)
            .field("path", &self.path())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply").field("status", &self.status).finish_non_exhaustive()
    }
}

impl Incoming {
    /// The path, without the query.
    pub(crate) fn path(&self) -> &str {
        self.raw_url.split_once('?').map_or(self.raw_url.as_str(), |(path, _)| path)
    }

    /// The raw query string, without `?` (empty when there is none).
    pub(crate) fn query(&self) -> &str {
        self.raw_url.split_once('?').map_or("", |(_, query)| query)
    }

    /// The first header called `name` (ASCII case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The decoded value of query parameter `name` (`+` is a space), first occurrence.
    pub(crate) fn query_param(&self, name: &str) -> Option<String> {
        self.query().split('&').filter(|p| !p.is_empty()).find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key) == name).then(|| decode(value))
        })
    }
}

/// Percent-decodes a query component (`+` is a space), replacing invalid UTF-8.
pub(crate) fn decode(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

/// An answer: status, JSON body and extra headers. `Debug` hides the body (it may hold a
/// secret value).
#[derive(Clone, PartialEq)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: serde_json::Value,
    pub(crate) headers: Vec<(String, String)>,
}

impl Reply {
    /// A JSON answer.
    pub(crate) fn json(status: u16, body: serde_json::Value) -> Self {
        Self { status, body, headers: Vec::new() }
    }

    /// Adds a header.
    pub(crate) fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }
}

/// A JSON object of `fields`, leaving out those whose value is `null` (answers omit unset
/// fields rather than sending `null`).
pub(crate) fn object_without_nulls<'a>(
    fields: impl IntoIterator<Item = (&'a str, serde_json::Value)>,
) -> serde_json::Value {
    let object =
        fields.into_iter().filter(|(_, value)| !value.is_null()).map(|(key, value)| (key.to_owned(), value));
    serde_json::Value::Object(object.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_without_nulls_keeps_order_and_drops_nulls() {
        let object = object_without_nulls([
            ("a", serde_json::json!(1)),
            ("b", serde_json::Value::Null),
            ("c", serde_json::json!("")),
        ]);
        assert_eq!(object, serde_json::json!({"a": 1, "c": ""}));
        assert_eq!(object_without_nulls([("x", serde_json::Value::Null)]), serde_json::json!({}));
    }

    fn incoming(url: &str) -> Incoming {
        Incoming { method: "GET".into(), raw_url: url.into(), headers: vec![], body: vec![] }
    }

    #[test]
    fn debug_hides_headers_and_bodies() {
        let mut rq = incoming("/api/v1/secrets?x=1");
        rq.headers.push(("X-Auth-Token".into(), "hidden-token".into()));
        rq.body = b"hidden-body".to_vec();
        let reply = Reply::json(200, serde_json::json!({"value": "hidden-value"}));
        let printed = format!("{rq:?} {reply:?}");
        assert!(printed.contains("/api/v1/secrets") && printed.contains("200"));
        assert!(!printed.contains("hidden"));
    }

    #[test]
    fn splits_path_and_query_and_decodes_parameters() {
        let rq = incoming("/api/v1/secrets/x/logs?pageNo=2&keyword=Get%20Secret+Log&flag");
        assert_eq!(rq.path(), "/api/v1/secrets/x/logs");
        assert_eq!(rq.query(), "pageNo=2&keyword=Get%20Secret+Log&flag");
        assert_eq!(rq.query_param("pageNo").as_deref(), Some("2"));
        assert_eq!(rq.query_param("keyword").as_deref(), Some("Get Secret Log"));
        assert_eq!(rq.query_param("flag").as_deref(), Some(""));
        assert_eq!(rq.query_param("missing"), None);
        assert_eq!(incoming("/a").query(), "");
    }
}
