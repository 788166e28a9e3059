//! Percent-encoding of path segments and query strings, shared by both providers.
//!
//! Everything but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded, so a
//! space is `%20` (never `+`) and the bytes sent are exactly the bytes signed.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Bytes that are encoded: all but the RFC 3986 unreserved set.
pub(crate) const STRICT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Appends `segment` to `out`, percent-encoded.
pub(crate) fn push_segment(out: &mut String, segment: &str) {
    out.extend(utf8_percent_encode(segment, STRICT));
}

/// A query string under construction: `?a=1&b=x%20y`.
#[derive(Debug)]
pub(crate) struct Query<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Query<'a> {
    /// Starts a query string appended to `out`.
    pub(crate) fn new(out: &'a mut String) -> Self {
        Self { out, first: true }
    }

    /// Appends `name=value`, percent-encoding both.
    pub(crate) fn pair(&mut self, name: &str, value: &str) -> &mut Self {
        self.out.push(if self.first { '?' } else { '&' });
        self.first = false;
        push_segment(self.out, name);
        self.out.push('=');
        push_segment(self.out, value);
        self
    }

    /// Appends `name=value` when `value` is present.
    pub(crate) fn optional<T: ToString>(&mut self, name: &str, value: Option<T>) -> &mut Self {
        if let Some(value) = value {
            self.pair(name, &value.to_string());
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_keep_unreserved_and_encode_the_rest() {
        let mut out = String::new();
        push_segment(&mut out, "aZ09-._~ /?#%+é");
        assert_eq!(out, "aZ09-._~%20%2F%3F%23%25%2B%C3%A9");
    }

    #[test]
    fn query_joins_pairs_in_order() {
        let mut out = String::from("/p");
        Query::new(&mut out)
            .pair("keyword", "Get Secret Log")
            .optional("pageNo", Some(1))
            .optional::<u32>("absent", None)
            .pair("x", "a&b=c");
        assert_eq!(out, "/p?keyword=Get%20Secret%20Log&pageNo=1&x=a%26b%3Dc");
    }
}
