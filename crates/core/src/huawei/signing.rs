//! Huawei Cloud API Gateway signing, `SDK-HMAC-SHA256`.
//!
//! 1. The canonical request is
//!    `METHOD\nURI\nQUERY\nHEADERS\nSIGNED\nhex(sha256(body))` where
//!    * `URI` is the path, each segment percent-encoded (RFC 3986 unreserved characters kept),
//!      always ending in `/`;
//!    * `QUERY` is the parameters sorted by name then value, names and values percent-encoded
//!      (a space is `%20`), joined by `&`;
//!    * `HEADERS` is `lowercase-name:trimmed-value\n` for each signed header;
//!    * `SIGNED` is the lowercase names of the signed headers, sorted, joined by `;` (every
//!      header is signed except those whose name contains `_`).
//! 2. The string to sign is `SDK-HMAC-SHA256\n{X-Sdk-Date}\n{hex(sha256(canonical request))}`.
//! 3. The signature is `hex(HMAC-SHA256(SK, string to sign))`, sent as
//!    `Authorization: SDK-HMAC-SHA256 Access={AK}, SignedHeaders={SIGNED}, Signature={signature}`.
//!
//! The free functions work from what travels on the wire (the percent-encoded path and the raw
//! query string), so a server can recompute a signature from the request it received; the
//! client's [`Signer`] goes through the same functions, so both sides always agree.
//!
//! ```
//! use secretmanager_core::huawei::Credentials;
//! use secretmanager_core::huawei::signing::{self, Authorization, Message, Signer};
//!
//! // Vector 5 of the official Python SDK's tests.
//! let headers = [("Host", "service.endpoint.myhuaweicloud.com"), ("X-Sdk-Date", "20200608T023900Z")];
//! let message = Message { method: "GET", path: "/resources", query: "size=1", headers: &headers, body: b"" };
//! let signer = Signer::new(&Credentials::new("AccessKey", "SecretKey"));
//! let authorization = signer.sign("20200608T023900Z", &message);
//! assert_eq!(
//!     authorization.to_string(),
//!     "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, \
//!      Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"
//! );
//!
//! // A server checks it from what it received.
//! let received = Authorization::parse(&authorization.to_string()).unwrap();
//! let signed: Vec<&str> = received.signed_headers.iter().map(String::as_str).collect();
//! let canonical = signing::canonical_request("GET", "/resources", "size=1", &headers, &signed, b"");
//! let expected = signing::signature(b"SecretKey", &signing::string_to_sign("20200608T023900Z", &canonical));
//! assert_eq!(expected, received.signature);
//! ```

use std::fmt;

use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode, percent_encode};
use sha2::{Digest, Sha256};

use super::Credentials;
use crate::encode::STRICT;

/// The algorithm name, first word of the `Authorization` value and first line of the string
/// to sign.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// The header carrying the signing time, `YYYYMMDDTHHMMSSZ` (UTC).
pub const DATE_HEADER: &str = "X-Sdk-Date";
/// The header carrying the signature.
pub const AUTHORIZATION_HEADER: &str = "Authorization";

/// What is signed of a request, as it travels on the wire.
///
/// `Debug` prints the header names and the body length, never header values or the body,
/// which may hold tokens and secret values.
#[derive(Clone, Copy)]
pub struct Message<'a> {
    /// The method, upper-case (`GET`, `POST`...).
    pub method: &'a str,
    /// The path as sent, percent-encoded (`/v1/…/secrets/db-password/rotate`).
    pub path: &'a str,
    /// The query string as sent, without `?` (empty when there is none).
    pub query: &'a str,
    /// The headers sent, including `Host` and `X-Sdk-Date`.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body bytes.
    pub body: &'a [u8],
}

impl fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| *name).collect();
        f.debug_struct("Message")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The canonical request of a received (or about to be sent) request.
///
/// `path_as_sent` is the percent-encoded path and `query_as_sent` the raw query string (no `?`)
/// as they appear on the wire: both are decoded (a `+` in the query is a space) and encoded
/// again canonically. `signed_headers` are the names to sign (case-insensitive; usually the
/// list of the `Authorization` header); a signed name absent from `headers` gets an empty
/// value, so the signature cannot match.
///
/// ```
/// use secretmanager_core::huawei::signing::canonical_request;
///
/// let headers = [("Host", "kms.example.com"), ("X-Sdk-Date", "20261124T120000Z")];
/// let canonical =
///     canonical_request("GET", "/v1/p/secrets", "marker=a%20b&limit=10", &headers, &["host", "x-sdk-date"], b"");
/// assert_eq!(
///     canonical,
///     "GET\n/v1/p/secrets/\nlimit=10&marker=a%20b\nhost:kms.example.com\nx-sdk-date:20261124T120000Z\n\n\
///      host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
pub fn canonical_request(
    method: &str,
    path_as_sent: &str,
    query_as_sent: &str,
    headers: &[(&str, &str)],
    signed_headers: &[&str],
    body: &[u8],
) -> String {
    let mut out = String::with_capacity(256 + path_as_sent.len() + query_as_sent.len());
    out.push_str(method);
    out.push('\n');
    push_canonical_uri(&mut out, path_as_sent);
    out.push('\n');
    push_canonical_query(&mut out, query_as_sent);
    out.push('\n');
    for name in signed_headers {
        let value = headers
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map_or("", |(_, value)| value.trim());
        push_lowercase(&mut out, name);
        out.push(':');
        out.push_str(value);
        out.push('\n');
    }
    out.push('\n');
    for (i, name) in signed_headers.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        push_lowercase(&mut out, name);
    }
    out.push('\n');
    push_hex(&mut out, &Sha256::digest(body));
    out
}

/// The names to sign among `headers`: lower-case, sorted, without duplicates, leaving out names
/// that contain `_`.
///
/// ```
/// use secretmanager_core::huawei::signing::signed_header_names;
///
/// let headers = [("X-Sdk-Date", "d"), ("Host", "h"), ("x_custom", "v"), ("Content-Type", "t")];
/// assert_eq!(signed_header_names(&headers), ["content-type", "host", "x-sdk-date"]);
/// ```
pub fn signed_header_names(headers: &[(&str, &str)]) -> Vec<String> {
    let mut names: Vec<String> = headers
        .iter()
        .filter(|(name, _)| !name.contains('_'))
        .map(|(name, _)| name.to_ascii_lowercase())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// `SDK-HMAC-SHA256\n{sdk_date}\n{hex(sha256(canonical_request))}`.
///
/// ```
/// use secretmanager_core::huawei::signing::string_to_sign;
///
/// assert_eq!(
///     string_to_sign("20191115T033655Z", ""),
///     "SDK-HMAC-SHA256\n20191115T033655Z\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
pub fn string_to_sign(sdk_date: &str, canonical_request: &str) -> String {
    let mut out = String::with_capacity(ALGORITHM.len() + sdk_date.len() + 66);
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(sdk_date);
    out.push('\n');
    push_hex(&mut out, &Sha256::digest(canonical_request.as_bytes()));
    out
}

/// `hex(HMAC-SHA256(secret_key, string_to_sign))`, 64 lower-case hex digits.
///
/// ```
/// use secretmanager_core::huawei::signing::signature;
///
/// assert_eq!(signature(b"key", "").len(), 64);
/// ```
pub fn signature(secret_key: &[u8], string_to_sign: &str) -> String {
    let mac = Hmac::<Sha256>::new_from_slice(secret_key).expect("HMAC accepts keys of any length");
    hex_mac(mac, string_to_sign)
}

/// Finishes `mac` over `string_to_sign`, as lower-case hex.
fn hex_mac(mut mac: Hmac<Sha256>, string_to_sign: &str) -> String {
    mac.update(string_to_sign.as_bytes());
    let mut out = String::with_capacity(64);
    push_hex(&mut out, &mac.finalize().into_bytes());
    out
}

/// The value of an `Authorization` header: who signed, which headers, and the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// The access key (`Access=`).
    pub access_key: String,
    /// The signed header names, in the order given (`SignedHeaders=`, split on `;`).
    pub signed_headers: Vec<String>,
    /// The hex signature (`Signature=`).
    pub signature: String,
}

impl Authorization {
    /// Reads `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` (parts in any order,
    /// spaces after commas optional). `None` when the algorithm differs or a part is missing
    /// or empty.
    ///
    /// ```
    /// use secretmanager_core::huawei::signing::Authorization;
    ///
    /// let parsed = Authorization::parse("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=ab12")
    ///     .unwrap();
    /// assert_eq!(parsed.access_key, "AK");
    /// assert_eq!(parsed.signed_headers, ["host", "x-sdk-date"]);
    /// assert!(Authorization::parse("Bearer xyz").is_none());
    /// ```
    pub fn parse(value: &str) -> Option<Self> {
        let rest = value.trim().strip_prefix(ALGORITHM)?;
        if !rest.starts_with(' ') {
            return None;
        }
        let (mut access_key, mut signed_headers, mut signature) = (None, None, None);
        for part in rest.split(',') {
            let (name, value) = part.trim().split_once('=')?;
            let slot = match name.trim() {
                "Access" => &mut access_key,
                "SignedHeaders" => &mut signed_headers,
                "Signature" => &mut signature,
                _ => return None,
            };
            let value = value.trim();
            if value.is_empty() || slot.is_some() {
                return None;
            }
            *slot = Some(value);
        }
        let signed_headers: Vec<String> = signed_headers?.split(';').map(str::to_owned).collect();
        if signed_headers.iter().any(String::is_empty) {
            return None;
        }
        Some(Self { access_key: access_key?.to_owned(), signed_headers, signature: signature?.to_owned() })
    }
}

impl fmt::Display for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{ALGORITHM} Access={}, SignedHeaders={}, Signature={}",
            self.access_key,
            self.signed_headers.join(";"),
            self.signature
        )
    }
}

/// Signs requests with one access key and secret key.
///
/// The HMAC key schedule is computed once, in [`Signer::new`]. See the [module](self) for an
/// example.
#[derive(Clone)]
pub struct Signer {
    access_key: String,
    keyed: Hmac<Sha256>,
}

impl Signer {
    /// Prepares a signer for `credentials`.
    pub fn new(credentials: &Credentials) -> Self {
        let keyed = Hmac::<Sha256>::new_from_slice(credentials.secret_key().expose().as_bytes())
            .expect("HMAC accepts keys of any length");
        Self { access_key: credentials.access_key().to_owned(), keyed }
    }

    /// The access key this signer signs for.
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// Signs `message` at `sdk_date` (the value of its `X-Sdk-Date` header), signing every
    /// header of the message whose name has no `_`.
    pub fn sign(&self, sdk_date: &str, message: &Message<'_>) -> Authorization {
        let signed_headers = signed_header_names(message.headers);
        let names: Vec<&str> = signed_headers.iter().map(String::as_str).collect();
        let canonical = canonical_request(
            message.method,
            message.path,
            message.query,
            message.headers,
            &names,
            message.body,
        );
        let signature = hex_mac(self.keyed.clone(), &string_to_sign(sdk_date, &canonical));
        Authorization { access_key: self.access_key.clone(), signed_headers, signature }
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer").field("access_key", &self.access_key).finish_non_exhaustive()
    }
}

/// Appends the canonical URI of a percent-encoded path: decoded, split on `/`, each segment
/// encoded again, ending in `/`.
fn push_canonical_uri(out: &mut String, path_as_sent: &str) {
    let decoded: Vec<u8> = percent_decode(path_as_sent.as_bytes()).collect();
    for (i, segment) in decoded.split(|&b| b == b'/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.extend(percent_encode(segment, STRICT));
    }
    if !out.ends_with('/') {
        out.push('/');
    }
}

/// Appends the canonical query of a raw query string.
fn push_canonical_query(out: &mut String, query_as_sent: &str) {
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = query_as_sent
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_query_part(name), decode_query_part(value))
        })
        .collect();
    pairs.sort_unstable();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.extend(percent_encode(name, STRICT));
        out.push('=');
        out.extend(percent_encode(value, STRICT));
    }
}

/// Decodes one name or value of a query string: `+` is a space, `%XX` a byte.
fn decode_query_part(part: &str) -> Vec<u8> {
    let spaced: Vec<u8> = part.bytes().map(|b| if b == b'+' { b' ' } else { b }).collect();
    percent_decode(&spaced).collect()
}

fn push_lowercase(out: &mut String, name: &str) {
    out.extend(name.chars().map(|c| c.to_ascii_lowercase()));
}

/// Appends `bytes` as lower-case hex.
fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROJECT_AK: &str = "HWAKEXAMPLE0000000001";
    const PROJECT_SK: &str = "HWSKexample/SecretKey+0000000000000001";
    const DATE: &str = "20261124T120000Z";

    /// Signs with the client signer and checks the result against the expected signature,
    /// then verifies it the way a server does, from the parsed header.
    fn check(ak: &str, sk: &str, date: &str, message: Message<'_>, signed: &str, expected: &str) {
        let authorization = Signer::new(&Credentials::new(ak, sk)).sign(date, &message);
        assert_eq!(authorization.signed_headers.join(";"), signed);
        assert_eq!(authorization.signature, expected);
        let header = authorization.to_string();
        assert_eq!(
            header,
            format!("SDK-HMAC-SHA256 Access={ak}, SignedHeaders={signed}, Signature={expected}")
        );
        let parsed = Authorization::parse(&header).unwrap();
        assert_eq!(parsed, authorization);
        let names: Vec<&str> = parsed.signed_headers.iter().map(String::as_str).collect();
        let canonical = canonical_request(
            message.method,
            message.path,
            message.query,
            message.headers,
            &names,
            message.body,
        );
        assert_eq!(signature(sk.as_bytes(), &string_to_sign(date, &canonical)), expected);
    }

    #[test]
    fn vector_1_rotate_secret() {
        let headers = [
            ("Content-Type", "application/json;charset=UTF-8"),
            ("X-Project-Id", "0123456789abcdef0123456789abcdef"),
            ("Host", "kms.cn-north-4.myhuaweicloud.com"),
            ("X-Sdk-Date", DATE),
        ];
        let message = Message {
            method: "POST",
            path: "/v1/0123456789abcdef0123456789abcdef/secrets/db-password/rotate",
            query: "",
            headers: &headers,
            body: b"",
        };
        check(
            PROJECT_AK,
            PROJECT_SK,
            DATE,
            message,
            "content-type;host;x-project-id;x-sdk-date",
            "d95c56da10e75f4427b97b546b5d13c7f6836a106f36f17c9901d42a54a4ff68",
        );
    }

    #[test]
    fn vector_2_query_needing_escapes() {
        let headers = [
            ("Content-Type", "application/json"),
            ("Host", "kms.ap-southeast-1.myhuaweicloud.com"),
            ("X-Sdk-Date", DATE),
        ];
        let expected = "f5e51d3a748bb86680ee62f581babbc32f72508aa22ff98d43ba947da376ee0c";
        // The same parameters in any order and with `+` or `%20` for the space sign the same.
        for query in ["marker=a%20b%2Fc&limit=10", "limit=10&marker=a+b%2Fc", "limit=10&marker=a%20b/c"] {
            let message = Message {
                method: "GET",
                path: "/v1/0123456789abcdef0123456789abcdef/secrets",
                query,
                headers: &headers,
                body: b"",
            };
            check(PROJECT_AK, PROJECT_SK, DATE, message, "content-type;host;x-sdk-date", expected);
        }
    }

    #[test]
    fn vector_3_body() {
        let headers = [
            ("Content-Type", "application/json"),
            ("Host", "kms.cn-north-4.myhuaweicloud.com"),
            ("X-Sdk-Date", DATE),
        ];
        let message = Message {
            method: "POST",
            path: "/v1/0123456789abcdef0123456789abcdef/secrets",
            query: "",
            headers: &headers,
            body: br#"{"name":"db-password","secret_string":"{\"password\":\"s3cr3t\"}"}"#,
        };
        check(
            PROJECT_AK,
            PROJECT_SK,
            DATE,
            message,
            "content-type;host;x-sdk-date",
            "e459ae2fd69673cea8c5c4920c5df9c92bb31400c8d578672731ce685a0142b7",
        );
    }

    #[test]
    fn vector_4_signing_guide_with_canonical_hash() {
        let headers = [
            ("Content-Type", "application/json"),
            ("Host", "service.region.example.com"),
            ("X-Sdk-Date", "20191115T033655Z"),
        ];
        let message = Message {
            method: "GET",
            path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            query: "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
            headers: &headers,
            body: b"",
        };
        let canonical = canonical_request(
            message.method,
            message.path,
            message.query,
            &headers,
            &["content-type", "host", "x-sdk-date"],
            b"",
        );
        let sts = string_to_sign("20191115T033655Z", &canonical);
        assert_eq!(
            sts.rsplit('\n').next(),
            Some("b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a")
        );
        check(
            "QTWAOYTTINDUT2QVKYUC",
            "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
            "20191115T033655Z",
            message,
            "content-type;host;x-sdk-date",
            "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
        );
    }

    #[test]
    fn vector_5_python_sdk() {
        let date = "20200608T023900Z";
        let headers = [("Host", "service.endpoint.myhuaweicloud.com"), ("X-Sdk-Date", date)];
        let cases: [(&str, &[u8], &str); 2] = [
            ("GET", b"", "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"),
            (
                "POST",
                br#"{"name":"test","id":1}"#,
                "436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f",
            ),
        ];
        for (method, body, expected) in cases {
            let message = Message { method, path: "/resources", query: "size=1", headers: &headers, body };
            check("AccessKey", "SecretKey", date, message, "host;x-sdk-date", expected);
        }
    }

    #[test]
    fn vector_6_java_sdk() {
        let date = "20191115T033655Z";
        let headers = [("Host", "service.region.example.com"), ("X-Sdk-Date", date)];
        let cases: [(&str, &str, &str, &[u8], &str); 2] = [
            (
                "GET",
                "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
                "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
                b"",
                "fd95e7da6f695cfb4cabbb9d6b0968aec155bc576b064835282473539ae9ea1d",
            ),
            (
                "POST",
                "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpc/123",
                "",
                br#"{"key":"value"}"#,
                "b5649aa774f6cac7437631662f08815fc65c70e40e486df6db2436ce68902771",
            ),
        ];
        for (method, path, query, body, expected) in cases {
            let message = Message { method, path, query, headers: &headers, body };
            check("AccessKey", "SecretKey", date, message, "host;x-sdk-date", expected);
        }
    }

    #[test]
    fn canonical_uri_encodes_segments_and_ends_in_slash() {
        let canonical = |path: &str| {
            let text = canonical_request("GET", path, "", &[], &[], b"");
            text.lines().nth(1).unwrap().to_owned()
        };
        assert_eq!(canonical("/"), "/");
        assert_eq!(canonical(""), "/");
        assert_eq!(canonical("/a/"), "/a/");
        assert_eq!(canonical("/a%20b/c~d_e.f-g"), "/a%20b/c~d_e.f-g/");
        assert_eq!(canonical("/%7e%41/%c3%a9"), "/~A/%C3%A9/");
        assert_eq!(canonical("/a:b@c"), "/a%3Ab%40c/");
    }

    #[test]
    fn canonical_query_sorts_names_then_values_and_escapes() {
        let canonical = |query: &str| {
            let text = canonical_request("GET", "/", query, &[], &[], b"");
            text.lines().nth(2).unwrap().to_owned()
        };
        assert_eq!(canonical(""), "");
        assert_eq!(canonical("b=2&a=1"), "a=1&b=2");
        // Repeated names keep every value, sorted by value.
        assert_eq!(canonical("k=z&k=a&j=m&k=b"), "j=m&k=a&k=b&k=z");
        // A name without `=` has an empty value; empty pairs are dropped.
        assert_eq!(canonical("flag&&x="), "flag=&x=");
        // Reserved characters are escaped, unreserved ones unescaped.
        assert_eq!(canonical("q=a%26b%3Dc%2B&n%7E=%2D"), "n~=-&q=a%26b%3Dc%2B");
        assert_eq!(canonical("event_name=%E4%BA%8B"), "event_name=%E4%BA%8B");
    }

    #[test]
    fn headers_with_underscores_are_not_signed_and_values_are_trimmed() {
        let headers = [
            ("X-Sdk-Date", DATE),
            ("Host", " kms.example.com  "),
            ("X_Custom_Header", "left out"),
            ("content-type", "application/json"),
        ];
        let names = signed_header_names(&headers);
        assert_eq!(names, ["content-type", "host", "x-sdk-date"]);
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let canonical = canonical_request("GET", "/", "", &headers, &refs, b"");
        assert!(canonical.contains("\nhost:kms.example.com\n"));
        assert!(!canonical.contains("x_custom_header"));
        // Changing the unsigned header leaves the signature as it was; a signed one changes it.
        let signer = Signer::new(&Credentials::new("AK", "SK"));
        let message = |headers: &[(&str, &str)]| {
            let owned: Vec<(&str, &str)> = headers.to_vec();
            signer
                .sign(DATE, &Message { method: "GET", path: "/", query: "", headers: &owned, body: b"" })
                .signature
        };
        let base = message(&headers);
        let mut other = headers;
        other[2].1 = "changed";
        assert_eq!(message(&other), base);
        other[1].1 = "kms2.example.com";
        assert_ne!(message(&other), base);
    }

    #[test]
    fn authorization_parse_rejects_malformed_values() {
        for bad in [
            "",
            "SDK-HMAC-SHA256",
            "SDK-HMAC-SHA256Access=a, SignedHeaders=h, Signature=s",
            "HMAC-SHA256 Access=a, SignedHeaders=h, Signature=s",
            "SDK-HMAC-SHA256 Access=a, SignedHeaders=h",
            "SDK-HMAC-SHA256 Access=, SignedHeaders=h, Signature=s",
            "SDK-HMAC-SHA256 Access=a, SignedHeaders=h;;x, Signature=s",
            "SDK-HMAC-SHA256 Access=a, Access=b, SignedHeaders=h, Signature=s",
            "SDK-HMAC-SHA256 Access=a, SignedHeaders=h, Signature=s, Extra=1",
            "SDK-HMAC-SHA256 Access=a SignedHeaders=h Signature=s",
        ] {
            assert_eq!(Authorization::parse(bad), None, "{bad:?}");
        }
        let parsed = Authorization::parse("SDK-HMAC-SHA256 Signature=s,Access=a,SignedHeaders=host").unwrap();
        assert_eq!((parsed.access_key.as_str(), parsed.signature.as_str()), ("a", "s"));
        assert_eq!(parsed.signed_headers, ["host"]);
    }

    #[test]
    fn every_input_changes_the_signature() {
        let headers = [("Host", "h"), ("X-Sdk-Date", DATE)];
        let sign = |sk: &str, method: &str, path: &str, query: &str, body: &[u8], date: &str| {
            let message = Message { method, path, query, headers: &headers, body };
            Signer::new(&Credentials::new("AK", sk)).sign(date, &message).signature
        };
        let base = sign("SK", "GET", "/a", "x=1", b"", DATE);
        assert_ne!(base, sign("SK2", "GET", "/a", "x=1", b"", DATE));
        assert_ne!(base, sign("SK", "POST", "/a", "x=1", b"", DATE));
        assert_ne!(base, sign("SK", "GET", "/b", "x=1", b"", DATE));
        assert_ne!(base, sign("SK", "GET", "/a", "x=2", b"", DATE));
        assert_ne!(base, sign("SK", "GET", "/a", "x=1", b"{}", DATE));
        assert_ne!(base, sign("SK", "GET", "/a", "x=1", b"", "20261124T120001Z"));
    }

    #[test]
    fn debug_does_not_leak_the_key_tokens_or_body() {
        let signer = Signer::new(&Credentials::new("AK", "very-secret-key"));
        assert!(!format!("{signer:?}").contains("very-secret-key"));
        let headers = [("X-Security-Token", "token-value"), ("Host", "h")];
        let message =
            Message { method: "POST", path: "/p", query: "", headers: &headers, body: b"body-secret" };
        let printed = format!("{message:?}");
        assert!(!printed.contains("token-value") && !printed.contains("body-secret"));
        assert!(printed.contains("X-Security-Token") && printed.contains("body_len: 11"));
    }

    proptest::proptest! {
        /// Whatever the names and values, the query a client encodes canonicalizes to the same
        /// text in any order, and decodes back to the exact values.
        #[test]
        fn encoded_queries_canonicalize_independently_of_order(
            pairs in proptest::collection::vec(("\\PC{0,8}", "\\PC{0,8}"), 0..6)
        ) {
            let encode = |pairs: &[(String, String)]| {
                let mut out = String::new();
                let mut query = crate::encode::Query::new(&mut out);
                for (name, value) in pairs {
                    query.pair(name, value);
                }
                out.trim_start_matches('?').to_owned()
            };
            let canonical = |query: &str| canonical_request("GET", "/", query, &[], &[], b"");
            let forward = encode(&pairs);
            let mut reversed = pairs.clone();
            reversed.reverse();
            proptest::prop_assert_eq!(canonical(&forward), canonical(&encode(&reversed)));
            let mut sorted: Vec<(Vec<u8>, Vec<u8>)> =
                pairs.iter().map(|(n, v)| (n.clone().into_bytes(), v.clone().into_bytes())).collect();
            sorted.sort();
            let expected: Vec<String> = sorted
                .iter()
                .map(|(n, v)| format!("{}={}", percent_encode(n, STRICT), percent_encode(v, STRICT)))
                .collect();
            let line = canonical(&forward).lines().nth(2).unwrap_or("").to_owned();
            proptest::prop_assert_eq!(line, expected.join("&"));
        }
    }
}
